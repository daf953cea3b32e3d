"""Compare: any N versions side by side (summary, metrics, params, tags, files), and a chart of
one metric across the versions of each model compared.

URL: /compare?version=models/{m}/versions/{n}&version=...  (repeatable; `&diff=1` keeps only the
rows that differ; `&metric=NAME` picks the chart's metric, by default the first metric of the
compared versions by name). Every read goes through the rules layer with the viewer's rights: a
version the viewer may not read is refused (403) as over gRPC, an unknown one is 404.
"""

from urllib.parse import urlencode

from aiohttp import web

from .. import limits, names
from ..errors import InvalidArgument
from . import svg
from .keys import JINJA_KEY, REGISTRY_KEY
from .views import render, version_json

MAX_VERSIONS = 20  # versions in one compare view: more is refused (400 TOO_MANY_VERSIONS)
CHART_VERSIONS = 1000  # a chart shows at most the latest this many versions of a model, and says so
SECTION_ROWS = 1000  # rows shown per section (first by key or path); the view says how many more


def add_routes(app: web.Application) -> None:
    app.router.add_get("/compare", compare)
    app[JINJA_KEY].globals["compare_chart"] = chart_svg


async def compare(request):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    wanted = version_names(request.query.getall("version", []))
    diff = request.query.get("diff") == "1"
    if chosen := request.query.get("metric", ""):
        names.metric(chosen, 0.0)  # a valid metric name, checked before anything is read
    rows = [await registry.get_version(name, files=True, caller=caller) for name in wanted]
    present = sorted({k for v in rows for k in v.metrics})
    metric = chosen or (present[0] if present else "")
    sections = [
        {"title": "Summary", "rows": _rows(rows, lambda v: {"state": v.state, "digest": v.digest,
                                                            "total_size": v.total_size, "file_count": v.file_count,
                                                            "description": v.description})},
        {"title": "Metrics", "rows": _rows(rows, lambda v: v.metrics)},
        {"title": "Params", "rows": _rows(rows, lambda v: v.params)},
        {"title": "Tags", "rows": _rows(rows, lambda v: v.tags)},
        {"title": "Files", "rows": _rows(rows, lambda v: {f.path: {"size": f.size, "tree_digest": f.tree_digest or f.chunks_digest}
                                                          for f in v.files or ()})},
    ]
    hidden = 0
    for section in sections:
        if diff:
            hidden += sum(r["same"] for r in section["rows"])
            section["rows"] = [r for r in section["rows"] if not r["same"]]
        section["more"] = max(0, len(section["rows"]) - SECTION_ROWS)
        section["rows"] = section["rows"][:SECTION_ROWS]
    models = list(dict.fromkeys(v.model for v in rows))
    charts = [await _chart(registry, model, metric, {v.number for v in rows if v.model == model}, caller)
              for model in models] if metric else []
    shown = []
    for v in rows:
        data = version_json(v)
        data.pop("files", None)  # the Files section holds them
        shown.append(data)
    return render(request, "compare.html", {
        "versions": shown, "diff": diff, "hidden_rows": hidden, "sections": sections,
        "metric": metric, "metric_options": sorted({*present, *([metric] if metric else [])}), "charts": charts,
        "links": _links(wanted, diff, metric),
        "limits": {"versions": MAX_VERSIONS, "chart_versions": CHART_VERSIONS, "rows_per_section": SECTION_ROWS}})


def version_names(values: list[str]) -> list[str]:
    """The versions to compare as canonical resource names, duplicates dropped, in order."""
    if not values:
        raise InvalidArgument("NO_VERSIONS", "name the versions to compare: "
                              "/compare?version=models/MODEL/versions/N&version=...")
    unique = list(dict.fromkeys(values))
    if len(unique) > MAX_VERSIONS:
        raise InvalidArgument("TOO_MANY_VERSIONS", f"{len(unique)} versions given; compare at most {MAX_VERSIONS} "
                              "at once", limit=MAX_VERSIONS)
    result = []
    for value in unique:
        if len(value) > limits.REFERENCE_CHARS or not value.startswith("models/"):
            raise InvalidArgument("INVALID_REFERENCE", f"invalid version name {value[:80]!r}: give versions as "
                                  "models/MODEL/versions/N", version=value[:80])
        ref = names.reference(value)
        result.append(f"models/{ref.model}/versions/{ref.number}")
    return list(dict.fromkeys(result))


def _rows(versions, field) -> list[dict]:
    """One row per key any version has: its value in each version (None: absent) and whether all
    versions hold the same value."""
    maps = [field(v) for v in versions]
    keys = sorted({k for m in maps for k in m})
    rows = []
    for key in keys:
        values = [m.get(key) for m in maps]
        rows.append({"key": key, "values": values, "same": None not in values and all(x == values[0] for x in values)})
    return rows


async def _chart(registry, model: str, metric: str, highlight: set[int], caller) -> dict:
    """The metric over the latest CHART_VERSIONS versions of the model (read newest first, a page
    at a time), oldest first; versions without the metric are left out."""
    points, token, read = [], "", 0
    while read < CHART_VERSIONS:
        page = await registry.list_versions(f"models/{model}", page_size=min(1000, CHART_VERSIONS - read),
                                            page_token=token, order_by="number desc", caller=caller)
        read += len(page.items)
        points += [{"number": v.number, "value": v.metrics[metric]} for v in page.items if metric in v.metrics]
        token = page.token(len(page.items))
        if not token:
            break
    points.reverse()
    return {"model": f"models/{model}", "metric": metric, "points": points, "versions_read": read,
            "capped": bool(token), "highlight": sorted(highlight)}


def chart_svg(chart: dict):
    """The chart's SVG (a template global, so the JSON form carries the data, not the drawing)."""
    note = f"the latest {CHART_VERSIONS} versions" if chart["capped"] else f"all {chart['versions_read']} versions"
    return svg.metric_chart([(p["number"], p["value"]) for p in chart["points"]], highlight=set(chart["highlight"]),
                            title=f"{chart['metric']} · {chart['model'][7:]}", note=note)


def _links(wanted: list[str], diff: bool, metric: str) -> dict:
    def url(versions, diff=diff):
        return "/compare?" + urlencode([("version", v) for v in versions] + ([("diff", "1")] if diff else [])
                                       + ([("metric", metric)] if metric else []))
    return {"toggle_diff": url(wanted, not diff),
            "without": {v: url([w for w in wanted if w != v]) if len(wanted) > 1 else "" for v in wanted}}
