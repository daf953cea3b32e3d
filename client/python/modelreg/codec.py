"""Chunk encoding shared by the client and the server.

A chunk is named by the sha256 of its raw bytes and travels (and rests) as one zstd frame, raw when
compression does not pay, or byte-grouped when it holds float tensors: byte k of every 2- or 4-byte
word goes to plane k, so the exponent bytes (which compress well) are no longer interleaved with
mantissa bytes (which do not) — the ZipNN observation. Decoding is bounded by the declared raw
size, so a small frame cannot expand into gigabytes (a zstd bomb).
"""

import hashlib
import struct
import threading

import zstandard

from modelreg.v1 import resources_pb2

CODEC_NONE = resources_pb2.CODEC_NONE
CODEC_ZSTD = resources_pb2.CODEC_ZSTD
CODEC_BYTEGROUP2_ZSTD = resources_pb2.CODEC_BYTEGROUP2_ZSTD
CODEC_BYTEGROUP4_ZSTD = resources_pb2.CODEC_BYTEGROUP4_ZSTD
GROUP_WIDTHS = {CODEC_BYTEGROUP2_ZSTD: 2, CODEC_BYTEGROUP4_ZSTD: 4}
GROUP_CODECS = {w: c for c, w in GROUP_WIDTHS.items()}
PLANE_HEADER = struct.Struct(">BI")
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


def _compressor(level: int = ZSTD_LEVEL) -> zstandard.ZstdCompressor:
    # zstd contexts are not thread-safe; one per thread and level.
    if not hasattr(_local, "cctx"):
        _local.cctx = {}
        _local.dctx = zstandard.ZstdDecompressor()
    if level not in _local.cctx:
        _local.cctx[level] = zstandard.ZstdCompressor(level=level, write_content_size=True)
    return _local.cctx[level]


def _decompressor() -> zstandard.ZstdDecompressor:
    _compressor()
    return _local.dctx


def sha256_hex(data) -> str:
    return hashlib.sha256(data).hexdigest()


def encode(raw, group: int | None = None) -> tuple[int, bytes]:
    """Returns (codec, payload), the smallest of raw, zstd and byte-grouped zstd.

    group: the float width the caller knows the bytes hold (4 for FP32, 2 for FP16/BF16, 0 for
    not floats); None means unknown, and a 64 KiB sample decides."""
    if group is None:
        group = _guess_group(raw)
    if group in GROUP_CODECS and len(raw) >= 2 * group:
        codec, payload = GROUP_CODECS[group], _encode_grouped(raw, group)
    else:
        codec, payload = CODEC_ZSTD, _compressor().compress(raw)
    if len(payload) <= len(raw) * (1 - MIN_SAVING):
        return codec, payload
    return CODEC_NONE, bytes(raw)


def _guess_group(raw) -> int:
    """The grouping that compresses a sample of the chunk best, 0 when plain zstd is as good."""
    sample = bytes(raw[:SAMPLE])
    best, best_size = 0, len(_compressor(PLANE_LEVEL).compress(sample)) * (1 - 3 * MIN_SAVING / 2)
    if best_size < len(sample) * 0.5:
        return 0  # text, sparse or repetitive data: plain zstd does well already
    for width in (4, 2):
        size = len(_encode_grouped(sample, width))
        if size < best_size:
            best, best_size = width, size
    return best


def _encode_grouped(raw, width: int) -> bytes:
    raw = bytes(raw)
    whole = len(raw) - len(raw) % width
    parts = []
    for k in range(width):
        plane = raw[k:whole:width]
        # Mantissa planes rarely compress: a 16 KiB probe saves compressing the whole plane.
        probe = plane[:PLANE_PROBE]
        if len(plane) > 2 * PLANE_PROBE and len(_compressor(PLANE_LEVEL).compress(probe)) > len(probe) * (1 - MIN_SAVING):
            parts += [PLANE_HEADER.pack(CODEC_NONE, len(plane)), plane]
            continue
        packed = _compressor(PLANE_LEVEL).compress(plane)
        if len(packed) <= len(plane) * (1 - MIN_SAVING):
            parts += [PLANE_HEADER.pack(CODEC_ZSTD, len(packed)), packed]
        else:
            parts += [PLANE_HEADER.pack(CODEC_NONE, len(plane)), plane]
    parts.append(raw[whole:])
    return b"".join(parts)


def _decode_grouped(payload: bytes, raw_size: int, width: int) -> bytes:
    plane_size = raw_size // width
    out = bytearray(raw_size)
    position = 0
    for k in range(width):
        if position + PLANE_HEADER.size > len(payload):
            raise CorruptChunk("byte-grouped chunk is truncated")
        plane_codec, length = PLANE_HEADER.unpack_from(payload, position)
        position += PLANE_HEADER.size
        data = payload[position:position + length]
        if len(data) != length:
            raise CorruptChunk("byte-grouped chunk is truncated")
        position += length
        if plane_codec == CODEC_ZSTD:
            plane = _decode_zstd(data, plane_size)
        elif plane_codec == CODEC_NONE:
            plane = data
        else:
            raise CorruptChunk(f"unknown plane codec {plane_codec}")
        if len(plane) != plane_size:
            raise ChunkSizeMismatch(f"plane {k} has {len(plane)} bytes, expected {plane_size}")
        out[k:plane_size * width:width] = plane
    tail = payload[position:]
    if len(tail) != raw_size - plane_size * width:
        raise ChunkSizeMismatch(f"byte-grouped chunk decodes to a different size than {raw_size}")
    out[plane_size * width:] = tail
    return bytes(out)


def decode(codec: int, payload: bytes, raw_size: int) -> bytes:
    """Decodes a payload, refusing anything that yields other than exactly raw_size bytes."""
    if raw_size < 0 or raw_size > MAX_CHUNK_SIZE:
        raise ChunkTooLarge(f"raw size {raw_size} is outside 0..{MAX_CHUNK_SIZE}")
    if codec == CODEC_NONE:
        raw = bytes(payload)
    elif codec == CODEC_ZSTD:
        raw = _decode_zstd(payload, raw_size)
    elif codec in GROUP_WIDTHS:
        raw = _decode_grouped(bytes(payload), raw_size, GROUP_WIDTHS[codec])
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
