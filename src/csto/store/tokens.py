"""API tokens for writes: created by the operator, stored only as salted hashes.

Reading is open. Every write needs ``Authorization: Bearer <token>``; with no token configured the
server is read-only. Tokens live in the store's ``api_tokens`` table, beside the data they protect.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, func, insert, select

from csto.store.schema import api_tokens

PREFIX = "csto_"


@dataclass(frozen=True)
class TokenInfo:
    name: str
    created_at: datetime


def _digest(token: str, salt: str) -> str:
    return hashlib.sha256((salt + token).encode()).hexdigest()


class TokenStore:
    """Create, list, revoke and check API tokens."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def create(self, name: str) -> str:
        """A new random token for ``name`` (replacing an older one); only its hash is kept."""
        token = PREFIX + secrets.token_urlsafe(32)
        salt = secrets.token_hex(16)
        with self.engine.begin() as conn:
            conn.execute(delete(api_tokens).where(api_tokens.c.name == name))
            conn.execute(
                insert(api_tokens).values(
                    name=name, salt=salt, digest=_digest(token, salt), created_at=datetime.now(UTC)
                )
            )
        return token

    def revoke(self, name: str) -> bool:
        with self.engine.begin() as conn:
            return conn.execute(delete(api_tokens).where(api_tokens.c.name == name)).rowcount > 0

    def list(self) -> list[TokenInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(api_tokens.c.name, api_tokens.c.created_at).order_by(api_tokens.c.name))
            return [TokenInfo(r.name, r.created_at) for r in rows]

    def created_at(self, name: str) -> datetime | None:
        """When ``name``'s current token was made (None if it has none): sessions are tied to it."""
        with self.engine.connect() as conn:
            value = conn.scalar(select(api_tokens.c.created_at).where(api_tokens.c.name == name))
        if not isinstance(value, datetime):
            return None
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    def configured(self) -> bool:
        with self.engine.connect() as conn:
            return bool(conn.scalar(select(func.count()).select_from(api_tokens)))

    def check(self, token: str) -> str | None:
        """The name of the token's owner, or None if no stored token matches."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(api_tokens.c.name, api_tokens.c.salt, api_tokens.c.digest)).all()
        for row in rows:
            if hmac.compare_digest(_digest(token, row.salt), row.digest):
                return str(row.name)
        return None
