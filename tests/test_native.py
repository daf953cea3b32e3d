"""The native byte pipeline (native/, modelreg_native) behind codec.py and transfer.chunk_file:
its cut points, chunk digests and encoded payloads are those pyfastcdc and the pure-Python codec
made (tests/fixtures/native_vectors.json, recorded before they were removed), every codec round
trips from any buffer type, and every bad payload is refused with its precise ChunkError."""

import hashlib
import json
import os
import struct
from pathlib import Path

import pytest
import zstandard

import modelreg_native
from modelreg import codec, transfer
from native_data import bf16, codec_inputs, cut_inputs, floats

VECTORS = json.loads((Path(__file__).parent / "fixtures" / "native_vectors.json").read_text())
CUTS = cut_inputs()
CODEC_INPUTS = codec_inputs()


@pytest.mark.parametrize("name", sorted(CUTS))
def test_cut_points_and_digests_are_unchanged(tmp_path, name):
    """The vectors were cut with the bounds before today's (VECTORS["params"]): the native cutter
    still makes pyfastcdc's cut points for them."""
    data = CUTS[name]
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    seen = []
    sha256, chunks = modelreg_native.scan_file(str(path), *VECTORS["params"], seen.append)
    expected = VECTORS["cuts"][name]
    assert sha256 == expected["sha256"] == hashlib.sha256(data).hexdigest()
    assert [[offset, size, digest] for digest, size, offset in chunks] == expected["chunks"]
    assert sum(seen) == len(data)


@pytest.mark.parametrize("name", sorted(CUTS))
def test_each_stretch_between_boundaries_is_cut_as_a_file_of_its_own(tmp_path, name):
    data = CUTS[name]
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    edges = sorted({1, len(data) // 3, len(data) // 3 + 7, len(data) // 2, 8 * 1024 * 1024, len(data) - 1})
    edges = [e for e in edges if 0 < e < len(data)]
    f = transfer.chunk_file(transfer.LocalFile("f.bin", path, len(data), 0o644), boundaries=edges)
    expected = []
    for start, end in zip([0, *edges], [*edges, len(data)]):
        part = tmp_path / "part.bin"
        part.write_bytes(data[start:end])
        _, chunks = modelreg_native.scan_file(str(part), transfer.CHUNK_MIN, transfer.CHUNK_AVG, transfer.CHUNK_MAX)
        expected += [(digest, size, start + offset) for digest, size, offset in chunks]
    assert [tuple(c) for c in f.chunks] == expected
    assert {offset for _, _, offset in f.chunks} >= set(edges)
    whole, hashed = modelreg_native.scan_file(str(path), transfer.CHUNK_MIN, transfer.CHUNK_AVG, transfer.CHUNK_MAX,
                                              None, edges or None, file_sha256=True)
    assert whole == hashlib.sha256(data).hexdigest()
    assert [tuple(c) for c in hashed] == expected


def test_a_large_file_cut_on_several_threads_is_cut_as_its_stretches(tmp_path):
    """Over 128 MiB with boundaries, runs of stretches are cut on threads of their own: the cut
    points, the whole-file hash (when asked for) and the progress are those of cutting each
    stretch alone."""
    size = 130 * 1024 * 1024 + 12345
    data = os.urandom(size)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    edges = sorted({*range(7_000_000, size, 9_999_991), 64 * 1024 * 1024, 64 * 1024 * 1024 + 1})
    seen = []
    f = transfer.chunk_file(transfer.LocalFile("f.bin", path, size, 0o644), seen.append, boundaries=edges)
    expected = []
    for start, end in zip([0, *edges], [*edges, size]):
        part = tmp_path / "part.bin"
        part.write_bytes(data[start:end])
        _, chunks = modelreg_native.scan_file(str(part), transfer.CHUNK_MIN, transfer.CHUNK_AVG, transfer.CHUNK_MAX)
        expected += [(digest, size_, start + offset) for digest, size_, offset in chunks]
    assert [tuple(c) for c in f.chunks] == expected
    whole, hashed = modelreg_native.scan_file(str(path), transfer.CHUNK_MIN, transfer.CHUNK_AVG, transfer.CHUNK_MAX,
                                              None, edges or None, file_sha256=True)
    assert whole == hashlib.sha256(data).hexdigest()
    assert [tuple(c) for c in hashed] == expected
    assert sum(seen) == size


def _reusing(path, lookup, boundaries=None, progress=None, seed=7):
    return modelreg_native.scan_file_reusing(str(path), transfer.CHUNK_MIN, transfer.CHUNK_AVG, transfer.CHUNK_MAX,
                                             seed, lookup, progress, boundaries)


def _stretch_chunks(chunks, stretches):
    return {(key, end - start): [(d, n) for d, n, o in chunks if start <= o < end] for key, start, end, _ in stretches}


@pytest.mark.parametrize("size, parallel", [(3_000_000, False), (130 * 1024 * 1024 + 777, True)],
                         ids=["one-thread", "threads"])
def test_reusing_known_stretches_gives_the_chunks_of_cutting_them(tmp_path, size, parallel):
    """scan_file_reusing cuts exactly as scan_file does; a second scan that knows every stretch
    cuts none of them, and a scan after a tenth of the stretches changed cuts only those, with the
    chunks a full cut makes."""
    data = bytearray(os.urandom(size))
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    edges = list(range(size // 20, size, size // 20))
    _, full = modelreg_native.scan_file(str(path), transfer.CHUNK_MIN, transfer.CHUNK_AVG, transfer.CHUNK_MAX, None,
                                        edges, file_sha256=False)
    asked, seen = [], []
    chunks, stretches = _reusing(path, lambda key, length: asked.append((key, length)), edges, seen.append)
    assert [tuple(c) for c in chunks] == [tuple(c) for c in full]
    assert [(s, e) for _, s, e, _ in stretches] == list(zip([0, *edges], [*edges, size]))
    assert not any(reused for *_, reused in stretches) and len(asked) == len(stretches) and sum(seen) == size
    known = _stretch_chunks(chunks, stretches)
    seen.clear()
    again, repeat = _reusing(path, lambda key, length: known.get((key, length)), edges, seen.append)
    assert [tuple(c) for c in again] == [tuple(c) for c in full]
    assert all(reused for *_, reused in repeat) and sum(seen) == size
    for start in (edges[2], edges[9]):
        data[start + 100:start + 200] = os.urandom(100)
    path.write_bytes(data)
    _, expected = modelreg_native.scan_file(str(path), transfer.CHUNK_MIN, transfer.CHUNK_AVG, transfer.CHUNK_MAX,
                                            None, edges, file_sha256=False)
    tuned, changed = _reusing(path, lambda key, length: known.get((key, length)), edges)
    assert [tuple(c) for c in tuned] == [tuple(c) for c in expected]
    assert [s for _, s, _, reused in changed if not reused] == [edges[2], edges[9]]


def test_a_lookup_that_cannot_describe_its_stretch_is_ignored(tmp_path):
    """A chunk list whose sizes do not add up to the stretch, or that is not a chunk list, is
    treated as unknown: the stretch is cut."""
    data = os.urandom(400_000)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    expected, _ = _reusing(path, lambda key, length: None)
    for lie in ([("a" * 64, 399_999)], [("A" * 64, 400_000)], [("a" * 63, 400_000)], "nonsense", [(1, 2)],
                [("a" * 64, 0), ("a" * 64, 400_000)]):
        chunks, stretches = _reusing(path, lambda key, length: lie)
        assert chunks == expected and stretches[0][3] is False


def test_stretch_keys_depend_on_the_seed_and_the_content(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 100_000)
    keys = lambda seed: [k for k, *_ in _reusing(path, lambda k, n: None, [50_000], seed=seed)[1]]
    assert keys(1)[0] == keys(1)[1] != keys(2)[0]
    assert len(keys(1)[0]) == 32
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    assert _reusing(empty, lambda k, n: None) == ([], [])


def test_a_lookup_that_raises_stops_the_scan(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(os.urandom(100_000))

    def lookup(key, length):
        raise KeyError("cache broke")
    with pytest.raises(KeyError, match="cache broke"):
        _reusing(path, lookup)


@pytest.mark.parametrize("boundaries", [[0, 10], [10, 10], [20, 10]])
def test_boundaries_out_of_order_are_refused(tmp_path, boundaries):
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 100)
    with pytest.raises(ValueError, match="ascending"):
        modelreg_native.scan_file(str(path), transfer.CHUNK_MIN, transfer.CHUNK_AVG, transfer.CHUNK_MAX, None,
                                  boundaries)


@pytest.mark.parametrize("name, group", [(n, g) for n, (_, gs) in CODEC_INPUTS.items() for g in gs])
def test_encoded_payloads_are_byte_identical(name, group):
    raw = CODEC_INPUTS[name][0]
    chosen, payload = codec.encode(raw, group)
    assert [chosen, len(payload), hashlib.sha256(payload).hexdigest()] == VECTORS["codecs"][name][str(group)]
    assert codec.decode_verified(codec.sha256_hex(raw), chosen, payload, len(raw)) == raw


BIG = bf16(floats(7, 1_200_000)) + floats(8, 300_000)  # ~3.6 MB, bigger than one cut chunk


@pytest.mark.parametrize("group", [None, 0, 2, 4])
@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_round_trips_from_any_buffer(kind, group):
    raw = BIG
    chosen, payload = codec.encode(kind(raw), group)
    assert type(payload) is bytes
    out = codec.decode_verified(codec.sha256_hex(kind(raw)), chosen, kind(payload), len(raw))
    assert type(out) is bytes and out == raw
    assert codec.decode(chosen, memoryview(payload), len(raw)) == raw


def test_a_raw_chunk_is_returned_without_a_copy():
    raw = bytes(range(256)) * 64 + hashlib.sha256().digest()
    raw = hashlib.shake_256(raw).digest(50_000)  # incompressible
    chosen, payload = codec.encode(raw, None)
    assert chosen == codec.CODEC_NONE and payload is raw
    assert codec.decode(codec.CODEC_NONE, raw, len(raw)) is raw


def test_every_codec_round_trips_a_max_size_chunk():
    raw = (BIG * 5)[:codec.MAX_CHUNK_SIZE]
    for chosen in (codec.CODEC_ZSTD, codec.CODEC_BYTEGROUP2_ZSTD, codec.CODEC_BYTEGROUP4_ZSTD):
        group = {codec.CODEC_ZSTD: 0, codec.CODEC_BYTEGROUP2_ZSTD: 2, codec.CODEC_BYTEGROUP4_ZSTD: 4}[chosen]
        got, payload = codec.encode(raw, group)
        assert got == chosen
        assert codec.decode(got, payload, len(raw)) == raw


def test_forced_grouping_of_tiny_inputs_round_trips():
    for width, raw in ((4, b"\x01\x02\x03"), (4, bytes(8)), (2, b"\x09"), (4, b""), (4, bytes(100000) + b"ab")):
        payload = codec._encode_grouped(raw, width)
        assert codec.decode(codec.GROUP_CODECS[width], payload, len(raw)) == raw


def test_sha256_hex_matches_hashlib():
    for data in (b"", b"x", BIG):
        assert codec.sha256_hex(data) == codec.sha256_hex(bytearray(data)) == hashlib.sha256(data).hexdigest()


FP32 = floats(11, 20_000)
GROUPED = codec.encode(FP32, 4)[1]
ZSTD = zstandard.ZstdCompressor(level=3, write_content_size=True).compress(FP32)


def _plane(payload: bytes, **change) -> bytes:
    forged = bytearray(payload)
    if "codec" in change:
        forged[0] = change["codec"]
    if "length" in change:
        struct.pack_into(">I", forged, 1, change["length"])
    return bytes(forged)


BAD = {
    "size-negative": (codec.CODEC_ZSTD, ZSTD, -1, codec.ChunkTooLarge),
    "size-over-max": (codec.CODEC_ZSTD, ZSTD, codec.MAX_CHUNK_SIZE + 1, codec.ChunkTooLarge),
    "codec-unspecified": (0, ZSTD, len(FP32), codec.UnknownCodec),
    "codec-unknown": (99, ZSTD, len(FP32), codec.UnknownCodec),
    "codec-huge": (2**40, ZSTD, len(FP32), codec.UnknownCodec),
    "raw-too-long": (codec.CODEC_NONE, FP32 + b"x", len(FP32), codec.ChunkSizeMismatch),
    "raw-too-short": (codec.CODEC_NONE, FP32[:-1], len(FP32), codec.ChunkSizeMismatch),
    "zstd-not-a-frame": (codec.CODEC_ZSTD, b"not zstd at all", len(FP32), codec.CorruptChunk),
    "zstd-empty": (codec.CODEC_ZSTD, b"", 0, codec.CorruptChunk),
    "zstd-no-content-size": (codec.CODEC_ZSTD, zstandard.ZstdCompressor(write_content_size=False).compress(FP32),
                             len(FP32), codec.CorruptChunk),
    "zstd-declares-other-size": (codec.CODEC_ZSTD, ZSTD, len(FP32) - 1, codec.ChunkSizeMismatch),
    "zstd-bomb": (codec.CODEC_ZSTD, zstandard.ZstdCompressor().compress(bytes(100_000_000)), 1000,
                  codec.ChunkSizeMismatch),
    "zstd-data-after-frame": (codec.CODEC_ZSTD, ZSTD + b"\0", len(FP32), codec.CorruptChunk),
    "zstd-two-frames": (codec.CODEC_ZSTD, ZSTD + ZSTD, len(FP32), codec.CorruptChunk),
    "zstd-truncated": (codec.CODEC_ZSTD, ZSTD[:-5], len(FP32), codec.CorruptChunk),
    "zstd-corrupt-body": (codec.CODEC_ZSTD, ZSTD[:20] + bytes(len(ZSTD) - 20), len(FP32), codec.CorruptChunk),
    "grouped-empty": (codec.CODEC_BYTEGROUP4_ZSTD, b"", len(FP32), codec.CorruptChunk),
    "grouped-header-cut": (codec.CODEC_BYTEGROUP4_ZSTD, GROUPED[:3], len(FP32), codec.CorruptChunk),
    "grouped-truncated": (codec.CODEC_BYTEGROUP4_ZSTD, GROUPED[:-10], len(FP32), codec.CorruptChunk),
    "grouped-tail-extra": (codec.CODEC_BYTEGROUP4_ZSTD, GROUPED + b"x", len(FP32), codec.ChunkSizeMismatch),
    "grouped-as-group2": (codec.CODEC_BYTEGROUP2_ZSTD, GROUPED, len(FP32), codec.ChunkSizeMismatch),
    "grouped-size-too-big": (codec.CODEC_BYTEGROUP4_ZSTD, GROUPED, len(FP32) + 4, codec.ChunkSizeMismatch),
    "plane-length-huge": (codec.CODEC_BYTEGROUP4_ZSTD, _plane(GROUPED, length=2**32 - 1), len(FP32),
                          codec.CorruptChunk),
    "plane-codec-unknown": (codec.CODEC_BYTEGROUP4_ZSTD, _plane(GROUPED, codec=9), len(FP32), codec.CorruptChunk),
    "plane-raw-wrong-length": (codec.CODEC_BYTEGROUP4_ZSTD,
                               struct.pack(">BI", codec.CODEC_NONE, 3) + b"abc" + GROUPED, len(FP32),
                               codec.ChunkSizeMismatch),
    "plane-bomb": (codec.CODEC_BYTEGROUP4_ZSTD,
                   (lambda bomb: struct.pack(">BI", codec.CODEC_ZSTD, len(bomb)) + bomb + GROUPED)(
                       zstandard.ZstdCompressor(level=3).compress(bytes(50_000_000))),
                   len(FP32), codec.ChunkSizeMismatch),
    "zstd-sent-as-grouped": (codec.CODEC_BYTEGROUP4_ZSTD, ZSTD, len(FP32), codec.CorruptChunk),
    "grouped-sent-as-zstd": (codec.CODEC_ZSTD, GROUPED, len(FP32), codec.CorruptChunk),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_payloads_are_refused_precisely(name):
    chosen, payload, raw_size, error = BAD[name]
    with pytest.raises(error) as e:
        codec.decode(chosen, payload, raw_size)
    assert type(e.value) is error and e.value.reason == error.reason
    with pytest.raises(error):
        codec.decode_verified(hashlib.sha256(FP32).hexdigest(), chosen, payload, raw_size)


@pytest.mark.parametrize("chosen, payload", [
    (codec.CODEC_NONE, FP32), (codec.CODEC_ZSTD, ZSTD), (codec.CODEC_BYTEGROUP4_ZSTD, GROUPED)])
def test_digest_mismatch_is_refused(chosen, payload):
    with pytest.raises(codec.ChunkDigestMismatch) as e:
        codec.decode_verified("0" * 64, chosen, payload, len(FP32))
    assert e.value.reason == "CHUNK_DIGEST_MISMATCH"


def test_scan_file_refuses_bad_bounds_and_missing_files(tmp_path):
    with pytest.raises(ValueError):
        modelreg_native.scan_file(str(tmp_path), 10, 20, 30)
    with pytest.raises(OSError):
        modelreg_native.scan_file(str(tmp_path / "absent"), 32768, 131072, 524288)


def test_progress_errors_stop_the_scan(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(CUTS["large"])

    def progress(n):
        raise RuntimeError("stop")
    with pytest.raises(RuntimeError):
        modelreg_native.scan_file(str(path), 32768, 131072, 524288, progress)
