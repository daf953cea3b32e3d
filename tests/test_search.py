"""Filters and orders on ListModels and ListVersions (`models/-` search), on both backends.

One seeded server per backend (module scope) holds a small registry with every kind of value:
missing and empty tags, unicode, quotes and backslashes, globs' own characters, archived
versions, aliases and lineage. Each filter of the corpus runs through the real SDK and must give
exactly what filters.matches gives on the same records (the event evaluator is the reference
semantics), so both backends agree with it and with each other. Orders are checked against a
Python sort of the same records; bad filters, orders and page tokens get their precise status
and change nothing.
"""

import datetime as dt

import grpc
import pytest

from conftest import ServerProcess, data_state, write_tree
from modelreg import Registry
from modelreg.v1 import registry_service_pb2 as rs, resources_pb2 as r
from modelreg_server import filters
from test_bad_input import refusal_info

INVALID_ARGUMENT = grpc.StatusCode.INVALID_ARGUMENT

# (model, tags, metrics, params, description); versions in push order.
SEED = [
    ("sa", {"team": "nlp", "stage": "candidate"}, {"f1": 0.95, "latency": 0.2},
     {"lr": "0.01", "data": "s3://data/imdb-2024"}, "first"),
    ("sa", {"team": "cv", "city": "café"}, {"f1": 0.85}, {}, ""),
    ("sa", {"team": "nlp", "note": "a*b?[c]"}, {"f1": 0.91, "latency": 0.25}, {"lr": "0.1"}, "third"),
    ("sb", {"team": ""}, {"acc": 1.0, "f1": -0.5}, {"q": "it's \"quoted\" \\ back%_"}, "x'; DROP TABLE versions; --"),
    ("sb", {"team": "NLP", "stage": "candidate"}, {"f1": 0.9}, {}, "Zürich ☃ 𝄞"),
    ("sc", {}, {}, {}, ""),
]
MODEL_TAGS = {"sa": {"team": "nlp", "owner": "ana"}, "sb": {"team": "cv"}, "sc": {}}


def _micros(ts) -> int:
    return ts.seconds * 1_000_000 + ts.nanos // 1000


def _rfc3339(micros: int) -> str:
    return (dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(microseconds=micros)).strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ")


def version_record(v: r.Version) -> dict:
    """A version as filters.matches reads it (filters.VERSIONS)."""
    return {
        "model": v.model, "number": v.number, "state": r.VersionState.Name(v.state).removeprefix("VERSION_STATE_"),
        "description": v.description, "tags": dict(v.tags), "metrics": dict(v.metrics), "params": dict(v.params),
        "create_time": _micros(v.create_time), "update_time": _micros(v.update_time), "digest": v.digest,
        "size": v.total_size, "alias": list(v.aliases),
        "inputs": [{"uri": i.artifact.uri} if i.HasField("artifact") else
                   {"model": i.version.removeprefix("models/").split("/")[0]} for i in v.inputs],
    }


def model_record(m: r.Model) -> dict:
    return {"name": m.name.removeprefix("models/"), "description": m.description, "tags": dict(m.tags),
            "create_time": _micros(m.create_time), "update_time": _micros(m.update_time),
            "aliases": list(m.aliases)}


class Seeded:
    def __init__(self, server: ServerProcess, reg: Registry, tmp):
        self.server, self.reg = server, reg
        files = write_tree(tmp / "files", {"w.bin": b"weights"})
        for model, tags in MODEL_TAGS.items():
            reg.create_model(model, tags=tags, description=f"the {model} model")
        for i, (model, tags, metrics, params, description) in enumerate(SEED):
            inputs = ["s3://data/imdb-2024"] if i == 0 else ["sa:1"] if i == 2 else []
            reg.push(model, files, tags=tags, metrics=metrics, params=params, description=description,
                     inputs=[_input(x) for x in inputs])
        reg.archive_version("sa:2")
        reg.set_alias("sa", "production", 1)
        reg.set_alias("sb", "staging", 2)
        self.versions = [v for m in MODEL_TAGS for v in reg.list_versions(m)]
        self.models = [m for m in reg.list_models() if _seeded(m)]
        self.middle = _micros(next(v for v in self.versions if (v.model, v.number) == ("sa", 3)).create_time)


def _input(x: str):
    from modelreg.registry import Input
    return Input.of_artifact(x) if "://" in x else Input.of_version(x)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, storage_backend):
    tmp = tmp_path_factory.mktemp("search")
    srv = ServerProcess(tmp / "data").start()
    with Registry(srv.address, timeout=30) as reg:
        yield Seeded(srv, reg, tmp)
    srv.stop()


def key(v: r.Version) -> tuple:
    return (v.model, v.number)


def _seeded(m: r.Model) -> bool:
    """One of the seeded models (tests below add others to the same server)."""
    return m.name.removeprefix("models/") in MODEL_TAGS


VERSION_FILTERS = [
    "", "model = sa", "model != sa", "model = s*", "model = *b", "model < sb", "model >= sb", "number = 1",
    "number > 1", "number <= 2.5", "number != 3", "state = READY", "state = ARCHIVED", "-state = READY",
    "description = first", 'description = "Zürich ☃ 𝄞"', 'description = "*☃*"', "description:*",
    "NOT description:*", 'description = "x\'; DROP TABLE versions; --"', "description > Z", "description < t",
    "tags.team = nlp", "tags.team != nlp", "NOT tags.team = nlp", "tags.team = NLP", "tags.team = ''",
    'tags.team = "*"', "tags.team:*", "tags.team = n*", "tags.team != n*", "tags.team > a", "tags.team < nlp",
    "tags.city = café", "tags.city > cafe", "tags:city", "tags:c*", "tags:*", "NOT tags:*", "tags.note = 'a*b?[c]'",
    r'tags.note = "a\*b?[c]"', r'tags.note = "a\*b*"', r'tags.note = "*?[c]"', "tags.missing = x",
    "tags.missing != x", "tags.stage = candidate tags.team = nlp", "tags.stage = candidate OR tags.team = cv",
    "metrics.f1 > 0.9", "metrics.f1 >= 0.9", "metrics.f1 = 0.9", "metrics.f1 != 0.9", "metrics.f1 < 0",
    "metrics.f1 > -1", "metrics.f1 > 9e-1", "metrics.latency < 250ms", "metrics.latency <= 250ms",
    "metrics.latency = 0.25s", "metrics.latency > 200000us", "metrics.acc = 1", "metrics:acc", "metrics.f1:*",
    "NOT metrics.f1:*", "metrics.missing < 1", "NOT metrics.missing < 1", "params.lr = '0.01'", "params.lr > 0.05",
    "params.data = 's3://data/*'", "params:*", r'params.q = "it\'s \"quoted\" \\ back%_"', "params.q = '*%_'",
    "params.q = '*_'", "params.q = 'it*'", "alias:production", "alias:latest", "alias:prod*", "NOT alias:*",
    "alias:*", "inputs.uri:*", "inputs.uri:'s3://data/imdb-2024'", "inputs.uri:s3*", "inputs.model:sa",
    "NOT inputs.model:*", "size > 0", "size = 7", "digest:*", "digest = sha256*", "digest != sha256*",
    "create_time > 2020-01-01T00:00:00Z", "create_time < 2020-01-01T00:00:00Z", "update_time >= 2020-01-01T00:00:00+02:00",
    "(tags.team = nlp OR tags.team = cv) AND metrics.f1 > 0.9", "tags.team = nlp OR tags.team = cv metrics.f1 > 0.9",
    "NOT (model = sa OR model = sb)", "-(metrics.f1 > 0.9 AND NOT tags.team = nlp)",
    "model = sa AND (number = 1 OR (number = 3 AND NOT alias:production))",
]
MODEL_FILTERS = [
    "", "name = sa", "name != sa", "name = s*", "name > sa", "description = 'the sa model'", "description = *sb*",
    "tags.team = nlp", "tags.team != nlp", "NOT tags.team = nlp", "tags.owner:*", "tags:own*", "tags:*",
    "NOT tags:*", "aliases:production", "aliases:latest", "aliases:*", "NOT aliases:staging", "aliases:stag*",
    "create_time > 2020-01-01T00:00:00Z", "update_time < 2020-01-01T00:00:00Z", "name = sa OR tags.team = cv",
]


@pytest.mark.parametrize("text", VERSION_FILTERS)
def test_version_filter_matches_the_evaluator(seeded, text):
    tree = filters.parse(text, filters.VERSIONS)
    expected = sorted(key(v) for v in seeded.versions if filters.matches(tree, version_record(v)))
    got = sorted(key(v) for v in seeded.reg.search_versions(text, page_size=2) if v.model in MODEL_TAGS)
    assert got == expected
    per_model = sorted(key(v) for m in MODEL_TAGS for v in seeded.reg.list_versions(m, filter=text))
    assert per_model == expected


def test_the_corpus_tells_records_apart(seeded):
    """The corpus is not vacuous: most filters select some versions and leave out others."""
    splits = 0
    for text in VERSION_FILTERS:
        tree = filters.parse(text, filters.VERSIONS)
        n = sum(filters.matches(tree, version_record(v)) for v in seeded.versions)
        splits += 0 < n < len(seeded.versions)
    assert splits >= len(VERSION_FILTERS) * 3 // 4


@pytest.mark.parametrize("text", MODEL_FILTERS)
def test_model_filter_matches_the_evaluator(seeded, text):
    tree = filters.parse(text, filters.MODELS)
    expected = [m.name for m in seeded.models if filters.matches(tree, model_record(m))]
    assert [m.name for m in seeded.reg.list_models(filter=text, page_size=1) if _seeded(m)] == expected


def test_timestamps_compare_in_microseconds(seeded):
    at = _rfc3339(seeded.middle)
    got = {key(v) for v in seeded.reg.search_versions(f"create_time >= {at}")}
    assert ("sa", 3) in got and ("sa", 2) not in got
    assert ("sa", 3) not in {key(v) for v in seeded.reg.search_versions(f'create_time > "{at}"')}


def test_shorthands_are_anded_with_the_filter(seeded):
    got = [key(v) for v in seeded.reg.list_versions("sa", state="ready", tags={"team": "nlp"},
                                                   filter="metrics.f1 > 0.92")]
    assert got == [("sa", 1)]
    assert [m.name for m in seeded.reg.list_models(prefix="s", tags={"team": "nlp"}, filter="aliases:production")] \
        == ["models/sa"]


def _sorted(records, keys):
    """records sorted as the server sorts: each key missing last, then model, number desc."""
    out = list(records)
    for field, desc in reversed(list(keys) + [(filters.Field("model"), False), (filters.Field("number"), True)]):
        def value(rec, f=field):
            v = rec[f.name] if f.key is None else rec[f.name].get(f.key)
            return v
        present = [x for x in out if value(x[1]) is not None]
        missing = [x for x in out if value(x[1]) is None]
        out = sorted(present, key=lambda x: value(x[1]), reverse=desc) + missing
    return [k for k, _ in out]


@pytest.mark.parametrize("order_by", [
    "", "metrics.f1 desc", "metrics.f1", "metrics.latency desc, create_time", "tags.team", "tags.team desc",
    "params.lr desc", "model desc, number", "size, state desc", "create_time", "update_time desc",
    " metrics.f1  desc ,tags.city ",
])
def test_versions_come_in_order(seeded, order_by):
    keys = filters.parse_order(order_by, filters.VERSIONS) or ((filters.Field("create_time"), True),)
    expected = _sorted([(key(v), version_record(v)) for v in seeded.versions], keys)
    assert [key(v) for v in seeded.reg.search_versions(order_by=order_by, page_size=2)
            if v.model in MODEL_TAGS] == expected


@pytest.mark.parametrize("order_by", ["", "name desc", "tags.team, name desc", "tags.owner desc", "create_time desc"])
def test_models_come_in_order(seeded, order_by):
    recs = [(m.name, model_record(m)) for m in seeded.models]
    out = sorted(recs, key=lambda x: x[0])
    for field, desc in reversed(filters.parse_order(order_by, filters.MODELS)):
        def value(rec, f=field):
            return rec[f.name] if f.key is None else rec[f.name].get(f.key)
        out = (sorted([x for x in out if value(x[1]) is not None], key=lambda x: value(x[1]), reverse=desc)
               + [x for x in out if value(x[1]) is None])
    assert [m.name for m in seeded.reg.list_models(order_by=order_by, page_size=1) if _seeded(m)] == \
        [k for k, _ in out]


def test_one_models_versions_default_to_newest_number_first(seeded):
    assert [v.number for v in seeded.reg.list_versions("sa", page_size=1)] == [3, 2, 1]


# Bad input: precise status, nothing changed.

BAD_VERSION_FILTERS = {
    "syntax": ("metrics.f1 >", "INVALID_FILTER"),
    "unknown field": ("name = x", "INVALID_FILTER"),
    "type": ("metrics.f1 > high", "INVALID_FILTER"),
    "pattern order": ("tags.team > n*", "INVALID_FILTER"),
    "unterminated": ("tags.team = 'x", "INVALID_FILTER"),
    "injection": ("tags.team = x'; DROP TABLE versions; --", "INVALID_FILTER"),
    "control": ("tags.team = \x00", "INVALID_FILTER"),
    "long": ("tags.team = " + "x" * 5000, "FILTER_TOO_LONG"),
    "terms": (" OR ".join(["size=1"] * 300), "FILTER_TOO_COMPLEX"),
    "deep": ("(" * 40 + "number = 1" + ")" * 40, "FILTER_TOO_COMPLEX"),
}
BAD_ORDERS = {
    "unknown": ("name", "INVALID_ORDER_BY"),
    "description": ("description", "INVALID_ORDER_BY"),
    "whole map": ("metrics", "INVALID_ORDER_BY"),
    "direction": ("metrics.f1 down", "INVALID_ORDER_BY"),
    "twice": ("number, number desc", "INVALID_ORDER_BY"),
    "empty item": ("number,", "INVALID_ORDER_BY"),
    "injection": ("number; DROP TABLE versions", "INVALID_ORDER_BY"),
    "quote": ("tags.'x' desc", "INVALID_ORDER_BY"),
    "too many": (", ".join(f"tags.k{i}" for i in range(9)), "ORDER_BY_TOO_LONG"),
    "too long": ("tags." + "k" * 600, "ORDER_BY_TOO_LONG"),
}


def _refused(seeded, fn, reason):
    before = data_state(seeded.server.data)
    code, got, metadata = refusal_info(fn)
    assert (code, got) == (INVALID_ARGUMENT, reason)
    assert data_state(seeded.server.data) == before
    return metadata


@pytest.mark.parametrize("text,reason", BAD_VERSION_FILTERS.values(), ids=BAD_VERSION_FILTERS.keys())
def test_bad_filters_are_refused(seeded, text, reason):
    metadata = _refused(seeded, lambda: list(seeded.reg.search_versions(text)), reason)
    if reason == "INVALID_FILTER":
        assert {"position", "expected"} <= set(metadata)


def test_a_ten_thousand_term_filter_is_refused(seeded):
    text = " AND ".join(f"tags.k{i} = v" for i in range(10_000))
    _refused(seeded, lambda: list(seeded.reg.search_versions(text)), "FILTER_TOO_LONG")


def test_an_unknown_field_names_the_allowed_ones(seeded):
    metadata = _refused(seeded, lambda: list(seeded.reg.list_models(filter="team = nlp")), "INVALID_FILTER")
    assert metadata["field"] == "team" and "tags.KEY" in metadata["allowed"] and metadata["position"] == "0"


@pytest.mark.parametrize("order_by,reason", BAD_ORDERS.values(), ids=BAD_ORDERS.keys())
def test_bad_orders_are_refused(seeded, order_by, reason):
    _refused(seeded, lambda: list(seeded.reg.search_versions(order_by=order_by)), reason)


def test_an_unknown_order_field_names_the_allowed_ones(seeded):
    metadata = _refused(seeded, lambda: list(seeded.reg.list_models(order_by="name, size")), "INVALID_ORDER_BY")
    assert metadata["field"] == "size" and metadata["position"] == "6" and "tags.KEY" in metadata["allowed"]


def _first_token(seeded, **fields) -> str:
    page = seeded.reg.registry.ListVersions(rs.ListVersionsRequest(parent="models/-", page_size=1, **fields))
    assert page.next_page_token
    return page.next_page_token


@pytest.mark.parametrize("other", [
    {"filter": "metrics.f1 > 0"}, {"order_by": "metrics.f1"}, {"parent": "models/sa"}, {"tags": {"team": "nlp"}},
    {"state": r.VERSION_STATE_READY}, {"filter": ""}, {"order_by": ""},
])
def test_a_page_token_only_serves_its_own_query(seeded, other):
    token = _first_token(seeded, filter="metrics.f1 > 0.5", order_by="metrics.f1 desc")
    request = rs.ListVersionsRequest(parent="models/-", page_size=1, filter="metrics.f1 > 0.5",
                                     order_by="metrics.f1 desc", page_token=token)
    for name, value in other.items():
        if name == "tags":
            request.tags.update(value)
        else:
            setattr(request, name, value)
    _refused(seeded, lambda: seeded.reg.registry.ListVersions(request), "INVALID_PAGE_TOKEN")


@pytest.mark.parametrize("key", [["x"], [1, "sa"], [None, "sa", 1], ["0.9", "sa", 1], [1, 3, 1], [1, "sa", True],
                                 [2**70, "sa", 1], [float("nan"), "sa", 1], [float("inf"), "sa", 1], [[1], "sa", 1]],
                         ids=["short", "short2", "null", "str-for-number", "number-for-str", "bool", "huge", "nan",
                              "inf", "list"])
def test_a_forged_page_token_is_refused(seeded, key):
    """A token of this query's fingerprint but with sort values of the wrong count, type or range."""
    from modelreg_server import paging
    query = {"model": "models/-", "state": "", "tags": {}, "filter": "", "order_by": "number desc"}
    token = paging.encode(key, query)
    request = rs.ListVersionsRequest(parent="models/-", order_by="number desc", page_token=token)
    _refused(seeded, lambda: seeded.reg.registry.ListVersions(request), "INVALID_PAGE_TOKEN")


# Paging while versions arrive.

def test_paging_a_search_while_versions_arrive(seeded, tmp_path):
    """Each page is read while another client pushes matching versions: no version comes twice,
    and every one that existed when the first page was read comes."""
    files = write_tree(tmp_path / "f", {"w.bin": b"more weights"})
    with Registry(seeded.server.address, timeout=30) as other:
        for i in range(12):
            other.push("sd", files, tags={"team": "nlp"}, metrics={"f1": 0.5 + i / 100})
    text, order = 'tags.team = "nlp" AND metrics.f1 > 0', "metrics.f1 desc, create_time"
    request = rs.ListVersionsRequest(parent="models/-", page_size=3, filter=text, order_by=order)
    first = seeded.reg.registry.ListVersions(request)
    existing = {key(v) for v in seeded.reg.search_versions(text)}
    seen = [key(v) for v in first.versions]
    token, pushed = first.next_page_token, 0
    with Registry(seeded.server.address, timeout=30) as other:
        while token:
            for f1 in (0.99, 0.6, 0.3):  # before, among and after what is left
                other.push("sd", files, tags={"team": "nlp"}, metrics={"f1": f1 + pushed / 10_000})
                pushed += 1
            request.page_token = token
            page = seeded.reg.registry.ListVersions(request)
            seen += [key(v) for v in page.versions]
            token = page.next_page_token
    assert pushed >= 6
    assert len(seen) == len(set(seen))
    assert existing <= set(seen)


def test_a_search_sees_only_the_models_the_caller_may_read(secured, tmp_path):
    files = write_tree(tmp_path / "f", {"w.bin": b"w"})
    with secured.client("root") as admin:
        admin.create_principal("pub-reader")
        admin.grant_role("pub-reader", "viewer", models="pub-*")
        token = admin.create_token("pub-reader")[1]
        for model in ("pub-a", "priv-b", "pub-c", "priv-d"):
            admin.push(model, files, tags={"team": "nlp"})
    with secured.client(token) as reader:
        assert {v.model for v in reader.search_versions('tags.team = "nlp"', page_size=1)} == {"pub-a", "pub-c"}
        assert [m.name for m in reader.list_models(filter="name = p*", page_size=1)] == ["models/pub-a",
                                                                                        "models/pub-c"]
        assert [v.model for v in reader.search_versions("model = priv-*")] == []


def test_migration_12_back_fills_the_side_tables_from_the_json(storage_backend, tmp_path):
    """A registry from before migration 12 (tags, metrics and params only in JSON) is searchable
    once it is opened: the migration copies every key into the side tables."""
    from modelreg_server import schema
    from modelreg_server.metadata import open_metadata
    url = (storage_backend.postgres.new_database() if storage_backend.name == "postgresql"
           else f"sqlite:///{tmp_path / 'registry.db'}")
    metadata, events = open_metadata(url)

    def back_to_11(tx):
        for table in ("model_tags", "version_tags", "version_metrics", "version_params"):
            tx.db.run(f"DROP TABLE {table}")
        tx.db.run("DROP INDEX versions_create_time")
        tx.db.run("DELETE FROM schema_migrations WHERE version = ?", [12])
        tx.db.run("INSERT INTO models (id, name, tags, create_time, update_time, etag) "
                  "VALUES (1, 'old', '{\"team\": \"nlp\"}', 1, 1, 'e')")
        tx.db.run("INSERT INTO versions (id, model_id, number, digest, state, tags, metrics, params, total_size, "
                  "file_count, create_time, update_time, etag) VALUES (1, 1, 1, 'd', 'READY', ?, ?, ?, 0, 0, 1, 1, 'e')",
                  ['{"stage": "café"}', '{"f1": 0.93, "n": 3}', '{"lr": "0.1"}'])
    assert schema.LATEST >= 12  # later migrations stay applied; only 12 runs again
    metadata.transact_here(back_to_11)
    metadata.close()
    events.close()
    metadata, events = open_metadata(url)
    try:
        def read(db):
            side = {t: sorted(tuple(r.values()) for r in db._rows(f"SELECT * FROM {t}"))
                    for t in ("model_tags", "version_tags", "version_metrics", "version_params")}
            found = db.version_search_keys(model_id=None, tree=filters.parse(
                'metrics.f1 > 0.9 AND tags.stage = "café" AND params.lr = "0.1"', filters.VERSIONS),
                order=filters.parse_order("metrics.n desc", filters.VERSIONS), after=None, limit=10)
            models = db.model_search_keys(tree=filters.parse("tags.team = nlp", filters.MODELS), order=(),
                                          after=None, limit=10)
            return side, [f[0] for f in found], [m[0] for m in models]
        side, found, models = metadata.read_here(read)
    finally:
        metadata.close()
        events.close()
    assert side == {"model_tags": [(1, "team", "nlp")], "version_tags": [(1, "stage", "café")],
                    "version_metrics": [(1, "f1", 0.93), (1, "n", 3.0)], "version_params": [(1, "lr", "0.1")]}
    assert found == [1] and models == ["old"]


def test_injection_looking_literals_are_plain_values(seeded):
    """Quotes, backslashes, SQL and unicode inside values are compared as text; nothing changes."""
    before = data_state(seeded.server.data)
    for text in ['description = "x\'; DROP TABLE versions; --"', "tags.team = \"'; DELETE FROM models; --\"",
                 r'params.q = "it\'s \"quoted\" \\ back%_"', 'tags.city = "caf\u00e9"', "tags.city = 'café'",
                 r'tags.team = "nlp\\"', "model = \"sa' OR '1'='1\"", 'tags.team = "%"', 'tags.team = "_*"']:
        tree = filters.parse(text, filters.VERSIONS)
        expected = sorted(key(v) for v in seeded.versions if filters.matches(tree, version_record(v)))
        assert sorted(key(v) for v in seeded.reg.search_versions(text) if v.model in MODEL_TAGS) == expected, text
    assert data_state(seeded.server.data) == before


def test_updates_and_deletes_keep_the_filters_in_step(own_server, tmp_path):
    """Every write path rewrites the side tables filters read: push, UpdateVersion (set, change
    and delete keys), UpdateModel, DeleteModel."""
    files = write_tree(tmp_path / "f", {"w.bin": b"w"})
    empty = data_state(own_server.data)["rows"]
    with Registry(own_server.address, timeout=30) as reg:
        reg.push("up", files, tags={"team": "nlp", "old": "x"}, metrics={"f1": 0.5}, params={"lr": "0.1"})
        assert [v.number for v in reg.search_versions("metrics.f1 = 0.5 AND tags:old AND params.lr = '0.1'")] == [1]
        reg.update_version("up:1", tags={"old": None, "new": "y"}, metrics={"f1": 0.97})
        assert [v.number for v in reg.search_versions("metrics.f1 > 0.9 AND tags.new = y AND tags.team = nlp")] == [1]
        assert list(reg.search_versions("tags:old OR metrics.f1 = 0.5")) == []
        reg.update_model("up", tags={"owner": "ana"})
        assert [m.name for m in reg.list_models(filter="tags.owner = ana")] == ["models/up"]
        reg.update_model("up", tags={"owner": None})
        assert list(reg.list_models(filter="tags:*")) == []
        reg.delete_model("up", force=True)
    rows = data_state(own_server.data)["rows"]
    assert {t: rows[t] for t in ("model_tags", "version_tags", "version_metrics", "version_params")} == \
        {t: empty[t] for t in ("model_tags", "version_tags", "version_metrics", "version_params")} == \
        {"model_tags": 0, "version_tags": 0, "version_metrics": 0, "version_params": 0}


def test_migrate_carries_the_side_tables(postgres, tmp_path):
    """`modelreg migrate` from an embedded registry to PostgreSQL copies what filters read."""
    import subprocess
    import sys
    from conftest import ROOT
    source = ServerProcess(tmp_path / "source", "--db", f"sqlite:///{tmp_path / 'source' / 'registry.db'}").start()
    files = write_tree(tmp_path / "f", {"w.bin": b"w"})
    with Registry(source.address, timeout=30) as reg:
        reg.create_model("mv", tags={"team": "nlp"})
        reg.push("mv", files, tags={"stage": "candidate"}, metrics={"f1": 0.93}, params={"lr": "0.1"})
    source.stop()
    db = postgres.new_database()
    result = subprocess.run([sys.executable, "-m", "modelreg", "migrate", "--from-data", str(tmp_path / "source"),
                             "--to-db", db, "--to-blobs", str(tmp_path / "blobs")], capture_output=True, text=True,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    target = ServerProcess(tmp_path / "target", "--db", db, "--blobs", str(tmp_path / "blobs")).start()
    try:
        with Registry(target.address, timeout=30) as reg:
            found = reg.search_versions('metrics.f1 > 0.9 AND tags.stage = candidate AND params.lr = "0.1"')
            assert [(v.model, v.number) for v in found] == [("mv", 1)]
            assert [m.name for m in reg.list_models(filter="tags.team = nlp")] == ["models/mv"]
    finally:
        target.stop()
