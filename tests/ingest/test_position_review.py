"""Position claims through review and into the store: accept, reject, merge, dispute, rebuild, the index.

Run on every configured backend (``fresh_engine``: SQLite, and PostgreSQL under scripts/with-postgres.sh).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from csto.alignment.record import AlignmentRecord
from csto.cli import app
from csto.dataset.positions import PositionClaim, Positions
from csto.ingest.ingesting import ingest
from csto.ingest.lexicon import Lexicon
from csto.ingest.models import RawDocument
from csto.store import KnowledgeBase, rebuild
from csto.store.claims import ReviewError, accept, edit, get_claim, list_claims, reject
from csto.store.positions import read_positions, write_positions
from csto.store.promote import export_yaml
from tests.ingest.conftest import mini_dataset

USELESS = (
    "Pashinyan on the bloc\n\n22 February 2024\n\n"
    "Armenian Prime Minister Nikol Pashinyan said on 22 February 2024 that the CSTO had become useless for Armenia.\n"
)
USELESS_AGAIN = (
    "Yerevan's line\n\n23 February 2024\n\n"
    "On 22 February 2024 Armenian Prime Minister Nikol Pashinyan said the CSTO was now a useless alliance "
    "for Armenia.\n"
)
PLAIN = (
    "Visit\n\n22 February 2024\n\n"
    "Armenian Prime Minister Nikol Pashinyan said on 22 February 2024 he would visit Paris.\n"
)


def positions_of(engine: Engine, source: str) -> list[dict[str, object]]:
    return [c for c in list_claims(engine, status=None, limit=500) if c["source"] == source and c["type"] == "position"]


def ingest_one(engine: Engine, name: str, text: str) -> list[dict[str, object]]:
    ingest(engine, [RawDocument(name, text=text)], Lexicon.from_engine(engine))
    return positions_of(engine, name)


def curated(engine: Engine, stance: int) -> None:
    """One curated claim in the mini world: Armenia on the Organization's worth, on 22 February 2024."""
    claim = PositionClaim(
        id="pos-armenia-2024-02-22-test", date="2024-02-22", holder="armenia", speaker="nikol-pashinyan",
        topic="csto-worth", stance=stance, kind="speech", summary="A curated reading.",
        sources=["reuters-2024-02-23-armenia-freezes"],
    )  # fmt: skip
    with engine.begin() as conn:
        write_positions(conn, Positions(claims={claim.id: claim}))


def only(rows: list[dict[str, object]]) -> str:
    assert len(rows) == 1, rows
    return str(rows[0]["id"])


def test_a_statement_with_a_stance_is_proposed_and_a_plain_one_is_not(mini_engine: Engine) -> None:
    claim = get_claim(mini_engine, only(ingest_one(mini_engine, "useless.txt", USELESS)))
    payload = claim["payload"]
    assert (payload["holder"], payload["topic"], payload["stance"], claim["status"]) == (
        "armenia", "csto-worth", -2, "proposed",
    )  # fmt: skip
    assert payload["speaker"] == "nikol-pashinyan" and claim["date"] == "2024-02-22"
    assert ingest_one(mini_engine, "plain.txt", PLAIN) == []


def test_accept_and_reject_round_trip_and_the_index_sees_only_accepted(mini_engine: Engine, tmp_path: Path) -> None:
    first = only(ingest_one(mini_engine, "useless.txt", USELESS))
    edit(mini_engine, first, {"topic": "membership"}, reviewer="test")
    with pytest.raises(ReviewError, match="topic"):
        edit(mini_engine, first, {"topic": "weather"})
    with pytest.raises(ReviewError, match="cannot edit"):
        edit(mini_engine, first, {"type": "summit"})
    kb = KnowledgeBase(mini_engine)
    assert "armenia" not in AlignmentRecord.load(kb).evidence  # proposed: not evidence yet
    result = accept(mini_engine, first, reviewer="test")
    assert result["status"] == "accepted" and not result["merged"]
    [stored] = read_positions(mini_engine, "armenia")
    assert (stored.id, stored.topic, stored.stance, stored.sources) == (
        result["position"], "membership", -2, (f"article-{get_claim(mini_engine, first)['document_id'][:16]}",),
    )  # fmt: skip
    assert [e.id for e in AlignmentRecord.load(kb).evidence["armenia"] if e.kind.startswith("position")] == [stored.id]
    with pytest.raises(ReviewError, match="already accepted"):
        accept(mini_engine, first)
    second = only(ingest_one(mini_engine, "again.txt", USELESS_AGAIN))
    reject(mini_engine, second, reviewer="test", note="same speech")
    assert get_claim(mini_engine, second)["status"] == "rejected"
    assert [p.sources for p in read_positions(mini_engine, "armenia")] == [stored.sources]  # nothing added
    assert [entry["action"] for entry in get_claim(mini_engine, first)["log"]] == ["edit", "accept"]
    export_yaml(mini_engine, tmp_path / "out.yaml")  # the export tells the person promoting where it goes
    assert f"position claim {first}: armenia membership -2" in (tmp_path / "out.yaml").read_text(encoding="utf-8")


def test_a_duplicate_from_another_article_adds_a_source_not_a_row(mini_engine: Engine) -> None:
    accept(mini_engine, only(ingest_one(mini_engine, "useless.txt", USELESS)))
    result = accept(mini_engine, only(ingest_one(mini_engine, "again.txt", USELESS_AGAIN)))
    assert result["merged"]
    [stored] = read_positions(mini_engine, "armenia")
    assert stored.id == result["position"] and len(stored.sources) == 2


def test_an_accepted_claim_never_changes_a_curated_position(mini_engine: Engine, tmp_path: Path) -> None:
    curated(mini_engine, stance=-1)
    result = accept(mini_engine, only(ingest_one(mini_engine, "useless.txt", USELESS)))
    assert (result["status"], result["position"], result["merged"]) == ("accepted", "pos-armenia-2024-02-22-test", True)
    [stored] = read_positions(mini_engine, "armenia")  # same holder, topic, day and sign: a source, not a row
    assert (stored.stance, stored.summary) == (-1, "A curated reading.")
    assert stored.sources[0] == "reuters-2024-02-23-armenia-freezes" and stored.sources[1].startswith("article-")
    assert len(stored.sources) == 2
    # a rebuild rewrites the curated rows; the accepted claim keeps its place (here: the curated
    # claim left the mini dataset, so the claim becomes a row of its own)
    rebuild(mini_engine, mini_dataset(tmp_path / "data"))
    [kept] = read_positions(mini_engine, "armenia")
    assert kept.stance == -2 and len(kept.sources) == 1 and kept.sources[0].startswith("article-")


def test_a_claim_of_the_other_sign_is_disputed_and_written_nowhere(mini_engine: Engine) -> None:
    curated(mini_engine, stance=2)
    claim = only(ingest_one(mini_engine, "useless.txt", USELESS))
    result = accept(mini_engine, claim)
    assert (result["status"], result["position"], result["disputes"]) == (
        "disputed", None, ["pos-armenia-2024-02-22-test"],
    )  # fmt: skip
    [stored] = read_positions(mini_engine, "armenia")
    assert (stored.stance, stored.sources) == (2, ("reuters-2024-02-23-armenia-freezes",))
    assert get_claim(mini_engine, claim)["status"] == "disputed"


def test_a_claim_whose_holder_is_not_a_state_cannot_be_accepted(mini_engine: Engine) -> None:
    claim = only(ingest_one(mini_engine, "useless.txt", USELESS))
    with pytest.raises(ReviewError, match="holder: 'csto' is a organization, not a state"):
        edit(mini_engine, claim, {"holder": "csto"})
    with pytest.raises(ReviewError, match="stance"):
        edit(mini_engine, claim, {"stance": 5})
    assert get_claim(mini_engine, claim)["payload"]["holder"] == "armenia"  # a refused edit changes nothing


def test_the_review_commands_list_show_edit_and_accept_a_position_claim(mini_engine: Engine, tmp_path: Path) -> None:
    article = tmp_path / "useless.txt"
    article.write_text(USELESS, encoding="utf-8")
    url = mini_engine.url.render_as_string(hide_password=False)
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(app, [*args, "--db", url])
        return result.exit_code, " ".join(result.stdout.split()), result.stderr  # lines wrap at the terminal width

    assert run("ingest", str(article))[0] == 0
    listed = runner.invoke(app, ["review", "list", "--json", "--db", url]).stdout
    [claim] = [row["id"] for row in json.loads(listed) if row["type"] == "position"]
    code, out, _ = run("review", "show", claim)
    assert code == 0 and "holder: armenia" in out and "topic: csto-worth stance: -2" in out and "useless" in out
    code, out, _ = run("review", "edit", claim, "--stance", "-1")
    assert code == 0 and "position armenia csto-worth -1" in out
    code, out, _ = run("review", "accept", claim)
    assert code == 0 and f"created position pos-armenia-2024-02-22-ingest-{claim}" in out
    code, _, err = run("review", "show", "no-such-claim")
    assert code == 2 and "no claim 'no-such-claim'" in err and "Traceback" not in err
