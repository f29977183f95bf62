"""The education pages: treatment-resistant depression, each treatment, and support.

The text lives in the templates (templates/treatments/); what the pages share with the next
steps on the result page (treatment names, safety topics) comes from screening.pages.treatments.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from screening.criteria import AUGMENTERS, CLASS_LABELS, MEDICATIONS
from screening.pages.treatments import PATIENT_CLASS_LABELS, SAFETY_TOPICS, UNANSWERED_ANCHOR


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "treatments/index.html")


@require_safe
def trd(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "treatments/trd.html",
        {
            "antidepressant_classes": _classes(),
            "augmenters": [agent.generic for agent in AUGMENTERS],
        },
    )


@require_safe
def ketamine(request: HttpRequest) -> HttpResponse:
    return render(request, "treatments/ketamine.html")


@require_safe
def spravato(request: HttpRequest) -> HttpResponse:
    return render(request, "treatments/spravato.html")


@require_safe
def tms(request: HttpRequest) -> HttpResponse:
    return render(request, "treatments/tms.html")


@require_safe
def support(request: HttpRequest) -> HttpResponse:
    return render(request, "treatments/support.html")


@require_safe
def flagged(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "treatments/flagged.html",
        {"topics": SAFETY_TOPICS.values(), "unanswered_anchor": UNANSWERED_ANCHOR},
    )


def _classes() -> list[dict[str, object]]:
    """Each antidepressant class with its medicines as people know them ("sertraline (Zoloft)"),
    straight from the engine's catalogue so the page and the screening never disagree."""
    return [
        {
            "label": PATIENT_CLASS_LABELS.get(code, label),
            "examples": [
                f"{medication.generic} ({', '.join(medication.brands)})"
                if medication.brands
                else medication.generic
                for medication in MEDICATIONS
                if medication.drug_class == code
            ],
        }
        for code, label in CLASS_LABELS.items()
    ]
