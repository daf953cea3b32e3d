"""The metadata fast path is never stale and loses nothing: GetVersion by alias and token checks
are answered from memory only until anything commits (SQLite's data_version), and concurrent
writes are committed together (one fsync) with each keeping its own compare-and-swap and event.

Against real servers: a read right after a move through another client, another process or
another replica sees it; a revoked token or a removed role is refused on the very next call;
racing compare-and-swaps have exactly one winner per expected value, and every acknowledged move
has its event, in order."""

import sqlite3
import threading
import uuid

import pytest

from conftest import replay, write_tree
from modelreg import Conflict, PermissionDenied, Registry, Unauthenticated
from modelreg.v1 import resources_pb2 as r


@pytest.fixture(scope="module")
def two_versions(server, tmp_path_factory):
    """A model of this module with versions 1 and 2, `prod` on version 1."""
    name = f"cache-{uuid.uuid4().hex[:8]}"
    root = tmp_path_factory.mktemp("cache-model")
    with Registry(server.address, timeout=30) as reg:
        for n in (1, 2):
            reg.push(name, write_tree(root / str(n), {"config.json": f'{{"n": {n}}}'.encode()}),
                     aliases=["prod"] if n == 1 else ())
    return name


def test_a_read_right_after_a_move_by_another_client_sees_it(server, two_versions):
    with Registry(server.address, timeout=30) as mover, Registry(server.address, timeout=30) as reader:
        for n in (2, 1, 2, 1, 2, 1):
            assert reader.get_version(f"{two_versions}:prod").number != n  # warm: cached
            mover.set_alias(two_versions, "prod", n)
            assert reader.get_version(f"{two_versions}:prod").number == n
            assert "prod" in reader.get_version(f"{two_versions}:v{n}").aliases


def test_a_read_right_after_a_commit_by_another_process_sees_it(server, two_versions, storage_backend):
    """A sqlite3 connection of this test process writes registry.db under the server's feet, as a
    tool would: the cache must not hide it."""
    if storage_backend.name != "sqlite":
        pytest.skip("the embedded database only")
    with Registry(server.address, timeout=30) as reader:
        before = reader.get_version(f"{two_versions}:prod").number
        other = 2 if before == 1 else 1
        conn = sqlite3.connect(server.data / "registry.db", timeout=30)
        with conn:
            conn.execute("UPDATE aliases SET version = ? WHERE alias = 'prod' AND model_id = "
                         "(SELECT id FROM models WHERE name = ?)", [other, two_versions])
        conn.close()
        assert reader.get_version(f"{two_versions}:prod").number == other


def test_racing_compare_and_swaps_have_one_winner_each_and_every_move_its_event(server, two_versions):
    head = None
    with Registry(server.address, timeout=30) as reg:
        reg.set_alias(two_versions, "race", 1)
        head = reg.event_head()
    clients = [Registry(server.address, timeout=30) for _ in range(8)]
    wins, conflicts = [], []
    lock = threading.Lock()

    def move(reg: Registry, rounds: int = 6) -> None:
        for _ in range(rounds):
            current = reg.get_version(f"{two_versions}:race").number
            try:
                reg.set_alias(two_versions, "race", 3 - current, expect=current)
            except Conflict:
                with lock:
                    conflicts.append(current)
                continue
            with lock:
                wins.append(current)

    threads = [threading.Thread(target=move, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in clients:
        c.close()
    with Registry(server.address, timeout=30) as reg:
        events = [e for e in replay(reg, after=head, models=[two_versions], aliases=["race"])
                  if e.type == r.EVENT_TYPE_ALIAS_SET]
        final = reg.get_version(f"{two_versions}:race").number
    moves = [(e.previous_version, e.version) for e in events if e.alias == "race"]
    assert len(moves) == len(wins) and wins and conflicts  # each acknowledged move has its event
    # In order, each move starts where the one before it ended: no two won from one state.
    assert moves[0][0] == 1 and all(a[1] == b[0] for a, b in zip(moves, moves[1:]))
    assert moves[-1][1] == final
    assert [e.sequence for e in events] == sorted(e.sequence for e in events)


def test_a_revoked_token_and_a_removed_role_are_refused_on_the_next_call(secured, tmp_path):
    model = f"cache-auth-{uuid.uuid4().hex[:8]}"
    with secured.client("root") as admin:
        admin.push(model, write_tree(tmp_path / "m", {"config.json": b"{}"}), aliases=["prod"])
        admin.create_principal(f"{model}-p")
        binding = admin.grant_role(f"{model}-p", "viewer")
        issued, token = admin.create_token(f"{model}-p")
        _, other_token = admin.create_token(f"{model}-p")
        with Registry(secured.server.address, token=token, timeout=30) as reader:
            for _ in range(3):  # the token and the answer are cached now
                assert reader.get_version(f"{model}:prod").number == 1
            admin.revoke_token(issued.name)
            with pytest.raises(Unauthenticated):
                reader.get_version(f"{model}:prod")
        with Registry(secured.server.address, token=other_token, timeout=30) as reader:
            for _ in range(3):
                assert reader.get_version(f"{model}:prod").number == 1
            admin.revoke_role(binding.name)
            with pytest.raises(PermissionDenied):
                reader.get_version(f"{model}:prod")


def test_a_read_through_one_replica_right_after_a_move_through_another_sees_it(replicas, postgres, versitygw,
                                                                             tmp_path):
    prefix = f"cache-{uuid.uuid4().hex[:12]}"
    group = replicas(2, storage=("--db", postgres.new_database(), "--blobs", versitygw.url(prefix)),
                     blobs_root=versitygw.prefix_root(prefix))
    with group.client(0) as a, group.client(1) as b:
        for n in (1, 2):
            a.push("moving", write_tree(tmp_path / str(n), {"config.json": f'{{"n": {n}}}'.encode()}),
                   aliases=["prod"] if n == 1 else ())
        for n in (2, 1, 2):
            b.get_version("moving:prod")
            a.set_alias("moving", "prod", n)
            assert b.get_version("moving:prod").number == n
