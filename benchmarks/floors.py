"""Time csto against its floors: the simplest program that gives the same answer, or does the same work.

Rows, every repetition running all of them interleaved with their floors:

* members, chair, entity facts (warm, per call): the KnowledgeBase's as-of questions against one
  raw ``sqlite3`` query on one open connection (a window query for members, ``LIMIT 1`` for the
  chair), joining the names and gathering each fact's source ids and disputed rivals' ids, so it
  gives everything csto's answer gives. Before timing, the two answers are checked equal on every
  date. Targets: members and chair at most 3x the floor.
* cold CLI members (a new process each time): ``csto members --as-of DAY --json`` against
  ``python -c pass`` (the interpreter's start) and against a raw ``sqlite3`` script that opens the
  same database, runs the members query above and prints the same answer (state, name, status,
  period, fact id, its sources' and rivals' ids; checked equal to csto's JSON before timing).
  Target: under 0.25 s. Children get a bytecode cache (``PYTHONPYCACHEPREFIX``, as an installed
  package has its ``.pyc`` files) and one untimed run each first.
* sim 100k (warm, per chunk of 100,000 draws of kazakhstan-2022-01, the rules engine's answers
  already cached). Floor "lean kernel" (``benchmarks/lean_kernel.py``): the same random numbers
  and array operations written straight-line, with the procedure's answers as lookup tables; its
  arrays are checked equal to the kernel's before timing. Target: the kernel at most 1.3x it.
  Two smaller floors are NumPy doing part of the same work.
  Floor "logistic+compare": the same number of logistic draws (draws x members)
  and, per measure of the ladder, the two stance comparisons (``margin <= 0``, ``margin < -band``)
  for as many draws as reached it in csto's run; nothing else. Floor "its random numbers": every
  random number csto's kernel draws for the chunk, in the same calls (recorded once), and nothing
  else. Rows: the kernel (``simulate_chunk``) and the whole ``Simulator.run`` (kernel, counting of
  paths, report) against them; draws/s printed for each.

Each repetition prints the median of each side and their ratio; the last lines are the medians of
the repetitions. Run: ``.venv/bin/python benchmarks/floors.py [--dates 2000] [--repeats 3]
[--cold-runs 5] [--sim-runs 5]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast

import numpy as np

from csto.ingest.lexicon import Lexicon
from csto.sim.kernel import Step, simulate_chunk
from csto.sim.prepare import Prepared
from csto.sim.run import Simulator, build
from csto.sim.scenario import find_scenario, load_scenario
from csto.store import KnowledgeBase, make_engine, rebuild
from csto.store.answers import FactView
from csto.store.kb import CHAIRED_BODY, LISTING_ORDER, ORGANIZATION

sys.path.insert(0, str(Path(__file__).parent))
from lean_kernel import lean_chunk, lookup_tables, same_draws
from server_rows import server_rows

from ingest import ExtractionFloor

SCENARIO = "kazakhstan-2022-01"
SIM_DRAWS = 100_000
COLD_DAY = "2020-01-01"

ENTITIES = ["kazakhstan", "armenia", "uzbekistan", "russia", "crrf", "collective-security-council"]

# Per fact: its sources' ids and its rivals' (same dispute, other id) ids, space-separated.
_EXTRAS = """
    (SELECT group_concat(s.source_id, ' ') FROM fact_sources s WHERE s.fact_id = f.id) AS sources,
    (SELECT group_concat(r.id, ' ') FROM facts r WHERE r.dispute = f.dispute AND r.id <> f.id) AS rivals
"""
_IN_FORCE = "(f.start_day IS NULL OR f.start_day <= :at) AND (f.end_day IS NULL OR f.end_day >= :at)"

MEMBERS_SQL = f"""
WITH latest AS (
    SELECT f.*, row_number() OVER (PARTITION BY f.subject ORDER BY f.start_day DESC) AS n
    FROM facts f
    WHERE f.predicate = 'member_status' AND f.object = :org AND {_IN_FORCE}
)
SELECT f.subject, e.name, json_extract(f.value, '$') AS status, f.valid_from, f.valid_to, f.id, {_EXTRAS}
FROM latest f JOIN entities e ON e.id = f.subject
WHERE f.n = 1 AND json_extract(f.value, '$') <> 'withdrawn'
"""

CHAIR_SQL = f"""
SELECT f.subject, e.name, f.id, {_EXTRAS}
FROM facts f JOIN entities e ON e.id = f.subject
WHERE f.predicate = 'chairs' AND f.object = :body AND {_IN_FORCE}
ORDER BY f.start_day DESC LIMIT 1
"""

FACTS_SQL = f"""
SELECT f.id, f.subject, s.name, f.predicate, f.object, o.name, f.value, f.valid_from, f.valid_to, f.status,
    {_EXTRAS}
FROM facts f JOIN entities s ON s.id = f.subject LEFT JOIN entities o ON o.id = f.object
WHERE (f.subject = :entity OR f.object = :entity) AND {_IN_FORCE}
ORDER BY f.predicate, f.start_day
"""


def _ids(joined: str | None) -> tuple[str, ...]:
    return tuple(sorted(joined.split(" "))) if joined else ()


def _extras(view: FactView) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(sorted(s.id for s in view.sources)), tuple(sorted(r.id for r in view.rivals))


# -- the floors: one raw query each ----------------------------------------------------------------


def floor_members(conn: sqlite3.Connection, at: date) -> list[tuple[Any, ...]]:
    rows = conn.execute(MEMBERS_SQL, {"at": at.isoformat(), "org": ORGANIZATION}).fetchall()
    out = [(r[0], r[1], r[2], r[3], r[4], r[5], _ids(r[6]), _ids(r[7])) for r in rows]
    return sorted(out, key=lambda m: (LISTING_ORDER.get(m[2], 9), m[1]))


def floor_chair(conn: sqlite3.Connection, at: date) -> tuple[Any, ...] | None:
    r = conn.execute(CHAIR_SQL, {"at": at.isoformat(), "body": CHAIRED_BODY}).fetchone()
    return None if r is None else (r[0], r[1], r[2], _ids(r[3]), _ids(r[4]))


def floor_facts(conn: sqlite3.Connection, entity: str, at: date) -> list[tuple[Any, ...]]:
    rows = conn.execute(FACTS_SQL, {"at": at.isoformat(), "entity": entity}).fetchall()
    return [
        (*r[:6], json.loads(r[6]) if isinstance(r[6], str) else r[6], r[7], r[8], r[9], _ids(r[10]), _ids(r[11]))
        for r in rows
    ]


# -- csto's answers, reduced to the same tuples (outside the timing) ---------------------------------


def shape_members(answer: Any) -> list[tuple[Any, ...]]:
    return [(m.state.id, m.state.name, m.status, m.since, m.until, m.fact.id, *_extras(m.fact)) for m in answer]


def shape_chair(answer: Any) -> tuple[Any, ...] | None:
    if answer.fact is None or answer.chair is None:
        return None
    return (answer.chair.id, answer.chair.name, answer.fact.id, *_extras(answer.fact))


def shape_facts(answer: Any) -> list[tuple[Any, ...]]:
    return [
        (
            v.id,
            v.subject.id,
            v.subject.name,
            v.predicate,
            v.object.id if v.object else None,
            v.object.name if v.object else None,
            v.value,
            v.valid_from,
            v.valid_to,
            v.status,
            *_extras(v),
        )
        for v in answer
    ]


Call = Callable[[date, str], Any]


def interleaved(csto: Call, floor: Call, args: list[tuple[date, str]]) -> tuple[list[float], list[float]]:
    """Per-call seconds of csto and of the floor, alternating which goes first."""
    ours, floors = [], []
    clock = time.perf_counter
    for i, (day, entity) in enumerate(args):
        if i % 2:
            t0 = clock()
            floor(day, entity)
            t1 = clock()
            csto(day, entity)
            t2 = clock()
            floors.append(t1 - t0)
            ours.append(t2 - t1)
        else:
            t0 = clock()
            csto(day, entity)
            t1 = clock()
            floor(day, entity)
            t2 = clock()
            ours.append(t1 - t0)
            floors.append(t2 - t1)
    return ours, floors


# -- cold command line: whole processes --------------------------------------------------------------

# The floor that gives the same answer as ``csto members --as-of DAY --json``: standard library only.
RAW_MEMBERS_SCRIPT = """
import json, sqlite3, sys

SQL = {sql!r}
ORDER = {order!r}


def ids(joined):
    return sorted(joined.split(" ")) if joined else []


conn = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
rows = conn.execute(SQL, {{"at": sys.argv[2], "org": {org!r}}}).fetchall()
out = [[r[0], r[1], r[2], r[3], r[4], r[5], ids(r[6]), ids(r[7])] for r in rows]
out.sort(key=lambda m: (ORDER.get(m[2], 9), m[1]))
print(json.dumps(out))
"""


def cli_members_shape(stdout: str) -> list[list[Any]]:
    """csto's JSON answer reduced to what the raw script prints."""
    return [
        [
            m["state"]["id"], m["state"]["name"], m["status"], m["since"], m["until"], m["fact"]["id"],
            sorted(s["id"] for s in m["fact"]["sources"]), sorted(r["id"] for r in m["fact"]["rivals"]),
        ]
        for m in json.loads(stdout)
    ]  # fmt: skip


def csto_command() -> list[str]:
    script = Path(sys.executable).parent / "csto"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from csto.cli import main; sys.argv[0] = 'csto'; main()"]


def cold_commands(tmp: Path, db_path: Path) -> dict[str, list[str]]:
    raw = tmp / "raw_members.py"
    order = {str(k): v for k, v in LISTING_ORDER.items()}
    raw.write_text(RAW_MEMBERS_SCRIPT.format(sql=MEMBERS_SQL, order=order, org=ORGANIZATION), encoding="utf-8")
    return {
        "csto": [*csto_command(), "members", "--as-of", COLD_DAY, "--json", "--db", f"sqlite:///{db_path}"],
        "pass": [sys.executable, "-c", "pass"],
        "raw": [sys.executable, str(raw), str(db_path), COLD_DAY],
    }


def child_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("PYTHONPYCACHEPREFIX", str(tmp / "pycache"))
    return env


def run_process(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    return seconds, done.stdout


def time_cold(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, float]:
    """Median seconds per process of each command, run in turn (the order rotating each round)."""
    names = list(commands)
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for i in range(runs):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            seconds[name].append(run_process(commands[name], env)[0])
    return {name: statistics.median(values) for name, values in seconds.items()}


# -- simulator: a chunk of draws against NumPy doing part of the same work -----------------------------


class RecordingRng:
    """Passes every call through to a Generator and records it, to replay the same random numbers."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.rng, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args, kwargs))
            return method(*args, **kwargs)

        return call


class SimFloors:
    """The two NumPy floors of one chunk, sized from one recorded run of csto's kernel."""

    def __init__(self, prep: Prepared, draws: int, seed: int, runs: int):
        self.tables = lookup_tables(prep, [seed + i for i in range(runs)], draws)
        for i in range(min(runs, 3)):
            differ = same_draws(
                simulate_chunk(prep, np.random.default_rng(seed + i), draws),
                lean_chunk(prep, self.tables, np.random.default_rng(seed + i), draws),
            )
            if differ:
                raise SystemExit(f"lean kernel differs from the kernel with seed {seed + i}: {differ}")
        recorder = RecordingRng(np.random.default_rng(seed))
        chunk = simulate_chunk(prep, cast(np.random.Generator, recorder), draws)
        self.calls = recorder.calls
        self.reached = [int(np.count_nonzero(chunk.steps[:, r] != Step.NOT_REACHED)) for r in range(len(prep.rungs))]
        self.base, self.band, self.draws = prep.base, prep.band, draws
        self.costs = [rung.cost for rung in prep.rungs]

    def logistic_and_compare(self, rng: np.random.Generator) -> None:
        util = self.base[None, :] + rng.logistic(size=(self.draws, self.base.size))
        for cost, reached in zip(self.costs, self.reached, strict=True):
            margin = util[:reached] - cost[None, :]
            _ = (margin <= 0).view(np.int8) + (margin < -self.band).view(np.int8)

    def random_numbers(self, rng: np.random.Generator) -> None:
        for name, args, kwargs in self.calls:
            getattr(rng, name)(*args, **kwargs)


def time_sim(prep: Prepared, floors: SimFloors, runs: int, seed: int) -> dict[str, float]:
    """Median seconds per chunk of each side, run in turn (the order rotating each round)."""
    work: dict[str, Callable[[int], Any]] = {
        "kernel": lambda s: simulate_chunk(prep, np.random.default_rng(s), SIM_DRAWS),
        "run": lambda s: Simulator(prep, s).run(SIM_DRAWS),
        "lean kernel": lambda s: lean_chunk(prep, floors.tables, np.random.default_rng(s), SIM_DRAWS),
        "logistic+compare": lambda s: floors.logistic_and_compare(np.random.default_rng(s)),
        "its random numbers": lambda s: floors.random_numbers(np.random.default_rng(s)),
    }
    names = list(work)
    seconds: dict[str, list[float]] = {name: [] for name in names}
    clock = time.perf_counter
    for i in range(runs):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            t0 = clock()
            work[name](seed + i)
            seconds[name].append(clock() - t0)
    return {name: statistics.median(values) for name, values in seconds.items()}


# Extra rows: (name, csto's side, floor's side) over the figures (seconds) of each repetition.
EXTRA_ROWS = [
    ("cold CLI members vs python -c pass", "cold:csto", "cold:pass"),
    ("cold CLI members vs raw sqlite3 script", "cold:csto", "cold:raw"),
    ("sim 100k kernel vs lean kernel", "sim:kernel", "sim:lean kernel"),
    ("sim 100k kernel vs logistic+compare", "sim:kernel", "sim:logistic+compare"),
    ("sim 100k kernel vs its random numbers", "sim:kernel", "sim:its random numbers"),
    ("sim 100k run vs logistic+compare", "sim:run", "sim:logistic+compare"),
]


def extraction_figures(floor: ExtractionFloor) -> dict[str, float]:
    """Extraction (issue 15 point 4): ``csto``'s whole extraction of a 1,500-word HTML article against
    trafilatura alone on the same pages, interleaved (``benchmarks/ingest.py``). Target: at most 6x."""
    return {f"extract:{k}": v for k, v in floor.time().items()}


EXTRA_ROWS.append(("extract 1,500-word article vs trafilatura alone", "extract:csto", "extract:trafilatura"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dates", type=int, default=2000, help="random dates per repetition")
    parser.add_argument("--repeats", type=int, default=3, help="repetitions")
    parser.add_argument("--cold-runs", type=int, default=5, help="processes of each kind per repetition")
    parser.add_argument("--sim-runs", type=int, default=5, help="chunks of each kind per repetition")
    parser.add_argument("--server-requests", type=int, default=4000, help="requests per server measurement")
    parser.add_argument("--connections", type=int, default=16, help="keep-alive connections of the server rows")
    parser.add_argument("--only-server", action="store_true", help="run the server rows only")
    parser.add_argument("--no-server", action="store_true", help="leave the server rows out")
    parser.add_argument("--seed", type=int, default=1992)
    args = parser.parse_args()
    if args.only_server:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'floors.sqlite3'}"
            rebuild(make_engine(url))
            run_server_rows(url, args)
        return
    rng = random.Random(args.seed)
    start, end = date(1992, 1, 1), date(2026, 11, 1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "floors.sqlite3"
        engine = make_engine(f"sqlite:///{path}")
        rebuild(engine)
        kb = KnowledgeBase(engine)
        raw = sqlite3.connect(path, isolation_level=None)
        env = child_env(Path(tmp))
        cold = cold_commands(Path(tmp), path)
        ours_cold: list[list[Any]] = []
        for name, command in cold.items():  # untimed: bytecode cached, files in the OS cache
            _, out = run_process(command, env)
            if name == "csto":
                ours_cold = cli_members_shape(out)
            if name == "raw" and json.loads(out) != ours_cold:
                raise SystemExit(f"cold members on {COLD_DAY}: csto {ours_cold!r} != raw script {out!r}")
        print(f"cold members: csto and the raw sqlite3 script agree on {COLD_DAY} ({len(ours_cold)} members)")
        prep = build(kb, load_scenario(find_scenario(SCENARIO)))
        Simulator(prep, 0).run(SIM_DRAWS)  # untimed: the rules engine's answers cached
        sim_floors = SimFloors(prep, SIM_DRAWS, args.seed, args.sim_runs)
        extraction = ExtractionFloor(Lexicon.from_engine(engine))
        print(f"sim: the lean kernel's arrays equal the kernel's ({SIM_DRAWS:,} draws)")
        extra: list[dict[str, float]] = []
        questions: dict[str, tuple[Call, Call, Callable[[Any], Any]]] = {
            "members": (lambda d, _e: kb.members(d), lambda d, _e: floor_members(raw, d), shape_members),
            "chair": (lambda d, _e: kb.chair(d), lambda d, _e: floor_chair(raw, d), shape_chair),
            "entity facts": (
                lambda d, e: kb.facts_about(e, d),
                lambda d, e: floor_facts(raw, e, d),
                shape_facts,
            ),
        }
        # Equal answers first: every day of the range for members and chair, every 7th for facts.
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        for name, (csto, floor, shape) in questions.items():
            checked = [(d, ENTITIES[i % len(ENTITIES)]) for i, d in enumerate(days)]
            if name == "entity facts":
                checked = checked[::7]
            for day, entity in checked:
                ours, theirs = shape(csto(day, entity)), floor(day, entity)
                if ours != theirs:
                    raise SystemExit(f"{name} on {day} ({entity}): csto {ours!r} != floor {theirs!r}")
            print(f"{name}: csto and floor agree on {len(checked)} dates")
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in questions}
        for repeat in range(args.repeats):
            sample = [
                (start + timedelta(days=rng.randrange((end - start).days)), rng.choice(ENTITIES))
                for _ in range(args.dates)
            ]
            for name, (csto, floor, _shape) in questions.items():
                ours, floors = interleaved(csto, floor, sample)
                ms = statistics.median(ours) * 1000, statistics.median(floors) * 1000
                results[name].append(ms)
                print(
                    f"run {repeat + 1} {name:>12}: csto {ms[0]:.4f} ms, floor {ms[1]:.4f} ms, "
                    f"ratio {ms[0] / ms[1]:.1f}x"
                )
            figures = {f"cold:{k}": v for k, v in time_cold(cold, env, args.cold_runs).items()}
            figures |= {f"sim:{k}": v for k, v in time_sim(prep, sim_floors, args.sim_runs, args.seed).items()}
            figures |= extraction_figures(extraction)
            extra.append(figures)
            for row, ours_key, floor_key in EXTRA_ROWS:
                ours_s, floor_s = figures[ours_key], figures[floor_key]
                print(
                    f"run {repeat + 1} {row}: csto {ours_s:.4f} s, floor {floor_s:.4f} s, ratio {ours_s / floor_s:.1f}x"
                )
        print(f"median of {args.repeats} runs, {args.dates} dates each:")
        for name, runs in results.items():
            ours_ms = statistics.median(r[0] for r in runs)
            floor_ms = statistics.median(r[1] for r in runs)
            ratio = statistics.median(r[0] / r[1] for r in runs)
            target = " (target <= 3x)" if name in ("members", "chair") else ""
            print(f"{name:>12}: csto {ours_ms:.4f} ms, floor {floor_ms:.4f} ms, ratio {ratio:.1f}x{target}")
        print(f"median of {args.repeats} runs, {args.cold_runs} processes / {args.sim_runs} chunks each:")
        for row, ours_key, floor_key in EXTRA_ROWS:
            ours_s = statistics.median(f[ours_key] for f in extra)
            floor_s = statistics.median(f[floor_key] for f in extra)
            ratio = statistics.median(f[ours_key] / f[floor_key] for f in extra)
            rate = f"; csto {SIM_DRAWS / ours_s:,.0f} draws/s, floor {SIM_DRAWS / floor_s:,.0f}" if "sim" in row else ""
            target = " (target < 0.25 s)" if row.startswith("cold") else ""
            target = " (target <= 1.3x)" if row == "sim 100k kernel vs lean kernel" else target
            print(f"{row}: csto {ours_s:.4f} s, floor {floor_s:.4f} s, ratio {ratio:.1f}x{rate}{target}")
        raw.close()
        engine.dispose()
        if not args.no_server:
            run_server_rows(f"sqlite:///{path}", args)


def run_server_rows(url: str, args: argparse.Namespace) -> None:
    requests = {"/api/members": args.server_requests, "/api/overview": max(500, args.server_requests // 4)}
    server_rows(url, args.repeats, requests, args.connections, args.seed)


if __name__ == "__main__":
    main()
