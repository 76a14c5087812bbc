"""Any reader: contrast of every status colour in light and dark mode, statuses told by pattern and label as
well as colour, and the keyboard (skip link, visible focus, the decision form reachable by Tab)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from csto.vocabulary import MEMBER_STATUSES

STATUSES = [s.value for s in MEMBER_STATUSES]
PATTERNED = {"frozen", "suspended", "withdrawn", "signatory", "partner"}  # on the map, besides their colour


def rgb(colour: str) -> tuple[int, int, int]:
    """``#rgb`` or ``#rrggbb`` as three 0-255 channels."""
    digits = colour.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    assert len(digits) == 6, f"not a #rrggbb colour: {colour!r}"
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: str) -> float:
    channels = [c / 255 for c in rgb(colour)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_is_computed_as_wcag_says() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#fff"), 2) == 4.48


def palette(page: Page) -> dict[str, str]:
    """The stylesheet's colour variables as the browser resolved them for the page's colour scheme."""
    names = ["bg", "card", "ink", "muted", "link", "none", *STATUSES, *(f"t-{s}" for s in STATUSES)]
    values = page.evaluate(
        "(names) => { const s = getComputedStyle(document.documentElement);"
        " return Object.fromEntries(names.map(n => [n, s.getPropertyValue('--' + n).trim()])); }",
        names,
    )
    return {k: str(v) for k, v in values.items()}


@pytest.fixture(params=["light", "dark"])
def scheme_page(browser: Browser, live_server: str, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, base_url=live_server, color_scheme=request.param
    )
    page = context.new_page()
    page.goto("/?as_of=2025-06-01")
    yield page
    context.close()


def test_every_text_colour_meets_aa_in_both_schemes(scheme_page: Page) -> None:
    colours = palette(scheme_page)
    assert colours["bg"] and colours["t-frozen"], "the stylesheet's variables were not found"
    for text in ["ink", "muted", "link", *(f"t-{s}" for s in STATUSES)]:
        for ground in ("bg", "card"):
            ratio = contrast(colours[text], colours[ground])
            assert ratio >= 4.5, f"{text} on {ground}: {ratio:.2f}:1 is below 4.5:1"


def test_withdrawn_and_non_member_fills_are_told_apart(scheme_page: Page) -> None:
    colours = palette(scheme_page)
    ratio = contrast(colours["withdrawn"], colours["none"])
    assert ratio >= 3, f"withdrawn vs non-member fills: {ratio:.2f}:1 (at least 3:1 for adjacent shapes)"
    assert contrast(colours["full"], colours["none"]) >= 3


def test_map_statuses_have_patterns_and_labels(scheme_page: Page) -> None:
    page = scheme_page
    fills = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('svg.map path[class]')]"
        ".map(p => [p.getAttribute('class'), getComputedStyle(p).fill]))"
    )
    assert {"full", "frozen", "withdrawn"} <= set(fills), f"2025 should show full, frozen and withdrawn: {fills}"
    for status, fill in fills.items():
        if status in PATTERNED:
            assert f"#fill-{status}" in fill, f"{status} on the map is a plain colour: {fill}"
    assert fills["full"].startswith("rgb")
    # Each shape names its state and status for a pointer or a screen reader; the members table says it in words.
    armenia = page.locator('svg.map path[data-iso3="ARM"] title')
    expect(armenia).to_contain_text("frozen")
    expect(page.locator("td.status.frozen").first).to_contain_text("frozen")


def test_the_skip_link_and_focus_are_visible(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, base_url=live_server)
    page = context.new_page()
    page.goto("/timeline")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    assert skip.bounding_box() is not None and skip.bounding_box()["y"] >= 0  # type: ignore[index]
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert outline[0] != "none" and float(outline[1].rstrip("px")) >= 2, outline
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    context.close()


def test_the_decision_form_works_from_the_keyboard(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, base_url=live_server)
    page = context.new_page()
    page.goto("/rules")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "kind-select":
            break
    else:
        pytest.fail("the kind of proposal cannot be reached with Tab")
    page.select_option("#kind-select", "expulsion")  # what arrow keys do; the hint follows the choice
    expect(page.locator("#kind-needs-list")).to_have_text("Subject")
    page.select_option("select[name=subject]", "armenia")
    page.select_option("select[name=pos_belarus]", "objects")
    page.focus("#decide-form button")
    page.keyboard.press("Enter")
    expect(page.locator("#outcome")).to_have_text("blocked")
    expect(page.locator("#blocked-by")).to_have_text("Belarus")
    context.close()
