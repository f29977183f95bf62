"""The reminder kinds table (screening/reminders/kinds.py) is the one place a kind is described."""

from pathlib import Path

from django.conf import settings

from screening.models import Reminder
from screening.reminders.kinds import KINDS, PATIENT, PATIENT_KINDS, STAFF, STAFF_KINDS

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_the_table_describes_every_reminder_kind_the_model_allows():
    assert set(KINDS) == set(Reminder.Kind.values)


def test_every_kind_is_for_patients_or_for_staff_never_both():
    assert set(PATIENT_KINDS) | set(STAFF_KINDS) == set(KINDS)
    assert not set(PATIENT_KINDS) & set(STAFF_KINDS)
    assert all(spec.audience in (PATIENT, STAFF) for spec in KINDS.values())


def test_staff_kinds_name_their_recipients_and_patient_kinds_do_not():
    for spec in KINDS.values():
        assert (spec.recipients is not None) == (spec.audience == STAFF), spec.kind


def test_every_kind_has_its_templates():
    for kind, spec in KINDS.items():
        assert (TEMPLATES / "email" / f"{kind}.txt").is_file(), kind
        assert (TEMPLATES / "email" / f"{kind}.html").is_file(), kind
        if spec.audience == PATIENT:
            assert (TEMPLATES / "sms" / f"{kind}.txt").is_file(), kind


def test_subjects_carry_nothing_but_the_clinic_and_the_day():
    for spec in KINDS.values():
        fields = {part.split("}")[0] for part in spec.subject.split("{")[1:]}
        assert fields <= {"clinic", "day"}, spec.kind
