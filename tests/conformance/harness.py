"""The conformance harness: the real Python server plus the Python SDK for set-up and for the steps
a scenario performs on the server's side. Every client's conformance runner starts it as

    <repo>/.venv/bin/python tests/conformance/harness.py

reads one JSON line ({"address", "data_dir", "model", "digests", "sources"}), then sends one JSON
command per line on stdin and reads one JSON reply per line:

    {"op": "set_alias", "alias": A, "version": N}  -> {"ok": true, "sequence": head}
    {"op": "head"}                                 -> {"ok": true, "sequence": head}
    {"op": "restart"}                              -> {"ok": true}   (SIGKILL, then start on the same port)
    {"op": "corrupt_chunk", "version": N}          -> {"ok": true, "digest": D}   (flips a stored byte)
    {"op": "repair_chunk"}                         -> {"ok": true}
    {"op": "quit"}                                 -> {"ok": true}, then the server stops

End of input also stops the server. Errors reply {"ok": false, "error": "..."}.

Arguments after `--` are extra `modelreg serve` arguments, such as `--db postgresql://...`
(tests/test_conformance.py runs the scenarios on each metadata backend this way). Chunks stay in
DATA/blobs, where corrupt_chunk damages them: the scenario is about the client catching bad bytes,
which a chunk store that verifies on read (S3) would refuse to send.
"""

import argparse
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

from modelreg import Registry

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE / "scenarios.json"


def generate(spec: dict) -> bytes:
    """File content from a scenarios.json generator; every client implements the same ones."""
    if "text" in spec:
        return spec["text"].encode()
    if "repeat" in spec:
        pattern, size = bytes.fromhex(spec["repeat"]["pattern"]), spec["repeat"]["size"]
        return (pattern * (size // len(pattern) + 1))[:size]
    if "lcg" in spec:
        x, size = spec["lcg"]["seed"], spec["lcg"]["size"]
        out = bytearray(size)
        for i in range(size):
            x = (x * 1103515245 + 12345) % 2**31
            out[i] = (x >> 16) & 0xFF
        return bytes(out)
    if "f32" in spec:
        x, count = spec["f32"]["seed"], spec["f32"]["count"]
        values = []
        for _ in range(count):
            x = (x * 1103515245 + 12345) % 2**31
            values.append((x / 2147483648.0 - 0.5) * 0.1)
        return struct.pack(f"<{count}f", *values)
    raise ValueError(f"unknown generator in {spec}")


def materialize(files: list[dict], root: Path) -> Path:
    for spec in files:
        path = root / spec["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(generate(spec))
        path.chmod(spec.get("mode", 0o644))
    return root


def push_catalog(reg: Registry, catalog: list[dict], root: Path) -> None:
    """The models the filter scenarios search: each version with its metrics and tags, then the
    model's own tags."""
    for entry in catalog:
        for number, spec in enumerate(entry["versions"], start=1):
            source = materialize(spec["files"], root / entry["model"] / f"v{number}")
            version = reg.push(entry["model"], source, metrics=spec.get("metrics"), tags=spec.get("tags"))
            assert version.number == number
        if entry.get("tags"):
            reg.update_model(entry["model"], tags=entry["tags"])


class Server:
    def __init__(self, data: Path, serve_args: list[str]):
        self.data, self.port, self.proc, self.serve_args = data, 0, None, serve_args

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "modelreg", "serve", "--data", str(self.data), "--listen", f"127.0.0.1:{self.port}",
             *self.serve_args],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        for line in self.proc.stdout:
            if match := re.search(rb"listening on 127\.0\.0\.1:(\d+)", line):
                self.port = int(match.group(1))
                return
        raise RuntimeError("server did not start")

    def stop(self, sig=signal.SIGTERM) -> None:
        self.proc.send_signal(sig)
        self.proc.wait(30)
        self.proc.stdout.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("serve_args", nargs="*", help="after --: extra `modelreg serve` arguments")
    options = parser.parse_args(argv)
    setup = json.loads(SCENARIOS.read_text())["setup"]
    work = Path(tempfile.mkdtemp(prefix="modelreg-conformance-"))
    server = Server(work / "data", options.serve_args)
    server.start()
    model = setup["model"]
    digests, sources = {}, {}
    with Registry(server.address) as reg:
        for number, spec in enumerate(setup["versions"], start=1):
            source = materialize(spec["files"], work / f"v{number}")
            version = reg.push(model, source, aliases=spec.get("aliases", []))
            assert version.number == number
            digests[str(number)], sources[str(number)] = version.digest, str(source)
        push_catalog(reg, setup.get("catalog", []), work / "catalog")
    print(json.dumps({"address": server.address, "data_dir": str(server.data), "model": model,
                      "digests": digests, "sources": sources}), flush=True)
    corrupted = None
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            command = json.loads(line)
            try:
                reply = {"ok": True}
                op = command["op"]
                if op == "quit":
                    print(json.dumps(reply), flush=True)
                    break
                with Registry(server.address) as reg:
                    if op == "set_alias":
                        reg.set_alias(model, command["alias"], command["version"])
                        reply["sequence"] = reg.event_head()
                    elif op == "head":
                        reply["sequence"] = reg.event_head()
                    elif op == "restart":
                        server.stop(signal.SIGKILL)
                        server.start()
                    elif op == "corrupt_chunk":
                        version = reg.get_version(f"{model}:v{command['version']}", files=True)
                        digest = next(f.chunks[0].digest for f in version.files if f.chunks)
                        path = server.data / "blobs" / "chunks" / digest[:2] / digest  # layout 2 (blobs.py)
                        corrupted = (path, path.read_bytes())
                        data = bytearray(corrupted[1])
                        data[-1] ^= 0xFF
                        os.chmod(path, 0o644)
                        path.write_bytes(bytes(data))
                        reply["digest"] = digest
                    elif op == "repair_chunk":
                        path, original = corrupted
                        path.write_bytes(original)
                        corrupted = None
                    else:
                        raise ValueError(f"unknown op {op!r}")
            except Exception as e:  # reported to the runner, which fails the scenario
                reply = {"ok": False, "error": f"{type(e).__name__}: {e}"}
            print(json.dumps(reply), flush=True)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
