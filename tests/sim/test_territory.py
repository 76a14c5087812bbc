"""Scenarios take their territory from the place's coordinates; admissibility follows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from csto.sim.errors import ScenarioError
from csto.sim.procedure import Request
from csto.sim.rules_adapter import RulesProcedure
from csto.sim.run import simulate
from csto.sim.scenario import Measure, Place, Scenario, find_scenario, list_scenarios, load_scenario
from csto.sim.world import organization_at
from csto.store import KnowledgeBase

EXPECTED = {
    "armenia-2016-04": "azerbaijan",
    "armenia-2020-07": "armenia",
    "armenia-2020-09": "azerbaijan",
    "armenia-2021-05": "armenia",
    "armenia-2022-09": "armenia",
    "armenia-2023-09": "azerbaijan",
    "armenia-2026-renewed-attack": "armenia",
    "belarus-2020-08": "belarus",
    "kazakhstan-2022-01": "kazakhstan",
    "kyrgyz-tajik-2021-04": "kyrgyzstan",
    "kyrgyz-tajik-2022-09": "kyrgyzstan",
    "kyrgyzstan-1999-08": "kyrgyzstan",
    "kyrgyzstan-2010-04": "kyrgyzstan",
    "kyrgyzstan-2010-06": "kyrgyzstan",
    "kyrgyzstan-2020-10": "kyrgyzstan",
    "kyrgyzstan-batken-incursion-2026": "kyrgyzstan",
    "russia-2024-03-crocus": "russia",
    "russia-2024-08-kursk": "russia",
    "tajik-afghan-incursion-2026": "tajikistan",
    "tajikistan-1996-01": "tajikistan",
}

KOK_TASH = """\
title: Kok-Tash
date: "{date}"
requester: kyrgyzstan
kind: member_border_clash
adversary: {{state: tajikistan}}
place: {{name: Kok-Tash, lat: 39.96, lon: 70.62}}
severity: 3
basis: consultations
territory: {territory}
"""


def scenario(name: str) -> Scenario:
    return load_scenario(find_scenario(name))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_scenario_resolves_by_polygon() -> None:
    found = {s.name: s for s in list_scenarios()}
    assert set(found) == set(EXPECTED)
    for name, item in found.items():
        decision = item.territory_decision
        assert (item.where, decision.how) == (EXPECTED[name], "polygon"), name
        assert "point in polygon" in decision.describe()


def test_karabakh_scenarios_report_the_breakaway_region() -> None:
    for name in ("armenia-2020-09", "armenia-2023-09"):
        text = scenario(name).territory_decision.describe()
        assert "Nagorno-Karabakh" in text and "breakaway" in text and "Source: " in text, name


def test_a_territory_that_contradicts_the_place_is_refused(tmp_path: Path) -> None:
    text = find_scenario("armenia-2022-09").read_text(encoding="utf-8")
    assert "\nterritory:" not in text
    path = write(tmp_path, text + "territory: azerbaijan\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert str(path) in message and "territory" in message and "armenia's internationally recognized" in message


def test_a_claim_in_a_recorded_disputed_area_is_accepted_while_it_lasts(tmp_path: Path) -> None:
    claimed = load_scenario(write(tmp_path, KOK_TASH.format(date="2021-04-28", territory="tajikistan")))
    assert claimed.where == "tajikistan" and claimed.territory_decision.how == "claim"
    assert "Undemarcated Kyrgyz-Tajik border" in claimed.territory_decision.describe()
    with pytest.raises(ScenarioError, match="territory"):
        load_scenario(write(tmp_path, KOK_TASH.format(date="2025-06-01", territory="tajikistan")))
    with pytest.raises(ScenarioError, match="territory"):
        load_scenario(write(tmp_path, KOK_TASH.format(date="2021-04-28", territory="uzbekistan")))


def test_a_place_at_sea_needs_a_territory(tmp_path: Path) -> None:
    sea = KOK_TASH.format(date="2021-04-28", territory="kyrgyzstan").replace(
        "lat: 39.96, lon: 70.62", "lat: 42.0, lon: 50.5"
    )
    with pytest.raises(ScenarioError, match="no state's territory"):
        load_scenario(write(tmp_path, sea.replace("territory: kyrgyzstan\n", "")))
    with pytest.raises(ScenarioError, match="territory"):
        load_scenario(write(tmp_path, sea))


def test_karabakh_is_not_covered_and_the_trace_says_why(kb: KnowledgeBase) -> None:
    item = scenario("armenia-2020-09")
    organization = organization_at(kb, item.date, ["collective-rapid-reaction-forces"], item.counterparts)
    view = RulesProcedure(kb).assess(Request(item, organization), Measure.ASSISTANCE)
    assert not view.admissible
    assert view.reason.startswith("not covered") and "azerbaijan" in view.reason
    assert "point in polygon" in view.reason and "Nagorno-Karabakh" in view.reason
    assert view.trace[-1] == view.reason


def test_moving_the_crisis_across_the_border_flips_admissibility(kb: KnowledgeBase) -> None:
    jermuk = scenario("armenia-2022-09")
    across = jermuk.model_copy(update={"place": Place(name="Kalbajar", lat=40.10, lon=46.04)})
    assert (jermuk.where, across.where) == ("armenia", "azerbaijan")
    inside = simulate(kb, jermuk.model_copy(update={"request": None}), 2_000, seed=3)
    outside = simulate(kb, across.model_copy(update={"request": None}), 2_000, seed=3)
    assert inside.stages["request"]["overall"]["assistance"] > 0
    assert outside.stages["request"]["overall"]["assistance"] == 0
    reasons = [step["reason"] for step in outside.stages["legal"]]
    assert all(r.startswith("not covered") and "(40.1000, 46.0400)" in r for r in reasons), reasons
