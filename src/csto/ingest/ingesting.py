"""``csto ingest``: documents and their proposed claims into the store, one transaction per document.

A document is keyed by the SHA-256 of its content: ingesting it again is a no-op. Each document
commits on its own, so an interrupted run keeps everything it finished and the next run skips it
and goes on where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select

from csto.ingest import tables
from csto.ingest.lexicon import Lexicon
from csto.ingest.models import Extraction, RawDocument, ReadProblem
from csto.ingest.pipeline import extract_stream


def now() -> str:
    """A timestamp for audit columns (recording when something happened, not a date for a query)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class IngestReport:
    stored: int = 0
    known: int = 0
    claims: int = 0
    problems: list[ReadProblem] = field(default_factory=list)


def known_documents(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.scalars(select(tables.documents.c.id)))


def claim_id(document_id: str, number: int) -> str:
    return f"{document_id[:16]}-{number:03d}"


def store_extraction(engine: Engine, extraction: Extraction, text: str) -> int:
    """Write one document and its proposed claims in one transaction; return the number of claims."""
    info = extraction.document
    stamp = now()
    with engine.begin() as conn:
        if conn.scalar(select(tables.documents.c.id).where(tables.documents.c.id == info.id)):
            return 0
        conn.execute(
            insert(tables.documents).values(
                id=info.id,
                source=info.source,
                url=info.url,
                title=info.title,
                author=info.author,
                published=info.published,
                published_confidence=info.published_confidence,
                published_how=info.published_how,
                text_kind=info.text_kind,
                text=text,
                mentions=[m.model_dump(mode="json") for m in extraction.mentions],
                ingested_at=stamp,
            )
        )
        rows: list[dict[str, Any]] = [
            {
                "id": claim_id(info.id, number),
                "document_id": info.id,
                "number": number,
                "type": event.type,
                "date": event.date,
                "payload": event.model_dump(mode="json"),
                "confidence": event.confidence,
                "status": "proposed",
                "event_id": None,
                "fact_ids": [],
                "disputes": [],
                "created_at": stamp,
            }
            for number, event in enumerate(extraction.events, 1)
        ]
        if rows:
            conn.execute(insert(tables.claims), rows)
        entity_rows = [
            {"id": e["id"], "kind": e["kind"], "name": e["name"], "document_id": info.id, "status": "proposed"}
            for e in extraction.new_entities
        ]
        existing = set(conn.scalars(select(tables.proposed_entities.c.id))) if entity_rows else set()
        fresh = [r for r in entity_rows if r["id"] not in existing]
        if fresh:
            conn.execute(insert(tables.proposed_entities), fresh)
    return len(rows)


def ingest(
    engine: Engine,
    documents: Iterable[RawDocument | ReadProblem],
    lexicon: Lexicon,
    workers: int = 1,
    on_result: Callable[[Extraction | ReadProblem, bool], None] | None = None,
    runner: Callable[[Iterator[RawDocument | ReadProblem], Lexicon], Iterator[Extraction | ReadProblem]] | None = None,
) -> IngestReport:
    """Extract and store every new document; known ones are skipped before any work is done."""
    tables.ensure_tables(engine)
    known = known_documents(engine)
    report = IngestReport()

    def seen(raw: RawDocument) -> bool:
        if raw.digest in known:
            report.known += 1
            if on_result is not None:
                on_result(ReadProblem(raw.source, "already ingested"), False)
            return True
        known.add(raw.digest)
        return False

    stream = (d for d in documents if not (isinstance(d, RawDocument) and seen(d)))
    results = (
        runner(stream, lexicon)
        if runner is not None
        else extract_stream(stream, lexicon, workers=workers, with_text=True)
    )
    for result in results:
        if isinstance(result, ReadProblem):
            report.problems.append(result)
            if on_result is not None:
                on_result(result, False)
            continue
        report.claims += store_extraction(engine, result, result.text or "")
        report.stored += 1
        if on_result is not None:
            on_result(result, True)
    return report
