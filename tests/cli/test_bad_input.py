"""Every command, fed bad paths, bad encodings and bad values: a non-zero exit, one clear line, no traceback.

Most cases run in-process (``CliRunner``); a representative subset runs the installed ``csto`` script
in a subprocess, which is what a user sees, tracebacks included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csto.cli import app
from csto.store import KnowledgeBase, open_store

runner = CliRunner()
NOT_UTF8 = b"\xff\xfe\x00bad"
SCENARIO = "kazakhstan-2022-01"
SWEEP = ("sweep", SCENARIO, "--param", "stances.model.base=0,1")
GOLD = Path(__file__).parents[1] / "ingest" / "gold"
CSTO = Path(sys.executable).with_name("csto")


@dataclass(frozen=True)
class Places:
    """Bad and good paths, made fresh for each module."""

    root: Path
    missing: Path  # does not exist, nor does its folder's child
    folder: Path  # an empty folder
    file: Path  # a regular file
    not_utf8: Path  # bytes that are not UTF-8, with a .txt name
    not_utf8_yaml: Path  # the same bytes with a .yaml name
    binary: Path  # NUL bytes, with a .txt name
    scratch_db: str  # a database of its own, for commands that write


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Places]:
    root = tmp_path_factory.mktemp("bad-input")
    folder = root / "empty"
    folder.mkdir()
    (root / "plain.txt").write_text("hello\n", encoding="utf-8")
    (root / "not-utf8.txt").write_bytes(NOT_UTF8)
    (root / "not-utf8.yaml").write_bytes(NOT_UTF8)
    (root / "binary.txt").write_bytes(b"\x00\x01\x02\x03bad\x00")
    scratch = f"sqlite:///{root / 'scratch.sqlite3'}"
    open_store(scratch).engine.dispose()
    yield Places(
        root,
        root / "no-such-folder" / "nothing",
        folder,
        root / "plain.txt",
        root / "not-utf8.txt",
        root / "not-utf8.yaml",
        root / "binary.txt",
        scratch,
    )


@pytest.fixture(scope="module")
def db(kb: KnowledgeBase) -> str:
    return kb.engine.url.render_as_string(hide_password=False)


def run(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout, stderr; an exception that escaped the command shows as the traceback a user would see."""
    result = runner.invoke(app, list(args))
    err = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        assert result.exc_info is not None
        err += "Traceback (most recent call last):\n" + "".join(traceback.format_exception(*result.exc_info))
    return result.exit_code, result.stdout, err


def assert_clear(code: int, out: str, err: str, expected_code: int | None, message: str) -> None:
    """Non-zero (or exactly ``expected_code``), ``message`` on one line of stderr, no traceback anywhere."""
    assert "Traceback" not in out + err, err
    assert code != 0, (out, err)
    if expected_code is not None:
        assert code == expected_code, err
    assert message in err, err
    if "Usage:" not in err:  # our own reports: one line that says what went wrong, with the message in it
        lines = [line for line in err.splitlines() if message in line]
        assert lines and lines[0].startswith(("error:", "skipped:")), err


# (arguments, exit code or None for "any non-zero", what stderr must say). ``{x}`` is replaced by a path
# from ``Places``; ``@db`` by the shared read-only database and ``@scratch`` by one this module may write.
CASES: list[tuple[tuple[str, ...], int | None, str]] = [
    # reading the knowledge base
    (("overview", "--as-of", "2024-02-30", "--db", "@db"), 2, "no day 30"),
    (("members", "--as-of", "2024-13-01", "--db", "@db"), 2, "month 13"),
    (("chair", "--as-of", "2023-02-29", "--db", "@db"), 2, "no day 29"),
    (("chair", "--body", "no-such-body", "--db", "@db"), 2, "no-such-body"),
    (("officials", "--office", "no-such-office", "--db", "@db"), 2, "no-such-office"),
    (("timeline", "--from", "2024-02-30", "--db", "@db"), 2, "no day 30"),
    (("timeline", "--limit", "-1", "--db", "@db"), 2, "limit"),
    (("timeline", "--offset", "-5", "--db", "@db"), 2, "offset"),
    (("timeline", "--kind", "party", "--db", "@db"), 2, "party"),
    (("show", "no-such-entity", "--db", "@db"), 2, "no-such-entity"),
    (("search", "zzqqxxyy", "--db", "@db"), 1, "nothing matches"),
    (("search", "Russia", "--limit", "-1", "--db", "@db"), 2, "'--limit'"),
    (("search", "Russia", "--kind", "no-such-kind", "--db", "@db"), 2, "no-such-kind"),
    (("overview", "--db", "sqlite:///{folder}"), 1, "database"),
    (("overview", "--db", "nonsense://nowhere"), 1, "nonsense"),
    # export and the database folder
    (("export", "{missing}", "--db", "@db"), 2, "does not exist"),
    (("export", "{file}", "--db", "@db"), 2, "is a file"),
    (("export", "{file}/sub", "--db", "@db"), 2, "is not a folder"),
    (("export", "{folder}", "--format", "xls", "--db", "@db"), 2, "--format"),
    (("export", "{folder}", "--table", "people", "--db", "@db"), 2, "people"),
    (("db", "build", "--db", "@scratch", "--data", "{missing}"), 1, "does not exist"),
    (("db", "build", "--db", "@scratch", "--data", "{file}"), 1, "plain.txt"),
    (("db", "build", "--db", "sqlite:///{file}/x.sqlite3"), None, "plain.txt"),
    (("db", "check", "--data", "{missing}"), 1, "does not exist"),
    (("db", "check", "--data", "{folder}"), 1, "no .yaml files"),
    # tokens
    (("token", "create", "   ", "--db", "@scratch"), 2, "token name"),
    (("token", "revoke", "nobody", "--db", "@scratch"), 1, "no token called 'nobody'"),
    (("token", "list", "--db", "sqlite:///{folder}"), 1, "database"),
    (("token", "revoke", "nobody", "--db", "sqlite:///{folder}"), 1, "database"),
    # news in
    (("extract", "{missing}", "--db", "@db"), 1, "no such file"),
    (("extract", "{binary}", "--db", "@db"), 1, "binary"),
    (("extract", "{folder}", "--db", "@db"), 1, "no document could be read"),
    (("extract", "{file}", "--format", "doc", "--db", "@db"), 2, "unknown format"),
    (("extract", "{file}", "--workers", "0", "--db", "@db"), 2, "'--workers'"),
    (("extract", "{file}", "--max-bytes", "-1", "--db", "@db"), 2, "'--max-bytes'"),
    (("ingest", "{missing}", "--db", "@scratch"), 1, "no such file"),
    (("ingest", "{binary}", "--db", "@scratch"), 1, "binary"),
    (("ingest", "{folder}", "--db", "@scratch"), 1, "no document could be read"),
    (("ingest", "{file}", "--format", "doc", "--db", "@scratch"), 2, "unknown format"),
    (("review", "list", "--status", "nope", "--db", "@scratch"), 2, "nope"),
    (("review", "list", "--limit", "0", "--db", "@scratch"), 2, "'--limit'"),
    (("review", "accept", "no-such-claim", "--db", "@scratch"), 2, "no-such-claim"),
    (("review", "reject", "no-such-claim", "--db", "@scratch"), 2, "no-such-claim"),
    (("review", "show", "no-such-claim", "--db", "@scratch"), 2, "no-such-claim"),
    (("review", "edit", "no-such-claim", "--stance", "7", "--db", "@scratch"), 2, "'--stance'"),
    (("review", "edit", "no-such-claim", "--db", "@scratch"), 2, "nothing to change"),
    (("review", "edit", "no-such-claim", "--date", "2024-02-30", "--db", "@scratch"), 2, "no-such-claim"),
    (("review", "export", "{missing}", "--db", "@scratch"), 2, "does not exist"),
    (("review", "export", "{folder}", "--db", "@scratch"), 2, "is a folder"),
    (("review", "export", "{file}/x.yaml", "--db", "@scratch"), 2, "is not a folder"),
    (("eval", "ingest", "{missing}", "--db", "@db"), 2, "not a folder"),
    (("eval", "ingest", "{file}", "--db", "@db"), 2, "not a folder"),
    (("eval", "ingest", "{folder}", "--db", "@db"), 2, "no gold files"),
    (("eval", "ingest", str(GOLD), "--seeds", "{missing}", "--db", "@db"), 2, "--seeds"),
    # the rules
    (("rules", "list", "--as-of", "2024-02-30"), 2, "no day 30"),
    (("rules", "list", "--reform", "no-such-reform"), 2, "no-such-reform"),
    (("rules", "explain", "no-such-provision"), 2, "no-such-provision"),
    (("rules", "explain", "treaty-art-4", "--as-of", "2023-02-29"), 2, "no day 29"),
    (("rules", "diff", "--reform", "no-such-reform", "--db", "@db"), 2, "no-such-reform"),
    (("rules", "diff", "--reform", "belarus-2023", "--from", "2024-02-30", "--db", "@db"), 2, "no day 30"),
    (("rules", "check", "--post", "president", "--db", "@db"), 2, "--post"),
    (("rules", "check", "--since", "2020", "--until", "2010", "--db", "@db"), 2, "after"),
    (("rules", "check", "--since", "-5", "--db", "@db"), 2, "'--since'"),
    (("rules", "check", "--until", "999999999", "--db", "@db"), 2, "'--until'"),
    (("rules", "cases", "--reform", "no-such-reform", "--db", "@db"), 2, "no-such-reform"),
    (("decide", "--file", "{not_utf8_yaml}", "--db", "@db"), 2, "not UTF-8"),
    (("decide", "--file", "{folder}", "--db", "@db"), 2, "--file"),
    (("decide", "--file", "{missing}", "--db", "@db"), 2, "--file"),
    (("decide", "--file", "{file}", "--db", "@db"), 2, "proposal"),
    (
        ("decide", "--kind", "collective_assistance", "--date", "2024-02-30", "--body", "CSC",
         "--requester", "armenia", "--db", "@db"),
        2, "no day 30",
    ),
    (
        ("decide", "--kind", "collective_assistance", "--date", "2023-02-01", "--body", "CSC",
         "--requester", "narnia", "--db", "@db"),
        2, "narnia",
    ),
    (
        ("decide", "--kind", "no_such_kind", "--date", "2023-02-01", "--body", "CSC",
         "--requester", "armenia", "--db", "@db"),
        2, "proposal.kind",
    ),
    (("decide", "--kind", "consultations", "--position", "armenia", "--db", "@db"), 2, "STATE=VALUE"),
    # the simulator
    (("alignment", "Atlantis", "--db", "@db"), 2, "Atlantis"),
    (("alignment", "csto", "--db", "@db"), 2, "not a state"),
    (("alignment", "armenia", "--from", "2020", "--to", "2010", "--db", "@db"), 2, "is after"),
    (("alignment", "armenia", "--from", "1800", "--db", "@db"), 2, "outside"),
    (("backtest", "--prior", "bogus", "--db", "@db"), 2, "--prior"),
    (("simulate", "no-such-scenario", "--db", "@db"), 2, "no-such-scenario"),
    (("simulate", "{folder}", "--db", "@db"), 2, "empty"),
    (("simulate", "{not_utf8_yaml}", "--db", "@db"), 2, "not UTF-8"),
    (("simulate", SCENARIO, "--runs", "-1", "--db", "@db"), 2, "'--runs'"),
    (("simulate", SCENARIO, "--runs", "0", "--db", "@db"), 2, "'--runs'"),
    (("simulate", SCENARIO, "--runs", str(10**15), "--db", "@db"), 2, "'--runs'"),
    (("simulate", SCENARIO, "--runs", "100", "--plot", "{missing}.png", "--db", "@db"), 2, "does not exist"),
    (("simulate", SCENARIO, "--runs", "100", "--plot", "{file}/x.png", "--db", "@db"), 2, "is not a folder"),
    (("simulate", SCENARIO, "--runs", "100", "--plot", "{folder}", "--db", "@db"), 2, "is a folder"),
    (("simulate", SCENARIO, "--runs", "100", "--plot", "{root}/chart.txt", "--db", "@db"), 2, ".png"),
    (("simulate", SCENARIO, "--set", "stances.model.base=nan", "--db", "@db"), 2, "finite"),
    (("simulate", SCENARIO, "--set", "stances.model.base=inf", "--db", "@db"), 2, "finite"),
    (("simulate", SCENARIO, "--set", "stances.model.base=-1e999", "--db", "@db"), 2, "finite"),
    (("simulate", SCENARIO, "--set", "operations.permission.default=-1", "--db", "@db"), 2, "greater than or equal"),
    (("simulate", SCENARIO, "--set", "operations.permission.default=5", "--db", "@db"), 2, "less than or equal to 1"),
    (("simulate", SCENARIO, "--set", "operations.permission.states.iran=1.5", "--db", "@db"), 2, "iran"),
    (("simulate", SCENARIO, "--set", "operations.commitment.severity_5=2", "--db", "@db"), 2, "between 0 and 1"),
    (("simulate", SCENARIO, "--set", "stances.states.russia.alignment=nan", "--db", "@db"), 2, "finite"),
    (("simulate", SCENARIO, "--set", "stances.model.stay_out_band=-1", "--db", "@db"), 2, "stay_out_band"),
    (("simulate", SCENARIO, "--set", "operations.decision_hours.default.median=inf", "--db", "@db"), 2, "median"),
    (("simulate", SCENARIO, "--set", "stances.dyads.ties.narnia.russia=0.5", "--db", "@db"), 2, "'narnia'"),
    (("simulate", SCENARIO, "--set", "stances.dyads.ties.russia.russia=0.5", "--db", "@db"), 2, "two different"),
    (("simulate", SCENARIO, "--set", "stances.states.narnia.alignment=1", "--db", "@db"), 2, "'narnia'"),
    (("simulate", SCENARIO, "--set", "operations.geography.nodes.russia.point=1", "--db", "@db"), 2, "not a numeric"),
    (("simulate", SCENARIO, "--set", "stances.model.base", "--db", "@db"), 2, "PATH=VALUE"),
    (("simulate", SCENARIO, "--set", "stances.model.base=high", "--db", "@db"), 2, "not a number"),
    (("simulate", SCENARIO, "--reform", "no-such-reform", "--db", "@db"), 2, "no-such-reform"),
    (("simulate", SCENARIO, "--stances", "{missing}", "--db", "@db"), 2, "nothing"),
    (("simulate", SCENARIO, "--stances", "{folder}", "--db", "@db"), 2, "empty"),
    (("simulate", SCENARIO, "--operations", "{not_utf8_yaml}", "--db", "@db"), 2, "not UTF-8"),
    (("backtest", "--runs", "-5", "--db", "@db"), 2, "'--runs'"),
    (("backtest", "--sensitivity", "5", "--db", "@db"), 2, "'--sensitivity'"),
    (("backtest", "--sensitivity", "nan", "--db", "@db"), 2, "'--sensitivity'"),
    (("backtest", "--set", "stances.model.base=nan", "--db", "@db"), 2, "finite"),
    (("backtest", "--stances", "{folder}", "--db", "@db"), 2, "empty"),
    (("sweep", SCENARIO, "--param", "nope", "--db", "@db"), 2, "PATH="),
    (("sweep", SCENARIO, "--param", "stances.model.base=nan,1", "--db", "@db"), 2, "finite"),
    (("sweep", SCENARIO, "--param", "operations.permission.default=0:5:3", "--db", "@db"), 2, "less than or equal"),
    (("sweep", SCENARIO, "--param", "stances.model.base=0:1:999999999", "--db", "@db"), 2, "at most"),
    (
        ("sweep", SCENARIO, "--param", "stances.model.base=0:1:200", "--param", "stances.model.severity=0:1:200",
         "--db", "@db"),
        2, "points",
    ),
    (("sweep", SCENARIO, "--param", "stances.model.bogus=0,1", "--db", "@db"), 2, "bogus"),
    ((*SWEEP, "--out", "{missing}.csv", "--db", "@db"), 2, "does not exist"),
    ((*SWEEP, "--out", "{folder}", "--db", "@db"), 2, "is a folder"),
    ((*SWEEP, "--out", "{file}/x.csv", "--db", "@db"), 2, "not a folder"),
    ((*SWEEP, "--plot", "{missing}.png", "--db", "@db"), 2, "does not exist"),
    ((*SWEEP, "--random", "-1", "--db", "@db"), 2, "'--random'"),
    ((*SWEEP, "--random", str(10**9), "--db", "@db"), 2, "'--random'"),
    ((*SWEEP, "--runs", "100", "--engine", "spark", "--db", "@db"), 2, "spark"),
    (("sweep", "no-such-scenario", "--param", "stances.model.base=0,1", "--db", "@db"), 2, "no-such-scenario"),
]  # fmt: skip


def _args(args: tuple[str, ...], places: Places, db: str) -> list[str]:
    values = {name: str(getattr(places, name)) for name in ("root", "missing", "folder", "file", "binary")}
    values |= {"not_utf8": str(places.not_utf8), "not_utf8_yaml": str(places.not_utf8_yaml)}
    out = []
    for arg in args:
        arg = arg.replace("@scratch", places.scratch_db).replace("@db", db)
        for name, value in sorted(values.items(), key=lambda kv: -len(kv[0])):
            arg = arg.replace("{" + name + "}", value)
        out.append(arg)
    return out


def _id(case: tuple[tuple[str, ...], int | None, str]) -> str:
    return " ".join(a for a in case[0] if a not in ("--db", "@db", "@scratch"))[:80]


@pytest.mark.parametrize(("args", "code", "message"), CASES, ids=[_id(c) for c in CASES])
def test_bad_input_is_one_clear_line(
    places: Places, db: str, args: tuple[str, ...], code: int | None, message: str
) -> None:
    assert_clear(*run(*_args(args, places, db)), code, message)


def test_every_command_is_covered() -> None:
    """A new command needs its bad-input cases here (serve is covered below, without starting a server)."""
    from typer.main import get_command

    def names(group: object, prefix: str = "") -> set[str]:
        found: set[str] = set()
        for name, command in getattr(group, "commands", {}).items():
            found |= names(command, f"{prefix}{name} ") if hasattr(command, "commands") else {f"{prefix}{name}"}
        return found

    groups = {"db", "token", "review", "eval", "rules"}
    tested = {" ".join(args[:2]) if args[0] in groups else args[0] for args, _, _ in CASES}
    no_input = {"db url", "rules reforms"}  # nothing a user can get wrong
    elsewhere = {"serve", "get", "db upgrade"}  # serve below; get and db upgrade come with their own tests
    untested = names(get_command(app)) - tested - no_input - elsewhere
    assert not untested, f"commands without bad-input cases: {sorted(untested)}"


def test_the_non_utf8_bytes_never_crash_the_readers(places: Places, db: str) -> None:
    """The news readers guess encodings (a UTF-16 byte order mark is one), so these bytes may be read: no traceback."""
    for command, target in (("extract", db), ("ingest", places.scratch_db)):
        code, out, err = run(command, str(places.not_utf8), "--db", target)
        assert "Traceback" not in out + err
        assert code in (0, 1), err


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_folder_is_named(places: Places, db: str) -> None:
    locked = places.root / "locked"
    locked.mkdir(exist_ok=True)
    locked.chmod(0o500)
    try:
        cases = [
            (("export", f"{locked}/out", "--db", db), "not writable"),
            (("review", "export", f"{locked}/x.yaml", "--db", places.scratch_db), "not writable"),
            (("simulate", SCENARIO, "--runs", "100", "--plot", f"{locked}/x.png", "--db", db), "not writable"),
            ((*SWEEP, "--out", f"{locked}/x.csv", "--db", db),
             "not writable"),
        ]  # fmt: skip
        for args, message in cases:
            assert_clear(*run(*args), 2, message)
    finally:
        locked.chmod(0o700)


def test_markup_and_emoji_codes_in_messages_stay_literal(places: Places, db: str) -> None:
    """Rich would eat ``[ray]`` as a tag and turn ``:smile:`` into an emoji; errors show what the user typed."""
    code, out, err = run("show", "[ray] a:smile:b", "--db", db)
    assert_clear(code, out, err, 2, "[ray] a:smile:b")
    path = places.root / "[ray]" / "x:smile:.yaml"
    code, out, err = run("decide", "--file", str(path), "--db", db)
    assert_clear(code, out, err, 2, str(path))
    code, out, err = run("simulate", "[bold]x:smile:", "--db", db)
    assert_clear(code, out, err, 2, "[bold]x:smile:")


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    """``csto serve`` must stop at its arguments: starting a server fails the test instead."""
    import csto.web.server

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a bad argument reached the server")

    monkeypatch.setattr(csto.web.server, "run", refuse)
    monkeypatch.setenv("CSTO_DATABASE_URL", db)  # serve sets it; monkeypatch puts it back


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--port", "0"), 2, "'--port'"),
        (("--port", "70000"), 2, "'--port'"),
        (("--port", "http"), 2, "'--port'"),
        (("--workers", "0"), 2, "'--workers'"),
        (("--heavy-workers", "-1"), 2, "'--heavy-workers'"),
        (("--max-connections", "1"), 2, "'--max-connections'"),
        (("--header-timeout", "nan"), 2, "--header-timeout"),
        (("--header-timeout", "inf"), 2, "--header-timeout"),
        (("--scenarios", "{missing}"), 2, "does not exist"),
        (("--scenarios", "{file}"), 2, "plain.txt"),
        (("--db", "sqlite:///{folder}"), 1, "database"),
    ],
)
def test_serve_refuses_bad_arguments(
    no_server: None, places: Places, db: str, args: tuple[str, ...], code: int, message: str
) -> None:
    assert_clear(*run("serve", *_args(args, places, db)), code, message)


def test_backtest_with_sensitivity_prints_one_json_document(db: str) -> None:
    code, out, err = run("backtest", "--runs", "100", "--sensitivity", "0.5", "--json", "--db", db)
    assert code == 0, err
    payload = json.loads(out)
    assert set(payload) == {"backtest", "sensitivity"}
    assert payload["backtest"]["rows"] and payload["sensitivity"]
    assert {"parameter", "hits", "cases"} <= set(payload["sensitivity"][0])


# What a user sees: the installed script in a process of its own, for one case of each kind.
SUBPROCESS = [
    (("overview", "--as-of", "2024-02-30"), 2, "no day 30"),
    (("export", "{missing}/sub"), 2, "does not exist"),
    (("simulate", SCENARIO, "--runs", "100", "--plot", "{missing}/x.png"), 2, "does not exist"),
    (("simulate", SCENARIO, "--set", "stances.model.base=nan"), 2, "finite"),
    ((*SWEEP, "--out", "{folder}"), 2, "is a folder"),
    (("decide", "--file", "{not_utf8_yaml}"), 2, "not UTF-8"),
    (("extract", "{binary}"), 1, "binary"),
    (("rules", "diff", "--reform", "no-such-reform"), 2, "no-such-reform"),
    (("token", "revoke", "nobody", "--db", "sqlite:///{folder}"), 1, "database"),
    (("show", "[ray] a:smile:b"), 2, "[ray] a:smile:b"),
    (("eval", "ingest", "{folder}"), 2, "no gold files"),
]


@pytest.mark.integration
@pytest.mark.skipif(not CSTO.exists(), reason="the csto script is not installed beside this Python")
@pytest.mark.parametrize(("args", "code", "message"), SUBPROCESS, ids=[_id(c) for c in SUBPROCESS])
def test_the_installed_script_never_shows_a_traceback(
    places: Places, db: str, args: tuple[str, ...], code: int, message: str
) -> None:
    env = {**os.environ, "CSTO_DATABASE_URL": db, "COLUMNS": "80", "TERM": "dumb"}
    done = subprocess.run(
        [str(CSTO), *_args(args, places, db)], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert_clear(done.returncode, done.stdout, done.stderr, code, message)
