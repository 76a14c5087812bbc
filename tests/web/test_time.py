"""Time on the dashboard: the lanes and counts agree with the knowledge base; the record's end is told."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from csto.periods import PartialDate
from csto.store import KnowledgeBase
from csto.store.export import frame
from csto.store.history import (
    CRISIS_PREDICATES,
    membership_lanes,
    record_checked,
    record_notice,
    yearly_counts,
)
from csto.web import create_app
from csto.web.charts_time import PATTERNS, Scale, counts_svg, lanes_svg, legend_html

START, END = date(1992, 1, 1), date(2026, 6, 30)
SAMPLE_DAYS = [date(1992, 6, 1), date(1995, 6, 1), date(1998, 6, 1), date(2000, 6, 1), date(2013, 6, 1),
               date(2024, 6, 1)]  # fmt: skip
SAMPLE_YEARS = [1999, 2010, 2015, 2020, 2021, 2022, 2024]


@pytest.fixture
def client(kb: KnowledgeBase) -> Iterator[TestClient]:
    with TestClient(create_app(kb), base_url="http://localhost") as c:
        yield c


def _svg(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def _kb_statuses(kb: KnowledgeBase, day: date) -> dict[str, str]:
    return {m.state.id: m.status for m in kb.members(day, include_former=True)}


# -- lanes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", SAMPLE_DAYS, ids=str)
def test_lanes_match_the_members_answer_on_sample_days(kb: KnowledgeBase, day: date) -> None:
    lanes = membership_lanes(kb, START, END)
    expected = _kb_statuses(kb, day)
    assert set(expected) <= {lane.state_id for lane in lanes}
    for lane in lanes:
        assert lane.status_on(day) == expected.get(lane.state_id), lane.name


def test_lanes_cover_the_span_without_gaps(kb: KnowledgeBase) -> None:
    for lane in membership_lanes(kb, START, END):
        assert lane.runs[0].start == START and lane.runs[-1].end == END
        for before, after in zip(lane.runs, lane.runs[1:], strict=False):
            assert (after.start - before.end).days == 1
            assert before.status != after.status  # runs of one status are merged


def test_known_changes_are_in_the_lanes(kb: KnowledgeBase) -> None:
    lanes = {lane.state_id: lane for lane in membership_lanes(kb, START, END)}
    assert lanes["armenia"].status_on(date(1995, 1, 1)) == "full"
    assert lanes["armenia"].status_on(date(2025, 1, 1)) == "frozen"
    assert lanes["uzbekistan"].status_on(date(2013, 1, 1)) != "full"
    assert lanes["georgia"].status_on(date(2005, 1, 1)) == "withdrawn"


@pytest.mark.parametrize("day", SAMPLE_DAYS, ids=str)
def test_the_lanes_svg_shows_each_states_status_on_sample_days(kb: KnowledgeBase, day: date) -> None:
    lanes = membership_lanes(kb, START, END)
    svg = _svg(lanes_svg(lanes, START, END, day))
    expected = _kb_statuses(kb, day)
    drawn = {}
    for lane in svg.iter("g"):
        if lane.get("class") != "lane":
            continue
        for run in lane.iter("g"):
            if run.get("class") == "run-group" and date.fromisoformat(
                run.get("data-from", "")
            ) <= day <= date.fromisoformat(run.get("data-to", "")):
                drawn[lane.get("data-state")] = run.get("data-status")
    assert drawn == {lane.state_id: expected.get(lane.state_id, "none") for lane in lanes}


def test_status_is_never_told_by_colour_alone(kb: KnowledgeBase) -> None:
    svg = _svg(lanes_svg(membership_lanes(kb, START, END), START, END, date(2000, 1, 1)))
    for run in svg.iter("g"):
        if run.get("class") != "run-group":
            continue
        status = run.get("data-status")
        title = run.find("title")
        assert title is not None and title.text and run.get("data-from", "") in title.text
        hatch = [r for r in run.findall("rect") if r.get("class") == "hatch"]
        if status in PATTERNS:
            assert hatch and hatch[0].get("fill") == f"url(#pat-{status})"
    ids = {p.get("id") for p in svg.iter("pattern")}
    assert ids == {f"pat-{name}" for name in PATTERNS}
    legend = legend_html(["full", "frozen", "withdrawn", "none"])
    assert "full member" in legend and "not a party" in legend and 'fill="url(#key-frozen)"' in legend


def test_the_marker_is_at_the_selected_date(kb: KnowledgeBase) -> None:
    day = date(2008, 3, 1)
    scale = Scale(START, END)
    for markup in (lanes_svg(membership_lanes(kb, START, END), START, END, day),
                   counts_svg(yearly_counts(kb, 1992, 2026), START, END, day)):  # fmt: skip
        marker = next(line for line in _svg(markup).iter("line") if line.get("class") == "time-marker")
        assert float(marker.get("x1", "")) == scale.x(day) and marker.get("data-day") == "2008-03-01"
    assert scale.x(START) < scale.x(day) < scale.x(END)


def test_names_are_escaped_in_the_svg() -> None:
    from csto.store.history import Lane, Run

    lane = Lane("x", "<script>alert(1)</script>", [Run(START, END, "full")])
    markup = lanes_svg([lane], START, END, START)
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    _svg(markup)  # still well-formed


# -- counts ----------------------------------------------------------------------------------------


def _year_of(text: str) -> int:
    return PartialDate.parse(text).earliest.year


@pytest.mark.parametrize("year", SAMPLE_YEARS)
def test_counts_match_the_timeline_for_sample_years(kb: KnowledgeBase, year: int) -> None:
    counts = yearly_counts(kb, 1992, 2026)
    for kind, series in (("exercise", "exercises"), ("summit", "summits")):
        events = kb.timeline(str(year), str(year), [kind], limit=500).events
        took_place = [e for e in events if e.status == "occurred" and _year_of(e.date) == year]
        assert counts[series][year] == len(took_place), (series, year)


def test_crises_are_counted_once_in_the_year_they_began(kb: KnowledgeBase) -> None:
    facts = frame(kb, "facts")
    principal = set(facts[facts["predicate"].isin(CRISIS_PREDICATES)]["qualifier"].dropna())
    by_year: dict[int, int] = {}
    for event_id in principal:
        year = _year_of(kb.event(event_id).date)
        by_year[year] = by_year.get(year, 0) + 1
    counts = yearly_counts(kb, 1992, 2026)["crises"]
    assert counts == {y: by_year.get(y, 0) for y in range(1992, 2027)}
    assert counts[2022] >= 1 and sum(counts.values()) == len(principal)


def test_the_counts_svg_draws_every_count(kb: KnowledgeBase) -> None:
    counts = yearly_counts(kb, 1992, 2026)
    svg = _svg(counts_svg(counts, START, END, END))
    for series in svg.iter("g"):
        name = series.get("data-series")
        if not name:
            continue
        drawn = {
            int(g.get("data-year", "")): int(g.get("data-count", "")) for g in series.iter("g") if g.get("data-year")
        }
        assert drawn == counts[name]
        labels = [t.text for g in series.iter("g") if g.get("data-year") for t in g.findall("text")]
        assert labels == [str(v) for _, v in sorted(counts[name].items()) if v]  # numbers, not bar heights alone


# -- the dashboard ---------------------------------------------------------------------------------


def test_the_dashboard_draws_lanes_counts_and_play(client: TestClient) -> None:
    html = client.get("/?as_of=1995-06-01").text
    assert 'id="lanes-chart"' in html and 'id="counts-chart"' in html
    assert re.search(r'<button type="button" id="play-button" aria-pressed="false"', html)
    marker = re.search(r'class="time-marker"[^>]*data-day="([^"]+)"', html)
    assert marker and marker.group(1) == "1995-06-01"
    # The map's tooltip tells the status on the date shown.
    assert re.search(r'data-iso3="ARM" class="full"><title>Armenia: full</title>', html)


def test_a_date_before_1992_puts_the_marker_at_the_start(client: TestClient) -> None:
    html = client.get("/?as_of=1980-01-01").text
    marker = re.search(r'class="time-marker"[^>]*data-day="([^"]+)"', html)
    assert marker and marker.group(1) == "1992-01-01"


# -- honest about time -----------------------------------------------------------------------------


def test_record_checked_is_the_newest_dated_source(kb: KnowledgeBase) -> None:
    days = [PartialDate.parse(s.date).earliest for s in kb.sources.values() if s.date]
    assert record_checked(kb) == max(days)
    checked = max(days)
    assert record_notice(checked, checked) is None
    notice = record_notice(checked, date(2999, 12, 31))
    assert notice and checked.isoformat() in notice and "assume nothing changed" in notice


@pytest.mark.parametrize("route", ["overview", "members", "chair", "officials", "bodies"])
def test_api_answers_past_the_record_carry_a_notice(client: TestClient, kb: KnowledgeBase, route: str) -> None:
    checked = record_checked(kb)
    assert checked is not None
    late = client.get(f"/api/{route}?as_of=2999-12-31").json()
    assert late["record_checked"] == checked.isoformat()
    assert late["notice"] and f"The record ends on {checked}" in late["notice"]
    early = client.get(f"/api/{route}?as_of=2000-01-01").json()
    assert early["record_checked"] == checked.isoformat() and early["notice"] is None


def test_the_dashboard_says_where_the_record_ends(client: TestClient, kb: KnowledgeBase) -> None:
    checked = record_checked(kb)
    late = client.get("/?as_of=2999-12-31").text
    assert re.search(r'<p id="record-notice" class="notice" role="status">The record ends on ' + str(checked), late)
    early = client.get("/?as_of=2000-01-01").text
    assert re.search(r'<p id="record-notice" class="notice" role="status" hidden>', early)


@pytest.mark.parametrize("path", ["/", "/timeline", "/entities/armenia", "/search?q=treaty", "/rules", "/no-such-page"])
def test_every_page_says_when_the_record_was_last_checked(client: TestClient, kb: KnowledgeBase, path: str) -> None:
    html = client.get(path).text
    assert f'Record last checked <time datetime="{record_checked(kb)}">' in html


def test_a_planned_event_past_the_record_is_not_shown_as_simply_planned(client: TestClient, kb: KnowledgeBase) -> None:
    checked = record_checked(kb)
    assert checked is not None
    planned = [e for e in kb.timeline(str(checked.year), limit=500).events
               if e.status == "planned" and PartialDate.parse(e.date).earliest > checked]  # fmt: skip
    assert planned, "the dataset has planned events after the record ends"
    event = max(planned, key=lambda e: e.date)
    day = PartialDate.parse(event.date).latest
    html = client.get(f"/?as_of={day}").text
    row = re.search(r"<tr><td>" + re.escape(event.date) + r"</td>.*?</tr>", html, re.S)
    assert row and "planned" in row.group(0)
    assert f"the record ends on {checked}, before this date" in row.group(0)
    timeline = client.get(f"/timeline?from={event.date}&to={event.date}").text
    row = re.search(r'<tr id="' + re.escape(event.id) + r'".*?</tr>', timeline, re.S)
    assert row and "the record ends on" in row.group(0)
    before = client.get(f"/?as_of={checked}").text  # nothing dated after the record is shown then
    assert 'class="stale"' not in before


# -- state in the address --------------------------------------------------------------------------


def test_the_timeline_filter_shows_the_state_asked_by_name(client: TestClient) -> None:
    html = client.get("/timeline?state=Armenia&kind=exercise").text
    assert '<option value="armenia" selected>' in html
    assert "<option selected>exercise</option>" in html
    assert client.get("/timeline?state=Atlantis").status_code == 404


def test_rival_accounts_are_named_not_numbered(client: TestClient, kb: KnowledgeBase) -> None:
    disputed = next(e for e in kb.timeline(limit=500).events if e.rivals)
    html = client.get(f"/timeline?from={disputed.date}&to={disputed.date}").text
    rival = kb.event(disputed.rivals[0])
    assert f'<a href="/events/{rival.id}">{rival.title}</a>' in html.replace("&#39;", "'")


def test_an_event_page_past_the_record_says_so(client: TestClient, kb: KnowledgeBase) -> None:
    checked = record_checked(kb)
    assert checked is not None
    events = kb.timeline(str(checked.year), limit=500).events
    late = [e for e in events if e.status == "planned" and PartialDate.parse(e.date).latest < date.today()]
    late = [e for e in late if PartialDate.parse(e.date).earliest > checked]
    assert late, "the dataset has a planned event whose day passed after the record ends"
    html = client.get(f"/events/{late[0].id}").text
    assert f"the record ends on {checked}, before this date" in html
    early = next(e for e in events if PartialDate.parse(e.date).latest <= checked)
    assert "the record ends on" not in client.get(f"/events/{early.id}").text
