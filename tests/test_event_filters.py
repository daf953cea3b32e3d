"""Watch and webhook `filter` (AIP-160 over events) against a real server: every event field, the
shorthand lists combined with a filter, the one evaluator (filters.matches) agreeing with what
Watch streams, resuming a filtered watch, webhooks storing and applying their filter, bad filters
refused without changing anything, injection-looking literals taken literally, SDK and CLI."""

import json
import os
import subprocess
import sys
import threading
from datetime import datetime, timezone

import pytest

from conftest import ROOT, Receiver, data_state, replay, wait_until, watch_cli
from modelreg import InvalidArgument, Registry
from modelreg.cli import EXIT
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


# Bad filters: refused with a precise reason and metadata, changing nothing

BAD_FILTERS = [
    ("type =", "INVALID_FILTER", {"position": "6"}),
    ("type = ALIAS_SET AND", "INVALID_FILTER", {"position": "20"}),
    ("(type = ALIAS_SET", "INVALID_FILTER", {"position": "17"}),
    ("color = red", "INVALID_FILTER", {"position": "0", "field": "color"}),
    ("tags.team = nlp", "INVALID_FILTER", {"field": "tags.team"}),
    ("version = two", "INVALID_FILTER", {"position": "10"}),
    ("time > yesterday", "INVALID_FILTER", {"position": "7"}),
    ("alias < prod*", "INVALID_FILTER", {"position": "8"}),
    ("model: bert", "INVALID_FILTER", {"position": "5"}),
    ('model = "unterminated', "INVALID_FILTER", {"position": "8"}),
    ("model = a; DROP TABLE events", "INVALID_FILTER", {}),
    ("x" * 4097, "FILTER_TOO_LONG", {"limit": "4096"}),
    (" OR ".join(["version = 1"] * 257), "FILTER_TOO_COMPLEX", {"limit": "256"}),
    ("(" * 40 + "version = 1" + ")" * 40, "FILTER_TOO_COMPLEX", {"limit": "32"}),
    (" AND ".join(f"model = m{i}" for i in range(10_000)), "FILTER_TOO_LONG", {"limit": "4096"}),
    ("version=1 " * 300, "FILTER_TOO_COMPLEX", {"limit": "256"}),
]
BAD_IDS = [f"{reason}-{i}" for i, (_, reason, _) in enumerate(BAD_FILTERS)]


def _check(error, reason: str, metadata: dict):
    assert error.reason == reason
    for key, value in metadata.items():
        assert error.metadata.get(key) == value, (key, error.metadata)
    if reason == "INVALID_FILTER":
        assert "position" in error.metadata and error.metadata.get("expected")
    if "field" in metadata:
        assert "type" in error.metadata["allowed"] and "version" in error.metadata["allowed"]


@pytest.mark.parametrize("text, reason, metadata", BAD_FILTERS, ids=BAD_IDS)
def test_a_bad_watch_filter_is_refused(registry, server, text, reason, metadata):
    before = data_state(server.data)
    with pytest.raises(InvalidArgument) as e:
        next(iter(registry.watch(after=0, filter=text)))
    _check(e.value, reason, metadata)
    assert data_state(server.data) == before


@pytest.fixture
def hooks(shared_hook_server):
    with Registry(shared_hook_server.address, timeout=30) as registry:
        yield registry


@pytest.mark.parametrize("text, reason, metadata", BAD_FILTERS, ids=BAD_IDS)
def test_a_bad_webhook_filter_is_refused_on_create_and_update(hooks, shared_hook_server, model, text, reason,
                                                              metadata):
    existing = hooks.add_webhook("http://127.0.0.1:9/hook", models=[model], filter="type = ALIAS_SET",
                                 enabled=False).webhook
    before = data_state(shared_hook_server.data)
    with pytest.raises(InvalidArgument) as e:
        hooks.add_webhook("http://127.0.0.1:9/hook", filter=text)
    _check(e.value, reason, metadata)
    with pytest.raises(InvalidArgument) as e:
        hooks.update_webhook(existing.name, filter=text, description="not applied either")
    _check(e.value, reason, metadata)
    assert data_state(shared_hook_server.data) == before
    after = hooks.get_webhook(existing.name)
    assert (after.filter, after.description, after.update_time) == ("type = ALIAS_SET", "", existing.update_time)
    hooks.delete_webhook(existing.name)


# Webhooks

def _delivered(receiver: Receiver, sentinel: int) -> list[tuple]:
    """Waits for the delivery of the event with sequence `sentinel` (deliveries are in order, so
    everything queued before it arrived first); returns the delivered events' rows, in order."""
    wait_until(lambda: any(json.loads(q["body"])["data"]["sequence"] == sentinel for q in receiver.received()),
               what=f"the delivery of event {sentinel}")
    seen, rows = set(), []
    for q in receiver.received():
        data = json.loads(q["body"])["data"]
        if data["sequence"] not in seen:
            seen.add(data["sequence"])
            rows.append((data["sequence"], data["type"], data["model"], data.get("version", 0),
                         data.get("alias", "")))
    return rows


def _rows(events) -> list[tuple]:
    return [(e.sequence, *row(e)) for e in events]


def test_a_webhook_filter_is_stored_returned_and_applied(hooks, receiver, model, tmp_path):
    text = f'model = "{model}*" AND ((type = ALIAS_SET AND version >= 2) OR type = MODEL_UPDATED)'
    created = hooks.add_webhook(receiver.url, filter=text, types=["ALIAS_SET", "MODEL_UPDATED", "VERSION_CREATED"])
    assert created.webhook.filter == text
    assert hooks.get_webhook(created.webhook.name).filter == text
    assert [w.filter for w in hooks.list_webhooks() if w.name == created.webhook.name] == [text]
    head = hooks.event_head()
    hooks.push(model, small(tmp_path, "1", b"one"), aliases=["staging"])
    hooks.push(model, small(tmp_path, "2", b"two"), aliases=["production"])
    hooks.push(f"x{model}", small(tmp_path, "3", b"three"), aliases=["production"])
    hooks.set_alias(model, "staging", 2)
    hooks.update_model(model, description="sentinel")
    events = replay(hooks, after=head)
    expected = [e for e in events if e.model.startswith(model) and (
        (_t(e) == "ALIAS_SET" and e.version >= 2) or _t(e) == "MODEL_UPDATED")]
    assert _delivered(receiver, expected[-1].sequence) == [
        (s, t, m, v, al) for s, t, m, v, al in _rows(expected)]

    # Changing the filter applies to the events not queued yet.
    updated = hooks.update_webhook(created.webhook.name, filter="type = VERSION_CREATED")
    assert updated.filter == "type = VERSION_CREATED" and list(updated.models) == []
    head = hooks.event_head()
    hooks.set_alias(model, "canary", 2)
    v3 = hooks.push(model, small(tmp_path, "4", b"four"))
    delivered = _delivered(receiver, head + 2)
    assert [d[1:] for d in delivered if d[0] > head] == [("VERSION_CREATED", model, v3.number, "")]
    cleared = hooks.update_webhook(created.webhook.name, filter="")
    assert cleared.filter == ""
    hooks.delete_webhook(created.webhook.name)


def test_webhook_patterns_keep_their_glob_meaning(hooks, receiver, model, tmp_path):
    """`?` and `[...]`, which the filter text cannot spell, match as they always did (fnmatch)."""
    names = [f"{model}-a1", f"{model}-b1", f"{model}-c1", f"{model}-a22"]
    created = hooks.add_webhook(receiver.url, models=[f"{model}-[ab]?"], aliases=["[!l]*"],
                                filter="type = ALIAS_SET")
    head = hooks.event_head()
    for i, name in enumerate(names):
        hooks.push(name, small(tmp_path, str(i), name.encode()), aliases=["production"])
    hooks.set_alias(names[1], "staging", 1)
    events = replay(hooks, after=head)
    expected = [e for e in events if e.model in names[:2] and _t(e) == "ALIAS_SET" and e.alias != "latest"]
    assert len(expected) == 3
    assert _delivered(receiver, expected[-1].sequence) == _rows(expected)
    hooks.delete_webhook(created.webhook.name)


PATTERNS = [("fraud-*", True), ("a?c", True), ("m-[ab]*", True), ("m-[!x]*", True), ("x" * 128, True),
            ("Fraud", False), ("a/b", False), ("x" * 129, False), ("a b", False), ("m{1}", False)]


@pytest.mark.parametrize("pattern, valid", PATTERNS)
def test_one_pattern_rule_for_role_bindings_and_webhooks(hooks, model, pattern, valid):
    principal = f"p-{model}"[:60]
    hooks.create_principal(principal)
    try:
        if valid:
            binding = hooks.grant_role(principal, "viewer", models=pattern)
            assert binding.model_pattern == pattern
            hook = hooks.add_webhook("http://127.0.0.1:9/hook", models=[pattern], aliases=[pattern], enabled=False)
            assert list(hook.webhook.models) == [pattern]
            hooks.delete_webhook(hook.webhook.name)
        else:
            with pytest.raises(InvalidArgument) as e:
                hooks.grant_role(principal, "viewer", models=pattern)
            assert e.value.reason == "INVALID_PATTERN"
            for kwargs in ({"models": [pattern]}, {"aliases": [pattern]}):
                with pytest.raises(InvalidArgument) as e:
                    hooks.add_webhook("http://127.0.0.1:9/hook", **kwargs)
                assert e.value.reason == "INVALID_FILTER"
    finally:
        hooks.delete_principal(principal)


def test_a_star_model_pattern_still_takes_events_without_a_model(hooks, receiver, model):
    """`models: ["*"]` always matched every event, governance events (no model) included; the
    filter `model = *` compares the model, which those events do not have."""
    other = Receiver().start()
    try:
        types = ["PRINCIPAL_CREATED", "MODEL_CREATED"]
        star = hooks.add_webhook(receiver.url, models=["*"], types=types).webhook
        spelled = hooks.add_webhook(other.url, types=types, filter="model = *").webhook
        principal = f"p-{model}"[:60]
        hooks.create_principal(principal)
        hooks.create_model(model)
        sentinel = hooks.event_head()
        star_rows = [d[1:3] for d in _delivered(receiver, sentinel)]
        spelled_rows = [d[1:3] for d in _delivered(other, sentinel)]
        assert star_rows[-2:] == [("PRINCIPAL_CREATED", ""), ("MODEL_CREATED", model)]
        assert ("PRINCIPAL_CREATED", "") not in spelled_rows and spelled_rows[-1] == ("MODEL_CREATED", model)
        hooks.delete_principal(principal)
        for hook in (star, spelled):
            hooks.delete_webhook(hook.name)
    finally:
        other.stop()


# CLI


def _next(lines) -> dict:
    line = lines.get(timeout=WAIT)
    assert line is not None, "watch exited"
    return json.loads(line)


def test_cli_watch_filter(cli, registry, server, history):
    head, events, a, b, _ = history
    text = f"type = ALIAS_SET AND (model = {b} OR version = 2)"
    expected = [e for e in events if _t(e) == "ALIAS_SET" and (e.model == b or e.version == 2)]
    proc, lines = watch_cli(server.address, "--filter", text, "--after", head, "--json")
    try:
        got = [_next(lines) for _ in expected]
        registry.update_model(a, description="not matching")
        registry.set_alias(b, "canary", 1)
        sentinel = _next(lines)
    finally:
        proc.terminate()
        proc.wait(10)
        proc.stdout.close()
    assert [(g["sequence"], g["type"], g["model"], g["version"], g["alias"]) for g in got] == _rows(expected)
    assert (sentinel["type"], sentinel["model"], sentinel["alias"]) == ("ALIAS_SET", b, "canary")


def test_cli_watch_exec_gets_only_matching_events(server, history, tmp_path):
    head, events, a, b, _ = history
    expected = [e for e in events if e.model == a and e.alias == "production"]
    out, cursor = tmp_path / "seen", tmp_path / "cursor"
    cursor.write_text(f"{head}\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "modelreg", "watch", "--filter", f"model = {a} AND alias = production", "--exec",
         f'echo "$MODELREG_EVENT_SEQUENCE $MODELREG_EVENT_TYPE $MODELREG_ALIAS" >> {out}', "--cursor-file", cursor],
        env={**os.environ, "MODELREG_SERVER": server.address},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        # The cursor is written once a command has finished, after its output: wait for both.
        wait_until(lambda: out.exists() and len(out.read_text().splitlines()) >= len(expected)
                   and cursor.read_text().strip() == str(expected[-1].sequence), timeout=WAIT,
                   what="the --exec commands and the cursor after the last")
    finally:
        proc.terminate()
        proc.wait(10)
    assert out.read_text().splitlines() == [f"{e.sequence} {_t(e)} {e.alias}" for e in expected]
    assert int(cursor.read_text()) == expected[-1].sequence


@pytest.mark.parametrize("as_json", [True, False])
def test_cli_watch_bad_filter(cli, as_json):
    result = cli("watch", "--filter", "type =", "--after", "0", *(["--json"] if as_json else []), check=False)
    assert result.returncode == EXIT["usage"]
    if as_json:
        error = json.loads(result.stdout)["error"]
        assert (error["reason"], error["metadata"]["position"]) == ("INVALID_FILTER", "6")
    else:
        assert "INVALID_FILTER" in result.stderr and "position 6" in result.stderr


def test_cli_webhook_add_with_filter(cli, receiver, model, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # the table's cells stay on one line
    text = f"model = {model} AND type = ALIAS_SET AND -alias = latest"
    added = json.loads(cli("webhook", "add", receiver.url, "--type", "ALIAS_SET", "--filter", text, "--json").stdout)
    name = added["webhook"]["name"]
    assert added["webhook"]["filter"] == text and added["webhook"]["event_types"] == ["EVENT_TYPE_ALIAS_SET"]
    listed = json.loads(cli("webhook", "ls", "--json").stdout)["webhooks"]
    assert [w["filter"] for w in listed if w["name"] == name] == [text]
    text_out = cli("webhook", "add", receiver.url, "--filter", "version >= 3").stdout
    assert "(filter: version >= 3, json)" in text_out
    table = cli("webhook", "ls").stdout  # the long filter may wrap in its cell; the short one does not
    assert "filter: version >= 3" in table and "type=ALIAS_SET filter: model" in table
    bad = cli("webhook", "add", receiver.url, "--filter", "colour = red", "--json", check=False)
    error = json.loads(bad.stdout)["error"]
    assert bad.returncode == EXIT["usage"] and (error["reason"], error["metadata"]["field"]) == ("INVALID_FILTER", "colour")
    for w in json.loads(cli("webhook", "ls", "--json").stdout)["webhooks"]:
        if w["target_url"] == receiver.url:
            cli("webhook", "rm", w["name"].removeprefix("webhooks/"))
