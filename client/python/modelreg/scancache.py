"""A local cache of file scans (chunk lists), keyed by the file's identity and change
stamps, so re-pushing unchanged files costs a stat instead of reading and hashing them (git's
index does the same). Any cache failure just means scanning again.

Beside it, the chunk lists of stretches (the bytes between two of a file's chunk boundaries, e.g.
one safetensors tensor, or a whole file without them) keyed by their content: a seeded xxh3-128
of the stretch and its length (modelreg_native.scan_file_reusing). A file that changed, or a copy
of one, is read for those keys (about a tenth of the cost of cutting and hashing it) and only the
stretches the cache does not know are cut and hashed: a fine-tune that changed a tenth of the
tensors scans several times faster. The seed is this cache's own secret (random, stored here),
so nobody can craft a file whose stretch collides with one the cache has seen."""

import json
import os
import secrets
import sqlite3
import threading
import time
from pathlib import Path

RACY_SECONDS = 2.0  # a file changed this recently might change again within the same mtime tick
MAX_STRETCHES = 200_000  # beyond this many stretch entries, the least recently used go


def default_root() -> Path:
    """The client's cache directory, shared by this scan cache and the snapshot cache (cache.py):
    $MODELREG_CACHE, else $XDG_CACHE_HOME/modelreg, else ~/.cache/modelreg."""
    return Path(os.environ.get("MODELREG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "modelreg"))


def default_path() -> Path:
    return default_root() / "scans.sqlite"


class ScanCache:
    def __init__(self, path: Path | None = None, *, params: str):
        self.params = params
        self.conn = None
        self._lock = threading.Lock()  # scans run in threads; one connection must not be shared at once
        try:
            path = path or default_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(path, timeout=5, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")  # a cache: losing the last entries costs a rescan
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS scans (key TEXT PRIMARY KEY, sha256 TEXT NOT NULL, chunks TEXT NOT NULL)")
            with self.conn:
                self.conn.execute("CREATE TABLE IF NOT EXISTS stretches "
                                  "(key TEXT PRIMARY KEY, chunks TEXT NOT NULL, used REAL NOT NULL)")
                self.conn.execute("CREATE INDEX IF NOT EXISTS stretches_used ON stretches (used)")
                self.conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('stretch_seed', ?)", [str(secrets.randbits(64))])
            self.seed = int(self.conn.execute("SELECT value FROM meta WHERE key = 'stretch_seed'").fetchone()[0])
        except (OSError, sqlite3.Error, TypeError, ValueError):
            self.conn = None
        self._added = 0

    def _key(self, st: os.stat_result, source: Path) -> str:
        return json.dumps([str(Path(source).resolve()), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns,
                           st.st_ctime_ns, self.params])

    def get(self, source: Path) -> list | None:
        if self.conn is None:
            return None
        try:
            with self._lock:
                row = self.conn.execute("SELECT chunks FROM scans WHERE key = ?",
                                        [self._key(os.stat(source), source)]).fetchone()
        except (OSError, sqlite3.Error):
            return None
        return [tuple(c) for c in json.loads(row[0])] if row else None

    def put(self, source: Path, st: os.stat_result, chunks: list) -> None:
        if self.conn is None or time.time() - st.st_mtime < RACY_SECONDS:
            return
        try:
            with self._lock, self.conn:
                self.conn.execute("INSERT OR REPLACE INTO scans VALUES (?, ?, ?)",
                                  [self._key(st, source), "", json.dumps(chunks)])  # sha256: before format 2
        except sqlite3.Error:
            pass

    def _stretch_key(self, key: str, length: int) -> str:
        return f"{self.params}|{length}|{key}"

    def stretch(self, key: str, length: int) -> list | None:
        """The chunk list [(sha256, size)] of a stretch of this content, if one was cut before."""
        if self.conn is None:
            return None
        try:
            with self._lock:
                row = self.conn.execute("SELECT chunks FROM stretches WHERE key = ?",
                                        [self._stretch_key(key, length)]).fetchone()
        except sqlite3.Error:
            return None
        return [tuple(c) for c in json.loads(row[0])] if row else None

    def put_stretches(self, stretches: list, chunks: list) -> None:
        """Keeps the chunk lists of the stretches a scan cut (not those it reused)."""
        if self.conn is None:
            return
        rows, used, i, now = [], [], 0, time.time()
        for key, start, end, reused in stretches:
            while i < len(chunks) and chunks[i][2] < start:
                i += 1
            first = i
            while i < len(chunks) and chunks[i][2] < end:
                i += 1
            if reused:
                used.append((now, self._stretch_key(key, end - start)))
            else:
                rows.append((self._stretch_key(key, end - start),
                             json.dumps([(d, n) for d, n, _ in chunks[first:i]]), now))
        try:
            with self._lock, self.conn:
                self.conn.executemany("INSERT OR REPLACE INTO stretches VALUES (?, ?, ?)", rows)
                self.conn.executemany("UPDATE stretches SET used = ? WHERE key = ?", used)
            self._added += len(rows)
        except sqlite3.Error:
            pass

    def _prune(self) -> None:
        count = self.conn.execute("SELECT count(*) FROM stretches").fetchone()[0]
        if count > MAX_STRETCHES:
            with self.conn:
                self.conn.execute("DELETE FROM stretches WHERE key IN "
                                  "(SELECT key FROM stretches ORDER BY used LIMIT ?)", [count - MAX_STRETCHES])

    def close(self) -> None:
        if self.conn is not None:
            try:
                if self._added:
                    self._prune()
            except sqlite3.Error:
                pass
            self.conn.close()
