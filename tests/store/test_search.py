"""Full-text search (csto.store.search) on every backend: words, names in Cyrillic, filters, paging,
hostile queries, the migration from schema 0002, and claims that become searchable once accepted."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine, func, inspect, select

from csto.periods import DateError, PartialDate
from csto.store import KnowledgeBase, QueryError, StoreError, UnknownEntityError, rebuild, schema
from csto.store.claims import accept, add_document, list_claims
from csto.store.migrate import _config, check, current, head, upgrade
from csto.store.search import FTS_TABLE, fold, marks, match_expression, snippet, terms

UNREST = "crisis-2022-01-02-kazakhstan-unrest"


def event_summary_words(kb: KnowledgeBase, event_id: str, count: int = 3) -> list[str]:
    """A few long words of an event's summary, as a user might remember them."""
    summary = kb.event(event_id).summary or ""
    words = sorted({w.strip(".,;:()\"'") for w in summary.split() if len(w) > 7 and w.isalpha()}, key=len)
    assert len(words) >= count, summary
    return words[-count:]


def test_words_from_an_event_summary_find_the_event(kb: KnowledgeBase) -> None:
    for event_id in (UNREST, "bod-2003-04-28-dushanbe-bodies"):
        words = event_summary_words(kb, event_id)
        page = kb.find(" ".join(words), ["event"])
        assert event_id in [r.id for r in page.results], (words, [r.id for r in page.results])
        found = next(r for r in page.results if r.id == event_id)
        assert found.kind == "event" and found.date == kb.event(event_id).date


def test_the_last_word_matches_as_a_prefix_and_case_and_accents_do_not_matter(kb: KnowledgeBase) -> None:
    exact = {r.id for r in kb.find("Zhanaozen", limit=100).results}
    assert UNREST in exact
    assert UNREST in {r.id for r in kb.find("zhanaoz", limit=100).results}
    assert UNREST in {r.id for r in kb.find("ZHANAÖZEN", limit=100).results}
    assert not kb.find("zhanaoz liquefiedxyz").total  # every word must match


def test_latin_accents_fold_and_cyrillic_letters_stay(kb: KnowledgeBase) -> None:
    assert fold("Türkiye Ǆ") == "turkiye dz" and fold("Постоянный ёж") == "постоянный ёж"
    for query in ("Turkiye", "Türkiye", "TÜRKİYE"):
        assert "turkey" in [r.id for r in kb.find(query, ["entity"]).results], query
    assert "permanent-council" in [r.id for r in kb.find("Постоянный совет", ["entity"]).results]
    assert kb.find("Постоянныи совет", ["entity"]).total == 0  # "и" is not "й"


def test_cyrillic_names_and_aliases_are_found(kb: KnowledgeBase) -> None:
    csto = kb.find("ОДКБ", ["entity"], limit=100)
    assert "csto" in [r.id for r in csto.results]
    kyrgyz = kb.find("Киргизия", ["entity"])
    assert [r.id for r in kyrgyz.results][:1] == ["kyrgyzstan"]
    assert kb.find("Организация Договора", ["entity"]).total >= 1


def test_results_are_ranked_and_snippets_mark_the_words(kb: KnowledgeBase) -> None:
    page = kb.find("Minsk session", limit=30)
    assert page.total >= 5 and page.terms == ["minsk", "session"]
    scores = [r.score for r in page.results]
    assert scores == sorted(scores, reverse=True)
    for r in page.results:
        found = [r.title[a:b] for a, b in r.title_marks] + [r.snippet[a:b] for a, b in r.snippet_marks]
        assert found, r  # each result shows where it matched
        assert all(fold(w) in page.terms or fold(w).startswith("session") for w in found)


def test_kind_filters_keep_record_kinds_event_types_and_entity_kinds(kb: KnowledgeBase) -> None:
    everything = kb.find("security", limit=100)
    assert {"event", "fact", "source", "entity"} <= set(everything.counts)
    for kind in ("event", "fact", "source", "entity"):
        page = kb.find("security", [kind], limit=100)
        assert page.total == everything.counts[kind] and {r.kind for r in page.results} == {kind}
    summits = kb.find("session", ["summit"], limit=100)
    assert summits.total and all(r.kind == "event" and r.type == "summit" for r in summits.results)
    exercises = kb.find("exercise", ["exercise"], limit=100)  # an event type and an entity kind: both kept
    assert {(r.kind, r.type) for r in exercises.results} <= {("event", "exercise"), ("entity", "exercise")}
    both = kb.find("security", ["fact", "source"], limit=1)
    assert both.total == everything.counts["fact"] + everything.counts["source"]
    with pytest.raises(QueryError, match="unknown kind 'party'"):
        kb.find("security", ["party"])


def test_the_state_filter_keeps_records_involving_it(kb: KnowledgeBase) -> None:
    page = kb.find("collective", ["event"], state="Kazakhstan", limit=100)
    assert page.total
    for r in page.results:
        e = kb.event(r.id)
        involved = {p.entity.id for p in e.participants} | {a.id for a in e.about} | {e.place.id if e.place else ""}
        assert "kazakhstan" in involved, r.id
    facts = kb.find("crisis", ["fact"], state="kazakhstan", limit=100)
    assert facts.total and all(r.about == "kazakhstan" or "Kazakhstan" in r.title for r in facts.results)
    assert kb.find("collective", ["event"], state="Armenia").total < kb.find("collective", ["event"]).total
    with pytest.raises(UnknownEntityError):
        kb.find("collective", state="Atlantis")


def test_the_period_keeps_records_that_overlap_it(kb: KnowledgeBase) -> None:
    page = kb.find("session", ["event"], start="2010", end="2012-06", limit=100)
    assert page.total
    for r in page.results:
        first = PartialDate.parse(r.date or "").earliest
        assert PartialDate.parse("2010").earliest <= PartialDate.parse(r.end_date or r.date or "").latest
        assert first <= PartialDate.parse("2012-06").latest
    assert page.total < kb.find("session", ["event"]).total
    with pytest.raises(QueryError, match="starts"):
        kb.find("session", start="2015", end="2010")
    with pytest.raises(DateError):
        kb.find("session", start="2015-13")


def test_pages_follow_one_another(kb: KnowledgeBase) -> None:
    whole = kb.find("security", limit=40)
    first, second = kb.find("security", limit=20), kb.find("security", limit=20, offset=20)
    assert first.total == second.total == whole.total > 40
    assert [r.id for r in first.results + second.results] == [r.id for r in whole.results]
    assert kb.find("security", offset=whole.total).results == []
    with pytest.raises(QueryError):
        kb.find("security", limit=0)
    with pytest.raises(QueryError):
        kb.find("security", offset=-1)


HOSTILE = ['"', "AND OR (", "*", "NEAR(a b)", "title:x", "^start", "a -b", "'; DROP TABLE events; --", "\\", "%_",
           "a & b | !c", "x:*", "(((", "ОДКБ\"", "'", "\x00", "🙂", " " * 50, "a" * 200]  # fmt: skip


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_words_or_nothing(kb: KnowledgeBase, query: str) -> None:
    page = kb.find(query)
    assert page.total >= len(page.results) >= 0
    assert all(t and t.isalnum() for t in page.terms)
    assert kb.counts()["events"] > 0  # nothing was dropped


def test_query_syntax_is_built_from_quoted_words_only() -> None:
    assert terms('AND "OR" (x*') == ["and", "or", "x"]
    assert match_expression(["and", "or", "x"], "sqlite") == '"and" "or" "x"*'
    assert match_expression(["and", "or", "x"], "postgresql") == "'and' & 'or' & 'x':*"
    assert terms("*") == [] and terms('"') == []
    assert len(terms(" ".join(f"w{i}" for i in range(40)))) == 16


def test_snippets_keep_the_text_around_the_first_match() -> None:
    body = "alpha " * 100 + "Zhanaozen protests " + "omega " * 100
    text, found = snippet(body, ["zhanaozen"])
    assert len(text) < 260 and text.startswith("…") and text.endswith("…")
    assert [text[a:b] for a, b in found] == ["Zhanaozen"]
    assert marks("Sécurité and security", ["securite"]) == [(0, 8)]
    assert marks("Organization", ["org"]) == [(0, 12)]  # the last word as a prefix


def test_the_index_has_one_row_per_record(kb: KnowledgeBase) -> None:
    counts = kb.counts()
    entries = schema.search_entries
    with kb.engine.connect() as conn:
        indexed: dict[str, int] = dict(
            conn.execute(select(entries.c.kind, func.count()).group_by(entries.c.kind)).all()
        )
    assert indexed == {
        "entity": counts["entities"],
        "event": counts["events"],
        "fact": counts["facts"],
        "source": counts["sources"],
    }


# -- the migration from schema 0002 -----------------------------------------------------------------


def _downgrade(engine: Engine, target: str) -> None:
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, target)


def test_a_schema_0002_database_is_upgraded_and_searchable(fresh_engine: Engine) -> None:
    rebuild(fresh_engine)
    _downgrade(fresh_engine, "0002")  # the store as schema 0002 kept it: every row, no search index
    names = set(inspect(fresh_engine).get_table_names())
    assert "events" in names and not {n for n in names if n.startswith(("search_", FTS_TABLE))}
    with pytest.raises(StoreError, match="revision 0002"):
        check(fresh_engine)
    before, after = upgrade(fresh_engine)
    assert (before, after) == ("0002", head()) and current(fresh_engine) == head()
    kb = KnowledgeBase(fresh_engine)
    words = event_summary_words(kb, UNREST)
    assert UNREST in [r.id for r in kb.find(" ".join(words), ["event"]).results]
    assert "csto" in [r.id for r in kb.find("ОДКБ", ["entity"], limit=100).results]
    assert kb.find("security", ["fact"]).total > 0 and kb.find("security", ["source"]).total > 0


# -- claims ------------------------------------------------------------------------------------------

TEXT = "ASTANA, 4 May. Kazakhstan opened the Zephyr Shield-2031 drills with a new Caspian brigade, the ministry said."


def test_an_accepted_claim_becomes_searchable_and_stays_after_a_rebuild(fresh_engine: Engine) -> None:
    rebuild(fresh_engine)
    kb = KnowledgeBase(fresh_engine)
    document: dict[str, object] = {
        "id": "e" * 64, "source": "wire.txt", "url": "https://example.org/zephyr", "title": "Zephyr drills open",
        "author": None, "published": "2031-05-04", "published_confidence": 0.9, "published_how": "dateline",
        "text_kind": "text", "text": TEXT, "mentions": [],
    }  # fmt: skip
    payload = {
        "type": "exercise", "date": "2031-05-04", "actor_ids": ["kazakhstan", "zephyr-shield-2031"],
        "actors": ["Kazakhstan", "Zephyr Shield-2031"], "place_id": None,
    }  # fmt: skip
    claim = {"type": "exercise", "date": "2031-05-04", "payload": payload, "confidence": 0.9}
    entity = {"id": "zephyr-shield-2031", "kind": "exercise", "name": "Zephyr Shield-2031"}
    assert add_document(fresh_engine, document, [claim], [entity]) == 1
    assert kb.find("zephyr").total == 0  # a proposed claim is not in the record yet
    result = accept(fresh_engine, str(list_claims(fresh_engine)[0]["id"]))
    assert result["status"] == "accepted"
    found = {(r.kind, r.id) for r in kb.find("zephyr", limit=100).results}
    assert ("event", result["event"]) in found
    assert ("entity", "zephyr-shield-2031") in found
    assert any(kind == "source" for kind, _ in found)  # the article, by its title
    assert [r.id for r in kb.find("zephyr", ["event"], state="kazakhstan", start="2031").results] == [result["event"]]
    assert kb.find("zephyr", ["event"], state="armenia").total == 0
    rebuild(fresh_engine)  # the rebuild replaces curated rows; the accepted ones stay searchable
    assert {(r.kind, r.id) for r in kb.find("zephyr", limit=100).results} == found
