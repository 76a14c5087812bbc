"""The vectorized Monte Carlo: all draws of a chunk computed together as arrays (draws x members).

One ``numpy.random.Generator`` (owned by the caller) feeds every random number, drawn in a fixed
order that depends only on the seed and the scenario, so a seed reproduces a run exactly. The
procedure is consulted once per distinct stance pattern (``PatternDecider``), never per draw.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from csto.sim.prepare import Prepared
from csto.sim.procedure import PatternDecider
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


class Rulings:
    """One decider's answers as two lookup tables indexed by stance pattern, filled as patterns appear.

    ``PatternDecider.decide`` finds the distinct patterns of every call and asks its cache for each
    in a Python loop; the kernel asks only for patterns it has not met before and otherwise reads
    the verdicts and blocking members of all draws with one gather each. Same answers: the rulings
    are the decider's own (``PatternDecider.ruling``, which caches them).
    """

    def __init__(self, decider: PatternDecider):
        self.owner = weakref.ref(decider)  # the tables must not keep their decider alive
        n = len(decider.members)
        self.weights = np.int64(1) << (2 * np.arange(n, dtype=np.int64))  # the decider's encoding
        self.dense = n <= 9  # 4**9 patterns: 262,144 entries, 2.6 MiB of tables at most
        size = 4**n if self.dense else 0
        self.known = np.zeros(size, dtype=bool)
        self.verdicts = np.zeros(size, dtype=np.int8)
        self.blockers = np.zeros(size, dtype=np.int64)
        self.lock = threading.Lock()

    def decide(self, decider: PatternDecider, codes: NDArray[np.int64]) -> tuple[NDArray[np.int8], NDArray[np.int64]]:
        """Verdict and bitmask of blocking members of each encoded pattern (``decider`` the owner)."""
        if not self.dense:
            return _decide_sparse(decider, codes)
        new = codes[~self.known[codes]]
        if new.size:
            with self.lock:
                for code in np.unique(new).tolist():
                    ruling = decider.ruling(int(code))
                    self.verdicts[code] = int(ruling.verdict)
                    self.blockers[code] = decider.mask(ruling.blockers)
                    self.known[code] = True
        return self.verdicts[codes], self.blockers[codes]


def _decide_sparse(decider: PatternDecider, codes: NDArray[np.int64]) -> tuple[NDArray[np.int8], NDArray[np.int64]]:
    unique, inverse = np.unique(codes, return_inverse=True)
    verdicts = np.empty(unique.size, dtype=np.int8)
    blockers = np.empty(unique.size, dtype=np.int64)
    for index, code in enumerate(unique.tolist()):
        ruling = decider.ruling(int(code))
        verdicts[index] = int(ruling.verdict)
        blockers[index] = decider.mask(ruling.blockers)
    return verdicts[inverse], blockers[inverse]


_RULINGS: dict[int, Rulings] = {}
_RULINGS_LOCK = threading.Lock()


def rulings_of(decider: PatternDecider) -> Rulings:
    """The lookup tables of ``decider``, kept while it lives."""
    found = _RULINGS.get(id(decider))
    if found is not None and found.owner() is decider:
        return found
    with _RULINGS_LOCK:
        found = _RULINGS.get(id(decider))
        if found is None or found.owner() is not decider:
            found = Rulings(decider)
            _RULINGS[id(decider)] = found
            weakref.finalize(decider, _RULINGS.pop, id(decider), None)
        return found


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
    free = np.flatnonzero(fixed < 0)
    held = np.flatnonzero(fixed >= 0)
    idx = np.arange(draws)
    won_rung = np.full(draws, -1, dtype=np.int64)
    for r, rung in enumerate(prep.rungs):
        if idx.size == 0:
            break
        if not rung.view.admissible:
            out.steps[idx, r] = Step.INADMISSIBLE
            continue
        margin = (util if idx.size == draws else util[idx]) - rung.cost[None, :]
        stances = (margin <= 0).view(np.int8) + (margin < -prep.band).view(np.int8)
        stances[:, held] = fixed[held]
        rulings = rulings_of(rung.decider)
        held_code = int(fixed[held].astype(np.int64) @ rulings.weights[held])
        codes = stances[:, free].astype(np.int64) @ rulings.weights[free] + held_code
        verdicts, blockers = rulings.decide(rung.decider, codes)
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
        idx = idx[~success]
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
    counts = supporters.sum(axis=1)  # True cells are taken member by member, as boolean indexing orders them
    troops[supporters] = np.rint(np.repeat(prep.contingents, counts) * rng.beta(a, b, size=int(counts.sum())))
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
    arrived_ok = arrived[:, ok]
    n = prep.n
    out.troops[won] = arrived_ok.T
    out.contributors[won] = (np.int64(1) << np.arange(n, dtype=np.int64)) @ sub.astype(np.int64)
    # Per contributing member, the permissions and the air legs of the route it took (a member
    # that contributes nowhere adds nothing: its arrived troops are all zero).
    airspace = np.zeros(won.size, dtype=np.int64)
    airlifted = np.zeros(won.size, dtype=np.int64)
    for i in np.flatnonzero(sub.any(axis=1)):
        picked = chosen[i, ok]
        airspace |= np.where(sub[i], plan.needs_bits[i][picked], 0)
        airlifted += arrived_ok[i] * plan.air[i][picked]
    out.airspace[won] = airspace
    ready = np.zeros(sub.shape)
    per_member = sub.sum(axis=1)
    median = np.repeat(prep.readiness_median, per_member)
    sigma = np.repeat(prep.readiness_sigma, per_member)
    ready[sub] = median * np.exp(sigma * rng.standard_normal(median.size))
    arrival = travel[:, ok] + ready
    out.first_hours[won] = np.where(sub, arrival, np.inf).min(axis=0)
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
