"""The decision procedure: a proposal and positions in, a decision with its trace out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from csto.rules.context import Context, Decision
from csto.rules.logic import REGISTRY
from csto.rules.membership import Roster
from csto.rules.proposal import Position, Proposal, parse_positions, parse_proposal
from csto.rules.records import Stage
from csto.rules.ruleset import RuleSet
from csto.vocabulary import ADOPTED_BY_VOTE, Outcome

if TYPE_CHECKING:
    from csto.store import KnowledgeBase

Membership = Roster | Mapping[str, str]


def roster_for(membership: Membership | KnowledgeBase, proposal: Proposal) -> Roster:
    """A roster for the proposal's date from a roster, a plain ``state -> status`` mapping or the knowledge base."""
    if isinstance(membership, Roster):
        return membership
    if isinstance(membership, Mapping):
        return Roster.from_mapping(membership, proposal.date)
    return Roster.from_kb(membership, proposal.date)


def decide(
    proposal: Proposal | Mapping[str, Any],
    positions: Mapping[str, Position | str] | None,
    membership: Membership | KnowledgeBase,
    rules: RuleSet | None = None,
) -> Decision:
    """Decide ``proposal`` under ``rules`` (the baseline by default) given each member's position.

    ``membership`` is who belongs on the proposal's date: a ``Roster``, a plain ``state -> status``
    mapping, or a ``KnowledgeBase`` to read it from. Raises ``ProposalError`` for malformed input and
    ``OutOfForceError`` for a date before any instrument was in force.
    """
    if rules is None:
        from csto.rules.loader import load_rules

        rules = load_rules()
    proposal = parse_proposal(proposal)
    parsed = parse_positions({k: (v.value if isinstance(v, Position) else v) for k, v in (positions or {}).items()})
    rules.check_date(proposal.date)
    roster = roster_for(membership, proposal)
    ctx = Context(
        proposal=proposal,
        positions=parsed,
        roster=roster,
        instruments={i.id: i.short for i in rules.instruments.values()},
    )
    missing = rules.missing_enabler(proposal.kind.value, proposal.date)
    if missing:
        ctx.outcome, ctx.reason = Outcome.NOT_COVERED, missing
        return _decision(ctx, rules)
    steps = rules.procedure(proposal.kind.value, proposal.date)
    for provision, version in steps:
        if ctx.done and version.stage < Stage.EFFECTS:
            continue
        REGISTRY[version.logic].fn(ctx, provision.id, version)
    if ctx.outcome is None:
        nearest = rules.nearest_for(proposal.kind.value, proposal.date)
        ctx.outcome = Outcome.NOT_COVERED
        ctx.reason = f"no provision in force on {proposal.date} settles a {proposal.kind.value}" + (
            f"; nearest: {nearest}" if nearest else ""
        )
    return _decision(ctx, rules)


def _decision(ctx: Context, rules: RuleSet) -> Decision:
    members = set(ctx.roster.statuses)
    adopted = ctx.outcome in ADOPTED_BY_VOTE
    bound = sorted(ctx.participants) if adopted else []
    effects = {**ctx.effects, **(ctx.effects_if_adopted if adopted else {})}
    return Decision(
        proposal=ctx.proposal,
        rules=rules.name,
        outcome=ctx.outcome or Outcome.NOT_COVERED,
        reason=ctx.reason,
        participants=sorted(ctx.participants),
        staying_out=sorted(ctx.staying_out),
        blocked_by=sorted(ctx.blocked_by),
        bound=bound,
        not_bound=sorted(members - set(bound)) if bound else [],
        excluded=dict(sorted(ctx.excluded.items())),
        effects=dict(sorted(effects.items())),
        membership=dict(sorted(ctx.roster.statuses.items())),
        disputed={k: list(v) for k, v in sorted(ctx.roster.disputed.items())},
        membership_origin=ctx.roster.origin,
        trace=ctx.trace,
    )
