"""The SDK's metrics reporter: Registry.report() never blocks or raises into the caller, holds a
bounded buffer while the server is away (dropping the oldest, counted), delivers what it held once
the server is up, and loses nothing acknowledged across a server restart."""

import math
import subprocess
import sys
import threading

import pytest

from conftest import ServerProcess, free_port, wait_until, write_tree
from modelreg import Registry


def test_server_away_the_caller_never_blocks_and_the_buffer_stays_bounded():
    reg = Registry(f"127.0.0.1:{free_port()}", report_buffer=1000, report_batch=100, report_interval=0.05,
                   report_close_timeout=0)
    done = threading.Event()

    def inference_loop():
        for i in range(5000):
            reg.report("m:production", {"accuracy": 0.9, "latency_ms": i}, labels={"deployment": "eu-1"})
        done.set()

    loop = threading.Thread(target=inference_loop, daemon=True)
    loop.start()
    # Generous: 10,000 in-memory appends; a reporter that waited on the network would need minutes.
    assert done.wait(60), "report() blocked with the server away"
    stats = reg.report_stats()
    assert stats.queued == 1000
    assert stats.dropped == 10_000 - 1000
    assert stats.sent == 0 and stats.rejected == 0
    assert not reg.flush_reports(timeout=0.5)
    wait_until(lambda: "SERVER_UNREACHABLE" in reg.report_stats().last_error, what="the send failure recorded")
    reg.close()
    assert reg.report_stats().queued == 1000  # kept, not lost silently: still counted as queued


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, "fast", None, [1]])
def test_a_bad_value_is_counted_and_dropped_client_side(value):
    reg = Registry(f"127.0.0.1:{free_port()}", report_close_timeout=0)
    try:
        reg.report("m:production", {"accuracy": value, "ok": 1.0})
        stats = reg.report_stats()
        assert dict(stats.rejected_by_reason) == {"INVALID_VALUE": 1}
        assert stats.queued == 1 and "accuracy" in stats.last_error
    finally:
        reg.close()


@pytest.mark.parametrize("metrics,kwargs", [
    (None, {}), ({"a": 1.0}, {"time": "yesterday"}), ({"a": 1.0}, {"labels": 3}),
])
def test_odd_arguments_never_raise_into_the_caller(metrics, kwargs):
    reg = Registry(f"127.0.0.1:{free_port()}", report_close_timeout=0)
    try:
        reg.report("m:production", metrics, **kwargs)
        stats = reg.report_stats()
        assert stats.rejected == 1 and stats.queued == 0
        assert dict(stats.rejected_by_reason) == {"INVALID_POINT": 1}
    finally:
        reg.close()


def test_report_after_close_is_dropped_and_counted():
    reg = Registry(f"127.0.0.1:{free_port()}", report_close_timeout=0)
    reg.report("m:production", {"a": 1.0})
    reg.close()
    reg.report("m:production", {"a": 2.0, "b": 3.0})
    assert reg.report_stats().dropped == 2


@pytest.fixture(scope="module")
def restartable(tmp_path_factory):
    """A server of this module that the tests stop and start again on the same port."""
    srv = ServerProcess(tmp_path_factory.mktemp("reporting") / "data").start()
    yield srv
    if srv.proc.poll() is None:
        srv.stop()


@pytest.fixture(scope="module")
def pushed(restartable, tmp_path_factory):
    """A model with one version on the restartable server."""
    source = write_tree(tmp_path_factory.mktemp("src"), {"w.bin": b"weights"})
    with Registry(restartable.address) as reg:
        reg.push("reported", source, aliases=["production"])
    return "reported"


def _count(reg: Registry, reference: str, metric: str) -> int:
    return reg.metric_series(reference, metric, window="1h", aggregation="count").summary.count


def test_points_queued_while_the_server_is_down_are_delivered_when_it_is_up(restartable, pushed):
    restartable.stop()
    reg = Registry(restartable.address, report_interval=0.05, report_close_timeout=0)
    try:
        for i in range(300):
            reg.report(f"{pushed}:production", {"queued_while_down": i})
        wait_until(lambda: reg.report_stats().last_error, what="a failed send")
        assert reg.report_stats().queued == 300 and reg.report_stats().sent == 0
        restartable.start()
        assert reg.flush_reports(timeout=60)
        stats = reg.report_stats()
        assert (stats.sent, stats.queued, stats.dropped, stats.rejected) == (300, 0, 0, 0)
        assert _count(reg, f"{pushed}:v1", "queued_while_down") == 300
    finally:
        reg.close()


def test_a_server_restart_mid_stream_loses_nothing_acknowledged(restartable, pushed):
    reg = Registry(restartable.address, report_batch=50, report_interval=0.02)
    stop = threading.Event()
    reported = []

    def inference_loop():
        # Until a while after the restart: points before, during and after it.
        while not stop.is_set():
            reg.report(f"{pushed}:v1", {"through_restart": 1.0}, labels={"deployment": "a"})
            reported.append(1)
            if len(reported) % 50 == 0:
                stop.wait(0.02)

    loop = threading.Thread(target=inference_loop, daemon=True)
    loop.start()
    try:
        wait_until(lambda: reg.report_stats().sent > 0, what="the first acknowledged batch")
        restartable.restart()
        sent = reg.report_stats().sent
        wait_until(lambda: reg.report_stats().sent > sent, what="a batch acknowledged after the restart")
        stop.set()
        loop.join(60)
        assert not loop.is_alive()
        assert reg.flush_reports(timeout=60)
        stats = reg.report_stats()
        assert stats.dropped == 0 and stats.rejected == 0 and stats.queued == 0
        assert stats.sent == len(reported)
        # At least once: a batch whose answer the restart cut is sent again, never lost.
        assert _count(reg, f"{pushed}:v1", "through_restart") >= len(reported)
    finally:
        reg.close()


def test_points_the_server_refuses_are_counted_by_reason_and_the_rest_delivered(restartable, pushed):
    reg = Registry(restartable.address, report_interval=0.05)
    try:
        reg.report(f"{pushed}:v1", {"fine_before": 1.0})
        reg.report(f"{pushed}:v1", {"bad name!": 1.0})
        reg.report("no-such-model-here:v1", {"fine": 1.0})
        reg.report(f"{pushed}:v1", {"fine_after": 2.0}, labels={"deployment": "b"})
        assert reg.flush_reports(timeout=60)
        stats = reg.report_stats()
        assert dict(stats.rejected_by_reason) == {"INVALID_METRIC": 1, "MODEL_NOT_FOUND": 1}
        assert stats.sent == 2 and stats.queued == 0
        names = {m.metric for m in reg.list_metrics(f"{pushed}:v1")}
        assert {"fine_before", "fine_after"} <= names and "bad name!" not in names
    finally:
        reg.close()


def test_series_shows_what_was_reported_through_an_alias(restartable, pushed):
    with Registry(restartable.address, report_interval=0.05) as reg:
        for value in (1.0, 2.0, 3.0, 10.0):
            reg.report(f"{pushed}:production", {"latency_ms": value}, labels={"deployment": "eu-1"})
        reg.report(f"{pushed}:production", {"latency_ms": 100.0}, labels={"deployment": "us-1"})
        assert reg.flush_reports(timeout=60)
        series = reg.metric_series(f"{pushed}:production", "latency_ms", window="1h", step="1m", aggregation="max",
                                   labels={"deployment": "eu-1"})
        assert series.version == f"models/{pushed}/versions/1"
        assert series.summary.count == 4 and series.summary.value == 10.0
        assert sum(b.count for b in series.buckets) == 4
        assert series.step.total_seconds() == 60
        every = reg.metric_series(f"{pushed}:v1", "latency_ms", window=3600, aggregation="mean")
        assert every.summary.count == 5 and every.summary.value == pytest.approx(116 / 5)
        [info] = [m for m in reg.list_metrics(pushed) if m.metric == "latency_ms"]
        assert info.label_keys == ("deployment",) and info.series_count == 2


def test_points_reported_just_before_the_interpreter_exits_are_flushed(restartable, pushed):
    script = ("import sys; from modelreg import Registry; reg = Registry(sys.argv[1], report_interval=60); "
              f"reg.report('{pushed}:v1', {{'at_exit': 1.0}}); reg.report('{pushed}:v1', {{'at_exit': 2.0}})")
    subprocess.run([sys.executable, "-c", script, restartable.address], check=True, timeout=60)
    with Registry(restartable.address) as reg:
        assert _count(reg, f"{pushed}:v1", "at_exit") == 2


FORKING = """
import os, sys
from modelreg import Registry
reg = Registry(sys.argv[1], report_interval=60)
model = sys.argv[2]
reg.get_version(f"{model}:v1")  # the channel is connected and in use before the fork
reg.report(f"{model}:v1", {"pending_at_fork": 1.0})  # buffered: the parent's to send
pid = os.fork()
if pid == 0:
    for i in range(3):
        reg.report(f"{model}:v1", {"from_child": float(i)})
    ok = reg.flush_reports(timeout=30) and reg.get_version(f"{model}:v1").number == 1
    reg.close()
    os._exit(0 if ok else 1)
_, status = os.waitpid(pid, 0)
reg.report(f"{model}:v1", {"from_parent": 1.0})
assert reg.flush_reports(timeout=30)
reg.close()
sys.exit(os.waitstatus_to_exitcode(status))
"""


def test_a_registry_made_before_fork_reports_from_the_child_and_the_parent(restartable, pushed):
    """gunicorn --preload, multiprocessing's fork: the child gets a channel and a reporter of its
    own; what the parent had buffered is sent once, by the parent."""
    subprocess.run([sys.executable, "-c", FORKING, restartable.address, pushed], check=True, timeout=90)
    with Registry(restartable.address) as reg:
        counts = {m: _count(reg, f"{pushed}:v1", m) for m in ("pending_at_fork", "from_child", "from_parent")}
    assert counts == {"pending_at_fork": 1, "from_child": 3, "from_parent": 1}


@pytest.mark.parametrize("option", [{"report_buffer": 0}, {"report_batch": 10_001}, {"report_interval": 0}])
def test_bad_reporter_options_are_refused_when_the_registry_is_made(option):
    with pytest.raises(ValueError):
        Registry("127.0.0.1:1", **option)
