"""The admin site, behind the same password + TOTP sign-in as the staff pages (security.md 3).

Password alone never reaches the admin: `has_permission` also asks for the second factor, and
the admin's own login page hands over to the staff sign-in, which has the TOTP step, lockout
and audit.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from screening.staff.roles import ADMIN, role_of, second_factor_done


class StaffAdminSite(AdminSite):
    site_header = f"{settings.CLINIC_NAME} administration"
    site_title = settings.CLINIC_NAME

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and role_of(user) == ADMIN
            and second_factor_done(request)
        )

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        next_url = request.GET.get("next") or reverse("admin:index")
        return HttpResponseRedirect(f"{reverse('staff_login')}?{urlencode({'next': next_url})}")

    def logout(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """The admin's sign-out is the staff sign-out: every session of the person ends, on
        every device, not only this one (issue 14 item 7). GET keeps Django's refusal."""
        if request.method != "POST":
            return super().logout(request, extra_context)
        from screening.staff.services.sessions import staff_sign_out

        staff_sign_out(request=request)
        return render(request, "staff/logged_out.html")
