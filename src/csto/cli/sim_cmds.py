"""``csto simulate``, ``csto backtest`` and ``csto sweep``: the crisis-response simulator."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from csto.cli.problems import database_problem, fail, os_problem, output_file, stderr, stdout

if TYPE_CHECKING:
    from rich.console import Group

    from csto.sim.params import Parameters
    from csto.sim.results import SimulationResult
    from csto.store import KnowledgeBase

# The simulator (NumPy, networkx, the rules), the store and Rich are imported inside the commands,
# so that the rest of the command line starts fast.
OUTCOME_LABEL = {
    "assistance": "collective assistance",
    "consultations_or_mission": "consultations or a fact-finding mission only",
    "no_action": "no action",
}

DbUrl = Annotated[
    str | None, typer.Option("--db", help="Database URL (default: CSTO_DATABASE_URL or the user data dir).")
]
Seed = Annotated[int | None, typer.Option("--seed", help="Seed for reproducible draws.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
Sets = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override a parameter: PATH=VALUE (repeatable), e.g. stances.model.base=1"),
]
StancesFile = Annotated[Path | None, typer.Option("--stances", help="Your own copy of stances.yaml.")]
OperationsFile = Annotated[Path | None, typer.Option("--operations", help="Your own copy of operations.yaml.")]
PROGRESS_FROM = 200_000
MAX_SWEEP_POINTS = 10_000


@contextmanager
def _reported() -> Iterator[None]:
    from sqlalchemy.exc import SQLAlchemyError

    from csto.dataset import DatasetError
    from csto.rules.errors import RulesError
    from csto.sim.errors import SimulationError
    from csto.store import StoreError, UnknownEntityError

    try:
        yield
    except (SimulationError, RulesError, UnknownEntityError, ValueError) as error:
        raise fail(str(error)) from None
    except (DatasetError, StoreError) as error:
        raise fail(str(error), 1) from None
    except OSError as error:
        raise fail(os_problem(error)) from None
    except SQLAlchemyError as error:
        raise fail(database_problem(error), 1) from None


def _plot_target(plot: Path | None) -> None:
    """Refuse a chart that could not be written before simulating, not after."""
    if plot is None:
        return
    from csto.sim.plots import FORMATS

    output_file(plot, "--plot")
    if plot.suffix.lower() not in FORMATS:
        raise fail(f"--plot {plot}: the chart file must end in {' or '.join(FORMATS)}")


def _params(sets: list[str] | None, stances: Path | None, operations: Path | None) -> Parameters:
    from csto.sim.params import load_parameters, parse_assignment, with_overrides

    params = load_parameters(stances, operations)
    return with_overrides(params, dict(parse_assignment(s) for s in sets or []))


@contextmanager
def _progress(total: int, label: str, show: bool) -> Iterator[Callable[[int], None] | None]:
    if not show:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=stderr(), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _pct(p: float) -> str:
    return f"{100 * p:5.1f}%"


def _hours(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f} h" if value < 72 else f"{value / 24:,.1f} d"


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f} d"


def summary(result: SimulationResult, baseline: SimulationResult | None = None) -> Group:
    """A readable report: outcomes, timings, troops, paths and the fixed stages."""
    from rich.console import Group
    from rich.table import Table

    s = result.scenario
    head = (
        f"[bold]{s['title']}[/]\n{s['date']} · {s['requester']} · {s['kind']} · severity {s['severity']} · {s['basis']}"
    )
    head += f" · reform {s['reform']}" if s["reform"] else ""
    head += f"\n{result.runs:,} draws, seed {result.seed}, decisions by {result.procedure}"
    outcomes = Table(title="Outcome", show_lines=False)
    outcomes.add_column("outcome")
    if baseline:
        outcomes.add_column("baseline", justify="right")
    outcomes.add_column("probability", justify="right")
    outcomes.add_column("± 2 s.e.", justify="right")
    if baseline:
        outcomes.add_column("change", justify="right")
    for name, p in result.outcomes.items():
        row = [OUTCOME_LABEL[name]]
        if baseline:
            row.append(_pct(baseline.outcomes[name]))
        row += [_pct(p), _pct(2 * result.stderr[name])]
        if baseline:
            row.append(f"{100 * (p - baseline.outcomes[name]):+.1f} pts")
        outcomes.add_row(*row)
    timings = Table(title="Timings from the request (when the step happens)")
    for col in ("quantity", "share of draws", "median", "5th–95th pct"):
        timings.add_column(col, justify="left" if col == "quantity" else "right")
    for name, d in result.timings.items():
        if d.n == 0:
            continue
        unit = _hours if d.unit == "hours" else _days
        timings.add_row(name.replace("_", " "), _pct(d.share), unit(d.p50), f"{unit(d.p05)} – {unit(d.p95)}")
    troops = Table(title="Troops by contributing state, when assistance is decided")
    for col in ("state", "declared", "sends troops", "median sent", "95th pct"):
        troops.add_column(col, justify="left" if col == "state" else "right")
    for t in result.troops:
        if t.declared and t.state != s["requester"]:
            troops.add_row(t.name, f"{t.declared:,}", _pct(t.p_contributes), f"{t.p50 or 0:,.0f}", f"{t.p95 or 0:,.0f}")
    paths = Table(title="Most frequent paths to each outcome")
    paths.add_column("p", justify="right")
    paths.add_column("path")
    for name in sorted(result.paths, key=lambda k: -result.outcomes[k]):
        for view in result.paths[name][:3]:
            paths.add_row(_pct(view.probability), " → ".join(view.steps))
    legal = "\n".join(
        f"[dim]legal:[/] {r['measure']}: {'admissible' if r['admissible'] else 'not admissible'}"
        f"{' by ' + r['body'] if r['body'] else ''} — {r['reason']}"
        for r in result.stages["legal"]
    )
    notes = "\n".join(f"[yellow]note:[/] {n}" for n in result.notes)
    parts: list[Any] = [head, legal, outcomes, timings]
    if result.total_troops.n:
        parts.append(troops)
    parts += [paths, notes]
    return Group(*parts)


def _run(
    kb: KnowledgeBase,
    scenario_path: str,
    reform: str | None,
    runs: int,
    seed: int | None,
    params: Parameters,
    show: bool,
) -> SimulationResult:
    from csto.sim.run import Simulator, build
    from csto.sim.scenario import find_scenario, load_scenario

    scenario = load_scenario(find_scenario(scenario_path))
    if reform is not None:
        scenario = scenario.with_reform(reform)
    prepared = build(kb, scenario, params)
    with _progress(runs, scenario.name, show and runs >= PROGRESS_FROM) as tick:
        return Simulator(prepared, seed).run(runs, progress=tick)


def simulate(
    scenario: Annotated[str, typer.Argument(help="Scenario name (in scenarios/) or path to a YAML file.")],
    runs: Annotated[int, typer.Option("--runs", min=1, max=10_000_000, help="Number of draws.")] = 10_000,
    reform: Annotated[str | None, typer.Option("--reform", help="Apply a reform of the rules and compare.")] = None,
    seed: Seed = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write a chart (.png or .svg).")] = None,
    as_json: AsJson = False,
    sets: Sets = None,
    stances: StancesFile = None,
    operations: OperationsFile = None,
    db: DbUrl = None,
) -> None:
    """Simulate how the Organization would answer a request for help, many times over."""
    from csto.sim.plots import plot_result
    from csto.store import open_store

    _plot_target(plot)
    with _reported():
        kb = open_store(db)
        params = _params(sets, stances, operations)
        baseline = None
        if reform:
            baseline = _run(kb, scenario, None, runs, seed, params, not as_json)
        result = _run(kb, scenario, reform, runs, seed, params, not as_json)
        if plot:
            plot_result(result, plot, baseline)
    if as_json:
        payload: dict[str, Any] = {"result": result.model_dump(mode="json")}
        if baseline:
            payload["baseline"] = baseline.model_dump(mode="json")
        typer.echo(_dumps(payload))
        return
    console = stdout()
    console.print(summary(result, baseline))
    if plot:
        console.print(f"wrote {plot}", markup=False, highlight=False)


def _dumps(payload: Any) -> str:
    import json

    return json.dumps(payload, indent=2, ensure_ascii=False)


def backtest(
    runs: Annotated[int, typer.Option("--runs", min=100, max=2_000_000, help="Draws per scenario.")] = 20_000,
    seed: Seed = 2024,
    as_json: AsJson = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the table as Markdown.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 unless every actual outcome is the most likely.")
    ] = False,
    sensitivity: Annotated[
        float | None,
        typer.Option("--sensitivity", min=0.01, max=0.99, help="Also scale each stance coefficient by 1±F, alone."),
    ] = None,
    sets: Sets = None,
    stances: StancesFile = None,
    operations: OperationsFile = None,
    model_requests: Annotated[
        bool,
        typer.Option("--model-requests", help="Model whether each member asks, instead of fixing the request it made."),
    ] = False,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write the calibration chart (.png or .svg).")] = None,
    db: DbUrl = None,
    prior: Annotated[
        str,
        typer.Option("--prior", help="Members' alignment: hand-set (stances.yaml), record (the index) or both."),
    ] = "hand-set",
) -> None:
    """Run every historical scenario and score the prediction against the record, beside two baselines."""
    from csto.sim.backtest import backtest as run_backtest
    from csto.sim.scenario import list_scenarios
    from csto.store import open_store

    if prior not in ("hand-set", "record", "both"):
        raise fail(f"--prior must be hand-set, record or both, not {prior!r}")
    _plot_target(plot)
    with _reported():
        kb = open_store(db)
        if prior == "both":
            from csto.sim.backtest import compare_priors_markdown

            pair = [
                run_backtest(kb, list_scenarios(historical=True), runs, seed, _params(sets, stances, operations),
                             fix_requests=not model_requests, prior=p)
                for p in ("hand-set", "record")
            ]  # fmt: skip
            if as_json:
                typer.echo(_dumps({p.prior: p.model_dump(mode="json") for p in pair}))
            else:
                typer.echo(compare_priors_markdown(*pair))
            return
        report = run_backtest(
            kb, list_scenarios(historical=True), runs, seed, _params(sets, stances, operations),
            fix_requests=not model_requests, prior=prior,
        )  # fmt: skip
    if plot is not None:
        from csto.sim.plots import plot_calibration

        with _reported():
            plot_calibration(report, plot)
    if as_json and sensitivity is not None:  # one JSON document with both parts
        rows = _sensitivity_rows(kb, sensitivity, runs, seed)
        typer.echo(_dumps({"backtest": report.model_dump(mode="json"), "sensitivity": rows}))
    elif as_json:
        typer.echo(report.model_dump_json(indent=2))
    elif markdown:
        typer.echo(backtest_markdown(report))
    else:
        from rich.table import Table

        console = stdout()
        table = Table(title=f"Backtest: {runs:,} draws per case, seed {seed}")
        columns = ("case", "actual", "P(assist.)", "P(cons./mission)", "P(none)", "most likely", "P(actual)", "ln P",
                   "Brier", "ln P base rate")  # fmt: skip
        for col in columns:
            table.add_column(col, justify="left" if col in ("case", "actual", "most likely") else "right")
        for r in report.rows:
            p = r.predicted
            table.add_row(
                f"{r.scenario}",
                OUTCOME_LABEL[r.actual.outcome.value],
                _pct(p["assistance"]),
                _pct(p["consultations_or_mission"]),
                _pct(p["no_action"]),
                ("[green]" if r.hit else "[red]") + OUTCOME_LABEL[r.most_likely] + "[/]",
                _pct(r.p_actual),
                f"{r.log_score:.3f}",
                f"{r.brier:.3f}",
                f"{r.base_rate_log_score:.3f}",
            )
        console.print(table)
        console.print(
            f"log score (sum of ln P(actual)): {report.log_score:.3f}; mean {report.mean_log_score:.3f}; "
            f"actual outcome most likely in {report.hits}/{len(report.rows)} cases; mean Brier {report.brier:.3f}"
        )
        console.print(
            f"base rate (leave-one-out): log score {report.base_rate_log_score:.3f}, "
            f"Brier {report.base_rate_brier:.3f}, most likely in {report.base_rate_hits}/{len(report.rows)}; "
            "uniform: log score "
            f"{report.uniform_log_score:.3f}, Brier {report.uniform_brier:.3f}"
        )
        for row in report.unscored:
            console.print(f"[dim]not scored: {row.scenario} (the record holds no response)[/]")
        for note in report.notes:
            console.print(f"[dim]{note}[/]")
    if sensitivity is not None and not as_json:
        _sensitivity(kb, sensitivity, runs, seed)
    if strict and not report.all_hit:
        raise typer.Exit(1)


def _sensitivity_rows(kb: KnowledgeBase, factor: float, runs: int, seed: int | None) -> list[dict[str, Any]]:
    from csto.sim.scenario import list_scenarios
    from csto.sim.sensitivity import sensitivity

    with _reported():
        return [
            r.model_dump(mode="json")
            for r in sensitivity(kb, list_scenarios(historical=True), factor, min(runs, 5_000), seed)
        ]


def _sensitivity(kb: KnowledgeBase, factor: float, runs: int, seed: int | None) -> None:
    from rich.table import Table

    from csto.sim.scenario import list_scenarios
    from csto.sim.sensitivity import sensitivity

    with _reported():
        rows = sensitivity(kb, list_scenarios(historical=True), factor, min(runs, 5_000), seed)
    table = Table(title=f"Sensitivity: each stance parameter scaled by 1 ± {factor} alone")
    table.add_column("parameter", overflow="fold")
    for col in ("value", "scaled to", "actual most likely", "log score"):
        table.add_column(col, justify="right")
    for r in rows:
        colour = "" if r.hits == r.cases else "[red]"
        table.add_row(r.parameter, f"{r.value:g}", f"{r.scaled:g}", f"{colour}{r.hits}/{r.cases}", f"{r.log_score:.3f}")
    stdout().print(table)


def backtest_markdown(report: Any) -> str:
    lines = [
        "| case | date | actual (dataset) | P(assistance) | P(consultations or mission) | P(no action) "
        "| most likely | P(actual) | ln P |",
        "| --- | --- | --- | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for r in report.rows:
        p = r.predicted
        lines.append(
            f"| {r.scenario} | {r.date} | {OUTCOME_LABEL[r.actual.outcome.value]} | {p['assistance']:.3f} | "
            f"{p['consultations_or_mission']:.3f} | {p['no_action']:.3f} | {OUTCOME_LABEL[r.most_likely]} | "
            f"{r.p_actual:.3f} | {r.log_score:.3f} |"
        )
    lines.append("")
    lines.append(
        f"Log score (sum of ln P(actual) over {len(report.rows)} cases): **{report.log_score:.3f}** "
        f"(mean {report.mean_log_score:.3f}); {report.runs:,} draws per case, seed {report.seed}."
    )
    return "\n".join(lines)


def sweep(
    scenario: Annotated[str, typer.Argument(help="Scenario name or path.")],
    param: Annotated[list[str], typer.Option("--param", help="PATH=v1,v2,... or PATH=lo:hi:steps (repeatable).")],
    random: Annotated[
        int,
        typer.Option("--random", min=0, max=MAX_SWEEP_POINTS, help="Draw this many random points instead of a grid."),
    ] = 0,
    runs: Annotated[int, typer.Option("--runs", min=100, max=2_000_000, help="Draws per point.")] = 20_000,
    seed: Seed = 1,
    engine: Annotated[str, typer.Option("--engine", help="local (processes) or ray.")] = "local",
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Parallel workers.")] = None,
    reform: Annotated[str | None, typer.Option("--reform", help="Apply a reform of the rules.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write the table as CSV.")] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write a chart (.png or .svg).")] = None,
    as_json: AsJson = False,
    stances: StancesFile = None,
    operations: OperationsFile = None,
    db: DbUrl = None,
) -> None:
    """Run a scenario over a grid (or a random sample) of parameter values."""
    from csto.sim.plots import plot_sweep
    from csto.sim.scenario import find_scenario, load_scenario
    from csto.sim.sweep import grid_points, random_points
    from csto.sim.sweep import sweep as run_sweep
    from csto.store import open_store

    if out:
        output_file(out, "--out")
    _plot_target(plot)
    with _reported():
        axes = _axes(param)
        points = random_points(axes, random, seed) if random else grid_points(axes)
        params = _params(None, stances, operations)
        _check_axes(params, axes)
        kb = open_store(db)
        loaded = load_scenario(find_scenario(scenario))
        if reform is not None:
            loaded = loaded.with_reform(reform)
        with _progress(len(points), f"sweep {loaded.name}", not as_json) as tick:
            result = run_sweep(kb, loaded, points, runs, seed, params, engine, workers, tick)
        if plot:
            plot_sweep(result, plot)
    if out:
        _write_csv(out, result)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    from rich.table import Table

    console = stdout()
    table = Table(title=f"Sweep of {result.scenario}: {runs:,} draws per point, seed {seed}, engine {engine}")
    for name in [*result.parameters, "P(assist.)", "P(cons./mission)", "P(none)", "first troops"]:
        table.add_column(name, justify="right")
    for row in result.rows:
        o = row.outcomes
        table.add_row(
            *(f"{v:.4g}" for v in row.values.values()),
            _pct(o["assistance"]),
            _pct(o["consultations_or_mission"]),
            _pct(o["no_action"]),
            _hours(row.first_troops_hours),
        )
    console.print(table)
    for path in (out, plot):
        if path:
            console.print(f"wrote {path}", markup=False, highlight=False)


def _axes(specs: list[str]) -> list[tuple[str, list[float]]]:
    """The swept axes, refusing a grid too large to run before any value is drawn."""
    from csto.sim.errors import ParameterError
    from csto.sim.sweep import parse_axis

    axes = []
    for spec in specs:
        steps = spec.partition("=")[2].split(":")
        if len(steps) == 3 and steps[2].strip().isdigit() and int(steps[2]) > MAX_SWEEP_POINTS:
            raise ParameterError(f"{spec!r}: at most {MAX_SWEEP_POINTS:,} steps")
        axes.append(parse_axis(spec))
    count = 1
    for _, values in axes:
        count *= len(values)
    if count > MAX_SWEEP_POINTS:
        raise ParameterError(
            f"the grid has {count:,} points, more than {MAX_SWEEP_POINTS:,}; use fewer values or --random N"
        )
    return axes


def _check_axes(params: Parameters, axes: list[tuple[str, list[float]]]) -> None:
    """Every value of every axis must be a valid parameter value (the ranges are checked at their ends)."""
    from csto.sim.params import with_overrides

    for path, values in axes:
        for value in {min(values), max(values), *(v for v in values if v != v or abs(v) == float("inf"))}:
            with_overrides(params, {path: value})


def _write_csv(out: Path, result: Any) -> None:
    with _reported(), out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*result.parameters, *result.rows[0].outcomes, "first_troops_hours_p50", "total_troops_p50"])
        for row in result.rows:
            writer.writerow([*row.values.values(), *row.outcomes.values(), row.first_troops_hours, row.total_troops])
