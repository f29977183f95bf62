"""Issue 15, defect 4: one stated boundary between the improvement words, exactly 25 % better
being non-response (MGH-ATRQ, "<= 25 %"), and the patient's labels, the reason texts and the
profile descriptions all say the same."""

from __future__ import annotations

import math
import re

import pytest

from screening.criteria import (
    IMPROVEMENT,
    IMPROVEMENT_LABELS,
    NON_RESPONSE_MAX_PERCENT,
    REASON_TEXT,
    RESPONSE_MIN_PERCENT,
    evaluate,
    get_profile,
    improvement_band,
)

from .builders import history, trial


@pytest.mark.parametrize(
    ("percent", "word"),
    [
        (0, "none"),
        (24.9, "none"),
        (25, "none"),
        (25.1, "partial"),
        (49.9, "partial"),
        (50, "response"),
        (100, "response"),
    ],
)
def test_the_boundaries_are_at_25_and_50_inclusive_below_and_above(
    percent: float, word: str
) -> None:
    assert improvement_band(percent) == word


def test_the_boundary_is_the_one_the_clinical_reference_quotes() -> None:
    assert (NON_RESPONSE_MAX_PERCENT, RESPONSE_MIN_PERCENT) == (25, 50)


def stated_range(text: str) -> tuple[float, bool, float, bool]:
    """(low, low included, high, high included) as a sentence states it."""
    if match := re.search(r"more than (\d+) % but less than (\d+) %", text):
        return float(match[1]), False, float(match[2]), False
    if match := re.search(r"more than (\d+) %, less than (\d+) %", text):
        return float(match[1]), False, float(match[2]), False
    if match := re.search(r"(\d+) % (?:better |improvement )?or less", text):
        return -math.inf, False, float(match[1]), True
    if match := re.search(r"(\d+) % or more", text):
        return float(match[1]), True, math.inf, False
    raise AssertionError(f"no stated range in {text!r}")


def within(percent: float, bounds: tuple[float, bool, float, bool]) -> bool:
    low, low_in, high, high_in = bounds
    above = percent >= low if low_in else percent > low
    below = percent <= high if high_in else percent < high
    return above and below


SOURCES = {
    "patient label": {word: IMPROVEMENT_LABELS[word] for word in IMPROVEMENT[:3]},
    "reason text": {
        word: REASON_TEXT[f"improvement_{word}"] for word in ("none", "partial", "response")
    },
}


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("percent", [0, 10, 24, 24.5, 25, 25.5, 26, 49, 49.5, 50, 51, 80, 100])
def test_every_sentence_states_the_band_improvement_band_gives(source: str, percent: float) -> None:
    texts = SOURCES[source]
    matching = [word for word, text in texts.items() if within(percent, stated_range(text))]
    assert matching == [improvement_band(percent)], (source, percent, texts)


def test_exactly_25_percent_better_is_a_failed_trial_under_the_strictest_failure_line() -> None:
    word = improvement_band(25)
    (assessment,) = evaluate(history(trial(improvement=word)), get_profile("atrq-strict")).trials
    assert assessment.status == "failed"
    (assessment,) = evaluate(
        history(trial(improvement=improvement_band(26))), get_profile("atrq-strict")
    ).trials
    assert assessment.status == "responded"


def test_the_atrq_profile_states_the_same_boundary() -> None:
    assert "25 % better or less" in get_profile("atrq-strict").description


def test_the_intake_form_offers_every_engine_word_and_states_the_boundaries() -> None:
    # Issue 16 item 2: the person's words first, translatable; the engine's two percentages (the
    # boundaries its labels state) as the hint.
    from screening.criteria import NON_RESPONSE_MAX_PERCENT, RESPONSE_MIN_PERCENT
    from screening.intake.medicine_outcome_forms import MedicineOutcomeForm

    field = MedicineOutcomeForm().fields["improvement"]
    choices = dict(field.choices)  # type: ignore[attr-defined]
    for word in IMPROVEMENT:
        assert word in choices and "%" not in str(choices[word])
        assert type(choices[word]).__name__ == "__proxy__"  # gettext_lazy
    hint = str(field.help_text)
    assert f"{NON_RESPONSE_MAX_PERCENT} % better or less" in hint
    assert f"{RESPONSE_MIN_PERCENT} % better or more" in hint
    assert IMPROVEMENT_LABELS  # the engine's own labels stay for staff pages
