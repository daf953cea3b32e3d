"""The registry-backends section of scripts/bench: GetVersion-by-alias and SetAlias through the real
SDK (`modelreg.Registry`) against real `modelreg serve` processes, on three storage set-ups side
by side in one run:

- sqlite: one server, the embedded default (DATA/registry.db, DATA/blobs);
- postgresql x1: one server on a PostgreSQL database and an S3 prefix (versitygw);
- postgresql x3: three servers on one PostgreSQL database and one S3 prefix, reached as one
  target HOST:PORT,HOST:PORT,HOST:PORT (the SDK's round_robin over the three).

PostgreSQL and versitygw are started here the way the tests start them (conftest's
PostgresCluster and VersityGW, in temporary directories removed afterwards). Each client thread
has a Registry of its own (one channel each, as separate clients would). Every cell (operation x
threads) runs in `rounds` windows of `seconds`, the set-ups taking turns within a round so that
load from other processes on the machine falls on all of them alike.
"""

import os
import platform
import random
import shutil
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import PostgresCluster, ServerProcess, VersityGW  # noqa: E402  (the tests' own services)

from modelreg import Registry  # noqa: E402

MODELS = 8        # models per set-up, each with versions 1 and 2 and the aliases prod and staging
CELLS = (("GetVersion @alias", 1), ("GetVersion @alias", 8), ("SetAlias", 1), ("SetAlias", 4))
SETUPS = ("sqlite", "postgresql x1", "postgresql x3")
MAX_THREADS = max(threads for _, threads in CELLS)


def machine() -> dict:
    """What the figures depend on: cores, CPU model, memory, load average now."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return {"cores": os.cpu_count(), "cpu": cpu, "mem_gib": mem / 2**20, "load": os.getloadavg()}


class Setup:
    """One storage set-up: its servers, the target clients use, and a client per thread."""

    def __init__(self, name: str, servers: list[ServerProcess]):
        self.name, self.servers = name, servers
        self.clients: list[Registry] = []

    @property
    def target(self) -> str:
        """HOST:PORT, or HOST:PORT,HOST:PORT,HOST:PORT for replicas (round_robin in the SDK)."""
        return ",".join(s.address for s in self.servers)

    def prepare(self, work: Path) -> "Setup":
        """Seeds the set-up (its servers started) and connects a client per thread."""
        self.clients = [Registry(self.target, timeout=60) for _ in range(MAX_THREADS)]
        seed(self.clients[0], work / f"model-{uuid.uuid4().hex[:8]}")
        for reg in self.clients:  # connect every channel (to every replica) before measuring
            for _ in self.servers:
                reg.get_version("bench-0:prod")
        return self

    def stop(self) -> None:
        for reg in self.clients:
            reg.close()
        for srv in self.servers:
            if srv.proc and srv.proc.poll() is None:
                srv.stop()


def seed(reg: Registry, path: Path) -> None:
    """MODELS models with two tiny versions each: prod and staging point at version 1."""
    path.mkdir(parents=True)
    for i in range(MODELS):
        for n in (1, 2):
            (path / "config.json").write_text(f'{{"model": {i}, "version": {n}}}')
            reg.push(f"bench-{i}", path, aliases=["prod", "staging"] if n == 1 else ())


def cpu_seconds(pids) -> float:
    """User + system CPU the processes have used so far (those that exited meanwhile count 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


def postgres_pids(cluster: PostgresCluster) -> list[int]:
    """The postmaster and its children (backends, autovacuum, writers) of the cluster."""
    postmaster = int((cluster.dir / "data" / "postmaster.pid").read_text().split()[0])
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                children.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return [postmaster, *children]


def window(setup: Setup, op: str, threads: int, seconds: float, seed_: int, *, pg: list[int]) -> dict:
    """`threads` threads doing `op` as fast as they can for `seconds`: latencies (s), errors, wall,
    and the CPU seconds the client (this process), the set-up's servers and PostgreSQL used."""
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors = [0] * threads
    first_error: list[str] = []
    start = threading.Barrier(threads + 1)
    stop = threading.Event()

    def work(i: int) -> None:
        reg, rng, mine = setup.clients[i], random.Random(seed_ * 100 + i), latencies[i]
        start.wait()
        while not stop.is_set():
            model = f"bench-{rng.randrange(MODELS)}"
            began = time.perf_counter()
            try:
                if op == "SetAlias":
                    reg.set_alias(model, "staging", rng.choice((1, 2)))
                else:
                    reg.get_version(f"{model}:prod")
            except Exception as error:  # counted and shown; a benchmark reports, it does not stop
                errors[i] += 1
                first_error[:] = first_error or [f"{type(error).__name__}: {error}"]
                continue
            mine.append(time.perf_counter() - began)

    pool = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(threads)]
    for t in pool:
        t.start()
    start.wait()
    servers = [srv.proc.pid for srv in setup.servers]
    wall, client, server, database = time.perf_counter(), time.process_time(), cpu_seconds(servers), cpu_seconds(pg)
    time.sleep(seconds)
    stop.set()
    for t in pool:
        t.join()
    wall, client = time.perf_counter() - wall, time.process_time() - client
    server, database = cpu_seconds(servers) - server, cpu_seconds(pg) - database
    return {"latencies": [x for part in latencies for x in part], "errors": sum(errors), "wall": wall,
            "cpu": {"client": client, "server": server, "postgres": database},
            "first_error": first_error[0] if first_error else ""}


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def run(*, seconds: float = 2.0, rounds: int = 3, warmup: float = 1.0) -> dict:
    """Starts the services and the set-ups, measures every cell, stops everything; returns the
    machine facts and one row per set-up and cell."""
    began = time.monotonic()
    facts = machine()
    facts["started"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    work = Path(tempfile.mkdtemp(prefix="modelreg-bench-backends-", dir=os.environ.get("BENCH_DIR")))
    saved_env = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                                                "AWS_EC2_METADATA_DISABLED", "MODELREG_CACHE")}
    cluster = gw = None
    setups: list[Setup] = []
    try:
        os.environ.update(AWS_ACCESS_KEY_ID=VersityGW.ACCESS_KEY, AWS_SECRET_ACCESS_KEY=VersityGW.SECRET_KEY,
                          AWS_EC2_METADATA_DISABLED="true", MODELREG_CACHE=str(work / "scan-cache"))
        cluster = PostgresCluster().start()
        gw = VersityGW(work / "versitygw" / "root").start()
        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            facts["postgres"] = conn.execute("SHOW server_version").fetchone()[0]

        def shared(name: str, count: int) -> Setup:
            db, prefix = cluster.new_database(), f"bench-{uuid.uuid4().hex[:8]}"
            (work / name.replace(" ", "-")).mkdir()
            return Setup(name, [ServerProcess(work / name.replace(" ", "-") / f"replica-{i}", "--db", db,
                                              "--blobs", gw.url(prefix), blobs_root=gw.prefix_root(prefix))
                                for i in range(count)])
        (work / "sqlite").mkdir()
        setups = [Setup("sqlite", [ServerProcess(work / "sqlite" / "data")]),  # the embedded default
                  shared("postgresql x1", 1), shared("postgresql x3", 3)]
        # Every server starts at once (the three replicas migrate their fresh database together,
        # once, under the advisory lock); seeding goes set-up by set-up.
        servers = [srv for s in setups for srv in s.servers]
        with ThreadPoolExecutor(len(servers)) as pool:
            list(pool.map(ServerProcess.start, servers))
        for s in setups:
            s.prepare(work)
        facts["ready_s"] = time.monotonic() - began
        pg = postgres_pids(cluster)  # its pools' backends exist by now
        for s in setups:  # warm-up: first statements, plans, the sequencer's statistics, channels
            for op, threads in CELLS:
                window(s, op, threads, warmup / len(CELLS), seed_=0, pg=pg)
        # What the set-ups use doing nothing (listeners, polling, timers), in CPU % of one core.
        facts["idle"] = {}
        for s in setups:
            idle = window(s, "GetVersion @alias", 0, warmup, seed_=0, pg=postgres_pids(cluster))
            facts["idle"][s.name] = {who: cpu / idle["wall"] * 100 for who, cpu in idle["cpu"].items()}
        results: dict[tuple, list[dict]] = {}
        for cell, (op, threads) in enumerate(CELLS):
            for r in range(rounds):
                for s in setups[r % len(setups):] + setups[:r % len(setups)]:
                    results.setdefault((s.name, op, threads), []).append(
                        window(s, op, threads, seconds, seed_=cell * 10 + r + 1, pg=postgres_pids(cluster)))
        facts["load_end"] = os.getloadavg()
    finally:
        for s in setups:
            s.stop()
        if gw and gw.proc:
            gw.stop()
        if cluster:
            cluster.stop()
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(work, ignore_errors=True)

    rows = []
    for s in SETUPS:
        for op, threads in CELLS:
            runs = results[(s, op, threads)]
            latencies = sorted(x for run_ in runs for x in run_["latencies"])
            rows.append({"setup": s, "op": op, "threads": threads, "ops": len(latencies),
                         "ops_per_s": len(latencies) / sum(run_["wall"] for run_ in runs),
                         "p50_ms": percentile(latencies, 0.5) * 1e3, "p99_ms": percentile(latencies, 0.99) * 1e3,
                         "errors": sum(run_["errors"] for run_ in runs),
                         **{f"{who}_cpu_ms": sum(run_["cpu"][who] for run_ in runs) / max(1, len(latencies)) * 1e3
                            for who in ("client", "server", "postgres")},
                         "first_error": next((run_["first_error"] for run_ in runs if run_["first_error"]), "")})
    facts.update(seconds=seconds, rounds=rounds, warmup=warmup, total_s=time.monotonic() - began)
    return {"facts": facts, "rows": rows}


def report(result: dict) -> None:
    f = result["facts"]
    load = " ".join(f"{x:.2f}" for x in f["load"])
    print(f"\nregistry backends: GetVersion-by-alias and SetAlias through the SDK, {f['started']}")
    print(f"machine: {f['cores']} cores ({f['cpu']}), {f['mem_gib']:.0f} GiB; load average at start {load} "
          f"(1/5/15 min), at end {f['load_end'][0]:.2f}; Python {platform.python_version()}, "
          f"PostgreSQL {f['postgres']} (throwaway cluster, fsync off), versitygw for S3")
    print(f"servers and PostgreSQL on this machine, the clients in this process; {f['rounds']} x {f['seconds']:g} s "
          f"per cell, set-ups taking turns\n")
    print("CPU ms/op: CPU time per completed operation of the clients (this process), of the set-up's "
          "server processes and of PostgreSQL (all its processes; 0 for sqlite)\n")
    header = (f"{'backend':<15}{'replicas':>9}  {'operation':<18}{'threads':>8}{'ops/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
              f"{'errors':>8}  {'CPU ms/op: client':>17}{'server':>8}{'pg':>6}")
    print(header)
    print("-" * len(header))
    for row in result["rows"]:
        backend, _, replicas = row["setup"].partition(" x")
        print(f"{backend:<15}{replicas or '1':>9}  {row['op']:<18}{row['threads']:>8}{row['ops_per_s']:>9.0f}"
              f"{row['p50_ms']:>9.2f}{row['p99_ms']:>9.2f}{row['errors']:>8}  {row['client_cpu_ms']:>17.2f}"
              f"{row['server_cpu_ms']:>8.2f}{row['postgres_cpu_ms']:>6.2f}")
    idle = "; ".join(f"{name} servers {cpu['server']:.1f}%, pg {cpu['postgres']:.1f}%"
                     for name, cpu in f["idle"].items())
    print(f"idle CPU (% of one core, over {f['warmup']:g} s with no calls): {idle}")
    for row in result["rows"]:
        if row["first_error"]:
            print(f"first error, {row['setup']} {row['op']} x{row['threads']}: {row['first_error']}")
    print(f"section took {f['total_s']:.0f} s (services and seeding {f['ready_s']:.0f} s)")
