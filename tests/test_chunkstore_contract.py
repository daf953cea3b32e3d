"""The chunk store contract (server/modelreg_server/chunkstore.py), in-process, on every backend:
the file store on a temporary directory and the S3 store on the session's versitygw."""

import os
import threading
import time
import uuid

import pytest

from modelreg import codec
from modelreg_server import chunkstore
from modelreg_server.chunkstore import BadChunkStoreURL, ChunkMissing, CorruptStoredChunk, open_chunk_store


class Backend:
    """A chunk store and a way to damage what it stores, as bit rot or a stray write would."""

    def __init__(self, store, damage):
        self.store = store
        self.damage = damage


@pytest.fixture(params=["file", "s3"])
def backend(request, tmp_path):
    if request.param == "file":
        store = open_chunk_store(f"file://{tmp_path / 'blobs'}")
        yield Backend(store, lambda digest, data: store.path(digest).write_bytes(data))
        return
    gw = request.getfixturevalue("versitygw")
    store = open_chunk_store(gw.url(f"c-{uuid.uuid4().hex[:12]}"))
    s3 = gw.client()
    yield Backend(store, lambda digest, data: s3.put_object(Bucket=store.bucket, Key=store.key(digest), Body=data))
    store.close()


def chunk(raw: bytes) -> tuple[str, int, int, bytes]:
    """(digest, codec, raw size, payload) of a verified chunk, as the server puts it."""
    codec_, payload = codec.encode(raw)
    return codec.sha256_hex(raw), codec_, len(raw), payload


def listed(store) -> dict:
    return {digest: size for digest, size, _ in store.digests()}


def test_put_if_absent_stores_once_and_get_returns_the_exact_bytes(backend):
    store = backend.store
    digest, codec_, size, payload = chunk(os.urandom(50_000))
    assert store.missing([digest]) == [digest]
    assert store.put(digest, codec_, size, payload) is True
    assert store.put(digest, codec_, size, payload) is False
    assert store.missing([digest]) == []
    got = store.get(digest)
    assert (got.digest, got.codec, got.raw_size, got.payload) == (digest, codec_, size, payload)
    assert listed(store) == {digest: chunkstore.HEADER.size + len(payload)}


def test_write_once_a_second_put_never_replaces(backend):
    store = backend.store
    raw = b"compressible " * 4_000
    digest, codec_, size, payload = chunk(raw)
    assert codec_ == codec.CODEC_ZSTD
    assert store.put(digest, codec_, size, payload) is True
    assert store.put(digest, codec.CODEC_NONE, size, raw) is False  # the same content, encoded otherwise
    assert (store.get(digest).codec, store.get(digest).payload) == (codec_, payload)


def test_missing_answers_for_each_digest_in_order(backend):
    store = backend.store
    stored = [chunk(os.urandom(1_000 + i)) for i in range(3)]
    absent = [chunk(os.urandom(1_000)) for _ in range(2)]
    for c in stored:
        store.put(*c)
    asked = [absent[0][0], stored[0][0], absent[1][0], stored[2][0], stored[1][0]]
    assert store.missing(asked) == [absent[0][0], absent[1][0]]


def test_staged_chunks_are_invisible_until_committed(backend):
    store = backend.store
    chunks = [chunk(os.urandom(20_000)) for _ in range(5)]
    staged = [store.stage(*c) for c in chunks]
    assert None not in staged
    digests = [c[0] for c in chunks]
    assert store.missing(digests) == digests and listed(store) == {}
    with pytest.raises(ChunkMissing):
        store.get(digests[0])
    store.commit(staged)
    assert store.missing(digests) == []
    assert [store.get(c[0]).payload for c in chunks] == [c[3] for c in chunks]


def test_discard_leaves_nothing(backend, tmp_path):
    store = backend.store
    chunks = [chunk(os.urandom(10_000)) for _ in range(3)]
    store.discard([store.stage(*c) for c in chunks])
    assert store.missing([c[0] for c in chunks]) == [c[0] for c in chunks]
    assert listed(store) == {}
    if hasattr(store, "tmp"):
        assert list(store.tmp.iterdir()) == []


def test_staging_a_stored_chunk_stages_nothing(backend):
    store = backend.store
    c = chunk(os.urandom(10_000))
    store.put(*c)
    assert store.stage(*c) is None


def test_list_pages_through_more_than_a_thousand_chunks(backend):
    """S3 lists at most 1000 keys per page: digests() follows every page."""
    store = backend.store
    chunks = [chunk(i.to_bytes(4, "big") * 8) for i in range(1_100)]
    store.commit([store.stage(*c) for c in chunks])
    assert listed(store) == {c[0]: chunkstore.HEADER.size + len(c[3]) for c in chunks}


def test_remove_deletes_and_is_idempotent(backend):
    store = backend.store
    kept, removed = chunk(os.urandom(5_000)), chunk(os.urandom(5_000))
    store.put(*kept)
    store.put(*removed)
    store.remove(removed[0])
    store.remove(removed[0])
    assert store.missing([kept[0], removed[0]]) == [removed[0]]
    with pytest.raises(ChunkMissing):
        store.get(removed[0])
    assert list(listed(store)) == [kept[0]]


def test_the_listing_gives_the_time_each_chunk_was_stored(backend):
    """gc's second guard (its grace period) compares this time; what pushes in flight rely on is
    leased in the metadata, so nothing here renews it."""
    store = backend.store
    before = time.time()
    c = chunk(os.urandom(5_000))
    store.put(*c)
    after = time.time()
    (stored,) = [t for d, _, t in store.digests() if d == c[0]]
    assert before - 1 <= stored <= after + 1  # file mtimes and S3 times may be coarser than time()


@pytest.mark.parametrize("damage", [
    lambda data: data[:-1] + bytes([data[-1] ^ 1]),
    lambda data: data[: len(data) // 2],
    lambda data: b"JUNK" + data[4:],
    lambda data: b"",
], ids=["flipped-bit", "truncated", "bad-header", "empty"])
def test_quarantine_moves_a_corrupt_chunk_aside_so_it_counts_missing(backend, damage):
    store = backend.store
    digest, codec_, size, payload = chunk(os.urandom(30_000))
    store.put(digest, codec_, size, payload)
    sound = chunk(os.urandom(30_000))
    store.put(*sound)
    backend.damage(digest, damage(chunkstore.encode(codec_, size, payload)))
    with pytest.raises(CorruptStoredChunk):
        store.verify(digest)
    assert store.quarantine(sound[0]) is False
    assert store.quarantine(digest) is True
    assert store.missing([digest, sound[0]]) == [digest]
    assert store.quarantine(digest) is False
    assert store.put(digest, codec_, size, payload) is True
    assert store.verify(digest).payload == payload


def test_a_put_over_a_corrupt_copy_replaces_it(backend):
    """Uploads never dedup against bad bytes: the stored copy is quarantined, the new one stored."""
    store = backend.store
    digest, codec_, size, payload = chunk(os.urandom(30_000))
    store.put(digest, codec_, size, payload)
    backend.damage(digest, b"rot")
    assert store.put(digest, codec_, size, payload) is True
    assert store.verify(digest).payload == payload


def test_concurrent_puts_of_one_digest_end_with_one_good_chunk(backend):
    store = backend.store
    digest, codec_, size, payload = chunk(os.urandom(200_000))
    results = []
    start = threading.Barrier(8)

    def put():
        start.wait()
        results.append(store.put(digest, codec_, size, payload))
    threads = [threading.Thread(target=put) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8 and True in results  # S3 says True once; files may replace same bytes
    assert store.verify(digest).payload == payload
    assert listed(store) == {digest: chunkstore.HEADER.size + len(payload)}


@pytest.mark.parametrize("url", ["ftp://host/x", "s3:///prefix", "s3://bucket/p?colour=blue", "file://host/x"])
def test_a_bad_url_says_what_is_wrong(url):
    with pytest.raises(BadChunkStoreURL):
        open_chunk_store(url)


def test_stored_sizes_are_what_each_stored_chunk_takes(backend):
    """What the dashboard shows as stored (compressed) bytes: header and payload as kept, none
    for a digest not stored."""
    store = backend.store
    small, big = chunk(b"z" * 100_000), chunk(os.urandom(20_000))
    for digest, codec_, size, payload in (small, big):
        store.put(digest, codec_, size, payload)
    absent = codec.sha256_hex(b"absent")
    sizes = store.stored_sizes([small[0], absent, big[0]])
    assert sizes == {small[0]: chunkstore.HEADER.size + len(small[3]), big[0]: chunkstore.HEADER.size + len(big[3])}
    assert sizes[small[0]] < 1000 and sizes == {d: n for d, n in listed(store).items() if d in sizes}


def test_replace_puts_another_encoding_over_a_stored_chunk_and_never_revives_a_removed_one(backend):
    store = backend.store
    raw = b"modelreg " * 20_000
    digest = codec.sha256_hex(raw)
    assert store.replace(digest, codec.CODEC_NONE, len(raw), raw) is False  # not stored: nothing written
    assert store.missing([digest]) == [digest]
    store.put(digest, codec.CODEC_NONE, len(raw), raw)
    codec_, payload = codec.encode(raw)
    assert codec_ != codec.CODEC_NONE
    assert store.replace(digest, codec_, len(raw), payload) is True
    got = store.verify(digest)
    assert (got.codec, got.payload) == (codec_, payload)
    assert listed(store) == {digest: chunkstore.HEADER.size + len(payload)}
    store.remove(digest)
    assert store.replace(digest, codec_, len(raw), payload) is False
    assert store.missing([digest]) == [digest]
