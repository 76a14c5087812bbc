"""The server rows of ``benchmarks/floors.py``: csto's API against a bare FastAPI app, same server.

``csto serve`` (one worker) and ``benchmarks/bare_server.py`` (the same uvicorn settings, constant
bodies as large as csto's answers) run side by side; the load generator of ``benchmarks/serve.py``
sends each the same requests (``/api/members`` and ``/api/overview`` on random days) from the same
number of keep-alive connections, the two servers taking turns, and each measurement gives
requests per second, the 99th-percentile latency and the server process's CPU time per request
(which other work on a shared machine disturbs far less than the rates). Targets: ``/api/members`` at least 0.3x and
``/api/overview`` at least 0.15x the bare app's requests per second.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from serve import cpu_seconds, drive, free_port

ROUTES = ("/api/members", "/api/overview")
TARGETS = {"/api/members": 0.3, "/api/overview": 0.15}


def day_paths(route: str, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    start, span = date(1992, 6, 1), (date(2026, 11, 1) - date(1992, 6, 1)).days
    return [f"{route}?as_of={start + timedelta(days=rng.randrange(span))}" for _ in range(count)]


def wait_until_up(base: str, path: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180
    while True:
        try:
            if httpx.get(base + path, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise SystemExit(f"server at {base} did not start")
        time.sleep(0.2)


@contextmanager
def servers(db_url: str) -> Iterator[dict[str, tuple[int, int]]]:
    """``csto serve`` and the bare app, both up; yields their ports and process ids."""
    env = {**os.environ, "CSTO_DATABASE_URL": db_url}
    csto_port = free_port()
    csto = [str(Path(sys.executable).parent / "csto"), "serve", "--host", "127.0.0.1", "--port", str(csto_port)]
    started = [subprocess.Popen(csto, env=env, stdout=subprocess.DEVNULL)]
    try:
        wait_until_up(f"http://127.0.0.1:{csto_port}", "/api/members?as_of=2020-01-01", started[0])
        sizes = {
            route: len(httpx.get(f"http://127.0.0.1:{csto_port}{route}?as_of=2020-01-01").content) for route in ROUTES
        }
        bare_port = free_port()
        bare = [sys.executable, str(Path(__file__).parent / "bare_server.py"), str(bare_port), "1"]
        started.append(subprocess.Popen([*bare, *(f"{r}={s}" for r, s in sizes.items())], env=env))
        wait_until_up(f"http://127.0.0.1:{bare_port}", ROUTES[0], started[1])
        print("server rows: bodies " + ", ".join(f"{r} {s:,} bytes" for r, s in sizes.items()))
        yield {"csto": (csto_port, started[0].pid), "bare": (bare_port, started[1].pid)}
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(timeout=30)


def measure(server: tuple[int, int], paths: list[str], concurrency: int) -> tuple[float, float, float]:
    """Requests per second, p99 latency (ms) and the server's CPU ms per request, for ``paths``."""
    port, pid = server
    cpu = cpu_seconds(pid)
    elapsed, latencies, errors = asyncio.run(drive(port, paths, concurrency))
    cpu = cpu_seconds(pid) - cpu
    if errors:
        raise SystemExit(f"{errors} requests to port {port} failed")
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return len(latencies) / elapsed, p99, cpu * 1000 / len(latencies)


def server_rows(db_url: str, repeats: int, requests: dict[str, int], concurrency: int, seed: int) -> None:
    """Print each repetition's figures and, last, the medians and ratios."""
    ratios: dict[str, list[float]] = {route: [] for route in ROUTES}
    rates: dict[tuple[str, str], list[float]] = {}
    p99s: dict[tuple[str, str], list[float]] = {}
    cpus: dict[tuple[str, str], list[float]] = {}
    with servers(db_url) as ports:
        for server in ports.values():  # untimed warm-up of both
            for route in ROUTES:
                measure(server, day_paths(route, 200, seed - 1), concurrency)
        for repeat in range(repeats):
            for route in ROUTES:
                paths = day_paths(route, requests[route], seed + repeat)
                got: dict[str, float] = {}
                sides = ["csto", "bare"] if (repeat + ROUTES.index(route)) % 2 == 0 else ["bare", "csto"]
                for side in sides:
                    rate, p99, cpu = measure(ports[side], paths, concurrency)
                    got[side] = rate
                    cpus.setdefault((route, side), []).append(cpu)
                    rates.setdefault((route, side), []).append(rate)
                    p99s.setdefault((route, side), []).append(p99)
                ratios[route].append(got["csto"] / got["bare"])
                print(
                    f"run {repeat + 1} {route}: csto {got['csto']:,.0f} req/s (p99 {p99s[(route, 'csto')][-1]:.1f} ms),"
                    f" bare {got['bare']:,.0f} req/s (p99 {p99s[(route, 'bare')][-1]:.1f} ms),"
                    f" ratio {ratios[route][-1]:.2f}x; CPU per request: csto {cpus[(route, 'csto')][-1]:.3f} ms,"
                    f" bare {cpus[(route, 'bare')][-1]:.3f} ms"
                )
    print(f"median of {repeats} runs, {concurrency} connections, 1 worker each:")
    for route in ROUTES:
        ours, bare = statistics.median(rates[(route, "csto")]), statistics.median(rates[(route, "bare")])
        ours_p99, bare_p99 = statistics.median(p99s[(route, "csto")]), statistics.median(p99s[(route, "bare")])
        print(
            f"server {route} vs bare FastAPI: csto {ours:,.0f} req/s (p99 {ours_p99:.1f} ms),"
            f" bare {bare:,.0f} req/s (p99 {bare_p99:.1f} ms),"
            f" ratio {statistics.median(ratios[route]):.2f}x (target >= {TARGETS[route]}x)"
        )
        ours_cpu, bare_cpu = statistics.median(cpus[(route, "csto")]), statistics.median(cpus[(route, "bare")])
        print(
            f"server {route} CPU per request: csto {ours_cpu:.3f} ms, bare {bare_cpu:.3f} ms,"
            f" bare/csto {bare_cpu / ours_cpu:.2f}x"
        )
