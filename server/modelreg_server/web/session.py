"""Who a browser is: a session cookie made by signing in with an API token, and CSRF tokens.

Sessions live in this process's memory (a restart signs everyone out): the cookie holds a random
session id, never the API token. Cookies are HttpOnly and SameSite=Strict. Every POST must carry
the `csrf` form field equal to the browser's CSRF cookie (double submit), so another site cannot
forge one even where SameSite is not enforced.
"""

import hmac
import secrets
from dataclasses import dataclass

SESSION_COOKIE = "modelreg_session"
CSRF_COOKIE = "modelreg_csrf"


@dataclass
class Session:
    authorization: str  # the `Bearer mrt_...` value governance.authenticate checks on every request


class Sessions:
    def __init__(self):
        self._by_id: dict[str, Session] = {}

    def create(self, token: str) -> str:
        session_id = secrets.token_urlsafe(32)
        self._by_id[session_id] = Session(authorization=f"Bearer {token.strip()}")
        return session_id

    def get(self, session_id: str | None) -> Session | None:
        return self._by_id.get(session_id) if session_id else None

    def end(self, session_id: str | None) -> None:
        self._by_id.pop(session_id or "", None)


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


def csrf_ok(cookie: str | None, given: str | None) -> bool:
    return bool(cookie) and bool(given) and hmac.compare_digest(cookie, given)


def set_cookie(response, name: str, value: str, *, secure: bool) -> None:
    response.set_cookie(name, value, httponly=True, samesite="Strict", secure=secure, path="/")
