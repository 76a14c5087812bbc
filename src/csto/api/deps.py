"""What every route needs: the knowledge base, the date asked about, and the write guard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Depends, Header, Query, Request

from csto.api.errors import ApiError
from csto.api.heavy import HeavyWork
from csto.api.session import Sessions
from csto.api.settings import ServerSettings
from csto.api.tokens import TokenStore
from csto.periods import DateError, parse_day
from csto.sim import ScenarioRegistry
from csto.store import KnowledgeBase

MAX_BODY_BYTES = 2 * 1024 * 1024


@dataclass
class ApiState:
    """Shared, process-wide objects, built once when the application is created."""

    kb: KnowledgeBase
    tokens: TokenStore
    settings: ServerSettings
    heavy: HeavyWork
    scenarios: ScenarioRegistry
    sessions: Sessions
    dataset_digest: str = ""
    max_body_bytes: int = MAX_BODY_BYTES


def state(request: Request) -> ApiState:
    value: ApiState = request.app.state.csto
    return value


def get_kb(request: Request) -> KnowledgeBase:
    return state(request).kb


KB = Annotated[KnowledgeBase, Depends(get_kb)]


@dataclass(frozen=True)
class AsOf:
    day: date
    defaulted: bool


def as_of(
    value: Annotated[
        str | None,
        Query(alias="as_of", description="Date YYYY-MM-DD; today if omitted (the answer says so).", max_length=10),
    ] = None,
) -> AsOf:
    if value is None:
        return AsOf(date.today(), True)
    try:
        return AsOf(parse_day(value), False)
    except DateError as error:
        raise ApiError(400, "bad_date", f"as_of: {error}") from None


AsOfDay = Annotated[AsOf, Depends(as_of)]


def require_token(
    request: Request,
    authorization: Annotated[str | None, Header(description="Bearer API token")] = None,
) -> str:
    """Allow a write only with a valid token; refuse all writes when none is configured."""
    tokens = state(request).tokens
    if not tokens.configured():
        raise ApiError(403, "read_only", "this server is read-only: no API token is configured (csto token create)")
    if not authorization or not authorization.lower().startswith("bearer "):
        raise ApiError(401, "token_required", "this request changes data and needs 'Authorization: Bearer <token>'")
    owner = tokens.check(authorization[7:].strip())
    if owner is None:
        raise ApiError(401, "bad_token", "the API token is not valid")
    return owner


Writer = Annotated[str, Depends(require_token)]


def optional_token(
    request: Request,
    authorization: Annotated[str | None, Header(description="Bearer API token (raises the caps on heavy work)")] = None,
) -> str | None:
    """The token's owner when one is sent (a wrong one is refused), None for anonymous callers."""
    if not authorization:
        return None
    return require_token(request, authorization)


Caller = Annotated[str | None, Depends(optional_token)]


def client_address(request: Request) -> str:
    """The address heavy-work limits are counted against (the direct peer; no proxy headers)."""
    return request.client.host if request.client else "unknown"
