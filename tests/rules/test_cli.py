"""``csto rules ...`` and ``csto decide`` on the command line, tables and JSON, and their errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csto.cli import app
from csto.store import KnowledgeBase

runner = CliRunner()


@pytest.fixture
def db(kb: KnowledgeBase) -> str:
    return kb.engine.url.render_as_string(hide_password=False)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_list_shows_articles_and_dates() -> None:
    code, out, _ = run("rules", "list")
    assert code == 0
    assert "treaty-art-4" in out and "2012-12-19" in out and "1994-04-20" in out
    code, out, _ = run("rules", "list", "--as-of", "2020-01-01", "--json")
    rows = json.loads(out)
    ids = {r["id"] for r in rows}
    assert code == 0 and "consensus" in ids and "partner-status" not in ids
    assert all(len(r["versions"]) == 1 for r in rows)
    assert all(v["sources"] and v["instrument"] for r in rows for v in r["versions"])


def test_list_with_a_reform() -> None:
    code, out, _ = run("rules", "list", "--reform", "japarov-2021", "--json")
    assert code == 0 and "member-aggression-mechanism" in {r["id"] for r in json.loads(out)}


def test_explain_a_provision() -> None:
    code, out, _ = run("rules", "explain", "treaty-art-4")
    assert code == 0 and "1994-04-20" in out and "2012-12-19" in out and "zakonpravo.kz" in out
    code, out, _ = run("rules", "explain", "treaty-art-4", "--as-of", "2010-01-01", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["versions"]) == 1 and data["versions"][0]["params"]["request_required"] is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("rules", "explain", "treaty-art-44"), "Did you mean: treaty-art-4"),
        (("rules", "explain", "partner-status", "--as-of", "2019-01-01"), "not in force on 2019-01-01"),
        (("rules", "list", "--as-of", "1990-01-01"), "no instrument was in force"),
        (("rules", "list", "--as-of", "2020-02-30"), "has no day 30"),
        (("rules", "list", "--reform", "kurmanov"), "Did you mean: kurmanov-2022"),
        (("decide", "--kind", "consultations", "--date", "2022-01-06", "--member", "armenia=full"), "needs requester"),
        (("decide", "--kind", "voting", "--date", "2022-01-06", "--member", "armenia=full"), "proposal.kind"),
        (("decide", "--kind", "consultations", "--date", "2022-01-06", "--member", "armenia"), "expected STATE=VALUE"),
    ],
)
def test_errors_are_one_clear_line(args: tuple[str, ...], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2 and message in err and "Traceback" not in err + out


def test_decide_with_a_given_membership_needs_no_database() -> None:
    args = ["decide", "--kind", "suspension", "--date", "2012-12-19", "--body", "CSC", "--subject", "uzbekistan"]
    args += [f"--member={s}=full" for s in ("armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan")]
    args += ["--member", "uzbekistan=suspended"] + [
        f"--position={s}=supports" for s in ("armenia", "belarus", "russia")
    ]
    code, out, _ = run(*args)
    assert code == 0 and "ADOPTED" in out and "suspension-without-member-concerned" in out


def test_decide_reads_names_and_membership_from_the_database(db: str) -> None:
    code, out, _ = run(
        "decide",
        "--kind",
        "collective_assistance",
        "--date",
        "2022-01-06",
        "--body",
        "CSC",
        "--requester",
        "Kazakhstan",
        "--threat",
        "armed_attack",
        "--territory",
        "Kazakhstan",
        "--forces",
        "peacekeeping",
        *[
            f"--position={s}=supports"
            for s in ("Armenia", "Belarus", "Kazakhstan", "Kirghizia", "Russia", "Tajikistan")
        ],
        "--json",
        "--db",
        db,
    )
    decision = json.loads(out)
    assert code == 0 and decision["outcome"] == "adopted" and decision["membership_origin"] == "knowledge base"
    assert "kyrgyzstan" in decision["bound"]
    assert [s["provision"] for s in decision["trace"]][:2] == ["bodies-and-competence", "voting-members"]
    assert all({"provision", "instrument", "article", "finding"} <= set(step) for step in decision["trace"])


def test_decide_from_a_file_with_a_reform(tmp_path: Path) -> None:
    path = tmp_path / "fight.yaml"
    path.write_text(
        "proposal: {kind: collective_assistance, date: '2022-09-16', body: CSC, requester: kyrgyzstan,"
        " aggressor: tajikistan, threat: member_aggression, territory: [kyrgyzstan]}\n"
        "positions: {kyrgyzstan: supports, tajikistan: objects, russia: supports, kazakhstan: supports,"
        " belarus: stays_out, armenia: stays_out}\n"
        "membership: {armenia: full, belarus: full, kazakhstan: full, kyrgyzstan: full,"
        " russia: full, tajikistan: full}\n",
        encoding="utf-8",
    )
    code, out, _ = run("decide", "--file", str(path), "--json")
    assert code == 0 and json.loads(out)["outcome"] == "not_covered"
    code, out, _ = run("decide", "--file", str(path), "--reform", "japarov-2021", "--json")
    decision = json.loads(out)
    assert (
        code == 0
        and decision["outcome"] == "adopted_limited"
        and decision["excluded"] == {"tajikistan": "the member accused of the attack does not vote on the response"}
    )
    path.write_text("proposal: [1, 2]\n", encoding="utf-8")
    code, _, err = run("decide", "--file", str(path))
    assert code == 2 and "expected a mapping" in err


@pytest.mark.parametrize(
    ("reform", "case"),
    [
        ("japarov-2021", "kyrgyz-tajik-2022-09"),
        ("kurmanov-2022", "regional-cooperation-2022"),
        ("belarus-2023", "kyrgyzstan-2010-06-assistance-plan"),
    ],
)
def test_diff_prints_the_changed_cases(reform: str, case: str, db: str) -> None:
    code, out, _ = run("rules", "diff", "--reform", reform, "--db", db)
    assert code == 0 and case in out and "cases change" in out
    code, out, _ = run("rules", "diff", "--reform", reform, "--json", "--db", db)
    data = json.loads(out)
    assert code == 0 and data["changed"] >= 1 and case in {c["case"] for c in data["cases"]}


def test_cases_and_reforms_commands(db: str) -> None:
    code, out, _ = run("rules", "cases", "--json", "--db", db)
    rows = json.loads(out)
    assert code == 0 and rows and all(not r["problems"] for r in rows)
    code, out, _ = run("rules", "reforms")
    assert code == 0 and "Ainur Kurmanov" in out and "politnavigator" in out


def test_check_reports_disagreements(db: str) -> None:
    code, out, _ = run("rules", "check", "--since", "2009", "--until", "2026", "--json", "--db", db)
    rows = json.loads(out)
    assert code == 0 and {r["post"] for r in rows} == {"chair", "secretary_general"}
    assert all(r["status"] in {"agree", "partial", "disagree", "missing", "not_derivable"} for r in rows)
    code, out, _ = run("rules", "check", "--until", "2026", "--disagreements", "--db", db)
    assert code == 0 and "year(s) where the record and the rules disagree" in out
    code, _, err = run("rules", "check", "--post", "pope", "--db", db)
    assert code == 2 and "--post" in err
