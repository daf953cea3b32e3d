import pytest

from modelreg import Input, InvalidArgument, NotFound


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


def test_cycles_terminate(registry, model, model_dir):
    a = registry.push(f"{model}-a", model_dir)
    b = registry.push(f"{model}-b", model_dir, inputs=[a.name])
    registry.add_lineage(a.name, [b.name])
    graph = registry.lineage(a.name, direction="both", depth=50)
    assert {n.id for n in graph.nodes} == {a.name, b.name}


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
