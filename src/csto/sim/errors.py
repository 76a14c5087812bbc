"""Errors of the simulator: each names the file, line and field (or parameter) it is about."""

from __future__ import annotations

from pathlib import Path


class SimulationError(Exception):
    """Base of the simulator's errors."""


class ScenarioError(SimulationError):
    """A scenario that cannot be used; ``problems`` lists each with its place and field."""

    def __init__(self, path: Path | str, problems: list[tuple[int | None, str, str]]):
        self.path = Path(path)
        self.problems = problems
        lines = []
        for line, field, message in problems:
            where = f"{self.path}:{line}" if line else str(self.path)
            lines.append(f"{where}: {field}: {message}" if field else f"{where}: {message}")
        super().__init__("invalid scenario:\n" + "\n".join(lines))


class ParameterError(SimulationError):
    """A parameter file or override that cannot be used, naming the parameter."""


class ContextError(SimulationError):
    """The knowledge base lacks something a scenario needs (a member list, a requester, a place)."""
