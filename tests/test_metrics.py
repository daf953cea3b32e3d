"""Production metrics through the real server and the SDK's channel: ingest (stream and batch),
alias resolution at arrival, series per resolution, labels, comparison, ListMetrics, retention,
bad input (each refused with its reason, nothing stored), rate and cardinality limits, roles."""

import math
import random
import time

import grpc
import pytest
from google.protobuf.duration_pb2 import Duration
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2, status_pb2

from modelreg import Registry
from modelreg.errors import from_rpc_error
from modelreg.v1 import monitoring_service_pb2 as mo, monitoring_service_pb2_grpc

from conftest import ServerProcess, wait_until

MIN = 60
HOUR = 3600


def ts(seconds: float) -> Timestamp:
    t = Timestamp()
    t.FromNanoseconds(int(seconds * 1e9))
    return t


def point(metric: str, value: float, at: float | None = None, version: str = "", **labels) -> mo.MetricPoint:
    p = mo.MetricPoint(version=version, metric=metric, value=value, labels=labels)
    if at is not None:
        p.time.CopyFrom(ts(at))
    return p


def stub(reg: Registry):
    return monitoring_service_pb2_grpc.MonitoringServiceStub(reg.channel)


def error_info(e: grpc.RpcError) -> tuple[grpc.StatusCode, str, dict, list]:
    for key, value in e.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status.FromString(value)
            info = error_details_pb2.ErrorInfo()
            status.details[0].Unpack(info)
            return e.code(), info.reason, dict(info.metadata), list(status.details[1:])
    raise AssertionError(f"no ErrorInfo in {e}")


def series(m, version: str, metric: str, *, window: float, step: float | None = None, end: float | None = None,
           aggregation: str = "", **labels) -> mo.GetMetricSeriesResponse:
    request = mo.GetMetricSeriesRequest(version=version, metric=metric, window=Duration(seconds=int(window)),
                                        aggregation=aggregation, labels=labels)
    if step is not None:
        request.step.CopyFrom(Duration(seconds=int(step)) if step >= 1 else Duration(nanos=int(step * 1e9)))
    if end is not None:
        request.end_time.CopyFrom(ts(end))
    return m.GetMetricSeries(request, timeout=30)


@pytest.fixture(scope="module")
def pushed(server, tmp_path_factory):
    """A model with v1 (production) and v2 (staging)."""
    d = tmp_path_factory.mktemp("m")
    (d / "w.bin").write_bytes(b"weights")
    with Registry(server.address, timeout=30) as reg:
        reg.push("metrics-m", d, aliases=["production"])
        (d / "w.bin").write_bytes(b"weights 2")
        reg.push("metrics-m", d, aliases=["staging"])
        yield reg, stub(reg)


def test_batch_and_stream_are_stored_and_aggregated(pushed):
    reg, m = pushed
    now = time.time()
    got = m.BatchReportMetrics(mo.BatchReportMetricsRequest(version="metrics-m:v1", points=[
        point("latency_ms", float(v), now - 30 + v, region="eu") for v in range(1, 11)]), timeout=30)
    assert got.accepted_points == 10
    stream = m.ReportMetrics(iter([
        mo.ReportMetricsRequest(version="metrics-m:v1", points=[point("latency_ms", 100.0, now - 5, region="us")]),
        mo.ReportMetricsRequest(points=[point("latency_ms", 200.0, now - 4, version="metrics-m:v1", region="us")]),
    ]), timeout=30)
    assert stream.accepted_points == 2
    s = series(m, "metrics-m:v1", "latency_ms", window=HOUR, end=now + 1, aggregation="max")
    assert s.version == "models/metrics-m/versions/1" and s.resolution == "1m"
    assert s.summary.count == 12 and s.summary.max == 200.0 and s.summary.min == 1.0
    assert s.summary.sum == sum(range(1, 11)) + 300 and s.summary.value == 200.0
    assert sum(b.count for b in s.buckets) == 12 and s.relative_accuracy == 0.01
    eu = series(m, "metrics-m:v1", "latency_ms", window=HOUR, end=now + 1, aggregation="mean", region="eu")
    assert eu.summary.count == 10 and eu.summary.value == 5.5
    raw = series(m, "metrics-m:v1", "latency_ms", window=HOUR, step=10, end=now + 1, aggregation="count")
    assert raw.resolution == "raw" and sum(b.value for b in raw.buckets) == 12
    hourly = series(m, "metrics-m:v1", "latency_ms", window=2 * HOUR, step=HOUR, end=now + 1, aggregation="count")
    assert hourly.resolution == "1h" and hourly.summary.count == 12
    rate = series(m, "metrics-m:v1", "latency_ms", window=HOUR, end=now + 1, aggregation="rate")
    assert math.isclose(rate.summary.value, 12 / HOUR)


def test_alias_is_resolved_when_the_point_arrives(pushed):
    reg, m = pushed
    now = time.time()
    m.BatchReportMetrics(mo.BatchReportMetricsRequest(version="metrics-m:staging", points=[
        point("accuracy", 0.9, now - 2)]), timeout=30)
    reg.set_alias("metrics-m", "staging", 1)
    m.BatchReportMetrics(mo.BatchReportMetricsRequest(version="metrics-m:staging", points=[
        point("accuracy", 0.5, now - 1)]), timeout=30)
    reg.set_alias("metrics-m", "staging", 2)
    assert series(m, "metrics-m:v2", "accuracy", window=HOUR, end=now + 1).summary.value == 0.9
    assert series(m, "metrics-m:v1", "accuracy", window=HOUR, end=now + 1).summary.value == 0.5
    cmp = m.CompareMetricSeries(mo.CompareMetricSeriesRequest(
        champion="metrics-m:v1", challenger="metrics-m:staging", metric="accuracy", window=Duration(seconds=HOUR),
        end_time=ts(now + 1)), timeout=30)
    assert math.isclose(cmp.difference, 0.4) and math.isclose(cmp.relative_difference_percent, 80)
    assert cmp.champion.version.endswith("/1") and cmp.challenger.version.endswith("/2")


def test_quantiles_from_buckets_match_the_raw_points(pushed):
    reg, m = pushed
    rnd = random.Random(7)
    now = time.time()
    values = [rnd.lognormvariate(3, 1) for _ in range(5000)]
    m.BatchReportMetrics(mo.BatchReportMetricsRequest(version="metrics-m:v2", points=[
        point("q_ms", v, now - 3000 + i * 0.5) for i, v in enumerate(values)]), timeout=30)
    ordered = sorted(values)
    for q in (50, 95, 99, 99.9):
        exact = ordered[int(q / 100 * (len(ordered) - 1))]
        s = series(m, "metrics-m:v2", "q_ms", window=HOUR, end=now + 1, aggregation=f"p{q:g}")
        assert s.resolution == "1m"
        assert abs(s.summary.value - exact) <= 0.01 * exact, (q, s.summary.value, exact)
    summary = series(m, "metrics-m:v2", "q_ms", window=HOUR, end=now + 1).summary
    for q, got in ((0.5, summary.p50), (0.95, summary.p95), (0.99, summary.p99)):
        exact = ordered[int(q * (len(ordered) - 1))]
        assert abs(got - exact) <= 0.01 * exact


def test_list_metrics(pushed):
    reg, m = pushed
    now = time.time()
    m.BatchReportMetrics(mo.BatchReportMetricsRequest(version="metrics-m:v2", points=[
        point("listed", 1.0, now - 1, a="1"), point("listed", 1.0, now - 1, b="2")]), timeout=30)
    found = {d.metric: d for d in m.ListMetrics(mo.ListMetricsRequest(parent="metrics-m:v2"), timeout=30).metrics}
    assert list(found["listed"].label_keys) == ["a", "b"] and found["listed"].series_count == 2
    assert abs(found["listed"].last_point_time.ToNanoseconds() / 1e9 - (now - 1)) < 0.01
    whole = m.ListMetrics(mo.ListMetricsRequest(parent="models/metrics-m"), timeout=30).metrics
    assert "listed" in [d.metric for d in whole] and [d.metric for d in whole] == sorted(d.metric for d in whole)


def _bad(now):
    return [
        ("nan", [point("x", math.nan, now)], "INVALID_ARGUMENT", "INVALID_VALUE"),
        ("inf", [point("x", math.inf, now)], "INVALID_ARGUMENT", "INVALID_VALUE"),
        ("-inf", [point("x", -math.inf, now)], "INVALID_ARGUMENT", "INVALID_VALUE"),
        ("metric-digit", [point("1x", 1.0, now)], "INVALID_ARGUMENT", "INVALID_METRIC"),
        ("metric-empty", [point("", 1.0, now)], "INVALID_ARGUMENT", "INVALID_METRIC"),
        ("metric-long", [point("m" * 129, 1.0, now)], "INVALID_ARGUMENT", "INVALID_METRIC"),
        ("label-key", [point("x", 1.0, now, **{"9k": "v"})], "INVALID_ARGUMENT", "INVALID_LABEL"),
        ("label-value", [point("x", 1.0, now, k="v" * 257)], "INVALID_ARGUMENT", "INVALID_LABEL"),
        ("labels-many", [point("x", 1.0, now, **{f"k{i}": "v" for i in range(17)})], "INVALID_ARGUMENT",
         "INVALID_LABEL"),
        ("future", [point("x", 1.0, now + 400)], "INVALID_ARGUMENT", "TIME_IN_FUTURE"),
        ("old", [point("x", 1.0, now - 49 * HOUR)], "INVALID_ARGUMENT", "TIME_TOO_OLD"),
        ("too-many", [point("x", 1.0, now)] * 10_001, "INVALID_ARGUMENT", "TOO_MANY_POINTS"),
        ("bad-ref", [point("x", 1.0, now, version="no version")], "INVALID_ARGUMENT", "INVALID_REFERENCE"),
        ("long-ref", [point("x", 1.0, now, version="m:" + "a" * 300)], "INVALID_ARGUMENT", "INVALID_REFERENCE"),
        ("no-model", [point("x", 1.0, now, version="metrics-nope:v1")], "NOT_FOUND", "MODEL_NOT_FOUND"),
        ("no-version", [point("x", 1.0, now, version="metrics-m:v99")], "NOT_FOUND", "VERSION_NOT_FOUND"),
        ("no-alias", [point("x", 1.0, now, version="metrics-m:nope")], "NOT_FOUND", "ALIAS_NOT_FOUND"),
    ]


@pytest.mark.parametrize("case", [c[0] for c in _bad(0)])
@pytest.mark.parametrize("call", ["batch", "stream"])
def test_bad_points_are_refused_and_nothing_is_stored(pushed, case, call):
    reg, m = pushed
    now = time.time()
    _, bad, code, reason = next(c for c in _bad(now) if c[0] == case)
    good = point("bad_input_probe", 1.0, now)
    points = [good, *bad] if len(bad) == 1 else bad
    with pytest.raises(grpc.RpcError) as e:
        if call == "batch":
            m.BatchReportMetrics(mo.BatchReportMetricsRequest(version="metrics-m:v1", points=points), timeout=30)
        else:
            m.ReportMetrics(iter([mo.ReportMetricsRequest(version="metrics-m:v1", points=points)]), timeout=30)
    got_code, got_reason, metadata, _ = error_info(e.value)
    assert (got_code.name, got_reason) == (code, reason)
    if reason != "TOO_MANY_POINTS":
        assert metadata["index"] == "1"
    if call == "stream":
        assert metadata["accepted_points"] == "0"
    assert series(m, "metrics-m:v1", "bad_input_probe", window=HOUR, end=now + 1).summary.count == 0


@pytest.mark.parametrize("field,value,reason", [
    ("metric", "1bad", "INVALID_METRIC"),
    ("aggregation", "p100", "INVALID_AGGREGATION"),
    ("aggregation", "median", "INVALID_AGGREGATION"),
    ("window", Duration(seconds=-1), "INVALID_WINDOW"),
    ("window", Duration(seconds=401 * 86400), "INVALID_WINDOW"),
    ("step", Duration(nanos=1000), "INVALID_STEP"),
    ("version", "bad ref", "INVALID_REFERENCE"),
])
def test_bad_queries_are_refused(pushed, field, value, reason):
    reg, m = pushed
    request = mo.GetMetricSeriesRequest(version="metrics-m:v1", metric="latency_ms")
    if isinstance(value, Duration):
        getattr(request, field).CopyFrom(value)
    else:
        setattr(request, field, value)
    with pytest.raises(grpc.RpcError) as e:
        m.GetMetricSeries(request, timeout=30)
    assert error_info(e.value)[:2] == (grpc.StatusCode.INVALID_ARGUMENT, reason)


def test_compare_refuses_two_models(pushed):
    reg, m = pushed
    with pytest.raises(grpc.RpcError) as e:
        m.CompareMetricSeries(mo.CompareMetricSeriesRequest(champion="metrics-m:v1", challenger="other:v1",
                                                            metric="x"), timeout=30)
    assert error_info(e.value)[:2] == (grpc.StatusCode.INVALID_ARGUMENT, "TARGET_OF_OTHER_MODEL")


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    d = tmp_path_factory.mktemp("limited")
    srv = ServerProcess(d / "data", "--metrics-max-names", "2", "--metrics-max-series", "2", "--metrics-rate", "50",
                        "--metrics-retention", "raw=1h").start()
    (d / "model").mkdir()
    (d / "model" / "w.bin").write_bytes(b"w")  # beside the server's data directory, not above it
    with Registry(srv.address, timeout=30) as reg:
        reg.push("lim", d / "model")
        yield reg, stub(reg)
    srv.stop()


def test_cardinality_limits(limited):
    reg, m = limited
    now = time.time()
    send = lambda *ps: m.BatchReportMetrics(mo.BatchReportMetricsRequest(version="lim:v1", points=ps), timeout=30)  # noqa: E731
    send(point("a", 1, now, k="1"), point("a", 1, now, k="2"), point("b", 1, now))
    for bad, reason in ((point("c", 1, now), "TOO_MANY_METRICS"), (point("a", 1, now, k="3"), "TOO_MANY_SERIES")):
        with pytest.raises(grpc.RpcError) as e:
            send(point("b", 2, now), bad)
        code, got, metadata, _ = error_info(e.value)
        assert (code, got, metadata["index"]) == (grpc.StatusCode.RESOURCE_EXHAUSTED, reason, "1")
    assert series(m, "lim:v1", "b", window=HOUR, end=now + 1).summary.count == 1
    time.sleep(1)  # refill the 50 points/s bucket the test used


def test_rate_limit_says_when_to_retry(limited):
    reg, m = limited
    now = time.time()
    with pytest.raises(grpc.RpcError) as e:
        m.BatchReportMetrics(mo.BatchReportMetricsRequest(version="lim:v1", points=[
            point("a", 1, now, k="1")] * 60), timeout=30)
    code, reason, _, extra = error_info(e.value)
    assert (code, reason) == (grpc.StatusCode.RESOURCE_EXHAUSTED, "RATE_LIMITED")
    retry = error_details_pb2.RetryInfo()
    assert extra[0].Unpack(retry) and retry.retry_delay.ToNanoseconds() > 0
    sdk_error = from_rpc_error(e.value)  # what the SDK (and its reporter) makes of it
    assert (sdk_error.reason, sdk_error.retry_delay) == ("RATE_LIMITED", retry.retry_delay.ToTimedelta().total_seconds())


def test_old_points_are_refused_past_the_configured_raw_retention(limited):
    reg, m = limited
    with pytest.raises(grpc.RpcError) as e:
        m.BatchReportMetrics(mo.BatchReportMetricsRequest(version="lim:v1", points=[
            point("a", 1, time.time() - 2 * HOUR, k="1")]), timeout=30)
    assert error_info(e.value)[1] == "TIME_TOO_OLD"


def test_reporting_needs_editor_and_reading_viewer(secured, tmp_path):
    (tmp_path / "w.bin").write_bytes(b"w")
    with secured.client("root") as admin:
        admin.push("sec-m", tmp_path)
    now = time.time()
    request = mo.BatchReportMetricsRequest(version="sec-m:v1", points=[point("x", 1.0, now)])
    with secured.client("viewer") as viewer:
        with pytest.raises(grpc.RpcError) as e:
            stub(viewer).BatchReportMetrics(request, timeout=30)
        assert error_info(e.value)[:2] == (grpc.StatusCode.PERMISSION_DENIED, "ROLE_REQUIRED")
    with secured.client("editor") as editor:
        assert stub(editor).BatchReportMetrics(request, timeout=30).accepted_points == 1
    with secured.client("viewer") as viewer:
        assert series(stub(viewer), "sec-m:v1", "x", window=HOUR, end=now + 1).summary.count == 1
    with secured.client("nobody") as nobody:
        with pytest.raises(grpc.RpcError) as e:
            series(stub(nobody), "sec-m:v1", "x", window=HOUR, end=now + 1)
        assert error_info(e.value)[:2] == (grpc.StatusCode.PERMISSION_DENIED, "ROLE_REQUIRED")


def test_retention_forgets_points_and_buckets(tmp_path):
    srv = ServerProcess(tmp_path / "data", "--metrics-retention", "raw=2s,1m=3s,1h=4s").start()
    try:
        (tmp_path / "model").mkdir()
        (tmp_path / "model" / "w.bin").write_bytes(b"w")
        with Registry(srv.address, timeout=30) as reg:
            reg.push("ret", tmp_path / "model")
            m = stub(reg)
            now = time.time()
            m.BatchReportMetrics(mo.BatchReportMetricsRequest(version="ret:v1", points=[point("x", 1.0, now)]),
                                 timeout=30)
            assert series(m, "ret:v1", "x", window=HOUR, step=HOUR, end=now + 1).summary.count == 1
            wait_until(lambda: series(m, "ret:v1", "x", window=HOUR, step=HOUR).summary.count == 0, timeout=30,
                       what="the hour bucket to pass its 4 s retention")
            assert series(m, "ret:v1", "x", window=HOUR, step=MIN).summary.count == 0
            assert series(m, "ret:v1", "x", window=HOUR, step=1).summary.count == 0
    finally:
        srv.stop()


@pytest.mark.parametrize("flags,says", [
    (["--metrics-retention", "raw=0h"], "--metrics-retention"),
    (["--metrics-retention", "week=1d"], "--metrics-retention"),
    (["--metrics-max-names", "0"], "must be positive"),
    (["--metrics-rate", "-1"], "must be positive"),
])
def test_bad_serve_flags_are_refused(tmp_path, flags, says):
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "modelreg", "serve", "--data", str(tmp_path / "data"),
                             "--listen", "127.0.0.1:0", *flags], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and says in result.stderr
