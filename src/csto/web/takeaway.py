"""What every page offers besides itself: its downloads, its citation and where the record ends.

``takeaway`` gives a page the links to download exactly what it shows (``/api/download/...``, the
rows of its JSON twin) and the citation of the view; ``stale_planned`` finds the planned events a
page would otherwise present as still planned although their day has passed after the record ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from fastapi import Request

from csto.api.downloads import cite, download_links
from csto.periods import DateError, PartialDate
from csto.store import KnowledgeBase


def takeaway(
    request: Request,
    kb: KnowledgeBase,
    view: str,
    params: Mapping[str, Any],
    title: str,
    page: str,
    view_date: date | None = None,
    entity: str | None = None,
) -> dict[str, Any]:
    """Links (csv, json, cite) and the citation of the view ``title`` shown at ``page`` (a path with its query)."""
    url = str(request.base_url).rstrip("/") + page
    return {"links": download_links(view, params, entity), "citation": cite(kb, title, url, view_date), "view": view}


def _first_day(text: str) -> date | None:
    try:
        return PartialDate.parse(text).earliest
    except (DateError, ValueError):
        return None


def stale_planned(events: Iterable[Any], checked: date | None, until: date) -> set[str]:
    """Ids of planned events dated after the record ends (``checked``) and no later than ``until``."""
    if checked is None:
        return set()
    stale = set()
    for event in events:
        day = _first_day(event.date) if event.status == "planned" else None
        if day is not None and checked < day <= until:
            stale.add(event.id)
    return stale
