"""REST routes over the simulator: scenarios by name, bounded simulation runs and the backtest.

Scenarios are looked up by name in the registry built when the server started; no request can
name a file. Simulations and backtests run in the heavy-work pool (``csto.api.heavy``): POST only,
capped in draws (lower without a token), rate-limited for anonymous callers, cached by their
inputs and the store's revision. ``GET /api/backtest`` serves the default backtest, computed at
most once per revision of the store.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from csto.api.answers import (
    BACKTEST_RUNS,
    BACKTEST_SEED,
    SimulationRequest,
    client_address,
    default_backtest,
    run_simulation,
    state,
)
from csto.api.deps import Caller
from csto.api.errors import COMMON_ERRORS, HEAVY_ERRORS
from csto.api.heavy import job_backtest, store_revision
from csto.frontdoor import scenario_named
from csto.sim import BacktestReport, SimulationResult

router = APIRouter(prefix="/api", responses=COMMON_ERRORS, tags=["simulator"])


class BacktestRequest(BaseModel):
    runs: int = Field(default=BACKTEST_RUNS, ge=100, le=50_000, description="Draws per historical case")
    seed: int = Field(default=BACKTEST_SEED, ge=0, le=2**32 - 1)


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
    return Response(scenario_named(state(request).scenarios, name).model_dump_json(), media_type="application/json")


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
