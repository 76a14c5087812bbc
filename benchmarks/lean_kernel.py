"""The simulator's floor: ``simulate_chunk``'s draws and array operations, straight-line and lean.

``lean_chunk`` draws the same random numbers, in the same calls and order, and computes the same
arrays as ``csto.sim.kernel.simulate_chunk`` (``benchmarks/floors.py`` checks every array equal
before timing), written as one function with no abstraction: the procedure's answers are two
lookup tables per rung (verdict and blocking members by stance pattern), filled before timing from
the rulings the decider has cached, instead of a call per distinct pattern.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from csto.sim.kernel import OUTCOME_INDEX, STEP_OF_VERDICT, Draws, Step, simulate_chunk
from csto.sim.prepare import Prepared
from csto.sim.scenario import OUTCOME_OF_MEASURE, Measure

Tables = list[tuple[NDArray[np.int8], NDArray[np.int64]]]


def lookup_tables(prep: Prepared, seeds: list[int], draws: int) -> Tables:
    """Verdict and blockers of every stance pattern the kernel meets with these seeds, per rung."""
    for seed in seeds:  # fills the deciders' caches with every pattern these runs meet
        simulate_chunk(prep, np.random.default_rng(seed), draws)
    tables: Tables = []
    for rung in prep.rungs:
        space = 4**prep.n
        verdicts = np.full(space, -1, dtype=np.int8)
        blockers = np.zeros(space, dtype=np.int64)
        for code, ruling in rung.decider.cache.items():
            verdicts[code] = int(ruling.verdict)
            blockers[code] = rung.decider.mask(ruling.blockers)
        tables.append((verdicts, blockers))
    return tables


def lean_chunk(prep: Prepared, tables: Tables, rng: np.random.Generator, draws: int) -> Draws:
    """``simulate_chunk(prep, rng, draws)``, straight-line."""
    n, rungs, plan = prep.n, prep.rungs, prep.transit
    nan = np.float32(np.nan)
    outcome = np.zeros(draws, dtype=np.int8)
    steps = np.zeros((draws, len(rungs)), dtype=np.int8)
    blockers = np.zeros((draws, len(rungs)), dtype=np.int64)
    contributors = np.zeros(draws, dtype=np.int64)
    airspace = np.zeros(draws, dtype=np.int64)
    decision_hours = np.full(draws, nan, dtype=np.float32)
    first_hours = np.full(draws, nan, dtype=np.float32)
    full_hours = np.full(draws, nan, dtype=np.float32)
    mission_days = np.full(draws, nan, dtype=np.float32)
    end_days = np.full(draws, nan, dtype=np.float32)
    troops_out = np.zeros((draws, n), dtype=np.int32)

    util = prep.base[None, :] + rng.logistic(size=(draws, n))
    fixed = prep.fixed_stances()
    free = np.flatnonzero(fixed < 0)
    held = np.flatnonzero(fixed >= 0)
    weights = np.int64(1) << (2 * np.arange(n, dtype=np.int64))
    held_code = int((fixed[held].astype(np.int64) * weights[held]).sum())
    idx = np.arange(draws)
    won_rung = np.full(draws, -1, dtype=np.int64)
    bit = np.int64(1) << np.arange(n, dtype=np.int64)
    for r, rung in enumerate(rungs):
        if idx.size == 0:
            break
        if not rung.view.admissible:
            steps[idx, r] = Step.INADMISSIBLE
            continue
        margin = (util if idx.size == draws else util[idx]) - rung.cost[None, :]
        stances = (margin <= 0).view(np.int8) + (margin < -prep.band).view(np.int8)
        stances[:, held] = fixed[held]
        codes = stances[:, free].astype(np.int64) @ weights[free] + held_code
        verdict_of, blockers_of = tables[r]
        verdicts = verdict_of[codes]
        blockers[idx, r] = blockers_of[codes]
        adopted = verdicts <= 2
        step = STEP_OF_VERDICT[verdicts]
        success = adopted
        if rung.measure is Measure.ASSISTANCE:
            rows = np.flatnonzero(adopted)
            success = np.zeros(idx.size, dtype=bool)
            if rows.size:
                supporters = (stances[rows].T == 0) & (prep.contingents[:, None] > 0)
                if prep.requester is not None:
                    supporters[prep.requester] = False
                a = prep.share_mean * prep.share_concentration
                b = (1.0 - prep.share_mean) * prep.share_concentration
                troops = np.zeros(supporters.shape, dtype=np.int64)
                counts = supporters.sum(axis=1)
                troops[supporters] = np.rint(
                    np.repeat(prep.contingents, counts) * rng.beta(a, b, size=int(counts.sum()))
                )
                permits = plan.probability.size
                granted = rng.random((permits, rows.size)) < plan.probability[:, None] if permits else None
                travel = np.full(supporters.shape, np.inf)
                chosen = np.zeros(supporters.shape, dtype=np.int64)
                for i in np.flatnonzero(counts):
                    for k in range(len(plan.routes[i]) - 1, -1, -1):
                        need = np.flatnonzero(plan.needs[i, k, :permits])
                        if need.size == 0 or granted is None:
                            travel[i] = plan.hours[i, k]
                            chosen[i] = k
                            continue
                        feasible = granted[need].all(axis=0)
                        travel[i][feasible] = plan.hours[i, k]
                        chosen[i][feasible] = k
                contributing = (troops > 0) & np.isfinite(travel)
                arrived = troops * contributing
                ok = contributing.any(axis=0)
                step[rows] = np.where(~troops.any(axis=0), Step.NO_FORCES, np.where(~ok, Step.NO_ROUTE, step[rows]))
                success[rows] = ok
                won = idx[rows[ok]]
                sub = contributing[:, ok]
                arrived_ok = arrived[:, ok]
                troops_out[won] = arrived_ok.T
                contributors[won] = bit @ sub.astype(np.int64)
                bits = np.zeros(won.size, dtype=np.int64)
                airlifted = np.zeros(won.size, dtype=np.int64)
                for i in np.flatnonzero(sub.any(axis=1)):
                    picked = chosen[i, ok]
                    bits |= np.where(sub[i], plan.needs_bits[i][picked], 0)
                    airlifted += arrived_ok[i] * plan.air[i][picked]
                airspace[won] = bits
                ready = np.zeros(sub.shape)
                counts_ok = sub.sum(axis=1)
                z = rng.standard_normal(int(counts_ok.sum()))
                ready[sub] = np.repeat(prep.readiness_median, counts_ok) * np.exp(
                    np.repeat(prep.readiness_sigma, counts_ok) * z
                )
                arrival = travel[:, ok] + ready
                first_hours[won] = np.where(sub, arrival, np.inf).min(axis=0)
                full_hours[won] = np.where(sub, arrival, -np.inf).max(axis=0) + airlifted / prep.throughput
        steps[idx, r] = step
        won = idx[success]
        outcome[won] = OUTCOME_INDEX[OUTCOME_OF_MEASURE[rung.measure]]
        won_rung[won] = r
        idx = idx[~success]

    decided = np.flatnonzero(won_rung >= 0)
    if rungs:
        medians = np.array([r.decision_median for r in rungs])
        sigmas = np.array([r.decision_sigma for r in rungs])
        which = won_rung[decided]
        decision_hours[decided] = medians[which] * np.exp(sigmas[which] * rng.standard_normal(decided.size))
    deployed = np.flatnonzero(np.isfinite(first_hours))
    first_hours[deployed] += decision_hours[deployed]
    full_hours[deployed] += decision_hours[deployed]
    mission = prep.mission.median * np.exp(prep.mission.sigma * rng.standard_normal(deployed.size))
    withdrawal = prep.withdrawal.median * np.exp(prep.withdrawal.sigma * rng.standard_normal(deployed.size))
    mission_days[deployed] = mission
    end_days[deployed] = full_hours[deployed] / 24.0 + mission + withdrawal
    return Draws(
        outcome=outcome,
        steps=steps,
        blockers=blockers,
        contributors=contributors,
        airspace=airspace,
        decision_hours=decision_hours,
        first_hours=first_hours,
        full_hours=full_hours,
        mission_days=mission_days,
        end_days=end_days,
        troops=troops_out,
    )


def same_draws(ours: Draws, lean: Draws) -> list[str]:
    """The names of the arrays that differ (NaN equal to NaN)."""
    differ = []
    for name in Draws.__dataclass_fields__:
        a, b = getattr(ours, name), getattr(lean, name)
        if a.dtype != b.dtype or a.shape != b.shape or not np.array_equal(a, b, equal_nan=a.dtype.kind == "f"):
            differ.append(name)
    return differ
