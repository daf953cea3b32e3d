"""The dashboard's monitoring views against a real server: the model page's alias timeline
(which version held each alias, from the alias events) and the version page's production metric
charts, over HTTP (HTML, JSON, report) and in headless Chromium."""

import time

import httpx
import pytest

from conftest import ServerProcess, replay, screenshot
from modelreg import Registry
from test_web import dashboard


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """mon-vision: v1..v3 pushed, `prod` set to 1, then moved to 2, then to 3; `canary` set to 2
    and deleted."""
    srv = ServerProcess(tmp_path_factory.mktemp("monitoring") / "data", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    root = tmp_path_factory.mktemp("models")
    with Registry(srv.address, timeout=30) as reg:
        for n in (1, 2, 3):
            (root / f"w{n}.bin").write_bytes(b"%d" % n * 1000)
            reg.push("mon-vision", root / f"w{n}.bin")
        reg.set_alias("mon-vision", "prod", 1)
        reg.set_alias("mon-vision", "prod", 2)
        reg.set_alias("mon-vision", "canary", 2)
        reg.set_alias("mon-vision", "prod", 3)
        reg.delete_alias("mon-vision", "canary")
        events = [e for e in replay(reg, models=["mon-vision"]) if e.alias in ("prod", "canary")]
    yield srv, url, events
    srv.stop()


def micros(e) -> int:
    return e.time.seconds * 1_000_000 + e.time.nanos // 1000


def expected_spans(events) -> dict:
    """What the events say, computed here independently: alias -> [(version, start, end or None)]."""
    prod = [e for e in events if e.alias == "prod"]
    canary = [e for e in events if e.alias == "canary"]
    assert [e.version for e in prod] == [1, 2, 3] and len(canary) == 2
    return {"prod": [(1, micros(prod[0]), micros(prod[1])), (2, micros(prod[1]), micros(prod[2])),
                     (3, micros(prod[2]), None)],
            "canary": [(2, micros(canary[0]), micros(canary[1]))]}


def test_alias_timeline_json_has_the_spans_of_the_events(site):
    srv, url, events = site
    data = httpx.get(url + "models/mon-vision?format=json").json()
    timeline = data["alias_timeline"]
    got = {a["alias"]: [(s["version"], s["start"], None if s["open"] else s["end"]) for s in a["spans"]]
           for a in timeline["aliases"]}
    assert got == expected_spans(events)
    assert timeline["start"] == micros(events[0]) and timeline["end"] == micros(events[-1])
    assert "latest" not in got  # it moves with every push


def test_alias_timeline_drawn_in_the_html_and_the_report(site):
    srv, url, events = site
    for suffix in ("", "?format=report"):
        html = httpx.get(url + "models/mon-vision" + suffix).text
        assert html.count('class="span"') == 4
        for alias, spans in expected_spans(events).items():
            for version, start, end in spans:
                assert f'data-alias="{alias}" data-version="{version}" data-start="{start}"' in html


def test_alias_timeline_in_a_browser(site, browser):
    srv, url, events = site
    context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/models/mon-vision")
    spans = page.locator("#alias-timeline g.span[data-alias=prod]")
    assert spans.count() == 3
    boxes = [spans.nth(i).locator("rect").bounding_box() for i in range(3)]
    # Left to right in time, each one starting where the one before ended, the last to the right edge.
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
    for before, after in zip(boxes, boxes[1:]):
        assert abs(before["x"] + before["width"] - after["x"]) < 2.5
    assert [spans.nth(i).get_attribute("data-version") for i in range(3)] == ["1", "2", "3"]
    assert spans.nth(2).get_attribute("data-open") == "1"
    assert "prod → version 3" in spans.nth(2).locator("title").text_content()
    screenshot(page, "model-alias-timeline")
    assert errors == []
    context.close()


REPORTED = [0.91, 0.89, 0.93, 0.87]


@pytest.fixture(scope="module")
def reported(site):
    """accuracy points reported for mon-vision:v3 through the generated stub on the SDK's channel."""
    from google.protobuf.timestamp_pb2 import Timestamp
    from modelreg.v1 import monitoring_service_pb2 as ms, monitoring_service_pb2_grpc
    srv, url, _ = site
    now = int(time.time())
    points = [ms.MetricPoint(metric="accuracy", value=v, time=Timestamp(seconds=now - 40 + 10 * i))
              for i, v in enumerate(REPORTED)]
    with Registry(srv.address, timeout=30) as reg:
        stub = monitoring_service_pb2_grpc.MonitoringServiceStub(reg.channel)
        answer = stub.BatchReportMetrics(ms.BatchReportMetricsRequest(version="mon-vision:v3", points=points))
    assert answer.accepted_points == len(REPORTED)
    return url


def test_version_page_json_has_the_reported_metric(reported):
    production = httpx.get(reported + "models/mon-vision/versions/3?format=json").json()["version"]["production"]
    assert [c["metric"] for c in production["charts"]] == ["accuracy"]
    chart = production["charts"][0]
    assert chart["summary"]["count"] == len(REPORTED)
    assert chart["summary"]["mean"] == pytest.approx(sum(REPORTED) / len(REPORTED))
    assert chart["summary"]["max"] == max(REPORTED) and chart["summary"]["min"] == min(REPORTED)
    assert sum(b["count"] for b in chart["buckets"]) == len(REPORTED)
    assert sum(b["mean"] * b["count"] for b in chart["buckets"]) == pytest.approx(sum(REPORTED))
    assert chart["latest"] == chart["buckets"][-1]["mean"]
    assert production["step"] == 5 * 60 * 10**6  # a version younger than 6 h: 5-minute steps
    # Versions without points: no chart.
    other = httpx.get(reported + "models/mon-vision/versions/1?format=json").json()["version"]["production"]
    assert other["charts"] == []


def test_version_page_chart_in_a_browser(reported, browser):
    data = httpx.get(reported + "models/mon-vision/versions/3?format=json").json()["version"]["production"]
    chart = data["charts"][0]
    context = browser.new_context(base_url=reported, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/models/mon-vision/versions/3")
    figure = page.locator("#production figure[data-metric=accuracy]")
    assert figure.locator("svg.production circle.point").count() == len(chart["buckets"])
    assert figure.locator(".latest").inner_text() == str(chart["latest"])
    means = [float(figure.locator("circle.point").nth(i).get_attribute("data-mean")) for i in range(len(chart["buckets"]))]
    assert means == [b["mean"] for b in chart["buckets"]]
    figure.scroll_into_view_if_needed()
    screenshot(page, "version-production-metrics")
    assert errors == []
    context.close()


def test_model_page_overlays_the_holders_metric_on_their_spans(reported, site):
    srv, url, events = site
    data = httpx.get(reported + "models/mon-vision?format=json").json()
    overlay = data["alias_overlay"]
    assert [c["metric"] for c in overlay["charts"]] == ["accuracy"]
    lines = overlay["charts"][0]["lines"]
    assert [ln["version"] for ln in lines] == [3]  # only v3 has points
    assert sum(b["count"] for b in lines[0]["buckets"]) == len(REPORTED)
    held = {(s["alias"], s["version"]) for s in overlay["spans"]}
    assert held == {("prod", 1), ("prod", 2), ("prod", 3), ("canary", 2)}
    prod3 = next(s for s in overlay["spans"] if s["alias"] == "prod" and s["version"] == 3)
    assert prod3["start"] == micros([e for e in events if e.alias == "prod"][-1]) and prod3["end"] == overlay["end"]
    html = httpx.get(reported + "models/mon-vision").text
    assert html.count('<g class="held"') == 4 and '<g class="line" data-version="3">' in html


def test_model_page_lists_its_monitors_with_their_state(site, browser):
    srv, url, events = site
    with Registry(srv.address, timeout=30) as reg:
        m = reg.create_monitor("mon-vision:prod", metric="accuracy", below=0.9, window=60, min_samples=2,
                               monitor_id="acc-floor")
        data = httpx.get(url + "models/mon-vision?format=json").json()
        assert [(x["id"], x["alias"], x["condition"], x["rollback"]) for x in data["monitors"]] == [
            ("acc-floor", "prod", "below 0.9", False)]
        assert data["monitors"][0]["state"] == "OK" and m.name == data["monitors"][0]["name"]
    page = browser.new_context(base_url=url).new_page()
    page.goto("/models/mon-vision")
    row = page.locator("#monitors tr[data-monitor=acc-floor]")
    assert "mean accuracy over 60s below 0.9" in row.inner_text()
    assert row.locator("td.state").inner_text() == "OK"
    screenshot(page, "model-monitors")
