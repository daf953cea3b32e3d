"""The chunk store on an S3-compatible object store (AWS S3, versitygw, Ceph RGW, ...).

Layout under s3://BUCKET/PREFIX/ (the same as the file store's, as objects):

    PREFIX/layout                        {"version": 1}
    PREFIX/chunks/ab/cd/<digest>         one stored chunk: the 13-byte header + payload, write-once
    PREFIX/quarantine/<digest>.<UTC time>  chunks found corrupt, moved aside (never read, never deleted)

Write-once is the object store's own: every chunk is written with a conditional PUT
(`If-None-Match: *`), so a chunk already stored is never replaced; two servers storing the same
digest at once end with one object, and the loser is told it existed. The server verifies every
chunk before it puts it and a PUT is durable when acknowledged, so an object is only ever visible
whole and verified. stage() keeps a verified chunk in memory (bounded: the transfer plumbing commits
every `batch_bytes`) and commit() PUTs a batch in parallel on a thread pool, the connection pool
sized to match. Quarantine copies the corrupt object to quarantine/ and deletes it, both
conditional on the ETag that was found corrupt, so a good copy stored meanwhile stays.

Garbage collection: nothing here records what pushes rely on (S3 cannot refresh an object's
LastModified cheaply, and several replicas share the bucket): pushes in flight lease their chunks
in the metadata database (transfers.py) and gc asks it (maintenance.py). LastModified is only the
time an object was stored, which gc's grace period also spares.

Why boto3: the maintained AWS SDK, with the standard credential chain (AWS_ACCESS_KEY_ID and
friends, ~/.aws/credentials, instance roles), retries and thread-safe clients with a sized
connection pool; the chunk store's calls are blocking and run on worker threads anyway, so an
asyncio client (aiobotocore) would buy nothing here.
"""

import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

import boto3
import botocore.exceptions
from botocore.config import Config

from . import chunkstore
from .chunkstore import BadChunkStoreURL, ChunkMissing, CorruptStoredChunk, LayoutError, StoredChunk
from .errors import Unavailable

LAYOUT_VERSION = 1
THREADS = 16
BATCH_BYTES = 16 * 1024 * 1024  # what a receiving stream holds in memory before it PUTs a batch
log = logging.getLogger("modelreg.server")


@dataclass(frozen=True)
class _Pending:
    digest: str
    data: bytes


class S3ChunkStore:
    batch_bytes = BATCH_BYTES

    def __init__(self, *, bucket: str, prefix: str = "", endpoint: str | None = None, region: str | None = None,
                 threads: int = THREADS):
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.url = f"s3://{bucket}/{self.prefix}"
        config = Config(max_pool_connections=threads + 4, retries={"mode": "standard", "max_attempts": 5},
                        s3={"addressing_style": "path"} if endpoint else {})
        self._s3 = boto3.session.Session().client("s3", endpoint_url=endpoint, region_name=region, config=config)
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="modelreg-s3")
        self._quarantining = threading.Lock()
        self._open_layout()

    @classmethod
    def from_url(cls, url: str) -> "S3ChunkStore":
        """s3://BUCKET/PREFIX?endpoint=http://HOST:PORT&region=R; endpoint and region are optional
        (AWS's defaults, AWS_ENDPOINT_URL and AWS_REGION apply)."""
        parts = urlsplit(url)
        if not parts.netloc:
            raise BadChunkStoreURL(f"{url}: no bucket (s3://BUCKET/PREFIX)")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        unknown = set(query) - {"endpoint", "region"}
        if unknown:
            raise BadChunkStoreURL(f"{url}: unknown parameter {sorted(unknown)[0]!r} (endpoint, region)")
        return cls(bucket=parts.netloc, prefix=parts.path, endpoint=query.get("endpoint"), region=query.get("region"))

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def key(self, digest: str) -> str:
        return f"{self.prefix}chunks/{digest[:2]}/{digest[2:4]}/{digest}"

    def _open_layout(self) -> None:
        key = f"{self.prefix}layout"
        try:
            body = json.dumps({"version": LAYOUT_VERSION}).encode() + b"\n"
            if not self._put_if_absent(key, body):
                version = json.loads(self._call(self._s3.get_object, Bucket=self.bucket, Key=key)["Body"].read()
                                     ).get("version")
                if version != LAYOUT_VERSION:
                    raise LayoutError(f"{self.url}: chunk store layout {version}, expected {LAYOUT_VERSION}")
        except Unavailable as e:
            raise LayoutError(e.message) from None

    def clean_tmp(self) -> None:
        """Nothing to clean: nothing is written to the bucket before it is committed."""

    def missing(self, digests: list[str]) -> list[str]:
        """The digests not stored (one HEAD each, in parallel)."""
        stored = list(self._pool.map(self._head, digests))
        return [d for d, head in zip(digests, stored) if head is None]

    def digests(self):
        """Every stored digest with its object's (size, LastModified), one list page (1000) at a time."""
        pages = self._s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=f"{self.prefix}chunks/")
        try:
            for page in pages:
                for item in page.get("Contents", []):
                    yield item["Key"].rsplit("/", 1)[-1], item["Size"], item["LastModified"].timestamp()
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            raise _unavailable(e) from None

    def remove(self, digest: str) -> None:
        self._call(self._s3.delete_object, Bucket=self.bucket, Key=self.key(digest))

    def replace(self, digest: str, codec: int, raw_size: int, payload: bytes) -> bool:
        """PUTs another verified encoding of a stored chunk over its key (a PUT is atomic: readers
        get the old or the new object). False, writing nothing, if it is not stored; a gc removing
        it at the same moment can at worst leave an unreferenced chunk, which the next gc removes."""
        if self._head(digest) is None:
            return False
        self._call(self._s3.put_object, Bucket=self.bucket, Key=self.key(digest),
                   Body=chunkstore.encode(codec, raw_size, payload))
        return True

    def put(self, digest: str, codec: int, raw_size: int, payload: bytes) -> bool:
        """Stores one verified chunk; returns False if it was already stored (write-once)."""
        staged = self.stage(digest, codec, raw_size, payload)
        if staged:
            self.commit([staged])
        return staged is not None

    def stage(self, digest: str, codec: int, raw_size: int, payload: bytes) -> _Pending | None:
        """Holds a verified chunk until commit(); None if it is already stored intact. A stored copy
        that is corrupt is quarantined first, so this one replaces it."""
        data = chunkstore.encode(codec, raw_size, payload)
        found = self._fetch(digest)
        if found is not None:
            stored, _ = found
            if stored == data or not self._is_corrupt(digest, stored):
                return None
            self.quarantine(digest)
        return _Pending(digest, data)

    def commit(self, staged: list[_Pending]) -> None:
        """PUTs staged chunks in parallel, each only if absent; returns once all are durable. A
        chunk someone else stored meanwhile is left as it is (same digest, also verified)."""
        list(self._pool.map(lambda p: self._put_if_absent(self.key(p.digest), p.data), staged))

    def discard(self, staged: list[_Pending]) -> None:
        """Nothing was written: dropping the staged chunks is enough."""

    def get(self, digest: str) -> StoredChunk:
        found = self._fetch(digest)
        if found is None:
            raise ChunkMissing(digest)
        if found[0] is None:
            raise CorruptStoredChunk(f"stored chunk {digest} does not match the object store's checksum")
        return chunkstore.decode(digest, found[0])

    def verify(self, digest: str) -> StoredChunk:
        return chunkstore.check(self.get(digest))

    def quarantine(self, digest: str) -> bool:
        """Moves a chunk whose bytes do not match its digest to quarantine/<digest>.<UTC time>:
        a copy, then a delete, both only while the object still has the ETag found corrupt.
        Returns False, moving nothing, if it is sound or gone."""
        with self._quarantining:
            found = self._fetch(digest)
            if found is None or not self._is_corrupt(digest, found[0]):
                return False
            etag = found[1]
            when = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
            target = f"{self.prefix}quarantine/{digest}.{when}"
            try:
                self._s3.copy_object(Bucket=self.bucket, Key=target, CopySourceIfMatch=etag,
                                     CopySource={"Bucket": self.bucket, "Key": self.key(digest)})
                self._s3.delete_object(Bucket=self.bucket, Key=self.key(digest), IfMatch=etag)
            except botocore.exceptions.ClientError as e:
                if _code(e) in ("PreconditionFailed", "NoSuchKey", "404", "412"):
                    return False  # replaced or removed meanwhile
                raise _unavailable(e) from None
            except botocore.exceptions.BotoCoreError as e:
                raise _unavailable(e) from None
        log.warning("stored chunk %s is corrupt: moved to s3://%s/%s", digest, self.bucket, target)
        return True

    def _is_corrupt(self, digest: str, data: bytes | None) -> bool:
        if data is None:
            return True
        try:
            chunkstore.check(chunkstore.decode(digest, data))
            return False
        except CorruptStoredChunk:
            return True

    def raw_sizes(self, digests: list[str]) -> dict[str, int]:
        """digest -> raw size from its header: one ranged GET of 13 bytes each, in parallel."""
        def header(digest):
            return self._unless_absent(lambda: self._s3.get_object(
                Bucket=self.bucket, Key=self.key(digest), Range=f"bytes=0-{chunkstore.HEADER.size - 1}")["Body"].read())
        found = list(self._pool.map(header, digests))
        sizes = {d: chunkstore.header_raw_size(data) for d, data in zip(digests, found) if data is not None}
        return {d: n for d, n in sizes.items() if n is not None}

    def stored_sizes(self, digests: list[str]) -> dict[str, int]:
        """digest -> size of its object, for those stored: one HEAD each, in parallel."""
        heads = list(self._pool.map(self._head, digests))
        return {d: head["ContentLength"] for d, head in zip(digests, heads) if head is not None}

    def _head(self, digest: str) -> dict | None:
        return self._unless_absent(lambda: self._s3.head_object(Bucket=self.bucket, Key=self.key(digest)))

    def _fetch(self, digest: str) -> tuple[bytes | None, str] | None:
        """(the object's bytes, its ETag), or None if it is not stored. The bytes are None if the
        object store's own checksum (sent with the PUT) no longer matches them: bit rot it saw."""
        def fetch():
            reply = self._s3.get_object(Bucket=self.bucket, Key=self.key(digest))
            try:
                return reply["Body"].read(), reply["ETag"]
            except botocore.exceptions.FlexibleChecksumError:
                return None, reply["ETag"]
        return self._unless_absent(fetch)

    def _unless_absent(self, fn):
        """fn(), or None if the object it asks for does not exist; other failures are Unavailable."""
        try:
            return fn()
        except botocore.exceptions.ClientError as e:
            if _code(e) in ("404", "NoSuchKey", "NotFound"):
                return None
            raise _unavailable(e) from None
        except botocore.exceptions.BotoCoreError as e:
            raise _unavailable(e) from None

    def _put_if_absent(self, key: str, data: bytes) -> bool:
        """True if this call stored the object, False if one was there (the conditional PUT refused)."""
        for attempt in range(5):
            try:
                self._s3.put_object(Bucket=self.bucket, Key=key, Body=data, IfNoneMatch="*")
                return True
            except botocore.exceptions.ClientError as e:
                if _code(e) in ("PreconditionFailed", "412"):
                    return False
                if _code(e) == "ConditionalRequestConflict" and attempt < 4:
                    continue  # a concurrent conditional write to the same key: ask again
                raise _unavailable(e) from None
            except botocore.exceptions.BotoCoreError as e:
                raise _unavailable(e) from None
        return False  # unreachable: the last attempt returns or raises

    def _call(self, fn, **kwargs):
        try:
            return fn(**kwargs)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            raise _unavailable(e) from None


def _code(e: botocore.exceptions.ClientError) -> str:
    return str(e.response.get("Error", {}).get("Code", ""))


def _unavailable(e: Exception) -> Unavailable:
    return Unavailable("CHUNK_STORE_UNAVAILABLE", f"the S3 chunk store failed: {e}")
