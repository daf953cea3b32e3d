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
