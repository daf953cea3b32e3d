"""The metadata interfaces (metadata.py): what every backend's MetadataStore and EventLog must do,
run against SQLite and against the run's real PostgreSQL cluster."""

import asyncio
import threading

import psycopg
import pytest

from modelreg_server import schema
from modelreg_server.errors import FailedPrecondition, NotFound
from modelreg_server.metadata import BadDatabaseURL, database_kind, open_metadata


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'registry.db'}"
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def opened(db_url):
    metadata, events = open_metadata(db_url)
    yield metadata, events
    events.close()
    metadata.close()


def new_model(metadata, events, name: str):
    def run(tx):
        model = tx.insert_model(name, description="", tags={"team": "nlp"})
        events.append(tx, type="MODEL_CREATED", model=name)
        return model
    return metadata.transact_here(run)


def test_a_transaction_commits_all_or_nothing(opened):
    metadata, events = opened

    def half(tx):
        tx.insert_model("half", description="", tags={})
        events.append(tx, type="MODEL_CREATED", model="half")
        raise NotFound("NOPE", "changed my mind")
    with pytest.raises(NotFound):
        metadata.transact_here(half)
    assert metadata.read_here(lambda db: db.model("half")) is None
    assert metadata.read_here(events.bounds) == (0, 0)
    new_model(metadata, events, "whole")
    assert metadata.read_here(lambda db: db.model("whole")).tags == {"team": "nlp"}
    assert [e.model for e in metadata.read_here(lambda db: events.read(db, after=0, limit=10))] == ["whole"]


def test_on_commit_runs_after_the_commit_only(opened):
    metadata, events = opened
    seen = []

    def run(tx, fail):
        tx.insert_model(f"m-{fail}", description="", tags={})
        tx.on_commit(lambda: seen.append(metadata.read_here(lambda db: db.model(f"m-{fail}") is not None)))
        if fail:
            raise NotFound("NOPE", "rolled back")
    with pytest.raises(NotFound):
        metadata.transact_here(lambda tx: run(tx, True))
    metadata.transact_here(lambda tx: run(tx, False))
    assert seen == [True]  # the callback of the committed one saw its change; the other never ran


def test_async_read_and_transact(opened):
    metadata, events = opened

    async def main():
        await metadata.transact(lambda tx: tx.insert_model("a", description="d", tags={}))
        return await metadata.read(lambda db: db.model("a"))
    assert asyncio.run(main()).description == "d"


def test_a_write_that_need_not_be_durable_commits_all_the_same(db_url):
    """durable=False (chunk leases) changes only when the commit reaches the disk: the write is
    visible at once, to this store and to one opened afresh, alone, grouped with durable writes,
    or rolled back whole; and the writes after it are durable again."""
    metadata, events = open_metadata(db_url)

    def fail(tx):
        tx.insert_model("not-kept", description="", tags={})
        raise NotFound("NOPE", "rolled back")

    async def main():
        await metadata.transact(lambda tx: tx.insert_model("quick", description="", tags={}), durable=False)
        with pytest.raises(NotFound):
            await metadata.transact(fail, durable=False)
        await asyncio.gather(*(metadata.transact(lambda tx, i=i: tx.insert_model(f"q-{i}", description="", tags={}),
                                                 durable=bool(i % 2)) for i in range(10)))
    try:
        asyncio.run(main())
        metadata.transact_here(lambda tx: tx.insert_model("after", description="", tags={}))
        if database_kind(db_url) == "sqlite":  # the writer is back to syncing every commit (FULL = 2)
            assert metadata.transact_here(lambda tx: tx.db.tuples("PRAGMA synchronous")) == [(2,)]
    finally:
        events.close()
        metadata.close()
    again, again_events = open_metadata(db_url)
    try:
        present = again.read_here(lambda db: [db.model(n) is not None for n in
                                              ["quick", "not-kept", "after", *(f"q-{i}" for i in range(10))]])
    finally:
        again_events.close()
        again.close()
    assert present == [True, False, True] + [True] * 10


def test_transactions_committed_together_stay_apart(opened):
    """Many transactions at once (SQLite commits the queued ones together): one that raises leaves
    nothing, neither its rows nor its events nor its on_commit; the others all commit, each with
    its event, in the order the writer took them."""
    metadata, events = opened
    done = []

    def run(tx, i):
        tx.insert_model(f"g-{i}", description="", tags={})
        events.append(tx, type="MODEL_CREATED", model=f"g-{i}")
        tx.on_commit(lambda: done.append(i))
        if i % 3 == 0:
            raise NotFound("NOPE", "rolled back")
        return i

    async def main():
        return await asyncio.gather(*(metadata.transact(lambda tx, i=i: run(tx, i)) for i in range(30)),
                                    return_exceptions=True)
    results = asyncio.run(main())
    assert [isinstance(r, NotFound) for r in results] == [i % 3 == 0 for i in range(30)]
    kept = [i for i in range(30) if i % 3]
    assert sorted(done) == kept
    assert [metadata.read_here(lambda db, i=i: db.model(f"g-{i}") is not None) for i in range(30)] == \
        [i % 3 != 0 for i in range(30)]
    logged = metadata.read_here(lambda db: events.read(db, after=0, limit=100))
    assert sorted(e.model for e in logged) == sorted(f"g-{i}" for i in kept)
    assert [e.model for e in logged] == [f"g-{i}" for i in done]  # events in commit order


def test_a_cached_read_never_outlives_a_commit(opened):
    metadata, events = opened

    async def main():
        await metadata.transact(lambda tx: tx.insert_model("c", description="one", tags={}))
        first = await metadata.cached("c", lambda db: db.model("c").description)
        again = await metadata.cached("c", lambda db: db.model("c").description)
        await metadata.transact(lambda tx: tx.update_model(tx.model("c"), description="two", tags={}))
        return first, again, await metadata.cached("c", lambda db: db.model("c").description)
    assert asyncio.run(main()) == ("one", "one", "two")


def test_concurrent_writers_never_lose_an_update(opened):
    """Writers racing on one model (read next_version, insert, bump): every version number once,
    with no gaps, and one event each, in commit order; on PostgreSQL conflicts are retried."""
    metadata, events = opened
    new_model(metadata, events, "raced")

    def push(tx):
        model = tx.model("raced")
        number = tx.insert_version(model, digest="sha256:" + "0" * 64, files=[], description="", tags={},
                                   metrics={}, params={})
        events.append(tx, type="VERSION_CREATED", model="raced", version=number)
        return number

    numbers, errors = [], []

    def writer():
        try:
            for _ in range(10):
                numbers.append(metadata.transact_here(push))
        except Exception as e:  # reported below
            errors.append(e)
    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 41))
    created = [e for e in metadata.read_here(lambda db: events.read(db, after=0, limit=100))
               if e.type == "VERSION_CREATED"]
    assert sorted(e.version for e in created) == list(range(1, 41))
    assert [e.sequence for e in created] == sorted(e.sequence for e in created)


def test_a_read_sees_one_snapshot(opened):
    metadata, events = opened
    new_model(metadata, events, "snap")
    started, go_on = threading.Event(), threading.Event()

    def read(db):
        first = db.model("snap").description
        started.set()
        go_on.wait(10)
        return first, db.model("snap").description
    reader = []
    t = threading.Thread(target=lambda: reader.append(metadata.read_here(read)))
    t.start()
    started.wait(10)
    metadata.transact_here(lambda tx: tx.update_model(tx.model("snap"), description="changed", tags={}))
    go_on.set()
    t.join()
    assert reader == [("", "")]
    assert metadata.read_here(lambda db: db.model("snap").description) == "changed"


def test_event_log_watermark_read_and_compaction(opened):
    """Storage reads the log in order; which events a subscriber wants is decided above it (event_filters)."""
    metadata, events = opened
    for name in ("a", "b", "a2"):
        new_model(metadata, events, name)
    assert metadata.read_here(events.bounds) == (0, 3)
    assert [e.model for e in metadata.read_here(lambda db: events.read(db, after=0, limit=10))] == ["a", "b", "a2"]
    assert [e.model for e in metadata.read_here(lambda db: events.read(db, after=0, limit=2))] == ["a", "b"]
    assert [e.sequence for e in metadata.read_here(lambda db: events.read(db, after=1, through=2, limit=10))] == [2]
    removed = metadata.transact_here(lambda tx: events.compact(tx, through_sequence=2))
    assert removed == (2, 2)
    assert metadata.read_here(events.bounds) == (2, 3)
    assert [e.sequence for e in metadata.read_here(lambda db: events.read(db, after=0, limit=10))] == [3]


def test_event_log_wait_wakes_on_a_commit(opened):
    metadata, events = opened

    async def main():
        waiter = asyncio.ensure_future(events.wait(0, 30))
        await asyncio.sleep(0.2)
        assert not waiter.done()
        await metadata.transact(lambda tx: events.append(tx, type="MODEL_CREATED", model="w"))
        assert await asyncio.wait_for(waiter, 10) is True
        assert await events.wait(1, 0.2) is False  # nothing past the watermark
    asyncio.run(main())


def test_migrations_are_recorded_once_and_a_newer_schema_is_refused(db_url):
    metadata, events = open_metadata(db_url)
    metadata.close()
    events.close()
    metadata, events = open_metadata(db_url)  # opening again applies nothing
    applied = metadata.read_here(lambda db: [r["version"] for r in db._rows("SELECT version FROM schema_migrations "
                                                                          "ORDER BY version")])
    assert applied == list(range(1, schema.LATEST + 1))
    metadata.transact_here(lambda tx: tx.db.run("INSERT INTO schema_migrations VALUES (?, ?)", [schema.LATEST + 1, 0]))
    metadata.close()
    events.close()
    with pytest.raises(FailedPrecondition) as refused:
        open_metadata(db_url)
    assert refused.value.reason == "SCHEMA_TOO_NEW"
    assert f"version {schema.LATEST + 1}" in refused.value.message


def test_replicas_starting_together_migrate_once(postgres):
    url = postgres.new_database()
    opened, errors = [], []

    def start():
        try:
            opened.append(open_metadata(url))
        except Exception as e:  # reported below
            errors.append(e)
    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with psycopg.connect(url) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == list(range(1, schema.LATEST + 1))
    for metadata, events in opened:
        metadata.close()
        events.close()


@pytest.mark.parametrize("url, kind", [
    ("sqlite:///registry.db", "sqlite"),
    ("sqlite:////abs/registry.db", "sqlite"),
    ("postgresql://u@127.0.0.1:5432/db", "postgresql"),
    ("postgres://u@127.0.0.1/db", "postgresql"),
])
def test_database_urls(url, kind):
    assert database_kind(url) == kind


@pytest.mark.parametrize("url, message", [
    ("sqlite://registry.db", "sqlite:///PATH"),
    ("sqlite:///", "sqlite:///PATH"),
    ("mysql://u@h/db", "unknown database scheme 'mysql'"),
    ("registry.db", "not a database URL"),
])
def test_bad_database_urls(url, message):
    with pytest.raises(BadDatabaseURL) as bad:
        database_kind(url)
    assert message in str(bad.value)


def test_dashboard_questions(opened):
    """Counts, metric series, a version's events and where its chunks were first stored: each
    one query, the same on every backend."""
    from modelreg_server.domain import FileRow
    metadata, events = opened
    shared, fresh = ("a" * 64, 10), ("b" * 64, 20)
    assert metadata.read_here(lambda db: db.model_totals()) == (0, 0)
    for name in ("team-a", "team-b", "other"):
        new_model(metadata, events, name)

    def push(tx, name, metrics, chunks):
        number = tx.insert_version(tx.model(name), digest="sha256:" + "0" * 64, description="", tags={},
                                   metrics=metrics, params={},
                                   files=[FileRow(path="f", size=sum(n for _, n in chunks), sha256="c" * 64, mode=0o644,
                                                  chunks=chunks)])
        events.append(tx, type="VERSION_CREATED", model=name, version=number)
        return tx.version(tx.model(name), number).id
    first = metadata.transact_here(lambda tx: push(tx, "team-a", {"f1": 0.5}, [shared]))
    second = metadata.transact_here(lambda tx: push(tx, "team-a", {"f1": 0.7, "loss": 1.0}, [shared, fresh, fresh]))
    metadata.transact_here(lambda tx: push(tx, "other", {}, [fresh]))
    metadata.transact_here(lambda tx: events.append(tx, type="ALIAS_SET", model="team-a", version=2, alias="prod"))
    metadata.transact_here(lambda tx: events.append(tx, type="ALIAS_SET", model="team-a", version=2, alias="latest"))
    metadata.transact_here(lambda tx: events.append(tx, type="ALIAS_DELETED", model="other", version=1, alias="x"))
    read = metadata.read_here
    assert read(lambda db: db.model_totals()) == (3, 3)
    assert read(lambda db: db.model_version_counts(["team-", "oth"])) == [("other", 1), ("team-a", 2), ("team-b", 0)]
    assert read(lambda db: db.model_version_counts(["team-a"])) == [("team-a", 2)]
    assert read(lambda db: db.model_version_counts(["team_"])) == []  # a prefix is literal, never a pattern
    assert read(lambda db: db.metric_series(db.model("team-a"), limit=5)) == [(1, {"f1": 0.5}), (2, {"f1": 0.7, "loss": 1.0})]
    assert read(lambda db: db.metric_series(db.model("team-a"), limit=1)) == [(2, {"f1": 0.7, "loss": 1.0})]
    assert [(e.type, e.alias) for e in read(lambda db: db.version_events("team-a", 2, limit=10))] == \
        [("ALIAS_SET", "latest"), ("ALIAS_SET", "prod"), ("VERSION_CREATED", "")]
    assert len(read(lambda db: db.version_events("team-a", 2, limit=1))) == 1
    moves = read(lambda db: db.alias_events(since=0, before=None, limit=10, skip_alias="latest"))
    assert [(e.type, e.model, e.alias) for e in moves] == [("ALIAS_DELETED", "other", "x"), ("ALIAS_SET", "team-a", "prod")]
    older = read(lambda db: db.alias_events(since=0, before=(moves[0].time, moves[0].sequence), limit=10,
                                            skip_alias="latest"))
    assert [e.alias for e in older] == ["prod"]
    assert read(lambda db: db.alias_events(since=moves[0].time + 1, before=None, limit=10, skip_alias="")) == []
    assert read(lambda db: db.chunk_origins(second)) == [(0, "a" * 64, 10, first), (1, "b" * 64, 20, second),
                                                         (2, "b" * 64, 20, second)]
