"""The FastAPI application: routes, error handlers, request-size limit and shared state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import APIRouter, FastAPI

import csto
from csto.api.deps import MAX_BODY_BYTES, ApiState
from csto.api.errors import error_response, install_error_handlers
from csto.api.routes_kb import router as kb_router
from csto.api.tokens import TokenStore
from csto.store import KnowledgeBase

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodySizeLimit:
    """Refuse request bodies over a limit with 413, whether or not Content-Length is sent."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await error_response(413, "body_too_large", f"request body over {self.limit} bytes")(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await error_response(413, "body_too_large", f"request body over {self.limit} bytes")(scope, receive, send)


class _TooLarge(Exception):
    pass


def create_api(
    kb: KnowledgeBase, routers: list[APIRouter] | None = None, max_body_bytes: int = MAX_BODY_BYTES
) -> FastAPI:
    """The REST API over ``kb``; more routers (rules, simulator, review) can be passed in."""
    app = FastAPI(
        title="csto",
        version=csto.__version__,
        description="An executable, evidence-backed model of the Collective Security Treaty Organization. "
        "Reading is open; writes need an API token (`csto token create`).",
    )
    app.state.csto = ApiState(kb=kb, tokens=TokenStore(kb.engine), max_body_bytes=max_body_bytes)
    install_error_handlers(app)
    app.include_router(kb_router)
    for router in routers or []:
        app.include_router(router)
    app.add_middleware(BodySizeLimit, limit=max_body_bytes)
    return app
