"""screening.security.links, the one place the emailed links are made and spent: only a hash is
kept, the reasons come in a fixed order, and two clicks at once open a link once."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from screening.models import CheckinLink
from screening.reminders.checkins import CheckinLinkInvalid
from screening.security.links import LinkRefused, link_create, link_find, link_spend, token_hash
from tests.reminders.conftest import canary_case

pytestmark = pytest.mark.django_db(transaction=True)

VALID = timedelta(days=3)


@pytest.fixture
def case():
    return canary_case(now=timezone.now() - timedelta(days=1))


def new_link(case, now) -> str:
    return link_create(CheckinLink, now=now, valid_for=VALID, submission=case)


def spend(token: str, now, **checks):
    return link_spend(
        CheckinLink.objects.all(), token=token, now=now, refused=CheckinLinkInvalid, **checks
    )


def refusal(token: str, now, **checks) -> str:
    with pytest.raises(LinkRefused) as refused:
        spend(token, now, **checks)
    assert isinstance(refused.value, CheckinLinkInvalid)  # the kind's own exception
    return refused.value.reason


def test_only_a_hash_is_kept_and_the_link_expires_when_asked(case):
    now = timezone.now()
    token = new_link(case, now)
    assert len(token) >= 43  # 32 random bytes, URL-safe
    [row] = CheckinLink.objects.values("token_hash", "created_at", "expires_at")
    assert row["token_hash"] == token_hash(token) and token not in row["token_hash"]
    assert row["created_at"] == now and row["expires_at"] == now + VALID
    assert link_find(CheckinLink.objects.all(), token) is not None
    assert link_find(CheckinLink.objects.all(), token + "x") is None
    assert new_link(case, now) != token  # fresh every time


def test_the_reasons_come_in_order_and_a_refused_link_is_not_spent(case):
    now = timezone.now()
    assert refusal("nothing-like-a-token", now) == "unknown"

    token = new_link(case, now)
    # Past its time: expired, and still unused.
    assert refusal(token, now + VALID) == "expired"
    # The kind's own check comes after the expiry, and refusing spends nothing.
    assert refusal(token, now, also_refuse=lambda link: "enrolled") == "enrolled"
    assert CheckinLink.objects.get().used_at is None
    # What the link opened is gone: "used", even before it would expire.
    assert refusal(token, now, spent=lambda link: True) == "used"

    assert spend(token, now).used_at == now
    # Once used, "used" wins over "expired".
    assert refusal(token, now) == "used"
    assert refusal(token, now + VALID) == "used"


def test_two_clicks_at_once_open_the_link_once(case):
    """A mail scanner and the person click together. The first holds the row while its own
    check runs; the second waits for it and then finds the link used."""
    now = timezone.now()
    token = new_link(case, now)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def slow_check(link) -> None:
        time.sleep(0.3)  # long enough that, without the row lock, both would read it unused
        return None

    def click() -> None:
        try:
            barrier.wait()
            spend(token, now, also_refuse=slow_check)
            outcomes.append("opened")
        except CheckinLinkInvalid as refused:
            outcomes.append(refused.reason)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["opened", "used"]
