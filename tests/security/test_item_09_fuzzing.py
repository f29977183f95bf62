"""security.md item 9, the acceptance test: property-based fuzzing of every public form and POST
endpoint (and the staff forms). Whatever is posted, the answer is a 2xx, 3xx or 4xx, never a 500,
and nothing is half-written: a step is either saved whole (and marked done) or the draft is left
exactly as it was; a form either adds its one row or none.

Rate limits are off here (they are tested in test_item_15_rate_limits.py): the fuzzer posts from
one address far faster than any person.
"""

from typing import Any

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from screening import criteria
from screening.intake import forms as intake_forms
from screening.intake import history_forms, medicine_forms
from screening.intake.call_me_forms import CallMeForm
from screening.intake.insurance_forms import InsuranceForm
from screening.intake.medicine_outcome_forms import MedicineOutcomeForm
from screening.intake.scales import Gad7Form, Phq9Form
from screening.models import (
    CallbackRequest,
    CaseNote,
    Consent,
    MedicationTrial,
    ScaleResponse,
    Submission,
)
from screening.pages.forms import CallbackRequestForm
from screening.reminders.checkins import checkin_link_create
from screening.staff.forms import (
    AssignForm,
    NoteForm,
    QueueFilterForm,
    ReEvaluateForm,
    RuleOutForm,
    StatusChangeForm,
)
from screening.staff.roles import CLINICIAN
from screening.staff.verification_forms import ClinicalVerifyForm, TrialVerifyForm
from tests.clients import FormClient
from tests.intake.walk import START
from tests.staff.support import make_case, make_staff, sign_in

from .support import ensure_role_groups

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
pytestmark = pytest.mark.django_db

EDGE_VALUES = [
    "", " ", "0", "-1", "1", "2", "3", "4", "99999999999999999999", "1e309", "NaN", "inf",
    "0x10", "1.5", "-0", "yes", "no", "unsure", "unknown", "on", "true", "None", "null",
    "\x00", "a\x00b", "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd",
    "%00", "\u202e", "😀", "ÿ" * 300, "x" * 5000, "02/30/2001", "13/13/1999", "12/31/9999",
    "1900-01-01", "781-555-0100", "+17815550100", "a@b.c", "@", "either",
]  # fmt: skip


def value_strategy(choices: list[str]) -> st.SearchStrategy[Any]:
    single = st.one_of(
        st.sampled_from(EDGE_VALUES + choices),
        st.text(max_size=60),
        st.integers(min_value=-(10**15), max_value=10**15).map(str),
    )
    return st.one_of(single, st.lists(single, max_size=3))


def field_choices(form: forms.Form) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for name, field in form.fields.items():
        choices = [str(c[0]) for c in getattr(field, "choices", []) if c[0] not in ("", None)]
        fields[name] = choices
    return fields


def posts_for(fields: dict[str, list[str]], prefix: str = "") -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {}, optional={f"{prefix}{name}": value_strategy(c) for name, c in fields.items()}
    )


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


def assert_handled(response) -> None:
    assert response.status_code < 500, response.content.decode(errors="replace")[:2000]


# --- The public intake ----------------------------------------------------------------------


@FUZZ
@given(data=posts_for(field_choices(intake_forms.StartForm())))
def test_item_09_fuzzing_intake_start_never_crashes_nor_writes_half(data):
    drafts, consents = Submission.objects.count(), Consent.objects.count()
    response = FormClient().post(reverse("intake_start"), data)
    assert_handled(response)
    if response.status_code == 302 and response["Location"] != reverse("intake_under_18"):
        assert Submission.objects.count() == drafts + 1
        assert Consent.objects.count() >= consents + 2  # privacy and adult at least
    else:
        assert (Submission.objects.count(), Consent.objects.count()) == (drafts, consents)


def draft_client() -> tuple[FormClient, Submission]:
    client = FormClient()
    assert client.post(reverse("intake_start"), START).status_code == 302
    return client, Submission.objects.filter(state=Submission.State.DRAFT).latest("pk")


def draft_state(draft: Submission) -> tuple:
    draft.refresh_from_db()
    return (
        draft.answers,
        sorted(draft.steps_completed),
        draft.first_name,
        draft.last_name,
        draft.email,
        draft.phone,
        draft.date_of_birth,
        draft.preferred_location_id,
        draft.contact_method,
        list(MedicationTrial.objects.filter(submission=draft).values_list("medication", "dose_mg")),
        ScaleResponse.objects.filter(submission=draft).count(),
    )


# Factories: some forms read the database (locations, staff) when they are made.
STEP_FORMS = {
    "about": lambda: intake_forms.AboutForm(today=timezone.localdate()),
    "episode": history_forms.EpisodeForm,
    "treatments": history_forms.TreatmentsForm,
    "phq9": Phq9Form,
    "gad7": Gad7Form,
    "health": intake_forms.HealthForm,
    "medicines_now": intake_forms.CurrentMedicinesForm,
    "safety": intake_forms.SafetyForm,
    "insurance": InsuranceForm,
}


@pytest.mark.parametrize("slug", STEP_FORMS)
def test_item_09_fuzzing_each_intake_step_saves_whole_or_not_at_all(slug):
    client, draft = draft_client()

    @FUZZ
    @given(data=posts_for(field_choices(STEP_FORMS[slug]())))
    def post_step(data):
        before = draft_state(draft)
        Submission.objects.filter(pk=draft.pk).update(steps_completed=["start"])
        response = client.post(reverse("intake_step", args=[slug]), data)
        assert_handled(response)
        draft.refresh_from_db()
        if response.status_code == 302:
            assert slug in draft.steps_completed
        else:
            assert draft.steps_completed == ["start"]
            assert draft_state(draft)[2:] == before[2:] and draft.answers == before[0]

    post_step()


MEDICINE_PAGES = {
    "intake_medicine_name": field_choices(medicine_forms.MedicineNameForm()) | {"offered": []},
    "intake_medicine_dose": field_choices(medicine_forms.MedicineDoseForm(medication="Zoloft")),
    "intake_medicine_outcome": field_choices(MedicineOutcomeForm()),
}


@pytest.mark.parametrize("page", MEDICINE_PAGES)
def test_item_09_fuzzing_each_medicine_page_saves_whole_or_not_at_all(page):
    """Each page of a medicine (issue 16 item 2) keeps its answers whole or leaves the draft as
    it was; only the last page makes a medicine, and never half of one."""
    from tests.intake.walk import TRIAL_ZOLOFT, medicine_pages

    client, draft = draft_client()
    pages = medicine_pages(1, TRIAL_ZOLOFT)
    names = list(MEDICINE_PAGES)
    for url, answers in pages[: names.index(page)]:
        assert client.post(url, answers).status_code == 302
    url = reverse(page, args=[1])
    start = draft_state(draft)

    @FUZZ
    @given(data=posts_for(MEDICINE_PAGES[page]))
    # Found by this test: a dose typed beside a different quick choice.
    @example(data={"dose": "100", "dose_choice": "unknown", "total_weeks": "8"})
    def post_page(data):
        Submission.objects.filter(pk=draft.pk).update(answers=start[0])
        MedicationTrial.objects.filter(submission=draft).delete()
        response = client.post(url, data)
        assert_handled(response)
        after = draft_state(draft)
        if response.status_code == 302:
            if page == "intake_medicine_outcome":
                trial = MedicationTrial.objects.get(submission=draft)
                assert trial.medication == "Zoloft" and trial.dose_mg == 100
                assert trial.adherence in (*criteria.ADHERENCE, "")
            else:
                assert after[0] != start[0]  # the page's answers were kept
        else:
            assert after[0] == start[0] and after[9] == start[9] == []

    post_page()


@FUZZ
@given(data=posts_for({"anything": [], "action": ["submit"]}))
def test_item_09_fuzzing_review_and_submit_never_submits_half(data):
    client, draft = draft_client()
    response = client.post(reverse("intake_review"), data)
    assert_handled(response)
    draft.refresh_from_db()
    assert draft.state == Submission.State.DRAFT  # incomplete: nothing frozen, nothing judged
    assert draft.current_determination_id is None


@FUZZ
@given(data=posts_for(field_choices(intake_forms.ResumeRequestForm())))
def test_item_09_fuzzing_the_resume_link_request(data):
    assert_handled(FormClient().post(reverse("intake_resume_request"), data))


def test_item_09_fuzzing_the_call_me_page_saves_a_phone_whole_or_not_at_all():
    """Issue 14 item 6's one-question page, after an urgent answer on a draft with no contact."""
    client, draft = draft_client()
    phq9 = {f"item{n}": "1" for n in range(1, 10)}
    assert client.post(reverse("intake_step", args=["phq9"]), phq9).status_code == 302

    @FUZZ
    @given(data=posts_for(field_choices(CallMeForm())))
    def run(data: dict) -> None:
        Submission.objects.filter(pk=draft.pk).update(phone="")
        response = client.post(reverse("intake_call_me"), data)
        assert_handled(response)
        draft.refresh_from_db()
        if response.status_code == 302:
            assert draft.phone.startswith("+1") and len(draft.phone) == 12
        else:
            assert draft.phone == ""

    run()


@FUZZ
@given(data=posts_for({"anything": []}))
def test_item_09_fuzzing_sign_out_of_the_screening(data):
    assert_handled(FormClient().post(reverse("intake_sign_out"), data))


@FUZZ
@given(data=posts_for(field_choices(CallbackRequestForm(locations=[]))))
def test_item_09_fuzzing_the_contact_form_adds_one_row_or_none(data):
    before = CallbackRequest.objects.count()
    response = FormClient().post(reverse("contact"), data)
    assert_handled(response)
    expected = before + 1 if response.status_code == 302 else before
    assert CallbackRequest.objects.count() == expected


def test_item_09_fuzzing_the_checkin_records_one_answer_set_or_none():
    case = make_case("meets")
    client = FormClient()

    @FUZZ
    @given(data=posts_for(field_choices(Phq9Form())))
    def post_checkin(data):
        if "checkin_link" not in client.session:
            token = checkin_link_create(submission=case, now=timezone.now())
            client.get(reverse("checkin_start", args=[token]))
        checkins = ScaleResponse.objects.filter(source=ScaleResponse.Source.CHECKIN)
        before = checkins.count()
        response = client.post(reverse("checkin"), data)
        assert_handled(response)
        assert checkins.count() == before + (1 if response.status_code == 302 else 0)

    post_checkin()


URL_TEXT = st.text(
    alphabet=st.characters(blacklist_characters="/?#%", blacklist_categories=("Cs", "Cc")),
    min_size=1,
    max_size=80,
)


@FUZZ
@given(token=URL_TEXT, data=posts_for({"List-Unsubscribe": ["One-Click"]}))
def test_item_09_fuzzing_the_one_click_unsubscribe(token, data):
    assert_handled(FormClient().post(f"/unsubscribe/{token}/", data))


@FUZZ
@given(data=posts_for({"username": ["nurse"], "password": [], "next": ["/staff/", "//evil"]}))
def test_item_09_fuzzing_the_staff_sign_in(data):
    response = FormClient().post(reverse("staff_login"), data)
    assert_handled(response)
    assert response.status_code != 302 or "_auth_user_id" in response.wsgi_request.session


def test_item_09_fuzzing_the_second_factor():
    ensure_role_groups()
    client = FormClient()
    sign_in(client, make_staff("nurse", CLINICIAN), second_factor=False)

    @FUZZ
    @given(data=posts_for({"token": ["123456", "000000"], "next": ["/staff/"]}))
    def post_code(data):
        response = client.post(reverse("staff_verify"), data)
        assert_handled(response)
        assert response.status_code != 302

    post_code()


# --- Staff forms ----------------------------------------------------------------------------

STAFF_FORMS = {
    "staff_case_status": StatusChangeForm,
    "staff_case_assign": AssignForm,
    "staff_case_note": NoteForm,
    "staff_case_re_evaluate": ReEvaluateForm,
    "staff_case_rule_out": RuleOutForm,
    "staff_case_acknowledge": NoteForm,  # takes no fields: anything posted is ignored
    "staff_case_verify_trial": lambda: TrialVerifyForm(positions=(1, 2)),
    "staff_case_verify_clinical": ClinicalVerifyForm,
    "staff_queue": lambda: QueueFilterForm(clinical=True),
}


@pytest.mark.parametrize("name", STAFF_FORMS)
def test_item_09_fuzzing_the_staff_forms(name):
    ensure_role_groups()
    client = FormClient()
    sign_in(client, make_staff("clinician", CLINICIAN))
    case = make_case("urgent")
    fields = field_choices(STAFF_FORMS[name]())
    path = reverse(name) if name == "staff_queue" else reverse(name, args=[case.public_id])

    @FUZZ
    @given(data=posts_for(fields))
    def post_form(data):
        notes = CaseNote.objects.count()
        response = client.post(path, data)
        assert_handled(response)
        if name == "staff_case_note":
            assert CaseNote.objects.count() == notes + (1 if response.status_code == 302 else 0)

    post_form()
