"""``csto serve`` (the dashboard and API) and ``csto token`` (API tokens for writes)."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()
token_app = typer.Typer(help="Create, list and revoke API tokens (writes need one).", no_args_is_help=True)

DbUrl = Annotated[
    str | None, typer.Option("--db", help="Database URL (default: CSTO_DATABASE_URL or the user data dir).")
]


def serve(
    host: Annotated[
        str, typer.Option(help="Interface to listen on; 127.0.0.1 keeps it on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    db: DbUrl = None,
) -> None:
    """Serve the dashboard and the REST API (building the database first if needed)."""
    import uvicorn

    from csto.store import open_store

    kb = open_store(db)  # builds or updates the embedded database once, before workers start
    os.environ["CSTO_DATABASE_URL"] = kb.engine.url.render_as_string(hide_password=False)
    kb.engine.dispose()
    console.print(f"csto dashboard on [bold]http://{host}:{port}/[/] (API docs at /docs); Ctrl+C to stop")
    uvicorn.run(
        "csto.web:app_from_environment", factory=True, host=host, port=port, workers=workers, log_level="warning"
    )


def _tokens(db: str | None):  # type: ignore[no-untyped-def]
    from csto.api.tokens import TokenStore
    from csto.store import open_store

    return TokenStore(open_store(db).engine)


@token_app.command("create")
def token_create(name: Annotated[str, typer.Argument(help="Who the token is for.")], db: DbUrl = None) -> None:
    """Create a token (shown once; only its hash is stored). Replaces an older token of that name."""
    token = _tokens(db).create(name)
    console.print(f"token for [bold]{name}[/] (store it now, it is not shown again):")
    print(token)


@token_app.command("list")
def token_list(db: DbUrl = None) -> None:
    """List token names and creation times."""
    table = Table("Name", "Created")
    for info in _tokens(db).list():
        table.add_row(info.name, info.created_at.isoformat(timespec="seconds"))
    console.print(table)


@token_app.command("revoke")
def token_revoke(name: Annotated[str, typer.Argument(help="Token name.")], db: DbUrl = None) -> None:
    """Revoke a token; with none left, the server is read-only again."""
    if not _tokens(db).revoke(name):
        console.print(f"[red]no token called {name!r}[/]")
        raise typer.Exit(1)
    console.print(f"revoked {name}")
