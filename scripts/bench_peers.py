"""The peers section of scripts/bench (issue 15): modelreg beside the tools a user would pick instead.

- MLflow 3.17.2 (from PyPI, into .bench/mlflow-venv): `mlflow server`, sqlite backend store,
  proxied artifacts in a local directory, on loopback; its client runs in that venv's python
  (scripts/bench_mlflow_client.py). Push = log the directory as a run's artifacts + register a
  version; pull = download models:/name/version.
- ORAS 1.3.6 -> distribution registry 3.1.2 (both `go install`ed into .bench/bin): filesystem
  storage, loopback, plain HTTP, ORAS's defaults (concurrency 5); each file is a layer.
- modelreg: the real server (`modelreg serve`), the SDK in a child process (scripts/bench.py),
  its scan cache empty at the start of each rep (the cold push reads and hashes the model, as
  ORAS's does; the re-push finds the scan there, as a user's second push would). The pull starts
  once the server's background work on the pushes (compression at rest, file sha256s) is done.

Every rep of every tool gets a fresh store and server; reps are interleaved across tools (modelreg,
MLflow, ORAS, modelreg, ...); one rep does cold push, re-push unchanged, push of a variant with 10%
of its tensors changed, and pull into a fresh directory. Figures are medians of the reps; MB/s is
raw model bytes / seconds. Model files are read once before each rep (warm page cache).

Then, on a link limited to 1 Gbit/s (a network namespace and a veth pair shaped by `tc tbf` on both
ends, made and removed here; the server runs inside the namespace, the client outside), push of the
BF16 model with `--compress auto` against `--compress never`.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import bench

ROOT = bench.ROOT
BENCH = ROOT / ".bench"
MLFLOW_VERSION = "3.17.2"
ORAS_MODULE = "oras.land/oras/cmd/oras@v1.3.6"
REGISTRY_MODULE = "github.com/distribution/distribution/v3/cmd/registry@v3.1.2"
TOOLS = ("modelreg", "mlflow", "oras")
TITLES = {"modelreg": "modelreg", "mlflow": f"MLflow {MLFLOW_VERSION}",
          "oras": "ORAS 1.3.6 -> distribution 3.1.2"}
QUIET_ENV = {"MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"}


# Installing the peers into .bench/ (idempotent: a second run reuses them)

def install() -> dict:
    BENCH.mkdir(exist_ok=True)
    venv = BENCH / "mlflow-venv"
    python = venv / "bin" / "python"
    ok = python.exists() and subprocess.run(
        [str(python), "-c", f"import mlflow, sys; sys.exit(mlflow.__version__ != {MLFLOW_VERSION!r})"],
        capture_output=True).returncode == 0
    if not ok:
        print(f"installing MLflow {MLFLOW_VERSION} into {venv} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", f"mlflow=={MLFLOW_VERSION}"], check=True)
    bin_dir = BENCH / "bin"
    for name, module in (("oras", ORAS_MODULE), ("registry", REGISTRY_MODULE)):
        if not (bin_dir / name).exists():
            print(f"installing {module} into {bin_dir} ...", file=sys.stderr)
            subprocess.run(["go", "install", module], check=True, env={**os.environ, "GOBIN": str(bin_dir)})
    return {"mlflow": str(python), "oras": str(bin_dir / "oras"), "registry": str(bin_dir / "registry")}


# Processes: every one started here is stopped in stop_all, also on error, Ctrl-C and SIGTERM

PROCS: list[subprocess.Popen] = []


def start(args: list[str], **kwargs) -> subprocess.Popen:
    proc = subprocess.Popen(args, start_new_session=True, **kwargs)
    PROCS.append(proc)
    return proc


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)  # its own session: mlflow's workers go too
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    if proc in PROCS:
        PROCS.remove(proc)


def stop_all() -> None:
    for proc in list(PROCS):
        stop(proc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, *, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} not ready after {timeout:.0f} s")


def run_timed(args: list[str], **kwargs) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    seconds = time.perf_counter() - started
    if result.returncode:
        raise RuntimeError(f"{' '.join(args[:3])} ... failed:\n{result.stderr[-3000:]}")
    return seconds


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def warm(*dirs: Path) -> None:
    for d in dirs:
        for name in bench.files_of(d):
            with open(name, "rb") as f:
                while f.read(8 << 20):
                    pass


# modelreg's side: the SDK in a child process (bench.child's pattern, these ops)

def push(address: str, model: str, path: str, compress: str | None = None) -> dict:
    from modelreg import Registry
    with Registry(address, timeout=3600) as reg:
        started = time.perf_counter()
        version = reg.push(model, path, **({"compress": compress} if compress else {}))
        return {"seconds": time.perf_counter() - started, "version": version.name}


def resolve(address: str, model: str, version: str, alias: str, calls: int) -> dict:
    from modelreg import Registry
    with Registry(address) as reg:
        reg.set_alias(model, alias, version)
        for _ in range(5):
            reg.get_version(f"{model}:{alias}")
        started = time.perf_counter()
        for _ in range(calls):
            reg.get_version(f"{model}:{alias}")
        return {"mean_ms": (time.perf_counter() - started) / calls * 1000}


def has_compress() -> bool:
    import inspect
    from modelreg import Registry
    return "compress" in inspect.signature(Registry.push).parameters


def child(op: str, *args):
    code = (f"import sys, json; sys.path.insert(0, {str(ROOT / 'scripts')!r}); import bench_peers; "
            f"print(json.dumps(getattr(bench_peers, {op!r})(*{list(args)!r})))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        raise RuntimeError(f"modelreg {op} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def modelreg_server(data: Path, listen: str = "127.0.0.1:0", prefix: list[str] = ()) -> tuple[subprocess.Popen, str]:
    """In the network namespace (prefix) it listens on the veth address: no token, as on loopback."""
    extra = ["--insecure-no-auth"] if prefix else []
    proc = start([*prefix, sys.executable, "-m", "modelreg", "serve", "--data", str(data), "--listen", listen,
                  "--http", "off", *extra],
                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = proc.stdout.readline().decode()
    if "listening on" not in line:
        raise RuntimeError(f"modelreg serve did not start: {line!r}")
    return proc, line.split("listening on")[1].split()[0]


def stored_modelreg(data: Path, address: str) -> float:
    """stored/raw of v1 once the server's background compression at rest (where this build has it) is done."""
    from modelreg import Registry
    with Registry(address, timeout=3600) as reg:
        if hasattr(reg, "compact_chunks"):
            reg.compact_chunks(wait=True)
    return bench.stored_ratio(data, address, "m:v1")


def rep_modelreg(work: Path, tools: dict, model: Path, variant: Path, calls: int) -> dict:
    """The client's scan cache starts empty (MODELREG_CACHE in the rep's directory): the cold push
    reads and hashes the model, as ORAS's does; the re-push finds it there, as a user's would."""
    data = work / "data"
    proc, address = modelreg_server(data)
    previous = os.environ.get("MODELREG_CACHE")
    os.environ["MODELREG_CACHE"] = str(work / "client-cache")
    try:
        out = {"cold": child("push", address, "m", str(model))["seconds"],
               "again": child("push", address, "m", str(model))["seconds"],
               "variant": child("push", address, "m", str(variant))["seconds"]}
        # The server's background work on what was pushed (compression at rest, file sha256s) is
        # waited for first: the pull is of a settled version, as a deploy's pull after evaluation
        # is. A pull racing that work shares the 2 cores with it (docs/transfer.md has both figures).
        out["stored"] = stored_modelreg(data, address)
        out["pull"] = bench.child("pull", address, "m:v1", str(work / "pulled"))["seconds"]
        if calls:
            out["resolve_ms"] = child("resolve", address, "m", "v1", "production", calls)["mean_ms"]
        return out
    finally:
        stop(proc)
        if previous is None:
            os.environ.pop("MODELREG_CACHE", None)
        else:
            os.environ["MODELREG_CACHE"] = previous


# MLflow's side

def mlflow_child(tools: dict, op: str, *args) -> dict:
    result = subprocess.run([tools["mlflow"], str(ROOT / "scripts" / "bench_mlflow_client.py"), op, json.dumps(args)],
                            capture_output=True, text=True, env={**os.environ, **QUIET_ENV}, cwd=ROOT)
    if result.returncode:
        raise RuntimeError(f"mlflow {op} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def rep_mlflow(work: Path, tools: dict, model: Path, variant: Path, calls: int) -> dict:
    port = free_port()
    artifacts = work / "artifacts"
    mlflow = str(Path(tools["mlflow"]).parent / "mlflow")
    proc = start([mlflow, "server", "--backend-store-uri", f"sqlite:///{work / 'mlflow.db'}",
                  "--artifacts-destination", str(artifacts), "--serve-artifacts",
                  "--host", "127.0.0.1", "--port", str(port)],
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=work, env={**os.environ, **QUIET_ENV})
    try:
        uri = f"http://127.0.0.1:{port}"
        wait_http(f"{uri}/health", proc)
        cold = mlflow_child(tools, "push", uri, "m", str(model))
        out = {"cold": cold["seconds"], "stored": du(artifacts) / du(model)}
        out["variant"] = mlflow_child(tools, "push", uri, "m", str(variant))["seconds"]
        out["pull"] = mlflow_child(tools, "pull", uri, "m", cold["version"], str(work / "pulled"))["seconds"]
        if calls:
            out["resolve_ms"] = mlflow_child(tools, "resolve", uri, "m", cold["version"], "production", calls)["mean_ms"]
        return out
    finally:
        stop(proc)


# ORAS -> distribution's side

REGISTRY_CONFIG = """version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: {root}
http:
  addr: 127.0.0.1:{port}
"""


def rep_oras(work: Path, tools: dict, model: Path, variant: Path, calls: int) -> dict:
    port = free_port()
    root = work / "registry"
    config = work / "registry.yml"
    config.write_text(REGISTRY_CONFIG.format(root=root, port=port))
    proc = start([tools["registry"], "serve", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_http(f"http://127.0.0.1:{port}/v2/", proc)
        repo = f"localhost:{port}/bench/m"

        def oras_push(tag: str, path: Path) -> float:
            files = [os.path.relpath(f, path) for f in bench.files_of(path)]
            return run_timed([tools["oras"], "push", "--plain-http", f"{repo}:{tag}", *files], cwd=path)
        out = {"cold": oras_push("v1", model), "stored": du(root) / du(model)}
        out["again"] = oras_push("v2", model)
        out["variant"] = oras_push("v3", variant)
        out["pull"] = run_timed([tools["oras"], "pull", "--plain-http", f"{repo}:v1", "-o", str(work / "pulled")])
        return out
    finally:
        stop(proc)


REPS = {"modelreg": rep_modelreg, "mlflow": rep_mlflow, "oras": rep_oras}


# The table (pure: tested in tests/test_bench_peers.py)

ROWS = (("cold", "cold push"), ("again", "re-push, unchanged"), ("variant", "push, 10% of tensors changed"),
        ("pull", "pull"), ("stored", "stored / raw"), ("resolve_ms", "resolve m:production (SDK, mean)"),
        ("ghz", "server throughput, GetVersion by alias (ghz, 20 concurrent)"))


def median_of(reps: list[dict], key: str) -> float | None:
    values = [r[key] for r in reps if r.get(key) is not None]
    if values and isinstance(values[0], str):
        return values[0]
    return statistics.median(values) if values else None


def cell(key: str, value: float | None, ours: float | None, size: int) -> str:
    """One figure, and for a peer its ratio: how many times modelreg does better (faster, or smaller)."""
    if value is None:
        return "—"
    if key == "ghz":
        return value  # already a text: req/s and p50, modelreg's alone
    if key == "stored":
        text = f"{value:.2f}"
        better = value / ours if ours else None
    elif key == "resolve_ms":
        text = f"{value:.2f} ms"
        better = value / ours if ours else None
    else:
        text = f"{size / value / 1e6:,.0f} MB/s"
        better = value / ours if ours else None  # seconds: theirs / ours
    return text if ours is None or better is None else f"{text} ({better:.2f}x)"


def table(results: list[tuple[str, int | None, dict]]) -> list[str]:
    """results: (model label, raw bytes or None for metadata, {tool: [rep dicts]}) -> printed lines."""
    head = ["model", "op", *(TITLES[t] for t in TOOLS)]
    rows = []
    for label, size, by_tool in results:
        first = True
        for key, name in ROWS:
            medians = {t: median_of(by_tool.get(t, []), key) for t in TOOLS}
            if all(v is None for v in medians.values()):
                continue
            ours = medians["modelreg"]
            rows.append([("" if not first else f"{label}, {size / 1e6:,.1f} MB" if size else label), name,
                         cell(key, ours, None, size),
                         *(cell(key, medians[t], ours, size) for t in TOOLS[1:])])
            first = False
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in [head, *rows]]


def compress_line(auto: list[float], never: list[float], size: int) -> str:
    a, n = statistics.median(auto), statistics.median(never)
    gain = n / a - 1  # speed of auto over speed of never, minus one
    verdict = f"auto {gain:.0%} faster" if gain >= 0 else f"auto {-gain:.0%} slower"
    return (f"BF16 push on a 1 Gbit/s link (median of {len(auto)}): --compress auto {size / a / 1e6:,.0f} MB/s, "
            f"--compress never {size / n / 1e6:,.0f} MB/s; {verdict} (target: auto >= 15% faster)")


# The 1 Gbit/s link

NETNS_HOST, NETNS_PEER = "10.215.15.1", "10.215.15.2"  # on the veth pair made here, nowhere else


def netns_unavailable() -> str | None:
    if os.geteuid() != 0:
        return "needs root"
    missing = [tool for tool in ("ip", "tc") if not shutil.which(tool)]
    return f"needs iproute2 ({', '.join(missing)} not found)" if missing else None


def remove_stale_links() -> None:
    """Namespaces an earlier run left (a bench killed with SIGKILL): mrbench<pid> whose pid is gone."""
    listed = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout.split()
    for name in listed:
        if name.startswith("mrbench") and name[7:].isdigit() and not Path(f"/proc/{name[7:]}").exists():
            subprocess.run(["ip", "netns", "del", name], capture_output=True)  # its veth pair goes with it


@contextlib.contextmanager
def shaped_link(rate: str = "1gbit"):
    """A network namespace joined to this one by a veth pair, tbf-shaped both ways; yields its name."""
    remove_stale_links()
    tag = f"{os.getpid() % 100000}"  # interface names have at most 15 characters
    ns, host_if, ns_if = f"mrbench{os.getpid()}", f"mrbh{tag}", f"mrbn{tag}"

    def ip(*args, netns=None):
        prefix = ["ip", "netns", "exec", netns] if netns else []
        subprocess.run([*prefix, *args], check=True, capture_output=True)
    subprocess.run(["ip", "netns", "add", ns], check=True, capture_output=True)
    try:
        ip("ip", "link", "add", host_if, "type", "veth", "peer", "name", ns_if)
        ip("ip", "link", "set", ns_if, "netns", ns)
        ip("ip", "addr", "add", f"{NETNS_HOST}/30", "dev", host_if)
        ip("ip", "link", "set", host_if, "up")
        ip("ip", "addr", "add", f"{NETNS_PEER}/30", "dev", ns_if, netns=ns)
        ip("ip", "link", "set", ns_if, "up", netns=ns)
        ip("ip", "link", "set", "lo", "up", netns=ns)
        shape = ["root", "tbf", "rate", rate, "burst", "1mb", "latency", "50ms"]
        ip("tc", "qdisc", "add", "dev", host_if, *shape)
        ip("tc", "qdisc", "add", "dev", ns_if, *shape, netns=ns)
        yield ns
    finally:
        subprocess.run(["ip", "link", "del", host_if], capture_output=True)
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)


SINK = """import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((sys.argv[1], 0)); s.listen(1)
print(s.getsockname()[1], flush=True)
c, _ = s.accept()
while c.recv(1 << 20):
    pass
c.sendall(b"k")
"""


def link_mbps(ns: str, megabytes: int = 256) -> float:
    """Plain TCP over the shaped link (no gRPC, no hashing): what the link itself carries."""
    sink = start(["ip", "netns", "exec", ns, sys.executable, "-c", SINK, NETNS_PEER], stdout=subprocess.PIPE)
    try:
        port = int(sink.stdout.readline())
        block = b"\0" * (1 << 20)
        with socket.create_connection((NETNS_PEER, port), timeout=60) as c:
            started = time.perf_counter()
            for _ in range(megabytes):
                c.sendall(block)
            c.shutdown(socket.SHUT_WR)
            c.recv(1)
            return megabytes * (1 << 20) / (time.perf_counter() - started) / 1e6
    finally:
        stop(sink)


def compress_on_link(work: Path, model: Path, reps: int) -> str:
    if reason := netns_unavailable():
        return f"1 Gbit/s link: skipped ({reason})"
    if not has_compress():
        return "1 Gbit/s link: n/a: this build has no --compress"
    size = du(model)
    times = {"auto": [], "never": []}
    with shaped_link() as ns:
        raw = link_mbps(ns)
        for rep in range(reps):
            for mode in times:
                warm(model)
                data = work / f"link-{mode}-{rep}"
                proc, address = modelreg_server(data, f"{NETNS_PEER}:0", ["ip", "netns", "exec", ns])
                try:
                    times[mode].append(child("push", address, "m", str(model), mode)["seconds"])
                finally:
                    stop(proc)
                    shutil.rmtree(data, ignore_errors=True)
    return f"{compress_line(times['auto'], times['never'], size)}\n(plain TCP over that link: {raw:,.0f} MB/s)"


# The run

def metadata_throughput() -> str | None:
    """The ghz figure of scripts/bench_metadata.py (the metadata section), where that module exists."""
    if not (ROOT / "scripts" / "bench_metadata.py").exists():
        return None
    import argparse
    import bench_metadata
    result = bench_metadata.run(argparse.Namespace(metadata_seconds=3.0, metadata_backends=["sqlite"]))
    row = next(r for r in result["rows"] if r["op"] == "GetVersion" and r["concurrency"] == 20 and not r["auth"])
    return f"{row['rps']:,.0f} req/s, p50 {row['p50_ms']:.1f} ms"


def models(work: Path, size_gb: float) -> list[tuple[str, Path]]:
    out = [("all-MiniLM-L6-v2, FP32", bench.minilm_dir())]
    if size_gb > 0:
        fp32 = work / "large-fp32"
        print(f"generating a {size_gb:g} GiB BF16 safetensors model ...", file=sys.stderr)
        bench.generate_large(fp32, int(size_gb * 2**31))  # FP32 of twice the size, then halved
        bench.bf16_copy(fp32, work / "large-bf16")
        shutil.rmtree(fp32)
        out.append(("generated BF16 safetensors", work / "large-bf16"))
    return out


def run(*, reps: int = 3, size_gb: float = 1.0, skip_netns: bool = False, resolve_calls: int = 200) -> None:
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the finally blocks clean up
    work = Path(tempfile.mkdtemp(prefix="modelreg-bench-peers-", dir=os.environ.get("BENCH_DIR")))
    try:
        tools = install()
        results, link = [], None
        for index, (label, path) in enumerate(models(work, size_gb)):
            variant = work / f"variant-{index}"
            bench.fine_tune(path, variant)
            by_tool = {t: [] for t in TOOLS}
            for rep in range(reps):
                for tool in TOOLS:
                    print(f"{label}: {tool} rep {rep + 1}/{reps} ...", file=sys.stderr)
                    warm(path, variant)
                    rep_dir = work / f"{tool}-{index}-{rep}"
                    rep_dir.mkdir()
                    try:
                        by_tool[tool].append(REPS[tool](rep_dir, tools, path, variant, resolve_calls if index == 0 else 0))
                    finally:
                        shutil.rmtree(rep_dir, ignore_errors=True)
            if index == 0:  # the resolve figures go to their own group, as in the table
                results.append(("metadata", None, {t: [{"resolve_ms": r.pop("resolve_ms")} for r in reps
                                                       if "resolve_ms" in r] for t, reps in by_tool.items()}))
            results.insert(index, (label, du(path), by_tool))
            if index == 1 and not skip_netns:
                link = compress_on_link(work, path, reps)
            shutil.rmtree(variant)
        try:
            ghz = metadata_throughput()
        except Exception as e:  # optional figure: the table stands without it
            ghz = None
            print(f"ghz figure skipped: {type(e).__name__}: {str(e)[:300]}", file=sys.stderr)
        if ghz:
            results[-1][2]["modelreg"].append({"ghz": ghz})
        print(f"\nmodelreg beside its peers ({os.cpu_count()} cores, loopback, warm page cache, fresh stores, "
              f"median of {reps} interleaved reps; (Nx) = how many times modelreg is better)\n")
        print("\n".join(table(results)))
        if link:
            print(f"\n{link}")
        elif skip_netns:
            print("\n1 Gbit/s link: skipped (--skip-netns)")
        elif size_gb <= 0:
            print("\n1 Gbit/s link: skipped (no BF16 model: --peers-size-gb 0)")
    finally:
        stop_all()
        shutil.rmtree(work, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)
