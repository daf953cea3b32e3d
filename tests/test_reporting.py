"""The SDK's metrics reporter: Registry.report() never blocks or raises into the caller, holds a
bounded buffer while the server is away (dropping the oldest, counted), delivers what it held once
the server is up, and loses nothing acknowledged across a server restart."""

import math
import threading

import pytest

from conftest import ServerProcess, free_port, wait_until
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
