"""US numbers typed in any usual way become E.164; anything staff could not dial is refused."""

import pytest

from screening.phone import InvalidPhoneNumber, us_phone_to_e164


@pytest.mark.parametrize(
    "typed",
    [
        "7815550123",
        "781-555-0123",
        "781.555.0123",
        "(781) 555-0123",
        " (781)555-0123 ",
        "1 781 555 0123",
        "1-781-555-0123",
        "+1 (781) 555-0123",
        "+17815550123",
    ],
)
def test_usual_ways_of_typing_a_us_number_are_accepted(typed):
    assert us_phone_to_e164(typed) == "+17815550123"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "555-0123",  # seven digits: no area code
        "78155501234",  # eleven digits not starting with 1
        "+44 20 7946 0958",  # another country
        "+2 781 555 0123",
        "(081) 555-0123",  # area codes start with 2-9
        "(181) 555-0123",
        "(781) 055-0123",  # so do exchanges
        "(911) 555-0123",  # N11 service codes
        "(781) 411-0123",
        "781-555-0123 x4",  # extensions cannot be dialed by staff tools
        "781-555-O123",  # a letter O for a zero
        "tel:7815550123",
        "++17815550123",
        "1 (781) 555-01234",
    ],
)
def test_anything_else_is_refused(typed):
    with pytest.raises(InvalidPhoneNumber):
        us_phone_to_e164(typed)
