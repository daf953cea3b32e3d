"""Whole-file sha256s of manifest format 2 versions, computed by the server in the background.

A version pushed in MANIFEST_FORMAT_CHUNK_TREE names its files by their tree digest (the hash of
the chunk list), so neither the client nor the commit reads a file a second time. Users still
compare files with `sha256sum`, so the server fills in each file's sha256 afterwards, where it
costs nobody's wait: the FileHasher takes files without one a few at a time, reads their chunks
in order (each decoded and checked against its digest: a corrupt chunk must never become a
file's sha256), and records the hash for every file of that content (tree digest and size). A
new file whose content an earlier file has gets that sha256 at insert (store.insert_version).

Low priority, as compaction (one thread of its own at nice 19). Crash safety: the hash is
recorded in one statement after it is complete; a crash before that leaves the file without one,
and it is hashed again later.
"""

import asyncio
import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from modelreg import codec

from .chunkstore import ChunkMissing, ChunkStore, CorruptStoredChunk
from .compaction import DEFAULT_INTERVAL, _lower_priority
from .domain import FileRow
from .metadata import MetadataStore

log = logging.getLogger(__name__)

BATCH = 16  # file rows looked at per step


@dataclass
class HashReport:
    files_hashed: int = 0
    bytes_hashed: int = 0
    files_failed: int = 0  # a chunk missing or corrupt: fsck's business; tried again next round


class FileHasher:
    """Fills in missing file sha256s every `interval` seconds (0 or less: only on request)."""

    def __init__(self, metadata: MetadataStore, chunks: ChunkStore, *, interval: float = DEFAULT_INTERVAL):
        self._metadata = metadata
        self._chunks = chunks
        self.interval = interval
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="file-hasher", initializer=_lower_priority)
        self._lock = asyncio.Lock()
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        if self.interval > 0:
            self._task = asyncio.ensure_future(self._loop())

    async def close(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        self._thread.shutdown(wait=True)

    async def _loop(self) -> None:
        while True:
            try:
                await self.drain()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("file hashing failed; trying again in %.0fs", self.interval)
            await asyncio.sleep(self.interval)

    async def drain(self) -> HashReport:
        """Hashes files until none without a sha256 is left but those that failed this call."""
        report = HashReport()
        failed: set[tuple[str, int]] = set()
        async with self._lock:
            while True:
                files = await self._metadata.read(lambda db: db.files_without_sha256(limit=BATCH + len(failed)))
                files = [f for f in files if (f.tree_digest, f.size) not in failed]
                if not files:
                    break
                loop = asyncio.get_running_loop()
                for f in files:
                    sha256 = await loop.run_in_executor(self._thread, self._hash, f)
                    if sha256 is None:
                        failed.add((f.tree_digest, f.size))
                        report.files_failed += 1
                        continue
                    await self._metadata.transact(lambda tx: tx.set_file_sha256(f.tree_digest, f.size, sha256))
                    report.files_hashed += 1
                    report.bytes_hashed += f.size
        return report

    def _hash(self, f: FileRow) -> str | None:
        """The file's sha256; None if a chunk is missing or corrupt. A corrupt one is quarantined
        (only if its bytes really do not match its digest), so FindMissingChunks reports it and
        the next push of that content uploads it again: a format 2 commit does not read the
        chunks it reuses, so this is where bit rot in a reused chunk is caught and healed."""
        h = hashlib.sha256()
        for digest, size in f.chunks:
            try:
                stored = self._chunks.get(digest)
                raw = codec.decode_verified(digest, stored.codec, stored.payload, stored.raw_size)
                if len(raw) != size:
                    raise codec.ChunkError(f"chunk {digest} has {len(raw)} bytes, the manifest says {size}")
            except ChunkMissing as e:
                log.warning("%s: sha256 not computed: chunk %s is missing", f.path, e)
                return None
            except (CorruptStoredChunk, codec.ChunkError) as e:
                log.warning("%s: sha256 not computed: %s", f.path, e)
                self._chunks.quarantine(digest)
                return None
            h.update(raw)
        return h.hexdigest()
