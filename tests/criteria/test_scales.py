"""PHQ-9 and GAD-7 scoring at every band boundary (clinical-reference.md §4)."""

from __future__ import annotations

import pytest

from screening.criteria import Gad7Result, Phq9Result, evaluate, get_profile
from screening.criteria.scales import score_gad7, score_phq9

from .builders import history


def answers_totalling(total: int, items: int) -> tuple[int, ...]:
    """Answers (0-3 each) adding up to ``total``, with item 9 left at 0 where possible."""
    values = [0] * items
    for index in range(items):
        values[index] = min(3, total - sum(values))
    assert sum(values) == total
    return tuple(values)


@pytest.mark.parametrize(
    ("total", "severity"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands(total: int, severity: str) -> None:
    result = score_phq9(answers_totalling(total, 9))
    assert result is not None
    assert (result.total, result.severity) == (total, severity)


@pytest.mark.parametrize(
    ("total", "severity"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_bands(total: int, severity: str) -> None:
    assert score_gad7(answers_totalling(total, 7)) == Gad7Result(total, severity)


@pytest.mark.parametrize(("item9", "positive"), [(0, False), (1, True), (2, True), (3, True)])
def test_phq9_item9(item9: int, positive: bool) -> None:
    result = score_phq9((0,) * 8 + (item9,))
    assert result is not None and result.item9_positive is positive


def test_a_blank_answer_leaves_no_total_but_item9_is_still_read() -> None:
    assert score_phq9((None,) + (0,) * 7 + (2,)) == Phq9Result(None, None, True)
    assert score_phq9((0,) * 8 + (None,)) == Phq9Result(None, None, None)
    assert score_gad7((1, 1, None, 1, 1, 1, 1)) == Gad7Result(None, None)


def test_no_questionnaire_no_result() -> None:
    assert score_phq9(None) is None
    assert score_gad7(None) is None


@pytest.mark.parametrize(
    ("phq9", "urgent"),
    [
        ((0,) * 9, False),
        ((0,) * 8 + (1,), True),
        ((None,) * 8 + (3,), True),  # the rest blank: item 9 still raises the alarm
        ((3,) * 8 + (None,), False),
        (None, False),
    ],
)
def test_urgent_follows_phq9_item9(phq9: tuple[int | None, ...] | None, urgent: bool) -> None:
    determination = evaluate(history(phq9=phq9), get_profile("clinic-default"))
    assert determination.urgent is urgent


def test_phq9_response_is_a_drop_of_half_and_remission_below_five():
    from screening.criteria.scales import phq9_remitted, phq9_responded

    assert phq9_responded(20, 10) and not phq9_responded(20, 11)
    assert phq9_responded(9, 4) and not phq9_responded(0, 0)  # no drop from nothing
    assert phq9_remitted(4) and not phq9_remitted(5)
