"""REST routes for ingestion and review: articles in (token), the queue, and accept / edit / reject (token)."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from csto.api.answers import claim_context
from csto.api.deps import KB, Writer
from csto.api.errors import COMMON_ERRORS, WRITE_ERRORS, ApiError
from csto.api.routes_kb import paged
from csto.ingest import Lexicon
from csto.ingest.ingesting import ingest
from csto.ingest.readers import read_jsonl
from csto.store.claims import ReviewError, accept, count_claims, edit, list_claims, reject

router = APIRouter(prefix="/api", responses=COMMON_ERRORS, tags=["ingestion and review"])

MAX_ARTICLES = 50


class Article(BaseModel):
    text: str | None = Field(default=None, max_length=500_000)
    html: str | None = Field(default=None, max_length=1_000_000)
    url: str | None = Field(default=None, max_length=2_000)
    title: str | None = Field(default=None, max_length=1_000)
    published: str | None = Field(default=None, max_length=10, description="YYYY[-MM[-DD]]")


class IngestRequest(BaseModel):
    articles: list[Article] = Field(min_length=1, max_length=MAX_ARTICLES)


class ReviewAction(BaseModel):
    note: str | None = Field(default=None, max_length=2_000)


class EditAction(ReviewAction):
    changes: dict[str, Any] = Field(min_length=1, examples=[{"date": "2024-06-06"}])


def _review_error(error: ReviewError) -> ApiError:
    message = str(error)
    return ApiError(404 if message.startswith("no claim") else 400, "review_refused", message)


@router.post("/ingest", responses=WRITE_ERRORS)
def ingest_articles(kb: KB, owner: Writer, request: IngestRequest) -> JSONResponse:
    """Store articles and propose claims from them (re-sending a known article changes nothing)."""
    lines = [json.dumps(a.model_dump(exclude_none=True)).encode() for a in request.articles]
    report = ingest(kb.engine, read_jsonl(lines, "api"), Lexicon.from_engine(kb.engine))
    return JSONResponse({
        "stored": report.stored, "already_known": report.known, "claims": report.claims,
        "problems": [{"where": p.where, "problem": p.reason} for p in report.problems], "by": owner,
    })  # fmt: skip


@router.get("/review")
def review_queue(
    request: Request,
    kb: KB,
    status: Literal["proposed", "accepted", "rejected", "disputed"] | None = "proposed",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> JSONResponse:
    """Claims awaiting review (or with another status), each with its sentence in context.

    The body is ``{"total", "offset", "limit", "claims"}``; ``X-Total-Count`` and ``Link`` name the pages.
    """
    claims = list_claims(kb.engine, status, limit, offset)
    total = count_claims(kb.engine, status)
    body = {"total": total, "offset": offset, "limit": limit, "claims": claim_context(kb, claims)}
    response = JSONResponse(json.loads(json.dumps(body, default=str)))
    paged(request, response, total, offset, limit)
    return response


@router.post("/review/{claim_id}/accept", responses=WRITE_ERRORS)
def accept_claim(kb: KB, owner: Writer, claim_id: str, action: ReviewAction | None = None) -> JSONResponse:
    """Merge a claim into the knowledge base, with the article as its source."""
    try:
        written = accept(kb.engine, claim_id, reviewer=owner, note=action.note if action else None)
    except ReviewError as error:
        raise _review_error(error) from None
    kb.refresh()
    return JSONResponse(json.loads(json.dumps(written, default=str)))


@router.post("/review/{claim_id}/reject", responses=WRITE_ERRORS)
def reject_claim(kb: KB, owner: Writer, claim_id: str, action: ReviewAction | None = None) -> JSONResponse:
    """Reject a claim; the decision is kept in the review log."""
    try:
        reject(kb.engine, claim_id, reviewer=owner, note=action.note if action else None)
    except ReviewError as error:
        raise _review_error(error) from None
    return JSONResponse({"claim": claim_id, "status": "rejected"})


@router.post("/review/{claim_id}/edit", responses=WRITE_ERRORS)
def edit_claim(kb: KB, owner: Writer, claim_id: str, action: EditAction) -> JSONResponse:
    """Change a proposed claim's type, dates, actors, place or status before deciding on it."""
    try:
        payload = edit(kb.engine, claim_id, action.changes, reviewer=owner, note=action.note)
    except ReviewError as error:
        raise _review_error(error) from None
    return JSONResponse(json.loads(json.dumps(payload, default=str)))
