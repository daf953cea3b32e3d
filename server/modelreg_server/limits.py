"""Every limit on what a client can send or make the server return, in one place.

Each client-set field has one, checked before anything is stored and refused with
INVALID_ARGUMENT and a reason naming the limit (the ErrorInfo metadata carries `limit`). They are
chosen so that one item always fits a client's default 4 MiB receive limit, with room: a model
at every limit serialises to about 0.5 MiB, a version without its manifest to about 3 MiB. The
proto comments and docs/limits.md state each of them; keep the three in step.

Sizes of text are UTF-8 bytes unless a name says characters.
"""

KiB = 1024
MiB = 1024 * KiB

# Text fields.
DESCRIPTION_BYTES = 64 * KiB  # model and version description (markdown card)
REQUEST_ID_CHARS = 128  # CreateVersion.request_id, printable characters
URI_CHARS = 2048  # artifact URI of a lineage input, and GetLineage.artifact_uri
ARTIFACT_DIGEST_CHARS = 256
ARTIFACT_NAME_CHARS = 200  # display_name of an artifact input, e.g. a run's name
NAME_PREFIX_CHARS = 128  # ListModels.name_prefix: no model id is longer
ACTOR_CHARS = 128  # ListAuditRecords.actor: no principal id is longer
GOVERNANCE_DESCRIPTION_CHARS = 1024  # principal and token descriptions
WEBHOOK_DESCRIPTION_CHARS = 4096
WEBHOOK_URL_CHARS = 2048

# Maps.
TAGS = 256  # tags of one model or one version
TAG_VALUE_BYTES = 1024  # keys match [A-Za-z0-9][A-Za-z0-9._/-]{0,127}
METRICS = 1000  # metrics of one version
PARAMS = 1000  # params of one version
PARAM_VALUE_BYTES = 64 * KiB
PARAMS_BYTES = 256 * KiB  # all params of one version, keys and values

# Lists.
ALIASES_PER_CALL = 100  # CreateVersion.aliases
ALIASES_PER_MODEL = 1000  # `latest` included
INPUTS_PER_VERSION = 1000  # lineage inputs: per CreateVersion/AddLineage call and per version in all
FILES = 100_000  # files in one manifest
MANIFEST_BYTES = 28 * MiB  # one manifest as serialised (files with their chunk lists)
FILTER_VALUES = 100  # each filter list: List* tags, Watch models/types/aliases, webhook filters
DIGESTS_PER_QUERY = 10_000  # FindMissingChunks.digests
PAGE_TOKEN_CHARS = 1024
# AIP-160 filter expressions (filters.py): length, comparisons, nesting of parentheses and NOT.
FILTER_CHARS = 4096
FILTER_TERMS = 256
FILTER_DEPTH = 32
# A protection rule's promotion gate (ProtectedAlias.require, a filter over versions).
REQUIREMENT_CHARS = 2048
# order_by (AIP-132): refused past these with ORDER_BY_TOO_LONG.
ORDER_BY_CHARS = 512
ORDER_BY_FIELDS = 8

# Lineage walks: a walk that would pass these is refused (FAILED_PRECONDITION, LINEAGE_TOO_LARGE)
# rather than cut, since a partial graph would read as a complete one; the caller lowers `depth`.
LINEAGE_DEPTH = 50
LINEAGE_EDGES = 10_000  # nodes are at most one more
# Versions an AddLineage cycle check may visit upstream of the new inputs.
CYCLE_CHECK_VERSIONS = 10_000

# Responses. A list page holds at most page_size items and stops before its items pass
# PAGE_BYTES (one item is always returned); a lineage graph above RESPONSE_BYTES serialised is
# refused. Both stay under the 4 MiB a gRPC client accepts by default.
PAGE_BYTES = 2 * MiB
RESPONSE_BYTES = 3 * MiB

# Reader threads that lineage walks may occupy at once; the other reader threads stay free for
# everyone else however many walks are abandoned or slow.
WALK_THREADS = 2
# Threads that commit-time content checks of pushes may occupy at once, for the same reason.
VERIFY_THREADS = 2

# Attempts kept per webhook delivery (the newest): manual retries cannot grow one without bound.
ATTEMPTS_KEPT = 100

# SetAliasRequest.target: a version reference (the longest valid one is far shorter, but leading
# zeros of a number are not bounded by the grammar).
REFERENCE_CHARS = 256

# Production metrics (MonitoringService; metrics.py). Metric names match
# [a-zA-Z_][a-zA-Z0-9_.:-]{0,127}, label keys [a-zA-Z_][a-zA-Z0-9_]{0,62}.
METRIC_POINTS_PER_MESSAGE = 10_000  # TOO_MANY_POINTS
METRIC_LABELS = 16  # labels per point (INVALID_LABEL)
METRIC_LABEL_VALUE_CHARS = 256
METRIC_FUTURE_MICROS = 5 * 60 * 1_000_000  # TIME_IN_FUTURE past the server's clock
METRIC_WINDOW_MICROS = 400 * 24 * 3600 * 1_000_000  # GetMetricSeries window (INVALID_WINDOW)
METRIC_STEPS = 10_000  # steps per window (INVALID_STEP)
# Defaults of the serve flags --metrics-max-names, --metrics-max-series, --metrics-rate.
METRIC_NAMES_PER_MODEL = 100  # TOO_MANY_METRICS
METRIC_SERIES_PER_METRIC = 1000  # label sets of one metric of one version (TOO_MANY_SERIES)
METRIC_POINTS_PER_SECOND = 200_000  # per principal, burst of one second's worth (RATE_LIMITED)
