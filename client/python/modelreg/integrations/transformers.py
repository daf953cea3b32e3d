"""Hugging Face transformers objects (models, tokenizers, configs, processors) saved with
save_pretrained and loaded with from_pretrained through a version of the registry (transformers
is imported by the caller's class, never by this module).

    from transformers import AutoModel, AutoTokenizer
    from modelreg.integrations import transformers as mr_hf
    mr_hf.push_pretrained(reg, "minilm", model, tokenizer, aliases=["staging"])
    tokenizer = mr_hf.from_pretrained(AutoTokenizer, reg, "minilm:staging")
    model = mr_hf.from_pretrained(AutoModel, reg, "minilm:staging")

A version holds a save_pretrained directory as is, so one version serves every class that
reads part of it (the tokenizer's files and the model's weights side by side), and a directory
saved by any other tool (a Hub snapshot, sentence-transformers) can be pushed with Registry.push
and loaded here the same way. Loading never reaches the Hub: the directory is local
(local_files_only=True), and trust_remote_code stays transformers' default (off) unless passed."""

import tempfile
from typing import Any

from ..registry import Registry
from ..v1 import resources_pb2 as r
from ._local import local_dir


def from_pretrained(cls: Any, registry: Registry, reference: str, *, subfolder: str = "", **options: Any) -> Any:
    """cls.from_pretrained(<the version's directory>, local_files_only=True, **options); cls is
    any class with from_pretrained (AutoModel, AutoTokenizer, AutoConfig, a model class ...).
    subfolder: where in the version the saved directory is, if not at its top."""
    root = local_dir(registry, reference)
    if subfolder:
        options["subfolder"] = subfolder
    return cls.from_pretrained(str(root), local_files_only=True, **options)


def push_pretrained(registry: Registry, model: str, *objects: Any, save_options: dict[str, Any] | None = None,
                    **push_options: Any) -> r.Version:
    """Saves each object (a model, its tokenizer, a config ...) with save_pretrained into one
    directory and pushes it as a new version of model. save_options go to every save_pretrained
    (e.g. max_shard_size); push_options to Registry.push (aliases, metrics, params, tags ...)."""
    if not objects:
        raise ValueError("push_pretrained needs at least one object with save_pretrained")
    with tempfile.TemporaryDirectory(prefix="modelreg-pretrained-") as tmp:
        for obj in objects:
            obj.save_pretrained(tmp, **(save_options or {}))
        return registry.push(model, tmp, **push_options)
