"""modelreg: the Python SDK of the modelreg model registry.

    from modelreg import Registry
    reg = Registry("127.0.0.1:50051")
    version = reg.push("sentiment", "./out", aliases=["staging"], metrics={"f1": 0.91})
    reg.pull("sentiment:staging", "./deployed")
    for event in reg.watch(models=["sentiment"], types=["ALIAS_SET"]):
        print(event.alias, event.version)
"""

import os

# gRPC's C core writes every failed connection attempt (a TLS handshake, say) to stderr at INFO; the
# SDK explains connection problems itself (connect.py). GRPC_VERBOSITY=INFO brings those lines back.
os.environ.setdefault("GRPC_VERBOSITY", "ERROR")

from ._version import __version__
from .errors import (AlreadyExists, ArgumentTypeError, Conflict, DataLoss, DeadlineExceeded, FailedPrecondition, IntegrityError,
                     Internal, InvalidArgument, ModelregError, NotFound, OutOfRange, PermissionDenied,
                     ResourceExhausted, Unauthenticated, Unavailable)
from .registry import Input, Registry, Watch, run_of
from .typedefs import SequenceNotStr

__all__ = [
    "__version__", "Registry", "Watch", "Input", "ModelregError", "InvalidArgument", "NotFound", "AlreadyExists",
    "Conflict",
    "FailedPrecondition", "OutOfRange", "ResourceExhausted", "PermissionDenied", "Unauthenticated",
    "Unavailable", "DeadlineExceeded", "DataLoss", "Internal", "IntegrityError", "ArgumentTypeError",
    "SequenceNotStr", "run_of",
]
