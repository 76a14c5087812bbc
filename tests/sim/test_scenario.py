"""Scenario files: the shipped ones load, malformed ones fail naming the file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from csto.sim.errors import ScenarioError
from csto.sim.scenario import Basis, CrisisKind, Measure, find_scenario, list_scenarios, load_scenario

from .conftest import SCENARIOS

HISTORICAL = {
    "kyrgyzstan-2010-06",
    "armenia-2021-05",
    "armenia-2022-09",
    "kazakhstan-2022-01",
    "kyrgyz-tajik-2022-09",
    "tajikistan-1996-01",
    "kyrgyzstan-1999-08",
    "kyrgyzstan-2010-04",
    "armenia-2016-04",
    "armenia-2020-07",
    "armenia-2020-09",
    "belarus-2020-08",
    "kyrgyzstan-2020-10",
    "kyrgyz-tajik-2021-04",
    "armenia-2023-09",
    "russia-2024-08-kursk",
    "russia-2024-03-crocus",
}

GOOD = """\
title: A test crisis
date: "2022-01-05"
requester: kazakhstan
kind: internal_unrest
place: {name: Almaty, lat: 43.2, lon: 76.9}
severity: 3
basis: art4_assistance
"""


def write(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_scenarios_cover_history_and_hypotheticals() -> None:
    scenarios = list_scenarios()
    names = {s.name for s in scenarios}
    assert names >= HISTORICAL
    assert {s.name for s in scenarios if s.historical} == HISTORICAL
    hypothetical = [s for s in scenarios if not s.historical]
    assert len(hypothetical) >= 3
    assert CrisisKind.AFGHAN_THREAT in {s.kind for s in hypothetical}


def test_a_valid_file_loads_with_its_stem_as_name(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, GOOD, "my-case.yaml"))
    assert scenario.name == "my-case"
    assert scenario.ladder == (Measure.ASSISTANCE, Measure.MISSION)
    assert scenario.basis is Basis.ART4_ASSISTANCE
    assert scenario.with_reform("belarus-2023").reform == "belarus-2023"


@pytest.mark.parametrize(
    ("change", "field", "line"),
    [
        (("severity: 3", "severity: 9"), "severity", 6),
        (("kind: internal_unrest", "kind: invasion"), "kind", 4),
        (('date: "2022-01-05"', 'date: "2022-02-30"'), "date", 2),
        (('date: "2022-01-05"', 'date: "2022-01"'), "date", 2),
        (("basis: art4_assistance", "basis: article_5"), "basis", 7),
        (("lat: 43.2", "lat: 143.2"), "place.lat", 5),
    ],
)
def test_bad_values_name_the_field_and_line(tmp_path: Path, change: tuple[str, str], field: str, line: int) -> None:
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    text = str(caught.value)
    assert f"{path}:{line}: {field}:" in text


def test_missing_and_unknown_fields_are_named(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("requester: kazakhstan\n", "") + "colour: red\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    fields = {field for _, field, _ in caught.value.problems}
    assert {"requester", "colour"} <= fields


def test_adversary_needs_exactly_one_of_state_or_group(tmp_path: Path) -> None:
    text = GOOD + "adversary: {state: azerbaijan, group: someone}\n"
    with pytest.raises(ScenarioError, match="adversary"):
        load_scenario(write(tmp_path, text))
    clash = GOOD.replace("kind: internal_unrest", "kind: member_border_clash")
    with pytest.raises(ScenarioError, match=r"adversary\.state"):
        load_scenario(write(tmp_path, clash))


def test_broken_yaml_and_non_mapping_are_reported(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"case.yaml:\d+: expected"):
        load_scenario(write(tmp_path, "title: x\ndate: [unclosed\n"))
    with pytest.raises(ScenarioError, match="mapping"):
        load_scenario(write(tmp_path, "- a list\n"))


def test_find_scenario_by_name_or_path(tmp_path: Path) -> None:
    assert find_scenario("kazakhstan-2022-01") == SCENARIOS / "kazakhstan-2022-01.yaml"
    path = write(tmp_path, GOOD)
    assert find_scenario(str(path)) == path
    with pytest.raises(ScenarioError, match="kazakhstan-2022-01"):
        find_scenario("no-such-crisis")
    with pytest.raises(ScenarioError, match="no such scenario file"):
        find_scenario(str(tmp_path / "missing.yaml"))
