"""The whole intake through the test client: every path the issue names."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from screening import criteria
from screening.intake import services as intake
from screening.intake.facts import facts_from_submission
from screening.models import Determination, MedicationTrial, Reminder, ScaleResponse, Submission
from screening.security.resume_mail import resume_requests_process
from tests.clients import without_csrf_token

from .walk import (
    ABOUT,
    EPISODE,
    HEALTH,
    SAFETY,
    START,
    TREATMENTS,
    TRIAL_EFFEXOR,
    TRIAL_ZOLOFT,
    post_trials,
    scale_post,
    step_url,
    walk,
)

pytestmark = pytest.mark.django_db


def only_submission() -> Submission:
    return Submission.objects.get()


def assert_stored_determination_matches_engine(submission: Submission) -> None:
    determination = submission.current_determination
    expected = criteria.evaluate(
        criteria.parse_facts(facts_from_submission(submission)),
        criteria.get_profile(determination.profile_name),
    )
    assert determination.result == expected.to_json()
    assert determination.facts == facts_from_submission(submission)


def test_a_history_that_meets_the_criteria(client):
    response = walk(client)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("intake_result")
    assert "You have tried 2 medicines from 2" in html
    assert "Thank you, Robin" in html
    submission = only_submission()
    assert submission.state == Submission.State.SUBMITTED
    assert submission.current_determination.verdict == "meets"
    assert submission.phone == "+17815550134"
    assert_stored_determination_matches_engine(submission)
    # Options come from the engine's flags: none flagged, criteria met.
    assert reverse("treatment_spravato") in html and reverse("treatment_tms") in html


def test_a_history_that_needs_review(client):
    unknown_dose = {**TRIAL_EFFEXOR, "dose": "", "dose_choice": "unknown"}
    response = walk(client, trials=[TRIAL_ZOLOFT, unknown_dose])
    html = response.content.decode()
    assert "We need a little more information" in html
    # The truth about the list, from the engine's trials and reasons (issue 16 item 9).
    assert "You told us about 2 medicines: 1 clearly counts." in html
    assert "For Effexor XR (venlafaxine) we need the dose — we&#x27;ll ask you." in html
    submission = only_submission()
    assert submission.current_determination.verdict == "needs_review"
    assert MedicationTrial.objects.get(position=2).dose_mg is None
    assert_stored_determination_matches_engine(submission)


def test_a_history_that_does_not_meet(client):
    response = walk(client, trials=[TRIAL_ZOLOFT])
    html = response.content.decode()
    # The clinic's own rule, from the active profile's numbers (issue 16 item 11).
    assert "usual definition" not in html
    assert "our clinic's rule for treatment-resistant depression" in html
    assert "at least 2 medicines from 2 different groups" in html
    assert "from 1 different group" not in html
    assert "You told us about 1 medicine: 1 clearly counts." in html
    assert only_submission().current_determination.verdict == "does_not_meet"
    # Ketamine and Spravato need the criteria; TMS and support are still offered.
    assert reverse("treatment_spravato") not in html.split('id="options-heading"')[1]
    assert reverse("treatment_support") in html


def test_zero_trials_is_allowed(client):
    response = walk(client, trials=[])
    assert response.status_code == 200
    assert only_submission().current_determination.verdict == "does_not_meet"


def test_item9_positive_shows_crisis_help_on_the_next_page_and_marks_urgent(client):
    walk(client, submit=False)
    response = client.post(step_url("phq9"), scale_post([2, 2, 2, 2, 1, 2, 1, 1, 1]))
    assert response["Location"] == step_url("gad7")
    html = client.get(step_url("gad7")).content.decode()
    panel = html.index('class="crisis-panel"')
    assert panel < html.index("<h1")
    assert 'href="tel:988"' in html[panel:] and "741741" in html[panel:]
    result = client.post(reverse("intake_review"), follow=True).content.decode()
    assert 'class="crisis-panel"' in result
    submission = only_submission()
    assert submission.urgent
    assert Reminder.objects.filter(submission=submission, kind="urgent_alert").exists()


def test_no_crisis_panel_when_item9_is_zero(client):
    walk(client, submit=False)
    assert 'class="crisis-panel"' not in client.get(step_url("gad7")).content.decode()


def test_double_submit_yields_one_submission(client):
    walk(client, submit=False)
    first = client.post(reverse("intake_review"))
    second = client.post(reverse("intake_review"))
    assert first["Location"] == reverse("intake_result")
    assert second["Location"] == reverse("intake_result")
    assert Submission.objects.count() == 1
    assert Determination.objects.count() == 1


def test_a_draft_is_resumed_on_another_device_through_a_single_use_link(client, django_user_model):
    from django.test import Client

    walk(client, submit=False)
    draft = only_submission()
    token = intake.resume_link_create(submission=draft, now=timezone.now())
    other_device = Client()
    response = other_device.get(reverse("intake_resume", args=[token]))
    # The token leaves the address at once.
    assert response.status_code == 302
    assert token not in response["Location"]
    review = other_device.get(reverse("intake_review")).content.decode()
    assert "Zoloft" in review and "Effexor XR" in review and "robin@example.org" in review
    # Single use: the same link again explains itself and offers a new one.
    again = Client().get(reverse("intake_resume", args=[token]))
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_an_expired_link_explains_itself(client):
    walk(client, submit=False)
    token = intake.resume_link_create(
        submission=only_submission(), now=timezone.now() - timedelta(days=8)
    )
    response = client.get(reverse("intake_resume", args=[token]))
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_asking_for_a_new_link_never_reveals_whether_the_address_exists(client):
    walk(client, submit=False)
    known = client.post(reverse("intake_resume_request"), {"email": "robin@example.org"})
    unknown = client.post(reverse("intake_resume_request"), {"email": "nobody@example.org"})
    assert without_csrf_token(known.content) == without_csrf_token(unknown.content)
    # The requests are looked up after the page has answered (issue 14 item 11).
    resume_requests_process(now=timezone.now())
    links = Reminder.objects.filter(kind="resume_link")
    assert links.count() == 2  # one after step 2, one asked for


def test_the_same_device_finds_its_draft_by_cookie_after_the_session_ends(client):
    walk(client, submit=False)
    client.session.flush()
    cookie = client.cookies["intake_device"].value
    client.cookies.clear()
    client.cookies["intake_device"] = cookie
    html = client.get(reverse("intake_start")).content.decode()
    assert "Continue where you left off" in html


def test_editing_from_review_returns_to_review(client):
    walk(client, submit=False)
    response = client.post(step_url("episode") + "?return=review", {**EPISODE, "months": "20"})
    assert response["Location"] == reverse("intake_review")
    assert only_submission().answers["episode"]["months"] == 20


INVALID_STEPS = [
    ("about", {**ABOUT, "email": "not-an-email"}, "email", 'value="Robin"'),
    ("about", {**ABOUT, "date_of_birth": "03/27/2015"}, "date_of_birth", 'value="Quill"'),
    ("about", {**ABOUT, "phone": "12345"}, "phone", 'value="robin@example.org"'),
    ("about", {**ABOUT, "phone": "", "contact_method": "text"}, "phone", 'value="Quill"'),
    ("episode", {**EPISODE, "months": "-3"}, "months", 'value="16"'),
    ("episode", {**EPISODE, "onset_age": "sixteen"}, "onset_age", 'value="14"'),
    (
        "treatments",
        {**TREATMENTS, "treatments_before": ["none", "ect"]},
        "treatments_before",
        'value="6"',
    ),
    ("health", {**HEALTH, "substance_use": ["none", "alcohol"]}, "substance_use", "hypothyroidism"),
    ("safety", {**SAFETY, "seizure_history": ""}, "seizure_history", "checked"),
    ("phq9", scale_post([1, 1, 1, 1, 1, 1, 1, 1]), "item9", "checked"),
    ("gad7", scale_post([1, 1, 1, 1, 1, 1, 9]), "item7", "checked"),
]


@pytest.mark.parametrize(("slug", "data", "field", "kept"), INVALID_STEPS)
def test_invalid_input_keeps_everything_typed_and_writes_nothing(client, slug, data, field, kept):
    client.post(reverse("intake_start"), START)
    draft = only_submission()
    before = (dict(draft.answers), draft.email, ScaleResponse.objects.count())
    response = client.post(step_url(slug), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert kept in html
    assert 'id="error-summary"' in html
    assert f'href="#id_{field}' in html
    # The message itself sits beside the field (crispy's id for a field's first error), and the
    # field is marked invalid for screen readers.
    assert f'id="error_1_id_{field}"' in html
    assert 'aria-invalid="true"' in html or "is-invalid" in html
    draft.refresh_from_db()
    assert (dict(draft.answers), draft.email, ScaleResponse.objects.count()) == before
    assert slug not in draft.steps_completed


# The medicine pages' own bad-input tests are in test_medicines.py.


def test_under_18_gets_a_kind_message_and_no_draft(client):
    response = client.post(reverse("intake_start"), {**START, "adult": "no"}, follow=True)
    assert "This online screening is for adults" in response.content.decode()
    assert Submission.objects.count() == 0


def test_steps_without_a_draft_go_back_to_the_start(client):
    response = client.get(step_url("phq9"))
    assert response["Location"] == reverse("intake_start")


def test_every_intake_page_is_no_store_and_has_no_personal_data_in_urls(client):
    walk(client, submit=False)
    for url in [reverse("intake_start"), reverse("intake_review")] + [
        step_url(s) for s in ("about", "episode", "medications", "phq9", "safety")
    ]:
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        hrefs = re.findall(r'(?:href|action)="([^"]*)"', response.content.decode())
        assert not [h for h in hrefs if "robin" in h.lower() or "quill" in h.lower()]


@pytest.mark.parametrize("slug", ["about", "episode", "medications", "phq9", "health", "safety"])
def test_query_count_per_step_does_not_grow_with_the_draft(client, slug):
    walk(client, submit=False)
    with CaptureQueriesContext(connection) as small:
        client.get(step_url(slug))
    post_trials(client, [TRIAL_ZOLOFT] * 15)
    with CaptureQueriesContext(connection) as large:
        client.get(step_url(slug))
    assert len(small) == len(large)


def test_item9_alerts_staff_at_once_even_before_submitting_and_only_once(client):
    walk(client, submit=False, phq9=[2, 2, 2, 2, 1, 2, 1, 1, 2])
    draft = only_submission()
    assert draft.urgent and draft.is_draft
    assert Reminder.objects.filter(submission=draft, kind="urgent_alert").count() == 1
    # Changing the answer before submitting does not take the alert back, nor send another.
    client.post(step_url("phq9"), scale_post([2, 2, 2, 2, 1, 2, 1, 1, 0]))
    client.post(reverse("intake_review"))
    submission = only_submission()
    assert submission.urgent
    assert Reminder.objects.filter(submission=submission, kind="urgent_alert").count() == 1


def test_result_page_gives_the_phq9_severity_in_words(client):
    html = walk(client, phq9=[2, 2, 2, 2, 2, 2, 2, 2, 0]).content.decode()
    assert "16 out of 27" in html and '"moderately severe"' in html


def test_a_draft_is_resumed_from_the_link_in_the_email_sent_after_step_2(client, mailoutbox):
    """The whole path: step 2 queues the email, the reminder pipeline sends it, the link works."""
    from django.test import Client

    from screening.reminders.dispatch import reminder_send, reminders_dispatch

    walk(client, submit=False)
    # Noon tomorrow, clinic time: the reminder is due, and it is outside quiet hours.
    now = (timezone.localtime() + timedelta(days=1)).replace(hour=12)
    claimed = reminders_dispatch(now=now, enqueue=lambda ids: None)
    link_reminder = Reminder.objects.get(kind="resume_link")
    assert link_reminder.pk in claimed
    reminder_send(reminder_id=link_reminder.pk, now=now)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["robin@example.org"]
    path = re.search(r"/intake/resume/[\w-]+/", message.body).group(0)
    assert "Zoloft" not in message.body and "depress" not in message.subject.lower()

    fresh_device = Client()
    assert fresh_device.get(path).status_code == 302
    review = fresh_device.get(reverse("intake_review")).content.decode()
    for answer in ("Robin", "Quill", "Zoloft", "Effexor XR", "225 mg a day", "Hypothyroidism"):
        assert answer.lower() in review.lower(), answer


def test_the_location_must_be_chosen_not_defaulted(client):
    client.post(reverse("intake_start"), START)
    html = client.get(step_url("about")).content.decode()
    radios = re.findall(r'<input[^>]*name="preferred_location"[^>]*>', html)
    assert radios and not any("checked" in radio for radio in radios)
    response = client.post(step_url("about"), {**ABOUT, "preferred_location": ""})
    assert "Choose a location" in response.content.decode()


@pytest.mark.parametrize("typed", ["3 27 1985", "03/27/1985", "3-27-85", "3.27.1985", "03271985"])
def test_a_date_of_birth_with_any_separator(client, typed):
    client.post(reverse("intake_start"), START)
    assert client.post(step_url("about"), {**ABOUT, "date_of_birth": typed}).status_code == 302
    assert str(only_submission().date_of_birth) == "1985-03-27"


@pytest.mark.parametrize("language", ["es", "pt-br"])
@pytest.mark.parametrize("typed", ["27 3 1985", "27/03/1985", "27-3-85", "27031985"])
def test_a_day_first_language_reads_the_day_first(client, settings, language, typed):
    """Issue 19: a Brazilian or Latin American 05/03/1985 is 5 March, so in Spanish and
    Portuguese the order is day, month, year, and the hint and the saved value say so."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.post(reverse("intake_start"), START)
    assert client.post(step_url("about"), {**ABOUT, "date_of_birth": typed}).status_code == 302
    assert str(only_submission().date_of_birth) == "1985-03-27"
    assert 'value="27/03/1985"' in client.get(step_url("about")).content.decode()


def test_forms_a_person_can_fill_on_a_phone(client):
    """Issue 16 item 7: autocomplete, messages that say what to do, "Error:" in the title, and
    nothing dropped: "ten" comes back, an over-long text is refused, not cut."""
    client.post(reverse("intake_start"), START)
    html = client.get(step_url("about")).content.decode()
    for name, token in (
        ("first_name", "given-name"),
        ("last_name", "family-name"),
        ("email", "email"),
        ("phone", "tel"),
        ("date_of_birth", "bday"),
    ):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert f'autocomplete="{token}"' in field, name
        assert "maxlength" not in field, name
    empty = client.post(step_url("about"), {"first_name": ""}).content.decode()
    assert "<title>Error: " in empty
    for message in ("Enter your first name", "Enter your last name", "Enter your date of birth"):
        assert message in empty
    assert "This field is required" not in empty
    ten = client.post(step_url("episode"), {**EPISODE, "months": "ten"}).content.decode()
    assert 'value="ten"' in ten and "Enter a whole number, like 6" in ten
    long_text = "x" * 1001
    data = {"kinds": ["none"], "allergies": long_text}
    refused = client.post(step_url("medicines_now"), data).content.decode()
    assert long_text in refused and "Shorten this to 1000 characters or fewer" in refused
    assert "medicines_now" not in only_submission().answers


def test_a_saved_date_of_birth_comes_back_in_the_format_the_hint_asks_for(client):
    walk(client, submit=False)
    assert 'value="03/27/1985"' in client.get(step_url("about")).content.decode()


def test_not_sure_on_a_safety_question_is_never_told_as_nothing_to_look_at(client):
    """Issue 16 item 3: "I'm not sure" goes to staff as unanswered, and the result page says a
    clinician will go through it, never that no answer needs a closer look."""
    walk(client, submit=False)
    client.post(step_url("safety"), {**SAFETY, "seizure_history": "unsure"})
    html = client.post(reverse("intake_review"), follow=True).content.decode()
    assert "none of your safety answers needs a closer look" not in html
    assert "We still need to go through a few safety questions about TMS" in html
    determination = only_submission().current_determination
    assert determination.explanation["unanswered_safety"] == ["seizure_history"]


def test_engine_v2_answers_reach_the_stored_determination(client):
    """Psychotherapy, age from the date of birth and bipolar disorder (issue 16 item 3)."""
    walk(client, submit=False)
    client.post(step_url("episode"), {**EPISODE, "bipolar": "yes"})
    client.post(reverse("intake_review"))
    submission = only_submission()
    facts = submission.current_determination.facts
    assert facts["psychotherapy"] == {"weeks": 6, "current_episode": True, "kind": "cbt"}
    assert facts["patient"]["age"] >= 41  # born 03/27/1985
    assert "bipolar" in facts["comorbidities"]
    assert_stored_determination_matches_engine(submission)
    assert submission.current_determination.verdict == "needs_review"  # bipolar: a clinician


@pytest.mark.parametrize("profile", ["fda-2019", "tms-clearance", "bcbsma-spravato"])
def test_the_does_not_meet_sentence_follows_the_active_profile(client, profile):
    from screening.models import ClinicSettings

    ClinicSettings.objects.update_or_create(pk=ClinicSettings.load().pk, defaults={})
    ClinicSettings.objects.update(active_profile_name=profile)
    rules = criteria.get_profile(profile)
    html = walk(client, trials=[{**TRIAL_ZOLOFT, "improvement": "remission"}]).content.decode()
    assert only_submission().current_determination.verdict == "does_not_meet"
    assert "from 1 different group" not in html and "usual definition" not in html
    assert f"at least {rules.min_failed_trials} medicine" in html
    if rules.min_distinct_classes > 1:
        assert f"from {rules.min_distinct_classes} different groups" in html


def test_urgent_result_never_promises_business_days_and_asks_for_a_phone(client):
    walk(client, submit=False, about={**ABOUT, "phone": ""}, phq9=[2, 2, 2, 2, 1, 2, 1, 1, 1])
    html = client.post(reverse("intake_review"), follow=True).content.decode()
    assert "business days" not in html
    assert "as soon as they can" in html
    assert 'action="/intake/result/phone/"' in html and 'autocomplete="tel"' in html
    bad = client.post(reverse("intake_result_phone"), {"phone": "12"})
    assert bad.status_code == 400 and "<title>Error: " in bad.content.decode()
    assert 'value="12"' in bad.content.decode()
    assert only_submission().phone == ""
    good = client.post(reverse("intake_result_phone"), {"phone": "781 555 0134"}, follow=True)
    assert only_submission().phone == "+17815550134"
    assert 'action="/intake/result/phone/"' not in good.content.decode()


def test_the_result_gives_a_reference_to_quote_and_the_minimal_sentence_not_beside_crisis_help(
    client,
):
    html = walk(client, phq9=[0, 0, 0, 0, 0, 0, 0, 0, 1]).content.decode()
    submission = only_submission()
    assert f"REF-{submission.pk:06d}" in html
    assert 'class="crisis-panel"' in html
    assert "Depression may not be weighing on you much" not in html


def test_the_full_crisis_panel_shows_once_then_a_one_line_reminder(client):
    walk(client, submit=False, phq9=[2, 2, 2, 2, 1, 2, 1, 1, 1])
    first = client.get(step_url("gad7")).content.decode()
    assert 'class="crisis-panel"' in first and 'role="alert"' in first
    later = client.get(step_url("health")).content.decode()
    assert 'class="crisis-panel"' not in later
    reminder = later.index('class="crisis-reminder"')
    assert reminder < later.index("<h1") and 'href="tel:988"' in later[reminder:]


def test_started_on_another_device_from_the_landing_page_too(client):
    """Issue 16 item 10: the landing page offers the link, and an empty address gets an error
    summary."""
    landing = client.get(reverse("landing")).content.decode()
    assert "Started on another device?" in landing
    assert f'action="{reverse("intake_resume_request")}"' in landing
    empty = client.post(reverse("intake_resume_request"), {"email": ""}).content.decode()
    assert 'id="error-summary"' in empty and "<title>Error: " in empty
    assert "Enter the email address you gave in the screening" in empty


def test_insurance_is_optional_and_can_be_skipped(client):
    """Issue 16 item 4: insurer, plan type and member ID on the submission; "Skip" saves the
    step with nothing answered, whatever was typed."""
    walk(client, submit=False)
    draft = only_submission()
    assert (draft.insurer, draft.plan_type, draft.member_id) == ("bcbsma", "ppo", "XYZ123456789")
    html = client.get(step_url("insurance")).content.decode()
    assert "Blue Cross Blue Shield of Massachusetts" in html and "MassHealth" in html
    assert 'type="file"' not in html
    skipped = client.post(step_url("insurance"), {"insurer": "medicare", "action": "skip"})
    assert skipped.status_code == 302
    draft.refresh_from_db()
    assert (draft.insurer, draft.plan_type, draft.member_id) == ("", "", "")
    assert "insurance" in draft.steps_completed
    bad = client.post(step_url("insurance"), {"member_id": "<script>"}).content.decode()
    assert "letters, numbers, spaces and hyphens only" in bad


def test_current_medicines_are_kept_as_codes_for_the_packet(client):
    """Issue 16 item 5: the REMS form's medicines as stable codes, plus free text."""
    walk(client, submit=False)
    response = client.post(
        step_url("medicines_now"),
        {"kinds": ["benzodiazepine", "opioid"], "other": "Lisinopril 10 mg", "allergies": ""},
    )
    assert response.status_code == 302
    saved = only_submission().answers["medicines_now"]
    assert saved == {
        "kinds": ["benzodiazepine", "opioid"],
        "other": "Lisinopril 10 mg",
        "allergies": "",
    }
    both = client.post(step_url("medicines_now"), {"kinds": ["none", "maoi"]}).content.decode()
    assert "None of these" in both and 'id="error-summary"' in both
