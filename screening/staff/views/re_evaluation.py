"""Re-evaluating every open case under a profile (issue 17): admins start a job and watch its
progress; a job whose worker died can be resumed by hand as well as by beat."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from screening.audit.services import audit_request
from screening.intake.determinations import active_profile
from screening.models import ReEvaluationJob
from screening.staff.access import access_re_evaluation, deny, staff_page
from screening.staff.forms import ReEvaluateForm
from screening.staff.roles import StaffRequest
from screening.staff.services import re_evaluation
from screening.staff.views.case import _actor

JOBS_SHOWN = 20


def _page(request: StaffRequest, form: ReEvaluateForm, *, status: int = 200) -> HttpResponse:
    jobs = [
        {
            "job": job,
            "percent": round(100 * job.done / job.total) if job.total else 100,
        }
        for job in ReEvaluationJob.objects.select_related("created_by")[:JOBS_SHOWN]
    ]
    return render(
        request,
        "staff/re_evaluation.html",
        {
            "form": form,
            "jobs": jobs,
            "open_cases": re_evaluation.open_cases().count(),
            "nav": "re_evaluation",
        },
        status=status,
    )


@staff_page("re_evaluation_view")
@require_http_methods(["GET", "HEAD", "POST"])
def re_evaluation_jobs(request: StaffRequest) -> HttpResponse:
    access_re_evaluation(request, action="re_evaluation_view")
    if request.method != "POST":
        audit_request(request, action="re_evaluation_view", object_type="re_evaluation_job")
        return _page(request, ReEvaluateForm(initial={"profile": active_profile().name}))
    form = ReEvaluateForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    job = re_evaluation.job_start(profile_name=form.cleaned_data["profile"], **_actor(request))
    messages.success(
        request,
        f"Re-evaluating {job.total} open case{'s' if job.total != 1 else ''} under"
        f" {job.profile_name} v{job.profile_version}. Reload this page to follow it.",
    )
    return redirect("staff_re_evaluation")


@staff_page("re_evaluation_resumed")
@require_POST
def re_evaluation_resume(request: StaffRequest, public_id: str) -> HttpResponse:
    access_re_evaluation(request, action="re_evaluation_resumed", object_id=public_id)
    job = ReEvaluationJob.objects.filter(public_id=public_id).first()
    if job is None:
        deny(
            request,
            action="re_evaluation_resumed",
            object_type="re_evaluation_job",
            object_id=public_id,
        )
    resumed = re_evaluation.jobs_resume_stalled(now=_actor(request)["now"], job_id=job.pk)
    if resumed:
        messages.success(request, "The job will carry on from where it stopped.")
    else:
        messages.info(request, "The job is running or done: nothing to resume.")
    return redirect("staff_re_evaluation")
