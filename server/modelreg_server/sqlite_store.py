"""The SQLite backend of the metadata interfaces (metadata.py): registry.db through the shared SQL (store.py).

SqliteMetadataStore owns the threads: one writer thread, because SQLite commits one transaction at
a time and a single thread never contends for the lock in-process (another process still may: the
busy timeout and BEGIN IMMEDIATE handle that), and a pool of reader threads with a
connection each, which WAL lets run beside the writer. Its failures leave as domain errors
(translated_errors); a transaction is never retried, as nothing in-process conflicts. Writes
that queue while the writer commits are committed together, each in a savepoint of its own
(group commit: one fsync for many); hot reads may be answered from memory until anything
commits (`cached`, validated by PRAGMA data_version).

SqliteEventLog: sequence numbers come from AUTOINCREMENT on the single writer, so a sequence is
visible exactly when its transaction commits, in order, and the highest sequence ever assigned
(sqlite_sequence, which survives deletion by compaction) is the watermark. Wake-ups are in-process:
a commit that appended events wakes the waiters of this process; waiters also poll (their timeout),
which is how they see events another process committed.
"""

import asyncio
import concurrent.futures
import json
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from . import querystats, schema
from .domain import EventRow, now_micros
from .errors import FailedPrecondition, StorageFull, Unavailable
from .store import Dialect, Reader, Writer, _event
from .wakeup import Wakeup, wait


class SqliteConnection:
    """store.Connection over one sqlite3 connection."""

    dialect = Dialect()

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def rows(self, sql: str, params=()) -> list[dict]:
        with translated_errors(), querystats.statement():
            cursor = self.conn.execute(sql, params)
            names = [c[0] for c in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def tuples(self, sql: str, params=()) -> list[tuple]:
        with translated_errors(), querystats.statement():
            return self.conn.execute(sql, params).fetchall()

    def run(self, sql: str, params=()) -> int:
        with translated_errors(), querystats.statement():
            return self.conn.execute(sql, params).rowcount

    def run_many(self, sql: str, rows: list) -> None:
        with translated_errors(), querystats.statement():
            self.conn.executemany(sql, rows)

    def insert(self, sql: str, params=(), *, key: str = "id") -> int:
        with translated_errors(), querystats.statement():
            return self.conn.execute(sql, params).lastrowid  # the rowid, which `key` is an alias of


class SqliteDatabase:
    """registry.db: one writer connection (used by a single thread, so writers never contend in
    this process) and one reader connection per reading thread; WAL lets readers run beside the
    writer, each read in a snapshot of its own.

    Another process may hold the write lock for a moment (a `sqlite3` shell, a backup). Write
    transactions therefore take the lock up front (BEGIN IMMEDIATE) and wait for it up to the busy
    timeout; SQLite's failures leave as domain errors (DATABASE_BUSY, STORAGE_FULL), so the rules
    never see a backend's exception."""

    def __init__(self, path: Path, *, busy_timeout: float = 30.0):
        """busy_timeout: seconds a write waits for a lock held by another process before it is
        refused with DATABASE_BUSY."""
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._local = threading.local()
        with translated_errors():
            self._writer = self._connect()
        self._writer_lock = threading.Lock()
        self._version_conn = None
        self._migrate()

    def _connect(self) -> SqliteConnection:
        conn = sqlite3.connect(self.path, check_same_thread=False, timeout=self.busy_timeout, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        return SqliteConnection(conn)

    def _migrate(self) -> None:
        with self.write() as tx:
            tx.db.run("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_time INTEGER)")
            applied = {r["version"] for r in tx.db.rows("SELECT version FROM schema_migrations")}
            try:
                todo = schema.pending(applied)
            except schema.SchemaTooNew as e:
                raise FailedPrecondition("SCHEMA_TOO_NEW", str(e)) from None
        for version, migration in todo:
            with self.write() as tx:
                for statement in schema.ddl(migration, "sqlite"):
                    tx.db.run(statement)
                tx.db.run("INSERT INTO schema_migrations VALUES (?, ?)", [version, now_micros()])

    def data_version(self) -> int:
        """A number that changes whenever any connection, of this process or another, commits to
        registry.db (PRAGMA data_version, read on a connection kept for this alone: a few
        microseconds, no I/O). Called on the event loop's thread only."""
        if self._version_conn is None:
            with translated_errors():
                self._version_conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        return self._version_conn.execute("PRAGMA data_version").fetchone()[0]

    def _reader_connection(self) -> SqliteConnection:
        if not hasattr(self._local, "db"):
            with translated_errors():
                self._local.db = self._connect()
        return self._local.db

    def read(self) -> Reader:
        """A reader on this thread's own connection, outside a transaction (each query sees the
        latest commit): for tests and tools; the server reads through `reading`."""
        return Reader(self._reader_connection())

    @contextmanager
    def reading(self):
        """A reader in one snapshot: every query of the block sees the same commit."""
        db = self._reader_connection()
        with translated_errors():
            db.conn.execute("BEGIN")
        try:
            yield Reader(db)
        finally:
            with translated_errors():
                db.conn.execute("COMMIT")

    @contextmanager
    def write(self, *, durable: bool = True):
        """One write transaction on the writer connection: all of it commits, or none of it;
        then what the transaction registered with on_commit runs, before the next one begins.
        durable=False commits without waiting for the disk (synchronous NORMAL: the WAL is
        synced by the next durable commit or checkpoint, and a power cut may lose it, never
        corrupt anything; a crash of the process loses nothing).

        BEGIN IMMEDIATE takes the write lock before the first statement, so SQLite's busy handler
        waits for another process's lock. A deferred BEGIN would read first and then fail at once
        with SQLITE_BUSY when upgrading to a writer, whatever the busy timeout."""
        with self._writer_lock, translated_errors(), self._synchronous(durable):
            conn = self._writer.conn
            conn.execute("BEGIN IMMEDIATE")
            tx = Writer(self._writer)
            try:
                yield tx
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.rollback()
                raise
            for fn in tx.committed:
                fn()

    @contextmanager
    def _synchronous(self, durable: bool):
        """Commits inside wait for the disk unless durable is False (held with the writer lock)."""
        if durable:
            yield
            return
        self._writer.conn.execute("PRAGMA synchronous = NORMAL")
        try:
            yield
        finally:
            self._writer.conn.execute("PRAGMA synchronous = FULL")

    def write_group(self, fns: list, *, durable: bool = True) -> list[tuple[bool, object]]:
        """Several write transactions committed together (one fsync): each fn runs in a savepoint of
        its own, so one that raises leaves nothing (its on_commit callbacks neither) and the others
        go on; each sees the writes of those before it, as if they had run one after the other.
        (ok, value or exception) per fn, in order; if the commit itself fails, every fn fails
        with that error. Then the callbacks of those that succeeded run, in order."""
        results, callbacks = [], []
        with self._writer_lock, translated_errors(), self._synchronous(durable):
            conn = self._writer.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                for fn in fns:
                    tx = Writer(self._writer)
                    conn.execute("SAVEPOINT grouped")
                    try:
                        with translated_errors():  # as transact_here's callers would see it
                            value = fn(tx)
                    except Exception as e:
                        conn.execute("ROLLBACK TO grouped")
                        conn.execute("RELEASE grouped")
                        results.append((False, e))
                        continue
                    conn.execute("RELEASE grouped")
                    results.append((True, value))
                    callbacks.extend(tx.committed)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.rollback()
                raise
            for fn in callbacks:
                fn()
        return results


@contextmanager
def translated_errors():
    """SQLite's failures that callers can act on, as domain errors: a lock still held after the
    busy timeout is DATABASE_BUSY (retry), a full disk or database is STORAGE_FULL. Anything else
    stays an unexpected error."""
    try:
        yield
    except sqlite3.Error as e:
        code = getattr(e, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise Unavailable("DATABASE_BUSY", "the database is locked by another process; try again shortly") from e
        if code == sqlite3.SQLITE_FULL:
            raise StorageFull("STORAGE_FULL", "the database is full: no space left for registry.db on the data "
                              "directory's filesystem; writes are refused until space is freed") from e
        raise


GROUP_COMMIT = 64  # write transactions committed together at most
CACHE_ENTRIES = 4096  # answers kept by SqliteMetadataStore.cached; past that it starts afresh
_MISS = object()


class SqliteMetadataStore:
    def __init__(self, database: SqliteDatabase, *, reader_threads: int = 8):
        self.database = database
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="modelreg-writer")
        self._readers = ThreadPoolExecutor(reader_threads, thread_name_prefix="modelreg-reader")
        self._queue: list = []  # (fn, concurrent future) waiting for the writer
        self._queue_lock = threading.Lock()
        self._draining = False
        self._cache: dict = {}
        self._cache_version = None  # the data_version the cache's answers were read at (or after)

    async def cached(self, key, fn):
        """read(fn), answered from memory while nothing has committed to registry.db since the
        answer was read: any commit, by this process or another, changes the database's
        data_version, which is checked on every call, and empties the cache. An answer read
        after version v is stored only if the cache still stands at v, so it is never kept under
        a later version it may predate. Errors are not kept."""
        version = self.database.data_version()
        if version != self._cache_version:
            self._cache.clear()
            self._cache_version = version
        else:
            value = self._cache.get(key, _MISS)
            if value is not _MISS:
                return value
        value = await self.read(fn)
        if self._cache_version == version:
            if len(self._cache) >= CACHE_ENTRIES:
                self._cache.clear()
            self._cache[key] = value
        return value

    async def read(self, fn):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._readers, querystats.carried(self.read_here), fn)

    async def transact(self, fn, *, durable: bool = True):
        """fn's transaction, committed with those queued beside it (group commit: write_group) when
        several wait for the writer, so concurrent writes share one fsync (a group is durable if
        any of its transactions is)."""
        future = concurrent.futures.Future()
        with self._queue_lock:
            self._queue.append((querystats.carried(fn), future, durable))
            if not self._draining:
                self._writer.submit(self._drain)  # raises once closed
                self._draining = True
        return await asyncio.wrap_future(future)

    def _drain(self) -> None:
        """On the writer thread: commits what is queued, a group at a time, until nothing is."""
        while True:
            with self._queue_lock:
                batch = self._queue[:GROUP_COMMIT]
                del self._queue[:GROUP_COMMIT]
                if not batch:
                    self._draining = False
                    return
            batch = [item for item in batch if item[1].set_running_or_notify_cancel()]
            if len(batch) == 1:
                fn, future, durable = batch[0]
                try:
                    future.set_result(self.transact_here(fn, durable=durable))
                except BaseException as e:
                    future.set_exception(e)
                continue
            if not batch:
                continue
            try:
                results = self.database.write_group([fn for fn, _, _ in batch],
                                                    durable=any(durable for _, _, durable in batch))
            except BaseException as e:
                for _, future, _ in batch:
                    future.set_exception(e)
                continue
            for (_, future, _), (ok, value) in zip(batch, results):
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)

    def transact_here(self, fn, *, durable: bool = True):
        with self.database.write(durable=durable) as tx:
            return fn(tx)

    def read_here(self, fn):
        with self.database.reading() as db:
            return fn(db)

    def close(self) -> None:
        self._writer.shutdown(wait=True)
        self._readers.shutdown(wait=True)
        self._cache.clear()


class SqliteEventLog:
    def __init__(self):
        self.closed = False
        self._wakeup = Wakeup()
        self._committed = 0  # the highest sequence this process has seen committed
        self._wake_pending = False  # a wake-up is scheduled on the loop and has not run yet
        self._loop: asyncio.AbstractEventLoop | None = None  # the waiters' loop, once one waited

    def append(self, tx: Writer, *, type: str, model: str, actor: str = "", version: int = 0, alias: str = "",
               previous_version: int = 0, digest: str = "", subject: str = "", details: dict | None = None) -> int:
        sequence = tx.db.insert(
            "INSERT INTO events (time, actor, type, model, version, alias, previous_version, digest, subject, details) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [now_micros(), actor, type, model, version, alias, previous_version, digest, subject,
             json.dumps(details or {}, sort_keys=True)], key="sequence",
        )
        tx.on_commit(lambda: self._commit(sequence))
        return sequence

    def _commit(self, sequence: int) -> None:
        """On the writer thread, right after the commit. One wake-up for a burst (a group commit's
        events): waiters read _committed after the wake-up, so they see every sequence set before
        it ran."""
        self._committed = max(self._committed, sequence)
        if not self._wake_pending:
            self._wake_pending = True
            self._wake(self._notify)

    def _notify(self) -> None:
        self._wake_pending = False
        self._wakeup.notify()

    def _wake(self, fn=None) -> None:
        loop = self._loop
        if loop is None:
            self._wake_pending = False
            return
        try:
            loop.call_soon_threadsafe(fn or self._wakeup.notify)
        except RuntimeError:  # the loop is closed: nobody waits any more
            self._wake_pending = False

    def bounds(self, db: Reader) -> tuple[int, int]:
        head = db._rows("SELECT coalesce(max(seq), 0) AS s FROM sqlite_sequence WHERE name = 'events'")[0]["s"]
        compacted = db._rows("SELECT compacted_through FROM event_log")[0]["compacted_through"]
        return compacted, head

    def read(self, db: Reader, *, after: int, through: int | None = None, limit: int) -> list[EventRow]:
        if through is None:
            _, through = self.bounds(db)
        sql = "SELECT * FROM events WHERE sequence > ? AND sequence <= ? ORDER BY sequence LIMIT ?"
        return [_event(r) for r in db._rows(sql, [after, through, limit])]

    async def wait(self, after: int, timeout: float | None) -> bool:
        if self.closed:
            return False
        self._loop = asyncio.get_running_loop()
        changed = self._wakeup.waiter()
        if self._committed > after:
            return True
        return await wait(changed, timeout) and not self.closed

    def compact(self, tx: Writer, *, through_sequence: int = 0, before_time: int = 0) -> tuple[int, int]:
        if before_time:
            row = tx._rows("SELECT max(sequence) AS s FROM events WHERE time < ?", [before_time])[0]
            through_sequence = row["s"] or 0
        compacted, _ = self.bounds(tx)
        through_sequence = max(through_sequence, compacted)
        removed = tx.db.run("DELETE FROM events WHERE sequence <= ?", [through_sequence])
        tx.db.run("UPDATE event_log SET compacted_through = ?", [through_sequence])
        return removed, through_sequence

    def close(self) -> None:
        self.closed = True
        self._wake()
