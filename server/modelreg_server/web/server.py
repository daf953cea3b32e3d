"""The aiohttp application: middleware for the caller, CSRF and domain errors; the areas add pages.

Every page is also JSON (`?format=json` or `Accept: application/json`) with the data its HTML
shows, and a downloadable self-contained report (`?format=report`, report.py). URLs follow the
API's resource names: /models/{model}, /models/{model}/versions/{n}. Every response carries a
Server-Timing header: the metadata statements the request ran, their time, and the total.
"""

import logging
import time
from pathlib import Path
from urllib.parse import quote

import jinja2
from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from .. import errors, logs, querystats
from ..access import ADMIN, Caller
from . import actions, activity, compare, hooks, lineage, login_links, pages, prometheus, session
from .keys import (AUTH_KEY, AUTOMATIONS_KEY, GRPC_ADDRESS_KEY, JINJA_KEY, METRICS_KEY, MONITORS_KEY, REGISTRY_KEY,
                   SESSIONS_KEY, TELEMETRY_KEY)
from .views import render, wants_json

log = logging.getLogger("modelreg.web")
HERE = Path(__file__).parent
STATUS = {errors.InvalidArgument: 400, errors.NotFound: 404, errors.AlreadyExists: 409, errors.Conflict: 409,
          errors.FailedPrecondition: 412, errors.OutOfRange: 400, errors.TooLarge: 413,
          errors.PermissionDenied: 403, errors.Unauthenticated: 401}


def make_app(registry, *, auth: bool, automations=None, grpc_address: str = "", metrics=None,
             telemetry=None, monitors=None) -> web.Application:
    """automations: the webhooks' rules (automations.Automations) for /webhooks; None: not served.
    grpc_address: HOST:PORT of the gRPC API, for the pull lines pages show. telemetry: the
    server's telemetry.Telemetry, served at /metrics (prometheus.py); None: not served. monitors:
    monitors.Monitors, listed on the model page; None: not shown."""
    app = web.Application(middlewares=[_timing, _errors, _csrf, _caller])
    app[REGISTRY_KEY] = registry
    app[AUTOMATIONS_KEY] = automations
    app[METRICS_KEY] = metrics
    app[MONITORS_KEY] = monitors
    app[SESSIONS_KEY] = session.Sessions(registry.governance)
    app[AUTH_KEY] = auth
    app[GRPC_ADDRESS_KEY] = grpc_address
    app[TELEMETRY_KEY] = telemetry
    app[JINJA_KEY] = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
                                        undefined=jinja2.StrictUndefined)
    app[JINJA_KEY].globals["ADMIN"] = ADMIN  # templates show admin-only links to global admins
    app[JINJA_KEY].filters["when"] = lambda us: time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(us / 1e6)) if us else ""
    app.router.add_static("/static/", HERE / "static")
    for area in (pages, compare, lineage, activity, hooks, actions, login_links, prometheus):  # each area adds its routes
        area.add_routes(app)
    return app


async def start_http(registry, host: str, port: int, *, auth: bool, automations=None, grpc_address: str = "", metrics=None,
                     shutdown_timeout: float = 5.0, telemetry=None, monitors=None) -> tuple[web.AppRunner, int]:
    """Starts the dashboard in the running loop: (runner to clean up, port bound). At cleanup,
    handlers still running (live activity streams end once the event log closes) get
    shutdown_timeout seconds before they are cancelled."""
    runner = web.AppRunner(make_app(registry, auth=auth, automations=automations, grpc_address=grpc_address,
                                    metrics=metrics, telemetry=telemetry, monitors=monitors),
                           access_log_class=_AccessLog, access_log=logs.ACCESS, shutdown_timeout=shutdown_timeout)
    await runner.setup()
    site = web.TCPSite(runner, host.strip("[]"), port, reuse_address=True)
    try:
        await site.start()
    except OSError:
        await runner.cleanup()
        raise
    return runner, site._server.sockets[0].getsockname()[1]


class _AccessLog(AbstractAccessLogger):
    """The dashboard's access lines (logs.http_access), written once a response is sent, so a
    streamed page or a static file counts whole. The principal is the caller the middleware
    below resolved; a path holding a secret (a sign-in link) is logged as its route."""

    @property
    def enabled(self) -> bool:
        return logs.access_enabled()

    def log(self, request, response, time: float) -> None:
        if not logs.access_enabled():
            return
        caller = request.get("caller")
        path = request.path
        try:
            info = request.match_info
        except (AttributeError, AssertionError):  # refused before routing (a malformed request)
            info = None
        if info is not None and "secret" in info and info.route.resource is not None:
            path = info.route.resource.canonical
        logs.http_access(method=request.method, path=path, status=response.status, duration=time,
                         bytes_in=request.content_length or 0, bytes_out=response.body_length,
                         principal=caller.name if caller is not None else "", peer=request.remote or "",
                         user_agent=request.headers.get("User-Agent", ""))


# Middleware

@web.middleware
async def _timing(request, handler):
    """Server-Timing on every response: `db` (statements run through the storage layer, their
    count in desc) and `total` (the handler, rendering included), in milliseconds, as the
    browser's devtools and scripts/bench read them."""
    began = time.perf_counter()
    with querystats.tallied() as tally:
        try:
            response = await handler(request)
        except web.HTTPException as e:  # a redirect a handler raises is a response too
            _server_timing(e, tally, began)
            raise
    _server_timing(response, tally, began)
    return response


def _server_timing(response, tally: querystats.Tally, began: float) -> None:
    response.headers["Server-Timing"] = (f'db;desc="{tally.queries} queries";dur={tally.seconds * 1e3:.2f}, '
                                         f'total;dur={(time.perf_counter() - began) * 1e3:.2f}')


@web.middleware
async def _errors(request, handler):
    """Domain errors become the HTTP status of their class and a page (or JSON) saying why; so
    do HTTP errors (an unknown path, a wrong method) and unexpected failures, in the same shape:
    {"error": {"reason", "message", "metadata"}}."""
    try:
        return await handler(request)
    except errors.RegistryError as e:
        status = STATUS.get(type(e), 400)
        if status in (401, 403):
            _record_denial(request, e)
        if status == 401 and not wants_json(request):
            # The whole URL, its query too, comes back after signing in (quoted: it may hold `&`).
            raise web.HTTPSeeOther(f"/sign-in?next={quote(request.path_qs, safe='/')}") from None
        return _error(request, status, e.reason, e.message, e.metadata)
    except web.HTTPException as e:
        if e.status < 400:
            raise
        reason = e.reason.upper().replace(" ", "_").replace("-", "_")
        return _error(request, e.status, reason, f"{request.method} {request.path}: {e.reason.lower()}", {},
                      headers={k: v for k, v in e.headers.items() if k == "Allow"})
    except Exception:
        log.exception("dashboard request %s %s failed", request.method, request.path)
        return _error(request, 500, "INTERNAL", "the server failed to answer this request; its log says why", {})


def _error(request, status: int, reason: str, message: str, metadata: dict, *, headers=None) -> web.Response:
    body = {"error": {"reason": reason, "message": message, "metadata": metadata}}
    response = web.json_response(body, status=status) if wants_json(request) else \
        render(request, "error.html", body, status=status)
    response.headers.update(headers or {})
    return response


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
    session_id = request.cookies.get(session.SESSION_COOKIE)
    request["session"] = None
    if not request.app[AUTH_KEY]:
        request["caller"] = Caller.local()
    elif request.path.startswith(("/sign-in", "/static/")) or request.path == prometheus.PATH:
        # /metrics checks a bearer token itself: Prometheus has no session
        request["caller"] = None
    elif session_id:
        request["caller"] = await request.app[SESSIONS_KEY].caller(session_id)
        request["session"] = session_id
    else:
        request["caller"] = await registry.governance.authenticate(None)  # TOKEN_MISSING: sign in
    return await handler(request)


def _record_denial(request, e: errors.RegistryError) -> None:
    """A refused page or form joins the audit trail as a refused gRPC call does (api.rpc): the
    method is the HTTP method and route (`POST /models/{model}/aliases/{alias}`), the source the
    caller's name or else the remote address."""
    route = request.match_info.route.resource
    path = route.canonical if route is not None else request.path
    code = "UNAUTHENTICATED" if isinstance(e, errors.Unauthenticated) else "PERMISSION_DENIED"
    request.app[REGISTRY_KEY].governance.record_denial(
        caller=request.get("caller"), method=f"{request.method} {path}", code=code, reason=e.reason,
        message=e.message, model=e.metadata.get("model", ""), peer=request.remote or "")
