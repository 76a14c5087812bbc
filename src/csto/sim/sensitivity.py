"""How much the backtest depends on each stance coefficient: scale one at a time and re-score.

Not a fit: it reports, for every coefficient of the stance model, the crisis-kind effects and the
measure costs, how many historical cases keep their actual outcome as the most likely one, and
the log score, when that value alone is scaled down and up by a factor.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from pydantic import BaseModel

from csto.sim.backtest import FLOOR, actual_outcome, forecast
from csto.sim.params import Parameters, Value, load_parameters, with_overrides
from csto.sim.prepare import prepare
from csto.sim.rules_adapter import RulesProcedure
from csto.sim.run import Simulator
from csto.sim.scenario import CrisisKind, Measure, Scenario
from csto.sim.world import Organization, organization_at

if TYPE_CHECKING:
    from csto.store import KnowledgeBase


class SensitivityRow(BaseModel):
    parameter: str
    value: float
    scaled: float
    hits: int
    cases: int
    log_score: float


def coefficient_paths(params: Parameters) -> list[str]:
    """The stance model's numeric parameters: coefficients, kind effects, measure costs."""
    paths = [f"stances.model.{name}" for name in type(params.stances.model).model_fields]
    paths += [f"stances.kinds.{kind.value}.effect" for kind in params.stances.kinds]
    paths += [f"stances.measures.{measure.value}" for measure in params.stances.measures]
    return paths


def _value(params: Parameters, path: str) -> float:
    _, group, name, *_ = path.split(".")
    if group == "model":
        item: Value = getattr(params.stances.model, name)
    elif group == "kinds":
        item = params.stances.kinds[CrisisKind(name)].effect
    else:
        item = params.stances.measures[Measure(name)]
    return item.value


def sensitivity(
    kb: KnowledgeBase,
    scenarios: list[Scenario],
    factor: float = 0.5,
    runs: int = 5_000,
    seed: int | None = 2024,
    params: Parameters | None = None,
) -> list[SensitivityRow]:
    """Scale each stance parameter by ``1 - factor`` and ``1 + factor`` and re-run the backtest."""
    params = params or load_parameters()
    recorded = {s.name: actual_outcome(kb, s) for s in scenarios if s.historical}
    actual = {name: a.outcome.value for name, a in recorded.items() if a.recorded}
    cases = [s for s in scenarios if s.name in actual]
    context: dict[str, Organization] = {}
    for s in cases:
        forces = s.forces or params.operations.forces_for_basis.forces[s.basis]
        context[s.name] = organization_at(kb, s.date, forces, s.counterparts)
    procedure = RulesProcedure(kb)
    rows = [_score(cases, context, actual, params, procedure, runs, seed, "baseline", 0.0, 0.0)]
    for path in coefficient_paths(params):
        value = _value(params, path)
        if value == 0:
            continue  # scaling zero changes nothing
        for scale in (1 - factor, 1 + factor):
            changed = with_overrides(params, {path: value * scale})
            rows.append(_score(cases, context, actual, changed, procedure, runs, seed, path, value, value * scale))
    return rows


def _score(
    cases: list[Scenario],
    context: dict[str, Organization],
    actual: dict[str, str],
    params: Parameters,
    procedure: RulesProcedure,
    runs: int,
    seed: int | None,
    path: str,
    value: float,
    scaled: float,
) -> SensitivityRow:
    hits, total = 0, 0.0
    for s in cases:
        result = Simulator(prepare(context[s.name], s, params, procedure), seed).run(runs)
        predicted = forecast(result)
        hits += max(predicted, key=lambda k: predicted[k]) == actual[s.name]
        total += math.log(max(predicted[actual[s.name]], FLOOR))
    return SensitivityRow(parameter=path, value=value, scaled=scaled, hits=hits, cases=len(cases), log_score=total)
