"""An onnxruntime InferenceSession for a version's ONNX model (onnxruntime is imported only when
called).

    from modelreg.integrations import onnx
    session = onnx.inference_session(reg, "detector:production")
    outputs = session.run(None, {"input": batch})

The session is made from the file on disk, not from bytes, so a model saved with external data
(weights in files beside `model.onnx`, needed past protobuf's 2 GB) finds them in the version."""

from typing import Any

from ..registry import Registry
from ._local import file_in


def inference_session(registry: Registry, reference: str, *, path: str = "model.onnx",
                      providers: list[Any] | None = None, **session_options: Any) -> Any:
    """onnxruntime.InferenceSession(<the version's file at path>, providers=..., **session_options).

    providers: onnxruntime's execution providers, by default ["CPUExecutionProvider"] (a
    session made without them would pick whatever this build offers, so the same call could run
    on different hardware on different machines). session_options: InferenceSession's other
    arguments, e.g. sess_options=onnxruntime.SessionOptions()."""
    import onnxruntime
    target = file_in(registry, reference, path)
    return onnxruntime.InferenceSession(str(target), providers=providers or ["CPUExecutionProvider"],
                                        **session_options)
