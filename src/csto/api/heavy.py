"""Heavy work — simulations, backtests, rule checks — in a bounded pool of worker processes.

Why processes: a simulation holds the interpreter for a second at a time; in its own process it
cannot slow the event loop that answers reads. Why bounded: a fixed number of workers, a short
queue (more jobs get 503 with Retry-After), a memory limit per worker (RLIMIT_DATA), a time limit
per job, and answers cached by their inputs and the store's revision, so a repeated question costs
nothing. Each worker opens the store once and keeps compiled scenarios: after the first job a
simulation pays no set-up cost.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from csto.api.errors import ApiError
from csto.api.settings import ServerSettings
from csto.store.engine import revision

# ----------------------------------------------------------------------------------------------
# In the worker processes


@dataclass
class _Worker:
    kb: Any
    registry: Any
    progress: Any
    revision: str = ""
    prepared: dict[tuple[str, str | None], Any] = field(default_factory=dict)


_WORKER: _Worker | None = None


def _init_worker(db_url: str, scenarios_dir: str | None, memory_bytes: int, progress: Any) -> None:
    """Open the store and the scenario registry once per worker, under a memory limit."""
    global _WORKER
    import resource

    from csto.sim import ScenarioRegistry
    from csto.store import KnowledgeBase, make_engine

    if memory_bytes > 0:
        resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    os.nice(10)  # readers first: heavy work takes the CPU the server's own processes leave
    registry = ScenarioRegistry(Path(scenarios_dir) if scenarios_dir else None)
    _WORKER = _Worker(KnowledgeBase(make_engine(db_url)), registry, progress)


def _worker(revision: str) -> _Worker:
    assert _WORKER is not None, "heavy-work function called outside a worker"
    if _WORKER.revision != revision:  # the store changed (a rebuild, an accepted claim)
        _WORKER.kb.refresh()
        _WORKER.prepared.clear()
        _WORKER.revision = revision
    return _WORKER


def job_ping() -> bool:
    return _WORKER is not None


def job_simulate(revision: str, job_id: str, name: str, reform: str | None, runs: int, seed: int) -> Any:
    """One simulation of a registered scenario; progress goes to the shared queue."""
    from csto.sim import Simulator, build

    worker = _worker(revision)
    key = (name, reform)
    if key not in worker.prepared:
        scenario = worker.registry.get(name)
        worker.prepared[key] = build(worker.kb, scenario.with_reform(reform) if reform else scenario)
    done = 0

    def progress(size: int) -> None:
        nonlocal done
        done += size
        worker.progress.put((job_id, done, runs))

    chunk = max(1_000, runs // 20)
    return Simulator(worker.prepared[key], seed).run(runs, chunk=chunk, progress=progress)


def job_backtest(revision: str, runs: int, seed: int) -> Any:
    from csto.sim import backtest

    worker = _worker(revision)
    return backtest(worker.kb, worker.registry.all(historical=True), runs=runs, seed=seed)


def job_rules_check(revision: str, since: int, until: int) -> list[dict[str, Any]]:
    """Derived chair and Secretary General rotation beside the record, year by year."""
    from csto.rules.rotation import check_chairmanship, check_secretary_general

    worker = _worker(revision)
    checks = check_chairmanship(worker.kb, since, until)
    if until >= max(since, 2015):
        checks += check_secretary_general(worker.kb, max(since, 2015), until)
    return [c.as_dict() for c in checks]


def job_rules_diff(revision: str, reform: str) -> dict[str, Any]:
    """Which historical cases would have come out differently under ``reform``."""
    from csto.rules import get_reform, load_rules
    from csto.rules.cases import diff_cases

    worker = _worker(revision)
    chosen = get_reform(reform)
    results = diff_cases(chosen, worker.kb, load_rules().earliest)
    return {
        "reform": chosen.name,
        "title": chosen.record.title,
        "changed": sum(bool(r.changes) for r in results),
        "cases": [
            {"case": r.case.id, "before": r.before.outcome.value, "after": r.after.outcome.value,
             "changes": {k: {"before": b, "after": a} for k, (b, a) in r.changes.items()},
             "reason_after": r.after.reason}
            for r in results
        ],
    }  # fmt: skip


# ----------------------------------------------------------------------------------------------
# In the server


def store_revision(engine: Engine) -> str:
    """The store's revision (``csto.store.revision``): answers cached under it stay right."""
    return revision(engine)


MAX_TRACKED_JOBS = 1_000


class RateLimiter:
    """At most ``per_minute`` events per client in any 60 seconds (a sliding window)."""

    def __init__(self, per_minute: int, max_clients: int = 10_000):
        self.per_minute = per_minute
        self.max_clients = max_clients
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, client: str, now: float | None = None) -> int | None:
        """None if ``client`` may start one more now (and count it), else seconds to wait."""
        now = time.monotonic() if now is None else now
        times = self._seen.pop(client, None) or deque()
        while times and now - times[0] >= 60:
            times.popleft()
        self._seen[client] = times
        while len(self._seen) > self.max_clients:
            self._seen.popitem(last=False)
        if len(times) >= self.per_minute:
            return max(1, int(60 - (now - times[0])) + 1)
        times.append(now)
        return None


class HeavyWork:
    """The pool, its queue bound, the answer cache and progress of running simulations."""

    def __init__(self, settings: ServerSettings, db_url: str):
        self.settings = settings
        self.db_url = db_url
        self.limiter = RateLimiter(settings.anonymous_jobs_per_minute)
        self._executor: ProcessPoolExecutor | None = None
        self._context = multiprocessing.get_context("spawn")
        self._progress_queue: Any = None
        self._progress: OrderedDict[str, tuple[int, int]] = OrderedDict()
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._pending: dict[Hashable, asyncio.Future[Any]] = {}
        self._inflight = 0
        self._lock = threading.Lock()

    # -- the pool ---------------------------------------------------------------------------

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._progress_queue = self._context.Queue()
                scenarios = str(self.settings.scenarios_dir) if self.settings.scenarios_dir else None
                memory = self.settings.heavy_memory_mb * 1024 * 1024
                self._executor = ProcessPoolExecutor(
                    max_workers=self.settings.heavy_workers,
                    mp_context=self._context,
                    initializer=_init_worker,
                    initargs=(self.db_url, scenarios, memory, self._progress_queue),
                )
                threading.Thread(target=self._read_progress, args=(self._progress_queue,), daemon=True).start()
            return self._executor

    def _read_progress(self, source: Any) -> None:
        """Copy progress lines from the workers' queue until ``close`` sends None; then close the queue."""
        while True:
            try:
                item = source.get()
            except (EOFError, OSError, ValueError, TypeError):  # the queue went away under us
                return
            if item is None:
                source.close()
                return
            job_id, done, total = item
            self._progress[job_id] = (done, total)
            while len(self._progress) > MAX_TRACKED_JOBS:  # a job nobody asked about again
                self._progress.popitem(last=False)

    def start(self) -> None:
        """Start the workers now (they open the store), so the first job waits for nothing."""
        self._pool().submit(job_ping)

    def close(self, wait: bool = True) -> None:
        """Stop the workers (waiting for a running job unless told not to) and the progress reader."""
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=wait, cancel_futures=True)
                self._executor = None
            if self._progress_queue is not None:
                with contextlib.suppress(Exception):
                    self._progress_queue.put(None)  # the reader thread closes the queue when it sees this
                self._progress_queue = None

    # -- admission ---------------------------------------------------------------------------

    def max_runs(self, authenticated: bool) -> int:
        return self.settings.token_max_runs if authenticated else self.settings.anonymous_max_runs

    def check_runs(self, runs: int, authenticated: bool) -> None:
        cap = self.max_runs(authenticated)
        if runs > cap:
            who = "with a token" if authenticated else "without a token (send 'Authorization: Bearer <token>')"
            raise ApiError(403, "too_many_runs", f"runs: at most {cap:,} draws {who}; asked for {runs:,}")

    def cached(self, key: Hashable) -> Any | None:
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        return None

    def progress(self, job_id: str) -> tuple[int, int] | None:
        return self._progress.get(job_id)

    def forget(self, job_id: str) -> None:
        """Drop a finished job's progress."""
        self._progress.pop(job_id, None)

    async def run(self, key: Hashable | None, client: str | None, function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` in a worker: a cached answer if any, else a bounded, rate-limited job.

        ``key`` (None: not cacheable) names the answer; ``client`` is an anonymous caller's address
        (None for a token holder or for work the server does for everyone, such as the default
        backtest), counted against the per-minute limit.
        """
        if key is not None:
            hit = self.cached(key)
            if hit is not None:
                return hit
            if key in self._pending:  # the same question is being answered: wait for that answer
                return await asyncio.shield(self._pending[key])
        if client is not None and (wait := self.limiter.retry_after(client)) is not None:
            raise ApiError(
                429, "rate_limited", f"anonymous callers may start {self.limiter.per_minute} heavy jobs a minute",
                headers={"Retry-After": str(wait)},
            )  # fmt: skip
        if self._inflight >= self.settings.heavy_workers + self.settings.heavy_queue:
            raise ApiError(
                503, "busy", "the server is running as many heavy jobs as it may", headers={"Retry-After": "2"}
            )
        loop = asyncio.get_running_loop()
        shared: asyncio.Future[Any] = loop.create_future()
        if key is not None:
            self._pending[key] = shared
        self._inflight += 1
        try:
            result = await self._submit(function, *args)
        except BaseException as error:
            if not shared.done():
                shared.set_exception(error)
                shared.exception()  # retrieved: waiters re-raise it, nobody logs it as lost
            raise
        finally:
            self._inflight -= 1
            if key is not None:
                self._pending.pop(key, None)
        shared.set_result(result)
        if key is not None:
            self._cache[key] = result
            while len(self._cache) > self.settings.result_cache_size:
                self._cache.popitem(last=False)
        return result

    async def _submit(self, function: Callable[..., Any], *args: Any) -> Any:
        try:
            future: Future[Any] = self._pool().submit(function, *args)
        except BrokenProcessPool:
            self._reset()
            future = self._pool().submit(function, *args)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.settings.heavy_timeout_s)
        except TimeoutError:
            future.cancel()
            raise ApiError(504, "job_timeout", f"the job ran past {self.settings.heavy_timeout_s:.0f} s") from None
        except MemoryError:
            raise ApiError(503, "job_memory", f"the job needed more than {self.settings.heavy_memory_mb} MiB") from None
        except BrokenProcessPool:
            self._reset()
            raise ApiError(503, "worker_lost", "the worker running the job stopped; try again") from None

    def _reset(self) -> None:
        self.close(wait=False)
