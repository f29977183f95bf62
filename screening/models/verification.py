"""The clinician's verified history of a case (issue 17) and the admins' re-evaluation jobs.

The patient's answers (Submission, MedicationTrial, ScaleResponse) stay as they were submitted.
A clinician's corrections are a new `VerifiedHistory` each time they save: version 1, 2, ...,
each complete in itself (its own `VerifiedTrial` rows), with who saved it, when, why, and the
list of what changed against the version before. Nothing here is edited after it is written.
"""

from django.conf import settings
from django.db import models

from .ids import new_public_id


class TrialSource(models.TextChoices):
    """Where the clinician found a trial: the patient's own account, or a record."""

    PATIENT = "patient", "Patient"
    PHARMACY = "pharmacy", "Pharmacy records"
    PRIOR_PROVIDER = "prior_provider", "Prior provider"
    PDMP = "pdmp", "PDMP (prescription monitoring program)"


class VerifiedHistory(models.Model):
    submission = models.ForeignKey(
        "screening.Submission", on_delete=models.CASCADE, related_name="verified_histories"
    )
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField("why", max_length=500)
    # What changed against the version before: [{"what": ..., "from": ..., "to": ...}], codes and
    # values only (the reason above says why).
    changes = models.JSONField(default=list)
    # The episode's diagnosis as the clinician enters it (e.g. an ICD-10-CM code and words).
    diagnosis = models.CharField(max_length=200, blank=True)
    psychotherapy_kind = models.CharField(max_length=30, blank=True)
    psychotherapy_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    psychotherapy_current_episode = models.BooleanField(null=True, blank=True)
    madrs = models.PositiveSmallIntegerField(null=True, blank=True)
    madrs_rated_on = models.DateField(null=True, blank=True)
    hamd17 = models.PositiveSmallIntegerField(null=True, blank=True)
    hamd17_rated_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["submission", "version"]
        verbose_name_plural = "verified histories"
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "version"], name="verified_history_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Verified history v{self.version}"


class VerifiedTrial(models.Model):
    """One antidepressant trial as the clinician confirmed it. None/blank means not known."""

    history = models.ForeignKey(VerifiedHistory, on_delete=models.CASCADE, related_name="trials")
    position = models.PositiveSmallIntegerField()
    # The patient's trial this one confirms or corrects (its position), None when added from
    # records.
    patient_position = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=TrialSource.choices)
    medication = models.CharField(max_length=200)
    dose_mg = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    total_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    adherence = models.CharField(max_length=10, blank=True)
    improvement = models.CharField(max_length=10, blank=True)
    stopped_for_side_effects = models.BooleanField(null=True, blank=True)
    # False: "not this episode" (the engine then leaves it out of the count).
    current_episode = models.BooleanField(null=True, blank=True)
    augmented_with = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["history", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["history", "position"], name="verified_trial_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Verified trial {self.position}"


class ReEvaluationJob(models.Model):
    """Every open case evaluated again under one profile, by a Celery task in slices.

    `cursor` is the last Submission id done; it moves in the same transaction as the slice's
    determinations, so a worker killed mid-slice loses that slice's work and nothing else, and a
    resumed job starts after the cursor (each case once). `lease_token`/`lease_until` say which
    run holds the job, so two runs never work on it at once.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"

    public_id = models.CharField(max_length=64, unique=True, default=new_public_id, editable=False)
    profile_name = models.CharField(max_length=50)
    profile_version = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    cursor = models.BigIntegerField(default=0)
    # The highest case id when the job started: cases submitted later were evaluated at submit.
    last_case_id = models.BigIntegerField(default=0)
    lease_token = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    runs = models.PositiveIntegerField(default=0)  # how many times a run took the job
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Re-evaluation under {self.profile_name} v{self.profile_version}"
