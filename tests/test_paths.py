"""The portable path rule (docs/paths.md), from the shared vectors in tests/conformance/paths.json
that the Go, TypeScript and Java clients' tests read too: the server refuses every bad path and
every pair of twins at CreateVersion and stores nothing; the SDK refuses such a directory before
uploading anything, and refuses such a manifest before a pull writes anything."""

import hashlib
import json
import os
import unicodedata
from pathlib import Path

import grpc
import pytest

from conftest import ROOT, data_state, write_tree
from modelreg import IntegrityError, InvalidArgument, paths
from modelreg.cli import EXIT
from modelreg.transfer import Assembler
from modelreg.v1 import registry_service_pb2 as rs, registry_service_pb2_grpc, resources_pb2 as r
from test_bad_input import refusal_info

SPEC = json.loads((ROOT / "tests" / "conformance" / "paths.json").read_text())
EMPTY_SHA = hashlib.sha256(b"").hexdigest()
INVALID = [(v["path"], v["why"]) for v in SPEC["invalid"]]
TWINS = [tuple(pair) for pair in SPEC["twins"]]
MANIFESTS = [(m["paths"], m["reason"]) for m in SPEC["manifests"]]


def shown(value) -> str:
    return ascii(value)[:60]


@pytest.fixture(scope="module")
def stub(server):
    channel = grpc.insecure_channel(server.address)
    yield registry_service_pb2_grpc.RegistryServiceStub(channel)
    channel.close()


def create_version(stub, model: str, manifest: list[str]):
    """CreateVersion of empty files at these paths (no chunks needed), through the raw stub."""
    files = [r.FileEntry(path=p, size=0, sha256=EMPTY_SHA, mode=0o644) for p in manifest]
    return stub.CreateVersion(rs.CreateVersionRequest(model_id=model, files=files), timeout=30).version


def test_the_vectors_are_well_formed():
    assert SPEC["format"] == 1
    assert SPEC["valid"] and INVALID and TWINS and MANIFESTS
    nfc, nfd = "caf\u00e9.bin", "cafe\u0301.bin"
    assert (nfc, nfd) in TWINS and unicodedata.normalize("NFC", nfd) == nfc  # the pair, really NFD


# The rule itself (the function the server and the SDK share)

@pytest.mark.parametrize("path", SPEC["valid"], ids=shown)
def test_valid_paths_pass(path):
    paths.check(path)


@pytest.mark.parametrize("path, why", INVALID, ids=[shown(p) for p, _ in INVALID])
def test_invalid_paths_are_refused_with_their_why(path, why):
    with pytest.raises(paths.PathError) as e:
        paths.check_manifest([path])
    assert e.value.reason == "INVALID_PATH" and why in e.value.message and e.value.path == path


@pytest.mark.parametrize("a, b", TWINS, ids=[shown(t) for t in TWINS])
def test_twins_collide(a, b):
    paths.check_manifest([a])
    paths.check_manifest([b])
    for pair in ([a, b], [b, a]):
        with pytest.raises(paths.PathError) as e:
            paths.check_manifest(pair)
        assert e.value.reason == "PATH_COLLISION" and {e.value.path, e.value.other} <= {*pair, *_dirs(pair)}
        assert "differ only in" in e.value.message


def _dirs(manifest):
    return {p.rsplit("/", 1)[0] for p in manifest if "/" in p}


@pytest.mark.parametrize("manifest, reason", MANIFESTS, ids=[shown(m) for m, _ in MANIFESTS])
def test_manifests(manifest, reason):
    if not reason:
        paths.check_manifest(manifest)
        return
    with pytest.raises(paths.PathError) as e:
        paths.check_manifest(manifest)
    assert e.value.reason == reason


def test_a_path_that_is_not_utf8_is_refused():
    with pytest.raises(paths.PathError) as e:
        paths.check(os.fsdecode(b"bad-\xff.bin"))
    assert "not valid UTF-8" in e.value.message


# The server

@pytest.mark.parametrize("path, why", INVALID, ids=[shown(p) for p, _ in INVALID])
def test_server_refuses_invalid_paths(server, stub, model, path, why):
    before = data_state(server.data)
    code, reason, metadata = refusal_info(create_version, stub, model, ["ok.txt", path])
    assert (code, reason) == (grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PATH")
    assert path.startswith(metadata["path"].split("... (")[0])  # long values are clipped
    assert data_state(server.data) == before


def test_server_refusal_says_why(stub, model):
    with pytest.raises(grpc.RpcError) as e:
        create_version(stub, model, ["nul.txt"])
    assert e.value.details() == "invalid file path 'nul.txt': a Windows device name ('nul.txt')"


@pytest.mark.parametrize("a, b", TWINS, ids=[shown(t) for t in TWINS])
def test_server_refuses_twins(server, stub, model, a, b):
    before = data_state(server.data)
    code, reason, metadata = refusal_info(create_version, stub, model, [a, b])
    assert (code, reason) == (grpc.StatusCode.INVALID_ARGUMENT, "PATH_COLLISION")
    assert metadata["path"] in (a, b) and metadata["other"]
    assert data_state(server.data) == before


@pytest.mark.parametrize("manifest, reason", [m for m in MANIFESTS if m[1]], ids=shown)
def test_server_refuses_bad_manifests(server, stub, model, manifest, reason):
    before = data_state(server.data)
    assert refusal_info(create_version, stub, model, manifest)[:2] == (grpc.StatusCode.INVALID_ARGUMENT, reason)
    assert data_state(server.data) == before


def test_every_valid_path_is_stored_and_pulled_intact(registry, model, tmp_path):
    """All valid vectors as one directory on disk, pushed and pulled back byte for byte."""
    tree = {p: f"content of {p!r}".encode() for p in SPEC["valid"]}
    source = write_tree(tmp_path / "src", tree)
    version = registry.push(model, source)
    assert sorted(f.path for f in version.files) == sorted(tree, key=str.encode)
    dest = tmp_path / "dest"
    registry.pull(f"{model}:v{version.number}", dest)
    assert {p: (dest / p).read_bytes() for p in tree} == tree


# The SDK's push: refused before anything is read or uploaded

BAD_DIRECTORIES = {
    "device-name": ({"CON": b"x", "ok.bin": b"y"}, "INVALID_PATH", "CON"),
    "device-name-with-extension": ({"weights/nul.txt": b"x"}, "INVALID_PATH", "weights/nul.txt"),
    "trailing-dot": ({"a.": b"x"}, "INVALID_PATH", "a."),
    "trailing-space": ({"b ": b"x"}, "INVALID_PATH", "b "),
    "colon": ({"x:stream": b"x"}, "INVALID_PATH", "x:stream"),
    "bidi-override": ({"invoice\u202etxt.exe": b"x"}, "INVALID_PATH", "invoice\u202etxt.exe"),
    "c1-control": ({"a\u0085b.bin": b"x"}, "INVALID_PATH", "a\u0085b.bin"),
    "nfc-nfd-twins": ({"caf\u00e9.bin": b"x", "cafe\u0301.bin": b"y"}, "PATH_COLLISION", None),
    "case-twins": ({"A.bin": b"x", "a.bin": b"y"}, "PATH_COLLISION", None),
    "directory-case-twins": ({"Weights/a.bin": b"x", "weights/b.bin": b"y"}, "PATH_COLLISION", None),
}


@pytest.mark.parametrize("tree, reason, bad", BAD_DIRECTORIES.values(), ids=BAD_DIRECTORIES.keys())
def test_push_refuses_unportable_directories_before_uploading(server, registry, model, tmp_path, tree, reason, bad):
    # Linux keeps all of these apart; macOS or Windows could not.
    source = write_tree(tmp_path / "src", {name: os.urandom(3000) + data for name, data in tree.items()})
    assert sorted(p.name for p in source.rglob("*") if p.is_file()) == sorted(Path(n).name for n in tree)
    before = data_state(server.data)
    with pytest.raises(InvalidArgument) as e:
        registry.push(model, source)
    assert e.value.reason == reason
    assert str(source) in e.value.message
    if bad:
        assert e.value.metadata["path"] == bad and repr(bad) in e.value.message
    else:
        assert "differ only in" in e.value.message and e.value.metadata["other"]
    assert data_state(server.data) == before  # no chunk uploaded, nothing created


def test_push_refuses_a_file_name_that_is_not_utf8(server, registry, model, tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    (source / os.fsdecode(b"bad-\xff.bin")).write_bytes(b"x")
    before = data_state(server.data)
    with pytest.raises(InvalidArgument) as e:
        registry.push(model, source)
    assert e.value.reason == "INVALID_PATH" and "not valid UTF-8" in e.value.message
    assert data_state(server.data) == before


def test_push_of_a_single_unportable_file_is_refused(server, registry, model, tmp_path):
    single = tmp_path / "aux.bin"
    single.write_bytes(b"x")
    with pytest.raises(InvalidArgument) as e:
        registry.push(model, single)
    assert e.value.reason == "INVALID_PATH" and "a Windows device name" in e.value.message


def test_cli_push_names_the_file(cli, server, model, tmp_path):
    source = write_tree(tmp_path / "src", {"ok.bin": b"y", "models/LPT1.bin": b"x"})
    before = data_state(server.data)
    result = cli("push", model, source, check=False)
    assert result.returncode == EXIT["usage"]
    assert "'models/LPT1.bin': a Windows device name" in result.stderr and "INVALID_PATH" in result.stderr
    assert data_state(server.data) == before


# The SDK's pull: refuses a bad manifest, whoever sent it, before writing anything

def _version(manifest: list[str]) -> r.Version:
    return r.Version(name="models/m/versions/1", files=[r.FileEntry(path=p, size=0, sha256=EMPTY_SHA)
                                                        for p in manifest])


@pytest.mark.parametrize("path, why", INVALID, ids=[shown(p) for p, _ in INVALID])
def test_pull_refuses_invalid_paths(tmp_path, path, why):
    with pytest.raises(IntegrityError) as e:
        Assembler(_version(["ok.txt", path]), tmp_path / "dest")
    assert e.value.reason == "INVALID_PATH" and why in e.value.message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("a, b", TWINS, ids=[shown(t) for t in TWINS])
def test_pull_refuses_twins(tmp_path, a, b):
    with pytest.raises(IntegrityError) as e:
        Assembler(_version([a, b]), tmp_path / "dest")
    assert e.value.reason == "PATH_COLLISION"
    assert list(tmp_path.iterdir()) == []
