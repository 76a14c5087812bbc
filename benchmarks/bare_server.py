"""The floor of the server rows: a bare FastAPI app serving constant bodies, run as ``csto serve`` runs.

    python benchmarks/bare_server.py PORT WORKERS ROUTE=BYTES [ROUTE=BYTES ...]

Each ``ROUTE`` (``/api/members``) answers every GET with a constant JSON body of ``BYTES`` bytes,
whatever the query string. Uvicorn gets the settings ``csto.web.server.run`` gives it (protocol
class with the header deadline, keep-alive, connection limit, log level), so the two servers differ
only in what the application does per request.
"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI
from fastapi.responses import Response

from csto.api.settings import ServerSettings
from csto.web.server import PROTOCOL


def constant_body(size: int) -> bytes:
    """A JSON document of exactly ``size`` bytes (at least 12)."""
    head, tail = b'{"padding":"', b'"}'
    return head + b"x" * max(0, size - len(head) - len(tail)) + tail


def bare_app(sizes: dict[str, int]) -> FastAPI:
    app = FastAPI()
    for route, size in sizes.items():
        body = constant_body(size)

        def answer(body: bytes = body) -> Response:
            return Response(body, media_type="application/json")

        app.add_api_route(route, answer, methods=["GET"])
    return app


def main() -> None:
    port, workers = int(sys.argv[1]), int(sys.argv[2])
    sizes = {route: int(size) for route, size in (a.split("=", 1) for a in sys.argv[3:])}
    settings = ServerSettings()
    uvicorn.run(
        bare_app(sizes),
        host="127.0.0.1",
        port=port,
        workers=workers,
        log_level="warning",
        http=PROTOCOL or "auto",
        timeout_keep_alive=int(settings.keep_alive_s),
        limit_concurrency=settings.max_connections,
        server_header=False,
        h11_max_incomplete_event_size=16 * 1024,
    )


if __name__ == "__main__":
    main()
