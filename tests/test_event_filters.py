"""Watch and webhook `filter` (AIP-160 over events) against a real server: every event field, the
shorthand lists combined with a filter, the one evaluator (filters.matches) agreeing with what
Watch streams, resuming a filtered watch, webhooks storing and applying their filter, bad filters
refused without changing anything, injection-looking literals taken literally, SDK and CLI."""

import json
import threading
import time
from datetime import datetime, timezone

import grpc
import pytest
from google.protobuf.duration_pb2 import Duration
from google.protobuf.field_mask_pb2 import FieldMask

from conftest import Receiver, ServerProcess, FAST_WEBHOOKS, data_state, replay, wait_until
from modelreg import InvalidArgument, Registry
from modelreg.v1 import automation_service_pb2 as au
from modelreg.v1 import event_service_pb2 as ev
from modelreg.v1 import resources_pb2 as r
from modelreg_server import event_filters, filters
from modelreg_server.domain import EventRow

WAIT = 15
T0 = "2000-01-01T00:00:00Z"  # before every event
T_FUTURE = "2999-01-01T00:00:00Z"


def row(e: r.Event) -> tuple:
    return (r.EventType.Name(e.type).removeprefix("EVENT_TYPE_"), e.model, e.version, e.alias)


def event_row(e: r.Event) -> EventRow:
    """A streamed event as the server's EventRow (what the evaluator is given there)."""
    return EventRow(sequence=e.sequence, time=e.time.ToMicroseconds(), actor=e.actor,
                    type=r.EventType.Name(e.type).removeprefix("EVENT_TYPE_"), model=e.model, version=e.version,
                    alias=e.alias, previous_version=e.previous_version, digest=e.digest, subject=e.subject)


def rfc3339(micros: int) -> str:
    return datetime.fromtimestamp(micros / 1e6, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def small(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture
def history(registry, model, tmp_path):
    """Two models, three versions, alias moves and deletes, a model update. Returns (head before,
    every event after it, A, B, the time of the first B event)."""
    a, b = model, f"{model}-b"
    head = registry.event_head()
    registry.push(a, small(tmp_path, "1", b"one"), aliases=["staging"])
    registry.push(a, small(tmp_path, "2", b"two"))
    registry.set_alias(a, "production", 2)
    registry.push(b, small(tmp_path, "3", b"three"), aliases=["production"])
    registry.set_alias(a, "production", 1, expect=2)
    registry.delete_alias(a, "staging")
    registry.update_model(b, tags={"team": "nlp"})
    events = replay(registry, after=head)
    first_b = next(e for e in events if e.model == b).time.ToMicroseconds()
    return head, events, a, b, first_b


# Each case: a filter ({A}, {B}: the two models; {TB}: the time of B's first event) and what it
# means, written without the evaluator: a predicate over one streamed event and the context.
def _t(e):
    return r.EventType.Name(e.type).removeprefix("EVENT_TYPE_")


FIELD_CASES = [
    ("type = ALIAS_SET", lambda e, c: _t(e) == "ALIAS_SET"),
    ("type = alias_set", lambda e, c: _t(e) == "ALIAS_SET"),
    ("type = EVENT_TYPE_ALIAS_SET", lambda e, c: _t(e) == "ALIAS_SET"),
    ('type = "ALIAS_*"', lambda e, c: _t(e).startswith("ALIAS_")),
    ("type != ALIAS_SET", lambda e, c: _t(e) != "ALIAS_SET"),
    ("type = VERSION_CREATED OR type = MODEL_UPDATED", lambda e, c: _t(e) in ("VERSION_CREATED", "MODEL_UPDATED")),
    ("model = {A}", lambda e, c: e.model == c["A"]),
    ('model = "{A}-*"', lambda e, c: e.model == c["B"]),
    ("model != {A}", lambda e, c: e.model == c["B"]),
    ("alias = production", lambda e, c: e.alias == "production"),
    ("alias != production", lambda e, c: e.alias not in ("", "production")),
    ("NOT alias = production", lambda e, c: e.alias != "production"),
    ("alias:*", lambda e, c: e.alias != ""),
    ("-alias:*", lambda e, c: e.alias == ""),
    ("alias = prod*", lambda e, c: e.alias == "production"),
    ("version = 2", lambda e, c: e.version == 2),
    ("version >= 2", lambda e, c: e.version >= 2),
    ("version < 2", lambda e, c: 0 < e.version < 2),
    ("NOT version:*", lambda e, c: e.version == 0),
    ("time >= {TB}", lambda e, c: e.time.ToMicroseconds() >= c["TB"]),
    ('time < "{TB}"', lambda e, c: e.time.ToMicroseconds() < c["TB"]),
    (f"time > {T0}", lambda e, c: True),
    (f'time > "{T_FUTURE}"', lambda e, c: False),
    ("actor:*", lambda e, c: False),  # a server without authentication records no actor
    ("-actor:*", lambda e, c: True),
    ("type = ALIAS_SET AND (alias = staging OR version = 1)",
     lambda e, c: _t(e) == "ALIAS_SET" and (e.alias == "staging" or e.version == 1)),
]


def _fill(text: str, a: str, b: str, first_b: int) -> str:
    return text.replace("{A}", a).replace("{B}", b).replace("{TB}", rfc3339(first_b))


@pytest.mark.parametrize("text, meaning", FIELD_CASES, ids=[c[0] for c in FIELD_CASES])
def test_watch_filters_on_each_event_field(registry, history, text, meaning):
    head, events, a, b, first_b = history
    context = {"A": a, "B": b, "TB": first_b}
    got = [e for e in replay(registry, after=head, filter=_fill(text, a, b, first_b)) if e.model in (a, b)]
    expected = [e for e in events if e.model in (a, b) and meaning(e, context)]
    assert [(e.sequence, row(e)) for e in got] == [(e.sequence, row(e)) for e in expected]
    if text not in ("actor:*", f'time > "{T_FUTURE}"'):
        assert expected, "the case should match some events"


def test_shorthands_and_filter_are_anded(registry, history):
    head, events, a, b, _ = history
    got = replay(registry, after=head, models=[a, b], event_types=[r.EVENT_TYPE_ALIAS_SET],
                 aliases=["production", "staging"], filter="version = 1 OR model = " + b)
    expected = [e for e in events if e.model in (a, b) and _t(e) == "ALIAS_SET"
                and e.alias in ("production", "staging") and (e.version == 1 or e.model == b)]
    assert expected and [row(e) for e in got] == [row(e) for e in expected]


def test_shorthand_lists_are_the_filter_they_stand_for(registry, history):
    head, events, a, b, _ = history
    lists = replay(registry, after=head, models=[a, b], event_types=[r.EVENT_TYPE_ALIAS_SET, r.EVENT_TYPE_ALIAS_DELETED],
                   aliases=["staging"])
    text = f"(model = {a} OR model = {b}) AND (type = ALIAS_SET OR type = ALIAS_DELETED) AND alias = staging"
    spelled = replay(registry, after=head, filter=text)
    assert lists and [(e.sequence, row(e)) for e in lists] == [(e.sequence, row(e)) for e in spelled]


CORPUS = [
    "", "type = ALIAS_SET", "type:*", "-type = ALIAS_SET", "model = {A} type = VERSION_CREATED",
    "model = {A} OR model = {B}", "(model = {A} OR alias = production) AND NOT version = 2",
    "alias = production OR alias = staging", "alias = *", "alias != staging", "version > 1 AND version <= 3",
    "version != 1", "version = 1.0", "-version:* AND model = {B}", "type = ALIAS_* AND -alias = latest",
    "time >= 2000-01-01T00:00:00Z AND time < 2999-01-01T00:00:00+02:00", "actor = \"\"", "actor != root",
    "model = \"{A}*\" AND type = \"VERSION_*\"", "NOT (type = ALIAS_SET OR type = ALIAS_DELETED)",
    "type = version_created OR type = EVENT_TYPE_MODEL_UPDATED", "model < {B} AND model >= {A}",
]


def test_the_evaluator_agrees_with_what_watch_streams(registry, history):
    """The corpus evaluated by filters.matches on the recorded events (as the server's records)
    selects exactly what a Watch with that filter streams."""
    head, events, a, b, _ = history
    ours = [e for e in events if e.model in (a, b)]
    for text in CORPUS:
        text = text.replace("{A}", a).replace("{B}", b)
        tree = event_filters.parse(text)
        by_evaluator = [e.sequence for e in ours if filters.matches(tree, event_filters.record(event_row(e)))]
        by_watch = [e.sequence for e in replay(registry, after=head, filter=text) if e.model in (a, b)]
        assert by_watch == by_evaluator, text


INJECTIONS = [
    "model = \"'; DROP TABLE events; --\"",
    "actor = \"x' OR '1'='1\"",
    "type = \"ALIAS_SET' OR 'x'='x\"",
    'alias = "a\\"b"',
    'model = "back\\\\slash"',
    'model = "ünï©ødé 模型"',
    'model = "%"',
    'model = "_"',
    'model = "{A}%"',
    'alias = "prod_ction"',
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_looking_literals_are_literals(registry, server, history, text):
    head, events, a, b, _ = history
    text = text.replace("{A}", a)
    before = data_state(server.data)
    assert [e for e in replay(registry, after=head, filter=text) if e.model in (a, b)] == []
    both = replay(registry, after=head, filter=f"({text}) OR model = {b}")
    assert [row(e) for e in both if e.model in (a, b)] == [row(e) for e in events if e.model == b]
    assert data_state(server.data) == before


# Resuming

def test_a_resumed_filtered_watch_skips_no_matching_event(registry, model, tmp_path):
    """Stopped after its first event, resumed from the SDK's cursor after more than one read
    batch of non-matching events: every matching event arrives exactly once."""
    text = "type = ALIAS_SET AND alias = production"
    head = registry.event_head()
    registry.push(model, small(tmp_path, "1", b"one"), aliases=["production"])
    registry.push(model, small(tmp_path, "2", b"two"))
    registry.set_alias(model, "production", 2)
    first = registry.watch(after=head, filter=text, models=[model])
    got = [next(iter(first))]
    first.close()
    for i in range(300):  # more than the server reads at once (service.WATCH_BATCH)
        registry.update_model(model, description=f"d{i}")
    registry.set_alias(model, "production", 1)
    registry.set_alias(model, "staging", 1)
    last_seq = registry.event_head()
    registry.set_alias(model, "production", 2)
    resumed = registry.watch(after=first.last_sequence, filter=text, models=[model])
    try:
        for event in resumed:
            got.append(event)
            if event.sequence > last_seq:
                break
    finally:
        resumed.close()
    expected = [e for e in replay(registry, after=head, models=[model])
                if _t(e) == "ALIAS_SET" and e.alias == "production"]
    assert len(expected) == 4
    assert [(e.sequence, row(e)) for e in got] == [(e.sequence, row(e)) for e in expected]


def test_resuming_from_the_progress_of_a_filtered_watch_skips_nothing(registry, model, tmp_path):
    """A watch whose filter matched nothing yet moves its cursor by progress messages; resuming from
    that cursor still delivers the first matching event committed after it."""
    registry.create_model(model)
    start = registry.event_head()
    watch = registry.watch(after=start, filter=f"model = {model} AND type = VERSION_CREATED", progress_interval=0.1)
    stream = iter(watch)
    for i in range(5):
        registry.update_model(model, description=f"d{i}")
    head = registry.event_head()
    progressed = []

    def run():
        try:
            progressed.append(next(stream))
        except Exception as e:  # noqa: BLE001 - the watch is closed below
            progressed.append(e)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    wait_until(lambda: (watch.last_sequence or 0) >= head, timeout=WAIT, what="progress past the head")
    watch.close()
    thread.join(WAIT)
    cursor = watch.last_sequence
    assert cursor >= head > start and not [x for x in progressed if isinstance(x, r.Event)]
    registry.push(model, small(tmp_path, "1", b"one"))
    resumed = registry.watch(after=cursor, filter=f"model = {model} AND type = VERSION_CREATED")
    try:
        event = next(iter(resumed))
    finally:
        resumed.close()
    assert row(event) == ("VERSION_CREATED", model, 1, "")
