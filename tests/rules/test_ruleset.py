"""The rule set as data: loading, dates in force, reforms as patches, and the errors bad input gets."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from csto.rules import (
    OutOfForceError,
    ProposalError,
    ReformError,
    RulesDataError,
    UnknownProvisionError,
    UnknownReformError,
    apply_reform,
    compose,
    decide,
    get_reform,
    load_reforms,
    load_rules,
)
from csto.rules.loader import RULES_DIR
from csto.rules.records import Dating
from csto.rules.reforms import Reform
from csto.rules.schema import ReformRecord
from tests.rules.helpers import members, support


def test_every_provision_names_instrument_article_dates_summary_and_sources() -> None:
    rules = load_rules()
    assert len(rules.provisions) >= 20
    for provision in rules.provisions.values():
        for v in provision.versions:
            assert v.instrument in rules.instruments and v.article and v.summary and v.sources
            assert all(s in rules.sources for s in v.sources)
            instrument = rules.instruments[v.instrument]
            assert v.start >= instrument.in_force_from
        starts = [v.start for v in provision.versions]
        assert starts == sorted(starts)


def test_every_source_has_a_url_and_every_instrument_a_reference() -> None:
    rules = load_rules()
    assert all(s.url for s in rules.sources.values())
    assert all(i.reference and i.sources for i in rules.instruments.values())


def test_dates_in_force() -> None:
    rules = load_rules()
    assert rules.earliest == date(1994, 4, 20)
    assert rules.instruments["treaty-amendment-protocol-2010"].in_force_from == date(2012, 12, 19)
    assert rules.instruments["peacekeeping-agreement-2007"].dating is Dating.SIGNATURE
    assert rules.procedure("collective_assistance", date(2000, 1, 1))
    in_2024 = {p.id for p, _ in rules.in_force(date(2024, 6, 6))}
    assert {"standing-non-objection", "partner-status", "transit-of-contingents"} <= in_2024
    assert "partner-status" not in {p.id for p, _ in rules.in_force(date(2020, 1, 1))}


def test_unknown_provision_gets_suggestions() -> None:
    with pytest.raises(UnknownProvisionError) as caught:
        load_rules().provision("treaty-art-44")
    assert "treaty-art-4" in caught.value.suggestions
    assert "csto rules list" in str(caught.value)


def test_provision_out_of_force_names_its_period() -> None:
    with pytest.raises(OutOfForceError, match=r"partner-status.*2019-01-01.*2021-01-19"):
        load_rules().version("partner-status", date(2019, 1, 1))


def test_date_before_any_instrument_is_refused() -> None:
    with pytest.raises(OutOfForceError, match=r"no instrument was in force on 1993-06-01.*1994-04-20"):
        decide({"kind": "consultations", "date": "1993-06-01", "requester": "russia"}, {}, members())


@pytest.mark.parametrize(
    ("proposal", "message"),
    [
        ({"kind": "collective_assistance", "date": "2022-01-06"}, "needs requester, threat"),
        ({"kind": "collective_aid", "date": "2022-01-06"}, "proposal.kind"),
        ({"kind": "consultations", "date": "2022-02-30", "requester": "armenia"}, "2022-02 has no day 30"),
        ({"kind": "consultations", "date": "2022", "requester": "armenia"}, "not a full date"),
        ({"kind": "consultations", "date": "2022-01-06", "requester": "armenia", "colour": "red"}, "proposal.colour"),
        ({"kind": "consultations", "date": "2022-01-06", "requester": "Arm enia!"}, "not a valid id"),
    ],
)
def test_malformed_proposals_get_clear_errors(proposal: dict[str, str], message: str) -> None:
    with pytest.raises(ProposalError, match=message):
        decide(proposal, {}, members())


def test_malformed_positions_and_membership() -> None:
    good = {"kind": "consultations", "date": "2022-01-06", "requester": "armenia"}
    with pytest.raises(ProposalError, match=r"positions.russia: 'maybe' is not one of"):
        decide(good, {"russia": "maybe"}, members())
    with pytest.raises(ProposalError, match=r"membership.russia: 'vip' is not one of"):
        decide(good, {}, members(russia="vip"))
    assert decide(good, {"russia": "does not object"}, members()).outcome.value == "effective"


def test_reforms_never_change_the_baseline() -> None:
    base = load_rules()
    before = base.fingerprint()
    plain = base.to_plain()
    for reform in load_reforms().values():
        for start in (None, base.earliest, date(2023, 1, 1)):
            reformed = apply_reform(base, reform, start)
            assert reformed.fingerprint() != before
            assert reformed.reforms == (reform.name,)
    assert base.fingerprint() == before and base.to_plain() == plain
    assert load_rules().fingerprint() == before
    assert compose() is base
    for name in load_reforms():
        assert compose((name,)) is compose((name,)) and compose((name,)).reforms == (name,)
    assert compose(tuple(load_reforms())).reforms == tuple(load_reforms())
    assert base.fingerprint() == before
    with pytest.raises(UnknownReformError):
        compose(("no-such-reform",))
    with pytest.raises(TypeError):
        base.provisions["consensus"] = base.provisions["treaty-art-4"]  # type: ignore[index]


def test_replace_takes_effect_from_its_date_only() -> None:
    base = load_rules()
    reformed = apply_reform(base, get_reform("belarus-2023"), date(2023, 1, 1))
    provision = reformed.provision("express-consent-crisis")
    old, new = provision.versions[-2], provision.versions[-1]
    assert old.end == date(2022, 12, 31) and old.logic == "express_consent"
    assert new.start == date(2023, 1, 1) and new.logic == "silence_procedure" and new.reform == "belarus-2023"
    assert new.dating is Dating.PROPOSED and new.instrument == "reform-belarus-2023"
    plan = {
        "kind": "assistance_measures",
        "body": "collective-security-council",
        "requester": "kyrgyzstan",
        "threat": "threat",
    }
    for on, outcome in (("2022-06-01", "blocked"), ("2023-06-01", "adopted_limited")):
        d = decide(plan | {"date": on}, support(belarus="absent"), members(), reformed)
        assert d.outcome.value == outcome, (on, d.reason)


def test_add_and_remove_from_a_date() -> None:
    base = load_rules()
    japarov = compose(("japarov-2021",))
    assert japarov.provision("member-aggression-mechanism").start == date(2021, 9, 16)
    assert "member-aggression-mechanism" not in base.provisions
    record = ReformRecord.model_validate(
        {
            "name": "no-bases-protocol",
            "title": "Drop the bases protocol",
            "summary": "test",
            "proposed_by": "test",
            "proposed_on": "2015-01-01",
            "effective_from": "2015-01-01",
            "sources": ["seed-politnavigator-2022-10-10-reforms"],
            "changes": [{"action": "remove", "provision": "foreign-bases"}],
        }
    )
    removed = apply_reform(base, Reform(record=record, path=RULES_DIR / "reforms" / "japarov-2021.yaml"))
    assert removed.provision("foreign-bases").end == date(2014, 12, 31)
    base_q = {"kind": "foreign_base", "subject": "kyrgyzstan", "third_party": "united-states"}
    assert decide(base_q | {"date": "2014-06-01"}, {"russia": "objects"}, members(), removed).outcome.value == "blocked"
    assert (
        decide(base_q | {"date": "2015-06-01"}, {"russia": "objects"}, members(), removed).outcome.value
        == "not_covered"
    )


def test_bad_reforms_are_refused() -> None:
    base = load_rules()
    for change, message in (
        ({"action": "replace", "provision": "treaty-art-99", "version": {"summary": "x"}}, "unknown provision"),
        (
            {
                "action": "add",
                "new": {
                    "id": "consensus",
                    "title": "t",
                    "article": "1",
                    "stage": "tally",
                    "logic": "consensus",
                    "versions": [{"summary": "s", "sources": ["odkb-treaty-text-en"]}],
                },
            },
            "already exists",
        ),
    ):
        record = ReformRecord.model_validate(
            {
                "name": "bad",
                "title": "bad",
                "summary": "bad",
                "proposed_by": "test",
                "proposed_on": "2015-01-01",
                "effective_from": "2015-01-01",
                "sources": ["seed-politnavigator-2022-10-10-reforms"],
                "changes": [change],
            }
        )
        with pytest.raises(ReformError, match=message):
            apply_reform(base, Reform(record=record, path=RULES_DIR / "reforms" / "japarov-2021.yaml"))
    with pytest.raises(UnknownReformError, match="japarov-2021"):
        get_reform("japarov")


def test_each_reform_cites_the_seed_it_comes_from() -> None:
    reforms = load_reforms()
    assert set(reforms) == {"japarov-2021", "kurmanov-2022", "belarus-2023", "strict-consensus-2009"}
    assert "euroradio-2009-belarus-russia-chronicle" in reforms["strict-consensus-2009"].record.sources
    assert "seed-newsru-2024-04-16-interview" in reforms["japarov-2021"].record.sources
    assert reforms["kurmanov-2022"].record.sources == ["seed-politnavigator-2022-10-10-reforms"]
    assert "seed-saenko-2023-belarus-chairmanship" in reforms["belarus-2023"].record.sources


def test_bad_provision_files_name_file_line_and_field(tmp_path: Path) -> None:
    rules_dir = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__", "logic"))
    target = rules_dir / "provisions" / "treaty.yaml"
    text = target.read_text(encoding="utf-8")
    text = text.replace("logic: collective_defence", "logic: collective_offence")
    text = text.replace(
        "params: {covered: [external_aggression], request_required: false}",
        "params: {covered: [alien_invasion], request_required: false}",
    )
    text = text.replace("sources: [odkb-gov-treaty-text-en, odkb-treaty-text-en]", "sources: [no-such-source]", 1)
    target.write_text(text, encoding="utf-8")
    load_rules.cache_clear()
    try:
        with pytest.raises(RulesDataError) as caught:
            load_rules(rules_dir)
    finally:
        load_rules.cache_clear()
    message = str(caught.value)
    assert f"{target}:" in message
    assert "unknown logic 'collective_offence'" in message
    assert "unknown source 'no-such-source'" in message
    assert "provisions.0.versions.0.sources" in message


def test_invalid_yaml_and_overlapping_versions(tmp_path: Path) -> None:
    rules_dir = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__", "logic"))
    target = rules_dir / "provisions" / "rotation.yaml"
    text = target.read_text(encoding="utf-8").replace(
        '      - from: "2009-06-14"', '      - from: "2009-06-14"\n        to: "2001-01-01"'
    )
    target.write_text(text, encoding="utf-8")
    (rules_dir / "provisions" / "broken.yaml").write_text(
        "provisions:\n  - id: x\n    title: [unclosed\n", encoding="utf-8"
    )
    load_rules.cache_clear()
    try:
        with pytest.raises(RulesDataError) as caught:
            load_rules(rules_dir)
    finally:
        load_rules.cache_clear()
    message = str(caught.value)
    assert "broken.yaml:" in message and "rotation.yaml" in message and "ends (2001-01-01) before it starts" in message
