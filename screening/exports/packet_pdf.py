"""The prior-authorization packet as a PDF (fpdf2), made in memory and never written to disk.

Printed in DejaVu Sans, kept in `fonts/` (why: fonts/README.md), so names such as Łukasz or
Nguyễn and the signs the clinic's words use (≥, →, ⚠) reach the payer as written. A character
the font has no glyph for is printed as "?" rather than silently left out.
"""

from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from screening.exports.packet_content import MISSING, Packet

_FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVuSans"
_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


@cache
def _printable() -> frozenset[int]:
    """The code points both faces draw (read once per process)."""
    faces = [set(TTFont(_FONTS / name).getBestCmap()) for name in _FILES.values()]
    return frozenset(set.intersection(*faces))


def plain(text: object) -> str:
    """`text` as the packet's font can print it: line breaks kept, any other character it has
    no glyph for as '?'."""
    printable = _printable()
    return "".join(char if char in "\n\t" or ord(char) in printable else "?" for char in str(text))


_LABEL_WIDTH = 58  # mm: the labels' column


class _Document(FPDF):
    def __init__(self, packet: Packet):
        super().__init__(format="Letter")
        self.packet = packet
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(16, 16, 16)
        for style, name in _FILES.items():
            self.add_font(FAMILY, style=style, fname=str(_FONTS / name))
        self.set_title(plain(f"Prior authorization: {packet.treatment_label}"))
        self.set_creator("TRD clinic screening")

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FAMILY, size=8)
        self.cell(
            0,
            5,
            plain(
                f"Case {self.packet.case_id} · {self.packet.profile_name} v"
                f"{self.packet.profile_version} · page {self.page_no()}/{{nb}}"
            ),
            align="C",
        )

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font(FAMILY, style="B", size=12)
        self.multi_cell(0, 7, plain(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FAMILY, size=10)

    def line_of(self, label: str, value: object) -> None:
        if self.will_page_break(10):
            self.add_page()  # a label and its value on one page
        self.set_font(FAMILY, style="B", size=10)
        if self.get_string_width(plain(label)) > _LABEL_WIDTH - 2:
            # A long label (a safety question) gets a line of its own, the answer under it.
            self.multi_cell(0, 5, plain(label), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_x(self.l_margin + _LABEL_WIDTH)
        else:
            self.cell(_LABEL_WIDTH, 5, plain(label))
        self.set_font(FAMILY, size=10)
        self.multi_cell(
            0, 5, plain(value if value not in (None, "") else MISSING),
            new_x=XPos.LMARGIN, new_y=YPos.NEXT,
        )  # fmt: skip

    def text_block(self, text: str, *, size: int = 10) -> None:
        self.set_font(FAMILY, size=size)
        self.multi_cell(0, 5, plain(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def packet_pdf(packet: Packet) -> bytes:
    """The packet as PDF bytes."""
    pdf = _Document(packet)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font(FAMILY, style="B", size=15)
    pdf.multi_cell(
        0, 8, plain(f"Prior authorization request: {packet.treatment_label}"),
        new_x=XPos.LMARGIN, new_y=YPos.NEXT,
    )  # fmt: skip
    pdf.text_block(
        f"Checked against {packet.profile_title} ({packet.profile_name}, version "
        f"{packet.profile_version}). Generated {packet.generated_at:%m/%d/%Y %H:%M %Z} by "
        f"{packet.generated_by}.",
        size=9,
    )

    pdf.heading("Patient")
    pdf.line_of("Name", packet.patient_name)
    pdf.line_of(
        "Date of birth",
        packet.date_of_birth.strftime("%m/%d/%Y") if packet.date_of_birth else MISSING,
    )
    pdf.line_of("Clinic case id", packet.case_id)
    pdf.line_of("Insurer", packet.insurer)
    pdf.line_of("Plan type", packet.plan_type)
    pdf.line_of("Member ID", packet.member_id)
    pdf.line_of("Diagnosis (clinician)", packet.diagnosis)
    pdf.line_of("History", packet.verified)

    pdf.heading("Criteria")
    pdf.line_of("Profile", f"{packet.profile_name} v{packet.profile_version}")
    pdf.text_block(packet.profile_description, size=9)
    pdf.line_of("Rule set", packet.rule_set)
    pdf.line_of("Screening result", packet.verdict)
    pdf.line_of("Adequate failed trials", str(packet.failed_trials))
    pdf.line_of("Classes of failed trials", ", ".join(packet.failed_classes) or "None")
    pdf.line_of(
        "Missing evidence",
        "; ".join(f"MISSING: {item}" for item in packet.missing_evidence) or "None",
    )
    if packet.review_reasons:
        pdf.line_of("For review", "; ".join(packet.review_reasons))

    pdf.heading("Antidepressant trials")
    if not packet.trials:
        pdf.text_block(f"{MISSING}: no antidepressant trial on record.")
    for trial in packet.trials:
        pdf.set_font(FAMILY, style="B", size=10)
        pdf.multi_cell(
            0, 6, plain(f"{trial.number}. {trial.medication} ({trial.medication_class})"),
            new_x=XPos.LMARGIN, new_y=YPos.NEXT,
        )  # fmt: skip
        pdf.line_of("  Dose", trial.dose + (" (below minimum)" if trial.below_minimum else ""))
        pdf.line_of("  Duration", trial.weeks)
        pdf.line_of("  Adherence", trial.adherence)
        pdf.line_of("  Outcome", trial.outcome)
        pdf.line_of("  Screening assessment", trial.status)
        pdf.line_of("  Current episode", trial.current_episode)
        pdf.line_of("  Augmented with", trial.augmented_with)
        pdf.line_of("  Source", trial.source)

    pdf.heading("Augmentation and psychotherapy")
    pdf.line_of("Augmentation", packet.augmentation)
    pdf.line_of("Psychotherapy", packet.psychotherapy)

    pdf.heading("PHQ-9 history")
    if not packet.phq9:
        pdf.text_block(f"{MISSING}: no PHQ-9 total on record.")
    for row in packet.phq9:
        pdf.line_of(f"{row.at:%m/%d/%Y}", f"{row.total} ({row.severity}; {row.source})")

    pdf.heading("Clinician-rated scales")
    for score in packet.scales:
        value = (
            f"{score.score}, rated {score.rated_on:%m/%d/%Y}"
            if score.score is not None and score.rated_on
            else MISSING
        )
        pdf.line_of(score.name, value)

    pdf.heading(f"Safety screening for {packet.treatment_label}")
    for row in packet.safety:
        pdf.line_of(row.question, row.answer + (" — FLAGGED for review" if row.flagged else ""))

    if packet.rems:
        pdf.heading("Spravato REMS patient enrollment (prefilled where known)")
        for field in packet.rems:
            pdf.line_of(field.label, field.value or "____________________")

    pdf.heading("Attestation")
    pdf.text_block(packet.attestation)
    pdf.ln(8)
    pdf.text_block("Clinician signature: ________________________________   Date: ____________")
    pdf.ln(3)
    pdf.text_block("Printed name and credentials: ________________________   NPI: ____________")
    return bytes(pdf.output())
