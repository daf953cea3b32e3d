"""The background reporter behind `Registry.report(...)`: production metrics sent in batches by a
daemon thread, so an inference loop never waits for the server and never sees its errors.

- report() only checks the values and appends to a bounded buffer (O(1) under one lock).
- NaN, ±Inf and non-numbers are dropped at once and counted as rejected (INVALID_VALUE), the
  reason logged once; points the server refuses are counted as rejected by the server's reason
  (the point named by the error's `index` is dropped and the rest of its batch sent again).
- The buffer holds `max_points` (default 100,000, the batch in flight included). When it is full
  the OLDEST point waiting is dropped and counted: while the server is away the buffer keeps the
  most recent stretch of production, which is what monitors evaluate (trailing windows) and what
  the server still accepts (points older than its raw retention are refused anyway).
- Batches of up to `batch_size` points (5,000) go by BatchReportMetrics every `flush_interval`
  (1 s) or as soon as a batch is full. While the server is unavailable (down, restarting, not yet
  serving MonitoringService, rate limiting) the batch in hand is kept and retried with the SDK's
  backoff (retry.backoff, as Watch reconnects), so a restart loses nothing; a batch is only
  taken off once the server acknowledged it. Delivery is at least once: a batch whose answer was
  lost in a disconnect is sent again.
- close() (Registry.close(), and atexit) flushes for a short timeout, then stops the thread.
- fork() (gunicorn --preload, multiprocessing's fork): the child's Registry gets a channel and,
  on its first report(), a reporter of its own; the parent's buffered points stay the parent's
  (Registry._forked).
"""

import atexit
import collections
import logging
import math
import threading
import time as _time
import weakref
from dataclasses import dataclass, field
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Mapping

import grpc
from google.protobuf import timestamp_pb2

from .retry import backoff
from .errors import ModelregError, from_rpc_error
from .v1 import monitoring_service_pb2 as mon

log = logging.getLogger("modelreg.reporting")

DEFAULT_MAX_POINTS = 100_000
DEFAULT_BATCH_SIZE = 5_000
DEFAULT_FLUSH_INTERVAL = 1.0
CLOSE_TIMEOUT = 5.0  # Registry.close()
EXIT_TIMEOUT = 2.0  # at interpreter exit: short, a process being stopped should stop
CALL_TIMEOUT = 30.0
# Codes that mean "not now" rather than "never": the batch is kept and sent again after a backoff.
# UNIMPLEMENTED is a server without MonitoringService yet (an upgrade may be on its way).
RETRIED_CODES = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.CANCELLED,
                 grpc.StatusCode.UNKNOWN, grpc.StatusCode.INTERNAL, grpc.StatusCode.UNIMPLEMENTED,
                 grpc.StatusCode.ABORTED}


@dataclass(frozen=True)
class ReportStats:
    """Counters since the Registry was made. queued: points buffered or in flight, not yet
    acknowledged; sent: acknowledged by the server; dropped: thrown away because the buffer was
    full (or reported after close); rejected: refused (client side: INVALID_VALUE; server side:
    its reason), by reason in `rejected_by_reason`; last_error: the last failure, '' if none."""

    queued: int = 0
    sent: int = 0
    dropped: int = 0
    rejected: int = 0
    last_error: str = ""
    rejected_by_reason: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Point:
    reference: str
    metric: str
    value: float
    time: float
    labels: tuple


def timestamp(value: float | datetime | None) -> float:
    """Seconds since the epoch; a naive datetime is taken as UTC; None: now (this machine's clock)."""
    if value is None:
        return _time.time()
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.timestamp()
    return float(value)


def to_proto(point: _Point) -> mon.MetricPoint:
    ts = timestamp_pb2.Timestamp(seconds=int(point.time // 1), nanos=int(point.time % 1 * 1e9))
    return mon.MetricPoint(version=point.reference, metric=point.metric, value=point.value, time=ts,
                           labels=dict(point.labels))


class Reporter:
    """Buffers points and sends them from one daemon thread. `send(request, timeout)` is the
    BatchReportMetrics call (the Registry's stub, so it shares its channel, TLS and token)."""

    def __init__(self, send, *, max_points: int = DEFAULT_MAX_POINTS, batch_size: int = DEFAULT_BATCH_SIZE,
                 flush_interval: float = DEFAULT_FLUSH_INTERVAL):
        if max_points < 1 or not 1 <= batch_size <= 10_000 or flush_interval <= 0:
            raise ValueError("max_points >= 1, 1 <= batch_size <= 10000 and flush_interval > 0 are required")
        self._send = send
        self.max_points, self.batch_size, self.flush_interval = max_points, batch_size, flush_interval
        self._buffer: collections.deque[_Point] = collections.deque()
        self._batch: list[_Point] = []  # taken off the buffer, not yet acknowledged
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._idle = threading.Condition(self._lock)
        self._sent = self._dropped = 0
        self._rejected: collections.Counter[str] = collections.Counter()
        self._last_error = ""
        self._logged: set[str] = set()
        self._flushing = 0
        self._closed = False
        self._stopping = threading.Event()  # cuts a backoff short on close
        self._thread = threading.Thread(target=self._run, name="modelreg-reporter", daemon=True)
        self._thread.start()
        ref = weakref.ref(self)
        self._atexit = lambda: (r := ref()) is not None and r.close(timeout=EXIT_TIMEOUT)
        atexit.register(self._atexit)

    # The caller's side

    def report(self, reference: str, metrics: Mapping[str, float], *, labels: Mapping[str, str] | None = None,
               time: float | datetime | None = None) -> None:
        """Queues one point per metric; never blocks on the network, never raises."""
        try:
            when = timestamp(time)
            label_items = tuple(sorted((str(k), str(v)) for k, v in (labels or {}).items()))
            points = []
            for name, raw in metrics.items():
                try:
                    value = float(raw)
                except (TypeError, ValueError):
                    value = math.nan
                if not math.isfinite(value):
                    self._reject("INVALID_VALUE", 1, f"metric {name!r}: {raw!r} is not a finite number")
                    continue
                points.append(_Point(str(reference), str(name), value, when, label_items))
        except Exception as e:  # a caller's odd argument must not stop its inference loop
            self._reject("INVALID_POINT", 1, f"report({reference!r}, ...): {e}")
            return
        with self._lock:
            if self._closed:
                self._dropped += len(points)
                self._log_once("CLOSED", "report() after close: points dropped")
                return
            for point in points:
                # The batch in flight counts too: at most max_points are held, all told.
                if len(self._buffer) + len(self._batch) >= self.max_points:
                    self._dropped += 1
                    self._log_once("BUFFER_FULL", f"report buffer full ({self.max_points} points): dropping the "
                                   "oldest; is the server reachable?")
                    if not self._buffer:
                        continue  # everything held is in flight: this point is the one left out
                    self._buffer.popleft()
                self._buffer.append(point)
            if len(self._buffer) >= self.batch_size:
                self._wake.notify()

    def stats(self) -> ReportStats:
        with self._lock:
            return ReportStats(queued=len(self._buffer) + len(self._batch), sent=self._sent, dropped=self._dropped,
                               rejected=sum(self._rejected.values()), last_error=self._last_error,
                               rejected_by_reason=MappingProxyType(dict(self._rejected)))

    def flush(self, timeout: float | None = None) -> bool:
        """Waits until every point queued so far was acknowledged (or rejected); False on timeout."""
        deadline = None if timeout is None else _time.monotonic() + timeout
        with self._lock:
            self._flushing += 1
            self._wake.notify()
            try:
                while self._buffer or self._batch:
                    left = None if deadline is None else deadline - _time.monotonic()
                    if (left is not None and left <= 0) or not self._thread.is_alive():
                        return False
                    self._idle.wait(left if left is not None else 1.0)
                return True
            finally:
                self._flushing -= 1

    def close(self, timeout: float = CLOSE_TIMEOUT) -> bool:
        """Flushes for up to `timeout` seconds, then stops the thread; True if nothing was left."""
        if self._closed:
            return not (self._buffer or self._batch)
        flushed = self.flush(timeout)
        with self._lock:
            self._closed = True
            self._wake.notify()
        self._stopping.set()
        self._thread.join(timeout=1.0)
        atexit.unregister(self._atexit)
        if not flushed:
            log.warning("closing with %d metric points not delivered", self.stats().queued)
        return flushed

    def abandon(self) -> None:
        """In a child after fork(): this copy has no thread and its points are the parent's, so it
        sends nothing, now or at exit. Takes no lock (a copied lock may be held for good)."""
        self._closed = True
        atexit.unregister(self._atexit)

    # The thread's side

    def _run(self) -> None:
        failures = 0
        while True:
            with self._lock:
                if not self._batch:
                    if not self._closed and len(self._buffer) < self.batch_size and not (self._flushing and self._buffer):
                        self._wake.wait(self.flush_interval)
                    if self._closed:
                        return
                    take = min(self.batch_size, len(self._buffer))  # so a batch never exceeds max_points
                    self._batch = [self._buffer.popleft() for _ in range(take)]
                    if not self._batch:
                        self._idle.notify_all()
                        continue
                batch = self._batch
            delay = self._deliver(batch, failures)
            if delay is None:
                failures = 0
                with self._lock:
                    if not self._buffer and not self._batch:
                        self._idle.notify_all()
            else:
                failures += 1
                if self._stopping.wait(delay):
                    return

    def _deliver(self, batch: list[_Point], failures: int) -> float | None:
        """Sends the batch; None when it is done with (stored, or its refused points dropped and
        the rest stored or left for the next round), else the seconds to wait before trying again."""
        try:
            response = self._send(mon.BatchReportMetricsRequest(points=[to_proto(p) for p in batch]),
                                  timeout=CALL_TIMEOUT)
        except grpc.RpcError as e:
            error = from_rpc_error(e)
        except ModelregError as e:  # the first connection's check (connect.py): server unreachable
            error = e
        except Exception as e:  # never let the thread die: keep the batch, try again later
            error = ModelregError(f"{type(e).__name__}: {e}")
        else:
            with self._lock:
                self._sent += response.accepted_points or len(batch)
                self._batch = []
            return None
        with self._lock:
            self._last_error = str(error)
        if error.code in RETRIED_CODES or error.reason == "RATE_LIMITED" or error.code is None:
            self._log_once(f"RETRY:{error.code}", f"reporting metrics: {error}; retrying with backoff")
            return max(backoff(failures), error.retry_delay or 0.0)  # RATE_LIMITED says when
        reason = error.reason or (error.code.name if error.code else "UNKNOWN")
        index = error.metadata.get("index")
        with self._lock:
            if index is not None and index.isdigit() and int(index) < len(batch):
                bad = batch[int(index)]
                self._batch = batch[:int(index)] + batch[int(index) + 1:]
                count, what = 1, f"point {bad.reference} {bad.metric}={bad.value}"
            else:
                self._batch, count, what = [], len(batch), f"batch of {len(batch)} points"
        self._reject(reason, count, f"server refused {what}: {error}")
        return None

    def _reject(self, reason: str, count: int, message: str) -> None:
        with self._lock:
            self._rejected[reason] += count
            self._last_error = message
        self._log_once(reason, message + " (counted in report_stats().rejected; logged once)")

    def _log_once(self, key: str, message: str) -> None:
        if key not in self._logged:
            self._logged.add(key)
            log.warning("%s", message)
