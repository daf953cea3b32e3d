"""The `modelreg` command: serve the registry, push and pull models, move aliases, follow events.

Every client command takes --json (one JSON document; one object per line for `watch`) and finds
the server in --server or $MODELREG_SERVER (default 127.0.0.1:50051; several replicas as
HOST:PORT,HOST:PORT or dns:///HOST:PORT, balanced by gRPC's round_robin). A server that cannot be
reached, or a TLS mismatch, is reported at once, with the flag that fixes it. When stdout is closed
early (`modelreg ... | head`), a command stops quietly with exit status 141."""

import argparse
import json
import os
import sys
from datetime import timezone

from google.protobuf import duration_pb2, timestamp_pb2
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from ._version import __version__
from .errors import IntegrityError, ModelregError
from .registry import DEFAULT_ADDRESS, Registry, run_of
from .v1 import automation_service_pb2 as au, resources_pb2 as r

EPILOG = """
references: wherever a version is wanted you can write
  MODEL:v3  MODEL:3  MODEL:ALIAS  MODEL:latest  MODEL@sha256:DIGEST  models/MODEL/versions/3
  (a DIGEST may be cut to its first 6+ hex digits, as `versions` prints it, when only one matches)

examples:
  modelreg serve --data ./modelreg-data
  modelreg push sentiment ./out --alias staging --metric f1=0.91 --input s3://data/imdb
  modelreg alias set sentiment production 3 --expect 2
  modelreg alias set sentiment production sentiment:staging
  modelreg set sentiment:3 --metric f1=0.91 --tag reviewed=yes --description-file card.md
  modelreg pull sentiment:production ./deployed
  modelreg search 'metrics.f1 > 0.9 AND tags.team = "nlp"' --order-by 'metrics.f1 desc'
  modelreg watch --model sentiment --type ALIAS_SET --json
  modelreg follow sentiment:production /srv/models/sentiment --exec 'systemctl reload inference'
  modelreg report sentiment:production accuracy=0.93 --label deployment=eu-1
  modelreg metrics sentiment:production --metric latency_ms --window 1h --step 1m --agg p99
  modelreg webhook add https://ci.example.com/hooks/modelreg --model sentiment --type ALIAS_SET --alias production
  modelreg watch --type VERSION_CREATED --exec ./evaluate.sh --cursor-file ~/.modelreg-eval.cursor
  modelreg gc --grace 3600
  modelreg migrate --from-data ./modelreg-data --to-db postgresql://modelreg@db:5432/modelreg --to-blobs s3://models/prod

access (servers on a non-loopback address, or started with --auth, require tokens):
  modelreg bootstrap --data ./modelreg-data          # first admin + token, on the server's machine
  modelreg user add ci --service-account && modelreg role grant ci editor --models 'fraud-*'
  modelreg token create ci --ttl 30d
  modelreg policy protect production
  modelreg audit --denied --since 1d

shell completion: eval "$(modelreg completion bash)"  (also zsh, fish: `modelreg completion --help`)
"""

# What went wrong -> the exit status of every client command, so that a script can tell a missing
# model from a moved alias from a server that is down without parsing messages. The commands
# that run on the server's machine (serve, migrate, bootstrap, backup, restore-backup, db) say
# their own in their --help.
EXIT = {"ok": 0, "other": 1, "usage": 2, "integrity": 3, "not_found": 4, "conflict": 5, "permission": 6,
        "unavailable": 7}
# The gRPC status codes of each class; every other code (RESOURCE_EXHAUSTED, OUT_OF_RANGE,
# INTERNAL, UNKNOWN, ...) is "other".
CODE_CLASSES = {
    "INVALID_ARGUMENT": "usage",
    "DATA_LOSS": "integrity",
    "NOT_FOUND": "not_found",
    "ALREADY_EXISTS": "conflict", "ABORTED": "conflict", "FAILED_PRECONDITION": "conflict",
    "PERMISSION_DENIED": "permission", "UNAUTHENTICATED": "permission",
    "UNAVAILABLE": "unavailable", "DEADLINE_EXCEEDED": "unavailable",
}
# Problems found on this machine (code LOCAL) are usage errors unless their reason is here.
LOCAL_CLASSES = {"PATH_NOT_FOUND": "not_found", "REGISTRY_NOT_FOUND": "not_found", "DESTINATION_EXISTS": "conflict",
                 "OS_ERROR": "other", "DESCRIPTION_FILE_UNREADABLE": "other"}

EXIT_STATUS_HELP = """\
exit status (with --json, the error object on stdout says "code", "reason" and "exit_code"):
  0    done
  1    failed otherwise (RESOURCE_EXHAUSTED, INTERNAL, ...; `webhook test`: the ping failed)
  2    usage: a bad command line, or an argument the CLI or the server rejects (INVALID_ARGUMENT)
  3    integrity: `fsck` found problems; downloaded bytes do not match their digest, a file changed
       while it was pushed (DATA_LOSS)
  4    not found: no such model, version, alias, webhook, ... (NOT_FOUND), or a local path
  5    conflict: the registry's state refused it: an alias moved since --expect (ABORTED), a name
       taken (ALREADY_EXISTS), a version archived (FAILED_PRECONDITION), pull's destination
       exists
  6    permission: no valid token (UNAUTHENTICATED) or a role too low (PERMISSION_DENIED)
  7    unavailable: the server cannot be reached, TLS does not match, or the call timed out
       (UNAVAILABLE, DEADLINE_EXCEEDED): the same command may work later
  130  interrupted (Ctrl-C); 141 stdout was closed early (`modelreg ... | head`);
       `watch --exec`: its command's status
serve, migrate, bootstrap, backup, restore-backup and db, which run on the server's machine,
list their own exit statuses in their --help.
"""


def exit_status(code: str, reason: str) -> int:
    """The exit status of an error: its gRPC code name (or LOCAL and its reason), classed above."""
    if code == "LOCAL":
        return EXIT[LOCAL_CLASSES.get(reason, "usage")]
    return EXIT[CODE_CLASSES.get(code, "other")]


def to_dict(message: Message) -> dict:
    """A message as plain JSON types: int64 stays a number, enums are names, timestamps RFC 3339."""
    if isinstance(message, timestamp_pb2.Timestamp):
        return message.ToDatetime(tzinfo=timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(message, duration_pb2.Duration):
        return message.ToJsonString()
    out = {}
    for field in message.DESCRIPTOR.fields:
        explicit = field.has_presence and not field.is_repeated
        if explicit and not message.HasField(field.name):
            continue
        out[field.name] = _value(field, getattr(message, field.name))
    return out


def _value(field: FieldDescriptor, value):
    if field.message_type and field.message_type.GetOptions().map_entry:
        value_field = field.message_type.fields_by_name["value"]
        return {k: _scalar(value_field, v) for k, v in value.items()}
    if field.is_repeated:
        return [_scalar(field, v) for v in value]
    return _scalar(field, value)


def _scalar(field: FieldDescriptor, value):
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        return to_dict(value)
    if field.type == FieldDescriptor.TYPE_ENUM:
        return field.enum_type.values_by_number[value].name if value in field.enum_type.values_by_number else value
    return value


def version_dict(version: r.Version) -> dict:
    return {"version": version.number, **to_dict(version)}


def _pairs(items: list[str], what: str, convert=str) -> dict:
    result = {}
    for item in items or ():
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise LocalError("INVALID_KEY_VALUE", f"{what} must look like KEY=VALUE, got {item!r}")
        try:
            result[key] = convert(value)
        except ValueError:
            raise LocalError("INVALID_KEY_VALUE", f"{what} {key}: {value!r} is not a number") from None
    return result


class LocalError(Exception):
    """A problem found on this machine, before or after talking to the server."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason, self.message = reason, message


class Output:
    """Prints human text or JSON, and shows progress bars on a terminal."""

    def __init__(self, as_json: bool):
        self.json = as_json
        try:
            from rich.console import Console
        except ImportError:  # an SDK-only install: plain text (pip install 'modelreg[cli]' for rich's)
            from .plain import Console  # type: ignore[assignment]

        class StdoutConsole(Console):
            def on_broken_pipe(self) -> None:
                # rich would exit 1 here; main() stops every command the same way (STDOUT_CLOSED).
                self.quiet = True
                raise BrokenPipeError
        self.console = StdoutConsole(highlight=False, soft_wrap=True)
        if not self.console.is_terminal:
            self.console.width = 200
        self.err = Console(stderr=True, highlight=False)

    def emit(self, data, text=None) -> None:
        if self.json:
            print(json.dumps(data, sort_keys=True), flush=True)
        elif callable(text):
            text()
        elif text is not None:
            self.console.print(text, markup=False)

    def progress(self):
        """A context manager yielding an on_progress callback; a bar on a terminal, else silent."""
        from . import plain
        rich = not isinstance(self.err, plain.Console)
        return _ProgressBar(self.err) if rich and self.err.is_terminal else _NoProgress()


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


class _ProgressBar:
    LABELS = {"scan": "hashing", "upload": "uploading", "download": "downloading", "copy": "copying"}

    def __init__(self, console):
        from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn,
                                   TransferSpeedColumn)
        self.bar = Progress(TextColumn("{task.description:>11}"), BarColumn(), DownloadColumn(),
                            TransferSpeedColumn(), TimeRemainingColumn(), console=console, transient=False)
        self.tasks = {}

    def __enter__(self):
        self.bar.start()
        return self.update

    def update(self, phase: str, done: int, total: int) -> None:
        if phase not in self.tasks:
            self.tasks[phase] = self.bar.add_task(self.LABELS.get(phase, phase), total=total)
        self.bar.update(self.tasks[phase], completed=done, total=total)

    def __exit__(self, *exc):
        self.bar.stop()
        return False


def _ts(ts) -> str:
    return ts.ToDatetime(tzinfo=timezone.utc).strftime("%Y-%m-%d %H:%M:%S") if ts.seconds else "-"


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return str(n)


def _table(out: Output, columns: list[str], rows: list[list]) -> None:
    try:
        from rich.table import Table
    except ImportError:
        from .plain import Table  # type: ignore[assignment]
    table = Table(box=None, header_style="bold")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*[str(c) for c in row])
    out.console.print(table)


# Commands

def cmd_serve(args) -> int:
    try:
        from modelreg_server.app import run
    except ImportError as e:
        raise SystemExit(f"modelreg: the server is not installed ({e}); pip install 'modelreg[server]'") from None
    if args.no_migrate:
        from .cli_ops import refuse_pending
        refuse_pending(args)
    run(args.data, args.listen, tls_cert=args.tls_cert, tls_key=args.tls_key, tls_client_ca=args.tls_client_ca,
        auth=args.auth, insecure_no_auth=args.insecure_no_auth, webhook_allow=args.webhook_allow,
        webhook_attempts=args.webhook_attempts, webhook_backoff=args.webhook_backoff,
        webhook_backoff_max=args.webhook_backoff_max, webhook_timeout=args.webhook_timeout,
        db_busy_timeout=args.db_busy_timeout, blobs=args.blobs, db=args.db, webhook_lease=args.webhook_lease,
        http=args.http, metrics_retention=args.metrics_retention, metrics_max_names=args.metrics_max_names,
        metrics_max_series=args.metrics_max_series, metrics_rate=args.metrics_rate,
        monitor_interval=args.monitor_interval, compact_interval=args.compact_interval,
        log_level=args.log_level, log_format=args.log_format, access_log=args.access_log == "on",
        otel_endpoint=args.otel_endpoint)
    return 0


def cmd_migrate(args) -> int:
    """`modelreg migrate`: the server's moving.migrate, with a progress bar and a summary."""
    try:
        from modelreg_server.moving import EXIT_DAMAGED, MigrationError, migrate
    except ImportError as e:
        raise SystemExit(f"modelreg: the server is not installed ({e}); pip install 'modelreg[server]'") from None
    if args.parallel < 1:
        print("modelreg migrate: --parallel must be at least 1", file=sys.stderr)
        return EXIT["usage"]
    import logging
    logging.getLogger("psycopg.pool").setLevel(logging.CRITICAL)  # its retries; the failure is reported once
    # Nor psycopg's "error ignored terminating <Pipeline>": the second error of a failed batch insert.
    logging.getLogger("psycopg").setLevel(logging.CRITICAL)
    out = Output(args.json)
    try:
        with out.progress() as on_progress:
            summary = migrate(from_data=args.from_data, from_db=args.from_db, from_blobs=args.from_blobs,
                              to_db=args.to_db, to_blobs=args.to_blobs, threads=args.parallel,
                              on_progress=on_progress)
    except MigrationError as e:
        if args.json:
            print(json.dumps({"error": {"code": "LOCAL", "reason": "MIGRATION_REFUSED", "message": str(e),
                                        "exit_code": e.exit_code}}), flush=True)
        else:
            print(f"modelreg migrate: {e}", file=sys.stderr, flush=True)
        return e.exit_code
    rows = sum(summary.rows.values())
    damaged = summary.chunks_unavailable
    out.emit(summary.as_dict(),
             f"migrated {summary.source_db} + {summary.source_blobs} into {summary.target_db} + "
             f"{summary.target_blobs}: {rows} rows ({summary.rows.get('models', 0)} models, "
             f"{summary.rows.get('versions', 0)} versions, {summary.rows.get('events', 0)} events up to "
             f"#{summary.event_head}), {summary.chunks_copied} chunks copied ({_size(summary.bytes_copied)}), "
             f"{summary.chunks_present} already there")
    if damaged:
        print(f"modelreg migrate: {len(damaged)} chunks that versions reference were missing or corrupt in the "
              "source and are not in the target; `modelreg fsck` on the target names the damaged versions",
              file=sys.stderr)
        return EXIT_DAMAGED
    return 0


def cmd_push(args, reg: Registry, out: Output) -> int:
    if not os.path.exists(args.path):
        raise LocalError("PATH_NOT_FOUND", f"{args.path} is not a file or directory")
    with out.progress() as on_progress:
        version = reg.push(
            args.model, args.path, aliases=args.alias, description=args.description, inputs=args.input,
            run=args.run, run_name=args.run_name, metrics=_pairs(args.metric, "--metric", float), params=_pairs(args.param, "--param"),
            tags=_pairs(args.tag, "--tag"), on_progress=on_progress, compress=args.compress)
    aliases = ", ".join(version.aliases)
    out.emit(version_dict(version),
             f"pushed {version.model}:v{version.number} {version.digest} "
             f"({version.file_count} files, {_size(version.total_size)}) aliases: {aliases}")
    return 0


def cmd_pull(args, reg: Registry, out: Output) -> int:
    if os.path.lexists(args.dest) and not args.force:
        raise LocalError("DESTINATION_EXISTS", f"{args.dest} exists; pass --force to replace it")
    first = {}

    def track(phase, done, total):
        first.setdefault(phase, done)
        if bar:
            bar(phase, done, total)
    with out.progress() as bar:
        version = reg.pull(args.reference, args.dest, overwrite=args.force, on_progress=track)
    resumed = first.get("download", 0)
    note = f" (resumed: {_size(resumed)} were already here, verified)" if resumed else ""
    out.emit({**version_dict(version), "path": os.path.abspath(args.dest), "resumed_from": resumed},
             f"pulled {version.model}:v{version.number} {version.digest} into {args.dest}{note}")
    return 0


def cmd_models(args, reg: Registry, out: Output) -> int:
    models = list(reg.list_models(prefix=args.prefix, tags=_pairs(args.tag, "--tag"), filter=args.filter,
                                  order_by=args.order_by))
    out.emit({"models": [to_dict(m) for m in models]}, lambda: _table(out, ["MODEL", "LATEST", "VERSIONS", "ALIASES", "UPDATED"], [
        [m.name.removeprefix("models/"), m.latest_version or "-", m.version_count,
         " ".join(f"{a}={v}" for a, v in sorted(m.aliases.items()) if a != "latest") or "-", _ts(m.update_time)]
        for m in models]))
    return 0


def cmd_versions(args, reg: Registry, out: Output) -> int:
    from .cli_search import order_columns, versions_table
    versions = list(reg.list_versions(args.model, state=args.state, tags=_pairs(args.tag, "--tag"),
                                      filter=args.filter, order_by=args.order_by))
    out.emit({"versions": [version_dict(v) for v in versions]}, lambda: versions_table(
        out, versions, order_columns(args.order_by, args.filter), reference=False))
    return 0


def cmd_show(args, reg: Registry, out: Output) -> int:
    if ":" not in args.reference and "@" not in args.reference and "/versions/" not in args.reference:
        model = reg.get_model(args.reference)
        out.emit(to_dict(model), lambda: out.console.print(
            f"model {model.name.removeprefix('models/')}\n  latest: {model.latest_version or '-'}\n"
            f"  versions: {model.version_count}\n"
            f"  aliases: {', '.join(f'{a}={v}' for a, v in sorted(model.aliases.items())) or '-'}\n"
            f"  tags: {dict(model.tags) or '-'}\n  updated: {_ts(model.update_time)}\n\n{model.description}", markup=False))
        return 0
    v = reg.get_version(args.reference, files=args.files)

    def text():
        lines = [
            f"{v.model}:v{v.number}  {r.VersionState.Name(v.state).removeprefix('VERSION_STATE_').lower()}",
            f"  digest:  {v.digest}", f"  size:    {_size(v.total_size)} in {v.file_count} files",
            f"  aliases: {', '.join(v.aliases) or '-'}", f"  created: {_ts(v.create_time)}",
        ]
        for label, values in (("metrics", v.metrics), ("params", v.params), ("tags", v.tags)):
            if values:
                lines.append(f"  {label}: " + ", ".join(f"{k}={values[k]}" for k in sorted(values)))
        run = run_of(v)
        if run is not None:
            lines.append(f"  run:     {run.display_name} {run.uri}" if run.display_name else f"  run:     {run.uri}")
        for i in v.inputs:
            if run is not None and i.artifact == run:
                continue
            source = i.version or (f"{i.artifact.display_name} {i.artifact.uri}" if i.artifact.display_name
                                   else i.artifact.uri)
            lines.append(f"  input:   {i.relation} {source}")
        if v.description:
            lines += ["", v.description]
        for f in v.files:
            # A format 2 file's sha256 is filled in by the server shortly after the push.
            lines.append(f"  {f.mode:04o} {f.size:>12} {f.sha256[:12] or 'hashing...':12} {f.path}")
        out.console.print("\n".join(lines), markup=False)
    out.emit(version_dict(v), text)
    return 0


SET_DESCRIPTION = """\
Edit a version after push: set or remove metrics and tags, replace the description. Only the keys
given change (the update names exactly them), so an evaluation job setting `f1` does not undo a
reviewer's tag set meanwhile. Prints the updated version (--json: as `show --json`)."""

SET_EPILOG = """\
examples:
  modelreg set sentiment:3 --metric f1=0.91 --metric precision=0.88
  modelreg set sentiment:production --tag reviewed=alice --unset-tag needs-review
  modelreg set sentiment@sha256:3f2a9c --description-file card.md
  ./render-card.sh | modelreg set sentiment:latest --description-file -

  # an evaluation job: every new version gets its f1, no Python needed
  modelreg watch --type VERSION_CREATED --cursor-file eval.cursor --exec \\
    'modelreg set "$MODELREG_MODEL:$MODELREG_VERSION" --metric f1="$(./evaluate.sh)"'

SDK: Registry.update_version("sentiment:3", metrics={"f1": 0.91}, tags={"needs-review": None})

exit status: 0 updated; 1 refused (the server's or a local reason is printed, nothing changed)"""

ALIAS_SET_EPILOG = """\
examples:
  modelreg alias set sentiment production 3
  modelreg alias set sentiment production sentiment:staging    # promote: where staging points now
  modelreg alias set sentiment production sentiment@sha256:3f2a9c4b5d6e --expect 2
  modelreg alias set sentiment canary v4

The server resolves the reference in the same transaction as the move. A reference to another
model's version is refused (TARGET_OF_OTHER_MODEL); a short digest that several versions start with
is refused (AMBIGUOUS_DIGEST) with the candidates listed."""


def cmd_set(args, reg: Registry, out: Output) -> int:
    metrics = {key: _finite(key, value) for key, value in _key_values(args.metric, "metric").items()}
    tags = _key_values(args.tag, "tag")
    for key in args.unset_metric:
        _unset(metrics, key, "metric")
    for key in args.unset_tag:
        _unset(tags, key, "tag")
    description = args.description
    if args.description_file is not None:
        description = _read_text(args.description_file)
    if not metrics and not tags and description is None:
        raise LocalError("NOTHING_TO_SET", "nothing to set: give --metric, --tag, --unset-metric, --unset-tag, "
                         "--description or --description-file")
    v = reg.update_version(args.reference, metrics=metrics or None, tags=tags or None, description=description)

    def text():
        lines = [f"updated {v.model}:v{v.number}"]
        for label, values in (("metrics", v.metrics), ("tags", v.tags)):
            lines.append(f"  {label}: " + (", ".join(f"{k}={values[k]}" for k in sorted(values)) or "-"))
        if description is not None:
            lines.append(f"  description: {len(v.description.encode())} bytes")
        out.console.print("\n".join(lines), markup=False)
    out.emit(version_dict(v), text)
    return 0


def _key_values(items: list[str], what: str) -> dict:
    """--metric/--tag KEY=VALUE pairs (split at the first =), refused locally when malformed."""
    result = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise LocalError(f"INVALID_{what.upper()}", f"--{what} must look like KEY=VALUE, got {item!r}")
        result[key] = value
    return result


def _finite(key: str, value: str) -> float:
    """A metric value: a finite number (the server refuses NaN and infinities too)."""
    import math
    try:
        number = float(value)
    except ValueError:
        number = None
    if number is None or not math.isfinite(number):
        raise LocalError("INVALID_METRIC", f"--metric {key}: {value!r} is not a finite number (e.g. 0.91, 1e-3)")
    return number


def _unset(values: dict, key: str, what: str) -> None:
    if key in values:
        raise LocalError(f"INVALID_{what.upper()}", f"--{what} {key} and --unset-{what} {key} contradict each other")
    values[key] = None


def _read_text(path: str) -> str:
    """A description file's text (- is stdin), exactly as written: UTF-8, refused locally if not."""
    try:
        from pathlib import Path
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise LocalError("INVALID_DESCRIPTION", f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    except OSError as e:
        raise LocalError("DESCRIPTION_FILE_UNREADABLE", f"{path}: {e.strerror}") from None


def cmd_alias_set(args, reg: Registry, out: Output) -> int:
    alias = reg.set_alias(args.model, args.alias, args.version.strip(), expect=args.expect)
    out.emit(to_dict(alias) | {"model": args.model},
             f"{args.model}:{alias.alias} -> v{alias.version} (was {alias.previous_version or 'unset'})")
    return 0


def cmd_alias_rm(args, reg: Registry, out: Output) -> int:
    reg.delete_alias(args.model, args.alias, expect=args.expect)
    out.emit({"model": args.model, "alias": args.alias, "deleted": True}, f"removed {args.model}:{args.alias}")
    return 0


def cmd_alias_ls(args, reg: Registry, out: Output) -> int:
    aliases = reg.list_aliases(args.model)
    out.emit({"aliases": [to_dict(a) for a in aliases]}, lambda: _table(
        out, ["ALIAS", "VERSION", "PREVIOUS", "UPDATED"],
        [[a.alias, a.version, a.previous_version or "-", _ts(a.update_time)] for a in aliases]))
    return 0


def cmd_archive(args, reg: Registry, out: Output) -> int:
    v = reg.archive_version(args.reference)
    out.emit(version_dict(v), f"archived {v.model}:v{v.number}")
    return 0


def cmd_restore(args, reg: Registry, out: Output) -> int:
    v = reg.restore_version(args.reference)
    out.emit(version_dict(v), f"restored {v.model}:v{v.number}")
    return 0


def cmd_lineage(args, reg: Registry, out: Output) -> int:
    graph = reg.lineage("" if args.artifact else args.reference, artifact=args.reference if args.artifact else "",
                        direction=args.direction, depth=args.depth)

    names = {n.id: f"{n.artifact.display_name} <{n.id}>" for n in graph.nodes
             if n.WhichOneof("node") == "artifact" and n.artifact.display_name}

    def text():
        for edge in graph.edges:
            upstream, downstream = names.get(edge.upstream, edge.upstream), names.get(edge.downstream, edge.downstream)
            out.console.print(f"{upstream} --{edge.relation}--> {downstream}", markup=False)
        if not graph.edges:
            out.console.print(f"{graph.nodes[0].id}: no {args.direction} lineage", markup=False)
    out.emit(to_dict(graph), text)
    return 0


def event_dict(event: r.Event) -> dict:
    return {**to_dict(event), "type": r.EventType.Name(event.type).removeprefix("EVENT_TYPE_")}


def monitor_event_text(event: r.Event) -> str:
    """What a monitor event says in `modelreg watch`: the monitor, the measurement, the rollback."""
    d = event.details
    text = event.subject.rpartition("/")[2]
    if "value" in d:
        text += f": {d.get('aggregation', '')} {d.get('metric', '')} = {d['value']} ({d.get('condition', '')}, " \
                f"{d.get('samples', '0')} samples over {d.get('window', '')})"
    if d.get("rollback_version"):
        text += f", rolled back to v{d['rollback_version']}"
    elif d.get("rollback_skipped"):
        text += f", no rollback: {d['rollback_skipped']}"
    return text


def read_cursor(path: str) -> int | None:
    """The sequence stored in a cursor file, None if there is no file yet."""
    try:
        text = open(path).read().strip()
    except FileNotFoundError:
        return None
    if not text.isdigit():
        raise LocalError("INVALID_CURSOR_FILE", f"{path} holds {text[:40]!r}, not an event sequence number")
    return int(text)


def write_cursor(path: str, sequence: int) -> None:
    """Replaces the cursor file atomically and durably (tmp + fsync + rename + fsync of the
    directory): after a crash it holds the old or the new sequence, never a torn one."""
    directory = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    with open(tmp, "w") as f:
        f.write(f"{sequence}\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def run_for_event(command: str, event: r.Event, data: dict) -> int:
    """Runs command (a shell command line) with the event as JSON on stdin and in the environment."""
    import subprocess
    document = json.dumps(data, sort_keys=True)
    env = {**os.environ, "MODELREG_EVENT_SEQUENCE": str(event.sequence), "MODELREG_EVENT_TYPE": data["type"],
           "MODELREG_MODEL": event.model, "MODELREG_VERSION": str(event.version), "MODELREG_ALIAS": event.alias,
           "MODELREG_PREVIOUS_VERSION": str(event.previous_version), "MODELREG_DIGEST": event.digest,
           "MODELREG_ACTOR": event.actor, "MODELREG_EVENT_JSON": document}
    return subprocess.run(command, shell=True, env=env, input=(document + "\n").encode()).returncode


def cmd_watch(args, reg: Registry, out: Output) -> int:
    after = args.after
    if args.cursor_file:
        stored = read_cursor(args.cursor_file)
        after = stored if stored is not None else after
    if after is None and (args.exec or args.cursor_file):
        # Pin "from now on" in the cursor file before the first event, so a restart misses nothing.
        after = reg.event_head()
        if args.cursor_file:
            write_cursor(args.cursor_file, after)
    watch = reg.watch(after=after, models=args.model, types=args.type, aliases=args.alias, filter=args.filter)
    try:
        for event in watch:
            data = event_dict(event)
            text = f"#{event.sequence} {_ts(event.time)} {data['type']:<16} {event.model or event.subject}"
            if event.version:
                text += f" v{event.version}"
            if event.alias:
                text += f" {event.alias}" + (f" (was v{event.previous_version})" if event.previous_version else "")
            if data["type"].startswith("MONITOR_"):
                text += " " + monitor_event_text(event)
            out.emit(data, text)
            if args.exec:
                code = run_for_event(args.exec, event, data)
                if code != 0 and args.on_error == "stop":
                    watch.close()
                    print(f"modelreg: --exec exited with {code} for event #{event.sequence}; stopping without "
                          "moving the cursor past it (run again to retry, or pass --on-error continue)",
                          file=sys.stderr)
                    return code if 0 < code < 256 else 1
                if code != 0:
                    print(f"modelreg: --exec exited with {code} for event #{event.sequence}; continuing",
                          file=sys.stderr)
            if args.cursor_file:
                write_cursor(args.cursor_file, event.sequence)
    except KeyboardInterrupt:
        watch.close()
    return 0


def cmd_follow(args, reg: Registry, out: Output) -> int:
    import logging
    import signal
    import socket
    import subprocess
    import threading

    from .follow import Deployed, report

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())

    def on_version(d: Deployed) -> None:
        out.emit({"model": d.model, "alias": d.alias, "version": d.version, "digest": d.digest, "path": str(d.path)},
                 f"{d.model}:{d.alias} -> v{d.version} at {d.path}")
        if args.exec:
            env = {**os.environ, "MODELREG_MODEL": d.model, "MODELREG_ALIAS": d.alias,
                   "MODELREG_VERSION": str(d.version), "MODELREG_DIGEST": d.digest, "MODELREG_PATH": str(d.path)}
            code = subprocess.call(args.exec, shell=True, env=env)
            if code:
                print(f"modelreg: --exec exited with {code}", file=sys.stderr)
            if labels is not None:
                report(reg, f"{d.model}:v{d.version}", {"follow.exec_exit_code": code}, labels)

    labels = None if args.no_report else {"deployment": args.deployment or socket.gethostname()}
    reg.follow(args.reference, args.dir, keep=args.keep, on_version=on_version, stop=stop, report_labels=labels,
               cache=not args.no_cache)
    return 0


def _webhook_id(name: str) -> str:
    return name.removeprefix("webhooks/")


def _enum(value: int, enum, prefix: str) -> str:
    return enum.Name(value).removeprefix(prefix).lower()


def _format(value: int) -> str:
    """A payload format as `webhook add --format` names it."""
    return {au.PAYLOAD_FORMAT_SLACK: "slack", au.PAYLOAD_FORMAT_TEAMS: "teams"}.get(value, "json")


def _filters(w) -> str:
    parts = [f"model={','.join(w.models)}" if w.models else "",
             "type=" + ",".join(r.EventType.Name(t).removeprefix("EVENT_TYPE_") for t in w.event_types)
             if w.event_types else "",
             f"alias={','.join(w.aliases)}" if w.aliases else "",
             f"filter: {w.filter}" if w.filter else ""]
    return " ".join(p for p in parts if p) or "all events"


def _attempt_text(a) -> str:
    latency = a.latency.ToMilliseconds()
    status = str(a.status_code) if a.status_code else "-"
    return f"{_ts(a.time)}  {status:>3}  {latency:>6} ms  {a.error or 'ok'}"


def cmd_webhook_add(args, reg: Registry, out: Output) -> int:
    created = reg.add_webhook(args.url, models=args.model, types=args.type, aliases=args.alias, format=args.format,
                              secret=args.secret or "", on_failure=args.on_failure, enabled=not args.disabled,
                              description=args.description, webhook_id=args.id or "", filter=args.filter)
    w = created.webhook
    out.emit({"webhook": to_dict(w), "secret": created.secret},
             f"created {w.name} -> {w.target_url} ({_filters(w)}, {_format(w.payload_format)})\n"
             f"secret: {created.secret}\n"
             "(shown only now: give it to the receiver to verify the webhook-signature header)")
    return 0


def cmd_webhook_ls(args, reg: Registry, out: Output) -> int:
    hooks = list(reg.list_webhooks())
    out.emit({"webhooks": [to_dict(w) for w in hooks]}, lambda: _table(
        out, ["WEBHOOK", "STATE", "FORMAT", "TARGET", "FILTERS", "CURSOR", "PENDING", "FAILED", "LAST ERROR"],
        [[_webhook_id(w.name), _enum(w.state, au.WebhookState, "WEBHOOK_STATE_"),
          _format(w.payload_format), w.target_url, _filters(w),
          w.cursor_sequence, w.pending_deliveries, w.failed_deliveries, w.last_error[:60] or "-"] for w in hooks]))
    return 0


def cmd_webhook_rm(args, reg: Registry, out: Output) -> int:
    reg.delete_webhook(args.webhook)
    out.emit({"webhook": f"webhooks/{_webhook_id(args.webhook)}", "deleted": True},
             f"removed webhooks/{_webhook_id(args.webhook)}")
    return 0


def cmd_webhook_state(args, reg: Registry, out: Output) -> int:
    w = reg.update_webhook(args.webhook, enabled=args.enable)
    out.emit(to_dict(w), f"{w.name} is {_enum(w.state, au.WebhookState, 'WEBHOOK_STATE_')}")
    return 0


def cmd_webhook_test(args, reg: Registry, out: Output) -> int:
    d = reg.test_webhook(args.webhook)
    a = d.attempts[-1]
    ok = d.status == au.DELIVERY_STATUS_SUCCEEDED
    out.emit(to_dict(d), f"ping {d.message_id}: " + (f"{a.status_code} in {a.latency.ToMilliseconds()} ms" if ok
                                                       else f"failed: {a.error}"))
    return EXIT["ok"] if ok else EXIT["other"]


def cmd_webhook_deliveries(args, reg: Registry, out: Output) -> int:
    deliveries = list(reg.webhook_deliveries(args.webhook, status=args.status, limit=args.limit))

    def text():
        if not deliveries:
            out.console.print("no deliveries", markup=False)
        for d in deliveries:
            number = d.name.rsplit("/", 1)[1]
            event = f"#{d.event.sequence}" if d.HasField("event") else "ping"
            status = _enum(d.status, au.DeliveryStatus, "DELIVERY_STATUS_")
            line = f"{number:>5}  {event:>7}  {d.payload_type:<16} {status:<9} {d.message_id}"
            if d.status == au.DELIVERY_STATUS_PENDING and d.HasField("next_attempt_time"):
                line += f"  next attempt {_ts(d.next_attempt_time)}"
            out.console.print(line, markup=False)
            for a in d.attempts:
                out.console.print("         " + _attempt_text(a), markup=False)
    out.emit({"deliveries": [to_dict(d) for d in deliveries]}, text)
    return 0


def cmd_webhook_retry(args, reg: Registry, out: Output) -> int:
    d = reg.retry_delivery(f"webhooks/{_webhook_id(args.webhook)}/deliveries/{args.delivery}")
    out.emit(to_dict(d), f"queued {d.name} again ({d.message_id})")
    return 0


def cmd_fsck(args, reg: Registry, out: Output) -> int:
    report = reg.check_store(repair=args.repair)
    ok = not (report.corrupt_chunks or report.missing_chunks or report.damaged_versions)

    def text():
        out.console.print(f"checked {report.chunks_checked} chunks ({_size(report.bytes_checked)}) and "
                          f"{report.versions_checked} versions: {'ok' if ok else 'PROBLEMS'}", markup=False)
        quarantined = set(report.quarantined_chunks)
        for label, items in (("corrupt chunk", report.corrupt_chunks), ("missing chunk", report.missing_chunks),
                             ("damaged version", report.damaged_versions)):
            for item in items:
                note = " (quarantined)" if item in quarantined else ""
                out.console.print(f"  {label}: {item}{note}", markup=False)
        if quarantined:
            out.console.print(f"quarantined {len(quarantined)} corrupt chunks (the server keeps them in "
                              "blobs/quarantine/); they now count as missing.", markup=False)
        if report.damaged_versions and (quarantined or report.missing_chunks):
            out.console.print("to heal, push the content of these versions again (only the lost chunks are "
                              "uploaded): " + ", ".join(_reference(v) for v in report.damaged_versions), markup=False)
        elif report.corrupt_chunks and not args.repair:
            out.console.print("run `modelreg fsck --repair` to quarantine the corrupt chunks", markup=False)
    out.emit({**to_dict(report), "ok": ok}, text)
    return EXIT["ok"] if ok else EXIT["integrity"]


def _reference(version_name: str) -> str:
    """models/m/versions/3 -> m:v3"""
    model, _, number = version_name.removeprefix("models/").partition("/versions/")
    return f"{model}:v{number}"


def cmd_gc(args, reg: Registry, out: Output) -> int:
    report = reg.collect_garbage(grace_period=args.grace, dry_run=args.dry_run)
    verb = "would remove" if args.dry_run else "removed"
    out.emit({**to_dict(report), "dry_run": args.dry_run},
             f"{verb} {report.chunks_removed} chunks, {_size(report.bytes_freed)} freed; kept "
             f"{report.chunks_referenced} referenced and {report.chunks_in_grace} in the grace period")
    return 0


def cmd_compact(args, reg: Registry, out: Output) -> int:
    report = reg.compact_events(older_than=args.older_than, through_sequence=args.through or 0)
    out.emit(to_dict(report), f"removed {report.events_removed} events; the log now starts after "
             f"#{report.compacted_through} (watches resuming before it must resync)")
    return 0


SERVE_EPILOG = """\
Replicas: run several servers on one PostgreSQL database and one S3 bucket (--db, --blobs), each
with its own --data, and point clients at all of them (docs/deploy.md).

One server per data directory: while it runs, the server holds DATA/server.lock (which names its
pid) and listens on the operator socket DATA/server.sock (mode 0600), through which
`modelreg bootstrap --data DATA` creates the first admin.

exit status when the server cannot start (after one line on stderr saying why):
  1  contradictory or invalid flags
  2  usage error
  3  the data directory cannot be created, written or opened (read-only filesystem, permissions,
     no space, not a modelreg data directory), the --db database cannot be opened (bad URL,
     unreachable, refused credentials, a schema newer than this modelreg; with --no-migrate,
     migrations pending: `modelreg db status`) or the --blobs chunk
     store cannot be opened (bad URL, unreachable, missing bucket, refused credentials, unknown
     layout)
  4  another modelreg process holds the data directory (the line names its pid)
  5  cannot listen on --listen (address in use, unknown host)
  6  the TLS files cannot be read or do not fit together

Logs go to stderr: one access line per gRPC call and dashboard request (method, code, duration,
bytes in/out, principal, peer, user agent) at INFO, among the server's own lines. For a log
shipper: --log-format json (one object per line). Tracing, with `pip install 'modelreg[otel]'`:
--otel-endpoint http://collector:4318 or $OTEL_EXPORTER_OTLP_ENDPOINT (docs/operations.md).
"""


MIGRATE_DESCRIPTION = """\
Copy a whole registry from one database and chunk store into another: typically from the embedded
SQLite + files of one machine into PostgreSQL + S3, to run replicas (docs/storage.md, "Moving up").
Every table is copied with its ids and sequence numbers (models, versions, aliases, lineage, events,
principals and hashed tokens, role bindings, protected aliases, audit of refused calls, webhooks with
their cursors and deliveries), so tokens, watch cursors and webhook-ids keep working; every chunk is
read, verified against its digest and put into the target unless it is there already.

Stop the server first. The metadata is written in one transaction of the target, after the chunks:
a migration that fails or is killed leaves the target database empty, and running it again skips
the chunks it copied. Both databases are migrated to the latest schema first."""

MIGRATE_EPILOG = """\
examples:
  modelreg migrate --from-data ./modelreg-data \\
      --to-db postgresql://modelreg@db.internal:5432/modelreg \\
      --to-blobs 's3://models/prod?endpoint=https://s3.internal&region=us-east-1'
  modelreg migrate --from-db sqlite:////srv/a/registry.db --from-blobs /srv/a/blobs \\
      --to-db sqlite:////srv/b/registry.db --to-blobs /srv/b/blobs --json

Then start the servers on the target (`modelreg serve --db URL --blobs URL`) and check it with
`modelreg fsck`. S3 credentials come from the usual AWS environment variables or files.

exit status (after one line on stderr saying why; with --json, an "error" object on stdout instead):
  0  copied
  1  refused, nothing written: the target database already holds a registry, source and target are
     the same database, the source does not exist
  2  usage error
  3  a database or chunk store cannot be opened (bad URL, unreachable, refused credentials, missing
     bucket, a schema newer than this modelreg) or failed while copying: run it again
  4  a server holds the --from-data directory (the line names its pid): stop it first
  5  copied, but chunks that versions reference were missing or corrupt in the source (the target's
     `modelreg fsck` names the damaged versions, as the source's would)
"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="modelreg", description="modelreg: a model registry with chunked, deduplicated transfers and "
        "resumable event subscriptions.", epilog=EPILOG + "\n" + EXIT_STATUS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"modelreg {__version__}",
                   help="print the version (of the CLI and the Python SDK) and exit")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    client = argparse.ArgumentParser(add_help=False)
    # Defaults for --server, --token and TLS come from the environment through the SDK's one
    # settings function (connect.resolve_settings, docs/clients.md), which Registry() applies.
    client.add_argument("--server", default=None,
                        help=f"server address HOST:PORT (default: $MODELREG_SERVER or {DEFAULT_ADDRESS}); for replicas, "
                        "several as one target: HOST:PORT,HOST:PORT,... or ipv4:IP:PORT,IP:PORT,... or "
                        "dns:///HOST:PORT (every address the name resolves to); calls are spread over them "
                        "(gRPC round_robin) and a replica that dies mid-call is retried on another")
    client.add_argument("--json", action="store_true", help="print JSON for scripts instead of text")
    client.add_argument("--tls-ca", default=None, metavar="PEM",
                        help="use TLS, trusting this CA (default: $MODELREG_TLS_CA)")
    client.add_argument("--tls", action="store_true", default=None,
                        help="use TLS with the system's trusted CAs (default: $MODELREG_TLS=1)")
    client.add_argument("--tls-cert", metavar="PEM",
                        help="client certificate, for servers that require mTLS (default: $MODELREG_TLS_CERT)")
    client.add_argument("--tls-key", metavar="PEM",
                        help="the client certificate's private key (default: $MODELREG_TLS_KEY)")
    client.add_argument("--token", default=None,
                        help="API token, sent as a bearer token (default: $MODELREG_TOKEN); refused without TLS "
                        "to a server off loopback unless --allow-plaintext-token")
    client.add_argument("--allow-plaintext-token", action="store_true",
                        help="send the token without TLS to a server that is not on loopback (a trusted network "
                        "only: anyone on the path can read it); deliberately no environment variable")

    def command(name, fn, help, **kw):
        c = sub.add_parser(name, parents=[client], help=help, **{"description": help, **kw})
        c.set_defaults(fn=fn)
        return c

    s = sub.add_parser("serve", help="run the registry server", description="Run the registry server: SQLite "
                       "metadata and a chunk store in --data, nothing else\nneeded. Stops cleanly on SIGTERM/Ctrl-C.",
                       epilog=SERVE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("--data", default="./modelreg-data", help="data directory (default: %(default)s)")
    s.add_argument("--listen", default=DEFAULT_ADDRESS, help="HOST:PORT to listen on (default: %(default)s)")
    s.add_argument("--http", default="auto", metavar="HOST:PORT|off",
                   help="serve the web dashboard here, from this process and with the same access rules "
                   "(default: 127.0.0.1:50052 when that port is free; the URL is printed at start; off: none)")
    s.add_argument("--tls-cert", help="serve TLS with this certificate (PEM)")
    s.add_argument("--tls-key", help="the certificate's private key (PEM)")
    s.add_argument("--tls-client-ca", help="require client certificates signed by this CA (mTLS)")
    s.add_argument("--auth", action="store_true", help="require API tokens even on a loopback address "
                   "(always required elsewhere)")
    s.add_argument("--insecure-no-auth", action="store_true", help="serve a non-loopback address without "
                   "authentication: anyone who can connect may do anything")
    s.add_argument("--webhook-allow", action="append", default=[], metavar="HOST_OR_CIDR",
                   help="let webhooks target this host name, *.domain, IP address or network (repeatable). "
                   "Without entries any public host may be a target; with entries only the listed hosts "
                   "(add '*' to keep every public host). Loopback, private, link-local, unique-local, "
                   "multicast, reserved and cloud-metadata addresses are refused unless a network entry "
                   "contains them, also when a name resolves to one at delivery time; a name entry allows "
                   "the name, not the addresses it resolves to (see docs/automations.md)")
    s.add_argument("--monitor-interval", type=float, default=10.0, metavar="SECONDS",
                   help="evaluate every monitor this often (one replica at a time; default: %(default)s)")
    s.add_argument("--compact-interval", type=float, default=5.0, metavar="SECONDS",
                   help="look this often for chunks that arrived raw and compress them at rest, and for files "
                   "whose whole-file sha256 is not known yet (format 2 versions) and hash them, in the background "
                   "at low CPU priority (0: never in the background; MaintenanceService.CompactChunks still can) "
                   "(default: %(default)s)")
    s.add_argument("--webhook-attempts", type=int, default=12, metavar="N",
                   help="attempts per webhook delivery before it fails (default: %(default)s)")
    s.add_argument("--webhook-backoff", type=float, default=1.0, metavar="SECONDS",
                   help="base of the exponential backoff between attempts, with full jitter (default: %(default)s)")
    s.add_argument("--webhook-backoff-max", type=float, default=3600.0, metavar="SECONDS",
                   help="longest wait between two attempts (default: %(default)s)")
    s.add_argument("--webhook-timeout", type=float, default=10.0, metavar="SECONDS",
                   help="how long one webhook request may take (default: %(default)s)")
    s.add_argument("--webhook-lease", type=float, default=15.0, metavar="SECONDS",
                   help="how long a server owns a webhook's deliveries without renewing the lease (renewed every "
                   "third of it). Replicas sharing one database deliver each webhook from one server at a time; "
                   "when a server dies, another takes its webhooks over once their leases run out; a server "
                   "that stops cleanly hands them over at once. The replicas' clocks must agree to well within a "
                   "fifth of it (see docs/automations.md) (default: %(default)s)")
    s.add_argument("--metrics-retention", default="raw=48h,1m=30d,1h=400d", metavar="RES=DURATION,...",
                   help="how long production metrics are kept: raw points, 1-minute and 1-hour buckets (units s, m, "
                   "h, d; any subset, e.g. raw=6h) (default: %(default)s)")
    s.add_argument("--metrics-max-names", type=int, default=100, metavar="N",
                   help="distinct metric names one model may report; past it, TOO_MANY_METRICS (default: %(default)s)")
    s.add_argument("--metrics-max-series", type=int, default=1000, metavar="N",
                   help="distinct label sets per metric of one version; past it, TOO_MANY_SERIES "
                   "(default: %(default)s)")
    s.add_argument("--metrics-rate", type=float, default=200_000, metavar="POINTS_PER_SECOND",
                   help="points each principal may report per second (burst: one second's worth); past it, "
                   "RATE_LIMITED with a RetryInfo (default: %(default)s)")
    s.add_argument("--db-busy-timeout", type=float, default=30.0, metavar="SECONDS",
                   help="how long a write waits for the database while another process holds its lock, before "
                   "it is refused with UNAVAILABLE DATABASE_BUSY (which clients retry) (default: %(default)s)")
    s.add_argument("--db", default=os.environ.get("MODELREG_DB") or None, metavar="URL",
                   help="where metadata is stored: sqlite:///PATH (sqlite:////abs/path.db for an absolute path) or "
                   "postgresql://USER[:PASSWORD]@HOST:PORT/DB (libpq's URL; PGPASSWORD and ~/.pgpass work too). "
                   "Replicas share one PostgreSQL database; the schema is migrated at start-up, once "
                   "(default: $MODELREG_DB, else DATA/registry.db; see docs/storage.md)")
    s.add_argument("--blobs", default=os.environ.get("MODELREG_BLOBS") or None, metavar="URL",
                   help="where chunks are stored: file:///PATH, or s3://BUCKET/PREFIX?endpoint=http://HOST:PORT&region=R "
                   "with credentials from the usual AWS environment variables or files (default: $MODELREG_BLOBS, "
                   "else DATA/blobs; see docs/storage.md)")
    s.add_argument("--log-level", default="info", choices=("debug", "info", "warning", "error"),
                   help="least severe log lines written to stderr; warning drops the access log (default: %(default)s)")
    s.add_argument("--log-format", default="text", choices=("text", "json"),
                   help="text: one line per record for people; json: one JSON object per line (time, level, "
                   "logger, message, and an access line's fields as keys) for log shippers (default: %(default)s)")
    s.add_argument("--access-log", default="on", choices=("on", "off"),
                   help="one INFO line per gRPC call and dashboard request (default: %(default)s)")
    s.add_argument("--otel-endpoint", metavar="URL", default=None,
                   help="export an OpenTelemetry span per gRPC call to this OTLP collector, e.g. "
                   "http://collector:4318 (needs pip install 'modelreg[otel]'; default: "
                   "$OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or $OTEL_EXPORTER_OTLP_ENDPOINT, else no tracing)")
    s.set_defaults(fn=None)

    m = sub.add_parser("migrate", help="copy a registry into other storage, e.g. SQLite + files into "
                       "PostgreSQL + S3", description=MIGRATE_DESCRIPTION, epilog=MIGRATE_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    m.add_argument("--from-data", metavar="DATA", help="the source is the data directory DATA (DATA/registry.db "
                   "and DATA/blobs); held for the whole run, so no server can start on it meanwhile")
    m.add_argument("--from-db", metavar="URL", help="the source database (sqlite:///PATH or postgresql://...), "
                   "instead of DATA/registry.db")
    m.add_argument("--from-blobs", metavar="URL", help="the source chunk store (file:///PATH, a path or "
                   "s3://...), instead of DATA/blobs")
    m.add_argument("--to-db", required=True, metavar="URL", help="the target database; must hold no registry "
                   "(an empty PostgreSQL database, or a SQLite file that does not exist yet)")
    m.add_argument("--to-blobs", required=True, metavar="URL", help="the target chunk store (s3://BUCKET/PREFIX?"
                   "endpoint=...&region=..., file:///PATH); chunks already there are skipped")
    m.add_argument("--parallel", type=int, default=8, metavar="N",
                   help="chunks copied at once (default: %(default)s; each holds one chunk of at most 16 MiB)")
    m.add_argument("--json", action="store_true", help="print a JSON summary for scripts instead of text")
    m.set_defaults(fn=None)

    c = command("push", cmd_push, "upload a file or directory as a new version")
    c.add_argument("model", help="model name; created on first push")
    c.add_argument("path", help="file or directory to upload")
    c.add_argument("--alias", "-a", action="append", default=[], help="alias to point at the new version (repeatable)")
    c.add_argument("--metric", action="append", default=[], metavar="KEY=NUMBER", help="a metric (repeatable)")
    c.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="a training parameter (repeatable)")
    c.add_argument("--tag", action="append", default=[], metavar="KEY=VALUE", help="a tag (repeatable)")
    c.add_argument("--description", "-m", default="", help="description / model card text")
    c.add_argument("--input", "-i", action="append", default=[], metavar="REF_OR_URI",
                   help="lineage input: a version reference (derived_from) or an artifact URI (trained_on)")
    c.add_argument("--run", metavar="URL", default=os.environ.get("MODELREG_RUN") or None,
                   help="the training run that made it, e.g. its MLflow or W&B run page (default: $MODELREG_RUN); "
                   "`show`, lineage and the dashboard link the version back to it")
    c.add_argument("--run-name", metavar="NAME", default=os.environ.get("MODELREG_RUN_NAME") or "",
                   help="the run's name as its tracker shows it, e.g. bright-owl-42 (at most 200 characters; "
                   "default: $MODELREG_RUN_NAME)")
    c.add_argument("--compress", choices=("auto", "always", "never"),
                   default=os.environ.get("MODELREG_COMPRESS") or "auto",
                   help="compress chunks in transit. auto (the default, or $MODELREG_COMPRESS): measure during the "
                   "push how fast this machine encodes and how fast the link delivers, and compress only while "
                   "that is faster (a link slower than the encoder: compress; a fast local link: send raw); "
                   "always: encode every chunk (fewest bytes sent); never: send raw. The server compresses raw "
                   "chunks at rest in the background either way, so the store ends up as small")

    c = command("pull", cmd_pull, "download a version into a directory, verified and atomic; a killed pull "
                "resumes", epilog="Files are written into DEST_PARENT/.DESTNAME.modelreg-<digest>.incomplete/ and "
                "renamed to DEST once every byte is verified. If the pull is killed or fails, that staging "
                "directory stays: running the same pull again (same version, same DEST) checks what it holds "
                "and downloads only the rest (--json: resumed_from). A pull removes stagings left for another "
                "version of the same DEST, and any left in DEST's parent directory for more than a day.")
    c.add_argument("reference", help="version reference, e.g. sentiment:production")
    c.add_argument("dest", help="destination directory (must not exist unless --force)")
    c.add_argument("--force", action="store_true", help="replace dest if it exists")

    from . import cli_search
    c = command("models", cmd_models, "list models", epilog=cli_search.MODELS_EPILOG,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("--prefix", default="", help="only models whose name starts with this")
    c.add_argument("--tag", action="append", default=[], metavar="KEY=VALUE", help="only models with this tag")
    c.add_argument("--filter", default="", metavar="FILTER", help="only models matching this AIP-160 filter, "
                   "e.g. 'tags.team = \"nlp\"' (see below)")
    c.add_argument("--order-by", default="", metavar="ORDER", help="e.g. 'update_time desc' (default: by name)")

    c = command("versions", cmd_versions, "list a model's versions, newest first", epilog=cli_search.VERSIONS_EPILOG,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("model")
    c.add_argument("--state", choices=["ready", "archived"], help="only versions in this state")
    c.add_argument("--tag", action="append", default=[], metavar="KEY=VALUE", help="only versions with this tag")
    c.add_argument("--filter", default="", metavar="FILTER", help="only versions matching this AIP-160 filter, "
                   "e.g. 'metrics.f1 > 0.9' (see below)")
    c.add_argument("--order-by", default="", metavar="ORDER", help="e.g. 'metrics.f1 desc' (default: newest first); "
                   "the metrics it names become columns")
    cli_search.add_search_command(command)

    c = command("show", cmd_show, "show a model (MODEL) or a version (REFERENCE)")
    c.add_argument("reference", help="model name or version reference")
    c.add_argument("--files", action="store_true", help="list the version's files")

    alias = sub.add_parser("alias", help="set, remove and list aliases", description="Aliases name versions: "
                           "staging, production ... `latest` is kept up to date by the server.")
    asub = alias.add_subparsers(dest="alias_command", required=True, metavar="ACTION")
    c = asub.add_parser("set", parents=[client], help="point an alias at a version",
                        description="Point ALIAS of MODEL at a version, atomically (one ALIAS_SET event).",
                        epilog=ALIAS_SET_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("model")
    c.add_argument("alias")
    c.add_argument("version", metavar="VERSION", help="a version number (3) or a reference to one of MODEL's "
                   "versions: MODEL:staging, MODEL:v3, MODEL@sha256:3f2a9c (a digest as `versions` prints it), "
                   "or just staging, v3, sha256:3f2a9c")
    c.add_argument("--expect", type=int, metavar="N",
                   help="only if the alias points at version N now (0: only if unset); else fail with a conflict")
    c.set_defaults(fn=cmd_alias_set)
    c = asub.add_parser("rm", parents=[client], help="remove an alias")
    c.add_argument("model")
    c.add_argument("alias")
    c.add_argument("--expect", type=int, metavar="N", help="only if the alias points at version N now")
    c.set_defaults(fn=cmd_alias_rm)
    c = asub.add_parser("ls", parents=[client], help="list a model's aliases")
    c.add_argument("model")
    c.set_defaults(fn=cmd_alias_ls)

    c = command("set", cmd_set, "edit a version after push: metrics, tags, description",
                description=SET_DESCRIPTION, epilog=SET_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("reference", metavar="REF", help="version reference: MODEL:3, MODEL:production, MODEL@sha256:3f2a9c")
    c.add_argument("--metric", action="append", default=[], metavar="KEY=NUMBER",
                   help="set a metric to a finite number (repeatable)")
    c.add_argument("--tag", action="append", default=[], metavar="KEY=VALUE", help="set a tag (repeatable)")
    c.add_argument("--unset-metric", action="append", default=[], metavar="KEY", help="remove a metric (repeatable)")
    c.add_argument("--unset-tag", action="append", default=[], metavar="KEY", help="remove a tag (repeatable)")
    text = c.add_mutually_exclusive_group()
    text.add_argument("--description", "-m", metavar="TEXT", help="replace the description / model card")
    text.add_argument("--description-file", metavar="FILE",
                      help="replace the description with the contents of FILE (UTF-8; - reads stdin)")

    c = command("archive", cmd_archive, "archive a version: it leaves latest and loses its aliases")
    c.add_argument("reference")
    c = command("restore", cmd_restore, "restore an archived version")
    c.add_argument("reference")

    c = command("lineage", cmd_lineage, "show what a version was built from, or what was built from it")
    c.add_argument("reference", help="version reference (or an artifact URI with --artifact)")
    c.add_argument("--direction", choices=["upstream", "downstream", "both"], default="upstream")
    c.add_argument("--depth", type=int, default=1, help="hops to walk (default: %(default)s, at most 50)")
    c.add_argument("--artifact", action="store_true", help="REFERENCE is an external artifact URI")

    c = command("watch", cmd_watch, "stream registry events as they happen; resumes after disconnects",
                epilog=EVENT_FILTER_EPILOG.format(command="modelreg watch"),
                formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("--model", action="append", default=[], help="only this model (repeatable)")
    c.add_argument("--type", action="append", default=[], help="only this event type, e.g. ALIAS_SET (repeatable)")
    c.add_argument("--alias", action="append", default=[], help="only events of this alias (repeatable)")
    c.add_argument("--filter", default="", metavar="EXPR", help="only events matching this filter, ANDed with "
                   "--model/--type/--alias (see below)")
    c.add_argument("--after", type=int, metavar="SEQ", help="replay events after sequence SEQ first")
    c.add_argument("--exec", metavar="CMD", help="run the shell command CMD for each event, with the event as "
                   "JSON on stdin and in MODELREG_EVENT_JSON, and MODELREG_EVENT_SEQUENCE, MODELREG_EVENT_TYPE, "
                   "MODELREG_MODEL, MODELREG_VERSION, MODELREG_ALIAS, MODELREG_PREVIOUS_VERSION, "
                   "MODELREG_DIGEST, MODELREG_ACTOR set; one at a time, in order")
    c.add_argument("--cursor-file", metavar="PATH", help="resume after the sequence stored in PATH, and store "
                   "each event's sequence there once it is handled (its command finished), atomically; "
                   "without the file, start from now (or --after)")
    c.add_argument("--on-error", choices=["stop", "continue"], default="stop",
                   help="when CMD fails: stop with its exit status, leaving the cursor before that event so a "
                   "rerun retries it (default), or report it and carry on")
    c = command("follow", cmd_follow, "deploy agent: keep DIR/current on the version an alias names")
    c.add_argument("reference", metavar="MODEL:ALIAS")
    c.add_argument("dir", help="pulls go to DIR/versions/<n>; DIR/current is a symlink to the one deployed")
    c.add_argument("--exec", metavar="CMD", help="run CMD after each switch, with MODELREG_MODEL, MODELREG_ALIAS, "
                   "MODELREG_VERSION, MODELREG_DIGEST and MODELREG_PATH set")
    c.add_argument("--keep", type=int, default=3, help="versions to keep in DIR (default: %(default)s); each is a "
                   "tree of hard links into the shared cache (`modelreg snapshot --help`), so N versions cost the "
                   "space of their distinct content, and a new version downloads only the chunks it changed")
    c.add_argument("--no-cache", action="store_true", help="pull each version whole into DIR/versions/<n> instead "
                   "of linking it from the shared cache")
    c.add_argument("--deployment", metavar="NAME", help="the `deployment` label of the metrics it reports "
                   "(default: this machine's hostname)")
    c.add_argument("--no-report", action="store_true", help="do not report swaps as metrics of the version in "
                   "service (follow.version_in_service, follow.swap_seconds, follow.exec_exit_code; reported by "
                   "default, in the background: a server without metrics or a refused point never disturbs "
                   "following; see `modelreg metrics MODEL:ALIAS`)")

    hooks = sub.add_parser(
        "webhook", help="add, list, test and remove webhooks; see their deliveries",
        description="Webhooks: the server POSTs every matching event to a URL, at least once and in order, "
        "signed per the Standard Webhooks spec (webhook-id, webhook-timestamp, webhook-signature), retrying "
        "with backoff; every attempt is kept. See docs/automations.md.")
    hsub = hooks.add_subparsers(dest="webhook_command", required=True, metavar="ACTION")

    def hook_command(name, fn, help):
        c = hsub.add_parser(name, parents=[client], help=help, description=help)
        c.set_defaults(fn=fn)
        return c

    c = hook_command("add", cmd_webhook_add, "subscribe a URL to events (prints its secret, once)")
    c.epilog = EVENT_FILTER_EPILOG.format(command="modelreg webhook add URL")
    c.formatter_class = argparse.RawDescriptionHelpFormatter
    c.add_argument("url", help="http(s) URL to POST events to")
    c.add_argument("--id", help="webhook id (default: generated)")
    c.add_argument("--model", action="append", default=[], metavar="PATTERN",
                   help="only events of this model; a glob like 'sentiment-*' works (repeatable)")
    c.add_argument("--type", action="append", default=[], help="only this event type, e.g. ALIAS_SET (repeatable)")
    c.add_argument("--alias", action="append", default=[], metavar="PATTERN",
                   help="only alias events of this alias or glob, e.g. production (repeatable)")
    c.add_argument("--format", choices=["json", "slack", "teams"], default="json",
                   help="json: Standard Webhooks JSON; slack: Slack incoming webhook; teams: Teams MessageCard "
                   "(default: %(default)s)")
    c.add_argument("--secret", help="signing secret, whsec_ + base64 of 24-64 bytes (default: generated)")
    c.add_argument("--on-failure", choices=["skip", "pause"], default="skip",
                   help="after the last failed attempt: mark the delivery failed and carry on, or pause the webhook "
                   "until it is enabled again (default: %(default)s)")
    c.add_argument("--disabled", action="store_true", help="create it disabled")
    c.add_argument("--description", default="", help="what the webhook is for")
    c.add_argument("--filter", default="", metavar="EXPR", help="only events matching this filter, ANDed with "
                   "--model/--type/--alias (see below)")
    c = hook_command("ls", cmd_webhook_ls, "list webhooks with their cursor and pending and failed deliveries")
    c = hook_command("rm", cmd_webhook_rm, "remove a webhook and its delivery history")
    c.add_argument("webhook", help="webhook id")
    c = hook_command("enable", cmd_webhook_state, "enable a webhook (a paused one retries its held delivery)")
    c.add_argument("webhook", help="webhook id")
    c.set_defaults(enable=True)
    c = hook_command("disable", cmd_webhook_state, "disable a webhook: events meanwhile are not delivered")
    c.add_argument("webhook", help="webhook id")
    c.set_defaults(enable=False)
    c = hook_command("test", cmd_webhook_test, "send a signed ping now and show the answer (exit 1 if it failed)")
    c.add_argument("webhook", help="webhook id")
    c = hook_command("deliveries", cmd_webhook_deliveries,
                     "show a webhook's deliveries, newest first, with every attempt (time, status, latency, error)")
    c.add_argument("webhook", help="webhook id")
    c.add_argument("--status", choices=["pending", "succeeded", "failed"], help="only deliveries in this status")
    c.add_argument("--limit", type=int, default=20, help="at most this many (default: %(default)s)")
    c = hook_command("retry", cmd_webhook_retry, "queue a failed delivery again (same webhook-id)")
    c.add_argument("webhook", help="webhook id")
    c.add_argument("delivery", type=int, help="delivery number, as `deliveries` shows it")

    c = command("fsck", cmd_fsck, "verify every stored chunk and that every version can be reassembled "
                "(exit 0 when clean, 3 on problems)")
    c.add_argument("--repair", action="store_true",
                   help="also quarantine every corrupt chunk (moved to blobs/quarantine/ on the server), so it "
                   "counts as missing: then push the damaged versions' content again to heal them. Exits 3 "
                   "while versions are damaged, i.e. until they are pushed again")
    c = command("gc", cmd_gc, "remove chunks no version references and unused for the grace period")
    c.add_argument("--grace", type=float, default=3600.0, metavar="SECONDS",
                   help="also spare chunks stored or asked about this recently; chunks leased by pushes in "
                        "flight are always spared (default: %(default)s)")
    c.add_argument("--dry-run", action="store_true", help="report without removing")
    c = command("compact", cmd_compact, "remove old events from the log (watchers behind it must resync)")
    which = c.add_mutually_exclusive_group(required=True)
    which.add_argument("--older-than", type=float, metavar="SECONDS", help="remove events older than this")
    which.add_argument("--through", type=int, metavar="SEQ", help="remove events up to and including SEQ")

    from . import cli_cache
    cli_cache.add_commands(sub, command)
    from .cli_governance import add_commands
    add_commands(sub, client, command)
    from . import cli_metrics
    cli_metrics.add_commands(command)
    from . import cli_monitors
    cli_monitors.add_commands(sub, client)
    from . import cli_ops
    cli_ops.add_commands(sub)
    from . import cli_completion
    cli_completion.add_command(sub)
    return p


# The SDK's connection problems (connect.py), with the fix worded as this command's flags.
CONNECTION_FIXES = {
    "SERVER_UNREACHABLE": "is `modelreg serve` running? (--server / $MODELREG_SERVER)",
    "TLS_REQUIRED": "add --tls-ca PEM (or --tls)",
    "SERVER_NOT_TLS": "drop --tls, --tls-ca and --tls-cert (and $MODELREG_TLS_CA)",
    "CLIENT_CERTIFICATE_REQUIRED": "add --tls-cert and --tls-key",
    "CLIENT_CERTIFICATE_REFUSED": "give --tls-cert and --tls-key of a certificate signed by the CA the server "
                                  "trusts (its --tls-client-ca)",
    "CERTIFICATE_NOT_TRUSTED": "pass --tls-ca with the CA that signed the server's certificate",
    "CERTIFICATE_NAME_MISMATCH": "use a --server name the certificate lists",
    "PLAINTEXT_TOKEN": "use TLS (--tls-ca PEM or $MODELREG_TLS_CA, or --tls), or, on a trusted network, "
                       "pass --allow-plaintext-token",
}
STDOUT_CLOSED = 141  # 128 + SIGPIPE: what a shell reports for a tool stopped by a closed pipe


def main(argv: list[str] | None = None) -> int:
    """Runs one command; its exit status."""
    try:
        return _main(argv)
    except BrokenPipeError:
        # stdout was closed early (`modelreg lineage ... --json | head`): stop quietly, as tools
        # stopped by SIGPIPE do. stdout now points at /dev/null so the flush at exit cannot fail too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return STDOUT_CLOSED


def _main(argv: list[str] | None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if args.command == "completion":
        from .cli_completion import cmd_completion
        return cmd_completion(args, p)
    if getattr(args, "local", None):  # commands on a data directory, without a server (cli_ops)
        return args.local(args)
    if args.command == "serve":
        return cmd_serve(args)
    if args.command == "migrate":
        return cmd_migrate(args)
    if args.command == "bootstrap":
        from .cli_governance import cmd_bootstrap
        return cmd_bootstrap(args)
    out = Output(args.json)
    try:
        with Registry(args.server, tls=args.tls, tls_ca=args.tls_ca, tls_cert=args.tls_cert, tls_key=args.tls_key,
                      token=args.token, allow_plaintext_token=args.allow_plaintext_token) as reg:
            return args.fn(args, reg, out)
    except ModelregError as e:
        code = e.code.name if e.code is not None else "DATA_LOSS" if isinstance(e, IntegrityError) else "UNKNOWN"
        message = e.message
        if e.reason in CONNECTION_FIXES and "problem" in e.metadata:
            message = f"{e.metadata['problem']}: {CONNECTION_FIXES[e.reason]}"
        return _fail(args, code, e.reason or ("INTEGRITY_ERROR" if isinstance(e, IntegrityError) else code), message,
                     e.metadata)
    except LocalError as e:
        return _fail(args, "LOCAL", e.reason, e.message)
    except BrokenPipeError:
        raise
    except OSError as e:
        return _fail(args, "LOCAL", "OS_ERROR", str(e))
    except KeyboardInterrupt:
        return 130


def _fail(args, code: str, reason: str, message: str, metadata: dict | None = None) -> int:
    """Reports an error: one JSON object on stdout with --json, else a line on stderr; returns the
    exit status of its class (EXIT). code: the gRPC code name, or LOCAL; reason: the server's
    ErrorInfo reason, the code name itself when gRPC answered without one."""
    status = exit_status(code, reason)
    if getattr(args, "json", False):
        print(json.dumps({"error": {"code": code, "reason": reason, "message": message, "metadata": metadata or {},
                                    "exit_code": status}}), flush=True)
    else:
        print(f"modelreg: {message}" + (f" [{code} {reason}]" if reason and reason != code else f" [{code}]"),
              file=sys.stderr)
        if reason in ("INVALID_FILTER", "INVALID_ORDER_BY"):
            from .cli_search import filter_pointer
            text = getattr(args, "filter" if reason == "INVALID_FILTER" else "order_by", None)
            if pointer := filter_pointer(text, metadata):
                print(pointer, file=sys.stderr)
    return status





EVENT_FILTER_EPILOG = """\
filters (--filter EXPR, AIP-160; docs/automations.md): fields type, model, alias, version, actor,
time; = != < <= > >=, `:*` (has), AND, OR, NOT or -, parentheses; `*` in a value is a wildcard.
Quote the whole filter for the shell, and values with spaces or quotes inside it.
  {command} --filter 'type = ALIAS_SET AND alias = production'
  {command} --filter 'model = "nlp-*" AND (type = VERSION_CREATED OR type = VERSION_ARCHIVED)'
  {command} --filter 'type = ALIAS_SET AND version >= 10 AND NOT actor = ci'
  {command} --filter 'time >= 2026-12-01T00:00:00Z AND -alias:*'
type takes the names --type takes (ALIAS_SET, alias_set or EVENT_TYPE_ALIAS_SET). An event without
a model, version, alias or actor fails every comparison on it (`alias != production` too; write
`NOT alias = production` to keep those). --model, --type and --alias are shorthands for the same
filter: --model a --model b is (model = a OR model = b).
"""
