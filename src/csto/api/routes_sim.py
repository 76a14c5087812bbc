"""REST routes over the simulator: scenarios by name, bounded simulation runs and the backtest.

Scenarios are looked up by name in the registry built when the server started; no request can
name a file. Simulations and backtests run in the heavy-work pool (``csto.api.heavy``): POST only,
capped in draws (lower without a token), rate-limited for anonymous callers, cached by their
inputs and the store's revision. ``GET /api/backtest`` serves the default backtest, computed at
most once per revision of the store.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from csto.api.deps import Caller, client_address, state
from csto.api.errors import COMMON_ERRORS, HEAVY_ERRORS, ApiError
from csto.api.heavy import job_backtest, job_simulate, store_revision
from csto.rules import RulesError, get_reform
from csto.sim import BacktestReport, SimulationResult, UnknownScenarioError

router = APIRouter(prefix="/api", responses=COMMON_ERRORS, tags=["simulator"])

MAX_API_RUNS = 200_000
BACKTEST_RUNS, BACKTEST_SEED = 20_000, 2024


class SimulationRequest(BaseModel):
    scenario: str = Field(max_length=80, examples=["kazakhstan-2022-01"], description="A scenario's name")
    runs: int = Field(default=20_000, ge=1, le=MAX_API_RUNS)
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1, description="Fixes every draw; random if omitted")
    reform: str | None = Field(default=None, max_length=60)


class BacktestRequest(BaseModel):
    runs: int = Field(default=BACKTEST_RUNS, ge=100, le=50_000, description="Draws per historical case")
    seed: int = Field(default=BACKTEST_SEED, ge=0, le=2**32 - 1)


def checked_scenario(request: Request, name: str, reform: str | None) -> None:
    """404 unless ``name`` is a registered scenario and ``reform`` (if any) a known reform."""
    try:
        state(request).scenarios.get(name)
    except UnknownScenarioError as error:
        raise ApiError(404, "unknown_scenario", str(error)) from None
    if reform:
        try:
            get_reform(reform)
        except RulesError as error:
            raise ApiError(404, "unknown_reform", str(error)) from None


async def run_simulation(
    request: Request, job: SimulationRequest, owner: str | None, job_id: str | None = None
) -> SimulationResult:
    """A simulation through the pool, after every check; the page's stream passes its ``job_id``."""
    api = state(request)
    checked_scenario(request, job.scenario, job.reform)
    api.heavy.check_runs(job.runs, authenticated=owner is not None)
    seed = job.seed if job.seed is not None else secrets.randbelow(2**32)
    revision = store_revision(api.kb.engine)
    key = ("simulate", job.scenario, job.reform, job.runs, seed, revision) if job.seed is not None else None
    client = None if owner else client_address(request)
    result: SimulationResult = await api.heavy.run(
        key, client, job_simulate, revision, job_id or secrets.token_hex(8), job.scenario, job.reform, job.runs, seed
    )
    return result


async def default_backtest(request: Request) -> BacktestReport:
    """The backtest with the default draws and seed: computed once per store revision, for everyone."""
    api = state(request)
    revision = store_revision(api.kb.engine)
    key = ("backtest", BACKTEST_RUNS, BACKTEST_SEED, revision)
    report: BacktestReport = await api.heavy.run(key, None, job_backtest, revision, BACKTEST_RUNS, BACKTEST_SEED)
    return report


@router.get("/scenarios")
def scenarios(request: Request) -> JSONResponse:
    """The registered scenarios (shipped, and any folder the operator added), historical and hypothetical."""
    return JSONResponse([
        {"name": s.name, "title": s.title, "date": s.date.isoformat(), "requester": s.requester,
         "kind": s.kind.value, "historical": s.historical, "reform": s.reform}
        for s in state(request).scenarios.all()
    ])  # fmt: skip


@router.get("/scenarios/{name}")
def scenario(request: Request, name: Annotated[str, Path(max_length=80)]) -> Response:
    """One registered scenario as it is defined: date, requester, kind, place, basis, history."""
    try:
        found = state(request).scenarios.get(name)
    except UnknownScenarioError as error:
        raise ApiError(404, "unknown_scenario", str(error)) from None
    return Response(found.model_dump_json(), media_type="application/json")


@router.post("/simulate", response_model=SimulationResult, responses=HEAVY_ERRORS)
async def run(request: Request, caller: Caller, job: SimulationRequest) -> Response:
    """Run a scenario in the bounded pool (at most 20,000 draws without a token, 200,000 with one)."""
    result = await run_simulation(request, job, caller)
    return Response(result.model_dump_json(), media_type="application/json")


@router.get("/backtest", response_model=BacktestReport, responses=HEAVY_ERRORS)
async def backtest_table(request: Request) -> Response:
    """Every historical scenario with the default draws and seed: predicted against actual outcome."""
    return Response((await default_backtest(request)).model_dump_json(), media_type="application/json")


@router.post("/backtest", response_model=BacktestReport, responses=HEAVY_ERRORS)
async def backtest_custom(
    request: Request, caller: Caller, job: Annotated[BacktestRequest | None, Body()] = None
) -> Response:
    """The backtest with other draws or another seed (bounded like a simulation)."""
    job = job or BacktestRequest()
    api = state(request)
    api.heavy.check_runs(job.runs, authenticated=caller is not None)
    revision = store_revision(api.kb.engine)
    key: Any = ("backtest", job.runs, job.seed, revision)
    client = None if caller else client_address(request)
    report: BacktestReport = await api.heavy.run(key, client, job_backtest, revision, job.runs, job.seed)
    return Response(report.model_dump_json(), media_type="application/json")
