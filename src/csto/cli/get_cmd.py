"""``csto get PATH``: any route of the API (or any page) answered in this process, no server needed.

The request goes through the same application, middlewares and error handling as ``csto serve``
(as datasette's ``--get`` does), so the command line and the web give the same answers.
"""

from __future__ import annotations

import json
import sys
import warnings
from typing import Annotated

import typer

from csto.cli.problems import fail

DbUrl = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: CSTO_DATABASE_URL or a SQLite file in the user data directory)."),
]


def get(
    path: Annotated[str, typer.Argument(help="A path with its query, e.g. '/api/members?as_of=2013-06-01'.")],
    db: DbUrl = None,
    raw: Annotated[bool, typer.Option("--raw", help="Print the body as it came, not re-indented.")] = False,
) -> None:
    """Answer one GET request from the application itself and print the body (errors on stderr)."""
    with warnings.catch_warnings():  # starlette's notice about its HTTP client is not for our users
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from csto.api.settings import ServerSettings
    from csto.store import StoreError, open_store
    from csto.web import create_app

    if not path.startswith("/") or path.startswith("//"):
        raise fail(f"{path!r}: give a path on this server, starting with one '/' (e.g. /api/overview)")
    try:
        kb = open_store(db)
    except StoreError as error:
        raise fail(str(error), 1) from None
    settings = ServerSettings(allowed_hosts=("localhost",))
    with TestClient(create_app(kb, settings=settings), base_url="http://localhost") as client:
        response = client.get(path)
    body = response.text
    if response.headers.get("content-type", "").startswith("application/json") and not raw:
        body = json.dumps(response.json(), indent=2, ensure_ascii=False)
    if response.status_code >= 400:
        try:
            message = response.json()["error"]["message"]
        except (ValueError, KeyError, TypeError):
            message = f"HTTP {response.status_code}"
        raise fail(f"{path}: {response.status_code} {message}", 2 if response.status_code < 500 else 1)
    sys.stdout.write(body if body.endswith("\n") else body + "\n")
