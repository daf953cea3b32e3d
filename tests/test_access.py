"""Governance against a real server started with --auth: every RPC for every role, every way a
token can be bad, protected aliases, filtered reads, and that refusals change nothing."""

import itertools
import os
import time

import grpc
import pytest
from google.protobuf import duration_pb2

from modelreg import PermissionDenied, Registry, Unauthenticated
from modelreg.errors import FailedPrecondition, InvalidArgument
from modelreg.v1 import (access_service_pb2 as ac, event_service_pb2 as ev, registry_service_pb2 as rs, resources_pb2 as r, transfer_service_pb2 as ts)

from conftest import stored_bytes, replay, write_tree

RANK = {"nobody": 0, "viewer": 1, "editor": 2, "maintainer": 3, "admin": 4}
ANYONE, VIEWER, EDITOR, MAINTAINER, ADMIN = 0, 1, 2, 3, 4
_ids = itertools.count()


def unique(prefix: str) -> str:
    return f"{prefix}-{os.getpid()}-{next(_ids)}"


@pytest.fixture(scope="module")
def world(secured, tmp_path_factory):
    """State the matrix works on: a model with one version, aliases staging (free) and production
    (protected), and the version's manifest for raw CreateVersion calls."""
    src = write_tree(tmp_path_factory.mktemp("acl-model"), {"w.bin": os.urandom(200_000), "c.json": b"{}"})
    with secured.client("root") as admin:
        admin.protect_alias("production")
        v = admin.push("acl-model", src, aliases=["staging", "production"])
        files = list(admin.get_version("acl-model:1", files=True).files)
    return {"model": "acl-model", "version": v, "files": files, "src": src,
            "out": tmp_path_factory.mktemp("acl-pulls")}


def _fresh_version(admin: Registry, world) -> str:
    """A new model with one version, made by the admin; returns its reference."""
    name = unique("m")
    admin.registry.CreateVersion(rs.CreateVersionRequest(model_id=name, files=world["files"]), timeout=30)
    return f"{name}:1"


def _chunk() -> ts.UploadChunksRequest:
    import hashlib
    data = os.urandom(1000)
    return ts.UploadChunksRequest(chunk=r.Chunk(digest=hashlib.sha256(data).hexdigest(), raw_size=len(data),
                                                codec=r.CODEC_NONE, data=data))


def _login_link(client: Registry) -> None:
    """Any role may ask for a sign-in link. This server serves no dashboard, so the answer is that
    (DASHBOARD_DISABLED), never a role's refusal; test_web_sessions covers the links themselves."""
    from modelreg.errors import FailedPrecondition
    try:
        client.create_login_link()
    except FailedPrecondition as e:
        if e.reason != "DASHBOARD_DISABLED":
            raise


HOOK = "http://127.0.0.1:9/hook"  # the discard port: nothing listens, deliveries just fail


def _webhook(admin: Registry) -> str:
    return admin.add_webhook(HOOK, enabled=False).webhook.name


def _drain(call) -> None:
    for response in call:
        if response.HasField("progress"):
            call.cancel()
            return


# (method, role needed, prepare(admin, world) -> state, call(client, world, state))
CASES = [
    ("RegistryService/CreateModel", EDITOR, None, lambda c, w, s: c.create_model(unique("m"))),
    ("RegistryService/GetModel", VIEWER, None, lambda c, w, s: c.get_model(w["model"])),
    ("RegistryService/ListModels", ANYONE, None, lambda c, w, s: list(c.list_models())),
    ("RegistryService/UpdateModel", EDITOR, None,
     lambda c, w, s: c.update_model(w["model"], tags={"touched": unique("t")})),
    ("RegistryService/DeleteModel", MAINTAINER, lambda a, w: a.create_model(unique("m")).name,
     lambda c, w, s: c.delete_model(s)),
    ("RegistryService/CreateVersion", EDITOR, None, lambda c, w, s: c.registry.CreateVersion(
        rs.CreateVersionRequest(model_id=unique("m"), files=w["files"]), timeout=30)),
    ("RegistryService/GetVersion", VIEWER, None, lambda c, w, s: c.get_version(f"{w['model']}:1")),
    ("RegistryService/ListVersions", VIEWER, None, lambda c, w, s: list(c.list_versions(w["model"]))),
    ("RegistryService/UpdateVersion", EDITOR, None,
     lambda c, w, s: c.update_version(f"{w['model']}:1", metrics={"acc": 0.5})),
    ("RegistryService/ArchiveVersion", MAINTAINER, _fresh_version, lambda c, w, s: c.archive_version(s)),
    ("RegistryService/RestoreVersion", MAINTAINER,
     lambda a, w: a.archive_version(_fresh_version(a, w)).name, lambda c, w, s: c.restore_version(s)),
    ("RegistryService/SetAlias", EDITOR, None, lambda c, w, s: c.set_alias(w["model"], "staging", 1)),
    ("RegistryService/DeleteAlias", EDITOR, lambda a, w: a.set_alias(w["model"], unique("tmp"), 1).alias,
     lambda c, w, s: c.delete_alias(w["model"], s)),
    ("RegistryService/ListAliases", VIEWER, None, lambda c, w, s: c.list_aliases(w["model"])),
    ("RegistryService/AddLineage", EDITOR, None,
     lambda c, w, s: c.add_lineage(f"{w['model']}:1", [f"s3://data/{unique('d')}"])),
    ("RegistryService/GetLineage", VIEWER, None, lambda c, w, s: c.lineage(f"{w['model']}:1")),
    ("TransferService/FindMissingChunks", EDITOR, None,
     lambda c, w, s: c.transfer.FindMissingChunks(ts.FindMissingChunksRequest(digests=["0" * 64]), timeout=30)),
    ("TransferService/UploadChunks", EDITOR, None,
     lambda c, w, s: c.transfer.UploadChunks(iter([_chunk()]), timeout=30)),
    ("TransferService/DownloadVersion", VIEWER, None, lambda c, w, s: list(c.transfer.DownloadVersion(
        ts.DownloadVersionRequest(name=f"{w['model']}:1"), timeout=30))),
    ("EventService/Watch", VIEWER, None, lambda c, w, s: _drain(c.events.Watch(
        ev.WatchRequest(models=[w["model"]], progress_interval=duration_pb2.Duration(seconds=1)), timeout=30))),
    ("EventService/GetEventHead", ANYONE, None, lambda c, w, s: c.event_head()),
    ("MaintenanceService/CheckStore", ADMIN, None, lambda c, w, s: c.check_store()),
    ("MaintenanceService/CollectGarbage", ADMIN, None, lambda c, w, s: c.collect_garbage(dry_run=True)),
    ("MaintenanceService/CompactEvents", ADMIN, None, lambda c, w, s: c.compact_events(older_than=10 * 365 * 86400)),
    ("MaintenanceService/CompactChunks", ADMIN, None, lambda c, w, s: c.compact_chunks()),
    ("AccessService/GetCaller", ANYONE, None, lambda c, w, s: c.whoami()),
    ("AccessService/CreateLoginLink", ANYONE, None, lambda c, w, s: _login_link(c)),
    ("AccessService/CreatePrincipal", ADMIN, None, lambda c, w, s: c.create_principal(unique("p"))),
    ("AccessService/ListPrincipals", ADMIN, None, lambda c, w, s: list(c.list_principals())),
    ("AccessService/DeletePrincipal", ADMIN, lambda a, w: a.create_principal(unique("p")).name,
     lambda c, w, s: c.delete_principal(s)),
    ("AccessService/CreateToken", ADMIN, None, lambda c, w, s: c.create_token("nobody")),
    ("AccessService/ListTokens", ADMIN, None, lambda c, w, s: list(c.list_tokens())),
    ("AccessService/RevokeToken", ADMIN, lambda a, w: a.create_token("nobody")[0].name,
     lambda c, w, s: c.revoke_token(s)),
    ("AccessService/GrantRole", ADMIN, lambda a, w: a.create_principal(unique("p")).name,
     lambda c, w, s: c.grant_role(s, "viewer")),
    ("AccessService/RevokeRole", ADMIN,
     lambda a, w: a.grant_role(a.create_principal(unique("p")).name, "viewer").name, lambda c, w, s: c.revoke_role(s)),
    ("AccessService/ListRoleBindings", ADMIN, None, lambda c, w, s: c.list_role_bindings()),
    ("AccessService/CreateProtectedAlias", ADMIN, None, lambda c, w, s: c.protect_alias(unique("guarded"))),
    ("AccessService/ListProtectedAliases", ADMIN, None, lambda c, w, s: c.list_protected_aliases()),
    ("AccessService/DeleteProtectedAlias", ADMIN, lambda a, w: a.protect_alias(unique("guarded")).name,
     lambda c, w, s: c.unprotect_alias(s)),
    ("AccessService/CheckPromotion", VIEWER, None,
     lambda c, w, s: c.check_promotion(f"{w['model']}:1", "production")),
    ("AccessService/ListAuditRecords", ADMIN, None, lambda c, w, s: list(c.audit(page_size=5))),
    ("AutomationService/CreateWebhook", ADMIN, None, lambda c, w, s: c.add_webhook(HOOK, enabled=False)),
    ("AutomationService/GetWebhook", ADMIN, lambda a, w: _webhook(a), lambda c, w, s: c.get_webhook(s)),
    ("AutomationService/ListWebhooks", ADMIN, None, lambda c, w, s: list(c.list_webhooks())),
    ("AutomationService/UpdateWebhook", ADMIN, lambda a, w: _webhook(a),
     lambda c, w, s: c.update_webhook(s, description="changed")),
    ("AutomationService/DeleteWebhook", ADMIN, lambda a, w: _webhook(a), lambda c, w, s: c.delete_webhook(s)),
    ("AutomationService/TestWebhook", ADMIN, lambda a, w: _webhook(a), lambda c, w, s: c.test_webhook(s)),
    ("AutomationService/ListWebhookDeliveries", ADMIN, lambda a, w: _webhook(a),
     lambda c, w, s: list(c.webhook_deliveries(s))),
    ("AutomationService/RetryWebhookDelivery", ADMIN, lambda a, w: a.test_webhook(_webhook(a)).name,
     lambda c, w, s: c.retry_delivery(s)),
]


def test_the_matrix_covers_every_rpc():
    from modelreg.v1 import (access_service_pb2, automation_service_pb2, event_service_pb2, maintenance_service_pb2,
                             registry_service_pb2, transfer_service_pb2)
    methods = {f"{service.name}/{m.name}"
               for module in (registry_service_pb2, transfer_service_pb2, event_service_pb2, maintenance_service_pb2,
                              access_service_pb2, automation_service_pb2)
               for service in module.DESCRIPTOR.services_by_name.values() for m in service.methods}
    assert {case[0] for case in CASES} == methods


def _state(secured, world, prepare):
    if prepare is None:
        return None
    with secured.client("root") as admin:
        return prepare(admin, world)


def _head(secured) -> tuple[int, int]:
    """(event head, refused calls recorded): every change is an event, every refusal counts once in
    the audit (repeats within a minute share a record and add to its count)."""
    with secured.client("root") as admin:
        denied = sum(x.denied.count for x in admin.audit(outcome="denied", page_size=1000))
        return admin.event_head(), denied


def _raises(fn, *args) -> Exception | None:
    try:
        fn(*args)
    except grpc.RpcError as e:  # raw stub calls
        from modelreg.errors import from_rpc_error
        return from_rpc_error(e)
    except Exception as e:  # noqa: BLE001 - the SDK's errors
        return e
    return None


@pytest.mark.parametrize("role", list(RANK))
@pytest.mark.parametrize("method,needed,prepare,call", CASES, ids=[c[0] for c in CASES])
def test_role_matrix(secured, world, role, method, needed, prepare, call):
    state = _state(secured, world, prepare)
    before = _head(secured)
    with secured.client(role) as client:
        error = _raises(call, client, world, state)
    if RANK[role] >= needed:
        assert error is None, f"{role} should be allowed {method}: {error!r}"
        return
    assert isinstance(error, PermissionDenied), f"{role} calling {method}: {error!r}"
    assert error.reason in ("ROLE_REQUIRED", "ALIAS_PROTECTED")
    head, denied = _head(secured)
    assert head == before[0], "a refused call changed something"
    assert denied == before[1] + 1, "the refusal was not recorded"


BAD_TOKENS = {
    "missing": (None, "TOKEN_MISSING"),
    "malformed": ("not-a-token", "TOKEN_MALFORMED"),
    "unknown": ("mrt_0123456789ab_" + "A" * 43, "TOKEN_INVALID"),
}


@pytest.fixture(scope="module")
def bad_tokens(secured):
    """Every kind of bad token: (token, reason)."""
    tokens = dict(BAD_TOKENS)
    with secured.client("root") as admin:
        admin.create_principal("temporary")
        admin.grant_role("temporary", "admin")
        _, expiring = admin.create_token("temporary", ttl=1)
        token, revoked = admin.create_token("temporary")
        admin.revoke_token(token.name)
        _, orphaned = admin.create_token("temporary")
        admin.create_principal("gone")
        admin.grant_role("gone", "admin")
        _, deleted = admin.create_token("gone")
        admin.delete_principal("gone")
        real = admin.whoami()  # a valid token with a wrong secret
    assert real.principal.name == "principals/root"
    token_id = secured.admin_token.split("_")[1]
    tokens.update({
        "expired": (expiring, "TOKEN_EXPIRED"),
        "revoked": (revoked, "TOKEN_REVOKED"),
        "wrong-secret": (f"mrt_{token_id}_" + "B" * 43, "TOKEN_INVALID"),
        "principal-deleted": (deleted, "TOKEN_INVALID"),
        "not-bearer": ("Basic " + orphaned, "TOKEN_MALFORMED"),
    })
    time.sleep(1.1)  # let the 1 s token expire
    return tokens


@pytest.mark.parametrize("kind", ["missing", "malformed", "unknown", "expired", "revoked", "wrong-secret",
                                  "principal-deleted", "not-bearer"])
@pytest.mark.parametrize("method,needed,prepare,call", CASES, ids=[c[0] for c in CASES])
def test_bad_tokens_are_refused_and_change_nothing(secured, world, bad_tokens, kind, method, needed, prepare, call):
    token, reason = bad_tokens[kind]
    state = _state(secured, world, prepare)
    before = _head(secured)
    if kind == "not-bearer":
        client = Registry(secured.server.address, timeout=30)
        client.channel = grpc.intercept_channel(client._raw_channel, _RawAuthorization(token))
        _restub(client)
    else:
        client = secured.client(token)
    with client:
        error = _raises(call, client, world, state)
    assert isinstance(error, Unauthenticated), f"{kind} token calling {method}: {error!r}"
    assert error.reason == reason
    assert token is None or _secret(token) not in str(error), "the error echoes the token"
    head, denied = _head(secured)
    assert head == before[0]
    assert denied == before[1] + 1


def _secret(token: str) -> str:
    """The part of a token that must never be echoed: the secret of `mrt_{id}_{secret}` (which may
    itself contain `_`), else the whole value."""
    value = token.rsplit(" ", 1)[-1]
    return value[len("mrt_") + 13:] if value.startswith("mrt_") else value


class _RawAuthorization(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                        grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    """Sends an `authorization` value verbatim (the SDK always says Bearer)."""

    def __init__(self, value: str):
        self.value = value

    def _with(self, details):
        from modelreg.registry import _Details
        return _Details(details, list(details.metadata or []) + [("authorization", self.value)])

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._with(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._with(details), request)

    def intercept_stream_unary(self, continuation, details, request_iterator):
        return continuation(self._with(details), request_iterator)

    def intercept_stream_stream(self, continuation, details, request_iterator):
        return continuation(self._with(details), request_iterator)


def _restub(client: Registry) -> None:
    from modelreg.v1 import (access_service_pb2_grpc, automation_service_pb2_grpc, event_service_pb2_grpc,
                             maintenance_service_pb2_grpc, registry_service_pb2_grpc, transfer_service_pb2_grpc)
    client.registry = registry_service_pb2_grpc.RegistryServiceStub(client.channel)
    client.transfer = transfer_service_pb2_grpc.TransferServiceStub(client.channel)
    client.events = event_service_pb2_grpc.EventServiceStub(client.channel)
    client.maintenance = maintenance_service_pb2_grpc.MaintenanceServiceStub(client.channel)
    client.access = access_service_pb2_grpc.AccessServiceStub(client.channel)
    client.automations = automation_service_pb2_grpc.AutomationServiceStub(client.channel)


# Protected aliases

@pytest.fixture
def guarded(secured, world):
    """A model with versions 1 and 2, `production` (protected globally) on 1."""
    name = unique("guarded")
    with secured.client("root") as admin:
        admin.registry.CreateVersion(rs.CreateVersionRequest(model_id=name, files=world["files"]), timeout=30)
        admin.registry.CreateVersion(rs.CreateVersionRequest(model_id=name, files=world["files"][:1]), timeout=30)
        admin.set_alias(name, "production", 1)
    return name


@pytest.mark.parametrize("attempt", [
    lambda c, m: c.set_alias(m, "production", 2),
    lambda c, m: c.set_alias(m, "production", 2, expect=1),  # a correct compare-and-swap changes nothing
    lambda c, m: c.set_alias(m, "production", f"{m}:v2"),  # by reference: the same rule
    lambda c, m: c.delete_alias(m, "production"),
    lambda c, m: c.delete_alias(m, "production", expect=1),
    lambda c, m: c.registry.CreateVersion(rs.CreateVersionRequest(
        model_id=m, files=[r.FileEntry(path="x", size=0, sha256="e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")],
        aliases=["production"]), timeout=30),
    lambda c, m: c.archive_version(f"{m}:1"),
    lambda c, m: c.archive_version(f"{m}:production"),
    lambda c, m: c.delete_model(m, force=True),
], ids=["set", "set-cas", "set-by-reference", "delete", "delete-cas", "create-version-with-alias", "archive", "archive-by-alias",
        "delete-model"])
def test_protected_alias_holds_against_editors(secured, guarded, attempt):
    before = _head(secured)
    with secured.client("editor") as editor:
        error = _raises(attempt, editor, guarded)
    assert isinstance(error, PermissionDenied), repr(error)
    with secured.client("root") as admin:
        model = admin.get_model(guarded)
        assert model.aliases["production"] == 1 and model.version_count == 2
        assert admin.get_version(f"{guarded}:1").state == r.VERSION_STATE_READY
    assert _head(secured)[0] == before[0]


def test_editor_moves_unprotected_aliases_and_reason_names_protection(secured, guarded):
    with secured.client("editor") as editor:
        assert editor.set_alias(guarded, "staging", 2).version == 2
        with pytest.raises(PermissionDenied) as e:
            editor.set_alias(guarded, "production", 2)
    assert e.value.reason == "ALIAS_PROTECTED"
    assert e.value.metadata == {"model": guarded, "alias": "production", "required_role": "maintainer"}


def test_maintainer_moves_protected_aliases(secured, guarded):
    with secured.client("maintainer") as maintainer:
        assert maintainer.set_alias(guarded, "production", 2, expect=1).previous_version == 1
        maintainer.delete_alias(guarded, "production", expect=2)
        assert "production" not in maintainer.get_model(guarded).aliases


def test_protection_by_model_glob_and_alias_glob(secured, world):
    team, other = unique("team-a"), unique("solo")
    with secured.client("root") as admin:
        rule = admin.protect_alias("prod*", models="team-a-*")
        for name in (team, other):
            admin.registry.CreateVersion(rs.CreateVersionRequest(model_id=name, files=world["files"]), timeout=30)
    try:
        with secured.client("editor") as editor:
            with pytest.raises(PermissionDenied):
                editor.set_alias(team, "prod-eu", 1)
            assert editor.set_alias(team, "canary", 1).version == 1
            assert editor.set_alias(other, "prod-eu", 1).version == 1
    finally:
        with secured.client("root") as admin:
            admin.unprotect_alias(rule.name)
    with secured.client("editor") as editor:
        assert editor.set_alias(team, "prod-eu", 1).version == 1


@pytest.mark.parametrize("alias,reason", [("latest", "RESERVED_ALIAS"), ("lat*", "RESERVED_ALIAS"),
                                          ("*", "INVALID_PATTERN"), ("", "INVALID_PATTERN"),
                                          ("Prod", "INVALID_PATTERN"), ("a/b", "INVALID_PATTERN"),
                                          ("x" * 200, "INVALID_PATTERN")])
def test_bad_protection_rules_are_refused(secured, alias, reason):
    before = _head(secured)
    with secured.client("root") as admin:
        with pytest.raises(InvalidArgument) as e:
            admin.protect_alias(alias)
    assert e.value.reason == reason
    assert _head(secured)[0] == before[0]


# Scoped roles and filtered reads

@pytest.fixture(scope="module")
def scoped(secured, world):
    """`scoped` is viewer everywhere under team-*, editor on team-x-*, nothing elsewhere."""
    with secured.client("root") as admin:
        admin.create_principal("scoped")
        admin.grant_role("scoped", "viewer", models="team-*")
        admin.grant_role("scoped", "editor", models="team-x-*")
        token = admin.create_token("scoped")[1]
        for name in ("team-x-one", "team-y-one", "secret-one", "secret-two"):
            admin.registry.CreateVersion(rs.CreateVersionRequest(model_id=name, files=world["files"]), timeout=30)
        admin.add_lineage("team-y-one:1", ["secret-one:1"])
    return token


def test_effective_role_is_the_highest_that_applies(secured, scoped, world):
    with secured.client(scoped) as c:
        c.update_model("team-x-one", description="mine")
        with pytest.raises(PermissionDenied) as e:
            c.update_model("team-y-one", description="not mine")
        assert e.value.metadata["required_role"] == "editor"
        assert c.get_model("team-y-one").name == "models/team-y-one"
        with pytest.raises(PermissionDenied):
            c.get_model("secret-one")
        with pytest.raises(PermissionDenied):
            c.get_model("secret-does-not-exist")  # no existence leak: denied, not NOT_FOUND
        c._unary(c.registry.CreateVersion, rs.CreateVersionRequest(model_id="team-x-two", files=world["files"]))
        with pytest.raises(PermissionDenied):
            c._unary(c.registry.CreateVersion, rs.CreateVersionRequest(model_id="elsewhere", files=world["files"]))


def test_lists_show_only_readable_models(secured, scoped):
    with secured.client(scoped) as c:
        names = [m.name for m in c.list_models(page_size=1)]
    assert names and all(n.startswith("models/team-") for n in names)
    assert {"models/team-x-one", "models/team-y-one"} <= set(names)
    with secured.client("root") as admin:
        assert "models/secret-one" in {m.name for m in admin.list_models()}


def test_lineage_hides_unreadable_versions(secured, scoped):
    with secured.client(scoped) as c:
        graph = c.lineage("team-y-one:1")
    assert [n.id for n in graph.nodes] == ["models/team-y-one/versions/1"] and not graph.edges
    with secured.client("root") as admin:
        assert len(admin.lineage("team-y-one:1").nodes) == 2


def test_lineage_inputs_must_be_readable(secured, scoped):
    with secured.client(scoped) as c:
        with pytest.raises(PermissionDenied):
            c.add_lineage("team-x-one:1", ["secret-two:1"])


def test_watch_shows_only_readable_events(secured, scoped, world):
    with secured.client("root") as admin:
        start = admin.event_head()
        admin.update_model("secret-two", description="hidden")
        admin.update_model("team-y-one", description="shown")
        admin.create_principal(unique("p"))
    with secured.client(scoped) as c:
        seen = replay(c, after=start)
        with pytest.raises(grpc.RpcError) as e:
            replay(c, after=start, models=["secret-two"])
        assert e.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert [(e.type, e.model) for e in seen] == [(r.EVENT_TYPE_MODEL_UPDATED, "team-y-one")]
    with secured.client("root") as admin:
        types = [e.type for e in replay(admin, after=start)]
    assert types == [r.EVENT_TYPE_MODEL_UPDATED, r.EVENT_TYPE_MODEL_UPDATED, r.EVENT_TYPE_PRINCIPAL_CREATED]


# Audit

def test_every_change_names_its_actor_and_refusals_are_audited(secured, world):
    name = unique("audited")
    with secured.client("root") as admin:
        start = time.time()
        admin.registry.CreateVersion(rs.CreateVersionRequest(model_id=name, files=world["files"]), timeout=30)
    with secured.client("editor") as editor:
        editor.set_alias(name, "staging", 1)
        with pytest.raises(PermissionDenied):
            editor.archive_version(f"{name}:1")
    with secured.client("maintainer") as maintainer:
        maintainer.archive_version(f"{name}:1")
    with secured.client("root") as admin:
        records = list(admin.audit(model=name, page_size=2))
        by_editor = list(admin.audit(actor="editor", since=start))
        denied = list(admin.audit(actor="editor", outcome="denied", since=start))
        archived = list(admin.audit(types=["VERSION_ARCHIVED"], model=name))
        none_after = list(admin.audit(model=name, since=time.time() + 60))
        none_before = list(admin.audit(model=name, until=start - 60))
    changes = [(x.actor, r.EventType.Name(x.event.type)) for x in reversed(records) if x.HasField("event")]
    assert changes == [
        ("root", "EVENT_TYPE_MODEL_CREATED"), ("root", "EVENT_TYPE_VERSION_CREATED"),
        ("root", "EVENT_TYPE_ALIAS_SET"), ("editor", "EVENT_TYPE_ALIAS_SET"),
        ("maintainer", "EVENT_TYPE_VERSION_ARCHIVED"), ("maintainer", "EVENT_TYPE_ALIAS_DELETED"),
        ("maintainer", "EVENT_TYPE_ALIAS_DELETED"),
    ]
    assert [x.denied.method for x in records if x.HasField("denied")] == ["/modelreg.v1.RegistryService/ArchiveVersion"]
    assert [x.time.ToMicroseconds() for x in records] == sorted((x.time.ToMicroseconds() for x in records), reverse=True)
    assert {x.actor for x in by_editor} == {"editor"} and len(by_editor) >= 2
    assert len(denied) == 1 and denied[0].denied.reason == "ROLE_REQUIRED" and denied[0].denied.model == name
    assert denied[0].denied.code == "PERMISSION_DENIED"
    assert [x.event.version for x in archived] == [1]
    assert none_after == [] and none_before == []


def test_governance_changes_are_audited(secured):
    name = unique("p")
    with secured.client("root") as admin:
        admin.create_principal(name, kind="service_account")
        binding = admin.grant_role(name, "editor", models="team-*")
        token, _ = admin.create_token(name, ttl=3600)
        admin.revoke_token(token.token_id)
        admin.revoke_role(binding.name)
        admin.delete_principal(name)
        mine = [x for x in admin.audit(types=["PRINCIPAL_CREATED", "ROLE_GRANTED", "TOKEN_CREATED", "TOKEN_REVOKED",
                                              "ROLE_REVOKED", "PRINCIPAL_DELETED"], page_size=50)
                if name in x.event.subject or x.event.details.get("principal") == name]
    assert [r.EventType.Name(x.event.type) for x in reversed(mine)] == [
        "EVENT_TYPE_PRINCIPAL_CREATED", "EVENT_TYPE_ROLE_GRANTED", "EVENT_TYPE_TOKEN_CREATED",
        "EVENT_TYPE_TOKEN_REVOKED", "EVENT_TYPE_ROLE_REVOKED", "EVENT_TYPE_PRINCIPAL_DELETED"]
    assert all(x.actor == "root" and x.event.model == "" for x in mine)
    assert mine[-1].event.details == {"kind": "service_account"}


@pytest.mark.parametrize("kwargs,reason", [
    ({"types": ["NOT_A_TYPE"]}, None),
    ({"since": 200.0, "until": 100.0}, "INVALID_TIME_RANGE"),
    ({"model": "Bad Name"}, "INVALID_NAME"),
    ({"page_size": -1}, "INVALID_PAGE_SIZE"),
])
def test_bad_audit_queries(secured, kwargs, reason):
    with secured.client("root") as admin:
        with pytest.raises((InvalidArgument, ValueError)) as e:
            list(admin.audit(**kwargs))
    if reason:
        assert e.value.reason == reason


def test_bad_audit_page_token(secured):
    with secured.client("root") as admin:
        with pytest.raises(InvalidArgument) as e:
            admin._unary(admin.access.ListAuditRecords, ac.ListAuditRecordsRequest(page_token="garbage"))
    assert e.value.reason == "INVALID_PAGE_TOKEN"


# Principals, tokens, roles

@pytest.mark.parametrize("call,reason", [
    (lambda a: a.create_principal("Bad Name"), "INVALID_NAME"),
    (lambda a: a.create_principal("../etc"), "INVALID_NAME"),
    (lambda a: a.create_principal("admin"), "PRINCIPAL_ALREADY_EXISTS"),
    (lambda a: a.create_principal("x", kind="robot"), "INVALID_KIND"),
    (lambda a: a.create_token("no-such-principal"), "PRINCIPAL_NOT_FOUND"),
    (lambda a: a.create_token("nobody", ttl=-5), "INVALID_TTL"),
    (lambda a: a.create_token("nobody", description="x" * 5000), "INVALID_DESCRIPTION"),
    (lambda a: a.revoke_token("not-a-token-id"), "INVALID_NAME"),
    (lambda a: a.revoke_token("0123456789ab"), "TOKEN_NOT_FOUND"),
    (lambda a: a.grant_role("nobody", "superuser"), "INVALID_ROLE"),
    (lambda a: a.grant_role("nobody", "viewer", models="../*"), "INVALID_PATTERN"),
    (lambda a: a.grant_role("no-such-principal", "viewer"), "PRINCIPAL_NOT_FOUND"),
    (lambda a: a.revoke_role("roleBindings/999999"), "ROLE_BINDING_NOT_FOUND"),
    (lambda a: a.revoke_role("roleBindings/x"), "INVALID_NAME"),
    (lambda a: a.unprotect_alias("protectedAliases/999999"), "PROTECTED_ALIAS_NOT_FOUND"),
    (lambda a: a.delete_principal("root"), "SELF_DELETE"),
    (lambda a: a.delete_principal("no-such-principal"), "PRINCIPAL_NOT_FOUND"),
])
def test_bad_governance_requests_change_nothing(secured, call, reason):
    before = _head(secured)
    with secured.client("root") as admin:
        error = _raises(call, admin)
    assert error is not None and error.reason == reason, repr(error)
    assert _head(secured)[0] == before[0]


def test_the_last_admin_stays(secured):
    with secured.client("root") as admin:
        bindings = [b for b in admin.list_role_bindings() if b.role == ac.ROLE_ADMIN and b.model_pattern == "*"]
        others = [b for b in bindings if b.principal != "principals/root"]
        for b in others:  # leave the bootstrapped admin as the only global admin for a moment
            admin.revoke_role(b.name)
        try:
            with pytest.raises(FailedPrecondition) as e:
                admin.revoke_role(next(b.name for b in bindings if b.principal == "principals/root"))
            assert e.value.reason == "LAST_ADMIN"
        finally:
            for b in others:
                admin.grant_role(b.principal, "admin")


def test_revoked_token_stops_working_at_once(secured):
    with secured.client("root") as admin:
        admin.create_principal(unique_name := unique("short"))
        admin.grant_role(unique_name, "viewer")
        token, secret = admin.create_token(unique_name)
    with secured.client(secret) as c:
        assert c.whoami().principal.name == f"principals/{unique_name}"
        with secured.client("root") as admin:
            admin.revoke_token(token.name)
        with pytest.raises(Unauthenticated) as e:
            c.whoami()
    assert e.value.reason == "TOKEN_REVOKED"


def test_tokens_are_never_stored_or_logged_in_plain_text(secured):
    with secured.client("root") as admin:
        admin.create_principal(name := unique("leak"))
        token, secret = admin.create_token(name)
        listed = b"".join(t.SerializeToString() for t in admin.list_tokens())
        audit = b"".join(x.SerializeToString() for x in admin.audit(page_size=1000))
    with secured.client(secret[:-1] + ("A" if secret[-1] != "A" else "B")) as wrong:
        error = _raises(wrong.whoami)
    key = secret.split("_", 2)[2]
    stored = stored_bytes(secured.server)
    assert token.token_id.encode() in stored  # the id is public ...
    assert key.encode() not in stored  # ... the secret is not there
    assert key.encode() not in listed and key.encode() not in audit
    assert key not in secured.server.log.read_text()
    assert key[:-1] not in str(error)


def test_whoami(secured):
    with secured.client("editor") as c:
        me = c.whoami()
    assert me.authentication_required
    assert me.principal.name == "principals/editor" and me.principal.kind == ac.PRINCIPAL_KIND_SERVICE_ACCOUNT
    assert [(b.role, b.model_pattern) for b in me.role_bindings] == [(ac.ROLE_EDITOR, "*")]


def test_push_and_pull_with_a_token(secured, world, tmp_path):
    with secured.client("editor") as editor:
        v = editor.push(unique("pushed"), world["src"])
    with secured.client("viewer") as viewer:
        viewer.pull(f"{v.model}:1", tmp_path / "out")
    assert (tmp_path / "out" / "w.bin").read_bytes() == (world["src"] / "w.bin").read_bytes()


# Serving with and without authentication

@pytest.mark.parametrize("listen,flags,required", [
    ("127.0.0.1:50051", {}, False),
    ("localhost:50051", {}, False),
    ("[::1]:50051", {}, False),
    ("127.0.0.1:50051", {"auth": True}, True),
    ("0.0.0.0:50051", {}, True),
    ("[::]:50051", {}, True),
    ("10.1.2.3:50051", {}, True),
    ("myhost.example:50051", {}, True),
    ("0.0.0.0:50051", {"insecure_no_auth": True}, False),
])
def test_when_tokens_are_required(listen, flags, required):
    from modelreg_server.app import auth_required
    assert auth_required(listen, auth=flags.get("auth", False),
                         insecure_no_auth=flags.get("insecure_no_auth", False)) is required


def test_a_non_loopback_server_requires_tokens_and_says_how_to_get_one(tmp_path):
    from conftest import ServerProcess
    srv = ServerProcess(tmp_path / "data", "--listen", "0.0.0.0:0").start()
    try:
        with Registry(srv.address) as anonymous:
            with pytest.raises(Unauthenticated) as e:
                list(anonymous.list_models())
        assert e.value.reason == "TOKEN_MISSING"
    finally:
        srv.stop()
    log = srv.log.read_text()
    assert f"modelreg bootstrap --data {srv.data.resolve()}" in log
    assert "mrt_" not in log


def test_insecure_no_auth_opens_a_non_loopback_server(tmp_path):
    from conftest import ServerProcess
    srv = ServerProcess(tmp_path / "data", "--listen", "0.0.0.0:0", "--insecure-no-auth").start()
    try:
        with Registry(srv.address) as anyone:
            anyone.create_model("open")
            assert not anyone.whoami().authentication_required
    finally:
        srv.stop()
    assert "authentication is off" in srv.log.read_text()


def test_contradictory_auth_flags(tmp_path):
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "modelreg", "serve", "--data", str(tmp_path / "d"), "--auth",
                             "--insecure-no-auth", "--listen", "127.0.0.1:0"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode != 0 and "contradict" in result.stderr


def test_admin_cli(tmp_path):
    import json
    import subprocess
    import sys
    from conftest import ServerProcess
    srv = ServerProcess(tmp_path / "data", "--auth").start()

    def run(*args, token=None, check=True):
        env = {**os.environ, "MODELREG_SERVER": srv.address}
        env.pop("MODELREG_TOKEN", None)
        if srv.db_url:  # the server's metadata is not in its data directory: bootstrap finds it by --db
            env["MODELREG_DB"] = srv.db_url
        if token:
            env["MODELREG_TOKEN"] = token
        result = subprocess.run([sys.executable, "-m", "modelreg", *args], capture_output=True, text=True, env=env,
                                timeout=60)
        assert (result.returncode == 0) == check, result.stdout + result.stderr
        return result
    try:
        boot = json.loads(run("bootstrap", "--data", str(srv.data), "--json").stdout)
        root = boot["secret"]
        again = run("bootstrap", "--data", str(srv.data), check=False)
        assert "ADMIN_EXISTS" in again.stderr
        assert json.loads(run("whoami", "--json", token=root).stdout)["principal"]["name"] == "principals/admin"
        run("user", "add", "ci", "--service-account", "--json", token=root)
        binding = json.loads(run("role", "grant", "ci", "editor", "--models", "fraud-*", "--json", token=root).stdout)
        assert binding["role"] == "ROLE_EDITOR" and binding["model_pattern"] == "fraud-*"
        created = json.loads(run("token", "create", "ci", "--ttl", "30d", "--description", "ci", "--json",
                                 token=root).stdout)
        ci = created["secret"]
        assert ci.startswith("mrt_" + created["token"]["token_id"] + "_")
        rule = json.loads(run("policy", "protect", "production", "--json", token=root).stdout)
        assert rule["alias_pattern"] == "production"
        listed = run("token", "ls", "--json", token=root).stdout
        assert ci.split("_", 2)[2] not in listed and '"state": "active"' in listed
        run("models", token=ci)
        denied = run("user", "ls", token=ci, check=False)
        assert "PERMISSION_DENIED ROLE_REQUIRED" in denied.stderr
        audit = json.loads(run("audit", "--denied", "--json", token=root).stdout)["records"]
        assert audit[0]["actor"] == "ci" and audit[0]["denied"]["method"].endswith("/ListPrincipals")
        changes = json.loads(run("audit", "--actor", "admin", "--json", token=root).stdout)["records"]
        assert [x["event"]["type"] for x in changes][:3] == ["ALIAS_PROTECTED", "TOKEN_CREATED", "ROLE_GRANTED"]
        assert "INVALID_TTL" in run("token", "create", "ci", "--ttl", "soon", token=root, check=False).stderr
        run("token", "revoke", created["token"]["token_id"], token=root)
        assert "TOKEN_REVOKED" in run("models", token=ci, check=False).stderr
        table = run("role", "ls", token=root).stdout
        assert "fraud-*" in table and "editor" in table
    finally:
        srv.stop()
