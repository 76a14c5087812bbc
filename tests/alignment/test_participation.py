"""Participation, counted: synthetic sessions and exercises with known answers, then the real record."""

from __future__ import annotations

from datetime import date

from csto.alignment.participation import Indicator, count_participation
from csto.alignment.record import alignment_record
from csto.store import KnowledgeBase
from csto.store.positions import Delegate, RecordedEvent, RecordedParticipant

DAY = date(2015, 9, 15)
MEMBERS = frozenset({"a", "b", "c", "d"})
PEOPLE = [
    Delegate("president-a", "a", "President", date(2010, 1, 1), None),
    Delegate("pm-b", "b", "Prime Minister", None, None),
]


def _event(
    id_: str, type_: str, *people: tuple[str, str], status: str = "occurred", title: str = "A session"
) -> RecordedEvent:
    return RecordedEvent(
        id_,
        type_,
        status,
        DAY.isoformat(),
        DAY,
        title,
        "",
        None,
        tuple(RecordedParticipant(e, r, None) for e, r in people),
    )


def _count(*events: RecordedEvent):  # type: ignore[no-untyped-def]
    return count_participation(list(events), PEOPLE, MEMBERS | {"x"}, {DAY: MEMBERS})


def test_a_recorded_roll_makes_a_missing_member_absent_and_people_count_for_their_state() -> None:
    years = _count(
        _event("s1", "summit", ("president-a", "chair"), ("a", "host"), ("pm-b", "participant"), ("c", "participant"))
    )
    assert years[("a", 2015)].n(Indicator.ATTENDED) == 1 and years[("a", 2015)].n(Indicator.HOSTED) == 1
    assert years[("b", 2015)].n(Indicator.ATTENDED) == 1
    assert years[("d", 2015)].n(Indicator.NOT_LISTED) == 1
    assert years[("d", 2015)].counts[Indicator.NOT_LISTED].events == ["s1"]
    assert years[("d", 2015)].attendance_rate == 0.0


def test_a_short_roll_infers_no_absence_but_a_recorded_absence_counts() -> None:
    years = _count(_event("s2", "summit", ("a", "host"), ("d", "absent")))
    assert ("c", 2015) not in years
    assert years[("d", 2015)].n(Indicator.ABSENT) == 1


def test_exercises_joined_refused_and_cancelled() -> None:
    years = _count(
        _event("x1", "exercise", ("a", "host"), ("b", "participant"), ("c", "absent")),
        _event("x2", "exercise", ("d", "host"), status="cancelled"),
    )
    assert years[("a", 2015)].n(Indicator.EXERCISE_JOINED) == 1 and years[("a", 2015)].n(Indicator.HOSTED) == 1
    assert years[("c", 2015)].n(Indicator.EXERCISE_REFUSED) == 1
    assert years[("d", 2015)].n(Indicator.EXERCISE_CANCELLED) == 1


def test_staying_outside_a_decision_blocking_and_withholding_dues() -> None:
    years = _count(
        _event("d1", "decision", ("c", "absent"), ("a", "decision_maker"), title="Council adopts a decision"),
        _event("d2", "statement", ("pm-b", "speaker"), title="Pm-B declines to sign the declaration"),
        _event("d3", "statement", ("d", "speaker"), title="D declines to fund the budget"),
    )
    assert years[("c", 2015)].n(Indicator.OUTSIDE_DECISION) == 1
    assert years[("b", 2015)].n(Indicator.BLOCKED) == 1
    assert years[("d", 2015)].n(Indicator.DUES_WITHHELD) == 1
    assert years[("a", 2015)].n(Indicator.OUTSIDE_DECISION) == 0


def test_two_records_of_one_session_count_once() -> None:
    years = _count(
        _event("s1", "summit", ("a", "host")),
        _event("s1-bis", "meeting", ("a", "participant"), title="Collective Security Council session"),
    )
    assert years[("a", 2015)].n(Indicator.ATTENDED) == 1


def test_the_record_has_counts_for_every_member_and_every_year_since_2002(kb: KnowledgeBase) -> None:
    record = alignment_record(kb)
    for state in ("armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan"):
        for year in range(2002, 2026):
            assert (state, year) in record.years, (state, year)
    armenia = record.years[("armenia", 2024)]
    assert armenia.n(Indicator.ABSENT) >= 1 and armenia.n(Indicator.EXERCISE_REFUSED) >= 1
    assert "summit-2024-11-28-astana" in armenia.counts[Indicator.ABSENT].events
    assert record.years[("belarus", 2009)].n(Indicator.ABSENT) >= 1  # the 2009 Moscow boycott
    assert record.years[("uzbekistan", 2015)].member  # suspended, still a member (the rules' roster)


def test_a_refusal_to_sign_or_withheld_consent_in_the_title_counts_as_a_block() -> None:
    years = _count(
        _event("b1", "statement", ("a", "speaker"), title="A refuses to sign the declaration"),
        _event("b2", "statement", ("c", "speaker"), title="C withholds its consent from the decisions"),
        _event("b3", "statement", ("d", "subject"), title="D refuses to sign, says the host"),  # only its subject
        _event("b4", "statement", ("b", "speaker"), title="B refuses to attend the drills"),  # not a signature
    )
    assert years[("a", 2015)].n(Indicator.BLOCKED) == 1
    assert years[("c", 2015)].n(Indicator.BLOCKED) == 1
    assert years[("d", 2015)].n(Indicator.BLOCKED) == 0
    assert years[("b", 2015)].n(Indicator.BLOCKED) == 0


def test_a_member_recorded_as_adversary_of_a_decision_blocks_it_but_not_of_a_clash() -> None:
    years = _count(
        _event("o1", "decision", ("a", "decision_maker"), ("d", "adversary"), title="Draft decision naming a chief"),
        _event("o2", "armed_clash", ("c", "adversary"), ("b", "adversary"), title="Border clash"),
        _event("o3", "decision", ("b", "adversary"), ("b", "signatory"), title="A decision B signed after all"),
    )
    assert years[("d", 2015)].n(Indicator.BLOCKED) == 1
    assert years[("d", 2015)].counts[Indicator.BLOCKED].events == ["o1"]
    assert years[("c", 2015)].n(Indicator.BLOCKED) == 0
    assert years[("b", 2015)].n(Indicator.BLOCKED) == 0


def test_two_records_of_one_block_or_one_refusal_to_pay_on_one_day_count_once() -> None:
    years = _count(
        _event("r1", "statement", ("a", "speaker"), title="A declines to sign the declaration"),
        _event("r2", "summit", ("a", "host"), title="Summit where A declines to sign"),
        _event("p1", "statement", ("d", "speaker"), title="D will not pay its contribution"),
        _event("p2", "statement", ("d", "speaker"), title="D refuses its budget contribution"),
    )
    assert years[("a", 2015)].n(Indicator.BLOCKED) == 1
    assert years[("d", 2015)].n(Indicator.DUES_WITHHELD) == 1


def test_arrears_and_contributions_count_as_dues_withheld_but_a_payment_does_not() -> None:
    years = _count(
        _event("q1", "statement", ("russia-like", "speaker"), ("c", "subject"), title="C's arrears to the budget grow"),
        _event("q2", "statement", ("a", "speaker"), title="A pays its contribution in full"),
        _event("q3", "statement", ("b", "target"), title="B's unpaid contribution criticised"),
    )
    assert years[("c", 2015)].n(Indicator.DUES_WITHHELD) == 1
    assert years[("a", 2015)].n(Indicator.DUES_WITHHELD) == 0
    assert ("b", 2015) not in years or years[("b", 2015)].n(Indicator.DUES_WITHHELD) == 0


def test_the_record_counts_the_documented_blocks(kb: KnowledgeBase) -> None:
    record = alignment_record(kb)
    assert record.years[("armenia", 2018)].n(Indicator.BLOCKED) == 1  # consent withheld from Zas's appointment
    assert record.years[("armenia", 2019)].n(Indicator.BLOCKED) == 1
    assert record.years[("armenia", 2022)].n(Indicator.BLOCKED) == 1  # the Yerevan texts, two records of one act
    assert record.years[("belarus", 2009)].n(Indicator.BLOCKED) == 1  # its note: no consensus for the Moscow decisions
    assert record.years[("uzbekistan", 2009)].n(Indicator.ABSENT) >= 1  # the Yerevan foreign ministers' session
    assert record.years[("armenia", 2024)].n(Indicator.DUES_WITHHELD) == 1
