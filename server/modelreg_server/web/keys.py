"""The application's shared state, by typed key (aiohttp.web.AppKey)."""

import jinja2
from aiohttp import web

from . import session

REGISTRY_KEY = web.AppKey("registry", object)  # service.Registry: the rules both gRPC and HTTP call
SESSIONS_KEY = web.AppKey("sessions", session.Sessions)
JINJA_KEY = web.AppKey("jinja", jinja2.Environment)
AUTH_KEY = web.AppKey("auth", bool)
AUTOMATIONS_KEY = web.AppKey("automations", object)  # automations.Automations (webhooks), None if not given
METRICS_KEY = web.AppKey("metrics", object)  # metrics.Metrics (production metrics), None if not given
MONITORS_KEY = web.AppKey("monitors", object)  # monitors.Monitors, None if not given
GRPC_ADDRESS_KEY = web.AppKey("grpc_address", str)  # HOST:PORT the gRPC API listens on ("" if unknown)
TELEMETRY_KEY = web.AppKey("telemetry", object)  # telemetry.Telemetry for /metrics, None if not served
