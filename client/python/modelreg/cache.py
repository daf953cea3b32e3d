"""The shared local cache of versions (docs/cache.md), like huggingface_hub's: each distinct file
is stored once across versions and models, and a snapshot of a version is a read-only tree of
links into that store, so N versions cost the space of their distinct content.

    CACHE/files/<aa>/<key>       each distinct file once, read-only; key: its tree digest (format 2),
                                 `sha256-<hex>` (format 1), `.x` appended when executable
    CACHE/partial/<key>          a file being filled: a prefix of verified chunks (resumable)
    CACHE/snapshots/<model>/<hex of the version digest>/   the version's tree: hard links into
                                 files/ (symlinks where hard links fail), directories read-only
    CACHE/staging/<model>-<hex>/ a snapshot being linked (renamed into snapshots/ when complete)
    CACHE/refs/<model>/<alias>   JSON: the version an alias last resolved to (MODELREG_OFFLINE=1)
    CACHE/locks/                 flock files: one per file and per snapshot
    CACHE/index.sqlite           chunk digest -> (file, offset), and when each snapshot was used
    CACHE/scans.sqlite           push's scan cache (scancache.py)

CACHE is $MODELREG_CACHE, else $XDG_CACHE_HOME/modelreg, else ~/.cache/modelreg. A file is filled
from chunks the cache already holds (any file of any model, found through the chunk index and
checked against the chunk's digest) and, for the rest, ranges of DownloadVersion; every byte is
checked against the manifest, itself checked against the version digest before anything is
written (transfer.check_manifest). The files and the snapshot are renamed into place complete.
"""

import errno
import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import IntegrityError, InvalidArgument, NotFound
from .manifest import tree_digest
from .scancache import default_root
from .staging import fsync_dir
from .transfer import _check_paths, check_manifest
from .v1 import resources_pb2 as r

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; concurrent fills of one entry are on the caller
    fcntl = None

# fetch(version name, start, end) yields the raw bytes (each verified against its own digest) and
# the offset of every chunk of the version's concatenated content from start up to end.
Fetch = Callable[[str, int, int], Iterator[tuple[int, str, bytes]]]
Progress = Callable[[str, int, int], None]
OFFLINE_VALUES = ("1", "true", "yes", "on")
VERSION_TAIL = re.compile(r"v?0*([1-9][0-9]{0,17})")
HEX_PREFIX = re.compile(r"(?:sha256:)?([0-9a-f]{6,64})")
SIZE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kmgt]?i?b?)?\s*", re.I)
UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9, "t": 10**12,
         "tb": 10**12, "ki": 2**10, "kib": 2**10, "mi": 2**20, "mib": 2**20, "gi": 2**30, "gib": 2**30,
         "ti": 2**40, "tib": 2**40}


def offline() -> bool:
    """MODELREG_OFFLINE=1: serve snapshots from the cache without any network."""
    return os.environ.get("MODELREG_OFFLINE", "").strip().lower() in OFFLINE_VALUES


def parse_size(text: str) -> int:
    """`10GB`, `512MiB`, `1.5g`, `0`: bytes (decimal units, and binary with an i). InvalidArgument
    INVALID_SIZE otherwise."""
    match = SIZE.fullmatch(str(text))
    unit = (match.group(2) or "").lower() if match else None
    if not match or unit not in UNITS:
        raise InvalidArgument(f"invalid size {text!r}: use a number of bytes with an optional unit, e.g. 500MB, "
                              "10GB, 2GiB", reason="INVALID_SIZE")
    return int(float(match.group(1)) * UNITS[unit])


@dataclass(frozen=True)
class Snapshot:
    """A version's snapshot in the cache, and what making it cost."""
    path: Path
    model: str
    version: int
    digest: str
    size: int  # bytes of the version's files
    fetched_bytes: int = 0  # chunk bytes downloaded for it
    reused_bytes: int = 0  # bytes copied from chunks the cache held, or resumed from a partial file
    cached: bool = False  # the snapshot was complete already: nothing was written


@dataclass
class Entry:
    """A snapshot as `cache ls` shows it."""
    model: str
    digest: str
    version: int | None
    path: Path
    size: int
    unique_size: int  # bytes only this snapshot links: what removing it frees
    last_used: float
    aliases: list = field(default_factory=list)
    in_use: bool = False


def file_key(entry: r.FileEntry, by_tree: bool) -> str:
    """A file's name in files/: its identity as the version digest covers it, and whether it runs."""
    name = entry.tree_digest if by_tree else f"sha256-{entry.sha256}"
    return name + (".x" if entry.mode & 0o111 else "")


class Cache:
    """One cache directory; safe to share between threads' own instances and between processes."""

    def __init__(self, root: str | os.PathLike | None = None):
        self.root = Path(root) if root else default_root()
        for sub in ("files", "partial", "snapshots", "staging", "refs", "locks"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        self._db = None

    # Paths and locks

    def file_path(self, key: str) -> Path:
        return self.root / "files" / key[:2] / key

    def snapshot_path(self, model: str, digest: str) -> Path:
        return self.root / "snapshots" / model / digest.removeprefix("sha256:")

    @contextmanager
    def lock(self, name: str, *, shared: bool = False, wait: bool = True) -> Iterator[bool]:
        """flock on locks/<name>.lock; yields False (held by someone else) when not waiting."""
        path = self.root / "locks" / f"{name}.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            got = True
            if fcntl is not None:
                try:
                    fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB))
                except BlockingIOError:
                    got = False
            yield got
        finally:
            os.close(fd)

    @contextmanager
    def hold(self, path: Path) -> Iterator[Path]:
        """Marks a snapshot in use while the block runs: prune leaves it alone."""
        with self.lock(_snapshot_lock(path), shared=True):
            yield path

    # The index (a cache too: when it cannot be read, chunks are fetched instead)

    def _index(self) -> sqlite3.Connection | None:
        if self._db is None:
            try:
                db = sqlite3.connect(self.root / "index.sqlite", timeout=30, isolation_level=None)
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("CREATE TABLE IF NOT EXISTS chunks (digest TEXT PRIMARY KEY, file TEXT NOT NULL, "
                           "offset INTEGER NOT NULL, size INTEGER NOT NULL)")
                db.execute("CREATE INDEX IF NOT EXISTS chunks_file ON chunks (file)")
                db.execute("CREATE TABLE IF NOT EXISTS snapshots (model TEXT, digest TEXT, number INTEGER, "
                           "used REAL, PRIMARY KEY (model, digest))")
                self._db = db
            except sqlite3.Error:
                return None
        return self._db

    def _sql(self, sql: str, args: Iterable = (), many: bool = False) -> list:
        db = self._index()
        if db is None:
            return []
        try:
            if many:
                with db:
                    db.executemany(sql, args)
                return []
            return db.execute(sql, list(args)).fetchall()
        except sqlite3.Error:
            return []

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _local_chunk(self, digest: str, size: int) -> bytes | None:
        """A chunk's bytes from a cached file, checked against its digest; None if not here."""
        rows = self._sql("SELECT file, offset FROM chunks WHERE digest = ?", [digest])
        if not rows:
            return None
        key, offset = rows[0]
        try:
            with open(self.file_path(key), "rb") as f:
                raw = os.pread(f.fileno(), size, offset)
        except OSError:
            raw = b""
        if len(raw) == size and hashlib.sha256(raw).hexdigest() == digest:
            return raw
        self._sql("DELETE FROM chunks WHERE digest = ?", [digest])
        return None

    def _has_chunk(self, digest: str) -> bool:
        return bool(self._sql("SELECT 1 FROM chunks WHERE digest = ?", [digest]))

    # Snapshots

    def lookup(self, version: r.Version) -> Path | None:
        path = self.snapshot_path(version.model, version.digest)
        return path if path.is_dir() else None

    def record_ref(self, reference: str, version: r.Version) -> None:
        """Remembers what an alias (`m:production`, `m:latest`) resolved to, for offline use."""
        model, sep, tail = reference.partition(":")
        if not sep or "@" in reference or reference.startswith("models/") or VERSION_TAIL.fullmatch(tail):
            return
        path = self.root / "refs" / model / tail
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{tail}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"digest": version.digest, "version": version.number, "resolved": time.time()}))
        os.replace(tmp, path)

    def build(self, version: r.Version, fetch: Fetch, *, on_progress: Progress | None = None) -> Snapshot:
        """The version's snapshot, made from what the cache holds and ranges fetched for the rest.
        Another process making the same snapshot meanwhile is waited for; one killed half-way
        left its verified chunks, which this one continues from."""
        _check_paths([e.path for e in version.files])
        by_tree = check_manifest(version)
        model, total = version.model, sum(e.size for e in version.files)
        path = self.snapshot_path(model, version.digest)
        done = Snapshot(path, model, version.number, version.digest, total, cached=True)
        if path.is_dir():
            self.touch(version)
            return done
        counts = {"fetched": 0, "reused": 0, "done": 0}
        with self.lock(_snapshot_lock(path)):
            if path.is_dir():
                self.touch(version)
                return done
            staging = self.root / "staging" / f"{model}-{path.name}"
            _remove_tree(staging)
            staging.mkdir(parents=True)
            if on_progress:
                on_progress("download", 0, total)
            start = 0
            for entry in version.files:
                key = file_key(entry, by_tree)
                target = staging / entry.path
                target.parent.mkdir(parents=True, exist_ok=True)
                with self.lock(f"files/{key}"):
                    if not self.file_path(key).exists():
                        self._fill(key, entry, start, version.name, fetch, by_tree, counts, total, on_progress)
                    else:
                        counts["reused"] += entry.size
                        counts["done"] += entry.size
                        if on_progress:
                            on_progress("download", counts["done"], total)
                    _link(self.file_path(key), target)
                start += entry.size
            for directory in sorted((p for p in staging.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
                directory.chmod(0o555)
            staging.chmod(0o555)
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging, path)
            fsync_dir(path.parent)
        self.touch(version)
        return Snapshot(path, model, version.number, version.digest, total, counts["fetched"], counts["reused"])

    def touch(self, version: r.Version) -> None:
        self._sql("INSERT INTO snapshots VALUES (?, ?, ?, ?) ON CONFLICT (model, digest) DO UPDATE SET "
                  "used = excluded.used, number = excluded.number",
                  [version.model, version.digest.removeprefix("sha256:"), version.number, time.time()])

    def _fill(self, key: str, entry: r.FileEntry, start: int, name: str, fetch: Fetch, by_tree: bool,
              counts: dict, total: int, on_progress: Progress | None) -> None:
        """Writes files/<key>: resumes partial/<key> after its last chunk that checks, takes the
        chunks the cache holds from where they are, fetches the runs of the others."""
        partial = self.root / "partial" / key
        chunks = list(entry.chunks)
        whole = None if by_tree else hashlib.sha256()
        with open(partial, "r+b" if partial.exists() else "w+b") as f:
            i = pos = 0
            for c in chunks:  # what a killed fill left: kept up to the first chunk that does not check
                raw = f.read(c.size)
                if len(raw) != c.size or hashlib.sha256(raw).hexdigest() != c.digest:
                    break
                if whole:
                    whole.update(raw)
                i, pos = i + 1, pos + c.size
            f.seek(pos)
            f.truncate()

            def put(raw: bytes, fetched: bool) -> None:
                f.write(raw)
                if whole:
                    whole.update(raw)
                counts["fetched" if fetched else "reused"] += len(raw)
                counts["done"] += len(raw)
                if on_progress:
                    on_progress("download", counts["done"], total)
            counts["reused"] += pos
            counts["done"] += pos
            while i < len(chunks):
                raw = self._local_chunk(chunks[i].digest, chunks[i].size)
                if raw is not None:
                    put(raw, False)
                    i, pos = i + 1, pos + len(raw)
                    continue
                j, end = i + 1, pos + chunks[i].size  # a run of chunks the cache lacks: one range
                while j < len(chunks) and not self._has_chunk(chunks[j].digest):
                    end += chunks[j].size
                    j += 1
                for offset, digest, raw in fetch(name, start + pos, start + end):
                    expected = chunks[i]
                    if offset != start + pos or digest != expected.digest or len(raw) != expected.size:
                        raise IntegrityError(f"{entry.path}: the server sent chunk {digest} at offset {offset}, "
                                             f"expected {expected.digest} at {start + pos}")
                    put(raw, True)
                    i, pos = i + 1, pos + len(raw)
                    if i == j:
                        break
                if i < j:
                    raise IntegrityError(f"{entry.path}: the download stopped at byte {start + pos}")
            if whole and whole.hexdigest() != entry.sha256:
                partial.unlink()
                raise IntegrityError(f"{entry.path}: downloaded content hashes to {whole.hexdigest()}, "
                                     f"expected {entry.sha256}")
            f.flush()
            os.fsync(f.fileno())
        partial.chmod(0o555 if entry.mode & 0o111 else 0o444)
        target = self.file_path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial, target)
        fsync_dir(target.parent)
        offsets, rows = 0, []
        for c in chunks:
            rows.append((c.digest, key, offsets, c.size))
            offsets += c.size
        self._sql("INSERT OR IGNORE INTO chunks VALUES (?, ?, ?, ?)", rows, many=True)

    # Offline

    def resolve_offline(self, reference: str) -> Snapshot:
        """The snapshot a reference names, from the cache alone: `m:alias` (the version it last
        resolved to here), `m:vN`, `m@sha256:<prefix>`. NotFound NOT_CACHED if there is none."""
        model, at, digest = reference.partition("@")
        if not at:
            model, _, tail = reference.partition(":")
        if not model or not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,127}", model) or (not at and not tail):
            raise InvalidArgument(f"invalid reference {reference!r}; expected model:v3, model:alias or "
                                  "model@sha256:<digest>", reason="INVALID_REFERENCE")
        found = None
        if at:
            match = HEX_PREFIX.fullmatch(digest)
            if not match:
                raise InvalidArgument(f"invalid digest in {reference!r}", reason="INVALID_REFERENCE")
            hits = [p.name for p in self._snapshots(model) if p.name.startswith(match.group(1))]
            found = hits[0] if len(hits) == 1 else None
        elif number := VERSION_TAIL.fullmatch(tail):
            rows = self._sql("SELECT digest FROM snapshots WHERE model = ? AND number = ?", [model, int(number.group(1))])
            found = rows[0][0] if rows else None
        else:
            try:
                found = json.loads((self.root / "refs" / model / tail).read_text())["digest"].removeprefix("sha256:")
            except (OSError, ValueError, KeyError):
                found = None
        path = self.snapshot_path(model, found) if found else None
        if path is None or not path.is_dir():
            raise NotFound(f"{reference} is not in the cache {self.root} (MODELREG_OFFLINE is set: nothing is "
                           "fetched); snapshot it once while online", reason="NOT_CACHED",
                           metadata={"reference": reference})
        rows = self._sql("SELECT number FROM snapshots WHERE model = ? AND digest = ?", [model, path.name])
        self._sql("UPDATE snapshots SET used = ? WHERE model = ? AND digest = ?", [time.time(), model, path.name])
        size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        return Snapshot(path, model, rows[0][0] if rows else 0, "sha256:" + path.name, size, cached=True)

    # Listing and pruning

    def _snapshots(self, model: str | None = None) -> list[Path]:
        base = self.root / "snapshots"
        models = [base / model] if model else sorted(p for p in base.iterdir() if p.is_dir())
        return sorted(s for m in models if m.is_dir() for s in m.iterdir() if s.is_dir())

    def _files_of(self, snapshot: Path) -> dict:
        """{identity (device, inode) of each file a snapshot links: size}."""
        found = {}
        for p in snapshot.rglob("*"):
            try:
                st = p.stat()  # follows a symlink into files/
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                found[(st.st_dev, st.st_ino)] = st.st_size
        return found

    def ls(self) -> list[Entry]:
        snapshots = self._snapshots()
        linked = {s: self._files_of(s) for s in snapshots}
        counts = {}
        for files in linked.values():
            for identity in files:
                counts[identity] = counts.get(identity, 0) + 1
        used = {(m, d): (n, u) for m, d, n, u in self._sql("SELECT model, digest, number, used FROM snapshots")}
        aliases = {}
        for ref in (self.root / "refs").glob("*/*"):
            try:
                aliases.setdefault((ref.parent.name, json.loads(ref.read_text())["digest"].removeprefix("sha256:")),
                                   []).append(ref.name)
            except (OSError, ValueError, KeyError):
                continue
        entries = []
        for s, files in linked.items():
            number, last = used.get((s.parent.name, s.name), (None, None))
            with self.lock(_snapshot_lock(s), wait=False) as free:
                in_use = not free
            entries.append(Entry(s.parent.name, "sha256:" + s.name, number, s, sum(files.values()),
                                 sum(size for i, size in files.items() if counts[i] == 1),
                                 last or s.stat().st_mtime, sorted(aliases.get((s.parent.name, s.name), [])), in_use))
        return sorted(entries, key=lambda e: (e.model, e.version or 0, e.digest))

    def disk_usage(self) -> tuple[int, int]:
        """(bytes of files/, bytes of partial/): what the cache holds on disk."""
        def total(base: Path) -> int:
            return sum(p.stat().st_size for p in base.rglob("*") if p.is_file())
        return total(self.root / "files"), total(self.root / "partial")

    def prune(self, max_size: int) -> dict:
        """Brings files/ + partial/ to at most max_size bytes: first partial files nobody is
        filling and files no snapshot links, then the least recently used snapshots nobody holds
        (being made, or in Cache.hold), each followed by the files only it linked. A file some
        remaining snapshot links is never removed (nor one a hard-link tree elsewhere, e.g. a
        follow directory, still links: removing it would free nothing)."""
        if max_size < 0:
            raise InvalidArgument(f"max size {max_size} is negative", reason="INVALID_SIZE")
        size = sum(self.disk_usage())
        removed, freed = [], 0
        if size > max_size:
            for p in sorted((self.root / "partial").iterdir()):
                with self.lock(f"files/{p.name}", wait=False) as free:
                    if free:
                        gone = p.stat().st_size
                        p.unlink()
                        size, freed = size - gone, freed + gone
        if size > max_size:
            gone = self._collect()
            size, freed = size - gone, freed + gone
        if size > max_size:
            used = {(m, d): u for m, d, u in self._sql("SELECT model, digest, used FROM snapshots")}
            for s in sorted(self._snapshots(), key=lambda s: used.get((s.parent.name, s.name)) or s.stat().st_mtime):
                if size <= max_size:
                    break
                with self.lock(_snapshot_lock(s), wait=False) as free:
                    if not free:
                        continue
                    _remove_tree(s)
                    self._sql("DELETE FROM snapshots WHERE model = ? AND digest = ?", [s.parent.name, s.name])
                removed.append({"model": s.parent.name, "digest": "sha256:" + s.name})
                gone = self._collect()
                size, freed = size - gone, freed + gone
        return {"removed_snapshots": removed, "freed_bytes": freed, "size": size, "max_size": max_size,
                "fits": size <= max_size}

    def _collect(self) -> int:
        """Removes the files in files/ that nothing links (a hard link count of one, and no
        snapshot's symlink); returns the bytes freed. Each is removed under its lock, so none is
        removed while a snapshot being made is about to link it."""
        symlinked = {os.path.realpath(p) for s in self._snapshots() for p in s.rglob("*") if p.is_symlink()}
        freed = 0
        for p in sorted((self.root / "files").glob("*/*")):
            with self.lock(f"files/{p.name}", wait=False) as free:
                if not free:
                    continue
                st = p.stat()
                if st.st_nlink > 1 or os.path.realpath(p) in symlinked:
                    continue
                p.unlink()
                self._sql("DELETE FROM chunks WHERE file = ?", [p.name])
                freed += st.st_size
        return freed


def _snapshot_lock(path: Path) -> str:
    return f"snapshots/{path.parent.name}/{path.name}"


def _link(source: Path, target: Path) -> None:
    """A hard link (the file's bytes are shared, whoever removes the other name), else a symlink."""
    try:
        os.link(source, target)
    except OSError as e:
        if e.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        os.symlink(source.resolve(), target)


def _remove_tree(path: Path) -> None:
    """Removes a snapshot or staging tree, whose directories are read-only."""
    if not path.exists():
        return
    for directory in [path, *(p for p in path.rglob("*") if p.is_dir() and not p.is_symlink())]:
        directory.chmod(0o755)
    shutil.rmtree(path)


def materialize(snapshot: Path, target: Path) -> None:
    """A tree of hard links to a snapshot's files at target (writable directories, read-only files),
    copies where linking fails; renamed into place complete. Removing the cache's copy later
    frees nothing target still links, and breaks nothing in it."""
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.linking")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    for p in sorted(Path(snapshot).rglob("*")):
        dest = tmp / p.relative_to(snapshot)
        if p.is_dir():
            dest.mkdir(exist_ok=True)
            continue
        try:
            os.link(os.path.realpath(p), dest)
        except OSError:
            shutil.copy2(p, dest)
    os.replace(tmp, target)
    fsync_dir(target.parent)
