"""The store's position claims and the participation record behind the alignment index (issue 16).

``write_positions`` fills the ``positions`` tables during a rebuild (inside its transaction);
``read_positions`` returns them; ``participation_record`` returns the events a participation count
needs (sessions, exercises, decisions, statements) with their participants, and ``delegates`` the
``position`` facts that tie a person to the state they speak for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date as Day

from sqlalchemy import Connection, Engine, delete, insert, select

from csto.dataset.positions import Positions
from csto.store import schema

CURATED = "curated"


@dataclass(frozen=True)
class StoredPosition:
    """One position claim as stored."""

    id: str
    holder: str
    speaker: str | None
    speaker_name: str | None
    official: bool
    topic: str
    stance: int
    kind: str
    date: str
    start_day: Day
    end_day: Day
    quote: str | None
    summary: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RecordedParticipant:
    entity: str
    role: str
    note: str | None


@dataclass(frozen=True)
class RecordedEvent:
    """An event with what a participation count reads: type, status, day, title and participants."""

    id: str
    type: str
    status: str
    date: str
    start_day: Day
    title: str
    summary: str
    dispute: str | None
    participants: tuple[RecordedParticipant, ...]


@dataclass(frozen=True)
class Delegate:
    """A ``position`` fact: ``person`` held ``title`` for ``state`` between two days (None: open)."""

    person: str
    state: str
    title: str
    start: Day | None
    end: Day | None


def clear_positions(conn: Connection) -> None:
    """Delete the curated position claims (a rebuild does it before replacing entities and sources)."""
    conn.execute(delete(schema.position_sources).where(schema.position_sources.c.origin == CURATED))
    conn.execute(delete(schema.positions).where(schema.positions.c.origin == CURATED))


def write_positions(conn: Connection, positions: Positions) -> int:
    """Replace the curated position claims (inside the rebuild's transaction, after the sources are written).

    Accepted position claims from ingestion (``origin='ingested'`` rows, and the sources they added
    to curated claims) survive: the links a rebuild's delete took with the curated rows are restored.
    """
    clear_positions(conn)
    rows: list[dict[str, object]] = []
    links: list[dict[str, object]] = []
    for claim in positions.claims.values():
        when = claim.when
        rows.append(
            {
                "id": claim.id,
                "holder": claim.holder,
                "speaker": claim.speaker,
                "speaker_name": claim.speaker_name,
                "official": int(claim.official),
                "topic": str(claim.topic),
                "stance": claim.stance,
                "kind": str(claim.kind),
                "date": claim.date,
                "start_day": when.earliest,
                "end_day": when.latest,
                "quote": claim.quote,
                "summary": claim.summary,
                "origin": CURATED,
            }
        )
        links.extend({"position_id": claim.id, "source_id": s, "origin": CURATED} for s in dict.fromkeys(claim.sources))
    if rows:
        conn.execute(insert(schema.positions), rows)
    if links:
        conn.execute(insert(schema.position_sources), links)
    from csto.store.promote import restore_position_links  # accepted claims' links to curated rows come back

    restore_position_links(conn)
    return len(rows)


def read_positions(engine: Engine, holder: str | None = None, before: Day | None = None) -> list[StoredPosition]:
    """The stored claims (of ``holder``; dated wholly before ``before``), oldest first."""
    p, ps = schema.positions, schema.position_sources
    query = select(p)
    if holder is not None:
        query = query.where(p.c.holder == holder)
    if before is not None:
        query = query.where(p.c.end_day < before)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(p.c.start_day, p.c.id)).all()
        cited: dict[str, list[str]] = defaultdict(list)
        for link in conn.execute(select(ps.c.position_id, ps.c.source_id)):
            cited[link.position_id].append(link.source_id)
    return [
        StoredPosition(
            id=r.id,
            holder=r.holder,
            speaker=r.speaker,
            speaker_name=r.speaker_name,
            official=bool(r.official),
            topic=r.topic,
            stance=int(r.stance),
            kind=r.kind,
            date=r.date,
            start_day=r.start_day,
            end_day=r.end_day,
            quote=r.quote,
            summary=r.summary,
            sources=tuple(cited.get(r.id, ())),
        )
        for r in rows
    ]


def participation_record(engine: Engine) -> list[RecordedEvent]:
    """Every event with its participants, oldest first (curated and accepted alike)."""
    e, ep = schema.events, schema.event_participants
    with engine.connect() as conn:
        people: dict[str, list[RecordedParticipant]] = defaultdict(list)
        for row in conn.execute(select(ep.c.event_id, ep.c.entity_id, ep.c.role, ep.c.note)):
            people[row.event_id].append(RecordedParticipant(row.entity_id, row.role, row.note))
        rows = conn.execute(
            select(e.c.id, e.c.type, e.c.status, e.c.date, e.c.start_day, e.c.title, e.c.summary, e.c.dispute).order_by(
                e.c.start_day, e.c.id
            )
        ).all()
    return [
        RecordedEvent(
            r.id,
            r.type,
            r.status,
            r.date,
            r.start_day,
            r.title,
            r.summary or "",
            r.dispute,
            tuple(people.get(r.id, ())),
        )
        for r in rows
    ]


def delegates(engine: Engine) -> list[Delegate]:
    """The ``position`` facts whose object is a state: who spoke for which state, and when."""
    f, ent = schema.facts, schema.entities
    with engine.connect() as conn:
        states = set(conn.scalars(select(ent.c.id).where(ent.c.kind == "state")))
        rows = conn.execute(
            select(f.c.subject, f.c.object, f.c.value, f.c.start_day, f.c.end_day).where(f.c.predicate == "position")
        ).all()
    return [
        Delegate(r.subject, r.object, str(r.value or ""), r.start_day, r.end_day) for r in rows if r.object in states
    ]


@dataclass(frozen=True)
class SpeakerFacts:
    """What the stance proposer needs to tell which state a speaker speaks for (``csto.ingest.stances``)."""

    kinds: dict[str, str]
    names: dict[str, str]
    positions: list[tuple[str, str, str, Day | None, Day | None]]
    offices: list[tuple[str, str, Day | None, Day | None]]
    nationality: list[tuple[str, str]]


def speaker_facts(engine: Engine) -> SpeakerFacts:
    """Entity kinds and names, ``position`` facts on states, ``holds_office`` facts and ``nationality`` facts."""
    f, ent = schema.facts, schema.entities
    with engine.connect() as conn:
        entities = conn.execute(select(ent.c.id, ent.c.kind, ent.c.name)).all()
        rows = conn.execute(
            select(f.c.subject, f.c.predicate, f.c.object, f.c.value, f.c.start_day, f.c.end_day).where(
                f.c.predicate.in_(("position", "holds_office", "nationality"))
            )
        ).all()
    kinds = {r.id: r.kind for r in entities}
    return SpeakerFacts(
        kinds,
        {r.id: r.name for r in entities},
        [
            (r.subject, r.object, str(r.value or ""), r.start_day, r.end_day)
            for r in rows
            if r.predicate == "position" and kinds.get(r.object) == "state"
        ],
        [(r.subject, r.object, r.start_day, r.end_day) for r in rows if r.predicate == "holds_office"],
        [(r.subject, r.object) for r in rows if r.predicate == "nationality" and kinds.get(r.object) == "state"],
    )
