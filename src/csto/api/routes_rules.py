"""REST routes over the rules: provisions, reforms, decisions with their trace, reform diffs, rotation checks."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from csto.api.deps import KB
from csto.api.errors import COMMON_ERRORS, ApiError
from csto.periods import DateError, parse_day
from csto.rules import (
    Decision,
    RulesError,
    RuleSet,
    UnknownProvisionError,
    UnknownReformError,
    check_chairmanship,
    check_secretary_general,
    decide,
    diff_cases,
    get_reform,
    load_reforms,
    load_rules,
)
from csto.rules.views import provision_dict, resolve_names

router = APIRouter(prefix="/api", responses=COMMON_ERRORS, tags=["rules"])

ReformNames = Annotated[list[str] | None, Query(alias="reform", max_length=60, description="Reform; repeatable")]


@cache
def rule_set(reforms: tuple[str, ...] = ()) -> RuleSet:
    """The baseline, or the baseline patched by the named reforms (rule sets are immutable: cached)."""
    rules = load_rules()
    for name in reforms:
        rules = rules.apply(get_reform(name))
    return rules


def _rules(reforms: list[str] | None) -> RuleSet:
    try:
        return rule_set(tuple(reforms or ()))
    except UnknownReformError as error:
        raise ApiError(404, "unknown_reform", str(error)) from None


def _day(value: str | None, name: str) -> date | None:
    try:
        return parse_day(value) if value else None
    except DateError as error:
        raise ApiError(400, "bad_date", f"{name}: {error}") from None


class DecisionRequest(BaseModel):
    """A proposal and the members' positions; membership is read from the store unless given."""

    proposal: dict[str, Any] = Field(examples=[{"kind": "collective_assistance", "date": "2022-01-06",
                                                "body": "CSC", "requester": "kazakhstan", "threat": "armed_attack",
                                                "territory": ["kazakhstan"]}])  # fmt: skip
    positions: dict[str, str] = Field(default_factory=dict, examples=[{"kazakhstan": "supports"}])
    membership: dict[str, str] | None = None
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


@router.get("/rules-diff")
def reform_diff(kb: KB, reform: Annotated[str, Query(max_length=60)]) -> JSONResponse:
    """Which historical cases would have come out differently under a reform."""
    try:
        chosen = get_reform(reform)
    except UnknownReformError as error:
        raise ApiError(404, "unknown_reform", str(error)) from None
    results = diff_cases(chosen, kb, load_rules().earliest)
    return JSONResponse(
        {
            "reform": chosen.name,
            "title": chosen.record.title,
            "changed": sum(bool(r.changes) for r in results),
            "cases": [
                {"case": r.case.id, "before": r.before.outcome.value, "after": r.after.outcome.value,
                 "changes": {k: {"before": b, "after": a} for k, (b, a) in r.changes.items()},
                 "reason_after": r.after.reason}
                for r in results
            ],
        }
    )  # fmt: skip


@router.get("/rules-check")
def rotation_check(
    kb: KB,
    since: Annotated[int, Query(ge=1992, le=2100)] = 2004,
    until: Annotated[int | None, Query(ge=1992, le=2100)] = None,
) -> JSONResponse:
    """The chairmanship and Secretary General derived by the rotation rules, beside the recorded facts."""
    last = until or date.today().year
    if last < since:
        raise ApiError(400, "bad_query", "until must not be before since")
    try:
        checks = check_chairmanship(kb, since, last)
        if last >= max(since, 2015):
            checks += check_secretary_general(kb, max(since, 2015), last)
    except RulesError as error:
        raise ApiError(400, "bad_query", str(error)) from None
    return JSONResponse({"until": last, "years": [c.as_dict() for c in checks]})
