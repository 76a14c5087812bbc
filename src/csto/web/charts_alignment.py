"""Server-rendered SVG of a member's alignment index over time: the yearly path and its 90% band.

The band is a polygon, the path a polyline and each year a point with a tooltip (``title``) giving
the value, the interval and how many claims and events stand behind it; the evidence ids are listed
under the chart (``templates/_alignment.html``), one click from each point's year. No inline style
(the pages' Content-Security-Policy forbids it): classes only, coloured by ``static`` CSS or left
to the browser's defaults, and the zero line and the band are drawn with SVG attributes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from csto.alignment.method import IndexPoint

WIDTH = 720
HEIGHT = 170
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 24


@dataclass(frozen=True)
class AlignmentChart:
    """What the partial shows for one member: the SVG and the points with their evidence."""

    state: str
    name: str
    svg: Markup
    points: list[IndexPoint]


def _x(year: int, first: int, last: int) -> float:
    span = max(1, last - first)
    return LEFT + (year - first) / span * (WIDTH - LEFT - RIGHT)


def _y(value: float) -> float:
    return TOP + (2.0 - value) / 4.0 * (HEIGHT - TOP - BOTTOM)


def alignment_svg(name: str, points: list[IndexPoint], key: str = "member") -> Markup:
    """The chart for ``points`` (one per year), accessible: a title and labelled axes; ``key`` makes its ids unique."""
    if not points:
        return Markup("")
    first, last = points[0].year, points[-1].year
    band = [f"{_x(p.year, first, last):.1f},{_y(p.high):.1f}" for p in points]
    band += [f"{_x(p.year, first, last):.1f},{_y(p.low):.1f}" for p in reversed(points)]
    path = " ".join(f"{_x(p.year, first, last):.1f},{_y(p.mean):.1f}" for p in points)
    title = escape(f"Alignment index of {name}, {first}–{last}")
    parts = [
        f'<svg class="alignment-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="al-{escape(key)}">',
        f'<title id="al-{escape(key)}">{title}: yearly index from −2 (against the Organization) to +2 (for it), '
        "with its 90% interval</title>",
        f'<polygon class="alignment-band" points="{" ".join(band)}" fill="#9ecae1" fill-opacity="0.45" stroke="none"/>',
    ]
    for value in (-2, -1, 0, 1, 2):
        y = _y(value)
        dash = "" if value == 0 else ' stroke-dasharray="2 3"'
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#888" stroke-width="0.6"{dash}/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{value:+d}</text>'
        )
    parts.append(f'<polyline class="alignment-path" points="{path}" fill="none" stroke="#08519c" stroke-width="2"/>')
    step = 5 if last - first > 12 else 1
    for p in points:
        x, y = _x(p.year, first, last), _y(p.mean)
        tip = escape(
            f"{p.year}: {p.mean:+.2f} (90%: {p.low:+.2f} … {p.high:+.2f}); "
            f"{len(p.evidence)} claim(s) and event(s) this year"
        )
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.6" fill="#08519c"><title>{tip}</title></circle>')
        crowded = p.year == last and last % step and last % step < 3  # too close to the last round year
        if (p.year % step == 0 or p.year in (first, last)) and not crowded:
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 6}" text-anchor="middle" font-size="11">{p.year}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def alignment_chart(request: Any, state: str, first: int = 1992) -> AlignmentChart | None:
    """The chart of ``state`` from the app's knowledge base (None when it cannot be drawn)."""
    from csto.alignment.record import AlignmentQueryError, alignment_for
    from csto.store import StoreError, UnknownEntityError

    kb = request.app.state.csto.kb
    try:
        series = alignment_for(kb, state, first, date.today().year)
    except (AlignmentQueryError, UnknownEntityError, StoreError):
        return None
    if not series.evidence:
        return None
    svg = alignment_svg(series.name, series.points, series.state)
    return AlignmentChart(series.state, series.name, svg, series.points)


def alignment_charts(request: Any, first: int = 2000) -> list[AlignmentChart]:
    """Charts for today's members (the rules' roster), for the dashboard."""
    from csto.rules import Roster

    kb = request.app.state.csto.kb
    roster = Roster.from_kb(kb, date.today())
    charts = [alignment_chart(request, s, first) for s in sorted(roster.members, key=roster.name)]
    return [c for c in charts if c is not None]
