"""Point in polygon: the state whose internationally recognized territory holds a point.

The shipped ``borders.json`` holds, for every state the dataset names, its territory as Natural Earth
1:10m admin-0 draws it, corrected where Natural Earth follows a line of control rather than the
recognized border (see ``provenance.corrections`` in the file and docs/sim.md), and the outlines of
the disputed, occupied or contested areas the dataset records, each with its notes (status, dates,
sources) copied from the dataset when the file was made.

Everything is read once, on the first question, into prepared shapely geometries indexed by an
STRtree; answers are cached by coordinates, so a question costs microseconds after the first.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import shapely
from shapely import STRtree
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from csto.geo.codec import decode_ring
from csto.periods import DateError, Period

BORDERS_FILE = "borders.json"
FORMAT = "csto-borders/1"


class TerritoryError(ValueError):
    """Coordinates that cannot be placed (not numbers, out of range) or a broken borders file."""


@dataclass(frozen=True)
class AreaNote:
    """One recorded status of a disputed, occupied or contested area, for a period, with its sources."""

    area: str
    name: str
    status: str
    since: str | None
    until: str | None
    recognized: str
    claimants: tuple[str, ...]
    controlled_by: tuple[str, ...]
    summary: str
    sources: tuple[str, ...]

    @property
    def period(self) -> Period:
        return Period.parse(self.since, self.until)

    def applies(self, day: date | None) -> bool:
        """Whether the status may hold on ``day`` (any day when ``day`` is None)."""
        return day is None or self.period.possibly_contains(day)

    def tag(self) -> str:
        """A few words: the area, its status and period (``Crimea (annexed, 2014-03 – …)``)."""
        return f"{self.name} ({self.status}, {self.since or '…'} – {self.until or '…'})"

    def describe(self) -> str:
        """One line: the area, its status and period, who holds it, what the record says, and the first source."""
        control = f", held by {', '.join(self.controlled_by)}" if self.controlled_by else ""
        cited = f" Source: {self.sources[0]}." if self.sources else ""
        summary = f" {self.summary}" if self.summary else ""
        return f"{self.tag()}, in {self.recognized}'s recognized territory{control}.{summary}{cited}"


@dataclass(frozen=True)
class TerritoryAnswer:
    """Which state's recognized territory holds (lat, lon), and the recorded areas there."""

    lat: float
    lon: float
    state: str | None
    areas: tuple[AreaNote, ...] = ()

    def on(self, day: date | None) -> tuple[AreaNote, ...]:
        """The area statuses that may hold on ``day``."""
        return tuple(note for note in self.areas if note.applies(day))

    def claimants(self, day: date | None) -> frozenset[str]:
        """States with a recorded claim to an area holding the point on ``day`` (the recognized state first of all)."""
        found: set[str] = set()
        for note in self.on(day):
            found.add(note.recognized)
            found.update(note.claimants)
        return frozenset(found)

    def describe(self, day: date | None = None) -> str:
        where = f"({self.lat:.4f}, {self.lon:.4f})"
        if self.state is None:
            head = f"{where} lies in no state's territory in the shipped borders (at sea, or outside them)"
        else:
            head = f"{where} lies in the internationally recognized territory of {self.state} (point in polygon)"
        notes = self.on(day)
        return head if not notes else head + "; " + "; ".join(note.describe() for note in notes)


@dataclass(frozen=True)
class _Area:
    id: str
    geometry: BaseGeometry
    notes: tuple[AreaNote, ...]


@dataclass(frozen=True)
class Borders:
    """The loaded borders file: states, areas and where they came from."""

    provenance: dict[str, Any]
    state_names: dict[str, str]
    states: dict[str, BaseGeometry]
    areas: tuple[_Area, ...]
    _parts: tuple[str, ...]
    _tree: STRtree
    _area_tree: STRtree

    def state_of(self, point: Point) -> str | None:
        hits = sorted({self._parts[int(i)] for i in self._tree.query(point, predicate="intersects")})
        return hits[0] if hits else None

    def areas_at(self, point: Point) -> tuple[_Area, ...]:
        found = sorted(int(i) for i in self._area_tree.query(point, predicate="intersects"))
        return tuple(self.areas[i] for i in found)


def _parts(data: Any, where: str) -> list[BaseGeometry]:
    """The polygons of a state or an area, each valid (rounding may make a rare ring touch itself)."""
    try:
        parts = [Polygon(decode_ring(p[0]), [decode_ring(h) for h in p[1:]]) for p in data]
    except (TypeError, ValueError, IndexError) as error:
        raise TerritoryError(f"{BORDERS_FILE}: {where}: malformed polygon ({error})") from None
    if not parts:
        raise TerritoryError(f"{BORDERS_FILE}: {where}: no polygon")
    valid = shapely.is_valid(parts)
    return [part if ok else shapely.make_valid(part) for part, ok in zip(parts, valid, strict=True)]


def _whole(parts: list[BaseGeometry]) -> BaseGeometry:
    return parts[0] if len(parts) == 1 else shapely.GeometryCollection(parts)


def _note(area_id: str, area: dict[str, Any], note: dict[str, Any]) -> AreaNote:
    return AreaNote(
        area=area_id,
        name=str(area["name"]),
        status=str(note["status"]),
        since=note.get("since"),
        until=note.get("until"),
        recognized=str(area["recognized"]),
        claimants=tuple(area.get("claimants", ())),
        controlled_by=tuple(note.get("controlled_by", ())),
        summary=str(note.get("summary", "")),
        sources=tuple(note.get("sources", ())),
    )


def parse_borders(doc: Any) -> Borders:
    """Build the indexes from the decoded JSON document (a clear TerritoryError if it is malformed)."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise TerritoryError(f"{BORDERS_FILE}: not a {FORMAT} file")
    try:
        pieces = {sid: _parts(s["polygons"], f"states.{sid}") for sid, s in doc["states"].items()}
        names = {sid: str(s["name"]) for sid, s in doc["states"].items()}
        areas = tuple(
            _Area(
                aid,
                shapely.union_all(_parts(a["polygons"], f"areas.{aid}")),
                tuple(_note(aid, a, n) for n in a["notes"]),
            )
            for aid, a in doc["areas"].items()
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise TerritoryError(f"{BORDERS_FILE}: missing or malformed field {error}") from None
    for area in areas:
        for note in area.notes:
            try:
                note.period  # noqa: B018 - parses the dates
            except DateError as error:
                raise TerritoryError(f"{BORDERS_FILE}: areas.{area.id}: {error}") from None
    parts: list[str] = []
    geoms: list[BaseGeometry] = []
    for sid in sorted(pieces):
        for piece in pieces[sid]:
            parts.append(sid)
            geoms.append(piece)
    shapely.prepare(geoms)
    for area in areas:
        shapely.prepare(area.geometry)
    return Borders(
        provenance=dict(doc.get("provenance", {})),
        state_names=names,
        states={sid: _whole(found) for sid, found in pieces.items()},
        areas=areas,
        _parts=tuple(parts),
        _tree=STRtree(geoms),
        _area_tree=STRtree([a.geometry for a in areas]),
    )


@cache
def borders() -> Borders:
    """The shipped borders, read and indexed on first use."""
    text = resources.files("csto.geo").joinpath(BORDERS_FILE).read_text(encoding="utf-8")
    return parse_borders(json.loads(text))


def _coordinate(value: object, name: str, limit: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TerritoryError(f"{name} must be a number of degrees, not {value!r}")
    number = float(value)
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise TerritoryError(
            f"{name} must be a finite number of degrees between -{limit:g} and {limit:g}, not {value!r}"
        )
    return number


def state_at(lat: float, lon: float) -> TerritoryAnswer:
    """The state whose internationally recognized territory holds (lat, lon), with the recorded areas there.

    ``state`` is a dataset state id, or None at sea or outside every shipped state. Raises
    TerritoryError for coordinates that are not finite degrees in range.
    """
    return _state_at(_coordinate(lat, "latitude", 90), _coordinate(lon, "longitude", 180))


@lru_cache(maxsize=4096)
def _state_at(lat: float, lon: float) -> TerritoryAnswer:
    loaded = borders()
    point = Point(lon, lat)
    notes = tuple(note for area in loaded.areas_at(point) for note in area.notes)
    return TerritoryAnswer(lat=lat, lon=lon, state=loaded.state_of(point), areas=notes)
