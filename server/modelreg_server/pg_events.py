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

Columns match the SQLite events table (store.py), details as JSON text with sorted keys, times in
microseconds from the database's clock (one clock for every replica). The DDL lives here until
the schemas of both backends are unified.
"""

import asyncio
import json

import psycopg

from .domain import EventRow

CHANNEL = "modelreg_events"
SCHEMA_LOCK = 0x6D6F64656C726567  # pg_advisory_xact_lock key ("modelreg"): replicas create once

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    sequence BIGINT PRIMARY KEY,
    time BIGINT NOT NULL,
    actor TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL,
    model TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 0,
    alias TEXT NOT NULL DEFAULT '',
    previous_version BIGINT NOT NULL DEFAULT 0,
    digest TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS events_time ON events (time);
CREATE INDEX IF NOT EXISTS events_actor ON events (actor, time);
CREATE TABLE IF NOT EXISTS event_log (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    compacted_through BIGINT NOT NULL
);
INSERT INTO event_log VALUES (1, 0) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS event_sequencer (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last BIGINT NOT NULL
);
INSERT INTO event_sequencer VALUES (1, 0) ON CONFLICT DO NOTHING;
"""

NOW_MICROS = "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint"

# One round trip: take the number (locking the sequencer row until commit), queue the
# notification (sent on commit only) and insert the event.
APPEND = f"""
WITH s AS (UPDATE event_sequencer SET last = last + 1 RETURNING last),
     n AS (SELECT pg_notify('{CHANNEL}', last::text) FROM s)
INSERT INTO events (sequence, time, actor, type, model, version, alias, previous_version, digest, subject, details)
SELECT s.last, {NOW_MICROS}, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM s, n
RETURNING sequence
"""

BOUNDS = "SELECT (SELECT compacted_through FROM event_log), (SELECT last FROM event_sequencer)"


def create_schema(conn: psycopg.Connection) -> None:
    """Creates the event tables if missing, under an advisory lock so replicas starting together
    do it once."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEMA_LOCK])
        conn.execute(SCHEMA)


def _rows(db, sql: str, params=()) -> list[dict]:
    """Runs sql on a connection or cursor and returns its rows as dicts."""
    cur = db.execute(sql, params)
    names = [c.name for c in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


class PgEventLog:
    """The EventLog (metadata.py) on PostgreSQL. `tx` and `db` are psycopg connections or cursors
    of the caller; `wait` has its own listening connection, opened on first use in the running
    event loop."""

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
        return tx.execute(APPEND, params).fetchone()[0]

    def bounds(self, db) -> tuple[int, int]:
        """(compacted through, watermark)."""
        compacted, head = db.execute(BOUNDS).fetchone()
        return compacted, head

    def read(self, db, *, after: int, through: int | None = None, models=(), types=(), aliases=(),
             limit: int) -> list[EventRow]:
        """Events after `after` up to `through` (the current watermark when None, read in the same
        snapshot as the events), in sequence order, matching every filter given."""
        if through is None:
            sql, params = "SELECT * FROM events WHERE sequence > %s AND sequence <= (SELECT last FROM event_sequencer)", [after]
        else:
            sql, params = "SELECT * FROM events WHERE sequence > %s AND sequence <= %s", [after, through]
        for column, values in (("model", models), ("type", types), ("alias", aliases)):
            if values:
                sql += f" AND {column} = ANY(%s)"
                params.append(list(values))
        sql += " ORDER BY sequence LIMIT %s"
        params.append(limit)
        return [EventRow(**{**r, "details": json.loads(r["details"])}) for r in _rows(db, sql, params)]

    def compact(self, tx, *, through_sequence: int = 0, before_time: int = 0) -> tuple[int, int]:
        """Deletes the events up to a sequence (at most the watermark), or older than a time;
        returns (removed, compacted through). Compaction never moves back; compactors take turns
        on the event_log row."""
        if before_time:
            through_sequence = tx.execute("SELECT coalesce(max(sequence), 0) FROM events WHERE time < %s",
                                          [before_time]).fetchone()[0]
        compacted = tx.execute("SELECT compacted_through FROM event_log FOR UPDATE").fetchone()[0]
        head = tx.execute("SELECT last FROM event_sequencer").fetchone()[0]
        through_sequence = max(compacted, min(through_sequence, head))
        removed = tx.execute("DELETE FROM events WHERE sequence <= %s", [through_sequence]).rowcount
        tx.execute("UPDATE event_log SET compacted_through = %s", [through_sequence])
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
            try:
                await asyncio.wait_for(news.wait(), remaining)
            except TimeoutError:
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
                        self._advance((await (await conn.execute(BOUNDS)).fetchone())[1])
                        if not self.listen:
                            await asyncio.sleep(self.poll_interval)
                            continue
                        async for note in conn.notifies(timeout=self.poll_interval):
                            self._advance(int(note.payload))
            except psycopg.Error:
                await asyncio.sleep(self.poll_interval)
