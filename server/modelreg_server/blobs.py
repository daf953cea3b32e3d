"""The content-addressed chunk store on the local filesystem (the ChunkStore of chunkstore.py).

Layout (versioned by the `layout` file, like restic's repository):

    blobs/layout                 {"version": 2}
    blobs/chunks/ab/<digest>     one stored chunk, write-once
    blobs/tmp/                   chunks being written
    blobs/quarantine/<digest>.<UTC time>  chunks found corrupt, moved aside (never read, never deleted)

A stored chunk is a 13-byte header (magic `MRCK`, codec byte, raw size as 8 bytes big-endian)
followed by the payload exactly as it travels, so a download sends stored frames unchanged.
Writes go to tmp/, are synced to disk (in batches: one syncfs for many chunks), then renamed into
place and their directories fsync'd: a crash leaves either the whole chunk or none of it. A full
disk is STORAGE_FULL, and a write that fails leaves nothing in tmp/.

A chunk whose bytes no longer match its digest (bit rot, a truncated file, a stray write) is
quarantined: renamed out of chunks/, so it counts as missing and the next upload of that content
stores it afresh. Nothing ever dedups against a copy known to be bad.

One level of 256 directories, as restic and git have: layout 1 had two (chunks/ab/cd/), which
made nearly every chunk of a push create a directory of its own (6,666 directories for a 1 GB
model's 6,751 chunks) and cost a cold push about a fifth of its time in ext4 inode allocation
(docs/transfer.md). A layout 1 store is moved to layout 2 when it is opened: renames only, each
atomic, the layout file written last, so an interrupted move is finished by the next open.
"""

import ctypes
import errno
import json
import logging
import os
import tempfile
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from . import chunkstore
from .chunkstore import ChunkMissing, CorruptStoredChunk, LayoutError, StoredChunk  # noqa: F401 (re-exported)
from .errors import StorageFull

LAYOUT_VERSION = 2
COMMIT_BYTES = 64 * 1024 * 1024  # staged per receiving stream before one sync commits them
log = logging.getLogger("modelreg.server")


class FileChunkStore:
    batch_bytes = COMMIT_BYTES

    def __init__(self, root: Path):
        self.root = Path(root)
        self.chunks = self.root / "chunks"
        self.tmp = self.root / "tmp"
        self.quarantined = self.root / "quarantine"
        # Held while a chunk file is put into place or moved into quarantine, so a good upload
        # landing between a corruption check and the move is never the one moved aside.
        self._placing = threading.Lock()
        self._open_layout()

    def _open_layout(self) -> None:
        layout = self.root / "layout"
        if layout.exists():
            version = json.loads(layout.read_text()).get("version")
            if version == 1:
                self._from_layout_1()
                version = LAYOUT_VERSION
            if version != LAYOUT_VERSION:
                raise LayoutError(f"{self.root}: chunk store layout {version}, expected {LAYOUT_VERSION}")
        else:
            self.root.mkdir(parents=True, exist_ok=True)
            _write_atomically(layout, json.dumps({"version": LAYOUT_VERSION}).encode() + b"\n", self.root)
        self.chunks.mkdir(exist_ok=True)
        self.tmp.mkdir(exist_ok=True)

    def _from_layout_1(self) -> None:
        """Moves chunks/ab/cd/<digest> to chunks/ab/<digest>, then records layout 2. Safe to run
        again after a crash, or by two processes at once (a file one moved is gone for the other)."""
        moved, tops = 0, _subdirectories(self.chunks)
        for top in tops:
            for sub in _subdirectories(top):
                for chunk in os.scandir(sub):
                    try:
                        os.replace(chunk.path, os.path.join(top, chunk.name))
                        moved += 1
                    except FileNotFoundError:
                        pass
                try:
                    os.rmdir(sub)
                except OSError:
                    pass  # another process's move is still emptying it: it removes it
        _sync_files([Path(top) for top in tops], self.root)  # the renames, before the layout says they happened
        _write_atomically(self.root / "layout", json.dumps({"version": LAYOUT_VERSION}).encode() + b"\n", self.root)
        if moved:
            log.info("chunk store %s: %d chunks moved to layout %d", self.root, moved, LAYOUT_VERSION)

    def clean_tmp(self) -> None:
        """Removes what a crash mid-write left in tmp/. Only for the process holding the data
        directory's lock (datadir.py), before it serves: another server's uploads live there."""
        for leftover in self.tmp.iterdir():
            leftover.unlink()

    def path(self, digest: str) -> Path:
        return self.chunks / digest[:2] / digest

    def missing(self, digests: list[str]) -> list[str]:
        """The digests not stored. Nothing is touched: what pushes rely on is leased in the
        metadata (transfers.py), not told by mtimes."""
        return [d for d in digests if not self.path(d).exists()]

    def digests(self):
        """Every stored digest with its file's (size, mtime: when it was stored)."""
        for directory in _subdirectories(self.chunks):
            for chunk in os.scandir(directory):
                try:
                    st = chunk.stat()
                except FileNotFoundError:
                    continue  # removed or quarantined since the directory was listed
                yield chunk.name, st.st_size, st.st_mtime

    def remove(self, digest: str) -> None:
        try:
            self.path(digest).unlink()
        except FileNotFoundError:
            pass

    def replace(self, digest: str, codec: int, raw_size: int, payload: bytes) -> bool:
        """Writes another verified encoding of a stored chunk over it: tmp file, fsync, rename,
        directory fsync, so a crash leaves the old or the new file, never a torn one. False (and
        nothing written) if the chunk is not stored, so a chunk gc removed is not brought back."""
        if not self.path(digest).exists():
            return False
        data = chunkstore.encode(codec, raw_size, payload)
        with _space_for("chunks"):
            fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix=".chunk-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
                with self._placing:
                    target = self.path(digest)
                    if not target.exists():
                        os.unlink(tmp_name)
                        return False
                    os.replace(tmp_name, target)
            except BaseException:
                Path(tmp_name).unlink(missing_ok=True)
                raise
            _fsync_dir(target.parent)
        return True

    def put(self, digest: str, codec: int, raw_size: int, payload: bytes) -> bool:
        """Stores one verified chunk durably; returns False if it was already stored (write-once)."""
        staged = self.stage(digest, codec, raw_size, payload)
        if staged:
            self.commit([staged])
        return staged is not None

    def stage(self, digest: str, codec: int, raw_size: int, payload: bytes) -> tuple[Path, str] | None:
        """Writes a verified chunk into tmp/ without syncing; None if it is already stored intact.
        Nothing is visible until commit(), so many chunks share one sync. A stored copy that is
        corrupt is quarantined and replaced by this one: uploads never dedup against bad bytes.
        (Checking costs a read of the stored copy, only for chunks uploaded although stored.)"""
        data = chunkstore.encode(codec, raw_size, payload)
        if self.path(digest).exists():
            if self._intact(digest, data):
                return None
            self.quarantine(digest)
        with _space_for("chunks"):
            fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix=".chunk-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
            except BaseException:
                os.unlink(tmp_name)
                raise
        return Path(tmp_name), digest

    def _intact(self, digest: str, verified: bytes) -> bool:
        """Whether the stored copy is sound: byte-equal to a verified upload, or else verified."""
        try:
            if self.path(digest).read_bytes() == verified:
                return True
            self.verify(digest)
            return True
        except CorruptStoredChunk:
            return False
        except (ChunkMissing, FileNotFoundError):
            return True  # gone meanwhile (gc): the caller's commit finds it missing and says so

    def commit(self, staged: list[tuple[Path, str]]) -> None:
        """Makes staged chunks durable, then visible: one filesystem sync for their bytes, renames
        into place, one more sync for their names. A crash leaves whole chunks or none."""
        if not staged:
            return
        directories = set()
        try:
            with _space_for("chunks"):
                _sync_files([tmp for tmp, _ in staged], self.tmp)
                with self._placing:
                    for tmp, digest in staged:
                        target = self.path(digest)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        os.replace(tmp, target)
                        directories.add(target.parent)
                # The renames land in up to one directory per chunk: one more filesystem sync covers
                # them all (fsync per directory where syncfs is not available).
                _sync_files(sorted(directories), self.tmp)
        except BaseException:
            self.discard(staged)  # those not yet renamed into place
            raise

    def discard(self, staged: list[tuple[Path, str]]) -> None:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)

    def get(self, digest: str) -> StoredChunk:
        try:
            data = self.path(digest).read_bytes()
        except FileNotFoundError:
            raise ChunkMissing(digest) from None
        return chunkstore.decode(digest, data)

    def verify(self, digest: str) -> StoredChunk:
        """The stored chunk, decoded and checked against its digest; CorruptStoredChunk if its
        bytes do not match (truncated, bad header, undecodable, wrong sha256)."""
        return chunkstore.check(self.get(digest))

    def quarantine(self, digest: str) -> bool:
        """Moves a chunk whose bytes do not match its digest to quarantine/<digest>.<UTC time>
        (one rename, both directories fsync'd). Returns False, moving nothing, if it is sound or
        gone. A corrupt one is checked again under the placement lock, so a good copy an upload
        put in place meanwhile stays."""
        if not self._corrupt(digest):
            return False
        with self._placing:
            if not self._corrupt(digest):
                return False
            self.quarantined.mkdir(exist_ok=True)
            when = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
            source, target = self.path(digest), self.quarantined / f"{digest}.{when}"
            try:
                os.replace(source, target)
            except FileNotFoundError:
                return False
            _fsync_dir(self.quarantined)
            _fsync_dir(source.parent)
        log.warning("stored chunk %s is corrupt: moved to %s", digest, target)
        return True

    def _corrupt(self, digest: str) -> bool:
        try:
            self.verify(digest)
        except ChunkMissing:
            return False
        except CorruptStoredChunk:
            return True
        return False

    def raw_sizes(self, digests: list[str]) -> dict[str, int]:
        """digest -> raw size from its header: one open and one 13-byte read each."""
        sizes = {}
        for digest in digests:
            try:
                with open(self.path(digest), "rb") as f:
                    size = chunkstore.header_raw_size(f.read(chunkstore.HEADER.size))
            except FileNotFoundError:
                continue
            if size is not None:
                sizes[digest] = size
        return sizes

    def stored_sizes(self, digests: list[str]) -> dict[str, int]:
        """digest -> size of its file (header and stored payload), for those stored: one stat each."""
        sizes = {}
        for digest in digests:
            try:
                sizes[digest] = self.path(digest).stat().st_size
            except FileNotFoundError:
                continue
        return sizes


@contextmanager
def _space_for(what: str):
    """A full disk or an exhausted quota is STORAGE_FULL, not an OSError the caller cannot place."""
    try:
        yield
    except OSError as e:
        if e.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        raise StorageFull("STORAGE_FULL", f"no space left for {what} on the data directory's filesystem; "
                          "writes are refused until space is freed") from e


def _write_atomically(target: Path, data: bytes, tmp_dir: Path) -> None:
    fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _sync_files(paths: list[Path], directory: Path) -> None:
    """Flushes written files to disk: one syncfs(2) of their filesystem where Linux offers it (one
    journal commit instead of one per file: ~600 MB/s instead of ~100 MB/s for 150 KB chunks,
    measured here), else an fsync per file."""
    if _syncfs is not None:
        fd = os.open(directory, os.O_RDONLY)
        try:
            if _syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _subdirectories(path) -> list[str]:
    return sorted(entry.path for entry in os.scandir(path) if entry.is_dir())


def _load_syncfs():
    try:
        return ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None


_syncfs = _load_syncfs()


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
