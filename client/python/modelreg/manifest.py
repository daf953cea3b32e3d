"""The version digest and a file's tree digest, computed the same way by the server (on commit)
and clients (to verify before they write anything)."""

import hashlib
from typing import Iterable

FILE_SHA256 = 1  # r.MANIFEST_FORMAT_FILE_SHA256: files named by the sha256 of their bytes
CHUNK_TREE = 2  # r.MANIFEST_FORMAT_CHUNK_TREE: files named by their tree digest
FORMAT_2_HEADER = b"modelreg manifest 2\n"


def tree_digest(chunks: Iterable) -> str:
    """Lowercase hex sha256 over one `<chunk digest>:<size>\\n` line per chunk, in order. Chunks are
    (digest, size) pairs or have .digest and .size. Names a file without reading it: each chunk
    is checked against its digest when it is uploaded and when it is downloaded."""
    h = hashlib.sha256()
    for c in chunks:
        digest, size = c if isinstance(c, tuple) else (c.digest, c.size)
        h.update(f"{digest}:{size}\n".encode())
    return h.hexdigest()


def manifest_digest(files: Iterable, manifest_format: int = FILE_SHA256) -> str:
    """`sha256:` + sha256 over one line per file, sorted by path bytes: `<mode as 6 octal digits>
    <size> <sha256> <path>\\n` (FILE_SHA256, independent of chunking), or after the line
    `modelreg manifest 2\\n`, `<mode> <size> <tree digest> <path>\\n` (CHUNK_TREE). Files need
    .path, .size, .mode and .sha256 or .tree_digest."""
    h = hashlib.sha256()
    if manifest_format == CHUNK_TREE:
        h.update(FORMAT_2_HEADER)
    elif manifest_format != FILE_SHA256:
        raise ValueError(f"unknown manifest format {manifest_format}")
    for f in sorted(files, key=lambda f: f.path.encode()):
        name = f.tree_digest if manifest_format == CHUNK_TREE else f.sha256
        h.update(f"{f.mode:06o} {f.size} {name} {f.path}\n".encode())
    return "sha256:" + h.hexdigest()
