"""``csto.store.lite`` gives the knowledge base's answers, as its JSON, from a built SQLite file.

The standard-library reads duplicate a few of the store's constants and statements (to stay free of
SQLAlchemy and pydantic); each is checked here against the one it copies, and the answers are
compared as JSON text with the knowledge base's on every third day of the record.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from pydantic import TypeAdapter
from sqlalchemy import select

from csto.dataset import DATA_DIR
from csto.store import KnowledgeBase, engine, fastpaths, lite, migrate, schema
from csto.store import kb as kb_module

START, END = date(1991, 12, 1), date(2026, 12, 31)


@pytest.fixture(scope="module")
def url(sqlite_kb: KnowledgeBase) -> str:
    """The standard-library reads are for SQLite files: the SQLite knowledge base's URL."""
    return sqlite_kb.engine.url.render_as_string(hide_password=False)


def _json(value: object) -> str:
    return TypeAdapter(type(value)).dump_json(value, indent=2).decode()


def test_copied_constants_match_the_stores() -> None:
    assert lite.LISTING_ORDER == kb_module.LISTING_ORDER
    assert (lite.ORGANIZATION, lite.CHAIRED_BODY) == (kb_module.ORGANIZATION, kb_module.CHAIRED_BODY)
    assert lite.ENV_URL == engine.ENV_URL
    assert lite.DATA_DIR == DATA_DIR
    assert lite.head() == migrate.head()
    assert lite.dataset_digest() == engine.dataset_digest()


def test_default_url_is_the_engines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(lite.ENV_URL, raising=False)
    assert lite.default_url() == engine.default_url()
    monkeypatch.setenv(lite.ENV_URL, "sqlite:////somewhere/else.sqlite3")
    assert lite.default_url() == engine.default_url() == "sqlite:////somewhere/else.sqlite3"


def test_statements_are_the_fast_paths_compiled_for_sqlite(sqlite_kb: KnowledgeBase) -> None:
    dialect = sqlite_kb.engine.dialect
    assert fastpaths.MEMBERS.compiled(dialect).sql == lite.FACTS_OF
    assert fastpaths.CHAIRS.compiled(dialect).sql == lite.FACTS_OF
    assert fastpaths.OFFICIALS_OF.compiled(dialect).sql == lite.FACTS_OF
    assert fastpaths.OFFICIALS.compiled(dialect).sql == lite.OFFICIALS
    assert fastpaths.rivals_statement(["a", "b", "c"]).compiled(dialect).sql == lite.rivals_sql(3)
    entities = select(schema.entities.c.id, schema.entities.c.attributes)
    assert str(entities.compile(dialect=dialect)) in lite.single_holder_offices.__code__.co_consts


def test_answers_are_the_knowledge_bases_json_on_every_third_day(sqlite_kb: KnowledgeBase, url: str) -> None:
    kb = sqlite_kb
    days = [START + timedelta(days=i) for i in range(0, (END - START).days + 1, 3)]
    offices = sorted({h.office.id for h in kb.officials(date(2020, 1, 1))})
    with lite.opened(url) as conn:
        reader = lite.Reader(conn)
        for i, day in enumerate(days):
            assert lite.dumps(lite.members(reader, day)) == _json(kb.members(day)), day
            assert lite.dumps(lite.members(reader, day, True)) == _json(kb.members(day, include_former=True)), day
            assert lite.dumps(lite.chair(reader, day)) == _json(kb.chair(day)), day
            assert lite.dumps(lite.officials(reader, day)) == _json(kb.officials(day)), day
            office = offices[i % len(offices)]
            assert lite.dumps(lite.officials(reader, day, office)) == _json(kb.officials(day, office)), day


def test_other_bodies_chairs_are_the_knowledge_bases(sqlite_kb: KnowledgeBase, url: str) -> None:
    kb = sqlite_kb
    bodies = [e for e, ref in kb.entities.items() if ref.kind == "body"]
    assert len(bodies) > 3
    with lite.opened(url) as conn:
        reader = lite.Reader(conn)
        for body in bodies:
            for day in (date(2003, 5, 1), date(2015, 1, 1), date(2023, 6, 1)):
                assert lite.dumps(lite.chair(reader, day, body)) == _json(kb.chair(day, body))


def test_a_name_that_is_no_entity_id_is_left_to_the_knowledge_base(url: str) -> None:
    assert lite.answer(url, lambda r: lite.chair(r, date(2020, 1, 1), "Collective Security Council")) is None
    assert lite.answer(url, lambda r: lite.officials(r, date(2020, 1, 1), "nobody-at-all")) is None


def _copy(url: str, tmp_path: Path) -> tuple[str, Path]:
    source = url.removeprefix("sqlite:///")
    target = tmp_path / "copy.sqlite3"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return f"sqlite:///{target}", target


def test_a_store_that_is_not_ready_is_left_to_the_ordinary_path(url: str, tmp_path: Path) -> None:
    ask = lambda r: lite.members(r, date(2020, 1, 1))  # noqa: E731
    assert lite.answer(url, ask) is not None
    assert lite.answer(f"sqlite:///{tmp_path / 'missing.sqlite3'}", ask) is None
    assert not (tmp_path / "missing.sqlite3").exists()  # nothing created: the ordinary path does that
    assert lite.answer("sqlite://", ask) is None
    assert lite.answer("postgresql://localhost/csto", ask) is None
    assert lite.answer(url + "?mode=ro", ask) is None
    copied, path = _copy(url, tmp_path)
    assert lite.answer(copied, ask) == lite.answer(url, ask)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = 'another' WHERE key = 'dataset_digest'")
    assert lite.answer(copied, ask) is None  # the ordinary path rebuilds it
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'dataset_digest'", (lite.dataset_digest(),))
        conn.execute("UPDATE alembic_version SET version_num = 'older'")
    assert lite.answer(copied, ask) is None  # the ordinary path refuses it, naming csto db upgrade
    path.write_bytes(b"not a database at all")
    assert lite.answer(copied, ask) is None
