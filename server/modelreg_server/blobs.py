"""The content-addressed chunk store on the local filesystem.

Layout (versioned by the `layout` file, like restic's repository):

    blobs/layout                 {"version": 1}
    blobs/chunks/ab/cd/<digest>  one stored chunk, write-once
    blobs/tmp/                   chunks being written

A stored chunk is a 13-byte header (magic `MRCK`, codec byte, raw size as 8 bytes big-endian)
followed by the payload exactly as it travels, so a download sends stored frames unchanged.
Writes go to tmp/, are synced to disk (in batches: one syncfs for many chunks), then renamed into
place and their directories fsync'd: a crash leaves either the whole chunk or none of it. A full
disk is STORAGE_FULL, and a write that fails leaves nothing in tmp/.
"""

import ctypes
import errno
import json
import os
import struct
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import StorageFull

LAYOUT_VERSION = 1
MAGIC = b"MRCK"
HEADER = struct.Struct(">4sBQ")


class LayoutError(RuntimeError): pass
class ChunkMissing(LookupError): pass
class CorruptStoredChunk(RuntimeError): pass


@dataclass(frozen=True)
class StoredChunk:
    digest: str
    codec: int
    raw_size: int
    payload: bytes


class ChunkStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.chunks = self.root / "chunks"
        self.tmp = self.root / "tmp"
        self._open_layout()

    def _open_layout(self) -> None:
        layout = self.root / "layout"
        if layout.exists():
            version = json.loads(layout.read_text()).get("version")
            if version != LAYOUT_VERSION:
                raise LayoutError(f"{self.root}: chunk store layout {version}, expected {LAYOUT_VERSION}")
        else:
            self.root.mkdir(parents=True, exist_ok=True)
            _write_atomically(layout, json.dumps({"version": LAYOUT_VERSION}).encode() + b"\n", self.root)
        self.chunks.mkdir(exist_ok=True)
        self.tmp.mkdir(exist_ok=True)

    def clean_tmp(self) -> None:
        """Removes what a crash mid-write left in tmp/. Only for the process holding the data
        directory's lock (datadir.py), before it serves: another server's uploads live there."""
        for leftover in self.tmp.iterdir():
            leftover.unlink()

    def path(self, digest: str) -> Path:
        return self.chunks / digest[:2] / digest[2:4] / digest

    def missing(self, digests: list[str]) -> list[str]:
        """The digests not stored. Those stored are touched: garbage collection spares chunks
        touched within its grace period, so a push that relies on them keeps them."""
        return [d for d in digests if not self.touch(d)]

    def touch(self, digest: str) -> bool:
        """Refreshes a stored chunk's modification time; False if it is not stored."""
        try:
            os.utime(self.path(digest))
            return True
        except FileNotFoundError:
            return False

    def digests(self):
        """Every stored digest with its file's (size, mtime)."""
        for entry in os.scandir(self.chunks):
            if not entry.is_dir():
                continue
            for sub in os.scandir(entry.path):
                if not sub.is_dir():
                    continue
                for chunk in os.scandir(sub.path):
                    st = chunk.stat()
                    yield chunk.name, st.st_size, st.st_mtime

    def remove(self, digest: str) -> None:
        try:
            self.path(digest).unlink()
        except FileNotFoundError:
            pass

    def put(self, digest: str, codec: int, raw_size: int, payload: bytes) -> bool:
        """Stores one verified chunk durably; returns False if it was already stored (write-once)."""
        staged = self.stage(digest, codec, raw_size, payload)
        if staged:
            self.commit([staged])
        return staged is not None

    def stage(self, digest: str, codec: int, raw_size: int, payload: bytes) -> tuple[Path, str] | None:
        """Writes a verified chunk into tmp/ without syncing; None if it is already stored.
        Nothing is visible until commit(), so many chunks share one sync."""
        if self.touch(digest):
            return None
        with _space_for("chunks"):
            fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix=".chunk-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(HEADER.pack(MAGIC, codec, raw_size) + payload)
            except BaseException:
                os.unlink(tmp_name)
                raise
        return Path(tmp_name), digest

    def commit(self, staged: list[tuple[Path, str]]) -> None:
        """Makes staged chunks durable, then visible: one filesystem sync for their bytes, renames
        into place, one more sync for their names. A crash leaves whole chunks or none."""
        if not staged:
            return
        directories = set()
        try:
            with _space_for("chunks"):
                _sync_files([tmp for tmp, _ in staged], self.tmp)
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
        codec, raw_size = _parse_header(digest, data)
        return StoredChunk(digest, codec, raw_size, data[HEADER.size:])


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


def _parse_header(digest: str, data: bytes) -> tuple[int, int]:
    if len(data) < HEADER.size:
        raise CorruptStoredChunk(f"stored chunk {digest} is truncated")
    magic, codec, raw_size = HEADER.unpack_from(data)
    if magic != MAGIC:
        raise CorruptStoredChunk(f"stored chunk {digest} has a bad header")
    return codec, raw_size


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
