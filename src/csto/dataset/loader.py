"""Load the curated YAML dataset, validating every file and every cross-reference.

``load_dataset`` either returns a complete ``Dataset`` or raises ``DatasetError`` listing every
problem with its file, line and field; it never returns something half-checked.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from pydantic import ValidationError

from csto.dataset.yamlio import YamlDocument, YamlProblem, read_yaml
from csto.model import (
    DatasetFile,
    Entity,
    Event,
    Fact,
    Predicate,
    SingleValued,
    Source,
    ValueType,
)

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the dataset, located as precisely as we can."""

    path: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DatasetError(Exception):
    """The dataset failed validation; ``problems`` lists every failure found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [str(p) for p in problems[:50]]
        if len(problems) > 50:
            lines.append(f"... and {len(problems) - 50} more")
        super().__init__(f"{len(problems)} problem(s) in the dataset:\n" + "\n".join(lines))


@dataclass(frozen=True)
class Origin:
    path: Path
    line: int | None


@dataclass
class Dataset:
    """The validated curated dataset, merged from all files."""

    sources: dict[str, Source] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    predicates: dict[str, Predicate] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    digest: str = ""

    def counts(self) -> dict[str, int]:
        return {
            "sources": len(self.sources),
            "entities": len(self.entities),
            "predicates": len(self.predicates),
            "facts": len(self.facts),
            "events": len(self.events),
        }


def _loc_text(loc: tuple[str | int, ...]) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")


def _parse_file(doc: YamlDocument, problems: list[Problem]) -> DatasetFile | None:
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        problems.append(Problem(doc.path, 1, "", "the file must be a mapping of sections"))
        return None
    try:
        return DatasetFile.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(item["loc"])
            problems.append(Problem(doc.path, doc.line_of(loc), _loc_text(loc), item["msg"]))
        return None


def _record_key(record: object) -> str:
    if isinstance(record, Fact):
        return record.key()
    if isinstance(record, Predicate):
        return record.name
    assert isinstance(record, Source | Entity | Event)
    return record.id


class _Collector:
    """Merges files into a Dataset while recording where each record came from."""

    def __init__(self) -> None:
        self.dataset = Dataset()
        self.problems: list[Problem] = []

    def add(self, doc: YamlDocument, parsed: DatasetFile) -> None:
        sections: list[tuple[str, list[Source] | list[Entity] | list[Predicate] | list[Fact] | list[Event]]] = [
            ("sources", parsed.sources),
            ("entities", parsed.entities),
            ("predicates", parsed.predicates),
            ("facts", parsed.facts),
            ("events", parsed.events),
        ]
        for section, records in sections:
            target = getattr(self.dataset, section)
            for index, record in enumerate(records):
                key = _record_key(record)
                origin = Origin(doc.path, doc.line_of((section, index)))
                previous = self.dataset.origins.get((section, key))
                if previous is not None:
                    self.problems.append(
                        Problem(
                            origin.path,
                            origin.line,
                            f"{section}[{index}]",
                            f"duplicate id {key!r} (first defined at {previous.path}:{previous.line})",
                        )
                    )
                    continue
                target[key] = record
                self.dataset.origins[(section, key)] = origin

    def problem(self, section: str, key: str, field_name: str, message: str) -> None:
        origin = self.dataset.origins.get((section, key), Origin(Path("?"), None))
        self.problems.append(Problem(origin.path, origin.line, f"{section}[{key}].{field_name}", message))


def _check_references(c: _Collector) -> None:
    ds = c.dataset
    for key, entity in ds.entities.items():
        for source in entity.sources:
            if source not in ds.sources:
                c.problem("entities", key, "sources", f"unknown source {source!r}")
    for key, fact in ds.facts.items():
        _check_fact(c, key, fact)
    for key, event in ds.events.items():
        for source in event.sources:
            if source not in ds.sources:
                c.problem("events", key, "sources", f"unknown source {source!r}")
        if event.place is not None and event.place not in ds.entities:
            c.problem("events", key, "place", f"unknown entity {event.place!r}")
        for participant in event.participants:
            if participant.entity not in ds.entities:
                c.problem("events", key, "participants", f"unknown entity {participant.entity!r}")
        for about in event.about:
            if about not in ds.entities:
                c.problem("events", key, "about", f"unknown entity {about!r}")


def _check_fact(c: _Collector, key: str, fact: Fact) -> None:
    ds = c.dataset
    for source in fact.sources:
        if source not in ds.sources:
            c.problem("facts", key, "sources", f"unknown source {source!r}")
    predicate = ds.predicates.get(fact.predicate)
    if predicate is None:
        c.problem("facts", key, "predicate", f"unknown predicate {fact.predicate!r}")
        return
    subject = ds.entities.get(fact.subject)
    if subject is None:
        c.problem("facts", key, "subject", f"unknown entity {fact.subject!r}")
    elif subject.kind not in predicate.subject_kinds:
        c.problem(
            "facts",
            key,
            "subject",
            f"{fact.subject!r} is a {subject.kind}; {predicate.name} takes {[str(k) for k in predicate.subject_kinds]}",
        )
    if predicate.object_kinds:
        target = ds.entities.get(fact.object) if fact.object else None
        if fact.object is None:
            c.problem("facts", key, "object", f"{predicate.name} needs an object")
        elif target is None:
            c.problem("facts", key, "object", f"unknown entity {fact.object!r}")
        elif target.kind not in predicate.object_kinds:
            c.problem(
                "facts",
                key,
                "object",
                f"{fact.object!r} is a {target.kind}; {predicate.name} takes {[str(k) for k in predicate.object_kinds]}",  # noqa: E501
            )
    elif fact.object is not None:
        c.problem("facts", key, "object", f"{predicate.name} takes no object")
    message = _value_problem(predicate, fact)
    if message:
        c.problem("facts", key, "value", message)


def _value_problem(predicate: Predicate, fact: Fact) -> str | None:
    value = fact.value
    kind = predicate.value_type
    if kind is ValueType.NONE:
        return None if value is None else f"{predicate.name} takes no value"
    if value is None:
        return f"{predicate.name} needs a value ({kind})"
    if kind is ValueType.INTEGER and (not isinstance(value, int) or isinstance(value, bool)):
        return f"expected an integer, got {value!r}"
    if kind is ValueType.NUMBER and (not isinstance(value, int | float) or isinstance(value, bool)):
        return f"expected a number, got {value!r}"
    if kind is ValueType.ENUM and value not in predicate.values:
        return f"{value!r} is not one of {predicate.values}"
    if kind in (ValueType.TEXT, ValueType.DATE) and not isinstance(value, str):
        return f"expected text, got {value!r}"
    return None


def _slot(predicate: Predicate, fact: Fact) -> tuple[str, ...] | None:
    mode = predicate.single_valued
    if mode is SingleValued.SUBJECT:
        return (fact.subject,)
    if mode is SingleValued.OBJECT:
        return (fact.object or "",)
    if mode is SingleValued.SUBJECT_OBJECT:
        return (fact.subject, fact.object or "")
    if mode is SingleValued.SUBJECT_QUALIFIER:
        return (fact.subject, fact.qualifier or "")
    return None


def _check_conflicts(c: _Collector) -> None:
    """Overlapping rival values of a single-valued predicate must be declared a dispute."""
    ds = c.dataset
    slots: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key, fact in ds.facts.items():
        predicate = ds.predicates.get(fact.predicate)
        if predicate is None:
            continue
        slot = _slot(predicate, fact)
        if predicate.name == "holds_office" and fact.object is not None:
            office = ds.entities.get(fact.object)
            if office is not None and office.attributes.get("single_holder") is True:
                slot = (fact.object,)
        if slot is not None:
            slots[(fact.predicate, *slot)].append(key)
    for keys in slots.values():
        for a, b in combinations(keys, 2):
            fa, fb = ds.facts[a], ds.facts[b]
            same = (fa.subject, fa.object, fa.value) == (fb.subject, fb.object, fb.value)
            if same or not fa.period.certainly_overlaps(fb.period):
                continue
            if fa.dispute and fa.dispute == fb.dispute:
                continue
            c.problem(
                "facts",
                b,
                "valid_from",
                f"overlaps fact {a!r} with a different value; end one period or give both the same `dispute` key",
            )


def folder_digest(directory: Path = DATA_DIR) -> str:
    """SHA-256 over every ``*.yaml`` under ``directory`` (relative path and bytes), without parsing."""
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*.yaml")):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


POSITIONS_FOLDER = "positions"
"""The sub-folder of members' position claims: part of the digest, read by ``csto.dataset.positions``."""


def load_dataset(directory: Path = DATA_DIR) -> Dataset:
    """Read and validate every ``*.yaml`` file under ``directory`` (position claims only enter the digest)."""
    if not directory.is_dir():
        raise DatasetError([Problem(directory, None, "", "dataset directory does not exist")])
    c = _Collector()
    paths = sorted(directory.rglob("*.yaml"))
    if not paths:
        raise DatasetError([Problem(directory, None, "", "no .yaml files found")])
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(path.read_bytes())
        if path.relative_to(directory).parts[0] == POSITIONS_FOLDER:
            continue
        try:
            doc = read_yaml(path)
        except YamlProblem as error:
            c.problems.append(Problem(error.path, error.line, "", error.message))
            continue
        parsed = _parse_file(doc, c.problems)
        if parsed is not None:
            c.add(doc, parsed)
    if not c.problems:
        _check_references(c)
        _check_conflicts(c)
    if c.problems:
        raise DatasetError(c.problems)
    c.dataset.digest = digest.hexdigest()
    return c.dataset
