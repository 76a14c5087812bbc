"""The rules page: provisions in force, and the decision tool with its article-by-article trace."""

from __future__ import annotations

import re
from collections.abc import Callable
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
    Proposal,
    RulesError,
    Threat,
    UnknownProvisionError,
    UnknownReformError,
    compose,
    decide,
    get_reform,
    load_reforms,
)
from csto.rules.proposal import REQUIRED
from csto.rules.views import provision_dict, resolve_names
from csto.store import KnowledgeBase, UnknownEntityError
from csto.web import labels as _labels  # noqa: F401  (registers the event_title template global)
from csto.web.pages import PAGE_ROUTES, error_page, kb_of, render

router = APIRouter(**PAGE_ROUTES)


# Proposal fields the form offers, beyond kind, date and body: (field, label, what it holds).
ENTITY_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("requester", "Requester", "state"),
    ("subject", "Subject", "state"),
    ("territory", "Territory", "state"),
    ("aggressor", "Aggressor", "state"),
    ("third_party", "Third party (non-member)", "party"),
    ("third_party_blocs", "Third party's bloc", "bloc"),
    ("forces", "Forces", "force"),
    ("previous_holder_state", "Outgoing Secretary General's state", "state"),
)
FLAG_LABELS: dict[str, str] = {
    "un_mandate": "UN mandate",
    "directed_against_members": "Directed against members",
    "special_agreement": "Special agreement",
}
LIST_FIELDS = frozenset({"territory", "third_party_blocs"})
BODIES = ("CSC", "CFM", "CMD", "CSSC", "PC")
EXAMPLE = {  # what the form shows before anything is decided: the January 2022 request from Kazakhstan
    "kind": "collective_assistance", "date": "2022-01-06", "body": "CSC", "requester": "kazakhstan",
    "threat": "armed_attack", "territory": "kazakhstan",
}  # fmt: skip


def flag_fields() -> list[str]:
    """The proposal's yes/no fields, as the rules define them today (a new one shows up by itself)."""
    return [name for name, f in Proposal.model_fields.items() if f.annotation is bool]


def _form(request: Request, deciding: bool) -> dict[str, Any]:
    """The form's values from the query; before a decision is asked for, the worked example."""
    q = request.query_params
    defaults = {} if deciding else EXAMPLE
    form: dict[str, Any] = {k: q.get(k, defaults.get(k, "")) for k in ("kind", "date", "body", "threat", "reform")}
    form["kind"] = form["kind"] or "collective_assistance"
    form["date"] = form["date"] or EXAMPLE["date"]
    form["body"] = form["body"] or EXAMPLE["body"]
    for name, _label, _what in ENTITY_FIELDS:
        form[name] = q.get(name, defaults.get(name, "")).strip()
    for name in flag_fields():
        form[name] = q.get(name) == "1"
    form["positions"] = {k[4:]: v for k, v in q.items() if k.startswith("pos_") and v}
    return form


def proposal_of(form: dict[str, Any]) -> dict[str, Any]:
    """The proposal the form describes: only the fields that were filled in."""
    proposal: dict[str, Any] = {k: form[k] for k in ("kind", "date", "body", "threat") if form[k]}
    for name, _label, _what in ENTITY_FIELDS:
        if form[name]:
            proposal[name] = [form[name]] if name in LIST_FIELDS else form[name]
    proposal |= {name: True for name in flag_fields() if form[name]}
    return proposal


def needs() -> dict[str, str]:
    """For each kind, the fields a proposal of that kind must name (as the rules require them)."""
    labels = {name: label for name, label, _what in ENTITY_FIELDS} | {"threat": "Threat"}
    return {
        kind.value: ", ".join(labels.get(f, f) for f in REQUIRED.get(kind, ())) or "nothing beyond the body"
        for kind in Kind
    }


def _choices(kb: KnowledgeBase) -> dict[str, list[Any]]:
    """What each entity field may name: states, states and organisations, organisations, forces."""
    by_name = sorted(kb.entities.values(), key=lambda r: r.name)
    states = [r for r in by_name if r.kind == "state"]
    groups = [r for r in by_name if r.kind == "organization"]
    forces = [r for r in by_name if r.kind == "force"]
    return {"state": states, "party": states + groups, "bloc": groups, "force": forces}


def id_namer(names: dict[str, str]) -> Callable[[str], str]:
    """A function that writes hyphenated entity ids in a text as names ("collective-security-council" ->
    "Collective Security Council"); single words are left alone, as they may be ordinary words."""
    hyphenated = sorted((i for i in names if "-" in i), key=len, reverse=True)
    if not hyphenated:
        return lambda text: text
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, hyphenated)) + r")(?![\w-])")
    return lambda text: pattern.sub(lambda m: names[m.group(1)], text)


@router.get("/rules", response_class=HTMLResponse)
def rules_page(
    request: Request,
    as_of: Annotated[str | None, Query(max_length=10)] = None,
    decide_now: Annotated[str | None, Query(alias="decide", max_length=1)] = None,
) -> HTMLResponse:
    """Provisions with their articles and force dates, and a form that decides a proposal of any kind."""
    kb = kb_of(request)
    form = _form(request, bool(decide_now))
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
        try:
            proposal, positions = resolve_names(proposal_of(form), form["positions"], kb)
            decision = decide(proposal, positions, kb, rules)
        except (RulesError, UnknownEntityError, DateError) as problem:
            failure = str(problem)
    try:
        members_at = parse_day(form["date"])
    except DateError:
        members_at = date.today()
    members = [m.state for m in kb.members(members_at, include_former=False)]
    twin = "/api/rules" + (f"?{urlencode({'as_of': at.isoformat()})}" if at else "")
    names = {r.id: r.name for r in kb.entities.values()}
    return render(
        request, "rules.html", twin, at=at, rules_name=rules.name, provisions=[p for p in provisions if p["versions"]],
        reforms=list(load_reforms().values()), kinds=[k.value for k in Kind], threats=[t.value for t in Threat],
        positions=[p.value for p in Position], choices=_choices(kb), entity_fields=ENTITY_FIELDS,
        flags=[(f, FLAG_LABELS.get(f, f.replace("_", " ").capitalize())) for f in flag_fields()], bodies=BODIES,
        needs=needs(), members=members, form=form, decision=decision, error=failure, names=names,
        named=id_namer(names),
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
