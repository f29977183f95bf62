from django.contrib import admin

from .models import Location


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
