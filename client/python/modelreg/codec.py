"""Chunk encoding shared by the client and the server.

A chunk is named by the sha256 of its raw bytes and travels (and rests) as one zstd frame, raw when
compression does not pay, or byte-grouped when it holds float tensors: byte k of every 2- or 4-byte
word goes to plane k, so the exponent bytes (which compress well) are no longer interleaved with
mantissa bytes (which do not) — the ZipNN observation. Decoding is bounded by the declared raw
size, so a small frame cannot expand into gigabytes (a zstd bomb).

The work is done by the native extension (native/, modelreg_native), the one implementation of
these formats, with the GIL released, so threads calling these functions use every core. Its
payloads are byte-identical to those of the pure-Python version it replaced
(tests/test_native.py). The byte format: CODEC_ZSTD is one zstd frame that declares its content
size (level 3); a byte-grouped payload is, for each plane k < width, a header
(codec: u8 CODEC_NONE or CODEC_ZSTD, length: big-endian u32) and the plane's bytes (one level-1
zstd frame, or raw), then the raw tail of len % width bytes.
"""

import modelreg_native

from modelreg.v1 import resources_pb2

CODEC_NONE = resources_pb2.CODEC_NONE
CODEC_ZSTD = resources_pb2.CODEC_ZSTD
CODEC_BYTEGROUP2_ZSTD = resources_pb2.CODEC_BYTEGROUP2_ZSTD
CODEC_BYTEGROUP4_ZSTD = resources_pb2.CODEC_BYTEGROUP4_ZSTD
GROUP_WIDTHS = {CODEC_BYTEGROUP2_ZSTD: 2, CODEC_BYTEGROUP4_ZSTD: 4}
GROUP_CODECS = {w: c for c, w in GROUP_WIDTHS.items()}
# The constants below are those native/src/lib.rs applies (documentation for callers).
# Level 1: measured on all-MiniLM-L6-v2 it compresses exponent planes better than level 3
# (0.37 vs 0.42 of their size) and runs faster; see scripts/bench.
PLANE_LEVEL = 1
SAMPLE = 64 * 1024
PLANE_PROBE = 16 * 1024

# The largest raw chunk either side accepts; chunkers cut well below it.
MAX_CHUNK_SIZE = 16 * 1024 * 1024
# Compression must save at least this fraction to be kept.
MIN_SAVING = 0.02
ZSTD_LEVEL = 3


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


_ERRORS = {cls.reason: cls for cls in (CorruptChunk, ChunkSizeMismatch, ChunkDigestMismatch, ChunkTooLarge,
                                        UnknownCodec)}


def _error(e: modelreg_native.ChunkError) -> ChunkError:
    reason, message = e.args
    return _ERRORS.get(reason, ChunkError)(message)


def sha256_hex(data) -> str:
    return modelreg_native.sha256_hex(data)


def encode(raw, group: int | None = None) -> tuple[int, bytes]:
    """Returns (codec, payload), the smallest of raw, zstd and byte-grouped zstd.

    group: the float width the caller knows the bytes hold (4 for FP32, 2 for FP16/BF16, 0 for
    not floats); None means unknown, and a 64 KiB sample decides. raw: any buffer (bytes,
    bytearray, memoryview); a raw chunk is returned as the same object when it is bytes."""
    codec, payload = modelreg_native.encode(raw, group)
    return codec, bytes(raw) if payload is None else payload


def _encode_grouped(raw, width: int) -> bytes:
    """The byte-grouped payload of raw (width 2 or 4) whatever it saves: the Go and TypeScript
    clients' tests build decoder fixtures with it."""
    return modelreg_native.encode_grouped(raw, width)


def decode(codec: int, payload, raw_size: int) -> bytes:
    """Decodes a payload, refusing anything that yields other than exactly raw_size bytes."""
    try:
        return modelreg_native.decode(codec, payload, raw_size)
    except modelreg_native.ChunkError as e:
        raise _error(e) from None


def decode_verified(digest: str, codec: int, payload, raw_size: int) -> bytes:
    """Decodes and checks the sha256 of the result against digest."""
    try:
        return modelreg_native.decode_verified(digest, codec, payload, raw_size)
    except modelreg_native.ChunkError as e:
        raise _error(e) from None
