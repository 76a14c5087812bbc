"""``csto serve --workers N`` gives each worker a listening socket of its own on the same port.

With one shared socket, the worker that wakes first accepts every waiting connection, and keep-alive
clients then stay on it (``benchmarks/serve.py`` prints the CPU each worker used). With a socket
per worker (``SO_REUSEPORT``) the kernel spreads new connections across the workers.
"""

from __future__ import annotations

import signal
import socket

import pytest
from uvicorn.config import Config

from csto.api.settings import ServerSettings
from csto.web.server import WORKER_HEALTHCHECK_S, ReusePortWorkers, reuse_port_socket, uvicorn_options

pytestmark = pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT"), reason="needs SO_REUSEPORT")


def _sockets(count: int) -> list[socket.socket]:
    first = reuse_port_socket("127.0.0.1", 0)
    port = first.getsockname()[1]
    return [first, *(reuse_port_socket("127.0.0.1", port) for _ in range(count - 1))]


def test_several_sockets_share_one_port_and_each_gets_connections() -> None:
    sockets = _sockets(4)
    try:
        assert len({s.getsockname() for s in sockets}) == 1
        for s in sockets:
            s.listen(64)
        port = sockets[0].getsockname()[1]
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(64)]
        accepted = []
        for s in sockets:
            s.setblocking(False)
            count = 0
            while True:
                try:
                    conn, _ = s.accept()
                except BlockingIOError:
                    break
                conn.close()
                count += 1
            accepted.append(count)
        for client in clients:
            client.close()
        assert sum(accepted) == 64
        assert all(count > 0 for count in accepted), accepted  # the kernel spread them (chance of failing: < 1e-6)
    finally:
        for s in sockets:
            s.close()


def test_a_port_in_use_without_reuse_is_refused() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        with pytest.raises(OSError):
            reuse_port_socket("127.0.0.1", taken.getsockname()[1])


def test_each_worker_gets_its_own_socket_and_keeps_it() -> None:
    sockets = _sockets(3)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        config = Config("csto.web:app_from_environment", factory=True, workers=3, **uvicorn_options(ServerSettings()))
        manager = ReusePortWorkers(config, sockets)
        made = [manager._process(i) for i in range(3)]
        assert [p.process._kwargs["sockets"] for p in made] == [[s] for s in sockets]  # type: ignore[attr-defined]
        assert manager.processes_num == 3
        assert config.timeout_worker_healthcheck == WORKER_HEALTHCHECK_S
    finally:
        for sig, handler in handlers.items():  # the manager takes the signals over; give them back
            signal.signal(sig, handler)
        for s in sockets:
            s.close()
