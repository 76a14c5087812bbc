"""The one application: the REST API plus the dashboard pages and their static assets."""

from __future__ import annotations

import logging
import os
from html import escape

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from csto.api import create_api
from csto.api.settings import ServerSettings
from csto.store import KnowledgeBase, open_store
from csto.web.pages import HERE, error_page
from csto.web.pages import router as pages_router
from csto.web.parts import Parts, all_parts

log = logging.getLogger("csto.web")


def html_error(request: Request, status: int, message: str, suggestions: list[str]) -> Response:
    """An error on a page as a page of the site; a bare page if even that cannot be drawn."""
    try:
        return error_page(request, status, message, suggestions)
    except Exception:
        log.exception("the error page itself failed")
        body = f"<!doctype html><title>{status}</title><h1>{status}</h1><p>{escape(message)}</p>"
        return HTMLResponse(body, status_code=status)


def create_app(kb: KnowledgeBase, parts: Parts | None = None, settings: ServerSettings | None = None) -> FastAPI:
    """API and dashboard over ``kb``, with every part (rules, simulator, review) unless told otherwise."""
    parts = all_parts() if parts is None else parts
    app = create_api(kb, routers=parts.api_routers, settings=settings)
    app.state.extra_nav = parts.nav
    app.state.html_error = html_error
    app.include_router(pages_router)
    for router in parts.page_routers:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


def app_from_environment() -> FastAPI:
    """Factory for ``uvicorn --factory``: the store at ``CSTO_DATABASE_URL``, settings from ``CSTO_SERVER_*``."""
    kb = open_store(os.environ.get("CSTO_DATABASE_URL") or None)
    return create_app(kb, settings=ServerSettings.from_environment())
