"""``csto get`` answers any route in-process, exactly as the API does; the front door maps errors once."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from csto.cli import app
from csto.frontdoor import problem_of
from csto.periods import DateError
from csto.sim import UnknownScenarioError
from csto.store import KnowledgeBase, StoreError, UnknownEntityError
from csto.web import create_app


@pytest.fixture
def url(kb: KnowledgeBase) -> str:
    return kb.engine.url.render_as_string(hide_password=False)


def test_get_gives_the_apis_answer(kb: KnowledgeBase, url: str) -> None:
    path = "/api/members?as_of=2013-06-01"
    result = CliRunner().invoke(app, ["get", path, "--db", url])
    assert result.exit_code == 0
    with TestClient(create_app(kb), base_url="http://localhost") as client:
        assert json.loads(result.stdout) == client.get(path).json()


def test_get_reports_errors_in_one_line(url: str) -> None:
    missing = CliRunner().invoke(app, ["get", "/api/entities/Kazakstn", "--db", url])
    assert missing.exit_code == 2 and "404" in missing.output and "Kazakhstan" in missing.output
    outside = CliRunner().invoke(app, ["get", "https://example.org/api/members", "--db", url])
    assert outside.exit_code == 2 and "Traceback" not in outside.output


@pytest.mark.parametrize(
    ("error", "status", "code", "exit_code"),
    [
        (UnknownEntityError("Kazakstn", ["Kazakhstan"]), 404, "unknown_entity", 2),
        (UnknownEntityError("e-1", [], what="event"), 404, "unknown_event", 2),
        (DateError("2024-02-30 is not a day"), 400, "bad_date", 2),
        (UnknownScenarioError("no scenario"), 404, "unknown_scenario", 2),
        (StoreError("cannot open"), 503, "store_unavailable", 1),
    ],
)
def test_one_mapping_of_errors(error: Exception, status: int, code: str, exit_code: int) -> None:
    found = problem_of(error)
    assert found is not None and (found.status, found.code, found.exit_code) == (status, code, exit_code)
    assert problem_of(RuntimeError("a bug")) is None
