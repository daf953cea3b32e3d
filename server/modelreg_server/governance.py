"""Governance rules: authenticating callers, principals, tokens, role bindings, protected aliases
and the audit trail. Every change here is an event (model "", `subject` names the resource), so
the audit trail and Watch see governance the way they see models."""

import logging
import re
import secrets
import time
from datetime import datetime, timezone

from . import access, gates, limits, names, paging
from .access import ADMIN, Caller
from .denials import DenialLog
from .errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, Unauthenticated
from .domain import BindingRow, EVENT_TYPES, now_micros, PrincipalRow, ProtectionRow, TokenRow, WebSessionRow
from .metadata import EventLog, MetadataStore, Reader, Writer

log = logging.getLogger("modelreg.server")
MAX_DESCRIPTION = limits.GOVERNANCE_DESCRIPTION_CHARS
MAX_TTL = 10 * 365 * 86400.0
BOOTSTRAP = "@bootstrap"  # the actor of `modelreg bootstrap`; no principal can have this name
RECHECK_INTERVAL = 0.5  # a stream re-reads its caller at most this often, unless governance changed
IDLE_RECHECK = 2.0  # and at least this often while idle (changes made outside this server)


class Governance:
    def __init__(self, metadata: MetadataStore, events: EventLog, *, auth_required: bool):
        self.metadata = metadata
        self.events = events
        self.auth_required = auth_required
        self.denials = DenialLog(metadata)
        # Counts committed governance changes; bumped on the writer thread right after each commit.
        self.generation = 0
        self.dashboard_url = ""  # the web dashboard's, once it listens (app.py), for sign-in links

    async def close(self) -> None:
        """Writes the refused calls still counted in memory (at shutdown)."""
        await self.denials.close()

    # Authentication

    async def authenticate(self, authorization: str | None) -> Caller:
        """The caller behind an `authorization` metadata value; anyone when auth is off."""
        if not self.auth_required:
            return Caller.local()
        token_id, secret = access.parse_bearer(authorization)
        # Cached until anything commits (a revocation, a role change: at once), so the expiry,
        # which passes without a commit, is checked again here.
        caller = await self.metadata.cached(("caller", token_id, secret), lambda db: _caller(db, token_id, secret=secret))
        if caller.expire_time and caller.expire_time <= now_micros():
            raise Unauthenticated("TOKEN_EXPIRED", f"token {token_id} has expired", token_id=token_id)
        return caller

    async def refresh(self, caller: Caller) -> Caller:
        """The caller as its token and role bindings stand now, for a stream that outlives a change.
        Raises Unauthenticated as authenticate() would: TOKEN_REVOKED, TOKEN_EXPIRED, and
        TOKEN_INVALID once the principal is deleted (its tokens go with it)."""
        if caller.unrestricted:
            return caller
        fresh = await self.metadata.read(lambda db: _caller(db, caller.token_id))
        if fresh.name != caller.name:
            raise Unauthenticated("TOKEN_INVALID", "the token is not valid")
        return fresh

    def stream_caller(self, caller: Caller, check) -> "StreamCaller":
        """Keeps the caller of a long stream current; check(caller) is the rule the stream needs."""
        return StreamCaller(self, caller, check)

    def record_denial(self, *, caller: Caller | None, method: str, code: str, reason: str, message: str,
                      model: str = "", peer: str = "") -> None:
        """Refused calls are part of the audit trail, counted in memory and written within about a
        second (denials.py). Recording must never turn a refusal into a crash."""
        actor = caller.name if caller else ""
        try:
            self.denials.record(actor=actor, source=actor or peer, method=method, model=model, code=code,
                                reason=reason, message=message)
        except Exception:
            log.exception("could not record a refused call to %s", method)

    async def _change(self, fn):
        """A governance write. `generation` moves on the writer thread after the commit and before
        any later transaction, so a stream that read an event committed after this change and then
        compares generations cannot miss it."""
        def bump():
            self.generation += 1

        def run(tx: Writer):
            tx.on_commit(bump)
            return fn(tx)
        return await self.metadata.transact(run)

    def changed_in(self, tx: Writer) -> None:
        """A governance change made inside another rule's transaction (a monitor's service
        account): bumps `generation` after its commit, as _change does."""
        def bump():
            self.generation += 1
        tx.on_commit(bump)

    async def caller_bindings(self, caller: Caller) -> list[BindingRow]:
        if caller.unrestricted:
            return []
        return await self.metadata.read(lambda db: db.bindings(caller.name))

    async def get_principal(self, caller: Caller) -> PrincipalRow | None:
        if caller.unrestricted:
            return None
        return await self.metadata.read(lambda db: db.principal(caller.name))

    # Principals

    async def create_principal(self, principal_id: str, *, kind: str, description: str, caller: Caller) -> PrincipalRow:
        caller.require_global(ADMIN, action="create principals")
        principal_id = _principal_id(principal_id)
        kind = kind or "user"
        if kind not in access.KINDS:
            raise InvalidArgument("INVALID_KIND", f"kind must be one of {', '.join(access.KINDS)}")
        _description(description)

        def run(tx: Writer):
            if tx.principal(principal_id):
                raise AlreadyExists("PRINCIPAL_ALREADY_EXISTS", f"principal {principal_id!r} already exists",
                                    principal=principal_id)
            row = tx.insert_principal(principal_id, kind=kind, description=description)
            self.events.append(tx, type="PRINCIPAL_CREATED", model="", actor=caller.name,
                               subject=f"principals/{principal_id}", details={"kind": kind})
            return row
        return await self._change(run)

    async def list_principals(self, *, page_size: int = 0, page_token: str = "", caller: Caller) -> paging.Page:
        caller.require_global(ADMIN, action="list principals")
        limit = paging.page_size(page_size)
        after = paging.decode(page_token, {"principals": 1}, str) or ""
        rows = await self.metadata.read(lambda db: db.principals(after=after, limit=limit + 1))
        return paging.Page.of(rows, limit, key=lambda p: p.name, query={"principals": 1})

    async def delete_principal(self, name: str, *, caller: Caller) -> None:
        caller.require_global(ADMIN, action="delete principals")
        principal_id = _principal_id(name)
        if principal_id == caller.name:
            raise FailedPrecondition("SELF_DELETE", "a principal cannot delete itself")

        def run(tx: Writer):
            principal = _principal(tx, principal_id)
            if any(b.role == ADMIN and b.model_pattern == access.ALL_MODELS for b in tx.bindings(principal_id)) \
                    and tx.global_admins() == 1:
                raise FailedPrecondition("LAST_ADMIN",
                                         f"{principal_id!r} is the last global admin; grant another first")
            tx.delete_principal(principal)
            self.events.append(tx, type="PRINCIPAL_DELETED", model="", actor=caller.name,
                               subject=f"principals/{principal_id}")
        await self._change(run)

    # Tokens

    async def create_token(self, parent: str, *, description: str = "", ttl: float = 0.0,
                           caller: Caller) -> tuple[TokenRow, str]:
        caller.require_global(ADMIN, action="create tokens")
        principal_id = _principal_id(parent)
        _description(description)
        if not 0 <= ttl <= MAX_TTL:
            raise InvalidArgument("INVALID_TTL", "ttl must be between 0 (never expires) and 10 years")
        return await self._change(lambda tx: issue_token(tx, self.events, principal_id, description=description,
                                                         ttl=ttl, actor=caller.name))

    async def list_tokens(self, parent: str = "", *, page_size: int = 0, page_token: str = "",
                          caller: Caller) -> paging.Page:
        caller.require_global(ADMIN, action="list tokens")
        principal_id = _principal_id(parent) if parent else ""
        limit = paging.page_size(page_size)
        query = {"tokens": principal_id}
        before = paging.decode(page_token, query, list) or [2**62, ""]
        if len(before) != 2 or not isinstance(before[0], int) or not isinstance(before[1], str):
            raise InvalidArgument("INVALID_PAGE_TOKEN", "malformed page_token")

        def run(db: Reader):
            if principal_id:
                _principal(db, principal_id)
            return db.tokens(principal=principal_id, before=tuple(before), limit=limit + 1)
        rows = await self.metadata.read(run)
        return paging.Page.of(rows, limit, key=lambda t: [t.create_time, t.id], query=query)

    async def revoke_token(self, name: str, *, caller: Caller) -> TokenRow:
        caller.require_global(ADMIN, action="revoke tokens")
        token_id = name.rpartition("/")[2]
        if not access.TOKEN_ID_RE.fullmatch(token_id):
            raise InvalidArgument("INVALID_NAME", f"invalid token name {name[:100]!r}")

        def run(tx: Writer):
            token = tx.token(token_id)
            full_name = f"principals/{token.principal}/tokens/{token_id}" if token else ""
            if token is None or (name.startswith("principals/") and name != full_name):
                raise NotFound("TOKEN_NOT_FOUND", f"no token {token_id}", token_id=token_id)
            if not token.revoke_time:
                tx.revoke_token(token_id)
                self.events.append(tx, type="TOKEN_REVOKED", model="", actor=caller.name,
                                   subject=f"principals/{token.principal}/tokens/{token_id}")
            return tx.token(token_id)
        return await self._change(run)

    # Roles

    async def grant_role(self, principal: str, role: str, model_pattern: str = "", *, caller: Caller) -> BindingRow:
        caller.require_global(ADMIN, action="grant roles")
        principal_id = _principal_id(principal)
        rank = access.role(role)
        model_pattern = access.pattern(model_pattern)

        def run(tx: Writer):
            binding = tx.upsert_binding(_principal(tx, principal_id), rank, model_pattern)
            self.events.append(tx, type="ROLE_GRANTED", model="", actor=caller.name,
                               subject=f"roleBindings/{binding.id}",
                               details={"principal": principal_id, "role": role, "model_pattern": model_pattern})
            return binding
        return await self._change(run)

    async def revoke_role(self, name: str, *, caller: Caller) -> None:
        caller.require_global(ADMIN, action="revoke roles")
        binding_id = _numbered(name, "roleBindings/")

        def run(tx: Writer):
            binding = tx.binding(binding_id)
            if binding is None:
                raise NotFound("ROLE_BINDING_NOT_FOUND", f"no role binding {name!r}")
            if binding.role == ADMIN and binding.model_pattern == access.ALL_MODELS and tx.global_admins() == 1:
                raise FailedPrecondition("LAST_ADMIN", "this is the last global admin binding; grant another first")
            tx.delete_binding(binding_id)
            self.events.append(tx, type="ROLE_REVOKED", model="", actor=caller.name,
                               subject=f"roleBindings/{binding_id}",
                               details={"principal": binding.principal, "role": access.ROLE_NAMES[binding.role],
                                        "model_pattern": binding.model_pattern})
        await self._change(run)

    async def list_bindings(self, principal: str = "", *, caller: Caller) -> list[BindingRow]:
        caller.require_global(ADMIN, action="list role bindings")
        principal_id = _principal_id(principal) if principal else ""

        def run(db: Reader):
            if principal_id:
                _principal(db, principal_id)
            return db.bindings(principal_id)
        return await self.metadata.read(run)

    # Protected aliases

    async def protect_alias(self, model_pattern: str, alias_pattern: str, *, requirement: str | None = None,
                            caller: Caller) -> ProtectionRow:
        """requirement: the rule's promotion gate (gates.py), a filter over versions; '' for none;
        None keeps an existing rule's (a new rule has none). Protecting what is already protected
        replaces the rule's requirement when one is given."""
        caller.require_global(ADMIN, action="protect aliases")
        given = None if requirement is None else gates.validate(requirement)
        model_pattern = access.pattern(model_pattern)
        if not alias_pattern or not access.PATTERN_RE.fullmatch(alias_pattern) or alias_pattern == access.ALL_MODELS:
            raise InvalidArgument("INVALID_PATTERN", f"invalid alias pattern {alias_pattern[:80]!r}")
        if access.matches(names.LATEST, alias_pattern):
            raise InvalidArgument("RESERVED_ALIAS", f"{alias_pattern!r} matches `latest`, which the server moves")

        def run(tx: Writer):
            existing = {(p.model_pattern, p.alias_pattern): p.requirement for p in tx.protections()}
            before = existing.get((model_pattern, alias_pattern))
            requirement = (before or "") if given is None else given
            row = tx.insert_protection(model_pattern, alias_pattern, requirement)
            if before != requirement:
                details = {"model_pattern": model_pattern, "alias_pattern": alias_pattern}
                if requirement:
                    details["require"] = requirement
                self.events.append(tx, type="ALIAS_PROTECTED", model="", actor=caller.name,
                                   subject=f"protectedAliases/{row.id}", details=details)
            return row
        return await self._change(run)

    async def list_protections(self, *, caller: Caller) -> list[ProtectionRow]:
        caller.require_global(ADMIN, action="list protected aliases")
        return await self.metadata.read(lambda db: db.protections())

    async def unprotect_alias(self, name: str, *, caller: Caller) -> None:
        caller.require_global(ADMIN, action="remove alias protection")
        protection_id = _numbered(name, "protectedAliases/")

        def run(tx: Writer):
            row = next((p for p in tx.protections() if p.id == protection_id), None)
            if row is None:
                raise NotFound("PROTECTED_ALIAS_NOT_FOUND", f"no protection rule {name!r}")
            tx.delete_protection(protection_id)
            self.events.append(tx, type="ALIAS_UNPROTECTED", model="", actor=caller.name,
                               subject=f"protectedAliases/{protection_id}",
                               details={"model_pattern": row.model_pattern, "alias_pattern": row.alias_pattern})
        await self._change(run)

    # Audit

    async def audit(self, *, page_size: int = 0, page_token: str = "", actor: str = "", model: str = "",
                    event_types: list[str] = (), allowed: bool = True, denied: bool = True, start_time: int = 0,
                    end_time: int = 0, caller: Caller) -> paging.Page:
        caller.require_global(ADMIN, action="read the audit trail")
        await self.denials.flush()  # a refusal shows at once, not only after the next flush
        limit = paging.page_size(page_size)
        if model:
            model = names.model_id(model)
        if len(actor) > limits.ACTOR_CHARS:
            raise InvalidArgument("INVALID_ACTOR", f"actor is at most {limits.ACTOR_CHARS} characters",
                                  limit=limits.ACTOR_CHARS)
        names.count(event_types, limits.FILTER_VALUES, "TOO_MANY_FILTERS", "event types")
        for t in event_types:
            if t not in EVENT_TYPES:
                raise InvalidArgument("INVALID_EVENT_TYPE", f"unknown event type {t!r}")
        end_time = end_time or 2**62
        if start_time < 0 or end_time <= start_time:
            raise InvalidArgument("INVALID_TIME_RANGE", "start_time must be before end_time")
        query = {"audit": [actor, model, sorted(event_types), allowed, denied, start_time, end_time]}
        before = paging.decode(page_token, query, list) or [2**62, 2, 0]
        if len(before) != 3 or not all(isinstance(k, int) for k in before):
            raise InvalidArgument("INVALID_PAGE_TOKEN", "malformed page_token")
        rows = await self.metadata.read(lambda db: db.audit(
            before=tuple(before), limit=limit + 1, actor=actor, model=model, types=list(event_types),
            allowed=allowed, denied=denied, start=start_time, end=end_time))
        return paging.Page.of(rows, limit, key=_audit_key, query=query)

    async def bootstrap(self, name: str) -> tuple[TokenRow, str]:
        """`modelreg bootstrap` run by this server for its operator, who reached it over the data
        directory's socket (operator.py): the first admin and its token, in one transaction."""
        return await self.metadata.transact(lambda tx: bootstrap_admin(tx, self.events, name))

    # Dashboard sessions and one-time sign-in links (issue 13)

    async def create_session(self, caller: Caller) -> str:
        """A dashboard session acting as the caller's token (checked by the caller's own call):
        the secret for the browser's cookie. Ends after SESSION_IDLE unused, SESSION_MAX in all,
        or when its token is revoked or expires or its principal is deleted."""
        secret = secrets.token_urlsafe(32)
        now = now_micros()
        row = WebSessionRow(id_hash=access.hash_secret(secret), kind=SESSION, token_id=caller.token_id,
                            create_time=now, expire_time=now + int(SESSION_IDLE * 1e6))

        def run(tx: Writer):
            tx.delete_web_sessions(expired_before=now)  # bounded: the expired rows since the last sign-in
            tx.insert_web_session(row)
        await self.metadata.transact(run)
        return secret

    async def session_caller(self, secret: str) -> Caller:
        """The caller of a dashboard session, its token and roles as they are now. Moves the idle
        deadline on at most every SESSION_TOUCH, so page loads are reads."""
        now = now_micros()

        def run(db: Reader):
            row = db.web_session(access.hash_secret(secret)) if SECRET_RE.fullmatch(secret) else None
            if row is None or row.kind != SESSION:
                raise Unauthenticated("SESSION_INVALID", "this dashboard session is not known: sign in again")
            if row.expire_time <= now or row.create_time + int(SESSION_MAX * 1e6) <= now:
                raise Unauthenticated("SESSION_EXPIRED", "this dashboard session has ended: sign in again")
            return row, _caller(db, row.token_id)
        row, caller = await self.metadata.read(run)
        if row.expire_time - now < int((SESSION_IDLE - SESSION_TOUCH) * 1e6):
            await self.metadata.transact(lambda tx: tx.touch_web_session(row.id_hash, now + int(SESSION_IDLE * 1e6)))
        return caller

    async def end_session(self, secret: str) -> None:
        if SECRET_RE.fullmatch(secret or ""):
            await self.metadata.transact(lambda tx: tx.delete_web_session(access.hash_secret(secret)))

    async def create_login_link(self, caller: Caller) -> tuple[str, int]:
        """(URL, expire time in microseconds) of a one-time link that signs a browser in to the
        dashboard as the caller's token: valid for LOGIN_LINK_TTL, once. Without authentication
        the dashboard needs no sign-in: its URL, expire time 0."""
        if not self.dashboard_url:
            raise FailedPrecondition("DASHBOARD_DISABLED", "this server serves no web dashboard (started with "
                                     "--http off, or its port was taken): start it with --http HOST:PORT")
        if caller.unrestricted:
            return self.dashboard_url, 0
        secret = secrets.token_urlsafe(32)
        now = now_micros()
        row = WebSessionRow(id_hash=access.hash_secret(secret), kind=LINK, token_id=caller.token_id,
                            create_time=now, expire_time=now + int(LOGIN_LINK_TTL * 1e6))

        def run(tx: Writer):
            tx.delete_web_sessions(expired_before=now)
            tx.insert_web_session(row)
        await self.metadata.transact(run)
        return f"{self.dashboard_url}sign-in/link/{secret}", row.expire_time

    async def login_link_caller(self, secret: str) -> Caller:
        """Who an unused, unexpired sign-in link signs in as (the page that asks to confirm)."""
        return await self.metadata.read(lambda db: _login_link(db, secret, now_micros())[1])

    async def redeem_login_link(self, secret: str) -> str:
        """Uses a sign-in link up: a new session's secret. Of two redeeming one link at once, one
        gets a session and the other LOGIN_LINK_USED."""
        now = now_micros()
        session = secrets.token_urlsafe(32)

        def run(tx: Writer):
            link, _ = _login_link(tx, secret, now)
            if not tx.use_login_link(link.id_hash):
                raise Unauthenticated("LOGIN_LINK_USED", "this sign-in link was used already: run "
                                      "`modelreg ui-login` again")
            tx.insert_web_session(WebSessionRow(id_hash=access.hash_secret(session), kind=SESSION,
                                                token_id=link.token_id, create_time=now,
                                                expire_time=now + int(SESSION_IDLE * 1e6)))
        await self.metadata.transact(run)
        return session


def _audit_key(record) -> list:
    """(time, kind, id): events (kind 0) by sequence, refused calls (kind 1) by id."""
    return [record.time, 0, record.sequence] if hasattr(record, "sequence") else [record.time, 1, record.id]


class StreamCaller:
    """The caller of a long stream (Watch), kept current so that revoking its token or a role, or
    deleting its principal, ends the stream. current() re-reads the token and bindings (two small
    reads) when a governance change committed since the last look, when the token has expired, and
    otherwise at most every RECHECK_INTERVAL; it raises what authenticate() or `check` raise.
    The stream calls it after each read of events and before each event it sends."""

    def __init__(self, governance: Governance, caller: Caller, check):
        self.governance = governance
        self.caller = caller
        self.check = check
        self.generation = governance.generation
        self.checked = time.monotonic()

    async def current(self) -> Caller:
        caller = self.caller
        if caller.unrestricted:
            return caller
        expired = caller.expire_time and caller.expire_time <= now_micros()
        now = time.monotonic()
        if self.generation == self.governance.generation and not expired and now - self.checked < RECHECK_INTERVAL:
            return caller
        self.generation = self.governance.generation  # before the read: a later change is seen next time
        self.caller = await self.governance.refresh(caller)
        self.checked = now
        self.check(self.caller)
        return self.caller

    def idle_timeout(self) -> float:
        """How long the stream may sleep before current() must look again."""
        if self.caller.unrestricted:
            return float("inf")
        timeout = IDLE_RECHECK
        if self.caller.expire_time:
            timeout = min(timeout, (self.caller.expire_time - now_micros()) / 1e6 + 0.01)
        return max(timeout, 0.01)


def _caller(db: Reader, token_id: str, *, secret: str | None = None) -> Caller:
    """The caller holding a token, checked now. Without `secret` (a refresh of a caller whose secret
    was checked when its call began) the secret is not compared again."""
    token = db.token(token_id)
    if token is None or (secret is not None and not access.secret_matches(secret, token.secret_hash)):
        raise Unauthenticated("TOKEN_INVALID", "the token is not valid")
    if token.revoke_time:
        raise Unauthenticated("TOKEN_REVOKED", f"token {token_id} was revoked", token_id=token_id)
    if token.expire_time and token.expire_time <= now_micros():
        raise Unauthenticated("TOKEN_EXPIRED", f"token {token_id} has expired", token_id=token_id)
    bindings = tuple(access.Binding(b.id, b.role, b.model_pattern) for b in db.bindings(token.principal))
    return Caller(name=token.principal, bindings=bindings, token_id=token_id, expire_time=token.expire_time)


def issue_token(tx: Writer, events: EventLog, principal_id: str, *, description: str, ttl: float,
                actor: str) -> tuple[TokenRow, str]:
    principal = _principal(tx, principal_id)
    token_id, secret_hash, bearer = access.new_token()
    expire = now_micros() + int(ttl * 1e6) if ttl else 0
    row = tx.insert_token(principal, token_id, secret_hash, description=description, expire_time=expire)
    events.append(tx, type="TOKEN_CREATED", model="", actor=actor,
                  subject=f"principals/{principal_id}/tokens/{token_id}",
                  details={"expire_time": _rfc3339(expire)} if expire else {})
    return row, bearer


def create_service_account(tx: Writer, events: EventLog, principal_id: str, *, role: int, model_pattern: str,
                           description: str, actor: str) -> PrincipalRow:
    """A service account bound to one role, made by another rule in its own transaction (a
    monitor's principal), with the PRINCIPAL_CREATED and ROLE_GRANTED events a grant by an admin
    appends. The calling rule checked that `actor` holds that role itself."""
    principal = tx.insert_principal(principal_id, kind="service_account", description=description)
    events.append(tx, type="PRINCIPAL_CREATED", model="", actor=actor, subject=f"principals/{principal_id}",
                  details={"kind": "service_account"})
    binding = tx.upsert_binding(principal, role, model_pattern)
    events.append(tx, type="ROLE_GRANTED", model="", actor=actor, subject=f"roleBindings/{binding.id}",
                  details={"principal": principal_id, "role": access.ROLE_NAMES[role], "model_pattern": model_pattern})
    return principal


def delete_service_account(tx: Writer, events: EventLog, principal_id: str, *, actor: str) -> None:
    """Deletes a service account made by create_service_account (its tokens and bindings go with it)."""
    principal = tx.principal(principal_id)
    if principal is not None:
        tx.delete_principal(principal)
        events.append(tx, type="PRINCIPAL_DELETED", model="", actor=actor, subject=f"principals/{principal_id}")


def principal_caller(db: Reader, principal_id: str) -> Caller:
    """The caller a service account acts as inside the server (no token): its bindings as stored."""
    bindings = tuple(access.Binding(b.id, b.role, b.model_pattern) for b in db.bindings(principal_id))
    return Caller(name=principal_id, bindings=bindings)


def bootstrap_admin(tx: Writer, events: EventLog, name: str) -> tuple[TokenRow, str]:
    """Creates the first admin with a token: run by `modelreg bootstrap` on the server's machine,
    where access to the data directory is the proof of being its operator."""
    if tx.global_admins():
        raise FailedPrecondition("ADMIN_EXISTS", "an admin exists already; ask them for a token")
    principal_id = _principal_id(name)
    if tx.principal(principal_id) is None:
        tx.insert_principal(principal_id, kind="user", description="created by modelreg bootstrap")
        events.append(tx, type="PRINCIPAL_CREATED", model="", actor=BOOTSTRAP, subject=f"principals/{principal_id}",
                      details={"kind": "user"})
    binding = tx.upsert_binding(tx.principal(principal_id), ADMIN, access.ALL_MODELS)
    events.append(tx, type="ROLE_GRANTED", model="", actor=BOOTSTRAP, subject=f"roleBindings/{binding.id}",
                  details={"principal": principal_id, "role": "admin", "model_pattern": access.ALL_MODELS})
    return issue_token(tx, events, principal_id, description="bootstrap admin token", ttl=0, actor=BOOTSTRAP)


def _rfc3339(micros: int) -> str:
    return datetime.fromtimestamp(micros / 1e6, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _principal_id(name: str) -> str:
    return names.resource_id(name, "principals/", "principal")


def _principal(db: Reader, principal_id: str) -> PrincipalRow:
    row = db.principal(principal_id)
    if row is None:
        raise NotFound("PRINCIPAL_NOT_FOUND", f"principal {principal_id!r} not found", principal=principal_id)
    return row


def _description(text: str) -> None:
    if len(text) > MAX_DESCRIPTION:
        raise InvalidArgument("INVALID_DESCRIPTION", f"description is longer than {MAX_DESCRIPTION} characters")


def _numbered(name: str, prefix: str) -> int:
    number = name.removeprefix(prefix)
    if not name.startswith(prefix) or not names.NUMBER_RE.fullmatch(number) or int(number) == 0:
        raise InvalidArgument("INVALID_NAME", f"invalid name {name[:140]!r}: expected {prefix}{{id}}")
    return int(number)


def _login_link(db: Reader, secret: str, now: int) -> tuple[WebSessionRow, Caller]:
    row = db.web_session(access.hash_secret(secret)) if SECRET_RE.fullmatch(secret) else None
    if row is None or row.kind not in (LINK, USED):
        raise Unauthenticated("LOGIN_LINK_INVALID", "this sign-in link is not valid: run `modelreg ui-login` "
                              "for a new one")
    if row.kind == USED:
        raise Unauthenticated("LOGIN_LINK_USED", "this sign-in link was used already: run `modelreg ui-login` "
                              "again")
    if row.expire_time <= now:
        raise Unauthenticated("LOGIN_LINK_EXPIRED", f"this sign-in link expired (links last "
                              f"{LOGIN_LINK_TTL / 60:.0f} minutes): run `modelreg ui-login` again")
    return row, _caller(db, row.token_id)


# Dashboard sessions (web/): how long they last, in seconds.
SESSION_IDLE = 12 * 3600.0  # a session unused this long ends
SESSION_MAX = 7 * 86400.0  # and any session after this long
SESSION_TOUCH = 300.0  # the idle deadline is moved on at most this often (a write)
LOGIN_LINK_TTL = 300.0  # a `modelreg ui-login` link
SESSION, LINK, USED = "session", "link", "used"
SECRET_RE = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
