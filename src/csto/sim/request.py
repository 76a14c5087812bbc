"""The request stage: does the affected member ask the Organization, or turn elsewhere?

Before the Organization can decide, the member in crisis chooses whom to ask: the Organization
(Treaty articles 2 or 4, the peacekeeping agreement), Russia bilaterally (a bilateral treaty, the
Union State), or nobody. Sourced coefficients (``stances.yaml: request``) give, on a logit scale,

    x = base + severity·(s − 3) − russia·[requester is Russia] − outside·[place outside members' territory]
        − internal·[internal unrest without alleged outside interference] + interference·[alleged]
        − member_aggressor·[the adversary is a member] − partner·mean ties(allies, adversary)
        − tension·mean tension(allies, requester)

and P(ask the Organization) = logistic(x); of the rest a share ``bilateral_share`` goes to Russia
(none when Russia is the requester) and the remainder to nobody. A request to Russia reaches the
Organization when Moscow refers it there (``referral``, as in June 2010); a crisis nobody brings to
the Organization gets a meeting on its own initiative (the Secretary General or the Permanent
Council) with probability ``own_initiative``, else nothing. A historical scenario may fix the
request actually made (``request:``, from the dataset's ``crisis_request`` facts).

The Monte Carlo draws the decision *given* a request; the request stage mixes analytically:
overall = P(seized)·given-request + (1 − P(seized))·(own initiative or nothing). No draw is spent on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from csto.sim.scenario import CrisisKind, RequestMade
from csto.vocabulary import CrisisOutcome

if TYPE_CHECKING:
    from csto.sim.params import Parameters
    from csto.sim.stance import StanceProfile
    from csto.sim.world import Organization

PATRON = "russia"


@dataclass(frozen=True)
class RequestStage:
    """Whom the member asks and how likely the Organization is seized of the crisis."""

    fixed: RequestMade | None
    p_organization: float
    p_bilateral: float
    p_nobody: float
    referral: float
    own_initiative: float
    terms: dict[str, float] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()

    @property
    def p_seized(self) -> float:
        """P(the Organization is asked, directly or by referral)."""
        return self.p_organization + self.p_bilateral * self.referral

    def overall(self, given_request: dict[str, float]) -> dict[str, float]:
        """The outcome shares with the request stage: asked → the draws; unasked → own initiative or nothing."""
        seized = self.p_seized
        out = {k: seized * v for k, v in given_request.items()}
        out[CrisisOutcome.CONSULTATIONS_OR_MISSION.value] += (1 - seized) * self.own_initiative
        out[CrisisOutcome.NO_ACTION.value] += (1 - seized) * (1 - self.own_initiative)
        return out

    def describe(self, given_request: dict[str, float]) -> dict[str, Any]:
        return {
            "fixed": self.fixed.value if self.fixed else None,
            "p_request": self.p_organization,
            "p_bilateral": self.p_bilateral,
            "p_nobody": self.p_nobody,
            "referral": self.referral,
            "own_initiative": self.own_initiative,
            "p_seized": self.p_seized,
            "terms": dict(self.terms),
            "reasons": list(self.reasons),
            "given_request": dict(given_request),
            "overall": self.overall(given_request),
        }


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def request_stage(
    params: Parameters,
    scenario: Any,
    organization: Organization,
    profiles: tuple[StanceProfile, ...],
    territory_member: bool,
) -> RequestStage | None:
    """The request stage for ``scenario`` (None when the parameters have no ``request`` section)."""
    rp = params.stances.request
    if rp is None:
        return None
    voting = {m.id for m in organization.members if m.votes}
    allies = [p for p in profiles if p.state != scenario.requester and p.state in voting]
    adversary = scenario.adversary.state if scenario.adversary else None
    internal = scenario.kind is CrisisKind.INTERNAL_UNREST
    terms = {
        "base": rp.base.value,
        "severity": rp.severity.value * (scenario.severity - 3),
        "requester_is_russia": -rp.requester_is_russia.value * (scenario.requester == PATRON),
        "outside_territory": -rp.outside_territory.value * (not territory_member),
        "internal_unrest": -rp.internal_unrest.value * (internal and not scenario.interference_alleged),
        "outside_interference": rp.outside_interference.value * scenario.interference_alleged,
        "member_aggressor": -rp.member_aggressor.value
        * (adversary is not None and organization.member(adversary) is not None),
        "allies_ties_to_adversary": -rp.allies_ties_to_adversary.value
        * (sum(p.ties for p in allies) / len(allies) if allies and adversary else 0.0),
        "tension_with_allies": -rp.tension_with_allies.value
        * (sum(p.tension for p in allies) / len(allies) if allies else 0.0),
    }
    bilateral_share = 0.0 if scenario.requester == PATRON else rp.bilateral_share.value
    fixed: RequestMade | None = scenario.request
    reasons: list[str] = []
    if fixed is None:
        p_org = _logistic(sum(terms.values()))
        p_bil = (1 - p_org) * bilateral_share
        reasons.append("the request is modelled: no request is fixed by the scenario")
    else:
        p_org = 1.0 if fixed.to_organization else 0.0
        p_bil = 1.0 if fixed is RequestMade.RUSSIA_BILATERAL else 0.0
        reasons.append(f"the request is fixed by the scenario: {fixed.value}")
    return RequestStage(
        fixed=fixed,
        p_organization=p_org,
        p_bilateral=p_bil,
        p_nobody=max(0.0, 1.0 - p_org - p_bil),
        referral=rp.referral.value,
        own_initiative=rp.own_initiative.value,
        terms=terms,
        reasons=tuple(reasons),
    )
