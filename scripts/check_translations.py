"""Fail when a patient-facing string is left untranslated or fuzzy in a shipped language.

Usage: python scripts/check_translations.py es pt_BR   (run by `make lint`, issue 19)

Reads locale/<locale>/LC_MESSAGES/django.po (the catalogues `make messages` writes; staff
templates are not collected, the staff workspace stays English). An entry fails when any of its
msgstr is empty or it is marked fuzzy (a guess by msgmerge that nobody has checked). The header
entry (empty msgid) is not a string to translate.
"""

import sys
from dataclasses import dataclass, field
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


@dataclass
class Entry:
    msgid: str = ""
    msgstrs: list[str] = field(default_factory=list)
    fuzzy: bool = False
    obsolete: bool = False


def _unquote(text: str) -> str:
    text = text.strip()
    if not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"not a quoted string: {text!r}")
    return text[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


def parse(path: Path) -> list[Entry]:
    """A minimal reader of the PO files GNU gettext writes (one entry per blank-line block)."""
    entries: list[Entry] = []
    current = Entry()
    target: str | None = None
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in [*lines, ""]:
        if not line.strip():
            if target is not None:
                entries.append(current)
            current, target = Entry(), None
            continue
        if line.startswith("#~"):
            current.obsolete = True
            target = target or "obsolete"
            continue
        if line.startswith("#,"):
            current.fuzzy = current.fuzzy or "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        if line.startswith("msgid_plural") or line.startswith("msgctxt"):
            target = "other"
            continue
        if line.startswith("msgid "):
            target = "msgid"
            current.msgid = _unquote(line[len("msgid ") :])
            continue
        if line.startswith("msgstr"):
            target = "msgstr"
            current.msgstrs.append(_unquote(line.split(" ", 1)[1]))
            continue
        if line.startswith('"'):
            if target == "msgid":
                current.msgid += _unquote(line)
            elif target == "msgstr":
                current.msgstrs[-1] += _unquote(line)
    return entries


def problems(locale: str) -> list[str]:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return [f"{path}: missing (run `make messages`)"]
    found = []
    for entry in parse(path):
        if entry.obsolete or entry.msgid == "":
            continue
        if entry.fuzzy:
            found.append(f"{locale}: fuzzy: {entry.msgid[:90]!r}")
        elif not entry.msgstrs or any(not text for text in entry.msgstrs):
            found.append(f"{locale}: untranslated: {entry.msgid[:90]!r}")
    return found


def main(locales: list[str]) -> int:
    found = [problem for locale in locales for problem in problems(locale)]
    for problem in found:
        print(problem)
    if found:
        print(f"{len(found)} string(s) untranslated or fuzzy; translate them in the .po files.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["es", "pt_BR"]))
