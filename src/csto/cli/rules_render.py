"""Rich rendering for ``csto rules`` and ``csto decide`` (JSON output bypasses this module)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from csto.rules import Case, CaseDiff, Decision, Outcome, Provision, Reform, RuleSet, Version, YearCheck
from csto.rules.views import version_dict

OUTCOME_STYLE = {
    Outcome.ADOPTED: "bold green",
    Outcome.ADOPTED_LIMITED: "bold green",
    Outcome.EFFECTIVE: "bold green",
    Outcome.BLOCKED: "bold red",
    Outcome.INVALID: "bold red",
    Outcome.NOT_COVERED: "bold yellow",
}
STATUS_STYLE = {"agree": "green", "partial": "yellow", "disagree": "red", "missing": "magenta", "not_derivable": "dim"}


def outcome_text(outcome: Outcome, suffix: str = "") -> Text:
    return Text(outcome.value + suffix, style=OUTCOME_STYLE[outcome])


def provisions_table(rules: RuleSet, provisions: Sequence[Provision], at: date | None) -> Table:
    table = Table(title=f"Provisions ({rules.name}{f', in force on {at}' if at else ''})", show_lines=True)
    for column in ("Provision", "Instrument", "Art.", "In force", "Provides"):
        table.add_column(column, overflow="fold")
    for p in provisions:
        versions = [p.at(at)] if at else list(p.versions)
        for i, v in enumerate(v for v in versions if v is not None):
            table.add_row(p.id if i == 0 else "", rules.instruments[v.instrument].short, v.article, v.period, v.summary)
    return table


def provision_panel(rules: RuleSet, p: Provision, versions: Sequence[Version]) -> Panel:
    parts: list[Any] = [Text(p.title, style="bold")]
    for v in versions:
        d = version_dict(rules, v)
        text = Text()
        text.append(
            f"\n{d['instrument_name']}, art. {v.article}: in force {v.period} ({v.dating.value})\n", style="cyan"
        )
        text.append(f"{v.summary}\n")
        if v.amended_by:
            text.append(f"amended by: {rules.instruments[v.amended_by].name}\n", style="dim")
        if v.reform:
            text.append(f"reform: {v.reform}\n", style="magenta")
        applies = ", ".join(d["applies_to"]) or "(derivations only)"
        text.append(f"applies to: {applies}; stage {d['stage']}; logic {v.logic}\n", style="dim")
        if d["params"]:
            text.append(f"parameters: {json.dumps(d['params'], ensure_ascii=False)}\n", style="dim")
        if v.note:
            text.append(f"note: {v.note}\n", style="italic")
        for i, s in enumerate(d["sources"], 1):
            when = f", {s['date']}" if s.get("date") else ""
            text.append(f"  [{i}] {s['publisher']}, “{s['title']}”{when}, {s.get('url', '')}\n", style="dim")
        parts.append(text)
    return Panel(Group(*parts), title=p.id)


def reforms_table(rules: RuleSet, reforms: Sequence[Reform]) -> Table:
    table = Table(title="Reforms", show_lines=True)
    for column in ("Reform", "Proposed", "Changes", "Sources"):
        table.add_column(column, overflow="fold")
    for r in reforms:
        changes = "\n".join(f"{c.action} {c.provision or (c.new.id if c.new else '')}" for c in r.record.changes)
        cites = "\n".join(
            f"{rules.sources[s].publisher}, “{rules.sources[s].title}” {rules.sources[s].url or ''}"
            for s in r.record.sources
        )
        who = f"{r.record.proposed_by}, {r.record.proposed_on}"
        table.add_row(f"[bold]{r.name}[/]\n{r.record.title}", who, changes, cites)
    return table


def cases_table(title: str, results: Sequence[tuple[Case, Decision, list[str]]]) -> Table:
    table = Table(title=title)
    for column in ("Date", "Case", "Expected", "Outcome", "Why"):
        table.add_column(column, overflow="fold")
    for case, decision, problems in results:
        mark = " ≠ expected" if problems else ""
        table.add_row(
            str(case.date),
            case.record.title,
            case.record.expected.outcome,
            outcome_text(decision.outcome, mark),
            decision.reason,
        )
    return table


def diff_table(title: str, results: Sequence[CaseDiff]) -> Table:
    table = Table(title=title, show_lines=True)
    for column in ("Case", "Baseline", "Under the reform", "What else changes"):
        table.add_column(column, overflow="fold")
    for r in results:
        what = "; ".join(f"{k}: {b} → {a}" for k, (b, a) in r.changes.items() if k != "outcome") or "—"
        table.add_row(
            f"{r.case.id}\n[dim]{r.case.date}[/]",
            outcome_text(r.before.outcome),
            Group(outcome_text(r.after.outcome), Text(r.after.reason, style="dim")),
            what,
        )
    return table


def check_table(title: str, checks: Sequence[YearCheck]) -> Table:
    table = Table(title=title)
    for column in ("Post", "Year", "Derived", "Recorded", "Status", "Basis / note"):
        table.add_column(column, overflow="fold")
    for c in checks:
        recorded = "; ".join(map(str, c.recorded))
        status = Text(c.status.value, style=STATUS_STYLE[c.status.value])
        table.add_row(
            c.post, str(c.year), c.derived or "—", recorded, status, "; ".join(x for x in (c.basis, c.note) if x)
        )
    return table


def render_decision(d: Decision) -> Group:
    """A decision as a panel (outcome, who stands where) and its trace, article by article."""
    head = Text()
    head.append(d.outcome.value.replace("_", " ").upper(), style=OUTCOME_STYLE[d.outcome])
    head.append(f"  {d.reason}\n")
    groups = (
        ("taking part", d.participants),
        ("staying out", d.staying_out),
        ("blocked by", d.blocked_by),
        ("bound", d.bound),
    )
    for label, values in groups:
        if values:
            head.append(f"{label}: {', '.join(values)}\n")
    for state, why in d.excluded.items():
        head.append(f"vote not counted: {state}: {why}\n", style="dim")
    for key, value in d.effects.items():
        head.append(f"{key.replace('_', ' ')}: {value}\n", style="cyan")
    if d.disputed:
        rivals = "; ".join(
            f"{s} read as {d.membership.get(s)} (rival claims: {', '.join(r)})" for s, r in d.disputed.items()
        )
        head.append(f"disputed statuses: {rivals}\n", style="yellow")
    trace = Table(title="Trace")
    for column in ("#", "Provision", "Instrument, art.", "Finding"):
        trace.add_column(column, overflow="fold")
    for i, step in enumerate(d.trace, 1):
        finding = Text(step.finding)
        if step.caveat:
            finding.append(f"\n({step.caveat})", style="dim")
        trace.add_row(str(i), step.provision, f"{step.instrument}, {step.article}", finding)
    return Group(Panel(head, title=f"{d.proposal.kind.value} on {d.proposal.date}, rules: {d.rules}"), trace)
