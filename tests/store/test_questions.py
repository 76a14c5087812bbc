"""The table of dated questions (questions.yaml) answered through the Python API and the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from csto.cli import app
from csto.periods import PartialDate, parse_day
from csto.store import KnowledgeBase

QUESTIONS: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "questions.yaml").read_text("utf-8"))


def _as_list(value: Any) -> list[str]:
    return value if isinstance(value, list) else [value]


def _events(kb: KnowledgeBase, q: dict[str, Any]) -> bool:
    within = PartialDate.parse(q["within"])
    page = kb.timeline(start=str(within), end=str(within), types=[q["type"]], limit=500)
    for event in page.events:
        roles = {(p.entity.id, p.role) for p in event.participants}
        involved = {p.entity.id for p in event.participants} | {a.id for a in event.about}
        if event.place:
            involved.add(event.place.id)
        if any((entity, role) not in roles for entity, role in q.get("roles", {}).items()):
            continue
        if not set(_as_list(q.get("involving", []))) <= involved:
            continue
        if "about" in q and q["about"] not in {a.id for a in event.about}:
            continue
        if "place" in q and (event.place is None or event.place.id != q["place"]):
            continue
        if "status" in q and event.status != q["status"]:
            continue
        return True
    return False


def answer(kb: KnowledgeBase, q: dict[str, Any]) -> Any:
    """Ask one question of the knowledge base and return the comparable answer."""
    at: date | None = parse_day(q["at"]) if "at" in q else None
    ask = q["ask"]
    if ask in ("status", "status_not"):
        assert at is not None
        membership = kb.status_of(q["state"], at)
        return membership.status if membership else None
    if ask == "full_members":
        assert at is not None
        return sorted(m.state.id for m in kb.members(at) if m.status == "full")
    if ask == "chair":
        assert at is not None
        chair = kb.chair(at).chair
        return chair.id if chair else None
    if ask == "office":
        assert at is not None
        holders = [h.holder.id for h in kb.officials(at, q["office"])]
        return holders[0] if len(holders) == 1 else holders
    if ask == "nationality":
        return next(
            (f.object.id for f in kb.facts_about(q["person"]) if f.predicate == "nationality" and f.object), None
        )
    if ask == "active_from":
        predicate = q.get("predicate", "active")
        facts = [f for f in kb.facts_about(q["entity"]) if f.predicate == predicate and f.subject.id == q["entity"]]
        return min((f.valid_from for f in facts if f.valid_from), default=None)
    if ask == "body_exists":
        assert at is not None
        return any(b.body.id == q["body"] for b in kb.bodies(at))
    if ask == "headquarters":
        return next(
            (f.object.id for f in kb.facts_about(q["entity"]) if f.predicate == "headquarters" and f.object), None
        )
    if ask == "value":
        values = {
            f.value
            for f in kb.facts_about(q["subject"])
            if f.predicate == q["predicate"] and f.qualifier == q.get("qualifier")
        }
        return values.pop() if len(values) == 1 else sorted(values)
    if ask == "claims":
        facts = [
            f
            for f in kb.facts_about(q["subject"])
            if f.predicate == q["predicate"] and f.qualifier == q.get("qualifier")
        ]
        assert q["contains"] in {f.value for f in facts}, q["q"]
        return "disputed" if len({f.value for f in facts}) > 1 and all(f.disputed for f in facts) else "agreed"
    if ask == "signatories":
        year = PartialDate.parse(q["within"])
        return sorted(
            f.object.id
            for f in kb.facts_about(q["document"])
            if f.predicate == "signed_by"
            and f.object
            and f.valid_from
            and PartialDate.parse(f.valid_from).year == year.year
        )
    if ask == "event":
        return _events(kb, q)
    if ask == "disputed":
        report = kb.entity(q["entity"])
        return bool(report.disputes) or any(e.dispute for e in report.events)
    if ask == "resolve":
        return kb.resolve(q["name"]).id
    if ask == "resolve_kind":
        return kb.resolve(q["name"]).kind
    if ask == "resolve_same":
        return len({kb.resolve(name).id for name in q["names"]}) == 1
    raise ValueError(f"unknown question kind {ask!r}")


def test_there_are_at_least_sixty_questions() -> None:
    assert len(QUESTIONS) >= 60


@pytest.mark.parametrize("q", QUESTIONS, ids=[q["q"] for q in QUESTIONS])
def test_question(kb: KnowledgeBase, q: dict[str, Any]) -> None:
    got = answer(kb, q)
    if q["ask"] == "status_not":
        assert got != q["expect"], q["q"]
    else:
        assert got == q["expect"], q["q"]


CLI_SAMPLE = {
    "Who chaired the CSTO in 2019?": (["chair", "--as-of", "2019-06-01", "--json"], lambda d: d["chair"]["id"]),
    "Who was Secretary General on 2020-03-01?": (
        ["officials", "--as-of", "2020-03-01", "--office", "secretary-general", "--json"],
        lambda d: d[0]["holder"]["id"],
    ),
    "Was Uzbekistan a member on 2010-06-01?": (
        ["members", "--as-of", "2010-06-01", "--json"],
        lambda d: next(m["status"] for m in d if m["state"]["id"] == "uzbekistan"),
    ),
    "What is 'ОДКБ'?": (["search", "ОДКБ", "--json"], lambda d: d[0]["entity"]["id"]),
}


@pytest.mark.parametrize("question", list(CLI_SAMPLE))
def test_a_sample_through_the_cli(kb: KnowledgeBase, question: str) -> None:
    args, pick = CLI_SAMPLE[question]
    expected = next(q["expect"] for q in QUESTIONS if q["q"] == question)
    db = kb.engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, [*args, "--db", db])
    assert result.exit_code == 0, result.output
    assert pick(json.loads(result.stdout)) == expected
