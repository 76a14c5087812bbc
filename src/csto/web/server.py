"""Running the application under uvicorn with bounds a public server needs.

Uvicorn closes idle keep-alive connections, but a client that sends half of its headers and then
waits is never timed out. ``GuardedHttpTools`` (and ``GuardedH11`` where httptools is missing) arm
a deadline when a connection opens and whenever a request begins; a request whose headers are not
complete by then gets 408 and the connection is closed.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import uvicorn

from csto.api.settings import PREFIX, ServerSettings

TIMEOUT_BODY = b"HTTP/1.1 408 Request Timeout\r\nconnection: close\r\ncontent-length: 0\r\n\r\n"
TOO_LARGE_BODY = b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ncontent-length: 0\r\n\r\n"
MAX_HEADER_BYTES = 64 * 1024


def _header_timeout() -> float:
    return float(os.environ.get(PREFIX + "HEADER_TIMEOUT_S", ServerSettings.header_timeout_s))


class _HeaderDeadline:
    """Mixin: close a connection whose request headers are not complete within the deadline."""

    transport: asyncio.Transport
    loop: asyncio.AbstractEventLoop
    _deadline: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        if self._deadline is None:
            self._deadline = self.loop.call_later(_header_timeout(), self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        self._refuse(TIMEOUT_BODY)

    def _refuse(self, answer: bytes) -> None:
        if not self.transport.is_closing():
            self.transport.write(answer)
            self.transport.close()


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class GuardedHttpTools(_HeaderDeadline, HttpToolsProtocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._header_bytes = 0
            self._arm()

        def on_url(self, url: bytes) -> None:
            self._count(len(url))
            super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            self._count(len(name) + len(value))
            super().on_header(name, value)

        def _count(self, size: int) -> None:
            self._header_bytes = getattr(self, "_header_bytes", 0) + size
            if self._header_bytes > MAX_HEADER_BYTES:
                self._disarm()
                self._refuse(TOO_LARGE_BODY)

        def on_headers_complete(self) -> None:
            self._disarm()
            super().on_headers_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    PROTOCOL: Any = GuardedHttpTools
except ImportError:  # pragma: no cover - uvicorn[standard] brings httptools
    PROTOCOL = None


def run(host: str, port: int, workers: int, settings: ServerSettings) -> None:
    """Serve ``csto.web:app_from_environment`` with the settings' timeouts and connection limit."""
    os.environ.update(settings.to_environment())
    uvicorn.run(
        "csto.web:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        http=PROTOCOL or "auto",
        timeout_keep_alive=int(settings.keep_alive_s),
        limit_concurrency=settings.max_connections,
        server_header=False,
        h11_max_incomplete_event_size=16 * 1024,
    )
