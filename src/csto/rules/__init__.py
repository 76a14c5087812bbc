"""The Treaty, the Charter and the agreements under them as executable rules, with reforms as patches.

from datetime import date
from csto.rules import compose, decide

rules = compose()                                      # the baseline, immutable (= load_rules())
decision = decide(
    {"kind": "collective_assistance", "date": "2022-01-06", "body": "CSC",
     "requester": "kazakhstan", "threat": "armed_attack", "territory": ["kazakhstan"]},
    {"kazakhstan": "supports", "russia": "supports"},
    kb,                                                # or a plain {state: status} mapping
    compose(("belarus-2023",)),                        # optional: baseline + named reforms (cached)
)
decision.outcome, decision.trace                       # every provision applied, in order
"""

from csto.rules.cases import Case, CaseDiff, check_case, diff_cases, load_cases, run_case
from csto.rules.context import Decision, TraceStep
from csto.rules.engine import decide
from csto.rules.errors import (
    OutOfForceError,
    ProposalError,
    ReformError,
    RulesDataError,
    RulesError,
    UnknownProvisionError,
    UnknownReformError,
)
from csto.rules.loader import load_rules
from csto.rules.membership import GOOD_STANDING, Roster
from csto.rules.proposal import Kind, Position, Proposal, Threat, parse_positions, parse_proposal
from csto.rules.records import Dating, Instrument, Provision, Stage, Version
from csto.rules.reforms import Reform, apply_reform, compose, get_reform, load_reforms
from csto.rules.rotation import Agreement, YearCheck, check_chairmanship, check_secretary_general, disagreements
from csto.rules.ruleset import RuleSet
from csto.vocabulary import Outcome, in_good_standing, is_member, votes

__all__ = [
    "GOOD_STANDING",
    "Agreement",
    "Case",
    "CaseDiff",
    "Dating",
    "Decision",
    "Instrument",
    "Kind",
    "OutOfForceError",
    "Outcome",
    "Position",
    "Proposal",
    "ProposalError",
    "Provision",
    "Reform",
    "ReformError",
    "Roster",
    "RuleSet",
    "RulesDataError",
    "RulesError",
    "Stage",
    "Threat",
    "TraceStep",
    "UnknownProvisionError",
    "UnknownReformError",
    "Version",
    "YearCheck",
    "apply_reform",
    "check_case",
    "check_chairmanship",
    "check_secretary_general",
    "compose",
    "decide",
    "diff_cases",
    "disagreements",
    "get_reform",
    "in_good_standing",
    "is_member",
    "load_cases",
    "load_reforms",
    "load_rules",
    "parse_positions",
    "parse_proposal",
    "run_case",
    "votes",
]
