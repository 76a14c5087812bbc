"""Logic used only by reform provisions (the proposals in the seed documents)."""

from __future__ import annotations

from pydantic import Field

from csto.rules.context import Context
from csto.rules.logic import Params, logic, params_of
from csto.rules.logic.substance import member_aggressor
from csto.rules.proposal import Kind, Position
from csto.rules.records import Version
from csto.vocabulary import Outcome


class AggressionParams(Params):
    consequence: str | None = Field(default=None, description="what befalls the responsible member, if anything")


@logic("member_aggression_mechanism", AggressionParams)
def member_aggression_mechanism(ctx: Context, pid: str, v: Version) -> None:
    """An armed attack by one member on another is answered collectively, without the attacker's vote."""
    if ctx.kind != Kind.COLLECTIVE_ASSISTANCE.value:
        return
    aggressor = member_aggressor(ctx)
    if not aggressor:
        return
    p = params_of(v, AggressionParams)
    ctx.flags.add("member_aggression_covered")
    if aggressor in ctx.roster.statuses:
        ctx.excluded[aggressor] = "the member accused of the attack does not vote on the response"
        ctx.counted.pop(aggressor, None)
    text = f"the attack by {ctx.name(aggressor)} is handled by the mechanism; its vote is not counted"
    if p.consequence:
        ctx.effects_if_adopted["consequence"] = f"{ctx.name(aggressor)}: {p.consequence}"
        text += f"; consequence if adopted: {p.consequence}"
    ctx.note(pid, v, text)


class BlocParams(Params):
    blocs: dict[str, list[str]] = Field(description="bloc id -> member states")


def _bloc_of(ctx: Context, p: BlocParams) -> str | None:
    for bloc, states in sorted(p.blocs.items()):
        if (
            bloc in ctx.proposal.third_party_blocs
            or ctx.proposal.third_party == bloc
            or ctx.proposal.third_party in states
        ):
            return bloc
    return None


@logic("ban_rival_bloc_facilities", BlocParams)
def ban_rival_bloc_facilities(ctx: Context, pid: str, v: Version) -> None:
    """No military facility of a rival bloc's state may be hosted by a member, whatever the others say."""
    bloc = _bloc_of(ctx, params_of(v, BlocParams))
    if ctx.kind == Kind.FOREIGN_BASE.value and bloc:
        ctx.finish(pid, v, Outcome.INVALID, f"facilities of {ctx.party} ({bloc}) on a member's soil are banned")


@logic("ban_bloc_exercises", BlocParams)
def ban_bloc_exercises(ctx: Context, pid: str, v: Version) -> None:
    """Members may not exercise with the forces of a rival bloc."""
    bloc = _bloc_of(ctx, params_of(v, BlocParams))
    if ctx.kind == Kind.EXTERNAL_EXERCISE.value and bloc:
        ctx.finish(
            pid,
            v,
            Outcome.INVALID,
            f"{ctx.name(ctx.proposal.subject or '')}'s exercise with {ctx.party} ({bloc}) is banned",
        )


class SilenceParams(Params):
    deadline: str = Field(description="time members have to answer before silence counts as staying out")


@logic("silence_procedure", SilenceParams)
def silence_procedure(ctx: Context, pid: str, v: Version) -> None:
    """Decisions on the collective forces are not held up by silence: a member that does not answer stays out."""
    p = params_of(v, SilenceParams)
    silent = [s for s in ctx.voters() if ctx.position(s) is Position.ABSENT]
    for state in silent:
        ctx.counted[state] = Position.STAYS_OUT
    ctx.effects["decision_deadline"] = p.deadline
    text = f"members answer within {p.deadline}"
    if silent:
        text += f"; {ctx.names(silent)} gave no answer and stay out, bound by nothing"
    ctx.note(pid, v, text)
