"""Storage faults against real servers: another process holding the database's write lock, a second
server on the same data directory, a full disk, a read-only data directory, other start-up
failures, and an unexpected error inside the server (INTERNAL with an id, never UNKNOWN).

Disk faults use a small tmpfs of the test's own: the tests run as root (CI too), and a mount that
fails fails the test.
"""

import errno
import hashlib
import json
import os
import re
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc
import pytest
import trustme
from google.protobuf import wrappers_pb2
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from conftest import ROOT, ServerProcess, data_state, free_port, tree, wait_until, write_tree
from modelreg import Registry, codec
from modelreg.cli import EXIT
from modelreg.errors import ResourceExhausted
from modelreg.v1 import (access_service_pb2 as ac, event_service_pb2 as ev, event_service_pb2_grpc,
                         registry_service_pb2 as rs, registry_service_pb2_grpc, resources_pb2 as r,
                         transfer_service_pb2 as ts, transfer_service_pb2_grpc)
from test_bad_input import refusal_info

UNAVAILABLE = grpc.StatusCode.UNAVAILABLE
INTERNAL = grpc.StatusCode.INTERNAL


def modelreg(*args, env=None, timeout=60) -> subprocess.CompletedProcess:
    """The real `modelreg` command, run to completion."""
    return subprocess.run([sys.executable, "-m", "modelreg", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=timeout)


def serve(data: Path, *args) -> subprocess.CompletedProcess:
    """`modelreg serve` expected not to start: it must exit by itself."""
    return modelreg("serve", "--data", data, "--listen", "127.0.0.1:0", *args)


def one_line(result: subprocess.CompletedProcess) -> str:
    """The single line a command that failed wrote on stderr."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


class WriteLock:
    """Another process's write transaction on a data directory's registry.db (this test process
    is not the server): BEGIN IMMEDIATE, held until release()."""

    def __init__(self, data: Path):
        self.conn = sqlite3.connect(data / "registry.db", isolation_level=None, timeout=30)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.conn.execute("COMMIT")
        self.conn.close()


def plain_stub(address: str):
    """A RegistryService stub on a channel without the SDK's retry policy: one attempt per call."""
    return registry_service_pb2_grpc.RegistryServiceStub(grpc.insecure_channel(address))


@pytest.fixture
def small_disk(tmp_path):
    """An 8 MiB tmpfs of this test alone, unmounted afterwards."""
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], check=True, capture_output=True)
    yield disk
    subprocess.run(["umount", "--lazy", str(disk)], check=True)


def fill(disk: Path) -> Path:
    """Writes a file until the filesystem has not one byte left; returns it (unlink to free)."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as f:
        for block in (1 << 20, 4096, 1):
            try:
                while True:
                    f.write(bytes(block))
            except OSError as e:
                assert e.errno == errno.ENOSPC
    return filler


# 3. A briefly busy database is waited for, never failed.

def test_a_write_waits_for_a_lock_another_process_holds_for_3_seconds(own_server, model):
    with Registry(own_server.address, timeout=60) as reg, ThreadPoolExecutor(1) as pool:
        reg.create_model(f"{model}-before")
        lock = WriteLock(own_server.data)
        try:
            write = pool.submit(reg.create_model, model, description="created while locked")
            # The write waits: 3 s later it has neither failed nor happened.
            with pytest.raises(TimeoutError):
                write.result(timeout=3)
            # Reads do not wait for the lock.
            assert reg.get_model(f"{model}-before").name == f"models/{model}-before"
            assert [m.name for m in reg.list_models(prefix=model)] == [f"models/{model}-before"]
            head = reg.event_head()
        finally:
            lock.release()
        assert write.result(timeout=60).description == "created while locked"
        assert reg.get_model(model).description == "created while locked"
        assert reg.event_head() == head + 1


def test_a_lock_held_past_the_busy_timeout_is_database_busy_then_sdk_and_cli_retry(tmp_path, model_dir):
    """A short --db-busy-timeout: one attempt is refused with DATABASE_BUSY and changes nothing;
    the SDK and the CLI keep retrying and succeed once the lock is released."""
    srv = ServerProcess(tmp_path / "data", "--db-busy-timeout", "0.2").start()
    try:
        with Registry(srv.address, timeout=60) as reg:
            reg.create_model("existing")
            before = data_state(srv.data)
            lock = WriteLock(srv.data)
            with ThreadPoolExecutor(2) as pool:
                try:
                    code, reason, _ = refusal_info(plain_stub(srv.address).CreateModel,
                                                   rs.CreateModelRequest(model_id="refused"), timeout=30)
                    assert (code, reason) == (UNAVAILABLE, "DATABASE_BUSY")
                    assert data_state(srv.data) == before
                    assert reg.get_model("existing").name == "models/existing"
                    created = pool.submit(reg.create_model, "retried")
                    pushed = pool.submit(reg.push, "pushed", model_dir)
                    cli = subprocess.Popen([sys.executable, "-m", "modelreg", "push", "cli-pushed", str(model_dir)],
                                           env={**os.environ, "MODELREG_SERVER": srv.address}, cwd=ROOT,
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                    # Held well past the busy timeout: every attempt so far was refused.
                    with pytest.raises(TimeoutError):
                        created.result(timeout=2)
                    assert not pushed.done()
                finally:
                    lock.release()
                assert created.result(timeout=60).name == "models/retried"
                version = pushed.result(timeout=60)
            _, err = cli.communicate(timeout=60)
            assert cli.returncode == 0, err
            # Each retried CreateVersion created exactly one version.
            assert version.number == 1
            assert [v.number for v in reg.list_versions("pushed")] == [1]
            assert [v.number for v in reg.list_versions("cli-pushed")] == [1]
            assert data_state(srv.data)["rows"]["versions"] == before["rows"]["versions"] + 2
    finally:
        srv.stop()


# 4. One server per data directory.

def _chunk() -> tuple[bytes, r.Chunk]:
    raw = os.urandom(100 * 1024)
    codec_, payload = codec.encode(raw, 0)
    return raw, r.Chunk(digest=hashlib.sha256(raw).hexdigest(), raw_size=len(raw), codec=codec_, data=payload)


def test_a_second_server_on_the_same_data_directory_refuses_while_the_first_keeps_serving(own_server, tmp_path):
    chunks = [_chunk() for _ in range(60)]
    first_part = threading.Event()
    go_on = threading.Event()

    def requests():
        for i, (_, chunk) in enumerate(chunks):
            if i == 40:
                first_part.set()
                assert go_on.wait(60)
            yield ts.UploadChunksRequest(chunks=[chunk])

    channel = grpc.insecure_channel(own_server.address)
    transfer = transfer_service_pb2_grpc.TransferServiceStub(channel)
    tmp = own_server.data / "blobs" / "tmp"
    with ThreadPoolExecutor(1) as pool:
        upload = pool.submit(transfer.UploadChunks, requests(), timeout=120)
        assert first_part.wait(60)
        staged = wait_until(lambda: sorted(tmp.iterdir()), what="chunks staged in blobs/tmp")
        before = data_state(own_server.data)
        second = serve(own_server.data)
        left_alone = all(p.exists() for p in staged) and data_state(own_server.data) == before
        go_on.set()
        stored = upload.result(timeout=120)
    assert second.returncode == 4
    line = one_line(second)
    assert f"pid {own_server.proc.pid}" in line and str(own_server.data.resolve()) in line, line
    assert (own_server.data / "server.lock").read_text().strip() == str(own_server.proc.pid)
    assert left_alone  # the refused server changed nothing, and left blobs/tmp alone
    # The upload in flight completed; the first server commits and serves the version.
    assert stored.stored_chunks == len(chunks)
    content = b"".join(raw for raw, _ in chunks)
    entry = r.FileEntry(path="weights.bin", size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                        mode=0o644, chunks=[r.ChunkRef(digest=c.digest, size=c.raw_size) for _, c in chunks])
    with Registry(own_server.address, timeout=60) as reg:
        version = reg.registry.CreateVersion(rs.CreateVersionRequest(model_id="two-servers", files=[entry])).version
        reg.pull(version.name, tmp_path / "pulled")
        assert (tmp_path / "pulled" / "weights.bin").read_bytes() == content
        assert reg.check_store().damaged_versions == []
    assert own_server.proc.poll() is None


def test_bootstrap_on_a_live_server_goes_through_its_operator_socket(tmp_path):
    srv = ServerProcess(tmp_path / "data", "--auth").start()
    try:
        socket_file = srv.data / "server.sock"
        assert stat.S_ISSOCK(socket_file.stat().st_mode) and stat.S_IMODE(socket_file.stat().st_mode) == 0o600
        # The operator method answers on the socket only, not on the network address.
        channel = grpc.insecure_channel(srv.address)
        over_tcp = channel.unary_unary("/modelreg.local.v1.OperatorService/BootstrapAdmin",
                                       request_serializer=wrappers_pb2.StringValue.SerializeToString,
                                       response_deserializer=ac.CreateTokenResponse.FromString)
        before = data_state(srv.data)
        code, reason, _ = refusal_info(over_tcp, wrappers_pb2.StringValue(value="intruder"), timeout=30)
        assert (code, reason) == (grpc.StatusCode.PERMISSION_DENIED, "OPERATOR_SOCKET_ONLY")
        assert data_state(srv.data) == before

        result = modelreg("bootstrap", "--data", srv.data, "--json")
        assert result.returncode == 0, result.stderr
        token = json.loads(result.stdout)["secret"]
        with Registry(srv.address, token=token, timeout=30) as admin:
            assert admin.whoami().principal.name == "principals/admin"
            actors = {x.event.type: x.event.actor for x in admin.audit(actor="@bootstrap")}
        assert actors == {r.EVENT_TYPE_PRINCIPAL_CREATED: "@bootstrap", r.EVENT_TYPE_ROLE_GRANTED: "@bootstrap",
                          r.EVENT_TYPE_TOKEN_CREATED: "@bootstrap"}
        again = modelreg("bootstrap", "--data", srv.data)
        assert again.returncode == EXIT["conflict"] and "ADMIN_EXISTS" in one_line(again)

        # Without its socket, bootstrap cannot reach the server and will not write beside it.
        socket_file.unlink()
        before = data_state(srv.data)
        refused = modelreg("bootstrap", "--data", srv.data, "--name", "other")
        assert refused.returncode == EXIT["conflict"]
        line = one_line(refused)
        assert f"pid {srv.proc.pid}" in line and "DATA_DIR_IN_USE" in line, line
        assert data_state(srv.data) == before
    finally:
        srv.stop()
    # Once the server has stopped, bootstrap writes the directory directly (and finds the admin).
    stopped = modelreg("bootstrap", "--data", srv.data)
    assert stopped.returncode == EXIT["conflict"] and "ADMIN_EXISTS" in one_line(stopped)


# 5. No internal error reaches a client as UNKNOWN.

@pytest.mark.parametrize("full", ["chunks", "database"])
def test_a_full_disk_refuses_writes_with_storage_full_and_reads_still_work(small_disk, tmp_path, full):
    srv = ServerProcess(small_disk / "data").start()
    try:
        with Registry(srv.address, timeout=60) as reg:
            # Many small files of one content: few chunk files, many rows to write.
            first = write_tree(tmp_path / "first", {f"shard-{i:03}.json": b'{"same": true}\n' for i in range(500)})
            reg.push("full", first, aliases=["stable"])
            new = write_tree(tmp_path / "new", {"weights.bin": os.urandom(1 << 20)})
            filler = fill(small_disk)
            before = data_state(srv.data)
            with pytest.raises(ResourceExhausted) as refused:
                reg.push("full", new if full == "chunks" else first)
            assert refused.value.reason == "STORAGE_FULL"
            assert ("for chunks" if full == "chunks" else "the database is full") in refused.value.message
            assert not re.search(r"Errno|Error|sqlite3|Traceback", refused.value.message), refused.value.message
            assert data_state(srv.data) == before
            assert list((srv.data / "blobs" / "tmp").iterdir()) == []
            # Reads keep working while writes are refused.
            assert reg.get_model("full").aliases["stable"] == 1
            assert [v.number for v in reg.list_versions("full")] == [1]
            reg.pull("full:stable", tmp_path / "pulled")
            assert tree(tmp_path / "pulled") == tree(first)
            assert reg.event_head() == before["event_head"]
            # Space freed, writes resume without a restart.
            filler.unlink()
            assert reg.push("full", new if full == "chunks" else first).number == 2
    finally:
        srv.stop()


@pytest.mark.parametrize("existing", [True, False], ids=["used-before", "never-created"])
def test_a_read_only_data_directory_stops_serve_with_one_line_and_exit_code_3(small_disk, existing):
    data = small_disk / "data"
    if existing:
        srv = ServerProcess(data).start()
        try:
            with Registry(srv.address, timeout=30) as reg:
                reg.create_model("kept")
        finally:
            srv.stop()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = serve(data)
    assert result.returncode == 3
    line = one_line(result)
    assert line.startswith(f"modelreg serve: cannot write the data directory {data}") and \
        "read-only file system" in line, line


def test_other_start_up_failures_are_one_line_and_an_exit_code(tmp_path):
    cases = []
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    cases.append((["--data", tmp_path / "a", "--listen", f"127.0.0.1:{busy.getsockname()[1]}"], 5,
                  "address already in use"))
    cases.append((["--data", tmp_path / "b", "--listen", "127.0.0.1:port"], 5, "expected HOST:PORT"))
    cases.append((["--data", tmp_path / "c", "--tls-cert", tmp_path / "missing.pem", "--tls-key",
                   tmp_path / "missing.key"], 6, "cannot read --tls-cert"))
    (tmp_path / "garbage.pem").write_text("not a certificate\n")
    cases.append((["--data", tmp_path / "d", "--tls-cert", tmp_path / "garbage.pem", "--tls-key",
                   tmp_path / "garbage.pem"], 6, "holds no PEM certificate"))
    ca = trustme.CA()
    ca.issue_cert("127.0.0.1").cert_chain_pems[0].write_to_path(str(tmp_path / "one.pem"))
    ca.issue_cert("127.0.0.1").private_key_pem.write_to_path(str(tmp_path / "other.key"))
    cases.append((["--data", tmp_path / "e", "--tls-cert", tmp_path / "one.pem", "--tls-key",
                   tmp_path / "other.key"], 6, "the key does not belong to the certificate"))
    (tmp_path / "a-file").write_text("")
    cases.append((["--data", tmp_path / "a-file"], 3, "cannot write the data directory"))
    write_tree(tmp_path / "not-a-registry", {"registry.db": b"this is no database" * 100})
    cases.append((["--data", tmp_path / "not-a-registry"], 3, "cannot open the data directory"))
    try:
        for args, exit_code, says in cases:
            result = modelreg("serve", "--listen", "127.0.0.1:0", *args)
            assert result.returncode == exit_code, (args, result.stderr)
            line = one_line(result)
            assert line.startswith("modelreg serve: ") and says in line, (args, line)
    finally:
        busy.close()
    assert "exit status" in modelreg("serve", "--help").stdout


@pytest.mark.parametrize("case", ["unknown-scheme", "no-bucket-named", "unreachable", "bucket-missing",
                                  "wrong-credentials"])
def test_a_chunk_store_that_cannot_be_opened_stops_serve_with_one_line_and_exit_code_3(request, tmp_path, case):
    env = {}
    if case == "unknown-scheme":
        url, says = "ftp://host/chunks", "unknown chunk store scheme 'ftp'"
    elif case == "no-bucket-named":
        url, says = "s3:///chunks", "no bucket"
    elif case == "unreachable":
        url, says = f"s3://b/p?endpoint=http://127.0.0.1:{free_port()}&region=us-east-1", "cannot open the chunk store"
    else:
        gw = request.getfixturevalue("versitygw")
        url, says = gw.url("faults"), "cannot open the chunk store"
        if case == "bucket-missing":
            url = url.replace(f"s3://{gw.BUCKET}/", "s3://no-such-bucket/")
        else:
            env = {"AWS_SECRET_ACCESS_KEY": "wrong"}
    result = modelreg("serve", "--data", tmp_path / "data", "--listen", "127.0.0.1:0", "--blobs", url, env=env)
    assert result.returncode == 3, result.stderr
    line = one_line(result)
    assert line.startswith("modelreg serve: ") and says in line, line


@pytest.mark.parametrize("path", ["unary", "stream"])
def test_an_unexpected_error_is_internal_with_an_id_the_server_log_carries(own_server, path):
    """Metadata damaged behind the server's back (no mock: a row it cannot parse) makes GetModel
    and a Watch replay fail inside the server."""
    with Registry(own_server.address, timeout=30) as reg:
        reg.create_model("damaged")
        head = reg.event_head()
    conn = sqlite3.connect(own_server.data / "registry.db", timeout=30)
    with conn:
        conn.execute("UPDATE models SET tags = '{not json' WHERE name = 'damaged'")
        conn.execute("UPDATE events SET details = '{not json' WHERE sequence = ?", [head])
    conn.close()
    channel = grpc.insecure_channel(own_server.address)
    if path == "unary":
        call = lambda: registry_service_pb2_grpc.RegistryServiceStub(channel).GetModel(  # noqa: E731
            rs.GetModelRequest(name="damaged"), timeout=30)
    else:
        call = lambda: list(event_service_pb2_grpc.EventServiceStub(channel).Watch(  # noqa: E731
            ev.WatchRequest(after_sequence=head - 1), timeout=30))
    with pytest.raises(grpc.RpcError) as caught:
        call()
    assert caught.value.code() == INTERNAL
    infos = [info for detail in rpc_status.from_call(caught.value).details
             if detail.Unpack(info := error_details_pb2.ErrorInfo())]
    assert [(i.reason, i.domain) for i in infos] == [("INTERNAL", "modelreg")]
    error_id = infos[0].metadata["error_id"]
    assert re.fullmatch(r"[0-9a-f]{12}", error_id)
    assert caught.value.details() == f"internal error {error_id}: the server logged the details under this id"
    method = "/modelreg.v1.RegistryService/GetModel" if path == "unary" else "/modelreg.v1.EventService/Watch"
    log = wait_until(lambda: error_id in own_server.log.read_text() and own_server.log.read_text(),
                     what="the error id in the server log")
    lines = log.splitlines()
    at = next(i for i, line in enumerate(lines) if error_id in line)
    assert f"ERROR modelreg.server: internal error {error_id} in {method}" in lines[at]
    assert lines[at + 1] == "Traceback (most recent call last):"


@pytest.mark.parametrize("case", ["unknown-scheme", "bad-sqlite-url", "unreachable", "wrong-password", "no-database",
                                  "newer-schema"])
def test_a_database_that_cannot_be_opened_stops_serve_with_one_line_and_exit_code_3(request, tmp_path, case):
    if case == "unknown-scheme":
        url, says = "mysql://u@127.0.0.1/db", "--db mysql://u@127.0.0.1/db: unknown database scheme 'mysql'"
    elif case == "bad-sqlite-url":
        url, says = "sqlite://registry.db", "a SQLite URL names a file: sqlite:///PATH"
    elif case == "unreachable":
        url, says = f"postgresql://modelreg@127.0.0.1:{free_port()}/db", "cannot open the database"
    else:
        postgres = request.getfixturevalue("postgres")
        url, says = postgres.new_database(), "cannot open the database"
        if case == "wrong-password":
            url = url.replace("postgresql://postgres@", "postgresql://no_such_user:secret@")
            assert "secret" not in says
        elif case == "no-database":
            url = url.rsplit("/", 1)[0] + "/no_such_database"
        else:
            ServerProcess(tmp_path / "first", "--db", url).start().stop()
            import psycopg
            with psycopg.connect(url) as conn:
                conn.execute("INSERT INTO schema_migrations VALUES (1000, 0)")
            says = "the database's schema is version 1000, newer than this modelreg knows"
    result = modelreg("serve", "--data", tmp_path / "data", "--listen", "127.0.0.1:0", "--db", url)
    assert result.returncode == 3, result.stderr
    line = one_line(result)
    assert line.startswith("modelreg serve: ") and says in line, line
    assert "secret" not in line  # a password in the URL is never shown
