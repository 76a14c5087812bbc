"""Browser sessions for the pages that write: the API token is typed once and never seen again.

The review page trades a valid API token for a signed session cookie (HttpOnly, SameSite=Strict,
so no page script can read it and no other site can send it). Every form a page posts carries a
CSRF field bound to a second random cookie; both must match before anything is done. A session
ends when it expires, when its owner logs out, or when its token is revoked or replaced.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response

from csto.store.tokens import TokenStore

SESSION_COOKIE = "csto_session"
CSRF_COOKIE = "csto_csrf"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _stamp(created: datetime | None) -> int:
    """A token's creation time in microseconds: a replaced token ends the sessions of the old one."""
    return round(created.timestamp() * 1_000_000) if created else 0


@dataclass(frozen=True)
class Sessions:
    """Issue and check session cookies and CSRF fields with one server secret."""

    secret: str
    hours: float
    tokens: TokenStore

    def _sign(self, text: str) -> str:
        return _b64(hmac.new(self.secret.encode(), text.encode(), hashlib.sha256).digest())

    def issue(self, owner: str) -> str:
        """A cookie value naming ``owner`` until it expires, tied to the token's creation time."""
        stamp = _stamp(self.tokens.created_at(owner))
        expires = int(time.time() + self.hours * 3600)
        body = f"{_b64(owner.encode())}.{expires}.{stamp}.{secrets.token_hex(8)}"
        return f"{body}.{self._sign(body)}"

    def owner(self, request: Request) -> str | None:
        """Whose session the request carries, or None (none, forged, expired, or token revoked)."""
        value = request.cookies.get(SESSION_COOKIE)
        if not value or value.count(".") != 4:
            return None
        body, signature = value.rsplit(".", 1)
        if not hmac.compare_digest(signature, self._sign(body)):
            return None
        name_part, expires, stamp, _ = body.split(".")
        if not expires.isdigit() or int(expires) < time.time():
            return None
        try:
            owner = _unb64(name_part).decode()
        except (ValueError, UnicodeDecodeError):
            return None
        created = self.tokens.created_at(owner)
        if created is None or str(_stamp(created)) != stamp:
            return None
        return owner

    # -- CSRF --------------------------------------------------------------------------------

    def csrf_field(self, request: Request) -> tuple[str, str | None]:
        """The value a form must post, and a new CSRF cookie to set if the browser had none."""
        cookie = request.cookies.get(CSRF_COOKIE)
        fresh = None
        if not cookie or len(cookie) != 32:
            cookie = fresh = secrets.token_hex(16)
        return self._sign("csrf:" + cookie), fresh

    def csrf_ok(self, request: Request, field: str | None) -> bool:
        """The posted field matches this browser's CSRF cookie, and the request is same-origin."""
        cookie = request.cookies.get(CSRF_COOKIE)
        if not cookie or not field or not hmac.compare_digest(field, self._sign("csrf:" + cookie)):
            return False
        origin = request.headers.get("origin")
        if origin and origin != "null":
            host = request.headers.get("host", "")
            return origin.split("://", 1)[-1] == host
        return True


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(
        name, value, max_age=max_age, httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/"
    )
