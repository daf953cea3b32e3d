"""OpenTelemetry tracing: a real server exports its spans over OTLP/HTTP to a real OTLP endpoint
(a small receiver here that decodes ExportTraceServiceRequest with opentelemetry-proto, as a
collector does), after real calls through the SDK and raw gRPC with a W3C traceparent."""

import gzip
import json
import os
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import grpc
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (ExportTraceServiceRequest,
                                                                     ExportTraceServiceResponse)
from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status

from conftest import ROOT, Secured, ServerProcess, wait_until
from modelreg.errors import NotFound
from modelreg.v1 import registry_service_pb2 as rs, registry_service_pb2_grpc

REGISTRY = "modelreg.v1.RegistryService"
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_ID = "00f067aa0ba902b7"


class OtlpReceiver:
    """POST /v1/traces, protobuf-encoded (gzip or deflate when the exporter compresses), as an
    OpenTelemetry collector's OTLP/HTTP receiver accepts it."""

    def __init__(self):
        self.requests: list[ExportTraceServiceRequest] = []
        self.paths: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                encoding = self.headers.get("Content-Encoding", "")
                body = gzip.decompress(body) if encoding == "gzip" else zlib.decompress(body) \
                    if encoding == "deflate" else body
                receiver.paths.append(self.path)
                if self.path != "/v1/traces" or self.headers["Content-Type"] != "application/x-protobuf":
                    self.send_response(404)
                    self.end_headers()
                    return
                receiver.requests.append(ExportTraceServiceRequest.FromString(body))
                answer = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def spans(self) -> list[tuple[dict, Span]]:
        """(resource attributes, span) of every span received."""
        return [(attributes(rs_.resource.attributes), span) for request in self.requests
                for rs_ in request.resource_spans for scope in rs_.scope_spans for span in scope.spans]

    def close(self):
        self.http.shutdown()
        self.http.server_close()


def attributes(items) -> dict:
    return {a.key: getattr(a.value, a.value.WhichOneof("value")) for a in items}


@pytest.fixture
def collector():
    receiver = OtlpReceiver()
    yield receiver
    receiver.close()


def test_a_span_per_call_with_the_callers_trace(tmp_path, collector, monkeypatch):
    monkeypatch.setenv("OTEL_BSP_SCHEDULE_DELAY", "100")  # export within a tenth of a second
    monkeypatch.delenv("OTEL_SERVICE_NAME", raising=False)
    srv = ServerProcess(tmp_path / "data", "--auth", "--log-format", "json", "--otel-endpoint", collector.url).start()
    try:
        secured = Secured(srv)
        with secured.client("editor") as editor:
            editor.create_model("traced")
            with pytest.raises(NotFound):
                editor.get_model("traced-nothing")
            stub = registry_service_pb2_grpc.RegistryServiceStub(editor.channel)
            stub.GetModel(rs.GetModelRequest(name="traced"), timeout=30,
                          metadata=[("traceparent", f"00-{TRACE_ID}-{PARENT_ID}-01")])

        def ours(method):
            return [(res, s) for res, s in collector.spans() if s.name == f"{REGISTRY}/{method}"]
        wait_until(lambda: len(ours("GetModel")) == 2 and ours("CreateModel"), timeout=30, what="the spans exported")
    finally:
        srv.stop()
    assert set(collector.paths) == {"/v1/traces"}

    ((resource, created),) = ours("CreateModel")
    assert resource["service.name"] == "modelreg"
    assert created.kind == Span.SPAN_KIND_SERVER
    assert attributes(created.attributes) == {
        "rpc.system": "grpc", "rpc.service": REGISTRY, "rpc.method": "CreateModel", "rpc.grpc.status_code": 0,
        "modelreg.principal": "editor"}
    assert created.status.code == Status.STATUS_CODE_UNSET and created.end_time_unix_nano > created.start_time_unix_nano
    assert not created.parent_span_id  # no traceparent sent: a trace of its own

    joined = [s for _, s in ours("GetModel") if s.trace_id.hex() == TRACE_ID]
    missing = [s for _, s in ours("GetModel") if s.trace_id.hex() != TRACE_ID]
    assert len(joined) == len(missing) == 1
    assert joined[0].parent_span_id.hex() == PARENT_ID
    assert attributes(joined[0].attributes)["rpc.grpc.status_code"] == 0
    not_found = attributes(missing[0].attributes)
    assert not_found["rpc.grpc.status_code"] == grpc.StatusCode.NOT_FOUND.value[0]
    assert not_found["modelreg.reason"] == "MODEL_NOT_FOUND" and not_found["modelreg.principal"] == "editor"
    assert missing[0].status.code == Status.STATUS_CODE_UNSET  # the caller's mistake, not the server's failure

    # The access log names the trace of each call.
    lines = [json.loads(line) for line in srv.log.read_text().splitlines()]
    traced = [x for x in lines if x.get("method") == f"/{REGISTRY}/GetModel" and x.get("code") == "OK"]
    assert [x["trace_id"] for x in traced] == [TRACE_ID]


def test_service_name_from_the_environment(tmp_path, collector, monkeypatch):
    monkeypatch.setenv("OTEL_BSP_SCHEDULE_DELAY", "100")
    monkeypatch.setenv("OTEL_SERVICE_NAME", "registry-eu")
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.url)  # the standard variable, no flag
    srv = ServerProcess(tmp_path / "data").start()
    try:
        with grpc.insecure_channel(srv.address) as channel:
            with pytest.raises(grpc.RpcError):
                registry_service_pb2_grpc.RegistryServiceStub(channel).GetModel(rs.GetModelRequest(name="x"), timeout=30)
        wait_until(lambda: any(s.name == f"{REGISTRY}/GetModel" for _, s in collector.spans()), timeout=30,
                   what="the span exported")
    finally:
        srv.stop()
    resource, span = next((r, s) for r, s in collector.spans() if s.name == f"{REGISTRY}/GetModel")
    assert resource["service.name"] == "registry-eu"
    assert "modelreg.principal" not in attributes(span.attributes)  # no authentication: no principal


def _run_without_opentelemetry(code: str, *env_pairs) -> subprocess.CompletedProcess:
    """Python as on a machine where the otel extra is not installed: every opentelemetry import fails."""
    blocker = ("import sys, importlib.abc\n"
               "class Block(importlib.abc.MetaPathFinder):\n"
               "    def find_spec(self, name, path=None, target=None):\n"
               "        if name.split('.')[0] == 'opentelemetry': raise ModuleNotFoundError(name=name)\n"
               "sys.meta_path.insert(0, Block())\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    env.update(dict(env_pairs))
    return subprocess.run([sys.executable, "-c", blocker + code], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=60)


def test_an_explicit_endpoint_without_the_packages_is_refused(tmp_path):
    done = _run_without_opentelemetry(
        f"from modelreg.cli import main\nsys.argv = ['modelreg', 'serve', '--data', {str(tmp_path / 'd')!r}, "
        "'--listen', '127.0.0.1:0', '--http', 'off', '--otel-endpoint', 'http://127.0.0.1:4318']\nmain()")
    assert done.returncode == 1, done.stderr
    assert "modelreg serve: --otel-endpoint: the OpenTelemetry packages are not installed" in done.stderr
    assert "pip install 'modelreg[otel]'" in done.stderr
    assert not (tmp_path / "d").exists()


def test_without_an_endpoint_nothing_of_opentelemetry_is_imported():
    done = _run_without_opentelemetry(
        "from modelreg_server import app, tracing\n"
        "assert tracing.setup(endpoint=None) is None\n"
        "assert not [m for m in sys.modules if m.startswith('opentelemetry')]\n"
        "print('ok')")
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr


def test_an_endpoint_from_the_environment_without_the_packages_only_warns():
    done = _run_without_opentelemetry(
        "import logging\nlogging.basicConfig()\nfrom modelreg_server import tracing\n"
        "assert tracing.setup(endpoint=None) is None\nprint('ok')",
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"))
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr
    assert "tracing is off: the OpenTelemetry packages are not installed" in done.stderr


def test_an_unknown_otlp_protocol_is_refused(tmp_path):
    done = subprocess.run([sys.executable, "-m", "modelreg", "serve", "--data", str(tmp_path / "d"), "--listen",
                           "127.0.0.1:0", "--http", "off", "--otel-endpoint", "http://127.0.0.1:4318"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"})
    assert done.returncode == 1
    assert "--otel-endpoint: OTLP protocol 'http/json' is not supported: use http/protobuf or grpc" in done.stderr
    assert not (tmp_path / "d").exists()
