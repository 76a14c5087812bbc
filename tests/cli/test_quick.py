"""``csto.cli.quick`` prints what the Typer commands print, or leaves the command line to them.

Each command line is run both ways: through ``csto.cli.main`` (where the quick path answers) and
through the Typer application directly; the standard output must be the same text.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csto.cli import app, main
from csto.cli.quick import answered, parse
from csto.store import KnowledgeBase

runner = CliRunner()


@pytest.fixture(scope="module")
def db(sqlite_kb: KnowledgeBase) -> str:
    """The quick path reads SQLite files: the SQLite knowledge base's URL."""
    return sqlite_kb.engine.url.render_as_string(hide_password=False)


def _quick(args: list[str], capsys: pytest.CaptureFixture[str]) -> str | None:
    capsys.readouterr()
    if not answered(args):
        assert capsys.readouterr().out == ""
        return None
    return capsys.readouterr().out


def _typer(args: list[str]) -> str:
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["members", "--json"], ("members", {"--json": True})),
        (
            ["members", "--as-of=2020-01-01", "--json", "--all"],
            ("members", {"--as-of": "2020-01-01", "--json": True, "--all": True}),
        ),
        (
            ["chair", "--json", "--body", "crrf", "--db", "sqlite:///x"],
            ("chair", {"--json": True, "--body": "crrf", "--db": "sqlite:///x"}),
        ),
        (
            ["officials", "--sources", "--json", "--office", "secretary-general"],
            ("officials", {"--sources": True, "--json": True, "--office": "secretary-general"}),
        ),
    ],
)
def test_plain_spellings_are_understood(argv: list[str], expected: tuple[str, dict[str, object]]) -> None:
    assert parse(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["members"],  # a table: Rich's
        ["members", "--json", "--help"],
        ["overview", "--json"],
        ["members", "--json", "--json"],
        ["members", "--json", "--as-of"],
        ["members", "--json", "--as-of", "--all"],
        ["members", "--json=yes"],
        ["chair", "--json", "--all"],
        ["members", "--json", "extra"],
        ["members", "--json", "-h"],
    ],
)
def test_anything_else_is_left_to_typer(argv: list[str]) -> None:
    assert parse(argv) is None


def test_the_same_json_as_the_typer_commands(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    days = [date(1992, 5, 15) + timedelta(days=i) for i in range(0, 12500, 97)]
    for i, day in enumerate(days):
        lines = [
            ["members", "--as-of", str(day), "--json", "--db", db],
            ["members", f"--as-of={day}", "--all", "--json", "--db", db],
            ["chair", "--as-of", str(day), "--json", "--db", db],
            ["officials", "--as-of", str(day), "--json", "--db", db, "--sources"],
        ]
        if i % 5 == 0:
            lines.append(["officials", "--as-of", str(day), "--office", "secretary-general", "--json", "--db", db])
        for args in lines:
            quick = _quick(args, capsys)
            assert quick is not None, args
            assert quick == _typer(args), args


def test_today_by_default(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["members", "--json", "--db", db]
    assert _quick(args, capsys) == _typer(args)


def test_what_it_cannot_answer_typer_does(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _quick(["members", "--as-of", "2020-13-45", "--json", "--db", db], capsys) is None
    by_name = ["chair", "--as-of", "2020-01-01", "--body", "Collective Security Council", "--json", "--db", db]
    assert _quick(by_name, capsys) is None
    missing = f"sqlite:///{tmp_path / 'new' / 'csto.sqlite3'}"
    assert _quick(["members", "--as-of", "2020-01-01", "--json", "--db", missing], capsys) is None
    stale = tmp_path / "stale.sqlite3"
    with sqlite3.connect(db.removeprefix("sqlite:///")) as src, sqlite3.connect(stale) as dst:
        src.backup(dst)
    with sqlite3.connect(stale) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'older'")
    assert _quick(["members", "--as-of", "2020-01-01", "--json", "--db", f"sqlite:///{stale}"], capsys) is None


def test_main_still_reports_errors_as_one_line(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["csto", "members", "--as-of", "2020-13-45", "--json", "--db", db])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "--as-of" in captured.err and "Traceback" not in captured.err


def test_main_answers_quickly_and_through_typer_alike(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["members", "--as-of", "2013-06-01", "--json", "--db", db]
    monkeypatch.setattr(sys, "argv", ["csto", *args])
    capsys.readouterr()
    main()
    assert capsys.readouterr().out == _typer(args)
    monkeypatch.setattr(sys, "argv", ["csto", "members", "--as-of", "2013-06-01", "--db", db])  # a table: Typer's
    with pytest.raises(SystemExit) as stop:
        main()
    assert not stop.value.code
    assert "Kazakhstan" in capsys.readouterr().out
