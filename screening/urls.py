from django.urls import path

from .views import public

urlpatterns = [
    path("", public.landing, name="landing"),
    path("crisis/", public.crisis, name="crisis"),
    path("locations/", public.locations, name="locations"),
    path("intake/", public.intake_start, name="intake_start"),
    path("healthz", public.healthz, name="healthz"),
]
