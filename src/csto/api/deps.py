"""What every route needs: the knowledge base, the date asked about, and the write guard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Query, Request

from csto.api.answers import client_address, state
from csto.api.heavy import HeavyWork
from csto.api.session import Sessions
from csto.api.settings import ServerSettings
from csto.frontdoor import AsOf, resolve_day, token_owner
from csto.sim import ScenarioRegistry
from csto.store import KnowledgeBase
from csto.store.tokens import TokenStore

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


async def get_kb(request: Request) -> KnowledgeBase:
    # ``async``: FastAPI runs a plain ``def`` dependency in its thread pool, a hand-off per request
    return state(request).kb


KB = Annotated[KnowledgeBase, Depends(get_kb)]


async def as_of(
    value: Annotated[
        str | None,
        Query(alias="as_of", description="Date YYYY-MM-DD; today if omitted (the answer says so).", max_length=10),
    ] = None,
) -> AsOf:
    return resolve_day(value, "as_of")


AsOfDay = Annotated[AsOf, Depends(as_of)]


def require_token(
    request: Request,
    authorization: Annotated[str | None, Header(description="Bearer API token")] = None,
) -> str:
    """Allow a write only with a valid token; refuse all writes when none is configured."""
    return token_owner(state(request).tokens, authorization)


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


__all__ = ["KB", "ApiState", "AsOf", "AsOfDay", "Caller", "Writer", "client_address", "state"]
