"""The driver benchmark behind scripts/bench-pg-driver.

Three ways of running the same work against one throwaway PostgreSQL cluster, side by side:

- psycopg: psycopg 3 + psycopg_pool's ConnectionPool, the isolation level set on the connection;
- sqlalchemy-text: SQLAlchemy Core 2 (engines over psycopg, their QueuePool), the same SQL as text();
- sqlalchemy-core: the same engine kind, the statements built with Core's expression language
  (what one would write to get anything out of SQLAlchemy), the event append still text();
- psycopg lock-1st (write cells only): psycopg with the write transaction opened by a LOCK TABLE
  on the sequencer, to show what the retries of SERIALIZABLE writers on the sequencer row cost.

The work is what a modelreg PostgreSQL backend does for GetVersion-by-alias (one REPEATABLE READ
READ ONLY transaction: the alias -> version join) and for SetAlias (one SERIALIZABLE transaction:
check the version, move the alias, append the event through the sequencer row of pg_events.py,
retried on serialization failure). Each cell runs in `--rounds` windows of `--seconds`,
alternating the drivers so that noise from other processes on the machine falls on all of them.
"""

import argparse
import os
import platform
import random
import re
import sys
import threading
import time
from pathlib import Path

import psycopg
import sqlalchemy as sa
from psycopg import IsolationLevel
from psycopg_pool import ConnectionPool

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import PostgresCluster  # noqa: E402  (the tests' own throwaway cluster)

from modelreg_server import pg_events, pg_store  # noqa: E402

MODELS = 200
VERSIONS = 20
POOL_SIZE = 8
RETRY_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock detected
MAX_ATTEMPTS = 1000  # retried at once, without backoff; the table shows the most one write needed

DATA = f"""
INSERT INTO models (name, create_time, update_time, etag, next_version)
SELECT 'model-' || g, 0, 0, md5(g::text), {VERSIONS + 1} FROM generate_series(1, {MODELS}) g;
INSERT INTO versions (model_id, number, digest, state, total_size, file_count, create_time, update_time, etag)
SELECT m.id, n, md5(m.id || '-' || n), 'READY', 90000000, 3, 0, 0, md5(n::text)
FROM models m, generate_series(1, {VERSIONS}) n;
INSERT INTO aliases (model_id, alias, version, update_time)
SELECT id, 'prod', 1, 0 FROM models UNION ALL SELECT id, 'staging', 2, 0 FROM models;
ANALYZE;
"""

# The statements, in psycopg's %(name)s style; sql_text() turns them into SQLAlchemy's :name.
READ = """
SELECT v.* FROM models m
JOIN aliases a ON a.model_id = m.id
JOIN versions v ON v.model_id = m.id AND v.number = a.version
WHERE m.name = %(model)s AND a.alias = %(alias)s
"""
CHECK = """
SELECT m.id FROM models m JOIN versions v ON v.model_id = m.id
WHERE m.name = %(model)s AND v.number = %(version)s
"""
MOVE = """
UPDATE aliases SET previous_version = version, version = %(version)s, update_time = %(now)s
WHERE model_id = %(model_id)s AND alias = %(alias)s
"""
# Writers queue on the sequencer row before their snapshot is taken (a LOCK does not take one, a
# SELECT would): no concurrent writer can commit a sequencer update the snapshot misses.
LOCK_SEQUENCER = "LOCK TABLE event_sequencer IN EXCLUSIVE MODE"
_names = iter(["actor", "type", "model", "version", "alias", "previous_version", "digest", "subject", "details"])
APPEND = re.sub(r"\?", lambda _: f"%({next(_names)})s", pg_events.APPEND)  # pg_events' own statement


def sql_text(sql: str) -> sa.TextClause:
    return sa.text(re.sub(r"%\((\w+)\)s", r":\1", sql))


def event(model: str, alias: str, version: int, previous: int) -> dict:
    return {"actor": "bench", "type": "ALIAS_SET", "model": model, "version": version, "alias": alias,
            "previous_version": previous, "digest": "", "subject": "", "details": "{}"}


def retryable(error: BaseException) -> bool:
    return getattr(error, "sqlstate", None) in RETRY_SQLSTATES


class Psycopg:
    """psycopg 3 and its pool: one pool, the isolation level set per transaction on the connection
    (an attribute; psycopg puts it into its BEGIN)."""

    name = "psycopg"
    lock_first = False
    writes_only = False

    def __init__(self, url: str):
        self.pool = ConnectionPool(url, min_size=POOL_SIZE, max_size=POOL_SIZE, kwargs={"autocommit": True},
                                   open=True)
        self.pool.wait()

    def read(self, model: str, alias: str):
        with self.pool.connection() as conn:
            conn.isolation_level, conn.read_only = IsolationLevel.REPEATABLE_READ, True
            with conn.transaction():
                return conn.execute(READ, {"model": model, "alias": alias}).fetchone()

    def write(self, model: str, alias: str, version: int, now: int) -> int:
        """Returns the number of attempts."""
        with self.pool.connection() as conn:
            conn.isolation_level, conn.read_only = IsolationLevel.SERIALIZABLE, False
            for attempt in range(1, MAX_ATTEMPTS + 1):
                try:
                    with conn.transaction():
                        if self.lock_first:
                            conn.execute(LOCK_SEQUENCER)
                        model_id = conn.execute(CHECK, {"model": model, "version": version}).fetchone()[0]
                        previous = conn.execute(MOVE + " RETURNING previous_version",
                                                {"version": version, "now": now, "model_id": model_id,
                                                 "alias": alias}).fetchone()[0]
                        conn.execute(APPEND, event(model, alias, version, previous)).fetchone()
                    return attempt
                except psycopg.Error as error:
                    if not retryable(error) or attempt == MAX_ATTEMPTS:
                        raise

    def close(self) -> None:
        self.pool.close()


class PsycopgLockFirst(Psycopg):
    """psycopg, each write transaction starting with LOCK_SEQUENCER (not a driver: a variant of the
    transaction shape, measured alongside because it decides whether concurrent writers retry)."""

    name = "psycopg lock-1st"
    lock_first = True
    writes_only = True


class SqlAlchemyText:
    """SQLAlchemy Core 2 over psycopg with its QueuePool, statements as text(). Its cheapest shape:
    one engine (pool) per isolation level, fixed when a connection is made. Setting the level per
    transaction instead (engine.execution_options(isolation_level=...), one pool) costs SQLAlchemy
    a set and a reset on every checkout, well over its own statement overhead."""

    name = "sqlalchemy-text"
    writes_only = False

    def __init__(self, url: str):
        url = url.replace("postgresql://", "postgresql+psycopg://")
        self.reader = sa.create_engine(url, pool_size=POOL_SIZE, max_overflow=0, isolation_level="REPEATABLE READ")
        sa.event.listen(self.reader, "connect", lambda dbapi_conn, _: setattr(dbapi_conn, "read_only", True))
        self.writer = sa.create_engine(url, pool_size=POOL_SIZE, max_overflow=0, isolation_level="SERIALIZABLE")
        self.engine = self.reader
        for engine in (self.reader, self.writer):  # fill the pools, as pool.wait() does
            held = [engine.connect() for _ in range(POOL_SIZE)]
            for conn in held:
                conn.close()
        self.prepare()

    def prepare(self) -> None:
        self.read_sql, self.check_sql = sql_text(READ), sql_text(CHECK)
        self.move_sql, self.append_sql = sql_text(MOVE + " RETURNING previous_version"), sql_text(APPEND)

    def move_params(self, version: int, now: int, model_id: int, alias: str) -> dict:
        return {"version": version, "now": now, "model_id": model_id, "alias": alias}

    def read(self, model: str, alias: str):
        with self.reader.begin() as conn:
            return conn.execute(self.read_sql, {"model": model, "alias": alias}).first()

    def write(self, model: str, alias: str, version: int, now: int) -> int:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with self.writer.begin() as conn:
                    model_id = conn.execute(self.check_sql, {"model": model, "version": version}).scalar_one()
                    previous = conn.execute(self.move_sql, self.move_params(version, now, model_id, alias)).scalar_one()
                    conn.execute(self.append_sql, event(model, alias, version, previous)).scalar_one()
                return attempt
            except sa.exc.DBAPIError as error:  # SQLAlchemy wraps the driver's error; the SQLSTATE is on .orig
                if not retryable(error.orig) or attempt == MAX_ATTEMPTS:
                    raise

    def close(self) -> None:
        self.reader.dispose()
        self.writer.dispose()


class SqlAlchemyCore(SqlAlchemyText):
    """As SqlAlchemyText, with the read, the check and the alias move built from reflected Tables
    (compiled once, then served from SQLAlchemy's compiled cache)."""

    name = "sqlalchemy-core"

    def prepare(self) -> None:
        meta = sa.MetaData()
        models, versions, aliases = (sa.Table(t, meta, autoload_with=self.engine)
                                     for t in ("models", "versions", "aliases"))
        self.read_sql = (
            sa.select(versions)
            .select_from(models.join(aliases, aliases.c.model_id == models.c.id)
                         .join(versions, sa.and_(versions.c.model_id == models.c.id,
                                                 versions.c.number == aliases.c.version)))
            .where(models.c.name == sa.bindparam("model"), aliases.c.alias == sa.bindparam("alias")))
        self.check_sql = (
            sa.select(models.c.id).select_from(models.join(versions, versions.c.model_id == models.c.id))
            .where(models.c.name == sa.bindparam("model"), versions.c.number == sa.bindparam("version")))
        self.move_sql = (
            aliases.update()
            .where(aliases.c.model_id == sa.bindparam("b_model_id"), aliases.c.alias == sa.bindparam("b_alias"))
            .values(previous_version=aliases.c.version, version=sa.bindparam("b_version"),
                    update_time=sa.bindparam("b_now"))
            .returning(aliases.c.previous_version))
        self.append_sql = sql_text(APPEND)  # a CTE with pg_notify: no gain in spelling it in Core

    def move_params(self, version: int, now: int, model_id: int, alias: str) -> dict:
        return {"b_version": version, "b_now": now, "b_model_id": model_id, "b_alias": alias}


DRIVERS = (Psycopg, SqlAlchemyText, SqlAlchemyCore, PsycopgLockFirst)
CELLS = (("read", 1), ("read", 8), ("write", 1), ("write", 4))


def window(driver, kind: str, threads: int, seconds: float, seed: int) -> dict:
    """Runs `threads` threads doing `kind` as fast as they can for `seconds`; returns latencies (s),
    operations, attempts (and the most one operation took), wall and client CPU seconds."""
    latencies: list[list[float]] = [[] for _ in range(threads)]
    attempts = [0] * threads
    most = [0] * threads
    errors: list[BaseException] = []
    start = threading.Barrier(threads + 1)
    stop = threading.Event()

    def work(i: int) -> None:
        rng = random.Random(seed * 100 + i)
        mine = latencies[i]
        start.wait()
        try:
            while not stop.is_set():
                model = f"model-{rng.randint(1, MODELS)}"
                began = time.perf_counter()
                if kind == "read":
                    if driver.read(model, "prod") is None:
                        raise AssertionError(f"{model}@prod not found")
                else:
                    tries = driver.write(model, "staging", rng.randint(1, VERSIONS), time.time_ns() // 1000)
                    attempts[i] += tries
                    most[i] = max(most[i], tries)
                mine.append(time.perf_counter() - began)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
            stop.set()

    pool = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    start.wait()
    wall, cpu = time.perf_counter(), time.process_time()
    time.sleep(seconds)
    stop.set()
    for t in pool:
        t.join()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if errors:
        raise errors[0]
    flat = [x for part in latencies for x in part]
    return {"latencies": flat, "ops": len(flat), "attempts": sum(attempts), "most": max(most), "wall": wall, "cpu": cpu}


def percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.6, help="length of one measuring window")
    parser.add_argument("--rounds", type=int, default=5, help="windows per driver and cell, alternating drivers")
    args = parser.parse_args()

    began = time.monotonic()
    cluster = PostgresCluster().start()
    try:
        url = cluster.new_database()
        with psycopg.connect(url, autocommit=True) as conn:
            pg_store.migrate(conn)  # modelreg's own schema: models, versions, aliases, the event tables
            conn.execute(DATA)
            # Without statistics the planner guesses 2040 rows for the one-row sequencer, prices
            # pg_events.APPEND's CTE cross join above jit_above_cost and JIT-compiles every append
            # (~6-9 ms each). Autovacuum analyzes it after ~50 appends; the benchmark starts there.
            conn.execute("ANALYZE")
            server = conn.execute("SHOW server_version").fetchone()[0]
        drivers = [cls(url) for cls in DRIVERS]
        for d in drivers:  # warm up: first statements, plan and compiled caches
            if not d.writes_only:
                window(d, "read", 1, 0.3, seed=0)
            window(d, "write", 1, 0.3, seed=0)
        results: dict[tuple, list[dict]] = {}
        for cell_index, (kind, threads) in enumerate(CELLS):
            for r in range(args.rounds):
                order = drivers[r % len(drivers):] + drivers[:r % len(drivers)]
                for d in order:
                    if kind == "read" and d.writes_only:
                        continue
                    results.setdefault((kind, threads, d.name), []).append(
                        window(d, kind, threads, args.seconds, seed=cell_index * 10 + r + 1))
        for d in drivers:
            d.close()
    finally:
        cluster.stop()

    print(f"PostgreSQL {server} (throwaway cluster, fsync off), Python {platform.python_version()}, "
          f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}), SQLAlchemy {sa.__version__}, "
          f"{os.cpu_count()} CPUs, {args.rounds} x {args.seconds:g} s per cell")
    header = (f"{'workload':<7} {'thr':>3} {'driver':<16} {'ops/s':>8} {'vs psycopg':>10} {'p50 ms':>7} "
              f"{'p99 ms':>7} {'client CPU us/op':>16} {'retries/100 tx (max)':>20}")
    print(header)
    print("-" * len(header))
    for kind, threads in CELLS:
        base = None
        for d in drivers:
            if (kind, threads, d.name) not in results:
                continue
            runs = results[(kind, threads, d.name)]
            latencies = sorted(x for run in runs for x in run["latencies"])
            ops = sum(run["ops"] for run in runs)
            rate = ops / sum(run["wall"] for run in runs)
            base = base or rate
            cpu = sum(run["cpu"] for run in runs) / ops * 1e6
            retries = ""
            if kind == "write":
                retries = (f"{(sum(run['attempts'] for run in runs) - ops) / ops * 100:.1f} "
                           f"(max {max(run['most'] for run in runs) - 1})")
            print(f"{kind:<7} {threads:>3} {d.name:<16} {rate:>8.0f} {rate / base:>9.2f}x "
                  f"{percentile(latencies, 0.5) * 1e3:>7.3f} {percentile(latencies, 0.99) * 1e3:>7.3f} "
                  f"{cpu:>16.0f} {retries:>20}")
    print(f"total {time.monotonic() - began:.0f} s")


if __name__ == "__main__":
    main()
