"""Issue 14 item 9 (security.md item 7): the audit table is append-only against TRUNCATE too, not
only UPDATE and DELETE; and the suite's own flush lifts the guard only inside its transaction."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from screening.audit.services import audit_record
from screening.models import AuditEvent


def _truncate_refused() -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE screening_auditevent")
    except DatabaseError as error:
        assert "append-only" in str(error)
        return True
    return False


@pytest.mark.django_db
def test_issue14_item09_truncate_of_the_audit_table_is_refused():
    audit_record(action="page_view")
    assert _truncate_refused()
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db
def test_issue14_item09_truncate_among_other_tables_is_refused_too():
    audit_record(action="page_view")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE screening_callbackrequest, screening_auditevent")
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_issue14_item09_the_test_flush_empties_the_table_and_leaves_the_guard_on():
    audit_record(action="page_view")
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    audit_record(action="page_view")
    assert _truncate_refused()
