"""REST routes over the rules: provisions, reforms, decisions with their trace, reform diffs, rotation checks."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from csto.api.answers import reform_changes
from csto.api.deps import KB, state
from csto.api.errors import COMMON_ERRORS, HEAVY_ERRORS, ApiError
from csto.api.heavy import job_rules_check, store_revision
from csto.frontdoor import resolve_day
from csto.rules import (
    Decision,
    RulesError,
    RuleSet,
    UnknownProvisionError,
    UnknownReformError,
    compose,
    decide,
    get_reform,
    load_reforms,
)
from csto.rules.views import provision_dict, resolve_names
from csto.vocabulary import MEMBER_STATUSES

router = APIRouter(prefix="/api", responses=COMMON_ERRORS, tags=["rules"])

FIRST_YEAR, LAST_YEAR = 1992, 2100
ReformNames = Annotated[list[str] | None, Query(alias="reform", max_length=60, description="Reform; repeatable")]


def _rules(reforms: list[str] | None) -> RuleSet:
    """The baseline, or the baseline patched by the named reforms (``csto.rules.compose``, cached)."""
    try:
        return compose(tuple(reforms or ()))
    except UnknownReformError as error:
        raise ApiError(404, "unknown_reform", str(error)) from None


def _day(value: str | None, name: str) -> date | None:
    return resolve_day(value, name).day if value else None


class DecisionRequest(BaseModel):
    """A proposal and the members' positions; membership is read from the store unless given."""

    proposal: dict[str, Any] = Field(examples=[{"kind": "collective_assistance", "date": "2022-01-06",
                                                "body": "CSC", "requester": "kazakhstan", "threat": "armed_attack",
                                                "territory": ["kazakhstan"]}])  # fmt: skip
    positions: dict[str, str] = Field(default_factory=dict, examples=[{"kazakhstan": "supports"}])
    membership: dict[str, str] | None = Field(
        default=None, description="state -> status, one of: " + ", ".join(s.value for s in MEMBER_STATUSES)
    )
    reforms: list[str] = Field(default_factory=list, max_length=10)


@router.get("/rules")
def provisions(
    as_of: Annotated[str | None, Query(max_length=10, description="Only what is in force on this day")] = None,
    reform: ReformNames = None,
) -> JSONResponse:
    """Every provision with its instrument, article and the dates each version is in force."""
    rules = _rules(reform)
    at = _day(as_of, "as_of")
    items = sorted(rules.provisions.values(), key=lambda p: (p.start or date.min, p.id))
    if at is None:
        return JSONResponse({"rules": rules.name, "provisions": [provision_dict(rules, p) for p in items]})
    shown = [(p, p.at(at)) for p in items]
    return JSONResponse(
        {
            "rules": rules.name,
            "as_of": at.isoformat(),
            "provisions": [provision_dict(rules, p, [v]) for p, v in shown if v is not None],
        }
    )


@router.get("/rules/{provision}")
def explain(provision: str, reform: ReformNames = None) -> JSONResponse:
    """One provision: what it provides, each dated version, its instrument, parameters and sources."""
    rules = _rules(reform)
    try:
        return JSONResponse(provision_dict(rules, rules.provision(provision)))
    except UnknownProvisionError as error:
        raise ApiError(404, "unknown_provision", str(error)) from None


@router.get("/reforms")
def reforms() -> JSONResponse:
    """The shipped reforms: what each changes, who proposed it and where."""
    return JSONResponse([
        {**r.record.model_dump(mode="json", exclude={"changes"}), "changes": len(r.record.changes)}
        for r in load_reforms().values()
    ])  # fmt: skip


@router.post("/decide", response_model=Decision)
def decide_proposal(kb: KB, request: DecisionRequest) -> Response:
    """Decide a proposal: an outcome (adopted, limited format, blocked, invalid) with its article-by-article trace.

    This computes and stores nothing, so it needs no token.
    """
    rules = _rules(request.reforms)
    try:
        proposal, positions = resolve_names(request.proposal, request.positions, kb)
        membership = request.membership if request.membership is not None else kb
        decision = decide(proposal, positions, membership, rules)
    except RulesError as error:
        raise ApiError(400, "bad_proposal", str(error)) from None
    return Response(decision.model_dump_json(), media_type="application/json")


@router.get("/rules-diff", responses=HEAVY_ERRORS)
async def reform_diff(request: Request, reform: Annotated[str, Query(max_length=60)]) -> JSONResponse:
    """Which historical cases would have come out differently under a reform (cached per store revision)."""
    try:
        get_reform(reform)
    except UnknownReformError as error:
        raise ApiError(404, "unknown_reform", str(error)) from None
    return JSONResponse(await reform_changes(request, reform))


@router.get("/rules-check", responses=HEAVY_ERRORS)
async def rotation_check(
    request: Request,
    since: Annotated[int, Query(ge=1992, le=2100)] = 2004,
    until: Annotated[int | None, Query(ge=1992, le=2100)] = None,
) -> JSONResponse:
    """The chairmanship and Secretary General derived by the rotation rules, beside the recorded facts.

    Every year from 1992 to 2100 is checked once per store revision; a request takes its slice.
    """
    last = until or date.today().year
    if last < since:
        raise ApiError(400, "bad_query", "until must not be before since")
    api = state(request)
    revision = store_revision(api.kb.engine)
    key = ("rules-check", FIRST_YEAR, LAST_YEAR, revision)
    try:
        years = await api.heavy.run(key, None, job_rules_check, revision, FIRST_YEAR, LAST_YEAR)
    except RulesError as error:
        raise ApiError(400, "bad_query", str(error)) from None
    chosen = [
        y for y in years if since <= y["year"] <= last and (y["post"] == "chair" or y["year"] >= max(since, 2015))
    ]
    return JSONResponse({"until": last, "years": chosen})
