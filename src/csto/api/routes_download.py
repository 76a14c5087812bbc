"""Downloads of what each page shows, as CSV, as JSON with its citation, or the citation alone.

Each route asks the page's JSON twin (the route of ``csto.api.routes_kb`` the page links to) with
the same parameters and turns its answer into the download, so a download has exactly the rows of
the API's answer for the same view.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from csto.api import routes_kb
from csto.api.deps import KB, AsOfDay
from csto.api.downloads import cite, to_csv
from csto.api.errors import COMMON_ERRORS
from csto.store import KnowledgeBase

router = APIRouter(prefix="/api/download", tags=["downloads"], responses=COMMON_ERRORS)

Format = Annotated[
    Literal["csv", "json", "cite"],
    Query(description="csv: the view's rows; json: the API's answer with its citation; cite: the citation alone"),
]
DOWNLOADS: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}, "application/json": {}}, "description": "The view's rows or its citation"}
}


def _filename(*parts: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", "-".join(p for p in parts if p)).strip("-")[:120] or "csto"


def deliver(
    request: Request,
    kb: KnowledgeBase,
    view: str,
    twin: Response,
    fmt: str,
    title: str,
    page: str,
    api: str,
    view_date: Any = None,
) -> Response:
    """The download of ``view`` from ``twin`` (the API's answer for it) in format ``fmt``."""
    answer = json.loads(bytes(twin.body))
    base = str(request.base_url).rstrip("/")
    citation = cite(kb, title, base + page, view_date)
    name = _filename("csto", view, title if view != "overview" else "", str(view_date or ""))
    if fmt == "csv":
        headers = {"Content-Disposition": f'attachment; filename="{name}.csv"'}
        return Response(to_csv(view, answer), media_type="text/csv; charset=utf-8", headers=headers)
    if fmt == "cite":
        return Response(json.dumps(citation.as_dict(), ensure_ascii=False), media_type="application/json")
    body = {
        "view": {"kind": view, "title": title, "page": base + page, "api": base + api},
        "citation": citation.as_dict(),
        "answer": answer,
    }
    headers = {"Content-Disposition": f'attachment; filename="{name}.json"'}
    return Response(json.dumps(body, ensure_ascii=False), media_type="application/json", headers=headers)


@router.get("/overview", responses=DOWNLOADS)
async def download_overview(request: Request, kb: KB, at: AsOfDay, format: Format = "csv") -> Response:
    """The dashboard at a date: members, chair, officials, bodies and the latest events."""
    twin = await routes_kb.overview(kb, at)
    query = urlencode({"as_of": at.day.isoformat()})
    return deliver(
        request, kb, "overview", twin, format, f"The CSTO on {at.day}", f"/?{query}", f"/api/overview?{query}", at.day
    )


@router.get("/timeline", responses=DOWNLOADS)
async def download_timeline(
    request: Request,
    kb: KB,
    start: Annotated[str | None, Query(alias="from", max_length=10, description="YYYY[-MM[-DD]]")] = None,
    end: Annotated[str | None, Query(alias="to", max_length=10, description="YYYY[-MM[-DD]]")] = None,
    kind: Annotated[list[str] | None, Query(max_length=40, description="Event type; repeatable")] = None,
    state: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    format: Format = "csv",
) -> Response:
    """A page of the timeline with its filters, the same page ``/api/timeline`` answers."""
    twin = await routes_kb.timeline(
        request, kb, start=start, end=end, kind=kind, state=state, entity=None, limit=limit, offset=offset
    )
    filters = [("from", start), ("to", end), *(("kind", k) for k in kind or []), ("state", state)]
    kept = [(k, v) for k, v in filters if v]
    query = urlencode([*kept, ("offset", offset), ("limit", limit)])
    described = ", ".join(f"{k} {v}" for k, v in kept)
    title = "CSTO timeline" + (f" ({described})" if described else "")
    return deliver(request, kb, "timeline", twin, format, title, f"/timeline?{query}", f"/api/timeline?{query}")


@router.get("/entity/{name}", responses=DOWNLOADS)
async def download_entity(
    request: Request, kb: KB, name: Annotated[str, Path(max_length=200)], format: Format = "csv"
) -> Response:
    """An entity's page: its facts and events (the rival claims are among the facts)."""
    twin = await routes_kb.entity(kb, name)
    entity = json.loads(bytes(twin.body))["entity"]
    path = quote(entity["id"], safe="")
    return deliver(request, kb, "entity", twin, format, entity["name"], f"/entities/{path}", f"/api/entities/{path}")


@router.get("/search", responses=DOWNLOADS)
async def download_search(
    request: Request,
    kb: KB,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words to find; the last may be a prefix")],
    kind: Annotated[list[str] | None, Query(max_length=40, description="As /api/search; repeatable")] = None,
    state: Annotated[str | None, Query(max_length=200)] = None,
    start: Annotated[str | None, Query(alias="from", max_length=10, description="YYYY[-MM[-DD]]")] = None,
    end: Annotated[str | None, Query(alias="to", max_length=10, description="YYYY[-MM[-DD]]")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    format: Format = "csv",
) -> Response:
    """A page of search results, as ``/api/search`` answers it for the same parameters."""
    twin = await routes_kb.search(
        request, kb, q=q, kind=kind, state=state, start=start, end=end, limit=limit, offset=offset
    )
    asked = [("q", q), *(("kind", k) for k in kind or []), ("state", state), ("from", start), ("to", end)]
    kept = [(k, v) for k, v in asked if v]
    query = urlencode([*kept, ("limit", limit), ("offset", offset)])
    page = urlencode(kept + ([("offset", offset)] if offset else []))
    return deliver(request, kb, "search", twin, format, f"CSTO search: {q}", f"/search?{page}", f"/api/search?{query}")
