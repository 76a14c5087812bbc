"""Position claims as data: the shipped folder loads and is stored; bad files are refused with file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from csto.dataset import DatasetError, load_dataset
from csto.dataset.positions import POSITIONS_DIR, Topic, load_positions, positions_for
from csto.store import KnowledgeBase
from csto.store.positions import read_positions

GOOD = """\
sources:
  - {id: pos-test-2020-note, publisher: Test, title: A test page, date: "2020-01-02", kind: news}
positions:
  - id: pos-armenia-2020-01-02-test
    date: "2020-01-02"
    holder: armenia
    speaker: nikol-pashinyan
    topic: csto-worth
    stance: -1
    kind: speech
    summary: A test claim.
    sources: [pos-test-2020-note]
"""


@pytest.fixture(scope="module")
def dataset():  # type: ignore[no-untyped-def]
    return load_dataset()


def test_the_shipped_claims_load_and_cover_the_members(dataset) -> None:  # type: ignore[no-untyped-def]
    positions = load_positions(dataset)
    assert len(positions.claims) >= 200
    holders = {c.holder for c in positions.claims.values()}
    assert {"armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan", "uzbekistan"} <= holders
    years = {c.when.year for c in positions.claims.values()}
    assert min(years) == 1992 and max(years) >= 2025
    assert {c.topic for c in positions.claims.values()} <= set(Topic)
    assert positions_for(dataset).claims.keys() == positions.claims.keys()


def test_a_good_file_loads(dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "armenia.yaml").write_text(GOOD)
    claims = load_positions(dataset, tmp_path).claims
    assert claims["pos-armenia-2020-01-02-test"].official


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("holder: armenia", "holder: atlantis", "armenia.yaml:6: positions[0].holder: unknown entity 'atlantis'"),
        ("speaker: nikol-pashinyan", "speaker: nobody-at-all", "positions[0].speaker: unknown entity"),
        ("topic: csto-worth", "topic: weather", "armenia.yaml:8: positions[0].topic"),
        ("stance: -1", "stance: 3", "positions[0].stance"),
        ("sources: [pos-test-2020-note]", "sources: [no-such-source]", "unknown source 'no-such-source'"),
        ('date: "2020-01-02"\n    holder', 'date: "2020-02-30"\n    holder', "positions[0].date"),
        ("id: pos-armenia-2020-01-02-test", "id: pos-belarus-2020-01-02-test", "must start with 'pos-armenia-'"),
    ],
)
def test_a_bad_claim_is_refused_with_its_file_line_and_field(
    dataset, tmp_path: Path, old: str, new: str, where: str
) -> None:  # type: ignore[no-untyped-def]
    assert old in GOOD
    (tmp_path / "armenia.yaml").write_text(GOOD.replace(old, new, 1))
    with pytest.raises(DatasetError) as caught:
        load_positions(dataset, tmp_path)
    assert where in str(caught.value)


def test_a_claim_filed_under_another_state_and_a_redeclared_source_are_refused(dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "belarus.yaml").write_text(GOOD.replace("pos-test-2020-note", "odkb-25years-history"))
    with pytest.raises(DatasetError) as caught:
        load_positions(dataset, tmp_path)
    text = str(caught.value)
    assert "must be held by 'belarus'" in text and "already a dataset source" in text


def test_the_store_holds_every_claim_with_its_sources(kb: KnowledgeBase, dataset) -> None:  # type: ignore[no-untyped-def]
    stored = read_positions(kb.engine)
    shipped = load_positions(dataset)
    assert {p.id for p in stored} == set(shipped.claims)
    armenia = read_positions(kb.engine, holder="armenia")
    assert armenia and all(p.holder == "armenia" and p.sources for p in armenia)
    sources = kb.sources
    assert all(s in sources for p in stored for s in p.sources)  # the folder's sources are stored too


def test_positions_folder_is_next_to_the_data() -> None:
    assert POSITIONS_DIR.is_dir() and (POSITIONS_DIR / "README.md").exists()
