"""security.md item 11: the security headers are on every response, for every URL in the
resolver, as every role; `Cache-Control: no-store` wherever personal data is shown or asked for.
HSTS is checked with the production settings in test_item_14_deploy_check.py."""

import pytest
from django.conf import settings
from django.test.client import MULTIPART_CONTENT as MULTIPART

from .support import ALL_ROLES, all_routes, header_problems


@pytest.mark.parametrize("role", ALL_ROLES)
def test_item_11_every_url_in_the_resolver_carries_the_security_headers(role, roles, world):
    client = roles[role]
    checked, problems = 0, {}
    for route in all_routes():
        values = world.values(route, role)
        if values is None:
            continue
        path = route.path(values)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code < 500, (role, method, path, response.status_code)
            found = header_problems(response, path)
            if found:
                problems[f"{method.upper()} {path} ({response.status_code})"] = found
            checked += 1
    assert checked > 100
    assert not problems, problems


def test_item_11_errors_and_refusals_carry_the_headers_too(client, db):
    answers = {
        "not found": client.get("/no-such-page/"),
        "wrong method": client.put("/contact/"),
        "upload refused": client.post("/contact/", {"name": "x"}, content_type=MULTIPART),
        "static file": client.get(f"{settings.STATIC_URL}css/site.css"),
    }
    assert answers["not found"].status_code == 404
    assert answers["wrong method"].status_code == 405
    assert answers["upload refused"].status_code == 415
    for what, response in answers.items():
        assert not header_problems(response, response.wsgi_request.path), what


def test_item_11_the_csp_allows_no_third_party_host_and_no_inline_code():
    for directive, sources in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items():
        for source in sources:
            assert source in ("'self'", "'none'", "data:"), (directive, source)


def test_item_11_pages_under_personal_data_paths_are_never_stored_even_on_errors(roles, world):
    paths = [
        "/intake/",
        "/intake/step/about/",
        "/intake/review/",
        "/checkin/",
        "/contact/",
        f"/staff/case/{world.case.public_id}/",
        "/staff/export/queue.csv",
        f"/staff/case/{world.case.public_id}/fhir.json",
        f"/{settings.ADMIN_URL}",
        "/unsubscribe/not-a-token/",
    ]
    for role in ("anonymous", "clinician", "admin"):
        for path in paths:
            response = roles[role].get(path)
            assert "no-store" in response.headers.get("Cache-Control", ""), (role, path)
