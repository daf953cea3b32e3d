"""Dashboard actions (web/actions.py): alias moves with compare-and-swap, archive/restore, edits;
the same access rules as gRPC, refusals audited. A real server, real pushed models, real HTTP and
a real browser on loopback."""

import contextlib
import re

import httpx
import pytest

from conftest import Secured, ServerProcess, data_state, screenshot
from modelreg import Registry

JSON = {"Accept": "application/json"}


def dashboard(srv: ServerProcess) -> str:
    """The dashboard URL the server prints right after its listening line."""
    line = srv.proc.stdout.readline().decode()
    match = re.search(r"web dashboard at (http://127\.0\.0\.1:\d+/)", line)
    assert match, line
    return match.group(1)


def push_versions(reg: Registry, model: str, count: int, tmp_path) -> None:
    reg.create_model(model, description="first card", tags={"team": "vision"})
    for n in range(1, count + 1):
        path = tmp_path / f"{model}-{n}.bin"
        path.write_bytes(f"{model} weights {n}".encode() * 100)
        reg.push(model, path, metrics={"accuracy": 0.8 + n / 100})


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    """A server without auth (every caller may do everything) and its dashboard."""
    srv = ServerProcess(tmp_path_factory.mktemp("actweb") / "data", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    files = tmp_path_factory.mktemp("actfiles")
    with Registry(srv.address, timeout=30) as reg:
        for model in ("act-move", "act-bad", "act-edit", "act-ui"):
            push_versions(reg, model, 3, files)
            reg.set_alias(model, "prod", 1)
    yield srv, url
    srv.stop()


@pytest.fixture(scope="module")
def secure(tmp_path_factory):
    """A server with --auth, a principal per role (conftest.Secured), and a protected alias."""
    srv = ServerProcess(tmp_path_factory.mktemp("actsec") / "data", "--auth", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    sec = Secured(srv)
    files = tmp_path_factory.mktemp("actsecfiles")
    with sec.client("root") as admin:
        for model in ("guarded", "guarded-ui"):
            push_versions(admin, model, 3, files)
            admin.set_alias(model, "prod", 1)
            admin.set_alias(model, "staging", 1)
        admin.protect_alias("prod", models="guarded*")
    yield srv, url, sec
    srv.stop()


@contextlib.contextmanager
def browser_client(url: str):
    """An HTTP client holding the CSRF cookie the dashboard hands every browser."""
    with httpx.Client(base_url=url) as http:
        http.get("/sign-in")
        yield http


@contextlib.contextmanager
def signed_in(url: str, token: str):
    with browser_client(url) as http:
        response = http.post("/sign-in", data={"token": token, "csrf": csrf(http), "next": "/models"})
        assert response.status_code == 303
        yield http


def csrf(http: httpx.Client) -> str:
    return http.cookies["modelreg_csrf"]


def alias_of(address: str, model: str, alias: str, token: str | None = None) -> int:
    with Registry(address, token=token, timeout=30) as reg:
        return dict(reg.get_model(model).aliases).get(alias, 0)


def without_denials(state: dict) -> dict:
    """data_state minus the refused-call counts: a refusal is recorded there, and changes nothing else."""
    return {**state, "rows": {t: n for t, n in state["rows"].items() if t != "denied_calls"}}


def denials(address: str, token: str | None, **filters) -> list:
    with Registry(address, token=token, timeout=30) as reg:
        return [r for r in reg.audit(outcome="denied", **filters)]


# Alias moves


def test_move_alias_redirects_back_with_flash(web):
    srv, url = web
    with browser_client(url) as http:
        moved = http.post("/models/act-move/aliases/prod", data={
            "csrf": csrf(http), "version": "2", "expected_version": "1", "next": "/models/act-move"})
        page = http.get(moved.headers["location"])
        again = http.get("/models/act-move")
    assert moved.status_code == 303 and moved.headers["location"] == "/models/act-move"
    assert 'id="flash">act-move:prod now points at version 2 (was 1)<' in page.text
    assert 'id="flash"' not in again.text  # shown once
    assert alias_of(srv.address, "act-move", "prod") == 2


def test_move_alias_json_and_new_alias(web):
    srv, url = web
    with browser_client(url) as http:
        created = http.post("/models/act-move/aliases?format=json", data={
            "csrf": csrf(http), "alias": "canary", "version": "3", "expected_version": "0"})
        exists = http.post("/models/act-move/aliases?format=json", data={
            "csrf": csrf(http), "alias": "canary", "version": "1", "expected_version": "0"})
    assert created.status_code == 200
    assert created.json()["alias"] == {"name": "models/act-move/aliases/canary", "model": "act-move",
                                       "alias": "canary", "version": 3, "previous_version": 0}
    assert exists.status_code == 409 and exists.json()["error"]["reason"] == "ALIAS_CONFLICT"
    assert exists.json()["current_version"] == 3
    assert alias_of(srv.address, "act-move", "canary") == 3


def test_conflict_is_explained_and_retry_uses_the_new_state(web):
    """The page showed prod -> 1; someone moves it to 2 (SDK); the stale form changes nothing and
    says where prod points now; the retry form on that page carries the new state."""
    srv, url = web
    with Registry(srv.address, timeout=30) as reg:
        reg.set_alias("act-edit", "prod", 1)
        reg.set_alias("act-edit", "prod", 2, expect=1)
    before = data_state(srv.data)
    with browser_client(url) as http:
        stale = {"csrf": csrf(http), "version": "3", "expected_version": "1", "next": "/models/act-edit"}
        page = http.post("/models/act-edit/aliases/prod", data=stale)
        data = http.post("/models/act-edit/aliases/prod", data=stale, headers=JSON).json()
        assert data_state(srv.data) == before
        retry = re.search(r'<form method="post" action="([^"]+)" id="retry">(.*?)</form>', page.text, re.S)
        fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', retry.group(2)))
        retried = http.post(retry.group(1), data=fields)
    assert page.status_code == 409 and "now points at" in page.text and 'id="current">version 2<' in page.text
    assert data["error"]["reason"] == "ALIAS_CONFLICT"
    assert (data["current_version"], data["expected_version"], data["version"]) == (2, 1, 3)
    assert fields["expected_version"] == "2" and fields["version"] == "3"
    assert retried.status_code == 303 and alias_of(srv.address, "act-edit", "prod") == 3


def test_promotion_gate_holds_for_dashboard_moves(web, tmp_path):
    """Issue 18: the dashboard's move is the same set_alias: an unmet gate is 412 PROMOTION_BLOCKED
    naming the failed clause and the actual value, and changes nothing; once met, it moves."""
    srv, url = web
    with Registry(srv.address, timeout=30) as reg:
        push_versions(reg, "act-gate", 2, tmp_path)
        reg.set_alias("act-gate", "prod", 1)
        rule = reg.protect_alias("prod", models="act-gate", require="metrics.accuracy >= 0.9 AND description:*")
    try:
        with browser_client(url) as http:
            form = {"csrf": csrf(http), "version": "2", "expected_version": "1"}
            before = data_state(srv.data)
            refused = http.post("/models/act-gate/aliases/prod", data=form, headers=JSON)
            page = http.post("/models/act-gate/aliases/prod", data=form)
            assert data_state(srv.data) == before
            assert refused.status_code == 412
            error = refused.json()["error"]
            assert error["reason"] == "PROMOTION_BLOCKED"
            assert "metrics.accuracy >= 0.9 (actual: 0.82" in error["message"]  # 0.8 + 2/100
            assert "description:* (actual: missing)" in error["message"]
            assert page.status_code == 412 and "PROMOTION_BLOCKED" in page.text and 'id="error"' in page.text
            assert alias_of(srv.address, "act-gate", "prod") == 1
            with Registry(srv.address, timeout=30) as reg:
                reg.update_version("act-gate:2", description="card", metrics={"accuracy": 0.95})
            moved = http.post("/models/act-gate/aliases/prod", data=form)
            assert moved.status_code == 303 and alias_of(srv.address, "act-gate", "prod") == 2
    finally:
        with Registry(srv.address, timeout=30) as reg:
            reg.unprotect_alias(rule.name)


BAD_POSTS = [
    # (path, form fields (csrf added unless given), status, reason)
    ("/models/act-bad/aliases/prod", {"csrf": None, "version": "2"}, 403, "CSRF_TOKEN_INVALID"),
    ("/models/act-bad/aliases/prod", {"csrf": "forged", "version": "2"}, 403, "CSRF_TOKEN_INVALID"),
    ("/models/act-bad/versions/1/archive", {"csrf": None}, 403, "CSRF_TOKEN_INVALID"),
    ("/models/act-bad/aliases/prod", {"version": "two"}, 400, "INVALID_VERSION"),
    ("/models/act-bad/aliases/prod", {"version": "0"}, 400, "INVALID_VERSION"),
    ("/models/act-bad/aliases/prod", {"version": ""}, 400, "INVALID_VERSION"),
    ("/models/act-bad/aliases/prod", {"version": "99999999999"}, 400, "INVALID_VERSION"),
    ("/models/act-bad/aliases/prod", {"version": "2", "expected_version": "x"}, 400, "INVALID_VERSION"),
    ("/models/act-bad/aliases/prod", {"version": "99"}, 404, "VERSION_NOT_FOUND"),
    ("/models/act-bad/aliases/prod", {"version": "2", "expected_version": "3"}, 409, "ALIAS_CONFLICT"),
    ("/models/act-bad/aliases/latest", {"version": "2"}, 400, "RESERVED_ALIAS"),
    ("/models/act-bad/aliases", {"alias": "Bad Alias", "version": "2"}, 400, "INVALID_ALIAS"),
    ("/models/act-bad/aliases", {"alias": "", "version": "2"}, 400, "INVALID_ALIAS"),
    ("/models/no-such-model/aliases/prod", {"version": "1"}, 404, "MODEL_NOT_FOUND"),
    ("/models/act-bad/edit", {}, 400, "INVALID_UPDATE_MASK"),
    ("/models/act-bad/edit", {"tags": "team"}, 400, "INVALID_TAG"),
    ("/models/act-bad/edit", {"tags": "bad key=x"}, 400, "INVALID_TAG"),
    ("/models/act-bad/edit", {"tags": "a=1\na=2"}, 400, "INVALID_TAG"),
    ("/models/act-bad/edit", {"tags": "k=" + "v" * 1025}, 400, "INVALID_TAG"),
    ("/models/act-bad/edit", {"tags": "\n".join(f"k{i}=v" for i in range(257))}, 400, "TOO_MANY_TAGS"),
    ("/models/act-bad/edit", {"description": "x" * (64 * 1024 + 1)}, 400, "DESCRIPTION_TOO_LONG"),
    ("/models/act-bad/versions/2/edit", {"description": "é" * (32 * 1024 + 1)}, 400, "DESCRIPTION_TOO_LONG"),
    ("/models/act-bad/versions/2/edit", {"tags": "=v"}, 400, "INVALID_TAG"),
    ("/models/act-bad/versions/9/edit", {"description": "x"}, 404, "VERSION_NOT_FOUND"),
    ("/models/act-bad/versions/9/archive", {}, 404, "VERSION_NOT_FOUND"),
    ("/models/act-bad/versions/9/restore", {}, 404, "VERSION_NOT_FOUND"),
]


@pytest.mark.parametrize("path, fields, status, reason", BAD_POSTS)
def test_bad_input_is_refused_and_changes_nothing(web, path, fields, status, reason):
    srv, url = web
    with browser_client(url) as http:
        form = {"csrf": csrf(http), "expected_version": "1", **fields} if "alias" in path else \
            {"csrf": csrf(http), **fields}
        if form["csrf"] is None:
            del form["csrf"]
        before = data_state(srv.data)
        refused = http.post(path, data=form, headers=JSON)
        page = http.post(path, data=form)
    assert refused.status_code == status and refused.json()["error"]["reason"] == reason
    assert page.status_code == status and reason in page.text and 'id="error"' in page.text
    after = data_state(srv.data)
    if status == 403:  # a refused write is audited (denied_calls), and changes nothing else
        assert without_denials(after) == without_denials(before)
        assert any(r.denied.reason == reason and r.denied.method == f"POST {route(path)}"
                   for r in denials(srv.address, None))
    else:
        assert after == before
    assert alias_of(srv.address, "act-bad", "prod") == 1


def route(path: str) -> str:
    """The route pattern of an action path, as denials record it."""
    path = re.sub(r"^/models/[^/]+", "/models/{model}", path)
    path = re.sub(r"/versions/\d+", "/versions/{number}", path)
    return re.sub(r"/aliases/[^/]+$", "/aliases/{alias}", path)


# Archive, restore, edit


def test_archive_and_restore(web):
    srv, url = web
    with browser_client(url) as http:
        archived = http.post("/models/act-move/versions/1/archive?format=json", data={"csrf": csrf(http)})
        page = http.get("/models/act-move/versions/1")
        restored = http.post("/models/act-move/versions/1/restore", data={
            "csrf": csrf(http), "next": "/models/act-move/versions/1"})
        flash = http.get(restored.headers["location"])
    assert archived.status_code == 200 and archived.json()["version"]["state"] == "ARCHIVED"
    assert 'id="restore-version"' in page.text and 'id="archive-version"' not in page.text
    assert restored.status_code == 303 and "act-move:1 is READY" in flash.text
    assert 'id="archive-version"' in flash.text
    with Registry(srv.address, timeout=30) as reg:
        assert reg.get_version("act-move:1").state == 1  # READY


def test_edit_model_and_version(web):
    srv, url = web
    with browser_client(url) as http:
        model = http.post("/models/act-edit/edit", data={
            "csrf": csrf(http), "description": "# Card\r\nnew text", "tags": "team=nlp\n\nowner = ana\n"})
        version = http.post("/models/act-edit/versions/2/edit?format=json", data={
            "csrf": csrf(http), "description": "retrained", "tags": "stage=b"})
        only_tags = http.post("/models/act-edit/versions/2/edit?format=json", data={
            "csrf": csrf(http), "tags": ""})
    assert model.status_code == 303
    assert version.status_code == 200 and version.json()["version"]["tags"] == {"stage": "b"}
    assert only_tags.json()["version"]["tags"] == {} and only_tags.json()["version"]["description"] == "retrained"
    with Registry(srv.address, timeout=30) as reg:
        row = reg.get_model("act-edit")
        assert row.description == "# Card\nnew text" and dict(row.tags) == {"team": "nlp", "owner": "ana"}
        assert reg.get_version("act-edit:2").description == "retrained"


# Access: roles, protection, forged writes, audit


def test_viewer_sees_no_write_controls(secure):
    srv, url, sec = secure
    with signed_in(url, sec.tokens["viewer"]) as viewer, signed_in(url, sec.tokens["maintainer"]) as maintainer:
        pages = {who: (http.get("/models/guarded").text, http.get("/models/guarded/versions/2").text)
                 for who, http in (("viewer", viewer), ("maintainer", maintainer))}
    assert all(f'{tag}' not in text for text in pages["viewer"]
               for tag in ('method="post" action="/models/', "<textarea", "Move prod", "Archive"))
    model_page, version_page = pages["maintainer"]
    assert 'action="/models/guarded/aliases/prod"' in model_page and 'id="edit-model"' in model_page
    assert 'id="archive-version"' in version_page and 'id="edit-version"' in version_page


def test_editor_sees_no_archive_control(secure):
    srv, url, sec = secure
    with signed_in(url, sec.tokens["editor"]) as editor:
        version_page = editor.get("/models/guarded/versions/2").text
    assert 'id="edit-version"' in version_page and 'id="archive-version"' not in version_page


@pytest.mark.parametrize("who, path, fields, reason", [
    ("viewer", "/models/guarded/aliases/staging", {"version": "2", "expected_version": "1"}, "ROLE_REQUIRED"),
    ("viewer", "/models/guarded/edit", {"description": "defaced"}, "ROLE_REQUIRED"),
    ("viewer", "/models/guarded/versions/2/edit", {"tags": "x=y"}, "ROLE_REQUIRED"),
    ("viewer", "/models/guarded/versions/2/archive", {}, "ROLE_REQUIRED"),
    ("editor", "/models/guarded/versions/2/archive", {}, "ROLE_REQUIRED"),
    ("editor", "/models/guarded/aliases/prod", {"version": "2", "expected_version": "1"}, "ALIAS_PROTECTED"),
    ("nobody", "/models/guarded/aliases/staging", {"version": "2", "expected_version": "1"}, "ROLE_REQUIRED"),
])
def test_forged_write_refused_as_over_grpc_and_audited(secure, who, path, fields, reason):
    """A signed-in caller with a valid CSRF token posts a write its role does not allow: 403 with
    the gRPC reason, nothing changed, a denial in the audit trail with the actor and the route."""
    srv, url, sec = secure
    with signed_in(url, sec.tokens[who]) as http:
        before = data_state(srv.data)
        refused = http.post(path, data={"csrf": csrf(http), **fields}, headers=JSON)
    assert refused.status_code == 403 and refused.json()["error"]["reason"] == reason
    assert without_denials(data_state(srv.data)) == without_denials(before)
    records = denials(srv.address, sec.admin_token, actor=who)
    assert any(r.actor == who and r.denied.reason == reason and r.denied.code == "PERMISSION_DENIED"
               and r.denied.method == f"POST {route(path)}" and r.denied.model == "guarded" and r.denied.source == who
               for r in records), records
    assert alias_of(srv.address, "guarded", "prod", sec.admin_token) == 1


def test_same_refusal_over_grpc(secure):
    """The editor's refusal on a protected alias is the one SetAlias gives over gRPC."""
    from modelreg import ModelregError
    srv, url, sec = secure
    with sec.client("editor") as editor, pytest.raises(ModelregError) as grpc_refusal:
        editor.set_alias("guarded", "prod", 2, expect=1)
    with signed_in(url, sec.tokens["editor"]) as http:
        web_refusal = http.post("/models/guarded/aliases/prod", data={
            "csrf": csrf(http), "version": "2", "expected_version": "1"}, headers=JSON).json()["error"]
    assert grpc_refusal.value.code.name == "PERMISSION_DENIED"
    assert (web_refusal["reason"], web_refusal["message"]) == (grpc_refusal.value.reason, grpc_refusal.value.message)


def test_maintainer_moves_protected_alias_audited_with_actor(secure):
    srv, url, sec = secure
    with signed_in(url, sec.tokens["maintainer"]) as http:
        moved = http.post("/models/guarded/aliases/prod?format=json", data={
            "csrf": csrf(http), "version": "3", "expected_version": "1"})
        archived = http.post("/models/guarded/versions/2/archive?format=json", data={"csrf": csrf(http)})
    assert moved.status_code == 200 and moved.json()["alias"]["version"] == 3
    assert archived.status_code == 200
    with sec.client("root") as admin:
        changes = list(admin.audit(actor="maintainer", model="guarded", outcome="allowed"))
    kinds = {(r.event.alias, r.event.version) for r in changes}
    assert ("prod", 3) in kinds and all(r.actor == "maintainer" for r in changes)
    with sec.client("root") as admin:
        admin.restore_version("guarded:2")
        admin.set_alias("guarded", "prod", 1)


def test_conflict_names_who_moved_it(secure):
    srv, url, sec = secure
    with sec.client("editor") as editor:
        editor.set_alias("guarded", "staging", 1)
        editor.set_alias("guarded", "staging", 3, expect=1)
    with signed_in(url, sec.tokens["maintainer"]) as http:
        data = http.post("/models/guarded/aliases/staging", data={
            "csrf": csrf(http), "version": "2", "expected_version": "1"}, headers=JSON).json()
    assert data["current_version"] == 3 and data["moved_by"] == "editor" and data["moved_time"] > 0


def test_signed_out_post_is_unauthenticated_and_audited(secure):
    srv, url, sec = secure
    with browser_client(url) as http:
        before = data_state(srv.data)
        refused = http.post("/models/guarded/aliases/staging", data={"csrf": csrf(http), "version": "2"},
                            headers=JSON)
    assert refused.status_code == 401 and refused.json()["error"]["reason"] == "TOKEN_MISSING"
    assert without_denials(data_state(srv.data)) == without_denials(before)
    assert any(r.denied.code == "UNAUTHENTICATED" and r.denied.source == "127.0.0.1"
               and r.denied.method == "POST /models/{model}/aliases/{alias}"
               for r in denials(srv.address, sec.admin_token))


# In a browser


def test_move_alias_in_browser_and_conflict(web, browser):
    srv, url = web
    context = browser.new_context(base_url=url)
    page = context.new_page()
    script_errors = []
    page.on("pageerror", lambda e: script_errors.append(str(e)))
    page.goto("/models/act-ui")
    screenshot(page, "actions-model")
    form = page.locator('form[data-alias="prod"]')
    form.locator("input[name=version]").fill("2")
    form.locator("button").click()
    page.wait_for_url("**/models/act-ui")
    assert "act-ui:prod now points at version 2" in page.locator("#flash").inner_text()
    screenshot(page, "actions-moved")
    assert alias_of(srv.address, "act-ui", "prod") == 2
    # Someone else moves it after the page loaded; this page's form still says 2.
    with Registry(srv.address, timeout=30) as reg:
        reg.set_alias("act-ui", "prod", 1, expect=2)
    form = page.locator('form[data-alias="prod"]')
    form.locator("input[name=version]").fill("3")
    form.locator("button").click()
    page.wait_for_load_state()
    assert "was moved by someone else" in page.locator("h1").inner_text()
    assert page.locator("#current").inner_text() == "version 1"
    screenshot(page, "actions-conflict")
    assert alias_of(srv.address, "act-ui", "prod") == 1
    page.locator("#retry button").click()
    page.wait_for_url("**/models/act-ui")
    assert alias_of(srv.address, "act-ui", "prod") == 3
    page.goto("/models/act-ui/versions/2")
    screenshot(page, "actions-version")
    page.locator("#archive-version button").click()
    page.wait_for_url("**/models/act-ui/versions/2")
    assert "is ARCHIVED" in page.locator("#flash").inner_text()
    assert page.locator("#restore-version").count() == 1
    assert script_errors == []
    context.close()


def test_viewer_in_browser_has_no_controls_and_forged_post_is_audited(secure, browser):
    srv, url, sec = secure
    context = browser.new_context(base_url=url)
    page = context.new_page()
    page.goto("/sign-in?next=/models")
    page.fill("input[name=token]", sec.tokens["viewer"])
    page.locator("form[action='/sign-in'] button").click()
    page.wait_for_url("**/models")
    page.goto("/models/guarded-ui")
    assert page.locator("form[action^='/models/']").count() == 0 and page.locator("textarea").count() == 0
    screenshot(page, "actions-viewer-model")
    page.goto("/models/guarded-ui/versions/2")
    assert page.locator("#version-actions").count() == 0
    screenshot(page, "actions-viewer-version")
    before = data_state(srv.data)
    # The forged form: the viewer's own session and CSRF token, a write the page never offered.
    page.evaluate("""() => {
        const form = document.createElement("form");
        form.method = "post"; form.action = "/models/guarded-ui/aliases/staging";
        const csrf = document.querySelector("input[name=csrf]").value;
        for (const [k, v] of [["csrf", csrf], ["version", "2"], ["expected_version", "1"]]) {
            const input = document.createElement("input"); input.name = k; input.value = v; form.append(input);
        }
        document.body.append(form); form.submit();
    }""")
    page.wait_for_url("**/aliases/staging")
    assert "ROLE_REQUIRED" in page.locator("#error").inner_text()
    screenshot(page, "actions-viewer-forged")
    assert without_denials(data_state(srv.data)) == without_denials(before)
    assert any(r.actor == "viewer" and r.denied.model == "guarded-ui" and r.denied.reason == "ROLE_REQUIRED"
               for r in denials(srv.address, sec.admin_token, actor="viewer"))
    context.close()
