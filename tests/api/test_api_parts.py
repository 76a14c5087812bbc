"""The rules and simulator routes: answers, limits and errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from csto.store import KnowledgeBase
from csto.web import create_app

KAZAKHSTAN = {
    "kind": "collective_assistance",
    "date": "2022-01-06",
    "body": "CSC",
    "requester": "Kazakhstan",
    "threat": "armed_attack",
    "territory": ["kazakhstan"],
}


@pytest.fixture
def client(kb: KnowledgeBase) -> Iterator[TestClient]:
    with TestClient(create_app(kb), base_url="http://localhost") as c:
        yield c


def test_provisions_as_of_a_date_and_one_explained(client: TestClient) -> None:
    everything = client.get("/api/rules").json()["provisions"]
    in_1995 = client.get("/api/rules", params={"as_of": "1995-01-01"}).json()["provisions"]
    assert 0 < len(in_1995) < len(everything)
    first = everything[0]
    one = client.get(f"/api/rules/{first['id']}").json()
    assert one["id"] == first["id"] and one["versions"][0]["article"]
    assert client.get("/api/rules/no-such-rule").json()["error"]["code"] == "unknown_provision"
    assert client.get("/api/rules", params={"reform": "nope"}).status_code == 404


def test_reforms_are_listed_with_who_proposed_them(client: TestClient) -> None:
    reforms = {r["name"]: r for r in client.get("/api/reforms").json()}
    assert {"japarov-2021", "kurmanov-2022", "belarus-2023"} <= set(reforms)
    assert all(r["proposed_by"] and r["changes"] > 0 for r in reforms.values())


def test_decide_explains_itself_and_resolves_aliases(client: TestClient) -> None:
    positions = {s: "supports" for s in ("kazakhstan", "russia", "belarus", "armenia", "kyrgyzstan", "tajikistan")}
    adopted = client.post("/api/decide", json={"proposal": KAZAKHSTAN, "positions": positions}).json()
    assert adopted["outcome"] in ("adopted", "adopted_limited")
    assert adopted["trace"] and all(step["article"] for step in adopted["trace"])
    blocked = client.post(
        "/api/decide", json={"proposal": KAZAKHSTAN, "positions": {**positions, "Russian Federation": "objects"}}
    ).json()
    assert blocked["outcome"] == "blocked" and "russia" in blocked["blocked_by"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"proposal": {**KAZAKHSTAN, "kind": "party"}}, 400, "bad_proposal"),
        ({"proposal": {**KAZAKHSTAN, "date": "2022-02-30"}}, 400, "bad_proposal"),
        ({"proposal": {**KAZAKHSTAN, "requester": "Atlantis"}}, 404, "unknown_entity"),
        ({"proposal": KAZAKHSTAN, "reforms": ["nope"]}, 404, "unknown_reform"),
        ({"positions": {}}, 422, "invalid_request"),
    ],
)
def test_bad_proposals(client: TestClient, body: dict, status: int, code: str) -> None:  # type: ignore[type-arg]
    response = client.post("/api/decide", json=body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_reform_diff_and_rotation_check(client: TestClient) -> None:
    diff = client.get("/api/rules-diff", params={"reform": "belarus-2023"}).json()
    assert diff["changed"] >= 1 and diff["cases"]
    years = client.get("/api/rules-check", params={"since": 2015, "until": 2026}).json()["years"]
    assert years
    assert client.get("/api/rules-check", params={"since": 2020, "until": 2019}).status_code == 400


def test_simulation_is_seeded_and_bounded(client: TestClient) -> None:
    request = {"scenario": "kazakhstan-2022-01", "runs": 2000, "seed": 7}
    first = client.post("/api/simulate", json=request).json()
    again = client.post("/api/simulate", json=request).json()
    assert first["outcomes"] == again["outcomes"]
    assert abs(sum(first["outcomes"].values()) - 1) < 1e-9
    too_many = client.post("/api/simulate", json={**request, "runs": 10_000_000})
    assert too_many.status_code == 422
    assert client.post("/api/simulate", json={**request, "scenario": "nope"}).json()["error"]["code"] == (
        "unknown_scenario"
    )
    scenarios = client.get("/api/scenarios").json()
    assert {s["name"] for s in scenarios} >= {"kazakhstan-2022-01", "armenia-2022-09"}


def test_backtest_table(client: TestClient) -> None:
    report = client.post("/api/backtest", json={"runs": 2000}).json()
    assert len(report["rows"]) >= 5 and report["log_score"] < 0
    assert client.post("/api/backtest", json={"runs": 10}).status_code == 422
    default = client.get("/api/backtest").json()
    assert default["runs"] == 20_000 if "runs" in default else len(default["rows"]) >= 5
