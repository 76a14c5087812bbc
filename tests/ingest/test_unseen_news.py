"""The error classes found on news the extractor was not developed against (issue 11), one test each.

Each test states the reading a person would give and fails on the extractor as it was before: dates
attached as a reader attaches them, types that reported speech or modality must not change, one
event per happening, publication dates from datelines, links that a place inside another name must
not produce; and the speed work (issue 15) must not change what is found.
"""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

import pytest

from csto.ingest import dates as date_module
from csto.ingest.dates import find_dates
from csto.ingest.extract import Extractor
from csto.ingest.lexicon import Lexicon
from csto.ingest.models import EventClaim, Extraction, RawDocument
from csto.ingest.pipeline import extract_stream
from csto.ingest.sentences import split_sentences
from csto.ingest.triggers import find_triggers
from tests.ingest.conftest import GOLD

HEADER = "Test report\n\n10 October 2022\n\n"


def _typed_dates(extractor: Extractor, text: str) -> set[tuple[str, str | None]]:
    """The (type, date) of every event extracted from ``text``."""
    return {(e.type, e.date) for e in extractor.extract(RawDocument("t.txt", text=text)).events}


def extract(extractor: Extractor, body: str, header: str = HEADER) -> Extraction:
    return extractor.extract(RawDocument("t.txt", text=header + body + "\n"))


def kinds(events: list[EventClaim]) -> list[tuple[str, str | None]]:
    return [(e.type, e.date) for e in events]


# -- types: reported speech, modality, negation -------------------------------------------------


def test_a_summit_in_an_article_about_the_organization_is_its_summit(extractor: Extractor) -> None:
    body = "The CSTO met in Minsk on 9 October 2022. The summit in Almaty took place on 10 October 2022."
    summits = [e for e in extract(extractor, body).events if e.type == "summit"]
    assert [(e.date, "csto" in e.actor_ids) for e in summits] == [("2022-10-10", True)]


@pytest.mark.parametrize(
    "sentence",
    [
        "CSTO leaders gathered in Minsk on 10 October 2022 for their annual meeting.",
        "The leaders of the CSTO member states met in Minsk on 10 October 2022.",
        "The Collective Security Council met in Minsk on 10 October 2022.",
        "The presidents of the six CSTO countries met in Minsk on 10 October 2022.",
    ],
)
def test_the_heads_of_state_meeting_as_the_council_is_a_summit(extractor: Extractor, sentence: str) -> None:
    assert ("summit", "2022-10-10") in kinds(extract(extractor, sentence).events)


def test_troops_joining_a_mission_is_a_deployment_not_a_membership_change(extractor: Extractor) -> None:
    found = extract(
        extractor, "About 100 Armenian troops joined the CSTO peacekeeping mission in Kazakhstan on Friday."
    )
    assert [e.type for e in found.events] == ["deployment"]


def test_peacekeepers_leaving_a_country_is_a_withdrawal_not_leaving_the_organization(extractor: Extractor) -> None:
    found = extract(extractor, "Russian planes began withdrawing CSTO peacekeepers from Kazakhstan on Thursday.")
    assert [e.type for e in found.events] == ["withdrawal"]


def test_a_future_without_its_own_date_is_no_event(extractor: Extractor) -> None:
    found = extract(extractor, "Nikol Pashinyan told parliament on Wednesday that Armenia will leave the CSTO.")
    assert [e.type for e in found.events] == ["statement"]
    dated = extract(extractor, "Kazakhstan will take over the chairmanship of the CSTO on 1 January 2023.")
    assert kinds(dated.events) == [("chairmanship", "2023-01-01")]


def test_a_negated_freeze_is_no_membership_change(extractor: Extractor) -> None:
    found = extract(
        extractor, "He said Armenia had not taken any official step to freeze its participation in the CSTO."
    )
    assert all(e.type != "membership_change" for e in found.events)


def test_a_period_of_chairmanship_is_no_change_of_chair(extractor: Extractor) -> None:
    found = extract(
        extractor,
        "On 6 October the Collective Security Council met in Almaty under Kazakhstan's chairmanship.",
    )
    assert kinds(found.events) == [("summit", "2022-10-06")]


def test_a_request_for_assistance_is_a_request(extractor: Extractor) -> None:
    found = extract(extractor, "Armenia asked the CSTO for military assistance on 13 September.")
    assert kinds(found.events) == [("request", "2022-09-13")]


# -- dates attached as a reader attaches them -----------------------------------------------------


def test_what_was_said_does_not_date_the_saying(extractor: Extractor) -> None:
    found = extract(
        extractor,
        "Yerevan will not pay for the budget adopted on 23 November 2021, Nikol Pashinyan said on Monday.",
    )
    statement = next(e for e in found.events if e.type == "statement")
    assert statement.date == "2022-10-10"


def test_a_session_setting_the_scene_is_reported_and_dates_what_was_said_at_it(extractor: Extractor) -> None:
    body = (
        "Nikol Pashinyan spoke at a session of the Collective Security Council in Yerevan on 8 October.\n"
        "Imangali Tasmagambetov said the members had agreed on a budget."
    )
    found = extract(extractor, body)
    assert ("summit", "2022-10-08") in kinds(found.events)
    later = next(e for e in found.events if "imangali-tasmagambetov" in e.actor_ids)
    assert later.date == "2022-10-08"


def test_a_date_right_after_the_verb_wins_over_an_apposition(extractor: Extractor) -> None:
    found = extract(extractor, "Kazakhstan, one of the founders in 1992, had left the CSTO once in 1999.")
    assert kinds(found.events) == [("membership_change", "1999")]


def test_two_dated_clauses_joined_by_but_are_two_happenings(extractor: Extractor) -> None:
    found = extract(extractor, "Belarus restored its membership in 2006 but suspended it again in 2012.")
    assert sorted(kinds(found.events)) == [("membership_change", "2006"), ("membership_change", "2012")]


def test_mid_month_and_a_future_in_the_next_sentence(extractor: Extractor) -> None:
    text = "Clashes broke out in mid-September. Talks will follow in November."
    values = [(d.text, d.value) for d in extract(extractor, text).dates]
    assert ("mid-September", "2022-09") in values
    assert ("in November", "2022-11") in values
    past = extract(extractor, "The session was held in Minsk on October 7. Leaders will meet again next year.")
    assert ("October 7", "2022-10-07") in [(d.text, d.value) for d in past.dates]


# -- one happening, one event; the last speaker ---------------------------------------------------


def test_an_appointment_referred_to_again_is_one_event(extractor: Extractor) -> None:
    body = (
        "On 6 October the CSTO leaders appointed Imangali Tasmagambetov as Secretary General.\n"
        "His appointment was announced in Yerevan."
    )
    assert [e.type for e in extract(extractor, body).events].count("appointment") == 1


def test_he_said_continues_the_last_speaker_even_after_a_reported_event(extractor: Extractor) -> None:
    body = (
        "Armenia has frozen its participation in the CSTO, Nikol Pashinyan said on Friday.\n"
        "The decision is final, he said."
    )
    found = extract(extractor, body)
    statements = [e for e in found.events if e.type == "statement"]
    assert [s.actor_ids[0] for s in statements] == ["nikol-pashinyan"]


# -- publication dates ------------------------------------------------------------------------------


def test_a_dateline_takes_the_year_the_text_states_never_a_later_session(extractor: Extractor) -> None:
    text = (
        "CSTO ministers in Almaty\n"
        "ALMATY, June 21. /TASS/. The ministers meet in Almaty on Friday.\n"
        "Armenia froze its participation in February 2024. A summit is planned for November 28, 2024.\n"
    )
    found = extractor.extract(RawDocument("t.txt", text=text))
    assert (found.document.published, found.document.published_how) == ("2024-06-21", "dateline")
    assert found.document.published_confidence == pytest.approx(0.7)


def test_a_dateline_comes_after_the_past_the_text_reports(extractor: Extractor) -> None:
    text = (
        "Bloc reviews its year\n"
        "MOSCOW, January 30 (TASS) — Ministers reviewed the results of the summit held in Minsk on November 23,"
        " 2023.\n"
    )
    assert extractor.extract(RawDocument("t.txt", text=text)).document.published == "2024-01-30"


def test_a_dateline_comes_before_the_future_the_text_announces(extractor: Extractor) -> None:
    text = "Plans\nMINSK, October 3 — Belarus will chair the organization from January 1, 2025.\n"
    assert extractor.extract(RawDocument("t.txt", text=text)).document.published == "2024-10-03"


def test_a_dateline_with_no_year_in_the_text_takes_the_year_of_the_stored_event_it_names(
    extractor: Extractor,
) -> None:
    text = "Talks end\nALMATY, June 7 — Talks between Russia and Kazakhstan in Almaty ended on Thursday.\n"
    found = extractor.extract(RawDocument("t.txt", text=text))
    assert (found.document.published, found.document.published_how) == ("2024-06-07", "dateline")


def test_a_dateline_year_follows_an_exercise_edition_the_text_names(extractor: Extractor) -> None:
    text = (
        "Drills begin\nMOSCOW, September 3 — The Interaction-2024 exercise opened. Belarus first hosted such"
        " drills in 2019.\n"
    )
    assert extractor.extract(RawDocument("t.txt", text=text)).document.published == "2024-09-03"


def test_a_dateline_year_follows_the_term_of_an_office_holder_the_text_names(mini_lexicon: Lexicon) -> None:
    lexicon = Lexicon(mini_lexicon.names, mini_lexicon.kinds, mini_lexicon.aliases, mini_lexicon.events)
    lexicon.terms = {"imangali-tasmagambetov": [(date(2023, 1, 1), None)]}
    text = (
        "Secretary General speaks\nMOSCOW, May 14 — Imangali Tasmagambetov recalled the Treaty signed in"
        " 1992 and the force set up in 2009.\n"
    )
    found = Extractor(lexicon, now=date(2026, 1, 1)).extract(RawDocument("t.txt", text=text))
    assert found.document.published == "2023-05-14"
    without = Extractor(mini_lexicon, now=date(2026, 1, 1)).extract(RawDocument("t.txt", text=text))
    assert without.document.published == "2010-05-14"  # after the year "set up in 2009" names as past


def test_a_past_year_told_as_past_puts_the_dateline_after_that_year(extractor: Extractor) -> None:
    told = "Talks\nYEREVAN, March 14 — Pashinyan recalled that in 2022 the bloc had warned him.\n"
    assert extractor.extract(RawDocument("t.txt", text=told)).document.published == "2023-03-14"
    ahead = "Talks\nYEREVAN, January 10 — Armenia sees no sense in hosting the drills in 2023, Pashinyan says.\n"
    assert extractor.extract(RawDocument("t.txt", text=ahead)).document.published == "2023-01-10"


def test_an_anniversary_gives_the_dateline_its_year(extractor: Extractor) -> None:
    text = (
        "Session ahead\nMOSCOW, May 13 — The presidents will gather in Moscow on Tuesday. The treaty was"
        " signed in Tashkent in May 1992 and turns ten this month.\n"
    )
    assert extractor.extract(RawDocument("t.txt", text=text)).document.published == "2002-05-13"


def test_a_title_closed_by_place_and_date_dates_the_report(extractor: Extractor) -> None:
    text = (
        "Lavrov sums up the leaders' session (Almaty, June 21, 2024)\n\nRussia's minister briefed reporters"
        " after the session of the Collective Security Council.\n"
    )
    found = extractor.extract(RawDocument("t.txt", text=text))
    assert (found.document.published, found.document.published_how) == ("2024-06-21", "header")
    assert any(e.type == "summit" and e.date == "2024-06-21" for e in found.events), found.events


def test_a_dateline_takes_the_year_of_the_same_day_stated_in_full(extractor: Extractor) -> None:
    text = (
        "Plan adopted\nBISHKEK, May 28. /TASS/. Ministers approved a plan for 2026-2030. The meeting took place"
        " on May 28, 2025.\n"
    )
    assert extractor.extract(RawDocument("t.txt", text=text)).document.published == "2025-05-28"


def test_a_period_a_plan_covers_does_not_date_the_dateline(extractor: Extractor) -> None:
    text = "Plan adopted\nBISHKEK, May 28. /TASS/. In 2024 ministers approved a plan for 2026-2030.\n"
    assert extractor.extract(RawDocument("t.txt", text=text)).document.published == "2024-05-28"


def test_a_dateline_year_is_one_whose_day_is_the_weekday_its_lead_names(extractor: Extractor) -> None:
    # 29 December was a Tuesday in 2015 and a Thursday in 2016; the term that "runs out" is still to come
    text = (
        "Border incident\nYEREVAN, December 29 (RFE/RL) — Armenia on Thursday reported an incident on its border."
        " The last summit was held in December 2015. His term runs out on December 31, 2016.\n"
    )
    assert extractor.extract(RawDocument("t.txt", text=text)).document.published == "2016-12-29"


def test_a_dateline_comes_after_a_stored_happening_the_text_names_by_its_day(extractor: Extractor) -> None:
    text = (
        "Talks reviewed\nALMATY, June 10 — Kazakhstan joined the group in 2019. The talks that Russia and"
        " Kazakhstan held in Almaty on June 6 were reviewed.\n"
    )
    assert extractor.extract(RawDocument("t.txt", text=text)).document.published == "2024-06-10"


def test_a_dateline_is_never_after_the_moment_of_ingestion(mini_lexicon: Lexicon) -> None:
    text = "News\nMOSCOW, December 19 (TASS) — Talks were held in Moscow in June 2024.\n"
    early = Extractor(mini_lexicon, now=date(2024, 7, 1)).extract(RawDocument("t.txt", text=text))
    assert early.document.published != "2024-12-19"
    late = Extractor(mini_lexicon, now=date(2025, 1, 1)).extract(RawDocument("t.txt", text=text))
    assert late.document.published == "2024-12-19"


def test_a_caption_date_above_the_header_is_not_the_publication_date(extractor: Extractor) -> None:
    text = (
        "Summit held without Armenia\n"
        "Leaders at the previous summit in Yerevan, 23 November 2022 (archive photo)\n"
        "24 November 2023\n\n"
        "The summit took place in Minsk on November 23.\n"
    )
    assert extractor.extract(RawDocument("t.txt", text=text)).document.published == "2023-11-24"


def test_a_header_with_a_comma_before_the_time_is_a_header(extractor: Extractor) -> None:
    text = "Note received\nJune 28, 2012, 19:27\n\nThe CSTO received a note from Armenia on Thursday.\n"
    found = extractor.extract(RawDocument("t.txt", text=text))
    assert (found.document.published, found.document.published_how) == ("2012-06-28", "header")


def test_the_pipeline_gives_the_extractor_the_moment_of_ingestion(mini_lexicon: Lexicon) -> None:
    raw = RawDocument("t.txt", text="News\nMOSCOW, December 19 (TASS) — Talks in Moscow in June 2099.\n")
    [result] = list(extract_stream([raw], mini_lexicon, now=date(2030, 1, 1)))
    assert isinstance(result, Extraction) and result.document.published != "2099-12-19"


# -- links ----------------------------------------------------------------------------------------


def test_a_city_naming_a_region_or_a_publication_is_not_the_city(extractor: Extractor) -> None:
    found = extract(
        extractor,
        "Drills were held in the Minsk region, The Moscow Times reported from the Moscow-led bloc's exercise.",
    )
    assert [m.entity for m in found.mentions if m.kind == "place"] == []


def test_a_secretariat_of_another_body_is_not_the_csto_secretariat(mini_lexicon: Lexicon) -> None:
    lexicon = Lexicon(
        names=dict(mini_lexicon.names),
        kinds=dict(mini_lexicon.kinds),
        aliases=[*mini_lexicon.aliases, ("Secretariat", "secretariat", False)],
        events=list(mini_lexicon.events),
    )
    found = Extractor(lexicon).extract(
        RawDocument(
            "t.txt",
            text=HEADER + "The Secretariat said so. The Secretariat of the Parliamentary Assembly did not.\n",
        )
    )
    assert [m.span[0] - len(HEADER) for m in found.mentions if m.entity == "secretariat"] == [4]


# -- speed without a change in what is found -----------------------------------------------------------


def _texts() -> list[str]:
    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    from ingest import article  # type: ignore[import-not-found]

    rng = random.Random(4)
    written = [p.read_text(encoding="utf-8") for p in sorted((GOLD / "articles").glob("*.*"))]
    news = [p.read_text(encoding="utf-8") for p in sorted((GOLD / "news").glob("*.*"))]
    return written + news + [article(rng) for _ in range(5)]


def test_screening_sentences_never_changes_the_triggers_found() -> None:
    for text in _texts():
        for start, end in split_sentences(text):
            sentence = text[start:end]
            assert find_triggers(sentence) == find_triggers(sentence, screen=False), sentence


def test_the_first_character_lookaheads_never_change_the_dates_found(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    fast = [find_dates(text) for text in texts]
    plain = [
        (kind, __import__("re").compile(pattern, __import__("re").IGNORECASE if kind == "relative" else 0))
        for kind, pattern in date_module._PATTERNS
    ]
    monkeypatch.setattr(date_module, "_COMPILED", plain)
    monkeypatch.setattr(date_module, "_GATES", [() for _ in plain])
    monkeypatch.setattr(date_module, "_ANCHORS", [None for _ in plain])  # and the anchors: every position tried
    assert [find_dates(text) for text in texts] == fast


def test_priming_the_tokenizer_cache_never_changes_the_tokens(extractor: Extractor) -> None:
    from csto.ingest.linker import build_nlp

    for text in _texts():
        plain = build_nlp().make_doc(text)  # a fresh tokenizer, nothing primed
        primed = extractor.linker.tokenize(text)
        assert [(t.text, t.idx, t.whitespace_, t.norm_) for t in primed] == [
            (t.text, t.idx, t.whitespace_, t.norm_) for t in plain
        ]


def test_a_text_over_a_million_characters_is_extracted_in_chunks(extractor: Extractor) -> None:
    paragraph = "On 5 October the CSTO Secretariat hosted a meeting with Belarus in Minsk.\n\n"
    text = HEADER + paragraph * (1_100_000 // len(paragraph))
    found = extractor.extract(RawDocument("long.txt", text=text))
    assert len(text) > 1_000_000
    assert sum(m.entity == "secretariat" for m in found.mentions) == text.count("CSTO Secretariat")


def test_the_members_who_act_are_their_council_not_what_they_act_on(extractor: Extractor) -> None:
    text = (
        "MINSK, November 28, 2024 — CSTO leaders met in Minsk on Thursday. The presidents agreed to extend"
        " cooperation with the United States on border security.\n"
    )
    found = extractor.extract(RawDocument("t.txt", text=text))
    decision = next(e for e in found.events if e.type == "decision")
    assert decision.actor_ids[0] == "collective-security-council"


def test_a_summit_being_prepared_or_scheduled_is_planned(extractor: Extractor) -> None:
    text = (
        "ALMATY, June 21, 2024 — The ministers of the CSTO concentrated on preparing the CSTO summit. Russia"
        " discussed the session of the Collective Security Council, which is scheduled for November in Minsk.\n"
    )
    found = extractor.extract(RawDocument("t.txt", text=text))
    summits = [e for e in found.events if e.type == "summit"]
    assert summits and all(e.status == "planned" for e in summits)


def test_an_undated_report_takes_the_day_of_the_stored_happening_it_names_by_weekday(extractor: Extractor) -> None:
    told = (
        "Talks in Almaty\n\nKazakhstan and Russia have agreed to widen border cooperation, officials said in"
        " Almaty on Thursday. The two sides first discussed it in March 2024.\n"
    )
    found = extractor.extract(RawDocument("t.txt", text=told))
    assert (found.document.published, found.document.published_how) == ("2024-06-06", "anchored")
    other_day = told.replace("Thursday", "Friday")  # no stored happening that day: the latest stated date
    assert extractor.extract(RawDocument("t.txt", text=other_day)).document.published == "2024-03"


def test_the_end_of_a_term_is_not_when_a_report_was_written(extractor: Extractor) -> None:
    text = (
        "Council decisions\n\nThe Collective Security Council met in Minsk in November 2024 and prolonged the"
        " mandate of the Secretary General to the end of 2026.\n"
    )
    assert extractor.extract(RawDocument("t.txt", text=text)).document.published == "2024-11"


@pytest.mark.parametrize(
    "sentence",
    [
        "Armenia's membership in the CSTO has now been officially suspended, the Council said on Wednesday.",
        "Armenia rejoined in August 2006, the Council said.",
        "Armenia became a full participant of the CSTO on June 23, 2006.",
        "Armenia walked out of the CSTO in 1999.",
        "Armenia and Belarus did not renew the treaty in 1999.",
        "Armenia ended its membership in the CSTO in December 2012.",
        "Armenia stopped taking part in the CSTO in 2012.",
        "Armenia halted its participation in CSTO activities in 2012.",
    ],
)
def test_membership_changes_told_in_other_words(extractor: Extractor, sentence: str) -> None:
    text = f"MINSK, December 19, 2012 — {sentence}\n"
    assert "membership_change" in {e.type for e in extractor.extract(RawDocument("t.txt", text=text)).events}


def test_the_day_a_statement_is_about_is_not_the_day_it_was_made(extractor: Extractor) -> None:
    text = (
        "YEREVAN, March 14, 2023 — Armenia will not leave the CSTO, Nikol Pashinyan said when asked about his"
        " country's decision this month to give up its quota.\n"
    )
    said = [e for e in extractor.extract(RawDocument("t.txt", text=text)).events if e.type == "statement"]
    assert said and said[0].date == "2023-03-14"


def test_a_dated_decision_named_beside_the_main_event_and_the_operation_it_started(extractor: Extractor) -> None:
    text = (
        "ALMATY, January 14, 2022 — CSTO peacekeeping forces went to Kazakhstan under a decision of the"
        " Collective Security Council adopted on January 6, 2022. The step-by-step withdrawal started on"
        " January 13.\n"
    )
    events = _typed_dates(extractor, text)
    assert ("decision", "2022-01-06") in events
    assert ("withdrawal", "2022-01-13") in events


@pytest.mark.parametrize(
    "sentence",
    [
        "At a meeting with Imangali Tasmagambetov in Minsk on Wednesday, Nikol Pashinyan declared the issue settled.",
        "Nikol Pashinyan said as he met Imangali Tasmagambetov on Wednesday that the talks were over.",
        "Sadyr Japarov received Imangali Tasmagambetov on Wednesday, and his press service said the talks went well.",
        "Addressing a sitting of the CSTO Secretariat on Wednesday, Nikol Pashinyan called the move a threat.",
    ],
)
def test_a_meeting_told_beside_what_was_said_at_it(extractor: Extractor, sentence: str) -> None:
    text = f"MINSK, November 27, 2024 — {sentence}\n"
    events = _typed_dates(extractor, text)
    assert ("meeting", "2024-11-27") in events


def test_a_source_cited_is_not_a_statement(extractor: Extractor) -> None:
    text = "MINSK, November 27, 2024 — According to the organization's website, Belarus hosted the CSTO session.\n"
    assert all(e.type != "statement" for e in extractor.extract(RawDocument("t.txt", text=text)).events)


def test_a_dateline_year_is_never_before_a_body_the_text_names_existed(mini_lexicon: Lexicon) -> None:
    text = "Session\nMINSK, May 14 — The Collective Security Council met. Belarus first hosted it in 2009.\n"
    plain = Extractor(mini_lexicon, now=date(2026, 1, 1)).extract(RawDocument("t.txt", text=text))
    assert plain.document.published == "2010-05-14"
    lexicon = Lexicon(mini_lexicon.names, mini_lexicon.kinds, mini_lexicon.aliases, mini_lexicon.events)
    lexicon.since = {"collective-security-council": date(2012, 3, 1)}
    found = Extractor(lexicon, now=date(2026, 1, 1)).extract(RawDocument("t.txt", text=text))
    assert found.document.published == "2012-05-14"


def test_an_act_whose_word_is_a_speech_verb_is_not_also_a_statement(extractor: Extractor) -> None:
    text = "MINSK, November 28, 2024 — Belarus confirmed Imangali Tasmagambetov in the post at the session.\n"
    types = [e.type for e in extractor.extract(RawDocument("t.txt", text=text)).events]
    assert "appointment" in types and "statement" not in types


def test_unnamed_groups_are_not_speakers(extractor: Extractor) -> None:
    text = "BISHKEK, April 8, 2010 — Opposition parties announced that Sadyr Japarov had taken charge.\n"
    assert all(e.type != "statement" for e in extractor.extract(RawDocument("t.txt", text=text)).events)


def test_a_session_a_speaker_told_is_the_scene_of_what_was_said(extractor: Extractor) -> None:
    text = (
        "MOSCOW, December 19, 2012 — The CSTO has suspended Armenia, Nikol Pashinyan told an expanded meeting"
        " of the CSTO council in Minsk.\n"
    )
    events = _typed_dates(extractor, text)
    assert ("summit", "2012-12-19") in events


def test_a_day_inside_what_was_said_or_a_future_clause_dates_nothing_said_or_done(extractor: Extractor) -> None:
    said = "DUSHANBE, January 13, 2022 — Nikol Pashinyan said the pull-out would start on Friday.\n"
    statement = next(e for e in extractor.extract(RawDocument("t.txt", text=said)).events if e.type == "statement")
    assert statement.date == "2022-01-13"
    named = (
        "MOSCOW, November 25, 2025 — Imangali Tasmagambetov has been appointed Secretary General and will take"
        " up his duties on January 1, 2026.\n"
    )
    appointment = next(e for e in extractor.extract(RawDocument("t.txt", text=named)).events if e.type == "appointment")
    assert appointment.date == "2025-11-25"


def test_the_lead_of_a_report_dated_by_the_happening_it_names_tells_that_days_news(extractor: Extractor) -> None:
    text = (
        "Talks in Almaty\n\nKazakhstan and Russia held talks in Almaty on Thursday. Kazakhstan signed a border"
        " protocol with Russia. The two sides first discussed it in March 2024.\n"
    )
    found = extractor.extract(RawDocument("t.txt", text=text))
    assert found.document.published_how == "anchored"
    assert ("document_signed", "2024-06-06") in {(e.type, e.date) for e in found.events}


def test_his_candidacy_is_the_candidacy_of_the_person_named_before(extractor: Extractor) -> None:
    text = (
        "MOSCOW, March 11, 2020 — Imangali Tasmagambetov has led the Secretariat since January. The"
        " Collective Security Council approved his candidacy on November 28, 2019.\n"
    )
    appointments = [e for e in extractor.extract(RawDocument("t.txt", text=text)).events if e.type == "appointment"]
    assert any("imangali-tasmagambetov" in e.actor_ids and e.date == "2019-11-28" for e in appointments)


def test_the_treaty_named_before_is_the_one_signed_or_concluded() -> None:
    lexicon = Lexicon.from_records([{"id": "csto-charter", "name": "CSTO Charter", "kind": "document"}])
    text = "Anniversary\n\nThe CSTO Charter turns twenty. The charter was concluded in Chisinau on 7 October 2002.\n"
    events = {(e.type, e.date) for e in Extractor(lexicon).extract(RawDocument("t.txt", text=text)).events}
    assert ("document_signed", "2002-10-07") in events


def test_an_exercise_edition_of_the_reports_year_leaves_the_day_to_the_report(extractor: Extractor) -> None:
    text = "BISHKEK, September 3, 2024 — Kazakhstan is sending troops to the Interaction-2024 exercise.\n"
    found = extractor.extract(RawDocument("t.txt", text=text))
    assert ("deployment", "2024-09-03") in {(e.type, e.date) for e in found.events}


def test_seeing_no_sense_in_an_exercise_is_not_holding_it(extractor: Extractor) -> None:
    text = "YEREVAN, January 10, 2023 — Armenia sees no sense in hosting exercises of the CSTO in 2023.\n"
    found = extractor.extract(RawDocument("t.txt", text=text))
    assert all(not (e.type == "exercise" and e.status == "occurred") for e in found.events)


@pytest.mark.parametrize("header", ["2022/10/14", "14-10-2022", "14 October 2022 / Asia-Plus"])
def test_more_header_date_forms(extractor: Extractor, header: str) -> None:
    text = f"CSTO summit in Astana\n{header}\n\nThe CSTO leaders met in Astana on Friday.\n"
    found = extractor.extract(RawDocument("t.txt", text=text))
    assert (found.document.published, found.document.published_how) == ("2022-10-14", "header")


def test_a_past_year_beside_a_future_one_in_one_clause(extractor: Extractor) -> None:
    text = (
        "Drills\nMOSCOW, June 28 (TASS) — Nikol Pashinyan said the CSTO forces completed drills in 2023 and would"
        " meet again in 2025.\n"
    )
    assert extractor.extract(RawDocument("t.txt", text=text)).document.published == "2024-06-28"


def test_weekdays_resolve_against_a_day_anchored_to_the_happening_reported(extractor: Extractor) -> None:
    text = (
        "Talks in Almaty\n\nKazakhstan and Russia have agreed to widen border cooperation, officials said in"
        " Almaty on Thursday. On Wednesday Nikol Pashinyan said Armenia would not take part. The two sides"
        " first discussed it in March 2024.\n"
    )
    found = extractor.extract(RawDocument("t.txt", text=text))
    assert found.document.published == "2024-06-06"
    assert ("statement", "2024-06-05") in {(e.type, e.date) for e in found.events}


def test_asking_a_state_to_send_troops_is_a_request(extractor: Extractor) -> None:
    text = "BISHKEK, June 18, 2010 — Kyrgyzstan asked Russia earlier this month to send troops.\n"
    assert "request" in {e.type for e in extractor.extract(RawDocument("t.txt", text=text)).events}
