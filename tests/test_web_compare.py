"""Compare and lineage pages of the dashboard: a real server with real pushed models (with lineage
declared through the SDK), real HTTP on loopback, and real Chromium for the browser flows."""

import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from conftest import ServerProcess, data_state, screenshot
from modelreg import Registry
from modelreg.registry import Input


def dashboard(srv: ServerProcess) -> str:
    line = srv.proc.stdout.readline().decode()
    match = re.search(r"web dashboard at (http://127\.0\.0\.1:\d+/)", line)
    assert match, line
    return match.group(1)


DATASET = "s3://data/imdb-2024"
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


@pytest.fixture(scope="module")
def site(tmp_path_factory, storage_backend):
    """cmp-base:1 -> cmp-tuned:1..6 (each also trained on DATASET) -> cmp-distilled:1 (from
    cmp-tuned:3); cmp-other:1..2 another model with the same metric; a chain cmp-chain-0..3."""
    srv = ServerProcess(tmp_path_factory.mktemp("cmp") / "data", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    root = tmp_path_factory.mktemp("models")
    with Registry(srv.address, timeout=30) as reg:
        (root / "base").mkdir()
        (root / "base" / "weights.bin").write_bytes(b"b" * 4000)
        base = reg.push("cmp-base", root / "base", metrics={"accuracy": 0.5})
        for i in range(1, 7):
            folder = root / f"tuned{i}"
            folder.mkdir()
            (folder / "config.json").write_text('{"layers": 12}')
            (folder / "weights.bin").write_bytes(bytes([i]) * (5000 + 10 * (i % 3)))
            reg.push("cmp-tuned", folder, metrics={"accuracy": 0.6 + i / 50, "loss": 1.0 - i / 10},
                     params={"lr": "0.01" if i % 2 else "0.1", "epochs": "3"}, tags={"team": "vision"},
                     inputs=[base.name, Input.of_artifact(DATASET, kind="dataset", digest="sha256:" + "d" * 64)])
        reg.push("cmp-distilled", root / "tuned3", inputs=[Input.of_version("cmp-tuned:3", relation="distilled_from")])
        for i in (1, 2):
            reg.push("cmp-other", root / "base", metrics={"accuracy": 0.7 + i / 100})
        reg.push("cmp-hostile", root / "base", params={"note": HOSTILE}, tags={"t": HOSTILE},
                 inputs=[Input.of_artifact(f"https://x.test/{HOSTILE}", kind="dataset")])
        chain = [reg.push("cmp-chain-0", root / "base")]
        for i in range(1, 4):
            chain.append(reg.push(f"cmp-chain-{i}", root / "base", inputs=[chain[-1].name]))
    yield srv, url
    srv.stop()


def compare(http: httpx.Client, *versions: str, **extra) -> httpx.Response:
    params = [("version", v) for v in versions] + list(extra.items())
    return http.get("/compare", params=params, headers={"Accept": "application/json"})


def section(data: dict, title: str) -> dict:
    return {r["key"]: r for r in next(s for s in data["sections"] if s["title"] == title)["rows"]}


def test_compare_side_by_side_matches_sdk(site):
    srv, url = site
    names = ["models/cmp-tuned/versions/2", "models/cmp-tuned/versions/3"]
    with httpx.Client(base_url=url) as http, Registry(srv.address, timeout=30) as reg:
        data = compare(http, *names).json()
        sdk = [reg.get_version(n, files=True) for n in names]
    assert [v["name"] for v in data["versions"]] == names
    metrics = section(data, "Metrics")
    assert metrics["accuracy"]["values"] == [v.metrics["accuracy"] for v in sdk] and not metrics["accuracy"]["same"]
    assert section(data, "Params")["lr"] == {"key": "lr", "values": ["0.1", "0.01"], "same": False}
    assert section(data, "Params")["epochs"]["same"] and section(data, "Tags")["team"]["same"]
    files = section(data, "Files")
    assert set(files) == {"config.json", "weights.bin"}
    for i, version in enumerate(sdk):
        for f in version.files:
            assert files[f.path]["values"][i] == {"size": f.size, "tree_digest": f.tree_digest}
    assert files["config.json"]["same"] and not files["weights.bin"]["same"]
    assert section(data, "Summary")["digest"]["values"] == [v.digest for v in sdk]


def test_only_differences_drops_identical_rows(site):
    srv, url = site
    names = ["models/cmp-tuned/versions/1", "models/cmp-tuned/versions/3"]  # same lr, same sizes
    with httpx.Client(base_url=url) as http:
        full = compare(http, *names).json()
        diff = compare(http, *names, diff="1").json()
        page = http.get("/compare", params=[("version", n) for n in names] + [("diff", "1")])
    same = sum(r["same"] for s in full["sections"] for r in s["rows"])
    assert same and diff["hidden_rows"] == same and diff["diff"] is True
    assert all(not r["same"] for s in diff["sections"] for r in s["rows"])
    assert set(section(diff, "Metrics")) == {"accuracy", "loss"} and section(diff, "Params") == {}
    assert set(section(diff, "Files")) == {"weights.bin"}
    assert page.status_code == 200 and 'data-key="epochs"' not in page.text and 'data-key="loss"' in page.text
    assert f'{same} identical rows hidden' in page.text


def test_versions_of_several_models_and_absent_values(site):
    srv, url = site
    names = ["models/cmp-tuned/versions/6", "models/cmp-other/versions/2", "models/cmp-distilled/versions/1"]
    with httpx.Client(base_url=url) as http:
        data = compare(http, *names, metric="accuracy").json()
    assert section(data, "Metrics")["loss"]["values"] == [pytest.approx(0.4), None, None]
    assert section(data, "Params")["lr"]["values"] == ["0.1", None, None]
    assert [c["model"] for c in data["charts"]] == ["models/cmp-tuned", "models/cmp-other", "models/cmp-distilled"]
    other = data["charts"][1]
    assert [p["number"] for p in other["points"]] == [1, 2] and other["highlight"] == [2]
    assert data["charts"][2]["points"] == []  # no version of cmp-distilled has accuracy


def test_chart_shows_every_version_and_highlights_the_compared(site):
    srv, url = site
    names = ["models/cmp-tuned/versions/2", "models/cmp-tuned/versions/5"]
    with httpx.Client(base_url=url) as http, Registry(srv.address, timeout=30) as reg:
        data = compare(http, *names, metric="loss").json()
        page = http.get("/compare", params=[("version", n) for n in names] + [("metric", "loss")])
        every = {v.number: v.metrics["loss"] for v in reg.list_versions("cmp-tuned")}
    assert data["metric"] == "loss" and data["metric_options"] == ["accuracy", "loss"]
    (chart,) = data["charts"]
    assert {p["number"]: p["value"] for p in chart["points"]} == every and len(every) == 6
    assert chart["highlight"] == [2, 5] and chart["capped"] is False and chart["versions_read"] == 6
    assert len(re.findall(r'<circle class="point', page.text)) == 6
    assert re.findall(r'<circle class="point hl" data-version="(\d+)"', page.text) == ["2", "5"]
    assert "all 6 versions" in page.text and '<option value="loss" selected>' in page.text


def test_default_chart_metric_is_the_first_by_name(site):
    srv, url = site
    with httpx.Client(base_url=url) as http:
        data = compare(http, "models/cmp-tuned/versions/1").json()
    assert data["metric"] == "accuracy" and len(data["charts"][0]["points"]) == 6


@pytest.mark.parametrize("versions, extra, status, reason", [
    ([], {}, 400, "NO_VERSIONS"),
    ([f"models/cmp-tuned/versions/{n}" for n in range(1, 22)], {}, 400, "TOO_MANY_VERSIONS"),
    (["cmp-tuned:3"], {}, 400, "INVALID_REFERENCE"),
    (["models/cmp-tuned/versions/x"], {}, 400, "INVALID_REFERENCE"),
    (["models/cmp-tuned/versions/0"], {}, 400, "INVALID_REFERENCE"),
    (["models/cmp-tuned/version/1"], {}, 400, "INVALID_REFERENCE"),
    (["models/Bad Name/versions/1"], {}, 400, "INVALID_REFERENCE"),
    (["models/cmp-tuned/versions/1"], {"metric": "no spaces"}, 400, "INVALID_METRIC"),
    (["models/cmp-tuned/versions/1", "models/cmp-tuned/versions/99"], {}, 404, "VERSION_NOT_FOUND"),
    (["models/cmp-nope/versions/1"], {}, 404, "MODEL_NOT_FOUND"),
])
def test_bad_compare_is_refused_and_changes_nothing(site, versions, extra, status, reason):
    srv, url = site
    before = data_state(srv.data)
    with httpx.Client(base_url=url) as http:
        data = compare(http, *versions, **extra)
        page = http.get("/compare", params=[("version", v) for v in versions] + list(extra.items()))
    assert data.status_code == status and data.json()["error"]["reason"] == reason
    assert page.status_code == status and 'id="error"' in page.text and reason in page.text
    assert data_state(srv.data) == before


def test_too_many_versions_names_the_limit(site):
    srv, url = site
    with httpx.Client(base_url=url) as http:
        many = compare(http, *[f"models/cmp-tuned/versions/{n}" for n in range(1, 22)]).json()
        twenty = compare(http, *[f"models/cmp-tuned/versions/{n % 6 + 1}" for n in range(40)])
    assert many["error"]["metadata"]["limit"] == "20"
    assert twenty.status_code == 200 and len(twenty.json()["versions"]) == 6  # repeats count once


def test_chart_is_capped_at_the_latest_versions(tmp_path, storage_backend, browser):
    from modelreg_server.web.compare import CHART_VERSIONS
    srv = ServerProcess(tmp_path / "data", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    (tmp_path / "w.bin").write_bytes(b"x")
    with Registry(srv.address, timeout=30) as reg:
        for i in range(CHART_VERSIONS + 2):
            reg.push("cmp-many", tmp_path / "w.bin", metrics={"step": float(i)})
    with httpx.Client(base_url=url) as http:
        data = compare(http, "models/cmp-many/versions/1", f"models/cmp-many/versions/{CHART_VERSIONS + 2}").json()
        page = http.get("/compare", params={"version": "models/cmp-many/versions/1002"})
    context = browser.new_context(base_url=url, viewport={"width": 1200, "height": 700})
    shown = context.new_page()
    shown.goto("/compare?version=models/cmp-many/versions/1&version=models/cmp-many/versions/1002")
    assert shown.locator("#chart-cmp-many circle.point").count() == CHART_VERSIONS
    screenshot(shown, "compare-chart-capped")
    context.close()
    srv.stop()
    (chart,) = data["charts"]
    assert chart["capped"] is True and chart["versions_read"] == CHART_VERSIONS
    assert [p["number"] for p in chart["points"]] == list(range(3, CHART_VERSIONS + 3))
    assert chart["highlight"] == [1, CHART_VERSIONS + 2]  # v1 is compared but older than the chart's window
    assert f"the latest {CHART_VERSIONS} versions" in page.text


# Lineage

def lineage(http: httpx.Client, name: str, **params) -> httpx.Response:
    return http.get(f"/{name}/lineage", params=params, headers={"Accept": "application/json"})


def test_lineage_graph_matches_sdk(site):
    srv, url = site
    name = "models/cmp-tuned/versions/3"
    with httpx.Client(base_url=url) as http, Registry(srv.address, timeout=30) as reg:
        data = lineage(http, name).json()
        page = http.get(f"/{name}/lineage")
        sdk = [reg.lineage(name, direction=d, depth=5) for d in ("upstream", "downstream")]
    levels = {n["name"]: n["level"] for n in data["nodes"]}
    assert levels == {"models/cmp-base/versions/1": -1, DATASET: -1, name: 0, "models/cmp-distilled/versions/1": 1}
    edges = {(e["upstream"], e["downstream"], e["relation"]) for e in data["edges"]}
    assert edges == {(e.upstream, e.downstream, e.relation) for g in sdk for e in g.edges}
    assert ("models/cmp-tuned/versions/3", "models/cmp-distilled/versions/1", "distilled_from") in edges
    dataset = next(n for n in data["nodes"] if n["name"] == DATASET)
    assert dataset["kind"] == "artifact" and dataset["artifact_kind"] == "dataset"
    assert dataset["digest"] == "sha256:" + "d" * 64 and "dataset · dddddddddddd…" in page.text
    assert data["upstream_cut"] is False and data["downstream_cut"] is False and data["depth"] == 5
    assert page.status_code == 200 and '<svg class="lineage"' in page.text
    assert 'href="/models/cmp-base/versions/1"' in page.text and 'href="/models/cmp-distilled/versions/1"' in page.text
    assert f'<g class="node" data-key="{DATASET}">' in page.text  # an artifact is a plain box, not a link


@pytest.mark.parametrize("depth, shown, cut", [(1, 1, True), (2, 2, True), (3, 3, False), (10, 3, False)])
def test_lineage_depth_limit_says_when_cut(site, depth, shown, cut):
    srv, url = site
    with httpx.Client(base_url=url) as http:
        data = lineage(http, "models/cmp-chain-3/versions/1", depth=str(depth)).json()
        page = http.get("/models/cmp-chain-3/versions/1/lineage", params={"depth": str(depth)})
    assert sorted(n["level"] for n in data["nodes"]) == list(range(-shown, 1))
    assert data["upstream_cut"] is cut and data["downstream_cut"] is False
    assert ('id="cut"' in page.text) is cut


def test_version_without_lineage(site):
    srv, url = site
    with httpx.Client(base_url=url) as http:
        data = lineage(http, "models/cmp-other/versions/1").json()
        page = http.get("/models/cmp-other/versions/1/lineage").text
    assert [n["name"] for n in data["nodes"]] == ["models/cmp-other/versions/1"] and data["edges"] == []
    assert 'id="no-lineage"' in page and '<svg class="lineage"' in page


def test_lineage_downstream_levels(site):
    srv, url = site
    with httpx.Client(base_url=url) as http:
        data = lineage(http, "models/cmp-chain-0/versions/1", depth="2").json()
        base = lineage(http, "models/cmp-base/versions/1", depth="2").json()
    assert {n["name"]: n["level"] for n in data["nodes"]} == {
        "models/cmp-chain-0/versions/1": 0, "models/cmp-chain-1/versions/1": 1, "models/cmp-chain-2/versions/1": 2}
    assert data["downstream_cut"] is True
    assert sorted(n["name"] for n in base["nodes"] if n["level"] == 1) == \
        [f"models/cmp-tuned/versions/{i}" for i in range(1, 7)]
    assert [n["name"] for n in base["nodes"] if n["level"] == 2] == ["models/cmp-distilled/versions/1"]


@pytest.mark.parametrize("path, params, status, reason", [
    ("/models/cmp-tuned/versions/3/lineage", {"depth": "0"}, 400, "INVALID_DEPTH"),
    ("/models/cmp-tuned/versions/3/lineage", {"depth": "11"}, 400, "INVALID_DEPTH"),
    ("/models/cmp-tuned/versions/3/lineage", {"depth": "two"}, 400, "INVALID_DEPTH"),
    ("/models/cmp-tuned/versions/99/lineage", {}, 404, "VERSION_NOT_FOUND"),
    ("/models/cmp-nope/versions/1/lineage", {}, 404, "MODEL_NOT_FOUND"),
    ("/models/cmp-tuned/versions/x/lineage", {}, 400, "INVALID_REFERENCE"),
])
def test_bad_lineage_is_refused_and_changes_nothing(site, path, params, status, reason):
    srv, url = site
    before = data_state(srv.data)
    with httpx.Client(base_url=url) as http:
        response = http.get(path, params={**params, "format": "json"})
    assert response.status_code == status and response.json()["error"]["reason"] == reason
    assert data_state(srv.data) == before


def test_hostile_text_is_escaped(site):
    srv, url = site
    with httpx.Client(base_url=url) as http:
        pages = [http.get("/compare", params={"version": "models/cmp-hostile/versions/1"}).text,
                 http.get("/models/cmp-hostile/versions/1/lineage").text]
    for text in pages:
        assert "<script>alert" not in text and "<img src=x" not in text and "&lt;script&gt;alert(1)" in text


def test_long_values_are_shortened_on_the_page_only(site):
    srv, url = site
    with httpx.Client(base_url=url) as http, Registry(srv.address, timeout=30) as reg:
        reg.update_version("cmp-other:1", description="card " * 2000)
        page = http.get("/compare", params={"version": "models/cmp-other/versions/1"}).text
        data = compare(http, "models/cmp-other/versions/1").json()
    assert section(data, "Summary")["description"]["values"] == ["card " * 2000]
    assert "card " * 50 in page and "card " * 61 not in page


def test_a_wide_level_draws_at_most_its_cap(tmp_path, storage_backend):
    from modelreg_server.web.lineage import LEVEL_NODES
    srv = ServerProcess(tmp_path / "data", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    (tmp_path / "w.bin").write_bytes(b"x")
    with Registry(srv.address, timeout=30) as reg:
        hub = reg.push("cmp-hub", tmp_path / "w.bin")
        for i in range(LEVEL_NODES + 5):
            reg.push(f"cmp-leaf-{i:02d}", tmp_path / "w.bin", inputs=[hub.name])
    with httpx.Client(base_url=url) as http:
        data = lineage(http, hub.name, depth="1").json()
        page = http.get(f"/{hub.name}/lineage", params={"depth": "1"}).text
    srv.stop()
    assert len(data["nodes"]) == LEVEL_NODES + 6 and len(data["edges"]) == LEVEL_NODES + 5
    assert page.count('<a class="node"') == LEVEL_NODES + 1  # the hub itself and the first leaves by name
    assert 'href="/models/cmp-leaf-00/versions/1"' in page and 'href="/models/cmp-leaf-44/versions/1"' not in page
    assert ">5 more</text>" in page


# Access rules

@pytest.fixture(scope="module")
def secured_site(tmp_path_factory, storage_backend):
    from modelreg_server.app import bootstrap
    srv = ServerProcess(tmp_path_factory.mktemp("cmpsec") / "data", "--auth", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    _, root = bootstrap(srv.data, "root", db_url=srv.db_url)
    model_dir = tmp_path_factory.mktemp("secmodel")
    (model_dir / "w.bin").write_bytes(b"s" * 100)
    with Registry(srv.address, token=root, timeout=30) as admin:
        hidden = admin.push("hidden-base", model_dir, metrics={"accuracy": 0.1})
        admin.push("seen-model", model_dir, metrics={"accuracy": 0.2}, inputs=[hidden.name, "s3://data/open"])
        admin.push("seen-model", model_dir, metrics={"accuracy": 0.3})
        admin.create_principal("looker")
        admin.grant_role("looker", "viewer", models="seen-*")
        viewer = admin.create_token("looker")[1]
    yield srv, url, viewer
    srv.stop()


def sign_in(http: httpx.Client, token: str) -> None:
    form = http.get("/sign-in").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    assert http.post("/sign-in", data={"token": token, "csrf": csrf, "next": "/"}).status_code == 303


def test_viewer_comparing_an_unreadable_model_is_refused(secured_site):
    srv, url, viewer = secured_site
    with httpx.Client(base_url=url) as http:
        sign_in(http, viewer)  # stores a session
        before = data_state(srv.data)
        allowed = compare(http, "models/seen-model/versions/1", "models/seen-model/versions/2")
        refused = compare(http, "models/seen-model/versions/1", "models/hidden-base/versions/1")
        page = http.get("/compare", params=[("version", "models/hidden-base/versions/1")])
    assert allowed.status_code == 200 and len(allowed.json()["charts"]) == 1
    assert refused.status_code == 403 and refused.json()["error"]["reason"] == "ROLE_REQUIRED"
    assert page.status_code == 403 and "hidden-base" not in page.text.split('id="error"')[0]
    after = data_state(srv.data)
    after["rows"].pop("denied_calls"), before["rows"].pop("denied_calls")  # refusals are audited (in the background)
    assert after == before


def test_signed_out_compare_and_lineage_need_sign_in(secured_site):
    srv, url, _ = secured_site
    with httpx.Client(base_url=url) as http:
        data = compare(http, "models/seen-model/versions/1")
        page = http.get("/models/seen-model/versions/1/lineage")
    assert data.status_code == 401 and data.json()["error"]["reason"] == "TOKEN_MISSING"
    assert page.status_code == 303 and page.headers["location"].startswith("/sign-in")
    both = "/compare?version=models/seen-model/versions/1&version=models/seen-model/versions/2&diff=1"
    with httpx.Client(base_url=url) as http:
        redirect = http.get(both)
        form = http.get(redirect.headers["location"]).text
    assert parse_qs(urlsplit(redirect.headers["location"]).query) == {"next": [both]}  # every repeated param kept
    assert f'name="next" value="{both.replace("&", "&amp;")}"' in form


def test_lineage_leaves_out_models_the_viewer_cannot_read(secured_site):
    srv, url, viewer = secured_site
    with httpx.Client(base_url=url) as http:
        sign_in(http, viewer)
        data = lineage(http, "models/seen-model/versions/1").json()
        refused = lineage(http, "models/hidden-base/versions/1")
    assert [n["name"] for n in data["nodes"]] == ["s3://data/open", "models/seen-model/versions/1"]
    assert [e["upstream"] for e in data["edges"]] == ["s3://data/open"]
    assert refused.status_code == 403 and refused.json()["error"]["reason"] == "ROLE_REQUIRED"


# In a browser

def test_compare_only_differences_and_chart_in_a_browser(site, browser):
    srv, url = site
    context = browser.new_context(base_url=url, viewport={"width": 1200, "height": 800})
    page = context.new_page()
    script_errors = []
    page.on("pageerror", lambda e: script_errors.append(str(e)))
    page.goto("/compare?version=models/cmp-tuned/versions/1&version=models/cmp-tuned/versions/4")
    assert "Compare 2 versions" in page.locator("h1").inner_text()
    assert page.locator("tr.same").count() > 0 and page.locator("tr.differs").count() > 0
    differing = page.locator("tr.differs").count()
    screenshot(page, "compare-full")
    page.check("input[name=diff]")
    page.click("#compare-controls button")
    page.wait_for_url("**diff=1**")
    assert page.locator("tr.same").count() == 0 and page.locator("tr.differs").count() == differing
    assert page.locator('tr[data-key="epochs"]').count() == 0 and page.locator('tr[data-key="loss"]').count() == 1
    screenshot(page, "compare-diff")
    page.click("#toggle-diff")
    page.wait_for_load_state()
    assert page.locator("tr.same").count() > 0
    page.select_option("select[name=metric]", "loss")
    page.click("#compare-controls button")
    page.wait_for_url("**metric=loss**")
    chart = page.locator("#chart-cmp-tuned svg")
    assert chart.locator("circle.point").count() == 6
    assert [c.get_attribute("data-version") for c in chart.locator("circle.hl").all()] == ["1", "4"]
    assert "loss" in chart.locator("title").first.text_content()
    screenshot(page, "compare-chart")
    assert script_errors == []
    context.close()


def test_lineage_graph_click_through_to_a_parent_in_a_browser(site, browser):
    srv, url = site
    context = browser.new_context(base_url=url, viewport={"width": 1200, "height": 700})
    page = context.new_page()
    page.goto("/models/cmp-tuned/versions/3/lineage")
    graph = page.locator("#graph svg")
    assert graph.locator("a.node").count() == 3 and graph.locator("g.node").count() == 1
    screenshot(page, "compare-lineage")
    page.goto("/models/cmp-base/versions/1/lineage")
    assert page.locator("#graph a.node").count() == 8
    screenshot(page, "compare-lineage-downstream")
    page.goto("/models/cmp-chain-3/versions/1/lineage?depth=2")
    assert page.locator("#cut").is_visible()
    screenshot(page, "compare-lineage-cut")
    page.goto("/models/cmp-tuned/versions/3/lineage")
    page.locator('#graph a.node[data-key="models/cmp-base/versions/1"]').click()
    page.wait_for_url("**/models/cmp-base/versions/1")
    assert "cmp-base" in page.locator("h1").inner_text()
    context.close()


def test_viewer_signs_in_compares_and_follows_lineage_in_a_browser(secured_site, browser):
    srv, url, viewer = secured_site
    context = browser.new_context(base_url=url, viewport={"width": 1200, "height": 700})
    page = context.new_page()
    page.goto("/compare?version=models/seen-model/versions/1&version=models/seen-model/versions/2")
    page.wait_for_url("**/sign-in?next=**")
    page.fill("input[name=token]", viewer)
    page.click("form[action='/sign-in'] button")
    page.wait_for_url("**/compare?version=models/seen-model/versions/1**")
    assert page.locator('tr[data-key="accuracy"]').count() == 1
    page.check("input[name=diff]")
    page.click("#compare-controls button")
    page.wait_for_url("**diff=1**")
    assert page.locator("tr.same").count() == 0 and page.locator('tr[data-key="accuracy"]').count() == 1
    screenshot(page, "compare-viewer-diff")
    page.locator("th.version a", has_text="lineage").first.click()
    page.wait_for_url("**/models/seen-model/versions/1/lineage")
    keys = [n.get_attribute("data-key") for n in page.locator("#graph .node").all()]
    assert sorted(keys) == ["models/seen-model/versions/1", "s3://data/open"]  # hidden-base:1 left out
    screenshot(page, "compare-viewer-lineage")
    context.close()
