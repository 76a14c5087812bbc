"""Read the rule set from YAML, checking every record and naming file, line and field on error."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from csto.dataset.yamlio import YamlDocument, YamlProblem, read_yaml
from csto.model import Source
from csto.rules.errors import RulesDataError
from csto.rules.logic import REGISTRY
from csto.rules.proposal import Kind
from csto.rules.records import Dating, FrozenMap, Instrument, Provision, Version
from csto.rules.ruleset import RuleSet
from csto.rules.schema import (
    STAGES,
    InstrumentsFile,
    ProvisionRecord,
    ProvisionsFile,
    SourcesFile,
    VersionRecord,
)

RULES_DIR = Path(__file__).parent
KINDS = {k.value for k in Kind} | {"*"}

M = TypeVar("M", bound=BaseModel)


class Problems:
    """Collects problems across files, then raises them all at once."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, doc: YamlDocument | Path, loc: tuple[str | int, ...], message: str) -> None:
        path = doc.path if isinstance(doc, YamlDocument) else doc
        line = doc.line_of(loc) if isinstance(doc, YamlDocument) else None
        where = f"{path}:{line}" if line else str(path)
        field = ".".join(str(p) for p in loc)
        self.items.append(f"{where}: {field}: {message}" if field else f"{where}: {message}")

    def raise_if_any(self, what: str) -> None:
        if self.items:
            shown = self.items[:40] + ([f"... and {len(self.items) - 40} more"] if len(self.items) > 40 else [])
            raise RulesDataError(f"{len(self.items)} problem(s) in the {what}:\n" + "\n".join(shown))


def read_model(path: Path, model: type[M], problems: Problems) -> tuple[YamlDocument | None, M | None]:
    """Parse ``path`` into ``model``; problems (with lines) go to ``problems``."""
    try:
        doc = read_yaml(path)
    except YamlProblem as error:
        problems.items.append(str(error))
        return None, None
    try:
        return doc, model.model_validate(doc.data if doc.data is not None else {})
    except ValidationError as error:
        for item in error.errors():
            problems.add(doc, tuple(item["loc"]), item["msg"])
        return doc, None


def load_sources(path: Path, problems: Problems) -> dict[str, Source]:
    doc, parsed = read_model(path, SourcesFile, problems)
    sources: dict[str, Source] = {}
    if doc is None or parsed is None:
        return sources
    for index, source in enumerate(parsed.sources):
        if source.id in sources:
            problems.add(doc, ("sources", index, "id"), f"duplicate source id {source.id!r}")
        sources[source.id] = source
    return sources


def check_sources(
    doc: YamlDocument, loc: tuple[str | int, ...], ids: Iterable[str], sources: dict[str, Source], problems: Problems
) -> None:
    for sid in ids:
        if sid not in sources:
            problems.add(doc, loc, f"unknown source {sid!r} (define it in {RULES_DIR / 'sources.yaml'})")


def load_instruments(path: Path, sources: dict[str, Source], problems: Problems) -> dict[str, Instrument]:
    doc, parsed = read_model(path, InstrumentsFile, problems)
    instruments: dict[str, Instrument] = {}
    if doc is None or parsed is None:
        return instruments
    for index, rec in enumerate(parsed.instruments):
        loc: tuple[str | int, ...] = ("instruments", index)
        if rec.id in instruments:
            problems.add(doc, (*loc, "id"), f"duplicate instrument id {rec.id!r}")
        if rec.in_force_to is not None and rec.in_force_to < rec.in_force_from:
            problems.add(doc, (*loc, "in_force_to"), "ends before it enters into force")
        check_sources(doc, (*loc, "sources"), rec.sources, sources, problems)
        instruments[rec.id] = Instrument(
            id=rec.id,
            name=rec.name,
            short=rec.short,
            signed=rec.signed,
            in_force_from=rec.in_force_from,
            in_force_to=rec.in_force_to,
            dating=rec.dating,
            reference=rec.reference,
            sources=tuple(rec.sources),
            note=rec.note,
        )
    return instruments


def build_version(
    rec: ProvisionRecord | None,
    base: Version | None,
    vrec: VersionRecord,
    start: date,
    end: date | None,
    dating: Dating,
    reform: str | None = None,
    instrument: str | None = None,
) -> Version:
    """A version from its record, with defaults from the provision record or from an earlier version."""

    def pick(name: str) -> Any:
        value = getattr(vrec, name)
        if value is not None:
            return value
        if rec is not None and getattr(rec, name, None) is not None:
            return getattr(rec, name)
        if base is not None:
            return getattr(base, name)
        return None

    stage = pick("stage")
    return Version(
        start=start,
        end=end,
        instrument=vrec.instrument
        or instrument
        or (rec.instrument if rec else None)
        or (base.instrument if base else ""),
        article=pick("article") or "",
        summary=pick("summary") or "",
        applies_to=frozenset(pick("applies_to") or ()),
        stage=STAGES[stage] if isinstance(stage, str) else stage,
        order=pick("order") if pick("order") is not None else 50,
        logic=pick("logic") or "",
        params=FrozenMap(vrec.params if vrec.params is not None else (base.params if base else {})),
        sources=tuple(vrec.sources) or (base.sources if base else ()),
        dating=dating,
        amended_by=vrec.amended_by,
        note=vrec.note,
        reform=reform,
        enables=frozenset(pick("enables") or ()),
    )


def check_version(
    doc: YamlDocument,
    loc: tuple[str | int, ...],
    version: Version,
    instruments: dict[str, Instrument],
    sources: dict[str, Source],
    problems: Problems,
) -> None:
    """Cross-checks of one version against instruments, logic, kinds and sources."""
    instrument = instruments.get(version.instrument)
    if instrument is None:
        problems.add(doc, (*loc, "instrument"), f"unknown instrument {version.instrument!r}")
    elif version.start < instrument.in_force_from or (
        instrument.in_force_to is not None and (version.end is None or version.end > instrument.in_force_to)
    ):
        problems.add(
            doc, (*loc, "from"), f"{version.period} falls outside {instrument.short}'s force ({instrument.period})"
        )
    if version.amended_by and version.amended_by not in instruments:
        problems.add(doc, (*loc, "amended_by"), f"unknown instrument {version.amended_by!r}")
    unknown = sorted((set(version.applies_to) | set(version.enables)) - KINDS)
    if unknown:
        problems.add(doc, (*loc, "applies_to"), f"unknown kind(s) {unknown}; known: {sorted(KINDS)}")
    spec = REGISTRY.get(version.logic)
    if spec is None:
        problems.add(doc, (*loc, "logic"), f"unknown logic {version.logic!r}; known: {', '.join(sorted(REGISTRY))}")
    else:
        try:
            spec.params.model_validate(dict(version.params))
        except ValidationError as error:
            for item in error.errors():
                problems.add(doc, (*loc, "params", *item["loc"]), item["msg"])
    if not version.summary:
        problems.add(doc, (*loc, "summary"), "every version needs a one-line summary")
    if not version.sources:
        problems.add(doc, (*loc, "sources"), "every version needs at least one source")
    check_sources(doc, (*loc, "sources"), version.sources, sources, problems)


def build_provision(
    doc: YamlDocument,
    loc: tuple[str | int, ...],
    rec: ProvisionRecord,
    instruments: dict[str, Instrument],
    sources: dict[str, Source],
    problems: Problems,
) -> Provision | None:
    versions: list[Version] = []
    starts = [v.start for v in rec.versions]
    for index, vrec in enumerate(rec.versions):
        vloc = (*loc, "versions", index)
        start = vrec.start
        if start is None:
            problems.add(doc, (*vloc, "from"), "a version needs a `from` date")
            return None
        following = starts[index + 1] if index + 1 < len(starts) else None
        end = vrec.end if vrec.end is not None else (following - timedelta(days=1) if following else None)
        if end is not None and end < start:
            problems.add(doc, (*vloc, "to"), f"ends ({end}) before it starts ({start})")
            return None
        if versions and versions[-1].end is not None and start <= versions[-1].end:
            problems.add(doc, (*vloc, "from"), f"overlaps the previous version (ends {versions[-1].end})")
        instrument = vrec.instrument or rec.instrument or ""
        inst = instruments.get(instrument)
        dating = vrec.dating or (
            inst.dating
            if inst is not None and (start == inst.in_force_from or inst.dating is not Dating.ENTRY_INTO_FORCE)
            else Dating.ENTRY_INTO_FORCE
        )
        version = build_version(rec, versions[-1] if versions else None, vrec, start, end, dating)
        check_version(doc, vloc, version, instruments, sources, problems)
        versions.append(version)
    return Provision(id=rec.id, title=rec.title, versions=tuple(versions))


def load_provisions(
    directory: Path, instruments: dict[str, Instrument], sources: dict[str, Source], problems: Problems
) -> dict[str, Provision]:
    provisions: dict[str, Provision] = {}
    files = sorted(directory.glob("*.yaml"))
    if not files:
        problems.add(directory, (), "no provision files (*.yaml) found")
    for path in files:
        doc, parsed = read_model(path, ProvisionsFile, problems)
        if doc is None or parsed is None:
            continue
        for index, rec in enumerate(parsed.provisions):
            loc: tuple[str | int, ...] = ("provisions", index)
            if rec.id in provisions:
                problems.add(doc, (*loc, "id"), f"duplicate provision id {rec.id!r}")
                continue
            provision = build_provision(doc, loc, rec, instruments, sources, problems)
            if provision is not None:
                provisions[rec.id] = provision
    return provisions


@lru_cache(maxsize=8)
def load_rules(directory: Path = RULES_DIR) -> RuleSet:
    """The baseline rule set from ``directory`` (sources.yaml, instruments.yaml, provisions/*.yaml)."""
    problems = Problems()
    sources = load_sources(directory / "sources.yaml", problems)
    instruments = load_instruments(directory / "instruments.yaml", sources, problems)
    provisions = load_provisions(directory / "provisions", instruments, sources, problems)
    problems.raise_if_any(f"rule set in {directory}")
    return RuleSet(name="baseline", instruments=instruments, provisions=provisions, sources=sources)
