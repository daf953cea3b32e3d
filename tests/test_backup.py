"""`modelreg backup` and `modelreg restore-backup` of an embedded registry: a backup taken while the
server pushes and collects garbage restores into a registry a new server serves whole (fsck clean,
every version pulled byte for byte); gc after the snapshot cannot take what the backup needs; bad
input is refused precisely and changes nothing."""

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ROOT, ServerProcess, data_state, set_chunk_leases, tree, wait_until, write_tree
from modelreg import Registry


def modelreg(*args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "modelreg", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)


def content(seed: int) -> dict:
    """A small model of several chunks whose bytes depend on seed."""
    rng = __import__("random").Random(seed)
    return {"weights.bin": rng.randbytes(600_000), "config.json": b'{"seed": %d}\n' % seed,
            "nested/vocab.txt": b"\n".join(b"w%d-%d" % (seed, i) for i in range(3000))}


def push(reg: Registry, model: str, files: dict, root: Path) -> int:
    return reg.push(model, write_tree(root, files)).number


def pulled(reg: Registry, reference: str, dest: Path) -> dict:
    reg.pull(reference, dest)
    return {path: data for path, (data, _) in tree(dest).items()}


def assert_serves(restored: Path, expected: dict, tmp_path: Path) -> set:
    """Starts a server on a restored data directory, runs `modelreg fsck` against it and pulls
    every version it lists through the SDK, comparing bytes with what was pushed; returns the
    (model, number) pairs it holds."""
    srv = ServerProcess(restored).start()
    try:
        check = modelreg("fsck", "--server", srv.address, "--json")
        assert check.returncode == 0, check.stdout + check.stderr
        assert json.loads(check.stdout)["ok"] is True
        held = set()
        with Registry(srv.address, timeout=60) as reg:
            for m in reg.list_models():
                model = m.name.removeprefix("models/")
                for v in reg.list_versions(model):
                    key = (model, v.number)
                    held.add(key)
                    got = pulled(reg, f"{model}:{v.number}", tmp_path / "pulls" / f"{model}-{v.number}")
                    assert got == expected[key], key
        return held
    finally:
        srv.stop()


def test_a_backup_taken_during_pushes_and_gc_restores_into_a_registry_served_whole(tmp_path):
    srv = ServerProcess(tmp_path / "data").start()
    pushed: dict = {}
    try:
        with Registry(srv.address, timeout=60) as reg:
            for i in range(3):
                pushed[("base", push(reg, "base", content(i), tmp_path / f"base{i}"))] = content(i)
            for i in range(4):
                push(reg, f"doomed-{i}", content(100 + i), tmp_path / f"doomed{i}")
        before = set(pushed)
        errors: list = []
        done = threading.Event()

        def pusher():  # pushes through the real SDK from before the backup starts until after it ended
            try:
                with Registry(srv.address, timeout=60) as reg:
                    for i in range(200):
                        files = content(10 + i)
                        pushed[("busy", push(reg, "busy", files, tmp_path / f"busy{i}"))] = files
                        if done.is_set():
                            return
            except Exception as e:  # reported by the assertion below
                errors.append(e)

        def collector():  # deletes models and collects garbage meanwhile
            try:
                with Registry(srv.address, timeout=60) as reg:
                    for i in range(4):
                        reg.delete_model(f"doomed-{i}", force=True)
                        reg.collect_garbage(grace_period=0)
                    while not done.is_set():
                        reg.collect_garbage(grace_period=0)
            except Exception as e:
                errors.append(e)
        threads = [threading.Thread(target=pusher), threading.Thread(target=collector)]
        for t in threads:
            t.start()
        busy = lambda: sum(1 for model, _ in list(pushed) if model == "busy")  # noqa: E731
        wait_until(lambda: busy() >= 1, what="the first push beside the backup")
        result = modelreg("backup", "--data", srv.data, tmp_path / "backup", "--json")
        after = busy()
        wait_until(lambda: busy() > after or errors, what="a push after the backup")  # it pushed all along
        done.set()
        for t in threads:
            t.join(120)
        assert not errors, errors
        assert result.returncode == 0, result.stdout + result.stderr
        manifest = json.loads(result.stdout)
        assert "metadata snapshot taken" in result.stderr
        assert json.loads((tmp_path / "backup" / "manifest.json").read_text()) == manifest
        assert manifest["format"] == "modelreg-backup" and manifest["format_version"] == 1
        assert manifest["chunks_unavailable"] == [] and manifest["chunks"] >= manifest["chunks_referenced"] > 0
        from modelreg_server import schema
        assert manifest["schema_version"] == schema.LATEST
    finally:
        srv.stop()

    restored = modelreg("restore-backup", tmp_path / "backup", "--data", tmp_path / "restored", "--json")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert json.loads(restored.stdout)["versions"] == manifest["versions"]
    pushed.update({(f"doomed-{i}", 1): content(100 + i) for i in range(4)})
    held = assert_serves(tmp_path / "restored", pushed, tmp_path)
    assert before <= held  # every version committed before the backup began, and some of the busy ones
    assert ("busy", 1) in held and len(held) == manifest["versions"]
    assert not held >= {k for k in pushed if k[0] == "busy"}  # pushes after the snapshot are not in it


def test_gc_after_the_snapshot_cannot_take_a_chunk_the_backup_needs(tmp_path):
    """The backup holds what its snapshot references: a model deleted and collected right after
    the snapshot (with every push lease expired, as an hour later) is still restored whole; once
    the backup has ended and its hold lapsed, the same gc does remove those chunks."""
    from modelreg_server.backup import backup
    srv = ServerProcess(tmp_path / "data").start()
    try:
        with Registry(srv.address, timeout=60) as reg:
            kept = push(reg, "kept", content(1), tmp_path / "kept")
            push(reg, "doomed", content(2), tmp_path / "doomed")
            set_chunk_leases(srv.data, 0)  # the pushes' leases have run out
            removed = []

            def on_progress(phase, done, total):
                if phase == "snapshot":  # after the snapshot, before any chunk is copied
                    reg.delete_model("doomed", force=True)
                    removed.append(reg.collect_garbage(grace_period=0).chunks_removed)
            summary = backup(srv.data, tmp_path / "backup", on_progress=on_progress)
            assert removed == [0] and summary.chunks_unavailable == []
            set_chunk_leases(srv.data, 0)  # the hold lapsed
            assert reg.collect_garbage(grace_period=0).chunks_removed > 0  # the doomed model's chunks
    finally:
        srv.stop()
    assert modelreg("restore-backup", tmp_path / "backup", "--data", tmp_path / "restored").returncode == 0
    assert assert_serves(tmp_path / "restored", {("kept", kept): content(1), ("doomed", 1): content(2)},
                         tmp_path) == {("kept", 1), ("doomed", 1)}


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A stopped registry with two models, and a backup of it."""
    root = tmp_path_factory.mktemp("made")
    srv = ServerProcess(root / "data").start()
    try:
        with Registry(srv.address, timeout=60) as reg:
            for i in range(2):
                push(reg, f"m{i}", content(50 + i), root / f"m{i}")
    finally:
        srv.stop()
    result = modelreg("backup", "--data", root / "data", root / "backup")
    assert result.returncode == 0, result.stderr
    return root


def test_backup_into_a_non_empty_directory_is_refused_and_writes_nothing(made, tmp_path):
    dest = tmp_path / "dest"
    write_tree(dest, {"keep.txt": b"mine"})
    before = data_state(made / "data")
    result = modelreg("backup", "--data", made / "data", dest)
    assert result.returncode == 1
    assert result.stderr.strip() == f"modelreg backup: DEST {dest} is not empty; give a new or empty directory"
    assert tree(dest) == {"keep.txt": (b"mine", 0o644)}
    assert data_state(made / "data") == before


@pytest.mark.parametrize("case", ["no-registry", "json"])
def test_backup_of_a_directory_without_a_registry_is_refused(tmp_path, case):
    (tmp_path / "empty").mkdir()
    result = modelreg("backup", "--data", tmp_path / "empty", tmp_path / "dest", *(["--json"] if case == "json" else []))
    assert result.returncode == 1
    message = f"--data {tmp_path / 'empty'} holds no registry (no registry.db)"
    if case == "json":
        assert json.loads(result.stdout)["error"]["message"] == message
    else:
        assert result.stderr.strip() == f"modelreg backup: {message}"
    assert not (tmp_path / "dest").exists()


def test_restore_into_a_non_empty_directory_is_refused_and_leaves_it_alone(made, tmp_path):
    target = write_tree(tmp_path / "target", {"registry.db": b"someone else's"})
    result = modelreg("restore-backup", made / "backup", "--data", target)
    assert result.returncode == 1
    assert result.stderr.strip() == (f"modelreg restore-backup: --data {target} is not empty; give a new or empty "
                                     "directory")
    assert tree(target) == {"registry.db": (b"someone else's", 0o644)}


def test_restore_into_an_empty_directory_and_check_only(made, tmp_path):
    checked = modelreg("restore-backup", made / "backup", "--check", "--json")
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["checked_only"] is True and json.loads(checked.stdout)["versions"] == 2
    (tmp_path / "target").mkdir()
    restored = modelreg("restore-backup", made / "backup", "--data", tmp_path / "target")
    assert restored.returncode == 0, restored.stderr
    assert "serve it with `modelreg serve --data" in restored.stdout
    assert sorted(os.listdir(tmp_path / "target")) == ["blobs", "registry.db"]


def _chunk_files(backup: Path) -> list[Path]:
    return sorted(p for p in (backup / "blobs" / "chunks").rglob("*") if p.is_file())


def _referenced_chunk(backup: Path) -> Path:
    import sqlite3
    conn = sqlite3.connect(backup / "registry.db")
    digest = conn.execute("SELECT digest FROM version_chunks LIMIT 1").fetchone()[0]
    conn.close()
    return backup / "blobs" / "chunks" / digest[:2] / digest


def damage(backup: Path, case: str) -> str:
    """Damages a copy of a backup; returns what the refusal must say."""
    if case == "chunk-missing":
        chunk = _referenced_chunk(backup)
        chunk.unlink()
        return f"the backup is damaged: 1 chunk(s) that versions reference missing (first {chunk.name}); " \
               "nothing restored"
    if case == "chunk-altered":
        chunk = _referenced_chunk(backup)
        data = bytearray(chunk.read_bytes())
        data[-1] ^= 0xFF
        chunk.write_bytes(bytes(data))
        return f"the backup is damaged: 1 chunk(s) corrupt (first {chunk.name}); nothing restored"
    if case == "chunk-truncated":
        chunk = _chunk_files(backup)[0]
        chunk.write_bytes(chunk.read_bytes()[:5])
        return f"the backup is damaged: 1 chunk(s) corrupt (first {chunk.name}); nothing restored"
    if case == "db-truncated":
        db = backup / "registry.db"
        size = db.stat().st_size
        db.write_bytes(db.read_bytes()[:size // 2])
        return f"the backup is damaged: {db} ({size // 2} bytes) does not match its manifest ({size} bytes"
    if case == "db-missing":
        (backup / "registry.db").unlink()
        return f"the backup is incomplete: {backup / 'registry.db'} is missing; nothing restored"
    if case == "no-manifest":
        (backup / "manifest.json").unlink()
        return f"{backup} has no manifest.json: not a modelreg backup, or one that did not finish"
    if case == "future-format":
        manifest = json.loads((backup / "manifest.json").read_text())
        (backup / "manifest.json").write_text(json.dumps({**manifest, "format_version": 2}))
        return "backup format 2, this modelreg reads format 1 and older"
    raise AssertionError(case)


@pytest.mark.parametrize("case, code", [("chunk-missing", 5), ("chunk-altered", 5), ("chunk-truncated", 5),
                                        ("db-truncated", 5), ("db-missing", 5), ("no-manifest", 1),
                                        ("future-format", 1)])
def test_a_damaged_backup_is_refused_precisely_and_nothing_is_restored(made, tmp_path, case, code):
    backup = tmp_path / "backup"
    shutil.copytree(made / "backup", backup)
    says = damage(backup, case)
    target = tmp_path / "target"
    for args in (["--data", target], ["--check"]):
        result = modelreg("restore-backup", backup, *args)
        assert result.returncode == code, result.stderr
        line = result.stderr.strip().splitlines()[-1]
        assert line.startswith("modelreg restore-backup: ") and says in line, line
    assert not target.exists()  # nothing a server could start on
    assert os.listdir(tmp_path) == ["backup"]  # nor a staging directory left beside it


def test_backup_of_a_schema_newer_than_this_modelreg_is_refused(made, tmp_path):
    import sqlite3
    from modelreg_server import schema
    data = tmp_path / "data"
    shutil.copytree(made / "data", data)
    conn = sqlite3.connect(data / "registry.db", isolation_level=None)
    conn.execute("INSERT INTO schema_migrations VALUES (?, 0)", [schema.LATEST + 1])
    conn.close()
    result = modelreg("backup", "--data", data, tmp_path / "dest")
    assert result.returncode == 1
    assert result.stderr.strip() == (f"modelreg backup: {data}/registry.db: the schema is version {schema.LATEST + 1}, "
                                     f"newer than this modelreg knows ({schema.LATEST}); back it up with the "
                                     "modelreg that serves it")
    assert not (tmp_path / "dest").exists()
