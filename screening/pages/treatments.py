"""What the treatment pages say about each treatment and about each safety answer.

The safety answers are the engine's (screening.criteria: SAFETY_KEYS, TREATMENT_SAFETY_KEYS and
the two extra IV ketamine flags), so the page that explains a flag, the next steps that link to
it and the engine always name the same things. A test proves every flag the engine can raise
has a topic here.

Facts come from clinical-reference.md §5: the Spravato label and REMS; the APA task force on
IV ketamine (Sanacora et al. 2017); NeuroStar 510(k) K083538/K133408 for TMS.
"""

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from screening.criteria import TREATMENT_SAFETY_KEYS, TREATMENTS
from screening.criteria.risk import (
    KETAMINE_CARDIOVASCULAR_FLAG,
    KETAMINE_SUBSTANCE_USE_FLAG,
    SPRAVATO_AGE_FLAG,
)


@dataclass(frozen=True, slots=True)
class Treatment:
    code: str  # the engine's treatment code, or "support"
    name: str | Promise  # short, for sentences ("Spravato"); translated when shown
    title: str | Promise  # the page's name in lists and links
    url_name: str


SUPPORT: Final = "support"

TREATMENT_PAGES: Final = MappingProxyType(
    {
        "spravato": Treatment(
            "spravato", "Spravato", _("Spravato (esketamine nasal spray)"), "treatment_spravato"
        ),
        "ketamine": Treatment("ketamine", _("IV ketamine"), _("IV ketamine"), "treatment_ketamine"),
        "tms": Treatment(
            "tms", "TMS", _("TMS (transcranial magnetic stimulation)"), "treatment_tms"
        ),
        SUPPORT: Treatment(
            SUPPORT,
            _("Psychotherapy and support"),
            _("Psychotherapy and support"),
            "treatment_support",
        ),
    }
)

# Every answer the engine can flag, per treatment: the safety questions, plus the two things the
# intake records elsewhere that IV ketamine's screen also needs (see screening.criteria.risk).
FLAGGABLE_KEYS: Final = MappingProxyType(
    {
        treatment: (
            *keys,
            *(
                (KETAMINE_SUBSTANCE_USE_FLAG, KETAMINE_CARDIOVASCULAR_FLAG)
                if treatment == "ketamine"
                else ()
            ),
            # The engine's age flag (issue 15): a note for the clinician, never an exclusion.
            *((SPRAVATO_AGE_FLAG,) if treatment == "spravato" else ()),
        )
        for treatment, keys in TREATMENT_SAFETY_KEYS.items()
    }
)

# The section of the flagged-answers page for when the safety questions were not answered.
UNANSWERED_ANCHOR: Final = "safety-questions-unanswered"


@dataclass(frozen=True, slots=True)
class SafetyTopic:
    """One answer that needs a clinician's look, explained for the person who gave it."""

    key: str
    # Translated when shown (issue 19).
    title: str | Promise
    mentioned: str | Promise  # completes "You mentioned ..."
    why: str | Promise
    may_still: str | Promise
    questions: tuple[str | Promise, ...]

    @property
    def anchor(self) -> str:
        return self.key.replace("_", "-")

    @property
    def treatments(self) -> tuple[Treatment, ...]:
        """The treatments this answer matters for, in the order the site lists treatments."""
        return tuple(
            TREATMENT_PAGES[code] for code in TREATMENTS if self.key in FLAGGABLE_KEYS[code]
        )


_TOPICS: Final = (
    SafetyTopic(
        key="aneurysm_or_avm",
        title=_("An aneurysm or an arteriovenous malformation (AVM)"),
        mentioned=_("an aneurysm or an arteriovenous malformation"),
        why=_(
            "Spravato raises blood pressure for a while after each dose. Its FDA label says it "
            "must not be used by people with an aneurysm (a bulge in the wall of an artery, in "
            "the aorta, the brain or elsewhere) or an arteriovenous malformation (a tangle of "
            "blood vessels), because that rise could be dangerous for them."
        ),
        may_still=_(
            "This is not the end of the road. Other treatments work differently and may still "
            "be possible. If your aneurysm was treated with clips or coils, tell us, because "
            "that matters for TMS too."
        ),
        questions=(
            _("Which of your treatments are safe with my blood vessel condition?"),
            _("Would records from the doctor who treats it help?"),
        ),
    ),
    SafetyTopic(
        key="intracerebral_hemorrhage",
        title=_("Bleeding in the brain in the past"),
        mentioned=_("bleeding in the brain in the past"),
        why=_(
            "Spravato's FDA label says it must not be used by people who have had bleeding in "
            "the brain (an intracerebral hemorrhage), because of the rise in blood pressure "
            "after each dose."
        ),
        may_still=_(
            "Other treatments may still be possible. A clinician will go through what your "
            "history means for each of them."
        ),
        questions=(_("What does my history mean for each treatment you offer?"),),
    ),
    SafetyTopic(
        key="ketamine_hypersensitivity",
        title=_("An allergy or bad reaction to ketamine or esketamine"),
        mentioned=_("a reaction to ketamine or esketamine"),
        why=_(
            "Spravato is esketamine, a form of ketamine, so a true allergy to either one means "
            "neither Spravato nor IV ketamine should be used. Not every bad experience is an "
            "allergy, though, so a clinician will ask you what happened."
        ),
        may_still=_("TMS uses no medicine, so a reaction to ketamine does not stand in its way."),
        questions=(
            _("Was what happened to me an allergy?"),
            _("Which treatments do not involve ketamine?"),
        ),
    ),
    SafetyTopic(
        key="uncontrolled_hypertension",
        title=_("High blood pressure that is not under control"),
        mentioned=_("high blood pressure that is not under control"),
        why=_(
            "Ketamine and esketamine raise blood pressure for a while after each dose. With "
            "Spravato, blood pressure is checked before each dose and again about 40 minutes "
            "after, and a dose may be put off if it is above 140/90. The guidance for IV "
            "ketamine asks clinicians to check for uncontrolled high blood pressure first."
        ),
        may_still=_(
            "Once blood pressure is well controlled, often with your own doctor's help, these "
            "treatments may be possible. Our screening does not flag TMS for this answer."
        ),
        questions=(
            _("What blood pressure would you want to see before I start?"),
            _("Should I see my own doctor about it first?"),
        ),
    ),
    SafetyTopic(
        key="psychosis_history",
        title=_("Psychosis in the past"),
        mentioned=_("psychosis in the past"),
        why=_(
            "Ketamine can change how things look, sound and feel for a while during an "
            "infusion. The guidance for IV ketamine asks clinicians to check for a history of "
            "psychosis or schizophrenia first, because ketamine could bring those experiences "
            "back."
        ),
        may_still=_(
            "A clinician will look at your history with you. Another treatment may suit you "
            "better, and that is a conversation worth having."
        ),
        questions=(_("Which treatments fit my history best?"),),
    ),
    SafetyTopic(
        key="pregnant_or_breastfeeding",
        title=_("Pregnancy or breastfeeding"),
        mentioned=_("that you are pregnant or breastfeeding"),
        why=_(
            "The guidance for IV ketamine asks clinicians to check for pregnancy and "
            "breastfeeding first, so that the risks for you and your baby can be weighed. The "
            "same conversation matters for Spravato, which is also a medicine. Please tell us "
            "if you are planning a pregnancy, too."
        ),
        may_still=_(
            "A clinician will talk through which options are safest for you and your baby, "
            "and when."
        ),
        questions=(
            _("Which options are safe while I am pregnant or breastfeeding?"),
            _("Should my obstetrician or midwife be part of the decision?"),
        ),
    ),
    SafetyTopic(
        key="metal_in_head",
        title=_("Metal in or near your head"),
        mentioned=_("metal in or near your head"),
        why=_(
            "TMS uses a strong magnetic field close to the head. Metal there that cannot be "
            "taken out, such as plates, aneurysm clips or coils, or a cochlear implant, can be "
            "affected by it. Dental fillings and braces are fine."
        ),
        may_still=_(
            "What the metal is and exactly where it sits both matter, so TMS may still be "
            "possible. Bring whatever you know about it, such as an implant card or the report "
            "from your operation. IV ketamine and Spravato do not use magnets."
        ),
        questions=(_("Can you check whether my implant is safe with TMS?"),),
    ),
    SafetyTopic(
        key="implanted_device",
        title=_("An implanted device, such as a pacemaker or a stimulator"),
        mentioned=_("an implanted device"),
        why=_(
            "TMS's magnetic field can affect implanted stimulators, such as a vagus nerve "
            "stimulator (VNS) or a deep brain stimulator (DBS), and devices that respond to "
            "your body's own signals, such as a pacemaker or an implanted defibrillator (ICD). "
            "These need a clinician's careful look before TMS."
        ),
        may_still=_(
            "Depending on the device and where it sits, TMS may still be possible. Bring your "
            "device card. IV ketamine and Spravato do not use magnets."
        ),
        questions=(_("What do you need to know about my device?"),),
    ),
    SafetyTopic(
        key="seizure_history",
        title=_("Seizures in the past"),
        mentioned=_("seizures in the past"),
        why=_(
            "A seizure is a rare but serious side effect of TMS, and a history of seizures can "
            "make one more likely, so this is decided case by case."
        ),
        may_still=_(
            "What caused the seizures, how long ago they were, and any medicine you take for "
            "them all matter. TMS may still be possible; a clinician will go through it with "
            "you."
        ),
        questions=(_("Given my history, is TMS a reasonable option for me?"),),
    ),
    SafetyTopic(
        key=KETAMINE_SUBSTANCE_USE_FLAG,
        title=_("Alcohol or drug use"),
        mentioned=_("alcohol or drug use"),
        why=_(
            "The guidance for IV ketamine asks clinicians to check for an active substance use "
            "problem, because ketamine itself can be misused and its effects add to those of "
            "alcohol and other drugs. Our screening cannot tell everyday use from a problem, "
            "so any use you mention is looked at by a clinician."
        ),
        may_still=_(
            "Telling us was the right thing to do, and it is not a judgment: many people with "
            "depression drink or use drugs to get through the day. A clinician will talk with "
            "you about what is safest and what support could help."
        ),
        questions=(_("Does my alcohol or drug use change which treatment is safest?"),),
    ),
    SafetyTopic(
        key=KETAMINE_CARDIOVASCULAR_FLAG,
        title=_("Heart or blood vessel disease"),
        mentioned=_("heart or blood vessel disease"),
        why=_(
            "Ketamine raises blood pressure and heart rate for a while during an infusion. The "
            "guidance for IV ketamine asks clinicians to check for serious heart disease first."
        ),
        may_still=_(
            "A clinician will look at your heart condition, perhaps together with your own "
            "doctor, before anything is decided. Other treatments may not raise this question."
        ),
        questions=(_("Would you like to speak with my cardiologist or my own doctor?"),),
    ),
    SafetyTopic(
        key=SPRAVATO_AGE_FLAG,
        title=_("Being 65 or older"),
        mentioned=_("your age (65 or older)"),
        why=_(
            "Spravato is used at any adult age, but in the studies people 65 and older were "
            "helped a little less, and some doctors start them on a lower dose. A clinician "
            "takes your age into account when planning the dose."
        ),
        may_still=_(
            "Your age does not rule Spravato out. It is one of the things a clinician will "
            "talk through with you, along with the other treatments."
        ),
        questions=(_("Would you start me on a lower dose because of my age?"),),
    ),
)

SAFETY_TOPICS: Final = MappingProxyType({topic.key: topic for topic in _TOPICS})

# The engine's antidepressant classes (criteria.CLASS_LABELS, English, for staff) as the patient
# pages show them, translated (issue 19). tests/pages/test_no_english_left.py proves the English
# here is the engine's, word for word, so the two never drift apart.
PATIENT_CLASS_LABELS: Final = MappingProxyType(
    {
        "ssri": _("SSRI (selective serotonin reuptake inhibitors)"),
        "snri": _("SNRI (serotonin-norepinephrine reuptake inhibitors)"),
        "tca": _("TCA (tricyclic and tetracyclic antidepressants)"),
        "maoi": _("MAOI (monoamine oxidase inhibitors)"),
        "ndri": _("NDRI (norepinephrine-dopamine reuptake inhibitor: bupropion)"),
        "nassa": _("NaSSA (noradrenergic and specific serotonergic antidepressant: mirtazapine)"),
        "sari": _("SARI (serotonin antagonist and reuptake inhibitors: trazodone, nefazodone)"),
        "serotonin_modulator": _("Serotonin modulators (vilazodone, vortioxetine)"),
        "nmda_antagonist": _(
            "NMDA receptor antagonist with bupropion (dextromethorphan-bupropion: Auvelity)"
        ),
        "serotonin_1a_agonist": _("5-HT1A receptor agonist (gepirone: Exxua)"),
    }
)
