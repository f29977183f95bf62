"""Issue 19: the language switcher, the choice of language, and where it is kept."""

import re
import struct
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from screening.models import Submission
from screening.pages import language_help
from tests.clients import FormClient
from tests.intake.walk import START, about_for, step_url, walk

pytestmark = pytest.mark.django_db

PATIENT_PAGES = ("landing", "crisis", "locations", "contact", "treatments_index", "language_help")


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


@pytest.mark.parametrize("language", ["en", "es", "pt-br"])
@pytest.mark.parametrize("name", PATIENT_PAGES)
def test_every_patient_page_has_the_switcher_each_language_named_in_itself(client, name, language):
    # In every page language: a Spanish page once offered "Inglés" in a lang="en" button.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse(name)).content.decode()
    form = html[html.index('<form class="language-switcher"') :]
    form = form[: form.index("</form>")]
    assert f'action="{reverse("set_language")}"' in form and 'method="post"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    buttons = re.findall(
        r'<button type="submit" name="language" value="([^"]+)" lang="([^"]+)"'
        r"[^>]*>([^<]+)</button>",
        form,
    )
    assert buttons == [
        ("en", "en", "English"),
        ("es", "es", "Español"),
        ("pt-br", "pt-br", "Português"),
    ]
    assert 'role="group" aria-labelledby="language-switcher-label"' in form
    legend = {"en": "Language", "es": "Idioma", "pt-br": "Idioma"}[language]
    assert f'<span id="language-switcher-label" class="language-switcher__legend">{legend}' in form
    assert re.search(rf'value="{language}" lang="{language}" class="[^"]*" aria-current', form)


def test_choosing_a_language_keeps_it_for_every_later_page_and_returns_to_the_same_page(client):
    response = client.post(
        reverse("set_language"), {"language": "es", "next": reverse("treatment_tms")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("treatment_tms")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get(reverse("treatment_tms")).content.decode()
    assert html_lang(page) == "es"
    assert "Cómo funciona, con palabras sencillas" in page
    assert re.search(r'value="es" lang="es" class="[^"]*" aria-current="true"', page)
    # The same URLs work in every language: no prefix.
    assert client.get("/es/treatments/").status_code == 404


def test_the_switcher_is_refused_without_its_csrf_token():
    strict = FormClient(enforce_csrf_checks=True)
    assert strict.post(reverse("set_language"), {"language": "es"}).status_code == 403


def test_the_browser_language_is_used_until_one_is_chosen_else_english(client):
    assert (
        html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9").content.decode())
        == "pt-br"
    )
    assert (
        html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.8").content.decode()) == "es"
    )
    assert (
        html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,de;q=0.8").content.decode()) == "en"
    )
    assert html_lang(client.get("/").content.decode()) == "en"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()) == "en"


def test_the_language_is_kept_on_the_draft_at_each_step_and_on_the_submission(client):
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    client.post(reverse("intake_start"), START)
    draft = Submission.objects.get()
    assert draft.language == "es"
    client.post(reverse("set_language"), {"language": "pt-br", "next": "/"})
    assert client.post(step_url("about"), about_for(client)).status_code == 302
    draft.refresh_from_db()
    assert draft.language == "pt-br"


def test_a_submitted_case_keeps_the_language_it_was_sent_in(client):
    client.post(reverse("set_language"), {"language": "pt-br", "next": "/"})
    walk(client)
    submission = Submission.objects.get()
    assert not submission.is_draft and submission.language == "pt-br"


def test_the_language_help_page_names_15_languages_each_with_its_lang(client, settings):
    settings.CLINIC_PHONE = "(781) 555-0100"
    html = client.get(reverse("language_help")).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    notices = re.findall(r'<li class="language-notice" lang="([^"]+)" dir="(ltr|rtl)">', main)
    assert len(notices) == 15 == len({code for code, _ in notices})
    assert ("ar", "rtl") in notices and ("es", "ltr") in notices
    assert main.count("(781) 555-0100") >= 16  # the page's own sentence and each language's
    footer = html[html.index("<footer") :]
    assert (
        len(re.findall(r'<li lang="[^"]+" dir="(?:ltr|rtl)"><a href="/language-help/">', footer))
        == 15
    )
    assert [n.code for n in language_help.LANGUAGE_NOTICES][:2] == ["es", "pt-BR"]


def test_without_a_clinic_phone_the_page_says_to_contact_us(client, settings):
    settings.CLINIC_PHONE = ""
    html = client.get(reverse("language_help")).content.decode()
    assert f'href="{reverse("contact")}">contact us</a> and tell us your language' in html
    assert "{phone}" not in html


def _empty_catalogue(path: Path) -> None:
    """A compiled catalogue with only its header, as `make messages` makes for a new language
    before anyone translates it (the .mo format: magic, revision, count, two tables)."""
    header = (
        b"Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"
    )
    originals_at, translations_at, data_at = 28, 36, 44
    path.parent.mkdir(parents=True)
    path.write_bytes(
        struct.pack("<7I", 0x950412DE, 0, 1, originals_at, translations_at, 0, 0)
        + struct.pack("<2I", 0, data_at)
        + struct.pack("<2I", len(header), data_at + 1)
        + b"\0"
        + header
        + b"\0"
    )


def test_a_new_language_with_an_empty_catalogue_falls_back_to_english(client, tmp_path):
    """README: adding Haitian Creole is its code in LANGUAGES, `make messages`, translate."""
    locale = tmp_path / "locale"
    _empty_catalogue(locale / "ht" / "LC_MESSAGES" / "django.mo")
    with override_settings(
        LANGUAGES=[*settings.LANGUAGES, ("ht", "Kreyòl ayisyen")],
        LOCALE_PATHS=[*settings.LOCALE_PATHS, locale],
    ):
        response = client.post(reverse("set_language"), {"language": "ht", "next": "/crisis/"})
        assert response.status_code == 302
        for name in ("landing", "crisis", "contact", "language_help", "treatment_trd"):
            page = client.get(reverse(name))
            html = page.content.decode()
            assert page.status_code == 200
            assert html_lang(html) == "ht"
            assert 'value="ht" lang="ht"' in html and "Kreyòl ayisyen" in html
        crisis = client.get(reverse("crisis")).content.decode()
        assert "Help is available right now" in crisis  # English, not an error or a blank
        client.post(reverse("intake_start"), START)
        assert Submission.objects.get().language == "ht"


def test_an_unsubscribe_link_answers_in_the_language_its_email_was_in(client):
    from django.utils import timezone

    from screening.reminders.unsubscribe import unsubscribe_link_create
    from tests.staff.support import make_case

    case = make_case("meets")
    Submission.objects.filter(pk=case.pk).update(language="pt-br")
    token = unsubscribe_link_create(submission=case, now=timezone.now())
    page = client.get(reverse("unsubscribe", args=[token]))
    html = page.content.decode()
    assert html_lang(html) == "pt-br" and "Parar de receber e-mails de lembrete?" in html
    assert page["Content-Language"] == "pt-br"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pt-br"
    done = client.post(reverse("unsubscribe", args=[token])).content.decode()
    assert "Você não vai mais receber lembretes" in done
    # A browser that chose a language keeps it.
    chose = FormClient()
    chose.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert "¿Dejar de recibir" in chose.get(reverse("unsubscribe", args=[token])).content.decode()
