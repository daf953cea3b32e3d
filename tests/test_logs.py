"""The server's log: one access line per gRPC call and per dashboard request, in text or JSON,
read from the stderr of a real server after real calls through the SDK, raw gRPC and HTTP."""

import json
import os
import re
import subprocess
import sys
from datetime import datetime

import grpc
import httpx
import pytest

from conftest import ROOT, Secured, ServerProcess, wait_until
from modelreg import Registry
from modelreg.errors import NotFound, Unauthenticated
from modelreg.v1 import registry_service_pb2 as rs, registry_service_pb2_grpc
from test_web import dashboard

GET_MODEL = "/modelreg.v1.RegistryService/GetModel"
CREATE_MODEL = "/modelreg.v1.RegistryService/CreateModel"
ACCESS_FIELDS = {"time", "level", "logger", "message", "protocol", "method", "code", "reason", "duration_ms",
                 "bytes_in", "bytes_out", "principal", "token_id", "peer", "user_agent"}


@pytest.fixture(scope="module")
def json_site(tmp_path_factory):
    srv = ServerProcess(tmp_path_factory.mktemp("logs") / "data", "--log-format", "json",
                        "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    yield srv, url
    srv.stop()


# What gRPC's C core writes to stderr itself, past Python's logging (absl's `E0101 12:00:00...`).
GRPC_CORE = re.compile(r"[IWEF]\d{4} \d\d:\d\d:\d\d|WARNING: All log messages before absl::InitializeLog")


def records(srv: ServerProcess) -> list[dict]:
    """Every line of the server's stderr, each of which must be one JSON object."""
    lines = [line for line in srv.log.read_text().splitlines() if not GRPC_CORE.match(line)]
    parsed = [json.loads(line) for line in lines]
    assert all(isinstance(p, dict) for p in parsed)
    return parsed


def access(srv: ServerProcess, **match) -> list[dict]:
    return [r for r in records(srv) if r["logger"] == "modelreg.access" and
            all(r.get(k) == v for k, v in match.items())]


def one_line(srv: ServerProcess, **match) -> dict:
    """The single access line matching, waited for (an HTTP line is written once the response is sent)."""
    found = wait_until(lambda: access(srv, **match), timeout=15, what=f"an access line {match}")
    assert len(found) == 1, found
    return found[0]


def test_json_access_line_per_call(json_site):
    srv, _ = json_site
    with Registry(srv.address, timeout=30) as reg:
        reg.create_model("logs-a", description="d" * 100)
        reg.get_model("logs-a")
        with pytest.raises(NotFound):
            reg.get_model("logs-not-there")
    created = one_line(srv, method=CREATE_MODEL, code="OK")
    assert ACCESS_FIELDS <= created.keys()
    assert created["level"] == "INFO" and created["protocol"] == "grpc"
    assert created["bytes_in"] == rs.CreateModelRequest(model_id="logs-a", description="d" * 100).ByteSize()
    assert created["bytes_out"] > 100  # the model, description included
    assert created["peer"] == "127.0.0.1" and created["principal"] == "" and created["reason"] == ""
    assert "grpc-python" in created["user_agent"]
    assert created["duration_ms"] >= 0
    assert datetime.fromisoformat(created["time"].replace("Z", "+00:00")).tzinfo is not None
    assert created["message"].startswith(f"{CREATE_MODEL} OK ")

    missing = one_line(srv, method=GET_MODEL, code="NOT_FOUND")
    assert missing["bytes_in"] == rs.GetModelRequest(name="logs-not-there").ByteSize()
    assert missing["bytes_out"] == 0 and missing["reason"] == "MODEL_NOT_FOUND"
    assert missing["message"].startswith(f"{GET_MODEL} NOT_FOUND MODEL_NOT_FOUND ")
    found = [r for r in access(srv, method=GET_MODEL, code="OK")]
    assert len(found) == 1 and found[0]["bytes_in"] == rs.GetModelRequest(name="logs-a").ByteSize()


def test_the_user_agent_the_client_sent(json_site):
    srv, _ = json_site
    with grpc.insecure_channel(srv.address, options=[("grpc.primary_user_agent", "modelreg-test/9.9")]) as channel:
        stub = registry_service_pb2_grpc.RegistryServiceStub(channel)
        with pytest.raises(grpc.RpcError):
            stub.GetModel(rs.GetModelRequest(name="logs-ua"), timeout=30)
    line = one_line(srv, method=GET_MODEL, bytes_in=rs.GetModelRequest(name="logs-ua").ByteSize(),
                    code="NOT_FOUND", reason="MODEL_NOT_FOUND")
    assert line["user_agent"].startswith("modelreg-test/9.9 ")


def test_streamed_bytes_of_a_push_and_a_pull(json_site, tmp_path):
    srv, _ = json_site
    (tmp_path / "w.bin").write_bytes(os.urandom(300_000))
    with Registry(srv.address, timeout=30) as reg:
        reg.push("logs-stream", tmp_path / "w.bin")
        reg.pull("logs-stream:v1", tmp_path / "out")
    upload = one_line(srv, method="/modelreg.v1.TransferService/UploadChunks")
    download = one_line(srv, method="/modelreg.v1.TransferService/DownloadVersion")
    assert upload["code"] == download["code"] == "OK"
    assert 300_000 < upload["bytes_in"] < 310_000 and upload["bytes_out"] < 1000
    assert 300_000 < download["bytes_out"] < 310_000 and download["bytes_in"] < 1000


def test_dashboard_requests_are_logged(json_site):
    srv, url = json_site
    page = httpx.get(url + "models", headers={"User-Agent": "logs-browser/1.0"})
    assert page.status_code == 200
    line = one_line(srv, protocol="http", path="/models", user_agent="logs-browser/1.0")
    assert line["method"] == "GET" and line["status"] == 200 and line["peer"] == "127.0.0.1"
    # Bytes written: the status line and headers, then the body.
    head = sum(len(k) + len(v) + 4 for k, v in page.headers.items()) + len("HTTP/1.1 200 OK\r\n\r\n")
    assert line["bytes_out"] == head + len(page.content) and line["bytes_in"] == 0
    assert line["message"].startswith("GET /models 200 ")
    missing = httpx.get(url + "logs/nowhere", headers={"User-Agent": "logs-browser/1.0"})
    assert missing.status_code == 404
    assert one_line(srv, protocol="http", path="/logs/nowhere")["status"] == 404
    # A sign-in link's secret is a credential: the route is logged, not the path.
    httpx.get(url + "sign-in/link/s3cr3t-l1nk", headers={"User-Agent": "logs-browser/1.0"})
    assert one_line(srv, protocol="http", path="/sign-in/link/{secret}")
    assert "s3cr3t-l1nk" not in srv.log.read_text()


def test_the_principal_with_auth_on(tmp_path):
    srv = ServerProcess(tmp_path / "data", "--auth", "--log-format", "json", "--http", "127.0.0.1:0").start()
    try:
        url = dashboard(srv)
        secured = Secured(srv)
        with secured.client("viewer") as viewer:
            viewer.whoami()
            with pytest.raises(NotFound):
                viewer.get_model("logs-auth-nothing")
        with secured.client(None) as anonymous:
            with pytest.raises(Unauthenticated):
                anonymous.get_model("logs-auth-anon")
        scraped = httpx.get(url + "metrics", headers={"Authorization": f"Bearer {secured.tokens['nobody']}"})
        assert scraped.status_code == 200
    finally:
        srv.stop()
    viewer_token = secured.tokens["viewer"].split("_")[1]
    whoami = one_line(srv, method="/modelreg.v1.AccessService/GetCaller")
    assert whoami["principal"] == "viewer" and whoami["token_id"] == viewer_token and whoami["code"] == "OK"
    refused = one_line(srv, method=GET_MODEL, code="NOT_FOUND")
    assert refused["principal"] == "viewer"
    anonymous = one_line(srv, method=GET_MODEL, code="UNAUTHENTICATED")
    assert anonymous["principal"] == "" and anonymous["reason"] == "TOKEN_MISSING"
    assert one_line(srv, protocol="http", path="/metrics")["principal"] == "nobody"
    log = srv.log.read_text()
    assert all(token.split("_", 2)[2] not in log for token in secured.tokens.values())


@pytest.mark.parametrize("flags, server_info", [(["--log-level", "warning"], False), (["--access-log", "off"], True)],
                         ids=["level-warning", "access-log-off"])
def test_quiet_servers_write_no_access_lines(tmp_path, flags, server_info):
    srv = ServerProcess(tmp_path / "data", *flags, "--http", "127.0.0.1:0").start()
    try:
        url = dashboard(srv)
        with Registry(srv.address, timeout=30) as reg:
            reg.create_model("logs-quiet")
            with pytest.raises(NotFound):
                reg.get_model("logs-quiet-nothing")
        assert httpx.get(url + "models").status_code == 200
    finally:
        srv.stop()
    log = srv.log.read_text()
    assert "modelreg.access" not in log and "CreateModel" not in log and "GET /models" not in log
    assert (" INFO modelreg.server: modelreg serving" in log) is server_info
    assert ("stopped" in log) is server_info


def test_text_lines_by_default(tmp_path):
    srv = ServerProcess(tmp_path / "data").start()
    try:
        with Registry(srv.address, timeout=30) as reg:
            with pytest.raises(NotFound):
                reg.get_model("logs-text")
    finally:
        srv.stop()
    (line,) = [x for x in srv.log.read_text().splitlines() if "modelreg.access" in x and GET_MODEL in x]
    assert f" INFO modelreg.access: {GET_MODEL} NOT_FOUND MODEL_NOT_FOUND " in line
    assert " principal=- peer=127.0.0.1 ua=\"" in line and "grpc-python" in line


@pytest.mark.parametrize("flag, value", [("--log-level", "loud"), ("--log-format", "xml"), ("--access-log", "maybe")])
def test_bad_log_flags_are_refused(tmp_path, flag, value):
    done = subprocess.run([sys.executable, "-m", "modelreg", "serve", "--data", str(tmp_path / "data"),
                           "--listen", "127.0.0.1:0", "--http", "off", flag, value],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2
    assert f"argument {flag}: invalid choice: '{value}'" in done.stderr
    assert not (tmp_path / "data").exists()  # nothing was started or created
