"""Tensors of a version's `.safetensors` files, loaded with the `safetensors` package (imported
only when called).

    from modelreg.integrations import safetensors
    tensors = safetensors.load_file(reg, "minilm:production")            # {name: numpy array}
    tensors = safetensors.load_file(reg, "llm:v3", path="model.safetensors.index.json")  # all shards

safetensors holds raw tensors and a JSON header, nothing executable, so loading a file from the
registry runs no code of whoever pushed it."""

import json
from typing import Any

from ..registry import Registry
from ._local import file_in


def load_file(registry: Registry, reference: str, *, path: str = "model.safetensors",
              framework: str = "numpy") -> dict[str, Any]:
    """The tensors of one file, {name: tensor}; `path` may also name a sharded model's
    `*.safetensors.index.json`, whose shards (in the same version) are loaded into one dict.

    framework: "numpy" (the default: needs only numpy) or any framework safetensors' safe_open
    knows ("pt", "flax", "mlx", "paddle"), which is then imported by safetensors itself."""
    target = file_in(registry, reference, path)
    if path.endswith(".index.json"):
        shards = sorted(set(json.loads(target.read_text())["weight_map"].values()))
        folder = path.rpartition("/")[0]
        tensors: dict[str, Any] = {}
        for shard in shards:
            tensors.update(load_file(registry, reference, path=f"{folder}/{shard}" if folder else shard,
                                     framework=framework))
        return tensors
    if framework == "numpy":
        import safetensors.numpy
        return safetensors.numpy.load_file(target)
    from safetensors import safe_open
    with safe_open(target, framework=framework) as f:
        return {name: f.get_tensor(name) for name in f.keys()}
