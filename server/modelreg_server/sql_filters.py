"""Checked filters and orders (filters.py) as parametrised SQL, for SQLite and PostgreSQL.

`where(tree, schema, dialect)` gives a condition and its parameters; `order(keys, schema,
dialect)` the joins, sort expressions and directions of an order, its tie-breaks appended. Both
reproduce filters.matches exactly, so a list and a Watch agree on what a filter means:

- Every comparison is written so it is false, never NULL, when its field, key or value is
  missing, which keeps `NOT` right (`NOT tags.team = ml` is true on a model without the tag).
- Map keys (tags, metrics, params) are rows of the side tables of schema migration 12, looked up
  by owner and key (`EXISTS (SELECT 1 FROM version_metrics t WHERE t.version_id = v.id AND
  t.key = ? AND t.value > ?)`): a missing key is simply no row. An order whose first key is a
  map key runs in two phases: the rows that have the key, joined to the side table and read in
  its (key, value) index order, then those without it (NULLs last).
- Strings compare by code point on both backends: SQLite's BINARY collation is that already;
  PostgreSQL comparisons and sorts use COLLATE "C" (Dialect.text). Globs become GLOB on SQLite
  and LIKE ... ESCAPE on PostgreSQL, their literal parts escaped (Dialect.glob_param).
- Durations compared with metrics are seconds: the parameter is micros / 10^6 rounded once.

Every value, JSON and map keys included, is a parameter; the SQL text holds only column names
from the tables below. Tables: `models` (alias `models`) for models; `versions v JOIN models m`
for versions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from . import filters
from .errors import InvalidArgument
from .filters import ANY, And, Compare, Dur, Field, Glob, Has, Kind, Not, Or, Str, Time


@dataclass(frozen=True)
class _Map:
    table: str  # side table: model_tags, version_tags, version_metrics, version_params
    owner: str  # its key column
    owner_expr: str  # the row's id in the outer query


@dataclass(frozen=True)
class _Repeated:
    source: str  # FROM ... WHERE ... of the values, correlated with the outer row
    value: str  # the value expression in it


_MODEL_COLUMNS = {"name": "models.name", "description": "models.description",
                  "create_time": "models.create_time", "update_time": "models.update_time"}
_MODEL_MAPS = {"tags": _Map("model_tags", "model_id", "models.id")}
_MODEL_REPEATED = {"aliases": _Repeated("FROM aliases a WHERE a.model_id = models.id", "a.alias")}

_VERSION_COLUMNS = {"model": "m.name", "number": "v.number", "state": "v.state",
                    "description": "v.description", "create_time": "v.create_time",
                    "update_time": "v.update_time", "digest": "v.digest", "size": "v.total_size"}
_VERSION_MAPS = {"tags": _Map("version_tags", "version_id", "v.id"),
                 "metrics": _Map("version_metrics", "version_id", "v.id"),
                 "params": _Map("version_params", "version_id", "v.id")}
_VERSION_REPEATED = {
    "alias": _Repeated("FROM aliases a WHERE a.model_id = v.model_id AND a.version = v.number", "a.alias"),
    "inputs.uri": _Repeated("FROM lineage l WHERE l.version_id = v.id AND l.artifact_uri IS NOT NULL",
                            "l.artifact_uri"),
    "inputs.model": _Repeated("FROM lineage l JOIN versions uv ON uv.id = l.upstream_version_id "
                              "JOIN models um ON um.id = uv.model_id WHERE l.version_id = v.id", "um.name"),
}

_TABLES = {"models": (_MODEL_COLUMNS, _MODEL_MAPS, _MODEL_REPEATED),
           "versions": (_VERSION_COLUMNS, _VERSION_MAPS, _VERSION_REPEATED)}
_STRINGS = (Kind.STRING, Kind.MAP_STRING, Kind.REPEATED_STRING)


class _Compiler:
    def __init__(self, schema: filters.Schema, dialect):
        self.schema = schema
        self.d = dialect
        self.columns, self.maps, self.repeated = _TABLES[schema.resource]
        self.params: list = []

    def node(self, n) -> str:
        if isinstance(n, And):
            return "(" + " AND ".join(self.node(i) for i in n.items) + ")"
        if isinstance(n, Or):
            return "(" + " OR ".join(self.node(i) for i in n.items) + ")"
        if isinstance(n, Not):
            return f"(NOT {self.node(n.item)})"
        if isinstance(n, Compare):
            return self.compare(n)
        if isinstance(n, Has):
            return self.has(n)
        raise TypeError(f"not a filter node: {n!r}")

    def kind(self, f: Field) -> Kind:
        return self.schema.fields[f.name]

    def match(self, expr: str, op: str, value, kind: Kind) -> str:
        """`expr op value` for a non-NULL expr; true or false."""
        if isinstance(value, Glob):
            self.params.append(self.d.glob_param(value.parts))
            test = self.d.glob(expr)
            return test if op == "=" else f"NOT {test}"
        if isinstance(value, Str):
            self.params.append(value.value)
            return f"{self.d.text(expr)} {_SQL_OPS[op]} ?"
        if isinstance(value, Time):
            self.params.append(value.micros)
        elif isinstance(value, Dur):  # metrics: seconds
            self.params.append(float(Decimal(value.micros) / Decimal(10**6)))
        else:
            self.params.append(value.value)
        return f"{expr} {_SQL_OPS[op]} ?"

    def in_map(self, m: _Map, key: str | None, condition=None) -> str:
        """The row has a side-table row `t` (of this key) for which condition() holds: a
        callable, called after the key's parameter is taken, giving SQL on t.key or t.value."""
        where = []
        if key is not None:
            self.params.append(key)
            where.append("t.key = ?")
        if condition is not None:
            where.append(condition())
        # EXISTS, a lookup by the side table's primary key per row, rather than IN (SELECT ...):
        # the planner then drives from the order's index and stops at the page (bench: IN
        # materialises every matching key first, e.g. 20,000 `team = nlp` versions).
        return f"EXISTS (SELECT 1 FROM {m.table} t WHERE t.{m.owner} = {m.owner_expr}" + "".join(
            f" AND {w}" for w in where) + ")"

    def compare(self, n: Compare) -> str:
        f, kind = n.field, self.kind(n.field)
        if f.name in self.maps:
            return self.in_map(self.maps[f.name], f.key, lambda: self.match("t.value", n.op, n.value, kind))
        expr = self.columns[f.name]
        return f"({expr} IS NOT NULL AND {self.match(expr, n.op, n.value, kind)})"

    def has(self, n: Has) -> str:
        f, kind = n.field, self.kind(n.field)
        if f.name in self.maps:
            m = self.maps[f.name]
            if n.value is ANY:
                if f.key is not None and kind is Kind.MAP_STRING:
                    return self.in_map(m, f.key, lambda: "t.value <> ''")  # a string is set when non-empty
                return self.in_map(m, f.key)
            # map:KEY: some key matches
            return self.in_map(m, None, lambda: self.match("t.key", "=", n.value, Kind.STRING))
        if f.name in self.repeated:
            r = self.repeated[f.name]
            cond = "" if n.value is ANY else f" AND {self.match(r.value, '=', n.value, kind)}"
            return f"EXISTS (SELECT 1 {r.source}{cond})"
        expr = self.columns[f.name]
        if kind is Kind.STRING:
            return f"({expr} IS NOT NULL AND {expr} <> '')"
        return f"({expr} IS NOT NULL)"


_SQL_OPS = {"=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


def where(tree, schema: filters.Schema, dialect) -> tuple[str, list]:
    """The SQL condition of a checked filter (None: every row) and its parameters, in order."""
    if tree is None:
        return "1 = 1", []
    c = _Compiler(schema, dialect)
    return c.node(tree), c.params


@dataclass(frozen=True)
class SortKey:
    expr: str  # a column of the page query's SELECT, as named there (k0, k1, ...)
    source: str  # the expression it is selected as
    desc: bool
    string: bool  # compared by code point (Dialect.text)
    map_key: bool  # missing on some rows: the page token may hold None for it
    nullable: bool  # may be NULL in this phase's rows


@dataclass(frozen=True)
class Phase:
    """One query of an order: its joins and their parameters, the sort keys, and a condition (with
    parameters) ANDed with the filter."""
    joins: str
    params: list
    sort: list
    where: str
    where_params: list


# Tie-breaks appended to every order, so it is total and a page token names one row.
_TIES = {"models": ((Field("name"), False),),
         "versions": ((Field("model"), False), (Field("number"), True))}


def order(keys, schema: filters.Schema, dialect) -> list[Phase]:
    """The queries of an order (filters.parse_order keys) with the resource's tie-breaks after it,
    to run one after the other: one, or two when the first key is a map key (the rows that have
    it, through an inner join that can follow its index, then those that lack it). Values
    missing sort last in either direction."""
    columns, maps, _ = _TABLES[schema.resource]
    keys = tuple(keys) + _TIES[schema.resource]
    first_is_map = keys[0][0].name in maps
    phases = []
    for present in ((True, False) if first_is_map else (None,)):
        joins, params, sort, where, where_params = [], [], [], "1 = 1", []
        for i, (f, desc) in enumerate(keys):
            kind = schema.fields[f.name]
            source = columns.get(f.name, "")
            if f.name in maps:
                m = maps[f.name]
                source = f"o{i}.value"
                if i == 0 and present is False:
                    source = "NULL"
                    where = (f"NOT EXISTS (SELECT 1 FROM {m.table} t WHERE t.{m.owner} = {m.owner_expr} "
                             "AND t.key = ?)")
                    where_params = [f.key]
                else:
                    join = "JOIN" if i == 0 else "LEFT JOIN"
                    joins.append(f" {join} {m.table} o{i} ON o{i}.{m.owner} = {m.owner_expr} AND o{i}.key = ?")
                    params.append(f.key)
            is_map = f.name in maps
            sort.append(SortKey(f"k{i}", source, desc, kind in _STRINGS, is_map, is_map and not (i == 0 and present)))
        phases.append(Phase("".join(joins), params, sort, where, where_params))
    return phases


def order_by(sort: list[SortKey], dialect) -> str:
    """NULLS LAST only where a NULL can be: elsewhere it would keep the planner from an index."""
    return ", ".join(f"{dialect.text(k.expr) if k.string else k.expr}{' DESC' if k.desc else ''}"
                     f"{' NULLS LAST' if k.nullable else ''}" for k in sort)


def after(sort: list[SortKey], last: list, dialect) -> tuple[str, list]:
    """The condition for rows strictly after the row whose sort values are `last` (keyset
    paging), with its parameters. NULLs sort last: after a NULL come only NULLs."""
    terms, params = [], []
    for i, key in enumerate(sort):
        if last[i] is None:
            continue  # nothing sorts after NULL within the keys before it
        parts, ps = [], []
        for j in range(i):
            e = dialect.text(sort[j].expr) if sort[j].string else sort[j].expr
            if last[j] is None:
                parts.append(f"{sort[j].expr} IS NULL")
            else:
                parts.append(f"{e} = ?")
                ps.append(last[j])
        e = dialect.text(key.expr) if key.string else key.expr
        parts.append(f"({e} {'<' if key.desc else '>'} ? OR {key.expr} IS NULL)")
        ps.append(last[i])
        terms.append("(" + " AND ".join(parts) + ")")
        params += ps
    return ("(" + " OR ".join(terms) + ")" if terms else "1 = 0"), params


def check_last(sort: list[SortKey], last) -> None:
    """`last` comes from a page token: values of the wrong count or type are refused
    (INVALID_PAGE_TOKEN) before they reach SQL."""
    ok = isinstance(last, list) and len(last) == len(sort)
    for key, value in zip(sort, last if ok else ()):
        if value is None:
            ok = ok and key.map_key
        elif key.string:
            ok = ok and isinstance(value, str)
        else:
            ok = ok and isinstance(value, (int, float)) and not isinstance(value, bool) and (
                math.isfinite(value) if isinstance(value, float) else -2**63 <= value < 2**63)
    if not ok:
        raise InvalidArgument("INVALID_PAGE_TOKEN", "page_token does not belong to this query")
