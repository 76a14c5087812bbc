"""What unseen news needs: dates as a reader gives them, several events per sentence, negation and modality,
publication dates from headers, links that do not fire inside other names, mixed encodings, long texts."""

from __future__ import annotations

from datetime import date, timedelta

from csto.ingest.extract import CHUNK, Extractor
from csto.ingest.lexicon import Lexicon
from csto.ingest.models import EventClaim, Extraction, RawDocument
from csto.ingest.readers import decode_report, read_bytes

HEADER = "Test report\n\n10 October 2022\n\n"


def run(extractor: Extractor, body: str, header: str = HEADER) -> Extraction:
    return extractor.extract(RawDocument("t.txt", text=header + body + "\n"))


def kinds(found: list[EventClaim]) -> list[tuple[str, str | None]]:
    return [(e.type, e.date) for e in found]


def test_a_council_session_is_a_summit_and_dates_what_is_said_at_it(extractor: Extractor) -> None:
    body = (
        "A session of the CSTO Collective Security Council was held in Minsk on 7 October.\n\n"
        "Nikol Pashinyan said the Council decided to create a joint air defence system."
    )
    found = kinds(run(extractor, body).events)
    assert ("summit", "2022-10-07") in found
    assert ("decision", "2022-10-07") in found


def test_a_perfect_tense_report_takes_the_publication_date(extractor: Extractor) -> None:
    body = "Russia has deployed additional troops to Kyrgyzstan, the ministry said."
    # the saying is an event too (the convention of the independently annotated sets)
    assert kinds(run(extractor, body).events) == [("deployment", "2022-10-10"), ("statement", "2022-10-10")]


def test_a_dateline_takes_its_year_from_the_metadata_not_from_a_stored_event(extractor: Extractor) -> None:
    raw = RawDocument("t.txt", text="ALMATY, June 6 — Kazakhstan and Russia held talks.\n", published="2025-06-06")
    found = extractor.extract(raw).events
    assert [(e.type, e.date) for e in found] == [("meeting", "2025-06-06")]


def test_a_name_with_a_year_is_not_a_date(extractor: Extractor) -> None:
    body = "The scenario repeats that of Interaction-2024. On 5 October Belarus held drills."
    result = run(extractor, body)
    assert all(d.text != "2024" for d in result.dates)
    assert ("exercise", "2022-10-05") in kinds(result.events)


def test_several_events_in_one_sentence(extractor: Extractor) -> None:
    body = "Sadyr Japarov and Nikol Pashinyan signed a treaty and held talks in Minsk on 8 October."
    assert sorted(kinds(run(extractor, body).events)) == [("document_signed", "2022-10-08"), ("meeting", "2022-10-08")]


def test_denials_and_modality_are_not_occurrences(extractor: Extractor) -> None:
    assert [e.type for e in run(extractor, "Nikol Pashinyan denied that Armenia had left the CSTO.").events] == [
        "statement"
    ]
    assert run(extractor, "Kyrgyzstan may host a stage of the drills next year.").events == []
    planned = run(extractor, "Russian troops are expected to arrive in Kazakhstan next week.").events
    assert [(e.type, e.status) for e in planned] == [("deployment", "planned")]


def test_he_added_continues_the_speaker(extractor: Extractor) -> None:
    body = "On 8 October Nikol Pashinyan said Armenia would stay. He said Armenia may hold a referendum."
    assert [e.type for e in run(extractor, body).events] == ["statement"]


def test_absence_from_a_summit_keeps_the_summit_not_the_absent(extractor: Extractor) -> None:
    body = "Sadyr Japarov did not attend the summit of the Collective Security Council in Yerevan on 7 October."
    found = run(extractor, body).events
    assert [e.type for e in found] == ["summit"] and "sadyr-japarov" not in found[0].actor_ids


def test_publication_date_is_never_after_ingestion(mini_lexicon: Lexicon) -> None:
    now = date(2024, 6, 1)
    extractor = Extractor(mini_lexicon, now=now)
    ahead = now + timedelta(days=40)
    raw = RawDocument("t.txt", text="Belarus held drills.\n", published=ahead.isoformat())
    assert extractor.extract(raw).document.published != ahead.isoformat()
    header = f"Report\n\nPublished: {ahead.day} {ahead.strftime('%B')} {ahead.year}\n\n"
    info = run(extractor, "Belarus held drills on 3 May 2021.", header).document
    assert info.published == "2021-05-03" and info.published_how == "estimated"


def test_names_that_contain_a_place_do_not_link_it(extractor: Extractor) -> None:
    body = (
        "Armenia sees no future in the Minsk-led bloc, The Minsk Times reported. "
        "The OSCE Minsk Group met, Agence France-Presse said."
    )
    linked = {(m.entity, m.text) for m in run(extractor, body).mentions}
    assert ("minsk", "Minsk") not in linked


def test_acronyms_and_short_surnames_after_the_full_name(extractor: Extractor) -> None:
    body = "Sadyr Japarov spoke about the OTSC. Japarov said the ODKB was strong."
    linked = [(m.entity, m.text) for m in run(extractor, body).mentions]
    assert ("csto", "OTSC") in linked and ("sadyr-japarov", "Japarov") in linked


def test_mixed_encodings_are_decoded_per_line_with_a_warning() -> None:
    data = "Première ligne en UTF-8.\n".encode() + "Вторая строка в cp1251.\n".encode("cp1251")
    text, warnings = decode_report(data)
    assert text.startswith("Première") and "Вторая" in text and "mixed encodings" in warnings[0]
    document = next(iter(read_bytes(data, "mixed.txt", "txt")))
    assert isinstance(document, RawDocument) and "mixed encodings" in document.meta["warning"]


def test_long_texts_are_linked_in_chunks(extractor: Extractor) -> None:
    paragraph = "Belarus and Armenia met in Minsk. " * 40 + "\n\n"
    text = paragraph * (CHUNK // len(paragraph) + 3)
    mentions = extractor.extract(RawDocument("long.txt", text=text)).mentions
    assert len(mentions) == text.count("Belarus") + text.count("Armenia") + text.count("Minsk")
    assert all(text[m.span[0] : m.span[1]] == m.text for m in mentions)
