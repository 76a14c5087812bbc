"""Scenarios: a crisis in which a member asks the Organization for help, read from YAML.

A scenario names a date, the requesting state, the kind of crisis, the adversary, the place,
a severity from 1 to 5, the legal basis the requester invokes, and optionally a reform to apply.
Historical scenarios also name the dataset events that record what actually happened.
A malformed file raises ``ScenarioError`` naming the file, line and field.

Territory: the state whose internationally recognized territory holds the place is found by point in
polygon from ``place.lat/lon`` (``csto.geo.state_at``, Natural Earth 1:10m corrected to recognized
borders). An explicit ``territory:`` is accepted only when it agrees with that answer, or when the
place lies in a disputed or contested area the dataset records, on the scenario's date, with a claim
by that state; ``Scenario.territory_decision`` says how the territory was decided, with the sources.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from csto.dataset.yamlio import YamlProblem, read_yaml
from csto.geo import TerritoryAnswer, state_at
from csto.model import SLUG, FullDay
from csto.sim.errors import ScenarioError, SimulationError
from csto.vocabulary import CRISIS_OUTCOMES, CrisisOutcome

Slug = Annotated[str, Field(pattern=SLUG.pattern, min_length=1, max_length=120)]


class CrisisKind(StrEnum):
    EXTERNAL_AGGRESSION = "external_aggression"
    NON_STATE_ATTACK = "non_state_attack"
    INTERNAL_UNREST = "internal_unrest"
    MEMBER_BORDER_CLASH = "member_border_clash"
    AFGHAN_THREAT = "afghan_threat"


class InternalForm(StrEnum):
    """The form an internal crisis takes (``internal_form``), as the record describes it."""

    PEACEFUL_PROTEST = "peaceful_protest"  # mass protest, not armed, against the government
    ARMED_UNREST = "armed_unrest"  # armed violence against the state or between groups, or terrorism
    COUP = "coup"  # a seizure of power, by force or by crowds taking the seat of government


class RelationLevel(StrEnum):
    """The values of the dataset's ``relation_with`` facts (a member's ties with a non-member)."""

    ALLY = "ally"
    STRATEGIC_PARTNER = "strategic_partner"
    FRIENDLY = "friendly"
    NEUTRAL = "neutral"
    HOSTILE = "hostile"
    AT_WAR = "at_war"


class Basis(StrEnum):
    """The legal basis the requester invokes."""

    CONSULTATIONS = "consultations"
    ART4_ASSISTANCE = "art4_assistance"
    PEACEKEEPING = "peacekeeping"


class Measure(StrEnum):
    """What the Organization may decide.

    ``consultations`` are the joint consultations of Treaty article 2, held when the requester
    asks for them; ``mission`` is a collective decision on non-military measures (a fact-finding
    mission, equipment or other material help); ``assistance`` sends the collective forces.
    """

    CONSULTATIONS = "consultations"
    MISSION = "mission"
    ASSISTANCE = "assistance"


# The three outcomes reported (forces sent, only consultations or a mission, nothing) are the
# vocabulary's ``CrisisOutcome``, in the order of the simulator's arrays.
OUTCOMES: tuple[CrisisOutcome, ...] = CRISIS_OUTCOMES
OUTCOME_OF_MEASURE = {
    Measure.CONSULTATIONS: CrisisOutcome.CONSULTATIONS_OR_MISSION,
    Measure.MISSION: CrisisOutcome.CONSULTATIONS_OR_MISSION,
    Measure.ASSISTANCE: CrisisOutcome.ASSISTANCE,
}
# A request for force that fails falls back to lesser measures the members may agree instead;
# consultations under article 2 are held when the requester asks for them.
LADDERS: dict[Basis, tuple[Measure, ...]] = {
    Basis.CONSULTATIONS: (Measure.CONSULTATIONS,),
    Basis.ART4_ASSISTANCE: (Measure.ASSISTANCE, Measure.MISSION),
    Basis.PEACEKEEPING: (Measure.ASSISTANCE, Measure.MISSION),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Adversary(_Strict):
    """Who threatens the requester: a state in the knowledge base, or a named non-state group."""

    state: Slug | None = None
    group: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _exactly_one(self) -> Adversary:
        if (self.state is None) == (self.group is None):
            raise ValueError("give exactly one of `state` (an entity id) or `group` (a name)")
        return self

    @property
    def label(self) -> str:
        return self.state or self.group or "?"


class Place(_Strict):
    """Where help is needed: a name, optionally an entity id, and coordinates in degrees."""

    name: str = Field(min_length=1)
    entity: Slug | None = None
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class RequestMade(StrEnum):
    """Whom the affected member asked: the values of the dataset's ``crisis_request`` facts."""

    CSTO = "csto"
    RUSSIA_BILATERAL = "russia-bilateral"
    CSTO_AND_RUSSIA = "csto-and-russia"
    CIS = "cis"
    NONE = "none"

    @property
    def to_organization(self) -> bool:
        return self in (RequestMade.CSTO, RequestMade.CSTO_AND_RUSSIA)


class InterferenceClaim(_Strict):
    """The requester's claim that its internal crisis is driven from abroad, with where it is recorded.

    ``event`` is a dataset event that records the claim (a test checks it exists), ``source`` a citation
    (publisher, title, date, URL); at least one is needed. ``summary`` says what was claimed, in our words.
    The claim is a fact about what the requester said, not a finding that it is true.
    """

    summary: str = Field(min_length=1)
    event: Slug | None = None
    source: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _cited(self) -> InterferenceClaim:
        if self.event is None and self.source is None:
            raise ValueError("cite the claim: give `event` (a dataset event id) or `source` (a citation)")
        return self


@dataclass(frozen=True)
class TerritoryDecision:
    """The state whose recognized territory holds a scenario's place, and how that was decided.

    ``how`` is ``polygon`` (point in polygon), ``claim`` (a scenario's ``territory:`` that follows a
    recorded claim in a disputed or contested area), ``given`` (a ``territory:`` set on a scenario built
    in code, e.g. a counterfactual probe, that the coordinates do not support) or ``requester`` (no
    state's territory holds the point, and the scenario names none).
    """

    state: str
    how: str
    answer: TerritoryAnswer
    day: date

    def describe(self) -> str:
        """One line for the notes: the state, how it was decided, and any recorded area with its source."""
        notes = self.answer.on(self.day)
        head = self.brief(areas=False)
        return head if not notes else head + "; recorded there: " + " ".join(n.describe() for n in notes)

    def brief(self, areas: bool = True) -> str:
        """The state and how it was decided, with the recorded areas named (for a legal reason)."""
        place = f"({self.answer.lat:.4f}, {self.answer.lon:.4f})"
        if self.how == "polygon":
            head = f"territory: {self.state}, by point in polygon: {place} lies in its recognized territory"
        elif self.how == "claim":
            head = (
                f"territory: {self.state}, as the scenario gives it: {place} lies in {self.answer.state}'s recognized "
                f"territory, in an area where the record holds a claim by {self.state}"
            )
        elif self.how == "given":
            where = f"{self.answer.state}'s recognized territory" if self.answer.state else "no state's territory"
            head = f"territory: {self.state}, as set on the scenario (a counterfactual): {place} lies in {where}"
        else:
            head = f"territory: {self.state} (the requester's), assumed: {place} lies in no shipped state's territory"
        notes = self.answer.on(self.day) if areas else ()
        return head if not notes else head + "; in a recorded area: " + ", ".join(n.tag() for n in notes)


def territory_problem(territory: str | None, answer: TerritoryAnswer, day: date | None) -> str | None:
    """Why a scenario's ``territory:`` cannot stand beside its coordinates (None when it can)."""
    where = f"({answer.lat:g}, {answer.lon:g})"
    if territory is None:
        if answer.state is None:
            return (
                f"the place {where} lies in no state's territory in the shipped borders (at sea or outside them): "
                "check `place.lat`/`place.lon`, or name the state with `territory:`"
            )
        return None
    if territory == answer.state or territory in answer.claimants(day):
        return None
    inside = f"{answer.state}'s internationally recognized territory" if answer.state else "no state's territory"
    return (
        f"{territory!r} disagrees with the place: {where} lies in {inside} (point in polygon, Natural Earth 1:10m), "
        "and no disputed area recorded there on the scenario's date names a claim by it; drop `territory:` "
        "or correct `place.lat`/`place.lon`"
    )


class History(_Strict):
    """For a historical case: the dataset events and the crisis record behind it.

    ``crisis`` is the id of the crisis's principal event, the qualifier of its ``crisis_territory``,
    ``crisis_request``, ``crisis_basis`` and ``crisis_response`` facts; the actual outcome is read
    from the ``crisis_response`` facts (see ``backtest.actual_outcome``).
    """

    events: list[Slug] = Field(min_length=1)
    crisis: Slug | None = None
    note: str | None = None


class Scenario(_Strict):
    """One crisis to simulate. ``name`` is the file's stem unless given."""

    name: Slug
    title: str = Field(min_length=1)
    date: FullDay
    requester: Slug
    kind: CrisisKind
    adversary: Adversary | None = None
    place: Place
    severity: int = Field(ge=1, le=5)
    internal_form: InternalForm | None = None
    alleged_outside_interference: InterferenceClaim | None = None
    basis: Basis
    territory: Slug | None = Field(default=None, validate_default=True)
    request: RequestMade | None = None
    forces: list[Slug] = Field(default_factory=list)
    reform: str | None = None
    history: History | None = None
    description: str | None = None
    sources: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _coherent(self) -> Scenario:
        if self.adversary and self.adversary.state == self.requester:
            raise ValueError("the requester cannot be its own adversary")
        if self.kind is CrisisKind.MEMBER_BORDER_CLASH and not (self.adversary and self.adversary.state):
            raise ValueError("a border clash between members needs `adversary.state`")
        if self.kind is not CrisisKind.INTERNAL_UNREST and self.internal_form is not None:
            raise ValueError("`internal_form` is for internal unrest only")
        return self

    @field_validator("territory")
    @classmethod
    def _territory_agrees_with_place(cls, value: str | None, info: ValidationInfo) -> str | None:
        place = info.data.get("place")
        if not isinstance(place, Place):
            return value  # the place's own error is reported
        day = info.data.get("date")
        problem = territory_problem(value, state_at(place.lat, place.lon), day if isinstance(day, date) else None)
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("alleged_outside_interference", mode="before")
    @classmethod
    def _claim_not_flag(cls, value: object) -> object:
        if value is False:
            return None
        if value is True:
            raise ValueError(
                "the claim must be cited: give {summary, event: <dataset event id>} or {summary, source: <citation>}"
            )
        return value

    @property
    def interference_alleged(self) -> bool:
        """Whether the requester claims its internal crisis is driven from abroad (a cited claim)."""
        return bool(self.alleged_outside_interference)

    @property
    def ladder(self) -> tuple[Measure, ...]:
        """The measures tried, the one requested first, then the lesser ones."""
        return LADDERS[self.basis]

    @property
    def counterparts(self) -> tuple[str, ...]:
        """States outside the requester whose relations with the members the stance model reads (the adversary)."""
        return (self.adversary.state,) if self.adversary and self.adversary.state else ()

    @property
    def territory_decision(self) -> TerritoryDecision:
        """The state whose recognized territory holds the place, how it was decided, and the areas recorded there."""
        answer = state_at(self.place.lat, self.place.lon)
        if self.territory is not None:
            if self.territory == answer.state:
                how = "polygon"
            elif self.territory in answer.claimants(self.date):
                how = "claim"
            else:
                how = "given"
            return TerritoryDecision(self.territory, how, answer, self.date)
        if answer.state is not None:
            return TerritoryDecision(answer.state, "polygon", answer, self.date)
        return TerritoryDecision(self.requester, "requester", answer, self.date)

    @property
    def where(self) -> str:
        """The state whose internationally recognized territory holds the place (see ``territory_decision``)."""
        return self.territory_decision.state

    @property
    def historical(self) -> bool:
        return self.history is not None

    def with_reform(self, reform: str | None) -> Scenario:
        return self.model_copy(update={"reform": reform})


def _loc_text(loc: tuple[str | int, ...]) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")


def load_scenario(path: Path | str) -> Scenario:
    """Read and validate one scenario file."""
    path = Path(path)
    try:
        doc = read_yaml(path, max_bytes=200_000)
    except YamlProblem as error:
        raise ScenarioError(path, [(error.line, "", error.message)]) from None
    data = doc.data
    if not isinstance(data, dict):
        raise ScenarioError(path, [(1, "", "a scenario must be a mapping of fields")])
    data = {"name": path.stem, **data}
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            loc = tuple(item["loc"])
            problems.append((doc.line_of(loc), _loc_text(loc), str(item["msg"])))
        raise ScenarioError(path, problems) from None


SHIPPED = Path(__file__).parent / "scenarios"
"""The scenarios that ship inside the package (and so in the wheel)."""

SCENARIO_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")
"""What a scenario name may look like: never a path, never hidden, never long."""


def scenario_dirs() -> list[Path]:
    """Where the command line looks names up: ``CSTO_SCENARIOS``, ./scenarios, the shipped ones."""
    dirs = []
    if env := os.environ.get("CSTO_SCENARIOS"):
        dirs.append(Path(env))
    dirs.append(Path.cwd() / "scenarios")
    dirs.append(SHIPPED)
    return [d for i, d in enumerate(dirs) if d.is_dir() and d not in dirs[:i]]


def find_scenario(name: str) -> Path:
    """A scenario file from a path or a name such as ``kazakhstan-2022-01`` (command line only).

    Servers never call this with a name they were sent: they use ``ScenarioRegistry``.
    """
    candidate = Path(name)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        if not candidate.is_file():
            raise ScenarioError(candidate, [(None, "", "no such scenario file")])
        return candidate
    for directory in scenario_dirs():
        path = directory / f"{name}.yaml"
        if path.is_file():
            return path
    known = sorted(p.stem for d in scenario_dirs() for p in d.glob("*.yaml"))
    raise ScenarioError(name, [(None, "", f"no scenario called {name!r}; known: {', '.join(known) or 'none'}")])


def list_scenarios(historical: bool | None = None) -> list[Scenario]:
    """Every scenario in the first scenario directory, optionally only the (non-)historical ones."""
    dirs = scenario_dirs()
    if not dirs:
        return []
    found = [load_scenario(p) for p in sorted(dirs[0].glob("*.yaml"))]
    if historical is None:
        return found
    return [s for s in found if s.historical == historical]


class UnknownScenarioError(SimulationError):
    """A name that is not in the registry (or could not be one); the message lists the known names."""


class ScenarioRegistry:
    """Scenarios by name, read once: the shipped ones and, optionally, one folder the operator chose.

    This is the only way a server turns a name it was sent into a scenario: the name is looked up
    in a dictionary built when the server started, so no request can make it open a file.
    """

    def __init__(self, extra: Path | None = None):
        self.folders = [SHIPPED] + ([extra] if extra is not None else [])
        self._by_name: dict[str, Scenario] = {}
        for folder in self.folders:
            if not folder.is_dir():
                raise ScenarioError(folder, [(None, "", "the scenarios folder does not exist")])
            for path in sorted(folder.glob("*.yaml")):
                if not SCENARIO_NAME.fullmatch(path.stem):
                    problem = "a scenario file name must be lower-case letters, digits, - or _"
                    raise ScenarioError(path, [(None, "", problem)])
                if path.stem in self._by_name:
                    raise ScenarioError(path, [(None, "", f"a scenario called {path.stem!r} is already shipped")])
                self._by_name[path.stem] = load_scenario(path)

    def names(self) -> list[str]:
        return sorted(self._by_name)

    def get(self, name: str) -> Scenario:
        """The scenario called ``name``; anything else (a path, an unknown name) is UnknownScenarioError."""
        scenario = self._by_name.get(name) if SCENARIO_NAME.fullmatch(name) else None
        if scenario is None:
            shown = repr(name) if SCENARIO_NAME.fullmatch(name) else "by that name (names are lower-case slugs)"
            raise UnknownScenarioError(f"no scenario {shown}; known: {', '.join(self.names())}")
        return scenario

    def all(self, historical: bool | None = None) -> list[Scenario]:
        found = [self._by_name[n] for n in self.names()]
        return found if historical is None else [s for s in found if s.historical == historical]
