"""The command line imports what a command needs when it runs, not everything when it starts.

Each check runs in a fresh interpreter, so what other tests imported does not count. These are
behaviour tests (which modules end up loaded), not timings.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from csto.store import KnowledgeBase

# Never needed to answer a question from the store: the web server, the simulator's numerics,
# the news reader's NLP, plotting and data frames.
HEAVY = ("fastapi", "starlette", "uvicorn", "numpy", "pandas", "pyarrow", "matplotlib", "networkx", "spacy")
# csto's own layers that only other commands need.
OTHER_LAYERS = ("csto.api", "csto.web", "csto.sim", "csto.rules", "csto.ingest")

_LOADED = """
import json, sys
{body}
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""

_RUN_COMMAND = """
from csto.cli import main
sys.argv = ["csto", *{args!r}]
try:
    main()
except SystemExit as stop:
    assert not stop.code, stop.code
"""


def _loaded(body: str) -> tuple[str, set[str]]:
    """Run ``body`` in a new interpreter; its standard output and the modules loaded at its end."""
    done = subprocess.run(
        [sys.executable, "-c", _LOADED.format(body=body)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, set(json.loads(done.stderr.strip().splitlines()[-1]))


def _found(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


# What a new process answering ``csto members --json`` from a built SQLite file never needs.
LIBRARIES = ("typer", "click", "sqlalchemy", "alembic", "pydantic", "pydantic_core", "rich", "yaml", "platformdirs")


def test_importing_the_command_line_loads_no_library_at_all() -> None:
    _, modules = _loaded("import csto.cli")
    assert _found(modules, HEAVY) == []
    assert _found(modules, OTHER_LAYERS) == []
    # Not even Typer, the store, the models or the tables' renderer: ``main`` imports what it needs.
    assert _found(modules, (*LIBRARIES, "csto.store", "csto.dataset", "csto.cli.commands")) == []


def test_importing_the_store_loads_no_library() -> None:
    _, modules = _loaded("import csto.store, csto.store.lite")
    assert _found(modules, (*LIBRARIES, *HEAVY, "csto.dataset", "csto.model", "csto.store.kb")) == []


def test_the_stores_names_still_load_on_use() -> None:
    out, modules = _loaded(
        "from csto.store import KnowledgeBase, open_store, make_engine; print(KnowledgeBase.__name__)"
    )
    assert out.strip() == "KnowledgeBase"
    assert "sqlalchemy" in modules


@pytest.mark.parametrize(
    "args",
    [
        ["members", "--as-of", "2020-01-01", "--json"],
        ["members", "--as-of", "2020-01-01", "--all", "--json"],
        ["chair", "--as-of", "2020-01-01", "--json"],
        ["officials", "--as-of", "2020-01-01", "--json", "--sources"],
    ],
)
def test_store_questions_as_json_load_only_the_standard_library(sqlite_kb: KnowledgeBase, args: list[str]) -> None:
    db = sqlite_kb.engine.url.render_as_string(hide_password=False)
    out, modules = _loaded(_RUN_COMMAND.format(args=[*args, "--db", db]))
    assert json.loads(out)
    assert "csto.store.lite" in modules
    assert _found(modules, (*LIBRARIES, "csto.store.kb", "csto.store.engine", "csto.dataset", "csto.model")) == []
    assert _found(modules, HEAVY) == []
    assert _found(modules, OTHER_LAYERS) == []


def test_members_as_json_from_another_store_loads_the_store_and_nothing_heavy(tmp_path: Path) -> None:
    """A database that is not built yet takes the ordinary path: SQLAlchemy builds it, still nothing heavy."""
    db = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    out, modules = _loaded(_RUN_COMMAND.format(args=["members", "--as-of", "2020-01-01", "--json", "--db", db]))
    assert {row["state"]["id"] for row in json.loads(out)} >= {"russia", "kazakhstan", "armenia"}
    assert "csto.store" in modules and "sqlalchemy" in modules
    assert _found(modules, HEAVY) == []
    assert _found(modules, OTHER_LAYERS) == []
    assert _found(modules, ("rich", "csto.cli.render")) == []  # JSON needs no tables


@pytest.mark.parametrize("args", [["members", "--as-of", "2020-01-01"], ["chair", "--as-of", "2020-01-01", "--json"]])
def test_other_store_questions_load_nothing_heavy(kb: KnowledgeBase, args: list[str]) -> None:
    db = kb.engine.url.render_as_string(hide_password=False)
    out, modules = _loaded(_RUN_COMMAND.format(args=[*args, "--db", db]))
    assert out.strip()
    assert _found(modules, HEAVY) == []
    assert _found(modules, OTHER_LAYERS) == []


def test_the_dataset_folder_default_is_the_loaders() -> None:
    """``csto db build --data`` defaults to the loader's folder, found without importing the loader."""
    import csto.cli
    from csto.dataset import DATA_DIR

    assert csto.cli.DATA_DIR == DATA_DIR
