"""Write src/csto/geo/borders.json: recognized territories from Natural Earth 1:10m, and the recorded areas.

    cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-2*.tgz      # public-domain data, ISC package
    .venv/bin/python scripts/make_territory.py /tmp/package              # rebuild states and areas
    .venv/bin/python scripts/make_territory.py --areas                   # rebuild the areas only (no download)
    .venv/bin/python scripts/make_territory.py --check                   # exit 1 if the areas are out of date

States: every state entity of the dataset with an ISO code, its polygons decoded from the TopoJSON
(``countries-10m.json``: Natural Earth admin-0 countries 1:10m, version 4.1.0, quantized by world-atlas
to about 0.0036 x 0.0017 degree, i.e. 200-300 m) with no further simplification, written to 10^-4 degree.
Natural Earth's default admin-0 follows some lines of control; two corrections make the answer the
internationally recognized territory (both listed in the file's provenance):

* Crimea: world-atlas 2 draws the peninsula (with Sevastopol) as part of Russia; it is moved to Ukraine
  (UN General Assembly resolution 68/262 of 27 March 2014), and recorded as an area.
* Baikonur: drawn as a separate unit; it is part of Kazakhstan's territory, leased to Russia.

Nagorno-Karabakh is inside Azerbaijan's polygon and Abkhazia, South Ossetia and Transnistria inside
Georgia's and Moldova's already (checked below). Areas: the outlines of src/csto/geo/areas.yaml with
the notes of the dataset's territorial facts (src/csto/dataset/data/territories.yaml).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import shapely
import yaml
from shapely import affinity
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from csto.dataset import load_dataset
from csto.dataset.loader import Dataset
from csto.geo.codec import SCALE, encode_ring
from csto.geo.territory import FORMAT, parse_borders

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "csto" / "geo" / "borders.json"
AREAS = ROOT / "src" / "csto" / "geo" / "areas.yaml"
ATLAS_FILE = "countries-10m.json"

# ISO 3166-1 alpha-3 -> numeric (the ids world-atlas uses) for the states the dataset names.
ISO_NUMERIC = {
    "AFG": "004", "ARM": "051", "AZE": "031", "BLR": "112", "CHN": "156", "DZA": "012", "EGY": "818",
    "FRA": "250", "GBR": "826", "GEO": "268", "IND": "356", "IRN": "364", "KAZ": "398", "KGZ": "417",
    "MDA": "498", "MNG": "496", "PAK": "586", "RUS": "643", "SAU": "682", "SRB": "688", "SYR": "760",
    "TJK": "762", "TKM": "795", "TUR": "792", "UKR": "804", "USA": "840", "UZB": "860",
}  # fmt: skip
CRIMEA_BOX = (32.0, 44.2, 36.7, 46.3)  # lon/lat box holding the peninsula and no other Russian land
# Points whose recognized state the output must give (checked after the corrections).
CHECKS = {
    "Simferopol": (44.95, 34.10, "ukraine"),
    "Sevastopol": (44.60, 33.52, "ukraine"),
    "Stepanakert/Khankendi": (39.82, 46.75, "azerbaijan"),
    "Sukhumi": (43.00, 41.02, "georgia"),
    "Tskhinvali": (42.23, 43.96, "georgia"),
    "Tiraspol": (46.84, 29.63, "moldova"),
    "Baikonur": (45.62, 63.31, "kazakhstan"),
    "Kursk": (51.73, 36.19, "russia"),
}


def decode_topology(path: Path) -> dict[str, tuple[str, BaseGeometry]]:
    """Every feature of the TopoJSON's ``countries`` object: id (or name) -> (name, geometry)."""
    topo = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indexes:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points if not out else points[1:])
        return out

    def polygon(rings: list[list[int]]) -> BaseGeometry | None:
        decoded = [ring(r) for r in rings]
        if len(decoded[0]) < 4:  # an islet quantized away
            return None
        return shapely.make_valid(Polygon(decoded[0], [r for r in decoded[1:] if len(r) >= 4]))

    features: dict[str, tuple[str, BaseGeometry]] = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        groups = [geometry["arcs"]] if kind == "Polygon" else geometry["arcs"] if kind == "MultiPolygon" else []
        parts = [p for p in (polygon(g) for g in groups) if p is not None]
        if parts:
            name = geometry["properties"]["name"]
            features[str(geometry.get("id") or name)] = (name, shapely.unary_union(parts))
    return features


def polygons_of(geometry: BaseGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry]
    return [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon) or hasattr(g, "geoms")]


def flat_polygons(geometry: BaseGeometry) -> list[Polygon]:
    found: list[Polygon] = []
    for g in polygons_of(geometry):
        found.extend(flat_polygons(g) if not isinstance(g, Polygon) else [g])
    return [p for p in found if not p.is_empty and p.area > 0]


def encode(geometry: BaseGeometry) -> list[list[list[int]]]:
    out = []
    for poly in flat_polygons(geometry):
        shell = encode_ring(list(poly.exterior.coords))
        if len(shell) < 6:
            continue
        holes = [encode_ring(list(h.coords)) for h in poly.interiors]
        out.append([shell, *[h for h in holes if len(h) >= 6]])
    return out


def build_states(atlas: Path, dataset: Dataset) -> tuple[dict[str, Any], dict[str, BaseGeometry], list[str]]:
    features = decode_topology(atlas / ATLAS_FILE)
    states: dict[str, BaseGeometry] = {}
    names: dict[str, tuple[str, str]] = {}
    for entity in sorted(dataset.entities.values(), key=lambda e: e.id):
        iso3 = entity.external_ids.get("iso3")
        if entity.kind != "state" or not iso3:
            continue
        if iso3 not in ISO_NUMERIC or ISO_NUMERIC[iso3] not in features:
            raise SystemExit(f"no Natural Earth shape for state {entity.id} ({iso3}): add it to ISO_NUMERIC")
        states[entity.id] = features[ISO_NUMERIC[iso3]][1]
        names[entity.id] = (entity.name, iso3)
    corrections = []
    # Crimea: Natural Earth's default drawing (as world-atlas 2 ships it) puts it in Russia.
    box = shapely.box(*CRIMEA_BOX)
    russian = flat_polygons(states["russia"])
    crimea = [p for p in russian if box.contains(p.representative_point())]
    if crimea:
        moved = shapely.unary_union(crimea)
        states["russia"] = MultiPolygon([p for p in russian if p not in crimea])
        states["ukraine"] = shapely.unary_union([states["ukraine"], moved])
        corrections.append(
            "crimea: the peninsula and Sevastopol, drawn by Natural Earth as part of Russia, moved to Ukraine "
            "(UN General Assembly resolution 68/262, 27 March 2014); recorded as the area `crimea`"
        )
    else:
        moved = None
    if "Baikonur" in features:
        states["kazakhstan"] = shapely.unary_union([states["kazakhstan"], features["Baikonur"][1]])
        corrections.append("baikonur: drawn as a separate unit; merged into Kazakhstan (territory leased to Russia)")
    extra = {"crimea": moved} if moved is not None else {}
    doc_states = {
        sid: {"name": names[sid][0], "iso3": names[sid][1], "polygons": encode(states[sid])} for sid in sorted(states)
    }
    return doc_states, extra, corrections


def local_km(geometry: BaseGeometry, lat: float, inverse: bool = False) -> BaseGeometry:
    """Scale degrees to km around latitude ``lat`` (or back), so buffers are in km."""
    kx, ky = 111.32 * math.cos(math.radians(lat)), 110.57
    if inverse:
        return affinity.scale(geometry, 1 / kx, 1 / ky, origin=(0, 0))
    return affinity.scale(geometry, kx, ky, origin=(0, 0))


def solid(geometry: BaseGeometry) -> BaseGeometry:
    """One polygonal geometry from a state's parts (the loader keeps them apart)."""
    return shapely.union_all(list(getattr(geometry, "geoms", [geometry])))


def area_geometry(
    spec: dict[str, Any], shipped: dict[str, BaseGeometry], extra: dict[str, BaseGeometry]
) -> BaseGeometry:
    kind = spec["kind"]
    names = [*spec.get("clip", []), *spec.get("states", [])]
    states = {sid: solid(shipped[sid]) for sid in names}
    if kind == "moved":
        return extra[spec["correction"]]
    if kind == "outline":
        clip = shapely.unary_union([states[s] for s in spec["clip"]])
        return shapely.make_valid(Polygon(spec["ring"])).intersection(clip)
    if kind == "border":
        a, b = (states[s] for s in spec["states"])
        lat = sum(p[1] for p in spec["near"]) / len(spec["near"])
        line = local_km(a.boundary.intersection(b.boundary), lat)
        near = shapely.unary_union([local_km(Point(p), lat).buffer(spec["within_km"]) for p in spec["near"]])
        strip = local_km(line.intersection(near).buffer(spec["width_km"]), lat, inverse=True)
        side = states[spec["side"]] if spec.get("side") else shapely.unary_union([a, b])
        return strip.intersection(side)
    raise SystemExit(f"{AREAS}: area {spec.get('id')}: unknown kind {kind!r}")


def citation(dataset: Dataset, source_id: str) -> str:
    s = dataset.sources[source_id]
    return ", ".join(part for part in (s.publisher, s.title, s.date, s.url) if part)


def area_notes(dataset: Dataset, area_id: str) -> dict[str, Any]:
    """The dataset's record of an area: recognized state, claimants, and one note per status fact."""
    facts = [f for f in dataset.facts.values() if f.subject == area_id]
    recognized = [f.object for f in facts if f.predicate == "recognized_territory_of"]
    if len(recognized) != 1:
        raise SystemExit(f"area {area_id}: the dataset needs exactly one recognized_territory_of fact")
    control = [f for f in facts if f.predicate == "controlled_by"]
    notes = []
    for fact in sorted((f for f in facts if f.predicate == "territorial_status"), key=lambda f: f.valid_from or ""):
        held = sorted({c.object for c in control if c.object and c.period.overlaps(fact.period)})
        notes.append(
            {
                "status": fact.value,
                "since": fact.valid_from,
                "until": fact.valid_to,
                "controlled_by": held,
                "summary": " ".join((fact.note or "").split()),
                "sources": [citation(dataset, s) for s in fact.sources],
            }
        )
    if not notes:
        raise SystemExit(f"area {area_id}: the dataset has no territorial_status fact")
    return {
        "name": dataset.entities[area_id].name,
        "recognized": recognized[0],
        "claimants": sorted({f.object for f in facts if f.predicate == "claimed_by" and f.object}),
        "notes": notes,
    }


def build_areas(dataset: Dataset, states: dict[str, BaseGeometry], extra: dict[str, BaseGeometry]) -> dict[str, Any]:
    specs = yaml.safe_load(AREAS.read_text(encoding="utf-8"))["areas"]
    areas = {}
    for spec in specs:
        geometry = area_geometry(spec, states, extra)
        if geometry.is_empty:
            raise SystemExit(f"{AREAS}: area {spec['id']} is empty")
        areas[spec["id"]] = {**area_notes(dataset, spec["id"]), "polygons": encode(geometry)}
    return areas


def shipped_extra(doc: dict[str, Any]) -> dict[str, BaseGeometry]:
    """The corrected parts, recovered from the shipped areas (so ``--areas`` needs no download)."""
    loaded = parse_borders(doc)
    return {a.id: a.geometry for a in loaded.areas if a.id == "crimea"}


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def check_points(doc: dict[str, Any]) -> None:
    loaded = parse_borders(doc)
    for name, (lat, lon, expected) in CHECKS.items():
        got = loaded.state_of(Point(lon, lat))
        if got != expected:
            raise SystemExit(f"check failed: {name} ({lat}, {lon}) resolves to {got}, expected {expected}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("atlas", nargs="?", type=Path, help="the unpacked world-atlas@2 package folder")
    parser.add_argument("--areas", action="store_true", help="rebuild only the areas, from the shipped states")
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped areas are out of date")
    args = parser.parse_args(argv)
    dataset = load_dataset()
    if args.atlas:
        package = json.loads((args.atlas / "package.json").read_text(encoding="utf-8"))
        doc_states, extra, corrections = build_states(args.atlas, dataset)
        provenance = {
            "data": "Natural Earth, Admin 0 - Countries, 1:10m, version 4.1.0 (public domain)",
            "package": f"{package['name']}@{package['version']} (npm, ISC licence, Mike Bostock)",
            "file": ATLAS_FILE,
            "url": "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/",
            "licence": "Natural Earth data are in the public domain; world-atlas is ISC-licensed",
            "precision": f"coordinates to 1/{SCALE} degree; no simplification beyond world-atlas's quantization "
            "(about 0.0036 x 0.0017 degree, 200-300 m)",
            "corrections": corrections,
            "made_by": "scripts/make_territory.py",
        }
        doc: dict[str, Any] = {"format": FORMAT, "provenance": provenance, "states": doc_states, "areas": {}}
    else:
        if not OUT.exists():
            parser.error(f"{OUT} does not exist yet: give the world-atlas folder")
        doc = json.loads(OUT.read_text(encoding="utf-8"))
        extra = shipped_extra(doc)
    states = parse_borders({**doc, "areas": {}}).states
    areas = build_areas(dataset, states, extra)
    new = render({**doc, "areas": areas})
    if args.check:
        if OUT.read_text(encoding="utf-8") != new:
            print(f"{OUT.relative_to(ROOT)} is out of date: run scripts/make_territory.py --areas", file=sys.stderr)
            return 1
        return 0
    if not args.atlas and not args.areas:
        parser.error("give the world-atlas folder, --areas or --check")
    check_points(json.loads(new))
    OUT.write_text(new, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(doc['states'])} states, {len(areas)} areas, {len(new) // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
