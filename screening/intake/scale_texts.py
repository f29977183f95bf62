# ruff: noqa: RUF001  (the publisher's wording keeps its own dashes)
"""The PHQ-9 and GAD-7 in each language, word for word as the publisher's translation (issue 19).

These are validated questionnaires: their wording is the instrument, so it is never translated
here and never goes through the .po catalogues. Each language's text is the publisher's own
translation (Pfizer, distributed at phqscreeners.com: "Spanish for the USA", "Portuguese for
Brazil"), with where it was read recorded beside it. A language with no entry, or a
questionnaire marked missing, is shown in English (the original), with a note saying so.

⚠ for the clinic: confirm every text below word for word against the copy from the publisher
before patients see it (`confirmed=False` until then). It was not possible to open the
publisher's PDFs from here; the sources below are faithful reproductions of them, named so that
anyone can check.
"""

from dataclasses import dataclass
from typing import Final

from screening.intake import scales_english as english


@dataclass(frozen=True, slots=True)
class Questionnaire:
    stem: str
    answers: tuple[str, str, str, str]  # scored 0, 1, 2, 3
    items: tuple[str, ...]
    attribution: str
    source: str
    confirmed: bool = False  # True once the clinic has checked it against its licensed copy
    functional_question: str = ""  # PHQ-9 only
    functional_choices: tuple[str, str, str, str] | None = None  # PHQ-9 only


ENGLISH: Final = {
    "phq9": Questionnaire(
        stem=english.STEM,
        answers=english.ANSWERS,
        items=english.PHQ9_ITEMS,
        attribution=english.PHQ9_ATTRIBUTION,
        source="Kroenke, Spitzer & Williams 2001; clinical-reference.md §4",
        functional_question=english.PHQ9_FUNCTIONAL_QUESTION,
        functional_choices=english.PHQ9_FUNCTIONAL_ANSWERS,
    ),
    "gad7": Questionnaire(
        stem=english.STEM,
        answers=english.ANSWERS,
        items=english.GAD7_ITEMS,
        attribution=english.GAD7_ATTRIBUTION,
        source="Spitzer et al. 2006; clinical-reference.md §4",
    ),
}

_SPANISH_ANSWERS = (
    "Ningún día",
    "Varios días",
    "Más de la mitad de los días",
    "Casi todos los días",
)
_SPANISH_STEM = (
    "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los "
    "siguientes problemas?"
)
_PORTUGUESE_ANSWERS = (
    "Nenhuma vez",
    "Vários dias",
    "Mais da metade dos dias",
    "Quase todos os dias",
)

TRANSLATIONS: Final[dict[str, dict[str, Questionnaire]]] = {
    "es": {
        "phq9": Questionnaire(
            stem=_SPANISH_STEM,
            answers=_SPANISH_ANSWERS,
            items=(
                "Poco interés o placer en hacer cosas",
                "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
                "Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido "
                "demasiado",
                "Se ha sentido cansado(a) o con poca energía",
                "Sin apetito o ha comido en exceso",
                "Se ha sentido mal con usted mismo(a) – o que es un fracaso o que ha quedado mal "
                "con usted mismo(a) o con su familia",
                "Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el "
                "periódico o ver la televisión",
                "¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo "
                "contrario – muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de "
                "lo normal",
                "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera",
            ),
            functional_question=(
                "Si marcó cualquiera de los problemas, ¿qué tanta dificultad le han dado estos "
                "problemas para hacer su trabajo, encargarse de las tareas del hogar, o llevarse "
                "bien con otras personas?"
            ),
            functional_choices=(
                "No ha sido difícil",
                "Un poco difícil",
                "Muy difícil",
                "Extremadamente difícil",
            ),
            attribution=(
                "Elaborado por los doctores Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke "
                "y colegas, mediante una subvención educativa otorgada por Pfizer Inc. No se "
                "requiere permiso para reproducir, traducir, presentar o distribuir."
            ),
            source=(
                "Pfizer PHQ-9, Spanish for the USA (phqscreeners.com), as transcribed from the "
                "publisher's PDF 'PatientHealthQuestionnaire9_Spanish' at "
                "es.studenta.com/content/129686767; the same items appear in several clinics' "
                "public code."
            ),
        ),
        "gad7": Questionnaire(
            stem=_SPANISH_STEM,
            answers=_SPANISH_ANSWERS,
            items=(
                "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta",
                "No ha sido capaz de parar o controlar su preocupación",
                "Se ha preocupado demasiado por motivos diferentes",
                "Ha tenido dificultad para relajarse",
                "Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)",
                "Se ha molestado o irritado fácilmente",
                "Ha tenido miedo de que algo terrible fuera a pasar",
            ),
            attribution=(
                "Elaborado por los doctores Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke "
                "y colegas, mediante una subvención educativa otorgada por Pfizer Inc. No se "
                "requiere permiso para reproducir, traducir, presentar o distribuir."
            ),
            source=(
                "Pfizer GAD-7, Spanish for the USA (phqscreeners.com). ⚠ WEAKER SOURCE: no "
                "transcription of the publisher's PDF was found; these items are as reproduced in "
                "one clinic's public code and as remembered from the publisher's form, and other "
                "copies online differ. The stem and answers are the PHQ-9's (the publisher uses "
                "the same). Check every word before use."
            ),
        ),
    },
    "pt-br": {
        "phq9": Questionnaire(
            stem=(
                "Durante as últimas 2 semanas, com que frequência você foi incomodado/a por "
                "qualquer um dos problemas abaixo?"
            ),
            answers=_PORTUGUESE_ANSWERS,
            items=(
                "Pouco interesse ou pouco prazer em fazer as coisas",
                "Se sentir “para baixo”, deprimido/a ou sem perspectiva",
                "Dificuldade para pegar no sono ou permanecer dormindo, ou dormir mais do que de "
                "costume",
                "Se sentir cansado/a ou com pouca energia",
                "Falta de apetite ou comendo demais",
                "Se sentir mal consigo mesmo/a — ou achar que você é um fracasso ou que "
                "decepcionou sua família ou você mesmo/a",
                "Dificuldade para se concentrar nas coisas, como ler o jornal ou ver televisão",
                "Lentidão para se movimentar ou falar, a ponto das outras pessoas perceberem? Ou o "
                "oposto – estar tão agitado/a ou irrequieto/a que você fica andando de um lado "
                "para o outro muito mais do que de costume",
                "Pensar em se ferir de alguma maneira ou que seria melhor estar morto/a",
            ),
            functional_question=(
                "Se você assinalou qualquer um dos problemas, indique o grau de dificuldade que "
                "os mesmos lhe causaram para realizar seu trabalho, tomar conta das coisas em casa "
                "ou para se relacionar com as pessoas?"
            ),
            functional_choices=(
                "Nenhuma dificuldade",
                "Alguma dificuldade",
                "Muita dificuldade",
                "Extrema dificuldade",
            ),
            attribution=(
                "Desenvolvido pelos Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke e "
                "colegas. Não é necessária permissão para reproduzir, traduzir, exibir ou "
                "distribuir."
            ),
            source=(
                "Pfizer PHQ-9, Portuguese for Brazil: phqscreeners.com/images/sites/g/files/"
                "g10060481/f/201412/PHQ9_Portuguese for Brazil.pdf, as reproduced word for word "
                "in two independent public code bases that cite it. ⚠ The attribution's first "
                "words ('Desenvolvido pelos Drs.') are ours; the rest is the publisher's."
            ),
        ),
        "gad7": Questionnaire(
            stem=(
                "Durante as últimas 2 semanas, com que freqüência você foi incomodado/a pelos "
                "problemas abaixo?"
            ),
            answers=_PORTUGUESE_ANSWERS,
            items=(
                "Sentir-se nervoso/a, ansioso/a ou muito tenso/a",
                "Não ser capaz de impedir ou de controlar as preocupações",
                "Preocupar-se muito com diversas coisas",
                "Dificuldade para relaxar",
                "Ficar tão agitado/a que se torna difícil permanecer sentado/a",
                "Ficar facilmente aborrecido/a ou irritado/a",
                "Sentir medo como se algo horrível fosse acontecer",
            ),
            attribution=(
                "Desenvolvido pelos Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke e "
                "colegas. Não é necessária permissão para reproduzir, traduzir, exibir ou "
                "distribuir."
            ),
            source=(
                "Pfizer GAD-7, Portuguese for Brazil: phqscreeners.com/images/sites/g/files/"
                "g10060481/f/201412/GAD7_Portuguese for Brazil.pdf, as reproduced word for word "
                "in two independent public code bases that cite it. ⚠ The attribution's first "
                "words are ours, as for the PHQ-9."
            ),
        ),
    },
}


def questionnaire(scale: str, language: str) -> Questionnaire:
    """The publisher's text of this questionnaire in this language, else the English original."""
    return TRANSLATIONS.get(language, {}).get(scale) or ENGLISH[scale]


def in_english_only(scale: str, language: str) -> bool:
    """True when a patient who chose another language sees this questionnaire in English."""
    return language != "en" and scale not in TRANSLATIONS.get(language, {})
