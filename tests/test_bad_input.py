"""Bad input gets a precise gRPC status and changes nothing.

Every case talks to the real server: through the SDK (`registry`) where the SDK can send the
input, through the raw generated stubs for what only a hostile client would send. Each asserts the
status code and the google.rpc.ErrorInfo reason, then that nothing changed: the event head, the
models, the versions, the aliases, or (for uploads) that the chunk is still missing.
"""

import base64
import hashlib
import json
import os
import re
import time
from types import SimpleNamespace

import grpc
import pytest
import zstandard
from google.protobuf import duration_pb2, field_mask_pb2, json_format
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from conftest import data_state, write_tree
from modelreg import codec
from modelreg.manifest import CHUNK_TREE, manifest_digest, tree_digest
from modelreg.errors import ModelregError
from modelreg.v1 import (event_service_pb2 as ev, event_service_pb2_grpc, registry_service_pb2 as rs,
                         registry_service_pb2_grpc, resources_pb2 as r, transfer_service_pb2 as ts,
                         transfer_service_pb2_grpc)

INVALID_ARGUMENT = grpc.StatusCode.INVALID_ARGUMENT
NOT_FOUND = grpc.StatusCode.NOT_FOUND
ALREADY_EXISTS = grpc.StatusCode.ALREADY_EXISTS
FAILED_PRECONDITION = grpc.StatusCode.FAILED_PRECONDITION
ABORTED = grpc.StatusCode.ABORTED
OUT_OF_RANGE = grpc.StatusCode.OUT_OF_RANGE
RESOURCE_EXHAUSTED = grpc.StatusCode.RESOURCE_EXHAUSTED

TIMEOUT = 10
MiB = 1024 * 1024


# Helpers


def refusal(fn, *args, **kwargs):
    """Calls fn, which must be refused; returns (status code, ErrorInfo reason).

    Works for SDK calls (ModelregError) and raw stub calls (grpc.RpcError), where it also checks
    that the status carries exactly one ErrorInfo of domain `modelreg`."""
    return refusal_info(fn, *args, **kwargs)[:2]


def refusal_info(fn, *args, **kwargs):
    """Like refusal, plus the ErrorInfo metadata: (code, reason, metadata)."""
    with pytest.raises((grpc.RpcError, ModelregError)) as caught:
        fn(*args, **kwargs)
    error = caught.value
    if isinstance(error, ModelregError):
        print(f"{error.code}: {error}")
        return error.code, error.reason, error.metadata
    print(f"{error.code()}: {error.details()}")
    try:
        status = rpc_status.from_call(error)
    except ValueError:  # the status details disagree with the code the client saw
        status = None
    if status is None:  # e.g. an unhandled exception in the server: UNKNOWN without details
        return error.code(), "", {}
    infos = []
    for detail in status.details:
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            infos.append(info)
    assert len(infos) == 1, status
    assert infos[0].domain == "modelreg"
    return error.code(), infos[0].reason, dict(infos[0].metadata)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def chunk(raw: bytes) -> r.Chunk:
    """A well-formed chunk, encoded as the SDK does."""
    codec_, payload = codec.encode(raw)
    return r.Chunk(digest=sha(raw), raw_size=len(raw), codec=codec_, data=payload)


def zstd(raw: bytes) -> bytes:
    return zstandard.ZstdCompressor(level=3).compress(raw)


def upload(api, *chunks: r.Chunk) -> ts.UploadChunksResponse:
    return api.transfer.UploadChunks(iter([ts.UploadChunksRequest(chunk=c) for c in chunks]), timeout=TIMEOUT)


def missing(api, *digests: str) -> list[str]:
    return list(api.transfer.FindMissingChunks(ts.FindMissingChunksRequest(digests=digests),
                                               timeout=TIMEOUT).missing_digests)


def entry(path: str, *raws: bytes, mode: int = 0o644) -> r.FileEntry:
    """A manifest entry for a file made of these chunks."""
    data = b"".join(raws)
    return r.FileEntry(path=path, size=len(data), sha256=sha(data), mode=mode,
                       chunks=[r.ChunkRef(digest=sha(x), size=len(x)) for x in raws])


def as_tree(e: r.FileEntry, **fields) -> r.FileEntry:
    """The entry as a manifest format 2 push sends it: named by its tree digest, no sha256."""
    copy = changed(e, sha256="", **fields)
    copy.tree_digest = tree_digest(copy.chunks)
    return copy


def changed(e: r.FileEntry, **fields) -> r.FileEntry:
    """A copy of a manifest entry with some fields replaced."""
    copy = r.FileEntry()
    copy.CopyFrom(e)
    for name, value in fields.items():
        if name == "chunks":
            del copy.chunks[:]
            copy.chunks.extend(value)
        else:
            setattr(copy, name, value)
    return copy


def world(registry) -> tuple:
    """What every refused request must leave alone: the event head and the set of models."""
    return registry.event_head(), sorted(m.name for m in registry.list_models())


def model_state(registry, name: str) -> dict | None:
    """Everything observable about one model, or None if it does not exist, once the server's
    background work is done (it fills in the files' sha256s after a push)."""
    registry.compact_chunks(wait=True)
    try:
        model = registry.get_model(name)
    except ModelregError as e:
        assert e.code == NOT_FOUND
        return None
    return {
        "model": json_format.MessageToDict(model),
        "versions": [json_format.MessageToDict(registry.get_version(v.name, files=True))
                     for v in registry.list_versions(name)],
        "aliases": [json_format.MessageToDict(a) for a in registry.list_aliases(name)],
    }


# Fixtures


@pytest.fixture(scope="module")
def api(server):
    """The raw generated stubs: what a hostile client can send that the SDK never would."""
    channel = grpc.insecure_channel(server.address, options=[
        ("grpc.max_send_message_length", 64 * MiB), ("grpc.max_receive_message_length", 64 * MiB)])
    yield SimpleNamespace(
        registry=registry_service_pb2_grpc.RegistryServiceStub(channel),
        transfer=transfer_service_pb2_grpc.TransferServiceStub(channel),
        events=event_service_pb2_grpc.EventServiceStub(channel),
    )
    channel.close()


@pytest.fixture
def small_dir(tmp_path):
    return write_tree(tmp_path / "small", {
        "config.json": b'{"layers": 2}\n',
        "weights.bin": os.urandom(5000),
        "bin/run.sh": (b"#!/bin/sh\n", 0o755),
    })


@pytest.fixture
def pushed(registry, model, small_dir):
    """A model with one READY version (v1)."""
    registry.push(model, small_dir)
    return model


@pytest.fixture
def versions3(registry, model, tmp_path):
    """A model with v1 (archived), v2 (alias `prod`) and v3 (`latest`)."""
    for n in (1, 2, 3):
        registry.push(model, write_tree(tmp_path / f"v{n}", {"w.bin": os.urandom(300) + b"%d" % n}))
    registry.archive_version(f"{model}:v1")
    registry.set_alias(model, "prod", 2)
    return model


# Model names


BAD_MODEL_NAMES = {
    "uppercase": "Sentiment",
    "empty": "",
    "leading-dot": ".hidden",
    "leading-dash": "-x",
    "leading-underscore": "_x",
    "dot-dot-slash": "../x",
    "too-long": "a" * 129,
    "slash": "a/b",
    "nul": "a\x00b",
    "space": "a b",
    "non-ascii": "modèle",
    "newline": "a\n",
    "resource-prefix-only": "models/",
}


@pytest.mark.parametrize("name", BAD_MODEL_NAMES.values(), ids=BAD_MODEL_NAMES.keys())
def test_create_model_refuses_bad_name(registry, name):
    before = world(registry)
    assert refusal(registry.create_model, name) == (INVALID_ARGUMENT, "INVALID_NAME")
    assert world(registry) == before


@pytest.mark.parametrize("name", BAD_MODEL_NAMES.values(), ids=BAD_MODEL_NAMES.keys())
def test_create_version_refuses_bad_model_name(registry, small_dir, name):
    before = world(registry)
    assert refusal(registry.push, name, small_dir) == (INVALID_ARGUMENT, "INVALID_NAME")
    assert world(registry) == before


@pytest.mark.parametrize("name", BAD_MODEL_NAMES.values(), ids=BAD_MODEL_NAMES.keys())
def test_set_alias_refuses_bad_model_name(registry, pushed, name):
    before = world(registry), model_state(registry, pushed)
    assert refusal(registry.set_alias, name, "prod", 1) == (INVALID_ARGUMENT, "INVALID_NAME")
    assert (world(registry), model_state(registry, pushed)) == before


@pytest.mark.parametrize("call", [
    lambda reg, name: reg.get_model(name),
    lambda reg, name: list(reg.list_versions(name)),
    lambda reg, name: reg.list_aliases(name),
    lambda reg, name: reg.update_model(name, description="x"),
    lambda reg, name: reg.delete_model(name, force=True),
    lambda reg, name: reg.delete_alias(name, "prod"),
    lambda reg, name: list(reg.watch(models=[name], reconnect=False)),
], ids=["get-model", "list-versions", "list-aliases", "update-model", "delete-model", "delete-alias", "watch"])
@pytest.mark.parametrize("name", ["Upper", "../x", "a" * 129, "a\x00b"], ids=["upper", "dotdot", "long", "nul"])
def test_other_calls_refuse_bad_model_name(registry, call, name):
    before = world(registry)
    assert refusal(call, registry, name) == (INVALID_ARGUMENT, "INVALID_NAME")
    assert world(registry) == before


def test_longest_model_name_is_accepted_one_more_is_not(registry, model):
    longest = (model + "-" + "x" * 128)[:128]
    assert registry.create_model(longest).name == f"models/{longest}"
    before = world(registry)
    assert refusal(registry.create_model, longest + "x") == (INVALID_ARGUMENT, "INVALID_NAME")
    assert world(registry) == before


def test_create_existing_model_is_refused_and_leaves_it_alone(registry, pushed):
    before = world(registry), model_state(registry, pushed)
    assert refusal(registry.create_model, pushed, description="again", tags={"a": "b"}) == (
        ALREADY_EXISTS, "MODEL_ALREADY_EXISTS")
    assert (world(registry), model_state(registry, pushed)) == before


@pytest.mark.parametrize("tags", [{"-bad": "x"}, {"a b": "x"}, {"": "x"}, {"k": "x" * 1025}, {"k": "a\x00b"}],
                         ids=["leading-dash", "space", "empty-key", "long-value", "nul-value"])
def test_create_model_refuses_bad_tag(registry, model, tags):
    before = world(registry)
    assert refusal(registry.create_model, model, tags=tags) == (INVALID_ARGUMENT, "INVALID_TAG")
    assert world(registry) == before


# Long input


LONG = 20_000
LONG_INPUT_CASES = {
    "model-name": (lambda reg, m: reg.create_model("a" * LONG), INVALID_ARGUMENT, "INVALID_NAME"),
    "reference": (lambda reg, m: reg.get_version(f"{m}:" + "A" * LONG), INVALID_ARGUMENT, "INVALID_REFERENCE"),
    "alias": (lambda reg, m: reg.set_alias(m, "a" * LONG, 1), INVALID_ARGUMENT, "INVALID_ALIAS"),
    "tag-key": (lambda reg, m: reg.update_model(m, tags={" " * LONG: "x"}), INVALID_ARGUMENT, "INVALID_TAG"),
    "digest": (lambda reg, m: reg._unary(reg.transfer.FindMissingChunks, ts.FindMissingChunksRequest(
        digests=["0" * LONG])), INVALID_ARGUMENT, "INVALID_DIGEST"),
    "artifact-uri": (lambda reg, m: reg.lineage(artifact="s3://" + "x" * LONG), INVALID_ARGUMENT, "INVALID_LINEAGE"),
}


@pytest.mark.parametrize("call,code,reason", LONG_INPUT_CASES.values(), ids=LONG_INPUT_CASES.keys())
def test_long_bad_input_gets_its_status_not_an_oversized_error(registry, pushed, call, code, reason):
    """The server echoes the bad value into the message and the ErrorInfo; echoed in full, the
    trailers outgrow the client's default 8-16 KiB metadata limit and the client sees only
    RESOURCE_EXHAUSTED "Stream removed", without a reason."""
    before = world(registry), model_state(registry, pushed)
    assert refusal(call, registry, pushed) == (code, reason)
    assert (world(registry), model_state(registry, pushed)) == before


# References


UNKNOWN_REFERENCES = [
    ("{m}-nosuch:v1", "MODEL_NOT_FOUND"),
    ("{m}:v2", "VERSION_NOT_FOUND"),
    ("{m}:99", "VERSION_NOT_FOUND"),
    ("models/{m}/versions/2", "VERSION_NOT_FOUND"),
    ("{m}:production", "ALIAS_NOT_FOUND"),
    ("{m}@sha256:" + "0" * 64, "VERSION_NOT_FOUND"),
    ("{m}@" + "0" * 64, "VERSION_NOT_FOUND"),  # `sha256:` may be left out
    ("{m}@sha256:" + "0" * 6, "VERSION_NOT_FOUND"),  # a short digest (1 in 16 million: pushed's digest)
]
MALFORMED_REFERENCES = [
    "{m}", "{m}:", "{m}:v0", "{m}:0", "{m}:V1", "{m}:v1:v2", "{m}@sha256:xyz", "{m}@sha256:" + "A" * 64,
    "{m}@md5:" + "0" * 32, "{m}@" + "0" * 5, "{m}@sha256:" + "0" * 5, "{m}@sha256:" + "0" * 65,
    "{m}@", "models/{m}/versions/x", "models/{m}/versions/", "models/{m}/versions/1/x",
    "models/{m}/aliases/prod", "models/{m}", ":v1", "Upper:v1", "../x:v1",
]
REFERENCE_CALLS = {
    "get-version": lambda reg, api, ref: reg.get_version(ref),
    "download": lambda reg, api, ref: list(api.transfer.DownloadVersion(ts.DownloadVersionRequest(name=ref),
                                                                         timeout=TIMEOUT)),
    "update-version": lambda reg, api, ref: reg.update_version(ref, description="x"),
    "archive": lambda reg, api, ref: reg.archive_version(ref),
    "restore": lambda reg, api, ref: reg.restore_version(ref),
    "add-lineage-to": lambda reg, api, ref: reg.add_lineage(ref, ["s3://data/x"]),
    "lineage-of": lambda reg, api, ref: reg.lineage(ref),
}


@pytest.mark.parametrize("call", REFERENCE_CALLS.values(), ids=REFERENCE_CALLS.keys())
@pytest.mark.parametrize("ref,reason", UNKNOWN_REFERENCES, ids=[ref for ref, _ in UNKNOWN_REFERENCES])
def test_unknown_reference_is_not_found(registry, api, pushed, call, ref, reason):
    before = world(registry), model_state(registry, pushed)
    assert refusal(call, registry, api, ref.format(m=pushed)) == (NOT_FOUND, reason)
    assert (world(registry), model_state(registry, pushed)) == before


@pytest.mark.parametrize("call", REFERENCE_CALLS.values(), ids=REFERENCE_CALLS.keys())
@pytest.mark.parametrize("ref", MALFORMED_REFERENCES)
def test_malformed_reference_is_invalid_reference(registry, api, pushed, call, ref):
    before = world(registry), model_state(registry, pushed)
    assert refusal(call, registry, api, ref.format(m=pushed)) == (INVALID_ARGUMENT, "INVALID_REFERENCE")
    assert (world(registry), model_state(registry, pushed)) == before


@pytest.mark.parametrize("call", [c for name, c in REFERENCE_CALLS.items() if name != "lineage-of"],
                         ids=[name for name in REFERENCE_CALLS if name != "lineage-of"])
def test_empty_reference_is_invalid_reference(registry, api, pushed, call):
    # (GetLineage is left out: there an empty name means "start from artifact_uri".)
    before = world(registry), model_state(registry, pushed)
    assert refusal(call, registry, api, "") == (INVALID_ARGUMENT, "INVALID_REFERENCE")
    assert (world(registry), model_state(registry, pushed)) == before


@pytest.mark.parametrize("ref", ["{m}:²", "models/{m}/versions/²", "{m}:99999999999999999999",
                                 "models/{m}/versions/99999999999999999999"],
                         ids=["superscript", "superscript-resource", "beyond-int64", "beyond-int64-resource"])
def test_reference_with_a_number_no_int64_can_hold_is_invalid_reference(registry, pushed, ref):
    # str.isdigit() accepts "²", which int() then refuses; 20 digits overflow SQLite's INTEGER.
    before = world(registry), model_state(registry, pushed)
    assert refusal(registry.get_version, ref.format(m=pushed)) == (INVALID_ARGUMENT, "INVALID_REFERENCE")
    assert (world(registry), model_state(registry, pushed)) == before


def test_reference_with_non_ascii_digits_does_not_name_a_version(registry, pushed):
    # "١" is ARABIC-INDIC DIGIT ONE: not the canonical `models/m/versions/1`.
    assert refusal(registry.get_version, f"models/{pushed}/versions/\u0661") == (INVALID_ARGUMENT,
                                                                                   "INVALID_REFERENCE")


def test_latest_of_a_model_without_versions_is_alias_not_found(registry, model):
    registry.create_model(model)
    assert refusal(registry.get_version, f"{model}:latest") == (NOT_FOUND, "ALIAS_NOT_FOUND")


# Page tokens and page sizes


def forge(token: str, key) -> str:
    """A hostile client reads the (unsigned) token and swaps in its own key."""
    body = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    body["k"] = key
    return b64(json.dumps(body).encode())


MODEL_TOKEN_CASES = {
    "garbage": lambda m, tok: dict(name_prefix=m, page_token="garbage"),
    "not-base64": lambda m, tok: dict(name_prefix=m, page_token="%%%"),
    "non-ascii": lambda m, tok: dict(name_prefix=m, page_token="é"),
    "not-utf8": lambda m, tok: dict(name_prefix=m, page_token=b64(b"\xff\xfe\x00")),
    "json-list": lambda m, tok: dict(name_prefix=m, page_token=b64(b"[1, 2]")),
    "json-string": lambda m, tok: dict(name_prefix=m, page_token=b64(b'"k"')),
    "json-null": lambda m, tok: dict(name_prefix=m, page_token=b64(b"null")),
    "no-fingerprint": lambda m, tok: dict(name_prefix=m, page_token=b64(b'{"k": "a"}')),
    "deeply-nested-json": lambda m, tok: dict(name_prefix=m, page_token=b64(b"[" * 100_000)),
    "other-prefix": lambda m, tok: dict(name_prefix=m + "-b", page_token=tok),
    "no-prefix": lambda m, tok: dict(page_token=tok),
    "other-tags": lambda m, tok: dict(name_prefix=m, tags={"team": "x"}, page_token=tok),
    "forged-key-type": lambda m, tok: dict(name_prefix=m, page_token=forge(tok, 5)),
    "truncated": lambda m, tok: dict(name_prefix=m, page_token=tok[:-4]),
}


@pytest.mark.parametrize("case", MODEL_TOKEN_CASES.values(), ids=MODEL_TOKEN_CASES.keys())
def test_list_models_refuses_bad_page_token(registry, api, model, case):
    for suffix in ("a", "b", "c"):
        registry.create_model(f"{model}-{suffix}")
    token = api.registry.ListModels(rs.ListModelsRequest(name_prefix=model, page_size=1),
                                    timeout=TIMEOUT).next_page_token
    assert token
    request = rs.ListModelsRequest(page_size=1, **case(model, token))
    assert refusal(api.registry.ListModels, request, timeout=TIMEOUT) == (INVALID_ARGUMENT, "INVALID_PAGE_TOKEN")


VERSION_TOKEN_CASES = {
    "garbage": lambda m, tok: dict(parent=m, page_token="garbage"),
    "other-model": lambda m, tok: dict(parent=m + "-other", page_token=tok.versions),
    "other-state": lambda m, tok: dict(parent=m, state=r.VERSION_STATE_ARCHIVED, page_token=tok.versions),
    "other-tags": lambda m, tok: dict(parent=m, tags={"k": "v"}, page_token=tok.versions),
    "list-models-token": lambda m, tok: dict(parent=m, page_token=tok.models),
    "forged-key-string": lambda m, tok: dict(parent=m, page_token=forge(tok.versions, "3")),
    "forged-key-bool": lambda m, tok: dict(parent=m, page_token=forge(tok.versions, True)),
    "forged-key-float": lambda m, tok: dict(parent=m, page_token=forge(tok.versions, 2.5)),
    "forged-key-beyond-int64": lambda m, tok: dict(parent=m, page_token=forge(tok.versions, 10**30)),
    "deeply-nested-json": lambda m, tok: dict(parent=m, page_token=b64(b'{"k":' * 50_000)),
}


@pytest.mark.parametrize("case", VERSION_TOKEN_CASES.values(), ids=VERSION_TOKEN_CASES.keys())
def test_list_versions_refuses_bad_page_token(registry, api, model, tmp_path, case):
    for n in (1, 2):
        registry.push(model, write_tree(tmp_path / f"v{n}", {"w.bin": os.urandom(100)}))
        registry.push(model + "-other", write_tree(tmp_path / f"o{n}", {"w.bin": os.urandom(100)}))
    tokens = SimpleNamespace(
        versions=api.registry.ListVersions(rs.ListVersionsRequest(parent=model, page_size=1),
                                           timeout=TIMEOUT).next_page_token,
        models=api.registry.ListModels(rs.ListModelsRequest(name_prefix=model, page_size=1),
                                       timeout=TIMEOUT).next_page_token)
    assert tokens.versions and tokens.models
    request = rs.ListVersionsRequest(page_size=1, **case(model, tokens))
    assert refusal(api.registry.ListVersions, request, timeout=TIMEOUT) == (INVALID_ARGUMENT, "INVALID_PAGE_TOKEN")


@pytest.mark.parametrize("page_size", [-1, -1000, -2**31])
def test_negative_page_size_is_refused(registry, pushed, page_size):
    assert refusal(lambda: list(registry.list_models(page_size=page_size))) == (INVALID_ARGUMENT,
                                                                                 "INVALID_PAGE_SIZE")
    assert refusal(lambda: list(registry.list_versions(pushed, page_size=page_size))) == (INVALID_ARGUMENT,
                                                                                           "INVALID_PAGE_SIZE")


# Uploads


def _mismatched_digest(raw):
    return r.Chunk(digest=sha(raw + b"!"), raw_size=len(raw), codec=codec.CODEC_NONE, data=raw)


def _zstd_mismatched_digest(raw):
    return r.Chunk(digest=sha(raw + b"!"), raw_size=len(raw), codec=codec.CODEC_ZSTD, data=zstd(raw))


def _zstd_longer(raw):  # decodes past raw_size
    return r.Chunk(digest=sha(raw), raw_size=len(raw), codec=codec.CODEC_ZSTD, data=zstd(raw + raw))


def _zstd_shorter(raw):
    return r.Chunk(digest=sha(raw), raw_size=len(raw), codec=codec.CODEC_ZSTD, data=zstd(raw[:-1]))


def _raw_longer(raw):
    return r.Chunk(digest=sha(raw), raw_size=len(raw) - 1, codec=codec.CODEC_NONE, data=raw)


def _raw_shorter(raw):
    return r.Chunk(digest=sha(raw), raw_size=len(raw) + 1, codec=codec.CODEC_NONE, data=raw)


def _empty_data(raw):
    return r.Chunk(digest=sha(raw), raw_size=len(raw), codec=codec.CODEC_ZSTD, data=b"")


def _negative_size(raw):
    return r.Chunk(digest=sha(raw), raw_size=-1, codec=codec.CODEC_NONE, data=raw)


def _too_large(raw):
    return r.Chunk(digest=sha(raw), raw_size=16 * MiB + 1, codec=codec.CODEC_NONE, data=raw)


def _huge_size(raw):
    return r.Chunk(digest=sha(raw), raw_size=2**62, codec=codec.CODEC_ZSTD, data=zstd(raw))


def _garbage_zstd(raw):
    return r.Chunk(digest=sha(raw), raw_size=len(raw), codec=codec.CODEC_ZSTD, data=b"this is not zstd" * 10)


def _zstd_trailing_garbage(raw):
    return r.Chunk(digest=sha(raw), raw_size=len(raw), codec=codec.CODEC_ZSTD, data=zstd(raw) + b"garbage")


def _huge_window(raw):  # a frame header asking for a 2 GiB window
    params = zstandard.ZstdCompressionParameters(window_log=31, write_content_size=False)
    compressor = zstandard.ZstdCompressor(compression_params=params).compressobj()
    return r.Chunk(digest=sha(raw), raw_size=len(raw), codec=codec.CODEC_ZSTD,
                   data=compressor.compress(raw) + compressor.flush())


def _two_frames(raw):  # the whole chunk, then a second frame a lax reader would ignore
    return r.Chunk(digest=sha(raw), raw_size=len(raw), codec=codec.CODEC_ZSTD, data=zstd(raw) + zstd(b"more"))


def _no_content_size(raw):
    data = zstandard.ZstdCompressor(write_content_size=False).compress(raw)
    return r.Chunk(digest=sha(raw), raw_size=len(raw), codec=codec.CODEC_ZSTD, data=data)


def _codec(value):
    return lambda raw: r.Chunk(digest=sha(raw), raw_size=len(raw), codec=value, data=raw)


UPLOAD_CASES = {
    "digest-mismatch": (_mismatched_digest, INVALID_ARGUMENT, "CHUNK_DIGEST_MISMATCH"),
    "zstd-digest-mismatch": (_zstd_mismatched_digest, INVALID_ARGUMENT, "CHUNK_DIGEST_MISMATCH"),
    "zstd-decodes-past-raw-size": (_zstd_longer, INVALID_ARGUMENT, "CHUNK_SIZE_MISMATCH"),
    "zstd-decodes-short-of-raw-size": (_zstd_shorter, INVALID_ARGUMENT, "CHUNK_SIZE_MISMATCH"),
    "raw-longer-than-raw-size": (_raw_longer, INVALID_ARGUMENT, "CHUNK_SIZE_MISMATCH"),
    "raw-shorter-than-raw-size": (_raw_shorter, INVALID_ARGUMENT, "CHUNK_SIZE_MISMATCH"),
    "zstd-empty-data": (_empty_data, INVALID_ARGUMENT, "CORRUPT_CHUNK"),
    "negative-raw-size": (_negative_size, INVALID_ARGUMENT, "CHUNK_SIZE_MISMATCH"),
    "raw-size-over-limit": (_too_large, RESOURCE_EXHAUSTED, "CHUNK_TOO_LARGE"),
    "raw-size-2-62": (_huge_size, RESOURCE_EXHAUSTED, "CHUNK_TOO_LARGE"),
    "garbage-claimed-zstd": (_garbage_zstd, INVALID_ARGUMENT, "CORRUPT_CHUNK"),
    "zstd-trailing-garbage": (_zstd_trailing_garbage, INVALID_ARGUMENT, "CORRUPT_CHUNK"),
    "zstd-2gib-window": (_huge_window, INVALID_ARGUMENT, "CORRUPT_CHUNK"),
    "zstd-two-frames": (_two_frames, INVALID_ARGUMENT, "CORRUPT_CHUNK"),
    "zstd-no-content-size": (_no_content_size, INVALID_ARGUMENT, "CORRUPT_CHUNK"),
    "codec-unspecified": (_codec(r.CODEC_UNSPECIFIED), INVALID_ARGUMENT, "INVALID_CODEC"),
    "codec-unknown": (_codec(7), INVALID_ARGUMENT, "INVALID_CODEC"),
}


@pytest.mark.parametrize("make,code,reason", UPLOAD_CASES.values(), ids=UPLOAD_CASES.keys())
def test_bad_chunk_is_refused_and_not_stored(registry, api, make, code, reason):
    raw = os.urandom(2000) + bytes(2000)
    bad = make(raw)
    before = registry.event_head()
    assert refusal(upload, api, bad) == (code, reason)
    assert missing(api, bad.digest, sha(raw)) == list(dict.fromkeys([bad.digest, sha(raw)]))
    assert registry.event_head() == before


@pytest.mark.parametrize("digest", [
    lambda raw: sha(raw).upper(),
    lambda raw: "sha256:" + sha(raw),
    lambda raw: sha(raw)[:-1],
    lambda raw: sha(raw) + "0",
    lambda raw: "",
    lambda raw: "../../" + sha(raw)[6:],
    lambda raw: sha(raw)[:-1] + "g",
], ids=["uppercase", "prefixed", "short", "long", "empty", "path-traversal", "non-hex"])
def test_chunk_with_invalid_digest_is_refused_and_not_stored(api, digest):
    raw = os.urandom(1000)
    bad = r.Chunk(digest=digest(raw), raw_size=len(raw), codec=codec.CODEC_NONE, data=raw)
    assert refusal(upload, api, bad) == (INVALID_ARGUMENT, "INVALID_DIGEST")
    assert missing(api, sha(raw)) == [sha(raw)]


def test_chunks_before_a_bad_one_stay_stored_the_rest_do_not(api):
    first, second, third = (os.urandom(1000) for _ in range(3))
    assert refusal(upload, api, chunk(first), _mismatched_digest(second), chunk(third)) == (
        INVALID_ARGUMENT, "CHUNK_DIGEST_MISMATCH")
    assert missing(api, sha(first), sha(second), sha(third)) == [sha(second), sha(third)]


def test_bad_reupload_of_a_stored_chunk_is_refused_and_keeps_it(registry, api, model):
    raw = os.urandom(3000)
    assert upload(api, chunk(raw)).stored_chunks == 1
    liar = r.Chunk(digest=sha(raw), raw_size=len(raw), codec=codec.CODEC_NONE, data=os.urandom(3000))
    assert refusal(upload, api, liar) == (INVALID_ARGUMENT, "CHUNK_DIGEST_MISMATCH")
    assert missing(api, sha(raw)) == []
    # The stored bytes are still the right ones: a version made of them is accepted.
    version = api.registry.CreateVersion(rs.CreateVersionRequest(model_id=model, files=[entry("w.bin", raw)]),
                                         timeout=TIMEOUT).version
    assert version.total_size == len(raw)


def _vm_kib(pid: int, field: str) -> int:
    return int(re.search(rf"^{field}:\s+(\d+) kB", open(f"/proc/{pid}/status").read(), re.M).group(1))


def test_zstd_bomb_fails_fast_without_the_server_ballooning(own_server):
    """100 MB of zeros in a ~3 KB frame, declared as 1 KiB: refused after reading 1 KiB + 1."""
    raw = bytes(1024)
    compressor = zstandard.ZstdCompressor(level=3).compressobj(size=100 * MiB)
    bomb = b"".join(compressor.compress(bytes(MiB)) for _ in range(100)) + compressor.flush()
    assert len(bomb) < 64 * 1024
    bad = r.Chunk(digest=sha(raw), raw_size=len(raw), codec=codec.CODEC_ZSTD, data=bomb)
    with grpc.insecure_channel(own_server.address) as channel:
        api = SimpleNamespace(transfer=transfer_service_pb2_grpc.TransferServiceStub(channel))
        missing(api, sha(raw))  # warm up the server's reader threads
        peak_before = _vm_kib(own_server.proc.pid, "VmHWM")
        started = time.monotonic()
        assert refusal(upload, api, bad) == (INVALID_ARGUMENT, "CHUNK_SIZE_MISMATCH")
        assert time.monotonic() - started < 5
        assert _vm_kib(own_server.proc.pid, "VmHWM") - peak_before < 32 * 1024
        assert missing(api, sha(raw)) == [sha(raw)]


@pytest.mark.parametrize("digests,reason", [
    (["A" * 64], "INVALID_DIGEST"),
    (["0" * 63], "INVALID_DIGEST"),
    (["sha256:" + "0" * 64], "INVALID_DIGEST"),
    (["0" * 64, ""], "INVALID_DIGEST"),
    (["%064x" % i for i in range(10_001)], "TOO_MANY_DIGESTS"),
], ids=["uppercase", "short", "prefixed", "empty-after-valid", "10001-digests"])
def test_find_missing_chunks_refuses_bad_digests(api, digests, reason):
    assert refusal(api.transfer.FindMissingChunks, ts.FindMissingChunksRequest(digests=digests),
                   timeout=TIMEOUT) == (INVALID_ARGUMENT, reason)


# Manifests


@pytest.fixture
def manifest(api):
    """Four chunks stored on the server and a valid manifest made of them."""
    a, b, c, d = (os.urandom(1500) for _ in range(4))
    upload(api, *map(chunk, (a, b, c, d)))
    files = [entry("config.json", a), entry("weights/model.bin", b, c), entry("empty.txt"),
             entry("bin/run.sh", d, mode=0o755)]
    return SimpleNamespace(files=files, raws=(a, b, c, d))


def _first_path(path):
    return lambda m, base: {"files": [changed(m.files[0], path=path)] + m.files[1:]}


MANIFEST_CASES = {
    "chunk-never-uploaded": (lambda m, base: {"files": m.files + [entry("extra.bin", os.urandom(100))]},
                             FAILED_PRECONDITION, "CHUNKS_MISSING"),
    "no-files": (lambda m, base: {"files": []}, INVALID_ARGUMENT, "INVALID_MANIFEST"),
    "absolute-path": (_first_path("/etc/passwd"), INVALID_ARGUMENT, "INVALID_PATH"),
    "drive-letter-path": (_first_path("C:/x"), INVALID_ARGUMENT, "INVALID_PATH"),
    "dot-dot-segment": (_first_path("weights/../../x"), INVALID_ARGUMENT, "INVALID_PATH"),
    "dot-dot-only": (_first_path(".."), INVALID_ARGUMENT, "INVALID_PATH"),
    "dot-segment": (_first_path("./config.json"), INVALID_ARGUMENT, "INVALID_PATH"),
    "dot-only": (_first_path("."), INVALID_ARGUMENT, "INVALID_PATH"),
    "empty-segment": (_first_path("weights//x"), INVALID_ARGUMENT, "INVALID_PATH"),
    "trailing-slash": (_first_path("config/"), INVALID_ARGUMENT, "INVALID_PATH"),
    "empty-path": (_first_path(""), INVALID_ARGUMENT, "INVALID_PATH"),
    "nul": (_first_path("config\x00.json"), INVALID_ARGUMENT, "INVALID_PATH"),
    "control-char": (_first_path("config\n.json"), INVALID_ARGUMENT, "INVALID_PATH"),
    "backslash": (_first_path("weights\\x"), INVALID_ARGUMENT, "INVALID_PATH"),
    "segment-over-255-bytes": (_first_path("é" * 128), INVALID_ARGUMENT, "INVALID_PATH"),
    "path-over-4096-bytes": (_first_path("/".join(["d" * 200] * 40)), INVALID_ARGUMENT, "INVALID_PATH"),
    "duplicate-path": (lambda m, base: {"files": m.files + [m.files[0]]}, INVALID_ARGUMENT, "DUPLICATE_PATH"),
    "duplicate-path-other-content": (lambda m, base: {"files": m.files + [changed(m.files[3], path="config.json")]},
                                     INVALID_ARGUMENT, "DUPLICATE_PATH"),
    "file-and-directory": (lambda m, base: {"files": m.files + [changed(m.files[3], path="config.json/x")]},
                           INVALID_ARGUMENT, "INVALID_PATH"),
    "file-and-directory-deeper": (lambda m, base: {"files": m.files + [changed(m.files[3], path="weights")]},
                                  INVALID_ARGUMENT, "INVALID_PATH"),
    "size-above-chunk-sum": (lambda m, base: {"files": [changed(m.files[1], size=m.files[1].size + 1)] + m.files[2:]},
                             INVALID_ARGUMENT, "INVALID_MANIFEST"),
    "size-below-chunk-sum": (lambda m, base: {"files": [changed(m.files[1], size=m.files[1].size - 1)] + m.files[2:]},
                             INVALID_ARGUMENT, "INVALID_MANIFEST"),
    "negative-size": (lambda m, base: {"files": [changed(m.files[2], size=-1)]}, INVALID_ARGUMENT, "INVALID_MANIFEST"),
    "chunk-size-differs-from-stored": (
        lambda m, base: {"files": [changed(m.files[0], size=m.files[0].size + 1,
                                           chunks=[r.ChunkRef(digest=sha(m.raws[0]), size=len(m.raws[0]) + 1)])]},
        INVALID_ARGUMENT, "INVALID_MANIFEST"),
    "chunk-size-zero": (lambda m, base: {"files": [changed(m.files[0], size=0,
                                                           chunks=[r.ChunkRef(digest=sha(m.raws[0]), size=0)])]},
                        INVALID_ARGUMENT, "INVALID_MANIFEST"),
    "chunk-size-over-limit": (
        lambda m, base: {"files": [changed(m.files[0], size=16 * MiB + 1,
                                           chunks=[r.ChunkRef(digest=sha(m.raws[0]), size=16 * MiB + 1)])]},
        INVALID_ARGUMENT, "INVALID_MANIFEST"),
    "chunk-digest-invalid": (
        lambda m, base: {"files": [changed(m.files[0], chunks=[r.ChunkRef(digest=sha(m.raws[0]).upper(),
                                                                          size=len(m.raws[0]))])]},
        INVALID_ARGUMENT, "INVALID_DIGEST"),
    "chunks-in-wrong-order": (
        lambda m, base: {"files": [changed(m.files[1], chunks=list(reversed(m.files[1].chunks)))]},
        INVALID_ARGUMENT, "FILE_DIGEST_MISMATCH"),
    "wrong-file-sha256": (lambda m, base: {"files": m.files[:3] + [changed(m.files[3], sha256=sha(b"other"))]},
                          INVALID_ARGUMENT, "FILE_DIGEST_MISMATCH"),
    "empty-file-wrong-sha256": (lambda m, base: {"files": [changed(m.files[2], sha256="0" * 64)] + m.files[:2]},
                                INVALID_ARGUMENT, "FILE_DIGEST_MISMATCH"),
    "sha256-not-hex": (lambda m, base: {"files": [changed(m.files[0], sha256="x" * 64)]},
                       INVALID_ARGUMENT, "INVALID_MANIFEST"),
    "sha256-uppercase": (lambda m, base: {"files": [changed(m.files[0], sha256=m.files[0].sha256.upper())]},
                         INVALID_ARGUMENT, "INVALID_MANIFEST"),
    "tree-digest-wrong": (lambda m, base: {"files": [changed(as_tree(f), tree_digest=sha(b"x")) for f in m.files]},
                          INVALID_ARGUMENT, "TREE_DIGEST_MISMATCH"),
    "tree-digest-of-another-file": (
        lambda m, base: {"files": [as_tree(m.files[0]), changed(as_tree(m.files[1]), tree_digest=as_tree(m.files[3]).tree_digest)]},
        INVALID_ARGUMENT, "TREE_DIGEST_MISMATCH"),
    "tree-digest-uppercase": (lambda m, base: {"files": [changed(as_tree(m.files[0]), tree_digest=as_tree(m.files[0]).tree_digest.upper())]},
                              INVALID_ARGUMENT, "INVALID_MANIFEST"),
    "tree-digest-on-some-files": (lambda m, base: {"files": [as_tree(m.files[0])] + m.files[1:]},
                                  INVALID_ARGUMENT, "INVALID_MANIFEST"),
    "tree-chunk-size-differs-from-stored": (
        lambda m, base: {"files": [as_tree(m.files[0], size=m.files[0].size + 1,
                                           chunks=[r.ChunkRef(digest=sha(m.raws[0]), size=len(m.raws[0]) + 1)])]},
        INVALID_ARGUMENT, "CHUNK_SIZE_MISMATCH"),
    "tree-chunk-listed-with-two-sizes": (
        lambda m, base: {"files": [as_tree(m.files[0]), as_tree(m.files[0], path="again.json", size=m.files[0].size - 1,
                                                                chunks=[r.ChunkRef(digest=sha(m.raws[0]), size=len(m.raws[0]) - 1)])]},
        INVALID_ARGUMENT, "CHUNK_SIZE_MISMATCH"),
    "tree-with-wrong-sha256": (lambda m, base: {"files": [changed(as_tree(m.files[1]), sha256=sha(b"other"))]},
                               INVALID_ARGUMENT, "FILE_DIGEST_MISMATCH"),
    "tree-chunk-never-uploaded": (lambda m, base: {"files": [as_tree(f) for f in m.files + [entry("x.bin", os.urandom(99))]]},
                                  FAILED_PRECONDITION, "CHUNKS_MISSING"),
    "mode-sticky-bit": (lambda m, base: {"files": [changed(m.files[0], mode=0o1755)]},
                        INVALID_ARGUMENT, "INVALID_MANIFEST"),
    "mode-setuid": (lambda m, base: {"files": [changed(m.files[0], mode=0o4755)]}, INVALID_ARGUMENT, "INVALID_MANIFEST"),
    "mode-file-type-bits": (lambda m, base: {"files": [changed(m.files[0], mode=0o100644)]},
                            INVALID_ARGUMENT, "INVALID_MANIFEST"),
    "mode-max-uint32": (lambda m, base: {"files": [changed(m.files[0], mode=2**32 - 1)]},
                        INVALID_ARGUMENT, "INVALID_MANIFEST"),
    "alias-latest": (lambda m, base: {"aliases": ["latest"]}, INVALID_ARGUMENT, "RESERVED_ALIAS"),
    "alias-v3": (lambda m, base: {"aliases": ["v3"]}, INVALID_ARGUMENT, "INVALID_ALIAS"),
    "alias-uppercase-after-valid": (lambda m, base: {"aliases": ["prod", "Staging"]},
                                    INVALID_ARGUMENT, "INVALID_ALIAS"),
    "tag-key": (lambda m, base: {"tags": {"bad key": "x"}}, INVALID_ARGUMENT, "INVALID_TAG"),
    "metric-nan": (lambda m, base: {"metrics": {"acc": float("nan")}}, INVALID_ARGUMENT, "INVALID_METRIC"),
    "metric-infinite": (lambda m, base: {"metrics": {"loss": float("-inf")}}, INVALID_ARGUMENT, "INVALID_METRIC"),
    "param-key": (lambda m, base: {"params": {"-lr": "0.1"}}, INVALID_ARGUMENT, "INVALID_PARAM"),
    "lineage-malformed-reference": (lambda m, base: {"inputs": [r.LineageInput(version=f"{base}:v0")]},
                                    INVALID_ARGUMENT, "INVALID_REFERENCE"),
    "lineage-missing-version": (lambda m, base: {"inputs": [r.LineageInput(version=f"{base}:v9")]},
                                NOT_FOUND, "VERSION_NOT_FOUND"),
    "lineage-missing-model": (lambda m, base: {"inputs": [r.LineageInput(version=f"{base}-nosuch:v1")]},
                              NOT_FOUND, "MODEL_NOT_FOUND"),
    "lineage-missing-after-valid": (
        lambda m, base: {"inputs": [r.LineageInput(version=f"{base}:v1"), r.LineageInput(version=f"{base}:v7")]},
        NOT_FOUND, "VERSION_NOT_FOUND"),
    "lineage-empty-input": (lambda m, base: {"inputs": [r.LineageInput(relation="trained_on")]},
                            INVALID_ARGUMENT, "INVALID_LINEAGE"),
    "lineage-bad-relation": (lambda m, base: {"inputs": [r.LineageInput(version=f"{base}:v1", relation="Derived")]},
                             INVALID_ARGUMENT, "INVALID_LINEAGE"),
}


@pytest.mark.parametrize("target", ["new-model", "existing-model"])
@pytest.mark.parametrize("case,code,reason", MANIFEST_CASES.values(), ids=MANIFEST_CASES.keys())
def test_bad_create_version_creates_nothing(registry, api, pushed, manifest, target, case, code, reason):
    name = pushed if target == "existing-model" else pushed + "-new"
    request = rs.CreateVersionRequest(**{"model_id": name, "files": manifest.files, **case(manifest, pushed)})
    before = world(registry), model_state(registry, name)
    assert refusal(api.registry.CreateVersion, request, timeout=TIMEOUT) == (code, reason)
    after = world(registry), model_state(registry, name)
    assert after == before
    if target == "new-model":
        assert after[1] is None
    else:
        assert after[1]["model"]["versionCount"] == "1"


def test_valid_manifest_of_the_bad_cases_is_accepted(registry, api, pushed, manifest):
    """The control: the manifest the cases above spoil is itself fine."""
    request = rs.CreateVersionRequest(model_id=pushed + "-new", files=manifest.files, aliases=["prod"],
                                      inputs=[r.LineageInput(version=f"{pushed}:v1")])
    version = api.registry.CreateVersion(request, timeout=TIMEOUT).version
    assert version.number == 1 and version.file_count == 4
    assert version.manifest_format == r.MANIFEST_FORMAT_FILE_SHA256
    assert [f.sha256 for f in version.files] == [f.sha256 for f in sorted(manifest.files, key=lambda f: f.path)]


def test_valid_tree_manifest_of_the_bad_cases_is_accepted(registry, api, pushed, manifest):
    """The same files named by their tree digests (format 2): accepted without being re-read; the
    version's digest is the format 2 one, and the sha256s come later, from the server."""
    files = [as_tree(f) for f in manifest.files]
    request = rs.CreateVersionRequest(model_id=pushed + "-tree", files=files)
    version = api.registry.CreateVersion(request, timeout=TIMEOUT).version
    assert version.manifest_format == r.MANIFEST_FORMAT_CHUNK_TREE
    assert version.digest == manifest_digest(files, CHUNK_TREE)
    assert [f.tree_digest for f in version.files] == [f.tree_digest for f in sorted(files, key=lambda f: f.path)]


def test_chunks_missing_names_the_first_missing_digest(registry, api, model, manifest):
    never = [os.urandom(100) for _ in range(3)]
    request = rs.CreateVersionRequest(model_id=model, files=manifest.files + [entry("x.bin", *never)])
    code, reason, metadata = refusal_info(api.registry.CreateVersion, request, timeout=TIMEOUT)
    assert (code, reason) == (FAILED_PRECONDITION, "CHUNKS_MISSING")
    assert metadata == {"missing_count": "3", "first_missing": sha(never[0])}
    assert model_state(registry, model) is None


# Aliases


SET_ALIAS_CASES = {
    "stale-compare-and-swap": (dict(alias="prod", version=3, expect=1), ABORTED, "ALIAS_CONFLICT"),
    "must-not-exist-but-does": (dict(alias="prod", version=3, expect=0), ABORTED, "ALIAS_CONFLICT"),
    "must-exist-but-does-not": (dict(alias="staging", version=3, expect=2), ABORTED, "ALIAS_CONFLICT"),
    "latest": (dict(alias="latest", version=2), INVALID_ARGUMENT, "RESERVED_ALIAS"),
    "latest-with-expect": (dict(alias="latest", version=2, expect=3), INVALID_ARGUMENT, "RESERVED_ALIAS"),
    "v3": (dict(alias="v3", version=3), INVALID_ARGUMENT, "INVALID_ALIAS"),
    "v0": (dict(alias="v0", version=3), INVALID_ARGUMENT, "INVALID_ALIAS"),
    "uppercase": (dict(alias="Prod", version=3), INVALID_ARGUMENT, "INVALID_ALIAS"),
    "empty": (dict(alias="", version=3), INVALID_ARGUMENT, "INVALID_ALIAS"),
    "leading-digit": (dict(alias="1st", version=3), INVALID_ARGUMENT, "INVALID_ALIAS"),
    "too-long": (dict(alias="a" * 65, version=3), INVALID_ARGUMENT, "INVALID_ALIAS"),
    "nul": (dict(alias="prod\x00", version=3), INVALID_ARGUMENT, "INVALID_ALIAS"),
    "slash": (dict(alias="prod/x", version=3), INVALID_ARGUMENT, "INVALID_ALIAS"),
    "archived-version": (dict(alias="prod", version=1), FAILED_PRECONDITION, "VERSION_ARCHIVED"),
    "archived-version-new-alias": (dict(alias="old", version=1), FAILED_PRECONDITION, "VERSION_ARCHIVED"),
    "missing-version": (dict(alias="prod", version=4), NOT_FOUND, "VERSION_NOT_FOUND"),
    "version-zero": (dict(alias="prod", version=0), INVALID_ARGUMENT, "INVALID_VERSION"),
    "negative-version": (dict(alias="prod", version=-2), INVALID_ARGUMENT, "INVALID_VERSION"),
    "negative-expect": (dict(alias="prod", version=3, expect=-1), INVALID_ARGUMENT, "INVALID_VERSION"),
    "v03": (dict(alias="v03", version=3), INVALID_ARGUMENT, "INVALID_ALIAS"),
    "max-int64-version": (dict(alias="prod", version=2**63 - 1), NOT_FOUND, "VERSION_NOT_FOUND"),
    "missing-model": (dict(model="{m}-nosuch", alias="prod", version=1), NOT_FOUND, "MODEL_NOT_FOUND"),
}


@pytest.mark.parametrize("args,code,reason", SET_ALIAS_CASES.values(), ids=SET_ALIAS_CASES.keys())
def test_bad_set_alias_moves_nothing(registry, versions3, args, code, reason):
    args = dict(args)
    model = args.pop("model", "{m}").format(m=versions3)
    before = world(registry), model_state(registry, versions3)
    assert refusal(registry.set_alias, model, args.pop("alias"), args.pop("version"), **args) == (code, reason)
    after = world(registry), model_state(registry, versions3)
    assert after == before
    assert {a["alias"]: a["version"] for a in after[1]["aliases"]} == {"latest": "3", "prod": "2"}


def test_alias_conflict_tells_where_the_alias_points(registry, versions3):
    assert refusal_info(registry.set_alias, versions3, "prod", 3, expect=1) == (
        ABORTED, "ALIAS_CONFLICT", {"current_version": "2"})


DELETE_ALIAS_CASES = {
    "latest": (dict(alias="latest"), INVALID_ARGUMENT, "RESERVED_ALIAS"),
    "v2": (dict(alias="v2"), INVALID_ARGUMENT, "INVALID_ALIAS"),
    "uppercase": (dict(alias="PROD"), INVALID_ARGUMENT, "INVALID_ALIAS"),
    "missing-alias": (dict(alias="staging"), NOT_FOUND, "ALIAS_NOT_FOUND"),
    "stale-compare-and-swap": (dict(alias="prod", expect=3), ABORTED, "ALIAS_CONFLICT"),
    "expect-absent": (dict(alias="prod", expect=0), ABORTED, "ALIAS_CONFLICT"),
    "negative-expect": (dict(alias="prod", expect=-1), INVALID_ARGUMENT, "INVALID_VERSION"),
    "v0002": (dict(alias="v0002"), INVALID_ARGUMENT, "INVALID_ALIAS"),
    "missing-model": (dict(model="{m}-nosuch", alias="prod"), NOT_FOUND, "MODEL_NOT_FOUND"),
}


@pytest.mark.parametrize("args,code,reason", DELETE_ALIAS_CASES.values(), ids=DELETE_ALIAS_CASES.keys())
def test_bad_delete_alias_removes_nothing(registry, versions3, args, code, reason):
    args = dict(args)
    model = args.pop("model", "{m}").format(m=versions3)
    before = world(registry), model_state(registry, versions3)
    assert refusal(registry.delete_alias, model, args.pop("alias"), **args) == (code, reason)
    assert (world(registry), model_state(registry, versions3)) == before


# `v` and digits is a version number however many leading zeros it has: never an alias, and in a
# reference always the version it counts.
VERSION_SPELLINGS = ["v03", "v0003", "v00000000000000000003", "v" + "0" * 62 + "3"]


@pytest.mark.parametrize("alias", VERSION_SPELLINGS)
def test_alias_spelling_a_version_with_leading_zeros_is_refused(server, registry, api, versions3, alias):
    before = data_state(server.data), model_state(registry, versions3)
    assert refusal(registry.set_alias, versions3, alias, 2) == (INVALID_ARGUMENT, "INVALID_ALIAS")
    files = registry.get_version(f"{versions3}:v3", files=True).files
    assert refusal(api.registry.CreateVersion, rs.CreateVersionRequest(
        model_id=versions3, files=files, aliases=[alias]), timeout=TIMEOUT) == (INVALID_ARGUMENT, "INVALID_ALIAS")
    assert (data_state(server.data), model_state(registry, versions3)) == before


@pytest.mark.parametrize("ref", ["{m}:v0003", "{m}:v00000000000000000003", "{m}:0003", "{m}:00000000000000000003",
                                 "models/{m}/versions/0003", "{m}:v" + "0" * 5000 + "3"],
                         ids=["v0003", "v-20-digits", "0003", "20-digits", "resource-0003", "v-5000-zeros"])
def test_reference_with_leading_zeros_is_the_version_it_counts(registry, versions3, ref):
    assert registry.get_version(ref.format(m=versions3)).name == f"models/{versions3}/versions/3"


@pytest.mark.parametrize("ref", ["{m}:v000", "{m}:v00000000000000000000", "{m}:v9223372036854775808",
                                 "{m}:v" + "9" * 5000],
                         ids=["v000", "v-20-zeros", "v-int64-max-plus-1", "v-5000-nines"])
def test_reference_to_version_zero_or_beyond_int64_is_invalid_reference(registry, versions3, ref):
    assert refusal(registry.get_version, ref.format(m=versions3)) == (INVALID_ARGUMENT, "INVALID_REFERENCE")


SET_ALIAS_VERSIONS = {
    "version-0": rs.SetAliasRequest(alias="prod", version=0),
    "version-minus-5": rs.SetAliasRequest(alias="prod", version=-5),
    "version-min-int64": rs.SetAliasRequest(alias="prod", version=-2**63),
    "new-alias-version-0": rs.SetAliasRequest(alias="fresh", version=0),
    "expected-minus-5": rs.SetAliasRequest(alias="prod", version=3, expected_version=-5),
}


@pytest.mark.parametrize("request_", SET_ALIAS_VERSIONS.values(), ids=SET_ALIAS_VERSIONS.keys())
def test_set_alias_to_a_version_below_1_is_invalid_version(server, registry, api, versions3, request_):
    request = rs.SetAliasRequest()
    request.CopyFrom(request_)
    request.model = versions3
    before = data_state(server.data), model_state(registry, versions3)
    assert refusal(api.registry.SetAlias, request, timeout=TIMEOUT) == (INVALID_ARGUMENT, "INVALID_VERSION")
    assert (data_state(server.data), model_state(registry, versions3)) == before


def test_delete_alias_expecting_a_negative_version_is_invalid_version(server, registry, api, versions3):
    before = data_state(server.data), model_state(registry, versions3)
    request = rs.DeleteAliasRequest(model=versions3, alias="prod", expected_version=-5)
    assert refusal(api.registry.DeleteAlias, request, timeout=TIMEOUT) == (INVALID_ARGUMENT, "INVALID_VERSION")
    assert (data_state(server.data), model_state(registry, versions3)) == before


# Updates and deletes


@pytest.fixture
def described(registry, pushed):
    """The pushed model with a description and a tag, and the etag it had before that update."""
    stale = registry.get_model(pushed).etag
    registry.update_model(pushed, description="card", tags={"team": "search"})
    return SimpleNamespace(name=pushed, stale_etag=stale)


UPDATE_MODEL_CASES = {
    "stale-etag": (lambda d: (r.Model(name=d.name, description="new", etag=d.stale_etag), ["description"]),
                   ABORTED, "ETAG_MISMATCH"),
    "empty-mask": (lambda d: (r.Model(name=d.name, description="new"), []), INVALID_ARGUMENT, "INVALID_UPDATE_MASK"),
    "mask-name": (lambda d: (r.Model(name=d.name), ["name"]), INVALID_ARGUMENT, "INVALID_UPDATE_MASK"),
    "mask-etag": (lambda d: (r.Model(name=d.name, etag="x"), ["etag"]), INVALID_ARGUMENT, "INVALID_UPDATE_MASK"),
    "mask-aliases": (lambda d: (r.Model(name=d.name), ["aliases"]), INVALID_ARGUMENT, "INVALID_UPDATE_MASK"),
    "mask-latest-version": (lambda d: (r.Model(name=d.name, latest_version=9), ["latest_version"]),
                            INVALID_ARGUMENT, "INVALID_UPDATE_MASK"),
    "mask-wildcard": (lambda d: (r.Model(name=d.name), ["*"]), INVALID_ARGUMENT, "INVALID_UPDATE_MASK"),
    "mask-tags-dot": (lambda d: (r.Model(name=d.name), ["tags."]), INVALID_ARGUMENT, "INVALID_UPDATE_MASK"),
    "mask-description-key": (lambda d: (r.Model(name=d.name), ["description.x"]),
                             INVALID_ARGUMENT, "INVALID_UPDATE_MASK"),
    "valid-then-bad-mask": (lambda d: (r.Model(name=d.name, description="new"), ["description", "create_time"]),
                            INVALID_ARGUMENT, "INVALID_UPDATE_MASK"),
    "bad-tag-key": (lambda d: (r.Model(name=d.name, tags={"a b": "x"}), ["tags"]), INVALID_ARGUMENT, "INVALID_TAG"),
    "bad-tag-value": (lambda d: (r.Model(name=d.name, tags={"team": "x" * 1025}), ["tags.team"]),
                      INVALID_ARGUMENT, "INVALID_TAG"),
    "bad-name": (lambda d: (r.Model(name="Bad", description="new"), ["description"]),
                 INVALID_ARGUMENT, "INVALID_NAME"),
    "missing-model": (lambda d: (r.Model(name=d.name + "-nosuch", description="new"), ["description"]),
                      NOT_FOUND, "MODEL_NOT_FOUND"),
}


@pytest.mark.parametrize("case,code,reason", UPDATE_MODEL_CASES.values(), ids=UPDATE_MODEL_CASES.keys())
def test_bad_update_model_changes_nothing(registry, api, described, case, code, reason):
    model, paths = case(described)
    request = rs.UpdateModelRequest(model=model, update_mask=field_mask_pb2.FieldMask(paths=paths))
    before = world(registry), model_state(registry, described.name)
    assert refusal(api.registry.UpdateModel, request, timeout=TIMEOUT) == (code, reason)
    after = world(registry), model_state(registry, described.name)
    assert after == before
    assert after[1]["model"]["description"] == "card"


def test_stale_etag_on_update_model_through_the_sdk(registry, described):
    before = world(registry), model_state(registry, described.name)
    assert refusal(registry.update_model, described.name, tags={"team": None}, etag=described.stale_etag) == (
        ABORTED, "ETAG_MISMATCH")
    assert (world(registry), model_state(registry, described.name)) == before


@pytest.mark.parametrize("kwargs,code,reason", [
    (dict(force=True, etag="stale"), ABORTED, "ETAG_MISMATCH"),
    (dict(), FAILED_PRECONDITION, "MODEL_HAS_READY_VERSIONS"),
], ids=["stale-etag", "ready-versions-without-force"])
def test_bad_delete_model_deletes_nothing(registry, described, kwargs, code, reason):
    before = world(registry), model_state(registry, described.name)
    assert refusal(registry.delete_model, described.name, **kwargs) == (code, reason)
    assert (world(registry), model_state(registry, described.name)) == before


UPDATE_VERSION_CASES = {
    "stale-etag": (lambda m, etag: (r.Version(name=f"{m}:v1", description="x", etag=etag), ["description"]),
                   ABORTED, "ETAG_MISMATCH"),
    "mask-params": (lambda m, etag: (r.Version(name=f"{m}:v1", params={"lr": "1"}), ["params"]),
                    INVALID_ARGUMENT, "INVALID_UPDATE_MASK"),
    "mask-files": (lambda m, etag: (r.Version(name=f"{m}:v1"), ["files"]), INVALID_ARGUMENT, "INVALID_UPDATE_MASK"),
    "mask-state": (lambda m, etag: (r.Version(name=f"{m}:v1", state=r.VERSION_STATE_ARCHIVED), ["state"]),
                   INVALID_ARGUMENT, "INVALID_UPDATE_MASK"),
    "empty-mask": (lambda m, etag: (r.Version(name=f"{m}:v1", description="x"), []),
                   INVALID_ARGUMENT, "INVALID_UPDATE_MASK"),
    "metric-nan": (lambda m, etag: (r.Version(name=f"{m}:v1", metrics={"acc": float("nan")}), ["metrics.acc"]),
                   INVALID_ARGUMENT, "INVALID_METRIC"),
    "metric-key": (lambda m, etag: (r.Version(name=f"{m}:v1", metrics={"a b": 1.0}), ["metrics"]),
                   INVALID_ARGUMENT, "INVALID_METRIC"),
    "tag-key": (lambda m, etag: (r.Version(name=f"{m}:v1", tags={"a b": "x"}), ["tags"]),
                INVALID_ARGUMENT, "INVALID_TAG"),
}


@pytest.mark.parametrize("case,code,reason", UPDATE_VERSION_CASES.values(), ids=UPDATE_VERSION_CASES.keys())
def test_bad_update_version_changes_nothing(registry, api, pushed, case, code, reason):
    stale = registry.get_version(f"{pushed}:v1").etag
    registry.update_version(f"{pushed}:v1", description="first", metrics={"acc": 0.5})
    version, paths = case(pushed, stale)
    request = rs.UpdateVersionRequest(version=version, update_mask=field_mask_pb2.FieldMask(paths=paths))
    before = world(registry), model_state(registry, pushed)
    assert refusal(api.registry.UpdateVersion, request, timeout=TIMEOUT) == (code, reason)
    after = world(registry), model_state(registry, pushed)
    assert after == before
    assert after[1]["versions"][0]["description"] == "first"


# Lineage


LINEAGE_CASES = {
    "depth-51": (lambda reg, m: reg.lineage(f"{m}:v1", depth=51), INVALID_ARGUMENT, "INVALID_DEPTH"),
    "depth-negative": (lambda reg, m: reg.lineage(f"{m}:v1", depth=-1), INVALID_ARGUMENT, "INVALID_DEPTH"),
    "version-and-artifact": (lambda reg, m: reg.lineage(f"{m}:v1", artifact="s3://x"),
                             INVALID_ARGUMENT, "INVALID_LINEAGE"),
    "neither": (lambda reg, m: reg.lineage(""), INVALID_ARGUMENT, "INVALID_LINEAGE"),
    "unknown-artifact": (lambda reg, m: reg.lineage(artifact=f"s3://{m}/nothing-built-from-this"),
                         NOT_FOUND, "ARTIFACT_NOT_FOUND"),
    "add-no-inputs": (lambda reg, m: reg.add_lineage(f"{m}:v1", []), INVALID_ARGUMENT, "INVALID_LINEAGE"),
    "add-itself": (lambda reg, m: reg.add_lineage(f"{m}:v1", [f"{m}:latest"]), INVALID_ARGUMENT, "INVALID_LINEAGE"),
    "add-valid-then-itself": (lambda reg, m: reg.add_lineage(f"{m}:v1", ["s3://data/imdb", f"models/{m}/versions/1"]),
                              INVALID_ARGUMENT, "INVALID_LINEAGE"),
    "add-valid-then-missing": (lambda reg, m: reg.add_lineage(f"{m}:v1", ["s3://data/imdb", f"{m}:v5"]),
                               NOT_FOUND, "VERSION_NOT_FOUND"),
    "add-malformed-input": (lambda reg, m: reg.add_lineage(f"{m}:v1", [f"{m}:"]), INVALID_ARGUMENT, "INVALID_REFERENCE"),
    "add-bad-relation": (lambda reg, m: reg.add_lineage(f"{m}:v1", [r.LineageInput(
        artifact=r.ExternalArtifact(uri="s3://x"), relation="Trained-On")]), INVALID_ARGUMENT, "INVALID_LINEAGE"),
    "add-artifact-control-char": (lambda reg, m: reg.add_lineage(f"{m}:v1", ["s3://x\n/y"]),
                                  INVALID_ARGUMENT, "INVALID_LINEAGE"),
    "add-artifact-bad-kind": (lambda reg, m: reg.add_lineage(f"{m}:v1", [r.LineageInput(
        artifact=r.ExternalArtifact(uri="s3://x", kind="Data Set"))]), INVALID_ARGUMENT, "INVALID_LINEAGE"),
}


@pytest.mark.parametrize("call,code,reason", LINEAGE_CASES.values(), ids=LINEAGE_CASES.keys())
def test_bad_lineage_request_changes_nothing(registry, pushed, call, code, reason):
    before = world(registry), model_state(registry, pushed)
    assert refusal(call, registry, pushed) == (code, reason)
    after = world(registry), model_state(registry, pushed)
    assert after == before
    assert "inputs" not in after[1]["versions"][0]


# Watch


def first_watch_message(api, **fields):
    return next(api.events.Watch(ev.WatchRequest(**fields), timeout=TIMEOUT))


WATCH_CASES = {
    "cursor-past-head": (lambda head: dict(after_sequence=head + 1), OUT_OF_RANGE, "CURSOR_AHEAD"),
    "cursor-far-past-head": (lambda head: dict(after_sequence=2**62), OUT_OF_RANGE, "CURSOR_AHEAD"),
    "negative-cursor": (lambda head: dict(after_sequence=-1), INVALID_ARGUMENT, "INVALID_CURSOR"),
    "bad-model-filter": (lambda head: dict(models=["Not A Model"]), INVALID_ARGUMENT, "INVALID_NAME"),
    "bad-model-filter-after-good": (lambda head: dict(models=["ok", "../x"]), INVALID_ARGUMENT, "INVALID_NAME"),
    "bad-alias-filter": (lambda head: dict(aliases=["v3"]), INVALID_ARGUMENT, "INVALID_ALIAS"),
    "unknown-event-type": (lambda head: dict(event_types=[99]), INVALID_ARGUMENT, "INVALID_EVENT_TYPE"),
    "unspecified-event-type": (lambda head: dict(event_types=[r.EVENT_TYPE_UNSPECIFIED]),
                               INVALID_ARGUMENT, "INVALID_EVENT_TYPE"),
    "interval-1ms": (lambda head: dict(progress_interval=duration_pb2.Duration(nanos=1_000_000)),
                     INVALID_ARGUMENT, "INVALID_INTERVAL"),
    "interval-zero": (lambda head: dict(progress_interval=duration_pb2.Duration()), INVALID_ARGUMENT, "INVALID_INTERVAL"),
    "interval-negative": (lambda head: dict(progress_interval=duration_pb2.Duration(seconds=-5)),
                          INVALID_ARGUMENT, "INVALID_INTERVAL"),
    "interval-over-1h": (lambda head: dict(progress_interval=duration_pb2.Duration(seconds=3601)),
                         INVALID_ARGUMENT, "INVALID_INTERVAL"),
}


@pytest.mark.parametrize("fields,code,reason", WATCH_CASES.values(), ids=WATCH_CASES.keys())
def test_bad_watch_is_refused(registry, api, fields, code, reason):
    head = registry.event_head()
    assert refusal(first_watch_message, api, **fields(head)) == (code, reason)
    assert registry.event_head() == head


def test_cursor_ahead_through_the_sdk_tells_the_head(registry):
    head = registry.event_head()
    code, reason, metadata = refusal_info(lambda: next(iter(registry.watch(after=head + 10))))
    assert (code, reason, metadata) == (OUT_OF_RANGE, "CURSOR_AHEAD", {"head_sequence": str(head)})


def test_interval_of_1ms_through_the_sdk_is_refused(registry):
    assert refusal(lambda: next(iter(registry.watch(progress_interval=0.001)))) == (INVALID_ARGUMENT,
                                                                                     "INVALID_INTERVAL")


# Download


@pytest.mark.parametrize("offset", [
    lambda total: total + 1, lambda total: 2**62, lambda total: -1, lambda total: -2**63,
], ids=["one-past-the-end", "far-past-the-end", "minus-one", "min-int64"])
def test_download_offset_outside_the_content_is_out_of_range(registry, api, pushed, offset):
    version = registry.get_version(f"{pushed}:v1")
    request = ts.DownloadVersionRequest(name=version.name, offset=offset(version.total_size))
    received = []
    with pytest.raises(grpc.RpcError):
        for response in api.transfer.DownloadVersion(request, timeout=TIMEOUT):
            received.append(response)
    assert received == []
    assert refusal(lambda: list(api.transfer.DownloadVersion(request, timeout=TIMEOUT))) == (
        OUT_OF_RANGE, "OFFSET_OUT_OF_RANGE")


def test_download_offset_at_the_end_is_an_empty_stream(registry, api, pushed):
    """The boundary of the case above: offset == total size is a valid, finished download."""
    version = registry.get_version(f"{pushed}:v1")
    request = ts.DownloadVersionRequest(name=version.name, offset=version.total_size)
    assert list(api.transfer.DownloadVersion(request, timeout=TIMEOUT)) == []


def test_chunks_before_a_malformed_digest_are_kept(registry):
    """A chunk refused before verification (a malformed digest) still leaves every chunk sent
    before it stored, and none after it."""
    import os as _os
    good = [_os.urandom(50_000) for _ in range(40)]
    after = _os.urandom(50_000)
    chunks = [r.Chunk(digest=codec.sha256_hex(d), raw_size=len(d), codec=codec.CODEC_NONE, data=d) for d in good]
    bad = r.Chunk(digest="not-a-digest", raw_size=3, codec=codec.CODEC_NONE, data=b"abc")
    last = r.Chunk(digest=codec.sha256_hex(after), raw_size=len(after), codec=codec.CODEC_NONE, data=after)
    requests = [ts.UploadChunksRequest(chunk=c) for c in chunks + [bad, last]]
    with pytest.raises(grpc.RpcError) as e:
        registry.transfer.UploadChunks(iter(requests))
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert registry._find_missing([c.digest for c in chunks]) == set()
    assert registry._find_missing([last.digest]) == {last.digest}
