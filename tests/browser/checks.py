"""What every page must pass in a real browser: axe-core at WCAG 2.2 A and AA, no sideways
scrolling at 320 px, a visible keyboard focus. Each failure names the rule, the element and the
page, so the message alone says what to fix and where."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # 2.2: issue 16
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
NARROWEST_WIDTH = 320

_axe = Axe()


def axe_violations(page: Page) -> list[dict]:
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def describe_violations(violations: list[dict], *, url: str, state: str) -> str:
    lines = [f"{len(violations)} axe rule(s) failed on {url} ({state}):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    element: {target}")
            lines.append(f"    html:    {node['html'].strip()[:300]}")
            if node.get("failureSummary"):
                summary = " ".join(node["failureSummary"].split())
                lines.append(f"    why:     {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page: Page, state: str) -> None:
    """Zero axe-core violations at WCAG 2.0/2.1 A and AA on the page as it is now."""
    violations = axe_violations(page)
    assert not violations, describe_violations(violations, url=page.url, state=state)


def assert_no_sideways_scroll_at_320(page: Page, state: str) -> None:
    """Readable at 320 px (WCAG 1.4.10 reflow): nothing wider than the screen. The viewport is
    put back afterwards."""
    original = page.viewport_size
    assert original is not None
    page.set_viewport_size({"width": NARROWEST_WIDTH, "height": original["height"]})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROWEST_WIDTH:
            widest = page.evaluate(WIDEST_ELEMENTS_JS, NARROWEST_WIDTH)
            raise AssertionError(
                f"{page.url} ({state}) scrolls sideways at {NARROWEST_WIDTH} px: the page is "
                f"{width} px wide. Elements reaching past the edge: {widest}"
            )
    finally:
        page.set_viewport_size(original)


WIDEST_ELEMENTS_JS = """(limit) => Array.from(document.querySelectorAll('body *'))
  .filter((el) => el.getBoundingClientRect().right > limit)
  .slice(0, 5)
  .map((el) => el.outerHTML.slice(0, 160))"""

FOCUS_STYLE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    html: el.outerHTML.slice(0, 200),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
  };
}"""


def assert_focus_visible(page: Page) -> None:
    """Something has keyboard focus, and it is drawn: an outline or a box-shadow."""
    focus = page.evaluate(FOCUS_STYLE_JS)
    assert focus is not None, f"Nothing has focus on {page.url}"
    outlined = focus["outlineStyle"] != "none" and focus["outlineWidth"] > 0
    shadowed = focus["boxShadow"] not in ("", "none")
    assert outlined or shadowed, f"The focused element shows no focus on {page.url}: {focus}"
