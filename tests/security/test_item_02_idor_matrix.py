"""security.md item 2, the acceptance test: an IDOR matrix. Every URL that takes an id, as every
role and as anonymous, with a valid id, another user's, a random one and the integer key of a
real case. Not allowed is a 404, exactly like not found; anonymous never gets past sign-in;
integer keys never find anything."""

import pytest
from django.conf import settings

from .support import ANONYMOUS, all_routes

SIGN_IN_PREFIXES = ("/staff/login/", f"/{settings.ADMIN_URL}login/")
ID_ARGUMENTS = {"public_id", "filter_id", "token", "object_id", "id", "content_type_id"}
# Who may open what with a valid id (security.md item 1; screening/staff/access.py).
CLINICAL_ONLY = {
    "staff_case_fhir",
    "staff_queue_export_filtered",
    "staff_case_acknowledge",
    "staff_case_re_evaluate",
    "staff_case_rule_out",
    "staff_case_verify_trial",
    "staff_case_verify_clinical",
    "staff_case_packet_pdf",
    "staff_case_packet_fhir",
}

# Admins only (issue 17: re-evaluating every open case).
ADMIN_ONLY = {"staff_re_evaluation_resume"}


# Staff URLs reached before signing in, by a token: answered like the patient links (issue 14
# item 5's setup link; opening a valid one is tested in test_issue14_item05_*).
PUBLIC_TOKEN_ROUTES = {"staff_setup_link"}


def routes_with_ids():
    return [r for r in all_routes() if ID_ARGUMENTS & set(r.arguments)]


def test_item_02_the_matrix_covers_every_url_with_an_id():
    names = {route.name for route in routes_with_ids()}
    for expected in ("staff_case", "staff_queue_filtered", "staff_callback_handled", "unsubscribe"):
        assert expected in names
    assert len(names) >= 20  # the staff pages, the patient links and the admin's change pages


def request(client, route, path):
    """GET, or POST where the view takes only POST (the case actions)."""
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path)
    return response


@pytest.mark.parametrize("kind", ["random", "integer"])
@pytest.mark.parametrize("role", [ANONYMOUS, "coordinator", "clinician", "admin"])
def test_item_02_random_and_integer_ids_find_nothing(role, kind, roles, world):
    client = roles[role]
    for route in routes_with_ids():
        values = world.values(route, role, kind=kind)
        path = route.path(values)
        response = request(client, route, path)
        if route.name in PUBLIC_TOKEN_ROUTES:
            assert response.status_code in (404, 410), (role, kind, path, response.status_code)
        elif role == ANONYMOUS and route.name.startswith(("staff_", "admin:")):
            assert response.status_code == 302, (path, response.status_code)
            assert response["Location"].startswith(SIGN_IN_PREFIXES), (path, response["Location"])
        elif route.name.startswith("admin:") and role != "admin":
            assert response.status_code in (302, 404), (role, path, response.status_code)
        elif route.name.startswith("admin:"):
            # The admin's own objects (locations, settings, accounts) use its keys; a key that
            # is not there is "not found" or a redirect to the list, never another object (403:
            # the model permission is not even given).
            assert response.status_code in (302, 403, 404), (path, response.status_code)
        else:
            assert response.status_code in (400, 404, 410), (role, kind, path, response.status_code)
        assert world.case.last_name.encode() not in response.content


@pytest.mark.parametrize("role", ["coordinator", "clinician", "admin"])
def test_item_02_valid_ids_open_only_what_the_role_may_see(role, roles, world):
    client = roles[role]
    for route in routes_with_ids():
        if not route.name.startswith("staff_") or route.name in PUBLIC_TOKEN_ROUTES:
            continue
        response = request(client, route, route.path(world.values(route, role)))
        refused = (role == "coordinator" and route.name in CLINICAL_ONLY) or (
            role != "admin" and route.name in ADMIN_ONLY
        )
        if refused:
            assert response.status_code == 404, (route.name, response.status_code)
        else:
            # Found: the page, or the action's answer (400: an empty form was posted to it).
            assert response.status_code in (200, 302, 400), (role, route.name, response.status_code)


@pytest.mark.parametrize("role", ["coordinator", "clinician", "admin"])
def test_item_02_another_staff_members_saved_filter_is_not_found(role, roles, world):
    others = [saved for who, saved in world.filters.items() if who != role]
    client = roles[role]
    for saved in others:
        for path in (f"/staff/q/{saved.public_id}/", f"/staff/q/{saved.public_id}/export.csv"):
            assert client.get(path).status_code == 404, (role, path)


def test_item_02_patient_links_are_single_use_and_scoped_to_their_own_case(roles, world):
    client = roles[ANONYMOUS]
    resume = next(r for r in routes_with_ids() if r.name == "intake_resume")
    token = world.token_for("intake_resume")
    first = client.get(resume.path({"token": token}))
    assert first.status_code == 302 and token not in first["Location"]
    assert roles[ANONYMOUS].get(resume.path({"token": token})).status_code == 410


def test_item_02_public_ids_are_random_and_long():
    from screening.models.ids import PUBLIC_ID_BYTES, new_public_id

    assert PUBLIC_ID_BYTES * 8 >= 128
    ids = {new_public_id() for _ in range(1000)}
    assert len(ids) == 1000 and not any(i.isdigit() for i in ids)
