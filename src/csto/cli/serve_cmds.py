"""``csto serve`` (the dashboard and API) and ``csto token`` (API tokens for writes)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from csto.cli.problems import database_problem, fail, os_problem, stderr, stdout

token_app = typer.Typer(help="Create, list and revoke API tokens (writes need one).", no_args_is_help=True)

DbUrl = Annotated[
    str | None, typer.Option("--db", help="Database URL (default: CSTO_DATABASE_URL or the user data dir).")
]


def serve(
    host: Annotated[
        str, typer.Option(help="Interface to listen on; 127.0.0.1 keeps it on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    db: DbUrl = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option("--allowed-host", help="Host name the server answers for (repeatable; default: loopback names)."),
    ] = None,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option("--cors-origin", help="Origin that may read /api from a browser (repeatable; default: any)."),
    ] = None,
    no_cors: Annotated[bool, typer.Option("--no-cors", help="No CORS headers at all.")] = False,
    scenarios: Annotated[
        Path | None, typer.Option("--scenarios", help="Folder of extra scenarios, read once at start.")
    ] = None,
    heavy_workers: Annotated[int, typer.Option(min=1, max=16, help="Processes for simulations and backtests.")] = 1,
    max_connections: Annotated[int, typer.Option(min=8, max=100_000, help="Concurrent connections.")] = 512,
    header_timeout: Annotated[
        float, typer.Option(min=0.5, max=300, help="Seconds a client has to send a request's headers.")
    ] = 10.0,
) -> None:
    """Serve the dashboard and the REST API (building the database first if needed)."""
    from csto.api.settings import LOCAL_HOSTS, ServerSettings
    from csto.sim import ScenarioRegistry, SimulationError
    from csto.store import open_store
    from csto.web.server import run

    if scenarios is not None:
        try:
            ScenarioRegistry(scenarios)  # refuse a bad folder now, not in every worker
        except SimulationError as error:
            raise fail(str(error)) from None
    hosts = tuple(allowed_host or ()) or LOCAL_HOSTS
    if host not in ("127.0.0.1", "localhost", "::1") and not allowed_host:
        stderr().print(
            f"note: listening on {host} but answering only for {', '.join(hosts)}; "
            "add --allowed-host NAME for each name clients will use", markup=False, highlight=False,
        )  # fmt: skip
    settings = ServerSettings(
        allowed_hosts=hosts,
        cors_origins=() if no_cors else tuple(cors_origin or ("*",)),
        scenarios_dir=scenarios.resolve() if scenarios else None,
        heavy_workers=heavy_workers,
        max_connections=max_connections,
        header_timeout_s=header_timeout,
        start_workers=True,
    )
    with _reported():
        kb = open_store(db)  # builds or updates the embedded database once, before workers start
    os.environ["CSTO_DATABASE_URL"] = kb.engine.url.render_as_string(hide_password=False)
    kb.engine.dispose()
    shown = f"[{host}]" if ":" in host else host
    stdout().print(f"csto dashboard on [bold]http://{shown}:{port}/[/] (API docs at /docs); Ctrl+C to stop")
    run(host, port, workers, settings)


@contextmanager
def _reported() -> Iterator[None]:
    """A database that cannot be opened or a path that cannot be used: one line, no traceback."""
    from sqlalchemy.exc import SQLAlchemyError

    from csto.store import StoreError

    try:
        yield
    except StoreError as error:
        raise fail(str(error), 1) from None
    except OSError as error:
        raise fail(os_problem(error)) from None
    except SQLAlchemyError as error:
        raise fail(database_problem(error), 1) from None


def _tokens(db: str | None):  # type: ignore[no-untyped-def]
    from csto.store import open_store
    from csto.store.tokens import TokenStore

    with _reported():
        return TokenStore(open_store(db).engine)


def _token_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > 100 or not cleaned.isprintable():
        raise fail(f"token name {name!r}: give 1 to 100 printable characters")
    return cleaned


@token_app.command("create")
def token_create(name: Annotated[str, typer.Argument(help="Who the token is for.")], db: DbUrl = None) -> None:
    """Create a token (shown once; only its hash is stored). Replaces an older token of that name."""
    name = _token_name(name)
    tokens = _tokens(db)
    with _reported():
        token = tokens.create(name)
    stdout().print(f"token for {name} (store it now, it is not shown again):", markup=False, highlight=False)
    print(token)


@token_app.command("list")
def token_list(db: DbUrl = None) -> None:
    """List token names and creation times."""
    from rich.table import Table
    from rich.text import Text

    table = Table("Name", "Created")
    tokens = _tokens(db)
    with _reported():
        infos = tokens.list()
    for info in infos:
        table.add_row(Text(info.name), info.created_at.isoformat(timespec="seconds"))
    stdout().print(table)


@token_app.command("revoke")
def token_revoke(name: Annotated[str, typer.Argument(help="Token name.")], db: DbUrl = None) -> None:
    """Revoke a token; with none left, the server is read-only again."""
    tokens = _tokens(db)
    with _reported():
        revoked = tokens.revoke(name)
    if not revoked:
        raise fail(f"no token called {name!r}; `csto token list` shows them", 1)
    stdout().print(f"revoked {name}", markup=False, highlight=False)
