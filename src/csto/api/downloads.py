"""Taking a view away: its rows as CSV, and how to cite it (plain text and BibTeX).

A view is what one page shows: the dashboard at a date, a page of the timeline with its filters, an
entity, a search. Its download is built from the JSON answer of the page's twin in the API (see
``csto.api.routes_download``), so the CSV has exactly the rows that answer has. The citation names
the package version, the dataset's digest and the store's revision (which changes with each accepted
claim), the day the record was last checked, the view's date and its address.

Pages import this module for the citation block and the links; it imports no route module.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

import csto
from csto.store import KnowledgeBase
from csto.store.engine import revision, stored_digest
from csto.store.history import record_checked

VIEWS = ("overview", "timeline", "entity", "search")
FORMATS = ("csv", "json", "cite")
AUTHOR = "csto contributors"
PROJECT = "csto: an executable, evidence-backed model of the Collective Security Treaty Organization"

OVERVIEW_COLUMNS = ("section", "id", "name", "detail", "status", "from", "to", "dispute", "sources")
TIMELINE_COLUMNS = (
    "id", "date", "end_date", "type", "status", "title", "summary", "place", "participants", "dispute",
    "rivals", "sources", "source_urls",
)  # fmt: skip
ENTITY_COLUMNS = (
    "section", "id", "type_or_predicate", "subject", "object_or_title", "value", "qualifier", "from", "to",
    "status", "dispute", "sources",
)  # fmt: skip
SEARCH_COLUMNS = ("section", "kind", "id", "type", "title", "date", "end_date", "about", "url", "snippet", "score")


@dataclass(frozen=True)
class Citation:
    """How to cite one view: the text, the BibTeX entry and what they are made of."""

    text: str
    bibtex: str
    title: str
    url: str
    view_date: str | None
    accessed: str
    package_version: str
    dataset_digest: str
    revision: str
    record_checked: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _bib_escape(text: str) -> str:
    """Text safe inside a BibTeX field: TeX's special characters escaped, braces balanced."""
    text = text.replace("\\", r"\textbackslash{}").replace("{", r"\{").replace("}", r"\}")
    return re.sub(r"([&%$#_])", r"\\\1", text).replace("~", r"\textasciitilde{}").replace("^", r"\^{}")


def _bib_key(title: str, digest: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:48].strip("-") or "view"
    return f"{words}-{digest[:8]}"


def cite(kb: KnowledgeBase, title: str, url: str, view_date: date | str | None, today: date | None = None) -> Citation:
    """The citation of the view called ``title`` at ``url``, as of ``view_date`` (None: not dated)."""
    today = today or date.today()
    digest = stored_digest(kb.engine) or "unknown"
    rev = revision(kb.engine)
    checked = record_checked(kb)
    checked_text = checked.isoformat() if checked else None
    when = str(view_date) if view_date else None
    version = csto.__version__
    edition = f"package version {version}, dataset {digest[:12]} (revision {rev})"
    parts = [
        f"{AUTHOR} ({today.year}). “{title}”. {PROJECT}; {edition}",
        f"record last checked {checked_text}" if checked_text else "record date not known",
    ]
    if when:
        parts.append(f"view as of {when}")
    text = ", ".join(parts) + f". {url} (accessed {today.isoformat()})."
    note = f"Dataset digest {digest}; store revision {rev}; record last checked {checked_text or 'unknown'}"
    if when:
        note += f"; view as of {when}"
    fields = {
        "author": f"{{{AUTHOR}}}",
        "title": _bib_escape(title),
        "howpublished": _bib_escape(f"{PROJECT}, {edition}"),
        "year": str(today.year),
        "version": _bib_escape(version),
        "note": _bib_escape(note),
        "url": url.replace("{", "%7B").replace("}", "%7D"),
        "urldate": today.isoformat(),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    bibtex = f"@misc{{{_bib_key(title, digest)},\n{body}\n}}\n"
    return Citation(
        text=text, bibtex=bibtex, title=title, url=url, view_date=when, accessed=today.isoformat(),
        package_version=version, dataset_digest=digest, revision=rev, record_checked=checked_text,
    )  # fmt: skip


def download_links(view: str, params: Mapping[str, Any], entity: str | None = None) -> dict[str, str]:
    """The download addresses of a view, one per format, with the view's own parameters."""
    path = f"/api/download/{view}" + (f"/{quote(entity, safe='')}" if entity is not None else "")
    kept = [(k, v) for k, v in params.items() if v not in (None, "")]
    return {fmt: f"{path}?{urlencode([*kept, ('format', fmt)])}" for fmt in FORMATS}


# -- rows ------------------------------------------------------------------------------------------


def _ids(items: Iterable[Mapping[str, Any]] | None) -> str:
    return ";".join(str(item["id"]) for item in items or [])


def _name(ref: Mapping[str, Any] | None) -> str | None:
    return ref["name"] if ref else None


def overview_rows(answer: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The dashboard's rows: members, the chair, officials, bodies and the latest events."""
    o = answer["overview"]
    rows = [
        {"section": "member", "id": m["state"]["id"], "name": m["state"]["name"], "status": m["status"],
         "from": m["since"], "to": m["until"], "dispute": m["fact"]["dispute"], "sources": _ids(m["fact"]["sources"])}
        for m in o["members"]
    ]  # fmt: skip
    chair = o["chair"]
    if chair["chair"]:
        fact = chair["fact"] or {}
        rows.append({
            "section": "chair", "id": chair["chair"]["id"], "name": chair["chair"]["name"],
            "detail": chair["body"]["name"], "from": fact.get("valid_from"), "to": fact.get("valid_to"),
            "dispute": fact.get("dispute"), "sources": _ids(fact.get("sources")),
        })  # fmt: skip
    rows += [
        {"section": "official", "id": h["holder"]["id"], "name": h["holder"]["name"], "detail": h["office"]["name"],
         "from": h["since"], "to": h["until"], "dispute": h["fact"]["dispute"], "sources": _ids(h["fact"]["sources"])}
        for h in o["officials"]
    ]  # fmt: skip
    rows += [
        {"section": "body", "id": b["body"]["id"], "name": b["body"]["name"], "detail": b["composed_of"],
         "from": b["since"], "sources": _ids(f for fact in b["facts"] for f in fact["sources"])}
        for b in o["bodies"]
    ]  # fmt: skip
    rows += [
        {"section": "event", "id": e["id"], "name": e["title"], "detail": e["type"], "status": e["status"],
         "from": e["date"], "to": e["end_date"], "dispute": e["dispute"], "sources": _ids(e["sources"])}
        for e in o["recent_events"]
    ]  # fmt: skip
    return rows


def timeline_rows(answer: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per event of the timeline page, participants and places by name."""
    return [
        {
            "id": e["id"], "date": e["date"], "end_date": e["end_date"], "type": e["type"], "status": e["status"],
            "title": e["title"], "summary": e["summary"], "place": _name(e["place"]),
            "participants": ";".join(f"{p['entity']['name']} ({p['role']})" for p in e["participants"]),
            "dispute": e["dispute"], "rivals": ";".join(e["rivals"]), "sources": _ids(e["sources"]),
            "source_urls": " ".join(s["url"] for s in e["sources"] if s.get("url")),
        }
        for e in answer["events"]
    ]  # fmt: skip


def entity_rows(answer: Mapping[str, Any]) -> list[dict[str, Any]]:
    """An entity's facts, then its events, as the entity page lists them."""
    rows = [
        {
            "section": "fact", "id": f["id"], "type_or_predicate": f["predicate"], "subject": f["subject"]["name"],
            "object_or_title": _name(f["object"]), "value": f["value"], "qualifier": f["qualifier"],
            "from": f["valid_from"], "to": f["valid_to"], "status": f["status"], "dispute": f["dispute"],
            "sources": _ids(f["sources"]),
        }
        for f in answer["facts"]
    ]  # fmt: skip
    rows += [
        {
            "section": "event", "id": e["id"], "type_or_predicate": e["type"], "subject": _name(e["place"]),
            "object_or_title": e["title"], "from": e["date"], "to": e["end_date"], "status": e["status"],
            "dispute": e["dispute"], "sources": _ids(e["sources"]),
        }
        for e in answer["events"]
    ]  # fmt: skip
    return rows


def search_rows(answer: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ranked results of a search (events, facts, sources, entities), then the entities matched by name."""
    rows = [
        {"section": "result", **{k: r.get(k) for k in SEARCH_COLUMNS if k != "section"}}
        for r in answer.get("results", [])
    ]
    for hit in answer.get("hits", []):
        ref = hit["entity"]
        rows.append({
            "section": "name match", "kind": ref["kind"], "id": ref["id"], "title": ref["name"],
            "snippet": hit["matched"], "score": hit["score"],
        })  # fmt: skip
    return rows


ROWS = {
    "overview": (OVERVIEW_COLUMNS, overview_rows),
    "timeline": (TIMELINE_COLUMNS, timeline_rows),
    "entity": (ENTITY_COLUMNS, entity_rows),
    "search": (SEARCH_COLUMNS, search_rows),
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    # A cell a spreadsheet would run as a formula is written as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(view: str, answer: Mapping[str, Any]) -> str:
    """The view's rows as CSV with a header line (UTF-8 text, RFC 4180 quoting)."""
    columns, rows_of = ROWS[view]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows_of(answer):
        writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue()
