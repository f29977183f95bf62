"""The medicines step, one medicine at a time (issue 16 item 2), on the GOV.UK "add another"
pattern: a list of the medicines told so far, each with Change and Remove, and three short pages
per medicine (name, dose and how long, how it went). Every page works without JavaScript.
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from screening import criteria
from screening.intake import medicine_services as medicines
from screening.intake import views as intake
from screening.intake.facts import trials_of
from screening.intake.kept_typing import keeps_typing, shown_as_typed
from screening.intake.medicine_forms import MAX_TRIALS, MedicineDoseForm, MedicineNameForm
from screening.intake.medicine_outcome_forms import MedicineOutcomeForm
from screening.intake.medicine_presenters import trial_rows
from screening.intake.strengths import recognised_name
from screening.models import Submission

STEP = "medications"


def _stored(draft: Submission) -> list[dict[str, Any]]:
    """The saved medicines, read once per request (the pages ask more than once)."""
    cached: list[dict[str, Any]] | None = getattr(draft, "_medicines", None)
    if cached is None:
        cached = trials_of(draft)
        draft._medicines = cached  # type: ignore[attr-defined]
    return cached


def _as_json(trial: dict[str, Any]) -> dict[str, Any]:
    dose = trial.get("dose_mg")
    return {**trial, "dose_mg": None if dose is None else f"{dose.normalize():f}"}


def _in_progress(draft: Submission, number: int) -> dict[str, Any]:
    """What is known of medicine `number`: the pages saved so far, else the stored medicine."""
    kept = draft.answers.get(medicines.IN_PROGRESS) or {}
    if kept.get("number") == number:
        return dict(kept)
    stored = _stored(draft)
    return _as_json(stored[number - 1]) if number <= len(stored) else {}


def _checked_number(draft: Submission, number: int) -> int:
    count = len(_stored(draft))
    if not 1 <= number <= min(count + 1, MAX_TRIALS):
        raise Http404
    return number


def _url(request: HttpRequest, name: str, number: int | None = None) -> str:
    url = reverse(name, args=[number] if number is not None else [])
    if request.GET.get("return") == intake.RETURN_TO_REVIEW:
        url += f"?return={intake.RETURN_TO_REVIEW}"
    return url


def _list_url(request: HttpRequest) -> str:
    url = reverse("intake_medications")
    if request.GET.get("return") == intake.RETURN_TO_REVIEW:
        url += f"?return={intake.RETURN_TO_REVIEW}"
    return url


def _after_medicine(request: HttpRequest) -> HttpResponse:
    return redirect(_list_url(request))


def _page(
    request: HttpRequest,
    draft: Submission,
    template: str,
    *,
    heading: str,
    number: int,
    form: Any,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = intake.step_context(request, draft, STEP)
    context.update(
        heading=heading,
        number=number,
        form=form,
        errors=intake.error_summary(form),
        back_url=_list_url(request),
        # The way back to the review is the list's button; these pages lead on to the next.
        return_to_review=False,
        **extra,
    )
    return render(request, template, context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@intake.draft_required
def medications(request: HttpRequest, draft: Submission) -> HttpResponse:
    """The list ("Medicines you have told us about") and the way on from it."""
    if request.method == "POST":
        medicines.draft_medicines_done(submission_id=draft.pk, now=timezone.now())
        return intake.after_save(request, STEP)
    rows = trial_rows(_stored(draft))
    context = intake.step_context(request, draft, STEP)
    context.update(
        rows=rows,
        add_url=_url(request, "intake_medicine_name", len(rows) + 1),
        can_add=len(rows) < MAX_TRIALS,
        max_trials=MAX_TRIALS,
        suggestions=criteria.suggestion_names(),
        form=MedicineNameForm(),
        errors=[],
    )
    return render(request, "intake/medications.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@intake.draft_required
@keeps_typing
def medicine_name(request: HttpRequest, draft: Submission, number: int) -> HttpResponse:
    number = _checked_number(draft, number)
    known = _in_progress(draft, number)
    form = MedicineNameForm(
        request.POST or None, initial={"medication": known.get("medication", "")}
    )
    form = shown_as_typed(request, form)
    if request.method == "POST" and form.is_valid() and not form.needs_confirmation:
        name = form.cleaned_data["medication"]
        kept = {**known, "medication": name, "number": number}
        medicines.draft_save_medicine_in_progress(
            submission_id=draft.pk, number=number, answers=kept, now=timezone.now()
        )
        return redirect(_url(request, "intake_medicine_dose", number))
    heading = _("Medicine %(number)s") % {"number": number}
    return _page(
        request,
        draft,
        "intake/medicine_name.html",
        heading=heading,
        number=number,
        form=form,
        suggestions=criteria.suggestion_names(),
    )


def _named(request: HttpRequest, draft: Submission, number: int) -> dict[str, Any] | None:
    known = _in_progress(draft, number)
    return known if known.get("medication") else None


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@intake.draft_required
@keeps_typing
def medicine_dose(request: HttpRequest, draft: Submission, number: int) -> HttpResponse:
    number = _checked_number(draft, number)
    known = _named(request, draft, number)
    if known is None:
        return redirect(_url(request, "intake_medicine_name", number))
    name = known["medication"]
    form = MedicineDoseForm(
        request.POST or None,
        medication=name,
        initial=MedicineDoseForm.initial_from(known, name),
    )
    form = shown_as_typed(request, form)
    if request.method == "POST" and form.is_valid():
        medicines.draft_save_medicine_in_progress(
            submission_id=draft.pk,
            number=number,
            answers=form.in_progress(),
            now=timezone.now(),
        )
        return redirect(_url(request, "intake_medicine_outcome", number))
    return _page(
        request,
        draft,
        "intake/medicine_page.html",
        heading=recognised_name(name),
        number=number,
        form=form,
        caption=_("Dose and how long"),
        change_name_url=_url(request, "intake_medicine_name", number),
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@intake.draft_required
@keeps_typing
def medicine_outcome(request: HttpRequest, draft: Submission, number: int) -> HttpResponse:
    number = _checked_number(draft, number)
    known = _named(request, draft, number)
    if known is None:
        return redirect(_url(request, "intake_medicine_name", number))
    if "weeks" not in known:
        return redirect(_url(request, "intake_medicine_dose", number))
    form = MedicineOutcomeForm(
        request.POST or None, initial=MedicineOutcomeForm.initial_from(known)
    )
    form = shown_as_typed(request, form)
    if request.method == "POST" and form.is_valid():
        medicines.draft_save_trial(
            submission_id=draft.pk,
            number=number,
            trial={**known, **form.outcome()},
            now=timezone.now(),
        )
        if request.GET.get("return") == intake.RETURN_TO_REVIEW:
            return redirect("intake_review")  # a Change link from the review goes back there
        return _after_medicine(request)
    return _page(
        request,
        draft,
        "intake/medicine_page.html",
        heading=recognised_name(known["medication"]),
        number=number,
        form=form,
        caption=_("How it went"),
        continue_label=_("Save this medicine"),
        change_name_url=_url(request, "intake_medicine_name", number),
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@intake.draft_required
def medicine_remove(request: HttpRequest, draft: Submission, number: int) -> HttpResponse:
    stored = _stored(draft)
    if not 1 <= number <= len(stored):
        raise Http404
    if request.method == "POST":
        if request.POST.get("remove") == "yes":
            medicines.draft_remove_trial(submission_id=draft.pk, number=number, now=timezone.now())
        return _after_medicine(request)
    context = intake.step_context(request, draft, STEP)
    context.update(
        heading=_("Remove %(name)s?") % {"name": recognised_name(stored[number - 1]["medication"])},
        back_url=_list_url(request),
        errors=[],
    )
    return render(request, "intake/medicine_remove.html", context)


def refused_again(
    request: HttpRequest, draft: Submission, url_name: str, number: int
) -> HttpResponse | None:
    """A medicine page whose post failed the CSRF check, shown again with what was typed and
    nothing saved (screening/intake/csrf.py); None for any other page."""
    known = _in_progress(draft, number) if 1 <= number <= MAX_TRIALS else {}
    name = str(known.get("medication") or "")
    if url_name == "intake_medicine_name":
        form: Any = MedicineNameForm(request.POST)
        heading = _("Medicine %(number)s") % {"number": number}
        template = "intake/medicine_name.html"
    elif url_name == "intake_medicine_dose" and name:
        form = MedicineDoseForm(request.POST, medication=name)
        heading, template = recognised_name(name), "intake/medicine_page.html"
    elif url_name == "intake_medicine_outcome" and name:
        form = MedicineOutcomeForm(request.POST)
        heading, template = recognised_name(name), "intake/medicine_page.html"
    else:
        return None
    return _page(
        request,
        draft,
        template,
        heading=heading,
        number=number,
        form=form,
        status=403,
        suggestions=criteria.suggestion_names(),
    )
