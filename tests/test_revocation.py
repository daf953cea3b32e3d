"""Revocation reaches open streams, and refused calls cannot grow the database without bound, against
a real server started with --auth.

A Watch opened with a token ends within 5 s once the token is revoked or expires, its principal is
deleted or the role it watches by is revoked; it never delivers an event committed after the
change. Forged-token floods are counted in a bounded number of audit records."""

import itertools
import json
import os
import queue
import sqlite3
import subprocess
import sys
import threading
import time

import grpc
import pytest

from conftest import ServerProcess, Secured, wait_until
from modelreg import PermissionDenied, Unauthenticated
from modelreg.v1 import event_service_pb2 as ev, event_service_pb2_grpc
from modelreg.v1 import registry_service_pb2 as rs, registry_service_pb2_grpc

REVOKED_WITHIN = 5.0  # seconds: the bound the issue sets
FORGED = "Bearer mrt_0123456789ab_" + "A" * 43
_ids = itertools.count()


def unique(prefix: str) -> str:
    return f"{prefix}-{os.getpid()}-{next(_ids)}"


@pytest.fixture(scope="module")
def secured(tmp_path_factory):
    srv = ServerProcess(tmp_path_factory.mktemp("revocation") / "data", "--auth").start()
    yield Secured(srv)
    srv.stop()


class Watcher:
    """An SDK watch in a thread (reconnecting, as a deploy agent's would): its events in a queue,
    then the error that ended it and when."""

    def __init__(self, client, **filters):
        self.client = client
        self.watch = client.watch(progress_interval=0.5, **filters)
        self.events = queue.Queue()
        self.delivered = []
        self.error = None
        self.ended = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        try:
            for event in self.watch:
                self.delivered.append(event)
                self.events.put(event)
        except Exception as e:  # checked by the tests
            self.error = e
        self.ended = time.monotonic()

    def next_event(self, timeout: float = 15):
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no event within {timeout}s; watch error: {self.error!r}") from None

    def wait_for(self, model: str, timeout: float = 15):
        """The next event of this model (skipping others)."""
        while (event := self.next_event(timeout)).model != model:
            pass
        return event

    def close(self):
        self.watch.close()
        self.thread.join(15)
        self.client.close()


def _principal(admin, *patterns: str, ttl: float | None = None) -> tuple[str, str, str, list[str]]:
    """A new principal with viewer on each pattern: (name, token, token name, role binding names)."""
    name = unique("watcher")
    admin.create_principal(name, kind="service_account")
    bindings = [admin.grant_role(name, "viewer", models=pattern).name for pattern in patterns]
    token, secret = admin.create_token(name, ttl=ttl)
    return name, secret, token.name, bindings


def _touch(admin, model: str) -> int:
    """Commits an event on the model; returns its sequence."""
    admin.update_model(model, description=unique("d"))
    return admin.event_head()


def _ended(watcher: Watcher, changed_at: float, error_type, reason: str) -> None:
    """The watch ended with this error within the bound of the change."""
    watcher.thread.join(REVOKED_WITHIN + 5)
    assert watcher.ended is not None, "the watch is still open"
    assert isinstance(watcher.error, error_type), repr(watcher.error)
    assert watcher.error.reason == reason
    assert watcher.ended - changed_at <= REVOKED_WITHIN, f"ended {watcher.ended - changed_at:.1f}s after the change"


REVOCATIONS = {
    # what is revoked: (the watch's filters, the change, the error, its reason)
    "token": (True, lambda admin, name, token_name, bindings: admin.revoke_token(token_name),
              Unauthenticated, "TOKEN_REVOKED"),
    "principal": (True, lambda admin, name, token_name, bindings: admin.delete_principal(name),
                  Unauthenticated, "TOKEN_INVALID"),
    "role-filtered": (True, lambda admin, name, token_name, bindings: admin.revoke_role(bindings[0]),
                      PermissionDenied, "ROLE_REQUIRED"),
    "role-unfiltered": (False, lambda admin, name, token_name, bindings: admin.revoke_role(bindings[0]),
                        PermissionDenied, "ROLE_REQUIRED"),
}


@pytest.mark.parametrize("what", list(REVOCATIONS))
def test_revocation_ends_an_open_watch(secured, what):
    filtered, revoke, error_type, reason = REVOCATIONS[what]
    model = unique("watched")
    with secured.client("root") as admin:
        admin.create_model(model)
        name, token, token_name, bindings = _principal(admin, model)
        watcher = Watcher(secured.client(token), after=admin.event_head(), models=[model] if filtered else [])
        try:
            live = _touch(admin, model)
            assert watcher.wait_for(model).sequence == live, "the watch was not live before the change"
            changed_at = time.monotonic()
            revoke(admin, name, token_name, bindings)
            revoked_at = admin.event_head()
            after = [_touch(admin, model) for _ in range(5)]  # committed right after the change
            _ended(watcher, changed_at, error_type, reason)
        finally:
            watcher.close()
    assert [e.sequence for e in watcher.delivered] == [live]
    assert revoked_at < after[0]


def test_an_expiring_token_ends_its_watch(secured):
    model = unique("expiring")
    with secured.client("root") as admin:
        admin.create_model(model)
        _, token, _, _ = _principal(admin, model, ttl=3)
        expires_at = time.monotonic() + 3
        watcher = Watcher(secured.client(token), after=admin.event_head(), models=[model])
        try:
            live = _touch(admin, model)
            assert watcher.wait_for(model).sequence == live
            _ended(watcher, expires_at, Unauthenticated, "TOKEN_EXPIRED")
            after = _touch(admin, model)
        finally:
            watcher.close()
    assert [e.sequence for e in watcher.delivered] == [live] and after > live


def test_an_unfiltered_watch_loses_only_the_revoked_models(secured):
    prefix = unique("rv")
    kept, lost = f"{prefix}-a-one", f"{prefix}-b-one"
    with secured.client("root") as admin:
        for m in (kept, lost):
            admin.create_model(m)
        _, token, _, bindings = _principal(admin, f"{prefix}-a-*", f"{prefix}-b-*")
        watcher = Watcher(secured.client(token), after=admin.event_head())
        try:
            seen_lost = _touch(admin, lost)
            seen_kept = _touch(admin, kept)
            assert [watcher.next_event().sequence for _ in range(2)] == [seen_lost, seen_kept]
            admin.revoke_role(bindings[1])  # b-*
            revoked_at = admin.event_head()
            for _ in range(5):  # the b-* events commit right after the revocation, before the a-* one
                _touch(admin, lost)
            last_kept = _touch(admin, kept)
            assert watcher.wait_for(kept).sequence == last_kept
            time.sleep(2.5)  # past the idle re-check: the stream stays open
            also_kept = _touch(admin, kept)
            assert watcher.wait_for(kept).sequence == also_kept
            assert watcher.error is None and watcher.ended is None
        finally:
            watcher.close()
    after = [(e.model, e.sequence) for e in watcher.delivered if e.sequence > revoked_at]
    assert after == [(kept, last_kept), (kept, also_kept)], "an event of a revoked model was delivered"


def test_a_watch_ends_when_its_caller_can_read_nothing_more(secured):
    prefix = unique("rv")
    with secured.client("root") as admin:
        admin.create_model(f"{prefix}-a-one")
        _, token, _, bindings = _principal(admin, f"{prefix}-a-*", f"{prefix}-b-*")
        watcher = Watcher(secured.client(token), after=admin.event_head())
        try:
            admin.revoke_role(bindings[0])
            time.sleep(1)
            assert watcher.ended is None, f"ended while a role was left: {watcher.error!r}"
            changed_at = time.monotonic()
            admin.revoke_role(bindings[1])
            _ended(watcher, changed_at, PermissionDenied, "ROLE_REQUIRED")
        finally:
            watcher.close()


def test_the_cli_watch_exits_when_its_token_is_revoked(secured):
    model = unique("cli-watched")
    with secured.client("root") as admin:
        admin.create_model(model)
        _, token, token_name, _ = _principal(admin, model)
        env = {**os.environ, "MODELREG_SERVER": secured.server.address, "MODELREG_TOKEN": token}
        proc = subprocess.Popen(
            [sys.executable, "-m", "modelreg", "watch", "--model", model, "--after", str(admin.event_head()), "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            live = _touch(admin, model)
            assert json.loads(proc.stdout.readline())["sequence"] == live
            admin.revoke_token(token_name)
            out, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert proc.returncode != 0, err
    error = json.loads(out)["error"]  # --json: the error is JSON on stdout too
    assert (error["code"], error["reason"]) == ("UNAUTHENTICATED", "TOKEN_REVOKED")


def test_a_caller_without_any_role_cannot_watch(secured):
    with secured.client("nobody") as nobody:
        with pytest.raises(PermissionDenied) as e:
            next(iter(nobody.watch(reconnect=False)))
    assert e.value.reason == "ROLE_REQUIRED"


# Refused calls


def _denied_rows(secured) -> tuple[int, int]:
    """(rows, refused calls counted) in the refused-call table, read beside the running server."""
    conn = sqlite3.connect(f"file:{secured.server.data / 'registry.db'}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute('SELECT count(*), coalesce(sum("count"), 0) FROM denied_calls').fetchone()
    finally:
        conn.close()


def _flood(secured, calls: int, make_call) -> None:
    """Issues `calls` refused calls from several threads, 100 in flight per thread."""
    with grpc.insecure_channel(secured.server.address) as channel:
        def run(part: range):
            futures = []
            for i in part:
                futures.append(make_call(channel, i))
                if len(futures) == 100 or i == part[-1]:
                    for f in futures:
                        assert f.exception() is not None, "a refused call succeeded"
                    futures = []
        threads = [threading.Thread(target=run, args=(range(k, calls, 4),)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)


def _forged_head(channel, i):
    return event_service_pb2_grpc.EventServiceStub(channel).GetEventHead.future(
        ev.GetEventHeadRequest(), metadata=[("authorization", FORGED)], timeout=60)


def test_a_forged_token_flood_adds_a_bounded_number_of_rows(secured, tmp_path):
    with secured.client("root") as admin:  # the audit writes what is pending first
        audited_before = sum(x.denied.count for x in admin.audit(outcome="denied", page_size=1000))
    rows_before, counted_before = _denied_rows(secured)
    assert counted_before == audited_before
    _flood(secured, 10_000, _forged_head)
    # Written by the server's own timer, without anyone asking for the audit.
    wait_until(lambda: _denied_rows(secured)[1] == counted_before + 10_000, timeout=30, what="the counts flushed")
    rows, _ = _denied_rows(secured)
    assert rows - rows_before <= 5
    with secured.client("root") as admin:
        records = [x for x in admin.audit(outcome="denied", page_size=1000)]
    forged = [x for x in records if x.denied.method == "/modelreg.v1.EventService/GetEventHead"]
    assert sum(x.denied.count for x in records) == audited_before + 10_000
    assert sum(x.denied.count for x in forged) == 10_000
    assert {(x.actor, x.denied.source, x.denied.code, x.denied.reason) for x in forged} == {
        ("", "127.0.0.1", "UNAUTHENTICATED", "TOKEN_INVALID")}
    for x in forged:
        assert x.denied.first_time.ToMicroseconds() <= x.denied.last_time.ToMicroseconds() == x.time.ToMicroseconds()
    env = {**os.environ, "MODELREG_SERVER": secured.server.address, "MODELREG_TOKEN": secured.admin_token}
    listed = subprocess.run([sys.executable, "-m", "modelreg", "audit", "--denied", "--json", "--limit", "1000"],
                            capture_output=True, text=True, env=env, timeout=60, check=True)
    shown = [x["denied"] for x in json.loads(listed.stdout)["records"]]
    assert sum(d["count"] for d in shown if d["method"].endswith("/GetEventHead")) == 10_000
    text = subprocess.run([sys.executable, "-m", "modelreg", "audit", "--denied", "--limit", "1000"],
                          capture_output=True, text=True, env=env, timeout=60, check=True).stdout
    assert "COUNT" in text.splitlines()[0]
    assert any("GetEventHead" in line and any(w.isdigit() and int(w) > 1 for w in line.split())
               for line in text.splitlines()), text


def test_refusals_of_many_distinct_kinds_are_capped_per_minute(secured):
    """A viewer of x-* asking for 2,500 different models: more distinct keys than a minute may
    hold (1,000), so the rest are counted in an OTHER record, and every refusal is counted."""
    prefix = unique("cap")
    with secured.client("root") as admin:
        _, token, _, _ = _principal(admin, f"{prefix}-x-*")
        list(admin.audit(outcome="denied", page_size=1))  # writes what is pending
    _, counted_before = _denied_rows(secured)
    bearer = [("authorization", f"Bearer {token}")]

    def get_model(channel, i):
        return registry_service_pb2_grpc.RegistryServiceStub(channel).GetModel.future(
            rs.GetModelRequest(name=f"models/{prefix}-y-{i}"), metadata=bearer, timeout=60)
    _flood(secured, 2_500, get_model)
    with secured.client("root") as admin:
        records = [x for x in admin.audit(outcome="denied", page_size=1000)]
    assert _denied_rows(secured)[1] == counted_before + 2_500
    conn = sqlite3.connect(f"file:{secured.server.data / 'registry.db'}?mode=ro", uri=True, timeout=30)
    try:
        per_minute = conn.execute("SELECT minute, count(*) FROM denied_calls GROUP BY minute").fetchall()
    finally:
        conn.close()
    assert all(n <= 1_002 for _, n in per_minute), per_minute
    mine = [x for x in records if x.denied.model.startswith(prefix)]
    other = [x for x in records if x.denied.reason == "OTHER"]
    assert other and all(x.denied.code == "PERMISSION_DENIED" and not x.denied.method for x in other)
    assert sum(x.denied.count for x in mine) + sum(x.denied.count for x in other) == 2_500
    assert all(x.denied.count == 1 and x.denied.source == x.actor for x in mine)


def test_refusals_counted_just_before_shutdown_are_written(tmp_path):
    srv = ServerProcess(tmp_path / "data", "--auth").start()
    try:
        with grpc.insecure_channel(srv.address) as channel:
            futures = [_forged_head(channel, i) for i in range(200)]
            assert all(f.exception() is not None for f in futures)
    finally:
        assert srv.stop() == 0  # at once: before the next timed write
    with sqlite3.connect(srv.data / "registry.db") as conn:
        total, rows = conn.execute('SELECT sum("count"), count(*) FROM denied_calls').fetchone()
    assert total == 200 and rows <= 2
