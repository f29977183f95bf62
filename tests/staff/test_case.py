"""A case: what the page explains, and every action on it (each recorded who, when and what)."""

from datetime import timedelta
from itertools import pairwise

import pytest
from django.urls import reverse

from screening.models import (
    AuditEvent,
    CallbackRequest,
    CaseEvent,
    CaseNote,
    Determination,
    ScaleResponse,
    Submission,
)
from screening.staff.presenters.chart import phq9_chart
from screening.staff.roles import ADMIN, CLINICIAN, COORDINATOR
from screening.staff.services import cases

from .support import NOW, make_case, make_staff

pytestmark = pytest.mark.django_db

Status = Submission.CaseStatus


def case_url(name: str, case: Submission) -> str:
    return reverse(name, args=[case.public_id])


def events(case: Submission, kind: str) -> list[CaseEvent]:
    return list(CaseEvent.objects.filter(submission=case, kind=kind).order_by("at", "id"))


# --- What the page explains to a clinician -----------------------------------------------------


def test_the_determination_is_explained_in_words(staff_client):
    case = make_case("needs_review")
    html = staff_client(CLINICIAN).get(case_url("staff_case", case)).content.decode()
    assert "Needs a clinician&#x27;s review" in html or "Needs a clinician's review" in html
    assert "clinic-default v2" in html  # issue 15 raised the version
    # Reasons in words, from the engine's REASON_TEXT.
    assert "Fewer adequate failed trials than this rule set requires" in html
    assert "Missing or unrecognised details could change the result" in html
    assert "Dose not given, so adequacy cannot be judged" in html
    # Dose against the minimum, class, status, adherence, improvement.
    assert "20 against 10 mg/day" in html
    assert "SSRI (selective serotonin reuptake inhibitors)" in html
    assert "Failed adequate trial (counts)" in html
    assert "Not enough information" in html
    assert "Most doses (at least 8 in 10)" in html
    assert "Little or no improvement" in html


def test_the_page_shows_scales_staging_risks_safety_and_rule_out(staff_client):
    case = make_case("meets")
    html = staff_client(CLINICIAN).get(case_url("staff_case", case)).content.decode()
    assert "PHQ-9 at intake" in html and "Total 13: Moderate" in html
    assert "More than half the days" in html
    assert "GAD-7 at intake" in html and "Total 6: Mild" in html
    assert "Maudsley Staging Method" in html and "Total 6 of 15: Mild" in html
    assert "Duration of current episode" in html
    assert "First episode before age 18" in html
    assert "Limited social support" in html
    # Safety: the flag, and the answer behind it.
    assert "TMS: 1 flag" in html
    assert "History of seizures</th><td>Yes</td>" in html
    assert "Substance use reported (health history)</th><td>Yes: Alcohol</td>" in html
    for item in ("Thyroid function", "B12, folate and vitamin D", "Neurological", "Interacting"):
        assert item in html
    assert "SSRI (selective" in html and "SNRI (serotonin-norepinephrine" in html


def test_phq9_check_ins_are_drawn_as_an_svg_chart_with_a_table(staff_client):
    case = make_case("meets")
    for weeks, total in ((2, 9), (4, 5)):
        ScaleResponse.objects.create(
            submission=case,
            scale="phq9",
            source="checkin",
            answers=[1] * 5 + [0] * 4 if total == 5 else [1] * 9,
            total=total,
            severity="mild",
            recorded_at=NOW + timedelta(weeks=weeks),
        )
    html = staff_client(CLINICIAN).get(case_url("staff_case", case)).content.decode()
    assert '<svg viewBox="0 0 560 220" role="img"' in html
    assert '<title id="phq9-chart-title">PHQ-9 total over time</title>' in html
    assert html.count('class="chart-dot"') == 3
    assert "<caption>PHQ-9 totals, intake and check-ins</caption>" in html
    assert "Check-in" in html


def test_the_chart_puts_higher_scores_higher_and_time_left_to_right():
    day = timedelta(days=1)
    chart = phq9_chart([(NOW, 20), (NOW + day, 10), (NOW + 3 * day, 0)])
    xs = [dot["x"] for dot in chart["dots"]]
    ys = [dot["y"] for dot in chart["dots"]]
    assert xs == sorted(xs) and xs[0] == chart["left"] and xs[-1] == chart["right"]
    assert ys[0] < ys[1] < ys[2] == chart["bottom"]
    assert phq9_chart([]) is None
    single = phq9_chart([(NOW, 27)])
    assert single["dots"][0]["y"] == single["top"]


def test_other_submissions_from_the_same_person_are_linked(staff_client):
    first = make_case(first_name="Robin", last_name="Okafor", email="robin@example.org")
    by_email = make_case(first_name="R", last_name="O", email="ROBIN@example.org")
    by_phone = make_case(email="other@example.org", phone="+16175550142")
    phone_twin = make_case(email="third@example.org", phone="+16175550142")
    by_name_dob = make_case(first_name="robin", last_name="OKAFOR", email="new@example.org")
    stranger = make_case(first_name="Sam", last_name="Other", email="sam@example.org")
    html = staff_client(COORDINATOR).get(case_url("staff_case", first)).content.decode()
    assert case_url("staff_case", by_email) in html
    assert case_url("staff_case", by_name_dob) in html
    assert "name and date of birth" in html
    assert case_url("staff_case", stranger) not in html
    assert case_url("staff_case", by_phone) not in html
    phone_html = staff_client(CLINICIAN).get(case_url("staff_case", by_phone)).content.decode()
    assert case_url("staff_case", phone_twin) in phone_html


# --- The status machine --------------------------------------------------------------------------

LEGAL = [
    (Status.NEW, Status.IN_REVIEW),
    (Status.IN_REVIEW, Status.CONTACTED),
    (Status.CONTACTED, Status.SCHEDULED),
    (Status.SCHEDULED, Status.CLOSED),
    (Status.NEW, Status.CLOSED),
    (Status.IN_REVIEW, Status.CLOSED),
    (Status.CONTACTED, Status.CLOSED),
]
ILLEGAL = [
    (Status.NEW, Status.CONTACTED),
    (Status.NEW, Status.SCHEDULED),
    (Status.NEW, Status.NEW),
    (Status.IN_REVIEW, Status.NEW),
    (Status.IN_REVIEW, Status.SCHEDULED),
    (Status.CONTACTED, Status.IN_REVIEW),
    (Status.SCHEDULED, Status.CONTACTED),
    (Status.CLOSED, Status.NEW),
    (Status.CLOSED, Status.IN_REVIEW),
    (Status.CLOSED, Status.CLOSED),
]


def test_every_status_is_in_the_flow():
    assert set(cases.STATUS_FLOW) == set(Status.values)


@pytest.mark.parametrize(("before", "after"), LEGAL)
def test_legal_transitions_are_made_and_recorded(staff_client, before, after):
    case = make_case()
    Submission.objects.filter(pk=case.pk).update(case_status=before)
    client = staff_client(COORDINATOR)
    data = {"status": after, "close_reason": "unreachable" if after == Status.CLOSED else ""}
    response = client.post(case_url("staff_case_status", case), data, follow=True)
    case.refresh_from_db()
    assert case.case_status == after
    assert "Status changed to" in response.content.decode()
    (event,) = events(case, "status_changed")
    assert event.actor == client.user
    assert event.detail["from"] == before and event.detail["to"] == after
    if after == Status.CLOSED:
        assert case.close_reason == "unreachable" and event.detail["close_reason"] == "unreachable"


@pytest.mark.parametrize(("before", "after"), ILLEGAL)
def test_illegal_transitions_are_refused_with_a_message(staff_client, before, after):
    case = make_case()
    Submission.objects.filter(pk=case.pk).update(case_status=before)
    client = staff_client(CLINICIAN)
    data = {"status": after, "close_reason": "duplicate"}
    response = client.post(case_url("staff_case_status", case), data, follow=True)
    case.refresh_from_db()
    assert case.case_status == before
    assert "cannot move to" in response.content.decode()
    assert not events(case, "status_changed")
    assert AuditEvent.objects.filter(action="case_status_changed", outcome="failed").count() == 1


def test_closing_needs_a_reason_shown_beside_the_field(staff_client):
    case = make_case()
    response = staff_client(COORDINATOR).post(
        case_url("staff_case_status", case), {"status": "closed", "close_reason": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_close_reason_error"' in html and "Choose why the case is being closed" in html
    assert 'aria-describedby="id_close_reason_helptext id_close_reason_error"' in html
    case.refresh_from_db()
    assert case.case_status == Status.NEW


def test_the_whole_path_from_new_to_closed(staff_client):
    case = make_case()
    client = staff_client(COORDINATOR)
    for status in ("in_review", "contacted", "scheduled"):
        client.post(case_url("staff_case_status", case), {"status": status})
    client.post(
        case_url("staff_case_status", case),
        {"status": "closed", "close_reason": "treated_elsewhere"},
    )
    case.refresh_from_db()
    assert (case.case_status, case.close_reason) == ("closed", "treated_elsewhere")
    path = [(e.detail["from"], e.detail["to"]) for e in events(case, "status_changed")]
    assert path == list(pairwise(["new", "in_review", "contacted", "scheduled", "closed"]))


# --- Notes, assignment, urgent flags, re-evaluation, rule-out ---------------------------------


def test_a_note_is_added_with_its_author(staff_client):
    case = make_case()
    client = staff_client(COORDINATOR)
    client.post(case_url("staff_case_note", case), {"body": "Left a voicemail, will try at 3."})
    note = CaseNote.objects.get(submission=case)
    assert note.author == client.user and note.body.startswith("Left a voicemail")
    (event,) = events(case, "note_added")
    assert event.detail == {"note": note.pk}
    html = client.get(case_url("staff_case", case)).content.decode()
    assert "Left a voicemail, will try at 3." in html


def test_an_empty_or_huge_note_is_refused(staff_client):
    case = make_case()
    client = staff_client(COORDINATOR)
    assert client.post(case_url("staff_case_note", case), {"body": ""}).status_code == 400
    assert client.post(case_url("staff_case_note", case), {"body": "x" * 5001}).status_code == 400
    assert not CaseNote.objects.exists()


def test_assignment_to_a_staff_member_and_back_to_nobody(staff_client):
    case = make_case()
    client = staff_client(COORDINATOR)
    colleague = make_staff("dr-who", CLINICIAN)
    client.post(case_url("staff_case_assign", case), {"assignee": "dr-who"})
    case.refresh_from_db()
    assert case.assigned_to == colleague
    client.post(case_url("staff_case_assign", case), {"assignee": ""})
    case.refresh_from_db()
    assert case.assigned_to is None
    details = [e.detail for e in events(case, "assigned")]
    assert details == [{"from": None, "to": "dr-who"}, {"from": "dr-who", "to": None}]


def test_only_staff_accounts_can_be_assigned(staff_client):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user(username="outsider", password="x" * 20)
    case = make_case()
    response = staff_client(ADMIN).post(
        case_url("staff_case_assign", case), {"assignee": "outsider"}
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.assigned_to is None


def test_acknowledging_an_urgent_flag_records_who_and_when(staff_client):
    case = make_case("urgent")
    client = staff_client(CLINICIAN)
    client.post(case_url("staff_case_acknowledge", case))
    case.refresh_from_db()
    assert case.urgent_acknowledged_by == client.user
    assert case.urgent_acknowledged_at is not None
    assert len(events(case, "urgent_acknowledged")) == 1
    # A second click changes nothing and says so.
    response = client.post(case_url("staff_case_acknowledge", case), follow=True)
    assert "already acknowledged" in response.content.decode()
    assert len(events(case, "urgent_acknowledged")) == 1
    html = client.get(case_url("staff_case", case)).content.decode()
    assert f"Acknowledged by {client.user.username}" in html


def test_a_case_without_an_urgent_flag_cannot_be_acknowledged(staff_client):
    case = make_case("meets")
    response = staff_client(CLINICIAN).post(case_url("staff_case_acknowledge", case), follow=True)
    assert "has no urgent flag" in response.content.decode()
    case.refresh_from_db()
    assert case.urgent_acknowledged_at is None


def test_re_evaluation_stores_a_new_determination_beside_the_old_and_makes_it_current(
    staff_client,
):
    case = make_case("meets")
    original = case.current_determination
    client = staff_client(CLINICIAN)
    response = client.post(
        case_url("staff_case_re_evaluate", case), {"profile": "seed-article"}, follow=True
    )
    case.refresh_from_db()
    assert Determination.objects.filter(submission=case).count() == 2
    new = case.current_determination
    assert new.pk != original.pk
    assert (new.profile_name, new.requested_by) == ("seed-article", client.user)
    # 8 + 10 weeks fall short of the article's 26 in total: the verdict changes.
    assert new.verdict == "does_not_meet" and original.verdict == "meets"
    original.refresh_from_db()
    assert original.verdict == "meets" and original.profile_name == "clinic-default"
    (event,) = events(case, "re_evaluated")
    assert event.detail["from_verdict"] == "meets" and event.detail["to_verdict"] == "does_not_meet"
    html = response.content.decode()
    assert "seed-article v2" in html and "Current" in html  # issue 15 raised the version
    assert "fewer weeks than this rule set requires" in html


def test_re_evaluation_refuses_an_unknown_profile(staff_client):
    case = make_case()
    response = staff_client(CLINICIAN).post(
        case_url("staff_case_re_evaluate", case), {"profile": "made-up"}
    )
    assert response.status_code == 400
    assert Determination.objects.filter(submission=case).count() == 1


def test_the_rule_out_checklist_is_saved_and_its_changes_recorded(staff_client):
    case = make_case()
    client = staff_client(CLINICIAN)
    client.post(case_url("staff_case_rule_out", case), {"thyroid": "on", "vitamins": "on"})
    client.post(case_url("staff_case_rule_out", case), {"thyroid": "on", "neurological": "on"})
    case.refresh_from_db()
    assert case.rule_out == {
        "thyroid": True,
        "vitamins": False,
        "neurological": True,
        "interacting_medicines": False,
    }
    details = [e.detail for e in events(case, "rule_out_updated")]
    assert details == [
        {"checked": ["thyroid", "vitamins"], "unchecked": []},
        {"checked": ["neurological"], "unchecked": ["vitamins"]},
    ]
    html = client.get(case_url("staff_case", case)).content.decode()
    assert 'name="thyroid" class="form-check-input" id="id_thyroid" checked' in html


def test_history_shows_who_did_what(staff_client):
    case = make_case("urgent")
    client = staff_client(CLINICIAN)
    client.post(case_url("staff_case_status", case), {"status": "in_review"})
    client.post(case_url("staff_case_acknowledge", case))
    html = client.get(case_url("staff_case", case)).content.decode()
    assert "Status: New → In review" in html
    assert "Urgent flag acknowledged" in html
    assert "Intake submitted: Meets the criteria, urgent" in html
    coordinator_html = staff_client(COORDINATOR).get(case_url("staff_case", case)).content.decode()
    assert "Intake submitted" in coordinator_html
    assert "Meets the criteria" not in coordinator_html


def test_the_print_summary_uses_print_styles_and_no_forms(staff_client):
    case = make_case("meets")
    html = staff_client(CLINICIAN).get(case_url("staff_case_summary", case)).content.decode()
    assert "/static/css/print.css" in html
    assert "Screening summary" in html and "PHQ-9 at intake" in html
    assert "<form" not in html.split('id="main"')[1].split("</main>")[0]


# --- Callback requests --------------------------------------------------------------------------


def test_callback_requests_are_listed_and_marked_handled(staff_client, woburn):
    waiting = CallbackRequest.objects.create(
        name="Pat Caller", phone="+16175550199", preferred_time="morning", preferred_location=woburn
    )
    client = staff_client(COORDINATOR)
    html = client.get(reverse("staff_callbacks")).content.decode()
    assert "Pat Caller" in html and "Morning" in html and "Woburn" in html
    client.post(reverse("staff_callback_handled", args=[waiting.public_id]))
    waiting.refresh_from_db()
    assert waiting.handled_by == client.user and waiting.handled_at is not None
    row = '<th scope="row">Pat Caller</th>'
    assert row not in client.get(reverse("staff_callbacks")).content.decode()
    assert row in client.get(reverse("staff_callbacks") + "?show=all").content.decode()
    first_time = waiting.handled_at
    client.post(reverse("staff_callback_handled", args=[waiting.public_id]))
    waiting.refresh_from_db()
    assert waiting.handled_at == first_time
    assert AuditEvent.objects.filter(action="callback_handled").count() == 1


def test_the_rule_set_sentence_states_the_engines_failure_boundary_and_v2_requirements():
    from screening import criteria
    from screening.staff.presenters.clinical import rule_set_in_words

    atrq = rule_set_in_words(criteria.PROFILES["atrq-strict"].parameters())
    assert f"failed means {criteria.NON_RESPONSE_MAX_PERCENT} % better or less" in atrq
    bcbs = rule_set_in_words(criteria.PROFILES["bcbsma-spravato"].parameters())
    assert "At least 4 adequate failed trials from at least 2 classes" in bcbs
    assert "at least 1 failed trial with augmentation" in bcbs
    assert "a clinician-rated MADRS ≥ 28 or HAM-D-17 ≥ 17" in bcbs
    blue = rule_set_in_words(criteria.PROFILES["blue-tms"].parameters())
    assert "at least 6 weeks of psychotherapy this episode" in blue
    fda = rule_set_in_words(criteria.PROFILES["fda-2019"].parameters())
    assert "from at least 1 class;" in fda and "1 classes" not in fda


def test_the_chart_draws_response_and_remission_lines_from_the_scales_module():
    from screening.criteria.scales import PHQ9_REMISSION_BELOW, PHQ9_RESPONSE_DROP

    day = timedelta(days=1)
    chart = phq9_chart([(NOW, 20), (NOW + 14 * day, 9), (NOW + 28 * day, 4)])
    lines = {line["kind"]: line for line in chart["outcome_lines"]}
    # y grows downward: the response line (20 * 0.5 = 10) sits above remission (5).
    assert PHQ9_RESPONSE_DROP == 0.5 and PHQ9_REMISSION_BELOW == 5
    assert lines["response"]["y"] < lines["remission"]["y"] < chart["bottom"]
    assert "10 or less" in lines["response"]["label"]
    assert lines["remission"]["label"] == "Remission: under 5"
    # A first score too low for a response above remission: only the remission line.
    low = phq9_chart([(NOW, 8), (NOW + day, 3)])
    assert [line["kind"] for line in low["outcome_lines"]] == ["remission"]


def test_one_score_shows_one_date_under_its_dot_and_the_table_names_outcomes(staff_client):
    single = phq9_chart([(NOW, 12)])
    assert single["single"] and single["dots"][0]["x"] > single["left"]
    case = make_case("meets")
    html = staff_client(CLINICIAN).get(case_url("staff_case", case)).content.decode()
    date = f"{NOW:%b} {NOW.day}, {NOW.year}"
    assert html.count(f">{date}</text>") == 1 and "One score, on" in html
    assert "Baseline" in html
    baseline = ScaleResponse.objects.get(submission=case, scale="phq9", source="intake").total
    ScaleResponse.objects.create(
        submission=case,
        scale="phq9",
        source="checkin",
        answers=[0] * 9,
        total=0,
        severity="minimal",
        recorded_at=NOW + timedelta(weeks=2),
    )
    html = staff_client(CLINICIAN, "second").get(case_url("staff_case", case)).content.decode()
    assert baseline and "<td>Remission</td>" in html and "One score" not in html


def test_the_contact_panel_says_what_each_channel_may_carry(staff_client):
    """Emails and texts apart (a START after an unsubscribe reopens texts only): the panel reads
    messaging_status, tested state by state in tests/reminders/test_sms_after_unsubscribe.py."""
    case = make_case("meets")
    case.unsubscribed_at = NOW
    case.save(update_fields=["unsubscribed_at"])
    html = staff_client(COORDINATOR).get(case_url("staff_case", case)).content.decode()
    assert "<dt>Emails</dt><dd>Stopped on " in html
    assert "(unsubscribe link)</dd>" in html
    assert "<dt>Texts</dt>" in html
    assert "Unsubscribed on" not in html
