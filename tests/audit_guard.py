"""Let the test suite's flush empty the append-only audit table (issue 14 item 9).

pytest-django empties the database after a transactional test with `flush`, which on PostgreSQL
is one TRUNCATE of every table, and the audit table's guard refuses TRUNCATE. The flush's SQL is
run in one transaction; here it is wrapped so that the guard is switched off and on again inside
that same transaction. If the flush fails, the whole transaction rolls back and the guard was
never off; no other connection ever sees the table unguarded (ALTER TABLE holds its lock until
commit). Nothing outside the test suite does this.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.postgresql.operations import DatabaseOperations

# USER: every trigger of ours on that table, so this works whether or not the guard exists yet.
GUARD = "ALTER TABLE screening_auditevent {} TRIGGER USER;"
AUDIT_TABLE = "screening_auditevent"


def _guarded_sql_flush(original: Callable[..., list[str]]) -> Callable[..., list[str]]:
    def sql_flush(self: DatabaseOperations, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        statements = original(self, style, tables, **kwargs)
        if AUDIT_TABLE not in tables or not statements:
            return statements
        return [GUARD.format("DISABLE"), *statements, GUARD.format("ENABLE")]

    return sql_flush


@contextmanager
def flush_may_empty_the_audit_table() -> Iterator[None]:
    original = DatabaseOperations.sql_flush
    DatabaseOperations.sql_flush = _guarded_sql_flush(original)  # type: ignore[method-assign]
    try:
        yield
    finally:
        DatabaseOperations.sql_flush = original  # type: ignore[method-assign]
