"""Server-rendered dashboard pages. Each page has a JSON twin in the API, linked from the page."""

from __future__ import annotations

import json
import logging
from datetime import date
from functools import cache
from http import HTTPStatus
from pathlib import Path as FilePath
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from csto.api.answers import state
from csto.api.session import CSRF_COOKIE, set_cookie
from csto.frontdoor import ApiError, resolve_day
from csto.model import EventType
from csto.periods import DateError
from csto.store import KnowledgeBase, QueryError, UnknownEntityError
from csto.store.history import COUNTED, membership_lanes, record_checked, record_notice, yearly_counts
from csto.vocabulary import MEMBER_STATUSES
from csto.web.charts_alignment import alignment_chart, alignment_charts
from csto.web.charts_time import NONE, counts_svg, lanes_svg, legend_html
from csto.web.takeaway import stale_planned, takeaway

log = logging.getLogger("csto.web")
HERE = FilePath(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
SLIDER_START = date(1992, 1, 1)
LINK_SCHEMES = ("http", "https")


def safe_url(url: object) -> str | None:
    """``url`` if it may become a link (http or https, absolute), else None: never javascript: or data:."""
    if not isinstance(url, str):
        return None
    parsed = urlsplit(url.strip())
    return url.strip() if parsed.scheme.lower() in LINK_SCHEMES and parsed.netloc else None


templates.env.filters["safe_url"] = safe_url
templates.env.globals.update(alignment_chart=alignment_chart, alignment_charts=alignment_charts)


def _html(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"text/html": {"schema": {"type": "string"}}}}


# Pages are in the OpenAPI description too (tagged as HTML), so the fuzzer covers them.
PAGE_ROUTES: dict[str, Any] = {
    "tags": ["pages (HTML)"],
    "responses": {
        400: _html("Bad parameter, as an error page"),
        401: _html("Not signed in, as an error page"),
        403: _html("Refused (read-only server, an expired form, too many draws), as an error page"),
        404: _html("Unknown entity, scenario or page, as an error page"),
        422: _html("Malformed request, as an error page"),
        429: _html("Too many heavy jobs from this client, as an error page"),
        503: _html("All heavy-work slots are taken, as an error page"),
    },
}
router = APIRouter(**PAGE_ROUTES)


@cache
def map_data() -> dict[str, Any]:
    """The shipped country shapes (see scripts/make_map.py)."""
    data: dict[str, Any] = json.loads((HERE / "static" / "map.json").read_text(encoding="utf-8"))
    return data


def kb_of(request: Request) -> KnowledgeBase:
    kb: KnowledgeBase = request.app.state.csto.kb
    return kb


def render(request: Request, name: str, json_twin: str | None, status: int = 200, **context: Any) -> HTMLResponse:
    """A page from its template, with the JSON twin linked in the page and in a Link header.

    Every page gets the CSRF field its forms post (and the cookie it is bound to, if new).
    """
    sessions = state(request).sessions
    csrf, fresh_cookie = sessions.csrf_field(request)
    context.setdefault("query", None)
    context.setdefault("record_checked", _record_checked(request))
    context.update(
        json_twin=json_twin, extra_nav=getattr(request.app.state, "extra_nav", []), csrf=csrf,
        signed_in=sessions.owner(request),
    )  # fmt: skip
    response = templates.TemplateResponse(request, name, context, status_code=status)
    if json_twin:
        response.headers["Link"] = f'<{json_twin}>; rel="alternate"; type="application/json"'
    if fresh_cookie:
        set_cookie(response, request, CSRF_COOKIE, fresh_cookie, max_age=None)
    return response


def _record_checked(request: Request) -> date | None:
    """When the record was last checked, for the footer; None (no footer) if the store cannot say."""
    try:
        return record_checked(kb_of(request))
    except Exception:  # the footer must never turn a page, or an error page, into a failure
        log.exception("the record's date could not be read")
        return None


def error_page(request: Request, status: int, message: str, suggestions: list[str] | None = None) -> HTMLResponse:
    """An error as a page of the site, with the status's name as its title."""
    title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return render(
        request, "error.html", None, status=status, message=message, suggestions=suggestions or [],
        title=f"{status} {title}",
    )  # fmt: skip


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, as_of: Annotated[str | None, Query(max_length=10)] = None) -> HTMLResponse:
    """The map of members by status at a date, with the chair, Secretary General and bodies."""
    kb = kb_of(request)
    today = date.today()
    try:
        at = resolve_day(as_of, "as_of", today).day
    except ApiError as error:
        return error_page(request, error.status, error.message)
    overview = kb.overview(at)
    iso3 = kb.iso3
    status_by_iso3 = {iso3[m.state.id]: m.status for m in overview.members if m.state.id in iso3}
    shapes = map_data()
    countries = [{**c, "status": status_by_iso3.get(c["iso3"])} for c in shapes["countries"]]
    checked = record_checked(kb)
    shown = min(max(at, SLIDER_START), today)
    lanes = membership_lanes(kb, SLIDER_START, today)
    counts = yearly_counts(kb, SLIDER_START.year, today.year)
    lane_statuses = sorted({r.status or NONE for lane in lanes for r in lane.runs}, key=_status_order)
    return render(
        request, "index.html", f"/api/overview?as_of={at}", o=overview, defaulted=as_of is None,
        map={**shapes, "countries": countries}, iso3_by_id=iso3, today=today, slider_start=SLIDER_START,
        slider_max=(today - SLIDER_START).days, slider_value=(shown - SLIDER_START).days,
        statuses=[s.value for s in MEMBER_STATUSES], notice=record_notice(checked, at),
        stale=stale_planned(overview.recent_events, checked, at), legend_html=legend_html(lane_statuses),
        lanes_svg=lanes_svg(lanes, SLIDER_START, today, shown), counts=counts, series=COUNTED,
        counts_svg=counts_svg(counts, SLIDER_START, today, shown),
        takeaway=takeaway(request, kb, "overview", {"as_of": at.isoformat()}, f"The CSTO on {at}", f"/?as_of={at}", at),
    )  # fmt: skip


def _status_order(status: str) -> int:
    order = [s.value for s in MEMBER_STATUSES] + [NONE]
    return order.index(status) if status in order else len(order)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    start: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    kind: Annotated[str | None, Query(max_length=40)] = None,
    state: Annotated[str | None, Query(max_length=200)] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> HTMLResponse:
    """Events with filters by period, kind and state, each with its sources."""
    kb = kb_of(request)
    try:  # the filter shows the state chosen, whether it was asked by id, name or alias
        state = kb.resolve(state).id if state else None
    except UnknownEntityError as error:
        return error_page(request, 404, str(error), error.suggestions)
    params = {k: v for k, v in {"from": start, "to": end, "kind": kind, "state": state}.items() if v}
    try:
        page = kb.timeline(start or None, end or None, [kind] if kind else [], state or None, None, limit, offset)
    except (DateError, QueryError) as error:
        return error_page(request, 400, str(error))
    except UnknownEntityError as error:
        return error_page(request, 404, str(error), error.suggestions)
    states = sorted((r for r in kb.entities.values() if r.kind == "state"), key=lambda r: r.name)
    more = page.offset + len(page.events) < page.total
    next_href = "/timeline?" + urlencode({**params, "offset": offset + limit, "limit": limit}) if more else None
    shown = {**params, "offset": offset, "limit": limit}
    described = ", ".join(f"{k} {v}" for k, v in params.items())
    title = "CSTO timeline" + (f" ({described})" if described else "")
    return render(
        request, "timeline.html", "/api/timeline?" + urlencode(shown),
        page=page, types=[t.value for t in EventType], states=states, next_href=next_href,
        f={"start": start, "end": end, "kind": kind, "state": state}, rival_titles=_rival_titles(kb, page.events),
        stale=stale_planned(page.events, record_checked(kb), date.today()),
        takeaway=takeaway(request, kb, "timeline", shown, title, "/timeline?" + urlencode(shown)),
    )  # fmt: skip


def _rival_titles(kb: KnowledgeBase, events: list[Any]) -> dict[str, str]:
    """The title of every rival account the events name, by id (an unknown id stands for itself)."""
    titles: dict[str, str] = {}
    for rival in {r for e in events for r in e.rivals}:
        try:
            titles[rival] = kb.event(rival).title
        except UnknownEntityError:
            titles[rival] = rival
    return titles


@router.get("/entities/{name}", response_class=HTMLResponse)
def entity_page(request: Request, name: str) -> HTMLResponse:
    """One entity: aliases, facts, events, and disputed claims side by side, all with sources."""
    kb = kb_of(request)
    try:
        report = kb.entity(name)
    except UnknownEntityError as error:
        return error_page(request, 404, str(error), error.suggestions)
    groups: dict[str, list[Any]] = {}
    for fact in report.disputes:  # a rival claim may carry no dispute key: group it by what it is about
        groups.setdefault(fact.dispute or f"{fact.predicate} (rival claims)", []).append(fact)
    twin = f"/api/entities/{quote(report.entity.id, safe='')}"
    page = f"/entities/{quote(report.entity.id, safe='')}"
    return render(
        request, "entity.html", twin, r=report, dispute_groups=sorted(groups.items()),
        takeaway=takeaway(request, kb, "entity", {}, report.entity.name, page, entity=report.entity.id),
    )  # fmt: skip


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: Annotated[str, Path(max_length=200)]) -> HTMLResponse:
    """One event: date, place, who took part in which role, and its sources."""
    try:
        kb = kb_of(request)
        event = kb.event(event_id)
    except UnknownEntityError as error:
        return error_page(request, 404, str(error))
    stale = stale_planned([event], record_checked(kb), date.today())
    return render(request, "event.html", f"/api/events/{quote(event.id, safe='')}", e=event, stale=stale)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    kind: Annotated[str | None, Query(max_length=40)] = None,
    state: Annotated[str | None, Query(max_length=200)] = None,
    start: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> HTMLResponse:
    """Full-text search over events, facts, sources and entities, filtered by kind, state and period."""
    from csto.web import search_view

    kb, limit, asked = kb_of(request), 20, q.strip()
    try:  # the filter shows the state chosen, whether it was asked by id, name or alias
        state = kb.resolve(state).id if state else None
        page = kb.find(q, [kind] if kind else [], state, start or None, end or None, limit, offset) if asked else None
    except (DateError, QueryError) as error:
        return error_page(request, 400, str(error))
    except UnknownEntityError as error:
        return error_page(request, 404, str(error), error.suggestions)
    params = {k: v for k, v in {"q": q, "kind": kind, "state": state, "from": start, "to": end}.items() if v}
    hits = kb.search(q, limit=8) if asked and not (kind or state or start or end) and not offset else []
    suggestions = kb.suggest(q) if asked and not hits and not (page and page.total) else []
    twin = "/api/search?" + urlencode({**params, "offset": offset, "limit": limit}) if page else None
    more = page is not None and offset + len(page.results) < page.total
    kept = {**params, "offset": offset, "limit": limit}  # the download takes every filter the page has
    title = f"CSTO search: {q}"
    shown = takeaway(request, kb, "search", kept, title, "/search?" + urlencode(params)) if asked else None
    return render(
        request, "search.html", twin, query=q, page=page, hits=hits, suggestions=suggestions, takeaway=shown,
        results=[search_view.shown(r) for r in page.results] if page else [],
        facets=search_view.facets(page, params, kind) if page else [], kind_choices=search_view.KIND_CHOICES,
        states=sorted((r for r in kb.entities.values() if r.kind == "state"), key=lambda r: r.name),
        f={"kind": kind, "state": state, "start": start, "end": end},
        prev_href="/search?" + urlencode({**params, "offset": max(0, offset - limit)}) if offset else None,
        next_href="/search?" + urlencode({**params, "offset": offset + limit}) if more else None,
    )  # fmt: skip
