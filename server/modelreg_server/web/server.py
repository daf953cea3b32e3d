"""The aiohttp application: middleware for the caller, CSRF and domain errors; the areas add pages.

Every page is also JSON (`?format=json` or `Accept: application/json`) with the data its HTML
shows. URLs follow the API's resource names: /models/{model}, /models/{model}/versions/{n}.
"""

import logging
import time
from pathlib import Path
from urllib.parse import quote

import jinja2
from aiohttp import web

from .. import errors
from ..access import ADMIN, Caller
from . import actions, activity, compare, hooks, lineage, login_links, pages, session
from .keys import AUTH_KEY, AUTOMATIONS_KEY, GRPC_ADDRESS_KEY, JINJA_KEY, REGISTRY_KEY, SESSIONS_KEY
from .views import render, wants_json

log = logging.getLogger("modelreg.web")
HERE = Path(__file__).parent
STATUS = {errors.InvalidArgument: 400, errors.NotFound: 404, errors.AlreadyExists: 409, errors.Conflict: 409,
          errors.FailedPrecondition: 412, errors.OutOfRange: 400, errors.TooLarge: 413,
          errors.PermissionDenied: 403, errors.Unauthenticated: 401}


def make_app(registry, *, auth: bool, automations=None, grpc_address: str = "") -> web.Application:
    """automations: the webhooks' rules (automations.Automations) for /webhooks; None: not served.
    grpc_address: HOST:PORT of the gRPC API, for the pull lines pages show."""
    app = web.Application(middlewares=[_errors, _csrf, _caller])
    app[REGISTRY_KEY] = registry
    app[AUTOMATIONS_KEY] = automations
    app[SESSIONS_KEY] = session.Sessions(registry.governance)
    app[AUTH_KEY] = auth
    app[GRPC_ADDRESS_KEY] = grpc_address
    app[JINJA_KEY] = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
                                        undefined=jinja2.StrictUndefined)
    app[JINJA_KEY].globals["ADMIN"] = ADMIN  # templates show admin-only links to global admins
    app[JINJA_KEY].filters["when"] = lambda us: time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(us / 1e6)) if us else ""
    app.router.add_static("/static/", HERE / "static")
    for area in (pages, compare, lineage, activity, hooks, actions, login_links):  # each area adds its routes
        area.add_routes(app)
    return app


async def start_http(registry, host: str, port: int, *, auth: bool, automations=None, grpc_address: str = "",
                     shutdown_timeout: float = 5.0) -> tuple[web.AppRunner, int]:
    """Starts the dashboard in the running loop: (runner to clean up, port bound). At cleanup,
    handlers still running (live activity streams end once the event log closes) get
    shutdown_timeout seconds before they are cancelled."""
    runner = web.AppRunner(make_app(registry, auth=auth, automations=automations, grpc_address=grpc_address),
                           access_log=None, shutdown_timeout=shutdown_timeout)
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
        if status in (401, 403):
            _record_denial(request, e)
        if status == 401 and not wants_json(request):
            raise web.HTTPSeeOther(f"/sign-in?next={quote(request.path_qs, safe='/')}") from None
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
    session_id = request.cookies.get(session.SESSION_COOKIE)
    request["session"] = None
    if not request.app[AUTH_KEY]:
        request["caller"] = Caller.local()
    elif request.path.startswith(("/sign-in", "/static/")):
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
