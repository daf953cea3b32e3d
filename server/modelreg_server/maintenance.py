"""Store maintenance: fsck (verify every chunk and that every version can be reassembled; with
repair, quarantine the corrupt ones) and garbage collection of chunks no version references, safe
beside pushes in flight.

Why repair quarantines rather than deletes or rewrites: the server cannot recreate a chunk's bytes,
only the pusher can. Moving a bad chunk out of chunks/ makes it missing, which the push protocol
already handles (FindMissingChunks reports it, the client uploads it), and keeps the bad bytes for
whoever wants to know what happened to the disk. Quarantine is never cleaned automatically.

Why a grace period and not a lock: a push first asks which chunks are missing (renewing those the
server has: the file store touches their mtime), uploads the rest (writing them fresh) and commits
(renewing every chunk again). A chunk renewed within the grace period may be about to be
referenced, so it is kept; a commit that comes later than that finds the chunk gone and reports
CHUNKS_MISSING, and the client uploads it again. Nothing is ever referenced without being stored.
On S3 the renewals live in the serving process (s3chunks.py) until pushes in flight are leased in
metadata.
"""

import time
from dataclasses import dataclass, field

from .chunkstore import ChunkMissing, ChunkStore, CorruptStoredChunk
from .metadata import MetadataStore, Reader


@dataclass
class CheckReport:
    chunks_checked: int = 0
    bytes_checked: int = 0
    corrupt_chunks: list = field(default_factory=list)
    missing_chunks: list = field(default_factory=list)
    versions_checked: int = 0
    damaged_versions: list = field(default_factory=list)
    quarantined_chunks: list = field(default_factory=list)


@dataclass
class GarbageReport:
    chunks_removed: int = 0
    bytes_freed: int = 0
    chunks_in_grace: int = 0
    chunks_referenced: int = 0


def check_store(metadata: MetadataStore, blobs: ChunkStore, *, repair: bool = False) -> CheckReport:
    """Verifies every stored chunk, then every version against the sound ones. With repair, each
    corrupt chunk is quarantined as it is found (it then counts as missing for pushes; the report
    lists it under corrupt_chunks and quarantined_chunks, not missing_chunks)."""
    report = CheckReport()
    sound: dict[str, int] = {}
    for digest, _, _ in blobs.digests():
        try:
            stored = blobs.verify(digest)
        except ChunkMissing:
            continue  # removed by gc since the listing; a version still needing it finds it missing
        except CorruptStoredChunk:
            if not repair:
                report.corrupt_chunks.append(digest)
                continue
            if blobs.quarantine(digest):
                report.corrupt_chunks.append(digest)
                report.quarantined_chunks.append(digest)
                continue
            try:
                stored = blobs.verify(digest)  # replaced by a good upload meanwhile
            except ChunkMissing:
                continue
            except CorruptStoredChunk:
                report.corrupt_chunks.append(digest)
                continue
        sound[digest] = stored.raw_size
        report.chunks_checked += 1
        report.bytes_checked += stored.raw_size
    return metadata.read_here(lambda db: _check_versions(db, report, sound))


def _check_versions(db: Reader, report: CheckReport, sound: dict[str, int]) -> CheckReport:
    missing = set()
    corrupt = set(report.corrupt_chunks)
    for version_id, name in db.all_versions():
        report.versions_checked += 1
        damaged = False
        for _, digest, size in db.chunks_from(version_id, 0, limit=2**62):
            if sound.get(digest) != size:
                damaged = True
                if digest not in sound and digest not in corrupt:
                    missing.add(digest)
        if damaged:
            report.damaged_versions.append(name)
    report.missing_chunks = sorted(missing)
    report.corrupt_chunks.sort()
    report.quarantined_chunks.sort()
    return report


def collect_garbage(metadata: MetadataStore, blobs: ChunkStore, *, grace_period: float, dry_run: bool) -> GarbageReport:
    report = GarbageReport()
    started = time.time()
    referenced = metadata.read_here(lambda db: db.referenced_chunks())
    for digest, size, _ in blobs.digests():
        if digest in referenced:
            report.chunks_referenced += 1
            continue
        # Read the time again just before deciding: a push may have renewed it since the scan.
        stored_time = blobs.stored_time(digest)
        if stored_time is None:
            continue
        if stored_time > started - grace_period:
            report.chunks_in_grace += 1
            continue
        if not dry_run:
            blobs.remove(digest)
        report.chunks_removed += 1
        report.bytes_freed += size
    return report
