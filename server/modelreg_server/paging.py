"""Opaque page tokens (AIP-158): the last key of the previous page, bound to the request's filters
so a token cannot be replayed against a different query."""

import base64
import hashlib
import json

from .errors import InvalidArgument

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def page_size(value: int) -> int:
    if value < 0:
        raise InvalidArgument("INVALID_PAGE_SIZE", f"page_size must not be negative, got {value}")
    return min(value or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


def _fingerprint(query: dict) -> str:
    return hashlib.sha256(json.dumps(query, sort_keys=True).encode()).hexdigest()[:16]


def encode(last_key, query: dict) -> str:
    body = json.dumps({"k": last_key, "q": _fingerprint(query)}).encode()
    return base64.urlsafe_b64encode(body).decode().rstrip("=")


def decode(token: str, query: dict, key_type: type):
    """Returns the last key of the previous page, or None for the first page."""
    if not token:
        return None
    try:
        body = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        key, fingerprint = body["k"], body["q"]
    except (ValueError, TypeError, KeyError, RecursionError):
        raise InvalidArgument("INVALID_PAGE_TOKEN", "malformed page_token") from None
    if fingerprint != _fingerprint(query) or type(key) is not key_type:
        raise InvalidArgument("INVALID_PAGE_TOKEN", "page_token does not belong to this query")
    if key_type is int and not 0 < key < 2**62:
        raise InvalidArgument("INVALID_PAGE_TOKEN", "malformed page_token")
    return key
