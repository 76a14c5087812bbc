"""One test per finding of the attack on ``csto serve`` (see docs/security.md).

Each of these failed on the server as it was before the hardening: files opened by name, pages
that crashed, script links, a token kept in page storage, unbounded heavy work on plain GETs,
API docs loaded from a CDN, missing browser-safety headers, any Host served, idle half-sent
requests held open, and errors of several shapes.
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
import uvicorn
from fastapi import APIRouter
from fastapi.testclient import TestClient

from csto.api import TokenStore
from csto.api.errors import ApiError
from csto.api.heavy import MAX_TRACKED_JOBS, HeavyWork, RateLimiter
from csto.api.http import host_allowed, host_of
from csto.api.settings import LOCAL_HOSTS, ServerSettings
from csto.store import KnowledgeBase
from csto.web import create_app
from csto.web.pages import safe_url
from csto.web.parts import all_parts
from csto.web.server import PROTOCOL

LOCAL = "http://localhost"
T = TypeVar("T")


def app_client(kb: KnowledgeBase, **settings: object) -> TestClient:
    return TestClient(create_app(kb, settings=ServerSettings(**settings)), base_url=LOCAL)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def client(kb: KnowledgeBase) -> Iterator[TestClient]:
    with app_client(kb) as c:
        yield c


def csrf_of(c: TestClient, path: str = "/review") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', c.get(path).text)
    assert found, "every page with a form carries a CSRF field"
    return found.group(1)


# -- 1. No request names a file ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["/etc/passwd", "/etc/hostname", "../../etc/passwd", "kazakhstan-2022-01.yaml"])
def test_a_scenario_is_a_name_never_a_path(client: TestClient, name: str, tmp_path: Path) -> None:
    response = client.post("/api/simulate", json={"scenario": name, "runs": 100, "seed": 1})
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_scenario"
    assert "root:" not in response.text and "by that name" in response.text
    page = client.get("/simulate", params={"scenario": name})
    assert page.status_code == 404 and "root:" not in page.text


def test_a_planted_yaml_is_not_read_and_existence_is_not_told(client: TestClient, tmp_path: Path) -> None:
    planted = tmp_path / "planted.yaml"
    planted.write_text("secret_key: hunter2\nrequester: nowhere\n", encoding="utf-8")
    answers = [
        client.post("/api/simulate", json={"scenario": str(p), "runs": 100, "seed": 1})
        for p in (planted, tmp_path / "missing.yaml")
    ]
    assert answers[0].json() == answers[1].json()  # a file that exists and one that does not: the same answer
    assert "hunter2" not in answers[0].text and "secret_key" not in answers[0].text
    form = {"scenario": str(planted), "runs": "100", "seed": "1", "csrf": csrf_of(client, "/simulate")}
    streamed = client.post("/simulate/stream", data=form, headers={"accept": "application/json"})
    assert streamed.status_code == 404 and "hunter2" not in streamed.text


def test_the_operator_folder_adds_scenarios_by_name(kb: KnowledgeBase, tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "src" / "csto" / "sim" / "scenarios" / "kazakhstan-2022-01.yaml"
    (tmp_path / "my-variant.yaml").write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    with app_client(kb, scenarios_dir=tmp_path) as c:
        names = {s["name"] for s in c.get("/api/scenarios").json()}
        assert "my-variant" in names and "kazakhstan-2022-01" in names
        assert c.get("/api/scenarios/my-variant").json()["requester"] == "kazakhstan"


# -- 2. Every page opens; errors keep the connection ---------------------------------------------


def boom_router() -> APIRouter:
    router = APIRouter()

    @router.get("/boom")
    def page_boom() -> None:
        raise RuntimeError("a bug")

    @router.get("/api/boom")
    def api_boom() -> None:
        raise RuntimeError("a bug")

    return router


def test_an_unexpected_error_is_a_page_or_the_api_shape(kb: KnowledgeBase) -> None:
    parts = all_parts()
    parts.page_routers.append(boom_router())
    with TestClient(create_app(kb, parts), base_url=LOCAL, raise_server_exceptions=False) as c:
        page = c.get("/boom")
        assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
        assert "a bug" not in page.text and "reference" in page.text
        api = c.get("/api/boom")
        assert api.status_code == 500 and api.json()["error"]["code"] == "internal_error"


# -- 3. Browser safety ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://tass.com/world/1", True),
        ("http://example.org/a?b=c", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>x</script>", False),
        ("//evil.example/x", False),
        ("/etc/passwd", False),
        (None, False),
    ],
)
def test_only_http_urls_become_links(url: str | None, link: bool) -> None:
    assert (safe_url(url) is not None) is link


def test_a_javascript_url_from_an_article_is_shown_as_text(writable_kb: KnowledgeBase) -> None:
    tokens = TokenStore(writable_kb.engine)
    token = tokens.create("security-test")
    try:
        with app_client(writable_kb) as c:
            article = {
                "url": "javascript:alert(document.cookie)",
                "title": "Council session",
                "published": "2026-11-11",
                "text": "MOSCOW, 11 November. The CSTO Collective Security Council met in Moscow, Vladimir Putin said.",
            }
            stored = c.post("/api/ingest", json={"articles": [article]}, headers={"Authorization": f"Bearer {token}"})
            assert stored.status_code == 200
            for status in ("proposed", "accepted", "rejected", "disputed"):
                page = c.get("/review", params={"status": status}).text
                assert 'href="javascript:' not in page.lower()
    finally:
        tokens.revoke("security-test")


def test_pages_send_a_strict_policy_and_safety_headers(client: TestClient) -> None:
    for path in ("/", "/api/members", "/review", "/nothing-here"):
        headers = client.get(path).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
    assert "<script>" not in client.get("/").text  # no inline script anywhere: the policy forbids it


@pytest.mark.parametrize(
    ("header", "allowed"),
    [
        ("localhost:8000", True),
        ("127.0.0.1", True),
        ("[::1]:8000", True),
        ("evil.example", False),
        ("localhost.evil.example", False),
        ("", False),
    ],
)
def test_the_host_allow_list(header: str, allowed: bool) -> None:
    assert host_allowed(host_of(header), LOCAL_HOSTS) is allowed


def test_a_rebinding_host_gets_400(client: TestClient) -> None:
    refused = client.get("/api/members", headers={"host": "attacker.example"})
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "bad_host"
    assert host_allowed("api.csto.example", ("*.csto.example",))


def test_the_token_is_traded_for_an_httponly_session(writable_kb: KnowledgeBase) -> None:
    tokens = TokenStore(writable_kb.engine)
    token = tokens.create("session-test")
    try:
        with app_client(writable_kb) as c:
            assert "sessionStorage" not in c.get("/review").text
            no_csrf = c.post("/review/login", data={"token": token}, follow_redirects=False)
            assert no_csrf.status_code == 403
            forged = c.post(
                "/review/login", data={"token": token, "csrf": csrf_of(c)},
                headers={"origin": "http://attacker.example"}, follow_redirects=False,
            )  # fmt: skip
            assert forged.status_code == 403
            wrong = c.post("/review/login", data={"token": token + "x", "csrf": csrf_of(c)}, follow_redirects=False)
            assert wrong.status_code == 401
            signed = c.post("/review/login", data={"token": token, "csrf": csrf_of(c)}, follow_redirects=False)
            assert signed.status_code == 303
            cookie = signed.headers["set-cookie"]
            assert "csto_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
            assert token not in cookie
            assert "session-test" in c.get("/review").text
            # A decision without the form's CSRF field is refused even with the session.
            assert c.post("/review/no-such-claim/accept", data={}).status_code == 403
            assert c.post("/review/no-such-claim/accept", data={"csrf": csrf_of(c)}).status_code == 400
            tokens.create("session-test")  # a new token for that name ends the old sessions
            assert c.post("/review/no-such-claim/accept", data={"csrf": csrf_of(c)}).status_code == 401
    finally:
        tokens.revoke("session-test")


# -- 4. Bounded heavy work ------------------------------------------------------------------------


def test_anonymous_callers_are_capped_in_draws(client: TestClient) -> None:
    over = client.post("/api/simulate", json={"scenario": "kazakhstan-2022-01", "runs": 50_000, "seed": 1})
    assert over.status_code == 403 and over.json()["error"]["code"] == "too_many_runs"


def test_a_get_never_starts_heavy_work(kb: KnowledgeBase) -> None:
    with app_client(kb) as c:
        heavy = c.app.state.csto.heavy  # type: ignore[attr-defined]
        c.get("/api/backtest")  # the default backtest: computed once, for everyone
        cached = len(heavy._cache)
        for seed in range(5):
            page = c.get("/simulate", params={"scenario": "kazakhstan-2022-01", "runs": 20_000, "seed": seed, "run": 1})
            assert page.status_code == 200 and 'id="sim-result"' not in page.text
        c.get("/api/backtest")
        assert len(heavy._cache) == cached  # nothing new was computed


def test_the_same_seeded_run_is_answered_from_the_cache(client: TestClient) -> None:
    job = {"scenario": "armenia-2022-09", "runs": 2_000, "seed": 7}
    first = client.post("/api/simulate", json=job)
    started = time.perf_counter()
    again = client.post("/api/simulate", json=job)
    assert again.json() == first.json() and time.perf_counter() - started < 0.5
    page = client.get("/simulate", params={**job, "reform": ""})
    assert 'id="sim-result"' in page.text  # a GET shows a run that was already computed


def test_anonymous_callers_are_rate_limited(kb: KnowledgeBase) -> None:
    with app_client(kb, anonymous_jobs_per_minute=2) as c:
        answers = [
            c.post("/api/simulate", json={"scenario": "kazakhstan-2022-01", "runs": 100, "seed": s}) for s in range(3)
        ]
        assert [a.status_code for a in answers] == [200, 200, 429]
        assert int(answers[2].headers["retry-after"]) > 0


def test_the_rate_limiter_window() -> None:
    limiter = RateLimiter(per_minute=2)
    assert limiter.retry_after("a", now=0) is None and limiter.retry_after("a", now=1) is None
    assert limiter.retry_after("a", now=2) is not None and limiter.retry_after("b", now=2) is None
    assert limiter.retry_after("a", now=61) is None


def run_apart(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on a loop of its own thread (the browser tests keep a loop in the main thread)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_the_queue_is_bounded_and_memory_is_limited(kb: KnowledgeBase) -> None:
    url = kb.engine.url.render_as_string(hide_password=False)
    heavy = HeavyWork(ServerSettings(heavy_workers=1, heavy_queue=0, heavy_memory_mb=400), url)

    async def two_at_once() -> list[object]:
        return await asyncio.gather(
            heavy.run(None, None, time.sleep, 1.0), heavy.run(None, None, time.sleep, 1.0), return_exceptions=True
        )

    try:
        results = run_apart(two_at_once())
        refused = [r for r in results if isinstance(r, ApiError)]
        assert len(refused) == 1 and refused[0].status == 503 and refused[0].headers["Retry-After"]
        with pytest.raises(ApiError) as too_big:
            run_apart(heavy.run(None, None, bytearray, 800 * 1024 * 1024))
        assert too_big.value.code == "job_memory"
        assert run_apart(heavy.run(None, None, len, "still works")) == 11  # the worker survived
    finally:
        heavy.close()


# -- 5. Offline API docs --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_load_nothing_from_another_host(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert "<script>" not in page.text


# -- 6. HTTP as clients expect --------------------------------------------------------------------


def test_gzip_etag_and_conditional_get(client: TestClient) -> None:
    plain = client.get("/api/entities/armenia", headers={"accept-encoding": "identity"})
    zipped = client.get("/api/entities/armenia", headers={"accept-encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(plain.content) / 4  # bytes on the wire
    assert zipped.json() == plain.json()  # the client unpacked it
    etag = plain.headers["etag"]
    assert etag.startswith('W/"') and plain.headers["cache-control"] == "no-cache"
    again = client.get("/api/entities/armenia", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/api/entities/russia", headers={"if-none-match": etag}).status_code == 200


def test_head_and_options(client: TestClient) -> None:
    head = client.head("/api/members?as_of=2020-01-01")
    assert head.status_code == 200 and head.content == b"" and head.headers["content-type"] == "application/json"
    assert client.head("/").status_code == 200
    options = client.options("/api/simulate")
    assert options.status_code == 204 and "POST" in options.headers["allow"]
    assert client.options("/api/no-such-route").status_code == 404


def test_cors_lets_browsers_read_the_api_only(client: TestClient) -> None:
    origin = {"origin": "https://analyst.example"}
    assert client.get("/api/members", headers=origin).headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-origin" not in client.get("/", headers=origin).headers
    preflight = client.options("/api/db/rebuild", headers={**origin, "access-control-request-method": "POST"})
    assert "POST" not in preflight.headers.get("access-control-allow-methods", "")


def test_paged_routes_have_totals_and_links(client: TestClient) -> None:
    first = client.get("/api/timeline", params={"limit": 10})
    total = int(first.headers["x-total-count"])
    assert total == first.json()["total"] > 10
    assert 'rel="next"' in first.headers["link"] and 'rel="prev"' not in first.headers["link"]
    second = client.get(re.search(r'<([^>]+)>; rel="next"', first.headers["link"]).group(1))  # type: ignore[union-attr]
    assert second.json()["offset"] == 10 and 'rel="prev"' in second.headers["link"]


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/search?q=csto&kind=bogus", 400, "bad_query"),
        ("/api/events/NOPE", 404, "unknown_event"),
        ("/api/scenarios/nope", 404, "unknown_scenario"),
    ],
)
def test_errors_are_one_shape(client: TestClient, url: str, status: int, code: str) -> None:
    answer = client.get(url)
    assert answer.status_code == status and answer.json()["error"]["code"] == code
    assert "no entity" not in answer.text or code != "unknown_event"


# -- 7. A real server: slow clients, connection limits, a connection that survives an error ------


@pytest.fixture
def live(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, int]]:
    monkeypatch.setenv("CSTO_SERVER_HEADER_TIMEOUT_S", "1")
    parts = all_parts()
    parts.page_routers.append(boom_router())
    app = create_app(kb, parts)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="critical", http=PROTOCOL, limit_concurrency=8, timeout_keep_alive=5
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield "127.0.0.1", port
    server.should_exit = True
    thread.join(timeout=10)


def request(sock: socket.socket, path: str) -> bytes:
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(re.search(rb"content-length: (\d+)", head, re.I).group(1))  # type: ignore[union-attr]
    while len(body) < length:
        body += sock.recv(65536)
    return head


def test_a_half_sent_request_is_closed(live: tuple[str, int]) -> None:
    with socket.create_connection(live, timeout=10) as sock:
        sock.sendall(b"GET /api/members HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        started = time.monotonic()
        answer = sock.recv(1024)
        assert answer.startswith(b"HTTP/1.1 408") and time.monotonic() - started < 5
        assert sock.recv(1024) == b""  # closed


def test_an_idle_connection_is_closed(live: tuple[str, int]) -> None:
    with socket.create_connection(live, timeout=10) as sock:
        started = time.monotonic()
        assert sock.recv(1024).startswith(b"HTTP/1.1 408") and time.monotonic() - started < 5


def test_oversized_headers_are_refused(live: tuple[str, int]) -> None:
    with socket.create_connection(live, timeout=10) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n")
        assert sock.recv(1024).startswith(b"HTTP/1.1 431")


def test_the_connection_survives_a_server_error(live: tuple[str, int]) -> None:
    with socket.create_connection(live, timeout=10) as sock:
        assert b" 500 " in request(sock, "/boom").split(b"\r\n")[0]
        assert b" 200 " in request(sock, "/api/members?as_of=2020-01-01").split(b"\r\n")[0]


def test_connections_past_the_limit_get_503(live: tuple[str, int]) -> None:
    idle = [socket.create_connection(live, timeout=10) for _ in range(9)]
    try:
        time.sleep(0.2)
        with socket.create_connection(live, timeout=10) as sock:
            assert b" 503 " in request(sock, "/api/members").split(b"\r\n")[0]
    finally:
        for s in idle:
            s.close()


def test_progress_of_finished_jobs_is_not_kept_forever() -> None:
    heavy = HeavyWork(ServerSettings(), "sqlite://")
    lines = iter([*((f"job-{i}", 1, 2) for i in range(MAX_TRACKED_JOBS + 500)), None])

    class Source:
        def get(self) -> object:
            return next(lines)

        def close(self) -> None:
            pass

    heavy._read_progress(Source())
    assert len(heavy._progress) == MAX_TRACKED_JOBS and heavy.progress(f"job-{MAX_TRACKED_JOBS + 499}") == (1, 2)
    heavy.forget(f"job-{MAX_TRACKED_JOBS + 499}")
    assert heavy.progress(f"job-{MAX_TRACKED_JOBS + 499}") is None
