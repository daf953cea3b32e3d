"""gRPC servicers: proto in, one call into the service layer, proto out. No SQL, no rules."""

import asyncio
import functools
import inspect
import logging
import secrets
import urllib.parse

import grpc
from google.protobuf import any_pb2, duration_pb2, timestamp_pb2
from google.rpc import error_details_pb2, status_pb2

from modelreg.v1 import (access_service_pb2 as ac, access_service_pb2_grpc, automation_service_pb2 as au,
                         automation_service_pb2_grpc, event_service_pb2 as ev, event_service_pb2_grpc,
                         maintenance_service_pb2 as ms,
                         maintenance_service_pb2_grpc, registry_service_pb2 as rs,
                         registry_service_pb2_grpc, resources_pb2 as r, transfer_service_pb2 as ts,
                         transfer_service_pb2_grpc)

from . import access, calls, errors, limits, paging
from .automations import Automations
from .service import Progress, Registry
from .domain import (AliasRow, BindingRow, DeliveryRow, DeniedRow, EventRow, FileRow, InputRow, ModelRow,
                    PrincipalRow, ProtectionRow, TokenRow, VersionRow, WebhookRow)

log = logging.getLogger("modelreg.server")

STATUS_CODES = {
    errors.Unauthenticated: grpc.StatusCode.UNAUTHENTICATED,
    errors.PermissionDenied: grpc.StatusCode.PERMISSION_DENIED,
    errors.InvalidArgument: grpc.StatusCode.INVALID_ARGUMENT,
    errors.NotFound: grpc.StatusCode.NOT_FOUND,
    errors.AlreadyExists: grpc.StatusCode.ALREADY_EXISTS,
    errors.Conflict: grpc.StatusCode.ABORTED,
    errors.FailedPrecondition: grpc.StatusCode.FAILED_PRECONDITION,
    errors.OutOfRange: grpc.StatusCode.OUT_OF_RANGE,
    errors.TooLarge: grpc.StatusCode.RESOURCE_EXHAUSTED,
    errors.ResourceExhausted: grpc.StatusCode.RESOURCE_EXHAUSTED,
    errors.DataLoss: grpc.StatusCode.DATA_LOSS,
    errors.StorageFull: grpc.StatusCode.RESOURCE_EXHAUSTED,
    errors.Unavailable: grpc.StatusCode.UNAVAILABLE,
    errors.Internal: grpc.StatusCode.INTERNAL,
    errors.DeadlineExceeded: grpc.StatusCode.DEADLINE_EXCEEDED,
}
MAX_MESSAGE = 1024
MAX_DOWNLOAD_MESSAGE = 8 * 1024 * 1024
MAX_METADATA_VALUE = 256
RESPONSES = 4096  # GetVersion responses kept beside the rows they were built from
STATES = {r.VERSION_STATE_READY: "READY", r.VERSION_STATE_ARCHIVED: "ARCHIVED", r.VERSION_STATE_UNSPECIFIED: ""}
STATE_ENUMS = {"READY": r.VERSION_STATE_READY, "ARCHIVED": r.VERSION_STATE_ARCHIVED}


async def abort(context: grpc.aio.ServicerContext, error: errors.RegistryError):
    """Aborts with the canonical code and one google.rpc.ErrorInfo in the status details."""
    code = STATUS_CODES[type(error)]
    # Errors echo what the client sent; bound it so the status fits gRPC's metadata limits.
    message = _clip(error.message, MAX_MESSAGE)
    metadata = {k: _clip(v, MAX_METADATA_VALUE) for k, v in error.metadata.items()}
    detail = any_pb2.Any()
    detail.Pack(error_details_pb2.ErrorInfo(reason=error.reason, domain="modelreg", metadata=metadata))
    details = [detail]
    if getattr(error, "retry_delay", None) is not None:
        retry = any_pb2.Any()
        retry.Pack(error_details_pb2.RetryInfo(retry_delay=duration_pb2.Duration(
            seconds=int(error.retry_delay), nanos=int((error.retry_delay % 1) * 1e9))))
        details.append(retry)
    status = status_pb2.Status(code=code.value[0], message=message, details=details)
    calls.refused(error.reason)  # for the access log
    await context.abort(code, message, trailing_metadata=(("grpc-status-details-bin", status.SerializeToString()),))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + f"... ({len(text) - limit} more characters)"


async def abort_internal(context: grpc.aio.ServicerContext, method: str, error: Exception):
    """Anything unexpected: INTERNAL with an id, never the exception's text (nor gRPC's UNKNOWN).
    The log line that starts the traceback carries the same id, so a report can be matched."""
    error_id = secrets.token_hex(6)
    log.error("internal error %s in %s", error_id, method, exc_info=error)
    await abort(context, errors.Internal("INTERNAL", f"internal error {error_id}: the server logged the details "
                                         "under this id", error_id=error_id))


def rpc(method):
    """Authenticates the caller, passes it to the servicer method, and turns domain errors raised by
    the service layer into gRPC statuses, anything else into INTERNAL. Refused calls are recorded
    for the audit trail."""
    async def refused(self, context, caller, e: errors.RegistryError):
        if isinstance(e, (errors.Unauthenticated, errors.PermissionDenied)):
            self.registry.governance.record_denial(
                caller=caller, method=f"/{self.SERVICE}/{method.__name__}", code=STATUS_CODES[type(e)].name,
                reason=e.reason, message=e.message, model=e.metadata.get("model", ""), peer=peer_host(context))
        await abort(context, e)

    if inspect.isasyncgenfunction(method):
        @functools.wraps(method)
        async def stream(self, request, context):
            # Written with context.write (grpc's reader-writer API), not yielded to grpc: a write to a
            # client that has gone away then fails here, where it is one INFO line, instead of inside
            # grpc, which logs it as an ERROR with a traceback.
            caller, sent, last = None, 0, None
            try:
                caller = await self.registry.governance.authenticate(_authorization(context))
                calls.identified(caller)
                items = method(self, request, context, caller)
                try:
                    async for item in items:
                        try:
                            await context.write(item)
                        except grpc.aio.InternalError:  # ExecuteBatchError: the peer is gone
                            raise asyncio.CancelledError from None
                        sent, last = sent + 1, item
                finally:
                    await items.aclose()  # its reads ahead stop now, not when it is collected
            except errors.RegistryError as e:
                await refused(self, context, caller, e)
            except grpc.aio.AbortError:
                raise
            except asyncio.CancelledError:
                why = "the server is stopping" if self.registry.events.closed else "the client went away"
                log.log(*_ended_early(method.__name__, request, sent, last, why))
                # Ends the call the way grpc ends one its client cancelled: nothing more is sent.
                raise
            except Exception as e:
                await abort_internal(context, f"/{self.SERVICE}/{method.__name__}", e)
        return stream

    @functools.wraps(method)
    async def unary(self, request, context):
        caller = None
        try:
            caller = await self.registry.governance.authenticate(_authorization(context))
            calls.identified(caller)
            return await method(self, request, context, caller)
        except errors.RegistryError as e:
            await refused(self, context, caller, e)
        except grpc.aio.AbortError:
            raise
        except Exception as e:
            await abort_internal(context, f"/{self.SERVICE}/{method.__name__}", e)
    return unary


def _ended_early(name: str, request, sent: int, last, why: str) -> tuple[int, str]:
    """(log level, line) for a server stream cut short (the client went away, or the server is
    stopping): INFO with how far a download got; DEBUG for a watch, since cancelling is how every
    watch ends."""
    if isinstance(request, ts.DownloadVersionRequest):
        where = request.offset
        if last is not None:
            item = last.items[-1] if last.items else last
            where = item.offset + item.chunk.raw_size
        return logging.INFO, (f"{name} {request.name} from byte {request.offset}: {why} after "
                              f"{sent} messages (sent through byte {where})")
    if isinstance(last, ev.WatchResponse) and last.HasField("event"):
        return logging.DEBUG, f"{name}: {why} after {sent} messages (through #{last.event.sequence})"
    return logging.DEBUG, f"{name}: {why} after {sent} messages"


def _authorization(context: grpc.aio.ServicerContext) -> str | None:
    for key, value in context.invocation_metadata() or ():
        if key == "authorization":
            return value
    return None


def peer_host(context: grpc.aio.ServicerContext) -> str:
    """The client's address without its port: `ipv4:10.1.2.3:5000` -> `10.1.2.3`,
    `ipv6:%5B::1%5D:5000` -> `::1`; other kinds of peer (unix sockets) as gRPC names them."""
    peer = urllib.parse.unquote(context.peer() or "")
    kind, _, address = peer.partition(":")
    if kind not in ("ipv4", "ipv6"):
        return peer[:256]
    host = address.rpartition(":")[0] if ":" in address else address
    return host.strip("[]")[:256]





def page(result: paging.Page, to_proto) -> tuple[list, str]:
    """A page's items as protos, ending before their serialised size passes limits.PAGE_BYTES (the
    first is always kept, whatever its size), and the token that resumes right after the last item
    kept: no list response outgrows a client's default 4 MiB receive limit, whatever is stored."""
    items, size = [], 0
    for row in result.items:
        item = to_proto(row)
        size += item.ByteSize() + 8  # the repeated field's tag and length prefix, generously
        if items and size > limits.PAGE_BYTES:
            break
        items.append(item)
    return items, result.token(len(items))


def timestamp(micros: int) -> timestamp_pb2.Timestamp:
    return timestamp_pb2.Timestamp(seconds=micros // 1_000_000, nanos=(micros % 1_000_000) * 1000)


def model_proto(m: ModelRow) -> r.Model:
    return r.Model(
        name=f"models/{m.name}", description=m.description, tags=m.tags, create_time=timestamp(m.create_time),
        update_time=timestamp(m.update_time), etag=m.etag, latest_version=m.aliases.get("latest", 0),
        aliases=m.aliases, version_count=m.next_version - 1,
    )


def version_proto(v: VersionRow) -> r.Version:
    return r.Version(
        name=v.name, model=v.model, number=v.number, digest=v.digest, state=STATE_ENUMS[v.state],
        description=v.description, tags=v.tags, metrics=v.metrics, params=v.params,
        files=[file_proto(f) for f in v.files or ()], total_size=v.total_size, file_count=v.file_count,
        aliases=v.aliases, inputs=[input_proto(i) for i in v.inputs], create_time=timestamp(v.create_time),
        update_time=timestamp(v.update_time), etag=v.etag, manifest_format=v.manifest_format,
    )


def file_proto(f: FileRow) -> r.FileEntry:
    return r.FileEntry(path=f.path, size=f.size, sha256=f.sha256, mode=f.mode, tree_digest=f.tree_digest or f.chunks_digest,
                       chunks=[r.ChunkRef(digest=d, size=s) for d, s in f.chunks])


def file_row(f: r.FileEntry) -> FileRow:
    return FileRow(path=f.path, size=f.size, sha256=f.sha256, mode=f.mode, tree_digest=f.tree_digest,
                   chunks=[(c.digest, c.size) for c in f.chunks])


def input_proto(i: InputRow) -> r.LineageInput:
    if i.version:
        return r.LineageInput(version=i.version, relation=i.relation)
    return r.LineageInput(artifact=artifact_proto(i), relation=i.relation)


def artifact_proto(i: InputRow) -> r.ExternalArtifact:
    return r.ExternalArtifact(uri=i.uri, digest=i.digest, kind=i.kind, display_name=i.name)


def input_row(i: r.LineageInput) -> InputRow:
    return InputRow(relation=i.relation, version=i.version, uri=i.artifact.uri, digest=i.artifact.digest,
                    kind=i.artifact.kind, name=i.artifact.display_name)


def alias_proto(a: AliasRow) -> r.Alias:
    return r.Alias(name=f"models/{a.model}/aliases/{a.alias}", alias=a.alias, version=a.version,
                   previous_version=a.previous_version, update_time=timestamp(a.update_time))


def event_proto(e: EventRow) -> r.Event:
    return r.Event(sequence=e.sequence, time=timestamp(e.time), actor=e.actor,
                   type=r.EventType.Value("EVENT_TYPE_" + e.type), model=e.model, version=e.version,
                   alias=e.alias, previous_version=e.previous_version, digest=e.digest, subject=e.subject,
                   details=e.details)


def duration(micros: int) -> duration_pb2.Duration:
    return duration_pb2.Duration(seconds=micros // 1_000_000, nanos=(micros % 1_000_000) * 1000)


def enum_name(enum, value: int, prefix: str) -> str:
    """A proto enum value as the service layer's name ("" for UNSPECIFIED, UNKNOWN(n) if unknown)."""
    try:
        name = enum.Name(value).removeprefix(prefix)
    except ValueError:
        return f"UNKNOWN({value})"
    return "" if name == "UNSPECIFIED" else name


def webhook_proto(w: WebhookRow) -> au.Webhook:
    """Every field but the secret, which never leaves the server after CreateWebhook."""
    return au.Webhook(
        name=f"webhooks/{w.name}", target_url=w.target_url, models=w.models,
        event_types=[r.EventType.Value("EVENT_TYPE_" + t) for t in w.event_types], aliases=w.aliases,
        payload_format=au.PayloadFormat.Value("PAYLOAD_FORMAT_" + w.payload_format),
        state=au.WebhookState.Value("WEBHOOK_STATE_" + w.state),
        on_failure=au.FailurePolicy.Value("FAILURE_POLICY_" + w.on_failure), description=w.description,
        create_time=timestamp(w.create_time), update_time=timestamp(w.update_time), cursor_sequence=w.cursor,
        pending_deliveries=w.pending, failed_deliveries=w.failed, last_error=w.last_error, filter=w.filter,
    )


def webhook_row(w: au.Webhook) -> WebhookRow:
    return WebhookRow(
        target_url=w.target_url, models=list(w.models), event_types=[event_type_name(t) for t in w.event_types],
        aliases=list(w.aliases), payload_format=enum_name(au.PayloadFormat, w.payload_format, "PAYLOAD_FORMAT_"),
        secret=w.secret, state=enum_name(au.WebhookState, w.state, "WEBHOOK_STATE_"),
        on_failure=enum_name(au.FailurePolicy, w.on_failure, "FAILURE_POLICY_"), description=w.description,
        filter=w.filter)


def delivery_proto(w: WebhookRow, d: DeliveryRow) -> au.WebhookDelivery:
    delivery = au.WebhookDelivery(
        name=f"webhooks/{w.name}/deliveries/{d.id}", message_id=d.message_id, payload_type=d.payload_type,
        status=au.DeliveryStatus.Value("DELIVERY_STATUS_" + d.status), attempt_count=d.attempts,
        create_time=timestamp(d.create_time), update_time=timestamp(d.update_time),
        attempts=[au.WebhookAttempt(time=timestamp(a.time), status_code=a.status_code, latency=duration(a.latency_micros),
                                    error=a.error) for a in d.history])
    if d.event:
        delivery.event.CopyFrom(event_proto(EventRow(**d.event)))
    if d.status == "PENDING" and d.attempts:
        delivery.next_attempt_time.CopyFrom(timestamp(d.next_attempt_time))
    return delivery


def event_type_name(value: int) -> str:
    try:
        return r.EventType.Name(value).removeprefix("EVENT_TYPE_")
    except ValueError:
        return f"UNKNOWN({value})"


def chunk_proto(stored) -> r.Chunk:
    return r.Chunk(digest=stored.digest, raw_size=stored.raw_size, codec=stored.codec, data=stored.payload)


async def _uploaded_chunks(request_iterator):
    """(digest, raw_size, codec, payload, hint) of every chunk of an upload stream, in order;
    hint: compaction.HINTS' key for the chunk's CompressHint (-1 for a value outside the enum)."""
    async for request in request_iterator:
        if request.HasField("chunk"):
            c = request.chunk
            yield c.digest, c.raw_size, c.codec, c.data, COMPRESS_HINTS.get(c.compress_hint, -1)
        for c in request.chunks:
            yield c.digest, c.raw_size, c.codec, c.data, COMPRESS_HINTS.get(c.compress_hint, -1)


# CompressHint -> the byte-group width the compactor uses (0: leave as is, 1: guess; compaction.py).
COMPRESS_HINTS = {0: 0, 1: 1, 2: 2, 3: 4}


class RegistryServicer(registry_service_pb2_grpc.RegistryServiceServicer):
    SERVICE = "modelreg.v1.RegistryService"

    def __init__(self, registry: Registry):
        self.registry = registry
        self._responses: dict = {}  # (name, view) -> (the version row, its GetVersionResponse)

    @rpc
    async def CreateModel(self, request, context, caller):
        model = await self.registry.create_model(request.model_id, description=request.description,
                                                 tags=dict(request.tags), caller=caller)
        return rs.CreateModelResponse(model=model_proto(model))

    @rpc
    async def GetModel(self, request, context, caller):
        return rs.GetModelResponse(model=model_proto(await self.registry.get_model(request.name, caller=caller)))

    @rpc
    async def ListModels(self, request, context, caller):
        models, token = page(await self.registry.list_models(
            page_size=request.page_size, page_token=request.page_token, name_prefix=request.name_prefix,
            tags=dict(request.tags), filter=request.filter, order_by=request.order_by, caller=caller), model_proto)
        return rs.ListModelsResponse(models=models, next_page_token=token)

    @rpc
    async def UpdateModel(self, request, context, caller):
        model = await self.registry.update_model(
            request.model.name, update_mask=list(request.update_mask.paths), description=request.model.description,
            tags=dict(request.model.tags), etag=request.model.etag, caller=caller)
        return rs.UpdateModelResponse(model=model_proto(model))

    @rpc
    async def DeleteModel(self, request, context, caller):
        await self.registry.delete_model(request.name, force=request.force, etag=request.etag, caller=caller)
        return rs.DeleteModelResponse()

    @rpc
    async def CreateVersion(self, request, context, caller):
        version = await self.registry.create_version(
            request.model_id, files=[file_row(f) for f in request.files], description=request.description,
            tags=dict(request.tags), metrics=dict(request.metrics), params=dict(request.params),
            inputs=[input_row(i) for i in request.inputs], aliases=list(request.aliases),
            request_id=request.request_id, caller=caller)
        return rs.CreateVersionResponse(version=version_proto(version))

    @rpc
    async def GetVersion(self, request, context, caller):
        version = await self.registry.get_version(request.name, files=request.view != r.VERSION_VIEW_BASIC,
                                                  caller=caller)
        # The storage's cache hands back the same row while nothing committed: so is its response.
        key = (request.name, request.view)
        known = self._responses.get(key)
        if known is not None and known[0] is version:
            return known[1]
        response = rs.GetVersionResponse(version=version_proto(version))
        if len(self._responses) >= RESPONSES:
            self._responses.clear()
        self._responses[key] = (version, response)
        return response

    @rpc
    async def ListVersions(self, request, context, caller):
        versions, token = page(await self.registry.list_versions(
            request.parent, page_size=request.page_size, page_token=request.page_token,
            state=STATES.get(request.state, ""), tags=dict(request.tags), files=request.view == r.VERSION_VIEW_FULL,
            filter=request.filter, order_by=request.order_by, caller=caller), version_proto)
        return rs.ListVersionsResponse(versions=versions, next_page_token=token)

    @rpc
    async def UpdateVersion(self, request, context, caller):
        version = await self.registry.update_version(
            request.version.name, update_mask=list(request.update_mask.paths),
            description=request.version.description, tags=dict(request.version.tags),
            metrics=dict(request.version.metrics), etag=request.version.etag, caller=caller)
        return rs.UpdateVersionResponse(version=version_proto(version))

    @rpc
    async def ArchiveVersion(self, request, context, caller):
        version = await self.registry.archive_version(request.name, caller=caller)
        return rs.ArchiveVersionResponse(version=version_proto(version))

    @rpc
    async def RestoreVersion(self, request, context, caller):
        version = await self.registry.restore_version(request.name, caller=caller)
        return rs.RestoreVersionResponse(version=version_proto(version))

    @rpc
    async def SetAlias(self, request, context, caller):
        expected = request.expected_version if request.HasField("expected_version") else None
        alias = await self.registry.set_alias(request.model, request.alias, request.version, expected_version=expected,
                                              target=request.target, caller=caller)
        return rs.SetAliasResponse(alias=alias_proto(alias))

    @rpc
    async def DeleteAlias(self, request, context, caller):
        expected = request.expected_version if request.HasField("expected_version") else None
        await self.registry.delete_alias(request.model, request.alias, expected_version=expected, caller=caller)
        return rs.DeleteAliasResponse()

    @rpc
    async def ListAliases(self, request, context, caller):
        aliases = await self.registry.list_aliases(request.model, caller=caller)
        return rs.ListAliasesResponse(aliases=[alias_proto(a) for a in aliases])

    @rpc
    async def AddLineage(self, request, context, caller):
        version = await self.registry.add_lineage(request.name, [input_row(i) for i in request.inputs], caller=caller)
        return rs.AddLineageResponse(version=version_proto(version))

    @rpc
    async def GetLineage(self, request, context, caller):
        direction = request.direction or rs.LINEAGE_DIRECTION_UPSTREAM
        graph = await self.registry.get_lineage(
            request.name, artifact_uri=request.artifact_uri, depth=request.depth,
            upstream=direction in (rs.LINEAGE_DIRECTION_UPSTREAM, rs.LINEAGE_DIRECTION_BOTH),
            downstream=direction in (rs.LINEAGE_DIRECTION_DOWNSTREAM, rs.LINEAGE_DIRECTION_BOTH),
            timeout=context.time_remaining(), caller=caller)
        nodes = [
            rs.LineageNode(id=n.name, version=version_proto(n)) if isinstance(n, VersionRow)
            else rs.LineageNode(id=n.uri, artifact=artifact_proto(n))
            for n in graph.nodes
        ]
        edges = [rs.LineageEdge(upstream=u, downstream=d, relation=rel) for u, d, rel in graph.edges]
        response = rs.GetLineageResponse(nodes=nodes, edges=edges)
        if response.ByteSize() > limits.RESPONSE_BYTES:  # the walk's estimate was short: still refuse
            raise errors.FailedPrecondition(
                "LINEAGE_TOO_LARGE", f"the lineage graph at this depth is {response.ByteSize()} bytes, more than one "
                "response may carry: lower depth (or walk one direction)", limit=limits.RESPONSE_BYTES)
        return response


class TransferServicer(transfer_service_pb2_grpc.TransferServiceServicer):
    SERVICE = "modelreg.v1.TransferService"

    def __init__(self, registry: Registry):
        self.registry = registry

    @rpc
    async def FindMissingChunks(self, request, context, caller):
        missing = await self.registry.find_missing_chunks(list(request.digests), caller=caller)
        return ts.FindMissingChunksResponse(missing_digests=missing)

    @rpc
    async def UploadChunks(self, request_iterator, context, caller):
        log.info("upload from %s", context.peer())  # which replica takes a push: one line each
        stored, existing, received = await self.registry.receive_chunks(_uploaded_chunks(request_iterator),
                                                                        caller=caller)
        return ts.UploadChunksResponse(stored_chunks=stored, existing_chunks=existing, received_bytes=received)

    @rpc
    async def DownloadVersion(self, request, context, caller):
        log.info("download %s from offset %d%s", request.name, request.offset,
                 f" to {request.end_offset}" if request.end_offset else "")
        chunks = self.registry.download(request.name, request.offset, request.end_offset, caller=caller)
        if request.max_message_bytes <= 0:
            async for offset, stored in chunks:
                yield ts.DownloadVersionResponse(offset=offset, chunk=chunk_proto(stored))
            return
        limit = min(request.max_message_bytes, MAX_DOWNLOAD_MESSAGE)
        items, size = [], 0
        async for offset, stored in chunks:
            if items and size + len(stored.payload) > limit:
                yield ts.DownloadVersionResponse(items=items)
                items, size = [], 0
            items.append(ts.ChunkAtOffset(offset=offset, chunk=chunk_proto(stored)))
            size += len(stored.payload)
        if items:
            yield ts.DownloadVersionResponse(items=items)


class EventServicer(event_service_pb2_grpc.EventServiceServicer):
    SERVICE = "modelreg.v1.EventService"

    def __init__(self, registry: Registry):
        self.registry = registry

    @rpc
    async def Watch(self, request, context, caller):
        interval = request.progress_interval.ToTimedelta().total_seconds() if request.HasField("progress_interval") else 10.0
        after = request.after_sequence if request.HasField("after_sequence") else None
        async for item in self.registry.watch(
                after_sequence=after, models=list(request.models), aliases=list(request.aliases),
                event_types=[event_type_name(t) for t in request.event_types], progress_interval=interval,
                caller=caller, filter=request.filter):
            if isinstance(item, Progress):
                yield ev.WatchResponse(progress=ev.WatchProgress(head_sequence=item.head_sequence))
            else:
                yield ev.WatchResponse(event=event_proto(item))

    @rpc
    async def GetEventHead(self, request, context, caller):
        compacted, head = await self.registry.event_bounds()
        return ev.GetEventHeadResponse(head_sequence=head, oldest_sequence=compacted + 1 if head > compacted else 0)


class MaintenanceServicer(maintenance_service_pb2_grpc.MaintenanceServiceServicer):
    SERVICE = "modelreg.v1.MaintenanceService"

    def __init__(self, registry: Registry):
        self.registry = registry

    @rpc
    async def CheckStore(self, request, context, caller):
        report = await self.registry.check_store(repair=request.repair, caller=caller)
        return ms.CheckStoreResponse(**vars(report))

    @rpc
    async def CollectGarbage(self, request, context, caller):
        grace = request.grace_period.ToTimedelta().total_seconds() if request.HasField("grace_period") else 3600.0
        report = await self.registry.collect_garbage(grace_period=grace, dry_run=request.dry_run, caller=caller)
        return ms.CollectGarbageResponse(**vars(report))

    @rpc
    async def CompactChunks(self, request, context, caller):
        report = await self.registry.compact_chunks(wait=request.wait, caller=caller)
        return ms.CompactChunksResponse(**vars(report))

    @rpc
    async def CompactEvents(self, request, context, caller):
        older_than = request.older_than.ToTimedelta().total_seconds() if request.HasField("older_than") else None
        removed, through = await self.registry.compact_events(older_than=older_than,
                                                              through_sequence=request.through_sequence, caller=caller)
        return ms.CompactEventsResponse(events_removed=removed, compacted_through=through)


KINDS = {ac.PRINCIPAL_KIND_USER: "user", ac.PRINCIPAL_KIND_SERVICE_ACCOUNT: "service_account",
         ac.PRINCIPAL_KIND_UNSPECIFIED: ""}
KIND_ENUMS = {v: k for k, v in KINDS.items() if v}


def principal_proto(p: PrincipalRow) -> ac.Principal:
    return ac.Principal(name=f"principals/{p.name}", kind=KIND_ENUMS[p.kind], description=p.description,
                        create_time=timestamp(p.create_time))


def token_proto(t: TokenRow) -> ac.Token:
    return ac.Token(name=f"principals/{t.principal}/tokens/{t.id}", token_id=t.id, description=t.description,
                    create_time=timestamp(t.create_time),
                    expire_time=timestamp(t.expire_time) if t.expire_time else None,
                    revoke_time=timestamp(t.revoke_time) if t.revoke_time else None)


def binding_proto(b: BindingRow) -> ac.RoleBinding:
    return ac.RoleBinding(name=f"roleBindings/{b.id}", principal=f"principals/{b.principal}", role=b.role,
                          model_pattern=b.model_pattern, create_time=timestamp(b.create_time))


def protection_proto(p: ProtectionRow) -> ac.ProtectedAlias:
    return ac.ProtectedAlias(name=f"protectedAliases/{p.id}", model_pattern=p.model_pattern,
                             alias_pattern=p.alias_pattern, create_time=timestamp(p.create_time),
                             require=p.requirement)


def audit_proto(record: EventRow | DeniedRow) -> ac.AuditRecord:
    if isinstance(record, EventRow):
        return ac.AuditRecord(time=timestamp(record.time), actor=record.actor, event=event_proto(record))
    return ac.AuditRecord(time=timestamp(record.time), actor=record.actor, denied=ac.DeniedCall(
        method=record.method, model=record.model, code=record.code, reason=record.reason, message=record.message,
        count=record.count, first_time=timestamp(record.first_time), last_time=timestamp(record.time),
        source=record.source))


def micros(ts: timestamp_pb2.Timestamp) -> int:
    return ts.seconds * 1_000_000 + ts.nanos // 1000


class AccessServicer(access_service_pb2_grpc.AccessServiceServicer):
    SERVICE = "modelreg.v1.AccessService"

    def __init__(self, registry: Registry):
        self.registry = registry
        self.governance = registry.governance

    @rpc
    async def GetCaller(self, request, context, caller):
        principal = await self.governance.get_principal(caller)
        bindings = await self.governance.caller_bindings(caller)
        return ac.GetCallerResponse(principal=principal_proto(principal) if principal else None,
                                    role_bindings=[binding_proto(b) for b in bindings],
                                    authentication_required=self.governance.auth_required)

    @rpc
    async def CreatePrincipal(self, request, context, caller):
        if request.kind not in KINDS:
            raise errors.InvalidArgument("INVALID_KIND", f"unknown principal kind {request.kind}")
        principal = await self.governance.create_principal(
            request.principal_id, kind=KINDS[request.kind], description=request.description, caller=caller)
        return ac.CreatePrincipalResponse(principal=principal_proto(principal))

    @rpc
    async def ListPrincipals(self, request, context, caller):
        rows, token = page(await self.governance.list_principals(
            page_size=request.page_size, page_token=request.page_token, caller=caller), principal_proto)
        return ac.ListPrincipalsResponse(principals=rows, next_page_token=token)

    @rpc
    async def DeletePrincipal(self, request, context, caller):
        await self.governance.delete_principal(request.name, caller=caller)
        return ac.DeletePrincipalResponse()

    @rpc
    async def CreateToken(self, request, context, caller):
        ttl = request.ttl.ToTimedelta().total_seconds() if request.HasField("ttl") else 0.0
        token, secret = await self.governance.create_token(request.parent, description=request.description, ttl=ttl,
                                                           caller=caller)
        return ac.CreateTokenResponse(token=token_proto(token), secret=secret)

    @rpc
    async def ListTokens(self, request, context, caller):
        rows, token = page(await self.governance.list_tokens(
            request.parent, page_size=request.page_size, page_token=request.page_token, caller=caller), token_proto)
        return ac.ListTokensResponse(tokens=rows, next_page_token=token)

    @rpc
    async def RevokeToken(self, request, context, caller):
        token = await self.governance.revoke_token(request.name, caller=caller)
        return ac.RevokeTokenResponse(token=token_proto(token))

    @rpc
    async def GrantRole(self, request, context, caller):
        role = access.ROLE_NAMES.get(request.role, "")
        binding = await self.governance.grant_role(request.principal, role, request.model_pattern, caller=caller)
        return ac.GrantRoleResponse(role_binding=binding_proto(binding))

    @rpc
    async def RevokeRole(self, request, context, caller):
        await self.governance.revoke_role(request.name, caller=caller)
        return ac.RevokeRoleResponse()

    @rpc
    async def ListRoleBindings(self, request, context, caller):
        rows = await self.governance.list_bindings(request.principal, caller=caller)
        return ac.ListRoleBindingsResponse(role_bindings=[binding_proto(b) for b in rows])

    @rpc
    async def CreateProtectedAlias(self, request, context, caller):
        row = await self.governance.protect_alias(request.model_pattern, request.alias_pattern,
                                                  requirement=request.require if request.HasField("require") else None,
                                                  caller=caller)
        return ac.CreateProtectedAliasResponse(protected_alias=protection_proto(row))

    @rpc
    async def ListProtectedAliases(self, request, context, caller):
        rows = await self.governance.list_protections(caller=caller)
        return ac.ListProtectedAliasesResponse(protected_aliases=[protection_proto(p) for p in rows])

    @rpc
    async def DeleteProtectedAlias(self, request, context, caller):
        await self.governance.unprotect_alias(request.name, caller=caller)
        return ac.DeleteProtectedAliasResponse()

    @rpc
    async def CheckPromotion(self, request, context, caller):
        version, clauses = await self.registry.check_promotion(request.version, request.alias, caller=caller)
        return ac.CheckPromotionResponse(
            allowed=all(c.passed for c in clauses), version=version,
            clauses=[ac.GateClause(rule=c.rule, clause=c.text, passed=c.passed, actual=c.actual) for c in clauses])

    @rpc
    async def ListAuditRecords(self, request, context, caller):
        outcome = request.outcome
        rows, token = page(await self.governance.audit(
            page_size=request.page_size, page_token=request.page_token, actor=request.actor, model=request.model,
            event_types=[event_type_name(t) for t in request.event_types],
            allowed=outcome != ac.AUDIT_OUTCOME_DENIED, denied=outcome != ac.AUDIT_OUTCOME_ALLOWED,
            start_time=micros(request.start_time), end_time=micros(request.end_time), caller=caller), audit_proto)
        return ac.ListAuditRecordsResponse(records=rows, next_page_token=token)

    @rpc
    async def CreateLoginLink(self, request, context, caller):
        url, expire_time = await self.governance.create_login_link(caller)
        return ac.CreateLoginLinkResponse(url=url, expire_time=timestamp(expire_time) if expire_time else None)


class AutomationServicer(automation_service_pb2_grpc.AutomationServiceServicer):
    SERVICE = "modelreg.v1.AutomationService"

    def __init__(self, automations: Automations, registry: Registry):
        self.automations = automations
        self.registry = registry  # for authentication (rpc)

    @rpc
    async def CreateWebhook(self, request, context, caller):
        webhook, secret = await self.automations.create_webhook(webhook_row(request.webhook),
                                                                requested_id=request.webhook_id, caller=caller)
        return au.CreateWebhookResponse(webhook=webhook_proto(webhook), secret=secret)

    @rpc
    async def GetWebhook(self, request, context, caller):
        webhook = await self.automations.get_webhook(request.name, caller=caller)
        return au.GetWebhookResponse(webhook=webhook_proto(webhook))

    @rpc
    async def ListWebhooks(self, request, context, caller):
        webhooks, token = page(await self.automations.list_webhooks(
            page_size=request.page_size, page_token=request.page_token, caller=caller), webhook_proto)
        return au.ListWebhooksResponse(webhooks=webhooks, next_page_token=token)

    @rpc
    async def UpdateWebhook(self, request, context, caller):
        webhook = await self.automations.update_webhook(request.webhook.name, webhook_row(request.webhook),
                                                        update_mask=list(request.update_mask.paths), caller=caller)
        return au.UpdateWebhookResponse(webhook=webhook_proto(webhook))

    @rpc
    async def DeleteWebhook(self, request, context, caller):
        await self.automations.delete_webhook(request.name, caller=caller)
        return au.DeleteWebhookResponse()

    @rpc
    async def TestWebhook(self, request, context, caller):
        webhook, delivery = await self.automations.test_webhook(request.name, caller=caller)
        return au.TestWebhookResponse(delivery=delivery_proto(webhook, delivery))

    @rpc
    async def ListWebhookDeliveries(self, request, context, caller):
        webhook, result = await self.automations.list_deliveries(
            request.parent, page_size=request.page_size, page_token=request.page_token,
            status=enum_name(au.DeliveryStatus, request.status, "DELIVERY_STATUS_"), caller=caller)
        deliveries, token = page(result, lambda d: delivery_proto(webhook, d))
        return au.ListWebhookDeliveriesResponse(deliveries=deliveries, next_page_token=token)

    @rpc
    async def RetryWebhookDelivery(self, request, context, caller):
        webhook, delivery = await self.automations.retry_delivery(request.name, caller=caller)
        return au.RetryWebhookDeliveryResponse(delivery=delivery_proto(webhook, delivery))
