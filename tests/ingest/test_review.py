"""Storing and reviewing: idempotent ingestion, resume, accept/edit/reject, merging, disputes, export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, func, select

from csto.dataset import load_dataset
from csto.ingest.ingesting import ingest
from csto.ingest.lexicon import Lexicon
from csto.ingest.models import RawDocument
from csto.model import DatasetFile
from csto.store import KnowledgeBase, rebuild, schema
from csto.store import schema as tables
from csto.store.claims import ReviewError, accept, edit, list_claims, reject, restore_links
from csto.store.promote import export_yaml
from tests.ingest.conftest import mini_dataset

ARTICLES = {
    "freeze.txt": "Armenia leaves\n\n14 March 2024\n\nArmenia froze its participation in the CSTO on 12 March 2024.\n",
    "chair.txt": "New chair\n\n2 January 2023\n\nBelarus took over the chairmanship of the CSTO on 1 January 2023.\n",
    "meeting-a.txt": "Talks\n\n13 September 2024\n\n"
    "On 12 September 2024 the CSTO Secretariat hosted a meeting with Belarus in Moscow.\n",
    "meeting-b.txt": "Secretariat news\n\n12.09.2024\n\n"
    "Belarus officials held a meeting at the CSTO Secretariat on 12 September 2024.\n",
    "almaty.txt": "Almaty\n\n7 June 2024\n\nOn 6 June 2024 Kazakhstan hosted a meeting with Russia in Almaty.\n",
    "peskov.txt": "Kremlin\n\n23 February 2024\n\n"
    "Kremlin spokesman Dmitry Peskov said on Friday that Russia wanted clarity from Armenia.\n",
}


def raw(name: str) -> RawDocument:
    return RawDocument(name, text=ARTICLES[name])


def count(engine: Engine, table: schema.Table) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(table)) or 0


def claims_of(engine: Engine, source: str) -> list[dict[str, object]]:
    return [c for c in list_claims(engine, status=None, limit=500) if c["source"] == source]


@pytest.fixture
def lexicon(mini_engine: Engine) -> Lexicon:
    return Lexicon.from_engine(mini_engine)


def test_ingesting_twice_is_a_no_op(mini_engine: Engine, lexicon: Lexicon) -> None:
    first = ingest(mini_engine, [raw(n) for n in ARTICLES], lexicon)
    assert (first.stored, first.known) == (len(ARTICLES), 0) and first.claims >= len(ARTICLES)
    documents, claims = count(mini_engine, tables.documents), count(mini_engine, tables.claims)
    again = ingest(mini_engine, [raw(n) for n in ARTICLES], lexicon, workers=2)
    assert (again.stored, again.known, again.claims) == (0, len(ARTICLES), 0)
    assert (count(mini_engine, tables.documents), count(mini_engine, tables.claims)) == (documents, claims)


def test_an_interrupted_run_resumes_where_it_stopped(mini_engine: Engine, lexicon: Lexicon) -> None:
    stored: list[str] = []

    def crash_after_two(result: object, was_stored: bool) -> None:
        if was_stored:
            stored.append(result.document.source)  # type: ignore[attr-defined]
            if len(stored) == 2:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest(mini_engine, [raw(n) for n in ARTICLES], lexicon, on_result=crash_after_two)
    assert count(mini_engine, tables.documents) == 2
    resumed = ingest(mini_engine, [raw(n) for n in ARTICLES], lexicon)
    assert (resumed.known, resumed.stored) == (2, len(ARTICLES) - 2)
    with mini_engine.connect() as conn:
        sources = sorted(conn.scalars(select(tables.documents.c.source)))
    assert sources == sorted(ARTICLES)


def test_accepting_creates_an_event_with_the_article_and_new_people(mini_engine: Engine, lexicon: Lexicon) -> None:
    ingest(mini_engine, [raw("peskov.txt")], lexicon)
    claim = claims_of(mini_engine, "peskov.txt")[0]
    result = accept(mini_engine, str(claim["id"]), reviewer="tester", note="looks right")
    assert result["status"] == "accepted" and not result["merged"]
    kb = KnowledgeBase(mini_engine)
    event = kb.event(result["event"])
    assert (event.type, event.date, event.origin) == ("statement", "2024-02-23", "ingested")
    assert {p.entity.id for p in event.participants} >= {"dmitry-peskov", "russia"}
    assert [s.title for s in event.sources] == ["Kremlin"]
    assert kb.resolve("Dmitry Peskov").kind == "person"
    with mini_engine.connect() as conn:
        log = conn.execute(select(tables.reviews)).all()
    assert [(r.action, r.reviewer, r.note) for r in log] == [("accept", "tester", "looks right")]
    with pytest.raises(ReviewError, match="already accepted"):
        accept(mini_engine, str(claim["id"]))


def test_one_happening_from_two_articles_is_one_event_with_two_sources(mini_engine: Engine, lexicon: Lexicon) -> None:
    ingest(mini_engine, [raw("meeting-a.txt"), raw("meeting-b.txt")], lexicon)
    first = accept(mini_engine, str(claims_of(mini_engine, "meeting-a.txt")[0]["id"]))
    second = accept(mini_engine, str(claims_of(mini_engine, "meeting-b.txt")[0]["id"]))
    assert second["merged"] and second["event"] == first["event"]
    event = KnowledgeBase(mini_engine).event(first["event"])
    assert sorted(s.title for s in event.sources) == ["Secretariat news", "Talks"]


def test_a_report_of_a_curated_event_adds_a_source_to_it(mini_engine: Engine, lexicon: Lexicon) -> None:
    ingest(mini_engine, [raw("almaty.txt")], lexicon)
    result = accept(mini_engine, str(claims_of(mini_engine, "almaty.txt")[0]["id"]))
    assert result["merged"] and result["event"] == "mini-2024-06-06-meeting"
    event = KnowledgeBase(mini_engine).event("mini-2024-06-06-meeting")
    assert event.origin == "curated" and {s.title for s in event.sources} == {
        "Reference record for the ingestion tests (states, bodies, people as in the real dataset)",
        "Almaty",
    }
    with mini_engine.begin() as conn:  # what a curated rebuild does to the link, then its repair
        conn.execute(schema.event_sources.delete().where(schema.event_sources.c.origin == "ingested"))
    assert restore_links(mini_engine) == 1
    assert len(KnowledgeBase(mini_engine).event("mini-2024-06-06-meeting").sources) == 2


def test_a_contradiction_is_disputed_and_never_overwrites(mini_engine: Engine, lexicon: Lexicon) -> None:
    kb = KnowledgeBase(mini_engine)
    before = kb.status_of("armenia", date(2024, 5, 1))
    assert before is not None and (before.status, before.since) == ("frozen", "2024-02-22")
    ingest(mini_engine, [raw("freeze.txt")], lexicon)
    result = accept(mini_engine, str(claims_of(mini_engine, "freeze.txt")[0]["id"]))
    assert result["status"] == "disputed" and result["disputes"] == ["mini-armenia-frozen"]
    after = KnowledgeBase(mini_engine).status_of("armenia", date(2024, 5, 1))
    assert after is not None and (after.status, after.since, after.fact.id) == (
        "frozen",
        "2024-02-22",
        "mini-armenia-frozen",
    )
    event = KnowledgeBase(mini_engine).event(result["event"])
    assert event.dispute == "ingest-" + str(result["claim"]) and event.origin == "ingested"
    assert [c["status"] for c in list_claims(mini_engine, "disputed")] == ["disputed"]


def test_one_chair_at_a_time_and_corroboration(mini_engine: Engine, lexicon: Lexicon) -> None:
    text = "Chair\n\n3 January 2024\n\n{state} took over the chairmanship of the CSTO on 1 January 2024.\n"
    russia = RawDocument("russia.txt", text=text.format(state="Russia"))
    kazakhstan = RawDocument("kazakhstan.txt", text=text.format(state="Kazakhstan"))
    ingest(mini_engine, [russia, kazakhstan], lexicon)
    wrong = accept(mini_engine, str(claims_of(mini_engine, "russia.txt")[0]["id"]))
    right = accept(mini_engine, str(claims_of(mini_engine, "kazakhstan.txt")[0]["id"]))
    assert wrong["disputes"] == ["mini-kazakhstan-chair-2024"]
    assert right["status"] == "accepted" and right["facts"] == ["mini-kazakhstan-chair-2024"]
    assert KnowledgeBase(mini_engine).chair(date(2024, 6, 1)).chair.id == "kazakhstan"  # type: ignore[union-attr]


def test_a_new_fact_joins_the_knowledge_base(mini_engine: Engine, lexicon: Lexicon) -> None:
    ingest(mini_engine, [raw("chair.txt")], lexicon)
    result = accept(mini_engine, str(claims_of(mini_engine, "chair.txt")[0]["id"]))
    answer = KnowledgeBase(mini_engine).chair(date(2023, 6, 1))
    assert answer.chair is not None and answer.chair.id == "belarus"
    assert answer.fact is not None and answer.fact.origin == "ingested" and answer.fact.id == result["facts"][0]
    assert answer.fact.sources[0].title == "New chair"


def test_edit_and_reject_are_checked_and_logged(mini_engine: Engine, lexicon: Lexicon) -> None:
    ingest(mini_engine, [raw("meeting-a.txt"), raw("peskov.txt")], lexicon)
    claim = str(claims_of(mini_engine, "meeting-a.txt")[0]["id"])
    with pytest.raises(ReviewError, match="unknown event type"):
        edit(mini_engine, claim, {"type": "party"})
    with pytest.raises(ReviewError, match="has no day 30"):
        edit(mini_engine, claim, {"date": "2024-02-30"})
    with pytest.raises(ReviewError, match="unknown entities"):
        edit(mini_engine, claim, {"actor_ids": ["atlantis"]})
    with pytest.raises(ReviewError, match="cannot edit"):
        edit(mini_engine, claim, {"quote": "x"})
    payload = edit(mini_engine, claim, {"date": "2024-09-11", "actor_ids": ["secretariat", "kazakhstan"]}, "ed")
    assert payload["actors"] == ["CSTO Secretariat", "Kazakhstan"] and payload["date"] == "2024-09-11"
    other = str(claims_of(mini_engine, "peskov.txt")[0]["id"])
    reject(mini_engine, other, "ed", "not about the CSTO")
    with pytest.raises(ReviewError, match="already rejected"):
        accept(mini_engine, other)
    with pytest.raises(ReviewError, match="no claim"):
        reject(mini_engine, "nope")
    with mini_engine.connect() as conn:
        actions = [r.action for r in conn.execute(select(tables.reviews).order_by(tables.reviews.c.id))]
    assert actions == ["edit", "reject"]


def test_a_claim_without_a_date_needs_one_first(mini_engine: Engine, lexicon: Lexicon) -> None:
    ingest(mini_engine, [RawDocument("undated.txt", text="Armenia met Russia, the ministry said.\n")], lexicon)
    claim = str(claims_of(mini_engine, "undated.txt")[0]["id"])
    with pytest.raises(ReviewError, match="has no date"):
        accept(mini_engine, claim)
    edit(mini_engine, claim, {"date": "2024-05"})
    assert accept(mini_engine, claim)["status"] == "accepted"


def test_export_writes_dataset_yaml_that_loads_with_the_dataset(
    mini_engine: Engine, lexicon: Lexicon, tmp_path: Path
) -> None:
    ingest(mini_engine, [raw(n) for n in ("chair.txt", "peskov.txt", "almaty.txt", "freeze.txt")], lexicon)
    for name in ("chair.txt", "peskov.txt", "almaty.txt", "freeze.txt"):
        accept(mini_engine, str(claims_of(mini_engine, name)[0]["id"]))
    out = tmp_path / "export" / "ingested.yaml"
    counts = export_yaml(mini_engine, out)
    assert counts["facts"] == 2 and counts["events"] >= 3 and counts["entities"] == 1
    text = out.read_text(encoding="utf-8")
    assert "curated event mini-2024-06-06-meeting: add sources" in text and "disputes mini-armenia-frozen" in text
    data = yaml.safe_load(text)
    DatasetFile.model_validate(data)
    accepted_only = {**data, "facts": [f for f in data["facts"] if f["status"] != "disputed"]}
    folder = mini_dataset(tmp_path / "promoted")
    (folder / "ingested.yaml").write_text(yaml.safe_dump(accepted_only, allow_unicode=True), encoding="utf-8")
    assert load_dataset(folder).counts()["events"] == 1 + len(data["events"])


def test_accepted_claims_survive_a_curated_rebuild(mini_engine: Engine, lexicon: Lexicon, tmp_path: Path) -> None:
    ingest(mini_engine, [raw("chair.txt")], lexicon)
    result = accept(mini_engine, str(claims_of(mini_engine, "chair.txt")[0]["id"]))
    rebuild(mini_engine, mini_dataset(tmp_path / "again"))
    restore_links(mini_engine)
    assert KnowledgeBase(mini_engine).chair(date(2023, 6, 1)).fact.id == result["facts"][0]  # type: ignore[union-attr]
