"""The web section of scripts/bench: the dashboard's first pages as its server measures them
(Server-Timing: time in the handler, rendering included, and the metadata statements it ran),
for one model of many versions, on SQLite and on PostgreSQL.

Each backend gets a real `modelreg serve --http` and one model built through the public API, as
a user's training loop would: the first version pushed through the SDK (its file uploaded), then
VERSIONS - 1 more by CreateVersion with the same manifest (the chunks are there already), each
with its own metrics and tags, from a few client threads. The seeding is timed and printed.
Then every page is fetched WARMUP times and `rounds` times more; the median and p95 of the
server's own `total` figure, the statement count (the same on every round) and the client's
wall time are printed per backend, size and page.

The issue's bar: a model with 10,000 versions renders its first page in under 200 ms
server-side, with a number of statements that does not grow with the versions.

No peer is measured beside it: MLflow (whose UI reads search_model_versions from its own server)
is not in the bench extra, and no other section of scripts/bench runs a peer's server.
"""

import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import PostgresCluster, ServerProcess  # noqa: E402  (the tests' own services)

from modelreg import Registry  # noqa: E402

MODEL = "bench-web"
WARMUP = 5
THREADS = 4
PAGES = [  # (label, path): first pages only, as a person opens them
    ("model (first page of versions)", f"/models/{MODEL}"),
    ("version 1", f"/models/{MODEL}/versions/1"),
    ("models", "/models"),
    ("home", "/"),
]
PEER = ("MLflow UI (search_model_versions): not measured here: mlflow is not in the bench extra "
        "(pyproject [bench]) and no section of scripts/bench runs a peer's server to put it beside")
_TIMING = re.compile(r'db;desc="(\d+) queries";dur=([\d.]+), total;dur=([\d.]+)')


def seed(reg: Registry, work: Path, versions: int) -> float:
    """One model of `versions` versions through the public API; returns the seconds it took."""
    from modelreg.v1 import registry_service_pb2 as rs
    began = time.monotonic()
    weights = work / "weights.bin"
    weights.write_bytes(os.urandom(4096))
    reg.create_model(MODEL, tags={"team": "bench"})
    first = reg.push(MODEL, weights, metrics={"accuracy": 0.5, "loss": 1.0}, tags={"run": "0"})
    files = reg.registry.GetVersion(rs.GetVersionRequest(name=first.name), timeout=60).version.files

    def create(n: int) -> None:
        reg.registry.CreateVersion(rs.CreateVersionRequest(
            model_id=MODEL, files=files, metrics={"accuracy": 0.5 + 0.4 * n / versions, "loss": 1.0 / (1 + n)},
            tags={"run": str(n)}, params={"lr": "0.01"}, request_id=uuid.uuid4().hex), timeout=60)
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(create, range(2, versions + 1)))
    return time.monotonic() - began


def measure(http: httpx.Client, path: str, rounds: int) -> dict:
    """The page fetched WARMUP + rounds times: the server's figures (Server-Timing) and the client's."""
    server, db, client, queries = [], [], [], set()
    for i in range(WARMUP + rounds):
        began = time.perf_counter()
        response = http.get(path)
        wall = (time.perf_counter() - began) * 1e3
        response.raise_for_status()
        count, db_ms, total_ms = _TIMING.search(response.headers["Server-Timing"]).groups()
        if i >= WARMUP:
            server.append(float(total_ms))
            db.append(float(db_ms))
            client.append(wall)
            queries.add(int(count))
    return {"queries": sorted(queries), "server": _stats(server), "db_median_ms": statistics.median(db),
            "client_median_ms": statistics.median(client)}


def _stats(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"median_ms": statistics.median(ordered), "p95_ms": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]}


def run(*, rounds: int = 20, sizes: tuple[int, ...] = (100, 10_000)) -> dict:
    began = time.monotonic()
    facts = {"started": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "cores": os.cpu_count(),
             "load": os.getloadavg(), "rounds": rounds, "seed_s": {}}
    work = Path(tempfile.mkdtemp(prefix="modelreg-bench-web-", dir=os.environ.get("BENCH_DIR")))
    cluster, rows = None, []
    try:
        cluster = PostgresCluster().start()
        for backend in ("sqlite", "postgresql"):
            for versions in sizes:
                data = work / f"{backend}-{versions}" / "data"
                data.mkdir(parents=True)
                db = ["--db", cluster.new_database()] if backend == "postgresql" else []
                srv = ServerProcess(data, *db, "--http", "127.0.0.1:0").start()
                try:
                    url = re.search(r"web dashboard at (http://\S+/)", srv.proc.stdout.readline().decode()).group(1)
                    with Registry(srv.address, timeout=60) as reg:
                        facts["seed_s"][(backend, versions)] = seed(reg, data.parent, versions)
                    with httpx.Client(base_url=url, timeout=60) as http:
                        for label, path in PAGES:
                            rows.append({"backend": backend, "versions": versions, "page": label,
                                         **measure(http, path, rounds)})
                finally:
                    srv.stop()
    finally:
        if cluster:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    facts["load_end"] = os.getloadavg()
    facts["total_s"] = time.monotonic() - began
    return {"facts": facts, "rows": rows}


def report(result: dict) -> None:
    f = result["facts"]
    print(f"\nweb: dashboard first pages, server-side (Server-Timing), one model of N versions, {f['started']}")
    seeding = "; ".join(f"{b} {n:,}: {s:.0f} s" for (b, n), s in f["seed_s"].items())
    print(f"machine: {f['cores']} cores; load average at start {f['load'][0]:.2f}, at end {f['load_end'][0]:.2f}; "
          f"{f['rounds']} timed loads per page after {WARMUP} warm-up loads; seeding through the API "
          f"(push, then CreateVersion from {THREADS} threads): {seeding}\n")
    header = (f"{'backend':<12}{'versions':>9}  {'page':<32}{'queries':>8}{'median ms':>11}{'p95 ms':>9}"
              f"{'db ms':>8}{'client ms':>11}")
    print(header)
    print("-" * len(header))
    for row in result["rows"]:
        queries = "/".join(str(q) for q in row["queries"])
        print(f"{row['backend']:<12}{row['versions']:>9}  {row['page']:<32}{queries:>8}"
              f"{row['server']['median_ms']:>11.1f}{row['server']['p95_ms']:>9.1f}{row['db_median_ms']:>8.1f}"
              f"{row['client_median_ms']:>11.1f}")
    print(f"peer: {PEER}")
    print(f"section took {f['total_s']:.0f} s")
