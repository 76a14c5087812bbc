"""Reforms: named patches that add, replace or remove provisions from a date on.

A reform is one file, ``reforms/NAME.yaml``: its rule changes and, under ``simulation``, its effect
on the crisis simulator. Applying a reform builds a new ``RuleSet``; the baseline is never edited
(its fingerprint is checked by the tests before and after every reform). Each reform cites where it
was proposed. ``compose`` is the one place where the baseline and named reforms are put together
(cached: rule sets are immutable); the CLI, the API, the pages and the simulator all call it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from csto.dataset.yamlio import YamlDocument
from csto.model import Source
from csto.rules.errors import ReformError, UnknownReformError
from csto.rules.loader import (
    RULES_DIR,
    Problems,
    build_version,
    check_sources,
    check_version,
    load_rules,
    load_sources,
    read_model,
)
from csto.rules.records import Dating, Instrument, Provision, Version
from csto.rules.ruleset import RuleSet
from csto.rules.schema import ChangeRecord, ReformRecord, SimulationRecord

REFORMS_DIR = RULES_DIR / "reforms"


@dataclass(frozen=True)
class Reform:
    """A reform as read from its file: what it changes, who proposed it, and the sources."""

    record: ReformRecord
    path: Path

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def effective_from(self) -> date:
        day: date = self.record.effective_from
        return day

    @property
    def simulation(self) -> SimulationRecord | None:
        """The reform's effect on the simulator (decision times, transit), or None if it has none."""
        return self.record.simulation

    def instrument(self, start: date, rules: RuleSet) -> Instrument:
        first = rules.sources.get(self.record.sources[0])
        return Instrument(
            id=f"reform-{self.name}",
            name=self.record.title,
            short=f"Reform {self.name}",
            in_force_from=start,
            in_force_to=None,
            dating=Dating.PROPOSED,
            reference=first.url if first else None,
            sources=tuple(self.record.sources),
            note=self.record.summary,
        )


def _cut(provision: Provision, last_day: date) -> tuple[Version, ...]:
    """The provision's versions up to ``last_day`` inclusive (the last one shortened)."""
    kept = []
    for version in provision.versions:
        if version.start > last_day:
            break
        if version.end is None or version.end > last_day:
            version = Version(**{**version.__dict__, "end": last_day})
        kept.append(version)
    return tuple(kept)


def apply_reform(rules: RuleSet, reform: Reform, start: date | None = None) -> RuleSet:
    """A new rule set: ``rules`` with ``reform`` applied from ``start`` (default: the reform's own date)."""
    day = start or reform.effective_from
    problems = Problems()
    doc, _ = read_model(reform.path, ReformRecord, problems)
    instrument = reform.instrument(day, rules)
    instruments = {**rules.instruments, instrument.id: instrument}
    provisions = dict(rules.provisions)
    sources = dict(rules.sources)
    for index, change in enumerate(reform.record.changes):
        loc: tuple[str | int, ...] = ("changes", index)
        try:
            _apply_change(change, reform, day, instrument, instruments, provisions)
        except ReformError as error:
            raise ReformError(f"{reform.path}: changes[{index}]: {error}") from None
        if doc is not None:
            for pid in _touched(change):
                if pid in provisions:
                    for vi, version in enumerate(provisions[pid].versions):
                        if version.reform == reform.name:
                            where = (*loc, "version" if change.action == "replace" else "new", vi)
                            check_version(doc, where, version, instruments, sources, problems)
    problems.raise_if_any(f"reform {reform.name}")
    return RuleSet(
        name=f"{rules.name}+{reform.name}",
        instruments=instruments,
        provisions=provisions,
        sources=sources,
        reforms=(*rules.reforms, reform.name),
    )


def _touched(change: ChangeRecord) -> list[str]:
    if change.action == "add" and change.new is not None:
        return [change.new.id]
    return [change.provision] if change.provision else []


def _apply_change(
    change: ChangeRecord,
    reform: Reform,
    day: date,
    instrument: Instrument,
    instruments: dict[str, Instrument],
    provisions: dict[str, Provision],
) -> None:
    if change.action == "add":
        if change.new is None:
            raise ReformError("an `add` change needs `new` (the provision added)")
        rec = change.new
        if rec.id in provisions:
            raise ReformError(f"provision {rec.id!r} already exists; use `replace`")
        if len(rec.versions) != 1:
            raise ReformError(f"an added provision has exactly one version, {rec.id!r} has {len(rec.versions)}")
        vrec = rec.versions[0]
        start = max(day, vrec.start) if vrec.start else day
        version = build_version(rec, None, vrec, start, None, Dating.PROPOSED, reform.name, instrument.id)
        provisions[rec.id] = Provision(id=rec.id, title=rec.title, versions=(version,))
        return
    target = change.provision
    if not target or target not in provisions:
        raise ReformError(f"cannot {change.action} unknown provision {target!r}")
    original = provisions[target]
    kept = _cut(original, day - timedelta(days=1))
    if change.action == "remove":
        if kept:
            provisions[target] = Provision(id=original.id, title=original.title, versions=kept)
        else:
            del provisions[target]
        return
    if change.version is None:
        raise ReformError("a `replace` change needs `version` (the replacing text)")
    start = max(day, original.start or day)
    base = original.at(start) or original.latest
    new = build_version(None, base, change.version, start, None, Dating.PROPOSED, reform.name, instrument.id)
    provisions[target] = Provision(id=original.id, title=original.title, versions=(*kept, new))


@lru_cache(maxsize=4)
def load_reforms(directory: Path = REFORMS_DIR, rules_dir: Path = RULES_DIR) -> dict[str, Reform]:
    """Every shipped reform by name, validated (sources must exist in the rule set's sources)."""
    problems = Problems()
    sources = load_sources(rules_dir / "sources.yaml", problems)
    reforms: dict[str, Reform] = {}
    for path in sorted(directory.glob("*.yaml")):
        doc, parsed = read_model(path, ReformRecord, problems)
        if doc is None or parsed is None:
            continue
        _check_reform(doc, parsed, sources, problems)
        if parsed.name in reforms:
            problems.add(doc, ("name",), f"duplicate reform name {parsed.name!r}")
        reforms[parsed.name] = Reform(record=parsed, path=path)
    problems.raise_if_any(f"reforms in {directory}")
    return reforms


def _check_reform(doc: YamlDocument, rec: ReformRecord, sources: dict[str, Source], problems: Problems) -> None:
    check_sources(doc, ("sources",), rec.sources, sources, problems)
    if rec.simulation is not None:
        check_sources(doc, ("simulation", "sources"), rec.simulation.sources, sources, problems)
    for index, change in enumerate(rec.changes):
        if change.action == "add" and change.new is None:
            problems.add(doc, ("changes", index), "an `add` change needs `new`")
        if change.action in ("replace", "remove") and not change.provision:
            problems.add(doc, ("changes", index), f"a `{change.action}` change needs `provision`")
        if change.action == "replace" and change.version is None:
            problems.add(doc, ("changes", index), "a `replace` change needs `version`")


def get_reform(name: str) -> Reform:
    reforms = load_reforms()
    try:
        return reforms[name]
    except KeyError:
        raise UnknownReformError(name, reforms) from None


@lru_cache(maxsize=64)
def compose(reforms: tuple[str, ...] = (), start: date | None = None) -> RuleSet:
    """The baseline with the named shipped reforms applied in order, each from ``start`` (default: its own date).

    ``compose()`` is the baseline itself. Unknown names raise ``UnknownReformError``. Cached, since
    rule sets are immutable: the CLI, the API, the pages and the simulator share the composed sets.
    """
    rules = load_rules()
    for name in reforms:
        rules = apply_reform(rules, get_reform(name), start)
    return rules


__all__ = ["Reform", "apply_reform", "compose", "get_reform", "load_reforms"]
