"""The Python SDK: `Registry(address)` with typed methods for models, versions, aliases, lineage,
push/pull and watch. Results are the API's protobuf messages (typed by the generated .pyi stubs)."""

import json
import os
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast

import grpc
from google.protobuf import duration_pb2, field_mask_pb2
from google.protobuf.message import Message

from . import retry, targets, transfer, typedefs
from ._version import USER_AGENT
from .connect import DEFAULT_ADDRESS, FirstConnection, Settings, Tls, resolve_settings  # noqa: F401
from .errors import ArgumentTypeError, FailedPrecondition, IntegrityError, InvalidArgument, ModelregError, from_rpc_error
from .v1 import (access_service_pb2 as ac, access_service_pb2_grpc, automation_service_pb2 as au,
                 automation_service_pb2_grpc, event_service_pb2 as ev, event_service_pb2_grpc,
                 maintenance_service_pb2 as ms,
                 maintenance_service_pb2_grpc, monitoring_service_pb2 as mon, monitoring_service_pb2_grpc,
                 registry_service_pb2 as rs,
                 registry_service_pb2_grpc, resources_pb2 as r, transfer_service_pb2 as ts,
                 transfer_service_pb2_grpc)
from .typedefs import MetricChanges, Metrics, Params, SequenceNotStr, TagChanges, Tags

if TYPE_CHECKING:
    from .cache import Snapshot
    from .follow import Deployed
    from .reporting import Reporter, ReportStats
    from .series import Comparison, MetricInfo, MetricSeries

MAX_MESSAGE_SIZE = 64 * 1024 * 1024
FIND_MISSING_BATCH = 10_000
# Calls that change something and cannot be repeated once they may have run: a second attempt
# after the first took effect would create a second token or webhook, fail a compare-and-swap
# (expect, etag) that succeeded, or report NOT_FOUND for a delete that worked. Everything else is
# safe to repeat: reads, chunk uploads, CreateVersion (its request_id), archive and restore,
# RevokeToken (a no-op the second time), metric reports (delivered at least once by design).
# docs/clients.md 4; every client keeps this same list, checked against tests/conformance/contract.json.
ONCE_ONLY = {
    "modelreg.v1.RegistryService": ["CreateModel", "UpdateModel", "DeleteModel", "UpdateVersion", "SetAlias",
                                    "DeleteAlias", "AddLineage"],
    "modelreg.v1.AccessService": ["CreatePrincipal", "DeletePrincipal", "CreateToken", "GrantRole", "RevokeRole",
                                  "CreateProtectedAlias", "DeleteProtectedAlias"],
    "modelreg.v1.AutomationService": ["CreateWebhook", "UpdateWebhook", "DeleteWebhook", "TestWebhook",
                                      "RetryWebhookDelivery"],
    "modelreg.v1.MonitoringService": ["CreateMonitor", "DeleteMonitor"],
}
ONCE_ONLY_PATHS = frozenset(f"/{service}/{method}" for service, methods in ONCE_ONLY.items() for method in methods)
# One service config for every channel. round_robin spreads calls over every address the target
# resolves to (replicas, targets.py) and skips one that is down, so a retried call goes to another
# replica where there is one. The retries themselves are the SDK's one policy (retry.py,
# docs/clients.md 4), applied by _call and the stream loops, not by a gRPC retryPolicy: gRPC caps
# its attempts at 5, jitters differently and ignores google.rpc.RetryInfo (gRPC still sends again,
# transparently, what never left the client or the server refused unread). Calls in ONCE_ONLY
# wait for a replica to be ready instead of failing while none is.
SERVICE_CONFIG = {
    "loadBalancingConfig": [{"round_robin": {}}],
    "methodConfig": [
        {"name": [{"service": service, "method": method} for service, methods in ONCE_ONLY.items()
                  for method in methods], "waitForReady": True},
    ]}
CHANNEL_OPTIONS = [
    ("grpc.primary_user_agent", USER_AGENT),  # the server counts calls by client and version
    ("grpc.max_receive_message_length", MAX_MESSAGE_SIZE),
    ("grpc.max_send_message_length", MAX_MESSAGE_SIZE),
    ("grpc.initial_reconnect_backoff_ms", 200),
    ("grpc.min_reconnect_backoff_ms", 100),
    ("grpc.max_reconnect_backoff_ms", 3000),
    ("grpc.enable_retries", 1),
    ("grpc.service_config", json.dumps(SERVICE_CONFIG)),
]
STATES = {"ready": r.VERSION_STATE_READY, "archived": r.VERSION_STATE_ARCHIVED}
FORMATS = {"json": au.PAYLOAD_FORMAT_STANDARD_WEBHOOKS, "standard-webhooks": au.PAYLOAD_FORMAT_STANDARD_WEBHOOKS,
           "slack": au.PAYLOAD_FORMAT_SLACK, "teams": au.PAYLOAD_FORMAT_TEAMS}
POLICIES = {"skip": au.FAILURE_POLICY_SKIP, "pause": au.FAILURE_POLICY_PAUSE}
DELIVERY_STATUSES = {"pending": au.DELIVERY_STATUS_PENDING, "succeeded": au.DELIVERY_STATUS_SUCCEEDED,
                     "failed": au.DELIVERY_STATUS_FAILED}
DIRECTIONS = {"upstream": rs.LINEAGE_DIRECTION_UPSTREAM, "downstream": rs.LINEAGE_DIRECTION_DOWNSTREAM,
              "both": rs.LINEAGE_DIRECTION_BOTH}

PRINCIPAL_KINDS = {"user": ac.PRINCIPAL_KIND_USER, "service_account": ac.PRINCIPAL_KIND_SERVICE_ACCOUNT}
ROLES = {"viewer": ac.ROLE_VIEWER, "editor": ac.ROLE_EDITOR, "maintainer": ac.ROLE_MAINTAINER, "admin": ac.ROLE_ADMIN}
OUTCOMES = {"": ac.AUDIT_OUTCOME_UNSPECIFIED, "allowed": ac.AUDIT_OUTCOME_ALLOWED, "denied": ac.AUDIT_OUTCOME_DENIED}

# on_progress(phase, done_bytes, total_bytes); phases: "scan", "upload", "download".
OnProgress = Callable[[str, int, int], None]
# A file or directory on this machine.
LocalPath = Union[str, "os.PathLike[str]"]
# A span of time: seconds, a timedelta or a string such as "90s", "5m", "1h", "7d" (series.py).
Span = Union[str, float, timedelta]


@dataclass(frozen=True)
class Input:
    """A lineage input: another version (`Input.of_version("base:v3")`), an external artifact
    (`Input.of_artifact("s3://data/imdb", kind="dataset")`) or the run that produced the version
    (`Input.of_run("https://mlflow.example/#/experiments/1/runs/4f2a", name="bright-owl-42")`).
    Plain strings work too: anything with `://` is an artifact URI, anything else a version
    reference. `name` is what people read for an artifact (at most 200 characters)."""

    version: str = ""
    uri: str = ""
    digest: str = ""
    kind: str = ""
    relation: str = ""
    name: str = ""

    @classmethod
    def of_version(cls, reference: str, *, relation: str = "derived_from") -> "Input":
        return cls(version=reference, relation=relation)

    @classmethod
    def of_artifact(cls, uri: str, *, digest: str = "", kind: str = "", relation: str = "trained_on",
                    name: str = "") -> "Input":
        return cls(uri=uri, digest=digest, kind=kind, relation=relation, name=name)

    @classmethod
    def of_run(cls, uri: str, *, name: str = "") -> "Input":
        """The training run a version came from: its page (an MLflow or W&B run URL, a CI job) and
        the name its tracker shows. Recorded as an artifact of kind `run`, relation `produced_by`,
        which `modelreg show`, lineage and the dashboard show as the version's run."""
        return cls(uri=uri, kind=RUN_KIND, relation=RUN_RELATION, name=name)

    def proto(self) -> r.LineageInput:
        if self.version:
            return r.LineageInput(version=self.version, relation=self.relation)
        return r.LineageInput(artifact=r.ExternalArtifact(uri=self.uri, digest=self.digest, kind=self.kind,
                                                          display_name=self.name),
                              relation=self.relation)


RUN_KIND, RUN_RELATION = "run", "produced_by"


def run_of(version: r.Version) -> r.ExternalArtifact | None:
    """The run a version records (Input.of_run, `push(run=...)`), or None: its first input of kind
    `run`."""
    return next((i.artifact for i in version.inputs if i.WhichOneof("source") == "artifact"
                 and i.artifact.kind == RUN_KIND), None)


# A lineage input: Input, a version reference or artifact URI as a str, or the API's message.
InputLike = Union["Input", str, r.LineageInput]


def _input(value: InputLike) -> r.LineageInput:
    if isinstance(value, r.LineageInput):
        return value
    if isinstance(value, str):
        value = Input(uri=value) if "://" in value else Input(version=value)
    return value.proto()


def _principal(name: str) -> str:
    return name if name.startswith("principals/") else f"principals/{name}"


def _read(path: str | None) -> bytes | None:
    return open(path, "rb").read() if path else None


class _BeforeEachCall(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                      grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    """The first connection's check (connect.py) before a Registry's first call. A first unary call
    that may be sent again is sent at once instead, and the check runs only if it fails
    UNAVAILABLE, to explain why: a server that answers costs no extra connection. A call that
    waits for the server to be ready (ONCE_ONLY) or a stream is checked before, as it cannot fail
    fast."""

    def __init__(self, first: "FirstConnection"):
        self.first = first
        self.check = first.check

    def intercept_unary_unary(self, continuation, details, request):
        if self.first.connected or details.method in ONCE_ONLY_PATHS:
            self.check()
            return continuation(details, request)
        outcome = continuation(details, request)
        error = outcome.exception()
        code = error.code() if isinstance(error, grpc.Call) else None
        if code == grpc.StatusCode.UNAVAILABLE:
            self.check()  # raises what is wrong (unreachable, TLS) if it finds it; else the call's error stands
        elif code != grpc.StatusCode.DEADLINE_EXCEEDED:
            self.first.connected = True  # it answered: whatever it said, the connection works
        return outcome

    def intercept_unary_stream(self, continuation, details, request):
        self.check()
        return continuation(details, request)

    def intercept_stream_unary(self, continuation, details, request_iterator):
        self.check()
        return continuation(details, request_iterator)

    def intercept_stream_stream(self, continuation, details, request_iterator):
        self.check()
        return continuation(details, request_iterator)


class _BearerToken(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                   grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    """Adds `authorization: Bearer <token>` to every call."""

    def __init__(self, token: str):
        self.header = ("authorization", f"Bearer {token}")

    def _details(self, details):
        metadata = list(details.metadata or []) + [self.header]
        return details._replace(metadata=metadata) if hasattr(details, "_replace") else _Details(details, metadata)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_stream_unary(self, continuation, details, request_iterator):
        return continuation(self._details(details), request_iterator)

    def intercept_stream_stream(self, continuation, details, request_iterator):
        return continuation(self._details(details), request_iterator)


class _Details(grpc.ClientCallDetails):
    def __init__(self, details, metadata):
        self.method, self.timeout, self.credentials = details.method, details.timeout, details.credentials
        self.wait_for_ready, self.compression = details.wait_for_ready, details.compression
        self.metadata = metadata




def _seconds(value: float) -> duration_pb2.Duration:
    d = duration_pb2.Duration()
    d.FromNanoseconds(int(round(value * 1e9)))
    return d


def _call(fn, request, **kwargs):
    """One unary call under the SDK's retry policy (retry.py): UNAVAILABLE, whatever its reason
    (a restart, a replica down, DATABASE_BUSY, DATABASE_CONFLICT), is sent again, up to
    retry.ATTEMPTS attempts, after the server's RetryInfo delay or retry.backoff. A request stream
    (an iterator, as UploadChunks takes) cannot be sent twice: it is not retried here (the upload
    loop resumes it). A call in ONCE_ONLY is sent again only when the server refused it (an
    UNAVAILABLE with a reason, such as DATABASE_BUSY), not when it was cut mid-call and may have run."""
    if not isinstance(request, Message):
        try:
            return fn(request, **kwargs)
        except grpc.RpcError as e:
            raise from_rpc_error(e) from None
    method = getattr(fn, "_method", None)
    method = method.decode() if isinstance(method, bytes) else method
    return retry.unary(lambda: fn(request, **kwargs), convert=from_rpc_error, once_only=method in ONCE_ONLY_PATHS)


class Registry:
    """A connection to a modelreg server.

    >>> reg = Registry("127.0.0.1:50051")
    >>> v = reg.push("sentiment", "./out", aliases=["staging"], metrics={"acc": 0.91})
    >>> reg.pull("sentiment:staging", "./model")
    """

    def __init__(self, address: str | None = None, *, timeout: float = 60.0, tls: bool | None = None,
                 tls_ca: str | None = None, tls_cert: str | None = None, tls_key: str | None = None,
                 token: str | None = None, allow_plaintext_token: bool = False, report_buffer: int = 100_000,
                 report_batch: int = 5_000, report_interval: float = 1.0, report_close_timeout: float = 5.0,
                 env: Mapping[str, str] | None = None):
        """address: HOST:PORT ($MODELREG_SERVER, else 127.0.0.1:50051), or several replicas as one
        target: HOST:PORT,HOST:PORT,..., dns:///HOST:PORT (every address the name resolves to),
        ipv4:IP:PORT,IP:PORT,... (targets.py). Calls are spread over the replicas by gRPC's
        round_robin; one that dies mid-call costs a retry on another (see SERVICE_CONFIG). A
        malformed address raises InvalidArgument INVALID_SERVER_ADDRESS. TLS is used when tls is set
        or a CA/client certificate is given (tls_ca: PEM file to trust instead of the system roots;
        tls_cert/tls_key: a client certificate for mTLS). token: sent as a bearer token.

        Arguments not given come from the environment (env, else os.environ): $MODELREG_SERVER,
        $MODELREG_TOKEN, $MODELREG_TLS, $MODELREG_TLS_CA, $MODELREG_TLS_CERT, $MODELREG_TLS_KEY;
        see connect.resolve_settings and docs/clients.md. A certificate without its key raises
        InvalidArgument INCOMPLETE_CLIENT_CERTIFICATE; a token to be sent without TLS to a server
        off loopback raises FailedPrecondition PLAINTEXT_TOKEN, before any connection, unless
        allow_plaintext_token (for a trusted network).

        The first call fails fast, explained, if the server cannot be reached or TLS does not match
        (Unavailable with reason SERVER_UNREACHABLE, TLS_REQUIRED, SERVER_NOT_TLS,
        CLIENT_CERTIFICATE_REQUIRED, CLIENT_CERTIFICATE_REFUSED, CERTIFICATE_NOT_TRUSTED or
        CERTIFICATE_NAME_MISMATCH); once connected, calls retry through server restarts.

        report_buffer, report_batch, report_interval: the metrics reporter's bounded buffer (points),
        batch size (points per BatchReportMetrics, at most 10,000) and flush interval (seconds);
        report_close_timeout: how long close() waits for the last points to be sent; see report() and
        reporting.py."""
        settings = resolve_settings(os.environ if env is None else env, server=address, token=token, tls=tls,
                                    tls_ca=tls_ca, tls_cert=tls_cert, tls_key=tls_key,
                                    allow_plaintext_token=allow_plaintext_token)
        self.settings: Settings = settings
        self.address = settings.server
        self.last_push_compression: transfer.CompressPolicy | None = None  # the last push's transfer.CompressPolicy (its measurements)
        self.last_snapshot: "Snapshot | None" = None  # what the last snapshot() made and fetched (cache.Snapshot)
        self.timeout = timeout
        target = targets.parse(self.address)
        self._connection = (target, settings.tls, settings.tls_ca, settings.tls_cert, settings.tls_key, settings.token)
        self._connect()
        if report_buffer < 1 or not 1 <= report_batch <= 10_000 or report_interval <= 0 or report_close_timeout < 0:
            raise ValueError("report_buffer >= 1, 1 <= report_batch <= 10000, report_interval > 0 and "
                             "report_close_timeout >= 0 are required")
        self._report_options = (report_buffer, report_batch, report_interval)
        self._report_close_timeout = report_close_timeout
        self._reporter: Reporter | None = None
        self._reporter_lock = threading.Lock()
        _LIVE.add(self)

    def _connect(self) -> None:
        """Makes the channel and the stubs (again in a child after fork(): see _after_fork)."""
        target, tls, tls_ca, tls_cert, tls_key, token = self._connection
        options = CHANNEL_OPTIONS + ([("grpc.default_authority", target.authority)] if target.authority else [])
        if tls or tls_ca or tls_cert:
            credentials = grpc.ssl_channel_credentials(
                root_certificates=_read(tls_ca), private_key=_read(tls_key), certificate_chain=_read(tls_cert))
            channel = grpc.secure_channel(target.grpc, credentials, options=options)
            first = FirstConnection(target, credentials=credentials, tls=Tls(ca=tls_ca, cert=tls_cert))
        else:
            channel = grpc.insecure_channel(target.grpc, options=options)
            first = FirstConnection(target)
        self._raw_channel = channel
        channel = grpc.intercept_channel(channel, _BeforeEachCall(first))
        if token:
            channel = grpc.intercept_channel(channel, _BearerToken(token))
        self.channel = channel
        self.registry = registry_service_pb2_grpc.RegistryServiceStub(self.channel)
        self.transfer = transfer_service_pb2_grpc.TransferServiceStub(self.channel)
        self.events = event_service_pb2_grpc.EventServiceStub(self.channel)
        self.maintenance = maintenance_service_pb2_grpc.MaintenanceServiceStub(self.channel)
        self.access = access_service_pb2_grpc.AccessServiceStub(self.channel)
        self.automations = automation_service_pb2_grpc.AutomationServiceStub(self.channel)
        self.monitoring = monitoring_service_pb2_grpc.MonitoringServiceStub(self.channel)

    def _forked(self) -> None:
        """In the child of a fork(): the parent's channel and reporter thread are not the child's
        (gRPC channels do not survive a fork, threads are not copied). The child gets a channel
        and, on its first report(), a reporter of its own; the points the parent had buffered stay
        the parent's to send. The old channel is kept referenced, not closed: closing it here
        would shut sockets the parent still uses."""
        _ABANDONED.append((self._raw_channel, self.channel))
        if self._reporter is not None:
            self._reporter.abandon()
        self._reporter = None
        self._reporter_lock = threading.Lock()  # the parent may have held it at fork time
        self._connect()

    def close(self) -> None:
        """Flushes reported metrics (for a few seconds at most), then closes the channel."""
        if self._reporter is not None:
            self._reporter.close(timeout=self._report_close_timeout)
        self._raw_channel.close()

    def __enter__(self) -> "Registry":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _unary(self, method: Callable[..., Any], request: Message) -> Any:
        return _call(method, request, timeout=self.timeout)

    # Models

    def create_model(self, name: str, *, description: str = "", tags: Tags | None = None) -> r.Model:
        request = rs.CreateModelRequest(model_id=name, description=description, tags=_tags(tags))
        return self._unary(self.registry.CreateModel, request).model

    def get_model(self, name: str) -> r.Model:
        return self._unary(self.registry.GetModel, rs.GetModelRequest(name=name)).model

    def list_models(self, *, prefix: str = "", tags: Tags | None = None, page_size: int = 0, filter: str = "",
                    order_by: str = "") -> Iterator[r.Model]:
        """All models matching the filters (prefix, tags and an AIP-160 filter such as
        'tags.team = "nlp"', ANDed; docs/filters.md), by name unless order_by says otherwise
        ("create_time desc"); pages are fetched as the iterator advances."""
        request = rs.ListModelsRequest(name_prefix=prefix, tags=_tags(tags), page_size=page_size, filter=filter,
                                       order_by=order_by)
        yield from self._pages(self.registry.ListModels, request, "models")

    def update_model(self, name: str, *, description: str | None = None, tags: TagChanges | None = None,
                     replace_tags: bool = False, etag: str = "") -> r.Model:
        """Updates what is given. Tags are merged key by key (a None value deletes the key) unless
        replace_tags; with etag, fails with Conflict if the model changed since it was read."""
        paths, new_tags = _map_paths("tags", _tag_changes(tags), replace_tags)
        if description is not None:
            paths.append("description")
        model = r.Model(name=name, description=description or "", tags=new_tags, etag=etag)
        return self._unary(self.registry.UpdateModel, rs.UpdateModelRequest(
            model=model, update_mask=field_mask_pb2.FieldMask(paths=paths))).model

    def delete_model(self, name: str, *, force: bool = False, etag: str = "") -> None:
        self._unary(self.registry.DeleteModel, rs.DeleteModelRequest(name=name, force=force, etag=etag))

    # Versions

    def get_version(self, reference: str, *, files: bool = False) -> r.Version:
        view = r.VERSION_VIEW_FULL if files else r.VERSION_VIEW_BASIC
        return self._unary(self.registry.GetVersion, rs.GetVersionRequest(name=reference, view=view)).version

    def list_versions(self, model: str, *, state: str | None = None, tags: Tags | None = None,
                      page_size: int = 0, filter: str = "", order_by: str = "") -> Iterator[r.Version]:
        """A model's versions matching the filters (state: "ready", "archived" or None for any;
        tags; an AIP-160 filter such as "metrics.f1 > 0.9", ANDed; docs/filters.md), newest
        first unless order_by says otherwise ("metrics.f1 desc, create_time")."""
        request = rs.ListVersionsRequest(parent=model, state=STATES[state] if state else None, tags=_tags(tags),
                                         page_size=page_size, filter=filter, order_by=order_by)
        yield from self._pages(self.registry.ListVersions, request, "versions")

    def update_version(self, reference: str, *, description: str | None = None, tags: TagChanges | None = None,
                       metrics: MetricChanges | None = None, replace: bool = False, etag: str = "") -> r.Version:
        """Updates what is given; tags and metrics are merged key by key (None deletes a key) unless
        replace."""
        tag_paths, new_tags = _map_paths("tags", _tag_changes(tags), replace)
        metric_paths, new_metrics = _map_paths(
            "metrics", None if metrics is None else typedefs.metric_changes(metrics), replace)
        paths = tag_paths + metric_paths + (["description"] if description is not None else [])
        version = r.Version(name=reference, description=description or "", tags=new_tags, metrics=new_metrics,
                            etag=etag)
        return self._unary(self.registry.UpdateVersion, rs.UpdateVersionRequest(
            version=version, update_mask=field_mask_pb2.FieldMask(paths=paths))).version

    def archive_version(self, reference: str) -> r.Version:
        return self._unary(self.registry.ArchiveVersion, rs.ArchiveVersionRequest(name=reference)).version

    def restore_version(self, reference: str) -> r.Version:
        return self._unary(self.registry.RestoreVersion, rs.RestoreVersionRequest(name=reference)).version

    # Aliases

    def set_alias(self, model: str, alias: str, version: int | str, *, expect: int | None = None) -> r.Alias:
        """Points alias at version: a number (3 or "3") or any reference to a version of model
        ("m:staging", "m:v3", "m@sha256:3f2a9c"; a bare "staging", "v3" or "sha256:3f2a9c" is taken
        as one of model's), resolved by the server in the same transaction as the move. With
        expect (0 = the alias must not exist), raises Conflict unless the alias currently points
        there: a compare-and-swap."""
        request = rs.SetAliasRequest(model=model, alias=alias)
        if isinstance(version, int) or version.isdigit():
            request.version = int(version)
        else:
            request.target = _target(model, version)
        if expect is not None:
            request.expected_version = expect
        return self._unary(self.registry.SetAlias, request).alias

    def delete_alias(self, model: str, alias: str, *, expect: int | None = None) -> None:
        request = rs.DeleteAliasRequest(model=model, alias=alias)
        if expect is not None:
            request.expected_version = expect
        self._unary(self.registry.DeleteAlias, request)

    def list_aliases(self, model: str) -> list[r.Alias]:
        return list(self._unary(self.registry.ListAliases, rs.ListAliasesRequest(model=model)).aliases)

    # Lineage

    def add_lineage(self, reference: str, inputs: Iterable[InputLike]) -> r.Version:
        return self._unary(self.registry.AddLineage, rs.AddLineageRequest(
            name=reference, inputs=[_input(i) for i in inputs])).version

    def lineage(self, reference: str = "", *, artifact: str = "", direction: str = "upstream",
                depth: int = 1) -> rs.GetLineageResponse:
        """The lineage graph around a version (or an artifact URI): nodes and edges."""
        return self._unary(self.registry.GetLineage, rs.GetLineageRequest(
            name=reference, artifact_uri=artifact, direction=DIRECTIONS[direction], depth=depth))

    # Transfer

    def push(self, model: str, path: LocalPath, *, aliases: SequenceNotStr[str] = (), metrics: Metrics | None = None,
             params: Params | None = None, tags: Tags | None = None, description: str = "",
             inputs: Iterable[InputLike] = (), run: str | None = None, run_name: str = "",
             on_progress: OnProgress | None = None, attempts: int = retry.ATTEMPTS,
             compress: str | None = None) -> r.Version:
        """Uploads a file or directory as a new version of model and returns it.

        run (with run_name, what the tracker calls it): the URL of the training run that made it,
        e.g. an MLflow or W&B run page, recorded as its input `Input.of_run(run, name=run_name)`,
        so `modelreg show`, lineage and the dashboard link the version back to it.

        compress ($MODELREG_COMPRESS, else "auto"): whether chunks travel compressed. "auto"
        measures during the push how fast the encoder and the link are and compresses only while
        that moves the bytes faster (a link slower than the encoder); "always" encodes every chunk
        (the smallest transfer); "never" sends raw. Either way the server compresses raw chunks at
        rest in the background, so what is stored ends up compressed (docs/transfer.md).
        The last push's measurements are in `last_push_compression`.

        Only chunks the server lacks are sent; an upload cut by a dropped connection or a replica
        that died is resumed against the target by the SDK's retry policy (retry.py: until
        `attempts` failures in a row without progress), asking again what is missing, so nothing
        is sent twice; the commit is retried as every unary call is, and its one request_id makes
        it count once. So is
        a commit refused with CHUNKS_MISSING (chunks removed meanwhile, e.g. a corrupt stored copy
        the server quarantined): those chunks are uploaded again. File paths must be portable
        (docs/paths.md): otherwise InvalidArgument (INVALID_PATH, PATH_COLLISION) names the file
        before anything is read or sent, and so does an argument of the wrong type
        (ArgumentTypeError: aliases="staging", metrics={"f1": "high"}, params={"lr": [0.1]})."""
        alias_names = typedefs.names(aliases, "aliases", reason="INVALID_ALIAS")
        metric_values = typedefs.metrics(metrics)
        param_values = typedefs.params(params)
        tag_values = typedefs.strings(tags, argument="tags", reason="INVALID_TAG")
        lineage = [_input(i) for i in inputs]
        if run_name and not run:
            raise ArgumentTypeError("run_name names a run: give its URL as run= too", reason="INVALID_LINEAGE",
                                    metadata={"argument": "run_name"})
        if run is not None:
            if not isinstance(run, str) or not isinstance(run_name, str):
                raise ArgumentTypeError(f"run and run_name must be str, not {type(run).__name__} and "
                                        f"{type(run_name).__name__}", reason="INVALID_LINEAGE",
                                        metadata={"argument": "run"})
            lineage.append(Input.of_run(run, name=run_name).proto())
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        policy = transfer.CompressPolicy(compress or os.environ.get("MODELREG_COMPRESS") or "auto")
        self.last_push_compression = policy
        files = transfer.list_files(Path(path))
        scanned = _Counter("scan", sum(f.size for f in files), on_progress)
        files = transfer.scan(Path(path), progress=scanned, files=files)
        request = rs.CreateVersionRequest(
            model_id=model, files=[f.entry() for f in files], description=description, tags=tag_values,
            metrics=metric_values, params=param_values, inputs=lineage, aliases=alias_names,
            request_id=uuid.uuid4().hex)
        if files and all(f.scanned_before for f in files):
            # A re-push: every file is as a previous scan saw it, so its chunks are most likely
            # stored. Commit at once; only if the server says some are missing, upload them below.
            # One round trip (FindMissingChunks) fewer for a push that has nothing to send.
            try:
                version = self._unary(self.registry.CreateVersion, request).version
                _Counter("upload", 0, on_progress)
                return version
            except FailedPrecondition as e:
                if e.reason != "CHUNKS_MISSING":
                    raise
        for attempt in range(attempts):
            self._upload_missing(files, on_progress, attempts, policy)
            try:
                # Retried by _call (retry.py); the same request_id makes a commit that did happen count once.
                return self._unary(self.registry.CreateVersion, request).version
            except FailedPrecondition as e:
                if e.reason != "CHUNKS_MISSING" or attempt == attempts - 1:
                    raise
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _upload_missing(self, files: list, on_progress: OnProgress | None, attempts: int,
                        policy: "transfer.CompressPolicy") -> None:
        digests = list(dict.fromkeys(d for f in files for d, _, _ in f.chunks))
        sizes = {d: s for f in files for d, s, _ in f.chunks}
        failures = retry.Failures(attempts)
        left: int | None = None
        while True:
            missing = self._find_missing(digests)
            missing_bytes = sum(sizes[d] for d in missing)
            if left is not None and missing_bytes < left:
                failures.progress()  # the cut attempt got some chunks committed
            left = missing_bytes
            uploaded = _Counter("upload", missing_bytes, on_progress)
            try:
                if missing:
                    _call(self.transfer.UploadChunks, transfer.upload_requests(files, missing, uploaded, policy=policy))
                return
            except InvalidArgument as e:
                if e.reason != "CHUNK_DIGEST_MISMATCH":
                    raise
                # The client does not hash chunks twice: the server's check is the one that sees a
                # file changed since it was scanned.
                digest = e.metadata.get("digest", "")
                source = next((f.source for f in files for d, _, _ in f.chunks if d == digest), None)
                raise IntegrityError(f"{source or 'a file'} changed while it was being pushed") from None
            except ModelregError as e:
                # The server (a replica) went away mid-upload: resume against the target, asking
                # again what is missing (FindMissingChunks makes that cheap).
                if not failures.failed(e):
                    raise
                failures.wait(e)

    def _find_missing(self, digests: list[str]) -> set[str]:
        missing = set()
        for i in range(0, len(digests), FIND_MISSING_BATCH):
            batch = digests[i:i + FIND_MISSING_BATCH]
            missing.update(self._unary(self.transfer.FindMissingChunks,
                                       ts.FindMissingChunksRequest(digests=batch)).missing_digests)
        return missing

    def pull(self, reference: str, dest: LocalPath, *, overwrite: bool = False, on_progress: OnProgress | None = None,
             attempts: int = retry.ATTEMPTS) -> r.Version:
        """Downloads a version into dest (which must not exist unless overwrite) and returns it.

        Every chunk and file is verified; files are written into a staging directory beside dest,
        `.DESTNAME.modelreg-<digest prefix>.incomplete`, that is renamed into place only when
        complete. A cut stream (a dropped connection, a replica that died: the next attempt goes to
        another) resumes from the last verified chunk, by the SDK's retry policy (retry.py: until
        `attempts` failures in a row without progress; a verified chunk resets the count), and
        so does a pull of the same version into the same dest after this one was killed or failed:
        it keeps the staging (unless its bytes turned out wrong) and the next run downloads only
        the rest; on_progress("download", done, total) is first called with the bytes already
        there. A pull removes stagings left for another version of the same dest, and any left in
        dest's parent directory for more than a day (see staging.py)."""
        dest = Path(dest)
        if (dest.exists() or dest.is_symlink()) and not overwrite:
            raise FileExistsError(f"{dest} exists; pass overwrite=True to replace it")
        version = self.get_version(reference, files=True)
        assembler = transfer.Assembler(version, dest)
        try:
            counter = _Counter("download", assembler.total, on_progress, done=assembler.offset)
            failures = retry.Failures(attempts)
            while not assembler.complete:
                request = ts.DownloadVersionRequest(name=version.name, offset=assembler.offset,
                                                    max_message_bytes=transfer.DOWNLOAD_MESSAGE_BYTES)
                try:
                    stream = self.transfer.DownloadVersion(request)
                    items = (item for message in stream for item in message.items)
                    # Chunks are decoded and verified in parallel, written in order.
                    for response, raw in transfer.bounded_map(lambda resp: (resp, transfer.decode(resp)), items):
                        counter(assembler.write(response, raw))
                        failures.progress()
                    if not assembler.complete:
                        # Ended cleanly but early (e.g. the server shut down): resume like a cut.
                        if not failures.failed():
                            raise IntegrityError(f"stream ended at byte {assembler.offset} of {assembler.total}")
                        failures.wait()
                except grpc.RpcError as e:
                    error = from_rpc_error(e)
                    if not failures.failed(error):
                        raise error from None
                    failures.wait(error)
            assembler.commit(overwrite=overwrite)
        except BaseException:
            assembler.close()
            raise
        return version

    def snapshot(self, reference: str, *, cache_dir: LocalPath | None = None, offline: bool | None = None,
                 on_progress: OnProgress | None = None, attempts: int = 5) -> Path:
        """A read-only directory holding the version, from the shared local cache (cache.py,
        docs/cache.md): $MODELREG_CACHE (or cache_dir), else ~/.cache/modelreg. Each distinct file
        is stored there once across versions and models, and the snapshot is a tree of links into
        that store, so a second version costs only the content it changed: its files are made
        from chunks the cache holds and only the missing chunks are downloaded (ranges of
        DownloadVersion). Every byte is verified, as a pull's; several processes may snapshot at
        once (a lock per file and per snapshot); one killed half-way resumes from its verified
        chunks. A snapshot made before is returned without downloading anything.

        offline (default: $MODELREG_OFFLINE=1): no network at all; `m:alias` serves the version the
        alias last resolved to on this machine, `m:vN` and `m@sha256:<prefix>` what the cache holds;
        NotFound NOT_CACHED when it holds nothing for the reference. `last_snapshot` then holds the
        cache.Snapshot (fetched_bytes, reused_bytes, cached)."""
        from .cache import Cache, offline as offline_env
        store = Cache(cache_dir)
        try:
            if offline_env() if offline is None else offline:
                snap = store.resolve_offline(reference)
            else:
                version = self.get_version(reference, files=True)
                snap = store.build(version, lambda name, start, end: self._fetch_range(name, start, end, attempts),
                                   on_progress=on_progress)
                store.record_ref(reference, version)
        finally:
            store.close()
        self.last_snapshot = snap
        return snap.path

    def _fetch_range(self, name: str, start: int, end: int, attempts: int) -> Iterator[tuple[int, str, bytes]]:
        """(offset, digest, raw bytes verified against the digest) of each chunk of a version from
        byte start to byte end (chunk boundaries), resuming after a cut up to `attempts` times."""
        offset, failures = start, 0
        while offset < end:
            request = ts.DownloadVersionRequest(name=name, offset=offset, end_offset=end,
                                                max_message_bytes=transfer.DOWNLOAD_MESSAGE_BYTES)
            stream = self.transfer.DownloadVersion(request)
            try:
                items = (item for message in stream for item in message.items)
                for response, raw in transfer.bounded_map(lambda resp: (resp, transfer.decode(resp)), items):
                    yield response.offset, response.chunk.digest, raw
                    offset, failures = response.offset + len(raw), 0
                    if offset >= end:
                        break  # a server older than end_offset streams on: stop reading (cancelled below)
                else:
                    failures += 1
                    if failures >= attempts:
                        raise IntegrityError(f"stream ended at byte {offset} of {name}'s range to {end}")
                    time.sleep(min(5.0, 0.2 * 2 ** failures))
            except grpc.RpcError as e:
                error = from_rpc_error(e)
                failures += 1
                if error.code not in RETRYABLE or failures >= attempts:
                    raise error from None
                time.sleep(min(5.0, 0.2 * 2 ** failures))
            finally:
                stream.cancel()

    # Production metrics

    def report(self, reference: str, metrics: Metrics, *, labels: Tags | None = None,
               time: float | datetime | None = None) -> None:
        """Reports production metrics of a version (`m:production`, `m:v3`): one point per
        name=value of `metrics`, with `labels` (e.g. {"deployment": "eu-1"}), measured at `time`
        (epoch seconds or datetime; default: now, this machine's clock). Returns at once: points are
        buffered and sent in batches by a background thread, retried while the server is away;
        it never raises and never blocks (bad values and refused points are counted in
        report_stats(); a full buffer drops the oldest points). An alias is resolved by the server
        when the point arrives."""
        self._reporting().report(reference, metrics, labels=labels, time=time)

    def flush_reports(self, timeout: float | None = 10.0) -> bool:
        """Waits until every point reported so far was acknowledged or rejected; False on timeout."""
        return self._reporting().flush(timeout)

    def report_stats(self) -> "ReportStats":
        """reporting.ReportStats: queued, sent, dropped, rejected (with rejected_by_reason), last_error."""
        return self._reporting().stats()

    def _reporting(self) -> "Reporter":
        reporter = self._reporter
        if reporter is None:
            from .reporting import Reporter
            with self._reporter_lock:
                reporter = self._reporter
                if reporter is None:
                    max_points, batch_size, flush_interval = self._report_options
                    reporter = self._reporter = Reporter(
                        self.monitoring.BatchReportMetrics, max_points=max_points, batch_size=batch_size,
                        flush_interval=flush_interval)
        return reporter

    def report_now(self, reference: str, metrics: Metrics, *, labels: Tags | None = None,
                   time: float | datetime | None = None) -> int:
        """Sends the points at once and waits (the CLI's `modelreg report`): the number stored, or
        the server's error (InvalidArgument INVALID_VALUE, NotFound VERSION_NOT_FOUND, ...)."""
        from .reporting import _Point, timestamp, to_proto
        when = timestamp(time)
        items = tuple(sorted((labels or {}).items()))
        points = [to_proto(_Point(reference, name, float(value), when, items)) for name, value in metrics.items()]
        return self._unary(self.monitoring.BatchReportMetrics, mon.BatchReportMetricsRequest(
            version=reference, points=points)).accepted_points

    def metric_series(self, reference: str, metric: str, *, window: Span = "1h", step: Span | None = None,
                      aggregation: str = "mean", labels: Tags | None = None,
                      end: float | datetime | None = None) -> "MetricSeries":
        """A metric of one version over `window` ("1h", seconds or timedelta) back from `end`
        (default now), per `step` (default: the window over 60), aggregated by `aggregation` (mean,
        count, sum, min, max, rate, p50, p99, p99.9, ...); labels select the series carrying them.
        A series.MetricSeries: version, buckets (time, value, count), summary."""
        from .series import MetricSeries, duration_proto, timestamp_proto
        request = mon.GetMetricSeriesRequest(version=reference, metric=metric, aggregation=aggregation,
                                             labels=labels or {}, window=duration_proto(window, "window"),
                                             step=duration_proto(step, "step"), end_time=timestamp_proto(end))
        return MetricSeries.from_proto(self._unary(self.monitoring.GetMetricSeries, request))

    def compare_metrics(self, champion: str, challenger: str, metric: str, *, window: Span = "1h",
                        step: Span | None = None, aggregation: str = "mean", labels: Tags | None = None,
                        end: float | datetime | None = None) -> "Comparison":
        """Two versions of one model over the same window (series.Comparison: champion, challenger,
        difference = challenger - champion, relative_difference_percent)."""
        from .series import Comparison, duration_proto, timestamp_proto
        request = mon.CompareMetricSeriesRequest(
            champion=champion, challenger=challenger, metric=metric, aggregation=aggregation, labels=labels or {},
            window=duration_proto(window, "window"), step=duration_proto(step, "step"), end_time=timestamp_proto(end))
        return Comparison.from_proto(self._unary(self.monitoring.CompareMetricSeries, request))

    def list_metrics(self, parent: str) -> "list[MetricInfo]":
        """The metric names of a version (`m:production`) or of every version of a model (`m`), by
        name (series.MetricInfo: metric, label_keys, series_count, last_point_time)."""
        from .series import MetricInfo
        response = self._unary(self.monitoring.ListMetrics, mon.ListMetricsRequest(parent=parent))
        return [MetricInfo.from_proto(m) for m in response.metrics]

    # Deploy agent

    def follow(self, reference: str, directory: LocalPath, *, keep: int = 3,
               on_version: "Callable[[Deployed], None] | None" = None, stop: threading.Event | None = None,
               report_labels: Tags | None = None, cache: bool = True) -> None:
        """Keeps directory/current pointing at the version MODEL:ALIAS names, each new one at
        directory/versions/<n>: with cache (the default), a tree of hard links to its snapshot in the
        shared cache (snapshot()), so kept versions share their common content and a new one
        downloads only its changed chunks; without, a pull of the whole version. Runs until `stop`
        (a threading.Event) is set. With report_labels, each swap is reported as metrics of the new
        version. See follow.py."""
        from .follow import follow
        follow(self, reference, directory, keep=keep, on_version=on_version, stop=stop, report_labels=report_labels,
               cache=cache)

    # Maintenance

    def check_store(self, *, repair: bool = False) -> ms.CheckStoreResponse:
        """fsck: verifies every stored chunk and that every version can be reassembled. With
        repair, corrupt chunks are moved into the server's quarantine (`quarantined_chunks`), so
        that pushing the `damaged_versions`' content again uploads them and heals those versions."""
        return _call(self.maintenance.CheckStore, ms.CheckStoreRequest(repair=repair))

    def collect_garbage(self, *, grace_period: float = 3600.0, dry_run: bool = False) -> ms.CollectGarbageResponse:
        """Removes chunks no version references, sparing those leased by pushes in flight and those
        stored or asked about within grace_period seconds."""
        request = ms.CollectGarbageRequest(dry_run=dry_run)
        request.grace_period.FromNanoseconds(int(grace_period * 1e9))
        return _call(self.maintenance.CollectGarbage, request)

    def compact_chunks(self, *, wait: bool = False) -> ms.CompactChunksResponse:
        """The backlog of chunks stored raw that the server compresses at rest in the background
        (`chunks_pending`); with wait, the server first computes the whole-file sha256s it has not
        filled in yet (format 2 versions), then compresses the whole backlog (tests, benchmarks)."""
        return _call(self.maintenance.CompactChunks, ms.CompactChunksRequest(wait=wait))

    def compact_events(self, *, older_than: float | None = None, through_sequence: int = 0) -> ms.CompactEventsResponse:
        """Removes old events (older than `older_than` seconds, or up to `through_sequence`); watches
        resuming from before that point get OutOfRange CURSOR_COMPACTED and must resync."""
        request = ms.CompactEventsRequest(through_sequence=through_sequence)
        if older_than is not None:
            request.older_than.FromNanoseconds(int(older_than * 1e9))
        return _call(self.maintenance.CompactEvents, request)

    # Governance (admin-only except whoami)

    def whoami(self) -> ac.GetCallerResponse:
        """The principal this client's token belongs to and its role bindings."""
        return self._unary(self.access.GetCaller, ac.GetCallerRequest())

    def create_principal(self, name: str, *, kind: str = "user", description: str = "") -> ac.Principal:
        """kind: "user" or "service_account"."""
        return self._unary(self.access.CreatePrincipal, ac.CreatePrincipalRequest(
            principal_id=name, kind=_choice(PRINCIPAL_KINDS, kind, "principal kind", "INVALID_KIND"),
            description=description)).principal

    def list_principals(self, *, page_size: int = 0) -> Iterator[ac.Principal]:
        yield from self._pages(self.access.ListPrincipals, ac.ListPrincipalsRequest(page_size=page_size), "principals")

    def delete_principal(self, name: str) -> None:
        """Deletes a principal, its tokens (revoked at once) and its role bindings."""
        self._unary(self.access.DeletePrincipal, ac.DeletePrincipalRequest(name=_principal(name)))

    def create_token(self, principal: str, *, description: str = "", ttl: float | None = None) -> tuple[ac.Token, str]:
        """(token, bearer secret). The secret is returned this once; ttl in seconds (None: never expires)."""
        request = ac.CreateTokenRequest(parent=_principal(principal), description=description)
        if ttl:
            request.ttl.FromNanoseconds(int(ttl * 1e9))
        response = self._unary(self.access.CreateToken, request)
        return response.token, response.secret

    def list_tokens(self, principal: str = "", *, page_size: int = 0) -> Iterator[ac.Token]:
        request = ac.ListTokensRequest(parent=_principal(principal) if principal else "", page_size=page_size)
        yield from self._pages(self.access.ListTokens, request, "tokens")

    def revoke_token(self, name: str) -> ac.Token:
        """name: `principals/{p}/tokens/{id}` or the token id."""
        return self._unary(self.access.RevokeToken, ac.RevokeTokenRequest(name=name)).token

    def grant_role(self, principal: str, role: str, *, models: str = "*") -> ac.RoleBinding:
        """role: viewer, editor, maintainer or admin; models: a model id or glob ("*": all models)."""
        role_value = _choice(ROLES, role, "role", "INVALID_ROLE")
        request = ac.GrantRoleRequest(principal=_principal(principal), role=role_value, model_pattern=models)
        return self._unary(self.access.GrantRole, request).role_binding

    def revoke_role(self, name: str) -> None:
        """name: `roleBindings/{id}`."""
        self._unary(self.access.RevokeRole, ac.RevokeRoleRequest(name=name))

    def list_role_bindings(self, principal: str = "") -> list[ac.RoleBinding]:
        request = ac.ListRoleBindingsRequest(principal=_principal(principal) if principal else "")
        return list(self._unary(self.access.ListRoleBindings, request).role_bindings)

    def protect_alias(self, alias: str, *, models: str = "*", require: str | None = None) -> ac.ProtectedAlias:
        """Only maintainers and admins may then move or remove matching aliases (alias may be a glob).
        require: a promotion gate, a filter over versions (`metrics.f1 >= 0.9 AND description:*`)
        that a version must match before anyone, admins included, moves a matching alias onto it
        (FailedPrecondition, reason PROMOTION_BLOCKED, metadata `clause_N` / `actual_N`).
        Protecting an alias already protected replaces its requirement when require is given
        ("" removes it) and keeps it when require is None."""
        request = ac.CreateProtectedAliasRequest(model_pattern=models, alias_pattern=alias, require=require)
        return self._unary(self.access.CreateProtectedAlias, request).protected_alias

    def check_promotion(self, reference: str, alias: str) -> ac.CheckPromotionResponse:
        """Whether moving alias onto the version `reference` names (`fraud:7`, `fraud:staging`)
        would pass the promotion gates: `allowed`, and each clause with `passed` and `actual`."""
        request = ac.CheckPromotionRequest(version=reference, alias=alias)
        return self._unary(self.access.CheckPromotion, request)

    def list_protected_aliases(self) -> list[ac.ProtectedAlias]:
        return list(self._unary(self.access.ListProtectedAliases, ac.ListProtectedAliasesRequest()).protected_aliases)

    def unprotect_alias(self, name: str) -> None:
        """name: `protectedAliases/{id}`."""
        self._unary(self.access.DeleteProtectedAlias, ac.DeleteProtectedAliasRequest(name=name))

    def audit(self, *, actor: str = "", model: str = "", types: SequenceNotStr[str] = (), outcome: str = "",
              since: float | None = None, until: float | None = None, page_size: int = 0) -> Iterator[ac.AuditRecord]:
        """Changes and refused calls, newest first. outcome: "allowed", "denied" or "" for both;
        since/until: Unix times in seconds."""
        request = ac.ListAuditRecordsRequest(
            actor=actor, model=model, event_types=[_event_type(t) for t in typedefs.names(types, "types", reason="INVALID_EVENT_TYPE")],
            outcome=_choice(OUTCOMES, outcome, "outcome", "INVALID_OUTCOME"), page_size=page_size)
        if since is not None:
            request.start_time.FromNanoseconds(int(since * 1e9))
        if until is not None:
            request.end_time.FromNanoseconds(int(until * 1e9))
        yield from self._pages(self.access.ListAuditRecords, request, "records")

    def create_login_link(self) -> ac.CreateLoginLinkResponse:
        """A one-time link (`.url`) that signs a browser in to the server's web dashboard as this
        client's token; it works once, until `.expire_time` (5 minutes)."""
        return self._unary(self.access.CreateLoginLink, ac.CreateLoginLinkRequest())

    def _pages(self, method: Callable[..., Any], request: Any, field: str) -> Iterator[Any]:
        """Every item of a paginated List call, fetching pages as the caller iterates."""
        while True:
            page = self._unary(method, request)
            yield from getattr(page, field)
            if not page.next_page_token:
                return
            request.page_token = page.next_page_token

    # Monitors

    def create_monitor(self, target: str, *, metric: str, aggregation: str = "mean", window: float = 300.0,
                       below: float | None = None, above: float | None = None, worse_than: str | None = None,
                       by_percent: float = 0.0, higher_is_worse: bool = False, min_samples: int = 1,
                       for_duration: float = 0.0, cooldown: float | None = None, rollback: bool = False,
                       labels: Tags | None = None, description: str = "", monitor_id: str = "") -> mon.Monitor:
        """Watches `MODEL:ALIAS`: the aggregation of a production metric of whatever version the alias
        names, over the trailing window (seconds), against one condition: below/above a threshold,
        or worse_than another alias or version of the model (by more than by_percent; worse means
        lower unless higher_is_worse). Fires once breached for for_duration seconds with at least
        min_samples points; with rollback, moves the alias back to the version it held before
        (at most once per cooldown seconds, default 30 minutes)."""
        model, sep, alias = target.partition(":")
        if not sep:
            raise ValueError(f"{target!r}: a monitor watches MODEL:ALIAS")
        m = mon.Monitor(alias=alias, metric=metric, aggregation=aggregation, window=_seconds(window),
                        min_samples=min_samples, for_duration=_seconds(for_duration), rollback=rollback,
                        labels=_tags(labels, "labels"), description=description)
        if cooldown is not None:
            m.cooldown.CopyFrom(_seconds(cooldown))
        if below is not None:
            m.below = below
        if above is not None:
            m.above = above
        if worse_than is not None:
            m.worse_than.CopyFrom(mon.Baseline(baseline=worse_than, by_percent=by_percent,
                                               higher_is_worse=higher_is_worse))
        return self._unary(self.monitoring.CreateMonitor, mon.CreateMonitorRequest(
            parent=f"models/{model}", monitor_id=monitor_id, monitor=m)).monitor

    def get_monitor(self, name: str) -> mon.Monitor:
        """`models/{model}/monitors/{id}`, with its state and last evaluation."""
        return self._unary(self.monitoring.GetMonitor, mon.GetMonitorRequest(name=name)).monitor

    def list_monitors(self, model: str = "", *, page_size: int = 0) -> Iterator[mon.Monitor]:
        """The monitors of one model, or of every model readable ("")."""
        parent = f"models/{model.removeprefix('models/')}" if model else "models/-"
        yield from self._pages(self.monitoring.ListMonitors,
                               mon.ListMonitorsRequest(parent=parent, page_size=page_size), "monitors")

    def delete_monitor(self, name: str) -> None:
        """Deletes the monitor, its history and its service account."""
        self._unary(self.monitoring.DeleteMonitor, mon.DeleteMonitorRequest(name=name))

    def monitor_transitions(self, name: str, *, page_size: int = 0) -> Iterator[mon.MonitorTransition]:
        """The monitor's state changes, newest first, with the value that caused each and its rollback."""
        yield from self._pages(self.monitoring.ListMonitorTransitions,
                               mon.ListMonitorTransitionsRequest(parent=name, page_size=page_size), "transitions")

    # Webhooks

    def add_webhook(self, target_url: str, *, models: SequenceNotStr[str] = (), types: SequenceNotStr[str] = (),
                    aliases: SequenceNotStr[str] = (), format: str = "json", secret: str = "", on_failure: str = "skip",
                    enabled: bool = True, description: str = "", webhook_id: str = "",
                    filter: str = "") -> au.CreateWebhookResponse:
        """Subscribes target_url to the events matching the filters (model ids or globs, type names
        such as "ALIAS_SET", alias names or globs, and `filter`, an AIP-160 filter over events such
        as 'model = "sentiment-*" AND type = ALIAS_SET AND version >= 3'; all ANDed), from now
        on. format: "json" (Standard Webhooks),
        "slack" or "teams". on_failure: "skip" (mark failed, carry on) or "pause". Returns the
        webhook and its secret (`.webhook`, `.secret`): the only time the secret is returned."""
        webhook = au.Webhook(
            target_url=target_url, models=typedefs.names(models, "models", reason="INVALID_MODEL"),
            event_types=[_event_type(t) for t in typedefs.names(types, "types", reason="INVALID_EVENT_TYPE")],
            aliases=typedefs.names(aliases, "aliases", reason="INVALID_ALIAS"), payload_format=_choice(FORMATS, format, "payload format"), secret=secret,
            state=au.WEBHOOK_STATE_ENABLED if enabled else au.WEBHOOK_STATE_DISABLED,
            on_failure=_choice(POLICIES, on_failure, "failure policy"), description=description, filter=filter)
        return self._unary(self.automations.CreateWebhook,
                           au.CreateWebhookRequest(webhook_id=webhook_id, webhook=webhook))

    def get_webhook(self, name: str) -> au.Webhook:
        return self._unary(self.automations.GetWebhook, au.GetWebhookRequest(name=name)).webhook

    def list_webhooks(self, *, page_size: int = 0) -> Iterator[au.Webhook]:
        yield from self._pages(self.automations.ListWebhooks, au.ListWebhooksRequest(page_size=page_size), "webhooks")

    def update_webhook(self, name: str, *, enabled: bool | None = None, target_url: str | None = None,
                       models: SequenceNotStr[str] | None = None, types: SequenceNotStr[str] | None = None,
                       aliases: SequenceNotStr[str] | None = None, format: str | None = None, secret: str | None = None,
                       on_failure: str | None = None, description: str | None = None,
                       filter: str | None = None) -> au.Webhook:
        """Changes what is given (filter="" removes the filter). Enabling a webhook paused by its
        failure policy retries the held delivery; enabling a disabled one starts from the events
        committed after that."""
        webhook, paths = au.Webhook(name=name), list[str]()
        if enabled is not None:
            webhook.state = au.WEBHOOK_STATE_ENABLED if enabled else au.WEBHOOK_STATE_DISABLED
            paths.append("state")
        for path, value in (("target_url", target_url), ("secret", secret), ("description", description),
                            ("filter", filter)):
            if value is not None:
                setattr(webhook, path, value)
                paths.append(path)
        for path, values in (("models", models), ("aliases", aliases)):
            if values is not None:
                getattr(webhook, path).extend(typedefs.names(values, path, reason=f"INVALID_{path[:-1].upper()}"))
                paths.append(path)
        if types is not None:
            webhook.event_types.extend(_event_type(t) for t in typedefs.names(types, "types",
                                                                             reason="INVALID_EVENT_TYPE"))
            paths.append("event_types")
        if format is not None:
            webhook.payload_format = _choice(FORMATS, format, "payload format")
            paths.append("payload_format")
        if on_failure is not None:
            webhook.on_failure = _choice(POLICIES, on_failure, "failure policy")
            paths.append("on_failure")
        return self._unary(self.automations.UpdateWebhook, au.UpdateWebhookRequest(
            webhook=webhook, update_mask=field_mask_pb2.FieldMask(paths=paths))).webhook

    def delete_webhook(self, name: str) -> None:
        self._unary(self.automations.DeleteWebhook, au.DeleteWebhookRequest(name=name))

    def test_webhook(self, name: str) -> au.WebhookDelivery:
        """Sends a signed `webhook.ping` now and returns the delivery with its one attempt."""
        return self._unary(self.automations.TestWebhook, au.TestWebhookRequest(name=name)).delivery

    def webhook_deliveries(self, name: str, *, status: str | None = None, page_size: int = 0,
                           limit: int | None = None) -> Iterator[au.WebhookDelivery]:
        """A webhook's deliveries, newest first, each with its attempts; status: "pending",
        "succeeded", "failed" or None for any; at most `limit` of them."""
        token, count = "", 0
        while True:
            page = self._unary(self.automations.ListWebhookDeliveries, au.ListWebhookDeliveriesRequest(
                parent=name, status=_choice(DELIVERY_STATUSES, status, "delivery status") if status else None,
                page_size=page_size, page_token=token))
            for delivery in page.deliveries:
                if limit is not None and count >= limit:
                    return
                count += 1
                yield delivery
            token = page.next_page_token
            if not token:
                return

    def retry_delivery(self, name: str) -> au.WebhookDelivery:
        """Queues a failed delivery (`webhooks/ID/deliveries/N`) again, with the same webhook-id."""
        return self._unary(self.automations.RetryWebhookDelivery, au.RetryWebhookDeliveryRequest(name=name)).delivery

    # Events

    def event_head(self) -> int:
        return self._unary(self.events.GetEventHead, ev.GetEventHeadRequest()).head_sequence

    def watch(self, *, after: int | None = None, models: SequenceNotStr[str] = (), types: SequenceNotStr[str] = (),
              aliases: SequenceNotStr[str] = (), progress_interval: float | None = None,
              reconnect: bool = True, filter: str = "") -> "Watch":
        """An iterator of events after sequence `after` (None: from now on) matching the filters.
        Types are names such as "ALIAS_SET"; `filter` is an AIP-160 filter over the events' type,
        model, alias, version, actor and time, ANDed with the lists (e.g. 'type = VERSION_CREATED
        AND model = "nlp-*"'; docs/automations.md). It reconnects after any disconnect or server restart,
        resuming after the last event it delivered; it raises Unauthenticated or PermissionDenied,
        without reconnecting, when the server ends it because its token or role was revoked."""
        return Watch(self, after=after, models=typedefs.names(models, "models", reason="INVALID_MODEL"),
                     types=typedefs.names(types, "types", reason="INVALID_EVENT_TYPE"),
                     aliases=typedefs.names(aliases, "aliases", reason="INVALID_ALIAS"),
                     progress_interval=progress_interval, reconnect=reconnect, filter=filter)

    # Search (end of Registry)

    def search_versions(self, filter: str = "", *, order_by: str = "", state: str | None = None,
                        tags: Tags | None = None, page_size: int = 0) -> Iterator[r.Version]:
        """The versions of every model the caller may read that match an AIP-160 filter
        ('metrics.f1 > 0.9 AND tags.team = "nlp"'; docs/filters.md), newest first unless
        order_by says otherwise ("metrics.f1 desc"): ListVersions on parent `models/-`, paged
        as list_versions is."""
        return self.list_versions("models/-", state=state, tags=tags, page_size=page_size, filter=filter,
                                  order_by=order_by)


class Watch:
    """Iterates events; `last_sequence` is the sequence of the last event delivered (or the head
    confirmed by the server), the point a later watch resumes from."""

    def __init__(self, registry: Registry, *, after: int | None, models: list[str], types: list[str],
                 aliases: list[str], progress_interval: float | None, reconnect: bool, filter: str = ""):
        self.registry = registry
        self.filter = filter
        self.last_sequence = after
        self.models, self.aliases, self.reconnect = models, aliases, reconnect
        self.types = [_event_type(t) for t in types]
        self.progress_interval = progress_interval
        self._call: Any = None
        self._closed = False
        self._lock = threading.Lock()

    def _request(self) -> ev.WatchRequest:
        request = ev.WatchRequest(models=self.models, event_types=self.types, aliases=self.aliases,
                                  filter=self.filter)
        if self.last_sequence is not None:
            request.after_sequence = self.last_sequence
        if self.progress_interval:
            request.progress_interval.CopyFrom(duration_pb2.Duration(
                seconds=int(self.progress_interval), nanos=int(self.progress_interval % 1 * 1e9)))
        return request

    def __iter__(self) -> Iterator[r.Event]:
        failures = 0
        if self.last_sequence is None:
            # "From now on" is pinned before the stream opens, so a reconnect cannot skip events.
            self.last_sequence = self.registry.event_head()
        while True:
            with self._lock:
                if self._closed:
                    return
                self._call = self.registry.events.Watch(self._request())
            try:
                for response in self._call:
                    failures = 0
                    if response.HasField("event"):
                        self.last_sequence = response.event.sequence
                        yield response.event
                    else:
                        # Every event up to the head has been checked against the filters.
                        self.last_sequence = max(self.last_sequence or 0, response.progress.head_sequence)
                if self._closed or not self.reconnect:
                    return
                error = None  # ended cleanly (the server shut down): resumed like a cut
            except grpc.RpcError as e:
                error = from_rpc_error(e)
                if self._closed:
                    return
                if not retry.resumed(error) or not self.reconnect:
                    raise error from None
            # The retry policy (retry.py): resumed after the last sequence delivered for as long as
            # the watch is open; an event or progress notification resets the count.
            retry.wait(failures, error)
            failures += 1

    def close(self) -> None:
        """Ends the iteration (from another thread, too)."""
        with self._lock:
            self._closed = True
            if self._call is not None:
                self._call.cancel()


def _event_type(name: str) -> "r.EventType":
    full = name.upper() if name.upper().startswith("EVENT_TYPE_") else "EVENT_TYPE_" + name.upper()
    if full not in r.EventType.keys() or full == "EVENT_TYPE_UNSPECIFIED":
        known = ", ".join(k.removeprefix("EVENT_TYPE_") for k in r.EventType.keys()[1:])
        raise InvalidArgument(f"unknown event type {name!r}; known: {known}", reason="INVALID_EVENT_TYPE")
    return cast("r.EventType", r.EventType.Value(full))


E = TypeVar("E")


def _choice(choices: Mapping[str, E], name: str, what: str, reason: str = "INVALID_ARGUMENT") -> E:
    try:
        return choices[name.lower()]
    except KeyError:
        raise InvalidArgument(f"unknown {what} {name!r}; known: {', '.join(repr(c) for c in choices)}",
                              reason=reason) from None


class _Counter:
    """Adds up bytes done (from several threads) and reports them to on_progress."""

    def __init__(self, phase: str, total: int, on_progress: OnProgress | None, *, done: int = 0):
        self.phase, self.total, self.done, self.on_progress = phase, total, done, on_progress
        self._lock = threading.Lock()
        if on_progress:
            on_progress(phase, done, total)

    def __call__(self, n: int) -> None:
        with self._lock:
            self.done += n
            done = self.done
        if self.on_progress:
            self.on_progress(self.phase, done, self.total)


def _tags(tags: Tags | None, argument: str = "tags") -> dict[str, str]:
    """Tags (or labels) checked to be str -> str (ArgumentTypeError INVALID_TAG otherwise)."""
    return typedefs.strings(tags, argument=argument, reason="INVALID_TAG")


def _tag_changes(tags: TagChanges | None) -> dict[str, str | None] | None:
    return None if tags is None else typedefs.string_changes(tags, argument="tags", reason="INVALID_TAG")


def _map_paths(field: str, values: Mapping[str, Any] | None, replace: bool) -> tuple[list[str], dict[str, Any]]:
    if values is None:
        return [], {}
    if replace:
        return [field], {k: v for k, v in values.items() if v is not None}
    return [f"{field}.{k}" for k in values], {k: v for k, v in values.items() if v is not None}


def _target(model: str, reference: str) -> str:
    """A version reference relative to model: `staging` -> `model:staging`, `sha256:3f2a9c` ->
    `model@sha256:3f2a9c`; anything naming its model already is left as it is."""
    if reference.startswith("sha256:"):
        return f"{model}@{reference}"
    if not any(c in reference for c in ":@/"):
        return f"{model}:{reference}"
    return reference


# Registries alive in this process, remade in the child after fork() (gunicorn --preload,
# multiprocessing's fork start method, Celery prefork workers).
_LIVE: "weakref.WeakSet[Registry]" = weakref.WeakSet()
_ABANDONED: list[tuple[grpc.Channel, grpc.Channel]] = []


def _after_fork() -> None:
    for registry in list(_LIVE):
        registry._forked()


os.register_at_fork(after_in_child=_after_fork)
