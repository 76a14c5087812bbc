"""``csto review export``: accepted claims as dataset YAML, so a person can promote them in a reviewed diff;
and ``place_position``: an accepted position claim into the ``positions`` table, through its invariants.

The file follows ``docs/data-dictionary.md`` and is validated against the dataset schema before it
is written. What the schema cannot say (an article that adds a source to a curated event, a
disputed fact whose curated rival needs the same ``dispute`` key) is listed in comments at the top.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Connection, Engine, and_, insert, select, update

from csto.dataset.positions import Topic
from csto.model import DatasetFile
from csto.periods import DateError, PartialDate
from csto.store import schema
from csto.store import schema as tables
from csto.store.merge import INGESTED, source_id


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in (None, [], {}, "")}


def collect(engine: Engine) -> tuple[dict[str, Any], list[str]]:
    """The dataset records of everything accepted, and notes for the person promoting them."""
    notes: list[str] = []
    with engine.connect() as conn:
        claims = conn.execute(
            select(tables.claims)
            .where(tables.claims.c.status.in_(["accepted", "disputed"]))
            .order_by(tables.claims.c.id)
        ).all()
        for claim in claims:  # position claims go to positions/<holder>.yaml, whose shape the schema below lacks
            if claim.type == "position" and claim.status == "accepted" and claim.payload:
                stated = claim.payload
                notes.append(
                    f"position claim {claim.id}: {stated.get('holder')} {stated.get('topic')} "
                    f"{stated.get('stance', 0):+d} on {stated.get('date')} is stored as {stated.get('position_id')}; "
                    f"add it to positions/{stated.get('holder')}.yaml citing {source_id(claim.document_id)}"
                )
        event_ids = {c.event_id for c in claims if c.event_id}
        fact_ids = {f for c in claims for f in (c.fact_ids or [])}
        e = schema.events
        events = conn.execute(select(e).where(e.c.id.in_(event_ids))).all()
        ingested_events = [r for r in events if r.origin == INGESTED]
        for row in events:
            if row.origin != INGESTED:
                sources = conn.scalars(
                    select(schema.event_sources.c.source_id).where(
                        (schema.event_sources.c.event_id == row.id) & (schema.event_sources.c.origin == INGESTED)
                    )
                ).all()
                if sources:
                    notes.append(f"curated event {row.id}: add sources {', '.join(sorted(set(sources)))}")
        ids = [r.id for r in ingested_events]
        participants = conn.execute(
            select(schema.event_participants).where(schema.event_participants.c.event_id.in_(ids))
        ).all()
        about = conn.execute(select(schema.event_about).where(schema.event_about.c.event_id.in_(ids))).all()
        event_sources = conn.execute(select(schema.event_sources).where(schema.event_sources.c.event_id.in_(ids))).all()
        f = schema.facts
        facts = conn.execute(select(f).where(f.c.id.in_(fact_ids) & (f.c.origin == INGESTED))).all()
        fact_sources = conn.execute(
            select(schema.fact_sources).where(schema.fact_sources.c.fact_id.in_([r.id for r in facts]))
        ).all()
        source_ids = {r.source_id for r in event_sources} | {r.source_id for r in fact_sources}
        source_ids |= {v["source"] for c in claims for v in (c.payload or {}).get("disputed_facts", [])}
        sources = conn.execute(
            select(schema.sources).where(schema.sources.c.id.in_(source_ids) & (schema.sources.c.origin == INGESTED))
        ).all()
        entity_ids = {r.entity_id for r in participants} | {r.entity_id for r in about}
        entity_ids |= {r.subject for r in facts} | {r.object for r in facts if r.object}
        entity_ids |= {r.place for r in ingested_events if r.place}
        entity_ids |= {
            v[k]
            for c in claims
            for v in (c.payload or {}).get("disputed_facts", [])
            for k in ("subject", "object")
            if v[k]
        }
        entities = conn.execute(
            select(schema.entities).where(schema.entities.c.id.in_(entity_ids) & (schema.entities.c.origin == INGESTED))
        ).all()
    disputed: list[dict[str, Any]] = []
    for claim in claims:
        for number, rival in enumerate((claim.payload or {}).get("disputed_facts", []), 1):
            disputed.append(
                {
                    "id": f"{claim.id.replace('_', '-')}-{number}",
                    "subject": rival["subject"],
                    "predicate": rival["predicate"],
                    "object": rival["object"],
                    "value": rival["value"],
                    "valid_from": rival["valid_from"],
                    "sources": [rival["source"]],
                    "status": "disputed",
                    "dispute": rival["dispute"],
                    "note": "contradicts " + ", ".join(rival["contradicts"]),
                }
            )
            notes.append(
                f"fact {claim.id}-{number} disputes {', '.join(rival['contradicts'])}; "
                f"give them `dispute: {rival['dispute']}` if they lack it"
            )
            source_ids.add(rival["source"])
    data = {
        "sources": [
            _clean({k: getattr(r, k) for k in ("id", "publisher", "title", "author", "date", "url", "kind", "note")})
            for r in sources
        ],
        "entities": [_clean({"id": r.id, "kind": r.kind, "name": r.name}) for r in entities],
        "facts": [
            _clean(
                {
                    "id": r.id,
                    "subject": r.subject,
                    "predicate": r.predicate,
                    "object": r.object,
                    "value": r.value,
                    "valid_from": r.valid_from,
                    "valid_to": r.valid_to,
                    "sources": sorted({s.source_id for s in fact_sources if s.fact_id == r.id}),
                    "status": r.status,
                    "dispute": r.dispute,
                    "note": r.note,
                }
            )
            for r in facts
        ]
        + [_clean(d) for d in disputed],
        "events": [
            _clean(
                {
                    "id": r.id,
                    "type": r.type,
                    "date": r.date,
                    "end_date": r.end_date,
                    "title": r.title,
                    "place": r.place,
                    "participants": [
                        {"entity": p.entity_id, "role": p.role} for p in participants if p.event_id == r.id
                    ],
                    "about": [a.entity_id for a in about if a.event_id == r.id],
                    "status": r.status,
                    "sources": sorted({s.source_id for s in event_sources if s.event_id == r.id}),
                    "dispute": r.dispute,
                    "note": r.note,
                }
            )
            for r in ingested_events
        ],
    }
    return {k: v for k, v in data.items() if v}, notes


def export_yaml(engine: Engine, path: Path) -> dict[str, int]:
    """Write accepted claims as one dataset YAML file; returns counts per section."""
    data, notes = collect(engine)
    DatasetFile.model_validate(data)
    header = ["# Accepted news claims exported by `csto review export`; review before promoting into the dataset."]
    header += [f"# - {note}" for note in notes]
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110) if data else "{}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(header) + "\n" + body, encoding="utf-8")
    return {k: len(v) for k, v in data.items()}


# -- accepted position claims into the positions table (issue 16, point 1) ----------------------------

TOPICS = tuple(topic.value for topic in Topic)
"""The topic vocabulary of ``positions/README.md``."""


class PositionError(ValueError):
    """A position claim that cannot be promoted as it stands (the message names the field)."""


def _sign(value: int) -> int:
    return (value > 0) - (value < 0)


def check_position(conn: Connection, payload: dict[str, Any]) -> PartialDate:
    """The claim's date, once holder, topic, stance and date are known to be promotable."""
    holder, topic, stance = payload.get("holder"), payload.get("topic"), payload.get("stance")
    kind = conn.scalar(select(schema.entities.c.kind).where(schema.entities.c.id == holder)) if holder else None
    if kind != "state":
        what = f"a {kind}" if kind else "not in the store"
        raise PositionError(f"holder: {holder!r} is {what}, not a state")
    if topic not in TOPICS:
        raise PositionError(f"topic: {topic!r} is not one of {', '.join(TOPICS)}")
    if isinstance(stance, bool) or not isinstance(stance, int) or not -2 <= stance <= 2:
        raise PositionError(f"stance: {stance!r} is not a whole number from -2 to 2")
    day = payload.get("date")
    if not isinstance(day, str) or not day:
        raise PositionError("date: none given; set one (YYYY, YYYY-MM or YYYY-MM-DD)")
    try:
        return PartialDate.parse(day)
    except DateError as error:
        raise PositionError(f"date: {error}") from None


def _link(conn: Connection, position_id: str, source: str) -> None:
    ps = schema.position_sources
    present = conn.scalar(
        select(ps.c.position_id).where(and_(ps.c.position_id == position_id, ps.c.source_id == source))
    )
    if not present:
        conn.execute(insert(ps).values(position_id=position_id, source_id=source, origin=INGESTED))


def place_position(conn: Connection, claim_id: str, payload: dict[str, Any], source: str) -> dict[str, Any]:
    """Put an accepted position claim into the positions table, through the record's invariants.

    - Same holder, topic, overlapping date and sign as a **curated** claim: the article becomes one
      more source of the curated claim (its stance, quote and summary are not touched).
    - Same holder, topic and overlapping date as a curated claim of **another sign**: nothing is
      written; the claim is disputed against the curated ones, for a person to settle.
    - Same holder, topic, overlapping date and sign as an **ingested** claim: one more source of it.
    - Otherwise a new ``origin='ingested'`` row with the article as its source.

    Returns ``status`` (accepted or disputed), ``position`` (the row the article backs), ``merged``
    and ``disputes`` (curated position ids).
    """
    when = check_position(conn, payload)
    p = schema.positions
    rows = conn.execute(
        select(p.c.id, p.c.stance, p.c.origin)
        .where(
            and_(
                p.c.holder == payload["holder"],
                p.c.topic == payload["topic"],
                p.c.start_day <= when.latest,
                p.c.end_day >= when.earliest,
            )
        )
        .order_by(p.c.origin, p.c.id)  # curated first
    ).all()
    sign = _sign(payload["stance"])
    curated = [r for r in rows if r.origin != INGESTED]
    agree = [r.id for r in curated if _sign(r.stance) == sign]
    against = [r.id for r in curated if _sign(r.stance) != sign]
    if agree:
        _link(conn, agree[0], source)
        return {"status": "accepted", "position": agree[0], "merged": True, "disputes": []}
    if against:
        return {"status": "disputed", "position": None, "merged": False, "disputes": against}
    twin = next((r.id for r in rows if r.origin == INGESTED and _sign(r.stance) == sign), None)
    if twin is not None:
        _link(conn, twin, source)
        return {"status": "accepted", "position": twin, "merged": True, "disputes": []}
    speaker = payload.get("speaker")
    if speaker and not conn.scalar(select(schema.entities.c.id).where(schema.entities.c.id == speaker)):
        speaker = None
    position_id = f"pos-{payload['holder']}-{when}-ingest-{claim_id}"[:160]
    quote = payload.get("quoted")
    conn.execute(
        insert(p).values(
            id=position_id,
            holder=payload["holder"],
            speaker=speaker,
            speaker_name=payload.get("speaker_name"),
            official=int(bool(payload.get("official", True))),
            topic=payload["topic"],
            stance=payload["stance"],
            kind=payload.get("kind") or "speech",
            date=str(when),
            start_day=when.earliest,
            end_day=when.latest,
            quote=quote if quote and len(quote.split()) <= 12 else None,
            summary=payload.get("summary") or f"Position read from {source}.",
            origin=INGESTED,
        )
    )
    _link(conn, position_id, source)
    return {"status": "accepted", "position": position_id, "merged": False, "disputes": []}


def restore_position_links(conn: Connection) -> int:
    """After the curated positions are rewritten, give accepted position claims their place again.

    A rebuild replaces the curated rows, and with them the links accepted articles had added to
    curated claims; each accepted position claim is placed again (a link restored, or, when its
    curated twin left the dataset, a row of its own). Returns the claims placed again.
    """
    c, p, ps = tables.claims, schema.positions, schema.position_sources
    rows = conn.execute(
        select(c.c.id, c.c.document_id, c.c.payload).where(and_(c.c.type == "position", c.c.status == "accepted"))
    ).all()
    placed = 0
    for row in rows:
        payload = dict(row.payload or {})
        source = source_id(row.document_id)
        if not conn.scalar(select(schema.sources.c.id).where(schema.sources.c.id == source)):
            continue
        target = payload.get("position_id")
        linked = target and conn.scalar(
            select(ps.c.position_id).where(and_(ps.c.position_id == target, ps.c.source_id == source))
        )
        if linked and conn.scalar(select(p.c.id).where(p.c.id == target)):
            continue
        try:
            result = place_position(conn, row.id, payload, source)
        except PositionError:
            continue  # its holder left the store: the claim stays accepted in the log, out of the index
        if result["position"] != target:
            conn.execute(
                update(c).where(c.c.id == row.id).values(payload={**payload, "position_id": result["position"]})
            )
        placed += 1
    return placed
