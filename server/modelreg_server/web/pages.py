"""The registry's pages: home, models, model, version. URLs follow the API's resource names.

Each page makes a bounded number of queries whatever the registry holds: counts are one query
(Registry.readable_counts), a model's sparklines read at most SPARKLINE_VERSIONS versions' metrics
in one query, a version's storage one query plus a bounded number of chunk-store look-ups.
"""

import math
import shlex
from datetime import datetime, timezone
from urllib.parse import urlencode

from aiohttp import web
from modelreg.registry import DEFAULT_ADDRESS

from .. import errors, monitors as monitor_rules
from ..domain import now_micros
from .keys import AUTH_KEY, GRPC_ADDRESS_KEY, JINJA_KEY, MONITORS_KEY, REGISTRY_KEY, SESSIONS_KEY
from . import markdown, production, session, svg, timeline
from .views import PAGE_SIZE, model_json, render, version_json, web_link


def add_routes(app: web.Application) -> None:
    app[JINJA_KEY].filters["size"] = _size
    app[JINJA_KEY].globals["sparkline"] = svg.sparkline
    app[JINJA_KEY].globals["alias_timeline_chart"] = svg.alias_timeline
    app[JINJA_KEY].globals["production_chart"] = svg.production_chart
    app[JINJA_KEY].globals["overlay_chart"] = svg.overlay_chart
    app[JINJA_KEY].filters["num"] = lambda x: "–" if x is None else f"{x:.4g}"
    app.router.add_get("/", home)
    app.router.add_get("/models", models)
    app.router.add_get("/models/{model}", model)
    app.router.add_get("/models/{model}/versions/{number}", version)
    app.router.add_get("/sign-in", sign_in_form)
    app.router.add_post("/sign-in", sign_in)
    app.router.add_post("/sign-out", sign_out)


RECENT_EVENTS = 20  # events on the home page
ALIAS_MOVES = 50  # alias moves of today on the home page, at most
SPARKLINE_VERSIONS = 500  # a model page's sparklines draw at most the latest this many versions
VERSION_EVENTS = 50  # events listed on a version page
ALIAS_TIMELINE_EVENTS = 500  # alias events a model page's timeline is drawn from, the latest
MONITORS_SHOWN = 100  # monitors on a model page: every one (a model holds at most 100)
MODEL_SORTS = (("name", "Model"), ("create_time", "Created"), ("update_time", "Last activity"))


async def home(request):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    model_count, version_count = await registry.readable_counts(caller=caller)
    recent = await registry.recent_events(limit=RECENT_EVENTS, caller=caller)
    midnight = int(datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()) * 10**6
    moved = await registry.alias_moves(since=midnight, limit=ALIAS_MOVES, caller=caller)
    return render(request, "home.html", {
        "model_count": model_count, "version_count": version_count,
        "recent_events": [event_json(e) for e in recent],
        "aliases_moved_today": [event_json(e) for e in moved], "today_since": midnight})


async def models(request):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    query, order_by = request.query.get("filter", ""), request.query.get("order_by", "")
    data = {"filter": query, "order_by": order_by, "models": [], "next_page_token": "", "error": None,
            "sort_links": _sort_links(query, order_by)}
    try:
        page = await registry.list_models(page_size=PAGE_SIZE, filter=query, order_by=order_by,
                                          page_token=request.query.get("page_token", ""), caller=caller)
    except errors.InvalidArgument as e:
        data["error"] = {"reason": e.reason, "message": e.message, "metadata": e.metadata}
        return render(request, "models.html", data, status=400)
    data["models"] = [{**model_json(m), "version_count": m.next_version - 1} for m in page.items]
    data["next_page_token"] = page.token(len(page.items))
    return render(request, "models.html", data)


def _sort_links(query: str, order_by: str) -> list[dict]:
    """Per sortable column: the URL that sorts by it (descending if it is the ascending order now)
    and the arrow of the current order; the filter stays in the URL."""
    current, _, direction = order_by.strip().partition(" ")
    links = []
    for field, label in MODEL_SORTS:
        now = ("desc" if direction.strip() == "desc" else "asc") if current == field else ""
        target = f"{field} desc" if now == "asc" else field
        links.append({"field": field, "label": label, "arrow": {"asc": "▲", "desc": "▼"}.get(now, ""),
                      "href": "/models?" + urlencode({"filter": query, "order_by": target})})
    return links



def monitor_json(m) -> dict:
    """A monitor as the model page lists it: its rule in words, its state and its last evaluation."""
    rule = monitor_rules.rule_details(m)
    return {"name": m.name, "id": m.monitor_id, "alias": m.alias, "metric": m.metric, "aggregation": m.aggregation,
            "window": rule["window"], "condition": rule["condition"], "rollback": m.rollback, "state": m.state,
            "state_time": m.state_time, "value": None if math.isnan(m.value) else m.value, "samples": m.samples,
            "version": m.evaluated_version, "rollback_time": m.rollback_time}


async def model(request):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    name = f"models/{request.match_info['model']}"
    row = await registry.get_model(name, caller=caller)
    page = await registry.list_versions(name, page_size=PAGE_SIZE, page_token=request.query.get("page_token", ""),
                                        order_by="number desc", caller=caller)
    series = await registry.metric_series(name, limit=SPARKLINE_VERSIONS, caller=caller)
    moves = await registry.alias_history(name, limit=ALIAS_TIMELINE_EVENTS, caller=caller)
    versions = [version_json(v) for v in page.items]
    metrics = sorted({k for v in versions for k in v["metrics"]} | {k for _, m in series for k in m})
    numbers = [n for n, _ in series]
    span = f"versions {numbers[0]}–{numbers[-1]}" if numbers else "no versions"
    sparklines = {k: {"points": [m.get(k) for _, m in series],
                      "title": f"{k} over {span} in number order (at most the latest {SPARKLINE_VERSIONS})"}
                  for k in metrics}
    holders = timeline.alias_spans(moves, dict(row.aliases))
    overlay = await production.alias_overlay(request.app, row, holders, caller=caller, now=now_micros())
    monitors = request.app[MONITORS_KEY]
    watching = (await monitors.list(name, page_size=MONITORS_SHOWN, caller=caller)).items if monitors else []
    return render(request, "model.html", {
        "model": model_json(row), "card_html": str(markdown.card(row.description)),
        "versions": versions, "metric_columns": metrics, "sparklines": sparklines,
        "sparkline_versions": numbers, "next_page_token": page.token(len(page.items)),
        "alias_timeline": holders, "alias_overlay": overlay, "monitors": [monitor_json(m) for m in watching]})


async def version(request):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    number = request.match_info["number"]
    row = await registry.get_version(f"models/{request.match_info['model']}/versions/{number}", caller=caller)
    storage = await registry.version_storage(row, caller=caller)
    events = await registry.version_events(row.model, row.number, limit=VERSION_EVENTS, caller=caller)
    data = version_json(row)
    data["files"] = [{**f, **s, "saved_percent": _saved(s)} for f, s in zip(data.get("files", []), storage["files"])]
    data["storage"] = {**storage["total"], "saved_percent": _saved(storage["total"]),
                       "estimated": storage["estimated"], "new_chunks": storage["new_chunks"],
                       "measured_chunks": storage["measured_chunks"]}
    data["inputs"] = [_input_json(i) for i in row.inputs]
    data["run"] = next((i for i in data["inputs"] if i.get("kind") == "run"), None)
    data["lineage"] = f"/{data['name']}/lineage"
    data["events"] = [event_json(e) for e in events]
    data["pull"], data["sdk"] = _fetch_lines(_grpc_address(request), row, auth=request.app[AUTH_KEY])
    data["production"] = await production.version_metrics(request.app, row, caller=caller, now=now_micros())
    return render(request, "version.html", {"version": data})


def _saved(row: dict) -> float:
    """How much of the logical size the chunk store did not have to keep (dedup + compression)."""
    return round(100 * (row["size"] - row["stored"]) / row["size"], 1) if row["size"] else 0.0


def _input_json(item) -> dict:
    if item.version:
        return {"relation": item.relation, "version": item.version, "href": f"/{item.version}"}
    return {"relation": item.relation, "uri": item.uri, "digest": item.digest, "kind": item.kind,
            "display_name": item.name, "link": web_link(item.uri)}


def _grpc_address(request) -> str:
    """Where this server's gRPC API is reached: its listening address, with the host the browser
    used in place of a wildcard (0.0.0.0, ::), since a wildcard is not an address to dial."""
    address = request.app[GRPC_ADDRESS_KEY]
    host, _, port = address.rpartition(":")
    if host.strip("[]") in ("0.0.0.0", "::", "") and port and request.url.host:
        shown = request.url.host
        return f"[{shown}]:{port}" if ":" in shown else f"{shown}:{port}"
    return address


def _fetch_lines(address: str, row, *, auth: bool) -> tuple[str, str]:
    """The CLI and SDK lines that fetch this version from this server (by number: an alias moves).
    With auth on, both take the API token from $MODELREG_TOKEN (the CLI's default for --token)."""
    reference, dest = f"{row.model}:v{row.number}", f"./{row.model}-v{row.number}"
    server = f" --server {address}" if address and address != DEFAULT_ADDRESS else ""
    args = [f'"{address}"'] if address and address != DEFAULT_ADDRESS else []
    args += ['token=os.environ["MODELREG_TOKEN"]'] if auth else []
    imports = "import os; from modelreg import Registry" if auth else "from modelreg import Registry"
    return (f"modelreg pull{server} {shlex.quote(reference)} {shlex.quote(dest)}",
            f'{imports}; Registry({", ".join(args)}).pull("{reference}", "{dest}")')


def event_json(e) -> dict:
    """An event as the pages show it, with the page it is about (its version, else its model)."""
    href = f"/models/{e.model}/versions/{e.version}" if e.model and e.version else \
        f"/models/{e.model}" if e.model else ""
    return {"sequence": e.sequence, "time": e.time, "type": e.type, "actor": e.actor, "model": e.model,
            "version": e.version, "alias": e.alias, "previous_version": e.previous_version,
            "subject": e.subject, "href": href}


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


async def sign_in_form(request):
    return render(request, "sign_in.html", {"next": request.query.get("next", "/"), "error": None})


async def sign_in(request):
    """Checks the API token now, then keeps it in a server-side session named by the cookie."""
    form = await request.post()
    token, target = str(form.get("token", "")), str(form.get("next", "/"))
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    try:
        caller = await request.app[REGISTRY_KEY].governance.authenticate(f"Bearer {token.strip()}")
    except errors.Unauthenticated as e:
        return render(request, "sign_in.html", {"next": target, "error": e.message}, status=401)
    response = web.Response(status=303, headers={"Location": target})
    if not caller.unrestricted:  # without auth there is nothing to remember
        session.set_cookie(response, session.SESSION_COOKIE, await request.app[SESSIONS_KEY].create(caller),
                           secure=request.secure)
    return response


async def sign_out(request):
    await request.app[SESSIONS_KEY].end(request.cookies.get(session.SESSION_COOKIE))
    response = web.Response(status=303, headers={"Location": "/sign-in"})
    response.del_cookie(session.SESSION_COOKIE, path="/")
    return response
