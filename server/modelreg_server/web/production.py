"""A version's production metrics for its page: for each metric it has points for (Metrics.
metric_names), the last 24 hours per hour (a version younger than SHORT_AGE: its life so far,
whole hours of at least one, per 5 minutes) as mean, p50 and p99, with the whole window's
summary and the mean of its last step with points. Read through Metrics (metrics.py), which
checks the caller; None when the server gives the dashboard no Metrics object."""

from .keys import METRICS_KEY

HOUR = 3600 * 10**6
WINDOW = 24 * HOUR
SHORT_AGE = 6 * HOUR
STEP_LONG, STEP_SHORT = HOUR, 5 * 60 * 10**6
MAX_CHARTS = 12  # metrics charted on one page (3 queries each); the rest are listed by name


async def version_metrics(app, row, *, caller, now: int) -> dict | None:
    metrics = app.get(METRICS_KEY)
    if metrics is None:
        return None
    reference = f"{row.model}:v{row.number}"
    names = await metrics.metric_names(reference, caller=caller)
    young = now - row.create_time < SHORT_AGE
    step = STEP_SHORT if young else STEP_LONG
    now = -(-now // step) * step  # the end of the current step: two loads within a step show the same data
    window = max(HOUR, -(-(now - row.create_time) // HOUR) * HOUR) if young else WINDOW
    charts = []
    for descriptor in names[:MAX_CHARTS]:
        name = _field(descriptor, "metric", "name")
        by = {}
        for aggregation in ("mean", "p50", "p99"):
            by[aggregation] = await metrics.series(reference, metric=name, end=now, window=window, step=step,
                                                   aggregation=aggregation, labels={}, caller=caller)
        mean = by["mean"]
        quantile = {agg: {b[0]: b[1] for b in by[agg].buckets} for agg in ("p50", "p99")}
        buckets = [{"start": start, "mean": value, "count": count, "p50": quantile["p50"].get(start),
                    "p99": quantile["p99"].get(start)} for start, value, count in mean.buckets]
        summary = _summary(mean.summary)
        charts.append({"metric": name, "start": mean.start, "end": mean.end, "step": mean.step,
                       "resolution": mean.resolution, "buckets": buckets, "summary": summary,
                       "latest": buckets[-1]["mean"] if buckets else None,
                       "last_point_time": _field(descriptor, "last_point_time", default=None)})
    return {"window": window, "step": step, "charts": charts,
            "more": [_field(d, "metric", "name") for d in names[MAX_CHARTS:]]}


def _field(row, *names, default=""):
    for name in names:
        if isinstance(row, dict) and name in row:
            return row[name]
        if hasattr(row, name):
            return getattr(row, name)
    return default


def _summary(summary) -> dict:
    keys = ("count", "sum", "min", "max", "mean", "p50", "p95", "p99", "value")
    return {k: _finite(_field(summary, k, default=None)) for k in keys}


def _finite(value):
    """JSON has no NaN: a value over no points is None."""
    return None if isinstance(value, float) and value != value else value


MAX_OVERLAY_METRICS = 3  # metrics of a model page's overlay charts
MAX_OVERLAY_VERSIONS = 6  # alias holders drawn on them, those that held an alias most recently


async def alias_overlay(app, model_row, timeline: dict, *, caller, now: int) -> dict | None:
    """The model page's production metrics of the alias holders: per metric of the model (the
    first MAX_OVERLAY_METRICS by name), the mean per step of each version that held an alias in
    the window, with the spans it held them for (to be shaded behind the lines)."""
    metrics = app.get(METRICS_KEY)
    if metrics is None:
        return None
    young = now - model_row.create_time < SHORT_AGE
    step = STEP_SHORT if young else STEP_LONG
    end = -(-now // step) * step
    window = max(HOUR, -(-(end - model_row.create_time) // HOUR) * HOUR) if young else WINDOW
    start = end - window
    spans = []
    for a in timeline["aliases"]:
        for s in a["spans"]:
            s_start = start if s["start"] is None else max(s["start"], start)
            s_end = end if s["end"] is None else min(s["end"], end)
            if s_start < s_end:
                spans.append({"alias": a["alias"], "version": s["version"], "start": s_start, "end": s_end})
    recent = sorted(spans, key=lambda s: s["end"], reverse=True)
    versions = list(dict.fromkeys(s["version"] for s in recent))[:MAX_OVERLAY_VERSIONS]
    spans = [s for s in spans if s["version"] in versions]
    names = [_field(d, "metric", "name") for d in await metrics.metric_names(model_row.name, caller=caller)]
    charts = []
    for name in names[:MAX_OVERLAY_METRICS]:
        lines = []
        for number in versions:
            series = await metrics.series(f"{model_row.name}:v{number}", metric=name, end=end, window=window,
                                          step=step, aggregation="mean", labels={}, caller=caller)
            if series.buckets:
                lines.append({"version": number, "buckets": [{"start": b[0], "mean": b[1], "count": b[2]}
                                                             for b in series.buckets]})
        charts.append({"metric": name, "lines": lines})
    return {"start": start, "end": end, "step": step, "spans": spans, "charts": charts}
