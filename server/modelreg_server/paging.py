"""Opaque page tokens (AIP-158): the last key of the previous page, bound to the request's filters
so a token cannot be replayed against a different query."""

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Callable

from . import limits
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
    if len(token) > limits.PAGE_TOKEN_CHARS:
        raise InvalidArgument("INVALID_PAGE_TOKEN", f"page_token is longer than {limits.PAGE_TOKEN_CHARS} "
                              "characters: not one this server issued", limit=limits.PAGE_TOKEN_CHARS)
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


@dataclass
class Page:
    """Rows of one page in order, and how to resume after any of them. The servicer may send fewer
    than it holds (a page also stops at limits.PAGE_BYTES serialised), so the token is made for the
    last item actually sent: token(count) resumes right after items[count - 1]."""

    items: list
    more: bool  # rows exist after the last item
    key: Callable  # an item's paging key, as decode() returns it
    query: dict

    @classmethod
    def of(cls, rows: list, limit: int, *, key: Callable, query: dict) -> "Page":
        """From up to limit + 1 rows: the extra one only tells that there are more."""
        return cls(rows[:limit], len(rows) > limit, key, query)

    def token(self, count: int) -> str:
        if count and (count < len(self.items) or self.more):
            return encode(self.key(self.items[count - 1]), self.query)
        return ""
