"""The rule set: an immutable collection of instruments and provisions, queried by date."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from csto.model import Source
from csto.rules.errors import OutOfForceError, UnknownProvisionError
from csto.rules.records import Instrument, Provision, Version, span_text, to_plain


@dataclass(frozen=True)
class RuleSet:
    """Instruments and provisions; a reform (``csto.rules.reforms.apply_reform``, ``compose``) builds a new one."""

    name: str
    instruments: Mapping[str, Instrument]
    provisions: Mapping[str, Provision]
    sources: Mapping[str, Source]
    reforms: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "instruments", MappingProxyType(dict(self.instruments)))
        object.__setattr__(self, "provisions", MappingProxyType(dict(self.provisions)))
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))

    # -- lookups ---------------------------------------------------------------------------

    def provision(self, pid: str) -> Provision:
        try:
            return self.provisions[pid]
        except KeyError:
            raise UnknownProvisionError(pid, self.provisions) from None

    def version(self, pid: str, at: date) -> Version:
        """The text of ``pid`` in force on ``at``, or ``OutOfForceError`` naming when it was in force."""
        provision = self.provision(pid)
        version = provision.at(at)
        if version is None:
            spans = "; ".join(v.period for v in provision.versions)
            raise OutOfForceError(f"provision {pid!r}", at, spans)
        return version

    def instrument(self, iid: str) -> Instrument:
        try:
            return self.instruments[iid]
        except KeyError:
            raise UnknownProvisionError(iid, self.instruments) from None

    @property
    def earliest(self) -> date:
        return min(i.in_force_from for i in self.instruments.values())

    def check_date(self, at: date) -> None:
        """Refuse a date on which no instrument of the rule set was in force."""
        if not any(i.in_force(at) for i in self.instruments.values()):
            first = min(self.instruments.values(), key=lambda i: i.in_force_from)
            raise OutOfForceError(
                "the rule set",
                at,
                f"from {first.in_force_from}",
                f"no instrument was in force on {at.isoformat()}: the first, the {first.name}, "
                f"entered into force on {first.in_force_from.isoformat()}",
            )

    def in_force(self, at: date) -> list[tuple[Provision, Version]]:
        """Every provision in force on ``at`` with its version, in engine order."""
        found = [(p, v) for p in self.provisions.values() if (v := p.at(at)) is not None]
        return sorted(found, key=lambda pv: (pv[1].stage, pv[1].order, pv[0].id))

    def procedure(self, kind: str, at: date) -> list[tuple[Provision, Version]]:
        """The provisions that apply to a proposal of ``kind`` on ``at``, in the order the engine runs them."""
        return [(p, v) for p, v in self.in_force(at) if v.applies(kind)]

    def missing_enabler(self, kind: str, at: date) -> str | None:
        """Why ``kind`` does not exist on ``at`` (its enabling provision is not in force), or None if it does."""
        enablers = [(p, v) for p in self.provisions.values() for v in p.versions if kind in v.enables]
        if not enablers or any(v.in_force(at) for _, v in enablers):
            return None
        spans = "; ".join(
            f"{p.id} ({self.instruments[v.instrument].short} art. {v.article}) {v.period}" for p, v in enablers
        )
        return f"no provision in force on {at} provides for a {kind}: {spans}"

    def nearest_for(self, kind: str, at: date) -> str | None:
        """When nothing applies to ``kind`` on ``at``: when some provision for it was or will be in force."""
        spans = [(p.id, v) for p in self.provisions.values() for v in p.versions if v.applies(kind) and v.stage >= 30]
        if not spans:
            return None
        pid, version = min(spans, key=lambda item: abs((item[1].start - at).days))
        where = f"{self.instruments[version.instrument].short} art. {version.article}"
        return f"{pid} ({where}) is in force {span_text(version.start, version.end)}"

    # -- identity --------------------------------------------------------------------------

    def to_plain(self) -> dict[str, object]:
        return {
            "name": self.name,
            "reforms": list(self.reforms),
            "instruments": {k: to_plain(v) for k, v in sorted(self.instruments.items())},
            "provisions": {k: to_plain(v) for k, v in sorted(self.provisions.items())},
        }

    def fingerprint(self) -> str:
        """A digest of everything in the rule set; equal rule sets have equal fingerprints."""
        text = json.dumps(self.to_plain(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()
