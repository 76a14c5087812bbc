"""The FastAPI application: routes, error handlers, HTTP middlewares and shared state."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

import csto
from csto.api import http
from csto.api.deps import MAX_BODY_BYTES, ApiState
from csto.api.docs_pages import install_docs
from csto.api.errors import install_error_handlers
from csto.api.heavy import HeavyWork
from csto.api.routes_alignment import router as alignment_router
from csto.api.routes_download import router as download_router
from csto.api.routes_kb import router as kb_router
from csto.api.session import Sessions
from csto.api.settings import ServerSettings
from csto.sim import ScenarioRegistry
from csto.store import KnowledgeBase
from csto.store.engine import stored_digest
from csto.store.tokens import TokenStore


def create_api(
    kb: KnowledgeBase,
    routers: list[APIRouter] | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    settings: ServerSettings | None = None,
) -> FastAPI:
    """The REST API over ``kb``; more routers (rules, simulator, review) can be passed in."""
    settings = settings or ServerSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state: ApiState = app.state.csto
        if settings.start_workers:
            state.heavy.start()
        yield
        state.heavy.close()

    app = FastAPI(
        title="csto",
        version=csto.__version__,
        description="An executable, evidence-backed model of the Collective Security Treaty Organization. "
        "Reading is open; writes need an API token (`csto token create`). Heavy work (simulations, "
        "backtests) is bounded: anonymous callers get fewer draws and a per-minute limit.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    tokens = TokenStore(kb.engine)
    db_url = kb.engine.url.render_as_string(hide_password=False)
    app.state.csto = ApiState(
        kb=kb,
        tokens=tokens,
        settings=settings,
        heavy=HeavyWork(settings, db_url),
        scenarios=ScenarioRegistry(settings.scenarios_dir),
        sessions=Sessions(settings.session_secret, settings.session_hours, tokens),
        dataset_digest=stored_digest(kb.engine) or "",
        max_body_bytes=max_body_bytes,
    )
    install_error_handlers(app)
    install_docs(app)
    app.include_router(kb_router)
    app.include_router(download_router)
    app.include_router(alignment_router)
    for router in routers or []:
        app.include_router(router)
    http.install(app, settings, max_body_bytes, etag_prefix=lambda: app.state.csto.dataset_digest[:12])
    return app
