"""The one application: the REST API plus the dashboard pages and their static assets."""

from __future__ import annotations

import os

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from csto.api import create_api
from csto.store import KnowledgeBase, open_store
from csto.web.pages import HERE
from csto.web.pages import router as pages_router


def create_app(
    kb: KnowledgeBase,
    api_routers: list[APIRouter] | None = None,
    page_routers: list[APIRouter] | None = None,
    extra_nav: list[tuple[str, str]] | None = None,
) -> FastAPI:
    """API and dashboard over ``kb``; other parts add their API routes, pages and menu entries."""
    app = create_api(kb, routers=api_routers)
    app.state.extra_nav = extra_nav or []
    app.include_router(pages_router)
    for router in page_routers or []:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


def app_from_environment() -> FastAPI:
    """Factory for ``uvicorn --factory``: the store at ``CSTO_DATABASE_URL`` (or the default)."""
    from csto.web.parts import all_parts

    kb = open_store(os.environ.get("CSTO_DATABASE_URL") or None)
    parts = all_parts()
    return create_app(kb, parts.api_routers, parts.page_routers, parts.nav)
