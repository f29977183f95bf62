"""No broken internal link: crawl every page reachable from "/" and fetch every asset it uses."""

from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from .html import read

# Schemes that leave the site or open another app: never fetched.
NOT_FETCHED = ("tel:", "sms:", "mailto:", "#", "http:", "https:", "//", "javascript:")
MAX_PAGES = 300  # a guard against a link loop that mints new URLs, far above the site's size
# Areas that exist in other parts of the app, reachable even when no public page links to them.
EXTRA_STARTS = ("/intake/", "/staff/")


def internal_targets(html: str) -> list[str]:
    targets = []
    for link in read(html).links:
        if not link or link.startswith(NOT_FETCHED) or not link.startswith("/"):
            continue
        targets.append(urldefrag(link).url)
    return targets


def resolvable(path: str) -> bool:
    try:
        resolve(urlsplit(path).path)
    except Resolver404:
        return False
    return True


@pytest.mark.django_db
def test_every_internal_link_from_the_home_page_works(client, settings, locations):
    # Serve static files through WhiteNoise from the finders, as `make run` does, so each asset a
    # page uses is fetched for real instead of assumed.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # A page that crashes is reported with the link that led to it, like any other 5xx.
    client.raise_request_exception = False

    queue = deque([("/", "(start)")])
    queue.extend((path, "(start)") for path in EXTRA_STARTS if resolvable(path))
    seen = {path for path, _ in queue}
    pages, assets, broken = set(), set(), []

    while queue:
        path, referrer = queue.popleft()
        response = client.get(path)  # GET only: the crawler never submits a form
        if response.status_code >= 400:
            broken.append(f"{path} -> {response.status_code} (linked from {referrer})")
            continue
        if path.startswith(settings.STATIC_URL):
            assets.add(path)
            continue
        found = []
        if 300 <= response.status_code < 400:
            found = [response["Location"]]
        elif response.get("Content-Type", "").startswith("text/html"):
            pages.add(path)
            found = internal_targets(response.content.decode())
        for target in found:
            if target.startswith("/") and target not in seen:
                seen.add(target)
                queue.append((target, path))
        assert len(pages) <= MAX_PAGES, "the crawl is not converging"

    assert not broken, "Broken links:\n" + "\n".join(broken)
    # The crawl really went through the site: every treatment page and the contact page were
    # reached by following links, and the stylesheets were fetched.
    for name in (
        "treatments_index",
        "treatment_trd",
        "treatment_ketamine",
        "treatment_spravato",
        "treatment_tms",
        "treatment_support",
        "treatment_flagged",
        "contact",
        "locations",
        "crisis",
        "intake_start",
    ):
        assert reverse(name) in pages, name
    assert f"{settings.STATIC_URL}css/site.css" in assets
    assert f"{settings.STATIC_URL}bootstrap/css/bootstrap.min.css" in assets


def test_a_missing_asset_would_be_caught(client, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    assert client.get(f"{settings.STATIC_URL}css/no-such-file.css").status_code == 404
