"""filters.py: the AIP-160 subset, its checked tree, errors, limits and the event evaluator."""

import datetime as dt

import pytest

from modelreg_server import errors, limits
from modelreg_server.filters import (
    ANY, EVENTS, MODELS, VERSIONS, And, Compare, Dur, Field, Glob, Has, Not, Num, Or, Str, Time,
    matches, parse)

F = Field
T0 = 1704067200_000000  # 2024-01-01T00:00:00Z


@pytest.mark.parametrize("schema, text, tree", [
    (MODELS, "", None),
    (MODELS, "   ", None),
    (MODELS, "name = sentiment", Compare(F("name"), "=", Str("sentiment"))),
    (MODELS, 'name="sentiment"', Compare(F("name"), "=", Str("sentiment"))),
    (MODELS, "name != 'a b'", Compare(F("name"), "!=", Str("a b"))),
    (MODELS, "name = sent*", Compare(F("name"), "=", Glob(("sent", "")))),
    (MODELS, r'name = "a\*b"', Compare(F("name"), "=", Str("a*b"))),
    (MODELS, 'name = "*x*"', Compare(F("name"), "=", Glob(("", "x", "")))),
    (MODELS, "name < m", Compare(F("name"), "<", Str("m"))),
    (MODELS, "tags.team = ml", Compare(F("tags", "team"), "=", Str("ml"))),
    (MODELS, "tags.a.b/c-d = x", Compare(F("tags", "a.b/c-d"), "=", Str("x"))),
    (MODELS, "tags.AND = x", Compare(F("tags", "AND"), "=", Str("x"))),
    (MODELS, "tags:team", Has(F("tags"), Str("team"))),
    (MODELS, "tags.team:*", Has(F("tags", "team"), ANY)),
    (MODELS, "aliases:production", Has(F("aliases"), Str("production"))),
    (MODELS, "aliases:prod*", Has(F("aliases"), Glob(("prod", "")))),
    (MODELS, "name:*", Has(F("name"), ANY)),
    (MODELS, "create_time > 2024-01-01T00:00:00Z", Compare(F("create_time"), ">", Time(T0))),
    (MODELS, 'create_time > "2024-01-01T01:00:00+01:00"', Compare(F("create_time"), ">", Time(T0))),
    (MODELS, "update_time <= 2024-01-01T00:00:00.123456000Z",
     Compare(F("update_time"), "<=", Time(T0 + 123456))),
    (VERSIONS, "number >= 3", Compare(F("number"), ">=", Num(3))),
    (VERSIONS, "size < 1e6", Compare(F("size"), "<", Num(1e6))),
    (VERSIONS, "metrics.f1 > -0.5", Compare(F("metrics", "f1"), ">", Num(-0.5))),
    (VERSIONS, "metrics.latency < 250ms", Compare(F("metrics", "latency"), "<", Dur(250_000))),
    (VERSIONS, "metrics.latency < 1.5h", Compare(F("metrics", "latency"), "<", Dur(5_400_000_000))),
    (VERSIONS, "metrics.t >= 30s", Compare(F("metrics", "t"), ">=", Dur(30_000_000))),
    (VERSIONS, "params.lr = '0.01'", Compare(F("params", "lr"), "=", Str("0.01"))),
    (VERSIONS, 'inputs.uri:"s3://data/*"', Has(F("inputs.uri"), Glob(("s3://data/", "")))),
    (VERSIONS, "inputs.model:sentiment", Has(F("inputs.model"), Str("sentiment"))),
    (VERSIONS, "alias:production", Has(F("alias"), Str("production"))),
    (EVENTS, "type = ALIAS_SET AND alias = production",
     And((Compare(F("type"), "=", Str("ALIAS_SET")), Compare(F("alias"), "=", Str("production"))))),
    (EVENTS, "version = 2 model = m", And((Compare(F("version"), "=", Num(2)), Compare(F("model"), "=", Str("m"))))),
    # OR binds tighter than AND and juxtaposition (AIP-160).
    (EVENTS, "model = a OR model = b actor = c",
     And((Or((Compare(F("model"), "=", Str("a")), Compare(F("model"), "=", Str("b")))),
          Compare(F("actor"), "=", Str("c"))))),
    (EVENTS, "model = a AND (actor = b OR actor = c)",
     And((Compare(F("model"), "=", Str("a")),
          Or((Compare(F("actor"), "=", Str("b")), Compare(F("actor"), "=", Str("c"))))))),
    (EVENTS, "NOT model = a", Not(Compare(F("model"), "=", Str("a")))),
    (EVENTS, "-model = a", Not(Compare(F("model"), "=", Str("a")))),
    (EVENTS, "NOT (model = a OR model = b)",
     Not(Or((Compare(F("model"), "=", Str("a")), Compare(F("model"), "=", Str("b")))))),
    (EVENTS, "version = -1", Compare(F("version"), "=", Num(-1))),
    # After a comparator only a value can come: a bare keyword there is text.
    (EVENTS, "model = AND", Compare(F("model"), "=", Str("AND"))),
])
def test_valid(schema, text, tree):
    assert parse(text, schema) == tree


@pytest.mark.parametrize("schema, text, position, expected", [
    (MODELS, "name", 4, "comparator"),
    (MODELS, "name =", 6, "a value"),
    (MODELS, "name = a AND", 12, "a field"),
    (MODELS, "(name = a", 9, ")"),
    (MODELS, "name = a)", 8, "end of filter"),
    (MODELS, 'name = "abc', 7, 'closing "'),
    (MODELS, "name == a", 6, "a value"),
    (MODELS, "name = (a OR b)", 7, "a value"),
    (MODELS, "f(x)", 1, "comparator"),
    (MODELS, r'name = "a\qb"', 9, "an escape"),
    (MODELS, "name = a\x00", 8, "a printable character"),
    (MODELS, "name < a*", 7, "a value without *"),
    (MODELS, "name:abc", 4, "*"),
    (MODELS, "tags = x", 5, "tags.KEY"),
    (MODELS, "aliases = production", 8, ":"),
    (MODELS, "create_time > yesterday", 14, "an RFC 3339 timestamp"),
    (MODELS, "create_time > 2024-13-01T00:00:00Z", 14, "an RFC 3339 timestamp"),
    (MODELS, "update_time <= 2024-01-01T00:00:00.000001500Z", 15, "a timestamp in whole microseconds"),
    (VERSIONS, "number = three", 9, "a number"),
    (VERSIONS, "number = '3'", 9, "a number"),
    (VERSIONS, "size > 10s", 7, "a number"),
    (VERSIONS, "metrics.f1 > 1.5ns", 13, "a duration in whole microseconds"),
    (VERSIONS, "metrics.f1 > high", 13, "a number or a duration"),
    (EVENTS, "NOT NOT model = a", 8, "comparator"),  # the second NOT reads as a field
])
def test_invalid(schema, text, position, expected):
    with pytest.raises(errors.InvalidArgument) as e:
        parse(text, schema)
    assert e.value.reason == "INVALID_FILTER"
    assert e.value.metadata["position"] == str(position), e.value.message
    assert expected in e.value.metadata["expected"], e.value.message


@pytest.mark.parametrize("schema, text, field", [
    (MODELS, "foo = 1", "foo"),
    (MODELS, "metrics.f1 > 1", "metrics.f1"),
    (VERSIONS, "name = x", "name"),
    (VERSIONS, "inputs.digest:x", "inputs.digest"),
    (EVENTS, "tags.x = y", "tags.x"),
])
def test_unknown_field_names_the_allowed(schema, text, field):
    with pytest.raises(errors.InvalidArgument) as e:
        parse(text, schema)
    assert e.value.reason == "INVALID_FILTER"
    assert e.value.metadata["field"] == field
    allowed = e.value.metadata["allowed"]
    for name in schema.fields:
        assert name in allowed and name in e.value.message


def test_event_field_eq_note_is_a_field_not_a_negation():
    with pytest.raises(errors.InvalidArgument) as e:
        parse("NOTE = x", EVENTS)
    assert e.value.metadata["field"] == "NOTE"


@pytest.mark.parametrize("text, value", [
    ("name = \"'; DROP TABLE models; --\"", Str("'; DROP TABLE models; --")),
    ("name = '\"; DELETE FROM versions'", Str('"; DELETE FROM versions')),
    (r'name = "back\\slash"', Str("back\\slash")),
    (r"name = 'it\'s'", Str("it's")),
    ('name = "modèle-🤖"', Str("modèle-🤖")),
    ("name = modèle", Str("modèle")),
    ('name = "a%b_c"', Str("a%b_c")),
    ('name = "1 OR 1=1"', Str("1 OR 1=1")),
])
def test_injection_looking_strings_are_literals(text, value):
    assert parse(text, MODELS) == Compare(F("name"), "=", value)


@pytest.mark.parametrize("text", [
    "name = '; DROP TABLE models; --",  # unterminated
    "name = x; DROP TABLE models",  # ; is text, then DROP is a field without comparator
    "name = x' OR '1'='1",
    "name = \\",
])
def test_injection_looking_filters_refused(text):
    with pytest.raises(errors.InvalidArgument) as e:
        parse(text, MODELS)
    assert e.value.reason == "INVALID_FILTER"


def test_limits():
    huge = " AND ".join(f"tags.k{i} = v" for i in range(10_000))
    with pytest.raises(errors.InvalidArgument) as e:
        parse(huge, MODELS)
    assert e.value.reason == "FILTER_TOO_LONG" and e.value.metadata["limit"] == str(limits.FILTER_CHARS)
    many = " ".join("name=a" for _ in range(limits.FILTER_TERMS + 1))
    assert len(many) <= limits.FILTER_CHARS
    with pytest.raises(errors.InvalidArgument) as e:
        parse(many, MODELS)
    assert e.value.reason == "FILTER_TOO_COMPLEX" and e.value.metadata["limit"] == str(limits.FILTER_TERMS)
    assert parse(" ".join("name=a" for _ in range(limits.FILTER_TERMS)), MODELS) is not None
    deep = "(" * 1000 + "name=a" + ")" * 1000
    with pytest.raises(errors.InvalidArgument) as e:
        parse(deep, MODELS)
    assert e.value.reason == "FILTER_TOO_COMPLEX"
    nots = "NOT (" * 500 + "name=a" + ")" * 500
    with pytest.raises(errors.InvalidArgument) as e:
        parse(nots, MODELS)
    assert e.value.reason == "FILTER_TOO_COMPLEX"


MODEL = {"name": "sentiment", "description": "", "tags": {"team": "ml", "tier": "1"},
         "create_time": dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc),
         "update_time": T0 + 5, "aliases": ["latest", "production"]}
VERSION = {"model": "sentiment", "number": 3, "state": "READY", "metrics": {"f1": 0.91, "latency": 0.2},
           "params": {"lr": "0.01"}, "tags": {}, "size": 20_000_000, "alias": ["staging"],
           "inputs": [{"uri": "s3://data/imdb-2024", "model": None}, {"uri": None, "model": "base"}]}
EVENT = {"type": "ALIAS_SET", "model": "sentiment", "alias": "production", "version": 3,
         "actor": "user:ana", "time": T0}
EVENT_NO_VERSION = {"type": "MODEL_CREATED", "model": "x", "alias": None, "version": None,
                    "actor": "user:bo", "time": T0}


@pytest.mark.parametrize("schema, text, record, verdict", [
    (MODELS, "", MODEL, True),
    (MODELS, "name = sentiment", MODEL, True),
    (MODELS, "name = Sentiment", MODEL, False),
    (MODELS, "name = sent*", MODEL, True),
    (MODELS, "name = *ment", MODEL, True),
    (MODELS, "name != sent*", MODEL, False),
    (MODELS, "name > s", MODEL, True),
    (MODELS, "description:*", MODEL, False),
    (MODELS, "tags.team = ml", MODEL, True),
    (MODELS, "tags.owner = ml", MODEL, False),
    (MODELS, "tags.owner != ml", MODEL, False),  # missing key: every comparison is false
    (MODELS, "NOT tags.owner = ml", MODEL, True),
    (MODELS, "tags:team", MODEL, True),
    (MODELS, "tags:t*", MODEL, True),
    (MODELS, "tags:owner", MODEL, False),
    (MODELS, "tags.tier:*", MODEL, True),
    (MODELS, "aliases:production", MODEL, True),
    (MODELS, "aliases:staging", MODEL, False),
    (MODELS, "aliases:prod*", MODEL, True),
    (MODELS, "aliases:*", MODEL, True),
    (MODELS, "create_time > 2024-05-31T23:59:59Z", MODEL, True),
    (MODELS, "create_time > 2024-06-01T02:00:00+02:00", MODEL, False),
    (MODELS, "update_time = 2024-01-01T00:00:00.000005Z", MODEL, True),
    (VERSIONS, "number >= 3 AND state = READY", VERSION, True),
    (VERSIONS, "number > 3 OR state = READY", VERSION, True),
    (VERSIONS, "number > 3 OR state = DELETED", VERSION, False),
    (VERSIONS, "metrics.f1 > 0.9", VERSION, True),
    (VERSIONS, "metrics.f1 > 0.95", VERSION, False),
    (VERSIONS, "metrics.latency < 250ms", VERSION, True),
    (VERSIONS, "metrics.latency < 200ms", VERSION, False),
    (VERSIONS, "metrics.latency <= 200ms", VERSION, True),
    (VERSIONS, "metrics.recall > 0", VERSION, False),
    (VERSIONS, "params.lr = '0.01'", VERSION, True),
    (VERSIONS, "tags:*", VERSION, False),
    (VERSIONS, "size >= 1e7", VERSION, True),
    (VERSIONS, "alias:staging", VERSION, True),
    (VERSIONS, 'inputs.uri:"s3://data/*"', VERSION, True),
    (VERSIONS, "inputs.model:base", VERSION, True),
    (VERSIONS, "inputs.model:other", VERSION, False),
    (VERSIONS, "-inputs.model:base", VERSION, False),
    (EVENTS, "type = ALIAS_SET AND alias = production", EVENT, True),
    (EVENTS, "(model = a OR model = sentiment) actor = user:*", EVENT, True),
    (EVENTS, "version:*", EVENT_NO_VERSION, False),
    (EVENTS, "version:*", EVENT, True),
    (EVENTS, "version != 3", EVENT_NO_VERSION, False),
    (EVENTS, "alias = production", EVENT_NO_VERSION, False),
    (EVENTS, "time >= 2024-01-01T00:00:00Z", EVENT, True),
    (EVENTS, "time < 2024-01-01T00:00:00Z", EVENT, False),
])
def test_matches(schema, text, record, verdict):
    assert matches(parse(text, schema), record) is verdict
