"""The metadata section of scripts/bench (`--only metadata`): GetVersion by alias and SetAlias
driven by ghz (a Go load driver, so the client is never the bottleneck) against a real
`modelreg serve` process with a fresh data directory, auth off and on.

- ghz is installed by the bench itself from the Go module proxy into .bench/bin (GHZ_VERSION);
  the protoset is built from protos/ with buf. Not reflection, though the server serves it (docs/operations.md):
  the floor server serves none, and the code of older revisions (compare=) cannot describe a method.
- Each server is one process, SQLite by default; with backends=("sqlite", "postgresql") a second
  set-up runs one server on a throwaway PostgreSQL cluster (the tests' PostgresCluster) with the
  chunks on the local filesystem (only metadata is measured).
- Auth on: the server runs with --auth, a principal with the editor role and a real token made
  through the API, sent as `authorization: Bearer mrt_...` on every call.
- Cells: GetVersion `bench-0:prod` (basic view) at concurrency 1 (p50, p99) and 20 (req/s, p50,
  p99); SetAlias `bench-0:staging` at concurrency 20, alternating versions 1 and 2. Each row has
  the server's CPU per call too (from /proc: load from other processes moves it far less than it
  moves latency).
- The gRPC floor, in the same run: a grpc.aio server in Python whose GetVersion returns fixed
  bytes (a real response) and does nothing else, so the figures can be read against what gRPC in
  Python gives on this machine at this minute.
- compare=("main",) runs the server package of those git revisions beside this tree's, cell by
  cell in the same minutes (git archive into the work directory, PYTHONPATH).
- stages: where a GetVersion's server time goes (breakdown()), timed in a child process.

run(args) -> dict is what other sections (the peers table) call: args is an argparse namespace
(metadata_seconds, metadata_backends, metadata_compare) or None. The result is {"facts": {...,
"stages": {stage: us}}, "rows": [{"backend": "sqlite" | "postgresql" | "grpc floor", "code":
"this tree" | REV | "", "auth": bool, "op": "GetVersion" | "SetAlias", "concurrency": 1 | 20,
"requests", "rps", "p50_ms", "p99_ms", "mean_ms", "errors", "server_cpu_us", "first_error"}]}.
"""

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import PostgresCluster, ServerProcess  # noqa: E402  (the tests' own services)

from modelreg import Registry  # noqa: E402

GHZ_VERSION = "v0.93.0"  # github.com/bojand/ghz; the newest the Go module proxy serves here
BIN = ROOT / ".bench" / "bin"
SERVICE = "modelreg.v1.RegistryService"
CELLS = (("GetVersion", 1), ("GetVersion", 20), ("SetAlias", 20))
ROLE = "editor"


def ghz() -> Path:
    """.bench/bin/ghz, installed with `go install` when missing."""
    exe = BIN / "ghz"
    if not exe.exists():
        BIN.mkdir(parents=True, exist_ok=True)
        subprocess.run(["go", "install", f"github.com/bojand/ghz/cmd/ghz@{GHZ_VERSION}"], check=True,
                       env={**os.environ, "GOBIN": str(BIN)})
    return exe


def protoset(work: Path) -> Path:
    """The API's descriptors (with imports), as ghz reads them."""
    out = work / "modelreg.protoset"
    buf = next((p for p in (ROOT / ".venv" / "bin" / "buf", ROOT / ".tools" / "bin" / "buf") if p.exists()),
               Path(shutil.which("buf") or "buf"))
    subprocess.run([str(buf), "build", "-o", str(out)], check=True, cwd=ROOT / "protos")
    return out


def seed(reg: Registry, path: Path) -> None:
    """bench-0 with versions 1 and 2; prod and staging on version 1."""
    path.mkdir(parents=True, exist_ok=True)
    for n in (1, 2):
        (path / "config.json").write_text(f'{{"version": {n}}}')
        reg.push("bench-0", path, aliases=["prod", "staging"] if n == 1 else ())


def start(work: Path, name: str, *, auth: bool, db: str | None) -> tuple[ServerProcess, str]:
    """A fresh server (its own data directory) and the token to send ("" with auth off)."""
    args = (["--auth"] if auth else []) + (["--db", db] if db else [])
    (work / name).mkdir()
    server = ServerProcess(work / name / "data", *args).start()
    token = ""
    if auth:
        from modelreg_server.app import bootstrap
        _, admin_token = bootstrap(server.data, "root", db_url=server.db_url)
        with Registry(server.address, token=admin_token) as admin:
            admin.create_principal("bench", kind="service_account")
            admin.grant_role("bench", ROLE)
            token = admin.create_token("bench")[1]
    with Registry(server.address, token=token or None) as reg:
        seed(reg, work / name / "model")
    return server, token


def floor_server(response_hex: str) -> None:
    """The floor: a grpc.aio server whose GetVersion returns fixed bytes (a real response),
    nothing else: what gRPC in Python costs on this machine now, measured beside modelreg."""
    import asyncio
    import grpc
    response = bytes.fromhex(response_hex)

    async def get_version(request, context):
        return response

    async def main():
        server = grpc.aio.server()
        server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler(SERVICE, {
            "GetVersion": grpc.unary_unary_rpc_method_handler(get_version)})])
        port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        print(f"listening on 127.0.0.1:{port}", flush=True)
        await server.wait_for_termination()
    asyncio.run(main())


class FloorProcess:
    """floor_server in a process of its own, with ServerProcess's address and stop()."""

    def __init__(self, response: bytes):
        code = (f"import sys; sys.path.insert(0, {str(ROOT / 'scripts')!r}); import bench_metadata; "
                f"bench_metadata.floor_server({response.hex()!r})")
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        self.address = line.split()[-1]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
        self.proc.stdout.close()


def breakdown(data_dir: str, token: str, rounds: int = 3000) -> None:
    """Where a GetVersion's microseconds go inside the server, stage by stage, each timed alone
    in a loop over the stopped server's data directory (in this process, no gRPC): prints JSON
    {stage: microseconds per call}. The gRPC floor row of the table is the rest."""
    import asyncio
    from modelreg.v1 import registry_service_pb2 as rs
    from modelreg_server import access, api
    from modelreg_server.app import lock_data_dir, open_registry
    from modelreg_server.governance import _caller
    from modelreg_server.service import _resolve

    async def timed(fn, *, is_async=True) -> float:
        for _ in range(50):
            await fn() if is_async else fn()
        began = time.perf_counter()
        for _ in range(rounds):
            await fn() if is_async else fn()
        return (time.perf_counter() - began) / rounds * 1e6

    async def main():
        held = lock_data_dir(Path(data_dir))
        registry = open_registry(held, auth_required=True)
        try:
            header = f"Bearer {token}"
            token_id, secret = access.parse_bearer(header)
            caller = await registry.governance.authenticate(header)
            row = await registry.get_version("bench-0:prod", files=False, caller=caller)
            meta = registry.metadata
            out = {
                "token check, read (executor hop + 2 queries)":
                    await timed(lambda: meta.read(lambda db: _caller(db, token_id, secret=secret))),
                "token check, cached": await timed(lambda: registry.governance.authenticate(header)),
                "resolve m:alias, read (executor hop + queries)":
                    await timed(lambda: meta.read(lambda db: _resolve(db, "bench-0:prod", files=False))),
                "resolve m:alias, cached":
                    await timed(lambda: registry.get_version("bench-0:prod", files=False, caller=caller)),
                "of which data_version check": await timed(meta.database.data_version, is_async=False),
                "response proto, built": await timed(lambda: rs.GetVersionResponse(version=api.version_proto(row)),
                                                     is_async=False),
                "response proto, serialized": await timed(
                    rs.GetVersionResponse(version=api.version_proto(row)).SerializeToString, is_async=False),
            }
        finally:
            registry.metadata.close()
            held.release()
        print(json.dumps(out))
    asyncio.run(main())


def stages(server: ServerProcess, token: str) -> dict:
    """breakdown() in a child process, on the data directory of a stopped server."""
    code = (f"import sys; sys.path.insert(0, {str(ROOT / 'scripts')!r}); import bench_metadata; "
            f"bench_metadata.breakdown({str(server.data)!r}, {token!r})")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU the process has used so far: what a call costs the server, which load
    from other processes on the machine changes far less than it changes latency."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drive(exe: Path, proto: Path, server: ServerProcess, token: str, op: str, concurrency: int,
          seconds: float, work: Path) -> dict:
    """One ghz run: its summary figures."""
    if op == "GetVersion":
        data = {"name": "bench-0:prod", "view": "VERSION_VIEW_BASIC"}
    else:  # round robin over the array: versions 1, 2, 1, 2...
        data = [{"model": "bench-0", "alias": "staging", "version": v} for v in (1, 2)]
    data_file = work / f"{op}.json"
    data_file.write_text(json.dumps(data))
    cmd = [str(exe), "--insecure", "--protoset", str(proto), "--call", f"{SERVICE}.{op}",
           "--data-file", str(data_file), "-c", str(concurrency), "--connections", "1",
           "-z", f"{seconds}s", "--format", "json", "--skipFirst", "50", server.address]
    if token:
        cmd[1:1] = ["--metadata", json.dumps({"authorization": f"Bearer {token}"})]
    cpu = cpu_seconds(server.proc.pid)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    cpu = cpu_seconds(server.proc.pid) - cpu
    summary = json.loads(out)
    latency = {int(d["percentage"]): d["latency"] / 1e6 for d in summary.get("latencyDistribution") or ()}
    # ghz cancels the calls still in flight when the window closes: those are not errors.
    failures = {message: n for message, n in (summary.get("errorDistribution") or {}).items()
                if "closing" not in message}
    errors = sum(failures.values())
    return {"requests": summary["count"], "rps": summary["rps"], "p50_ms": latency.get(50, float("nan")),
            "p99_ms": latency.get(99, float("nan")), "mean_ms": summary["average"] / 1e6, "errors": errors,
            "server_cpu_us": cpu / max(1, summary["count"]) * 1e6, "first_error": next(iter(failures), "")}


def first_response(server: ServerProcess, token: str) -> bytes:
    from modelreg.v1 import registry_service_pb2 as rs, resources_pb2 as r
    with Registry(server.address, token=token or None) as reg:
        return reg.registry.GetVersion(rs.GetVersionRequest(name="bench-0:prod", view=r.VERSION_VIEW_BASIC),
                                       metadata=(("authorization", f"Bearer {token}"),) if token else ()
                                       ).SerializeToString()


def checkout(rev: str, work: Path) -> Path:
    """The server package as it was at rev (git archive), to run beside this tree's."""
    out = work / f"code-{rev.replace('/', '_')}"
    out.mkdir()
    archive = subprocess.run(["git", "archive", rev, "server"], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
    return out / "server"


@contextmanager
def server_code(path: Path | None):
    """Servers started in the block import modelreg_server from path (None: this tree's)."""
    saved = os.environ.get("PYTHONPATH")
    if path is not None:
        os.environ["PYTHONPATH"] = str(path) + (os.pathsep + saved if saved else "")
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved


def run(args=None) -> dict:
    """Starts the servers, drives every cell, stops everything; returns machine facts and rows."""
    seconds = getattr(args, "metadata_seconds", None) or 5.0
    backends = tuple(getattr(args, "metadata_backends", None) or ("sqlite",))
    compare = tuple(getattr(args, "metadata_compare", None) or ())
    began = time.monotonic()
    facts = {"started": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "cores": os.cpu_count(),
             "load": os.getloadavg(), "seconds": seconds, "ghz": GHZ_VERSION, "python": platform.python_version()}
    work = Path(tempfile.mkdtemp(prefix="modelreg-bench-metadata-", dir=os.environ.get("BENCH_DIR")))
    cluster, servers, rows = None, [], []
    try:
        exe, proto = ghz(), protoset(work)
        floor = None
        variants = [("this tree", None)] + [(rev, checkout(rev, work)) for rev in compare]
        for backend in backends:
            if backend == "postgresql":
                cluster = cluster or PostgresCluster().start()
            for auth in (False, True):
                for code, path in variants:  # side by side: the same minute's load on each
                    name = f"{backend}-{'auth' if auth else 'open'}-{len(servers)}"
                    db = cluster.new_database() if backend == "postgresql" else None
                    with server_code(path):
                        server, token = start(work, name, auth=auth, db=db)
                    servers.append(server)
                    if floor is None:  # the floor answers what this server answers
                        floor = FloorProcess(first_response(server, token))
                        servers.append(floor)
                        for concurrency in (1, 20):
                            drive(exe, proto, floor, "", "GetVersion", concurrency, min(1.0, seconds), work)
                            row = drive(exe, proto, floor, "", "GetVersion", concurrency, seconds, work)
                            rows.append({"backend": "grpc floor", "code": "", "auth": False, "op": "GetVersion",
                                         "concurrency": concurrency, **row})
                    for op, concurrency in CELLS:
                        drive(exe, proto, server, token, op, concurrency, min(1.0, seconds), work)  # warm-up
                        row = drive(exe, proto, server, token, op, concurrency, seconds, work)
                        rows.append({"backend": backend, "code": code, "auth": auth, "op": op,
                                     "concurrency": concurrency, **row})
                    server.stop()
                    if auth and path is None and backend == "sqlite":
                        facts["stages"] = stages(server, token)
        facts["load_end"] = os.getloadavg()
    finally:
        for server in servers:
            if server.proc and server.proc.poll() is None:
                server.stop()
        if cluster:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    facts["total_s"] = time.monotonic() - began
    return {"facts": facts, "rows": rows}


def report(result: dict) -> None:
    f = result["facts"]
    print(f"\nmetadata: GetVersion by alias and SetAlias driven by ghz {f['ghz']}, one server process each, "
          f"{f['started']}")
    print(f"{f['cores']} cores, load average {f['load'][0]:.2f} at start, {f['load_end'][0]:.2f} at end; "
          f"{f['seconds']:g} s per cell after a warm-up; Python {f['python']}\n")
    print("grpc floor: a grpc.aio server in Python whose GetVersion returns fixed bytes and does nothing "
          "else, in the same run\n")
    header = f"{'backend':<12}{'code':<11}{'auth':<6}{'call':<12}{'conc':>5}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'server CPU us/call':>20}"
    print(header)
    print("-" * len(header))
    for row in result["rows"]:
        print(f"{row['backend']:<12}{row['code'][:10]:<11}{'on' if row['auth'] else 'off':<6}{row['op']:<12}{row['concurrency']:>5}"
              f"{row['rps']:>9.0f}{row['p50_ms']:>9.3f}{row['p99_ms']:>9.3f}{row['errors']:>8}"
              f"{row['server_cpu_us']:>20.0f}")
    for row in result["rows"]:
        if row["first_error"]:
            print(f"first error, {row['backend']} auth {row['auth']} {row['op']} x{row['concurrency']}: "
                  f"{row['first_error']}")
    if f.get("stages"):
        print("\nwhere a GetVersion's server time goes (this tree, SQLite, auth on; each stage timed alone "
              "in a loop, no gRPC; the floor rows above are gRPC's share):")
        for stage, us in f["stages"].items():
            print(f"  {stage:<48}{us:>8.1f} us")
    print(f"section took {f['total_s']:.0f} s")


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--metadata-seconds", type=float, default=5.0)
    parser.add_argument("--metadata-backends", type=lambda s: s.split(","), default=["sqlite"])
    parser.add_argument("--metadata-compare", type=lambda s: s.split(","), default=[],
                        help="git revisions whose server runs beside this tree's (e.g. main)")
    report(run(parser.parse_args()))
