import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from screening.models import Location


@pytest.mark.django_db
def test_demo_data_is_idempotent(settings, tmp_path):
    settings.DEBUG = False
    call_command("load_demo_data")
    call_command("load_demo_data")
    assert sorted(Location.objects.values_list("town", flat=True)) == ["Danvers", "Woburn"]
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_demo_staff_account_only_in_debug_and_its_login_is_printed_once(settings, tmp_path, capsys):
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    call_command("load_demo_data")
    first = capsys.readouterr().out
    call_command("load_demo_data")
    second = capsys.readouterr().out
    password = (tmp_path / "demo-staff-login.txt").read_text().split("password: ")[1].strip()
    assert password in first
    assert password not in second
    user = get_user_model().objects.get(username="demo")
    assert user.check_password(password)
