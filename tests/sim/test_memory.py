"""The results collector keeps copies of what the report reads, nothing more, and reports the same numbers.

Before, each chunk's compacted ``Draws`` kept its per-draw arrays whole and zero-width slices of
the per-rung ones, which kept every chunk's full arrays alive (about 340 MiB of the 1.41 GiB peak
at 10 million draws). ``test_the_report_is_the_one_computed_from_every_draw`` recomputes each
number the way the collector did then, from every per-draw array, so the change of what is kept
cannot change a result.
"""

from __future__ import annotations

import gc
import weakref
from dataclasses import fields
from typing import Any

import numpy as np
import pytest

from csto.sim.kernel import OUTCOME_INDEX, Draws, simulate_chunk
from csto.sim.params import Parameters
from csto.sim.prepare import Prepared, prepare
from csto.sim.results import Collector, Distribution, SimulationResult
from csto.sim.run import Simulator
from csto.sim.scenario import OUTCOMES, Measure, Scenario
from csto.vocabulary import CrisisOutcome

from .conftest import ToyConsensus, organization

ASSIST = OUTCOME_INDEX[CrisisOutcome.ASSISTANCE]
TIMINGS = {
    "decision_hours": ("decision_hours", "hours"),
    "first_troops_hours": ("first_hours", "hours"),
    "full_deployment_hours": ("full_hours", "hours"),
    "mission_days": ("mission_days", "days"),
    "withdrawn_by_days": ("end_days", "days"),
}


def _from_every_draw(prep: Prepared, seed: int, runs: int, chunk: int) -> dict[str, Any]:
    """The report's numbers computed as before: every per-draw array of every chunk, concatenated."""
    rng = np.random.default_rng(seed)
    chunks: list[Draws] = []
    done = 0
    while done < runs:
        size = min(chunk, runs - done)
        chunks.append(simulate_chunk(prep, rng, size))
        done += size

    def cat(name: str) -> np.ndarray:
        return np.concatenate([getattr(c, name) for c in chunks])

    outcome, troops = cat("outcome"), cat("troops")
    counts = np.bincount(outcome, minlength=len(OUTCOMES))
    assisted = outcome == ASSIST
    sent_by = troops[assisted]
    members = []
    for j, (state, name) in enumerate(zip(prep.members, prep.names, strict=True)):
        column = sent_by[:, j] if sent_by.size else np.zeros(0)
        sent = column[column > 0]
        members.append(
            {
                "state": state,
                "name": name,
                "declared": int(prep.contingents[j]),
                "p_contributes": float(sent.size / column.size) if column.size else 0.0,
                "mean": float(sent.mean()) if sent.size else None,
                "p50": float(np.median(sent)) if sent.size else None,
                "p95": float(np.percentile(sent, 95)) if sent.size else None,
            }
        )
    return {
        "outcomes": {o.value: float(c / runs) for o, c in zip(OUTCOMES, counts, strict=True)},
        "timings": {k: Distribution.of(cat(f), runs, unit).model_dump() for k, (f, unit) in TIMINGS.items()},
        "troops": members,
        "total_troops": Distribution.of(np.where(assisted, troops.sum(axis=1), np.nan), runs, "persons").model_dump(),
    }


def _reported(result: SimulationResult) -> dict[str, Any]:
    dumped = result.model_dump()
    return {k: dumped[k] for k in ("outcomes", "timings", "troops", "total_troops")}


@pytest.fixture(scope="module")
def no_assistance(kz_scenario: Scenario, params: Parameters) -> Prepared:
    """Assistance inadmissible: no draw sends troops (the empty case of every troop statistic)."""
    return prepare(organization(kz_scenario.date), kz_scenario, params, ToyConsensus(frozenset({Measure.ASSISTANCE})))


@pytest.mark.parametrize(("seed", "runs", "chunk"), [(1, 20_000, 20_000), (2, 25_000, 7_001), (3, 30_000, 10_000)])
def test_the_report_is_the_one_computed_from_every_draw(
    kz_prepared: Prepared, seed: int, runs: int, chunk: int
) -> None:
    result = Simulator(kz_prepared, seed).run(runs, chunk=chunk)
    assert _reported(result) == _from_every_draw(kz_prepared, seed, runs, chunk)
    assert result.total_troops.n > 0 and result.timings["mission_days"].n > 0


def test_the_report_without_assistance_is_the_one_computed_from_every_draw(no_assistance: Prepared) -> None:
    result = Simulator(no_assistance, 4).run(12_000, chunk=5_000)
    assert _reported(result) == _from_every_draw(no_assistance, 4, 12_000, 5_000)
    assert result.total_troops.n == 0 and all(t.mean is None for t in result.troops)


def test_a_chunk_is_freed_once_collected(kz_prepared: Prepared) -> None:
    """Nothing the collector keeps is a view into the chunk: every array of the chunk can be freed."""
    collector = Collector(kz_prepared)
    draws = simulate_chunk(kz_prepared, np.random.default_rng(7), 5_000)
    alive = {f.name: weakref.ref(getattr(draws, f.name)) for f in fields(Draws)}
    collector.add(draws)
    del draws
    gc.collect()
    assert [name for name, ref in alive.items() if ref() is not None] == []


def test_what_is_kept_is_what_the_report_reads(kz_prepared: Prepared) -> None:
    """Memory grows with the assistance draws' troops and the finite timings, not with the chunk."""
    collector = Collector(kz_prepared)
    rng = np.random.default_rng(8)
    expected = 0
    for _ in range(4):
        draws = simulate_chunk(kz_prepared, rng, 5_000)
        assisted = int(np.count_nonzero(draws.outcome == ASSIST))
        finite = sum(int(np.isfinite(getattr(draws, f)).sum()) for f, _ in TIMINGS.values())
        expected += assisted * kz_prepared.n * 4 + finite * 4 + len(OUTCOMES) * 8
        collector.add(draws)
    assert collector.nbytes == expected
    for kept in collector.chunks:
        for array in (kept.outcomes, kept.troops, *kept.timings.values()):
            assert array.flags.owndata
