"""``csto alignment STATE``: a member's alignment index over time, with its interval and evidence."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from csto.cli.problems import database_problem, fail, stdout


def alignment(
    state: Annotated[str, typer.Argument(help="A state's name or id, e.g. Armenia.")],
    start: Annotated[int | None, typer.Option("--from", help="First year (default 1992).")] = None,
    end: Annotated[int | None, typer.Option("--to", help="Last year (default this year).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON: points, participation and evidence.")] = False,
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default: CSTO_DATABASE_URL).")] = None,
) -> None:
    """A member's alignment index per year (−2 … +2) with its 90% interval and the ids behind each point."""
    from sqlalchemy.exc import SQLAlchemyError

    from csto.alignment.record import AlignmentQueryError, alignment_for
    from csto.store import StoreError, UnknownEntityError, open_store

    try:
        series = alignment_for(open_store(db), state, start, end)
    except UnknownEntityError as error:
        raise fail(str(error)) from None
    except AlignmentQueryError as error:
        raise fail(str(error)) from None
    except (StoreError, SQLAlchemyError) as error:
        raise fail(database_problem(error), 1) from None
    if as_json:
        typer.echo(json.dumps(series.as_dict(), indent=2, ensure_ascii=False))
        return
    from rich.table import Table

    table = Table(title=f"Alignment index: {series.name}, {series.first}–{series.last} (method: docs/alignment.md)")
    for col in ("year", "index", "90% interval", "attendance", "evidence"):
        table.add_column(col, justify="left" if col in ("year", "evidence") else "right")
    rows = {r.year: r for r in series.participation}
    for point in series.points:
        rate = rows[point.year].attendance_rate if point.year in rows else None
        shown = ", ".join(point.evidence[:3]) + (f" (+{len(point.evidence) - 3})" if len(point.evidence) > 3 else "")
        table.add_row(
            str(point.year),
            f"{point.mean:+.2f}",
            f"{point.low:+.2f} … {point.high:+.2f}",
            "—" if rate is None else f"{rate:.0%}",
            shown or "none (prior only)",
        )
    stdout().print(table)
