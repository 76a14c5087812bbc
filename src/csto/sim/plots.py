"""Plots of a simulation and of a sweep (matplotlib, no display needed; PNG or SVG by extension)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from csto.sim.backtest import BacktestReport
from csto.sim.errors import SimulationError
from csto.sim.results import OUTCOME_LABEL, SimulationResult
from csto.sim.sweep import SweepResult

FORMATS = (".png", ".svg")
COLOURS = {"assistance": "#2b6cb0", "consultations_or_mission": "#dd9b2a", "no_action": "#9b2c2c"}


def _check(path: Path) -> None:
    if path.suffix.lower() not in FORMATS:
        raise SimulationError(f"{path}: the plot file must end in {' or '.join(FORMATS)}")


def plot_result(result: SimulationResult, path: Path, baseline: SimulationResult | None = None) -> Path:
    """Outcome probabilities, timing quantiles and troops by state (with the baseline if a reform ran)."""
    _check(path)
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    names = list(result.outcomes)
    labels = [OUTCOME_LABEL[n] for n in names]
    width = 0.4 if baseline else 0.8
    xs = range(len(names))
    axes[0].bar(
        [x + (width / 2 if baseline else 0) for x in xs],
        [result.outcomes[n] for n in names],
        width,
        color=[COLOURS[n] for n in names],
        label=result.scenario.get("reform") or "as run",
    )
    if baseline:
        axes[0].bar(
            [x - width / 2 for x in xs], [baseline.outcomes[n] for n in names], width, color="#bbbbbb", label="baseline"
        )
        axes[0].legend()
    axes[0].set_xticks(list(xs), labels, rotation=15, ha="right", fontsize=8)
    axes[0].set_ylim(0, 1)
    axes[0].set_title("Outcome probabilities")
    timing_names = ["decision_hours", "first_troops_hours", "full_deployment_hours"]
    present = [t for t in timing_names if result.timings[t].n]
    for i, name in enumerate(present):
        d = result.timings[name]
        assert d.p05 is not None and d.p50 is not None and d.p95 is not None
        axes[1].errorbar([d.p50], [i], xerr=[[d.p50 - d.p05], [d.p95 - d.p50]], fmt="o", capsize=4)
    axes[1].set_yticks(range(len(present)), [t.replace("_", " ") for t in present], fontsize=8)
    axes[1].set_xlabel("hours from the request (median, 5th to 95th percentile)")
    axes[1].set_title("Timings")
    troops = [t for t in result.troops if t.mean]
    axes[2].bar([t.name for t in troops], [(t.mean or 0) * t.p_contributes for t in troops], color="#2b6cb0")
    axes[2].set_title("Mean troops sent when assistance is decided")
    axes[2].tick_params(axis="x", labelsize=8, rotation=20)
    fig.suptitle(f"{result.scenario['title']} — {result.runs:,} draws")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def plot_sweep(result: SweepResult, path: Path) -> Path:
    """Outcome probabilities against each swept parameter."""
    _check(path)
    count = len(result.parameters)
    fig, axes = plt.subplots(1, count, figsize=(6 * count, 4.5), squeeze=False)
    for ax, name in zip(axes[0], result.parameters, strict=True):
        rows = sorted(result.rows, key=lambda r: r.values[name])
        xs = [r.values[name] for r in rows]
        for outcome, colour in COLOURS.items():
            ys = [r.outcomes[outcome] for r in rows]
            if count == 1 and len(xs) > 1 and len(set(xs)) == len(xs):
                ax.plot(xs, ys, marker="o", color=colour, label=OUTCOME_LABEL[outcome])
            else:
                ax.scatter(xs, ys, s=12, color=colour, label=OUTCOME_LABEL[outcome])
        ax.set_xlabel(name)
        ax.set_ylabel("probability")
        ax.set_ylim(0, 1)
        ax.legend(fontsize=8)
    fig.suptitle(f"Sweep of {result.scenario} ({result.runs:,} draws per point, seed {result.seed})")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def plot_calibration(report: BacktestReport, path: Path) -> Path:
    """The backtest's calibration chart: mean forecast against observed frequency per bin, with counts."""
    _check(path)
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.plot([0, 1], [0, 1], color="#999999", linestyle="--", label="perfect calibration")
    bins = [b for b in report.calibration if b.count and b.mean_forecast is not None and b.observed is not None]
    xs = [b.mean_forecast or 0.0 for b in bins]
    ys = [b.observed or 0.0 for b in bins]
    ax.plot(xs, ys, marker="o", color=COLOURS["assistance"], label="model")
    for b in bins:
        ax.annotate(
            f"n={b.count}", (b.mean_forecast or 0, b.observed or 0), textcoords="offset points", xytext=(5, -12)
        )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("forecast probability (bin mean)")
    ax.set_ylabel("observed frequency")
    ax.set_title(f"Backtest calibration: {report.scored} cases x 3 outcomes")
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
