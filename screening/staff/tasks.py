"""Staff tasks: re-evaluating every open case (issue 17). Each takes ids only and calls a
service imported inside the function (the services enqueue these tasks)."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="screening.run_re_evaluation", ignore_result=True)
def run_re_evaluation(job_id: int) -> None:
    """Work on one re-evaluation job for a while; safe to run twice (a second run finds the job
    held or done and does nothing)."""
    from screening.staff.services.re_evaluation import job_run

    job_run(job_id=job_id, now_fn=timezone.now)


@shared_task(name="screening.resume_stalled_re_evaluations", ignore_result=True)
def resume_stalled_re_evaluations() -> int:
    """Beat, every minute: a job whose run died is given a new one."""
    from screening.staff.services.re_evaluation import jobs_resume_stalled

    return len(jobs_resume_stalled(now=timezone.now()))
