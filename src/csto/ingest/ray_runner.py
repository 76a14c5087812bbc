"""The same pipeline on Ray, for corpora beyond one machine (optional extra: ``pip install csto[ray]``).

Actors each hold an ``Extractor`` built from the shared ``Lexicon`` (put once in the object store);
documents go out in batches, round robin, with a bounded number of batches in flight, and results
come back in input order, exactly as ``extract_stream`` returns them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from csto.ingest.extract import Extractor
from csto.ingest.lexicon import Lexicon
from csto.ingest.models import RawDocument, ReadProblem
from csto.ingest.pipeline import Result, safe_extract


class RayUnavailable(RuntimeError):
    """Ray is not installed (install the ``ray`` extra)."""


class _Worker:
    def __init__(self, lexicon: Lexicon, with_text: bool, now: date | None = None):
        self.extractor = Extractor(lexicon, now=now)
        self.with_text = with_text

    def run(self, batch: list[RawDocument | ReadProblem]) -> list[Result]:
        return [
            item if isinstance(item, ReadProblem) else safe_extract(self.extractor, item, self.with_text)
            for item in batch
        ]


def _batches(documents: Iterable[RawDocument | ReadProblem], size: int) -> Iterator[list[RawDocument | ReadProblem]]:
    batch: list[RawDocument | ReadProblem] = []
    for item in documents:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_with_ray(
    documents: Iterable[RawDocument | ReadProblem],
    lexicon: Lexicon,
    actors: int = 2,
    batch_size: int = 16,
    in_flight: int = 4,
    address: str | None = None,
    with_text: bool = False,
    now: date | None = None,
) -> Iterator[Result]:
    """Extraction results in input order, computed by ``actors`` Ray actors (``now``: the moment of
    ingestion, read by the caller, after which no publication date can be).

    Connects to ``address`` (a cluster) or starts a local Ray instance if none is running.
    """
    try:
        import ray
    except ImportError:  # pragma: no cover - depends on the environment
        raise RayUnavailable("Ray is not installed: pip install 'csto[ray]'") from None
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False)
    remote_worker: Any = ray.remote(_Worker)
    shared = ray.put(lexicon)
    pool = [remote_worker.remote(shared, with_text, now) for _ in range(max(1, actors))]
    pending: deque[Any] = deque()
    for number, batch in enumerate(_batches(documents, batch_size)):
        pending.append(pool[number % len(pool)].run.remote(batch))
        while len(pending) >= in_flight * len(pool):
            yield from ray.get(pending.popleft())
    while pending:
        yield from ray.get(pending.popleft())
    for actor in pool:
        ray.kill(actor)
