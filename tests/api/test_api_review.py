"""Ingestion and review over the API: the token rules, idempotent ingestion, and the queue."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from csto.api import TokenStore
from csto.store import KnowledgeBase
from csto.web import create_app

ARTICLE = {
    "title": "CSTO foreign ministers meet in Minsk",
    "published": "2026-06-10",
    "text": (
        "MINSK, 10 June. The CSTO Council of Foreign Ministers met in Minsk on Tuesday. Secretary General "
        "Taalatbek Masadykov said Kazakhstan and Russia signed a plan of joint exercises for 2027. "
        "Armenia did not attend the meeting."
    ),
}


@pytest.fixture
def client(writable_kb: KnowledgeBase) -> Iterator[tuple[TestClient, dict[str, str]]]:
    tokens = TokenStore(writable_kb.engine)
    token = tokens.create("api-reviewer")
    with TestClient(create_app(writable_kb), base_url="http://localhost") as c:
        yield c, {"Authorization": f"Bearer {token}"}
    tokens.revoke("api-reviewer")


def test_ingest_needs_a_token_and_is_idempotent(client: tuple[TestClient, dict[str, str]]) -> None:
    c, auth = client
    assert c.post("/api/ingest", json={"articles": [ARTICLE]}).status_code == 401
    first = c.post("/api/ingest", json={"articles": [ARTICLE]}, headers=auth).json()
    again = c.post("/api/ingest", json={"articles": [ARTICLE]}, headers=auth).json()
    assert again["stored"] == 0 and again["already_known"] == 1 and again["claims"] == 0
    assert first["by"] == "api-reviewer"


def test_review_queue_accept_reject_edit(client: tuple[TestClient, dict[str, str]]) -> None:
    c, auth = client
    article = {**ARTICLE, "title": "Another report", "text": ARTICLE["text"] + " The next meeting is in Astana."}
    c.post("/api/ingest", json={"articles": [article]}, headers=auth)
    page = c.get("/api/review")
    queue = page.json()["claims"]
    assert queue and all(q["status"] == "proposed" for q in queue)
    assert page.json()["total"] == int(page.headers["x-total-count"]) >= len(queue)
    assert 'rel="first"' in page.headers["link"]
    claim = queue[0]
    assert claim["sentence"] and claim["sentence"] in article["text"]
    assert c.post(f"/api/review/{claim['id']}/accept").status_code == 401
    edited = c.post(f"/api/review/{claim['id']}/edit", json={"changes": {"date": "2026-06-09"}}, headers=auth)
    assert edited.status_code == 200 and edited.json()["date"] == "2026-06-09"
    bad_edit = c.post(f"/api/review/{claim['id']}/edit", json={"changes": {"colour": "red"}}, headers=auth)
    assert bad_edit.status_code == 400
    accepted = c.post(f"/api/review/{claim['id']}/accept", headers=auth)
    assert accepted.status_code == 200
    assert claim["id"] not in {q["id"] for q in c.get("/api/review").json()["claims"]}
    assert c.post(f"/api/review/{claim['id']}/reject", headers=auth).json()["error"]["code"] == "review_refused"
    assert c.post("/api/review/no-such-claim/reject", headers=auth).status_code == 404
    accepted_queue = c.get("/api/review", params={"status": "accepted"}).json()["claims"]
    assert any(q["id"] == claim["id"] for q in accepted_queue)


def test_bad_ingest_requests(client: tuple[TestClient, dict[str, str]]) -> None:
    c, auth = client
    assert c.post("/api/ingest", json={"articles": []}, headers=auth).status_code == 422
    many = {"articles": [ARTICLE] * 51}
    assert c.post("/api/ingest", json=many, headers=auth).status_code == 422
    empty = c.post("/api/ingest", json={"articles": [{"text": "   "}]}, headers=auth).json()
    assert empty["stored"] == 0 and empty["problems"]
