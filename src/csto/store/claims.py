"""Every write of ingestion and review: documents and proposed claims in; edit, accept, reject; links kept.

The store owns these writes so that the record's invariants hold in one place, whoever calls
(``csto ingest`` and ``csto review``, the API, the review page).

Accepting a claim, in one transaction: the article becomes a source, new people or exercises become
entities, the event joins an existing event of the same type, date and principal participant (adding
the article as one more source) or becomes a new one, and the facts it asserts are added. A claim
whose facts contradict curated facts is flagged *disputed*: its event is kept as a rival account
(sharing the curated dispute key), its facts are kept with the claim and exported for a person to
settle, and no curated fact is changed or outranked. Every decision is logged.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, insert, or_, select, update
from sqlalchemy.engine import Row

from csto.model import EventStatus, EventType
from csto.periods import DateError, PartialDate
from csto.store import schema
from csto.store import schema as tables
from csto.store.invariants import derive, judge
from csto.store.merge import (
    INGESTED,
    MergeError,
    ensure_entities,
    ensure_source,
    find_event,
    link,
    new_event,
    source_id,
    write_fact,
)
from csto.store.promote import PositionError, check_position, place_position
from csto.store.search import reindex
from csto.store.text import distance, fingerprint, looks_alike, near_duplicates

EVENT_TYPES = tuple(t.value for t in EventType)

STATUSES = ("proposed", "accepted", "rejected", "disputed")
EDITABLE = ("type", "date", "end_date", "actor_ids", "place_id", "status")
POSITION_EDITABLE = ("date", "holder", "topic", "stance")
"""What a reviewer may correct on a ``position`` claim (proposed by ``csto.ingest.stances``)."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ReviewError(ValueError):
    """A review action that cannot be done, saying which claim and why."""


def _claim(conn: Connection, claim_id: str) -> Row[Any]:
    row = conn.execute(select(tables.claims).where(tables.claims.c.id == claim_id)).first()
    if row is None:
        raise ReviewError(f"no claim {claim_id!r}")
    return row


def _log(
    conn: Connection, claim_id: str, action: str, before: Any, after: Any, reviewer: str | None, note: str | None
) -> None:
    conn.execute(
        insert(tables.reviews).values(
            claim_id=claim_id, action=action, before=before, after=after, reviewer=reviewer, note=note, at=now()
        )
    )


def list_claims(
    engine: Engine, status: str | None = "proposed", limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Claims with their document's title and source, newest document first."""
    if status is not None and status not in STATUSES:
        raise ReviewError(f"unknown status {status!r}; choose from {', '.join(STATUSES)}")
    c, d = tables.claims, tables.documents
    query = select(c, d.c.title, d.c.source, d.c.url).join(d, c.c.document_id == d.c.id)
    if status is not None:
        query = query.where(c.c.status == status)
    query = query.order_by(d.c.ingested_at.desc(), c.c.id).limit(limit).offset(offset)
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def count_claims(engine: Engine, status: str | None = "proposed") -> int:
    """How many claims have ``status`` (all claims for None): the total behind a page of them."""
    if status is not None and status not in STATUSES:
        raise ReviewError(f"unknown status {status!r}; choose from {', '.join(STATUSES)}")
    query = select(func.count()).select_from(tables.claims)
    if status is not None:
        query = query.where(tables.claims.c.status == status)
    with engine.connect() as conn:
        return int(conn.scalar(query) or 0)


def _kinds(conn: Connection) -> dict[str, str]:
    rows = conn.execute(select(schema.entities.c.id, schema.entities.c.kind)).all()
    kinds = {r.id: r.kind for r in rows}
    for row in conn.execute(select(tables.proposed_entities.c.id, tables.proposed_entities.c.kind)):
        kinds.setdefault(row.id, row.kind)
    return kinds


def edit(
    engine: Engine, claim_id: str, changes: dict[str, Any], reviewer: str | None = None, note: str | None = None
) -> dict[str, Any]:
    """Change a proposed claim's type, dates, actors, place or status; returns the new payload."""
    with engine.begin() as conn:
        row = _claim(conn, claim_id)
        allowed = POSITION_EDITABLE if row.type == "position" else EDITABLE
        unknown = sorted(set(changes) - set(allowed))
        if unknown:
            raise ReviewError(f"claim {claim_id}: cannot edit {unknown}; editable fields: {', '.join(allowed)}")
        if row.status not in ("proposed",):
            raise ReviewError(f"claim {claim_id} is {row.status}; only proposed claims can be edited")
        if row.type == "position":
            return _edit_position(conn, row, changes, reviewer, note)
        payload = dict(row.payload)
        kinds = _kinds(conn)
        for key, value in changes.items():
            _check(key, value, kinds, claim_id)
            payload[key] = value
        if "actor_ids" in changes:
            names = dict(conn.execute(select(schema.entities.c.id, schema.entities.c.name)).all())
            names.update(dict(zip(row.payload.get("actor_ids", []), row.payload.get("actors", []), strict=False)))
            payload["actors"] = [names.get(a, a) for a in payload["actor_ids"]]
        conn.execute(
            update(tables.claims)
            .where(tables.claims.c.id == claim_id)
            .values(payload=payload, type=payload["type"], date=payload.get("date"))
        )
        _log(conn, claim_id, "edit", row.payload, payload, reviewer, note)
    return payload


def _edit_position(
    conn: Connection, row: Row[Any], changes: dict[str, Any], reviewer: str | None, note: str | None
) -> dict[str, Any]:
    """A reviewer's correction of a position claim's date, holder, topic or stance (checked first)."""
    payload = {**dict(row.payload), **changes}
    if "holder" in changes:
        name = conn.scalar(select(schema.entities.c.name).where(schema.entities.c.id == changes["holder"]))
        payload["actor_ids"] = [*payload.get("actor_ids", [])[:1], changes["holder"]]
        payload["actors"] = [*payload.get("actors", [])[:1], name or changes["holder"]]
    if "stance" in changes and isinstance(changes["stance"], str) and changes["stance"].lstrip("+-").isdigit():
        payload["stance"] = int(changes["stance"])
    try:
        check_position(conn, payload)
    except PositionError as error:
        raise ReviewError(f"claim {row.id}: {error}") from None
    conn.execute(
        update(tables.claims).where(tables.claims.c.id == row.id).values(payload=payload, date=payload.get("date"))
    )
    _log(conn, row.id, "edit", row.payload, payload, reviewer, note)
    return payload


def _check(key: str, value: Any, kinds: dict[str, str], claim_id: str) -> None:
    where = f"claim {claim_id}: {key}"
    if key == "type" and value not in EVENT_TYPES:
        raise ReviewError(f"{where}: unknown event type {value!r}; choose from {', '.join(EVENT_TYPES)}")
    if key in ("date", "end_date") and value is not None:
        try:
            PartialDate.parse(value)
        except DateError as error:
            raise ReviewError(f"{where}: {error}") from None
    if key == "actor_ids":
        if not isinstance(value, list) or not value:
            raise ReviewError(f"{where}: give at least one entity id")
        missing = [a for a in value if a not in kinds]
        if missing:
            raise ReviewError(f"{where}: unknown entities {missing}")
    if key == "place_id" and value is not None and value not in kinds:
        raise ReviewError(f"{where}: unknown entity {value!r}")
    if key == "status" and value not in {s.value for s in EventStatus}:
        raise ReviewError(f"{where}: status must be one of {[s.value for s in EventStatus]}")


def reject(engine: Engine, claim_id: str, reviewer: str | None = None, note: str | None = None) -> None:
    with engine.begin() as conn:
        row = _claim(conn, claim_id)
        if row.status != "proposed":
            raise ReviewError(f"claim {claim_id} is already {row.status}")
        conn.execute(
            update(tables.claims).where(tables.claims.c.id == claim_id).values(status="rejected", decided_at=now())
        )
        _log(conn, claim_id, "reject", None, None, reviewer, note)


def accept(engine: Engine, claim_id: str, reviewer: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Merge a proposed claim into the knowledge base; returns what was written."""
    with engine.begin() as conn:
        claim = _claim(conn, claim_id)
        if claim.status != "proposed":
            raise ReviewError(f"claim {claim_id} is already {claim.status}")
        payload = dict(claim.payload)
        if not payload.get("date"):
            raise ReviewError(
                f"claim {claim_id} has no date; set one first: csto review edit {claim_id} --date YYYY-MM-DD"
            )
        document = conn.execute(select(tables.documents).where(tables.documents.c.id == claim.document_id)).one()
        if claim.type == "position":
            return _accept_position(conn, claim, payload, document, reviewer, note)
        ids = list(dict.fromkeys([*payload["actor_ids"], *([payload["place_id"]] if payload.get("place_id") else [])]))
        try:
            ensure_entities(conn, ids)
        except MergeError as error:
            raise ReviewError(f"claim {claim_id}: {error}") from None
        source = ensure_source(conn, document)
        kinds = _kinds(conn)
        verdicts = [judge(conn, fact) for fact in derive(payload, kinds)]
        disputes = sorted({c for v in verdicts for c in v.contradicts})
        dispute_key = next((v.dispute or f"ingest-{claim_id}" for v in verdicts if v.contradicts), None)
        event_id = None if disputes else find_event(conn, payload)
        merged = event_id is not None
        if event_id is None:
            event_id = new_event(conn, claim, payload, dispute_key)
        link(conn, schema.event_sources, "event_id", event_id, source)
        fact_ids = [
            v.corroborates[0] if v.corroborates else write_fact(conn, claim_id, v, source)
            for v in verdicts
            if not v.contradicts
        ]
        rivals = [
            {
                "subject": v.fact.subject,
                "predicate": v.fact.predicate,
                "object": v.fact.object,
                "value": v.fact.value,
                "valid_from": v.fact.valid_from,
                "dispute": v.dispute or f"ingest-{claim_id}",
                "contradicts": v.contradicts,
                "source": source,
            }
            for v in verdicts
            if v.contradicts
        ]
        status = "disputed" if disputes else "accepted"
        conn.execute(
            update(tables.claims)
            .where(tables.claims.c.id == claim_id)
            .values(
                status=status,
                event_id=event_id,
                fact_ids=fact_ids,
                disputes=disputes,
                payload={**payload, "disputed_facts": rivals},
                decided_at=now(),
            )
        )
        result = {
            "claim": claim_id,
            "status": status,
            "event": event_id,
            "merged": merged,
            "facts": fact_ids,
            "disputes": disputes,
        }
        _log(conn, claim_id, "accept", None, result, reviewer, note)
        # The accepted event, facts, article and any new entities become searchable in the same transaction.
        reindex(conn, {"event": [event_id], "fact": fact_ids, "source": [source], "entity": ids})
    return result


def _accept_position(
    conn: Connection,
    claim: Row[Any],
    payload: dict[str, Any],
    document: Row[Any],
    reviewer: str | None,
    note: str | None,
) -> dict[str, Any]:
    """Promote a position claim into the positions table (``promote.place_position`` keeps the invariants)."""
    try:
        check_position(conn, payload)
    except PositionError as error:
        raise ReviewError(f"claim {claim.id}: {error}; correct it with csto review edit {claim.id}") from None
    source = ensure_source(conn, document)
    placed = place_position(conn, claim.id, payload, source)
    disputed = [{"contradicts": placed["disputes"], "source": source}] if placed["disputes"] else []
    conn.execute(
        update(tables.claims)
        .where(tables.claims.c.id == claim.id)
        .values(
            status=placed["status"],
            disputes=placed["disputes"],
            payload={**payload, "position_id": placed["position"], "disputed_position": disputed},
            decided_at=now(),
        )
    )
    result = {
        "claim": claim.id,
        "status": placed["status"],
        "event": None,
        "position": placed["position"],
        "merged": placed["merged"],
        "facts": [],
        "disputes": placed["disputes"],
    }
    _log(conn, claim.id, "accept", None, result, reviewer, note)
    reindex(conn, {"source": [source]})
    return result


def get_claim(engine: Engine, claim_id: str) -> dict[str, Any]:
    """One claim with its document's title, source and URL and its review log (oldest first)."""
    c, d, r = tables.claims, tables.documents, tables.reviews
    with engine.connect() as conn:
        row = conn.execute(
            select(c, d.c.title, d.c.source, d.c.url).join(d, c.c.document_id == d.c.id).where(c.c.id == claim_id)
        ).first()
        if row is None:
            raise ReviewError(f"no claim {claim_id!r}; `csto review list --status all` shows every claim")
        log = conn.execute(
            select(r.c.action, r.c.reviewer, r.c.note, r.c.at).where(r.c.claim_id == claim_id).order_by(r.c.id)
        )
        return {**dict(row._mapping), "log": [dict(x._mapping) for x in log]}


def restore_links(engine: Engine) -> int:
    """After a rebuild of the curated data, give back to curated events the article sources that accepted
    claims had added (the rebuild replaced those events and their links). Returns the links restored."""
    restored = 0
    relinked: set[str] = set()
    with engine.begin() as conn:
        rows = conn.execute(
            select(tables.claims.c.id, tables.claims.c.event_id, tables.claims.c.document_id).where(
                or_(tables.claims.c.status == "accepted", tables.claims.c.status == "disputed")
            )
        ).all()
        for row in rows:
            if row.event_id is None:
                continue
            exists = conn.scalar(select(schema.events.c.id).where(schema.events.c.id == row.event_id))
            source = source_id(row.document_id)
            has_source = conn.scalar(select(schema.sources.c.id).where(schema.sources.c.id == source))
            if not exists or not has_source:
                continue
            link = schema.event_sources
            present = conn.scalar(
                select(link.c.event_id).where(and_(link.c.event_id == row.event_id, link.c.source_id == source))
            )
            if not present:
                conn.execute(insert(link).values(event_id=row.event_id, source_id=source, origin=INGESTED))
                relinked.add(source)
                restored += 1
        reindex(conn, {"source": relinked})  # a source's states follow the events it backs again
    return restored


# -- documents and proposed claims in ------------------------------------------------------------


def known_documents(engine: Engine) -> set[str]:
    """Content hashes of every stored document."""
    with engine.connect() as conn:
        return set(conn.scalars(select(tables.documents.c.id)))


def claim_id(document_id: str, number: int) -> str:
    return f"{document_id[:16]}-{number:03d}"


MAX_COMPARED = 5
"""Stored documents compared word by word with a new one: the closest by fingerprint."""


def add_document(
    engine: Engine,
    document: dict[str, Any],
    claims: list[dict[str, Any]],
    new_entities: list[dict[str, Any]],
) -> int:
    """Store one document, its proposed claims and proposed entities in one transaction.

    ``document`` has the ``ingest_documents`` columns but ``ingested_at`` and the fingerprint; each
    claim has ``type``, ``date``, ``payload`` and ``confidence``; each entity ``id``, ``kind`` and
    ``name``. A document already stored (same content hash) changes nothing. A near-duplicate of a
    stored document (a corrected byte, a republished wire story) is stored with ``duplicate_of``
    set and proposes no claims: the claims of the first copy, and their review, stand. Returns the
    number of claims stored.
    """
    stamp = now()
    mark = fingerprint(document["text"])
    with engine.begin() as conn:
        if conn.scalar(select(tables.documents.c.id).where(tables.documents.c.id == document["id"])):
            return 0
        docs = tables.documents
        originals = conn.execute(select(docs.c.id, docs.c.fingerprint).where(docs.c.duplicate_of.is_(None)))
        # Only the few closest look-alikes are compared word by word, so adding a document stays
        # one pass over the fingerprints however many similar stories are stored.
        near = sorted(
            (distance(row.fingerprint, mark), row.id)
            for row in originals
            if row.fingerprint and looks_alike(row.fingerprint, mark)
        )
        candidates = [doc_id for _, doc_id in near[:MAX_COMPARED]]
        original = next(
            (row.id for row in conn.execute(select(docs.c.id, docs.c.text).where(docs.c.id.in_(candidates)))
             if near_duplicates(row.text, document["text"])),
            None,
        ) if candidates else None  # fmt: skip
        conn.execute(insert(docs).values(**document, ingested_at=stamp, fingerprint=mark, duplicate_of=original))
        if original is not None:
            return 0
        rows: list[dict[str, Any]] = [
            {
                "id": claim_id(document["id"], number),
                "document_id": document["id"],
                "number": number,
                "type": claim["type"],
                "date": claim["date"],
                "payload": claim["payload"],
                "confidence": claim["confidence"],
                "status": "proposed",
                "event_id": None,
                "fact_ids": [],
                "disputes": [],
                "created_at": stamp,
            }
            for number, claim in enumerate(claims, 1)
        ]
        if rows:
            conn.execute(insert(tables.claims), rows)
        entity_rows = [
            {"id": e["id"], "kind": e["kind"], "name": e["name"], "document_id": document["id"], "status": "proposed"}
            for e in new_entities
        ]
        existing = set(conn.scalars(select(tables.proposed_entities.c.id))) if entity_rows else set()
        fresh = [row for row in entity_rows if row["id"] not in existing]
        if fresh:
            conn.execute(insert(tables.proposed_entities), fresh)
    return len(rows)


def document_texts(engine: Engine, ids: set[str]) -> dict[str, str]:
    """The stored text of each document, by id."""
    if not ids:
        return {}
    docs = tables.documents
    with engine.connect() as conn:
        return {str(k): str(v) for k, v in conn.execute(select(docs.c.id, docs.c.text).where(docs.c.id.in_(ids)))}
