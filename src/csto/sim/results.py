"""What a simulation reports: outcome probabilities, distributions, contributions and paths.

``Collector`` takes each chunk of draws as it comes: it counts outcomes and paths at once and keeps
fresh copies of only what the report reads later (the finite timings, the troops of the draws
that ended in assistance), never a view that would keep the whole chunk alive, so its memory
grows with what is kept. ``Collector.result`` turns that into a ``SimulationResult``, a pydantic
model that renders to JSON as it is.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, Field

from csto.sim.kernel import Draws, Step
from csto.sim.prepare import Prepared
from csto.sim.scenario import OUTCOMES, Measure
from csto.sim.trace import describe_stages
from csto.vocabulary import CrisisOutcome

MEASURE_LABEL = {
    Measure.ASSISTANCE: "collective assistance",
    Measure.MISSION: "mission or other non-military measures",
    Measure.CONSULTATIONS: "consultations",
}
OUTCOME_LABEL = {
    "assistance": "collective assistance",
    "consultations_or_mission": "consultations or a fact-finding mission only",
    "no_action": "no action",
}


class Distribution(BaseModel):
    unit: str
    n: int
    share: float = Field(description="share of all draws in which the quantity exists")
    mean: float | None = None
    p05: float | None = None
    p25: float | None = None
    p50: float | None = None
    p75: float | None = None
    p95: float | None = None

    @classmethod
    def of(cls, values: NDArray[Any], total: int, unit: str) -> Distribution:
        data = values[np.isfinite(values)]
        if data.size == 0:
            return cls(unit=unit, n=0, share=0.0)
        q = np.percentile(data, [5, 25, 50, 75, 95])
        return cls(
            unit=unit,
            n=int(data.size),
            share=data.size / total,
            mean=float(data.mean()),
            p05=float(q[0]),
            p25=float(q[1]),
            p50=float(q[2]),
            p75=float(q[3]),
            p95=float(q[4]),
        )


class TroopStats(BaseModel):
    state: str
    name: str
    declared: int
    p_contributes: float = Field(description="share of assistance draws in which the member sends troops")
    mean: float | None = Field(default=None, description="mean troops when it contributes")
    p50: float | None = None
    p95: float | None = None


class PathView(BaseModel):
    outcome: str
    probability: float
    count: int
    steps: list[str]


class SimulationResult(BaseModel):
    scenario: dict[str, Any]
    runs: int
    seed: int | None
    procedure: str
    outcomes: dict[str, float]
    stderr: dict[str, float]
    timings: dict[str, Distribution]
    troops: list[TroopStats]
    total_troops: Distribution
    paths: dict[str, list[PathView]]
    stages: dict[str, Any]
    notes: list[str] = Field(default_factory=list)

    def most_likely(self) -> str:
        return max(self.outcomes, key=lambda k: self.outcomes[k])


# The timings reported, with the field of ``Draws`` each comes from and its unit.
TIMINGS = {
    "decision_hours": ("decision_hours", "hours"),
    "first_troops_hours": ("first_hours", "hours"),
    "full_deployment_hours": ("full_hours", "hours"),
    "mission_days": ("mission_days", "days"),
    "withdrawn_by_days": ("end_days", "days"),
}
ASSISTED = OUTCOMES.index(CrisisOutcome.ASSISTANCE)


@dataclass(frozen=True)
class Kept:
    """What one chunk leaves for the report, each array a copy of its own (no view into the chunk).

    ``timings``: the finite values of each timing, in draw order (``Distribution.of`` reads only
    those); ``troops``: the rows (draws x members) of the draws that ended in assistance, the only
    ones the report reads and the only ones that can hold troops.
    """

    outcomes: NDArray[np.int64]
    timings: dict[str, NDArray[np.float32]]
    troops: NDArray[np.int32]

    @classmethod
    def of(cls, draws: Draws) -> Kept:
        def finite(values: NDArray[np.float32]) -> NDArray[np.float32]:
            return values[np.isfinite(values)]  # boolean indexing copies

        return cls(
            outcomes=np.bincount(draws.outcome, minlength=len(OUTCOMES)).astype(np.int64),
            timings={name: finite(getattr(draws, field)) for name, (field, _) in TIMINGS.items()},
            troops=draws.troops[draws.outcome == ASSISTED],
        )

    @property
    def nbytes(self) -> int:
        return self.outcomes.nbytes + self.troops.nbytes + sum(v.nbytes for v in self.timings.values())


class Collector:
    """Accumulates chunks of draws for one prepared scenario."""

    def __init__(self, prep: Prepared):
        self.prep = prep
        self.chunks: list[Kept] = []
        self.paths: Counter[tuple[int, ...]] = Counter()
        self.runs = 0

    def add(self, draws: Draws) -> None:
        keys = np.column_stack(
            [
                draws.outcome.astype(np.int64),
                draws.steps.astype(np.int64),
                draws.blockers,
                draws.contributors,
                draws.airspace,
            ]
        )
        for row, count in _count_rows(keys, self._widths()):
            self.paths[row] += count
        self.runs += len(draws.outcome)
        self.chunks.append(Kept.of(draws))

    def _widths(self) -> list[int]:
        """Bits needed by each column of a path key (to pack a key into one integer)."""
        rungs, n, k = len(self.prep.rungs), self.prep.n, len(self.prep.transit.permitters)
        return [2, *([4] * rungs), *([n] * rungs), n, max(k, 1)]

    @property
    def nbytes(self) -> int:
        """Bytes of the arrays kept so far (the path counts aside)."""
        return sum(c.nbytes for c in self.chunks)

    def result(self, seed: int | None, procedure: str, top: int = 5) -> SimulationResult:
        prep, runs = self.prep, self.runs
        if runs == 0:
            raise ValueError("no draws were run")
        counts = np.sum([c.outcomes for c in self.chunks], axis=0)
        probs = {o.value: float(c / runs) for o, c in zip(OUTCOMES, counts, strict=True)}
        stderr = {k: math.sqrt(p * (1 - p) / runs) for k, p in probs.items()}
        timings = {
            name: Distribution.of(np.concatenate([c.timings[name] for c in self.chunks]), runs, unit)
            for name, (_, unit) in TIMINGS.items()
        }
        # Totals per assistance draw: exact integer sums, as float64 (the values the report summarizes).
        totals = np.concatenate([c.troops.sum(axis=1) for c in self.chunks]).astype(np.float64)
        return SimulationResult(
            scenario=_scenario_summary(prep),
            runs=runs,
            seed=seed,
            procedure=prep.rungs[0].decider.procedure.name if prep.rungs else "",
            outcomes=probs,
            stderr=stderr,
            timings=timings,
            troops=_troop_stats(prep, [c.troops for c in self.chunks]),
            total_troops=Distribution.of(totals, runs, "persons"),
            paths=self._paths(top),
            stages=self._stages(probs),
            notes=list(prep.notes),
        )

    def _stages(self, given_request: dict[str, float]) -> dict[str, Any]:
        stages = describe_stages(self.prep)
        if self.prep.request is not None:
            stages["request"] = self.prep.request.describe(given_request)
        return stages

    def _paths(self, top: int) -> dict[str, list[PathView]]:
        grouped: dict[str, list[PathView]] = {o.value: [] for o in OUTCOMES}
        for key, count in self.paths.most_common():
            outcome = OUTCOMES[key[0]].value
            if len(grouped[outcome]) >= top:
                continue
            grouped[outcome].append(
                PathView(outcome=outcome, probability=count / self.runs, count=count, steps=path_steps(self.prep, key))
            )
        return grouped


def _count_rows(keys: NDArray[np.int64], widths: list[int]) -> list[tuple[tuple[int, ...], int]]:
    """Distinct rows of ``keys`` with their counts; rows are packed into one int64 when they fit."""
    if sum(widths) > 62:
        unique, counts = np.unique(keys, axis=0, return_counts=True)
        return [(tuple(r), c) for r, c in zip(unique.tolist(), counts.tolist(), strict=True)]
    shifts = np.cumsum([0, *widths[:-1]]).astype(np.int64)
    packed = (keys << shifts[None, :]).sum(axis=1)
    unique, counts = np.unique(packed, return_counts=True)
    masks = (np.int64(1) << np.array(widths, dtype=np.int64)) - 1
    rows = (unique[:, None] >> shifts[None, :]) & masks[None, :]
    return [(tuple(r), c) for r, c in zip(rows.tolist(), counts.tolist(), strict=True)]


def _scenario_summary(prep: Prepared) -> dict[str, Any]:
    s = prep.scenario
    return {
        "name": s.name,
        "title": s.title,
        "date": s.date.isoformat(),
        "requester": s.requester,
        "kind": s.kind.value,
        "adversary": s.adversary.label if s.adversary else None,
        "place": s.place.name,
        "severity": s.severity,
        "basis": s.basis.value,
        "reform": s.reform,
    }


def _troop_stats(prep: Prepared, parts: list[NDArray[np.int32]]) -> list[TroopStats]:
    """Per member, over the assistance draws (``parts``: their troops, chunk by chunk, draws x members).

    One member's column is gathered at a time, so no copy of the whole table is ever made.
    """
    stats = []
    for j, (state, name) in enumerate(zip(prep.members, prep.names, strict=True)):
        column = np.concatenate([p[:, j] for p in parts]) if parts else np.zeros(0, dtype=np.int32)
        sent = column[column > 0]
        stats.append(
            TroopStats(
                state=state,
                name=name,
                declared=int(prep.contingents[j]),
                p_contributes=float(sent.size / column.size) if column.size else 0.0,
                mean=float(sent.mean()) if sent.size else None,
                p50=float(np.median(sent)) if sent.size else None,
                p95=float(np.percentile(sent, 95)) if sent.size else None,
            )
        )
    return stats


def _names(prep: Prepared, mask: int) -> str:
    return ", ".join(n for j, n in enumerate(prep.names) if mask >> j & 1) or "none"


def path_steps(prep: Prepared, key: tuple[int, ...]) -> list[str]:
    """The named stages of one path: each measure tried, forces and transit, then the outcome."""
    rungs = len(prep.rungs)
    outcome, steps, blockers = key[0], key[1 : 1 + rungs], key[1 + rungs : 1 + 2 * rungs]
    contributors, airspace = key[1 + 2 * rungs], key[2 + 2 * rungs]
    lines = []
    for rung, step, blocked in zip(prep.rungs, steps, blockers, strict=True):
        label = MEASURE_LABEL[rung.measure]
        body = f" ({rung.view.body})" if rung.view.body else ""
        text = {
            Step.INADMISSIBLE: f"{label}: not admissible — {rung.view.reason}",
            Step.BLOCKED: f"{label}{body}: blocked by {_names(prep, blocked)}",
            Step.INVALID: f"{label}{body}: invalid as put",
            Step.ADOPTED: f"{label}{body}: adopted by consensus",
            Step.ADOPTED_LIMITED: f"{label}{body}: adopted in limited format",
            Step.EFFECTIVE: f"{label}: held as of right, no vote needed",
            Step.NO_FORCES: f"{label}{body}: adopted, but no supporting member has a declared contingent",
            Step.NO_ROUTE: f"{label}{body}: adopted, but no contingent can get there (transit refused)",
        }.get(Step(step))
        if text is None:
            continue
        lines.append(text)
        if rung.measure is Measure.ASSISTANCE and step in (Step.ADOPTED, Step.ADOPTED_LIMITED, Step.EFFECTIVE):
            lines.append(f"forces sent by: {_names(prep, contributors)}")
            permitters = [p for k, p in enumerate(prep.transit.permitters) if airspace >> k & 1]
            lines.append(
                f"transit with permission of: {', '.join(permitters)}" if permitters else "transit: members only"
            )
    lines.append(f"outcome: {OUTCOME_LABEL[OUTCOMES[outcome].value]}")
    return lines
