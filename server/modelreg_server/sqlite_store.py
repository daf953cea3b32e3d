"""The SQLite backend of the metadata interfaces (metadata.py), over store.Store.

SqliteMetadataStore owns the threads: one writer thread, because SQLite commits one transaction at
a time and a single thread never contends for the lock in-process (another process still may: the
busy timeout and BEGIN IMMEDIATE in store.py handle that), and a pool of reader threads with a
connection each, which WAL lets run beside the writer. Its failures leave as domain errors
(store.translated_errors); a transaction is never retried, as nothing in-process conflicts.

SqliteEventLog: sequence numbers come from AUTOINCREMENT on the single writer, so a sequence is
visible exactly when its transaction commits, in order, and the highest sequence ever assigned
(sqlite_sequence, which survives deletion by compaction) is the watermark. Wake-ups are in-process:
a commit that appended events wakes the waiters of this process; waiters also poll (their timeout),
which is how they see events another process committed.
"""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

from .domain import EventRow, now_micros
from .store import Reader, Store, Writer, _event
from .wakeup import Wakeup, wait


class SqliteMetadataStore:
    def __init__(self, store: Store, *, reader_threads: int = 8):
        self.store = store
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="modelreg-writer")
        self._readers = ThreadPoolExecutor(reader_threads, thread_name_prefix="modelreg-reader")

    async def read(self, fn):
        return await asyncio.get_running_loop().run_in_executor(self._readers, lambda: fn(self.store.read()))

    async def transact(self, fn):
        def run():
            with self.store.write() as tx:
                return fn(tx)
        return await asyncio.get_running_loop().run_in_executor(self._writer, run)

    def read_here(self, fn):
        return fn(self.store.read())

    def close(self) -> None:
        self._writer.shutdown(wait=True)
        self._readers.shutdown(wait=True)


class SqliteEventLog:
    def __init__(self):
        self.closed = False
        self._wakeup = Wakeup()
        self._committed = 0  # the highest sequence this process has seen committed
        self._loop: asyncio.AbstractEventLoop | None = None  # the waiters' loop, once one waited

    def append(self, tx: Writer, *, type: str, model: str, actor: str = "", version: int = 0, alias: str = "",
               previous_version: int = 0, digest: str = "", subject: str = "", details: dict | None = None) -> int:
        sequence = tx.db.execute(
            "INSERT INTO events (time, actor, type, model, version, alias, previous_version, digest, subject, details) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [now_micros(), actor, type, model, version, alias, previous_version, digest, subject,
             json.dumps(details or {}, sort_keys=True)],
        ).lastrowid
        tx.on_commit(lambda: self._commit(sequence))
        return sequence

    def _commit(self, sequence: int) -> None:
        """On the writer thread, right after the commit."""
        self._committed = max(self._committed, sequence)
        self._wake()

    def _wake(self) -> None:
        loop = self._loop
        if loop is None:
            return
        try:
            loop.call_soon_threadsafe(self._wakeup.notify)
        except RuntimeError:  # the loop is closed: nobody waits any more
            pass

    def bounds(self, db: Reader) -> tuple[int, int]:
        head = db._rows("SELECT coalesce(max(seq), 0) AS s FROM sqlite_sequence WHERE name = 'events'")[0]["s"]
        compacted = db._rows("SELECT compacted_through FROM event_log")[0]["compacted_through"]
        return compacted, head

    def read(self, db: Reader, *, after: int, through: int | None = None, models: list = (), types: list = (),
             aliases: list = (), limit: int) -> list[EventRow]:
        if through is None:
            _, through = self.bounds(db)
        sql = "SELECT * FROM events WHERE sequence > ? AND sequence <= ?"
        params: list = [after, through]
        for column, values in (("model", models), ("type", types), ("alias", aliases)):
            if values:
                sql += f" AND {column} IN ({','.join('?' * len(values))})"
                params += list(values)
        sql += " ORDER BY sequence LIMIT ?"
        params.append(limit)
        return [_event(r) for r in db._rows(sql, params)]

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
        removed = tx.db.execute("DELETE FROM events WHERE sequence <= ?", [through_sequence]).rowcount
        tx.db.execute("UPDATE event_log SET compacted_through = ?", [through_sequence])
        return removed, through_sequence

    def close(self) -> None:
        self.closed = True
        self._wake()
