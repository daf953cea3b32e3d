"""What every page shares: HTML, JSON or a report from one dict, and the JSON shapes of the domain rows.

A view's dict is its JSON form (`?format=json` or `Accept: application/json`) and its template's
context, so both always carry the same data. `?format=report` renders the same page as one
self-contained HTML file to download (report.py): every view rendered here gets it.
"""

from urllib.parse import urlsplit

from aiohttp import web

from . import report
from .keys import AUTH_KEY, JINJA_KEY

PAGE_SIZE = 50

def web_link(uri: str) -> str:
    """uri if a browser may follow it from our pages (http or https, e.g. an MLflow or W&B run's
    page), else "": a `javascript:` or `data:` URI a client declared is shown, never linked."""
    try:
        scheme = urlsplit(uri).scheme.lower()
    except ValueError:  # e.g. an unbalanced [ in the host
        return ""
    return uri if scheme in ("http", "https") else ""


def wants_json(request) -> bool:
    return request.query.get("format") == "json" or \
        request.headers.get("Accept", "").split(",")[0].strip() == "application/json"


def render(request, template: str, data: dict, *, status: int = 200) -> web.Response:
    if wants_json(request):
        return web.json_response(data, status=status)
    exporting = report.wanted(request) and status < 400 and template not in report.NOT_EXPORTED
    context = {**data, "csrf": "" if exporting else request.get("csrf", ""), "auth": request.app[AUTH_KEY],
               "caller": request.get("caller"), "signed_in": request.get("session") is not None,
               "flash": request.get("flash", ""),
               "report": report.facts(request) if exporting else None,
               "report_url": None if template in report.NOT_EXPORTED else report.url_of(request)}
    html = request.app[JINJA_KEY].get_template(template).render(**context)
    if exporting:
        return report.response(request, template, html)
    return web.Response(text=html, content_type="text/html", status=status)


def model_json(m) -> dict:
    return {"name": f"models/{m.name}", "description": m.description, "tags": dict(m.tags),
            "aliases": dict(m.aliases), "create_time": m.create_time, "update_time": m.update_time,
            "next_version": m.next_version}


def version_json(v) -> dict:
    data = {"name": f"models/{v.model}/versions/{v.number}", "model": v.model, "number": v.number,
            "digest": v.digest, "state": v.state, "description": v.description, "tags": dict(v.tags),
            "metrics": dict(v.metrics), "params": dict(v.params), "total_size": v.total_size,
            "file_count": v.file_count, "create_time": v.create_time, "aliases": list(v.aliases)}
    if v.files:
        data["files"] = [{"path": f.path, "size": f.size, "sha256": f.sha256, "tree_digest": f.tree_digest or f.chunks_digest}
                         for f in v.files]
    return data
