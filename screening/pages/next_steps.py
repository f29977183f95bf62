"""Which treatment pages a person's screening result points to, and why (issue 5).

``next_steps_for`` is pure: it takes the determination's verdict and treatment flags (the
engine's output, ``Determination.result["verdict"]`` and ``["treatment_flags"]``) and returns
what the result page lists. The rules, in the clinic's words:

- Spravato and IV ketamine are made for depression that has not lifted after two or more
  antidepressants, so they are listed only when the criteria are met or need a clinician's
  review. With a verdict of "does not meet" (or none yet) they are not listed at all, flagged
  or not: a clinician talks the history through first.
- TMS is cleared after a single antidepressant has not helped, so it is listed whatever the
  verdict.
- A treatment with no flags is listed as an option worth discussing. One with flags points to
  the page that explains why those answers need a clinician's look, at the first flagged answer,
  and says it may still be possible. One whose flags are unknown (the safety questions were not
  answered) points there too: missing answers go to a human, never silently pass.
- Psychotherapy and support are always listed.

The result never promises a treatment: every sentence says "worth discussing" or "ask us".
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from screening.criteria import TREATMENT_SAFETY_KEYS, TREATMENTS
from screening.criteria.vocabulary import MEETS, NEEDS_REVIEW
from screening.pages.treatments import SAFETY_TOPICS, SUPPORT, TREATMENT_PAGES, UNANSWERED_ANCHOR

# The treatments whose use depends on the medication history meeting the definition of TRD.
NEED_CRITERIA: Final = frozenset({"spravato", "ketamine"})
CRITERIA_MET_OR_REVIEW: Final = frozenset({MEETS, NEEDS_REVIEW})
FLAGGED_PAGE: Final = "treatment_flagged"

_WHY_OPTION: Final = {
    ("spravato", MEETS): _(
        "Spravato is approved for depression that has not lifted after two or more "
        "antidepressants, and your answers describe a history like that."
    ),
    ("spravato", NEEDS_REVIEW): _(
        "Spravato is approved for depression that has not lifted after two or more "
        "antidepressants; a clinician will go through your medicines with you to see if that "
        "fits."
    ),
    ("ketamine", MEETS): _(
        "IV ketamine is used when several antidepressants have not helped enough, as your "
        "answers describe."
    ),
    ("ketamine", NEEDS_REVIEW): _(
        "IV ketamine is used when several antidepressants have not helped enough; a clinician "
        "will go through your medicines with you to see if that fits."
    ),
}
_WHY_TMS: Final = _(
    "TMS can help when antidepressants have not helped enough, and none of your safety answers "
    "needs a closer look for it."
)
_WHY_SUPPORT: Final = _(
    "Talking therapies, peer support and everyday steps can help alongside any treatment, "
    "whatever your result."
)
_FALLBACK_MENTION: Final = _("an answer to one of the safety questions")


@dataclass(frozen=True, slots=True)
class NextStep:
    """One option for the result page: a link, its title, and one plain sentence saying why."""

    treatment: str  # "spravato", "ketamine", "tms" or "support"
    title: str | Promise  # translated when shown (issue 19)
    url_name: str  # where the link goes
    why: str | Promise
    needs_clinician_look: bool = False
    flagged_keys: tuple[str, ...] = ()  # the engine's keys, as given
    anchor: str = ""  # the section of the url_name page to open at
    about_url_name: str = ""  # the treatment's own page (differs from url_name when flagged)

    @property
    def url(self) -> str:
        path = reverse(self.url_name)
        return f"{path}#{self.anchor}" if self.anchor else path

    @property
    def about_url(self) -> str:
        return reverse(self.about_url_name or self.url_name)


def next_steps_for(
    *,
    verdict: str | None,
    treatment_flags: Mapping[str, Sequence[str]] | None,
    unanswered: Sequence[str] = (),
) -> list[NextStep]:
    """The options to list, in the site's treatment order, psychotherapy and support last.

    ``treatment_flags`` None, or a treatment missing from it, means its safety answers are
    unknown. ``unanswered`` are the safety questions answered "I'm not sure" or left blank
    (the engine's ``unanswered_safety``): a treatment they matter for is never listed as if
    nothing needed a closer look (issue 16 item 3).
    """
    steps = []
    for treatment in TREATMENTS:
        if treatment in NEED_CRITERIA and verdict not in CRITERIA_MET_OR_REVIEW:
            continue
        flags = None if treatment_flags is None else treatment_flags.get(treatment)
        unsure = set(unanswered) & set(TREATMENT_SAFETY_KEYS[treatment])
        if flags is None or (unsure and not flags):
            steps.append(_unanswered(treatment))
        elif flags:
            steps.append(_flagged(treatment, tuple(flags)))
        else:
            steps.append(_option(treatment, verdict))
    support = TREATMENT_PAGES[SUPPORT]
    steps.append(
        NextStep(
            treatment=SUPPORT, title=support.title, url_name=support.url_name, why=_WHY_SUPPORT
        )
    )
    return steps


def _option(treatment: str, verdict: str | None) -> NextStep:
    page = TREATMENT_PAGES[treatment]
    why = _WHY_TMS if treatment == "tms" else _WHY_OPTION[treatment, verdict or ""]
    return NextStep(treatment=treatment, title=page.title, url_name=page.url_name, why=why)


def _flagged(treatment: str, keys: tuple[str, ...]) -> NextStep:
    page = TREATMENT_PAGES[treatment]
    topics = [SAFETY_TOPICS[key] for key in keys if key in SAFETY_TOPICS]
    mentions = [str(topic.mentioned) for topic in topics] or [str(_FALLBACK_MENTION)]
    return NextStep(
        treatment=treatment,
        title=page.title,
        url_name=FLAGGED_PAGE,
        why=gettext(
            "You mentioned %(mentions)s; %(treatment)s may still be possible, and a "
            "clinician will look at this with you, so please ask us about it."
        )
        % {"mentions": _and_join(mentions), "treatment": page.name},
        needs_clinician_look=True,
        flagged_keys=keys,
        # No anchor: "#metal-in-head" would put a health answer in the browser's history.
        about_url_name=page.url_name,
    )


def _unanswered(treatment: str) -> NextStep:
    page = TREATMENT_PAGES[treatment]
    return NextStep(
        treatment=treatment,
        title=page.title,
        url_name=FLAGGED_PAGE,
        why=gettext(
            "We still need to go through a few safety questions about %(treatment)s with you; "
            "a clinician will ask them before anything is decided."
        )
        % {"treatment": page.name},
        needs_clinician_look=True,
        anchor=UNANSWERED_ANCHOR,
        about_url_name=page.url_name,
    )


def _and_join(phrases: list[str]) -> str:
    if len(phrases) == 1:
        return phrases[0]
    return gettext("%(list)s and %(last)s") % {"list": ", ".join(phrases[:-1]), "last": phrases[-1]}
