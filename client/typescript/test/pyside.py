"""The Python SDK's side of the TypeScript push tests (test/push.test.ts): what the reference
implementation makes of the same inputs, printed as one JSON line.

  pyside.py inputs DIR                 writes tests/native_data.py's cut and codec inputs into DIR
  pyside.py scan DIR                   the chunks and version digest a Python push of DIR names, and
                                       the float width (codec choice) of each chunk
  pyside.py push ADDRESS MODEL DIR     pushes DIR; prints the version digest and the bytes uploaded
  pyside.py pull ADDRESS REF DEST      pulls a version into DEST
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests"))


def inputs(dest: str) -> dict:
    from native_data import codec_inputs, cut_inputs

    out = Path(dest)
    for name, data in cut_inputs().items():
        (out / f"cut-{name}").write_bytes(data)
    for name, (data, _) in codec_inputs().items():
        (out / f"codec-{name}").write_bytes(data)
    return {"cuts": sorted(cut_inputs()), "codecs": sorted(codec_inputs())}


def scan(root: str) -> dict:
    from modelreg import transfer
    from modelreg.manifest import CHUNK_TREE, manifest_digest

    files = transfer.scan(Path(root), cache=False)
    entries = [f.entry() for f in files]
    widths = {f.path: [transfer.float_width(f.floats, offset, size) for _, size, offset in f.chunks] for f in files}
    return {"digest": manifest_digest(entries, CHUNK_TREE), "widths": widths,
            "files": [{"path": e.path, "size": e.size, "mode": e.mode, "tree_digest": e.tree_digest,
                       "chunks": [[c.digest, c.size] for c in e.chunks]} for e in entries]}


def push(address: str, model: str, root: str) -> dict:
    from modelreg import Registry

    uploads = []

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "upload":
            uploads.append(total)

    with Registry(address) as reg:
        version = reg.push(model, root, on_progress=progress)
    return {"digest": version.digest, "name": version.name, "upload_total": max(uploads, default=0)}


def pull(address: str, reference: str, dest: str) -> dict:
    from modelreg import Registry

    with Registry(address) as reg:
        version = reg.pull(reference, dest)
    return {"digest": version.digest}


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    print(json.dumps({"inputs": inputs, "scan": scan, "push": push, "pull": pull}[command](*args)))
