"""Webhooks across replicas: two dispatchers over one metadata database, as two replicas of the
server run them, delivering to real HTTP receivers on loopback. Each webhook is delivered by the
dispatcher holding its lease: every event once and in order, never two requests at once; a
dispatcher stopped abruptly is taken over when its lease runs out, one closed cleanly at once.

The dispatchers run in this test's event loop over their own SqliteMetadataStore each (two
stores over one SQLite file, like replicas over one database); the server's subprocess cannot
be used twice here, as a data directory is held by one server."""

import asyncio
import json
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import Receiver, wait_until
from modelreg import Registry
from modelreg_server.access import Caller
from modelreg_server.automations import Automations
from modelreg_server.domain import WebhookRow, now_micros
from modelreg_server.sqlite_store import SqliteDatabase, SqliteEventLog, SqliteMetadataStore
from modelreg_server.targets import AllowList
from modelreg_server.webhooks import Dispatcher, Settings


class Replica:
    """What one server process holds of webhooks: its own store over the shared database file,
    its event log and a dispatcher."""

    def __init__(self, path, *, lease: float):
        self.settings = Settings(max_attempts=100, backoff_base=0.05, backoff_cap=0.3, timeout=5.0, lease=lease,
                                 allow=AllowList(["127.0.0.1"]))
        self.metadata = SqliteMetadataStore(SqliteDatabase(path))
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
        a, b = replicas(lease=3), replicas(lease=3)
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
            await until(lambda: _recorded(a, hook.id, sequences[-1]), what="a to record them")  # none in flight
            await a.dispatcher.close()
            released = await b.webhook(hook.id)  # free, or b's if it happened to look at once
            assert (released.lease_owner, released.lease_until) == ("", 0) or released.lease_owner == b.dispatcher.owner
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


def test_a_lease_is_won_by_one_claimant_renewed_by_it_and_taken_only_once_it_ran_out(tmp_path):
    """The storage side, on two connections to one database: the conditional UPDATE decides."""
    one, two = SqliteDatabase(tmp_path / "registry.db"), SqliteDatabase(tmp_path / "registry.db")
    with one.write() as tx:
        hook = tx.insert_webhook(WebhookRow(name="w", target_url="http://127.0.0.1:1/hook", payload_format="STANDARD_WEBHOOKS",
                                            secret="whsec_" + "A" * 32, state="ENABLED", on_failure="SKIP"))

    def claim(store, owner, *, until, expired_before):
        with store.write() as tx:
            return tx.claim_webhook_lease(hook.id, owner, until=until, expired_before=expired_before)

    def lease():
        row = two.read().webhook_by_id(hook.id)
        return row.lease_owner, row.lease_until
    assert lease() == ("", 0)
    assert claim(one, "a", until=100, expired_before=50)
    assert not claim(two, "b", until=200, expired_before=99)  # not run out yet
    assert claim(one, "a", until=150, expired_before=0)  # the holder renews
    assert not claim(two, "b", until=300, expired_before=0)  # renew only: never takes one over
    assert lease() == ("a", 150)
    assert claim(two, "b", until=300, expired_before=151)  # ran out: taken over
    assert not claim(one, "a", until=400, expired_before=0)  # the old holder's renewal fails
    assert lease() == ("b", 300)
    with one.write() as tx:
        tx.release_webhook_leases("a")  # not a's any more: nothing changes
    assert lease() == ("b", 300)
    with one.write() as tx:
        tx.release_webhook_leases("b", hook.id)
    assert lease() == ("", 0)
    assert claim(one, "a", until=500, expired_before=1)  # a free lease goes to the first claimant
    with two.write() as tx:
        tx.release_webhook_leases(None)
    assert lease() == ("", 0)


async def _recorded(replica: Replica, webhook_id: int, through: int) -> bool:
    hook = await replica.webhook(webhook_id)
    return hook.cursor >= through and hook.pending == 0


def _lease_on_disk(data, name: str) -> tuple[str, int]:
    with sqlite3.connect(f"file:{data / 'registry.db'}?mode=ro", uri=True, timeout=30) as conn:
        return conn.execute("SELECT lease_owner, lease_until FROM webhooks WHERE name = ?",
                            [name.removeprefix("webhooks/")]).fetchone()


def test_a_server_voids_a_killed_predecessors_leases_and_releases_its_own_on_stop(hook_server, receiver, model):
    """The embedded server holds its data directory, so a lease left in its database is a dead
    server's: the next one delivers at once instead of waiting the lease out."""
    hook_server.args += ["--webhook-lease", "600"]  # far longer than the test waits
    hook_server.restart()
    with Registry(hook_server.address, timeout=30) as reg:
        hook = reg.add_webhook(receiver.url, models=[model]).webhook.name
        reg.create_model(model)
        wait_until(lambda: distinct(receiver) >= 1, what="the first delivery")
    killed, _ = _lease_on_disk(hook_server.data, hook)
    assert killed
    hook_server.kill()
    assert _lease_on_disk(hook_server.data, hook)[0] == killed
    hook_server.start()
    with Registry(hook_server.address, timeout=30) as reg:
        reg.update_model(model, description="after the restart")
        wait_until(lambda: distinct(receiver) >= 2, what="the delivery after the restart")  # and maybe the first again
    owner, _ = _lease_on_disk(hook_server.data, hook)
    assert owner and owner != killed
    assert hook_server.stop() == 0
    assert _lease_on_disk(hook_server.data, hook) == ("", 0)


@pytest.mark.parametrize("lease", ["0.1", "0", "-5", "nan"])
def test_serve_refuses_a_lease_too_short(tmp_path, lease):
    result = subprocess.run([sys.executable, "-m", "modelreg", "serve", "--data", str(tmp_path / "d"),
                             "--listen", "127.0.0.1:0", "--webhook-lease", lease], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode != 0
    assert "--webhook-lease must be at least 0.5 seconds" in result.stderr
    assert not (tmp_path / "d").exists()
