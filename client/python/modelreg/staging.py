"""Where a pull keeps what it has verified until the version is complete, so that a pull killed
half-way resumes when run again (as the Hugging Face cache keeps `.incomplete` files):

    DEST_PARENT/.DESTNAME.modelreg-<first 16 hex digits of the version digest>.incomplete/
        files/          the version's files, as far as they are written (renamed to DEST at the end)
        progress.json   {"digest": ..., "offset": N}: bytes below N were on disk (fsync'd) when the
                        record was written (atomically: tmp, fsync, rename, fsync the directory)
        lock            flock'ed by the pull using this staging, so nothing else touches it

Keyed by the version digest, a staging is only ever resumed by a pull of the same content.
Cleanup, done by each pull as it starts (stagings in use by a running pull are never touched):
- a staging for the same destination but another version is removed: a destination holds one
  version, so pulling another one there abandons the earlier partial pull;
- any pull staging in the same parent directory untouched for STALE_AFTER (a day) is removed.
A pull that completes removes its own staging.
"""

import errno
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; concurrent pulls into one destination are on the caller
    fcntl = None

STALE_AFTER = 24 * 3600
SUFFIX = ".incomplete"
_STAGING = re.compile(r"\..+\.modelreg-[0-9a-f]{16}\.incomplete")


def staging_name(dest: Path, digest: str) -> str:
    return f".{dest.name}.modelreg-{digest.removeprefix('sha256:')[:16]}{SUFFIX}"


class Staging:
    """The staging directory of one pull, locked for as long as the pull holds it."""

    def __init__(self, dest: Path, digest: str):
        self.dest = Path(dest)
        self.digest = digest
        self.root = self.dest.parent / staging_name(self.dest, digest)
        self.files = self.root / "files"
        self.record = self.root / "progress.json"
        _sweep(self.dest, keep=self.root.name)
        self._lock = _lock(self.root)
        if self._lock is None:
            raise BlockingIOError(errno.EAGAIN, f"another pull into {self.dest} is in progress (it holds {self.root})")
        self.files.mkdir(exist_ok=True)

    def verified_offset(self, total: int) -> int:
        """The offset the progress record vouches for (0 without a usable record)."""
        try:
            progress = json.loads(self.record.read_text())
            offset = int(progress["offset"])
        except (OSError, ValueError, KeyError, TypeError):
            return 0
        return offset if progress.get("digest") == self.digest and 0 <= offset <= total else 0

    def save(self, offset: int) -> None:
        """Records that the bytes below offset are on disk; the caller has fsync'd them."""
        data = json.dumps({"digest": self.digest, "offset": offset}).encode()
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".progress-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.record)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        fsync_dir(self.root)

    def release(self) -> None:
        """Keeps the staging for a later pull and lets it be taken."""
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        self.release()


def _lock(root: Path) -> int | None:
    """Creates root if needed and locks it; None if another pull holds it. Retries if the
    directory was removed (by another pull's cleanup) between creating and locking it."""
    for _ in range(5):
        root.mkdir(exist_ok=True)
        path = root / "lock"
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except FileNotFoundError:
            continue
        if fcntl is None:
            return fd
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        try:
            if os.path.samestat(os.fstat(fd), os.stat(path)):
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)
    raise OSError(errno.EAGAIN, f"could not lock {root}")


def _sweep(dest: Path, *, keep: str) -> None:
    """Removes the stagings the module docstring calls stale, except `keep` and those in use."""
    mine = re.compile(re.escape(f".{dest.name}.modelreg-") + r"[0-9a-f]{16}" + re.escape(SUFFIX))
    try:
        entries = list(os.scandir(dest.parent))
    except FileNotFoundError:
        return
    now = time.time()
    for entry in entries:
        if entry.name == keep or not _STAGING.fullmatch(entry.name) or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
        except FileNotFoundError:
            continue
        if not (mine.fullmatch(entry.name) or old):
            continue
        fd = _lock_existing(Path(entry.path))
        if fd is not None:
            shutil.rmtree(entry.path, ignore_errors=True)
            os.close(fd)


def _lock_existing(root: Path) -> int | None:
    """A lock on an existing staging if nobody holds it, else None."""
    try:
        fd = os.open(root / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
    return fd


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
