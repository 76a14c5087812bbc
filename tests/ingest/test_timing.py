"""Publication dates: metadata, header, byline, anchored, estimated, or unknown, never today's date."""

from __future__ import annotations

from csto.ingest.extract import Extractor
from csto.ingest.models import RawDocument


def published(extractor: Extractor, raw: RawDocument) -> tuple[str | None, str, float]:
    doc = extractor.extract(raw).document
    return doc.published, doc.published_how, doc.published_confidence


def test_metadata_wins(extractor: Extractor) -> None:
    raw = RawDocument("a.txt", text="Header line\n\n3 March 2021\n\nText.", published="2024-02-23T10:00:00Z")
    assert published(extractor, raw) == ("2024-02-23", "metadata", 0.95)


def test_header_line_with_or_without_place_and_time(extractor: Extractor) -> None:
    assert published(extractor, RawDocument("a", text="Title\n\n10.10.2022 11:56\n\nText."))[:2] == (
        "2022-10-10",
        "header",
    )
    assert published(extractor, RawDocument("b", text="Title\n\nMinsk, 1 June 2023\n\nText."))[:2] == (
        "2023-06-01",
        "header",
    )


def test_byline(extractor: Extractor) -> None:
    text = "A long first paragraph about the organization and its members, without any date in it at all.\n" * 7
    raw = RawDocument("a", text=text + "\nPublished: 14 March 2023\n")
    assert published(extractor, raw)[:2] == ("2023-03-14", "byline")


def test_anchored_by_a_known_event(extractor: Extractor) -> None:
    raw = RawDocument("a", text="A report\n\nOn June 6, a meeting with Kazakhstan and Russia was held in Almaty.\n")
    doc = extractor.extract(raw)
    assert (doc.document.published, doc.document.published_how) == ("2024-06-06", "anchored")
    assert doc.events[0].date == "2024-06-06"


def test_estimated_from_the_latest_stated_date_with_low_confidence(extractor: Extractor) -> None:
    raw = RawDocument("a", text="Armenia joined in 1994. In March 2023 it stayed away.\n")
    assert published(extractor, raw) == ("2023-03", "estimated", 0.3)


def test_unknown_when_nothing_dates_the_text(extractor: Extractor) -> None:
    raw = RawDocument("a", text="Armenia met Russia yesterday, the ministry said.\n")
    doc = extractor.extract(raw)
    assert (doc.document.published, doc.document.published_how, doc.document.published_confidence) == (
        None,
        "unknown",
        0.0,
    )
    assert doc.events and doc.events[0].date is None
    assert [d.value for d in doc.dates] == [None]


def test_listing_items_date_their_own_relative_dates(extractor: Extractor) -> None:
    text = (
        "12.09.2024\n\nYesterday the CSTO Secretariat hosted a meeting.\n\n"
        "03.05.2023\n\nYesterday Armenia met Russia.\n"
    )
    result = extractor.extract(RawDocument("list", text=text))
    assert [i.published for i in result.document.items] == ["2024-09-12", "2023-05-03"]
    assert [d.value for d in result.dates if d.text == "Yesterday"] == ["2024-09-11", "2023-05-02"]


def test_no_module_of_ingestion_reads_the_clock_for_a_date() -> None:
    from pathlib import Path

    import csto.ingest

    folder = Path(csto.ingest.__file__).parent
    for path in folder.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "date.today(" not in source and "datetime.today(" not in source, path.name
        if "datetime.now(" in source:
            assert path.name == "ingesting.py", f"{path.name} reads the clock"  # audit timestamps only
