"""Outcomes without PHI, for admins (issue 18 item 7; the Joint Commission's measurement-based
care standard asks clinics to aggregate outcomes): counts by month, charts drawn here as SVG,
and the same figures as CSV. Never a person, never a date finer than a month; every count under
11 withheld (presenters/suppression.py)."""

import csv
import io

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from screening.audit.services import audit_request
from screening.staff.access import access_outcomes, staff_page
from screening.staff.outcome_forms import FunnelMonthForm
from screening.staff.presenters import outcomes as present
from screening.staff.presenters.outcomes_csv import CSV_HEADER, csv_rows
from screening.staff.presenters.suppression import SMALL_CELL_MIN
from screening.staff.roles import StaffRequest
from screening.staff.selectors.outcomes import outcomes
from screening.staff.views.files import attachment


@staff_page("outcomes_view")
@require_safe
def outcomes_page(request: StaffRequest) -> HttpResponse:
    access_outcomes(request, action="outcomes_view")
    data = outcomes(now=timezone.now())
    form = FunnelMonthForm(request.GET or None, months=data.months)
    audit_request(request, action="outcomes_view", object_type="outcomes")
    return render(
        request,
        "staff/outcomes.html",
        {
            "form": form,
            "first_month": present.month_label(data.months[0]),
            "last_month": present.month_label(data.months[-1]),
            "funnel": present.funnel_section(data, month=form.chosen()),
            "first_contact": present.first_contact_section(data),
            "verdicts": present.verdict_section(data),
            "checkins": present.checkin_section(data),
            "phq9": present.phq9_section(data),
            "small_cell_min": SMALL_CELL_MIN,
            "draft_purge_days": settings.DRAFT_PURGE_AFTER_DAYS,
            "nav": "outcomes",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_page("outcomes_export_csv")
@require_safe
def outcomes_csv(request: StaffRequest) -> HttpResponse:
    access_outcomes(request, action="outcomes_export_csv")
    data = outcomes(now=timezone.now())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(data))
    audit_request(request, action="outcomes_export_csv", object_type="outcomes")
    return attachment(
        out.getvalue(), content_type="text/csv; charset=utf-8", stem="outcomes", ext="csv"
    )
