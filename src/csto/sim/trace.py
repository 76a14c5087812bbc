"""The trace of the stages that do not vary between draws, with the sources behind each."""

from __future__ import annotations

from typing import Any

from csto.sim.prepare import Prepared
from csto.sim.scenario import Measure


def describe_stages(prep: Prepared) -> dict[str, Any]:
    """Organization, legal view, stance model, forces and transit, as plain data."""
    return {
        "organization": _organization(prep),
        "legal": [
            {
                "measure": rung.measure.value,
                "admissible": rung.view.admissible,
                "body": rung.view.body,
                "proposal_kind": rung.view.kind,
                "reason": rung.view.reason,
                "trace": list(rung.view.trace),
                "decision_hours_median": rung.decision_median,
            }
            for rung in prep.rungs
        ],
        "stances": _stances(prep),
        "forces": _forces(prep),
        "transit": _transit(prep),
    }


def _organization(prep: Prepared) -> dict[str, Any]:
    org = prep.organization
    return {
        "date": org.at.isoformat(),
        "chair": org.chair,
        "members": [
            {
                "state": m.id,
                "name": m.name,
                "status": m.status,
                "rival_statuses": list(m.rivals),
                "votes": m.votes,
                "sources": list(m.sources),
            }
            for m in org.members
        ],
        "missing": list(org.missing),
    }


def _stances(prep: Prepared) -> list[dict[str, Any]]:
    fixed = prep.fixed_stances()
    rows = []
    for j, profile in enumerate(prep.profiles):
        probabilities = {}
        for rung in prep.rungs:
            if fixed[j] == 0:
                probabilities[rung.measure.value] = {"support": 1.0, "stay_out": 0.0, "object": 0.0}
            elif fixed[j] == 3:
                probabilities[rung.measure.value] = {"support": 0.0, "stay_out": 0.0, "object": 0.0, "absent": 1.0}
            else:
                s, o, x = profile.probabilities(prep.params, rung.measure)
                probabilities[rung.measure.value] = {"support": s, "stay_out": o, "object": x}
        rows.append(
            {
                "state": profile.state,
                "name": prep.names[j],
                "role": "requester" if j == prep.requester else ("absent" if fixed[j] == 3 else "member"),
                "alignment": profile.alignment,
                "alignment_basis": profile.alignment_basis,
                "ties_to_adversary": profile.ties,
                "ties_basis": profile.ties_basis,
                "internal_crisis_effect": profile.internal,
                "tension_with_requester": profile.tension,
                "domestic_constraints": profile.domestic,
                "party_to_conflict": profile.party,
                "willingness": round(profile.base, 3),
                "probabilities": probabilities,
            }
        )
    return rows


def _forces(prep: Prepared) -> dict[str, Any]:
    assistance = any(r.measure is Measure.ASSISTANCE for r in prep.rungs)
    return {
        "forces": list(prep.forces) if assistance else [],
        "share_of_contingent_mean": prep.share_mean,
        "contingents": [
            {
                "state": fact.state,
                "force": fact.force,
                "persons": fact.persons,
                "fact": fact.fact,
                "reported": fact.reported,
                "sources": list(fact.sources),
                "rival_values": list(fact.rivals),
            }
            for fact in prep.contingent_facts
            if fact is not None
        ],
    }


def _transit(prep: Prepared) -> dict[str, Any]:
    plan = prep.transit
    return {
        "permissions": {p: float(q) for p, q in zip(plan.permitters, plan.probability, strict=True)},
        "routes": {
            member: [route.label for route in routes]
            for member, routes in zip(plan.members, plan.routes, strict=True)
            if routes and prep.contingents[plan.members.index(member)] > 0
        },
    }
