"""modelreg:// (modelreg.integrations.fsspec): pandas, pyarrow and datasets read a version's
files through a real server, with the same values as the files pushed; ranges read only their
chunks and are checked like a pull; listings, aliases, tokens and refusals behave as a
filesystem's should."""

import io
import random
import tomllib

import numpy as np
import pytest

from conftest import ROOT
from modelreg.integrations.fsspec import ModelregFileSystem

fsspec = pytest.importorskip("fsspec")
pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")


@pytest.fixture(scope="module", autouse=True)
def registered():
    """An installed modelreg registers the protocol through its entry point (checked below by
    test_entry_point_names_the_filesystem); a tree run from PYTHONPATH has no installed metadata."""
    try:
        fsspec.get_filesystem_class("modelreg")
    except ValueError:
        fsspec.register_implementation("modelreg", ModelregFileSystem)
    assert fsspec.get_filesystem_class("modelreg") is ModelregFileSystem


@pytest.fixture
def frame():
    rng = np.random.default_rng(3)
    return pd.DataFrame({"id": np.arange(2000), "score": rng.standard_normal(2000),
                         "label": rng.choice(["spam", "ham", "über"], 2000)})


@pytest.fixture
def dataset(registry, model, tmp_path, frame):
    """A version of CSV and Parquet files (one dataset in two parts) and a 6 MB binary of several
    chunks, its `production` alias on it."""
    import pyarrow.parquet as pq
    root = tmp_path / "data"
    (root / "parts").mkdir(parents=True)
    frame.to_csv(root / "train.csv", index=False)
    frame.to_parquet(root / "train.parquet")
    pq.write_table(pa.Table.from_pandas(frame[:1000]), root / "parts/part-0.parquet")
    pq.write_table(pa.Table.from_pandas(frame[1000:]), root / "parts/part-1.parquet")
    (root / "blob.bin").write_bytes(random.Random(5).randbytes(6_000_000))
    registry.push(model, root, aliases=["production"])
    return root


def options(server, **extra):
    return {"server": server.address, **extra}


def test_entry_point_names_the_filesystem():
    entry = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["fsspec.specs"]
    module, _, name = entry["modelreg"].partition(":")
    assert getattr(__import__(module, fromlist=[name]), name) is ModelregFileSystem


def test_pandas_reads_csv_and_parquet_by_url(server, model, dataset, frame):
    csv = pd.read_csv(f"modelreg://{model}:production/train.csv", storage_options=options(server))
    pd.testing.assert_frame_equal(csv, frame)
    parquet = pd.read_parquet(f"modelreg://{model}:v1/train.parquet", storage_options=options(server))
    pd.testing.assert_frame_equal(parquet, frame)


def test_pyarrow_reads_a_file_and_a_directory_dataset(server, model, dataset, frame):
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq
    fs = fsspec.filesystem("modelreg", **options(server))
    table = pq.read_table(f"{model}:production/train.parquet", filesystem=fs)
    assert table.equals(pq.read_table(dataset / "train.parquet"))
    parts = ds.dataset(f"{model}:production/parts", filesystem=fs, format="parquet").to_table()
    pd.testing.assert_frame_equal(parts.to_pandas().sort_values("id").reset_index(drop=True), frame)


def test_datasets_loads_by_url(server, model, dataset, frame, tmp_path, monkeypatch):
    # Not HF_HUB_OFFLINE: datasets' offline mode refuses every remote URL, ours too. The packaged
    # parquet and csv builders reach nothing else.
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    datasets = pytest.importorskip("datasets")
    loaded = datasets.load_dataset("parquet", data_files={"train": f"modelreg://{model}:production/parts/*.parquet"},
                                   storage_options=options(server), cache_dir=str(tmp_path / "hf"))
    rows = loaded["train"].to_pandas().sort_values("id").reset_index(drop=True)
    pd.testing.assert_frame_equal(rows, frame)
    csv = datasets.load_dataset("csv", data_files=f"modelreg://{model}:production/train.csv",
                                storage_options=options(server), cache_dir=str(tmp_path / "hf"))
    assert csv["train"]["id"] == frame["id"].tolist()


def test_ranges_read_the_bytes_asked_for(server, model, dataset):
    blob = (dataset / "blob.bin").read_bytes()
    fs = fsspec.filesystem("modelreg", skip_instance_cache=True, **options(server))
    path = f"{model}:production/blob.bin"
    rng = random.Random(9)
    for _ in range(20):
        start = rng.randrange(len(blob))
        end = start + rng.choice([1, 100, 300_000, 2_500_000])
        assert fs.cat_file(path, start=start, end=end) == blob[start:end]
    assert fs.cat_file(path, start=-10) == blob[-10:]
    assert fs.cat_file(path) == blob
    assert fs.cat_file(path, start=10, end=10) == b""
    with fs.open(path, block_size=64 * 1024) as f:
        f.seek(4_000_000)
        assert f.read(1000) == blob[4_000_000:4_001_000]
        f.seek(-5, io.SEEK_END)
        assert f.read() == blob[-5:]


def test_listings_and_info(server, model, dataset, registry):
    fs = fsspec.filesystem("modelreg", skip_instance_cache=True, **options(server))
    ref = f"{model}:production"
    assert fs.ls(ref, detail=False) == [f"{ref}/blob.bin", f"{ref}/parts", f"{ref}/train.csv", f"{ref}/train.parquet"]
    assert fs.ls(f"modelreg://{ref}/parts/", detail=False) == [f"{ref}/parts/part-0.parquet", f"{ref}/parts/part-1.parquet"]
    info = fs.info(f"{ref}/train.csv")
    version = registry.get_version(ref, files=True)
    entry = next(f for f in version.files if f.path == "train.csv")
    assert (info["type"], info["size"], info["version"]) == ("file", (dataset / "train.csv").stat().st_size, version.name)
    assert fs.ukey(f"{ref}/train.csv") == entry.tree_digest
    assert fs.info(f"{ref}/parts")["type"] == "directory"
    assert sorted(fs.find(ref)) == sorted(f"{ref}/{f.path}" for f in version.files)
    assert fs.glob(f"{ref}/parts/*.parquet") == [f"{ref}/parts/part-0.parquet", f"{ref}/parts/part-1.parquet"]
    assert fs.exists(f"{ref}/train.csv") and not fs.exists(f"{ref}/missing.csv")
    assert not fs.exists(f"{model}:nosuchalias/train.csv")
    with pytest.raises(FileNotFoundError):
        fs.cat_file(f"{ref}/missing.csv")
    with pytest.raises(IsADirectoryError):
        fs.cat_file(f"{ref}/parts")


def test_read_only(server, model, dataset):
    fs = fsspec.filesystem("modelreg", skip_instance_cache=True, **options(server))
    for mode in ("wb", "ab"):
        with pytest.raises(PermissionError, match="read-only"):
            fs.open(f"{model}:production/new.csv", mode)
    with pytest.raises(PermissionError):
        pd.DataFrame({"a": [1]}).to_csv(f"modelreg://{model}:production/new.csv", storage_options=options(server))


def test_alias_moves_are_seen_and_an_open_file_keeps_its_version(server, model, dataset, registry, tmp_path):
    fs = fsspec.filesystem("modelreg", skip_instance_cache=True, alias_ttl=0, **options(server))
    path = f"{model}:production/blob.bin"
    old = (dataset / "blob.bin").read_bytes()
    with fs.open(path, block_size=1024) as f:
        assert f.read(10) == old[:10]
        (tmp_path / "v2").mkdir()
        (tmp_path / "v2/blob.bin").write_bytes(b"the second version")
        registry.push(model, tmp_path / "v2", aliases=["production"])
        f.seek(5_000_000)
        assert f.read(10) == old[5_000_000:5_000_010]  # still version 1
    assert fs.cat_file(path) == b"the second version"
    assert fs.ls(f"{model}:production", detail=False) == [f"{model}:production/blob.bin"]
    assert fs.cat_file(f"{model}:v1/blob.bin", start=0, end=10) == old[:10]


def test_server_and_token_from_the_environment(secured, model, tmp_path, monkeypatch, frame):
    with secured.client("editor") as editor:
        (tmp_path / "d").mkdir()
        frame.to_csv(tmp_path / "d/train.csv", index=False)
        editor.push(model, tmp_path / "d", aliases=["production"])
    monkeypatch.setenv("MODELREG_SERVER", secured.server.address)
    monkeypatch.setenv("MODELREG_TOKEN", secured.tokens["viewer"])
    fs = fsspec.filesystem("modelreg", skip_instance_cache=True)
    pd.testing.assert_frame_equal(pd.read_csv(fs.open(f"{model}:production/train.csv")), frame)
    monkeypatch.delenv("MODELREG_TOKEN")
    from modelreg.errors import Unauthenticated
    with pytest.raises(Unauthenticated):
        fsspec.filesystem("modelreg", skip_instance_cache=True).info(f"{model}:production/train.csv")
