"""An fsspec filesystem for versions, `modelreg://MODEL:ALIAS/path`, so that pandas, pyarrow,
datasets, dask and anything else that opens fsspec URLs read a version's files directly:

    pandas.read_csv("modelreg://churn-data:production/train.csv")
    pandas.read_parquet("modelreg://churn-data:v3/train.parquet", storage_options={"server": "reg:50051"})
    fs = fsspec.filesystem("modelreg")
    pyarrow.dataset.dataset("churn-data:production/parts", filesystem=fs, format="parquet")

The first path segment is a reference (`m:alias`, `m:v3`, `m:latest`, `m@sha256:<digest>`), the
rest a path in that version. fsspec finds the protocol through the `fsspec.specs` entry point
this package declares, so nothing needs importing first. The server and token come from
storage_options (server=, token=, tls=, tls_ca=, timeout=, or registry= an existing Registry)
or $MODELREG_SERVER and $MODELREG_TOKEN.

Reads fetch only the chunks that hold the bytes asked for (DownloadVersion from an offset, the
stream cancelled past the end): a reader that seeks to a Parquet footer downloads the footer,
not the file. Every chunk is checked against its sha256 and its place in the manifest, and the
manifest against the version digest, as a pull checks them. Versions are immutable, so the
filesystem is read-only. An alias is resolved again after `alias_ttl` seconds (5); a file once
open reads the version it was opened on to the end, whatever the alias does meanwhile."""

import bisect
import hashlib
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import grpc
from fsspec.spec import AbstractBufferedFile, AbstractFileSystem
from fsspec.utils import stringify_path

from .. import transfer
from ..errors import IntegrityError, NotFound, from_rpc_error
from .. import retry
from ..registry import Registry
from ..v1 import resources_pb2 as r, transfer_service_pb2 as ts



@dataclass
class _Version:
    """A resolved version and its manifest laid out: where each file starts in the version's
    concatenated content (the order DownloadVersion streams) and which directories exist."""
    version: r.Version
    resolved_at: float
    files: dict[str, tuple[int, r.FileEntry]] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, version: r.Version) -> "_Version":
        transfer.check_manifest(version)
        laid = cls(version, time.monotonic())
        position = 0
        for entry in version.files:
            laid.files[entry.path] = (position, entry)
            position += entry.size
            parts = entry.path.split("/")
            laid.dirs.update("/".join(parts[:i]) for i in range(len(parts)))
        return laid


class ModelregFileSystem(AbstractFileSystem):
    """Read-only files of registry versions under `modelreg://REFERENCE/PATH`."""

    protocol = "modelreg"
    root_marker = ""

    def __init__(self, *, registry: Registry | None = None, server: str | None = None, token: str | None = None,
                 tls: bool = False, tls_ca: str | None = None, timeout: float = 60.0, alias_ttl: float = 5.0,
                 **storage_options: Any):
        super().__init__(**storage_options)
        self.registry = registry or Registry(server, token=token or os.environ.get("MODELREG_TOKEN") or None,
                                             tls=tls, tls_ca=tls_ca, timeout=timeout)
        self.alias_ttl = alias_ttl
        self._versions: dict[str, _Version] = {}
        self._lock = threading.Lock()

    @classmethod
    def _strip_protocol(cls, path):
        if isinstance(path, list):
            return [cls._strip_protocol(p) for p in path]
        path = stringify_path(path)
        for prefix in ("modelreg://", "modelreg::"):
            path = path.removeprefix(prefix)
        return path.strip("/")

    # Resolving

    def _split(self, path: str) -> tuple[str, str]:
        reference, _, inner = self._strip_protocol(path).partition("/")
        if not reference:
            raise FileNotFoundError("a modelreg:// path starts with a version reference, e.g. "
                                    "modelreg://MODEL:production/file.csv")
        return reference, inner

    def _version(self, reference: str) -> _Version:
        with self._lock:
            cached = self._versions.get(reference)
        if cached is not None and time.monotonic() - cached.resolved_at < self.alias_ttl:
            return cached
        try:
            version = self.registry.get_version(reference, files=True)
        except NotFound as e:
            raise FileNotFoundError(f"{reference}: {e}") from None
        laid = _Version.of(version)
        with self._lock:
            self._versions[reference] = laid
        return laid

    def _info(self, reference: str, laid: _Version, inner: str) -> dict[str, Any]:
        name = f"{reference}/{inner}" if inner else reference
        if inner in laid.files:
            start, entry = laid.files[inner]
            created = laid.version.create_time.ToDatetime().timestamp()
            return {"name": name, "size": entry.size, "type": "file", "mode": entry.mode, "sha256": entry.sha256,
                    "digest": entry.tree_digest or entry.sha256, "ETag": entry.tree_digest or entry.sha256,
                    "created": created, "mtime": created, "version": laid.version.name,
                    "version_digest": laid.version.digest}
        if inner in laid.dirs:
            return {"name": name, "size": 0, "type": "directory", "version": laid.version.name}
        raise FileNotFoundError(f"{laid.version.name} ({reference}) has no file or directory {inner!r}")

    # The filesystem's verbs

    def info(self, path, **kwargs):
        reference, inner = self._split(path)
        return self._info(reference, self._version(reference), inner)

    def ls(self, path, detail=True, **kwargs):
        reference, inner = self._split(path)
        laid = self._version(reference)
        if inner in laid.files:
            entries = [self._info(reference, laid, inner)]
        elif inner in laid.dirs:
            prefix = f"{inner}/" if inner else ""
            children = {p[len(prefix):].split("/", 1)[0] for p in laid.files if p.startswith(prefix)}
            entries = [self._info(reference, laid, prefix + child) for child in sorted(children)]
        else:
            raise FileNotFoundError(f"{laid.version.name} ({reference}) has no file or directory {inner!r}")
        return entries if detail else [e["name"] for e in entries]

    def ukey(self, path):
        """The file's content digest: caching layers (filecache::) keep one copy per content."""
        return self.info(path)["digest"]

    def cat_file(self, path, start=None, end=None, **kwargs):
        reference, inner = self._split(path)
        laid = self._version(reference)
        if inner not in laid.files:
            self._info(reference, laid, inner)  # FileNotFoundError, or a directory:
            raise IsADirectoryError(path)
        size = laid.files[inner][1].size
        start = 0 if start is None else (max(0, size + start) if start < 0 else start)
        end = size if end is None else (max(0, size + end) if end < 0 else min(end, size))
        return self._read(laid, inner, start, end)

    def _open(self, path, mode="rb", block_size=None, autocommit=True, cache_options=None, **kwargs):
        if mode != "rb":
            raise PermissionError(f"modelreg:// is read-only (a version's files never change; push a new version): "
                                  f"cannot open {path} with mode {mode!r}")
        reference, inner = self._split(path)
        laid = self._version(reference)
        details = self._info(reference, laid, inner)
        if details["type"] != "file":
            raise IsADirectoryError(path)
        return VersionFile(self, path, laid, inner, block_size=block_size, cache_options=cache_options,
                           size=details["size"], details=details, **kwargs)

    def _read(self, laid: _Version, inner: str, start: int, end: int) -> bytes:
        """Bytes [start, end) of a file, from the chunks that hold them, each verified."""
        if start >= end:
            return b""
        file_start, entry = laid.files[inner]
        offsets = []
        position = file_start
        for chunk in entry.chunks:
            offsets.append(position)
            position += chunk.size
        first = bisect.bisect_right(offsets, file_start + start) - 1
        position, index, parts = offsets[first], first, []
        stop = file_start + end
        failures = 0
        while position < stop:
            request = ts.DownloadVersionRequest(name=laid.version.name, offset=position,
                                                max_message_bytes=transfer.DOWNLOAD_MESSAGE_BYTES)
            stream = self.registry.transfer.DownloadVersion(request)  # no deadline: a whole big file takes long
            try:
                for message in stream:
                    for item in message.items or [message]:
                        expected = entry.chunks[index]
                        if item.offset != position or item.chunk.digest != expected.digest:
                            raise IntegrityError(f"{entry.path}: the server sent chunk {item.chunk.digest} at offset "
                                                 f"{item.offset}, the manifest has {expected.digest} at {position}")
                        raw = transfer.decode(item)
                        parts.append(raw)
                        position += len(raw)
                        index += 1
                        failures = 0
                        if position >= stop:
                            break
                    if position >= stop:
                        break
                else:
                    # Ended cleanly but early (e.g. the server shut down): resume like a cut.
                    failures += 1
                    if failures >= retry.ATTEMPTS:
                        raise IntegrityError(f"{entry.path}: the stream ended at byte {position}, before {stop}")
            except grpc.RpcError as e:
                error = from_rpc_error(e)
                failures += 1
                if error.code not in retry.STREAM_RESUMED or failures >= retry.ATTEMPTS:
                    raise error from None
                time.sleep(retry.delay(failures - 1, error))
            finally:
                stream.cancel()
        data = b"".join(parts)
        if start == 0 and end == entry.size and laid.version.manifest_format != r.MANIFEST_FORMAT_CHUNK_TREE \
                and entry.sha256 and hashlib.sha256(data).hexdigest() != entry.sha256:
            # A format 1 manifest names files by their sha256 only: a whole file is checked by it too.
            raise IntegrityError(f"{entry.path}: downloaded content does not hash to {entry.sha256}")
        skip = file_start + start - offsets[first]
        return data[skip:skip + end - start]


class VersionFile(AbstractBufferedFile):
    """A file of one version, open for reading; ranges are fetched as the reader asks for them."""

    def __init__(self, fs: ModelregFileSystem, path: str, laid: _Version, inner: str, **kwargs: Any):
        self._laid, self._inner = laid, inner  # pinned: an alias moving later does not change this file
        super().__init__(fs, path, mode="rb", **kwargs)

    def _fetch_range(self, start, end):
        return self.fs._read(self._laid, self._inner, start, min(end, self.size))
