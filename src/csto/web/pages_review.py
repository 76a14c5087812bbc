"""The review page: ingested claims with their sentence highlighted, and accept / reject with a token."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from csto.api.deps import state
from csto.api.routes_review import claim_context
from csto.ingest.review import ReviewError, accept, list_claims, reject
from csto.web.pages import error_page, kb_of, render

router = APIRouter(include_in_schema=False)
LIMIT = 100

Status = Literal["proposed", "accepted", "rejected", "disputed"]


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, status: Status = "proposed", message: str | None = None) -> HTMLResponse:
    """The queue, newest documents first."""
    kb = kb_of(request)
    claims = claim_context(kb, list_claims(kb.engine, status, LIMIT, 0))
    twin = f"/api/review?status={status}&limit={LIMIT}"
    return render(request, "review.html", twin, claims=claims, queue_status=status, limit=LIMIT, message=message)


@router.post("/review/{claim_id}/{action}", response_class=HTMLResponse)
def decide_claim(
    request: Request, claim_id: str, action: Literal["accept", "reject"], token: Annotated[str, Form()] = ""
) -> Response:
    """Accept or reject one claim; the same token rules as the API apply."""
    tokens = state(request).tokens
    if not tokens.configured():
        return error_page(request, 403, "this server is read-only: no API token is configured (csto token create)")
    owner = tokens.check(token.strip()) if token.strip() else None
    if owner is None:
        return error_page(request, 401, "deciding on a claim needs a valid API token")
    kb = kb_of(request)
    try:
        if action == "accept":
            accept(kb.engine, claim_id, reviewer=owner)
            kb.refresh()
        else:
            reject(kb.engine, claim_id, reviewer=owner)
    except ReviewError as error:
        return error_page(request, 400, str(error))
    return RedirectResponse(f"/review?message={action}ed+{claim_id}", status_code=303)
