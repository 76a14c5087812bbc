"""The vectorized simulator and the per-draw reference (benchmarks/) agree within sampling error."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pytest

from csto.sim.kernel import simulate_chunk
from csto.sim.params import Parameters, with_overrides
from csto.sim.prepare import Prepared, prepare
from csto.sim.scenario import OUTCOMES, load_scenario

from .conftest import SCENARIOS, ToyConsensus, organization

ROOT = Path(__file__).resolve().parents[2]


def reference_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("sim_reference", ROOT / "benchmarks" / "sim_reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["sim_reference"] = module
    spec.loader.exec_module(module)
    return module


def close_share(a: np.ndarray, b: np.ndarray, label: str) -> None:
    """Two sample proportions agree within 4.5 standard errors."""
    pa, pb = a.mean(), b.mean()
    se = math.sqrt(pa * (1 - pa) / a.size + pb * (1 - pb) / b.size) or 1e-9
    assert abs(pa - pb) < 4.5 * se + 1e-9, f"{label}: {pa:.4f} vs {pb:.4f}"


def close_mean(a: np.ndarray, b: np.ndarray, label: str) -> None:
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    se = math.sqrt(a.var() / a.size + b.var() / b.size) or 1e-9
    assert abs(a.mean() - b.mean()) < 4.5 * se, f"{label}: {a.mean():.3f} vs {b.mean():.3f}"


@pytest.mark.parametrize(
    ("name", "overrides"),
    [
        ("kazakhstan-2022-01", {}),
        ("armenia-2022-09", {}),
        ("armenia-2022-09", {"stances.model.base": 9.0}),  # assistance common: transit permissions matter
        ("kyrgyzstan-2010-06", {}),
    ],
)
def test_same_distributions(params: Parameters, name: str, overrides: dict[str, float]) -> None:
    params = with_overrides(params, overrides)
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    statuses = {m: "full" for m in ("armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan")}
    if scenario.date.year == 2010:
        statuses["uzbekistan"] = "full"
    prep: Prepared = prepare(organization(scenario.date, statuses), scenario, params, ToyConsensus())
    fast = simulate_chunk(prep, np.random.default_rng(1), 40_000)
    slow = reference_module().simulate_reference(prep, 6_000, seed=1, memo=True)
    slow_outcome = np.array(slow.outcome)
    for index, outcome in enumerate(OUTCOMES):
        close_share(fast.outcome == index, slow_outcome == index, outcome.value)
    for field in ("decision_hours", "first_hours", "full_hours", "mission_days", "end_days"):
        a, b = getattr(fast, field).astype(float), np.array(getattr(slow, field), dtype=float)
        close_share(np.isfinite(a), np.isfinite(b), f"{field} present")
        if np.isfinite(a).sum() > 200 and np.isfinite(b).sum() > 200:
            close_mean(a, b, field)
    troops = np.array(slow.troops)
    for j, member in enumerate(prep.members):
        close_share(fast.troops[:, j] > 0, troops[:, j] > 0, f"{member} contributes")
        close_mean(fast.troops[:, j].astype(float), troops[:, j].astype(float), f"{member} troops")


def test_the_plain_reference_asks_the_procedure_for_every_draw(params: Parameters) -> None:
    scenario = load_scenario(SCENARIOS / "kazakhstan-2022-01.yaml")
    procedure = ToyConsensus()
    prep = prepare(organization(scenario.date), scenario, params, procedure)
    draws = reference_module().simulate_reference(prep, 300, seed=3)
    assert procedure.calls >= 300
    assert set(draws.outcome) <= {0, 1, 2}
