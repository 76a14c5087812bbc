"""Running the application under uvicorn with bounds a public server needs.

Uvicorn closes idle keep-alive connections, but a client that sends half of its headers and then
waits is never timed out. ``GuardedHttpTools`` (and ``GuardedH11`` where httptools is missing) arm
a deadline when a connection opens and whenever a request begins; a request whose headers are not
complete by then gets 408 and the connection is closed.

With several workers, uvicorn's own manager has them all accept from one listening socket, and
asyncio accepts every connection waiting when it wakes: a burst of keep-alive connections lands on
one worker, which then serves them all while the others idle. Where the platform has
``SO_REUSEPORT``, each worker gets a listening socket of its own on the same port instead
(``ReusePortWorkers``), and the kernel spreads new connections across them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys
from typing import Any

import uvicorn
from uvicorn.config import STARTUP_FAILURE, Config
from uvicorn.supervisors.multiprocess import Multiprocess, Process

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


class ReusePortWorkers(Multiprocess):
    """Uvicorn's worker manager, each worker listening on a socket of its own (``SO_REUSEPORT``).

    Worker ``i`` always gets socket ``i``: a worker that dies is replaced on its socket, and a
    restart (``SIGHUP``) replaces each worker on its own. Adding or removing workers by signal
    (``SIGTTIN``, ``SIGTTOU``) is not offered: the sockets are made once, at start.
    """

    def __init__(self, config: Config, sockets: list[socket.socket]):
        super().__init__(config, sockets)
        self.own = sockets
        self.processes_num = len(sockets)

    def _process(self, index: int) -> Process:
        return Process(self.config, [self.own[index]])

    def init_processes(self) -> None:
        for index in range(self.processes_num):
            process = self._process(index)
            process.start()
            self.processes.append(process)

    def keep_subprocess_alive(self) -> None:
        if self.should_exit.is_set():
            return
        for index, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()
            process.join()
            if process.exitcode == STARTUP_FAILURE:  # broken app or socket: every restart would fail alike
                _log.error("Child process [%s] failed to start, stopping the parent process.", process.pid)
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            _log.info("Child process [%s] died", process.pid)
            self.processes[index] = self._process(index)
            self.processes[index].start()

    def restart_all(self) -> None:
        for index, old in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new = self._process(index)
            new.start()
            if not new.wait_until_ready(self.config.timeout_worker_healthcheck, self.should_exit):
                new.kill()
                new.join()
                if not self.should_exit.is_set():
                    _log.error("Replacement for child process [%s] did not start; keeping it.", old.pid)
                return
            old.terminate()
            old.join()
            self.processes[index] = new

    def handle_ttin(self) -> None:
        _log.warning("SIGTTIN: the number of workers is fixed at start with SO_REUSEPORT sockets")

    def handle_ttou(self) -> None:
        _log.warning("SIGTTOU: the number of workers is fixed at start with SO_REUSEPORT sockets")


_log = logging.getLogger("uvicorn.error")
WORKER_HEALTHCHECK_S = 30


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` that other sockets of this user may bind too (not yet listening)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family=family)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def uvicorn_options(settings: ServerSettings) -> dict[str, Any]:
    """What ``csto serve`` gives uvicorn besides the address and the number of workers."""
    return {
        "log_level": "warning",
        "http": PROTOCOL or "auto",
        "timeout_keep_alive": int(settings.keep_alive_s),
        "limit_concurrency": settings.max_connections,
        "server_header": False,
        "h11_max_incomplete_event_size": 16 * 1024,
        # A worker imports the whole application before it answers the manager's first ping: on a
        # busy machine that takes longer than uvicorn's 5 s, and a worker killed for it starts over.
        "timeout_worker_healthcheck": WORKER_HEALTHCHECK_S,
    }


def run(host: str, port: int, workers: int, settings: ServerSettings) -> None:
    """Serve ``csto.web:app_from_environment`` with the settings' timeouts and connection limit."""
    os.environ.update(settings.to_environment())
    target = "csto.web:app_from_environment"
    if workers < 2 or not hasattr(socket, "SO_REUSEPORT"):
        uvicorn.run(target, factory=True, host=host, port=port, workers=workers, **uvicorn_options(settings))
        return
    config = Config(target, factory=True, host=host, port=port, workers=workers, **uvicorn_options(settings))
    sockets: list[socket.socket] = []
    try:
        for _ in range(workers):
            sockets.append(reuse_port_socket(host, port))
    except OSError as error:  # as uvicorn reports a port it cannot bind
        _log.error(error)
        for sock in sockets:
            sock.close()
        sys.exit(STARTUP_FAILURE)
    try:
        ReusePortWorkers(config, sockets).run()
    except KeyboardInterrupt:
        pass
    finally:
        for sock in sockets:
            sock.close()
