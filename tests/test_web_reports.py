"""Reports of the dashboard (`?format=report`): every view exported as one self-contained HTML
file over real HTTP, then downloaded in real Chromium and opened with the network disabled; the
JSON form and error shape of every view; Server-Timing on every response."""

import re
from html import unescape
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import httpx
import pytest

from conftest import ServerProcess, screenshot
from modelreg import Registry
from test_web import dashboard, sign_in

STYLESHEET = Path(__file__).resolve().parent.parent / "server" / "modelreg_server" / "web" / "static" / "style.css"
PAGES = [  # (view in the file name, path with its query, heading)
    ("home", "/", "Registry"),
    ("models", "/models", "Models"),
    ("models", '/models?filter=tags.team+%3D+"vision"&order_by=name', "Models"),
    ("model", "/models/rep-vision", "rep-vision"),
    ("version", "/models/rep-vision/versions/2", "rep-vision"),
]
FILE_NAME = re.compile(r'^attachment; filename="modelreg-([a-z-]+)-(\d{8}T\d{6}Z)\.html"$')
TIMING = re.compile(r'^db;desc="(\d+) queries";dur=[\d.]+, total;dur=[\d.]+$')


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    srv = ServerProcess(tmp_path_factory.mktemp("reports") / "data", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    model_dir = tmp_path_factory.mktemp("model")
    (model_dir / "weights.bin").write_bytes(b"w" * 3000)
    with Registry(srv.address, timeout=30) as reg:
        reg.create_model("rep-vision", tags={"team": "vision"})
        for accuracy in (0.81, 0.88, 0.93):
            reg.push("rep-vision", model_dir, metrics={"accuracy": accuracy, "loss": round(1 - accuracy, 2)},
                     params={"lr": "0.1"}, tags={"stage": "a"})
        reg.set_alias("rep-vision", "prod", 2)
        reg.create_model("rep-text", tags={"team": "nlp"})
    yield srv, url.rstrip("/")
    srv.stop()


def header_field(html: str, field: str) -> str:
    match = re.search(rf'id="report-{field}"[^>]*>(.*?)</(?:dd|a)>', html, re.DOTALL)
    assert match, f"report header lacks {field}"
    return match.group(1)


def refs(html: str) -> list[str]:
    return re.findall(r"""\s(?:href|action)\s*=\s*["']([^"']*)""", html)


@pytest.mark.parametrize("view, path, heading", PAGES)
def test_report_is_one_self_contained_file(web, view, path, heading):
    srv, url = web
    joiner = "&" if "?" in path else "?"
    with httpx.Client(base_url=url) as http:
        page = http.get(path)
        exported = http.get(f"{path}{joiner}format=report")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/html")
    name = FILE_NAME.match(exported.headers["content-disposition"])
    assert name and name.group(1) == view
    stamp = datetime.strptime(name.group(2), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    assert abs((datetime.now(timezone.utc) - stamp).total_seconds()) < 600
    html = exported.text
    # The header: the view's title, its stable URL (query kept, no format), server, time (UTC), viewer.
    assert header_field(html, "title") == re.search(r"<title>(.*?)</title>", page.text).group(1)
    stable = httpx.URL(unescape(header_field(html, "url")))
    assert (stable.path, stable.params) == (httpx.URL(url + path).path, httpx.URL(url + path).params)
    assert stable.host == "127.0.0.1" and "format" not in stable.params
    assert header_field(html, "server") == f"{url} (modelreg {metadata.version('modelreg')})"
    assert header_field(html, "time") == stamp.strftime("%Y-%m-%d %H:%M:%S UTC")
    assert header_field(html, "viewer") == "anonymous (auth off)"
    assert f"<h1>{heading}" in html or f">{heading}</a>" in html
    # Self-contained: no script, no stylesheet link, nothing fetched by src; the CSS is inline and
    # a CSP forbids any request that would slip through.
    assert "<script" not in html.lower() and "<link" not in html.lower() and not re.search(r"\ssrc(set)?=", html)
    assert STYLESHEET.read_text() in html
    assert "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"" in html
    # Links stay, absolute to the server; no write control carries a CSRF token out.
    assert refs(html) and all(r.startswith(url + "/") or r.startswith("#") for r in refs(html))
    assert 'id="export-report"' not in html and not re.search(r'name="csrf" value="[^"]', html)
    # The same data as the page itself: every table row of the page is in the report, but not the
    # page's write controls (an auditor's file has no forms to act with).
    data = re.sub(r'<section class="actions".*?</section>', "", page.text, flags=re.DOTALL)
    assert 'class="actions"' not in html
    assert re.findall(r"<tr>.*?</tr>", data.replace(' href="/', f' href="{url}/'), re.DOTALL) == \
        re.findall(r"<tr>.*?</tr>", html, re.DOTALL)


@pytest.mark.parametrize("view, path, heading", PAGES)
def test_every_view_links_its_report_with_its_query(web, view, path, heading):
    srv, url = web
    with httpx.Client(base_url=url) as http:
        page = http.get(path)
    link = re.search(r'id="export-report" href="([^"]+)"', page.text)
    assert link, "no Export report link"
    target = httpx.URL(url + link.group(1).replace("&amp;", "&"))
    assert target.path == httpx.URL(url + path).path
    assert dict(target.params) == {**dict(httpx.URL(url + path).params), "format": "report"}


def test_report_url_keeps_a_repeated_parameter(web):
    """/compare?version=...&version=... repeats a parameter: the stable URL keeps every value, in order."""
    srv, url = web
    with httpx.Client(base_url=url) as http:
        exported = http.get("/models?x=1&format=report&x=2")
    assert header_field(exported.text, "url") == f"{url}/models?x=1&amp;x=2"


def test_sign_in_and_errors_are_not_exported(web):
    srv, url = web
    with httpx.Client(base_url=url) as http:
        missing = http.get("/models/rep-none?format=report")
        form = http.get("/sign-in?format=report")
    assert missing.status_code == 404 and "content-disposition" not in missing.headers
    assert 'id="error"' in missing.text
    assert form.status_code == 200 and "content-disposition" not in form.headers
    assert 'id="export-report"' not in form.text


@pytest.mark.parametrize("view, path, heading", PAGES)
def test_json_is_the_same_data_by_query_or_accept(web, view, path, heading):
    srv, url = web
    joiner = "&" if "?" in path else "?"
    with httpx.Client(base_url=url) as http:
        by_query = http.get(f"{path}{joiner}format=json")
        by_accept = http.get(path, headers={"Accept": "application/json"})
    assert by_query.status_code == by_accept.status_code == 200
    assert by_query.headers["content-type"].startswith("application/json")
    assert by_query.json() == by_accept.json()


@pytest.mark.parametrize("method, path, status, reason", [
    ("GET", "/models/rep-none", 404, "MODEL_NOT_FOUND"),
    ("GET", "/models/rep-vision/versions/99", 404, "VERSION_NOT_FOUND"),
    ("GET", "/no/such/page", 404, "NOT_FOUND"),
    ("PUT", "/models", 405, "METHOD_NOT_ALLOWED"),
    ("GET", "/models?filter=tags.team+%3D", 400, "INVALID_FILTER"),
])
def test_json_errors_have_one_shape(web, method, path, status, reason):
    srv, url = web
    with httpx.Client(base_url=url) as http:
        response = http.request(method, path, headers={"Accept": "application/json"})
        page = http.request(method, path)
    assert response.status_code == status and response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["reason"] == reason and error["message"] and isinstance(error["metadata"], dict)
    assert page.status_code == status and page.headers["content-type"].startswith("text/html")
    assert 'class="error" id="error"' in page.text


@pytest.mark.parametrize("path", ["/", "/models", "/models/rep-vision", "/models/rep-vision/versions/1",
                                  "/models/rep-vision?format=json", "/models/rep-vision?format=report",
                                  "/models/rep-none", "/static/style.css", "/sign-in"])
def test_server_timing_on_every_response(web, path):
    srv, url = web
    with httpx.Client(base_url=url) as http:
        response = http.get(path)
    timing = TIMING.match(response.headers["server-timing"])
    assert timing, response.headers["server-timing"]
    queries = int(timing.group(1))
    assert queries == 0 if path.startswith(("/static/", "/sign-in")) else queries >= 1


def test_report_names_the_signed_in_viewer(tmp_path):
    from modelreg_server.app import bootstrap
    srv = ServerProcess(tmp_path / "data", "--auth", "--http", "127.0.0.1:0").start()
    try:
        url = dashboard(srv)
        _, root = bootstrap(srv.data, "root", db_url=srv.db_url)
        with Registry(srv.address, token=root, timeout=30) as admin:
            admin.create_model("audited-model")
            admin.create_principal("auditor")
            admin.grant_role("auditor", "viewer", models="audited-*")
            token = admin.create_token("auditor")[1]
        with httpx.Client(base_url=url) as http:
            redirected = http.get("/models?filter=name+%3D+%22audited-*%22&order_by=name")
            sign_in(http, token)
            exported = http.get("/models/audited-model?format=report")
    finally:
        srv.stop()
    assert redirected.status_code == 303 and TIMING.match(redirected.headers["server-timing"])
    # Signing in comes back to the whole URL, its query kept.
    assert httpx.URL(redirected.headers["location"]).params["next"] == '/models?filter=name+%3D+%22audited-*%22&order_by=name'

    assert exported.status_code == 200 and exported.headers["content-disposition"].startswith("attachment")
    assert header_field(exported.text, "viewer") == "auditor"
    assert "Sign out" not in exported.text and 'name="csrf"' not in exported.text


@pytest.mark.parametrize("view, path, heading", [p for p in PAGES if "?" not in p[1]])
def test_downloaded_report_renders_offline(web, browser, tmp_path, view, path, heading):
    """Export through the page's own link, open the file with the network off: it renders whole
    and asks for nothing."""
    srv, url = web
    online = browser.new_context(base_url=url, accept_downloads=True)
    page = online.new_page()
    page.goto(path)
    data = ":not(section.actions *)"  # the page's write controls are left out of reports
    live = {"h": page.locator(f"h1{data}, h2{data}").all_inner_texts(), "rows": page.locator(f"tr{data}").count(),
            "svg": page.locator("svg.sparkline").count()}
    with page.expect_download() as info:
        page.click("#export-report")
    download = info.value
    assert FILE_NAME.match(f'attachment; filename="{download.suggested_filename}"')
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    online.close()

    offline = browser.new_context()
    offline.set_offline(True)
    attempted = []
    file_url = saved.as_uri()

    def refuse(route):  # everything but the file itself is recorded and refused
        if route.request.url == file_url:
            return route.continue_()
        attempted.append(route.request.url)
        route.abort()
    offline.route("**/*", refuse)
    report = offline.new_page()
    report.on("request", lambda r: r.url != file_url and attempted.append(r.url))
    script_errors = []
    report.on("pageerror", lambda e: script_errors.append(str(e)))
    report.goto(file_url)
    report.wait_for_load_state("load")
    assert report.locator("h1, h2").all_inner_texts() == live["h"]
    assert report.locator("tr").count() == live["rows"]
    assert report.locator("svg.sparkline").count() == live["svg"]
    assert report.locator("#report-viewer").inner_text() == "anonymous (auth off)"
    assert report.locator("#report-url").get_attribute("href") == url + path
    # The inline stylesheet applied: the report header's grid comes from style.css.
    assert report.locator("#report").evaluate("e => getComputedStyle(e).display") == "grid"
    screenshot(report, f"reports-{view}")
    offline.close()
    assert attempted == [] and script_errors == []
