"""Webhooks across replicas: two dispatchers over one metadata database, as two replicas of the
server run them, delivering to real HTTP receivers on loopback. Each webhook is delivered by the
dispatcher holding its lease: every event once and in order, never two requests at once; a
dispatcher stopped abruptly is taken over when its lease runs out, one closed cleanly at once.

The dispatchers run in this test's event loop over their own SqliteMetadataStore each (two
stores over one SQLite file, like replicas over one database); the server's subprocess cannot
be used twice here, as a data directory is held by one server."""

import asyncio
import json
import time

import pytest

from conftest import Receiver
from modelreg_server.access import Caller
from modelreg_server.automations import Automations
from modelreg_server.domain import WebhookRow, now_micros
from modelreg_server.sqlite_store import SqliteEventLog, SqliteMetadataStore
from modelreg_server.store import Store
from modelreg_server.targets import AllowList
from modelreg_server.webhooks import Dispatcher, Settings


class Replica:
    """What one server process holds of webhooks: its own store over the shared database file,
    its event log and a dispatcher."""

    def __init__(self, path, *, lease: float):
        self.settings = Settings(max_attempts=100, backoff_base=0.05, backoff_cap=0.3, timeout=5.0, lease=lease,
                                 allow=AllowList(["127.0.0.1"]))
        self.metadata = SqliteMetadataStore(Store(path))
        self.events = SqliteEventLog()
        self.dispatcher = Dispatcher(self.metadata, self.events, self.settings)
        self.automations = Automations(self.metadata, self.events, self.settings, changed=self.dispatcher.changed)

    async def add_webhook(self, url: str) -> WebhookRow:
        hook, _ = await self.automations.create_webhook(WebhookRow(target_url=url), caller=Caller.local())
        return hook

    async def append(self, n: int) -> list[int]:
        """Commits n events, one transaction each; returns their sequences."""
        sequences = []
        for i in range(n):
            sequences.append(await self.metadata.transact(
                lambda tx: self.events.append(tx, type="MODEL_UPDATED", model="m", details={"i": i})))
        self.dispatcher.changed()
        return sequences

    async def webhook(self, webhook_id: int) -> WebhookRow:
        return await self.metadata.read(lambda db: db.webhook_by_id(webhook_id))

    def close(self) -> None:
        self.events.close()
        self.metadata.close()


@pytest.fixture
def replicas(tmp_path, request):
    made = []

    def make(lease: float = 15.0) -> Replica:
        made.append(Replica(tmp_path / "registry.db", lease=lease))
        return made[-1]
    yield make
    for replica in made:
        replica.close()


async def until(condition, *, timeout: float = 60, what: str = "condition"):
    """Polls condition() (sync or async) without blocking the dispatchers' event loop."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.05)


def sequences_of(receiver: Receiver) -> list[int]:
    return [json.loads(q["body"])["data"]["sequence"] for q in receiver.received()]


def distinct(receiver: Receiver) -> int:
    return len({q["headers"]["webhook-id"] for q in receiver.received()})


def assert_delivered(receiver: Receiver, sequences: list[int], *, duplicates: bool) -> None:
    """Every event arrived in order with one webhook-id each, never while another request of the
    webhook was being answered; a repeat (at least once) only of the request in flight."""
    seen = sequences_of(receiver)
    assert sorted(set(seen)) == sequences
    assert seen == sorted(seen)
    if not duplicates:
        assert seen == sequences
    ids: dict[int, set] = {}
    for q, sequence in zip(receiver.received(), seen):
        ids.setdefault(sequence, set()).add(q["headers"]["webhook-id"])
    assert all(len(v) == 1 for v in ids.values())
    assert [q["concurrent"] for q in receiver.received()] == [1] * len(seen)


def test_two_dispatchers_deliver_each_webhook_from_one_of_them(replicas):
    async def run():
        a, b = replicas(), replicas()
        receivers = [Receiver().start() for _ in range(4)]
        try:
            for receiver in receivers:
                receiver.delay = 0.01
            hooks = [await a.add_webhook(r.url) for r in receivers]
            a.dispatcher.start()
            b.dispatcher.start()  # both race for every webhook's lease
            sequences = []
            for _ in range(10):
                sequences += await a.append(2) + await b.append(2)
            for receiver in receivers:
                await until(lambda: distinct(receiver) >= len(sequences), what="every event")
            for receiver in receivers:
                assert_delivered(receiver, sequences, duplicates=False)
            owners = {(await a.webhook(h.id)).lease_owner for h in hooks}
            assert owners <= {a.dispatcher.owner, b.dispatcher.owner}
            await a.dispatcher.close()
            await b.dispatcher.close()
            assert [(await a.webhook(h.id)).lease_owner for h in hooks] == [""] * len(hooks)
        finally:
            for receiver in receivers:
                receiver.stop()
    asyncio.run(run())


def test_a_stopped_dispatchers_webhook_is_taken_over_when_its_lease_runs_out(replicas):
    async def run():
        a, b = replicas(lease=1.5), replicas(lease=1.5)
        receiver = Receiver().start()
        try:
            receiver.delay = 0.05
            hook = await a.add_webhook(receiver.url)
            a.dispatcher.start()
            await until(lambda: _owned_by(a, hook.id, a.dispatcher.owner), what="a to hold the lease")
            b.dispatcher.start()
            sequences = await a.append(40)
            await until(lambda: len(receiver.received()) >= 5, what="the first deliveries")
            await a.dispatcher.close(release=False)  # as if killed: mid-backlog, possibly mid-request
            held = await a.webhook(hook.id)
            a_connections = {q["client"] for q in receiver.received()}
            assert held.lease_owner == a.dispatcher.owner and distinct(receiver) < len(sequences)
            await until(lambda: distinct(receiver) >= len(sequences), what="every event")
            assert_delivered(receiver, sequences, duplicates=True)
            assert (await b.webhook(hook.id)).lease_owner == b.dispatcher.owner
            b_sent = [q for q in receiver.received() if q["client"] not in a_connections]
            assert b_sent and all(q["time"] * 1e6 >= held.lease_until for q in b_sent)  # once a's lease ran out
            await b.dispatcher.close()
        finally:
            receiver.stop()
    asyncio.run(run())


def test_a_dispatcher_closed_cleanly_hands_its_webhooks_over_at_once(replicas):
    async def run():
        a, b = replicas(lease=600), replicas(lease=600)  # the test ends long before such a lease runs out
        receiver = Receiver().start()
        try:
            hook = await a.add_webhook(receiver.url)
            a.dispatcher.start()
            await until(lambda: _owned_by(a, hook.id, a.dispatcher.owner), what="a to hold the lease")
            b.dispatcher.start()
            sequences = await a.append(5)
            await until(lambda: distinct(receiver) >= 5, what="a's deliveries")
            await a.dispatcher.close()
            released = await b.webhook(hook.id)
            assert (released.lease_owner, released.lease_until) == ("", 0)
            sequences += await b.append(5)
            await until(lambda: distinct(receiver) >= len(sequences), timeout=120, what="b's deliveries")
            assert_delivered(receiver, sequences, duplicates=False)
            taken = await b.webhook(hook.id)
            assert taken.lease_owner == b.dispatcher.owner and taken.lease_until > now_micros()
            await b.dispatcher.close()
        finally:
            receiver.stop()
    asyncio.run(run())


async def _owned_by(replica: Replica, webhook_id: int, owner: str) -> bool:
    hook = await replica.webhook(webhook_id)
    return hook is not None and hook.lease_owner == owner
