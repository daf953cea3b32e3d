"""The content-addressed chunk store on the local filesystem.

Layout (versioned by the `layout` file, like restic's repository):

    blobs/layout                 {"version": 1}
    blobs/chunks/ab/cd/<digest>  one stored chunk, write-once
    blobs/tmp/                   chunks being written

A stored chunk is a 13-byte header (magic `MRCK`, codec byte, raw size as 8 bytes big-endian)
followed by the payload exactly as it travels, so a download sends stored frames unchanged.
Writes go to tmp/, are fsync'd, then renamed into place and the directory fsync'd: a crash leaves
either the whole chunk or none of it.
"""

import json
import os
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

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
        # Left by a crash mid-write; nothing is in flight before the server starts.
        for leftover in self.tmp.iterdir():
            leftover.unlink()

    def path(self, digest: str) -> Path:
        return self.chunks / digest[:2] / digest[2:4] / digest

    def has(self, digest: str) -> bool:
        return self.path(digest).exists()

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

    def put(self, digest: str, codec: int, raw_size: int, payload: bytes, *, sync_dir: bool = True) -> bool:
        """Stores a verified chunk; returns False if it was already stored (write-once).

        With sync_dir=False the caller must sync_dirs() the chunk's directory before telling anyone
        the chunk is stored: its bytes are durable, its name not yet."""
        target = self.path(digest)
        if self.touch(digest):
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, HEADER.pack(MAGIC, codec, raw_size) + payload, self.tmp, sync_dir=sync_dir)
        return True

    def sync_dirs(self, digests) -> None:
        for directory in {self.path(d).parent for d in digests}:
            _fsync_dir(directory)

    def raw_size(self, digest: str) -> int:
        """The raw size recorded in a stored chunk's header."""
        try:
            with open(self.path(digest), "rb") as f:
                header = f.read(HEADER.size)
        except FileNotFoundError:
            raise ChunkMissing(digest) from None
        return _parse_header(digest, header)[1]

    def get(self, digest: str) -> StoredChunk:
        try:
            data = self.path(digest).read_bytes()
        except FileNotFoundError:
            raise ChunkMissing(digest) from None
        codec, raw_size = _parse_header(digest, data)
        return StoredChunk(digest, codec, raw_size, data[HEADER.size:])


def _parse_header(digest: str, data: bytes) -> tuple[int, int]:
    if len(data) < HEADER.size:
        raise CorruptStoredChunk(f"stored chunk {digest} is truncated")
    magic, codec, raw_size = HEADER.unpack_from(data)
    if magic != MAGIC:
        raise CorruptStoredChunk(f"stored chunk {digest} has a bad header")
    return codec, raw_size


def _write_atomically(target: Path, data: bytes, tmp_dir: Path, *, sync_dir: bool = True) -> None:
    fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix=".chunk-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    if sync_dir:
        _fsync_dir(target.parent)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
