"""Server addresses: one server, or several replicas behind one target.

The SDK hands gRPC a target and lets gRPC balance: the channel's service config asks for
`round_robin` over every address the target resolves to, so calls are spread over the replicas
and a replica that goes away is skipped (no proxy, no balancing of our own). Forms accepted:

    HOST:PORT                       one server (a name is resolved by gRPC's DNS resolver;
                                    every address it resolves to is used)
    HOST:PORT,HOST:PORT,...         several replicas; names are resolved once, here, into an
                                    ipv4:/ipv6: target (use dns:/// for re-resolution)
    dns:///HOST:PORT                gRPC's DNS resolver: every A/AAAA address of HOST
    ipv4:IP:PORT[,IP:PORT...]       gRPC's own address list forms
    ipv6:[IP]:PORT[,[IP]:PORT...]
    unix:PATH  unix-abstract:NAME   a local socket

Anything else is refused with InvalidArgument INVALID_SERVER_ADDRESS, naming the entry at fault.
"""

import ipaddress
import re
import socket
from dataclasses import dataclass

from .errors import InvalidArgument, Unavailable

FORMS = ("HOST:PORT[,HOST:PORT...], dns:///HOST:PORT, ipv4:IP:PORT[,IP:PORT...], "
         "ipv6:[IP]:PORT[,[IP]:PORT...], unix:PATH or unix-abstract:NAME")
PASSED_THROUGH = ("unix:", "unix-abstract:")
HOST_NAME = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?")


@dataclass(frozen=True)
class Target:
    """given: as the user wrote it (used in messages); grpc: what the channel is opened on;
    hosts: the (host, port) pairs behind it, for the connection check's probes (empty for a
    local socket); authority: the name the channel presents (TLS checks it), or None for gRPC's."""

    given: str
    grpc: str
    hosts: tuple[tuple[str, int], ...]
    authority: str | None = None


def parse(address: str) -> Target:
    """The Target an address names; raises InvalidArgument INVALID_SERVER_ADDRESS for a
    malformed one, Unavailable SERVER_UNREACHABLE for a listed name that does not resolve."""
    given = address
    address = address.strip()
    if not address:
        raise _invalid(given, "it is empty")
    if address.startswith(PASSED_THROUGH):
        return Target(given, address, ())
    if address.startswith("dns:"):
        rest = re.sub(r"^dns:(//[^/]*/)?", "", address)
        if "," in rest:
            raise _invalid(given, "dns: takes one HOST:PORT (its name may resolve to several addresses); "
                                  "list several replicas as HOST:PORT,HOST:PORT")
        return Target(given, address, (_host_port(given, rest),))
    for family, scheme in ((4, "ipv4:"), (6, "ipv6:")):
        if address.startswith(scheme):
            entries = [entry.strip() for entry in address[len(scheme):].split(",")]
            hosts = tuple(_ip_port(given, entry, family) for entry in entries)
            return Target(given, scheme + ",".join(entries), hosts)
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", address):
        raise _invalid(given, f"unknown scheme {address.split(':', 1)[0]!r}")
    entries = [entry.strip() for entry in address.split(",")]
    hosts = tuple(_host_port(given, entry, index=i + 1 if len(entries) > 1 else 0) for i, entry in enumerate(entries))
    if len(hosts) == 1:
        return Target(given, address, hosts)
    return _listed(given, hosts, entries[0])


def named_hosts(address: str) -> tuple[str, ...]:
    """The hosts address names, as written (no name is resolved); () for a local socket. Raises
    InvalidArgument INVALID_SERVER_ADDRESS for a malformed address, as parse() does."""
    given = address
    address = address.strip()
    if not address:
        raise _invalid(given, "it is empty")
    if address.startswith(PASSED_THROUGH):
        return ()
    if address.startswith("dns:"):
        rest = re.sub(r"^dns:(//[^/]*/)?", "", address)
        return tuple(_host_port(given, entry.strip())[0] for entry in rest.split(","))
    for family, scheme in ((4, "ipv4:"), (6, "ipv6:")):
        if address.startswith(scheme):
            return tuple(_ip_port(given, entry.strip(), family)[0] for entry in address[len(scheme):].split(","))
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", address):
        raise _invalid(given, f"unknown scheme {address.split(':', 1)[0]!r}")
    return tuple(_host_port(given, entry.strip())[0] for entry in address.split(","))


def _listed(given: str, hosts: tuple[tuple[str, int], ...], first: str) -> Target:
    """HOST:PORT,HOST:PORT,...: an ipv4: or ipv6: target over every address the entries name."""
    resolved = []
    for host, port in hosts:
        for ip in _resolve(given, host, port):
            if (ip, port) not in resolved:
                resolved.append((ip, port))
    families = {ipaddress.ip_address(ip).version for ip, _ in resolved}
    if len(families) > 1:
        raise _invalid(given, "its entries mix IPv4 and IPv6 addresses; gRPC takes one family per target")
    if families == {4}:
        target = "ipv4:" + ",".join(f"{ip}:{port}" for ip, port in resolved)
    else:
        target = "ipv6:" + ",".join(f"[{ip}]:{port}" for ip, port in resolved)
    return Target(given, target, tuple(resolved), authority=first)


def _resolve(given: str, host: str, port: int) -> list[str]:
    """The addresses of host: itself if it is an IP address, else what it resolves to (its IPv4
    addresses if it has any, as `localhost` has both)."""
    if _is_ip(host, 4) or _is_ip(host, 6):
        return [host]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        cause = f"{host} does not resolve"
        raise Unavailable(f"cannot reach the modelreg server at {given} ({cause}): is the name right?",
                          reason="SERVER_UNREACHABLE", metadata={
                              "problem": f"cannot reach the modelreg server at {given} ({cause})",
                              "address": given, "cause": cause}) from None
    ips = list(dict.fromkeys(info[4][0] for info in infos))
    return [ip for ip in ips if _is_ip(ip, 4)] or ips


def _host_port(given: str, entry: str, *, index: int = 0) -> tuple[str, int]:
    """(host, port) of HOST:PORT, IP:PORT or [IPv6]:PORT."""
    where = f"entry {index} ({entry!r})" if index else repr(entry)
    if not entry:
        raise _invalid(given, f"entry {index} is empty" if index else "it is empty")
    host, sep, port = entry.rpartition(":")
    if not sep or not host:
        raise _invalid(given, f"{where} has no port (HOST:PORT)")
    if host.startswith("["):
        if not host.endswith("]") or not _is_ip(host[1:-1], 6):
            raise _invalid(given, f"{where}: {host!r} is not a bracketed IPv6 address")
        host = host[1:-1]
    elif ":" in host:
        raise _invalid(given, f"{where}: write an IPv6 address in brackets, [IP]:PORT")
    elif not HOST_NAME.fullmatch(host):
        raise _invalid(given, f"{where}: {host!r} is not a host name or IP address")
    return host, _port(given, where, port)


def _ip_port(given: str, entry: str, family: int) -> tuple[str, int]:
    """(ip, port) of an ipv4:/ipv6: entry, which gRPC wants as an address literal."""
    host, port = _host_port(given, entry)
    if not _is_ip(host, family):
        raise _invalid(given, f"{entry!r} is not an IPv{family} address with a port (ipv{family}: takes "
                              "address literals; use HOST:PORT,HOST:PORT for names)")
    return host, port


def _port(given: str, where: str, port: str) -> int:
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise _invalid(given, f"{where}: port {port!r} is not a number from 1 to 65535")
    return int(port)


def _is_ip(text: str, family: int) -> bool:
    try:
        return ipaddress.ip_address(text).version == family
    except ValueError:
        return False


def _invalid(given: str, why: str) -> InvalidArgument:
    return InvalidArgument(f"invalid server address {given!r}: {why}; expected {FORMS}",
                           reason="INVALID_SERVER_ADDRESS", metadata={"address": given})
