"""The command line over the real dataset: tables, JSON, sources, and clear errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from csto.cli import app
from csto.store import KnowledgeBase

runner = CliRunner()


@pytest.fixture
def db(kb: KnowledgeBase) -> str:
    return kb.engine.url.render_as_string(hide_password=False)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_overview_today_says_it_is_today(db: str) -> None:
    code, out, _ = run("overview", "--db", db)
    assert code == 0
    assert "(today)" in out and "full members" in out


def test_members_as_json(db: str) -> None:
    code, out, _ = run("members", "--as-of", "2013-06-01", "--all", "--json", "--db", db)
    assert code == 0
    rows = json.loads(out)
    statuses = {r["state"]["id"]: r["status"] for r in rows}
    assert statuses["russia"] == "full"
    assert statuses["uzbekistan"] in {"suspended", "withdrawn"}
    assert all(r["fact"]["sources"] for r in rows)


def test_chair_with_sources(db: str) -> None:
    code, out, _ = run("chair", "--as-of", "2019-05-01", "--sources", "--db", db)
    assert code == 0
    assert "Kyrgyzstan" in out and "http" in out


def test_officials_and_timeline(db: str) -> None:
    code, out, _ = run("officials", "--as-of", "2020-03-01", "--json", "--db", db)
    assert code == 0
    assert any(
        h["office"]["id"] == "secretary-general" and h["holder"]["id"] == "stanislav-zas" for h in json.loads(out)
    )
    code, out, _ = run(
        "timeline", "--from", "2022-01", "--to", "2022-01", "--state", "Kazakhstan", "--json", "--db", db
    )
    assert code == 0
    page = json.loads(out)
    assert page["total"] >= 2 and all(e["date"].startswith("2022-01") for e in page["events"])


def test_show_and_search_by_alias(db: str) -> None:
    code, out, _ = run("show", "Kirghizia", "--db", db)
    assert code == 0 and "Kyrgyzstan" in out
    code, out, _ = run("search", "Unbreakable Brotherhood", "--json", "--db", db)
    assert code == 0 and json.loads(out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("members", "--as-of", "2024-02-30"), "no day 30"),
        (("members", "--as-of", "yesterday"), "not a date"),
        (("show", "Kazakstn"), "Did you mean"),
        (("timeline", "--kind", "party"), "unknown event type"),
        (("timeline", "--limit", "100000"), "limit"),
        (("export", "/tmp/x", "--format", "xls"), "--format"),
    ],
)
def test_errors_are_one_clear_line(db: str, args: tuple[str, ...], message: str) -> None:
    code, out, err = run(*args, "--db", db)
    assert code != 0
    assert message in err
    assert "Traceback" not in out + err


def test_db_check_reports_counts() -> None:
    code, out, _ = run("db", "check")
    assert code == 0 and "dataset is valid" in out
