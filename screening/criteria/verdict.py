"""The decision over all trials: meets / needs_review / does_not_meet (issue 3, "Verdict").

``decide`` checks one set of counted failures, and the profile's other requirements, against a
profile, one small check per requirement. ``verdict`` runs it on the real facts and, when that
falls short and something is unknown, again with every unknown resolved in the patient's favour:
if that would meet, a clinician must look (``needs_review``). Bipolar disorder or psychotic
features then stop an automatic ``meets`` (issue 15).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from . import reasons as r
from .profiles import Profile
from .vocabulary import DOES_NOT_MEET, MEETS, NEEDS_REVIEW


class CountedTrial(NamedTuple):
    """A failed trial as the decision sees it."""

    molecule: str  # trials of one molecule count once (issue 15); a stand-in when unrecognised
    drug_class: str  # or a stand-in for an unrecognised medication
    weeks: float  # what it adds to the total (infinite: unknown, long enough for any total)
    augmented: bool  # with a catalogued augmenter


# Whether a further requirement (psychotherapy, clinician severity) is met: True, False, or None
# when the facts to judge it are missing.
Met = bool | None


class Decision(NamedTuple):
    """One run of the decision: what counted and which requirements fell short (a named tuple:
    evaluate_all makes many, and they are cheaper than a frozen dataclass)."""

    failed_trials: int  # distinct molecules among the failed trials
    classes: frozenset[str]
    total_weeks: float
    augmented_trials: int
    shortfalls: tuple[str, ...]  # reason codes, empty when the profile is met

    @property
    def met(self) -> bool:
        return not self.shortfalls


def check_failed_trials(count: int, profile: Profile) -> str | None:
    """At least ``min_failed_trials`` adequate failed trials, of different molecules."""
    return r.TOO_FEW_FAILED_TRIALS if count < profile.min_failed_trials else None


def check_classes(classes: frozenset[str], profile: Profile) -> str | None:
    """The failed trials span at least ``min_distinct_classes`` classes.

    With the rule off (1 class) this never complains: having no failed trial at all is already
    ``too_few_failed_trials``.
    """
    if profile.min_distinct_classes <= 1 or len(classes) >= profile.min_distinct_classes:
        return None
    return r.TOO_FEW_CLASSES


def check_total_weeks(total_weeks: float, profile: Profile) -> str | None:
    """When the profile sets ``min_total_weeks``, the failed trials' weeks add up to it."""
    if profile.min_total_weeks is None or total_weeks >= profile.min_total_weeks:
        return None
    return r.TOTAL_WEEKS_TOO_SHORT


def check_augmented(augmented: int, profile: Profile) -> str | None:
    """When the profile sets ``min_augmented_failed_trials``, enough failed trials were
    augmented with a catalogued augmenter (repeats of a molecule included: an augmented retry
    of an antidepressant is the augmentation trial payers ask for)."""
    minimum = profile.min_augmented_failed_trials
    if minimum is None or augmented >= minimum:
        return None
    return r.TOO_FEW_AUGMENTED_TRIALS


def check_psychotherapy(met: Met, profile: Profile) -> str | None:
    if profile.min_psychotherapy_weeks is None or met is True:
        return None
    return r.PSYCHOTHERAPY_UNKNOWN if met is None else r.PSYCHOTHERAPY_TOO_SHORT


def check_clinician_severity(met: Met, profile: Profile) -> str | None:
    if profile.min_clinician_severity is None or met is True:
        return None
    return r.CLINICIAN_SEVERITY_MISSING if met is None else r.CLINICIAN_SEVERITY_BELOW_THRESHOLD


class Tally(NamedTuple):
    """What a set of counted failed trials adds up to, before any profile looks at it."""

    molecules: int  # distinct molecules
    classes: frozenset[str]
    total_weeks: float
    augmented: int


def tally(counted: Sequence[CountedTrial]) -> Tally:
    """Add up ``counted`` once; several profiles then check the same tally (evaluate_all)."""
    molecules = set()
    classes = set()
    total_weeks: float = 0  # an int sum stays an int, as in v1
    augmented = 0
    for molecule, drug_class, weeks, was_augmented in counted:
        molecules.add(molecule)
        classes.add(drug_class)
        total_weeks += weeks
        augmented += was_augmented
    return Tally(len(molecules), frozenset(classes), total_weeks, augmented)


def decide(
    counted: Sequence[CountedTrial] | Tally,
    profile: Profile,
    psychotherapy: Met = True,
    clinician_severity: Met = True,
) -> Decision:
    """Check the counted failed trials (or their tally) and the further requirements against
    ``profile``.

    ``psychotherapy`` and ``clinician_severity`` say whether those requirements are met (None:
    unknown, which falls short here; the favourable run passes True for an unknown).
    """
    summed = counted if isinstance(counted, Tally) else tally(counted)
    return Decision(
        failed_trials=summed.molecules,
        classes=summed.classes,
        total_weeks=summed.total_weeks,
        augmented_trials=summed.augmented,
        shortfalls=shortfalls(summed, profile, psychotherapy, clinician_severity),
    )


def shortfalls(
    summed: Tally, profile: Profile, psychotherapy: Met, clinician_severity: Met
) -> tuple[str, ...]:
    """The reason codes of the requirements ``summed`` and the further facts fall short of."""
    found = []
    for reason in (
        check_failed_trials(summed.molecules, profile),
        check_classes(summed.classes, profile),
        check_total_weeks(summed.total_weeks, profile),
        check_augmented(summed.augmented, profile),
        check_psychotherapy(psychotherapy, profile),
        check_clinician_severity(clinician_severity, profile),
    ):
        if reason is not None:
            found.append(reason)
    return tuple(found)


def verdict(
    actual: Decision,
    favourable: Decision | bool | None,
    exclusions: Sequence[str] = (),
) -> tuple[str, tuple[str, ...]]:
    """The verdict and its reasons.

    ``favourable`` is the decision with every unknown resolved in the patient's favour (or
    just whether it meets), or None when nothing is unknown (it would equal the actual one).
    ``exclusions`` are the reasons that stop an automatic ``meets`` (bipolar disorder, psychotic
    features): with any, a history that meets, or could, goes to a clinician; one that cannot
    meet stays ``does_not_meet``.
    """
    if actual.met:
        if exclusions:
            return NEEDS_REVIEW, (r.CRITERIA_MET, *exclusions)
        return MEETS, (r.CRITERIA_MET,)
    if favourable is True or (isinstance(favourable, Decision) and favourable.met):
        return NEEDS_REVIEW, (*actual.shortfalls, r.UNKNOWNS_COULD_MEET, *exclusions)
    return DOES_NOT_MEET, actual.shortfalls
