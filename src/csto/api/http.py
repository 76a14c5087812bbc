"""HTTP behaviour around every route, as small ASGI middlewares (outermost first in ``install``).

Security headers and a strict Content-Security-Policy; a Host allow-list against DNS rebinding;
CORS for reading ``/api`` only; HEAD and OPTIONS on every route; gzip; ETags with conditional GET;
a request-body limit that answers 413 whether or not a length was declared; and a last-resort
handler that turns an unexpected exception into an error page or the API's error shape, without
dropping the connection.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.routing import Mount, Route

from csto.api.errors import error_response, problem
from csto.api.settings import ServerSettings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("csto.api")

DOCS_PATHS = ("/docs", "/redoc")
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI and ReDoc set inline styles and ReDoc starts a worker from a blob: scripts stay 'self'.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; worker-src 'self' blob:; font-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
STREAMED_TYPES = ("application/x-ndjson", "text/event-stream")
MAX_TAGGED_BODY = 16 * 1024 * 1024


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or []:
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _security_headers(policy: str) -> tuple[tuple[bytes, bytes], ...]:
    return (
        (b"content-security-policy", policy.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (b"cross-origin-opener-policy", b"same-origin"),
    )


class SecurityHeaders:
    """CSP, nosniff, no framing, no referrer on every response (the headers made once, at start)."""

    PAGE_HEADERS = _security_headers(PAGE_POLICY)
    DOCS_HEADERS = _security_headers(DOCS_POLICY)

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = self.DOCS_HEADERS if scope["path"] in DOCS_PATHS else self.PAGE_HEADERS

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                headers += [(name, value) for name, value in added if name not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def host_of(header: str | None) -> str | None:
    """The host name of a Host header, without the port; IPv6 literals lose their brackets."""
    if not header:
        return None
    header = header.strip().lower()
    if header.startswith("["):
        end = header.find("]")
        return header[1:end] if end > 0 else None
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def host_allowed(host: str | None, allowed: tuple[str, ...]) -> bool:
    if "*" in allowed:
        return True
    if not host:
        return False
    for pattern in allowed:
        pattern = pattern.lower().strip("[]")
        if host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:])):
            return True
    return False


class HostAllowList:
    """Serve only the Host names the operator allowed: a DNS-rebinding page gets 400."""

    def __init__(self, app: ASGIApp, allowed: tuple[str, ...]):
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not host_allowed(host_of(_header(scope, b"host")), self.allowed):
            message = "this server does not answer for that Host header (csto serve --allowed-host)"
            await error_response(400, "bad_host", message)(scope, receive, send)
            return
        await self.app(scope, receive, send)


class ApiCors:
    """CORS for GET and HEAD under ``/api`` only; pages and writes are same-origin."""

    def __init__(self, app: ASGIApp, origins: tuple[str, ...]):
        self.app = app
        self.cors = (
            CORSMiddleware(
                app, allow_origins=list(origins), allow_methods=["GET", "HEAD"], allow_headers=["If-None-Match"],
                expose_headers=["ETag", "Link", "X-Total-Count"], max_age=600,
            )
            if origins
            else None
        )  # fmt: skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.cors is not None and scope["type"] == "http" and scope["path"].startswith("/api/"):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def _path_pattern(template: str) -> re.Pattern[str]:
    """``/api/entities/{name}`` as a regular expression (``{x:path}`` matches across slashes)."""
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile("".join(
        (".+" if p.endswith(":path}") else "[^/]+") if p.startswith("{") else re.escape(p) for p in parts
    ))  # fmt: skip


class HeadAndOptions:
    """HEAD is GET without the body; OPTIONS (not a CORS preflight) lists the allowed methods."""

    def __init__(self, app: ASGIApp, router_app: FastAPI):
        self.app = app
        self.router_app = router_app

        self._table: list[tuple[re.Pattern[str], set[str]]] | None = None

    def _routes(self) -> list[tuple[re.Pattern[str], set[str]]]:
        """Path patterns and their methods: the OpenAPI paths, plain routes and mounted folders."""
        if self._table is None:
            table: dict[str, set[str]] = {}
            for path, operations in self.router_app.openapi().get("paths", {}).items():
                table.setdefault(path, set()).update(m.upper() for m in operations)
            for route in self.router_app.routes:
                if isinstance(route, Mount):
                    table.setdefault(route.path + "/{rest:path}", set()).add("GET")
                elif isinstance(route, Route):
                    table.setdefault(route.path, set()).update(route.methods or {"GET"})
            self._table = [(_path_pattern(path), methods) for path, methods in table.items()]
        return self._table

    def allowed_methods(self, scope: Scope) -> set[str]:
        methods: set[str] = set()
        for pattern, allowed in self._routes():
            if pattern.fullmatch(scope["path"]):
                methods |= allowed
        if "GET" in methods:
            methods.add("HEAD")
        return methods

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            methods = self.allowed_methods(scope)
            if not methods:
                await error_response(404, "not_found", "no such route")(scope, receive, send)
                return
            allow = ", ".join(sorted(methods | {"OPTIONS"}))
            await send({"type": "http.response.start", "status": 204, "headers": [(b"allow", allow.encode())]})
            await send({"type": "http.response.body", "body": b""})
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


class ConditionalGet:
    """A weak ETag (the dataset's digest and a hash of the body) on successful GETs, and 304s."""

    def __init__(self, app: ASGIApp, prefix: Callable[[], str]):
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []
        passthrough = False

        async def tagging(message: Message) -> None:
            nonlocal start, passthrough
            if passthrough or message["type"] not in ("http.response.start", "http.response.body"):
                await send(message)
                return
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers") or []}
                content_type = headers.get(b"content-type", b"").decode("latin-1")
                if message["status"] != 200 or b"etag" in headers or content_type.startswith(STREAMED_TYPES):
                    passthrough = True
                    await send(message)
                    return
                start = message
                return
            chunks.append(bytes(message.get("body", b"")))
            if sum(map(len, chunks)) > MAX_TAGGED_BODY:
                passthrough = True
                assert start is not None
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(chunks), "more_body": True})
                return
            if message.get("more_body"):
                return
            assert start is not None
            await self._finish(scope, start, b"".join(chunks), send)

        await self.app(scope, receive, tagging)

    async def _finish(self, scope: Scope, start: Message, body: bytes, send: Send) -> None:
        etag = f'W/"{self.prefix()}-{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
        headers = [(k, v) for k, v in start.get("headers") or [] if k.lower() not in (b"etag", b"cache-control")]
        headers += [(b"etag", etag.encode()), (b"cache-control", b"no-cache")]
        wanted = _header(scope, b"if-none-match")
        if wanted and any(tag.strip() in (etag, etag[2:], "*") for tag in wanted.split(",")):
            kept = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"content-type")]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class BodySizeLimit:
    """Refuse request bodies over a limit with 413, whether or not Content-Length is sent."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await error_response(413, "body_too_large", f"request body over {self.limit} bytes")(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise HTTPException(413, f"request body over {self.limit} bytes")
            return message

        await self.app(scope, limited, send)


class CatchAll:
    """An unexpected exception becomes a 500 page or API error, logged with a reference."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watching(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watching)
        except Exception:
            reference = secrets.token_hex(4)
            log.exception("unexpected error on %s %s (reference %s)", scope.get("method"), scope.get("path"), reference)
            if started:
                raise
            message = f"internal error (reference {reference}); it has been logged"
            response = problem(Request(scope), 500, "internal_error", message)
            await response(scope, receive, send)


def install(app: FastAPI, settings: ServerSettings, max_body_bytes: int, etag_prefix: Callable[[], str]) -> None:
    """Wrap ``app`` in the middlewares above; the last added runs first."""
    excluded = (*DEFAULT_EXCLUDED_CONTENT_TYPES, *STREAMED_TYPES)
    app.add_middleware(CatchAll)
    app.add_middleware(BodySizeLimit, limit=max_body_bytes)
    app.add_middleware(ConditionalGet, prefix=etag_prefix)
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6, exclude_content_types=excluded)
    app.add_middleware(HeadAndOptions, router_app=app)
    app.add_middleware(ApiCors, origins=settings.cors_origins)
    app.add_middleware(HostAllowList, allowed=settings.allowed_hosts)
    app.add_middleware(SecurityHeaders)
