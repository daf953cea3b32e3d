"""One filter language for lists, search, Watch and webhooks: a subset of Google AIP-160.

    filter      : expression ;
    expression  : sequence { "AND" sequence } ;       -- loosest
    sequence    : factor { factor } ;                  -- juxtaposition is AND
    factor      : term { "OR" term } ;                 -- OR binds tighter than AND (AIP-160)
    term        : [ "NOT" | "-" ] simple ;
    simple      : restriction | "(" expression ")" ;
    restriction : member comparator arg ;              -- = != < <= > >= :
    member      : NAME [ "." KEY ] ;                   -- tags.team, metrics.f1, inputs.uri
    arg         : TEXT | STRING ;

Not supported (refused with INVALID_FILTER): functions, bare values (global search), composite
arguments (`a = (1 OR 2)`).

`parse(text, SCHEMA)` returns a checked tree of frozen dataclasses (And, Or, Not, Compare, Has,
with typed literals Str, Glob, Num, Time, Dur and ANY), or None for an empty filter (match all).
Every field is checked against the resource's schema and every literal against the field's
kind; `matches(tree, record)` evaluates a tree on one record (event streams). The evaluator is
the reference semantics that the SQL compilers must reproduce:

- A comparison on a missing field, map key or a None value is false, whatever the operator
  (`tags.team != ml` is false on a model without a `team` tag; `NOT tags.team = ml` is true).
- `field:*` is presence: a string is set when non-empty, a number when not None, a map when it
  has a key, a repeated field when it has an element. `map:KEY` is key presence, `map.KEY:*` too;
  `repeated:VALUE` is "some element equals/matches VALUE". On other single values `:` takes only
  `*`.
- Strings compare by code point, case-sensitively. `*` in a string (bare or quoted) is a wildcard
  for = and != (`\\*` in a quoted string is a literal star); a pattern cannot be ordered.
- Numbers accept integer and decimal literals (`1`, `-0.5`, `1e3`); map-of-number fields
  (`metrics.KEY`) also take a duration, compared as seconds (`metrics.latency < 250ms`).
- Timestamps take RFC 3339 (bare or quoted), kept in microseconds since the epoch; more precise
  fractions are refused unless the extra digits are zeros. Durations are `-?N[.N](ns|us|ms|s|m|h)`,
  kept in microseconds (sub-microsecond remainders refused).

Errors are `InvalidArgument("INVALID_FILTER", ...)` with metadata `position` (0-based character
offset into the filter) and `expected`; an unknown field adds `field` and `allowed`. Limits
(limits.FILTER_CHARS, FILTER_TERMS, FILTER_DEPTH) refuse with FILTER_TOO_LONG /
FILTER_TOO_COMPLEX and metadata `limit`.

Why lark and not an AIP-160 package: the Python packages found (search, 2026-12) are
`sqlalchemy-aip160` (0.1.x, tied to SQLAlchemy query objects; the store builds SQL by hand over
sqlite3 and psycopg, and we also need an event evaluator and a schema-checked tree) and
`aip-py` (0.0.4, no description of a filter parser). The maintained AIP-160 parsers are Go
(einride/aip-go) and Rust crates. lark (1.3, maintained, pure Python, no dependencies) gives us
a declarative grammar that reads like the AIP EBNF, an LALR parser that does not recurse on input
depth, and error positions with the expected terminals, which become our `position`/`expected`.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Mapping, Union

import lark
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from . import limits
from .errors import InvalidArgument

# ---------------------------------------------------------------------------------------------
# Checked tree.


@dataclass(frozen=True)
class Field:
    name: str  # schema field: "name", "tags", "inputs.uri"
    key: str | None = None  # map key: tags.KEY, metrics.KEY, params.KEY


@dataclass(frozen=True)
class Str:
    value: str


@dataclass(frozen=True)
class Glob:
    parts: tuple[str, ...]  # literal text between `*` wildcards; at least two parts

    def regex(self) -> re.Pattern:
        return re.compile(".*".join(re.escape(p) for p in self.parts), re.DOTALL)


@dataclass(frozen=True)
class Num:
    value: Union[int, float]


@dataclass(frozen=True)
class Time:
    micros: int  # since 1970-01-01T00:00:00Z


@dataclass(frozen=True)
class Dur:
    micros: int


@dataclass(frozen=True)
class _Any:
    def __repr__(self) -> str:
        return "ANY"


ANY = _Any()
Value = Union[Str, Glob, Num, Time, Dur, _Any]


@dataclass(frozen=True)
class Compare:
    field: Field
    op: str  # = != < <= > >=
    value: Value


@dataclass(frozen=True)
class Has:
    field: Field
    value: Value  # ANY, Str or Glob


@dataclass(frozen=True)
class And:
    items: tuple


@dataclass(frozen=True)
class Or:
    items: tuple


@dataclass(frozen=True)
class Not:
    item: Any


Node = Union[And, Or, Not, Compare, Has]

# ---------------------------------------------------------------------------------------------
# Schemas.


class Kind(Enum):
    STRING = "string"
    NUMBER = "number"
    TIMESTAMP = "timestamp"
    MAP_STRING = "map of string"
    MAP_NUMBER = "map of number"  # values compare with numbers or durations (as seconds)
    REPEATED_STRING = "repeated string"


MAPS = (Kind.MAP_STRING, Kind.MAP_NUMBER)


@dataclass(frozen=True)
class Schema:
    resource: str
    fields: Mapping[str, Kind]

    def allowed(self) -> str:
        return ", ".join(f"{n}.KEY" if k in MAPS else n for n, k in self.fields.items())


S, N, T = Kind.STRING, Kind.NUMBER, Kind.TIMESTAMP
MODELS = Schema("models", {
    "name": S, "description": S, "tags": Kind.MAP_STRING, "create_time": T, "update_time": T,
    "aliases": Kind.REPEATED_STRING})
VERSIONS = Schema("versions", {
    "model": S, "number": N, "state": S, "description": S, "tags": Kind.MAP_STRING,
    "metrics": Kind.MAP_NUMBER, "params": Kind.MAP_STRING, "create_time": T, "update_time": T,
    "digest": S, "size": N, "alias": Kind.REPEATED_STRING, "inputs.uri": Kind.REPEATED_STRING,
    "inputs.model": Kind.REPEATED_STRING})
EVENTS = Schema("events", {
    "type": S, "model": S, "alias": S, "version": N, "actor": S, "time": T})

# ---------------------------------------------------------------------------------------------
# Grammar.

_GRAMMAR = r"""
start: expression
expression: sequence (_AND sequence)*
sequence: factor+
factor: term (_OR term)*
term: _NOT simple -> negation
    | MINUS simple -> negation
    | simple
?simple: restriction | _LPAR expression _RPAR
restriction: member COMPARATOR arg
member: NAME (_DOT key)?
!key: KEY | "AND" | "OR" | "NOT"
arg: TEXT | STRING

_AND: "AND"
_OR: "OR"
_NOT: "NOT"
MINUS: "-"
_LPAR: "("
_RPAR: ")"
_DOT: "."
COMPARATOR: "<=" | ">=" | "!=" | "<" | ">" | "=" | ":"
NAME: /[A-Za-z_][A-Za-z0-9_]*/
KEY: /[A-Za-z0-9][A-Za-z0-9._\/-]*/
TEXT: /[^\s()"'\\=<>!,]+/
STRING: /"(?:[^"\\]|\\.)*"/s | /'(?:[^'\\]|\\.)*'/s
%ignore /[ \t\r\n]+/
"""

_PARSER = lark.Lark(_GRAMMAR, parser="lalr", lexer="contextual", propagate_positions=False,
                    maybe_placeholders=False)

_EXPECTED = {
    "NAME": "a field", "KEY": "a key", "COMPARATOR": "a comparator (= != < <= > >= :)",
    "TEXT": "a value", "STRING": "a value", "_AND": "AND", "_OR": "OR", "_NOT": "NOT",
    "AND": "AND", "OR": "OR", "NOT": "NOT", "MINUS": "-", "_LPAR": "(", "_RPAR": ")",
    "_DOT": ".", "$END": "end of filter",
}


def _bad(message: str, position: int, expected: str) -> InvalidArgument:
    return InvalidArgument("INVALID_FILTER", message, position=position, expected=expected)


def _expected_words(names) -> str:
    words = sorted({_EXPECTED.get(n, n) for n in names})
    return ", ".join(words)


def _syntax_error(text: str, e: UnexpectedInput) -> InvalidArgument:
    if isinstance(e, UnexpectedToken):
        tok = e.token
        pos = len(text) if tok.type == "$END" or tok.start_pos is None else tok.start_pos
        expected = _expected_words(e.expected)
        what = "end of filter" if tok.type == "$END" else repr(str(tok))
        return _bad(f"invalid filter at position {pos}: unexpected {what}; expected {expected}",
                    pos, expected)
    if isinstance(e, UnexpectedCharacters):
        pos = e.pos_in_stream
        expected = _expected_words(e.allowed or ())
        ch = text[pos]
        if ch in "\"'":
            return _bad(f"invalid filter at position {pos}: unterminated string", pos,
                        f"closing {ch}")
        return _bad(f"invalid filter at position {pos}: unexpected {ch!r}; expected {expected}",
                    pos, expected)
    return _bad(f"invalid filter: {e}", 0, "a filter")


# ---------------------------------------------------------------------------------------------
# Literals.

_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_DURATION = re.compile(r"(-?)(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_UNIT_MICROS = {"ns": Decimal("0.001"), "us": Decimal(1), "µs": Decimal(1), "ms": Decimal(1000),
                "s": Decimal(10**6), "m": Decimal(60 * 10**6), "h": Decimal(3600 * 10**6)}
_RFC3339 = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})")
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_ESCAPES = {"\\": "\\", '"': '"', "'": "'", "n": "\n", "t": "\t", "r": "\r"}
_STAR = object()  # a wildcard in a decoded string


@dataclass(frozen=True)
class _Lit:
    pieces: tuple  # str and _STAR, in order
    quoted: bool
    raw: str  # the text of a bare literal, the decoded text of a quoted one (stars kept)
    pos: int


def _decode(tok: lark.Token) -> _Lit:
    s = str(tok)
    pos = tok.start_pos
    if tok.type == "TEXT":
        pieces = []
        for i, chunk in enumerate(s.split("*")):
            if i:
                pieces.append(_STAR)
            if chunk:
                pieces.append(chunk)
        return _Lit(tuple(pieces), False, s, pos)
    body, pieces, buf, raw = s[1:-1], [], [], []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            n = body[i + 1]
            if n == "*":
                buf.append("*")
                raw.append("*")
            elif n in _ESCAPES:
                buf.append(_ESCAPES[n])
                raw.append(_ESCAPES[n])
            else:
                raise _bad(f"invalid filter at position {pos + 1 + i}: unknown escape \\{n} "
                           f"(use \\\\ \\\" \\' \\* \\n \\t \\r)", pos + 1 + i, "an escape")
            i += 2
            continue
        if c == "*":
            if buf:
                pieces.append("".join(buf))
                buf = []
            pieces.append(_STAR)
        else:
            buf.append(c)
        raw.append(c)
        i += 1
    if buf:
        pieces.append("".join(buf))
    return _Lit(tuple(pieces), True, "".join(raw), pos)


def _string_value(lit: _Lit) -> Value:
    if _STAR not in lit.pieces:
        return Str("".join(lit.pieces))
    parts, cur = [], ""
    for p in lit.pieces:
        if p is _STAR:
            parts.append(cur)
            cur = ""
        else:
            cur += p
    parts.append(cur)
    return Glob(tuple(parts))


def _number(lit: _Lit) -> Num | None:
    if lit.quoted or not _NUMBER.fullmatch(lit.raw):
        return None
    if re.fullmatch(r"-?\d+", lit.raw):
        return Num(int(lit.raw))
    v = float(lit.raw)
    if v != v or v in (float("inf"), float("-inf")):
        return None
    return Num(v)


def _duration(lit: _Lit) -> Dur | None:
    m = _DURATION.fullmatch(lit.raw) if not lit.quoted else None
    if not m:
        return None
    try:
        micros = Decimal(m.group(2)) * _UNIT_MICROS[m.group(3)]
    except InvalidOperation:
        return None
    if micros != micros.to_integral_value():
        raise _bad(f"invalid filter at position {lit.pos}: durations have microsecond "
                   f"precision: {lit.raw}", lit.pos, "a duration in whole microseconds")
    return Dur(-int(micros) if m.group(1) else int(micros))


def _timestamp(lit: _Lit) -> Time | None:
    m = _RFC3339.fullmatch(lit.raw)
    if not m:
        return None
    frac = m.group(3) or ""
    if frac[6:].strip("0"):
        raise _bad(f"invalid filter at position {lit.pos}: timestamps have microsecond "
                   f"precision: {lit.raw}", lit.pos, "a timestamp in whole microseconds")
    zone = "+00:00" if m.group(4) in "Zz" else m.group(4)
    try:
        d = _dt.datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}{zone}")
    except ValueError:
        return None
    d = d.replace(microsecond=int((frac + "000000")[:6]))
    return Time((d - _EPOCH) // _dt.timedelta(microseconds=1))


# ---------------------------------------------------------------------------------------------
# Checking.


def _check_controls(text: str) -> None:
    for i, c in enumerate(text):
        if (ord(c) < 0x20 and c not in "\t\r\n") or ord(c) == 0x7F:
            raise _bad(f"invalid filter at position {i}: control character U+{ord(c):04X}",
                       i, "a printable character")


def _limits(text: str, tree: lark.Tree) -> None:
    terms, stack = 0, [(tree, 0)]
    while stack:
        t, depth = stack.pop()
        if t.data == "restriction":
            terms += 1
            if terms > limits.FILTER_TERMS:
                raise InvalidArgument(
                    "FILTER_TOO_COMPLEX", f"a filter has at most {limits.FILTER_TERMS} comparisons",
                    limit=limits.FILTER_TERMS)
            continue
        if t.data in ("expression", "negation"):
            depth += 1
            if depth > limits.FILTER_DEPTH:
                raise InvalidArgument(
                    "FILTER_TOO_COMPLEX", f"a filter nests at most {limits.FILTER_DEPTH} levels "
                    "(parentheses and NOT)", limit=limits.FILTER_DEPTH)
        stack.extend((c, depth) for c in t.children if isinstance(c, lark.Tree))


def _field(schema: Schema, member: lark.Tree) -> tuple[Field, Kind, bool, int]:
    """(field, kind, whole_map, position): whole_map when a map is named without a key."""
    name_tok = member.children[0]
    name = str(name_tok)
    key = None
    if len(member.children) > 1:
        key = "".join(str(t) for t in member.children[1].children)
    pos = name_tok.start_pos
    path = f"{name}.{key}" if key is not None else name
    kind = schema.fields.get(path)
    if kind is not None and kind not in MAPS:
        return Field(path), kind, False, pos
    kind = schema.fields.get(name)
    if kind in MAPS:
        return Field(name, key), kind, key is None, pos
    raise InvalidArgument(
        "INVALID_FILTER", f"unknown field {path!r} at position {pos}: {schema.resource} filter on "
        f"{schema.allowed()}", position=pos, expected=schema.allowed(), field=path,
        allowed=schema.allowed())


def _type_error(field: Field, lit: _Lit, want: str) -> InvalidArgument:
    shown = field.name if field.key is None else f"{field.name}.{field.key}"
    return _bad(f"invalid filter at position {lit.pos}: {shown} takes {want}, not {lit.raw!r}",
                lit.pos, want)


def _restriction(schema: Schema, t: lark.Tree) -> Node:
    member, op_tok, arg = t.children
    field, kind, whole_map, _ = _field(schema, member)
    op = str(op_tok)
    lit = _decode(arg.children[0])
    star = lit.pieces == (_STAR,)
    if op == ":":
        if star:
            return Has(field, ANY)
        if whole_map or kind is Kind.REPEATED_STRING:
            return Has(field, _string_value(lit))
        raise _bad(f"invalid filter at position {op_tok.start_pos}: ':' on a single value takes "
                    f"only * (presence); compare with = instead", op_tok.start_pos, "*")
    if whole_map:
        raise _bad(f"invalid filter at position {op_tok.start_pos}: compare {field.name}.KEY, or "
                   f"test a key with {field.name}:KEY", op_tok.start_pos, f"{field.name}.KEY")
    if kind is Kind.REPEATED_STRING:
        raise _bad(f"invalid filter at position {op_tok.start_pos}: {field.name} holds several "
                   f"values: use {field.name}:VALUE", op_tok.start_pos, ":")
    if kind in (Kind.STRING, Kind.MAP_STRING):
        value = _string_value(lit)
        if isinstance(value, Glob) and op not in ("=", "!="):
            raise _bad(f"invalid filter at position {lit.pos}: a pattern with * takes = or != "
                       f"only", lit.pos, "a value without *")
        return Compare(field, op, value)
    if kind is Kind.NUMBER:
        value = _number(lit)
        if value is None:
            raise _type_error(field, lit, "a number")
        return Compare(field, op, value)
    if kind is Kind.MAP_NUMBER:
        value = _number(lit) or _duration(lit)
        if value is None:
            raise _type_error(field, lit, "a number or a duration")
        return Compare(field, op, value)
    value = _timestamp(lit)  # Kind.TIMESTAMP
    if value is None:
        raise _type_error(field, lit, "an RFC 3339 timestamp")
    return Compare(field, op, value)


def _build(schema: Schema, t: lark.Tree) -> Node:
    if t.data == "restriction":
        return _restriction(schema, t)
    if t.data == "negation":
        return Not(_build(schema, t.children[-1]))
    if t.data == "term":
        return _build(schema, t.children[0])
    items = [_build(schema, c) for c in t.children if isinstance(c, lark.Tree)]
    if len(items) == 1:
        return items[0]
    cls = Or if t.data == "factor" else And
    flat: list = []
    for i in items:
        flat.extend(i.items if isinstance(i, cls) else (i,))
    return cls(tuple(flat))


def parse(text: str, schema: Schema) -> Node | None:
    """The checked tree of a filter, None when it is empty (matches everything)."""
    if len(text) > limits.FILTER_CHARS:
        raise InvalidArgument("FILTER_TOO_LONG", f"a filter has at most {limits.FILTER_CHARS} "
                              "characters", limit=limits.FILTER_CHARS)
    if not text.strip():
        return None
    _check_controls(text)
    try:
        tree = _PARSER.parse(text)
    except UnexpectedInput as e:
        raise _syntax_error(text, e) from None
    _limits(text, tree)
    return _build(schema, tree.children[0])


# ---------------------------------------------------------------------------------------------
# Evaluation (event streams; the reference semantics for the SQL compilers).


def _micros(v: Any) -> int | None:
    if isinstance(v, _dt.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=_dt.timezone.utc)
        return (v - _EPOCH) // _dt.timedelta(microseconds=1)
    if isinstance(v, bool):
        return None
    return v if isinstance(v, int) else None


def _lookup(field: Field, record: Mapping) -> Any:
    if "." in field.name:  # repeated sub-field: inputs.uri
        outer, inner = field.name.split(".", 1)
        items = record.get(outer) or ()
        return [i.get(inner) for i in items if isinstance(i, Mapping) and i.get(inner) is not None]
    v = record.get(field.name)
    if field.key is not None:
        return v.get(field.key) if isinstance(v, Mapping) else None
    return v


def _str_match(value: Value, s: Any) -> bool:
    if not isinstance(s, str):
        return False
    if isinstance(value, Glob):
        return value.regex().fullmatch(s) is not None
    return isinstance(value, Str) and s == value.value


_OPS = {"=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


def _compare(node: Compare, record: Mapping) -> bool:
    v = _lookup(node.field, record)
    if v is None:
        return False
    val = node.value
    if isinstance(val, Glob):
        m = _str_match(val, v)
        return m if node.op == "=" else (isinstance(v, str) and not m)
    if isinstance(val, Str):
        return isinstance(v, str) and _OPS[node.op](v, val.value)
    if isinstance(val, Time):
        m = _micros(v)
        return m is not None and _OPS[node.op](m, val.micros)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return False
    if isinstance(val, Dur):
        return _OPS[node.op](Decimal(repr(v)) * 10**6 if isinstance(v, float) else v * 10**6,
                             val.micros)
    return _OPS[node.op](v, val.value)


def _has(node: Has, record: Mapping) -> bool:
    v = _lookup(node.field, record)
    if node.value is ANY:
        if v is None:
            return False
        if isinstance(v, (str, Mapping, list, tuple)):
            return len(v) > 0
        return True
    if isinstance(v, Mapping):  # map:KEY
        return any(_str_match(node.value, k) for k in v)
    if isinstance(v, (list, tuple)):  # repeated:VALUE
        return any(_str_match(node.value, e) for e in v)
    return False


def matches(tree: Node | None, record: Mapping) -> bool:
    """Whether one record (a dict of the schema's fields) passes a checked filter."""
    if tree is None:
        return True
    if isinstance(tree, And):
        return all(matches(i, record) for i in tree.items)
    if isinstance(tree, Or):
        return any(matches(i, record) for i in tree.items)
    if isinstance(tree, Not):
        return not matches(tree.item, record)
    if isinstance(tree, Compare):
        return _compare(tree, record)
    if isinstance(tree, Has):
        return _has(tree, record)
    raise TypeError(f"not a filter node: {tree!r}")


# ---------------------------------------------------------------------------------------------
# Orders (AIP-132): `metrics.f1 desc, create_time`.

# The fields a list may be ordered by; map fields order by one key (`tags.KEY`).
ORDERABLE = {
    "models": ("name", "create_time", "update_time", "tags"),
    "versions": ("model", "number", "state", "create_time", "update_time", "size", "tags", "metrics", "params"),
}
_ORDER_ITEM = re.compile(r"\s*(?P<field>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9][A-Za-z0-9._/-]*)?)"
                         r"(?:\s+(?P<dir>[A-Za-z]+))?\s*")


def _bad_order(message: str, position: int, expected: str, **extra) -> InvalidArgument:
    return InvalidArgument("INVALID_ORDER_BY", message, position=position, expected=expected, **extra)


def parse_order(text: str, schema: Schema) -> tuple[tuple[Field, bool], ...]:
    """The (field, descending) keys of an order_by, checked against the resource's orderable
    fields; () for an empty one (the list's default order). Refused: INVALID_ORDER_BY with
    metadata `position` and `expected` (and `field`, `allowed` for an unknown field),
    ORDER_BY_TOO_LONG past limits.ORDER_BY_CHARS characters or ORDER_BY_FIELDS fields."""
    if len(text) > limits.ORDER_BY_CHARS:
        raise InvalidArgument("ORDER_BY_TOO_LONG", f"order_by has at most {limits.ORDER_BY_CHARS} characters",
                              limit=limits.ORDER_BY_CHARS)
    if not text.strip():
        return ()
    orderable = ORDERABLE[schema.resource]
    allowed = ", ".join(f"{n}.KEY" if schema.fields[n] in MAPS else n for n in orderable)
    keys, seen, pos = [], set(), 0
    for item in text.split(","):
        m = _ORDER_ITEM.fullmatch(item)
        if not m:
            at = pos + len(item) - len(item.lstrip())
            raise _bad_order(f"invalid order_by at position {at}: expected a field, optionally followed by "
                             f"desc", at, "a field")
        at = pos + m.start("field")
        path = m.group("field")
        name, _, key = path.partition(".")
        if name in orderable and schema.fields[name] in MAPS and key:
            field = Field(name, key)
        elif path in orderable and schema.fields[path] not in MAPS:
            field = Field(path)
        else:
            raise _bad_order(f"invalid order_by at position {at}: {schema.resource} order by {allowed}, "
                             f"not {path!r}", at, allowed, field=path, allowed=allowed)
        direction = (m.group("dir") or "asc")
        if direction not in ("asc", "desc"):
            d_at = pos + m.start("dir")
            raise _bad_order(f"invalid order_by at position {d_at}: expected desc, asc or a comma, not "
                             f"{direction!r}", d_at, "desc")
        if field in seen:
            raise _bad_order(f"invalid order_by at position {at}: {path} is named twice", at, "another field")
        seen.add(field)
        keys.append((field, direction == "desc"))
        if len(keys) > limits.ORDER_BY_FIELDS:
            raise InvalidArgument("ORDER_BY_TOO_LONG", f"order_by has at most {limits.ORDER_BY_FIELDS} fields",
                                  limit=limits.ORDER_BY_FIELDS)
        pos += len(item) + 1
    return tuple(keys)
