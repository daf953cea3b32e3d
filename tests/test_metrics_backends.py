"""Production metrics on every metadata backend (SQLite and PostgreSQL): one message stored all or
none, buckets merged across messages (the upsert), quantiles from merged sketches within 1%,
series and ListMetrics, comparison. tests/test_metrics.py covers the rest on SQLite."""

import math
import random
import time

import grpc
import pytest
from google.protobuf.duration_pb2 import Duration

from conftest import BACKEND_SENSITIVE
from modelreg.v1 import monitoring_service_pb2 as mo

from test_metrics import error_info, point, series, stub, ts

BACKEND_SENSITIVE.add("test_metrics_backends")
HOUR = 3600


def test_ingest_and_queries(registry, tmp_path):
    (tmp_path / "w.bin").write_bytes(b"w1")
    registry.push("mb", tmp_path, aliases=["production"])
    (tmp_path / "w.bin").write_bytes(b"w2")
    registry.push("mb", tmp_path, aliases=["staging"])
    m = stub(registry)
    now = time.time()
    rnd = random.Random(3)
    values = [rnd.lognormvariate(2, 1) for _ in range(6000)]
    # Three messages over the same minutes: each bucket is upserted (merged) more than once.
    for part in range(3):
        m.BatchReportMetrics(mo.BatchReportMetricsRequest(version="mb:production", points=[
            point("lat", v, now - 1800 + (i % 1800), region="eu" if i % 2 else "us")
            for i, v in enumerate(values[part * 2000:(part + 1) * 2000])]), timeout=60)
    with pytest.raises(grpc.RpcError) as e:
        m.BatchReportMetrics(mo.BatchReportMetricsRequest(version="mb:v2", points=[
            point("lat", 1.0, now), point("lat", math.nan, now)]), timeout=30)
    assert error_info(e.value)[1] == "INVALID_VALUE"
    m.ReportMetrics(iter([mo.ReportMetricsRequest(version="mb:staging", points=[point("lat", 5.0, now - 1)])]),
                    timeout=30)
    ordered = sorted(values)
    for agg, exact in (("p50", ordered[int(0.5 * 5999)]), ("p99", ordered[int(0.99 * 5999)])):
        got = series(m, "mb:v1", "lat", window=HOUR, end=now + 1, aggregation=agg)
        assert got.resolution == "1m" and got.summary.count == 6000
        assert abs(got.summary.value - exact) <= 0.01 * exact
    hourly = series(m, "mb:v1", "lat", window=2 * HOUR, step=HOUR, end=now + 1, aggregation="sum")
    assert hourly.resolution == "1h" and math.isclose(hourly.summary.value, sum(values))
    raw = series(m, "mb:v1", "lat", window=HOUR, step=30, end=now + 1, aggregation="count", region="eu")
    assert raw.resolution == "raw" and raw.summary.count == 3000
    assert series(m, "mb:v2", "lat", window=HOUR, end=now + 1).summary.count == 1  # the NaN message stored nothing
    cmp = m.CompareMetricSeries(mo.CompareMetricSeriesRequest(
        champion="mb:production", challenger="mb:staging", metric="lat", window=Duration(seconds=HOUR),
        end_time=ts(now + 1), aggregation="max"), timeout=30)
    assert math.isclose(cmp.difference, 5.0 - max(values))
    listed = m.ListMetrics(mo.ListMetricsRequest(parent="mb:v1"), timeout=30).metrics
    assert [(d.metric, list(d.label_keys), d.series_count) for d in listed] == [("lat", ["region"], 2)]
