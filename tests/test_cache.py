"""The shared local cache (docs/cache.md): `Registry.snapshot` and `modelreg snapshot` against a
real server, with the server's /metrics proving what was and was not downloaded."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from conftest import ServerProcess, tree, write_tree
from modelreg import Registry
from modelreg.cache import Cache
from modelreg.errors import NotFound
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
