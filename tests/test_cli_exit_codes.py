"""The CLI's exit statuses, one per kind of error (cli.EXIT), from the real CLI against real
servers: what a script branches on without parsing messages. Every refusal here also changes
nothing, and with --json says its gRPC code, reason and exit status."""

import json
import os
import subprocess
import sys

import pytest

from conftest import free_port, stored_chunk, write_tree
from modelreg import Registry
from modelreg.cli import EXIT

NOT_FOUND, CONFLICT, PERMISSION, UNAVAILABLE, INTEGRITY, USAGE = (
    EXIT["not_found"], EXIT["conflict"], EXIT["permission"], EXIT["unavailable"], EXIT["integrity"], EXIT["usage"])


def modelreg(*args, server: str | None = None, token: str | None = None, timeout: float = 60):
    env = {k: v for k, v in os.environ.items() if k not in ("MODELREG_SERVER", "MODELREG_TOKEN")}
    if server:
        env["MODELREG_SERVER"] = server
    if token:
        env["MODELREG_TOKEN"] = token
    return subprocess.run([sys.executable, "-m", "modelreg", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=timeout)


def json_error(result) -> dict:
    assert result.stderr == "", result.stderr
    return json.loads(result.stdout)["error"]


def test_the_exit_statuses_are_distinct_and_documented():
    statuses = [status for kind, status in EXIT.items()]
    assert len(set(statuses)) == len(statuses)
    help_text = modelreg("--help").stdout
    for kind, status in EXIT.items():
        assert f"\n  {status} " in help_text, kind
    assert "exit status" in help_text and "(NOT_FOUND)" in help_text and "(ABORTED)" in help_text


@pytest.mark.parametrize("args", [
    ("show",),  # a required argument missing
    ("alias",),  # a group without its action
    ("no-such-command",),
    ("models", "--no-such-option"),
    ("completion", "powershell"),  # not one of the choices
])
def test_bad_usage_exits_2(server, args):
    result = modelreg(*args, server=server.address)
    assert result.returncode == USAGE == 2, result.stderr
    assert "usage: modelreg" in result.stderr and result.stdout == ""


@pytest.mark.parametrize("args, reason", [
    (("push", "{model}", "{path}", "--metric", "f1"), "INVALID_KEY_VALUE"),  # found by the CLI
    (("models", "--filter", "colour = 'red'"), "INVALID_FILTER"),  # found by the server (INVALID_ARGUMENT)
])
def test_invalid_arguments_are_usage_errors_and_change_nothing(server, model, tmp_path, args, reason):
    path = write_tree(tmp_path / "m", {"a.txt": b"a"})
    args = [a.format(model=model, path=path) for a in args]
    result = modelreg(*args, "--json", server=server.address)
    assert result.returncode == USAGE
    error = json_error(result)
    assert error["reason"] == reason and error["exit_code"] == USAGE
    assert error["code"] in ("LOCAL", "INVALID_ARGUMENT")
    assert modelreg("show", model, server=server.address).returncode == NOT_FOUND


@pytest.mark.parametrize("args, code, reason", [
    (("show", "{model}"), "NOT_FOUND", "MODEL_NOT_FOUND"),
    (("pull", "{model}:v1", "{dest}"), "NOT_FOUND", "MODEL_NOT_FOUND"),
    (("alias", "rm", "{model}", "production"), "NOT_FOUND", "MODEL_NOT_FOUND"),
    (("webhook", "rm", "wh-none"), "NOT_FOUND", "WEBHOOK_NOT_FOUND"),
    (("push", "{model}", "{dest}"), "LOCAL", "PATH_NOT_FOUND"),  # a local path that is not there
])
def test_not_found(server, model, tmp_path, args, code, reason):
    args = [a.format(model=model, dest=tmp_path / "nothing") for a in args]
    text = modelreg(*args, server=server.address)
    assert text.returncode == NOT_FOUND and f"[{code} {reason}]" in text.stderr, text.stderr
    error = json_error(modelreg(*args, "--json", server=server.address))
    assert (error["code"], error["reason"], error["exit_code"]) == (code, reason, NOT_FOUND)
    assert not (tmp_path / "nothing").exists()


@pytest.fixture
def two_versions(server, model, tmp_path):
    """A model with v1 (alias production) and v2 (archived)."""
    with Registry(server.address, timeout=30) as reg:
        reg.push(model, write_tree(tmp_path / "a", {"w.bin": b"one"}), aliases=["production"])
        reg.push(model, write_tree(tmp_path / "b", {"w.bin": b"two"}))
        reg.archive_version(f"{model}:v2")
    return model


@pytest.mark.parametrize("args, code, reason", [
    # compare-and-set: production is at 1, not at 5 as --expect says
    (("alias", "set", "{model}", "production", "1", "--expect", "5"), "ABORTED", "ALIAS_CONFLICT"),
    (("alias", "set", "{model}", "production", "2"), "FAILED_PRECONDITION", "VERSION_ARCHIVED"),
    (("pull", "{model}:v1", "{dest}"), "LOCAL", "DESTINATION_EXISTS"),
])
def test_conflict(server, two_versions, tmp_path, args, code, reason):
    model = two_versions
    dest = tmp_path / "dest"
    dest.mkdir()
    args = [a.format(model=model, dest=dest) for a in args]
    result = modelreg(*args, server=server.address)
    assert result.returncode == CONFLICT and f"[{code} {reason}]" in result.stderr, result.stderr
    error = json_error(modelreg(*args, "--json", server=server.address))
    assert (error["code"], error["reason"], error["exit_code"]) == (code, reason, CONFLICT)
    with Registry(server.address, timeout=30) as reg:
        assert reg.get_version(f"{model}:production").number == 1
    assert list(dest.iterdir()) == []


@pytest.mark.parametrize("who, args, code, reason", [
    ("viewer", ("alias", "set", "{model}", "production", "1"), "PERMISSION_DENIED", "ROLE_REQUIRED"),
    (None, ("models",), "UNAUTHENTICATED", "TOKEN_MISSING"),
    ("not-a-token", ("models",), "UNAUTHENTICATED", "TOKEN_MALFORMED"),
])
def test_permission(secured, model, tmp_path, who, args, code, reason):
    with secured.client("editor") as editor:
        editor.push(model, write_tree(tmp_path / "m", {"w.bin": b"x"}))
    token = secured.tokens.get(who, who)
    args = [a.format(model=model) for a in args]
    result = modelreg(*args, server=secured.server.address, token=token)
    assert result.returncode == PERMISSION, result.stderr
    error = json_error(modelreg(*args, "--json", server=secured.server.address, token=token))
    assert (error["code"], error["reason"], error["exit_code"]) == (code, reason, PERMISSION)
    with secured.client("root") as admin:
        assert [a.alias for a in admin.list_aliases(model)] == ["latest"]


def test_unreachable_server_exits_unavailable():
    address = f"127.0.0.1:{free_port()}"  # nothing listens there
    result = modelreg("models", server=address)
    assert result.returncode == UNAVAILABLE and "SERVER_UNREACHABLE" in result.stderr, result.stderr
    error = json_error(modelreg("models", "--json", server=address))
    assert (error["code"], error["reason"], error["exit_code"]) == ("UNAVAILABLE", "SERVER_UNREACHABLE", UNAVAILABLE)
    assert "is `modelreg serve` running?" in error["message"]


@pytest.mark.parametrize("command", ["pull", "fsck"])
def test_a_corrupt_chunk_is_an_integrity_error(own_server, tmp_path, command):
    with Registry(own_server.address, timeout=30) as reg:
        version = reg.push("damaged", write_tree(tmp_path / "m", {"w.bin": os.urandom(300_000)}))
    path = stored_chunk(own_server.blobs_root, version.files[0].chunks[0].digest)
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    args = ("pull", "damaged:v1", tmp_path / "out") if command == "pull" else ("fsck",)
    result = modelreg(*args, "--json", server=own_server.address)
    assert result.returncode == INTEGRITY == 3, result.stdout + result.stderr
    if command == "pull":
        error = json_error(result)
        assert error["code"] == "DATA_LOSS" and error["reason"].startswith("CHUNK_") and error["exit_code"] == 3
        assert not (tmp_path / "out").exists()
    else:
        assert json.loads(result.stdout)["ok"] is False
