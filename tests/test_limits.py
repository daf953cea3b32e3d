"""Every limit on what a client can fill in, at the limit (accepted) and one past it (refused with
INVALID_ARGUMENT and a reason naming the limit, nothing stored); and list pages that shrink by
bytes so no response outgrows a default gRPC client's 4 MiB receive limit, whatever is stored.

The limits are the server's (server/modelreg_server/limits.py, docs/limits.md); the numbers are
repeated here on purpose, so that changing one is a visible API change."""

import hashlib

import grpc
import pytest
from google.protobuf import duration_pb2, field_mask_pb2

from conftest import data_state
from modelreg.v1 import (access_service_pb2 as ac, access_service_pb2_grpc, automation_service_pb2 as au,
                         automation_service_pb2_grpc, event_service_pb2 as ev, registry_service_pb2 as rs,
                         registry_service_pb2_grpc, resources_pb2 as r)
from test_bad_input import refusal_info

KiB = 1024
MiB = 1024 * KiB
INVALID_ARGUMENT = grpc.StatusCode.INVALID_ARGUMENT
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
DEFAULT_CLIENT_LIMIT = 4 * MiB


def empty_file(path: str = "empty.txt") -> r.FileEntry:
    return r.FileEntry(path=path, size=0, sha256=EMPTY_SHA256, mode=0o644)


def create_version(reg, model: str, *, files=None, **fields) -> r.Version:
    """A version of empty files (no chunk to upload), straight through the generated stub."""
    request = rs.CreateVersionRequest(model_id=model, files=files or [empty_file()], **fields)
    return reg.registry.CreateVersion(request, timeout=120).version


def text(size: int) -> str:
    """size bytes of UTF-8, mostly two-byte characters: limits count bytes, not characters."""
    return "é" * (size // 2) + "x" * (size % 2)


def keyed(n: int, value="v") -> dict:
    return {f"k{i}": value for i in range(n)}


def artifacts(n: int, prefix: str = "s3://data/shard") -> list[r.LineageInput]:
    return [r.LineageInput(artifact=r.ExternalArtifact(uri=f"{prefix}-{i}")) for i in range(n)]


def path_of(length: int, tag: str) -> str:
    """A valid relative path of exactly `length` characters (segments of at most 251)."""
    body = length - len(tag) - 1
    k = (body - 1) // 251
    return "/".join([tag] + ["p" * 250] * k + ["q" * (body - k * 251)])


def long_paths(total: int) -> list[r.FileEntry]:
    """Empty files whose manifest weighs exactly `total` bytes as the server counts it: path
    bytes plus FILE_ENTRY_BYTES per file (what a FileEntry carries besides its path and chunks)."""
    from modelreg_server.domain import FILE_ENTRY_BYTES
    count = total // 4096 - 1
    rest = total - count * 4096  # 4096..8191, shared by two files
    sizes = [4096 - FILE_ENTRY_BYTES] * count + [rest // 2 - FILE_ENTRY_BYTES, rest - rest // 2 - FILE_ENTRY_BYTES]
    return [empty_file(path_of(size, f"d{i}")) for i, size in enumerate(sizes)]


def update_model(reg, model: str, paths: list[str], **fields):
    return reg.registry.UpdateModel(rs.UpdateModelRequest(
        model=r.Model(name=model, **fields), update_mask=field_mask_pb2.FieldMask(paths=paths)), timeout=30)


def update_version(reg, name: str, paths: list[str], **fields):
    return reg.registry.UpdateVersion(rs.UpdateVersionRequest(
        version=r.Version(name=name, **fields), update_mask=field_mask_pb2.FieldMask(paths=paths)), timeout=30)


def watch_first(reg, **filters):
    call = reg.events.Watch(ev.WatchRequest(progress_interval=duration_pb2.Duration(seconds=1), **filters), timeout=30)
    try:
        return next(call)
    finally:
        call.cancel()


def with_aliases(reg, model: str, count: int) -> None:
    """A model holding `count` aliases, `latest` included, set 100 per CreateVersion."""
    names = [f"a{i}" for i in range(count - 1)]
    for i in range(0, len(names), 100):
        create_version(reg, model, aliases=names[i:i + 100])


def with_inputs(reg, model: str, count: int) -> str:
    return create_version(reg, model, inputs=artifacts(count)).name


# Each case: prepare(reg, model, n) sets up what it needs and returns the call that sends n
# (entries, bytes or characters) of the limited thing.


def update_model_description(reg, m, n):
    reg.create_model(m)
    return lambda: update_model(reg, m, ["description"], description=text(n))


def update_version_description(reg, m, n):
    name = create_version(reg, m).name
    return lambda: update_version(reg, name, ["description"], description=text(n))


def one_more_model_tag(reg, m, n):
    reg.create_model(m, tags=keyed(n - 1))
    return lambda: update_model(reg, m, ["tags.extra"], tags={"extra": "x"})


def one_more_version_tag(reg, m, n):
    name = create_version(reg, m, tags=keyed(n - 1)).name
    return lambda: update_version(reg, name, ["tags.extra"], tags={"extra": "x"})


def one_more_metric(reg, m, n):
    name = create_version(reg, m, metrics=keyed(n - 1, 0.5)).name
    return lambda: update_version(reg, name, ["metrics.extra"], metrics={"extra": 1.0})


def params_of_total(reg, m, n):
    """Four params whose keys and values add up to n bytes."""
    sizes = [(n - 8) // 4 + (1 if i < (n - 8) % 4 else 0) for i in range(4)]
    return lambda: create_version(reg, m, params={f"p{i}": "x" * size for i, size in enumerate(sizes)})


def one_more_alias(reg, m, n):
    with_aliases(reg, m, n - 1)
    return lambda: reg.set_alias(m, "one-more", 1)


def add_inputs(reg, m, n):
    name = create_version(reg, m).name
    return lambda: reg.add_lineage(name, artifacts(n))


def one_more_input(reg, m, n):
    name = with_inputs(reg, m, n - 1)
    return lambda: reg.add_lineage(name, ["s3://one/more"])


def lineage_from_artifact(reg, m, n):
    uri = "s3://" + m + "/" + "u" * (n - 6 - len(m))
    if n <= 2048:
        create_version(reg, m, inputs=[r.LineageInput(artifact=r.ExternalArtifact(uri=uri))])
    return lambda: reg.lineage(artifact=uri, direction="downstream")


def list_versions_filtered(reg, m, n):
    create_version(reg, m)
    return lambda: list(reg.list_versions(m, tags=keyed(n)))


def webhook(**filters):
    return lambda reg, m, n: lambda: reg.add_webhook("http://127.0.0.1:9/modelreg", enabled=False,
                                                     **{k: f(m, n) for k, f in filters.items()})


CASES = {
    "model-description": (64 * KiB, "DESCRIPTION_TOO_LONG",
                          lambda reg, m, n: lambda: reg.create_model(m, description=text(n))),
    "version-description": (64 * KiB, "DESCRIPTION_TOO_LONG",
                            lambda reg, m, n: lambda: create_version(reg, m, description=text(n))),
    "update-model-description": (64 * KiB, "DESCRIPTION_TOO_LONG", update_model_description),
    "update-version-description": (64 * KiB, "DESCRIPTION_TOO_LONG", update_version_description),
    "model-tags": (256, "TOO_MANY_TAGS", lambda reg, m, n: lambda: reg.create_model(m, tags=keyed(n))),
    "version-tags": (256, "TOO_MANY_TAGS", lambda reg, m, n: lambda: create_version(reg, m, tags=keyed(n))),
    "update-model-one-more-tag": (256, "TOO_MANY_TAGS", one_more_model_tag),
    "update-version-one-more-tag": (256, "TOO_MANY_TAGS", one_more_version_tag),
    "tag-value-bytes": (1024, "INVALID_TAG", lambda reg, m, n: lambda: reg.create_model(m, tags={"k": text(n)})),
    "metrics": (1000, "TOO_MANY_METRICS", lambda reg, m, n: lambda: create_version(reg, m, metrics=keyed(n, 0.5))),
    "update-version-one-more-metric": (1000, "TOO_MANY_METRICS", one_more_metric),
    "params": (1000, "TOO_MANY_PARAMS", lambda reg, m, n: lambda: create_version(reg, m, params=keyed(n))),
    "param-value-bytes": (64 * KiB, "INVALID_PARAM",
                          lambda reg, m, n: lambda: create_version(reg, m, params={"config": text(n)})),
    "params-total-bytes": (256 * KiB, "PARAMS_TOO_LARGE", params_of_total),
    "aliases-per-call": (100, "TOO_MANY_ALIASES",
                         lambda reg, m, n: lambda: create_version(reg, m, aliases=[f"a{i}" for i in range(n)])),
    "aliases-per-model": (1000, "TOO_MANY_ALIASES", one_more_alias),
    "inputs-per-create": (1000, "TOO_MANY_INPUTS",
                          lambda reg, m, n: lambda: create_version(reg, m, inputs=artifacts(n))),
    "inputs-per-add-lineage": (1000, "TOO_MANY_INPUTS", add_inputs),
    "inputs-per-version": (1000, "TOO_MANY_INPUTS", one_more_input),
    "input-uri": (2048, "INVALID_LINEAGE", lambda reg, m, n: lambda: create_version(
        reg, m, inputs=[r.LineageInput(artifact=r.ExternalArtifact(uri="s3://" + "u" * (n - 5)))])),
    "lineage-artifact-uri": (2048, "INVALID_LINEAGE", lineage_from_artifact),
    "input-display-name": (200, "INVALID_LINEAGE", lambda reg, m, n: lambda: create_version(reg, m, inputs=[
        r.LineageInput(artifact=r.ExternalArtifact(uri="https://runs.example.invalid/1", kind="run",
                                                   display_name="é" * n))])),
    "files-per-manifest": (
        100_000, "TOO_MANY_FILES",
        lambda reg, m, n: lambda: create_version(reg, m, files=[empty_file(f"f/{i}") for i in range(n)])),
    "manifest-bytes": (28 * MiB, "MANIFEST_TOO_LARGE",
                       lambda reg, m, n: lambda: create_version(reg, m, files=long_paths(n))),
    "request-id": (128, "INVALID_REQUEST_ID", lambda reg, m, n: lambda: create_version(reg, m, request_id="r" * n)),
    "list-models-tag-filters": (100, "TOO_MANY_FILTERS",
                                lambda reg, m, n: lambda: list(reg.list_models(tags=keyed(n)))),
    "list-versions-tag-filters": (100, "TOO_MANY_FILTERS", list_versions_filtered),
    "list-models-name-prefix": (128, "NAME_PREFIX_TOO_LONG",
                                lambda reg, m, n: lambda: list(reg.list_models(prefix="p" * n))),
    "watch-models": (100, "TOO_MANY_FILTERS",
                     lambda reg, m, n: lambda: watch_first(reg, models=[f"{m}-{i}" for i in range(n)])),
    "watch-types": (100, "TOO_MANY_FILTERS",
                    lambda reg, m, n: lambda: watch_first(reg, event_types=[r.EVENT_TYPE_ALIAS_SET] * n)),
    "watch-aliases": (100, "TOO_MANY_FILTERS",
                      lambda reg, m, n: lambda: watch_first(reg, aliases=[f"a{i}" for i in range(n)])),
    "webhook-models": (100, "TOO_MANY_FILTERS", webhook(models=lambda m, n: [f"{m}-{i}" for i in range(n)])),
    "webhook-aliases": (100, "TOO_MANY_FILTERS", webhook(aliases=lambda m, n: [f"a{i}" for i in range(n)])),
    "webhook-types": (100, "TOO_MANY_FILTERS", webhook(types=lambda m, n: ["ALIAS_SET"] * n)),
    "audit-actor": (128, "INVALID_ACTOR", lambda reg, m, n: lambda: list(reg.audit(actor="a" * n))),
    "audit-types": (100, "TOO_MANY_FILTERS", lambda reg, m, n: lambda: list(reg.audit(types=["ALIAS_SET"] * n))),
}


@pytest.mark.parametrize("limit,reason,prepare", CASES.values(), ids=CASES.keys())
def test_at_the_limit_accepted_one_past_refused_and_nothing_stored(server, registry, model, limit, reason, prepare):
    prepare(registry, f"{model}-at", limit)()
    past = prepare(registry, f"{model}-past", limit + 1)
    before = data_state(server.data)
    code, got, metadata = refusal_info(past)
    assert (code, got) == (INVALID_ARGUMENT, reason)
    assert metadata.get("limit") == str(limit)
    assert data_state(server.data) == before


def test_a_page_token_longer_than_any_issued_is_refused(registry):
    code, reason, metadata = refusal_info(registry.registry.ListModels, rs.ListModelsRequest(page_token="A" * 1025),
                                          timeout=10)
    assert (code, reason, metadata) == (INVALID_ARGUMENT, "INVALID_PAGE_TOKEN", {"limit": "1024"})


def test_re_adding_declared_inputs_at_the_limit_changes_nothing(server, registry, model):
    """The per-version count is of inputs actually added: declaring again what is there is fine."""
    name = with_inputs(registry, model, 1000)
    before = data_state(server.data)
    again = registry.add_lineage(name, artifacts(3))
    assert len(again.inputs) == 1000
    assert data_state(server.data) == before


def test_moving_an_alias_of_a_model_at_the_alias_limit_still_works(registry, model):
    with_aliases(registry, model, 1000)
    create_version(registry, model)
    assert registry.set_alias(model, "a0", 11).version == 11
    assert len(registry.get_model(model).aliases) == 1000


# Pages shrink by bytes


@pytest.fixture(scope="module")
def plain_stub(server):
    """A client with gRPC's default 4 MiB receive limit, as grpcurl or a stock client has."""
    channel = grpc.insecure_channel(server.address)
    yield registry_service_pb2_grpc.RegistryServiceStub(channel)
    channel.close()


def every_page(method, request) -> list:
    pages = []
    while True:
        response = method(request, timeout=60)
        pages.append(response)
        if not response.next_page_token:
            return pages
        request.page_token = response.next_page_token


def heavy_metadata(seed: int) -> dict:
    """A model or version near its limits: a 64 KiB card and 256 tags of 1 KiB, about 330 KB."""
    return {"description": f"{seed}:" + "d" * (64 * KiB - 10), "tags": {f"t{i}": "v" * 1024 for i in range(256)}}


def test_list_models_pages_by_bytes_and_returns_every_model_once(registry, plain_stub, model):
    """40 models of ~330 KB: a default page of 100 would be 13 MB; each page stays under 4 MiB."""
    names = [f"{model}-{i:02d}" for i in range(40)]
    for i, name in enumerate(names):
        registry.create_model(name, **heavy_metadata(i))
    for page_size in (0, 1000):
        pages = every_page(plain_stub.ListModels, rs.ListModelsRequest(name_prefix=model, page_size=page_size))
        assert [m.name for p in pages for m in p.models] == [f"models/{n}" for n in names]
        assert len(pages) > 1
        assert all(p.ByteSize() < DEFAULT_CLIENT_LIMIT for p in pages)
    assert [m.name for m in registry.list_models(prefix=model)] == [f"models/{n}" for n in names]


def test_list_versions_pages_by_bytes_in_both_views(registry, plain_stub, model):
    """Versions near their limits (card, tags, params, 1,000 inputs with long URIs: ~2.9 MB each),
    then a FULL view whose manifests are 1 MiB each: every page fits a default client."""
    params = {f"p{i}": "p" * (64 * KiB - 8) for i in range(4)}
    for i in range(4):
        create_version(registry, model, **heavy_metadata(i), params=params, metrics=keyed(1000, 0.25),
                       inputs=artifacts(1000, prefix="s3://" + "b" * 2000 + f"/{i}"))
    for i in range(8):
        create_version(registry, model, files=long_paths(MiB - 4096 * i))
    for view in (r.VERSION_VIEW_BASIC, r.VERSION_VIEW_FULL):
        pages = every_page(plain_stub.ListVersions, rs.ListVersionsRequest(parent=model, view=view))
        assert [v.number for p in pages for v in p.versions] == list(range(12, 0, -1))
        assert all(p.ByteSize() < DEFAULT_CLIENT_LIMIT for p in pages)
        assert len(pages) > 2
    full = every_page(plain_stub.ListVersions, rs.ListVersionsRequest(parent=model, view=r.VERSION_VIEW_FULL))
    files = sum(len(long_paths(MiB - 4096 * i)) for i in range(8)) + 4  # the heavy versions have one each
    assert sum(len(v.files) for p in full for v in p.versions) == files


def test_a_version_bigger_than_a_page_still_comes_alone(registry, model):
    """One item is always returned, even above the page budget: its own limits bound it."""
    create_version(registry, model)
    create_version(registry, model, files=long_paths(3 * MiB))
    create_version(registry, model)
    pages = every_page(registry.registry.ListVersions, rs.ListVersionsRequest(parent=model, view=r.VERSION_VIEW_FULL))
    assert [[v.number for v in p.versions] for p in pages] == [[3], [2], [1]]


def test_other_lists_page_by_bytes_too(own_server):
    """Webhooks near their limits (4 KiB description, 3 x 100 filters): about 30 KB each."""
    from modelreg import Registry
    with Registry(own_server.address, timeout=60) as reg:
        for i in range(160):
            reg.add_webhook("https://hooks.example.com/modelreg", webhook_id=f"wh-{i:03d}", enabled=False,
                            models=[f"model-{i}-{j:03d}-" + "m" * 110 for j in range(100)],
                            aliases=[f"alias-{j:03d}-" + "a" * 110 for j in range(100)],
                            description="w" * 4096)
        channel = grpc.insecure_channel(own_server.address)  # default 4 MiB receive limit
        pages = every_page(automation_service_pb2_grpc.AutomationServiceStub(channel).ListWebhooks,
                           au.ListWebhooksRequest(page_size=1000))
        channel.close()
        assert [w.name for p in pages for w in p.webhooks] == [f"webhooks/wh-{i:03d}" for i in range(160)]
        assert len(pages) > 1 and all(p.ByteSize() < DEFAULT_CLIENT_LIMIT for p in pages)
        access = access_service_pb2_grpc.AccessServiceStub(reg.channel)
        records = every_page(access.ListAuditRecords, ac.ListAuditRecordsRequest(page_size=1000))
        assert all(p.ByteSize() < DEFAULT_CLIENT_LIMIT for p in records)
