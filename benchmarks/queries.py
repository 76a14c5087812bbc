"""Time the store: building it from the dataset, and the as-of queries on SQLite.

Prints the build time (target under 5 s) and, for each query, the median and 99th-percentile
latency over many dates (target: median under 2 ms). Run: ``.venv/bin/python benchmarks/queries.py``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from csto.dataset import load_dataset
from csto.store import KnowledgeBase, make_engine
from csto.store.build import build


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_calls(call: Callable[[date], object], days: list[date]) -> list[float]:
    out = []
    for day in days:
        started = time.perf_counter()
        call(day)
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=2000, help="calls per query kind")
    parser.add_argument("--builds", type=int, default=5, help="database builds to time")
    args = parser.parse_args()
    rng = random.Random(1992)
    with tempfile.TemporaryDirectory() as tmp:
        build_times = []
        for i in range(args.builds):
            started = time.perf_counter()
            dataset = load_dataset()
            engine = make_engine(f"sqlite:///{Path(tmp) / f'b{i}.sqlite3'}")
            build(engine, dataset)
            build_times.append(time.perf_counter() - started)
            engine.dispose()
        kb = KnowledgeBase(make_engine(f"sqlite:///{Path(tmp) / 'b0.sqlite3'}"))
        kb.members(date(2000, 1, 1))  # warm the name and source caches once
        start = date(1992, 1, 1)
        days = [start + timedelta(days=rng.randrange((date(2026, 11, 1) - start).days)) for _ in range(args.queries)]
        entities = ["kazakhstan", "armenia", "uzbekistan", "russia", "crrf", "collective-security-council"]
        queries: dict[str, Callable[[date], object]] = {
            "members": kb.members,
            "chair": kb.chair,
            "entity facts": lambda d: kb.facts_about(rng.choice(entities), d),
        }
        counts = dataset.counts()
        print(f"dataset: {counts['facts']} facts, {counts['events']} events, {counts['entities']} entities")
        print(
            f"build (load + validate + write), {args.builds} runs: median {statistics.median(build_times):.2f} s, "
            f"max {max(build_times):.2f} s (target < 5 s)"
        )
        for name, call in queries.items():
            ms = time_calls(call, days)
            print(
                f"{name:>13}: median {statistics.median(ms):.2f} ms, p99 {percentile(ms, 0.99):.2f} ms "
                f"over {len(ms)} dates (target median < 2 ms)"
            )


if __name__ == "__main__":
    main()
