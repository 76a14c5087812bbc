"""``/api/search``: full-text results with filters and paging, the name hits as before, clear errors."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from csto.api import create_api
from csto.store import KnowledgeBase


@pytest.fixture
def client(kb: KnowledgeBase) -> Iterator[TestClient]:
    with TestClient(create_api(kb), base_url="http://localhost") as c:
        yield c


def test_results_hits_and_counts(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "Zhanaozen"}).json()
    assert body["query"] == "Zhanaozen" and body["terms"] == ["zhanaozen"]
    assert "crisis-2022-01-02-kazakhstan-unrest" in [r["id"] for r in body["results"]]
    assert body["total"] == sum(body["counts"][k] for k in ("event", "fact", "source", "entity") if k in body["counts"])
    first = body["results"][0]
    assert set(first) >= {"kind", "id", "type", "title", "date", "snippet", "title_marks", "snippet_marks", "score"}
    names = client.get("/api/search", params={"q": "ОДКБ"}).json()
    assert names["hits"][0]["entity"]["id"] == "csto"  # the name search answers as it did
    assert "csto" in [
        r["id"] for r in client.get("/api/search", params={"q": "ОДКБ", "kind": "entity"}).json()["results"]
    ]


def test_filters_by_kind_state_and_period(client: TestClient) -> None:
    params = {"q": "session", "kind": ["summit", "decision"], "state": "Russia", "from": "2005", "to": "2015"}
    body = client.get("/api/search", params=params).json()
    assert body["total"] and body["hits"] == []
    assert all(r["kind"] == "event" and r["type"] in ("summit", "decision") for r in body["results"])
    assert all("2005" <= r["date"][:4] <= "2015" for r in body["results"])
    states = client.get("/api/search", params={"q": "Moscow", "kind": "state"}).json()
    assert all(h["entity"]["kind"] == "state" for h in states["hits"])
    assert all(r["kind"] == "entity" and r["type"] == "state" for r in states["results"])


def test_paging_headers_and_body(client: TestClient) -> None:
    first = client.get("/api/search", params={"q": "security", "limit": 5})
    total = int(first.headers["x-total-count"])
    assert total == first.json()["total"] > 5
    following = re.search(r'<([^>]+)>; rel="next"', first.headers["link"])
    assert following is not None
    second = client.get(following.group(1))
    assert second.json()["offset"] == 5
    assert not {r["id"] for r in first.json()["results"]} & {r["id"] for r in second.json()["results"]}


@pytest.mark.parametrize("q", ['"', "AND OR (", "*", "NEAR(x", "'; DROP TABLE events; --", "a:b ^c -d"])
def test_hostile_queries_answer_normally(client: TestClient, q: str) -> None:
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200
    assert response.json()["total"] >= 0


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"q": "csto", "kind": "bogus"}, 400, "bad_query"),
        ({"q": "csto", "from": "2015", "to": "2010"}, 400, "bad_query"),
        ({"q": "csto", "from": "2015-13"}, 400, "bad_date"),
        ({"q": "csto", "state": "Atlantis"}, 404, "unknown_entity"),
        ({"q": "csto", "limit": 101}, 422, "invalid_request"),
        ({"q": "csto", "offset": -1}, 422, "invalid_request"),
        ({"q": ""}, 422, "invalid_request"),
    ],
)
def test_bad_parameters_are_named(client: TestClient, params: dict[str, object], status: int, code: str) -> None:
    response = client.get("/api/search", params=params)  # type: ignore[arg-type]
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
