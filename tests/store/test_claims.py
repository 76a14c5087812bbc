"""The store's write API for ingestion: documents in, near-duplicates recognized, claims never re-queued."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import Engine, select

from csto.store import claims, rebuild, schema
from csto.store.claims import add_document, count_claims
from csto.store.text import fingerprint, looks_alike, near_duplicates

STORY = (
    "MOSCOW, 28 November. The Collective Security Council of the CSTO met in Minsk on Thursday and adopted "
    "a declaration on the situation in the region of collective security, the Secretary General said. The "
    "leaders also approved the budget for the next year and the plan of joint exercises, he added."
)


def document(text: str, digest: str) -> dict[str, object]:
    return {
        "id": digest * 64 if len(digest) == 1 else digest, "source": "wire.txt", "url": None, "title": "Council",
        "author": None, "published": "2024-11-28", "published_confidence": 0.9, "published_how": "dateline",
        "text_kind": "text", "text": text, "mentions": [],
    }  # fmt: skip


CLAIM = {"type": "summit", "date": "2024-11-28", "payload": {"type": "summit"}, "confidence": 0.9}


def test_a_near_duplicate_article_proposes_nothing_again(fresh_engine: Engine) -> None:
    rebuild(fresh_engine)
    assert add_document(fresh_engine, document(STORY, "a"), [CLAIM], []) == 1
    edited = STORY.replace("Thursday", "Thursday,")  # one byte more
    republished = "Minsk summit\n\n" + STORY.replace(
        "the Secretary General said", "the Secretary General told reporters"
    )
    assert add_document(fresh_engine, document(edited, "b"), [CLAIM], []) == 0
    assert add_document(fresh_engine, document(republished, "c"), [CLAIM], []) == 0
    other = (
        "ALMATY, 6 June. The Committee of Secretaries of Security Councils met in Almaty to discuss drug trafficking."
    )
    assert add_document(fresh_engine, document(other, "d"), [CLAIM], []) == 1
    assert count_claims(fresh_engine, "proposed") == 2
    with fresh_engine.connect() as conn:
        marks = dict(conn.execute(select(schema.documents.c.id, schema.documents.c.duplicate_of)).all())
    assert marks["b" * 64] == marks["c" * 64] == "a" * 64 and marks["d" * 64] is None


def test_near_duplicates_are_the_same_story_only() -> None:
    assert looks_alike(fingerprint(STORY), fingerprint(STORY + " "))
    assert near_duplicates(STORY, "Minsk summit\n\n" + STORY.replace("said", "told reporters"))
    assert not near_duplicates(STORY, STORY.replace("Minsk", "Yerevan"))  # another summit
    assert not near_duplicates(STORY, STORY.replace("28 November", "23 November"))  # another day
    assert not near_duplicates(STORY, STORY[: len(STORY) // 2])  # half of it


def test_a_new_document_is_compared_word_by_word_with_a_few_look_alikes_only(
    fresh_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuild(fresh_engine)
    words = [
        "the",
        "council",
        "met",
        "in",
        "minsk",
        "on",
        "thursday",
        "armenia",
        "russia",
        "exercise",
        "troops",
        "border",
        "said",
        "summit",
    ]
    rng = random.Random(3)
    for i in range(40):  # many texts of one small vocabulary: their fingerprints all look alike
        add_document(fresh_engine, document(" ".join(rng.choice(words) for _ in range(200)), f"{i:064d}"), [], [])
    compared: list[str] = []

    def counting(left: str, right: str) -> bool:
        compared.append(left)
        return False

    monkeypatch.setattr(claims, "near_duplicates", counting)
    add_document(fresh_engine, document(" ".join(rng.choice(words) for _ in range(200)), "f" * 64), [], [])
    assert 0 < len(compared) <= claims.MAX_COMPARED
