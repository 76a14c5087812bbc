"""Rich rendering of query answers for the terminal (JSON output bypasses this module)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from csto.store.answers import (
    BodyView,
    ChairAnswer,
    EntityReport,
    EventView,
    FactView,
    Membership,
    OfficeHolding,
    Overview,
    SearchHit,
    SourceRef,
    TimelinePage,
)
from csto.vocabulary import MemberStatus

STATUS_STYLE: dict[str, str] = {
    MemberStatus.FULL: "green",
    MemberStatus.FROZEN: "yellow",
    MemberStatus.SUSPENDED: "red",
    MemberStatus.WITHDRAWN: "dim",
    MemberStatus.SIGNATORY: "cyan",
    MemberStatus.OBSERVER: "blue",
    MemberStatus.PARTNER: "blue",
}


def _period(since: str | None, until: str | None) -> str:
    if not since and not until:
        return ""
    return f"{since or '…'} – {until or 'now'}"


def _dispute_mark(fact: FactView | None) -> str:
    return " [bold yellow]⚑ disputed[/]" if fact is not None and fact.disputed else ""


def _sources_lines(sources: Sequence[SourceRef]) -> Text:
    text = Text()
    for index, source in enumerate(sources, 1):
        text.append(f"  [{index}] {source.citation()}\n", style="dim")
    return text


def _rivals(fact: FactView) -> str:
    return "; ".join(
        f"rival claim: {r.value if r.value is not None else (r.object.name if r.object else '')}"
        f" {_period(r.valid_from, r.valid_to)} ({', '.join(s.publisher for s in r.sources)})"
        for r in fact.rivals
    )


def members_table(members: Sequence[Membership], show_sources: bool) -> Table:
    table = Table(title="Membership", show_lines=show_sources)
    table.add_column("State")
    table.add_column("Status")
    table.add_column("Period")
    table.add_column("Notes")
    for m in members:
        style = STATUS_STYLE.get(m.status, "")
        notes = Text.from_markup(_dispute_mark(m.fact).strip())
        if m.fact.rivals:
            notes.append(" " + _rivals(m.fact), style="yellow")
        if show_sources:
            notes.append("\n")
            notes.append_text(_sources_lines(m.fact.sources))
        table.add_row(m.state.name, Text(m.status, style=style), _period(m.since, m.until), notes)
    return table


def chair_text(answer: ChairAnswer, show_sources: bool) -> Text:
    if answer.chair is None:
        return Text(f"No chair of the {answer.body.name} is recorded for {answer.at}.")
    text = Text.from_markup(
        f"[bold]{answer.chair.name}[/] chairs the {answer.body.name} on {answer.at}"
        + (f" ({_period(answer.fact.valid_from, answer.fact.valid_to)})" if answer.fact else "")
        + _dispute_mark(answer.fact)
    )
    if show_sources and answer.fact:
        text.append("\n")
        text.append_text(_sources_lines(answer.fact.sources))
    return text


def officials_table(holdings: Sequence[OfficeHolding], show_sources: bool) -> Table:
    table = Table(title="Officials", show_lines=show_sources)
    for column in ("Office", "Holder", "Term", "Sources" if show_sources else "Notes"):
        table.add_column(column)
    for h in holdings:
        extra = _sources_lines(h.fact.sources) if show_sources else Text.from_markup(_dispute_mark(h.fact))
        table.add_row(h.office.name, h.holder.name, _period(h.since, h.until), extra)
    return table


def bodies_table(bodies: Sequence[BodyView]) -> Table:
    table = Table(title="Bodies")
    for column in ("Body", "Since", "Composed of", "Seat"):
        table.add_column(column)
    for b in bodies:
        table.add_row(b.body.name, b.since or "", b.composed_of or "", b.headquarters.name if b.headquarters else "")
    return table


def events_table(events: Sequence[EventView], show_sources: bool, title: str = "Timeline") -> Table:
    table = Table(title=title, show_lines=show_sources)
    for column in ("Date", "Type", "Event", "Place"):
        table.add_column(column, overflow="fold")
    for e in events:
        label = Text(e.title)
        if e.status != "occurred":
            label.append(f" [{e.status}]", style="magenta")
        if e.dispute:
            label.append(f" ⚑ disputed (rival accounts: {', '.join(e.rivals)})", style="yellow")
        if show_sources:
            label.append("\n")
            label.append_text(_sources_lines(e.sources))
        when = e.date + (f" – {e.end_date}" if e.end_date else "")
        table.add_row(when, e.type, label, e.place.name if e.place else "")
    return table


def timeline_renderable(page: TimelinePage, show_sources: bool) -> Group:
    shown = f"{page.offset + 1}–{page.offset + len(page.events)}" if page.events else "0"
    return Group(events_table(page.events, show_sources), Text(f"showing {shown} of {page.total}", style="dim"))


def facts_table(facts: Sequence[FactView], show_sources: bool, title: str = "Facts") -> Table:
    table = Table(title=title, show_lines=show_sources)
    for column in ("Subject", "Predicate", "Object / value", "Period", "Notes"):
        table.add_column(column, overflow="fold")
    for f in facts:
        target = f.object.name if f.object else ""
        if f.value is not None:
            target = f"{target} {f.value}".strip()
        if f.qualifier:
            target += f" ({f.qualifier})"
        notes = Text.from_markup(_dispute_mark(f).strip())
        if f.rivals:
            notes.append(" " + _rivals(f), style="yellow")
        if show_sources:
            notes.append("\n")
            notes.append_text(_sources_lines(f.sources))
        table.add_row(f.subject.name, f.predicate, target, _period(f.valid_from, f.valid_to), notes)
    return table


def entity_renderable(report: EntityReport, show_sources: bool) -> Group:
    e = report.entity
    header = Text.from_markup(f"[bold]{e.name}[/] ({e.kind}, id [cyan]{e.id}[/])\n")
    if e.description:
        header.append(e.description + "\n")
    if e.aliases:
        header.append("Also known as: " + ", ".join(e.aliases) + "\n", style="dim")
    if e.external_ids:
        header.append("Ids: " + ", ".join(f"{k}={v}" for k, v in e.external_ids.items()) + "\n", style="dim")
    parts: list[Table | Text | Panel] = [Panel(header, expand=False)]
    if report.facts:
        parts.append(facts_table(report.facts, show_sources))
    if report.disputes:
        parts.append(facts_table(report.disputes, True, title="Disputed claims, side by side"))
    if report.events:
        parts.append(events_table(report.events, show_sources, title="Events"))
    return Group(*parts)


def search_table(hits: Sequence[SearchHit]) -> Table:
    table = Table(title="Search results")
    for column in ("Entity", "Kind", "Id", "Matched", "Score"):
        table.add_column(column)
    for h in hits:
        table.add_row(h.entity.name, h.entity.kind, h.entity.id, h.matched, f"{h.score:.2f}")
    return table


def overview_renderable(o: Overview, defaulted: bool, show_sources: bool) -> Group:
    title = f"The CSTO on {o.at}" + (" (today)" if defaulted else "")
    full = [m.state.name for m in o.members if m.status == "full"]
    other = [
        f"{m.state.name} ({m.status})" for m in o.members if m.status not in (MemberStatus.FULL, MemberStatus.WITHDRAWN)
    ]
    summary = Text.from_markup(
        f"[bold]{len(full)} full members:[/] {', '.join(full) or 'none'}\n"
        + (f"[bold]Other statuses:[/] {', '.join(other)}\n" if other else "")
        + (f"[bold]Chair:[/] {o.chair.chair.name}\n" if o.chair.chair else "[bold]Chair:[/] not recorded\n")
        + "".join(
            f"[bold]{h.office.name}:[/] {h.holder.name} (since {h.since})\n"
            for h in o.officials
            if h.office.id == "secretary-general"
        )
        + f"[dim]{o.counts['entities']} entities, {o.counts['facts']} facts, {o.counts['events']} events, "
        + f"{o.counts['sources']} sources[/]"
    )
    return Group(
        Panel(summary, title=title, expand=False),
        members_table(o.members, show_sources),
        officials_table(o.officials, show_sources),
        bodies_table(o.bodies),
        events_table(o.recent_events, show_sources, title="Latest events"),
    )


def print_json(console: Console, payload: str) -> None:
    console.print_json(payload) if console.is_terminal else print(payload)
