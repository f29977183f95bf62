"""A browser tab as the tests use it: a page in its own context, at one screen size, that
photographs each step it is asked to and runs the page checks (tests/browser/checks.py)."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page

from .checks import assert_accessible, assert_no_sideways_scroll_at_320

SETTLE_SCROLL_JS = (
    "() => { const y = window.scrollY; window.scrollTo(0, 0); window.scrollTo(0, y); }"
)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class Screenshots:
    """test-artifacts/screenshots/<module>/<test>-<size>/NN-<what>.png, numbered in the order
    taken across every tab of the test, so a person can page through the flow."""

    folder: Path
    taken: int = 0

    def path_for(self, label: str) -> Path:
        self.taken += 1
        return self.folder / f"{self.taken:02d}-{slug(label)}.png"


@dataclass
class Tab:
    """A page in its own browser context, at the test's screen size."""

    page: Page
    size: str
    screenshots: Screenshots
    javascript: bool = True
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def go(self, path: str) -> None:
        self.page.goto(path)

    def snap(self, label: str) -> None:
        self.page.screenshot(path=self.screenshots.path_for(label), full_page=True)
        # Chromium's full-page capture leaves a scroll adjustment pending that fires on the next
        # mousedown, so a click would land beside its target (seen after an error summary had
        # focus). Scrolling away and back in one go settles it, keeping the view where it was.
        self.page.evaluate(SETTLE_SCROLL_JS)

    def check(self, state: str, *, narrow: bool = True) -> None:
        """Screenshot, then axe-core at WCAG 2.1 AA, then (on the phone run, unless `narrow` is
        off) no sideways scroll at 320 px: what every page gets in each of its states."""
        self.snap(state)
        if self.javascript:  # axe-core is JavaScript: the same pages are checked with it on
            assert_accessible(self.page, state)
        if narrow and self.size == "phone":
            assert_no_sideways_scroll_at_320(self.page, state)


NewTab = Callable[..., Tab]
