"""The metrics section of scripts/bench: production-metric ingest into one real server, and the
24-hour p99 query over 1-minute buckets (issue 14: at least 50,000 points/s with batching, the
query under 50 ms).

One `modelreg serve` per backend (SQLite; PostgreSQL when its binaries are installed), one model
with one version. Ingest goes through the SDK's channel (the generated MonitoringServiceStub on
Registry.channel), BatchReportMetrics messages of 5,000 points from a few client threads, points
of 3 metrics with 2 labels (4 label sets each: 12 series), time-ordered and spread over the past
24 hours: the ingest is also what fills 24 h of minute buckets. Then GetMetricSeries p99 over the
24-hour window (default step, 24 min: read from the minute buckets) is timed `rounds` times,
merged over the metric's 4 series and for one series by label; the median and p95 are printed.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import PostgresCluster, ServerProcess  # noqa: E402  (the tests' own services)

from google.protobuf.duration_pb2 import Duration  # noqa: E402
from modelreg import Registry  # noqa: E402
from modelreg.v1 import monitoring_service_pb2 as mo, monitoring_service_pb2_grpc  # noqa: E402

MODEL = "bench-metrics"
METRICS = ("latency_ms", "accuracy", "tokens")
LABELS = [{"region": r, "deployment": d} for r in ("eu", "us") for d in ("a", "b")]
BATCH = 5000
THREADS = 3


def messages(minutes: int, per_minute: int, now: float) -> list[mo.BatchReportMetricsRequest]:
    """Time-ordered batches of BATCH points covering the past `minutes` minutes."""
    rnd = random.Random(1)
    start = now - minutes * 60 + 1
    total = minutes * per_minute
    out, points = [], []
    for i in range(total):
        t = start + i * (minutes * 60 - 2) / total
        p = mo.MetricPoint(metric=METRICS[i % 3], value=rnd.lognormvariate(3, 0.5), labels=LABELS[i % 4])
        p.time.FromNanoseconds(int(t * 1e9))
        points.append(p)
        if len(points) == BATCH:
            out.append(mo.BatchReportMetricsRequest(version=f"{MODEL}:v1", points=points))
            points = []
    if points:
        out.append(mo.BatchReportMetricsRequest(version=f"{MODEL}:v1", points=points))
    return out


def one_backend(label: str, srv: ServerProcess, work: Path, *, minutes: int, per_minute: int, rounds: int) -> dict:
    (work / "w.bin").write_bytes(b"bench")
    with Registry(srv.address, timeout=120) as reg:
        reg.push(MODEL, work)
        stub = monitoring_service_pb2_grpc.MonitoringServiceStub(reg.channel)
        batches = messages(minutes, per_minute, time.time())
        points = sum(len(b.points) for b in batches)
        shares = [batches[i::THREADS] for i in range(THREADS)]
        began = time.monotonic()
        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(lambda share: [stub.BatchReportMetrics(b, timeout=120) for b in share], shares))
        ingest_s = time.monotonic() - began
        queries = {}
        for name, labels in (("p99, 4 series merged", {}), ("p99, one series", LABELS[0])):
            request = mo.GetMetricSeriesRequest(version=f"{MODEL}:v1", metric="latency_ms",
                                                window=Duration(seconds=24 * 3600), aggregation="p99", labels=labels)
            times = []
            for _ in range(rounds + 2):
                t0 = time.perf_counter()
                response = stub.GetMetricSeries(request, timeout=60)
                times.append((time.perf_counter() - t0) * 1000)
            times = times[2:]
            queries[name] = {"median_ms": statistics.median(times),
                             "p95_ms": sorted(times)[max(0, int(len(times) * 0.95) - 1)],
                             "resolution": response.resolution, "steps": len(response.buckets),
                             "count": response.summary.count}
    return {"backend": label, "points": points, "ingest_s": ingest_s, "points_per_s": points / ingest_s,
            "queries": queries}


def run(*, minutes: int = 1440, per_minute: int = 250, rounds: int = 20, postgres: bool = True) -> list[dict]:
    work = Path(tempfile.mkdtemp(prefix="modelreg-bench-metrics-", dir=os.environ.get("BENCH_DIR")))
    results = []
    try:
        (work / "sqlite").mkdir()
        srv = ServerProcess(work / "sqlite" / "data").start()
        try:
            (work / "m1").mkdir()
            results.append(one_backend("sqlite", srv, work / "m1", minutes=minutes, per_minute=per_minute,
                                       rounds=rounds))
        finally:
            srv.stop()
        if postgres:
            cluster = PostgresCluster().start()
            try:
                (work / "pg").mkdir()
                srv = ServerProcess(work / "pg" / "data", "--db", cluster.new_database()).start()
                try:
                    (work / "m2").mkdir()
                    results.append(one_backend("postgresql", srv, work / "m2", minutes=minutes,
                                               per_minute=per_minute, rounds=rounds))
                finally:
                    srv.stop()
            finally:
                cluster.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def report(results: list[dict]) -> None:
    print(f"\nmetrics: ingest through BatchReportMetrics ({BATCH:,}-point messages, {THREADS} client threads, "
          f"12 series) and 24-hour queries ({os.cpu_count()} cores)\n")
    header = f"{'backend':<12}{'points':>10}{'ingest s':>10}{'points/s':>11}  {'query':<24}{'median ms':>10}" \
             f"{'p95 ms':>9}  from"
    print(header)
    print("-" * len(header))
    for r in results:
        for name, q in r["queries"].items():
            print(f"{r['backend']:<12}{r['points']:>10}{r['ingest_s']:>10.2f}{r['points_per_s']:>11.0f}  {name:<24}"
                  f"{q['median_ms']:>10.1f}{q['p95_ms']:>9.1f}  {q['resolution']} buckets, {q['steps']} steps, "
                  f"{q['count']} points")
    print("targets: >= 50,000 points/s; 24-hour p99 over 1-minute buckets < 50 ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=int, default=1440, help="minutes of history filled (default: %(default)s)")
    parser.add_argument("--per-minute", type=int, default=250, help="points per minute (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=20, help="timed queries (default: %(default)s)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args()
    report(run(minutes=args.minutes, per_minute=args.per_minute, rounds=args.rounds, postgres=not args.no_postgres))


if __name__ == "__main__":
    main()
