"""Compression in transit (--compress auto|always|never) and at rest (the server's compactor),
through the real server and SDK: every mode round-trips, raw chunks are compressed later to the
figure `always` gives, lies about a codec or a hint are refused, and neither a killed push nor a
killed server leaves the store inconsistent."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import grpc
import numpy as np
import pytest

from conftest import ServerProcess, stored_chunk, tree, wait_until
from modelreg import Registry, codec, transfer
from modelreg.errors import IntegrityError
from modelreg.v1 import resources_pb2 as r, transfer_service_pb2 as ts




def write_safetensors(path: Path, tensors: dict) -> None:
    header, offset, blobs = {}, 0, []
    for name, array in tensors.items():
        raw = array.tobytes()
        dtype = {np.float32: "F32", np.float16: "F16"}.get(array.dtype.type, "BF16")
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    meta = json.dumps(header).encode()
    meta += b" " * (-len(meta) % 8)
    path.write_bytes(len(meta).to_bytes(8, "little") + meta + b"".join(blobs))


def make_model(root: Path, seed: int = 0, mb: float = 2.0) -> Path:
    """FP32 and BF16 safetensors, a text file and random bytes: every codec's case."""
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True)
    n = int(mb * 1024 * 1024 / 4)
    fp32 = rng.normal(0, 0.02, n).astype("<f4")
    bf16 = (fp32.view("<u4") >> 16).astype("<u2")  # truncated to BF16
    write_safetensors(root / "fp32.safetensors", {"w": fp32})
    header = {"w": {"dtype": "BF16", "shape": [n], "data_offsets": [0, 2 * n]}}
    meta = json.dumps(header).encode()
    meta += b" " * (-len(meta) % 8)
    (root / "bf16.safetensors").write_bytes(len(meta).to_bytes(8, "little") + meta + bf16.tobytes())
    (root / "config.json").write_text(json.dumps({"layers": [f"layer {i} of model {seed}" for i in range(20_000)]}))
    (root / "random.bin").write_bytes(rng.bytes(300_000))
    return root


def stored_size(srv: ServerProcess, reg: Registry, reference: str) -> tuple[int, int]:
    """(stored payload bytes, raw bytes) of a version's distinct chunks."""
    version = reg.get_version(reference, files=True)
    sizes = {c.digest: c.size for f in version.files for c in f.chunks}
    stored = sum(stored_chunk(srv.blobs_root, d).stat().st_size - 13 for d in sizes)
    return stored, sum(sizes.values())


def always_size(root: Path) -> int:
    """What `always` would store: each distinct chunk encoded as the client encodes it."""
    total, seen = 0, set()
    for f in transfer.scan(root, cache=False):
        with open(f.source, "rb") as fh:
            for digest, size, offset in f.chunks:
                if digest in seen:
                    continue
                seen.add(digest)
                fh.seek(offset)
                total += len(codec.encode(fh.read(size), transfer.float_width(f.floats, offset, size))[1])
    return total


@pytest.fixture(scope="module")
def quiet(tmp_path_factory, storage_backend):
    """A server whose compactor runs only when asked (CompactChunks with wait)."""
    srv = ServerProcess(tmp_path_factory.mktemp("compress") / "data", "--compact-interval", "0").start()
    yield srv
    srv.stop()


@pytest.mark.parametrize("mode", ["auto", "always", "never"])
def test_every_mode_round_trips_and_raw_chunks_are_compressed_at_rest_to_the_always_figure(quiet, tmp_path, mode):
    src = make_model(tmp_path / "src", seed=["auto", "always", "never"].index(mode))
    with Registry(quiet.address, timeout=60) as reg:
        v = reg.push(f"comp-{mode}", src, compress=mode)
        assert reg.last_push_compression.mode == mode
        reg.pull(v.name, tmp_path / "before")
        assert tree(tmp_path / "before") == tree(src)
        stored, raw = stored_size(quiet, reg, v.name)
        pending = reg.compact_chunks().chunks_pending
        if mode == "never":
            assert stored >= raw * 0.99 and pending > 0  # sent raw, stored as sent for now
        report = reg.compact_chunks(wait=True)
        assert report.chunks_pending == 0
        if mode == "never":
            assert report.chunks_compacted > 0 and report.bytes_saved > 0
        reg.pull(v.name, tmp_path / "after")
        assert tree(tmp_path / "after") == tree(src)
        stored, raw = stored_size(quiet, reg, v.name)
        assert stored <= always_size(src) * 1.01
        assert stored / raw < 0.9
        assert not reg.check_store().corrupt_chunks


def _upload(reg: Registry, *chunks: r.Chunk):
    return reg.transfer.UploadChunks(iter([ts.UploadChunksRequest(chunks=list(chunks))]), timeout=30)


def _missing(reg: Registry, digest: str) -> bool:
    return list(reg.transfer.FindMissingChunks(ts.FindMissingChunksRequest(digests=[digest]),
                                               timeout=30).missing_digests) == [digest]


@pytest.mark.parametrize("lie", ["none_for_zstd", "zstd_for_none", "grouped_for_none"])
def test_a_client_lying_about_a_codec_is_refused_and_nothing_is_stored(quiet, lie):
    raw = os.urandom(1000) + b"x" * 50_000
    digest = codec.sha256_hex(raw)
    zstd_codec, packed = codec.encode(raw, 0)
    assert zstd_codec == codec.CODEC_ZSTD
    chunk = {"none_for_zstd": r.Chunk(digest=digest, raw_size=len(raw), codec=r.CODEC_NONE, data=packed),
             "zstd_for_none": r.Chunk(digest=digest, raw_size=len(raw), codec=r.CODEC_ZSTD, data=raw),
             "grouped_for_none": r.Chunk(digest=digest, raw_size=len(raw), codec=r.CODEC_BYTEGROUP2_ZSTD,
                                         data=raw)}[lie]
    with Registry(quiet.address, timeout=30) as reg:
        with pytest.raises(grpc.RpcError) as e:
            _upload(reg, chunk)
        assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert _missing(reg, digest)


@pytest.mark.parametrize("hint", [4, 17, -1])
def test_a_bad_compress_hint_is_invalid_argument_and_nothing_is_stored(quiet, hint):
    raw = os.urandom(5000)
    digest = codec.sha256_hex(raw)
    with Registry(quiet.address, timeout=30) as reg:
        with pytest.raises(grpc.RpcError) as e:
            _upload(reg, r.Chunk(digest=digest, raw_size=len(raw), codec=r.CODEC_NONE, data=raw, compress_hint=hint))
        assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "INVALID_COMPRESS_HINT" in str(e.value.trailing_metadata()) or "compress_hint" in e.value.details()
        assert _missing(reg, digest)


def test_a_hint_on_an_encoded_chunk_is_ignored_and_incompressible_raw_chunks_stay_raw(quiet):
    raw = os.urandom(100_000)
    digest = codec.sha256_hex(raw)
    with Registry(quiet.address, timeout=30) as reg:
        _upload(reg, r.Chunk(digest=digest, raw_size=len(raw), codec=r.CODEC_NONE, data=raw,
                             compress_hint=r.COMPRESS_HINT_GUESS))
        report = reg.compact_chunks(wait=True)
        assert report.chunks_pending == 0 and report.chunks_compacted == 0 and report.chunks_kept >= 1
        assert not _missing(reg, digest)


def test_a_file_changed_during_the_push_is_reported_as_such(quiet, tmp_path):
    src = make_model(tmp_path / "src", seed=7, mb=1.0)
    target = src / "fp32.safetensors"

    def change(phase, done, total):
        if phase == "scan" and done == total:  # scanned, not yet sent
            data = bytearray(target.read_bytes())
            data[-5000:] = os.urandom(5000)
            target.write_bytes(bytes(data))
    with Registry(quiet.address, timeout=30) as reg:
        with pytest.raises(IntegrityError, match="changed while it was being pushed"):
            reg.push("comp-changed", src, compress="never", on_progress=change)


def _modelreg(address: str, *args: str, **kwargs):
    env = {**os.environ, "MODELREG_SERVER": address}
    return subprocess.Popen([sys.executable, "-m", "modelreg", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **kwargs)


def test_killed_push_and_killed_server_during_background_compaction_leave_a_clean_store(tmp_path):
    srv = ServerProcess(tmp_path / "data", "--compact-interval", "0.1").start()
    try:
        src = [make_model(tmp_path / f"src{i}", seed=10 + i, mb=6.0) for i in range(3)]
        with Registry(srv.address, timeout=60) as reg:
            v1 = reg.push("comp-crash", src[0], compress="never")
        # A push killed while the compactor works on the first one's chunks.
        push = _modelreg(srv.address, "push", "comp-crash", str(src[1]), "--compress", "never")
        time.sleep(0.8)
        push.send_signal(signal.SIGKILL)
        push.wait(30)
        # The server killed while it compacts the next push's chunks, then restarted: it resumes.
        with Registry(srv.address, timeout=60) as reg:
            v3 = reg.push("comp-crash", src[2], compress="never")
        srv.kill()  # most likely mid-compaction (it starts within 0.1 s); at worst just after
        srv.start()
        with Registry(srv.address, timeout=60) as reg:
            wait_until(lambda: reg.compact_chunks().chunks_pending == 0, what="the backlog drained after a restart")
            for v, root in ((v1, src[0]), (v3, src[2])):
                dest = tmp_path / f"pulled-{v.number}"
                reg.pull(v.name, dest)
                assert tree(dest) == tree(root)
                stored, raw = stored_size(srv, reg, v.name)
                assert stored / raw < 0.9
        fsck = subprocess.run([sys.executable, "-m", "modelreg", "fsck"], capture_output=True, text=True,
                              timeout=120, env={**os.environ, "MODELREG_SERVER": srv.address})
        assert fsck.returncode == 0, fsck.stdout + fsck.stderr
    finally:
        if srv.proc.poll() is None:
            srv.stop()


def test_metrics_export_the_compaction_backlog(tmp_path):
    import urllib.request
    from conftest import free_port
    port = free_port()
    srv = ServerProcess(tmp_path / "data", "--compact-interval", "0", "--http", f"127.0.0.1:{port}").start()
    try:
        raw = b"modelreg " * 10_000
        with Registry(srv.address, timeout=30) as reg:
            _upload(reg, r.Chunk(digest=codec.sha256_hex(raw), raw_size=len(raw), codec=r.CODEC_NONE, data=raw,
                                 compress_hint=r.COMPRESS_HINT_GUESS))
            text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
            assert "modelreg_chunks_compaction_pending 1.0" in text
            reg.compact_chunks(wait=True)
            text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
            assert "modelreg_chunks_compaction_pending 0.0" in text
    finally:
        srv.stop()


def test_compress_policy_compresses_only_when_the_link_limits_and_goes_back_when_that_was_slower():
    """The decision from measured figures (the SDK's own arithmetic; in a push they are timings)."""
    window = transfer.CompressPolicy.WINDOW_BYTES

    def feed(policy, *, raw_rate, held_share, packed=False, windows=3):
        for _ in range(windows):
            wall = window / raw_rate
            policy._last = time.perf_counter() - (wall - wall * held_share)  # the generator's own time
            policy.delivered(window, int(window * (policy.ratio if packed else 1)), wall * held_share, packed=packed)

    link_bound = transfer.CompressPolicy("auto", cores=2)
    link_bound.encoded(window, int(0.7 * window), window / 150e6)
    feed(link_bound, raw_rate=100e6, held_share=0.9)
    assert link_bound.compress  # min(300, 111/0.7) = 159 > 1.15 x 100
    feed(link_bound, raw_rate=80e6, held_share=0.1, packed=True)
    assert not link_bound.compress and link_bound.switches == 2  # measured slower: back to raw
    feed(link_bound, raw_rate=100e6, held_share=0.9)
    assert not link_bound.compress  # capped by what compressing measured

    machine_bound = transfer.CompressPolicy("auto", cores=2)
    machine_bound.encoded(window, int(0.7 * window), window / 150e6)
    feed(machine_bound, raw_rate=50e6, held_share=0.2)
    assert not machine_bound.compress
    with pytest.raises(ValueError):
        transfer.CompressPolicy("sometimes")
