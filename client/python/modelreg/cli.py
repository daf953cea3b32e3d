"""The `modelreg` command: serve the registry, push and pull models, move aliases, follow events.

Every client command takes --json (one JSON document; one object per line for `watch`) and finds
the server in --server or $MODELREG_SERVER (default 127.0.0.1:50051)."""

import argparse
import json
import os
import sys
from datetime import timezone

from google.protobuf import timestamp_pb2
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from .errors import ModelregError
from .registry import DEFAULT_ADDRESS, Registry
from .v1 import resources_pb2 as r

EPILOG = """
references: wherever a version is wanted you can write
  MODEL:v3  MODEL:3  MODEL:ALIAS  MODEL:latest  MODEL@sha256:DIGEST  models/MODEL/versions/3

examples:
  modelreg serve --data ./modelreg-data
  modelreg push sentiment ./out --alias staging --metric f1=0.91 --input s3://data/imdb
  modelreg alias set sentiment production 3 --expect 2
  modelreg pull sentiment:production ./deployed
  modelreg watch --model sentiment --type ALIAS_SET --json
  modelreg follow sentiment:production /srv/models/sentiment --exec 'systemctl reload inference'
  modelreg gc --grace 3600
"""


def to_dict(message: Message) -> dict:
    """A message as plain JSON types: int64 stays a number, enums are names, timestamps RFC 3339."""
    if isinstance(message, timestamp_pb2.Timestamp):
        return message.ToDatetime(tzinfo=timezone.utc).isoformat().replace("+00:00", "Z")
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
            raise SystemExit(f"modelreg: {what} must look like KEY=VALUE, got {item!r}")
        try:
            result[key] = convert(value)
        except ValueError:
            raise SystemExit(f"modelreg: {what} {key}: {value!r} is not a number") from None
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
        from rich.console import Console
        self.console = Console(highlight=False, soft_wrap=True)
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
        return _ProgressBar(self.err) if self.err.is_terminal else _NoProgress()


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


class _ProgressBar:
    LABELS = {"scan": "hashing", "upload": "uploading", "download": "downloading"}

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
    from rich.table import Table
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
    run(args.data, args.listen, tls_cert=args.tls_cert, tls_key=args.tls_key, tls_client_ca=args.tls_client_ca,
        webhook_allow=args.webhook_allow, webhook_attempts=args.webhook_attempts, webhook_backoff=args.webhook_backoff,
        webhook_backoff_max=args.webhook_backoff_max, webhook_timeout=args.webhook_timeout)
    return 0


def cmd_push(args, reg: Registry, out: Output) -> int:
    if not os.path.exists(args.path):
        raise LocalError("PATH_NOT_FOUND", f"{args.path} is not a file or directory")
    with out.progress() as on_progress:
        version = reg.push(
            args.model, args.path, aliases=args.alias, description=args.description, inputs=args.input,
            metrics=_pairs(args.metric, "--metric", float), params=_pairs(args.param, "--param"),
            tags=_pairs(args.tag, "--tag"), on_progress=on_progress)
    aliases = ", ".join(version.aliases)
    out.emit(version_dict(version),
             f"pushed {version.model}:v{version.number} {version.digest} "
             f"({version.file_count} files, {_size(version.total_size)}) aliases: {aliases}")
    return 0


def cmd_pull(args, reg: Registry, out: Output) -> int:
    if os.path.lexists(args.dest) and not args.force:
        raise LocalError("DESTINATION_EXISTS", f"{args.dest} exists; pass --force to replace it")
    with out.progress() as on_progress:
        version = reg.pull(args.reference, args.dest, overwrite=args.force, on_progress=on_progress)
    out.emit({**version_dict(version), "path": os.path.abspath(args.dest)},
             f"pulled {version.model}:v{version.number} {version.digest} into {args.dest}")
    return 0


def cmd_models(args, reg: Registry, out: Output) -> int:
    models = list(reg.list_models(prefix=args.prefix, tags=_pairs(args.tag, "--tag")))
    out.emit({"models": [to_dict(m) for m in models]}, lambda: _table(out, ["MODEL", "LATEST", "VERSIONS", "ALIASES", "UPDATED"], [
        [m.name.removeprefix("models/"), m.latest_version or "-", m.version_count,
         " ".join(f"{a}={v}" for a, v in sorted(m.aliases.items()) if a != "latest") or "-", _ts(m.update_time)]
        for m in models]))
    return 0


def cmd_versions(args, reg: Registry, out: Output) -> int:
    versions = list(reg.list_versions(args.model, state=args.state, tags=_pairs(args.tag, "--tag")))
    out.emit({"versions": [version_dict(v) for v in versions]}, lambda: _table(
        out, ["VERSION", "STATE", "SIZE", "FILES", "ALIASES", "DIGEST", "CREATED"], [
            [v.number, r.VersionState.Name(v.state).removeprefix("VERSION_STATE_").lower(), _size(v.total_size),
             v.file_count, " ".join(v.aliases) or "-", v.digest[:19], _ts(v.create_time)] for v in versions]))
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
        for i in v.inputs:
            source = i.version or i.artifact.uri
            lines.append(f"  input:   {i.relation} {source}")
        if v.description:
            lines += ["", v.description]
        for f in v.files:
            lines.append(f"  {f.mode:04o} {f.size:>12} {f.sha256[:12]} {f.path}")
        out.console.print("\n".join(lines), markup=False)
    out.emit(version_dict(v), text)
    return 0


def cmd_alias_set(args, reg: Registry, out: Output) -> int:
    alias = reg.set_alias(args.model, args.alias, args.version, expect=args.expect)
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

    def text():
        for edge in graph.edges:
            out.console.print(f"{edge.upstream} --{edge.relation}--> {edge.downstream}", markup=False)
        if not graph.edges:
            out.console.print(f"{graph.nodes[0].id}: no {args.direction} lineage", markup=False)
    out.emit(to_dict(graph), text)
    return 0


def cmd_watch(args, reg: Registry, out: Output) -> int:
    watch = reg.watch(after=args.after, models=args.model, types=args.type, aliases=args.alias)
    try:
        for event in watch:
            data = to_dict(event)
            data["type"] = r.EventType.Name(event.type).removeprefix("EVENT_TYPE_")
            text = f"#{event.sequence} {_ts(event.time)} {data['type']:<16} {event.model}"
            if event.version:
                text += f" v{event.version}"
            if event.alias:
                text += f" {event.alias}" + (f" (was v{event.previous_version})" if event.previous_version else "")
            out.emit(data, text)
    except KeyboardInterrupt:
        watch.close()
    return 0


def cmd_follow(args, reg: Registry, out: Output) -> int:
    import logging
    import signal
    import subprocess
    import threading

    from .follow import Deployed

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

    reg.follow(args.reference, args.dir, keep=args.keep, on_version=on_version, stop=stop)
    return 0


def cmd_fsck(args, reg: Registry, out: Output) -> int:
    report = reg.check_store()
    ok = not (report.corrupt_chunks or report.missing_chunks or report.damaged_versions)

    def text():
        out.console.print(f"checked {report.chunks_checked} chunks ({_size(report.bytes_checked)}) and "
                          f"{report.versions_checked} versions: {'ok' if ok else 'PROBLEMS'}", markup=False)
        for label, items in (("corrupt chunk", report.corrupt_chunks), ("missing chunk", report.missing_chunks),
                             ("damaged version", report.damaged_versions)):
            for item in items:
                out.console.print(f"  {label}: {item}", markup=False)
    out.emit({**to_dict(report), "ok": ok}, text)
    return 0 if ok else 3


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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="modelreg", description="modelreg: a model registry with chunked, deduplicated transfers and "
        "resumable event subscriptions.", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    client = argparse.ArgumentParser(add_help=False)
    client.add_argument("--server", default=os.environ.get("MODELREG_SERVER") or DEFAULT_ADDRESS,
                        help="server address HOST:PORT (default: $MODELREG_SERVER or %(default)s)")
    client.add_argument("--json", action="store_true", help="print JSON for scripts instead of text")
    client.add_argument("--tls-ca", default=os.environ.get("MODELREG_TLS_CA"), metavar="PEM",
                        help="use TLS, trusting this CA (default: $MODELREG_TLS_CA)")
    client.add_argument("--tls", action="store_true", help="use TLS with the system's trusted CAs")
    client.add_argument("--tls-cert", metavar="PEM", help="client certificate, for servers that require mTLS")
    client.add_argument("--tls-key", metavar="PEM", help="the client certificate's private key")
    client.add_argument("--token", default=os.environ.get("MODELREG_TOKEN"),
                        help="API token, sent as a bearer token (default: $MODELREG_TOKEN)")

    def command(name, fn, help, **kw):
        c = sub.add_parser(name, parents=[client], help=help, description=help, **kw)
        c.set_defaults(fn=fn)
        return c

    s = sub.add_parser("serve", help="run the registry server", description="Run the registry server: SQLite "
                       "metadata and a chunk store in --data, nothing else needed. Stops cleanly on SIGTERM/Ctrl-C.")
    s.add_argument("--data", default="./modelreg-data", help="data directory (default: %(default)s)")
    s.add_argument("--listen", default=DEFAULT_ADDRESS, help="HOST:PORT to listen on (default: %(default)s)")
    s.add_argument("--tls-cert", help="serve TLS with this certificate (PEM)")
    s.add_argument("--tls-key", help="the certificate's private key (PEM)")
    s.add_argument("--tls-client-ca", help="require client certificates signed by this CA (mTLS)")
    s.add_argument("--webhook-allow", action="append", default=[], metavar="HOST_OR_CIDR",
                   help="only let webhooks target this host name, *.domain, IP address or network (repeatable; "
                   "default: any host)")
    s.add_argument("--webhook-attempts", type=int, default=12, metavar="N",
                   help="attempts per webhook delivery before it fails (default: %(default)s)")
    s.add_argument("--webhook-backoff", type=float, default=1.0, metavar="SECONDS",
                   help="base of the exponential backoff between attempts, with full jitter (default: %(default)s)")
    s.add_argument("--webhook-backoff-max", type=float, default=3600.0, metavar="SECONDS",
                   help="longest wait between two attempts (default: %(default)s)")
    s.add_argument("--webhook-timeout", type=float, default=10.0, metavar="SECONDS",
                   help="how long one webhook request may take (default: %(default)s)")
    s.set_defaults(fn=None)

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

    c = command("pull", cmd_pull, "download a version into a directory, verified and atomic")
    c.add_argument("reference", help="version reference, e.g. sentiment:production")
    c.add_argument("dest", help="destination directory (must not exist unless --force)")
    c.add_argument("--force", action="store_true", help="replace dest if it exists")

    c = command("models", cmd_models, "list models")
    c.add_argument("--prefix", default="", help="only models whose name starts with this")
    c.add_argument("--tag", action="append", default=[], metavar="KEY=VALUE", help="only models with this tag")

    c = command("versions", cmd_versions, "list a model's versions, newest first")
    c.add_argument("model")
    c.add_argument("--state", choices=["ready", "archived"], help="only versions in this state")
    c.add_argument("--tag", action="append", default=[], metavar="KEY=VALUE", help="only versions with this tag")

    c = command("show", cmd_show, "show a model (MODEL) or a version (REFERENCE)")
    c.add_argument("reference", help="model name or version reference")
    c.add_argument("--files", action="store_true", help="list the version's files")

    alias = sub.add_parser("alias", help="set, remove and list aliases", description="Aliases name versions: "
                           "staging, production ... `latest` is kept up to date by the server.")
    asub = alias.add_subparsers(dest="alias_command", required=True, metavar="ACTION")
    c = asub.add_parser("set", parents=[client], help="point an alias at a version")
    c.add_argument("model")
    c.add_argument("alias")
    c.add_argument("version", type=int)
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

    c = command("archive", cmd_archive, "archive a version: it leaves latest and loses its aliases")
    c.add_argument("reference")
    c = command("restore", cmd_restore, "restore an archived version")
    c.add_argument("reference")

    c = command("lineage", cmd_lineage, "show what a version was built from, or what was built from it")
    c.add_argument("reference", help="version reference (or an artifact URI with --artifact)")
    c.add_argument("--direction", choices=["upstream", "downstream", "both"], default="upstream")
    c.add_argument("--depth", type=int, default=1, help="hops to walk (default: %(default)s, at most 50)")
    c.add_argument("--artifact", action="store_true", help="REFERENCE is an external artifact URI")

    c = command("watch", cmd_watch, "stream registry events as they happen; resumes after disconnects")
    c.add_argument("--model", action="append", default=[], help="only this model (repeatable)")
    c.add_argument("--type", action="append", default=[], help="only this event type, e.g. ALIAS_SET (repeatable)")
    c.add_argument("--alias", action="append", default=[], help="only events of this alias (repeatable)")
    c.add_argument("--after", type=int, metavar="SEQ", help="replay events after sequence SEQ first")
    c = command("follow", cmd_follow, "deploy agent: keep DIR/current on the version an alias names")
    c.add_argument("reference", metavar="MODEL:ALIAS")
    c.add_argument("dir", help="pulls go to DIR/versions/<n>; DIR/current is a symlink to the one deployed")
    c.add_argument("--exec", metavar="CMD", help="run CMD after each switch, with MODELREG_MODEL, MODELREG_ALIAS, "
                   "MODELREG_VERSION, MODELREG_DIGEST and MODELREG_PATH set")
    c.add_argument("--keep", type=int, default=3, help="versions to keep on disk (default: %(default)s)")

    command("fsck", cmd_fsck, "verify every stored chunk and that every version can be reassembled "
            "(exit 3 on problems)")
    c = command("gc", cmd_gc, "remove chunks no version references and unused for the grace period")
    c.add_argument("--grace", type=float, default=3600.0, metavar="SECONDS",
                   help="spare chunks touched this recently, e.g. by pushes in flight (default: %(default)s)")
    c.add_argument("--dry-run", action="store_true", help="report without removing")
    c = command("compact", cmd_compact, "remove old events from the log (watchers behind it must resync)")
    which = c.add_mutually_exclusive_group(required=True)
    which.add_argument("--older-than", type=float, metavar="SECONDS", help="remove events older than this")
    which.add_argument("--through", type=int, metavar="SEQ", help="remove events up to and including SEQ")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "serve":
        return cmd_serve(args)
    out = Output(args.json)
    try:
        with Registry(args.server, tls=args.tls, tls_ca=args.tls_ca, tls_cert=args.tls_cert, tls_key=args.tls_key,
                      token=args.token) as reg:
            return args.fn(args, reg, out)
    except ModelregError as e:
        code = e.code.name if e.code is not None else "UNKNOWN"
        return _fail(args, code, e.reason, e.message, e.metadata)
    except LocalError as e:
        return _fail(args, "LOCAL", e.reason, e.message)
    except OSError as e:
        return _fail(args, "LOCAL", "OS_ERROR", str(e))
    except KeyboardInterrupt:
        return 130


def _fail(args, code: str, reason: str, message: str, metadata: dict | None = None) -> int:
    """Reports an error: one JSON object on stdout with --json, else a line on stderr."""
    if args.json:
        print(json.dumps({"error": {"code": code, "reason": reason, "message": message,
                                    "metadata": metadata or {}}}), flush=True)
    else:
        print(f"modelreg: {message}" + (f" [{code} {reason}]" if reason else f" [{code}]"), file=sys.stderr)
    return 1



