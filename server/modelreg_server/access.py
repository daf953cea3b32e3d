"""Who a caller is and what its roles let it do; API tokens and how they are checked.

Roles are ranked: each includes the ones below it. A binding grants a role on the models whose id
matches a glob (`*` is every model); the effective role on a model is the highest binding that
matches. Tokens are `mrt_{id}_{secret}`: the id is public (lists, audit), the secret is 256 random
bits of which the server keeps only the sha256, so a stolen database yields no usable token.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from . import patterns
from .errors import InvalidArgument, PermissionDenied, Unauthenticated

VIEWER, EDITOR, MAINTAINER, ADMIN = 1, 2, 3, 4
ROLES = {"viewer": VIEWER, "editor": EDITOR, "maintainer": MAINTAINER, "admin": ADMIN}
ROLE_NAMES = {rank: name for name, rank in ROLES.items()}
KINDS = ("user", "service_account")
ALL_MODELS = "*"
PATTERN_RE = patterns.PATTERN_RE  # the one pattern rule (patterns.py)
TOKEN_RE = re.compile(r"mrt_([0-9a-f]{12})_([A-Za-z0-9_-]{43})")
TOKEN_ID_RE = re.compile(r"[0-9a-f]{12}")


@dataclass(frozen=True)
class Binding:
    id: int
    role: int
    model_pattern: str


@dataclass(frozen=True)
class Caller:
    """The principal behind a call, with the role bindings it had when the call began (a long
    stream refreshes it: Governance.refresh)."""

    name: str
    bindings: tuple = ()
    unrestricted: bool = False  # the server runs without authentication
    token_id: str = ""
    expire_time: int = 0  # of the token, in microseconds; 0: never

    @classmethod
    def local(cls) -> "Caller":
        return cls(name="", unrestricted=True)

    def role_on(self, model: str) -> int:
        if self.unrestricted:
            return ADMIN
        return max((b.role for b in self.bindings if patterns.matches(model, b.model_pattern)), default=0)

    def global_role(self) -> int:
        if self.unrestricted:
            return ADMIN
        return max((b.role for b in self.bindings if b.model_pattern == ALL_MODELS), default=0)

    def may(self, role: int, model: str) -> bool:
        return self.role_on(model) >= role

    def may_read(self, model: str) -> bool:
        """Governance events (model "") are for global admins only."""
        return self.may(VIEWER, model) if model else self.global_role() >= ADMIN

    def require(self, role: int, model: str, *, action: str) -> None:
        if not self.may(role, model):
            raise PermissionDenied(
                "ROLE_REQUIRED", f"{self._who()} may not {action} on model {model!r}: needs {ROLE_NAMES[role]}",
                required_role=ROLE_NAMES[role], model=model)

    def require_global(self, role: int, *, action: str) -> None:
        if self.global_role() < role:
            raise PermissionDenied("ROLE_REQUIRED", f"{self._who()} may not {action}: needs {ROLE_NAMES[role]} "
                                   "on all models", required_role=ROLE_NAMES[role], model="")

    def require_somewhere(self, role: int, *, action: str) -> None:
        """Content-addressed chunks belong to no model: anyone who may push somewhere may upload."""
        if not self.unrestricted and not any(b.role >= role for b in self.bindings):
            raise PermissionDenied("ROLE_REQUIRED", f"{self._who()} may not {action}: needs {ROLE_NAMES[role]} "
                                   "on some model", required_role=ROLE_NAMES[role], model="")

    def _who(self) -> str:
        return f"principal {self.name!r}" if self.name else "this caller"


def require_watchable(caller: Caller, models: list[str]) -> None:
    """A Watch needs viewer on every model it filters on; an unfiltered one needs viewer on some
    model. Checked when the watch opens and again whenever its caller is refreshed."""
    for model in models:
        caller.require(VIEWER, model, action="watch")
    if not models:
        caller.require_somewhere(VIEWER, action="watch events")


def require_protected_ok(caller: Caller, model: str, alias: str) -> None:
    """A protected alias moves only by maintainers (and admins)."""
    if not caller.may(MAINTAINER, model):
        raise PermissionDenied(
            "ALIAS_PROTECTED", f"{model}:{alias} is protected: only maintainers may set or remove it",
            model=model, alias=alias, required_role="maintainer")


def pattern(value: str) -> str:
    value = value or ALL_MODELS
    if not PATTERN_RE.fullmatch(value):
        raise InvalidArgument("INVALID_PATTERN", f"invalid pattern {value[:140]!r}: {patterns.HELP}")
    return value


def matches(value: str, glob: str) -> bool:
    return patterns.matches(value, glob)


def role(value: str) -> int:
    if value not in ROLES:
        raise InvalidArgument("INVALID_ROLE", f"unknown role {value!r}: use one of {', '.join(ROLES)}")
    return ROLES[value]


def new_token() -> tuple[str, str, str]:
    """(token id, secret hash, the bearer token to hand out once)."""
    token_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return token_id, hash_secret(secret), f"mrt_{token_id}_{secret}"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_bearer(header: str | None) -> tuple[str, str]:
    """(token id, secret) from an `authorization` metadata value. Messages never echo the token."""
    if not header:
        raise Unauthenticated("TOKEN_MISSING", "this server requires a token: send `authorization: Bearer "
                              "<token>` (modelreg --token / $MODELREG_TOKEN)")
    scheme, _, token = header.partition(" ")
    match = TOKEN_RE.fullmatch(token.strip()) if scheme.lower() == "bearer" else None
    if not match:
        raise Unauthenticated("TOKEN_MALFORMED", "the authorization header is not `Bearer mrt_<id>_<secret>`")
    return match.group(1), match.group(2)


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)
