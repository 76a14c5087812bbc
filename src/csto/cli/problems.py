"""How the command line reports a problem: one line on stderr, the text exactly as written, an exit code.

Messages often quote what the user typed (a path with ``[ray]`` in it, ``a:smile:b``), so they are
printed as plain text: no Rich markup, no emoji codes, no highlighting and no wrapping.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

_BACKGROUND = re.compile(r"\s*\(Background on this error at: [^)]*\)")


def stdout() -> Console:
    """A Rich console on standard output, made when a command prints a table or a line.

    Rich is imported here, not when the command line starts, so a command that prints JSON never
    loads it. A console made now sees the same terminal and environment one made at start would.
    """
    from rich.console import Console

    return Console()


def stderr() -> Console:
    """A Rich console on standard error (see ``stdout``)."""
    from rich.console import Console

    return Console(stderr=True)


def say(message: str, label: str = "error", style: str = "bold red") -> None:
    """Print ``label: message`` on stderr, literally (``head:`` and a single detail become one line)."""
    from rich.text import Text

    message = _BACKGROUND.sub("", message).strip()
    lines = message.splitlines()
    if len(lines) == 2 and lines[0].endswith(":"):
        message = f"{lines[0]} {lines[1].strip()}"
    text = Text.assemble((f"{label}:", style), " ", message)
    stderr().print(text, soft_wrap=True, markup=False, emoji=False, highlight=False)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Report ``message`` and return the exit to raise (2: bad input, 1: a broken store or dataset)."""
    say(message)
    return typer.Exit(code)


def os_problem(error: OSError, what: str = "") -> str:
    """``what path: reason`` for a file-system error, without Python's ``[Errno n]``."""
    where = error.filename if error.filename is not None else ""
    reason = error.strerror or str(error)
    if isinstance(error, FileExistsError) and where and Path(where).is_file():
        reason = "is a file, not a folder"
    elif isinstance(error, NotADirectoryError):
        reason = "part of this path is a file, not a folder"
    elif isinstance(error, IsADirectoryError):
        reason = "is a folder, not a file"
    head = " ".join(str(part) for part in (what, where) if part != "")
    return f"{head}: {reason}" if head else reason


def database_problem(error: Exception) -> str:
    """The first line of a database driver's error (the SQL and the links after it are for developers)."""
    lines = str(error).strip().splitlines()
    return f"database error: {lines[0] if lines else type(error).__name__}"


def output_file(path: Path, option: str) -> None:
    """Refuse an output file that cannot be written, before any work is done."""
    if path.is_dir():
        raise fail(f"{option} {path}: is a folder; give a file name")
    _parent_writable(path, option)


def output_folder(path: Path, option: str) -> None:
    """Refuse an output folder that cannot be created or written (the folder itself may be new)."""
    if path.exists() and not path.is_dir():
        raise fail(f"{option} {path}: is a file, not a folder")
    if path.is_dir():
        if not os.access(path, os.W_OK):
            raise fail(f"{option} {path}: the folder is not writable")
        return
    _parent_writable(path, option)


def _parent_writable(path: Path, option: str) -> None:
    parent = path.absolute().parent
    if not parent.exists():
        raise fail(f"{option} {path}: the folder {parent} does not exist")
    if not parent.is_dir():
        raise fail(f"{option} {path}: {parent} is not a folder")
    if not os.access(parent, os.W_OK):
        raise fail(f"{option} {path}: the folder {parent} is not writable")
