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
manifest being committed (before it is checked). The time a chunk was stored is a second guard
only (gc also spares chunks stored within its grace period): correctness comes from the leases,
which every server writes whatever its chunk store.

How gc and a push never both win: gc reads references and leases in one metadata read, then,
GC_BATCH candidates at a time, *claims* them in one transaction (marks them removing, only where no
version references them and no lease lives), deletes the claimed objects and drops their rows. A
lease is an upsert of the same row, which leaves a claimed chunk unleased; the push waits for gc
to finish the batch, then is told (FindMissingChunks reports it missing, CreateVersion
CHUNKS_MISSING). The claim and the lease
conflict on one row, so whichever commits first wins: a chunk is deleted only if no lease was
taken before its claim, and none is taken after it until the object is gone. A push slower than
its leases is protected by its commit, which leases and then checks every chunk of its manifest.
A claim older than GC_CLAIM_TIMEOUT is a dead gc's and no longer counts (a live gc stops deleting
a batch before its claim gets that old).
"""

import asyncio
import time
from dataclasses import dataclass, field

from .chunkstore import ChunkMissing, ChunkStore, CorruptStoredChunk
from .metadata import MetadataStore, Reader
from .domain import now_micros
from .transfers import CHUNK_LEASE, GC_CLAIM_TIMEOUT

GC_BATCH = 64  # candidates claimed, deleted and released together (pushes wanting one wait that long)


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
    leased_after = int((started - max(0.0, grace_period - lease)) * 1e6)
    loop = asyncio.get_running_loop()

    def transact(fn):  # from the sweep's thread
        return asyncio.run_coroutine_threadsafe(metadata.transact(fn), loop).result()
    report = await io(lambda: _sweep(metadata, blobs, transact, stored_before=started - grace_period,
                                     leased_after=leased_after, dry_run=dry_run))
    if not dry_run:
        claims_through = now_micros() - int(GC_CLAIM_TIMEOUT * 1e6)
        await metadata.transact(lambda tx: tx.delete_chunk_leases(through=leased_after, claims_through=claims_through))
    return report


def _sweep(metadata: MetadataStore, blobs: ChunkStore, transact, *, stored_before: float, leased_after: int,
           dry_run: bool) -> GarbageReport:
    report = GarbageReport()
    referenced, leased = metadata.read_here(
        lambda db: (db.referenced_chunks(), db.leased_chunks(after=leased_after)))
    candidates: dict[str, int] = {}
    for digest, size, stored_time in blobs.digests():
        if digest in referenced:
            report.chunks_referenced += 1
        elif digest in leased or stored_time > stored_before:
            report.chunks_in_grace += 1
        else:
            candidates[digest] = size
            if len(candidates) >= GC_BATCH:
                _remove(metadata, blobs, transact, candidates, report, leased_after=leased_after, dry_run=dry_run)
                candidates = {}
    if candidates:
        _remove(metadata, blobs, transact, candidates, report, leased_after=leased_after, dry_run=dry_run)
    return report


def _remove(metadata: MetadataStore, blobs: ChunkStore, transact, candidates: dict[str, int], report: GarbageReport,
            *, leased_after: int, dry_run: bool) -> None:
    """Claims the candidates a push has not leased (or a version referenced) since the scan, then
    deletes those; a dry run only asks. Stops deleting before its claim could pass for a dead gc's."""
    digests = list(candidates)
    if dry_run:
        in_use = metadata.read_here(lambda db: {d for d in digests if db.chunk_in_use(d, leased_after=leased_after)})
        claimed = [d for d in digests if d not in in_use]
    else:
        claim_time = now_micros()
        claims_after = claim_time - int(GC_CLAIM_TIMEOUT * 1e6)
        claimed = transact(lambda tx: tx.claim_chunks(digests, claim_time=claim_time, leased_after=leased_after,
                                                      claims_after=claims_after))
    report.chunks_in_grace += len(digests) - len(claimed)
    try:
        for digest in claimed:
            if not dry_run:
                if now_micros() - claim_time > GC_CLAIM_TIMEOUT * 1e6 / 2:
                    break  # left for the next gc
                blobs.remove(digest)
            report.chunks_removed += 1
            report.bytes_freed += candidates[digest]
    finally:
        if not dry_run:
            transact(lambda tx: tx.release_claims(claimed, claim_time=claim_time))
