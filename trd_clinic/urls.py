from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = f"{settings.CLINIC_NAME} administration"
admin.site.site_title = settings.CLINIC_NAME

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("screening.urls")),
]

# Issue 13: a page that needs nothing but a template and settings, database and session gone.
handler500 = "screening.pages.views.outage.server_error"
# Issue 19: "not found" in the visitor's language, without the database.
handler404 = "screening.pages.views.errors.not_found"
