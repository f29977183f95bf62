"""Build locale/*/LC_MESSAGES/django.mo from the committed .po files, in pure Python.

Django's own compilemessages shells out to GNU gettext's msgfmt, which a fresh machine with
nothing but Python does not have, and `make run` must work there (README). polib writes the
same .mo format; fuzzy entries are left out, as msgfmt leaves them out by default. Only a .mo
older than its .po is rebuilt, so running it on every install costs nothing.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po -> .mo) without GNU gettext."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--force", action="store_true", help="rebuild every .mo")

    def handle(self, *args: object, force: bool = False, **options: object) -> None:
        built = 0
        for directory in settings.LOCALE_PATHS:
            for po_path in sorted(Path(directory).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                fresh = mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime
                if fresh and not force:
                    continue
                catalogue = polib.pofile(str(po_path))
                for entry in catalogue.fuzzy_entries():
                    catalogue.remove(entry)
                catalogue.save_as_mofile(str(mo_path))
                built += 1
        if int(str(options.get("verbosity", 1))) > 0:
            self.stdout.write(f"compiled {built} catalogue(s)")
