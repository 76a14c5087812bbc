"""The rules page: provisions in force, and the decision tool with its article-by-article trace."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from csto.api.answers import reform_changes
from csto.frontdoor import ApiError, resolve_day
from csto.periods import DateError, parse_day
from csto.rules import (
    Kind,
    Position,
    RulesError,
    Threat,
    UnknownProvisionError,
    UnknownReformError,
    compose,
    decide,
    get_reform,
    load_reforms,
)
from csto.rules.views import provision_dict, resolve_names
from csto.store import UnknownEntityError
from csto.web.pages import PAGE_ROUTES, error_page, kb_of, render

router = APIRouter(**PAGE_ROUTES)


def _form(request: Request) -> dict[str, Any]:
    q = request.query_params
    return {
        "kind": q.get("kind", "collective_assistance"),
        "date": q.get("date", "2022-01-06"),
        "body": q.get("body", "CSC"),
        "requester": q.get("requester", "kazakhstan"),
        "threat": q.get("threat", "armed_attack"),
        "territory": q.get("territory", "kazakhstan"),
        "un_mandate": q.get("un_mandate") == "1",
        "reform": q.get("reform", ""),
        "positions": {k[4:]: v for k, v in q.items() if k.startswith("pos_") and v},
    }


@router.get("/rules", response_class=HTMLResponse)
def rules_page(
    request: Request,
    as_of: Annotated[str | None, Query(max_length=10)] = None,
    decide_now: Annotated[str | None, Query(alias="decide", max_length=1)] = None,
) -> HTMLResponse:
    """Provisions with their articles and force dates, and a form that decides a proposal."""
    kb = kb_of(request)
    form = _form(request)
    try:
        at = resolve_day(as_of, "as_of").day if as_of else None
    except ApiError as bad_date:
        return error_page(request, bad_date.status, bad_date.message)
    try:
        rules = compose((form["reform"],) if form["reform"] else ())
    except UnknownReformError as unknown:
        return error_page(request, 404, str(unknown))
    items = sorted(rules.provisions.values(), key=lambda p: (p.start or date.min, p.id))
    provisions = [provision_dict(rules, p, None if at is None else [v for v in [p.at(at)] if v]) for p in items]
    decision, failure = None, None
    if decide_now:
        proposal = {k: form[k] for k in ("kind", "date", "body", "requester", "threat") if form[k]}
        proposal |= {"territory": [form["territory"]]} if form["territory"] else {}
        proposal |= {"un_mandate": True} if form["un_mandate"] else {}
        try:
            proposal, positions = resolve_names(proposal, form["positions"], kb)
            decision = decide(proposal, positions, kb, rules)
        except (RulesError, UnknownEntityError, DateError) as problem:
            failure = str(problem)
    try:
        members_at = parse_day(form["date"])
    except DateError:
        members_at = date.today()
    states = sorted((r for r in kb.entities.values() if r.kind == "state"), key=lambda r: r.name)
    members = [m.state for m in kb.members(members_at, include_former=False)]
    twin = "/api/rules" + (f"?{urlencode({'as_of': at.isoformat()})}" if at else "")
    return render(
        request, "rules.html", twin, at=at, rules_name=rules.name, provisions=[p for p in provisions if p["versions"]],
        reforms=list(load_reforms().values()), kinds=[k.value for k in Kind], threats=[t.value for t in Threat],
        positions=[p.value for p in Position], states=states, members=members, form=form, decision=decision,
        error=failure,
    )  # fmt: skip


@router.get("/rules/{provision}", response_class=HTMLResponse)
def provision_page(
    request: Request,
    provision: Annotated[str, Path(max_length=120)],
    reform: Annotated[str | None, Query(max_length=60)] = None,
) -> HTMLResponse:
    """One provision: each dated version with its instrument, article and sources (under a reform if named)."""
    try:
        rules = compose((reform,) if reform else ())
        shown = provision_dict(rules, rules.provision(provision))
    except (UnknownProvisionError, UnknownReformError) as error:
        return error_page(request, 404, str(error))
    twin = f"/api/rules/{quote(provision, safe='')}" + (f"?{urlencode({'reform': reform})}" if reform else "")
    return render(request, "provision.html", twin, p=shown)


@router.get("/reforms/{name}", response_class=HTMLResponse)
async def reform_page(request: Request, name: Annotated[str, Path(max_length=60)]) -> HTMLResponse:
    """One reform: what it changes and which historical cases would have come out differently."""
    try:
        reform = get_reform(name)
    except UnknownReformError as error:
        return error_page(request, 404, str(error))
    diff = await reform_changes(request, reform.name)
    return render(
        request, "reform.html", f"/api/rules-diff?{urlencode({'reform': reform.name})}", reform=reform, diff=diff
    )
