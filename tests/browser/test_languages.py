"""Issue 19 in a real browser, phone size: the whole intake, and the result, check-in, resume and
unsubscribe flows, in Spanish and in Portuguese, axe-core on every page (its lang rules included:
the page's own `lang`, and a valid `lang` on each language's name in the switcher).

The intake walk presses the buttons by their Spanish or Portuguese labels and checks each page's
heading and "Step N of M" in that language, written out here (not read from the catalogue), so an
untranslated button or heading fails it.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from screening.intake import services as intake
from screening.intake.steps import STEP_SLUGS, STEPS, STEPS_TO_SUBMIT
from screening.models import Submission
from screening.reminders import checkins
from screening.reminders.unsubscribe import unsubscribe_link_create
from tests.intake.walk import ABOUT, scale_post
from tests.staff.support import make_case

from .intake import (
    ENGLISH,
    PHQ9,
    THREE_TRIALS,
    answers_by_step,
    continue_button,
    fill,
    fill_trials,
)
from .tab import Tab

pytestmark = pytest.mark.browser

NAMES = {"es": "Español", "pt-br": "Português"}
WORDS = {
    "es": {
        "checkin": "Cómo ha estado",
        "send": "Enviar mis respuestas",
        "thanks": "Gracias por sus respuestas",
        "unsubscribe": "¿Dejar de recibir correos de recordatorio?",
        "unsubscribe_button": "Cancelar la suscripción",
        "unsubscribed": "Ya no recibirá recordatorios",
        "next_steps": "Psicoterapia y apoyo",
        "landing": "Cuando los antidepresivos no han sido suficientes",
        "step": "Paso {number} de {count}",
        "submit": "Enviar mi cuestionario",
        "buttons": {
            "start": "Aceptar y empezar",
            "continue": "Guardar y seguir",
            "medicines_done": "No tengo más que agregar",
            "add_medicine": "Agregar esta medicina",
            "medicine_continue": "Continuar",
            "dose_caption": "Dosis y cuánto tiempo",
            "outcome_caption": "Cómo le fue",
            "save_medicine": "Guardar esta medicina",
            "medicines_told": "Medicinas de las que nos habló",
        },
        "headings": {
            "start": "Antes de empezar",
            "about": "Sobre usted",
            "episode": "Este episodio",
            "medications": "Antidepresivos que ha probado",
            "treatments": "Otros tratamientos",
            "phq9": "Cómo se ha sentido",
            "gad7": "Preocupación y ansiedad",
            "health": "Su salud",
            "medicines_now": "Medicinas que toma ahora",
            "safety": "Preguntas de seguridad",
            "insurance": "Seguro médico",
            "review": "Revisar y enviar",
        },
    },
    "pt-br": {
        "checkin": "Como você tem estado",
        "send": "Enviar minhas respostas",
        "thanks": "Obrigado pelas suas respostas",
        "unsubscribe": "Parar de receber e-mails de lembrete?",
        "unsubscribe_button": "Cancelar a inscrição",
        "unsubscribed": "Você não vai mais receber lembretes",
        "next_steps": "Psicoterapia e apoio",
        "landing": "Quando os antidepressivos não foram suficientes",
        "step": "Etapa {number} de {count}",
        "submit": "Enviar meu questionário",
        "buttons": {
            "start": "Aceitar e começar",
            "continue": "Salvar e continuar",
            "medicines_done": "Não tenho mais nenhum para adicionar",
            "add_medicine": "Adicionar este remédio",
            "medicine_continue": "Continuar",
            "dose_caption": "Dose e por quanto tempo",
            "outcome_caption": "Como foi",
            "save_medicine": "Salvar este remédio",
            "medicines_told": "Remédios que você nos contou",
        },
        "headings": {
            "start": "Antes de começar",
            "about": "Sobre você",
            "episode": "Este episódio",
            "medications": "Antidepressivos que você já tomou",
            "treatments": "Outros tratamentos",
            "phq9": "Como você tem se sentido",
            "gad7": "Preocupação e ansiedade",
            "health": "Sua saúde",
            "medicines_now": "Remédios que você toma agora",
            "safety": "Perguntas de segurança",
            "insurance": "Plano de saúde",
            "review": "Revisar e enviar",
        },
    },
}
assert all(words["buttons"].keys() == ENGLISH.keys() for words in WORDS.values())


@pytest.fixture
def size() -> str:
    """These walks run at phone size only (the desktop layout is the English suite's)."""
    return "phone"


def expect_language(page: Page, language: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    current = page.locator('.language-switcher button[aria-current="true"]')
    expect(current).to_have_attribute("lang", language)


def choose(tab: Tab, language: str) -> None:
    """Press the language's own name in the switcher, as a patient would."""
    tab.page.get_by_role("button", name=NAMES[language]).click()
    expect_language(tab.page, language)


def expect_page(page: Page, slug: str, language: str) -> None:
    """The step's heading and its "Step N of M", in the language, and the page's `lang`."""
    words = WORDS[language]
    expect(page.get_by_role("heading", level=1)).to_have_text(words["headings"][slug])
    step = words["step"].format(number=STEP_SLUGS.index(slug) + 1, count=len(STEPS))
    expect(page.get_by_text(step, exact=True)).to_be_visible()
    expect_language(page, language)


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_the_intake_to_its_result_in_the_chosen_language(tab: Tab, clinic_locations, language):
    page = tab.page
    words = WORDS[language]
    tab.go("/")
    choose(tab, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(words["landing"])
    tab.check(f"landing in {language}")
    answers = answers_by_step(PHQ9)
    # Spanish and Portuguese write dates day first (screening/intake/fields.py).
    answers["about"] = {**ABOUT, "date_of_birth": "27/03/1985"}
    page.goto("/intake/")
    for slug in STEPS_TO_SUBMIT:
        expect_page(page, slug, language)
        if slug == "medications":
            fill_trials(page, THREE_TRIALS, check=tab.check, words=words["buttons"])
        else:
            fill(page, answers[slug])
        tab.check(f"{slug} in {language}")
        continue_button(page, slug, words["buttons"]).click()
    expect_page(page, "review", language)
    tab.check(f"review in {language}")
    page.get_by_role("button", name=words["submit"]).click()
    page.wait_for_url("**/intake/result/")
    expect_language(page, language)
    expect(page.get_by_role("main")).to_contain_text(words["next_steps"])
    tab.check(f"result in {language}")
    assert Submission.objects.get().language == language


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_a_check_in_link_opens_in_the_patients_language(tab: Tab, clinic_locations, language):
    case = make_case("meets", now=timezone.now(), first_name="Lucia")
    Submission.objects.filter(pk=case.pk).update(language=language)
    token = checkins.checkin_link_create(submission=case, now=timezone.now())
    page = tab.page
    tab.go(reverse("checkin_start", args=[token]))  # a fresh browser: no language chosen yet
    expect_language(page, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(WORDS[language]["checkin"])
    tab.check(f"check-in in {language}")
    page.get_by_role("button", name=WORDS[language]["send"]).click()
    expect(page.locator("#error-summary")).to_be_focused()
    tab.check(f"check-in errors in {language}")
    fill(page, scale_post(PHQ9, functional_difficulty="somewhat"))
    page.get_by_role("button", name=WORDS[language]["send"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WORDS[language]["thanks"])
    expect_language(page, language)
    tab.check(f"check-in done in {language}")


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_a_resume_link_opens_the_draft_in_its_language(tab: Tab, clinic_locations, language):
    draft = make_case("meets", now=timezone.now(), submit=False)
    Submission.objects.filter(pk=draft.pk).update(language=language)
    token = intake.resume_link_create(submission=draft, now=timezone.now())
    page = tab.page
    tab.go(reverse("intake_resume", args=[token]))
    expect_language(page, language)
    assert token not in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(WORDS[language]["headings"]["review"])
    tab.check(f"resumed in {language}")


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_unsubscribing_in_the_chosen_language(tab: Tab, clinic_locations, language):
    case = make_case("meets", now=timezone.now())
    token = unsubscribe_link_create(submission=case, now=timezone.now())
    page = tab.page
    tab.go(reverse("unsubscribe", args=[token]))
    choose(tab, language)  # back on the same page, in the chosen language
    expect(page.get_by_role("heading", level=1)).to_have_text(WORDS[language]["unsubscribe"])
    tab.check(f"unsubscribe in {language}")
    page.get_by_role("button", name=WORDS[language]["unsubscribe_button"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WORDS[language]["unsubscribed"])
    expect_language(page, language)
    tab.check(f"unsubscribed in {language}")
    case.refresh_from_db()
    assert case.unsubscribed_at is not None


def test_the_switcher_works_from_the_keyboard_alone(tab: Tab):
    page = tab.page
    tab.go("/crisis/")
    button = page.get_by_role("button", name="Português")
    button.focus()
    page.keyboard.press("Enter")
    expect_language(page, "pt-br")
    expect(page.get_by_role("heading", level=1)).to_have_text("Há ajuda agora mesmo")
    tab.check("crisis in Portuguese")


def test_switching_language_mid_step_keeps_what_was_typed(tab: Tab, clinic_locations):
    """static/js/intake.js sends the step's own form with the chosen language: the page comes
    back in Spanish with the typing in place, not yet saved and with no error shown."""
    page = tab.page
    answers = answers_by_step(PHQ9)
    page.goto("/intake/")
    fill(page, answers["start"])
    continue_button(page, "start", ENGLISH).click()
    page.wait_for_url("**/intake/step/about/")
    expect_language(page, "en")
    fill(page, {"first_name": "Rosario", "last_name": "Quill", "date_of_birth": "27/03/19"})
    choose(tab, "es")
    expect_page(page, "about", "es")
    expect(page.locator('[name="first_name"]')).to_have_value("Rosario")
    expect(page.locator('[name="date_of_birth"]')).to_have_value("27/03/19")
    expect(page.locator("#error-summary")).to_have_count(0)
    tab.check("about after switching to Spanish, typing kept")
    assert Submission.objects.get().first_name == ""
