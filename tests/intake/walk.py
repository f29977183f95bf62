"""Drive the intake through the Django test client, one real POST per step."""

from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from screening import criteria
from screening.intake.fields import day_first

START = {"privacy": "on", "adult": "yes", "email_reminders": "on"}
ABOUT = {
    "first_name": "Robin",
    "last_name": "Quill",
    "date_of_birth": "03/27/1985",
    "email": "robin@example.org",
    "phone": "(781) 555-0134",
    "preferred_location": "either",
    "contact_method": "email",
}
EPISODE = {
    "months": "14",
    "onset_age": "16",
    "prior_episodes": "2",
    "psychotic": "never",
    "bipolar": "no",
    "hospitalisations": "0",
}
TREATMENTS = {
    "psychotherapy": "yes",
    "psychotherapy_kind": "cbt",
    "psychotherapy_weeks": "6",
    "psychotherapy_current_episode": "yes",
    "treatments_before": ["none"],
}
HEALTH = {
    "medical_conditions": ["hypothyroidism"],
    "mental_health_conditions": ["generalized_anxiety"],
    "substance_use": ["none"],
    "social_support": "some",
}
MEDICINES_NOW = {"kinds": ["none"], "other": "", "allergies": ""}
SAFETY = dict.fromkeys(criteria.SAFETY_KEYS, "no")
INSURANCE = {"insurer": "bcbsma", "plan_type": "ppo", "member_id": "XYZ123456789"}

TRIAL_ZOLOFT = {
    "medication": "Zoloft",
    "dose": "100",
    "total_weeks": "8",
    "weeks_band": "same",
    "improvement": "partial",
    "adherence": "most",
    "stopped_for_side_effects": "no",
    "current_episode": "yes",
    "boosted": "nothing",
}
TRIAL_EFFEXOR = {
    "medication": "Effexor XR",
    "dose": "225 mg",
    "total_weeks": "12",
    "weeks": "10",
    "improvement": "none",
    "adherence": "all",
    "stopped_for_side_effects": "no",
    "current_episode": "yes",
    "boosted": "nothing",
}
# Which page of a medicine (screening/intake/medicine_forms.py) asks which answer.
NAME_FIELDS = ("medication", "meant", "offered")
DOSE_FIELDS = ("dose", "dose_choice", "total_weeks", "total_band", "weeks", "weeks_band")


def medicine_pages(number: int, trial: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The three posts that tell one medicine: its name, its dose and how long, how it went."""
    name = {k: v for k, v in trial.items() if k in NAME_FIELDS}
    dose = {k: v for k, v in trial.items() if k in DOSE_FIELDS}
    outcome = {k: v for k, v in trial.items() if k not in NAME_FIELDS + DOSE_FIELDS}
    return [
        (reverse("intake_medicine_name", args=[number]), name),
        (reverse("intake_medicine_dose", args=[number]), dose),
        (reverse("intake_medicine_outcome", args=[number]), outcome),
    ]


def medicines_posts(trials: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Every post of the medicines step: each medicine's pages, then "I have no more to add"."""
    posts = [
        post for number, trial in enumerate(trials, 1) for post in medicine_pages(number, trial)
    ]
    return [*posts, (step_url("medications"), {})]


def post_trials(client: Client, trials: list[dict[str, Any]]) -> Any:
    for url, data in medicines_posts(trials):
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:3000])
    return response


def scale_post(answers: list[int], **extra: str) -> dict[str, Any]:
    data = {f"item{n}": str(a) for n, a in enumerate(answers, start=1)}
    data.update(extra)
    return data


def about_for(client: Client) -> dict[str, Any]:
    """ABOUT, with the date of birth written the way the client's chosen language writes dates
    (Spanish and Portuguese: day first)."""
    cookie = client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    with translation.override(cookie.value if cookie else settings.LANGUAGE_CODE):
        if day_first():
            return {**ABOUT, "date_of_birth": "27/03/1985"}
    return ABOUT


def step_url(slug: str) -> str:
    return reverse("intake_step", args=[slug])


def walk(
    client: Client,
    *,
    trials: list[dict[str, Any]] | None = None,
    phq9: list[int] | None = None,
    gad7: list[int] | None = None,
    about: dict[str, Any] | None = None,
    start: dict[str, Any] | None = None,
    submit: bool = True,
) -> Any:
    """Fill every step with valid answers (overridable), then submit; return the last response."""
    trials = [TRIAL_ZOLOFT, TRIAL_EFFEXOR] if trials is None else trials
    phq9 = phq9 or [2, 2, 2, 2, 1, 2, 1, 1, 0]
    posts = [
        (reverse("intake_start"), start or START),
        (step_url("about"), about or about_for(client)),
        (step_url("episode"), EPISODE),
        *medicines_posts(trials),
        (step_url("treatments"), TREATMENTS),
        (step_url("phq9"), scale_post(phq9, functional_difficulty="very")),
        (step_url("gad7"), scale_post(gad7 or [1, 1, 2, 1, 0, 0, 1])),
        (step_url("health"), HEALTH),
        (step_url("medicines_now"), MEDICINES_NOW),
        (step_url("safety"), SAFETY),
        (step_url("insurance"), INSURANCE),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:3000])
    if submit:
        return client.post(reverse("intake_review"), follow=True)
    return response
