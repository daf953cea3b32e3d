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
    {"op": "tamper_manifest", "version": N, "change": C} -> {"ok": true}   (edits the metadata database
        behind the server's back; C: "size" (a file's size one more than its chunks), "digest" (the
        version digest), "path" (a file's path `../escaped`), "duplicate" (two files with one path))
    {"op": "restore_manifest"}                     -> {"ok": true}   (undoes the last tamper_manifest)
    {"op": "bounce", "down_seconds": S}            -> {"ok": true}   (SIGKILL now, start again on the same
        port S seconds later; the reply comes at once, the next command waits for the start)
    {"op": "scan", "files": [SPEC, ...]}           -> {"ok": true, "digest": D}   (the version digest the
        Python SDK makes of those files)
    {"op": "pull_python", "reference": R, "files": [SPEC, ...]} -> {"ok": true}   (the Python SDK pulls R
        and finds exactly those files, bytes and modes)
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
import threading
import time
from pathlib import Path

from modelreg import Registry
from modelreg.manifest import CHUNK_TREE, manifest_digest
from modelreg.transfer import scan

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


def same_files(root: Path, files: list[dict]) -> None:
    """Raises unless root holds exactly the files of the specs, with their bytes and modes."""
    found = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    wanted = sorted(spec["path"] for spec in files)
    if found != wanted:
        raise AssertionError(f"files {found}, expected {wanted}")
    for spec in files:
        path = root / spec["path"]
        if path.read_bytes() != generate(spec):
            raise AssertionError(f"{spec['path']}: different bytes")
        if path.stat().st_mode & 0o777 != spec.get("mode", 0o644):
            raise AssertionError(f"{spec['path']}: mode {path.stat().st_mode & 0o777:o}")


class Metadata:
    """The server's metadata database, opened beside it to tamper with a version's manifest the way
    a compromised server or a corrupted database would serve it."""

    def __init__(self, data: Path, serve_args: list[str]):
        url = next((serve_args[i + 1] for i, a in enumerate(serve_args[:-1]) if a == "--db"), None)
        if url and url.startswith("postgres"):
            import psycopg
            self.conn, self.mark = psycopg.connect(url, autocommit=True), "%s"
        else:
            import sqlite3
            self.conn, self.mark = sqlite3.connect(data / "registry.db", timeout=30, isolation_level=None), "?"
        self.undo: list[tuple[str, list]] = []

    def run(self, sql: str, params: list) -> list:
        cursor = self.conn.execute(sql.replace("?", self.mark), params)
        return cursor.fetchall() if cursor.description else []

    def tamper(self, model: str, number: int, change: str) -> None:
        (version_id, digest), = self.run("SELECT v.id, v.digest FROM versions v JOIN models m ON m.id = v.model_id "
                                         "WHERE m.name = ? AND v.number = ?", [model, number])
        files = self.run("SELECT position, path, size FROM files WHERE version_id = ? AND chunk_count > 0 "
                         "ORDER BY position", [version_id])
        (first, path, size), (second, other, _) = files[0], files[1]
        if change == "size":
            self.edit("UPDATE files SET size = ? WHERE version_id = ? AND position = ?", [size + 1, version_id, first],
                      [size, version_id, first])
        elif change == "digest":
            self.edit("UPDATE versions SET digest = ? WHERE id = ?", ["sha256:" + "0" * 64, version_id], [digest, version_id])
        elif change in ("path", "duplicate"):
            self.edit("UPDATE files SET path = ? WHERE version_id = ? AND position = ?",
                      ["../escaped" if change == "path" else path, version_id, second], [other, version_id, second])
        else:
            raise ValueError(f"unknown change {change!r}")

    def edit(self, sql: str, params: list, undo: list) -> None:
        self.run(sql, params)
        self.undo.append((sql, undo))

    def restore(self) -> None:
        while self.undo:
            self.run(*self.undo.pop())


class Server:
    def __init__(self, data: Path, serve_args: list[str]):
        self.data, self.port, self.proc, self.serve_args = data, 0, None, serve_args
        self.starting: threading.Thread | None = None

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

    def start_later(self, seconds: float) -> None:
        def start():
            time.sleep(seconds)
            self.start()
        self.starting = threading.Thread(target=start)
        self.starting.start()

    def wait_started(self) -> None:
        if self.starting:
            self.starting.join()
            self.starting = None

    def stop(self, sig=signal.SIGTERM) -> None:
        self.wait_started()
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
    corrupted, metadata = None, None
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
                server.wait_started()
                if op == "bounce":
                    server.stop(signal.SIGKILL)
                    server.start_later(command["down_seconds"])
                    print(json.dumps(reply), flush=True)
                    continue
                if op == "scan":
                    source = materialize(command["files"], Path(tempfile.mkdtemp(dir=work)))
                    reply["digest"] = manifest_digest(scan(source, cache=False), CHUNK_TREE)
                    print(json.dumps(reply), flush=True)
                    continue
                if op in ("tamper_manifest", "restore_manifest"):
                    metadata = metadata or Metadata(server.data, options.serve_args)
                    if op == "tamper_manifest":
                        metadata.tamper(model, command["version"], command["change"])
                    else:
                        metadata.restore()
                    print(json.dumps(reply), flush=True)
                    continue
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
                        # The server's background work (whole-file sha256, compression at rest)
                        # reads chunks and quarantines a corrupt one: let it finish first, so the
                        # damage is left for the client to catch.
                        reg.compact_chunks(wait=True)
                        version = reg.get_version(f"{model}:v{command['version']}", files=True)
                        digest = next(f.chunks[0].digest for f in version.files if f.chunks)
                        path = server.data / "blobs" / "chunks" / digest[:2] / digest  # layout 2 (blobs.py)
                        corrupted = (path, path.read_bytes())
                        data = bytearray(corrupted[1])
                        data[-1] ^= 0xFF
                        os.chmod(path, 0o644)
                        path.write_bytes(bytes(data))
                        reply["digest"] = digest
                    elif op == "pull_python":
                        dest = Path(tempfile.mkdtemp(dir=work)) / "pulled"
                        reg.pull(command["reference"], dest)
                        same_files(dest, command["files"])
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
