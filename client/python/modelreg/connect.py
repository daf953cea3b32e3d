"""The first connection to a server, checked, so that a server that is down or a TLS mismatch is
reported at once and in plain words, not as "Socket closed [UNAVAILABLE]" after seconds of
retries. A Registry's first unary call that may be sent again goes out at once and the check runs
only if it fails UNAVAILABLE (registry._BeforeEachCall): a server that answers costs no second
connection. A first stream, or a call that waits for the server to be ready, is checked before.

The check is one health call on a channel of its own, without retries (grpc's connectivity
subscriptions leave a polling thread behind that can hang the interpreter's exit). gRPC's answer
says what failed; where it cannot tell (a plaintext client gets "Socket closed" from a TLS
server, and so does a TLS client without the certificate an mTLS server wants), plain sockets
find out: does anything accept a TCP connection, does it answer a TLS ClientHello. Only the first
connection of a Registry is checked: afterwards the channel's retries and reconnects ride out
server restarts as before. For a target of several replicas the check passes when one answers,
and the target counts as unreachable only when none of its addresses accepts a connection.
"""

import ipaddress
import socket
import ssl
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import grpc

from . import targets
from ._version import USER_AGENT
from .errors import FailedPrecondition, InvalidArgument, Unavailable
from .retry import backoff  # noqa: F401  (the policy's formula, where it used to live)
from .targets import Target

DEFAULT_ADDRESS = "127.0.0.1:50051"
TRUE = ("1", "true", "yes")

HEALTH_CHECK = "/grpc.health.v1.Health/Check"
# A server that cannot be reached is reported within SETTLE + REACH (a CLI command within 2 s).
SETTLE = 0.2  # most servers answer (or refuse) by then; past it, see whether the host is there at all
REACH = 0.8  # how long the host may take to accept a TCP connection before it counts as unreachable
ANSWER = 3.0  # once the host accepts: how long the check waits before leaving it to the call itself
PROBE = 1.0  # the TLS ClientHello probe

# reason -> (what is wrong, how to fix it in Python); the CLI words the fixes with its flags.
PROBLEMS = {
    "SERVER_UNREACHABLE": ("cannot reach the modelreg server at {address} ({cause})",
                           "is `modelreg serve` running there?"),
    "TLS_REQUIRED": ("the server at {address} speaks TLS", "pass tls_ca=PEM (or tls=True for the system's CAs)"),
    "SERVER_NOT_TLS": ("the server at {address} does not speak TLS (it serves plaintext)",
                       "connect without tls, tls_ca and tls_cert"),
    "CLIENT_CERTIFICATE_REQUIRED": ("the server at {address} requires a client certificate",
                                    "pass tls_cert=PEM and tls_key=PEM"),
    "CLIENT_CERTIFICATE_REFUSED": ("the server at {address} refused this client's certificate",
                                   "use one signed by the CA the server trusts (its --tls-client-ca)"),
    "CERTIFICATE_NOT_TRUSTED": ("certificate not trusted: the server at {address} presented a certificate not "
                                "signed by {signer} ({cause})",
                                "pass tls_ca= with the CA that signed the server's certificate"),
    "CERTIFICATE_NAME_MISMATCH": ("the certificate of the server at {address} is not issued for {host} ({cause})",
                                  "connect with a name the certificate lists"),
}


@dataclass(frozen=True)
class Tls:
    """What a TLS channel was given (PEM file paths), to word its problems."""

    ca: str | None = None
    cert: str | None = None


@dataclass(frozen=True)
class Settings:
    """A client's resolved settings (docs/clients.md 1); None: not set."""

    server: str = DEFAULT_ADDRESS
    token: str | None = None
    tls: bool = False
    tls_ca: str | None = None
    tls_cert: str | None = None
    tls_key: str | None = None
    allow_plaintext_token: bool = False


def resolve_settings(env: Mapping[str, str], *, server: str | None = None, token: str | None = None,
                     tls: bool | None = None, tls_ca: str | None = None, tls_cert: str | None = None,
                     tls_key: str | None = None, allow_plaintext_token: bool = False) -> Settings:
    """The settings from the arguments given (None or '': not given) and, for the rest, env
    (MODELREG_SERVER, MODELREG_TOKEN, MODELREG_TLS, MODELREG_TLS_CA, MODELREG_TLS_CERT,
    MODELREG_TLS_KEY; '' counts as unset). Reads no file and opens no connection.

    Raises InvalidArgument INCOMPLETE_CLIENT_CERTIFICATE for a certificate without its key (or the
    other way round), and FailedPrecondition PLAINTEXT_TOKEN for a token to be sent without TLS to
    a server off loopback (unless allow_plaintext_token)."""
    def pick(given: str | None, name: str) -> str | None:
        return given or env.get(name) or None

    server = pick(server, "MODELREG_SERVER") or DEFAULT_ADDRESS
    token = pick(token, "MODELREG_TOKEN")
    tls_ca, tls_cert, tls_key = (pick(tls_ca, "MODELREG_TLS_CA"), pick(tls_cert, "MODELREG_TLS_CERT"),
                                 pick(tls_key, "MODELREG_TLS_KEY"))
    if tls is None:
        tls = (env.get("MODELREG_TLS") or "").strip().lower() in TRUE
    if bool(tls_cert) != bool(tls_key):
        given, missing = ("tls_cert", "tls_key") if tls_cert else ("tls_key", "tls_cert")
        raise InvalidArgument(f"{given} is set but {missing} is not: a client certificate needs both its "
                              "certificate and its private key (tls_cert and tls_key, $MODELREG_TLS_CERT and "
                              "$MODELREG_TLS_KEY)", reason="INCOMPLETE_CLIENT_CERTIFICATE",
                              metadata={"missing": missing})
    tls = bool(tls or tls_ca or tls_cert)
    if token and not tls and not allow_plaintext_token and not is_loopback(server):
        what = (f"refusing to send a token without TLS to {server}, which is not a loopback address "
                "(anyone on the path could read it)")
        raise FailedPrecondition(
            f"{what}: use TLS (tls_ca=PEM or $MODELREG_TLS_CA, or tls=True / $MODELREG_TLS=1 for the system's "
            "CAs), or, on a trusted network, pass allow_plaintext_token=True",
            reason="PLAINTEXT_TOKEN", metadata={"problem": what, "address": server})
    return Settings(server=server, token=token, tls=tls, tls_ca=tls_ca, tls_cert=tls_cert, tls_key=tls_key,
                    allow_plaintext_token=allow_plaintext_token)


def is_loopback(address: str) -> bool:
    """Whether every host address names is loopback: localhost, 127.0.0.0/8, ::1, or a Unix
    socket. An address that cannot be parsed is not."""
    try:
        hosts = targets.named_hosts(address)
    except InvalidArgument:
        return False
    return all(_loopback_host(host) for host in hosts)


def _loopback_host(host: str) -> bool:
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def problem(reason: str, **facts: str) -> Unavailable:
    """An Unavailable saying what is wrong and how to fix it; metadata `problem` holds the first
    part alone, for a caller that words the fix its own way."""
    what, fix = PROBLEMS[reason]
    text = what.format(**facts)
    return Unavailable(f"{text}: {fix}", reason=reason, metadata={"problem": text, **facts})


class FirstConnection:
    """Checks the first connection to target once (thread-safe); see the module docstring.
    credentials: the channel's (None for plaintext)."""

    def __init__(self, target: Target, *, credentials: grpc.ChannelCredentials | None = None, tls: Tls | None = None):
        self.target, self.credentials, self.tls = target, credentials, tls
        self.address = target.given
        self._lock = threading.Lock()
        self.connected = False

    def check(self) -> None:
        if self.connected:
            return
        with self._lock:
            if not self.connected:
                self._check()

    def _check(self) -> None:
        options = [("grpc.enable_retries", 0), ("grpc.use_local_subchannel_pool", 1),
                   ("grpc.primary_user_agent", USER_AGENT)]
        if self.target.authority:
            options.append(("grpc.default_authority", self.target.authority))
        channel = (grpc.secure_channel(self.target.grpc, self.credentials, options=options) if self.credentials
                   else grpc.insecure_channel(self.target.grpc, options=options))
        with channel:
            call = channel.unary_unary(HEALTH_CHECK).future(b"", timeout=ANSWER)
            try:
                try:
                    call.result(timeout=SETTLE)
                except grpc.FutureTimeoutError:
                    cause = _unreachable(self.target.hosts)
                    if cause:
                        raise problem("SERVER_UNREACHABLE", address=self.address, cause=cause) from None
                    call.result()
            except grpc.RpcError as e:
                if e.code() not in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                    self.connected = True  # it answered: whatever it said, the connection works
                elif e.code() == grpc.StatusCode.UNAVAILABLE and (error := self._explain(e.details() or "")):
                    raise error from None
                # Otherwise (slow to answer, or no cause found) the call itself goes ahead and reports.
                return
            self.connected = True

    def _explain(self, details: str) -> Unavailable | None:
        """What an UNAVAILABLE on connecting means, from gRPC's details and plain-socket probes."""
        address = self.address
        if "Connection refused" in details:
            return problem("SERVER_UNREACHABLE", address=address, cause="connection refused")
        if "DNS resolution failed" in details:
            return problem("SERVER_UNREACHABLE", address=address, cause="its name does not resolve")
        if "Failed to connect to remote host" in details:
            return problem("SERVER_UNREACHABLE", address=address, cause=details.rsplit(": ", 1)[-1])
        host_port = self.target.hosts[0] if self.target.hosts else None
        speaks_tls = _speaks_tls(*host_port) if host_port else None
        if self.tls is None:
            return problem("TLS_REQUIRED", address=address) if speaks_tls else None
        if speaks_tls is False or "WRONG_VERSION_NUMBER" in details:
            return problem("SERVER_NOT_TLS", address=address)
        if "CERTIFICATE_VERIFY_FAILED" in details:
            cause = details.rsplit("CERTIFICATE_VERIFY_FAILED:", 1)[-1].removesuffix(": OK").strip()
            signer = f"the CA in {self.tls.ca}" if self.tls.ca else "a CA the system trusts"
            return problem("CERTIFICATE_NOT_TRUSTED", address=address, signer=signer, cause=cause or "verify failed")
        if "not in peer certificate" in details:
            host = host_port[0] if host_port else address
            return problem("CERTIFICATE_NAME_MISMATCH", address=address, host=host, cause=details.rsplit(": ", 1)[-1])
        if speaks_tls and ("Socket closed" in details or "Connection reset" in details):
            # The server ended the handshake over the client's certificate: none given, or not one it trusts.
            return problem("CLIENT_CERTIFICATE_REFUSED" if self.tls.cert else "CLIENT_CERTIFICATE_REQUIRED",
                           address=address)
        return None


def _unreachable(hosts: tuple[tuple[str, int], ...]) -> str | None:
    """Why none of hosts accepts a TCP connection (the first one's cause), or None if one does;
    they are tried at once, so a list is reported as quickly as one host."""
    if not hosts:
        return None
    with ThreadPoolExecutor(len(hosts)) as pool:
        causes = list(pool.map(lambda host_port: _tcp_problem(*host_port, timeout=REACH), hosts))
    return causes[0] if all(causes) else None


def _tcp_problem(host: str, port: int, *, timeout: float) -> str | None:
    """Why a TCP connection cannot be made, or None if it can."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except ConnectionRefusedError:
        return "connection refused"
    except socket.gaierror:
        return "its name does not resolve"
    except TimeoutError:
        return f"no answer within {SETTLE + timeout:g} s"
    except OSError as e:
        return e.strerror or str(e)


def _speaks_tls(host: str, port: int) -> bool | None:
    """Whether the server answers a TLS ClientHello with a TLS record (a handshake or an alert);
    None if it cannot be told."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    outgoing = ssl.MemoryBIO()
    client = context.wrap_bio(ssl.MemoryBIO(), outgoing)
    try:
        client.do_handshake()
    except ssl.SSLWantReadError:
        pass  # the ClientHello is written; the answer is read from the socket below
    try:
        with socket.create_connection((host, port), timeout=PROBE) as sock:
            sock.sendall(outgoing.read())
            first = sock.recv(1)
    except OSError:
        return None
    return first in (b"\x16", b"\x15")
