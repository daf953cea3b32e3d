"""`modelreg snapshot REF` and `modelreg cache ls|prune`: the shared local cache (cache.py,
docs/cache.md) from the command line."""

import argparse
from datetime import datetime, timezone

from .cache import Cache, parse_size

SNAPSHOT_EPILOG = """\
The cache is $MODELREG_CACHE (default ~/.cache/modelreg): every distinct file once, across versions
and models; a snapshot is a read-only tree of links into it, at
CACHE/snapshots/<model>/<version digest>/. A version made mostly of files or chunks the cache
already holds downloads only the rest; a snapshot made before downloads nothing. Safe to run from
several processes at once; a killed snapshot resumes from the chunks it verified.

MODELREG_OFFLINE=1: no network at all. MODEL:ALIAS serves the version the alias last resolved to on
this machine, MODEL:vN and MODEL@sha256:PREFIX what the cache holds; exit 4 (NOT_CACHED) if none.

examples:
  cd "$(modelreg snapshot sentiment:production)" && ./serve.sh
  MODELREG_OFFLINE=1 modelreg snapshot sentiment:production --json
  modelreg cache ls
  modelreg cache prune --max-size 20GB
"""


def add_commands(sub, command) -> None:
    c = command("snapshot", cmd_snapshot, "a read-only directory holding a version, from the shared local cache "
                "(prints its path)", epilog=SNAPSHOT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("reference", help="version reference, e.g. sentiment:production, sentiment:v3")
    c.add_argument("--offline", action="store_true", default=None,
                   help="serve from the cache without any network (default: $MODELREG_OFFLINE=1)")

    group = sub.add_parser("cache", help="list and bound the shared local cache of snapshots",
                           description="The shared local cache of snapshots ($MODELREG_CACHE, default "
                           "~/.cache/modelreg; see `modelreg snapshot --help` and docs/cache.md).",
                           epilog=SNAPSHOT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    csub = group.add_subparsers(dest="cache_command", required=True, metavar="ACTION")

    def action(name, fn, help):
        c = csub.add_parser(name, help=help, description=help, parents=[_local_parent()])
        c.set_defaults(local=fn)
        return c
    action("ls", cmd_cache_ls, "list the snapshots: model, version, digest, size, the bytes only it links "
           "(what removing it frees), aliases that last resolved to it, last use")
    c = action("prune", cmd_cache_prune, "bring the cache to at most --max-size: partial files nobody is filling "
               "and files no snapshot links go first, then the least recently used snapshots (never one in use or "
               "being made), each with the files only it linked; content a remaining snapshot links stays")
    c.add_argument("--max-size", required=True, metavar="SIZE", help="e.g. 20GB, 500MB, 2GiB, 0 (everything "
                   "not in use)")


def _local_parent() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--cache-dir", default=None, metavar="DIR", help="the cache (default: $MODELREG_CACHE, else "
                   "~/.cache/modelreg)")
    p.add_argument("--json", action="store_true", help="print JSON for scripts instead of text")
    return p


def cmd_snapshot(args, reg, out) -> int:
    first = {}

    def track(phase, done, total):
        first.setdefault(phase, done)
        if bar:
            bar(phase, done, total)
    with out.progress() as bar:
        path = reg.snapshot(args.reference, offline=args.offline, on_progress=track)
    s = reg.last_snapshot
    note = ("already cached: nothing downloaded" if s.cached else
            f"downloaded {_size(s.fetched_bytes)}, reused {_size(s.reused_bytes)} from the cache")
    out.emit({"path": str(path), "model": s.model, "version": s.version, "digest": s.digest, "size": s.size,
              "fetched_bytes": s.fetched_bytes, "reused_bytes": s.reused_bytes, "cached": s.cached},
             lambda: (out.console.print(str(path), markup=False), out.err.print(
                 f"{s.model}:v{s.version} {s.digest[:19]} ({_size(s.size)}): {note}", markup=False)))
    return 0


def cmd_cache_ls(args) -> int:
    from .cli import Output, _table
    out = Output(args.json)
    store = Cache(args.cache_dir)
    try:
        entries = store.ls()
        files, partial = store.disk_usage()
    finally:
        store.close()
    data = {"root": str(store.root), "size": files + partial, "partial_bytes": partial, "snapshots": [
        {"model": e.model, "version": e.version, "digest": e.digest, "path": str(e.path), "size": e.size,
         "unique_size": e.unique_size, "aliases": e.aliases, "in_use": e.in_use,
         "last_used": datetime.fromtimestamp(e.last_used, timezone.utc).isoformat().replace("+00:00", "Z")}
        for e in entries]}

    def text():
        _table(out, ["MODEL", "VERSION", "DIGEST", "SIZE", "UNIQUE", "ALIASES", "LAST USED"], [
            [e.model, f"v{e.version}" if e.version else "-", e.digest[7:19], _size(e.size), _size(e.unique_size),
             " ".join(e.aliases) or "-", datetime.fromtimestamp(e.last_used).strftime("%Y-%m-%d %H:%M")
             + (" (in use)" if e.in_use else "")] for e in entries])
        out.console.print(f"{len(entries)} snapshots, {_size(files + partial)} on disk in {store.root}"
                          + (f" ({_size(partial)} partial)" if partial else ""), markup=False)
    out.emit(data, text)
    return 0


def cmd_cache_prune(args) -> int:
    from .cli import EXIT, Output, _fail
    from .errors import InvalidArgument
    out = Output(args.json)
    try:
        limit = parse_size(args.max_size)
    except InvalidArgument as e:
        return _fail(args, "LOCAL", e.reason, e.message)
    store = Cache(args.cache_dir)
    try:
        report = store.prune(limit)
    finally:
        store.close()
    removed = report["removed_snapshots"]
    out.emit(report, f"removed {len(removed)} snapshots, freed {_size(report['freed_bytes'])}; the cache holds "
             f"{_size(report['size'])}" + ("" if report["fits"] else
                                          f", above {_size(limit)}: what remains is in use"))
    return EXIT["ok"]


def _size(n: int) -> str:
    from .cli import _size as size
    return size(n)

