"""Point in polygon on the shipped borders: capitals, places near borders, disputed areas, the sea."""

from __future__ import annotations

import math
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from csto.dataset import load_dataset
from csto.dataset.loader import Dataset
from csto.geo import TerritoryError, borders, state_at
from csto.geo.codec import decode_ring, encode_ring

ROOT = Path(__file__).resolve().parents[2]

CAPITALS = {
    "yerevan": (40.1792, 44.4991, "armenia"),
    "baku": (40.4093, 49.8671, "azerbaijan"),
    "tbilisi": (41.7151, 44.8271, "georgia"),
    "kyiv": (50.4501, 30.5234, "ukraine"),
    "moscow": (55.7558, 37.6173, "russia"),
    "minsk": (53.9006, 27.5590, "belarus"),
    "astana": (51.1694, 71.4491, "kazakhstan"),
    "bishkek": (42.8746, 74.5698, "kyrgyzstan"),
    "dushanbe": (38.5598, 68.7870, "tajikistan"),
    "tashkent": (41.2995, 69.2401, "uzbekistan"),
    "ashgabat": (37.9601, 58.3261, "turkmenistan"),
    "kabul": (34.5553, 69.2075, "afghanistan"),
    "beijing": (39.9042, 116.4074, "china"),
    "tehran": (35.6892, 51.3890, "iran"),
    "ulaanbaatar": (47.8864, 106.9057, "mongolia"),
    "chisinau": (47.0105, 28.8638, "moldova"),
}

# Places a few kilometres from a border, on either side of it.
NEAR_BORDERS = {
    "Kok-Tash (Kyrgyz side)": (39.96, 70.62, "kyrgyzstan"),
    "Vorukh exclave": (39.855, 70.58, "tajikistan"),
    "Isfara": (40.1264, 70.6253, "tajikistan"),
    "Jermuk": (39.8417, 45.6722, "armenia"),
    "Berd (Tavush)": (40.88, 45.39, "armenia"),
    "Tovuz district, across from Tavush": (40.97, 45.45, "azerbaijan"),
    "Kalbajar": (40.10, 46.04, "azerbaijan"),
    "Sudzha (Kursk)": (51.19, 35.27, "russia"),
    "Sumy": (50.9077, 34.7981, "ukraine"),
    "Brest": (52.0976, 23.7341, "belarus"),
    "Panj district": (37.24, 69.10, "tajikistan"),
    "Baikonur (leased to Russia)": (45.62, 63.31, "kazakhstan"),
}

# What the dataset says each of its places is in (from the entities' descriptions and names).
PLACES = {
    "moscow": "russia", "st-petersburg": "russia", "sochi": "russia", "almaty": "kazakhstan",
    "astana": "kazakhstan", "bishkek": "kyrgyzstan", "dushanbe": "tajikistan", "yerevan": "armenia",
    "minsk": "belarus", "tashkent": "uzbekistan", "osh": "kyrgyzstan", "jalal-abad": "kyrgyzstan",
    "syunik-province": "armenia", "gegharkunik-province": "armenia", "jermuk": "armenia",
    "batken-region": "kyrgyzstan", "sughd-region": "tajikistan", "isfara": "tajikistan",
    "nagorno-karabakh": "azerbaijan", "tavush-province": "armenia", "kursk-oblast": "russia",
    "krasnogorsk": "russia", "chisinau": "moldova", "edelweiss-training-ground": "kyrgyzstan",
    "harbmaidon-training-ground": "tajikistan", "momirak-training-ground": "tajikistan",
    "fakhrabad-training-ground": "tajikistan", "losvido-training-ground": "belarus",
    "lepelsky-training-ground": "belarus", "brestsky-training-ground": "belarus",
    "obuz-lesnovsky-training-ground": "belarus", "bereg-training-ground": "kazakhstan",
    "matybulak-training-ground": "kazakhstan", "mulino-training-ground": "russia",
    "kapustin-yar-training-ground": "russia", "gorny-training-ground": "russia",
    "kazan-tank-school-training-ground": "russia", "bagramyan-training-ground": "armenia",
    "skalny-gorod-astana": "kazakhstan", "tajik-afghan-border": "tajikistan", "ayni-airfield": "tajikistan",
    "borovoye": "kazakhstan", "crimea": "ukraine", "abkhazia": "georgia", "south-ossetia": "georgia",
    "transnistria": "moldova", "armenia-border-areas-held-by-azerbaijan": "armenia",
    "kyrgyz-tajik-undemarcated-border": "kyrgyzstan",
}  # fmt: skip


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


@pytest.mark.parametrize(("lat", "lon", "state"), list(CAPITALS.values()), ids=list(CAPITALS))
def test_capitals(lat: float, lon: float, state: str) -> None:
    answer = state_at(lat, lon)
    assert answer.state == state
    assert answer.areas == ()


@pytest.mark.parametrize(("lat", "lon", "state"), list(NEAR_BORDERS.values()), ids=list(NEAR_BORDERS))
def test_places_near_borders(lat: float, lon: float, state: str) -> None:
    assert state_at(lat, lon).state == state


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(42.0, 50.5), (43.0, 35.0), (45.0, 150.0), (0.0, 0.0), (-60.0, -100.0)],
    ids=["caspian", "black-sea", "pacific", "gulf-of-guinea", "southern-ocean"],
)
def test_the_sea_is_no_state(lat: float, lon: float) -> None:
    answer = state_at(lat, lon)
    assert answer.state is None
    assert "no state's territory" in answer.describe()


def test_crimea_is_ukraine_and_recorded_as_annexed_from_2014() -> None:
    answer = state_at(44.95, 34.10)  # Simferopol
    assert answer.state == "ukraine"
    assert state_at(44.60, 33.52).state == "ukraine"  # Sevastopol
    assert [n.status for n in answer.on(date(2020, 1, 1))] == ["annexed"]
    assert answer.on(date(2010, 1, 1)) == ()
    note = answer.on(date(2020, 1, 1))[0]
    assert note.controlled_by == ("russia",) and "russia" in answer.claimants(date(2020, 1, 1))
    assert note.sources and "68/262" in note.summary


def test_karabakh_is_azerbaijan_and_breakaway_until_2023() -> None:
    answer = state_at(39.8153, 46.7519)
    assert answer.state == "azerbaijan"
    assert [n.area for n in answer.on(date(2020, 9, 27))] == ["nagorno-karabakh"]
    assert [n.area for n in answer.on(date(2023, 9, 19))] == ["nagorno-karabakh"]
    assert answer.on(date(2024, 6, 1)) == ()
    assert "breakaway" in answer.describe(date(2020, 9, 27))


@pytest.mark.parametrize(
    ("lat", "lon", "state", "area"),
    [
        (43.00, 41.02, "georgia", "abkhazia"),
        (42.23, 43.96, "georgia", "south-ossetia"),
        (46.84, 29.63, "moldova", "transnistria"),
    ],
    ids=["sukhumi", "tskhinvali", "tiraspol"],
)
def test_breakaway_regions_resolve_to_the_recognized_state(lat: float, lon: float, state: str, area: str) -> None:
    answer = state_at(lat, lon)
    assert answer.state == state
    assert [n.area for n in answer.on(date(2022, 1, 1))] == [area]
    assert all(n.sources for n in answer.areas)


def test_undemarcated_kyrgyz_tajik_border_names_both_claimants_until_the_treaty() -> None:
    answer = state_at(39.96, 70.62)  # Kok-Tash
    assert answer.claimants(date(2021, 4, 28)) == {"kyrgyzstan", "tajikistan"}
    assert answer.claimants(date(2025, 6, 1)) == frozenset()
    assert state_at(42.8746, 74.5698).claimants(date(2021, 4, 28)) == frozenset()  # Bishkek


def test_armenian_border_areas_held_since_2021_but_not_jermuk_town(dataset: Dataset) -> None:
    assert state_at(39.8417, 45.6722).areas == ()
    entity = dataset.entities["armenia-border-areas-held-by-azerbaijan"]
    assert entity.lat is not None and entity.lon is not None
    answer = state_at(entity.lat, entity.lon)
    assert answer.state == "armenia"
    assert answer.on(date(2021, 1, 1)) == ()
    assert [n.controlled_by for n in answer.on(date(2022, 9, 14))] == [("azerbaijan",)]


@pytest.mark.parametrize("bad", [math.nan, math.inf, 91.0, -90.5, "40", True, None])
def test_bad_latitudes_are_clear_errors(bad: object) -> None:
    with pytest.raises(TerritoryError, match="latitude"):
        state_at(bad, 40.0)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [math.nan, -math.inf, 180.5, -181.0, "40", False, None])
def test_bad_longitudes_are_clear_errors(bad: object) -> None:
    with pytest.raises(TerritoryError, match="longitude"):
        state_at(40.0, bad)  # type: ignore[arg-type]


def test_every_place_has_coordinates_in_the_state_the_dataset_says(dataset: Dataset) -> None:
    places = {e.id: e for e in dataset.entities.values() if e.kind == "place"}
    assert set(places) == set(PLACES)
    for pid, entity in places.items():
        assert entity.lat is not None and entity.lon is not None, pid
        assert state_at(entity.lat, entity.lon).state == PLACES[pid], pid


def test_recorded_areas_agree_with_the_dataset(dataset: Dataset) -> None:
    recognized = {f.subject: f.object for f in dataset.facts.values() if f.predicate == "recognized_territory_of"}
    statuses = {f.subject for f in dataset.facts.values() if f.predicate == "territorial_status"}
    shipped = {area.id for area in borders().areas}
    assert shipped == set(recognized) == statuses
    for area in borders().areas:
        entity = dataset.entities[area.id]
        assert entity.lat is not None and entity.lon is not None
        answer = state_at(entity.lat, entity.lon)
        assert answer.state == recognized[area.id], area.id
        assert area.id in {n.area for n in answer.areas}, area.id
        assert all(note.recognized == recognized[area.id] and note.sources for note in area.notes)


def test_provenance_is_recorded() -> None:
    provenance = borders().provenance
    assert "world-atlas@2" in provenance["package"] and provenance["file"] == "countries-10m.json"
    assert "1:10m" in provenance["data"] and "public domain" in provenance["licence"]
    assert any(c.startswith("crimea") for c in provenance["corrections"])


def test_shipped_areas_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_territory.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_ring_encoding_round_trips() -> None:
    ring = [(44.5, 40.1), (44.5123, 40.2), (44.6, 40.2), (44.5, 40.1)]
    flat = encode_ring(ring)
    assert flat[:2] == [445000, 401000]
    assert [tuple(p) for p in decode_ring(flat)] == [(44.5, 40.1), (44.5123, 40.2), (44.6, 40.2), (44.5, 40.1)]
    with pytest.raises(ValueError, match="even"):
        decode_ring([1, 2, 3])


def test_answers_are_fast_once_loaded() -> None:
    borders()
    start = time.perf_counter()
    for i in range(2_000):
        state_at(30.0 + (i % 200) * 0.1, 40.0 + (i // 200) * 3.0)
    uncached = time.perf_counter() - start
    start = time.perf_counter()
    for i in range(2_000):
        state_at(30.0 + (i % 200) * 0.1, 40.0 + (i // 200) * 3.0)
    cached = time.perf_counter() - start
    assert uncached < 2.0 and cached < 0.1, (uncached, cached)


@pytest.mark.parametrize(
    ("lat", "lon", "area"),
    [
        (42.63, 41.73, "abkhazia"),  # Gali, west of the Inguri
        (42.51, 41.87, None),  # Zugdidi, east of it
        (42.13, 44.48, "south-ossetia"),  # Akhalgori
        (41.98, 44.11, None),  # Gori
        (46.83, 29.47, "transnistria"),  # Bender, on the right bank but held
        (47.01, 28.86, None),  # Chisinau
        (39.52, 47.03, "nagorno-karabakh"),  # Hadrut
        (39.99, 46.93, None),  # Aghdam, outside the former autonomous oblast
    ],
    ids=["gali", "zugdidi", "akhalgori", "gori", "bender", "chisinau", "hadrut", "aghdam"],
)
def test_area_outlines_follow_the_known_towns(lat: float, lon: float, area: str | None) -> None:
    assert [n.area for n in state_at(lat, lon).areas] == ([area] if area else [])
