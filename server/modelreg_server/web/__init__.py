"""The web dashboard, served by `modelreg serve --http` from the same process and event loop as gRPC.

Stack: aiohttp.web. It is asyncio-native, so its AppRunner/TCPSite start inside the loop that
already runs grpc.aio (no second thread, no second loop, no ASGI adapter layer), and it is one
maintained dependency with binary wheels. Starlette would need uvicorn's Server driven by hand in
the same loop plus anyio; aiohttp does that job alone. Pages are Jinja2 templates with autoescape
on; every asset lives in this package (no CDN).

Layers: handlers (server.py) translate HTTP <-> domain and call the same rules (service.Registry,
governance) as the gRPC servicers; who the caller is and how domain errors become HTTP statuses
(session.py, errors below) are shared by every handler, not welded to gRPC.
"""

from .server import start_http  # noqa: F401
