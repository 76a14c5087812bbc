"""The search page: filters in the URL, results labelled by kind with links, escaped highlighted snippets."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from csto.store import KnowledgeBase
from csto.web import create_app


@pytest.fixture
def client(kb: KnowledgeBase) -> Iterator[TestClient]:
    with TestClient(create_app(kb), base_url="http://localhost") as c:
        yield c


def test_results_link_to_their_pages_and_mark_the_words(client: TestClient) -> None:
    page = client.get("/search", params={"q": "Zhanaozen"})
    assert page.status_code == 200
    assert '<a href="/events/crisis-2022-01-02-kazakhstan-unrest">' in page.text
    assert "<mark>Zhanaozen</mark>" in page.text
    assert re.search(r'<span class="pill">event · other</span>', page.text)
    twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', page.text)
    assert twin and client.get(twin.group(1).replace("&amp;", "&")).json()["total"] >= 1


def test_filters_are_a_get_form_and_stay_in_the_url(client: TestClient) -> None:
    page = client.get("/search", params={"q": "session", "kind": "summit", "state": "Belarus", "from": "2005"})
    assert page.status_code == 200
    assert '<form class="filters" method="get" action="/search"' in page.text
    assert '<option value="summit" selected>' in page.text
    assert '<option value="belarus" selected>' in page.text  # asked by name, shown by id
    assert 'name="from" value="2005"' in page.text
    kinds = re.findall(r'<span class="pill">([^<]+)</span>', page.text)
    assert kinds and set(kinds) == {"event · summit"}
    # the facets link to every kind that matched, keeping the other filters
    assert '<a href="/search?q=session&amp;state=belarus&amp;from=2005&amp;kind=event">Events (' in page.text


def test_snippets_and_titles_are_escaped_before_marking(client: TestClient) -> None:
    page = client.get("/search", params={"q": "<b>Minsk</b> <script>alert(1)</script>"})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text and "<b>Minsk" not in page.text
    marked = re.findall(r"<mark>(.*?)</mark>", page.text)
    assert marked and all("<" not in m for m in marked)


@pytest.mark.parametrize("q", ['"', "AND OR (", "*", "%"])
def test_hostile_queries_get_a_page(client: TestClient, q: str) -> None:
    page = client.get("/search", params={"q": q})
    assert page.status_code == 200


def test_bad_filters_get_an_error_page(client: TestClient) -> None:
    assert client.get("/search", params={"q": "x", "kind": "party"}).status_code == 400
    assert client.get("/search", params={"q": "x", "from": "2020-13"}).status_code == 400
    missing = client.get("/search", params={"q": "x", "state": "Kazakstn"})
    assert missing.status_code == 404 and "Kazakhstan" in missing.text


def test_paging_links_keep_the_filters(client: TestClient) -> None:
    page = client.get("/search", params={"q": "security", "kind": "fact"})
    following = re.search(r'<a href="([^"]+)" rel="next">', page.text)
    assert following is not None
    href = following.group(1).replace("&amp;", "&")
    assert "kind=fact" in href and "offset=20" in href
    second = client.get(href)
    assert second.status_code == 200 and 'rel="prev"' in second.text


def test_the_top_bar_says_what_it_searches(client: TestClient) -> None:
    assert 'placeholder="Search events, facts, sources, names"' in client.get("/").text
