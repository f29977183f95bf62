import pytest

from screening.criteria import PROFILES
from screening.criteria.payers import INSURERS, profiles_first


@pytest.mark.parametrize("code", sorted(INSURERS))
def test_every_insurer_points_at_shipped_profiles(code):
    for name in INSURERS[code].profiles_first:
        assert name in PROFILES


def test_bcbs_ma_puts_its_own_policies_first():
    assert profiles_first("bcbsma")[0] == "bcbsma-spravato"


def test_an_unknown_or_blank_insurer_puts_nothing_first():
    assert profiles_first("") == ()
    assert profiles_first("acme") == ()
