"""Every view downloads as CSV and JSON with exactly the rows of the API's answer, and says how to cite it."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

import csto
from csto.api.downloads import to_csv
from csto.store import KnowledgeBase
from csto.store.engine import stored_digest
from csto.web import create_app

# Each page, the key of its rows in the twin's answer, and the CSV rows that answer them.
PAGES = [
    "/?as_of=1995-06-01",
    "/?as_of=2022-01-10",
    "/",
    "/timeline",
    "/timeline?kind=exercise&state=kyrgyzstan",
    "/timeline?from=2020&to=2022&kind=armed_clash",
    "/timeline?state=Armenia&offset=5&limit=7",
    "/entities/armenia",
    "/entities/Kirghizia",
    "/search?q=brotherhood",
    "/search?q=treaty&kind=event&from=2000&to=2010&offset=20",
]


@pytest.fixture
def client(kb: KnowledgeBase) -> Iterator[TestClient]:
    with TestClient(create_app(kb), base_url="http://localhost") as c:
        yield c


def _href(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}" href="([^"]+)"', page)
    assert found, f"the page has no #{element_id} link"
    return html.unescape(found.group(1))


def _twin(client: TestClient, path: str) -> tuple[str, str]:
    page = client.get(path)
    assert page.status_code == 200
    link = page.headers["link"]
    return page.text, link[1 : link.index(">")]


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _expected_ids(answer: dict[str, Any]) -> list[str]:
    """The ids of the answer's rows, in the order the page (and the CSV) lists them."""
    if "overview" in answer:
        o = answer["overview"]
        chair = [o["chair"]["chair"]["id"]] if o["chair"]["chair"] else []
        return ([m["state"]["id"] for m in o["members"]] + chair + [h["holder"]["id"] for h in o["officials"]]
                + [b["body"]["id"] for b in o["bodies"]] + [e["id"] for e in o["recent_events"]])  # fmt: skip
    if "facts" in answer:
        return [f["id"] for f in answer["facts"]] + [e["id"] for e in answer["events"]]
    if "events" in answer:
        return [e["id"] for e in answer["events"]]
    return [r["id"] for r in answer.get("results", [])] + [h["entity"]["id"] for h in answer.get("hits", [])]


@pytest.mark.parametrize("path", PAGES)
def test_a_pages_downloads_are_its_api_answer(client: TestClient, path: str) -> None:
    page, twin = _twin(client, path)
    answer = client.get(twin).json()
    as_json = client.get(_href(page, "download-json"))
    assert as_json.status_code == 200 and as_json.headers["content-type"].startswith("application/json")
    assert "attachment" in as_json.headers["content-disposition"]
    body = as_json.json()
    assert body["answer"] == answer
    api = urlsplit(body["view"]["api"])
    assert api.netloc == "localhost" and api.path == urlsplit(twin).path
    assert sorted(parse_qsl(api.query)) == sorted(parse_qsl(urlsplit(twin).query))
    as_csv = client.get(_href(page, "download-csv"))
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    assert re.match(r'attachment; filename="csto-[A-Za-z0-9._-]+\.csv"', as_csv.headers["content-disposition"])
    rows = _csv(as_csv.text)
    assert [r["id"] for r in rows] == _expected_ids(answer)


def test_the_dashboard_csv_has_the_status_of_each_member(client: TestClient, kb: KnowledgeBase) -> None:
    rows = _csv(client.get("/api/download/overview?as_of=1995-06-01&format=csv").text)
    members = {r["id"]: r["status"] for r in rows if r["section"] == "member"}
    assert members == {m.state.id: m.status for m in kb.members(date(1995, 6, 1), include_former=True)}
    assert members["armenia"] == "full"
    later = _csv(client.get("/api/download/overview?as_of=2013-06-01&format=csv").text)
    officials = [r for r in later if r["section"] in ("chair", "official")]
    assert officials and all(r["detail"] for r in officials)  # the office (or the chaired body) is named


def test_the_timeline_csv_names_places_and_participants(client: TestClient, kb: KnowledgeBase) -> None:
    rows = _csv(client.get("/api/download/timeline?kind=exercise&state=kazakhstan&limit=500").text)
    page = kb.timeline(types=["exercise"], state="kazakhstan", limit=500)
    assert len(rows) == len(page.events) == page.total
    for row, event in zip(rows, page.events, strict=True):
        assert row["title"] == event.title and row["date"] == event.date
        assert row["place"] == (event.place.name if event.place else "")
        assert all(p.entity.name in row["participants"] for p in event.participants)


def test_the_citation_names_the_version_the_dataset_the_date_and_the_address(
    client: TestClient, kb: KnowledgeBase
) -> None:
    cite = client.get("/api/download/overview?as_of=2013-06-01&format=cite").json()
    digest = stored_digest(kb.engine) or ""
    for text in (cite["text"], cite["bibtex"]):
        assert csto.__version__ in text and digest[:12] in text and "2013-06-01" in text
        assert "http://localhost/?as_of=2013-06-01" in text
    assert cite["record_checked"] and cite["record_checked"] in cite["text"]
    assert re.match(r"@misc\{[a-z0-9-]+,\n", cite["bibtex"]) and cite["bibtex"].rstrip().endswith("}")
    assert cite["bibtex"].count("{") == cite["bibtex"].count("}")
    page = client.get("/?as_of=2013-06-01").text
    assert "Cite this view" in page and html.escape(cite["bibtex"].splitlines()[0]) in page


@pytest.mark.parametrize(
    ("path", "url"),
    [
        (
            "/api/download/timeline?kind=exercise&format=cite",
            "http://localhost/timeline?kind=exercise&offset=0&limit=50",
        ),
        ("/api/download/entity/Kirghizia?format=cite", "http://localhost/entities/kyrgyzstan"),
        ("/api/download/search?q=treaty&format=cite", "http://localhost/search?q=treaty"),
    ],
)
def test_every_view_cites_its_own_address(client: TestClient, path: str, url: str) -> None:
    cite = client.get(path).json()
    assert cite["url"] == url and url in cite["text"]


def test_bibtex_escapes_what_tex_would_read(client: TestClient) -> None:
    cite = client.get("/api/download/search?q=50%25_%23{x}&format=cite").json()
    title = next(line for line in cite["bibtex"].splitlines() if line.strip().startswith("title"))
    assert r"50\%\_\#\{x\}" in title


def test_bad_downloads_are_refused_with_a_clear_message(client: TestClient) -> None:
    bad_date = client.get("/api/download/overview?as_of=1995-13-45")
    assert bad_date.status_code == 400 and "as_of" in bad_date.text
    assert client.get("/api/download/overview?format=xlsx").status_code == 422
    unknown = client.get("/api/download/entity/Atlantis")
    assert unknown.status_code == 404 and "Atlantis" in unknown.json()["error"]["message"]
    assert client.get("/api/download/timeline?kind=bogus").status_code == 400


def test_a_cell_a_spreadsheet_would_run_is_written_as_text() -> None:
    answer = {"hits": [{"entity": {"id": "x", "name": "=HYPERLINK(1)", "kind": "state"}, "matched": "-1", "score": 1}]}
    rows = _csv(to_csv("search", answer))
    assert rows[0]["title"] == "'=HYPERLINK(1)" and rows[0]["snippet"] == "-1"


def test_the_api_description_lists_the_downloads(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/download/overview", "/api/download/timeline", "/api/download/entity/{name}",
            "/api/download/search"} <= set(paths)  # fmt: skip
