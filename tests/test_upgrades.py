"""Schema upgrades: `modelreg db status|upgrade` on a fresh, an old and a current database, `serve
--no-migrate` refusing an old schema by the names of its pending migrations, and a schema from the
future (one past the latest this modelreg knows, recorded as schema.py records migrations)
stopping serve with both versions named; on SQLite and on PostgreSQL."""

import json
import sqlite3
import subprocess
import sys

import pytest

from conftest import ROOT, ServerProcess
from modelreg_server import datadir, schema

OLD = schema.LATEST - 2  # an old schema: the last two migrations not applied yet
PENDING = [schema.name(n) for n in range(OLD + 1, schema.LATEST + 1)]


def modelreg(*args, timeout=60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "modelreg", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request, tmp_path):
    """(data directory, the flags naming its database) on each backend."""
    if request.param == "sqlite":
        return tmp_path / "data", ["--data", tmp_path / "data"]
    url = request.getfixturevalue("postgres").new_database()
    return tmp_path / "data", ["--data", tmp_path / "data", "--db", url]


def make_old(flags: list, upto: int) -> None:
    """A database migrated up to `upto` as a modelreg of that time left it: the same migrations,
    applied the way the backends apply them, recorded in schema_migrations."""
    if "--db" in flags:
        import psycopg
        with psycopg.connect(flags[flags.index("--db") + 1], autocommit=True) as conn:
            conn.execute("CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, applied_time BIGINT)")
            for n, migration in enumerate(schema.MIGRATIONS[:upto], start=1):
                for statement in schema.ddl(migration, "postgresql"):
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_migrations VALUES (%s, 0)", [n])
        return
    data = flags[flags.index("--data") + 1]
    data.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(data / "registry.db", isolation_level=None)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_time INTEGER)")
    for n, migration in enumerate(schema.MIGRATIONS[:upto], start=1):
        for statement in schema.ddl(migration, "sqlite"):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (?, 0)", [n])
    conn.close()


def record_migration(flags: list, number: int) -> None:
    if "--db" in flags:
        import psycopg
        with psycopg.connect(flags[flags.index("--db") + 1], autocommit=True) as conn:
            conn.execute("INSERT INTO schema_migrations VALUES (%s, 0)", [number])
        return
    conn = sqlite3.connect(flags[flags.index("--data") + 1] / "registry.db", isolation_level=None)
    conn.execute("INSERT INTO schema_migrations VALUES (?, 0)", [number])
    conn.close()


def status(flags: list) -> tuple[int, dict]:
    result = modelreg("db", "status", *flags, "--json")
    return result.returncode, json.loads(result.stdout)


def serve(*flags) -> subprocess.CompletedProcess:
    return modelreg("serve", "--listen", "127.0.0.1:0", "--http", "off", *flags)


def test_every_migration_has_a_name():
    assert sorted(schema.NAMES) == list(range(1, schema.LATEST + 1))
    assert len(set(schema.NAMES.values())) == schema.LATEST


def test_db_status_of_a_fresh_directory_lists_every_migration_and_creates_nothing(tmp_path):
    code, s = status(["--data", tmp_path / "fresh"])
    assert code == 1
    assert s["exists"] is False and s["current"] == 0 and s["latest"] == schema.LATEST
    assert s["pending"] == [schema.name(n) for n in range(1, schema.LATEST + 1)]
    assert not (tmp_path / "fresh").exists()
    text = modelreg("db", "status", "--data", tmp_path / "fresh")
    assert f"(no registry yet): schema version 0, latest {schema.LATEST}: {schema.LATEST} pending" in text.stdout


def test_an_old_schema_is_listed_refused_by_serve_no_migrate_then_upgraded(where):
    data, flags = where
    make_old(flags, OLD)
    code, s = status(flags)
    assert code == 1 and s["exists"] is True and s["current"] == OLD and s["pending"] == PENDING
    text = modelreg("db", "status", *flags).stdout
    assert all(f"  pending: {name}\n" in text for name in PENDING), text

    refused = serve(*flags, "--no-migrate")
    assert refused.returncode == 3
    line = refused.stderr.strip()
    assert line.startswith("modelreg serve: --no-migrate: ") and len(line.splitlines()) == 1, line
    assert f"the schema is version {OLD}, this modelreg's is {schema.LATEST}; pending migrations: " \
           f"{', '.join(PENDING)}; apply them with `modelreg db upgrade`" in line
    assert status(flags) == (code, s)  # nothing applied

    upgraded = modelreg("db", "upgrade", *flags, "--json")
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    assert json.loads(upgraded.stdout) == {"database": s["database"], "before": OLD, "after": schema.LATEST,
                                           "latest": schema.LATEST, "applied": PENDING}
    code, s = status(flags)
    assert code == 0 and s["current"] == schema.LATEST and s["pending"] == []
    assert "up to date" in modelreg("db", "status", *flags).stdout
    again = modelreg("db", "upgrade", *flags)
    assert again.returncode == 0 and "is up to date; nothing applied" in again.stdout
    ServerProcess(data, *flags[2:], "--no-migrate").start().stop()


def test_db_upgrade_hints_at_a_backup_before_applying(tmp_path):
    flags = ["--data", tmp_path / "data"]
    make_old(flags, OLD)
    result = modelreg("db", "upgrade", *flags)
    assert result.returncode == 0, result.stderr
    assert f"applying {', '.join(PENDING)} (a backup first is wise: `modelreg backup`" in result.stderr
    assert f"schema upgraded from version {OLD} to {schema.LATEST} ({len(PENDING)} migrations applied)" in result.stdout


def test_a_schema_from_the_future_stops_serve_naming_both_versions(where):
    data, flags = where
    ServerProcess(data, *flags[2:]).start().stop()
    code, s = status(flags)
    assert code == 0 and s["current"] == schema.LATEST
    record_migration(flags, schema.LATEST + 1)
    both = f"version {schema.LATEST + 1}, newer than this modelreg knows ({schema.LATEST})"
    for extra in ([], ["--no-migrate"]):
        result = serve(*flags, *extra)
        assert result.returncode == 3, result.stderr
        line = result.stderr.strip()
        assert len(line.splitlines()) == 1 and line.startswith("modelreg serve: ") and both in line, line
    code, s = status(flags)
    assert code == 5 and s["too_new"] is True and s["current"] == schema.LATEST + 1
    upgraded = modelreg("db", "upgrade", *flags)
    assert upgraded.returncode == 5 and both in upgraded.stderr


def test_db_upgrade_refuses_while_a_server_holds_the_data_directory(tmp_path):
    flags = ["--data", tmp_path / "data"]
    make_old(flags, OLD)
    held = datadir.lock(tmp_path / "data")  # as a running server holds it
    try:
        result = modelreg("db", "upgrade", *flags)
    finally:
        held.release()
    assert result.returncode == 4
    assert "is in use by another modelreg process" in result.stderr
    assert "stop the server before upgrading its data directory" in result.stderr
    assert status(flags)[1]["current"] == OLD


@pytest.mark.parametrize("case", ["not-a-database", "bad-url"])
def test_db_status_of_something_that_is_no_registry_says_why(tmp_path, case):
    if case == "not-a-database":
        (tmp_path / "data").mkdir()
        (tmp_path / "data" / "registry.db").write_bytes(b"not sqlite at all" * 100)
        flags, says = ["--data", tmp_path / "data"], "file is not a database"
    else:
        flags, says = ["--db", "mysql://u@127.0.0.1/db"], "--db mysql://u@127.0.0.1/db: unknown database scheme"
    result = modelreg("db", "status", *flags)
    assert result.returncode == 3
    assert result.stderr.startswith("modelreg db status: ") and says in result.stderr, result.stderr
