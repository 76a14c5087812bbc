"""The ``csto`` commands: thin commands that parse, call the knowledge base and render.

Importing it imports Typer, the front door and the command modules, nothing more: each command
imports what it needs when it runs (the store and SQLAlchemy, the rules, the simulator, Rich for
tables), so ``csto members`` never loads Rich's tables' renderer, the rules, the simulator or the
web server. ``tests/cli/test_imports.py`` keeps it so. ``csto.cli.main`` answers a few questions
before even this is imported (``csto.cli.quick``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any

import typer

from csto.cli import get_cmd, ingest_cmds, rules_cmds, serve_cmds, sim_cmds
from csto.cli.problems import database_problem, fail, os_problem, output_folder, say, stdout
from csto.frontdoor import ApiError, problem_of, resolve_day

if TYPE_CHECKING:
    from csto.store import KnowledgeBase


def _data_dir() -> Path:
    """``csto.dataset.DATA_DIR``, found without importing the dataset's loader (and pydantic's models)."""
    spec = find_spec("csto.dataset")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "data"


DATA_DIR = _data_dir()

app = typer.Typer(
    help="An executable, evidence-backed model of the CSTO.", no_args_is_help=True, pretty_exceptions_enable=False
)
db_app = typer.Typer(help="Build and inspect the database.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.command()(serve_cmds.serve)
app.command()(get_cmd.get)
app.add_typer(serve_cmds.token_app, name="token")
app.command()(ingest_cmds.extract)
app.command()(ingest_cmds.ingest)
app.add_typer(ingest_cmds.review_app, name="review")
app.add_typer(ingest_cmds.eval_app, name="eval")
app.add_typer(rules_cmds.rules_app, name="rules")
app.command("decide")(rules_cmds.decide_command)
app.command()(sim_cmds.simulate)
app.command()(sim_cmds.backtest)
app.command()(sim_cmds.sweep)
app.command()(import_module("csto.cli.alignment_cmd").alignment)

AsOf = Annotated[str | None, typer.Option("--as-of", help="Date YYYY-MM-DD (default: today).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
ShowSources = Annotated[bool, typer.Option("--sources", help="Show the sources behind every line.")]
DbUrl = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: CSTO_DATABASE_URL or a SQLite file in the user data directory)."),
]


def _fail(message: str, code: int = 2) -> typer.Exit:
    return fail(message, code)


@contextmanager
def _errors_reported() -> Iterator[None]:
    """Turn the core's exceptions into one clear line on stderr and the front door's exit code."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except OSError as error:
        raise _fail(os_problem(error)) from None
    except SQLAlchemyError as error:
        raise _fail(database_problem(error), 1) from None
    except Exception as error:
        found = problem_of(error)
        if found is None:
            raise
        raise _fail(found.message, found.exit_code) from None


def _day(as_of: str | None) -> tuple[date, bool]:
    """The day asked about, or today (the answer says so): the same rule as the API's."""
    try:
        at = resolve_day(as_of, "--as-of")
    except ApiError as error:
        raise _fail(error.message) from None
    return at.day, at.defaulted


def _kb(db: str | None) -> KnowledgeBase:
    from csto.store import open_store

    with _errors_reported():
        return open_store(db)


def _emit(value: Any, as_json: bool, rich: Callable[[ModuleType], Any]) -> None:
    """Print ``value`` as JSON, or what ``rich`` makes of it with ``csto.cli.render`` (imported only then)."""
    if as_json:
        from pydantic import BaseModel, TypeAdapter

        if isinstance(value, BaseModel):
            payload = value.model_dump_json(indent=2)
        else:
            payload = TypeAdapter(type(value)).dump_json(value, indent=2).decode()
        print(payload)
    else:
        from csto.cli import render

        stdout().print(rich(render))


@app.command()
def overview(as_of: AsOf = None, as_json: AsJson = False, sources: ShowSources = False, db: DbUrl = None) -> None:
    """The state of the organization on a date: members, chair, officials, bodies, latest events."""
    at, defaulted = _day(as_of)
    kb = _kb(db)
    with _errors_reported():
        result = kb.overview(at)
    _emit(result, as_json, lambda render: render.overview_renderable(result, defaulted, sources))


@app.command()
def members(
    as_of: AsOf = None,
    include_former: Annotated[bool, typer.Option("--all", help="Include withdrawn states.")] = False,
    as_json: AsJson = False,
    sources: ShowSources = False,
    db: DbUrl = None,
) -> None:
    """Who is a member on a date, and with what status."""
    at, defaulted = _day(as_of)
    kb = _kb(db)
    with _errors_reported():
        result = kb.members(at, include_former=include_former)
    if not as_json and defaulted:
        stdout().print(f"[dim]as of today, {at}[/]")
    _emit(result, as_json, lambda render: render.members_table(result, sources))


@app.command()
def chair(
    as_of: AsOf = None,
    body: Annotated[str, typer.Option(help="Body whose chair to show.")] = "collective-security-council",
    as_json: AsJson = False,
    sources: ShowSources = False,
    db: DbUrl = None,
) -> None:
    """Which state chairs the organization on a date."""
    at, _ = _day(as_of)
    kb = _kb(db)
    with _errors_reported():
        result = kb.chair(at, body)
    _emit(result, as_json, lambda render: render.chair_text(result, sources))


@app.command()
def officials(
    as_of: AsOf = None,
    office: Annotated[str | None, typer.Option(help="Only this office.")] = None,
    as_json: AsJson = False,
    sources: ShowSources = False,
    db: DbUrl = None,
) -> None:
    """Who holds each office of the organization on a date."""
    at, defaulted = _day(as_of)
    kb = _kb(db)
    with _errors_reported():
        result = kb.officials(at, office)
    if not as_json and defaulted:
        stdout().print(f"[dim]as of today, {at}[/]")
    _emit(result, as_json, lambda render: render.officials_table(result, sources))


@app.command()
def timeline(
    start: Annotated[str | None, typer.Option("--from", help="Start (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="End (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Event type; repeat for several.")] = None,
    state: Annotated[str | None, typer.Option(help="Only events involving this state.")] = None,
    entity: Annotated[str | None, typer.Option(help="Only events involving this entity.")] = None,
    limit: Annotated[int, typer.Option(help="Page size (at most 500).")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many events.")] = 0,
    as_json: AsJson = False,
    sources: ShowSources = False,
    db: DbUrl = None,
) -> None:
    """Events in order, filtered by period, kind, state or entity."""
    kb = _kb(db)
    with _errors_reported():
        page = kb.timeline(start, end, kind or [], state, entity, limit, offset)
    _emit(page, as_json, lambda render: render.timeline_renderable(page, sources))


@app.command()
def show(
    name: Annotated[str, typer.Argument(help="Entity id, name or alias.")],
    as_json: AsJson = False,
    sources: ShowSources = False,
    db: DbUrl = None,
) -> None:
    """Everything known about one entity: names, facts, events, disputes, sources."""
    kb = _kb(db)
    with _errors_reported():
        report = kb.entity(name)
    _emit(report, as_json, lambda render: render.entity_renderable(report, sources))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to look for (in names and aliases; with --text, everywhere).")],
    kind: Annotated[
        list[str] | None,
        typer.Option(help="An entity kind; with --text also event, fact, source, entity or an event type. Repeatable."),
    ] = None,
    state: Annotated[str | None, typer.Option(help="Only records involving this state (implies --text).")] = None,
    start: Annotated[str | None, typer.Option("--from", help="Only records dated from (implies --text).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Only records dated until (implies --text).")] = None,
    text: Annotated[
        bool, typer.Option("--text", help="Search the text of events, facts, sources and entities, ranked.")
    ] = False,
    limit: Annotated[int, typer.Option(min=1, max=500, help="At most this many results (100 with --text).")] = 20,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many matches (implies --text).")] = 0,
    as_json: AsJson = False,
    db: DbUrl = None,
) -> None:
    """Find entities by name or alias (Russian names and spelling variants included), or with --text
    every event, fact, source and entity whose text holds the words, filtered by kind, state and period."""
    from csto.store.search import ENTITY_KINDS

    kinds = kind or []
    kb = _kb(db)
    if text or state or start or end or offset or any(k not in ENTITY_KINDS for k in kinds):
        with _errors_reported():
            page = kb.find(query, kinds, state, start, end, limit, offset)
            if not page.terms:
                raise _fail(f"{query!r} has no word to look for: give letters or digits.", 2)
            if not page.total and not as_json:
                raise _fail(f"no record holds the words {query!r} with these filters.", 1)

        def results(_render: ModuleType) -> Any:
            from csto.cli.search_render import results_renderable

            return results_renderable(page)

        _emit(page, as_json, results)
        return
    with _errors_reported():
        wanted: list[str | None] = [*kinds] or [None]
        found = [h for k in wanted for h in kb.search(query, limit=limit, kind=k)]
        hits = sorted(found, key=lambda h: (-h.score, h.entity.name))[:limit]
        if not hits and not as_json:
            suggestions = kb.suggest(query)
            hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
            raise _fail(f"nothing matches {query!r}.{hint} To search the text of every record: --text", 1)
    _emit(hits, as_json, lambda render: render.search_table(hits))


@app.command("export")
def export_command(
    directory: Annotated[Path, typer.Argument(help="Folder to write into.")],
    fmt: Annotated[str, typer.Option("--format", help="csv, parquet or json.")] = "csv",
    table: Annotated[list[str] | None, typer.Option(help="entities, facts, events or sources; repeatable.")] = None,
    db: DbUrl = None,
) -> None:
    """Write entities, facts, events and sources as CSV, Parquet or JSON files."""
    from csto.store.export import FORMATS, TABLES, export

    if fmt not in FORMATS:
        raise _fail(f"--format must be one of {', '.join(FORMATS)}")
    chosen = tuple(table or TABLES)
    unknown = [t for t in chosen if t not in TABLES]
    if unknown:
        raise _fail(f"unknown table(s) {unknown}; choose from {', '.join(TABLES)}")
    output_folder(directory, "export")
    kb = _kb(db)
    with _errors_reported():
        written = export(kb, directory, fmt, chosen)
    for path in written:
        stdout().print(f"wrote {path}", markup=False, highlight=False)


@db_app.command("build")
def db_build(
    db: DbUrl = None,
    data: Annotated[Path, typer.Option(help="Dataset folder.")] = DATA_DIR,
) -> None:
    """Validate the dataset and rebuild the curated part of the database, atomically."""
    from csto.store import make_engine, rebuild

    with _errors_reported():
        engine = make_engine(db)
        report = rebuild(engine, data)
    counts = ", ".join(f"{n} {k}" for k, n in report.counts.items())
    stdout().print(f"built {engine.url.render_as_string(hide_password=True)} in {report.seconds:.2f}s: {counts}")


@db_app.command("check")
def db_check(data: Annotated[Path, typer.Option(help="Dataset folder.")] = DATA_DIR) -> None:
    """Validate the dataset without touching any database."""
    from csto.dataset import load_dataset

    with _errors_reported():
        dataset = load_dataset(data)
    stdout().print("dataset is valid: " + ", ".join(f"{n} {k}" for k, n in dataset.counts().items()))


@db_app.command("upgrade")
def db_upgrade(db: DbUrl = None) -> None:
    """Bring the database's schema to the revision this csto needs, keeping every row."""
    from csto.store import make_engine
    from csto.store.migrate import upgrade

    with _errors_reported():
        engine = make_engine(db)
        before, after = upgrade(engine)
    where = engine.url.render_as_string(hide_password=True)
    console = stdout()
    if before == after:
        console.print(f"{where} is already at schema revision {after}")
    else:
        console.print(f"upgraded {where} from {before or 'csto 0.1 (no revision)'} to schema revision {after}")


@db_app.command("url")
def db_url() -> None:
    """Print the database URL csto uses by default."""
    from csto.store import default_url

    print(default_url())


def main() -> None:
    try:
        app()
    except OSError as error:  # a path no command checked: still one line, not a traceback
        say(os_problem(error))
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        say("interrupted")
        raise SystemExit(130) from None


__all__ = ["app", "main"]
