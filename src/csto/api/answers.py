"""Answers more than one face of the server gives, behind the front door (``csto.frontdoor``).

A simulation through the bounded pool, the default backtest, a reform's effect on historical
cases, claims in their context. The API routes and the pages both call these; pages never import
an API route module.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from fastapi import Request
from pydantic import BaseModel, Field

from csto.api.heavy import job_backtest, job_rules_diff, job_simulate, store_revision
from csto.frontdoor import scenario_named
from csto.sim import BacktestReport, SimulationResult
from csto.store import KnowledgeBase
from csto.store.claims import document_texts

if TYPE_CHECKING:
    from csto.api.deps import ApiState

__all__ = [
    "BACKTEST_RUNS",
    "BACKTEST_SEED",
    "MAX_API_RUNS",
    "SimulationRequest",
    "claim_context",
    "client_address",
    "default_backtest",
    "reform_changes",
    "run_simulation",
    "state",
]

MAX_API_RUNS = 200_000
BACKTEST_RUNS, BACKTEST_SEED = 20_000, 2024
CONTEXT_CHARS = 240


def state(request: Request) -> ApiState:
    """The application's shared objects (store, tokens, pool, registry, sessions)."""
    value: ApiState = request.app.state.csto
    return value


def client_address(request: Request) -> str:
    """The address heavy-work limits are counted against (the direct peer; no proxy headers)."""
    return request.client.host if request.client else "unknown"


# -- scenarios and simulations -------------------------------------------------------------------


class SimulationRequest(BaseModel):
    scenario: str = Field(max_length=80, examples=["kazakhstan-2022-01"], description="A scenario's name")
    runs: int = Field(default=20_000, ge=1, le=MAX_API_RUNS)
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1, description="Fixes every draw; random if omitted")
    reform: str | None = Field(default=None, max_length=60)


async def run_simulation(
    request: Request, job: SimulationRequest, owner: str | None, job_id: str | None = None
) -> SimulationResult:
    """A simulation through the pool, after every check; the page's stream passes its ``job_id``."""
    api = state(request)
    scenario_named(api.scenarios, job.scenario, job.reform)
    api.heavy.check_runs(job.runs, authenticated=owner is not None)
    seed = job.seed if job.seed is not None else secrets.randbelow(2**32)
    revision = store_revision(api.kb.engine)
    key = ("simulate", job.scenario, job.reform, job.runs, seed, revision) if job.seed is not None else None
    client = None if owner else client_address(request)
    job_id = job_id or secrets.token_hex(8)
    try:
        result: SimulationResult = await api.heavy.run(
            key, client, job_simulate, revision, job_id, job.scenario, job.reform, job.runs, seed
        )
    finally:
        api.heavy.forget(job_id)  # progress lines that arrive later are dropped by the cap
    return result


async def default_backtest(request: Request) -> BacktestReport:
    """The backtest with the default draws and seed: computed once per store revision, for everyone."""
    api = state(request)
    revision = store_revision(api.kb.engine)
    key = ("backtest", BACKTEST_RUNS, BACKTEST_SEED, revision)
    report: BacktestReport = await api.heavy.run(key, None, job_backtest, revision, BACKTEST_RUNS, BACKTEST_SEED)
    return report


async def reform_changes(request: Request, reform: str) -> dict[str, Any]:
    """The historical cases under a known reform, computed in the pool once per store revision."""
    api = state(request)
    revision = store_revision(api.kb.engine)
    answer: dict[str, Any] = await api.heavy.run(
        ("rules-diff", reform, revision), None, job_rules_diff, revision, reform
    )
    return answer


# -- claims ----------------------------------------------------------------------------------------


def claim_context(kb: KnowledgeBase, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each claim with the text around its sentence, split so a page can highlight the sentence."""
    texts = document_texts(kb.engine, {c["document_id"] for c in claims})
    out = []
    for claim in claims:
        text = texts.get(claim["document_id"], "")
        start, end = (claim["payload"].get("span") or [0, 0])[:2]
        out.append({
            **claim,
            "before": text[max(0, start - CONTEXT_CHARS) : start],
            "sentence": text[start:end],
            "after": text[end : end + CONTEXT_CHARS],
        })  # fmt: skip
    return out
