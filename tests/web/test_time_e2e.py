"""In a real Chromium: the play button moves the map; the date lives in the address; downloads match the API."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.web.test_e2e import move_slider_to, status_of


def marker_x(page: Page) -> float:
    return float(page.locator("#lanes-chart line.time-marker").get_attribute("x1") or "nan")


def test_the_play_button_moves_the_map_and_the_marker_and_pauses(page: Page) -> None:
    page.goto("/?as_of=1998-06-01")
    assert status_of(page, "GEO") == "full"  # Georgia left in April 1999
    x_before = marker_x(page)
    button = page.locator("#play-button")
    button.focus()
    page.keyboard.press("Enter")  # by keyboard: the button is a real button
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("body")).to_have_attribute("data-as-of", "1999-06-01", timeout=10_000)
    assert status_of(page, "GEO") == "withdrawn"
    expect(page.locator("body")).to_have_attribute("data-as-of", "2000-06-01", timeout=10_000)
    assert marker_x(page) > x_before
    page.keyboard.press("Enter")  # pause
    expect(button).to_have_attribute("aria-pressed", "false")
    page.wait_for_function("!document.body.dataset.loading")  # a step already asked for may still land
    paused_at = page.locator("body").get_attribute("data-as-of")
    page.wait_for_timeout(2_000)
    assert page.locator("body").get_attribute("data-as-of") == paused_at
    assert page.evaluate("location.search") == f"?as_of={paused_at}"
    expect(page.locator("#chair-name")).not_to_have_text("")


def test_the_slider_moves_the_address_title_json_link_tooltips_and_downloads(page: Page) -> None:
    page.goto("/?as_of=2025-06-01")
    armenia = page.locator('svg.map path[data-iso3="ARM"] title')
    expect(armenia).to_have_text("Armenia: frozen")
    x_before = marker_x(page)
    move_slider_to(page, "1995-06-01")
    assert page.evaluate("location.pathname + location.search") == "/?as_of=1995-06-01"
    expect(page).to_have_title("The CSTO on 1995-06-01 · csto")
    assert "as_of=1995-06-01" in (page.locator('link[rel="alternate"]').get_attribute("href") or "")
    json_link = page.locator('main a[href^="/api/overview"]')
    expect(json_link).to_have_attribute("href", "/api/overview?as_of=1995-06-01")
    expect(armenia).to_have_text("Armenia: full")  # the tooltip follows the date, not the first load
    expect(page.locator("#download-csv")).to_have_attribute(
        "href", "/api/download/overview?as_of=1995-06-01&format=csv"
    )
    expect(page.locator("#cite-text")).to_contain_text("view as of 1995-06-01", timeout=10_000)
    assert marker_x(page) < x_before
    expect(page.locator("#record-notice")).to_be_hidden()
    move_slider_to(page, _today(page))
    expect(page.locator("#record-notice")).to_be_visible()
    expect(page.locator("#record-notice")).to_contain_text("The record ends on")


def _today(page: Page) -> str:
    return str(page.evaluate("document.getElementById('as-of-input').max"))


def test_a_download_from_the_page_matches_the_api(page: Page, tmp_path: Path) -> None:
    page.goto("/?as_of=2013-06-01")
    move_slider_to(page, "2008-06-01")
    with page.expect_download() as waiting:
        page.click("#download-csv")
    saved = tmp_path / "view.csv"
    waiting.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    answer = page.request.get("/api/overview?as_of=2008-06-01").json()
    members = {m["state"]["id"]: m["status"] for m in answer["overview"]["members"]}
    assert {r["id"]: r["status"] for r in rows if r["section"] == "member"} == members
    assert [r["id"] for r in rows if r["section"] == "event"] == [e["id"] for e in answer["overview"]["recent_events"]]
    with page.expect_download() as waiting:
        page.click("#download-json")
    body = waiting.value.path().read_text(encoding="utf-8")
    assert json.loads(body)["answer"] == answer


def test_a_timeline_download_from_the_page_matches_the_api(page: Page, tmp_path: Path) -> None:
    page.goto("/timeline?kind=exercise&state=Armenia")
    expect(page.locator("select[name=state]")).to_have_value("armenia")
    with page.expect_download() as waiting:
        page.click("#download-csv")
    rows = list(csv.DictReader(io.StringIO(waiting.value.path().read_text(encoding="utf-8"))))
    answer = page.request.get("/api/timeline?kind=exercise&state=armenia&offset=0&limit=200").json()
    assert [r["id"] for r in rows] == [e["id"] for e in answer["events"]] and rows
