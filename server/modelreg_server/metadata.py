"""The storage interfaces the rules talk to: the metadata store and the event log.

The rules (service.py, governance.py, automations.py, webhooks.py, denials.py) know only these
shapes and the domain rows (domain.py); which backend runs is decided where the server is wired
(app.py). They are typing.Protocols, not base classes: a backend implements them without
inheriting anything, and the contract suites (tests/test_metadata_contract.py) say what each must
do.

- MetadataStore: `read(fn)` runs fn(reader) on a thread the backend owns; `transact(fn)` runs
  fn(writer) as one transaction, all of it or none of it. The backend owns its threads, its busy
  handling, its retries and the translation of its failures into domain errors (errors.py). fn may
  run more than once on a backend that retries conflicts (PostgreSQL), so it must do nothing but
  read and write through its argument; work to do once after the commit is registered with
  `writer.on_commit`.
- Reader / Writer: the questions and changes of a transaction, with domain rows in and out.
- EventLog: the outbox. An event is appended inside the transaction of its change; `bounds`
  gives a *watermark* below which every event is committed and visible and none can appear later;
  `read` never returns an event past it; `wait` returns when there may be news past a cursor
  (a wake-up only: polling by timeout is what makes it correct across processes).
"""

from collections.abc import Callable
from typing import Protocol, TypeVar

from .domain import (AliasRow, AttemptRow, BindingRow, DeliveryRow, DeniedRow, EventRow, FileRow, InputRow, ModelRow,
                     MonitorRow, TransitionRow, PrincipalRow, ProtectionRow, TokenRow, VersionRow, WebhookRow, WebSessionRow)

T = TypeVar("T")


class Reader(Protocol):
    """The questions one read (or one transaction) may ask. Rows come back as frozen domain rows;
    None when the thing asked for does not exist."""

    # Models
    def model(self, name: str) -> ModelRow | None: ...
    def models_named(self, names: list[str]) -> list[ModelRow]:
        """The models of these names that exist, in that order, with their aliases."""

    # Versions
    def version(self, model: ModelRow, number: int, *, files: bool = False,
                inputs: bool = True) -> VersionRow | None: ...
    def version_by_digest(self, model: ModelRow, digest: str, *, files: bool = False,
                          inputs: bool = True) -> VersionRow | None:
        """The READY (else the newest) version of the model with this digest."""
    def version_by_request(self, model: ModelRow, request_id: str) -> VersionRow | None: ...
    def version_weights(self, version_ids: list[int]) -> dict[int, tuple[str, int]]:
        """id -> (resource name, weight without inputs and manifest)."""
    def manifest_bytes(self, version_id: int) -> int: ...
    def versions_by_id(self, version_ids: list[int], *, inputs: bool = True,
                       files: bool = False) -> list[VersionRow]: ...
    def max_ready_version(self, model: ModelRow) -> int:
        """The highest READY version number, 0 if none."""
    def files(self, version_id: int) -> list[FileRow]: ...
    def chunks_from(self, version_id: int, offset: int, *, limit: int) -> list[tuple[int, str, int]]:
        """(offset, digest, size) of the chunks of a version whose end lies past offset."""
    def all_versions(self) -> list[tuple[int, str]]:
        """(id, resource name) of every version."""
    def files_without_sha256(self, *, limit: int) -> list[FileRow]:
        """Files (of manifest format 2) whose whole-file sha256 is not known yet, one per content
        (tree digest and size), from up to `limit` file rows."""
    def verified_before(self, f: FileRow) -> bool:
        """Whether a committed version has this exact file content with this chunk list."""
    def referenced_chunks(self) -> set[str]: ...

    # Aliases
    def aliases(self, model: ModelRow) -> list[AliasRow]: ...
    def alias(self, model: ModelRow, alias: str) -> AliasRow | None: ...

    # Lineage
    def inputs(self, version_id: int) -> list[InputRow]: ...
    def inputs_of(self, version_ids: list[int]) -> dict[int, list[InputRow]]: ...
    def input_count(self, version_id: int) -> int: ...
    def lineage_rows(self, column: str, keys: list, *, limit: int, versions_only: bool = False) -> list[dict]:
        """Edges whose `column` (version_id, upstream_version_id or artifact_uri) is one of keys, as
        dicts with id, version_id, upstream_version_id, artifact_uri, artifact_digest,
        artifact_kind and relation; at most limit of them."""

    # Governance
    def principal(self, name: str) -> PrincipalRow | None: ...
    def principals(self, *, after: str, limit: int) -> list[PrincipalRow]: ...
    def token(self, token_id: str) -> TokenRow | None: ...
    def tokens(self, *, principal: str, before: tuple, limit: int) -> list[TokenRow]: ...
    def bindings(self, principal: str = "") -> list[BindingRow]: ...
    def binding(self, binding_id: int) -> BindingRow | None: ...
    def global_admins(self) -> int: ...
    def protections(self) -> list[ProtectionRow]: ...
    def audit(self, *, before: tuple, limit: int, actor: str, model: str, types: list, allowed: bool,
              denied: bool, start: int, end: int) -> list[EventRow | DeniedRow]:
        """Events and refused calls, newest first, strictly before the (time, kind, id) key."""

    # Webhooks
    def webhook(self, name: str) -> WebhookRow | None: ...
    def webhook_by_id(self, webhook_id: int) -> WebhookRow | None: ...
    def webhooks(self, *, after: str = "", limit: int = 2**31) -> list[WebhookRow]: ...
    def enabled_webhooks(self) -> list[int]: ...
    def pending_deliveries(self) -> int:
        """Pending deliveries of every webhook, for the server's /metrics."""
    def next_delivery(self, webhook_id: int) -> DeliveryRow | None:
        """The head of a webhook's queue: its pending delivery with the lowest sequence."""
    def delivery(self, webhook_id: int, delivery_id: int) -> DeliveryRow | None: ...
    def deliveries(self, webhook_id: int, *, before: int, status: str, limit: int) -> list[DeliveryRow]: ...

    # Chunk leases: what pushes in flight rely on (times in microseconds)
    def leased_chunks(self, *, after: int) -> set[str]:
        """The digests leased until after a time."""
    def chunk_in_use(self, digest: str, *, leased_after: int) -> bool:
        """Whether a version references the chunk or a lease on it lasts past a time."""

    # Compression at rest (compaction.py)
    def compaction_pending(self) -> int: ...
    def compaction_batch(self, *, limit: int) -> list[tuple[str, int]]:
        """(digest, hint) of the oldest chunks waiting to be compressed at rest."""

    def digests_with_prefix(self, model: ModelRow, prefix: str, *, limit: int) -> list[tuple[str, int]]:
        """(digest, newest version number) of at most limit distinct version digests of the model
        that start with prefix, in byte order: what a short digest in a reference may mean."""

    # Filtered, ordered lists
    def model_search_keys(self, *, tree, order: tuple, after: list | None,
                          limit: int) -> list[tuple[str, int, list]]:
        """(name, weight, sort values) of the models matching a checked filter, in order, after
        the sort values of a previous page's last model."""
    def version_search_keys(self, *, model_id: int | None, tree, order: tuple, after: list | None,
                            limit: int) -> list[tuple[int, str, int, list]]:
        """(id, model, weight, sort values) of one model's (None: every model's) versions matching
        a checked filter, in order, after the sort values of a previous page's last version."""

    # The dashboard's questions (web/), each one bounded query
    def model_totals(self) -> tuple[int, int]:
        """(models, versions) in the whole registry."""
    def model_version_counts(self, prefixes: list[str]) -> list[tuple[str, int]]:
        """(name, version count) of the models whose name starts with one of the prefixes."""
    def metric_series(self, model: ModelRow, *, limit: int) -> list[tuple[int, dict]]:
        """(number, metrics) of the model's latest `limit` versions, in number order."""
    def version_events(self, model: str, version: int, *, limit: int) -> list[EventRow]:
        """The latest `limit` events about one version, newest first."""
    def alias_events(self, *, since: int, before: tuple | None, limit: int, skip_alias: str,
                     model: str = "") -> list[EventRow]:
        """Alias set/delete events at or after `since`, except of skip_alias (and only of `model`
        when given), newest first (time, then sequence), strictly before a (time, sequence) key when
        given."""
    def chunk_origins(self, version_id: int) -> list[tuple[int, str, int, int]]:
        """(position, digest, raw size, first version id referencing the digest) of each chunk
        of a version, in order."""
    # Production metrics (metrics.py; times in micros)
    def metric_series_of(self, model_id: int, *, version_id: int = 0, metric: str = "") -> list[dict]:
        """Series (id, version_id, metric, labels as canonical JSON, last_time) of a model, or of
        one version, or of one metric of one version."""
    def metric_names(self, model_id: int) -> set[str]: ...
    def metric_buckets(self, resolution: str, series_ids: list[int], *, start: int, end: int) -> list[tuple]:
        """(bucket_start, count, sum, min, max, sketch bytes) of the series' `1m` or `1h` buckets
        starting in [start, end)."""
    def metric_points(self, series_ids: list[int], *, start: int, end: int) -> list[tuple[int, float]]:
        """(time, value) of the series' raw points in [start, end)."""
    # Monitors (store_monitors.py)
    def monitor(self, monitor_id: str) -> MonitorRow | None: ...
    def monitors(self, *, model: str = "", after: tuple = ("", ""), limit: int = 2**31) -> list[MonitorRow]:
        """By (model, id), after a (model, id) key; of one model, or of all ("")."""
    def monitor_count(self, model_id: int) -> int: ...
    def monitor_transitions(self, monitor_row_id: int, *, before: int, limit: int) -> list[TransitionRow]:
        """Newest first, numbered below `before`."""

    # Dashboard sessions and sign-in links (end of Reader)
    def web_session(self, id_hash: str) -> WebSessionRow | None:
        """The dashboard session or sign-in link (any kind) of a secret's hash, expired or not."""


class Writer(Reader, Protocol):
    """The changes of one transaction. A writer never changes the rows it is given: read again
    after a change to see it."""

    def on_commit(self, fn: Callable[[], None]) -> None:
        """Runs fn once, right after this transaction commits and before the backend's next
        transaction starts (never if it rolls back)."""

    # Models and versions
    def insert_model(self, name: str, *, description: str, tags: dict) -> ModelRow: ...
    def update_model(self, model: ModelRow, *, description: str, tags: dict) -> None: ...
    def delete_model(self, model: ModelRow) -> None: ...
    def insert_version(self, model: ModelRow, *, digest: str, files: list[FileRow], description: str,
                       tags: dict, metrics: dict, params: dict, request_id: str = "",
                       manifest_format: int = 1) -> int:
        """Adds the model's next version (READY) with its manifest; returns its number. A file
        without sha256 takes that of an earlier file with the same content, if one has it."""
    def set_file_sha256(self, tree: str, size: int, sha256: str) -> int:
        """Records the sha256 of every file with this content that has none yet; how many."""
    def update_version(self, version: VersionRow, *, description: str, tags: dict, metrics: dict) -> None: ...
    def set_version_state(self, version: VersionRow, state: str) -> None: ...

    # Aliases and lineage
    def set_alias(self, model: ModelRow, alias: str, version: int, previous: int) -> None: ...
    def delete_alias(self, model: ModelRow, alias: str) -> None: ...
    def add_input(self, version_id: int, item: InputRow, upstream_version_id: int | None) -> bool:
        """False when the same input was declared already."""

    # Governance
    def insert_principal(self, name: str, *, kind: str, description: str) -> PrincipalRow: ...
    def delete_principal(self, principal: PrincipalRow) -> None: ...
    def insert_token(self, principal: PrincipalRow, token_id: str, secret_hash: str, *, description: str,
                     expire_time: int) -> TokenRow: ...
    def revoke_token(self, token_id: str) -> None: ...
    def upsert_binding(self, principal: PrincipalRow, role: int, model_pattern: str) -> BindingRow: ...
    def delete_binding(self, binding_id: int) -> None: ...
    def insert_protection(self, model_pattern: str, alias_pattern: str, requirement: str = "") -> ProtectionRow: ...
    def delete_protection(self, protection_id: int) -> None: ...
    def add_denials(self, rows: list[DeniedRow]) -> None:
        """Adds aggregated refused calls; a row whose key is stored already adds to its count."""
    def delete_denials(self, *, before_time: int) -> None:
        """Forgets refused calls last seen before a time (with event compaction)."""

    # Webhooks
    def insert_webhook(self, hook: WebhookRow) -> WebhookRow: ...
    def update_webhook(self, hook: WebhookRow) -> None: ...
    def delete_webhook(self, hook: WebhookRow) -> None: ...
    def set_webhook_cursor(self, webhook_id: int, cursor: int) -> None: ...
    def set_webhook_state(self, webhook_id: int, state: str) -> None: ...
    def insert_delivery(self, webhook_id: int, *, message_id: str, sequence: int, payload_type: str, event: dict,
                        status: str = "PENDING", attempts: int = 0) -> int: ...
    def record_attempt(self, delivery: DeliveryRow, attempt: AttemptRow, *, status: str, attempts: int,
                       next_attempt_time: int) -> bool:
        """Adds an attempt and moves a still pending delivery on; False (and nothing written) if
        the delivery is gone or no longer pending."""
    def add_attempt(self, delivery_id: int, attempt: AttemptRow) -> None: ...
    def requeue_delivery(self, delivery: DeliveryRow) -> None: ...
    def refresh_pending(self, webhook_id: int) -> None: ...
    def claim_webhook_lease(self, webhook_id: int, owner: str, *, until: int, expired_before: int) -> bool:
        """Takes or renews a webhook's lease for owner until a time (micros): renews it if owner
        holds it, takes it if it is free or ran out before expired_before (0: renew only); False
        (and nothing written) otherwise. Of two concurrent claims exactly one wins."""
    def release_webhook_leases(self, owner: str | None, webhook_id: int = 0) -> None:
        """Frees the leases owner holds (only that webhook's, if one is given); every lease when
        owner is None."""

    # Chunk leases (maintenance.py says how gc and pushes use them; times in microseconds)
    def lease_chunks(self, digests: list[str], *, expire_time: int, claims_after: int) -> list[str]:
        """Leases chunks until expire_time (an upsert; a lease lasting longer already stays);
        returns, unleased, those a gc claimed after claims_after."""
    def claim_chunks(self, digests: list[str], *, claim_time: int, leased_after: int, claims_after: int) -> list[str]:
        """Marks claim_time on the chunks no version references, no lease past leased_after holds
        and no gc claimed after claims_after; returns them."""
    def release_claims(self, digests: list[str], *, claim_time: int) -> None: ...
    def queue_compaction(self, rows: list[tuple[str, int]], *, queued_time: int) -> None:
        """Records (digest, hint) of raw chunks to compress at rest (compaction.py)."""
    def compaction_done(self, digests: list[str]) -> None: ...
    def delete_chunk_leases(self, *, through: int, claims_through: int) -> int:
        """Forgets leases expired at or before a time and claims made at or before claims_through."""

    # Filter side tables
    def set_side_map(self, table: str, owner_id: int, values: dict) -> None:
        """Rewrites a model's or version's rows of model_tags, version_tags, version_metrics or
        version_params to match its JSON column."""

    # Production metrics
    def insert_metric_series(self, *, model_id: int, version_id: int, metric: str, labels: str) -> int: ...
    def insert_metric_points(self, rows: list[tuple[int, int, float]]) -> None:
        """(series_id, time, value) rows."""
    def upsert_metric_buckets(self, resolution: str, rows: list[tuple]) -> None:
        """(series_id, bucket_start, count, sum, min, max, sketch) rows, already merged with what
        was stored, written over it."""
    def touch_metric_series(self, rows: list[tuple[int, int]]) -> None:
        """(newest point time, series_id): last_time moves forward only."""
    def delete_metric_data(self, *, raw_before: int, minute_before: int, hour_before: int) -> int:
        """Forgets raw points and buckets older than their retention; the rows removed."""
    # Monitors
    def insert_monitor(self, model_id: int, row: MonitorRow) -> MonitorRow: ...
    def update_monitor(self, row: MonitorRow) -> None: ...
    def delete_monitor(self, row: MonitorRow) -> None:
        """The monitor and its transitions."""
    def insert_transition(self, row: TransitionRow) -> int:
        """Numbered after the monitor's last; returns the number."""
    def claim_monitor_lease(self, owner: str, *, until: int, expired_before: int) -> bool:
        """The single evaluator lease, as claim_webhook_lease."""
    def release_monitor_lease(self, owner: str | None) -> None: ...

    # Dashboard sessions and sign-in links (end of Writer)
    def insert_web_session(self, row: WebSessionRow) -> None: ...
    def use_login_link(self, id_hash: str) -> bool:
        """Marks an unused link used; False if it was not one (so of two redeeming it, one wins)."""
    def touch_web_session(self, id_hash: str, expire_time: int) -> None: ...
    def delete_web_session(self, id_hash: str) -> None: ...
    def delete_web_sessions(self, *, expired_before: int) -> int: ...


class MetadataStore(Protocol):
    """Models, versions, aliases, lineage, governance and webhooks, read and changed in
    transactions on threads the backend owns."""

    async def read(self, fn: Callable[[Reader], T]) -> T:
        """fn(reader) on one of the backend's reader threads."""

    async def cached(self, key, fn: Callable[[Reader], T]) -> T:
        """read(fn), or the answer a read of the same key gave while nothing has committed since
        (hot reads: GetVersion by alias, token checks). A backend that cannot tell cheaply and at
        once that anything committed (another replica's writes) always reads."""

    async def transact(self, fn: Callable[[Writer], T], *, durable: bool = True) -> T:
        """fn(writer) as one transaction on the backend's writer: if fn raises, nothing it wrote
        stays (its events neither). A backend that retries conflicts runs fn again.
        durable=False is for writes whose loss in a power cut costs only a retry (chunk leases):
        committed and visible at once, but without waiting for the disk; made durable by the next
        durable commit."""

    def transact_here(self, fn: Callable[[Writer], T], *, durable: bool = True) -> T:
        """transact(fn) on the calling thread, for tools (bootstrap, migrate) outside the server's
        event loop."""

    def read_here(self, fn: Callable[[Reader], T]) -> T:
        """fn(reader) on the calling thread, for rules that run long reads on threads of their own
        (lineage walks, content checks, transfers, maintenance) so they can stop them between
        queries. Consistent like read(fn)."""

    def close(self) -> None:
        """Waits for the transaction in flight and stops the backend's threads."""


class EventLog(Protocol):
    """The events table, written in the transaction of each change."""

    closed: bool  # set by close(): watchers and consumers stop

    def append(self, tx: Writer, *, type: str, model: str, actor: str = "", version: int = 0, alias: str = "",
               previous_version: int = 0, digest: str = "", subject: str = "", details: dict | None = None) -> int:
        """Appends an event inside tx; returns its sequence, higher than any appended before."""

    def bounds(self, db: Reader) -> tuple[int, int]:
        """(compacted through, watermark): events after the first are kept; every event up to the
        watermark is committed and visible, and none can appear at or below it later."""

    def read(self, db: Reader, *, after: int, through: int | None = None, limit: int) -> list[EventRow]:
        """Up to limit events after `after` and up to `through` (a watermark from bounds(); the
        current one when None), in sequence order. Which of them a subscriber wants is decided
        above storage, by one evaluator (event_filters)."""

    async def wait(self, after: int, timeout: float | None) -> bool:
        """Returns True as soon as there may be events past `after`, False after timeout seconds
        without news (or at once once closed). A hint only: read to find out."""

    def compact(self, tx: Writer, *, through_sequence: int = 0, before_time: int = 0) -> tuple[int, int]:
        """Deletes the events up to a sequence, or older than a time; returns (removed, compacted
        through). Compaction never moves back."""

    def close(self) -> None:
        """Wakes every waiter and marks the log closed (a graceful shutdown ends the watches)."""


class BadDatabaseURL(ValueError):
    """A --db URL that names no metadata backend modelreg has."""


def database_kind(url: str) -> str:
    """'sqlite' or 'postgresql' for a --db URL; BadDatabaseURL says what is wrong with it."""
    scheme = url.split(":", 1)[0].lower() if "://" in url else ""
    if scheme in ("postgresql", "postgres"):
        return "postgresql"
    if scheme == "sqlite":
        if not url.startswith("sqlite:///") or len(url) == len("sqlite:///"):
            raise BadDatabaseURL(f"{url}: a SQLite URL names a file: sqlite:///PATH")
        return "sqlite"
    if scheme:
        raise BadDatabaseURL(f"{url}: unknown database scheme {scheme!r} (sqlite:///PATH or postgresql://...)")
    raise BadDatabaseURL(f"{url}: not a database URL (sqlite:///PATH or postgresql://USER@HOST:PORT/DB)")


def open_metadata(url: str, *, busy_timeout: float = 30.0) -> tuple[MetadataStore, EventLog]:
    """The metadata store and event log a --db URL names: sqlite:///PATH (as in SQLAlchemy:
    sqlite:///rel/path.db is relative, sqlite:////abs/path.db absolute; made if missing) or
    postgresql://USER[:PASSWORD]@HOST:PORT/DB (libpq's URL, with its environment variables and
    ~/.pgpass). Migrates the schema; refuses one newer than this code (SCHEMA_TOO_NEW)."""
    if database_kind(url) == "postgresql":
        from .pg_events import PgEventLog
        from .pg_store import PgMetadataStore
        return PgMetadataStore(url), PgEventLog(url)
    from .sqlite_store import SqliteDatabase, SqliteEventLog, SqliteMetadataStore
    database = SqliteDatabase(url[len("sqlite:///"):], busy_timeout=busy_timeout)
    return SqliteMetadataStore(database), SqliteEventLog()
