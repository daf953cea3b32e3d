"""Monitors: rules over a deployed alias's production metrics, evaluated continuously, that fire,
resolve and can roll the alias back (protos/modelreg/v1/monitoring_service.proto, docs/monitors.md).

`Monitors` holds the rules (create, read, list, delete) and `Evaluator` the loop. A monitor acts as
its own service account `monitor-{id}`, made with it and bound to the role moving the alias needs
(editor; maintainer for a protected alias), which its creator must hold. Monitor ids are unique
across models because they name that account.

The evaluator runs on one replica at a time (a single-row lease, `monitor_lease`, renewed in every
transaction it writes). Each round, for each monitor: the aggregation of the metric over the
trailing window of the version the alias names now (metrics.Metrics.aggregate), compared with the
condition; fewer than min_samples points never breach. OK/RESOLVED -> PENDING when breached (or
straight to FIRING with a zero `for`), PENDING -> FIRING once breached for `for`, FIRING or PENDING ->
RESOLVED (OK if it never fired) when no longer breached. A state change, its transition row, its
MONITOR_FIRING / MONITOR_RESOLVED event and a rollback's alias move are one transaction.
"""

import asyncio
import logging
import math
import re
import secrets
import time
from dataclasses import replace

from . import gates, governance, limits, names, paging
from .access import EDITOR, MAINTAINER, VIEWER, Caller
from .domain import MonitorRow, TransitionRow, now_micros
from .errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from .metadata import EventLog, MetadataStore, Reader, Writer
from .service import ARCHIVED, alias_protected, move_alias_as

log = logging.getLogger("modelreg.monitors")

MONITOR_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
METRIC_RE = re.compile(r"[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}")
LABEL_KEY_RE = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]{0,62}")
AGGREGATION_RE = re.compile(r"count|sum|mean|min|max|rate|p([0-9]+(\.[0-9]+)?)")
LABELS = 16
LABEL_VALUE_CHARS = 256
DESCRIPTION_CHARS = 4096
MONITORS_PER_MODEL = 100
SECOND = 1_000_000
MIN_WINDOW, MAX_WINDOW, DEFAULT_WINDOW = 10 * SECOND, 7 * 86400 * SECOND, 300 * SECOND
MAX_DURATION = 30 * 86400 * SECOND
DEFAULT_COOLDOWN = 1800 * SECOND
OK, PENDING, FIRING, RESOLVED = "OK", "PENDING", "FIRING", "RESOLVED"
CONDITIONS = ("below", "above", "worse_than")


def aggregation(value: str) -> str:
    value = value or "mean"
    match = AGGREGATION_RE.fullmatch(value)
    if not match or (match.group(1) and not 0 < float(match.group(1)) < 100):
        raise InvalidArgument("INVALID_AGGREGATION", f"invalid aggregation {value[:40]!r}: count, sum, mean, min, "
                              "max, rate, or p followed by a percentile in (0, 100) such as p99")
    return value


def metric(value: str) -> str:
    if not METRIC_RE.fullmatch(value):
        raise InvalidArgument("INVALID_METRIC", f"invalid metric name {value[:140]!r}: 1-128 of a-z A-Z 0-9 _ . : -, "
                              "starting with a letter or _")
    return value


def labels(values: dict) -> dict:
    if len(values) > LABELS:
        raise InvalidArgument("INVALID_LABEL", f"at most {LABELS} labels, got {len(values)}", limit=LABELS)
    for key, value in values.items():
        if not LABEL_KEY_RE.fullmatch(key):
            raise InvalidArgument("INVALID_LABEL", f"invalid label key {key[:80]!r}: 1-63 of a-z A-Z 0-9 _, "
                                  "starting with a letter or _")
        if len(value) > LABEL_VALUE_CHARS:
            raise InvalidArgument("INVALID_LABEL", f"label {key!r}: a value is at most {LABEL_VALUE_CHARS} characters",
                                  limit=LABEL_VALUE_CHARS)
    return dict(values)


def monitor_name(name: str) -> tuple[str, str]:
    """(model, monitor id) of `models/{model}/monitors/{id}`."""
    parts = name.split("/")
    if len(parts) != 4 or parts[0] != "models" or parts[2] != "monitors" \
            or not names.MODEL_ID_RE.fullmatch(parts[1]) or not MONITOR_ID_RE.fullmatch(parts[3]):
        raise InvalidArgument("INVALID_NAME", f"invalid monitor name {name[:140]!r}: expected "
                              "models/{model}/monitors/{id}")
    return parts[1], parts[3]


def _duration(value: int | None, default: int, what: str) -> int:
    if value is None:
        return default
    if not 0 <= value <= MAX_DURATION:
        raise InvalidArgument("INVALID_DURATION", f"{what} must be between 0 and 30 days", field=what)
    return value


def validate(row: MonitorRow, *, window: int | None, for_duration: int | None, cooldown: int | None) -> MonitorRow:
    """The monitor as stored, defaults filled in; the first bad field raises, nothing is stored."""
    alias = names.alias(row.alias, settable=row.rollback)
    window = DEFAULT_WINDOW if window is None else window
    if not MIN_WINDOW <= window <= MAX_WINDOW:
        raise InvalidArgument("INVALID_WINDOW", "window must be between 10 seconds and 7 days")
    if row.condition not in CONDITIONS:
        raise InvalidArgument("INVALID_CONDITION", "set exactly one condition: below, above or worse_than")
    baseline = ""
    if row.condition == "worse_than":
        if not math.isfinite(row.by_percent) or row.by_percent < 0:
            raise InvalidArgument("INVALID_CONDITION", "worse_than.by_percent must be a finite percentage, at least 0")
        text = row.baseline if (":" in row.baseline or "@" in row.baseline or "/" in row.baseline) \
            else f"{row.model}:{row.baseline}"
        if len(row.baseline) > limits.REFERENCE_CHARS or not row.baseline:
            raise InvalidArgument("INVALID_REFERENCE", "worse_than.baseline is an alias or version reference of at "
                                  f"most {limits.REFERENCE_CHARS} characters")
        if names.reference(text).model != row.model:
            raise InvalidArgument("INVALID_REFERENCE", f"the baseline {row.baseline!r} is not a version of {row.model}")
        baseline = text
    elif not math.isfinite(row.threshold):
        raise InvalidArgument("INVALID_CONDITION", f"the threshold of `{row.condition}` must be finite")
    if row.min_samples < 0:
        raise InvalidArgument("INVALID_MIN_SAMPLES", "min_samples must be at least 1")
    if len(row.description) > DESCRIPTION_CHARS:
        raise InvalidArgument("INVALID_DESCRIPTION", f"a description is at most {DESCRIPTION_CHARS} characters",
                              limit=DESCRIPTION_CHARS)
    return replace(row, alias=alias, metric=metric(row.metric), aggregation=aggregation(row.aggregation),
                   labels=labels(row.labels), window=window, baseline=baseline, min_samples=row.min_samples or 1,
                   threshold=row.threshold if row.condition != "worse_than" else float("nan"),
                   for_duration=_duration(for_duration, 0, "for_duration"),
                   cooldown=_duration(cooldown, DEFAULT_COOLDOWN, "cooldown"))


def _slug(text: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]", "-", text.lower())).strip("-")[:50] or "monitor"


class Monitors:
    """The rules of monitors (the servicer calls these)."""

    def __init__(self, metadata: MetadataStore, events: EventLog, *, governance_rules: governance.Governance):
        self.metadata = metadata
        self.events = events
        self.governance = governance_rules

    async def create(self, parent: str, monitor_id: str, row: MonitorRow, *, window: int | None,
                     for_duration: int | None, cooldown: int | None, caller: Caller) -> MonitorRow:
        model_id = names.model_id(parent)
        if monitor_id and not MONITOR_ID_RE.fullmatch(monitor_id):
            raise InvalidArgument("INVALID_NAME", f"invalid monitor id {monitor_id[:80]!r}: 1-63 of a-z 0-9 -, "
                                  "starting with a letter or digit")
        caller.require(EDITOR, model_id, action="create monitors")
        row = validate(replace(row, model=model_id), window=window, for_duration=for_duration, cooldown=cooldown)

        def run(tx: Writer) -> MonitorRow:
            model = tx.model(model_id)
            if model is None:
                raise NotFound("MODEL_NOT_FOUND", f"model {model_id!r} not found", model=model_id)
            if row.alias not in model.aliases:
                raise NotFound("ALIAS_NOT_FOUND", f"{model_id} has no alias {row.alias!r}", model=model_id,
                               alias=row.alias)
            if tx.monitor_count(model.id) >= MONITORS_PER_MODEL:
                raise FailedPrecondition("TOO_MANY_MONITORS", f"{model_id} has {MONITORS_PER_MODEL} monitors, the most "
                                         "a model may have", limit=MONITORS_PER_MODEL)
            chosen = monitor_id or self._free_id(tx, row.metric)
            principal = f"monitor-{chosen}"
            if tx.monitor(chosen) is not None or tx.principal(principal) is not None:
                raise AlreadyExists("MONITOR_ALREADY_EXISTS", f"a monitor {chosen!r} (or a principal {principal!r}) "
                                    "exists already: monitor ids are unique across models", monitor=chosen)
            role = MAINTAINER if row.rollback and alias_protected(tx, model_id, row.alias) else EDITOR
            caller.require(role, model_id, action="create a monitor acting with this role")
            now = now_micros()
            governance.create_service_account(tx, self.events, principal, role=role, model_pattern=model_id,
                                              description=f"acts for monitor models/{model_id}/monitors/{chosen}",
                                              actor=caller.name)
            self.governance.changed_in(tx)
            stored = tx.insert_monitor(model.id, replace(row, monitor_id=chosen, principal=principal,
                                                         creator=caller.name, state=OK, state_time=now,
                                                         create_time=now))
            self.events.append(tx, type="MONITOR_CREATED", model=model_id, actor=caller.name, alias=row.alias,
                               subject=stored.name, details=rule_details(stored))
            return stored
        return await self.metadata.transact(run)

    @staticmethod
    def _free_id(db: Reader, metric_name: str) -> str:
        slug = _slug(metric_name)
        n = 1
        while db.monitor(f"{slug}-{n}") is not None or db.principal(f"monitor-{slug}-{n}") is not None:
            n += 1
        return f"{slug}-{n}"

    async def get(self, name: str, *, caller: Caller) -> MonitorRow:
        model_id, monitor_id = monitor_name(name)
        caller.require(VIEWER, model_id, action="read monitors")
        return await self.metadata.read(lambda db: _monitor(db, model_id, monitor_id))

    async def list(self, parent: str, *, page_size: int = 0, page_token: str = "", caller: Caller) -> paging.Page:
        model_id = "" if parent in ("models/-", "-") else names.model_id(parent)
        if model_id:
            caller.require(VIEWER, model_id, action="list monitors")
        limit = paging.page_size(page_size)
        query = {"monitors": model_id}
        after = paging.decode(page_token, query, list) or ["", ""]
        if len(after) != 2 or not all(isinstance(k, str) for k in after):
            raise InvalidArgument("INVALID_PAGE_TOKEN", "malformed page_token")

        def run(db: Reader):
            if model_id and db.model(model_id) is None:
                raise NotFound("MODEL_NOT_FOUND", f"model {model_id!r} not found", model=model_id)
            shown, cursor = [], after
            while True:
                rows = db.monitors(model=model_id, after=tuple(cursor), limit=limit + 1)
                for row in rows:
                    if caller.may_read(row.model):
                        if len(shown) == limit:
                            return shown, True
                        shown.append(row)
                if len(rows) <= limit:
                    return shown, False
                cursor = [rows[-1].model, rows[-1].monitor_id]
        rows, more = await self.metadata.read(run)
        return paging.Page(rows, more, key=lambda m: [m.model, m.monitor_id], query=query)

    async def delete(self, name: str, *, caller: Caller) -> None:
        model_id, monitor_id = monitor_name(name)
        caller.require(EDITOR, model_id, action="delete monitors")

        def run(tx: Writer) -> None:
            row = _monitor(tx, model_id, monitor_id)
            tx.delete_monitor(row)
            governance.delete_service_account(tx, self.events, row.principal, actor=caller.name)
            self.governance.changed_in(tx)
            self.events.append(tx, type="MONITOR_DELETED", model=model_id, actor=caller.name, alias=row.alias,
                               subject=row.name)
        await self.metadata.transact(run)

    async def transitions(self, name: str, *, page_size: int = 0, page_token: str = "",
                          caller: Caller) -> tuple[MonitorRow, paging.Page]:
        model_id, monitor_id = monitor_name(name)
        caller.require(VIEWER, model_id, action="read monitors")
        limit = paging.page_size(page_size)
        query = {"transitions": name}
        before = paging.decode(page_token, query, int) or 2**62

        def run(db: Reader):
            row = _monitor(db, model_id, monitor_id)
            return row, db.monitor_transitions(row.id, before=before, limit=limit + 1)
        row, rows = await self.metadata.read(run)
        return row, paging.Page.of(rows, limit, key=lambda t: t.number, query=query)


def _monitor(db: Reader, model_id: str, monitor_id: str) -> MonitorRow:
    row = db.monitor(monitor_id)
    if row is None or row.model != model_id:
        raise NotFound("MONITOR_NOT_FOUND", f"no monitor models/{model_id}/monitors/{monitor_id}",
                       monitor=monitor_id, model=model_id)
    return row


def rule_details(m: MonitorRow) -> dict:
    condition = {"below": f"below {m.threshold:g}", "above": f"above {m.threshold:g}"}.get(
        m.condition, f"worse than {m.baseline} by {m.by_percent:g}%")
    return {"metric": m.metric, "aggregation": m.aggregation, "window": f"{m.window / SECOND:g}s",
            "condition": condition, "rollback": str(m.rollback).lower()}


def _number(value: float) -> str:
    return "NaN" if math.isnan(value) else f"{value:.6g}"


class LeaseLost(Exception):
    """The evaluator's lease is gone: the transaction rolls back, another replica evaluates."""


class Evaluator:
    """Evaluates every monitor every `interval` seconds while it holds the evaluator lease.
    `start()` once the event loop runs, `close()` at shutdown (releases the lease). `sole`: no
    other server shares the database, so a lease left in it is a dead predecessor's."""

    def __init__(self, metadata: MetadataStore, events: EventLog, metrics, *, interval: float = 10.0,
                 lease: float | None = None, sole: bool = False):
        self.metadata = metadata
        self.events = events
        self.metrics = metrics
        self.interval = interval
        self.lease = lease or max(15.0, 3 * interval)
        self.sole = sole
        self.owner = secrets.token_hex(8)
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def close(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        try:
            await self.metadata.transact(lambda tx: tx.release_monitor_lease(self.owner))
        except Exception:
            log.exception("monitors: cannot release the evaluator lease; another replica takes over when it runs out")

    def _claim(self, tx: Writer, *, take: bool) -> bool:
        now = now_micros()
        return tx.claim_monitor_lease(self.owner, until=now + int(self.lease * SECOND),
                                      expired_before=now if take else 0)

    async def _run(self) -> None:
        if self.sole:
            try:
                await self.metadata.transact(lambda tx: tx.release_monitor_lease(None))
            except Exception:
                log.exception("monitors: cannot void a previous server's evaluator lease")
        while not self.events.closed:
            started = time.monotonic()
            try:
                if await self.metadata.transact(lambda tx: self._claim(tx, take=True)):
                    await self.evaluate_all()
            except asyncio.CancelledError:
                raise
            except LeaseLost:
                log.info("monitors: the evaluator lease moved to another replica")
            except Exception:
                log.exception("monitors: an evaluation round failed; the next one runs in %.1fs", self.interval)
            await asyncio.sleep(max(0.0, self.interval - (time.monotonic() - started)))

    async def evaluate_all(self) -> None:
        """One round over every monitor."""
        def snapshot(db: Reader):
            out = []
            for m in db.monitors():
                model = db.model(m.model)
                version = model.aliases.get(m.alias, 0) if model else 0
                baseline = 0
                if m.condition == "worse_than" and model:
                    ref = names.reference(m.baseline)
                    if ref.alias:
                        baseline = model.aliases.get(ref.alias, 0)
                    elif ref.number:
                        baseline = ref.number if db.version(model, ref.number, inputs=False) else 0
                    else:
                        found = db.version_by_digest(model, ref.digest.removeprefix("sha256:"), inputs=False) \
                            if not ref.short_digest else None
                        baseline = found.number if found else 0
                out.append((m, version, baseline))
            return out
        for m, version, baseline in await self.metadata.read(snapshot):
            if self.events.closed:
                return
            try:
                await self.evaluate(m, version, baseline)
            except (asyncio.CancelledError, LeaseLost):
                raise
            except Exception:
                log.exception("monitors: cannot evaluate %s", m.name)

    async def _aggregate(self, m: MonitorRow, version: int, now: int) -> tuple[float, int]:
        if not version or self.metrics is None:
            return float("nan"), 0
        return await self.metrics.aggregate(model=m.model, version=version, metric=m.metric, start=now - m.window,
                                            end=now, aggregation=m.aggregation, labels=m.labels or None)

    async def evaluate(self, m: MonitorRow, version: int, baseline: int) -> None:
        now = now_micros()
        value, samples = await self._aggregate(m, version, now)
        threshold = m.threshold
        if m.condition == "worse_than":
            base, base_samples = await self._aggregate(m, baseline, now)
            if base_samples < m.min_samples or math.isnan(base):
                threshold = float("nan")
            else:
                delta = abs(base) * m.by_percent / 100
                threshold = base + delta if m.higher_is_worse else base - delta
        higher = m.condition == "above" or (m.condition == "worse_than" and m.higher_is_worse)
        breached = samples >= m.min_samples and not math.isnan(value) and not math.isnan(threshold) \
            and (value > threshold if higher else value < threshold)

        def run(tx: Writer) -> None:
            if not self._claim(tx, take=False):
                raise LeaseLost()
            current = tx.monitor(m.monitor_id)
            if current is None or current.id != m.id:
                return  # deleted meanwhile
            self._apply(tx, current, version=version, value=value, samples=samples, threshold=threshold,
                        breached=breached, now=now)
        await self.metadata.transact(run)

    def _apply(self, tx: Writer, m: MonitorRow, *, version: int, value: float, samples: int, threshold: float,
               breached: bool, now: int) -> None:
        if breached:
            since = m.breach_since or now
            state = FIRING if m.state == FIRING or now - since >= m.for_duration else PENDING
        else:
            since = 0
            state = (RESOLVED if m.fired else OK) if m.state in (FIRING, PENDING) else m.state
        updated = replace(m, breach_since=since, evaluate_time=now, value=value, samples=samples,
                          evaluated_version=version)
        if state != m.state:
            rollback_version, skipped = 0, ""
            sequence = 0
            if state == FIRING:
                target, skipped, actor = self._plan_rollback(tx, m, version, now) if m.rollback else (0, "", None)
                details = {**_state_details(m, value, threshold, samples)}
                if target:
                    details["rollback_version"] = str(target)
                if skipped:
                    details["rollback_skipped"] = skipped
                sequence = self.events.append(tx, type="MONITOR_FIRING", model=m.model, actor=m.principal,
                                              version=version, alias=m.alias, subject=m.name, details=details)
                if target:
                    move_alias_as(tx, self.events, actor, m.model, m.alias, target, expected_version=version)
                    rollback_version = target
                    updated = replace(updated, rollback_time=now)
                updated = replace(updated, fired=True)
            elif state == RESOLVED and m.state == FIRING:
                sequence = self.events.append(tx, type="MONITOR_RESOLVED", model=m.model, actor=m.principal,
                                              version=version, alias=m.alias, subject=m.name,
                                              details=_state_details(m, value, threshold, samples))
            tx.insert_transition(TransitionRow(
                id=0, monitor_id=m.id, number=0, time=now, from_state=m.state, to_state=state, version=version,
                value=value, samples=samples, threshold=threshold, event_sequence=sequence,
                rollback_version=rollback_version, rollback_skipped=skipped))
            updated = replace(updated, state=state, state_time=now)
            log.info("monitors: %s %s -> %s (%s %s = %s over %d samples, threshold %s)%s", m.name, m.state, state,
                     m.aggregation, m.metric, _number(value), samples, _number(threshold),
                     f", rolled {m.alias} back to v{rollback_version}" if rollback_version else
                     (f", no rollback: {skipped}" if skipped else ""))
        tx.update_monitor(updated)

    def _plan_rollback(self, tx: Writer, m: MonitorRow, version: int, now: int) -> tuple[int, str, Caller | None]:
        """(version to move the alias back to, or 0 and why not, and the monitor's caller)."""
        if m.rollback_time and now - m.rollback_time < m.cooldown:
            return 0, "COOLDOWN", None
        model = tx.model(m.model)
        row = tx.alias(model, m.alias) if model else None
        if row is None or row.version != version or not version:
            return 0, "ALIAS_MOVED", None
        previous = tx.version(model, row.previous_version, inputs=False) if row.previous_version else None
        if previous is None:
            return 0, "NO_PREVIOUS_VERSION", None
        if previous.state == ARCHIVED:
            return 0, "VERSION_ARCHIVED", None
        if _rolled_back_from(tx, m, version, previous.number):
            return 0, "ROLLED_BACK_FROM", None
        protections = tx.protections()
        if gates.rules(protections, m.model, m.alias):
            try:
                gates.require(protections, m.model, m.alias, tx.version(model, previous.number))
            except FailedPrecondition:
                return 0, "PROMOTION_BLOCKED", None
        actor = governance.principal_caller(tx, m.principal)
        try:
            actor.require(EDITOR, m.model, action="roll the alias back")
            if alias_protected(tx, m.model, m.alias) and not actor.may(MAINTAINER, m.model):
                raise PermissionDenied("ROLE_REQUIRED", "a protected alias needs maintainer")
        except PermissionDenied:
            return 0, "ROLE_REQUIRED", None
        return previous.number, "", actor


def _rolled_back_from(tx: Writer, m: MonitorRow, version: int, previous: int) -> bool:
    """Whether this monitor's own last rollback moved the alias from `previous` to `version`: going
    back again would put the version it fired on into service (a flip-flop), so it does not."""
    for t in tx.monitor_transitions(m.id, before=2**62, limit=100):
        if t.rollback_version:
            return (t.version, t.rollback_version) == (previous, version)
    return False


def _state_details(m: MonitorRow, value: float, threshold: float, samples: int) -> dict:
    return {"metric": m.metric, "aggregation": m.aggregation, "value": _number(value), "threshold": _number(threshold),
            "samples": str(samples), "window": f"{m.window / SECOND:g}s", "condition": rule_details(m)["condition"]}
