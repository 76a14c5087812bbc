"""REST routes over the knowledge base: overview, members, chair, officials, timeline, entities."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel

from csto.api.deps import KB, AsOfDay, Writer
from csto.api.errors import COMMON_ERRORS, WRITE_ERRORS, ApiError
from csto.store import rebuild
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
from csto.store.export import frame

router = APIRouter(prefix="/api", responses=COMMON_ERRORS)


class Dated(BaseModel):
    as_of: date
    as_of_defaulted: bool


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


class SearchAnswer(BaseModel):
    query: str
    hits: list[SearchHit]


class RebuildAnswer(BaseModel):
    counts: dict[str, int]
    seconds: float
    requested_by: str


@router.get("/overview", response_model=OverviewAnswer, tags=["knowledge base"])
def overview(kb: KB, at: AsOfDay) -> OverviewAnswer:
    """Members, chair, officials, bodies and the latest events on a date."""
    return OverviewAnswer(as_of=at.day, as_of_defaulted=at.defaulted, overview=kb.overview(at.day))


@router.get("/members", response_model=MembersAnswer, tags=["knowledge base"])
def members(
    kb: KB, at: AsOfDay, include_former: Annotated[bool, Query(alias="all", description="Include withdrawn")] = False
) -> MembersAnswer:
    """Each state's membership status on a date, with sources and rival claims."""
    return MembersAnswer(
        as_of=at.day, as_of_defaulted=at.defaulted, members=kb.members(at.day, include_former=include_former)
    )


@router.get("/chair", response_model=ChairResult, tags=["knowledge base"])
def chair(
    kb: KB, at: AsOfDay, body: Annotated[str, Query(max_length=200)] = "collective-security-council"
) -> ChairResult:
    """The state chairing a body (by default the Collective Security Council) on a date."""
    return ChairResult(as_of=at.day, as_of_defaulted=at.defaulted, chair=kb.chair(at.day, body))


@router.get("/officials", response_model=OfficialsAnswer, tags=["knowledge base"])
def officials(kb: KB, at: AsOfDay, office: Annotated[str | None, Query(max_length=200)] = None) -> OfficialsAnswer:
    """Who holds each office of the Organization on a date."""
    return OfficialsAnswer(as_of=at.day, as_of_defaulted=at.defaulted, officials=kb.officials(at.day, office))


@router.get("/bodies", response_model=BodiesAnswer, tags=["knowledge base"])
def bodies(kb: KB, at: AsOfDay) -> BodiesAnswer:
    """The bodies that exist on a date, with composition and seat."""
    return BodiesAnswer(as_of=at.day, as_of_defaulted=at.defaulted, bodies=kb.bodies(at.day))


@router.get("/timeline", response_model=TimelinePage, tags=["knowledge base"])
def timeline(
    kb: KB,
    start: Annotated[str | None, Query(alias="from", max_length=10, description="YYYY[-MM[-DD]]")] = None,
    end: Annotated[str | None, Query(alias="to", max_length=10, description="YYYY[-MM[-DD]]")] = None,
    kind: Annotated[list[str] | None, Query(max_length=40, description="Event type; repeatable")] = None,
    state: Annotated[str | None, Query(max_length=200)] = None,
    entity: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> TimelinePage:
    """Events in order, filtered by period, type, state or entity, a page at a time."""
    return kb.timeline(start, end, kind or [], state, entity, limit, offset)


@router.get("/events/{event_id}", response_model=EventView, tags=["knowledge base"])
def event(kb: KB, event_id: str) -> EventView:
    """One event with its participants and sources."""
    return kb.event(event_id)


@router.get("/entities/{name}", response_model=EntityReport, tags=["knowledge base"])
def entity(kb: KB, name: str) -> EntityReport:
    """Everything known about an entity (id, name or alias): facts, events, disputes, sources."""
    return kb.entity(name)


@router.get("/search", response_model=SearchAnswer, tags=["knowledge base"])
def search(
    kb: KB,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    kind: Annotated[str | None, Query(max_length=20)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchAnswer:
    """Entities whose name or alias matches the query."""
    return SearchAnswer(query=q, hits=kb.search(q, limit=limit, kind=kind))


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
def rebuild_database(kb: KB, owner: Writer) -> RebuildAnswer:
    """Validate the curated dataset and rebuild its part of the store (needs a token)."""
    try:
        report = rebuild(kb.engine)
    except Exception as error:  # the dataset or the database refused; nothing was changed
        raise ApiError(409, "rebuild_failed", str(error)) from None
    kb.refresh()
    return RebuildAnswer(counts=report.counts, seconds=round(report.seconds, 3), requested_by=owner)
