"""Exports load in pandas as they are, in every format, with the same rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from csto.store import KnowledgeBase
from csto.store.export import FORMATS, TABLES, export

READERS = {
    "csv": lambda p: pd.read_csv(p, dtype=str, keep_default_na=False),
    "parquet": pd.read_parquet,
    "json": lambda p: pd.read_json(p, orient="records", dtype=False),
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_table_round_trips_through_pandas(kb: KnowledgeBase, tmp_path: Path, fmt: str) -> None:
    paths = export(kb, tmp_path, fmt)
    assert [p.name for p in paths] == [f"{t}.{fmt}" for t in TABLES]
    counts = kb.counts()
    for table, path in zip(TABLES, paths, strict=True):
        df = READERS[fmt](path)
        assert len(df) == counts[table], table
        assert "id" in df.columns
    facts = READERS[fmt](tmp_path / f"facts.{fmt}")
    assert {"subject", "predicate", "valid_from", "valid_to", "sources", "dispute"} <= set(facts.columns)
    assert (facts["sources"].astype(str).str.len() > 0).all()


def test_unknown_format_or_table(kb: KnowledgeBase, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="format"):
        export(kb, tmp_path, "xls")
    with pytest.raises(ValueError, match="table"):
        export(kb, tmp_path, "csv", ("people",))
