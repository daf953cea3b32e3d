"""Several replicas behind one target: the SDK and the CLI reach them with gRPC's round_robin,
calls are spread over them, and a replica killed mid-push or mid-pull costs the user nothing.

The replicas here keep a registry each (one SQLite database cannot be shared); the `replicas`
fixture takes shared `--db`/`--blobs` flags for tests of replicas over one storage."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest

from conftest import tree, wait_until, write_tree
from modelreg import InvalidArgument, NotFound, Registry, Unavailable
from modelreg.cli import EXIT
from modelreg.v1 import resources_pb2 as r

BIG = 64 * 1024 * 1024
CUT_AT = 16 * 1024 * 1024  # bytes a push or pull has moved when its replica is killed


def run_modelreg(*args, server: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "MODELREG_SERVER"}
    if server is not None:
        env["MODELREG_SERVER"] = server
    return subprocess.run([sys.executable, "-m", "modelreg", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=timeout)


def model_names(srv) -> set[str]:
    with Registry(srv.address, timeout=30) as reg:
        return {m.name.removeprefix("models/") for m in reg.list_models()}


def chunk_files(srv) -> int:
    """Chunk files a replica holds, staged (blobs/tmp) or stored (blobs/chunks)."""
    return sum(1 for part in ("tmp", "chunks") for p in (srv.blobs_root / part).rglob("*") if p.is_file())


def closed_address() -> str:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{s.getsockname()[1]}"


@pytest.mark.parametrize("form", ["list", "ipv4"])
def test_calls_are_spread_over_the_replicas(replicas, form):
    group = replicas(3)
    target = group.target if form == "list" else group.grpc_target
    names = [f"spread-{i}" for i in range(30)]
    with Registry(target, timeout=30) as reg:
        for name in names:
            reg.create_model(name)
    held = [model_names(srv) for srv in group.servers]
    assert all(held), f"a replica got no call: {[len(h) for h in held]}"
    assert sorted(n for h in held for n in h) == sorted(names)  # each call went to exactly one


@pytest.mark.parametrize("form", ["dns:///localhost:{port}", "localhost:{port}", "ipv4:127.0.0.1:{port}"])
def test_a_target_of_one_address_in_each_form_reaches_its_server(replicas, form):
    (srv,) = replicas(1).servers
    with Registry(form.format(port=srv.port), timeout=30) as reg:
        reg.create_model("one")
    assert model_names(srv) == {"one"}


def test_a_dead_replica_in_the_target_is_skipped(replicas, tmp_path):
    group = replicas(2)
    group.servers[0].kill()
    source = write_tree(tmp_path / "src", {"w.bin": os.urandom(3_000_000)})
    with Registry(group.target, timeout=30) as reg:
        version = reg.push("skip", source)
        for i in range(6):
            reg.create_model(f"skip-{i}")
        reg.pull("skip:v1", tmp_path / "out")
    assert version.number == 1
    assert tree(tmp_path / "out") == tree(source)
    assert model_names(group.servers[1]) == {"skip", *(f"skip-{i}" for i in range(6))}


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["killed", "stopped"])
def test_push_completes_when_its_replica_goes_away_mid_upload(replicas, tmp_path, sig):
    group = replicas(2)
    source = write_tree(tmp_path / "src", {"model.safetensors": os.urandom(BIG), "config.json": b"{}"})
    gone = []

    def on_progress(phase, done, total):
        # The upload stream waits here (once CUT_AT bytes are sent) until a replica holds its
        # first chunks; that replica is the one receiving the push, and it is killed (SIGKILL)
        # or stopped (SIGTERM: it drains its calls, then cancels them, for up to 5 s).
        if phase == "upload" and done >= CUT_AT and not gone:
            receiving = wait_until(lambda: [s for s in group.servers if chunk_files(s)], what="chunks to arrive")
            receiving[0].proc.send_signal(sig)
            gone.append(receiving[0])

    with Registry(group.target, timeout=60) as reg:
        version = reg.push("big", source, on_progress=on_progress)
    (dead,) = gone
    (survivor,) = [s for s in group.servers if s is not dead]
    assert dead.proc.wait(30) == (-9 if sig == signal.SIGKILL else 0)
    dead.proc.stdout.close()
    assert version.number == 1
    with Registry(survivor.address, timeout=60) as reg:
        assert reg.get_version("big:v1").digest == version.digest
        reg.pull("big:v1", tmp_path / "out")
    assert tree(tmp_path / "out") == tree(source)
    dead.start()  # the same data directory: the killed replica never committed the version
    with Registry(dead.address, timeout=30) as reg:
        with pytest.raises(NotFound):
            reg.get_version("big:v1")


def test_push_through_three_replicas_on_one_bucket_completes_when_one_is_killed(replicas, versitygw, tmp_path):
    """Three replicas on one S3 bucket prefix (each with its own SQLite): the push's calls go to
    different replicas, and the one receiving the upload dies part-way; the rerun goes on through
    the other two."""
    prefix = f"t-{uuid.uuid4().hex[:12]}"
    group = replicas(3, storage=("--blobs", versitygw.url(prefix)), blobs_root=versitygw.prefix_root(prefix))
    source = write_tree(tmp_path / "src", {"model.safetensors": os.urandom(BIG), "config.json": b"{}"})
    gone = []

    def on_progress(phase, done, total):
        # The upload waits here (once CUT_AT bytes are sent) while the replica receiving it,
        # the one whose log says so, is killed.
        if phase == "upload" and done >= CUT_AT and not gone:
            (receiving,) = [s for s in group.servers if "upload from " in s.log.read_text()]
            receiving.kill()
            gone.append(receiving)

    with Registry(group.target, timeout=60) as reg:
        version = reg.push("big", source, on_progress=on_progress)
    (dead,) = gone
    assert dead.proc.returncode == -9
    (holder,) = [s for s in group.servers if s is not dead and "big" in model_names(s)]  # its registry got the commit
    with Registry(holder.address, timeout=60) as direct:
        assert direct.get_version("big:v1").digest == version.digest
        direct.pull("big:v1", tmp_path / "out")
    assert tree(tmp_path / "out") == tree(source)


def test_pull_resumes_on_another_replica_when_its_replica_is_killed(replicas, tmp_path):
    group = replicas(2)
    source = write_tree(tmp_path / "src", {"model.safetensors": os.urandom(BIG // 2)})
    for srv in group.servers:  # the same version on each replica (they keep a registry each)
        with Registry(srv.address, timeout=60) as reg:
            reg.push("big", source)
    killed = []

    def streaming():
        return [s for s in group.servers if "download models/big/versions/1 from offset 0" in s.log.read_text()]

    def on_progress(phase, done, total):
        if phase == "download" and done >= CUT_AT and not killed:
            (serving,) = streaming()  # the server's own log names the replica streaming the pull
            serving.kill()
            killed.append(serving)

    with Registry(group.target, timeout=60) as reg:
        reg.pull("big:v1", tmp_path / "out", on_progress=on_progress)
    assert tree(tmp_path / "out") == tree(source)
    (dead,) = killed
    (survivor,) = [s for s in group.servers if s is not dead]
    resumed = [int(line.rsplit(" ", 1)[1]) for line in survivor.log.read_text().splitlines()
               if "download models/big/versions/1 from offset" in line]
    assert resumed and resumed[-1] >= CUT_AT, resumed  # it went on from the verified bytes


def warm(group, reg: Registry) -> None:
    """Calls through reg until every replica has answered one: then round_robin has a ready
    connection to each and hands out calls to them in turn."""
    for i in range(100):
        reg.create_model(f"warm-{i}")
        if all(any(n.startswith("warm-") for n in model_names(srv)) for srv in group.servers):
            return
    raise AssertionError("round_robin never reached every replica")


@pytest.mark.parametrize("call", ["archive", "create"])
def test_a_call_cut_by_its_replica_dying_is_repeated_on_another_only_if_idempotent(replicas, tmp_path, call):
    """Two calls at once through two replicas: round_robin gives one to each. The replica `stuck`
    cannot write (another process holds its database's write lock), so its call waits there;
    the other replica answers its own at once. Then `stuck` is killed: ArchiveVersion, safe to
    repeat, is sent again to the other replica and succeeds; CreateModel, which cannot be repeated
    once it may have run, fails UNAVAILABLE and is not repeated."""
    import sqlite3
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
    group = replicas(2)
    for srv in group.servers:  # versions 1 and 2 on each replica
        with Registry(srv.address) as direct:
            for n in (1, 2):
                direct.push("m", write_tree(tmp_path / f"v{n}", {"w.bin": os.urandom(1000)}))
    stuck, free = group.servers
    with Registry(group.target, timeout=60) as reg, ThreadPoolExecutor(2) as pool:
        warm(group, reg)
        lock = sqlite3.connect(stuck.data / "registry.db", isolation_level=None, timeout=30)
        lock.execute("BEGIN IMMEDIATE")
        if call == "archive":
            calls = [pool.submit(reg.archive_version, f"m:v{n}") for n in (1, 2)]
        else:
            calls = [pool.submit(reg.create_model, f"new-{n}") for n in (1, 2)]
        done, pending = wait(calls, timeout=60, return_when=FIRST_COMPLETED)
        assert len(done) == 1 and done.pop().exception() is None  # the free replica's
        stuck.kill()
        lock.close()
        (waiting,) = pending
        if call == "archive":
            assert waiting.result(timeout=60).state == r.VERSION_STATE_ARCHIVED
        else:
            with pytest.raises(Unavailable):
                waiting.result(timeout=60)
    with Registry(free.address) as direct:
        if call == "archive":
            assert [direct.get_version(f"m:v{n}").state for n in (1, 2)] == [r.VERSION_STATE_ARCHIVED] * 2
        else:
            assert len({"new-1", "new-2"} & model_names(free)) == 1


def test_watch_moves_to_another_replica_when_its_replica_is_killed(replicas):
    group = replicas(2)
    events = []
    with Registry(group.target, timeout=30) as reg:
        watch = reg.watch(after=0)
        thread = threading.Thread(target=lambda: events.extend(e for e in watch), daemon=True)
        thread.start()
        for srv in group.servers:  # one change on each replica: the watch sees the one it is on
            with Registry(srv.address) as direct:
                direct.create_model(f"w-{srv.port}")
        first = wait_until(lambda: list(events), what="the first event")
        (watched,) = [s for s in group.servers if first[0].model == f"w-{s.port}"]
        watched.kill()
        (other,) = [s for s in group.servers if s is not watched]
        with Registry(other.address) as direct:
            direct.create_model("after-kill")
        wait_until(lambda: any(e.model == "after-kill" for e in events), what="the event on the other replica")
        watch.close()
        thread.join(10)


def test_cli_takes_several_addresses(replicas, tmp_path):
    group = replicas(2)
    source = write_tree(tmp_path / "src", {"w.bin": os.urandom(2_000_000)})
    for srv in group.servers:
        with Registry(srv.address) as direct:
            direct.create_model(f"on-{srv.port}")
    result = run_modelreg("models", "--json", "--server", group.target)
    assert result.returncode == 0, result.stderr
    listed = [m["name"] for m in json.loads(result.stdout)["models"]]
    assert listed in ([f"models/on-{srv.port}"] for srv in group.servers)  # one replica answered
    group.servers[0].kill()
    result = run_modelreg("push", "cli-push", source, "--json", server=group.target)  # $MODELREG_SERVER
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["version"] == 1
    result = run_modelreg("pull", "cli-push:v1", tmp_path / "out", "--server", group.grpc_target)
    assert result.returncode == 0, result.stderr
    assert tree(tmp_path / "out") == tree(source)


def test_a_list_of_names_checks_tls_against_its_first_name(replicas, tmp_path):
    import trustme
    ca = trustme.CA()
    cert = ca.issue_cert("localhost")  # not valid for 127.0.0.1, the address the name resolves to
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    cert.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
    (tmp_path / "cert.pem").write_bytes(b"".join(b.bytes() for b in cert.cert_chain_pems))
    group = replicas(2, "--tls-cert", str(tmp_path / "cert.pem"), "--tls-key", str(tmp_path / "key.pem"))
    target = ",".join(f"localhost:{srv.port}" for srv in group.servers)
    with Registry(target, tls_ca=str(tmp_path / "ca.pem"), timeout=30) as reg:
        for i in range(6):
            reg.create_model(f"tls-{i}")
    held = [model_names_tls(srv, tmp_path / "ca.pem") for srv in group.servers]
    assert sorted(n for h in held for n in h) == [f"tls-{i}" for i in range(6)]


def model_names_tls(srv, ca) -> set[str]:
    with Registry(f"localhost:{srv.port}", tls_ca=str(ca), timeout=30) as reg:
        return {m.name.removeprefix("models/") for m in reg.list_models()}


def test_cli_help_documents_the_address_forms():
    result = run_modelreg("models", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for form in ("HOST:PORT,HOST:PORT", "dns:///HOST:PORT", "ipv4:IP:PORT,IP:PORT", "round_robin"):
        assert form in text, form


BAD_TARGETS = [
    ("127.0.0.1:1,,127.0.0.1:2", "entry 2 is empty"),
    ("127.0.0.1", "'127.0.0.1' has no port"),
    ("127.0.0.1:1,127.0.0.1", "entry 2 ('127.0.0.1') has no port"),
    ("127.0.0.1:99999", "port '99999' is not a number from 1 to 65535"),
    ("127.0.0.1:http", "port 'http' is not a number"),
    ("http://127.0.0.1:1", "unknown scheme 'http'"),
    ("ipv4:localhost:1", "'localhost:1' is not an IPv4 address with a port"),
    ("ipv4:127.0.0.1:1,", "it is empty"),
    ("dns:///127.0.0.1:1,127.0.0.1:2", "dns: takes one HOST:PORT"),
    ("::1:50051", "write an IPv6 address in brackets"),
    ("127.0.0.1:1,[::1]:2", "mix IPv4 and IPv6 addresses"),
    ("bad host:1", "'bad host' is not a host name or IP address"),
    (" ", "it is empty"),
]


@pytest.mark.parametrize("address,why", BAD_TARGETS, ids=[a for a, _ in BAD_TARGETS])
def test_bad_targets_are_refused_naming_the_fault(address, why):
    with pytest.raises(InvalidArgument) as caught:
        Registry(address)
    assert caught.value.reason == "INVALID_SERVER_ADDRESS"
    assert caught.value.metadata == {"address": address}
    assert f"invalid server address {address!r}: " in caught.value.message and why in caught.value.message


@pytest.mark.parametrize("address,why", BAD_TARGETS[:3], ids=[a for a, _ in BAD_TARGETS[:3]])
def test_cli_refuses_a_bad_target(address, why):
    result = run_modelreg("models", "--server", address)
    assert result.returncode == EXIT["usage"]
    assert result.stderr.startswith(f"modelreg: invalid server address {address!r}: ")
    assert why in result.stderr and result.stderr.endswith("[INVALID_ARGUMENT INVALID_SERVER_ADDRESS]\n")
    result = run_modelreg("models", "--json", server=address)
    error = json.loads(result.stdout)["error"]
    assert (error["code"], error["reason"], error["metadata"]) == ("INVALID_ARGUMENT", "INVALID_SERVER_ADDRESS",
                                                                    {"address": address})


def test_a_target_whose_replicas_are_all_down_is_reported_within_2_s():
    target = f"{closed_address()},{closed_address()}"
    started = time.monotonic()
    result = run_modelreg("models", server=target)
    elapsed = time.monotonic() - started
    assert result.returncode == EXIT["unavailable"]
    assert result.stderr == (f"modelreg: cannot reach the modelreg server at {target} (connection refused): is "
                             "`modelreg serve` running? (--server / $MODELREG_SERVER) [UNAVAILABLE SERVER_UNREACHABLE]\n")
    assert elapsed < 2, f"took {elapsed:.1f}s"


def test_a_listed_name_that_does_not_resolve_is_reported():
    with pytest.raises(Unavailable) as caught:
        Registry("127.0.0.1:1,no-such-host.invalid:2")
    assert caught.value.reason == "SERVER_UNREACHABLE"
    assert caught.value.metadata["cause"] == "no-such-host.invalid does not resolve"
