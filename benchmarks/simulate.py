"""Time the crisis-response simulator on the Kazakhstan 2022 scenario, on one core.

Prints draws per second of the vectorized simulator (csto.sim.kernel) and of the plain per-draw
reference (benchmarks/sim_reference.py, which asks the rules engine for every draw), their ratio,
the same for the reference with the engine's answers cached by stance pattern, and the peak
memory of a 1,000,000-draw run (measured in a child process). Targets: 100,000 draws in under 1 s, at least 50 times the
reference, under 1 GiB for a million draws. Each timed run starts from a freshly prepared
scenario, so the rules engine is consulted for every distinct stance pattern inside the timing.
Run: ``.venv/bin/python benchmarks/simulate.py``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sim_reference import simulate_reference  # noqa: E402

from csto.sim.prepare import Prepared  # noqa: E402
from csto.sim.run import Simulator, build  # noqa: E402
from csto.sim.scenario import find_scenario, load_scenario  # noqa: E402
from csto.store import KnowledgeBase, make_engine, rebuild  # noqa: E402

SCENARIO = "kazakhstan-2022-01"
GIB = 1024**3


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return f"pinned to CPU {min(os.sched_getaffinity(0))}"
    return "not pinned (no sched_setaffinity here)"


def knowledge_base(directory: Path) -> KnowledgeBase:
    engine = make_engine(f"sqlite:///{directory / 'bench.sqlite3'}")
    rebuild(engine)
    return KnowledgeBase(engine)


def fresh(kb: KnowledgeBase) -> Prepared:
    return build(kb, load_scenario(find_scenario(SCENARIO)))


def time_vectorized(kb: KnowledgeBase, draws: int, repeats: int) -> tuple[float, float]:
    """Best time of ``repeats`` cold runs (fresh decision cache) and of one warm run."""
    cold = []
    for seed in range(repeats):
        prepared = fresh(kb)
        started = time.perf_counter()
        Simulator(prepared, seed).run(draws)
        cold.append(time.perf_counter() - started)
    started = time.perf_counter()
    Simulator(prepared, repeats).run(draws)
    return min(cold), time.perf_counter() - started


def time_reference(kb: KnowledgeBase, draws: int, memo: bool) -> float:
    prepared = fresh(kb)
    started = time.perf_counter()
    simulate_reference(prepared, draws, seed=1, memo=memo)
    return time.perf_counter() - started


def peak_memory(db_dir: Path, draws: int) -> dict[str, float]:
    """Run ``draws`` draws in a child process and report its peak resident memory."""
    code = f"""
import json, resource, sys, tracemalloc
sys.path.insert(0, {str(HERE)!r})
from pathlib import Path
from simulate import fresh
from csto.sim.run import Simulator
from csto.store import KnowledgeBase, make_engine
kb = KnowledgeBase(make_engine("sqlite:///{db_dir / "bench.sqlite3"}"))
prepared = fresh(kb)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
result = Simulator(prepared, 1).run({draws})
traced = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"rss_kib": peak, "rss_before_kib": before, "traced_bytes": traced, "runs": result.runs}}))
"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent / "src"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "peak_rss_gib": data["rss_kib"] * 1024 / GIB,
        "rss_before_run_gib": data["rss_before_kib"] * 1024 / GIB,
        "peak_traced_gib": data["traced_bytes"] / GIB,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=100_000, help="draws for the vectorized timing")
    parser.add_argument("--reference-draws", type=int, default=5_000, help="draws for the reference timing")
    parser.add_argument("--memory-draws", type=int, default=1_000_000, help="draws for the memory measurement")
    parser.add_argument("--repeats", type=int, default=3, help="cold runs of the vectorized simulator")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    pinned = pin_to_one_core()
    with tempfile.TemporaryDirectory() as tmp:
        kb = knowledge_base(Path(tmp))
        cold, warm = time_vectorized(kb, args.draws, args.repeats)
        reference = time_reference(kb, args.reference_draws, memo=False)
        memoized = time_reference(kb, args.reference_draws, memo=True)
        memory = peak_memory(Path(tmp), args.memory_draws)
    vector_rate = args.draws / cold
    reference_rate = args.reference_draws / reference
    memo_rate = args.reference_draws / memoized
    figures = {
        "scenario": SCENARIO,
        "cpu": pinned,
        "vectorized_draws": args.draws,
        "vectorized_seconds_cold": round(cold, 4),
        "vectorized_seconds_warm": round(warm, 4),
        "vectorized_draws_per_second": round(vector_rate),
        "reference_draws": args.reference_draws,
        "reference_seconds": round(reference, 4),
        "reference_draws_per_second": round(reference_rate),
        "speedup": round(vector_rate / reference_rate, 1),
        "memoized_reference_seconds": round(memoized, 4),
        "memoized_reference_draws_per_second": round(memo_rate),
        "speedup_over_memoized_reference": round(vector_rate / memo_rate, 1),
        "memory_draws": args.memory_draws,
        **{k: round(v, 3) for k, v in memory.items()},
    }
    print(f"scenario {SCENARIO}, one core ({pinned})")
    print(
        f"vectorized : {args.draws:>9,} draws in {cold:.3f} s cold, {warm:.3f} s warm -> {vector_rate:>12,.0f} draws/s"
    )
    print(
        f"reference  : {args.reference_draws:>9,} draws in {reference:.3f} s "
        f"           -> {reference_rate:>12,.0f} draws/s"
    )
    print(f"ratio      : {vector_rate / reference_rate:.1f}x (target >= 50x)")
    print(
        f"also       : the reference with the engine's answers cached by stance pattern runs {memo_rate:,.0f} draws/s; "
        f"vectorized/cached ratio {vector_rate / memo_rate:.1f}x"
    )
    print(f"target     : {args.draws:,} draws under 1 s: {'met' if cold < 1 else 'NOT met'} ({cold:.3f} s)")
    print(
        f"memory     : {args.memory_draws:,} draws, peak RSS {memory['peak_rss_gib']:.3f} GiB "
        f"(process before the run {memory['rss_before_run_gib']:.3f} GiB; traced allocations "
        f"{memory['peak_traced_gib']:.3f} GiB); target under 1 GiB: "
        f"{'met' if memory['peak_rss_gib'] < 1 else 'NOT met'}"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
