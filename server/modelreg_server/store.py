"""The SQL of the metadata: models, versions, files, aliases, lineage, governance and webhooks.

Reader and Writer are written once, in SQL that SQLite and PostgreSQL both run, over a small
connection (`Connection`) that each backend supplies (sqlite_store.py, pg_store.py): it runs a
statement and returns rows as dicts, translates its database's failures into domain errors, and
carries the `Dialect`, the few spellings the two databases do not share (a list parameter, a JSON
field, a byte length, the two-argument min and max). The schema and its migrations are in
schema.py; the event log, which each backend sequences its own way, in the backends.
"""

import json
import secrets
from dataclasses import replace

from typing import Protocol

from . import filters, limits, sql_filters
from .store_monitors import MonitorReads, MonitorWrites
from .domain import (CHUNK_REF_BYTES, FILE_ENTRY_BYTES, AliasRow, AttemptRow, BindingRow, DeliveryRow, DeniedRow, EventRow, FileRow,  # noqa: F401
                     InputRow, ModelRow, now_micros, PrincipalRow, ProtectionRow, TokenRow, VersionRow,
                     WebhookRow, WebSessionRow)  # re-exported: the rows are imported from here by older code

class Dialect:
    """SQLite's spellings; PostgresDialect overrides those PostgreSQL spells otherwise."""

    name = "sqlite"
    least, greatest = "min", "max"

    def any(self, column: str) -> str:
        """`column` is one of a list given as one parameter (made by list_param)."""
        return f"{column} IN (SELECT value FROM json_each(?))"

    def list_param(self, values) -> object:
        return json.dumps(list(values))

    def json_field(self, column: str) -> str:
        """The text of one key of a JSON object column; the key is a parameter (made by json_key)."""
        return f"json_extract({column}, ?)"

    def json_key(self, key: str) -> str:
        return '$."' + key.replace('"', '""') + '"'

    def octets(self, expr: str) -> str:
        return f"length(CAST({expr} AS BLOB))"

    def text(self, expr: str) -> str:
        """expr compared and sorted by code point (SQLite's BINARY collation already is)."""
        return expr

    def glob(self, expr: str) -> str:
        """expr matches a pattern given as one parameter (made by glob_param)."""
        return f"{expr} GLOB ?"

    def glob_param(self, parts) -> str:
        """A pattern matching the literal parts with anything between them (filters.Glob)."""
        return "*".join("".join(f"[{c}]" if c in "*?[" else c for c in p) for p in parts)


class PostgresDialect(Dialect):
    name = "postgresql"
    least, greatest = "LEAST", "GREATEST"

    def any(self, column: str) -> str:
        return f"{column} = ANY(?)"

    def list_param(self, values) -> object:
        return list(values)

    def json_field(self, column: str) -> str:
        return f"({column}::jsonb ->> ?)"

    def json_key(self, key: str) -> str:
        return key

    def octets(self, expr: str) -> str:
        return f"octet_length({expr})"

    def text(self, expr: str) -> str:
        return f'({expr} COLLATE "C")'

    def glob(self, expr: str) -> str:
        return f"({expr} COLLATE \"C\") LIKE ? ESCAPE '\\'"

    def glob_param(self, parts) -> str:
        return "%".join("".join("\\" + c if c in "\\%_" else c for c in p) for p in parts)


class Connection(Protocol):
    """One database connection inside one transaction, as a backend hands it to Reader/Writer.
    Parameters are `?`; failures leave as domain errors (errors.py)."""

    dialect: Dialect

    def rows(self, sql: str, params=()) -> list[dict]: ...
    def tuples(self, sql: str, params=()) -> list[tuple]:
        """The rows as tuples in column order, values as the driver gives them: for the hot paths
        (metric buckets) that would only unpack the dicts again."""
    def run(self, sql: str, params=()) -> int:
        """Runs a statement; the number of rows it changed."""
    def run_many(self, sql: str, rows: list) -> None: ...
    def insert(self, sql: str, params=(), *, key: str = "id") -> int:
        """Runs an INSERT of one row; the value of its generated `key` column."""


def new_etag() -> str:
    return secrets.token_hex(8)


class Reader(MonitorReads):
    """Queries. Each method is one question asked of one connection."""

    def __init__(self, db: Connection):
        self.db = db
        self.d = db.dialect

    def _rows(self, sql: str, params=()) -> list[dict]:
        return self.db.rows(sql, params)

    def model(self, name: str) -> ModelRow | None:
        rows = self._rows("SELECT * FROM models WHERE name = ?", [name])
        return self._model(rows[0]) if rows else None

    def _model(self, row: dict) -> ModelRow:
        aliases = {r["alias"]: r["version"] for r in
                   self._rows("SELECT alias, version FROM aliases WHERE model_id = ? ORDER BY alias", [row["id"]])}
        return ModelRow(**{**row, "tags": json.loads(row["tags"]), "aliases": aliases})

    def models_named(self, names: list[str]) -> list[ModelRow]:
        """The models of these names, in that order, with their aliases: two queries."""
        rows = {r["name"]: r for r in self._rows(f"SELECT * FROM models WHERE {self.d.any('name')}",
                                                [self.d.list_param(names)])}
        aliases = self._aliases_of([rows[n]["id"] for n in names if n in rows])
        return [ModelRow(**{**rows[n], "tags": json.loads(rows[n]["tags"]), "aliases": aliases.get(rows[n]["id"], {})})
                for n in names if n in rows]

    def _aliases_of(self, model_ids: list[int]) -> dict[int, dict[str, int]]:
        found: dict[int, dict[str, int]] = {}
        for r in self._rows(f"SELECT model_id, alias, version FROM aliases WHERE {self.d.any('model_id')} "
                            "ORDER BY model_id, alias", [self.d.list_param(model_ids)]):
            found.setdefault(r["model_id"], {})[r["alias"]] = r["version"]
        return found

    def version(self, model: ModelRow, number: int, *, files: bool = False, inputs: bool = True) -> VersionRow | None:
        rows = self._rows("SELECT * FROM versions WHERE model_id = ? AND number = ?", [model.id, number])
        return self._version(model, rows[0], files=files, inputs=inputs) if rows else None

    def version_by_digest(self, model: ModelRow, digest: str, *, files: bool = False,
                          inputs: bool = True) -> VersionRow | None:
        rows = self._rows(
            "SELECT * FROM versions WHERE model_id = ? AND digest = ? "
            "ORDER BY state = 'READY' DESC, number DESC LIMIT 1",
            [model.id, digest],
        )
        return self._version(model, rows[0], files=files, inputs=inputs) if rows else None

    def version_by_request(self, model: ModelRow, request_id: str) -> VersionRow | None:
        rows = self._rows("SELECT * FROM versions WHERE model_id = ? AND request_id = ?", [model.id, request_id])
        return self._version(model, rows[0], files=True) if rows else None

    def version_weights(self, version_ids: list[int]) -> dict[int, tuple[str, int]]:
        """id -> (resource name, about what the version weighs serialised without its inputs and
        manifest), for versions a lineage graph would carry."""
        rows = self._rows(f"SELECT v.id, v.number, models.name AS model, {_version_meta_bytes(self.d)} AS bytes "
                          f"FROM versions v JOIN models ON models.id = v.model_id WHERE {self.d.any('v.id')}",
                          [self.d.list_param(version_ids)])
        return {r["id"]: (f"models/{r['model']}/versions/{r['number']}", r["bytes"]) for r in rows}

    def manifest_bytes(self, version_id: int) -> int:
        """About what a version's manifest weighs serialised (a FileEntry per file, a ChunkRef per chunk)."""
        return self._rows(f"SELECT coalesce(sum({self.d.octets('path')} + {FILE_ENTRY_BYTES} "
                          f"+ chunk_count * {CHUNK_REF_BYTES}), 0) AS n FROM files WHERE version_id = ?",
                          [version_id])[0]["n"]

    def versions_by_id(self, version_ids: list[int], *, inputs: bool = True, files: bool = False) -> list[VersionRow]:
        """The versions of these ids, in that order: their rows, models, aliases and inputs in one
        query each (manifests, when asked for, one per version)."""
        rows = {r["id"]: r for r in self._rows(
            "SELECT v.*, models.name AS model_name FROM versions v JOIN models ON models.id = v.model_id "
            f"WHERE {self.d.any('v.id')}", [self.d.list_param(version_ids)])}
        aliases = self._aliases_of(list({r["model_id"] for r in rows.values()}))
        found = self.inputs_of(list(rows)) if inputs else {}
        versions = []
        for version_id in version_ids:
            if version_id not in rows:
                continue
            row = dict(rows[version_id])
            model_name = row.pop("model_name")
            version = self._row_version(model_name, aliases.get(row["model_id"], {}), row)
            versions.append(replace(version, inputs=found.get(version_id, []),
                                    files=self.files(version_id) if files else None))
        return versions

    def max_ready_version(self, model: ModelRow) -> int:
        row = self._rows("SELECT max(number) AS n FROM versions WHERE model_id = ? AND state = 'READY'", [model.id])
        return row[0]["n"] or 0

    def _version(self, model: ModelRow, row: dict, *, files: bool, inputs: bool = True) -> VersionRow:
        version = self._row_version(model.name, model.aliases, row)
        return replace(version, inputs=self.inputs(version.id) if inputs else [],
                       files=self.files(version.id) if files else None)

    @staticmethod
    def _row_version(model_name: str, aliases: dict, row: dict) -> VersionRow:
        return VersionRow(
            id=row["id"], model=model_name, number=row["number"], digest=row["digest"],
            state=row["state"], description=row["description"], tags=json.loads(row["tags"]),
            metrics=json.loads(row["metrics"]), params=json.loads(row["params"]),
            total_size=row["total_size"], file_count=row["file_count"],
            create_time=row["create_time"], update_time=row["update_time"], etag=row["etag"],
            aliases=sorted(a for a, n in aliases.items() if n == row["number"]),
            manifest_format=row["manifest_format"],
        )

    def inputs(self, version_id: int) -> list[InputRow]:
        return self.inputs_of([version_id]).get(version_id, [])

    def inputs_of(self, version_ids: list[int]) -> dict[int, list[InputRow]]:
        """The declared inputs of each of these versions, in declaration order, in one query."""
        found: dict[int, list[InputRow]] = {}
        for r in self._rows(
                "SELECT lineage.*, versions.number AS up_number, models.name AS up_model FROM lineage "
                "LEFT JOIN versions ON versions.id = lineage.upstream_version_id "
                "LEFT JOIN models ON models.id = versions.model_id "
                f"WHERE {self.d.any('lineage.version_id')} ORDER BY lineage.id",
                [self.d.list_param(version_ids)]):
            found.setdefault(r["version_id"], []).append(_input(r))
        return found

    def input_count(self, version_id: int) -> int:
        return self._rows("SELECT count(*) AS n FROM lineage WHERE version_id = ?", [version_id])[0]["n"]

    def files(self, version_id: int) -> list[FileRow]:
        chunks = self._rows(
            "SELECT digest, size FROM version_chunks WHERE version_id = ? ORDER BY position", [version_id]
        )
        return [
            FileRow(
                path=f["path"], size=f["size"], sha256=f["sha256"], mode=f["mode"], tree_digest=f["chunks_digest"],
                chunks=[(c["digest"], c["size"]) for c in chunks[f["first_chunk"]:f["first_chunk"] + f["chunk_count"]]],
            )
            for f in self._rows("SELECT * FROM files WHERE version_id = ? ORDER BY position", [version_id])
        ]

    def chunks_from(self, version_id: int, offset: int, *, limit: int) -> list[tuple[int, str, int]]:
        """(offset, digest, size) of the chunks of a version whose end lies past offset."""
        rows = self._rows(
            'SELECT "offset", digest, size FROM version_chunks WHERE version_id = ? AND "offset" + size > ? '
            "ORDER BY position LIMIT ?",
            [version_id, offset, limit],
        )
        return [(r["offset"], r["digest"], r["size"]) for r in rows]

    def aliases(self, model: ModelRow) -> list[AliasRow]:
        return [
            AliasRow(model.name, r["alias"], r["version"], r["previous_version"], r["update_time"])
            for r in self._rows("SELECT * FROM aliases WHERE model_id = ? ORDER BY alias", [model.id])
        ]

    def alias(self, model: ModelRow, alias: str) -> AliasRow | None:
        rows = self._rows("SELECT * FROM aliases WHERE model_id = ? AND alias = ?", [model.id, alias])
        r = rows[0] if rows else None
        return AliasRow(model.name, r["alias"], r["version"], r["previous_version"], r["update_time"]) if r else None

    def lineage_rows(self, column: str, keys: list, *, limit: int, versions_only: bool = False) -> list[dict]:
        """Lineage rows whose `column` (version_id: the downstream version; upstream_version_id;
        artifact_uri) is one of keys, in no particular order, at most limit of them: a walk asks
        once per level, whatever the number of nodes in it."""
        if column not in ("version_id", "upstream_version_id", "artifact_uri"):
            raise ValueError(column)
        only = " AND upstream_version_id IS NOT NULL" if versions_only else ""
        return self._rows(f"SELECT * FROM lineage WHERE {self.d.any(column)}{only} LIMIT ?",
                          [self.d.list_param(keys), limit])

    # Webhooks

    def webhook(self, name: str) -> WebhookRow | None:
        rows = self._rows("SELECT * FROM webhooks WHERE name = ?", [name])
        return self._webhook(rows[0]) if rows else None

    def webhook_by_id(self, webhook_id: int) -> WebhookRow | None:
        rows = self._rows("SELECT * FROM webhooks WHERE id = ?", [webhook_id])
        return self._webhook(rows[0]) if rows else None

    def webhooks(self, *, after: str = "", limit: int = 2**31) -> list[WebhookRow]:
        return [self._webhook(r) for r in self._rows("SELECT * FROM webhooks WHERE name > ? ORDER BY name LIMIT ?",
                                                     [after, limit])]

    def enabled_webhooks(self) -> list[int]:
        return [r["id"] for r in self._rows("SELECT id FROM webhooks WHERE state = 'ENABLED' ORDER BY id")]

    def _webhook(self, row: dict) -> WebhookRow:
        row = dict(row)
        row["filter"] = row.pop("filter_text", "")
        hook = WebhookRow(**{**row, **{k: json.loads(row[k]) for k in ("models", "event_types", "aliases")}})
        for r in self._rows("SELECT status, count(*) AS n FROM webhook_deliveries WHERE webhook_id = ? "
                            "AND status IN ('PENDING', 'FAILED') GROUP BY status", [hook.id]):
            setattr(hook, "pending" if r["status"] == "PENDING" else "failed", r["n"])
        return hook

    def pending_deliveries(self) -> int:
        """Deliveries of every webhook still waiting to be delivered (the backlog telemetry exports)."""
        return self._rows("SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'PENDING'")[0]["n"]

    def next_delivery(self, webhook_id: int) -> DeliveryRow | None:
        """The head of a webhook's queue: its pending delivery with the lowest sequence."""
        rows = self._rows("SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND status = 'PENDING' "
                          "ORDER BY sequence, id LIMIT 1", [webhook_id])
        return _delivery(rows[0]) if rows else None

    def delivery(self, webhook_id: int, delivery_id: int) -> DeliveryRow | None:
        rows = self._rows("SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND id = ?", [webhook_id, delivery_id])
        return self._with_history([_delivery(rows[0])])[0] if rows else None

    def deliveries(self, webhook_id: int, *, before: int, status: str, limit: int) -> list[DeliveryRow]:
        sql = "SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND id < ?"
        params: list = [webhook_id, before]
        if status:
            sql += " AND status = ?"
            params.append(status)
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(limit)
        return self._with_history([_delivery(r) for r in self._rows(sql, params)])

    def _with_history(self, deliveries: list[DeliveryRow]) -> list[DeliveryRow]:
        by_id = {d.id: d for d in deliveries}
        if by_id:
            rows = self._rows(f"SELECT * FROM webhook_attempts WHERE {self.d.any('delivery_id')} ORDER BY id",
                              [self.d.list_param(by_id)])
            for r in rows:
                by_id[r["delivery_id"]].history.append(
                    AttemptRow(r["time"], r["status_code"], r["latency_micros"], r["error"]))
        return deliveries

    def all_versions(self) -> list[tuple[int, str]]:
        """(id, resource name) of every version."""
        return [
            (r["id"], f"models/{r['model']}/versions/{r['number']}")
            for r in self._rows("SELECT versions.id, versions.number, models.name AS model FROM versions "
                                "JOIN models ON models.id = versions.model_id ORDER BY models.name, versions.number")
        ]

    def verified_before(self, f: FileRow) -> bool:
        """Whether a committed version already has this exact file content with this chunk list."""
        return bool(self._rows("SELECT 1 FROM files WHERE sha256 = ? AND chunks_digest = ? AND size = ? LIMIT 1",
                               [f.sha256, f.chunks_digest, f.size]))

    def files_without_sha256(self, *, limit: int) -> list[FileRow]:
        found = {}
        for f in self._rows("SELECT * FROM files WHERE sha256 = '' LIMIT ?", [limit]):
            if (f["chunks_digest"], f["size"]) in found:
                continue
            chunks = self._rows("SELECT digest, size FROM version_chunks WHERE version_id = ? AND position >= ? "
                                "AND position < ? ORDER BY position",
                                [f["version_id"], f["first_chunk"], f["first_chunk"] + f["chunk_count"]])
            found[f["chunks_digest"], f["size"]] = FileRow(
                path=f["path"], size=f["size"], sha256="", mode=f["mode"], tree_digest=f["chunks_digest"],
                chunks=[(c["digest"], c["size"]) for c in chunks])
        return list(found.values())

    def referenced_chunks(self) -> set[str]:
        return {r["digest"] for r in self._rows("SELECT DISTINCT digest FROM version_chunks")}

    # Governance

    def principal(self, name: str) -> PrincipalRow | None:
        rows = self._rows("SELECT * FROM principals WHERE name = ?", [name])
        return PrincipalRow(**rows[0]) if rows else None

    def principals(self, *, after: str, limit: int) -> list[PrincipalRow]:
        rows = self._rows("SELECT * FROM principals WHERE name > ? ORDER BY name LIMIT ?", [after, limit])
        return [PrincipalRow(**r) for r in rows]

    def token(self, token_id: str) -> TokenRow | None:
        rows = self._rows(_TOKENS + " WHERE tokens.id = ?", [token_id])
        return TokenRow(**rows[0]) if rows else None

    def tokens(self, *, principal: str, before: tuple, limit: int) -> list[TokenRow]:
        sql = _TOKENS + " WHERE (tokens.create_time, tokens.id) < (?, ?)"
        params: list = list(before)
        if principal:
            sql += " AND principals.name = ?"
            params.append(principal)
        rows = self._rows(sql + " ORDER BY tokens.create_time DESC, tokens.id DESC LIMIT ?", params + [limit])
        return [TokenRow(**r) for r in rows]

    def bindings(self, principal: str = "") -> list[BindingRow]:
        sql = ("SELECT role_bindings.id, principals.name AS principal, role, model_pattern, role_bindings.create_time "
               "FROM role_bindings JOIN principals ON principals.id = role_bindings.principal_id")
        params = []
        if principal:
            sql += " WHERE principals.name = ?"
            params.append(principal)
        return [BindingRow(**r) for r in self._rows(sql + " ORDER BY principals.name, model_pattern", params)]

    def binding(self, binding_id: int) -> BindingRow | None:
        return next((b for b in self.bindings() if b.id == binding_id), None)

    def global_admins(self) -> int:
        return self._rows("SELECT count(*) AS n FROM role_bindings WHERE role = 4 AND model_pattern = '*'")[0]["n"]

    def protections(self) -> list[ProtectionRow]:
        return [ProtectionRow(**r) for r in self._rows("SELECT * FROM protected_aliases ORDER BY id")]

    def audit(self, *, before: tuple, limit: int, actor: str, model: str, types: list, allowed: bool,
              denied: bool, start: int, end: int) -> list[EventRow | DeniedRow]:
        """Events and refused calls, newest first, strictly before the (time, kind, id) key."""
        parts, params = [], []
        common, common_params = " AND time >= ? AND time < ?", [start, end]
        if actor:
            common += " AND actor = ?"
            common_params.append(actor)
        if model:
            common += " AND model = ?"
            common_params.append(model)
        if allowed:
            sql = "SELECT time, 0 AS kind, sequence AS id FROM events WHERE 1 = 1" + common
            params += common_params
            if types:
                sql += f" AND type IN ({','.join('?' * len(types))})"
                params += types
            parts.append(sql)
        if denied and not types:
            parts.append("SELECT time, 1 AS kind, id FROM (SELECT last_time AS time, id, actor, model FROM "
                         "denied_calls) AS d WHERE 1 = 1" + common)
            params += common_params
        if not parts:
            return []
        keys = self._rows(
            f"SELECT * FROM ({' UNION ALL '.join(parts)}) AS k WHERE (time, kind, id) < (?, ?, ?) "
            "ORDER BY time DESC, kind DESC, id DESC LIMIT ?", params + list(before) + [limit])
        events = [k["id"] for k in keys if k["kind"] == 0]
        denials = [k["id"] for k in keys if k["kind"] == 1]
        found = {(0, r["sequence"]): _event(r) for r in self._rows(
            f"SELECT * FROM events WHERE {self.d.any('sequence')}", [self.d.list_param(events)])}
        found |= {(1, r["id"]): DeniedRow(**r) for r in self._rows(
            _DENIED + f" WHERE {self.d.any('id')}", [self.d.list_param(denials)])}
        return [found[(k["kind"], k["id"])] for k in keys]

    # Chunk leases (end of Reader)

    def leased_chunks(self, *, after: int) -> set[str]:
        """The digests leased until after a time (microseconds): chunks pushes in flight rely on."""
        return {r["digest"] for r in self._rows("SELECT digest FROM chunk_leases WHERE expire_time > ?", [after])}

    def chunk_in_use(self, digest: str, *, leased_after: int) -> bool:
        """Whether a version references the chunk or a lease on it lasts past a time (microseconds)."""
        return bool(self._rows(
            "SELECT 1 AS used FROM chunk_leases WHERE digest = ? AND expire_time > ? "
            "UNION ALL SELECT 1 AS used FROM version_chunks WHERE digest = ? LIMIT 1", [digest, leased_after, digest]))

    # Compression at rest (compaction.py)

    def compaction_pending(self) -> int:
        """How many chunks wait to be compressed at rest."""
        return self._rows("SELECT count(*) AS n FROM chunk_compaction")[0]["n"]

    def compaction_batch(self, *, limit: int) -> list[tuple[str, int]]:
        """(digest, hint) of the oldest chunks waiting to be compressed at rest."""
        return [(r["digest"], r["hint"]) for r in self._rows(
            "SELECT digest, hint FROM chunk_compaction ORDER BY queued_time, digest LIMIT ?", [limit])]

    def digests_with_prefix(self, model: ModelRow, prefix: str, *, limit: int) -> list[tuple[str, int]]:
        """(digest, newest version number) of the model's distinct version digests that start with
        prefix (`sha256:` and hex digits), in digest order: a range on the indexed (model_id,
        digest), compared bytewise. Every hex string that starts with prefix lies in
        [prefix, prefix + "g"), and no other does, since "g" sorts after every hex digit."""
        column = self.d.text("digest")
        return [(r["digest"], r["number"]) for r in self._rows(
            f"SELECT digest, max(number) AS number FROM versions WHERE model_id = ? AND {column} >= ? "
            f"AND {column} < ? GROUP BY digest ORDER BY digest LIMIT ?", [model.id, prefix, prefix + "g", limit])]

    # Filtered, ordered lists (end of Reader)

    def model_search_keys(self, *, tree, order: tuple, after: list | None, limit: int) -> list[tuple[str, int, list]]:
        """(name, bytes, sort values) of the models matching a checked filter (filters.MODELS), in
        an order (filters.parse_order keys; name breaks ties), strictly after the sort values of a
        previous page's last model: what a page would hold and about what each weighs serialised,
        without loading any of them."""
        cond, params = sql_filters.where(tree, filters.MODELS, self.d)

        def inner(phase):
            return (f"SELECT models.name AS name, {_model_bytes(self.d)} AS bytes, "
                    + ", ".join(f"{k.source} AS {k.expr}" for k in phase.sort)
                    + f" FROM models{phase.joins} WHERE {phase.where} AND {cond}",
                    phase.params + phase.where_params + params)
        rows = self._page(inner, sql_filters.order(order, filters.MODELS, self.d), after, limit)
        return [(r["name"], r["bytes"], values) for r, values in rows]

    def version_search_keys(self, *, model_id: int | None, tree, order: tuple, after: list | None,
                            limit: int) -> list[tuple[int, str, int, list]]:
        """(id, model name, bytes, sort values) of the versions of one model (None: of every model)
        matching a checked filter (filters.VERSIONS), in an order (filters.parse_order keys; model,
        then number descending, break ties), strictly after the sort values of a previous page's
        last version; each weighed as a page weighs it, none loaded."""
        cond, params = sql_filters.where(tree, filters.VERSIONS, self.d)
        one = "v.model_id = ? AND " if model_id is not None else ""
        one_params = [model_id] if model_id is not None else []

        def inner(phase):
            return (f"SELECT v.id AS id, m.name AS model, {_version_bytes(self.d)} AS bytes, "
                    + ", ".join(f"{k.source} AS {k.expr}" for k in phase.sort)
                    + f" FROM versions v JOIN models m ON m.id = v.model_id{phase.joins} "
                    f"WHERE {one}{phase.where} AND {cond}", phase.params + one_params + phase.where_params + params)
        rows = self._page(inner, sql_filters.order(order, filters.VERSIONS, self.d), after, limit)
        return [(r["id"], r["model"], r["bytes"], values) for r, values in rows]

    def _page(self, inner, phases: list, after: list | None, limit: int) -> list[tuple[dict, list]]:
        """Up to limit rows (with their sort values) of the phases of an order, in turn, after a
        page token's values: a token whose first value is NULL lies in the second phase."""
        found = []
        if after is not None:
            sql_filters.check_last(phases[0].sort, after)
            if after[0] is None and len(phases) > 1:
                phases = phases[1:]
        for phase in phases:
            sql, params = inner(phase)
            sql = f"SELECT * FROM ({sql}) s"
            if after is not None:
                cond, after_params = sql_filters.after(phase.sort, after, self.d)
                sql += f" WHERE {cond}"
                params = params + after_params
            rows = self._rows(sql + f" ORDER BY {sql_filters.order_by(phase.sort, self.d)} LIMIT ?",
                              params + [limit - len(found)])
            found += [(r, [r[k.expr] for k in phase.sort]) for r in rows]
            if len(found) >= limit:
                break
            after = None  # the next phase starts at its beginning
        return found

    # Dashboard questions (end of Reader): each one bounded query

    def model_totals(self) -> tuple[int, int]:
        """(models, versions) in the registry: version numbers are never reused nor versions
        deleted, so a model's next_version - 1 is how many it has."""
        row = self._rows("SELECT count(*) AS models, coalesce(sum(next_version - 1), 0) AS versions FROM models")[0]
        return row["models"], row["versions"]

    def model_version_counts(self, prefixes: list[str]) -> list[tuple[str, int]]:
        """(name, versions) of the models whose name starts with one of the prefixes."""
        if not prefixes:
            return []
        cond = " OR ".join(self.d.glob("name") for _ in prefixes)
        return [(r["name"], r["versions"]) for r in self._rows(
            f"SELECT name, next_version - 1 AS versions FROM models WHERE {cond} ORDER BY name",
            [self.d.glob_param((p, "")) for p in prefixes])]

    def metric_series(self, model: ModelRow, *, limit: int) -> list[tuple[int, dict]]:
        """(number, metrics) of the model's latest `limit` versions, in number order."""
        rows = self._rows("SELECT number, metrics FROM versions WHERE model_id = ? ORDER BY number DESC LIMIT ?",
                          [model.id, limit])
        return [(r["number"], json.loads(r["metrics"])) for r in reversed(rows)]

    def version_events(self, model: str, version: int, *, limit: int) -> list[EventRow]:
        """The latest `limit` events about one version of a model, newest first."""
        return [_event(r) for r in self._rows(
            "SELECT * FROM events WHERE model = ? AND version = ? ORDER BY sequence DESC LIMIT ?",
            [model, version, limit])]

    def alias_events(self, *, since: int, before: tuple | None, limit: int, skip_alias: str,
                     model: str = "") -> list[EventRow]:
        """ALIAS_SET and ALIAS_DELETED events at or after `since` (microseconds), other than of
        skip_alias (and only of `model` when given), newest first (by time, then sequence),
        strictly before a (time, sequence) key."""
        sql, params = ("SELECT * FROM events WHERE time >= ? AND type IN ('ALIAS_SET', 'ALIAS_DELETED') "
                       "AND alias <> ?", [since, skip_alias])
        if model:
            sql += " AND model = ?"
            params.append(model)
        if before is not None:
            sql += " AND (time < ? OR (time = ? AND sequence < ?))"
            params += [before[0], before[0], before[1]]
        return [_event(r) for r in self._rows(sql + " ORDER BY time DESC, sequence DESC LIMIT ?", params + [limit])]

    def chunk_origins(self, version_id: int) -> list[tuple[int, str, int, int]]:
        """(position, digest, raw size, id of the first version that references the digest) of
        each chunk of a version, in order: a chunk whose first version is an earlier one was
        stored once already and deduplicated here."""
        return [(r["position"], r["digest"], r["size"], r["first_version"]) for r in self._rows(
            "SELECT c.position, c.digest, c.size, (SELECT min(o.version_id) FROM version_chunks o "
            "WHERE o.digest = c.digest) AS first_version FROM version_chunks c WHERE c.version_id = ? "
            "ORDER BY c.position", [version_id])]


    # Production metrics (metrics.py): series, raw points and 1m/1h buckets, times in micros
    def metric_series_of(self, model_id: int, *, version_id: int = 0, metric: str = "") -> list[dict]:
        """Series (id, version_id, metric, labels as canonical JSON, last_time) of a model, or of
        one version, or of one metric of one version."""
        sql, params = "SELECT id, version_id, metric, labels, last_time FROM metric_series WHERE model_id = ?", [model_id]
        if version_id:
            sql, params = sql + " AND version_id = ?", params + [version_id]
        if metric:
            sql, params = sql + " AND metric = ?", params + [metric]
        return self._rows(sql + " ORDER BY metric, id", params)

    def metric_names(self, model_id: int) -> set[str]:
        return {r["metric"] for r in self._rows("SELECT DISTINCT metric FROM metric_series WHERE model_id = ?",
                                                [model_id])}

    def metric_buckets(self, resolution: str, series_ids: list[int], *, start: int, end: int) -> list[tuple]:
        """(bucket_start, count, sum, min, max, sketch bytes) of the series' buckets starting in
        [start, end), by series then time."""
        table = _BUCKET_TABLES[resolution]
        rows = []
        for sid in series_ids:
            rows += self.db.tuples(f"SELECT bucket_start, count, sum, min, max, sketch FROM {table} WHERE series_id = ? "
                                   "AND bucket_start >= ? AND bucket_start < ? ORDER BY bucket_start", [sid, start, end])
        return rows

    def metric_points(self, series_ids: list[int], *, start: int, end: int) -> list[tuple[int, float]]:
        """(time, value) of the series' raw points in [start, end)."""
        rows = []
        for sid in series_ids:
            rows += self.db.tuples("SELECT time, value FROM metric_points WHERE series_id = ? AND time >= ? AND time < ?",
                                   [sid, start, end])
        return rows

    # Dashboard sessions and sign-in links (end of Reader)

    def web_session(self, id_hash: str) -> WebSessionRow | None:
        rows = self._rows("SELECT id_hash, kind, token_id, create_time, expire_time FROM web_sessions "
                          "WHERE id_hash = ?", [id_hash])
        return WebSessionRow(**rows[0]) if rows else None


class Writer(MonitorWrites, Reader):
    """Mutations; used only inside Store.write(), so each runs in the caller's transaction. A
    writer never changes the rows it is given: read them again after a change."""

    def __init__(self, db: Connection):
        super().__init__(db)
        self.committed: list = []  # run by Store.write after the commit, still holding the writer

    def on_commit(self, fn) -> None:
        self.committed.append(fn)

    def insert_model(self, name: str, *, description: str, tags: dict) -> ModelRow:
        now = now_micros()
        self.db.run(
            "INSERT INTO models (name, description, tags, create_time, update_time, etag) VALUES (?, ?, ?, ?, ?, ?)",
            [name, description, json.dumps(tags, sort_keys=True), now, now, new_etag()],
        )
        model = self.model(name)
        self.set_side_map("model_tags", model.id, tags)
        return model

    def update_model(self, model: ModelRow, *, description: str, tags: dict) -> None:
        self.db.run(
            "UPDATE models SET description = ?, tags = ?, update_time = ?, etag = ? WHERE id = ?",
            [description, json.dumps(tags, sort_keys=True), now_micros(), new_etag(), model.id],
        )
        self.set_side_map("model_tags", model.id, tags)

    def delete_model(self, model: ModelRow) -> None:
        self.db.run("DELETE FROM models WHERE id = ?", [model.id])

    def insert_version(self, model: ModelRow, *, digest: str, files: list[FileRow], description: str,
                       tags: dict, metrics: dict, params: dict, request_id: str = "", manifest_format: int = 1) -> int:
        number = model.next_version
        now = now_micros()
        version_id = self.db.insert(
            "INSERT INTO versions (model_id, number, digest, state, description, tags, metrics, params, "
            "total_size, file_count, create_time, update_time, etag, request_id, manifest_format) "
            "VALUES (?, ?, ?, 'READY', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [model.id, number, digest, description, json.dumps(tags, sort_keys=True),
             json.dumps(metrics, sort_keys=True), json.dumps(params, sort_keys=True),
             sum(f.size for f in files), len(files), now, now, new_etag(), request_id or None, manifest_format],
        )
        self.db.run("UPDATE models SET next_version = ?, update_time = ? WHERE id = ?", [number + 1, now, model.id])
        self.set_side_map("version_tags", version_id, tags)
        self.set_side_map("version_metrics", version_id, metrics)
        self.set_side_map("version_params", version_id, params)
        position = 0
        offset = 0
        file_rows, chunk_rows = [], []
        for index, f in enumerate(files):
            tree = f.chunks_digest
            sha256 = f.sha256 or self._known_sha256(tree, f.size)
            file_rows.append((version_id, index, f.path, f.size, sha256, f.mode, position, len(f.chunks), tree))
            for digest_, size in f.chunks:
                chunk_rows.append((version_id, position, offset, digest_, size))
                position += 1
                offset += size
        self.db.run_many(
            "INSERT INTO files (version_id, position, path, size, sha256, mode, first_chunk, chunk_count, chunks_digest) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", file_rows)
        self.db.run_many("INSERT INTO version_chunks VALUES (?, ?, ?, ?, ?)", chunk_rows)
        return number

    def _known_sha256(self, tree: str, size: int) -> str:
        """The sha256 an earlier file with this content has ('' if none has one yet)."""
        found = self._rows("SELECT sha256 FROM files WHERE chunks_digest = ? AND size = ? AND sha256 <> '' LIMIT 1",
                           [tree, size])
        return found[0]["sha256"] if found else ""

    def set_file_sha256(self, tree: str, size: int, sha256: str) -> int:
        return self.db.run("UPDATE files SET sha256 = ? WHERE chunks_digest = ? AND size = ? AND sha256 = ''",
                           [sha256, tree, size])

    def update_version(self, version: VersionRow, *, description: str, tags: dict, metrics: dict) -> None:
        self.db.run(
            "UPDATE versions SET description = ?, tags = ?, metrics = ?, update_time = ?, etag = ? WHERE id = ?",
            [description, json.dumps(tags, sort_keys=True), json.dumps(metrics, sort_keys=True),
             now_micros(), new_etag(), version.id],
        )
        self.set_side_map("version_tags", version.id, tags)
        self.set_side_map("version_metrics", version.id, metrics)

    def set_version_state(self, version: VersionRow, state: str) -> None:
        self.db.run(
            "UPDATE versions SET state = ?, update_time = ?, etag = ? WHERE id = ?",
            [state, now_micros(), new_etag(), version.id],
        )

    def set_alias(self, model: ModelRow, alias: str, version: int, previous: int) -> None:
        self.db.run(
            "INSERT INTO aliases (model_id, alias, version, previous_version, update_time) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version, "
            "previous_version = excluded.previous_version, update_time = excluded.update_time",
            [model.id, alias, version, previous, now_micros()],
        )

    def delete_alias(self, model: ModelRow, alias: str) -> None:
        self.db.run("DELETE FROM aliases WHERE model_id = ? AND alias = ?", [model.id, alias])

    def add_input(self, version_id: int, item: InputRow, upstream_version_id: int | None) -> bool:
        """Returns False when the same input was already declared."""
        existing = self._rows(
            "SELECT 1 FROM lineage WHERE version_id = ? AND upstream_version_id IS NOT DISTINCT FROM ? "
            "AND artifact_uri IS NOT DISTINCT FROM ? AND relation = ?",
            [version_id, upstream_version_id, item.uri or None, item.relation],
        )
        if existing:
            return False
        self.db.run(
            "INSERT INTO lineage (version_id, upstream_version_id, artifact_uri, artifact_digest, artifact_kind, "
            "artifact_name, relation) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [version_id, upstream_version_id, item.uri or None, item.digest, item.kind, item.name, item.relation],
        )
        return True

    # Governance

    def insert_principal(self, name: str, *, kind: str, description: str) -> PrincipalRow:
        self.db.run("INSERT INTO principals (name, kind, description, create_time) VALUES (?, ?, ?, ?)",
                        [name, kind, description, now_micros()])
        return self.principal(name)

    def delete_principal(self, principal: PrincipalRow) -> None:
        self.db.run("DELETE FROM principals WHERE id = ?", [principal.id])

    def insert_token(self, principal: PrincipalRow, token_id: str, secret_hash: str, *, description: str,
                     expire_time: int) -> TokenRow:
        self.db.run(
            "INSERT INTO tokens (id, principal_id, secret_hash, description, create_time, expire_time) "
            "VALUES (?, ?, ?, ?, ?, ?)", [token_id, principal.id, secret_hash, description, now_micros(), expire_time])
        return self.token(token_id)

    def revoke_token(self, token_id: str) -> None:
        self.db.run("UPDATE tokens SET revoke_time = ? WHERE id = ? AND revoke_time = 0", [now_micros(), token_id])

    def upsert_binding(self, principal: PrincipalRow, role: int, model_pattern: str) -> BindingRow:
        self.db.run(
            "INSERT INTO role_bindings (principal_id, role, model_pattern, create_time) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (principal_id, model_pattern) DO UPDATE SET role = excluded.role, "
            "create_time = excluded.create_time", [principal.id, role, model_pattern, now_micros()])
        return next(b for b in self.bindings(principal.name) if b.model_pattern == model_pattern)

    def delete_binding(self, binding_id: int) -> None:
        self.db.run("DELETE FROM role_bindings WHERE id = ?", [binding_id])

    def insert_protection(self, model_pattern: str, alias_pattern: str, requirement: str = "") -> ProtectionRow:
        self.db.run("INSERT INTO protected_aliases (model_pattern, alias_pattern, create_time, requirement) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (model_pattern, alias_pattern) DO UPDATE SET "
                    "requirement = excluded.requirement", [model_pattern, alias_pattern, now_micros(), requirement])
        return next(p for p in self.protections()
                    if (p.model_pattern, p.alias_pattern) == (model_pattern, alias_pattern))

    def delete_protection(self, protection_id: int) -> None:
        self.db.run("DELETE FROM protected_aliases WHERE id = ?", [protection_id])

    def add_denials(self, rows: list[DeniedRow]) -> None:
        """Adds aggregated refused calls; a row whose key is stored already adds to its count."""
        self.db.run_many(
            "INSERT INTO denied_calls (minute, source, code, reason, method, model, actor, message, count, first_time, "
            "last_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (minute, source, code, reason, method, model, actor) DO UPDATE SET "
            '"count" = denied_calls."count" + excluded."count", 'f"first_time = {self.d.least}(denied_calls.first_time, excluded.first_time), "
            f"last_time = {self.d.greatest}(denied_calls.last_time, excluded.last_time), "
            "message = CASE WHEN excluded.last_time >= denied_calls.last_time THEN excluded.message "
            "ELSE denied_calls.message END",
            [(*r.key, r.message, r.count, r.first_time, r.time) for r in rows])

    def delete_denials(self, *, before_time: int) -> None:
        self.db.run("DELETE FROM denied_calls WHERE last_time < ?", [before_time])

    # Webhooks

    def insert_webhook(self, hook: WebhookRow) -> WebhookRow:
        now = now_micros()
        self.db.run(
            "INSERT INTO webhooks (name, target_url, models, event_types, aliases, payload_format, secret, state, "
            "on_failure, description, cursor, create_time, update_time, filter_text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [hook.name, hook.target_url, json.dumps(hook.models), json.dumps(hook.event_types), json.dumps(hook.aliases),
             hook.payload_format, hook.secret, hook.state, hook.on_failure, hook.description, hook.cursor, now, now,
             hook.filter])
        return self.webhook(hook.name)

    def update_webhook(self, hook: WebhookRow) -> None:
        """Writes the mutable fields of hook (the cursor included)."""
        self.db.run(
            "UPDATE webhooks SET target_url = ?, models = ?, event_types = ?, aliases = ?, payload_format = ?, "
            "secret = ?, state = ?, on_failure = ?, description = ?, cursor = ?, update_time = ?, filter_text = ? "
            "WHERE id = ?",
            [hook.target_url, json.dumps(hook.models), json.dumps(hook.event_types), json.dumps(hook.aliases),
             hook.payload_format, hook.secret, hook.state, hook.on_failure, hook.description, hook.cursor,
             now_micros(), hook.filter, hook.id])

    def delete_webhook(self, hook: WebhookRow) -> None:
        self.db.run("DELETE FROM webhooks WHERE id = ?", [hook.id])

    def set_webhook_cursor(self, webhook_id: int, cursor: int) -> None:
        self.db.run("UPDATE webhooks SET cursor = ? WHERE id = ?", [cursor, webhook_id])

    def set_webhook_state(self, webhook_id: int, state: str) -> None:
        self.db.run("UPDATE webhooks SET state = ?, update_time = ? WHERE id = ?", [state, now_micros(), webhook_id])

    def insert_delivery(self, webhook_id: int, *, message_id: str, sequence: int, payload_type: str, event: dict,
                        status: str = "PENDING", attempts: int = 0) -> int:
        now = now_micros()
        return self.db.insert(
            "INSERT INTO webhook_deliveries (webhook_id, message_id, sequence, payload_type, event, status, "
            "attempts, next_attempt_time, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [webhook_id, message_id, sequence, payload_type, json.dumps(event, sort_keys=True), status, attempts,
             now, now, now],
        )

    def record_attempt(self, delivery: DeliveryRow, attempt: AttemptRow, *, status: str, attempts: int,
                       next_attempt_time: int) -> bool:
        """Adds an attempt and moves the delivery on, unless the delivery is gone or no longer
        pending (deleted or changed meanwhile): then nothing is written and False returned."""
        changed = self.db.run(
            "UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_time = ?, update_time = ? "
            "WHERE id = ? AND status = 'PENDING'",
            [status, attempts, next_attempt_time, now_micros(), delivery.id])
        if not changed:
            return False
        self.add_attempt(delivery.id, attempt)
        self.db.run("UPDATE webhooks SET last_error = ? WHERE id = ?", [attempt.error, delivery.webhook_id])
        return True

    def add_attempt(self, delivery_id: int, attempt: AttemptRow) -> None:
        self.db.run(
            "INSERT INTO webhook_attempts (delivery_id, time, status_code, latency_micros, error) VALUES (?, ?, ?, ?, ?)",
            [delivery_id, attempt.time, attempt.status_code, attempt.latency_micros, attempt.error])
        self.db.run(
            "DELETE FROM webhook_attempts WHERE delivery_id = ? AND id <= (SELECT id FROM webhook_attempts "
            "WHERE delivery_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)", [delivery_id, delivery_id, limits.ATTEMPTS_KEPT])

    def requeue_delivery(self, delivery: DeliveryRow) -> None:
        self.db.run("UPDATE webhook_deliveries SET status = 'PENDING', attempts = 0, next_attempt_time = ?, "
                        "update_time = ? WHERE id = ?", [now_micros(), now_micros(), delivery.id])

    def refresh_pending(self, webhook_id: int) -> None:
        """Gives every pending delivery of a webhook fresh attempts, due now."""
        self.db.run("UPDATE webhook_deliveries SET attempts = 0, next_attempt_time = ? "
                        "WHERE webhook_id = ? AND status = 'PENDING'", [now_micros(), webhook_id])

    # Chunk leases (end of Writer)

    def lease_chunks(self, digests: list[str], *, expire_time: int, claims_after: int) -> list[str]:
        """Leases chunks until expire_time (microseconds); a lease already lasting longer stays.
        Returns the digests a gc claimed after claims_after to delete them, which stay unleased
        (an older claim is one whose gc died: the lease replaces it)."""
        self.db.run_many(
            "INSERT INTO chunk_leases (digest, expire_time) VALUES (?, ?) ON CONFLICT (digest) DO UPDATE "
            "SET expire_time = excluded.expire_time, removing_since = 0 "
            "WHERE chunk_leases.removing_since <= ? AND chunk_leases.expire_time < excluded.expire_time",
            [(digest, expire_time, claims_after) for digest in digests])
        claimed = set()
        for i in range(0, len(digests), 500):
            batch = digests[i:i + 500]
            claimed |= {r["digest"] for r in self._rows(
                f"SELECT digest FROM chunk_leases WHERE removing_since > ? AND {self.d.any('digest')}",
                [claims_after, self.d.list_param(batch)])}
        return [d for d in digests if d in claimed]

    def claim_chunks(self, digests: list[str], *, claim_time: int, leased_after: int, claims_after: int) -> list[str]:
        """Claims for deletion the chunks no version references, no lease lasting past leased_after
        holds and no gc claimed after claims_after; returns those claimed (marked claim_time)."""
        referenced = {r["digest"] for r in self._rows(
            f"SELECT DISTINCT digest FROM version_chunks WHERE {self.d.any('digest')}", [self.d.list_param(digests)])}
        free = [d for d in digests if d not in referenced]
        self.db.run_many(
            "INSERT INTO chunk_leases (digest, expire_time, removing_since) VALUES (?, 0, ?) "
            "ON CONFLICT (digest) DO UPDATE SET removing_since = excluded.removing_since "
            "WHERE chunk_leases.expire_time <= ? AND chunk_leases.removing_since <= ?",
            [(digest, claim_time, leased_after, claims_after) for digest in free])
        claimed = {r["digest"] for r in self._rows(
            f"SELECT digest FROM chunk_leases WHERE removing_since = ? AND {self.d.any('digest')}",
            [claim_time, self.d.list_param(digests)])}
        return [d for d in free if d in claimed]

    def release_claims(self, digests: list[str], *, claim_time: int) -> None:
        """Drops the rows of claimed chunks once gc deleted them."""
        if not digests:
            return
        self.db.run(f"DELETE FROM chunk_leases WHERE removing_since = ? AND {self.d.any('digest')}",
                    [claim_time, self.d.list_param(digests)])

    def queue_compaction(self, rows: list[tuple[str, int]], *, queued_time: int) -> None:
        """Records (digest, hint) of raw chunks to compress at rest; one already waiting stays."""
        self.db.run_many("INSERT INTO chunk_compaction (digest, hint, queued_time) VALUES (?, ?, ?) "
                         "ON CONFLICT (digest) DO NOTHING", [(d, h, queued_time) for d, h in rows])

    def compaction_done(self, digests: list[str]) -> None:
        """Forgets chunks compressed at rest (or found not worth it, or gone)."""
        if digests:
            self.db.run(f"DELETE FROM chunk_compaction WHERE {self.d.any('digest')}", [self.d.list_param(digests)])

    def delete_chunk_leases(self, *, through: int, claims_through: int) -> int:
        """Forgets the leases that expired at or before a time and the claims of gcs that died
        (made at or before claims_through; times in microseconds); returns how many."""
        return self.db.run("DELETE FROM chunk_leases WHERE expire_time <= ? AND removing_since <= ?",
                           [through, claims_through])

    # Webhook leases (end of Writer)

    def claim_webhook_lease(self, webhook_id: int, owner: str, *, until: int, expired_before: int) -> bool:
        """Takes or renews a webhook's lease for owner until a time (micros): renews it if owner
        holds it, takes it if it is free or ran out before expired_before (0: renew only). One
        conditional UPDATE, so of two dispatchers claiming at once exactly one wins (on PostgreSQL
        the loser's transaction conflicts, is retried and then sees the winner)."""
        return self.db.run(
            "UPDATE webhooks SET lease_owner = ?, lease_until = ? WHERE id = ? AND (lease_owner = ? OR lease_until < ?)",
            [owner, until, webhook_id, owner, expired_before]) == 1

    def release_webhook_leases(self, owner: str | None, webhook_id: int = 0) -> None:
        """Frees the leases owner holds (only that webhook's, if one is given); every lease when
        owner is None."""
        sql, params = "UPDATE webhooks SET lease_owner = '', lease_until = 0 WHERE lease_owner <> ''", []
        if owner is not None:
            sql, params = sql + " AND lease_owner = ?", [owner]
        if webhook_id:
            sql, params = sql + " AND id = ?", params + [webhook_id]
        self.db.run(sql, params)

    # Filter side tables (end of Writer)

    def set_side_map(self, table: str, owner_id: int, values: dict) -> None:
        """Replaces the rows of one model's or version's tags, metrics or params in their side
        table (schema migration 12), which filters and orders read, to match the JSON column."""
        owner = _SIDE_OWNER[table]
        self.db.run(f"DELETE FROM {table} WHERE {owner} = ?", [owner_id])
        self.db.run_many(f"INSERT INTO {table} ({owner}, key, value) VALUES (?, ?, ?)",
                         [(owner_id, k, v) for k, v in sorted(values.items())])

    # Production metrics
    def insert_metric_series(self, *, model_id: int, version_id: int, metric: str, labels: str) -> int:
        return self.db.insert("INSERT INTO metric_series (model_id, version_id, metric, labels) VALUES (?, ?, ?, ?)",
                              [model_id, version_id, metric, labels])

    def insert_metric_points(self, rows: list[tuple[int, int, float]]) -> None:
        """(series_id, time, value) rows, in one executemany."""
        self.db.run_many("INSERT INTO metric_points (series_id, time, value) VALUES (?, ?, ?)", rows)

    def upsert_metric_buckets(self, resolution: str, rows: list[tuple]) -> None:
        """(series_id, bucket_start, count, sum, min, max, sketch) rows, already merged with what
        was stored (the caller read it in this transaction), written over it."""
        self.db.run_many(
            f"INSERT INTO {_BUCKET_TABLES[resolution]} (series_id, bucket_start, count, sum, min, max, sketch) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (series_id, bucket_start) DO UPDATE SET count = excluded.count, "
            "sum = excluded.sum, min = excluded.min, max = excluded.max, sketch = excluded.sketch", rows)

    def touch_metric_series(self, rows: list[tuple[int, int]]) -> None:
        """(newest point time, series_id): last_time moves forward only."""
        self.db.run_many(f"UPDATE metric_series SET last_time = {self.d.greatest}(last_time, ?) WHERE id = ?", rows)

    def delete_metric_data(self, *, raw_before: int, minute_before: int, hour_before: int) -> int:
        """Forgets raw points and buckets older than their retention, series by series (each an
        index range); returns the rows removed."""
        removed = 0
        for r in self._rows("SELECT id FROM metric_series"):
            removed += self.db.run("DELETE FROM metric_points WHERE series_id = ? AND time < ?", [r["id"], raw_before])
            removed += self.db.run("DELETE FROM metric_buckets_1m WHERE series_id = ? AND bucket_start < ?",
                                   [r["id"], minute_before])
            removed += self.db.run("DELETE FROM metric_buckets_1h WHERE series_id = ? AND bucket_start < ?",
                                   [r["id"], hour_before])
        return removed

    # Dashboard sessions and sign-in links (end of Writer)

    def insert_web_session(self, row: WebSessionRow) -> None:
        self.db.run("INSERT INTO web_sessions (id_hash, kind, token_id, create_time, expire_time) "
                    "VALUES (?, ?, ?, ?, ?)", [row.id_hash, row.kind, row.token_id, row.create_time, row.expire_time])

    def use_login_link(self, id_hash: str) -> bool:
        return self.db.run("UPDATE web_sessions SET kind = 'used' WHERE id_hash = ? AND kind = 'link'",
                           [id_hash]) == 1

    def touch_web_session(self, id_hash: str, expire_time: int) -> None:
        self.db.run("UPDATE web_sessions SET expire_time = ? WHERE id_hash = ?", [expire_time, id_hash])

    def delete_web_session(self, id_hash: str) -> None:
        self.db.run("DELETE FROM web_sessions WHERE id_hash = ?", [id_hash])

    def delete_web_sessions(self, *, expired_before: int) -> int:
        return self.db.run("DELETE FROM web_sessions WHERE expire_time < ?", [expired_before])


_SIDE_OWNER = {"model_tags": "model_id", "version_tags": "version_id", "version_metrics": "version_id",
               "version_params": "version_id"}

_DENIED = ("SELECT id, last_time AS time, actor, method, model, code, reason, message, source, count, first_time, "
           "minute FROM denied_calls")


# About what a row weighs as a proto: its stored text (JSON maps weigh about what proto maps do,
# escaped non-ASCII more) plus room for names, numbers and timestamps. Pages and lineage graphs are
# cut by these before anything is loaded; the servicers then cut by the exact serialised size.
_BUCKET_TABLES = {"1m": "metric_buckets_1m", "1h": "metric_buckets_1h"}


def _model_bytes(d: Dialect) -> str:
    return (f"{d.octets('description')} + {d.octets('tags')} + 256 + "
            "(SELECT coalesce(sum(length(alias) + 16), 0) FROM aliases WHERE aliases.model_id = models.id)")


def _version_meta_bytes(d: Dialect) -> str:
    return (f"{d.octets('v.description')} + {d.octets('v.tags')} + {d.octets('v.metrics')} "
            f"+ {d.octets('v.params')} + 512")


def _version_bytes(d: Dialect) -> str:
    return (f"{_version_meta_bytes(d)} + (SELECT coalesce(sum(coalesce({d.octets('l.artifact_uri')}, 0) "
            f"+ {d.octets('l.artifact_digest')} + {d.octets('l.artifact_name')} + length(l.artifact_kind) "
            f"+ length(l.relation) + 192), 0) "
            "FROM lineage l WHERE l.version_id = v.id)")

_TOKENS = ("SELECT tokens.id, principals.name AS principal, secret_hash, tokens.description, tokens.create_time, "
           "expire_time, revoke_time FROM tokens JOIN principals ON principals.id = tokens.principal_id")


def _input(row: dict) -> InputRow:
    if row.get("artifact_uri"):
        return InputRow(relation=row["relation"], uri=row["artifact_uri"], digest=row["artifact_digest"],
                        kind=row["artifact_kind"], name=row["artifact_name"])
    return InputRow(relation=row["relation"], version=f"models/{row.get('up_model')}/versions/{row.get('up_number')}")


def _delivery(row: dict) -> DeliveryRow:
    return DeliveryRow(**{**row, "event": json.loads(row["event"])})


def _event(row: dict) -> EventRow:
    return EventRow(**{**row, "details": json.loads(row["details"])})
