"""The rules of webhooks: what a subscription may say, and the manual actions on it (test,
retry). Delivery itself is the Dispatcher's (webhooks.py); this layer only writes what it reads.

A secret is needed to sign, so it is stored as given (it cannot be hashed) and never returned after
CreateWebhook. A bad request raises before anything is written.
"""

import secrets
from dataclasses import replace
from urllib.parse import urlsplit

from . import event_filters, limits, names, paging, patterns as name_patterns
from .access import ADMIN, Caller
from . import webhook_payloads as payloads
from .errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from .domain import EVENT_TYPES, DeliveryRow, WebhookRow
from .metadata import EventLog, MetadataStore, Reader, Writer
from .targets import BadHost, TargetNotAllowed, canonical_url
from .webhooks import Settings, client, send

STATES = {"ENABLED", "DISABLED", "PAUSED"}
POLICIES = {"SKIP", "PAUSE"}
DELIVERY_STATUSES = {"PENDING", "SUCCEEDED", "FAILED"}
PATTERN_RE = name_patterns.PATTERN_RE  # the one pattern rule (patterns.py)
MAX_URL = limits.WEBHOOK_URL_CHARS
MAX_DESCRIPTION = limits.WEBHOOK_DESCRIPTION_CHARS
UPDATABLE = {"target_url", "models", "event_types", "aliases", "filter", "payload_format", "secret", "state",
             "on_failure", "description"}


def webhook_id(name: str) -> str:
    """Accepts `webhooks/{id}` or a bare id; returns the id."""
    return names.resource_id(name, "webhooks/", "webhook")


def delivery_name(name: str) -> tuple[str, int]:
    """`webhooks/{id}/deliveries/{n}` -> (id, n)."""
    parts = name.split("/")
    if len(parts) != 4 or parts[0] != "webhooks" or parts[2] != "deliveries" or not names.NUMBER_RE.fullmatch(parts[3]):
        raise InvalidArgument("INVALID_NAME", f"invalid delivery name {name!r}: expected webhooks/ID/deliveries/N")
    return webhook_id(parts[1]), int(parts[3])


def target_url(url: str, allow) -> str:
    """An absolute http(s) URL with a host, no user info, that the allow-list permits (never an
    inward address it does not name, see targets.py); returned with an IPv4 host in dotted form."""
    def bad(why: str) -> InvalidArgument:
        return InvalidArgument("INVALID_TARGET", f"invalid target URL {url[:200]!r}: {why}")

    if not url or len(url) > MAX_URL or any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url):
        raise bad(f"give an absolute http(s) URL of at most {MAX_URL} characters, without spaces")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as e:
        raise bad(str(e)) from None
    if parts.scheme not in ("http", "https"):
        raise bad("the scheme must be http or https")
    if not parts.hostname:
        raise bad("no host")
    if parts.username is not None or parts.password is not None:
        raise bad("user info (user:password@) is not allowed; authenticate with the signature")
    try:
        allow.check(url)
    except BadHost as e:
        raise bad(str(e)) from None
    except TargetNotAllowed as e:
        raise InvalidArgument("TARGET_NOT_ALLOWED", str(e), host=parts.hostname,
                              address_class=e.address_class) from None
    return canonical_url(url)


def patterns(values: list[str], what: str) -> list[str]:
    names.count(values, limits.FILTER_VALUES, "TOO_MANY_FILTERS", f"{what} patterns")
    for value in values:
        if not name_patterns.valid(value):
            raise InvalidArgument("INVALID_FILTER", f"invalid {what} pattern {value[:130]!r}: {name_patterns.HELP}",
                                  position=0, expected=f"a {what} pattern")
    return list(dict.fromkeys(values))


def event_types(values: list[str]) -> list[str]:
    names.count(values, limits.FILTER_VALUES, "TOO_MANY_FILTERS", "event types")
    for value in values:
        if value not in EVENT_TYPES:
            raise InvalidArgument("INVALID_EVENT_TYPE", f"unknown event type {value!r}")
    return sorted(set(values))


def secret(value: str) -> str:
    try:
        payloads.secret_key(value)
    except payloads.BadSecret as e:
        raise InvalidArgument("INVALID_SECRET", f"invalid secret: {e}") from None
    return value


def choice(value: str, allowed: set | tuple, reason: str, what: str) -> str:
    if value not in allowed:
        raise InvalidArgument(reason, f"invalid {what} {value!r}; one of {', '.join(sorted(allowed))}")
    return value


class Automations:
    """Webhook subscriptions: their rows in the metadata store, their cursors in the event log.
    `changed()` tells the dispatcher (webhooks.Dispatcher.changed) that a webhook or a delivery
    changed, so it looks at once instead of at its next poll."""

    def __init__(self, metadata: MetadataStore, events: EventLog, settings: Settings, *, changed=lambda: None):
        self.metadata = metadata
        self.events = events
        self.settings = settings
        self.changed = changed

    async def _change(self, fn):
        result = await self.metadata.transact(fn)
        self.changed()
        return result

    def _validate(self, hook: WebhookRow, fields: set[str]) -> WebhookRow:
        if "target_url" in fields:
            hook.target_url = target_url(hook.target_url, self.settings.allow)
        if "models" in fields:
            hook.models = patterns(hook.models, "model")
        if "aliases" in fields:
            hook.aliases = patterns(hook.aliases, "alias")
        if "event_types" in fields:
            hook.event_types = event_types(hook.event_types)
        if "filter" in fields:
            event_filters.parse(hook.filter)  # stored as written, checked now: a bad one is refused
        if "payload_format" in fields:
            choice(hook.payload_format, payloads.FORMATS, "INVALID_FORMAT", "payload format")
        if "on_failure" in fields:
            choice(hook.on_failure, POLICIES, "INVALID_POLICY", "failure policy")
        if "state" in fields:
            choice(hook.state, {"ENABLED", "DISABLED"}, "INVALID_STATE", "state (PAUSED is set by the server)")
        if "secret" in fields:
            secret(hook.secret)
        if "description" in fields and len(hook.description) > MAX_DESCRIPTION:
            raise InvalidArgument("INVALID_DESCRIPTION", f"a description is at most {MAX_DESCRIPTION} characters")
        return hook

    async def create_webhook(self, hook: WebhookRow, *, requested_id: str = "",
                             caller: Caller) -> tuple[WebhookRow, str]:
        """Returns the webhook and its secret (generated when none is given): the only time the
        secret leaves the server."""
        caller.require_global(ADMIN, action="create webhooks")
        name = webhook_id(requested_id) if requested_id else "wh-" + secrets.token_hex(6)
        hook = replace(hook, name=name, secret=hook.secret or payloads.new_secret(),
                       payload_format=hook.payload_format or "STANDARD_WEBHOOKS", state=hook.state or "ENABLED",
                       on_failure=hook.on_failure or "SKIP")
        self._validate(hook, UPDATABLE)

        def run(tx: Writer):
            if tx.webhook(name):
                raise AlreadyExists("WEBHOOK_ALREADY_EXISTS", f"webhook {name!r} already exists", webhook=name)
            _, head = self.events.bounds(tx)
            return tx.insert_webhook(replace(hook, cursor=head))
        created = await self._change(run)
        return created, created.secret

    async def get_webhook(self, name: str, *, caller: Caller) -> WebhookRow:
        caller.require_global(ADMIN, action="read webhooks")
        webhook = webhook_id(name)
        return await self.metadata.read(lambda db: _webhook(db, webhook))

    async def list_webhooks(self, *, page_size: int = 0, page_token: str = "", caller: Caller) -> paging.Page:
        caller.require_global(ADMIN, action="list webhooks")
        limit = paging.page_size(page_size)
        query = {"webhooks": True}
        after = paging.decode(page_token, query, str) or ""
        rows = await self.metadata.read(lambda db: db.webhooks(after=after, limit=limit + 1))
        return paging.Page.of(rows, limit, key=lambda w: w.name, query=query)

    async def update_webhook(self, name: str, changes: WebhookRow, *, update_mask: list[str],
                             caller: Caller) -> WebhookRow:
        caller.require_global(ADMIN, action="update webhooks")
        webhook = webhook_id(name)
        if not update_mask:
            raise InvalidArgument("INVALID_UPDATE_MASK", "update_mask names no field")
        for path in update_mask:
            if path not in UPDATABLE:
                raise InvalidArgument("INVALID_UPDATE_MASK", f"cannot update {path!r}")
        fields = set(update_mask)
        changes = replace(changes, payload_format=changes.payload_format or "STANDARD_WEBHOOKS",
                          on_failure=changes.on_failure or "SKIP")
        self._validate(changes, fields)

        def run(tx: Writer):
            hook = _webhook(tx, webhook)
            before = hook.state
            hook = replace(hook, **{f: getattr(changes, f) for f in fields})
            if hook.state == "ENABLED" and before == "PAUSED":
                tx.refresh_pending(hook.id)  # the held delivery gets fresh attempts, now
            elif hook.state == "ENABLED" and before == "DISABLED":
                hook = replace(hook, cursor=self.events.bounds(tx)[1])  # nothing committed while disabled is sent
            tx.update_webhook(hook)
            return tx.webhook(webhook)
        return await self._change(run)

    async def delete_webhook(self, name: str, *, caller: Caller) -> None:
        caller.require_global(ADMIN, action="delete webhooks")
        webhook = webhook_id(name)
        await self._change(lambda tx: tx.delete_webhook(_webhook(tx, webhook)))

    async def test_webhook(self, name: str, *, caller: Caller) -> tuple[WebhookRow, DeliveryRow]:
        """Sends one ping now, outside the queue, and records it as a delivery with its attempt."""
        caller.require_global(ADMIN, action="test webhooks")
        hook = await self.get_webhook(name, caller=caller)
        ping = DeliveryRow(id=0, webhook_id=hook.id, message_id=payloads.new_message_id(), sequence=0,
                           payload_type=payloads.PING, event={}, status="PENDING", attempts=0, next_attempt_time=0,
                           create_time=0, update_time=0)
        async with client(self.settings) as http:
            attempt = await send(http, hook, ping, self.settings)

        def run(tx: Writer):
            _webhook(tx, hook.name)  # still there?
            delivery_id = tx.insert_delivery(hook.id, message_id=ping.message_id, sequence=0,
                                             payload_type=payloads.PING, event={},
                                             status="FAILED" if attempt.error else "SUCCEEDED", attempts=1)
            tx.add_attempt(delivery_id, attempt)
            return tx.delivery(hook.id, delivery_id)
        return hook, await self.metadata.transact(run)

    async def list_deliveries(self, parent: str, *, page_size: int = 0, page_token: str = "",
                              status: str = "", caller: Caller) -> tuple[WebhookRow, paging.Page]:
        caller.require_global(ADMIN, action="read webhook deliveries")
        webhook = webhook_id(parent)
        if status:
            choice(status, DELIVERY_STATUSES, "INVALID_STATUS", "delivery status")
        limit = paging.page_size(page_size)
        query = {"webhook": webhook, "status": status}
        before = paging.decode(page_token, query, int) or 2**62

        def run(db: Reader):
            hook = _webhook(db, webhook)
            return hook, db.deliveries(hook.id, before=before, status=status, limit=limit + 1)
        hook, rows = await self.metadata.read(run)
        return hook, paging.Page.of(rows, limit, key=lambda d: d.id, query=query)

    async def retry_delivery(self, name: str, *, caller: Caller) -> tuple[WebhookRow, DeliveryRow]:
        caller.require_global(ADMIN, action="retry webhook deliveries")
        webhook, number = delivery_name(name)

        def run(tx: Writer):
            hook = _webhook(tx, webhook)
            delivery = tx.delivery(hook.id, number)
            if delivery is None:
                raise NotFound("DELIVERY_NOT_FOUND", f"webhook {webhook!r} has no delivery {number}", delivery=name)
            if delivery.status != "FAILED":
                raise FailedPrecondition("DELIVERY_NOT_FAILED", f"delivery {name} is {delivery.status.lower()}; "
                                         "only a failed delivery can be retried", status=delivery.status)
            tx.requeue_delivery(delivery)
            return hook, tx.delivery(hook.id, number)
        return await self._change(run)  # wakes the webhook's task


def _webhook(db: Reader, webhook: str) -> WebhookRow:
    hook = db.webhook(webhook)
    if hook is None:
        raise NotFound("WEBHOOK_NOT_FOUND", f"webhook {webhook!r} not found", webhook=webhook)
    return hook
