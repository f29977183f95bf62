"""A person's intake: the draft they fill in step by step, and what it holds once submitted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .ids import PUBLIC_ID_LENGTH, new_public_id


class Submission(models.Model):
    """One person's screening, from the first step (a draft) through the clinic's case work."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    class CaseStatus(models.TextChoices):
        NEW = "new", "New"
        IN_REVIEW = "in_review", "In review"
        CONTACTED = "contacted", "Contacted"
        SCHEDULED = "scheduled", "Scheduled"
        # Set by the contact log after CONTACT_FAILED_ATTEMPTS_LIMIT failed attempts in a row.
        UNREACHABLE = "unreachable", "Unable to reach"
        CLOSED = "closed", "Closed"

    class CloseReason(models.TextChoices):
        NOT_ELIGIBLE = "not_eligible", "Not eligible"
        NOT_INTERESTED = "not_interested", "Not interested"
        UNREACHABLE = "unreachable", "Unreachable"
        TREATED_ELSEWHERE = "treated_elsewhere", "Treated elsewhere"
        DUPLICATE = "duplicate", "Duplicate"

    class ContactMethod(models.TextChoices):
        # Translated: the patient reads them on the intake and in the result's sentence
        # ("contacts you by email"); staff pages are forced to English, so they stay English there.
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")

    public_id = models.CharField(
        max_length=PUBLIC_ID_LENGTH, unique=True, default=new_public_id, editable=False
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    # Step slugs saved at least once, so the review page and "Continue" know where to go.
    steps_completed = models.JSONField(default=list, blank=True)
    # A hash of the random key in this device's cookie: finds the draft again on the same device.
    device_key_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Which generation of access may open this draft (issue 14 item 1): a browser session holds
    # the number it was given, and opening a resume or check-in link moves it on, so every
    # earlier session (and, with the new device key, every earlier device) loses the draft.
    access_epoch = models.PositiveIntegerField(default=0)

    # About you
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    phone = models.CharField(max_length=16, blank=True, db_index=True, help_text="E.164")
    preferred_location = models.ForeignKey(
        "screening.Location", null=True, blank=True, on_delete=models.SET_NULL
    )
    contact_method = models.CharField(max_length=10, choices=ContactMethod.choices, blank=True)
    # The language the person used, kept at each step (issue 19): later emails and texts to them
    # go in it, and staff see it on the case. A code from settings.LANGUAGES.
    language = models.CharField(max_length=10, default="en")

    # Insurance (optional; issue 16 asks, issue 17's matrix and packet read). The codes come from
    # screening/criteria/payers.py; the member ID is identifying, so it is never logged or sent.
    insurer = models.CharField(max_length=20, blank=True)
    plan_type = models.CharField(max_length=20, blank=True)
    member_id = models.CharField(max_length=40, blank=True)

    # The other steps' answers, by step slug (episode, treatments, health, safety); each is the
    # step form's cleaned data. Trials and scales have tables of their own.
    answers = models.JSONField(default=dict, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    # The case, once submitted
    case_status = models.CharField(
        max_length=12, choices=CaseStatus.choices, default=CaseStatus.NEW, db_index=True
    )
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_submissions",
    )
    urgent = models.BooleanField(default=False, db_index=True)
    urgent_acknowledged_at = models.DateTimeField(null=True, blank=True)
    urgent_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The determination shown in the queue: the one made at submit, or a later re-evaluation.
    current_determination = models.ForeignKey(
        "screening.Determination",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # The contact log's latest attempt, copied from its CaseEvent so the queue shows it without
    # reading the events (screening/staff/services/contact.py keeps them in step).
    last_contact_at = models.DateTimeField(null=True, blank=True)
    last_contact_channel = models.CharField(max_length=10, blank=True)
    last_contact_outcome = models.CharField(max_length=15, blank=True)
    next_contact_due_at = models.DateTimeField(null=True, blank=True)
    # Failed attempts since the person was last reached (reset by a "reached" or "declined").
    failed_contact_attempts = models.PositiveSmallIntegerField(default=0)
    # Staff's "rule out" checklist: item code -> True once checked.
    rule_out = models.JSONField(default=dict, blank=True)
    # Who needs a call first, for the staff queue's order: 0 an urgent flag nobody has taken on,
    # then 1 meets, 2 needs review, 3 does not meet (the current determination), 4 no verdict.
    # The database keeps it up to date from urgent, urgent_acknowledged_at and
    # current_determination on every write (trigger in migration 0008_staff_queue_rank), so the
    # queue reads one indexed column instead of joining every determination.
    queue_rank = models.PositiveSmallIntegerField(default=4, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["state", "case_status"], name="submission_queue_idx"),
            # The staff queue's default view (open cases) and its status filters, in queue order.
            # The determination id rides along so a verdict filter counts from indexes alone.
            models.Index(
                fields=["queue_rank", "submitted_at", "id", "current_determination"],
                condition=models.Q(state="submitted") & ~models.Q(case_status="closed"),
                name="submission_open_queue_ix",
            ),
            models.Index(
                fields=["case_status", "queue_rank", "submitted_at", "id"],
                condition=models.Q(state="submitted"),
                name="submission_status_queue_idx",
            ),
            # The outcomes page (issue 18): drafts by month started, cases by month submitted,
            # read from the indexes alone rather than the wide rows.
            models.Index(
                fields=["created_at"],
                include=["state", "steps_completed"],
                name="submission_started_month_ix",
            ),
            models.Index(
                fields=["submitted_at", "id"],
                condition=models.Q(state="submitted"),
                name="submission_submitted_month_ix",
            ),
        ]

    def __str__(self) -> str:
        return f"Submission {self.public_id[:8]}"

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    def has_consent(self, kind: str) -> bool:
        """The latest recorded answer for this kind of consent (False when never asked)."""
        latest = max(
            (c for c in self.consents.all() if c.kind == kind),
            key=lambda c: c.recorded_at,
            default=None,
        )
        return bool(latest and latest.given)


class Consent(models.Model):
    """One consent answer as given: what was asked (text version), the answer, and when."""

    class Kind(models.TextChoices):
        PRIVACY = "privacy", "Privacy notice"
        ADULT = "adult", "18 or older"
        EMAIL_REMINDERS = "email_reminders", "Email reminders"
        SMS_REMINDERS = "sms_reminders", "Text reminders"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    given = models.BooleanField()
    text_version = models.CharField(max_length=20)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {'yes' if self.given else 'no'}"


class MedicationTrial(models.Model):
    """One antidepressant the person tried, as they told it. None/blank means "I don't know"."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="trials")
    position = models.PositiveSmallIntegerField()
    medication = models.CharField(max_length=200)
    dose_mg = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    # All weeks on the medicine, titration included; `weeks` is weeks at the highest dose.
    total_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    # The rough answer chosen instead of a number ("6-8", screening/intake/durations.py), kept
    # so staff see what was said; the week fields above then hold the band's lower end.
    weeks_band = models.CharField(max_length=10, blank=True)
    total_weeks_band = models.CharField(max_length=10, blank=True)
    adherence = models.CharField(max_length=10, blank=True)
    improvement = models.CharField(max_length=10, blank=True)
    stopped_for_side_effects = models.BooleanField(null=True, blank=True)
    current_episode = models.BooleanField(null=True, blank=True)
    augmented_with = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "position"], name="trial_position_unique")
        ]

    def __str__(self) -> str:
        return f"Trial {self.position}"


class ScaleResponse(models.Model):
    """A completed PHQ-9 or GAD-7: at intake, or later from a symptom check-in."""

    class Scale(models.TextChoices):
        PHQ9 = "phq9", "PHQ-9"
        GAD7 = "gad7", "GAD-7"

    class Source(models.TextChoices):
        INTAKE = "intake", "Intake"
        CHECKIN = "checkin", "Check-in"

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="scale_responses"
    )
    scale = models.CharField(max_length=5, choices=Scale.choices)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.INTAKE)
    answers = models.JSONField()
    # PHQ-9's functional question (not scored): how difficult the problems made daily life.
    functional_difficulty = models.CharField(max_length=30, blank=True)
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    severity = models.CharField(max_length=20, blank=True)
    item9_positive = models.BooleanField(default=False)
    recorded_at = models.DateTimeField()
    # The language whose official translation was answered (screening/intake/scale_texts.py):
    # the wordings differ, so a clinician reading a score, and a payer, may need to know.
    # Blank for answers recorded before it was kept.
    language = models.CharField(max_length=10, blank=True, default="")

    class Meta:
        ordering = ["recorded_at", "id"]
        indexes = [
            models.Index(fields=["submission", "scale", "source"], name="scale_idx"),
            # The outcomes page's first and latest PHQ-9 of each case, from the index alone.
            models.Index(
                fields=["submission", "source", "recorded_at", "id"],
                include=["total"],
                condition=models.Q(scale="phq9"),
                name="scale_phq9_over_time_ix",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scale_display()} ({self.get_source_display()})"


class ResumeLink(models.Model):
    """A single-use link, sent by email, that reopens a draft on any device.

    Only a hash of the token is stored: a database reader cannot rebuild a working link.
    """

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="resume_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    # A hash of the address the link was emailed to: once the draft's email changes, the link
    # proves nothing about who holds the new address, so it no longer opens the draft.
    address_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Resume link {self.pk}"


class ResumeRequest(models.Model):
    """Someone asked for a resume link by email ("email me a link").

    The page only writes this row, whatever the address, so its answer takes the same work and
    time whether or not a draft exists (issue 14 item 11); the dispatcher looks the address up
    afterwards and deletes the row. The address is kept only until then.
    """

    email = models.EmailField()
    requested_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Resume request {self.pk}"
