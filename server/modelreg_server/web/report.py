"""Exported reports: `?format=report` on any view gives the same page as ONE self-contained HTML
file, for auditors and for people who cannot reach the server.

Self-contained means the file never makes a request: the stylesheet is inlined, charts are inline
SVG already (svg.py), and what a template might still point at is taken out here (scripts,
stylesheet links, `src` attributes). A Content-Security-Policy of `default-src 'none'` in the file
makes the browser refuse any request that would slip through anyway. Links stay, as absolute URLs
to the server, for readers who can reach it. The header (base.html) says what the view is, its
stable URL, the server and its version, when (UTC) and who exported it.
"""

import re
import time
from functools import cache
from importlib import metadata
from pathlib import Path

from aiohttp import web

STYLESHEET = Path(__file__).parent / "static" / "style.css"
NOT_EXPORTED = frozenset({"sign_in.html", "error.html"})  # nothing to report; errors are shown, not saved

_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r"""\s(?:src|srcset)\s*=\s*(?:"(?!data:)[^"]*"|'(?!data:)[^']*')""", re.IGNORECASE)
_ROOTED = re.compile(r"""(\s(?:href|action)\s*=\s*["'])/(?!/)""", re.IGNORECASE)
_QUERY = re.compile(r"""(\s(?:href|action)\s*=\s*["'])\?""", re.IGNORECASE)


def wanted(request) -> bool:
    return request.query.get("format") == "report"


def stable_url(request) -> str:
    """The view's own absolute URL, its query kept (repeated parameters too), without `format`."""
    return str(request.url.with_query([(k, v) for k, v in request.query.items() if k != "format"]))


def url_of(request) -> str:
    """Where the view's "Export report" link points: the same URL with format=report."""
    pairs = [(k, v) for k, v in request.query.items() if k != "format"]
    return str(request.rel_url.with_query([*pairs, ("format", "report")]))


def facts(request) -> dict:
    """What the report's header states (base.html shows them; the view's title comes from its block)."""
    caller = request.get("caller")
    viewer = "anonymous (auth off)" if caller is None or caller.unrestricted else caller.name
    return {"url": stable_url(request), "server": str(request.url.origin()), "version": _version(),
            "time": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "viewer": viewer,
            "css": _css()}


def response(request, template: str, html: str) -> web.Response:
    """The rendered page made self-contained, as an attachment named after the view and the time."""
    origin, path = str(request.url.origin()), request.path
    html = _SCRIPT.sub("", html)
    html = _LINK.sub("", html)
    html = _SRC.sub("", html)
    html = _ROOTED.sub(lambda m: f"{m.group(1)}{origin}/", html)
    html = _QUERY.sub(lambda m: f"{m.group(1)}{origin}{path}?", html)
    view = template.removesuffix(".html").replace("_", "-")
    name = f"modelreg-{view}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.html"
    return web.Response(text=html, content_type="text/html",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


@cache
def _css() -> str:
    return STYLESHEET.read_text()


@cache
def _version() -> str:
    try:
        return metadata.version("modelreg")
    except metadata.PackageNotFoundError:
        return "unknown"
