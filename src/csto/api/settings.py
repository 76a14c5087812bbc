"""What an operator can set about a server: hosts, CORS, bounds on heavy work, timeouts.

``csto serve`` turns its options into environment variables before the workers start, and each
worker reads them back with ``ServerSettings.from_environment``; tests build settings directly.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
PREFIX = "CSTO_SERVER_"


@dataclass(frozen=True)
class ServerSettings:
    """Every bound of the server in one place; the defaults suit a server on loopback."""

    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    """Host header values served ("*" serves any; ``*.example.org`` a domain's subdomains)."""
    cors_origins: tuple[str, ...] = ("*",)
    """Origins allowed to read ``/api`` with GET from a browser; empty turns CORS off."""
    scenarios_dir: Path | None = None
    """A folder of extra scenarios, read once at start; requests name scenarios, never files."""
    heavy_workers: int = 1
    """Processes that run simulations, backtests and rule checks (one job each at a time)."""
    heavy_queue: int = 4
    """Jobs that may wait for a worker; more are refused with 503 and Retry-After."""
    heavy_memory_mb: int = 1536
    """Memory a heavy-work process may allocate (RLIMIT_DATA); a job past it fails alone."""
    heavy_timeout_s: float = 120.0
    start_workers: bool = False
    """Start the heavy-work processes when the server starts (``csto serve``), not on first use."""
    anonymous_max_runs: int = 20_000
    token_max_runs: int = 200_000
    anonymous_jobs_per_minute: int = 12
    """Heavy jobs an anonymous client (by address) may start per minute; cached answers are free."""
    result_cache_size: int = 64
    header_timeout_s: float = 10.0
    """A connection must finish sending a request's headers within this time, or it is closed."""
    keep_alive_s: float = 5.0
    max_connections: int = 512
    """Concurrent connections and requests; past it new ones get 503."""
    session_hours: float = 8.0
    session_secret: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    """Signs review sessions; ``csto serve`` shares one secret between its workers."""

    def with_changes(self, **changes: Any) -> ServerSettings:
        return replace(self, **changes)

    def to_environment(self) -> dict[str, str]:
        """These settings as environment variables, for worker processes."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            out[PREFIX + f.name.upper()] = ",".join(value) if isinstance(value, tuple) else str(value)
        return out

    @classmethod
    def from_environment(cls, environ: dict[str, str] | None = None) -> ServerSettings:
        """Settings from ``CSTO_SERVER_*`` variables; the rest keep their defaults."""
        environ = dict(os.environ) if environ is None else environ
        base = cls()
        changes: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(PREFIX + f.name.upper())
            if raw is None:
                continue
            current = getattr(base, f.name)
            if isinstance(current, tuple):
                changes[f.name] = tuple(p.strip() for p in raw.split(",") if p.strip())
            elif f.name == "scenarios_dir":
                changes[f.name] = Path(raw)
            elif isinstance(current, bool):
                changes[f.name] = raw.lower() in ("1", "true", "yes")
            elif isinstance(current, int):
                changes[f.name] = int(raw)
            elif isinstance(current, float):
                changes[f.name] = float(raw)
            else:
                changes[f.name] = raw
        if environ.get("CSTO_SCENARIOS") and "scenarios_dir" not in changes:
            changes["scenarios_dir"] = Path(environ["CSTO_SCENARIOS"])
        return replace(base, **changes)
