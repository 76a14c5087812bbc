"""Server-rendered SVG of change over time: membership lanes and counts per year.

Both charts share one horizontal scale (days from the first of January 1992 to today), so one
marker (``line.time-marker``) shows the selected date on each; ``static/app.js`` moves it with the
slider and the play button, reading the scale from the ``data-*`` attributes of each ``svg``.

Status is never told by colour alone: each status has its own fill pattern (CSS classes in
``static/time.css`` give the colours), a short label inside runs wide enough to hold one, a
tooltip (``title``) on every run and a legend drawing the same patterns. No script is needed to draw
them, and none of the markup uses inline styles (the pages' Content-Security-Policy forbids them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from csto.store.history import COUNTED, Lane
from csto.vocabulary import MemberStatus

WIDTH = 960
LABEL_WIDTH = 112
RIGHT_PAD = 14
LANE_HEIGHT = 20
LANE_GAP = 6
AXIS_HEIGHT = 22
SERIES_HEIGHT = 54
ONE_DAY = timedelta(days=1)
NONE = "none"
"""The class of a run without any status (the state was not a party then)."""

STATUS_LABELS = {
    MemberStatus.FULL: ("full member", "F"),
    MemberStatus.FROZEN: ("frozen participation", "Fz"),
    MemberStatus.SUSPENDED: ("suspended from the bodies", "S"),
    MemberStatus.WITHDRAWN: ("withdrawn, no longer a member", "W"),
    MemberStatus.SIGNATORY: ("signatory (Treaty not yet in force)", "Sg"),
    MemberStatus.OBSERVER: ("observer", "O"),
    MemberStatus.PARTNER: ("partner", "P"),
    NONE: ("not a party", "–"),
}
SERIES_LABELS = {"exercises": "Exercises", "summits": "Summits", "crises": "Crises"}
# Fill patterns: one per status, drawn over the status's colour (solid for full members); the same
# shapes as the map's patterns in base.html, plus vertical lines for observers.
PATTERNS = {
    MemberStatus.FROZEN: '<path d="M0,6 L6,0" class="pat-line"/>',
    MemberStatus.SUSPENDED: '<path d="M0,6 L6,0 M0,0 L6,6" class="pat-line"/>',
    MemberStatus.WITHDRAWN: '<path d="M0,0 L6,6" class="pat-line"/>',
    MemberStatus.SIGNATORY: '<circle cx="3" cy="3" r="1.1" class="pat-dot"/>',
    MemberStatus.OBSERVER: '<path d="M3,0 L3,6" class="pat-line"/>',
    MemberStatus.PARTNER: '<path d="M0,3 L6,3" class="pat-line"/>',
}


@dataclass(frozen=True)
class Scale:
    """Days to x positions between ``start`` and ``end`` (both included)."""

    start: date
    end: date
    x0: float = LABEL_WIDTH
    x1: float = WIDTH - RIGHT_PAD

    def x(self, day: date) -> float:
        span = max((self.end - self.start).days + 1, 1)
        offset = min(max((day - self.start).days, 0), span)
        return round(self.x0 + (self.x1 - self.x0) * offset / span, 2)

    def attributes(self) -> str:
        return f'data-start="{self.start}" data-end="{self.end}" data-x0="{self.x0}" data-x1="{self.x1}"'


def _status_label(status: str) -> tuple[str, str]:
    return STATUS_LABELS.get(status, (status, status[:2]))


def _defs(only: str | None = None) -> str:
    """The patterns (ids ``pat-<status>``; a legend swatch gets its own copy, ``key-<status>``)."""
    chosen = {n: b for n, b in PATTERNS.items() if only is None or n == only}
    prefix = "key" if only is not None else "pat"
    patterns = "".join(
        f'<pattern id="{prefix}-{name}" width="6" height="6" patternUnits="userSpaceOnUse">{body}</pattern>'
        for name, body in chosen.items()
    )
    return f"<defs>{patterns}</defs>" if patterns else ""


def _run_shape(x: float, y: float, width: float, height: float, status: str, prefix: str = "pat") -> str:
    fill = f'<rect x="{x}" y="{y}" width="{width}" height="{height}" class="run {status}"/>'
    if status in PATTERNS:
        pattern = f"url(#{prefix}-{status})"
        fill += f'<rect x="{x}" y="{y}" width="{width}" height="{height}" fill="{pattern}" class="hatch"/>'
    return fill


def _axis(scale: Scale, y: float, height: float) -> str:
    parts = []
    first, last = scale.start.year, scale.end.year
    step = 2 if last - first <= 24 else 4
    for year in range(first, last + 1):
        x = scale.x(date(year, 1, 1))
        major = (year - first) % step == 0
        parts.append(f'<line x1="{x}" x2="{x}" y1="{y}" y2="{y + height}" class="grid{" major" if major else ""}"/>')
        if major:
            parts.append(f'<text x="{x}" y="{y + height + 14}" class="tick" text-anchor="middle">{year}</text>')
    return "".join(parts)


def _marker(scale: Scale, selected: date, top: float, bottom: float) -> str:
    x = scale.x(selected)
    return (
        f'<line class="time-marker" x1="{x}" x2="{x}" y1="{top}" y2="{bottom}" data-day="{selected}">'
        f"<title>Selected date: {selected}</title></line>"
    )


def lanes_svg(lanes: list[Lane], start: date, end: date, selected: date) -> Markup:
    """Every state's membership status over [start, end] as lanes, with the selected date marked."""
    scale = Scale(start, end)
    height = len(lanes) * (LANE_HEIGHT + LANE_GAP) + AXIS_HEIGHT
    plot_bottom = len(lanes) * (LANE_HEIGHT + LANE_GAP)
    body = [_defs(), _axis(scale, 0, plot_bottom)]
    for i, lane in enumerate(lanes):
        y = i * (LANE_HEIGHT + LANE_GAP) + LANE_GAP / 2
        name = escape(lane.name)
        body.append(f'<g class="lane" data-state="{escape(lane.state_id)}">')
        body.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + LANE_HEIGHT - 6}" class="lane-name" text-anchor="end">{name}</text>'
        )
        for run in lane.runs:
            status = run.status or NONE
            x, x_end = scale.x(run.start), scale.x(run.end + ONE_DAY)
            width = round(max(x_end - x, 0.5), 2)
            label, short = _status_label(status)
            body.append(
                f'<g class="run-group" data-status="{escape(status)}" data-from="{run.start}" data-to="{run.end}">'
            )
            body.append(f"<title>{name}: {escape(label)}, {run.start} – {run.end}</title>")
            body.append(_run_shape(x, y, width, LANE_HEIGHT, escape(status)))
            text = label if width > 7.2 * len(label) + 8 else short if width > 7.5 * len(short) + 4 else ""
            if text and status != NONE:
                body.append(f'<text x="{x + 4}" y="{y + LANE_HEIGHT - 6}" class="run-label">{escape(text)}</text>')
            body.append("</g>")
        body.append("</g>")
    body.append(_marker(scale, selected, 0, plot_bottom))
    summary = "; ".join(
        f"{lane.name}: "
        + ", ".join(f"{_status_label(r.status or NONE)[0]} from {r.start}" for r in lane.runs if r.status)
        for lane in lanes
    )
    return Markup(
        f'<svg class="time-chart lanes" id="lanes-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="lanes-title lanes-desc" {scale.attributes()}>'
        f'<title id="lanes-title">Membership of each state, {start.year} to {end}</title>'
        f'<desc id="lanes-desc">{escape(summary)}</desc>{"".join(body)}</svg>'
    )


def legend_html(statuses: list[str]) -> Markup:
    """The lanes' legend as a list that wraps: each status's swatch, with its own pattern, and its name."""
    items = []
    for status in statuses:
        label = escape(_status_label(status)[0])
        swatch = _run_shape(0.5, 0.5, 27, 15, escape(status), prefix="key")
        items.append(
            f'<li data-status="{escape(status)}"><svg class="swatch-svg" viewBox="0 0 28 16" width="28" height="16" '
            f'aria-hidden="true" focusable="false">{_defs(status)}{swatch}</svg>{label}</li>'
        )
    return Markup(f'<ul class="time-legend" aria-label="Statuses in the lanes">{"".join(items)}</ul>')


def counts_svg(counts: Mapping[str, Mapping[int, int]], start: date, end: date, selected: date) -> Markup:
    """Exercises, summits and crises per year as bars on the lanes' scale, each bar with its number."""
    scale = Scale(start, end)
    series = [name for name in COUNTED if name in counts]
    plot_bottom = len(series) * SERIES_HEIGHT
    body = [_axis(scale, 0, plot_bottom)]
    for i, name in enumerate(series):
        values = counts[name]
        top = max(values.values(), default=0) or 1
        base = (i + 1) * SERIES_HEIGHT - 4
        label = SERIES_LABELS.get(name, name)
        body.append(f'<g class="series {escape(name)}" data-series="{escape(name)}">')
        body.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{base - 4}" class="lane-name" text-anchor="end">{escape(label)}</text>'
        )
        body.append(f'<line x1="{LABEL_WIDTH}" x2="{WIDTH - RIGHT_PAD}" y1="{base}" y2="{base}" class="baseline"/>')
        for year, count in sorted(values.items()):
            x = scale.x(date(year, 1, 1))
            x_end = scale.x(date(year + 1, 1, 1)) if year < end.year else scale.x(end + ONE_DAY)
            width = round(max(x_end - x - 2, 1), 2)
            bar = round((SERIES_HEIGHT - 20) * count / top, 2)
            body.append(
                f'<g class="year" data-year="{year}" data-count="{count}">'
                f"<title>{year}: {count} {escape(label.lower())}</title>"
                f'<rect x="{x + 1}" y="{round(base - bar, 2)}" width="{width}" height="{bar}" class="bar"/>'
            )
            if count:
                middle, above = round(x + 1 + width / 2, 2), round(base - bar - 2, 2)
                body.append(f'<text x="{middle}" y="{above}" class="count" text-anchor="middle">{count}</text>')
            body.append("</g>")
        body.append("</g>")
    body.append(_marker(scale, selected, 0, plot_bottom))
    height = plot_bottom + AXIS_HEIGHT
    totals = "; ".join(f"{SERIES_LABELS.get(n, n)}: {sum(counts[n].values())} in all" for n in series)
    return Markup(
        f'<svg class="time-chart counts" id="counts-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="counts-title counts-desc" {scale.attributes()}>'
        f'<title id="counts-title">Exercises, summits and crises per year, {start.year} to {end.year}</title>'
        f'<desc id="counts-desc">{escape(totals)}</desc>{"".join(body)}</svg>'
    )
