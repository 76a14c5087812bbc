"""Events: each type from its words, dates, actors and place, merging, and what must not be an event."""

from __future__ import annotations

import pytest

from csto.ingest.extract import Extractor
from csto.ingest.models import EventClaim, RawDocument

HEADER = "Test report\n\n10 October 2022\n\n"


def events(extractor: Extractor, body: str) -> list[EventClaim]:
    return extractor.extract(RawDocument("t.txt", text=HEADER + body + "\n")).events


@pytest.mark.parametrize(
    ("sentence", "kind", "date", "actor"),
    [
        ("On 5 October the CSTO Secretariat hosted a meeting with Belarus.", "meeting", "2022-10-05", "secretariat"),
        (
            "The Collective Security Council summit opened in Yerevan on Wednesday.",
            "summit",
            "2022-10-05",
            "collective-security-council",
        ),
        ("Kazakhstan decided on 3 October to postpone the vote.", "decision", "2022-10-03", "kazakhstan"),
        ("Russian troops arrived in Kazakhstan yesterday.", "deployment", "2022-10-09", "kazakhstan"),
        (
            "The last units of the CSTO peacekeeping forces left Kazakhstan on 19 January.",
            "withdrawal",
            "2022-01-19",
            "peacekeeping-forces",
        ),
        (
            "The exercise Interaction-2024 was held in Kyrgyzstan from 2 to 6 September 2024.",
            "exercise",
            "2024-09-02",
            "interaction-2024",
        ),
        ("Armenia froze its participation in the CSTO on 22 February.", "membership_change", "2022-02-22", "armenia"),
        (
            "Imangali Tasmagambetov was appointed Secretary General on 1 January.",
            "appointment",
            "2022-01-01",
            "imangali-tasmagambetov",
        ),
        ("Kazakhstan took over the chairmanship of the CSTO on 1 January.", "chairmanship", "2022-01-01", "kazakhstan"),
        ("Fighting broke out on the Kyrgyz-Tajik border on 14 September.", "armed_clash", "2022-09-14", "kyrgyzstan"),
        (
            "The agreement was signed in Minsk on 7 October by Belarus and Russia.",
            "document_signed",
            "2022-10-07",
            "belarus",
        ),
        ("Nikol Pashinyan said on Friday that Armenia would not attend.", "statement", "2022-10-07", "nikol-pashinyan"),
        (
            "On 2 October the CSTO peacekeeping forces were established in Minsk.",
            "other",
            "2022-10-02",
            "peacekeeping-forces",
        ),
        (
            "On 4 October President Sadyr Japarov requested help from the CSTO.",
            "request",
            "2022-10-04",
            "sadyr-japarov",
        ),
    ],
)
def test_each_event_type(extractor: Extractor, sentence: str, kind: str, date: str, actor: str) -> None:
    found = events(extractor, sentence)
    assert len(found) == 1, found
    event = found[0]
    assert (event.type, event.date) == (kind, date)
    assert actor in event.actor_ids
    assert event.quote == sentence and HEADER + sentence == (HEADER + sentence)[: event.span[1]]
    assert 0 < event.confidence <= 0.95


def test_place_status_and_range(extractor: Extractor) -> None:
    event = events(extractor, "The exercise will be held in Kazakhstan from 24 to 28 October with Belarus.")[0]
    assert (event.type, event.status, event.date, event.end_date, event.place_id) == (
        "exercise", "planned", "2022-10-24", "2022-10-28", "kazakhstan"
    )  # fmt: skip
    event = events(extractor, "Kyrgyzstan announced the cancellation of the exercise with Belarus on 7 October.")[0]
    assert event.type == "decision"


def test_reports_of_one_happening_merge(extractor: Extractor) -> None:
    found = events(
        extractor,
        "On 5 October Imangali Tasmagambetov met Belarus officials in Minsk. "
        "The meeting with Belarus lasted an hour.\n\n"
        "Tasmagambetov said the talks went well. He added that more would follow.",
    )
    assert [e.type for e in found] == ["meeting", "statement"]
    assert found[0].date == "2022-10-05" and "belarus" in found[0].actor_ids


def test_clauses_with_their_own_dates_are_separate_events(extractor: Extractor) -> None:
    found = events(extractor, "Belarus joined in 1993, left in 1999 and then returned in 2006.")
    assert [(e.type, e.date) for e in found] == [
        ("membership_change", "1993"),
        ("membership_change", "1999"),
        ("membership_change", "2006"),
    ]


def test_hypotheses_background_and_headlines_are_not_events(extractor: Extractor) -> None:
    assert events(extractor, "Experts discussed the need to suspend membership of Armenia in the CSTO.") == []
    assert events(extractor, "Armenia, which froze its participation in the CSTO, was absent.") == []
    assert events(extractor, "Kazakhstan Hosts CSTO Exercises Next Month") == []
    assert events(extractor, "It should be noted that Belarus is calm.") == []


def test_statements_are_dated_by_their_speech_not_their_content(extractor: Extractor) -> None:
    event = events(extractor, "Nikol Pashinyan said the treaty had failed Armenia in 2021.")[0]
    assert (event.type, event.date, event.actor_ids[0]) == ("statement", "2022-10-10", "nikol-pashinyan")


def test_statement_speaker_is_the_subject(extractor: Extractor) -> None:
    event = events(extractor, "Speaking after Nikol Pashinyan, Imangali Tasmagambetov listed the documents.")[0]
    assert event.actor_ids[0] == "imangali-tasmagambetov"
