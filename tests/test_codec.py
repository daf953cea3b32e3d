"""Chunk codecs: every codec round-trips, and chunks that lie about their codec or size are refused
by the server with a precise status and not stored."""

import os
import random
import struct

import grpc
import pytest
import zstandard

from modelreg import codec
from modelreg.v1 import resources_pb2 as r, transfer_service_pb2 as ts


def floats32(n: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    return struct.pack(f"<{n}f", *(rng.gauss(0, 0.05) for _ in range(n)))


def bfloat16(n: int, seed: int = 2) -> bytes:
    """The upper half of each FP32 word: BF16 by truncation."""
    words = floats32(n, seed)
    return b"".join(words[i + 2:i + 4] for i in range(0, 4 * n, 4))


SAMPLES = {
    "fp32": floats32(40_000),
    "bf16": bfloat16(60_000),
    "text": b"the quick brown fox\n" * 5000,
    "random": os.urandom(100_000),
    "zeros": bytes(70_000),
    "odd-length-fp32": floats32(10_000) + b"xyz",
    "tiny": b"ab",
    "empty": b"",
}


@pytest.mark.parametrize("group", [None, 0, 2, 4], ids=["auto", "plain", "group2", "group4"])
@pytest.mark.parametrize("name", SAMPLES)
def test_round_trip(name, group):
    raw = SAMPLES[name]
    chosen, payload = codec.encode(raw, group)
    assert codec.decode_verified(codec.sha256_hex(raw), chosen, payload, len(raw)) == raw
    assert len(payload) <= len(raw)


@pytest.mark.parametrize("name, expected", [
    ("fp32", codec.CODEC_BYTEGROUP4_ZSTD), ("bf16", codec.CODEC_BYTEGROUP2_ZSTD), ("text", codec.CODEC_ZSTD),
    ("random", codec.CODEC_NONE), ("zeros", codec.CODEC_ZSTD),
])
def test_the_codec_is_chosen_per_chunk(name, expected):
    assert codec.encode(SAMPLES[name])[0] == expected


def test_grouping_saves_where_plain_zstd_cannot():
    for raw, width in ((SAMPLES["fp32"], 4), (SAMPLES["bf16"], 2)):
        grouped = codec.encode(raw, width)[1]
        plain = codec.encode(raw, 0)[1]
        assert len(grouped) < len(plain)


def lie(kind: str) -> r.Chunk:
    raw = SAMPLES["fp32"]
    digest = codec.sha256_hex(raw)
    grouped = codec.encode(raw, 4)[1]
    zstd = codec.encode(raw, 0)[1]
    if kind == "grouped-sent-as-zstd":
        return r.Chunk(digest=digest, raw_size=len(raw), codec=codec.CODEC_ZSTD, data=grouped)
    if kind == "zstd-sent-as-grouped":
        return r.Chunk(digest=digest, raw_size=len(raw), codec=codec.CODEC_BYTEGROUP4_ZSTD, data=zstd)
    if kind == "group4-sent-as-group2":
        return r.Chunk(digest=digest, raw_size=len(raw), codec=codec.CODEC_BYTEGROUP2_ZSTD, data=grouped)
    if kind == "grouped-size-too-big":
        return r.Chunk(digest=digest, raw_size=len(raw) + 4, codec=codec.CODEC_BYTEGROUP4_ZSTD, data=grouped)
    if kind == "grouped-truncated":
        return r.Chunk(digest=digest, raw_size=len(raw), codec=codec.CODEC_BYTEGROUP4_ZSTD, data=grouped[:-10])
    if kind == "plane-length-lies":
        forged = bytearray(grouped)
        struct.pack_into(">I", forged, 1, 2**31)
        return r.Chunk(digest=digest, raw_size=len(raw), codec=codec.CODEC_BYTEGROUP4_ZSTD, data=bytes(forged))
    if kind == "plane-codec-unknown":
        forged = bytearray(grouped)
        forged[0] = 9
        return r.Chunk(digest=digest, raw_size=len(raw), codec=codec.CODEC_BYTEGROUP4_ZSTD, data=bytes(forged))
    if kind == "plane-bomb":
        bomb = zstandard.ZstdCompressor(level=3).compress(bytes(50_000_000))
        data = struct.pack(">BI", codec.CODEC_ZSTD, len(bomb)) + bomb + grouped
        return r.Chunk(digest=digest, raw_size=len(raw), codec=codec.CODEC_BYTEGROUP4_ZSTD, data=data)
    if kind == "grouped-digest-mismatch":
        other = floats32(40_000, seed=9)
        return r.Chunk(digest=digest, raw_size=len(raw), codec=codec.CODEC_BYTEGROUP4_ZSTD,
                       data=codec.encode(other, 4)[1])
    raise ValueError(kind)


@pytest.mark.parametrize("kind, reason", [
    ("grouped-sent-as-zstd", "CORRUPT_CHUNK"),
    ("zstd-sent-as-grouped", "CORRUPT_CHUNK"),
    ("group4-sent-as-group2", "CHUNK_SIZE_MISMATCH"),
    ("grouped-size-too-big", "CHUNK_SIZE_MISMATCH"),
    ("grouped-truncated", "CORRUPT_CHUNK"),
    ("plane-length-lies", "CORRUPT_CHUNK"),
    ("plane-codec-unknown", "CORRUPT_CHUNK"),
    ("plane-bomb", "CHUNK_SIZE_MISMATCH"),
    ("grouped-digest-mismatch", "CHUNK_DIGEST_MISMATCH"),
])
def test_chunks_that_lie_are_refused_and_not_stored(registry, kind, reason):
    chunk = lie(kind)
    with pytest.raises(grpc.RpcError) as e:
        registry.transfer.UploadChunks(iter([ts.UploadChunksRequest(chunk=chunk)]))
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    from modelreg.errors import from_rpc_error
    assert from_rpc_error(e.value).reason == reason
    assert registry._find_missing([chunk.digest]) == {chunk.digest}


@pytest.mark.parametrize("name", ["fp32", "bf16", "odd-length-fp32"])
def test_grouped_chunks_round_trip_through_the_server(registry, model, tmp_path, name):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "t.bin").write_bytes(SAMPLES[name])
    version = registry.push(model, tmp_path / "m")
    stream = registry.transfer.DownloadVersion(ts.DownloadVersionRequest(name=version.name))
    codecs = {response.chunk.codec for response in stream}
    assert codecs & {codec.CODEC_BYTEGROUP2_ZSTD, codec.CODEC_BYTEGROUP4_ZSTD}
    registry.pull(version.name, tmp_path / "out")
    assert (tmp_path / "out" / "t.bin").read_bytes() == SAMPLES[name]
