"""``manage.py evaluate_history [FILE]``: the criteria engine from the command line.

Reads one JSON object or a list of them from FILE or stdin and prints the determinations as JSON
(issue 3, "The command-line contract"; issue 15 adds ``review_reasons`` and ``missing_evidence``
after the v1 keys). Invalid input exits with status 2 and one line on stderr naming the field:
among others a number outside its range (a 400-digit integer included) and a key repeated in one
JSON object, which ``criteria.loads_input`` refuses through ``object_pairs_hook`` rather than let
the last one win. All the rules live in ``screening.criteria``; this file only does the I/O.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from screening.criteria import InvalidFacts, evaluate_input, loads_input

INVALID_INPUT = 2


class Command(BaseCommand):
    help = (
        "Evaluate medication histories with the TRD criteria engine. Input: one JSON object or a"
        " list of them, from FILE or stdin; output: the determinations as JSON."
    )
    # Pure computation: no database, so no system checks to wait for.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "file", nargs="?", default="-", help="JSON file to read (default: stdin, or -)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            output = evaluate_input(loads_input(self._read(options["file"])))
        except InvalidFacts as error:
            raise CommandError(str(error), returncode=INVALID_INPUT) from None
        self.stdout.write(json.dumps(output, indent=2))

    def _read(self, name: str) -> str:
        try:
            raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as error:
            raise CommandError(
                f"file: cannot read {name!r} ({error.strerror or error})", returncode=INVALID_INPUT
            ) from None
        try:
            # utf-8-sig: a byte-order mark from a Windows editor is not an error.
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError("input: not UTF-8 text", returncode=INVALID_INPUT) from None
