"""Onboarding in the admin site: issue an authenticator setup link (issue 14 item 5).

On the user list, select the person and run "Issue an authenticator setup link". The page that
follows shows each link once; it is not stored (only its hash is), not logged and not emailed by
the app: give it to the person yourself. A person who already has an authenticator gets none:
delete their authenticator first (a lost phone), then issue the link.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from screening.models import StaffSetupLink
from screening.security.client_ip import client_ip
from screening.staff.services.setup_links import AlreadyEnrolled, staff_setup_link_issue

User = get_user_model()


@admin.action(description="Issue an authenticator setup link", permissions=["change"])
def issue_setup_links(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> TemplateResponse | None:
    now = timezone.now()
    issued: list[tuple[str, str]] = []
    for person in queryset.order_by("username"):
        try:
            token = staff_setup_link_issue(
                user=person, issued_by=request.user, ip=client_ip(request), now=now
            )
        except AlreadyEnrolled:
            modeladmin.message_user(
                request,
                f"{person.get_username()} already has an authenticator: delete it under"
                " Authenticators first if they need a new one.",
                messages.WARNING,
            )
            continue
        path = reverse("staff_setup_link", args=[token])
        issued.append((person.get_username(), request.build_absolute_uri(path)))
    if not issued:
        return None
    return TemplateResponse(
        request,
        "admin/screening/setup_links_issued.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": "Authenticator setup links",
            "issued": issued,
            "valid_hours": settings.STAFF_SETUP_LINK_VALID_HOURS,
        },
    )


class StaffUserAdmin(UserAdmin):
    actions = [*(UserAdmin.actions or []), issue_setup_links]


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)


@admin.register(StaffSetupLink)
class StaffSetupLinkAdmin(admin.ModelAdmin):
    """Which links were issued, by whom, and whether they were used. Never the link itself."""

    list_display = ["user", "issued_by", "created_at", "expires_at", "used_at", "enrolled_at"]
    fields = list_display
    readonly_fields = list_display

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
