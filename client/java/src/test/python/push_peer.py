"""The Python SDK's side of the Java client's push tests (PushTest, PushVectorsTest): one command
per run, one JSON line on stdout. Run with <repo>/.venv/bin/python and PYTHONPATH=<repo>/tests.

    inputs OUT                      writes tests/native_data.py's inputs as OUT/cut-NAME.bin, OUT/codec-NAME.bin
    scan DIR                        {"files": [{path, size, mode, tree_digest, chunks: [[digest, size]]}], "digest"}
    push ADDRESS MODEL DIR MODE     {"number", "digest", "upload_total"}: what the push's "upload" phase counted
    pull ADDRESS REFERENCE DEST     {"digest"}
"""

import json
import sys
from pathlib import Path

from modelreg import Registry, transfer
from modelreg.manifest import CHUNK_TREE, manifest_digest


def main(argv: list[str]) -> dict:
    command, args = argv[0], argv[1:]
    if command == "inputs":
        import native_data
        out = Path(args[0])
        out.mkdir(parents=True, exist_ok=True)
        for name, data in native_data.cut_inputs().items():
            (out / f"cut-{name}.bin").write_bytes(data)
        for name, (data, _) in native_data.codec_inputs().items():
            (out / f"codec-{name}.bin").write_bytes(data)
        return {}
    if command == "scan":
        files = transfer.scan(Path(args[0]), cache=False)
        entries = [f.entry() for f in files]
        return {"files": [{"path": e.path, "size": e.size, "mode": e.mode, "tree_digest": e.tree_digest,
                           "chunks": [[c.digest, c.size] for c in e.chunks]} for e in entries],
                "digest": manifest_digest(entries, CHUNK_TREE)}
    if command == "push":
        address, model, source, mode = args
        totals = []
        with Registry(address) as reg:
            version = reg.push(model, source, compress=mode,
                               on_progress=lambda phase, done, total: totals.append(total) if phase == "upload" else None)
        return {"number": version.number, "digest": version.digest, "upload_total": totals[-1] if totals else 0}
    if command == "pull":
        address, reference, dest = args
        with Registry(address) as reg:
            return {"digest": reg.pull(reference, dest).digest}
    raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])), flush=True)
