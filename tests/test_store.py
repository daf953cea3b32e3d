"""The SQLite store: versioned migrations applied once, in order, at start-up."""

import sqlite3

from modelreg_server.store import MIGRATIONS, Store


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
    assert store.read().event_bounds() == (0, 0)
