"""What the criteria engine decided, with the profile it used, and which profile is active."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from screening.criteria import DEFAULT_PROFILE_NAME, PROFILES


class Determination(models.Model):
    """One evaluation of a submission's facts under one profile; never edited afterwards.

    `facts` is the engine's JSON input and `result` its JSON output, so a clinician (or a test)
    can replay the decision exactly; the columns beside them serve the queue's ordering.
    """

    submission = models.ForeignKey(
        "screening.Submission", on_delete=models.CASCADE, related_name="determinations"
    )
    created_at = models.DateTimeField()
    # Null for the determination made at submit; the staff member for a re-evaluation.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    profile_name = models.CharField(max_length=50)
    profile_version = models.PositiveSmallIntegerField()
    profile_parameters = models.JSONField()
    facts = models.JSONField()
    result = models.JSONField()  # exactly Determination.to_json(): the engine's contract
    # What the staff page shows beyond the contract: the verdict's reasons, each trial's dose
    # against the minimum, weeks, adherence and improvement, and unanswered safety questions.
    explanation = models.JSONField(default=dict)
    verdict = models.CharField(max_length=15, db_index=True)
    urgent = models.BooleanField(default=False)
    phq9_severity = models.CharField(max_length=20, blank=True)
    msm_band = models.CharField(max_length=10, blank=True)
    # Issue 17: the clinician's verified history the facts came from (None: the patient's own
    # answers), shown as "clinician-verified" beside the verdict; and the admins' re-evaluation
    # job that made it, at most one per case and job (each case once, even after a crash).
    verified_history = models.ForeignKey(
        "screening.VerifiedHistory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="determinations",
    )
    re_evaluation_job = models.ForeignKey(
        "screening.ReEvaluationJob",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="determinations",
    )

    class Meta:
        ordering = ["created_at", "id"]
        # The staff queue's verdict filter joins on these two only (index-only, no JSON read).
        indexes = [
            models.Index(fields=["verdict", "id"], name="determination_verdict_id_idx"),
            # The outcomes page's verdict at submit (issue 18), without reading the JSON.
            models.Index(
                fields=["submission", "created_at"],
                include=["verdict"],
                name="determination_at_submit_ix",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["re_evaluation_job", "submission"],
                condition=models.Q(re_evaluation_job__isnull=False),
                name="determination_once_per_job",
            )
        ]

    def __str__(self) -> str:
        return f"{self.verdict} under {self.profile_name} v{self.profile_version}"

    @property
    def clinician_verified(self) -> bool:
        return self.verified_history_id is not None


def profile_choices() -> list[tuple[str, str]]:
    """The shipped profiles, read when a form needs them: a callable, so adding or renaming a
    profile in screening/criteria/profiles.py needs no migration."""
    return [(name, f"{name} (version {profile.version})") for name, profile in PROFILES.items()]


def validate_profile_name(value: str) -> None:
    if value not in PROFILES:
        raise ValidationError(f"Unknown profile {value!r}.")


class ClinicSettings(models.Model):
    """The clinic's choices that admins change without a deploy. A single row."""

    active_profile_name = models.CharField(
        "active criteria profile",
        max_length=50,
        default=DEFAULT_PROFILE_NAME,
        choices=profile_choices,
        validators=[validate_profile_name],
        help_text="The rule set new submissions are evaluated under.",
    )

    class Meta:
        verbose_name = "clinic settings"
        verbose_name_plural = "clinic settings"

    def __str__(self) -> str:
        return "Clinic settings"

    @classmethod
    def load(cls) -> "ClinicSettings":
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj
