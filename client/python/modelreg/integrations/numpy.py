"""Arrays of a version's `.npy` and `.npz` files, loaded with numpy (imported only when called).

    from modelreg.integrations import numpy as mr_numpy
    embeddings = mr_numpy.load(reg, "index:production", path="embeddings.npy", mmap_mode="r")
    arrays = mr_numpy.load(reg, "index:production", path="arrays.npz")   # {name: array}

Object arrays are pickles: numpy would run code from the file to load them, so they are refused
unless the caller passes allow_pickle=True for a version they trust."""

from typing import Any

from ..registry import Registry
from ._local import file_in


def load(registry: Registry, reference: str, *, path: str, allow_pickle: bool = False,
         mmap_mode: str | None = None) -> Any:
    """An .npy file's array, or an .npz file's arrays as {name: array} (read at once, so no file
    is left open). mmap_mode ("r", "c") maps an .npy file instead of reading it: the local copy
    of the version stays where it is, so the mapping outlives this call."""
    import numpy
    target = file_in(registry, reference, path)
    loaded = numpy.load(target, allow_pickle=allow_pickle, mmap_mode=mmap_mode)
    if isinstance(loaded, numpy.lib.npyio.NpzFile):
        with loaded:
            return {name: loaded[name] for name in loaded.files}
    return loaded
