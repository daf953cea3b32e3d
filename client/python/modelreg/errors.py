"""The SDK's exceptions: one class per gRPC status the registry uses, carrying the server's
google.rpc.ErrorInfo reason (e.g. ALIAS_CONFLICT) and metadata."""

from collections.abc import Mapping

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status


class ModelregError(Exception):
    """Base of every error the SDK raises for a refused or failed call."""

    code: grpc.StatusCode | None = None
    retry_delay: float | None = None  # seconds, when the server said when to retry (google.rpc.RetryInfo)

    def __init__(self, message: str, *, reason: str = "", metadata: Mapping[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.metadata: dict[str, str] = dict(metadata or {})

    def __str__(self) -> str:
        return f"{self.message} [{self.reason}]" if self.reason else self.message


class InvalidArgument(ModelregError): code = grpc.StatusCode.INVALID_ARGUMENT
class NotFound(ModelregError): code = grpc.StatusCode.NOT_FOUND
class AlreadyExists(ModelregError): code = grpc.StatusCode.ALREADY_EXISTS
class Conflict(ModelregError): code = grpc.StatusCode.ABORTED
class FailedPrecondition(ModelregError): code = grpc.StatusCode.FAILED_PRECONDITION
class OutOfRange(ModelregError): code = grpc.StatusCode.OUT_OF_RANGE
class ResourceExhausted(ModelregError): code = grpc.StatusCode.RESOURCE_EXHAUSTED
class PermissionDenied(ModelregError): code = grpc.StatusCode.PERMISSION_DENIED
class Unauthenticated(ModelregError): code = grpc.StatusCode.UNAUTHENTICATED
class Unavailable(ModelregError): code = grpc.StatusCode.UNAVAILABLE
class DeadlineExceeded(ModelregError): code = grpc.StatusCode.DEADLINE_EXCEEDED
class DataLoss(ModelregError): code = grpc.StatusCode.DATA_LOSS
class Internal(ModelregError): code = grpc.StatusCode.INTERNAL
class IntegrityError(ModelregError): """Downloaded bytes do not match their digest."""


class ArgumentTypeError(InvalidArgument, TypeError):
    """An SDK argument of the wrong type (aliases="staging", metrics={"f1": "high"}), refused on this
    machine before any call: an InvalidArgument like the server's refusals, and a TypeError as
    Python's own are. Its reason is the server's for that field (INVALID_ALIAS, INVALID_METRIC,
    INVALID_TAG, INVALID_PARAM); metadata["argument"] names the argument (and "key" the entry)."""


BY_CODE: dict[grpc.StatusCode | None, type[ModelregError]] = {
    cls.code: cls for cls in ModelregError.__subclasses__() if cls.code is not None}


def from_rpc_error(error: grpc.RpcError) -> ModelregError:
    """Maps a gRPC error to the SDK exception for its status code, with the ErrorInfo if sent."""
    code = error.code() if hasattr(error, "code") else None
    message = error.details() if hasattr(error, "details") else str(error)
    reason, retry_delay = "", None
    metadata: dict[str, str] = {}
    try:
        status = rpc_status.from_call(error)
    except (ValueError, AttributeError):
        status = None
    for detail in status.details if status else ():
        info, retry = error_details_pb2.ErrorInfo(), error_details_pb2.RetryInfo()
        if detail.Unpack(info):
            reason, metadata = info.reason, dict(info.metadata)
        elif detail.Unpack(retry):
            retry_delay = retry.retry_delay.ToTimedelta().total_seconds()
    cls = BY_CODE.get(code, ModelregError)
    exc = cls(message or str(code), reason=reason, metadata=metadata)
    exc.code, exc.retry_delay = code, retry_delay
    return exc
