"""The forces: deciding to use them, peacekeepers, rapid reaction forces, assistance and transit."""

from __future__ import annotations

from pydantic import Field

from csto.rules.context import Context
from csto.rules.logic import Params, logic, params_of
from csto.rules.logic.substance import member_aggressor
from csto.rules.proposal import Kind, Position
from csto.rules.records import Version
from csto.vocabulary import ADOPTED_BY_VOTE, Outcome


def members_territory(ctx: Context) -> frozenset[str]:
    """States whose territory the Treaty's guarantees cover: members in good standing and suspended ones.

    A suspension takes away a member's part in the bodies' decisions (the 2004 regulation), not its place
    under the Treaty, so its territory stays inside the members' territory.
    """
    return ctx.roster.members


class ForcesParams(Params):
    outside_needs_mandate: bool = True


@logic("use_of_forces", ForcesParams)
def use_of_forces(ctx: Context, pid: str, v: Version) -> None:
    """Heads of state decide on using forces; using them outside members' territory needs a UN Charter basis."""
    p = params_of(v, ForcesParams)
    if _peacekeeping(ctx):
        ctx.note(pid, v, "peacekeepers: the peacekeeping agreement governs where they may act")
        return
    outside = [s for s in ctx.proposal.territory if s not in members_territory(ctx)]
    if outside and p.outside_needs_mandate and not ctx.proposal.un_mandate:
        ctx.finish(
            pid,
            v,
            Outcome.INVALID,
            f"forces would act outside members' territory ({', '.join(outside)}) without a UN mandate",
        )
        return
    where = ", ".join(ctx.name(s) for s in ctx.proposal.territory) or "the requester's territory"
    ctx.note(pid, v, f"use of forces on {where}" + (" under a UN mandate" if outside else ""))


class PeacekeepingParams(Params):
    withdrawal: str = "contingents leave once the mission is completed"


def _peacekeeping(ctx: Context) -> bool:
    return ctx.kind == Kind.PEACEKEEPING_DEPLOYMENT.value or ctx.proposal.forces == "peacekeeping-forces"


@logic("peacekeeping_mandate", PeacekeepingParams)
def peacekeeping_mandate(ctx: Context, pid: str, v: Version) -> None:
    """Peacekeepers deploy on a member's soil only at its request and by Council decision; elsewhere on a UN mandate."""
    if not _peacekeeping(ctx):
        return
    territory = ctx.proposal.territory or ((ctx.proposal.requester,) if ctx.proposal.requester else ())
    hosts = [s for s in territory if s in members_territory(ctx)]
    outside = [s for s in territory if s not in members_territory(ctx)]
    unrequested = [s for s in hosts if s != ctx.proposal.requester]
    if unrequested:
        ctx.finish(
            pid,
            v,
            Outcome.INVALID,
            f"no official request from {ctx.names(unrequested)} for peacekeepers on its territory",
        )
    elif outside and not ctx.proposal.un_mandate:
        ctx.finish(
            pid,
            v,
            Outcome.INVALID,
            f"peacekeepers outside members' territory ({', '.join(outside)}) need a UN Security Council mandate",
        )
    else:
        ctx.needs_other_participant = True
        place = ctx.names(hosts) if hosts else ", ".join(outside)
        ctx.note(
            pid,
            v,
            f"peacekeeping on {place}"
            + (" under a UN Security Council mandate" if outside else " at the host's request"),
        )


@logic("peacekeeping_withdrawal", PeacekeepingParams)
def peacekeeping_withdrawal(ctx: Context, pid: str, v: Version) -> None:
    """Peacekeepers do not stay: they leave when their mission is done."""
    if _peacekeeping(ctx) and ctx.outcome in ADOPTED_BY_VOTE:
        text = params_of(v, PeacekeepingParams).withdrawal
        ctx.effects["withdrawal"] = text
        ctx.note(pid, v, text)


class CrrfParams(Params):
    purpose: str


@logic("crrf_use", CrrfParams)
def crrf_use(ctx: Context, pid: str, v: Version) -> None:
    """The rapid reaction forces act on a member's soil at its request; members send contingents under their own law."""
    if ctx.proposal.forces != "crrf":
        return
    unrequested = [s for s in ctx.proposal.territory if s in members_territory(ctx) and s != ctx.proposal.requester]
    if unrequested:
        ctx.finish(
            pid,
            v,
            Outcome.INVALID,
            f"no request from {ctx.names(unrequested)} for the rapid reaction forces on its territory",
        )
        return
    ctx.needs_other_participant = True
    ctx.effects["contingents"] = "each participant dispatches its contingent under its own national procedures"
    ctx.note(pid, v, f"rapid reaction forces, for {params_of(v, CrrfParams).purpose}")


@logic("assistance_duty")
def assistance_duty(ctx: Context, pid: str, v: Version) -> None:
    """The members taking part owe the attacked member the assistance decided, military help included."""
    if ctx.outcome in ADOPTED_BY_VOTE:
        ctx.effects["assistance"] = f"owed by {ctx.names(ctx.participants)}"
        ctx.note(pid, v, f"assistance is owed by {ctx.names(ctx.participants)}")


class TransitParams(Params):
    deadline: str = Field(description="how long the transit state has to answer")
    collective_forces_cannot_be_refused: bool = False


@logic("transit_consent", TransitParams)
def transit_consent(ctx: Context, pid: str, v: Version) -> None:
    """Contingents cross a member's territory with its permission, given under its own law within a deadline."""
    p = params_of(v, TransitParams)
    state = ctx.proposal.subject or ""
    stance = ctx.position(state)
    ctx.effects["transit_deadline"] = p.deadline
    if p.collective_forces_cannot_be_refused and ctx.proposal.forces:
        ctx.participants = [state]
        ctx.finish(
            pid,
            v,
            Outcome.ADOPTED,
            f"{ctx.name(state)} must let the collective forces through within {p.deadline}"
            + (" despite its objection" if stance is Position.OBJECTS else ""),
        )
    elif stance in (Position.SUPPORTS, Position.DOES_NOT_OBJECT):
        ctx.participants = [state]
        ctx.finish(pid, v, Outcome.ADOPTED, f"{ctx.name(state)} permits the transit (answer due within {p.deadline})")
    else:
        ctx.blocked_by = [state]
        ctx.finish(pid, v, Outcome.BLOCKED, f"blocked: {ctx.name(state)} does not permit the transit")


class ForcesProcedureParams(Params):
    decides: str = Field(description="the body that decides on using the forces and means")
    steps: list[str] = Field(min_length=1, description="the stages from the request to the forces' return")
    deadline: str | None = Field(default=None, description="how fast the decision is to be prepared, if set")


@logic("forces_procedure", ForcesProcedureParams)
def forces_procedure(ctx: Context, pid: str, v: Version) -> None:
    """The stages of a decision on the forces and means: who asks, who prepares it, who decides, how it ends."""
    p = params_of(v, ForcesProcedureParams)
    steps = " -> ".join(p.steps)
    ctx.effects["procedure"] = steps
    if p.deadline:
        ctx.effects["decision_deadline"] = p.deadline
    deadline = f"; decision prepared within {p.deadline}" if p.deadline else ""
    ctx.note(pid, v, f"{ctx.name(p.decides)} decides; stages: {steps}{deadline}")


class NoDisputesParams(Params):
    principle: str = Field(description="the principle as the instrument states it, in our words")


@logic("forces_not_for_disputes_between_members", NoDisputesParams)
def forces_not_for_disputes_between_members(ctx: Context, pid: str, v: Version) -> None:
    """The collective security system's forces are not used to settle disputes between members."""
    if ctx.kind not in (Kind.COLLECTIVE_ASSISTANCE.value, Kind.PEACEKEEPING_DEPLOYMENT.value):
        return
    aggressor = member_aggressor(ctx)
    if not aggressor:
        return
    if "member_aggression_covered" in ctx.flags:
        ctx.note(pid, v, f"a reform provision lets the forces answer {ctx.name(aggressor)}'s attack on a member")
        return
    ctx.finish(
        pid,
        v,
        Outcome.NOT_COVERED,
        f"{params_of(v, NoDisputesParams).principle}: the forces cannot be used against member {ctx.name(aggressor)}",
    )
