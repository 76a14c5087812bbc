"""The forces: deciding to use them, peacekeepers, rapid reaction forces, assistance and transit."""

from __future__ import annotations

from pydantic import Field

from csto.rules.context import Context
from csto.rules.logic import Params, logic, params_of
from csto.rules.proposal import Kind, Position
from csto.rules.records import Version
from csto.vocabulary import ADOPTED_BY_VOTE, Outcome


class ForcesParams(Params):
    outside_needs_mandate: bool = True


@logic("use_of_forces", ForcesParams)
def use_of_forces(ctx: Context, pid: str, v: Version) -> None:
    """Heads of state decide on using forces; using them outside members' territory needs a UN Charter basis."""
    p = params_of(v, ForcesParams)
    if _peacekeeping(ctx):
        ctx.note(pid, v, "peacekeepers: the peacekeeping agreement governs where they may act")
        return
    outside = [s for s in ctx.proposal.territory if s not in ctx.roster.good_standing]
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
    hosts = [s for s in territory if s in ctx.roster.good_standing]
    outside = [s for s in territory if s not in ctx.roster.good_standing]
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
    unrequested = [s for s in ctx.proposal.territory if s in ctx.roster.good_standing and s != ctx.proposal.requester]
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
