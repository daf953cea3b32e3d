"""The dashboard's pages (home, models, model, version) against a real server with real pushed
models: over HTTP (HTML and the JSON form) and in headless Chromium."""

import os
import re
from html.parser import HTMLParser
import shlex
import subprocess
import sys

import httpx
import pytest

from conftest import ServerProcess, screenshot
from modelreg import Input, Registry
from modelreg.v1 import registry_service_pb2 as rs
from modelreg_server.web import markdown
from test_web import dashboard, sign_in

XSS_CARD = """# Vision classifier

Trained on **ImageNet**; see [the paper](https://example.org/paper) and [docs](/models/pg-vision).

<script>window.__pwned = "script"</script>
<img src=x onerror="window.__pwned = 'onerror'">
<a href="javascript:window.__pwned='raw-link'" onclick="window.__pwned='onclick'">raw link</a>
[click me](javascript:window.__pwned='md-link')
[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
![pixel](javascript:window.__pwned='img')

| metric | value |
|--------|-------|
| top-1  | 0.95  |
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """An open server: pg-vision has a card, 3 versions (deduplicated and compressible files,
    lineage on v3, prod moved 1 -> 2), pg-text has none."""
    srv = ServerProcess(tmp_path_factory.mktemp("pages") / "data", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    root = tmp_path_factory.mktemp("models")
    v1 = root / "v1"
    v1.mkdir()
    (v1 / "weights.bin").write_bytes(b"w" * 300_000)  # compresses well
    (v1 / "copy.bin").write_bytes(b"w" * 300_000)  # the same content: deduplicated within the version
    v2 = root / "v2"
    v2.mkdir()
    (v2 / "weights.bin").write_bytes(b"w" * 300_000)  # unchanged since v1: deduplicated
    (v2 / "head.bin").write_bytes(os.urandom(50_000))  # new, incompressible
    with Registry(srv.address, timeout=30) as reg:
        reg.create_model("pg-vision", description=XSS_CARD, tags={"team": "vision"})
        reg.push("pg-vision", v1, metrics={"accuracy": 0.81, "loss": 0.9}, params={"lr": "0.1"}, aliases=["prod"])
        reg.push("pg-vision", v2, metrics={"accuracy": 0.86, "loss": 0.5}, tags={"stage": "b"})
        reg.push("pg-vision", v2 / "head.bin", metrics={"accuracy": 0.93, "loss": 0.3},
                 inputs=[Input.of_version("pg-vision:v1"), Input.of_artifact("s3://data/imagenet", digest="sha256:" + "a" * 64)])
        reg.set_alias("pg-vision", "prod", 2)
        reg.set_alias("pg-vision", "canary", 3)
        reg.delete_alias("pg-vision", "canary")
        reg.create_model("pg-text", tags={"team": "nlp"})
    yield srv, url
    srv.stop()


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def dangers(html: str) -> list:
    """What in a fragment could run or load a script: such elements, on* handlers, bad URLs."""
    parser = _Elements()
    parser.feed(html)
    bad = []
    for tag, attrs in parser.found:
        if tag in ("script", "style", "iframe", "svg", "object", "embed"):
            bad.append(tag)
        bad += [f"{tag} {name}" for name in attrs if name.startswith("on") or name == "style"]
        bad += [f"{tag} {name}={value}" for name, value in attrs.items() if name in ("href", "src")
                and not re.match(r"(https?:|mailto:|/|#|[a-z0-9._-]+$)", (value or "").strip(), re.I)]
    return bad


def get_json(url: str, path: str, **params) -> dict:
    response = httpx.get(url.rstrip("/") + path, params={**params, "format": "json"})
    assert response.status_code == 200, response.text
    return response.json()


# Home

def test_home_counts_recent_activity_and_aliases_moved_today(site):
    srv, url = site
    home = get_json(url, "/")
    assert (home["model_count"], home["version_count"]) == (2, 3)
    recent = home["recent_events"]
    assert [e["sequence"] for e in recent] == sorted((e["sequence"] for e in recent), reverse=True)
    assert (recent[0]["type"], recent[0]["model"], recent[0]["href"]) == ("MODEL_CREATED", "pg-text", "/models/pg-text")
    moved = next(e for e in recent if e["type"] == "ALIAS_SET" and e["alias"] == "prod" and e["version"] == 2)
    assert moved["href"] == "/models/pg-vision/versions/2" and moved["previous_version"] == 1
    moved = [(e["alias"], e["model"], e["previous_version"], e["version"]) for e in home["aliases_moved_today"]]
    assert moved == [("canary", "pg-vision", 3, 3), ("canary", "pg-vision", 0, 3), ("prod", "pg-vision", 1, 2),
                     ("prod", "pg-vision", 0, 1)]  # latest moves with every push: left out
    assert [e["type"] for e in home["aliases_moved_today"]][:2] == ["ALIAS_DELETED", "ALIAS_SET"]
    page = httpx.get(url).text
    assert 'id="model-count">2<' in page and 'id="version-count">3<' in page
    assert 'href="/models/pg-vision/versions/2"' in page and "aliases-today" in page
    assert re.search(r'canary</span></td><td><a href="/models/pg-vision">pg-vision</a></td>\s*<td><a href='
                     r'"/models/pg-vision/versions/3">3</a> → removed', page)


@pytest.fixture(scope="module")
def secured_site(tmp_path_factory):
    from modelreg_server.app import bootstrap
    srv = ServerProcess(tmp_path_factory.mktemp("secpages") / "data", "--auth", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    _, root = bootstrap(srv.data, "root", db_url=srv.db_url)
    model_dir = tmp_path_factory.mktemp("secmodel")
    (model_dir / "weights.bin").write_bytes(b"s" * 4000)
    with Registry(srv.address, token=root, timeout=30) as admin:
        for name, team in (("seen-vision", "vision"), ("seen-text", "nlp"), ("hidden-model", "vision")):
            admin.create_model(name, tags={"team": team})
            admin.push(name, model_dir, metrics={"accuracy": 0.5})
        admin.push("seen-vision", model_dir / "weights.bin", metrics={"accuracy": 0.7}, aliases=["prod"])
        admin.set_alias("hidden-model", "prod", 1)
        admin.create_principal("looker")
        admin.grant_role("looker", "viewer", models="seen-*")
        viewer = admin.create_token("looker")[1]
    yield srv, url, viewer, root
    srv.stop()


def test_home_shows_a_viewer_only_what_it_may_read(secured_site):
    srv, url, viewer, root = secured_site
    with httpx.Client(base_url=url) as http:
        sign_in(http, viewer)
        home = http.get("/?format=json").json()
    assert (home["model_count"], home["version_count"]) == (2, 3)
    assert {e["model"] for e in home["recent_events"]} == {"seen-vision", "seen-text"}  # no governance, no hidden
    assert [(e["model"], e["alias"]) for e in home["aliases_moved_today"]] == [("seen-vision", "prod")]
    with httpx.Client(base_url=url) as http:
        sign_in(http, root)
        everything = http.get("/?format=json").json()
    assert (everything["model_count"], everything["version_count"]) == (3, 4)
    assert any(e["type"] == "ROLE_GRANTED" for e in everything["recent_events"])


# Models

@pytest.mark.parametrize("order_by, names, arrow", [
    ("", ["pg-text", "pg-vision"], ""),
    ("name", ["pg-text", "pg-vision"], "▲"),
    ("name desc", ["pg-vision", "pg-text"], "▼"),
    ("create_time desc", ["pg-text", "pg-vision"], "▼"),
])
def test_models_sortable_columns(site, order_by, names, arrow):
    srv, url = site
    listing = get_json(url, "/models", order_by=order_by)
    assert [m["name"][7:] for m in listing["models"]] == names
    links = {s["field"]: s for s in listing["sort_links"]}
    field = order_by.split(" ")[0] or "name"
    if order_by:
        assert links[field]["arrow"] == arrow
        toggled = f"{field} desc" if arrow == "▲" else field
        assert links[field]["href"] == "/models?" + httpx.QueryParams({"filter": "", "order_by": toggled}).__str__()
    assert all(s["arrow"] == "" for f, s in links.items() if f != field or not order_by)


def test_models_filter_and_sort_stay_in_the_url(site):
    srv, url = site
    page = httpx.get(url + "models", params={"filter": 'tags.team = "vision"', "order_by": "update_time desc"}).text
    assert 'value="update_time desc"' in page  # the filter form keeps the order
    link = re.search(r'href="(/models\?filter=[^"]*order_by=update_time)"', page).group(1).replace("&amp;", "&")
    followed = get_json(url, link.split("?")[0], **dict(httpx.QueryParams(link.split("?")[1])))
    assert followed["filter"] == 'tags.team = "vision"' and followed["order_by"] == "update_time"
    assert [m["name"] for m in followed["models"]] == ["models/pg-vision"]
    vision = followed["models"][0]
    assert vision["aliases"] == {"latest": 3, "prod": 2} and vision["version_count"] == 3 and vision["update_time"]


# Model

def test_model_card_is_sanitised_markdown(site):
    srv, url = site
    html = get_json(url, "/models/pg-vision")["card_html"]
    assert "<strong>ImageNet</strong>" in html and "<table>" in html
    assert '<a href="https://example.org/paper" rel="noopener noreferrer">the paper</a>' in html
    assert '<a href="/models/pg-vision" rel="noopener noreferrer">docs</a>' in html
    assert "&lt;script&gt;" in html and "onerror=" in html  # shown as text
    assert dangers(html) == []


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "[a](javascript:alert(1))", "[a](JAVASCRIPT:alert(1))", "[a](&#106;avascript:alert(1))",
    "[a](data:text/html,<script>alert(1)</script>)", "![a](javascript:alert(1))", "<iframe src=//evil>",
    '<a href="vbscript:x">v</a>', "<style>body{display:none}</style>", "[a](<javascript:alert(1)>)",
])
def test_card_drops_scripts_handlers_and_bad_urls(text):
    html = str(markdown.card(text))
    assert dangers(html) == [] and html.strip()


def test_model_page_sparklines_compare_form_and_versions(site):
    srv, url = site
    data = get_json(url, "/models/pg-vision")
    assert data["metric_columns"] == ["accuracy", "loss"]
    assert data["sparkline_versions"] == [1, 2, 3]
    assert data["sparklines"]["accuracy"]["points"] == [0.81, 0.86, 0.93]
    assert data["sparklines"]["loss"]["points"] == [0.9, 0.5, 0.3]
    assert [v["number"] for v in data["versions"]] == [3, 2, 1]
    assert data["model"]["aliases"] == {"latest": 3, "prod": 2}
    page = httpx.get(url + "models/pg-vision").text
    assert page.count('<svg class="sparkline"') == 2 and "at most the latest 500" in page
    form = re.search(r'<form method="get" action="/compare"[^>]*>(.*?)</form>', page, re.S).group(1)
    assert re.findall(r'<input type="checkbox" name="version" value="([^"]+)"', form) == \
        [f"models/pg-vision/versions/{n}" for n in (3, 2, 1)]
    assert "<button" in form


def test_sparklines_draw_at_most_the_latest_500_versions(tmp_path):
    srv = ServerProcess(tmp_path / "data", "--http", "127.0.0.1:0").start()
    try:
        url = dashboard(srv)
        (tmp_path / "w.bin").write_bytes(b"x" * 1000)
        with Registry(srv.address, timeout=30) as reg:
            reg.push("pg-many", tmp_path / "w.bin", metrics={"step": 1})
            files = reg.get_version("pg-many:v1", files=True).files
            for n in range(2, 506):
                reg.registry.CreateVersion(rs.CreateVersionRequest(model_id="pg-many", files=files,
                                                                   metrics={"step": n}), timeout=30)
        data = get_json(url, "/models/pg-many")
    finally:
        srv.stop()
    assert data["sparkline_versions"] == list(range(6, 506))
    assert data["sparklines"]["step"]["points"] == [float(n) for n in range(6, 506)]
    assert "versions 6–505" in data["sparklines"]["step"]["title"]
    assert [v["number"] for v in data["versions"]] == list(range(505, 455, -1)) and data["next_page_token"]


# Version

def test_version_files_show_dedup_and_compression(site):
    srv, url = site
    v1 = get_json(url, "/models/pg-vision/versions/1")["version"]
    files = {f["path"]: f for f in v1["files"]}
    assert files["copy.bin"]["size"] == files["weights.bin"]["size"] == 300_000
    # The two files have the same chunks: the first one listed stores them, the other reuses them.
    first, second = (files[f["path"]] for f in v1["files"])
    assert second["reused"] == 300_000 and second["stored"] == 0 and second["saved_percent"] == 100.0
    assert first["reused"] == 0 and 0 < first["stored"] < 30_000  # compressed
    total = v1["storage"]
    assert total["size"] == 600_000 and total["stored"] == first["stored"] and not total["estimated"]
    v2 = get_json(url, "/models/pg-vision/versions/2")["version"]
    files = {f["path"]: f for f in v2["files"]}
    assert files["weights.bin"]["reused"] == 300_000 and files["weights.bin"]["stored"] == 0
    assert files["head.bin"]["reused"] == 0 and files["head.bin"]["stored"] >= 50_000  # random bytes do not shrink
    page = httpx.get(url + "models/pg-vision/versions/1").text
    assert 'id="files-total"' in page and "100.0%" in page


def test_version_metrics_params_tags_lineage_and_events(site):
    srv, url = site
    v3 = get_json(url, "/models/pg-vision/versions/3")["version"]
    assert v3["metrics"] == {"accuracy": 0.93, "loss": 0.3}
    assert v3["inputs"] == [
        {"relation": "derived_from", "version": "models/pg-vision/versions/1", "href": "/models/pg-vision/versions/1"},
        {"relation": "trained_on", "uri": "s3://data/imagenet", "digest": "sha256:" + "a" * 64, "kind": "",
         "display_name": "", "link": ""}]
    assert v3["lineage"] == "/models/pg-vision/versions/3/lineage"
    assert [(e["type"], e["alias"]) for e in v3["events"]] == [
        ("ALIAS_DELETED", "canary"), ("ALIAS_SET", "canary"), ("ALIAS_SET", "latest"), ("VERSION_CREATED", "")]
    assert all(e["model"] == "pg-vision" and e["version"] == 3 for e in v3["events"])
    v1 = get_json(url, "/models/pg-vision/versions/1")["version"]
    assert v1["params"] == {"lr": "0.1"} and v1["inputs"] == []
    # Newest first; the moves of latest and prod away from 1 are events about version 2.
    assert [(e["type"], e["alias"]) for e in v1["events"]] == [("ALIAS_SET", "prod"), ("ALIAS_SET", "latest"),
                                                               ("VERSION_CREATED", "")]
    page = httpx.get(url + "models/pg-vision/versions/3").text
    assert 'href="/models/pg-vision/versions/1">pg-vision:1</a>' in page
    assert 'id="lineage" href="/models/pg-vision/versions/3/lineage"' in page


def test_version_fetch_lines_work(site, tmp_path):
    """The page's CLI line and SDK line, run as shown, fetch the version."""
    srv, url = site
    v2 = get_json(url, "/models/pg-vision/versions/2")["version"]
    assert v2["pull"] == f"modelreg pull --server {srv.address} pg-vision:v2 ./pg-vision-v2"
    args = shlex.split(v2["pull"])
    subprocess.run([sys.executable, "-m", "modelreg", *args[1:]], cwd=tmp_path, check=True, capture_output=True,
                   timeout=60)
    assert (tmp_path / "pg-vision-v2" / "weights.bin").read_bytes() == b"w" * 300_000
    assert v2["sdk"] == f'from modelreg import Registry; Registry("{srv.address}").pull("pg-vision:v2", "./pg-vision-v2")'
    sdk = tmp_path / "sdk"
    sdk.mkdir()
    subprocess.run([sys.executable, "-c", v2["sdk"]], cwd=sdk, check=True, capture_output=True, timeout=60)
    assert sorted(p.name for p in (sdk / "pg-vision-v2").iterdir()) == ["head.bin", "weights.bin"]


def test_version_fetch_lines_with_auth_take_the_token_from_the_environment(secured_site, tmp_path):
    srv, url, viewer, _ = secured_site
    with httpx.Client(base_url=url) as http:
        sign_in(http, viewer)
        v2 = http.get("/models/seen-vision/versions/2?format=json").json()["version"]
    assert v2["sdk"] == ('import os; from modelreg import Registry; Registry("%s", token=os.environ["MODELREG_TOKEN"])'
                         '.pull("seen-vision:v2", "./seen-vision-v2")' % srv.address)
    env = {**os.environ, "MODELREG_TOKEN": viewer}
    env.pop("MODELREG_SERVER", None)
    subprocess.run([sys.executable, "-m", "modelreg", *shlex.split(v2["pull"])[1:]], cwd=tmp_path, env=env,
                   check=True, capture_output=True, timeout=60)
    (tmp_path / "sdk").mkdir()
    subprocess.run([sys.executable, "-c", v2["sdk"]], cwd=tmp_path / "sdk", env=env, check=True,
                   capture_output=True, timeout=60)
    for where in (tmp_path, tmp_path / "sdk"):
        assert (where / "seen-vision-v2" / "weights.bin").read_bytes() == b"s" * 4000


# In the browser

def test_sign_in_filter_models_open_a_version_in_a_browser(secured_site, browser):
    srv, url, viewer, _ = secured_site
    context = browser.new_context(base_url=url)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/models")
    page.wait_for_url("**/sign-in?next=/models")
    page.fill("input[name=token]", viewer)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(url + "models")
    assert "hidden-model" not in page.locator("#models").inner_text()
    page.fill("input[name=filter]", 'tags.team = "vision"')
    page.keyboard.press("Enter")
    page.wait_for_url("**/models?filter=*")
    assert page.locator("#models a", has_text="seen-vision").count() == 1
    assert "seen-text" not in page.locator("#models").inner_text()
    page.click("#models >> text=seen-vision")
    page.wait_for_url("**/models/seen-vision")
    page.click("#versions a[href='/models/seen-vision/versions/2']")
    page.wait_for_url("**/models/seen-vision/versions/2")
    assert "seen-vision" in page.locator("h1").inner_text() and "weights.bin" in page.locator("#files").inner_text()
    screenshot(page, "pages-signed-in-version")
    assert errors == []
    context.close()


def test_model_card_scripts_never_run_in_a_browser(site, browser):
    srv, url = site
    context = browser.new_context(base_url=url)
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/models/pg-vision")
    card = page.locator("#card")
    assert "<script>window.__pwned" in card.inner_text() and "onerror=" in card.inner_text()  # shown as text
    for text in ("click me", "raw link", "data link"):
        target = card.get_by_text(text).first
        target.click()
        assert page.url.endswith("/models/pg-vision")  # nothing navigated
    assert page.evaluate("window.__pwned") is None and dialogs == [] and errors == []
    found = page.evaluate("""() => {
        const card = document.getElementById('card');
        const handlers = [...card.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))
            .filter(n => n.startsWith('on'));
        const urls = [...card.querySelectorAll('[href],[src]')].map(e => e.getAttribute('href') || e.getAttribute('src'))
            .filter(u => /^\\s*(javascript|data|vbscript):/i.test(u));
        return {scripts: document.querySelectorAll('main script, main iframe, main style').length, handlers, urls};
    }""")
    assert found == {"scripts": 0, "handlers": [], "urls": []}
    screenshot(page, "pages-model-card-xss")
    context.close()


def test_pages_screenshots(site, browser):
    """Every page of this area renders without a script error and is kept as a screenshot."""
    srv, url = site
    context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path, name, heading in [("/", "pages-home", "Registry"),
                                ("/models?order_by=update_time%20desc", "pages-models-sorted", "Models"),
                                ("/models/pg-vision", "pages-model", "pg-vision"),
                                ("/models/pg-vision/versions/3", "pages-version", "pg-vision")]:
        assert page.goto(path).status == 200
        assert heading in page.locator("h1").first.inner_text()
        screenshot(page, name)
    page.goto("/models/pg-vision")
    page.check("input[value='models/pg-vision/versions/3']")
    page.check("input[value='models/pg-vision/versions/1']")
    page.click("#compare")
    page.wait_for_url("**/compare?*")
    assert page.url.endswith("/compare?version=models%2Fpg-vision%2Fversions%2F3&version=models%2Fpg-vision%2Fversions%2F1")
    assert errors == []
    context.close()
