from django.urls import include, path
from django.views.i18n import set_language

from screening.intake import call_me_views, medicine_views, resume_views, sign_out_views
from screening.intake import views as intake
from screening.pages.views import contact, public, treatments
from screening.reminders.views import checkin, sms_inbound, unsubscribe

urlpatterns = [
    path("", public.landing, name="landing"),
    path("crisis/", public.crisis, name="crisis"),
    path("locations/", public.locations, name="locations"),
    # Issue 19: the notice of free language help, and the language switcher's target
    # (Django's set_language; no language in any other URL).
    path("language-help/", public.language_help, name="language_help"),
    # Django's own view, CSRF-checked like every state change (security.md item 10).
    path("i18n/setlang/", set_language, name="set_language"),
    path("treatments/", treatments.index, name="treatments_index"),
    path("treatments/trd/", treatments.trd, name="treatment_trd"),
    path("treatments/ketamine/", treatments.ketamine, name="treatment_ketamine"),
    path("treatments/spravato/", treatments.spravato, name="treatment_spravato"),
    path("treatments/tms/", treatments.tms, name="treatment_tms"),
    path("treatments/support/", treatments.support, name="treatment_support"),
    path("treatments/safety-questions/", treatments.flagged, name="treatment_flagged"),
    path("contact/", contact.contact, name="contact"),
    path("contact/thanks/", contact.contact_thanks, name="contact_thanks"),
    path("intake/", intake.start, name="intake_start"),
    path("intake/adults-only/", intake.under_18, name="intake_under_18"),
    path("intake/continue/", intake.continue_draft, name="intake_continue"),
    # The medicines step is a list and three short pages per medicine (issue 16 item 2).
    path("intake/step/medications/", medicine_views.medications, name="intake_medications"),
    path("intake/step/<slug:slug>/", intake.step, name="intake_step"),
    path(
        "intake/medicine/<int:number>/",
        medicine_views.medicine_name,
        name="intake_medicine_name",
    ),
    path(
        "intake/medicine/<int:number>/dose/",
        medicine_views.medicine_dose,
        name="intake_medicine_dose",
    ),
    path(
        "intake/medicine/<int:number>/outcome/",
        medicine_views.medicine_outcome,
        name="intake_medicine_outcome",
    ),
    path(
        "intake/medicine/<int:number>/remove/",
        medicine_views.medicine_remove,
        name="intake_medicine_remove",
    ),
    path("intake/review/", intake.review, name="intake_review"),
    path("intake/result/", intake.result, name="intake_result"),
    # Issue 14: a phone number after an urgent answer; signing out on a shared computer.
    path("intake/call-me/", call_me_views.call_me, name="intake_call_me"),
    path("intake/result/phone/", call_me_views.result_phone, name="intake_result_phone"),
    path("intake/sign-out/", sign_out_views.sign_out, name="intake_sign_out"),
    path("intake/signed-out/", sign_out_views.signed_out, name="intake_signed_out"),
    path("intake/resume/", resume_views.resume_request, name="intake_resume_request"),
    path("intake/resume/<str:token>/", resume_views.resume, name="intake_resume"),
    # Reminders: the check-in reached from its email, and one-click unsubscribe.
    path("checkin/", checkin.checkin, name="checkin"),
    path("checkin/done/", checkin.checkin_done, name="checkin_done"),
    path("checkin/<str:token>/", checkin.checkin_start, name="checkin_start"),
    path("unsubscribe/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
    # Replies to our texts (STOP, START, HELP), posted and signed by Twilio.
    path("sms/inbound/", sms_inbound.sms_inbound, name="sms_inbound"),
    path("healthz", public.healthz, name="healthz"),
    # The staff workspace (login + second factor); its URL names start with staff_.
    path("staff/", include("screening.staff.urls")),
]
