"""Backtests: every historical scenario against what the dataset says actually happened.

The actual outcome is read from the events a scenario's ``history`` names, by fixed rules:
collective assistance if a deployment event has a contributing state other than the requester;
consultations or a mission if a body of the Organization met or decided on the request, or an
operation (a mission) was sent; no action otherwise (statements and telephone calls only).
The score is the log of the probability the model gave to what happened (natural log).
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from csto.periods import PartialDate
from csto.sim.errors import ScenarioError
from csto.sim.params import Parameters
from csto.sim.procedure import Procedure
from csto.sim.run import Simulator as _Simulator
from csto.sim.run import build
from csto.sim.scenario import Outcome, Scenario

if TYPE_CHECKING:
    from csto.store import KnowledgeBase
    from csto.store.answers import EventView

FLOOR = 1e-6
MEETINGS = ("decision", "meeting", "summit")


class Actual(BaseModel):
    """What happened, as the dataset records it, and why it counts as that outcome."""

    outcome: Outcome
    reason: str
    events: list[str]
    decision_days: int | None = None
    first_troops_days: int | None = None
    withdrawn_days: int | None = None
    troops: dict[str, int] = Field(default_factory=dict)


class BacktestRow(BaseModel):
    scenario: str
    title: str
    date: str
    actual: Actual
    predicted: dict[str, float]
    most_likely: str
    p_actual: float
    hit: bool
    log_score: float
    predicted_first_troops_hours: float | None = None
    predicted_total_troops: float | None = None


class BacktestReport(BaseModel):
    runs: int
    seed: int | None
    rows: list[BacktestRow]
    log_score: float = Field(description="sum over cases of ln P(actual outcome)")
    mean_log_score: float
    hits: int
    notes: list[str] = Field(default_factory=list)

    @property
    def all_hit(self) -> bool:
        return self.hits == len(self.rows)


def _day(text: str) -> date:
    return PartialDate.parse(text).earliest


def _last_day(event: EventView) -> date:
    return PartialDate.parse(event.end_date or event.date).latest


def actual_outcome(kb: KnowledgeBase, scenario: Scenario) -> Actual:
    """Classify what happened after ``scenario``'s request from the events its history names."""
    from csto.store import UnknownEntityError

    if scenario.history is None:
        raise ScenarioError(scenario.name, [(None, "history", "not a historical scenario (no `history`)")])
    events: list[EventView] = []
    missing = []
    for event_id in scenario.history.events:
        try:
            events.append(kb.event(event_id))
        except UnknownEntityError:
            missing.append(event_id)
    if missing:
        raise ScenarioError(scenario.name, [(None, "history.events", f"not in the dataset: {', '.join(missing)}")])
    ids = [e.id for e in events]
    start = scenario.date
    deployments = [
        e
        for e in events
        if e.type == "deployment"
        and any(
            p.role == "contributor" and p.entity.kind == "state" and p.entity.id != scenario.requester
            for p in e.participants
        )
    ]
    decisions = [e for e in events if e.type in MEETINGS and any(p.entity.kind == "body" for p in e.participants)]
    missions = [e for e in events if any(a.kind == "operation" for a in e.about)]
    decision_days = min(((_day(e.date) - start).days for e in decisions), default=None)
    if deployments:
        troops: dict[str, int] = defaultdict(int)
        for event in deployments:
            for p in event.participants:
                if p.role == "contributor" and p.size and p.entity.id != scenario.requester:
                    troops[p.entity.id] = max(troops[p.entity.id], p.size)
        withdrawals = [e for e in events if e.type == "withdrawal"]
        return Actual(
            outcome=Outcome.ASSISTANCE,
            reason=f"forces deployed ({', '.join(e.id for e in deployments)})",
            events=ids,
            decision_days=decision_days,
            first_troops_days=min((_day(e.date) - start).days for e in deployments),
            withdrawn_days=max(((_last_day(e) - start).days for e in withdrawals), default=None),
            troops=dict(troops),
        )
    if decisions or missions:
        which = decisions + [e for e in missions if e not in decisions]
        return Actual(
            outcome=Outcome.CONSULTATIONS_OR_MISSION,
            reason=f"a body met or decided, or a mission went, without forces ({', '.join(e.id for e in which)})",
            events=ids,
            decision_days=decision_days,
        )
    return Actual(outcome=Outcome.NO_ACTION, reason="no meeting, decision, mission or deployment recorded", events=ids)


def backtest_scenario(
    kb: KnowledgeBase,
    scenario: Scenario,
    runs: int,
    seed: int | None,
    params: Parameters | None = None,
    procedure: Procedure | None = None,
) -> BacktestRow:
    actual = actual_outcome(kb, scenario)
    result = _Simulator(build(kb, scenario, params, procedure), seed).run(runs)
    p_actual = result.outcomes[actual.outcome.value]
    most_likely = result.most_likely()
    return BacktestRow(
        scenario=scenario.name,
        title=scenario.title,
        date=scenario.date.isoformat(),
        actual=actual,
        predicted=result.outcomes,
        most_likely=most_likely,
        p_actual=p_actual,
        hit=most_likely == actual.outcome.value,
        log_score=math.log(max(p_actual, FLOOR)),
        predicted_first_troops_hours=result.timings["first_troops_hours"].p50,
        predicted_total_troops=result.total_troops.p50,
    )


def backtest(
    kb: KnowledgeBase,
    scenarios: list[Scenario],
    runs: int = 20_000,
    seed: int | None = 2024,
    params: Parameters | None = None,
    procedure: Procedure | None = None,
) -> BacktestReport:
    """Run every historical scenario with the given (default) parameters and score the predictions."""
    rows = [backtest_scenario(kb, s, runs, seed, params, procedure) for s in scenarios if s.historical]
    if not rows:
        raise ScenarioError("scenarios", [(None, "", "no historical scenario (with `history`) was found")])
    total = sum(r.log_score for r in rows)
    return BacktestReport(
        runs=runs,
        seed=seed,
        rows=rows,
        log_score=total,
        mean_log_score=total / len(rows),
        hits=sum(r.hit for r in rows),
        notes=[
            "No parameter was fitted to these outcomes; they were set from the cited sources and stated reasoning.",
            "The contingent share at severity 5, mission length and withdrawal time come from Kazakhstan 2022, "
            "so its troop numbers and timings (not its outcome) are in-sample.",
            f"Probabilities below {FLOOR} are floored at {FLOOR} for the log score.",
        ],
    )
