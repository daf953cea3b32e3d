"""Webhooks (admins only, as over gRPC): each subscription with its filter, URL and state, and its
delivery history (every attempt with its status code, error, latency and time). Read through the
same rules as AutomationService (automations.Automations), which refuse anyone but a global admin."""

from aiohttp import web

from .. import errors
from .keys import AUTOMATIONS_KEY
from .views import PAGE_SIZE, render


def add_routes(app: web.Application) -> None:
    app.router.add_get("/webhooks", webhooks)
    app.router.add_get("/webhooks/{id}", webhook)


def _automations(request):
    automations = request.app[AUTOMATIONS_KEY]
    if automations is None:
        raise errors.NotFound("WEBHOOKS_NOT_SERVED", "this dashboard was started without webhooks")
    return automations


def webhook_json(w) -> dict:
    return {"name": f"webhooks/{w.name}", "id": w.name, "target_url": w.target_url, "filter": w.filter,
            "models": list(w.models), "event_types": list(w.event_types), "aliases": list(w.aliases),
            "payload_format": w.payload_format, "state": w.state, "on_failure": w.on_failure,
            "description": w.description, "cursor": w.cursor, "last_error": w.last_error, "pending": w.pending,
            "failed": w.failed, "create_time": w.create_time, "update_time": w.update_time}


def delivery_json(d) -> dict:
    return {"id": d.id, "message_id": d.message_id, "sequence": d.sequence, "payload_type": d.payload_type,
            "event": dict(d.event), "status": d.status, "attempts": d.attempts,
            "next_attempt_time": d.next_attempt_time, "create_time": d.create_time, "update_time": d.update_time,
            "history": [{"time": a.time, "status_code": a.status_code, "latency_micros": a.latency_micros,
                         "error": a.error} for a in d.history]}


async def webhooks(request):
    page = await _automations(request).list_webhooks(page_size=PAGE_SIZE, caller=request["caller"],
                                                     page_token=request.query.get("page_token", ""))
    return render(request, "webhooks.html", {"webhooks": [webhook_json(w) for w in page.items],
                                             "next_page_token": page.token(len(page.items))})


async def webhook(request):
    hook, page = await _automations(request).list_deliveries(
        f"webhooks/{request.match_info['id']}", page_size=PAGE_SIZE, status=request.query.get("status", ""),
        page_token=request.query.get("page_token", ""), caller=request["caller"])
    return render(request, "webhook.html", {"webhook": webhook_json(hook),
                                            "deliveries": [delivery_json(d) for d in page.items],
                                            "status": request.query.get("status", ""),
                                            "next_page_token": page.token(len(page.items))})
