"""The simulator's parameters: YAML data, each value with a rationale and sources, editable by the user.

Two files ship in ``sim/data``: ``stances.yaml`` (the stance model: coefficients, crisis kinds,
measures, dated features of each member and dated ties and tensions between states) and
``operations.yaml`` (decision times, readiness, airlift, transit permissions, mission length, the
transit geography). ``load_parameters`` validates both; a user may pass their own copies, and
``with_overrides`` sets any value by its dotted path (what ``csto sweep`` varies). A reform's effect
on the simulator is not here: it lives in the reform's own file (``csto.rules``, ``simulation:``).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from csto.dataset.yamlio import YamlProblem, read_yaml
from csto.model import Source
from csto.periods import DateError, Period
from csto.sim.errors import ParameterError
from csto.sim.scenario import Basis, CrisisKind, InternalForm, Measure, RelationLevel

DATA = Path(__file__).parent / "data"
STANCES_FILE = DATA / "stances.yaml"
OPERATIONS_FILE = DATA / "operations.yaml"

Rationale = Annotated[str, Field(min_length=20)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class _Cited(_Strict):
    """Every parameter says why it has its value and where that comes from (unless overridden)."""

    rationale: Rationale
    sources: list[str] = Field(default_factory=list)
    override: bool = False

    @model_validator(mode="after")
    def _has_sources(self) -> _Cited:
        if not self.override and not self.sources:
            raise ValueError("a parameter needs at least one source (or `override: true`)")
        return self


class Value(_Cited):
    value: float = Field(allow_inf_nan=False)


class Share(Value):
    """A probability or a share: between 0 and 1."""

    value: float = Field(ge=0, le=1, allow_inf_nan=False)


class NonNegative(Value):
    """A width, a duration or a distance: 0 or more."""

    value: float = Field(ge=0, allow_inf_nan=False)


class Positive(Value):
    """A speed or a rate: more than 0."""

    value: float = Field(gt=0, allow_inf_nan=False)


class Lognormal(_Cited):
    """A positive quantity drawn around ``median`` with log-scale spread ``sigma``."""

    median: float = Field(gt=0, allow_inf_nan=False)
    sigma: float = Field(ge=0, le=3, allow_inf_nan=False)


class Dated(_Cited):
    """A value that holds over an inclusive, possibly open period of partial dates."""

    value: float = Field(allow_inf_nan=False)
    valid_from: str | None = None
    valid_to: str | None = None

    @model_validator(mode="after")
    def _period(self) -> Dated:
        try:
            Period.parse(self.valid_from, self.valid_to)
        except DateError as error:
            raise ValueError(str(error)) from None
        return self

    def holds_on(self, day: date) -> bool:
        return Period.parse(self.valid_from, self.valid_to).possibly_contains(day)


class DatedShare(Dated):
    """A feature, tie, tension or transit permission: a number in [0, 1], dated."""

    value: float = Field(ge=0, le=1, allow_inf_nan=False)


class Dyad(DatedShare):
    """A symmetric relation between two states (ties, tension), dated."""

    a: str
    b: str


def dated_value(entries: Sequence[Dated], day: date, default: float | None = None) -> float | None:
    """The value in force on ``day``; where periods overlap, the one that started last wins."""
    matching = [e for e in entries if e.holds_on(day)]
    if not matching:
        return default
    return max(matching, key=lambda e: Period.parse(e.valid_from, e.valid_to).earliest).value


class KindParams(_Strict):
    effect: Value


class StateFeatures(_Strict):
    alignment: list[DatedShare] = Field(default_factory=list)
    domestic_constraints: list[DatedShare] = Field(default_factory=list)


class Dyads(_Strict):
    ties: list[Dyad] = Field(default_factory=list)
    tension: list[Dyad] = Field(default_factory=list)


class Coefficients(_Strict):
    base: Value
    alignment: Value
    ties_to_adversary: Value
    tension_with_requester: Value
    domestic_constraints: Value
    party_to_conflict: Value
    severity: Value
    stay_out_band: NonNegative


class RequestParams(_Strict):
    """The request stage (``csto.sim.request``): logit coefficients and three shares."""

    base: Value
    severity: Value
    requester_is_russia: Value
    outside_territory: Value
    internal_unrest: Value
    outside_interference: Value
    member_aggressor: Value
    allies_ties_to_adversary: Value
    tension_with_allies: Value
    bilateral_share: Share
    referral: Share
    own_initiative: Share


class Tie(Value):
    """A tie as a number on the ties scale, from -1 (at war) to 1 (the closest alliance)."""

    value: float = Field(ge=-1, le=1, allow_inf_nan=False)


class InternalParams(_Strict):
    """Internal crises: the effect of each form and of the requester's claim of outside interference."""

    forms: dict[InternalForm, KindParams]
    interference_claim: Value

    @field_validator("forms")
    @classmethod
    def _every_form(cls, value: dict[Any, Any]) -> dict[Any, Any]:
        missing = sorted(str(k) for k in set(InternalForm) - set(value))
        if missing:
            raise ValueError(f"missing entries: {missing}")
        return value


class StanceParams(_Strict):
    sources: list[Source] = Field(default_factory=list)
    model: Coefficients
    request: RequestParams | None = None
    kinds: dict[CrisisKind, KindParams]
    internal: InternalParams | None = None
    relations: dict[RelationLevel, Tie] = Field(default_factory=dict)

    @field_validator("relations")
    @classmethod
    def _every_level(cls, value: dict[Any, Any]) -> dict[Any, Any]:
        missing = sorted(str(k) for k in set(RelationLevel) - set(value))
        if value and missing:
            raise ValueError(f"missing entries: {missing}")
        return value

    measures: dict[Measure, Value]
    states: dict[str, StateFeatures] = Field(default_factory=dict)
    dyads: Dyads = Field(default_factory=Dyads)
    defaults: dict[str, Share] = Field(default_factory=dict)

    @field_validator("kinds", "measures")
    @classmethod
    def _complete(cls, value: dict[Any, Any], info: Any) -> dict[Any, Any]:
        expected = set(CrisisKind) if info.field_name == "kinds" else set(Measure)
        missing = sorted(str(k) for k in expected - set(value))
        if missing:
            raise ValueError(f"missing entries: {missing}")
        return value


class Airlift(_Strict):
    speed_kmh: Positive
    ground_hours: NonNegative
    throughput_per_hour: Positive


class Land(_Strict):
    speed_kmh: Positive
    circuity: Positive
    max_km: NonNegative


class Permission(_Strict):
    hours: NonNegative
    member_transit_hours: NonNegative
    default: Share
    states: dict[str, list[DatedShare]] = Field(default_factory=dict)


class Node(_Strict):
    """A territory or sea in the transit graph: its main point, and where routes cross it."""

    point: tuple[float, float]
    transit: tuple[float, float] | None = None
    origin: tuple[float, float] | None = None
    sea: bool = False


class Geography(_Cited):
    nodes: dict[str, Node]
    land_borders: list[tuple[str, str]]
    sea_access: list[tuple[str, str]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_nodes(self) -> Geography:
        for a, b in [*self.land_borders, *self.sea_access]:
            for name in (a, b):
                if name not in self.nodes:
                    raise ValueError(f"border {a}–{b} names unknown node {name!r}")
        return self


class ForcesForBasis(_Cited):
    forces: dict[Basis, list[str]]


class OperationParams(_Strict):
    sources: list[Source] = Field(default_factory=list)
    decision_hours: dict[str, Lognormal]
    readiness_hours: dict[str, Lognormal]
    commitment: dict[str, Value]
    airlift: Airlift
    land: Land
    permission: Permission
    mission_days: dict[CrisisKind, Lognormal]
    withdrawal_days: Lognormal
    forces_for_basis: ForcesForBasis
    geography: Geography

    @model_validator(mode="before")
    @classmethod
    def _no_reforms_here(cls, data: Any) -> Any:
        if isinstance(data, dict) and "reforms" in data:
            raise ValueError(
                "reform effects are no longer set in operations.yaml: put them under `simulation:` in the "
                "reform's own file, src/csto/rules/reforms/NAME.yaml"
            )
        return data

    @model_validator(mode="after")
    def _defaults_present(self) -> OperationParams:
        for name in ("decision_hours", "readiness_hours"):
            if "default" not in getattr(self, name):
                raise ValueError(f"{name} needs a `default` entry")
        for key in ("concentration", *(f"severity_{i}" for i in range(1, 6))):
            if key not in self.commitment:
                raise ValueError(f"commitment needs `{key}`")
        for key, item in self.commitment.items():
            if key == "concentration" and item.value <= 0:
                raise ValueError(f"commitment.concentration must be more than 0, not {item.value}")
            if key != "concentration" and not 0 <= item.value <= 1:
                raise ValueError(f"commitment.{key} is a share: between 0 and 1, not {item.value}")
        return self


class Parameters(_Strict):
    """Both parameter files, validated together (every cited source must be defined)."""

    stances: StanceParams
    operations: OperationParams

    @model_validator(mode="after")
    def _sources_resolve(self) -> Parameters:
        known = {s.id for s in [*self.stances.sources, *self.operations.sources]}
        missing = sorted({ref for _, item in _cited_items(self) for ref in item.sources} - known)
        if missing:
            raise ValueError(f"parameters cite undefined sources: {missing}")
        return self

    def source(self, source_id: str) -> Source:
        for item in [*self.stances.sources, *self.operations.sources]:
            if item.id == source_id:
                return item
        raise KeyError(source_id)

    def cited(self) -> list[tuple[str, _Cited]]:
        """Every parameter with its dotted path, for documentation and checks."""
        return list(_cited_items(self))


def _cited_items(model: BaseModel, prefix: str = "") -> Any:
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        yield from _walk(value, path)


def _walk(value: Any, path: str) -> Any:
    if isinstance(value, _Cited):
        yield path, value
    if isinstance(value, BaseModel):
        yield from _cited_items(value, f"{path}.")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


def _read(path: Path) -> dict[str, Any]:
    try:
        doc = read_yaml(path)
    except YamlProblem as error:
        raise ParameterError(str(error)) from None
    if not isinstance(doc.data, dict):
        raise ParameterError(f"{path}: a parameter file must be a mapping")
    return doc.data


def _validate(raw: dict[str, Any], where: str) -> Parameters:
    try:
        return Parameters.model_validate(raw)
    except ValidationError as error:
        lines = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()[:20]]
        head = f"invalid parameters ({where}):" + ("\n" if len(lines) > 1 else " ")
        raise ParameterError(head + "\n".join(lines)) from None


def load_parameters(stances: Path | None = None, operations: Path | None = None) -> Parameters:
    """Load and validate the parameter files (the shipped ones by default)."""
    stances = stances or STANCES_FILE
    operations = operations or OPERATIONS_FILE
    raw = {"stances": _read(stances), "operations": _read(operations)}
    return _validate(raw, f"{stances}, {operations}")


def parse_assignment(text: str) -> tuple[str, float]:
    """``PATH=VALUE`` as given on the command line."""
    path, sep, value = text.partition("=")
    if not sep or not path.strip():
        raise ParameterError(f"{text!r}: expected PATH=VALUE, e.g. stances.model.ties_to_adversary=3")
    try:
        return path.strip(), float(value)
    except ValueError:
        raise ParameterError(f"{text!r}: {value!r} is not a number") from None


def with_overrides(params: Parameters, overrides: dict[str, float]) -> Parameters:
    """A copy of ``params`` with values set by dotted path.

    Paths end at a parameter (``stances.model.ties_to_adversary``), a field of one
    (``operations.decision_hours.default.median``), a dated series, which becomes one open value
    (``stances.states.russia.alignment``), or a dyad (``stances.dyads.ties.russia.azerbaijan``).
    """
    if not overrides:
        return params
    raw = params.model_dump(mode="json")
    for path, value in overrides.items():
        _set(raw, path, value)
    return _validate(raw, "overrides " + ", ".join(overrides))


_OVERRIDE = {"rationale": "Set by the user for this run (override).", "sources": [], "override": True}


def _set(raw: dict[str, Any], path: str, value: float) -> None:
    parts = path.split(".")
    node: Any = raw
    for index, part in enumerate(parts):
        if isinstance(node, list) and index > 0 and parts[index - 1] in ("ties", "tension"):
            _set_dyad(node, parts[index:], value, path, _known_states(raw))
            return
        if not isinstance(node, dict) or part not in node:
            options = sorted(node) if isinstance(node, dict) else []
            raise ParameterError(f"unknown parameter {path!r} at {part!r}; options: {options[:30]}")
        if index == len(parts) - 1:
            target = node[part]
            if isinstance(target, dict) and "value" in target:
                node[part] = {**target, "value": value, **_OVERRIDE}
            elif isinstance(target, list) and (not target or (isinstance(target[0], dict) and "value" in target[0])):
                node[part] = [{"value": value, **_OVERRIDE}]
            elif isinstance(target, int | float) and not isinstance(target, bool):
                node.update(_OVERRIDE)
                node[part] = value
            else:
                raise ParameterError(f"{path!r} is not a numeric parameter")
            return
        node = node[part]
    raise ParameterError(f"unknown parameter {path!r}")


def _known_states(raw: dict[str, Any]) -> set[str]:
    """The states the parameters know: members with features and the territories of the transit graph."""
    nodes = raw.get("operations", {}).get("geography", {}).get("nodes", {})
    return {name for name, node in nodes.items() if not node.get("sea")} | set(raw.get("stances", {}).get("states", {}))


def _set_dyad(entries: list[dict[str, Any]], rest: list[str], value: float, path: str, known: set[str]) -> None:
    if len(rest) != 2:
        raise ParameterError(f"{path!r}: a dyad is named by two states, e.g. ...ties.russia.azerbaijan")
    a, b = rest
    for name in (a, b):
        if name not in known:
            raise ParameterError(f"{path!r}: unknown state {name!r}; known: {sorted(known)}")
    if a == b:
        raise ParameterError(f"{path!r}: a dyad needs two different states")
    kept = [e for e in entries if {e["a"], e["b"]} != {a, b}]
    kept.append({"a": a, "b": b, "value": value, **_OVERRIDE})
    entries[:] = copy.deepcopy(kept)
