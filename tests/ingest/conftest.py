"""Fixtures for the ingestion tests: a small curated world (``data/mini.yaml``), as a store and as a lexicon."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine

from csto.dataset import DATA_DIR
from csto.ingest.evaluate import corpus_dirs
from csto.ingest.extract import Extractor
from csto.ingest.lexicon import KnownEvent, Lexicon
from csto.store import rebuild

HERE = Path(__file__).parent
MINI = HERE / "data" / "mini.yaml"
GOLD = HERE / "gold"
SEEDS = corpus_dirs(GOLD)["seeds"]  # CSTO_SEEDS_DIR, else ../shared/seeds beside the checkout
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason=f"the seed documents are not at {SEEDS}: set CSTO_SEEDS_DIR or put shared/seeds beside the checkout",
)


def mini_dataset(directory: Path) -> Path:
    """The mini world as a dataset folder: the real predicate vocabulary plus ``mini.yaml``."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA_DIR / "predicates.yaml", directory / "predicates.yaml")
    shutil.copy(MINI, directory / "mini.yaml")
    return directory


@pytest.fixture
def mini_engine(fresh_engine: Engine, tmp_path: Path) -> Iterator[Engine]:
    """A store built from the mini world, on the current backend."""
    rebuild(fresh_engine, mini_dataset(tmp_path / "data"))
    yield fresh_engine


@pytest.fixture(scope="session")
def mini_lexicon() -> Lexicon:
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    events = [
        KnownEvent(e["id"], e["type"], date.fromisoformat(e["date"]), date.fromisoformat(e["date"]), e.get("place"),
                   frozenset(p["entity"] for p in e.get("participants", [])))
        for e in data["events"]
    ]  # fmt: skip
    return Lexicon.from_records(data["entities"], events)


@pytest.fixture(scope="session")
def extractor(mini_lexicon: Lexicon) -> Extractor:
    return Extractor(mini_lexicon)
