"""Issue 15, defects 2 and 3: every number has a plausible range, huge integers and duplicated
JSON keys are refused with one line naming the field, and the new facts parse."""

from __future__ import annotations

import json
from typing import Any

import pytest

from screening.criteria import (
    ClinicianScales,
    InvalidFacts,
    Patient,
    Psychotherapy,
    evaluate_input,
    loads_input,
    parse_facts,
)

from .builders import trial, trial_json
from .test_evaluate_history_command import run

HUGE = "9" * 400  # issue 15: a 400-digit integer crashed evaluate_history with a traceback


def with_trial(**fields: Any) -> dict[str, Any]:
    return {"trials": [trial_json(**fields)]}


# (field path, JSON input, largest value allowed): every range at its boundary and one past it.
RANGES: list[tuple[str, Any, float]] = [
    ("trials[0].dose_mg", lambda v: with_trial(dose_mg=v), 5000),
    ("trials[0].weeks", lambda v: with_trial(weeks=v, total_weeks=None), 1040),
    ("trials[0].total_weeks", lambda v: with_trial(weeks=0, total_weeks=v), 1040),
    ("episode.months", lambda v: {"trials": [], "episode": {"months": v}}, 1200),
    ("episode.onset_age", lambda v: {"trials": [], "episode": {"onset_age": v}}, 120),
    ("episode.prior_episodes", lambda v: {"trials": [], "episode": {"prior_episodes": v}}, 200),
    ("patient.age", lambda v: {"trials": [], "patient": {"age": v}}, 120),
    ("psychotherapy.weeks", lambda v: {"trials": [], "psychotherapy": {"weeks": v}}, 1040),
    ("clinician_scales.madrs", lambda v: {"trials": [], "clinician_scales": {"madrs": v}}, 60),
    ("clinician_scales.hamd17", lambda v: {"trials": [], "clinician_scales": {"hamd17": v}}, 52),
]


@pytest.mark.parametrize(("field", "build", "maximum"), RANGES, ids=[r[0] for r in RANGES])
def test_each_number_is_accepted_up_to_its_maximum_and_refused_past_it(
    field: str, build: Any, maximum: int
) -> None:
    parse_facts(build(0))
    parse_facts(build(maximum))
    for bad in (maximum + 1, -1, 10**400):
        with pytest.raises(InvalidFacts) as raised:
            parse_facts(build(bad))
        assert raised.value.field == field
        assert f"from 0 to {maximum}" in raised.value.problem


@pytest.mark.parametrize(("field", "build", "maximum"), RANGES, ids=[r[0] for r in RANGES])
def test_a_400_digit_integer_is_refused_naming_the_field_not_a_traceback(
    field: str, build: Any, maximum: int
) -> None:
    text = json.dumps(build(0)).replace(": 0", f": {HUGE}", 1)
    if field == "trials[0].total_weeks":  # weeks comes first in the trial and is 0 too
        text = json.dumps(build(0)).replace('"total_weeks": 0', f'"total_weeks": {HUGE}')
    with pytest.raises(InvalidFacts) as raised:
        evaluate_input(loads_input(text))
    assert raised.value.field == field
    assert raised.value.problem.endswith(f"from 0 to {maximum}, got an integer of 400 digits")


def test_a_fractional_dose_at_the_maximum_passes_and_just_above_fails() -> None:
    parse_facts(with_trial(dose_mg=4999.5))
    with pytest.raises(InvalidFacts, match=r"^trials\[0\]\.dose_mg: "):
        parse_facts(with_trial(dose_mg=5000.01))


def test_a_number_too_large_for_a_float_written_with_an_exponent_is_refused() -> None:
    with pytest.raises(InvalidFacts, match=r"^trials\[0\]\.weeks: must be a number from 0 to"):
        evaluate_input(loads_input('{"trials": [{"medication": "Zoloft", "weeks": 1e400}]}'))


def test_total_weeks_below_the_weeks_at_the_dose_is_refused() -> None:
    with pytest.raises(InvalidFacts) as raised:
        parse_facts(with_trial(weeks=8, total_weeks=6))
    assert str(raised.value).startswith("trials[0].total_weeks: must be at least weeks (8)")
    with pytest.raises(InvalidFacts, match=r"^total_weeks: must be at least weeks"):
        trial(weeks=8, total_weeks=7.5)
    assert trial(weeks=8, total_weeks=8).total_weeks == 8


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('{"trials": [], "phq9": [0,0,0,0,0,0,0,0,0], "phq9": [0,0,0,0,0,0,0,0,3]}', "phq9"),
        ('{"trials": [{"medication": "Zoloft", "weeks": 8, "weeks": 2}]}', "weeks"),
        ('{"trials": [], "trials": []}', "trials"),
        ('[{"trials": []}, {"trials": [], "ect": true, "ect": false}]', "ect"),
    ],
)
def test_a_duplicated_key_is_refused_naming_it(text: str, key: str) -> None:
    with pytest.raises(InvalidFacts) as raised:
        loads_input(text)
    assert raised.value.field == key
    assert "duplicated key" in raised.value.problem


def test_the_new_facts_parse() -> None:
    facts = parse_facts(
        {
            "trials": [trial_json(weeks=4, total_weeks=10)],
            "psychotherapy": {
                "weeks": 12,
                "current_episode": True,
                "kind": "behavioral_activation",
            },
            "clinician_scales": {"madrs": 31, "hamd17": None},
            "patient": {"age": 67},
        }
    )
    assert facts.trials[0].total_weeks == 10
    assert facts.psychotherapy == Psychotherapy(12, True, "behavioral_activation")
    assert facts.clinician_scales == ClinicianScales(madrs=31)
    assert facts.patient == Patient(age=67)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"trials": [], "psychotherapy": {"kind": "hypnosis"}},
            "psychotherapy.kind: must be one of cbt, ipt, behavioral_activation, psychodynamic,"
            " other, got 'hypnosis'",
        ),
        (
            {"trials": [], "psychotherapy": {"week": 3}},
            "psychotherapy.week: unknown field; expected one of weeks, current_episode, kind",
        ),
        (
            {"trials": [], "clinician_scales": {"phq9": 3}},
            "clinician_scales.phq9: unknown field; expected one of madrs, hamd17",
        ),
        ({"trials": [], "patient": "old"}, "patient: must be a JSON object or null, got 'old'"),
        (
            {"trials": [], "clinician_scales": {"madrs": 30.5}},
            "clinician_scales.madrs: must be a whole number from 0 to 60, got 30.5",
        ),
    ],
)
def test_the_new_facts_refuse_what_they_cannot_mean(data: Any, message: str) -> None:
    with pytest.raises(InvalidFacts) as raised:
        parse_facts(data)
    assert str(raised.value) == message


COMMAND_CASES = [
    (
        "400-digit dose",
        ('{"trials": [{"medication": "Zoloft", "dose_mg": ' + HUGE + "}]}").encode(),
        "trials[0].dose_mg: must be a number from 0 to 5000, got an integer of 400 digits",
    ),
    (
        "5000-digit weeks (more than Python converts)",
        ('{"trials": [{"medication": "Zoloft", "weeks": ' + "1" * 5000 + "}]}").encode(),
        "trials[0].weeks: must be a number from 0 to 1040, got an integer of 5000 digits",
    ),
    (
        "dose over the range",
        json.dumps(with_trial(dose_mg=5001)).encode(),
        "trials[0].dose_mg: must be a number from 0 to 5000, got 5001",
    ),
    (
        "episode months over the range",
        b'{"trials": [], "episode": {"months": 1201}}',
        "episode.months: must be a whole number from 0 to 1200, got 1201",
    ),
    (
        "age over the range",
        b'{"trials": [], "patient": {"age": 121}}',
        "patient.age: must be a whole number from 0 to 120, got 121",
    ),
    (
        "HAM-D over its scale",
        b'{"trials": [], "clinician_scales": {"hamd17": 53}}',
        "clinician_scales.hamd17: must be a whole number from 0 to 52, got 53",
    ),
    (
        "two phq9 keys",
        b'{"trials": [], "phq9": [0,0,0,0,0,0,0,0,1], "phq9": [0,0,0,0,0,0,0,0,0]}',
        "phq9: duplicated key: each key may appear only once in a JSON object",
    ),
]


@pytest.mark.parametrize(
    ("stdin", "expected"), [pytest.param(s, e, id=case) for case, s, e in COMMAND_CASES]
)
def test_the_command_exits_2_with_one_line_naming_the_field(stdin: bytes, expected: str) -> None:
    result = run(stdin=stdin)
    assert result.returncode == 2, result.stderr
    assert result.stdout == b""
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
