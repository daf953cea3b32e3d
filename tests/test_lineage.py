import hashlib

import grpc
import pytest

from conftest import data_state
from modelreg import FailedPrecondition, Input, InvalidArgument, NotFound
from modelreg.v1 import registry_service_pb2 as rs, resources_pb2 as r
from test_limits import artifacts, create_version


def edges(graph):
    return {(e.upstream, e.relation, e.downstream) for e in graph.edges}


def test_inputs_declared_at_push(registry, model, model_dir):
    base = registry.push(f"{model}-base", model_dir)
    tuned = registry.push(model, model_dir, inputs=[
        f"{model}-base:v1",
        "s3://data/imdb/2024",
        Input.of_artifact("git+https://example.invalid/repo@abc", kind="code", relation="built_from"),
    ])
    assert [(i.version or i.artifact.uri, i.relation) for i in tuned.inputs] == [
        (base.name, "derived_from"), ("s3://data/imdb/2024", "trained_on"),
        ("git+https://example.invalid/repo@abc", "built_from")]
    graph = registry.lineage(f"{model}:latest")
    assert graph.nodes[0].id == tuned.name
    assert edges(graph) == {
        (base.name, "derived_from", tuned.name), ("s3://data/imdb/2024", "trained_on", tuned.name),
        ("git+https://example.invalid/repo@abc", "built_from", tuned.name)}


def test_upstream_and_downstream_to_a_depth(registry, model, model_dir):
    a = registry.push(f"{model}-a", model_dir, inputs=["s3://data/raw"])
    b = registry.push(f"{model}-b", model_dir, inputs=[a.name])
    c = registry.push(f"{model}-c", model_dir, inputs=[f"{model}-b:latest"])
    assert edges(registry.lineage(c.name, depth=1)) == {(b.name, "derived_from", c.name)}
    assert edges(registry.lineage(c.name, depth=3)) == {
        (b.name, "derived_from", c.name), (a.name, "derived_from", b.name), ("s3://data/raw", "trained_on", a.name)}
    down = registry.lineage(a.name, direction="downstream", depth=5)
    assert edges(down) == {(a.name, "derived_from", b.name), (b.name, "derived_from", c.name)}
    from_dataset = registry.lineage(artifact="s3://data/raw", direction="downstream", depth=5)
    assert from_dataset.nodes[0].id == "s3://data/raw"
    assert {n.id for n in from_dataset.nodes} == {"s3://data/raw", a.name, b.name, c.name}
    both = registry.lineage(b.name, direction="both")
    assert edges(both) == {(a.name, "derived_from", b.name), (b.name, "derived_from", c.name)}


def test_add_lineage_later_is_idempotent(registry, model, model_dir):
    v = registry.push(model, model_dir)
    registry.add_lineage(f"{model}:v1", ["s3://eval/set", Input.of_artifact("s3://eval/set", relation="evaluated_on")])
    again = registry.add_lineage(f"{model}:v1", ["s3://eval/set"])
    assert [(i.artifact.uri, i.relation) for i in again.inputs] == [
        ("s3://eval/set", "trained_on"), ("s3://eval/set", "evaluated_on")]
    assert edges(registry.lineage(v.name)) == {
        ("s3://eval/set", "trained_on", v.name), ("s3://eval/set", "evaluated_on", v.name)}


@pytest.mark.parametrize("length", [2, 3, 6])
def test_a_lineage_cycle_is_refused_and_changes_nothing(server, registry, model, model_dir, length):
    """v1 -> v2 -> v1, and longer loops through other models: AddLineage closing one is refused."""
    chain = [registry.push(f"{model}-0", model_dir)]
    for i in range(1, length):
        chain.append(registry.push(f"{model}-{i}", model_dir, inputs=[chain[-1].name, "s3://data/shared"]))
    before = data_state(server.data)
    with pytest.raises(InvalidArgument) as e:
        registry.add_lineage(chain[0].name, ["s3://data/other", chain[-1].name])
    assert e.value.reason == "LINEAGE_CYCLE"
    assert e.value.metadata == {"input": chain[-1].name}
    assert data_state(server.data) == before
    assert list(registry.get_version(chain[0].name).inputs) == []


def test_a_diamond_is_not_a_cycle(registry, model, model_dir):
    base = registry.push(f"{model}-base", model_dir)
    left = registry.push(f"{model}-left", model_dir, inputs=[base.name])
    right = registry.push(f"{model}-right", model_dir, inputs=[base.name])
    top = registry.push(model, model_dir, inputs=[left.name])
    registry.add_lineage(top.name, [right.name, base.name])
    assert {(i.version, i.relation) for i in registry.get_version(top.name).inputs} == {
        (left.name, "derived_from"), (right.name, "derived_from"), (base.name, "derived_from")}


@pytest.mark.parametrize("inputs, error, reason", [
    (["nosuchmodel:v1"], NotFound, "MODEL_NOT_FOUND"),
    (["{model}:v9"], NotFound, "VERSION_NOT_FOUND"),
    (["{model}:v1"], InvalidArgument, "INVALID_LINEAGE"),
    ([Input.of_artifact("s3://x", relation="Bad Relation")], InvalidArgument, "INVALID_LINEAGE"),
    (["not a reference"], InvalidArgument, "INVALID_REFERENCE"),
])
def test_bad_lineage_changes_nothing(registry, model, model_dir, inputs, error, reason):
    registry.push(model, model_dir)
    inputs = [i.format(model=model) if isinstance(i, str) else i for i in inputs]
    head = registry.event_head()
    with pytest.raises(error) as e:
        registry.add_lineage(f"{model}:v1", inputs)
    assert e.value.reason == reason
    assert list(registry.get_version(f"{model}:v1").inputs) == []
    assert registry.event_head() == head


def test_lineage_query_errors(registry, model, model_dir):
    registry.push(model, model_dir)
    with pytest.raises(InvalidArgument) as e:
        registry.lineage(f"{model}:v1", depth=51)
    assert e.value.reason == "INVALID_DEPTH"
    with pytest.raises(NotFound) as e:
        registry.lineage(artifact="s3://never/used", direction="downstream")
    assert e.value.reason == "ARTIFACT_NOT_FOUND"


# Size: walks are bounded, and big ones answer within their limits or are refused


def tag(model: str) -> str:
    """A short stand-in for the model name in artifact URIs, which are global: this test's own."""
    return hashlib.sha256(model.encode()).hexdigest()[:12]


def wide_graph(registry, model, mids: int, per_mid: int = 1000):
    """A top version whose inputs are `mids` versions of `per_mid` artifact inputs each, plus
    artifacts up to 1,000 inputs in all."""
    parents = [create_version(registry, f"{model}-mid{i}", inputs=artifacts(per_mid, prefix=f"s3://{tag(model)}/{i}"))
               for i in range(mids)]
    inputs = [r.LineageInput(version=p.name) for p in parents] + artifacts(1000 - mids,
                                                                            prefix=f"s3://{tag(model)}/top")
    return create_version(registry, model, inputs=inputs), parents


def test_a_graph_of_6000_inputs_answers_within_its_limits(registry, model):
    top, parents = wide_graph(registry, model, mids=5)
    assert len(registry.get_version(top.name).inputs) == 1000
    graph = registry.lineage(top.name, depth=2)
    assert len(graph.edges) == 6000
    assert len(graph.nodes) == 1 + 5 + 995 + 5000
    assert graph.nodes[0].id == top.name
    assert all(not n.version.inputs for n in graph.nodes if n.HasField("version"))  # the edges are the inputs
    assert {(e.upstream, e.downstream) for e in graph.edges if e.downstream == parents[3].name} == {
        (f"s3://{tag(model)}/3-{i}", parents[3].name) for i in range(1000)}
    down = registry.lineage(artifact=f"s3://{tag(model)}/3-7", direction="downstream", depth=5)
    assert [n.id for n in down.nodes] == [f"s3://{tag(model)}/3-7", parents[3].name, top.name]
    both = registry.lineage(parents[0].name, direction="both", depth=2)
    assert len(both.edges) == 1000 + 1000  # its own inputs, then the top's: the walk goes up from the top too


def test_a_walk_past_the_edge_limit_is_refused_and_a_shallower_one_answers(registry, model):
    top, _ = wide_graph(registry, model, mids=11)
    with pytest.raises(FailedPrecondition) as e:
        registry.lineage(top.name, depth=2)
    assert (e.value.reason, e.value.metadata) == ("LINEAGE_TOO_LARGE", {"limit": "10000"})
    assert len(registry.lineage(top.name, depth=1).edges) == 1000


def test_a_graph_past_the_response_budget_is_refused(registry, model):
    """1,000 inputs with 2 KB URIs: about 6 MB as nodes and edges, over the 3 MiB a response may hold."""
    v = create_version(registry, model, inputs=artifacts(1000, prefix="s3://" + "x" * 2030))
    with pytest.raises(FailedPrecondition) as e:
        registry.lineage(v.name)
    assert (e.value.reason, e.value.metadata) == ("LINEAGE_TOO_LARGE", {"limit": str(3 * 1024 * 1024)})
    assert len(registry.get_version(v.name).inputs) == 1000


def test_abandoned_lineage_calls_do_not_stop_get_model(registry, model):
    """50 walks whose callers gave up (a deadline too short, or cancelled) must not hold the threads
    that serve everyone else: a GetModel issued after them answers (the issue asks within 5 s)."""
    top, _ = wide_graph(registry, model, mids=9)
    request = rs.GetLineageRequest(name=top.name, depth=2, direction=rs.LINEAGE_DIRECTION_BOTH)
    calls = [registry.registry.GetLineage.future(request, timeout=0.001 * (i % 5 + 1)) for i in range(25)]
    cancelled = [registry.registry.GetLineage.future(request, timeout=60) for _ in range(25)]
    for call in cancelled:
        call.cancel()
    answer = registry.registry.GetModel(rs.GetModelRequest(name=model), timeout=5)
    assert answer.model.name == f"models/{model}"
    for call in calls:  # each either beat its deadline or was told it passed
        assert call.exception() is None or call.exception().code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert all(call.cancelled() for call in cancelled)
    assert len(registry.lineage(top.name, depth=2).edges) == 10_000  # exactly at the limit
