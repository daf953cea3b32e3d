"""The chunk store interface the rules and the transfer plumbing talk to, and what its backends share.

A chunk is named by the sha256 of its raw bytes and stored once, write-once, as a 13-byte header
(magic `MRCK`, codec byte, raw size as 8 bytes big-endian) followed by the payload exactly as it
travels, so a download sends stored frames unchanged. Chunks are at most codec.MAX_CHUNK_SIZE, so
every verb moves whole chunks and memory stays bounded whatever the model size.

Backends (chosen by URL, see open_chunk_store):
    file:///PATH   blobs.FileChunkStore, the embedded default (DATA/blobs)
    s3://BUCKET/PREFIX?endpoint=http://HOST:PORT&region=R   s3chunks.S3ChunkStore

The verbs, as restic's backends have them:
    missing(digests)        which are not stored (a question only: it changes nothing)
    put(...)                put-if-absent of one verified chunk; False if it was stored already
    stage / commit / discard   the batched put: staged chunks are invisible until commit, which
                            makes a whole batch durable at once (one syncfs on files, parallel
                            conditional PUTs on S3); discard drops them
    get / verify            one whole stored chunk; verify also decodes and checks its digest
    digests()               list: (digest, stored size, time stored) of every chunk, paginated
    remove(digest)          delete
    replace(digest, ...)    compaction: put another encoding of the same raw bytes (the caller
                            verified it) over a stored chunk, atomically: readers see the old or
                            the new encoding, both valid; False, writing nothing, if it is gone
    quarantine(digest)      repair: move a chunk whose bytes do not match its digest aside, so it
                            counts as missing and the next upload stores it afresh
    clean_tmp()             drop what a crash mid-write left (only the process holding DATA)
    stored_sizes(digests)   how many bytes each stored chunk takes (what the dashboard shows
                            as compressed and deduplicated), without reading it
    raw_sizes(digests)      each stored chunk's raw size from its header alone (a commit of
                            manifest format 2 checks the manifest's sizes without reading chunks)

The caller verifies every uploaded chunk before putting it; a backend only makes it visible once
it is durable. What a push in flight relies on is not the chunk store's business: the transfer
plumbing leases those chunks in the metadata store (transfers.py), which every replica and gc see,
and gc (maintenance.py) removes an unreferenced chunk only when no lease holds it. No backend
touches mtimes or remembers renewals; the time stored is only a second guard for gc.
"""

import struct
from dataclasses import dataclass
from typing import Iterator, Protocol
from urllib.parse import unquote, urlsplit

from modelreg import codec as chunk_codec

MAGIC = b"MRCK"
HEADER = struct.Struct(">4sBQ")


class LayoutError(RuntimeError): pass
class ChunkMissing(LookupError): pass
class CorruptStoredChunk(RuntimeError): pass
class BadChunkStoreURL(ValueError): pass


@dataclass(frozen=True)
class StoredChunk:
    digest: str
    codec: int
    raw_size: int
    payload: bytes


class ChunkStore(Protocol):
    """What every chunk store backend offers; see the module docstring for each verb's promise.
    batch_bytes: how many payload bytes a receiving stream stages before it commits them."""

    batch_bytes: int

    def missing(self, digests: list[str]) -> list[str]: ...
    def put(self, digest: str, codec: int, raw_size: int, payload: bytes) -> bool: ...
    def stage(self, digest: str, codec: int, raw_size: int, payload: bytes) -> object | None: ...
    def commit(self, staged: list) -> None: ...
    def discard(self, staged: list) -> None: ...
    def get(self, digest: str) -> StoredChunk: ...
    def verify(self, digest: str) -> StoredChunk: ...
    def digests(self) -> Iterator[tuple[str, int, float]]: ...
    def remove(self, digest: str) -> None: ...
    def replace(self, digest: str, codec: int, raw_size: int, payload: bytes) -> bool: ...
    def quarantine(self, digest: str) -> bool: ...
    def clean_tmp(self) -> None: ...
    def stored_sizes(self, digests: list[str]) -> dict[str, int]:
        """digest -> bytes the store keeps for it (header and payload as stored, so compressed),
        for those of the digests that are stored. A question only: it reads no chunk."""
    def raw_sizes(self, digests: list[str]) -> dict[str, int]:
        """digest -> raw size its header declares, for those of the digests that are stored with
        a sound header; reads the 13 header bytes of each, nothing more."""


def encode(codec: int, raw_size: int, payload: bytes) -> bytes:
    return HEADER.pack(MAGIC, codec, raw_size) + payload


def decode(digest: str, data: bytes) -> StoredChunk:
    """A stored chunk from its bytes; CorruptStoredChunk if the header is truncated or wrong."""
    if len(data) < HEADER.size:
        raise CorruptStoredChunk(f"stored chunk {digest} is truncated")
    magic, codec, raw_size = HEADER.unpack_from(data)
    if magic != MAGIC:
        raise CorruptStoredChunk(f"stored chunk {digest} has a bad header")
    return StoredChunk(digest, codec, raw_size, data[HEADER.size:])


def header_raw_size(data: bytes) -> int | None:
    """The raw size a stored chunk's first HEADER.size bytes declare; None if they are no header."""
    if len(data) < HEADER.size:
        return None
    magic, _, raw_size = HEADER.unpack_from(data)
    return raw_size if magic == MAGIC else None


def check(stored: StoredChunk) -> StoredChunk:
    """The chunk if its payload decodes to bytes hashing to its digest; else CorruptStoredChunk."""
    try:
        chunk_codec.decode_verified(stored.digest, stored.codec, stored.payload, stored.raw_size)
    except chunk_codec.ChunkError as e:
        raise CorruptStoredChunk(f"stored chunk {stored.digest}: {e}") from None
    return stored


def open_chunk_store(url: str) -> ChunkStore:
    """The chunk store a --blobs URL names: file:///PATH (or a plain path) or
    s3://BUCKET/PREFIX?endpoint=http://HOST:PORT&region=R (credentials from the usual AWS
    environment variables or files). BadChunkStoreURL says what is wrong with the URL."""
    parts = urlsplit(url)
    if parts.scheme in ("", "file"):
        if parts.scheme == "file" and parts.netloc not in ("", "localhost"):
            raise BadChunkStoreURL(f"{url}: a file URL names a local path (file:///PATH)")
        path = unquote(parts.path if parts.scheme else url)
        if not path:
            raise BadChunkStoreURL(f"{url}: no path")
        from .blobs import FileChunkStore
        return FileChunkStore(path)
    if parts.scheme == "s3":
        from .s3chunks import S3ChunkStore
        return S3ChunkStore.from_url(url)
    raise BadChunkStoreURL(f"{url}: unknown chunk store scheme {parts.scheme!r} (file:// or s3://)")
