"""The SQLite store: versioned migrations applied once, in order, at start-up."""

import sqlite3

from modelreg_server.schema import MIGRATIONS
from modelreg_server.sqlite_store import SqliteDatabase as Store, SqliteEventLog


def applied(path) -> list[int]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]


def test_migrations_apply_once_in_order(tmp_path):
    path = tmp_path / "registry.db"
    Store(path)
    assert applied(path) == list(range(1, len(MIGRATIONS) + 1))
    Store(path)
    assert applied(path) == list(range(1, len(MIGRATIONS) + 1))


def test_a_database_from_an_older_schema_is_upgraded(tmp_path):
    path = tmp_path / "registry.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_time INTEGER)")
        conn.executescript(MIGRATIONS[0])
        conn.execute("INSERT INTO schema_migrations VALUES (1, 0)")
        conn.execute("INSERT INTO models (name, create_time, update_time, etag) VALUES ('old', 1, 1, 'e')")
    store = Store(path)
    assert applied(path) == list(range(1, len(MIGRATIONS) + 1))
    assert store.read().model("old").name == "old"
    assert SqliteEventLog().bounds(store.read()) == (0, 0)


def test_refused_calls_of_an_older_schema_are_aggregated(tmp_path):
    """Rows from before aggregation count one each; those that share a key now are merged."""
    path = tmp_path / "registry.db"
    aggregation = next(i for i, script in enumerate(MIGRATIONS) if "denied_calls_v7" in script)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_time INTEGER)")
        for version, script in enumerate(MIGRATIONS[:aggregation], start=1):
            conn.executescript(script)
            conn.execute("INSERT INTO schema_migrations VALUES (?, 0)", [version])
        minute = 60_000_000
        rows = [(minute * 7 + 1, "ci", "/m/A", "ROLE_REQUIRED"), (minute * 7 + 5, "ci", "/m/A", "ROLE_REQUIRED"),
                (minute * 7 + 9, "", "/m/A", "TOKEN_INVALID"), (minute * 8 + 1, "ci", "/m/A", "ROLE_REQUIRED")]
        conn.executemany("INSERT INTO denied_calls (time, actor, method, code, reason, message) "
                         "VALUES (?, ?, ?, 'X', ?, 'no')", rows)
    store = Store(path)
    assert applied(path) == list(range(1, len(MIGRATIONS) + 1))
    records = store.read().audit(before=(2**62, 2, 0), limit=10, actor="", model="", types=[], allowed=False,
                                 denied=True, start=0, end=2**62)
    assert [(r.actor, r.source, r.reason, r.count, r.first_time, r.time) for r in records] == [
        ("ci", "ci", "ROLE_REQUIRED", 1, minute * 8 + 1, minute * 8 + 1),
        ("", "", "TOKEN_INVALID", 1, minute * 7 + 9, minute * 7 + 9),
        ("ci", "ci", "ROLE_REQUIRED", 2, minute * 7 + 1, minute * 7 + 5),
    ]
    with store.write() as tx:
        tx.add_denials([records[0]])
    merged = store.read().audit(before=(2**62, 2, 0), limit=1, actor="ci", model="", types=[], allowed=False,
                                denied=True, start=0, end=2**62)
    assert merged[0].count == 2 and merged[0].id == records[0].id
