"""What a webhook sends: the body in each payload format, and the Standard Webhooks headers.

Every format is signed the same way (Standard Webhooks v1): `webhook-signature` is
`v1,<base64 HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")>` where the key is the
base64-decoded part of the `whsec_...` secret. Slack and Teams ignore the headers; a receiver in
between (a relay, a test) can still verify them. The timestamp is the time of the attempt, so a
redelivery is signed afresh (receivers reject stale timestamps) but keeps its `webhook-id`.
"""

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from datetime import datetime, timezone

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
MIN_SECRET_BYTES = 24
MAX_SECRET_BYTES = 64
PING = "webhook.ping"
FORMATS = ("STANDARD_WEBHOOKS", "SLACK", "TEAMS")


class BadSecret(ValueError): pass


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def secret_key(secret: str) -> bytes:
    """The HMAC key of a `whsec_` secret; BadSecret unless it is base64 of 24..64 bytes."""
    if not secret.startswith(SECRET_PREFIX):
        raise BadSecret(f"a secret starts with {SECRET_PREFIX}")
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError):
        raise BadSecret("a secret is whsec_ followed by base64") from None
    if not MIN_SECRET_BYTES <= len(key) <= MAX_SECRET_BYTES:
        raise BadSecret(f"a secret's key is {MIN_SECRET_BYTES}..{MAX_SECRET_BYTES} bytes, got {len(key)}")
    return key


def new_message_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "user-agent": "modelreg-webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, message_id, timestamp, body),
    }


def payload_type(event_type: str) -> str:
    """ALIAS_SET -> alias.set, VERSION_CREATED -> version.created (the Standard Webhooks style)."""
    kind, _, action = event_type.lower().partition("_")
    return f"{kind}.{action}"


def rfc3339(micros: int) -> str:
    return datetime.fromtimestamp(micros / 1e6, timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def event_data(event: dict) -> dict:
    """An event as JSON: the API's Event fields, time in RFC 3339, and a reference to the version."""
    data = {**event, "time": rfc3339(event["time"])}
    if event.get("version"):
        data["reference"] = f"{event['model']}:v{event['version']}"
    return data


def summary(event: dict) -> str:
    """One line a person reads in a chat channel."""
    kind, model, number = event["type"], event["model"], event.get("version", 0)
    alias, previous = event.get("alias", ""), event.get("previous_version", 0)
    if kind == "ALIAS_SET":
        return f"{model}:{alias} -> v{number}" + (f" (was v{previous})" if previous else " (new alias)")
    if kind == "ALIAS_DELETED":
        return f"{model}:{alias} removed (was v{previous or number})"
    if kind.startswith("MONITOR_"):
        return monitor_summary(event)
    if not model:  # a governance change: principals, tokens, roles, protection rules
        details = " ".join(f"{k}={v}" for k, v in sorted(event.get("details", {}).items()))
        return f"{kind.lower().replace('_', ' ')}: {event.get('subject', '')} {details}".strip()
    if kind.startswith("MODEL_"):
        return f"model {model} {kind.removeprefix('MODEL_').lower()}"
    if kind == "LINEAGE_ADDED":
        return f"{model}:v{number} lineage added"
    return f"{model}:v{number} {kind.removeprefix('VERSION_').lower()}"


def monitor_summary(event: dict) -> str:
    """What fired or resolved, on which version, and what was rolled back."""
    d, kind = event.get("details", {}), event["type"]
    monitor = event.get("subject", "").rpartition("/")[2]
    where = f"{event['model']}:{event.get('alias', '')} (v{event.get('version', 0)})"
    if kind in ("MONITOR_CREATED", "MONITOR_DELETED"):
        return f"monitor {monitor} on {event['model']}:{event.get('alias', '')} {kind.removeprefix('MONITOR_').lower()}"
    measured = (f"{d.get('aggregation', '')} {d.get('metric', '')} = {d.get('value', '?')} over "
                f"{d.get('window', '?')} ({d.get('samples', '0')} samples), {d.get('condition', '')}")
    if kind == "MONITOR_RESOLVED":
        return f"RESOLVED {monitor}: {where} {measured}"
    text = f"FIRING {monitor}: {where} {measured}"
    if d.get("rollback_version"):
        text += f"; rolled {event['model']}:{event.get('alias', '')} back to v{d['rollback_version']}"
    elif d.get("rollback_skipped"):
        text += f"; no rollback ({d['rollback_skipped']})"
    return text


def body(payload_format: str, *, webhook: str, payload_type: str, event: dict, now_micros: int) -> bytes:
    """The request body for one delivery. `event` is empty for a ping."""
    if event:
        text, data, when = summary(event), event_data(event), event["time"]
    else:
        text, data, when = f"modelreg test message for {webhook}", {"webhook": webhook}, now_micros
    if payload_format == "SLACK":
        message = _slack(text, event)
    elif payload_format == "TEAMS":
        message = _teams(text, event, when)
    else:
        message = {"type": payload_type, "timestamp": rfc3339(when), "data": data}
    return json.dumps(message, sort_keys=True, separators=(",", ":")).encode()


def _details(event: dict) -> list[tuple[str, str]]:
    if not event:
        return []
    rows = [("Event", f"#{event['sequence']} {event['type']}")]
    rows.append(("Model", event["model"]) if event["model"] else ("Subject", event.get("subject", "")))
    if event.get("version"):
        rows.append(("Version", str(event["version"])))
    if event.get("alias"):
        rows.append(("Alias", event["alias"]))
    if event.get("previous_version"):
        rows.append(("Previous version", str(event["previous_version"])))
    if event.get("digest"):
        rows.append(("Digest", event["digest"]))
    if event.get("actor"):
        rows.append(("Actor", event["actor"]))
    if event["type"].startswith("MONITOR_"):
        details = event.get("details", {})
        for key, label in (("metric", "Metric"), ("value", "Value"), ("threshold", "Threshold"),
                           ("samples", "Samples"), ("rollback_version", "Rolled back to"),
                           ("rollback_skipped", "No rollback")):
            if details.get(key):
                rows.append((label, details[key]))
    return rows


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack(text: str, event: dict) -> dict:
    """A Slack incoming-webhook message: `text` is the notification fallback, blocks the layout."""
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": f"*modelreg*: {_slack_escape(text)}"}}]
    details = _details(event)
    if details:
        blocks.append({"type": "section", "fields": [
            {"type": "mrkdwn", "text": f"*{name}*\n{_slack_escape(value)}"} for name, value in details[:10]]})
    return {"text": f"modelreg: {text}", "blocks": blocks}


def _teams(text: str, event: dict, when: int) -> dict:
    """A Microsoft Teams connector MessageCard."""
    return {
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        "summary": f"modelreg: {text}",
        "themeColor": "0076D7",
        "title": f"modelreg: {text}",
        "sections": [{
            "activityTitle": text,
            "activitySubtitle": rfc3339(when),
            "facts": [{"name": name, "value": value} for name, value in _details(event)],
        }],
    }
