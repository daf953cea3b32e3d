"""Transfer plumbing: which chunks are missing, receiving (verify, stage, commit in batches),
checking a pushed manifest's content, and streaming a version's chunks out.

Knows the chunk store interface (chunkstore.py) and reads chunk lists from the metadata store, but
nothing about gRPC or access: the rules (service.Registry) check who may do what and call these.
Blocking chunk store calls run on the executor it is given (the registry's reader threads), so the
event loop never waits on a disk or an S3 request.

Leases: what a push in flight relies on is recorded in the metadata store, where every replica and
gc (maintenance.py) see it: a chunk FindMissingChunks reports stored, each chunk UploadChunks
verified (before a new one becomes visible) and every chunk of a manifest being committed is leased
for CHUNK_LEASE seconds, one transaction per batch of at most DIGESTS_PER_QUERY digests. A push's
leases are renewed by each of its calls; one that outlives them is still safe, as its commit leases
then checks every chunk and reports one removed meanwhile as CHUNKS_MISSING, which the client
uploads again. A chunk gc has claimed to delete cannot be leased (maintenance.py): it counts as
missing.
"""

import asyncio
import hashlib
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from modelreg import codec
from modelreg.transfer import bounded_map

from . import limits, names
from .chunkstore import ChunkMissing, ChunkStore, CorruptStoredChunk
from .errors import DataLoss, FailedPrecondition, InvalidArgument, OutOfRange, StorageFull, TooLarge, Unavailable
from .domain import FileRow, VersionRow, now_micros
from .metadata import MetadataStore

MAX_DIGESTS_PER_QUERY = limits.DIGESTS_PER_QUERY
DOWNLOAD_BATCH = 256
DOWNLOAD_WINDOW = 3
DOWNLOAD_GROUP = 16
UPLOAD_WINDOW = 4
UPLOAD_GROUP = 16
UPLOAD_GROUP_BYTES = 4 * 1024 * 1024
VERIFY_THREADS = 2
CHUNK_LEASE = 3600.0  # seconds a push may rely on a chunk it was told about or uploaded
GC_CLAIM_TIMEOUT = 600.0  # a gc deletes what it claimed within seconds; an older claim is a dead gc's
CLAIM_WAIT = 30.0  # how long a push waits for a gc to finish removing chunks it wants to rely on
SETTLE_WAIT = 30.0  # how long FindMissingChunks waits for the commit of a stream that was cut


@dataclass
class _Staged:
    staged: list = field(default_factory=list)  # [(staged item, payload size)]
    existing: int = 0
    verified: list = field(default_factory=list)  # digests of the chunks staged or found stored
    compact: list = field(default_factory=list)  # (digest, hint) of raw chunks staged with a hint
    error: Exception | None = None


class Transfers:
    def __init__(self, chunks: ChunkStore, *, metadata: MetadataStore, executor: ThreadPoolExecutor,
                 lease: float = CHUNK_LEASE):
        self.chunks = chunks
        self._metadata = metadata
        self._executor = executor
        self._lease = lease
        self.batch_bytes = chunks.batch_bytes
        self._settling: set[asyncio.Future] = set()  # commits of upload streams that ended, still running

    async def _io(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    async def lease(self, digests: list[str]) -> list[str]:
        """Leases chunks a push relies on for the next CHUNK_LEASE seconds (module docstring).
        Returns those a gc has claimed to delete: they are not leased, and count as missing."""
        unique = list(dict.fromkeys(digests))
        now = now_micros()
        expire_time, claims_after = now + int(self._lease * 1e6), now - int(GC_CLAIM_TIMEOUT * 1e6)
        claimed = []
        for i in range(0, len(unique), MAX_DIGESTS_PER_QUERY):
            batch = unique[i:i + MAX_DIGESTS_PER_QUERY]
            # Not durable: a lease a power cut loses costs a retry, never a chunk (check_manifest
            # leases and looks again before a version is written, and the version's commit makes
            # the lease before it durable too).
            claimed += await self._metadata.transact(
                lambda tx, batch=batch: tx.lease_chunks(batch, expire_time=expire_time, claims_after=claims_after),
                durable=False)
        return claimed

    async def find_missing(self, digests: list[str]) -> list[str]:
        """The digests not stored, each once; those stored are leased for the push that asks (and
        those a gc is removing count as missing)."""
        if len(digests) > MAX_DIGESTS_PER_QUERY:
            raise InvalidArgument("TOO_MANY_DIGESTS", f"at most {MAX_DIGESTS_PER_QUERY} digests per request")
        for d in digests:
            names.digest(d)
        unique = list(dict.fromkeys(digests))
        if self._settling:
            # A push run again right after it was cut asks while the commit of what its first
            # stream delivered is still syncing: wait for it, so those chunks are not sent twice.
            await asyncio.wait(set(self._settling), timeout=SETTLE_WAIT)
        absent = set(await self._io(self.chunks.missing, unique))
        was_claimed, claimed = await self._lease_after_claims([d for d in unique if d not in absent])
        absent |= set(claimed)
        if was_claimed:  # leased once gc was done with them, which may have been a delete: look again
            absent |= set(await self._io(self.chunks.missing, [d for d in was_claimed if d not in absent]))
        return [d for d in unique if d in absent]

    async def _lease_after_claims(self, digests: list[str]) -> tuple[list[str], list[str]]:
        """Leases chunks, waiting (up to CLAIM_WAIT) for a gc removing some of them to finish, so
        a push is told what is stored once gc is done rather than failing while it works. Returns
        (those that were claimed, those still claimed and so not leased)."""
        claimed = await self.lease(digests)
        was_claimed = list(claimed)
        deadline, delay = time.monotonic() + CLAIM_WAIT, 0.05
        while claimed and time.monotonic() < deadline:
            await asyncio.sleep(delay)
            delay = min(2 * delay, 1.0)
            claimed = await self.lease(claimed)
        return was_claimed, claimed

    async def check_manifest(self, files: list[FileRow], verify) -> None:
        """Leases every chunk of a manifest being committed, then runs verify() (verify_content on
        a thread the caller chooses): from the lease on, gc cannot remove a chunk the check found,
        until the version references it. A chunk a gc is removing is waited for, then found
        missing (CHUNKS_MISSING: the client uploads it again). If the check took more than half a
        lease (a huge model), the chunks are leased and looked up again, so the lease surely lasts
        until the version is written."""
        digests = list(dict.fromkeys(d for f in files for d, _ in f.chunks))
        started = time.monotonic()
        _, claimed = await self._lease_after_claims(digests)
        if claimed:
            raise _chunks_missing(claimed, "are being removed by gc; upload them again")
        await verify()
        if time.monotonic() - started > self._lease / 2:
            gone = await self.lease(digests) or await self._io(self.chunks.missing, digests)
            if gone:
                raise _chunks_missing(gone, "were removed while the push was being checked; upload them again")

    async def receive(self, chunks) -> tuple[int, int, int]:
        """Verifies and stores uploaded chunks from an async iterator of (digest, raw_size, codec,
        payload, hint); returns (stored, already stored, payload bytes received).

        Chunks are verified (decode + sha256) and staged in groups, several groups at a time off
        the event loop. Staged chunks are invisible until committed, and commits follow stream
        order: after a bad chunk, what came before it is committed and nothing after it. Commits
        happen every `batch_bytes` of the chunk store and at the end: one
        disk sync (or one parallel round of PUTs) per batch instead of one per chunk, running while
        the next batch arrives, and an interrupted push keeps all but its last batches. Each batch is leased before it becomes
        visible, so gc never finds one of its chunks stored and unleased. Raw chunks with a hint
        (the byte-group width, 1 to guess) are queued for compression at rest (compaction.py) once
        their batch is visible."""
        groups: deque = deque()
        staged: list = []
        verified: list = []
        compact: list = []  # (digest, hint): staged raw with a CompressHint, queued with their batch
        counts = {"stored": 0, "existing": 0, "received": 0, "staged_bytes": 0, "bad": False}
        group: list = []
        group_bytes = 0

        committing: list = []  # the commit of the previous batch, running while the next one arrives
        failed = []

        async def commit_batch(batch, digests, queued):
            try:
                if digests:
                    await self.lease(digests)  # one a gc is removing stays unleased; the commit finds it missing
            except BaseException:
                self.chunks.discard(batch)
                raise
            await self._io(self.chunks.commit, batch)
            if queued:
                # After the commit, so the compactor never looks for a chunk not yet visible. A
                # crash in between leaves those chunks raw at rest: valid, only larger.
                await self._metadata.transact(lambda tx: tx.queue_compaction(queued, queued_time=now_micros()))

        async def flush(*, last: bool = False):
            """Commits what is staged, in stream order: a batch's disk sync runs while the next
            batch is received, and the next commit waits for it. After a failed commit, nothing
            later is committed."""
            if committing:
                previous = committing[0]
                try:
                    await asyncio.shield(previous)  # a cancelled call leaves it to settle_rest
                except BaseException:
                    if previous.done() and (previous.cancelled() or previous.exception()):
                        committing.pop()
                        failed.append(True)
                    raise
                committing.pop()
            batch, digests, queued = list(staged), list(verified), list(compact)
            staged.clear()
            verified.clear()
            compact.clear()
            counts["staged_bytes"] = 0
            if failed:
                self.chunks.discard(batch)
                return
            task = asyncio.ensure_future(commit_batch(batch, digests, queued))
            if last:
                await task
            else:
                committing.append(task)

        async def settle_one():
            # Shielded and popped once done: a group in flight when the call is cancelled stays
            # in `groups`, for the finally below to commit.
            outcome = await asyncio.shield(groups[0])
            groups.popleft()
            for item, size in outcome.staged:
                staged.append(item)
                counts["stored"] += 1
                counts["staged_bytes"] += size
            counts["existing"] += outcome.existing
            verified.extend(outcome.verified)
            compact.extend(outcome.compact)
            if outcome.error:
                counts["bad"] = True
                raise outcome.error
            if counts["staged_bytes"] >= self.batch_bytes:
                await flush()

        def submit():
            nonlocal group, group_bytes
            groups.append(asyncio.ensure_future(self._io(self._verify_and_stage, group)))
            group, group_bytes = [], 0
        try:
            try:
                async for digest, raw_size, codec_, payload, hint in chunks:
                    counts["received"] += len(payload)
                    _check_chunk_header(digest, raw_size, hint)
                    group.append((digest, raw_size, codec_, payload, hint))
                    group_bytes += len(payload)
                    if len(group) >= UPLOAD_GROUP or group_bytes >= UPLOAD_GROUP_BYTES:
                        submit()
                        if len(groups) >= UPLOAD_WINDOW:
                            await settle_one()
            finally:
                if group:
                    submit()
            while groups:
                await settle_one()
        finally:
            # Groups still in flight (the stream failed or was cancelled): those before the first
            # bad chunk are committed, the rest discarded. Shielded: a cancelled call (the client
            # went away) is cancelled again as gRPC tears it down, and the commit of what arrived
            # must finish anyway, so that a push run again finds those chunks stored.
            rest = list(groups)
            groups.clear()

            async def settle_rest():
                for outcome in await asyncio.gather(*rest, return_exceptions=True):
                    if counts["bad"] or isinstance(outcome, BaseException):
                        counts["bad"] = True
                        if not isinstance(outcome, BaseException):
                            self.chunks.discard([item for item, _ in outcome.staged])
                        continue
                    staged.extend(item for item, _ in outcome.staged)
                    verified.extend(outcome.verified)
                    compact.extend(outcome.compact)
                    counts["bad"] = outcome.error is not None
                await flush(last=True)
            settling = asyncio.ensure_future(settle_rest())
            self._settling.add(settling)
            settling.add_done_callback(self._settling.discard)
            await asyncio.shield(settling)
        return counts["stored"], counts["existing"], counts["received"]

    def _verify_and_stage(self, group: list) -> "_Staged":
        """Verifies then stages each chunk of a group in order, stopping at the first bad one."""
        outcome = _Staged()
        for digest, raw_size, codec_, payload, hint in group:
            try:
                _verify_chunk(digest, codec_, payload, raw_size)
                item = self.chunks.stage(digest, codec_, raw_size, payload)
            except (InvalidArgument, StorageFull, Unavailable) as e:
                outcome.error = e
                return outcome
            if item is None:
                outcome.existing += 1
            else:
                outcome.staged.append((item, len(payload)))
                if hint and codec_ == codec.CODEC_NONE:
                    outcome.compact.append((digest, hint))
            outcome.verified.append(digest)
        return outcome

    async def download(self, version: VersionRow, offset: int = 0, end: int = 0):
        """Yields (offset, StoredChunk) of a version (the caller may read it) in manifest order from
        the chunk containing offset, through the chunk containing byte end - 1 when end is set (a
        client cache's range). Chunks are read in groups off the event loop, DOWNLOAD_WINDOW
        groups ahead of the one being sent."""
        if offset < 0 or offset > version.total_size:
            raise OutOfRange("OFFSET_OUT_OF_RANGE", f"offset {offset} is outside 0..{version.total_size}")
        if end and not offset < end <= version.total_size:
            raise OutOfRange("OFFSET_OUT_OF_RANGE",
                             f"end_offset {end} is outside {offset + 1}..{version.total_size}")
        reads: deque = deque()

        def read_group(group):
            try:
                return [(chunk_offset, self.chunks.get(digest)) for chunk_offset, digest, _ in group]
            except ChunkMissing as e:
                raise DataLoss("CHUNK_MISSING", f"chunk {e} of {version.name} is missing from the store",
                               digest=str(e)) from None
            except CorruptStoredChunk as e:
                # Only a bad header shows here (frames are sent as stored; the client verifies
                # the rest). `modelreg fsck --repair` quarantines it.
                raise DataLoss("CHUNK_CORRUPT", f"{e} ({version.name}); run fsck --repair and push the "
                               "version again") from None
        try:
            while True:
                batch = await self._io(lambda: self._metadata.read_here(
                    lambda db: db.chunks_from(version.id, offset, limit=DOWNLOAD_BATCH)))
                if end:
                    batch = [row for row in batch if row[0] < end]
                if not batch:
                    break
                offset = batch[-1][0] + batch[-1][2]
                for i in range(0, len(batch), DOWNLOAD_GROUP):
                    reads.append(asyncio.ensure_future(self._io(read_group, batch[i:i + DOWNLOAD_GROUP])))
                    while len(reads) > DOWNLOAD_WINDOW:
                        for item in await reads.popleft():
                            yield item
            while reads:
                for item in await reads.popleft():
                    yield item
        finally:
            for read in reads:
                read.cancel()


    def verify_content(self, files: list[FileRow], stop) -> None:
        """Every chunk is stored with the declared size, and every file that states a sha256
        hashes to it. A file named by its tree digest alone (manifest format 2) is not read: its
        chunks' headers are (each chunk was checked against its digest when it was stored).
        Runs on a verifier thread (it reads the store's connection for that thread); gives up at
        the next chunk once `stop` (service.Stop: check() raises) says the push was abandoned.
        check_manifest() leases the manifest's chunks first, so none found here can be removed
        by gc before the version references it.

        A file that does not hash right is not blamed on the client before its stored chunks are
        checked one by one: those corrupt on disk are quarantined and reported as CHUNKS_MISSING,
        so the client uploads them again (and the push heals the store instead of failing)."""
        unique = list(dict.fromkeys(d for f in files for d, _ in f.chunks))
        missing = self.chunks.missing(unique)
        if missing:
            raise _chunks_missing(missing, "of the manifest are not uploaded")
        by_tree = [f for f in files if not f.sha256]
        if by_tree:
            self._check_sizes(by_tree)
        # The same content, cut the same way, was verified when first committed.
        unverified = self._metadata.read_here(lambda db: [f for f in files if f.sha256 and not db.verified_before(f)])
        for f in unverified:
            stop.check()
            self._verify_file(f, stop)

    def _check_sizes(self, files: list[FileRow]) -> None:
        declared = {}
        for f in files:
            for digest, size in f.chunks:
                if declared.setdefault(digest, size) != size:
                    raise InvalidArgument("CHUNK_SIZE_MISMATCH", f"{f.path}: chunk {digest} is listed with sizes "
                                          f"{declared[digest]} and {size}", path=f.path, digest=digest)
        stored = self.chunks.raw_sizes(list(declared))
        unreadable = [d for d in declared if d not in stored]
        for digest in unreadable:
            self.chunks.quarantine(digest)  # a bad header (only if its bytes do not match its digest)
        if unreadable:
            stored.update(self.chunks.raw_sizes(unreadable))  # a good upload may have replaced one meanwhile
            gone = [d for d in unreadable if d not in stored]
            if gone:
                raise _chunks_missing(gone, "were corrupt in the store (now quarantined) or removed; upload them again")
        for f in files:
            for digest, size in f.chunks:
                if digest in stored and stored[digest] != size:
                    raise InvalidArgument("CHUNK_SIZE_MISMATCH", f"{f.path}: chunk {digest} has {stored[digest]} "
                                          f"bytes, the manifest says {size}", path=f.path, digest=digest)

    def _verify_file(self, f: FileRow, stop, *, again: bool = True) -> None:
        mismatch = None
        try:
            actual = self._file_sha256(f, stop)
        except _SizeMismatch as e:
            actual, mismatch = None, e
        except (ChunkMissing, CorruptStoredChunk, codec.ChunkError):
            actual = None
        if actual == f.sha256:
            return
        digests = list(dict.fromkeys(d for d, _ in f.chunks))
        for digest in digests:
            self.chunks.quarantine(digest)  # only if its bytes do not match its digest
        gone = self.chunks.missing(digests)
        if gone:
            raise _chunks_missing(gone, f"of {f.path} were corrupt in the store (now quarantined) or removed; "
                                  "upload them again")
        if mismatch:
            raise InvalidArgument("INVALID_MANIFEST", str(mismatch), path=f.path)
        if actual is None and again:
            return self._verify_file(f, stop, again=False)  # a good upload replaced a bad chunk meanwhile
        raise InvalidArgument(
            "FILE_DIGEST_MISMATCH", f"{f.path}: content hashes to {actual}, manifest says {f.sha256}", path=f.path)

    def _file_sha256(self, f: FileRow, stop) -> str:
        sha = hashlib.sha256()

        def load(chunk):
            stop.check()
            digest, size = chunk
            stored = self.chunks.get(digest)
            if stored.raw_size != size:
                raise _SizeMismatch(f"{f.path}: chunk {digest} has {stored.raw_size} bytes, manifest says {size}")
            return codec.decode(stored.codec, stored.payload, stored.raw_size)
        # Chunks decode in parallel (zstd and sha256 release the GIL); the file hash is in order.
        for raw in bounded_map(load, f.chunks, workers=VERIFY_THREADS):
            sha.update(raw)
        return sha.hexdigest()


class _SizeMismatch(Exception):
    """A stored chunk's size differs from the manifest's: a bad manifest or a corrupt header."""


def _chunks_missing(digests: list[str], why: str) -> FailedPrecondition:
    return FailedPrecondition("CHUNKS_MISSING", f"{len(digests)} chunk(s) {why}, e.g. {digests[0]}",
                              missing_count=len(digests), first_missing=digests[0])


def _check_chunk_header(digest: str, raw_size: int, hint: int = 0) -> None:
    names.digest(digest)
    if hint < 0:
        raise InvalidArgument("INVALID_COMPRESS_HINT", f"chunk {digest}: compress_hint is not a CompressHint value",
                              digest=digest)
    if raw_size > codec.MAX_CHUNK_SIZE:
        raise TooLarge("CHUNK_TOO_LARGE", f"chunk raw size {raw_size} exceeds {codec.MAX_CHUNK_SIZE}",
                       digest=digest, limit=codec.MAX_CHUNK_SIZE)
    if raw_size < 0:
        raise InvalidArgument("CHUNK_SIZE_MISMATCH", f"negative raw size {raw_size}", digest=digest)


def _verify_chunk(digest: str, codec_: int, payload: bytes, raw_size: int) -> None:
    try:
        codec.decode_verified(digest, codec_, payload, raw_size)
    except codec.ChunkError as e:
        raise InvalidArgument(e.reason, f"chunk {digest}: {e}", digest=digest) from None
