"""Lineage: the graph around one version, upstream (what it was built from: versions, datasets,
other artifacts) to the left and downstream (versions that name it as an input) to the right.

URL: /models/{model}/versions/{n}/lineage[?depth=N] (levels each way: DEFAULT_DEPTH, at most
MAX_DEPTH). The rules layer walks the graph (service.Registry.get_lineage: versions of models
the viewer may not read are left out, a graph too large for one response is refused); this view
walks one level further than shown, to say when the depth cut the graph.
"""

from aiohttp import web

from ..domain import VersionRow
from ..errors import InvalidArgument
from . import svg
from .keys import JINJA_KEY, REGISTRY_KEY
from .views import render, version_json, web_link

DEFAULT_DEPTH = 5
MAX_DEPTH = 10  # levels each way; more is refused (400 INVALID_DEPTH)
LEVEL_NODES = 40  # nodes drawn per level; the rest are one "N more" box (the JSON form has them all)


def add_routes(app: web.Application) -> None:
    app.router.add_get("/models/{model}/versions/{number}/lineage", lineage)
    app[JINJA_KEY].globals["lineage_svg"] = lineage_svg


async def lineage(request):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    depth = _depth(request.query.get("depth", ""))
    name = f"models/{request.match_info['model']}/versions/{request.match_info['number']}"
    start = await registry.get_version(name, files=False, caller=caller)
    nodes, edges, cut = {start.name: _node(start, 0)}, set(), {}
    for direction, sign in (("upstream", -1), ("downstream", 1)):
        graph = await registry.get_lineage(start.name, upstream=sign < 0, downstream=sign > 0, depth=depth + 1,
                                           caller=caller)
        found = {_key(n): n for n in graph.nodes}
        levels = _levels(start.name, graph.edges, towards_upstream=sign < 0)
        cut[direction] = any(level > depth for level in levels.values())
        for key, level in levels.items():
            if 0 < level <= depth and key in found:
                nodes.setdefault(key, _node(found[key], sign * level))
        edges.update((u, d, r) for u, d, r in graph.edges if u in nodes and d in nodes)
    return render(request, "lineage.html", {
        "version": version_json(start), "depth": depth, "max_depth": MAX_DEPTH,
        "upstream_cut": cut["upstream"], "downstream_cut": cut["downstream"],
        "nodes": sorted(nodes.values(), key=lambda n: (n["level"], n["name"])),
        "edges": [{"upstream": u, "downstream": d, "relation": r} for u, d, r in sorted(edges)]})


def _depth(text: str) -> int:
    if not text:
        return DEFAULT_DEPTH
    if not text.isdigit() or not 1 <= int(text) <= MAX_DEPTH:
        raise InvalidArgument("INVALID_DEPTH", f"depth must be 1..{MAX_DEPTH}, got {text[:20]!r}", limit=MAX_DEPTH)
    return int(text)


def _key(node) -> str:
    return node.name if isinstance(node, VersionRow) else node.uri


def _levels(start: str, edges: list, *, towards_upstream: bool) -> dict[str, int]:
    """Hops from the start along the edges in one direction (breadth first: the shortest)."""
    step: dict[str, list[str]] = {}
    for up, down, _ in edges:
        frm, to = (down, up) if towards_upstream else (up, down)
        step.setdefault(frm, []).append(to)
    levels, frontier = {start: 0}, [start]
    while frontier:
        following = []
        for key in frontier:
            for other in step.get(key, ()):
                if other not in levels:
                    levels[other] = levels[key] + 1
                    following.append(other)
        frontier = following
    return levels


def _node(node, level: int) -> dict:
    if isinstance(node, VersionRow):
        return {"name": node.name, "kind": "version", "level": level, "model": node.model, "number": node.number,
                "state": node.state, "digest": node.digest}
    return {"name": node.uri, "kind": "artifact", "level": level, "uri": node.uri, "digest": node.digest,
            "artifact_kind": node.kind, "display_name": node.name}


def lineage_svg(nodes: list[dict], edges: list[dict], start: str):
    """The drawing: at most LEVEL_NODES boxes per level (by name), the rest counted in one box."""
    drawn, per_level = [], {}
    for node in nodes:
        per_level.setdefault(node["level"], []).append(node)
    for level, members in per_level.items():
        for n in members[:LEVEL_NODES]:
            version = n["kind"] == "version"
            drawn.append({"key": n["name"], "level": level, "start": n["name"] == start,
                          "label": f"{n['model']}:{n['number']}" if version else n["display_name"] or n["uri"],
                          "detail": n["state"] if version else _artifact_detail(n),
                          "href": f"/{n['name']}" if version else web_link(n["uri"])})
        if len(members) > LEVEL_NODES:
            drawn.append({"key": f"more:{level}", "level": level, "label": f"{len(members) - LEVEL_NODES} more",
                          "detail": "see ?format=json", "href": ""})
    keys = {n["key"] for n in drawn}
    return svg.lineage_graph(drawn, [(e["upstream"], e["downstream"], e["relation"]) for e in edges
                                     if e["upstream"] in keys and e["downstream"] in keys])


def _artifact_detail(node: dict) -> str:
    kind = node["artifact_kind"] or "artifact"
    digest = node["digest"].removeprefix("sha256:")
    return f"{kind} · {digest[:12]}…" if digest else kind
