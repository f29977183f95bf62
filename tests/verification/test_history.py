"""Issue 17, the clinician's verification: versioned history (the patient's untouched, the
clinician's applied), every change an audited case event, re-evaluation on the clinician's
version marked clinician-verified, and bad input answered beside the field."""

import re

import pytest
from django.urls import reverse

from screening.models import (
    AuditEvent,
    CaseEvent,
    Determination,
    MedicationTrial,
    VerifiedHistory,
)
from screening.staff.roles import ADMIN, CLINICIAN

from .support import MADRS, VERIFIED_TRIAL, bcbs_case

pytestmark = pytest.mark.django_db


def matrix_row(html: str, profile: str) -> str:
    match = re.search(rf'data-profile="{profile}">(.*?)</tr>', html, re.S)
    assert match, f"no matrix row for {profile}"
    return match.group(1)


def case_html(client, case) -> str:
    response = client.get(reverse("staff_case", args=[case.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def verify(client, case, data, name="staff_case_verify_trial"):
    return client.post(reverse(name, args=[case.public_id]), data)


def test_verifying_a_trial_makes_version_1_and_leaves_the_patient_s_answers_alone(staff_client):
    client = staff_client(CLINICIAN)
    case = bcbs_case()
    patient_before = list(
        MedicationTrial.objects.filter(submission=case).order_by("position").values()
    )
    answers_before = dict(case.answers)

    response = verify(client, case, VERIFIED_TRIAL)

    assert response.status_code == 302
    history = VerifiedHistory.objects.get(submission=case)
    assert history.version == 1 and history.created_by == client.user
    assert history.reason == "Pharmacy fill history 2025"
    trials = list(history.trials.order_by("position"))
    assert [t.medication for t in trials] == ["Zoloft", "Lexapro", "Effexor XR", "Cymbalta"]
    assert trials[3].weeks == 8 and trials[3].total_weeks == 10
    assert trials[3].source == "pharmacy" and trials[0].source == "patient"
    assert {c["what"] for c in history.changes} == {
        "trial_4_weeks",
        "trial_4_total_weeks",
        "trial_4_source",
    }
    assert {"what": "trial_4_weeks", "from": None, "to": 8} in history.changes
    # The patient's own account is exactly as submitted.
    case.refresh_from_db()
    assert (
        list(MedicationTrial.objects.filter(submission=case).order_by("position").values())
        == patient_before
    )
    assert case.answers == answers_before


def test_each_save_is_a_new_version_built_on_the_last(staff_client):
    client = staff_client(CLINICIAN)
    case = bcbs_case()
    verify(client, case, VERIFIED_TRIAL)
    verify(client, case, MADRS, "staff_case_verify_clinical")
    verify(
        client,
        case,
        {
            **VERIFIED_TRIAL,
            "trial": "1",
            "medication": "Zoloft",
            "dose_mg": "150",
            "weeks": "8",
            "total_weeks": "",
            "current_episode": "no",
            "source": "prior_provider",
            "reason": "Prior psychiatrist's letter: 2019 episode",
        },
    )

    versions = list(VerifiedHistory.objects.filter(submission=case).order_by("version"))
    assert [v.version for v in versions] == [1, 2, 3]
    assert versions[1].madrs == 32 and str(versions[1].madrs_rated_on) == "2026-11-20"
    assert versions[1].trials.get(position=4).weeks == 8  # carried from version 1
    latest = versions[2]
    assert latest.madrs == 32  # carried from version 2
    assert latest.trials.get(position=1).current_episode is False  # "not this episode"
    assert latest.trials.get(position=4).weeks == 8
    assert versions[0].trials.get(position=1).current_episode is True  # v1 untouched


def test_every_change_is_an_audited_case_event(staff_client):
    client = staff_client(CLINICIAN)
    case = bcbs_case()
    verify(client, case, VERIFIED_TRIAL)
    verify(client, case, MADRS, "staff_case_verify_clinical")

    events = CaseEvent.objects.filter(submission=case, kind=CaseEvent.Kind.HISTORY_VERIFIED)
    whats = [(e.detail["version"], e.detail["what"]) for e in events]
    assert whats == [
        (1, "trial_4_total_weeks"),
        (1, "trial_4_weeks"),
        (1, "trial_4_source"),
        (2, "diagnosis"),
        (2, "madrs"),
        (2, "madrs_rated_on"),
    ] or sorted(whats) == sorted(
        [
            (1, "trial_4_total_weeks"),
            (1, "trial_4_weeks"),
            (1, "trial_4_source"),
            (2, "diagnosis"),
            (2, "madrs"),
            (2, "madrs_rated_on"),
        ]
    )
    assert all(e.actor == client.user for e in events)
    audited = AuditEvent.objects.filter(
        action="case_history_verified", object_id=case.public_id, outcome="ok"
    )
    assert audited.count() == len(whats)
    # No clinical value reaches the audit trail or the case event's detail.
    for event in events:
        assert set(event.detail) == {"version", "what"}
    assert not AuditEvent.objects.filter(object_id__icontains="Cymbalta").exists()


def test_re_evaluation_uses_the_clinician_s_version_and_says_so(staff_client):
    client = staff_client(CLINICIAN)
    case = bcbs_case()
    client.post(
        reverse("staff_case_re_evaluate", args=[case.public_id]), {"profile": "bcbsma-spravato"}
    )
    case.refresh_from_db()
    assert case.current_determination.verdict == "needs_review"
    assert not case.current_determination.clinician_verified

    verify(client, case, VERIFIED_TRIAL)
    verify(client, case, MADRS, "staff_case_verify_clinical")

    case.refresh_from_db()
    current = case.current_determination
    assert current.profile_name == "bcbsma-spravato"
    assert current.verdict == "meets" and current.clinician_verified
    assert current.verified_history.version == 2
    assert current.facts["clinician_scales"] == {"madrs": 32, "hamd17": None}
    assert current.facts["trials"][3]["weeks"] == 8
    # A later re-evaluation under another profile still uses the clinician's version.
    client.post(reverse("staff_case_re_evaluate", args=[case.public_id]), {"profile": "fda-2019"})
    case.refresh_from_db()
    assert case.current_determination.verified_history.version == 2
    html = case_html(client, case)
    assert "Meets the criteria (clinician-verified)" in html
    # The earlier determinations are kept, the patient's first among them.
    assert Determination.objects.filter(submission=case, verified_history=None).count() == 2


def test_the_matrix_meets_one_payer_and_not_another(staff_client):
    client = staff_client(CLINICIAN)
    case = bcbs_case()
    html = case_html(client, case)
    rows = re.findall(r'data-profile="([a-z0-9-]+)"', html)
    assert rows[:2] == ["bcbsma-spravato", "blue-tms"]  # the insurer's policies first
    assert len(rows) == 8
    before = matrix_row(html, "bcbsma-spravato")
    assert "Needs review" in before
    assert "A MADRS ≥ 28 or HAM-D-17 ≥ 17 rated by a clinician" in before
    assert "1 more adequate failed trial(s)" in before
    assert ">3<" in before  # three failed trials counted before the fourth is confirmed

    verify(client, case, VERIFIED_TRIAL)
    verify(client, case, MADRS, "staff_case_verify_clinical")

    html = case_html(client, case)
    bcbs = matrix_row(html, "bcbsma-spravato")
    assert "Meets" in bcbs and "clinician-verified" in bcbs and ">4<" in bcbs
    assert "2: SNRI" in bcbs
    blue = matrix_row(html, "blue-tms")
    assert "Meets" not in blue
    assert "more weeks of psychotherapy in this episode" in blue


def test_a_trial_found_in_records_can_be_added(staff_client):
    client = staff_client(ADMIN)
    case = bcbs_case()
    data = {
        **VERIFIED_TRIAL,
        "trial": "new",
        "medication": "Wellbutrin XL",
        "dose_mg": "300",
        "weeks": "12",
        "total_weeks": "14",
        "source": "pdmp",
        "reason": "PDMP report",
    }
    assert verify(client, case, data).status_code == 302
    history = VerifiedHistory.objects.get(submission=case)
    added = history.trials.get(position=5)
    assert added.medication == "Wellbutrin XL" and added.source == "pdmp"
    assert added.patient_position is None
    assert {"what": "trial_5_added", "from": None, "to": None} in history.changes
    assert MedicationTrial.objects.filter(submission=case).count() == 4


def test_an_unchanged_save_makes_no_version_after_the_first(staff_client):
    client = staff_client(CLINICIAN)
    case = bcbs_case()
    verify(client, case, VERIFIED_TRIAL)
    verify(client, case, VERIFIED_TRIAL)
    assert VerifiedHistory.objects.filter(submission=case).count() == 1


@pytest.mark.parametrize(
    ("name", "data", "field", "message"),
    [
        (
            "staff_case_verify_trial",
            {**VERIFIED_TRIAL, "weeks": "12", "total_weeks": "10"},
            "total_weeks",
            "Weeks in total include",
        ),
        ("staff_case_verify_trial", {**VERIFIED_TRIAL, "reason": ""}, "reason", "required"),
        (
            "staff_case_verify_trial",
            {**VERIFIED_TRIAL, "trial": "9"},
            "trial",
            "not in the history",
        ),
        (
            "staff_case_verify_clinical",
            {**MADRS, "madrs": "61"},
            "madrs",
            "less than or equal to 60",
        ),
        (
            "staff_case_verify_clinical",
            {**MADRS, "madrs_rated_on": ""},
            "madrs_rated_on",
            "Give the date",
        ),
        (
            "staff_case_verify_clinical",
            {**MADRS, "hamd17": "53", "hamd17_rated_on": "2026-11-20"},
            "hamd17",
            "less than or equal to 52",
        ),
    ],
)
def test_bad_input_is_answered_beside_the_field_and_nothing_is_written(
    staff_client, name, data, field, message
):
    client = staff_client(CLINICIAN)
    case = bcbs_case()
    response = verify(client, case, data, name)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if field != "trial":
        assert 'aria-invalid="true"' in html
    assert not VerifiedHistory.objects.filter(submission=case).exists()
    assert AuditEvent.objects.filter(action="case_history_verified", outcome="failed").exists()
    # What the clinician typed is kept.
    if name == "staff_case_verify_clinical":
        assert 'value="Rated at the consultation"' in html
    else:
        assert 'value="Cymbalta"' in html


def test_the_history_shows_each_version_with_who_when_why(staff_client):
    client = staff_client(CLINICIAN)
    case = bcbs_case()
    verify(client, case, VERIFIED_TRIAL)
    html = case_html(client, case)
    assert "verified history version 1" in html
    assert "Pharmacy fill history 2025" in html
    assert "Trial 4, weeks at dose: not known → 8" in html
    assert "Verified history version 1: Trial 4, weeks at dose" in html


@pytest.mark.parametrize("history", ["meets", "needs_review", "does_not_meet"])
def test_the_staff_side_reads_a_patient_s_account_as_the_intake_stored_it(history):
    """Before any clinician's version, re-evaluating a case from its rows gives exactly the
    determination the intake stored (the intake's "nothing" boost, total weeks, psychotherapy
    and age read the same way on both sides)."""
    from screening import criteria
    from screening.intake.determinations import explanation_of
    from screening.staff.selectors.verification import facts_for
    from tests.staff.support import HISTORIES, make_case

    facts = dict(HISTORIES[history])
    facts["trials"] = [
        {**trial, "augmented_with": "nothing", "total_weeks": (trial.get("weeks") or 0) + 2}
        for trial in facts["trials"]
    ]
    case = make_case(facts=facts)
    stored = case.current_determination
    rebuilt, version = facts_for(case)
    assert version is None
    result = criteria.evaluate(
        criteria.parse_facts(rebuilt), criteria.get_profile(stored.profile_name)
    )
    assert explanation_of(result) == stored.explanation


def test_the_staff_side_counts_age_on_the_clinic_s_day_of_submission_as_the_intake_does():
    """Submitted at 22:30 in Boston on the eve of a 65th birthday, when it is already the
    birthday in UTC: both sides say 64 (Spravato's age-65 note must not appear on one only)."""
    from datetime import UTC, date, datetime

    from screening.intake.facts import age_on
    from screening.staff.selectors.verification import facts_for
    from tests.staff.support import make_case

    late_evening = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)  # 22:30 EDT on 9 March
    case = make_case(now=late_evening, date_of_birth=date(1961, 3, 10))
    assert age_on(case) == 64
    rebuilt, _ = facts_for(case)
    assert rebuilt["patient"] == {"age": 64}
