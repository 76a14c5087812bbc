"""Long pages readable: entity pages have contents and filters; the simulator's charts have axes with units
and its most frequent paths come most frequent first."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from csto.store import KnowledgeBase
from csto.web import create_app
from csto.web.pages_sim import nice_ticks


@pytest.fixture(scope="module")
def client(kb: KnowledgeBase) -> Iterator[TestClient]:
    with TestClient(create_app(kb), base_url="http://localhost") as c:
        yield c


def event_rows(page: str) -> list[tuple[str, str]]:
    """(date, kind) of each row in the entity page's event tables."""
    section = page.split('id="events-section"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<tr><td class="nowrap">([^<]+)</td><td><span class="pill">([^<]+)</span>', section)


def test_every_contents_link_has_its_target(client: TestClient) -> None:
    page = client.get("/entities/armenia").text
    contents = page.split('id="contents"', 1)[1].split("</nav>", 1)[0]
    anchors = re.findall(r'href="#([^"]+)"', contents)
    assert len(anchors) >= 5 and "facts-section" in anchors and "events-section" in anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in page, f"the contents link #{anchor} leads nowhere"


def test_filters_narrow_events_by_kind_and_period(client: TestClient) -> None:
    everything = event_rows(client.get("/entities/armenia").text)
    summits = event_rows(client.get("/entities/armenia", params={"kind": "summit"}).text)
    recent = event_rows(client.get("/entities/armenia", params={"from": "2020", "to": "2022"}).text)
    assert 0 < len(summits) < len(everything) and {k for _d, k in summits} == {"summit"}
    assert 0 < len(recent) < len(everything) and all("2020" <= d[:4] <= "2022" for d, _k in recent)


def test_a_fact_filter_keeps_one_predicate(client: TestClient) -> None:
    page = client.get("/entities/armenia", params={"predicate": "member_status"}).text
    facts = page.split('id="facts-section"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'<h3 id="facts-([^"]+)"', facts) == ["member_status"]
    assert "Show everything" in page


def test_an_unreadable_filter_is_ignored_not_an_error(client: TestClient) -> None:
    page = client.get("/entities/armenia", params={"from": "soon", "kind": "<script>"})
    assert page.status_code == 200 and "<script>" not in page.text.split('id="contents"', 1)[1]


@pytest.mark.parametrize(
    ("top", "ticks"),
    [(92.0, [0, 20, 40, 60, 80, 100]), (155.0, [0, 50, 100, 150, 200]), (7.0, [0, 2, 4, 6, 8]), (0.0, [0, 1])],
)
def test_axis_ticks_are_round_and_cover_the_data(top: float, ticks: list[float]) -> None:
    assert nice_ticks(top) == ticks


def test_a_simulation_result_has_axes_and_sorted_paths(client: TestClient) -> None:
    form = client.get("/simulate").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form)
    assert csrf
    page = client.post(
        "/simulate", data={"scenario": "armenia-2022-09", "runs": "3000", "seed": "7", "csrf": csrf.group(1)}
    ).text
    result = page.split('id="sim-result"', 1)[1]
    assert "hours from the request</text>" in result and ">days</text>" in result  # axis titles with units
    assert len(re.findall(r'class="axis"', result)) >= 6  # axis lines and tick marks
    counts = [int(c) for c in re.findall(r'<tr data-count="(\d+)"', result)]
    assert len(counts) >= 2 and counts == sorted(counts, reverse=True), counts
    labels = re.findall(r"([a-z ]+) ([\d.]+)%", re.findall(r'aria-label="Outcome probabilities: ([^"]+)"', result)[0])
    values = [float(v) for _label, v in labels]
    assert values == sorted(values, reverse=True), labels


def test_rival_accounts_are_named_by_title(client: TestClient, kb: KnowledgeBase) -> None:
    events = kb.timeline(None, None, [], None, None, 500, 0).events
    event = next(e for e in events if e.rivals)
    page = client.get(f"/events/{event.id}").text
    rival = kb.event(event.rivals[0])
    link = re.search(rf'<a href="/events/{re.escape(rival.id)}">([^<]+)</a>', page)
    assert link and html.unescape(link.group(1)) == rival.title, link
