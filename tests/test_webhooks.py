"""Webhooks against a real server and real HTTP receivers on loopback: signed payloads in every
format, at-least-once ordered delivery through receiver outages and server kills, isolation of a
hanging receiver, delivery history, manual retry, pause, secrets and target validation."""

import base64
import json
import time

import pytest
from google.protobuf.field_mask_pb2 import FieldMask
from standardwebhooks.webhooks import Webhook as Verifier, WebhookVerificationError

from conftest import Receiver, ServerProcess, free_port, wait_until
from modelreg import FailedPrecondition, InvalidArgument, NotFound, Registry
from modelreg.v1 import automation_service_pb2 as au
from modelreg.v1 import resources_pb2 as r



def payload(request) -> dict:
    return json.loads(request["body"])


def sequence_of(request) -> int:
    return payload(request)["data"]["sequence"]


def arrived(receiver: Receiver, n: int) -> list:
    """Waits until n distinct webhook-ids have arrived; returns every request (duplicates too)."""
    wait_until(lambda: len({q["headers"]["webhook-id"] for q in receiver.received()}) >= n,
               what=f"{n} deliveries (got {len(receiver.received())} requests)")
    return receiver.received()


def model_events(reg: Registry, model: str, n: int) -> list[int]:
    """Creates model and updates it n-1 times: n events; returns their sequences."""
    head = reg.event_head()
    reg.create_model(model)
    for i in range(n - 1):
        reg.update_model(model, description=f"revision {i}")
    return list(range(head + 1, head + n + 1))


def push_file(reg: Registry, model: str, tmp_path, text: bytes, **kwargs) -> r.Version:
    path = tmp_path / f"{model}-{len(text)}-{time.monotonic_ns()}.bin"
    path.write_bytes(text)
    return reg.push(model, path, **kwargs)


@pytest.fixture
def reg(shared_hook_server):
    with Registry(shared_hook_server.address, timeout=30) as registry:
        yield registry


# Formats and signatures

@pytest.mark.parametrize("fmt", ["json", "slack", "teams"])
def test_each_format_is_signed_and_carries_the_event(reg, receiver, model, tmp_path, fmt):
    created = reg.add_webhook(receiver.url, models=[model], types=["ALIAS_SET"], aliases=["prod*"], format=fmt)
    v1 = push_file(reg, model, tmp_path, b"weights v1")
    push_file(reg, model, tmp_path, b"weights v2")
    reg.set_alias(model, "production", 1)
    reg.set_alias(model, "production", 2)
    requests = arrived(receiver, 2)
    assert len(requests) == 2  # latest and staging moves, version and model events are filtered out
    verifier = Verifier(created.secret)
    for request in requests:
        assert request["headers"]["content-type"] == "application/json"
        assert request["headers"]["webhook-id"].startswith("msg_")
        assert request["headers"]["webhook-signature"].startswith("v1,")
        verifier.verify(request["body"], request["headers"])  # raises unless signed with the secret
    bodies = [payload(q) for q in requests]
    if fmt == "json":
        assert [b["type"] for b in bodies] == ["alias.set", "alias.set"]
        data = [b["data"] for b in bodies]
        assert [(d["model"], d["alias"], d["version"], d["previous_version"]) for d in data] == [
            (model, "production", 1, 0), (model, "production", 2, 1)]
        assert data[0]["type"] == "ALIAS_SET" and data[0]["digest"] == v1.digest
        assert data[0]["reference"] == f"{model}:v1"
        assert data[0]["sequence"] < data[1]["sequence"]
        assert bodies[0]["timestamp"].endswith("Z")
    elif fmt == "slack":
        assert bodies[0]["text"] == f"modelreg: {model}:production -> v1 (new alias)"
        assert bodies[1]["text"] == f"modelreg: {model}:production -> v2 (was v1)"
        assert bodies[1]["blocks"][0]["type"] == "section"
        fields = [f["text"] for f in bodies[1]["blocks"][1]["fields"]]
        assert f"*Model*\n{model}" in fields and "*Alias*\nproduction" in fields
    else:
        assert bodies[1]["@type"] == "MessageCard"
        assert bodies[1]["@context"] == "https://schema.org/extensions"
        assert bodies[1]["summary"] == f"modelreg: {model}:production -> v2 (was v1)"
        facts = {f["name"]: f["value"] for f in bodies[1]["sections"][0]["facts"]}
        assert facts["Model"] == model and facts["Alias"] == "production" and facts["Version"] == "2"
        assert facts["Previous version"] == "1"
    reg.delete_webhook(created.webhook.name)


def test_governance_changes_read_well_in_chat(reg, receiver, model):
    created = reg.add_webhook(receiver.url, types=["PRINCIPAL_CREATED"], format="slack")
    reg.create_principal(f"{model}-bot", kind="service_account")
    (request,) = arrived(receiver, 1)
    body = payload(request)
    assert body["text"] == f"modelreg: principal created: principals/{model}-bot kind=service_account"
    fields = [f["text"] for f in body["blocks"][1]["fields"]]
    assert f"*Subject*\nprincipals/{model}-bot" in fields
    reg.delete_webhook(created.webhook.name)


def test_signature_by_hand(reg, receiver, model):
    """The signature is base64(HMAC-SHA256(key, "id.timestamp.body")), key = the secret's base64 part."""
    import hashlib
    import hmac
    created = reg.add_webhook(receiver.url, models=[model])
    reg.create_model(model)
    request = arrived(receiver, 1)[0]
    key = base64.b64decode(created.secret.removeprefix("whsec_"))
    headers = request["headers"]
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + request["body"]
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert headers["webhook-signature"] == f"v1,{expected}"
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 300
    assert payload(request)["type"] == "model.created"


def test_ping(reg, receiver):
    created = reg.add_webhook(receiver.url, models=["nothing-matches-this"])
    delivery = reg.test_webhook(created.webhook.name)
    assert delivery.status == au.DELIVERY_STATUS_SUCCEEDED
    assert delivery.payload_type == "webhook.ping" and not delivery.HasField("event")
    assert [a.status_code for a in delivery.attempts] == [200]
    request = receiver.received()[-1]
    assert request["headers"]["webhook-id"] == delivery.message_id
    body = Verifier(created.secret).verify(request["body"], request["headers"])
    assert body["type"] == "webhook.ping" and body["data"]["webhook"] == created.webhook.name
    # A failing ping is reported in the delivery, not as an error.
    receiver.status = 503
    failed = reg.test_webhook(created.webhook.name)
    assert failed.status == au.DELIVERY_STATUS_FAILED
    assert failed.attempts[0].status_code == 503 and failed.attempts[0].error == "HTTP 503: receiver says no"
    reg.delete_webhook(created.webhook.name)


# Durable, ordered, at least once

def test_receiver_down_then_up_gets_every_event_in_order(reg, model):
    port = free_port()  # nothing listens here yet
    created = reg.add_webhook(f"http://127.0.0.1:{port}/hook", models=[model])
    sequences = model_events(reg, model, 8)
    hook = created.webhook.name

    def first_retried():
        deliveries = list(reg.webhook_deliveries(hook))
        return deliveries and len(deliveries[-1].attempts) >= 3
    wait_until(first_retried, what="the first delivery to be retried")
    receiver = Receiver(port).start()
    try:
        requests = arrived(receiver, len(sequences))
        assert [sequence_of(q) for q in requests] == sequences  # in order, once each

        def delivered():  # the receiver records a request before the server reads its answer
            found = list(reg.webhook_deliveries(hook))[::-1]
            return found if all(d.status == au.DELIVERY_STATUS_SUCCEEDED for d in found) else None
        deliveries = wait_until(delivered, what="every delivery to be marked succeeded")
        assert [d.event.sequence for d in deliveries] == sequences
        first = deliveries[0].attempts
        assert all(a.status_code == 0 and "Connect" in a.error for a in first[:-1])
        assert first[-1].status_code == 200 and first[-1].error == ""
        assert all(a.latency.ToNanoseconds() > 0 for a in first)
        assert [q["headers"]["webhook-id"] for q in requests] == [d.message_id for d in deliveries]
    finally:
        receiver.stop()
        reg.delete_webhook(hook)


def test_server_killed_mid_backlog_loses_nothing(hook_server, receiver, model):
    receiver.delay = 0.05
    with Registry(hook_server.address, timeout=30) as reg:
        hook = reg.add_webhook(receiver.url, models=[model]).webhook.name
        sequences = model_events(reg, model, 40)
    wait_until(lambda: len(receiver.received()) >= 5, what="the first deliveries")
    hook_server.kill()  # SIGKILL mid-backlog, possibly mid-request
    assert len({sequence_of(q) for q in receiver.received()}) < len(sequences)
    hook_server.start()
    requests = arrived(receiver, len(sequences))
    seen = [sequence_of(q) for q in requests]
    assert sorted(set(seen)) == sequences  # every event arrived
    assert seen == sorted(seen)  # in order; a duplicate can only repeat the one in flight
    ids = {}
    for q in requests:  # a duplicate carries the same webhook-id, and each event has one
        ids.setdefault(sequence_of(q), set()).add(q["headers"]["webhook-id"])
    assert all(len(v) == 1 for v in ids.values())
    with Registry(hook_server.address, timeout=30) as reg:
        assert reg.get_webhook(hook).cursor_sequence == sequences[-1]
        wait_until(lambda: reg.get_webhook(hook).pending_deliveries == 0, what="an empty queue")


def test_graceful_restart_continues_pending_deliveries(hook_server, model):
    port = free_port()
    with Registry(hook_server.address, timeout=30) as reg:
        hook = reg.add_webhook(f"http://127.0.0.1:{port}/hook", models=[model]).webhook.name
        sequences = model_events(reg, model, 5)
        wait_until(lambda: reg.get_webhook(hook).pending_deliveries == 5, what="5 pending deliveries")
    assert hook_server.stop() == 0
    receiver = Receiver(port).start()
    try:
        hook_server.start()
        assert [sequence_of(q) for q in arrived(receiver, 5)] == sequences
    finally:
        receiver.stop()


def test_a_hanging_receiver_does_not_delay_another_webhook(hook_server, model):
    hanging, healthy = Receiver(), Receiver()
    hanging.hang = True
    hanging.start(), healthy.start()
    hook_server.args += ["--webhook-timeout", "120"]  # the hung request outlives the test's waits
    hook_server.restart()
    try:
        with Registry(hook_server.address, timeout=30) as reg:
            reg.add_webhook(hanging.url, models=[model])
            reg.add_webhook(healthy.url, models=[model])
            sequences = model_events(reg, model, 6)
            wait_until(lambda: hanging.received(), what="the request that hangs")
            assert [sequence_of(q) for q in arrived(healthy, 6)] == sequences
            assert len(hanging.received()) == 1  # still stuck on the first event
            assert reg.get_model(model).description == "revision 4"  # the registry still answers
            hanging.release.set()
            hanging.hang = False
            assert [sequence_of(q) for q in arrived(hanging, 6)] == sequences
    finally:
        hanging.stop(), healthy.stop()


# History, failure policies, manual retry

def test_failed_deliveries_are_recorded_skipped_and_retried_by_hand(hook_server, receiver, model):
    hook_server.args += ["--webhook-attempts", "3"]
    hook_server.restart()
    receiver.status = 500
    with Registry(hook_server.address, timeout=30) as reg:
        hook = reg.add_webhook(receiver.url, models=[model]).webhook.name
        first, second = model_events(reg, model, 2)
        wait_until(lambda: reg.get_webhook(hook).failed_deliveries == 2, what="2 failed deliveries")
        deliveries = {d.event.sequence: d for d in reg.webhook_deliveries(hook)}
        for d in deliveries.values():  # each: 3 attempts, then failed, and the next one went ahead
            assert d.status == au.DELIVERY_STATUS_FAILED and d.attempt_count == 3
            assert [a.status_code for a in d.attempts] == [500, 500, 500]
            assert all(a.error == "HTTP 500: receiver says no" for a in d.attempts)
            assert all(a.latency.ToNanoseconds() > 0 and a.time.seconds > 0 for a in d.attempts)
        assert reg.get_webhook(hook).last_error == "HTTP 500: receiver says no"
        assert [d.event.sequence for d in reg.webhook_deliveries(hook, status="failed")] == [second, first]

        receiver.status = 200
        reg.update_model(model, description="later")  # the webhook carried on past the failures
        third = reg.event_head()
        wait_until(lambda: any(sequence_of(q) == third for q in receiver.received()), what="the next event")
        number = deliveries[first].name.rsplit("/", 1)[1]
        retried = reg.retry_delivery(deliveries[first].name)
        assert retried.status == au.DELIVERY_STATUS_PENDING and retried.attempt_count == 0

        def retried_delivery():
            return next(d for d in reg.webhook_deliveries(hook) if d.event.sequence == first)
        wait_until(lambda: retried_delivery().status == au.DELIVERY_STATUS_SUCCEEDED, what="the retried delivery")
        done = retried_delivery()
        assert [a.status_code for a in done.attempts] == [500, 500, 500, 200]
        ids = {q["headers"]["webhook-id"] for q in receiver.received() if sequence_of(q) == first}
        assert ids == {deliveries[first].message_id}  # the retry kept its webhook-id
        with pytest.raises(FailedPrecondition) as e:
            reg.retry_delivery(done.name)
        assert e.value.reason == "DELIVERY_NOT_FAILED"
        with pytest.raises(NotFound) as e:
            reg.retry_delivery(f"{hook}/deliveries/{int(number) + 1000}")
        assert e.value.reason == "DELIVERY_NOT_FOUND"
        assert reg.get_webhook(hook).failed_deliveries == 1


def test_a_delivery_keeps_its_latest_100_attempts_however_often_it_is_retried(hook_server, receiver, model):
    hook_server.args += ["--webhook-attempts", "60", "--webhook-backoff", "0", "--webhook-backoff-max", "0"]
    hook_server.restart()
    receiver.status = 500
    with Registry(hook_server.address, timeout=30) as reg:
        hook = reg.add_webhook(receiver.url, models=[model]).webhook.name
        model_events(reg, model, 1)
        wait_until(lambda: reg.get_webhook(hook).failed_deliveries == 1, what="the failed delivery")
        delivery = next(reg.webhook_deliveries(hook))
        assert len(delivery.attempts) == 60
        reg.retry_delivery(delivery.name)
        wait_until(lambda: len(receiver.received()) == 120, what="60 more attempts")
        wait_until(lambda: reg.get_webhook(hook).failed_deliveries == 1, what="the delivery to fail again")
        again = next(reg.webhook_deliveries(hook))
        assert again.attempt_count == 60
        assert len(again.attempts) == 100
        assert again.attempts[0].time.ToNanoseconds() > delivery.attempts[0].time.ToNanoseconds()
        assert again.attempts[-1].time.ToNanoseconds() >= delivery.attempts[-1].time.ToNanoseconds()


def test_pause_policy_holds_the_queue_until_enabled(hook_server, receiver, model):
    hook_server.args += ["--webhook-attempts", "2"]
    hook_server.restart()
    receiver.status = 500
    with Registry(hook_server.address, timeout=30) as reg:
        hook = reg.add_webhook(receiver.url, models=[model], on_failure="pause").webhook.name
        sequences = model_events(reg, model, 3)
        wait_until(lambda: reg.get_webhook(hook).state == au.WEBHOOK_STATE_PAUSED, what="the webhook to pause")
        assert {sequence_of(q) for q in receiver.received()} == {sequences[0]}  # nothing skipped ahead
        webhook = reg.get_webhook(hook)
        assert webhook.pending_deliveries == 3 and webhook.failed_deliveries == 0
        receiver.status = 200
        assert reg.update_webhook(hook, enabled=True).state == au.WEBHOOK_STATE_ENABLED
        requests = arrived(receiver, 3)
        # Two failed attempts of the first event, then (enabled) the first again and the rest, in order.
        assert [sequence_of(q) for q in requests] == [sequences[0]] * 2 + sequences
        assert reg.get_webhook(hook).state == au.WEBHOOK_STATE_ENABLED


def test_disabled_webhooks_skip_what_happens_meanwhile(reg, receiver, model):
    hook = reg.add_webhook(receiver.url, models=[model], enabled=False).webhook.name
    model_events(reg, model, 2)
    assert reg.update_webhook(hook, enabled=True).state == au.WEBHOOK_STATE_ENABLED
    reg.update_model(model, description="after enabling")
    requests = arrived(receiver, 1)
    assert [payload(q)["data"]["type"] for q in requests] == ["MODEL_UPDATED"]
    assert reg.get_webhook(hook).cursor_sequence >= payload(requests[0])["data"]["sequence"]
    reg.delete_webhook(hook)


# Resources, secrets, validation

def test_secret_is_returned_only_on_create(reg, receiver, model):
    created = reg.add_webhook(receiver.url + "/one", models=[model], description="evaluation job")
    assert created.secret.startswith("whsec_")
    assert len(base64.b64decode(created.secret.removeprefix("whsec_"))) >= 24
    assert created.webhook.secret == ""
    hook = created.webhook.name
    assert reg.get_webhook(hook).secret == ""
    assert all(w.secret == "" for w in reg.list_webhooks())
    given = "whsec_" + base64.b64encode(b"k" * 32).decode()
    assert reg.add_webhook(receiver.url + "/two", secret=given, models=[model],
                           webhook_id=f"{model}-given").secret == given
    assert reg.get_webhook(f"{model}-given").secret == ""
    # A new secret can be set; it is not returned, and signs from then on.
    rotated = "whsec_" + base64.b64encode(b"r" * 40).decode()
    assert reg.update_webhook(hook, secret=rotated).secret == ""
    reg.create_model(model)
    requests = {q["path"]: q for q in arrived(receiver, 2)}
    Verifier(rotated).verify(requests["/hook/one"]["body"], requests["/hook/one"]["headers"])
    Verifier(given).verify(requests["/hook/two"]["body"], requests["/hook/two"]["headers"])
    with pytest.raises(WebhookVerificationError):
        Verifier(created.secret).verify(requests["/hook/one"]["body"], requests["/hook/one"]["headers"])
    reg.delete_webhook(hook)
    reg.delete_webhook(f"{model}-given")


def test_get_list_update_delete(reg, receiver, model):
    names = [reg.add_webhook(receiver.url, models=[model], webhook_id=f"{model}-{i}", format="slack").webhook.name
             for i in range(3)]
    listed = [w.name for w in reg.list_webhooks(page_size=1)]
    assert [n for n in listed if n in names] == sorted(names)
    w = reg.get_webhook(names[0].removeprefix("webhooks/"))
    assert (w.name, w.target_url, list(w.models)) == (names[0], receiver.url, [model])
    assert w.payload_format == au.PAYLOAD_FORMAT_SLACK and w.on_failure == au.FAILURE_POLICY_SKIP
    assert w.state == au.WEBHOOK_STATE_ENABLED and w.cursor_sequence == reg.event_head()
    updated = reg.update_webhook(names[0], types=["ALIAS_SET", "VERSION_CREATED"], aliases=["production"],
                                 format="teams", on_failure="pause", description="deploy")
    assert list(updated.event_types) == [r.EVENT_TYPE_ALIAS_SET, r.EVENT_TYPE_VERSION_CREATED]
    assert (list(updated.aliases), updated.payload_format, updated.on_failure, updated.description) == (
        ["production"], au.PAYLOAD_FORMAT_TEAMS, au.FAILURE_POLICY_PAUSE, "deploy")
    assert reg.update_webhook(names[0], enabled=False).state == au.WEBHOOK_STATE_DISABLED
    with pytest.raises(InvalidArgument) as e:
        reg._unary(reg.automations.UpdateWebhook, au.UpdateWebhookRequest(
            webhook=au.Webhook(name=names[0], cursor_sequence=5), update_mask=FieldMask(paths=["cursor_sequence"])))
    assert e.value.reason == "INVALID_UPDATE_MASK"
    for name in names:
        reg.delete_webhook(name)
    with pytest.raises(NotFound) as e:
        reg.get_webhook(names[0])
    assert e.value.reason == "WEBHOOK_NOT_FOUND"
    with pytest.raises(NotFound):
        reg.delete_webhook(names[0])
    with pytest.raises(NotFound):
        list(reg.webhook_deliveries(names[0]))


def test_duplicate_id_is_refused(reg, receiver, model):
    from modelreg import AlreadyExists
    reg.add_webhook(receiver.url, webhook_id=model, models=[model])
    with pytest.raises(AlreadyExists) as e:
        reg.add_webhook(receiver.url, webhook_id=model)
    assert e.value.reason == "WEBHOOK_ALREADY_EXISTS"
    reg.delete_webhook(model)


BAD_WEBHOOKS = [
    ({"target_url": "ftp://127.0.0.1/hook"}, "INVALID_TARGET"),
    ({"target_url": "127.0.0.1:8080/hook"}, "INVALID_TARGET"),
    ({"target_url": "http:///hook"}, "INVALID_TARGET"),
    ({"target_url": "http://user:pw@127.0.0.1/hook"}, "INVALID_TARGET"),
    ({"target_url": "http://127.0.0.1:99999/hook"}, "INVALID_TARGET"),
    ({"target_url": "http://127.0.0.1/a b"}, "INVALID_TARGET"),
    ({"target_url": "http://127.0.0.1/" + "x" * 3000}, "INVALID_TARGET"),
    ({"target_url": ""}, "INVALID_TARGET"),
    ({"secret": "not-a-secret"}, "INVALID_SECRET"),
    ({"secret": "whsec_" + base64.b64encode(b"short").decode()}, "INVALID_SECRET"),
    ({"secret": "whsec_!!!!"}, "INVALID_SECRET"),
    ({"models": ["Has Spaces"]}, "INVALID_FILTER"),
    ({"aliases": ["prod/uction"]}, "INVALID_FILTER"),
    ({"event_types": [r.EVENT_TYPE_UNSPECIFIED]}, "INVALID_EVENT_TYPE"),
    ({"event_types": [99]}, "INVALID_EVENT_TYPE"),
    ({"payload_format": 42}, "INVALID_FORMAT"),
    ({"on_failure": 42}, "INVALID_POLICY"),
    ({"state": au.WEBHOOK_STATE_PAUSED}, "INVALID_STATE"),
    ({"description": "x" * 5000}, "INVALID_DESCRIPTION"),
]


@pytest.mark.parametrize("fields, reason", BAD_WEBHOOKS, ids=[f"{r}-{i}" for i, (_, r) in enumerate(BAD_WEBHOOKS)])
def test_bad_webhooks_are_refused_and_change_nothing(reg, fields, reason):
    before = [w.name for w in reg.list_webhooks()]
    webhook = au.Webhook(**{"target_url": "http://127.0.0.1:9/hook", **fields})
    with pytest.raises(InvalidArgument) as e:
        reg._unary(reg.automations.CreateWebhook, au.CreateWebhookRequest(webhook=webhook))
    assert e.value.reason == reason
    assert [w.name for w in reg.list_webhooks()] == before


@pytest.mark.parametrize("name", ["Bad Id", "webhooks/", "-x", "x" * 200])
def test_bad_webhook_ids_are_refused(reg, name):
    with pytest.raises(InvalidArgument) as e:
        reg.add_webhook("http://127.0.0.1:9/hook", webhook_id=name)
    assert e.value.reason == "INVALID_NAME"
    with pytest.raises(InvalidArgument):
        reg.get_webhook(name)


@pytest.mark.parametrize("name", ["webhooks/x", "webhooks/x/deliveries/abc", "x/deliveries/1", "webhooks/x/other/1"])
def test_bad_delivery_names_are_refused(reg, name):
    with pytest.raises(InvalidArgument) as e:
        reg.retry_delivery(name)
    assert e.value.reason == "INVALID_NAME"


@pytest.fixture(scope="module")
def allowlisted_server(tmp_path_factory):
    srv = ServerProcess(tmp_path_factory.mktemp("allow") / "data", "--webhook-allow", "127.0.0.0/8",
                        "--webhook-allow", "hooks.example.com", "--webhook-allow", "*.ci.example.com",
                        "--webhook-allow", "::1").start()
    yield srv
    srv.stop()


@pytest.mark.parametrize("url, allowed", [
    ("http://127.0.0.1:8080/hook", True),
    ("http://127.9.9.9/hook", True),
    ("http://[::1]:8080/hook", True),
    ("https://hooks.example.com/modelreg", True),
    ("https://HOOKS.example.com./modelreg", True),
    ("https://build.ci.example.com/hook", True),
    ("http://10.1.2.3/hook", False),
    ("http://[::2]/hook", False),
    ("https://evil.example.com/hook", False),
    ("https://hooks.example.com.evil.net/hook", False),
    ("http://localhost:8080/hook", False),  # names are not resolved: list them by name
])
def test_allow_list(allowlisted_server, url, allowed):
    with Registry(allowlisted_server.address, timeout=30) as reg:
        if allowed:
            # Disabled: nothing is ever sent to these hosts.
            created = reg.add_webhook(url, enabled=False)
            reg.delete_webhook(created.webhook.name)
        else:
            with pytest.raises(InvalidArgument) as e:
                reg.add_webhook(url, enabled=False)
            assert e.value.reason == "TARGET_NOT_ALLOWED"
            assert list(reg.list_webhooks()) == []
