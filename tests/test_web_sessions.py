"""Dashboard sessions in the metadata database, and `modelreg ui-login` one-time links: a real
--auth server on each backend, the real CLI, real HTTP on loopback."""

import hashlib
import json
import os
import re
import subprocess
import sys

import httpx
import pytest

from conftest import Secured, ServerProcess, data_state, free_port, metadata_connection, screenshot, stored_bytes

JSON = {"Accept": "application/json"}


def dashboard(srv: ServerProcess) -> str:
    line = srv.proc.stdout.readline().decode()
    match = re.search(r"web dashboard at (http://127\.0\.0\.1:\d+/)", line)
    assert match, line
    return match.group(1)


@pytest.fixture(scope="module")
def secure(tmp_path_factory, storage_backend):
    srv = ServerProcess(tmp_path_factory.mktemp("sessions") / "data", "--auth", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    sec = Secured(srv)
    with sec.client("root") as admin:
        admin.create_model("sess-model")
    yield srv, url, sec
    srv.stop()


def ui_login(address: str, token: str | None, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MODELREG_SERVER": address}
    env.pop("MODELREG_TOKEN", None)
    return subprocess.run([sys.executable, "-m", "modelreg", "ui-login", *(("--token", token) if token else ()),
                           *args], capture_output=True, text=True, env=env, timeout=60)


def link_of(address: str, token: str) -> str:
    result = ui_login(address, token, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["url"]


def redeem(http: httpx.Client, url: str) -> httpx.Response:
    page = http.get(url)
    csrf = http.cookies["modelreg_csrf"]
    assert page.status_code == 200, page.text
    return http.post(url, data={"csrf": csrf})


def test_link_signs_in_once_as_the_token(secure):
    srv, url, sec = secure
    link = link_of(srv.address, sec.tokens["editor"])
    assert re.fullmatch(re.escape(url) + r"sign-in/link/[A-Za-z0-9_-]{43}", link)
    with httpx.Client() as http:
        page = http.get(link)
        signed = redeem(http, link)
        home = http.get(url)
        listing = http.get(url + "models?format=json")
    assert 'id="principal">editor<' in page.text
    assert signed.status_code == 303 and signed.headers["location"] == "/"
    assert "Sign out editor" in home.text
    assert [m["name"] for m in listing.json()["models"]] == ["models/sess-model"]
    before = data_state(srv.data)
    with httpx.Client() as http:
        again_page = http.get(link, headers=JSON)
        http.get(url + "sign-in")
        again = http.post(link, data={"csrf": http.cookies["modelreg_csrf"]}, headers=JSON)
    assert again_page.status_code == 401 and again_page.json()["error"]["reason"] == "LOGIN_LINK_USED"
    assert again.status_code == 401 and again.json()["error"]["reason"] == "LOGIN_LINK_USED"
    assert "modelreg_session" not in again.headers.get("set-cookie", "")
    after = data_state(srv.data)
    assert {**after["rows"], "denied_calls": 0} == {**before["rows"], "denied_calls": 0}
    with sec.client("root") as admin:
        refused = [r for r in admin.audit(outcome="denied") if r.denied.reason == "LOGIN_LINK_USED"]
    assert refused and refused[0].denied.method == "POST /sign-in/link/{secret}"


def test_session_acts_as_the_token_and_ui_actions_carry_its_name(secure):
    srv, url, sec = secure
    with sec.client("root") as admin:
        admin.create_model("sess-edit")
    with httpx.Client() as http:
        redeem(http, link_of(srv.address, sec.tokens["editor"]))
        edited = http.post(url + "models/sess-edit/edit?format=json",
                           data={"csrf": http.cookies["modelreg_csrf"], "description": "via a link"})
    assert edited.status_code == 200
    with sec.client("root") as admin:
        changes = list(admin.audit(model="sess-edit", types=["MODEL_UPDATED"]))
    assert [r.actor for r in changes] == ["editor"]


@pytest.mark.parametrize("secret, reason", [("x" * 43, "LOGIN_LINK_INVALID"), ("short", "LOGIN_LINK_INVALID"),
                                            ("expired", "LOGIN_LINK_EXPIRED")])
def test_bad_links_refused(secure, secret, reason):
    srv, url, sec = secure
    link = url + f"sign-in/link/{secret}"
    if secret == "expired":
        link = link_of(srv.address, sec.tokens["viewer"])
        with metadata_connection(srv.data) as db:  # as five minutes passing would
            db.run("UPDATE web_sessions SET expire_time = 1 WHERE kind = 'link'")
    before = data_state(srv.data)
    with httpx.Client() as http:
        page = http.get(link)
        data = http.get(link, headers=JSON)
        http.get(url + "sign-in")
        post = http.post(link, data={"csrf": http.cookies["modelreg_csrf"]}, headers=JSON)
    assert page.status_code == 401 and "ui-login" in page.text and 'id="error"' in page.text
    assert data.status_code == 401 and data.json()["error"]["reason"] == reason
    assert post.status_code == 401 and post.json()["error"]["reason"] == reason
    assert {**data_state(srv.data)["rows"], "denied_calls": 0} == {**before["rows"], "denied_calls": 0}


def test_only_hashes_are_stored(secure):
    srv, url, sec = secure
    link = link_of(srv.address, sec.tokens["viewer"])
    secret = link.rsplit("/", 1)[1]
    with httpx.Client() as http:
        redeem(http, link)
        session_id = http.cookies["modelreg_session"]
    stored = stored_bytes(srv)
    assert secret.encode() not in stored and session_id.encode() not in stored
    with metadata_connection(srv.data) as db:
        hashes = {r["id_hash"] for r in db.rows("SELECT id_hash FROM web_sessions")}
    assert {hashlib.sha256(secret.encode()).hexdigest(), hashlib.sha256(session_id.encode()).hexdigest()} <= hashes


def test_revoked_token_or_expired_session_ends_it(secure):
    srv, url, sec = secure
    with sec.client("root") as admin:
        admin.create_principal("short-lived")
        admin.grant_role("short-lived", "viewer")
        token_row, token = admin.create_token("short-lived")
    with httpx.Client() as revoked, httpx.Client() as idle:
        redeem(revoked, link_of(srv.address, token))
        redeem(idle, link_of(srv.address, sec.tokens["viewer"]))
        assert revoked.get(url + "models?format=json").status_code == 200
        idle_id = hashlib.sha256(idle.cookies["modelreg_session"].encode()).hexdigest()
        with sec.client("root") as admin:
            admin.revoke_token(token_row.name)
        with metadata_connection(srv.data) as db:  # as 12 hours unused would
            db.run("UPDATE web_sessions SET expire_time = 1 WHERE id_hash = ?", [idle_id])
        gone = revoked.get(url + "models?format=json")
        page = revoked.get(url + "models")
        ended = idle.get(url + "models?format=json")
    assert gone.status_code == 401 and gone.json()["error"]["reason"] == "TOKEN_REVOKED"
    assert page.status_code == 303 and page.headers["location"].startswith("/sign-in")
    assert ended.status_code == 401 and ended.json()["error"]["reason"] == "SESSION_EXPIRED"


def test_sign_out_ends_the_stored_session(secure):
    srv, url, sec = secure
    with httpx.Client() as http:
        redeem(http, link_of(srv.address, sec.tokens["viewer"]))
        session_id = http.cookies["modelreg_session"]
        http.post(url + "sign-out", data={"csrf": http.cookies["modelreg_csrf"]})
    with httpx.Client(cookies={"modelreg_session": session_id}) as thief:
        after = thief.get(url + "models?format=json")
    assert after.status_code == 401 and after.json()["error"]["reason"] == "SESSION_INVALID"


def test_session_survives_a_restart(tmp_path, storage_backend):
    """Sessions live in the metadata database: another process on it (a restart here; a replica
    behind one address) knows them."""
    port = free_port()
    srv = ServerProcess(tmp_path / "data", "--auth", "--http", f"127.0.0.1:{port}").start()
    try:
        url = dashboard(srv)
        sec = Secured(srv)
        with httpx.Client() as http:
            redeem(http, link_of(srv.address, sec.tokens["viewer"]))
            srv.restart()
            assert dashboard(srv) == url
            after = http.get(url + "models?format=json")
        assert after.status_code == 200 and after.json()["models"] == []
    finally:
        srv.stop()


@pytest.mark.parametrize("who", ["missing", "bad"])
def test_ui_login_needs_a_valid_token(secure, who):
    srv, url, sec = secure
    result = ui_login(srv.address, None if who == "missing" else "mrt_000000000000_" + "x" * 43, "--json")
    assert result.returncode != 0
    assert json.loads(result.stdout)["error"]["reason"] == ("TOKEN_MISSING" if who == "missing" else "TOKEN_INVALID")


def test_ui_login_text_output(secure):
    srv, url, sec = secure
    result = ui_login(srv.address, sec.tokens["viewer"])
    assert result.returncode == 0 and "works once" in result.stdout
    assert re.search(re.escape(url) + r"sign-in/link/\S{43}", result.stdout)


def test_ui_login_without_dashboard_or_auth(tmp_path):
    no_http = ServerProcess(tmp_path / "a").start()
    open_web = ServerProcess(tmp_path / "b", "--http", "127.0.0.1:0").start()
    try:
        url = dashboard(open_web)
        refused = ui_login(no_http.address, None, "--json")
        plain = ui_login(open_web.address, None, "--json")
    finally:
        no_http.stop()
        open_web.stop()
    assert refused.returncode != 0 and json.loads(refused.stdout)["error"]["reason"] == "DASHBOARD_DISABLED"
    assert plain.returncode == 0 and json.loads(plain.stdout) == {"url": url}


def test_link_in_a_browser(secure, browser):
    srv, url, sec = secure
    link = link_of(srv.address, sec.tokens["maintainer"])
    context = browser.new_context()
    page = context.new_page()
    page.goto(link)
    assert page.locator("#principal").inner_text() == "maintainer"
    screenshot(page, "actions-sign-in-link")
    page.locator("#use-link button").click()
    page.wait_for_url(url)
    assert "Sign out maintainer" in page.locator("header").inner_text()
    page.goto(link)
    assert "used already" in page.locator("#error").inner_text()
    screenshot(page, "actions-sign-in-link-used")
    context.close()
