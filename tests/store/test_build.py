"""Building the store: first use, atomic rebuilds, and ingested rows that a rebuild never touches."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select

from csto.dataset import DatasetError
from csto.store import KnowledgeBase, StoreError, ensure_built, open_store, rebuild, schema
from csto.store.engine import dataset_digest, stored_digest
from tests.dataset.test_loader import GOOD, write


def count(engine: Engine, table: schema.Table) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(table)) or 0


def test_first_use_builds_then_reuses(fresh_engine: Engine, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    write(data, "a.yaml", GOOD)
    assert stored_digest(fresh_engine) is None
    assert ensure_built(fresh_engine, data) is not None
    assert stored_digest(fresh_engine) == dataset_digest(data)
    assert ensure_built(fresh_engine, data) is None  # up to date: nothing to do
    assert count(fresh_engine, schema.facts) == 1


def test_a_failed_rebuild_leaves_the_previous_database_intact(fresh_engine: Engine, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    write(data, "a.yaml", GOOD)
    rebuild(fresh_engine, data)
    before = [count(fresh_engine, t) for t in schema.DELETE_ORDER]
    write(data, "b.yaml", "entities:\n  - id: utopia\n    kind: state\n    name: Twice\n")
    with pytest.raises(DatasetError):
        rebuild(fresh_engine, data)
    assert [count(fresh_engine, t) for t in schema.DELETE_ORDER] == before


def test_a_database_error_mid_build_rolls_back(fresh_engine: Engine, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    write(data, "a.yaml", GOOD)
    rebuild(fresh_engine, data)
    # An ingested fact pointing at a curated entity: removing that entity must fail the whole rebuild.
    with fresh_engine.begin() as conn:
        conn.execute(
            insert(schema.sources).values(id="wire", publisher="Wire", title="t", kind="news", origin="ingested")
        )
        conn.execute(
            insert(schema.facts).values(
                id="ingested-1",
                subject="utopia",
                predicate="member_status",
                object="league",
                value="full",
                status="accepted",
                origin="ingested",
            )
        )
    write(
        data,
        "a.yaml",
        GOOD.replace("id: utopia", "id: arcadia")
        .replace("subject: utopia", "subject: arcadia")
        .replace("entity: utopia", "entity: arcadia"),
    )
    with pytest.raises(StoreError, match="rolled back"):
        rebuild(fresh_engine, data)
    kb = KnowledgeBase(fresh_engine)
    assert kb.resolve("Outopia").id == "utopia"


def test_ingested_rows_survive_a_rebuild(fresh_engine: Engine, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    write(data, "a.yaml", GOOD)
    rebuild(fresh_engine, data)
    with fresh_engine.begin() as conn:
        conn.execute(
            insert(schema.sources).values(id="wire", publisher="Wire", title="t", kind="news", origin="ingested")
        )
        conn.execute(
            insert(schema.events).values(
                id="ingested-event",
                type="statement",
                date="2024-01-01",
                start_day=date(2024, 1, 1),
                end_day=date(2024, 1, 1),
                title="x",
                status="occurred",
                origin="ingested",
            )
        )
        conn.execute(
            insert(schema.event_sources).values(event_id="ingested-event", source_id="wire", origin="ingested")
        )
    rebuild(fresh_engine, data)
    assert count(fresh_engine, schema.events) == 2
    assert count(fresh_engine, schema.sources) == 2


def test_bad_database_urls_fail_clearly() -> None:
    with pytest.raises(StoreError, match="invalid database URL"):
        open_store("not a url at all")
    with pytest.raises(StoreError):
        open_store("nosuchdialect://x/y")


def test_default_sqlite_file_is_created_in_the_configured_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "deep" / "folder" / "csto.sqlite3"
    monkeypatch.setenv("CSTO_DATABASE_URL", f"sqlite:///{target}")
    kb = open_store()
    assert target.exists()
    assert kb.counts()["facts"] > 0


def test_a_rebuild_keeps_ingested_links_to_curated_rows(fresh_engine: Engine, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    write(data, "a.yaml", GOOD)
    rebuild(fresh_engine, data)
    with fresh_engine.begin() as conn:
        conn.execute(
            insert(schema.sources).values(id="wire-2", publisher="Wire", title="t", kind="news", origin="ingested")
        )
        conn.execute(insert(schema.event_sources).values(event_id="signing", source_id="wire-2", origin="ingested"))
    write(data, "a.yaml", GOOD.replace("title: The treaty is signed", "title: The treaty is signed in Tashkent"))
    rebuild(fresh_engine, data)
    event = KnowledgeBase(fresh_engine).event("signing")
    assert event.title == "The treaty is signed in Tashkent"
    assert {s.id for s in event.sources} == {"treaty-text", "wire-2"}


def test_entities_can_leave_the_dataset(fresh_engine: Engine, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    placed = GOOD.replace("    title: The treaty is signed\n", "    title: The treaty is signed\n    place: league\n")
    write(
        data,
        "a.yaml",
        placed.replace("  - id: league\n", "  - id: spare\n    kind: place\n    name: Spare\n  - id: league\n"),
    )
    rebuild(fresh_engine, data)
    write(data, "a.yaml", placed)
    rebuild(fresh_engine, data)
    kb = KnowledgeBase(fresh_engine)
    assert "spare" not in kb.entities and kb.event("signing").place is not None
