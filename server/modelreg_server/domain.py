"""Domain rows: what the rules, the servicers and every storage backend exchange.

Plain dataclasses that belong to no backend, so a backend can be swapped without touching the
rules. Rows read from storage are frozen: a writer never changes a row it was handed (after a
change, read the row again), and the rules build changed copies with dataclasses.replace. The
webhook, delivery and refused-call rows stay mutable: the rules fill them in step by step before
writing them (validation, aggregation).
"""

import time
from dataclasses import dataclass, field

from modelreg.manifest import tree_digest

EVENT_TYPES = frozenset({
    "MODEL_CREATED", "MODEL_UPDATED", "MODEL_DELETED", "VERSION_CREATED", "VERSION_UPDATED",
    "VERSION_ARCHIVED", "VERSION_RESTORED", "ALIAS_SET", "ALIAS_DELETED", "LINEAGE_ADDED",
    "PRINCIPAL_CREATED", "PRINCIPAL_DELETED", "TOKEN_CREATED", "TOKEN_REVOKED", "ROLE_GRANTED", "ROLE_REVOKED",
    "ALIAS_PROTECTED", "ALIAS_UNPROTECTED",
    "MONITOR_CREATED", "MONITOR_DELETED", "MONITOR_FIRING", "MONITOR_RESOLVED",
})
FILE_ENTRY_BYTES = 162  # a FileEntry serialised without its path and chunks: framing, size, sha256, mode, tree
CHUNK_REF_BYTES = 76  # a ChunkRef with its framing: 64 hex digits and a size


def now_micros() -> int:
    return time.time_ns() // 1000


@dataclass(frozen=True)
class ModelRow:
    id: int
    name: str
    description: str
    tags: dict
    create_time: int
    update_time: int
    etag: str
    next_version: int
    aliases: dict = field(default_factory=dict)


@dataclass(frozen=True)
class FileRow:
    path: str
    size: int
    sha256: str
    mode: int
    chunks: list  # [(digest, size)]
    tree_digest: str = ""  # as a client states it (manifest format 2); chunks_digest is what it must be

    @property
    def chunks_digest(self) -> str:
        """The tree digest (manifest.tree_digest): the same content cut the same way has the same one."""
        return tree_digest(self.chunks)


@dataclass(frozen=True)
class InputRow:
    relation: str
    version: str = ""  # canonical resource name of an upstream version
    uri: str = ""
    digest: str = ""
    kind: str = ""
    name: str = ""  # display name of an artifact, e.g. the run's name


@dataclass(frozen=True)
class VersionRow:
    id: int
    model: str
    number: int
    digest: str
    state: str
    description: str
    tags: dict
    metrics: dict
    params: dict
    total_size: int
    file_count: int
    create_time: int
    update_time: int
    etag: str
    aliases: list = field(default_factory=list)
    inputs: list = field(default_factory=list)
    files: list | None = None
    manifest_format: int = 1  # manifest.FILE_SHA256 or manifest.CHUNK_TREE

    @property
    def name(self) -> str:
        return f"models/{self.model}/versions/{self.number}"


@dataclass(frozen=True)
class AliasRow:
    model: str
    alias: str
    version: int
    previous_version: int
    update_time: int


@dataclass(frozen=True)
class EventRow:
    sequence: int
    time: int
    actor: str
    type: str
    model: str
    version: int
    alias: str
    previous_version: int
    digest: str
    subject: str = ""
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PrincipalRow:
    id: int
    name: str
    kind: str
    description: str
    create_time: int


@dataclass(frozen=True)
class TokenRow:
    id: str
    principal: str
    secret_hash: str
    description: str
    create_time: int
    expire_time: int
    revoke_time: int


@dataclass(frozen=True)
class BindingRow:
    id: int
    principal: str
    role: int
    model_pattern: str
    create_time: int


@dataclass(frozen=True)
class ProtectionRow:
    id: int
    model_pattern: str
    alias_pattern: str
    create_time: int
    requirement: str = ""  # promotion gate: a filter over versions (filters.VERSIONS); '' for none


@dataclass
class DeniedRow:
    """Refused calls with the same key (minute, source, code, reason, method, model, actor)."""

    id: int
    time: int  # of the last of them
    actor: str
    method: str
    model: str
    code: str
    reason: str
    message: str  # of the last of them
    source: str = ""  # the actor when known, else the client's address
    count: int = 1
    first_time: int = 0
    minute: int = 0  # the aggregation bucket: time // 60 s

    @property
    def key(self) -> tuple:
        return self.minute, self.source, self.code, self.reason, self.method, self.model, self.actor


@dataclass
class WebhookRow:
    id: int = 0
    name: str = ""
    target_url: str = ""
    models: list = field(default_factory=list)
    event_types: list = field(default_factory=list)
    aliases: list = field(default_factory=list)
    payload_format: str = ""  # STANDARD_WEBHOOKS | SLACK | TEAMS
    secret: str = ""
    state: str = ""  # ENABLED | DISABLED | PAUSED
    on_failure: str = ""  # SKIP | PAUSE
    description: str = ""
    cursor: int = 0  # every event up to here is queued or did not match
    last_error: str = ""  # of the latest attempt, empty if it succeeded
    create_time: int = 0
    update_time: int = 0
    pending: int = 0
    failed: int = 0
    lease_owner: str = ""  # the dispatcher delivering it (webhooks.Dispatcher.owner), "" if none
    lease_until: int = 0  # micros: until when, unless renewed; past it another dispatcher may take over
    filter: str = ""  # an AIP-160 filter over events (event_filters.py), as written; "" for none


@dataclass(frozen=True)
class AttemptRow:
    time: int
    status_code: int
    latency_micros: int
    error: str


@dataclass
class DeliveryRow:
    id: int
    webhook_id: int
    message_id: str
    sequence: int  # 0 for a ping
    payload_type: str
    event: dict  # EventRow fields; empty for a ping
    status: str  # PENDING | SUCCEEDED | FAILED
    attempts: int
    next_attempt_time: int
    create_time: int
    update_time: int
    history: list = field(default_factory=list)  # [AttemptRow]


@dataclass(frozen=True)
class WebSessionRow:
    """A dashboard session, or a one-time sign-in link (`modelreg ui-login`), named by the sha256
    of its secret. It acts as an API token (its principal, roles and revocation count)."""
    id_hash: str
    kind: str  # "session", "link", or "used" (a link redeemed, kept to say so until it expires)
    token_id: str
    create_time: int
    expire_time: int  # microseconds; a session's moves on while it is used (governance.py)


@dataclass
class MonitorRow:
    """A monitor (monitors.py): its rule, filled in and validated by the rules, and its state,
    moved by the evaluator. Times and durations in microseconds."""
    id: int = 0
    model: str = ""
    monitor_id: str = ""
    alias: str = ""
    metric: str = ""
    aggregation: str = "mean"
    window: int = 0
    condition: str = ""  # below | above | worse_than
    threshold: float = 0.0  # below/above
    baseline: str = ""  # worse_than: a reference
    by_percent: float = 0.0
    higher_is_worse: bool = False
    min_samples: int = 1
    for_duration: int = 0
    cooldown: int = 0
    rollback: bool = False
    labels: dict = field(default_factory=dict)
    description: str = ""
    principal: str = ""
    creator: str = ""
    state: str = "OK"  # OK | PENDING | FIRING | RESOLVED
    state_time: int = 0
    breach_since: int = 0  # when the current breach began, 0 if not breached
    fired: bool = False  # it has fired at least once (PENDING falls back to RESOLVED, not OK)
    evaluate_time: int = 0
    value: float = float("nan")
    samples: int = 0
    evaluated_version: int = 0
    rollback_time: int = 0
    create_time: int = 0

    @property
    def name(self) -> str:
        return f"models/{self.model}/monitors/{self.monitor_id}"


@dataclass(frozen=True)
class TransitionRow:
    id: int
    monitor_id: int
    number: int  # 1, 2, ... per monitor
    time: int
    from_state: str
    to_state: str
    version: int
    value: float
    samples: int
    threshold: float
    event_sequence: int = 0
    rollback_version: int = 0
    rollback_skipped: str = ""
