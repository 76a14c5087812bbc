"""Procedure: which body decides, who may ask and vote, and how a decision is reached."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from csto.rules.context import Context
from csto.rules.logic import Params, logic, params_of
from csto.rules.proposal import Kind, Position
from csto.rules.records import Version
from csto.vocabulary import ADOPTED_BY_VOTE, IN_GOOD_STANDING, MemberStatus, Outcome, is_member


class BodiesParams(Params):
    bodies: dict[str, str] = Field(description="body id -> who sits in it")
    competence: dict[str, list[str]] = Field(description="proposal kind -> bodies that may decide ([] = no body)")


@logic("body_competence", BodiesParams)
def body_competence(ctx: Context, pid: str, v: Version) -> None:
    """The body that decides must be one the instrument makes competent for this kind of proposal."""
    p = params_of(v, BodiesParams)
    allowed = p.competence.get(ctx.kind)
    body = ctx.proposal.body
    if allowed is None:
        return
    if not allowed:
        ctx.note(
            pid, v, f"no decision of a body is needed for a {ctx.kind}" + (f" (body {body} not needed)" if body else "")
        )
        return
    listing = ", ".join(allowed)
    if body is None:
        ctx.finish(pid, v, Outcome.INVALID, f"a {ctx.kind} decision must be taken by: {listing}; no body was named")
    elif body not in p.bodies:
        ctx.finish(
            pid,
            v,
            Outcome.INVALID,
            f"{body} is not a body of the Organization on {ctx.at} (bodies: {', '.join(p.bodies)})",
        )
    elif body not in allowed:
        ctx.finish(pid, v, Outcome.INVALID, f"wrong body: {body} cannot decide a {ctx.kind}; competent: {listing}")
    else:
        ctx.note(pid, v, f"{ctx.name(body)} ({p.bodies[body]}) is competent for a {ctx.kind}")


class StandingParams(Params):
    one_vote_each: bool = True


@logic("voting_members", StandingParams)
def voting_members(ctx: Context, pid: str, v: Version) -> None:
    """Only members in good standing vote, one vote each; a vote cast by anyone else makes the decision invalid."""
    roster = ctx.roster
    voters = sorted(roster.voting)
    subject = ctx.proposal.subject
    intruders = []
    for state, position in sorted(ctx.positions.items()):
        if state in roster.voting or position is Position.ABSENT:
            continue
        if state == subject:
            ctx.counted.pop(state, None)
            ctx.note(
                pid, v, f"{roster.describe(state)} is the subject and not a voting member; its stance is not counted"
            )
            continue
        intruders.append(state)
    disputed = [roster.describe(s) for s in sorted(roster.disputed) if s in roster.statuses]
    text = f"members in good standing on {ctx.at} ({roster.origin}): {ctx.names(voters)}"
    if disputed:
        text += "; statuses read from rival claims: " + "; ".join(disputed)
    ctx.note(pid, v, text)
    if intruders:
        who = "; ".join(_why_not_voter(ctx, s) for s in intruders)
        ctx.finish(pid, v, Outcome.INVALID, f"a vote was cast by a state that cannot vote: {who}")


def _why_not_voter(ctx: Context, state: str) -> str:
    status = ctx.roster.status(state)
    if status == MemberStatus.SUSPENDED:
        return f"{ctx.name(state)} is suspended and may not vote"
    if status is None:
        return f"{ctx.name(state)} is not a member on {ctx.at}"
    return f"{ctx.name(state)} is {status}, not a member in good standing"


class RequesterParams(Params):
    kinds: list[str]
    statuses: list[MemberStatus] = Field(default_factory=lambda: sorted(IN_GOOD_STANDING))


@logic("requester_standing", RequesterParams)
def requester_standing(ctx: Context, pid: str, v: Version) -> None:
    """The requesting state must be a member with the right status on the date."""
    p = params_of(v, RequesterParams)
    if ctx.kind not in p.kinds or not ctx.proposal.requester:
        return
    state = ctx.proposal.requester
    status = ctx.roster.status(state)
    if status not in p.statuses:
        ctx.finish(
            pid,
            v,
            Outcome.INVALID,
            f"the requester {ctx.roster.describe(state)} is not a member in good standing on {ctx.at}",
        )
    else:
        ctx.note(pid, v, f"the requester {ctx.roster.describe(state)} may make this request")


class SubjectParams(Params):
    must_be_member: dict[str, list[MemberStatus]] = Field(default_factory=dict, description="kind -> allowed statuses")
    must_not_be_member: list[str] = Field(default_factory=list, description="kinds whose subject must be outside")


@logic("subject_standing", SubjectParams)
def subject_standing(ctx: Context, pid: str, v: Version) -> None:
    """The state a proposal is about must (or must not) be a member, depending on the kind."""
    p = params_of(v, SubjectParams)
    state = ctx.proposal.subject
    if not state:
        return
    status = ctx.roster.status(state)
    if ctx.kind in p.must_be_member:
        allowed = p.must_be_member[ctx.kind]
        if status not in allowed:
            ctx.finish(
                pid,
                v,
                Outcome.INVALID,
                f"{ctx.roster.describe(state)} must be a member ({', '.join(allowed)}) on {ctx.at}",
            )
        else:
            ctx.note(pid, v, f"{ctx.roster.describe(state)} can be the subject of a {ctx.kind}")
    elif ctx.kind in p.must_not_be_member:
        if is_member(status):
            ctx.finish(pid, v, Outcome.INVALID, f"{ctx.roster.describe(state)} is already a member on {ctx.at}")
        else:
            ctx.note(pid, v, f"{ctx.roster.describe(state)} is outside the Organization and may apply")


@logic("exclude_concerned_member")
def exclude_concerned_member(ctx: Context, pid: str, v: Version) -> None:
    """A decision to suspend or expel a member is taken without that member's vote."""
    state = ctx.proposal.subject
    if state and ctx.kind in (Kind.SUSPENSION.value, Kind.EXPULSION.value):
        ctx.excluded[state] = "the member concerned does not vote on its own suspension or expulsion"
        ctx.counted.pop(state, None)
        ctx.note(pid, v, f"{ctx.name(state)}'s vote is not counted: it is the member concerned")


class DeclarationParams(Params):
    declarations: list[dict[str, str]] = Field(description="[{state, from, sources}]: standing non-objections")


@logic("standing_declarations", DeclarationParams)
def standing_declarations(ctx: Context, pid: str, v: Version) -> None:
    """A member that declared in advance it does not object to limited-format decisions stays out when absent."""
    p = params_of(v, DeclarationParams)
    for item in p.declarations:
        state, start = item["state"], date.fromisoformat(item["from"])
        if ctx.at < start or state not in ctx.roster.good_standing or state in ctx.excluded:
            continue
        if ctx.position(state) is Position.ABSENT:
            ctx.counted[state] = Position.STAYS_OUT
            ctx.note(
                pid,
                v,
                f"{ctx.name(state)} is absent but declared on {start} that it does not object to decisions "
                "in limited format: it stays out and is not bound",
            )


@logic("express_consent")
def express_consent(ctx: Context, pid: str, v: Version) -> None:
    """Crisis decisions (assistance, use of forces) wait for every member: silence withholds consent."""
    ctx.express_consent = True
    ctx.note(pid, v, "a crisis decision needs each member's declared stance; an absent member withholds consent")


class ConsensusParams(Params):
    limited_format: bool = Field(description="a member may stay out of a decision it does not object to")


@logic("consensus", ConsensusParams)
def consensus(ctx: Context, pid: str, v: Version) -> None:
    """Consensus, one vote per member: an objection blocks; in limited format a member may stay out."""
    p = params_of(v, ConsensusParams)
    ctx.limited_format = p.limited_format
    voters = ctx.voters()
    by: dict[Position, list[str]] = {pos: [] for pos in Position}
    for state in voters:
        by[ctx.position(state)].append(state)
    taking_part = sorted(by[Position.SUPPORTS] + by[Position.DOES_NOT_OBJECT])
    out = sorted(by[Position.STAYS_OUT])
    absent = sorted(by[Position.ABSENT])
    blockers = list(by[Position.OBJECTS])
    reasons = []
    if blockers:
        reasons.append(f"objection by {ctx.names(blockers)}")
    if ctx.express_consent and absent:
        blockers += absent
        reasons.append(f"no declared consent from {ctx.names(absent)} (absent)")
    if not p.limited_format and (out or absent):
        holdouts = [s for s in out + absent if s not in blockers]
        blockers += holdouts
        if holdouts:
            reasons.append(f"consensus of all members lacks {ctx.names(holdouts)}")
    if blockers:
        ctx.blocked_by = sorted(set(blockers))
        ctx.finish(pid, v, Outcome.BLOCKED, "blocked: " + "; ".join(reasons))
        return
    others = [s for s in taking_part if s != ctx.proposal.requester]
    if not taking_part or (ctx.needs_other_participant and not others):
        ctx.blocked_by = []
        why = "no member takes part" if not taking_part else "no member besides the requester takes part"
        ctx.finish(pid, v, Outcome.BLOCKED, f"blocked: {why}")
        return
    ctx.participants = taking_part
    ctx.staying_out = sorted(out + absent)
    if ctx.staying_out:
        ctx.finish(
            pid,
            v,
            Outcome.ADOPTED_LIMITED,
            f"adopted in limited format by {ctx.names(taking_part)}; not taking part: {ctx.names(ctx.staying_out)}",
        )
    else:
        ctx.finish(pid, v, Outcome.ADOPTED, f"adopted by consensus of {ctx.names(taking_part)}")


@logic("binding_effect")
def binding_effect(ctx: Context, pid: str, v: Version) -> None:
    """An adopted decision binds the members that took part; a member that stayed out bears no obligation from it."""
    if ctx.outcome not in ADOPTED_BY_VOTE:
        return
    text = f"binding on {ctx.names(ctx.participants)}"
    if ctx.staying_out:
        text += f"; no obligation for {ctx.names(ctx.staying_out)}"
    ctx.note(pid, v, text)
