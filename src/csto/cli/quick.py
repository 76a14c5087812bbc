"""Answer the commonest read-only questions before Typer, SQLAlchemy or pydantic are imported.

``csto members``, ``csto chair`` and ``csto officials`` with ``--json`` print what
``csto.store.lite`` reads from a built SQLite store: the same JSON, byte for byte, as the Typer
commands print (``tests/cli/test_quick.py`` compares them). This module understands only the plain
spellings of those commands' options; anything else (``--help``, another command, an option it
does not know, a repeated option, a bad date, a name that is not an entity id, a store that must
first be built or upgraded, any database error) makes ``answered`` return False untouched, and the
Typer application answers as it always did, errors and messages included.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

_COMMON_VALUES = frozenset({"--as-of", "--db"})
_COMMON_FLAGS = frozenset({"--json", "--sources"})
# Per command: its own options that take a value, and its own flags.
_COMMANDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "members": (frozenset(), frozenset({"--all"})),
    "chair": (frozenset({"--body"}), frozenset()),
    "officials": (frozenset({"--office"}), frozenset()),
}


def parse(argv: list[str]) -> tuple[str, dict[str, str | bool]] | None:
    """The command and its options, when ``argv`` is a plain spelling this module handles; else None."""
    if not argv or argv[0] not in _COMMANDS:
        return None
    command, rest = argv[0], argv[1:]
    values, flags = _COMMANDS[command]
    values, flags = values | _COMMON_VALUES, flags | _COMMON_FLAGS
    options: dict[str, str | bool] = {}
    i = 0
    while i < len(rest):
        name, has_value, value = rest[i].partition("=")
        if name in options:
            return None
        if name in flags and not has_value:
            options[name] = True
            i += 1
        elif name in values:
            if not has_value:
                if i + 1 >= len(rest) or rest[i + 1].startswith("-"):
                    return None
                value = rest[i + 1]
                i += 1
            options[name] = value
            i += 1
        else:
            return None
    if options.get("--json") is not True:
        return None
    return command, options


def _question(command: str, options: dict[str, str | bool], at: date) -> Callable[[Any], Any]:
    from csto.store import lite

    if command == "members":
        include_former = options.get("--all") is True
        return lambda reader: lite.members(reader, at, include_former)
    if command == "chair":
        body = str(options.get("--body", lite.CHAIRED_BODY))
        return lambda reader: lite.chair(reader, at, body)
    office = options.get("--office")
    return lambda reader: lite.officials(reader, at, None if office is None else str(office))


def answered(argv: list[str]) -> bool:
    """Print the answer to ``argv`` and return True, or return False having printed nothing."""
    parsed = parse(argv)
    if parsed is None:
        return False
    command, options = parsed
    from csto.frontdoor import ApiError, resolve_day

    as_of = options.get("--as-of")
    try:
        at = resolve_day(None if as_of is None else str(as_of), "--as-of").day
    except ApiError:
        return False
    from csto.store import lite

    db = options.get("--db")
    payload = lite.answer(None if db is None else str(db), _question(command, options, at))
    if payload is None:
        return False
    print(payload)
    return True
