"""REST routes over the knowledge base: overview, members, chair, officials, timeline, entities."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from csto.api.deps import KB, AsOf, AsOfDay, Writer, state
from csto.api.errors import COMMON_ERRORS, WRITE_ERRORS, ApiError
from csto.store import KnowledgeBase, rebuild
from csto.store.answers import (
    BodyView,
    ChairAnswer,
    EntityReport,
    EventView,
    Membership,
    OfficeHolding,
    Overview,
    SearchHit,
    TimelinePage,
)
from csto.store.engine import stored_digest
from csto.store.export import frame
from csto.store.history import record_checked, record_notice
from csto.store.search import ENTITY_KINDS, SearchPage

router = APIRouter(prefix="/api", responses=COMMON_ERRORS)


def paged(request: Request, response: Response, total: int, offset: int, limit: int) -> None:
    """``X-Total-Count`` and RFC 8288 ``Link`` headers (first, prev, next, last) for a page of ``total``."""

    def at(start: int) -> str:
        return f"<{request.url.include_query_params(offset=start, limit=limit)}>"

    links = [f'{at(0)}; rel="first"']
    if offset > 0:
        links.append(f'{at(max(0, offset - limit))}; rel="prev"')
    if offset + limit < total:
        links.append(f'{at(offset + limit)}; rel="next"')
    links.append(f'{at(max(0, (total - 1) // limit * limit))}; rel="last"')
    response.headers["Link"] = ", ".join(links)
    response.headers["X-Total-Count"] = str(total)


def as_json(model: BaseModel) -> Response:
    """Serialize an answer once, in Rust (pydantic-core), skipping FastAPI's second validation pass.

    The routes still declare ``response_model`` so the OpenAPI description stays exact.
    """
    return Response(model.model_dump_json(), media_type="application/json")


class Dated(BaseModel):
    as_of: date
    as_of_defaulted: bool
    record_checked: date | None = None
    notice: str | None = None


def dated(kb: KnowledgeBase, at: AsOf) -> dict[str, Any]:
    """The date fields of an answer: the day asked, when the record was last checked, and a notice past it."""
    checked = record_checked(kb)
    return {
        "as_of": at.day, "as_of_defaulted": at.defaulted, "record_checked": checked,
        "notice": record_notice(checked, at.day),
    }  # fmt: skip


class MembersAnswer(Dated):
    members: list[Membership]


class OfficialsAnswer(Dated):
    officials: list[OfficeHolding]


class BodiesAnswer(Dated):
    bodies: list[BodyView]


class OverviewAnswer(Dated):
    overview: Overview


class ChairResult(Dated):
    chair: ChairAnswer


class SearchAnswer(SearchPage):
    hits: list[SearchHit]


class RebuildAnswer(BaseModel):
    counts: dict[str, int]
    seconds: float
    requested_by: str


@router.get("/overview", response_model=OverviewAnswer, tags=["knowledge base"])
async def overview(kb: KB, at: AsOfDay) -> Response:
    """Members, chair, officials, bodies and the latest events on a date."""
    return as_json(OverviewAnswer(**dated(kb, at), overview=kb.overview(at.day)))


@router.get("/members", response_model=MembersAnswer, tags=["knowledge base"])
async def members(
    kb: KB, at: AsOfDay, include_former: Annotated[bool, Query(alias="all", description="Include withdrawn")] = False
) -> Response:
    """Each state's membership status on a date, with sources and rival claims."""
    answer = MembersAnswer(**dated(kb, at), members=kb.members(at.day, include_former=include_former))
    return as_json(answer)


@router.get("/chair", response_model=ChairResult, tags=["knowledge base"])
async def chair(
    kb: KB, at: AsOfDay, body: Annotated[str, Query(max_length=200)] = "collective-security-council"
) -> Response:
    """The state chairing a body (by default the Collective Security Council) on a date."""
    return as_json(ChairResult(**dated(kb, at), chair=kb.chair(at.day, body)))


@router.get("/officials", response_model=OfficialsAnswer, tags=["knowledge base"])
async def officials(kb: KB, at: AsOfDay, office: Annotated[str | None, Query(max_length=200)] = None) -> Response:
    """Who holds each office of the Organization on a date."""
    return as_json(OfficialsAnswer(**dated(kb, at), officials=kb.officials(at.day, office)))


@router.get("/bodies", response_model=BodiesAnswer, tags=["knowledge base"])
async def bodies(kb: KB, at: AsOfDay) -> Response:
    """The bodies that exist on a date, with composition and seat."""
    return as_json(BodiesAnswer(**dated(kb, at), bodies=kb.bodies(at.day)))


@router.get("/timeline", response_model=TimelinePage, tags=["knowledge base"])
async def timeline(
    request: Request,
    kb: KB,
    start: Annotated[str | None, Query(alias="from", max_length=10, description="YYYY[-MM[-DD]]")] = None,
    end: Annotated[str | None, Query(alias="to", max_length=10, description="YYYY[-MM[-DD]]")] = None,
    kind: Annotated[list[str] | None, Query(max_length=40, description="Event type; repeatable")] = None,
    state: Annotated[str | None, Query(max_length=200)] = None,
    entity: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """Events in order, filtered by period, type, state or entity, a page at a time.

    The total is in the body and in ``X-Total-Count``; ``Link`` names the next and previous pages.
    """
    page = kb.timeline(start, end, kind or [], state, entity, limit, offset)
    response = as_json(page)
    paged(request, response, page.total, offset, limit)
    return response


@router.get("/events/{event_id}", response_model=EventView, tags=["knowledge base"])
async def event(kb: KB, event_id: str) -> Response:
    """One event with its participants and sources."""
    return as_json(kb.event(event_id))


@router.get("/entities/{name}", response_model=EntityReport, tags=["knowledge base"])
async def entity(kb: KB, name: str) -> Response:
    """Everything known about an entity (id, name or alias): facts, events, disputes, sources."""
    return as_json(kb.entity(name))


@router.get("/search", response_model=SearchAnswer, tags=["knowledge base"])
async def search(
    request: Request,
    kb: KB,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words to find; the last may be a prefix")],
    kind: Annotated[
        list[str] | None,
        Query(max_length=40, description="event, fact, source, entity, an event type or an entity kind; repeatable"),
    ] = None,
    state: Annotated[str | None, Query(max_length=200, description="Involving this state (or any entity)")] = None,
    start: Annotated[str | None, Query(alias="from", max_length=10, description="YYYY[-MM[-DD]]")] = None,
    end: Annotated[str | None, Query(alias="to", max_length=10, description="YYYY[-MM[-DD]]")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """Full-text search over events, facts, sources and entities, best first, with highlighted snippets.

    ``results`` are the matching records (ranked; ``title_marks`` and ``snippet_marks`` locate the
    matched words); ``counts`` the matches of each kind and event type before the kind filter;
    ``hits`` the entities whose name or alias matches, as this route answered before full-text search.
    The total is in the body and in ``X-Total-Count``; ``Link`` names the next and previous pages.
    """
    kinds = [kind] if isinstance(kind, str) else list(kind or [])  # one kind, as callers in Python may pass it
    page = kb.find(q, kinds, state, start, end, limit, offset)
    hits: list[SearchHit] = []
    if state is None and start is None and end is None:
        entity_kinds = [k for k in kinds if k in ENTITY_KINDS]
        if not kinds or "entity" in kinds:
            hits = kb.search(q, limit=limit)
        elif entity_kinds:
            found = [h for k in entity_kinds for h in kb.search(q, limit=limit, kind=k)]
            hits = sorted(found, key=lambda h: (-h.score, h.entity.name))[:limit]
    response = as_json(SearchAnswer(**page.model_dump(), hits=hits))
    paged(request, response, page.total, offset, limit)
    return response


@router.get(
    "/export/{table}",
    tags=["knowledge base"],
    responses={200: {"content": {"text/csv": {}, "application/json": {}}}},
)
def export_table(
    kb: KB, table: Literal["entities", "facts", "events", "sources"], format: Literal["csv", "json"] = "csv"
) -> Response:
    """A whole table as CSV or JSON (records), ready for pandas or R."""
    df = frame(kb, table)
    if format == "csv":
        return Response(df.to_csv(index=False), media_type="text/csv")
    return Response(df.to_json(orient="records", force_ascii=False), media_type="application/json")


@router.post("/db/rebuild", response_model=RebuildAnswer, tags=["operations"], responses=WRITE_ERRORS)
def rebuild_database(request: Request, kb: KB, owner: Writer) -> RebuildAnswer:
    """Validate the curated dataset and rebuild its part of the store (needs a token)."""
    try:
        report = rebuild(kb.engine)
    except Exception as error:  # the dataset or the database refused; nothing was changed
        raise ApiError(409, "rebuild_failed", str(error)) from None
    kb.refresh()
    state(request).dataset_digest = stored_digest(kb.engine) or ""
    return RebuildAnswer(counts=report.counts, seconds=round(report.seconds, 3), requested_by=owner)
