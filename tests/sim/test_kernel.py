"""The vectorized Monte Carlo: seeding, invariants of every draw, and the stages' effects."""

from __future__ import annotations

import numpy as np
import pytest

from csto.sim.kernel import OUTCOME_INDEX, Step, simulate_chunk
from csto.sim.params import Parameters, with_overrides
from csto.sim.prepare import Prepared, prepare
from csto.sim.run import Simulator
from csto.sim.scenario import Measure, Scenario
from csto.vocabulary import CrisisOutcome

from .conftest import ToyConsensus, organization

ASSIST = OUTCOME_INDEX[CrisisOutcome.ASSISTANCE]


def arrays(prep: Prepared, seed: int, draws: int = 5_000) -> dict[str, np.ndarray]:
    chunk = simulate_chunk(prep, np.random.default_rng(seed), draws)
    return {k: v for k, v in vars(chunk).items()}


def test_the_same_seed_gives_identical_arrays(kz_prepared: Prepared) -> None:
    first, again, other = arrays(kz_prepared, 11), arrays(kz_prepared, 11), arrays(kz_prepared, 12)
    for name in first:
        np.testing.assert_array_equal(first[name], again[name])
    assert not np.array_equal(first["outcome"], other["outcome"])


def test_results_are_reproducible_through_the_simulator(kz_prepared: Prepared) -> None:
    one = Simulator(kz_prepared, seed=5).run(3_000, chunk=1_000)
    two = Simulator(kz_prepared, seed=5).run(3_000, chunk=1_000)
    assert one.model_dump() == two.model_dump()
    assert abs(sum(one.outcomes.values()) - 1) < 1e-12


def test_every_draw_is_consistent(kz_prepared: Prepared) -> None:
    a = arrays(kz_prepared, 3, 20_000)
    assisted = a["outcome"] == ASSIST
    assert assisted.any() and (~assisted).any()
    requester = kz_prepared.requester
    assert requester is not None
    assert (a["troops"][:, requester] == 0).all(), "the requester does not send troops to itself"
    assert (a["troops"][~assisted] == 0).all()
    assert (a["troops"][assisted].sum(axis=1) > 0).all()
    assert np.isnan(a["first_hours"][~assisted]).all()
    decided = a["outcome"] > 0
    assert np.isfinite(a["decision_hours"][decided]).all() and np.isnan(a["decision_hours"][~decided]).all()
    assert (a["first_hours"][assisted] > a["decision_hours"][assisted]).all()
    assert (a["full_hours"][assisted] >= a["first_hours"][assisted]).all()
    assert (a["end_days"][assisted] * 24 > a["full_hours"][assisted]).all()
    declared = kz_prepared.contingents[None, :]
    assert (a["troops"] <= declared).all()
    contributors = (a["troops"] > 0).astype(np.int64) @ (1 << np.arange(kz_prepared.n))
    np.testing.assert_array_equal(contributors, a["contributors"])
    blocked = a["steps"][:, 0] == Step.BLOCKED
    assert (a["blockers"][blocked, 0] > 0).all() and (a["blockers"][~blocked, 0] == 0).all()


def test_inadmissible_assistance_is_never_the_outcome(kz_scenario: Scenario, params: Parameters) -> None:
    prep = prepare(organization(kz_scenario.date), kz_scenario, params, ToyConsensus(frozenset({Measure.ASSISTANCE})))
    a = arrays(prep, 1)
    assert (a["outcome"] != ASSIST).all()
    assert (a["steps"][:, 0] == Step.INADMISSIBLE).all()


def test_without_declared_contingents_assistance_cannot_happen(kz_scenario: Scenario, params: Parameters) -> None:
    prep = prepare(organization(kz_scenario.date, declared={}), kz_scenario, params, ToyConsensus())
    a = arrays(prep, 2)
    assert (a["outcome"] != ASSIST).all()
    assert (a["steps"][:, 0] == Step.NO_FORCES).any()


def test_suspended_members_are_absent_and_frozen_ones_vote(kz_scenario: Scenario, params: Parameters) -> None:
    """As the rules read it (docs/rules.md, "Readings"): a frozen member keeps its vote, a suspended one has none."""
    statuses = {m: "full" for m in ("armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan")}
    statuses["armenia"] = "suspended"
    prep = prepare(organization(kz_scenario.date, statuses), kz_scenario, params, ToyConsensus())
    a = arrays(prep, 4)
    armenia = prep.members.index("armenia")
    assert (a["troops"][:, armenia] == 0).all()
    assert prep.fixed_stances()[armenia] == 3
    statuses["armenia"] = "frozen"
    prep = prepare(organization(kz_scenario.date, statuses), kz_scenario, params, ToyConsensus())
    assert prep.voting[armenia] and prep.fixed_stances()[armenia] == -1


@pytest.mark.parametrize(("path", "value"), [("stances.model.base", 6.0), ("stances.model.base", -6.0)])
def test_willingness_moves_the_outcome(kz_scenario: Scenario, params: Parameters, path: str, value: float) -> None:
    changed = with_overrides(params, {path: value})
    prep = prepare(organization(kz_scenario.date), kz_scenario, changed, ToyConsensus())
    share = (arrays(prep, 6)["outcome"] == ASSIST).mean()
    assert share > 0.95 if value > 0 else share < 0.01


def test_no_module_level_random_state() -> None:
    """Every random number comes from a seeded Generator passed in (no np.random.* module calls)."""
    import re
    from pathlib import Path

    import csto.sim

    pattern = re.compile(r"np\.random\.(?!default_rng|Generator)\w+|import random\b|random\.(random|seed|gauss)\(")
    sources = Path(csto.sim.__file__).parent.glob("*.py")
    offenders = [p.name for p in sources if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
