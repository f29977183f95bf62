"""Issue 14 item 15 (security.md item 9, output side): the queue CSV stays inert in a
spreadsheet that splits on another separator. Excel in many locales splits on ";", so a name
such as "Sam;=HYPERLINK(...)" becomes two cells and the second one starts with the formula."""

import csv
import io

import pytest
from django.urls import reverse

from screening.exports.csv_queue import csv_cell
from screening.staff.roles import CLINICIAN
from tests.staff.support import make_case, staff_client  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

TRIGGERS = ("=", "+", "-", "@")


@pytest.mark.parametrize(
    "typed",
    [
        'Sam;=HYPERLINK("http://evil.example")',
        "Sam; =cmd|' /C calc'!A0",
        "Sam,@SUM(A1)",
        "Sam\t+1",
        "Sam|-2+3",
        "Sam\n=1",
    ],
)
def test_issue14_item15_a_formula_after_a_separator_is_escaped(typed):
    written = csv_cell(typed)
    for separator in (";", ",", "\t", "|", "\n"):
        for piece in written.split(separator):
            assert not piece.lstrip(" ").startswith(TRIGGERS), (typed, written)
    assert written.replace("'", "") == typed.replace("'", "")  # nothing else is changed


def test_issue14_item15_the_export_read_with_semicolons_has_no_formula_cell(staff_client):  # noqa: F811
    make_case(first_name='Sam;=HYPERLINK("http://evil.example","x")', last_name="Lee;@SUM(A1)")
    response = staff_client(CLINICIAN).get(reverse("staff_queue_export"))
    assert response.status_code == 200
    text = response.content.decode()
    for delimiter in (";", ","):
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            for cell in row:
                assert not cell.strip(' "').startswith(TRIGGERS), (delimiter, cell)
