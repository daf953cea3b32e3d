"""The monitor RPCs of MonitoringService: proto <-> domain around monitors.Monitors. A mixin, so
api_monitoring.MonitoringServicer (the metrics RPCs) serves both from one registered servicer; it
needs `self.registry` (for the `rpc` decorator) and `self.monitors`."""

import math

from modelreg.v1 import monitoring_service_pb2 as mon

from .api import duration, page, rpc, timestamp
from .domain import MonitorRow, TransitionRow

STATES = {"OK": mon.MONITOR_STATE_OK, "PENDING": mon.MONITOR_STATE_PENDING, "FIRING": mon.MONITOR_STATE_FIRING,
          "RESOLVED": mon.MONITOR_STATE_RESOLVED}


def _micros(message, field: str) -> int | None:
    """A Duration field in microseconds, None when unset."""
    if not message.HasField(field):
        return None
    d = getattr(message, field)
    return d.seconds * 1_000_000 + d.nanos // 1000


def monitor_row(m: mon.Monitor) -> MonitorRow:
    kind = m.WhichOneof("condition") or ""
    threshold = getattr(m, kind) if kind in ("below", "above") else float("nan")
    return MonitorRow(alias=m.alias, metric=m.metric, aggregation=m.aggregation, condition=kind, threshold=threshold,
                      baseline=m.worse_than.baseline, by_percent=m.worse_than.by_percent,
                      higher_is_worse=m.worse_than.higher_is_worse, min_samples=m.min_samples, rollback=m.rollback,
                      labels=dict(m.labels), description=m.description)


def monitor_proto(m: MonitorRow) -> mon.Monitor:
    out = mon.Monitor(
        name=m.name, alias=m.alias, metric=m.metric, aggregation=m.aggregation, window=duration(m.window),
        min_samples=m.min_samples, for_duration=duration(m.for_duration), cooldown=duration(m.cooldown),
        rollback=m.rollback, labels=m.labels, description=m.description, principal=m.principal,
        state=STATES[m.state], state_time=timestamp(m.state_time), value=m.value, samples=m.samples,
        evaluated_version=m.evaluated_version, create_time=timestamp(m.create_time), creator=m.creator)
    if m.condition == "below":
        out.below = m.threshold
    elif m.condition == "above":
        out.above = m.threshold
    else:
        baseline = m.baseline.removeprefix(f"{m.model}:")
        out.worse_than.CopyFrom(mon.Baseline(baseline=baseline, by_percent=m.by_percent,
                                             higher_is_worse=m.higher_is_worse))
    if m.evaluate_time:
        out.evaluate_time.CopyFrom(timestamp(m.evaluate_time))
    else:
        out.value = math.nan
    if m.rollback_time:
        out.rollback_time.CopyFrom(timestamp(m.rollback_time))
    return out


def transition_proto(monitor: MonitorRow, t: TransitionRow) -> mon.MonitorTransition:
    return mon.MonitorTransition(
        name=f"{monitor.name}/transitions/{t.number}", time=timestamp(t.time), from_state=STATES[t.from_state],
        to_state=STATES[t.to_state], version=t.version, value=t.value, samples=t.samples, threshold=t.threshold,
        event_sequence=t.event_sequence, rollback_version=t.rollback_version, rollback_skipped=t.rollback_skipped)


class MonitorMethods:
    SERVICE = "modelreg.v1.MonitoringService"

    @rpc
    async def CreateMonitor(self, request, context, caller):
        m = request.monitor
        row = await self.monitors.create(request.parent, request.monitor_id, monitor_row(m),
                                         window=_micros(m, "window"), for_duration=_micros(m, "for_duration"),
                                         cooldown=_micros(m, "cooldown"), caller=caller)
        return mon.CreateMonitorResponse(monitor=monitor_proto(row))

    @rpc
    async def GetMonitor(self, request, context, caller):
        return mon.GetMonitorResponse(monitor=monitor_proto(await self.monitors.get(request.name, caller=caller)))

    @rpc
    async def ListMonitors(self, request, context, caller):
        result = await self.monitors.list(request.parent, page_size=request.page_size, page_token=request.page_token,
                                          caller=caller)
        items, token = page(result, monitor_proto)
        return mon.ListMonitorsResponse(monitors=items, next_page_token=token)

    @rpc
    async def DeleteMonitor(self, request, context, caller):
        await self.monitors.delete(request.name, caller=caller)
        return mon.DeleteMonitorResponse()

    @rpc
    async def ListMonitorTransitions(self, request, context, caller):
        monitor, result = await self.monitors.transitions(request.parent, page_size=request.page_size,
                                                          page_token=request.page_token, caller=caller)
        items, token = page(result, lambda t: transition_proto(monitor, t))
        return mon.ListMonitorTransitionsResponse(transitions=items, next_page_token=token)
