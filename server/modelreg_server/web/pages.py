"""The registry's pages: home, models, model, version. URLs follow the API's resource names."""

from aiohttp import web

from .. import errors
from .keys import REGISTRY_KEY, SESSIONS_KEY
from . import session
from .views import PAGE_SIZE, model_json, render, version_json


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", home)
    app.router.add_get("/models", models)
    app.router.add_get("/models/{model}", model)
    app.router.add_get("/models/{model}/versions/{number}", version)
    app.router.add_get("/sign-in", sign_in_form)
    app.router.add_post("/sign-in", sign_in)
    app.router.add_post("/sign-out", sign_out)


async def home(request):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    count, versions = await registry.count_models(caller=caller)  # one query, however many models
    shown = (await registry.list_models(page_size=10, caller=caller)).items
    recent = await registry.list_versions("models/-", page_size=10, caller=caller)
    return render(request, "home.html", {
        "model_count": count, "version_count": versions,
        "recent_versions": [version_json(v) for v in recent.items],
        "models": [model_json(m) for m in shown]})


async def models(request):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    query = request.query.get("filter", "")
    order_by = request.query.get("order_by", "")
    data = {"filter": query, "order_by": order_by, "models": [], "next_page_token": "", "error": None}
    try:
        page = await registry.list_models(page_size=PAGE_SIZE, filter=query, order_by=order_by,
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
