"""The ``csto`` command line.

``main`` first offers the arguments to ``csto.cli.quick``, which answers ``csto members``, ``chair``
and ``officials`` with ``--json`` from a built SQLite store using the standard library alone; every
other command line (and any one it is unsure of) goes to the Typer application in
``csto.cli.commands``, imported only then. ``app`` and ``DATA_DIR`` are that module's, loaded on
first use, so importing ``csto.cli`` costs next to nothing.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from csto.cli.commands import DATA_DIR, app

_FROM_COMMANDS = frozenset({"app", "DATA_DIR", "db_app"})


def main() -> None:
    """The ``csto`` entry point."""
    from csto.cli.quick import answered

    try:
        if answered(sys.argv[1:]):
            return
    except OSError as error:  # as ``csto.cli.commands.main`` reports it
        from csto.cli.problems import os_problem, say

        say(os_problem(error))
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        from csto.cli.problems import say

        say("interrupted")
        raise SystemExit(130) from None
    from csto.cli.commands import main as run_commands

    run_commands()


def __getattr__(name: str) -> Any:
    if name in _FROM_COMMANDS:
        from csto.cli import commands

        return getattr(commands, name)
    raise AttributeError(f"module 'csto.cli' has no attribute {name!r}")


__all__ = ["DATA_DIR", "app", "main"]
