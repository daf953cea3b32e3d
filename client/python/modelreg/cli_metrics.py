"""`modelreg report` (send production metrics of a version, synchronously) and `modelreg metrics`
(list a version's metric names, or show one metric over a window, optionally against another
version)."""

import argparse
import math
from datetime import datetime, timezone

from .cli import LocalError, Output, _pairs, _table
from .registry import Registry
from .series import Comparison, MetricSeries, finite

REPORT_EPILOG = """\
examples:
  modelreg report sentiment:production accuracy=0.93 latency_ms=41 --label deployment=eu-1
  modelreg report sentiment:v3 accuracy=0.91 --time 2026-12-02T14:00:00Z --json

The points are sent at once and the command waits for the server: it exits 1 with the server's
reason when it refuses them (INVALID_VALUE for NaN/Inf, VERSION_NOT_FOUND, TIME_IN_FUTURE, ...),
and nothing of a refused call is stored. An alias is resolved when the points arrive. Programs
should use Registry.report(), which batches in the background instead."""

METRICS_EPILOG = """\
examples:
  modelreg metrics sentiment:production                         # the metric names it has points for
  modelreg metrics sentiment                                    # ... of every version of the model
  modelreg metrics sentiment:production --metric latency_ms --window 1h --step 1m --agg p99
  modelreg metrics sentiment:production --metric accuracy --window 24h --label region=eu
  modelreg metrics sentiment:production --metric accuracy --compare sentiment:staging --window 6h
  modelreg metrics sentiment:v3 --metric accuracy --window 7d --step 1h --json

aggregations: mean (default), count, sum, min, max, rate (points per second), p50, p95, p99,
p99.9 (any percentile). Steps of 1h or more read the hour buckets, of 1m or more the minute
buckets, shorter ones the raw points (kept 48 h by default). Quantiles are within 1% of the raw
points' (DDSketch)."""

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """One block character per step, scaled between the smallest and largest value."""
    values = [v for v in values if math.isfinite(v)]
    if not values:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    return "".join(SPARKS[min(len(SPARKS) - 1, int((v - low) / span * len(SPARKS)))] for v in values)


def _number(value: float) -> str:
    return f"{value:.6g}" if math.isfinite(value) else "-"


def _when(dt: datetime | None) -> str:
    return dt.strftime("%Y-%m-%d %H:%M:%S") if dt else "-"


def _span(step) -> str:
    """A step as --step takes it: 1m, 1h, 90s."""
    seconds = step.total_seconds()
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat().replace("+00:00", "Z") if dt else None


def series_dict(s: MetricSeries) -> dict:
    summary = {k: finite(v) if isinstance(v, float) else v for k, v in vars(s.summary).items()}
    return {"version": s.version, "metric": s.metric, "aggregation": s.aggregation, "start_time": _iso(s.start),
            "end_time": _iso(s.end), "step_seconds": s.step.total_seconds(), "resolution": s.resolution,
            "relative_accuracy": s.relative_accuracy, "summary": summary,
            "buckets": [{"time": _iso(b.time), "value": finite(b.value), "count": b.count} for b in s.buckets]}


def _summary_line(s: MetricSeries) -> str:
    m = s.summary
    return (f"{s.version} {s.metric} {s.aggregation} over {_when(s.start)} .. {_when(s.end)} UTC "
            f"(step {_span(s.step)}, from {s.resolution}): {_number(m.value)}   count {m.count}  mean {_number(m.mean)}  "
            f"min {_number(m.min)}  p50 {_number(m.p50)}  p95 {_number(m.p95)}  p99 {_number(m.p99)}  "
            f"max {_number(m.max)}")


def parse_time(text: str | None) -> float | None:
    """`now`, or an ISO 8601 date/time (UTC unless it says otherwise)."""
    if text is None or text == "now":
        return None
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise LocalError("INVALID_TIME", f"--time {text!r} is not `now` or an ISO 8601 time like "
                         "2026-12-02T14:00:00Z") from None
    return (dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)).timestamp()


def cmd_report(args, reg: Registry, out: Output) -> int:
    metrics = _pairs(args.values, "a metric", float)
    if not metrics:
        raise LocalError("NO_METRICS", "give at least one NAME=VALUE")
    accepted = reg.report_now(args.reference, metrics, labels=_pairs(args.label, "--label"),
                              time=parse_time(args.time))
    out.emit({"accepted_points": accepted}, f"{accepted} point{'s' if accepted != 1 else ''} stored for "
             f"{args.reference}")
    return 0


def cmd_metrics(args, reg: Registry, out: Output) -> int:
    if not args.metric:
        if args.compare:
            raise LocalError("METRIC_REQUIRED", "--compare needs --metric NAME")
        metrics = reg.list_metrics(args.reference)

        def listing():
            if not metrics:
                out.console.print(f"no metric points for {args.reference}", markup=False)
                return
            _table(out, ["METRIC", "LABELS", "SERIES", "LAST POINT"], [
                [m.metric, ",".join(m.label_keys) or "-", m.series_count, _when(m.last_point_time)] for m in metrics])
        out.emit({"metrics": [{"metric": m.metric, "label_keys": list(m.label_keys), "series_count": m.series_count,
                               "last_point_time": _iso(m.last_point_time)} for m in metrics]}, listing)
        return 0
    options = dict(window=args.window, step=args.step, aggregation=args.agg, labels=_pairs(args.label, "--label"),
                   end=parse_time(args.end))
    if args.compare:
        c = reg.compare_metrics(args.reference, args.compare, args.metric, **options)
        out.emit({"champion": series_dict(c.champion), "challenger": series_dict(c.challenger),
                  "difference": finite(c.difference),
                  "relative_difference_percent": finite(c.relative_difference_percent)},
                 lambda: _comparison_text(out, c))
        return 0
    s = reg.metric_series(args.reference, args.metric, **options)
    out.emit(series_dict(s), lambda: _series_text(out, s))
    return 0


def _series_text(out: Output, s: MetricSeries) -> None:
    if s.buckets:
        _table(out, ["TIME (UTC)", s.aggregation.upper(), "COUNT"],
               [[_when(b.time), _number(b.value), b.count] for b in s.buckets])
    else:
        out.console.print("no points in the window", markup=False)
    out.console.print(_summary_line(s), markup=False)
    if len(s.buckets) > 1:
        out.console.print(sparkline([b.value for b in s.buckets]), markup=False)


def _comparison_text(out: Output, c: Comparison) -> None:
    times = sorted({b.time for b in c.champion.buckets} | {b.time for b in c.challenger.buckets})
    champion = {b.time: b for b in c.champion.buckets}
    challenger = {b.time: b for b in c.challenger.buckets}
    if times:
        _table(out, ["TIME (UTC)", f"CHAMPION {c.champion.version}", "COUNT", f"CHALLENGER {c.challenger.version}",
                     "COUNT"],
               [[_when(t), _number(champion[t].value) if t in champion else "-",
                 champion[t].count if t in champion else 0,
                 _number(challenger[t].value) if t in challenger else "-",
                 challenger[t].count if t in challenger else 0] for t in times])
    else:
        out.console.print("no points in the window", markup=False)
    out.console.print("champion   " + _summary_line(c.champion), markup=False)
    out.console.print("challenger " + _summary_line(c.challenger), markup=False)
    percent = f" ({c.relative_difference_percent:+.2f}%)" if math.isfinite(c.relative_difference_percent) else ""
    out.console.print(f"difference (challenger - champion): {_number(c.difference)}{percent}", markup=False)


def add_commands(command) -> None:
    """Adds `report` and `metrics` to the parser (through cli.parser's `command`)."""
    raw = argparse.RawDescriptionHelpFormatter
    c = command("report", cmd_report, "send production metrics of a version (and wait for the server)",
                epilog=REPORT_EPILOG, formatter_class=raw)
    c.add_argument("reference", metavar="REF", help="the version: MODEL:ALIAS, MODEL:v3, MODEL@sha256:...")
    c.add_argument("values", nargs="+", metavar="NAME=VALUE", help="one point per metric, e.g. accuracy=0.93")
    c.add_argument("--label", action="append", metavar="KEY=VALUE", help="a label of every point (repeatable), "
                   "e.g. deployment=eu-1; each distinct set of labels is its own series")
    c.add_argument("--time", metavar="ISO8601|now", help="when it was measured (default: now, this machine's clock)")
    c = command("metrics", cmd_metrics, "list a version's metrics, or show one over a window (and compare)",
                epilog=METRICS_EPILOG, formatter_class=raw)
    c.add_argument("reference", metavar="REF", help="a version (MODEL:production, MODEL:v3) or, for the "
                   "listing, a model")
    c.add_argument("--metric", metavar="NAME", help="show this metric (without it: list the metric names)")
    c.add_argument("--window", default="1h", metavar="DURATION", help="how far back from --end, e.g. 15m, 24h, 7d "
                   "(default: %(default)s)")
    c.add_argument("--step", metavar="DURATION", help="each row's length, e.g. 1m, 1h (default: the window over "
                   "60, rounded up to a minute)")
    c.add_argument("--agg", default="mean", metavar="AGG", help="mean, count, sum, min, max, rate, p50, p99, "
                   "p99.9, ... (default: %(default)s)")
    c.add_argument("--label", action="append", metavar="KEY=VALUE", help="only the series with this label "
                   "(repeatable)")
    c.add_argument("--end", metavar="ISO8601|now", help="the window's end (default: now)")
    c.add_argument("--compare", metavar="OTHER_REF", help="the challenger: show REF (the champion) and OTHER_REF "
                   "over the same window, and their difference")
