"""Merging an accepted claim into the knowledge base: its source, new entities, its event and its facts.

Everything written here has ``origin='ingested'``; curated rows are only read (an article that
reports a curated event adds a source link to it, which ``claims.restore_links`` re-creates after a
rebuild of the curated data).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import timedelta
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import Connection, and_, func, insert, select, update
from sqlalchemy.engine import Row

from csto.model import Role
from csto.periods import PartialDate, Period
from csto.store import schema
from csto.store.invariants import DerivedFact, FactVerdict, single_valued
from csto.store.text import normalize

INGESTED = "ingested"


class MergeError(ValueError):
    """A claim that cannot be merged as it stands (an entity that does not exist)."""


def source_id(document_id: str) -> str:
    return f"article-{document_id[:16]}"


_PATH_LIKE = re.compile(
    r"^(?:[a-z]:)?[\\/]|[\\/][^\s]*\.(?:txt|html?|md|jsonl?)$|^[^\s]+\.(?:txt|html?|md|jsonl?)$", re.I
)


def article_title(document: Row[Any], publisher: str) -> str:
    """The article's own title: its metadata title, else its headline line; never a file path."""
    for candidate in (document.title, (document.text or "").strip().split("\n", 1)[0]):
        candidate = " ".join((candidate or "").split())
        if candidate and len(candidate) <= 200 and not _PATH_LIKE.search(candidate):
            return candidate
    return f"Article from {publisher}" + (f", {document.published}" if document.published else "")


def ensure_source(conn: Connection, document: Row[Any]) -> str:
    sid = source_id(document.id)
    if conn.scalar(select(schema.sources.c.id).where(schema.sources.c.id == sid)):
        return sid
    host = urlparse(document.url).netloc if document.url else ""
    publisher = host.removeprefix("www.") or document.source.rsplit("/", 1)[-1] or "unknown"
    note = None
    if document.published_how not in ("metadata", "header", "byline"):
        note = f"publication date {document.published_how} (confidence {document.published_confidence})"
    conn.execute(
        insert(schema.sources).values(
            id=sid,
            publisher=publisher[:200],
            title=article_title(document, publisher)[:500],
            author=document.author,
            date=document.published,
            url=document.url if document.url and document.url.startswith(("http://", "https://")) else None,
            kind="news",
            note=note,
            origin=INGESTED,
        )
    )
    return sid


def ensure_entities(conn: Connection, ids: Sequence[str]) -> None:
    """Proposed people and exercises named by an accepted claim become (ingested) entities."""
    existing = set(conn.scalars(select(schema.entities.c.id).where(schema.entities.c.id.in_(list(ids)))))
    for entity_id in ids:
        if entity_id in existing:
            continue
        proposal = conn.execute(
            select(schema.proposed_entities).where(schema.proposed_entities.c.id == entity_id)
        ).first()
        if proposal is None:
            raise MergeError(f"entity {entity_id!r} is neither in the store nor proposed")
        conn.execute(
            insert(schema.entities).values(
                id=entity_id,
                kind=proposal.kind,
                name=proposal.name,
                description=None,
                external_ids={},
                attributes={},
                origin=INGESTED,
            )
        )
        conn.execute(
            insert(schema.aliases).values(
                entity_id=entity_id, alias=proposal.name, norm=normalize(proposal.name), is_name=1, origin=INGESTED
            )
        )
        conn.execute(
            update(schema.proposed_entities).where(schema.proposed_entities.c.id == entity_id).values(status="accepted")
        )


def _period(payload: dict[str, Any]) -> Period:
    return Period.parse(payload["date"], payload.get("end_date") or payload["date"])


ONE_A_DAY = ("summit",)
"""Event types of which there is at most one on a day (the Council meets once): same type and day, same event."""
SAME_KIND = {"meeting": ("meeting", "summit"), "summit": ("summit", "meeting")}


def find_event(conn: Connection, payload: dict[str, Any]) -> str | None:
    """An existing event that reports the same happening.

    Same type (a Council session reported as a meeting is the summit), overlapping dates, and
    either the same principal participant, two shared participants, the same place, or — for a
    summit, of which there is one a day — nothing more.
    """
    period = _period(payload)
    e, p, a = schema.events, schema.event_participants, schema.event_about
    kinds = SAME_KIND.get(payload["type"], (payload["type"],))
    candidates = conn.execute(
        select(e.c.id, e.c.place, e.c.type, e.c.start_day, e.c.end_day)
        .where(and_(e.c.type.in_(kinds), e.c.start_day <= period.latest, e.c.end_day >= period.earliest))
        .order_by(e.c.origin, e.c.id)  # curated first
    ).all()
    for row in candidates:
        exact_day = period.earliest == period.latest and row.start_day <= period.earliest <= row.end_day
        if (
            row.type in ONE_A_DAY
            and payload["type"] in kinds
            and exact_day
            and (payload["type"] in ONE_A_DAY or "collective-security-council" in payload.get("actor_ids", []))
        ):
            return str(row.id)
    actors = [x for x in payload.get("actor_ids", []) if x != "csto"]
    for row in candidates:
        if row.type != payload["type"]:
            continue
        members = set(conn.scalars(select(p.c.entity_id).where(p.c.event_id == row.id)))
        members |= set(conn.scalars(select(a.c.entity_id).where(a.c.event_id == row.id)))
        shared = set(actors) & members
        if (actors and actors[0] in members) or len(shared) >= 2:
            return str(row.id)
        if row.type == payload["type"] and payload.get("place_id") and row.place == payload.get("place_id"):
            return str(row.id)
    return None


def new_event(conn: Connection, claim: Row[Any], payload: dict[str, Any], dispute: str | None) -> str:
    period = _period(payload)
    digest = hashlib.sha1(claim.id.encode()).hexdigest()[:8]
    event_id = f"ingested-{payload['type'].replace('_', '-')}-{payload['date']}-{digest}"
    names = payload.get("actors") or payload["actor_ids"]
    title = f"{payload['type'].replace('_', ' ').capitalize()}: {', '.join(names[:4])}"
    conn.execute(
        insert(schema.events).values(
            id=event_id,
            type=payload["type"],
            date=payload["date"],
            end_date=payload.get("end_date"),
            start_day=period.earliest,
            end_day=period.latest,
            title=title[:300],
            summary=None,
            place=payload.get("place_id"),
            status=payload.get("status") or "occurred",
            dispute=dispute,
            note=f"proposed by ingestion from claim {claim.id}, accepted in review",
            origin=INGESTED,
        )
    )
    roles = payload.get("roles") or {}
    about = set(payload.get("about") or [])
    for actor in payload["actor_ids"]:
        if actor in about:
            conn.execute(insert(schema.event_about).values(event_id=event_id, entity_id=actor, origin=INGESTED))
            continue
        role = roles.get(actor, "participant")
        conn.execute(
            insert(schema.event_participants).values(
                event_id=event_id,
                entity_id=actor,
                role=role if role in {r.value for r in Role} else "participant",
                origin=INGESTED,
            )
        )
    return event_id


def link(conn: Connection, table: Any, key: str, value: str, source: str) -> None:
    column = getattr(table.c, key)
    present = conn.scalar(select(column).where(and_(column == value, table.c.source_id == source)))
    if not present:
        conn.execute(insert(table).values({key: value, "source_id": source, "origin": INGESTED}))


def _next_start(conn: Connection, fact: DerivedFact, start: PartialDate) -> PartialDate | None:
    """For a one-at-a-time predicate, the day before the next fact in the same slot starts (its end)."""
    f = schema.facts
    rule = single_valued(conn, fact.predicate, fact.object)
    if rule == "none":
        return None
    slot = {"object": f.c.object == fact.object, "subject": f.c.subject == fact.subject}.get(
        rule, and_(f.c.subject == fact.subject, f.c.object == fact.object)
    )
    following = conn.scalar(
        select(func.min(f.c.start_day)).where(and_(f.c.predicate == fact.predicate, slot, f.c.start_day > start.latest))
    )
    return PartialDate.parse(following - timedelta(days=1)) if following else None


def write_fact(conn: Connection, claim_id: str, verdict: FactVerdict, source: str) -> str:
    fact = verdict.fact
    start = PartialDate.parse(fact.valid_from)
    digest = hashlib.sha1(f"{claim_id}|{fact.subject}|{fact.predicate}|{fact.object}".encode()).hexdigest()[:8]
    fact_id = f"ingested-{fact.subject}-{fact.predicate.replace('_', '-')}-{digest}"
    disputed = bool(verdict.contradicts)
    until = _next_start(conn, fact, start)
    conn.execute(
        insert(schema.facts).values(
            id=fact_id,
            subject=fact.subject,
            predicate=fact.predicate,
            object=fact.object,
            value=fact.value,
            valid_from=fact.valid_from,
            valid_to=str(until) if until else None,
            start_day=start.earliest,
            end_day=until.latest if until else None,
            status="disputed" if disputed else "accepted",
            dispute=(verdict.dispute or f"ingest-{claim_id}") if disputed else None,
            note=("contradicts curated " + ", ".join(verdict.contradicts)) if disputed else None,
            origin=INGESTED,
        )
    )
    link(conn, schema.fact_sources, "fact_id", fact_id, source)
    return fact_id
