"""Issue 19: every patient page, rendered in Spanish and in Portuguese, has no English sentence
left, apart from names, numbers and the allowed list below.

Each page is rendered twice, in English and in the language under test; a sentence that comes
out the same in both was not translated. Text inside an element with a `lang` of its own (the
switcher's language names, the language-help notices) is that language's and is skipped. A
second check catches English words the first could miss. One test proves the pages rendered
here cover every patient template outside the intake; the intake (issue 16's pages) is walked
step by step in test_the_intake_is_translated_too, and another test proves that walk renders
every intake template.
"""

import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone, translation

from screening.criteria import ADHERENCE_LABELS, AUGMENTERS, CLASS_LABELS, MEDICATIONS
from screening.criteria.payers import INSURERS
from screening.intake.medicine_outcome_forms import ADHERENCE_WORDS
from screening.intake.presenters import PHQ9_BAND_NAMES, PHQ9_SEVERITY_CONTEXT
from screening.models import Location, Submission
from screening.pages.treatments import PATIENT_CLASS_LABELS
from screening.pages.views.outage import server_error
from screening.reminders import checkins
from screening.reminders.unsubscribe import unsubscribe_link_create
from screening.staff.labels import PHQ9_SEVERITY_LABELS
from tests.clients import FormClient
from tests.intake.walk import (
    ABOUT,
    EPISODE,
    HEALTH,
    INSURANCE,
    MEDICINES_NOW,
    SAFETY,
    START,
    TREATMENTS,
    TRIAL_EFFEXOR,
    TRIAL_ZOLOFT,
    medicines_posts,
    scale_post,
    step_url,
    walk,
)
from tests.reminders.conftest import canary_case

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "pt-br")
TEMPLATES = Path(settings.BASE_DIR) / "templates"
NOT_PATIENT_PAGES = ("staff/", "admin/", "email/", "sms/", "intake/")
# Words that are the same in every language: names, brands, acronyms, units, codes.
ALLOWED = {
    "Spravato", "REMS", "FDA", "EMT", "TMS", "DRT", "TRD", "PHQ-9", "MADRS", "HAM-D", "NMDA",
    "DBSA", "NAMI", "NICE", "NG222", "MGH", "VNS", "DBS", "openFDA", "spravatorems.com",
    "988lifeline.org", "Massachusetts", "Woburn", "Danvers", "HOME", "AYUDA", "Triple-S",
    "Crisis Text Line", "Principal", "Idioma", "Emergencia", "Emergência", "Gracias",
    "Spravato (esketamine nasal spray)", "mg", "HMO", "PPO", "EPO", "Medicare Advantage",
}  # fmt: skip
# Words spelled the same in English and in one language ("No" and "Alcohol" are Spanish too).
SAME_IN = {"es": {"No", "Alcohol"}, "pt-br": set()}
ENGLISH_ONLY_WORDS = {
    "the", "and", "you", "your", "with", "this", "our", "have", "are", "we", "is", "it", "of",
    "what", "when", "how", "who", "please", "can", "will", "for", "to", "if", "or", "not",
    "here", "there", "page", "link", "call", "text", "help", "email", "back", "home",
}  # fmt: skip


class Text(HTMLParser):
    """The visible sentences of a page, skipping scripts and anything in another `lang`."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}

    def __init__(self, page_language: str):
        super().__init__()
        self.page_language = page_language
        self.stack: list[tuple[str, bool]] = []
        self.sentences: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        values = dict(attrs)
        other_language = "lang" in values and values["lang"] != self.page_language
        self.stack.append((tag, tag in ("script", "style", "head") or other_language))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._skipping():
            self.sentences.append(text)


def sentences(html: str, language: str) -> list[str]:
    html = html[html.index("<body") :]
    parser = Text(language)
    parser.feed(html)
    return parser.sentences


def is_name_or_number(text: str, names: set[str]) -> bool:
    if text in ALLOWED or text in names:
        return True
    words = re.findall(r"[^\W\d_]{2,}", text)
    return not words or all(word in names or word in ALLOWED for word in words)


def medicine_names() -> set[str]:
    names = set()
    for medication in (*MEDICATIONS, *AUGMENTERS):
        for name in (medication.generic, *medication.brands):
            names.update(re.findall(r"[^\W\d_]{2,}", name))
    return names


def untranslated(english_html: str, other_html: str, language: str) -> list[str]:
    names = medicine_names() | {settings.CLINIC_NAME, *settings.CLINIC_NAME.split()}
    names |= set(Location.objects.values_list("name", flat=True))
    # The insurers' proper names, and what the intake walk typed (its name, email, member ID).
    names |= {insurer.name for insurer in INSURERS.values()} | SAME_IN[language.lower()]
    names |= {"Robin", "Quill", "robin@example.org", "XYZ123456789"}
    english = set(sentences(english_html, "en"))
    left = []
    for text in sentences(other_html, language.lower()):
        if is_name_or_number(text, names):
            continue
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
        if text in english or len(words & ENGLISH_ONLY_WORDS) >= 2:
            left.append(text)
    return left


class Pages:
    """Every patient page outside the intake, with what each needs to exist."""

    def __init__(self):
        Location.objects.create(name="Woburn", town="Woburn", display_order=1)
        self.case = canary_case(now=timezone.now())
        self.templates: set[str] = set()

    def fetch(self, client, language: str) -> dict[str, str]:
        got = {}

        def keep(name, response):
            got[name] = response.content.decode()
            self.templates.update(t.name for t in response.templates if t.name)

        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for name in (
            "landing", "crisis", "locations", "contact", "contact_thanks", "language_help",
            "treatments_index", "treatment_trd", "treatment_ketamine", "treatment_spravato",
            "treatment_tms", "treatment_support", "treatment_flagged",
        ):  # fmt: skip
            keep(name, client.get(reverse(name)))
        keep("contact errors", client.post(reverse("contact"), {"name": "", "phone": "12"}))
        keep("404", client.get("/no-such-page/"))
        strict = FormClient(enforce_csrf_checks=True)
        strict.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        keep("403 csrf", strict.post(reverse("contact"), {"name": "x"}))
        # A check-in from its link: the form, a refused send, the thanks; then a bad link.
        token = checkins.checkin_link_create(submission=self.case, now=timezone.now())
        client.get(reverse("checkin_start", args=[token]))
        keep("checkin", client.get(reverse("checkin")))
        keep("checkin errors", client.post(reverse("checkin"), {"item1": "0"}))
        answers = {f"item{n}": "1" for n in range(1, 10)}
        keep("checkin done", client.post(reverse("checkin"), answers, follow=True))
        keep("checkin bad link", client.get(reverse("checkin_start", args=["nope"])))
        # Unsubscribe: the button, the done page, a bad link, an expired one.
        token = unsubscribe_link_create(submission=self.case, now=timezone.now())
        keep("unsubscribe", client.get(reverse("unsubscribe", args=[token])))
        keep("unsubscribed", client.post(reverse("unsubscribe", args=[token])))
        keep("unsubscribe bad", client.get(reverse("unsubscribe", args=["nope"])))
        old = timezone.now() - timedelta(days=settings.UNSUBSCRIBE_LINK_VALID_DAYS + 1)
        token = unsubscribe_link_create(submission=self.case, now=old)
        keep("unsubscribe expired", client.get(reverse("unsubscribe", args=[token])))
        # The rate-limit page and the kind server-error pages, in the page's language.
        factory = RequestFactory()
        with translation.override(language):
            from screening.pages.views.errors import rate_limited

            request = factory.get("/contact/")
            request.LANGUAGE_CODE = language
            response = rate_limited(request, Exception())
            got["429"] = response.content.decode()
            self.templates.add("429.html")
            got["500"] = server_error(factory.get("/")).content.decode()
            self.templates.add("500.html")
            kept = server_error(factory.post("/intake/step/about/", {"first_name": "Ana"}))
            got["outage kept"] = kept.content.decode()
            self.templates.add("outage/intake_kept.html")
        return got


@pytest.fixture
def pages():
    return Pages()


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_sentence_is_left_on_any_patient_page(pages, language):
    english = pages.fetch(FormClient(), "en")
    other = pages.fetch(FormClient(), language)
    assert english.keys() == other.keys()
    problems = {}
    for name, html in other.items():
        assert f'<html lang="{language}">' in html, name
        left = untranslated(english[name], html, language)
        if left:
            problems[name] = left
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_every_patient_template_outside_the_intake_was_rendered(pages):
    pages.fetch(FormClient(), "es")
    on_disk = {
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if not str(path.relative_to(TEMPLATES)).startswith(NOT_PATIENT_PAGES)
    }
    # Partials included only by intake or staff pages, or only with an intake draft.
    on_disk -= {"treatments/_next_steps.html", "outage/_help.html"} - pages.templates
    assert on_disk - pages.templates == set()


def test_the_class_names_the_pages_translate_are_the_engines_word_for_word():
    # The msgid of each lazy label: the English source the translators were given.
    english = {code: label._args[0] for code, label in PATIENT_CLASS_LABELS.items()}
    assert english == dict(CLASS_LABELS)


def test_the_intakes_own_copies_of_engine_and_staff_words_are_word_for_word():
    """The adherence words (criteria) and PHQ-9 band names (staff pages) the intake marks for
    translation, and the contact methods' labels, are the English sources' msgids exactly."""
    assert {k: v._args[0] for k, v in ADHERENCE_WORDS.items()} == dict(ADHERENCE_LABELS)
    bands = {k: v._args[0] for k, v in PHQ9_BAND_NAMES.items()}
    assert bands == {k: v.lower() for k, v in PHQ9_SEVERITY_LABELS.items()}
    assert PHQ9_SEVERITY_CONTEXT.keys() == PHQ9_SEVERITY_LABELS.keys()
    with translation.override("es"):
        assert str(Submission.ContactMethod.PHONE.label) == "Llamada telefónica"
        assert str(PHQ9_BAND_NAMES["moderately_severe"]) == "moderadamente grave"
    with translation.override("en"):
        assert str(Submission.ContactMethod.PHONE.label) == "Phone call"


DOSE_NOT_KNOWN = {
    "medication": "Wellbutrin XL",
    "dose_choice": "unknown",
    "total_band": "9-12",
    "weeks_band": "same",
    "improvement": "none",
    "adherence": "all",
    "stopped_for_side_effects": "no",
    "current_episode": "yes",
    "boosted": "nothing",
}


def intake_pages(client, language: str) -> dict[str, str]:
    """Every page of the intake, filled as tests/intake/walk.py fills it: each step as it opens,
    each step sent empty (its error messages), a medicine's three pages and its remove page, the
    review, the result, and the pages beside the path (under 18, sign out, resume, "did you
    mean", the crisis panel and "Can we call you?")."""
    got: dict[str, str] = {}

    def keep(name, response, status=200):
        assert response.status_code == status, (name, response.status_code)
        got[name] = response.content.decode()

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    # The date of birth is typed the way the page's language writes dates (day first but in en).
    born = "03/27/1985" if language == "en" else "27/03/1985"
    keep("start", client.get(reverse("intake_start")))
    keep("start errors", client.post(reverse("intake_start"), {}))
    keep("under 18", client.post(reverse("intake_start"), {**START, "adult": "no"}, follow=True))
    keep("resume request", client.get(reverse("intake_resume_request")))
    keep("resume bad link", client.get(reverse("intake_resume", args=["nope"])), status=404)
    posts = [
        (reverse("intake_start"), START),
        (step_url("about"), {**ABOUT, "date_of_birth": born}),
        (step_url("episode"), EPISODE),
        *medicines_posts([TRIAL_ZOLOFT, TRIAL_EFFEXOR]),
        (step_url("treatments"), TREATMENTS),
        (step_url("phq9"), scale_post([2, 2, 2, 2, 1, 2, 1, 1, 0], functional_difficulty="very")),
        (step_url("gad7"), scale_post([1, 1, 2, 1, 0, 0, 1])),
        (step_url("health"), HEALTH),
        (step_url("medicines_now"), MEDICINES_NOW),
        (step_url("safety"), SAFETY),
        (step_url("insurance"), INSURANCE),
    ]
    for url, data in posts:
        if url != reverse("intake_start"):
            keep(url, client.get(url))
            if data:
                keep(f"{url} errors", client.post(url, {}))
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:2000])
    keep("medicine remove", client.get(reverse("intake_medicine_remove", args=[1])))
    keep("review", client.get(reverse("intake_review")))
    keep("result", client.post(reverse("intake_review"), follow=True))
    keep("sign out", client.get(reverse("intake_sign_out")))
    keep("signed out", client.post(reverse("intake_sign_out"), follow=True))
    # Beside the path: a name the catalogue nearly knows, and an answer of self-harm given
    # before any contact details (the crisis panel, then "Can we call you?" and its error).
    other = FormClient()
    other.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    other.post(reverse("intake_start"), START)
    name_url = reverse("intake_medicine_name", args=[1])
    keep("did you mean", other.post(name_url, {"medication": "welbutrin"}))
    item9 = scale_post([2, 2, 2, 2, 1, 2, 1, 1, 1], functional_difficulty="very")
    assert other.post(step_url("phq9"), item9)["Location"] == reverse("intake_call_me")
    keep("call me", other.get(reverse("intake_call_me")))
    keep("call me errors", other.post(reverse("intake_call_me"), {"phone": "12"}), status=400)
    keep("with the crisis panel", other.get(step_url("gad7")))
    # A page sent after its form expired (CSRF): the start page again, with the reason.
    strict = FormClient(enforce_csrf_checks=True)
    strict.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    keep("expired start", strict.post(reverse("intake_start"), START), status=403)
    keep(
        "resume requested",
        other.post(reverse("intake_resume_request"), {"email": "a@b.org"}, follow=True),
    )
    # Another result: one medicine, its dose not known (does not meet; "we need the dose").
    third = FormClient()
    third.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    keep("result, one medicine", walk(third, trials=[DOSE_NOT_KNOWN]))
    return got


def test_every_intake_template_is_in_the_intake_walk():
    """The walk above renders every page template of the intake (a new one joins it)."""
    Location.objects.create(name="Woburn", town="Woburn", display_order=1)
    rendered: set[str] = set()

    def seen(sender, template, **kwargs):
        rendered.add(template.name)

    template_rendered.connect(seen)
    try:
        intake_pages(FormClient(), "es")
    finally:
        template_rendered.disconnect(seen)
    on_disk = {str(path.relative_to(TEMPLATES)) for path in (TEMPLATES / "intake").glob("*.html")}
    assert on_disk - rendered == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_intake_is_translated_too(language):
    """Issue 19 after issue 16: the intake's every page, like the pages above."""
    Location.objects.create(name="Woburn", town="Woburn", display_order=1)
    english = intake_pages(FormClient(), "en")
    other = intake_pages(FormClient(), language)
    assert english.keys() == other.keys()
    problems = {}
    for name, html in other.items():
        assert f'<html lang="{language}">' in html, name
        left = untranslated(english[name], html, language)
        if left:
            problems[name] = left
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
