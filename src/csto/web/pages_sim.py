"""The simulator page: pick a scenario and a reform, run it with live progress, see charts and the backtest."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from csto.api.errors import ApiError
from csto.api.routes_sim import MAX_API_RUNS, cached_backtest, scenario_for
from csto.rules import load_reforms
from csto.sim import SimulationResult, Simulator, build, list_scenarios
from csto.web.pages import kb_of, render, templates

router = APIRouter(include_in_schema=False)

TIMING_LABELS = {
    "decision_hours": "decision",
    "first_troops_hours": "first troops",
    "full_deployment_hours": "full deployment",
    "mission_days": "mission length",
    "withdrawn_by_days": "withdrawn by",
}


def _form(scenario: str, reform: str, runs: int, seed: int) -> dict[str, Any]:
    return {"scenario": scenario, "reform": reform, "runs": runs, "seed": seed}


def _context(result: SimulationResult) -> dict[str, Any]:
    timings = [
        (TIMING_LABELS.get(k, k), d.unit, d.p05, d.p25, d.p50, d.p75, d.p95, d.share) for k, d in result.timings.items()
    ]
    return {
        "r": result,
        "timings_hours": [t for t in timings if t[1] == "hours"],
        "timings_days": [t for t in timings if t[1] != "hours"],
    }


Scenario = Annotated[str, Query(max_length=120)]
Reform = Annotated[str, Query(max_length=60)]
Runs = Annotated[int, Query(ge=1, le=MAX_API_RUNS)]
Seed = Annotated[int, Query(ge=0, le=2**32 - 1)]


@router.get("/simulate", response_class=HTMLResponse)
def simulate_page(
    request: Request,
    scenario: Scenario = "kazakhstan-2022-01",
    reform: Reform = "",
    runs: Runs = 20_000,
    seed: Seed = 1,
    run: Annotated[int, Query(ge=0, le=1)] = 0,
) -> HTMLResponse:
    """The scenario form, a result when asked for (rendered on the server), and the backtest table."""
    kb = kb_of(request)
    result, error = None, None
    if run:
        try:
            prepared = build(kb, scenario_for(scenario, reform or None))
            result = Simulator(prepared, seed).run(runs)
        except ApiError as problem:
            error = problem.message
    context = _context(result) if result else {}
    return render(
        request, "simulate.html", "/api/scenarios", scenarios=list_scenarios(), reforms=list(load_reforms()),
        form=_form(scenario, reform, runs, seed), max_runs=MAX_API_RUNS, result=result, error=error,
        backtest=cached_backtest(kb, 20_000, 2024), **context,
    )  # fmt: skip


@router.get("/simulate/stream")
def simulate_stream(
    request: Request, scenario: Scenario, reform: Reform = "", runs: Runs = 20_000, seed: Seed = 1
) -> StreamingResponse:
    """Newline-delimited JSON: progress lines, then the rendered result (one run, one connection)."""
    kb = kb_of(request)
    try:
        prepared = build(kb, scenario_for(scenario, reform or None))
    except ApiError as problem:
        message = problem.message
        return StreamingResponse(iter([json.dumps({"error": message}) + "\n"]), media_type="application/x-ndjson")
    messages: queue.Queue[dict[str, Any]] = queue.Queue()
    chunk = max(1_000, runs // 20)

    def work() -> None:
        done = 0

        def progress(size: int) -> None:
            nonlocal done
            done += size
            messages.put({"done": done, "total": runs})

        try:
            result = Simulator(prepared, seed).run(runs, chunk=chunk, progress=progress)
            template = templates.get_template("_sim_result.html")
            messages.put({"html": template.render(**_context(result)), "outcomes": result.outcomes})
        except Exception as error:  # reported to the page, never a half-written stream
            messages.put({"error": f"simulation failed: {error}"})

    def lines() -> Iterator[str]:
        threading.Thread(target=work, daemon=True).start()
        while True:
            message = messages.get()
            yield json.dumps(message) + "\n"
            if "html" in message or "error" in message:
                return

    return StreamingResponse(lines(), media_type="application/x-ndjson")
