"""Where webhooks may point: public hosts by default, never inward (loopback, private, link-local,
metadata …) unless the operator's `--webhook-allow` names the address or its network.

A server that POSTs wherever an admin says is a server-side request forgery tool: a target of
169.254.169.254 reads cloud credentials, 10.0.0.1 reaches hosts behind the firewall. So every
address a target stands for is classified: the literal address when the URL has one (in any
spelling a resolver accepts: 2130706433, 0x7f000001, 0177.0.0.1, 127.1, ::ffff:127.0.0.1), and at
connect time every address its name resolves to (the name could resolve elsewhere by then: DNS
rebinding). The rule, as docs/automations.md states it:

1. Host: with an allow-list that has entries and no `*`, the host must be listed — by name
   (`hooks.example.com`, `*.example.com`) or, for an address, by a network containing it. Names
   are matched as names, never through what they resolve to.
2. Address: every address must be public, or inside a network entry. A name entry never admits
   an inward address; names that are inward by definition (`localhost`) need a name entry.
"""

import ipaddress
from urllib.parse import urlsplit, urlunsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class TargetNotAllowed(Exception):
    """The target is outside what the server's allow-list permits."""

    def __init__(self, message: str, *, address_class: str = ""):
        super().__init__(message)
        self.address_class = address_class


class BadHost(Exception):
    """The host is not something a target may be: a malformed address, a zone id, non-ASCII."""


def _nets(*pairs: tuple[str, str]) -> list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str]]:
    return [(ipaddress.ip_network(net), what) for net, what in pairs]


# Inward addresses, most specific first: the first match names the class. Cloud metadata
# endpoints sit inside ranges refused anyway (except Azure's), and are listed for the message.
INWARD = _nets(
    ("169.254.169.254/32", "cloud metadata"),  # AWS, GCP, Azure, OpenStack, Oracle, DigitalOcean …
    ("169.254.170.2/32", "cloud metadata"),  # AWS ECS task credentials
    ("100.100.100.200/32", "cloud metadata"),  # Alibaba Cloud
    ("168.63.129.16/32", "cloud metadata"),  # Azure WireServer (a public-looking address)
    ("192.0.0.192/32", "cloud metadata"),  # Oracle Cloud Infrastructure
    ("fd00:ec2::254/128", "cloud metadata"),  # AWS IMDS over IPv6
    ("0.0.0.0/8", "unspecified"),  # "this network": connecting to 0.0.0.0 reaches this host
    ("10.0.0.0/8", "private"),  # RFC 1918
    ("100.64.0.0/10", "shared (CGNAT)"),  # RFC 6598
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local"),
    ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "reserved"),  # IETF protocol assignments
    ("192.0.2.0/24", "documentation"),
    ("192.88.99.0/24", "reserved"),  # former 6to4 relay anycast
    ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "reserved"),  # benchmarking
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"),
    ("255.255.255.255/32", "broadcast"),
    ("240.0.0.0/4", "reserved"),
    ("::/128", "unspecified"),
    ("::1/128", "loopback"),
    ("fc00::/7", "unique-local"),
    ("fe80::/10", "link-local"),
    ("fec0::/10", "site-local"),  # deprecated, still routed inward where used
    ("ff00::/8", "multicast"),
    ("2001:db8::/32", "documentation"),
    ("3fff::/20", "documentation"),
    ("2001::/23", "reserved"),  # IETF protocol assignments, Teredo among them
)
GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")  # everything else in IPv6 is reserved
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052 well-known prefix: the last 32 bits are IPv4
INWARD_NAMES = {"localhost": "loopback", "metadata.google.internal": "cloud metadata"}
INWARD_SUFFIXES = {".localhost": "loopback"}  # RFC 6761


def embedded_ipv4(address: Address) -> tuple[ipaddress.IPv4Address, str] | None:
    """The IPv4 address an IPv6 address carries and reaches (IPv4-mapped, NAT64, 6to4), if any."""
    if address.version != 6:
        return None
    if address.ipv4_mapped:
        return address.ipv4_mapped, "IPv4-mapped"
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF), "NAT64"
    if address.sixtofour:
        return address.sixtofour, "6to4"
    return None


def inward(address: Address) -> tuple[str, str] | None:
    """(class, why) of an address that points inward, None for a public one. IPv6 embeddings of
    IPv4 are judged by the IPv4 address they reach."""
    if embedded := embedded_ipv4(address):
        v4, how = embedded
        if found := inward(v4):
            return found[0], f"{v4} in {found[1]}, embedded as {how}"
        if how != "6to4":
            return None
    for network, what in INWARD:
        if address.version == network.version and address in network:
            return what, str(network)
    if address.version == 6 and address not in GLOBAL_UNICAST_V6:
        return "reserved", f"outside {GLOBAL_UNICAST_V6}"
    return None


def host_address(host: str) -> Address | None:
    """The address a URL host spells, in any form a resolver accepts, or None for a name.
    Raises BadHost for hosts no target may have."""
    if not host.isascii():
        raise BadHost("write an internationalized host name in its xn-- (IDNA) form")
    if "%" in host:
        raise BadHost("IPv6 zone ids are not allowed")
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host)
        except ValueError as e:
            raise BadHost(str(e)) from None
    return ipv4_spelling(host)


def ipv4_spelling(host: str) -> ipaddress.IPv4Address | None:
    """An IPv4 address as inet_aton and URL parsers read it: one to four parts, each decimal,
    0x-hex or 0-octal, the last filling the remaining bytes (127.1, 2130706433, 0x7f.0.0.1,
    0177.0.0.1). None when a part is not a number (a name); BadHost when the numbers overflow."""
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    numbers = [_number(p) for p in parts]
    if any(n is None for n in numbers):
        return None
    *leading, last = numbers
    if len(parts) > 4 or any(n > 255 for n in leading) or last >= 256 ** (5 - len(parts)):
        raise BadHost(f"{host!r} is not a valid IPv4 address")
    value = last
    for i, n in enumerate(leading):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def _number(part: str) -> int | None:
    if part[:2].lower() == "0x":
        digits, base = part[2:] or "0", 16
    elif len(part) > 1 and part.startswith("0"):
        digits, base = part[1:], 8
    else:
        digits, base = part, 10
    try:
        return int(digits, base) if digits.isalnum() else None
    except ValueError:
        return None


def canonical_url(url: str) -> str:
    """The URL with an IPv4 host in dotted form, as browsers store it (http://0x7f000001/ ->
    http://127.0.0.1/), so the stored target is the address that was checked."""
    parts = urlsplit(url)
    address = host_address(parts.hostname or "")
    if address is None or address.version != 4 or str(address) == parts.hostname:
        return url
    netloc = str(address) + (f":{parts.port}" if parts.port is not None else "")
    return urlunsplit(parts._replace(netloc=netloc))


class AllowList:
    """The server's `--webhook-allow` entries: `*` (any public host), host names
    (`hooks.example.com`), subdomains (`*.example.com`), IP addresses and networks (`10.0.0.0/8`,
    `::1`). See the module docstring for the rule."""

    def __init__(self, entries=()):
        self.any_host = False
        self.names: set[str] = set()
        self.suffixes: list[str] = []
        self.networks: list = []
        for entry in entries:
            entry = entry.strip().lower()
            if entry == "*":
                self.any_host = True
                continue
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
                continue
            except ValueError:
                if "/" in entry or ":" in entry:
                    raise ValueError(f"--webhook-allow {entry!r}: not an IP address or network") from None
            if entry.startswith("*."):
                self.suffixes.append(entry[1:])
            elif entry:
                self.names.add(entry.rstrip("."))

    @property
    def restricts(self) -> bool:
        """Whether only listed hosts may be targets (some entries, and no `*`)."""
        return not self.any_host and bool(self.names or self.suffixes or self.networks)

    def name_listed(self, host: str) -> bool:
        return host in self.names or any(host.endswith(s) for s in self.suffixes)

    def network_listed(self, address: Address) -> bool:
        candidates = [address, *(embedded[:1] if (embedded := embedded_ipv4(address)) else [])]
        return any(a.version == net.version and a in net for a in candidates for net in self.networks)

    def check(self, url: str) -> None:
        """Raises TargetNotAllowed unless the URL's host may be a target (BadHost for a host no
        target may have). Names are not resolved here: the dispatcher checks what they resolve
        to when it connects (check_address)."""
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        address = host_address(host)
        listed = self.network_listed(address) if address is not None else self.name_listed(host)
        if self.restricts and not listed:
            raise TargetNotAllowed(f"host {host!r} is not on the server's webhook allow-list "
                                   "(modelreg serve --webhook-allow)")
        if address is not None:
            self.check_address(address, host=host)
        elif not listed and (what := INWARD_NAMES.get(host) or next(
                (w for s, w in INWARD_SUFFIXES.items() if host.endswith(s)), None)):
            raise TargetNotAllowed(f"host {host!r} is a {what} name; webhooks may target it only if the "
                                   f"server allows it by name (modelreg serve --webhook-allow {host}) and "
                                   "allows the addresses it resolves to", address_class=what)

    def check_address(self, address: Address, *, host: str = "", resolved: bool = False) -> None:
        """Raises TargetNotAllowed for an inward address outside every network entry. `host`: the
        URL's spelling of the address, or with `resolved` the name it was resolved from."""
        found = inward(address)
        if found is None or self.network_listed(address):
            return
        what, why = found
        host = host or str(address)
        if resolved:
            subject = f"target {host} resolves to {address}, {_article(what)}"
        else:
            subject = f"host {host}" + ("" if _spells(host, address) else f" ({address})") + f" is {_article(what)}"
        embedded = embedded_ipv4(address)
        suggest = embedded[0] if embedded else address
        raise TargetNotAllowed(
            f"{subject} {what} address ({why}); webhooks may target it only if the server allows it: "
            f"modelreg serve --webhook-allow {suggest} (or a network containing it)", address_class=what)


def _spells(host: str, address: Address) -> bool:
    """Whether host is a standard literal of address (no need to show the address beside it)."""
    try:
        return ipaddress.ip_address(host) == address
    except ValueError:
        return False


def _article(word: str) -> str:
    return "an" if word[0] in "aeio" or word.startswith("uns") else "a"
