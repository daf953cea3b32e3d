import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CompactChunksRequest(_message.Message):
    __slots__ = ("wait",)
    WAIT_FIELD_NUMBER: _ClassVar[int]
    wait: bool
    def __init__(self, wait: _Optional[bool] = ...) -> None: ...

class CompactChunksResponse(_message.Message):
    __slots__ = ("chunks_pending", "chunks_compacted", "chunks_kept", "bytes_saved")
    CHUNKS_PENDING_FIELD_NUMBER: _ClassVar[int]
    CHUNKS_COMPACTED_FIELD_NUMBER: _ClassVar[int]
    CHUNKS_KEPT_FIELD_NUMBER: _ClassVar[int]
    BYTES_SAVED_FIELD_NUMBER: _ClassVar[int]
    chunks_pending: int
    chunks_compacted: int
    chunks_kept: int
    bytes_saved: int
    def __init__(self, chunks_pending: _Optional[int] = ..., chunks_compacted: _Optional[int] = ..., chunks_kept: _Optional[int] = ..., bytes_saved: _Optional[int] = ...) -> None: ...

class CheckStoreRequest(_message.Message):
    __slots__ = ("repair",)
    REPAIR_FIELD_NUMBER: _ClassVar[int]
    repair: bool
    def __init__(self, repair: _Optional[bool] = ...) -> None: ...

class CheckStoreResponse(_message.Message):
    __slots__ = ("chunks_checked", "bytes_checked", "corrupt_chunks", "missing_chunks", "versions_checked", "damaged_versions", "quarantined_chunks")
    CHUNKS_CHECKED_FIELD_NUMBER: _ClassVar[int]
    BYTES_CHECKED_FIELD_NUMBER: _ClassVar[int]
    CORRUPT_CHUNKS_FIELD_NUMBER: _ClassVar[int]
    MISSING_CHUNKS_FIELD_NUMBER: _ClassVar[int]
    VERSIONS_CHECKED_FIELD_NUMBER: _ClassVar[int]
    DAMAGED_VERSIONS_FIELD_NUMBER: _ClassVar[int]
    QUARANTINED_CHUNKS_FIELD_NUMBER: _ClassVar[int]
    chunks_checked: int
    bytes_checked: int
    corrupt_chunks: _containers.RepeatedScalarFieldContainer[str]
    missing_chunks: _containers.RepeatedScalarFieldContainer[str]
    versions_checked: int
    damaged_versions: _containers.RepeatedScalarFieldContainer[str]
    quarantined_chunks: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, chunks_checked: _Optional[int] = ..., bytes_checked: _Optional[int] = ..., corrupt_chunks: _Optional[_Iterable[str]] = ..., missing_chunks: _Optional[_Iterable[str]] = ..., versions_checked: _Optional[int] = ..., damaged_versions: _Optional[_Iterable[str]] = ..., quarantined_chunks: _Optional[_Iterable[str]] = ...) -> None: ...

class CollectGarbageRequest(_message.Message):
    __slots__ = ("grace_period", "dry_run")
    GRACE_PERIOD_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    grace_period: _duration_pb2.Duration
    dry_run: bool
    def __init__(self, grace_period: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., dry_run: _Optional[bool] = ...) -> None: ...

class CollectGarbageResponse(_message.Message):
    __slots__ = ("chunks_removed", "bytes_freed", "chunks_in_grace", "chunks_referenced")
    CHUNKS_REMOVED_FIELD_NUMBER: _ClassVar[int]
    BYTES_FREED_FIELD_NUMBER: _ClassVar[int]
    CHUNKS_IN_GRACE_FIELD_NUMBER: _ClassVar[int]
    CHUNKS_REFERENCED_FIELD_NUMBER: _ClassVar[int]
    chunks_removed: int
    bytes_freed: int
    chunks_in_grace: int
    chunks_referenced: int
    def __init__(self, chunks_removed: _Optional[int] = ..., bytes_freed: _Optional[int] = ..., chunks_in_grace: _Optional[int] = ..., chunks_referenced: _Optional[int] = ...) -> None: ...

class CompactEventsRequest(_message.Message):
    __slots__ = ("older_than", "through_sequence")
    OLDER_THAN_FIELD_NUMBER: _ClassVar[int]
    THROUGH_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    older_than: _duration_pb2.Duration
    through_sequence: int
    def __init__(self, older_than: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., through_sequence: _Optional[int] = ...) -> None: ...

class CompactEventsResponse(_message.Message):
    __slots__ = ("events_removed", "compacted_through")
    EVENTS_REMOVED_FIELD_NUMBER: _ClassVar[int]
    COMPACTED_THROUGH_FIELD_NUMBER: _ClassVar[int]
    events_removed: int
    compacted_through: int
    def __init__(self, events_removed: _Optional[int] = ..., compacted_through: _Optional[int] = ...) -> None: ...
