"""The aiohttp application: middleware for the caller, CSRF and domain errors, and the pages.

Every page is also JSON (`?format=json` or `Accept: application/json`) with the data its HTML
shows. URLs follow the API's resource names: /models/{model}, /models/{model}/versions/{n}.
"""

import logging
import time
from dataclasses import asdict
from pathlib import Path

import jinja2
from aiohttp import web

from .. import errors
from ..access import Caller
from . import session

log = logging.getLogger("modelreg.web")
HERE = Path(__file__).parent
PAGE_SIZE = 50
STATUS = {errors.InvalidArgument: 400, errors.NotFound: 404, errors.AlreadyExists: 409, errors.Conflict: 409,
          errors.FailedPrecondition: 412, errors.OutOfRange: 400, errors.TooLarge: 413,
          errors.PermissionDenied: 403, errors.Unauthenticated: 401}
REGISTRY_KEY = web.AppKey("registry", object)
SESSIONS_KEY = web.AppKey("sessions", session.Sessions)
JINJA_KEY = web.AppKey("jinja", jinja2.Environment)
AUTH_KEY = web.AppKey("auth", bool)


def make_app(registry, *, auth: bool) -> web.Application:
    app = web.Application(middlewares=[_errors, _csrf, _caller])
    app[REGISTRY_KEY] = registry
    app[SESSIONS_KEY] = session.Sessions()
    app[AUTH_KEY] = auth
    app[JINJA_KEY] = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
                                        undefined=jinja2.StrictUndefined)
    app[JINJA_KEY].filters["when"] = lambda us: time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(us / 1e6)) if us else ""
    app.router.add_static("/static/", HERE / "static")
    app.router.add_get("/", home)
    app.router.add_get("/models", models)
    app.router.add_get("/models/{model}", model)
    app.router.add_get("/models/{model}/versions/{number}", version)
    app.router.add_get("/sign-in", sign_in_form)
    app.router.add_post("/sign-in", sign_in)
    app.router.add_post("/sign-out", sign_out)
    return app


async def start_http(registry, host: str, port: int, *, auth: bool) -> tuple[web.AppRunner, int]:
    """Starts the dashboard in the running loop: (runner to clean up, port bound)."""
    runner = web.AppRunner(make_app(registry, auth=auth), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host.strip("[]"), port, reuse_address=True)
    try:
        await site.start()
    except OSError:
        await runner.cleanup()
        raise
    return runner, site._server.sockets[0].getsockname()[1]


# Middleware

@web.middleware
async def _errors(request, handler):
    """Domain errors become the HTTP status of their class and a page (or JSON) saying why."""
    try:
        return await handler(request)
    except errors.RegistryError as e:
        status = STATUS.get(type(e), 400)
        if status == 401 and not wants_json(request):
            raise web.HTTPSeeOther(f"/sign-in?next={request.path_qs}") from None
        body = {"error": {"reason": e.reason, "message": e.message, "metadata": e.metadata}}
        if wants_json(request):
            return web.json_response(body, status=status)
        return render(request, "error.html", body, status=status)


@web.middleware
async def _csrf(request, handler):
    """Refuses every POST whose `csrf` field does not match the CSRF cookie; gives every browser one."""
    cookie = request.cookies.get(session.CSRF_COOKIE)
    if request.method == "POST":
        form = await request.post()
        if not session.csrf_ok(cookie, form.get("csrf")):
            raise errors.PermissionDenied("CSRF_TOKEN_INVALID", "this form lacks a valid CSRF token: reload the page")
    request["csrf"] = cookie or session.new_csrf()
    response = await handler(request)
    if not cookie:
        session.set_cookie(response, session.CSRF_COOKIE, request["csrf"], secure=request.secure)
    return response


@web.middleware
async def _caller(request, handler):
    """The caller: anyone when auth is off; else the session's token, checked now (a revoked
    token or a changed binding counts from the next page load)."""
    registry = request.app[REGISTRY_KEY]
    request["session"] = request.app[SESSIONS_KEY].get(request.cookies.get(session.SESSION_COOKIE))
    if not request.app[AUTH_KEY]:
        request["caller"] = Caller.local()
    elif request.path.startswith(("/sign-in", "/static/")):
        request["caller"] = None
    else:
        authorization = request["session"].authorization if request["session"] else None
        request["caller"] = await registry.governance.authenticate(authorization)
    return await handler(request)


# Rendering

def wants_json(request) -> bool:
    return request.query.get("format") == "json" or \
        request.headers.get("Accept", "").split(",")[0].strip() == "application/json"


def render(request, template: str, data: dict, *, status: int = 200) -> web.Response:
    if wants_json(request):
        return web.json_response(data, status=status)
    html = request.app[JINJA_KEY].get_template(template).render(
        **data, csrf=request["csrf"], auth=request.app[AUTH_KEY], caller=request.get("caller"),
        signed_in=request.get("session") is not None)
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
        data["files"] = [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in v.files]
    return data


# Pages

async def home(request):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    shown, count, versions, token = [], 0, 0, ""
    while True:  # counts what this caller may read, a page of models per query
        page = await registry.list_models(page_size=1000, page_token=token, caller=caller)
        count += len(page.items)
        versions += sum(m.next_version - 1 for m in page.items)  # numbers handed out: versions created
        shown.extend(page.items[:max(0, 10 - len(shown))])
        token = page.token(len(page.items))
        if not token:
            break
    recent = await registry.list_versions("models/-", page_size=10, caller=caller)
    return render(request, "home.html", {
        "model_count": count, "version_count": versions,
        "recent_versions": [version_json(v) for v in recent.items],
        "models": [model_json(m) for m in shown]})


async def models(request):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    query = request.query.get("filter", "")
    data = {"filter": query, "models": [], "next_page_token": "", "error": None}
    try:
        page = await registry.list_models(page_size=PAGE_SIZE, filter=query, order_by=request.query.get("order_by", ""),
                                          page_token=request.query.get("page_token", ""), caller=caller)
    except errors.InvalidArgument as e:
        data["error"] = {"reason": e.reason, "message": e.message, "metadata": e.metadata}
        return render(request, "models.html", data, status=400)
    data["models"] = [model_json(m) for m in page.items]
    data["next_page_token"] = page.token(len(page.items))
    return render(request, "models.html", data)


async def model(request):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    name = f"models/{request.match_info['model']}"
    row = await registry.get_model(name, caller=caller)
    page = await registry.list_versions(name, page_size=PAGE_SIZE, page_token=request.query.get("page_token", ""),
                                        order_by="number desc", caller=caller)
    versions = [version_json(v) for v in page.items]
    metrics = sorted({k for v in versions for k in v["metrics"]})
    return render(request, "model.html", {"model": model_json(row), "versions": versions, "metric_columns": metrics,
                                          "next_page_token": page.token(len(page.items))})


async def version(request):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    number = request.match_info["number"]
    row = await registry.get_version(f"models/{request.match_info['model']}/versions/{number}", caller=caller)
    data = version_json(row)
    data.setdefault("files", [])
    data["pull"] = f"modelreg pull {row.model}:{row.number}"
    return render(request, "version.html", {"version": data})


async def sign_in_form(request):
    return render(request, "sign_in.html", {"next": request.query.get("next", "/"), "error": None})


async def sign_in(request):
    """Checks the API token now, then keeps it in a server-side session named by the cookie."""
    form = await request.post()
    token, target = str(form.get("token", "")), str(form.get("next", "/"))
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    try:
        await request.app[REGISTRY_KEY].governance.authenticate(f"Bearer {token.strip()}")
    except errors.Unauthenticated as e:
        return render(request, "sign_in.html", {"next": target, "error": e.message}, status=401)
    response = web.Response(status=303, headers={"Location": target})
    session.set_cookie(response, session.SESSION_COOKIE, request.app[SESSIONS_KEY].create(token),
                       secure=request.secure)
    return response


async def sign_out(request):
    request.app[SESSIONS_KEY].end(request.cookies.get(session.SESSION_COOKIE))
    response = web.Response(status=303, headers={"Location": "/sign-in"})
    response.del_cookie(session.SESSION_COOKIE, path="/")
    return response
