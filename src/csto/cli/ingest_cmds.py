"""``csto extract``, ``csto ingest``, ``csto review ...`` and ``csto eval ingest``: news in, reviewed claims out."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from csto.cli.problems import database_problem, fail, os_problem, output_file, say, stderr, stdout

review_app = typer.Typer(help="Review proposed claims: list, accept, edit, reject, export.", no_args_is_help=True)
eval_app = typer.Typer(help="Evaluate parts of csto against gold sets.", no_args_is_help=True)

DbUrl = Annotated[
    str | None, typer.Option("--db", help="Database URL (default: CSTO_DATABASE_URL or the user data dir).")
]
Paths = Annotated[list[str], typer.Argument(help="Files, folders or - for standard input (.txt, .html, .md, .jsonl).")]
Workers = Annotated[int, typer.Option("--workers", min=1, max=64, help="Local worker processes.")]
Format = Annotated[str | None, typer.Option("--format", help="Read every input as txt, html, md or jsonl.")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", min=1, help="Skip files (and JSONL lines) larger than this.")]
Reviewer = Annotated[str | None, typer.Option("--reviewer", help="Who decides (recorded in the log).")]
Note = Annotated[str | None, typer.Option("--note", help="Why (recorded in the log).")]


def _fail(message: str, code: int = 2) -> typer.Exit:
    return fail(message, code)


@contextmanager
def _reported() -> Iterator[None]:
    from sqlalchemy.exc import SQLAlchemyError

    from csto.dataset import DatasetError
    from csto.ingest.evaluate import GoldError
    from csto.store import StoreError
    from csto.store.claims import ReviewError

    try:
        yield
    except (ReviewError, GoldError, ValueError) as error:
        raise _fail(str(error)) from None
    except (StoreError, DatasetError) as error:
        raise _fail(str(error), 1) from None
    except OSError as error:
        raise _fail(os_problem(error)) from None
    except SQLAlchemyError as error:
        raise _fail(database_problem(error), 1) from None


def _store(db: str | None) -> Any:
    from csto.store import open_store

    with _reported():
        return open_store(db)


def _problem(problem: Any) -> None:
    say(f"{problem.where}: {problem.reason}", label="skipped", style="yellow")


def extract(
    paths: Paths,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per document (JSON Lines).")] = False,
    workers: Workers = 1,
    fmt: Format = None,
    max_bytes: MaxBytes = 5_000_000,
    with_text: Annotated[bool, typer.Option("--with-text", help="Include the text that spans point into.")] = False,
    no_anchor: Annotated[bool, typer.Option("--no-anchor", help="Do not date by events already in the store.")] = False,
    db: DbUrl = None,
) -> None:
    """Extract mentions, dates and events from articles without storing anything."""
    from datetime import UTC, datetime

    from csto.ingest.lexicon import Lexicon
    from csto.ingest.models import ReadProblem
    from csto.ingest.pipeline import extract_stream
    from csto.ingest.readers import read_inputs

    kb = _store(db)
    with _reported():
        lexicon = Lexicon.from_engine(kb.engine)
    if no_anchor:
        lexicon.events = []
    count = 0
    with _reported():
        stream = read_inputs(paths, fmt, max_bytes)
        moment = datetime.now(UTC).date()  # the moment of ingestion: no publication date can be later
        for result in extract_stream(stream, lexicon, workers=workers, with_text=with_text, now=moment):
            if isinstance(result, ReadProblem):
                _problem(result)
                continue
            count += 1
            if as_json:
                sys.stdout.write(result.model_dump_json(exclude_none=False) + "\n")
            else:
                _show(result)
    if count == 0:
        raise _fail("no document could be read", 1)


def _show(result: Any) -> None:
    from rich.table import Table

    console = stdout()
    doc = result.document
    when = f"{doc.published} ({doc.published_how}, {doc.published_confidence:.2f})" if doc.published else "unknown"
    console.print(f"[bold]{doc.title or doc.source}[/]  published {when}  [dim]{doc.source}[/]")
    table = Table(show_header=True, header_style="bold")
    for column in ("type", "date", "actors", "place", "conf.", "quote"):
        table.add_column(column)
    for event in result.events:
        table.add_row(
            event.type,
            event.date or "?",
            ", ".join(event.actors[:4]),
            event.place or "",
            f"{event.confidence:.2f}",
            event.quote[:80],
        )
    console.print(table)
    new = ", ".join(f"{e['name']} ({e['kind']})" for e in result.new_entities)
    console.print(f"{len(result.mentions)} mentions" + (f"; proposed new: {new}" if new else ""))


def ingest(
    paths: Paths,
    workers: Workers = 1,
    fmt: Format = None,
    max_bytes: MaxBytes = 5_000_000,
    use_ray: Annotated[
        bool, typer.Option("--ray", help="Run extraction on Ray (local instance or RAY_ADDRESS).")
    ] = False,
    db: DbUrl = None,
) -> None:
    """Store articles and their proposed claims; known articles (same content) are skipped, so a rerun resumes."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from csto.ingest.ingesting import ingest as run
    from csto.ingest.lexicon import Lexicon
    from csto.ingest.readers import read_inputs

    kb = _store(db)
    with _reported():
        lexicon = Lexicon.from_engine(kb.engine)
    runner = None
    if use_ray:
        from datetime import UTC, datetime

        from csto.ingest.ray_runner import extract_with_ray

        def runner(stream: Any, lex: Lexicon) -> Any:
            return extract_with_ray(stream, lex, actors=workers, with_text=True, now=datetime.now(UTC).date())

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} documents"),
        TimeElapsedColumn(),
    )
    with _reported(), Progress(*columns, console=stderr(), transient=True) as progress:
        task = progress.add_task("ingesting", total=None)

        def on_result(result: Any, stored: bool) -> None:
            progress.advance(task)
            if not stored and getattr(result, "reason", "") != "already ingested":
                _problem(result)

        report = run(kb.engine, read_inputs(paths, fmt, max_bytes), lexicon, workers, on_result, runner)
    stdout().print(
        f"stored {report.stored} new documents with {report.claims} proposed claims; "
        f"{report.known} already ingested; {len(report.problems)} skipped"
    )
    if report.stored == 0 and report.known == 0:
        raise _fail("no document could be read", 1)


@review_app.command("list")
def review_list(
    status: Annotated[str, typer.Option(help="proposed, accepted, rejected, disputed or all.")] = "proposed",
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    db: DbUrl = None,
) -> None:
    """Claims waiting for review (or with another status), with the words they came from."""
    from rich.table import Table

    from csto.store.claims import list_claims, restore_links

    kb = _store(db)
    with _reported():
        restore_links(kb.engine)
        rows = list_claims(kb.engine, None if status == "all" else status, limit, offset)
    if as_json:
        print(json.dumps(rows, indent=2, default=str))
        return
    table = Table(title=f"{status} claims", show_lines=True)
    for column in ("claim", "type", "date", "actors", "conf.", "status", "quote / source"):
        table.add_column(column, overflow="fold")
    for row in rows:
        payload = row["payload"]
        stance = f"\n{payload.get('topic')} {payload.get('stance', 0):+d}" if row["type"] == "position" else ""
        table.add_row(
            row["id"],
            row["type"] + stance,
            row["date"] or "?",
            ", ".join(payload.get("actors", [])[:5]),
            f"{row['confidence']:.2f}",
            row["status"],
            f"{payload.get('quote', '')[:160]}\n[dim]{row['title'] or row['source']}[/]",
        )
    stdout().print(table)


@review_app.command("accept")
def review_accept(claims: list[str], reviewer: Reviewer = None, note: Note = None, db: DbUrl = None) -> None:
    """Accept claims: they join the knowledge base as events and facts with the article as source."""
    from csto.store.claims import accept

    kb = _store(db)
    for claim in claims:
        with _reported():
            result = accept(kb.engine, claim, reviewer, note)
        flag = " [bold yellow]disputed[/] against " + ", ".join(result["disputes"]) if result["disputes"] else ""
        how = "joined" if result["merged"] else "created"
        if "position" in result:  # a position claim: backs a stored position, or waits on a dispute
            what = f"{'added a source to' if result['merged'] else 'created'} position {result['position']}"
            stdout().print(f"{claim}: {result['status']}" + ("" if result["disputes"] else f", {what}") + flag)
            continue
        stdout().print(f"{claim}: {result['status']}, {how} event {result['event']}{flag}")


@review_app.command("reject")
def review_reject(claims: list[str], reviewer: Reviewer = None, note: Note = None, db: DbUrl = None) -> None:
    """Reject claims (the decision is kept in the log)."""
    from csto.store.claims import reject

    kb = _store(db)
    for claim in claims:
        with _reported():
            reject(kb.engine, claim, reviewer, note)
        stdout().print(f"{claim}: rejected")


@review_app.command("edit")
def review_edit(
    claim: str,
    event_type: Annotated[str | None, typer.Option("--type", help="Event type.")] = None,
    date: Annotated[str | None, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    end_date: Annotated[str | None, typer.Option("--end-date")] = None,
    actor: Annotated[list[str] | None, typer.Option("--actor", help="Entity id; repeat for several.")] = None,
    place: Annotated[str | None, typer.Option(help="Entity id of the place.")] = None,
    status: Annotated[str | None, typer.Option(help="occurred, planned or cancelled.")] = None,
    holder: Annotated[str | None, typer.Option(help="Position claims: the state holding it (entity id).")] = None,
    topic: Annotated[str | None, typer.Option(help="Position claims: the topic (positions/README.md).")] = None,
    stance: Annotated[int | None, typer.Option(min=-2, max=2, help="Position claims: -2 … 2.")] = None,
    reviewer: Reviewer = None,
    note: Note = None,
    db: DbUrl = None,
) -> None:
    """Correct a proposed claim before accepting it."""
    from csto.store.claims import edit

    given = {
        "type": event_type,
        "date": date,
        "end_date": end_date,
        "actor_ids": actor,
        "place_id": place,
        "status": status,
        "holder": holder,
        "topic": topic,
        "stance": stance,
    }
    changes = {k: v for k, v in given.items() if v is not None}
    if not changes:
        raise _fail(
            "nothing to change; give --type, --date, --end-date, --actor, --place or --status "
            "(position claims: --date, --holder, --topic or --stance)"
        )
    kb = _store(db)
    with _reported():
        payload = edit(kb.engine, claim, changes, reviewer, note)
    if payload["type"] == "position":
        stdout().print(f"{claim}: position {payload['holder']} {payload['topic']} {payload['stance']:+d} "
                       f"{payload.get('date') or '?'}", markup=False, highlight=False)  # fmt: skip
        return
    stdout().print(f"{claim}: {payload['type']} {payload.get('date') or '?'} {', '.join(payload['actors'])}")


@review_app.command("show")
def review_show(
    claim: Annotated[str, typer.Argument(help="Claim id (csto review list shows them).")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    db: DbUrl = None,
) -> None:
    """One claim in full: what was read (for a position: holder, topic, stance and the cues), its source and log."""
    from csto.store.claims import get_claim

    kb = _store(db)
    with _reported():
        row = get_claim(kb.engine, claim)
    if as_json:
        print(json.dumps(row, indent=2, default=str))
        return
    payload = row["payload"]
    lines = [f"{row['id']}  {row['type']}  {row['status']}  confidence {row['confidence']:.2f}"]
    lines.append(f"source: {row['title'] or row['source']}" + (f" <{row['url']}>" if row.get("url") else ""))
    said = f' ("{payload["date_text"]}")' if payload.get("date_text") else ""
    lines.append(f"date: {payload.get('date') or '?'}{said}")
    if row["type"] == "position":
        cues = payload.get("cues", {})
        lines += [
            f"holder: {payload.get('holder')} ({payload.get('holder_how')}; "
            f"{'official' if payload.get('official') else 'not an official voice'})",
            f"speaker: {payload.get('speaker_name')}",
            f"topic: {payload.get('topic')}   stance: {payload.get('stance'):+d}",
            f"cues: topic {', '.join(cues.get('topic', [])) or '-'}; polarity {', '.join(cues.get('polarity', []))}"
            + (f"; hedges {', '.join(cues.get('hedges', []))}" if cues.get("hedges") else ""),
            f"summary: {payload.get('summary')}",
            f"read from event claim: {payload.get('event_claim')}",
        ]
        if payload.get("position_id"):
            lines.append(f"position: {payload['position_id']}")
    else:
        lines.append(f"actors: {', '.join(payload.get('actors', []))}")
        if payload.get("event_id") or row.get("event_id"):
            lines.append(f"event: {row.get('event_id')}")
    if row.get("disputes"):
        lines.append(f"disputed against: {', '.join(row['disputes'])}")
    lines.append(f"sentence: {payload.get('quote', '')}")
    for entry in row["log"]:
        by = f" by {entry['reviewer']}" if entry.get("reviewer") else ""
        lines.append(f"log: {entry['at']} {entry['action']}{by}")
    stdout().print("\n".join(lines), markup=False, highlight=False)


@review_app.command("export")
def review_export(
    path: Annotated[Path, typer.Argument(help="YAML file to write (dataset format).")] = Path("ingested.yaml"),
    db: DbUrl = None,
) -> None:
    """Write accepted claims as dataset YAML, for a person to promote into the curated dataset."""
    output_file(path, "review export")
    from csto.store.promote import export_yaml

    kb = _store(db)
    with _reported():
        counts = export_yaml(kb.engine, path)
    wrote = ", ".join(f"{n} {k}" for k, n in counts.items()) or "nothing accepted yet"
    stdout().print(f"wrote {path}: {wrote}", markup=False, highlight=False)


@eval_app.command("ingest")
def eval_ingest(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold YAML files (with corpus.yaml).")],
    seeds: Annotated[Path | None, typer.Option(help="Folder of the seed documents (else from corpus.yaml).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    gate: Annotated[
        bool, typer.Option("--gate", help="Fail if below the baseline floors or the corpus changed.")
    ] = False,
    update_baseline: Annotated[
        bool, typer.Option("--update-baseline", help="Re-pin the corpus; raise floors.")
    ] = False,
    allow_regression: Annotated[
        bool, typer.Option("--allow-regression", help="Let --update-baseline lower floors.")
    ] = False,
    no_anchor: Annotated[bool, typer.Option("--no-anchor", help="Do not date by events already in the store.")] = False,
    classes: Annotated[
        bool, typer.Option("--classes", help="Also count the errors by class (counts only, no items).")
    ] = False,
    db: DbUrl = None,
) -> None:
    """Precision, recall and F1 of events and mentions, and date accuracy, against a gold set."""
    from csto.ingest import gate as gating
    from csto.ingest.evaluate import evaluate, gold_files, summary_rows
    from csto.ingest.extract import Extractor
    from csto.ingest.lexicon import Lexicon

    if not gold_dir.is_dir():
        raise _fail(f"{gold_dir}: not a folder")
    if not gold_files(gold_dir):
        raise _fail(f"{gold_dir}: no gold files (*.yaml) in this folder")
    if seeds is not None and not seeds.is_dir():
        raise _fail(f"--seeds {seeds}: not a folder")
    kb = _store(db)
    with _reported():
        extractor = Extractor(Lexicon.from_engine(kb.engine), anchor=not no_anchor)
    corpora = {"seeds": seeds} if seeds else None
    with _reported():
        report = evaluate(gold_dir, extractor.extract, corpora)
        pins = gating.corpus_pins(gold_dir, corpora)
        baseline = gating.load_baseline(gold_dir)
    if as_json:
        result = report.as_dict()
        if classes:
            result["classes"] = dict(report.total.classes.most_common())
        print(json.dumps(result, indent=2))
    else:
        from rich.table import Table

        if classes:
            kinds = Table(title="errors by class")
            kinds.add_column("class")
            kinds.add_column("count", justify="right")
            for name, count in report.total.classes.most_common():
                kinds.add_row(name, str(count))
            stdout().print(kinds)
        table = Table(title=f"ingestion against {gold_dir}")
        for column in (
            "corpus",
            "docs",
            "event P",
            "event R",
            "event F1",
            "mention P",
            "mention R",
            "mention F1",
            "dates",
            "published",
            "pub ±1 day",
        ):
            table.add_column(column, justify="right")
        for name, row in summary_rows(report):
            ev, me = row["events"], row["mentions"]
            table.add_row(
                name, str(row["documents"]), f"{ev['precision']:.3f}", f"{ev['recall']:.3f}", f"{ev['f1']:.3f}",
                f"{me['precision']:.3f}", f"{me['recall']:.3f}", f"{me['f1']:.3f}",
                f"{row['date_accuracy']:.3f}", f"{row['published_accuracy']:.3f}",
                f"{row['published_within_a_day']:.3f}",
            )  # fmt: skip
        stdout().print(table)
    if update_baseline:
        path = gating.save_baseline(gold_dir, gating.updated(report, baseline, pins, allow_regression))
        stderr().print(f"baseline written to {path}")
    elif gate:
        failures = gating.check(report, baseline, pins)
        for failure in failures:
            say(failure, label="gate")
        if failures:
            raise typer.Exit(1)
        stderr().print("gate passed")
