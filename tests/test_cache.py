"""The shared local cache (docs/cache.md): `Registry.snapshot` and `modelreg snapshot` against a
real server, with the server's /metrics proving what was and was not downloaded."""

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import grpc
import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from conftest import ServerProcess, tree, wait_until, write_tree
from modelreg import Registry
from modelreg.cache import Cache
from modelreg.errors import NotFound, from_rpc_error
from modelreg.follow import current_version
from modelreg.v1 import transfer_service_pb2 as ts
from test_web import dashboard

SENT = "modelreg_transfer_sent_bytes_total"


@pytest.fixture
def site(tmp_path):
    """A server of this test with /metrics, compressing nothing at rest (bytes sent = chunk bytes)."""
    srv = ServerProcess(tmp_path / "data", "--http", "127.0.0.1:0", "--compact-interval", "0").start()
    url = dashboard(srv)
    yield srv, url
    if srv.proc.poll() is None:
        srv.stop()


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    path = tmp_path / "cache"
    monkeypatch.setenv("MODELREG_CACHE", str(path))
    return path


def sent(url: str) -> float:
    text = httpx.get(url + "metrics").text
    return sum(s.value for f in text_string_to_metric_families(text) for s in f.samples if s.name == SENT)


def readonly(files: dict) -> dict:
    """tree() of a source as a snapshot holds it: the same bytes, the write bits cleared."""
    return {path: (data, mode & 0o555) for path, (data, mode) in files.items()}


def two_versions(tmp_path: Path, size: int = 20_000_000) -> tuple[Path, Path]:
    """v1 and v2 of a model: v2 rewrites 300 KB in the middle of the weights and adds a file."""
    rng = random.Random(7)
    weights = bytearray(rng.randbytes(size))
    v1 = write_tree(tmp_path / "v1", {"weights.bin": bytes(weights), "config.json": b'{"n": 1}',
                                      "run.sh": (b"#!/bin/sh\n", 0o755), "empty": b""})
    weights[size // 2:size // 2 + 300_000] = rng.randbytes(300_000)
    v2 = write_tree(tmp_path / "v2", {"weights.bin": bytes(weights), "config.json": b'{"n": 1}',
                                      "run.sh": (b"#!/bin/sh\n", 0o755), "empty": b"", "notes.txt": b"v2"})
    return v1, v2


def chunk_bytes(version, without=()) -> int:
    """Bytes of the version's distinct chunks that are not in `without`."""
    seen = {c.digest for v in without for f in v.files for c in f.chunks}
    chunks = {c.digest: c.size for f in version.files for c in f.chunks if c.digest not in seen}
    return sum(chunks.values())


def test_v2_after_v1_fetches_only_changed_chunks_and_v1_again_fetches_nothing(site, cache_dir, tmp_path):
    srv, url = site
    source1, source2 = two_versions(tmp_path)
    with Registry(srv.address, timeout=60) as reg:
        reg.push("m", source1, compress="never")
        reg.push("m", source2, compress="never")
        v1, v2 = reg.get_version("m:v1", files=True), reg.get_version("m:v2", files=True)
        before = sent(url)
        path1 = reg.snapshot("m:v1")
        after1 = sent(url)
        assert tree(path1) == readonly(tree(source1))
        assert after1 - before == chunk_bytes(v1)
        assert reg.last_snapshot.fetched_bytes == chunk_bytes(v1) and not reg.last_snapshot.cached

        path2 = reg.snapshot("m:v2")
        after2 = sent(url)
        assert tree(path2) == readonly(tree(source2))
        changed = chunk_bytes(v2, without=[v1])
        assert 0 < changed < v2.total_size // 3
        assert after2 - after1 == changed  # only the chunks v1 did not have
        assert reg.last_snapshot.fetched_bytes == changed
        assert reg.last_snapshot.reused_bytes == v2.total_size - changed

        assert reg.snapshot("m:v1") == path1
        assert sent(url) == after2  # the third reads nothing from the server
        assert reg.last_snapshot.cached

    # Content is stored once: the unchanged files are one inode in both snapshots.
    assert (path1 / "config.json").stat().st_ino == (path2 / "config.json").stat().st_ino
    assert (path1 / "run.sh").stat().st_mode & 0o777 == 0o555
    assert path1.stat().st_mode & 0o777 == 0o555 and (path1 / "config.json").stat().st_mode & 0o777 == 0o444
    stored = sum(p.stat().st_size for p in (cache_dir / "files").rglob("*") if p.is_file())
    assert stored == v1.total_size + (source2 / "weights.bin").stat().st_size + len(b"v2")


def cli(srv, *args, env=None, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "MODELREG_SERVER": srv.address, **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "modelreg", *map(str, args)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def test_two_processes_snapshotting_one_version_at_once_download_it_once(site, cache_dir, tmp_path):
    srv, url = site
    source, _ = two_versions(tmp_path)
    with Registry(srv.address, timeout=60) as reg:
        version = reg.push("m", source, compress="never")
        version = reg.get_version("m:v1", files=True)
    before = sent(url)
    procs = [cli(srv, "snapshot", "m:v1", "--json") for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    outputs = [json.loads(out) for out, _ in results]
    assert outputs[0]["path"] == outputs[1]["path"]
    assert tree(Path(outputs[0]["path"])) == readonly(tree(source))
    # One filled the cache, the other waited for it and found it complete.
    assert sorted(o["cached"] for o in outputs) == [False, True]
    assert sent(url) - before == chunk_bytes(version)
    assert not list((cache_dir / "partial").iterdir()) and not list((cache_dir / "staging").iterdir())


def test_a_snapshot_killed_half_way_resumes_from_its_verified_chunks(site, cache_dir, tmp_path):
    srv, url = site
    rng = random.Random(11)
    source = write_tree(tmp_path / "big", {"a.bin": rng.randbytes(48_000_000), "b.txt": b"b"})
    with Registry(srv.address, timeout=60) as reg:
        version = reg.push("big", source, compress="never")
    partial = cache_dir / "partial"
    proc = cli(srv, "snapshot", "big:v1", "--json")
    while proc.poll() is None and sum(p.stat().st_size for p in partial.glob("*")) < 12_000_000:
        time.sleep(0.001)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the snapshot finished before it could be killed"
    held = sum(p.stat().st_size for p in partial.glob("*"))
    assert held >= 12_000_000 and not (cache_dir / "snapshots" / "big").exists()

    before = sent(url)
    done = cli(srv, "snapshot", "big:v1", "--json")
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    result = json.loads(out)
    assert tree(Path(result["path"])) == readonly(tree(source))
    # What the killed run left was kept (all but, at most, the chunk the kill cut in half).
    assert result["reused_bytes"] + result["fetched_bytes"] == version.total_size
    assert result["reused_bytes"] > held - 4 * 1024 * 1024
    assert sent(url) - before == result["fetched_bytes"] < version.total_size - 8_000_000


def test_offline_serves_the_version_an_alias_last_resolved_to(site, cache_dir, tmp_path):
    srv, url = site
    source1, source2 = two_versions(tmp_path, size=2_000_000)
    with Registry(srv.address, timeout=60) as reg:
        reg.push("m", source1, aliases=["production"])
        reg.push("m", source2)
        online = reg.snapshot("m:production")
        reg.set_alias("m", "production", 2)  # moved, but never snapshotted here
    srv.stop()  # no server at all from here on
    offline = {"MODELREG_OFFLINE": "1"}
    proc = cli(srv, "snapshot", "m:production", "--json", env=offline)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    result = json.loads(out)
    assert Path(result["path"]) == online and result["version"] == 1 and result["cached"]
    assert tree(online) == readonly(tree(source1))
    for reference in ("m:v1", f"m@{result['digest'][7:19]}"):
        proc = cli(srv, "snapshot", reference, "--json", env=offline)
        assert json.loads(proc.communicate(timeout=60)[0])["path"] == str(online)
    proc = cli(srv, "snapshot", "m:v2", "--json", env=offline)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 4 and json.loads(out)["error"]["reason"] == "NOT_CACHED"
    with Registry(srv.address) as reg:  # the SDK too: no connection is tried
        with pytest.raises(NotFound) as e:
            reg.snapshot("other:production", offline=True)
        assert e.value.reason == "NOT_CACHED"


def test_prune_never_removes_content_a_live_snapshot_links(site, cache_dir, tmp_path):
    srv, url = site
    source1, source2 = two_versions(tmp_path, size=2_000_000)
    extra = write_tree(tmp_path / "other", {"x.bin": random.Random(3).randbytes(1_000_000)})
    with Registry(srv.address, timeout=60) as reg:
        reg.push("m", source1)
        reg.push("m", source2)
        reg.push("n", extra)
        path1 = reg.snapshot("m:v1")
        path2 = reg.snapshot("m:v2")
        time.sleep(0.01)
        path_n = reg.snapshot("n:v1")
    listed = json.loads(cli(srv, "cache", "ls", "--json").communicate(timeout=60)[0])
    by_model = {(s["model"], s["version"]): s for s in listed["snapshots"]}
    assert set(by_model) == {("m", 1), ("m", 2), ("n", 1)}
    assert by_model[("m", 2)]["unique_size"] < by_model[("m", 2)]["size"]  # shares v1's unchanged files
    assert listed["size"] == sum(p.stat().st_size for p in (cache_dir / "files").rglob("*") if p.is_file())

    # Bad input changes nothing.
    proc = cli(srv, "cache", "prune", "--max-size", "lots", "--json")
    assert proc.wait(timeout=60) == 2 and all(p.is_dir() for p in (path1, path2, path_n))

    # n:v1 is in use (held), m:v2 was used after m:v1: pruning to nothing removes m:v1 and m:v2 only.
    holder = Cache(cache_dir)
    with holder.hold(path_n):
        proc = cli(srv, "cache", "prune", "--max-size", "0", "--json")
        out, err = proc.communicate(timeout=60)
    holder.close()
    assert proc.returncode == 0, err
    report = json.loads(out)
    assert [s["model"] for s in report["removed_snapshots"]] == ["m", "m"] and not report["fits"]
    assert not path1.exists() and not path2.exists()
    assert tree(path_n) == readonly(tree(extra))  # every file it links is still there

    # A snapshot's files outlive the removal of the snapshots that shared them with it.
    with Registry(srv.address, timeout=60) as reg:
        path2 = reg.snapshot("m:v2")
        path1 = reg.snapshot("m:v1")
    proc = cli(srv, "cache", "prune", "--max-size", str(listed["size"] - 1), "--json")
    out, _ = proc.communicate(timeout=60)
    assert [s["model"] for s in json.loads(out)["removed_snapshots"]] == ["n"]  # least recently used
    assert tree(path1) == readonly(tree(source1)) and tree(path2) == readonly(tree(source2))


def test_follow_keeps_versions_for_the_space_of_their_distinct_content(site, cache_dir, tmp_path):
    srv, url = site
    source1, source2 = two_versions(tmp_path)
    directory = tmp_path / "deploy"
    with Registry(srv.address, timeout=60) as reg, Registry(srv.address) as agent:
        reg.push("m", source1, aliases=["production"], compress="never")
        v2 = reg.push("m", source2, compress="never")
        stop = threading.Event()
        thread = threading.Thread(target=agent.follow, args=("m:production", directory), daemon=True,
                                  kwargs={"keep": 2, "stop": stop, "report_labels": None})
        thread.start()
        try:
            wait_until(lambda: current_version(directory) == 1, what="v1 deployed")
            before = sent(url)
            reg.set_alias("m", "production", 2)
            wait_until(lambda: current_version(directory) == 2, what="v2 deployed")
            assert sent(url) - before == chunk_bytes(reg.get_version("m:v2", files=True),
                                                      without=[reg.get_version("m:v1", files=True)])
        finally:
            stop.set()
            thread.join(30)
    versions = directory / "versions"
    assert tree(versions / "2") == readonly(tree(source2)) and tree(versions / "1") == readonly(tree(source1))
    assert (versions / "1" / "config.json").stat().st_ino == (versions / "2" / "config.json").stat().st_ino
    inodes = {p.stat().st_ino: p.stat().st_size for p in versions.rglob("*") if p.is_file()}
    assert sum(inodes.values()) == v2.total_size + (source1 / "weights.bin").stat().st_size


def test_a_range_outside_the_version_is_refused(site, tmp_path):
    srv, _ = site
    with Registry(srv.address, timeout=60) as reg:
        version = reg.push("m", write_tree(tmp_path / "s", {"a": b"abc" * 1000}))
        for start, end in ((0, version.total_size + 1), (10, 10), (10, 5)):
            request = ts.DownloadVersionRequest(name=version.name, offset=start, end_offset=end)
            with pytest.raises(grpc.RpcError) as e:
                list(reg.transfer.DownloadVersion(request, timeout=30))
            assert from_rpc_error(e.value).reason == "OFFSET_OUT_OF_RANGE"
        [(offset, _, raw)] = list(reg._fetch_range(version.name, 0, version.total_size, attempts=1))
        assert (offset, raw) == (0, b"abc" * 1000)
