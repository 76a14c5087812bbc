"""Every page opens: each entity, event, provision, reform and scenario, as HTML and as JSON.

Runs on the freshly built database of each backend. Every HTML page must answer 200 with its JSON
twin linked and answering 200; every link a page shows into the site must answer without a server
error or a 404. Nothing is sampled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import pytest
from fastapi.testclient import TestClient

from csto.api.settings import LOCAL_HOSTS, ServerSettings
from csto.rules import load_reforms, load_rules
from csto.sim import ScenarioRegistry
from csto.store import KnowledgeBase
from csto.web import create_app

TWIN = re.compile(r'<link rel="alternate" type="application/json" href="([^"]+)"')
HREF = re.compile(r'href="(/[^"#]*)"')


@pytest.fixture(scope="module")
def client(kb: KnowledgeBase) -> Iterator[TestClient]:
    settings = ServerSettings(allowed_hosts=LOCAL_HOSTS, anonymous_jobs_per_minute=1_000)
    with TestClient(create_app(kb, settings=settings), base_url="http://localhost") as c:
        yield c


def pages(kb: KnowledgeBase) -> list[str]:
    """The HTML page of every item in the shipped dataset, rules and scenarios."""
    with kb.engine.connect() as conn:
        from csto.store import schema

        events = [r.id for r in conn.execute(schema.events.select())]
    found = [f"/entities/{quote(e, safe='')}" for e in sorted(kb.entities)]
    found += [f"/events/{quote(e, safe='')}" for e in sorted(events)]
    found += [f"/rules/{quote(p, safe='')}" for p in sorted(load_rules().provisions)]
    found += [f"/reforms/{quote(r, safe='')}" for r in sorted(load_reforms())]
    found += [f"/simulate?scenario={s}" for s in ScenarioRegistry().names()]
    found += ["/", "/timeline", "/rules", "/simulate", "/review", "/search?q=csto"]
    return found


def test_every_page_and_its_json_twin_open(client: TestClient, kb: KnowledgeBase) -> None:
    all_pages = pages(kb)
    assert len(all_pages) > 700  # 248 entities, 479 events, 26 provisions, 3 reforms, 8 scenarios
    failures: list[str] = []
    links: set[str] = set()
    for path in all_pages:
        page = client.get(path)
        if page.status_code != 200 or not page.headers["content-type"].startswith("text/html"):
            failures.append(f"{path}: {page.status_code}")
            continue
        twin = TWIN.search(page.text)
        if twin is None:
            failures.append(f"{path}: no JSON twin")
            continue
        data = client.get(twin.group(1).replace("&amp;", "&"))
        if data.status_code != 200 or not data.headers["content-type"].startswith("application/json"):
            failures.append(f"{path}: twin {twin.group(1)} answered {data.status_code}")
        links.update(h.replace("&amp;", "&") for h in HREF.findall(page.text))
    assert not failures, "\n".join(failures[:40])

    # Every link into the site that a page shows must lead somewhere.
    broken = []
    for href in sorted(links - set(all_pages)):
        if urlsplit(href).path.startswith(("/static/", "/api-docs")):
            continue
        answer = client.get(href)
        if answer.status_code >= 500 or answer.status_code == 404:
            broken.append(f"{href}: {answer.status_code}")
    assert not broken, "\n".join(broken[:40])


def test_unknown_items_get_an_html_404_and_the_connection_goes_on(client: TestClient) -> None:
    for path in ("/entities/nobody", "/events/never", "/rules/no-article", "/reforms/none", "/simulate?scenario=nope"):
        page = client.get(path)
        assert page.status_code == 404, path
        assert page.headers["content-type"].startswith("text/html") and 'id="error-title"' in page.text
    assert client.get("/").status_code == 200
