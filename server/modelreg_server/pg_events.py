"""The event log on PostgreSQL, shared by every replica of one registry.

Sequencing is one sequencer row. `append` takes the next number with `UPDATE event_sequencer
SET last = last + 1` inside the caller's transaction, and that row stays locked until the
transaction ends. So appenders pass one at a time from their append to their commit: sequence
order is commit order, a rolled-back transaction gives its number back (no gaps), and the
committed `last` is the watermark: every event up to it is committed and visible, and no
transaction can later commit a number at or below it. A watcher that has read up to the watermark
can never be overtaken by a late commit. docs/storage.md has the measurement and the alternative
(a SEQUENCE with a snapshot-xmin watermark).

Wake-ups: the appending statement also calls pg_notify, which PostgreSQL delivers on commit to
every replica's listener; the listener also re-reads the watermark every `poll_interval`, which
is what keeps `wait` correct when a notification is lost or the listener reconnects.

The tables are schema.py's (events, event_log, and the PostgreSQL-only event_sequencer); details
are JSON text with sorted keys, times microseconds from the database's clock (one clock for every
replica). `tx` and `db` are store.Writer/Reader on a pg_store.PgConnection.

Within one process a commit also advances the known watermark directly (on_commit), so local
watchers do not wait for the notification's round trip.
"""

import asyncio
import json

import psycopg

from . import wakeup
from .domain import EventRow

CHANNEL = "modelreg_events"

NOW_MICROS = "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint"

# One round trip: take the number (locking the sequencer row until commit), queue the
# notification (sent on commit only) and insert the event.
APPEND = f"""
WITH s AS (UPDATE event_sequencer SET last = last + 1 RETURNING last),
     n AS (SELECT pg_notify('{CHANNEL}', last::text) FROM s)
INSERT INTO events (sequence, time, actor, type, model, version, alias, previous_version, digest, subject, details)
SELECT s.last, {NOW_MICROS}, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM s, n
RETURNING sequence
"""

BOUNDS = "SELECT (SELECT compacted_through FROM event_log) AS compacted, (SELECT last FROM event_sequencer) AS head"


class PgEventLog:
    """The EventLog (metadata.py) on PostgreSQL. `wait` has its own listening connection, opened on
    first use in the running event loop."""

    def __init__(self, url: str, *, poll_interval: float = 1.0, listen: bool = True):
        self.url = url
        self.poll_interval = poll_interval
        self.listen = listen  # False where LISTEN does not work (a transaction-pooling proxy)
        self.closed = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None
        self._news: asyncio.Event | None = None
        self._head = -1  # highest watermark the listener knows; -1 before it first read one

    def append(self, tx, *, type: str, model: str, actor: str = "", version: int = 0, alias: str = "",
               previous_version: int = 0, digest: str = "", subject: str = "", details: dict | None = None) -> int:
        """Appends an event inside tx; returns its sequence. Holds the sequencer row until tx ends."""
        params = [actor, type, model, version, alias, previous_version, digest, subject,
                  json.dumps(details or {}, sort_keys=True)]
        sequence = tx.db.rows(APPEND, params)[0]["sequence"]
        tx.on_commit(lambda: self._committed(sequence))
        return sequence

    def _committed(self, sequence: int) -> None:
        """On the writer thread, right after the commit: commits are in sequence order (the
        sequencer row), so the watermark is at least this sequence."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._advance, sequence)
            except RuntimeError:  # closed meanwhile
                pass

    def bounds(self, db) -> tuple[int, int]:
        """(compacted through, watermark)."""
        row = db.db.rows(BOUNDS)[0]
        return row["compacted"], row["head"]

    def read(self, db, *, after: int, through: int | None = None, limit: int) -> list[EventRow]:
        """Events after `after` up to `through` (the current watermark when None, read in the same
        snapshot as the events), in sequence order."""
        if through is None:
            sql, params = "SELECT * FROM events WHERE sequence > ? AND sequence <= (SELECT last FROM event_sequencer)", [after]
        else:
            sql, params = "SELECT * FROM events WHERE sequence > ? AND sequence <= ?", [after, through]
        sql += " ORDER BY sequence LIMIT ?"
        params.append(limit)
        return [EventRow(**{**r, "details": json.loads(r["details"])}) for r in db.db.rows(sql, params)]

    def compact(self, tx, *, through_sequence: int = 0, before_time: int = 0) -> tuple[int, int]:
        """Deletes the events up to a sequence (at most the watermark), or older than a time;
        returns (removed, compacted through). Compaction never moves back; compactors take turns
        on the event_log row."""
        if before_time:
            through_sequence = tx.db.rows("SELECT coalesce(max(sequence), 0) AS s FROM events WHERE time < ?",
                                          [before_time])[0]["s"]
        compacted = tx.db.rows("SELECT compacted_through FROM event_log FOR UPDATE")[0]["compacted_through"]
        head = tx.db.rows("SELECT last FROM event_sequencer")[0]["last"]
        through_sequence = max(compacted, min(through_sequence, head))
        removed = tx.db.run("DELETE FROM events WHERE sequence <= ?", [through_sequence])
        tx.db.run("UPDATE event_log SET compacted_through = ?", [through_sequence])
        return removed, through_sequence

    async def wait(self, after: int, timeout: float | None) -> bool:
        """True as soon as the watermark may be past `after` (a notification from any replica, or
        the listener's poll), False after timeout seconds without news, or at once once closed."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # first use, or a new event loop: listen from this one
            self._loop, self._head, self._news = loop, -1, asyncio.Event()
            self._task = loop.create_task(self._listen())
        deadline = None if timeout is None else loop.time() + timeout
        while not self.closed:
            if self._head > after:
                return True
            news = self._news
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                return False
            if not await wakeup.wait(news, remaining):  # not wait_for: see wakeup.wait
                return self._head > after
        return False

    def close(self) -> None:
        """Marks the log closed, wakes every waiter and stops the listener."""
        self.closed = True
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._stop)

    def _stop(self) -> None:
        self._wake()
        if self._task is not None:
            self._task.cancel()

    def _wake(self) -> None:
        news, self._news = self._news, asyncio.Event()
        news.set()

    def _advance(self, head: int) -> None:
        if head > self._head:
            self._head = head
            self._wake()

    async def _listen(self) -> None:
        """LISTENs on one connection and re-reads the watermark every poll_interval; reconnects
        after an error (meanwhile waiters only time out, and their callers poll)."""
        while not self.closed:
            try:
                async with await psycopg.AsyncConnection.connect(self.url, autocommit=True) as conn:
                    if self.listen:
                        await conn.execute(f"LISTEN {CHANNEL}")  # before the first read: nothing missed
                    while not self.closed:
                        self._advance((await (await conn.execute(BOUNDS)).fetchone())[1] or 0)
                        if not self.listen:
                            await asyncio.sleep(self.poll_interval)
                            continue
                        async for note in conn.notifies(timeout=self.poll_interval):
                            self._advance(int(note.payload))
            except psycopg.Error:
                await asyncio.sleep(self.poll_interval)
