"""Validation of everything a client can name: model ids, aliases, references, file paths, tags."""

import math
import re
from dataclasses import dataclass

from modelreg import paths as portable

from . import limits
from .errors import InvalidArgument

MODEL_ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,127}")
ALIAS_RE = re.compile(r"[a-z][a-z0-9._-]{0,63}")
# `v` and ASCII digits, however many (leading zeros included): always a version reference, never an
# alias, so that no alias can shadow `m:v3`, `m:v0003` or `m:v00000000000000000003`.
VERSION_ALIAS_RE = re.compile(r"v([0-9]+)")
NUMBER_RE = re.compile(r"[0-9]{1,18}")
VERSION_NUMBER_RE = re.compile(r"[0-9]+")
MAX_VERSION = 2**63 - 1
DIGEST_RE = re.compile(r"[0-9a-f]{64}")
# A version digest may be shortened in a reference, as `modelreg versions` prints it: at least this
# many hex digits, resolved when one digest of the model starts with them (git's rule, with a
# floor that keeps a typo from matching by chance).
MIN_DIGEST_PREFIX = 6
DIGEST_PREFIX_RE = re.compile(r"[0-9a-f]{%d,64}" % MIN_DIGEST_PREFIX)
TAG_KEY_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,127}")
RELATION_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")
MAX_TAG_VALUE = limits.TAG_VALUE_BYTES
MAX_PATH = portable.MAX_PATH_BYTES
LATEST = "latest"


def model_id(name: str) -> str:
    """Accepts `models/{id}` or a bare id; returns the id."""
    return resource_id(name, "models/", "model")


def resource_id(name: str, collection: str, what: str) -> str:
    """Accepts `{collection}{id}` or a bare id; returns the id. Models, principals and webhooks
    share the id rules."""
    value = name.removeprefix(collection)
    if not MODEL_ID_RE.fullmatch(value):
        raise InvalidArgument(
            "INVALID_NAME",
            f"invalid {what} name {name[:140]!r}: use 1-128 of a-z 0-9 . _ -, starting with a letter or digit",
        )
    return value


def alias(value: str, *, settable: bool = True) -> str:
    if not ALIAS_RE.fullmatch(value) or VERSION_ALIAS_RE.fullmatch(value):
        raise InvalidArgument(
            "INVALID_ALIAS",
            f"invalid alias {value!r}: use 1-64 of a-z 0-9 . _ -, starting with a letter, "
            "and not `v` followed only by digits (that reads as a version: m:v3)",
        )
    if settable and value == LATEST:
        raise InvalidArgument("RESERVED_ALIAS", "`latest` is maintained by the server")
    return value


@dataclass(frozen=True)
class Reference:
    model: str
    number: int = 0
    alias: str = ""
    digest: str = ""  # `sha256:` + 64 hex digits, or fewer: a prefix (see `short_digest`)

    @property
    def short_digest(self) -> bool:
        return bool(self.digest) and len(self.digest) < len("sha256:") + 64


def reference(ref: str) -> Reference:
    """Parses `models/m/versions/3`, `m:v3`, `m:3`, `m:alias`, `m:latest`, `m@sha256:<hex>`, where
    the hex may be shortened to its first 6 or more digits and `sha256:` left out (`m@3f2a9c`)."""
    def bad(why: str) -> InvalidArgument:
        return InvalidArgument(
            "INVALID_REFERENCE",
            f"invalid reference {ref!r}: {why}; expected model:v3, model:alias, "
            "model:latest, model@sha256:<digest> (or its first 6+ hex digits) or models/model/versions/3",
        )

    if ref.startswith("models/"):
        parts = ref.split("/")
        if len(parts) != 4 or parts[2] != "versions" or not VERSION_NUMBER_RE.fullmatch(parts[3]):
            raise bad("malformed resource name")
        return Reference(model=_ref_model(parts[1], bad), number=_number(parts[3], bad))
    if "@" in ref:
        model, _, digest = ref.partition("@")
        hex_digits = digest.removeprefix("sha256:")
        if not DIGEST_PREFIX_RE.fullmatch(hex_digits):
            raise bad(f"a digest is sha256: (optional) and {MIN_DIGEST_PREFIX} to 64 lowercase hex digits")
        return Reference(model=_ref_model(model, bad), digest="sha256:" + hex_digits)
    model, sep, tail = ref.partition(":")
    if not sep or not tail:
        raise bad("missing :version or :alias")
    model = _ref_model(model, bad)
    if match := VERSION_ALIAS_RE.fullmatch(tail):
        return Reference(model=model, number=_number(match.group(1), bad))
    if VERSION_NUMBER_RE.fullmatch(tail):
        return Reference(model=model, number=_number(tail, bad))
    if not ALIAS_RE.fullmatch(tail):
        raise bad(f"{tail!r} is neither a version nor an alias")
    return Reference(model=model, alias=tail)


def _ref_model(value, bad):
    if not MODEL_ID_RE.fullmatch(value):
        raise bad(f"{value!r} is not a valid model name")
    return value


def _number(text, bad):
    """A version number written in ASCII digits; leading zeros do not change it (`v0003` is 3)."""
    digits = text.lstrip("0")
    if not digits:
        raise bad("version numbers start at 1")
    # Checked before int(): a long string of digits would otherwise cost (or refuse) a conversion.
    if len(digits) > len(str(MAX_VERSION)) or int(digits) > MAX_VERSION:
        raise bad(f"version numbers end at {MAX_VERSION}")
    return int(digits)


def version_number(value: int, what: str = "version") -> int:
    """A version number given as an integer field: 1 or more."""
    if value < 1:
        raise InvalidArgument("INVALID_VERSION", f"invalid {what} {value}: version numbers start at 1",
                              field=what)
    return value


def file_path(path: str) -> str:
    """A relative path that is portable (docs/paths.md): safe and the same file on every client."""
    manifest_paths([path])
    return path


def manifest_paths(paths: list[str]) -> None:
    """Every path portable, none twice, none both a file and a directory, no normalization or
    case twins: the rule the clients check too (modelreg.paths, docs/paths.md)."""
    try:
        portable.check_manifest(paths)
    except portable.PathError as e:
        metadata = {"path": e.path, **({"other": e.other} if e.other else {})}
        raise InvalidArgument(e.reason, e.message, **metadata) from None


def digest(value: str) -> str:
    if not DIGEST_RE.fullmatch(value):
        raise InvalidArgument(
            "INVALID_DIGEST", f"invalid chunk digest {value!r}: expected 64 lowercase hex digits"
        )
    return value


def tags(values: dict[str, str]) -> dict[str, str]:
    count(values, limits.TAGS, "TOO_MANY_TAGS", "tags")
    for key, value in values.items():
        tag(key, value)
    return dict(values)


def tag_filter(values: dict[str, str]) -> dict[str, str]:
    """Tags a list must match: each a valid tag, at most limits.FILTER_VALUES of them."""
    count(values, limits.FILTER_VALUES, "TOO_MANY_FILTERS", "tag filters")
    for key, value in values.items():
        tag(key, value)
    return dict(values)


def tag(key: str, value: str) -> None:
    if not TAG_KEY_RE.fullmatch(key):
        raise InvalidArgument("INVALID_TAG", f"invalid tag key {key!r}", key=key)
    if len(value.encode()) > MAX_TAG_VALUE or "\x00" in value:
        raise InvalidArgument("INVALID_TAG", f"tag {key!r}: value longer than {MAX_TAG_VALUE} bytes or contains NUL",
                              key=key, limit=MAX_TAG_VALUE)


def metrics(values: dict[str, float]) -> dict[str, float]:
    count(values, limits.METRICS, "TOO_MANY_METRICS", "metrics")
    for key, value in values.items():
        metric(key, value)
    return dict(values)


def metric(key: str, value: float) -> None:
    if not TAG_KEY_RE.fullmatch(key):
        raise InvalidArgument("INVALID_METRIC", f"invalid metric name {key!r}", key=key)
    if not math.isfinite(value):
        raise InvalidArgument("INVALID_METRIC", f"metric {key!r} is not a finite number", key=key)


def count(values, limit: int, reason: str, what: str) -> None:
    """Refuses a list or map of more than limit entries, with a reason naming the limit."""
    if len(values) > limit:
        raise InvalidArgument(reason, f"at most {limit} {what}, got {len(values)}", limit=limit)


def description(text: str) -> str:
    """A model or version description (markdown card)."""
    if len(text.encode()) > limits.DESCRIPTION_BYTES:
        raise InvalidArgument("DESCRIPTION_TOO_LONG", f"a description is at most {limits.DESCRIPTION_BYTES} bytes "
                              f"(UTF-8), got {len(text.encode())}", limit=limits.DESCRIPTION_BYTES)
    return text


def relation(value: str, default: str) -> str:
    value = value or default
    if not RELATION_RE.fullmatch(value):
        raise InvalidArgument("INVALID_LINEAGE", f"invalid relation {value!r}: use a-z 0-9 _")
    return value
