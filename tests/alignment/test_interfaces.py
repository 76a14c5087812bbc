"""The index through its faces: the command line, the API, the pages, and the simulator's prior."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from csto.alignment.record import alignment_record, to_share
from csto.cli import app
from csto.sim.run import build
from csto.sim.scenario import find_scenario, load_scenario
from csto.sim.trace import describe_stages
from csto.store import KnowledgeBase
from csto.web import create_app

runner = CliRunner()


@pytest.fixture
def client(kb: KnowledgeBase) -> Iterator[TestClient]:
    with TestClient(create_app(kb), base_url="http://localhost") as c:
        yield c


def _db(kb: KnowledgeBase) -> str:
    return kb.engine.url.render_as_string(hide_password=False)


def test_cli_json_gives_points_with_intervals_and_evidence(kb: KnowledgeBase) -> None:
    result = runner.invoke(app, ["alignment", "Armenia", "--from", "2018", "--to", "2024", "--json", "--db", _db(kb)])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    points = {p["year"]: p for p in body["points"]}
    assert sorted(points) == list(range(2018, 2025))
    assert points[2024]["index"] < points[2018]["index"] - 1.0  # the freeze
    assert all(p["low"] <= p["index"] <= p["high"] for p in points.values())
    assert any(e.startswith("pos-armenia-2024") for e in points[2024]["evidence"])
    assert set(points[2024]["evidence"]) <= set(body["evidence"])
    assert {row["year"] for row in body["participation"]} == set(range(2018, 2025))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Atlantis"], "Atlantis"),
        (["csto"], "not a state"),
        (["armenia", "--from", "2020", "--to", "2010"], "after"),
        (["armenia", "--from", "1900"], "outside"),
    ],
)
def test_cli_bad_input_gets_a_clear_message(kb: KnowledgeBase, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["alignment", *args, "--db", _db(kb)])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_api_alignment_and_its_errors(client: TestClient) -> None:
    body = client.get("/api/alignment", params={"state": "belarus", "from": 2008, "to": 2012}).json()
    assert [p["year"] for p in body["points"]] == [2008, 2009, 2010, 2011, 2012]
    points = {p["year"]: p for p in body["points"]}
    assert points[2009]["index"] < points[2012]["index"]  # the 2009 boycott, then the return
    assert client.get("/api/alignment", params={"state": "belarus", "from": 2012, "to": 2008}).status_code == 400
    assert client.get("/api/alignment", params={"state": "atlantis"}).status_code == 404
    assert client.get("/api/alignment").status_code in (400, 422)


def test_the_chart_is_on_a_state_page_and_the_dashboard_not_on_a_person(client: TestClient) -> None:
    page = client.get("/entities/armenia").text
    assert 'class="alignment-chart"' in page and "alignment-band" in page and "pos-armenia-2024" in page
    assert 'class="alignment-chart"' in client.get("/").text
    assert 'class="alignment-chart"' not in client.get("/entities/vladimir-putin").text


def test_the_simulator_takes_its_prior_from_the_record_with_the_evidence_in_the_trace(kb: KnowledgeBase) -> None:
    scenario = load_scenario(find_scenario("armenia-2022-09"))
    hand = {r["state"]: r for r in describe_stages(build(kb, scenario, prior="hand-set"))["stances"]}
    record = {r["state"]: r for r in describe_stages(build(kb, scenario, prior="record"))["stances"]}
    prior = alignment_record(kb).at("kazakhstan", scenario.date)
    assert not prior.silent
    assert record["kazakhstan"]["alignment"] == pytest.approx(to_share(prior.index))
    assert record["kazakhstan"]["alignment_basis"].startswith("record: index")
    assert "hand-set" in hand["kazakhstan"]["alignment_basis"]
    assert all(
        e in prior.evidence
        for e in record["kazakhstan"]["alignment_basis"].split(" from ")[1].split(" and ")[0].split(", ")
    )


def test_out_of_sample_the_prior_uses_only_evidence_dated_before_the_crisis(kb: KnowledgeBase) -> None:
    record = alignment_record(kb)
    day = date(2022, 9, 13)
    prior = record.at("armenia", day)
    dated = {e.id: e.day for e in record.evidence["armenia"]}
    assert prior.evidence and all(dated[e] < day for e in prior.evidence)


def test_where_the_record_is_silent_the_hand_set_value_stays_and_the_trace_says_so(kb: KnowledgeBase) -> None:
    scenario = load_scenario(find_scenario("tajikistan-1996-01"))
    rows = {r["state"]: r for r in describe_stages(build(kb, scenario, prior="record"))["stances"]}
    silent = [r for r in rows.values() if "record silent" in r["alignment_basis"]]
    assert silent
    assert all(r["alignment_basis"].startswith(("hand-set", "default")) for r in silent)
