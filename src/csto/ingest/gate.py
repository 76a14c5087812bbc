"""The evaluation gate: floors for the gold-set scores and a SHA-256 pin of the gold corpus.

``baseline.json`` (beside the gold files) holds, per corpus, floors for event F1, mention F1, date
accuracy and publication-date accuracy, a noise tolerance, and the SHA-256 of every gold file and
every text it annotates. ``check`` fails when a score falls below its floor or a pinned file
changed; ``updated`` re-pins the corpus and raises floors, and lowers one only when told to.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from csto.ingest.evaluate import Report, corpus_dirs, gold_files, load_gold, text_path

BASELINE = "baseline.json"
METRICS: dict[str, tuple[str, ...]] = {
    "event_f1": ("events", "f1"),
    "mention_f1": ("mentions", "f1"),
    "date_accuracy": ("date_accuracy",),
    "published_accuracy": ("published_accuracy",),
}


def _metric(values: dict[str, Any], path: tuple[str, ...]) -> float:
    found: Any = values
    for key in path:
        found = found[key]
    return float(found)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corpus_pins(directory: Path, corpora: dict[str, Path] | None = None) -> dict[str, str]:
    """SHA-256 of every gold file (by path under ``directory``) and of every text (by corpus/file)."""
    where = corpus_dirs(directory, corpora)
    pins: dict[str, str] = {}
    for path in gold_files(directory):
        pins[path.relative_to(directory).as_posix()] = sha256(path)
        gold = load_gold(path)
        pins[f"{gold.corpus}:{gold.file}"] = sha256(text_path(gold, directory, where))
    return dict(sorted(pins.items()))


def scores(report: Report) -> dict[str, dict[str, float]]:
    return {
        name: {metric: round(_metric(score.as_dict(), path), 4) for metric, path in METRICS.items()}
        for name, score in report.corpora.items()
    }


def load_baseline(directory: Path) -> dict[str, Any]:
    path = directory / BASELINE
    if not path.exists():
        return {"tolerance": 0.0005, "floors": {}, "corpus": {}}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def check(report: Report, baseline: dict[str, Any], pins: dict[str, str]) -> list[str]:
    """Every way the run falls short of the baseline (empty: the gate passes)."""
    failures: list[str] = []
    pinned: dict[str, str] = baseline.get("corpus", {})
    for name in sorted(set(pinned) | set(pins)):
        if name not in pins:
            failures.append(f"{name}: pinned but missing from the gold corpus")
        elif name not in pinned:
            failures.append(f"{name}: in the gold corpus but not pinned (run with --update-baseline)")
        elif pinned[name] != pins[name]:
            failures.append(f"{name}: SHA-256 changed since the baseline was pinned")
    tolerance = float(baseline.get("tolerance", 0.0005))
    current = scores(report)
    for corpus, floors in baseline.get("floors", {}).items():
        if corpus not in current:
            failures.append(f"{corpus}: no documents scored")
            continue
        for metric, floor in floors.items():
            value = current[corpus].get(metric)
            if value is None or value + tolerance < float(floor):
                failures.append(f"{corpus} {metric}: {value} is below the floor {floor}")
    return failures


def updated(
    report: Report, baseline: dict[str, Any], pins: dict[str, str], allow_regression: bool = False
) -> dict[str, Any]:
    """A new baseline: the corpus re-pinned, floors raised to today's scores (lowered only if allowed)."""
    floors: dict[str, dict[str, float]] = {k: dict(v) for k, v in baseline.get("floors", {}).items()}
    for corpus, values in scores(report).items():
        old = floors.setdefault(corpus, {})
        for metric, value in values.items():
            if metric not in old or value >= old[metric] or allow_regression:
                old[metric] = value
    return {"tolerance": baseline.get("tolerance", 0.0005), "floors": floors, "corpus": pins}


def save_baseline(directory: Path, baseline: dict[str, Any]) -> Path:
    path = directory / BASELINE
    path.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
