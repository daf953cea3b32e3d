"""scikit-learn estimators pushed and loaded in skops' format (skops and scikit-learn are imported
only when called).

    from modelreg.integrations import sklearn as mr_sklearn
    version = mr_sklearn.push(reg, "churn", pipeline, aliases=["staging"], metrics={"auc": 0.91})
    pipeline = mr_sklearn.load(reg, "churn:staging")

A pickle (and joblib's files are pickles) runs whatever code its author put in it the moment it
is loaded, so anyone who can push a version could run code on every machine that loads it.
skops' format stores the estimator's state, not code: loading builds only types skops trusts,
and any other type in the file is refused by name until the caller lists it in `trusted`
after reviewing it (skops.io.get_untrusted_types says which a file holds). A pickle in the
registry is opened only when the caller passes allow_pickle=True for a version they trust."""

from collections.abc import Sequence
from pathlib import Path
import tempfile
from typing import Any

from ..registry import Registry
from ..v1 import resources_pb2 as r
from ._local import file_in

PICKLE_SUFFIXES = (".pkl", ".pickle", ".joblib")


def push(registry: Registry, model: str, estimator: Any, *, path: str = "model.skops",
         compression: int = 0, **push_options: Any) -> r.Version:
    """Saves estimator with skops.io.dump as the version's file `path` and pushes it as a new
    version of model; push_options go to Registry.push (aliases, metrics, params, tags,
    description, inputs ...). compression: zipfile's, e.g. zipfile.ZIP_DEFLATED (the default
    stores uncompressed: chunks then deduplicate across versions, and transfer compresses)."""
    import skops.io
    with tempfile.TemporaryDirectory(prefix="modelreg-sklearn-") as tmp:
        target = Path(tmp) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        skops.io.dump(estimator, target, compression=compression)
        return registry.push(model, tmp, **push_options)


def untrusted_types(registry: Registry, reference: str, *, path: str = "model.skops") -> list[str]:
    """The types in the version's skops file that skops does not trust by default: the ones to
    review before passing them to load(trusted=...)."""
    import skops.io
    return skops.io.get_untrusted_types(file=file_in(registry, reference, path))


def load(registry: Registry, reference: str, *, path: str = "model.skops", trusted: Sequence[str] | None = None,
         allow_pickle: bool = False) -> Any:
    """The estimator in the version's file `path`.

    A skops file is loaded with skops.io.load(trusted=trusted): a type it holds that skops does not
    trust and trusted does not list raises skops' UntrustedTypesFoundException, naming it. A
    pickle or joblib file (.pkl, .pickle, .joblib) is refused with PermissionError unless
    allow_pickle=True, then loaded with joblib (which reads plain pickles too)."""
    if path.endswith(PICKLE_SUFFIXES):
        if not allow_pickle:
            raise PermissionError(f"{reference}: {path} is a pickle, and loading a pickle runs code from the "
                                  "file; pass allow_pickle=True only for a version you trust")
        import joblib
        return joblib.load(file_in(registry, reference, path))
    import skops.io
    return skops.io.load(file_in(registry, reference, path), trusted=list(trusted) if trusted else None)
