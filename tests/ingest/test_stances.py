"""Position claims proposed from statements: cues, negation, hedges, silence, and who speaks for which state."""

from __future__ import annotations

from datetime import date

import pytest

from csto.dataset.positions import Topic
from csto.ingest.models import EventClaim, Mention
from csto.ingest.stances import Held, Speakers, propose_positions, quoted_words, read_stances
from csto.periods import PartialDate
from csto.store import KnowledgeBase


def stance_of(text: str) -> tuple[Topic, int]:
    readings = read_stances(text)
    assert readings, f"no stance read from {text!r}"
    return readings[0].topic, readings[0].stance


def test_critical_and_supportive_cues_give_opposite_signs() -> None:
    assert stance_of("Pashinyan said the CSTO was useless for Armenia.") == (Topic.CSTO_WORTH, -2)
    assert stance_of("Tokayev said the CSTO should be strengthened.") == (Topic.CSTO_WORTH, 2)


def test_negation_flips_the_cue_it_governs() -> None:
    assert stance_of("Tokayev said Kazakhstan does not see the CSTO as useless.") == (Topic.CSTO_WORTH, 2)
    assert stance_of("The minister said Kazakhstan was not considering leaving the CSTO.")[1] > 0
    topic, stance = stance_of("Pashinyan said Armenia no longer supports the bloc.")
    assert (topic, stance) == (Topic.CSTO_WORTH, -2)
    assert stance_of("Pashinyan said the CSTO did not fulfil its obligations to Armenia.")[1] < 0


def test_a_hedge_lowers_the_magnitude() -> None:
    assert stance_of("Lukashenko said the CSTO was useless.") == (Topic.CSTO_WORTH, -2)
    assert stance_of("Lukashenko said the CSTO was perhaps useless.") == (Topic.CSTO_WORTH, -1)


def test_a_topic_cue_pointing_away_from_the_organization_turns_the_sign() -> None:
    # opposing a US base is in line with the Organization; welcoming one is not
    assert stance_of("Bakiyev said Kyrgyzstan opposed a US base at Manas.") == (Topic.WESTERN_TIES, 2)
    assert stance_of("The minister welcomed NATO's offer of a partnership.")[0] is Topic.WESTERN_TIES
    assert stance_of("The minister welcomed NATO's offer of a partnership.")[1] < 0


def test_a_statement_without_stance_proposes_nothing() -> None:
    assert read_stances("Pashinyan said the summit would take place in Minsk on Thursday.") == []
    assert read_stances("The delegation discussed the agenda of the next meeting.") == []
    assert read_stances("He said the weather was good.") == []  # a polarity-free sentence with no topic


def test_the_speaker_s_own_words_are_quoted_only_when_short() -> None:
    assert quoted_words('He said the CSTO was "a bubble alliance" and left.') == "a bubble alliance"
    long = '"' + " ".join(["word"] * 13) + '"'
    assert quoted_words(f"He said {long}.") is None


SPEAKERS = Speakers(
    kinds={"armenia": "state", "kazakhstan": "state", "russia": "state", "csto": "organization",
           "nikol-pashinyan": "person", "imangali-tasmagambetov": "person", "someone": "person"},
    names={"armenia": "Armenia", "kazakhstan": "Kazakhstan", "russia": "Russia", "nikol-pashinyan": "Nikol Pashinyan"},
    positions={"nikol-pashinyan": [Held("armenia", "Prime Minister", date(2018, 5, 8), None)]},
    offices={"imangali-tasmagambetov": [Held("secretary-general", "secretary-general", date(2023, 1, 1), None)]},
    nationality={"imangali-tasmagambetov": ["kazakhstan"]},
)  # fmt: skip


def test_an_official_speaks_for_the_state_he_serves_on_the_day() -> None:
    holder = SPEAKERS.holder("nikol-pashinyan", PartialDate.parse("2024-02-22"))
    assert holder is not None and (holder.state, holder.official) == ("armenia", True)
    before = SPEAKERS.holder("nikol-pashinyan", PartialDate.parse("2010-01-01"))
    assert before is not None and before.official is False  # not yet in office: not an official voice
    # the Secretary General speaks for the Organization, not for his country
    assert SPEAKERS.holder("imangali-tasmagambetov", PartialDate.parse("2024-03-01")) is None
    assert SPEAKERS.holder("csto", PartialDate.parse("2024-03-01")) is None
    titled = SPEAKERS.holder("someone", PartialDate.parse("2024-03-01"), ["Kazakh Foreign Minister"])
    assert titled is not None and (titled.state, titled.official) == ("kazakhstan", True)
    assert SPEAKERS.holder("someone", PartialDate.parse("2024-03-01"), ["analyst"]) is None


def _statement(text: str, actor_ids: list[str], actors: list[str], when: str = "2024-02-22") -> EventClaim:
    return EventClaim(
        type="statement", date=when, actors=actors, actor_ids=actor_ids, span=(0, len(text)), quote=text,
        confidence=0.6,
    )  # fmt: skip


def test_a_statement_proposes_a_cited_claim_held_by_the_speaker_s_state() -> None:
    text = "Prime Minister Nikol Pashinyan said the CSTO had become useless for Armenia."
    event = _statement(text, ["nikol-pashinyan", "csto", "armenia"], ["Nikol Pashinyan", "CSTO", "Armenia"])
    mention = Mention(entity="nikol-pashinyan", name="Nikol Pashinyan", kind="person", text="Nikol Pashinyan",
                      span=(15, 30), role="Prime Minister")  # fmt: skip
    [claim] = propose_positions(event, [mention], SPEAKERS, 1)
    assert (claim["holder"], claim["topic"], claim["stance"], claim["speaker"]) == (
        "armenia", "csto-worth", -2, "nikol-pashinyan",
    )  # fmt: skip
    assert claim["official"] and claim["span"] == [0, len(text)] and 0 < claim["confidence"] <= 0.9
    assert claim["date"] == "2024-02-22" and claim["event_claim"] == 1
    plain = _statement("Pashinyan said he would travel to Moscow.", ["nikol-pashinyan"], ["Nikol Pashinyan"])
    assert propose_positions(plain, [], SPEAKERS) == []


def test_holders_come_from_the_store_s_office_holding_data(kb: KnowledgeBase) -> None:
    speakers = Speakers.from_engine(kb.engine)
    putin = speakers.holder("vladimir-putin", PartialDate.parse("2022-11-23"))
    assert putin is not None and (putin.state, putin.official) == ("russia", True)
    assert speakers.holder("armenia", PartialDate.parse("2022-11-23")) is not None


@pytest.mark.parametrize("text", ["It was raining.", ""])
def test_nothing_to_read_is_no_error(text: str) -> None:
    assert read_stances(text) == []
