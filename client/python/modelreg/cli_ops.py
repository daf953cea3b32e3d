"""`modelreg backup|restore-backup|db status|db upgrade` and `serve --no-migrate`: operating an
embedded registry's data (docs/backup.md). They work on the data directory (or --db database)
directly, in this process, like `modelreg migrate`; a backup runs beside the live server."""

import argparse
import json
import sys

from .cli import Output, _size

BACKUP_DESCRIPTION = """\
Make a consistent copy of an embedded registry (DATA/registry.db and the chunk store DATA/blobs)
into DEST, a new or empty directory, while the server keeps serving: the metadata first (SQLite's
online backup: one commit's view), then every chunk, each verified against its digest. Chunks the
snapshot references are held against `modelreg gc` meanwhile; pushes finished after the snapshot
are not in the backup. DEST/manifest.json, written last, records the backup format, the schema
version, the time and the counts; `modelreg restore-backup` puts a backup back."""

BACKUP_EPILOG = """\
examples:
  modelreg backup --data /srv/modelreg /backups/modelreg-$(date +%F)
  modelreg restore-backup /backups/modelreg-2026-11-02 --check     # verify a backup, write nothing

Progress goes to stderr; --json prints the manifest on stdout. PostgreSQL + S3 registries are
backed up with pg_dump and a copy of the bucket, in that order (docs/backup.md).

exit status (after one line on stderr saying why; with --json, an "error" object on stdout instead):
  0  backed up
  1  refused, nothing written: DEST is not empty, --data holds no embedded registry, or its schema
     is not one this modelreg backs up (newer, or older than 9: start its server once)
  2  usage error
  3  a read or write failed (permissions, no space, the database locked too long): DEST is
     incomplete (no manifest.json); remove it and run again
  5  backed up, but chunks that versions reference were missing or corrupt in the data directory
     (listed in the manifest; `modelreg fsck` on the server names the damaged versions)
"""

RESTORE_DESCRIPTION = """\
Put a backup made by `modelreg backup` back into a data directory, then serve it with
`modelreg serve --data DIR`. Everything is verified first (the manifest, registry.db against its
sha256 and SQLite's integrity check, every chunk against its digest, every chunk a version
references present); the directory is assembled beside DIR and renamed into place, so a restore
that fails leaves DIR as it was. DIR must not exist or be empty. (This is not `modelreg restore`,
which restores an archived version.)"""

RESTORE_EPILOG = """\
examples:
  modelreg restore-backup /backups/modelreg-2026-11-02 --data /srv/modelreg
  modelreg serve --data /srv/modelreg

To restore into PostgreSQL + S3, restore into a directory, then `modelreg migrate --from-data DIR`.

exit status (after one line on stderr saying why; with --json, an "error" object on stdout instead):
  0  restored (or, with --check, the backup is sound)
  1  refused, nothing written: DIR is not empty, SRC is no backup (no manifest.json: not one, or
     unfinished), or of a format or schema newer than this modelreg knows
  2  usage error
  3  a read or write failed; DIR is as it was
  5  the backup is damaged (a chunk corrupt or missing, registry.db truncated or altered); nothing
     restored
"""

DB_DESCRIPTION = """\
The schema of a registry's metadata database: `status` shows the version it is at, the latest this
modelreg knows and the migrations pending, by name; `upgrade` applies them. A server applies them
itself at start unless started with --no-migrate; see docs/backup.md, "Upgrades"."""

DB_EPILOG = """\
examples:
  modelreg db status --data /srv/modelreg
  modelreg backup --data /srv/modelreg /backups/before-upgrade && modelreg db upgrade --data /srv/modelreg
  modelreg db status --db postgresql://modelreg@db.internal/modelreg --json

exit status (after one line on stderr saying why; with --json, an "error" object on stdout instead):
  0  status: up to date; upgrade: applied (or nothing to apply)
  1  status: migrations pending (they are listed)
  2  usage error
  3  the database cannot be opened or read, or the upgrade failed (nothing of it applied)
  4  upgrade: a server holds the data directory: stop it first
  5  the schema is newer than this modelreg knows: upgrade modelreg
"""


def add_commands(sub) -> None:
    """Registers the commands on the top-level subparsers, and --no-migrate on `serve`."""
    data_help = "the data directory (default: %(default)s)"
    c = sub.add_parser("backup", help="copy an embedded registry consistently while it serves",
                       description=BACKUP_DESCRIPTION, epilog=BACKUP_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("dest", metavar="DEST", help="new or empty directory to write the backup into")
    c.add_argument("--data", default="./modelreg-data", help=data_help)
    c.add_argument("--json", action="store_true", help="print the backup's manifest as JSON on stdout")
    c.set_defaults(local=cmd_backup)

    c = sub.add_parser("restore-backup", help="restore a `modelreg backup` into a new data directory",
                       description=RESTORE_DESCRIPTION, epilog=RESTORE_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("src", metavar="SRC", help="the directory `modelreg backup` wrote")
    target = c.add_mutually_exclusive_group(required=True)
    target.add_argument("--data", help="the data directory to restore into (must not exist or be empty)")
    target.add_argument("--check", action="store_true", help="only verify the backup; write nothing")
    c.add_argument("--json", action="store_true", help="print a summary as JSON on stdout")
    c.set_defaults(local=cmd_restore_backup)

    db = sub.add_parser("db", help="schema status and upgrades of the metadata database",
                        description=DB_DESCRIPTION, epilog=DB_EPILOG,
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    dsub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    for name, fn, help in (("status", cmd_db_status, "show the schema version and the pending migrations"),
                           ("upgrade", cmd_db_upgrade, "apply the pending migrations (back up first)")):
        c = dsub.add_parser(name, help=help, description=f"{help}. {DB_DESCRIPTION}", epilog=DB_EPILOG,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
        c.add_argument("--data", default="./modelreg-data", help=data_help + "; its registry.db")
        c.add_argument("--db", metavar="URL", help="a database URL instead, as `serve --db` takes "
                       "(sqlite:///PATH or postgresql://...)")
        c.add_argument("--json", action="store_true", help="print JSON for scripts instead of text")
        c.set_defaults(local=fn)

    sub.choices["serve"].add_argument(
        "--no-migrate", action="store_true",
        help="refuse to start (exit 3, naming them) if the database has migrations pending, rather than "
        "applying them; apply them with `modelreg db upgrade` (docs/backup.md)")


def refuse_pending(args) -> None:
    """For `serve --no-migrate`, before the server opens anything: exits 3 naming what is pending."""
    upgrades = _server("upgrades")
    try:
        upgrades.refuse_pending(upgrades.database_url(args.data, args.db))
    except upgrades.UpgradeError as e:
        print(f"modelreg serve: {e}", file=sys.stderr, flush=True)
        raise SystemExit(e.exit_code) from None


def cmd_backup(args) -> int:
    backup = _server("backup")
    out = Output(args.json)
    try:
        with _Progress(out, "backup") as on_progress:
            summary = backup.backup(args.data, args.dest, on_progress=on_progress)
    except backup.BackupError as e:
        return _refused(args, "backup", "BACKUP_REFUSED", e)
    out.emit(summary.as_dict(),
             f"backed up {summary.source} into {args.dest}: {summary.models} models, {summary.versions} versions, "
             f"events up to #{summary.event_head}, {summary.chunks} chunks ({_size(summary.chunk_bytes)}); "
             f"schema {summary.schema_version}, snapshot at {summary.created}")
    if summary.chunks_unavailable:
        print(f"modelreg backup: {len(summary.chunks_unavailable)} chunks that versions reference were missing or "
              "corrupt in the data directory and are not in the backup (listed in its manifest.json); "
              "`modelreg fsck` names the damaged versions", file=sys.stderr)
        return backup.EXIT_DAMAGED
    return 0


def cmd_restore_backup(args) -> int:
    backup = _server("backup")
    out = Output(args.json)
    try:
        with _Progress(out, "restore-backup") as on_progress:
            summary = backup.restore(args.src, args.data or "", check_only=args.check, on_progress=on_progress)
    except backup.BackupError as e:
        return _refused(args, "restore-backup", "RESTORE_REFUSED", e)
    what = f"{summary.models} models, {summary.versions} versions, {summary.chunks} chunks " \
           f"({_size(summary.chunk_bytes)}), schema {summary.schema_version}, snapshot at {summary.created}"
    text = (f"{args.src} is a sound backup: {what}" if args.check else
            f"restored {args.src} into {args.data}: {what}; serve it with `modelreg serve --data {args.data}`")
    out.emit({**summary.as_dict(), "checked_only": bool(args.check), "data": args.data}, text)
    if summary.chunks_unavailable:
        print(f"modelreg restore-backup: the backup was made of a damaged registry: "
              f"{len(summary.chunks_unavailable)} chunks that versions reference are in neither (`modelreg fsck` "
              "names the damaged versions)", file=sys.stderr)
    return 0


def cmd_db_status(args) -> int:
    upgrades = _server("upgrades")
    out = Output(args.json)
    try:
        status = upgrades.status(upgrades.database_url(args.data, args.db))
    except upgrades.UpgradeError as e:
        return _refused(args, "db status", "DB_STATUS_FAILED", e)

    def text():
        if status.too_new:
            print(f"modelreg db status: {upgrades.too_new_message(status)}", file=sys.stderr)
            return
        where = status.database if status.exists else f"{status.database} (no registry yet)"
        out.console.print(f"{where}: schema version {status.current}, latest {status.latest}: "
                          f"{'up to date' if not status.pending else f'{len(status.pending)} pending'}", markup=False)
        for name in status.pending:
            out.console.print(f"  pending: {name}", markup=False)
        if status.pending:
            out.console.print("apply them with `modelreg db upgrade` (after `modelreg backup`), or let "
                              "`modelreg serve` apply them at start", markup=False)
    out.emit(status.as_dict(), text)
    if status.too_new:
        return upgrades.EXIT_TOO_NEW
    return upgrades.EXIT_PENDING if status.pending else 0


def cmd_db_upgrade(args) -> int:
    upgrades = _server("upgrades")
    out = Output(args.json)
    url = upgrades.database_url(args.data, args.db)
    try:
        if not args.json:
            pending = upgrades.status(url)
            if pending.pending and not pending.too_new:
                print(f"modelreg db upgrade: applying {', '.join(pending.pending)} (a backup first is wise: "
                      "`modelreg backup`, or pg_dump on PostgreSQL)", file=sys.stderr, flush=True)
        before, after = upgrades.upgrade(url, data_dir=None if args.db else args.data)
    except upgrades.UpgradeError as e:
        return _refused(args, "db upgrade", "DB_UPGRADE_FAILED", e)
    applied = before.pending
    out.emit({"database": after.database, "before": before.current, "after": after.current, "latest": after.latest,
              "applied": applied},
             f"{after.database}: schema upgraded from version {before.current} to {after.current} "
             f"({len(applied)} migrations applied)" if applied else
             f"{after.database}: schema version {after.current} is up to date; nothing applied")
    return 0


class _Progress:
    """A bar on a terminal (stderr) and a line on stderr as each phase starts."""

    PHASES = {"snapshot": "metadata snapshot taken; copying chunks", "verify": "verifying the backup"}

    def __init__(self, out: Output, command: str):
        self.bar = out.progress()
        self.command = command
        self.seen = set()

    def __enter__(self):
        self.update_bar = self.bar.__enter__()
        return self.update

    def update(self, phase: str, done: int, total: int) -> None:
        if phase not in self.seen and phase in self.PHASES:
            self.seen.add(phase)
            print(f"modelreg {self.command}: {self.PHASES[phase]}", file=sys.stderr, flush=True)
        if self.update_bar and phase != "snapshot":
            self.update_bar(phase, done, total)

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)


def _refused(args, command: str, reason: str, e) -> int:
    if args.json:
        print(json.dumps({"error": {"code": "LOCAL", "reason": reason, "message": str(e),
                                    "exit_code": e.exit_code}}), flush=True)
    else:
        print(f"modelreg {command}: {e}", file=sys.stderr, flush=True)
    return e.exit_code


def _server(module: str):
    import importlib
    try:
        return importlib.import_module(f"modelreg_server.{module}")
    except ImportError as e:
        raise SystemExit(f"modelreg: the server is not installed ({e}); pip install 'modelreg[server]'") from None
