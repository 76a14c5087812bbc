"""Members' positions on the Treaty and the Organization, as cited claims (issue 16, item 1).

The claims live in ``positions/*.yaml`` next to the dataset's ``data/`` folder, one file per state;
``positions/README.md`` documents the shape, the topics and the sign of the stance scale. This
module holds the claim's model, the topic vocabulary and ``load_positions``, which validates every
file against the dataset (sources, holder and speaker entities) and reports each problem with its
file, line and field, like ``load_dataset``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator

from csto.dataset.loader import DATA_DIR, POSITIONS_FOLDER, Dataset, DatasetError, Problem, folder_digest
from csto.dataset.yamlio import YamlDocument, YamlProblem, read_yaml
from csto.model import EntityKind, Record, Slug, Source
from csto.periods import DateError, PartialDate

POSITIONS_DIR = DATA_DIR / POSITIONS_FOLDER
MAX_QUOTE_WORDS = 12


class Topic(StrEnum):
    """What a position claim is about (the table in ``positions/README.md``)."""

    CSTO_WORTH = "csto-worth"
    MEMBERSHIP = "membership"
    COLLECTIVE_ASSISTANCE = "collective-assistance"
    UKRAINE_WAR = "ukraine-war"
    KARABAKH = "karabakh"
    AFGHANISTAN = "afghanistan"
    RUSSIA_LEADERSHIP = "russia-leadership"
    EXPANSION = "expansion"
    WESTERN_TIES = "western-ties"
    INTEGRATION = "integration"


class PositionKind(StrEnum):
    """How the position was taken: words, a deed, or a recorded vote."""

    SPEECH = "speech"
    ACT = "act"
    VOTE = "vote"


UNOFFICIAL_MARKS = ("off the record", "commentator", "as reported by", "mp ")
"""Words in ``speaker_name`` that mark a voice not speaking for the government (README, point 5)."""


class PositionClaim(Record):
    """One dated, cited position of a state (``holder``) on one topic, on the −2 … +2 scale."""

    id: Slug
    date: str
    holder: Slug
    speaker: Slug | None = None
    speaker_name: str | None = None
    topic: Topic
    stance: int = Field(ge=-2, le=2)
    kind: PositionKind
    quote: str | None = None
    summary: str = Field(min_length=1)
    sources: list[Slug] = Field(min_length=1)

    @field_validator("date", mode="before")
    @classmethod
    def _partial_date(cls, value: Any) -> Any:
        try:
            return str(PartialDate.parse(value))
        except DateError as error:
            raise ValueError(str(error)) from None

    @field_validator("stance", mode="before")
    @classmethod
    def _integer_stance(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"stance must be a whole number from -2 to 2, got {value!r}")
        return value

    @field_validator("quote")
    @classmethod
    def _short_quote(cls, value: str | None) -> str | None:
        if value is not None and len(value.split()) > MAX_QUOTE_WORDS:
            raise ValueError(f"a quote has at most {MAX_QUOTE_WORDS} words ({len(value.split())} given)")
        return value

    @property
    def when(self) -> PartialDate:
        return PartialDate.parse(self.date)

    @property
    def official(self) -> bool:
        """Whether the speaker speaks for the state (a dataset person, an office, a ministry, a parliament)."""
        if self.speaker is not None:
            return True
        name = f" {(self.speaker_name or '').lower()} "
        return not any(mark in name for mark in UNOFFICIAL_MARKS)


class PositionsFile(Record):
    """The shape of one ``positions/<state>.yaml`` file."""

    sources: list[Source] = Field(default_factory=list)
    positions: list[PositionClaim] = Field(default_factory=list)


@dataclass
class Positions:
    """The validated position claims and the sources the folder declares."""

    claims: dict[str, PositionClaim] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    digest: str = ""

    def of(self, holder: str) -> list[PositionClaim]:
        """The claims held by ``holder``, oldest first."""
        return sorted((c for c in self.claims.values() if c.holder == holder), key=lambda c: (c.when.earliest, c.id))


def _loc(loc: tuple[str | int, ...]) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")


def _parse(doc: YamlDocument, problems: list[Problem]) -> PositionsFile | None:
    if doc.data is None:
        return PositionsFile()
    if not isinstance(doc.data, dict):
        problems.append(Problem(doc.path, 1, "", "the file must be a mapping with `sources` and `positions`"))
        return None
    try:
        return PositionsFile.model_validate(doc.data)
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(item["loc"])
            problems.append(Problem(doc.path, doc.line_of(loc), _loc(loc), item["msg"]))
        return None


def _check(
    doc: YamlDocument, parsed: PositionsFile, dataset: Dataset, known: set[str], problems: list[Problem]
) -> None:
    """Cross-references of one file: sources resolve, holder and speaker are dataset entities."""
    for index, claim in enumerate(parsed.positions):

        def report(name: str, message: str, index: int = index) -> None:
            problems.append(
                Problem(doc.path, doc.line_of(("positions", index, name)), f"positions[{index}].{name}", message)
            )

        if not claim.id.startswith(f"pos-{claim.holder}-"):
            report("id", f"the id must start with 'pos-{claim.holder}-' (its holder)")
        holder = dataset.entities.get(claim.holder)
        if holder is None:
            report("holder", f"unknown entity {claim.holder!r}")
        elif holder.kind is not EntityKind.STATE:
            report("holder", f"{claim.holder!r} is a {holder.kind}, not a state")
        elif doc.path.stem != claim.holder:
            report("holder", f"a claim in {doc.path.name} must be held by {doc.path.stem!r}")
        if claim.speaker is not None:
            speaker = dataset.entities.get(claim.speaker)
            if speaker is None:
                report("speaker", f"unknown entity {claim.speaker!r}")
            elif speaker.kind not in (EntityKind.PERSON, EntityKind.STATE, EntityKind.BODY, EntityKind.OFFICE):
                report("speaker", f"{claim.speaker!r} is a {speaker.kind}; a speaker is a person, office or body")
        elif not claim.speaker_name:
            report("speaker_name", "give `speaker` (a dataset entity) or `speaker_name`")
        for source in claim.sources:
            if source not in known:
                report("sources", f"unknown source {source!r} (declare it in this folder or cite a dataset source)")


def load_positions(dataset: Dataset, directory: Path = POSITIONS_DIR) -> Positions:
    """Read and validate every ``*.yaml`` under ``directory`` against ``dataset``.

    Returns every claim or raises ``DatasetError`` listing each problem (file, line, field). A
    missing folder holds no claims.
    """
    result = Positions()
    if not directory.is_dir():
        return result
    problems: list[Problem] = []
    digest = hashlib.sha256()
    parsed: list[tuple[YamlDocument, PositionsFile]] = []
    lines: dict[str, tuple[Path, int | None]] = {}
    for path in sorted(directory.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
        try:
            doc = read_yaml(path)
        except YamlProblem as error:
            problems.append(Problem(error.path, error.line, "", error.message))
            continue
        file = _parse(doc, problems)
        if file is None:
            continue
        parsed.append((doc, file))
        for index, source in enumerate(file.sources):
            line = doc.line_of(("sources", index))
            if source.id in dataset.sources:
                problems.append(
                    Problem(
                        path,
                        line,
                        f"sources[{index}]",
                        f"{source.id!r} is already a dataset source: cite it, do not redeclare it",
                    )
                )
            elif source.id in result.sources:
                first = lines[f"s:{source.id}"]
                problems.append(
                    Problem(
                        path,
                        line,
                        f"sources[{index}]",
                        f"duplicate source {source.id!r} (first at {first[0].name}:{first[1]})",
                    )
                )
            else:
                result.sources[source.id] = source
                lines[f"s:{source.id}"] = (path, line)
        for index, claim in enumerate(file.positions):
            line = doc.line_of(("positions", index))
            if claim.id in result.claims:
                first = lines[f"p:{claim.id}"]
                problems.append(
                    Problem(
                        path,
                        line,
                        f"positions[{index}]",
                        f"duplicate id {claim.id!r} (first at {first[0].name}:{first[1]})",
                    )
                )
            else:
                result.claims[claim.id] = claim
                lines[f"p:{claim.id}"] = (path, line)
    known = set(dataset.sources) | set(result.sources)
    for doc, file in parsed:
        _check(doc, file, dataset, known, problems)
    if problems:
        raise DatasetError(problems)
    result.digest = digest.hexdigest()
    return result


def positions_for(dataset: Dataset) -> Positions:
    """The position claims that go with ``dataset``: the packaged folder's for the packaged dataset.

    A dataset read from another folder (a test's, a fork's) has no position claims: the packaged
    claims cite its sources and entities, which another dataset need not have.
    """
    if dataset.digest and dataset.digest == folder_digest(DATA_DIR):
        return load_positions(dataset)
    return Positions()
