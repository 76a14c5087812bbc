"""Interactive API documentation (Swagger UI at /docs, ReDoc at /redoc) that works offline.

The assets come from the ``fastapi-offline`` package, installed from the package registry; the
pages load nothing from another host and run no inline script, so the strict CSP holds.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/api-docs-assets"
OWN = Path(__file__).parent / "static"

router = APIRouter(include_in_schema=False)

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>csto API · {title}</title>{head}</head>
<body>{body}</body></html>"""


@router.get("/docs", response_class=HTMLResponse)
def swagger() -> HTMLResponse:
    head = f'<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">'
    body = (
        f'<div id="swagger-ui"></div><script src="{ASSETS}/swagger-ui-bundle.js"></script>'
        '<script src="/api-docs-own/swagger-init.js"></script>'
    )
    return HTMLResponse(_PAGE.format(title="Swagger UI", head=head, body=body))


@router.get("/redoc", response_class=HTMLResponse)
def redoc() -> HTMLResponse:
    body = f'<redoc spec-url="/openapi.json"></redoc><script src="{ASSETS}/redoc.standalone.js"></script>'
    return HTMLResponse(_PAGE.format(title="ReDoc", head="", body=body))


@router.get("/favicon.ico")
def favicon() -> RedirectResponse:
    """Browsers ask for it on every site; the icon shipped with the docs assets will do."""
    return RedirectResponse(f"{ASSETS}/favicon.png", status_code=301)


def install_docs(app: FastAPI) -> None:
    """Mount the documentation pages and their assets on ``app`` (created with docs_url=None)."""
    assets = Path(str(files("fastapi_offline") / "static"))
    app.mount(ASSETS, StaticFiles(directory=assets), name="api-docs-assets")
    app.mount("/api-docs-own", StaticFiles(directory=OWN), name="api-docs-own")
    app.include_router(router)
