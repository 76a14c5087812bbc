"""Every REST endpoint, its errors, and the token rules for writes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from csto.api import TokenStore, create_api
from csto.api.routes_sim import router as sim_router
from csto.store import KnowledgeBase


@pytest.fixture
def client(kb: KnowledgeBase) -> Iterator[TestClient]:
    TokenStore(kb.engine)  # make sure the table exists
    with TestClient(create_api(kb), base_url="http://localhost") as c:
        yield c


def error_of(response) -> dict:  # type: ignore[no-untyped-def]
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == response.status_code
    return dict(body["error"])


def test_members_as_of_and_defaulted(client: TestClient) -> None:
    body = client.get("/api/members", params={"as_of": "2013-06-01", "all": "true"}).json()
    assert body["as_of"] == "2013-06-01" and body["as_of_defaulted"] is False
    statuses = {m["state"]["id"]: m["status"] for m in body["members"]}
    assert statuses["kazakhstan"] == "full"
    assert client.get("/api/members").json()["as_of_defaulted"] is True


def test_chair_officials_bodies_overview(client: TestClient) -> None:
    assert client.get("/api/chair", params={"as_of": "2019-05-01"}).json()["chair"]["chair"]["id"] == "kyrgyzstan"
    officials = client.get("/api/officials", params={"as_of": "2020-03-01"}).json()["officials"]
    assert any(h["holder"]["id"] == "stanislav-zas" for h in officials)
    bodies = client.get("/api/bodies", params={"as_of": "2024-01-01"}).json()["bodies"]
    assert any(b["body"]["id"] == "collective-security-council" for b in bodies)
    overview = client.get("/api/overview", params={"as_of": "2024-06-06"}).json()["overview"]
    assert overview["members"] and overview["recent_events"]


def test_timeline_entity_event_search_export(client: TestClient) -> None:
    page = client.get("/api/timeline", params={"from": "2022-01", "to": "2022-01", "state": "kazakhstan"}).json()
    assert page["total"] >= 2
    event_id = page["events"][0]["id"]
    assert client.get(f"/api/events/{event_id}").json()["id"] == event_id
    report = client.get("/api/entities/Kirghizia").json()
    assert report["entity"]["id"] == "kyrgyzstan" and report["facts"]
    hits = client.get("/api/search", params={"q": "ОДКБ"}).json()["hits"]
    assert hits[0]["entity"]["id"] == "csto"
    csv = client.get("/api/export/facts", params={"format": "csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith("id,subject")
    assert isinstance(client.get("/api/export/events", params={"format": "json"}).json(), list)


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/members?as_of=2024-02-30", 400, "bad_date"),
        ("/api/members?as_of=tomorrow", 400, "bad_date"),
        ("/api/chair?as_of=2019-01-01&body=nonexistent", 404, "unknown_entity"),
        ("/api/entities/Kazakstn", 404, "unknown_entity"),
        ("/api/events/no-such-event", 404, "unknown_event"),
        ("/api/timeline?kind=party", 400, "bad_query"),
        ("/api/timeline?limit=0", 422, "invalid_request"),
        ("/api/timeline?limit=501", 422, "invalid_request"),
        ("/api/timeline?from=2022-13", 400, "bad_date"),
        ("/api/search", 422, "invalid_request"),
        ("/api/export/people", 422, "invalid_request"),
        ("/api/nothing-here", 404, "not_found"),
    ],
)
def test_errors_have_one_shape_and_the_right_status(client: TestClient, url: str, status: int, code: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert error_of(response)["code"] == code


def test_unknown_names_come_with_suggestions(client: TestClient) -> None:
    assert "Kazakhstan" in error_of(client.get("/api/entities/Kazakstn"))["suggestions"]


def test_writes_are_refused_when_no_token_is_configured(client: TestClient, kb: KnowledgeBase) -> None:
    tokens = TokenStore(kb.engine)
    for info in tokens.list():
        tokens.revoke(info.name)
    response = client.post("/api/db/rebuild")
    assert response.status_code == 403 and error_of(response)["code"] == "read_only"


def test_writes_need_a_valid_token(client: TestClient, kb: KnowledgeBase) -> None:
    tokens = TokenStore(kb.engine)
    token = tokens.create("tester")
    try:
        assert error_of(client.post("/api/db/rebuild"))["code"] == "token_required"
        bad = client.post("/api/db/rebuild", headers={"Authorization": "Bearer csto_wrong"})
        assert bad.status_code == 401 and error_of(bad)["code"] == "bad_token"
        good = client.post("/api/db/rebuild", headers={"Authorization": f"Bearer {token}"})
        assert good.status_code == 200, good.text
        assert good.json()["requested_by"] == "tester" and good.json()["counts"]["facts"] > 0
    finally:
        tokens.revoke("tester")


def test_tokens_are_stored_hashed(kb: KnowledgeBase) -> None:
    from sqlalchemy import select

    from csto.store.schema import api_tokens

    tokens = TokenStore(kb.engine)
    token = tokens.create("hash-check")
    try:
        with kb.engine.connect() as conn:
            stored = [tuple(r) for r in conn.execute(select(api_tokens))]
        assert all(token not in map(str, row) for row in stored)
        assert tokens.check(token) == "hash-check" and tokens.check(token + "x") is None
    finally:
        tokens.revoke("hash-check")


def test_request_bodies_over_the_limit_are_refused(kb: KnowledgeBase) -> None:
    with TestClient(create_api(kb, max_body_bytes=1000), base_url="http://localhost") as small:
        response = small.post("/api/db/rebuild", content=b"x" * 5000)
        assert response.status_code == 413 and error_of(response)["code"] == "body_too_large"


def test_streamed_bodies_without_a_length_are_cut_off_too(kb: KnowledgeBase) -> None:
    """A chunked body with no Content-Length is cut off at the limit with 413, in the API's shape."""

    def chunks(count: int) -> Iterator[bytes]:
        yield b'{"scenario": "kazakhstan-2022-01", "pad": "'
        for _ in range(count):
            yield b"y" * 500
        yield b'"}'

    with TestClient(create_api(kb, [sim_router], max_body_bytes=1000), base_url="http://localhost") as small:
        refused = small.post("/api/simulate", content=chunks(10), headers={"content-type": "application/json"})
        assert refused.status_code == 413 and error_of(refused)["code"] == "body_too_large"


def test_openapi_lists_every_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/members",
        "/api/chair",
        "/api/officials",
        "/api/bodies",
        "/api/overview",
        "/api/timeline",
        "/api/entities/{name}",
        "/api/events/{event_id}",
        "/api/search",
        "/api/export/{table}",
        "/api/db/rebuild",
    ):
        assert path in spec["paths"], path
    assert "401" in spec["paths"]["/api/db/rebuild"]["post"]["responses"]
