"""The options the result page lists, across verdicts and safety flags (issue 5)."""

import dataclasses
from itertools import product

import pytest
from django.template.loader import render_to_string

from screening.criteria import VERDICTS, TreatmentFlags
from screening.pages.next_steps import NextStep, next_steps_for
from screening.pages.treatments import UNANSWERED_ANCHOR

NO_FLAGS = {"spravato": [], "ketamine": [], "tms": []}
FLAGS = {
    "none": NO_FLAGS,
    "spravato flagged": {**NO_FLAGS, "spravato": ["aneurysm_or_avm"]},
    "ketamine flagged": {**NO_FLAGS, "ketamine": ["psychosis_history"]},
    "tms flagged": {**NO_FLAGS, "tms": ["implanted_device", "metal_in_head"]},
    "all flagged": {
        "spravato": ["uncontrolled_hypertension"],
        "ketamine": ["substance_use", "uncontrolled_hypertension"],
        "tms": ["seizure_history"],
    },
}

# What the result page lists: a treatment's code, "!" when it points to the flagged-answers page.
# Spravato and IV ketamine need the criteria met or under review; TMS does not; support always.
EXPECTED = {
    ("meets", "none"): "spravato ketamine tms support",
    ("meets", "spravato flagged"): "spravato! ketamine tms support",
    ("meets", "ketamine flagged"): "spravato ketamine! tms support",
    ("meets", "tms flagged"): "spravato ketamine tms! support",
    ("meets", "all flagged"): "spravato! ketamine! tms! support",
    ("needs_review", "none"): "spravato ketamine tms support",
    ("needs_review", "spravato flagged"): "spravato! ketamine tms support",
    ("needs_review", "ketamine flagged"): "spravato ketamine! tms support",
    ("needs_review", "tms flagged"): "spravato ketamine tms! support",
    ("needs_review", "all flagged"): "spravato! ketamine! tms! support",
    ("does_not_meet", "none"): "tms support",
    ("does_not_meet", "spravato flagged"): "tms support",
    ("does_not_meet", "ketamine flagged"): "tms support",
    ("does_not_meet", "tms flagged"): "tms! support",
    ("does_not_meet", "all flagged"): "tms! support",
    (None, "none"): "tms support",
    (None, "spravato flagged"): "tms support",
    (None, "ketamine flagged"): "tms support",
    (None, "tms flagged"): "tms! support",
    (None, "all flagged"): "tms! support",
}


def summary(steps: list[NextStep]) -> str:
    return " ".join(step.treatment + ("!" if step.needs_clinician_look else "") for step in steps)


def test_the_table_covers_every_verdict_and_flag_combination():
    assert set(EXPECTED) == set(product([*VERDICTS, None], FLAGS))


@pytest.mark.parametrize(("verdict", "flags"), sorted(EXPECTED, key=str))
def test_next_steps_across_verdicts_and_flags(verdict, flags):
    steps = next_steps_for(verdict=verdict, treatment_flags=FLAGS[flags])
    assert summary(steps) == EXPECTED[verdict, flags]


@pytest.mark.parametrize(("verdict", "flags"), sorted(EXPECTED, key=str))
def test_every_step_links_somewhere_real_and_says_why(verdict, flags):
    for step in next_steps_for(verdict=verdict, treatment_flags=FLAGS[flags]):
        assert step.url.startswith("/treatments/")
        assert step.about_url.startswith("/treatments/")
        assert step.why.endswith(".") and len(step.why) < 250
        if step.needs_clinician_look:
            assert step.url_name == "treatment_flagged"
            assert step.flagged_keys == tuple(FLAGS[flags][step.treatment])
            assert step.about_url != step.url
        else:
            assert step.flagged_keys == ()


def test_a_flagged_treatment_points_to_the_safety_questions_page_without_naming_the_flag():
    steps = next_steps_for(verdict="meets", treatment_flags=FLAGS["tms flagged"])
    tms = next(step for step in steps if step.treatment == "tms")
    # No "#implanted-device": a fragment would keep the health answer in the browser history.
    assert tms.url == "/treatments/safety-questions/"
    assert tms.about_url == "/treatments/tms/"
    assert tms.flagged_keys == ("implanted_device", "metal_in_head")
    assert tms.why.startswith("You mentioned an implanted device and metal in or near your head")
    assert "TMS may still be possible" in tms.why


def test_an_unflagged_option_links_to_its_own_page():
    steps = next_steps_for(verdict="meets", treatment_flags=NO_FLAGS)
    assert [step.url for step in steps] == [
        "/treatments/spravato/",
        "/treatments/ketamine/",
        "/treatments/tms/",
        "/treatments/support/",
    ]


@pytest.mark.parametrize("verdict", ["meets", "needs_review"])
def test_the_reason_for_spravato_follows_the_verdict(verdict):
    spravato = next_steps_for(verdict=verdict, treatment_flags=NO_FLAGS)[0]
    assert "two or more antidepressants" in spravato.why
    assert ("a clinician will go through" in spravato.why) == (verdict == "needs_review")


@pytest.mark.parametrize("verdict", [*VERDICTS, None])
def test_unknown_flags_go_to_a_clinician_never_silently_pass(verdict):
    steps = next_steps_for(verdict=verdict, treatment_flags=None)
    treatments = [step for step in steps if step.treatment != "support"]
    assert treatments
    for step in treatments:
        assert step.needs_clinician_look
        assert step.url.endswith(f"#{UNANSWERED_ANCHOR}")
        assert step.flagged_keys == ()


def test_a_treatment_missing_from_the_flags_counts_as_unknown():
    steps = next_steps_for(verdict="meets", treatment_flags={"spravato": [], "ketamine": []})
    assert summary(steps) == "spravato ketamine tms! support"
    assert steps[2].anchor == UNANSWERED_ANCHOR


def test_a_flag_the_pages_do_not_know_yet_still_asks_for_a_clinician():
    steps = next_steps_for(verdict="meets", treatment_flags={**NO_FLAGS, "tms": ["new_question"]})
    tms = steps[2]
    assert tms.needs_clinician_look and tms.anchor == ""
    assert "one of the safety questions" in tms.why


def test_it_reads_the_engine_output_as_stored():
    flags = TreatmentFlags(spravato=(), ketamine=("cardiovascular_disease",), tms=())
    steps = next_steps_for(verdict="needs_review", treatment_flags=flags.to_json())
    assert summary(steps) == "spravato ketamine! tms support"
    # The link opens the page at the top: a flag never rides in the URL, not even its fragment.
    assert steps[1].anchor == ""
    assert "#" not in steps[1].url


@pytest.mark.parametrize(("verdict", "flags"), sorted(EXPECTED, key=str))
def test_no_step_promises_a_treatment_or_diagnoses(verdict, flags):
    for step in next_steps_for(verdict=verdict, treatment_flags=FLAGS[flags]):
        text = step.why.lower()
        for promise in ("eligible", "qualify", "you have trd", "diagnos", "will be treated"):
            assert promise not in text


def test_a_next_step_cannot_be_changed_after_it_is_made():
    step = next_steps_for(verdict=None, treatment_flags=NO_FLAGS)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.why = "something else"  # type: ignore[misc]


def test_the_include_renders_each_step_for_the_result_page():
    steps = next_steps_for(verdict="meets", treatment_flags=FLAGS["tms flagged"])
    html = render_to_string("treatments/_next_steps.html", {"next_steps": steps})
    assert html.count('<li class="next-step') == len(steps)
    assert 'href="/treatments/spravato/"' in html
    assert 'href="/treatments/safety-questions/"' in html
    assert "#implanted-device" not in html
    assert "TMS (transcranial magnetic stimulation): ask us about it" in html
    assert 'href="/treatments/tms/"' in html
    assert "<h" not in html  # the including page owns the heading structure


def test_the_include_renders_nothing_without_steps():
    assert render_to_string("treatments/_next_steps.html", {"next_steps": []}).strip() == ""
