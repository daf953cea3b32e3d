"""The server's log: stdlib logging, configured once when `modelreg serve` starts, to stderr.

Two formats: `text` (one human line per record) and `json` (one JSON object per line, with
time, level, logger and message, plus the access fields as keys, for log shippers). The access
log is the logger `modelreg.access`, one INFO line per gRPC call (telemetry.py's interceptor)
and per dashboard request (web/server.py): `--log-level warning` or `--access-log off`
silence it, and then it costs one level check per call.
"""

import json
import logging
import sys
from datetime import datetime, timezone

LEVELS = ("debug", "info", "warning", "error")
FORMATS = ("text", "json")
ACCESS = logging.getLogger("modelreg.access")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_USER_AGENT = 256
# Libraries that log too much at INFO for a server's log.
QUIET = {"httpx": logging.WARNING,  # the webhook dispatcher logs failed attempts itself
         "botocore": logging.WARNING}  # not where it found the S3 credentials


def configure(*, level: str = "info", fmt: str = "text", access_log: bool = True, stream=None) -> None:
    """Replaces the root logger's handlers with one to stderr (or `stream`) in this format."""
    if level not in LEVELS:
        raise ValueError(f"--log-level must be one of {', '.join(LEVELS)}, not {level!r}")
    if fmt not in FORMATS:
        raise ValueError(f"--log-format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name, quiet in QUIET.items():
        logging.getLogger(name).setLevel(max(quiet, root.level))
    ACCESS.setLevel(logging.NOTSET if access_log else logging.CRITICAL + 1)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601, milliseconds), level, logger, message, the
    access fields of an access line, and exception (the traceback) when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds")
                .replace("+00:00", "Z"),
                "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        line.update(getattr(record, "access", None) or {})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def access_enabled() -> bool:
    return ACCESS.isEnabledFor(logging.INFO)


def grpc_access(*, method: str, code: str, duration: float, bytes_in: int, bytes_out: int, principal: str,
                token_id: str, peer: str, user_agent: str, reason: str = "", trace_id: str = "") -> None:
    """The access line of one gRPC call that has ended."""
    fields = {"protocol": "grpc", "method": method, "code": code, "reason": reason,
              "duration_ms": round(duration * 1e3, 3), "bytes_in": bytes_in, "bytes_out": bytes_out,
              "principal": principal, "token_id": token_id, "peer": peer,
              "user_agent": user_agent[:MAX_USER_AGENT]}
    if trace_id:
        fields["trace_id"] = trace_id
    why = f" {reason}" if reason else ""
    ACCESS.info("%s %s%s %.1fms in=%d out=%d principal=%s peer=%s ua=%s", method, code, why, duration * 1e3,
                bytes_in, bytes_out, principal or "-", peer or "-", _quoted(user_agent),
                extra={"access": fields})


def _quoted(text: str) -> str:
    return '"' + text[:MAX_USER_AGENT].replace('"', "'") + '"' if text else "-"


def http_access(*, method: str, path: str, status: int, duration: float, bytes_in: int, bytes_out: int,
                principal: str, peer: str, user_agent: str) -> None:
    """The access line of one dashboard request whose response was sent (web/server.py)."""
    fields = {"protocol": "http", "method": method, "path": path, "status": status,
              "duration_ms": round(duration * 1e3, 3), "bytes_in": bytes_in, "bytes_out": bytes_out,
              "principal": principal, "peer": peer, "user_agent": user_agent[:MAX_USER_AGENT]}
    ACCESS.info("%s %s %d %.1fms in=%d out=%d principal=%s peer=%s ua=%s", method, path, status, duration * 1e3,
                bytes_in, bytes_out, principal or "-", peer or "-", _quoted(user_agent), extra={"access": fields})
