"""What the Treaty, the Charter and the agreements provide, article by article."""

from __future__ import annotations

import calendar
from datetime import date

from pydantic import Field

from csto.rules.context import Context
from csto.rules.logic import Params, logic, params_of
from csto.rules.proposal import Kind, Position, Threat
from csto.rules.records import Version
from csto.vocabulary import MemberStatus, Outcome


def _is_member(ctx: Context, state: str | None) -> bool:
    return bool(state) and ctx.roster.is_member(state or "")


def member_aggressor(ctx: Context) -> str | None:
    """The attacking member, if the proposal says one member attacked another."""
    aggressor = ctx.proposal.aggressor
    if aggressor and _is_member(ctx, aggressor):
        return aggressor
    if ctx.proposal.threat is Threat.MEMBER_AGGRESSION:
        return aggressor or "(unnamed member)"
    return None


@logic("non_aggression_and_alliances")
def non_aggression_and_alliances(ctx: Context, pid: str, v: Version) -> None:
    """Members renounce force among themselves and join no alliance or grouping directed against another member."""
    if ctx.kind == Kind.JOIN_ALLIANCE.value:
        if ctx.proposal.directed_against_members:
            ctx.finish(pid, v, Outcome.INVALID, f"joining {ctx.party}, directed against other members, is forbidden")
        else:
            ctx.finish(
                pid,
                v,
                Outcome.NOT_COVERED,
                f"joining {ctx.party} is not forbidden as long as it is not aimed at members",
            )
    elif ctx.kind == Kind.EXTERNAL_EXERCISE.value:
        ctx.finish(
            pid,
            v,
            Outcome.NOT_COVERED,
            f"no provision restricts {ctx.name(ctx.proposal.subject or '')}'s exercises with "
            f"{ctx.party}; an exercise is not membership of an alliance aimed at members",
        )
    elif ctx.kind == Kind.COLLECTIVE_ASSISTANCE.value and member_aggressor(ctx):
        ctx.note(
            pid,
            v,
            f"force used by {ctx.name(member_aggressor(ctx) or '')} against a fellow member breaches this article",
        )


@logic("consultation_duty")
def consultation_duty(ctx: Context, pid: str, v: Version) -> None:
    """When a member's security is threatened, the members consult without delay to coordinate their positions."""
    if ctx.kind == Kind.CONSULTATIONS.value:
        ctx.finish(
            pid,
            v,
            Outcome.EFFECTIVE,
            f"joint consultations must be set in motion at once at {ctx.name(ctx.proposal.requester or '')}'s request; "
            "no vote is needed to hold them",
        )
    elif ctx.kind == Kind.ASSISTANCE_MEASURES.value:
        ctx.note(
            pid, v, "the members may agree measures to remove the threat; such measures need a collective decision"
        )


class DefenceParams(Params):
    covered: list[Threat] = Field(description="threats that count as aggression under this text")
    request_required: bool = Field(description="assistance only at the request of the attacked member")


@logic("collective_defence", DefenceParams)
def collective_defence(ctx: Context, pid: str, v: Version) -> None:
    """Aggression against one member is aggression against all; the others give the help needed, military included."""
    p = params_of(v, DefenceParams)
    attacked = ctx.proposal.subject or ctx.proposal.requester or ""
    aggressor = member_aggressor(ctx)
    if aggressor:
        if "member_aggression_covered" in ctx.flags:
            ctx.note(
                pid, v, f"an attack by member {ctx.name(aggressor)} is treated as aggression under a reform provision"
            )
        else:
            ctx.finish(
                pid,
                v,
                Outcome.NOT_COVERED,
                "the article answers aggression from outside the alliance; it provides nothing for an attack "
                f"by member {ctx.name(aggressor)} on {ctx.name(attacked)}",
            )
            return
    elif ctx.proposal.threat not in p.covered:
        covered = ", ".join(t.value for t in p.covered)
        ctx.finish(
            pid,
            v,
            Outcome.NOT_COVERED,
            f"the threat given ({ctx.proposal.threat.value if ctx.proposal.threat else 'none'}) is not aggression "
            f"under this text (covered: {covered})",
        )
        return
    if p.request_required and ctx.proposal.requester != attacked:
        ctx.finish(
            pid,
            v,
            Outcome.INVALID,
            f"assistance is given only at the request of the attacked member, {ctx.name(attacked)}",
        )
        return
    ctx.needs_other_participant = True
    ctx.note(pid, v, f"aggression against {ctx.name(attacked)} counts as aggression against all members")


@logic("foreign_base_consultations")
def foreign_base_consultations(ctx: Context, pid: str, v: Version) -> None:
    """A member decides on hosting a non-member's troops after urgent consultations with the others (no veto)."""
    host = ctx.proposal.subject or ""
    ctx.effects["consultations"] = "urgent consultations with the other members before deciding"
    ctx.finish(
        pid,
        v,
        Outcome.EFFECTIVE,
        f"{ctx.name(host)} may host {ctx.party}'s forces after urgent consultations; the others have no veto",
    )


@logic("no_official_objection")
def no_official_objection(ctx: Context, pid: str, v: Version) -> None:
    """A non-member's troops or facilities may be placed on a member's soil only if no other member formally objects."""
    host = ctx.proposal.subject or ""
    objectors = [s for s in ctx.voters() if s != host and ctx.position(s) is Position.OBJECTS]
    if objectors:
        ctx.blocked_by = objectors
        ctx.finish(pid, v, Outcome.BLOCKED, f"blocked: official objection by {ctx.names(objectors)}")
    else:
        ctx.participants = [s for s in ctx.voters() if ctx.position(s) in (Position.SUPPORTS, Position.DOES_NOT_OBJECT)]
        ctx.finish(
            pid,
            v,
            Outcome.ADOPTED,
            f"no member formally objects: {ctx.name(host)} may host {ctx.party}'s forces after consultations",
        )


@logic("host_consent")
def host_consent(ctx: Context, pid: str, v: Version) -> None:
    """Participation is voluntary and sovereignty respected: nothing is held on a member's soil without its consent."""
    hosts = [s for s in ctx.proposal.territory if s in ctx.roster.good_standing]
    refusing = [s for s in hosts if ctx.position(s) not in (Position.SUPPORTS, Position.DOES_NOT_OBJECT)]
    if refusing:
        ctx.blocked_by = refusing
        ctx.finish(pid, v, Outcome.BLOCKED, f"blocked: the host {ctx.names(refusing)} does not consent")
    elif hosts:
        ctx.note(pid, v, f"the host {ctx.names(hosts)} consents")


class NoticeParams(Params):
    notice_months: int = Field(gt=0)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@logic("withdrawal_notice", NoticeParams)
def withdrawal_notice(ctx: Context, pid: str, v: Version) -> None:
    """A member may leave by written notice; the withdrawal takes effect when the notice period has run."""
    p = params_of(v, NoticeParams)
    state = ctx.proposal.requester or ""
    if not _is_member(ctx, state):
        ctx.finish(
            pid,
            v,
            Outcome.INVALID,
            f"{ctx.roster.describe(state)} is not a member on {ctx.at} and has nothing to leave",
        )
        return
    effective = add_months(ctx.at, p.notice_months)
    ctx.effects["withdrawal_effective"] = effective.isoformat()
    ctx.finish(
        pid,
        v,
        Outcome.EFFECTIVE,
        f"{ctx.name(ctx.proposal.requester or '')} leaves on {effective} "
        f"after {p.notice_months} months' written notice",
    )


@logic("membership_change")
def membership_change(ctx: Context, pid: str, v: Version) -> None:
    """Admission, observer or partner status: open to states sharing the aims, granted by a Council decision."""
    ctx.note(pid, v, f"{ctx.name(ctx.proposal.subject or '')}: {ctx.kind.replace('_', ' ')} is decided by the Council")


class FacilityParams(Params):
    host_statuses: list[MemberStatus] = Field(
        default_factory=lambda: [MemberStatus.FULL, MemberStatus.FROZEN, MemberStatus.SUSPENDED],
        description="statuses of a member that may host a facility of the collective security system",
    )


@logic("special_agreement", FacilityParams)
def special_agreement(ctx: Context, pid: str, v: Version) -> None:
    """A collective security system facility is sited on a member's soil only under a special agreement with it."""
    p = params_of(v, FacilityParams)
    host = ctx.proposal.subject or ""
    user = ctx.proposal.requester or ""
    if ctx.roster.status(host) not in p.host_statuses:
        ctx.finish(pid, v, Outcome.INVALID, f"{ctx.name(host)} is not a member on {ctx.at}")
        return
    if ctx.roster.status(user) not in p.host_statuses:
        ctx.finish(pid, v, Outcome.INVALID, f"{ctx.name(user)} is not a member on {ctx.at}")
        return
    if ctx.position(host) not in (Position.SUPPORTS, Position.DOES_NOT_OBJECT):
        ctx.blocked_by = [host]
        ctx.finish(pid, v, Outcome.BLOCKED, f"blocked: the host {ctx.name(host)} does not consent")
        return
    if not ctx.proposal.special_agreement:
        ctx.finish(
            pid,
            v,
            Outcome.INVALID,
            f"no special agreement between {ctx.name(host)} and {ctx.name(user)}: the siting and operation of "
            "collective security system facilities on a member's territory are governed by special agreements",
        )
        return
    ctx.participants = sorted({host, user})
    ctx.effects["basis"] = f"special agreement between {ctx.name(host)} and {ctx.name(user)}"
    ctx.finish(
        pid,
        v,
        Outcome.EFFECTIVE,
        f"{ctx.name(user)}'s facility on {ctx.name(host)}'s territory rests on their special agreement; "
        "no collective vote is needed",
    )


class ProtectionParams(Params):
    threats: list[str] = Field(min_length=1, description="what the collective security system protects")


@logic("collective_protection", ProtectionParams)
def collective_protection(ctx: Context, pid: str, v: Version) -> None:
    """The collective security system protects the members against threats to what the Charter names.

    It frames the Organization's measures; which threats open the use of forces is still Treaty article 4's
    question, so an internal crisis short of an armed attack is noted here, not admitted.
    """
    p = params_of(v, ProtectionParams)
    named = ", ".join(p.threats)
    if ctx.kind == Kind.COLLECTIVE_ASSISTANCE.value and ctx.proposal.threat is Threat.INTERNAL_UNREST:
        ctx.note(
            pid,
            v,
            f"the Charter's system protects against threats to {named}, but forces still need an armed attack "
            "under Treaty article 4",
        )
    else:
        member = ctx.name(ctx.proposal.requester or "")
        ctx.note(pid, v, f"collective protection of {member} against threats to {named}")
