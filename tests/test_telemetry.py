"""/metrics: the server's own health, scraped over HTTP from a real server after real calls made
through the SDK, parsed with prometheus_client's own parser."""

import os
import threading

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from conftest import LOOPBACK_WEBHOOKS, Secured, ServerProcess, free_port, wait_until
from modelreg import Registry
from modelreg.errors import NotFound
from test_web import dashboard

REGISTRY = "modelreg.v1.RegistryService"
TRANSFER = "modelreg.v1.TransferService"


@pytest.fixture(scope="module")
def site(tmp_path_factory, storage_backend):  # one per backend
    srv = ServerProcess(tmp_path_factory.mktemp("telemetry") / "data", "--http", "127.0.0.1:0",
                        *LOOPBACK_WEBHOOKS).start()
    url = dashboard(srv)
    yield srv, url
    srv.stop()


def scrape(url: str, **headers) -> dict:
    """{(sample name, sorted label items): value} of one scrape."""
    response = httpx.get(url + "metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.text) for s in family.samples}


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def calls(samples, service, method, code) -> float:
    return value(samples, "modelreg_grpc_server_handled_total", grpc_service=service, grpc_method=method,
                 grpc_code=code)


def test_calls_by_method_and_code(site):
    srv, url = site
    before = scrape(url)
    with Registry(srv.address, timeout=30) as reg:
        reg.create_model("tel-calls")
        for _ in range(3):
            reg.get_model("tel-calls")
        for _ in range(2):
            with pytest.raises(NotFound):
                reg.get_model("tel-nothing-here")
    after = scrape(url)
    assert calls(after, REGISTRY, "CreateModel", "OK") - calls(before, REGISTRY, "CreateModel", "OK") == 1
    assert calls(after, REGISTRY, "GetModel", "OK") - calls(before, REGISTRY, "GetModel", "OK") == 3
    assert calls(after, REGISTRY, "GetModel", "NOT_FOUND") - calls(before, REGISTRY, "GetModel", "NOT_FOUND") == 2
    count = "modelreg_grpc_server_handling_seconds_count"
    labels = dict(grpc_service=REGISTRY, grpc_method="GetModel")
    assert value(after, count, **labels) - value(before, count, **labels) == 5
    assert value(after, "modelreg_grpc_server_handling_seconds_sum", **labels) > 0
    # The database histogram saw the statements those calls ran; the process collectors are there.
    assert value(after, "modelreg_db_statement_seconds_count") > value(before, "modelreg_db_statement_seconds_count")
    assert value(after, "process_resident_memory_bytes") > 0
    assert any(name == "python_info" for name, _ in after)


def test_message_bytes_by_method(site):
    from modelreg.v1 import registry_service_pb2 as rs
    srv, url = site
    before = scrape(url)
    with Registry(srv.address, timeout=30) as reg:
        created = reg.create_model("tel-message-bytes", description="x" * 500)
        reg.get_model("tel-message-bytes")
        with pytest.raises(NotFound):
            reg.get_model("tel-message-bytes-nothing")
    after = scrape(url)

    def delta(name, method):
        labels = dict(grpc_service=REGISTRY, grpc_method=method)
        return value(after, name, **labels) - value(before, name, **labels)
    received, sent = "modelreg_grpc_server_received_bytes_total", "modelreg_grpc_server_sent_bytes_total"
    assert delta(received, "CreateModel") == rs.CreateModelRequest(model_id="tel-message-bytes",
                                                                   description="x" * 500).ByteSize()
    assert delta(sent, "CreateModel") == rs.CreateModelResponse(model=created).ByteSize()
    assert delta(received, "GetModel") == (rs.GetModelRequest(name="tel-message-bytes").ByteSize() +
                                           rs.GetModelRequest(name="tel-message-bytes-nothing").ByteSize())
    assert delta(sent, "GetModel") == rs.GetModelResponse(model=created).ByteSize()  # NOT_FOUND sends none


def test_bytes_and_dedup_on_a_repush(site, tmp_path):
    srv, url = site
    model_dir = tmp_path / "m"
    model_dir.mkdir()
    payload = os.urandom(200_000)  # incompressible: payload bytes on the wire equal its size (+ framing)
    (model_dir / "weights.bin").write_bytes(payload)
    before = scrape(url)
    with Registry(srv.address, timeout=30) as reg:
        reg.push("tel-bytes", model_dir)
        pushed = scrape(url)
        reg.push("tel-bytes", model_dir)  # the same content again: every chunk already stored
        repushed = scrape(url)
        reg.pull("tel-bytes:v1", tmp_path / "out")
    pulled = scrape(url)

    received = "modelreg_transfer_received_bytes_total"
    got = value(pushed, received) - value(before, received)
    assert len(payload) <= got < len(payload) + 1024  # the zstd frame of raw data adds a few bytes
    assert value(repushed, received) == value(pushed, received)  # nothing uploaded again
    dedup = "modelreg_chunks_deduplicated_total"
    assert value(pushed, dedup, stage="find_missing") == value(before, dedup, stage="find_missing")
    hits = value(repushed, dedup, stage="find_missing") - value(pushed, dedup, stage="find_missing")
    chunks = calls(repushed, TRANSFER, "FindMissingChunks", "OK") - calls(pushed, TRANSFER, "FindMissingChunks", "OK")
    assert hits >= 1 and chunks >= 1
    sent = "modelreg_transfer_sent_bytes_total"
    assert value(pulled, sent) - value(repushed, sent) == got  # stored as uploaded, sent as stored
    assert calls(pulled, TRANSFER, "DownloadVersion", "OK") - calls(repushed, TRANSFER, "DownloadVersion", "OK") == 1
    assert calls(pushed, TRANSFER, "UploadChunks", "OK") - calls(before, TRANSFER, "UploadChunks", "OK") == 1


def test_watchers_gauge_and_the_stream_counted_when_it_ends(site):
    srv, url = site
    before = scrape(url)
    watchers = "modelreg_watch_streams"
    with Registry(srv.address, timeout=30) as reg:
        reg.create_model("tel-watch")
        watch = reg.watch(models=["tel-watch"])
        seen = []
        thread = threading.Thread(target=lambda: seen.extend(e for e, _ in zip(watch, range(1))), daemon=True)
        thread.start()
        wait_until(lambda: value(scrape(url), watchers) == value(before, watchers) + 1, what="the watch open")
        open_ = scrape(url)
        assert calls(open_, "modelreg.v1.EventService", "Watch", "CANCELLED") == \
            calls(before, "modelreg.v1.EventService", "Watch", "CANCELLED")
        reg.update_model("tel-watch", description="wakes the watch")
        thread.join(30)
        watch.close()
    assert seen and seen[0].model == "tel-watch"
    wait_until(lambda: value(scrape(url), watchers) == value(before, watchers), what="the watch closed")
    after = scrape(url)
    ended = sum(calls(after, "modelreg.v1.EventService", "Watch", code) -
                calls(before, "modelreg.v1.EventService", "Watch", code) for code in ("CANCELLED", "OK"))
    assert ended == 1


def test_webhook_backlog_to_a_dead_receiver(site):
    srv, url = site
    dead = f"http://127.0.0.1:{free_port()}/hook"  # nothing listens: every attempt fails, retried later
    backlog = "modelreg_webhook_pending_deliveries"
    start = value(scrape(url), backlog)
    with Registry(srv.address, timeout=30) as reg:
        reg.create_model("tel-hooks")
        created = reg.add_webhook(dead, models=["tel-hooks"], types=["MODEL_UPDATED"])
        for i in range(3):
            reg.update_model("tel-hooks", description=f"change {i}")
        wait_until(lambda: value(scrape(url), backlog) == start + 3, what="three pending deliveries")
        reg.delete_webhook(created.webhook.name)  # its queue goes with it
    wait_until(lambda: value(scrape(url), backlog) == start, what="the backlog gone with the webhook")


def test_metrics_needs_no_session_and_a_token_when_auth_is_on(tmp_path):
    srv = ServerProcess(tmp_path / "data", "--auth", "--http", "127.0.0.1:0").start()
    try:
        url = dashboard(srv)
        secured = Secured(srv)
        refused = httpx.get(url + "metrics")
        assert refused.status_code == 401 and refused.text.startswith("TOKEN_MISSING")
        assert refused.headers["www-authenticate"].startswith("Bearer")
        wrong = httpx.get(url + "metrics", headers={"Authorization": "Bearer mr_nope_nope"})
        assert wrong.status_code == 401
        # Any valid token, even of a principal without a role (Prometheus' service account).
        samples = scrape(url, Authorization=f"Bearer {secured.tokens['nobody']}")
        assert calls(samples, "modelreg.v1.AccessService", "CreateToken", "OK") >= 1
        with secured.client(None) as anonymous:
            with pytest.raises(Exception):
                anonymous.get_model("x")
        samples = scrape(url, Authorization=f"Bearer {secured.tokens['nobody']}")
        assert calls(samples, REGISTRY, "GetModel", "UNAUTHENTICATED") >= 1
    finally:
        srv.stop()


def test_monitoring_calls_counted_with_their_codes(site, tmp_path):
    """A service added later is counted too: the interceptor sees every method."""
    from modelreg.v1 import monitoring_service_pb2 as ms, monitoring_service_pb2_grpc
    import grpc
    srv, url = site
    (tmp_path / "w.bin").write_bytes(b"w" * 100)
    service = "modelreg.v1.MonitoringService"
    before = scrape(url)
    with Registry(srv.address, timeout=30) as reg:
        reg.push("tel-monitoring", tmp_path / "w.bin")
        stub = monitoring_service_pb2_grpc.MonitoringServiceStub(reg.channel)
        stub.BatchReportMetrics(ms.BatchReportMetricsRequest(
            version="tel-monitoring:v1", points=[ms.MetricPoint(metric="accuracy", value=0.9)]))
        with pytest.raises(grpc.RpcError) as refused:
            stub.BatchReportMetrics(ms.BatchReportMetricsRequest(
                version="tel-monitoring:v1", points=[ms.MetricPoint(metric="accuracy", value=float("nan"))]))
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    after = scrape(url)
    for code in ("OK", "INVALID_ARGUMENT"):
        assert calls(after, service, "BatchReportMetrics", code) - calls(before, service, "BatchReportMetrics", code) == 1


def client_calls(samples, client: str, version: str) -> float:
    return value(samples, "modelreg_grpc_server_client_calls_total", client=client, version=version)


def test_calls_counted_by_the_client_and_version_of_their_user_agent(site):
    """The SDK (and so the CLI) says modelreg-python/<its version>; a plain gRPC channel is counted
    as gRPC's own product, and a user agent that is not product/version as unknown."""
    import subprocess
    import sys

    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    from modelreg import __version__

    srv, url = site
    before = scrape(url)
    with Registry(srv.address, timeout=30) as reg:
        for _ in range(3):
            list(reg.list_models())
    subprocess.run([sys.executable, "-m", "modelreg", "models", "--server", srv.address], check=True,
                   capture_output=True, timeout=60)
    for agent in (None, "!not a product"):
        options = [("grpc.primary_user_agent", agent)] if agent else []
        with grpc.insecure_channel(srv.address, options=options) as channel:
            health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=10)
    after = scrape(url)
    # 3 list calls, and the CLI's one (a first call that is answered needs no health check before it).
    assert client_calls(after, "modelreg-python", __version__) - client_calls(before, "modelreg-python",
                                                                              __version__) == 4
    assert client_calls(after, "grpc-python", grpc.__version__) - client_calls(before, "grpc-python",
                                                                               grpc.__version__) == 1
    assert client_calls(after, "unknown", "") - client_calls(before, "unknown", "") == 1
