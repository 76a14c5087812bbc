"""The vectorized Monte Carlo: all draws of a chunk computed together as arrays (draws x members).

One ``numpy.random.Generator`` (owned by the caller) feeds every random number, drawn in a fixed
order that depends only on the seed and the scenario, so a seed reproduces a run exactly. The
procedure is consulted once per distinct stance pattern (``PatternDecider``), never per draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from csto.sim.prepare import Prepared
from csto.sim.scenario import OUTCOME_OF_MEASURE, OUTCOMES, Measure
from csto.vocabulary import Verdict


class Step(IntEnum):
    """What happened to one measure of the ladder in one draw."""

    NOT_REACHED = 0
    INADMISSIBLE = 1
    BLOCKED = 2
    INVALID = 3
    ADOPTED = 4
    ADOPTED_LIMITED = 5
    EFFECTIVE = 6
    NO_FORCES = 7
    NO_ROUTE = 8


STEP_OF_VERDICT = np.array(
    [Step.ADOPTED, Step.ADOPTED_LIMITED, Step.EFFECTIVE, Step.BLOCKED, Step.INVALID, Step.INADMISSIBLE], dtype=np.int8
)
assert len(STEP_OF_VERDICT) == len(Verdict)


@dataclass
class Draws:
    """Per-draw results of one chunk. Times are hours (decision, arrival) or days (mission, end)."""

    outcome: NDArray[np.int8]
    steps: NDArray[np.int8]
    blockers: NDArray[np.int64]
    contributors: NDArray[np.int64]
    airspace: NDArray[np.int64]
    decision_hours: NDArray[np.float32]
    first_hours: NDArray[np.float32]
    full_hours: NDArray[np.float32]
    mission_days: NDArray[np.float32]
    end_days: NDArray[np.float32]
    troops: NDArray[np.int32]

    @classmethod
    def empty(cls, draws: int, rungs: int, members: int) -> Draws:
        nan = np.full(draws, np.nan, dtype=np.float32)
        return cls(
            outcome=np.zeros(draws, dtype=np.int8),
            steps=np.zeros((draws, rungs), dtype=np.int8),
            blockers=np.zeros((draws, rungs), dtype=np.int64),
            contributors=np.zeros(draws, dtype=np.int64),
            airspace=np.zeros(draws, dtype=np.int64),
            decision_hours=nan.copy(),
            first_hours=nan.copy(),
            full_hours=nan.copy(),
            mission_days=nan.copy(),
            end_days=nan.copy(),
            troops=np.zeros((draws, members), dtype=np.int32),
        )


OUTCOME_INDEX = {o: i for i, o in enumerate(OUTCOMES)}


def simulate_chunk(prep: Prepared, rng: np.random.Generator, draws: int) -> Draws:
    """Run ``draws`` draws of the prepared scenario at once.

    Random numbers are drawn only where a draw needs them, always in the same order: stance
    noise for every draw and member; then, for the draws that adopt assistance, contingent shares
    (supporting members), transit permissions and readiness (contributors); then decision times
    for every draw that decides something, and mission and withdrawal for every deployment.
    """
    out = Draws.empty(draws, len(prep.rungs), prep.n)
    util = prep.base[None, :] + rng.logistic(size=(draws, prep.n))
    fixed = prep.fixed_stances()
    drawn = fixed < 0
    pending = np.ones(draws, dtype=bool)
    won_rung = np.full(draws, -1, dtype=np.int64)
    for r, rung in enumerate(prep.rungs):
        idx = np.flatnonzero(pending)
        if idx.size == 0:
            break
        if not rung.view.admissible:
            out.steps[idx, r] = Step.INADMISSIBLE
            continue
        margin = util[idx] - rung.cost[None, :]
        stances = (margin <= 0).view(np.int8) + (margin < -prep.band).view(np.int8)
        stances[:, ~drawn] = fixed[~drawn]
        verdicts, blockers = rung.decider.decide(stances)
        adopted = verdicts <= Verdict.EFFECTIVE
        steps = STEP_OF_VERDICT[verdicts]
        if rung.measure is Measure.ASSISTANCE:
            success, steps = _force_and_transit(prep, rng, out, idx, stances, adopted, steps)
        else:
            success = adopted
        out.steps[idx, r] = steps
        out.blockers[idx, r] = blockers
        won = idx[success]
        out.outcome[won] = OUTCOME_INDEX[OUTCOME_OF_MEASURE[rung.measure]]
        won_rung[won] = r
        pending[won] = False
    _timings(prep, rng, out, won_rung)
    return out


def _force_and_transit(
    prep: Prepared,
    rng: np.random.Generator,
    out: Draws,
    idx: NDArray[np.intp],
    stances: NDArray[np.int8],
    adopted: NDArray[np.bool_],
    steps: NDArray[np.int8],
) -> tuple[NDArray[np.bool_], NDArray[np.int8]]:
    """Stages 5 and 6 for the draws that adopted assistance: contingents, routes, arrival.

    Per-member work runs on (members x draws) arrays, one contiguous row per member.
    """
    plan = prep.transit
    rows = np.flatnonzero(adopted)
    success = np.zeros(len(idx), dtype=bool)
    if rows.size == 0:
        return success, steps
    supporters = (stances[rows].T == 0) & (prep.contingents[:, None] > 0)
    if prep.requester is not None:
        supporters[prep.requester] = False
    a = prep.share_mean * prep.share_concentration
    b = (1.0 - prep.share_mean) * prep.share_concentration
    troops = np.zeros(supporters.shape, dtype=np.int64)
    troops[supporters] = np.rint(
        np.broadcast_to(prep.contingents[:, None], supporters.shape)[supporters]
        * rng.beta(a, b, size=int(np.count_nonzero(supporters)))
    )
    granted = (
        (rng.random((plan.probability.size, rows.size)) < plan.probability[:, None]) if plan.probability.size else None
    )
    travel = np.full(supporters.shape, np.inf)
    chosen = np.zeros(supporters.shape, dtype=np.int64)
    for i in np.flatnonzero(supporters.any(axis=1)):
        options = plan.routes[i]
        for r in range(len(options) - 1, -1, -1):
            need = np.flatnonzero(plan.needs[i, r, : plan.probability.size])
            if need.size == 0 or granted is None:
                travel[i] = plan.hours[i, r]
                chosen[i] = r
                continue
            feasible = granted[need].all(axis=0)
            travel[i] = np.where(feasible, plan.hours[i, r], travel[i])
            chosen[i] = np.where(feasible, r, chosen[i])
    contributing = (troops > 0) & np.isfinite(travel)
    arrived = troops * contributing
    has_forces = troops.any(axis=0)
    ok = contributing.any(axis=0)
    steps = steps.copy()
    steps[rows] = np.where(~has_forces, Step.NO_FORCES, np.where(~ok, Step.NO_ROUTE, steps[rows]))
    success[rows] = ok
    won = idx[rows[ok]]
    sub = contributing[:, ok]
    n = prep.n
    out.troops[won] = arrived[:, ok].T
    out.contributors[won] = (np.int64(1) << np.arange(n, dtype=np.int64)) @ sub.astype(np.int64)
    picked = chosen[:, ok]
    bits = np.where(sub, plan.needs_bits[np.arange(n)[:, None], picked], 0)
    out.airspace[won] = np.bitwise_or.reduce(bits, axis=0)
    ready = np.zeros(sub.shape)
    median = np.broadcast_to(prep.readiness_median[:, None], sub.shape)[sub]
    sigma = np.broadcast_to(prep.readiness_sigma[:, None], sub.shape)[sub]
    ready[sub] = median * np.exp(sigma * rng.standard_normal(median.size))
    arrival = travel[:, ok] + ready
    out.first_hours[won] = np.where(sub, arrival, np.inf).min(axis=0)
    air = plan.air[np.arange(n)[:, None], picked] & sub
    airlifted = (arrived[:, ok] * air).sum(axis=0)
    out.full_hours[won] = np.where(sub, arrival, -np.inf).max(axis=0) + airlifted / prep.throughput
    return success, steps


def _timings(prep: Prepared, rng: np.random.Generator, out: Draws, won_rung: NDArray[np.int64]) -> None:
    """Decision times for every draw that decided something; mission and withdrawal for deployments."""
    decided = np.flatnonzero(won_rung >= 0)
    if prep.rungs:
        medians = np.array([r.decision_median for r in prep.rungs])
        sigmas = np.array([r.decision_sigma for r in prep.rungs])
        which = won_rung[decided]
        out.decision_hours[decided] = medians[which] * np.exp(sigmas[which] * rng.standard_normal(decided.size))
    deployed = np.isfinite(out.first_hours)
    count = int(deployed.sum())
    out.first_hours[deployed] += out.decision_hours[deployed]
    out.full_hours[deployed] += out.decision_hours[deployed]
    mission = prep.mission.median * np.exp(prep.mission.sigma * rng.standard_normal(count))
    withdrawal = prep.withdrawal.median * np.exp(prep.withdrawal.sigma * rng.standard_normal(count))
    out.mission_days[deployed] = mission
    out.end_days[deployed] = out.full_hours[deployed] / 24.0 + mission + withdrawal
