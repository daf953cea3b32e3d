"""Fixtures: a real modelreg server in a subprocess on a loopback port with a real data directory,
the real SDK and the real CLI talking to it."""

import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from modelreg import Registry

ROOT = Path(__file__).resolve().parent.parent


class ServerProcess:
    """`modelreg serve` in a subprocess; restartable on the same port and data directory.

    Its storage is the test run's backend (the `storage_backend` fixture): DATA/registry.db and DATA/blobs,
    or a fresh PostgreSQL database of the run's cluster and a fresh prefix of its versitygw, unless
    the arguments name a --db or --blobs of their own."""

    def __init__(self, data: Path, *args: str, blobs_root: Path | None = None):
        self.data = data
        # No dashboard unless a test asks for one: test servers must not race for its default port.
        self.args = list(args) if "--http" in args else [*args, "--http", "off"]
        self.db_url = None
        if "--db" not in self.args:
            extra, self.db_url, blobs_root = _backend.storage_args(blobs_given="--blobs" in self.args or blobs_root,
                                                                  blobs_root=blobs_root)
            self.args = extra + self.args
        elif (i := self.args.index("--db")) + 1 < len(self.args):
            self.db_url = self.args[i + 1]
        # The directory holding chunks/ and quarantine/: DATA/blobs, or the bucket prefix's
        # directory inside versitygw's root for a server started with --blobs s3://...
        self.blobs_root = blobs_root or data / "blobs"
        STORAGE[Path(data)] = (self.db_url, self.blobs_root)
        self.port = 0
        self.proc = None
        self.log = data.parent / f"{data.name}.log"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> "ServerProcess":
        log = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "modelreg", "serve", "--data", str(self.data), "--listen", f"127.0.0.1:{self.port}",
             *self.args],
            stdout=subprocess.PIPE, stderr=log, cwd=ROOT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline().decode()
            if match := re.search(r"listening on [0-9.]+:(\d+)", line):
                self.port = int(match.group(1))
                return self
            if self.proc.poll() is not None:
                break
        raise RuntimeError(f"server did not start; see {self.log}:\n{self.log.read_text()[-2000:]}")

    def stop(self, sig=signal.SIGTERM, timeout: float = 20) -> int:
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout)
        self.proc.stdout.close()
        return code

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    def restart(self) -> "ServerProcess":
        if self.proc and self.proc.poll() is None:
            self.stop()
        return self.start()


class Backend:
    """Where the servers of the tests store things: "sqlite" (registry.db and blobs in the data
    directory, the embedded default) or "postgresql" (a PostgreSQL database of the run's cluster
    and an S3 prefix of the run's versitygw, as replicas would)."""

    def __init__(self, name: str, postgres=None, gw=None):
        self.name, self.postgres, self.gw = name, postgres, gw

    def storage_args(self, *, blobs_given, blobs_root):
        """(extra serve arguments, --db URL or None, blobs root) of a new server."""
        if self.name == "sqlite":
            return [], None, blobs_root
        db = self.postgres.new_database()
        args = ["--db", db]
        if not blobs_given:
            prefix = f"t-{uuid.uuid4().hex[:12]}"
            args += ["--blobs", self.gw.url(prefix)]
            blobs_root = self.gw.prefix_root(prefix)
        return args, db, blobs_root


_backend = Backend("sqlite")
STORAGE: dict[Path, tuple] = {}  # data directory -> (--db URL or None, blobs root), for data_state

# The test modules whose every test runs on each backend: those whose behaviour depends on the
# storage underneath (the others run on the embedded default only).
BACKEND_SENSITIVE = {
    "test_models", "test_versions", "test_aliases", "test_lineage", "test_events", "test_follow", "test_transfer",
    "test_repair", "test_gc", "test_webhooks", "test_access", "test_conformance", "test_bad_input",
    "test_search", "test_event_filters", "test_web_compare", "test_web_pages", "test_web_sessions",
}
BACKENDS = ["sqlite", "postgresql"]


def pytest_addoption(parser):
    parser.addoption("--backends", default=",".join(BACKENDS),
                     help="backends to run the backend-sensitive tests on (default: %(default)s)")


def pytest_generate_tests(metafunc):
    if "storage_backend" in metafunc.fixturenames:
        module = metafunc.module.__name__.rsplit(".", 1)[-1]
        chosen = metafunc.config.getoption("--backends").split(",")
        params = [b for b in BACKENDS if b in chosen] if module in BACKEND_SENSITIVE else ["sqlite"]
        metafunc.parametrize("storage_backend", params, indirect=True, scope="session")


@pytest.fixture(scope="session", autouse=True)
def storage_backend(request):
    """The backend the servers of this test store things in (Backend); set for every test."""
    global _backend
    name = getattr(request, "param", "sqlite")
    if name == "postgresql":
        _backend = Backend(name, request.getfixturevalue("postgres"), request.getfixturevalue("versitygw"))
    else:
        _backend = Backend(name)
    yield _backend
    _backend = Backend("sqlite")


class VersityGW:
    """versitygw (installed by scripts/install-versitygw) serving a directory on a loopback port:
    the real S3-compatible server the S3 chunk store is tested against. Its posix backend keeps
    each object as a plain file, root/BUCKET/KEY, so tests can damage a stored chunk on S3 as they
    do on the file store."""

    ACCESS_KEY = "modelreg-test"
    SECRET_KEY = "modelreg-test-secret"
    BUCKET = "modelreg-test"
    REGION = "us-east-1"

    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.proc = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, prefix: str) -> str:
        return f"s3://{self.BUCKET}/{prefix}?endpoint={self.endpoint}&region={self.REGION}"

    def prefix_root(self, prefix: str) -> Path:
        return self.root / self.BUCKET / prefix

    def client(self):
        import boto3
        from botocore.config import Config
        return boto3.client("s3", endpoint_url=self.endpoint, region_name=self.REGION,
                            aws_access_key_id=self.ACCESS_KEY, aws_secret_access_key=self.SECRET_KEY,
                            config=Config(s3={"addressing_style": "path"}))

    def start(self) -> "VersityGW":
        binary = ROOT / ".tools" / "bin" / "versitygw"
        subprocess.run([str(ROOT / "scripts" / "install-versitygw")], check=True)  # a no-op once installed
        self.root.mkdir(parents=True, exist_ok=True)
        log = open(self.root.parent / "versitygw.log", "ab")
        self.proc = subprocess.Popen(
            [str(binary), "--access", self.ACCESS_KEY, "--secret", self.SECRET_KEY, "--region", self.REGION,
             "--port", f"127.0.0.1:{self.port}", "--quiet", "posix", str(self.root)],
            stdout=log, stderr=log)
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"versitygw did not start; see {self.root.parent / 'versitygw.log'}")
                time.sleep(0.05)
        self.client().create_bucket(Bucket=self.BUCKET)
        return self

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(20)


@pytest.fixture(scope="session")
def versitygw(tmp_path_factory):
    """One versitygw for the session; each user takes a prefix of its own in its bucket. Servers
    started meanwhile find its credentials in the usual AWS environment variables."""
    gw = VersityGW(tmp_path_factory.mktemp("versitygw") / "root").start()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AWS_ACCESS_KEY_ID", gw.ACCESS_KEY)
        env.setenv("AWS_SECRET_ACCESS_KEY", gw.SECRET_KEY)
        env.setenv("AWS_EC2_METADATA_DISABLED", "true")
        yield gw
    gw.stop()


BLOBS_BACKENDS = ["file", "s3"]


def blobs_server(request, data: Path, *args: str) -> ServerProcess:
    """A (not yet started) server on `data` with its chunks in the backend request.param names:
    "file" (DATA/blobs) or "s3" (a fresh prefix of the session's versitygw)."""
    if request.param == "file":
        return ServerProcess(data, *args, blobs_root=data / "blobs")
    gw = request.getfixturevalue("versitygw")
    prefix = f"t-{uuid.uuid4().hex[:12]}"
    return ServerProcess(data, "--blobs", gw.url(prefix), *args, blobs_root=gw.prefix_root(prefix))


@pytest.fixture(params=BLOBS_BACKENDS)
def store_server(request, tmp_path):
    """own_server, once per chunk store backend (BLOBS_BACKENDS)."""
    srv = blobs_server(request, tmp_path / "data").start()
    yield srv
    if srv.proc.poll() is None:
        srv.stop()


@pytest.fixture(scope="session", autouse=True)
def scan_cache(tmp_path_factory):
    """The SDK's scan cache lives in a directory of this test run, never in ~/.cache."""
    os.environ["MODELREG_CACHE"] = str(tmp_path_factory.mktemp("scan-cache"))


# Webhook receivers in tests listen on loopback, which servers refuse as a target unless allowed.
LOOPBACK_WEBHOOKS = ("--webhook-allow", "127.0.0.1")


@pytest.fixture(scope="session")
def server(tmp_path_factory, storage_backend):
    """One server shared by the tests that do not restart it; tests use their own model names."""
    srv = ServerProcess(tmp_path_factory.mktemp("shared") / "data", *LOOPBACK_WEBHOOKS).start()
    yield srv
    srv.stop()


@pytest.fixture
def own_server(tmp_path):
    """A server of this test alone, for tests that kill or restart it."""
    srv = ServerProcess(tmp_path / "data").start()
    yield srv
    if srv.proc.poll() is None:
        srv.stop()


class Secured:
    """A server started with --auth, its bootstrapped admin, and one principal per role with a token."""

    ROLES = ("viewer", "editor", "maintainer", "admin")

    def __init__(self, server: ServerProcess):
        from modelreg_server.app import bootstrap
        self.server = server
        _, self.admin_token = bootstrap(server.data, "root", db_url=server.db_url)
        self.tokens = {"root": self.admin_token}
        with self.client("root") as admin:
            admin.create_principal("nobody")
            self.tokens["nobody"] = admin.create_token("nobody")[1]
            for role in self.ROLES:
                admin.create_principal(role, kind="service_account" if role == "editor" else "user")
                admin.grant_role(role, role)
                self.tokens[role] = admin.create_token(role)[1]

    def client(self, who: str | None, **kwargs) -> Registry:
        """A client with the token of `who` (a principal above, or "root", the bootstrapped admin);
        with None, a client without a token."""
        token = self.tokens[who] if who in self.tokens else who
        return Registry(self.server.address, token=token, timeout=30, **kwargs)


@pytest.fixture(scope="module")
def secured(tmp_path_factory, storage_backend):
    srv = ServerProcess(tmp_path_factory.mktemp("secured") / "data", "--auth", *LOOPBACK_WEBHOOKS).start()
    yield Secured(srv)
    srv.stop()


@pytest.fixture
def registry(server):
    with Registry(server.address, timeout=30) as reg:
        yield reg


_counter = iter(range(10**9))


@pytest.fixture
def model(request) -> str:
    """A model name unique to this test."""
    base = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:100]
    return f"{base}-{next(_counter)}"


def replay(registry: Registry, *, after: int = 0, **filters) -> list:
    """The stored events after `after` matching the filters, up to the current head."""
    from google.protobuf.duration_pb2 import Duration
    from modelreg.v1 import event_service_pb2 as ev
    head = registry.event_head()
    request = ev.WatchRequest(after_sequence=after, progress_interval=Duration(nanos=200_000_000), **filters)
    events = []
    call = registry.events.Watch(request, timeout=30)
    try:
        for response in call:
            if response.HasField("event"):
                events.append(response.event)
            elif response.progress.head_sequence >= head:
                return events
    finally:
        call.cancel()
    raise AssertionError("watch ended before reaching the head")


def wait_until(condition, timeout: float = 60, what: str = "condition"):
    """Polls until condition() is truthy and returns its value; fails after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)
    return result


def write_tree(root: Path, files: dict) -> Path:
    """Creates files from {relative path: bytes or (bytes, mode)}."""
    for rel, content in files.items():
        data, mode = content if isinstance(content, tuple) else (content, 0o644)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.chmod(mode)
    return root


@pytest.fixture
def model_dir(tmp_path) -> Path:
    """A small model directory: nested folders, an executable, an empty file, some weights."""
    return write_tree(tmp_path / "model", {
        "config.json": b'{"hidden": 64}\n',
        "weights.bin": os.urandom(700_000) + bytes(300_000),
        "tokenizer/vocab.txt": b"\n".join(b"tok%d" % i for i in range(5000)),
        "scripts/serve.sh": (b"#!/bin/sh\necho serving\n", 0o755),
        "empty.txt": b"",
    })


def tree(root: Path) -> dict:
    """{relative path: (bytes, mode)} of every file under root, to compare two directories."""
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mode & 0o777)
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def cli(server):
    """Runs the real `modelreg` command against the shared server."""
    def run(*args, check=True, input=None, timeout=60):
        env = {**os.environ, "MODELREG_SERVER": server.address}
        result = subprocess.run([sys.executable, "-m", "modelreg", *map(str, args)], capture_output=True,
                                text=True, env=env, input=input, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"modelreg {' '.join(map(str, args))} failed ({result.returncode}):\n"
                                 f"{result.stdout}\n{result.stderr}")
        return result
    return run


class Receiver:
    """A real HTTP server on loopback that records every POST (webhook receivers in tests).

    `status` is what it answers; with `hang` set, each request waits for `release` (or 60 s)
    before answering; `delay` slows every answer. Start it on a given port to bring a target
    that was down up. Each request records its arrival `time`, the sender's `client` address (a
    connection's) and `concurrent`: how many requests (itself included) were being answered when
    it arrived."""

    def __init__(self, port: int = 0):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.requests: list[dict] = []
        self.lock = threading.Lock()
        self.in_flight = 0
        self.status = 200
        self.delay = 0.0
        self.hang = False
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with receiver.lock:
                    receiver.in_flight += 1
                    receiver.requests.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                              "body": body, "time": time.time(), "concurrent": receiver.in_flight,
                                              "client": self.client_address})
                if receiver.hang:
                    receiver.release.wait(60)
                if receiver.delay:
                    time.sleep(receiver.delay)
                with receiver.lock:
                    receiver.in_flight -= 1  # before the answer: the sender's next request may follow it at once
                status = receiver.status
                reply = b"ok" if status < 300 else b"receiver says no"
                self.send_response(status)
                self.send_header("content-length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> "Receiver":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def received(self) -> list[dict]:
        with self.lock:
            return list(self.requests)


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def receiver():
    rec = Receiver().start()
    yield rec
    rec.stop()


# Webhook delivery tuned for tests: quick retries, many attempts; FAST_WEBHOOKS also allows the
# receivers on 127.0.0.1.
FAST_RETRIES = ("--webhook-backoff", "0.05", "--webhook-backoff-max", "0.3", "--webhook-attempts", "100",
                "--webhook-timeout", "5")
FAST_WEBHOOKS = (*FAST_RETRIES, *LOOPBACK_WEBHOOKS)


@pytest.fixture
def hook_server(tmp_path):
    """A server of this test alone with quick webhook retries; `hook_server.args` can be changed
    before `restart()`."""
    srv = ServerProcess(tmp_path / "data", *FAST_WEBHOOKS).start()
    yield srv
    if srv.proc.poll() is None:
        srv.stop()


@pytest.fixture(scope="module")
def shared_hook_server(tmp_path_factory):
    """A server with quick webhook retries shared by a module's tests (each uses its own models)."""
    srv = ServerProcess(tmp_path_factory.mktemp("hooks") / "data", *FAST_WEBHOOKS).start()
    yield srv
    srv.stop()


# Queues the server's background work drains on its own clock (compaction.py compresses stored
# chunks every few seconds): their counts move while a test runs whatever a request did.
BACKGROUND_QUEUES = {"chunk_compaction"}


def data_state(data: Path) -> dict:
    """Everything a refused request must leave alone in a data directory: the row count of every
    table but the background queues, the stored chunk files and the event head. Read beside the
    running server (WAL), in whichever backend the server of that data directory stores things."""
    db_url, blobs_root = STORAGE.get(Path(data), (None, data / "blobs"))
    if db_url and db_url.startswith("postgresql"):
        import psycopg
        with psycopg.connect(db_url, autocommit=True) as conn:
            tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                                 "ORDER BY tablename")]
            rows = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables
                    if t not in BACKGROUND_QUEUES}
            head = conn.execute("SELECT coalesce(max(sequence), 0) FROM events").fetchone()[0]
    else:
        import sqlite3
        conn = sqlite3.connect(f"file:{data / 'registry.db'}?mode=ro", uri=True, timeout=30)
        try:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                 "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            rows = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables
                    if t not in BACKGROUND_QUEUES}
            head = conn.execute("SELECT coalesce(max(sequence), 0) FROM events").fetchone()[0]
        finally:
            conn.close()
    chunks = sorted(p.name for p in (blobs_root / "chunks").rglob("*") if p.is_file())
    return {"rows": rows, "chunks": chunks, "event_head": head}


def stored_chunk(blobs_root: Path, digest: str) -> Path:
    """The file holding a stored chunk: in a file chunk store (layout 2: chunks/ab/<digest>), or
    versitygw's file for the S3 object (layout 1 of S3 keys: chunks/ab/cd/<digest>), as the store's
    own layout file says."""
    layout = json.loads((Path(blobs_root) / "layout").read_text())["version"]
    return Path(blobs_root) / "chunks" / digest[:2] / (digest if layout == 2 else digest[2:4] + "/" + digest)


def stored_bytes(server: ServerProcess) -> bytes:
    """Everything a server's metadata holds, as bytes: the SQLite files, or every row of every
    PostgreSQL table as text."""
    if server.db_url and server.db_url.startswith("postgresql"):
        import psycopg
        with psycopg.connect(server.db_url, autocommit=True) as conn:
            tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            return "\n".join(repr(row) for t in tables for row in conn.execute(f'SELECT * FROM "{t}"')).encode()
    return b"".join(p.read_bytes() for p in server.data.iterdir() if p.name.startswith("registry.db"))


def metadata_connection(data: Path):
    """A DB-API connection to the metadata of a data directory's server (SQLite or PostgreSQL),
    with `?` placeholders either way; closes on exit and commits what it wrote."""
    import contextlib
    import sqlite3
    db_url, _ = STORAGE.get(Path(data), (None, None))

    @contextlib.contextmanager
    def opened():
        if db_url and db_url.startswith("postgresql"):
            import psycopg
            from modelreg_server.pg_store import PgConnection
            with psycopg.connect(db_url, autocommit=True) as conn:
                yield PgConnection(conn)
        else:
            from modelreg_server.sqlite_store import SqliteConnection
            conn = sqlite3.connect(data / "registry.db", timeout=30, isolation_level=None)
            try:
                yield SqliteConnection(conn)
            finally:
                conn.close()
    return opened()


def chunk_leases(data: Path) -> dict:
    """digest -> expire time (microseconds) of the chunk leases in a data directory's registry."""
    with metadata_connection(data) as db:
        return {r["digest"]: r["expire_time"] for r in db.rows("SELECT digest, expire_time FROM chunk_leases")}


def set_chunk_leases(data: Path, expire_time: int, *, removing_since: int = 0) -> None:
    """Moves the expiry of every chunk lease in a data directory's registry, as time passing would
    (0: expired long ago); with removing_since, as a gc claiming them then would. Written beside
    the running server, as a `sqlite3` shell would."""
    with metadata_connection(data) as db:
        db.run("UPDATE chunk_leases SET expire_time = ?, removing_since = ?", [expire_time, removing_since])


class PostgresCluster:
    """A throwaway PostgreSQL cluster of the test run: initdb in a temporary directory, pg_ctl on a
    free loopback port, its unix socket inside that directory, fsync off (nothing in it outlives
    the run). initdb refuses root, so as root the cluster belongs to the `postgres` system user of
    Debian's package (created if missing) and its commands run through runuser."""

    def __init__(self):
        import tempfile
        root = Path(__file__).resolve().parent.parent
        self.bin = Path(subprocess.run([str(root / "scripts" / "install-postgres")], check=True,
                                       capture_output=True, text=True).stdout.strip())
        self.dir = Path(tempfile.mkdtemp(prefix="modelreg-pg-"))
        self.port = free_port()
        self.user = "postgres"
        self.as_owner: list[str] = []
        if os.geteuid() == 0:
            if subprocess.run(["id", "-u", self.user], capture_output=True).returncode != 0:
                subprocess.run(["useradd", "--system", "--no-create-home", self.user], check=True)
            self.as_owner = ["runuser", "-u", self.user, "--"]
            import shutil
            shutil.chown(self.dir, user=self.user)
        else:
            import getpass
            self.user = getpass.getuser()
        self.databases = 0

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_owner, *args], check=True, capture_output=True, cwd=self.dir)

    def start(self) -> "PostgresCluster":
        data = str(self.dir / "data")
        self._run(str(self.bin / "initdb"), "-D", data, "-U", self.user, "-A", "trust", "-E", "UTF8",
                  "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run(str(self.bin / "pg_ctl"), "-D", data, "-l", str(self.dir / "log"), "-o", options, "-w", "start")
        return self

    def stop(self) -> None:
        import shutil
        subprocess.run([*self.as_owner, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast",
                        "-w", "stop"], capture_output=True, cwd=self.dir)
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """Creates an empty database and returns its URL."""
        import psycopg
        self.databases += 1
        name = f"test_{self.databases}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def postgres():
    """The run's PostgreSQL cluster (started on first use, stopped at the end)."""
    cluster = PostgresCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module")
def pg_url(postgres) -> str:
    """`postgresql://USER@127.0.0.1:PORT/DB` of an empty database for this test module."""
    return postgres.new_database()


class Replicas:
    """`count` `modelreg serve` replicas on loopback ports, reached as one target. Each has a data
    directory of its own (root/replica-N); `storage` holds the flags every replica gets, e.g. a
    shared `--db URL --blobs URL` once replicas can share a database. Without shared storage each
    replica keeps its own registry, so a test must not expect one to see another's writes."""

    def __init__(self, root: Path, count: int, *args: str, storage: tuple = (), blobs_root: Path | None = None):
        root.mkdir(parents=True, exist_ok=True)
        self.servers = [ServerProcess(root / f"replica-{i}", *storage, *args, blobs_root=blobs_root)
                        for i in range(count)]

    def start(self) -> "Replicas":
        for srv in self.servers:
            srv.start()
        return self

    @property
    def target(self) -> str:
        """HOST:PORT,HOST:PORT,...: the SDK and CLI turn it into an ipv4: target."""
        return ",".join(srv.address for srv in self.servers)

    def client(self, i: int, **kwargs) -> Registry:
        """A client of replica i alone."""
        return Registry(self.servers[i].address, timeout=30, **kwargs)

    @property
    def grpc_target(self) -> str:
        """gRPC's own form of the same target."""
        return "ipv4:" + self.target

    def stop(self) -> None:
        for srv in self.servers:
            if srv.proc and srv.proc.poll() is None:
                srv.stop()


@pytest.fixture
def replicas(tmp_path):
    """Starts Replicas(tmp_path, count, *args, storage=...) for this test; stops them after it."""
    started = []

    def start(count: int, *args: str, **kwargs) -> Replicas:
        group = Replicas(tmp_path / f"group-{len(started)}", count, *args, **kwargs)
        started.append(group)
        return group.start()
    yield start
    for group in started:
        group.stop()


def twin_digest_trees(tmp_path, hex_digits: int = 6):
    """Two one-file trees whose version digests share their first hex_digits hex digits: a
    birthday search over contents (a few thousand hashes for 6 digits)."""
    import hashlib
    from types import SimpleNamespace
    from modelreg.manifest import CHUNK_TREE, manifest_digest, tree_digest
    from modelreg.transfer import scan
    mode = scan(write_tree(tmp_path / "probe", {"w.txt": b"probe"}))[0].mode
    seen = {}
    for i in range(1_000_000):
        content = b"twin %d" % i
        tree = tree_digest([(hashlib.sha256(content).hexdigest(), len(content))])  # one chunk
        entry = SimpleNamespace(path="w.txt", size=len(content), tree_digest=tree, mode=mode)
        prefix = manifest_digest([entry], CHUNK_TREE)[7:7 + hex_digits]
        if prefix in seen:
            return (write_tree(tmp_path / "a", {"w.txt": seen[prefix]}),
                    write_tree(tmp_path / "b", {"w.txt": content}), prefix)
        seen[prefix] = content
    raise AssertionError("no twin found")


def watch_cli(address: str, *args):
    """A running `modelreg watch ARGS` against a server, and a queue of its output lines (None once
    it exited)."""
    proc = subprocess.Popen([sys.executable, "-m", "modelreg", "watch", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env={**os.environ, "MODELREG_SERVER": address},
                            cwd=ROOT)
    lines = queue.Queue()

    def pump():
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)
    threading.Thread(target=pump, daemon=True).start()
    return proc, lines


SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def chromium_executable() -> str:
    """Debian's chromium (scripts/install-chromium): Playwright drives it; no browser is downloaded."""
    exe = os.environ.get("MODELREG_CHROMIUM") or shutil.which("chromium")
    assert exe, "chromium is not installed: run scripts/install-chromium (scripts/test does)"
    return exe


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, one per test module; tests open their own contexts (one per person/tab
    set). Not one per run: while Playwright's sync API is open its event loop counts as running in
    this thread, and every later test calling asyncio.run() would fail."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_executable(), headless=True,
                                              args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield chromium
        chromium.close()


def screenshot(page, name: str) -> Path:
    """Saves the whole page as artifacts/screenshots/NAME.png (kept after the run, for people to look at)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# The dashboard's activity feed reads the event log and the audit trail through each backend.
BACKEND_SENSITIVE.add("test_web_activity")
# /metrics reads the webhook backlog from storage, and counts the statements of each backend.
BACKEND_SENSITIVE.add("test_telemetry")
# Monitors and their transitions are SQL of their own (store_monitors.py), on each backend.
BACKEND_SENSITIVE.add("test_monitors")
# Promotion gates are stored with protection rules (store.py), on each backend.
BACKEND_SENSITIVE.add("test_gates")
# The compression-at-rest backlog is SQL of each backend (store.py), its chunks on each chunk store.
BACKEND_SENSITIVE.add("test_compression")


@pytest.fixture(scope="session")
def grpc_tools() -> Path:
    """.tools/bin holding grpcurl, ghz and grpc-health-probe (scripts/install-grpc-tools: a no-op
    once installed), the command-line clients operators point at a server."""
    subprocess.run([str(ROOT / "scripts" / "install-grpc-tools")], check=True)
    return ROOT / ".tools" / "bin"


@pytest.fixture(scope="session")
def systemd_analyze() -> str:
    """systemd-analyze (scripts/install-systemd-analyze: a no-op once installed)."""
    return subprocess.run([str(ROOT / "scripts" / "install-systemd-analyze")], check=True, capture_output=True,
                          text=True).stdout.strip()



class SdkVenv:
    """A fresh virtualenv with `pip install ROOT` only (the SDK, as a user gets it from PyPI), built
    from the source tree with the already built modelreg-native wheel (scripts/_venv.sh keeps it in
    .venv/.native-wheel) and every other dependency from the package index. `installed` is the set
    of distributions right after that install."""

    def __init__(self, root: Path):
        self.root = root
        self.python = root / "bin" / "python"
        wheels = Path(sys.prefix) / ".native-wheel"
        if not any(wheels.glob("modelreg_native-*.whl")):
            raise RuntimeError(f"no modelreg-native wheel in {wheels}: run scripts/_venv.sh (any scripts/ command)")
        subprocess.run([sys.executable, "-m", "venv", str(root)], check=True, timeout=300)
        self.run("-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--find-links", str(wheels),
                 str(ROOT), timeout=900)
        listed = self.run("-m", "pip", "list", "--format", "json", "--disable-pip-version-check").stdout
        self.installed = {d["name"].lower().replace("_", "-") for d in json.loads(listed)}

    def env(self, **extra: str) -> dict:
        """The environment for its programs: none of this test run's PYTHONPATH (its source tree)."""
        return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")} | extra

    def run(self, *args: str, timeout: float = 120, **extra: str) -> subprocess.CompletedProcess:
        result = subprocess.run([str(self.python), *args], capture_output=True, text=True, timeout=timeout,
                                env=self.env(**extra), cwd=self.root)
        if result.returncode != 0:
            raise AssertionError(f"{self.python} {' '.join(args)} failed ({result.returncode}):\n"
                                 f"{result.stdout}\n{result.stderr}")
        return result


@pytest.fixture(scope="session")
def sdk_venv(tmp_path_factory) -> SdkVenv:
    return SdkVenv(tmp_path_factory.mktemp("sdk-venv") / "venv")
