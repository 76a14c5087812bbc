"""Errors of the rules layer: each names what is wrong and where."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date


class RulesError(ValueError):
    """Base class for every error raised by ``csto.rules``."""


class RulesDataError(RulesError):
    """A provision, reform, source or case file that does not validate (file, line and field named)."""


class UnknownProvisionError(RulesError, LookupError):
    """A provision id that the rule set does not know; ``suggestions`` lists close ids."""

    def __init__(self, name: str, known: Iterable[str]):
        self.name = name
        self.suggestions = difflib.get_close_matches(name, sorted(known), n=5, cutoff=0.5)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no provision called {name!r}.{hint} (`csto rules list` shows them all)")


class UnknownReformError(RulesError, LookupError):
    """A reform name that is not shipped; ``suggestions`` lists close names."""

    def __init__(self, name: str, known: Iterable[str]):
        self.name = name
        names = sorted(known)
        self.suggestions = difflib.get_close_matches(name, names, n=5, cutoff=0.4)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no reform called {name!r}.{hint} Shipped reforms: {', '.join(names)}")


class OutOfForceError(RulesError):
    """A date on which the instrument (or provision) asked about was not in force."""

    def __init__(self, what: str, at: date, period: str, message: str | None = None):
        self.what = what
        self.at = at
        super().__init__(message or f"{what} is not in force on {at.isoformat()} (in force {period})")


class ProposalError(RulesError):
    """A malformed proposal, position or membership table; the message names the field."""


class ReformError(RulesError):
    """A reform that cannot be applied to a rule set (unknown target, clashing id)."""
