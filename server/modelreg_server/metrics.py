"""Production metrics of deployed versions: ingest, rollups, queries and retention (the rules).

A point names a version, directly or through an alias resolved when it arrives, and is stored
against that version's series (metric + canonical label set). One request message is one
transaction: its points go in with one executemany, and its 1-minute and 1-hour buckets are
aggregated in memory first and upserted once per bucket (merged with what was stored), so the
cost per point is a few Python operations and one row. Quantiles come from DDSketch bins
(sketches.py) merged over the buckets a query covers.

Validation happens before anything is stored, each refusal naming the point's `index`; limits are
in limits.py and the proto's service comment.
"""

import asyncio
import json
import logging
import math
import re
import time
from dataclasses import dataclass, field

import numpy as np

from . import limits, names
from .access import EDITOR, VIEWER, Caller
from .domain import VersionRow, now_micros
from .errors import InvalidArgument, NotFound, RegistryError, ResourceExhausted
from .metadata import EventLog, MetadataStore, Reader, Writer
from .service import _resolve
from .sketches import RELATIVE_ACCURACY, Sketch, group_quantiles

log = logging.getLogger("modelreg.metrics")

METRIC_RE = re.compile(r"[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}")
LABEL_KEY_RE = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]{0,62}")
AGG_RE = re.compile(r"p([0-9]+(?:\.[0-9]+)?)")
AGGREGATIONS = ("count", "sum", "mean", "min", "max", "rate")
SECOND = 1_000_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR
RESOLUTIONS = {"1m": MINUTE, "1h": HOUR}


@dataclass(frozen=True)
class Retention:
    """How long each resolution is kept, in microseconds."""
    raw: int = 48 * HOUR
    minute: int = 30 * DAY
    hour: int = 400 * DAY

    @classmethod
    def parse(cls, text: str) -> "Retention":
        """`raw=48h,1m=30d,1h=400d` (any subset; units s, m, h, d)."""
        keys = {"raw": "raw", "1m": "minute", "1h": "hour"}
        values = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            key, sep, value = part.partition("=")
            m = re.fullmatch(r"([0-9]+)([smhd])", value.strip())
            if not sep or key.strip() not in keys or not m or int(m.group(1)) <= 0:
                raise ValueError(f"bad retention {part!r}: use raw=48h,1m=30d,1h=400d (units s, m, h, d)")
            unit = {"s": SECOND, "m": MINUTE, "h": HOUR, "d": DAY}[m.group(2)]
            values[keys[key.strip()]] = int(m.group(1)) * unit
        return cls(**values)


@dataclass(frozen=True)
class Settings:
    """`modelreg serve --metrics-*`."""
    retention: Retention = Retention()
    max_names: int = limits.METRIC_NAMES_PER_MODEL
    max_series: int = limits.METRIC_SERIES_PER_METRIC
    rate: float = limits.METRIC_POINTS_PER_SECOND


@dataclass(slots=True)  # not frozen: made 5,000 at a time per message, and frozen init costs
class Point:
    reference: str  # empty: the message's default
    metric: str
    value: float
    time: int = 0  # micros; 0: when it arrives
    labels: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Summary:
    count: int
    sum: float
    min: float
    max: float
    mean: float
    p50: float
    p95: float
    p99: float
    value: float


@dataclass(frozen=True)
class Series:
    version: VersionRow
    metric: str
    aggregation: str
    start: int
    end: int
    step: int
    resolution: str
    buckets: list  # (start micros, value, count)
    summary: Summary
    relative_accuracy: float = RELATIVE_ACCURACY


@dataclass(frozen=True)
class MetricDescriptorRow:
    metric: str
    label_keys: list
    series_count: int
    last_point_time: int


class Metrics:
    def __init__(self, metadata: MetadataStore, events: EventLog, *, registry=None, retention: Retention = Retention(),
                 max_names: int = limits.METRIC_NAMES_PER_MODEL, max_series: int = limits.METRIC_SERIES_PER_METRIC,
                 rate: float = limits.METRIC_POINTS_PER_SECOND, retention_interval: float | None = None):
        self.metadata = metadata
        self.events = events
        self.registry = registry
        self.retention = retention
        self.max_names = max_names
        self.max_series = max_series
        self.rate = float(rate)
        # Every minute, or a tenth of the shortest retention when that is shorter.
        shortest = min(retention.raw, retention.minute, retention.hour) / SECOND
        self.retention_interval = retention_interval or min(60.0, max(0.1, shortest / 10))
        self._buckets: dict[str, tuple[float, float]] = {}  # principal -> (tokens, at)
        self._task: asyncio.Task | None = None

    # Ingest

    async def report(self, points: list[Point], *, default_reference: str, caller: Caller) -> int:
        """Validates and stores one request message's points, all or none; the number stored."""
        if len(points) > limits.METRIC_POINTS_PER_MESSAGE:
            raise InvalidArgument("TOO_MANY_POINTS", f"{len(points)} points in one message; at most "
                                  f"{limits.METRIC_POINTS_PER_MESSAGE}", limit=limits.METRIC_POINTS_PER_MESSAGE)
        if not points:
            return 0
        now = now_micros()
        rows, refs = self._validate(points, default_reference, now, caller)
        self._take_tokens(caller.name, len(points))

        def run(tx: Writer):
            return self._store(tx, rows, refs)
        return await self.metadata.transact(run)

    def _validate(self, points, default_reference, now, caller):
        """(ref, metric, labels JSON, time, value) per point, and ref -> index of its first point."""
        oldest, newest = now - self.retention.raw, now + limits.METRIC_FUTURE_MICROS
        refs: dict[str, int] = {}
        good_metrics: set[str] = set()
        label_json: dict[tuple, str] = {}
        rows = []
        isfinite = math.isfinite
        for i, p in enumerate(points):
            ref = p.reference or default_reference
            if ref not in refs:
                _check_reference(ref, i, caller)
                refs[ref] = i
            if p.metric not in good_metrics:
                check_metric(p.metric, index=i)
                good_metrics.add(p.metric)
            if not isfinite(p.value):
                raise InvalidArgument("INVALID_VALUE", f"point {i}: value {p.value} is not finite", index=i)
            t = p.time or now
            if t > newest:
                raise InvalidArgument("TIME_IN_FUTURE", f"point {i}: its time is more than 5 minutes ahead of the "
                                      "server's clock", index=i)
            if t < oldest:
                raise InvalidArgument("TIME_TOO_OLD", f"point {i}: its time is before the raw retention "
                                      f"({self.retention.raw // SECOND} s)", index=i)
            if p.labels:
                key = tuple(sorted(p.labels.items()))
                lj = label_json.get(key)
                if lj is None:
                    check_labels(p.labels, index=i)
                    lj = label_json[key] = json.dumps(dict(key), separators=(",", ":"))
            else:
                lj = "{}"
            rows.append((ref, p.metric, lj, t, float(p.value), i))
        return rows, refs

    def _take_tokens(self, principal: str, n: int) -> None:
        """A token bucket per principal: `rate` points per second, a burst of one second's worth."""
        now = time.monotonic()
        tokens, at = self._buckets.get(principal, (self.rate, now))
        tokens = min(self.rate, tokens + (now - at) * self.rate)
        if tokens < n:
            self._buckets[principal] = (tokens, now)
            delay = (n - tokens) / self.rate
            raise ResourceExhausted("RATE_LIMITED", f"more than {self.rate:g} points per second; retry in "
                                    f"{delay:.3f} s", retry_delay=delay, limit=f"{self.rate:g}")
        self._buckets[principal] = (tokens - n, now)

    def _store(self, tx: Writer, rows, refs) -> int:
        versions, models = {}, {}
        for ref, i in refs.items():
            try:
                v = _resolve(tx, ref, inputs=False)
            except RegistryError as e:
                e.metadata["index"] = str(i)
                raise
            versions[ref] = v
            if v.model not in models:
                models[v.model] = tx.model(v.model).id
        series: dict[tuple, int] = {}  # (version id, metric, labels) -> series id
        known: dict[tuple, dict] = {}  # (version id, metric) -> labels -> id
        names_of: dict[int, set] = {}
        points, minute, hour, newest = [], {}, {}, {}
        for ref, metric, lj, t, value, i in rows:
            v = versions[ref]
            key = (v.id, metric, lj)
            sid = series.get(key)
            if sid is None:
                sid = series[key] = self._series_id(tx, models[v.model], v, metric, lj, i, known, names_of)
            points.append((sid, t, value))
            if t > newest.get(sid, 0):
                newest[sid] = t
            minute.setdefault((sid, t - t % MINUTE), []).append(value)
            hour.setdefault((sid, t - t % HOUR), []).append(value)
        tx.insert_metric_points(points)
        for resolution, groups in (("1m", minute), ("1h", hour)):
            tx.upsert_metric_buckets(resolution, _merged_buckets(tx, resolution, groups))
        tx.touch_metric_series([(t, sid) for sid, t in newest.items()])
        return len(points)

    def _series_id(self, tx: Writer, model_id: int, v: VersionRow, metric: str, lj: str, index: int,
                   known: dict, names_of: dict) -> int:
        have = known.get((v.id, metric))
        if have is None:
            have = known[(v.id, metric)] = {r["labels"]: r["id"] for r in
                                            tx.metric_series_of(model_id, version_id=v.id, metric=metric)}
        if lj in have:
            return have[lj]
        model_names = names_of.get(model_id)
        if model_names is None:
            model_names = names_of[model_id] = tx.metric_names(model_id)
        if metric not in model_names and len(model_names) >= self.max_names:
            raise ResourceExhausted("TOO_MANY_METRICS", f"point {index}: model {v.model!r} has {len(model_names)} "
                                    f"metric names already, the most allowed (--metrics-max-names)", index=index,
                                    limit=self.max_names)
        if len(have) >= self.max_series:
            raise ResourceExhausted("TOO_MANY_SERIES", f"point {index}: {metric} of {v.name} has {len(have)} label "
                                    "sets already, the most allowed (--metrics-max-series)", index=index,
                                    limit=self.max_series)
        sid = tx.insert_metric_series(model_id=model_id, version_id=v.id, metric=metric, labels=lj)
        have[lj] = sid
        model_names.add(metric)
        return sid

    # Queries

    async def series(self, reference: str, *, metric: str, end: int | None = None, window: int | None = None,
                     step: int | None = None, aggregation: str = "", labels: dict | None = None,
                     caller: Caller) -> Series:
        """A metric of one version over a window, per step and whole (see GetMetricSeries)."""
        _check_reference(reference, None, caller, role=VIEWER)
        check_metric(metric)
        labels = check_labels(labels or {})
        aggregation = check_aggregation(aggregation)
        end = now_micros() if end is None else end
        window = HOUR if window is None else window
        if window <= 0 or window > limits.METRIC_WINDOW_MICROS or end - window < 0:
            raise InvalidArgument("INVALID_WINDOW", "the window must be positive and at most 400 days, "
                                  "and start after the Unix epoch")
        if step is None:
            unit = HOUR if window > 60 * HOUR else MINUTE
            step = max(unit, -(-(window // 60) // unit) * unit)
        if step <= 0 or window / step > limits.METRIC_STEPS:
            raise InvalidArgument("INVALID_STEP", f"the step must be positive and divide the window into at most "
                                  f"{limits.METRIC_STEPS} steps", limit=limits.METRIC_STEPS)
        start = end - window
        resolution = self._resolution(step, start)

        def run(db: Reader):
            version = _resolve(db, reference, inputs=False)
            return version, self._read(db, version, metric, labels, resolution, start, end)
        version, rows = await self.metadata.read(run)
        buckets, summary = _aggregate(rows, resolution, aggregation, start, end, step)
        return Series(version=version, metric=metric, aggregation=aggregation, start=start, end=end, step=step,
                      resolution=resolution, buckets=buckets, summary=summary)

    async def compare(self, champion: str, challenger: str, *, metric: str, end: int | None = None,
                      window: int | None = None, step: int | None = None, aggregation: str = "",
                      labels: dict | None = None, caller: Caller) -> tuple[Series, Series, float, float]:
        """(champion, challenger, difference, relative difference in percent) over the same window."""
        a, b = names.reference(champion).model, names.reference(challenger).model
        if a != b:
            raise InvalidArgument("TARGET_OF_OTHER_MODEL", f"{champion} and {challenger} name versions of "
                                  "different models")
        end = now_micros() if end is None else end
        one = await self.series(champion, metric=metric, end=end, window=window, step=step, aggregation=aggregation,
                                labels=labels, caller=caller)
        two = await self.series(challenger, metric=metric, end=end, window=window, step=step,
                                aggregation=aggregation, labels=labels, caller=caller)
        diff = two.summary.value - one.summary.value
        base = one.summary.value
        rel = diff / abs(base) * 100 if base and not math.isnan(base) else math.nan
        return one, two, diff, rel

    async def aggregate(self, *, model: str, version: int, metric: str, start: int, end: int, aggregation: str,
                        labels: dict | None = None) -> tuple[float, int]:
        """(value, sample count) of one version's metric over [start, end), NaN without points. No
        caller check: for monitors and the dashboard, after their own."""
        aggregation = check_aggregation(aggregation)
        window = max(end - start, 1)
        resolution = "raw" if window <= HOUR else self._resolution(MINUTE if window <= 3 * DAY else HOUR, start)
        if resolution == "raw" and start < now_micros() - self.retention.raw:
            resolution = "1m"

        def run(db: Reader):
            return self._read(db, _resolve(db, f"{model}:v{version}", inputs=False), metric, labels or {},
                              resolution, start, end)
        rows = await self.metadata.read(run)
        _, summary = _aggregate(rows, resolution, aggregation, start, end, window, steps=False)
        return summary.value, summary.count

    async def metric_names(self, reference_or_model: str, *, caller: Caller) -> list[MetricDescriptorRow]:
        """The metrics a version (or every version of a model) has points for, by name."""
        whole = reference_or_model.removeprefix("models/")
        if names.MODEL_ID_RE.fullmatch(whole) and "/" not in whole:
            model_id, reference = whole, ""
        else:
            if len(reference_or_model) > limits.REFERENCE_CHARS:
                raise InvalidArgument("INVALID_REFERENCE", "a reference has at most 256 characters")
            model_id, reference = names.reference(reference_or_model).model, reference_or_model
        caller.require(VIEWER, model_id, action="read")

        def run(db: Reader):
            model = db.model(model_id)
            if model is None:
                raise NotFound("MODEL_NOT_FOUND", f"model {model_id!r} not found", model=model_id)
            version_id = _resolve(db, reference, inputs=False).id if reference else 0
            return db.metric_series_of(model.id, version_id=version_id)
        found: dict[str, list] = {}
        for r in await self.metadata.read(run):
            found.setdefault(r["metric"], []).append(r)
        return [MetricDescriptorRow(metric=m, label_keys=sorted({k for r in rs for k in json.loads(r["labels"])}),
                                    series_count=len({r["labels"] for r in rs}),
                                    last_point_time=max(r["last_time"] for r in rs))
                for m, rs in sorted(found.items())]

    def _resolution(self, step: int, start: int) -> str:
        now = now_micros()
        resolution = "1h" if step >= HOUR else "1m" if step >= MINUTE else "raw"
        if resolution == "raw" and start < now - self.retention.raw:
            resolution = "1m"
        if resolution == "1m" and start < now - self.retention.minute:
            resolution = "1h"
        return resolution

    @staticmethod
    def _read(db: Reader, version: VersionRow, metric: str, labels: dict, resolution: str, start: int, end: int):
        model = db.model(version.model)
        ids = [r["id"] for r in db.metric_series_of(model.id, version_id=version.id, metric=metric)
               if not labels or labels.items() <= json.loads(r["labels"]).items()]
        if resolution == "raw":
            return db.metric_points(ids, start=start, end=end)
        unit = RESOLUTIONS[resolution]
        return db.metric_buckets(resolution, ids, start=start - start % unit, end=end)

    # Retention

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._retain())

    async def close(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def apply_retention(self) -> int:
        """Deletes raw points and buckets past their retention; the rows removed."""
        now = now_micros()
        r = self.retention
        return await self.metadata.transact(lambda tx: tx.delete_metric_data(
            raw_before=now - r.raw, minute_before=now - r.minute, hour_before=now - r.hour))

    async def _retain(self) -> None:
        while True:
            try:
                await self.apply_retention()
            except asyncio.CancelledError:
                raise
            except Exception:  # the next round tries again
                log.exception("metrics retention failed")
            await asyncio.sleep(self.retention_interval)


def _check_reference(ref: str, index: int | None, caller: Caller, *, role: int = EDITOR) -> None:
    extra = {} if index is None else {"index": index}
    if not ref or len(ref) > limits.REFERENCE_CHARS:
        raise InvalidArgument("INVALID_REFERENCE", f"{'point %d: ' % index if index is not None else ''}a version "
                              "reference (m:production, m:v3) of at most 256 characters is required", **extra)
    try:
        model = names.reference(ref).model
    except RegistryError as e:
        e.metadata.update({k: str(v) for k, v in extra.items()})
        raise
    caller.require(role, model, action="report metrics" if role == EDITOR else "read")


def check_metric(metric: str, *, index: int | None = None) -> str:
    if not METRIC_RE.fullmatch(metric or ""):
        extra = {} if index is None else {"index": index}
        raise InvalidArgument("INVALID_METRIC", f"invalid metric name {metric[:140]!r}: use 1-128 of a-z A-Z 0-9 _ . : -, "
                              "starting with a letter or _", **extra)
    return metric


def check_labels(labels: dict, *, index: int | None = None) -> dict:
    extra = {} if index is None else {"index": index}
    if len(labels) > limits.METRIC_LABELS:
        raise InvalidArgument("INVALID_LABEL", f"{len(labels)} labels; at most {limits.METRIC_LABELS}",
                              limit=limits.METRIC_LABELS, **extra)
    for k, v in labels.items():
        if not LABEL_KEY_RE.fullmatch(k):
            raise InvalidArgument("INVALID_LABEL", f"invalid label key {k[:80]!r}: use 1-63 of a-z A-Z 0-9 _, not "
                                  "starting with a digit", **extra)
        if len(v) > limits.METRIC_LABEL_VALUE_CHARS:
            raise InvalidArgument("INVALID_LABEL", f"label {k!r}: value over {limits.METRIC_LABEL_VALUE_CHARS} "
                                  "characters", limit=limits.METRIC_LABEL_VALUE_CHARS, **extra)
    return dict(labels)


def check_aggregation(aggregation: str) -> str:
    aggregation = aggregation or "mean"
    if aggregation in AGGREGATIONS:
        return aggregation
    m = AGG_RE.fullmatch(aggregation)
    if m and 0 < float(m.group(1)) < 100:
        return aggregation
    raise InvalidArgument("INVALID_AGGREGATION", f"unknown aggregation {aggregation[:40]!r}: use count, sum, mean, "
                          "min, max, rate or p<percentile> (p50, p99, p99.9)")


def _merged_buckets(tx: Writer, resolution: str, groups: dict) -> list[tuple]:
    """Each (series, bucket start) group of this batch's values merged with the stored bucket."""
    by_series: dict[int, list[int]] = {}
    for sid, b in groups:
        by_series.setdefault(sid, []).append(b)
    stored = {}
    for sid, starts in by_series.items():
        for row in tx.metric_buckets(resolution, [sid], start=min(starts), end=max(starts) + 1):
            stored[(sid, row[0])] = row
    out = []
    for (sid, b), values in groups.items():
        arr = np.asarray(values, dtype=np.float64)
        count, total, lo, hi = len(arr), float(arr.sum()), float(arr.min()), float(arr.max())
        sketch = Sketch.of(arr)
        old = stored.get((sid, b))
        if old is not None:
            count, total, lo, hi = count + old[1], total + old[2], min(lo, old[3]), max(hi, old[4])
            sketch = Sketch.merged([sketch, Sketch.from_bytes(bytes(old[5]))])
        out.append((sid, b, count, total, lo, hi, sketch.to_bytes()))
    return out


def _value(aggregation: str, count: int, total: float, lo: float, hi: float, seconds: float, quantile) -> float:
    if count == 0:
        return math.nan
    if aggregation == "count":
        return float(count)
    if aggregation == "sum":
        return total
    if aggregation == "mean":
        return total / count
    if aggregation == "min":
        return lo
    if aggregation == "max":
        return hi
    if aggregation == "rate":
        return count / seconds
    return quantile(float(aggregation[1:]) / 100)


def _aggregate(rows, resolution: str, aggregation: str, start: int, end: int, step: int, *, steps: bool = True):
    """(buckets, summary) from raw (time, value) rows or bucket rows."""
    if resolution != "raw":
        return _aggregate_buckets(rows, aggregation, start, end, step, steps=steps)
    quantiled = aggregation.startswith("p")
    per: dict[int, list] = {}
    values = [v for _, v in rows]
    if steps:
        for t, v in rows:
            per.setdefault(t - t % step, []).append(v)

    def stats(vs: list, seconds: float, qs=()) -> tuple:
        ordered = sorted(vs)
        quantile = lambda q: ordered[int(q * (len(ordered) - 1))]  # noqa: E731
        return (len(vs), float(sum(vs)), ordered[0], ordered[-1], quantile), \
            _value(aggregation, len(vs), float(sum(vs)), ordered[0], ordered[-1], seconds, quantile)
    buckets = []
    for b in sorted(per):
        vs = per[b]
        if quantiled:
            value = stats(vs, step / SECOND)[1]
        else:
            value = _value(aggregation, len(vs), float(sum(vs)), min(vs), max(vs), step / SECOND, None)
        buckets.append((b, value, len(vs)))
    if not values:
        return buckets, _EMPTY
    (count, total, lo, hi, q), value = stats(values, (end - start) / SECOND)
    return buckets, Summary(count=count, sum=total, min=lo, max=hi, mean=total / count, p50=q(0.5), p95=q(0.95),
                            p99=q(0.99), value=value)


_EMPTY = Summary(count=0, sum=0.0, min=math.nan, max=math.nan, mean=math.nan, p50=math.nan, p95=math.nan,
                 p99=math.nan, value=math.nan)


def _aggregate_buckets(rows, aggregation: str, start: int, end: int, step: int, *, steps: bool):
    """Bucket rows (start, count, sum, min, max, sketch) per step and whole, vectorised: the
    sketches of a 24-hour window (1,440 per series) are merged in a few numpy operations."""
    if not rows:
        return [], _EMPTY
    b, counts, sums, mins, maxs, blobs = zip(*rows)
    b = np.fromiter(b, dtype=np.int64, count=len(rows))
    counts, sums = np.asarray(counts, dtype=np.int64), np.asarray(sums, dtype=np.float64)
    mins, maxs = np.asarray(mins, dtype=np.float64), np.asarray(maxs, dtype=np.float64)
    blobs = [bytes(x) for x in blobs]
    quantiled = aggregation.startswith("p")
    q = float(aggregation[1:]) / 100 if quantiled else None
    buckets = []
    if steps:
        step_starts, inverse = np.unique(b - b % step, return_inverse=True)
        n = len(step_starts)
        c = np.bincount(inverse, weights=counts, minlength=n).astype(np.int64)
        t = np.bincount(inverse, weights=sums, minlength=n)
        order = np.argsort(inverse, kind="stable")
        bounds = np.searchsorted(inverse[order], np.arange(n))
        lo, hi = np.minimum.reduceat(mins[order], bounds), np.maximum.reduceat(maxs[order], bounds)
    else:
        n, inverse, lo, hi = 1, np.zeros(len(blobs), dtype=np.int64), np.array([np.inf]), np.array([-np.inf])
    count, total, wlo, whi = int(counts.sum()), float(sums.sum()), float(mins.min()), float(maxs.max())
    qs = [0.5, 0.95, 0.99] + ([q] if quantiled else [])
    per, got = group_quantiles(blobs, inverse, n, [q] if quantiled and steps else [], lo, hi, whole_qs=qs,
                               whole_lo=wlo, whole_hi=whi)
    if steps:
        for i in range(n):
            buckets.append((int(step_starts[i]), float(per[i, 0]) if quantiled else
                            _value(aggregation, int(c[i]), float(t[i]), float(lo[i]), float(hi[i]), step / SECOND, None),
                            int(c[i])))
    lo, hi = wlo, whi
    value = _value(aggregation, count, total, lo, hi, (end - start) / SECOND, lambda _: float(got[3]))
    return buckets, Summary(count=count, sum=total, min=lo, max=hi, mean=total / count, p50=float(got[0]),
                            p95=float(got[1]), p99=float(got[2]), value=value)
