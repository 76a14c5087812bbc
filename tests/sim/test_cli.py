"""``csto simulate``, ``csto backtest`` and ``csto sweep`` from the command line."""

from __future__ import annotations

import csv
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
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_simulate_prints_a_summary_and_a_plot(db: str, tmp_path: Path) -> None:
    plot = tmp_path / "kz.png"
    code, out, _ = run(
        "simulate", "kazakhstan-2022-01", "--runs", "4000", "--seed", "1", "--plot", str(plot), "--db", db
    )
    assert code == 0, out
    for text in ("collective assistance", "Most frequent paths", "first troops", "Russia", "admissible"):
        assert text in out
    assert plot.read_bytes()[:4] == b"\x89PNG"


def test_simulate_json_is_reproducible(db: str) -> None:
    args = ("simulate", "armenia-2022-09", "--runs", "3000", "--seed", "7", "--json", "--db", db)
    code, out, _ = run(*args)
    assert code == 0
    first = json.loads(out)["result"]
    assert first == json.loads(run(*args)[1])["result"]
    assert set(first["outcomes"]) == {"assistance", "consultations_or_mission", "no_action"}
    assert first["stages"]["transit"]["permissions"]["azerbaijan"] == 0.0


def test_simulate_under_a_reform_shows_the_difference(db: str) -> None:
    code, out, _ = run(
        "simulate", "kyrgyz-tajik-2022-09", "--runs", "3000", "--seed", "2", "--reform", "japarov-2021", "--db", db
    )
    assert code == 0, out
    assert "baseline" in out and "change" in out and "japarov-2021" in out
    code, out, _ = run(
        "simulate", "kyrgyz-tajik-2022-09", "--runs", "2000", "--reform", "japarov-2021", "--json", "--db", db
    )
    payload = json.loads(out)
    assert (
        payload["baseline"]["scenario"]["reform"] is None and payload["result"]["scenario"]["reform"] == "japarov-2021"
    )


def test_parameter_overrides_on_the_command_line(db: str) -> None:
    code, out, _ = run(
        "simulate", "kazakhstan-2022-01", "--runs", "2000", "--set", "stances.model.base=-8", "--json", "--db", db
    )
    assert code == 0
    assert json.loads(out)["result"]["outcomes"]["assistance"] < 0.01


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("simulate", "no-such-crisis"), "no scenario called"),
        (("simulate", "kazakhstan-2022-01", "--reform", "no-such-reform"), "no-such-reform"),
        (("simulate", "kazakhstan-2022-01", "--set", "stances.model.bogus=1"), "unknown parameter"),
        (("simulate", "kazakhstan-2022-01", "--runs", "100", "--plot", "chart.gif"), ".png or .svg"),
        (("sweep", "kazakhstan-2022-01", "--param", "stances.model.base"), "PATH="),
        (("sweep", "kazakhstan-2022-01", "--param", "stances.model.base=1", "--engine", "spark"), "engine"),
    ],
)
def test_errors_are_one_clear_line(db: str, args: tuple[str, ...], message: str) -> None:
    code, _, err = run(*args, "--db", db)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_a_malformed_scenario_file_names_the_field(db: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text('title: t\ndate: "2022-01-05"\nrequester: kazakhstan\nkind: war\n', encoding="utf-8")
    code, _, err = run("simulate", str(path), "--db", db)
    assert code == 2
    assert "bad.yaml:4: kind:" in err and "place" in err


def test_backtest_table_and_markdown(db: str) -> None:
    code, out, _ = run("backtest", "--runs", "3000", "--db", db)
    assert code == 0, out
    assert "log score" in out and "/16 cases" in out
    code, out, _ = run("backtest", "--runs", "3000", "--markdown", "--db", db)
    assert out.startswith("| case |") and "Log score" in out
    code, out, _ = run("backtest", "--runs", "3000", "--json", "--db", db)
    report = json.loads(out)
    assert len(report["rows"]) == 16 and report["hits"] >= 13
    assert [r["scenario"] for r in report["unscored"]] == ["kyrgyz-tajik-2021-04"]


def test_sweep_writes_a_table_and_a_plot(db: str, tmp_path: Path) -> None:
    out_csv, plot = tmp_path / "sweep.csv", tmp_path / "sweep.png"
    code, out, _ = run(
        "sweep", "armenia-2022-09", "--param", "stances.model.ties_to_adversary=0:6:3", "--runs", "1000",
        "--workers", "1", "--out", str(out_csv), "--plot", str(plot), "--db", db,
    )  # fmt: skip
    assert code == 0, out
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert [float(r["stances.model.ties_to_adversary"]) for r in rows] == [0.0, 3.0, 6.0]
    assert plot.read_bytes()[:4] == b"\x89PNG"
    code, out, _ = run(
        "sweep", "armenia-2022-09", "--param", "stances.model.base=0:3:2", "--random", "3", "--runs", "500",
        "--workers", "1", "--json", "--db", db,
    )  # fmt: skip
    assert code == 0 and len(json.loads(out)["rows"]) == 3
