"""Streaming extraction: documents flow through one at a time, on one core or several.

``extract_stream`` reads inputs lazily and yields results in input order; with ``workers > 1`` it
uses a process pool (each worker builds its own ``Extractor`` from the same ``Lexicon``) and keeps
at most a bounded number of documents in flight, so memory stays flat for any corpus size.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date

from csto.ingest.extract import Extractor
from csto.ingest.lexicon import Lexicon
from csto.ingest.models import Extraction, RawDocument, ReadProblem

Result = Extraction | ReadProblem

_worker: Extractor | None = None
_with_text = False


def _init(lexicon: Lexicon, with_text: bool, now: date | None = None) -> None:
    global _worker, _with_text
    _worker = Extractor(lexicon, now=now)
    _with_text = with_text
    gc.freeze()  # the lexicon and the extractor's tables live as long as the worker: no collection rescans them


def _run(raw: RawDocument) -> Result:
    assert _worker is not None, "worker not initialised"
    return safe_extract(_worker, raw, _with_text)


def safe_extract(extractor: Extractor, raw: RawDocument, with_text: bool = False) -> Result:
    """Extraction, or a ``ReadProblem`` naming the document if it fails (the run goes on)."""
    try:
        return extractor.extract(raw, with_text=with_text)
    except Exception as error:  # one bad document must not stop a corpus
        return ReadProblem(raw.source, f"extraction failed: {type(error).__name__}: {error}")


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def extract_stream(
    documents: Iterable[RawDocument | ReadProblem],
    lexicon: Lexicon,
    workers: int = 1,
    window: int = 64,
    skip: Callable[[RawDocument], bool] | None = None,
    with_text: bool = False,
    now: date | None = None,
) -> Iterator[Result]:
    """Extraction results in input order; read problems pass through; ``skip`` drops known documents.

    ``now`` is the moment of ingestion, read by the caller (``ingest``, the CLI): no publication date is later."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    wanted = (d for d in documents if not (isinstance(d, RawDocument) and skip is not None and skip(d)))
    if workers == 1:
        extractor = Extractor(lexicon, now=now)
        # what exists now (the lexicon, the extractor's tables) outlives the stream: left out of the collector's
        # scans while it runs (a full collection would rescan it every few documents), given back after
        gc.freeze()
        try:
            for item in wanted:
                yield item if isinstance(item, ReadProblem) else safe_extract(extractor, item, with_text)
        finally:
            gc.unfreeze()
        return
    with ProcessPoolExecutor(
        workers, mp_context=_context(), initializer=_init, initargs=(lexicon, with_text, now)
    ) as pool:
        pending: deque[Future[Result] | ReadProblem] = deque()
        for item in wanted:
            pending.append(item if isinstance(item, ReadProblem) else pool.submit(_run, item))
            while len(pending) >= window * workers:
                yield _take(pending.popleft())
        while pending:
            yield _take(pending.popleft())


def _take(item: Future[Result] | ReadProblem) -> Result:
    return item if isinstance(item, ReadProblem) else item.result()
