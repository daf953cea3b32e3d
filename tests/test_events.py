"""The event log against a real server: one event per mutation, in order, replayed and live; filters;
progress; many watchers; resuming after a disconnect and after the server is killed."""

import asyncio
import queue
import threading
import time

import grpc
import pytest
from google.protobuf.duration_pb2 import Duration

from conftest import write_tree
from modelreg import Conflict, FailedPrecondition, InvalidArgument, NotFound, OutOfRange, Registry
from modelreg.v1 import event_service_pb2 as ev
from modelreg.v1 import event_service_pb2_grpc
from modelreg.v1 import resources_pb2 as r

WAIT = 15  # seconds: the bound of every wait for an event, a thread or a stream


def row(event: r.Event) -> tuple:
    return (r.EventType.Name(event.type).removeprefix("EVENT_TYPE_"), event.model, event.version, event.alias,
            event.previous_version)


def wait_until(condition, timeout=WAIT, what="condition"):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.02)


class Collector:
    """Runs an SDK watch in a thread; its events land in a queue that the test reads with timeouts.
    With `limit`, the thread stops iterating after that many events (the Watch stays open)."""

    def __init__(self, watch, limit: int | None = None):
        self.watch, self.limit = watch, limit
        self.queue = queue.Queue()
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        try:
            if self.limit == 0:
                return
            for n, event in enumerate(self.watch, 1):
                self.queue.put(event)
                if n == self.limit:
                    return
        except Exception as e:  # reported by take() and checked by the tests
            self.error = e

    def take(self, n: int, timeout: float = WAIT) -> list:
        deadline = time.monotonic() + timeout
        events = []
        while len(events) < n:
            try:
                events.append(self.queue.get(timeout=max(0.01, deadline - time.monotonic())))
            except queue.Empty:
                raise AssertionError(f"got {len(events)} of {n} events within {timeout}s: "
                                     f"{[row(e) for e in events]}; watch error: {self.error!r}") from None
        return events

    def until(self, sequence: int, timeout: float = WAIT) -> list:
        """The events up to and including the one with this sequence."""
        events = []
        while not events or events[-1].sequence < sequence:
            events += self.take(1, timeout)
        return events

    def close(self):
        self.watch.close()
        self.thread.join(WAIT)
        assert not self.thread.is_alive(), "the watch did not end after close()"


@pytest.fixture
def sources(tmp_path):
    """Two small model directories with different content, so their versions have different digests."""
    return (write_tree(tmp_path / "one", {"config.json": b'{"n": 1}\n', "weights.bin": b"\x01" * 4096}),
            write_tree(tmp_path / "two", {"config.json": b'{"n": 2}\n', "weights.bin": b"\x02" * 4096}))


def scripted_mutations(reg: Registry, model: str, sources) -> tuple[list, dict]:
    """Performs a series of mutations on a fresh model (refused and no-op ones in between) and returns
    the events they must produce as rows, and the digest of each version number."""
    one, two = sources
    reg.create_model(model, description="events")
    v1 = reg.push(model, one, aliases=["staging"])
    v2 = reg.push(model, two)
    reg.set_alias(model, "production", 1)
    reg.set_alias(model, "production", 2, expect=1)
    with pytest.raises(Conflict):
        reg.set_alias(model, "production", 1, expect=1)  # a stale compare-and-swap
    reg.update_version(f"{model}:v2", metrics={"acc": 0.93})
    with pytest.raises(Conflict):
        reg.update_version(f"{model}:v2", metrics={"acc": 0.5}, etag=v2.etag)  # a stale etag
    reg.archive_version(f"{model}:v1")
    reg.archive_version(f"{model}:v1")  # already archived: nothing changes
    with pytest.raises(FailedPrecondition):
        reg.set_alias(model, "staging", 1)  # an archived version holds no alias
    reg.restore_version(f"{model}:v1")
    reg.delete_alias(model, "production")
    reg.add_lineage(f"{model}:v2", ["s3://data/train"])
    reg.add_lineage(f"{model}:v2", ["s3://data/train"])  # already declared: nothing changes
    reg.update_model(model, tags={"team": "search"})
    with pytest.raises(FailedPrecondition):
        reg.delete_model(model)  # has READY versions
    reg.delete_model(model, force=True)
    m = model
    expected = [
        ("MODEL_CREATED", m, 0, "", 0),
        ("VERSION_CREATED", m, 1, "", 0),
        ("ALIAS_SET", m, 1, "latest", 0),
        ("ALIAS_SET", m, 1, "staging", 0),
        ("VERSION_CREATED", m, 2, "", 0),
        ("ALIAS_SET", m, 2, "latest", 1),
        ("ALIAS_SET", m, 1, "production", 0),
        ("ALIAS_SET", m, 2, "production", 1),
        ("VERSION_UPDATED", m, 2, "", 0),
        ("VERSION_ARCHIVED", m, 1, "", 0),
        ("ALIAS_DELETED", m, 1, "staging", 1),
        ("VERSION_RESTORED", m, 1, "", 0),
        ("ALIAS_DELETED", m, 2, "production", 2),
        ("LINEAGE_ADDED", m, 2, "", 0),
        ("MODEL_UPDATED", m, 0, "", 0),
        ("ALIAS_DELETED", m, 2, "latest", 2),
        ("MODEL_DELETED", m, 0, "", 0),
    ]
    return expected, {1: v1.digest, 2: v2.digest}


def check_digests(events, digests):
    """Version and alias events carry the digest of their version; model events none."""
    for event in events:
        kind = row(event)[0]
        wanted = "" if kind.startswith("MODEL_") else digests[event.version]
        assert event.digest == wanted, f"digest of {row(event)}"


def test_events_equal_the_mutations_in_order(registry, model, sources):
    head = registry.event_head()
    expected, digests = scripted_mutations(registry, model, sources)
    collector = Collector(registry.watch(after=head, models=[model]))
    try:
        events = collector.take(len(expected))
        # The model can be created again after its deletion; its MODEL_CREATED must come next, which
        # shows that nothing was repeated or left over from the script.
        registry.create_model(model)
        (sentinel,) = collector.take(1)
    finally:
        collector.close()
    assert [row(e) for e in events] == expected
    assert row(sentinel) == ("MODEL_CREATED", model, 0, "", 0)
    sequences = [e.sequence for e in events + [sentinel]]
    assert sequences == sorted(set(sequences)) and sequences[0] > head
    check_digests(events, digests)
    assert all(e.time.ToNanoseconds() > 0 for e in events)
    assert all(e.actor == "" for e in events)  # the server runs without authentication


def test_sequences_are_gapless_and_refusals_add_nothing(own_server, sources):
    with Registry(own_server.address, timeout=30) as reg:
        assert reg.event_head() == 0
        expected, digests = scripted_mutations(reg, "gapless", sources)
        head = reg.event_head()
        with pytest.raises(NotFound):
            reg.delete_model("gapless", force=True)  # deleted already
        with pytest.raises(NotFound):
            reg.set_alias("gapless", "production", 1)
        with pytest.raises(InvalidArgument):
            reg.create_model("Not A Name")
        # Refused inside the transaction, after its first event was appended: all of it rolls back.
        with pytest.raises(NotFound):
            reg.push("rolled-back", sources[0], inputs=["no-such-model:v1"])
        with pytest.raises(NotFound):
            reg.get_model("rolled-back")
        assert reg.event_head() == head
        collector = Collector(reg.watch(after=0))
        try:
            events = collector.take(len(expected))
            reg.create_model("sentinel")
            (sentinel,) = collector.take(1)
        finally:
            collector.close()
    assert head == len(expected)
    assert [e.sequence for e in events] == list(range(1, len(expected) + 1))
    assert [row(e) for e in events] == expected
    assert (sentinel.sequence, row(sentinel)) == (head + 1, ("MODEL_CREATED", "sentinel", 0, "", 0))
    check_digests(events, digests)


def test_archiving_the_only_version_deletes_latest(registry, model, sources):
    head = registry.event_head()
    v1 = registry.push(model, sources[0])
    registry.archive_version(f"{model}:v1")
    registry.restore_version(f"{model}:v1")
    collector = Collector(registry.watch(after=head, models=[model]))
    try:
        events = collector.take(7)
    finally:
        collector.close()
    assert [row(e) for e in events] == [
        ("MODEL_CREATED", model, 0, "", 0),
        ("VERSION_CREATED", model, 1, "", 0),
        ("ALIAS_SET", model, 1, "latest", 0),
        ("VERSION_ARCHIVED", model, 1, "", 0),
        ("ALIAS_DELETED", model, 1, "latest", 1),
        ("VERSION_RESTORED", model, 1, "", 0),
        ("ALIAS_SET", model, 1, "latest", 0),  # v1 is the newest READY version again
    ]
    check_digests(events, {1: v1.digest})


def test_replay_then_live(registry, model, sources):
    head = registry.event_head()
    registry.push(model, sources[0], aliases=["production"])
    registry.push(model, sources[1])
    collector = Collector(registry.watch(after=head, models=[model]))
    try:
        stored = collector.take(6)
        moved = registry.set_alias(model, "production", 2, expect=1)
        (live,) = collector.take(1)
    finally:
        collector.close()
    assert [row(e) for e in stored] == [
        ("MODEL_CREATED", model, 0, "", 0),
        ("VERSION_CREATED", model, 1, "", 0),
        ("ALIAS_SET", model, 1, "latest", 0),
        ("ALIAS_SET", model, 1, "production", 0),
        ("VERSION_CREATED", model, 2, "", 0),
        ("ALIAS_SET", model, 2, "latest", 1),
    ]
    assert row(live) == ("ALIAS_SET", model, 2, "production", 1)
    assert (moved.version, moved.previous_version) == (2, 1)
    assert live.sequence > stored[-1].sequence


@pytest.mark.parametrize("filters", [
    {"models": ["A"]},
    {"models": ["A", "B"]},
    {"types": ["ALIAS_SET"]},
    {"types": ["ALIAS_SET", "ALIAS_DELETED"]},
    {"aliases": ["production"]},
    {"aliases": ["latest"]},
    {"models": ["A"], "types": ["ALIAS_SET"]},
    {"models": ["A"], "types": ["ALIAS_SET"], "aliases": ["production"]},
])
def test_filters(registry, model, sources, filters):
    a, b = model, f"{model}-other"
    filters = {key: [{"A": a, "B": b}.get(v, v) for v in values] for key, values in filters.items()}
    head = registry.event_head()
    for name in (a, b):
        registry.push(name, sources[0], aliases=["production", "staging"])
        registry.push(name, sources[1])
        registry.set_alias(name, "production", 2, expect=1)
        registry.delete_alias(name, "staging")
        registry.update_model(name, tags={"team": "x"})
    registry.set_alias(a, "production", 1)
    last = registry.event_head()

    def matches(e):
        kind, model_, _, alias, _ = row(e)
        return ((not filters.get("models") or model_ in filters["models"])
                and (not filters.get("types") or kind in filters["types"])
                and (not filters.get("aliases") or alias in filters["aliases"]))

    everything = Collector(registry.watch(after=head))
    filtered = Collector(registry.watch(after=head, **filters))
    try:
        expected = [e for e in everything.until(last) if matches(e)]
        assert expected, "the filter should match some of the events"
        got = filtered.until(expected[-1].sequence)
    finally:
        everything.close()
        filtered.close()
    assert [(e.sequence, row(e)) for e in got] == [(e.sequence, row(e)) for e in expected]


def test_filters_are_anded(registry, model, sources):
    head = registry.event_head()
    registry.push(model, sources[0], aliases=["production", "staging"])
    registry.push(f"{model}-other", sources[0], aliases=["production"])
    registry.delete_alias(model, "production")
    registry.set_alias(model, "production", 1)
    collector = Collector(registry.watch(after=head, models=[model], types=["ALIAS_SET"], aliases=["production"]))
    try:
        events = collector.take(2)
        registry.set_alias(model, "canary", 1)  # an alias outside the filter
        registry.set_alias(f"{model}-other", "canary", 1)
        registry.update_model(model, tags={"k": "v"})
        registry.delete_alias(model, "production")  # a type outside the filter
        registry.set_alias(model, "production", 1)
        (last,) = collector.take(1)
    finally:
        collector.close()
    assert [row(e) for e in events + [last]] == [("ALIAS_SET", model, 1, "production", 0)] * 3


def raw_watch(registry: Registry, request: ev.WatchRequest):
    return registry.events.Watch(request, timeout=WAIT)


def test_progress_carries_the_head_while_idle(own_server, sources):
    with Registry(own_server.address, timeout=30) as reg:
        reg.push("watched", sources[0])
        head = reg.event_head()
        call = raw_watch(reg, ev.WatchRequest(after_sequence=0, models=["watched"],
                                              progress_interval=Duration(nanos=200_000_000)))
        try:
            responses = iter(call)
            first = next(responses)
            replayed = [next(responses) for _ in range(head)]
            idle = [next(responses) for _ in range(3)]
            reg.create_model("unwatched")  # filtered out, but it moves the head
            later = []
            while not later or later[-1].progress.head_sequence == head:
                later.append(next(responses))
                assert len(later) < 20, "progress never reported the new head"
        finally:
            call.cancel()
    assert first.progress.head_sequence == 0  # where the replay starts
    assert [x.event.sequence for x in replayed] == list(range(1, head + 1))
    assert [x.WhichOneof("kind") for x in idle + later] == ["progress"] * (len(idle) + len(later))
    assert [x.progress.head_sequence for x in idle] == [head] * 3
    assert later[-1].progress.head_sequence == head + 1


def test_progress_from_now_starts_at_the_head(registry, model, sources):
    registry.push(model, sources[0])
    head = registry.event_head()
    call = raw_watch(registry, ev.WatchRequest(models=[model], progress_interval=Duration(nanos=200_000_000)))
    try:
        responses = iter(call)
        first, second = next(responses), next(responses)
    finally:
        call.cancel()
    assert first.progress.head_sequence >= head
    assert second.HasField("progress") and second.progress.head_sequence >= first.progress.head_sequence


@pytest.mark.parametrize("kwargs,error,reason", [
    ({"models": ["Not A Name"]}, InvalidArgument, "INVALID_NAME"),
    ({"aliases": ["v3"]}, InvalidArgument, "INVALID_ALIAS"),
    ({"progress_interval": 0.05}, InvalidArgument, "INVALID_INTERVAL"),
    ({"progress_interval": 7200}, InvalidArgument, "INVALID_INTERVAL"),
    ({"after": "ahead"}, OutOfRange, "CURSOR_AHEAD"),
])
def test_watch_refuses(registry, kwargs, error, reason):
    if kwargs.get("after") == "ahead":
        kwargs = {"after": registry.event_head() + 1000}
    collector = Collector(registry.watch(**kwargs))
    collector.thread.join(WAIT)
    alive = collector.thread.is_alive()
    collector.close()
    assert not alive, "the watch should fail, not wait"
    assert isinstance(collector.error, error)
    assert collector.error.reason == reason


def test_watch_refuses_an_unknown_event_type(registry):
    call = raw_watch(registry, ev.WatchRequest(event_types=[99]))
    with pytest.raises(grpc.RpcError) as e:
        next(iter(call))
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_two_hundred_watchers_each_get_one_alias_move(server, registry, model, sources):
    registry.push(model, sources[0], aliases=["production"])
    registry.push(model, sources[1])
    watchers = 200
    request = ev.WatchRequest(models=[model], event_types=[r.EVENT_TYPE_ALIAS_SET], aliases=["production"])

    async def next_event(call):
        while True:
            response = await call.read()
            if response is grpc.aio.EOF:
                return None
            if response.HasField("event"):
                return response.event

    async def run():
        # Several connections (distinct channel arguments keep them from being shared).
        channels = [grpc.aio.insecure_channel(server.address, options=[("modelreg.test.connection", i)])
                    for i in range(4)]
        calls = []
        try:
            stubs = [event_service_pb2_grpc.EventServiceStub(c) for c in channels]
            calls = [stubs[i % len(stubs)].Watch(request, timeout=WAIT * 2) for i in range(watchers)]
            # Each stream starts with a progress message: then every watcher is connected.
            firsts = await asyncio.wait_for(asyncio.gather(*(c.read() for c in calls)), WAIT)
            assert all(f is not grpc.aio.EOF and f.HasField("progress") for f in firsts)
            # No watcher is reading now; the writer must not wait for any of them.
            moved = await asyncio.wait_for(
                asyncio.to_thread(registry.set_alias, model, "production", 2, expect=1), WAIT)
            return moved, await asyncio.wait_for(asyncio.gather(*(next_event(c) for c in calls)), WAIT)
        finally:
            for c in calls:
                c.cancel()
            for c in channels:
                await c.close()

    moved, events = asyncio.run(run())
    assert (moved.version, moved.previous_version) == (2, 1)
    assert len(events) == watchers
    assert {(e.sequence, row(e)) for e in events} == {
        (events[0].sequence, ("ALIAS_SET", model, 2, "production", 1))}


@pytest.mark.parametrize("k", [0, 1, 7, 15, 16])
def test_disconnect_and_resume(registry, model, sources, k):
    head = registry.event_head()
    expected, _ = scripted_mutations(registry, model, sources)
    registry.create_model(model)  # the sentinel: the last event of this model
    expected.append(("MODEL_CREATED", model, 0, "", 0))

    first = Collector(registry.watch(after=head, models=[model]), limit=k)
    first.thread.join(WAIT)
    assert not first.thread.is_alive() and first.error is None
    before = first.take(k)
    first.close()
    resume_from = first.watch.last_sequence
    assert resume_from == (before[-1].sequence if before else head)

    second = Collector(registry.watch(after=resume_from, models=[model]))
    try:
        rest = second.take(len(expected) - k)
    finally:
        second.close()
    events = before + rest
    assert [row(e) for e in events] == expected
    sequences = [e.sequence for e in events]
    assert sequences == sorted(set(sequences))


def test_disconnect_while_live_and_resume(registry, model, sources):
    registry.push(model, sources[0])
    head = registry.event_head()
    first = Collector(registry.watch(after=head, models=[model]))
    for i in range(5):
        registry.update_model(model, tags={"step": str(i)})
    before = first.take(3)
    first.close()
    resume_from = first.watch.last_sequence
    # What the first watch took from the stream but never handed out is not counted as delivered.
    before += [first.queue.get_nowait() for _ in range(first.queue.qsize())]
    assert resume_from >= before[-1].sequence
    for i in range(5, 8):
        registry.update_model(model, tags={"step": str(i)})
    second = Collector(registry.watch(after=resume_from, models=[model]))
    try:
        rest = second.take(8 - len(before))
        registry.set_alias(model, "end", 1)
        (end,) = second.take(1)
    finally:
        second.close()
    assert [row(e) for e in before + rest] == [("MODEL_UPDATED", model, 0, "", 0)] * 8
    assert [e.sequence for e in before + rest] == list(range(head + 1, head + 9))
    assert row(end) == ("ALIAS_SET", model, 1, "end", 0)


@pytest.mark.parametrize("stop", ["kill", "graceful"])
def test_watch_survives_server_kill_and_restart(own_server, sources, stop):
    with Registry(own_server.address, timeout=30) as reg:
        collector = Collector(reg.watch(after=0))
        try:
            reg.push("survivor", sources[0], aliases=["production"])  # 4 events
            before = collector.take(4)
            if stop == "kill":
                own_server.kill()  # SIGKILL: the stream breaks
            else:
                assert own_server.stop() == 0  # SIGTERM: the server ends the stream itself
            own_server.start()  # the same port and data directory
            grpc.channel_ready_future(reg.channel).result(timeout=WAIT)
            reg.push("survivor", sources[1])  # 2 events
            reg.set_alias("survivor", "production", 2, expect=1)
            reg.update_model("survivor", tags={"restarted": "yes"})
            after = collector.take(4)
            reg.create_model("sentinel")
            (sentinel,) = collector.take(1)
        finally:
            collector.close()
    assert collector.error is None
    assert [(e.sequence, row(e)) for e in before + after + [sentinel]] == list(enumerate([
        ("MODEL_CREATED", "survivor", 0, "", 0),
        ("VERSION_CREATED", "survivor", 1, "", 0),
        ("ALIAS_SET", "survivor", 1, "latest", 0),
        ("ALIAS_SET", "survivor", 1, "production", 0),
        ("VERSION_CREATED", "survivor", 2, "", 0),
        ("ALIAS_SET", "survivor", 2, "latest", 1),
        ("ALIAS_SET", "survivor", 2, "production", 1),
        ("MODEL_UPDATED", "survivor", 0, "", 0),
        ("MODEL_CREATED", "sentinel", 0, "", 0),
    ], start=1))


def test_watch_from_now_sees_only_new_events(registry, model, sources):
    registry.push(model, sources[0], aliases=["production"])
    watch = registry.watch(models=[model])
    collector = Collector(watch)
    try:
        # The server confirms the head it starts from; everything before it is in the past.
        wait_until(lambda: watch.last_sequence is not None, what="the watch to connect")
        registry.set_alias(model, "canary", 1)
        (event,) = collector.take(1)
    finally:
        collector.close()
    assert row(event) == ("ALIAS_SET", model, 1, "canary", 0)
    assert collector.queue.empty()


@pytest.mark.parametrize("filters", [{}, {"models": ["a"]}, {"types": ["MODEL_CREATED"]}])
def test_long_replay_crosses_batches(own_server, filters):
    """Far more events than the server reads per batch (256)."""
    with Registry(own_server.address, timeout=30) as reg:
        reg.create_model("a")
        reg.create_model("b")
        for i in range(600):
            reg.update_model("ab"[i % 2], tags={"i": str(i)})
        reg.create_model("c")
        reg.update_model("a", tags={"i": "last"})
        last = reg.event_head()
        everything = Collector(reg.watch(after=0))
        filtered = Collector(reg.watch(after=0, **filters))
        try:
            all_events = everything.until(last)
            expected = [e for e in all_events
                        if e.model in filters.get("models", [e.model])
                        and row(e)[0] in filters.get("types", [row(e)[0]])]
            got = filtered.until(expected[-1].sequence)
        finally:
            everything.close()
            filtered.close()
    assert [e.sequence for e in all_events] == list(range(1, 605))
    assert [(e.sequence, row(e)) for e in got] == [(e.sequence, row(e)) for e in expected]


def test_progress_never_claims_an_undelivered_event(own_server):
    """A progress head is a safe resume point: every matching event up to it came before it."""
    with Registry(own_server.address, timeout=30) as reg:
        reg.create_model("a")
        reg.create_model("b")
        call = raw_watch(reg, ev.WatchRequest(after_sequence=0, models=["a"],
                                              progress_interval=Duration(nanos=100_000_000)))
        responses = queue.Queue()

        def read():
            try:
                for response in call:
                    responses.put(response)
            except grpc.RpcError:
                pass
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            for i in range(400):
                reg.update_model("a" if i % 3 == 0 else "b", tags={"i": str(i)})
                if i % 100 == 0:
                    time.sleep(0.15)  # idle a little, so progress goes out between the writes
            final = reg.event_head()
            stream = []
            while not stream or not (stream[-1].HasField("progress") and stream[-1].progress.head_sequence >= final):
                stream.append(responses.get(timeout=WAIT))
        finally:
            call.cancel()
            reader.join(WAIT)
        assert not reader.is_alive()
        everything = Collector(reg.watch(after=0, models=["a"]))
        try:
            a_sequences = [e.sequence for e in everything.until(max(
                x.event.sequence for x in stream if x.HasField("event")))]
        finally:
            everything.close()
    delivered = [x.event.sequence for x in stream if x.HasField("event")]
    assert delivered == a_sequences
    progress_seen = 0
    for i, x in enumerate(stream):
        if x.HasField("progress"):
            head = x.progress.head_sequence
            before = {y.event.sequence for y in stream[:i] if y.HasField("event")}
            assert {s for s in a_sequences if s <= head} <= before, f"progress {head} came before its events"
            assert all(y.event.sequence > head for y in stream[i:] if y.HasField("event"))
            progress_seen += 1
    assert progress_seen >= 3


def test_compaction_makes_older_cursors_resync(own_server, sources):
    from modelreg import InvalidArgument, OutOfRange
    with Registry(own_server.address) as reg:
        for _ in range(3):
            reg.push("compacted", sources[0])
        head = reg.event_head()
        result = reg.compact_events(through_sequence=4)
        assert (result.events_removed, result.compacted_through) == (4, 4)
        assert reg.events.GetEventHead(ev.GetEventHeadRequest()).oldest_sequence == 5
        with pytest.raises(OutOfRange) as e:
            next(iter(reg.watch(after=3, reconnect=False)))
        assert e.value.reason == "CURSOR_COMPACTED"
        resumed = reg.watch(after=4, reconnect=False)
        stream = iter(resumed)
        events = [next(stream) for _ in range(head - 4)]
        resumed.close()
        assert [e.sequence for e in events] == list(range(5, head + 1))
        with pytest.raises(InvalidArgument):
            reg.compact_events(through_sequence=head + 1)
        assert reg.compact_events(older_than=0).compacted_through == head
    own_server.kill()
    own_server.start()
    with Registry(own_server.address) as reg:
        with pytest.raises(OutOfRange):
            next(iter(reg.watch(after=head - 1, reconnect=False)))
        reg.set_alias("compacted", "production", 1)
        assert next(iter(reg.watch(after=head, reconnect=False))).sequence == head + 1
