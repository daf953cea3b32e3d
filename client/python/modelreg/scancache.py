"""A local cache of file scans (chunk lists), keyed by the file's identity and change
stamps, so re-pushing unchanged files costs a stat instead of reading and hashing them (git's
index does the same). Any cache failure just means scanning again."""

import json
import os
import sqlite3
import threading
import time
from pathlib import Path

RACY_SECONDS = 2.0  # a file changed this recently might change again within the same mtime tick


def default_path() -> Path:
    base = os.environ.get("MODELREG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "modelreg")
    return Path(base) / "scans.sqlite"


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
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS scans (key TEXT PRIMARY KEY, sha256 TEXT NOT NULL, chunks TEXT NOT NULL)")
        except (OSError, sqlite3.Error):
            self.conn = None

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

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
