"""Schema status and upgrades of a registry's metadata (`modelreg db status|upgrade`, `modelreg serve
--no-migrate`); docs/backup.md, "Upgrades".

A server migrates its database at start-up (sqlite_store / pg_store, schema.py). These tools let an
operator see and apply that step on its own: read which migrations a database has (without writing
a byte, and without creating a database that does not exist), apply them while no server of an
embedded registry runs, and start a server that refuses rather than migrates. A check made before
the server opens the database is enough for --no-migrate: a schema only ever moves forward, so one
found current stays current.
"""

import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import datadir, schema
from .errors import RegistryError
from .metadata import BadDatabaseURL, database_kind, open_metadata

EXIT_PENDING = 1     # db status: migrations are pending
EXIT_STORAGE = 3     # the database cannot be opened or read, or an upgrade failed (nothing applied)
EXIT_IN_USE = 4      # db upgrade: a server holds the data directory
EXIT_TOO_NEW = 5     # the schema is newer than this modelreg knows


class UpgradeError(Exception):
    """Why a status cannot be read or an upgrade did not happen, in one line, and its exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class Status:
    """Where a database's schema stands against this modelreg (`db status --json`)."""
    database: str
    exists: bool            # False: no registry yet (the first server or `db upgrade` creates it)
    current: int            # the highest migration applied; 0 when none
    latest: int = schema.LATEST
    pending: list = field(default_factory=list)  # "17 compression_at_rest", in the order they apply
    too_new: bool = False   # migrated by a newer modelreg: this one refuses to serve it

    def as_dict(self) -> dict:
        return asdict(self)


def database_url(data_dir: Path | None, db_url: str | None) -> str:
    """The --db URL, else DATA/registry.db, as `modelreg serve` picks it."""
    if db_url:
        return db_url
    return f"sqlite:///{Path(data_dir or './modelreg-data').resolve() / 'registry.db'}"


def status(url: str) -> Status:
    """Reads the applied migrations without migrating; UpgradeError if the database cannot be read."""
    shown = _shown(url)
    try:
        kind = database_kind(url)
    except BadDatabaseURL as e:
        raise UpgradeError(f"--db {e}", EXIT_STORAGE) from None
    applied = _applied_postgresql(url, shown) if kind == "postgresql" else _applied_sqlite(url, shown)
    if applied is None:
        return Status(shown, False, 0, pending=[schema.name(n) for n in range(1, schema.LATEST + 1)])
    current = max(applied, default=0)
    if current > schema.LATEST:
        return Status(shown, True, current, too_new=True)
    return Status(shown, True, current,
                  pending=[schema.name(n) for n in range(1, schema.LATEST + 1) if n not in applied])


def too_new_message(s: Status) -> str:
    return (f"{s.database}: the schema is version {s.current}, newer than this modelreg knows ({s.latest}); "
            "upgrade modelreg to open it")


def pending_message(s: Status) -> str:
    return (f"{s.database}: the schema is version {s.current}, this modelreg's is {s.latest}; pending migrations: "
            f"{', '.join(s.pending)}")


def refuse_pending(url: str) -> None:
    """For `serve --no-migrate`: UpgradeError naming the pending migrations, or the newer schema."""
    s = status(url)
    if s.too_new:
        raise UpgradeError(too_new_message(s), EXIT_STORAGE)
    if s.pending:
        raise UpgradeError(f"--no-migrate: {pending_message(s)}; apply them with `modelreg db upgrade` (after "
                           "`modelreg backup`), or start without --no-migrate", EXIT_STORAGE)


def upgrade(url: str, *, data_dir: Path | None = None) -> tuple[Status, Status]:
    """Applies the pending migrations as a starting server would (the same code: open_metadata),
    holding the data directory meanwhile when the database is its registry.db, so that no server
    starts half-way (an embedded registry is upgraded stopped). On PostgreSQL replicas may keep
    running: the migration runs in one transaction under the advisory lock replicas take.
    (status before, status after)."""
    before = status(url)
    if before.too_new:
        raise UpgradeError(too_new_message(before), EXIT_TOO_NEW)
    if not before.pending:
        return before, before
    held = None
    if data_dir is not None and database_kind(url) == "sqlite":
        held = _hold(Path(data_dir))
    try:
        metadata, events = open_metadata(url)
        metadata.close()
        events.close()
    except RegistryError as e:
        raise UpgradeError(f"cannot upgrade {before.database}: {e.message}", EXIT_STORAGE) from None
    except (OSError, sqlite3.Error) as e:
        raise UpgradeError(f"cannot upgrade {before.database}: {e}", EXIT_STORAGE) from None
    finally:
        if held:
            held.release()
    return before, status(url)


def _hold(data: Path) -> datadir.Lock:
    try:
        data.mkdir(parents=True, exist_ok=True)
        return datadir.lock(data)
    except datadir.Locked as e:
        raise UpgradeError(f"{e}: stop the server before upgrading its data directory (or let the new modelreg's "
                           "`serve` migrate it at start)", EXIT_IN_USE) from None
    except OSError as e:
        raise UpgradeError(f"cannot lock {data}: {(e.strerror or str(e)).lower()}", EXIT_STORAGE) from None


def _applied_sqlite(url: str, shown: str) -> set[int] | None:
    """The applied migrations of a SQLite file, read-only; None when there is no registry."""
    path = Path(url[len("sqlite:///"):])
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as e:
        raise UpgradeError(f"cannot open {shown}: {e}", EXIT_STORAGE) from None
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") \
                .fetchall():
            return None
        return {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}
    except sqlite3.Error as e:
        raise UpgradeError(f"cannot read {shown}: {e}", EXIT_STORAGE) from None
    finally:
        conn.close()


def _applied_postgresql(url: str, shown: str) -> set[int] | None:
    import psycopg
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
            if conn.execute("SELECT to_regclass('schema_migrations')").fetchone()[0] is None:
                return None
            return {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}
    except psycopg.Error as e:
        reason = "; ".join(line.strip() for line in str(e).strip().splitlines() if line.strip())
        raise UpgradeError(f"cannot read {shown}: {reason or type(e).__name__}", EXIT_STORAGE) from None


def _shown(url: str) -> str:
    try:
        if database_kind(url) == "postgresql":
            from .pg_store import redacted
            return redacted(url)
    except BadDatabaseURL:
        pass
    return url
