from conftest import tree


def test_push_pull_round_trip(registry, model, model_dir, tmp_path):
    version = registry.push(model, model_dir)
    assert version.number == 1
    pulled = registry.pull(f"{model}:v1", tmp_path / "out")
    assert pulled.digest == version.digest
    assert tree(tmp_path / "out") == tree(model_dir)
