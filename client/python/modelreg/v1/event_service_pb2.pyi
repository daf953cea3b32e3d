import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from modelreg.v1 import resources_pb2 as _resources_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class WatchRequest(_message.Message):
    __slots__ = ("after_sequence", "models", "event_types", "aliases", "progress_interval", "filter")
    AFTER_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    MODELS_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    ALIASES_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_INTERVAL_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    after_sequence: int
    models: _containers.RepeatedScalarFieldContainer[str]
    event_types: _containers.RepeatedScalarFieldContainer[_resources_pb2.EventType]
    aliases: _containers.RepeatedScalarFieldContainer[str]
    progress_interval: _duration_pb2.Duration
    filter: str
    def __init__(self, after_sequence: _Optional[int] = ..., models: _Optional[_Iterable[str]] = ..., event_types: _Optional[_Iterable[_Union[_resources_pb2.EventType, str]]] = ..., aliases: _Optional[_Iterable[str]] = ..., progress_interval: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., filter: _Optional[str] = ...) -> None: ...

class WatchProgress(_message.Message):
    __slots__ = ("head_sequence",)
    HEAD_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    head_sequence: int
    def __init__(self, head_sequence: _Optional[int] = ...) -> None: ...

class WatchResponse(_message.Message):
    __slots__ = ("event", "progress")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    event: _resources_pb2.Event
    progress: WatchProgress
    def __init__(self, event: _Optional[_Union[_resources_pb2.Event, _Mapping]] = ..., progress: _Optional[_Union[WatchProgress, _Mapping]] = ...) -> None: ...

class GetEventHeadRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetEventHeadResponse(_message.Message):
    __slots__ = ("head_sequence", "oldest_sequence")
    HEAD_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    OLDEST_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    head_sequence: int
    oldest_sequence: int
    def __init__(self, head_sequence: _Optional[int] = ..., oldest_sequence: _Optional[int] = ...) -> None: ...
