"""The SDK's one retry policy (docs/clients.md, section 4), used by every call it makes.

- What is retried: a unary call failed with UNAVAILABLE, whatever its reason (a server restarting,
  a replica down, DATABASE_BUSY, DATABASE_CONFLICT) -- except a call in registry.ONCE_ONLY, which
  is sent again only when the server refused it with a reason, never when the transport cut it
  (it may have run). A stream (upload, download, watch) cut with UNAVAILABLE, INTERNAL, UNKNOWN or
  CANCELLED (a stream the server reset) is resumed. Nothing else, and never a call the caller
  cancelled or one past its deadline.
- How long to wait before retry n (failures in a row so far, from 0): the server's
  google.rpc.RetryInfo delay if it sent one, else min(5 s, 0.1 s x 2^n) x uniform(0.5, 1).
- How often: a unary call gets ATTEMPTS attempts; an upload or download is resumed until
  ATTEMPTS failures in a row without progress (progress resets the count); a watch resumes for as
  long as it is open (an event or progress notification resets its count).
"""

import random
import time
from collections.abc import Callable
from typing import TypeVar

import grpc

ATTEMPTS = 8  # a unary call's attempts; a stream's failures in a row without progress
UNARY_RETRIED = frozenset({grpc.StatusCode.UNAVAILABLE})
# A stream cut by the transport: UNAVAILABLE, or INTERNAL/UNKNOWN from a reset stream. CANCELLED
# too, which is what gRPC reports for a stream the server reset with RST_STREAM CANCEL (a server
# shutting down); a stream the caller cancelled itself is never resumed (its loop checks first).
STREAM_RESUMED = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN,
                            grpc.StatusCode.CANCELLED})

T = TypeVar("T")


def backoff(failures: int) -> float:
    """The wait before retry `failures` (failures in a row so far, from 0): exponential from
    0.1 s, capped at 5 s, with jitter."""
    return min(5.0, 0.1 * 2 ** failures) * random.uniform(0.5, 1.0)


def delay(failures: int, error: object = None) -> float:
    """The wait before retry `failures`: the RetryInfo delay error carries (ModelregError.retry_delay),
    else backoff(failures)."""
    named = getattr(error, "retry_delay", None)
    return named if named is not None and named >= 0 else backoff(failures)


def retried(error: object, *, once_only: bool = False) -> bool:
    """Whether a unary call that failed with error (a ModelregError) is sent again. once_only: a
    call that cannot be repeated once it may have run (registry.ONCE_ONLY) is sent again only when
    the server refused it (an UNAVAILABLE it answered with a reason, such as DATABASE_BUSY), not
    when its connection was cut mid-call."""
    if getattr(error, "code", None) not in UNARY_RETRIED:
        return False
    return not once_only or bool(getattr(error, "reason", ""))


def resumed(error: object) -> bool:
    """Whether a stream cut with error (a ModelregError) is resumed."""
    return getattr(error, "code", None) in STREAM_RESUMED


def wait(failures: int, error: object = None, *, sleep: Callable[[float], object] = time.sleep) -> None:
    """Sleeps delay(failures, error); sleep: e.g. an Event's wait, to be cut short."""
    sleep(delay(failures, error))


def unary(attempt: Callable[[], T], *, attempts: int = ATTEMPTS, convert: Callable[[Exception], Exception],
          once_only: bool = False) -> T:
    """attempt() up to `attempts` times while it fails retried(); convert maps a raised exception
    (grpc.RpcError) to the SDK's error, which is raised once the policy gives up."""
    for failures in range(attempts):
        try:
            return attempt()
        except grpc.RpcError as e:
            error = convert(e)
        if not retried(error, once_only=once_only) or failures == attempts - 1:
            raise error
        wait(failures, error)
    raise AssertionError("unreachable: the last attempt returns or raises")


class Failures:
    """Failures in a row without progress, for a stream resumed by the policy."""

    def __init__(self, limit: int = ATTEMPTS):
        self.limit, self.count = limit, 0

    def progress(self) -> None:
        self.count = 0

    def failed(self, error: object = None) -> bool:
        """Records a failure; True if the stream is to be resumed (after wait()), False if the policy gives up."""
        self.count += 1
        return (error is None or resumed(error)) and self.count < self.limit

    def wait(self, error: object = None, *, sleep: Callable[[float], object] = time.sleep) -> None:
        wait(self.count - 1, error, sleep=sleep)
