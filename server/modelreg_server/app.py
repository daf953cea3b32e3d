"""Assembles and runs the server: data directory, servicers, health, reflection, graceful shutdown."""

import asyncio
import ipaddress
import logging
import signal
from pathlib import Path

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from modelreg import codec
from modelreg.v1 import (access_service_pb2, access_service_pb2_grpc, automation_service_pb2,
                         automation_service_pb2_grpc, event_service_pb2, event_service_pb2_grpc,
                         maintenance_service_pb2, maintenance_service_pb2_grpc, registry_service_pb2,
                         registry_service_pb2_grpc, transfer_service_pb2, transfer_service_pb2_grpc)

from .api import (AccessServicer, AutomationServicer, EventServicer, MaintenanceServicer, RegistryServicer,
                  TransferServicer)
from .automations import Automations
from .blobs import ChunkStore
from .service import Registry
from .store import Store
from .webhooks import AllowList, Dispatcher, Settings

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
]


def open_registry(data_dir: Path, *, auth_required: bool = False) -> Registry:
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    return Registry(Store(data_dir / "registry.db"), ChunkStore(data_dir / "blobs"), auth_required=auth_required)


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
    """TLS with this certificate; with client_ca, clients must present a certificate it signed (mTLS)."""
    return grpc.ssl_server_credentials(
        [(Path(key).read_bytes(), Path(cert).read_bytes())],
        root_certificates=Path(client_ca).read_bytes() if client_ca else None,
        require_client_auth=client_ca is not None)


async def serve(data_dir: Path, listen: str, *, grace: float = 5.0, ready=None,
                tls: grpc.ServerCredentials | None = None, auth: bool = False,
                webhooks: Settings | None = None) -> None:
    """Serves until SIGTERM or SIGINT, then drains in-flight calls for up to `grace` seconds."""
    registry = open_registry(data_dir, auth_required=auth)
    webhooks = webhooks or Settings()
    dispatcher = Dispatcher(registry, webhooks)
    server = grpc.aio.server(options=[
        ("grpc.max_receive_message_length", MAX_MESSAGE_SIZE),
        ("grpc.max_send_message_length", MAX_MESSAGE_SIZE),
        ("grpc.so_reuseport", 0),
    ])
    registry_service_pb2_grpc.add_RegistryServiceServicer_to_server(RegistryServicer(registry), server)
    transfer_service_pb2_grpc.add_TransferServiceServicer_to_server(TransferServicer(registry), server)
    event_service_pb2_grpc.add_EventServiceServicer_to_server(EventServicer(registry), server)
    maintenance_service_pb2_grpc.add_MaintenanceServiceServicer_to_server(MaintenanceServicer(registry), server)
    access_service_pb2_grpc.add_AccessServiceServicer_to_server(AccessServicer(registry), server)
    automation_service_pb2_grpc.add_AutomationServiceServicer_to_server(
        AutomationServicer(Automations(registry, webhooks)), server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection(SERVICES + [health.SERVICE_NAME, reflection.SERVICE_NAME], server)
    port = server.add_secure_port(listen, tls) if tls else server.add_insecure_port(listen)
    if port == 0:
        raise OSError(f"cannot listen on {listen}")
    await server.start()
    dispatcher.start()
    for name in SERVICES + [""]:
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    log.info("modelreg serving %s on %s (data in %s)", ", ".join(SERVICES), listen, Path(data_dir).resolve())
    if not auth and is_loopback(listen.rsplit(":", 1)[0]):
        log.info("authentication is off on this loopback address (--auth requires tokens)")
    elif not auth:
        log.warning("authentication is off (--insecure-no-auth): anyone who can connect may do everything")
    elif not registry.store.read().global_admins():
        log.warning("authentication is on and no admin exists yet. On this machine, run\n\n"
                    "    modelreg bootstrap --data %s\n\nto create one and print its token (shown once).",
                    Path(data_dir).resolve())
    if ready:
        ready(port)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    log.info("shutting down: draining calls for up to %.0fs", grace)
    await health_servicer.enter_graceful_shutdown()
    registry.hub.close()
    await dispatcher.close()
    await server.stop(grace)
    registry.close()
    log.info("stopped")


def run(data_dir: Path, listen: str, *, tls_cert: Path | None = None, tls_key: Path | None = None,
        tls_client_ca: Path | None = None, auth: bool = False, insecure_no_auth: bool = False,
        webhook_allow: list[str] = (), webhook_attempts: int = 12, webhook_backoff: float = 1.0,
        webhook_backoff_max: float = 3600.0, webhook_timeout: float = 10.0) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # the dispatcher logs failed attempts itself
    if bool(tls_cert) != bool(tls_key):
        raise SystemExit("modelreg serve: --tls-cert and --tls-key go together")
    if tls_client_ca and not tls_cert:
        raise SystemExit("modelreg serve: --tls-client-ca needs --tls-cert and --tls-key")
    if webhook_attempts < 1 or webhook_backoff < 0 or webhook_backoff_max < 0 or webhook_timeout <= 0:
        raise SystemExit("modelreg serve: --webhook-attempts must be at least 1, --webhook-timeout positive, "
                         "the backoffs not negative")
    try:
        allow = AllowList(webhook_allow)
    except ValueError as e:
        raise SystemExit(f"modelreg serve: {e}") from None
    webhooks = Settings(max_attempts=webhook_attempts, backoff_base=webhook_backoff, backoff_cap=webhook_backoff_max,
                        timeout=webhook_timeout, allow=allow)
    tls = tls_credentials(tls_cert, tls_key, tls_client_ca) if tls_cert else None
    auth = auth_required(listen, auth=auth, insecure_no_auth=insecure_no_auth)
    host = listen.rsplit(":", 1)[0]
    scheme = ("mTLS" if tls_client_ca else "TLS") if tls else "plaintext"
    security = f"{scheme}, {'tokens required' if auth else 'no authentication'}"
    asyncio.run(serve(data_dir, listen, tls=tls, auth=auth, webhooks=webhooks,
                      ready=lambda port: print(f"modelreg: listening on {host}:{port} ({security})", flush=True)))


def bootstrap(data_dir: Path, name: str) -> tuple[str, str]:
    """Creates the first admin and a token for it, directly in the data directory: (token name, token)."""
    from .governance import bootstrap_admin
    store = Store(Path(data_dir) / "registry.db")
    with store.write() as tx:
        token, secret = bootstrap_admin(tx, name)
    return f"principals/{token.principal}/tokens/{token.id}", secret
