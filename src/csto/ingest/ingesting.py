"""``csto ingest``: documents and their proposed claims into the store, one transaction per document.

A document is keyed by the SHA-256 of its content: ingesting it again is a no-op. Each document
commits on its own, so an interrupted run keeps everything it finished and the next run skips it
and goes on where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine

from csto.ingest.lexicon import Lexicon
from csto.ingest.models import Extraction, RawDocument, ReadProblem
from csto.ingest.pipeline import extract_stream
from csto.ingest.stances import Speakers, propose_positions
from csto.store.claims import add_document, known_documents


def now() -> str:
    """A timestamp for audit columns (recording when something happened, not a date for a query)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class IngestReport:
    stored: int = 0
    known: int = 0
    claims: int = 0
    problems: list[ReadProblem] = field(default_factory=list)


def store_extraction(engine: Engine, extraction: Extraction, text: str, speakers: Speakers | None = None) -> int:
    """Hand one document and its proposed claims to the store; return the number of claims stored.

    The events come first (numbered in order), then the position claims their statements propose
    (``csto.ingest.stances``), each naming the number of the event it was read from. ``speakers``
    (who speaks for which state) is read from the store when not given.
    """
    info = extraction.document
    document = {
        "id": info.id, "source": info.source, "url": info.url, "title": info.title, "author": info.author,
        "published": info.published, "published_confidence": info.published_confidence,
        "published_how": info.published_how, "text_kind": info.text_kind, "text": text,
        "mentions": [m.model_dump(mode="json") for m in extraction.mentions],
    }  # fmt: skip
    claims = [
        {"type": e.type, "date": e.date, "payload": e.model_dump(mode="json"), "confidence": e.confidence}
        for e in extraction.events
    ]
    speakers = speakers if speakers is not None else Speakers.from_engine(engine)
    read: set[tuple[int, int, str]] = set()  # a sentence with two events is read once
    for number, event in enumerate(extraction.events, 1):
        for payload in propose_positions(event, extraction.mentions, speakers, number):
            key = (event.span[0], event.span[1], payload["topic"])
            if key in read:
                continue
            read.add(key)
            claims.append(
                {"type": "position", "date": payload["date"], "payload": payload, "confidence": payload["confidence"]}
            )
    return add_document(engine, document, claims, list(extraction.new_entities))


def ingest(
    engine: Engine,
    documents: Iterable[RawDocument | ReadProblem],
    lexicon: Lexicon,
    workers: int = 1,
    on_result: Callable[[Extraction | ReadProblem, bool], None] | None = None,
    runner: Callable[[Iterator[RawDocument | ReadProblem], Lexicon], Iterator[Extraction | ReadProblem]] | None = None,
) -> IngestReport:
    """Extract and store every new document; known ones are skipped before any work is done."""
    known = known_documents(engine)
    speakers = Speakers.from_engine(engine)
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
        else extract_stream(stream, lexicon, workers=workers, with_text=True, now=datetime.now(UTC).date())
    )
    for result in results:
        if isinstance(result, ReadProblem):
            report.problems.append(result)
            if on_result is not None:
                on_result(result, False)
            continue
        report.claims += store_extraction(engine, result, result.text or "", speakers)
        report.stored += 1
        if on_result is not None:
            on_result(result, True)
    return report
