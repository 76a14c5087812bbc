"""Schema migrations: a database of the previous schema is refused, then upgraded with every row kept."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, insert, select, text
from typer.testing import CliRunner

from csto.cli import app
from csto.dataset import load_dataset
from csto.store import KnowledgeBase, StoreError, schema
from csto.store.build import write_curated
from csto.store.claims import list_claims
from csto.store.migrate import check, current, head, upgrade
from csto.store.search import outside_metadata
from csto.store.tokens import TokenStore

TEXT = "MOSCOW, 12 March. Armenia froze its participation in the CSTO, the prime minister said."


def previous_release_database(engine: Engine) -> None:
    """A store as csto 0.1 left it: schema 1, no revision table, curated rows and reviewed claims."""
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
        write_curated(conn, load_dataset())
        conn.execute(insert(schema.meta).values(key="dataset_digest", value="from-0.1"))
        conn.execute(
            text(
                "INSERT INTO ingest_documents (id, source, url, title, author, published, published_confidence, "
                "published_how, text_kind, text, mentions, ingested_at) VALUES ('d' , 'wire.txt', NULL, 'Freeze', "
                "NULL, '2024-03-12', 0.9, 'dateline', 'text', :text, '[]', '2026-01-01T00:00:00+00:00')"
            ),
            {"text": TEXT},
        )
        conn.execute(
            text(
                "INSERT INTO ingest_claims (id, document_id, number, type, date, payload, confidence, status, "
                "event_id, fact_ids, disputes, created_at, decided_at) VALUES ('d-001', 'd', 1, 'statement', "
                "'2024-03-12', '{}', 0.8, 'rejected', NULL, '[]', '[]', '2026-01-01', '2026-01-02')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO ingest_reviews (claim_id, action, reviewer, at) "
                "VALUES ('d-001', 'reject', 'ana', '2026-01-02')"
            )
        )
        conn.execute(
            insert(schema.api_tokens).values(name="ana", salt="s", digest="x" * 64, created_at=datetime.now(UTC))
        )


def test_a_previous_release_database_is_refused_then_upgraded(fresh_engine: Engine) -> None:
    previous_release_database(fresh_engine)
    with pytest.raises(StoreError, match="csto db upgrade"):
        check(fresh_engine)
    before, after = upgrade(fresh_engine)
    assert before is None and after == head() == current(fresh_engine)
    check(fresh_engine)  # opens now
    with fresh_engine.connect() as conn:
        document = conn.execute(select(schema.documents)).one()
        assert document.fingerprint and len(document.fingerprint) == 16 and document.duplicate_of is None
        assert conn.scalar(select(func.count()).select_from(schema.reviews)) == 1
    assert [c["status"] for c in list_claims(fresh_engine, None)] == ["rejected"]
    assert [t.name for t in TokenStore(fresh_engine).list()] == ["ana"]
    assert KnowledgeBase(fresh_engine).resolve("Armenia").id == "armenia"


def test_an_older_revision_is_refused_and_the_command_upgrades_it(fresh_engine: Engine) -> None:
    upgrade(fresh_engine, "0001")
    with pytest.raises(StoreError, match=r"revision 0001.*csto db upgrade"):
        check(fresh_engine)
    url = fresh_engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["db", "upgrade", "--db", url])
    assert result.exit_code == 0 and f"to schema revision {head()}" in result.output
    again = CliRunner().invoke(app, ["db", "upgrade", "--db", url])
    assert "already at schema revision" in again.output


def test_the_migrations_make_exactly_the_schema_in_the_code(fresh_engine: Engine) -> None:
    upgrade(fresh_engine)
    with fresh_engine.connect() as conn:
        # The search index's backend objects (FTS5 table, generated column, GIN index) are made outside the MetaData.
        context = MigrationContext.configure(conn, opts={"include_name": lambda *name: not outside_metadata(*name)})
        differences = compare_metadata(context, schema.metadata)
    assert differences == []


def test_the_head_read_from_the_files_is_alembics() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from csto.store.migrate import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert head() == ScriptDirectory.from_config(config).get_current_head()
