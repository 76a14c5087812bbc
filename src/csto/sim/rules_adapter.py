"""The ``Procedure`` backed by the rules engine (``csto.rules``): admissibility, body, decision.

Each measure becomes a proposal of the rules' vocabulary (consultations, assistance measures,
collective assistance, peacekeeping deployment); the competent body is the first the rule set in
force names for that kind; each stance pattern becomes a set of positions. A reform named by the
scenario is applied to the rule set from the scenario's date on (``csto.rules.compose``). Members
and voters come from the rules' roster (``Roster.from_kb``), the same reading as the engine's.

Territory: a proposal for forces or a mission names the state whose internationally recognized
territory holds the scenario's place (``Scenario.where``: by point in polygon from the place's
coordinates, ``csto.geo``; an explicit ``territory`` only where it agrees or follows a recorded claim in
a disputed area), not the requester. Article 4 (aggression against a member) and the peacekeeping
agreement (a member's territory at its request) apply only there: where that state is not a member
(suspended and frozen members count, as in ``Roster.members``), forces and collective non-military
measures are "not covered" and the trace says why (in October 2020 the Secretary General said the
Organization would act only on an attack on Armenia proper); consultations under Treaty article 2
remain open to the member.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from csto.rules.context import Decision
from csto.rules.engine import decide
from csto.rules.logic import params_of
from csto.rules.logic.procedure import BodiesParams
from csto.rules.membership import Roster
from csto.rules.proposal import Kind, Position, Proposal, Threat, parse_proposal
from csto.rules.reforms import apply_reform, compose, get_reform
from csto.rules.ruleset import RuleSet
from csto.sim.procedure import LegalView, Request, Ruling, Stance
from csto.sim.scenario import Basis, CrisisKind, InternalForm, Measure
from csto.vocabulary import NOT_ADMISSIBLE, Outcome, Verdict

if TYPE_CHECKING:
    from csto.store import KnowledgeBase

POSITION_OF = {
    Stance.SUPPORT: Position.SUPPORTS.value,
    Stance.STAY_OUT: Position.STAYS_OUT.value,
    Stance.OBJECT: Position.OBJECTS.value,
    Stance.ABSENT: Position.ABSENT.value,
}
VERDICT_OF = {outcome: Verdict.of(outcome) for outcome in Outcome}


def proposal_kind(measure: Measure, basis: Basis) -> Kind:
    if measure is Measure.CONSULTATIONS:
        return Kind.CONSULTATIONS
    if measure is Measure.MISSION:
        return Kind.ASSISTANCE_MEASURES
    return Kind.PEACEKEEPING_DEPLOYMENT if basis is Basis.PEACEKEEPING else Kind.COLLECTIVE_ASSISTANCE


def threat_of(request: Request) -> Threat:
    """The rules' name for what the requester faces."""
    scenario = request.scenario
    adversary = scenario.adversary.state if scenario.adversary else None
    if adversary and request.organization.member(adversary) is not None:
        return Threat.MEMBER_AGGRESSION
    if scenario.kind is CrisisKind.MEMBER_BORDER_CLASH:
        return Threat.MEMBER_AGGRESSION
    if scenario.kind is CrisisKind.EXTERNAL_AGGRESSION:
        return Threat.EXTERNAL_AGGRESSION if adversary else Threat.ARMED_ATTACK
    if scenario.kind is CrisisKind.INTERNAL_UNREST:
        # The legal category follows the form of the crisis, not the requester's claim about who is
        # behind it: armed violence against the state is an armed attack threatening its security,
        # stability, integrity or sovereignty (Treaty art. 4 as amended by the 2010 protocol, in force
        # from 19 December 2012); a protest or a seizure of power is internal unrest. A claim of outside
        # interference moves stances and the request by bounded, sourced amounts (stances.yaml: internal).
        return Threat.ARMED_ATTACK if scenario.internal_form is InternalForm.ARMED_UNREST else Threat.INTERNAL_UNREST
    return Threat.ARMED_ATTACK


def not_covered(territory: str, roster: Roster, how: str | None = None) -> str | None:
    """Why forces or a mission are not covered when the place lies outside members' territory (else None).

    Members' territory is the rules engine's (``Roster.members``): a suspended or frozen member keeps its place
    under the Treaty. ``how`` says how the territory was decided (``TerritoryDecision.brief``); it ends the reason.
    """
    if territory in roster.members:
        return None
    reason = (
        f"not covered: the place lies in the internationally recognized territory of {territory}, not of a member; "
        "Treaty article 4 covers aggression against a member and the peacekeeping agreement a "
        "member's own territory, so only consultations (article 2) remain"
    )
    return f"{reason} ({how})" if how else reason


class RulesProcedure:
    """Admissibility and decisions by ``csto.rules``; rule sets and rosters are cached."""

    name = "csto.rules"

    def __init__(
        self,
        kb: KnowledgeBase | None = None,
        rules: RuleSet | None = None,
        rosters: Mapping[date, Roster] | None = None,
    ):
        self.kb = kb
        self._base = rules
        self._rulesets: dict[tuple[str | None, date | None], RuleSet] = {}
        self._rosters: dict[date, Roster] = dict(rosters or {})
        self._proposals: dict[tuple[str, Measure], Proposal] = {}

    def ruleset(self, reform: str | None, at: date) -> RuleSet:
        """The baseline (or the rule set given), with ``reform`` applied from ``at`` if one is named."""
        key = (reform, at if reform else None)
        if key not in self._rulesets:
            reforms = (reform,) if reform else ()
            if self._base is None:
                rules = compose(reforms, at if reform else None)
            elif reform:
                rules = apply_reform(self._base, get_reform(reform), start=at)
            else:
                rules = self._base
            self._rulesets[key] = rules
        return self._rulesets[key]

    def roster(self, request: Request) -> Roster:
        at = request.scenario.date
        if at not in self._rosters:
            if self.kb is not None:
                self._rosters[at] = Roster.from_kb(self.kb, at)
            else:
                statuses = {m.id: m.status for m in request.organization.members}
                self._rosters[at] = Roster.from_mapping(statuses, at)
        return self._rosters[at]

    def competent_bodies(self, rules: RuleSet, kind: Kind, at: date) -> list[str] | None:
        for _, version in rules.procedure(kind.value, at):
            if version.logic == "body_competence":
                return list(params_of(version, BodiesParams).competence.get(kind.value, []))
        return None

    def proposal(self, request: Request, measure: Measure, body: str | None) -> Proposal:
        scenario = request.scenario
        key = (f"{scenario.name}|{scenario.reform}|{body}|{scenario.where}", measure)
        if key not in self._proposals:
            kind = proposal_kind(measure, scenario.basis)
            data: dict[str, Any] = {
                "kind": kind.value,
                "date": scenario.date,
                "body": body,
                "requester": scenario.requester,
                "title": scenario.title,
            }
            if kind in (Kind.COLLECTIVE_ASSISTANCE, Kind.PEACEKEEPING_DEPLOYMENT, Kind.ASSISTANCE_MEASURES):
                data["threat"] = threat_of(request).value
                if scenario.adversary and scenario.adversary.state:
                    data["aggressor"] = scenario.adversary.state
            if kind in (Kind.COLLECTIVE_ASSISTANCE, Kind.PEACEKEEPING_DEPLOYMENT):
                data["territory"] = [scenario.where]
                if scenario.forces:
                    data["forces"] = scenario.forces[0]
                elif kind is Kind.PEACEKEEPING_DEPLOYMENT:
                    data["forces"] = "peacekeeping-forces"
            self._proposals[key] = parse_proposal(data, f"scenario {scenario.name}")
        return self._proposals[key]

    def _decide(self, request: Request, measure: Measure, body: str | None, positions: Mapping[str, str]) -> Decision:
        rules = self.ruleset(request.reform, request.scenario.date)
        return decide(self.proposal(request, measure, body), positions, self.roster(request), rules)

    def assess(self, request: Request, measure: Measure) -> LegalView:
        scenario = request.scenario
        rules = self.ruleset(request.reform, scenario.date)
        kind = proposal_kind(measure, scenario.basis)
        bodies = self.competent_bodies(rules, kind, scenario.date)
        body = bodies[0] if bodies else None
        roster = self.roster(request)
        everyone = {m: POSITION_OF[Stance.SUPPORT] for m in sorted(roster.voting)}
        decision = self._decide(request, measure, body, everyone)
        admissible = decision.outcome not in NOT_ADMISSIBLE
        trace = tuple(f"{t.instrument} art. {t.article} ({t.provision}): {t.finding}" for t in decision.trace)
        outside = None
        if measure is not Measure.CONSULTATIONS:
            territory = scenario.territory_decision
            outside = not_covered(territory.state, roster, territory.brief())
        if outside is not None:
            return LegalView(measure, False, body, kind.value, outside, (*trace, outside))
        if not admissible:
            reason = decision.reason
        elif decision.outcome is Outcome.EFFECTIVE:
            reason = f"held as of right: {decision.reason}"
        else:
            reason = f"{kind.value.replace('_', ' ')} may be decided by {body or 'the members'}"
        return LegalView(measure, admissible, body, kind.value, reason, trace)

    def decide(self, request: Request, view: LegalView, positions: Mapping[str, Stance]) -> Ruling:
        plain = {state: POSITION_OF[stance] for state, stance in positions.items()}
        decision = self._decide(request, view.measure, view.body, plain)
        return Ruling(
            verdict=decision.outcome.verdict,
            reason=decision.reason,
            participants=tuple(decision.participants),
            staying_out=tuple(decision.staying_out),
            blockers=tuple(decision.blocked_by),
        )
