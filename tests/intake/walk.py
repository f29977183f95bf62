"""Drive the intake through the Django test client, one real POST per step."""

from typing import Any

from django.test import Client
from django.urls import reverse

from screening import criteria

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
    "psychotic_features": "no",
    "hospitalisations": "0",
}
TREATMENTS = {
    "psychotherapy": "yes",
    "psychotherapy_kinds": ["cbt"],
    "psychotherapy_months": "6",
    "ect": "no",
    "tms_before": "no",
    "ketamine_before": "no",
    "spravato_before": "no",
}
HEALTH = {
    "medical_conditions": ["hypothyroidism"],
    "mental_health_conditions": ["generalized_anxiety"],
    "substance_use": ["none"],
    "social_support": "some",
    "current_medications": "",
    "allergies": "",
}
SAFETY = dict.fromkeys(criteria.SAFETY_KEYS, "no")

TRIAL_ZOLOFT = {
    "medication": "Zoloft",
    "dose_mg": "100",
    "weeks": "8",
    "adherence": "most",
    "improvement": "partial",
    "stopped_for_side_effects": "no",
    "current_episode": "yes",
}
TRIAL_EFFEXOR = {
    "medication": "Effexor XR",
    "dose_mg": "225",
    "weeks": "10",
    "adherence": "all",
    "improvement": "none",
    "stopped_for_side_effects": "no",
    "current_episode": "yes",
}


def trials_post(trials: list[dict[str, Any]], **extra: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "form-TOTAL_FORMS": str(len(trials)),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "20",
        "action": "save",
    }
    for index, trial in enumerate(trials):
        for key, value in trial.items():
            data[f"form-{index}-{key}"] = value
    data.update(extra)
    return data


def scale_post(answers: list[int], **extra: str) -> dict[str, Any]:
    data = {f"item{n}": str(a) for n, a in enumerate(answers, start=1)}
    data.update(extra)
    return data


def step_url(slug: str) -> str:
    return reverse("intake_step", args=[slug])


def walk(
    client: Client,
    *,
    trials: list[dict[str, Any]] | None = None,
    phq9: list[int] | None = None,
    gad7: list[int] | None = None,
    about: dict[str, Any] | None = None,
    submit: bool = True,
) -> Any:
    """Fill every step with valid answers (overridable), then submit; return the last response."""
    trials = [TRIAL_ZOLOFT, TRIAL_EFFEXOR] if trials is None else trials
    phq9 = phq9 or [2, 2, 2, 2, 1, 2, 1, 1, 0]
    posts = [
        (reverse("intake_start"), START),
        (step_url("about"), about or ABOUT),
        (step_url("episode"), EPISODE),
        (step_url("medications"), trials_post(trials)),
        (step_url("treatments"), TREATMENTS),
        (step_url("phq9"), scale_post(phq9, functional_difficulty="very")),
        (step_url("gad7"), scale_post(gad7 or [1, 1, 2, 1, 0, 0, 1])),
        (step_url("health"), HEALTH),
        (step_url("safety"), SAFETY),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:3000])
    if submit:
        return client.post(reverse("intake_review"), follow=True)
    return response
