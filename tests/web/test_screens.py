"""Every kind of page on a 390 px phone and a 1,440 px desktop, in a real Chromium (Debian's).

For each page: no horizontal overflow (the document is never wider than the window), no serious or
critical accessibility violation found by axe-core (run from the ``axe-playwright-python`` package,
which bundles axe-core's script: nothing is fetched at run time), and a full-page screenshot saved
under ``$CSTO_SCREENSHOTS/screens`` (default ``out/screenshots/screens``), named
``<width>-<scheme>-<page>.png``. Dark mode (``prefers-color-scheme: dark``) is checked too, at 390 px.
One browser and one server serve every page; each width is one test that reports all its failures.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from csto.rules import compose, load_reforms
from csto.store import KnowledgeBase
from tests.web.conftest import SCREENSHOTS

SHOTS = SCREENSHOTS / "screens"
SERIOUS = {"serious", "critical"}
SIM_RUNS = "2000"


@dataclass(frozen=True)
class Shown:
    """One page to look at: a short name for the screenshot and the address."""

    name: str
    path: str


def site_pages(kb: KnowledgeBase) -> list[Shown]:
    """Every kind of page: dashboard, timeline, search, an entity of each kind, event, provision, reform,
    rules with a decision, simulator (its result is added by running it), review sign-in, an error page."""
    entities = sorted(kb.entities.values(), key=lambda r: r.id)
    one_per_kind = {r.kind: r.id for r in reversed(entities)}  # the first id of each kind, alphabetically
    one_per_kind["state"] = "armenia"  # the longest page
    events = kb.timeline(None, None, [], None, None, 500, 0).events
    event = next((e for e in events if e.rivals), events[0])
    provision = sorted(compose(()).provisions)[0]
    reform = sorted(load_reforms())[0]
    decision = "/rules?decide=1&kind=suspension&date=2024-06-01&body=CSC&subject=armenia&pos_belarus=objects"
    return [
        Shown("dashboard", "/?as_of=2025-06-01"),
        Shown("timeline", "/timeline?limit=40"),  # the page as it is, shorter: axe takes 20 s over 200 rows
        Shown("search", "/search?q=armenia"),
        *(Shown(f"entity-{kind}", f"/entities/{eid}") for kind, eid in sorted(one_per_kind.items())),
        Shown("event", f"/events/{event.id}"),
        Shown("provision", f"/rules/{provision}"),
        Shown("reform", f"/reforms/{reform}"),
        Shown("rules-decision", decision),
        Shown("review-login", "/review"),
        Shown("error", "/entities/no-such-place-anywhere"),
        Shown("simulate-result", "/simulate"),
    ]


DARK_PAGES = {"dashboard", "timeline", "entity-state", "event", "rules-decision", "reform", "simulate-result", "error"}


@pytest.fixture(scope="module")
def pages(writable_kb: KnowledgeBase) -> list[Shown]:
    return site_pages(writable_kb)


@pytest.fixture(scope="module")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@contextmanager
def open_page(browser: Browser, base: str, width: int, scheme: str) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, base_url=base, color_scheme=scheme, reduced_motion="reduce"
    )
    page = context.new_page()
    csp: list[str] = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        yield page, csp
    finally:
        context.close()


def overflow(page: Page) -> str | None:
    """None if the page fits its window; else how wide it is and which elements stick out."""
    found = page.evaluate(
        """() => {
          const d = document.documentElement;
          if (d.scrollWidth <= d.clientWidth) return null;
          const wide = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > d.clientWidth + 1)
            .slice(0, 4)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || '').slice(0, 40));
          return d.scrollWidth + ' px wide in a ' + d.clientWidth + ' px window: ' + wide.join(', ');
        }"""
    )
    return str(found) if found else None


def serious_violations(axe: Any, page: Page) -> list[str]:
    """axe-core's serious and critical findings, each as `rule (n nodes): first target`."""
    results = axe.run(page)
    return [
        f"{v['id']} ({len(v['nodes'])}): {v['nodes'][0]['target']} {v['nodes'][0].get('failureSummary', '')[:160]!r}"
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]


def show_simulation(page: Page) -> None:
    """Run a small simulation through the form, as a visitor would, and wait for its charts."""
    page.select_option("select[name=scenario]", "kazakhstan-2022-01")
    page.fill("input[name=runs]", SIM_RUNS)
    page.click("#sim-form button")
    expect(page.locator("#sim-result svg.chart").first).to_be_visible(timeout=60_000)


def check_every_page(browser: Browser, base: str, axe: Any, pages: list[Shown], width: int, scheme: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with open_page(browser, base, width, scheme) as (page, csp):
        for shown in pages:
            response = page.goto(shown.path)
            assert response is not None
            if shown.name.startswith("simulate"):
                show_simulation(page)
            elif shown.name != "error" and not response.ok:
                problems.append(f"{shown.name}: {shown.path} answered {response.status}")
            shot = SHOTS / f"{width}-{scheme}-{shown.name}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 0
            wide = overflow(page)
            if wide:
                problems.append(f"{shown.name} overflows: {wide}")
            problems += [f"{shown.name}: {v}" for v in serious_violations(axe, page)]
        problems += [f"Content-Security-Policy: {m}" for m in csp[:3]]
    assert not problems, f"{len(problems)} problem(s) at {width} px, {scheme}:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", [390, 1440])
def test_every_page_fits_and_passes_axe(browser: Browser, live_server: str, axe: Any, pages: list[Shown], width: int):  # type: ignore[no-untyped-def]
    check_every_page(browser, live_server, axe, pages, width, "light")


def test_dark_mode_fits_and_passes_axe(browser: Browser, live_server: str, axe: Any, pages: list[Shown]) -> None:
    check_every_page(browser, live_server, axe, [p for p in pages if p.name in DARK_PAGES], 390, "dark")
