import pytest

from tests.staff.support import (  # noqa: F401 (fixtures)
    admin_user,
    client,
    clinician,
    coordinator,
    staff_client,
)


@pytest.fixture(autouse=True)
def role_groups(request):
    """The role groups come from a data migration; a transactional test earlier in the run (the
    worker test here, the chaos tests) flushes them away."""
    from tests.security.support import ensure_role_groups

    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    ensure_role_groups()
