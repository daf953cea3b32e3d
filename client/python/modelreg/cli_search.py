"""`modelreg search`, the --filter / --order-by options of `models` and `versions`, and the caret
under the mistake when the server refuses a filter or an order (INVALID_FILTER, INVALID_ORDER_BY,
metadata `position`)."""

import itertools
import re
import unicodedata

from .cli import Output, _size, _table, _ts, version_dict
from .registry import Registry
from .v1 import resources_pb2 as r

FILTER_HELP = """\
filters (AIP-160; docs/filters.md): comparisons = != < <= > >=, has (:), AND, OR, NOT or -,
parentheses; strings in double quotes, `*` wildcards (= and !=), numbers, RFC 3339 timestamps,
durations (250ms, 2h); OR binds tighter than AND, so write parentheses when mixing them.
  version fields: model number state description tags.KEY metrics.KEY params.KEY create_time
                  update_time digest size alias inputs.uri inputs.model
  model fields:   name description tags.KEY create_time update_time aliases
order (AIP-132): comma-separated fields, each optionally followed by desc: 'metrics.f1 desc, create_time'.
A bad filter or order is refused with the position of the mistake, shown with a caret under it."""

SEARCH_EPILOG = f"""\
examples:
  modelreg search 'metrics.f1 > 0.9 AND tags.team = "nlp"' --order-by 'metrics.f1 desc'
  modelreg search 'inputs.uri:"s3://data/imdb-2024"'               # what was trained on it
  modelreg search 'model = "sentiment-*" AND create_time > 2026-11-01T00:00:00Z' --limit 0
  modelreg search 'alias:production' --json | jq -r '.versions[].name'
  modelreg search --order-by 'metrics.accuracy desc' --limit 5     # the five best of all

{FILTER_HELP}"""

MODELS_EPILOG = f"""\
examples:
  modelreg models --filter 'tags.team = "nlp"'
  modelreg models --filter 'aliases:production' --order-by 'update_time desc'

{FILTER_HELP}"""

VERSIONS_EPILOG = f"""\
examples:
  modelreg versions sentiment --filter 'metrics.f1 > 0.9' --order-by 'metrics.f1 desc'
  modelreg versions sentiment --filter 'create_time > 2026-11-25T00:00:00Z AND NOT tags.stage = "rejected"'

{FILTER_HELP}"""

# A member of the filter language as it appears in order_by (and, for columns, in a filter).
_KEYED = re.compile(r"\b(metrics|params|tags)\.([A-Za-z0-9][A-Za-z0-9._/-]*)")


def order_columns(order_by: str, filter: str = "") -> list[tuple[str, str]]:
    """(map, key) of the metrics, params and tags a listing is ordered by, then those its filter
    names: the columns worth showing beside each version."""
    seen = []
    for text in (order_by or "", filter or ""):
        for match in _KEYED.finditer(text):
            if match.groups() not in seen:
                seen.append(match.groups())
    return seen


def _cell(version: r.Version, column: tuple[str, str]) -> str:
    field, key = column
    values = getattr(version, field)
    if key not in values:
        return "-"
    return f"{values[key]:g}" if field == "metrics" else values[key]


def _state(version: r.Version) -> str:
    return r.VersionState.Name(version.state).removeprefix("VERSION_STATE_").lower()


def versions_table(out: Output, versions: list, columns: list[tuple[str, str]], *, reference: bool) -> None:
    """The versions with one column per (map, key); `reference` shows MODEL:vN instead of N."""
    head = ["VERSION"] + [f"{f}.{k}".upper() if f != "metrics" else k.upper() for f, k in columns]
    _table(out, head + ["STATE", "SIZE", "FILES", "ALIASES", "DIGEST", "CREATED"], [
        [f"{v.model}:v{v.number}" if reference else v.number] + [_cell(v, c) for c in columns]
        + [_state(v), _size(v.total_size), v.file_count, " ".join(v.aliases) or "-", v.digest[:19],
           _ts(v.create_time)] for v in versions])


def cmd_search(args, reg: Registry, out: Output) -> int:
    # One more than asked for says whether there are more, without reading them all.
    wanted = args.limit + 1 if args.limit else None
    found = reg.search_versions(args.filter, order_by=args.order_by, page_size=min(wanted or 1000, 1000))
    versions = list(itertools.islice(found, wanted))
    more = wanted is not None and len(versions) == wanted
    versions = versions[:args.limit or None]

    def text():
        versions_table(out, versions, order_columns(args.order_by, args.filter), reference=True)
        if more:
            out.console.print(f"(the first {args.limit}; more match: --limit N, or --limit 0 for all)",
                              markup=False)
        elif not versions:
            out.console.print("no version matches", markup=False)
    out.emit({"versions": [version_dict(v) for v in versions], "more": more}, text)
    return 0


def add_search_command(command) -> None:
    """Adds `modelreg search` to the parser (through cli.parser's `command`)."""
    import argparse
    c = command("search", cmd_search, "find versions across every model you may read, by filter and order",
                epilog=SEARCH_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("filter", nargs="?", default="", metavar="FILTER",
                   help="an AIP-160 filter over versions; quote it for the shell (default: every version)")
    c.add_argument("--order-by", default="", metavar="ORDER",
                   help="e.g. 'metrics.f1 desc, create_time' (default: newest first)")
    c.add_argument("--limit", type=_count, default=20, metavar="N",
                   help="show at most N versions, 0 for all (default: %(default)s)")


def _count(text: str) -> int:
    import argparse
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a count (0 or more)")
    return n


def filter_pointer(text: str | None, metadata: dict | None) -> str | None:
    """The filter's (or order's) line with a caret under the server's `position` (a 0-based
    character offset),
    indented to sit under the error message; None when there is nothing to point at."""
    try:
        position = int((metadata or {})["position"])
    except (KeyError, ValueError):
        return None
    if not text or not 0 <= position <= len(text):
        return None
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = text[start:] if end < 0 else text[start:end]
    # Under tabs a tab, under wide characters two columns: the caret lands where the terminal
    # shows the character.
    pad = "".join("\t" if c == "\t" else "  " if unicodedata.east_asian_width(c) in "WF" else " "
                  for c in text[start:position])
    printable = "".join(c if c.isprintable() or c == "\t" else "?" for c in line)
    return f"  {printable}\n  {pad}^"
