"""Garbage collection beside pushes in flight, on the file store and on S3 (versitygw): what a push
relies on is leased in the metadata (chunk_leases), not told by mtimes, and gc keeps what a live
lease holds. grace_period=0 turns gc's second guard (the time a chunk was stored) off, so what
these tests see is the leases' doing."""

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import ServerProcess, chunk_leases, metadata_connection, set_chunk_leases, stored_chunk, tree, write_tree
from modelreg import Registry, codec
from modelreg.v1 import registry_service_pb2 as rs, resources_pb2 as r, transfer_service_pb2 as ts

HOUR = 3600 * 1_000_000  # microseconds


def chunk_files(server) -> set:
    return {p.name for p in (server.blobs_root / "chunks").rglob("*") if p.is_file()}


def upload(reg: Registry, data: bytes) -> str:
    """Uploads one chunk with UploadChunks alone (nothing references it); returns its digest."""
    digest = codec.sha256_hex(data)
    codec_, payload = codec.encode(data)
    reply = reg.transfer.UploadChunks(iter([ts.UploadChunksRequest(
        chunk=r.Chunk(digest=digest, raw_size=len(data), codec=codec_, data=payload))]))
    assert reply.stored_chunks + reply.existing_chunks == 1
    return digest


def find_missing(reg: Registry, digests: list[str]) -> list[str]:
    return list(reg.transfer.FindMissingChunks(ts.FindMissingChunksRequest(digests=digests)).missing_digests)


def commit(reg: Registry, model: str, path: str, data: bytes) -> rs.CreateVersionResponse:
    """CreateVersion of a one-file version made of one chunk already uploaded (the push's last call)."""
    digest = codec.sha256_hex(data)
    entry = r.FileEntry(path=path, size=len(data), sha256=digest, mode=0o644,
                        chunks=[r.ChunkRef(digest=digest, size=len(data))])
    return reg.registry.CreateVersion(rs.CreateVersionRequest(model_id=model, files=[entry]))


def test_a_live_lease_keeps_an_unreferenced_chunk_an_expired_one_does_not(store_server):
    data = store_server.data
    with Registry(store_server.address) as reg:
        orphan = upload(reg, os.urandom(50_000))
        leases = chunk_leases(data)
        assert list(leases) == [orphan] and leases[orphan] > (time.time() + 3000) * 1_000_000

        kept = reg.collect_garbage(grace_period=0)
        assert (kept.chunks_removed, kept.chunks_in_grace) == (0, 1)
        assert orphan in chunk_files(store_server) and list(chunk_leases(data)) == [orphan]

        set_chunk_leases(data, 0)
        dry = reg.collect_garbage(grace_period=0, dry_run=True)
        assert dry.chunks_removed == 1
        assert orphan in chunk_files(store_server) and list(chunk_leases(data)) == [orphan]

        removed = reg.collect_garbage(grace_period=0)
        assert (removed.chunks_removed, removed.chunks_in_grace) == (1, 0) and removed.bytes_freed > 50_000
        assert chunk_files(store_server) == set()
        assert chunk_leases(data) == {}  # expired leases are forgotten
        assert find_missing(reg, [orphan]) == [orphan]


@pytest.mark.parametrize("how", ["told-present", "uploaded"])
def test_a_push_in_flight_survives_gc_and_commits(store_server, tmp_path, how):
    """FindMissingChunks says a chunk is stored (or UploadChunks stored it), gc runs, then the
    commit: the version is whole. "told-present": the chunk is an old orphan whose lease ran out,
    so only the lease FindMissingChunks takes keeps it."""
    payload = os.urandom(40_000)
    with Registry(store_server.address) as reg:
        digest = codec.sha256_hex(payload)
        if how == "told-present":
            upload(reg, payload)
            set_chunk_leases(store_server.data, 0)
            assert find_missing(reg, [digest]) == []
        else:
            assert find_missing(reg, [digest]) == [digest]
            upload(reg, payload)
        report = reg.collect_garbage(grace_period=0)
        assert (report.chunks_removed, report.chunks_in_grace) == (0, 1)

        version = commit(reg, "inflight", "w.bin", payload).version
        assert version.name == "models/inflight/versions/1"
        assert reg.collect_garbage(grace_period=0).chunks_referenced == 1
        check = reg.check_store()
        assert (list(check.missing_chunks), list(check.damaged_versions)) == ([], [])
        reg.pull("inflight:v1", tmp_path / "out")
        assert (tmp_path / "out" / "w.bin").read_bytes() == payload


def test_without_a_live_lease_gc_removes_the_chunk_and_the_commit_asks_for_it_again(store_server, tmp_path):
    """The control of the test above: once the lease has run out (a push slower than its lease),
    gc removes the chunk, the commit reports it missing and a push uploads it again."""
    payload = os.urandom(40_000)
    with Registry(store_server.address) as reg:
        digest = upload(reg, payload)
        set_chunk_leases(store_server.data, 0)
        assert reg.collect_garbage(grace_period=0).chunks_removed == 1
        with pytest.raises(Exception) as refused:
            commit(reg, "late", "w.bin", payload)
        assert refused.value.code().name == "FAILED_PRECONDITION"
        assert digest in refused.value.details()
        source = write_tree(tmp_path / "m", {"w.bin": payload})
        assert reg.push("late", source).number == 1
        reg.pull("late:v1", tmp_path / "out")
        assert tree(tmp_path / "out") == tree(source)


@pytest.mark.parametrize("taken_ago,grace,removed", [
    (1.5, 3600, 1),   # taken 1.5 h ago: expired half an hour ago, older than the grace period
    (1.5, 7200, 0),   # but a 2 h grace period keeps what a push was told within 2 h
    (0.5, 0, 0),      # live: kept whatever the grace period
], ids=["expired", "within-grace", "live"])
def test_the_grace_period_extends_leases_never_shortens_them(tmp_path, taken_ago, grace, removed):
    """A lease lasts an hour from when it was taken (transfers.CHUNK_LEASE); gc keeps what a push
    was told about within its grace period, as CollectGarbage documents, and every live lease.
    (The rule is gc's, whatever the chunk store: the file store lets the test age the chunk past
    the grace period, which an S3 object's stored time cannot be.)"""
    own_server = ServerProcess(tmp_path / "data", blobs_root=tmp_path / "data" / "blobs").start()  # files
    try:
        with Registry(own_server.address) as reg:
            upload(reg, os.urandom(20_000))
            set_chunk_leases(own_server.data, int(time.time() * 1_000_000 + HOUR - taken_ago * HOUR))
            for path in (own_server.data / "blobs" / "chunks").rglob("*"):
                if path.is_file():
                    os.utime(path, (time.time() - 3 * 3600, time.time() - 3 * 3600))
            assert reg.collect_garbage(grace_period=grace).chunks_removed == removed
    finally:
        own_server.stop()


def drop_chunk_rows(data) -> None:
    with metadata_connection(data) as db:
        db.run("DELETE FROM chunk_leases")


@pytest.mark.parametrize("call", ["find-missing", "commit"])
def test_a_push_waits_for_a_gc_removing_its_chunk_then_uploads_it_again(store_server, tmp_path, call):
    """gc claims a chunk in the metadata before it deletes it; no lease lands on a claimed chunk.
    A push wanting it meanwhile waits until gc is done (here: a stand-in deletes the object and
    drops the claim, as gc does), then is told the truth: FindMissingChunks reports it missing,
    CreateVersion CHUNKS_MISSING, and the SDK's push uploads it again."""
    payload = os.urandom(30_000)
    with Registry(store_server.address) as reg:
        digest = upload(reg, payload)
        set_chunk_leases(store_server.data, 0, removing_since=int(time.time() * 1_000_000))
        other_gc = reg.collect_garbage(grace_period=0)  # another gc leaves it to the one that claimed it
        assert (other_gc.chunks_removed, other_gc.chunks_in_grace) == (0, 1)

        def finish_removal():
            time.sleep(0.5)
            stored_chunk(store_server.blobs_root, digest).unlink()
            drop_chunk_rows(store_server.data)
        remover = threading.Thread(target=finish_removal)
        remover.start()
        try:
            if call == "find-missing":
                assert find_missing(reg, [digest]) == [digest]
            else:
                with pytest.raises(Exception) as refused:
                    commit(reg, "claimed", "w.bin", payload)
                assert refused.value.code().name == "FAILED_PRECONDITION" and digest in refused.value.details()
        finally:
            remover.join()
        source = write_tree(tmp_path / "m", {"w.bin": payload})
        assert reg.push("claimed", source).number == 1
        reg.pull("claimed:v1", tmp_path / "out")
        assert tree(tmp_path / "out") == tree(source)


def test_a_claim_a_dead_gc_left_behind_no_longer_counts(store_server):
    """A claim older than transfers.GC_CLAIM_TIMEOUT (10 minutes) is a dead gc's: a push leases
    the chunk as if it were not there, and the next gc forgets it."""
    payload = os.urandom(30_000)
    with Registry(store_server.address) as reg:
        digest = upload(reg, payload)
        now = int(time.time() * 1_000_000)
        set_chunk_leases(store_server.data, 0, removing_since=now - 11 * 60 * 1_000_000)
        assert find_missing(reg, [digest]) == []
        assert chunk_leases(store_server.data)[digest] > now + 3000 * 1_000_000
        assert commit(reg, "revived", "w.bin", payload).version.number == 1
        set_chunk_leases(store_server.data, 0, removing_since=now - 11 * 60 * 1_000_000)
        assert reg.collect_garbage(grace_period=0).chunks_referenced == 1
        assert chunk_leases(store_server.data) == {}


def test_pushes_racing_gc_never_leave_a_damaged_version(store_server, tmp_path):
    """Old unreferenced chunks whose leases ran out are pushed again by four pushers at once while
    gc runs with grace 0 over and over: each such chunk is either leased by the push first (gc
    keeps it) or claimed by gc first (the push is told it is missing, or its commit CHUNKS_MISSING,
    and uploads it again). Every push completes, no version is ever damaged, and the orphans no
    push wanted are removed meanwhile."""
    with Registry(store_server.address, timeout=120) as reg:
        for round_ in range(3):
            wanted = [os.urandom(20_000) for _ in range(32)]
            unwanted = [upload(reg, os.urandom(20_000)) for _ in range(8)]
            for data in wanted:
                upload(reg, data)
            set_chunk_leases(store_server.data, 0)  # quiet: no gc or push runs now
            sources = {f"race-{round_}-{p}": write_tree(tmp_path / f"r{round_}-{p}", {
                f"f{i}.bin": wanted[i] for i in range(p * 8, p * 8 + 8)}) for p in range(4)}
            done, removed = threading.Event(), []

            def collect():
                with Registry(store_server.address, timeout=120) as own:
                    while not done.is_set():
                        removed.append(own.collect_garbage(grace_period=0).chunks_removed)
            collector = threading.Thread(target=collect)
            collector.start()
            try:
                with ThreadPoolExecutor(4) as pool:
                    pushed = list(pool.map(lambda item: reg.push(*item), sources.items()))
            finally:
                done.set()
                collector.join()
            assert [v.number for v in pushed] == [1, 1, 1, 1] and removed

            report = reg.check_store()
            assert (list(report.missing_chunks), list(report.damaged_versions)) == ([], [])
            for name, source in sources.items():
                reg.pull(f"{name}:v1", tmp_path / "out" / name)
                assert tree(tmp_path / "out" / name) == tree(source)
            reg.collect_garbage(grace_period=0)
            assert not set(unwanted) & chunk_files(store_server)
