"""What the interceptor (telemetry.py) learns about the gRPC call in progress from the layers it
wraps: who the caller turned out to be, and why a call was refused.

The interceptor opens a Call at the start of every call, in the call's own task; the servicers'
`rpc` decorator (api.py) fills it in once the caller is authenticated and when it aborts. A
contextvar, so no signature changes; a mutable object, so a copied context still shares it.
Outside a call (tools, tests, the dashboard) there is none and noting is a no-op.
"""

import contextvars


class Call:
    __slots__ = ("principal", "token_id", "reason", "bytes_in", "bytes_out")

    def __init__(self):
        self.principal = ""  # "" while unknown, refused before authentication, or auth is off
        self.token_id = ""
        self.reason = ""  # the ErrorInfo reason of a refused call (MODEL_NOT_FOUND, TOKEN_MISSING, ...)
        self.bytes_in = self.bytes_out = 0  # serialized messages, counted by the interceptor itself


_current: contextvars.ContextVar[Call | None] = contextvars.ContextVar("modelreg_call", default=None)


def begin() -> Call:
    call = Call()
    _current.set(call)
    return call


def identified(caller) -> None:
    """The call's principal (an access.Caller), once authentication has resolved it."""
    call = _current.get()
    if call is not None:
        call.principal, call.token_id = caller.name, caller.token_id


def refused(reason: str) -> None:
    call = _current.get()
    if call is not None:
        call.reason = reason
