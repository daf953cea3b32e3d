"""The search section of scripts/bench: first-page latency of filtered, ordered lists through the
real SDK (`modelreg.Registry`) against a real `modelreg serve`, on SQLite and on PostgreSQL.

Each backend gets the same registry: MODELS models of VERSIONS_PER_MODEL versions, every version
with 5 tags (`team` one of 5 teams), 5 metrics (`f1` uniform in [0, 1)) and 2 params, every model
2 tags and a `latest` alias. It is seeded in bulk, straight into the database through the
store's own connection (the schema migrated by open_metadata, the side tables of migration 12
written beside the JSON exactly as the Writer writes them); then a server is started on it and
every query is timed as a client sees it: the first page (100 items) of ListVersions on
`models/-` or one model, or of ListModels, through the SDK's stubs, `rounds` times after WARMUP
calls, median and p95.

For comparison, the issue's query is also timed as the JSON scan the lists did before migration
12 (json_extract / ->> over the versions' JSON columns), in SQL directly, without the server.
"""

import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import PostgresCluster, ServerProcess  # noqa: E402  (the tests' own services)

from modelreg import Registry  # noqa: E402
from modelreg_server.metadata import open_metadata  # noqa: E402

MODELS = 1000
VERSIONS_PER_MODEL = 100
TEAMS = ("nlp", "cv", "speech", "recsys", "ops")
QUERIES = [  # (what, call, filter, order_by)
    ("issue 12: f1 > 0.9 AND team = nlp, by f1 desc", "search",
     'metrics.f1 > 0.9 AND tags.team = "nlp"', "metrics.f1 desc"),
    ("same, default order (create_time desc)", "search", 'metrics.f1 > 0.9 AND tags.team = "nlp"', ""),
    ("tags.team = nlp OR tags.stage = prod, by f1 desc", "search",
     'tags.team = "nlp" OR tags.stage = "prod"', "metrics.f1 desc"),
    ("every version, newest first (no filter)", "search", "", ""),
    ("one model: f1 > 0.5, by f1 desc", "versions", "metrics.f1 > 0.5", "metrics.f1 desc"),
    ("models: tags.team = nlp", "models", 'tags.team = "nlp"', ""),
]


def seed(url: str, *, rng: random.Random, models: int = MODELS, per_model: int = VERSIONS_PER_MODEL) -> float:
    """Writes the registry into the database at url in one transaction; returns the seconds."""
    began = time.monotonic()
    store, _ = open_metadata(url)
    now = int(time.time() * 1e6) - models * per_model * 1000

    def run(tx):
        model_rows, model_tags, aliases = [], [], []
        versions, tags, metrics, params = [], [], [], []
        vid = 0
        for m in range(1, models + 1):
            mt = {"team": TEAMS[m % len(TEAMS)], "owner": f"owner-{m % 37}"}
            model_rows.append((m, f"bench-{m:04d}", "", json.dumps(mt, sort_keys=True), now, now, "e" * 16,
                           per_model + 1))
            model_tags += [(m, k, v) for k, v in mt.items()]
            aliases.append((m, "latest", per_model, per_model - 1, now))
            for n in range(1, per_model + 1):
                vid += 1
                t = {"team": rng.choice(TEAMS), "stage": rng.choice(("dev", "candidate", "prod")),
                     "dataset": f"ds-{rng.randrange(50)}", "owner": f"owner-{rng.randrange(37)}",
                     "region": rng.choice(("eu", "us", "ap"))}
                mx = {"f1": rng.random(), "acc": rng.random(), "loss": rng.random() * 3,
                      "latency": rng.random() / 10, "auc": rng.random()}
                p = {"lr": str(rng.choice((0.1, 0.01, 0.001))), "epochs": str(rng.randrange(1, 50))}
                created = now + vid * 1000
                versions.append((vid, m, n, f"sha256:{rng.getrandbits(256):064x}", "READY", "",
                                 json.dumps(t, sort_keys=True), json.dumps(mx, sort_keys=True),
                                 json.dumps(p, sort_keys=True), 1000 + n, 1, created, created, "e" * 16))
                tags += [(vid, k, v) for k, v in t.items()]
                metrics += [(vid, k, v) for k, v in mx.items()]
                params += [(vid, k, v) for k, v in p.items()]
        db = tx.db
        db.run_many("INSERT INTO models (id, name, description, tags, create_time, update_time, etag, next_version) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", model_rows)
        db.run_many("INSERT INTO versions (id, model_id, number, digest, state, description, tags, metrics, params, "
                    "total_size, file_count, create_time, update_time, etag) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", versions)
        db.run_many("INSERT INTO aliases (model_id, alias, version, previous_version, update_time) "
                    "VALUES (?, ?, ?, ?, ?)", aliases)
        for table, rows in (("model_tags", model_tags), ("version_tags", tags), ("version_metrics", metrics),
                            ("version_params", params)):
            owner = "model_id" if table == "model_tags" else "version_id"
            db.run_many(f"INSERT INTO {table} ({owner}, key, value) VALUES (?, ?, ?)", rows)
    store.transact_here(run)
    if url.startswith("postgresql"):
        store.transact_here(lambda tx: [tx.db.rows(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), "
                                                   f"(SELECT max(id) FROM {t})) AS v") for t in ("models", "versions")])
    store.close()
    return time.monotonic() - began


def analyze(url: str) -> None:
    """Fresh statistics for the planner, as autovacuum / a long-running database would have."""
    if url.startswith("postgresql"):
        import psycopg
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    else:
        import sqlite3
        conn = sqlite3.connect(url[len("sqlite:///"):])
        conn.execute("ANALYZE")
        conn.close()


def json_scan_ms(url: str, rounds: int) -> list[float]:
    """The issue's query as the JSON scan of the versions' columns (what lists did before 12)."""
    times = []
    if url.startswith("postgresql"):
        import psycopg
        conn = psycopg.connect(url, autocommit=True)
        sql = ("SELECT v.id FROM versions v WHERE (v.metrics::jsonb ->> %s)::float8 > %s AND "
               "(v.tags::jsonb ->> %s) = %s ORDER BY (v.metrics::jsonb ->> %s)::float8 DESC LIMIT 101")
        params = ["f1", 0.9, "team", "nlp", "f1"]
    else:
        import sqlite3
        conn = sqlite3.connect(url[len("sqlite:///"):])
        sql = ("SELECT v.id FROM versions v WHERE json_extract(v.metrics, ?) > ? AND json_extract(v.tags, ?) = ? "
               "ORDER BY json_extract(v.metrics, ?) DESC LIMIT 101")
        params = ['$."f1"', 0.9, '$."team"', "nlp", '$."f1"']
    for i in range(rounds + 2):
        began = time.perf_counter()
        conn.execute(sql, params).fetchall()
        if i >= 2:
            times.append((time.perf_counter() - began) * 1e3)
    conn.close()
    return times


WARMUP = 20  # calls per query before timing: every pooled connection of the server has planned it


def first_page_ms(reg: Registry, call: str, text: str, order_by: str, rounds: int, *,
                  one_model: str) -> tuple[list[float], int]:
    """Latencies (ms) of the first page of one query, after WARMUP calls; and its length. The
    warm-up matters on PostgreSQL: each pooled connection is its own backend, whose catalog
    caches and prepared plan (psycopg prepares a statement on its 5th run) start cold."""
    times, count = [], 0
    for i in range(rounds + WARMUP):
        began = time.perf_counter()
        if call == "search":
            page = reg.registry.ListVersions(_versions_request("models/-", text, order_by), timeout=60)
            count = len(page.versions)
        elif call == "versions":
            page = reg.registry.ListVersions(_versions_request(one_model, text, order_by), timeout=60)
            count = len(page.versions)
        else:
            from modelreg.v1 import registry_service_pb2 as rs
            page = reg.registry.ListModels(rs.ListModelsRequest(filter=text, order_by=order_by, page_size=100),
                                           timeout=60)
            count = len(page.models)
        if i >= WARMUP:
            times.append((time.perf_counter() - began) * 1e3)
    return times, count


def _versions_request(parent: str, text: str, order_by: str):
    from modelreg.v1 import registry_service_pb2 as rs
    return rs.ListVersionsRequest(parent=parent, filter=text, order_by=order_by, page_size=100)


def _stats(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"median_ms": statistics.median(ordered), "p95_ms": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]}


def run(*, rounds: int = 30, models: int = MODELS, per_model: int = VERSIONS_PER_MODEL) -> dict:
    began = time.monotonic()
    facts = {"started": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "cores": os.cpu_count(),
             "load": os.getloadavg(), "rounds": rounds, "models": models,
             "versions": models * per_model}
    work = Path(tempfile.mkdtemp(prefix="modelreg-bench-search-", dir=os.environ.get("BENCH_DIR")))
    cluster, rows = None, []
    try:
        cluster = PostgresCluster().start()
        for backend in ("sqlite", "postgresql"):
            data = work / backend / "data"
            data.mkdir(parents=True)
            url = f"sqlite:///{data / 'registry.db'}" if backend == "sqlite" else cluster.new_database()
            seconds = seed(url, rng=random.Random(12), models=models, per_model=per_model)
            analyze(url)
            facts[f"seed_s_{backend}"] = seconds
            rows.append({"backend": backend, "query": "JSON scan in SQL (before migration 12), no server",
                         "items": 0, **_stats(json_scan_ms(url, rounds))})
            srv = ServerProcess(data, *(["--db", url] if backend == "postgresql" else [])).start()
            try:
                with Registry(srv.address, timeout=60) as reg:
                    for what, call, text, order_by in QUERIES:
                        times, count = first_page_ms(reg, call, text, order_by, rounds,
                                                     one_model=f"bench-{models // 2:04d}")
                        rows.append({"backend": backend, "query": what, "items": count, **_stats(times)})
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
    print(f"\nsearch: first page (100 items) through the SDK, {f['models']:,} models, {f['versions']:,} versions "
          f"(5 tags, 5 metrics, 2 params each), {f['started']}")
    print(f"machine: {f['cores']} cores; load average at start {f['load'][0]:.2f}, at end {f['load_end'][0]:.2f}; "
          f"{f['rounds']} timed calls per query after {WARMUP} warm-up calls; seeding: sqlite {f['seed_s_sqlite']:.0f} s, "
          f"postgresql {f['seed_s_postgresql']:.0f} s\n")
    header = f"{'backend':<12}{'query':<58}{'items':>6}{'median ms':>11}{'p95 ms':>9}"
    print(header)
    print("-" * len(header))
    for row in result["rows"]:
        items = str(row["items"]) if row["items"] else "-"
        print(f"{row['backend']:<12}{row['query']:<58}{items:>6}{row['median_ms']:>11.1f}{row['p95_ms']:>9.1f}")
    print(f"section took {f['total_s']:.0f} s")
