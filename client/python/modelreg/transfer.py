"""Client side of moving model bytes: scan a directory into content-defined chunks, upload what the
server lacks, and download a version into a staging directory beside the destination (staging.py)
that is renamed into place only when every chunk and file digest has been verified; a download
killed half-way resumes from the verified bytes its staging holds."""

import bisect
import hashlib
import itertools
import json
import os
import shutil
import stat
import struct
import tempfile
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import modelreg_native

from . import codec, paths
from .errors import IntegrityError, InvalidArgument
from .manifest import CHUNK_TREE, FILE_SHA256, manifest_digest, tree_digest
from .scancache import ScanCache
from .staging import Staging, fsync_dir
from .v1 import resources_pb2 as r, transfer_service_pb2 as ts

# FastCDC bounds, chosen by measurement (docs/transfer.md): 256 KiB .. 4 MiB, ~1.25 MiB on
# average (FastCDC 2020's avg is where normalized chunking switches masks; the mean chunk is about
# avg + min). Every chunk costs a stored file, a message and a manifest row: at ~155 KiB (the
# bounds before) those per-chunk costs held a 1 GiB push under 150 MB/s. A safetensors file is
# cut at its tensors' edges too (tensor_boundaries), so a changed tensor sends itself and not its
# neighbours, however large the chunks.
CHUNK_MIN = 256 * 1024
CHUNK_AVG = 1024 * 1024
CHUNK_MAX = 4 * 1024 * 1024
# What a scan's chunks depend on, besides the bytes: the scan cache keeps scans under this.
CHUNKING = f"fastcdc:{CHUNK_MIN}:{CHUNK_AVG}:{CHUNK_MAX}:tensor-edges"
# The scan cache's key for scans of this kind: chunks only, no whole-file sha256 (format 2). An
# older SDK sharing the cache keeps reading its own entries, which carry one.
SCANS = CHUNKING + ":chunks-only"
# Chunks are packed into gRPC messages of about this size both ways: per-message cost dominates
# at one ~150 KB chunk per message (docs/transfer.md).
MESSAGE_BYTES = 1024 * 1024
# A pull asks for messages of up to this size (the server allows 8 MiB).
DOWNLOAD_MESSAGE_BYTES = 1024 * 1024
# Float widths by safetensors dtype: byte-grouping pays for these (see codec.py).
FLOAT_WIDTHS = {"F32": 4, "F16": 2, "BF16": 2}
WORKERS = max(2, min(8, os.cpu_count() or 2))
# A pull records its progress (after an fsync) every this many bytes; a resumed pull re-reads
# what came later and checks it chunk by chunk instead (a local read, not a download).
CHECKPOINT_BYTES = 16 * 1024 * 1024

Progress = Callable[[int], None]


@dataclass
class LocalFile:
    path: str  # relative POSIX path
    source: Path
    size: int
    mode: int
    chunks: list = field(default_factory=list)  # [(digest, size, offset in file)]
    floats: list = field(default_factory=list)  # [(start, end, width)] of float tensors, if known
    scanned_before: bool = False  # its chunks came from the scan cache: most likely pushed before

    @property
    def tree_digest(self) -> str:
        return tree_digest((d, s) for d, s, _ in self.chunks)

    def entry(self) -> r.FileEntry:
        """The file as a manifest format 2 push names it: by its chunk list (no whole-file sha256,
        which the server computes later)."""
        return r.FileEntry(path=self.path, size=self.size, mode=self.mode, tree_digest=self.tree_digest,
                           chunks=[r.ChunkRef(digest=d, size=s) for d, s, _ in self.chunks])


def list_files(root: Path) -> list[LocalFile]:
    """Regular files under root (symlinks to files are followed, directory symlinks are not).
    Raises InvalidArgument, before anything is read or sent, unless their paths follow the
    portable path rule (docs/paths.md), which the server enforces too."""
    root = Path(root)
    if not root.is_dir():
        if root.is_file():
            st = root.stat()
            return _portable(root, [LocalFile(root.name, root, st.st_size, stat.S_IMODE(st.st_mode) & 0o777)])
        raise FileNotFoundError(f"{root} is not a file or directory")
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            source = Path(dirpath) / name
            st = source.stat()
            if not stat.S_ISREG(st.st_mode):
                continue
            rel = source.relative_to(root).as_posix()
            found.append(LocalFile(rel, source, st.st_size, stat.S_IMODE(st.st_mode) & 0o777))
    return _portable(root, sorted(found, key=lambda f: f.path.encode("utf-8", "surrogateescape")))


def _portable(root: Path, files: list[LocalFile]) -> list[LocalFile]:
    try:
        paths.check_manifest(f.path for f in files)
    except paths.PathError as e:
        raise InvalidArgument(f"cannot push {root}: {e.message}", reason=e.reason,
                              metadata={"path": e.path, **({"other": e.other} if e.other else {})}) from None
    return files


def chunk_file(f: LocalFile, progress: Progress | None = None, *, boundaries: list[int] = ()) -> LocalFile:
    """Cuts a file into content-defined chunks and hashes each chunk, in one native pass without
    the GIL (modelreg_native.scan_file): read as a stream in 8 MiB blocks (not mmap) so resident
    memory stays flat however large the file. A chunk ends at each of `boundaries` (ascending
    offsets) too. No whole-file hash: the file is named by its chunk list (manifest format 2)."""
    _, f.chunks = modelreg_native.scan_file(os.fspath(f.source), CHUNK_MIN, CHUNK_AVG, CHUNK_MAX, progress,
                                            list(boundaries) or None, file_sha256=False)
    return f


def safetensors_layout(path: Path) -> tuple[int, list[tuple[int, int, str]]] | None:
    """(end of the header, [(start, end, dtype)] file ranges of its tensors, ascending) of a
    safetensors file; None when the file is not one."""
    try:
        with open(path, "rb") as fh:
            (length,) = struct.unpack("<Q", fh.read(8))
            if length > 100 * 1024 * 1024:
                return None
            header = json.loads(fh.read(length))
    except (OSError, ValueError, struct.error):
        return None
    if not isinstance(header, dict):
        return None
    tensors = []
    for name, tensor in header.items():
        if name == "__metadata__" or not isinstance(tensor, dict):
            continue
        offsets = tensor.get("data_offsets")
        if not (isinstance(offsets, list) and len(offsets) == 2 and all(type(o) is int for o in offsets)):
            return None
        start, end = offsets
        if 0 <= start < end:
            tensors.append((8 + length + start, 8 + length + end, str(tensor.get("dtype"))))
    return 8 + length, sorted(tensors)


def tensor_boundaries(layout: tuple[int, list[tuple[int, int, str]]] | None) -> list[int]:
    """Where a safetensors file's chunks must end so that a changed tensor changes only its own
    chunks: after the header (metadata that grows moves no tensor's chunks), and at each tensor's
    edge, except that tensors smaller than CHUNK_MIN run together until the run reaches it (a
    file of many tiny tensors does not become as many tiny chunks). Derived from the header alone,
    so two files with one layout cut alike."""
    if not layout:
        return []
    header_end, tensors = layout
    cuts, run_start = [header_end], header_end
    for i, (start, end, _) in enumerate(tensors):
        if start < cuts[-1] or end <= run_start:
            return [header_end]  # overlapping tensors: not a layout worth following
        following = tensors[i + 1][1] - tensors[i + 1][0] if i + 1 < len(tensors) else CHUNK_MIN
        if end - run_start >= CHUNK_MIN or following >= CHUNK_MIN:
            cuts.append(end)
            run_start = end
    return cuts


def float_width(floats: list, offset: int, size: int) -> int | None:
    """The float width covering most of [offset, offset+size), 0 if mostly not floats, None if the
    file's layout is unknown."""
    if not floats:
        return None
    covered = {}
    end = offset + size
    index = bisect.bisect_right(floats, (offset, float("inf"), 0)) - 1
    for start, stop, width in floats[max(index, 0):]:
        if start >= end:
            break
        overlap = min(stop, end) - max(start, offset)
        if overlap > 0:
            covered[width] = covered.get(width, 0) + overlap
    width, amount = max(covered.items(), key=lambda kv: kv[1], default=(0, 0))
    return width if amount * 2 > size else 0


def scan(root: Path, progress: Progress | None = None, *, cache: bool = True,
         files: list[LocalFile] | None = None) -> list[LocalFile]:
    """Chunks and hashes every file under root (or the given list_files(root)); files unchanged
    since a previous scan come from the scan cache (scancache.py) without being read, and the
    stretches of changed files (tensors, whole files) it has seen before without being cut."""
    files = list_files(root) if files is None else files
    scans = ScanCache(params=SCANS) if cache else None

    def one(f: LocalFile) -> LocalFile:
        st = os.stat(f.source)
        cached = scans.get(f.source) if scans else None
        layout = safetensors_layout(f.source) if f.path.endswith(".safetensors") else None
        if cached:
            f.chunks, f.scanned_before = cached, True
            if progress:
                progress(f.size)
        elif scans and scans.conn is not None:
            f.chunks, stretches = modelreg_native.scan_file_reusing(
                os.fspath(f.source), CHUNK_MIN, CHUNK_AVG, CHUNK_MAX, scans.seed, scans.stretch, progress,
                tensor_boundaries(layout) or None)
            scans.put_stretches(stretches, f.chunks)
            scans.put(f.source, st, f.chunks)
        else:
            chunk_file(f, progress, boundaries=tensor_boundaries(layout))
        f.floats = [(a, b, FLOAT_WIDTHS[t]) for a, b, t in layout[1] if t in FLOAT_WIDTHS] if layout else []
        return f
    try:
        with ThreadPoolExecutor(WORKERS) as pool:
            return list(pool.map(one, files))
    finally:
        if scans:
            scans.close()


def bounded_map(fn, items: Iterable, *, workers: int = WORKERS, window: int = 2 * WORKERS) -> Iterator:
    """Like ThreadPoolExecutor.map, but keeps at most `window` results in flight, so memory stays
    flat however many items there are."""
    with ThreadPoolExecutor(workers) as pool:
        pending = deque()
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


COMPRESS_MODES = ("auto", "always", "never")
# CompressHint of a raw chunk by the float width its file's layout gives (float_width): the
# server compresses it at rest later (server/modelreg_server/compaction.py).
HINTS = {4: r.COMPRESS_HINT_FLOAT32, 2: r.COMPRESS_HINT_FLOAT16}


class CompressPolicy:
    """Decides, from what a push measures as it goes, whether chunks travel compressed.

    Measured per window of WINDOW_BYTES sent, separately for messages sent mostly raw and mostly
    encoded: the pipeline's rate (raw bytes handed to gRPC per second of wall time), the time
    gRPC held the request generator (its sync stream waits for each message's send, so flow
    control makes that the time the link, the server's processing included, needed) and the
    link's rate (wire bytes per second held). Also the encoder's rate per thread (raw bytes per
    wall second in encode, so a CPU shared with the server counts as slower) and its ratio.

    `auto` starts raw, encoding one chunk in four over the first PROBE_BYTES and one in
    PROBE_EVERY after, so the encoder's figures exist (per ENCODE_WINDOW encoded) at a cost of
    under 2% of the chunks encoded on a fast link. It compresses only when the raw push is
    link-bound (the generator held more than LINK_BOUND of the time: the link, not this machine,
    is what limits) and compressing is predicted faster by SWITCH_UP: min(encoder rate x cores,
    link rate / ratio), capped by the pipeline rate measured the last time it compressed, against
    the raw pipeline rate. While compressing, it goes back to raw as soon as the measured rate
    compressed falls below the raw rate measured before; each time that happens the next try
    needs a 1.5x larger predicted gain (a noisy raw window must not make it flap). The first window of each kind is a
    warm-up (connection windows growing) and only counts once a second one exists."""

    SWITCH_UP = 1.15
    LINK_BOUND = 0.5
    PROBE_EVERY = 64
    PROBE_BYTES = 8 * 1024 * 1024
    WINDOW_BYTES = 8 * 1024 * 1024
    ENCODE_WINDOW = 1024 * 1024

    def __init__(self, mode: str = "auto", *, cores: int | None = None):
        if mode not in COMPRESS_MODES:
            raise ValueError(f"compress must be one of {', '.join(COMPRESS_MODES)}, not {mode!r}")
        self.mode = mode
        self.cores = cores or min(WORKERS, os.cpu_count() or 1)
        self.compress = mode == "always"
        self.encode_rate = 0.0  # raw bytes per second of one encoder thread's wall time
        self.ratio = 1.0  # wire bytes / raw bytes of the encoded chunks
        # Per kind of message (packed: mostly encoded): pipeline rate (raw bytes per wall second),
        # link rate (wire bytes per second held), share of the time held.
        self.rate = {False: 0.0, True: 0.0}
        self.link = {False: 0.0, True: 0.0}
        self.held = {False: 0.0, True: 0.0}
        self.switches = 0
        self._backs = 0  # times compressing measured slower: each makes the next try need 1.5x more
        self._lock = threading.Lock()
        self._enc = [0.0, 0.0, 0.0]  # raw in, wire out, seconds
        self._win = {False: [0.0, 0.0, 0.0, 0.0], True: [0.0, 0.0, 0.0, 0.0]}  # raw, wire, held, wall
        self._windows = {False: 0, True: 0}
        self._last = None

    def wants(self, index: int, offered: int) -> bool:
        """Whether chunk number `index` (offered raw bytes so far) is encoded."""
        if self.mode != "auto":
            return self.mode == "always"
        if self.compress:
            return True
        return index % (4 if offered < self.PROBE_BYTES else self.PROBE_EVERY) == 0

    def encoded(self, raw: int, wire: int, seconds: float) -> None:
        with self._lock:
            e = self._enc
            e[0], e[1], e[2] = e[0] + raw, e[1] + wire, e[2] + seconds
            if e[0] >= self.ENCODE_WINDOW and e[2] > 0:
                rate, ratio = e[0] / e[2], e[1] / e[0]
                self.encode_rate = rate if not self.encode_rate else (self.encode_rate + rate) / 2
                self.ratio = ratio if self.ratio == 1.0 else (self.ratio + ratio) / 2
                self._enc = [0.0, 0.0, 0.0]

    def delivered(self, raw: int, wire: int, held: float, *, packed: bool) -> None:
        """A message of `raw` bytes (`wire` on the wire, mostly encoded ones if packed) was sent;
        gRPC held the generator `held` seconds for it."""
        now = time.perf_counter()
        with self._lock:
            wall = now - self._last if self._last is not None else held
            self._last = now
            w = self._win[packed]
            w[0], w[1], w[2], w[3] = w[0] + raw, w[1] + wire, w[2] + held, w[3] + max(wall, held)
            if w[1] < self.WINDOW_BYTES:
                return
            self._win[packed] = [0.0, 0.0, 0.0, 0.0]
            self._windows[packed] += 1
            rate, link, share = w[0] / max(w[3], 1e-6), w[1] / max(w[2], 1e-6), w[2] / max(w[3], 1e-6)
            first = self._windows[packed] <= 2
            self.rate[packed] = rate if first else (self.rate[packed] + rate) / 2
            self.link[packed] = link if first else (self.link[packed] + link) / 2
            self.held[packed] = share if first else (self.held[packed] + share) / 2
            self._decide()

    def _decide(self) -> None:
        if self.mode != "auto" or not self.rate[False]:
            return
        raw_rate = self.rate[False]
        if self.compress:
            if self.rate[True] and self.rate[True] < raw_rate:
                self.compress, self.switches, self._backs = False, self.switches + 1, self._backs + 1
            return
        if not self.encode_rate or self.held[False] < self.LINK_BOUND:
            return  # this machine, not the link, limits a raw push: compressing would only cost CPU
        link = self.link[True] or self.link[False]
        predicted = min(self.encode_rate * self.cores, link / self.ratio)
        if self.rate[True]:
            predicted = min(predicted, self.rate[True])
        if predicted > raw_rate * self.SWITCH_UP * 1.5 ** self._backs:
            self.compress, self.switches = True, self.switches + 1

    def summary(self) -> dict:
        return {"mode": self.mode, "compressing": self.compress, "switches": self.switches,
                "encode_mb_s_per_thread": self.encode_rate / 1e6, "ratio": self.ratio,
                "raw": {"mb_s": self.rate[False] / 1e6, "link_mb_s": self.link[False] / 1e6,
                        "held": self.held[False]},
                "packed": {"mb_s": self.rate[True] / 1e6, "link_mb_s": self.link[True] / 1e6,
                           "held": self.held[True]}}


def _wanted_by_file(files: list[LocalFile], missing: set[str]) -> list[tuple[LocalFile, list]]:
    """Each missing chunk once, grouped by file and in file order: [(file, [(digest, size, offset)])]."""
    seen, out = set(), []
    for f in files:
        chunks = []
        for digest, size, offset in sorted(f.chunks, key=lambda c: c[2]):
            if digest in missing and digest not in seen:
                seen.add(digest)
                chunks.append((digest, size, offset))
        if chunks:
            out.append((f, chunks))
    return out


READ_BUFFER = 8 * 1024 * 1024


def _read_chunks(wanted: list[tuple[LocalFile, list]]):
    """(file, digest, size, offset, raw) of the wanted chunks: each file opened once and read in
    order through a large buffer (a seek only over chunks not wanted)."""
    for f, chunks in wanted:
        with open(f.source, "rb", buffering=READ_BUFFER) as fh:
            position = 0
            for digest, size, offset in chunks:
                if offset != position:
                    fh.seek(offset)
                raw = fh.read(size)
                position = offset + len(raw)
                if len(raw) != size:
                    raise IntegrityError(f"{f.source} changed while it was being pushed")
                yield f, digest, size, offset, raw


def upload_requests(files: list[LocalFile], missing: set[str], progress: Progress | None = None, *,
                    policy: CompressPolicy | None = None):
    """UploadChunksRequests for each missing chunk once. Files are read sequentially, chunks are
    encoded (or not: the policy decides) on WORKERS threads while earlier messages are sent.

    Chunks are not hashed again here: the server verifies every chunk's sha256 before it stores
    it, so a file that changed since it was scanned is refused with CHUNK_DIGEST_MISMATCH, which
    Registry.push reports as the file having changed while it was being pushed. Raw chunks carry
    a CompressHint so the server compresses them at rest."""
    policy = policy or CompressPolicy("always")
    counter = itertools.count()
    offered = [0]

    def numbered():
        for item in _read_chunks(_wanted_by_file(files, missing)):
            offered[0] += item[2]
            yield next(counter), item

    def encode(numbered_item):
        index, (f, digest, size, offset, raw) = numbered_item
        width = float_width(f.floats, offset, size)
        if policy.wants(index, offered[0]):
            began = time.perf_counter()
            codec_, payload = codec.encode(raw, width)
            policy.encoded(size, len(payload), time.perf_counter() - began)
            hint = r.COMPRESS_HINT_UNSPECIFIED  # encoded, or found incompressible: leave it at rest
            return r.Chunk(digest=digest, raw_size=size, codec=codec_, data=payload, compress_hint=hint)
        hint = HINTS.get(width, r.COMPRESS_HINT_GUESS)
        return r.Chunk(digest=digest, raw_size=size, codec=r.CODEC_NONE, data=raw, compress_hint=hint)

    def send(batch):
        wire = sum(len(c.data) for c in batch)
        raw_wire = sum(len(c.data) for c in batch if c.codec == r.CODEC_NONE)
        handed = time.perf_counter()
        yield ts.UploadChunksRequest(chunks=batch)
        # gRPC held the generator while it sent (flow control: until the link took the bytes).
        policy.delivered(sum(c.raw_size for c in batch), wire, time.perf_counter() - handed,
                         packed=raw_wire * 2 < wire)
        if progress:
            progress(sum(c.raw_size for c in batch))

    batch, batch_bytes = [], 0
    for chunk in bounded_map(encode, numbered()):
        if batch and batch_bytes + len(chunk.data) > MESSAGE_BYTES:
            yield from send(batch)
            batch, batch_bytes = [], 0
        batch.append(chunk)
        batch_bytes += len(chunk.data)
    if batch:
        yield from send(batch)


def decode(response: ts.DownloadVersionResponse) -> bytes:
    """The raw bytes of a downloaded chunk, verified against its digest (safe to run in threads)."""
    chunk = response.chunk
    try:
        return codec.decode_verified(chunk.digest, chunk.codec, chunk.data, chunk.raw_size)
    except codec.ChunkError as e:
        raise IntegrityError(f"chunk at offset {response.offset}: {e}", reason=e.reason) from None


class Assembler:
    """Writes a version's chunk stream into its staging directory (staging.py), verifying as it goes.

    `offset` is the end of the last verified byte: where the stream starts and resumes after a
    cut. A new Assembler for a version whose staging an earlier pull left (killed, or stopped by
    an error) takes over what is there and starts at `resumed`:
    - files wholly below the progress record's offset, by their size: they were hash-checked
      and fsync'd before the record was written;
    - the rest, chunk by chunk against the manifest's digests (bytes below the record's offset
      only feed the file hash of a format 1 version, which hashlib cannot save), up to the first
      chunk that does not match; the file is cut there. So even bytes written after the last
      record count.

    Before anything is written the manifest is checked against the version's digest (and in
    format 2, each file's tree digest against its chunk list), so every byte checked against its
    chunk's digest is a byte of the version named. A format 2 file is not hashed as a whole: its
    chunks are its identity.
    """

    def __init__(self, version: r.Version, dest: Path):
        self.version = version
        self.dest = Path(dest)
        _check_paths([entry.path for entry in version.files])
        self.by_tree = check_manifest(version)
        self._starts = []  # (start offset, FileEntry)
        position = 0
        for entry in version.files:
            self._starts.append((position, entry))
            position += entry.size
        self.total = position
        self.dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._start(trusted=True)
        except IntegrityError:
            self._start(trusted=False)  # what the staging held was wrong (and is gone): start afresh
        self.resumed = self.offset
        self._checkpointed = self.offset
        self._syncer = None  # the thread checkpoints run on, made at the first
        self._syncing = None  # the checkpoint in flight

    def _start(self, *, trusted: bool) -> None:
        self.staging = Staging(self.dest, self.version.digest)
        self.tmp = self.staging.files
        self.spoiled = False  # bytes on disk turned out wrong: the staging must not be resumed
        self.offset = 0
        self._index = -1
        self._handle = None
        self._hash = None
        try:
            self._open_next(trusted=self.staging.verified_offset(self.total) if trusted else None)
        except BaseException:
            self.close()
            raise

    def _open_next(self, *, trusted: int | None = None) -> None:
        """Finishes the current file and opens the next; zero-length files complete at once.
        While resuming (trusted is set), files an earlier pull left are taken over."""
        while True:
            if self._handle:
                self._finish_file()
            self._index += 1
            if self._index >= len(self._starts):
                return
            start, entry = self._starts[self._index]
            target = self.tmp / entry.path
            target.parent.mkdir(parents=True, exist_ok=True)
            self.offset, self._chunk = start, 0
            self._hash = None if self.by_tree else hashlib.sha256()
            if not entry.size:
                self._handle = open(target, "wb")
                continue
            if trusted is not None and start + entry.size <= trusted and _size(target) == entry.size:
                os.chmod(target, entry.mode or 0o644)
                self.offset = start + entry.size
                continue
            if trusted is not None and _size(target):
                self._handle = open(target, "r+b")
                self._take_over(start, entry, trusted)
                if self._chunk == len(entry.chunks):
                    continue
                return
            self._handle = open(target, "wb")
            return

    def _take_over(self, start: int, entry: r.FileEntry, trusted: int) -> None:
        """Advances over the chunks of the open file that an earlier pull wrote, and cuts the
        file after the last good one."""
        kept = 0
        on_disk = os.fstat(self._handle.fileno()).st_size
        for chunk in entry.chunks:
            below = start + kept + chunk.size <= trusted
            if below and not self._hash:
                if kept + chunk.size > on_disk:
                    break
                self._handle.seek(chunk.size, os.SEEK_CUR)  # fsync'd before the record: no need to read it
            else:
                raw = self._handle.read(chunk.size)
                if len(raw) != chunk.size:
                    break
                if not below and hashlib.sha256(raw).hexdigest() != chunk.digest:
                    break
                if self._hash:
                    self._hash.update(raw)
            self._chunk += 1
            kept += chunk.size
        self._handle.seek(kept)
        self._handle.truncate()
        self.offset = start + kept

    def _finish_file(self) -> None:
        _, entry = self._starts[self._index]
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        self._handle = None
        if self._hash and self._hash.hexdigest() != entry.sha256:
            self.spoiled = True
            raise IntegrityError(f"{entry.path}: downloaded content hashes to {self._hash.hexdigest()}, "
                                 f"expected {entry.sha256}")
        os.chmod(self.tmp / entry.path, entry.mode or 0o644)

    def add(self, response: ts.DownloadVersionResponse) -> int:
        """Verifies and writes one chunk; returns its raw size."""
        return self.write(response, decode(response))

    def write(self, response: ts.DownloadVersionResponse, raw: bytes) -> int:
        """Writes one chunk that decode() verified against its own digest, after checking it is
        the chunk the manifest expects at this offset; returns its raw size."""
        chunk = response.chunk
        if response.offset != self.offset:
            raise IntegrityError(f"server sent offset {response.offset}, expected {self.offset}")
        start, entry = self._starts[self._index]
        expected = entry.chunks[self._chunk] if self._chunk < len(entry.chunks) else None
        if expected is None or expected.digest != chunk.digest:
            raise IntegrityError(f"{entry.path}: unexpected chunk {chunk.digest} at offset {self.offset}")
        self._handle.write(raw)
        if self._hash:
            self._hash.update(raw)
        self._chunk += 1
        self.offset += len(raw)
        if self.offset - start == entry.size:
            self._open_next()
        if self.offset - self._checkpointed >= CHECKPOINT_BYTES and self._handle:
            self._checkpoint_behind()
        return len(raw)

    def _checkpoint_behind(self) -> None:
        """Starts a checkpoint on a thread of its own: the fsync of the file being written (files
        before it were fsync'd when they ended) and then the record, while the pull goes on
        receiving and writing. A pull that waited for each fsync spent its disk's whole write
        time stopped; this way the disk writes while the next bytes arrive. One checkpoint at a
        time: while one is in flight the next is skipped, so records may lag, never lead."""
        if self._syncing is not None:
            if not self._syncing.done():
                return
            self._syncing.result()  # what the last one met (an EIO, a full disk) stops the pull
        if self._syncer is None:
            self._syncer = ThreadPoolExecutor(1, thread_name_prefix="modelreg-checkpoint")
        self._handle.flush()
        fd = os.dup(self._handle.fileno())
        self._syncing = self._syncer.submit(self._sync_and_record, fd, self.offset)
        self._checkpointed = self.offset

    def _sync_and_record(self, fd: int, offset: int) -> None:
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        self.staging.save(offset)

    def _settle(self) -> None:
        """Waits for the checkpoint in flight, raising what it met, and stops its thread."""
        syncing, self._syncing = self._syncing, None
        if self._syncer is not None:
            self._syncer.shutdown(wait=True)
            self._syncer = None
        if syncing is not None:
            syncing.result()

    def checkpoint(self) -> None:
        """Makes the bytes below offset durable, then records them in the staging."""
        self._settle()
        if self._handle:
            self._handle.flush()
            os.fsync(self._handle.fileno())
        self.staging.save(self.offset)
        self._checkpointed = self.offset

    @property
    def complete(self) -> bool:
        return self._index >= len(self._starts)

    def commit(self, *, overwrite: bool = False) -> Path:
        """Renames the verified directory into place; with overwrite, swaps out an existing one.
        The staging is removed afterwards."""
        if not self.complete:
            raise IntegrityError(f"download stopped at byte {self.offset} of {self.total}")
        self._settle()
        for directory in [self.tmp, *[p for p in self.tmp.rglob("*") if p.is_dir()]]:
            directory.chmod(0o755)
        if self.dest.exists() or self.dest.is_symlink():
            if not overwrite:
                raise FileExistsError(f"{self.dest} exists")
            old = Path(tempfile.mkdtemp(prefix=f".{self.dest.name}.old-", dir=self.dest.parent))
            os.replace(self.dest, old / "previous")
            os.replace(self.tmp, self.dest)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(self.tmp, self.dest)
        fsync_dir(self.dest.parent)
        self.staging.remove()
        return self.dest

    def close(self) -> None:
        """Stops, keeping the staging for a later pull to resume (recording how far it got), unless
        its bytes turned out wrong: then it is removed."""
        if self.spoiled:
            return self.abort()
        try:
            if self._handle and not self.complete:
                self.checkpoint()
            else:
                self._settle()
        except OSError:
            pass  # e.g. the disk is full: the next pull re-checks these bytes chunk by chunk
        finally:
            if self._handle:
                self._handle.close()
                self._handle = None
            self.staging.release()

    def abort(self) -> None:
        """Stops and removes the staging."""
        try:
            self._settle()
        except OSError:
            pass  # removed anyway
        if self._handle:
            self._handle.close()
            self._handle = None
        self.staging.remove()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def check_manifest(version: r.Version) -> bool:
    """Checks a downloaded manifest against the version's digest before anything is written:
    each file's size is the sum of its chunks, each format 2 file's tree digest is its chunk
    list's, and the digest over the files is the version's. Returns whether the files are named
    by their tree digests (format 2), so a pull need not hash them whole. IntegrityError if not."""
    by_tree = version.manifest_format == r.MANIFEST_FORMAT_CHUNK_TREE
    for entry in version.files:
        if entry.size != sum(c.size for c in entry.chunks) or any(c.size <= 0 for c in entry.chunks):
            raise IntegrityError(f"{entry.path}: the manifest's size {entry.size} is not the sum of its chunks",
                                 reason="INVALID_MANIFEST")
        if by_tree and entry.tree_digest != tree_digest(entry.chunks):
            raise IntegrityError(f"{entry.path}: tree digest {entry.tree_digest} is not its chunk list's",
                                 reason="TREE_DIGEST_MISMATCH")
    actual = manifest_digest(version.files, CHUNK_TREE if by_tree else FILE_SHA256)
    if actual != version.digest:
        raise IntegrityError(f"the manifest hashes to {actual}, the version's digest is {version.digest}",
                             reason="VERSION_DIGEST_MISMATCH")
    return by_tree


def _check_paths(manifest: list[str]) -> None:
    """Never trust a manifest's paths, whoever sent it: each must stay inside the destination and
    be portable, and no two may be the same file on a case-insensitive or normalizing system."""
    try:
        paths.check_manifest(manifest)
    except paths.PathError as e:
        raise IntegrityError(f"unsafe manifest: {e.message}", reason=e.reason, metadata={"path": e.path}) from None
