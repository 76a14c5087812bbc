"""The compact ring encoding of ``borders.json``: integer degrees x 10^4, delta-encoded.

A ring is written as one flat list ``[x0, y0, dx1, dy1, ...]`` where ``x0, y0`` are the first
point's longitude and latitude in units of 10^-4 degree (about 11 m) and every later pair is the
step from the previous point. The closing point is left out. A polygon is a list of rings (the
shell, then its holes); a state or an area is a list of polygons.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

SCALE = 10_000
"""Units per degree: coordinates are kept to 10^-4 degree (about 11 m)."""

Point = tuple[float, float]


def encode_ring(points: Sequence[Sequence[float]]) -> list[int]:
    """A ring of (lon, lat) points as the flat delta list; consecutive duplicates after rounding are dropped."""
    out: list[int] = []
    px = py = 0
    first = True
    pts = list(points)
    if len(pts) > 1 and tuple(pts[0]) == tuple(pts[-1]):
        pts = pts[:-1]
    for lon, lat in pts:
        x, y = round(lon * SCALE), round(lat * SCALE)
        if not first and x == px and y == py:
            continue
        out.extend((x, y) if first else (x - px, y - py))
        px, py, first = x, y, False
    return out


def decode_ring(flat: Sequence[int]) -> NDArray[np.float64]:
    """The (lon, lat) points of an encoded ring as an (n, 2) array, closed (the last point repeats the first)."""
    if len(flat) % 2:
        raise ValueError("an encoded ring needs an even count of numbers")
    steps = np.asarray(flat, dtype=np.int64).reshape(-1, 2)
    if not len(steps):
        return steps.astype(np.float64)
    points = np.cumsum(steps, axis=0) / SCALE
    return np.vstack([points, points[:1]])
