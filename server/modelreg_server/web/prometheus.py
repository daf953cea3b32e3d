"""/metrics: the server's own health in Prometheus's text format (telemetry.py).

Prometheus scrapes without cookies, so no dashboard session is asked for. With authentication
off (a loopback server, or --insecure-no-auth) it is open like everything else. With
authentication on, a scrape must carry a modelreg token (`Authorization: Bearer TOKEN`): any
valid one, no role needed — e.g. a service account `prometheus` with no bindings, whose token
Prometheus reads from a file (`authorization: {credentials_file: ...}`). No new secret to manage,
revocable like any token, and refusals join the audit trail. What it shows (call counts per
method, bytes, backlog) names no model, so no role is required beyond being a known principal.
"""

from aiohttp import web

from .. import errors
from .keys import AUTH_KEY, REGISTRY_KEY, TELEMETRY_KEY

PATH = "/metrics"


def add_routes(app: web.Application) -> None:
    if app.get(TELEMETRY_KEY) is not None:
        app.router.add_get(PATH, metrics)


async def metrics(request: web.Request) -> web.Response:
    if request.app[AUTH_KEY]:
        registry = request.app[REGISTRY_KEY]
        try:
            request["caller"] = await registry.governance.authenticate(request.headers.get("Authorization"))
        except errors.Unauthenticated as e:
            registry.governance.record_denial(caller=None, method=f"GET {PATH}", code="UNAUTHENTICATED",
                                              reason=e.reason, message=e.message, model="", peer=request.remote or "")
            return web.Response(status=401, text=f"{e.reason}: {e.message}\n",
                                headers={"WWW-Authenticate": 'Bearer realm="modelreg"'})
    body = await request.app[TELEMETRY_KEY].exposition()
    from ..telemetry import CONTENT_TYPE
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})
