"""The Python SDK's side of the cross-language push tests: the Go, TypeScript and Java clients'
push tests run it to learn what Python makes of a directory and to push or pull with Python.

    python tests/conformance/push_peer.py scan DIR
        -> {"digest": version digest (manifest format 2), "files": [{"path", "size", "mode",
            "tree_digest", "chunks": [[digest, size, offset], ...]}, ...]}
    python tests/conformance/push_peer.py push ADDRESS MODEL DIR
        -> {"name", "digest", "upload_total", "upload_done"}   (upload_*: raw bytes of the
           chunks FindMissingChunks said were missing, and those sent)
    python tests/conformance/push_peer.py pull ADDRESS REFERENCE DEST
        -> {"name", "digest"}

One JSON line on stdout; errors go to stderr with exit status 1. The scan bypasses the scan cache
(what it reports is cut from the bytes); set MODELREG_CACHE to keep a push's cache out of $HOME."""

import json
import sys
from pathlib import Path

from modelreg import Registry
from modelreg.manifest import CHUNK_TREE, manifest_digest
from modelreg.transfer import scan


def scan_dir(root: str) -> dict:
    files = scan(Path(root), cache=False)
    return {"digest": manifest_digest(files, CHUNK_TREE),
            "files": [{"path": f.path, "size": f.size, "mode": f.mode, "tree_digest": f.tree_digest,
                       "chunks": [list(c) for c in f.chunks]} for f in files]}


def push(address: str, model: str, root: str) -> dict:
    phases = {}

    def on_progress(phase: str, done: int, total: int) -> None:
        phases[phase] = (done, total)

    with Registry(address) as reg:
        v = reg.push(model, root, on_progress=on_progress)
    done, total = phases.get("upload", (0, 0))
    return {"name": v.name, "digest": v.digest, "upload_total": total, "upload_done": done}


def pull(address: str, reference: str, dest: str) -> dict:
    with Registry(address) as reg:
        v = reg.pull(reference, dest)
    return {"name": v.name, "digest": v.digest}


def main(argv: list[str]) -> int:
    commands = {"scan": (scan_dir, 1), "push": (push, 3), "pull": (pull, 3)}
    if not argv or argv[0] not in commands or len(argv) - 1 != commands[argv[0]][1]:
        print(__doc__, file=sys.stderr)
        return 2
    fn, _ = commands[argv[0]]
    print(json.dumps(fn(*argv[1:])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
