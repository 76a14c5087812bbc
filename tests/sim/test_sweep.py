"""Sweeps over parameter grids and random samples, in local processes and on a local Ray instance."""

from __future__ import annotations

from pathlib import Path

import pytest

from csto.sim.errors import ParameterError
from csto.sim.plots import plot_sweep
from csto.sim.scenario import find_scenario, load_scenario
from csto.sim.sweep import grid_points, parse_axis, random_points, sweep
from csto.store import KnowledgeBase

TIES = "stances.model.ties_to_adversary"


def test_axes_grids_and_random_points() -> None:
    assert parse_axis(f"{TIES}=1,2.5") == (TIES, [1.0, 2.5])
    assert parse_axis(f"{TIES}=0:6:4") == (TIES, [0.0, 2.0, 4.0, 6.0])
    points = grid_points([(TIES, [1.0, 2.0]), ("stances.model.base", [0.0, 1.0, 2.0])])
    assert len(points) == 6 and points[0] == {TIES: 1.0, "stances.model.base": 0.0}
    sample = random_points([(TIES, [0.0, 6.0])], 20, seed=3)
    assert len(sample) == 20 and all(0 <= p[TIES] <= 6 for p in sample)
    assert sample == random_points([(TIES, [0.0, 6.0])], 20, seed=3)
    for bad in (TIES, f"{TIES}=a,b", f"{TIES}=0:1:1"):
        with pytest.raises(ParameterError):
            parse_axis(bad)


def test_local_sweep_moves_the_outcome_and_is_reproducible(kb: KnowledgeBase, tmp_path: Path) -> None:
    scenario = load_scenario(find_scenario("armenia-2022-09"))
    points = grid_points([parse_axis(f"{TIES}=0,8")])
    one = sweep(kb, scenario, points, runs=3_000, seed=4, engine="local", workers=2)
    again = sweep(kb, scenario, points, runs=3_000, seed=4, engine="local", workers=1)
    assert one.rows == again.rows
    weak, strong = one.rows
    assert strong.outcomes["assistance"] < weak.outcomes["assistance"]
    assert plot_sweep(one, tmp_path / "sweep.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_ray_sweep_on_a_local_instance(kb: KnowledgeBase) -> None:
    scenario = load_scenario(find_scenario("armenia-2022-09"))
    points = grid_points([parse_axis(f"{TIES}=0,8")])
    local = sweep(kb, scenario, points, runs=2_000, seed=9, engine="local", workers=1)
    remote = sweep(kb, scenario, points, runs=2_000, seed=9, engine="ray", workers=2)
    assert remote.engine == "ray"
    assert remote.rows == local.rows


def test_bad_sweeps_are_refused(kb: KnowledgeBase) -> None:
    scenario = load_scenario(find_scenario("armenia-2022-09"))
    with pytest.raises(ParameterError, match="engine"):
        sweep(kb, scenario, [{TIES: 1.0}], engine="spark")
    with pytest.raises(ParameterError, match="unknown parameter"):
        sweep(kb, scenario, [{"stances.model.bogus": 1.0}])
    with pytest.raises(ParameterError, match="at least one point"):
        sweep(kb, scenario, [])
