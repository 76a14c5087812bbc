"""Shared helpers for the rules tests: a plain membership table and a one-call decide."""

from __future__ import annotations

from typing import Any

from csto.rules import Decision, RuleSet, decide, load_rules

SIX = ["armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan"]


def members(**overrides: str) -> dict[str, str]:
    """The six post-2012 members as full members, with ``state=status`` overrides (``uzbekistan="suspended"``)."""
    return {s: "full" for s in SIX} | overrides


def support(states: list[str] | None = None, **overrides: str) -> dict[str, str]:
    return {s: "supports" for s in states or SIX} | overrides


def run(
    kind: str,
    on: str,
    positions: dict[str, str] | None = None,
    membership: dict[str, str] | None = None,
    rules: RuleSet | None = None,
    **fields: Any,
) -> Decision:
    proposal = {"kind": kind, "date": on, **fields}
    return decide(proposal, positions or {}, membership if membership is not None else members(), rules or load_rules())


def applied(decision: Decision) -> list[str]:
    return [step.provision for step in decision.trace]


def finding(decision: Decision, provision: str) -> str:
    return " | ".join(step.finding for step in decision.trace if step.provision == provision)
