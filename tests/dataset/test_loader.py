"""Validation of the curated dataset: the shipped data loads, and broken files fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from csto.dataset import DatasetError, load_dataset
from csto.dataset.loader import DATA_DIR

GOOD = """\
sources:
  - id: treaty-text
    publisher: United Nations Treaty Series
    title: Collective Security Treaty
    date: "1992-05-15"
    url: https://treaties.un.org/
    kind: legal_text
predicates:
  - name: member_status
    description: status
    subject_kinds: [state]
    object_kinds: [organization]
    value_type: enum
    values: [full, withdrawn]
    single_valued: subject_object
entities:
  - id: utopia
    kind: state
    name: Utopia
    aliases: [Outopia]
  - id: league
    kind: organization
    name: The League
facts:
  - subject: utopia
    predicate: member_status
    object: league
    value: full
    valid_from: "1992-05-15"
    valid_to: "1999-04-19"
    sources: [treaty-text]
events:
  - id: signing
    type: document_signed
    date: "1992-05-15"
    title: The treaty is signed
    participants: [{entity: utopia, role: signatory}]
    sources: [treaty-text]
"""


def write(directory: Path, name: str, text: str | bytes) -> Path:
    path = directory / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(directory: Path) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        load_dataset(directory)
    return [str(p) for p in caught.value.problems]


def test_the_shipped_dataset_is_valid() -> None:
    dataset = load_dataset(DATA_DIR)
    counts = dataset.counts()
    assert counts["facts"] + counts["events"] >= 300
    assert all(f.sources for f in dataset.facts.values())
    assert all(e.sources for e in dataset.events.values())


def test_a_good_file_loads(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    dataset = load_dataset(tmp_path)
    assert dataset.counts() == {"sources": 1, "entities": 2, "predicates": 1, "facts": 1, "events": 1}
    assert len(dataset.digest) == 64


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "broken.yaml", GOOD.replace("    title: The treaty is signed", "    title: [unclosed"))
    (problem,) = problems_of(tmp_path)
    assert "broken.yaml:" in problem
    line = int(problem.split("broken.yaml:")[1].split(":")[0])
    assert abs(line - GOOD.splitlines().index("    title: The treaty is signed") - 1) <= 2


def test_unknown_field_names_file_line_and_field(tmp_path: Path) -> None:
    text = GOOD.replace("    aliases: [Outopia]", "    aliases: [Outopia]\n    colour: blue")
    write(tmp_path, "a.yaml", text)
    (problem,) = problems_of(tmp_path)
    expected_line = text.splitlines().index("    colour: blue") + 1
    assert f"a.yaml:{expected_line}: entities[0].colour:" in problem
    assert "Extra inputs are not permitted" in problem


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ('"1992-02-30"', "has no day 30"),
        ('"1992-13"', "does not exist"),
        ('"15 May 1992"', "not a date"),
    ],
)
def test_impossible_dates_are_refused_with_the_field(tmp_path: Path, bad: str, message: str) -> None:
    write(tmp_path, "a.yaml", GOOD.replace('valid_from: "1992-05-15"', f"valid_from: {bad}"))
    (problem,) = problems_of(tmp_path)
    assert "facts[0].valid_from" in problem and message in problem


def test_unquoted_dates_are_read_as_text_not_guessed(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD.replace('valid_from: "1992-05-15"', "valid_from: 1992-05-15"))
    dataset = load_dataset(tmp_path)
    assert next(iter(dataset.facts.values())).valid_from == "1992-05-15"


def test_period_ending_before_it_starts(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD.replace('valid_to: "1999-04-19"', 'valid_to: "1991"'))
    (problem,) = problems_of(tmp_path)
    assert "facts[0]" in problem and "ends" in problem


def test_duplicate_key_in_a_mapping(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD.replace("    name: Utopia", "    name: Utopia\n    name: Atlantis"))
    (problem,) = problems_of(tmp_path)
    assert "duplicate key 'name'" in problem


def test_duplicate_id_across_files_names_both(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", "entities:\n  - id: utopia\n    kind: state\n    name: Other Utopia\n")
    (problem,) = problems_of(tmp_path)
    assert "b.yaml:2" in problem and "duplicate id 'utopia'" in problem and "a.yaml:" in problem


def test_unknown_references_are_listed(tmp_path: Path) -> None:
    text = GOOD.replace("sources: [treaty-text]\nevents", "sources: [no-such-source]\nevents")
    text = text.replace("{entity: utopia, role: signatory}", "{entity: atlantis, role: signatory}")
    write(tmp_path, "a.yaml", text)
    problems = problems_of(tmp_path)
    assert any("unknown source 'no-such-source'" in p for p in problems)
    assert any("unknown entity 'atlantis'" in p and "events[signing].participants" in p for p in problems)


def test_wrong_kind_and_wrong_value_for_a_predicate(tmp_path: Path) -> None:
    text = GOOD.replace("    object: league\n    value: full", "    object: utopia\n    value: maybe")
    write(tmp_path, "a.yaml", text)
    problems = problems_of(tmp_path)
    assert any("'utopia' is a state" in p for p in problems)
    assert any("'maybe' is not one of" in p for p in problems)


def test_a_fact_needs_a_source(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD.replace("    sources: [treaty-text]\nevents", "    sources: []\nevents"))
    (problem,) = problems_of(tmp_path)
    assert "facts[0].sources" in problem


RIVAL = """
  - subject: utopia
    predicate: member_status
    object: league
    value: withdrawn
    valid_from: "1998"
    sources: [treaty-text]
"""


def test_conflicting_single_valued_facts_need_a_dispute_key(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD.replace("events:", RIVAL.lstrip("\n").join(["", "events:"]), 1))
    text = (tmp_path / "a.yaml").read_text()
    assert text.count("predicate: member_status") == 2
    (problem,) = problems_of(tmp_path)
    assert "overlaps fact" in problem and "dispute" in problem
    disputed = text.replace('    valid_to: "1999-04-19"', '    valid_to: "1999-04-19"\n    dispute: exit-date')
    disputed = disputed.replace('    valid_from: "1998"', '    valid_from: "1998"\n    dispute: exit-date')
    write(tmp_path, "a.yaml", disputed)
    dataset = load_dataset(tmp_path)
    assert {f.dispute for f in dataset.facts.values()} == {"exit-date"}


def test_not_utf8_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD.replace("Utopia", "Ütopia").encode("latin-1"))
    (problem,) = problems_of(tmp_path)
    assert "a.yaml" in problem and "not UTF-8" in problem


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "# " + "x" * 6_000_000 + "\n")
    (problem,) = problems_of(tmp_path)
    assert "over the" in problem and "limit" in problem


def test_a_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "- just\n- a list\n")
    (problem,) = problems_of(tmp_path)
    assert "mapping" in problem


def test_empty_or_missing_directory(tmp_path: Path) -> None:
    assert "no .yaml files" in problems_of(tmp_path)[0]
    assert "does not exist" in problems_of(tmp_path / "nowhere")[0]


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD.replace('"1992-05-15"\n    valid_to', '"1992-02-30"\n    valid_to'))
    write(tmp_path, "b.yaml", "entities:\n  - id: Bad Id\n    kind: planet\n    name: X\n")
    problems = problems_of(tmp_path)
    assert any("a.yaml" in p for p in problems) and any("b.yaml" in p for p in problems)
    assert any("entities[0].kind" in p for p in problems) and any("entities[0].id" in p for p in problems)
