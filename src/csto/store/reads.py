"""Plain reads of the store for other layers that need whole tables (the linker's vocabulary)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from csto.store import schema


def vocabulary_rows(engine: Engine) -> dict[str, list[Any]]:
    """Entities, aliases, events, event participants, terms of office and the first day each body or document
    was active, as rows, for building a linker lexicon."""
    e, a, ev, p, f = schema.entities, schema.aliases, schema.events, schema.event_participants, schema.facts
    terms = select(f.c.subject, f.c.start_day, f.c.end_day).where(
        f.c.predicate.in_(("position", "holds_office")), f.c.start_day.is_not(None)
    )
    since = (
        select(f.c.subject, func.min(f.c.start_day).label("start_day"))
        .where(f.c.predicate == "active", f.c.start_day.is_not(None))
        .group_by(f.c.subject)
    )
    with engine.connect() as conn:
        return {
            "terms": list(conn.execute(terms).all()),
            "since": list(conn.execute(since).all()),
            "entities": list(conn.execute(select(e.c.id, e.c.name, e.c.kind)).all()),
            "aliases": list(conn.execute(select(a.c.entity_id, a.c.alias, a.c.is_name)).all()),
            "events": list(conn.execute(select(ev.c.id, ev.c.type, ev.c.start_day, ev.c.end_day, ev.c.place)).all()),
            "participants": list(conn.execute(select(p.c.event_id, p.c.entity_id)).all()),
        }
