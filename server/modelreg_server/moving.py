"""`modelreg migrate`: copies a whole registry from one metadata database and chunk store to
another, e.g. from the embedded SQLite + files of one machine into PostgreSQL + S3 for replicas.

What is copied: every row of every table of schema.py (models, versions, files, chunk lists,
aliases, lineage, events, principals, hashed tokens, role bindings, protected aliases, refused
calls, webhooks with their cursors, deliveries and attempts), ids and sequence numbers unchanged,
so names, cursors, webhook-ids and tokens keep working; the event log's head and compaction point;
and every chunk of the source chunk store. Not copied: schema_migrations (each database is
migrated by open_metadata to the latest schema first) and the backends' own counters, which are
set instead: on PostgreSQL every identity sequence is moved past the copied ids and the event
sequencer to the source's head; on SQLite sqlite_sequence. The head is the highest sequence ever
assigned (which survives compaction), so the next event on the target follows the source's last.

Order, so that a crash at any point can simply be run again:
1. the target database must hold no registry (refused otherwise, before anything is written);
2. chunks: each one absent from the target is read from the source, verified against its digest
   and put (put-if-absent), a few at a time (bounded threads, whole chunks of at most 16 MiB:
   memory stays flat whatever the size). Chunks already in the target are skipped;
3. metadata: read in one snapshot of the source and written in ONE transaction of the target:
   all of it or none of it. Before it, the chunks the snapshot's versions reference are checked
   in the target once more (and copied if the source gained them meanwhile).
A registry that is still being served may change under a migration: `--from-data` holds the data
directory (datadir.lock) for the whole run, so no server can start on it meanwhile.
"""

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import datadir
from .chunkstore import BadChunkStoreURL, ChunkMissing, CorruptStoredChunk, LayoutError, open_chunk_store
from .errors import RegistryError
from .metadata import BadDatabaseURL, database_kind, open_metadata

# Every table of schema.py that holds the registry, in an order that satisfies the foreign keys,
# with the columns of its primary key (the copy pages through each table in key order).
TABLES = [
    ("models", ("id",)),
    ("versions", ("id",)),
    ("files", ("version_id", "position")),
    ("version_chunks", ("version_id", "position")),
    ("aliases", ("model_id", "alias")),
    ("lineage", ("id",)),
    ("events", ("sequence",)),
    ("principals", ("id",)),
    ("tokens", ("id",)),
    ("role_bindings", ("id",)),
    ("protected_aliases", ("id",)),
    ("denied_calls", ("id",)),
    ("webhooks", ("id",)),
    ("webhook_deliveries", ("id",)),
    ("webhook_attempts", ("id",)),
    ("model_tags", ("model_id", "key")),
    ("version_tags", ("version_id", "key")),
    ("version_metrics", ("version_id", "key")),
    ("version_params", ("version_id", "key")),
    ("metric_series", ("id",)),
    ("metric_buckets_1m", ("series_id", "bucket_start")),
    ("metric_buckets_1h", ("series_id", "bucket_start")),
    ("monitors", ("id",)),
    ("monitor_transitions", ("id",)),
]
# Tables not copied row by row: the event log's state is carried over by value (compacted_through,
# the head), schema_migrations belongs to each database, and chunk_leases protect pushes in flight
# on the source, which has none once it is stopped (the target's gc keeps what versions reference).
# web_sessions (dashboard sessions, sign-in links) are not moved: people sign in again on the target.
# metric_points (raw production points, kept 48 h by default) are not moved either: their 1-minute
# and 1-hour buckets are, and carry every aggregation the queries answer.
# monitor_lease: which replica evaluates monitors; a stopped source holds none.
# chunk_compaction: raw chunks waiting to be compressed at rest; not moved, they stay valid raw.
STATE_TABLES = ("event_log", "event_sequencer", "schema_migrations", "chunk_leases", "web_sessions", "metric_points",
                "monitor_lease", "chunk_compaction")
# Generated integer keys: on the target their counters must pass the copied values.
GENERATED = [(t, key[0]) for t, key in TABLES if key in (("id",), ("sequence",)) and t != "tokens"]
PAGE = 1000
CHUNK_BATCH = 256

# Exit codes of `modelreg migrate` (listed in `modelreg migrate --help`).
EXIT_REFUSED = 1   # the target holds a registry already, source and target are one, the source does not exist
EXIT_STORAGE = 3   # a database or chunk store cannot be opened or fails while copying
EXIT_IN_USE = 4    # a server holds the --from-data directory
EXIT_DAMAGED = 5   # copied, but chunks versions reference were missing or corrupt in the source


class MigrationError(Exception):
    """Why a migration did not happen (or did not finish), in one line, and its exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class Summary:
    """What a migration did, for `--json`."""
    source_db: str = ""
    source_blobs: str = ""
    target_db: str = ""
    target_blobs: str = ""
    rows: dict = field(default_factory=dict)  # table -> rows copied
    event_head: int = 0          # the highest event sequence; the target's next event follows it
    compacted_through: int = 0   # events up to this were compacted away in the source (and stay so)
    chunks: int = 0              # chunks listed in the source
    chunks_copied: int = 0
    chunks_present: int = 0      # already in the target (an earlier, interrupted run): skipped
    bytes_copied: int = 0
    chunks_unreadable: list = field(default_factory=list)  # corrupt or vanished in the source: not copied
    chunks_unavailable: list = field(default_factory=list)  # referenced by versions, in neither store intact

    def as_dict(self) -> dict:
        return asdict(self)


def migrate(*, from_db: str | None = None, from_blobs: str | None = None, from_data: Path | None = None,
            to_db: str, to_blobs: str, threads: int = 8, on_progress=None) -> Summary:
    """Copies the registry (module docstring). from_data is DATA for DATA/registry.db and
    DATA/blobs (from_db / from_blobs override either) and is held meanwhile. on_progress(phase,
    done, total) reports the bytes of chunks: phase "copy". Raises MigrationError."""
    held = None
    if from_data is not None:
        held = _hold(Path(from_data))
        from_db = from_db or f"sqlite:///{Path(from_data).resolve() / 'registry.db'}"
        from_blobs = from_blobs or str(Path(from_data).resolve() / "blobs")
    try:
        if not from_db or not from_blobs:
            raise MigrationError("give the source: --from-data DATA, or --from-db and --from-blobs", EXIT_REFUSED)
        return _migrate(from_db, from_blobs, to_db, to_blobs, threads=threads, on_progress=on_progress)
    finally:
        if held:
            held.release()


def _hold(data: Path) -> datadir.Lock:
    if not (data / "registry.db").is_file():
        raise MigrationError(f"--from-data {data} holds no registry (no registry.db)", EXIT_REFUSED)
    try:
        return datadir.lock(data)
    except datadir.Locked as e:
        raise MigrationError(f"{e}: stop the server before migrating its data directory", EXIT_IN_USE) from None
    except OSError as e:
        raise MigrationError(f"cannot lock {data}: {(e.strerror or str(e)).lower()}", EXIT_STORAGE) from None


def _migrate(from_db, from_blobs, to_db, to_blobs, *, threads, on_progress) -> Summary:
    _check_urls(from_db, from_blobs, to_db, to_blobs)
    summary = Summary(source_db=_shown(from_db), source_blobs=from_blobs, target_db=_shown(to_db),
                      target_blobs=to_blobs)
    opened = []
    try:
        # The chunk stores first: their URLs are checked on opening, before a database file is made.
        source_chunks = _open_chunks("--from-blobs", from_blobs, opened)
        target_chunks = _open_chunks("--to-blobs", to_blobs, opened)
        source_meta, source_events = _open_db("--from-db", from_db, opened)
        target_meta, target_events = _open_db("--to-db", to_db, opened)
        _refuse_occupied(target_meta.read_here(lambda db: _occupied(db, target_events)), to_db)
        copier = _ChunkCopier(source_chunks, target_chunks, summary)
        with ThreadPoolExecutor(threads, thread_name_prefix="modelreg-migrate") as pool:
            copier.copy_all(pool, on_progress)

            def copy_metadata(src):
                copier.ensure_referenced(pool, src)
                target_meta.transact_here(lambda tx: _copy_rows(src, source_events, tx, target_events, summary))
            source_meta.read_here(copy_metadata)
    except RegistryError as e:
        raise MigrationError(e.message, EXIT_STORAGE) from None
    except _storage_errors() as e:
        raise MigrationError(f"storage failed while migrating, the target database is unchanged (run it "
                             f"again): {_first_line(e)}", EXIT_STORAGE) from None
    finally:
        for thing in reversed(opened):
            close = getattr(thing, "close", None)
            if close:
                close()
    return summary


def _storage_errors() -> tuple:
    """What the databases and stores raise that is not a domain error: a failed statement, a lost
    connection, a full disk."""
    errors = [OSError, sqlite3.Error]
    try:
        import psycopg
        errors.append(psycopg.Error)
    except ImportError:
        pass
    return tuple(errors)


def _first_line(e: Exception) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


def _check_urls(from_db, from_blobs, to_db, to_blobs) -> None:
    for flag, url in (("--from-db", from_db), ("--to-db", to_db)):
        try:
            database_kind(url)
        except BadDatabaseURL as e:
            raise MigrationError(f"{flag} {e}", EXIT_STORAGE) from None
    if _same_db(from_db, to_db):
        raise MigrationError(f"--from-db and --to-db name the same database ({_shown(to_db)})", EXIT_REFUSED)
    if database_kind(from_db) == "sqlite" and not Path(_sqlite_path(from_db)).is_file():
        raise MigrationError(f"--from-db {from_db}: no such database file", EXIT_REFUSED)
    parts = urlsplit(from_blobs)
    if parts.scheme in ("", "file") and not Path(unquote(parts.path if parts.scheme else from_blobs)).is_dir():
        raise MigrationError(f"--from-blobs {from_blobs}: no such directory", EXIT_REFUSED)


def _sqlite_path(url: str) -> str:
    return url[len("sqlite:///"):]


def _same_db(a: str, b: str) -> bool:
    if database_kind(a) == database_kind(b) == "sqlite":
        return Path(_sqlite_path(a)).resolve() == Path(_sqlite_path(b)).resolve()
    return a == b


def _shown(url: str) -> str:
    try:
        if database_kind(url) == "postgresql":
            from .pg_store import redacted
            return redacted(url)
    except BadDatabaseURL:
        pass
    return url


def _open_db(flag: str, url: str, opened: list):
    try:
        metadata, events = open_metadata(url)
    except RegistryError as e:
        raise MigrationError(f"cannot open {flag} {_shown(url)}: {e.message}", EXIT_STORAGE) from None
    except (OSError, sqlite3.Error) as e:
        raise MigrationError(f"cannot open {flag} {_shown(url)}: {e}", EXIT_STORAGE) from None
    opened.append(metadata)
    return metadata, events


def _open_chunks(flag: str, url: str, opened: list):
    try:
        store = open_chunk_store(url)
    except BadChunkStoreURL as e:
        raise MigrationError(f"{flag} {e}", EXIT_STORAGE) from None
    except LayoutError as e:
        raise MigrationError(f"cannot open {flag} {url}: {e}", EXIT_STORAGE) from None
    except OSError as e:
        raise MigrationError(f"cannot open {flag} {url}: {(e.strerror or str(e)).lower()}", EXIT_STORAGE) from None
    opened.append(store)
    return store


def _occupied(db, events) -> list[str]:
    """The tables of the target that hold rows (and "events" if its log ever had one)."""
    found = [t for t, _ in TABLES if db.db.rows(f"SELECT 1 AS x FROM {t} LIMIT 1")]
    if "events" not in found and events.bounds(db)[1] > 0:
        found.append("events")
    return found


def _refuse_occupied(tables: list[str], url: str) -> None:
    if tables:
        raise MigrationError(f"--to-db {_shown(url)} already holds a registry ({', '.join(tables)} not empty); "
                             "migrate into an empty database", EXIT_REFUSED)


class _ChunkCopier:
    """Copies chunks absent from the target, verified, on the caller's bounded pool."""

    def __init__(self, source, target, summary: Summary):
        self.source, self.target, self.summary = source, target, summary

    def copy_all(self, pool: ThreadPoolExecutor, on_progress) -> None:
        """Every chunk of the source: one pass to count (for the progress bar), one to copy."""
        total = count = 0
        for _, size, _ in self.source.digests():
            total += size
            count += 1
        self.summary.chunks = count
        done = 0
        if on_progress:
            on_progress("copy", 0, total)
        batch: list[tuple[str, int]] = []
        for digest, size, _ in self.source.digests():
            batch.append((digest, size))
            if len(batch) == CHUNK_BATCH:
                done = self._copy_batch(pool, batch, done, total, on_progress)
                batch = []
        if batch:
            self._copy_batch(pool, batch, done, total, on_progress)

    def _copy_batch(self, pool, batch, done, total, on_progress) -> int:
        absent = set(self.target.missing([d for d, _ in batch]))
        for digest, size in batch:
            if digest not in absent:
                self.summary.chunks_present += 1
                done += size
        for (digest, size), copied in zip([b for b in batch if b[0] in absent],
                                          pool.map(self._copy_one, [d for d, _ in batch if d in absent])):
            done += size
            if copied:
                self.summary.chunks_copied += 1
                self.summary.bytes_copied += size
            else:
                self.summary.chunks_unreadable.append(digest)
            if on_progress:
                on_progress("copy", done, total)
        return done

    def _copy_one(self, digest: str) -> bool:
        """Reads, verifies and puts one chunk; False if the source's copy is corrupt or gone."""
        try:
            chunk = self.source.verify(digest)
        except (ChunkMissing, CorruptStoredChunk):
            return False
        self.target.put(digest, chunk.codec, chunk.raw_size, chunk.payload)
        return True

    def ensure_referenced(self, pool: ThreadPoolExecutor, src) -> None:
        """Every chunk the snapshot's versions reference is in the target, or listed as unavailable."""
        after = ""
        while True:
            digests = [r["digest"] for r in src.db.rows(
                "SELECT DISTINCT digest FROM version_chunks WHERE digest > ? ORDER BY digest LIMIT ?", [after, PAGE])]
            if not digests:
                return
            absent = self.target.missing(digests)
            for digest, copied in zip(absent, pool.map(self._copy_one, absent)):
                if copied:
                    self.summary.chunks_copied += 1
                else:
                    self.summary.chunks_unavailable.append(digest)
            after = digests[-1]


def _copy_rows(src, source_events, tx, target_events, summary: Summary) -> None:
    """One transaction of the target: every row, then the counters. May run again (a conflict on
    PostgreSQL): it only reads src, a fixed snapshot, and writes through tx."""
    _refuse_occupied(_occupied(tx, target_events), summary.target_db)
    summary.rows = {}
    for table, key in TABLES:
        summary.rows[table] = _copy_table(src, tx, table, key)
    tx.db.run("UPDATE webhooks SET lease_owner = '', lease_until = 0")  # the source's dispatcher is gone
    compacted, head = source_events.bounds(src)
    summary.compacted_through, summary.event_head = compacted, head
    tx.db.run("UPDATE event_log SET compacted_through = ?", [compacted])
    counters = {(t, c): src.db.rows(f"SELECT coalesce(max({c}), 0) AS m FROM {t}")[0]["m"] for t, c in GENERATED}
    counters[("events", "sequence")] = max(head, counters[("events", "sequence")])
    if tx.d.name == "postgresql":
        tx.db.run("UPDATE event_sequencer SET last = ?", [head])
        for (table, column), value in counters.items():
            # setval(seq, 1, false): the next value is 1; setval(seq, n): the next is n + 1.
            tx.db.rows("SELECT setval(pg_get_serial_sequence(?, ?), ?, ?) AS v",
                       [table, column, max(value, 1), value > 0])
    else:
        for (table, _), value in counters.items():
            if value and _autoincrement(tx, table):
                # Explicit ids already raised it to the highest copied one; the event head may be
                # higher still (the newest events were compacted away).
                if tx.db.rows("SELECT 1 AS x FROM sqlite_sequence WHERE name = ?", [table]):
                    tx.db.run("UPDATE sqlite_sequence SET seq = ? WHERE name = ? AND seq < ?", [value, table, value])
                else:
                    tx.db.run("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", [table, value])


def _autoincrement(tx, table: str) -> bool:
    """Whether a SQLite table keeps its high-water mark in sqlite_sequence (AUTOINCREMENT)."""
    sql = tx.db.rows("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table])[0]["sql"]
    return "AUTOINCREMENT" in sql.upper()


def _copy_table(src, tx, table: str, key: tuple) -> int:
    """Copies a table page by page in key order (keyset paging: each page one indexed range)."""
    keys = ", ".join(key)
    copied, after = 0, None
    while True:
        sql, params = f"SELECT * FROM {table}", []
        if after is not None:
            sql += f" WHERE ({keys}) > ({', '.join('?' * len(key))})"
            params = list(after)
        rows = src.db.rows(sql + f" ORDER BY {keys} LIMIT ?", params + [PAGE])
        if not rows:
            return copied
        columns = list(rows[0])
        names = ", ".join('"' + c + '"' for c in columns)  # quoted: version_chunks has an "offset"
        tx.db.run_many(f"INSERT INTO {table} ({names}) "
                       f"VALUES ({', '.join('?' * len(columns))})", [[r[c] for c in columns] for r in rows])
        copied += len(rows)
        after = [rows[-1][k] for k in key]
