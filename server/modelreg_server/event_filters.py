"""Which events a Watch streams and a webhook queues: one checked filter tree per subscription,
decided by the one evaluator, filters.matches, on a record built from each event.

The tree is the AND of the `filter` text (AIP-160 over filters.EVENTS) and of the shorthand lists
(`models`, `event_types`, `aliases`), each list becoming the OR of its values:
`models: [a, b-*]` is `(model = a OR model = b-*)`, `event_types: [ALIAS_SET]` is
`type = ALIAS_SET`. Values of the model and alias lists are patterns (patterns.py); a value
without globs is an exact name (Watch takes only names, for its role check), `*` the only
wildcard the filter text has, and `?` / `[...]` keep their fnmatch meaning in the tree
(_Pattern). A model list with a pattern of stars only (`*`) restricts nothing: it has always
matched every event, governance events (which have no model) included.

The event record, as filters see it:
- `type`: the event type's name, `ALIAS_SET`. In the filter text, `type` values are read as the
  SDKs read event types: case-insensitive, with or without the enum's `EVENT_TYPE_` prefix
  (`type = alias_set`, `type = EVENT_TYPE_ALIAS_SET` and `type = ALIAS_*` all work).
- `model`, `alias`, `actor`: strings; `version`: a number; `time`: a timestamp.
- An event without one of them (a governance event has no model, a MODEL_CREATED no version, only
  ALIAS_* events an alias; the actor is empty on a server without authentication) does not have
  the field: every comparison on it is false (`alias != production` too), `NOT alias = production`
  and `-alias:*` are true.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import filters, patterns
from .domain import EventRow

TYPE_PREFIX = "EVENT_TYPE_"


@dataclass(frozen=True)
class _Pattern(filters.Glob):
    """A shorthand pattern with `?` or `[...]`, which the filter text cannot spell: a Glob that
    matches as fnmatch does, so the evaluator needs nothing of its own for it. Only in event
    trees (never compiled to SQL); `parts` is informational, regex() decides."""

    pattern: str = ""

    def regex(self):
        return patterns.regex(self.pattern)


def parse(text: str) -> filters.Node | None:
    """The checked tree of a filter over events (None for an empty one); raises InvalidArgument
    INVALID_FILTER / FILTER_TOO_LONG / FILTER_TOO_COMPLEX like filters.parse."""
    return _types(filters.parse(text, filters.EVENTS))


def _type_name(value: str) -> str:
    return value.upper().removeprefix(TYPE_PREFIX)


def _types(node):
    """Spells the `type` literals of a tree as the records do (ALIAS_SET)."""
    if isinstance(node, (filters.And, filters.Or)):
        return type(node)(tuple(_types(i) for i in node.items))
    if isinstance(node, filters.Not):
        return filters.Not(_types(node.item))
    if isinstance(node, filters.Compare) and node.field.name == "type":
        value = node.value
        if isinstance(value, filters.Str):
            value = filters.Str(_type_name(value.value))
        elif isinstance(value, filters.Glob):
            value = filters.Glob((_type_name(value.parts[0]),) + tuple(p.upper() for p in value.parts[1:]))
        return filters.Compare(node.field, node.op, value)
    return node


def _value(pattern: str) -> filters.Value:
    if patterns.is_plain(pattern):
        return filters.Str(pattern)
    if not (set(pattern) & {"?", "["}):
        return filters.Glob(tuple(pattern.split("*")))
    return _Pattern(tuple(pattern.split("*")), pattern)


def _any_of(field: str, values) -> filters.Node | None:
    items = tuple(dict.fromkeys(filters.Compare(filters.Field(field), "=", v) for v in values))
    if not items:
        return None
    return items[0] if len(items) == 1 else filters.Or(items)


def shorthands(*, models=(), event_types=(), aliases=()) -> filters.Node | None:
    """The tree of the shorthand lists (None when they restrict nothing)."""
    model = None if any(patterns.matches_all(m) for m in models) else _any_of("model", map(_value, models))
    return combine(model, _any_of("type", (filters.Str(t) for t in event_types)),
                   _any_of("alias", map(_value, aliases)))


def combine(*trees) -> filters.Node | None:
    items = []
    for t in trees:
        if isinstance(t, filters.And):
            items.extend(t.items)
        elif t is not None:
            items.append(t)
    if not items:
        return None
    return items[0] if len(items) == 1 else filters.And(tuple(items))


def subscription(*, filter: str = "", models=(), event_types=(), aliases=()) -> filters.Node | None:
    """The one tree of a Watch or a webhook: its filter text ANDed with its shorthands."""
    return combine(shorthands(models=models, event_types=event_types, aliases=aliases), parse(filter))


def record(event: EventRow) -> dict:
    """The fields of an event as filters.EVENTS names them; what an event lacks is left out."""
    fields = {"type": event.type, "time": event.time, "model": event.model, "alias": event.alias,
              "version": event.version, "actor": event.actor}
    return {k: v for k, v in fields.items() if v not in ("", 0) or k == "time"}


def matches(tree: filters.Node | None, event: EventRow) -> bool:
    return filters.matches(tree, record(event))
