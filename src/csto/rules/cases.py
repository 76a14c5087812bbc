"""Historical cases as data: one YAML file per case, run against the rules and compared.

Each case states a proposal, the members' positions, the expected legal outcome and its sources.
Membership on the case's date comes from the knowledge base unless the case gives its own table.
``diff_cases`` runs every case under the baseline and under a reform and lists what changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csto.rules.context import Decision
from csto.rules.engine import decide
from csto.rules.errors import ProposalError, RulesDataError
from csto.rules.loader import RULES_DIR, Problems, check_sources, load_rules, load_sources, read_model
from csto.rules.membership import Roster
from csto.rules.proposal import Position, Proposal, parse_positions, parse_proposal
from csto.rules.reforms import Reform, apply_reform
from csto.rules.ruleset import RuleSet
from csto.rules.schema import CaseRecord

if TYPE_CHECKING:
    from csto.store import KnowledgeBase

CASES_DIR = RULES_DIR / "cases"


@dataclass(frozen=True)
class Case:
    record: CaseRecord
    path: Path
    proposal: Proposal
    positions: dict[str, Position]

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def date(self) -> date:
        return self.proposal.date

    def roster(self, kb: KnowledgeBase | None) -> Roster:
        if self.record.membership is not None:
            return Roster.from_mapping(self.record.membership, self.date, origin=f"case {self.id}")
        if kb is None:
            raise ProposalError(f"case {self.id} takes membership from the knowledge base, and none was given")
        return Roster.from_kb(kb, self.date)


@lru_cache(maxsize=4)
def load_cases(directory: Path = CASES_DIR, rules_dir: Path = RULES_DIR) -> tuple[Case, ...]:
    """Every case in ``directory``, validated (proposal, positions, sources), sorted by date."""
    problems = Problems()
    sources = load_sources(rules_dir / "sources.yaml", problems)
    cases: dict[str, Case] = {}
    for path in sorted(directory.glob("*.yaml")):
        doc, rec = read_model(path, CaseRecord, problems)
        if doc is None or rec is None:
            continue
        check_sources(doc, ("sources",), rec.sources, sources, problems)
        if path.stem != rec.id:
            problems.add(doc, ("id",), f"the id {rec.id!r} must match the file name {path.stem!r}")
        if rec.id in cases:
            problems.add(doc, ("id",), f"duplicate case id {rec.id!r}")
        try:
            proposal = parse_proposal(rec.proposal, where="proposal")
            positions = parse_positions(rec.positions, where="positions")
        except ProposalError as error:
            problems.add(doc, ("proposal",), str(error))
            continue
        cases[rec.id] = Case(record=rec, path=path, proposal=proposal, positions=positions)
    problems.raise_if_any(f"cases in {directory}")
    return tuple(sorted(cases.values(), key=lambda c: (c.date, c.id)))


def run_case(case: Case, kb: KnowledgeBase | None, rules: RuleSet | None = None) -> Decision:
    return decide(case.proposal, case.positions, case.roster(kb), rules or load_rules())


def check_case(case: Case, decision: Decision) -> list[str]:
    """How the decision differs from what the case expects (empty when it matches)."""
    exp = case.record.expected
    problems = []
    if decision.outcome.value != exp.outcome:
        problems.append(f"outcome: expected {exp.outcome}, got {decision.outcome.value} ({decision.reason})")
    for name in ("participants", "staying_out", "blocked_by", "bound"):
        wanted = getattr(exp, name)
        if wanted is not None and sorted(wanted) != getattr(decision, name):
            problems.append(f"{name}: expected {sorted(wanted)}, got {getattr(decision, name)}")
    if exp.excluded is not None and sorted(exp.excluded) != sorted(decision.excluded):
        problems.append(f"excluded: expected {sorted(exp.excluded)}, got {sorted(decision.excluded)}")
    applied = {step.provision for step in decision.trace}
    missing = [p for p in exp.provisions if p not in applied]
    if missing:
        problems.append(f"trace lacks {missing} (applied: {sorted(applied)})")
    return problems


@dataclass(frozen=True)
class CaseDiff:
    """One case under the baseline and under a reform."""

    case: Case
    before: Decision
    after: Decision
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def outcome_changed(self) -> bool:
        return "outcome" in self.changes


def diff_cases(
    reform: Reform,
    kb: KnowledgeBase | None,
    start: date | None = None,
    baseline: RuleSet | None = None,
    cases: tuple[Case, ...] | None = None,
) -> list[CaseDiff]:
    """Run every case under ``baseline`` and under ``reform`` applied from ``start``; report all of them.

    ``start`` defaults to the baseline's earliest instrument, so that each case is asked "what if the
    reform had been in force then?".
    """
    base = baseline or load_rules()
    reformed = apply_reform(base, reform, start or base.earliest)
    results = []
    for case in cases if cases is not None else load_cases():
        roster = case.roster(kb)
        before = decide(case.proposal, case.positions, roster, base)
        after = decide(case.proposal, case.positions, roster, reformed)
        b, a = before.summary(), after.summary()
        changes = {key: (b[key], a[key]) for key in b if b[key] != a[key] and key != "effects"}
        for key in sorted(set(b["effects"]) | set(a["effects"])):
            if b["effects"].get(key) != a["effects"].get(key):
                changes[f"effects.{key}"] = (b["effects"].get(key), a["effects"].get(key))
        results.append(CaseDiff(case=case, before=before, after=after, changes=changes))
    return results


__all__ = ["CASES_DIR", "Case", "CaseDiff", "RulesDataError", "check_case", "diff_cases", "load_cases", "run_case"]
