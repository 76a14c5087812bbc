"""The one front door: what the command line, the API and the pages share when they answer.

Date defaulting (``resolve_day``), the meaning of every error of the core as an HTTP status, a
machine-readable code and an exit code (``problem_of``), the API token check (``token_owner``)
and scenario lookup by name (``scenario_named``). It imports nothing heavy at import time, so the
command line stays quick to start; the answers that need the web server's pool live in
``csto.api.answers``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from csto.periods import DateError, parse_day

if TYPE_CHECKING:
    from csto.sim import Scenario, ScenarioRegistry
    from csto.store.tokens import TokenStore


class ApiError(Exception):
    """A refusal the faces report as it is: its HTTP status and machine-readable code."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        suggestions: list[str] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.suggestions = suggestions or []
        self.headers = headers or {}


@dataclass(frozen=True)
class Problem:
    """What an error means to any face of csto: an HTTP status, a code, a message, an exit code."""

    status: int
    code: str
    message: str
    suggestions: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """For the command line: 2 for a caller's mistake, 1 for a broken store or dataset."""
        return 2 if self.status < 500 else 1


@cache
def known_errors() -> tuple[tuple[type[Exception], int, str], ...]:
    """The core's errors with their status and code, subclasses before their bases."""
    from csto.dataset import DatasetError
    from csto.rules import RulesError, UnknownProvisionError, UnknownReformError
    from csto.sim import SimulationError, UnknownScenarioError
    from csto.store import QueryError, StoreError, UnknownEntityError
    from csto.store.claims import ReviewError

    return (
        (UnknownEntityError, 404, "unknown_entity"),
        (UnknownScenarioError, 404, "unknown_scenario"),
        (UnknownProvisionError, 404, "unknown_provision"),
        (UnknownReformError, 404, "unknown_reform"),
        (DateError, 400, "bad_date"),
        (QueryError, 400, "bad_query"),
        (ReviewError, 400, "review_refused"),
        (RulesError, 400, "bad_proposal"),
        (SimulationError, 400, "bad_simulation"),
        (DatasetError, 503, "dataset_invalid"),
        (StoreError, 503, "store_unavailable"),
    )


def problem_of(error: Exception) -> Problem | None:
    """The status and code of a refusal or of one of the core's errors (None for anything unexpected)."""
    if isinstance(error, ApiError):
        return Problem(error.status, error.code, error.message, error.suggestions)
    for kind, status, code in known_errors():
        if isinstance(error, kind):
            suggestions = list(getattr(error, "suggestions", []) or [])
            what = getattr(error, "what", None)
            if code == "unknown_entity" and what:
                code = f"unknown_{what}"
            if code == "review_refused" and str(error).startswith("no claim"):
                status = 404
            return Problem(status, code, str(error), suggestions)
    return None


@dataclass(frozen=True)
class AsOf:
    """The day a question is about, and whether the caller left it to default to today."""

    day: date
    defaulted: bool


def resolve_day(value: str | None, name: str = "as_of", today: date | None = None) -> AsOf:
    """``value`` as a day (YYYY-MM-DD), or today when absent; a bad date is a 400 naming ``name``."""
    if value is None or value == "":
        return AsOf(today or date.today(), True)
    try:
        return AsOf(parse_day(value), False)
    except DateError as error:
        raise ApiError(400, "bad_date", f"{name}: {error}") from None


def token_owner(tokens: TokenStore, authorization: str | None) -> str:
    """Who a ``Bearer`` header belongs to; 403 when the server has no token, 401 when it is missing or wrong."""
    if not tokens.configured():
        raise ApiError(403, "read_only", "this server is read-only: no API token is configured (csto token create)")
    if not authorization or not authorization.lower().startswith("bearer "):
        raise ApiError(401, "token_required", "this request changes data and needs 'Authorization: Bearer <token>'")
    owner = tokens.check(authorization[7:].strip())
    if owner is None:
        raise ApiError(401, "bad_token", "the API token is not valid")
    return owner


def scenario_named(registry: ScenarioRegistry, name: str, reform: str | None = None) -> Scenario:
    """A registered scenario (never a file) and, if named, a known reform; 404 otherwise."""
    from csto.rules import RulesError, get_reform
    from csto.sim import UnknownScenarioError

    try:
        scenario = registry.get(name)
    except UnknownScenarioError as error:
        raise ApiError(404, "unknown_scenario", str(error)) from None
    if reform:
        try:
            get_reform(reform)
        except RulesError as error:
            raise ApiError(404, "unknown_reform", str(error)) from None
    return scenario
