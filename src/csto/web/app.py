"""The one application: the REST API plus the dashboard pages and their static assets."""

from __future__ import annotations

import os

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from csto.api import create_api
from csto.store import KnowledgeBase, open_store
from csto.web.pages import HERE
from csto.web.pages import router as pages_router
from csto.web.parts import Parts, all_parts


def create_app(kb: KnowledgeBase, parts: Parts | None = None) -> FastAPI:
    """API and dashboard over ``kb``, with every part (rules, simulator, review) unless told otherwise."""
    parts = all_parts() if parts is None else parts
    app = create_api(kb, routers=parts.api_routers)
    app.state.extra_nav = parts.nav
    app.include_router(pages_router)
    for router in parts.page_routers:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


def app_from_environment() -> FastAPI:
    """Factory for ``uvicorn --factory``: the store at ``CSTO_DATABASE_URL`` (or the default)."""
    return create_app(open_store(os.environ.get("CSTO_DATABASE_URL") or None))
