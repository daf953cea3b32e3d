"""`modelreg monitor add|ls|rm|history`: monitors that watch an alias's production metrics, fire,
resolve and can roll the alias back (docs/monitors.md)."""

import argparse
import math

from .cli import Output, _table, _ts, to_dict
from .cli_governance import duration
from .registry import Registry
from .v1 import monitoring_service_pb2 as mon

ADD_EPILOG = """\
examples:
  # page when the mean accuracy of whatever production names falls below 0.9 for 2 minutes
  modelreg monitor add sentiment:production --metric accuracy --agg mean --window 5m --below 0.9 \\
      --min-samples 50 --for 2m
  # and roll production back to the version it held before, at most once per 30 minutes
  modelreg monitor add sentiment:production --metric accuracy --window 5m --below 0.9 --min-samples 50 \\
      --for 2m --rollback --cooldown 30m
  # p99 latency 20% worse than staging's over the same window, only in one region
  modelreg monitor add sentiment:production --metric latency_ms --agg p99 --window 10m \\
      --worse-than staging --by 20 --higher-is-worse --min-samples 100 --for 5m --label region=eu

Exactly one of --below, --above, --worse-than. Durations: 30s, 5m, 2h, 1d (or seconds).
Aggregations: count, sum, mean, min, max, rate, p50, p95, p99, p99.9 ...
The monitor acts as the service account monitor-ID, granted the role moving the alias needs
(editor; maintainer for a protected alias), which you must hold yourself. States: OK, PENDING
(breached, for less than --for), FIRING (a MONITOR_FIRING event), RESOLVED (MONITOR_RESOLVED).
"""

LS_EPILOG = """\
examples:
  modelreg monitor ls                  # every model you may read
  modelreg monitor ls sentiment --json
"""

HISTORY_EPILOG = """\
examples:
  modelreg monitor history models/sentiment/monitors/accuracy-1
  modelreg monitor history sentiment/accuracy-1 --json
"""


def monitor_name(text: str) -> str:
    """`models/m/monitors/id`, or the short `m/id`."""
    if text.startswith("models/"):
        return text
    model, sep, monitor_id = text.partition("/")
    if not sep:
        raise argparse.ArgumentTypeError(f"{text!r}: name a monitor as MODEL/ID or models/MODEL/monitors/ID")
    return f"models/{model}/monitors/{monitor_id}"


def _seconds(text: str) -> float:
    try:
        return duration(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _label(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"{text!r}: a label is KEY=VALUE")
    return key, value


def state(value: int) -> str:
    return mon.MonitorState.Name(value).removeprefix("MONITOR_STATE_")


def condition(m: mon.Monitor) -> str:
    kind = m.WhichOneof("condition")
    if kind == "worse_than":
        w = m.worse_than
        return f"worse than {w.baseline} by {w.by_percent:g}%" + (" (higher is worse)" if w.higher_is_worse else "")
    return f"{kind} {getattr(m, kind):g}" if kind else "-"


def _value(v: float) -> str:
    return "-" if math.isnan(v) else f"{v:.4g}"


def monitor_dict(m: mon.Monitor) -> dict:
    return {**to_dict(m), "state": state(m.state), "value": None if math.isnan(m.value) else m.value}


def cmd_add(args, reg: Registry, out: Output) -> int:
    m = reg.create_monitor(args.target, metric=args.metric, aggregation=args.agg, window=args.window,
                           below=args.below, above=args.above, worse_than=args.worse_than, by_percent=args.by,
                           higher_is_worse=args.higher_is_worse, min_samples=args.min_samples,
                           for_duration=args.for_duration, cooldown=args.cooldown, rollback=args.rollback,
                           labels=dict(args.label), description=args.description, monitor_id=args.id)
    out.emit(monitor_dict(m), f"{m.name}: {m.aggregation} {m.metric} over {m.window.seconds}s {condition(m)}, "
             f"for {m.for_duration.seconds}s" + (f", rolls {m.alias} back (cooldown {m.cooldown.seconds}s)"
                                                 if m.rollback else "") + f"; acts as {m.principal}")
    return 0


def cmd_ls(args, reg: Registry, out: Output) -> int:
    monitors = list(reg.list_monitors(args.model or ""))

    def text():
        _table(out, ["MONITOR", "ALIAS", "RULE", "STATE", "SINCE", "VALUE", "SAMPLES", "VERSION", "ROLLBACK"],
               [[m.name, m.alias, f"{m.aggregation} {m.metric} {condition(m)}", state(m.state), _ts(m.state_time),
                 _value(m.value), m.samples, m.evaluated_version or "-", "yes" if m.rollback else "no"]
                for m in monitors])
        if not monitors:
            out.console.print("no monitors", markup=False)
    out.emit([monitor_dict(m) for m in monitors], text)
    return 0


def cmd_rm(args, reg: Registry, out: Output) -> int:
    reg.delete_monitor(args.name)
    out.emit({"deleted": args.name}, f"deleted {args.name} and its service account")
    return 0


def cmd_history(args, reg: Registry, out: Output) -> int:
    rows = list(reg.monitor_transitions(args.name))

    def text():
        _table(out, ["TIME", "FROM", "TO", "VERSION", "VALUE", "THRESHOLD", "SAMPLES", "EVENT", "ROLLBACK"],
               [[_ts(t.time), state(t.from_state), state(t.to_state), t.version, _value(t.value),
                 _value(t.threshold), t.samples, t.event_sequence or "-",
                 f"-> v{t.rollback_version}" if t.rollback_version else (t.rollback_skipped or "-")] for t in rows])
        if not rows:
            out.console.print("no state changes yet", markup=False)
    out.emit([{**to_dict(t), "from_state": state(t.from_state), "to_state": state(t.to_state),
               "value": None if math.isnan(t.value) else t.value,
               "threshold": None if math.isnan(t.threshold) else t.threshold} for t in rows], text)
    return 0


def add_commands(sub, client) -> None:
    group = sub.add_parser("monitor", help="watch an alias's production metrics: alert and roll back",
                           description="Monitors evaluate a production metric of the version an alias names, "
                           "continuously on the server: they fire (MONITOR_FIRING), resolve (MONITOR_RESOLVED) and, "
                           "with --rollback, move the alias back to the version it held before.")
    actions = group.add_subparsers(dest="monitor_command", required=True, metavar="ACTION")

    def action(name, fn, help, epilog=None):
        c = actions.add_parser(name, parents=[client], help=help, description=help, epilog=epilog,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
        c.set_defaults(fn=fn)
        return c

    c = action("add", cmd_add, "create a monitor on MODEL:ALIAS", ADD_EPILOG)
    c.add_argument("target", metavar="MODEL:ALIAS", help="the alias watched: whatever version it names is evaluated")
    c.add_argument("--metric", required=True, help="the metric's name, as reported (e.g. accuracy)")
    c.add_argument("--agg", default="mean", help="aggregation over the window (default: %(default)s)")
    c.add_argument("--window", type=_seconds, default=300.0, help="trailing window, 10s to 7d (default: 5m)")
    which = c.add_mutually_exclusive_group(required=True)
    which.add_argument("--below", type=float, help="breached when the value is below this")
    which.add_argument("--above", type=float, help="breached when the value is above this")
    which.add_argument("--worse-than", metavar="ALIAS_OR_VERSION",
                       help="breached when worse than this alias or version (staging, m:v3) over the same window")
    c.add_argument("--by", type=float, default=0.0, metavar="PCT",
                   help="with --worse-than: by more than this percentage of the baseline (default: any worse)")
    c.add_argument("--higher-is-worse", action="store_true",
                   help="with --worse-than: higher is worse (latency, errors) rather than lower (accuracy)")
    c.add_argument("--min-samples", type=int, default=1, metavar="N",
                   help="points the window must hold before it can be breached (default: %(default)s)")
    c.add_argument("--for", dest="for_duration", type=_seconds, default=0.0, metavar="DURATION",
                   help="how long it must stay breached before firing (default: at once)")
    c.add_argument("--cooldown", type=_seconds, default=None, metavar="DURATION",
                   help="least time between two rollbacks (default: 30m)")
    c.add_argument("--rollback", action="store_true", help="on firing, move the alias back to its previous version")
    c.add_argument("--label", type=_label, action="append", default=[], metavar="KEY=VALUE",
                   help="only points carrying this label count (repeatable)")
    c.add_argument("--id", default="", help="the monitor's id (default: from the metric, e.g. accuracy-1)")
    c.add_argument("--description", default="")
    c = action("ls", cmd_ls, "list monitors with their state and last evaluation", LS_EPILOG)
    c.add_argument("model", nargs="?", help="only this model's")
    c = action("rm", cmd_rm, "delete a monitor, its history and its service account")
    c.add_argument("name", type=monitor_name, metavar="NAME", help="MODEL/ID or models/MODEL/monitors/ID")
    c = action("history", cmd_history, "a monitor's state changes, newest first", HISTORY_EPILOG)
    c.add_argument("name", type=monitor_name, metavar="NAME", help="MODEL/ID or models/MODEL/monitors/ID")
