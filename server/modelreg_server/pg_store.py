"""The PostgreSQL backend of the metadata interfaces (metadata.py), for replicas sharing one database.

Through psycopg 3 and its connection pool (docs/storage.md has the measurement behind the choice),
on threads this backend owns: the shared SQL (store.py) is synchronous, and the pool bounds the
connections each replica holds. Writes run SERIALIZABLE: the rules read, decide and write inside one
transaction (an etag check, the next version number), and under concurrent replicas only
serializable isolation makes that as safe as SQLite's single writer. Write transactions first queue
on the event sequencer (a table lock, taken before the snapshot), as every change appends an
event: measured, that turned 110-141 retries per 100 transactions with 4 writers into under 1,
and doubled their throughput (docs/storage.md). A transaction PostgreSQL
aborts as a conflict (serialization failure, deadlock, or a unique key another replica took first)
is run again from the start, a few times with jittered backoff; the rules' transaction functions
may therefore run more than once (metadata.py). Reads run REPEATABLE READ READ ONLY: one snapshot.

The schema is schema.py's, migrated at start-up inside one transaction holding an advisory lock,
so replicas starting together migrate once and a failed migration leaves nothing half-applied.
"""

import asyncio
import decimal
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import psycopg
import psycopg_pool
from psycopg import errors as pgerrors

from . import querystats, schema
from .domain import now_micros
from .errors import FailedPrecondition, StorageFull, Unavailable
from .store import PostgresDialect, Reader, Writer

MIGRATION_LOCK = 0x6D6F64656C726567  # pg_advisory_xact_lock key ("modelreg")
CONFLICT_ATTEMPTS = 12
CONNECT_TIMEOUT = 10.0
# The registry's statements are small and many; JIT compiling one costs milliseconds and never
# pays back (a misestimated append was measured at 6-9 ms with JIT, 0.5 ms without).
# Nor do parallel workers: their start-up alone cost ~100 ms of a filtered search's first page
# (docs/filters.md), which a single backend reading the index in order serves in a few ms.
NO_JIT = "-c jit=off -c max_parallel_workers_per_gather=0"

_CONFLICTS = (pgerrors.SerializationFailure, pgerrors.DeadlockDetected, pgerrors.UniqueViolation)


class PgConnection:
    """store.Connection over one psycopg connection (autocommit; the backend issues BEGIN/COMMIT)."""

    dialect = PostgresDialect()

    def __init__(self, conn: psycopg.Connection):
        self.conn = conn

    def rows(self, sql: str, params=()) -> list[dict]:
        with translated_errors(), querystats.statement():
            cursor = self.conn.execute(_pg(sql), params)
            if cursor.description is None:
                return []
            names = [c.name for c in cursor.description]
            return [dict(zip(names, (_plain(v) for v in row))) for row in cursor.fetchall()]

    def tuples(self, sql: str, params=()) -> list[tuple]:
        with translated_errors(), querystats.statement():
            cursor = self.conn.execute(_pg(sql), params)
            return cursor.fetchall() if cursor.description is not None else []

    def run(self, sql: str, params=()) -> int:
        with translated_errors(), querystats.statement():
            return self.conn.execute(_pg(sql), params).rowcount

    def run_many(self, sql: str, rows: list) -> None:
        if not rows:
            return
        with translated_errors(), querystats.statement(), self.conn.cursor() as cursor:
            cursor.executemany(_pg(sql), rows)

    def insert(self, sql: str, params=(), *, key: str = "id") -> int:
        with translated_errors(), querystats.statement():
            return self.conn.execute(_pg(sql) + f" RETURNING {key}", params).fetchone()[0]


_converted: dict[str, str] = {}


def _pg(sql: str) -> str:
    """`?` placeholders as psycopg's `%s` (and a literal % doubled), converted once per statement."""
    found = _converted.get(sql)
    if found is None:
        found = _converted[sql] = sql.replace("%", "%%").replace("?", "%s")
    return found


def _plain(value):
    """sum() of BIGINTs is NUMERIC in PostgreSQL; the rows carry ints, as from SQLite."""
    return int(value) if isinstance(value, decimal.Decimal) else value


@contextmanager
def translated_errors():
    """PostgreSQL's failures that callers can act on, as domain errors. Conflicts pass through
    untranslated: the transaction runner retries them."""
    try:
        yield
    except _CONFLICTS:
        raise
    except pgerrors.DiskFull as e:
        raise StorageFull("STORAGE_FULL", "the database is full: PostgreSQL has no space left; writes are refused "
                          "until space is freed") from e
    except (psycopg.OperationalError, psycopg_pool.PoolTimeout) as e:
        raise Unavailable("DATABASE_UNAVAILABLE", f"the database cannot be reached: {_one_line(e)}") from e


def _one_line(e: Exception) -> str:
    return "; ".join(line.strip() for line in str(e).strip().splitlines() if line.strip()) or type(e).__name__


def migrate(conn: psycopg.Connection) -> None:
    """Brings the schema up to date in one transaction under the migration lock; refuses a
    database migrated by a newer modelreg. `conn` is in autocommit mode."""
    with translated_errors():
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATION_LOCK])
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
                         "applied_time BIGINT)")
            applied = {r[0] for r in conn.execute("SELECT version FROM schema_migrations").fetchall()}
            try:
                todo = schema.pending(applied)
            except schema.SchemaTooNew as e:
                raise FailedPrecondition("SCHEMA_TOO_NEW", str(e)) from None
            for version, migration in todo:
                for statement in schema.ddl(migration, "postgresql"):
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_migrations VALUES (%s, %s)", [version, now_micros()])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


class PgMetadataStore:
    def __init__(self, url: str, *, reader_threads: int = 8, writer_threads: int = 4,
                 connect_timeout: float = CONNECT_TIMEOUT):
        self.url = url
        # The first connection is made directly, so a database that cannot be reached says why
        # at once (the pool would retry quietly until its timeout), and migrates the schema.
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=max(1, round(connect_timeout)),
                                 options=NO_JIT) as conn:
                migrate(conn)
        except psycopg.OperationalError as e:
            raise Unavailable("DATABASE_UNAVAILABLE", f"cannot connect: {_one_line(e)}") from None
        self.pool = psycopg_pool.ConnectionPool(
            url, min_size=1, max_size=reader_threads + writer_threads, kwargs={"autocommit": True, "options": NO_JIT},
            timeout=connect_timeout, name="modelreg", open=True)
        self._writers = ThreadPoolExecutor(writer_threads, thread_name_prefix="modelreg-pg-writer")
        self._readers = ThreadPoolExecutor(reader_threads, thread_name_prefix="modelreg-pg-reader")
        self._closed = threading.Event()

    async def read(self, fn):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._readers, querystats.carried(self.read_here), fn)

    async def cached(self, key, fn):
        """read(fn), never from memory: another replica's commit would not be seen here (its
        NOTIFY arrives later than a client that moved an alias there may ask this one)."""
        return await self.read(fn)

    def read_here(self, fn):
        with translated_errors(), self.pool.connection() as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                return fn(Reader(PgConnection(conn)))
            finally:
                conn.execute("ROLLBACK")  # nothing to commit; ends the snapshot

    async def transact(self, fn, *, durable: bool = True):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._writers, querystats.carried(
            lambda f: self.transact_here(f, durable=durable)), fn)

    def transact_here(self, fn, *, durable: bool = True):
        """fn(writer) as one serializable transaction, run again on a conflict; then its on_commit
        callbacks, in order. durable=False: synchronous_commit off for it (the commit returns
        before its WAL is flushed; a crash of the database may lose it, never corrupt anything)."""
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            try:
                with translated_errors(), self.pool.connection() as conn:
                    conn.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
                    # Writers queue here, before their snapshot is taken (LOCK takes none), for
                    # the sequencer row every change appends an event through: without the queue
                    # a writer that waited for that row would fail as a conflict and run again.
                    conn.execute("LOCK TABLE event_sequencer IN EXCLUSIVE MODE")
                    if not durable:
                        conn.execute("SET LOCAL synchronous_commit = off")
                    tx = Writer(PgConnection(conn))
                    try:
                        result = fn(tx)
                        conn.execute("COMMIT")
                    except BaseException:
                        if not conn.closed:
                            conn.execute("ROLLBACK")
                        raise
            except _CONFLICTS:
                if attempt == CONFLICT_ATTEMPTS:
                    raise Unavailable("DATABASE_CONFLICT", f"the change conflicted with concurrent ones "
                                      f"{CONFLICT_ATTEMPTS} times; try again") from None
                time.sleep(random.uniform(0, min(0.2, 0.002 * 2 ** attempt)))
                continue
            for callback in tx.committed:
                callback()
            return result

    def close(self) -> None:
        self._writers.shutdown(wait=True)
        self._readers.shutdown(wait=True)
        self.pool.close()


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    if "password" in info:
        info["password"] = "***"
    return psycopg.conninfo.make_conninfo(**info) if not url.startswith(("postgresql:", "postgres:")) else \
        _redact_uri(url)


def _redact_uri(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
