"""Replicas: several `modelreg serve` processes on one PostgreSQL database and one S3 prefix (the
run's throwaway cluster and versitygw), each with its own data directory, as a team would run
them. A change made through one is seen through every other; racing writers never make a
watcher skip or repeat an event."""

import json
import os
import queue
import random
import threading
import time
import uuid

import pytest
from google.protobuf.duration_pb2 import Duration

from conftest import Receiver, replay, tree, wait_until, write_tree
from modelreg import Registry
from modelreg.v1 import event_service_pb2 as ev


@pytest.fixture
def group(replicas, postgres, versitygw):
    """Three replicas on one fresh PostgreSQL database and one fresh S3 prefix."""
    prefix = f"replicas-{uuid.uuid4().hex[:12]}"
    storage = ("--db", postgres.new_database(), "--blobs", versitygw.url(prefix))
    return replicas(3, "--webhook-allow", "127.0.0.1", "--webhook-lease", "3", storage=storage, blobs_root=versitygw.prefix_root(prefix))


def test_a_change_through_one_replica_is_read_through_every_other(group, tmp_path):
    model_dir = write_tree(tmp_path / "m", {"weights.bin": b"w" * 300_000, "config.json": b"{}"})
    with group.client(0) as a:
        pushed = a.push("shared", model_dir, aliases=["production"])
    for i in (1, 2):
        with group.client(i) as other:
            assert other.get_version("shared:production").digest == pushed.digest
            other.pull("shared:production", tmp_path / f"pulled-{i}")
            assert (tmp_path / f"pulled-{i}" / "weights.bin").read_bytes() == b"w" * 300_000


def test_a_watcher_on_one_replica_sees_an_alias_moved_through_another_within_1_s(group, tmp_path):
    with group.client(0) as a, group.client(1) as b:
        a.push("moving", write_tree(tmp_path / "m1", {"weights.bin": b"x" * 1000}))
        a.push("moving", write_tree(tmp_path / "m2", {"weights.bin": b"y" * 1000}))
        watch = a.watch(after=a.event_head(), models=["moving"], types=["ALIAS_SET"])
        seen: queue.Queue = queue.Queue()
        reader = threading.Thread(target=lambda: [seen.put((e, time.monotonic())) for e in watch], daemon=True)
        reader.start()
        time.sleep(0.5)  # the watch is established on replica A
        for number in (1, 2, 1):
            moved_at = time.monotonic()
            b.set_alias("moving", "production", number)
            event, seen_at = seen.get(timeout=5)
            assert (event.alias, event.version) == ("production", number)
            assert seen_at - moved_at < 1.0, f"seen {seen_at - moved_at:.2f} s after the move"
        watch.close()


def test_racing_writers_never_make_a_watcher_skip_or_repeat_an_event(group, tmp_path):
    """Writers through every replica for 10 s while 50 watchers, spread over the replicas, resume
    from random cursors: each sees every event after its cursor exactly once, in sequence order,
    the same events as a replay after the race."""
    with group.client(0) as first:
        start = first.event_head()
    stop = threading.Event()
    errors = []

    def writer(i: int):
        try:
            with group.client(i % 3) as reg:
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
    channels = [group.client(i) for i in range(3)]

    def watcher(cursor: int, reg: Registry):
        request = ev.WatchRequest(after_sequence=cursor, progress_interval=Duration(nanos=200_000_000))
        call = reg.events.Watch(request, timeout=120)
        calls.append(call)
        got = []
        try:
            for response in call:
                if response.HasField("event"):
                    got.append(response.event.sequence)
                    position = response.event.sequence
                else:
                    position = response.progress.head_sequence
                if got_head[0] and position >= got_head[0]:
                    break
        except Exception as e:  # cancelled at the end or failed: compared below
            if not stop.is_set():
                errors.append(e)
        results.append((cursor, got))

    got_head = [0]
    watchers = []
    deadline = time.monotonic() + 10
    with group.client(0) as probe:
        while time.monotonic() < deadline:
            if len(watchers) < 50:  # one every 0.1 s or so: they resume from cursors all over the race
                t = threading.Thread(target=watcher, args=(rnd.randint(start, probe.event_head()),
                                                           channels[len(watchers) % 3]))
                t.start()
                watchers.append(t)
            time.sleep(0.05)
    stop.set()
    for t in writers:
        t.join()
    with group.client(0) as probe:
        got_head[0] = probe.event_head()
        everything = [e.sequence for e in replay(probe, after=start)]
    for t in watchers:
        t.join(timeout=120)
    for c in calls:
        c.cancel()
    for reg in channels:
        reg.close()
    assert errors == []
    assert len(results) == 50
    assert everything == list(range(start + 1, got_head[0] + 1))  # no gaps either
    for cursor, got in results:
        assert got == [s for s in everything if s > cursor], f"watcher from {cursor}"


BIG = 64 * 1024 * 1024
CUT_AT = 16 * 1024 * 1024


def test_a_push_through_the_replicas_completes_when_the_one_receiving_it_is_killed(group, tmp_path):
    """The push's calls are spread over the replicas; the one receiving the upload dies part-way;
    the SDK starts the push over through the others, which share the database and the bucket, so
    the version exists once and every surviving replica serves it."""
    source = write_tree(tmp_path / "src", {"model.safetensors": os.urandom(BIG), "config.json": b"{}"})
    gone = []

    def on_progress(phase, done, total):
        if phase == "upload" and done >= CUT_AT and not gone:
            (receiving,) = [s for s in group.servers if "upload from " in s.log.read_text()]
            receiving.kill()
            gone.append(receiving)

    with Registry(group.target, timeout=60) as reg:
        version = reg.push("big", source, aliases=["production"], on_progress=on_progress)
    (dead,) = gone
    assert dead.proc.returncode == -9
    for i, srv in enumerate(group.servers):
        if srv is dead:
            continue
        with group.client(i) as direct:
            assert [v.number for v in direct.list_versions("big")] == [1]
            assert direct.get_version("big:production").digest == version.digest
            direct.pull("big:production", tmp_path / f"out-{i}")
            assert tree(tmp_path / f"out-{i}") == tree(source)
    dead.start()  # a restarted replica serves it too: nothing lived in the dead one
    with Registry(dead.address, timeout=60) as direct:
        assert direct.get_version("big:v1").digest == version.digest


def test_a_pull_resumes_on_another_replica_when_its_replica_is_killed(group, tmp_path):
    source = write_tree(tmp_path / "src", {"model.safetensors": os.urandom(BIG // 2)})
    with group.client(0) as reg:
        reg.push("big", source)
    killed = []

    def on_progress(phase, done, total):
        if phase == "download" and done >= CUT_AT and not killed:
            (serving,) = [s for s in group.servers if "download models/big/versions/1 from offset 0" in s.log.read_text()]
            serving.kill()
            killed.append(serving)

    with Registry(group.target, timeout=60) as reg:
        reg.pull("big:v1", tmp_path / "out", on_progress=on_progress)
    assert killed and tree(tmp_path / "out") == tree(source)


def test_killing_the_replica_delivering_a_webhook_loses_no_event(group, tmp_path):
    """The replica holding a webhook's lease is killed mid-backlog: another takes the lease over
    once it runs out and every event arrives, in order, a repeat only with the same webhook-id."""
    receiver = Receiver().start()
    receiver.delay = 0.1
    try:
        with Registry(group.target, timeout=60) as reg:
            hook = reg.add_webhook(receiver.url, models=["hooked"]).webhook
            for n in range(30):
                if n == 0:
                    reg.create_model("hooked")
                else:
                    reg.update_model("hooked", description=f"v{n}")
            expected = [e.sequence for e in replay(reg, models=["hooked"])]
            wait_until(lambda: len(receiver.received()) >= 5, what="the first deliveries")
            (holder,) = [s for s in group.servers if f"{hook.name.split('/')[-1]} is delivered from this server" in s.log.read_text()]
            holder.kill()
            delivered_before = {json.loads(r["body"])["data"]["sequence"] for r in receiver.received()}
            assert len(delivered_before) < len(expected)  # killed mid-backlog
            wait_until(lambda: {json.loads(r["body"])["data"]["sequence"] for r in receiver.received()} >= set(expected),
                       timeout=120, what="every event to arrive after the kill")
        received = receiver.received()
        sequences = [json.loads(r["body"])["data"]["sequence"] for r in received]
        firsts = list(dict.fromkeys(sequences))
        assert firsts == expected  # in order, each event (the ping aside) at least once
        by_id = {}
        for r in received:
            by_id.setdefault(r["headers"]["webhook-id"], set()).add(json.loads(r["body"])["data"]["sequence"])
        assert all(len(s) == 1 for s in by_id.values())  # a repeat carries the same webhook-id
    finally:
        receiver.stop()
