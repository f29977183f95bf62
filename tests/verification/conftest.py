from tests.staff.support import (  # noqa: F401 (fixtures)
    admin_user,
    client,
    clinician,
    coordinator,
    staff_client,
)
