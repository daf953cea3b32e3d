"""One-time sign-in links (`modelreg ui-login`): /sign-in/link/<secret> signs a browser in as the
token that asked for the link (governance.create_login_link).

Opening the link shows who it signs in as and a button; the POST of that button uses the link up
and starts the session. The link is not used up by a GET, so a chat's link preview or a mail
scanner that fetches it cannot spend it. A link lasts 5 minutes and works once.
"""

from aiohttp import web

from .. import errors
from . import session
from .keys import REGISTRY_KEY
from .views import render, wants_json


def add_routes(app: web.Application) -> None:
    app.router.add_get("/sign-in/link/{secret}", confirm)
    app.router.add_post("/sign-in/link/{secret}", redeem)


async def confirm(request):
    governance = request.app[REGISTRY_KEY].governance
    try:
        caller = await governance.login_link_caller(request.match_info["secret"])
    except errors.Unauthenticated as e:
        return _refused(request, e)
    return render(request, "sign_in_link.html", {"principal": caller.name})


async def redeem(request):
    governance = request.app[REGISTRY_KEY].governance
    try:
        session_id = await governance.redeem_login_link(request.match_info["secret"])
    except errors.Unauthenticated as e:
        governance.record_denial(caller=None, method=f"POST {request.match_info.route.resource.canonical}",
                                 code="UNAUTHENTICATED", reason=e.reason, message=e.message, peer=request.remote or "")
        return _refused(request, e)
    response = web.Response(status=303, headers={"Location": "/"})
    session.set_cookie(response, session.SESSION_COOKIE, session_id, secure=request.secure)
    return response


def _refused(request, e: errors.Unauthenticated) -> web.Response:
    """The sign-in page saying why the link did not work (a token still can)."""
    if wants_json(request):
        return web.json_response({"error": {"reason": e.reason, "message": e.message, "metadata": e.metadata}},
                                 status=401)
    return render(request, "sign_in.html", {"next": "/", "error": e.message}, status=401)
