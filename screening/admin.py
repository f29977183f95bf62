from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from screening.models import ClinicSettings, Location


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "town",
        "phone",
        "offers_ketamine",
        "offers_spravato",
        "offers_tms",
        "active",
    ]
    list_filter = ["active"]
    list_editable = ["active"]
    fields = [
        "name",
        "town",
        "address",
        "phone",
        ("offers_ketamine", "offers_spravato", "offers_tms"),
        "active",
        "display_order",
    ]


@admin.register(ClinicSettings)
class ClinicSettingsAdmin(admin.ModelAdmin):
    """The clinic's single settings row: which criteria profile new submissions are judged by."""

    fields = ["active_profile_name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        # There is only ever one row: go straight to it (made on first use).
        settings_row = ClinicSettings.load()
        return HttpResponseRedirect(
            reverse("admin:screening_clinicsettings_change", args=[settings_row.pk])
        )


# django-otp's own admin shows each authenticator's secret key and QR code: anyone who can read
# it could make codes for that person. Admins here may only see that a device exists and delete
# it (a lost phone: the person enrols again with a new setup link: staff/admin_setup_links.py).
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# Onboarding: the user list's "Issue an authenticator setup link" action (issue 14 item 5).
from .staff import admin_setup_links  # noqa: E402, F401
