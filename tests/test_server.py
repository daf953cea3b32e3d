"""The server as a process: restarts keep everything, shutdown is graceful, health and
reflection are registered, a cut download resumes where it stopped."""

import os
import signal
import subprocess
import sys
import threading
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from conftest import tree, wait_until, write_tree
from modelreg import Registry
from modelreg.transfer import Assembler
from modelreg.v1 import transfer_service_pb2 as ts


def test_restart_keeps_everything(own_server, model_dir, tmp_path):
    with Registry(own_server.address) as reg:
        v1 = reg.push("kept", model_dir, aliases=["production"], metrics={"f1": 0.5}, inputs=["s3://d"])
        reg.push("kept", model_dir)
        reg.update_model("kept", description="card", tags={"team": "a"})
        head = reg.event_head()
    own_server.kill()
    own_server.start()
    with Registry(own_server.address) as reg:
        model = reg.get_model("kept")
        assert (model.description, dict(model.tags), model.latest_version) == ("card", {"team": "a"}, 2)
        production = reg.get_version("kept:production")
        assert (production.digest, dict(production.metrics)) == (v1.digest, {"f1": 0.5})
        assert production.inputs[0].artifact.uri == "s3://d"
        assert reg.event_head() == head
        reg.pull("kept:production", tmp_path / "out")
        assert tree(tmp_path / "out") == tree(model_dir)
        assert reg.push("kept", model_dir).number == 3


def test_sigterm_stops_gracefully_with_watchers_connected(own_server):
    with Registry(own_server.address) as reg:
        watches = [reg.watch(reconnect=False) for _ in range(3)]
        threads = [threading.Thread(target=lambda w=w: list(w), daemon=True) for w in watches]
        for t in threads:
            t.start()
        time.sleep(0.3)
        assert own_server.stop(signal.SIGTERM, timeout=15) == 0
        for t in threads:
            t.join(10)
        assert not any(t.is_alive() for t in threads)


def test_health_and_reflection(server):
    with grpc.insecure_channel(server.address) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        for service in ("", "modelreg.v1.RegistryService", "modelreg.v1.TransferService", "modelreg.v1.EventService"):
            status = health.Check(health_pb2.HealthCheckRequest(service=service), timeout=5).status
            assert status == health_pb2.HealthCheckResponse.SERVING
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        responses = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=5)
        names = {s.name for r in responses for s in r.list_services_response.service}
        assert {"modelreg.v1.RegistryService", "modelreg.v1.TransferService", "modelreg.v1.EventService",
                "grpc.health.v1.Health"} <= names


def test_download_resumes_from_an_offset(registry, model, tmp_path):
    # Files under CHUNK_MIN are one chunk each: 8 chunks, whatever the random bytes.
    source = write_tree(tmp_path / "src", {f"{i}.bin": os.urandom(200_000) for i in range(8)})
    registry.push(model, source)
    version = registry.get_version(f"{model}:v1", files=True)
    assembler = Assembler(version, tmp_path / "dst")
    stream = registry.transfer.DownloadVersion(ts.DownloadVersionRequest(name=version.name))
    for i, response in enumerate(stream):
        assembler.add(response)
        if i == 3:
            stream.cancel()
            break
    cut_at = assembler.offset
    assert 0 < cut_at < assembler.total
    resumed = list(registry.transfer.DownloadVersion(ts.DownloadVersionRequest(name=version.name, offset=cut_at)))
    assert resumed[0].offset == cut_at
    for response in resumed:
        assembler.add(response)
    assembler.commit()
    assert tree(tmp_path / "dst") == tree(source)


def test_pull_survives_a_server_restart_mid_stream(own_server, tmp_path):
    source = write_tree(tmp_path / "src", {"big.bin": os.urandom(48_000_000)})
    with Registry(own_server.address) as reg:
        reg.push("big", source)
    restarted = threading.Event()

    def on_progress(phase, done, total):
        if phase == "download" and done and not restarted.is_set():
            restarted.set()
            own_server.kill()
            threading.Thread(target=lambda: (time.sleep(0.3), own_server.start())).start()

    with Registry(own_server.address) as reg:
        reg.pull("big:v1", tmp_path / "dst", on_progress=on_progress, attempts=8)
    assert restarted.is_set()
    assert tree(tmp_path / "dst") == tree(source)
    offsets = [int(line.rsplit(" ", 1)[1]) for line in own_server.log.read_text().splitlines()
               if "download models/big/versions/1 from offset" in line]
    assert offsets[0] == 0 and len(offsets) >= 2 and offsets[-1] > 0


def test_start_up_clears_chunk_writes_left_by_a_crash(own_server):
    leftover = own_server.data / "blobs" / "tmp" / ".chunk-crashed"
    own_server.kill()
    leftover.write_bytes(b"half a chunk")
    own_server.start()
    assert not leftover.exists()
    assert (own_server.data / "blobs" / "layout").read_text().strip() == '{"version": 2}'


@pytest.mark.parametrize("leave", ["cancel", "exit"], ids=["cancelled", "process-gone"])
def test_client_leaving_mid_download_is_one_info_line(own_server, tmp_path, leave):
    source = write_tree(tmp_path / "src", {"big.bin": os.urandom(24_000_000)})
    with Registry(own_server.address) as reg:
        reg.push("big", source)
    # Read one message, then stop reading while the server is blocked sending the next ones; then go
    # away, by cancelling the call or with the whole process.
    subprocess.run([sys.executable, "-c", f"""
import os, sys, time, grpc
from modelreg.v1 import transfer_service_pb2 as ts, transfer_service_pb2_grpc
channel = grpc.insecure_channel({own_server.address!r})
stream = transfer_service_pb2_grpc.TransferServiceStub(channel).DownloadVersion(
    ts.DownloadVersionRequest(name="big:v1", max_message_bytes=1 << 20))
next(stream)
time.sleep(1)
if {leave!r} == "cancel":
    stream.cancel()
    time.sleep(0.5)
os._exit(0)
"""], check=True, timeout=60)
    line = wait_until(lambda: next((x for x in own_server.log.read_text().splitlines()
                                    if "DownloadVersion big:v1" in x), None), timeout=30, what="the log line")
    assert " INFO " in line and "from byte 0: the client went away after" in line
    with Registry(own_server.address) as reg:  # the server carries on
        reg.pull("big:v1", tmp_path / "dst")
    log = own_server.log.read_text()
    assert "ERROR" not in log and "Traceback" not in log, log


@pytest.mark.parametrize("moved", [0, 5], ids=["layout-1", "half-moved"])
def test_a_layout_1_chunk_store_is_moved_to_layout_2_on_start(own_server, tmp_path, moved):
    """A data directory of an earlier release (chunks/ab/cd/<digest>), or one whose move a crash
    cut short (some chunks already in chunks/ab/), opens as layout 2 with every version intact."""
    source = write_tree(tmp_path / "src", {f"{i}.bin": os.urandom(100_000) for i in range(8)} | {"b.txt": b"small"})
    with Registry(own_server.address) as reg:
        reg.push("old", source)
    own_server.stop()
    blobs = own_server.data / "blobs"
    chunks = sorted(p for p in (blobs / "chunks").rglob("*") if p.is_file())
    assert len(chunks) > moved and all(p.parent.parent == blobs / "chunks" for p in chunks)
    for p in chunks[moved:]:
        old = blobs / "chunks" / p.name[:2] / p.name[2:4] / p.name
        old.parent.mkdir(exist_ok=True)
        p.rename(old)
    (blobs / "layout").write_text('{"version": 1}\n')
    own_server.start()
    assert (blobs / "layout").read_text().strip() == '{"version": 2}'
    assert sorted(p.name for p in (blobs / "chunks").rglob("*") if p.is_file()) == sorted(p.name for p in chunks)
    assert [p for p in (blobs / "chunks").glob("*/*") if p.is_dir()] == []
    with Registry(own_server.address) as reg:
        reg.pull("old:v1", tmp_path / "dst")
    assert tree(tmp_path / "dst") == tree(source)
    fsck = subprocess.run([sys.executable, "-m", "modelreg", "fsck", "--json", "--server", own_server.address],
                          capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stdout + fsck.stderr


def test_a_chunk_store_layout_from_a_later_release_is_refused(own_server):
    own_server.stop()
    (own_server.data / "blobs" / "layout").write_text('{"version": 3}\n')
    proc = subprocess.run([sys.executable, "-m", "modelreg", "serve", "--data", str(own_server.data),
                           "--listen", "127.0.0.1:0"], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "chunk store layout 3, expected 2" in proc.stderr
