"""The alignment index: a robust random-walk (local level) model over dated, weighted evidence.

Each piece of evidence is a score on the −2 … +2 scale of the position claims (toward the
Organization's line is positive) with a weight (how much one such observation tells). A member's
latent alignment moves by a Gaussian random walk from year to year (as the dynamic ideal points
of Bailey, Strezhnev and Voeten 2017 do); observations are noisy readings of it. A Kalman filter
and Rauch–Tung–Striebel smoother give, per year, the posterior mean and standard deviation;
Huber weights, re-estimated a few times, keep a single outlying observation from moving the path
much. With no evidence the posterior stays at the prior (0, wide), never a confident 0. See
``docs/alignment.md``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

Z90 = 1.6449
SCALE = 2.0


@dataclass(frozen=True)
class Evidence:
    """One dated observation: ``score`` in [−2, 2], ``weight`` > 0, and the record id behind it."""

    id: str
    kind: str
    day: date
    score: float
    weight: float
    note: str = ""


@dataclass(frozen=True)
class MethodParams:
    """The model's settings (``docs/alignment.md`` explains each)."""

    prior_mean: float = 0.0
    prior_sd: float = 1.0
    drift_sd: float = 0.45
    noise_sd: float = 1.0
    huber: float = 1.5
    passes: int = 4


@dataclass(frozen=True)
class IndexPoint:
    """The index in one year: mean, standard deviation, 90% interval and the evidence of that year."""

    year: int
    mean: float
    sd: float
    low: float
    high: float
    evidence: tuple[str, ...] = ()
    weights: tuple[float, ...] = field(default=(), repr=False)

    def as_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "index": round(self.mean, 3),
            "sd": round(self.sd, 3),
            "low": round(self.low, 3),
            "high": round(self.high, 3),
            "evidence": list(self.evidence),
        }


def _clip(value: float) -> float:
    return max(-SCALE, min(SCALE, value))


def _point(year: int, mean: float, var: float, items: Sequence[Evidence], robust: Sequence[float]) -> IndexPoint:
    sd = math.sqrt(max(var, 0.0))
    return IndexPoint(
        year,
        _clip(mean),
        sd,
        _clip(mean - Z90 * sd),
        _clip(mean + Z90 * sd),
        tuple(dict.fromkeys(e.id for e in items)),
        tuple(robust),
    )


class _Years:
    """Evidence grouped by year over a span of years, with the Huber weight of each item."""

    def __init__(self, evidence: Sequence[Evidence], first: int, last: int):
        self.first, self.last = first, last
        self.by_year: dict[int, list[Evidence]] = defaultdict(list)
        for item in evidence:
            if first <= item.day.year <= last and item.weight > 0:
                self.by_year[item.day.year].append(item)
        self.robust: dict[int, list[float]] = {y: [1.0] * len(v) for y, v in self.by_year.items()}

    def filter(self, p: MethodParams) -> tuple[list[float], list[float]]:
        """Filtered means and variances, year by year (the forward pass)."""
        noise, drift = p.noise_sd**2, p.drift_sd**2
        mean, var = p.prior_mean, p.prior_sd**2
        means, variances = [], []
        for index, year in enumerate(range(self.first, self.last + 1)):
            if index:
                var += drift
            precision, weighted = 1.0 / var, mean / var
            for item, rho in zip(self.by_year.get(year, ()), self.robust.get(year, ()), strict=True):
                w = item.weight * rho / noise
                precision += w
                weighted += w * max(-SCALE, min(SCALE, item.score))
            var = 1.0 / precision
            mean = weighted * var
            means.append(mean)
            variances.append(var)
        return means, variances

    def smooth(self, p: MethodParams) -> tuple[list[float], list[float]]:
        """Smoothed means and variances (Rauch–Tung–Striebel for a random walk)."""
        means, variances = self.filter(p)
        drift = p.drift_sd**2
        sm, sv = means[:], variances[:]
        for t in range(len(means) - 2, -1, -1):
            gain = variances[t] / (variances[t] + drift)
            sm[t] = means[t] + gain * (sm[t + 1] - means[t])
            sv[t] = variances[t] + gain**2 * (sv[t + 1] - (variances[t] + drift))
        return sm, sv

    def reweight(self, p: MethodParams, means: list[float], variances: list[float]) -> None:
        """Huber weights from each item's standardized residual against the current path."""
        for year, items in self.by_year.items():
            t = year - self.first
            self.robust[year] = [
                min(
                    1.0,
                    p.huber / max(1e-9, abs(i.score - means[t]) / math.sqrt(p.noise_sd**2 / i.weight + variances[t])),
                )
                for i in items
            ]


def index_path(
    evidence: Sequence[Evidence], first: int, last: int, params: MethodParams | None = None
) -> list[IndexPoint]:
    """The smoothed index for every year from ``first`` to ``last`` (uses all the evidence in the span)."""
    if last < first:
        return []
    p = params or MethodParams()
    years = _Years(evidence, first, last)
    means, variances = years.smooth(p)
    for _ in range(p.passes):
        years.reweight(p, means, variances)
        means, variances = years.smooth(p)
    return [
        _point(y, means[y - first], variances[y - first], years.by_year.get(y, []), years.robust.get(y, []))
        for y in range(first, last + 1)
    ]


def index_at(evidence: Sequence[Evidence], day: date, first: int, params: MethodParams | None = None) -> IndexPoint:
    """The index on ``day`` from the evidence dated strictly before it (filtered, out of sample)."""
    p = params or MethodParams()
    before = [e for e in evidence if e.day < day]
    last = day.year
    if last < first:
        return _point(last, p.prior_mean, p.prior_sd**2, [], [])
    years = _Years(before, first, last)
    means, variances = years.filter(p)
    for _ in range(p.passes):
        years.reweight(p, means, variances)
        means, variances = years.filter(p)
    used = sorted(before, key=lambda e: e.day)
    return _point(last, means[-1], variances[-1], used, [])
