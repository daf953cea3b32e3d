"""Store maintenance: fsck (verify every chunk and that every version can be reassembled; with
repair, quarantine the corrupt ones) and garbage collection of chunks no version references, safe
beside pushes in flight.

Why repair quarantines rather than deletes or rewrites: the server cannot recreate a chunk's bytes,
only the pusher can. Moving a bad chunk out of chunks/ makes it missing, which the push protocol
already handles (FindMissingChunks reports it, the client uploads it), and keeps the bad bytes for
whoever wants to know what happened to the disk. Quarantine is never cleaned automatically.

Why leases in the metadata and not mtimes: several replicas may serve pushes into one bucket, and
an object store cannot refresh an object's time cheaply. So a push records what it relies on where
every replica and gc look: the transfer plumbing (transfers.py) leases each chunk FindMissingChunks
reports stored, each chunk UploadChunks verified (before it becomes visible) and each chunk of a
manifest being committed (before it is checked). gc keeps an unreferenced chunk while a lease holds
it; it reads references and leases in one metadata read, then asks again for each chunk just
before deleting it, since a push may have leased it meanwhile. The time a chunk was stored is a
second guard only (gc also spares chunks stored within its grace period): correctness comes from
the leases, which every server writes whatever its chunk store.

A push slower than its leases (CHUNK_LEASE between its last FindMissingChunks or UploadChunks and
its commit) is protected by its commit alone: the commit leases every chunk of its manifest, then
checks that each is stored, and one removed meanwhile is reported CHUNKS_MISSING, which the client
answers by uploading it again. What is left open is a gc deleting such a chunk in the moment
between its last question to the metadata and the delete, while that commit leases and checks it
(docs/storage.md).
"""

import time
from dataclasses import dataclass, field

from .chunkstore import ChunkMissing, ChunkStore, CorruptStoredChunk
from .metadata import MetadataStore, Reader
from .transfers import CHUNK_LEASE


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


async def collect_garbage(metadata: MetadataStore, blobs: ChunkStore, *, grace_period: float, dry_run: bool, io,
                          lease: float = CHUNK_LEASE) -> GarbageReport:
    """Removes the stored chunks no version references, no lease holds and that were stored more
    than grace_period ago; then forgets the leases that expired. io(fn) runs the blocking sweep on
    a thread. A lease holds a chunk until it expires, and, as grace_period promises, while it was
    taken less than grace_period ago (a lease lasts `lease` seconds from when it was taken)."""
    started = time.time()
    leased_after = int((started - max(0.0, grace_period - lease)) * 1_000_000)
    report = await io(lambda: _sweep(metadata, blobs, stored_before=started - grace_period,
                                     leased_after=leased_after, dry_run=dry_run))
    if not dry_run:
        await metadata.transact(lambda tx: tx.delete_chunk_leases(through=leased_after))
    return report


def _sweep(metadata: MetadataStore, blobs: ChunkStore, *, stored_before: float, leased_after: int,
           dry_run: bool) -> GarbageReport:
    report = GarbageReport()
    referenced, leased = metadata.read_here(
        lambda db: (db.referenced_chunks(), db.leased_chunks(after=leased_after)))
    for digest, size, stored_time in blobs.digests():
        if digest in referenced:
            report.chunks_referenced += 1
            continue
        if digest in leased or stored_time > stored_before:
            report.chunks_in_grace += 1
            continue
        # Ask again just before deleting: a push may have leased it (or committed it) since the read.
        if metadata.read_here(lambda db: db.chunk_in_use(digest, leased_after=leased_after)):
            report.chunks_in_grace += 1
            continue
        if not dry_run:
            blobs.remove(digest)
        report.chunks_removed += 1
        report.bytes_freed += size
    return report
