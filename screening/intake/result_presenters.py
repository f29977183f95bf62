"""The result page's account of the medicines (issue 16 item 9): what the engine made of each one,
in the person's words, from the stored determination's trials and reasons."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from screening.criteria import reasons as r
from screening.criteria.vocabulary import FAILED, UNKNOWN
from screening.intake.strengths import recognised_name

# What we still need to know, per reason the engine gives for an unknown trial.
NEEDED = {  # gettext_noop: translated when shown
    r.DOSE_UNKNOWN: gettext_noop("the dose"),
    r.WEEKS_UNKNOWN: gettext_noop("how long you took it"),
    r.WEEKS_AT_DOSE_UNCLEAR: gettext_noop("how long you took the highest dose"),
    r.ADHERENCE_UNKNOWN: gettext_noop("how regularly you took it"),
    r.IMPROVEMENT_UNKNOWN: gettext_noop("how much it helped"),
    r.STOP_REASON_UNKNOWN: gettext_noop("why you stopped it"),
    r.MEDICATION_UNRECOGNIZED: gettext_noop("which medicine this is"),
    r.MEDICATION_MISSING: gettext_noop("the medicine's name"),
}


def _needed(codes: list[str]) -> str:
    wanted = [_(NEEDED[code]) for code in codes if code in NEEDED]
    if not wanted:
        return _("a few details")
    if len(wanted) == 1:
        return wanted[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(wanted[:-1]), "last": wanted[-1]}


def medicines_in_words(result: dict[str, Any], typed_names: list[str]) -> dict[str, Any]:
    """{"told": sentence, "unclear": [sentences], "not_counted": sentence or ""}."""
    trials = result.get("trials") or []
    names = [recognised_name(name) for name in typed_names]
    names += [str(trial.get("medication") or "") for trial in trials[len(names) :]]
    total = len(trials)
    counted = sum(1 for trial in trials if trial.get("status") == FAILED)
    unclear = [
        _("For %(name)s we need %(what)s — we'll ask you.")
        % {"name": names[index], "what": _needed(list(trial.get("reasons") or []))}
        for index, trial in enumerate(trials)
        if trial.get("status") == UNKNOWN
    ]
    others = total - counted - len(unclear)
    told = ngettext(
        "You told us about %(total)s medicine", "You told us about %(total)s medicines", total
    ) % {"total": total}
    if total:
        told += ": " + ngettext(
            "%(counted)s clearly counts.", "%(counted)s clearly count.", counted
        ) % {"counted": counted}
    else:
        told += "."
    not_counted = ""
    if others:
        not_counted = ngettext(
            "%(others)s does not count towards the definition (for example it helped, or was "
            "not taken long enough or at a full dose); a clinician will talk it through with you.",
            "%(others)s do not count towards the definition (for example they helped, or were "
            "not taken long enough or at a full dose); a clinician will talk them through with "
            "you.",
            others,
        ) % {"others": others}
    return {"told": told, "unclear": unclear, "not_counted": not_counted}


def rule_in_words(parameters: dict[str, Any]) -> str:
    """The active profile's rule, as the "does not meet" paragraph states it (issue 16 item 11):
    the clinic's own rule, from the stored profile's numbers, never "the usual definition"."""
    trials = int(parameters.get("min_failed_trials") or 2)
    classes = int(parameters.get("min_distinct_classes") or 1)
    medicines = ngettext("at least %(count)s medicine", "at least %(count)s medicines", trials) % {
        "count": trials
    }
    if classes > 1:
        # Only said when the rule asks for it: "from 1 different group" must never appear.
        medicines += " " + _("from %(count)s different groups") % {"count": classes}
    return medicines
