"""Parameter files: valid, every value explained and sourced, editable by path, errors named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from csto.sim.errors import ParameterError
from csto.sim.params import (
    OPERATIONS_FILE,
    STANCES_FILE,
    Dated,
    Parameters,
    dated_value,
    load_parameters,
    parse_assignment,
    with_overrides,
)


def test_every_parameter_has_a_rationale_and_resolvable_sources(params: Parameters) -> None:
    cited = params.cited()
    assert len(cited) > 60
    known = {s.id for s in [*params.stances.sources, *params.operations.sources]}
    for path, item in cited:
        assert len(item.rationale) >= 20, path
        assert item.sources and set(item.sources) <= known, path
    assert all(s.url or s.kind == "reference" for s in params.stances.sources), "news and analysis cite a URL"


def test_every_source_is_used(params: Parameters) -> None:
    used = {ref for _, item in params.cited() for ref in item.sources}
    defined = {s.id for s in [*params.stances.sources, *params.operations.sources]}
    assert defined - used == set()


def test_dated_values_follow_the_date(params: Parameters) -> None:
    russia = params.stances.states["russia"].domestic_constraints
    assert dated_value(russia, date(2021, 5, 1)) == 0.2
    assert dated_value(russia, date(2022, 9, 13)) == 0.6
    assert dated_value([], date(2022, 1, 1), 0.5) == 0.5
    overlapping = [
        Dated(value=1, rationale="x" * 20, sources=["s"]),
        Dated(value=2, valid_from="2020", rationale="y" * 20, sources=["s"]),
    ]
    assert dated_value(overlapping, date(2021, 1, 1)) == 2


def test_overrides_by_path(params: Parameters) -> None:
    changed = with_overrides(
        params,
        {
            "stances.model.ties_to_adversary": 1.5,
            "stances.states.russia.alignment": 0.25,
            "stances.dyads.ties.russia.azerbaijan": 0.05,
            "operations.decision_hours.default.median": 7,
            "operations.permission.states.iran": 0.9,
        },
    )
    assert changed.stances.model.ties_to_adversary.value == 1.5
    assert changed.stances.model.ties_to_adversary.override
    assert dated_value(changed.stances.states["russia"].alignment, date(2010, 1, 1)) == 0.25
    ties = [d for d in changed.stances.dyads.ties if {d.a, d.b} == {"russia", "azerbaijan"}]
    assert [d.value for d in ties] == [0.05]
    assert changed.operations.decision_hours["default"].median == 7
    assert dated_value(changed.operations.permission.states["iran"], date(2022, 1, 1)) == 0.9
    assert params.stances.model.ties_to_adversary.value == 4.0, "the original is untouched"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("stances.model.nonsense", "unknown parameter"),
        ("stances.model", "not a numeric parameter"),
        ("stances.dyads.ties.russia", "two states"),
        ("operations.decision_hours.default.median", "greater than 0"),
    ],
)
def test_bad_overrides_name_the_parameter(params: Parameters, path: str, message: str) -> None:
    value = -1.0 if path.endswith("median") else 1.0
    with pytest.raises(ParameterError, match=message):
        with_overrides(params, {path: value})


def test_assignments_from_the_command_line() -> None:
    assert parse_assignment("stances.model.base=2.5") == ("stances.model.base", 2.5)
    for bad in ("stances.model.base", "=3", "a=b"):
        with pytest.raises(ParameterError):
            parse_assignment(bad)


def test_a_users_copy_is_validated(tmp_path: Path) -> None:
    data = yaml.safe_load(STANCES_FILE.read_text(encoding="utf-8"))
    data["model"]["base"]["sources"] = ["no-such-source"]
    broken = tmp_path / "stances.yaml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ParameterError, match="no-such-source"):
        load_parameters(broken, OPERATIONS_FILE)
    del data["model"]["base"]
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"model\.base"):
        load_parameters(broken, OPERATIONS_FILE)


def test_reform_effects_live_in_the_reform_files(tmp_path: Path) -> None:
    from csto.rules.reforms import load_reforms
    from csto.sim.prepare import reform_effect

    effects = {name: reform.simulation for name, reform in load_reforms().items() if reform.simulation}
    assert effects["belarus-2023"].decision_hours_factor == 0.5
    assert reform_effect("belarus-2023") is effects["belarus-2023"] and reform_effect(None) is None
    data = yaml.safe_load(OPERATIONS_FILE.read_text(encoding="utf-8"))
    assert "reforms" not in data
    data["reforms"] = {"belarus-2023": {"decision_hours_factor": 0.5, "rationale": "x" * 20, "sources": ["s"]}}
    old = tmp_path / "operations.yaml"
    old.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"reforms/NAME\.yaml"):
        load_parameters(STANCES_FILE, old)
