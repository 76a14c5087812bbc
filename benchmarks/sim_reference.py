"""The reference implementation of csto.sim's Monte Carlo: one draw at a time, in plain Python.

It follows the same model as ``csto.sim.kernel`` step by step (stances, the decision for each
measure of the ladder, contingents, transit permissions and routes, timings), on the same
prepared scenario, with Python's ``random`` module instead of NumPy arrays. Its draws differ from
the vectorized ones, but for the same settings its distributions must agree within sampling error
(tests/sim/test_reference.py), and benchmarks/simulate.py times both.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from csto.sim.kernel import OUTCOME_INDEX
from csto.sim.prepare import Prepared
from csto.sim.procedure import Stance
from csto.sim.scenario import OUTCOME_OF_MEASURE, Measure
from csto.vocabulary import Verdict


@dataclass
class ReferenceDraws:
    """Per-draw results, as plain lists."""

    outcome: list[int] = field(default_factory=list)
    decision_hours: list[float] = field(default_factory=list)
    first_hours: list[float] = field(default_factory=list)
    full_hours: list[float] = field(default_factory=list)
    mission_days: list[float] = field(default_factory=list)
    end_days: list[float] = field(default_factory=list)
    troops: list[list[int]] = field(default_factory=list)


def _logistic(rnd: random.Random) -> float:
    u = rnd.random()
    while u == 0.0:
        u = rnd.random()
    return math.log(u / (1.0 - u))


def simulate_reference(prep: Prepared, draws: int, seed: int | None = None, memo: bool = False) -> ReferenceDraws:
    """Run ``draws`` draws of ``prep``, one after the other.

    Each draw asks the decision procedure (the rules engine) about its own stance pattern; with
    ``memo`` the answers are cached by pattern, as the vectorized simulator does.
    """
    rnd = random.Random(seed)
    out = ReferenceDraws()
    n = prep.n
    plan = prep.transit
    a = prep.share_mean * prep.share_concentration
    b = (1.0 - prep.share_mean) * prep.share_concentration
    fixed = [int(v) for v in prep.fixed_stances()]
    base = [float(v) for v in prep.base]
    contingents = [int(v) for v in prep.contingents]
    for _ in range(draws):
        eps = [_logistic(rnd) for _ in range(n)]
        share = [rnd.betavariate(a, b) for _ in range(n)]
        z_ready = [rnd.gauss(0.0, 1.0) for _ in range(n)]
        granted = [rnd.random() < p for p in plan.probability]
        z_decision, z_mission, z_withdrawal = rnd.gauss(0.0, 1.0), rnd.gauss(0.0, 1.0), rnd.gauss(0.0, 1.0)
        outcome, decision, first, full, mission, end = 0, math.nan, math.nan, math.nan, math.nan, math.nan
        troops_sent = [0] * n
        for rung in prep.rungs:
            if not rung.view.admissible:
                continue
            code = 0
            stances = []
            for j in range(n):
                if fixed[j] >= 0:
                    stance = fixed[j]
                else:
                    margin = base[j] + eps[j] - float(rung.cost[j])
                    stance = 0 if margin > 0 else (2 if margin < -prep.band else 1)
                stances.append(stance)
                code += stance << (2 * j)
            if memo:
                ruling = rung.decider.ruling(code)
            else:
                positions = {m: Stance(st) for m, st in zip(prep.members, stances, strict=True)}
                ruling = rung.decider.procedure.decide(rung.decider.request, rung.view, positions)
            adopted = ruling.verdict <= Verdict.EFFECTIVE
            if not adopted:
                continue
            if rung.measure is Measure.ASSISTANCE:
                arrivals = []
                air_troops = 0
                for j in range(n):
                    if stances[j] != Stance.SUPPORT or contingents[j] <= 0 or j == prep.requester:
                        continue
                    sent = round(contingents[j] * share[j])
                    best, best_route = math.inf, -1
                    for r, hours in enumerate(plan.hours[j]):
                        needs = [k for k in range(len(plan.permitters)) if plan.needs[j, r, k]]
                        if math.isfinite(hours) and all(granted[k] for k in needs) and hours < best:
                            best, best_route = float(hours), r
                    if sent > 0 and best_route >= 0:
                        troops_sent[j] = sent
                        ready = prep.readiness_median[j] * math.exp(prep.readiness_sigma[j] * z_ready[j])
                        arrivals.append(best + ready)
                        air_troops += sent if plan.air[j, best_route] else 0
                if not arrivals:
                    troops_sent = [0] * n
                    continue
                decision = rung.decision_median * math.exp(rung.decision_sigma * z_decision)
                first = decision + min(arrivals)
                full = decision + max(arrivals) + air_troops / prep.throughput
                mission = prep.mission.median * math.exp(prep.mission.sigma * z_mission)
                withdrawal = prep.withdrawal.median * math.exp(prep.withdrawal.sigma * z_withdrawal)
                end = full / 24.0 + mission + withdrawal
            else:
                decision = rung.decision_median * math.exp(rung.decision_sigma * z_decision)
            outcome = OUTCOME_INDEX[OUTCOME_OF_MEASURE[rung.measure]]
            break
        out.outcome.append(outcome)
        out.decision_hours.append(decision)
        out.first_hours.append(first)
        out.full_hours.append(full)
        out.mission_days.append(mission)
        out.end_days.append(end)
        out.troops.append(troops_sent)
    return out
