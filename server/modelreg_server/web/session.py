"""Who a browser is: a session cookie made by signing in with an API token (or a one-time link
from `modelreg ui-login`), and CSRF tokens.

Sessions live in the metadata database (governance.py: only the sha256 of the session id is
stored), so every replica behind one address knows them and a restart signs no one out. The
cookie holds the random session id, never the API token; a session acts as the token it was made
from, so revoking that token ends it. It ends after 12 hours unused or 7 days in all. Cookies are
HttpOnly and SameSite=Strict. Every POST must carry the `csrf` form field equal to the browser's
CSRF cookie (double submit), so another site cannot forge one even where SameSite is not enforced.
"""

import hmac
import secrets

SESSION_COOKIE = "modelreg_session"
CSRF_COOKIE = "modelreg_csrf"


class Sessions:
    """The dashboard's view of governance's sessions: by the id in the browser's cookie."""

    def __init__(self, governance):
        self.governance = governance

    async def create(self, caller) -> str:
        return await self.governance.create_session(caller)

    async def caller(self, session_id: str):
        return await self.governance.session_caller(session_id)

    async def end(self, session_id: str | None) -> None:
        await self.governance.end_session(session_id or "")


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


def csrf_ok(cookie: str | None, given: str | None) -> bool:
    return bool(cookie) and bool(given) and hmac.compare_digest(cookie, given)


def set_cookie(response, name: str, value: str, *, secure: bool) -> None:
    response.set_cookie(name, value, httponly=True, samesite="Strict", secure=secure, path="/")
