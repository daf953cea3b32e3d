"""`modelreg backup` and `modelreg restore-backup`: a consistent online copy of an embedded registry
(DATA/registry.db and the file chunk store DATA/blobs), and putting one back; docs/backup.md.

A backup is a directory:

    DEST/manifest.json     what the backup holds (FORMAT_VERSION, schema version, time, counts, the
                           sha256 of registry.db); written last, so a backup without it is unfinished
    DEST/registry.db       the metadata, one SQLite file
    DEST/blobs/            a file chunk store (blobs.py layout) holding every chunk registry.db
                           references, and the others the data directory held

Why this order, while a server may push and collect garbage beside it:
1. hold: in one transaction of the live database, every chunk a version references is leased
   (chunk_leases, the leases gc respects for pushes in flight, maintenance.py) until HOLD_TIME from
   now. From its commit on, no gc can claim those chunks, whatever happens to their versions;
2. snapshot: sqlite3's online backup API copies registry.db as of one commit; the server keeps
   writing meanwhile (WAL). Versions committed between 1 and 2 had their chunks leased by their
   own push, so they are held as well: the snapshot's references are leased again right after it;
3. chunks: every stored chunk is read, verified against its digest and written into DEST/blobs
   (write-once files: a chunk never changes, so copying them after the snapshot is consistent).
   A push in flight after the snapshot may add chunks the backup does or does not get; no version
   in the snapshot needs them;
4. verify: every chunk the snapshot references must be in DEST/blobs, verified; those that the
   data directory does not hold intact (missing or corrupt there already: `modelreg fsck`) are
   listed in the manifest and the backup ends with EXIT_DAMAGED;
5. release: the hold's leases are cut back to CHUNK_LEASE from now (never shorter than a push's
   own lease could be), then the manifest is written.
A backup that is killed leaves its leases until HOLD_TIME passes (gc then forgets them) and a DEST
without manifest.json, which restore refuses.

Restore checks everything before anything is visible: the manifest, registry.db against its sha256
and SQLite's integrity check, every chunk against its digest, every chunk the metadata references
present. It assembles the data directory beside the target and renames it into place (an empty
target directory is replaced), so a restore that fails or is killed leaves the target as it was.
"""

import hashlib
import json
import os
import shutil
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import schema
from .blobs import LAYOUT_VERSION, FileChunkStore
from .chunkstore import ChunkMissing, CorruptStoredChunk, LayoutError, check, decode
from .domain import now_micros
from .errors import RegistryError
from .sqlite_store import SqliteConnection
from .store import Writer
from .transfers import CHUNK_LEASE, GC_CLAIM_TIMEOUT

FORMAT = "modelreg-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
HOLD_TIME = 24 * 3600.0  # seconds the backup's leases last if it dies before releasing them
BATCH_BYTES = 64 * 1024 * 1024  # chunk bytes written before one sync makes them durable
LEASE_BATCH = 500
BUSY_TIMEOUT = 30.0

EXIT_REFUSED = 1  # DEST or the target is not empty; the source is no registry; SRC is no backup
EXIT_STORAGE = 3  # something cannot be read or written (permissions, no space, a locked database)
EXIT_DAMAGED = 5  # backup: chunks versions reference are missing or corrupt in the data directory;
#                   restore: the backup is corrupt or incomplete (nothing restored)


class BackupError(Exception):
    """Why a backup or restore did not happen, in one line, and its exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class Summary:
    """What a backup holds (its manifest) or a restore put back (`--json`)."""
    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    schema_version: int = 0
    created: str = ""            # ISO 8601 UTC, when the snapshot was taken
    source: str = ""
    models: int = 0
    versions: int = 0
    event_head: int = 0
    chunks: int = 0              # chunk files in the backup
    chunk_bytes: int = 0         # their size as stored
    chunks_referenced: int = 0   # distinct chunks the snapshot's versions reference (all in the backup...
    chunks_unavailable: list = field(default_factory=list)  # ...but these: missing or corrupt in the source)
    registry_db_sha256: str = ""
    registry_db_bytes: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def backup(data: Path, dest: Path, *, on_progress=None) -> Summary:
    """Backs up the registry of data directory `data` into the new or empty directory `dest`
    (module docstring). on_progress(phase, done, total): "snapshot" once taken, then "copy" in
    chunk bytes. Raises BackupError; a summary with chunks_unavailable is a damaged source."""
    data, dest = Path(data), Path(dest)
    _check_source(data)
    _check_empty(dest, "DEST")
    try:
        live = sqlite3.connect(data / "registry.db", timeout=BUSY_TIMEOUT, isolation_level=None)
    except sqlite3.Error as e:
        raise BackupError(f"cannot open {data}/registry.db: {_reason(e)}", EXIT_STORAGE) from None
    try:
        summary = Summary(source=str(data.resolve()))
        summary.schema_version = _schema_version(live, f"{data}/registry.db")
        dest.mkdir(parents=True, exist_ok=True)
        hold = now_micros() + int(HOLD_TIME * 1e6)
        try:
            _lease(live, None, hold)
            snapshot = dest / "registry.db"
            _snapshot(live, snapshot, summary)
            referenced = _referenced_in(snapshot)
            _lease(live, sorted(referenced), hold)
            if on_progress:
                on_progress("snapshot", 1, 1)
            _copy_chunks(data / "blobs", dest / "blobs", referenced, summary, on_progress)
        finally:
            _release(live, hold)
    except (sqlite3.Error, OSError, RegistryError) as e:  # RegistryError: DATABASE_BUSY, STORAGE_FULL
        raise BackupError(f"the backup failed, {dest} is incomplete (no manifest): {_reason(e)}", EXIT_STORAGE) \
            from None
    finally:
        live.close()
    summary.registry_db_sha256, summary.registry_db_bytes = _sha256(dest / "registry.db")
    _write_manifest(dest, summary)
    return summary


def restore(src: Path, data: Path, *, check_only: bool = False, on_progress=None) -> Summary:
    """Restores backup `src` into the new or empty data directory `data` (module docstring);
    with check_only, verifies the backup and writes nothing. Raises BackupError."""
    src, data = Path(src), Path(data)
    manifest = _read_manifest(src)
    if not check_only:
        _check_empty(data, "--data")
    if not check_only:
        staging = data.parent / f".{data.name}.restoring-{os.getpid()}"
        try:
            data.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir()
        except OSError as e:
            raise BackupError(f"cannot restore into {data}: {_reason(e)}", EXIT_STORAGE) from None
    else:
        staging = None
    try:
        summary = _verify_and_copy(src, staging, manifest, on_progress)
        if staging is not None:
            _into_place(staging, data)
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary


# The backup's steps

def _check_source(data: Path) -> None:
    if not (data / "registry.db").is_file():
        raise BackupError(f"--data {data} holds no registry (no registry.db)", EXIT_REFUSED)
    layout = data / "blobs" / "layout"
    try:
        version = json.loads(layout.read_text()).get("version")
    except FileNotFoundError:
        raise BackupError(f"--data {data} has no file chunk store (no blobs/layout): a registry whose chunks are "
                          "in S3 is backed up with pg_dump/its bucket (docs/backup.md)", EXIT_REFUSED) from None
    except (OSError, ValueError, AttributeError) as e:
        raise BackupError(f"cannot read {layout}: {_reason(e)}", EXIT_STORAGE) from None
    if version != LAYOUT_VERSION:
        raise BackupError(f"{data}/blobs has chunk store layout {version}; start the server once to move it to "
                          f"layout {LAYOUT_VERSION}, then back it up", EXIT_REFUSED)


def _check_empty(path: Path, flag: str) -> None:
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise BackupError(f"{flag} {path} is not empty; give a new or empty directory", EXIT_REFUSED)


def _schema_version(conn: sqlite3.Connection, where: str) -> int:
    """The schema's version; refuses one this modelreg does not know, or one without chunk leases."""
    try:
        version = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]
    except sqlite3.OperationalError:
        raise BackupError(f"{where} is not a modelreg registry (no schema_migrations)", EXIT_REFUSED) from None
    if version > schema.LATEST:
        raise BackupError(f"{where}: the schema is version {version}, newer than this modelreg knows "
                          f"({schema.LATEST}); back it up with the modelreg that serves it", EXIT_REFUSED)
    if version < 9:  # chunk_leases (schema.py)
        raise BackupError(f"{where}: the schema is version {version}; start the server of this modelreg on it "
                          "once (it migrates it), then back it up", EXIT_REFUSED)
    return version


def _referenced_in(snapshot: Path) -> set[str]:
    conn = sqlite3.connect(snapshot)
    try:
        return {r[0] for r in conn.execute("SELECT DISTINCT digest FROM version_chunks")}
    finally:
        conn.close()


def _lease(conn: sqlite3.Connection, digests: list[str] | None, hold: int) -> None:
    """Leases the digests (None: every chunk a version references, read in the same transaction)
    until `hold` in one transaction of the live database, as a push does (Writer.lease_chunks):
    from its commit on gc spares them."""
    claims_after = now_micros() - int(GC_CLAIM_TIMEOUT * 1e6)
    conn.execute("BEGIN IMMEDIATE")
    try:
        if digests is None:
            digests = [r[0] for r in conn.execute("SELECT DISTINCT digest FROM version_chunks ORDER BY digest")]
        tx = Writer(SqliteConnection(conn))
        for i in range(0, len(digests), LEASE_BATCH):
            tx.lease_chunks(digests[i:i + LEASE_BATCH], expire_time=hold, claims_after=claims_after)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise


def _release(conn: sqlite3.Connection, hold: int) -> None:
    """Cuts the hold's leases (those still ending exactly at `hold`) back to CHUNK_LEASE from now:
    a push's lease that the hold outlasted ended no later than that."""
    until = min(hold, now_micros() + int(CHUNK_LEASE * 1e6))
    try:
        conn.execute("UPDATE chunk_leases SET expire_time = ? WHERE expire_time = ?", [until, hold])
    except sqlite3.Error:
        pass  # the leases then last until `hold`: gc keeps a little more for a day


def _snapshot(live: sqlite3.Connection, target: Path, summary: Summary) -> None:
    """registry.db as of one commit, into one file; the live server's leases and dispatcher
    ownerships are dropped from the copy (a restored registry has no push in flight)."""
    copy = sqlite3.connect(target, isolation_level=None)
    try:
        live.backup(copy)
        summary.created = datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
        copy.execute("PRAGMA journal_mode = DELETE")
        copy.execute("DELETE FROM chunk_leases")
        copy.execute("UPDATE webhooks SET lease_owner = '', lease_until = 0")
        if copy.execute("SELECT 1 FROM sqlite_master WHERE name = 'monitor_lease'").fetchall():
            copy.execute("UPDATE monitor_lease SET owner = '', lease_until = 0")
        summary.models = copy.execute("SELECT count(*) FROM models").fetchone()[0]
        summary.versions = copy.execute("SELECT count(*) FROM versions").fetchone()[0]
        summary.event_head = copy.execute(
            "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'events'").fetchone()[0]
    finally:
        copy.close()


def _copy_chunks(source_root: Path, target_root: Path, referenced: set[str], summary: Summary, on_progress) -> None:
    """Every stored chunk (verified), then any referenced one the listing missed; then checks that
    every referenced chunk is in the backup."""
    source, target = FileChunkStore(source_root), FileChunkStore(target_root)
    listed = list(source.digests())
    total, done = sum(size for _, size, _ in listed), 0
    copied: set[str] = set()
    staged, staged_bytes = [], 0
    if on_progress:
        on_progress("copy", 0, total)
    for digest in [d for d, _, _ in listed] + sorted(referenced - {d for d, _, _ in listed}):
        try:
            data = source.path(digest).read_bytes()
            chunk = check(decode(digest, data))
        except FileNotFoundError:
            continue  # removed by gc since the listing (so referenced by no snapshot version) or never there
        except CorruptStoredChunk:
            continue  # not copied: if a version references it, it is listed as unavailable below
        staged.append(target.stage(digest, chunk.codec, chunk.raw_size, chunk.payload))
        copied.add(digest)
        staged_bytes += len(data)
        summary.chunk_bytes += len(data)
        if staged_bytes >= BATCH_BYTES:
            target.commit([s for s in staged if s])
            staged, staged_bytes = [], 0
        done += len(data)
        if on_progress:
            on_progress("copy", min(done, total), total)
    target.commit([s for s in staged if s])
    summary.chunks = len(copied)
    summary.chunks_referenced = len(referenced)
    summary.chunks_unavailable = sorted(d for d in referenced if d not in copied or not target.path(d).is_file())


def _write_manifest(dest: Path, summary: Summary) -> None:
    tmp = dest / f".{MANIFEST}.tmp"
    with open(tmp, "w") as f:
        json.dump(summary.as_dict(), f, indent=2, sort_keys=True)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, dest / MANIFEST)
    _fsync_dir(dest)


# The restore's steps

def _read_manifest(src: Path) -> dict:
    path = src / MANIFEST
    if not src.is_dir():
        raise BackupError(f"{src} is not a directory: give the directory `modelreg backup` wrote", EXIT_REFUSED)
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError:
        raise BackupError(f"{src} has no {MANIFEST}: not a modelreg backup, or one that did not finish",
                          EXIT_REFUSED) from None
    except (OSError, ValueError) as e:
        raise BackupError(f"cannot read {path}: {_reason(e)}", EXIT_DAMAGED) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a modelreg backup manifest", EXIT_REFUSED)
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(f"{path}: backup format {version!r}, this modelreg reads format {FORMAT_VERSION} and "
                          "older; restore it with the modelreg that wrote it", EXIT_REFUSED)
    return manifest


def _verify_and_copy(src: Path, staging: Path | None, manifest: dict, on_progress) -> Summary:
    db = src / "registry.db"
    digest, size = _sha256(db) if db.is_file() else ("", 0)
    if not digest:
        raise BackupError(f"the backup is incomplete: {db} is missing; nothing restored", EXIT_DAMAGED)
    if (digest, size) != (manifest.get("registry_db_sha256"), manifest.get("registry_db_bytes")):
        raise BackupError(f"the backup is damaged: {db} ({size} bytes) does not match its manifest "
                          f"({manifest.get('registry_db_bytes')} bytes, sha256 {manifest.get('registry_db_sha256')}): "
                          "truncated or altered; nothing restored", EXIT_DAMAGED)
    referenced, version = _check_database(db)
    if version > schema.LATEST:
        raise BackupError(f"the backup's schema is version {version}, newer than this modelreg knows "
                          f"({schema.LATEST}); restore it with a modelreg that knows it", EXIT_REFUSED)
    try:
        store = FileChunkStore(src / "blobs") if (src / "blobs" / "layout").is_file() else None
    except (LayoutError, OSError, ValueError) as e:
        raise BackupError(f"the backup is damaged: cannot read {src}/blobs: {_reason(e)}", EXIT_DAMAGED) from None
    if store is None:
        raise BackupError(f"the backup is incomplete: {src}/blobs/layout is missing; nothing restored", EXIT_DAMAGED)
    target = FileChunkStore(staging / "blobs") if staging is not None else None
    listed = list(store.digests())
    total, done = sum(s for _, s, _ in listed), 0
    corrupt, present = [], set()
    staged, staged_bytes = [], 0
    if on_progress:
        on_progress("verify", 0, total)
    for name, file_size, _ in listed:
        try:
            chunk = store.verify(name)
        except (ChunkMissing, CorruptStoredChunk):
            corrupt.append(name)
            continue
        present.add(name)
        if target is not None:
            staged.append(target.stage(name, chunk.codec, chunk.raw_size, chunk.payload))
            staged_bytes += file_size
            if staged_bytes >= BATCH_BYTES:
                target.commit([s for s in staged if s])
                staged, staged_bytes = [], 0
        done += file_size
        if on_progress:
            on_progress("verify", done, total)
    unavailable = set(manifest.get("chunks_unavailable") or [])
    missing = sorted(referenced - present - set(corrupt) - unavailable)
    if corrupt or missing:
        parts = []
        if corrupt:
            parts.append(f"{len(corrupt)} chunk(s) corrupt (first {sorted(corrupt)[0]})")
        if missing:
            parts.append(f"{len(missing)} chunk(s) that versions reference missing (first {missing[0]})")
        raise BackupError(f"the backup is damaged: {'; '.join(parts)}; nothing restored", EXIT_DAMAGED)
    if len(present) < manifest.get("chunks", 0):
        raise BackupError(f"the backup is incomplete: its manifest lists {manifest['chunks']} chunks, "
                          f"{len(present)} are there; nothing restored", EXIT_DAMAGED)
    if target is not None:
        target.commit([s for s in staged if s])
        shutil.copyfile(db, staging / "registry.db")
        _fsync_file(staging / "registry.db")
    summary = Summary(**{k: manifest[k] for k in Summary.__dataclass_fields__ if k in manifest})
    summary.chunks, summary.chunk_bytes, summary.chunks_referenced = len(present), total, len(referenced)
    return summary


def _check_database(db: Path) -> tuple[set[str], int]:
    """(referenced digests, schema version) of the backup's registry.db, after SQLite's own check."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupError(f"the backup is damaged: {db} fails SQLite's integrity check ({problems[0]}); "
                                  "nothing restored", EXIT_DAMAGED)
            version = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]
            return {r[0] for r in conn.execute("SELECT DISTINCT digest FROM version_chunks")}, version
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise BackupError(f"the backup is damaged: cannot read {db}: {e}; nothing restored", EXIT_DAMAGED) from None


def _into_place(staging: Path, data: Path) -> None:
    """One rename makes the restored directory appear whole (replacing an empty target)."""
    for path in (staging / "blobs", staging):
        _fsync_dir(path)
    try:
        os.replace(staging, data)
    except OSError as e:
        raise BackupError(f"cannot move the restored registry into {data}: {_reason(e)}", EXIT_STORAGE) from None
    _fsync_dir(data.parent)


def _sha256(path: Path) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    _fsync_file(path)


def _reason(e: Exception) -> str:
    if isinstance(e, RegistryError):
        return e.message
    if isinstance(e, OSError) and e.strerror:
        return f"{e.filename}: {e.strerror.lower()}" if e.filename else e.strerror.lower()
    return str(e)
