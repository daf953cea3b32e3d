"""Actions: move an alias (compare-and-swap), archive and restore a version, edit descriptions and tags.

Each is a POST form (CSRF-checked by server._csrf) that calls the same rules method as its gRPC
call, with the signed-in caller: roles, alias protection, validation, limits and the audit trail
(events carry the caller's name as actor) are the gRPC ones. A success redirects back (the form's
`next`, a path on this site) with a flash message; with `?format=json` it answers the changed
resource as JSON instead. A refusal is the domain error's status (server._errors), recorded as
a denial there when it is Unauthenticated or PermissionDenied.

Moving an alias carries `expected_version`, the target the page showed (0: the alias did not
exist): if someone moved it since, nothing changes and the answer (409) says where it points
now, who moved it and when, with a form to retry against that state.
"""

import urllib.parse

from aiohttp import web

from .. import errors, names
from ..access import ROLES
from . import session
from .keys import JINJA_KEY, REGISTRY_KEY
from .views import model_json, render, version_json, wants_json

FLASH_COOKIE = "modelreg_flash"
FLASH_CHARS = 300  # a flash message is ours, but it echoes names: keep the cookie small


def add_routes(app: web.Application) -> None:
    app.router.add_post("/models/{model}/aliases", move_alias)  # a new alias: its name is the form's `alias`
    app.router.add_post("/models/{model}/aliases/{alias}", move_alias)
    app.router.add_post("/models/{model}/edit", edit_model)
    app.router.add_post("/models/{model}/versions/{number}/archive", archive)
    app.router.add_post("/models/{model}/versions/{number}/restore", restore)
    app.router.add_post("/models/{model}/versions/{number}/edit", edit_version)
    app[JINJA_KEY].globals["may"] = may
    app.middlewares.append(_flash)


def may(caller, role: str, model: str) -> bool:
    """For templates: whether to show a control. The server checks again on the POST."""
    return caller is not None and caller.may(ROLES[role], model.removeprefix("models/"))


async def move_alias(request):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    form = await request.post()
    model_id = request.match_info["model"]
    alias = request.match_info.get("alias") or str(form.get("alias", "")).strip()
    version = _number(form.get("version"), "version")
    expected = None if "expected_version" not in form else _number(form.get("expected_version") or "0",
                                                                    "expected_version", zero=True)
    try:
        row = await registry.set_alias(model_id, alias, version, expected_version=expected, caller=caller)
    except errors.Conflict as e:
        if e.reason != "ALIAS_CONFLICT":
            raise
        return await _conflict(request, e, model_id=model_id, alias=alias, version=version, expected=expected,
                               back=_back(form, f"/models/{model_id}"))
    data = {"alias": {"name": f"models/{row.model}/aliases/{row.alias}", "model": row.model, "alias": row.alias,
                      "version": row.version, "previous_version": row.previous_version}}
    return _done(request, form, f"/models/{model_id}", data,
                 f"{model_id}:{row.alias} now points at version {row.version} (was {row.previous_version or 'unset'})")


async def archive(request):
    return await _state(request, archive=True)


async def restore(request):
    return await _state(request, archive=False)


async def edit_model(request):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    form = await request.post()
    name = f"models/{request.match_info['model']}"
    mask, description, tags = _edits(form)
    row = await registry.update_model(name, update_mask=mask, description=description, tags=tags, caller=caller)
    return _done(request, form, f"/{name}", {"model": model_json(row)}, f"{row.name}: {' and '.join(mask)} saved")


async def edit_version(request):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    form = await request.post()
    name = f"models/{request.match_info['model']}/versions/{request.match_info['number']}"
    mask, description, tags = _edits(form)
    row = await registry.update_version(name, update_mask=mask, description=description, tags=tags, caller=caller)
    return _done(request, form, f"/{name}", {"version": version_json(row)},
                 f"{row.model}:{row.number}: {' and '.join(mask)} saved")


async def _state(request, *, archive: bool):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    form = await request.post()
    name = f"models/{request.match_info['model']}/versions/{request.match_info['number']}"
    change = registry.archive_version if archive else registry.restore_version
    row = await change(name, caller=caller)
    return _done(request, form, f"/{name}", {"version": version_json(row)},
                 f"{row.model}:{row.number} is {row.state}")


async def _conflict(request, e: errors.Conflict, *, model_id: str, alias: str, version: int, expected, back: str):
    """The 409 page: where the alias points now and who put it there, with a retry form."""
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    current = int(e.metadata.get("current_version", 0))
    moved = await registry.last_alias_move(model_id, alias, caller=caller) if current else None
    data = {"error": {"reason": e.reason, "message": e.message, "metadata": e.metadata},
            "model": f"models/{model_id}", "alias": alias, "version": version, "expected_version": expected or 0,
            "current_version": current, "moved_by": moved.actor if moved else "", "moved_time": moved.time if moved else 0,
            "next": back}
    return render(request, "alias_conflict.html", data, status=409)


def _edits(form) -> tuple[list[str], str, dict]:
    """(update_mask, description, tags) from an edit form: each field present is replaced whole."""
    mask = [field for field in ("description", "tags") if field in form]
    description = str(form.get("description", "")).replace("\r\n", "\n")
    tags = parse_tags(str(form.get("tags", "")))
    return mask, description, tags


def parse_tags(text: str) -> dict:
    """`key=value` per line (blank lines skipped) as a tags map; names.tags checks keys, values
    and how many, as over gRPC."""
    tags = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        key, eq, value = line.partition("=")
        key = key.strip()
        if not eq:
            raise errors.InvalidArgument("INVALID_TAG", f"tags line {number} is not key=value", line=str(number))
        if key in tags:
            raise errors.InvalidArgument("INVALID_TAG", f"tag {key!r} is given twice", key=key)
        tags[key] = value.strip()
    return names.tags(tags)


def _number(value, field: str, *, zero: bool = False) -> int:
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 10:
        raise errors.InvalidArgument("INVALID_VERSION", f"{field} must be a version number, got {text[:20]!r}",
                                     field=field)
    number = int(text)
    return number if zero and number == 0 else names.version_number(number, field)


def _back(form, default: str) -> str:
    """The form's `next`: a path on this site only (never another host)."""
    target = str(form.get("next", "")) or default
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else default


def _done(request, form, default: str, data: dict, message: str) -> web.Response:
    if wants_json(request):
        return web.json_response(data)
    response = web.Response(status=303, headers={"Location": _back(form, default)})
    session.set_cookie(response, FLASH_COOKIE, urllib.parse.quote(message[:FLASH_CHARS]), secure=request.secure)
    return response


@web.middleware
async def _flash(request, handler):
    """The message of the last action, shown once by the next page (views.render passes it)."""
    cookie = request.cookies.get(FLASH_COOKIE)
    request["flash"] = urllib.parse.unquote(cookie)[:FLASH_CHARS] if cookie else ""
    response = await handler(request)
    if cookie and response.status < 300 and response.content_type == "text/html":
        response.del_cookie(FLASH_COOKIE, path="/")
    return response
