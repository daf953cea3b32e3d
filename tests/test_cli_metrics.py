"""`modelreg report` and `modelreg metrics` against the real server, and `modelreg follow`
reporting its swaps."""

import json
import os
import signal
import subprocess
import sys
import threading

import pytest

from conftest import wait_until, write_tree
from modelreg import Registry
from modelreg.cli import EXIT


@pytest.fixture
def two_versions(registry, model, tmp_path):
    for i in (1, 2):
        registry.push(model, write_tree(tmp_path / f"src{i}", {"w.bin": os.urandom(1000 + i)}))
    registry.set_alias(model, "production", 1)
    registry.set_alias(model, "staging", 2)
    return model


def test_report_then_metrics_lists_and_shows_it(cli, two_versions):
    m = two_versions
    result = cli("report", f"{m}:production", "accuracy=0.9", "latency_ms=40", "--label", "deployment=eu-1",
                 "--json")
    assert json.loads(result.stdout) == {"accepted_points": 2}
    cli("report", f"{m}:production", "accuracy=0.7", "latency_ms=80", "--label", "deployment=eu-1",
        "--time", "now")
    assert "2 points stored" in cli("report", f"{m}:v1", "accuracy=0.8", "latency_ms=60").stdout

    listing = json.loads(cli("metrics", f"{m}:production", "--json").stdout)["metrics"]
    assert [d["metric"] for d in listing] == ["accuracy", "latency_ms"]
    assert listing[0]["series_count"] == 2
    assert "accuracy" in cli("metrics", m).stdout

    series = json.loads(cli("metrics", f"{m}:production", "--metric", "latency_ms", "--window", "1h",
                            "--step", "1m", "--agg", "max", "--json").stdout)
    assert series["version"] == f"models/{m}/versions/1"
    assert series["summary"]["count"] == 3 and series["summary"]["value"] == 80
    assert sum(b["count"] for b in series["buckets"]) == 3 and series["step_seconds"] == 60
    only = json.loads(cli("metrics", f"{m}:v1", "--metric", "accuracy", "--label", "deployment=eu-1",
                          "--agg", "mean", "--json").stdout)
    assert only["summary"]["count"] == 2 and only["summary"]["value"] == pytest.approx(0.8)

    text = cli("metrics", f"{m}:production", "--metric", "accuracy", "--agg", "p99").stdout
    assert "TIME (UTC)" in text and "P99" in text and f"models/{m}/versions/1 accuracy p99" in text


def test_compare_two_versions_over_one_window(cli, two_versions):
    m = two_versions
    cli("report", f"{m}:production", "accuracy=0.9")
    cli("report", f"{m}:staging", "accuracy=0.8")
    compared = json.loads(cli("metrics", f"{m}:production", "--metric", "accuracy", "--compare", f"{m}:staging",
                              "--json").stdout)
    assert compared["champion"]["version"] == f"models/{m}/versions/1"
    assert compared["challenger"]["version"] == f"models/{m}/versions/2"
    assert compared["difference"] == pytest.approx(-0.1)
    assert compared["relative_difference_percent"] == pytest.approx(-100 / 9)
    text = cli("metrics", f"{m}:production", "--metric", "accuracy", "--compare", f"{m}:staging").stdout
    assert "CHAMPION" in text and "CHALLENGER" in text and "difference (challenger - champion): -0.1" in text


@pytest.mark.parametrize("args,reason", [
    (["{m}:v1", "accuracy=nan"], "INVALID_VALUE"),
    (["{m}:v1", "accuracy=inf"], "INVALID_VALUE"),
    (["{m}:v9", "accuracy=1"], "VERSION_NOT_FOUND"),
    (["{m}:v1", "bad name=1"], "INVALID_METRIC"),
    (["{m}:v1", "accuracy=1", "--time", "2999-01-01T00:00:00Z"], "TIME_IN_FUTURE"),
    (["{m}:v1", "accuracy=1", "--time", "yesterday"], "INVALID_TIME"),
])
def test_a_refused_report_exits_with_the_reason_and_stores_nothing(cli, registry, two_versions, args, reason):
    m = two_versions
    result = cli("report", *[a.format(m=m) for a in args], "--json", check=False)
    assert result.returncode == EXIT["not_found" if reason == "VERSION_NOT_FOUND" else "usage"]
    assert json.loads(result.stdout)["error"]["reason"] == reason
    assert registry.list_metrics(m) == []


@pytest.mark.parametrize("args,reason", [
    (["--metric", "accuracy", "--agg", "median"], "INVALID_AGGREGATION"),
    (["--metric", "accuracy", "--window", "forever"], "INVALID_WINDOW"),
    (["--compare", "{m}:v2"], "METRIC_REQUIRED"),
])
def test_a_refused_query_exits_2_with_the_reason(cli, two_versions, args, reason):
    m = two_versions
    result = cli("metrics", f"{m}:v1", *[a.format(m=m) for a in args], "--json", check=False)
    assert result.returncode == EXIT["usage"]
    assert json.loads(result.stdout)["error"]["reason"] == reason


def test_follow_reports_its_swaps_with_the_deployment_label(server, registry, two_versions, tmp_path):
    m = two_versions
    env = {**os.environ, "MODELREG_SERVER": server.address}
    agent = subprocess.Popen([sys.executable, "-m", "modelreg", "follow", f"{m}:production", str(tmp_path / "deploy"),
                              "--exec", "exit 3", "--deployment", "edge-7"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        def reported(version: int) -> set:
            try:
                return {d.metric for d in registry.list_metrics(f"{m}:v{version}")} >= {
                    "follow.version_in_service", "follow.swap_seconds", "follow.exec_exit_code"}
            except Exception:
                return False
        wait_until(lambda: reported(1), what="the first swap reported")
        registry.set_alias(m, "production", 2)
        wait_until(lambda: reported(2), what="the swap to v2 reported")
    finally:
        agent.send_signal(signal.SIGTERM)
        assert agent.wait(30) == 0
    serving = registry.metric_series(f"{m}:v2", "follow.version_in_service", labels={"deployment": "edge-7"},
                                     aggregation="max")
    assert serving.summary.value == 2 and serving.summary.count == 1
    code = registry.metric_series(f"{m}:v2", "follow.exec_exit_code", aggregation="max")
    assert code.summary.value == 3
    swap = registry.metric_series(f"{m}:v2", "follow.swap_seconds", aggregation="count")
    assert swap.summary.count == 1 and swap.summary.min >= 0


def test_follow_no_report_reports_nothing_and_the_sdk_follower_labels_its_points(server, registry, two_versions,
                                                                                 tmp_path):
    m = two_versions
    env = {**os.environ, "MODELREG_SERVER": server.address}
    directory = tmp_path / "quiet"
    agent = subprocess.Popen([sys.executable, "-m", "modelreg", "follow", f"{m}:production", str(directory),
                              "--no-report"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    try:
        assert b"-> v1" in agent.stdout.readline()
    finally:
        agent.send_signal(signal.SIGTERM)
        assert agent.wait(30) == 0
        agent.stdout.close()
    assert registry.list_metrics(m) == []

    stop = threading.Event()
    with Registry(server.address) as follower:
        deployed = []
        thread = threading.Thread(target=follower.follow, args=(f"{m}:staging", tmp_path / "sdk"), daemon=True,
                                  kwargs={"stop": stop, "on_version": deployed.append,
                                          "report_labels": {"deployment": "sdk"}})
        thread.start()
        wait_until(lambda: deployed, what="the follower's first swap")
        assert follower.flush_reports(timeout=60)
        stop.set()
        thread.join(30)
    [info] = [d for d in registry.list_metrics(f"{m}:v2") if d.metric == "follow.version_in_service"]
    assert info.label_keys == ("deployment",)


def test_the_table_has_one_row_per_step_and_a_sparkline(cli, two_versions):
    from datetime import datetime, timedelta, timezone
    m = two_versions
    minute = datetime.now(timezone.utc).replace(second=0, microsecond=0)
    for ago, value in ((3, 1), (2, 5), (1, 9)):
        when = (minute - timedelta(minutes=ago)).isoformat().replace("+00:00", "Z")
        cli("report", f"{m}:v1", f"latency_ms={value}", "--time", when)
    text = cli("metrics", f"{m}:v1", "--metric", "latency_ms", "--window", "10m", "--step", "1m",
               "--agg", "max").stdout
    rows = [line for line in text.splitlines() if line.strip().startswith(str(minute.year))]
    assert [row.split()[2] for row in rows] == ["1", "5", "9"]
    assert "(step 1m, from 1m)" in text
    assert text.rstrip().splitlines()[-1] == "▁▅█"


def test_a_refused_report_never_disturbs_following(tmp_path):
    from conftest import ServerProcess
    srv = ServerProcess(tmp_path / "data", "--metrics-max-names", "1").start()
    stop = threading.Event()
    try:
        with Registry(srv.address) as admin, Registry(srv.address, report_interval=0.05) as follower:
            for i in (1, 2):
                admin.push("refused", write_tree(tmp_path / f"src{i}", {"w.bin": os.urandom(100 + i)}))
            admin.set_alias("refused", "production", 1)
            deployed = []
            thread = threading.Thread(target=follower.follow, args=("refused:production", tmp_path / "deploy"),
                                      daemon=True, kwargs={"stop": stop, "on_version": deployed.append,
                                                           "report_labels": {"deployment": "x"}})
            thread.start()
            wait_until(lambda: len(deployed) == 1, what="the first swap")
            admin.set_alias("refused", "production", 2)
            wait_until(lambda: len(deployed) == 2, what="the swap to v2, reports refused or not")
            assert follower.flush_reports(timeout=60)
            assert [d.version for d in deployed] == [1, 2]
            stats = follower.report_stats()
            # One metric name per model: follow.version_in_service takes it, follow.swap_seconds is refused.
            assert dict(stats.rejected_by_reason) == {"TOO_MANY_METRICS": 2} and stats.sent == 2
            stop.set()
            thread.join(30)
    finally:
        srv.stop()
