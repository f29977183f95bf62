"""/staff/...: every name starts with staff_. The only ids in these URLs are random public ids
(Submission, SavedQueueFilter, CallbackRequest), never a database key (security.md item 2)."""

from django.urls import path

from screening.staff.views import (
    audit,
    auth,
    callbacks,
    case,
    deliveries,
    outcomes,
    queue,
    re_evaluation,
    verification,
)

urlpatterns = [
    path("login/", auth.login_view, name="staff_login"),
    path("login/verify/", auth.verify_view, name="staff_verify"),
    path("login/enrol/", auth.enrol_view, name="staff_enrol"),
    path("login/setup/<str:token>/", auth.setup_link_view, name="staff_setup_link"),
    path("login/skip/", auth.demo_skip_view, name="staff_demo_skip"),
    path("logout/", auth.logout_view, name="staff_logout"),
    path("", queue.queue, name="staff_queue"),
    path("q/<str:filter_id>/", queue.queue_filtered, name="staff_queue_filtered"),
    path("queue/selected/", queue.queue_bulk, name="staff_queue_bulk"),
    path("export/queue.csv", queue.queue_export, name="staff_queue_export"),
    path("q/<str:filter_id>/export.csv", queue.queue_export, name="staff_queue_export_filtered"),
    path("case/<str:public_id>/", case.case_page, name="staff_case"),
    path("case/<str:public_id>/summary/", case.case_summary, name="staff_case_summary"),
    path("case/<str:public_id>/fhir.json", case.case_fhir, name="staff_case_fhir"),
    path("case/<str:public_id>/status/", case.case_status, name="staff_case_status"),
    path("case/<str:public_id>/assign/", case.case_assign, name="staff_case_assign"),
    path("case/<str:public_id>/note/", case.case_note, name="staff_case_note"),
    path("case/<str:public_id>/contact/", case.case_contact, name="staff_case_contact"),
    path("case/<str:public_id>/acknowledge/", case.case_acknowledge, name="staff_case_acknowledge"),
    path("case/<str:public_id>/re-evaluate/", case.case_re_evaluate, name="staff_case_re_evaluate"),
    path("case/<str:public_id>/rule-out/", case.case_rule_out, name="staff_case_rule_out"),
    # Issue 17: the clinician's verification and the prior-authorization packets.
    path(
        "case/<str:public_id>/verify/trial/",
        verification.case_verify_trial,
        name="staff_case_verify_trial",
    ),
    path(
        "case/<str:public_id>/verify/clinical/",
        verification.case_verify_clinical,
        name="staff_case_verify_clinical",
    ),
    path(
        "case/<str:public_id>/packet/<slug:treatment>/<slug:profile>.pdf",
        verification.case_packet_pdf,
        name="staff_case_packet_pdf",
    ),
    path(
        "case/<str:public_id>/packet/<slug:treatment>/<slug:profile>.json",
        verification.case_packet_fhir,
        name="staff_case_packet_fhir",
    ),
    path("callbacks/", callbacks.callback_list, name="staff_callbacks"),
    path(
        "callbacks/<str:public_id>/handled/",
        callbacks.callback_handled,
        name="staff_callback_handled",
    ),
    path("audit/", audit.audit_trail, name="staff_audit"),
    path("outcomes/", outcomes.outcomes_page, name="staff_outcomes"),
    path("outcomes/outcomes.csv", outcomes.outcomes_csv, name="staff_outcomes_csv"),
    path("re-evaluation/", re_evaluation.re_evaluation_jobs, name="staff_re_evaluation"),
    path(
        "re-evaluation/<str:public_id>/resume/",
        re_evaluation.re_evaluation_resume,
        name="staff_re_evaluation_resume",
    ),
    path("deliveries/", deliveries.staff_deliveries, name="staff_deliveries"),
    path(
        "deliveries/send-again/",
        deliveries.staff_delivery_send_again,
        name="staff_delivery_send_again",
    ),
    path(
        "deliveries/acknowledge/",
        deliveries.staff_delivery_acknowledge,
        name="staff_delivery_acknowledge",
    ),
    path("session/stay/", auth.stay_signed_in_view, name="staff_stay_signed_in"),
    path("session/keep-note/", case.case_keep_note, name="staff_keep_note"),
]
