"""Activity: the event log (and, for admins, refused calls) newest first, filtered with the Watch
filter grammar, and live over server-sent events.

The page is read by service.Registry.event_history and the stream by service.Registry.watch, so
both apply the rules gRPC's Watch applies: the same filter evaluator, and only events of models the
caller may read (the stream re-checks its caller as Watch does). The page tells the stream the
watermark it was read at (`after`); every later event arrives once, each SSE message carrying its
sequence as `id:`, so the browser's EventSource resumes after a reconnect with `Last-Event-ID`
from that Watch cursor and misses nothing. Progress messages (also with an `id:`, the cursor Watch
has checked through) keep the connection alive.
"""

import asyncio
import contextlib
import json

from aiohttp import web

from .. import errors
from ..service import Progress
from .keys import REGISTRY_KEY
from .views import PAGE_SIZE, render

KEEPALIVE = 10.0  # seconds between progress messages on a quiet stream
RETRY_MS = 2000  # the EventSource reconnect delay the stream asks for
DISCONNECT_CHECK = 1.0  # how often a quiet stream looks whether its browser went away


def add_routes(app: web.Application) -> None:
    app.router.add_get("/activity", activity)
    app.router.add_get("/activity/stream", stream)


def event_json(e) -> dict:
    """An event (EventRow) or a refused call (DeniedRow) of the activity list, with the page it concerns."""
    if not hasattr(e, "sequence"):
        return {"kind": "denied", "time": e.time, "type": "DENIED", "model": e.model, "actor": e.actor,
                "method": e.method, "code": e.code, "reason": e.reason, "message": e.message, "count": e.count,
                "source": e.source, "link": f"/models/{e.model}" if e.model else ""}
    link = ""
    if e.model and e.type != "MODEL_DELETED":
        link = f"/models/{e.model}/versions/{e.version}" if e.version else f"/models/{e.model}"
    return {"kind": "event", "sequence": e.sequence, "time": e.time, "type": e.type, "model": e.model,
            "version": e.version, "alias": e.alias, "previous_version": e.previous_version, "actor": e.actor,
            "digest": e.digest, "subject": e.subject, "details": dict(e.details), "link": link}


async def activity(request):
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    query = request.query.get("filter", "")
    token = request.query.get("page_token", "")
    data = {"filter": query, "events": [], "next_page_token": "", "head": 0, "live": not token, "error": None}
    try:
        history = await registry.event_history(page_token=token, limit=PAGE_SIZE, filter=query, caller=caller)
    except errors.InvalidArgument as e:
        data["error"] = {"reason": e.reason, "message": e.message, "metadata": e.metadata}
        data["live"] = False
        return render(request, "activity.html", data, status=400)
    data.update(events=[event_json(e) for e in history.items], next_page_token=history.next_page_token,
                head=history.head)
    return render(request, "activity.html", data)


def _cursor(request) -> int | None:
    """Where the stream starts: after Last-Event-ID (an EventSource reconnecting), else after
    `?after=` (the page's watermark), else from now on."""
    given = request.headers.get("Last-Event-ID", "") or request.query.get("after", "")
    if not given:
        return None
    if not given.isdigit() or len(given) > 19:
        raise errors.InvalidArgument("INVALID_CURSOR", f"invalid event cursor {given[:40]!r}: a sequence number")
    return int(given)


def _message(*, data: dict, id: int | None = None, event: str = "") -> bytes:
    lines = ([f"event: {event}"] if event else []) + ([f"id: {id}"] if id is not None else [])
    return ("\n".join(lines + [f"data: {json.dumps(data)}"]) + "\n\n").encode()


async def stream(request):
    """text/event-stream of the events matching `filter`. A refusal (bad filter or cursor, a
    compacted cursor, a revoked token or role) is one `refused` event with the error, then the end."""
    registry, caller = request.app[REGISTRY_KEY], request["caller"]
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache",
                                           "X-Accel-Buffering": "no"})
    await response.prepare(request)
    await response.write(f"retry: {RETRY_MS}\n\n".encode())

    async def pump():
        try:
            watch = registry.watch(after_sequence=_cursor(request), filter=request.query.get("filter", ""),
                                   progress_interval=KEEPALIVE, caller=caller)
            async with contextlib.aclosing(watch):
                async for item in watch:
                    if isinstance(item, Progress):
                        await response.write(_message(event="progress", id=item.head_sequence,
                                                      data={"head_sequence": item.head_sequence}))
                    else:
                        await response.write(_message(id=item.sequence, data=event_json(item)))
        except errors.RegistryError as e:
            await response.write(_message(event="refused", data={
                "error": {"reason": e.reason, "message": e.message, "metadata": e.metadata}}))

    task = asyncio.ensure_future(pump())
    try:
        while not task.done():  # the handler is not cancelled when the browser goes away: look
            await asyncio.wait({task}, timeout=DISCONNECT_CHECK)
            if request.transport is None or request.transport.is_closing():
                task.cancel()
        with contextlib.suppress(asyncio.CancelledError, ConnectionError):
            await task  # ConnectionError: the browser went away while a message was written
    finally:
        task.cancel()  # the handler itself cancelled (a shutdown past its timeout)
    return response
