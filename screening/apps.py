from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = "Screening"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(reinstall_sqlite_triggers, sender=self)
        # security.md items 5 and 12: a deactivated staff member's sessions end at once, and
        # every log record is redacted as it is made, in the web process and in workers alike.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_save

        from screening.security import checks  # noqa: F401 (registers the system checks)
        from screening.security.deactivation import end_sessions_when_deactivated
        from screening.security.log_redaction import install_record_factory
        from screening.security.password_change import end_sessions_when_password_changes

        pre_save.connect(
            end_sessions_when_deactivated,
            sender=get_user_model(),
            dispatch_uid="screening.end_sessions_when_deactivated",
        )
        pre_save.connect(
            end_sessions_when_password_changes,
            sender=get_user_model(),
            dispatch_uid="screening.end_sessions_when_password_changes",
        )
        install_record_factory()


def reinstall_sqlite_triggers(using: str = "default", **kwargs: object) -> None:
    """SQLite drops a table's triggers when a migration rebuilds the table: put the queue-rank
    triggers back after every migrate (`make run`). PostgreSQL keeps them through ALTER TABLE."""
    from django.db import connections

    from screening.db.queue_rank import install_queue_rank_triggers

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, "screening_submission")
    # Only once the column exists (a partial `migrate` may stop before it is added).
    if any(column.name == "queue_rank" for column in columns):
        install_queue_rank_triggers(connection, recompute=True)


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, served by a site that also requires the staff second factor."""

    # Not the default config of this module: "screening" keeps ScreeningConfig.
    default = False
    default_site = "screening.staff.admin_site.StaffAdminSite"
