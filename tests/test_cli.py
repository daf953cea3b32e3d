"""The `modelreg` command, run as a real subprocess against the real server."""

import json
import os
import queue
import socket
import subprocess
import sys
import time

import pytest

from conftest import tree, watch_cli, write_tree
from modelreg.cli import EXIT

# The exit status each gRPC code means (README, "Exit codes"); LOCAL errors are usage errors unless
# they name a missing path or an existing destination.
STATUS = {"INVALID_ARGUMENT": EXIT["usage"], "NOT_FOUND": EXIT["not_found"], "ABORTED": EXIT["conflict"],
          "FAILED_PRECONDITION": EXIT["conflict"], "OUT_OF_RANGE": EXIT["other"], "UNAVAILABLE": EXIT["unavailable"],
          "LOCAL": EXIT["usage"]}


def run_modelreg(*args, server_env, timeout=60):
    """Runs the CLI with MODELREG_SERVER set to server_env (None: unset)."""
    env = {k: v for k, v in os.environ.items() if k != "MODELREG_SERVER"}
    if server_env is not None:
        env["MODELREG_SERVER"] = server_env
    return subprocess.run([sys.executable, "-m", "modelreg", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=timeout)


def closed_address() -> str:
    """A loopback address nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"127.0.0.1:{port}"


def as_json(result) -> dict:
    """The one JSON document a --json command printed."""
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0])


def small_dir(root, text=b"hello\n"):
    return write_tree(root, {"model.txt": text})


# push

def test_push_text(cli, model, model_dir):
    result = cli("push", model, model_dir, "--alias", "staging")
    assert result.stdout.startswith(f"pushed {model}:v1 sha256:")
    assert "(5 files, 1.0 MB)" in result.stdout
    assert result.stdout.rstrip().endswith("aliases: latest, staging")


def test_push_json_with_metadata(cli, model, model_dir):
    data = as_json(cli(
        "push", model, model_dir, "--json", "--alias", "staging", "-a", "candidate",
        "--metric", "f1=0.91", "--metric", "loss=2", "--param", "lr=3e-4", "--param", "epochs=3",
        "--tag", "team=search", "--description", "A *small* model", "--input", "s3://data/imdb"))
    assert data["version"] == 1 and type(data["version"]) is int
    assert data["digest"].startswith("sha256:") and len(data["digest"]) == 7 + 64
    assert data["name"] == f"models/{model}/versions/1"
    assert data["model"] == model
    assert set(data["aliases"]) == {"latest", "staging", "candidate"}
    assert data["metrics"] == {"f1": 0.91, "loss": 2.0}
    assert data["params"] == {"lr": "3e-4", "epochs": "3"}
    assert data["tags"] == {"team": "search"}
    assert data["description"] == "A *small* model"
    assert data["inputs"] == [{"artifact": {"uri": "s3://data/imdb", "digest": "", "kind": "", "display_name": ""},
                               "relation": "trained_on"}]
    assert data["file_count"] == 5
    assert data["total_size"] == sum(len(b) for b, _ in tree(model_dir).values())
    assert data["state"] == "VERSION_STATE_READY"
    # What the server stored is what the push reported.
    shown = as_json(cli("show", f"{model}:v1", "--json"))
    for key in ("digest", "metrics", "params", "tags", "description", "inputs", "total_size"):
        assert shown[key] == data[key]


def test_push_twice_gives_version_2(cli, model, model_dir):
    first = as_json(cli("push", model, model_dir, "--json", "--alias", "staging"))
    (model_dir / "config.json").write_bytes(b'{"hidden": 128}\n')
    second = as_json(cli("push", model, model_dir, "--json"))
    assert (first["version"], second["version"]) == (1, 2)
    assert second["digest"] != first["digest"]
    assert second["aliases"] == ["latest"]
    assert set(as_json(cli("show", f"{model}:v1", "--json"))["aliases"]) == {"staging"}


def test_push_same_content_twice_same_digest(cli, model, model_dir):
    first = as_json(cli("push", model, model_dir, "--json"))
    second = as_json(cli("push", model, model_dir, "--json"))
    assert second["version"] == 2
    assert second["digest"] == first["digest"]


def test_push_input_version_reference_is_canonical(cli, model, tmp_path):
    cli("push", model, small_dir(tmp_path / "a"), "--alias", "staging")
    data = as_json(cli("push", model, small_dir(tmp_path / "b", b"v2"), "--json", "--input", f"{model}:staging"))
    assert data["inputs"] == [{"version": f"models/{model}/versions/1", "relation": "derived_from"}]


@pytest.mark.parametrize("option,value,message", [
    ("--metric", "f1=abc", "--metric f1: 'abc' is not a number"),
    ("--metric", "f1", "--metric must look like KEY=VALUE"),
    ("--param", "=x", "--param must look like KEY=VALUE"),
    ("--tag", "team", "--tag must look like KEY=VALUE"),
])
def test_push_bad_key_value(cli, model, tmp_path, option, value, message):
    result = cli("push", model, small_dir(tmp_path / "m"), option, value, check=False)
    assert result.returncode == EXIT["usage"]
    assert message in result.stderr
    # Nothing was created.
    assert "MODEL_NOT_FOUND" in cli("show", model, check=False).stderr


def test_push_missing_path(cli, model, tmp_path):
    result = cli("push", model, tmp_path / "nope", check=False)
    assert result.returncode == EXIT["not_found"]
    assert "is not a file or directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_push_single_file(cli, model, tmp_path):
    write_tree(tmp_path, {"weights.bin": (b"\x00\x01" * 1000, 0o600)})
    data = as_json(cli("push", model, tmp_path / "weights.bin", "--json"))
    assert data["file_count"] == 1
    cli("pull", f"{model}:v1", tmp_path / "out")
    assert tree(tmp_path / "out") == {"weights.bin": (b"\x00\x01" * 1000, 0o600)}


# pull

@pytest.mark.parametrize("reference", [
    "{model}:1", "{model}:staging", "models/{model}/versions/1", "{model}@{digest}",
])
def test_pull_round_trip(cli, model, model_dir, tmp_path, reference):
    digest = as_json(cli("push", model, model_dir, "--alias", "staging", "--json"))["digest"]
    dest = tmp_path / "out"
    result = cli("pull", reference.format(model=model, digest=digest), dest)
    assert result.stdout.startswith(f"pulled {model}:v1 {digest} into ")
    assert tree(dest) == tree(model_dir)
    assert (dest / "scripts" / "serve.sh").stat().st_mode & 0o777 == 0o755
    assert (dest / "empty.txt").read_bytes() == b""


def test_pull_json_includes_path(cli, model, model_dir, tmp_path):
    pushed = as_json(cli("push", model, model_dir, "--json"))
    dest = tmp_path / "deep" / "er" / "out"
    data = as_json(cli("pull", f"{model}:latest", dest, "--json"))
    assert data["path"] == str(dest.resolve())
    assert data["version"] == 1
    assert data["digest"] == pushed["digest"]
    assert tree(dest) == tree(model_dir)


def test_pull_picks_the_right_version(cli, model, tmp_path):
    cli("push", model, small_dir(tmp_path / "a", b"one"), "--alias", "production")
    cli("push", model, small_dir(tmp_path / "b", b"two"))
    cli("pull", f"{model}:production", tmp_path / "prod")
    cli("pull", f"{model}:latest", tmp_path / "latest")
    assert (tmp_path / "prod" / "model.txt").read_bytes() == b"one"
    assert (tmp_path / "latest" / "model.txt").read_bytes() == b"two"


@pytest.mark.parametrize("existing", [
    {"keep.txt": b"mine"},
    {},
])
def test_pull_into_existing_dest_fails(cli, model, model_dir, tmp_path, existing):
    cli("push", model, model_dir)
    dest = tmp_path / "out"
    dest.mkdir()
    write_tree(dest, existing)
    result = cli("pull", f"{model}:v1", dest, check=False)
    assert result.returncode == EXIT["conflict"]
    assert result.stdout == ""
    assert f"{dest} exists" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(dest) == {k: (v, 0o644) for k, v in existing.items()}
    # Nothing was left beside dest either (the temporary download directory).
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model", "out"]


def test_pull_into_existing_file_fails(cli, model, model_dir, tmp_path):
    cli("push", model, model_dir)
    dest = tmp_path / "out"
    dest.write_bytes(b"not a directory")
    result = cli("pull", f"{model}:v1", dest, check=False)
    assert result.returncode == EXIT["conflict"]
    assert "exists" in result.stderr
    assert dest.read_bytes() == b"not a directory"


def test_pull_existing_dest_message_names_the_cli_option(cli, model, tmp_path):
    """A CLI user is told about --force, not about the SDK's overwrite=True."""
    cli("push", model, small_dir(tmp_path / "m"))
    (tmp_path / "out").mkdir()
    result = cli("pull", f"{model}:v1", tmp_path / "out", check=False)
    assert result.returncode == EXIT["conflict"]
    assert "--force" in result.stderr, result.stderr


def test_pull_force_replaces_dest(cli, model, model_dir, tmp_path):
    cli("push", model, model_dir)
    dest = write_tree(tmp_path / "out", {"stale.txt": b"old", "config.json": b"old"})
    data = as_json(cli("pull", f"{model}:v1", dest, "--force", "--json"))
    assert data["version"] == 1
    assert tree(dest) == tree(model_dir)


# models, versions, show

def test_models(cli, model, tmp_path):
    src = small_dir(tmp_path / "m")
    cli("push", f"{model}-a", src, "--alias", "staging")
    cli("push", f"{model}-a", src)
    cli("push", f"{model}-b", src)
    data = as_json(cli("models", "--prefix", model, "--json"))
    assert [m["name"] for m in data["models"]] == [f"models/{model}-a", f"models/{model}-b"]
    a, b = data["models"]
    assert (a["latest_version"], a["version_count"], a["aliases"]) == (2, 2, {"latest": 2, "staging": 1})
    assert (b["latest_version"], b["version_count"], b["aliases"]) == (1, 1, {"latest": 1})
    text = cli("models", "--prefix", model).stdout
    lines = text.splitlines()
    assert lines[0].split() == ["MODEL", "LATEST", "VERSIONS", "ALIASES", "UPDATED"]
    assert lines[1].split()[:4] == [f"{model}-a", "2", "2", "staging=1"]
    assert lines[2].split()[:4] == [f"{model}-b", "1", "1", "-"]
    assert len(lines) == 3


def test_models_prefix_matches_nothing(cli, model):
    assert as_json(cli("models", "--prefix", f"{model}-none", "--json")) == {"models": []}


def test_versions_newest_first(cli, model, tmp_path):
    for i in range(3):
        cli("push", model, small_dir(tmp_path / str(i), b"v%d" % i), *(["--alias", "staging"] if i == 0 else []))
    data = as_json(cli("versions", model, "--json"))
    assert [v["version"] for v in data["versions"]] == [3, 2, 1]
    assert [v["aliases"] for v in data["versions"]] == [["latest"], [], ["staging"]]
    assert all(v["files"] == [] for v in data["versions"])
    lines = cli("versions", model).stdout.splitlines()
    assert lines[0].split()[:5] == ["VERSION", "STATE", "SIZE", "FILES", "ALIASES"]
    assert [line.split()[0] for line in lines[1:]] == ["3", "2", "1"]
    assert lines[1].split()[1] == "ready"
    assert lines[3].split()[5] == "staging"


def test_show_model(cli, model, tmp_path):
    cli("push", model, small_dir(tmp_path / "m"), "--alias", "staging")
    cli("push", model, small_dir(tmp_path / "m2", b"2"))
    text = cli("show", model).stdout
    assert f"model {model}\n" in text
    assert "  latest: 2\n" in text
    assert "  versions: 2\n" in text
    assert "  aliases: latest=2, staging=1\n" in text
    data = as_json(cli("show", model, "--json"))
    assert data["name"] == f"models/{model}"
    assert data["latest_version"] == 2 and type(data["latest_version"]) is int
    assert data["aliases"] == {"latest": 2, "staging": 1}


def test_show_version(cli, model, model_dir):
    pushed = as_json(cli("push", model, model_dir, "--json", "--metric", "f1=0.5", "--param", "lr=0.1",
                         "--tag", "team=x", "-m", "the card", "--input", "s3://data/x"))
    text = cli("show", f"{model}:latest").stdout
    assert text.startswith(f"{model}:v1  ready\n")
    assert f"  digest:  {pushed['digest']}\n" in text
    assert "in 5 files" in text
    assert "  metrics: f1=0.5\n" in text
    assert "  params: lr=0.1\n" in text
    assert "  tags: team=x\n" in text
    assert "  input:   trained_on s3://data/x\n" in text
    assert "\nthe card" in text
    assert "serve.sh" not in text
    data = as_json(cli("show", f"{model}:v1", "--json"))
    assert data["version"] == 1
    assert data["digest"] == pushed["digest"]
    assert data["files"] == []


def test_show_version_files(cli, model, model_dir):
    cli("push", model, model_dir)
    text = cli("show", f"{model}:v1", "--files").stdout
    assert "0755" in next(line for line in text.splitlines() if line.endswith(" scripts/serve.sh"))
    assert "0644" in next(line for line in text.splitlines() if line.endswith(" config.json"))
    data = as_json(cli("show", f"{model}:v1", "--files", "--json"))
    local = tree(model_dir)
    assert [f["path"] for f in data["files"]] == sorted(local)
    assert {f["path"]: (f["size"], f["mode"]) for f in data["files"]} == {
        path: (len(content), mode) for path, (content, mode) in local.items()}


# aliases

def test_alias_set_and_compare_and_swap(cli, model, tmp_path):
    for i in range(3):
        cli("push", model, small_dir(tmp_path / str(i), b"%d" % i))
    assert cli("alias", "set", model, "production", 1).stdout.strip() == f"{model}:production -> v1 (was unset)"
    data = as_json(cli("alias", "set", model, "production", 2, "--expect", 1, "--json"))
    assert (data["alias"], data["version"], data["previous_version"], data["model"]) == ("production", 2, 1, model)
    # A stale --expect: text.
    result = cli("alias", "set", model, "production", 3, "--expect", 1, check=False)
    assert result.returncode == EXIT["conflict"]
    assert "ABORTED" in result.stderr and "ALIAS_CONFLICT" in result.stderr
    assert result.stdout == ""
    # A stale --expect: JSON.
    result = cli("alias", "set", model, "production", 3, "--expect", 1, "--json", check=False)
    assert result.returncode == EXIT["conflict"]
    error = as_json(result)["error"]
    assert (error["code"], error["reason"]) == ("ABORTED", "ALIAS_CONFLICT")
    assert error["metadata"]["current_version"] == "2"
    assert error["message"]
    # The alias did not move.
    assert as_json(cli("show", f"{model}:production", "--json"))["version"] == 2


def test_alias_expect_zero_only_if_unset(cli, model, tmp_path):
    cli("push", model, small_dir(tmp_path / "m"))
    assert as_json(cli("alias", "set", model, "canary", 1, "--expect", 0, "--json"))["version"] == 1
    result = cli("alias", "set", model, "canary", 1, "--expect", 0, "--json", check=False)
    assert result.returncode == EXIT["conflict"]
    assert as_json(result)["error"]["reason"] == "ALIAS_CONFLICT"


def test_alias_ls_and_rm(cli, model, tmp_path):
    cli("push", model, small_dir(tmp_path / "m"), "--alias", "staging", "--alias", "production")
    data = as_json(cli("alias", "ls", model, "--json"))
    assert [(a["alias"], a["version"]) for a in data["aliases"]] == [("latest", 1), ("production", 1), ("staging", 1)]
    assert data["aliases"][0]["name"] == f"models/{model}/aliases/latest"
    # A stale --expect refuses to remove.
    result = cli("alias", "rm", model, "staging", "--expect", 5, check=False)
    assert result.returncode == EXIT["conflict"] and "ALIAS_CONFLICT" in result.stderr
    assert cli("alias", "rm", model, "staging").stdout.strip() == f"removed {model}:staging"
    assert as_json(cli("alias", "rm", model, "production", "--expect", 1, "--json")) == {
        "model": model, "alias": "production", "deleted": True}
    assert [a["alias"] for a in as_json(cli("alias", "ls", model, "--json"))["aliases"]] == ["latest"]
    result = cli("alias", "rm", model, "staging", check=False)
    assert result.returncode == EXIT["not_found"]
    assert "NOT_FOUND" in result.stderr and "ALIAS_NOT_FOUND" in result.stderr
    lines = cli("alias", "ls", model).stdout.splitlines()
    assert lines[0].split() == ["ALIAS", "VERSION", "PREVIOUS", "UPDATED"]
    assert lines[1].split()[:3] == ["latest", "1", "-"]


@pytest.mark.parametrize("args,code,reason", [
    (["alias", "set", "{model}", "latest", "1"], "INVALID_ARGUMENT", "RESERVED_ALIAS"),
    (["alias", "set", "{model}", "prod", "0"], "INVALID_ARGUMENT", "INVALID_VERSION"),
    (["alias", "set", "{model}", "v0001", "1"], "INVALID_ARGUMENT", "INVALID_ALIAS"),
    (["push", "{model}", "{src}", "--metric", "f1=nan"], "INVALID_ARGUMENT", "INVALID_METRIC"),
    (["push", "{model}", "{src}", "--input", "{model}:v7"], "NOT_FOUND", "VERSION_NOT_FOUND"),
    (["push", "Bad Name", "{src}"], "INVALID_ARGUMENT", "INVALID_NAME"),
    (["alias", "rm", "{model}", "latest"], "INVALID_ARGUMENT", "RESERVED_ALIAS"),
    (["alias", "set", "{model}", "Bad Alias", "1"], "INVALID_ARGUMENT", "INVALID_ALIAS"),
    (["alias", "set", "{model}", "prod", "9"], "NOT_FOUND", "VERSION_NOT_FOUND"),
    (["push", "{model}", "{src}", "--alias", "latest"], "INVALID_ARGUMENT", "RESERVED_ALIAS"),
])
def test_change_refused(cli, model, tmp_path, args, code, reason):
    src = small_dir(tmp_path / "m")
    cli("push", model, src)
    result = cli(*[a.format(model=model, src=src) for a in args], "--json", check=False)
    assert result.returncode == STATUS[code]
    error = as_json(result)["error"]
    assert (error["code"], error["reason"]) == (code, reason)
    # A refused request changes nothing.
    data = as_json(cli("show", model, "--json"))
    assert (data["version_count"], data["aliases"]) == (1, {"latest": 1})


# lineage

def test_lineage_between_versions(cli, model, tmp_path):
    cli("push", model, small_dir(tmp_path / "a", b"base"))
    cli("push", model, small_dir(tmp_path / "b", b"tuned"), "--input", f"{model}:v1")
    v1, v2 = f"models/{model}/versions/1", f"models/{model}/versions/2"
    assert cli("lineage", f"{model}:v2").stdout.strip() == f"{v1} --derived_from--> {v2}"
    data = as_json(cli("lineage", f"{model}:v2", "--json"))
    assert data["edges"] == [{"upstream": v1, "downstream": v2, "relation": "derived_from"}]
    assert [n["id"] for n in data["nodes"]] == [v2, v1]
    assert data["nodes"][1]["version"]["number"] == 1
    down = as_json(cli("lineage", f"{model}:v1", "--direction", "downstream", "--json"))
    assert down["edges"] == data["edges"]
    assert down["nodes"][0]["id"] == v1
    # Nothing upstream of v1.
    assert cli("lineage", f"{model}:v1").stdout.strip() == f"{v1}: no upstream lineage"


def test_lineage_depth(cli, model, tmp_path):
    for i in range(3):
        cli("push", model, small_dir(tmp_path / str(i), b"%d" % i), *(["--input", f"{model}:v{i}"] if i else []))
    one = as_json(cli("lineage", f"{model}:v3", "--json"))
    two = as_json(cli("lineage", f"{model}:v3", "--depth", "2", "--json"))
    assert len(one["edges"]) == 1
    assert {(e["upstream"], e["downstream"]) for e in two["edges"]} == {
        (f"models/{model}/versions/1", f"models/{model}/versions/2"),
        (f"models/{model}/versions/2", f"models/{model}/versions/3")}


def test_lineage_artifact_downstream(cli, model, tmp_path):
    uri = f"s3://datasets/{model}/2024-05"
    cli("push", model, small_dir(tmp_path / "m"), "--input", uri)
    v1 = f"models/{model}/versions/1"
    text = cli("lineage", uri, "--artifact", "--direction", "downstream").stdout
    assert text.strip() == f"{uri} --trained_on--> {v1}"
    data = as_json(cli("lineage", uri, "--artifact", "--direction", "downstream", "--json"))
    assert data["edges"] == [{"upstream": uri, "downstream": v1, "relation": "trained_on"}]
    assert data["nodes"][0] == {"id": uri, "artifact": {"uri": uri, "digest": "", "kind": "", "display_name": ""}}
    assert data["nodes"][1]["id"] == v1


# archive / restore

def test_archive_and_restore(cli, model, tmp_path):
    cli("push", model, small_dir(tmp_path / "a", b"one"))
    cli("push", model, small_dir(tmp_path / "b", b"two"), "--alias", "staging")
    assert cli("archive", f"{model}:v2").stdout.strip() == f"archived {model}:v2"
    shown = as_json(cli("show", f"{model}:v2", "--json"))
    assert shown["state"] == "VERSION_STATE_ARCHIVED"
    assert shown["aliases"] == []
    assert as_json(cli("show", model, "--json"))["latest_version"] == 1
    assert [v["version"] for v in as_json(cli("versions", model, "--state", "archived", "--json"))["versions"]] == [2]
    assert [v["version"] for v in as_json(cli("versions", model, "--state", "ready", "--json"))["versions"]] == [1]
    cli("pull", f"{model}:latest", tmp_path / "out")
    assert (tmp_path / "out" / "model.txt").read_bytes() == b"one"
    # An archived version cannot hold an alias.
    result = cli("alias", "set", model, "staging", 2, check=False)
    assert result.returncode == EXIT["conflict"]
    assert "FAILED_PRECONDITION" in result.stderr and "VERSION_ARCHIVED" in result.stderr
    # Archiving twice is a no-op.
    assert as_json(cli("archive", f"{model}:v2", "--json"))["state"] == "VERSION_STATE_ARCHIVED"
    restored = as_json(cli("restore", f"{model}:v2", "--json"))
    assert (restored["version"], restored["state"]) == (2, "VERSION_STATE_READY")
    assert restored["aliases"] == ["latest"]
    assert as_json(cli("show", model, "--json"))["aliases"] == {"latest": 2}
    assert cli("restore", f"{model}:v2").stdout.strip() == f"restored {model}:v2"


# watch


def next_event(lines, timeout=15) -> dict:
    try:
        line = lines.get(timeout=timeout)
    except queue.Empty:
        raise AssertionError(f"no event within {timeout}s") from None
    assert line is not None, "watch exited"
    return json.loads(line)


def test_watch_replays_then_follows(cli, registry, server, model, tmp_path):
    cli("push", model, small_dir(tmp_path / "a", b"one"))
    after = registry.event_head()
    cli("push", model, small_dir(tmp_path / "b", b"two"), "--alias", "staging")
    cli("push", f"{model}-other", small_dir(tmp_path / "c"))
    cli("alias", "set", model, "production", 1)
    proc, lines = watch_cli(server.address, "--model", model, "--after", after, "--json")
    try:
        replayed = [next_event(lines) for _ in range(4)]
        sequences = [e["sequence"] for e in replayed]
        assert sequences == sorted(set(sequences)) and sequences[0] > after
        assert all(e["model"] == model for e in replayed)
        assert (replayed[0]["type"], replayed[0]["version"]) == ("VERSION_CREATED", 2)
        assert replayed[0]["digest"].startswith("sha256:")
        assert sorted((e["type"], e["alias"], e["version"], e["previous_version"]) for e in replayed[1:3]) == [
            ("ALIAS_SET", "latest", 2, 1), ("ALIAS_SET", "staging", 2, 0)]
        assert (replayed[3]["type"], replayed[3]["alias"], replayed[3]["version"]) == ("ALIAS_SET", "production", 1)
        # Now live: move an alias while the watch is connected.
        cli("alias", "set", model, "staging", 1, "--expect", 2)
        live = next_event(lines)
        assert live["sequence"] > sequences[-1]
        assert (live["type"], live["model"], live["alias"], live["version"], live["previous_version"]) == (
            "ALIAS_SET", model, "staging", 1, 2)
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(10)
        proc.stdout.close()


def test_watch_type_filter(cli, registry, server, model, tmp_path):
    after = registry.event_head()
    cli("push", model, small_dir(tmp_path / "a"), "--alias", "staging")
    cli("archive", f"{model}:v1")
    proc, lines = watch_cli(server.address, "--model", model, "--type", "alias_deleted", "--after", after, "--json")
    try:
        events = [next_event(lines) for _ in range(2)]
        assert sorted((e["type"], e["alias"], e["previous_version"]) for e in events) == [
            ("ALIAS_DELETED", "latest", 1), ("ALIAS_DELETED", "staging", 1)]
        assert events[0]["sequence"] < events[1]["sequence"]
    finally:
        proc.terminate()
        proc.wait(10)
        proc.stdout.close()


# where the server is

def test_server_option_overrides_env(server, model, tmp_path):
    src = small_dir(tmp_path / "m")
    result = run_modelreg("push", model, src, "--server", server.address, "--json", server_env=closed_address())
    assert result.returncode == 0, result.stderr
    assert as_json(result)["version"] == 1
    result = run_modelreg("show", model, "--server", server.address, server_env=closed_address())
    assert result.returncode == 0, result.stderr
    assert f"model {model}\n" in result.stdout


def test_server_from_env(server, model, tmp_path):
    result = run_modelreg("push", model, small_dir(tmp_path / "m"), "--json", server_env=server.address)
    assert result.returncode == 0, result.stderr
    assert as_json(result)["version"] == 1


@pytest.fixture
def unanswered_address():
    """A loopback address whose connections are never answered: a listener with a full backlog
    that never accepts, so a new connection's SYN is dropped as by a firewall."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        address = listener.getsockname()
        with socket.create_connection(address):  # fills the backlog of 0 (+1)
            yield f"{address[0]}:{address[1]}"


@pytest.mark.parametrize("kind,cause", [("refused", "connection refused"), ("unanswered", "no answer within 1 s")])
def test_unreachable_server_is_reported_within_2_s_naming_the_address(request, kind, cause):
    address = closed_address() if kind == "refused" else request.getfixturevalue("unanswered_address")
    started = time.monotonic()
    result = run_modelreg("models", server_env=address, timeout=30)
    elapsed = time.monotonic() - started
    assert result.returncode == EXIT["unavailable"]
    assert result.stderr == (f"modelreg: cannot reach the modelreg server at {address} ({cause}): is `modelreg serve` "
                             "running? (--server / $MODELREG_SERVER) [UNAVAILABLE SERVER_UNREACHABLE]\n")
    assert elapsed < 2, f"took {elapsed:.1f}s"


def test_unreachable_server_with_json_is_one_error_object():
    address = closed_address()
    result = run_modelreg("models", "--json", server_env=address, timeout=30)
    assert result.returncode == EXIT["unavailable"]
    error = as_json(result)["error"]
    assert (error["code"], error["reason"]) == ("UNAVAILABLE", "SERVER_UNREACHABLE")
    assert error["metadata"] == {"address": address, "cause": "connection refused",
                                 "problem": f"cannot reach the modelreg server at {address} (connection refused)"}


# stdout closed early

@pytest.fixture(scope="module")
def wide_lineage(server, tmp_path_factory) -> str:
    """A model whose v1 has 100 artifact inputs with long URIs: `lineage --json` is ~300 KB, more
    than a pipe holds, so a reader that stops early makes the CLI's writes fail."""
    from modelreg import Registry
    source = write_tree(tmp_path_factory.mktemp("wide") / "m", {"w.bin": os.urandom(1000)})
    with Registry(server.address) as reg:
        reg.push("wide-lineage", source, inputs=[f"s3://data/{i:03d}/" + "x" * 1000 for i in range(100)])
    return "wide-lineage"


@pytest.mark.parametrize("command,reader", [
    ("lineage {model}:v1 --json", "head -c 10"),
    ("lineage {model}:v1", "head -c 10"),
    ("lineage {model}:v1 --json", "true"),
    ("versions {model} --json", "true"),
    ("show {model}:v1 --json", "true"),
    ("audit --json", "true"),
    ("watch --after 0 --model {model} --json", "true"),
    ("watch --after 0 --model {model}", "true"),
], ids=["lineage-json-head", "lineage-text-head", "lineage-json", "versions-json", "show-json", "audit-json",
        "watch-json", "watch-text"])
def test_stdout_closed_early_exits_quietly(server, wide_lineage, command, reader):
    # `true` exits before the CLI writes anything; `head -c 10` after the first bytes of an output
    # larger than the pipe holds. (A watch is only closed by `true`: after its replay it waits.)
    args = " ".join([sys.executable, "-m", "modelreg", command.format(model=wide_lineage), "--server", server.address])
    shell = subprocess.run(["bash", "-c", f'{args} | {reader} >/dev/null; echo "${{PIPESTATUS[0]}}"'],
                           capture_output=True, text=True, timeout=60)
    assert shell.stderr == ""
    assert shell.stdout == "141\n"


# errors

ERRORS = [
    (["show", "{model}-missing"], "NOT_FOUND", "MODEL_NOT_FOUND"),
    (["versions", "{model}-missing"], "NOT_FOUND", "MODEL_NOT_FOUND"),
    (["alias", "ls", "{model}-missing"], "NOT_FOUND", "MODEL_NOT_FOUND"),
    (["pull", "{model}-missing:v1", "{dest}"], "NOT_FOUND", "MODEL_NOT_FOUND"),
    (["show", "{model}:v9"], "NOT_FOUND", "VERSION_NOT_FOUND"),
    (["show", "{model}:nosuchalias"], "NOT_FOUND", "ALIAS_NOT_FOUND"),
    (["show", "{model}@sha256:" + "0" * 64], "NOT_FOUND", "VERSION_NOT_FOUND"),
    (["show", "{model}:v!!"], "INVALID_ARGUMENT", "INVALID_REFERENCE"),
    (["pull", "{model}@sha256:zz", "{dest}"], "INVALID_ARGUMENT", "INVALID_REFERENCE"),
    (["archive", "{model}:"], "INVALID_ARGUMENT", "INVALID_REFERENCE"),
    (["show", "Bad Name"], "INVALID_ARGUMENT", "INVALID_NAME"),
    (["lineage", "{model}:v1", "--depth", "99"], "INVALID_ARGUMENT", "INVALID_DEPTH"),
    (["lineage", "s3://nothing/{model}", "--artifact"], "NOT_FOUND", "ARTIFACT_NOT_FOUND"),
    (["watch", "--after", "999999999"], "OUT_OF_RANGE", "CURSOR_AHEAD"),
]


@pytest.fixture(scope="module")
def pushed(server, tmp_path_factory):
    """One model with one version, shared by the error cases (which change nothing)."""
    name = f"cli-errors-{os.getpid()}"
    result = run_modelreg("push", name, small_dir(tmp_path_factory.mktemp("errors")), server_env=server.address)
    assert result.returncode == 0, result.stderr
    return name


@pytest.mark.parametrize("args,code,reason", ERRORS)
def test_error(cli, pushed, tmp_path, args, code, reason):
    dest = tmp_path / "out"
    args = [a.format(model=pushed, dest=dest) for a in args]
    # Text: one line on stderr naming the status code and the reason.
    result = cli(*args, check=False)
    assert result.returncode == STATUS[code]
    assert result.stdout == ""
    assert result.stderr.startswith("modelreg: ")
    assert f"[{code} {reason}]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not dest.exists()
    # JSON: one object with an "error" key on stdout.
    result = cli(*args, "--json", check=False)
    assert result.returncode == STATUS[code]
    assert result.stderr == ""
    data = as_json(result)
    assert list(data) == ["error"]
    assert (data["error"]["code"], data["error"]["reason"], data["error"]["exit_code"]) == (code, reason, STATUS[code])
    assert data["error"]["message"]
    assert isinstance(data["error"]["metadata"], dict)


@pytest.mark.parametrize("case,reason", [
    ("pull-into-existing-dest", "DESTINATION_EXISTS"),
    ("push-missing-path", "PATH_NOT_FOUND"),
])
def test_error_json_for_local_failures(cli, model, tmp_path, case, reason):
    """Errors found on the client side are JSON under --json too."""
    cli("push", model, small_dir(tmp_path / "m"))
    if case == "pull-into-existing-dest":
        (tmp_path / "out").mkdir()
        args = ["pull", f"{model}:v1", tmp_path / "out"]
    else:
        args = ["push", model, tmp_path / "missing"]
    result = cli(*args, "--json", check=False)
    assert result.returncode == (EXIT["conflict"] if reason == "DESTINATION_EXISTS" else EXIT["not_found"])
    assert result.stderr == ""
    data = as_json(result)
    assert list(data) == ["error"]
    assert data["error"]["reason"] == reason
    assert data["error"]["message"]


@pytest.mark.parametrize("as_json_flag", [False, True])
def test_watch_unknown_event_type(cli, as_json_flag):
    """A misspelt --type is reported as an error, not a traceback."""
    result = cli("watch", "--type", "ALIAS_MOVED", "--after", "0", *(["--json"] if as_json_flag else []),
                 check=False, timeout=20)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert "ALIAS_MOVED" in (result.stdout + result.stderr)
    if as_json_flag:
        assert list(as_json(result)) == ["error"]


# help

def test_help(cli):
    result = cli("--help")
    assert "examples:" in result.stdout
    assert "modelreg push sentiment ./out" in result.stdout
    assert "references:" in result.stdout
    for command in ("serve", "push", "pull", "models", "versions", "show", "alias", "archive", "restore",
                    "lineage", "watch"):
        assert command in result.stdout


def test_push_help(cli):
    text = cli("push", "--help").stdout
    for option in ("--alias", "--metric", "--param", "--tag", "--description", "--input", "--server", "--json"):
        assert option in text
    assert "MODELREG_SERVER" in text


@pytest.mark.parametrize("command", [["serve"], ["pull"], ["alias", "set"], ["lineage"], ["watch"], ["set"]])
def test_subcommand_help(cli, command):
    result = cli(*command, "--help")
    assert result.stdout.startswith("usage: modelreg " + " ".join(command))


@pytest.mark.parametrize("args", [[], ["push"], ["alias", "set", "m", "a"], ["set", "m:1", "--description", "x",
                                                                            "--description-file", "-"]])
def test_usage_errors(cli, args):
    result = cli(*args, check=False)
    assert result.returncode == 2
    assert "usage: modelreg" in result.stderr
    assert result.stdout == ""


# webhook

def test_webhook_commands(cli, receiver, model):
    added = as_json(cli("webhook", "add", receiver.url, "--id", model, "--model", model, "--type", "ALIAS_SET",
                        "--format", "slack", "--description", "deploys", "--json"))
    assert added["secret"].startswith("whsec_")
    assert added["webhook"]["name"] == f"webhooks/{model}" and added["webhook"]["secret"] == ""
    assert added["webhook"]["payload_format"] == "PAYLOAD_FORMAT_SLACK"
    assert added["webhook"]["event_types"] == ["EVENT_TYPE_ALIAS_SET"]
    text = cli("webhook", "add", receiver.url, "--id", f"{model}-2").stdout
    assert text.startswith(f"created webhooks/{model}-2 -> {receiver.url} (all events, json)")
    assert "secret: whsec_" in text

    listed = {w["name"]: w for w in as_json(cli("webhook", "ls", "--json"))["webhooks"]}
    assert listed[f"webhooks/{model}"]["secret"] == "" and listed[f"webhooks/{model}"]["description"] == "deploys"
    table = cli("webhook", "ls").stdout
    row = next(line for line in table.splitlines() if line.strip().startswith(model + " "))
    assert "enabled" in row and "slack" in row and f"model={model} type=ALIAS_SET" in row

    ping = cli("webhook", "test", model).stdout
    assert ping.startswith("ping msg_") and ": 200 in " in ping
    receiver.status = 500
    failed = cli("webhook", "test", model, check=False)
    assert failed.returncode == 1 and "failed: HTTP 500: receiver says no" in failed.stdout

    history = cli("webhook", "deliveries", model).stdout.splitlines()
    assert "webhook.ping" in history[0] and "failed" in history[0]
    assert "500" in history[1] and " ms  HTTP 500: receiver says no" in history[1]
    assert "succeeded" in history[2] and history[3].rstrip().endswith(" ms  ok")
    failures = as_json(cli("webhook", "deliveries", model, "--status", "failed", "--json"))["deliveries"]
    assert len(failures) == 1 and failures[0]["attempts"][0]["status_code"] == 500
    assert failures[0]["attempts"][0]["latency"].endswith("s")

    receiver.status = 200
    number = failures[0]["name"].rsplit("/", 1)[1]
    assert cli("webhook", "retry", model, number).stdout.startswith(f"queued {failures[0]['name']} again")
    deadline = time.monotonic() + 30
    while as_json(cli("webhook", "deliveries", model, "--status", "failed", "--json"))["deliveries"]:
        assert time.monotonic() < deadline, "the retried ping was not delivered"
        time.sleep(0.2)
    ids = [q["headers"]["webhook-id"] for q in receiver.received()]
    assert ids.count(failures[0]["message_id"]) == 2  # the failed attempt and the retry, one webhook-id

    assert cli("webhook", "disable", model).stdout.strip() == f"webhooks/{model} is disabled"
    assert cli("webhook", "enable", model).stdout.strip() == f"webhooks/{model} is enabled"
    assert cli("webhook", "rm", model).stdout.strip() == f"removed webhooks/{model}"
    cli("webhook", "rm", f"{model}-2")
    missing = cli("webhook", "rm", model, check=False)
    assert missing.returncode == EXIT["not_found"] and "WEBHOOK_NOT_FOUND" in missing.stderr


@pytest.mark.parametrize("args, reason", [
    (["ftp://127.0.0.1/hook"], "INVALID_TARGET"),
    (["http://127.0.0.1/hook", "--secret", "hunter2"], "INVALID_SECRET"),
    (["http://127.0.0.1/hook", "--type", "NOPE"], "INVALID_EVENT_TYPE"),
])
def test_webhook_add_refuses(cli, args, reason):
    result = cli("webhook", "add", *args, "--json", check=False)
    assert result.returncode == EXIT["usage"]
    assert as_json(result)["error"]["reason"] == reason


# set: edit a version after push

def test_set_metrics_tags_and_description_from_the_shell(cli, registry, model, tmp_path):
    cli("push", model, small_dir(tmp_path / "m"), "--metric", "loss=0.2", "--tag", "team=nlp", "--tag", "draft=yes")
    text = cli("set", f"{model}:1", "--metric", "f1=0.91", "--metric", "n=1e3", "--tag", "reviewed=alice",
               "--unset-tag", "draft").stdout
    assert text.splitlines() == [f"updated {model}:v1", "  metrics: f1=0.91, loss=0.2, n=1000.0",
                                 "  tags: reviewed=alice, team=nlp"]
    card = tmp_path / "card.md"
    card.write_text("# Sentiment\n\nf1 0.91 on imdb-2024 ✓\n")
    data = as_json(cli("set", f"{model}:latest", "--description-file", card, "--unset-metric", "loss", "--json"))
    assert (data["version"], data["description"], data["metrics"]) == (1, card.read_text(), {"f1": 0.91, "n": 1000.0})
    data = as_json(cli("set", f"{model}:v1", "--description-file", "-", "--json", input="from stdin\n"))
    assert data["description"] == "from stdin\n" and data["tags"] == {"reviewed": "alice", "team": "nlp"}
    assert as_json(cli("set", f"{model}:1", "-m", "short", "--json"))["description"] == "short"
    version = registry.get_version(f"{model}:1")
    assert (dict(version.metrics), dict(version.tags), version.description) == (
        {"f1": 0.91, "n": 1000.0}, {"reviewed": "alice", "team": "nlp"}, "short")


def test_set_changes_only_the_keys_it_names(cli, registry, model, tmp_path):
    """Another editor's keys survive: the update_mask of `modelreg set` names only metrics.f1."""
    cli("push", model, small_dir(tmp_path / "m"))
    registry.update_version(f"{model}:1", tags={"reviewer": "bob"}, metrics={"recall": 0.7}, description="bob's")
    cli("set", f"{model}:1", "--metric", "f1=0.9")
    version = registry.get_version(f"{model}:1")
    assert (dict(version.metrics), dict(version.tags), version.description) == (
        {"recall": 0.7, "f1": 0.9}, {"reviewer": "bob"}, "bob's")


def test_set_by_short_digest_as_versions_prints_it(cli, model, tmp_path):
    cli("push", model, small_dir(tmp_path / "a", b"a"))
    cli("push", model, small_dir(tmp_path / "b", b"b"))
    row = next(line.split() for line in cli("versions", model).stdout.splitlines()[1:] if line.split()[0] == "1")
    digest = next(word for word in row if word.startswith("sha256:"))
    assert as_json(cli("set", f"{model}@{digest}", "--tag", "picked=yes", "--json"))["version"] == 1


@pytest.mark.parametrize("args, reason, message", [
    (["--metric", "f1=nan"], "INVALID_METRIC", "not a finite number"),
    (["--metric", "f1=inf"], "INVALID_METRIC", "not a finite number"),
    (["--metric", "f1=-Infinity"], "INVALID_METRIC", "not a finite number"),
    (["--metric", "f1=high"], "INVALID_METRIC", "'high' is not a finite number"),
    (["--metric", "f1="], "INVALID_METRIC", "not a finite number"),
    (["--metric", "f1"], "INVALID_METRIC", "KEY=VALUE"),
    (["--tag", "=x"], "INVALID_TAG", "KEY=VALUE"),
    (["--tag", "a=1", "--unset-tag", "a"], "INVALID_TAG", "contradict"),
    (["--metric", "a=1", "--unset-metric", "a"], "INVALID_METRIC", "contradict"),
    ([], "NOTHING_TO_SET", "nothing to set"),
    (["--description-file", "{missing}"], "DESCRIPTION_FILE_UNREADABLE", "No such file"),
    (["--description-file", "{binary}"], "INVALID_DESCRIPTION", "not UTF-8"),
], ids=["nan", "inf", "-inf", "word", "empty", "no-equals", "no-key", "tag-and-unset", "metric-and-unset",
        "nothing", "missing-file", "not-utf8"])
def test_set_refused_locally_changes_nothing(cli, server, model, tmp_path, args, reason, message):
    from conftest import data_state
    cli("push", model, small_dir(tmp_path / "m"))
    (tmp_path / "binary").write_bytes(b"\xff\xfe\x00")
    args = [a.format(missing=tmp_path / "missing", binary=tmp_path / "binary") for a in args]
    before = data_state(server.data)
    result = cli("set", f"{model}:1", *args, check=False)
    unreadable = reason == "DESCRIPTION_FILE_UNREADABLE"  # a local file problem, not a usage error
    assert result.returncode == EXIT["other" if unreadable else "usage"], result.stderr
    assert message in result.stderr and reason in result.stderr, result.stderr
    error = as_json(cli("set", f"{model}:1", *args, "--json", check=False))["error"]
    assert (error["code"], error["reason"]) == ("LOCAL", reason)
    assert data_state(server.data) == before


@pytest.mark.parametrize("reference, args, code, reason", [
    ("{model}:9", ["--metric", "f1=1"], "NOT_FOUND", "VERSION_NOT_FOUND"),
    ("{model}:production", ["--metric", "f1=1"], "NOT_FOUND", "ALIAS_NOT_FOUND"),
    ("{model}@sha256:abc", ["--metric", "f1=1"], "INVALID_ARGUMENT", "INVALID_REFERENCE"),
    ("{model}:1", ["--tag", "bad key=1"], "INVALID_ARGUMENT", "INVALID_TAG"),
    ("{model}:1", ["--metric", "bad key=1"], "INVALID_ARGUMENT", "INVALID_METRIC"),
    ("{model}:1", ["--description", "x" * 70_000], "INVALID_ARGUMENT", "DESCRIPTION_TOO_LONG"),
], ids=["no-version", "no-alias", "bad-reference", "bad-tag", "bad-metric", "long-description"])
def test_set_refused_by_the_server_changes_nothing(cli, server, model, tmp_path, reference, args, code, reason):
    from conftest import data_state
    cli("push", model, small_dir(tmp_path / "m"))
    before = data_state(server.data)
    result = cli("set", reference.format(model=model), *args, check=False)
    assert result.returncode == STATUS[code] and f"[{code} {reason}]" in result.stderr, result.stderr
    error = as_json(cli("set", reference.format(model=model), *args, "--json", check=False))["error"]
    assert (error["code"], error["reason"]) == (code, reason)
    assert data_state(server.data) == before


def test_set_help_teaches_by_example(cli):
    text = cli("set", "--help").stdout
    for example in ("modelreg set sentiment:3 --metric f1=0.91", "--description-file -", "watch --type VERSION_CREATED",
                    "--unset-tag"):
        assert example in text
    assert "modelreg alias set sentiment production sentiment:staging" in cli("alias", "set", "--help").stdout

