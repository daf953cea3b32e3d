"""Monitors: rules validated field by field, kept with their history, evaluated by the server
against the production metrics of the version an alias names, firing, resolving and rolling the
alias back as their own principal -- and the whole loop with a real follower and webhook receiver."""

import hashlib
import hmac
import base64
import json
import os
import subprocess
import sys
import time

import grpc
import pytest
from google.protobuf import duration_pb2, timestamp_pb2

from conftest import FAST_WEBHOOKS, ServerProcess, replay, wait_until, watch_cli, write_tree
from modelreg import Registry
from modelreg.errors import ModelregError
from modelreg.follow import current_version
from modelreg.v1 import monitoring_service_pb2 as mon

FAST = ("--monitor-interval", "0.3")


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    server = ServerProcess(tmp_path_factory.mktemp("monitors") / "data", *FAST, *FAST_WEBHOOKS).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def reg(srv):
    with Registry(srv.address, timeout=30) as client:
        yield client


_models = iter(range(10_000))


@pytest.fixture
def fresh(reg, tmp_path):
    """A model with v1 and v2, production moved v1 -> v2."""
    name = f"mon-{next(_models)}-{os.getpid()}"
    for i in (1, 2):
        reg.push(name, write_tree(tmp_path / f"v{i}", {"w.bin": os.urandom(2000), "v.txt": str(i).encode()}))
    reg.set_alias(name, "production", 1)
    reg.set_alias(name, "production", 2)
    return name


def report(reg: Registry, reference: str, metric: str, values, *, labels=None):
    """Points now, through BatchReportMetrics on the SDK's channel."""
    now = time.time_ns()
    points = [mon.MetricPoint(version=reference, metric=metric, value=v, labels=labels or {},
                              time=timestamp_pb2.Timestamp(seconds=(now - i * 1000) // 10**9,
                                                           nanos=(now - i * 1000) % 10**9))
              for i, v in enumerate(values)]
    reg.monitoring.BatchReportMetrics(mon.BatchReportMetricsRequest(points=points), timeout=30)


def seconds(s: float) -> duration_pb2.Duration:
    d = duration_pb2.Duration()
    d.FromNanoseconds(int(s * 1e9))
    return d


def transitions(reg, name):
    return [(mon.MonitorState.Name(t.from_state)[14:], mon.MonitorState.Name(t.to_state)[14:])
            for t in reversed(list(reg.monitor_transitions(name)))]


def base_monitor(**fields) -> mon.Monitor:
    m = mon.Monitor(alias="production", metric="accuracy", aggregation="mean", window=seconds(60), below=0.9)
    for key, value in fields.items():
        if isinstance(value, mon.Baseline):
            getattr(m, key).CopyFrom(value)
        elif isinstance(value, duration_pb2.Duration):
            getattr(m, key).CopyFrom(value)
        elif isinstance(value, dict):
            getattr(m, key).update(value)
        else:
            setattr(m, key, value)
    return m


BAD = [
    ("monitor_id", {"monitor_id": "Bad_Id"}, {}, "INVALID_NAME"),
    ("monitor_id too long", {"monitor_id": "a" * 64}, {}, "INVALID_NAME"),
    ("parent", {"parent": "models/Bad Model"}, {}, "INVALID_NAME"),
    ("alias", {}, {"alias": "Prod uction"}, "INVALID_ALIAS"),
    ("alias version-like", {}, {"alias": "v3"}, "INVALID_ALIAS"),
    ("metric", {}, {"metric": "9lives"}, "INVALID_METRIC"),
    ("metric too long", {}, {"metric": "a" * 129}, "INVALID_METRIC"),
    ("label key", {}, {"labels": {"bad-key": "x"}}, "INVALID_LABEL"),
    ("label value", {}, {"labels": {"region": "x" * 257}}, "INVALID_LABEL"),
    ("too many labels", {}, {"labels": {f"k{i}": "v" for i in range(17)}}, "INVALID_LABEL"),
    ("aggregation", {}, {"aggregation": "median"}, "INVALID_AGGREGATION"),
    ("percentile 100", {}, {"aggregation": "p100"}, "INVALID_AGGREGATION"),
    ("window short", {}, {"window": seconds(5)}, "INVALID_WINDOW"),
    ("window long", {}, {"window": seconds(8 * 86400)}, "INVALID_WINDOW"),
    ("no condition", {}, {"no_condition": True}, "INVALID_CONDITION"),
    ("nan threshold", {}, {"below": float("nan")}, "INVALID_CONDITION"),
    ("inf threshold", {}, {"above": float("inf")}, "INVALID_CONDITION"),
    ("negative by_percent", {}, {"worse_than": mon.Baseline(baseline="staging", by_percent=-1)}, "INVALID_CONDITION"),
    ("bad baseline", {}, {"worse_than": mon.Baseline(baseline="x:y:z")}, "INVALID_REFERENCE"),
    ("baseline of another model", {}, {"worse_than": mon.Baseline(baseline="other:v1")}, "INVALID_REFERENCE"),
    ("negative for", {}, {"for_duration": seconds(-1)}, "INVALID_DURATION"),
    ("cooldown over 30 days", {}, {"cooldown": seconds(31 * 86400)}, "INVALID_DURATION"),
    ("min_samples", {}, {"min_samples": -1}, "INVALID_MIN_SAMPLES"),
    ("description", {}, {"description": "d" * 4097}, "INVALID_DESCRIPTION"),
]


@pytest.mark.parametrize("what,request_fields,monitor_fields,reason", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_its_reason_and_nothing_is_created(reg, srv, fresh, what, request_fields,
                                                                      monitor_fields, reason):
    fields = dict(monitor_fields)
    monitor = base_monitor(**{k: v for k, v in fields.items() if k != "no_condition"})
    if fields.get("no_condition"):
        monitor.ClearField("below")
    request = mon.CreateMonitorRequest(parent=request_fields.get("parent", f"models/{fresh}"),
                                       monitor_id=request_fields.get("monitor_id", ""), monitor=monitor)
    before = [m.name for m in reg.list_monitors("models/-")]  # their evaluations move on meanwhile
    with pytest.raises(ModelregError) as info:
        reg._unary(reg.monitoring.CreateMonitor, request)
    assert info.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert info.value.reason == reason
    assert [m.name for m in reg.list_monitors("models/-")] == before


def test_unknown_model_alias_and_duplicate_id(reg, fresh):
    with pytest.raises(ModelregError) as info:
        reg.create_monitor("no-such-model:production", metric="accuracy", below=0.9)
    assert (info.value.code, info.value.reason) == (grpc.StatusCode.NOT_FOUND, "MODEL_NOT_FOUND")
    with pytest.raises(ModelregError) as info:
        reg.create_monitor(f"{fresh}:canary", metric="accuracy", below=0.9)
    assert (info.value.code, info.value.reason) == (grpc.StatusCode.NOT_FOUND, "ALIAS_NOT_FOUND")
    reg.create_monitor(f"{fresh}:production", metric="accuracy", below=0.9, monitor_id=f"{fresh}-dup")
    with pytest.raises(ModelregError) as info:
        reg.create_monitor(f"{fresh}:production", metric="accuracy", below=0.9, monitor_id=f"{fresh}-dup")
    assert (info.value.code, info.value.reason) == (grpc.StatusCode.ALREADY_EXISTS, "MONITOR_ALREADY_EXISTS")
    for name in ("models/x/monitors/Bad", "monitors/x", "models/x/monitors/a/b"):
        with pytest.raises(ModelregError) as info:
            reg.get_monitor(name)
        assert info.value.reason == "INVALID_NAME"
    with pytest.raises(ModelregError) as info:
        reg.get_monitor(f"models/{fresh}/monitors/nothing-here")
    assert (info.value.code, info.value.reason) == (grpc.StatusCode.NOT_FOUND, "MONITOR_NOT_FOUND")


def test_crud_generated_ids_service_account_and_events(reg, fresh):
    head = reg.event_head()
    first = reg.create_monitor(f"{fresh}:production", metric="latency.p99", above=250, window=120, min_samples=5,
                               for_duration=30, cooldown=600, rollback=True, labels={"region": "eu"},
                               description="tail latency")
    assert first.name.startswith(f"models/{fresh}/monitors/latency-p99-")
    monitor_id = first.name.rpartition("/")[2]
    assert first.principal == f"monitor-{monitor_id}"
    assert (first.alias, first.metric, first.aggregation, first.above) == ("production", "latency.p99", "mean", 250)
    assert (first.window.seconds, first.for_duration.seconds, first.cooldown.seconds) == (120, 30, 600)
    assert first.state == mon.MONITOR_STATE_OK and first.rollback and dict(first.labels) == {"region": "eu"}
    second = reg.create_monitor(f"{fresh}:production", metric="latency.p99", above=300)
    assert second.name != first.name and second.cooldown.seconds == 1800 and second.window.seconds == 300
    assert reg.get_monitor(first.name) == first
    assert [m.name for m in reg.list_monitors(fresh)] == sorted([first.name, second.name])
    assert [m.name for m in reg.list_monitors(fresh, page_size=1)] == sorted([first.name, second.name])
    assert first.name in [m.name for m in reg.list_monitors()]
    reg.delete_monitor(first.name)
    with pytest.raises(ModelregError) as info:
        reg.get_monitor(first.name)
    assert info.value.reason == "MONITOR_NOT_FOUND"
    events = [(mon_type(e.type), e.subject) for e in replay(reg, after=head)
              if e.subject.endswith(monitor_id) or e.subject == f"principals/monitor-{monitor_id}"]
    assert ("MONITOR_CREATED", first.name) in events and ("MONITOR_DELETED", first.name) in events
    assert ("PRINCIPAL_CREATED", f"principals/monitor-{monitor_id}") in events
    assert ("PRINCIPAL_DELETED", f"principals/monitor-{monitor_id}") in events


def mon_type(value: int) -> str:
    from modelreg.v1 import resources_pb2 as r
    return r.EventType.Name(value).removeprefix("EVENT_TYPE_")


def test_too_many_monitors(reg, fresh):
    for i in range(100):
        reg.create_monitor(f"{fresh}:production", metric="m", below=1)
    with pytest.raises(ModelregError) as info:
        reg.create_monitor(f"{fresh}:production", metric="m", below=1)
    assert (info.value.code, info.value.reason) == (grpc.StatusCode.FAILED_PRECONDITION, "TOO_MANY_MONITORS")
    for m in list(reg.list_monitors(fresh)):
        reg.delete_monitor(m.name)


def run_cli(srv, *args, check=True):
    result = subprocess.run([sys.executable, "-m", "modelreg", *map(str, args)], capture_output=True, text=True,
                            env={**os.environ, "MODELREG_SERVER": srv.address}, timeout=60)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_cli_add_ls_history_rm(srv, fresh):
    added = json.loads(run_cli(srv, "monitor", "add", f"{fresh}:production", "--metric", "accuracy", "--agg", "p50",
                               "--window", "5m", "--below", "0.9", "--min-samples", "3", "--for", "2m",
                               "--cooldown", "1h", "--rollback", "--label", "region=eu", "--id", f"{fresh}-cli",
                               "--json").stdout)
    assert added["name"] == f"models/{fresh}/monitors/{fresh}-cli" and added["state"] == "OK"
    assert (added["window"], added["for_duration"], added["cooldown"]) == ("300s", "120s", "3600s")
    assert added["principal"] == f"monitor-{fresh}-cli" and added["labels"] == {"region": "eu"}
    listed = json.loads(run_cli(srv, "monitor", "ls", fresh, "--json").stdout)
    assert [m["name"] for m in listed] == [added["name"]]
    assert "p50 accuracy below 0.9" in run_cli(srv, "monitor", "ls", fresh).stdout
    assert json.loads(run_cli(srv, "monitor", "history", f"{fresh}/{fresh}-cli", "--json").stdout) == []
    bad = run_cli(srv, "monitor", "add", f"{fresh}:production", "--metric", "accuracy", "--window", "5x",
                  "--below", "1", check=False)
    assert bad.returncode != 0 and "not a duration" in bad.stderr
    refused = run_cli(srv, "monitor", "add", f"{fresh}:production", "--metric", "accuracy", "--window", "5s",
                      "--below", "1", check=False)
    assert refused.returncode != 0 and "INVALID_WINDOW" in refused.stderr
    run_cli(srv, "monitor", "rm", f"{fresh}/{fresh}-cli")
    assert json.loads(run_cli(srv, "monitor", "ls", fresh, "--json").stdout) == []
    assert "--rollback --cooldown 30m" in run_cli(srv, "monitor", "add", "--help").stdout


# Evaluation: the server's evaluator (every 0.3 s here) against reported points.

def state_of(reg, name) -> str:
    return mon.MonitorState.Name(reg.get_monitor(name).state).removeprefix("MONITOR_STATE_")


def evaluated_after(reg, name, moment: float, **expected):
    """Waits for an evaluation that started after `moment` (Unix seconds) and returns the monitor."""
    def done():
        m = reg.get_monitor(name)
        later = m.evaluate_time.seconds + m.evaluate_time.nanos / 1e9 > moment
        return m if later and all(getattr(m, k) == v for k, v in expected.items()) else None
    return wait_until(done, what=f"an evaluation of {name} after {moment}")


def monitor_events(reg, model, after, *types):
    return [e for e in replay(reg, after=after, models=[model]) if mon_type(e.type) in types]


def test_states_and_history_fire_and_resolve_with_events(reg, srv, fresh):
    head = reg.event_head()
    watcher, lines = watch_cli(srv.address, "--model", fresh, "--type", "MONITOR_FIRING", "--after", head)
    m = reg.create_monitor(f"{fresh}:production", metric="accuracy", below=0.9, window=60, min_samples=3,
                           for_duration=1, monitor_id=f"{fresh}-acc")
    report(reg, f"{fresh}:production", "accuracy", [0.5] * 5)
    wait_until(lambda: state_of(reg, m.name) == "FIRING", what="FIRING")
    report(reg, f"{fresh}:production", "accuracy", [1.0] * 200)
    wait_until(lambda: state_of(reg, m.name) == "RESOLVED", what="RESOLVED")
    assert transitions(reg, m.name) == [("OK", "PENDING"), ("PENDING", "FIRING"), ("FIRING", "RESOLVED")]
    history = list(reg.monitor_transitions(m.name))
    fired, resolved = history[1], history[0]
    assert fired.version == 2 and fired.value == pytest.approx(0.5) and fired.samples == 5
    assert fired.threshold == 0.9 and fired.rollback_version == 0 and fired.rollback_skipped == ""
    assert resolved.samples == 205 and resolved.value > 0.9
    assert history[2].event_sequence == 0
    events = monitor_events(reg, fresh, head, "MONITOR_FIRING", "MONITOR_RESOLVED")
    assert [(mon_type(e.type), e.sequence) for e in events] == [("MONITOR_FIRING", fired.event_sequence),
                                                                  ("MONITOR_RESOLVED", resolved.event_sequence)]
    assert events[0].subject == m.name and events[0].alias == "production" and events[0].version == 2
    assert events[0].actor == f"monitor-{fresh}-acc"
    assert {k: events[0].details[k] for k in ("metric", "aggregation", "value", "threshold", "samples", "window")} \
        == {"metric": "accuracy", "aggregation": "mean", "value": "0.5", "threshold": "0.9", "samples": "5",
            "window": "60s"}
    assert reg.get_version(f"{fresh}:production").number == 2  # no rollback asked for
    try:
        line = lines.get(timeout=30)
        assert "MONITOR_FIRING" in line and f"{fresh}-acc: mean accuracy = 0.5 (below 0.9, 5 samples over 60s)" in line
    finally:
        watcher.terminate()
        watcher.wait(20)


def test_rollback_never_flip_flops_onto_the_version_it_left(reg, fresh):
    m = reg.create_monitor(f"{fresh}:production", metric="accuracy", below=0.9, window=60, min_samples=3,
                           rollback=True, cooldown=0, monitor_id=f"{fresh}-ff")
    report(reg, f"{fresh}:v2", "accuracy", [0.2] * 5)
    wait_until(lambda: reg.get_version(f"{fresh}:production").number == 1, what="the rollback to v1")
    wait_until(lambda: state_of(reg, m.name) == "RESOLVED", what="RESOLVED on v1 (no samples yet)")
    report(reg, f"{fresh}:v1", "accuracy", [0.3] * 5)  # v1 decays too: going "back" would be v2 again
    wait_until(lambda: state_of(reg, m.name) == "FIRING", what="FIRING on v1")
    fired = [t for t in reg.monitor_transitions(m.name) if t.to_state == mon.MONITOR_STATE_FIRING]
    assert [(t.version, t.rollback_version, t.rollback_skipped) for t in fired] == [(1, 0, "ROLLED_BACK_FROM"),
                                                                                    (2, 1, "")]
    assert reg.get_version(f"{fresh}:production").number == 1


def test_below_min_samples_never_fires(reg, fresh):
    m = reg.create_monitor(f"{fresh}:production", metric="accuracy", below=0.9, window=60, min_samples=10)
    report(reg, f"{fresh}:production", "accuracy", [0.1] * 9)
    seen = evaluated_after(reg, m.name, time.time(), samples=9)
    evaluated_after(reg, m.name, seen.evaluate_time.seconds + 1, samples=9)  # and evaluated again since
    assert state_of(reg, m.name) == "OK" and transitions(reg, m.name) == []
    report(reg, f"{fresh}:production", "accuracy", [0.1])
    wait_until(lambda: state_of(reg, m.name) == "FIRING", what="FIRING at the 10th sample")


def test_rollback_moves_the_alias_back_once_per_cooldown(reg, fresh):
    head = reg.event_head()
    m = reg.create_monitor(f"{fresh}:production", metric="accuracy", below=0.9, window=60, min_samples=3,
                           rollback=True, cooldown=3600, monitor_id=f"{fresh}-rb")
    report(reg, f"{fresh}:v2", "accuracy", [0.2] * 5)
    wait_until(lambda: reg.get_version(f"{fresh}:production").number == 1, what="the rollback to v1")
    report(reg, f"{fresh}:v1", "accuracy", [0.99] * 5)
    wait_until(lambda: state_of(reg, m.name) == "RESOLVED", what="RESOLVED on v1")
    reg.set_alias(fresh, "production", 2)  # someone promotes the bad version again, within the cooldown
    wait_until(lambda: state_of(reg, m.name) == "FIRING", what="FIRING again")
    assert reg.get_version(f"{fresh}:production").number == 2
    fired = [t for t in reg.monitor_transitions(m.name) if t.to_state == mon.MONITOR_STATE_FIRING]
    assert [(t.version, t.rollback_version, t.rollback_skipped) for t in fired] == [(2, 0, "COOLDOWN"), (2, 1, "")]
    moves = [e for e in replay(reg, after=head, models=[fresh]) if mon_type(e.type) == "ALIAS_SET"]
    assert [(e.actor, e.version, e.previous_version) for e in moves] == [(f"monitor-{fresh}-rb", 1, 2), ("", 2, 1)]


def test_never_rolls_back_onto_an_archived_version(reg, fresh):
    reg.archive_version(f"{fresh}:v1")
    m = reg.create_monitor(f"{fresh}:production", metric="accuracy", below=0.9, window=60, min_samples=3,
                           rollback=True)
    report(reg, f"{fresh}:v2", "accuracy", [0.2] * 5)
    wait_until(lambda: state_of(reg, m.name) == "FIRING", what="FIRING")
    [t] = [t for t in reg.monitor_transitions(m.name) if t.to_state == mon.MONITOR_STATE_FIRING]
    assert (t.rollback_version, t.rollback_skipped) == (0, "VERSION_ARCHIVED")
    assert reg.get_version(f"{fresh}:production").number == 2


def test_protected_alias_needs_the_monitors_maintainer_role(reg, fresh):
    reg.set_alias(fresh, "guarded", 1)
    reg.set_alias(fresh, "guarded", 2)
    reg.protect_alias("guarded", models=fresh)
    first = reg.create_monitor(f"{fresh}:guarded", metric="accuracy", below=0.9, window=60, min_samples=3,
                               rollback=True, monitor_id=f"{fresh}-g1")
    [binding] = reg.list_role_bindings(first.principal)
    assert (binding.role, binding.model_pattern) == (3, fresh)  # maintainer on this model only
    reg.revoke_role(binding.name)
    reg.grant_role(first.principal, "editor", models=fresh)
    report(reg, f"{fresh}:v2", "accuracy", [0.2] * 5)
    wait_until(lambda: state_of(reg, first.name) == "FIRING", what="FIRING")
    [t] = [t for t in reg.monitor_transitions(first.name) if t.to_state == mon.MONITOR_STATE_FIRING]
    assert (t.rollback_version, t.rollback_skipped) == (0, "ROLE_REQUIRED")
    assert reg.get_version(f"{fresh}:guarded").number == 2
    second = reg.create_monitor(f"{fresh}:guarded", metric="accuracy", below=0.9, window=60, min_samples=3,
                                rollback=True, monitor_id=f"{fresh}-g2")
    wait_until(lambda: reg.get_version(f"{fresh}:guarded").number == 1, what="the maintainer monitor's rollback")
    [t] = [t for t in reg.monitor_transitions(second.name) if t.to_state == mon.MONITOR_STATE_FIRING]
    assert (t.version, t.rollback_version) == (2, 1)
    records = [(mon_type(a.event.type), a.event.alias, a.event.version) for a in reg.audit(actor=second.principal,
                                                                                          model=fresh)]
    assert ("ALIAS_SET", "guarded", 1) in records and ("MONITOR_FIRING", "guarded", 2) in records


def test_rollback_onto_a_version_the_promotion_gate_refuses_is_skipped(reg, fresh):
    """Issue 18: a monitor's rollback is a move like any other; a previous version that does not
    meet the alias's promotion gate is not put back (PROMOTION_BLOCKED), until it does."""
    reg.set_alias(fresh, "gated", 1)
    reg.set_alias(fresh, "gated", 2)
    rule = reg.protect_alias("gated", models=fresh, require="metrics.f1 >= 0.9")
    try:
        first = reg.create_monitor(f"{fresh}:gated", metric="accuracy", below=0.9, window=60, min_samples=3,
                                   rollback=True, monitor_id=f"{fresh}-pg1")
        report(reg, f"{fresh}:v2", "accuracy", [0.2] * 5)
        wait_until(lambda: state_of(reg, first.name) == "FIRING", what="FIRING")
        [t] = [t for t in reg.monitor_transitions(first.name) if t.to_state == mon.MONITOR_STATE_FIRING]
        assert (t.rollback_version, t.rollback_skipped) == (0, "PROMOTION_BLOCKED")
        assert reg.get_version(f"{fresh}:gated").number == 2
        reg.update_version(f"{fresh}:v1", metrics={"f1": 0.95})
        second = reg.create_monitor(f"{fresh}:gated", metric="accuracy", below=0.9, window=60, min_samples=3,
                                    rollback=True, monitor_id=f"{fresh}-pg2")
        wait_until(lambda: reg.get_version(f"{fresh}:gated").number == 1, what="the rollback onto v1, now gated in")
        [t] = [t for t in reg.monitor_transitions(second.name) if t.to_state == mon.MONITOR_STATE_FIRING]
        assert (t.version, t.rollback_version, t.rollback_skipped) == (2, 1, "")
    finally:
        reg.unprotect_alias(rule.name)


def test_the_whole_loop(reg, srv, fresh, receiver, tmp_path):
    """Follower on production, v2 decays, the monitor fires after --for, production goes back to v1,
    the follower swaps back, the receiver got a signed MONITOR_FIRING, the audit names the monitor."""
    model = fresh
    reg.set_alias(model, "production", 1)
    hook = reg.add_webhook(receiver.url, models=[model], types=["MONITOR_FIRING"])
    directory = tmp_path / "deploy"
    follower = subprocess.Popen([sys.executable, "-m", "modelreg", "follow", f"{model}:production", str(directory),
                                 "--json"], env={**os.environ, "MODELREG_SERVER": srv.address},
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_until(lambda: current_version(directory) == 1, what="the follower on v1")
        reg.set_alias(model, "production", 2)
        wait_until(lambda: current_version(directory) == 2, what="the follower on v2")
        added = json.loads(run_cli(srv, "monitor", "add", f"{model}:production", "--metric", "accuracy",
                                   "--window", "1m", "--below", "0.8", "--min-samples", "5", "--for", "2s",
                                   "--rollback", "--json").stdout)
        name, principal = added["name"], added["principal"]
        for value in (0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1):  # a decaying accuracy
            report(reg, f"{model}:v2", "accuracy", [value] * 2)
        wait_until(lambda: reg.get_version(f"{model}:production").number == 1, what="the rollback")
        wait_until(lambda: current_version(directory) == 1, what="the follower back on v1")
        assert transitions(reg, name)[:2] == [("OK", "PENDING"), ("PENDING", "FIRING")]
        history = run_cli(srv, "monitor", "history", name).stdout
        assert "FIRING" in history and "-> v1" in history
        [request] = wait_until(lambda: receiver.received(), what="the MONITOR_FIRING delivery")
        key = base64.b64decode(hook.secret.removeprefix("whsec_"))
        headers = request["headers"]
        signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + request["body"]
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        assert headers["webhook-signature"] == f"v1,{expected}"
        body = json.loads(request["body"])
        assert body["type"] == "monitor.firing" and body["data"]["subject"] == name
        assert body["data"]["details"]["rollback_version"] == "1" and body["data"]["version"] == 2
        audit = json.loads(run_cli(srv, "audit", "--model", model, "--actor", principal, "--json").stdout)["records"]
        moves = [(a["actor"], a["event"]["alias"], a["event"]["version"], a["event"]["previous_version"])
                 for a in audit if a["event"]["type"] == "ALIAS_SET"]
        assert moves == [(principal, "production", 1, 2)]
    finally:
        follower.terminate()
        follower.wait(20)


def test_list_pages_across_models_and_a_deleted_model_takes_its_monitors(reg, fresh, tmp_path):
    other = f"{fresh}-b"  # sorts after `fresh` though `fresh/...` would not
    reg.push(other, write_tree(tmp_path / "o", {"w.bin": b"o"}))
    reg.set_alias(other, "production", 1)
    mine = [reg.create_monitor(f"{model}:production", metric="accuracy", below=0.5).name
            for model in (fresh, other, fresh)]
    listed = [m.name for m in reg.list_monitors(page_size=1) if m.name in mine]
    assert listed == sorted(mine, key=lambda n: (n.split("/")[1], n.split("/")[3]))
    reg.delete_model(other, force=True)
    assert [m.name for m in reg.list_monitors() if m.name in mine] == [n for n in listed if f"/{other}/" not in n]
    principal = mine[1].rpartition("/")[2]
    assert f"principals/monitor-{principal}" not in [p.name for p in reg.list_principals()]


@pytest.mark.parametrize("payload_format", ["SLACK", "TEAMS", "STANDARD_WEBHOOKS"])
def test_chat_messages_say_what_fired_and_what_was_rolled_back(payload_format):
    from modelreg_server import webhook_payloads as payloads
    event = {"sequence": 7, "time": 1_700_000_000_000_000, "actor": "monitor-accuracy-1", "type": "MONITOR_FIRING",
             "model": "sentiment", "version": 4, "alias": "production", "previous_version": 0, "digest": "",
             "subject": "models/sentiment/monitors/accuracy-1",
             "details": {"metric": "accuracy", "aggregation": "mean", "value": "0.61", "threshold": "0.9",
                         "samples": "120", "window": "300s", "condition": "below 0.9", "rollback_version": "3"}}
    text = json.dumps(json.loads(payloads.body(payload_format, webhook="webhooks/w", event=event, now_micros=0,
                                               payload_type=payloads.payload_type(event["type"]))))
    if payload_format == "STANDARD_WEBHOOKS":
        assert '"type": "monitor.firing"' in text
    else:
        assert "FIRING accuracy-1: sentiment:production (v4) mean accuracy = 0.61" in text
        assert "rolled sentiment:production back to v3" in text
    resolved = {**event, "type": "MONITOR_RESOLVED", "details": {**event["details"], "value": "0.95"}}
    resolved["details"].pop("rollback_version")
    assert payloads.summary(resolved).startswith("RESOLVED accuracy-1: sentiment:production (v4) mean accuracy = 0.95")


def test_a_monitor_without_points_is_evaluated_and_stays_ok(reg, fresh):
    m = reg.create_monitor(f"{fresh}:production", metric="never_reported", above=0, window=30)
    seen = evaluated_after(reg, m.name, time.time(), evaluated_version=2)
    assert seen.samples == 0 and seen.value != seen.value and seen.state == mon.MONITOR_STATE_OK  # NaN
    assert transitions(reg, m.name) == []


def test_no_previous_version_is_recorded_not_retried(reg, fresh):
    reg.set_alias(fresh, "canary", 2)  # set once: it held no version before
    m = reg.create_monitor(f"{fresh}:canary", metric="accuracy", below=0.9, window=60, min_samples=3, rollback=True)
    report(reg, f"{fresh}:v2", "accuracy", [0.2] * 5)
    wait_until(lambda: state_of(reg, m.name) == "FIRING", what="FIRING")
    [t] = list(reg.monitor_transitions(m.name))
    assert (t.from_state, t.to_state, t.rollback_version, t.rollback_skipped) == (
        mon.MONITOR_STATE_OK, mon.MONITOR_STATE_FIRING, 0, "NO_PREVIOUS_VERSION")
    evaluated_after(reg, m.name, t.time.seconds + 1)
    assert len(list(reg.monitor_transitions(m.name))) == 1 and reg.get_version(f"{fresh}:canary").number == 2


def test_roles_with_authentication(secured, tmp_path):
    """Editors create monitors, a rolling-back one on a protected alias needs a maintainer, viewers read."""
    name = f"mon-auth-{os.getpid()}"
    with secured.client("root") as admin:
        admin.push(name, write_tree(tmp_path / "v1", {"w.bin": b"1"}))
        admin.set_alias(name, "production", 1)
        admin.protect_alias("production", models=name)
    with secured.client("viewer") as viewer, secured.client("editor") as editor, \
            secured.client("maintainer") as maintainer:
        with pytest.raises(ModelregError) as info:
            viewer.create_monitor(f"{name}:production", metric="accuracy", below=0.9)
        assert (info.value.code, info.value.reason) == (grpc.StatusCode.PERMISSION_DENIED, "ROLE_REQUIRED")
        plain = editor.create_monitor(f"{name}:production", metric="accuracy", below=0.9)
        with pytest.raises(ModelregError) as info:
            editor.create_monitor(f"{name}:production", metric="accuracy", below=0.9, rollback=True)
        assert (info.value.code, info.value.reason) == (grpc.StatusCode.PERMISSION_DENIED, "ROLE_REQUIRED")
        rolling = maintainer.create_monitor(f"{name}:production", metric="accuracy", below=0.9, rollback=True)
        assert [m.name for m in viewer.list_monitors(name)] == sorted([plain.name, rolling.name])
        assert viewer.get_monitor(rolling.name).creator == "maintainer"
        with pytest.raises(ModelregError) as info:
            viewer.delete_monitor(plain.name)
        assert info.value.reason == "ROLE_REQUIRED"
        with secured.client("nobody") as nobody, pytest.raises(ModelregError) as info:
            nobody.get_monitor(plain.name)
        assert info.value.reason == "ROLE_REQUIRED"
        editor.delete_monitor(plain.name)
    with secured.client("root") as admin:
        roles = {b.principal: b.role for b in admin.list_role_bindings(rolling.principal)}
        assert roles == {f"principals/{rolling.principal}": 3}
