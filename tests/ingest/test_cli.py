"""The ingestion commands: extract --json (the evaluation contract), ingest, review, eval."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from csto.cli import app
from csto.model import DatasetFile
from csto.store import make_engine, rebuild
from tests.ingest.conftest import GOLD, needs_seeds

runner = CliRunner()
ARTICLES = GOLD / "articles"


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A store of the real dataset of our own, since the commands below write to it."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    engine = make_engine(url)
    rebuild(engine)
    engine.dispose()
    return url


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_extract_json_follows_the_contract(db: str, tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01" * 50)
    code, out, err = run("extract", str(ARTICLES / "a09_summit.txt"), str(tmp_path / "bad.txt"), "--json", "--db", db)
    assert code == 0, err
    assert "bad.txt" in err and "binary" in err
    [line] = out.strip().splitlines()
    result = json.loads(line)
    document = result["document"]
    assert {"source", "title", "published", "published_confidence"} <= set(document)
    assert (
        document["published"] == "2022-11-23" and document["title"] == "Yerevan summit ends without a joint declaration"
    )
    for mention in result["mentions"]:
        assert {"entity", "name", "kind", "text", "span"} <= set(mention)
    for event in result["events"]:
        assert {"type", "date", "date_text", "actors", "actor_ids", "place", "span", "confidence"} <= set(event)
    summit = next(e for e in result["events"] if e["type"] == "summit")
    assert summit["date"] == "2022-11-23" and "collective-security-council" in summit["actor_ids"]
    text = (ARTICLES / "a09_summit.txt").read_text(encoding="utf-8")
    start, end = summit["span"]
    assert text[start:end] == summit["quote"]


def test_extract_reads_standard_input_and_fails_when_nothing_is_readable(db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", "-", "--json", "--db", db], input='{"text": "Armenia met Russia."}\n')
    assert result.exit_code == 0
    assert json.loads(result.stdout)["document"]["source"] == "<stdin>:1"
    (tmp_path / "empty.txt").write_text("")
    code, _, err = run("extract", str(tmp_path / "empty.txt"), "--db", db)
    assert code == 1 and "no document could be read" in err


def test_ingest_review_and_export(db: str, tmp_path: Path) -> None:
    code, out, _ = run("ingest", str(ARTICLES / "a09_summit.txt"), str(ARTICLES / "a04_armenia_freeze.txt"), "--db", db)
    assert code == 0 and "stored 2 new documents" in out
    code, out, _ = run("ingest", str(ARTICLES), "--workers", "2", "--db", db)
    assert code == 0 and "2 already ingested" in out
    code, out, _ = run("review", "list", "--json", "--limit", "500", "--db", db)
    claims = json.loads(out)
    summit = next(c for c in claims if c["type"] == "summit" and c["source"].endswith("a09_summit.txt"))
    peskov = next(c for c in claims if "dmitry-peskov" in c["payload"]["actor_ids"])
    code, out, err = run("review", "edit", summit["id"], "--type", "party", "--db", db)
    assert code == 2 and "unknown event type" in err
    code, out, _ = run("review", "accept", summit["id"], "--reviewer", "me", "--db", db)
    assert code == 0 and "accepted" in out
    code, out, _ = run("review", "reject", peskov["id"], "--note", "off topic", "--db", db)
    assert code == 0 and "rejected" in out
    code, out, _ = run("review", "list", "--status", "accepted", "--json", "--db", db)
    assert code == 0 and [c["id"] for c in json.loads(out)] == [summit["id"]]
    code, out, _ = run("review", "list", "--db", db)
    assert code == 0 and "proposed claims" in out
    target = tmp_path / "ingested.yaml"
    code, out, _ = run("review", "export", str(target), "--db", db)
    assert code == 0
    DatasetFile.model_validate(yaml.safe_load(target.read_text(encoding="utf-8")) or {})
    code, _, err = run("review", "accept", "no-such-claim", "--db", db)
    assert code == 2 and "no claim" in err


@needs_seeds
def test_eval_ingest_reports_and_gates(db: str) -> None:
    code, out, err = run("eval", "ingest", str(GOLD), "--json", "--gate", "--db", db)
    assert code == 0, err
    assert "gate passed" in err
    scores = json.loads(out)
    assert scores["corpora"]["seeds"]["events"]["f1"] >= 0.7
    assert scores["corpora"]["seeds"]["mentions"]["f1"] >= 0.9
    code, _, err = run("eval", "ingest", str(GOLD / "nowhere"), "--db", db)
    assert code == 2 and "not a folder" in err
