"""The webhook dispatcher: durable, ordered, at-least-once delivery inside the server.

One asyncio task per enabled webhook, each with its own HTTP client, so a slow or dead receiver
holds up only its own webhook: never the registry (requests are async; the store is written
only for bookkeeping) nor another webhook. A task first takes the webhook's lease (replicas
sharing one database deliver each webhook from one dispatcher at a time; see Dispatcher), then
loops while it holds it:

1. queue: read the events after the webhook's cursor, insert one pending delivery per event its
   filter matches (event_filters: the filter ANDed with the model/type/alias lists) and move the
   cursor, in one transaction (a crash either queued the events and moved the cursor, or did
   neither). The queue is the durable backlog: `webhook ls` shows its length.
2. deliver: take the pending delivery with the lowest sequence, wait until it is due, POST it
   (signed, with a total timeout), then record the attempt and move the delivery on in one
   transaction: SUCCEEDED on 2xx; else retried after `min(cap, base * 2**(n-1))` seconds with full
   jitter, until `max_attempts`, then FAILED (policy SKIP) or held while the webhook pauses
   (policy PAUSE). Nothing is recorded before the receiver answered, so a crash mid-request means
   the same delivery (same `webhook-id`) is sent again after the restart, or by the replica that
   takes the lease over: at least once.
3. sleep until the event log has news (Dispatcher._follow), a webhook or delivery changed
   (Automations calls `changed()`), or the next retry is due.

Every connection goes through GuardedBackend, which resolves the target's host itself and
connects only to addresses the allow-list permits (targets.py): a refused address is an attempt
that failed, like any other.
"""

import asyncio
import ipaddress
import logging
import random
import secrets
import socket
import time
from dataclasses import dataclass, field

import httpcore
import httpx

from . import event_filters, webhook_payloads as payloads
from .domain import AttemptRow, DeliveryRow, WebhookRow, now_micros
from .metadata import EventLog, MetadataStore, Reader, Writer
from .wakeup import Wakeup, wait as _wait
from .targets import AllowList, BadHost, TargetNotAllowed

log = logging.getLogger("modelreg.webhooks")

QUEUE_BATCH = 256
ERROR_BODY = 200
SUPERVISE_INTERVAL = 5.0
MIN_WEBHOOK_LEASE = 0.5  # seconds; renewed every third of it, a shorter lease would be mostly renewals


@dataclass(frozen=True)
class Settings:
    """Delivery policy, from `modelreg serve --webhook-*`."""

    max_attempts: int = 12
    backoff_base: float = 1.0
    backoff_cap: float = 3600.0
    timeout: float = 10.0
    lease: float = 15.0  # seconds a dispatcher owns a webhook without renewing (--webhook-lease)
    allow: AllowList = field(default_factory=AllowList)

    def backoff(self, attempts: int) -> float:
        """Seconds before the next attempt after `attempts` failures: full jitter (AWS architecture
        blog, "Exponential Backoff And Jitter"), so receivers coming back are not stampeded."""
        return random.uniform(0, min(self.backoff_cap, self.backoff_base * 2 ** min(attempts - 1, 62)))


async def send(client: httpx.AsyncClient, hook: WebhookRow, delivery: DeliveryRow, settings: Settings) -> AttemptRow:
    """POSTs one delivery once; never raises for what the receiver or the network did."""
    started_at = now_micros()
    started = time.monotonic()
    status, error = 0, ""
    try:
        settings.allow.check(hook.target_url)
        content = payloads.body(hook.payload_format, webhook=f"webhooks/{hook.name}", payload_type=delivery.payload_type,
                                event=delivery.event, now_micros=started_at)
        headers = payloads.headers(hook.secret, delivery.message_id, int(time.time()), content)
        async with asyncio.timeout(settings.timeout):
            async with client.stream("POST", hook.target_url, content=content, headers=headers) as response:
                status = response.status_code
                if not 200 <= status < 300:
                    text = b""
                    async for chunk in response.aiter_raw():
                        text += chunk
                        if len(text) >= ERROR_BODY:
                            break
                    error = f"HTTP {status}"
                    if 300 <= status < 400:
                        error += " (redirects are not followed)"
                    elif text:
                        error += ": " + text[:ERROR_BODY].decode(errors="replace").strip()
    except TimeoutError:
        error = f"no answer within {settings.timeout:g}s"
    except (TargetNotAllowed, BadHost) as e:
        error = str(e)
    except (httpx.HTTPError, httpx.InvalidURL) as e:
        error = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
    return AttemptRow(time=started_at, status_code=status, latency_micros=int((time.monotonic() - started) * 1e6),
                      error=error)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Opens the TCP connections of webhook requests: resolves the host itself, checks every
    address it resolves to against the allow-list, and connects only to those checked addresses,
    so a name that resolves inward by the time of the request (DNS rebinding) is refused then. TLS
    is started above this layer with the URL's host name: SNI and certificate checks use the name."""

    def __init__(self, allow: AllowList):
        self.allow = allow
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                          socket_options=None) -> httpcore.AsyncNetworkStream:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as e:
            raise httpcore.ConnectError(f"cannot resolve {host}: {e}") from None
        addresses = [ipaddress.ip_address(a) for a in dict.fromkeys(info[4][0] for info in infos)]
        try:
            ipaddress.ip_address(host)
            resolved = False
        except ValueError:
            resolved = True
        for address in addresses:  # every one: a rebinding answer may mix public and inward addresses
            self.allow.check_address(address, host=host if resolved else "", resolved=resolved)
        error = httpcore.ConnectError(f"{host} resolves to no address")
        for address in addresses:
            try:
                return await self.inner.connect_tcp(str(address), port, timeout=timeout, local_address=local_address,
                                                    socket_options=socket_options)
            except httpcore.ConnectError as e:
                error = e
        raise error

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a connection pool that connects through GuardedBackend. httpx has
    no public option for the network backend, so the pool it built is replaced by an equal one
    (httpcore's documented way to plug in a backend)."""

    def __init__(self, allow: AllowList):
        super().__init__(trust_env=False)
        if not isinstance(getattr(self, "_pool", None), httpcore.AsyncConnectionPool):
            raise RuntimeError("this httpx version keeps its pool elsewhere: webhook targets cannot be checked")
        self._pool = httpcore.AsyncConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                                  keepalive_expiry=5.0, network_backend=GuardedBackend(allow))


def client(settings: Settings) -> httpx.AsyncClient:
    # Environment proxies are ignored: where webhooks go is decided by the target and the allow-list.
    return httpx.AsyncClient(timeout=settings.timeout, follow_redirects=False, trust_env=False,
                             transport=GuardedTransport(settings.allow))


def wanted(hook: WebhookRow):
    """The webhook's checked filter tree: its filter ANDed with its shorthand lists, as a Watch's
    (event_filters.subscription); decided per event by event_filters.matches."""
    return event_filters.subscription(filter=hook.filter, models=hook.models, event_types=hook.event_types,
                                      aliases=hook.aliases)


def queue_events(tx: Writer, events: EventLog, webhook_id: int) -> int:
    """Queues the matching events after a webhook's cursor, up to the log's watermark (one batch),
    and moves the cursor past those it read; returns how many were queued."""
    hook = tx.webhook_by_id(webhook_id)
    if hook is None or hook.state != "ENABLED":
        return 0
    _, head = events.bounds(tx)
    rows = events.read(tx, after=hook.cursor, through=head, limit=QUEUE_BATCH)
    tree = wanted(hook)
    queued = 0
    for row in rows:
        if event_filters.matches(tree, row):
            tx.insert_delivery(hook.id, message_id=payloads.new_message_id(), sequence=row.sequence,
                               payload_type=payloads.payload_type(row.type), event=vars(row))
            queued += 1
    cursor = rows[-1].sequence if len(rows) == QUEUE_BATCH else head
    if cursor > hook.cursor:
        tx.set_webhook_cursor(hook.id, cursor)
    return queued


class LeaseLost(Exception):
    """Raised inside a transaction of a dispatcher whose lease on the webhook is gone: the
    transaction rolls back, so nothing is queued or recorded by a dispatcher that is not the owner."""


class Lease:
    """A dispatcher's hold on one webhook. `deadline` (time.monotonic()) is how long it counts on
    the lease: SAFETY of its duration from the moment the last renewal was computed, so a slightly
    fast clock on another replica still finds it live; past the deadline without a renewal, the
    deliveries stop (webhooks.Dispatcher._hold)."""

    SAFETY = 0.8

    def __init__(self, webhook_id: int, owner: str, seconds: float):
        self.webhook_id = webhook_id
        self.owner = owner
        self.seconds = seconds
        self.deadline = 0.0

    def claim(self, tx: Writer, *, take: bool) -> bool:
        """Renews the lease inside tx (takes it if it is free or ran out, with take); the new
        deadline counts once tx committed."""
        started, now = time.monotonic(), now_micros()
        if not tx.claim_webhook_lease(self.webhook_id, self.owner, until=now + int(self.seconds * 1e6),
                                      expired_before=now if take else 0):
            return False
        deadline = started + self.seconds * self.SAFETY
        tx.on_commit(lambda: setattr(self, "deadline", max(self.deadline, deadline)))
        return True

    def check(self, tx: Writer) -> None:
        """Renews the lease inside tx or raises LeaseLost (which rolls tx back)."""
        if not self.claim(tx, take=False):
            raise LeaseLost()


class Dispatcher:
    """Runs the delivery tasks. `start()` once the event loop runs; `close()` on shutdown (an
    attempt in flight is abandoned unrecorded, so it is sent again after the restart).

    Several dispatchers (one per replica) may share one metadata store: each webhook is delivered
    by the one holding its lease (`owner`, random per dispatcher; lease in the webhook's row, for
    `settings.lease` seconds, renewed every third of that). The others look every few seconds and
    take over when the lease ran out (a killed replica) or was released (close()). Queueing and
    recording happen only in transactions that renew the lease, so a dispatcher that lost it writes
    nothing; its request in flight is then cut off before the lease runs out, and the new owner
    sends the same delivery again (same `webhook-id`): at least once, in order, never two at once.

    `sole`: no other dispatcher uses this metadata store (a server holding its data directory and
    the SQLite database in it): leases left in it are a dead predecessor's, voided at start."""

    def __init__(self, metadata: MetadataStore, events: EventLog, settings: Settings, *, sole: bool = False):
        self.metadata = metadata
        self.events = events
        self.settings = settings
        self.sole = sole
        self.owner = secrets.token_hex(8)
        self.tasks: dict[int, asyncio.Task] = {}
        self._wakeup = Wakeup()
        self._supervisor: asyncio.Task | None = None
        self._follower: asyncio.Task | None = None

    def start(self) -> None:
        self._supervisor = asyncio.create_task(self._supervise())
        self._follower = asyncio.create_task(self._follow())

    def changed(self) -> None:
        """Something the tasks act on changed (a webhook, a delivery, the log): look again now."""
        self._wakeup.notify()

    async def _follow(self) -> None:
        """Wakes the tasks whenever the event log has news past what they last saw."""
        seen = 0
        while not self.events.closed:
            try:
                _, seen = await self.metadata.read(self.events.bounds)
            except Exception:
                log.exception("webhooks: cannot read the event log's bounds")
                await asyncio.sleep(SUPERVISE_INTERVAL)
                continue
            self.changed()
            await self.events.wait(seen, SUPERVISE_INTERVAL)

    async def close(self, *, release: bool = True) -> None:
        """Stops the tasks and releases this dispatcher's leases, so another replica takes its
        webhooks over at once. release=False leaves them to run out, as a killed process does."""
        tasks = [t for t in [self._supervisor, self._follower, *self.tasks.values()] if t]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if release:
            try:
                await self.metadata.transact(lambda tx: tx.release_webhook_leases(self.owner))
            except Exception:
                log.exception("webhooks: cannot release the leases; other replicas take over when they run out")

    async def _supervise(self) -> None:
        """Starts a task for every enabled webhook; a task ends by itself when its webhook is
        disabled, paused or deleted, and is restarted if it crashed."""
        if self.sole:
            try:
                await self.metadata.transact(lambda tx: tx.release_webhook_leases(None))
            except Exception:
                log.exception("webhooks: cannot void the leases of a previous server; they run out")
        while not self.events.closed:
            changed = self._wakeup.waiter()
            try:
                enabled = await self.metadata.read(lambda db: db.enabled_webhooks())
            except Exception:
                log.exception("webhooks: cannot list webhooks")
                enabled = []
            for webhook_id in enabled:
                task = self.tasks.get(webhook_id)
                if task is None or task.done():
                    self.tasks[webhook_id] = asyncio.create_task(self._run(webhook_id))
            for webhook_id in [i for i, t in self.tasks.items() if t.done()]:
                del self.tasks[webhook_id]
            await _wait(changed, SUPERVISE_INTERVAL)

    async def _run(self, webhook_id: int) -> None:
        """Waits for the webhook's lease, then delivers while holding it; ends when the webhook
        needs no task any more, releasing the lease."""
        lease = Lease(webhook_id, self.owner, self.settings.lease)
        look = min(SUPERVISE_INTERVAL, self.settings.lease / 3)
        try:
            while not self.events.closed:
                hook = await self.metadata.read(lambda db: db.webhook_by_id(webhook_id))
                if hook is None or hook.state != "ENABLED":
                    return
                free = hook.lease_owner in ("", self.owner) or hook.lease_until < now_micros()
                if free and await self.metadata.transact(lambda tx: lease.claim(tx, take=True)):
                    log.info("webhooks: %s is delivered from this server (lease %s)", hook.name, self.owner)
                    if await self._hold(lease):
                        await self.metadata.transact(lambda tx: tx.release_webhook_leases(self.owner, webhook_id))
                        return
                    continue
                left = (hook.lease_until - now_micros()) / 1e6  # another dispatcher holds it
                await asyncio.sleep(max(0.05, min(look, left)))
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("webhooks: the task of webhook %d failed; it restarts", webhook_id)

    async def _hold(self, lease: Lease) -> bool:
        """Delivers while holding the lease, renewing it every third of its time. Stops the
        deliveries (a request in flight is cut off, unrecorded) when the lease is lost or its
        deadline passes unrenewed; returns False then, True when the webhook needs no task."""
        worker = asyncio.create_task(self._deliver(lease))
        try:
            while True:
                left = lease.deadline - time.monotonic()
                if left <= 0:
                    log.warning("webhooks: the lease of webhook %d ran out unrenewed; its deliveries stop",
                                lease.webhook_id)
                    return False
                await asyncio.wait([worker], timeout=min(left, lease.seconds / 3))
                if worker.done():
                    try:
                        worker.result()
                    except LeaseLost:
                        return False
                    return True
                try:
                    async with asyncio.timeout(max(0.0, lease.deadline - time.monotonic())):
                        if not await self.metadata.transact(lambda tx: lease.claim(tx, take=False)):
                            return False
                except asyncio.CancelledError:
                    raise
                except Exception:  # the database is unreachable: keep going while the deadline holds
                    log.exception("webhooks: cannot renew the lease of webhook %d", lease.webhook_id)
        finally:
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)

    async def _deliver(self, lease: Lease) -> None:
        async with client(self.settings) as http:
            await self._deliver_all(lease, http)

    async def _deliver_all(self, lease: Lease, http: httpx.AsyncClient) -> None:
        webhook_id = lease.webhook_id
        while not self.events.closed:
            changed = self._wakeup.waiter()

            def state(db: Reader):
                hook = db.webhook_by_id(webhook_id)
                _, head = self.events.bounds(db)
                return hook, db.next_delivery(webhook_id) if hook else None, head
            hook, delivery, head = await self.metadata.read(state)
            if hook is None or hook.state != "ENABLED":
                return
            if head > hook.cursor:
                def queue(tx: Writer) -> int:
                    lease.check(tx)
                    return queue_events(tx, self.events, webhook_id)
                await self.metadata.transact(queue)
                continue
            if delivery is None:
                await _wait(changed, None)
                continue
            due = (delivery.next_attempt_time - now_micros()) / 1e6
            if due > 0:
                await _wait(changed, due)
                continue
            attempt = await send(http, hook, delivery, self.settings)

            def record(tx: Writer) -> None:
                lease.check(tx)
                self._record(tx, hook, delivery, attempt)
            await self.metadata.transact(record)

    def _record(self, tx: Writer, hook: WebhookRow, delivery: DeliveryRow, attempt: AttemptRow) -> None:
        attempts = delivery.attempts + 1
        if not attempt.error:
            status, due = "SUCCEEDED", 0
        elif attempts < self.settings.max_attempts:
            status, due = "PENDING", now_micros() + int(self.settings.backoff(attempts) * 1e6)
        elif hook.on_failure == "PAUSE":
            status, due = "PENDING", now_micros()
        else:
            status, due = "FAILED", 0
        if not tx.record_attempt(delivery, attempt, status=status, attempts=attempts, next_attempt_time=due):
            return
        if attempt.error:
            log.warning("webhooks: %s delivery %s (#%d) attempt %d: %s", hook.name, delivery.message_id,
                        delivery.sequence, attempts, attempt.error)
        if attempt.error and attempts >= self.settings.max_attempts:
            if hook.on_failure == "PAUSE":
                log.warning("webhooks: %s paused after %d failed attempts", hook.name, attempts)
                tx.set_webhook_state(hook.id, "PAUSED")
            else:
                log.warning("webhooks: %s delivery %s failed after %d attempts", hook.name,
                            delivery.message_id, attempts)
