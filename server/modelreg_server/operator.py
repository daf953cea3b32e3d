"""The operator socket: while it runs, the server also listens on `DATA/server.sock` (mode 0600).

Whoever can open a file inside the data directory is the server's operator: that has always been
the proof `modelreg bootstrap` relies on. Since a running server holds the directory (datadir.py),
bootstrap cannot write it directly then; it asks the server over this socket instead, which runs
the same transaction (events by `@bootstrap`). The socket serves every service the network
address does, authenticated the same way; only the internal method below trusts the socket
itself, and refuses calls from anywhere else. It is not part of the public API: its messages are
a well-known type and the AccessService's CreateTokenResponse, and no other client needs it.
"""

from pathlib import Path

import grpc
from google.protobuf import wrappers_pb2

from modelreg.errors import from_rpc_error
from modelreg.v1 import access_service_pb2 as ac

from . import datadir
from .api import STATUS_CODES, abort, abort_internal, token_proto
from .errors import FailedPrecondition, PermissionDenied, RegistryError

SERVICE = "modelreg.local.v1.OperatorService"
BOOTSTRAP_ADMIN = f"/{SERVICE}/BootstrapAdmin"


def handler(governance) -> grpc.GenericRpcHandler:
    """BootstrapAdmin(StringValue principal name) -> CreateTokenResponse, for socket callers only."""
    async def bootstrap_admin(request: wrappers_pb2.StringValue, context: grpc.aio.ServicerContext):
        try:
            if not context.peer().startswith("unix:"):
                raise PermissionDenied("OPERATOR_SOCKET_ONLY", "BootstrapAdmin is served only on the data "
                                       "directory's socket: run `modelreg bootstrap --data DIR` on the server's machine")
            token, secret = await governance.bootstrap(request.value)
        except RegistryError as e:
            await abort(context, e)
        except grpc.aio.AbortError:
            raise
        except Exception as e:
            await abort_internal(context, BOOTSTRAP_ADMIN, e)
        return ac.CreateTokenResponse(token=token_proto(token), secret=secret)

    return grpc.method_handlers_generic_handler(SERVICE, {"BootstrapAdmin": grpc.unary_unary_rpc_method_handler(
        bootstrap_admin, request_deserializer=wrappers_pb2.StringValue.FromString,
        response_serializer=ac.CreateTokenResponse.SerializeToString)})


def bootstrap(data_dir: Path, name: str, *, pid: int | None) -> tuple[str, str]:
    """`modelreg bootstrap` through the server (pid) that holds data_dir: (token name, token)."""
    path = datadir.socket_path(data_dir)
    holder = f"{data_dir} is in use by another modelreg process (pid {pid or 'unknown'})"
    if path is None or not path.exists():
        raise FailedPrecondition("DATA_DIR_IN_USE", f"{holder}, which offers no operator socket ({datadir.SOCKET_FILE}):"
                                 " stop it, run `modelreg bootstrap` again, then start the server")
    with grpc.insecure_channel(f"unix:{path}") as channel:
        call = channel.unary_unary(BOOTSTRAP_ADMIN, request_serializer=wrappers_pb2.StringValue.SerializeToString,
                                   response_deserializer=ac.CreateTokenResponse.FromString)
        try:
            response = call(wrappers_pb2.StringValue(value=name), timeout=60)
        except grpc.RpcError as e:
            error = from_rpc_error(e)
            if error.reason:  # the server's refusal, raised as the error class of its status code
                cls = next((c for c, code in STATUS_CODES.items() if code == e.code()), RegistryError)
                raise cls(error.reason, error.message, **error.metadata) from None
            raise FailedPrecondition("DATA_DIR_IN_USE", f"{holder}, and its operator socket {path} does not answer: "
                                     f"{error.message}") from None
    return response.token.name, response.secret
