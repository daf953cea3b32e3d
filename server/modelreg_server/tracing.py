"""OpenTelemetry tracing: one SERVER span per gRPC call, exported over OTLP, when asked for.

Optional twice over: the packages (`pip install 'modelreg[otel]'`: opentelemetry-sdk and an
OTLP exporter) and an endpoint (`modelreg serve --otel-endpoint URL`, or the standard
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT / OTEL_EXPORTER_OTLP_ENDPOINT). Without an endpoint nothing
of OpenTelemetry is imported and no call pays for it. The standard OTEL_* variables keep their
meaning: OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL picks http/protobuf (default) or grpc,
OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES name the service, OTEL_BSP_* tune batching,
OTEL_EXPORTER_OTLP_(TRACES_)HEADERS authenticate to the collector, OTEL_PROPAGATORS (default
W3C tracecontext and baggage) read the caller's context, OTEL_SDK_DISABLED=true turns it off.

Spans follow the RPC semantic conventions: named `modelreg.v1.RegistryService/GetModel`, with
rpc.system, rpc.service, rpc.method and rpc.grpc.status_code, plus modelreg.principal. A call
whose metadata carries a W3C `traceparent` joins the caller's trace. Status is ERROR for the
codes that mean the server failed (UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL,
UNAVAILABLE, DATA_LOSS), unset otherwise: a NOT_FOUND is the caller's affair.
"""

import logging
import os

log = logging.getLogger("modelreg.server")

ENDPOINT_VARS = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")
PROTOCOL_VARS = ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL")
SERVER_ERRORS = frozenset({"UNKNOWN", "DEADLINE_EXCEEDED", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS"})
INSTALL = "pip install 'modelreg[otel]'"


class TracingUnavailable(Exception):
    """--otel-endpoint was given but it cannot be honoured (packages missing, bad protocol)."""


def configured_endpoint(flag: str | None) -> str | None:
    if flag:
        return flag
    return next((os.environ[v] for v in ENDPOINT_VARS if os.environ.get(v)), None)


def setup(*, endpoint: str | None = None, service_version: str = "") -> "Tracing | None":
    """Tracing for this process, or None when no endpoint is configured or OTEL_SDK_DISABLED.
    endpoint: the --otel-endpoint flag, a base URL like OTEL_EXPORTER_OTLP_ENDPOINT (for
    http/protobuf, /v1/traces is added unless given). Missing packages: TracingUnavailable for
    the flag; for an endpoint from the environment (perhaps meant for other programs), a
    warning and no tracing."""
    if os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return None
    if configured_endpoint(endpoint) is None:
        return None
    protocol = next((os.environ[v] for v in PROTOCOL_VARS if os.environ.get(v)), "http/protobuf").strip()
    try:
        exporter = _exporter(protocol, endpoint)
    except (ImportError, TracingUnavailable) as e:
        why = f"tracing is off: {e}" if isinstance(e, TracingUnavailable) else \
            f"tracing is off: the OpenTelemetry packages are not installed ({e.name}); {INSTALL}"
        if endpoint:
            raise TracingUnavailable(why.removeprefix("tracing is off: ")) from None
        log.warning("%s (an OTLP endpoint is set in the environment)", why)
        return None
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    attributes = {"service.name": os.environ.get("OTEL_SERVICE_NAME") or "modelreg"}
    if service_version:
        attributes["service.version"] = service_version
    provider = TracerProvider(resource=Resource.create(attributes))
    provider.add_span_processor(BatchSpanProcessor(exporter))
    log.info("tracing: one span per gRPC call, exported over OTLP (%s) to %s", protocol,
             getattr(exporter, "_endpoint", None) or configured_endpoint(endpoint))
    return Tracing(provider)


def _exporter(protocol: str, endpoint: str | None):
    if protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
        return OTLPSpanExporter(endpoint=endpoint) if endpoint else OTLPSpanExporter()
    if protocol != "http/protobuf":
        raise TracingUnavailable(f"OTLP protocol {protocol!r} is not supported: use http/protobuf or grpc")
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    if not endpoint:
        return OTLPSpanExporter()  # reads the environment as every OTel program does
    url = endpoint.rstrip("/")
    return OTLPSpanExporter(endpoint=url if url.endswith("/v1/traces") else f"{url}/v1/traces")


class Tracing:
    """Starts and ends the span of each call; the interceptor (telemetry.py) drives it."""

    def __init__(self, provider):
        from opentelemetry import propagate
        from opentelemetry.trace import SpanKind, Status, StatusCode
        self.provider = provider
        self.tracer = provider.get_tracer("modelreg.server")
        self._extract = propagate.extract
        self._kind, self._status, self._error = SpanKind.SERVER, Status, StatusCode.ERROR

    def start(self, service: str, method: str, metadata):
        """The span of a call that begins now; its parent from the call's metadata, if any."""
        parent = self._extract({key: value for key, value in metadata or () if isinstance(value, str)})
        return self.tracer.start_span(f"{service}/{method}", context=parent, kind=self._kind, attributes={
            "rpc.system": "grpc", "rpc.service": service, "rpc.method": method})

    def end(self, span, *, code: str, code_value: int, principal: str, reason: str) -> str:
        """Ends the span with the call's outcome; returns its trace id (hex) for the access log."""
        span.set_attribute("rpc.grpc.status_code", code_value)
        if principal:
            span.set_attribute("modelreg.principal", principal)
        if reason:
            span.set_attribute("modelreg.reason", reason)
        if code in SERVER_ERRORS:
            span.set_status(self._status(self._error, code))
        span.end()
        return format(span.get_span_context().trace_id, "032x")

    def close(self) -> None:
        """Exports the spans still batched (blocking, up to the exporter's timeout)."""
        self.provider.shutdown()
