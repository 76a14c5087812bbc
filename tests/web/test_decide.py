"""The decision tool on /rules decides every kind of proposal, and names states, never ids, in its results."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from csto.rules import Kind
from csto.rules.proposal import REQUIRED
from csto.store import KnowledgeBase
from csto.web import create_app
from csto.web.pages_rules import ENTITY_FIELDS, flag_fields

DAY = "2024-06-01"
MEMBERS = ("armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan")

# For each kind, the fields a realistic proposal of that kind fills in on the form.
FILLED: dict[str, dict[str, str]] = {
    "consultations": {"requester": "armenia", "threat": "threat"},
    "assistance_measures": {"requester": "armenia", "threat": "threat"},
    "collective_assistance": {"requester": "kazakhstan", "threat": "armed_attack", "territory": "kazakhstan"},
    "peacekeeping_deployment": {"requester": "kazakhstan", "territory": "kazakhstan"},
    "suspension": {"subject": "armenia"},
    "expulsion": {"subject": "armenia"},
    "accession": {"subject": "serbia"},
    "observer_status": {"subject": "serbia"},
    "partner_status": {"subject": "serbia"},
    "withdrawal_notice": {"requester": "armenia"},
    "foreign_base": {"subject": "kyrgyzstan", "third_party": "united-states"},
    "facility": {"subject": "kyrgyzstan", "requester": "russia", "special_agreement": "1"},
    "exercise": {"territory": "tajikistan"},
    "external_exercise": {"subject": "kazakhstan", "third_party": "united-states"},
    "join_alliance": {"subject": "kazakhstan", "third_party": "nato"},
    "transit": {"subject": "kazakhstan", "requester": "russia", "forces": "crrf"},
    "appointment": {"subject": "kazakhstan", "previous_holder_state": "belarus"},
    "budget": {},
    "document_adoption": {},
}
KINDS = [k.value for k in Kind]


@pytest.fixture(scope="module")
def client(kb: KnowledgeBase) -> Iterator[TestClient]:
    with TestClient(create_app(kb), base_url="http://localhost") as c:
        yield c


def text_of(page: str, element_id: str) -> str | None:
    """The text inside the element with this id (tags stripped), or None if the page has none."""
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:span|p|dd|div)>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else None


def decide_on_page(client: TestClient, kind: str, positions: dict[str, str], **fields: str) -> str:
    query = {"decide": "1", "kind": kind, "date": DAY, "body": "CSC"} | fields
    query |= {f"pos_{state}": position for state, position in positions.items()}
    page = client.get("/rules", params=query)
    assert page.status_code == 200, page.text[:300]
    return page.text


def test_the_form_offers_every_field_a_kind_requires(client: TestClient) -> None:
    page = client.get("/rules").text
    offered = {name for name, _label, _what in ENTITY_FIELDS} | {"threat"} | set(flag_fields())
    for kind in Kind:
        assert f'<option value="{kind.value}"' in page, f"the form cannot pick {kind.value}"
        for field in REQUIRED.get(kind, ()):
            assert field in offered, f"a {kind.value} needs {field}, which the form does not offer"
            assert f'name="{field}"' in page
    assert set(FILLED) == set(KINDS), "every kind needs a worked proposal in this test"


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_decided_through_the_page(client: TestClient, kb: KnowledgeBase, kind: str) -> None:
    page = decide_on_page(client, kind, dict.fromkeys(MEMBERS, "supports"), **FILLED[kind])
    assert text_of(page, "decision-error") is None, text_of(page, "decision-error")
    outcome = text_of(page, "outcome")
    assert outcome in {"adopted", "adopted limited", "effective", "invalid", "not covered"}, outcome
    assert outcome != "blocked", "nobody objected, yet the proposal was blocked"
    assert page.count("<tr><td>") > 0 and 'id="trace"' in page
    reason = text_of(page, "decision-reason") or ""
    assert "needs" not in reason, reason  # the form carried what the kind requires
    subject = FILLED[kind].get("subject")
    if subject:  # the result speaks of the subject by name
        assert kb.entities[subject].name in page.split('id="decision"', 1)[1]


@pytest.mark.parametrize("kind", ["suspension", "expulsion", "accession", "observer_status", "foreign_base"])
def test_an_objection_blocks_and_is_named(client: TestClient, kind: str) -> None:
    positions = dict.fromkeys(MEMBERS, "supports") | {"belarus": "objects"}
    page = decide_on_page(client, kind, positions, **FILLED[kind])
    assert text_of(page, "outcome") == "blocked"
    assert text_of(page, "blocked-by") == "Belarus"  # the name, not the id "belarus"


def test_staying_out_and_bound_are_named(client: TestClient) -> None:
    positions = dict.fromkeys(MEMBERS, "supports") | {"kyrgyzstan": "stays_out"}
    page = decide_on_page(client, "collective_assistance", positions, **FILLED["collective_assistance"])
    staying, bound = text_of(page, "staying-out"), text_of(page, "bound")
    assert staying == "Kyrgyzstan", staying
    assert bound and "Kazakhstan" in bound and "kazakhstan" not in bound


def test_a_missing_field_is_explained_not_crashed(client: TestClient) -> None:
    page = decide_on_page(client, "suspension", {})
    error = text_of(page, "decision-error")
    assert error and "subject" in error


def test_an_unknown_state_is_a_clear_message(client: TestClient) -> None:
    page = decide_on_page(client, "suspension", {}, subject="atlantis")
    error = text_of(page, "decision-error")
    assert error and "atlantis" in error.lower()


def test_bodies_in_the_reasoning_are_named(client: TestClient) -> None:
    page = decide_on_page(client, "suspension", dict.fromkeys(MEMBERS, "supports"), subject="armenia", body="PC")
    reason = text_of(page, "decision-reason") or ""
    assert text_of(page, "outcome") == "invalid" and "Collective Security Council" in reason, reason
    assert "collective-security-council" not in page.split('id="decision"', 1)[1].split('id="trace"', 1)[0]
