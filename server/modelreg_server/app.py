"""Assembles and runs the server: data directory, servicers, health, reflection, graceful shutdown."""

import asyncio
import errno
import ipaddress
import logging
import os
import signal
import socket
import sqlite3
import ssl
import sys
from pathlib import Path

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from modelreg import codec
from modelreg.v1 import (access_service_pb2, access_service_pb2_grpc, automation_service_pb2,
                         automation_service_pb2_grpc, event_service_pb2, event_service_pb2_grpc,
                         maintenance_service_pb2, maintenance_service_pb2_grpc, registry_service_pb2,
                         monitoring_service_pb2, monitoring_service_pb2_grpc, registry_service_pb2_grpc,
                         transfer_service_pb2, transfer_service_pb2_grpc)

from . import datadir, logs, operator, reflection, tracing as tracing_
from .api import (AccessServicer, AutomationServicer, EventServicer, MaintenanceServicer, RegistryServicer,
                  TransferServicer)
from .api_monitoring import MonitoringServicer
from .automations import Automations
from .metrics import Metrics, Retention, Settings as MetricsSettings
from .monitors import Evaluator, Monitors
from .chunkstore import BadChunkStoreURL, LayoutError, open_chunk_store
from .errors import RegistryError
from .service import Registry
from .telemetry import Telemetry
from .metadata import BadDatabaseURL, database_kind, open_metadata
from .sqlite_store import SqliteDatabase, SqliteEventLog
from .webhooks import MIN_WEBHOOK_LEASE, AllowList, Dispatcher, Settings

log = logging.getLogger("modelreg.server")

# A chunk at the size limit plus framing; manifests of very large models stay well below.
MAX_MESSAGE_SIZE = codec.MAX_CHUNK_SIZE + 16 * 1024 * 1024
SERVICES = [
    registry_service_pb2.DESCRIPTOR.services_by_name["RegistryService"].full_name,
    transfer_service_pb2.DESCRIPTOR.services_by_name["TransferService"].full_name,
    event_service_pb2.DESCRIPTOR.services_by_name["EventService"].full_name,
    maintenance_service_pb2.DESCRIPTOR.services_by_name["MaintenanceService"].full_name,
    access_service_pb2.DESCRIPTOR.services_by_name["AccessService"].full_name,
    automation_service_pb2.DESCRIPTOR.services_by_name["AutomationService"].full_name,
    monitoring_service_pb2.DESCRIPTOR.services_by_name["MonitoringService"].full_name,
]
# Exit codes of `modelreg serve` when it cannot start, each after one line on stderr saying why
# (listed in `modelreg serve --help`).
EXIT_DATA_DIR = 3  # the data directory cannot be created, written or opened (read-only, full, not a registry)
EXIT_IN_USE = 4    # another modelreg process holds the data directory
EXIT_LISTEN = 5    # cannot listen on --listen (address in use, unknown host)
EXIT_TLS = 6       # the TLS files cannot be read or do not fit together


class StartupError(Exception):
    """Why the server cannot start, in one line for the operator, and the exit code to end with."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def lock_data_dir(data_dir: Path) -> datadir.Lock:
    """Creates the data directory if needed and takes it for this process (datadir.py)."""
    data_dir = Path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        return datadir.lock(data_dir)
    except datadir.Locked as e:
        raise StartupError(f"{e}: one server per data directory; stop it or give another --data", EXIT_IN_USE) from None
    except OSError as e:
        raise StartupError(f"cannot write the data directory {data_dir}: {_os_reason(e)}", EXIT_DATA_DIR) from None


def open_registry(held: datadir.Lock, *, auth_required: bool = False, busy_timeout: float = 30.0,
                  blobs_url: str | None = None, db_url: str | None = None) -> Registry:
    """The registry of a data directory this process holds: its metadata in DATA/registry.db or
    where db_url says (metadata.open_metadata), its chunks in DATA/blobs or where blobs_url says
    (chunkstore.open_chunk_store). Only the holder may clean DATA/blobs/tmp: a chunk store
    elsewhere may serve other processes too, so its leftovers are left alone."""
    metadata, events = open_database(held.data_dir, db_url, busy_timeout=busy_timeout)
    try:
        blobs = open_blobs(held.data_dir, blobs_url)
    except BaseException:
        metadata.close()
        raise
    return Registry(metadata, events, blobs, auth_required=auth_required)


def default_db_url(data_dir: Path) -> str:
    return f"sqlite:///{Path(data_dir) / 'registry.db'}"


def open_database(data_dir: Path, url: str | None, *, busy_timeout: float = 30.0):
    """The metadata store and event log: DATA/registry.db unless a --db URL names another."""
    where = f"the database {_shown(url)}" if url else f"the data directory {data_dir}"
    try:
        return open_metadata(url or default_db_url(data_dir), busy_timeout=busy_timeout)
    except BadDatabaseURL as e:
        raise StartupError(f"--db {e}", EXIT_DATA_DIR) from None
    except OSError as e:
        raise StartupError(f"cannot open {where}: {_os_reason(e)}", EXIT_DATA_DIR) from None
    except RegistryError as e:
        raise StartupError(f"cannot open {where}: {e.message}", EXIT_DATA_DIR) from None
    except sqlite3.Error as e:
        raise StartupError(f"cannot open {where}: {e}", EXIT_DATA_DIR) from None


def _shown(url: str) -> str:
    if database_kind_or_none(url) == "postgresql":
        from .pg_store import redacted
        return redacted(url)
    return url


def database_kind_or_none(url: str) -> str | None:
    try:
        return database_kind(url)
    except BadDatabaseURL:
        return None


def open_blobs(data_dir: Path, url: str | None):
    """The chunk store: DATA/blobs unless a --blobs URL names another (file:///PATH or s3://...)."""
    where = f"the chunk store {url}" if url else f"the data directory {data_dir}"
    try:
        if not url:
            blobs = open_chunk_store(str(data_dir / "blobs"))
            blobs.clean_tmp()
            return blobs
        return open_chunk_store(url)
    except BadChunkStoreURL as e:
        raise StartupError(f"--blobs {e}", EXIT_DATA_DIR) from None
    except OSError as e:
        raise StartupError(f"cannot open {where}: {_os_reason(e)}", EXIT_DATA_DIR) from None
    except LayoutError as e:
        raise StartupError(f"cannot open {where}: {e}", EXIT_DATA_DIR) from None


def _os_reason(e: OSError) -> str:
    reason = (e.strerror or str(e)).lower()
    return f"{reason} ({e.filename})" if e.filename else reason


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def auth_required(listen: str, *, auth: bool, insecure_no_auth: bool) -> bool:
    """Local use needs no tokens; anything reachable from elsewhere does unless told otherwise."""
    if auth and insecure_no_auth:
        raise SystemExit("modelreg serve: --auth and --insecure-no-auth contradict each other")
    if auth:
        return True
    return not insecure_no_auth and not is_loopback(listen.rsplit(":", 1)[0])


def tls_credentials(cert: Path, key: Path, client_ca: Path | None) -> grpc.ServerCredentials:
    """TLS with this certificate; with client_ca, clients must present a certificate it signed (mTLS).
    The files are checked here (readable, PEM, the key fits the certificate), where gRPC would only
    fail to bind and log the cause."""
    pem = {flag: _read_pem(flag, path) for flag, path in
           (("--tls-cert", cert), ("--tls-key", key), ("--tls-client-ca", client_ca)) if path}
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(cert, key)
    except ssl.SSLError as e:
        reason = "the key does not belong to the certificate" if e.reason == "KEY_VALUES_MISMATCH" else \
            (e.reason or "not valid PEM").lower().replace("_", " ")
        raise StartupError(f"cannot use --tls-cert {cert} with --tls-key {key}: {reason}", EXIT_TLS) from None
    return grpc.ssl_server_credentials([(pem["--tls-key"], pem["--tls-cert"])],
                                       root_certificates=pem.get("--tls-client-ca"),
                                       require_client_auth=client_ca is not None)


PEM_MARKERS = {"--tls-cert": (b"-----BEGIN CERTIFICATE-----", "certificate"),
               "--tls-key": (b"PRIVATE KEY-----", "private key"),
               "--tls-client-ca": (b"-----BEGIN CERTIFICATE-----", "CA certificate")}


def _read_pem(flag: str, path: Path) -> bytes:
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise StartupError(f"cannot read {flag} {path}: {_os_reason(e)}", EXIT_TLS) from None
    marker, what = PEM_MARKERS[flag]
    if marker not in data:
        raise StartupError(f"{flag} {path} holds no PEM {what}", EXIT_TLS)
    return data


def check_listen(listen: str) -> None:
    """Fails with the reason before gRPC binds (which would only log it): the address must resolve
    and its port be free on at least one of its addresses, and in use on none."""
    host, _, port = listen.rpartition(":")
    if not port.isdigit():
        raise StartupError(f"cannot listen on {listen}: expected HOST:PORT", EXIT_LISTEN)
    try:
        addresses = socket.getaddrinfo(host.strip("[]") or None, int(port), type=socket.SOCK_STREAM,
                                       flags=socket.AI_PASSIVE)
    except socket.gaierror as e:
        raise StartupError(f"cannot listen on {listen}: {e.strerror.lower()}", EXIT_LISTEN) from None
    if int(port) == 0:
        return
    failures = []
    for family, kind, proto, _, address in addresses:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gRPC binds
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(address)
            except OSError as e:
                failures.append(e)
    if any(e.errno == errno.EADDRINUSE for e in failures) or len(failures) == len(addresses):
        in_use = [e for e in failures if e.errno == errno.EADDRINUSE]
        raise StartupError(f"cannot listen on {listen}: {_os_reason((in_use or failures)[0])}", EXIT_LISTEN)


async def serve(data_dir: Path, listen: str, *, grace: float = 5.0, ready=None,
                tls: grpc.ServerCredentials | None = None, auth: bool = False,
                webhooks: Settings | None = None, busy_timeout: float = 30.0, blobs: str | None = None,
                db: str | None = None, http: str | None = None, http_shown=None,
                metrics: MetricsSettings | None = None, monitor_interval: float = 10.0,
                compact_interval: float = 5.0, tracing: tracing_.Tracing | None = None) -> None:
    """Serves until SIGTERM or SIGINT, then drains in-flight calls for up to `grace` seconds. The
    data directory is held (datadir.py) from before it is opened until the server has stopped."""
    held = lock_data_dir(data_dir)
    try:
        await _serve(held, listen, grace=grace, ready=ready, tls=tls, auth=auth, webhooks=webhooks,
                     busy_timeout=busy_timeout, blobs=blobs, db=db, http=http, http_shown=http_shown,
                     metrics=metrics, monitor_interval=monitor_interval, compact_interval=compact_interval,
                     tracing=tracing)
    finally:
        held.release()


async def _serve(held: datadir.Lock, listen: str, *, grace: float, ready, tls: grpc.ServerCredentials | None,
                 auth: bool, webhooks: Settings | None, busy_timeout: float, blobs: str | None, db: str | None,
                 http: str | None = None, http_shown=None, metrics: MetricsSettings | None = None,
                 monitor_interval: float = 10.0, compact_interval: float = 5.0,
                 tracing: tracing_.Tracing | None = None) -> None:
    data_dir = held.data_dir
    registry = open_registry(held, auth_required=auth, busy_timeout=busy_timeout, blobs_url=blobs, db_url=db)
    registry.compactor.interval = compact_interval
    registry.file_hasher.interval = compact_interval
    webhooks = webhooks or Settings()
    # sole: the default DATA/registry.db lies in the data directory this process holds, so no other
    # server's dispatcher shares it; a --db URL may be shared by replicas.
    sole = db is None or db == default_db_url(data_dir)
    dispatcher = Dispatcher(registry.metadata, registry.events, webhooks, sole=sole)
    # /metrics on the dashboard's port, the access log, and a span per call when tracing
    telemetry = Telemetry(metadata=registry.metadata, compactor=registry.compactor, tracing=tracing)
    server = grpc.aio.server(interceptors=[telemetry.interceptor()], options=[
        ("grpc.max_receive_message_length", MAX_MESSAGE_SIZE),
        ("grpc.max_send_message_length", MAX_MESSAGE_SIZE),
        ("grpc.so_reuseport", 0),
    ])
    registry_service_pb2_grpc.add_RegistryServiceServicer_to_server(RegistryServicer(registry), server)
    transfer_service_pb2_grpc.add_TransferServiceServicer_to_server(TransferServicer(registry), server)
    event_service_pb2_grpc.add_EventServiceServicer_to_server(EventServicer(registry), server)
    maintenance_service_pb2_grpc.add_MaintenanceServiceServicer_to_server(MaintenanceServicer(registry), server)
    access_service_pb2_grpc.add_AccessServiceServicer_to_server(AccessServicer(registry), server)
    automations = Automations(registry.metadata, registry.events, webhooks, changed=dispatcher.changed)
    automation_service_pb2_grpc.add_AutomationServiceServicer_to_server(AutomationServicer(automations, registry), server)
    ms = metrics or MetricsSettings()
    metrics = Metrics(registry.metadata, registry.events, registry=registry, retention=ms.retention,
                      max_names=ms.max_names, max_series=ms.max_series, rate=ms.rate)
    monitors = Monitors(registry.metadata, registry.events, governance_rules=registry.governance)
    monitoring_service_pb2_grpc.add_MonitoringServiceServicer_to_server(
        MonitoringServicer(metrics, registry, monitors=monitors), server)
    evaluator = Evaluator(registry.metadata, registry.events, metrics, interval=monitor_interval, sole=sole)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable(SERVICES + [health.SERVICE_NAME], server)  # v1 and v1alpha
    server.add_generic_rpc_handlers([operator.handler(registry.governance)])
    check_listen(listen)
    try:
        port = server.add_secure_port(listen, tls) if tls else server.add_insecure_port(listen)
    except RuntimeError:
        port = 0
    if port == 0:
        raise StartupError(f"cannot listen on {listen}", EXIT_LISTEN)
    # Refused before gRPC starts.
    web_runner, web_url = await _start_http(registry, http, auth=auth, automations=automations, metrics=metrics,
                                            grpc_address=f"{listen.rsplit(':', 1)[0]}:{port}", telemetry=telemetry,
                                            monitors=monitors)
    registry.governance.dashboard_url = web_url or ""  # for `modelreg ui-login` links
    operator_socket = _listen_operator_socket(server, data_dir)
    await server.start()
    dispatcher.start()
    metrics.start()
    evaluator.start()
    registry.compactor.start()
    registry.file_hasher.start()
    for name in SERVICES + [""]:
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    log.info("modelreg serving %s on %s (data in %s, metadata in %s, chunks in %s, operator socket %s)",
             ", ".join(SERVICES), listen, data_dir, _shown(db) if db else data_dir / "registry.db",
             blobs or data_dir / "blobs", operator_socket or "none")
    if not auth and is_loopback(listen.rsplit(":", 1)[0]):
        log.info("authentication is off on this loopback address (--auth requires tokens)")
    elif not auth:
        log.warning("authentication is off (--insecure-no-auth): anyone who can connect may do everything")
    elif not registry.metadata.read_here(lambda db: db.global_admins()):
        log.warning("authentication is on and no admin exists yet. On this machine, run\n\n"
                    "    modelreg bootstrap --data %s\n\nto create one and print its token (shown once).",
                    data_dir)
    if ready:
        ready(port)
    if web_url and http_shown:
        http_shown(web_url)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    log.info("shutting down: draining calls for up to %.0fs", grace)
    await health_servicer.enter_graceful_shutdown()
    registry.events.close()
    await dispatcher.close()
    await evaluator.close()
    await registry.compactor.close()
    await registry.file_hasher.close()
    await metrics.close()
    if web_runner:
        await web_runner.cleanup()
    await server.stop(grace)
    await registry.governance.close()  # refused calls still counted in memory
    telemetry.close()
    if tracing:
        await asyncio.to_thread(tracing.close)  # exports the spans still batched
    registry.close()
    log.info("stopped")


DEFAULT_HTTP = "127.0.0.1:50052"  # the dashboard, next to the default gRPC port 50051
AUTO_HTTP = "auto"  # --http not given: DEFAULT_HTTP if that port is free, else no dashboard


async def _start_http(registry: Registry, http: str | None, *, auth: bool, automations=None,
                      grpc_address: str = "", metrics=None, telemetry=None, monitors=None):
    """Starts the web dashboard (web/) in this loop: (runner, URL) or (None, None). An explicit
    --http that cannot listen stops the server (EXIT_LISTEN); the default only warns, since gRPC
    alone is a working server."""
    if not http or http == "off":
        return None, None
    from .web import start_http
    address = DEFAULT_HTTP if http == AUTO_HTTP else http
    host, _, port = address.rpartition(":")
    if not port.isdigit():
        raise StartupError(f"cannot listen on --http {address}: expected HOST:PORT or off", EXIT_LISTEN)
    try:
        runner, bound = await start_http(registry, host, int(port), auth=auth, automations=automations,
                                         grpc_address=grpc_address, metrics=metrics, telemetry=telemetry,
                                         monitors=monitors)
    except OSError as e:
        reason = os.strerror(e.errno).lower() if e.errno else str(e)  # asyncio wraps the bind error's text
        if http == AUTO_HTTP:
            log.warning("no web dashboard: cannot listen on %s (%s); give --http HOST:PORT", address, reason)
            return None, None
        raise StartupError(f"cannot listen on --http {address}: {reason}", EXIT_LISTEN) from None
    return runner, f"http://{host}:{bound}/"


def _listen_operator_socket(server: grpc.aio.Server, data_dir: Path) -> Path | None:
    """Listens on DATA/server.sock for the operator (operator.py), readable by this user only.
    Without it the server still serves; `modelreg bootstrap` then asks the operator to stop it."""
    path = datadir.socket_path(data_dir)
    if path is None:
        log.warning("no operator socket: the path %s/%s is too long for a unix socket", data_dir, datadir.SOCKET_FILE)
        return None
    path.unlink(missing_ok=True)  # left by a server that was killed; this process holds the directory
    umask = os.umask(0o077)  # born 0600: never reachable by others, not even until the chmod
    try:
        if server.add_insecure_port(f"unix:{path}") == 0:
            raise RuntimeError(path)
        os.chmod(path, 0o600)
    except (RuntimeError, OSError) as e:
        log.warning("no operator socket: cannot listen on %s (%s)", path, e)
        return None
    finally:
        os.umask(umask)
    return path


def run(data_dir: Path, listen: str, *, tls_cert: Path | None = None, tls_key: Path | None = None,
        tls_client_ca: Path | None = None, auth: bool = False, insecure_no_auth: bool = False,
        webhook_allow: list[str] = (), webhook_attempts: int = 12, webhook_backoff: float = 1.0,
        webhook_backoff_max: float = 3600.0, webhook_timeout: float = 10.0, db_busy_timeout: float = 30.0,
        blobs: str | None = None, db: str | None = None, webhook_lease: float = 15.0, http: str = "auto",
        metrics_retention: str = "", metrics_max_names: int = 100, metrics_max_series: int = 1000,
        metrics_rate: float = 200_000, monitor_interval: float = 10.0, compact_interval: float = 5.0,
        log_level: str = "info", log_format: str = "text", access_log: bool = True,
        otel_endpoint: str | None = None) -> None:
    """`modelreg serve`. A server that cannot start says why in one line on stderr and exits with
    one of the EXIT_ codes above."""
    try:
        logs.configure(level=log_level, fmt=log_format, access_log=access_log)  # logs.py: once, here
    except ValueError as e:
        raise SystemExit(f"modelreg serve: {e}") from None
    if bool(tls_cert) != bool(tls_key):
        raise SystemExit("modelreg serve: --tls-cert and --tls-key go together")
    if tls_client_ca and not tls_cert:
        raise SystemExit("modelreg serve: --tls-client-ca needs --tls-cert and --tls-key")
    if webhook_attempts < 1 or webhook_backoff < 0 or webhook_backoff_max < 0 or webhook_timeout <= 0:
        raise SystemExit("modelreg serve: --webhook-attempts must be at least 1, --webhook-timeout positive, "
                         "the backoffs not negative")
    if not webhook_lease >= MIN_WEBHOOK_LEASE:
        raise SystemExit(f"modelreg serve: --webhook-lease must be at least {MIN_WEBHOOK_LEASE:g} seconds")
    if db_busy_timeout < 0:
        raise SystemExit("modelreg serve: --db-busy-timeout must not be negative")
    if not 0.1 <= monitor_interval <= 3600:
        raise SystemExit("modelreg serve: --monitor-interval must be between 0.1 and 3600 seconds")
    if not (compact_interval == 0 or 0.1 <= compact_interval <= 86400):
        raise SystemExit("modelreg serve: --compact-interval must be 0 (off) or between 0.1 and 86400 seconds")
    try:
        allow = AllowList(webhook_allow)
    except ValueError as e:
        raise SystemExit(f"modelreg serve: {e}") from None
    try:
        retention = Retention.parse(metrics_retention)
    except ValueError as e:
        raise SystemExit(f"modelreg serve: --metrics-retention: {e}") from None
    if metrics_max_names < 1 or metrics_max_series < 1 or not metrics_rate > 0:
        raise SystemExit("modelreg serve: --metrics-max-names, --metrics-max-series and --metrics-rate must be positive")
    metrics = MetricsSettings(retention=retention, max_names=metrics_max_names, max_series=metrics_max_series,
                              rate=metrics_rate)
    webhooks = Settings(max_attempts=webhook_attempts, backoff_base=webhook_backoff, backoff_cap=webhook_backoff_max,
                        timeout=webhook_timeout, lease=webhook_lease, allow=allow)
    auth = auth_required(listen, auth=auth, insecure_no_auth=insecure_no_auth)
    try:
        tracing = tracing_.setup(endpoint=otel_endpoint, service_version=_version())
    except tracing_.TracingUnavailable as e:
        raise SystemExit(f"modelreg serve: --otel-endpoint: {e}") from None
    host = listen.rsplit(":", 1)[0]
    scheme = ("mTLS" if tls_client_ca else "TLS") if tls_cert else "plaintext"
    security = f"{scheme}, {'tokens required' if auth else 'no authentication'}"
    try:
        tls = tls_credentials(tls_cert, tls_key, tls_client_ca) if tls_cert else None
        asyncio.run(serve(data_dir, listen, tls=tls, auth=auth, webhooks=webhooks, busy_timeout=db_busy_timeout,
                          blobs=blobs, db=db, http=http, metrics=metrics, monitor_interval=monitor_interval,
                          compact_interval=compact_interval, tracing=tracing,
                          http_shown=lambda url: print(f"modelreg: web dashboard at {url}", flush=True),
                          ready=lambda port: print(f"modelreg: listening on {host}:{port} ({security})", flush=True)))
    except StartupError as e:
        print(f"modelreg serve: {e}", file=sys.stderr, flush=True)
        raise SystemExit(e.exit_code) from None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("modelreg")
    except PackageNotFoundError:
        return ""


def bootstrap(data_dir: Path, name: str, *, db_url: str | None = None) -> tuple[str, str]:
    """Creates the first admin and a token for it: (token name, token). In a PostgreSQL database,
    directly (its transactions serialise against running replicas). In a data directory a server
    holds, through that server's operator socket; otherwise directly, holding the directory
    meanwhile so that no server starts half-way."""
    from .governance import bootstrap_admin
    if db_url and database_kind(db_url) == "postgresql":
        metadata, events = open_metadata(db_url)
        try:
            token, secret = metadata.transact_here(lambda tx: bootstrap_admin(tx, events, name))
        finally:
            metadata.close()
        return f"principals/{token.principal}/tokens/{token.id}", secret
    data_dir = Path(data_dir)
    try:
        held = datadir.lock(data_dir)
    except datadir.Locked as e:
        return operator.bootstrap(data_dir, name, pid=e.pid)
    try:
        database = SqliteDatabase(db_url[len("sqlite:///"):] if db_url else data_dir / "registry.db")
        with database.write() as tx:
            token, secret = bootstrap_admin(tx, SqliteEventLog(), name)
    finally:
        held.release()
    return f"principals/{token.principal}/tokens/{token.id}", secret

