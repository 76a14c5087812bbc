"""How ``csto search --text`` prints a page of full-text matches: a table, the matched words highlighted.

The highlights are applied as styles on ``rich.text.Text`` ranges, never as console markup, so the
text of a record (or a query) cannot change the output's styling.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text

from csto.store.search import SearchPage

MATCH = "bold reverse"


def marked(value: str, marks: Sequence[tuple[int, int]]) -> Text:
    """``value`` as plain text with each ``[start, end)`` range styled as a match."""
    text = Text(value)
    for start, end in marks:
        if 0 <= start < end <= len(value):
            text.stylize(MATCH, start, end)
    return text


def results_renderable(page: SearchPage) -> Group:
    shown = f"{page.offset + 1}–{page.offset + len(page.results)} of " if page.results else ""
    counts = ", ".join(
        f"{n} {kind}" for kind, n in page.counts.items() if kind in ("event", "fact", "source", "entity")
    )
    noun = "match" if page.total == 1 else "matches"
    summary = Text(f"{shown}{page.total} {noun} for {' + '.join(page.terms) or 'nothing'}")
    if counts:
        summary.append(f" ({counts}, before the kind filter)", style="dim")
    table = Table(title="Full-text matches", show_lines=True)
    for column in ("Kind", "Date", "Title and text"):
        table.add_column(column)
    table.add_column("Id", overflow="fold")
    for r in page.results:
        body = marked(r.title, r.title_marks)
        body.stylize("bold")
        if r.snippet:
            body.append("\n")
            body.append_text(marked(r.snippet, r.snippet_marks))
        dates = " – ".join(d for d in (r.date, r.end_date) if d)
        table.add_row(f"{r.kind}\n{r.type or ''}", dates, body, r.id)
    return Group(summary, table)
