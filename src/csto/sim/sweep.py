"""Sweeps: run one scenario over a grid or a random sample of parameter values.

Every point reuses the same seed (common random numbers), so differences between points come from
the parameters, not from sampling noise. Points run in local processes by default, or as Ray tasks
(``engine="ray"``) on a local Ray instance or the cluster named by ``RAY_ADDRESS``. Workers get
plain data (the Organization read once from the store, the roster, the parameters), never the
store itself, and load the rule set on their own.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel

from csto.sim.errors import ParameterError
from csto.sim.params import Parameters, load_parameters, with_overrides
from csto.sim.prepare import prepare
from csto.sim.run import Simulator
from csto.sim.scenario import OUTCOMES, Scenario
from csto.sim.world import Organization, organization_at

if TYPE_CHECKING:
    from csto.rules.membership import Roster
    from csto.store import KnowledgeBase

ENGINES = ("local", "ray")


class SweepRow(BaseModel):
    values: dict[str, float]
    outcomes: dict[str, float]
    first_troops_hours: float | None
    total_troops: float | None


class SweepResult(BaseModel):
    scenario: str
    reform: str | None
    runs: int
    seed: int | None
    engine: str
    parameters: list[str]
    rows: list[SweepRow]


@dataclass(frozen=True)
class Task:
    """One point of a sweep, as plain picklable data."""

    scenario: Scenario
    organization: Organization
    roster: Roster
    params: Parameters
    values: dict[str, float]
    runs: int
    seed: int | None


def parse_axis(text: str) -> tuple[str, list[float]]:
    """``PATH=v1,v2,v3`` or ``PATH=lo:hi:steps`` (inclusive, evenly spaced)."""
    path, sep, spec = text.partition("=")
    if not sep or not path.strip() or not spec.strip():
        raise ParameterError(f"{text!r}: expected PATH=v1,v2,... or PATH=lo:hi:steps")
    try:
        if ":" in spec:
            lo, hi, steps = spec.split(":")
            count = int(steps)
            if count < 2:
                raise ParameterError(f"{text!r}: a range needs at least 2 steps")
            return path.strip(), [float(v) for v in np.linspace(float(lo), float(hi), count)]
        return path.strip(), [float(v) for v in spec.split(",")]
    except ValueError:
        raise ParameterError(f"{text!r}: values must be numbers") from None


def grid_points(axes: Sequence[tuple[str, list[float]]]) -> list[dict[str, float]]:
    names = [a[0] for a in axes]
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*(a[1] for a in axes))]


def random_points(axes: Sequence[tuple[str, list[float]]], count: int, seed: int | None) -> list[dict[str, float]]:
    """``count`` points drawn uniformly between each axis's lowest and highest value."""
    rng = np.random.default_rng(seed)
    bounds = [(name, min(values), max(values)) for name, values in axes]
    return [{name: float(rng.uniform(lo, hi)) for name, lo, hi in bounds} for _ in range(count)]


def run_task(task: Task) -> SweepRow:
    """Simulate one point (runs in a worker process or a Ray task)."""
    from csto.sim.rules_adapter import RulesProcedure

    params = with_overrides(task.params, task.values)
    procedure = RulesProcedure(rosters={task.scenario.date: task.roster})
    prepared = prepare(task.organization, task.scenario, params, procedure)
    result = Simulator(prepared, task.seed).run(task.runs)
    return SweepRow(
        values=task.values,
        outcomes=result.outcomes,
        first_troops_hours=result.timings["first_troops_hours"].p50,
        total_troops=result.total_troops.p50,
    )


def _local(tasks: list[Task], workers: int, progress: Callable[[int], None] | None) -> list[SweepRow]:
    if workers <= 1:
        rows = []
        for task in tasks:
            rows.append(run_task(task))
            if progress:
                progress(1)
        return rows
    with ProcessPoolExecutor(max_workers=workers) as pool:
        rows = []
        for row in pool.map(run_task, tasks):
            rows.append(row)
            if progress:
                progress(1)
        return rows


def _ray(tasks: list[Task], workers: int, progress: Callable[[int], None] | None) -> list[SweepRow]:
    try:
        import ray
    except ImportError:
        raise ParameterError("--engine ray needs Ray: pip install 'csto[ray]'") from None
    started = not ray.is_initialized()
    if started:
        address = os.environ.get("RAY_ADDRESS")
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
        if address:
            ray.init(address=address, **options)
        else:
            ray.init(num_cpus=max(workers, 1), **options)
    try:
        remote = ray.remote(run_task)
        pending = [remote.remote(task) for task in tasks]
        rows: list[SweepRow] = []
        for ref in pending:
            rows.append(ray.get(ref))
            if progress:
                progress(1)
        return rows
    finally:
        if started:
            ray.shutdown()


def sweep(
    kb: KnowledgeBase,
    scenario: Scenario,
    points: list[dict[str, float]],
    runs: int = 20_000,
    seed: int | None = 1,
    params: Parameters | None = None,
    engine: str = "local",
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> SweepResult:
    """Simulate ``scenario`` once per point (a mapping of parameter path to value)."""
    from csto.rules.membership import Roster

    if engine not in ENGINES:
        raise ParameterError(f"unknown engine {engine!r}; use one of {ENGINES}")
    if not points:
        raise ParameterError("a sweep needs at least one point")
    params = params or load_parameters()
    for path in points[0]:
        with_overrides(params, {path: points[0][path]})
    forces = scenario.forces or params.operations.forces_for_basis.forces[scenario.basis]
    organization = organization_at(kb, scenario.date, forces, scenario.counterparts)
    roster = Roster.from_kb(kb, scenario.date)
    tasks = [Task(scenario, organization, roster, params, point, runs, seed) for point in points]
    workers = workers or min(len(tasks), os.cpu_count() or 1)
    rows = _ray(tasks, workers, progress) if engine == "ray" else _local(tasks, workers, progress)
    return SweepResult(
        scenario=scenario.name,
        reform=scenario.reform,
        runs=runs,
        seed=seed,
        engine=engine,
        parameters=list(points[0]),
        rows=rows,
    )


def outcome_names() -> list[str]:
    return [o.value for o in OUTCOMES]
