"""Issue 19: `make lint`'s translation check fails on an untranslated or fuzzy string, and the
shipped Spanish and Portuguese catalogues pass it."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_translations.py"
spec = importlib.util.spec_from_file_location("check_translations", SCRIPT)
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)  # type: ignore[union-attr]

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def catalogue(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(HEADER + body, encoding="utf-8")
    return tmp_path


def test_the_shipped_catalogues_are_complete():
    assert check.problems("es") == [] and check.problems("pt_BR") == []


def test_an_empty_a_fuzzy_and_a_half_plural_entry_fail(tmp_path, monkeypatch):
    body = (
        'msgid "Hello"\nmsgstr "Hola"\n\n'
        'msgid "Untranslated"\nmsgstr ""\n\n'
        '#, fuzzy, python-format\nmsgid "Guessed %(x)s"\nmsgstr "Adivinado %(x)s"\n\n'
        'msgid "One day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "Un día"\nmsgstr[1] ""\n\n'
        'msgid ""\n"A long one "\n"on two lines"\nmsgstr ""\n"Una larga "\n"en dos líneas"\n\n'
        '#~ msgid "Gone"\n#~ msgstr ""\n'
    )
    monkeypatch.setattr(check, "LOCALE_DIR", catalogue(tmp_path, body))
    found = check.problems("xx")
    assert found == [
        "xx: untranslated: 'Untranslated'",
        "xx: fuzzy: 'Guessed %(x)s'",
        "xx: untranslated: 'One day'",
    ]
    assert check.main(["xx"]) == 1


def test_a_missing_catalogue_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(check, "LOCALE_DIR", tmp_path)
    assert check.main(["xx"]) == 1
