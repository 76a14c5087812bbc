"""Scenario records for ``test_provisions``: one or more per provision, each naming it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from csto.rules import Outcome
from tests.rules.helpers import SIX, members, support

CSC = "collective-security-council"
ASSIST = {"body": CSC, "requester": "kazakhstan", "threat": "armed_attack", "territory": ["kazakhstan"]}


@dataclass
class Scenario:
    provision: str
    kind: str
    on: str
    outcome: Outcome
    text: str = ""
    positions: dict[str, str] = field(default_factory=dict)
    membership: dict[str, str] | None = None
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.provision}:{self.kind}:{self.on}:{self.outcome.value}"


S = Scenario

PROCEDURE = [
    # bodies and competence
    S(
        "bodies-and-competence",
        "collective_assistance",
        "2020-05-05",
        Outcome.INVALID,
        "wrong body",
        support(),
        fields=ASSIST | {"body": "council-of-foreign-ministers"},
    ),
    S(
        "bodies-and-competence",
        "document_adoption",
        "1996-05-05",
        Outcome.INVALID,
        "not a body of the Organization",
        support(),
        members(),
        {"body": "council-of-foreign-ministers"},
    ),
    S(
        "bodies-and-competence",
        "suspension",
        "2015-01-10",
        Outcome.INVALID,
        "no body was named",
        support(),
        members(uzbekistan="full"),
        {"subject": "uzbekistan"},
    ),
    S(
        "bodies-and-competence",
        "document_adoption",
        "2022-03-01",
        Outcome.ADOPTED,
        "heads of government",
        support(),
        fields={"body": CSC},
    ),
    # who votes
    S(
        "voting-members",
        "document_adoption",
        "2014-03-01",
        Outcome.INVALID,
        "suspended and may not vote",
        support(uzbekistan="objects"),
        members(uzbekistan="suspended"),
        {"body": CSC},
    ),
    S(
        "voting-members",
        "document_adoption",
        "2014-03-01",
        Outcome.INVALID,
        "not a member on 2014-03-01",
        support(georgia="supports"),
        members(),
        {"body": CSC},
    ),
    S(
        "voting-members",
        "document_adoption",
        "2014-03-01",
        Outcome.ADOPTED,
        "members in good standing",
        support(uzbekistan="absent"),
        members(uzbekistan="suspended"),
        {"body": CSC},
    ),
    S(
        "requester-standing",
        "collective_assistance",
        "2003-10-01",
        Outcome.INVALID,
        "not a member in good standing",
        support(),
        members(uzbekistan="suspended"),
        ASSIST | {"requester": "uzbekistan", "territory": ["uzbekistan"], "threat": "external_aggression"},
    ),
    # from the 2004 regulation a suspension takes away the vote, not the Treaty's guarantees
    S(
        "requester-standing",
        "collective_assistance",
        "2014-03-01",
        Outcome.ADOPTED,
        "may make this request",
        support(),
        members(uzbekistan="suspended"),
        ASSIST | {"requester": "uzbekistan", "territory": ["uzbekistan"]},
    ),
    S(
        "requester-standing",
        "collective_assistance",
        "2014-03-01",
        Outcome.INVALID,
        "not a member in good standing",
        support(),
        members(uzbekistan="withdrawn"),
        ASSIST | {"requester": "uzbekistan", "territory": ["uzbekistan"]},
    ),
    S(
        "requester-standing",
        "consultations",
        "2014-03-01",
        Outcome.EFFECTIVE,
        "may make this request",
        fields={"requester": "tajikistan"},
    ),
    S(
        "membership-subject",
        "accession",
        "2015-03-01",
        Outcome.INVALID,
        "already a member",
        support(),
        fields={"body": CSC, "subject": "belarus"},
    ),
    S(
        "membership-subject",
        "suspension",
        "2015-03-01",
        Outcome.INVALID,
        "must be a member",
        support(),
        members(georgia="withdrawn"),
        {"body": CSC, "subject": "georgia"},
    ),
    S(
        "suspension-without-member-concerned",
        "suspension",
        "2015-03-01",
        Outcome.ADOPTED,
        "member concerned",
        support(tajikistan="objects"),
        fields={"body": CSC, "subject": "tajikistan"},
    ),
    S(
        "suspension-without-member-concerned",
        "expulsion",
        "2015-03-01",
        Outcome.BLOCKED,
        "objection by Belarus",
        support(tajikistan="objects", belarus="objects"),
        fields={"body": CSC, "subject": "tajikistan"},
    ),
    S(
        "admission",
        "accession",
        "2019-03-01",
        Outcome.ADOPTED,
        "decided by the Council",
        support(),
        fields={"body": CSC, "subject": "serbia"},
    ),
    S(
        "observer-status",
        "observer_status",
        "2015-03-01",
        Outcome.ADOPTED,
        "observer status",
        support(),
        fields={"body": CSC, "subject": "afghanistan"},
    ),
    S(
        "observer-status",
        "observer_status",
        "2022-03-01",
        Outcome.BLOCKED,
        "objection by Armenia",
        support(armenia="objects"),
        fields={"body": CSC, "subject": "afghanistan"},
    ),
    S(
        "partner-status",
        "partner_status",
        "2022-03-01",
        Outcome.ADOPTED,
        "partner status",
        support(),
        fields={"body": CSC, "subject": "serbia"},
    ),
    # frozen member, limited format, consensus
    S(
        "standing-non-objection",
        "collective_assistance",
        "2025-02-01",
        Outcome.ADOPTED_LIMITED,
        "declared on 2024-05-31",
        support(armenia="absent"),
        members(armenia="frozen"),
        ASSIST,
    ),
    S(
        "express-consent-crisis",
        "collective_assistance",
        "2024-04-01",
        Outcome.BLOCKED,
        "withholds consent",
        support(armenia="absent"),
        members(armenia="frozen"),
        ASSIST,
    ),
    S(
        "express-consent-crisis",
        "assistance_measures",
        "2010-06-14",
        Outcome.BLOCKED,
        "declared stance",
        support(SIX, belarus="absent"),
        members(uzbekistan="full"),
        {
            "body": "committee-of-secretaries-of-security-councils",
            "requester": "kyrgyzstan",
            "threat": "internal_unrest",
        },
    ),
    S(
        "consensus",
        "document_adoption",
        "2008-03-01",
        Outcome.BLOCKED,
        "objection by Russia",
        support(russia="objects"),
        fields={"body": CSC},
    ),
    S(
        "consensus",
        "document_adoption",
        "2003-12-01",
        Outcome.BLOCKED,
        "consensus of all members lacks",
        support(belarus="stays_out"),
        fields={"body": CSC},
    ),
    S(
        "consensus",
        "document_adoption",
        "2008-03-01",
        Outcome.ADOPTED_LIMITED,
        "limited format",
        support(belarus="stays_out", armenia="absent"),
        fields={"body": CSC},
    ),
    S(
        "consensus",
        "budget",
        "2008-03-01",
        Outcome.BLOCKED,
        "no member takes part",
        {s: "stays_out" for s in SIX},
        fields={"body": CSC},
    ),
    S(
        "binding-effect",
        "document_adoption",
        "2008-03-01",
        Outcome.ADOPTED_LIMITED,
        "no obligation for Belarus",
        support(belarus="stays_out"),
        fields={"body": CSC},
    ),
    S(
        "host-consent",
        "exercise",
        "2022-10-09",
        Outcome.BLOCKED,
        "does not consent",
        support(kyrgyzstan="objects"),
        fields={"body": "council-of-defence-ministers", "territory": ["kyrgyzstan"]},
    ),
    S(
        "host-consent",
        "exercise",
        "2021-10-09",
        Outcome.ADOPTED,
        "consents",
        support(),
        fields={"body": "council-of-defence-ministers", "territory": ["tajikistan"]},
    ),
]
