"""Backtests: every historical scenario against what the dataset says actually happened.

The actual outcome is read from the dataset's crisis record: the ``crisis_response`` facts
qualified by the crisis's principal event (``history.crisis``). The Organization's responses count
(``forces-deployed`` is collective assistance; ``mission-sent``, ``council-session``,
``consultations`` and ``material-aid`` are consultations or a mission; ``statement`` and
``no-action`` are no action); a crisis whose record holds responses by others only (Russia, the
CIS) is no action by the Organization; a crisis whose record holds no response at all is not
scored. The events the scenario names are classified too, by the older fixed rules (a deployment
with a contributor other than the requester; a body meeting or deciding, or a mission; else
nothing), and a disagreement is reported.

Each case is scored by the log of the probability given to what happened (natural log) and by
the Brier score (sum over the three outcomes of the squared error, 0 best, 2 worst), next to a
uniform forecast and a base-rate forecast computed leave-one-out (the outcome frequencies of the
other scored cases, add-one smoothed), with calibration bins over all forecast probabilities.
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
from csto.sim.scenario import OUTCOMES, Scenario
from csto.vocabulary import CrisisOutcome

if TYPE_CHECKING:
    from csto.sim.results import SimulationResult
    from csto.store import KnowledgeBase
    from csto.store.answers import EventView, FactView

FLOOR = 1e-6
MEETINGS = ("decision", "meeting", "summit")
ORGANIZATION = "csto"
RESPONSE_OUTCOME = {
    "forces-deployed": CrisisOutcome.ASSISTANCE,
    "mission-sent": CrisisOutcome.CONSULTATIONS_OR_MISSION,
    "council-session": CrisisOutcome.CONSULTATIONS_OR_MISSION,
    "consultations": CrisisOutcome.CONSULTATIONS_OR_MISSION,
    "material-aid": CrisisOutcome.CONSULTATIONS_OR_MISSION,
    "statement": CrisisOutcome.NO_ACTION,
    "no-action": CrisisOutcome.NO_ACTION,
}
RANK = {
    o: i
    for i, o in enumerate((CrisisOutcome.NO_ACTION, CrisisOutcome.CONSULTATIONS_OR_MISSION, CrisisOutcome.ASSISTANCE))
}
CALIBRATION_BINS = 5


class Actual(BaseModel):
    """What happened, as the dataset records it, and why it counts as that outcome.

    ``recorded`` is False when the crisis record holds no response at all: the case is then not
    scored, and ``outcome`` is only what the named events would read.
    """

    outcome: CrisisOutcome
    recorded: bool = True
    reason: str
    record: list[str] = Field(default_factory=list, description="the crisis_response facts read")
    from_events: CrisisOutcome | None = None
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
    predicted: dict[str, float] = Field(description="the forecast scored (overall, request stage included)")
    given_request: dict[str, float] = Field(default_factory=dict, description="outcome shares if the member asks")
    p_request: float | None = None
    most_likely: str
    scored: bool = True
    p_actual: float
    hit: bool
    log_score: float
    brier: float
    base_rate: dict[str, float] = Field(default_factory=dict)
    base_rate_log_score: float = 0.0
    base_rate_brier: float = 0.0
    uniform_log_score: float = 0.0
    uniform_brier: float = 0.0
    predicted_first_troops_hours: float | None = None
    predicted_total_troops: float | None = None


class CalibrationBin(BaseModel):
    low: float
    high: float
    count: int
    mean_forecast: float | None
    observed: float | None


class BacktestReport(BaseModel):
    runs: int
    seed: int | None
    rows: list[BacktestRow] = Field(description="the scored cases")
    unscored: list[BacktestRow] = Field(default_factory=list, description="cases whose record holds no response")
    log_score: float = Field(description="sum over scored cases of ln P(actual outcome)")
    mean_log_score: float
    hits: int
    scored: int = 0
    brier: float = Field(0.0, description="mean Brier score over scored cases")
    base_rate_log_score: float = 0.0
    base_rate_brier: float = 0.0
    base_rate_hits: int = 0
    uniform_log_score: float = 0.0
    uniform_brier: float = 0.0
    calibration: list[CalibrationBin] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    prior: str = Field("hand-set", description="where members' alignment came from: hand-set or record")

    @property
    def all_hit(self) -> bool:
        return self.hits == self.scored


def _day(text: str) -> date:
    return PartialDate.parse(text).earliest


def _last_day(event: EventView) -> date:
    return PartialDate.parse(event.end_date or event.date).latest


def crisis_responses(kb: KnowledgeBase, scenario: Scenario) -> list[FactView]:
    """The ``crisis_response`` facts of the scenario's crisis, by any responder (organization or state)."""
    if scenario.history is None or scenario.history.crisis is None:
        return []
    crisis = scenario.history.crisis
    responders = [ORGANIZATION, "cis", scenario.requester]
    responders += [m.state.id for m in kb.members(scenario.date, include_former=True)]
    from csto.store import UnknownEntityError

    found: dict[str, FactView] = {}
    for responder in dict.fromkeys(responders):
        try:
            facts = kb.facts_about(responder)
        except UnknownEntityError:
            continue
        for fact in facts:
            if fact.predicate == "crisis_response" and fact.qualifier == crisis and fact.subject.id == responder:
                found[fact.id] = fact
    return sorted(found.values(), key=lambda f: f.id)


def recorded_request(kb: KnowledgeBase, scenario: Scenario) -> list[FactView]:
    """The undisputed ``crisis_request`` facts of the scenario's crisis for its requester."""
    if scenario.history is None or scenario.history.crisis is None:
        return []
    return [
        f
        for f in kb.facts_about(scenario.requester)
        if f.predicate == "crisis_request"
        and f.qualifier == scenario.history.crisis
        and f.subject.id == scenario.requester
        and f.status != "disputed"
    ]


def actual_outcome(kb: KnowledgeBase, scenario: Scenario) -> Actual:
    """What the Organization did in ``scenario``'s crisis, from the crisis record (or the events)."""
    from_events = _events_outcome(kb, scenario)
    if scenario.history is None or scenario.history.crisis is None:
        return from_events
    responses = crisis_responses(kb, scenario)
    ours = [f for f in responses if f.subject.id == ORGANIZATION]
    base = from_events.model_dump(exclude={"outcome", "reason", "record", "from_events", "recorded"})
    if ours:
        outcome = max((RESPONSE_OUTCOME[str(f.value)] for f in ours), key=RANK.__getitem__)
        kinds = ", ".join(f"{f.value} ({f.id})" for f in ours)
        reason = f"the Organization's recorded responses: {kinds}"
    elif responses:
        outcome = CrisisOutcome.NO_ACTION
        others = ", ".join(f"{f.subject.id}: {f.value} ({f.id})" for f in responses)
        reason = f"no response by the Organization in the record; others responded ({others})"
    else:
        return Actual(
            outcome=from_events.outcome,
            recorded=False,
            reason="the crisis record holds no crisis_response fact: not scored",
            from_events=from_events.outcome,
            **base,
        )
    if from_events.outcome is not outcome:
        reason += f"; the events alone would read {from_events.outcome}"
    return Actual(
        outcome=outcome, reason=reason, record=[f.id for f in responses], from_events=from_events.outcome, **base
    )


def _events_outcome(kb: KnowledgeBase, scenario: Scenario) -> Actual:
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
            outcome=CrisisOutcome.ASSISTANCE,
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
            outcome=CrisisOutcome.CONSULTATIONS_OR_MISSION,
            reason=f"a body met or decided, or a mission went, without forces ({', '.join(e.id for e in which)})",
            events=ids,
            decision_days=decision_days,
        )
    reason = "no meeting, decision, mission or deployment recorded"
    return Actual(outcome=CrisisOutcome.NO_ACTION, reason=reason, events=ids)


def forecast(result: SimulationResult) -> dict[str, float]:
    """The forecast scored: the overall outcome shares (request stage included) where reported."""
    request = result.stages.get("request")
    if isinstance(request, dict) and "overall" in request:
        return {k: float(v) for k, v in request["overall"].items()}
    return dict(result.outcomes)


def brier(probabilities: dict[str, float], actual: str) -> float:
    """Multi-category Brier score: sum over outcomes of (p - [outcome happened])^2, 0 best, 2 worst."""
    return sum((p - (1.0 if k == actual else 0.0)) ** 2 for k, p in probabilities.items())


def backtest_scenario(
    kb: KnowledgeBase,
    scenario: Scenario,
    runs: int,
    seed: int | None,
    params: Parameters | None = None,
    procedure: Procedure | None = None,
    prior: str = "hand-set",
) -> BacktestRow:
    actual = actual_outcome(kb, scenario)
    result = _Simulator(build(kb, scenario, params, procedure, prior), seed).run(runs)
    predicted = forecast(result)
    most_likely = max(predicted, key=lambda k: predicted[k])
    request = result.stages.get("request")
    p_request = float(request["p_request"]) if isinstance(request, dict) and "p_request" in request else None
    p_actual = predicted[actual.outcome.value]
    return BacktestRow(
        scenario=scenario.name,
        title=scenario.title,
        date=scenario.date.isoformat(),
        actual=actual,
        predicted=predicted,
        given_request=dict(result.outcomes),
        p_request=p_request,
        most_likely=most_likely,
        scored=actual.recorded,
        p_actual=p_actual,
        hit=most_likely == actual.outcome.value,
        log_score=math.log(max(p_actual, FLOOR)),
        brier=brier(predicted, actual.outcome.value),
        predicted_first_troops_hours=result.timings["first_troops_hours"].p50,
        predicted_total_troops=result.total_troops.p50,
    )


def _reference_scores(rows: list[BacktestRow]) -> None:
    """Fill in each scored row's uniform and leave-one-out base-rate scores."""
    scored = [r for r in rows if r.scored]
    outcomes = [o.value for o in OUTCOMES]
    uniform = {o: 1.0 / len(outcomes) for o in outcomes}
    for row in scored:
        actual = row.actual.outcome.value
        others = [r.actual.outcome.value for r in scored if r is not row]
        base = {o: (others.count(o) + 1) / (len(others) + len(outcomes)) for o in outcomes}
        row.base_rate = base
        row.base_rate_log_score = math.log(base[actual])
        row.base_rate_brier = brier(base, actual)
        row.uniform_log_score = math.log(uniform[actual])
        row.uniform_brier = brier(uniform, actual)


def calibration(rows: list[BacktestRow], bins: int = CALIBRATION_BINS) -> list[CalibrationBin]:
    """Every (case, outcome) forecast probability, binned: mean forecast against observed frequency."""
    pairs = [(p, 1.0 if k == r.actual.outcome.value else 0.0) for r in rows if r.scored for k, p in r.predicted.items()]
    out = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(p, y) for p, y in pairs if low <= p < high or (b == bins - 1 and p == high)]
        out.append(
            CalibrationBin(
                low=low,
                high=high,
                count=len(inside),
                mean_forecast=sum(p for p, _ in inside) / len(inside) if inside else None,
                observed=sum(y for _, y in inside) / len(inside) if inside else None,
            )
        )
    return out


def backtest(
    kb: KnowledgeBase,
    scenarios: list[Scenario],
    runs: int = 20_000,
    seed: int | None = 2024,
    params: Parameters | None = None,
    procedure: Procedure | None = None,
    fix_requests: bool = True,
    prior: str = "hand-set",
) -> BacktestReport:
    """Run every historical scenario with the given (default) parameters and score the predictions.

    With ``fix_requests`` (the default) a scenario's recorded request fixes the request stage; without
    it every request is modelled, which is the harder, forward-looking test. ``prior`` picks where
    members' alignment comes from (``hand-set``: stances.yaml; ``record``: the alignment index on
    each case's date, from evidence dated before the crisis only).
    """
    cases = [s if fix_requests else s.model_copy(update={"request": None}) for s in scenarios if s.historical]
    every = [backtest_scenario(kb, s, runs, seed, params, procedure, prior) for s in cases]
    rows = [r for r in every if r.scored]
    scored = rows
    if not scored:
        raise ScenarioError("scenarios", [(None, "", "no historical scenario with a recorded outcome was found")])
    _reference_scores(rows)
    n = len(scored)
    total = sum(r.log_score for r in scored)
    return BacktestReport(
        runs=runs,
        seed=seed,
        rows=rows,
        unscored=[r for r in every if not r.scored],
        log_score=total,
        mean_log_score=total / n,
        hits=sum(r.hit for r in scored),
        scored=n,
        brier=sum(r.brier for r in scored) / n,
        base_rate_log_score=sum(r.base_rate_log_score for r in scored),
        base_rate_brier=sum(r.base_rate_brier for r in scored) / n,
        uniform_log_score=sum(r.uniform_log_score for r in scored),
        uniform_brier=sum(r.uniform_brier for r in scored) / n,
        base_rate_hits=sum(max(r.base_rate, key=r.base_rate.__getitem__) == r.actual.outcome.value for r in scored),
        calibration=calibration(rows),
        prior=prior,
        notes=[
            "Actual outcomes are read from the crisis_response facts of each crisis record (crises_more.yaml).",
            "The request-stage and stance values were set from cited sources by someone who knew these outcomes: "
            "this is not an out-of-sample test.",
            "The base rate is computed leave-one-out (the other scored cases' outcome frequencies, add-one smoothed).",
            "The contingent share at severity 5, mission length and withdrawal time come from Kazakhstan 2022, "
            "so its troop numbers and timings (not its outcome) are in-sample.",
            f"Probabilities below {FLOOR} are floored at {FLOOR} for the log score.",
        ],
    )


def compare_priors_markdown(hand: BacktestReport, record: BacktestReport) -> str:
    """The two backtests side by side: P(actual) and ln P per case under each prior, then the totals."""
    by_case = {r.scenario: r for r in record.rows}
    lines = [
        "| case | date | actual | P(actual) hand-set | P(actual) record | ln P hand-set | ln P record | "
        "Brier hand-set | Brier record |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for h in hand.rows:
        r = by_case.get(h.scenario)
        if r is None:
            continue
        lines.append(
            f"| {h.scenario} | {h.date} | {h.actual.outcome.value} | {h.p_actual:.3f} | {r.p_actual:.3f} | "
            f"{h.log_score:.3f} | {r.log_score:.3f} | {h.brier:.3f} | {r.brier:.3f} |"
        )
    lines += [
        "",
        "| prior | cases | hits | log score (sum ln P) | mean ln P | mean Brier |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for report in (hand, record):
        lines.append(
            f"| {report.prior} | {report.scored} | {report.hits} | {report.log_score:.3f} | "
            f"{report.mean_log_score:.3f} | {report.brier:.3f} |"
        )
    better = "record" if record.log_score > hand.log_score else "hand-set"
    lines += [
        "",
        f"Better by log score: **{better}** (difference {abs(record.log_score - hand.log_score):.3f} nats over "
        f"{hand.scored} cases; Brier {hand.brier:.3f} hand-set, {record.brier:.3f} record). The record prior "
        "uses, at each case's date, only evidence dated before it.",
    ]
    return "\n".join(lines)
