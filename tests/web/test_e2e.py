"""End-to-end: a real headless Chromium uses the dashboard as a person would."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from csto.store import KnowledgeBase

SLIDER_START_YEAR = 1992


def move_slider_to(page: Page, day: str) -> None:
    """Set the date slider to ``day`` the way a drag would, then wait for the map to refresh."""
    start = page.locator("#date-slider").get_attribute("data-start")
    value = page.evaluate(
        "([s, d]) => Math.round((Date.parse(d + 'T00:00:00Z') - Date.parse(s + 'T00:00:00Z')) / 86400000)",
        [start, day],
    )
    page.locator("#date-slider").fill(str(value))
    expect(page.locator("body")).to_have_attribute("data-as-of", day, timeout=10_000)


def status_of(page: Page, iso3: str) -> str:
    return page.locator(f'svg.map path[data-iso3="{iso3}"]').get_attribute("class") or ""


def test_map_changes_as_the_slider_crosses_2012_and_2024(page: Page) -> None:
    page.goto("/?as_of=2011-01-01")
    assert status_of(page, "UZB") == "full"
    move_slider_to(page, "2013-06-01")
    assert status_of(page, "UZB") != "full"
    assert status_of(page, "ARM") == "full"
    move_slider_to(page, "2025-06-01")
    assert status_of(page, "ARM") == "frozen"
    expect(page.locator("#chair-name")).not_to_have_text("not recorded")


def test_a_timeline_filter_narrows_the_list(page: Page) -> None:
    page.goto("/timeline")
    before = page.locator("tr.event").count()
    page.select_option("select[name=kind]", "exercise")
    page.click("form.filters button")
    page.wait_for_url("**/timeline?**kind=exercise**")
    after = page.locator("tr.event").count()
    assert 0 < after < before
    types = page.locator("tr.event td:nth-child(2) .pill").all_inner_texts()
    assert set(types) <= {"exercise", "cancelled", "planned"}


def test_an_entity_page_shows_its_sources(page: Page) -> None:
    page.goto("/entities/kazakhstan")
    expect(page.locator("h1")).to_contain_text("Kazakhstan")
    sources = page.locator("ol.sources li a[href^='http']")
    assert sources.count() > 0
    page.goto("/entities/armenia")
    expect(page.locator("#disputes")).to_be_visible()


def test_a_scenario_run_shows_its_chart(page: Page) -> None:
    page.goto("/simulate")
    page.select_option("select[name=scenario]", "armenia-2022-09")
    page.fill("input[name=runs]", "20000")
    page.click("#sim-form button")
    expect(page.locator("#sim-progress")).to_be_visible()
    expect(page.locator("#sim-result svg.chart").first).to_be_visible(timeout=30_000)
    expect(page.locator("#sim-status")).to_have_text("done")
    assert page.locator("#sim-result").get_attribute("data-runs") == "20000"
    assert page.locator("#backtest tr").count() >= 6


def test_the_decision_tool_shows_its_trace(page: Page) -> None:
    page.goto("/rules")
    page.select_option("select[name=kind]", "collective_assistance")
    page.fill("input[name=date]", "2022-01-06")
    page.select_option("select[name=pos_russia]", "objects")
    page.click("#decide-form button")
    expect(page.locator("#decision")).to_contain_text("blocked")
    assert page.locator("#trace tr").count() > 2


def test_a_review_action_changes_the_queue(page: Page, writable_kb: KnowledgeBase) -> None:
    from csto.api import TokenStore

    token = TokenStore(writable_kb.engine).create("browser-reviewer")
    article = {
        "title": "CSTO exercise announced",
        "published": "2026-08-01",
        "text": "DUSHANBE, 1 August. Tajikistan will host the CSTO exercise Rubezh-2026 in October, the Joint Staff "
        "said. Russia and Kyrgyzstan will send units to the exercise.",
    }
    response = page.request.post(
        "/api/ingest", data={"articles": [article]}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.ok
    page.goto("/review")
    before = page.locator("section.claim").count()
    assert before > 0
    expect(page.locator("section.claim mark").first).to_be_visible()
    assert page.locator("section.claim form.decide").count() == 0  # nothing to press before signing in
    page.fill("#review-token", token)
    page.click("#login-form button")
    page.wait_for_url("**/review?message=signed*")
    expect(page.locator("#signed-in-as")).to_have_text("browser-reviewer")
    # The token is gone from the page, and the session cookie is out of the scripts' reach.
    assert token not in page.content()
    assert "csto_session" not in page.evaluate("document.cookie")
    assert page.evaluate("JSON.stringify(sessionStorage) + JSON.stringify(localStorage)").count(token) == 0
    page.locator("section.claim form.decide button", has_text="Accept").first.click()
    page.wait_for_url("**/review?message=accepted*")
    assert page.locator("section.claim").count() == before - 1
    page.click("#logout-form button")
    page.wait_for_url("**/review?message=signed*out*")
    assert page.locator("section.claim form.decide").count() == 0
