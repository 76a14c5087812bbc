"""The review page: ingested claims with their sentence highlighted; sign in once, then accept or reject.

The API token is posted once to ``/review/login`` and traded for an HttpOnly, SameSite=Strict
session cookie: page scripts never see it. Every form carries a CSRF field (``csto.api.session``).
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from csto.api.answers import claim_context, state
from csto.api.session import SESSION_COOKIE, set_cookie
from csto.frontdoor import ApiError, token_owner
from csto.store.claims import ReviewError, accept, count_claims, list_claims, reject
from csto.web.pages import PAGE_ROUTES, error_page, kb_of, render

router = APIRouter(**PAGE_ROUTES)
LIMIT = 100

Status = Literal["proposed", "accepted", "rejected", "disputed"]
Csrf = Annotated[str, Form(max_length=100)]


def _back(message: str) -> RedirectResponse:
    return RedirectResponse("/review?" + urlencode({"message": message}), status_code=303)


@router.get("/review", response_class=HTMLResponse)
def review_page(
    request: Request, status: Status = "proposed", message: Annotated[str | None, Query(max_length=200)] = None
) -> HTMLResponse:
    """The queue, newest documents first."""
    kb = kb_of(request)
    claims = claim_context(kb, list_claims(kb.engine, status, LIMIT, 0))
    total = count_claims(kb.engine, status)
    twin = f"/api/review?status={status}&limit={LIMIT}"
    return render(
        request, "review.html", twin, claims=claims, total=total, queue_status=status, limit=LIMIT, message=message
    )


@router.post("/review/login", response_class=HTMLResponse)
def login(request: Request, token: Annotated[str, Form(max_length=200)] = "", csrf: Csrf = "") -> Response:
    """Trade a valid API token for a session cookie of this browser."""
    api = state(request)
    if not api.sessions.csrf_ok(request, csrf):
        return error_page(request, 403, "the form had expired or came from another site; reload the page and try again")
    try:  # the same check as the API's Bearer header
        owner = token_owner(api.tokens, f"Bearer {token.strip()}" if token.strip() else None)
    except ApiError as refused:
        return error_page(request, refused.status, refused.message)
    response = _back(f"signed in as {owner}")
    max_age = int(api.settings.session_hours * 3600)
    set_cookie(response, request, SESSION_COOKIE, api.sessions.issue(owner), max_age=max_age)
    return response


@router.post("/review/logout", response_class=HTMLResponse)
def logout(request: Request, csrf: Csrf = "") -> Response:
    if not state(request).sessions.csrf_ok(request, csrf):
        return error_page(request, 403, "the form had expired or came from another site; reload the page and try again")
    response = _back("signed out")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/review/{claim_id}/{action}", response_class=HTMLResponse)
def decide_claim(request: Request, claim_id: str, action: Literal["accept", "reject"], csrf: Csrf = "") -> Response:
    """Accept or reject one claim, as the signed-in reviewer."""
    api = state(request)
    if not api.sessions.csrf_ok(request, csrf):
        return error_page(request, 403, "the form had expired or came from another site; reload the page and try again")
    owner = api.sessions.owner(request)
    if owner is None:
        return error_page(request, 401, "deciding on a claim needs a signed-in reviewer (sign in with an API token)")
    kb = kb_of(request)
    try:
        if action == "accept":
            accept(kb.engine, claim_id, reviewer=owner)
            kb.refresh()
        else:
            reject(kb.engine, claim_id, reviewer=owner)
    except ReviewError as error:
        return error_page(request, 400, str(error))
    return _back(f"{action}ed {claim_id}")
