"""The logic behind provisions: small functions, registered by name and referenced from YAML.

A provision version names its ``logic``; the function gets the evaluation context, the provision
id and the version (whose ``params`` it reads) and records what it found. A function may declare
a pydantic model for its parameters, checked when the YAML is loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from csto.rules.context import Context
from csto.rules.records import Version

LogicFn = Callable[[Context, str, Version], None]


class Params(BaseModel):
    """Base for parameter models: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(Params):
    pass


@dataclass(frozen=True)
class LogicSpec:
    name: str
    fn: LogicFn
    params: type[Params]
    description: str


REGISTRY: dict[str, LogicSpec] = {}

P = TypeVar("P", bound=Params)


def logic(name: str, params: type[Params] = NoParams) -> Callable[[LogicFn], LogicFn]:
    """Register ``fn`` as the logic called ``name``."""

    def register(fn: LogicFn) -> LogicFn:
        if name in REGISTRY:
            raise RuntimeError(f"logic {name!r} registered twice")
        REGISTRY[name] = LogicSpec(name, fn, params, (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else "")
        return fn

    return register


def params_of(version: Version, model: type[P]) -> P:
    """The version's parameters parsed with ``model`` (already validated at load time)."""
    from csto.rules.records import thaw

    return model.model_validate(thaw(version.params))


def check_params(logic_name: str, params: dict[str, Any]) -> None:
    """Validate parameters for ``logic_name``; raises ``KeyError`` or pydantic's ``ValidationError``."""
    REGISTRY[logic_name].params.model_validate(params)


from csto.rules.logic import forces, offices, procedure, reforms, substance  # noqa: E402  (registration side effects)

__all__ = [
    "REGISTRY",
    "LogicSpec",
    "Params",
    "check_params",
    "forces",
    "logic",
    "offices",
    "params_of",
    "procedure",
    "reforms",
    "substance",
]
