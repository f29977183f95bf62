"""A database-level guard: on PostgreSQL, UPDATE and DELETE on the audit table are refused.

The app offers no way to change an audit event (security.md item 7); this makes the database
refuse it too, whatever the client. SQLite (`make run` only) has no such guard.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION screening_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'screening_auditevent is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER screening_auditevent_append_only
    BEFORE UPDATE OR DELETE ON screening_auditevent
    FOR EACH ROW EXECUTE FUNCTION screening_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS screening_auditevent_append_only ON screening_auditevent;
DROP FUNCTION IF EXISTS screening_auditevent_append_only();
"""


def create_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("screening", "0005_staff_groups")]

    operations = [migrations.RunPython(create_guard, drop_guard)]
