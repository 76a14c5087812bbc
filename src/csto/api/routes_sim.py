"""REST routes over the simulator: scenarios, simulation runs (bounded) and the backtest."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from csto.api.deps import KB
from csto.api.errors import COMMON_ERRORS, ApiError
from csto.rules import RulesError, get_reform
from csto.sim import (
    BacktestReport,
    Scenario,
    SimulationError,
    SimulationResult,
    backtest,
    find_scenario,
    list_scenarios,
    load_scenario,
    simulate,
)
from csto.store import KnowledgeBase

router = APIRouter(prefix="/api", responses=COMMON_ERRORS, tags=["simulator"])

MAX_API_RUNS = 200_000


class SimulationRequest(BaseModel):
    scenario: str = Field(max_length=120, examples=["kazakhstan-2022-01"])
    runs: int = Field(default=20_000, ge=1, le=MAX_API_RUNS)
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1)
    reform: str | None = Field(default=None, max_length=60)


def scenario_for(name: str, reform: str | None = None) -> Scenario:
    """A shipped scenario by name, optionally under a reform; unknown names are a 404."""
    try:
        scenario = load_scenario(find_scenario(name))
    except SimulationError as error:
        raise ApiError(404, "unknown_scenario", str(error)) from None
    if not reform:
        return scenario
    try:
        get_reform(reform)
    except RulesError as error:
        raise ApiError(404, "unknown_reform", str(error)) from None
    return scenario.with_reform(reform)


def run_simulation(kb: KnowledgeBase, request: SimulationRequest, progress: Any = None) -> SimulationResult:
    scenario = scenario_for(request.scenario, request.reform)
    try:
        return simulate(kb, scenario, request.runs, seed=request.seed, progress=progress)
    except (SimulationError, RulesError) as error:
        raise ApiError(400, "bad_simulation", str(error)) from None


@router.get("/scenarios")
def scenarios() -> JSONResponse:
    """The shipped scenarios, historical and hypothetical."""
    return JSONResponse([
        {"name": s.name, "title": s.title, "date": s.date.isoformat(), "requester": s.requester,
         "kind": s.kind.value, "historical": s.historical, "reform": s.reform}
        for s in list_scenarios()
    ])  # fmt: skip


@router.post("/simulate", response_model=SimulationResult)
def run(kb: KB, request: SimulationRequest) -> Response:
    """Run a scenario (at most 200,000 draws here; the CLI has no such cap). Computes, stores nothing."""
    return Response(run_simulation(kb, request).model_dump_json(), media_type="application/json")


@lru_cache(maxsize=8)
def cached_backtest(kb: KnowledgeBase, runs: int, seed: int) -> BacktestReport:
    return backtest(kb, list_scenarios(historical=True), runs=runs, seed=seed)


@router.get("/backtest", response_model=BacktestReport)
def backtest_table(
    kb: KB,
    runs: Annotated[int, Query(ge=100, le=50_000)] = 20_000,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 2024,
) -> Response:
    """Every historical scenario: predicted against actual outcome, and the log score."""
    return Response(cached_backtest(kb, runs, seed).model_dump_json(), media_type="application/json")
