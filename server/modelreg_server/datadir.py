"""The data directory belongs to one process at a time.

A server keeps an exclusive flock(2) on `DATA/server.lock` for its whole life, with its pid in the
file. A second server on the same directory would empty blobs/tmp under the first one's uploads
and never wake the first one's watchers, so it refuses to start, naming the holder. The kernel
drops the lock when the holder exits, however it exits: a file left behind by a crash locks
nothing. `modelreg bootstrap` takes the same lock while it writes directly; when a server holds it,
bootstrap goes through the server's operator socket instead (operator.py).
"""

import fcntl
import os
import time
from pathlib import Path

LOCK_FILE = "server.lock"
SOCKET_FILE = "server.sock"
MAX_SOCKET_PATH = 107  # sun_path holds 108 bytes with the terminating NUL


class Locked(Exception):
    """Another process holds the data directory."""

    def __init__(self, data_dir: Path, pid: int | None):
        self.data_dir = data_dir
        self.pid = pid
        holder = f"pid {pid}" if pid else "pid unknown"
        super().__init__(f"{data_dir} is in use by another modelreg process ({holder})")


class Lock:
    """The held lock; released by release() or when the process ends."""

    def __init__(self, data_dir: Path, fd: int):
        self.data_dir = data_dir
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def lock(data_dir: Path) -> Lock:
    """Takes the data directory's lock without waiting, or raises Locked naming the holder's pid.
    OSError if the directory cannot be written (read-only filesystem, permissions)."""
    data_dir = Path(data_dir).resolve()
    fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    except BlockingIOError:
        os.close(fd)
        raise Locked(data_dir, holder(data_dir)) from None
    except BaseException:
        os.close(fd)
        raise
    return Lock(data_dir, fd)


def holder(data_dir: Path) -> int | None:
    """The pid written by the lock's holder (None if it cannot be read). The holder writes it just
    after locking, so an empty file is read again for a moment."""
    for _ in range(20):
        try:
            text = (Path(data_dir) / LOCK_FILE).read_text().strip()
        except OSError:
            return None
        if text.isdigit():
            return int(text)
        time.sleep(0.05)
    return None


def socket_path(data_dir: Path) -> Path | None:
    """Where the server's operator socket lives; None when the path is too long for a unix socket."""
    path = Path(data_dir).resolve() / SOCKET_FILE
    return path if len(os.fsencode(path)) <= MAX_SOCKET_PATH else None
