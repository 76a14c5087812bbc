"""The record's invariants for accepted claims: the facts a claim asserts and how they stand against curated ones.

A membership change gives ``member_status``, a chairmanship ``chairs``, an appointment
``holds_office``. Against the curated facts of the same subject, predicate and object, a derived fact
either *corroborates* one (same value, compatible start), *contradicts* one (another value while it
is in force, or the same value starting at an incompatible date) or is *new*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, and_, select

from csto.periods import PartialDate
from csto.store import schema
from csto.vocabulary import MemberStatus

ORGANIZATION = "csto"
CHAIRED_BODY = "collective-security-council"
_STATUS_WORDS = [
    (MemberStatus.FROZEN.value, re.compile(r"\b(froze|freez\w*|frozen)\b", re.I)),
    (MemberStatus.SUSPENDED.value, re.compile(r"\bsuspend\w*\b", re.I)),
    (MemberStatus.WITHDRAWN.value, re.compile(r"\b(withdr\w+|left|leav\w+|exit\w*|quit|expired)\b", re.I)),
    (
        MemberStatus.FULL.value,
        re.compile(
            r"\b(join\w*|acced\w+|accession|became a (?:full )?member|full member|return\w*|restor\w+|resum\w+)\b", re.I
        ),
    ),
]


@dataclass(frozen=True)
class DerivedFact:
    subject: str
    predicate: str
    object: str | None
    value: Any
    valid_from: str


@dataclass
class FactVerdict:
    fact: DerivedFact
    corroborates: list[str] = field(default_factory=list)
    contradicts: list[str] = field(default_factory=list)
    dispute: str | None = None


def membership_value(quote: str) -> str | None:
    for value, pattern in _STATUS_WORDS:
        if pattern.search(quote):
            return value
    return None


def derive(payload: dict[str, Any], kinds: dict[str, str]) -> list[DerivedFact]:
    """The facts a claim asserts (none for event types that carry no fact)."""
    date = payload.get("date")
    if not date:
        return []
    actors = [a for a in payload.get("actor_ids", []) if a in kinds]
    # Only the state whose status changed: "Armenia froze its participation, Russia said" is about Armenia.
    named_first = [a for a in payload.get("subjects", []) if kinds.get(a) == "state"][:1]
    states = named_first or [a for a in actors if kinds[a] == "state"][:1]
    event_type = payload.get("type")
    if event_type == "membership_change":
        value = membership_value(payload.get("quote", ""))
        if value is None or ORGANIZATION not in kinds:
            return []
        return [DerivedFact(s, "member_status", ORGANIZATION, value, date) for s in states]
    if event_type == "chairmanship" and CHAIRED_BODY in kinds and states:
        return [DerivedFact(states[0], "chairs", CHAIRED_BODY, None, date)]
    if event_type == "appointment":
        people = [a for a in actors if kinds[a] == "person"]
        offices = [a for a in actors if kinds[a] == "office"]
        if people and offices:
            return [DerivedFact(people[0], "holds_office", offices[0], None, date)]
    return []


def _compatible(left: str | None, right: str | None) -> bool:
    """Two start dates that may name the same day ("2024-02" and "2024-02-22" may; "2024-08-31" does not)."""
    if left is None or right is None:
        return True
    a, b = PartialDate.parse(left), PartialDate.parse(right)
    return a.earliest <= b.latest and b.earliest <= a.latest


def single_valued(conn: Connection, predicate: str, obj: str | None = None) -> str:
    """What may hold one value at a time for ``predicate``; an office marked ``single_holder`` has one holder."""
    definition = conn.scalar(select(schema.predicates.c.definition).where(schema.predicates.c.name == predicate))
    rule = str((definition or {}).get("single_valued", "none"))
    if predicate == "holds_office" and obj is not None:
        attributes = conn.scalar(select(schema.entities.c.attributes).where(schema.entities.c.id == obj)) or {}
        if attributes.get("single_holder"):
            return "object"
    return rule


TERM_AFTER_DECISION_DAYS = 400
"""An appointment decided on one day may start its term up to this long after (a December summit
names the Secretary General whose term starts on 1 January)."""


def _term_follows(decided: PartialDate, term_start: date | None) -> bool:
    return term_start is not None and decided.earliest <= term_start <= decided.latest + timedelta(
        days=TERM_AFTER_DECISION_DAYS
    )


def judge(conn: Connection, fact: DerivedFact) -> FactVerdict:
    """Compare a derived fact with the curated facts it could agree or clash with.

    Facts on the same subject, predicate and object agree (same value, compatible start) or clash
    (same value from an incompatible date, or another value while in force). A predicate that allows
    one subject per object (one chair at a time) also clashes with another subject in force then.
    """
    f = schema.facts
    rule = single_valued(conn, fact.predicate, fact.object)
    same_object = f.c.object == fact.object if fact.object is not None else f.c.object.is_(None)
    scope = and_(f.c.subject == fact.subject, same_object)
    if rule == "object" and fact.object is not None:
        scope = same_object
    elif rule == "subject":
        scope = f.c.subject == fact.subject
    rows = conn.execute(
        select(
            f.c.id, f.c.subject, f.c.object, f.c.value, f.c.valid_from, f.c.start_day, f.c.end_day, f.c.dispute
        ).where(and_(scope, f.c.predicate == fact.predicate, f.c.origin == "curated"))
    ).all()
    verdict = FactVerdict(fact)
    start = PartialDate.parse(fact.valid_from)
    for row in rows:
        same = row.value == fact.value and row.subject == fact.subject and row.object == fact.object
        if same and fact.predicate == "holds_office" and _term_follows(start, row.start_day):
            verdict.corroborates.append(row.id)  # the decision day of a term recorded from its start
            continue
        in_force = (row.start_day is None or row.start_day <= start.latest) and (
            row.end_day is None or start.earliest <= row.end_day
        )
        if same and _compatible(row.valid_from, fact.valid_from):
            verdict.corroborates.append(row.id)
        elif in_force and (same or rule != "none"):
            verdict.contradicts.append(row.id)
            verdict.dispute = verdict.dispute or row.dispute
    if verdict.corroborates:
        verdict.contradicts = []
    return verdict
