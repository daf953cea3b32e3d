"""Store maintenance: fsck (verify every chunk and that every version can be reassembled) and
garbage collection of chunks no version references, safe beside pushes in flight.

Why a grace period and not a lock: a push first asks which chunks are missing (touching those the
server has), uploads the rest (writing them fresh) and commits (touching every chunk again). A
chunk touched within the grace period may be about to be referenced, so it is kept; a commit that
comes later than that finds the chunk gone and reports CHUNKS_MISSING, and the client uploads it
again. Nothing is ever referenced without being stored.
"""

import time
from dataclasses import dataclass, field

from modelreg import codec

from .blobs import ChunkMissing, ChunkStore, CorruptStoredChunk
from .store import Store


@dataclass
class CheckReport:
    chunks_checked: int = 0
    bytes_checked: int = 0
    corrupt_chunks: list = field(default_factory=list)
    missing_chunks: list = field(default_factory=list)
    versions_checked: int = 0
    damaged_versions: list = field(default_factory=list)


@dataclass
class GarbageReport:
    chunks_removed: int = 0
    bytes_freed: int = 0
    chunks_in_grace: int = 0
    chunks_referenced: int = 0


def check_store(store: Store, blobs: ChunkStore) -> CheckReport:
    report = CheckReport()
    sound: dict[str, int] = {}
    for digest, _, _ in blobs.digests():
        try:
            stored = blobs.get(digest)
            codec.decode_verified(digest, stored.codec, stored.payload, stored.raw_size)
        except (CorruptStoredChunk, codec.ChunkError, ChunkMissing):
            report.corrupt_chunks.append(digest)
            continue
        sound[digest] = stored.raw_size
        report.chunks_checked += 1
        report.bytes_checked += stored.raw_size
    db = store.read()
    missing = set()
    for version_id, name in db.all_versions():
        report.versions_checked += 1
        damaged = False
        for _, digest, size in db.chunks_from(version_id, 0, limit=2**62):
            if sound.get(digest) != size:
                damaged = True
                if digest not in sound and digest not in report.corrupt_chunks:
                    missing.add(digest)
        if damaged:
            report.damaged_versions.append(name)
    report.missing_chunks = sorted(missing)
    report.corrupt_chunks.sort()
    return report


def collect_garbage(store: Store, blobs: ChunkStore, *, grace_period: float, dry_run: bool) -> GarbageReport:
    report = GarbageReport()
    started = time.time()
    referenced = store.read().referenced_chunks()
    for digest, size, _ in blobs.digests():
        if digest in referenced:
            report.chunks_referenced += 1
            continue
        # Read the time again just before deciding: a push may have touched it since the scan.
        try:
            mtime = blobs.path(digest).stat().st_mtime
        except FileNotFoundError:
            continue
        if mtime > started - grace_period:
            report.chunks_in_grace += 1
            continue
        if not dry_run:
            blobs.remove(digest)
        report.chunks_removed += 1
        report.bytes_freed += size
    return report
