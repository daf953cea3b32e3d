"""Domain errors: what the registry refuses and why. The api layer maps each class to a gRPC code;
`reason` becomes the google.rpc.ErrorInfo reason (UPPER_SNAKE_CASE, domain `modelreg`)."""


class RegistryError(Exception):
    def __init__(self, reason: str, message: str, **metadata: str):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.metadata = {k: str(v) for k, v in metadata.items()}


class InvalidArgument(RegistryError): pass
class NotFound(RegistryError): pass
class AlreadyExists(RegistryError): pass
class Conflict(RegistryError): pass
class FailedPrecondition(RegistryError): pass
class OutOfRange(RegistryError): pass
class TooLarge(RegistryError): pass
class ResourceExhausted(RegistryError):
    """A quota or rate: `retry_delay` (seconds), when set, becomes a google.rpc.RetryInfo."""
    def __init__(self, reason: str, message: str, *, retry_delay: float | None = None, **metadata: str):
        super().__init__(reason, message, **metadata)
        self.retry_delay = retry_delay
class DataLoss(RegistryError): pass
class DeadlineExceeded(RegistryError): pass
class Unauthenticated(RegistryError): pass
class PermissionDenied(RegistryError): pass
class StorageFull(RegistryError): """The data directory's disk (or the database) has no room left."""
class Unavailable(RegistryError): """Try again shortly, e.g. the database stayed locked by another process."""
class Internal(RegistryError): """Never raised by rules: how the api layer reports an unexpected exception."""
