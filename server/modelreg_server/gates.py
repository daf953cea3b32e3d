"""Promotion gates (issue 18): a protection rule's `requirement`, a filter over versions
(filters.VERSIONS), that a version must match before any move puts a matching alias on it.

The gate is checked by every path that moves an alias onto a version (service.set_alias,
create_version's aliases, move_alias_as for a monitor's rollback; the dashboard calls set_alias),
for every caller, admins included. A clause is a top-level AND item of the requirement; a refusal
(FAILED_PRECONDITION, PROMOTION_BLOCKED) names each failed clause and the version's actual value
in its ErrorInfo metadata: `clause_1`/`actual_1`, `clause_2`/`actual_2`, ... plus `alias`,
`version`, `rule` and `failed` (how many clauses failed).
"""
from __future__ import annotations

import datetime as _dt
import functools
import json
from dataclasses import dataclass
from typing import Any, Mapping

from . import filters, limits, patterns
from .domain import ProtectionRow, VersionRow
from .errors import FailedPrecondition, InvalidArgument

MISSING = "missing"
_ACTUAL_CHARS = 200


@dataclass(frozen=True)
class Clause:
    rule: str  # protectedAliases/{id}
    text: str
    passed: bool
    actual: str


def validate(requirement: str) -> str:
    """The requirement as stored ('' for none); INVALID_ARGUMENT with the filter's own reason when bad."""
    requirement = requirement.strip()
    if len(requirement) > limits.REQUIREMENT_CHARS:
        raise InvalidArgument("REQUIREMENT_TOO_LONG", f"a promotion requirement has at most "
                              f"{limits.REQUIREMENT_CHARS} characters", limit=limits.REQUIREMENT_CHARS)
    if requirement:
        filters.parse(requirement, filters.VERSIONS)
    return requirement


@functools.lru_cache(maxsize=256)
def _tree(requirement: str):
    return filters.parse(requirement, filters.VERSIONS)


def record(v: VersionRow) -> dict:
    """A version's fields as filters.VERSIONS names them (its inputs must be loaded)."""
    inputs = []
    for i in v.inputs or ():
        item = {}
        if i.uri:
            item["uri"] = i.uri
        if i.version:
            item["model"] = i.version.split("/")[1] if i.version.startswith("models/") else i.version
        inputs.append(item)
    return {"model": v.model, "number": v.number, "state": v.state, "description": v.description,
            "tags": dict(v.tags), "metrics": dict(v.metrics), "params": dict(v.params),
            "create_time": v.create_time, "update_time": v.update_time, "digest": v.digest,
            "size": v.total_size, "alias": list(v.aliases), "inputs": inputs}


def rules(protections: list[ProtectionRow], model_id: str, alias: str) -> list[ProtectionRow]:
    """The protection rules with a requirement that apply to model_id:alias."""
    return [p for p in protections if p.requirement and patterns.matches(model_id, p.model_pattern)
            and patterns.matches(alias, p.alias_pattern)]


def evaluate(protections: list[ProtectionRow], model_id: str, alias: str, version: VersionRow) -> list[Clause]:
    rec = record(version)
    out = []
    for p in rules(protections, model_id, alias):
        tree = _tree(p.requirement)
        items = tree.items if isinstance(tree, filters.And) else (() if tree is None else (tree,))
        for node in items:
            out.append(Clause(rule=f"protectedAliases/{p.id}", text=render(node),
                              passed=filters.matches(node, rec), actual=actual(node, rec)))
    return out


def require(protections: list[ProtectionRow], model_id: str, alias: str, version: VersionRow) -> None:
    """Refuses (PROMOTION_BLOCKED) moving model_id:alias onto version unless every gate passes."""
    failed = [c for c in evaluate(protections, model_id, alias, version) if not c.passed]
    if not failed:
        return
    metadata = {"alias": alias, "version": version.name, "rule": failed[0].rule, "failed": str(len(failed))}
    for n, c in enumerate(failed, start=1):
        metadata[f"clause_{n}"] = c.text
        metadata[f"actual_{n}"] = c.actual
    why = "; ".join(f"{c.text} (actual: {c.actual})" for c in failed)
    raise FailedPrecondition("PROMOTION_BLOCKED", f"{version.name} does not meet the promotion gate of "
                             f"{model_id}:{alias}: {why}", **metadata)


# ---------------------------------------------------------------------------------------------
# Rendering: a clause as the grammar writes it, and the version's value of its fields.


def _field(f: filters.Field) -> str:
    return f"{f.name}.{f.key}" if f.key is not None else f.name


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"})


def _quote(s: str) -> str:
    return '"' + s.translate(_ESCAPES) + '"'


def _value(v) -> str:
    if v is filters.ANY:
        return "*"
    if isinstance(v, filters.Str):
        return _quote(v.value)
    if isinstance(v, filters.Glob):
        return '"' + "*".join(p.translate(_ESCAPES).replace("*", "\\*") for p in v.parts) + '"'
    if isinstance(v, filters.Num):
        return repr(v.value)
    if isinstance(v, filters.Time):
        return _quote(_time(v.micros))
    if isinstance(v, filters.Dur):
        return f"{v.micros // 10**6}s" if v.micros % 10**6 == 0 else f"{v.micros}us"
    return str(v)


def _time(micros: int) -> str:
    t = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc) + _dt.timedelta(microseconds=micros)
    return t.isoformat().replace("+00:00", "Z")


def render(node) -> str:
    if isinstance(node, filters.Compare):
        return f"{_field(node.field)} {node.op} {_value(node.value)}"
    if isinstance(node, filters.Has):
        return f"{_field(node.field)}:{_value(node.value)}"
    if isinstance(node, filters.Not):
        return f"NOT {_wrap(node.item)}"
    if isinstance(node, filters.Or):
        return " OR ".join(_wrap(i) for i in node.items)
    if isinstance(node, filters.And):
        return " AND ".join(_wrap(i) for i in node.items)
    return str(node)


def _wrap(node) -> str:
    return f"({render(node)})" if isinstance(node, (filters.And, filters.Or)) else render(node)


def _fields(node, out: list) -> list:
    if isinstance(node, (filters.Compare, filters.Has)):
        if node.field not in out:
            out.append(node.field)
    elif isinstance(node, filters.Not):
        _fields(node.item, out)
    elif isinstance(node, (filters.And, filters.Or)):
        for i in node.items:
            _fields(i, out)
    return out


def _show(v: Any, field: filters.Field) -> str:
    if v is None or (isinstance(v, (str, list, tuple, Mapping)) and len(v) == 0):
        return MISSING
    if field.name in ("create_time", "update_time") and isinstance(v, int):
        return _time(v)
    if isinstance(v, float):
        text = repr(v)
    elif isinstance(v, str):
        text = _quote(v)
    elif isinstance(v, int):
        text = str(v)
    else:
        text = json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= _ACTUAL_CHARS else text[:_ACTUAL_CHARS - 1] + "…"


def actual(node, rec: Mapping) -> str:
    """The version's value of the clause's field (`0.85`, `"yes"`, `missing`); with several
    fields, `field = value` pairs joined by `, `."""
    fields = _fields(node, [])
    shown = [(f, _show(filters._lookup(f, rec), f)) for f in fields]
    if len(shown) == 1:
        return shown[0][1]
    return ", ".join(f"{_field(f)} = {s}" for f, s in shown)
