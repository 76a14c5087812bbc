"""Rewrite the generated part of docs/data-dictionary.md: the predicate table and the dataset size.

    .venv/bin/python scripts/predicate_table.py          # rewrite the file
    .venv/bin/python scripts/predicate_table.py --check  # exit 1 if it is out of date (the tests run this)
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from csto.dataset import DATA_DIR, load_dataset

DOC = Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md"
START = "| predicate | subject | object | value | single | defined in | meaning |"
END = "\n\n## The store"


def rows() -> list[str]:
    found = []
    for path in sorted(DATA_DIR.rglob("*.yaml")):
        for p in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("predicates") or []:
            value = p.get("value_type", "none")
            if value == "enum":
                value = f"enum ({', '.join(p['values'])})"
            if p.get("unit"):
                value += f", {p['unit']}"
            description = " ".join(str(p["description"]).split())
            found.append(
                f"| `{p['name']}` | {', '.join(p['subject_kinds'])} | {', '.join(p.get('object_kinds') or []) or '—'} "
                f"| {value} | {p.get('single_valued', 'none')} | {path.name} | {description} |"
            )
    return sorted(found)


def generated() -> str:
    dataset = load_dataset()
    size = (
        f"Dataset size today: {len(dataset.sources)} sources, {len(dataset.entities)} entities, "
        f"{len(dataset.facts)} facts, {len(dataset.events)} events."
    )
    return "\n".join([START, "| --- | --- | --- | --- | --- | --- | --- |", *rows(), "", size])


def updated(text: str) -> str:
    head, rest = text.split(START, 1)
    return head + generated() + rest[rest.index(END) :]


if __name__ == "__main__":
    current = DOC.read_text(encoding="utf-8")
    fresh = updated(current)
    if "--check" in sys.argv:
        sys.exit(0 if fresh == current else 1)
    DOC.write_text(fresh, encoding="utf-8")
