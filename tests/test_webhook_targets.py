"""Webhooks cannot be aimed inward: loopback, private, link-local, unique-local, multicast,
unspecified, reserved and cloud-metadata addresses, in every spelling, are refused when a webhook
is created or updated unless `serve --webhook-allow` names them, and a name that resolves to such
an address is refused when the server connects (DNS rebinding). Only loopback receivers are
contacted; every other target is created disabled, so nothing is ever sent to it."""

import subprocess
import sys

import grpc
import pytest

from conftest import FAST_RETRIES, Receiver, ServerProcess, data_state, wait_until
from modelreg import Registry
from modelreg.v1 import automation_service_pb2 as au
from test_bad_input import refusal_info

# (target host as written in the URL, address class named in the refusal, an allow entry for it)
INWARD = [
    ("127.0.0.1", "loopback", "127.0.0.0/8"),
    ("127.9.9.9", "loopback", "127.0.0.0/8"),
    ("[::1]", "loopback", "::1"),
    ("2130706433", "loopback", "127.0.0.0/8"),  # decimal
    ("0x7f000001", "loopback", "127.0.0.0/8"),  # hex
    ("0177.0.0.1", "loopback", "127.0.0.0/8"),  # octal
    ("127.1", "loopback", "127.0.0.0/8"),  # short
    ("0x7f.0.0.1", "loopback", "127.0.0.0/8"),
    ("127.0.0.1.", "loopback", "127.0.0.0/8"),  # trailing dot
    ("[::ffff:127.0.0.1]", "loopback", "127.0.0.0/8"),  # IPv4-mapped
    ("[::ffff:7f00:1]", "loopback", "127.0.0.0/8"),
    ("localhost", "loopback", "localhost"),  # a loopback name (RFC 6761)
    ("api.localhost", "loopback", "*.localhost"),
    ("10.0.0.1", "private", "10.0.0.0/8"),
    ("172.16.5.4", "private", "172.16.0.0/12"),
    ("192.168.1.1", "private", "192.168.0.0/16"),
    ("[::ffff:10.0.0.1]", "private", "10.0.0.0/8"),
    ("[64:ff9b::a00:1]", "private", "10.0.0.0/8"),  # NAT64
    ("[2002:c0a8:101::1]", "private", "192.168.0.0/16"),  # 6to4 of 192.168.1.1
    ("100.64.0.1", "shared (CGNAT)", "100.64.0.0/10"),
    ("169.254.1.1", "link-local", "169.254.0.0/16"),
    ("[fe80::1]", "link-local", "fe80::/10"),
    ("[fc00::1]", "unique-local", "fc00::/7"),
    ("[fd12:3456::1]", "unique-local", "fc00::/7"),
    ("169.254.169.254", "cloud metadata", "169.254.0.0/16"),
    ("2852039166", "cloud metadata", "169.254.0.0/16"),  # 169.254.169.254 in decimal
    ("[fd00:ec2::254]", "cloud metadata", "fc00::/7"),
    ("100.100.100.200", "cloud metadata", "100.64.0.0/10"),
    ("168.63.129.16", "cloud metadata", "168.63.129.16"),
    ("metadata.google.internal", "cloud metadata", "metadata.google.internal"),
    ("224.0.0.1", "multicast", "224.0.0.0/4"),
    ("[ff02::1]", "multicast", "ff00::/8"),
    ("0.0.0.0", "unspecified", "0.0.0.0/8"),
    ("0", "unspecified", "0.0.0.0/8"),
    ("[::]", "unspecified", "::/128"),
    ("255.255.255.255", "broadcast", "255.255.255.255"),
    ("240.0.0.1", "reserved", "240.0.0.0/4"),
    ("198.18.0.1", "reserved", "198.18.0.0/15"),
    ("192.0.2.1", "documentation", "192.0.2.0/24"),
    ("[2001:db8::1]", "documentation", "2001:db8::/32"),
    ("[::127.0.0.1]", "reserved", "::/8"),  # IPv4-compatible (deprecated)
]
# Public targets, created disabled: no request is ever made (nor a name resolved) at creation.
PUBLIC = ["https://hooks.example.com/modelreg", "http://8.8.8.8/hook", "http://[2001:4860:4860::8888]/hook",
          "http://[::ffff:8.8.8.8]/hook", "http://[64:ff9b::808:808]/hook", "http://[2002:808:808::1]/hook"]
ids = [host for host, _, _ in INWARD]


@pytest.fixture(scope="module")
def open_server(tmp_path_factory):
    """A server without --webhook-allow: public hosts allowed, inward ones refused."""
    srv = ServerProcess(tmp_path_factory.mktemp("targets") / "data").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def allowing_server(tmp_path_factory):
    """A server whose --webhook-allow names every inward network above, and `*` for public hosts."""
    entries = sorted({entry for _, _, entry in INWARD}) + ["*"]
    srv = ServerProcess(tmp_path_factory.mktemp("allowing") / "data",
                        *[arg for entry in entries for arg in ("--webhook-allow", entry)]).start()
    yield srv
    srv.stop()


def create(reg: Registry, url: str, **fields):
    """CreateWebhook through the raw stub (refusal_info checks the one ErrorInfo), disabled."""
    webhook = au.Webhook(target_url=url, state=au.WEBHOOK_STATE_DISABLED, **fields)
    return reg.automations.CreateWebhook(au.CreateWebhookRequest(webhook=webhook), timeout=30).webhook


@pytest.mark.parametrize("host, what, entry", INWARD, ids=ids)
def test_inward_targets_are_refused_at_creation(open_server, host, what, entry):
    with Registry(open_server.address, timeout=30) as reg:
        before = data_state(open_server.data)
        code, reason, metadata = refusal_info(create, reg, f"http://{host}:8080/hook")
        assert (code, reason) == (grpc.StatusCode.INVALID_ARGUMENT, "TARGET_NOT_ALLOWED")
        assert metadata["address_class"] == what
        assert data_state(open_server.data) == before
        assert list(reg.list_webhooks()) == []


def test_the_refusal_names_the_address_class_and_the_way_to_allow_it(open_server):
    with Registry(open_server.address, timeout=30) as reg:
        with pytest.raises(grpc.RpcError) as e:
            create(reg, "http://0x7f000001/hook")
        assert e.value.details() == (
            "host 0x7f000001 (127.0.0.1) is a loopback address (127.0.0.0/8); webhooks may target it only if "
            "the server allows it: modelreg serve --webhook-allow 127.0.0.1 (or a network containing it)")
        with pytest.raises(grpc.RpcError) as e:
            create(reg, "http://[::ffff:10.0.0.1]/hook")
        assert "is a private address (10.0.0.1 in 10.0.0.0/8, embedded as IPv4-mapped)" in e.value.details()
        assert "--webhook-allow 10.0.0.1 " in e.value.details()


@pytest.mark.parametrize("host, what, entry", INWARD, ids=ids)
def test_inward_targets_are_refused_on_update(open_server, host, what, entry):
    with Registry(open_server.address, timeout=30) as reg:
        hook = create(reg, "https://hooks.example.com/modelreg")
        before = data_state(open_server.data)
        code, reason, metadata = refusal_info(reg.update_webhook, hook.name, target_url=f"http://{host}/hook")
        assert (code, reason, metadata["address_class"]) == (grpc.StatusCode.INVALID_ARGUMENT,
                                                            "TARGET_NOT_ALLOWED", what)
        assert data_state(open_server.data) == before
        assert reg.get_webhook(hook.name).target_url == "https://hooks.example.com/modelreg"
        reg.delete_webhook(hook.name)


@pytest.mark.parametrize("url", PUBLIC)
def test_public_targets_stay_allowed_by_default(open_server, url):
    with Registry(open_server.address, timeout=30) as reg:
        hook = create(reg, url)
        assert hook.target_url == url
        reg.delete_webhook(hook.name)


@pytest.mark.parametrize("url", ["http://1.2.3.4.5/hook", "http://1.256.0.0/hook", "http://4294967296/hook",
                                 "http://[fe80::1%25eth0]/hook", "http://bücher.example/hook"])
def test_hosts_no_target_may_have_are_invalid(open_server, url):
    with Registry(open_server.address, timeout=30) as reg:
        before = data_state(open_server.data)
        assert refusal_info(create, reg, url)[:2] == (grpc.StatusCode.INVALID_ARGUMENT, "INVALID_TARGET")
        assert data_state(open_server.data) == before


@pytest.mark.parametrize("host, what, entry", INWARD, ids=ids)
def test_inward_targets_are_allowed_when_the_server_names_them(allowing_server, host, what, entry):
    with Registry(allowing_server.address, timeout=30) as reg:
        hook = create(reg, f"http://{host}:8080/hook")
        reg.delete_webhook(hook.name)


@pytest.mark.parametrize("url", PUBLIC)
def test_a_star_entry_keeps_public_hosts_allowed_beside_inward_ones(allowing_server, url):
    with Registry(allowing_server.address, timeout=30) as reg:
        reg.delete_webhook(create(reg, url).name)


@pytest.mark.parametrize("url, stored", [
    ("http://0x7f000001:8080/hook?a=1", "http://127.0.0.1:8080/hook?a=1"),
    ("http://2130706433/hook", "http://127.0.0.1/hook"),
    ("http://0177.0.0.1/hook", "http://127.0.0.1/hook"),
    ("http://127.1/hook", "http://127.0.0.1/hook"),
    ("http://127.0.0.1./hook", "http://127.0.0.1/hook"),
])
def test_numeric_spellings_are_stored_as_the_address_they_spell(allowing_server, url, stored):
    with Registry(allowing_server.address, timeout=30) as reg:
        hook = create(reg, url)
        assert hook.target_url == stored == reg.get_webhook(hook.name).target_url
        reg.delete_webhook(hook.name)


def test_an_entry_for_a_network_does_not_admit_a_neighbour(tmp_path):
    srv = ServerProcess(tmp_path / "data", "--webhook-allow", "10.1.0.0/16", "--webhook-allow", "*").start()
    try:
        with Registry(srv.address, timeout=30) as reg:
            reg.delete_webhook(create(reg, "http://10.1.2.3/hook").name)
            reg.delete_webhook(create(reg, "http://[::ffff:10.1.2.3]/hook").name)
            assert refusal_info(create, reg, "http://10.2.0.1/hook")[1] == "TARGET_NOT_ALLOWED"
            assert refusal_info(create, reg, "http://localhost/hook")[1] == "TARGET_NOT_ALLOWED"  # `*` is public only
    finally:
        srv.stop()


@pytest.mark.parametrize("entry", ["10.0.0.0/33", "::1::2", "fe80::/129"])
def test_a_malformed_allow_entry_stops_the_server(tmp_path, entry):
    result = subprocess.run([sys.executable, "-m", "modelreg", "serve", "--data", str(tmp_path / "data"),
                             "--listen", "127.0.0.1:0", "--webhook-allow", entry],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert f"--webhook-allow {entry!r}: not an IP address or network" in result.stderr


# Connect time: a name allowed by name whose addresses are not allowed is refused when the server
# connects, as an attempt with the reason, under the normal retry and failure policy.

def test_a_name_that_resolves_inward_is_refused_at_connect_time(tmp_path):
    receiver = Receiver().start()
    srv = ServerProcess(tmp_path / "data", *FAST_RETRIES, "--webhook-attempts", "2",
                        "--webhook-allow", "localhost").start()
    try:
        with Registry(srv.address, timeout=30) as reg:
            hook = reg.add_webhook(f"http://localhost:{receiver.port}/hook", models=["rebound"]).webhook
            ping = reg.test_webhook(hook.name)
            assert ping.status == au.DELIVERY_STATUS_FAILED and ping.attempts[0].status_code == 0
            assert ping.attempts[0].error.startswith(
                "target localhost resolves to 127.0.0.1, a loopback address (127.0.0.0/8); webhooks may target it "
                "only if the server allows it: modelreg serve --webhook-allow 127.0.0.1")

            reg.create_model("rebound")
            wait_until(lambda: reg.get_webhook(hook.name).failed_deliveries == 2, what="the event delivery to fail")
            event = next(d for d in reg.webhook_deliveries(hook.name) if d.event.sequence)
            assert event.status == au.DELIVERY_STATUS_FAILED and event.attempt_count == 2
            assert all(a.error.startswith("target localhost resolves to 127.0.0.1, a loopback address")
                       for a in event.attempts)
            assert reg.get_webhook(hook.name).last_error.startswith("target localhost resolves to 127.0.0.1")
        assert receiver.received() == []
    finally:
        srv.stop()
        receiver.stop()


def test_a_name_whose_addresses_are_allowed_is_delivered_with_its_host_header(tmp_path):
    receiver = Receiver().start()
    srv = ServerProcess(tmp_path / "data", *FAST_RETRIES, "--webhook-allow", "localhost",
                        "--webhook-allow", "127.0.0.0/8", "--webhook-allow", "::1").start()
    try:
        with Registry(srv.address, timeout=30) as reg:
            hook = reg.add_webhook(f"http://localhost:{receiver.port}/hook", models=["named"]).webhook
            reg.create_model("named")
            wait_until(lambda: receiver.received(), what="the delivery")
            (request,) = receiver.received()
            assert request["headers"]["host"] == f"localhost:{receiver.port}"
            ping = reg.test_webhook(hook.name)
            assert ping.status == au.DELIVERY_STATUS_SUCCEEDED and ping.attempts[0].status_code == 200
    finally:
        srv.stop()
        receiver.stop()
