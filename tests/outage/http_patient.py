"""A patient doing the whole intake over real HTTP, as a browser would (cookies, the CSRF
token from its cookie, urlencoded forms, no redirects followed blindly).

Used by the embedded-default concurrency test and by bench/chaos.py. Each patient types answers
of its own (a distinct email and episode length), so a run can check afterwards that every
acknowledged answer is in the database exactly once. During an outage the app answers with its
kind page (503); the patient then waits and sends the same page again, as the page asks.
"""

import time
from dataclasses import dataclass, field
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from tests.intake import walk

KIND_MARK = "data-kind-error-page"
# What makes an error page kind, not only marked: the crisis lines are on it.
CRISIS_MARKS = ("988", "741741", "911")


def is_kind(page: str) -> bool:
    return KIND_MARK in page and all(mark in page for mark in CRISIS_MARKS)


@dataclass
class Tally:
    requests: int = 0
    by_status: dict[int, int] = field(default_factory=dict)
    bare_5xx: int = 0  # a 5xx that is not our kind page: the defect this exists to catch
    kind_5xx: int = 0
    connection_errors: int = 0
    database_locked: int = 0

    def add(self, other: "Tally") -> None:
        self.requests += other.requests
        for status, count in other.by_status.items():
            self.by_status[status] = self.by_status.get(status, 0) + count
        self.bare_5xx += other.bare_5xx
        self.kind_5xx += other.kind_5xx
        self.connection_errors += other.connection_errors
        self.database_locked += other.database_locked


def email_of(number: int) -> str:
    return f"patient-{number:03d}@example.org"


def months_of(number: int) -> int:
    return 20 + number  # an answer of this patient's own, to find it again in the database


class FromAddress(HTTPAdapter):
    """Connect from a loopback address of this patient's own (127.0.0.0/8 is all this
    machine's), so twenty patients are twenty people to the per-IP rate limits, as in life."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class HttpPatient:
    def __init__(self, base_url: str, number: int, *, give_up_after: float = 90.0):
        self.base = base_url.rstrip("/")
        self.number = number
        self.session = requests.Session()
        self.session.mount("http://", FromAddress(f"127.0.0.{10 + number}"))
        self.tally = Tally()
        self.give_up_after = give_up_after
        self.submitted = False

    def _request(self, method: str, path: str, data: dict[str, Any] | None = None):
        """One request, again and again while the app says it is having trouble (kind 503,
        connection refused), until it answers or we give up."""
        deadline = time.monotonic() + self.give_up_after
        while True:
            self.tally.requests += 1
            try:
                if data is not None:
                    payload = {**data, "csrfmiddlewaretoken": self.session.cookies.get("csrftoken")}
                    response = self.session.request(
                        method, self.base + path, data=payload, allow_redirects=False, timeout=30
                    )
                else:
                    response = self.session.request(
                        method, self.base + path, allow_redirects=False, timeout=30
                    )
            except requests.RequestException:
                self.tally.connection_errors += 1
                if time.monotonic() > deadline:
                    raise
                time.sleep(1.0)
                continue
            status = response.status_code
            self.tally.by_status[status] = self.tally.by_status.get(status, 0) + 1
            if "database is locked" in response.text:
                self.tally.database_locked += 1
            if status >= 500:
                if is_kind(response.text):
                    self.tally.kind_5xx += 1
                else:
                    self.tally.bare_5xx += 1
                if time.monotonic() > deadline:
                    return response
                time.sleep(1.0)
                continue
            return response

    def post_step(self, path: str, data: dict[str, Any]) -> str:
        response = self._request("POST", path, data)
        if response.status_code != 302:
            raise AssertionError(f"{path}: {response.status_code} {response.text[:300]}")
        return response.headers["Location"]

    def run(self) -> "HttpPatient":
        self._request("GET", "/intake/")  # the CSRF cookie, as a browser gets it
        about = {**walk.ABOUT, "email": email_of(self.number)}
        episode = {**walk.EPISODE, "months": str(months_of(self.number))}
        phq9 = walk.scale_post([2, 2, 2, 2, 1, 2, 1, 1, 0], functional_difficulty="very")
        steps = [
            ("/intake/", walk.START),
            ("/intake/step/about/", about),
            ("/intake/step/episode/", episode),
            *walk.medicines_posts([walk.TRIAL_ZOLOFT, walk.TRIAL_EFFEXOR]),
            ("/intake/step/treatments/", walk.TREATMENTS),
            ("/intake/step/phq9/", phq9),
            ("/intake/step/gad7/", walk.scale_post([1, 1, 2, 1, 0, 0, 1])),
            ("/intake/step/health/", walk.HEALTH),
            ("/intake/step/medicines_now/", walk.MEDICINES_NOW),
            ("/intake/step/safety/", walk.SAFETY),
            ("/intake/step/insurance/", walk.INSURANCE),
        ]
        for path, data in steps:
            self._request("GET", path)
            self.post_step(path, data)
        self._request("GET", "/intake/review/")
        location = self.post_step("/intake/review/", {})
        if not location.endswith("/intake/result/"):
            raise AssertionError(f"submit went to {location}")
        result = self._request("GET", "/intake/result/")
        if result.status_code != 200:
            raise AssertionError(f"result page: {result.status_code}")
        self.submitted = True
        return self
