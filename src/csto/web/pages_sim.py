"""The simulator page: pick a scenario and a reform, run it with live progress, see charts and the backtest.

A GET never computes: it shows the form, the default backtest (computed once per store revision)
and a result only if that exact run is already cached. Running is a POST with the page's CSRF
field, through the same bounded pool and caps as the API (``csto.api.routes_sim``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import secrets
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from csto.api.answers import MAX_API_RUNS, SimulationRequest, default_backtest, run_simulation, state
from csto.api.heavy import store_revision
from csto.frontdoor import ApiError, scenario_named
from csto.rules import load_reforms
from csto.sim import SimulationResult
from csto.web.pages import PAGE_ROUTES, error_page, render, templates

router = APIRouter(**PAGE_ROUTES)
log = logging.getLogger("csto.web")

TIMING_LABELS = {
    "decision_hours": "decision",
    "first_troops_hours": "first troops",
    "full_deployment_hours": "full deployment",
    "mission_days": "mission length",
    "withdrawn_by_days": "withdrawn by",
}


AXIS_TITLES = {
    "hours": "hours from the request",
    "days": "days",
}
TOP_PATHS = 5  # a result keeps its 5 most frequent paths per outcome, so these are the 5 most frequent overall


def nice_ticks(top: float, most: int = 6) -> list[float]:
    """Round axis ticks from 0 to at least ``top``: steps of 1, 2 or 5 times a power of ten, at most ``most``."""
    if not top or top <= 0 or not math.isfinite(top):
        return [0.0, 1.0]
    power = 10 ** math.floor(math.log10(top / most))
    step = next(m * power for m in (1, 2, 5, 10, 20, 50) if top / (m * power) <= most)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def timing_chart(items: list[tuple[Any, ...]], unit: str) -> dict[str, Any]:
    """A box-plot group sharing one axis: its rows, unit, axis title, extent and ticks."""
    ticks = nice_ticks(max((row[6] for row in items if row[6] is not None), default=0.0))
    return {"items": items, "unit": unit, "axis": AXIS_TITLES.get(unit, unit), "top": ticks[-1], "ticks": ticks}


def _context(result: SimulationResult) -> dict[str, Any]:
    """What _sim_result.html draws: outcomes and paths most frequent first, timings with their axes."""
    timings = [
        (TIMING_LABELS.get(k, k), d.unit, d.p05, d.p25, d.p50, d.p75, d.p95, d.share) for k, d in result.timings.items()
    ]
    paths = sorted((p for group in result.paths.values() for p in group), key=lambda p: (-p.count, p.outcome))
    return {
        "r": result,
        "outcomes": sorted(result.outcomes.items(), key=lambda item: (-item[1], item[0])),
        "timings_hours": timing_chart([t for t in timings if t[1] == "hours"], "hours"),
        "timings_days": timing_chart([t for t in timings if t[1] != "hours"], "days"),
        "top_paths": paths[:TOP_PATHS],
    }


Scenario = Annotated[str, Query(max_length=80)]
Reform = Annotated[str, Query(max_length=60)]
Runs = Annotated[int, Query(ge=1, le=MAX_API_RUNS)]
Seed = Annotated[int, Query(ge=0, le=2**32 - 1)]


async def _page(
    request: Request,
    form: dict[str, Any],
    result: SimulationResult | None,
    error: str | None,
    twin: str = "/api/scenarios",
) -> HTMLResponse:
    api = state(request)
    owner = api.sessions.owner(request)
    context = _context(result) if result else {}
    return render(
        request, "simulate.html", twin, scenarios=api.scenarios.all(),
        reforms=list(load_reforms()), form=form, max_runs=api.heavy.max_runs(owner is not None), result=result,
        error=error, backtest=await default_backtest(request), **context,
    )  # fmt: skip


@router.get("/simulate", response_class=HTMLResponse)
async def simulate_page(
    request: Request,
    scenario: Scenario = "kazakhstan-2022-01",
    reform: Reform = "",
    runs: Runs = 20_000,
    seed: Seed = 1,
) -> HTMLResponse:
    """The form, the backtest, and the result of this exact run if it was already computed."""
    api = state(request)
    form = {"scenario": scenario, "reform": reform, "runs": runs, "seed": seed}
    try:
        scenario_named(api.scenarios, scenario, reform or None)
    except ApiError as problem:
        return error_page(request, problem.status, problem.message)
    key = ("simulate", scenario, reform or None, runs, seed, store_revision(api.kb.engine))
    return await _page(request, form, api.heavy.cached(key), None, twin=f"/api/scenarios/{scenario}")


async def _job(
    request: Request, scenario: str, reform: str, runs: int, seed: int, csrf: str
) -> tuple[SimulationRequest, str | None]:
    """The simulation asked for by a page form, and who asks (None: anonymous caps)."""
    api = state(request)
    if not api.sessions.csrf_ok(request, csrf):
        raise ApiError(403, "bad_csrf", "the form had expired or came from another site; reload the page and try again")
    job = SimulationRequest(scenario=scenario, reform=reform or None, runs=runs, seed=seed)
    return job, api.sessions.owner(request)


FormScenario = Annotated[str, Form(max_length=80)]
FormReform = Annotated[str, Form(max_length=60)]
FormRuns = Annotated[int, Form(ge=1, le=MAX_API_RUNS)]
FormSeed = Annotated[int, Form(ge=0, le=2**32 - 1)]
FormCsrf = Annotated[str, Form(max_length=100)]


@router.post("/simulate", response_class=HTMLResponse)
async def simulate_run(
    request: Request,
    scenario: FormScenario,
    runs: FormRuns,
    seed: FormSeed,
    csrf: FormCsrf = "",
    reform: FormReform = "",
) -> Response:
    """Run the form's simulation (the page without JavaScript)."""
    form = {"scenario": scenario, "reform": reform, "runs": runs, "seed": seed}
    job, owner = await _job(request, scenario, reform, runs, seed, csrf)
    result = await run_simulation(request, job, owner)
    return await _page(request, form, result, None)


@router.post("/simulate/stream")
async def simulate_stream(
    request: Request,
    scenario: FormScenario,
    runs: FormRuns,
    seed: FormSeed,
    csrf: FormCsrf = "",
    reform: FormReform = "",
) -> StreamingResponse:
    """Newline-delimited JSON: progress lines while the pool runs the job, then the rendered result."""
    job, owner = await _job(request, scenario, reform, runs, seed, csrf)
    heavy = state(request).heavy
    job_id = secrets.token_hex(8)
    task = asyncio.ensure_future(run_simulation(request, job, owner, job_id))

    async def lines() -> AsyncIterator[str]:
        last = None
        while not task.done():
            await asyncio.wait({task}, timeout=0.1)
            progress = heavy.progress(job_id)
            if progress and progress != last:
                last = progress
                yield json.dumps({"done": progress[0], "total": progress[1]}) + "\n"
        try:
            result = task.result()
        except ApiError as problem:
            yield json.dumps({"error": problem.message, "status": problem.status}) + "\n"
            return
        except Exception:  # reported to the page and logged; the stream still ends cleanly
            log.exception("simulation for the page failed")
            yield json.dumps({"error": "the simulation failed; it has been logged", "status": 500}) + "\n"
            return
        html = templates.get_template("_sim_result.html").render(**_context(result))
        yield json.dumps({"html": html, "outcomes": result.outcomes}) + "\n"

    # Refuse at once what would be refused anyway (unknown scenario, too many draws, rate, a full queue).
    await asyncio.wait({task}, timeout=0.05)
    if task.done() and task.exception() is not None:
        raise task.exception()  # type: ignore[misc]
    return StreamingResponse(lines(), media_type="application/x-ndjson")
