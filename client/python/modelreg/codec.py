"""Chunk encoding shared by the client and the server.

A chunk is named by the sha256 of its raw bytes and travels (and rests) as one zstd frame, or raw
when compression does not pay. Decoding is bounded by the declared raw size, so a small frame
cannot expand into gigabytes (a zstd bomb).
"""

import hashlib
import threading

import zstandard

from modelreg.v1 import resources_pb2

CODEC_NONE = resources_pb2.CODEC_NONE
CODEC_ZSTD = resources_pb2.CODEC_ZSTD

# The largest raw chunk either side accepts; chunkers cut well below it.
MAX_CHUNK_SIZE = 16 * 1024 * 1024
# Compression must save at least this fraction to be kept.
MIN_SAVING = 0.02
ZSTD_LEVEL = 3

_local = threading.local()


class ChunkError(ValueError):
    """A chunk whose bytes do not decode to what it claims. `reason` is the ErrorInfo reason."""

    reason = "CORRUPT_CHUNK"


class CorruptChunk(ChunkError):
    reason = "CORRUPT_CHUNK"


class ChunkSizeMismatch(ChunkError):
    reason = "CHUNK_SIZE_MISMATCH"


class ChunkDigestMismatch(ChunkError):
    reason = "CHUNK_DIGEST_MISMATCH"


class ChunkTooLarge(ChunkError):
    reason = "CHUNK_TOO_LARGE"


class UnknownCodec(ChunkError):
    reason = "INVALID_CODEC"


def _compressor() -> zstandard.ZstdCompressor:
    # zstd contexts are not thread-safe; one per thread.
    if not hasattr(_local, "cctx"):
        _local.cctx = zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_content_size=True)
        _local.dctx = zstandard.ZstdDecompressor()
    return _local.cctx


def _decompressor() -> zstandard.ZstdDecompressor:
    _compressor()
    return _local.dctx


def sha256_hex(data) -> str:
    return hashlib.sha256(data).hexdigest()


def encode(raw) -> tuple[int, bytes]:
    """Returns (codec, payload): zstd when it saves at least MIN_SAVING, else the raw bytes."""
    compressed = _compressor().compress(raw)
    if len(compressed) <= len(raw) * (1 - MIN_SAVING):
        return CODEC_ZSTD, compressed
    return CODEC_NONE, bytes(raw)


def decode(codec: int, payload: bytes, raw_size: int) -> bytes:
    """Decodes a payload, refusing anything that yields other than exactly raw_size bytes."""
    if raw_size < 0 or raw_size > MAX_CHUNK_SIZE:
        raise ChunkTooLarge(f"raw size {raw_size} is outside 0..{MAX_CHUNK_SIZE}")
    if codec == CODEC_NONE:
        raw = bytes(payload)
    elif codec == CODEC_ZSTD:
        raw = _decode_zstd(payload, raw_size)
    else:
        raise UnknownCodec(f"unknown codec {codec}")
    if len(raw) != raw_size:
        raise ChunkSizeMismatch(
            f"chunk decodes to {'more than ' if len(raw) > raw_size else ''}{len(raw)} bytes, "
            f"declared {raw_size}"
        )
    return raw


def _decode_zstd(payload: bytes, raw_size: int) -> bytes:
    """One zstd frame that declares its content size: checked against raw_size before any byte is
    decompressed (so a bomb costs nothing), and no data may follow the frame."""
    try:
        declared = zstandard.get_frame_parameters(payload).content_size
    except zstandard.ZstdError as e:
        raise CorruptChunk(f"chunk is not a zstd frame: {e}") from None
    if declared == zstandard.CONTENTSIZE_UNKNOWN:
        raise CorruptChunk("zstd frame does not declare its content size")
    if declared != raw_size:
        raise ChunkSizeMismatch(f"zstd frame declares {declared} bytes, chunk declares {raw_size}")
    try:
        return _decompressor().decompress(payload, max_output_size=raw_size, allow_extra_data=False)
    except zstandard.ZstdError as e:
        raise CorruptChunk(f"chunk is not a valid zstd frame: {e}") from None


def decode_verified(digest: str, codec: int, payload: bytes, raw_size: int) -> bytes:
    """Decodes and checks the sha256 of the result against digest."""
    raw = decode(codec, payload, raw_size)
    actual = sha256_hex(raw)
    if actual != digest:
        raise ChunkDigestMismatch(f"chunk data hashes to {actual}, not {digest}")
    return raw
