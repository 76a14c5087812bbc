"""Plain data views of provisions, shared by the command line and the REST API."""

from __future__ import annotations

from typing import Any

from csto.rules.records import Provision, Version, thaw
from csto.rules.ruleset import RuleSet
from csto.store import KnowledgeBase


def version_dict(rules: RuleSet, v: Version) -> dict[str, Any]:
    """A version with its instrument and full source records, for JSON and for the explain panel."""
    instrument = rules.instruments[v.instrument]
    return {
        "from": v.start.isoformat(),
        "to": v.end.isoformat() if v.end else None,
        "instrument": instrument.id,
        "instrument_name": instrument.name,
        "article": v.article,
        "summary": v.summary,
        "dating": v.dating.value,
        "amended_by": v.amended_by,
        "applies_to": sorted(v.applies_to),
        "stage": v.stage.name.lower(),
        "logic": v.logic,
        "params": thaw(v.params),
        "reform": v.reform,
        "note": v.note,
        "sources": [rules.sources[s].model_dump(exclude_none=True) for s in v.sources if s in rules.sources],
    }


def provision_dict(rules: RuleSet, provision: Provision, versions: list[Version] | None = None) -> dict[str, Any]:
    """A provision with the given versions (all of them by default)."""
    shown = list(provision.versions) if versions is None else versions
    return {"id": provision.id, "title": provision.title, "versions": [version_dict(rules, v) for v in shown]}


NAMED_FIELDS = ("requester", "subject", "aggressor", "third_party")


def resolve_names(
    proposal: dict[str, Any], positions: dict[str, Any], kb: KnowledgeBase
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Proposal and positions with state names and aliases replaced by store ids ("Kirghizia" -> kyrgyzstan)."""

    def resolve(name: Any) -> Any:
        return kb.resolve(name).id if isinstance(name, str) and name else name

    resolved = {**proposal, **{key: resolve(proposal.get(key)) for key in NAMED_FIELDS if key in proposal}}
    if proposal.get("territory"):
        resolved["territory"] = [resolve(t) for t in proposal["territory"]]
    return resolved, {resolve(state): position for state, position in positions.items()}
