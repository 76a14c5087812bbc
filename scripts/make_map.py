"""Generate the dashboard's map (SVG paths per country) from Natural Earth TopoJSON.

Input: ``countries-50m.json`` from the npm package ``world-atlas`` (Natural Earth 1:50m admin-0
boundaries, public domain; packaging ISC). Get it with ``npm pack world-atlas@2`` and untar it.
Output: ``src/csto/web/static/map.json``, projected (Albers equal-area conic), simplified, and
limited to Eurasia around the CSTO. The output is committed; nothing is fetched at run time.

    python scripts/make_map.py /tmp/package/countries-50m.json
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "csto" / "web" / "static" / "map.json"

# ISO 3166-1 numeric -> alpha-3 for every state the dataset names (others are drawn, uncoloured).
NUMERIC_TO_ISO3 = {
    "051": "ARM", "031": "AZE", "112": "BLR", "268": "GEO", "398": "KAZ", "417": "KGZ", "643": "RUS",
    "762": "TJK", "860": "UZB", "795": "TKM", "804": "UKR", "498": "MDA", "004": "AFG", "156": "CHN",
    "356": "IND", "364": "IRN", "496": "MNG", "586": "PAK", "688": "SRB", "760": "SYR", "818": "EGY",
    "012": "DZA", "682": "SAU", "792": "TUR", "250": "FRA", "826": "GBR", "840": "USA",
}

LON0, LAT0, PHI1, PHI2 = 75.0, 50.0, 40.0, 62.0
WINDOW = (12.0, 28.0, 180.0, 82.0)  # lon min, lat min, lon max, lat max of country centroids kept
WIDTH = 1000.0
MIN_STEP = 0.9  # drop points closer than this many pixels to the previous kept one


def albers(lon: float, lat: float) -> tuple[float, float]:
    """Albers equal-area conic projection in radians-scaled units."""
    p1, p2, p0 = (math.radians(v) for v in (PHI1, PHI2, LAT0))
    n = (math.sin(p1) + math.sin(p2)) / 2
    c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)
    rho0 = math.sqrt(c - 2 * n * math.sin(p0)) / n
    theta = n * math.radians(lon - LON0)
    rho = math.sqrt(c - 2 * n * math.sin(math.radians(lat))) / n
    return rho * math.sin(theta), -(rho0 - rho * math.cos(theta))


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def main(source: Path) -> None:
    topology = json.loads(source.read_text())
    arcs = decode_arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings = [ring(arcs, r) for polygon in polygons(geometry) for r in polygon]
        if not rings:
            continue
        lons = [lon for r in rings for lon, _ in r]
        lats = [lat for r in rings for _, lat in r]
        centre = (sum(lons) / len(lons), sum(lats) / len(lats))
        if not (WINDOW[0] <= centre[0] <= WINDOW[2] and WINDOW[1] <= centre[1] <= WINDOW[3]):
            continue
        # Rings cut at the antimeridian (Russia's Chukotka) continue east of 180 degrees.
        rings = [[(lon + 360 if lon < -20 else lon, lat) for lon, lat in r] for r in rings]
        shapes.append((geometry, [[albers(lon, lat) for lon, lat in r] for r in rings]))
    xs = [x for _, rs in shapes for r in rs for x, _ in r]
    ys = [y for _, rs in shapes for r in rs for _, y in r]
    scale = WIDTH / (max(xs) - min(xs))
    height = (max(ys) - min(ys)) * scale
    countries = []
    for geometry, rs in shapes:
        parts = []
        for r in rs:
            kept: list[tuple[float, float]] = []
            for x, y in r:
                px, py = (x - min(xs)) * scale, (y - min(ys)) * scale
                if not kept or math.dist(kept[-1], (px, py)) >= MIN_STEP:
                    kept.append((px, py))
            if len(kept) >= 3:
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z")
        if parts:
            number = geometry.get("id")
            countries.append({
                "numeric": number,
                "iso3": NUMERIC_TO_ISO3.get(number or ""),
                "name": geometry["properties"]["name"],
                "d": "".join(parts),
            })
    OUT.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "source": "Natural Earth 1:50m admin-0 countries (public domain), via the world-atlas npm package 2.0.2",
        "projection": f"Albers equal-area conic, centre {LON0}E {LAT0}N, parallels {PHI1} and {PHI2}",
        "width": round(WIDTH),
        "height": round(height),
        "countries": countries,
    }
    OUT.write_text(json.dumps(payload, separators=(",", ":")))
    print(f"wrote {OUT}: {len(countries)} countries, {OUT.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
