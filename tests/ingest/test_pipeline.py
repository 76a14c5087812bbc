"""Streaming: several workers give the same results in the same order, input is read lazily, failures are reported."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from csto.ingest.extract import Extractor
from csto.ingest.lexicon import Lexicon
from csto.ingest.models import Extraction, RawDocument, ReadProblem
from csto.ingest.pipeline import extract_stream

SENTENCES = [
    "On {d} March 2024 Imangali Tasmagambetov met officials of Belarus in Minsk.",
    "Russian troops arrived in Kazakhstan on {d} January 2022, the ministry said.",
    "Armenia froze its participation in the CSTO on {d} February 2024.",
]


def corpus(count: int) -> list[RawDocument | ReadProblem]:
    docs: list[RawDocument | ReadProblem] = []
    for number in range(count):
        text = " ".join(s.format(d=1 + (number + i) % 27) for i, s in enumerate(SENTENCES))
        docs.append(RawDocument(f"doc-{number}", text=f"Report {number}\n\n{text}\n"))
        if number == 3:
            docs.append(ReadProblem("bad.bin", "binary file"))
    return docs


def dump(results: list[Extraction | ReadProblem]) -> list[str]:
    return [r.model_dump_json() if isinstance(r, Extraction) else str(r) for r in results]


def test_two_workers_match_one_in_order(mini_lexicon: Lexicon) -> None:
    docs = corpus(12)
    one = list(extract_stream(docs, mini_lexicon, workers=1))
    two = list(extract_stream(docs, mini_lexicon, workers=2, window=2))
    assert dump(one) == dump(two)
    assert [r.document.source if isinstance(r, Extraction) else r.where for r in one][3:5] == ["doc-3", "bad.bin"]


def test_input_is_consumed_lazily(mini_lexicon: Lexicon) -> None:
    read = 0

    def source() -> Iterator[RawDocument]:
        nonlocal read
        for doc in corpus(1000):
            if isinstance(doc, RawDocument):
                read += 1
                yield doc

    stream = extract_stream(source(), mini_lexicon, workers=1)
    next(stream)
    assert read == 1
    stream = extract_stream(source(), mini_lexicon, workers=2, window=3)
    read = 0
    next(stream)
    assert read <= 2 * 3 + 1


def test_skip_drops_known_documents(mini_lexicon: Lexicon) -> None:
    docs = corpus(4)
    results = list(extract_stream(docs, mini_lexicon, skip=lambda raw: raw.source == "doc-1"))
    assert "doc-1" not in [r.document.source for r in results if isinstance(r, Extraction)]


def test_a_failing_document_is_reported_and_the_rest_go_on(
    mini_lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Extractor.extract

    def flaky(self: Extractor, raw: RawDocument, with_text: bool = False) -> Extraction:
        if raw.source == "doc-2":
            raise RuntimeError("boom")
        return original(self, raw, with_text)

    monkeypatch.setattr(Extractor, "extract", flaky)
    for workers in (1, 2):
        results = list(extract_stream(corpus(5), mini_lexicon, workers=workers))
        problems = [r for r in results if isinstance(r, ReadProblem)]
        assert [p.where for p in problems] == ["doc-2", "bad.bin"]
        assert "extraction failed: RuntimeError: boom" in problems[0].reason
        assert len(results) == 6


def test_workers_must_be_positive(mini_lexicon: Lexicon) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(extract_stream([], mini_lexicon, workers=0))
