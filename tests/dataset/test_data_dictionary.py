"""The generated part of docs/data-dictionary.md (predicates, dataset size) matches the dataset."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "predicate_table.py"


def test_the_predicate_table_is_current() -> None:
    spec = importlib.util.spec_from_file_location("predicate_table", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = module.DOC.read_text(encoding="utf-8")
    assert module.updated(current) == current, "run: .venv/bin/python scripts/predicate_table.py"
