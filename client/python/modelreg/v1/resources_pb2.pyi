import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class VersionState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VERSION_STATE_UNSPECIFIED: _ClassVar[VersionState]
    VERSION_STATE_READY: _ClassVar[VersionState]
    VERSION_STATE_ARCHIVED: _ClassVar[VersionState]

class VersionView(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VERSION_VIEW_UNSPECIFIED: _ClassVar[VersionView]
    VERSION_VIEW_BASIC: _ClassVar[VersionView]
    VERSION_VIEW_FULL: _ClassVar[VersionView]

class ManifestFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MANIFEST_FORMAT_UNSPECIFIED: _ClassVar[ManifestFormat]
    MANIFEST_FORMAT_FILE_SHA256: _ClassVar[ManifestFormat]
    MANIFEST_FORMAT_CHUNK_TREE: _ClassVar[ManifestFormat]

class Codec(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CODEC_UNSPECIFIED: _ClassVar[Codec]
    CODEC_NONE: _ClassVar[Codec]
    CODEC_ZSTD: _ClassVar[Codec]
    CODEC_BYTEGROUP2_ZSTD: _ClassVar[Codec]
    CODEC_BYTEGROUP4_ZSTD: _ClassVar[Codec]

class EventType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EVENT_TYPE_UNSPECIFIED: _ClassVar[EventType]
    EVENT_TYPE_MODEL_CREATED: _ClassVar[EventType]
    EVENT_TYPE_MODEL_UPDATED: _ClassVar[EventType]
    EVENT_TYPE_MODEL_DELETED: _ClassVar[EventType]
    EVENT_TYPE_VERSION_CREATED: _ClassVar[EventType]
    EVENT_TYPE_VERSION_UPDATED: _ClassVar[EventType]
    EVENT_TYPE_VERSION_ARCHIVED: _ClassVar[EventType]
    EVENT_TYPE_VERSION_RESTORED: _ClassVar[EventType]
    EVENT_TYPE_ALIAS_SET: _ClassVar[EventType]
    EVENT_TYPE_ALIAS_DELETED: _ClassVar[EventType]
    EVENT_TYPE_LINEAGE_ADDED: _ClassVar[EventType]
    EVENT_TYPE_PRINCIPAL_CREATED: _ClassVar[EventType]
    EVENT_TYPE_PRINCIPAL_DELETED: _ClassVar[EventType]
    EVENT_TYPE_TOKEN_CREATED: _ClassVar[EventType]
    EVENT_TYPE_TOKEN_REVOKED: _ClassVar[EventType]
    EVENT_TYPE_ROLE_GRANTED: _ClassVar[EventType]
    EVENT_TYPE_ROLE_REVOKED: _ClassVar[EventType]
    EVENT_TYPE_ALIAS_PROTECTED: _ClassVar[EventType]
    EVENT_TYPE_ALIAS_UNPROTECTED: _ClassVar[EventType]
    EVENT_TYPE_MONITOR_FIRING: _ClassVar[EventType]
    EVENT_TYPE_MONITOR_RESOLVED: _ClassVar[EventType]
    EVENT_TYPE_MONITOR_CREATED: _ClassVar[EventType]
    EVENT_TYPE_MONITOR_DELETED: _ClassVar[EventType]

class CompressHint(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMPRESS_HINT_UNSPECIFIED: _ClassVar[CompressHint]
    COMPRESS_HINT_GUESS: _ClassVar[CompressHint]
    COMPRESS_HINT_FLOAT16: _ClassVar[CompressHint]
    COMPRESS_HINT_FLOAT32: _ClassVar[CompressHint]
VERSION_STATE_UNSPECIFIED: VersionState
VERSION_STATE_READY: VersionState
VERSION_STATE_ARCHIVED: VersionState
VERSION_VIEW_UNSPECIFIED: VersionView
VERSION_VIEW_BASIC: VersionView
VERSION_VIEW_FULL: VersionView
MANIFEST_FORMAT_UNSPECIFIED: ManifestFormat
MANIFEST_FORMAT_FILE_SHA256: ManifestFormat
MANIFEST_FORMAT_CHUNK_TREE: ManifestFormat
CODEC_UNSPECIFIED: Codec
CODEC_NONE: Codec
CODEC_ZSTD: Codec
CODEC_BYTEGROUP2_ZSTD: Codec
CODEC_BYTEGROUP4_ZSTD: Codec
EVENT_TYPE_UNSPECIFIED: EventType
EVENT_TYPE_MODEL_CREATED: EventType
EVENT_TYPE_MODEL_UPDATED: EventType
EVENT_TYPE_MODEL_DELETED: EventType
EVENT_TYPE_VERSION_CREATED: EventType
EVENT_TYPE_VERSION_UPDATED: EventType
EVENT_TYPE_VERSION_ARCHIVED: EventType
EVENT_TYPE_VERSION_RESTORED: EventType
EVENT_TYPE_ALIAS_SET: EventType
EVENT_TYPE_ALIAS_DELETED: EventType
EVENT_TYPE_LINEAGE_ADDED: EventType
EVENT_TYPE_PRINCIPAL_CREATED: EventType
EVENT_TYPE_PRINCIPAL_DELETED: EventType
EVENT_TYPE_TOKEN_CREATED: EventType
EVENT_TYPE_TOKEN_REVOKED: EventType
EVENT_TYPE_ROLE_GRANTED: EventType
EVENT_TYPE_ROLE_REVOKED: EventType
EVENT_TYPE_ALIAS_PROTECTED: EventType
EVENT_TYPE_ALIAS_UNPROTECTED: EventType
EVENT_TYPE_MONITOR_FIRING: EventType
EVENT_TYPE_MONITOR_RESOLVED: EventType
EVENT_TYPE_MONITOR_CREATED: EventType
EVENT_TYPE_MONITOR_DELETED: EventType
COMPRESS_HINT_UNSPECIFIED: CompressHint
COMPRESS_HINT_GUESS: CompressHint
COMPRESS_HINT_FLOAT16: CompressHint
COMPRESS_HINT_FLOAT32: CompressHint

class Model(_message.Message):
    __slots__ = ("name", "description", "tags", "create_time", "update_time", "etag", "latest_version", "aliases", "version_count")
    class TagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class AliasesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    LATEST_VERSION_FIELD_NUMBER: _ClassVar[int]
    ALIASES_FIELD_NUMBER: _ClassVar[int]
    VERSION_COUNT_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    tags: _containers.ScalarMap[str, str]
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    latest_version: int
    aliases: _containers.ScalarMap[str, int]
    version_count: int
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., tags: _Optional[_Mapping[str, str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., latest_version: _Optional[int] = ..., aliases: _Optional[_Mapping[str, int]] = ..., version_count: _Optional[int] = ...) -> None: ...

class Version(_message.Message):
    __slots__ = ("name", "model", "number", "digest", "state", "description", "tags", "metrics", "params", "files", "total_size", "file_count", "aliases", "inputs", "create_time", "update_time", "etag", "manifest_format")
    class TagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class MetricsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    class ParamsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    PARAMS_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    FILE_COUNT_FIELD_NUMBER: _ClassVar[int]
    ALIASES_FIELD_NUMBER: _ClassVar[int]
    INPUTS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    MANIFEST_FORMAT_FIELD_NUMBER: _ClassVar[int]
    name: str
    model: str
    number: int
    digest: str
    state: VersionState
    description: str
    tags: _containers.ScalarMap[str, str]
    metrics: _containers.ScalarMap[str, float]
    params: _containers.ScalarMap[str, str]
    files: _containers.RepeatedCompositeFieldContainer[FileEntry]
    total_size: int
    file_count: int
    aliases: _containers.RepeatedScalarFieldContainer[str]
    inputs: _containers.RepeatedCompositeFieldContainer[LineageInput]
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    manifest_format: ManifestFormat
    def __init__(self, name: _Optional[str] = ..., model: _Optional[str] = ..., number: _Optional[int] = ..., digest: _Optional[str] = ..., state: _Optional[_Union[VersionState, str]] = ..., description: _Optional[str] = ..., tags: _Optional[_Mapping[str, str]] = ..., metrics: _Optional[_Mapping[str, float]] = ..., params: _Optional[_Mapping[str, str]] = ..., files: _Optional[_Iterable[_Union[FileEntry, _Mapping]]] = ..., total_size: _Optional[int] = ..., file_count: _Optional[int] = ..., aliases: _Optional[_Iterable[str]] = ..., inputs: _Optional[_Iterable[_Union[LineageInput, _Mapping]]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., manifest_format: _Optional[_Union[ManifestFormat, str]] = ...) -> None: ...

class FileEntry(_message.Message):
    __slots__ = ("path", "size", "sha256", "mode", "chunks", "tree_digest")
    PATH_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    CHUNKS_FIELD_NUMBER: _ClassVar[int]
    TREE_DIGEST_FIELD_NUMBER: _ClassVar[int]
    path: str
    size: int
    sha256: str
    mode: int
    chunks: _containers.RepeatedCompositeFieldContainer[ChunkRef]
    tree_digest: str
    def __init__(self, path: _Optional[str] = ..., size: _Optional[int] = ..., sha256: _Optional[str] = ..., mode: _Optional[int] = ..., chunks: _Optional[_Iterable[_Union[ChunkRef, _Mapping]]] = ..., tree_digest: _Optional[str] = ...) -> None: ...

class ChunkRef(_message.Message):
    __slots__ = ("digest", "size")
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    digest: str
    size: int
    def __init__(self, digest: _Optional[str] = ..., size: _Optional[int] = ...) -> None: ...

class Chunk(_message.Message):
    __slots__ = ("digest", "raw_size", "codec", "data", "compress_hint")
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    RAW_SIZE_FIELD_NUMBER: _ClassVar[int]
    CODEC_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    COMPRESS_HINT_FIELD_NUMBER: _ClassVar[int]
    digest: str
    raw_size: int
    codec: Codec
    data: bytes
    compress_hint: CompressHint
    def __init__(self, digest: _Optional[str] = ..., raw_size: _Optional[int] = ..., codec: _Optional[_Union[Codec, str]] = ..., data: _Optional[bytes] = ..., compress_hint: _Optional[_Union[CompressHint, str]] = ...) -> None: ...

class Alias(_message.Message):
    __slots__ = ("name", "alias", "version", "previous_version", "update_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ALIAS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    alias: str
    version: int
    previous_version: int
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., alias: _Optional[str] = ..., version: _Optional[int] = ..., previous_version: _Optional[int] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ExternalArtifact(_message.Message):
    __slots__ = ("uri", "digest", "kind", "display_name")
    URI_FIELD_NUMBER: _ClassVar[int]
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    uri: str
    digest: str
    kind: str
    display_name: str
    def __init__(self, uri: _Optional[str] = ..., digest: _Optional[str] = ..., kind: _Optional[str] = ..., display_name: _Optional[str] = ...) -> None: ...

class LineageInput(_message.Message):
    __slots__ = ("version", "artifact", "relation")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ARTIFACT_FIELD_NUMBER: _ClassVar[int]
    RELATION_FIELD_NUMBER: _ClassVar[int]
    version: str
    artifact: ExternalArtifact
    relation: str
    def __init__(self, version: _Optional[str] = ..., artifact: _Optional[_Union[ExternalArtifact, _Mapping]] = ..., relation: _Optional[str] = ...) -> None: ...

class Event(_message.Message):
    __slots__ = ("sequence", "time", "actor", "type", "model", "version", "alias", "previous_version", "digest", "subject", "details")
    class DetailsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ALIAS_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_VERSION_FIELD_NUMBER: _ClassVar[int]
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    time: _timestamp_pb2.Timestamp
    actor: str
    type: EventType
    model: str
    version: int
    alias: str
    previous_version: int
    digest: str
    subject: str
    details: _containers.ScalarMap[str, str]
    def __init__(self, sequence: _Optional[int] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., type: _Optional[_Union[EventType, str]] = ..., model: _Optional[str] = ..., version: _Optional[int] = ..., alias: _Optional[str] = ..., previous_version: _Optional[int] = ..., digest: _Optional[str] = ..., subject: _Optional[str] = ..., details: _Optional[_Mapping[str, str]] = ...) -> None: ...
