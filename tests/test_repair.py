"""Corruption heals: a chunk damaged on disk is found by fsck, quarantined by `fsck --repair` so it
counts as missing, uploaded again by a re-push of the same content, and every version that used it
is whole again. Against a real server with its data directory, through the CLI and the SDK."""

import json
import os
import random
import subprocess
import sys

import pytest

from conftest import stored_chunk, tree, write_tree
from modelreg import Registry
from modelreg.errors import ModelregError
from modelreg.transfer import scan, upload_requests

HEADER_SIZE = 13  # magic, codec, raw size: see server/modelreg_server/chunkstore.py


def flip_last_byte(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 0x01])


def garble_payload(data: bytes) -> bytes:
    middle = HEADER_SIZE + (len(data) - HEADER_SIZE) // 2
    return data[:middle] + os.urandom(64) + data[middle + 64:]


# name: (damage done to the stored file, which file's chunks to damage, the reason a pull then fails with)
CORRUPTIONS = {
    "wrong-sha256": (flip_last_byte, "weights.bin", "CHUNK_DIGEST_MISMATCH"),
    "truncated": (lambda data: data[: len(data) // 2], "weights.bin", "CHUNK_SIZE_MISMATCH"),
    "bad-header": (lambda data: b"JUNK" + data[4:], "weights.bin", "CHUNK_CORRUPT"),
    "empty-file": (lambda data: b"", "weights.bin", "CHUNK_CORRUPT"),
    "undecodable": (garble_payload, "vocab.txt", "CORRUPT_CHUNK"),
}


def chunk_path(blobs_root, digest: str):
    """The file of a stored chunk: in DATA/blobs, or versitygw's file for the S3 object."""
    return stored_chunk(blobs_root, digest)


def chunk_files(blobs_root) -> set:
    return {p.name for p in (blobs_root / "chunks").rglob("*") if p.is_file()}


def quarantine(blobs_root) -> dict:
    """{file name: bytes} of quarantine/ beside chunks/."""
    folder = blobs_root / "quarantine"
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.exists() else {}


def fsck(server, *args) -> tuple[int, dict]:
    result = subprocess.run([sys.executable, "-m", "modelreg", "fsck", "--json", "--server", server.address, *args],
                            capture_output=True, text=True, timeout=60)
    return result.returncode, json.loads(result.stdout)


def fsck_text(server, *args) -> tuple[int, str]:
    result = subprocess.run([sys.executable, "-m", "modelreg", "fsck", "--server", server.address, *args],
                            capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout


@pytest.fixture(autouse=True)
def stored_as_encoded(monkeypatch):
    """These tests damage chunks by how they are stored (zstd frames, raw bytes): pushes here
    encode every chunk in transit, so a chunk is stored as the client encoded it."""
    monkeypatch.setenv("MODELREG_COMPRESS", "always")


@pytest.fixture
def source(tmp_path):
    """Incompressible weights (stored raw) and a text file (stored as zstd), several chunks each."""
    rng = random.Random(10)
    words = [f"token{rng.randrange(100_000)}" for _ in range(2_000)]
    return write_tree(tmp_path / "model", {
        "weights.bin": rng.randbytes(8_000_000),
        "vocab.txt": "\n".join(rng.choice(words) for _ in range(800_000)).encode(),
        "config.json": b'{"dim": 64}',
    })


def upload_totals(reg: Registry, model: str, path) -> tuple:
    """Pushes and returns (the version, raw bytes the SDK uploaded)."""
    totals = []
    version = reg.push(model, path, on_progress=lambda phase, done, total: phase == "upload" and totals.append(total))
    return version, sum(set(totals))


@pytest.mark.parametrize("via", ["cli", "sdk"])
@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_repair_quarantines_and_a_repush_heals(store_server, tmp_path, source, corruption, via):
    damage, victim, pull_reason = CORRUPTIONS[corruption]
    data = store_server.blobs_root
    with Registry(store_server.address, timeout=60) as reg:
        v1 = reg.push("healme", source)
        entry = next(f for f in v1.files if f.path == victim)
        assert len(entry.chunks) >= 4
        bad = sorted({c.digest for c in random.sample(list(entry.chunks), 2)})
        sizes = {c.digest: c.size for f in v1.files for c in f.chunks}
        damaged_bytes = {}
        for digest in bad:
            path = chunk_path(data, digest)
            damaged_bytes[digest] = damage(path.read_bytes())
            path.write_bytes(damaged_bytes[digest])

        # Found, reported, and nothing moved without --repair.
        code, report = fsck(store_server)
        assert code == 3 and report["ok"] is False
        assert report["corrupt_chunks"] == bad
        assert report["damaged_versions"] == ["models/healme/versions/1"]
        assert report["quarantined_chunks"] == [] and quarantine(data) == {}
        assert set(bad) <= chunk_files(data)
        with pytest.raises(ModelregError) as refused:
            reg.pull("healme:v1", tmp_path / "broken")
        # S3 notices the damage itself (the checksum it kept from the PUT), before any frame is sent.
        assert refused.value.reason == ("CHUNK_CORRUPT" if "--blobs" in store_server.args else pull_reason)
        assert not (tmp_path / "broken").exists()

        # Repair: the corrupt chunks leave the store for quarantine, bytes kept as they were.
        if via == "cli":
            code, text = fsck_text(store_server, "--repair")
            assert code == 3
            for digest in bad:
                assert f"corrupt chunk: {digest} (quarantined)" in text
            assert "quarantined 2 corrupt chunks" in text
            assert "push the content of these versions again" in text and "healme:v1" in text
        else:
            repaired = reg.check_store(repair=True)
            assert list(repaired.quarantined_chunks) == bad and list(repaired.corrupt_chunks) == bad
            assert list(repaired.damaged_versions) == ["models/healme/versions/1"]
        kept = quarantine(data)
        assert sorted(name.split(".")[0] for name in kept) == bad
        assert {name.split(".")[0]: content for name, content in kept.items()} == damaged_bytes
        assert not set(bad) & chunk_files(data)

        after = reg.check_store()
        assert (list(after.corrupt_chunks), list(after.missing_chunks)) == ([], bad)
        assert list(after.damaged_versions) == ["models/healme/versions/1"]
        all_digests = [c.digest for f in v1.files for c in f.chunks]
        assert reg._find_missing(all_digests) == set(bad)

        # A re-push of the same directory uploads exactly the quarantined chunks.
        before = chunk_files(data)
        v2, sent = upload_totals(reg, "healme", source)
        assert sent == sum(sizes[d] for d in bad)
        assert chunk_files(data) - before == set(bad)
        assert v2.digest == v1.digest and v2.number == 2

        healed = reg.check_store()
        assert (list(healed.corrupt_chunks), list(healed.missing_chunks), list(healed.damaged_versions)) == ([], [], [])
        reg.pull("healme:v1", tmp_path / "v1")
        assert tree(tmp_path / "v1") == tree(source)
        # Quarantine is kept for forensics: gc never touches it.
        reg.collect_garbage(grace_period=0)
        assert quarantine(data) == kept
    code, report = fsck(store_server)
    assert code == 0 and report["ok"] is True and report["quarantined_chunks"] == []


def test_repair_of_a_clean_store_changes_nothing_and_exits_zero(store_server, source):
    with Registry(store_server.address, timeout=60) as reg:
        reg.push("clean", source)
    before = chunk_files(store_server.blobs_root)
    code, report = fsck(store_server, "--repair")
    assert code == 0 and report["ok"] is True
    assert (report["corrupt_chunks"], report["quarantined_chunks"], report["damaged_versions"]) == ([], [], [])
    assert chunk_files(store_server.blobs_root) == before and quarantine(store_server.blobs_root) == {}


def test_an_upload_never_dedups_against_a_corrupt_stored_copy(store_server, source):
    """Without any fsck: uploading a chunk the server stores corrupt replaces the stored copy."""
    data = store_server.blobs_root
    with Registry(store_server.address, timeout=60) as reg:
        v1 = reg.push("dedup", source)
        digest = v1.files[-1].chunks[1].digest
        chunk_path(data, digest).write_bytes(flip_last_byte(chunk_path(data, digest).read_bytes()))
        files = scan(source)
        response = reg.transfer.UploadChunks(upload_requests(files, {digest}))
        assert (response.stored_chunks, response.existing_chunks) == (1, 0)
        again = reg.transfer.UploadChunks(upload_requests(files, {digest}))
        assert (again.stored_chunks, again.existing_chunks) == (0, 1)
        assert [name.split(".")[0] for name in quarantine(data)] == [digest]
        report = reg.check_store()
        assert (list(report.corrupt_chunks), list(report.damaged_versions)) == ([], [])


def test_a_push_that_reuses_a_corrupt_chunk_heals_it(store_server, tmp_path, source):
    """A format 2 commit does not read the chunks a new file reuses; the server's background
    hashing of the new file (its whole-file sha256) does, finds the corrupt stored chunk and
    quarantines it, so it counts as missing and the next push of that content uploads it."""
    data = store_server.blobs_root
    with Registry(store_server.address, timeout=60) as reg:
        v1 = reg.push("reuse", source)
        reg.compact_chunks(wait=True)
        weights = next(f for f in v1.files if f.path == "weights.bin")
        digest = weights.chunks[0].digest
        chunk_path(data, digest).write_bytes(flip_last_byte(chunk_path(data, digest).read_bytes()))
        grown = write_tree(tmp_path / "grown", {"weights.bin": (source / "weights.bin").read_bytes() + b"tail"})
        upload_totals(reg, "reuse", grown)  # commits without reading the reused chunk
        reg.compact_chunks(wait=True)  # the background hashing of v2's new file (if not done already)
        assert [name.split(".")[0] for name in quarantine(data)] == [digest]
        assert not next(f for f in reg.get_version("reuse:2", files=True).files if f.path == "weights.bin").sha256
        v2, sent = upload_totals(reg, "reuse", grown)
        assert sent >= weights.chunks[0].size
        report = reg.check_store()
        assert (list(report.corrupt_chunks), list(report.missing_chunks), list(report.damaged_versions)) == ([], [], [])
        reg.pull(v1.name, tmp_path / "v1")
        reg.pull(v2.name, tmp_path / "v2")
    assert tree(tmp_path / "v1") == tree(source)
    assert (tmp_path / "v2" / "weights.bin").read_bytes() == (grown / "weights.bin").read_bytes()


def test_repair_needs_admin(secured):
    from modelreg.errors import PermissionDenied
    with secured.client("maintainer") as reg, pytest.raises(PermissionDenied) as e:
        reg.check_store(repair=True)
    assert e.value.reason == "ROLE_REQUIRED"
    with secured.client("root") as reg:
        assert reg.check_store(repair=True).quarantined_chunks == []
