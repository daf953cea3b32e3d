"""The server's own health for Prometheus, served at /metrics on the dashboard's HTTP port.

What is counted, and where:
- every gRPC call, by service, method and final status code, and its latency: a grpc.aio server
  interceptor (`Telemetry.interceptor()`), so every service is counted, today's and tomorrow's,
  with no code in the servicers. A stream is counted when it ends, with the code it ended with
  (a Watch the client cancels ends CANCELLED).
- bytes moved by transfers: chunk payload bytes of UploadChunks requests as they arrive, and of
  DownloadVersion responses as they are written (the interceptor sees both ends of the call).
- chunks deduplicated: digests FindMissingChunks found already stored, and chunks UploadChunks
  received that were already stored.
- active Watch streams (a gauge, kept by the interceptor).
- calls by client and version: the first product/version of each call's user agent (the modelreg
  clients send modelreg-python/X.Y.Z, modelreg-go/, modelreg-typescript/, modelreg-java/), so an
  operator sees which clients, and which of their versions, still call the server.
- the webhook backlog: pending deliveries, counted from storage when scraped (so every replica
  reports the shared queue, on SQLite and PostgreSQL alike).
- database latency: every SQL statement the backends run (querystats.listen).
- the process (CPU, memory, open files, GC, Python): prometheus_client's own collectors.
- serialized message bytes in and out of every call, by method.

The same interceptor writes the access log (logs.py: one line per call, with the principal the
servicers noted in calls.py) and, when tracing is configured (tracing.py), one span per call.

Each Telemetry has its own CollectorRegistry: nothing is registered in prometheus_client's global
one, so two servers (or tests) in one process never collide.
"""

import asyncio
import inspect
import re
import time

import grpc
from prometheus_client import (CollectorRegistry, Counter, Gauge, Histogram, GCCollector, PlatformCollector,
                               ProcessCollector, generate_latest)
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from . import calls, logs, querystats
from .api import peer_host

WATCH = "/modelreg.v1.EventService/Watch"
UPLOAD = "/modelreg.v1.TransferService/UploadChunks"
DOWNLOAD = "/modelreg.v1.TransferService/DownloadVersion"
FIND_MISSING = "/modelreg.v1.TransferService/FindMissingChunks"
# Seconds: from a cached read to a large push or a long Watch.
RPC_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600)
DB_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5)
CONTENT_TYPE = CONTENT_TYPE_LATEST
# A user agent's first product/version; anything else counts as client "unknown".
CLIENT_AGENT = re.compile(r"([A-Za-z][A-Za-z0-9._-]{0,63})/([0-9A-Za-z][0-9A-Za-z.+_-]{0,31})(?:\s|$)")
MAX_CLIENTS = 100  # distinct (client, version) series; past that a call counts as client "other"


class Telemetry:
    """The metrics of one server process, in their own registry."""

    def __init__(self, *, metadata=None, compactor=None, tracing=None):
        self.metadata = metadata  # for the webhook backlog; None: not exported
        self.tracing = tracing  # tracing.Tracing: a span per call; None: no tracing
        self.compactor = compactor  # for the compression-at-rest backlog; None: not exported
        self.registry = CollectorRegistry(auto_describe=True)
        reg = self.registry
        ProcessCollector(registry=reg)
        PlatformCollector(registry=reg)
        GCCollector(registry=reg)
        self.handled = Counter("modelreg_grpc_server_handled", "gRPC calls completed, by method and status code",
                               ["grpc_service", "grpc_method", "grpc_code"], registry=reg)
        self.latency = Histogram("modelreg_grpc_server_handling_seconds",
                                 "Time from a gRPC call's start to its end (streams: their whole life)",
                                 ["grpc_service", "grpc_method"], buckets=RPC_BUCKETS, registry=reg)
        self.message_received = Counter("modelreg_grpc_server_received_bytes",
                                        "Serialized request messages received, by method", ["grpc_service", "grpc_method"],
                                        registry=reg)
        self.message_sent = Counter("modelreg_grpc_server_sent_bytes",
                                    "Serialized response messages sent, by method", ["grpc_service", "grpc_method"],
                                    registry=reg)
        self.received = Counter("modelreg_transfer_received_bytes",
                                "Chunk payload bytes received by UploadChunks (compressed, as sent)", registry=reg)
        self.sent = Counter("modelreg_transfer_sent_bytes",
                            "Chunk payload bytes sent by DownloadVersion (compressed, as stored)", registry=reg)
        self.deduplicated = Counter("modelreg_chunks_deduplicated",
                                    "Chunks a client did not need to store again: found already stored by "
                                    "FindMissingChunks (stage=find_missing) or by UploadChunks (stage=upload)",
                                    ["stage"], registry=reg)
        for stage in ("find_missing", "upload"):
            self.deduplicated.labels(stage)
        self.clients = Counter("modelreg_grpc_server_client_calls",
                               "gRPC calls by the client that sent them: the first product/version of the "
                               f"user agent (client=unknown without one, other past {MAX_CLIENTS} kinds)",
                               ["client", "version"], registry=reg)
        self._client_series: dict = {}  # user agent -> its child of `clients`
        self.watchers = Gauge("modelreg_watch_streams", "Watch streams open now", registry=reg)
        self.backlog = Gauge("modelreg_webhook_pending_deliveries",
                             "Webhook deliveries waiting to be delivered (every webhook, from storage)", registry=reg)
        self.compaction = Gauge("modelreg_chunks_compaction_pending",
                                "Chunks stored raw that wait to be compressed at rest (from storage)", registry=reg)
        self.db = Histogram("modelreg_db_statement_seconds", "Time of each SQL statement on the metadata database",
                            buckets=DB_BUCKETS, registry=reg)
        self._db_listener = self.db.observe
        querystats.listen(self._db_listener)

    def close(self) -> None:
        querystats.unlisten(self._db_listener)

    async def exposition(self) -> bytes:
        """The text format Prometheus scrapes; the backlog is read from storage first (off the loop)."""
        if self.metadata is not None:
            self.backlog.set(await self.metadata.read(lambda db: db.pending_deliveries()))
        if self.compactor is not None:
            self.compaction.set(await self.compactor.pending())
        return generate_latest(self.registry)

    def interceptor(self) -> grpc.aio.ServerInterceptor:
        return _Interceptor(self)

    def count_client(self, metadata) -> None:
        """Counts one call under the client its user-agent metadata names."""
        agent = next((value for key, value in metadata or () if key == "user-agent"), "")
        series = self._client_series.get(agent)
        if series is None:
            match = CLIENT_AGENT.match(agent)
            labels = match.groups() if match else ("unknown", "")
            if len(self._client_series) >= MAX_CLIENTS:
                labels = ("other", "")
            series = self.clients.labels(*labels)
            if len(self._client_series) < MAX_CLIENTS:
                self._client_series[agent] = series
        series.inc()


class _Interceptor(grpc.aio.ServerInterceptor):
    def __init__(self, telemetry: Telemetry):
        self.t = telemetry
        self._wrapped: dict = {}  # method -> (its handler, the handler wrapping it): built once

    async def intercept_service(self, continuation, details):
        handler = await continuation(details)
        if handler is None:
            return None
        self.t.count_client(details.invocation_metadata)
        method = details.method
        known = self._wrapped.get(method)
        if known is not None and known[0] is handler:
            return known[1]
        service, _, name = method[1:].partition("/")
        if handler.unary_unary:
            behavior, kind = handler.unary_unary, grpc.unary_unary_rpc_method_handler
        elif handler.unary_stream:
            behavior, kind = handler.unary_stream, grpc.unary_stream_rpc_method_handler
        elif handler.stream_unary:
            behavior, kind = handler.stream_unary, grpc.stream_unary_rpc_method_handler
        else:
            behavior, kind = handler.stream_stream, grpc.stream_stream_rpc_method_handler
        wrapped = self._wrap(behavior, method, service, name,
                             streaming_request=bool(handler.stream_unary or handler.stream_stream),
                             streaming_response=bool(handler.unary_stream or handler.stream_stream))
        result = kind(wrapped, request_deserializer=handler.request_deserializer,
                      response_serializer=handler.response_serializer)
        if len(self._wrapped) < 1024:  # the server's methods; bounded against unknown names
            self._wrapped[method] = (handler, result)
        return result

    def _wrap(self, behavior, method: str, service: str, name: str, *, streaming_request: bool,
              streaming_response: bool):
        t = self.t
        # The children of this method's series, looked up once (labels() locks and hashes).
        handled_ok, latency = t.handled.labels(service, name, "OK"), t.latency.labels(service, name)
        received, sent = t.message_received.labels(service, name), t.message_sent.labels(service, name)

        def begin(request, context):
            call = calls.begin()
            if method == WATCH:
                t.watchers.inc()
            if streaming_request:
                request = _sized_requests(request, call, t.received if method == UPLOAD else None)
            else:
                call.bytes_in = request.ByteSize()
            metadata = context.invocation_metadata()
            span = t.tracing.start(service, name, metadata) if t.tracing is not None else None
            if streaming_response:
                context = _CountingContext(context, call, t.sent if method == DOWNLOAD else None)
            return call, span, metadata, request, context

        def end(began: float, call, span, metadata, context, code: str, response=None, request=None):
            duration = time.perf_counter() - began
            if method == WATCH:
                t.watchers.dec()
            if code == "OK":
                code = _code_name(context.code()) or "OK"
            (handled_ok if code == "OK" else t.handled.labels(service, name, code)).inc()
            latency.observe(duration)
            if response is not None:
                call.bytes_out += response.ByteSize()
            received.inc(call.bytes_in)
            sent.inc(call.bytes_out)
            if code == "OK" and method == FIND_MISSING and response is not None:
                asked = len(set(request.digests))
                t.deduplicated.labels("find_missing").inc(max(0, asked - len(response.missing_digests)))
            elif code == "OK" and method == UPLOAD and response is not None:
                t.deduplicated.labels("upload").inc(response.existing_chunks)
            trace_id = "" if span is None else t.tracing.end(
                span, code=code, code_value=grpc.StatusCode[code].value[0], principal=call.principal,
                reason=call.reason)
            if logs.access_enabled():
                logs.grpc_access(method=method, code=code, duration=duration, bytes_in=call.bytes_in,
                                 bytes_out=call.bytes_out, principal=call.principal, token_id=call.token_id,
                                 peer=peer_host(context), user_agent=_user_agent(metadata), reason=call.reason,
                                 trace_id=trace_id)

        if inspect.isasyncgenfunction(behavior):
            async def generator(request, context):
                began = time.perf_counter()
                call, span, metadata, inner_request, inner_context = begin(request, context)
                code = "OK"
                try:
                    async for item in behavior(inner_request, inner_context):
                        call.bytes_out += item.ByteSize()
                        if method == DOWNLOAD:
                            t.sent.inc(_chunk_bytes(item))
                        yield item
                except BaseException as e:
                    code = _failed_code(e, context)
                    raise
                finally:
                    end(began, call, span, metadata, context, code)
            return generator

        async def call(request, context):
            began = time.perf_counter()
            state, span, metadata, inner_request, inner_context = begin(request, context)
            code, response = "OK", None
            try:
                result = behavior(inner_request, inner_context)
                response = await result if inspect.isawaitable(result) else result
                return response
            except BaseException as e:
                code = _failed_code(e, context)
                raise
            finally:
                end(began, state, span, metadata, context, code, response, request)
        return call


def _user_agent(metadata) -> str:
    for key, value in metadata or ():
        if key == "user-agent":
            return value
    return ""


def _failed_code(e: BaseException, context) -> str:
    if isinstance(e, grpc.aio.AbortError):
        return _code_name(context.code()) or "UNKNOWN"
    if isinstance(e, asyncio.CancelledError):
        return "CANCELLED"
    return "UNKNOWN"


def _code_name(code) -> str | None:
    """context.code() is a grpc.StatusCode, an int, or None while unset."""
    if code is None:
        return None
    if isinstance(code, grpc.StatusCode):
        return code.name
    for status in grpc.StatusCode:
        if status.value[0] == code:
            return status.name
    return "UNKNOWN"


async def _sized_requests(requests, call: calls.Call, chunk_counter: Counter | None):
    """A request stream whose messages add to the call's bytes in (and, for UploadChunks, whose
    chunk payloads add to the transfer counter)."""
    async for request in requests:
        call.bytes_in += request.ByteSize()
        if chunk_counter is not None:
            size = len(request.chunk.data) if request.HasField("chunk") else 0
            chunk_counter.inc(size + sum(len(c.data) for c in request.chunks))
        yield request


def _chunk_bytes(response) -> int:
    if response.HasField("chunk"):
        return len(response.chunk.data)
    return sum(len(item.chunk.data) for item in response.items)


class _CountingContext:
    """A servicer context whose writes (server-streamed responses) add to the call's bytes out,
    and for DownloadVersion, whose chunk payloads add to the transfer counter."""

    def __init__(self, context, call: calls.Call, chunk_counter: Counter | None):
        self._context = context
        self._call = call
        self._counter = chunk_counter

    async def write(self, message):
        await self._context.write(message)
        self._call.bytes_out += message.ByteSize()
        if self._counter is not None:
            self._counter.inc(_chunk_bytes(message))

    def __getattr__(self, name):
        return getattr(self._context, name)
