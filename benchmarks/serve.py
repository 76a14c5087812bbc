"""Load-test the dashboard's API on loopback: requests per second and latency.

Starts ``csto serve`` with 2 worker processes on 127.0.0.1, then sends a fixed number of as-of and
timeline requests from a pool of concurrent connections, and prints requests per second with the
median and 99th-percentile latency (targets: at least 500 requests/s, p99 under 50 ms).

    .venv/bin/python benchmarks/serve.py [--requests 6000] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request_paths(count: int, seed: int = 2002) -> list[str]:
    rng = random.Random(seed)
    start, span = date(1992, 6, 1), (date(2026, 11, 1) - date(1992, 6, 1)).days
    paths = []
    for i in range(count):
        day = start + timedelta(days=rng.randrange(span))
        kind = i % 4
        if kind == 0:
            paths.append(f"/api/members?as_of={day}")
        elif kind == 1:
            paths.append(f"/api/chair?as_of={day}")
        elif kind == 2:
            paths.append(f"/api/officials?as_of={day}")
        else:
            year = rng.randrange(1992, 2027)
            paths.append(f"/api/timeline?from={year}&to={year}&limit=20")
    return paths


async def drive(base: str, paths: list[str], concurrency: int) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while not queue.empty():
            path = queue.get_nowait()
            started = time.perf_counter()
            response = await client.get(path)
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                errors += 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return elapsed, latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CSTO_DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"}
        csto = str(Path(sys.executable).parent / "csto")
        server = subprocess.Popen(
            [csto, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers)],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{base}/api/members?as_of=2000-01-01", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("server did not start")
                time.sleep(0.2)
            asyncio.run(drive(base, request_paths(400, seed=1), args.concurrency))  # warm both workers
            elapsed, latencies, errors = asyncio.run(drive(base, request_paths(args.requests), args.concurrency))
        finally:
            server.terminate()
            server.wait(timeout=20)
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    print(f"{len(latencies)} requests ({errors} errors), {args.concurrency} connections, {args.workers} workers")
    print(f"throughput: {len(latencies) / elapsed:.0f} requests/s (target >= 500)")
    print(f"latency: median {statistics.median(latencies):.1f} ms, p99 {p99:.1f} ms (target p99 < 50 ms)")


if __name__ == "__main__":
    main()
