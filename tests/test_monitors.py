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

from conftest import FAST_WEBHOOKS, ServerProcess, replay, wait_until, write_tree
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
    before = list(reg.list_monitors("models/-"))
    with pytest.raises(ModelregError) as info:
        reg._unary(reg.monitoring.CreateMonitor, request)
    assert info.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert info.value.reason == reason
    assert list(reg.list_monitors("models/-")) == before


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
