"""Scoring extraction against a gold set: precision, recall and F1 for events and mentions, date accuracy.

A gold file (YAML) names its text by file name and corpus and holds offsets, never the text:

    file: 000_e2a865bc433003ab.txt
    corpus: seeds
    published: "2024-06"
    mentions: [{entity: almaty, at: 180, end: 186, text: Almaty}]
    events: [{type: meeting, date: "2024-06-06", actors: [csto], place: almaty, at: 77}]
    dates: [{text: June 6, at: 3, value: "2024-06-06"}]

An event matches when the type is the same, the date agrees at the gold's precision (a null gold
date wants a null date) and at least one actor is shared. A mention matches when the entity is the
same and the spans overlap. Matching is one-to-one.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from csto.dataset.yamlio import YamlProblem, read_yaml
from csto.ingest.clean import clean
from csto.ingest.models import EventClaim, Extraction, Mention, RawDocument
from csto.ingest.readers import read_file

MANIFEST = "corpus.yaml"


class GoldError(ValueError):
    """A gold file or corpus that cannot be used, naming the file and the field."""


class GoldMention(BaseModel):
    model_config = ConfigDict(extra="forbid")
    entity: str
    at: int = Field(ge=0)
    end: int = Field(gt=0)
    text: str | None = None


class GoldEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: str
    date: str | None = None
    until: str | None = None
    actors: list[str] = Field(min_length=1)
    place: str | None = None
    status: str = "occurred"
    at: int = Field(ge=0)
    note: str | None = None


class GoldDate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    at: int = Field(ge=0)
    value: str | None
    until: str | None = None


class GoldDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str
    corpus: str
    published: str | None = None
    note: str | None = None
    mentions: list[GoldMention] = Field(default_factory=list)
    events: list[GoldEvent] = Field(default_factory=list)
    dates: list[GoldDate] = Field(default_factory=list)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Score:
    """Scores of one document or one corpus."""

    events: Counts = field(default_factory=Counts)
    mentions: Counts = field(default_factory=Counts)
    dates_right: int = 0
    dates_total: int = 0
    published_right: int = 0
    published_near: int = 0
    published_total: int = 0
    documents: int = 0
    misses: list[str] = field(default_factory=list)
    classes: Counter[str] = field(default_factory=Counter)

    def add(self, other: Score) -> None:
        self.events.add(other.events)
        self.mentions.add(other.mentions)
        self.dates_right += other.dates_right
        self.dates_total += other.dates_total
        self.published_right += other.published_right
        self.published_near += other.published_near
        self.published_total += other.published_total
        self.documents += other.documents
        self.misses += other.misses
        self.classes.update(other.classes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "events": self.events.as_dict(),
            "mentions": self.mentions.as_dict(),
            "date_accuracy": round(self.dates_right / self.dates_total, 4) if self.dates_total else 0.0,
            "dates": self.dates_total,
            "published_accuracy": round(self.published_right / self.published_total, 4)
            if self.published_total
            else 0.0,
            "published_within_a_day": round(self.published_near / self.published_total, 4)
            if self.published_total
            else 0.0,
        }


def date_agrees(gold: str | None, predicted: str | None) -> bool:
    """Agreement at the gold's precision: "2024-06" accepts "2024-06-06" but not "2024"."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return len(predicted) >= len(gold) and predicted[: len(gold)] == gold


def within_a_day(gold: str | None, predicted: str | None) -> bool:
    """Agreement at the gold's precision, or one day either side of a gold day (the issue's measure for
    publication dates: a report filed late in the evening is often dated the next morning)."""
    if date_agrees(gold, predicted):
        return True
    if gold is None or predicted is None or len(gold) != 10 or len(predicted) != 10:
        return False
    return abs((date.fromisoformat(gold) - date.fromisoformat(predicted)).days) <= 1


def _match(golds: list[Any], preds: list[Any], fits: Callable[[Any, Any], bool]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching (augmenting paths; the lists are short)."""
    options = [[j for j, p in enumerate(preds) if fits(g, p)] for g in golds]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(golds)):
        augment(i, set())
    return [(i, j) for j, i in owner.items()]


def _event_fits(gold: GoldEvent, pred: EventClaim) -> bool:
    return gold.type == pred.type and date_agrees(gold.date, pred.date) and bool(set(gold.actors) & set(pred.actor_ids))


def _mention_fits(gold: GoldMention, pred: Mention) -> bool:
    return gold.entity == pred.entity and pred.span[0] < gold.end and gold.at < pred.span[1]


def _date_error(gold: str | None, predicted: str | None) -> str:
    if predicted is None:
        return "no date"
    if gold is None:
        return "dated, gold undated"
    if gold.startswith(predicted):
        return "coarser"
    if gold[:4] != predicted[:4]:
        return "an earlier year" if predicted[:4] < gold[:4] else "a later year"
    return "same year, other day"


def error_classes(gold: GoldDocument, extraction: Extraction, matched: list[tuple[int, int]]) -> Counter[str]:
    """What kind of error each unmatched gold event and each unmatched extracted event is (counts only).

    A missed gold event is put in the first class that explains it: a left-over extracted event of
    the same type and actor with another date, of another type on the same date and actor, of the
    same type and date with other actors, or none at all. A left-over extracted event that would fit
    an already matched gold event is a duplicate.
    """
    classes: Counter[str] = Counter()
    preds = extraction.events
    free_g = [g for i, g in enumerate(gold.events) if i not in {i for i, _ in matched}]
    free_p = {j for j in range(len(preds))} - {j for _, j in matched}
    for g in free_g:
        acts = set(g.actors)
        same = [j for j in free_p if preds[j].type == g.type and acts & set(preds[j].actor_ids)]
        typed = [j for j in free_p if date_agrees(g.date, preds[j].date) and acts & set(preds[j].actor_ids)]
        dated = [j for j in free_p if preds[j].type == g.type and date_agrees(g.date, preds[j].date)]
        if same:
            j = same[0]
            classes[f"miss: wrong date ({_date_error(g.date, preds[j].date)})"] += 1
        elif typed:
            j = typed[0]
            classes[f"miss: wrong type ({g.type} -> {preds[j].type})"] += 1
        elif dated:
            j = dated[0]
            classes["miss: wrong actors"] += 1
        else:
            classes[f"miss: not found ({g.type})"] += 1
            continue
        free_p.discard(j)
    matched_golds = [gold.events[i] for i, _ in matched]
    for j in sorted(free_p):
        pred = preds[j]
        if any(_event_fits(g, pred) for g in matched_golds):
            classes[f"extra: duplicate ({pred.type})"] += 1
        elif pred.status != "occurred":
            classes[f"extra: {pred.status} ({pred.type})"] += 1
        elif pred.type == "statement" and any(p.span == pred.span and p.type != "statement" for p in preds):
            classes["extra: spurious (statement beside another event)"] += 1
        else:
            classes[f"extra: spurious ({pred.type})"] += 1
    document = extraction.document
    if not (gold.published is None or date_agrees(gold.published, document.published)):
        how = document.published_how
        if document.published is None:
            classes["published: none found"] += 1
        else:
            classes[f"published: {how}, {_date_error(gold.published, document.published)}"] += 1
    return classes


def score_document(gold: GoldDocument, extraction: Extraction) -> Score:
    score = Score(documents=1)
    matched = _match(gold.events, extraction.events, _event_fits)
    score.events = Counts(len(matched), len(extraction.events) - len(matched), len(gold.events) - len(matched))
    score.classes = error_classes(gold, extraction, matched)
    hit = {i for i, _ in matched}
    for i, event in enumerate(gold.events):
        if i not in hit:
            score.misses.append(f"{gold.file}@{event.at}: missed {event.type} {event.date} {event.actors}")
    mentions = _match(gold.mentions, extraction.mentions, _mention_fits)
    score.mentions = Counts(len(mentions), len(extraction.mentions) - len(mentions), len(gold.mentions) - len(mentions))
    for gold_date in gold.dates:
        end = gold_date.at + len(gold_date.text)
        found = [d for d in extraction.dates if d.span[0] < end and gold_date.at < d.span[1]]
        score.dates_total += 1
        if any(d.value == gold_date.value and (gold_date.until is None or d.end == gold_date.until) for d in found):
            score.dates_right += 1
    score.published_total = 1
    document = extraction.document
    if gold.published is None:
        # unknown: right if left unknown or given as a low-confidence estimate
        score.published_right = int(document.published is None or document.published_how in ("estimated", "anchored"))
        score.published_near = score.published_right
    else:
        score.published_right = int(date_agrees(gold.published, document.published))
        score.published_near = int(within_a_day(gold.published, document.published))
    return score


def load_gold(path: Path) -> GoldDocument:
    try:
        document = read_yaml(path)
        return GoldDocument.model_validate(document.data)
    except YamlProblem as error:
        raise GoldError(str(error)) from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise GoldError(f"{path}: {where}: {first['msg']}") from None


def gold_files(directory: Path) -> list[Path]:
    """Every gold annotation file under ``directory`` (the manifest and baseline excluded)."""
    return sorted(p for p in directory.rglob("*.yaml") if p.name != MANIFEST)


def corpus_dirs(directory: Path, extra: dict[str, Path] | None = None) -> dict[str, Path]:
    """Where each corpus's texts are: the manifest's paths, overridden by an environment variable or ``extra``."""
    manifest = directory / MANIFEST
    found: dict[str, Path] = {}
    if manifest.exists():
        data = read_yaml(manifest).data or {}
        for name, spec in (data.get("corpora") or {}).items():
            env = spec.get("env")
            if env and os.environ.get(env):
                found[name] = Path(os.environ[env])
            elif spec.get("path"):
                found[name] = (directory / spec["path"]).resolve()
    found.update(extra or {})
    return found


def text_path(gold: GoldDocument, directory: Path, corpora: dict[str, Path]) -> Path:
    if gold.corpus not in corpora:
        raise GoldError(f"{gold.file}: unknown corpus {gold.corpus!r}; known: {sorted(corpora)}")
    path = corpora[gold.corpus] / gold.file
    if not path.exists():
        raise GoldError(f"{gold.file}: not found in corpus {gold.corpus!r} ({corpora[gold.corpus]})")
    return path


def read_document(path: Path) -> RawDocument:
    docs = [d for d in read_file(path) if isinstance(d, RawDocument)]
    if len(docs) != 1:
        raise GoldError(f"{path}: a gold text must be one readable document")
    return docs[0]


@dataclass
class Report:
    corpora: dict[str, Score]
    total: Score

    def as_dict(self) -> dict[str, Any]:
        return {"corpora": {k: v.as_dict() for k, v in self.corpora.items()}, "total": self.total.as_dict()}


def evaluate(
    directory: Path,
    extract: Callable[[RawDocument], Extraction],
    corpora: dict[str, Path] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Score ``extract`` on every gold file under ``directory``."""
    where = corpus_dirs(directory, corpora)
    report = Report({}, Score())
    for gold_path in gold_files(directory):
        gold = load_gold(gold_path)
        path = text_path(gold, directory, where)
        raw = read_document(path)
        text = clean(raw).text
        for mention in gold.mentions:
            if mention.text is not None and text[mention.at : mention.end] != mention.text:
                raise GoldError(f"{gold_path}: mention at {mention.at} is not {mention.text!r}; has the text changed?")
        score = score_document(gold, extract(raw))
        report.corpora.setdefault(gold.corpus, Score()).add(score)
        report.total.add(score)
        if progress:
            progress(gold.file)
    return report


def summary_rows(report: Report) -> Iterable[tuple[str, dict[str, Any]]]:
    for name, score in sorted(report.corpora.items()):
        yield name, score.as_dict()
    yield "all", report.total.as_dict()
