"""Running a scenario: build the prepared model from the store, then draw in chunks.

``Simulator`` owns one seeded ``numpy.random.Generator`` (Mesa's habit: one model, one RNG) and
draws chunk after chunk, so a million draws need no more memory than one chunk of work plus the
compact per-draw results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from csto.sim.kernel import simulate_chunk
from csto.sim.params import Parameters, load_parameters
from csto.sim.prepare import Prepared, prepare
from csto.sim.procedure import Procedure
from csto.sim.results import Collector, SimulationResult
from csto.sim.scenario import Scenario
from csto.sim.world import organization_at

if TYPE_CHECKING:
    from csto.store import KnowledgeBase

CHUNK = 100_000
MAX_RUNS = 10_000_000

Progress = Callable[[int], None]


def default_procedure(kb: KnowledgeBase | None) -> Procedure:
    from csto.sim.rules_adapter import RulesProcedure

    return RulesProcedure(kb)


def build(
    kb: KnowledgeBase,
    scenario: Scenario,
    params: Parameters | None = None,
    procedure: Procedure | None = None,
    prior: str = "hand-set",
) -> Prepared:
    """Stages 1 to 6 that do not depend on the draw, for ``scenario`` (with its reform, if any).

    ``prior``: ``hand-set`` takes each member's alignment from stances.yaml, ``record`` from the
    alignment index on the scenario's date (evidence dated before it only; stances.yaml where the
    record is silent).
    """
    params = params or load_parameters()
    forces = scenario.forces or params.operations.forces_for_basis.forces[scenario.basis]
    organization = organization_at(kb, scenario.date, forces, scenario.counterparts)
    priors = None
    if prior == "record":
        from csto.alignment.record import alignment_record

        record = alignment_record(kb)
        priors = {m.id: record.at(m.id, scenario.date) for m in organization.members}
    elif prior != "hand-set":
        raise ValueError(f"prior must be 'hand-set' or 'record', got {prior!r}")
    return prepare(organization, scenario, params, procedure or default_procedure(kb), priors)


class Simulator:
    """Draws a prepared scenario; ``seed`` fixes every random number."""

    def __init__(self, prepared: Prepared, seed: int | None = None):
        self.prepared = prepared
        self.seed = seed
        self.rng = np.random.default_rng(seed)

    def run(self, runs: int, chunk: int = CHUNK, progress: Progress | None = None) -> SimulationResult:
        if not 1 <= runs <= MAX_RUNS:
            raise ValueError(f"runs must be between 1 and {MAX_RUNS:,}, got {runs}")
        collector = Collector(self.prepared)
        done = 0
        while done < runs:
            size = min(chunk, runs - done)
            collector.add(simulate_chunk(self.prepared, self.rng, size))
            done += size
            if progress is not None:
                progress(size)
        procedure = getattr(self.prepared.rungs[0].decider.procedure, "name", "") if self.prepared.rungs else ""
        return collector.result(self.seed, procedure)


def simulate(
    kb: KnowledgeBase,
    scenario: Scenario,
    runs: int,
    seed: int | None = None,
    params: Parameters | None = None,
    procedure: Procedure | None = None,
    progress: Progress | None = None,
) -> SimulationResult:
    """Simulate ``scenario`` ``runs`` times and summarize."""
    prepared = build(kb, scenario, params, procedure)
    return Simulator(prepared, seed).run(runs, progress=progress)
