"""Typed results of the metric queries (Registry.metric_series, compare_metrics, list_metrics)
and the conversion of their arguments (windows as "1h", seconds or timedelta)."""

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from google.protobuf import duration_pb2, timestamp_pb2

from .errors import InvalidArgument
from .v1 import monitoring_service_pb2 as mon

UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def seconds(value: str | float | int | timedelta, what: str = "window") -> float:
    """`90`, `90s`, `15m`, `1h`, `7d`, `2w`, a number of seconds or a timedelta, in seconds."""
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, (int, float)):
        return float(value)
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|[smhdw]?)", str(value).strip())
    if not match:
        raise InvalidArgument(f"{what} {value!r} is not a duration like 90s, 15m, 1h, 7d",
                              reason=f"INVALID_{what.upper()}")
    return float(match.group(1)) * UNITS[match.group(2) or "s"]


def duration_proto(value: str | float | timedelta | None, what: str) -> duration_pb2.Duration | None:
    if value is None:
        return None
    s = seconds(value, what)
    return duration_pb2.Duration(seconds=int(s // 1), nanos=int(round(s % 1 * 1e9)))


def timestamp_proto(value: float | datetime | None) -> timestamp_pb2.Timestamp | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).timestamp()
    return timestamp_pb2.Timestamp(seconds=int(value // 1), nanos=int(value % 1 * 1e9))


def _dt(ts: timestamp_pb2.Timestamp) -> datetime | None:
    return ts.ToDatetime(tzinfo=timezone.utc) if ts.seconds or ts.nanos else None


def _at(ts: timestamp_pb2.Timestamp) -> datetime:
    """A time the server always sets (a window's start and end, a bucket's start)."""
    return ts.ToDatetime(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Bucket:
    time: datetime
    value: float
    count: int


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
    value: float  # the requested aggregation over the whole window (NaN without points)


@dataclass(frozen=True)
class MetricSeries:
    version: str  # models/{model}/versions/{n}
    metric: str
    aggregation: str
    start: datetime
    end: datetime
    step: timedelta
    resolution: str  # raw, 1m or 1h
    buckets: tuple[Bucket, ...]
    summary: Summary
    relative_accuracy: float

    @classmethod
    def from_proto(cls, m: mon.GetMetricSeriesResponse) -> "MetricSeries":
        s = m.summary
        return cls(version=m.version, metric=m.metric, aggregation=m.aggregation, start=_at(m.start_time),
                   end=_at(m.end_time), step=m.step.ToTimedelta(), resolution=m.resolution,
                   buckets=tuple(Bucket(_at(b.start_time), b.value, b.count) for b in m.buckets),
                   summary=Summary(s.count, s.sum, s.min, s.max, s.mean, s.p50, s.p95, s.p99, s.value),
                   relative_accuracy=m.relative_accuracy)


@dataclass(frozen=True)
class Comparison:
    champion: MetricSeries
    challenger: MetricSeries
    difference: float  # challenger - champion (NaN when either has no points)
    relative_difference_percent: float

    @classmethod
    def from_proto(cls, m: mon.CompareMetricSeriesResponse) -> "Comparison":
        return cls(MetricSeries.from_proto(m.champion), MetricSeries.from_proto(m.challenger), m.difference,
                   m.relative_difference_percent)


@dataclass(frozen=True)
class MetricInfo:
    metric: str
    label_keys: tuple[str, ...]
    series_count: int
    last_point_time: datetime | None

    @classmethod
    def from_proto(cls, m: mon.MetricDescriptor) -> "MetricInfo":
        return cls(m.metric, tuple(m.label_keys), m.series_count, _dt(m.last_point_time))


def finite(value: float) -> float | None:
    """JSON has no NaN: None for it."""
    return value if math.isfinite(value) else None
