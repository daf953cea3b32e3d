"""The version digest, computed the same way by the server (on commit) and clients (to verify)."""

import hashlib
from typing import Iterable


def manifest_digest(files: Iterable) -> str:
    """`sha256:` + sha256 over `<mode as 6 octal digits> <size> <sha256> <path>\\n` per file, sorted
    by path bytes. Files need .path, .size, .sha256 and .mode; chunking does not enter into it."""
    h = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.path.encode()):
        h.update(f"{f.mode:06o} {f.size} {f.sha256} {f.path}\n".encode())
    return "sha256:" + h.hexdigest()
