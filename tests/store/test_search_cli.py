"""``csto search``: names and aliases as before; with --text (or a filter) the full-text search."""

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


def test_names_as_before(db: str) -> None:
    code, out, _ = run("search", "ОДКБ", "--json", "--db", db)
    assert code == 0 and json.loads(out)[0]["entity"]["id"] == "csto"


def test_text_search_with_filters(db: str) -> None:
    code, out, _ = run("search", "session", "--kind", "summit", "--state", "Belarus", "--from", "2005", "--json",
                       "--db", db)  # fmt: skip
    assert code == 0
    page = json.loads(out)
    assert page["total"] and all(r["type"] == "summit" for r in page["results"])
    code, out, _ = run("search", "Zhanaozen", "--text", "--db", db)
    assert code == 0 and "Zhanaozen" in out and "1 match for zhanaozen" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("search", "x", "--kind", "party"), 2, "unknown kind 'party'"),
        (("search", '"', "--text"), 2, "no word to look for"),
        (("search", "zzqqxxyy", "--text"), 1, "no record holds"),
        (("search", "x", "--from", "2020-13"), 2, "2020-13"),
    ],
)
def test_bad_input_is_one_clear_line(db: str, args: tuple[str, ...], code: int, message: str) -> None:
    exit_code, _, err = run(*args, "--db", db)
    assert exit_code == code and message in err and "Traceback" not in err
