"""The PostgreSQL event log (pg_events.py) against the run's real throwaway cluster: rollbacks,
the watermark under concurrent slow writers and 50 resuming watchers, wake-ups by NOTIFY and by
polling, compaction bounds."""

import asyncio
import random
import threading
import time

import psycopg
import pytest

from modelreg_server.pg_events import PgEventLog
from modelreg_server.pg_store import PgConnection, migrate
from modelreg_server.store import Writer


@pytest.fixture
def db_url(postgres) -> str:
    """A fresh database with the schema, for this test alone."""
    url = postgres.new_database()
    create_schema(url)
    return url


def create_schema(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        migrate(conn)


def tx(conn) -> Writer:
    """The shared SQL's view of a psycopg connection, as the backend hands it to the event log."""
    return Writer(PgConnection(conn))


def append_committed(url: str, log: PgEventLog, n: int, *, model: str = "m") -> list[int]:
    with psycopg.connect(url) as conn:
        sequences = []
        for i in range(n):
            with conn.transaction():
                sequences.append(log.append(tx(conn), type="VERSION_CREATED", model=model, version=i + 1))
        return sequences


def test_schema_is_created_once_by_replicas_starting_together(postgres):
    url = postgres.new_database()
    errors = []

    def create():
        try:
            create_schema(url)
        except psycopg.Error as e:
            errors.append(e)

    threads = [threading.Thread(target=create) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with psycopg.connect(url) as conn:
        assert PgEventLog(url).bounds(tx(conn)) == (0, 0)


def test_append_returns_the_sequence_and_read_returns_the_event(db_url):
    log = PgEventLog(db_url)
    with psycopg.connect(db_url) as conn:
        with conn.transaction():
            seq = log.append(tx(conn), type="ALIAS_SET", model="m", actor="alice", version=3, alias="prod",
                             previous_version=2, digest="sha256:ab", subject="s", details={"b": 1, "a": [2]})
        assert seq == 1
        assert log.bounds(tx(conn)) == (0, 1)
        [event] = log.read(tx(conn), after=0, limit=10)
    assert (event.sequence, event.type, event.model, event.actor, event.version, event.alias,
            event.previous_version, event.digest, event.subject, event.details) == (
        1, "ALIAS_SET", "m", "alice", 3, "prod", 2, "sha256:ab", "s", {"a": [2], "b": 1})
    assert abs(event.time - time.time_ns() // 1000) < 60_000_000


@pytest.mark.parametrize("after, through, limit, expected", [
    (0, None, 10, [1, 2, 3, 4]),
    (1, 3, 10, [2, 3]),
    (0, None, 2, [1, 2]),
    (4, None, 10, []),
])
def test_read_windows(db_url, after, through, limit, expected):
    """The log reads events in order within (after, through], up to limit; which of them a
    subscriber wants is decided above storage, by one evaluator (event_filters)."""
    log = PgEventLog(db_url)
    with psycopg.connect(db_url) as conn:
        for model, type, alias in (("a", "VERSION_CREATED", ""), ("b", "ALIAS_SET", "prod"),
                                   ("a", "ALIAS_SET", "dev"), ("b", "VERSION_CREATED", "")):
            with conn.transaction():
                log.append(tx(conn), type=type, model=model, alias=alias)
        assert [e.sequence for e in log.read(tx(conn), after=after, through=through, limit=limit)] == expected


def test_rolled_back_append_leaves_no_event_and_no_gap(db_url):
    log = PgEventLog(db_url)
    append_committed(db_url, log, 2)
    with psycopg.connect(db_url) as conn:
        before = log.bounds(tx(conn))
        with pytest.raises(ZeroDivisionError):
            with conn.transaction():
                assert log.append(tx(conn), type="VERSION_CREATED", model="m") == 3
                1 / 0
        assert log.bounds(tx(conn)) == before == (0, 2)
        assert [e.sequence for e in log.read(tx(conn), after=0, limit=10)] == [1, 2]
    assert append_committed(db_url, log, 1) == [3]


def test_uncommitted_event_stays_above_the_watermark(db_url):
    log = PgEventLog(db_url)
    append_committed(db_url, log, 1)
    with psycopg.connect(db_url) as writer, psycopg.connect(db_url, autocommit=True) as reader:
        with writer.transaction():
            assert log.append(tx(writer), type="VERSION_CREATED", model="m") == 2
            assert log.bounds(tx(reader)) == (0, 1)
            assert [e.sequence for e in log.read(tx(reader), after=0, limit=10)] == [1]
        assert log.bounds(tx(reader)) == (0, 2)
        assert [e.sequence for e in log.read(tx(reader), after=1, limit=10)] == [2]


def test_race_every_watcher_sees_every_event_once_in_order(db_url):
    """Four writers (two per "replica", each its own connection) commit events for 8 s; a third of
    their transactions sleep between append and commit, some roll back. 50 watchers read up to
    the watermarks they get from bounds(), reconnect and re-read from random earlier cursors. Each
    ends with exactly the committed events, contiguous and in order: none committed below a
    watermark a watcher had passed."""
    log = PgEventLog(db_url)
    run_for = 8.0
    stop = threading.Event()
    writers_done = threading.Event()  # the watchers' last pass starts after the last commit
    committed: list[tuple[int, str]] = []
    committed_lock = threading.Lock()
    failures: list[BaseException] = []

    def writer(name: str):
        rnd = random.Random(name)
        try:
            with psycopg.connect(db_url) as conn:
                n = 0
                while not stop.is_set():
                    n += 1
                    subject = f"{name}-{n}"
                    roll_back = rnd.random() < 0.1
                    with conn.transaction():  # psycopg.Rollback ends it quietly, rolled back
                        seq = log.append(tx(conn), type="VERSION_CREATED", model=name, version=n, subject=subject)
                        if rnd.random() < 0.3:
                            time.sleep(rnd.uniform(0.01, 0.15))
                        if roll_back:
                            raise psycopg.Rollback()
                    if roll_back:
                        continue
                    with committed_lock:
                        committed.append((seq, subject))
        except BaseException as e:
            failures.append(e)

    def watcher(i: int, seen: list):
        rnd = random.Random(i)
        try:
            conn = psycopg.connect(db_url, autocommit=True)
            position = 0
            while True:
                done = writers_done.is_set()
                _, watermark = log.bounds(tx(conn))
                while position < watermark:
                    batch = log.read(tx(conn), after=position, through=watermark, limit=rnd.randint(1, 40))
                    assert [e.sequence for e in batch] == list(range(position + 1, position + 1 + len(batch)))
                    seen.extend((e.sequence, e.subject) for e in batch)
                    position += len(batch)
                if done:
                    break
                if rnd.random() < 0.2:  # a resume: new connection, replay from a random earlier cursor
                    conn.close()
                    conn = psycopg.connect(db_url, autocommit=True)
                    cursor = rnd.randint(0, position)
                    replay = log.read(tx(conn), after=cursor, through=position, limit=position - cursor + 1)
                    assert [(e.sequence, e.subject) for e in replay] == seen[cursor:position]
                time.sleep(rnd.uniform(0, 0.05))
            conn.close()
        except BaseException as e:
            failures.append(e)

    views = [[] for _ in range(50)]
    writers = [threading.Thread(target=writer, args=(f"w{k}",)) for k in range(4)]
    watchers = [threading.Thread(target=watcher, args=(i, views[i])) for i in range(50)]
    for t in writers + watchers:
        t.start()
    time.sleep(run_for)
    stop.set()
    for t in writers:
        t.join()
    writers_done.set()
    for t in watchers:
        t.join()
    assert failures == []
    expected = sorted(committed)
    assert [s for s, _ in expected] == list(range(1, len(expected) + 1))
    assert len(expected) > 100
    for view in views:
        assert view == expected


def run(coro):
    return asyncio.run(coro)


def test_wait_is_woken_by_a_notify_from_another_connection(db_url):
    """Polling is slowed to 60 s: only the NOTIFY of the committing connection can wake it."""
    log = PgEventLog(db_url, poll_interval=60)

    async def scenario():
        assert await log.wait(-1, 10)  # the listener has connected and read the watermark (0)
        waiter = asyncio.create_task(log.wait(0, 10))
        await asyncio.sleep(0.2)
        assert not waiter.done()
        start = time.monotonic()
        await asyncio.to_thread(append_committed, db_url, log, 1)
        woken = await waiter
        return woken, time.monotonic() - start

    woken, elapsed = run(scenario())
    log.close()
    assert woken
    assert elapsed < 1.0


def test_wait_times_out_without_news_and_a_rollback_is_no_news(db_url):
    log = PgEventLog(db_url, poll_interval=0.1)

    def rolled_back():
        with psycopg.connect(db_url) as conn:
            with conn.transaction():
                log.append(tx(conn), type="VERSION_CREATED", model="m")
                raise psycopg.Rollback()

    async def scenario():
        waiter = asyncio.create_task(log.wait(0, 0.8))
        await asyncio.to_thread(rolled_back)
        return await waiter

    assert run(scenario()) is False
    log.close()


def test_wait_without_listen_is_woken_by_polling(db_url):
    log = PgEventLog(db_url, poll_interval=0.1, listen=False)

    async def scenario():
        assert await log.wait(-1, 10)
        waiter = asyncio.create_task(log.wait(0, 10))
        await asyncio.to_thread(append_committed, db_url, log, 1)
        return await waiter

    assert run(scenario()) is True
    log.close()


def test_close_wakes_waiters_and_later_waits_return_at_once(db_url):
    log = PgEventLog(db_url, poll_interval=60)

    async def scenario():
        waiter = asyncio.create_task(log.wait(10, None))
        await asyncio.sleep(0.2)
        log.close()
        return await asyncio.wait_for(waiter, 5), await log.wait(10, None)

    assert run(scenario()) == (False, False)


def test_compaction_bounds(db_url):
    log = PgEventLog(db_url)
    append_committed(db_url, log, 10)
    with psycopg.connect(db_url) as conn:
        with conn.transaction():
            assert log.compact(tx(conn), through_sequence=4) == (4, 4)
        assert log.bounds(tx(conn)) == (4, 10)
        # Reading behind the compacted point returns what is kept; refusing such a cursor (resync)
        # is the caller's, from bounds().
        assert [e.sequence for e in log.read(tx(conn), after=0, limit=20)] == [5, 6, 7, 8, 9, 10]
        with conn.transaction():
            assert log.compact(tx(conn), through_sequence=2) == (0, 4)  # never moves back
        with conn.transaction():
            assert log.compact(tx(conn), through_sequence=100) == (6, 10)  # not past the watermark
        assert log.bounds(tx(conn)) == (10, 10)
        assert log.read(tx(conn), after=0, limit=20) == []
    assert append_committed(db_url, log, 1) == [11]  # numbers are never reused


def test_compaction_by_time(db_url):
    log = PgEventLog(db_url)
    append_committed(db_url, log, 3)
    with psycopg.connect(db_url) as conn:
        [*_, third] = log.read(tx(conn), after=0, limit=10)
        append_committed(db_url, log, 2)
        with conn.transaction():
            assert log.compact(tx(conn), before_time=third.time + 1) == (3, 3)
        assert log.bounds(tx(conn)) == (3, 5)
        with conn.transaction():
            assert log.compact(tx(conn), before_time=1) == (0, 3)
