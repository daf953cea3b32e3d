"""Replicas: several `modelreg serve` processes on one PostgreSQL database and one S3 prefix (the
run's throwaway cluster and versitygw), each with its own data directory, as a team would run
them. A change made through one is seen through every other; racing writers never make a
watcher skip or repeat an event."""

import random
import threading
import time
import uuid

import pytest
from google.protobuf.duration_pb2 import Duration

from conftest import ServerProcess, replay, write_tree
from modelreg import Registry
from modelreg.v1 import event_service_pb2 as ev


class Replicas:
    def __init__(self, root, postgres, gw, n: int):
        self.db = postgres.new_database()
        self.blobs = gw.url(f"replicas-{uuid.uuid4().hex[:12]}")
        self.servers = [ServerProcess(root / f"replica-{i}", "--db", self.db, "--blobs", self.blobs,
                                      "--webhook-allow", "127.0.0.1")
                        for i in range(n)]
        for srv in self.servers:
            srv.start()

    def client(self, i: int, **kwargs) -> Registry:
        return Registry(self.servers[i].address, timeout=30, **kwargs)

    def stop(self) -> None:
        for srv in self.servers:
            if srv.proc and srv.proc.poll() is None:
                srv.stop()


@pytest.fixture
def replicas(tmp_path, postgres, versitygw):
    group = Replicas(tmp_path, postgres, versitygw, 3)
    yield group
    group.stop()


def test_a_change_through_one_replica_is_read_through_every_other(replicas, tmp_path):
    model_dir = write_tree(tmp_path / "m", {"weights.bin": b"w" * 300_000, "config.json": b"{}"})
    with replicas.client(0) as a:
        pushed = a.push("shared", model_dir, aliases=["production"])
    for i in (1, 2):
        with replicas.client(i) as other:
            assert other.get_version("models/shared@production").digest == pushed.digest
            other.pull("models/shared@production", tmp_path / f"pulled-{i}")
            assert (tmp_path / f"pulled-{i}" / "weights.bin").read_bytes() == b"w" * 300_000


def test_a_watcher_on_one_replica_sees_an_alias_moved_through_another_within_1_s(replicas, tmp_path):
    model_dir = write_tree(tmp_path / "m", {"weights.bin": b"x" * 1000})
    with replicas.client(0) as a, replicas.client(1) as b:
        a.push("moving", model_dir)
        a.push("moving", write_tree(tmp_path / "m2", {"weights.bin": b"y" * 1000}))
        watch = a.watch(after=a.event_head(), models=["moving"], types=["ALIAS_SET"])
        seen = []
        reader = threading.Thread(target=lambda: seen.extend(
            [(e, time.monotonic()) for e in [next(iter(watch))]]))
        reader.start()
        time.sleep(0.5)  # the watch is established on replica A
        for delay in range(3):
            moved_at = time.monotonic()
            b.set_alias("moving", "production", 2 - delay % 2)
            reader.join(timeout=5)
            assert seen, "the watcher on replica A saw nothing"
            event, seen_at = seen.pop()
            assert event.alias == "production"
            assert seen_at - moved_at < 1.0, f"seen after {seen_at - moved_at:.2f} s"
            reader = threading.Thread(target=lambda: seen.extend([(e, time.monotonic()) for e in [next(iter(watch))]]))
            reader.start()
            time.sleep(0.2)
        watch.close()
        b.set_alias("moving", "production", 1)  # ends the last reader
        reader.join(timeout=5)


def test_racing_writers_never_make_a_watcher_skip_or_repeat_an_event(replicas, tmp_path):
    """Writers through every replica for 10 s while 50 watchers, spread over the replicas, resume
    from random cursors: each sees every event after its cursor exactly once, in sequence order,
    the same events as a replay after the race."""
    with replicas.client(0) as first:
        start = first.event_head()
    stop = threading.Event()
    errors = []

    def writer(i: int):
        try:
            with replicas.client(i % 3) as reg:
                n = 0
                while not stop.is_set():
                    name = f"race-{i}-{n % 5}"
                    if n < 5:
                        reg.create_model(name)
                    else:
                        reg.update_model(name, description=f"update {n}")
                    n += 1
        except Exception as e:  # reported below
            errors.append(e)

    writers = [threading.Thread(target=writer, args=(i,)) for i in range(6)]
    for t in writers:
        t.start()

    rnd = random.Random(11)
    results: list[tuple[int, list[int]]] = []
    calls = []
    channels = [replicas.client(i) for i in range(3)]

    def watcher(cursor: int, reg: Registry):
        request = ev.WatchRequest(after_sequence=cursor, progress_interval=Duration(nanos=200_000_000))
        call = reg.events.Watch(request, timeout=120)
        calls.append(call)
        got = []
        try:
            for response in call:
                if response.HasField("event"):
                    got.append(response.event.sequence)
                elif stop.is_set() and response.progress.head_sequence and got_head[0] and \
                        response.progress.head_sequence >= got_head[0]:
                    break
        except Exception as e:  # cancelled at the end or failed: compared below
            if not stop.is_set():
                errors.append(e)
        results.append((cursor, got))

    got_head = [0]
    watchers = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if len(watchers) < 50:
            with replicas.client(0) as probe:
                head = probe.event_head()
            t = threading.Thread(target=watcher, args=(rnd.randint(start, head), channels[len(watchers) % 3]))
            t.start()
            watchers.append(t)
        time.sleep(0.15)
    stop.set()
    for t in writers:
        t.join()
    with replicas.client(0) as probe:
        got_head[0] = probe.event_head()
        everything = [e.sequence for e in replay(probe, after=start)]
    for t in watchers:
        t.join(timeout=60)
    for c in calls:
        c.cancel()
    for reg in channels:
        reg.close()
    assert errors == []
    assert len(results) == 50
    assert everything == list(range(start + 1, got_head[0] + 1))  # no gaps either
    for cursor, got in results:
        assert got == [s for s in everything if s > cursor], f"watcher from {cursor}"
