"""The Secretary General's post and the chairmanship: rotation in Russian alphabetical order."""

from __future__ import annotations

from pydantic import Field

from csto.rules.context import Context
from csto.rules.logic import Params, logic, params_of
from csto.rules.records import Version
from csto.vocabulary import MemberStatus, Outcome


class RotationParams(Params):
    russian_names: dict[str, str]
    term_years: int = Field(gt=0)
    first_year: int
    first_state: str
    skip_statuses: list[MemberStatus] = Field(default_factory=lambda: [MemberStatus.SUSPENDED, MemberStatus.WITHDRAWN])
    alphabetical: bool = True


def next_in_rotation(p: RotationParams, after: str, members: set[str] | frozenset[str], step: int = 1) -> str | None:
    """The member that follows ``after`` in Russian alphabetical order (wrapping), among ``members``.

    ``step=-1`` gives the member that precedes it instead.
    """
    order = sorted((name, state) for state, name in p.russian_names.items() if state in members or state == after)
    states = [s for _, s in order]
    if after not in states:
        return states[0] if states else None
    i = states.index(after)
    for distance in range(1, len(states) + 1):
        candidate = states[(i + step * distance) % len(states)]
        if candidate in members:
            return candidate
    return None


@logic("rotation_parameters", RotationParams)
def rotation_parameters(ctx: Context, pid: str, v: Version) -> None:
    """Chairmanship rotation: derived by ``csto.rules.rotation``, not by a vote."""


@logic("secretary_general_rotation", RotationParams)
def secretary_general_rotation(ctx: Context, pid: str, v: Version) -> None:
    """The Secretary General's post rotates among members in Russian alphabetical order, for a fixed term."""
    p = params_of(v, RotationParams)
    nominee = ctx.proposal.subject or ""
    previous = ctx.proposal.previous_holder_state
    eligible = {
        s for s, status in ctx.roster.statuses.items() if status not in p.skip_statuses and s in p.russian_names
    }
    if not previous:
        ctx.note(
            pid,
            v,
            f"rotation not checked: the outgoing Secretary General's state was not given (term {p.term_years} years)",
        )
        return
    expected = next_in_rotation(p, previous, eligible)
    if expected != nominee:
        ctx.finish(
            pid,
            v,
            Outcome.INVALID,
            f"after {ctx.name(previous)} it is {ctx.name(expected or '?')}'s turn to nominate, not {ctx.name(nominee)}",
        )
    else:
        ctx.effects["term"] = f"{p.term_years} years"
        ctx.note(
            pid,
            v,
            f"{ctx.name(nominee)} follows {ctx.name(previous)} in Russian alphabetical order; "
            f"term {p.term_years} years",
        )
