"""Load-test the dashboard's API on loopback: requests per second and latency.

Starts ``csto serve`` with 2 worker processes on 127.0.0.1, then sends a fixed number of as-of and
timeline requests from a pool of concurrent connections, and prints requests per second with the
median and 99th-percentile latency (targets: at least 500 requests/s, p99 under 50 ms).

    .venv/bin/python benchmarks/serve.py [--requests 6000] [--concurrency 16]

With ``--mixed`` the server runs as ``csto serve`` starts by default (one worker process, one
heavy-work process) and four clients with a token loop 200,000-draw simulations (new seeds, so
nothing is cached) while ``/api/members`` is measured (target: p99 under 50 ms).

Each worker's CPU seconds during the measurement are printed too, to show how evenly the kernel
spread the connections. ``--manager uvicorn`` starts the same application under uvicorn's own
worker manager (one listening socket shared by all workers, as ``csto serve`` did before it gave
each worker its own ``SO_REUSEPORT`` socket), for comparison.
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

UVICORN_MANAGER = """
import os, sys, uvicorn
from csto.api.settings import ServerSettings
from csto.web.server import uvicorn_options
settings = ServerSettings(start_workers=True)
os.environ.update(settings.to_environment())
uvicorn.run("csto.web:app_from_environment", factory=True, host="127.0.0.1", port=int(sys.argv[1]),
            workers=int(sys.argv[2]), **uvicorn_options(settings))
"""


def worker_pids(parent: int) -> list[int]:
    """The server's worker processes: its children, less multiprocessing's resource tracker."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent and b"resource_tracker" not in cmdline:
            found.append(int(entry.name))
    return sorted(found)


def stable_workers(parent: int, count: int, timeout: float = 180) -> list[int]:
    """The worker processes once ``count`` of them have run unchanged for 5 seconds (none restarting)."""
    deadline = time.monotonic() + timeout
    seen: list[int] = []
    while time.monotonic() < deadline:
        found = worker_pids(parent)
        if len(found) == count and found == seen:
            return found
        seen = found
        time.sleep(5)
    raise SystemExit(f"the server's workers did not settle: {seen}")


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of one process so far (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
    """One keep-alive HTTP/1.1 GET on an open connection; returns the status code.

    A minimal client keeps the load generator's own CPU use small, since it shares the machine
    with the server it measures.
    """
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


async def simulate_forever(port: int, token: str, stop: asyncio.Event, counts: dict[str, int]) -> None:
    """Loop uncached 200,000-draw simulations until told to stop; count answers by status."""
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
        seed = random.randrange(2**31)
        while not stop.is_set():
            seed += 1
            job = {"scenario": "kazakhstan-2022-01", "runs": 200_000, "seed": seed}
            answer = await client.post("/api/simulate", json=job, headers={"Authorization": f"Bearer {token}"})
            counts[str(answer.status_code)] = counts.get(str(answer.status_code), 0) + 1
            if answer.status_code == 503:
                await asyncio.sleep(float(answer.headers.get("retry-after", "1")))


async def drive_mixed(
    port: int, paths: list[str], concurrency: int, token: str, loopers: int
) -> tuple[float, list[float], int, dict[str, int]]:
    stop = asyncio.Event()
    counts: dict[str, int] = {}
    background = [asyncio.create_task(simulate_forever(port, token, stop, counts)) for _ in range(loopers)]
    await asyncio.sleep(1.0)  # let the simulations get going
    elapsed, latencies, errors = await drive(port, paths, concurrency)
    stop.set()
    await asyncio.gather(*background)
    return elapsed, latencies, errors, counts


async def drive(port: int, paths: list[str], concurrency: int) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while not queue.empty():
            path = queue.get_nowait()
            started = time.perf_counter()
            status = await _get(reader, writer, path)
            latencies.append((time.perf_counter() - started) * 1000)
            errors += status != 200
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--mixed", action="store_true", help="reads of /api/members while 4 clients simulate")
    parser.add_argument(
        "--manager", choices=("csto", "uvicorn"), default="csto", help="csto serve, or uvicorn's own manager"
    )
    args = parser.parse_args()
    if args.mixed:
        args.workers = 1
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CSTO_DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"}
        csto = str(Path(sys.executable).parent / "csto")
        token = ""
        if args.mixed:
            made = subprocess.run(
                [csto, "token", "create", "bench"], env=env, capture_output=True, text=True, check=True
            )
            token = made.stdout.strip().splitlines()[-1]
        if args.manager == "uvicorn":
            subprocess.run([csto, "db", "build"], env=env, check=True, stdout=subprocess.DEVNULL)
            command = [sys.executable, "-c", UVICORN_MANAGER, str(port), str(args.workers)]
        else:
            command = [csto, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers)]
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 180
            while True:
                try:
                    if httpx.get(f"{base}/api/members?as_of=2000-01-01", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("server did not start")
                time.sleep(0.2)
            asyncio.run(drive(port, request_paths(400, seed=1), args.concurrency))  # warm both workers
            workers = stable_workers(server.pid, args.workers) if args.workers > 1 else [server.pid]
            before = {pid: cpu_seconds(pid) for pid in workers}
            counts: dict[str, int] = {}
            if args.mixed:
                paths = [p for p in request_paths(args.requests * 4) if p.startswith("/api/members")]
                elapsed, latencies, errors, counts = asyncio.run(
                    drive_mixed(port, paths[: args.requests], args.concurrency, token, 4)
                )
            else:
                elapsed, latencies, errors = asyncio.run(drive(port, request_paths(args.requests), args.concurrency))
            used = {pid: cpu_seconds(pid) - before[pid] for pid in workers}
        finally:
            server.terminate()
            server.wait(timeout=20)
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    print(f"{len(latencies)} requests ({errors} errors), {args.concurrency} connections, {args.workers} workers")
    print(f"throughput: {len(latencies) / elapsed:.0f} requests/s (target >= 500)")
    print(f"latency: median {statistics.median(latencies):.1f} ms, p99 {p99:.1f} ms (target p99 < 50 ms)")
    split = " / ".join(f"{seconds:.2f}" for seconds in used.values())
    print(f"CPU seconds per worker ({args.manager} manager): {split}")
    if args.mixed:
        print(f"meanwhile, 4 clients looping 200,000-draw simulations got: {counts}")


if __name__ == "__main__":
    main()
