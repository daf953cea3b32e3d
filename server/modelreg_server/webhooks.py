"""The webhook dispatcher: durable, ordered, at-least-once delivery inside the server.

One asyncio task per enabled webhook, each with its own HTTP client, so a slow or dead receiver
holds up only its own webhook: never the registry (requests are async; the store is written
only for bookkeeping) nor another webhook. A task loops:

1. queue: read the events after the webhook's cursor, insert one pending delivery per matching
   event and move the cursor, in one transaction (a crash either queued the events and moved the
   cursor, or did neither). The queue is the durable backlog: `webhook ls` shows its length.
2. deliver: take the pending delivery with the lowest sequence, wait until it is due, POST it
   (signed, with a total timeout), then record the attempt and move the delivery on in one
   transaction: SUCCEEDED on 2xx; else retried after `min(cap, base * 2**(n-1))` seconds with full
   jitter, until `max_attempts`, then FAILED (policy SKIP) or held while the webhook pauses
   (policy PAUSE). Nothing is recorded before the receiver answered, so a crash mid-request means
   the same delivery (same `webhook-id`) is sent again after the restart: at least once.
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
import socket
import time
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

import httpcore
import httpx

from . import webhook_payloads as payloads
from .domain import AttemptRow, DeliveryRow, WebhookRow, now_micros
from .metadata import EventLog, MetadataStore, Reader, Writer
from .wakeup import Wakeup, wait as _wait
from .targets import AllowList, BadHost, TargetNotAllowed

log = logging.getLogger("modelreg.webhooks")

QUEUE_BATCH = 256
ERROR_BODY = 200
SUPERVISE_INTERVAL = 5.0


@dataclass(frozen=True)
class Settings:
    """Delivery policy, from `modelreg serve --webhook-*`."""

    max_attempts: int = 12
    backoff_base: float = 1.0
    backoff_cap: float = 3600.0
    timeout: float = 10.0
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


def matches(hook: WebhookRow, event) -> bool:
    """Filters of different kinds are ANDed, patterns within one are ORed (as in Watch)."""
    if hook.models and not any(fnmatchcase(event.model, p) for p in hook.models):
        return False
    if hook.aliases and not (event.alias and any(fnmatchcase(event.alias, p) for p in hook.aliases)):
        return False
    return True


def queue_events(tx: Writer, events: EventLog, webhook_id: int) -> int:
    """Queues the matching events after a webhook's cursor, up to the log's watermark (one batch),
    and moves the cursor past those it read; returns how many were queued."""
    hook = tx.webhook_by_id(webhook_id)
    if hook is None or hook.state != "ENABLED":
        return 0
    _, head = events.bounds(tx)
    rows = events.read(tx, after=hook.cursor, through=head, types=hook.event_types, limit=QUEUE_BATCH)
    queued = 0
    for row in rows:
        if matches(hook, row):
            tx.insert_delivery(hook.id, message_id=payloads.new_message_id(), sequence=row.sequence,
                               payload_type=payloads.payload_type(row.type), event=vars(row))
            queued += 1
    cursor = rows[-1].sequence if len(rows) == QUEUE_BATCH else head
    if cursor > hook.cursor:
        tx.set_webhook_cursor(hook.id, cursor)
    return queued


class Dispatcher:
    """Runs the delivery tasks. `start()` once the event loop runs; `close()` on shutdown (an
    attempt in flight is abandoned unrecorded, so it is sent again after the restart)."""

    def __init__(self, metadata: MetadataStore, events: EventLog, settings: Settings):
        self.metadata = metadata
        self.events = events
        self.settings = settings
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

    async def close(self) -> None:
        tasks = [t for t in [self._supervisor, self._follower, *self.tasks.values()] if t]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _supervise(self) -> None:
        """Starts a task for every enabled webhook; a task ends by itself when its webhook is
        disabled, paused or deleted, and is restarted if it crashed."""
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
        try:
            async with client(self.settings) as http:
                await self._deliver_all(webhook_id, http)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("webhooks: the task of webhook %d failed; it restarts", webhook_id)

    async def _deliver_all(self, webhook_id: int, http: httpx.AsyncClient) -> None:
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
                await self.metadata.transact(lambda tx: queue_events(tx, self.events, webhook_id))
                continue
            if delivery is None:
                await _wait(changed, None)
                continue
            due = (delivery.next_attempt_time - now_micros()) / 1e6
            if due > 0:
                await _wait(changed, due)
                continue
            attempt = await send(http, hook, delivery, self.settings)
            await self.metadata.transact(lambda tx: self._record(tx, hook, delivery, attempt))

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
