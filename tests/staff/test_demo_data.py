"""`make run` shows a live queue: demo cases and the demo account in the admin group (DEBUG)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from screening.models import Submission
from screening.staff.roles import ADMIN, DEMO_USERNAME, role_of

pytestmark = pytest.mark.django_db


def test_in_debug_demo_cases_cover_every_verdict_and_an_urgent_one(settings, tmp_path):
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    call_command("load_demo_data")
    cases = Submission.objects.filter(state="submitted").select_related("current_determination")
    verdicts = {case.current_determination.verdict for case in cases}
    assert verdicts == {"meets", "needs_review", "does_not_meet"}
    assert any(case.urgent for case in cases)
    assert all(case.preferred_location_id or case.first_name for case in cases)
    call_command("load_demo_data")
    assert Submission.objects.count() == len(cases)


def test_the_demo_account_is_in_the_admin_group(settings, tmp_path):
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    call_command("load_demo_data")
    demo = get_user_model().objects.get(username=DEMO_USERNAME)
    assert demo.groups.filter(name=ADMIN).exists()
    assert role_of(demo) == ADMIN


def test_without_debug_there_are_no_demo_cases(settings):
    settings.DEBUG = False
    call_command("load_demo_data")
    assert not Submission.objects.exists()


def test_on_a_fresh_checkout_the_login_file_is_made_with_its_folder_owner_only(settings, tmp_path):
    """`manage.py load_demo_data` before anything made var/ once created the account and then
    failed to write its password down (FileNotFoundError), leaving a login nobody knew."""
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path / "var"  # does not exist yet
    call_command("load_demo_data")
    login = settings.VAR_DIR / "demo-staff-login.txt"
    assert login.stat().st_mode & 0o777 == 0o600
    password = login.read_text().split("password: ")[1].strip()
    assert get_user_model().objects.get(username=DEMO_USERNAME).check_password(password)
