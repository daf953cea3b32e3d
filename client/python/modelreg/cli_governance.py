"""`modelreg bootstrap|whoami|ui-login|user|token|role|policy|audit`: who may do what, and what was done."""

import argparse
import re
import os
import time
from datetime import datetime, timezone
from pathlib import Path

from .cli import EXIT, LocalError, Output, _fail, _table, _ts, to_dict
from .registry import Registry
from .v1 import access_service_pb2 as ac, resources_pb2 as r

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def duration(text: str) -> float:
    """`90`, `90s`, `15m`, `12h`, `30d`, `2w` in seconds."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smhdw]?)", text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a duration like 3600, 15m, 12h, 30d")
    return float(match.group(1)) * UNITS[match.group(2) or "s"]


def point_in_time(text: str) -> float:
    """A duration ago (`1h`, `7d`) or an ISO 8601 date/time (UTC unless it says otherwise)."""
    try:
        return time.time() - duration(text)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{text!r} is neither a duration ago (1h, 7d) nor an ISO date (2026-11-01T12:00)") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp()


def _role(value: int) -> str:
    return ac.Role.Name(value).removeprefix("ROLE_").lower()


def _kind(value: int) -> str:
    return ac.PrincipalKind.Name(value).removeprefix("PRINCIPAL_KIND_").lower()


def _bindings_table(out: Output, bindings) -> None:
    _table(out, ["BINDING", "PRINCIPAL", "ROLE", "MODELS", "GRANTED"],
           [[b.name, b.principal.removeprefix("principals/"), _role(b.role), b.model_pattern, _ts(b.create_time)]
            for b in bindings])


def cmd_bootstrap(args) -> int:
    out = Output(args.json)
    try:
        from modelreg_server.app import bootstrap
        from modelreg_server.errors import RegistryError
    except ImportError as e:
        raise SystemExit(f"modelreg: the server is not installed ({e}); pip install 'modelreg[server]'") from None
    from modelreg_server.api import STATUS_CODES
    if not args.db and not (Path(args.data) / "registry.db").exists():
        return _fail(args, "LOCAL", "REGISTRY_NOT_FOUND",
                     f"{args.data} holds no registry (no registry.db); give the server's --data")
    try:
        name, secret = bootstrap(Path(args.data), args.name, db_url=args.db)
    except RegistryError as e:
        code = STATUS_CODES.get(type(e))
        return _fail(args, code.name if code else "UNKNOWN", e.reason, e.message, e.metadata)
    except OSError as e:
        return _fail(args, "LOCAL", "OS_ERROR", f"cannot write {args.data}: {(e.strerror or str(e)).lower()}")
    out.emit({"principal": f"principals/{args.name}", "token": name, "secret": secret},
             f"created admin {args.name!r}. Its token, shown this once:\n\n  {secret}\n\n"
             "Use it with --token or $MODELREG_TOKEN; create further users with `modelreg user add`.")
    return 0


def cmd_whoami(args, reg: Registry, out: Output) -> int:
    me = reg.whoami()
    if not me.authentication_required:
        out.emit(to_dict(me), "the server runs without authentication: every caller may do everything")
        return 0
    out.emit(to_dict(me), lambda: (out.console.print(f"{me.principal.name.removeprefix('principals/')} "
                                                     f"({_kind(me.principal.kind)})", markup=False),
                                   _bindings_table(out, me.role_bindings)))
    return 0


UI_LOGIN_EPILOG = """\
The link holds a secret: open it in your own browser and do not share it. It works once, for
5 minutes; the dashboard then asks you to confirm, and the session it starts acts as the token you
ran this with (same principal, same roles; revoking the token ends it), until 12 hours unused or
7 days in all. Any replica sharing the server's database accepts the link.

examples:
  modelreg ui-login                                  # prints http://HOST:PORT/sign-in/link/...
  xdg-open "$(modelreg ui-login --json | jq -r .url)"
  MODELREG_TOKEN=mrt_... modelreg ui-login --server registry:50051

--json prints {"url": ..., "expire_time": ...} (expire_time absent when the server needs no
sign-in: its URL is then the dashboard's own). Fails with DASHBOARD_DISABLED when the server
runs with --http off, and with the token errors (TOKEN_MISSING, TOKEN_REVOKED, ...) otherwise."""


def cmd_ui_login(args, reg: Registry, out: Output) -> int:
    link = reg.create_login_link()
    if not link.HasField("expire_time"):
        out.emit(to_dict(link), f"the server needs no sign-in: open {link.url}")
        return 0
    out.emit(to_dict(link), f"open this link in your browser (works once, until {_ts(link.expire_time)}):\n"
             f"{link.url}")
    return 0


def cmd_user_add(args, reg: Registry, out: Output) -> int:
    p = reg.create_principal(args.name, kind="service_account" if args.service_account else "user",
                             description=args.description)
    out.emit(to_dict(p), f"created {_kind(p.kind).replace('_', ' ')} {args.name}; grant it a role with "
             f"`modelreg role grant {args.name} ROLE`")
    return 0


def cmd_user_ls(args, reg: Registry, out: Output) -> int:
    principals = list(reg.list_principals())
    out.emit({"principals": [to_dict(p) for p in principals]}, lambda: _table(
        out, ["PRINCIPAL", "KIND", "CREATED", "DESCRIPTION"],
        [[p.name.removeprefix("principals/"), _kind(p.kind), _ts(p.create_time), p.description] for p in principals]))
    return 0


def cmd_user_rm(args, reg: Registry, out: Output) -> int:
    reg.delete_principal(args.name)
    out.emit({"principal": f"principals/{args.name}", "deleted": True},
             f"deleted {args.name} with its tokens and role bindings")
    return 0


def cmd_token_create(args, reg: Registry, out: Output) -> int:
    try:
        ttl = duration(args.ttl) if args.ttl else None
    except ValueError as e:
        raise LocalError("INVALID_TTL", str(e)) from None
    token, secret = reg.create_token(args.principal, description=args.description, ttl=ttl)
    expires = _ts(token.expire_time) if token.HasField("expire_time") else "never"
    out.emit({"token": to_dict(token), "secret": secret},
             f"token {token.token_id} for {args.principal} (expires: {expires}). Shown this once:\n\n  {secret}\n")
    return 0


def cmd_token_ls(args, reg: Registry, out: Output) -> int:
    tokens = list(reg.list_tokens(args.principal or ""))

    def state(t) -> str:
        if t.HasField("revoke_time"):
            return "revoked"
        if t.HasField("expire_time") and t.expire_time.ToSeconds() <= time.time():
            return "expired"
        return "active"
    out.emit({"tokens": [to_dict(t) | {"state": state(t)} for t in tokens]}, lambda: _table(
        out, ["TOKEN", "PRINCIPAL", "STATE", "CREATED", "EXPIRES", "DESCRIPTION"],
        [[t.token_id, t.name.split("/")[1], state(t), _ts(t.create_time),
          _ts(t.expire_time) if t.HasField("expire_time") else "never", t.description] for t in tokens]))
    return 0


def cmd_token_revoke(args, reg: Registry, out: Output) -> int:
    token = reg.revoke_token(args.token_id)
    out.emit(to_dict(token), f"revoked token {token.token_id}")
    return 0


def cmd_role_grant(args, reg: Registry, out: Output) -> int:
    b = reg.grant_role(args.principal, args.role, models=args.models)
    where = "all models" if b.model_pattern == "*" else f"models matching {b.model_pattern!r}"
    out.emit(to_dict(b), f"{args.principal} is {args.role} on {where} ({b.name})")
    return 0


def cmd_role_revoke(args, reg: Registry, out: Output) -> int:
    name = args.binding if args.binding.startswith("roleBindings/") else f"roleBindings/{args.binding}"
    reg.revoke_role(name)
    out.emit({"role_binding": name, "deleted": True}, f"removed {name}")
    return 0


def cmd_role_ls(args, reg: Registry, out: Output) -> int:
    bindings = reg.list_role_bindings(args.principal or "")
    out.emit({"role_bindings": [to_dict(b) for b in bindings]}, lambda: _bindings_table(out, bindings))
    return 0


def cmd_policy_protect(args, reg: Registry, out: Output) -> int:
    p = reg.protect_alias(args.alias, models=args.models, require=args.require)
    gate = f"; a version must match {p.require!r} before anyone moves it there" if p.require else ""
    out.emit(to_dict(p), f"{p.alias_pattern} is protected on models matching {p.model_pattern!r} ({p.name}): "
             f"only maintainers and admins may move or remove it{gate}")
    return 0


def cmd_policy_check(args, reg: Registry, out: Output) -> int:
    """Exit 0 when the move would be allowed, 5 (conflict, as the refused move) when a gate blocks it."""
    result = reg.check_promotion(args.version, args.alias)

    def text() -> None:
        verdict = "allowed" if result.allowed else "BLOCKED (PROMOTION_BLOCKED)"
        out.console.print(f"moving {args.alias} onto {result.version}: {verdict}", markup=False)
        if not result.clauses:
            out.console.print("  no promotion gate applies", markup=False)
        for c in result.clauses:
            out.console.print(f"  {'pass' if c.passed else 'FAIL'}  {c.clause}  (actual: {c.actual}; {c.rule})", markup=False)
    out.emit(to_dict(result), text)
    return 0 if result.allowed else EXIT["conflict"]


def cmd_policy_unprotect(args, reg: Registry, out: Output) -> int:
    name = args.rule if args.rule.startswith("protectedAliases/") else f"protectedAliases/{args.rule}"
    reg.unprotect_alias(name)
    out.emit({"protected_alias": name, "deleted": True}, f"removed {name}")
    return 0


def cmd_policy_ls(args, reg: Registry, out: Output) -> int:
    rules = reg.list_protected_aliases()
    out.emit({"protected_aliases": [to_dict(p) for p in rules]}, lambda: _table(
        out, ["RULE", "MODELS", "ALIASES", "CREATED", "REQUIRE"],
        [[p.name, p.model_pattern, p.alias_pattern, _ts(p.create_time), p.require or "-"] for p in rules]))
    return 0


def cmd_audit(args, reg: Registry, out: Output) -> int:
    try:
        since = point_in_time(args.since) if args.since else None
        until = point_in_time(args.until) if args.until else None
    except ValueError as e:
        raise LocalError("INVALID_TIME", str(e)) from None
    outcome = "denied" if args.denied else "allowed" if args.allowed else ""
    records = reg.audit(actor=args.actor or "", model=args.model or "", types=args.type, outcome=outcome,
                        since=since, until=until, page_size=min(args.limit, 1000))
    rows = []
    for record in records:
        rows.append(record)
        if len(rows) >= args.limit:
            break

    def describe(rec: ac.AuditRecord) -> tuple[str, str, str, str]:
        if rec.HasField("denied"):
            d = rec.denied
            since = f" (since {_ts(d.first_time)}, from {d.source or '-'})" if d.count > 1 else ""
            return ("DENIED", str(d.count), d.method.rsplit("/", 1)[-1] or "-",
                    f"{d.model or '-'}  {d.reason}: {d.message}{since}")
        e = rec.event
        what = e.subject or e.model + (f" v{e.version}" if e.version else "") + (f" {e.alias}" if e.alias else "")
        extra = " ".join(f"{k}={v}" for k, v in sorted(e.details.items()))
        return "ok", "1", r.EventType.Name(e.type).removeprefix("EVENT_TYPE_"), f"{what} {extra}".strip()

    def as_dict(rec: ac.AuditRecord) -> dict:
        data = to_dict(rec)
        if rec.HasField("event"):
            data["event"]["type"] = r.EventType.Name(rec.event.type).removeprefix("EVENT_TYPE_")
        return data
    out.emit({"records": [as_dict(x) for x in rows]}, lambda: _table(
        out, ["TIME", "ACTOR", "OUTCOME", "COUNT", "ACTION", "DETAIL"],
        [[_ts(x.time), x.actor or "-", *describe(x)] for x in rows]))
    return 0


def add_commands(sub, client, command) -> None:
    """Adds the governance commands to the `modelreg` parser."""
    b = sub.add_parser("bootstrap", help="create the first admin and print its token (on the server's machine)",
                       description="Create the first admin principal in the server's data directory and print a "
                       "token for it, once. Access to the data directory is the proof of being the operator: while "
                       "a server runs on it, through the server's socket DATA/server.sock, otherwise directly. "
                       "Refused when an admin exists.")
    b.add_argument("--data", default="./modelreg-data", help="the server's data directory (default: %(default)s)")
    b.add_argument("--db", default=os.environ.get("MODELREG_DB") or None, metavar="URL",
                   help="the server's --db, when its metadata is not in DATA/registry.db: sqlite:///PATH or "
                   "postgresql://USER@HOST:PORT/DB (default: $MODELREG_DB)")
    b.add_argument("--name", default="admin", help="the admin's principal name (default: %(default)s)")
    b.add_argument("--json", action="store_true", help="print JSON for scripts instead of text")
    b.set_defaults(fn=None)

    command("whoami", cmd_whoami, "show the principal behind your token and its roles")
    command("ui-login", cmd_ui_login, "print a one-time link that signs a browser in to the web dashboard as "
            "your token", epilog=UI_LOGIN_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)

    def group(name, help, description):
        g = sub.add_parser(name, help=help, description=description)
        return g.add_subparsers(dest=f"{name}_command", required=True, metavar="ACTION")

    def action(group_sub, name, fn, help):
        c = group_sub.add_parser(name, parents=[client], help=help, description=help)
        c.set_defaults(fn=fn)
        return c

    users = group("user", "manage users and service accounts (admin)",
                  "Principals are users and service accounts; they act through API tokens and may do what "
                  "their roles allow.")
    c = action(users, "add", cmd_user_add, "create a user (or --service-account)")
    c.add_argument("name", help="principal name: 1-128 of a-z 0-9 . _ -")
    c.add_argument("--service-account", action="store_true", help="a machine identity (CI, deploy agents)")
    c.add_argument("--description", default="")
    action(users, "ls", cmd_user_ls, "list principals")
    c = action(users, "rm", cmd_user_rm, "delete a principal, its tokens and role bindings")
    c.add_argument("name")

    tokens = group("token", "create, list and revoke API tokens (admin)",
                   "Tokens are shown once, at creation; the server keeps only a hash. Send one with --token or "
                   "$MODELREG_TOKEN.")
    c = action(tokens, "create", cmd_token_create, "create a token for a principal and print it once")
    c.add_argument("principal")
    c.add_argument("--ttl", metavar="DURATION", help="lifetime, e.g. 12h, 30d, 2w (default: never expires)")
    c.add_argument("--description", default="", help="what the token is for")
    c = action(tokens, "ls", cmd_token_ls, "list tokens (never their secrets)")
    c.add_argument("principal", nargs="?", help="only this principal's tokens")
    c = action(tokens, "revoke", cmd_token_revoke, "revoke a token at once")
    c.add_argument("token_id", metavar="TOKEN_ID", help="token id (or principals/P/tokens/ID)")

    roles = group("role", "grant and revoke roles (admin)",
                  "Roles: viewer (read, download) < editor (push, edit, move unprotected aliases) < maintainer "
                  "(move protected aliases, archive, delete) < admin (users, tokens, roles, policy). Granted on "
                  "all models or on a model glob; the highest that applies counts.")
    c = action(roles, "grant", cmd_role_grant, "grant a role to a principal")
    c.add_argument("principal")
    c.add_argument("role", choices=["viewer", "editor", "maintainer", "admin"])
    c.add_argument("--models", default="*", metavar="GLOB", help="model id or glob, e.g. 'fraud-*' (default: all)")
    c = action(roles, "revoke", cmd_role_revoke, "remove a role binding")
    c.add_argument("binding", help="binding id as shown by `role ls` (roleBindings/N or N)")
    c = action(roles, "ls", cmd_role_ls, "list role bindings")
    c.add_argument("principal", nargs="?", help="only this principal's bindings")

    policy = group("policy", "protect aliases such as production (admin)",
                   "A protected alias can be set or removed only by maintainers and admins, and a version holding "
                   "one can be archived or deleted only by them.")
    c = action(policy, "protect", cmd_policy_protect, "protect an alias (or alias glob)")
    c.add_argument("alias", help="alias or glob, e.g. production or 'prod*'")
    c.add_argument("--models", default="*", metavar="GLOB", help="model id or glob (default: all models)")
    c.add_argument("--require", metavar="FILTER",
                   help="promotion gate: a filter over versions (docs/filters.md) a version must match before "
                        "anyone, admins included, moves the alias onto it, e.g. "
                        "'metrics.f1 >= 0.9 AND description:* AND tags.reviewed = \"yes\"'; "
                        "protecting again with --require replaces it ('' removes it), without keeps it")
    c = action(policy, "check", cmd_policy_check,
               "tell whether moving an alias onto a version would pass its promotion gates "
               "(exit 0 allowed, 5 blocked)")
    c.add_argument("version", metavar="MODEL:REF", help="the version, e.g. fraud:7 or fraud:staging")
    c.add_argument("alias", help="the alias it would move onto, e.g. production")
    c = action(policy, "unprotect", cmd_policy_unprotect, "remove a protection rule")
    c.add_argument("rule", help="rule id as shown by `policy ls` (protectedAliases/N or N)")
    action(policy, "ls", cmd_policy_ls, "list protection rules")

    c = command("audit", cmd_audit, "who did what, and which calls were refused (repeats counted per minute: "
                "COUNT), newest first (admin)")
    c.add_argument("--actor", help="only this principal")
    c.add_argument("--model", help="only this model")
    c.add_argument("--type", action="append", default=[], help="only changes of this event type (repeatable)")
    which = c.add_mutually_exclusive_group()
    which.add_argument("--denied", action="store_true", help="only refused calls")
    which.add_argument("--allowed", action="store_true", help="only changes")
    c.add_argument("--since", metavar="WHEN", help="a duration ago (1h, 7d) or an ISO time")
    c.add_argument("--until", metavar="WHEN", help="a duration ago or an ISO time")
    c.add_argument("--limit", type=int, default=100, help="at most this many records (default: %(default)s)")
