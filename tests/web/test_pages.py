"""Dashboard pages render, link their JSON twin, and the twin answers too."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from csto.store import KnowledgeBase
from csto.web import create_app

PAGES = [
    "/",
    "/?as_of=2010-06-01",
    "/timeline",
    "/timeline?kind=exercise&state=kyrgyzstan",
    "/entities/armenia",
    "/entities/Kirghizia",
    "/search?q=brotherhood",
]


@pytest.fixture
def client(kb: KnowledgeBase) -> Iterator[TestClient]:
    with TestClient(create_app(kb), base_url="http://localhost") as c:
        yield c


@pytest.mark.parametrize("path", PAGES)
def test_page_and_its_json_twin(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200, page.text[:500]
    assert page.headers["content-type"].startswith("text/html")
    twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', page.text)
    assert twin, "page must link its JSON twin"
    assert page.headers["link"].startswith(f"<{twin.group(1).replace('&amp;', '&')}>")
    data = client.get(twin.group(1).replace("&amp;", "&"))
    assert data.status_code == 200 and data.headers["content-type"].startswith("application/json")


def test_map_colours_states_by_status_at_the_date(client: TestClient) -> None:
    before = client.get("/?as_of=2011-06-01").text
    after = client.get("/?as_of=2013-06-01").text
    uzbekistan = r'<path d="[^"]+" data-iso3="UZB"( class="([a-z]+)")?>'
    assert re.search(uzbekistan, before).group(2) == "full"  # type: ignore[union-attr]
    assert re.search(uzbekistan, after).group(2) != "full"  # type: ignore[union-attr]


def test_bad_input_gets_an_html_error_page(client: TestClient) -> None:
    assert client.get("/?as_of=2012-02-30").status_code == 400
    missing = client.get("/entities/Kazakstn")
    assert missing.status_code == 404 and "Kazakhstan" in missing.text
    assert client.get("/timeline?from=soon").status_code == 400


def test_pages_escape_what_they_echo(client: TestClient) -> None:
    page = client.get("/search", params={"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text


def test_no_asset_comes_from_another_host(client: TestClient) -> None:
    html = client.get("/").text
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200
