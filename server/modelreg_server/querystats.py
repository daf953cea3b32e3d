"""How many statements a unit of work (one dashboard request) ran against the metadata database,
and how long they took: counted where the backends run SQL, reported by the caller that opened
the tally (the web's Server-Timing header). Neutral on purpose: storage imports this, never the
web or gRPC layers.

The tally lives in a contextvar. The backends run SQL on their own threads, so their `read` and
`transact` carry the caller's context there (`carried`): the thread then adds to the same tally.
No tally open (gRPC calls, tools, tests): counting costs one contextvar lookup per statement.

Listeners (`listen`) see every statement's duration whether or not a tally is open: the
server's Prometheus histogram of database latency (telemetry.py) is one.
"""

import contextvars
import functools
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Tally:
    queries: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


_current: contextvars.ContextVar[Tally | None] = contextvars.ContextVar("modelreg_query_tally", default=None)
_listeners: list = []  # callables taking a statement's seconds, called on the backend's thread


def listen(fn) -> None:
    """Calls fn(seconds) after every statement of this process (from the thread that ran it)."""
    _listeners.append(fn)


def unlisten(fn) -> None:
    if fn in _listeners:
        _listeners.remove(fn)


@contextmanager
def tallied():
    """Opens a tally for the block (and the backend threads it hands work to); yields it."""
    tally = Tally()
    token = _current.set(tally)
    try:
        yield tally
    finally:
        _current.reset(token)


@contextmanager
def statement():
    """Around one SQL statement in a backend: counts it and its time in the open tally, if any."""
    tally = _current.get()
    if tally is None and not _listeners:
        yield
        return
    began = time.perf_counter()
    try:
        yield
    finally:
        spent = time.perf_counter() - began
        for fn in _listeners:
            fn(spent)
        if tally is not None:
            with tally.lock:
                tally.queries += 1
                tally.seconds += spent


def carried(fn):
    """fn wrapped to run in the calling thread's context, for run_in_executor (which does not
    carry contextvars to the worker thread as asyncio.to_thread does)."""
    return functools.partial(contextvars.copy_context().run, fn)
