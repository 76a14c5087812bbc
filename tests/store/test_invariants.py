"""The record is never silently changed: each invariant the store enforces on accepted claims.

Claims are written through the store's API as ingestion writes them (no extractor involved), on
every backend. Each of these failed before the store owned the writes.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, select

from csto.store import KnowledgeBase, rebuild, schema
from csto.store.claims import accept, add_document, list_claims


@pytest.fixture
def engine(fresh_engine: Engine) -> Engine:
    rebuild(fresh_engine)
    return fresh_engine


def claim(
    kind: str, day: str, actors: list[str], quote: str, subjects: list[str] | None = None, **more: Any
) -> dict[str, Any]:
    payload = {
        "type": kind, "date": day, "end_date": None, "actors": actors, "actor_ids": actors, "place_id": None,
        "status": "occurred", "span": [0, len(quote)], "quote": quote, "subjects": subjects or actors[:1],
        "confidence": 0.8, "roles": {}, "about": [], **more,
    }  # fmt: skip
    return {"type": kind, "date": day, "payload": payload, "confidence": 0.8}


def ingest(
    engine: Engine, text: str, claims: list[dict[str, Any]], title: str | None = None, source: str = "a.txt"
) -> list[str]:
    digest = hashlib.sha256(text.encode()).hexdigest()
    document = {
        "id": digest, "source": source, "url": None, "title": title, "author": None, "published": None,
        "published_confidence": 0.5, "published_how": "dateline", "text_kind": "text", "text": text, "mentions": [],
    }  # fmt: skip
    add_document(engine, document, claims, [])
    return [c["id"] for c in list_claims(engine, "proposed") if c["document_id"] == digest]


def test_an_office_with_one_holder_gets_a_dispute_not_a_new_holder(engine: Engine) -> None:
    text = "MOSCOW, 3 March 2024. Stanislav Zas became Secretary General of the CSTO, the Kremlin said."
    (claim_id,) = ingest(
        engine, text, [claim("appointment", "2024-03-03", ["stanislav-zas", "secretary-general"], text)]
    )
    result = accept(engine, claim_id)
    assert result["status"] == "disputed" and result["disputes"]
    holders = [h.holder.id for h in KnowledgeBase(engine).officials(date(2024, 6, 1), "secretary-general")]
    assert holders == ["imangali-tasmagambetov"]


def test_office_holding_starts_with_the_term_not_on_the_decision_day(engine: Engine) -> None:
    text = "MOSCOW, 27 November 2025. The Council appointed Taalatbek Masadykov Secretary General of the CSTO."
    actors = ["taalatbek-masadykov", "secretary-general", "collective-security-council"]
    (claim_id,) = ingest(
        engine, text, [claim("appointment", "2025-11-27", actors, text, ["collective-security-council"])]
    )
    result = accept(engine, claim_id)
    assert result["status"] == "accepted" and result["facts"] and not result["disputes"]
    kb = KnowledgeBase(engine)
    assert [h.holder.id for h in kb.officials(date(2025, 12, 15), "secretary-general")] == ["imangali-tasmagambetov"]
    assert [h.holder.id for h in kb.officials(date(2026, 2, 1), "secretary-general")] == ["taalatbek-masadykov"]


def test_a_membership_claim_applies_only_to_the_state_whose_membership_changed(engine: Engine) -> None:
    text = "YEREVAN, 12 March 2024. Armenia froze its participation in the CSTO, Russia said."
    actors = ["armenia", "csto", "russia"]
    (claim_id,) = ingest(engine, text, [claim("membership_change", "2024-03-12", actors, text, ["armenia", "russia"])])
    accept(engine, claim_id)
    with engine.connect() as conn:
        written = conn.execute(
            select(schema.facts.c.subject).where(
                (schema.facts.c.origin == "ingested") & (schema.facts.c.predicate == "member_status")
            )
        ).all()
    assert {r.subject for r in written} <= {"armenia"}
    russia = KnowledgeBase(engine).status_of("russia", date(2024, 6, 1))
    assert russia is not None and russia.status == "full" and russia.fact.origin == "curated"


def test_the_same_summit_from_two_articles_is_one_event_with_two_sources(engine: Engine) -> None:
    first = "MINSK, 28 November 2024. Leaders of the CSTO met in Minsk for the Collective Security Council."
    second = "Council news\n\nBelarus hosted the session of the Collective Security Council on 28 November 2024."
    (a,) = ingest(
        engine, first, [claim("summit", "2024-11-28", ["collective-security-council"], first)], source="a.txt"
    )
    (b,) = ingest(
        engine,
        second,
        [claim("meeting", "2024-11-28", ["belarus", "collective-security-council"], second)],
        source="b.txt",
    )
    one, two = accept(engine, a), accept(engine, b)
    assert one["event"] == two["event"] and two["merged"]
    with engine.connect() as conn:
        sources = conn.scalars(
            select(schema.event_sources.c.source_id).where(schema.event_sources.c.event_id == one["event"])
        ).all()
    assert sum(s.startswith("article-") for s in sources) == 2


def test_a_source_title_is_the_articles_title_never_a_path(engine: Engine) -> None:
    text = "Armenia skips the Minsk summit\n\nYEREVAN, 28 November 2024. Armenia did not attend the session in Minsk."
    (claim_id,) = ingest(
        engine, text, [claim("statement", "2024-11-28", ["armenia"], text)], title=None, source="/home/ana/news/x.txt"
    )
    accept(engine, claim_id)
    with engine.connect() as conn:
        titles = conn.scalars(select(schema.sources.c.title).where(schema.sources.c.origin == "ingested")).all()
    assert titles == ["Armenia skips the Minsk summit"]
