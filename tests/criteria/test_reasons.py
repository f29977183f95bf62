"""Every reason has a sentence, and the rule tables exercise every reason, status and verdict."""

from __future__ import annotations

import pytest

from screening.criteria import REASON_TEXT, TRIAL_STATUSES, VERDICTS, evaluate, get_profile
from screening.criteria import reasons as reason_module

from .builders import history
from .test_engine_v2 import CASES as ISSUE_15_CASES
from .test_trials import INTOLERANCE_CASES, RULE_CASES
from .test_verdict import CASES as VERDICT_CASES

DEFINED_CODES = {
    value
    for name, value in vars(reason_module).items()
    if name.isupper() and isinstance(value, str)
}


def test_every_defined_code_has_a_text_and_every_text_a_code() -> None:
    assert set(REASON_TEXT) == DEFINED_CODES


@pytest.mark.parametrize(("code", "text"), REASON_TEXT.items())
def test_each_text_is_one_plain_sentence(code: str, text: str) -> None:
    assert code == code.lower() and " " not in code
    assert text[0].isupper()
    assert "\n" not in text and not text.endswith(".")
    assert 20 <= len(text) <= 110


def test_the_tables_cover_every_reason_status_and_verdict() -> None:
    seen_reasons: set[str] = set()
    seen_statuses: set[str] = set()
    for _, _, status, reasons in (*RULE_CASES, *INTOLERANCE_CASES):
        seen_statuses.add(status)
        seen_reasons.update(reasons)
    seen_verdicts: set[str] = set()
    for _, trials, profile, *_ in VERDICT_CASES:
        determination = evaluate(history(*trials), get_profile(profile))  # type: ignore[arg-type]
        seen_verdicts.add(determination.verdict)
        seen_reasons.update(determination.verdict_reasons)
    for _, trials, other, profile, *_ in ISSUE_15_CASES:
        determination = evaluate(history(*trials, **other), get_profile(profile))
        seen_verdicts.add(determination.verdict)
        seen_reasons.update(determination.verdict_reasons)
        for assessment in determination.trials:
            seen_reasons.update(assessment.reasons)
    assert seen_statuses == set(TRIAL_STATUSES)
    assert seen_verdicts == set(VERDICTS)
    assert seen_reasons == set(REASON_TEXT)
