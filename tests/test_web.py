"""The web dashboard (`modelreg serve --http`): a real server, real pushed models, a real HTTP client on loopback."""

import re

import httpx
import pytest

from conftest import ServerProcess, screenshot
from modelreg import Registry


def dashboard(srv: ServerProcess) -> str:
    """The dashboard URL the server prints right after its listening line."""
    line = srv.proc.stdout.readline().decode()
    match = re.search(r"web dashboard at (http://127\.0\.0\.1:\d+/)", line)
    assert match, line
    return match.group(1)


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    srv = ServerProcess(tmp_path_factory.mktemp("web") / "data", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    model_dir = tmp_path_factory.mktemp("model")
    (model_dir / "weights.bin").write_bytes(b"w" * 5000)
    with Registry(srv.address, timeout=30) as reg:
        reg.create_model("web-vision", tags={"team": "vision"})
        reg.push("web-vision", model_dir, metrics={"accuracy": 0.91}, params={"lr": "0.1"}, tags={"stage": "a"})
        reg.push("web-vision", model_dir / "weights.bin", metrics={"accuracy": 0.95}, aliases=["prod"])
        reg.create_model("web-text", tags={"team": "nlp"})
    yield srv, url
    srv.stop()


def test_pages_render(web):
    srv, url = web
    with httpx.Client(base_url=url) as http:
        home = http.get("/")
        assert home.status_code == 200 and 'id="model-count">2<' in home.text
        assert "web-vision:2" in home.text
        listing = http.get("/models")
        assert "web-vision" in listing.text and "web-text" in listing.text
        page = http.get("/models/web-vision")
        assert page.status_code == 200 and "<th>accuracy</th>" in page.text and "0.95" in page.text
        assert "prod" in page.text
        version = http.get("/models/web-vision/versions/2")
        assert f'id="pull">modelreg pull --server {srv.address} web-vision:v2 ./web-vision-v2<' in version.text
        assert "weights.bin" in version.text
        assert http.get("/static/style.css").status_code == 200


def test_filter_box_uses_list_models_rule(web):
    srv, url = web
    with httpx.Client(base_url=url) as http:
        shown = http.get("/models", params={"filter": 'tags.team = "vision"', "format": "json"}).json()
    assert [m["name"] for m in shown["models"]] == ["models/web-vision"]


@pytest.mark.parametrize("bad", ['tags.team = ', 'name = "a" AND (', '"unterminated'])
def test_bad_filter_shown_with_position(web, bad):
    srv, url = web
    with httpx.Client(base_url=url) as http:
        page = http.get("/models", params={"filter": bad})
        data = http.get("/models", params={"filter": bad}, headers={"Accept": "application/json"}).json()
    assert page.status_code == 400 and 'id="error"' in page.text and "^" in page.text
    assert data["error"]["reason"] == "INVALID_FILTER" and data["error"]["metadata"]["position"].isdigit()
    assert data["models"] == []


def test_json_matches_sdk(web):
    srv, url = web
    with httpx.Client(base_url=url) as http, Registry(srv.address, timeout=30) as reg:
        model = http.get("/models/web-vision?format=json").json()
        version = http.get("/models/web-vision/versions/1", headers={"Accept": "application/json"}).json()["version"]
        sdk = reg.get_version("web-vision:1", files=True)
        sdk_model = reg.get_model("web-vision")
    assert model["model"]["name"] == sdk_model.name and model["model"]["aliases"] == {"latest": 2, "prod": 2}
    assert model["model"]["tags"] == dict(sdk_model.tags)
    assert [v["number"] for v in model["versions"]] == [2, 1]
    assert version["name"] == sdk.name and version["digest"] == sdk.digest
    assert version["metrics"] == dict(sdk.metrics) and version["params"] == dict(sdk.params)
    assert version["tags"] == dict(sdk.tags)
    assert [(f["path"], f["size"], f["tree_digest"]) for f in version["files"]] == \
        [(f.path, f.size, f.tree_digest) for f in sdk.files]  # sha256: filled in the background meanwhile


def test_unknown_model_is_404(web):
    srv, url = web
    with httpx.Client(base_url=url) as http:
        response = http.get("/models/nope-nope?format=json")
    assert response.status_code == 404 and response.json()["error"]["reason"] == "MODEL_NOT_FOUND"


def test_post_without_csrf_token_is_refused(web):
    srv, url = web
    with httpx.Client(base_url=url) as http:
        http.get("/")  # gets the CSRF cookie
        refused = http.post("/sign-in", data={"token": "x"}, headers={"Accept": "application/json"})
        forged = http.post("/sign-in", data={"token": "x", "csrf": "guess"}, headers={"Accept": "application/json"})
    assert refused.status_code == 403 and refused.json()["error"]["reason"] == "CSRF_TOKEN_INVALID"
    assert forged.status_code == 403 and forged.json()["error"]["reason"] == "CSRF_TOKEN_INVALID"


@pytest.fixture(scope="module")
def secured_web(tmp_path_factory):
    from modelreg_server.app import bootstrap
    srv = ServerProcess(tmp_path_factory.mktemp("secweb") / "data", "--auth", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    _, root = bootstrap(srv.data, "root", db_url=srv.db_url)
    with Registry(srv.address, token=root, timeout=30) as admin:
        admin.create_model("seen-model")
        admin.create_model("hidden-model")
        admin.create_principal("looker")
        admin.grant_role("looker", "viewer", models="seen-*")
        viewer = admin.create_token("looker")[1]
    yield srv, url, viewer
    srv.stop()


def sign_in(http: httpx.Client, token: str) -> httpx.Response:
    form = http.get("/sign-in").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    return http.post("/sign-in", data={"token": token, "csrf": csrf, "next": "/models"})


def test_auth_needs_sign_in(secured_web):
    srv, url, _ = secured_web
    with httpx.Client(base_url=url) as http:
        page = http.get("/models")
        data = http.get("/models?format=json")
    assert page.status_code == 303 and page.headers["location"].startswith("/sign-in")
    assert data.status_code == 401 and data.json()["error"]["reason"] == "TOKEN_MISSING"


def test_viewer_sees_only_readable_models(secured_web):
    srv, url, viewer = secured_web
    with httpx.Client(base_url=url) as http:
        signed = sign_in(http, viewer)
        cookie = signed.headers.get_list("set-cookie")
        listing = http.get("/models?format=json").json()
        hidden = http.get("/models/hidden-model?format=json")
    assert signed.status_code == 303 and signed.headers["location"] == "/models"
    assert any("modelreg_session=" in c and "HttpOnly" in c and "SameSite=Strict" in c for c in cookie)
    assert [m["name"] for m in listing["models"]] == ["models/seen-model"]
    assert hidden.status_code == 403 and hidden.json()["error"]["reason"] == "ROLE_REQUIRED"


def test_bad_token_not_signed_in(secured_web):
    srv, url, _ = secured_web
    with httpx.Client(base_url=url) as http:
        refused = sign_in(http, "mrt_000000000000_" + "x" * 43)
    assert refused.status_code == 401 and "modelreg_session" not in refused.headers.get("set-cookie", "")


@pytest.mark.parametrize("args, shown", [(("--http", "off"), False), (("--http", "127.0.0.1:0"), True)])
def test_http_flag(tmp_path, args, shown):
    srv = ServerProcess(tmp_path / "data", *args).start()
    if shown:
        assert httpx.get(dashboard(srv)).status_code == 200
    srv.proc.terminate()
    srv.proc.wait(20)
    rest = srv.proc.stdout.read().decode()
    srv.proc.stdout.close()
    assert "web dashboard" not in rest


@pytest.mark.parametrize("http, says", [("127.0.0.1:notaport", "expected HOST:PORT or off"),
                                        ("taken", "address already in use")])
def test_explicit_http_that_cannot_listen_stops_the_server(tmp_path, http, says):
    import socket
    import subprocess
    import sys
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        if http == "taken":
            http = f"127.0.0.1:{holder.getsockname()[1]}"
        result = subprocess.run([sys.executable, "-m", "modelreg", "serve", "--data", str(tmp_path / "d"),
                                 "--listen", "127.0.0.1:0", "--http", http], capture_output=True, text=True, timeout=60)
    assert result.returncode == 5 and f"cannot listen on --http {http}: {says}" in result.stderr


def test_pages_in_a_browser(web, browser):
    """Every page renders in real Chromium without a script error, and is kept as a screenshot."""
    srv, url = web
    context = browser.new_context(base_url=url)
    page = context.new_page()
    script_errors = []
    page.on("pageerror", lambda e: script_errors.append(str(e)))
    for path, name, heading in [("/", "home", "Registry"), ("/models", "models", "Models"),
                                ("/models/web-vision", "model", "web-vision"),
                                ("/models/web-vision/versions/2", "version", "web-vision")]:
        response = page.goto(path)
        assert response.status == 200
        assert heading in page.locator("h1").first.inner_text()
        screenshot(page, name)
    page.goto("/models")
    page.fill("input[name=filter]", 'tags.team = "nlp"')
    page.keyboard.press("Enter")
    page.wait_for_url("**/models?filter=*")
    assert page.locator("table").inner_text().count("web-") == 1 and "web-text" in page.locator("table").inner_text()
    screenshot(page, "models-filtered")
    assert script_errors == []
    context.close()
