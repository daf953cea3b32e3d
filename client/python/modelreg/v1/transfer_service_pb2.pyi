from modelreg.v1 import resources_pb2 as _resources_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class FindMissingChunksRequest(_message.Message):
    __slots__ = ("digests",)
    DIGESTS_FIELD_NUMBER: _ClassVar[int]
    digests: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, digests: _Optional[_Iterable[str]] = ...) -> None: ...

class FindMissingChunksResponse(_message.Message):
    __slots__ = ("missing_digests",)
    MISSING_DIGESTS_FIELD_NUMBER: _ClassVar[int]
    missing_digests: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, missing_digests: _Optional[_Iterable[str]] = ...) -> None: ...

class UploadChunksRequest(_message.Message):
    __slots__ = ("chunk", "chunks")
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    CHUNKS_FIELD_NUMBER: _ClassVar[int]
    chunk: _resources_pb2.Chunk
    chunks: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Chunk]
    def __init__(self, chunk: _Optional[_Union[_resources_pb2.Chunk, _Mapping]] = ..., chunks: _Optional[_Iterable[_Union[_resources_pb2.Chunk, _Mapping]]] = ...) -> None: ...

class UploadChunksResponse(_message.Message):
    __slots__ = ("stored_chunks", "existing_chunks", "received_bytes")
    STORED_CHUNKS_FIELD_NUMBER: _ClassVar[int]
    EXISTING_CHUNKS_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_BYTES_FIELD_NUMBER: _ClassVar[int]
    stored_chunks: int
    existing_chunks: int
    received_bytes: int
    def __init__(self, stored_chunks: _Optional[int] = ..., existing_chunks: _Optional[int] = ..., received_bytes: _Optional[int] = ...) -> None: ...

class DownloadVersionRequest(_message.Message):
    __slots__ = ("name", "offset", "max_message_bytes", "end_offset")
    NAME_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    MAX_MESSAGE_BYTES_FIELD_NUMBER: _ClassVar[int]
    END_OFFSET_FIELD_NUMBER: _ClassVar[int]
    name: str
    offset: int
    max_message_bytes: int
    end_offset: int
    def __init__(self, name: _Optional[str] = ..., offset: _Optional[int] = ..., max_message_bytes: _Optional[int] = ..., end_offset: _Optional[int] = ...) -> None: ...

class ChunkAtOffset(_message.Message):
    __slots__ = ("offset", "chunk")
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    offset: int
    chunk: _resources_pb2.Chunk
    def __init__(self, offset: _Optional[int] = ..., chunk: _Optional[_Union[_resources_pb2.Chunk, _Mapping]] = ...) -> None: ...

class DownloadVersionResponse(_message.Message):
    __slots__ = ("offset", "chunk", "items")
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    offset: int
    chunk: _resources_pb2.Chunk
    items: _containers.RepeatedCompositeFieldContainer[ChunkAtOffset]
    def __init__(self, offset: _Optional[int] = ..., chunk: _Optional[_Union[_resources_pb2.Chunk, _Mapping]] = ..., items: _Optional[_Iterable[_Union[ChunkAtOffset, _Mapping]]] = ...) -> None: ...
