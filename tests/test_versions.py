import json
import os
import threading

import pytest

from conftest import tree, twin_digest_trees, write_tree
from modelreg import Conflict, InvalidArgument, NotFound
from modelreg.cli import EXIT
from modelreg.manifest import CHUNK_TREE
from modelreg.transfer import manifest_digest, scan
from modelreg.v1 import resources_pb2 as r


def test_push_returns_the_committed_version(registry, model, model_dir):
    version = registry.push(model, model_dir, aliases=["staging"], metrics={"f1": 0.91}, params={"lr": 0.001},
                            tags={"framework": "torch"}, description="first")
    assert version.name == f"models/{model}/versions/1"
    assert version.number == 1
    assert version.state == r.VERSION_STATE_READY
    assert version.manifest_format == r.MANIFEST_FORMAT_CHUNK_TREE
    assert version.digest == manifest_digest(scan(model_dir), CHUNK_TREE)
    assert version.file_count == 5
    assert version.total_size == sum(p.stat().st_size for p in model_dir.rglob("*") if p.is_file())
    assert sorted(version.aliases) == ["latest", "staging"]
    assert dict(version.metrics) == {"f1": 0.91}
    assert dict(version.params) == {"lr": "0.001"}
    assert [f.path for f in version.files] == sorted(f.path for f in version.files)


def test_numbers_increase_and_latest_follows(registry, model, model_dir):
    for expected in (1, 2, 3):
        assert registry.push(model, model_dir).number == expected
    assert registry.get_version(f"{model}:latest").number == 3
    assert registry.get_model(model).latest_version == 3


@pytest.mark.parametrize("files", [
    {"a.bin": os.urandom(3_000_000)},
    {f"d{i}/f{j}.txt": b"x" * (i * j) for i in range(5) for j in range(40)},
    {"deep/er/and/deeper/still/file": b"deep", "top": b"", "x": (b"#!/bin/sh\n", 0o755)},
    {"zeros.bin": bytes(5_000_000), "same-again.bin": bytes(5_000_000)},
    {"unicode-ñ/файл.txt": "héllo".encode(), "space name.txt": b"s"},
], ids=["one-large", "many-small", "nested-modes", "duplicate-content", "unicode"])
def test_any_shape_round_trips_byte_identical(registry, model, tmp_path, files):
    source = write_tree(tmp_path / "src", files)
    pushed = registry.push(model, source)
    pulled = registry.pull(f"{model}:v{pushed.number}", tmp_path / "dst")
    assert pulled.digest == pushed.digest
    assert tree(tmp_path / "dst") == tree(source)


def test_single_file_push(registry, model, tmp_path):
    path = tmp_path / "model.onnx"
    path.write_bytes(os.urandom(100_000))
    version = registry.push(model, path)
    assert [f.path for f in version.files] == ["model.onnx"]
    registry.pull(f"{model}:latest", tmp_path / "out")
    assert (tmp_path / "out" / "model.onnx").read_bytes() == path.read_bytes()


def test_repush_sends_no_chunks(registry, model, model_dir):
    registry.push(model, model_dir)
    uploads = []
    registry.push(model, model_dir, on_progress=lambda phase, done, total: uploads.append((phase, total)))
    assert ("upload", 0) in uploads
    assert all(total == 0 for phase, total in uploads if phase == "upload")


def test_pull_refuses_existing_destination_and_leaves_no_partial(registry, model, model_dir, tmp_path):
    registry.push(model, model_dir)
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "keep").write_text("mine")
    with pytest.raises(FileExistsError):
        registry.pull(f"{model}:v1", dest)
    assert (dest / "keep").read_text() == "mine"
    registry.pull(f"{model}:v1", dest, overwrite=True)
    assert tree(dest) == tree(model_dir)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_pull_of_unknown_reference_creates_nothing(registry, model, tmp_path):
    with pytest.raises(NotFound):
        registry.pull(f"{model}:v1", tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_references_resolve_everywhere(registry, model, model_dir, tmp_path):
    v1 = registry.push(model, model_dir, aliases=["production"])
    write_tree(model_dir, {"extra.txt": b"v2"})
    v2 = registry.push(model, model_dir)
    cases = {
        f"{model}:v1": 1, f"{model}:1": 1, f"{model}:production": 1, f"{model}:latest": 2,
        f"{model}@{v1.digest}": 1, f"{model}@{v2.digest}": 2, f"models/{model}/versions/2": 2,
    }
    for reference, number in cases.items():
        assert registry.get_version(reference).number == number, reference


def test_list_versions_newest_first_with_filters_and_paging(registry, model, model_dir):
    for i in range(5):
        registry.push(model, model_dir, tags={"parity": str(i % 2)})
    registry.archive_version(f"{model}:v2")
    assert [v.number for v in registry.list_versions(model, page_size=2)] == [5, 4, 3, 2, 1]
    assert [v.number for v in registry.list_versions(model, state="archived")] == [2]
    assert [v.number for v in registry.list_versions(model, state="ready")] == [5, 4, 3, 1]
    assert [v.number for v in registry.list_versions(model, tags={"parity": "0"})] == [5, 3, 1]
    assert all(len(v.files) == 0 for v in registry.list_versions(model))


def test_update_description_tags_and_append_metrics(registry, model, model_dir):
    registry.push(model, model_dir, metrics={"train_loss": 0.1})
    updated = registry.update_version(f"{model}:v1", metrics={"eval_f1": 0.8}, description="evaluated")
    assert dict(updated.metrics) == {"train_loss": 0.1, "eval_f1": 0.8}
    assert updated.description == "evaluated"
    updated = registry.update_version(f"{model}:latest", tags={"reviewed": "yes"}, metrics={"train_loss": None})
    assert dict(updated.metrics) == {"eval_f1": 0.8}
    assert dict(updated.tags) == {"reviewed": "yes"}
    with pytest.raises(Conflict) as e:
        registry.update_version(f"{model}:v1", description="late", etag="stale")
    assert e.value.reason == "ETAG_MISMATCH"
    with pytest.raises(InvalidArgument) as e:
        registry.update_version(f"{model}:v1", metrics={"bad": float("nan")})
    assert e.value.reason == "INVALID_METRIC"
    assert registry.get_version(f"{model}:v1").description == "evaluated"


def test_archive_drops_aliases_and_latest_restore_brings_latest_back(registry, model, model_dir):
    registry.push(model, model_dir)
    registry.push(model, model_dir, aliases=["production"])
    archived = registry.archive_version(f"{model}:v2")
    assert archived.state == r.VERSION_STATE_ARCHIVED
    assert list(archived.aliases) == []
    assert registry.get_version(f"{model}:latest").number == 1
    with pytest.raises(NotFound):
        registry.get_version(f"{model}:production")
    restored = registry.restore_version(f"{model}:v2")
    assert restored.state == r.VERSION_STATE_READY
    assert registry.get_version(f"{model}:latest").number == 2


def test_archiving_every_version_leaves_no_latest(registry, model, model_dir):
    registry.push(model, model_dir)
    registry.archive_version(f"{model}:v1")
    assert registry.get_model(model).latest_version == 0
    with pytest.raises(NotFound) as e:
        registry.get_version(f"{model}:latest")
    assert e.value.reason == "ALIAS_NOT_FOUND"


def test_concurrent_pushes_get_unique_gapless_numbers(server, model, model_dir):
    from modelreg import Registry
    numbers, errors = [], []

    def push(i):
        try:
            with Registry(server.address) as reg:
                write_tree(model_dir.parent / f"m{i}", {"w.bin": os.urandom(50_000), "i.txt": str(i).encode()})
                numbers.append(reg.push(model, model_dir.parent / f"m{i}").number)
        except Exception as e:  # surfaced by the assert below
            errors.append(e)
    threads = [threading.Thread(target=push, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(numbers) == list(range(1, 9))


def test_create_version_is_idempotent_by_request_id(registry, model, model_dir):
    """A retried CreateVersion (same request_id) returns the version the first one made."""
    from modelreg import AlreadyExists
    from modelreg.transfer import scan
    from modelreg.v1 import registry_service_pb2 as rs
    registry.push(model, model_dir)
    files = [f.entry() for f in scan(model_dir)]
    request = rs.CreateVersionRequest(model_id=model, files=files, request_id="retry-1", aliases=["canary"])
    first = registry.registry.CreateVersion(request).version
    head = registry.event_head()
    again = registry.registry.CreateVersion(request).version
    assert (again.name, again.digest) == (first.name, first.digest)
    assert registry.event_head() == head
    assert [v.number for v in registry.list_versions(model)] == [2, 1]
    other = rs.CreateVersionRequest(model_id=model, files=files[:1], request_id="retry-1")
    with pytest.raises(Exception) as e:
        registry._unary(registry.registry.CreateVersion, other)
    assert isinstance(e.value, AlreadyExists) and e.value.reason == "REQUEST_ID_REUSED"


def test_short_digests_resolve_everywhere(registry, model, model_dir, tmp_path, cli):
    v1 = registry.push(model, model_dir, aliases=["production"])
    write_tree(model_dir, {"extra.txt": b"v2"})
    v2 = registry.push(model, model_dir)
    hex1 = v1.digest.removeprefix("sha256:")
    printed = cli("versions", model).stdout  # the DIGEST column, as a user would copy it
    shown = next(word for line in printed.splitlines() if line.split()[0] == "1"
                 for word in line.split() if word.startswith("sha256:"))
    assert v1.digest.startswith(shown) and len(shown) == len("sha256:") + 12
    for reference in (f"{model}@{shown}", f"{model}@sha256:{hex1[:6]}", f"{model}@{hex1[:6]}",
                      f"{model}@{hex1[:40]}", f"{model}@{hex1}"):
        assert registry.get_version(reference).number == 1, reference
    short2 = f"{model}@{v2.digest[7:15]}"
    assert registry.update_version(short2, metrics={"f1": 0.5}).metrics["f1"] == 0.5
    assert registry.pull(short2, tmp_path / "out").number == 2
    assert registry.add_lineage(short2, [f"{model}@{hex1[:8]}"]).inputs[0].version == f"models/{model}/versions/1"
    assert len(registry.lineage(short2).edges) == 1
    assert json.loads(cli("show", f"{model}@{hex1[:7]}", "--json").stdout)["number"] == 1
    assert registry.archive_version(short2).state == r.VERSION_STATE_ARCHIVED
    assert registry.restore_version(short2).state == r.VERSION_STATE_READY


@pytest.mark.parametrize("digest, why", [
    ("sha256:abcde", "five hex digits: too short"),
    ("abcde", "too short without sha256: too"),
    ("sha256:ABCDEF", "upper case"),
    ("sha256:abcdefg", "not hex"),
    ("sha256:" + "a" * 65, "longer than a digest"),
    ("sha512:abcdef", "another algorithm"),
    ("", "empty"),
])
def test_bad_short_digests_are_invalid_references(server, registry, model, model_dir, digest, why):
    from conftest import data_state
    from test_bad_input import refusal
    registry.push(model, model_dir)
    before = data_state(server.data)
    assert refusal(registry.get_version, f"{model}@{digest}") == (InvalidArgument.code, "INVALID_REFERENCE"), why
    assert refusal(registry.update_version, f"{model}@{digest}", description="x")[1] == "INVALID_REFERENCE"
    assert data_state(server.data) == before


def test_short_digest_matching_nothing_is_version_not_found(server, registry, model, model_dir):
    from conftest import data_state
    from test_bad_input import refusal_info
    version = registry.push(model, model_dir)
    other = "0" * 6 if not version.digest[7:].startswith("0" * 6) else "1" * 6
    before = data_state(server.data)
    code, reason, metadata = refusal_info(registry.update_version, f"{model}@{other}", description="x")
    assert (code, reason, metadata["reference"]) == (NotFound.code, "VERSION_NOT_FOUND", f"{model}@{other}")
    assert data_state(server.data) == before


def test_ambiguous_short_digest_lists_the_candidates_and_changes_nothing(server, registry, model, tmp_path, cli):
    from conftest import data_state
    from test_bad_input import refusal_info
    from modelreg import FailedPrecondition
    first_tree, second_tree, prefix = twin_digest_trees(tmp_path)
    first, second = registry.push(model, first_tree), registry.push(model, second_tree)
    assert first.digest[7:13] == second.digest[7:13] == prefix and first.digest != second.digest
    before = data_state(server.data)
    for call in (lambda ref: registry.update_version(ref, metrics={"f1": 1.0}), registry.archive_version,
                 registry.get_version, lambda ref: registry.pull(ref, tmp_path / "out")):
        code, reason, metadata = refusal_info(call, f"{model}@{prefix}")
        assert (code, reason) == (FailedPrecondition.code, "AMBIGUOUS_DIGEST")
        assert metadata["candidates"].split(",") == sorted([first.digest, second.digest])
        assert sorted(metadata["versions"].split(",")) == ["1", "2"]
        assert metadata["more"] == "false"
    assert data_state(server.data) == before
    assert not (tmp_path / "out").exists()
    failed = cli("show", f"{model}@sha256:{prefix}", check=False)
    assert failed.returncode == EXIT["conflict"] and "AMBIGUOUS_DIGEST" in failed.stderr and first.digest[:20] in failed.stderr
    longer = next(n for n in range(7, 65) if first.digest[7:7 + n] != second.digest[7:7 + n])
    assert registry.get_version(f"{model}@{first.digest[7:7 + longer]}").number == 1
    assert registry.get_version(f"{model}@{second.digest[7:7 + longer]}").number == 2
