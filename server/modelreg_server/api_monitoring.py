"""The MonitoringService servicer: metric points in, series and comparisons out (metrics.py has
the rules). The monitor RPCs come from the monitors engineer's `MonitorMethods` mixin, which this
class inherits (api_monitors.py)."""

from modelreg.v1 import monitoring_service_pb2 as mo, monitoring_service_pb2_grpc

from . import errors
from .api import duration, rpc, timestamp
from .api_monitors import MonitorMethods
from .metrics import Metrics, Point, Series
from .monitors import Monitors
from .service import Registry


def _points(request) -> list[Point]:
    out = []
    for p in request.points:
        t = p.time
        out.append(Point(p.version, p.metric, p.value, t.seconds * 1_000_000 + t.nanos // 1000 if p.HasField("time")
                         else 0, dict(p.labels) if p.labels else {}))
    return out


def _micros_or_none(message, name: str, ts) -> int | None:
    if not message.HasField(name):
        return None
    return ts.seconds * 1_000_000 + ts.nanos // 1000


def series_proto(s: Series) -> mo.GetMetricSeriesResponse:
    m = s.summary
    return mo.GetMetricSeriesResponse(
        version=s.version.name, metric=s.metric, aggregation=s.aggregation, start_time=timestamp(s.start),
        end_time=timestamp(s.end), step=duration(s.step), resolution=s.resolution,
        buckets=[mo.MetricBucket(start_time=timestamp(b), value=v, count=c) for b, v, c in s.buckets],
        summary=mo.MetricSummary(count=m.count, sum=m.sum, min=m.min, max=m.max, mean=m.mean, p50=m.p50, p95=m.p95,
                                 p99=m.p99, value=m.value),
        relative_accuracy=s.relative_accuracy)


def _query(request) -> dict:
    return dict(metric=request.metric, end=_micros_or_none(request, "end_time", request.end_time),
                window=_micros_or_none(request, "window", request.window),
                step=_micros_or_none(request, "step", request.step), aggregation=request.aggregation,
                labels=dict(request.labels))


class MonitoringServicer(MonitorMethods, monitoring_service_pb2_grpc.MonitoringServiceServicer):
    SERVICE = "modelreg.v1.MonitoringService"

    def __init__(self, metrics: Metrics, registry: Registry, *, monitors: Monitors | None = None):
        self.metrics = metrics
        self.registry = registry
        self.monitors = monitors

    @rpc
    async def ReportMetrics(self, request_iterator, context, caller):
        accepted = 0
        async for request in request_iterator:
            try:
                accepted += await self.metrics.report(_points(request), default_reference=request.version,
                                                      caller=caller)
            except errors.RegistryError as e:
                e.metadata["accepted_points"] = str(accepted)
                raise
        return mo.ReportMetricsResponse(accepted_points=accepted)

    @rpc
    async def BatchReportMetrics(self, request, context, caller):
        accepted = await self.metrics.report(_points(request), default_reference=request.version, caller=caller)
        return mo.BatchReportMetricsResponse(accepted_points=accepted)

    @rpc
    async def ListMetrics(self, request, context, caller):
        rows = await self.metrics.metric_names(request.parent, caller=caller)
        return mo.ListMetricsResponse(metrics=[
            mo.MetricDescriptor(metric=r.metric, label_keys=r.label_keys, series_count=r.series_count,
                                last_point_time=timestamp(r.last_point_time)) for r in rows])

    @rpc
    async def GetMetricSeries(self, request, context, caller):
        return series_proto(await self.metrics.series(request.version, caller=caller, **_query(request)))

    @rpc
    async def CompareMetricSeries(self, request, context, caller):
        one, two, diff, rel = await self.metrics.compare(request.champion, request.challenger, caller=caller,
                                                         **_query(request))
        return mo.CompareMetricSeriesResponse(champion=series_proto(one), challenger=series_proto(two),
                                              difference=diff, relative_difference_percent=rel)
