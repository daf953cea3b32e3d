"""The dashboard's activity feed (/activity, live over server-sent events at /activity/stream) and
webhook pages (/webhooks): real servers with --http, real pushed models, the real SDK, httpx and
Chromium on loopback."""

import json
import re

import httpx
import pytest
from google.protobuf import duration_pb2

from conftest import FAST_WEBHOOKS, Receiver, ServerProcess, free_port, screenshot
from modelreg import Registry
from modelreg.v1 import event_service_pb2 as ev
from modelreg_server.web.views import PAGE_SIZE


def dashboard(srv: ServerProcess) -> str:
    """The dashboard URL the server prints right after its listening line."""
    line = srv.proc.stdout.readline().decode()
    match = re.search(r"web dashboard at (http://127\.0\.0\.1:\d+/)", line)
    assert match, line
    return match.group(1)


def watched(reg: Registry, filter: str = "") -> list[int]:
    """The sequences gRPC's Watch sends from the start of the log through its current head, for
    the same filter: what the activity page must show, newest first."""
    head = reg.event_head()
    call = reg.events.Watch(ev.WatchRequest(after_sequence=0, filter=filter,
                                            progress_interval=duration_pb2.Duration(nanos=100_000_000)))
    found = []
    for response in call:
        if response.HasField("event"):
            found.append(response.event.sequence)
        elif response.progress.head_sequence >= head:
            break
    call.cancel()
    return found


def history(http: httpx.Client, filter: str = "") -> list[dict]:
    """Every event of /activity for a filter, following its pages."""
    items, token = [], ""
    while True:
        page = http.get("/activity", params={"filter": filter, "page_token": token, "format": "json"})
        assert page.status_code == 200, page.text
        items += page.json()["events"]
        token = page.json()["next_page_token"]
        if not token:
            return items


def events(lines, count: int) -> list[dict]:
    """The next `count` messages of an event stream that are not progress (keep-alive) messages."""
    found = []
    while len(found) < count:
        found += [m for m in sse(lines, 1) if m.get("event") != "progress"]
    return found


def sse(lines, count: int) -> list[dict]:
    """The first `count` messages of an event stream: each as {field: value}, comments left out."""
    messages, current = [], {}
    for line in lines:
        if line == "":
            if current:
                messages.append(current)
                current = {}
                if len(messages) == count:
                    return messages
        elif not line.startswith(":"):
            field, _, value = line.partition(":")
            current[field] = value.removeprefix(" ")
    return messages


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A server with the dashboard, two models with versions and alias moves, and two webhooks: one
    whose receiver answers 200 and one whose target refuses connections."""
    receiver = Receiver().start()
    srv = ServerProcess(tmp_path_factory.mktemp("activity") / "data", "--http", "127.0.0.1:0", *FAST_WEBHOOKS).start()
    url = dashboard(srv)
    model_dir = tmp_path_factory.mktemp("model")
    (model_dir / "weights.bin").write_bytes(b"w" * 3000)
    with Registry(srv.address, timeout=30) as reg:
        reg.add_webhook(receiver.url, filter="type = ALIAS_SET AND alias = prod", webhook_id="wh-ok",
                        description="deploys")
        reg.add_webhook(f"http://127.0.0.1:{free_port()}/down", models=["act-b*"], webhook_id="wh-down")
        reg.create_model("act-a", tags={"team": "vision"})
        reg.push("act-a", model_dir, metrics={"accuracy": 0.9})
        reg.push("act-a", model_dir / "weights.bin", metrics={"accuracy": 0.93}, aliases=["prod"])
        reg.create_model("act-b")
        reg.push("act-b", model_dir)
        for n in (1, 2) * 30:  # enough events for several pages of /activity
            reg.set_alias("act-a", "prod", n)
    yield srv, url, receiver
    srv.stop()
    receiver.stop()


def test_activity_shows_what_watch_sends_newest_first(live):
    srv, url, _ = live
    with httpx.Client(base_url=url) as http, Registry(srv.address, timeout=30) as reg:
        shown = history(http)
        expected = watched(reg)
        page = http.get("/activity")
    assert [e["sequence"] for e in shown] == expected[::-1] and len(expected) > PAGE_SIZE  # pages, none twice
    assert page.status_code == 200 and 'id="activity"' in page.text and "/static/activity.js" in page.text
    created = next(e for e in shown if e["type"] == "VERSION_CREATED" and e["model"] == "act-a" and e["version"] == 2)
    assert created["link"] == "/models/act-a/versions/2" and f'href="{created["link"]}"' in page.text


@pytest.mark.parametrize("filter", ["type = ALIAS_SET", 'model = "act-b*"', "alias = prod AND version = 1",
                                    "NOT type = alias_set", "type = VERSION_* OR type = MODEL_CREATED",
                                    "version >= 2", "-alias:*"])
def test_activity_filter_is_the_watch_filter(live, filter):
    srv, url, _ = live
    with httpx.Client(base_url=url) as http, Registry(srv.address, timeout=30) as reg:
        shown = history(http, filter)
        expected = watched(reg, filter)
    assert expected and [e["sequence"] for e in shown] == expected[::-1]


def test_activity_links_open_their_pages(live):
    srv, url, _ = live
    with httpx.Client(base_url=url) as http:
        links = {e["link"] for e in history(http, '(type = VERSION_CREATED OR type = MODEL_CREATED) AND '
                                                  '(model = "act-a" OR model = "act-b")')}
        assert links == {"/models/act-a", "/models/act-b", "/models/act-a/versions/1", "/models/act-a/versions/2",
                         "/models/act-b/versions/1"}
        assert all(http.get(link).status_code == 200 for link in links)


@pytest.mark.parametrize("bad", ["type = ", 'model = "act-a" AND (', "colour = red", '"unterminated'])
def test_bad_activity_filter_is_400_with_position(live, bad):
    srv, url, _ = live
    with httpx.Client(base_url=url) as http:
        page = http.get("/activity", params={"filter": bad})
        data = http.get("/activity", params={"filter": bad}, headers={"Accept": "application/json"}).json()
    assert page.status_code == 400 and 'id="error"' in page.text and "activity.js" not in page.text
    assert data["error"]["reason"] == "INVALID_FILTER" and data["events"] == []
    position = int(data["error"]["metadata"]["position"])
    caret = re.search(r'<pre class="caret">(.*)\n( *)\^</pre>', page.text)
    assert caret and len(caret.group(2)) == position


def test_stream_resumes_after_last_event_id(live):
    """An EventSource reconnecting sends Last-Event-ID: the stream goes on from that Watch cursor."""
    srv, url, _ = live
    with Registry(srv.address, timeout=30) as reg:
        expected = watched(reg, "type = ALIAS_SET")
        resume = expected[-5]
        with httpx.stream("GET", url + "activity/stream", params={"filter": "type = ALIAS_SET", "after": "1"},
                          headers={"Last-Event-ID": str(resume)}, timeout=30) as response:
            lines = response.iter_lines()
            first = sse(lines, 6)
            reg.set_alias("act-a", "prod", 1 if reg.get_model("act-a").aliases["prod"] == 2 else 2)
            reg.create_model("act-c")  # not an ALIAS_SET: not sent
            reg.set_alias("act-a", "canary", 1)
            later = events(lines, 2)
    assert response.headers["content-type"] == "text/event-stream"
    assert first[0] == {"retry": "2000"}
    assert first[1]["event"] == "progress" and first[1]["id"] == str(resume)  # Last-Event-ID wins over ?after=
    assert [int(m["id"]) for m in first[2:]] == expected[-4:]
    assert all("event" not in m and json.loads(m["data"])["sequence"] == int(m["id"]) for m in first[2:] + later)
    sent = [json.loads(m["data"]) for m in later]
    assert [(e["alias"], e["type"]) for e in sent] == [("prod", "ALIAS_SET"), ("canary", "ALIAS_SET")]
    assert int(later[0]["id"]) > expected[-1]


@pytest.mark.parametrize("cursor, reason", [("abc", "INVALID_CURSOR"), ("999999", "CURSOR_AHEAD")])
def test_stream_refuses_bad_cursor_with_an_event(live, cursor, reason):
    srv, url, _ = live
    with httpx.stream("GET", url + "activity/stream", headers={"Last-Event-ID": cursor}, timeout=30) as response:
        lines = response.iter_lines()
        messages = sse(lines, 2)
        rest = list(lines)  # the server ends the stream after the refusal
    assert messages[1]["event"] == "refused" and json.loads(messages[1]["data"])["error"]["reason"] == reason
    assert rest == []


def test_stream_with_bad_filter_is_refused(live):
    srv, url, _ = live
    with httpx.stream("GET", url + "activity/stream", params={"filter": "type = "}, timeout=30) as response:
        messages = sse(response.iter_lines(), 2)
    error = json.loads(messages[1]["data"])["error"]
    assert messages[1]["event"] == "refused" and error["reason"] == "INVALID_FILTER" and error["metadata"]["position"]


def test_compacted_cursor_is_refused_clearly(tmp_path):
    """A browser that comes back after the events it missed were compacted is told so (it must
    reload), and the page shows what is still kept."""
    srv = ServerProcess(tmp_path / "data", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    with Registry(srv.address, timeout=30) as reg:
        for name in ("gone-a", "gone-b", "kept-c"):
            reg.create_model(name)
        head = reg.event_head()
        reg.compact_events(through_sequence=head - 1)
    with httpx.Client(base_url=url) as http:
        with http.stream("GET", "/activity/stream", headers={"Last-Event-ID": "1"}, timeout=30) as response:
            lines = response.iter_lines()
            refused = sse(lines, 2)[1]
            rest = list(lines)
        kept = history(http)
        with http.stream("GET", "/activity/stream", headers={"Last-Event-ID": str(head - 1)}, timeout=30) as response:
            resumed = sse(response.iter_lines(), 3)
    srv.stop()
    error = json.loads(refused["data"])["error"]
    assert refused["event"] == "refused" and error["reason"] == "CURSOR_COMPACTED" and rest == []
    assert "no longer kept" in error["message"] and error["metadata"]["compacted_through"] == str(head - 1)
    assert [(e["sequence"], e["model"]) for e in kept] == [(head, "kept-c")]
    assert resumed[1]["event"] == "progress" and [m.get("id") for m in resumed[2:]] == [str(head)]


def wait_for_attempts(reg: Registry, name: str, *, failed: bool) -> list:
    """The webhook's deliveries once one has an attempt (a successful one, or a failed one)."""
    while True:
        deliveries = list(reg.webhook_deliveries(name))
        if any(d.attempts and (bool(a.error) == failed) for d in deliveries for a in d.attempts):
            return deliveries


def test_webhooks_pages_show_subscriptions_and_deliveries(live):
    srv, url, receiver = live
    with httpx.Client(base_url=url) as http, Registry(srv.address, timeout=30) as reg:
        wait_for_attempts(reg, "webhooks/wh-ok", failed=False)
        wait_for_attempts(reg, "webhooks/wh-down", failed=True)
        listing = http.get("/webhooks?format=json").json()["webhooks"]
        ok = http.get("/webhooks/wh-ok", headers={"Accept": "application/json"}).json()
        down = http.get("/webhooks/wh-down?format=json").json()
        sdk_ok = {d.name.rpartition("/")[2]: d for d in reg.webhook_deliveries("webhooks/wh-ok")}
        page, one = http.get("/webhooks"), http.get("/webhooks/wh-down")
        missing = http.get("/webhooks/wh-nope?format=json")
    assert [(w["id"], w["filter"], w["target_url"], w["state"]) for w in listing] == [
        ("wh-down", "", down["webhook"]["target_url"], "ENABLED"),
        ("wh-ok", "type = ALIAS_SET AND alias = prod", receiver.url, "ENABLED")]
    assert listing[0]["models"] == ["act-b*"] and all("secret" not in w for w in listing)
    assert {str(d["id"]) for d in ok["deliveries"]} <= set(sdk_ok) and ok["deliveries"]
    succeeded = [d for d in ok["deliveries"] if d["status"] == "SUCCEEDED"]
    assert succeeded and all(a["status_code"] == 200 and not a["error"] for d in succeeded for a in d["history"])
    assert all(d["event"]["type"] == "ALIAS_SET" and d["event"]["alias"] == "prod" for d in ok["deliveries"])
    assert all(len(d["history"]) == len(sdk_ok[str(d["id"])].attempts) for d in succeeded)
    tried = [a for d in down["deliveries"] for a in d["history"]]
    assert tried and all(a["error"] and a["status_code"] == 0 for a in tried)
    assert page.status_code == 200 and 'href="/webhooks/wh-ok"' in page.text and "type = ALIAS_SET" in page.text
    assert one.status_code == 200 and 'id="deliveries"' in one.text and "no response" in one.text
    assert missing.status_code == 404 and missing.json()["error"]["reason"] == "WEBHOOK_NOT_FOUND"


# Access: an --auth server, a viewer of some models and an admin.

def sign_in(http: httpx.Client, token: str) -> None:
    form = http.get("/sign-in").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    assert http.post("/sign-in", data={"token": token, "csrf": csrf, "next": "/"}).status_code == 303


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    from modelreg_server.app import bootstrap
    srv = ServerProcess(tmp_path_factory.mktemp("actauth") / "data", "--auth", "--http", "127.0.0.1:0",
                        *FAST_WEBHOOKS).start()
    url = dashboard(srv)
    _, root = bootstrap(srv.data, "root", db_url=srv.db_url)
    model_dir = tmp_path_factory.mktemp("amodel")
    (model_dir / "w.bin").write_bytes(b"a" * 100)
    with Registry(srv.address, token=root, timeout=30) as admin:
        admin.create_principal("looker")
        admin.grant_role("looker", "viewer", models="seen-*")
        viewer = admin.create_token("looker")[1]
        admin.add_webhook(f"http://127.0.0.1:{free_port()}/x", webhook_id="wh-guarded")
        for model in ("seen-one", "hidden-one"):
            admin.create_model(model)
            admin.push(model, model_dir, aliases=["prod"])
    with Registry(srv.address, token=viewer, timeout=30) as looker:
        with pytest.raises(Exception):
            looker.create_model("seen-two")  # refused: part of the audit trail, for admins
    yield srv, url, root, viewer
    srv.stop()


def test_viewer_sees_only_events_of_models_they_may_read(guarded):
    srv, url, root, viewer = guarded
    with httpx.Client(base_url=url) as looker, httpx.Client(base_url=url) as admin:
        sign_in(looker, viewer)
        sign_in(admin, root)
        seen, everything = history(looker), history(admin)
        refused = history(admin, "type = DENIED")
        viewer_refused = history(looker, "type = DENIED")
    assert seen and {e["model"] for e in seen} == {"seen-one"}
    assert {e["model"] for e in everything} >= {"seen-one", "hidden-one", ""}  # "" : governance events
    assert [e["sequence"] for e in seen] == [e["sequence"] for e in everything if e["model"] == "seen-one"]
    assert viewer_refused == [] and any(e["kind"] == "denied" for e in everything)
    assert refused and all(e["kind"] == "denied" and e["actor"] == "looker" for e in refused)
    assert refused[0]["method"].endswith("CreateModel") and refused[0]["reason"] == "ROLE_REQUIRED"


def test_viewer_stream_skips_models_they_may_not_read(guarded):
    srv, url, root, viewer = guarded
    with httpx.Client(base_url=url) as looker, Registry(srv.address, token=root, timeout=30) as admin:
        sign_in(looker, viewer)
        with looker.stream("GET", "/activity/stream", timeout=30) as response:
            lines = response.iter_lines()
            sse(lines, 2)  # retry, then the first progress
            admin.set_alias("hidden-one", "canary", 1)
            admin.set_alias("seen-one", "canary", 1)
            event = json.loads(events(lines, 1)[0]["data"])
    assert (event["model"], event["alias"]) == ("seen-one", "canary")


def test_admin_pages_through_events_and_refused_calls_once_each(guarded):
    """Refused calls and events, two sources paged by their own cursors, each appear exactly once
    across the pages, in the order Watch and Audit give them."""
    srv, url, root, viewer = guarded
    with Registry(srv.address, token=viewer, timeout=30) as looker:
        for i in range(70):  # one refused call per model: one audit row each, over more than a page
            with pytest.raises(Exception):
                looker.get_model(f"hidden-{i:02d}")
    with httpx.Client(base_url=url) as admin, Registry(srv.address, token=root, timeout=30) as reg:
        sign_in(admin, root)
        shown = history(admin)
        expected_events = watched(reg)
        expected_refused = [(r.denied.method, r.denied.model) for r in reg.audit(outcome="denied")]
        only_refused = history(admin, 'type = DENIED AND model = "hidden-*"')
    assert [e["sequence"] for e in shown if e["kind"] == "event"] == expected_events[::-1]
    assert [(e["method"], e["model"]) for e in shown if e["kind"] == "denied"] == expected_refused
    assert len(expected_refused) > 70 and len(shown) > PAGE_SIZE  # more than a page
    assert [e["model"] for e in only_refused] == [m for _, m in expected_refused if m.startswith("hidden-")]
    assert len(only_refused) == 70


@pytest.mark.parametrize("path", ["/webhooks", "/webhooks/wh-guarded", "/webhooks/wh-nope"])
def test_webhooks_are_for_admins_only(guarded, path):
    srv, url, root, viewer = guarded
    with httpx.Client(base_url=url) as looker, httpx.Client(base_url=url) as admin:
        sign_in(looker, viewer)
        sign_in(admin, root)
        refused = looker.get(path, params={"format": "json"})
        page = looker.get(path)
        allowed = admin.get(path, params={"format": "json"})
        nav = looker.get("/activity").text, admin.get("/activity").text
    assert refused.status_code == 403 and refused.json()["error"]["reason"] == "ROLE_REQUIRED"
    assert page.status_code == 403 and "wh-guarded" not in page.text
    assert allowed.status_code == (404 if path.endswith("nope") else 200)
    assert 'href="/webhooks"' not in nav[0] and 'href="/webhooks"' in nav[1]


def test_stream_ends_when_its_token_is_revoked(guarded):
    srv, url, root, _ = guarded
    with Registry(srv.address, token=root, timeout=30) as admin:
        admin.create_principal("leaver")
        admin.grant_role("leaver", "viewer", models="seen-*")
        token = admin.create_token("leaver")
        with httpx.Client(base_url=url) as http:
            sign_in(http, token[1])
            with http.stream("GET", "/activity/stream", timeout=30) as response:
                lines = response.iter_lines()
                sse(lines, 2)
                admin.revoke_token(token[0].name)
                refused = events(lines, 1)[0]
                rest = list(lines)
    assert refused["event"] == "refused" and json.loads(refused["data"])["error"]["reason"] == "TOKEN_REVOKED"
    assert rest == []


def test_browser_admin_sees_refused_calls(guarded, browser):
    srv, url, root, viewer = guarded
    context = browser.new_context(base_url=url)
    page = context.new_page()
    page.goto("/activity")
    page.fill("input[name=token]", root)
    page.keyboard.press("Enter")
    page.wait_for_url("**/activity")
    page.wait_for_selector("#live-status.live")
    assert page.locator("#events tr.denied").count() > 0 and "ROLE_REQUIRED" in page.locator("#events").inner_text()
    screenshot(page, "activity-admin")
    context.close()


# A stream of a server that stops; a browser that reconnects.

def test_server_stops_promptly_with_an_open_stream(tmp_path):
    srv = ServerProcess(tmp_path / "data", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    with httpx.stream("GET", url + "activity/stream", timeout=60) as response:
        lines = response.iter_lines()
        assert sse(lines, 2)[1]["event"] == "progress"
        code = srv.stop(timeout=30)
        rest = list(lines)  # the server ended the stream: the iteration finishes
    assert code == 0 and rest == []


def live_rows(page) -> list[int]:
    return [int(s) for s in page.locator("#events tr").evaluate_all("rows => rows.map(r => r.dataset.sequence)")]


def test_browser_sees_alias_move_live(live, browser):
    """/activity open in a tab; an alias moved elsewhere appears there without a reload."""
    srv, url, _ = live
    context = browser.new_context(base_url=url)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/activity?filter=" + "type = ALIAS_SET")
    page.wait_for_selector("#live-status.live")
    page.evaluate("window.notReloaded = true")
    with Registry(srv.address, timeout=30) as reg:
        current = reg.get_model("act-a").aliases["prod"]
        moved = reg.set_alias("act-a", "prod", 1 if current == 2 else 2)
        head = reg.event_head()
    row = page.wait_for_selector(f'#events tr[data-sequence="{head}"]')
    assert "act-a:" in row.inner_text() and "prod" in row.inner_text() and f"was {current}" in row.inner_text()
    assert row.get_attribute("class") == "event new" and moved.version != current
    assert page.evaluate("window.notReloaded") is True and live_rows(page)[0] == head
    screenshot(page, "activity-live")
    page.goto("/activity")
    screenshot(page, "activity")
    page.goto("/activity?filter=" + "type = ")
    screenshot(page, "activity-bad-filter")
    page.goto("/webhooks")
    screenshot(page, "activity-webhooks")
    page.goto("/webhooks/wh-ok")
    screenshot(page, "activity-webhook")
    page.goto("/webhooks/wh-down")
    screenshot(page, "activity-webhook-failing")
    assert errors == []
    context.close()


def test_browser_resumes_after_the_server_restarts(tmp_path, browser):
    """The stream drops (the server restarts on the same ports) while events are written: after
    EventSource reconnects with Last-Event-ID, every event appears exactly once, in order."""
    http_port = free_port()
    srv = ServerProcess(tmp_path / "data", "--http", f"127.0.0.1:{http_port}").start()
    url = dashboard(srv)
    model_dir = tmp_path / "m"
    model_dir.mkdir()
    (model_dir / "w.bin").write_bytes(b"r" * 100)
    with Registry(srv.address, timeout=30) as reg:
        reg.push("resume", model_dir)
        reg.push("resume", model_dir / "w.bin")
        start = reg.event_head()
    context = browser.new_context(base_url=url)
    page = context.new_page()
    page.goto("/activity")
    page.wait_for_selector("#live-status.live")
    page.evaluate("""window.statuses = []; new MutationObserver(
                       () => window.statuses.push(document.getElementById('live-status').textContent))
                     .observe(document.getElementById('live-status'), {childList: true})""")
    with Registry(srv.address, timeout=30) as reg:
        reg.set_alias("resume", "prod", 1)
        page.wait_for_selector(f'#events tr[data-sequence="{reg.event_head()}"]')  # delivered live
        for n in (2, 1):  # written as the server goes down: some may reach the tab before, the rest after
            reg.set_alias("resume", "prod", n)
    srv.restart()
    assert dashboard(srv) == url
    with Registry(srv.address, timeout=30) as reg:
        for n in (2, 1, 2):  # written while the tab is still disconnected (it retries every 2 s)
            reg.set_alias("resume", "prod", n)
        reg.set_alias("resume", "canary", 1)
        head = reg.event_head()
        expected = watched(reg)
    page.wait_for_selector(f'#events tr[data-sequence="{head}"]')
    page.wait_for_selector("#live-status.live")
    rows = live_rows(page)
    assert rows == [s for s in expected[::-1]]  # each once, newest first: the page's events and the live ones
    assert [s for s in rows if s > start] == list(range(head, start, -1))
    assert any("reconnecting" in s for s in page.evaluate("window.statuses"))  # the stream did drop
    screenshot(page, "activity-resumed")
    context.close()
    srv.stop()


def test_alias_moved_in_one_tab_appears_live_in_another(live, browser):
    """Two tabs of one person: the alias form on the model page in one, /activity in the other;
    the move made through the form shows up in the feed without a reload."""
    srv, url, _ = live
    context = browser.new_context(base_url=url)
    feed, model = context.new_page(), context.new_page()
    feed.goto("/activity?filter=" + "type = ALIAS_SET AND model = act-a")
    feed.wait_for_selector("#live-status.live")
    feed.evaluate("window.notReloaded = true")
    model.goto("/models/act-a")
    now = int(model.locator("#alias-forms tr", has_text="prod").locator("td").nth(1).inner_text())
    target = 1 if now == 2 else 2
    form = model.locator('form[data-alias="prod"]')
    form.locator("input[name=version]").fill(str(target))
    form.locator("button").click()
    model.wait_for_url("**/models/act-a")
    assert f"act-a:prod now points at version {target}" in model.locator("#flash").inner_text()
    with Registry(srv.address, timeout=30) as reg:
        head = reg.event_head()
    row = feed.wait_for_selector(f'#events tr[data-sequence="{head}"]')
    assert "prod" in row.inner_text() and f"was {now}" in row.inner_text()
    assert feed.evaluate("window.notReloaded") is True and live_rows(feed)[0] == head
    screenshot(feed, "activity-other-tab")
    context.close()
