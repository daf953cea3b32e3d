"""Compression at rest: chunks that arrived raw are re-encoded by the server in the background.

A pusher whose link is faster than its encoder sends chunks raw (`--compress auto`), marking each
that is worth compressing with a CompressHint. transfers.receive records those in the metadata
store (table chunk_compaction, schema 17) before their upload batch becomes visible, so the record
is as durable as the chunk. The Compactor here takes the oldest records in small batches, reads
each chunk, verifies it (decode + sha256), encodes it with codec.encode(raw, group) and, if that
is smaller, verifies the new encoding and puts it over the stored copy with ChunkStore.replace
(atomic: tmp + fsync + rename on files, one PUT on S3), then deletes the records.

Crash safety: at every moment each chunk is stored either in its old or its new encoding, both
decoding to the bytes its digest names, so fsck stays clean and pulls stay correct; a record
outlives its work at worst, and compacting a chunk again is harmless (it is no longer raw, or the
same bytes are written again). Two replicas may compact the same chunk at once for the same
reason: the encoding is deterministic and replace() is atomic.

Low priority: the CPU work runs on one thread of its own whose Linux nice value is 19
(setpriority on the thread's id), a batch of BATCH chunks at a time, so pushes and pulls keep the
cores. Knows the chunk store and metadata interfaces, nothing about gRPC.
"""

import asyncio
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from modelreg import codec

from .chunkstore import ChunkMissing, ChunkStore, CorruptStoredChunk
from .metadata import MetadataStore

log = logging.getLogger(__name__)

BATCH = 32  # chunks per step: about 5 MB of work, then the loop looks at the world again
DEFAULT_INTERVAL = 5.0  # seconds between looks at an empty backlog
GROUPS = {1: None, 2: 2, 4: 4}  # stored hint -> codec.encode's group (None: guess from a sample)


@dataclass
class CompactionReport:
    chunks_pending: int = 0
    chunks_compacted: int = 0
    chunks_kept: int = 0
    bytes_saved: int = 0


def _lower_priority() -> None:
    """Nice 19 for the calling thread only (Linux: a thread id is a process id for setpriority)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (OSError, AttributeError):
        pass


class Compactor:
    """Drains the chunk_compaction backlog every `interval` seconds (0 or less: only on request)."""

    def __init__(self, metadata: MetadataStore, chunks: ChunkStore, *, interval: float = DEFAULT_INTERVAL):
        self._metadata = metadata
        self._chunks = chunks
        self.interval = interval
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="compactor", initializer=_lower_priority)
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

    async def pending(self) -> int:
        return await self._metadata.read(lambda db: db.compaction_pending())

    async def _loop(self) -> None:
        while True:
            try:
                await self.drain()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("compaction failed; trying again in %.0fs", self.interval)
            await asyncio.sleep(self.interval)

    async def drain(self) -> CompactionReport:
        """Compacts the backlog until it is empty; what this call did, and what still waits."""
        report = CompactionReport()
        async with self._lock:
            while True:
                batch = await self._metadata.read(lambda db: db.compaction_batch(limit=BATCH))
                if not batch:
                    break
                loop = asyncio.get_running_loop()
                done = await loop.run_in_executor(self._thread, self._compact, batch, report)
                await self._metadata.transact(lambda tx: tx.compaction_done(done))
        report.chunks_pending = await self.pending()
        return report

    def _compact(self, batch: list[tuple[str, int]], report: CompactionReport) -> list[str]:
        """Compacts each chunk of a batch (on the low-priority thread); returns the digests done."""
        done = []
        for digest, hint in batch:
            saved = self._compact_one(digest, hint)
            if saved:
                report.chunks_compacted += 1
                report.bytes_saved += saved
            else:
                report.chunks_kept += 1
            done.append(digest)
        return done

    def _compact_one(self, digest: str, hint: int) -> int:
        """Bytes saved by re-encoding one stored chunk; 0 if it stays as it is (gone, already
        encoded, corrupt: fsck's business, or not smaller encoded)."""
        try:
            stored = self._chunks.get(digest)
        except (ChunkMissing, CorruptStoredChunk):
            return 0
        if stored.codec != codec.CODEC_NONE:
            return 0
        try:
            raw = codec.decode_verified(digest, stored.codec, stored.payload, stored.raw_size)
            codec_, payload = codec.encode(raw, GROUPS.get(hint))
            if codec_ == codec.CODEC_NONE or len(payload) >= len(stored.payload):
                return 0
            codec.decode_verified(digest, codec_, payload, stored.raw_size)  # never store what does not decode
        except codec.ChunkError as e:
            log.warning("chunk %s not compacted: %s", digest, e)
            return 0
        if not self._chunks.replace(digest, codec_, stored.raw_size, payload):
            return 0
        return len(stored.payload) - len(payload)
