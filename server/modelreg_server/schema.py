"""The schema of the metadata, one definition and one migration history for SQLite and PostgreSQL.

Each migration is written once, in the SQL both databases speak, and applied in order at start-up
(the backends do it under a lock: replicas starting together migrate once). What the two spell
differently is translated by `ddl`, and only that: INTEGER is 64 bits in SQLite and 32 in
PostgreSQL, so it becomes BIGINT; a rowid primary key (`id INTEGER PRIMARY KEY`, with or without
AUTOINCREMENT) becomes an identity column; `offset` is quoted. A migration that one database
needs and the other must not run is a dict by dialect (the PostgreSQL event sequencer).

A database whose schema is newer than this code knows is refused (SchemaTooNew): an older server
must not write into tables it does not understand.
"""

import re

MIGRATIONS = [
    """
    CREATE TABLE models (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '{}',
        create_time INTEGER NOT NULL,
        update_time INTEGER NOT NULL,
        etag TEXT NOT NULL,
        next_version INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE versions (
        id INTEGER PRIMARY KEY,
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        digest TEXT NOT NULL,
        state TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '{}',
        metrics TEXT NOT NULL DEFAULT '{}',
        params TEXT NOT NULL DEFAULT '{}',
        total_size INTEGER NOT NULL,
        file_count INTEGER NOT NULL,
        create_time INTEGER NOT NULL,
        update_time INTEGER NOT NULL,
        etag TEXT NOT NULL,
        UNIQUE (model_id, number)
    );
    CREATE INDEX versions_digest ON versions (model_id, digest);
    CREATE TABLE files (
        version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        mode INTEGER NOT NULL,
        first_chunk INTEGER NOT NULL,
        chunk_count INTEGER NOT NULL,
        PRIMARY KEY (version_id, position)
    );
    CREATE TABLE version_chunks (
        version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        offset INTEGER NOT NULL,
        digest TEXT NOT NULL,
        size INTEGER NOT NULL,
        PRIMARY KEY (version_id, position)
    );
    CREATE INDEX version_chunks_digest ON version_chunks (digest);
    CREATE TABLE aliases (
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        version INTEGER NOT NULL,
        previous_version INTEGER NOT NULL DEFAULT 0,
        update_time INTEGER NOT NULL,
        PRIMARY KEY (model_id, alias)
    );
    CREATE TABLE lineage (
        id INTEGER PRIMARY KEY,
        version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
        upstream_version_id INTEGER REFERENCES versions(id) ON DELETE CASCADE,
        artifact_uri TEXT,
        artifact_digest TEXT NOT NULL DEFAULT '',
        artifact_kind TEXT NOT NULL DEFAULT '',
        relation TEXT NOT NULL,
        UNIQUE (version_id, upstream_version_id, artifact_uri, relation)
    );
    CREATE INDEX lineage_upstream ON lineage (upstream_version_id);
    CREATE INDEX lineage_artifact ON lineage (artifact_uri);
    CREATE TABLE events (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        time INTEGER NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        type TEXT NOT NULL,
        model TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        alias TEXT NOT NULL DEFAULT '',
        previous_version INTEGER NOT NULL DEFAULT 0,
        digest TEXT NOT NULL DEFAULT ''
    );
    """,
    # 2: remember which (file digest, chunk list) pairs were verified, so a re-push skips rehashing.
    """
    ALTER TABLE files ADD COLUMN chunks_digest TEXT NOT NULL DEFAULT '';
    CREATE INDEX files_content ON files (sha256, chunks_digest);
    """,
    # 3: idempotent CreateVersion.
    """
    ALTER TABLE versions ADD COLUMN request_id TEXT;
    CREATE UNIQUE INDEX versions_request ON versions (model_id, request_id) WHERE request_id IS NOT NULL;
    """,
    # 4: event log compaction.
    """
    CREATE TABLE event_log (id INTEGER PRIMARY KEY CHECK (id = 1), compacted_through INTEGER NOT NULL);
    INSERT INTO event_log VALUES (1, 0);
    CREATE INDEX events_time ON events (time);
    """,
    # 5: governance: principals, hashed tokens, role bindings, protected aliases, refused calls.
    """
    CREATE TABLE principals (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        create_time INTEGER NOT NULL
    );
    CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        principal_id INTEGER NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
        secret_hash TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        create_time INTEGER NOT NULL,
        expire_time INTEGER NOT NULL DEFAULT 0,
        revoke_time INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX tokens_principal ON tokens (principal_id);
    CREATE TABLE role_bindings (
        id INTEGER PRIMARY KEY,
        principal_id INTEGER NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
        role INTEGER NOT NULL,
        model_pattern TEXT NOT NULL,
        create_time INTEGER NOT NULL,
        UNIQUE (principal_id, model_pattern)
    );
    CREATE TABLE protected_aliases (
        id INTEGER PRIMARY KEY,
        model_pattern TEXT NOT NULL,
        alias_pattern TEXT NOT NULL,
        create_time INTEGER NOT NULL,
        UNIQUE (model_pattern, alias_pattern)
    );
    CREATE TABLE denied_calls (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        time INTEGER NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        method TEXT NOT NULL,
        model TEXT NOT NULL DEFAULT '',
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        message TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX denied_calls_time ON denied_calls (time);
    ALTER TABLE events ADD COLUMN subject TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
    CREATE INDEX events_actor ON events (actor, time);
    """,
    # 6: webhooks. Each keeps its own cursor in the event log; a delivery is one event (or ping) for
    # one webhook, its message id stable across attempts; every attempt is kept. The event is copied
    # into the delivery so a pending one survives compaction of the log.
    """
    CREATE TABLE webhooks (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        target_url TEXT NOT NULL,
        models TEXT NOT NULL DEFAULT '[]',
        event_types TEXT NOT NULL DEFAULT '[]',
        aliases TEXT NOT NULL DEFAULT '[]',
        payload_format TEXT NOT NULL,
        secret TEXT NOT NULL,
        state TEXT NOT NULL,
        on_failure TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        cursor INTEGER NOT NULL,
        last_error TEXT NOT NULL DEFAULT '',
        create_time INTEGER NOT NULL,
        update_time INTEGER NOT NULL
    );
    CREATE TABLE webhook_deliveries (
        id INTEGER PRIMARY KEY,
        webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
        message_id TEXT NOT NULL UNIQUE,
        sequence INTEGER NOT NULL,
        payload_type TEXT NOT NULL,
        event TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_time INTEGER NOT NULL,
        create_time INTEGER NOT NULL,
        update_time INTEGER NOT NULL
    );
    CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (webhook_id, status, sequence, id);
    CREATE TABLE webhook_attempts (
        id INTEGER PRIMARY KEY,
        delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
        time INTEGER NOT NULL,
        status_code INTEGER NOT NULL,
        latency_micros INTEGER NOT NULL,
        error TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
    """,
    # 7: refused calls are aggregated: one row per (minute, source, code, reason, method, model,
    # actor) with a count and the first and last time, so a flood of them cannot grow the table
    # without bound. `minute` is the bucket (microseconds // 60e6); `source` is the actor when known,
    # else the client's address. Old rows count 1 each; the ones that now share a key are merged.
    """
    CREATE TABLE denied_calls_v7 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        minute INTEGER NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        actor TEXT NOT NULL DEFAULT '',
        method TEXT NOT NULL,
        model TEXT NOT NULL DEFAULT '',
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        message TEXT NOT NULL DEFAULT '',
        count INTEGER NOT NULL DEFAULT 1,
        first_time INTEGER NOT NULL,
        last_time INTEGER NOT NULL
    );
    INSERT INTO denied_calls_v7 (minute, source, actor, method, model, code, reason, message, count, first_time,
                                 last_time)
        SELECT time / 60000000, actor, actor, method, model, code, reason, max(message), count(*), min(time), max(time)
        FROM denied_calls GROUP BY time / 60000000, actor, method, model, code, reason;
    DROP TABLE denied_calls;
    ALTER TABLE denied_calls_v7 RENAME TO denied_calls;
    CREATE UNIQUE INDEX denied_calls_key ON denied_calls (minute, source, code, reason, method, model, actor);
    CREATE INDEX denied_calls_time ON denied_calls (last_time);
    """,
]


# 8: on PostgreSQL, sequence numbers come from one sequencer row (pg_events.py): committed in
# commit order, so its value is the watermark. SQLite's AUTOINCREMENT needs nothing.
MIGRATIONS.append({
    "sqlite": "",
    "postgresql": """
    CREATE TABLE event_sequencer (id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL);
    INSERT INTO event_sequencer VALUES (1, (SELECT coalesce(max(sequence), 0) FROM events));
    ANALYZE event_sequencer;
    """,
})

# 9: chunk leases. A push in flight relies on chunks it was told are stored (FindMissingChunks),
# has uploaded (UploadChunks) or is committing (CreateVersion): each is leased here until
# expire_time (microseconds), and gc keeps a leased chunk whichever server serves the push.
# removing_since: when a gc claimed the (unleased) chunk to delete it; no lease is taken on a
# claimed chunk until gc has deleted it and dropped the row (maintenance.py).
MIGRATIONS.append("""
    CREATE TABLE chunk_leases (
        digest TEXT PRIMARY KEY,
        expire_time INTEGER NOT NULL,
        removing_since INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX chunk_leases_expire ON chunk_leases (expire_time);
""")

# 10: webhook leases. Replicas sharing one database deliver each webhook from one dispatcher at a
# time: the one whose lease_owner it names, while lease_until (micros) has not passed
# (webhooks.Dispatcher). '' and 0: nobody holds it.
MIGRATIONS.append("""
    ALTER TABLE webhooks ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
    ALTER TABLE webhooks ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
""")

# 11: a webhook's AIP-160 event filter (filters.EVENTS), ANDed with its model/type/alias lists;
# '' matches every event.
MIGRATIONS.append("""
    ALTER TABLE webhooks ADD COLUMN filter_text TEXT NOT NULL DEFAULT '';
""")

# 12: filters and orders (sql_filters.py) read tags, metrics and params from these side tables
# rather than the JSON columns: indexed by (key, value), so `metrics.f1 > 0.9` is an index range
# instead of a JSON scan of every version (docs/filters.md has the figures). Kept in step with
# the JSON by the Writer in the same transaction; params are not value-indexed (values reach
# 64 KiB, past PostgreSQL's btree entry limit). Back-filled from the JSON here.
_SIDE_TABLES = """
    CREATE TABLE model_tags (
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (model_id, key)
    );
    CREATE INDEX model_tags_value ON model_tags (key, value);
    CREATE TABLE version_tags (
        version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (version_id, key)
    );
    CREATE INDEX version_tags_value ON version_tags (key, value);
    CREATE TABLE version_metrics (
        version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (version_id, key)
    );
    CREATE INDEX version_metrics_value ON version_metrics (key, value);
    CREATE TABLE version_params (
        version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (version_id, key)
    );
    CREATE INDEX versions_create_time ON versions (create_time);
"""
MIGRATIONS.append({
    "sqlite": _SIDE_TABLES + """
    INSERT INTO model_tags SELECT m.id, j.key, j.value FROM models m, json_each(m.tags) j;
    INSERT INTO version_tags SELECT v.id, j.key, j.value FROM versions v, json_each(v.tags) j;
    INSERT INTO version_metrics SELECT v.id, j.key, j.value FROM versions v, json_each(v.metrics) j;
    INSERT INTO version_params SELECT v.id, j.key, j.value FROM versions v, json_each(v.params) j;
    """,
    "postgresql": _SIDE_TABLES + """
    INSERT INTO model_tags SELECT m.id, j.key, j.value FROM models m, jsonb_each_text(m.tags::jsonb) j;
    INSERT INTO version_tags SELECT v.id, j.key, j.value FROM versions v, jsonb_each_text(v.tags::jsonb) j;
    INSERT INTO version_metrics SELECT v.id, j.key, j.value::float8 FROM versions v,
        jsonb_each_text(v.metrics::jsonb) j;
    INSERT INTO version_params SELECT v.id, j.key, j.value FROM versions v, jsonb_each_text(v.params::jsonb) j;
    """,
})
# 13: the dashboard's version page lists the events about one version (Reader.version_events) and
# finds the first version of each of its chunks (Reader.chunk_origins: min(version_id) per digest is
# one index probe on (digest, version_id), which also serves every lookup by digest alone).
MIGRATIONS.append("""
    CREATE INDEX events_model_version ON events (model, version, sequence);
    CREATE INDEX version_chunks_digest_version ON version_chunks (digest, version_id);
    DROP INDEX version_chunks_digest;
""")

# 14: dashboard sessions and one-time sign-in links, in the database so that every replica
# behind one address knows them. Only the sha256 of a secret is stored.
MIGRATIONS.append("""
    CREATE TABLE web_sessions (
        id_hash TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        token_id TEXT NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
        create_time INTEGER NOT NULL,
        expire_time INTEGER NOT NULL
    );
    CREATE INDEX web_sessions_expire_time ON web_sessions (expire_time);
""")

# 15: production metrics (metrics.py). A series is one (version, metric, canonical label set);
# its raw points are kept for the raw retention, and rolled up into 1-minute and 1-hour buckets
# (count, sum, min, max and a DDSketch, sketches.py) upserted per ingest batch. Every query reads
# one series' rows by (series_id, time) in key order: those are the only indexes.
_METRICS = """
    CREATE TABLE metric_series (
        id INTEGER PRIMARY KEY,
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
        metric TEXT NOT NULL,
        labels TEXT NOT NULL,
        last_time INTEGER NOT NULL DEFAULT 0,
        UNIQUE (version_id, metric, labels)
    );
    CREATE INDEX metric_series_model ON metric_series (model_id, metric);
    CREATE TABLE metric_points (
        series_id INTEGER NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
        time INTEGER NOT NULL,
        value DOUBLE PRECISION NOT NULL
    );
    CREATE INDEX metric_points_series_time ON metric_points (series_id, time);
    CREATE TABLE metric_buckets_1m (
        series_id INTEGER NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
        bucket_start INTEGER NOT NULL,
        count INTEGER NOT NULL,
        sum DOUBLE PRECISION NOT NULL,
        min DOUBLE PRECISION NOT NULL,
        max DOUBLE PRECISION NOT NULL,
        sketch BLOB NOT NULL,
        PRIMARY KEY (series_id, bucket_start)
    );
    CREATE TABLE metric_buckets_1h (
        series_id INTEGER NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
        bucket_start INTEGER NOT NULL,
        count INTEGER NOT NULL,
        sum DOUBLE PRECISION NOT NULL,
        min DOUBLE PRECISION NOT NULL,
        max DOUBLE PRECISION NOT NULL,
        sketch BLOB NOT NULL,
        PRIMARY KEY (series_id, bucket_start)
    );
"""
MIGRATIONS.append({"sqlite": _METRICS, "postgresql": _METRICS.replace(" BLOB ", " BYTEA ")})
# 16: monitors (monitors.py) with their state and history of state changes, and the single-row
# lease that lets one replica at a time evaluate them. Model-owned rows go with their model.
MIGRATIONS.append("""
    CREATE TABLE monitors (
        id INTEGER PRIMARY KEY,
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        monitor_id TEXT NOT NULL UNIQUE,
        alias TEXT NOT NULL,
        metric TEXT NOT NULL,
        aggregation TEXT NOT NULL,
        window_micros INTEGER NOT NULL,
        condition_kind TEXT NOT NULL,
        threshold DOUBLE PRECISION NOT NULL,
        baseline TEXT NOT NULL,
        by_percent DOUBLE PRECISION NOT NULL,
        higher_is_worse INTEGER NOT NULL,
        min_samples INTEGER NOT NULL,
        for_micros INTEGER NOT NULL,
        cooldown_micros INTEGER NOT NULL,
        rollback INTEGER NOT NULL,
        labels TEXT NOT NULL,
        description TEXT NOT NULL,
        principal TEXT NOT NULL,
        creator TEXT NOT NULL,
        state TEXT NOT NULL,
        state_time INTEGER NOT NULL,
        breach_since INTEGER NOT NULL DEFAULT 0,
        fired INTEGER NOT NULL DEFAULT 0,
        evaluate_time INTEGER NOT NULL DEFAULT 0,
        value DOUBLE PRECISION,
        samples INTEGER NOT NULL DEFAULT 0,
        evaluated_version INTEGER NOT NULL DEFAULT 0,
        rollback_time INTEGER NOT NULL DEFAULT 0,
        create_time INTEGER NOT NULL
    );
    CREATE INDEX monitors_model ON monitors (model_id, monitor_id);
    CREATE TABLE monitor_transitions (
        id INTEGER PRIMARY KEY,
        monitor_id INTEGER NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        time INTEGER NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        version INTEGER NOT NULL,
        value DOUBLE PRECISION,
        samples INTEGER NOT NULL,
        threshold DOUBLE PRECISION,
        event_sequence INTEGER NOT NULL,
        rollback_version INTEGER NOT NULL,
        rollback_skipped TEXT NOT NULL,
        UNIQUE (monitor_id, number)
    );
    CREATE TABLE monitor_lease (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        owner TEXT NOT NULL,
        lease_until INTEGER NOT NULL
    );
    INSERT INTO monitor_lease (id, owner, lease_until) VALUES (1, '', 0);
""")

# 17: compression at rest (compaction.py). A chunk that arrived raw with a CompressHint is recorded
# here right after its upload batch is committed (a crash in between leaves it raw: valid), and
# the background compactor re-encodes it and deletes the row. hint: 1 guess the grouping, 2 FP16/
# BF16, 4 FP32 (the byte-group width). Idempotent: two replicas compacting one chunk write the
# same bytes; a row whose chunk is gone or already encoded is dropped.
MIGRATIONS.append("""
    CREATE TABLE chunk_compaction (
        digest TEXT PRIMARY KEY,
        hint INTEGER NOT NULL,
        queued_time INTEGER NOT NULL
    );
    CREATE INDEX chunk_compaction_queued ON chunk_compaction (queued_time);
""")

# 18: manifest format 2 (issue 15): a version's files are named by their tree digest (files.
# chunks_digest, the hash of the chunk list), so commit re-reads nothing; files.sha256 is '' until
# the server's FileHasher (file_hashes.py) fills it in the background, and a new file whose content
# (tree digest and size) an earlier file has takes that one's sha256 at once.
MIGRATIONS.append("""
    ALTER TABLE versions ADD COLUMN manifest_format INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX files_tree ON files (chunks_digest, size);
""")

# 19: a lineage artifact's display name (issue 17), e.g. the MLflow or W&B run a version came from;
# not part of the edge's identity (the unique key stays as it is).
MIGRATIONS.append("""
    ALTER TABLE lineage ADD COLUMN artifact_name TEXT NOT NULL DEFAULT '';
""")

# 20: promotion gates (issue 18): a protection rule's requirement, a filter over versions (filters.
# VERSIONS) that a version must match before a move puts the protected alias on it; '' for none.
MIGRATIONS.append("""
    ALTER TABLE protected_aliases ADD COLUMN requirement TEXT NOT NULL DEFAULT '';
""")

LATEST = len(MIGRATIONS)
DIALECTS = ("sqlite", "postgresql")

# What each migration is called where an operator sees it (`modelreg db status`, `serve
# --no-migrate`): number -> name. Every migration has one (tests/test_upgrades.py checks).
NAMES = {
    1: "initial", 2: "verified_file_chunks", 3: "idempotent_create_version", 4: "event_log_compaction",
    5: "governance", 6: "webhooks", 7: "denied_calls_aggregated", 8: "event_sequencer", 9: "chunk_leases",
    10: "webhook_leases", 11: "webhook_filters", 12: "tag_metric_param_tables", 13: "event_and_chunk_indexes",
    14: "web_sessions", 15: "production_metrics", 16: "monitors", 17: "compression_at_rest",
    18: "manifest_format_2", 19: "artifact_display_name", 20: "promotion_gates",
}


def name(number: int) -> str:
    """`17 compression_at_rest`: a migration as an operator reads it."""
    return f"{number} {NAMES.get(number, 'unnamed')}"


class SchemaTooNew(Exception):
    """The database was migrated by a newer modelreg than this one."""


def ddl(migration, dialect: str) -> list[str]:
    """The statements of one migration for a dialect."""
    script = migration[dialect] if isinstance(migration, dict) else migration
    if dialect == "postgresql":
        script = re.sub(r"\b(\w+) INTEGER PRIMARY KEY( AUTOINCREMENT)?(?! CHECK)",
                        r"\1 BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", script)
        script = re.sub(r"\bINTEGER\b", "BIGINT", script)
        script = re.sub(r"^(\s*)offset\b", r'\1"offset"', script, flags=re.M)
    return [s.strip() for s in script.split(";") if s.strip()]


def pending(applied: set[int]) -> list[tuple[int, object]]:
    """(number, migration) of those not applied yet, in order; refuses a newer schema."""
    if applied and max(applied) > LATEST:
        raise SchemaTooNew(f"the database's schema is version {max(applied)}, newer than this modelreg knows "
                           f"({LATEST}); upgrade modelreg to open it")
    return [(n, m) for n, m in enumerate(MIGRATIONS, start=1) if n not in applied]
