"""Transfers: dedup, resume, maintenance (fsck, gc) and the deploy agent, against a real server."""

import json
import os
import random
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import grpc
import pytest

from conftest import BLOBS_BACKENDS, LOOPBACK_WEBHOOKS, ServerProcess, blobs_server, set_chunk_leases, stored_chunk, tree, wait_until, write_tree
from modelreg import Registry, codec
from modelreg.transfer import CHUNK_MIN, tensor_boundaries
from modelreg.v1 import resources_pb2 as r, transfer_service_pb2 as ts


@pytest.fixture(scope="module", params=BLOBS_BACKENDS)
def server(request, tmp_path_factory):
    """The shared server of this module's tests, once per chunk store backend."""
    srv = blobs_server(request, tmp_path_factory.mktemp("transfer") / "data", *LOOPBACK_WEBHOOKS).start()
    yield srv
    srv.stop()


def uploaded(registry, model, path, **kwargs) -> int:
    """Pushes and returns how many raw bytes were uploaded."""
    totals = []
    registry.push(model, path, on_progress=lambda phase, done, total: phase == "upload" and totals.append(done),
                  **kwargs)
    return max(totals, default=0)


def safetensors(tensors: dict, metadata: dict | None = None) -> bytes:
    header, offset = {}, 0
    for name, data in tensors.items():
        header[name] = {"dtype": "F32", "shape": [len(data) // 4], "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    if metadata:
        header["__metadata__"] = metadata
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw + b"".join(tensors.values())


@pytest.fixture
def tensors():
    rng = random.Random(42)
    sizes = [rng.choice([64, 256, 512, 1024, 2048]) * 1024 for _ in range(40)]
    return {f"layer.{i}.weight": rng.randbytes(size) for i, size in enumerate(sizes)}


def test_repush_sends_under_one_percent(registry, model, tmp_path, tensors):
    source = write_tree(tmp_path / "m", {"model.safetensors": safetensors(tensors), "config.json": b"{}"})
    size = sum(len(t) for t in tensors.values())
    assert uploaded(registry, model, source) >= size
    assert uploaded(registry, model, source) < size // 100


@pytest.mark.parametrize("grow_header", [False, True], ids=["same-header", "grown-header"])
def test_fine_tuned_safetensors_sends_little_more_than_its_changed_tensors(registry, model, tmp_path, tensors,
                                                                           grow_header):
    """Chunks end at tensor edges: what a push sends is the changed tensors, plus the header and
    the small tensors run together with a changed one (under CHUNK_MIN each side)."""
    base = safetensors(tensors)
    write_tree(tmp_path / "base", {"model.safetensors": base})
    registry.push(model, tmp_path / "base")
    rng = random.Random(7 + grow_header)  # the store is the module's: each case changes other bytes
    tuned = dict(tensors)
    changed = rng.sample(sorted(tensors), len(tensors) // 10)
    for name in changed:
        tuned[name] = rng.randbytes(len(tensors[name]))
    metadata = {"fine_tuned_from": "base", "notes": "x" * 500} if grow_header else None
    data = safetensors(tuned, metadata)
    write_tree(tmp_path / "tuned", {"model.safetensors": data})
    sent = uploaded(registry, model, tmp_path / "tuned")
    changed_bytes = sum(len(tuned[name]) for name in changed)
    assert changed_bytes <= sent <= changed_bytes + 2 * CHUNK_MIN
    registry.pull(f"{model}:latest", tmp_path / "out")
    assert (tmp_path / "out" / "model.safetensors").read_bytes() == data


K = 1024
M = CHUNK_MIN


@pytest.mark.parametrize("layout, cuts", [
    (None, []),
    ((100, []), [100]),
    ((100, [(100, 100 + 2 * M, "F32"), (100 + 2 * M, 100 + 5 * M, "BF16")]), [100, 100 + 2 * M, 100 + 5 * M]),
    # tiny tensors run together until the run reaches CHUNK_MIN, or a large tensor follows
    ((8, [(8, 8 + M // 2, "F32"), (8 + M // 2, 8 + M, "F32"), (8 + M, 8 + M + K, "F32"),
          (8 + M + K, 8 + 3 * M, "F32")]), [8, 8 + M, 8 + M + K, 8 + 3 * M]),
    ((8, [(8, 8 + K, "F32"), (8 + K, 8 + 2 * K, "F32"), (8 + 2 * K, 8 + 2 * K + M, "F32")]),
     [8, 8 + 2 * K, 8 + 2 * K + M]),
    # overlapping tensors: only the header's end
    ((8, [(8, 8 + 2 * M, "F32"), (8 + M, 8 + 3 * M, "F32")]), [8]),
], ids=["not-safetensors", "no-tensors", "large", "runs", "tiny-then-large", "overlapping"])
def test_tensor_boundaries(layout, cuts):
    assert tensor_boundaries(layout) == cuts


def chunk_files(server) -> set:
    return {p.name for p in (server.blobs_root / "chunks").rglob("*") if p.is_file()}


def chunk_path(server, digest: str):
    """The file holding a stored chunk: in DATA/blobs, or versitygw's file for the S3 object."""
    return stored_chunk(server.blobs_root, digest)


def test_identical_files_are_stored_once(registry, server, model, tmp_path):
    weights = os.urandom(3_000_000)
    write_tree(tmp_path / "a", {"w.bin": weights, "a.txt": b"a"})
    write_tree(tmp_path / "b", {"renamed/w.bin": weights, "b.txt": b"b"})
    registry.push(f"{model}-a", tmp_path / "a")
    before = chunk_files(server)
    assert uploaded(registry, f"{model}-b", tmp_path / "b") == 1
    assert len(chunk_files(server) - before) == 1


def test_abandoned_upload_resumes_with_only_the_rest(registry, model, tmp_path):
    """The state a killed client leaves: some chunks uploaded, no version. A new push sends the rest."""
    from modelreg.transfer import scan, upload_requests
    source = write_tree(tmp_path / "m", {"w.bin": os.urandom(4_000_000)})
    files = scan(source)
    digests = [d for d, _, _ in files[0].chunks]
    half = set(digests[: len(digests) // 2])
    registry.transfer.UploadChunks(upload_requests(files, half))
    with pytest.raises(Exception):
        registry.get_model(model)
    sent = uploaded(registry, model, source)
    assert 0 < sent <= 4_000_000 - sum(s for d, s, _ in files[0].chunks if d in half)
    assert registry.get_version(f"{model}:v1").number == 1


def test_chunks_a_cut_stream_delivered_are_found_by_a_push_run_again_at_once(tmp_path):
    """The client gives up mid-stream and asks again straight away: FindMissingChunks waits for
    the commit of what the cut stream delivered, so none of it is sent twice."""
    import threading
    import httpx
    from modelreg.transfer import scan, upload_requests
    from test_web import dashboard
    srv = ServerProcess(tmp_path / "data", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)

    def received() -> float:
        lines = httpx.get(url + "metrics").text.splitlines()
        return sum(float(line.split()[-1]) for line in lines if line.startswith("modelreg_transfer_received_bytes_total"))

    source = write_tree(tmp_path / "m", {"w.bin": os.urandom(6_000_000)})
    digests = [d for d, _, _ in scan(source)[0].chunks]
    requests = list(upload_requests(scan(source), set(digests)))
    payload = sum(len(c.data) for q in requests for c in [*([q.chunk] if q.HasField("chunk") else []), *q.chunks])
    cut = threading.Event()

    def stream():
        yield from requests
        cut.wait(60)

    try:
        with Registry(srv.address) as reg:
            call = reg.transfer.UploadChunks.future(stream())
            wait_until(lambda: received() >= payload, what="the server to read every chunk")
            call.cancel()
            missing = reg.transfer.FindMissingChunks(ts.FindMissingChunksRequest(digests=digests)).missing_digests
            cut.set()
        assert [digests.index(d) for d in missing] == [], len(digests)
    finally:
        srv.stop()


def test_killed_push_leaves_no_version_and_resumes(store_server, tmp_path):
    source = write_tree(tmp_path / "m", {"w.bin": os.urandom(150_000_000)})
    env = {**os.environ, "MODELREG_SERVER": store_server.address}
    push = subprocess.Popen([sys.executable, "-m", "modelreg", "push", "killed", str(source)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not chunk_files(store_server) and time.monotonic() < deadline and push.poll() is None:
        time.sleep(0.005)
    push.send_signal(signal.SIGKILL)
    push.wait(10)
    stored = len(chunk_files(store_server))
    assert stored > 0
    with Registry(store_server.address) as reg:
        assert [m.name for m in reg.list_models()] == []
        sent = uploaded(reg, "killed", source)
        assert sent < 150_000_000
        reg.pull("killed:v1", tmp_path / "out")
    assert (tmp_path / "out" / "w.bin").read_bytes() == (source / "w.bin").read_bytes()


def test_fsck_finds_a_corrupted_chunk(store_server, tmp_path):
    source = write_tree(tmp_path / "m", {"w.bin": os.urandom(1_000_000), "c.json": b"{}"})
    with Registry(store_server.address) as reg:
        version = reg.push("fsck", source)
        clean = reg.check_store()
        assert (clean.corrupt_chunks, clean.missing_chunks, clean.damaged_versions) == ([], [], [])
        assert clean.versions_checked == 1 and clean.bytes_checked == 1_000_002
        digest = version.files[1].chunks[0].digest
        path = chunk_path(store_server, digest)
        data = bytearray(path.read_bytes())
        data[-1] ^= 1
        path.write_bytes(bytes(data))
        report = reg.check_store()
        assert list(report.corrupt_chunks) == [digest]
        assert list(report.damaged_versions) == ["models/fsck/versions/1"]
        other = version.files[0].chunks[0].digest
        chunk_path(store_server, other).unlink()
        assert list(reg.check_store().missing_chunks) == [other]
    result = subprocess.run([sys.executable, "-m", "modelreg", "fsck", "--server", store_server.address],
                            capture_output=True, text=True)
    assert result.returncode == 3
    assert digest in result.stdout


def upload_orphan(reg: Registry, data: bytes) -> str:
    digest = codec.sha256_hex(data)
    codec_, payload = codec.encode(data)
    reg.transfer.UploadChunks(iter([ts.UploadChunksRequest(
        chunk=r.Chunk(digest=digest, raw_size=len(data), codec=codec_, data=payload))]))
    return digest


def test_gc_removes_only_unreferenced_chunks_past_the_grace_period(store_server, tmp_path):
    source = write_tree(tmp_path / "m", {"w.bin": os.urandom(2_000_000)})
    with Registry(store_server.address) as reg:
        reg.push("kept", source)
        referenced = chunk_files(store_server)
        orphan = upload_orphan(reg, os.urandom(100_000))
        in_grace = reg.collect_garbage(grace_period=3600)
        assert (in_grace.chunks_removed, in_grace.chunks_in_grace) == (0, 1)
        assert in_grace.chunks_referenced == len(referenced)
        set_chunk_leases(store_server.data, 0)  # the upload's lease runs out (tests/test_gc.py)
        assert reg.collect_garbage(grace_period=3600).chunks_in_grace == 1  # stored just now: second guard
        dry = reg.collect_garbage(grace_period=0, dry_run=True)
        assert dry.chunks_removed == 1 and orphan in chunk_files(store_server)
        collected = reg.collect_garbage(grace_period=0)
        assert collected.chunks_removed == 1 and collected.bytes_freed > 100_000
        assert chunk_files(store_server) == referenced
        reg.pull("kept:v1", tmp_path / "out")
        assert tree(tmp_path / "out") == tree(source)
        reg.delete_model("kept", force=True)
        set_chunk_leases(store_server.data, 0)  # the leases the push and the pull took run out
        assert reg.collect_garbage(grace_period=0).chunks_removed == len(referenced)
        assert chunk_files(store_server) == set()


def test_gc_spares_chunks_a_push_in_flight_relies_on(store_server, tmp_path):
    """An old unreferenced chunk that a new push finds present (so does not upload) is leased by
    FindMissingChunks and survives gc until the push commits it (more in tests/test_gc.py)."""
    data = os.urandom(30_000)  # below the minimum chunk size: one chunk
    write_tree(tmp_path / "m", {"w.bin": data})
    with Registry(store_server.address) as reg:
        digest = upload_orphan(reg, data)
        set_chunk_leases(store_server.data, 0)
        assert reg._find_missing([digest]) == set()
        assert reg.collect_garbage(grace_period=0).chunks_removed == 0
        reg.push("relies", tmp_path / "m")
        assert reg.collect_garbage(grace_period=0).chunks_referenced == 1
        assert reg.check_store().damaged_versions == []


def test_gc_refuses_a_negative_grace_period(registry):
    with pytest.raises(Exception) as e:
        registry.collect_garbage(grace_period=-1)
    assert e.value.code == grpc.StatusCode.INVALID_ARGUMENT and e.value.reason == "INVALID_GRACE_PERIOD"


@pytest.mark.parametrize("path", ["../escape", "/abs", "a/../../b", "a//b", "nul\x00", "back\\slash", "."])
def test_pull_refuses_manifest_paths_that_escape(tmp_path, path):
    """Whoever sent the manifest, a pull never writes outside its destination."""
    from modelreg import IntegrityError
    from modelreg.transfer import Assembler
    version = r.Version(name="models/m/versions/1", files=[r.FileEntry(path=path, size=0, sha256="0" * 64)])
    with pytest.raises(IntegrityError) as e:
        Assembler(version, tmp_path / "dest")
    assert e.value.reason == "INVALID_PATH"
    assert list(tmp_path.iterdir()) == []


def rpc_count(srv, method: str) -> int:
    """How many calls of method the server's access log shows."""
    return sum(f"/modelreg.v1.{method} " in line for line in srv.log.read_text().splitlines() if "modelreg.access" in line)


def scanned_model(root: Path) -> Path:
    """Files old enough for the scan cache to keep (a file changed in the last seconds is never kept)."""
    source = write_tree(root, {"model.safetensors": os.urandom(600_000), "config.json": b"{}"})
    old = time.time() - 60
    for path in source.iterdir():
        os.utime(path, (old, old))
    return source


def test_a_re_push_of_files_scanned_before_commits_without_asking_what_is_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("MODELREG_CACHE", str(tmp_path / "cache"))
    srv = ServerProcess(tmp_path / "data").start()
    try:
        source = scanned_model(tmp_path / "m")
        with Registry(srv.address) as reg:
            v1 = reg.push("m", source)
            asked = rpc_count(srv, "TransferService/FindMissingChunks")
            assert asked == 1
            phases = []
            v2 = reg.push("m", source, on_progress=lambda *p: phases.append(p))
        assert rpc_count(srv, "TransferService/FindMissingChunks") == asked
        assert rpc_count(srv, "TransferService/UploadChunks") == 1  # v1's
        assert (v2.number, v2.digest) == (2, v1.digest)
        assert phases[-1] == ("upload", 0, 0) and ("scan", 600_002, 600_002) in phases
    finally:
        srv.stop()


def test_a_re_push_whose_chunks_gc_removed_meanwhile_uploads_them_again(tmp_path, monkeypatch):
    """The scan cache says the files were pushed, but not to a store that still holds them: the
    commit is refused (CHUNKS_MISSING), and the push asks what is missing, uploads it and commits."""
    monkeypatch.setenv("MODELREG_CACHE", str(tmp_path / "cache"))
    srv = ServerProcess(tmp_path / "data").start()
    try:
        source = scanned_model(tmp_path / "m")
        with Registry(srv.address) as reg:
            reg.push("m", source)
            reg.delete_model("m", force=True)
            set_chunk_leases(srv.data, 0)
            assert reg.collect_garbage(grace_period=0).chunks_removed >= 1
            version = reg.push("m", source)
            reg.pull(version.name, tmp_path / "out")
        assert tree(tmp_path / "out") == tree(source)
        assert rpc_count(srv, "RegistryService/CreateVersion") == 3  # v1, the refused one, the one after upload
        assert rpc_count(srv, "TransferService/UploadChunks") == 2
    finally:
        srv.stop()


def test_scan_cache_serves_unchanged_files_and_never_stale_ones(tmp_path):
    from modelreg.scancache import ScanCache
    from modelreg.transfer import SCANS, scan
    source = write_tree(tmp_path / "m", {"w.bin": os.urandom(500_000)})
    old = time.time() - 60
    os.utime(source / "w.bin", (old, old))
    first = scan(source)
    cache = ScanCache(params=SCANS)
    assert cache.get(source / "w.bin") == first[0].chunks
    (source / "w.bin").write_bytes(os.urandom(500_000))
    assert cache.get(source / "w.bin") is None
    second = scan(source)
    data = (source / "w.bin").read_bytes()
    assert [d for d, _, _ in second[0].chunks] == [codec.sha256_hex(data[o:o + n]) for _, n, o in second[0].chunks]
    assert second[0].chunks != first[0].chunks
    cache.close()


def test_a_changed_file_is_cut_only_where_its_stretches_changed(registry, model, tmp_path, tensors, monkeypatch):
    """A copy of a model with a tenth of its tensors changed (a fine-tune saved elsewhere): the
    scan cache knows the other tensors' stretches by content, so only the changed ones are cut
    and hashed; the chunk list is the one a full cut makes, and the version pulls intact."""
    import modelreg_native
    from modelreg import transfer
    from modelreg.scancache import ScanCache
    from modelreg.transfer import SCANS, scan
    monkeypatch.setenv("MODELREG_CACHE", str(tmp_path / "cache"))
    base = write_tree(tmp_path / "base", {"model.safetensors": safetensors(tensors), "config.json": b"{}"})
    scan(base)
    rng = random.Random(99)
    tuned = dict(tensors)
    changed = rng.sample(sorted(tensors), len(tensors) // 10)
    for name in changed:
        tuned[name] = rng.randbytes(len(tensors[name]))
    data = safetensors(tuned)
    source = write_tree(tmp_path / "tuned", {"model.safetensors": data, "config.json": b"{}"})
    cache = ScanCache(params=SCANS)
    cut = []
    lookup = cache.stretch
    cache.stretch = lambda key, length: lookup(key, length) or cut.append(length)
    file = transfer.list_files(source)[1]
    boundaries = transfer.tensor_boundaries(transfer.safetensors_layout(file.source))
    chunks, _ = modelreg_native.scan_file_reusing(str(file.source), CHUNK_MIN, transfer.CHUNK_AVG,
                                                  transfer.CHUNK_MAX, cache.seed, cache.stretch, None, boundaries)
    cache.close()
    assert sorted(cut) == sorted(len(tensors[name]) for name in changed)
    full = transfer.chunk_file(transfer.LocalFile("m", file.source, len(data), 0o644), boundaries=boundaries)
    assert [tuple(c) for c in chunks] == [tuple(c) for c in full.chunks]
    assert [tuple(c) for c in scan(source)[1].chunks] == [tuple(c) for c in full.chunks]
    registry.push(model, source)
    registry.pull(f"{model}:latest", tmp_path / "out")
    assert (tmp_path / "out" / "model.safetensors").read_bytes() == data


def test_stretch_entries_stay_bounded(tmp_path, monkeypatch):
    from modelreg import scancache
    """Past MAX_STRETCHES entries the least recently used go; a stretch a scan reused counts as used."""
    import itertools
    import types
    from modelreg import scancache
    clock = itertools.count(1_000_000)
    monkeypatch.setattr(scancache, "MAX_STRETCHES", 5)
    monkeypatch.setattr(scancache, "time", types.SimpleNamespace(time=lambda: next(clock)))
    cache = scancache.ScanCache(tmp_path / "scans.sqlite", params="p")
    for i in range(8):
        cache.put_stretches([(f"k{i}", 0, 10, False)], [("a" * 64, 10, 0)])
    assert cache.stretch("k0", 10) == [("a" * 64, 10)]
    cache.put_stretches([("k0", 0, 10, True)], [("a" * 64, 10, 0)])
    cache.close()
    cache = scancache.ScanCache(tmp_path / "scans.sqlite", params="p")
    assert [k for k in range(8) if cache.stretch(f"k{k}", 10)] == [0, 4, 5, 6, 7]
    assert cache.stretch("k7", 11) is None  # the length is part of the key
    seed = cache.seed
    cache.close()
    assert scancache.ScanCache(tmp_path / "scans.sqlite", params="p").seed == seed
    assert scancache.ScanCache(tmp_path / "other.sqlite", params="p").seed != seed


def test_chunks_travel_packed_into_messages_both_ways(registry, model, tmp_path):
    data = [os.urandom(40_000) for _ in range(30)]
    digests = [codec.sha256_hex(d) for d in data]
    chunks = [r.Chunk(digest=h, raw_size=len(d), codec=codec.CODEC_NONE, data=d) for h, d in zip(digests, data)]
    response = registry.transfer.UploadChunks(iter([
        ts.UploadChunksRequest(chunk=chunks[0], chunks=chunks[1:10]), ts.UploadChunksRequest(chunks=chunks[10:])]))
    assert response.stored_chunks == 30
    assert registry._find_missing(digests) == set()
    files = {f"w{i}.bin": os.urandom(100_000) for i in range(10)}  # a chunk each
    version = registry.push(model, write_tree(tmp_path / "m", files))
    stream = list(registry.transfer.DownloadVersion(ts.DownloadVersionRequest(name=version.name,
                                                                              max_message_bytes=500_000)))
    items = [item for message in stream for item in message.items]
    assert len(stream) < len(items) == 10
    assert all(sum(len(i.chunk.data) for i in m.items) <= 500_000 or len(m.items) == 1 for m in stream)
    assert [i.offset for i in items] == [k * 100_000 for k in range(10)]
    assert [codec.decode(i.chunk.codec, i.chunk.data, i.chunk.raw_size) for i in items] == list(files.values())


# Identity: manifest format 2


def test_a_push_names_files_by_tree_digest_and_the_server_fills_in_their_sha256s(registry, model, tmp_path):
    import hashlib
    from modelreg.manifest import CHUNK_TREE, manifest_digest, tree_digest
    files = {"w.bin": os.urandom(3 * CHUNK_MIN), "config.json": b'{"a": 1}', "empty": b""}
    v1 = registry.push(model, write_tree(tmp_path / "m", files))
    assert v1.manifest_format == r.MANIFEST_FORMAT_CHUNK_TREE
    assert all(f.tree_digest == tree_digest(f.chunks) for f in v1.files)
    assert v1.digest == manifest_digest(v1.files, CHUNK_TREE)
    registry.compact_chunks(wait=True)  # runs the background file hashing now
    hashed = registry.get_version(v1.name, files=True)
    assert {f.path: f.sha256 for f in hashed.files} == {p: hashlib.sha256(b).hexdigest() for p, b in files.items()}
    assert hashed.digest == v1.digest  # the sha256s are not part of the identity
    # The same content in another version has its sha256 at once, from the first.
    v2 = registry.push(model, write_tree(tmp_path / "again", {"copy.bin": files["w.bin"]}))
    assert [f.sha256 for f in v2.files] == [hashlib.sha256(files["w.bin"]).hexdigest()]
    pulled = registry.pull(v1.name, tmp_path / "out")
    assert pulled.digest == v1.digest
    assert {p: (tmp_path / "out" / p).read_bytes() for p in files} == files


def test_a_format_1_version_still_pulls_and_is_hashed_whole(registry, model, tmp_path):
    """Versions pushed before format 2 (or by clients sending file sha256s): the server checks the
    sha256s at commit, a pull checks every file against its sha256."""
    import hashlib
    from modelreg.manifest import FILE_SHA256, manifest_digest
    from modelreg.v1 import registry_service_pb2 as rs
    data = os.urandom(2 * CHUNK_MIN)
    [f] = registry.push(model, write_tree(tmp_path / "m", {"w.bin": data})).files
    entry = r.FileEntry(path="w.bin", size=len(data), sha256=hashlib.sha256(data).hexdigest(), mode=0o644,
                        chunks=f.chunks)
    version = registry.registry.CreateVersion(rs.CreateVersionRequest(model_id=model, files=[entry])).version
    assert version.manifest_format == r.MANIFEST_FORMAT_FILE_SHA256
    assert version.digest == manifest_digest([entry], FILE_SHA256)
    registry.pull(version.name, tmp_path / "out")
    assert (tmp_path / "out" / "w.bin").read_bytes() == data


@pytest.mark.parametrize("lie", ["tree_digest", "digest", "format"])
def test_a_pull_refuses_a_manifest_that_is_not_the_versions_before_writing(registry, model, tmp_path, lie):
    from modelreg import IntegrityError
    from modelreg.transfer import Assembler
    version = registry.get_version(registry.push(model, write_tree(tmp_path / "m", {"w.bin": os.urandom(1000)})).name,
                                   files=True)
    if lie == "tree_digest":
        version.files[0].tree_digest = "0" * 64
    elif lie == "digest":
        version.digest = "sha256:" + "0" * 64
    else:
        version.manifest_format = r.MANIFEST_FORMAT_FILE_SHA256
    with pytest.raises(IntegrityError) as e:
        Assembler(version, tmp_path / "out")
    assert e.value.reason == ("TREE_DIGEST_MISMATCH" if lie == "tree_digest" else "VERSION_DIGEST_MISMATCH")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]
