"""A live server on loopback and a headless Chromium (Debian's, driven by Playwright) for e2e tests."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from csto.store import KnowledgeBase
from csto.web import create_app

SCREENSHOTS = Path(os.environ.get("CSTO_SCREENSHOTS", Path(__file__).resolve().parents[2] / "out" / "screenshots"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(writable_kb: KnowledgeBase) -> Iterator[str]:
    """The full application over its own knowledge base (the review test writes), served by uvicorn."""
    app = create_app(writable_kb)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CSTO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        raise RuntimeError("Debian's chromium is required for the browser tests (scripts/test.sh installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server: str, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """A fresh page; a screenshot is saved of every page it opens, and of the last state at the end."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=live_server)
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
    shots = iter(range(1, 1000))
    navigate = page.goto

    def goto_and_shoot(url: str, **options):  # type: ignore[no-untyped-def]
        # Screenshots are taken after each navigation completes, never from an event handler, which
        # could fire in the middle of the next navigation.
        response = navigate(url, **options)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{next(shots):02d}.png"), full_page=True)
        return response

    page.goto = goto_and_shoot
    yield page
    page.screenshot(path=str(SCREENSHOTS / f"{name}-final.png"), full_page=True)
    context.close()
    assert not violations, f"the page broke its Content-Security-Policy: {violations[:3]}"
