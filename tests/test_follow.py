"""The deploy agent follows an alias: link from the shared cache (or pull), switch `current`
atomically, run a hook, prune."""

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import tree, write_tree
from modelreg import Registry
from modelreg.follow import current_version

WAIT = 20


def wait_for(predicate, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def deployed(source: Path) -> dict:
    """tree() of a source as the agent deploys it: hard links to the cache's read-only files."""
    return {path: (data, mode & 0o555) for path, (data, mode) in tree(source).items()}


@pytest.fixture
def versions(tmp_path):
    return [write_tree(tmp_path / f"src{i}", {"w.bin": os.urandom(300_000 + i), "v.txt": str(i).encode()})
            for i in range(1, 5)]


class Agent:
    def __init__(self, address, reference, directory, **kwargs):
        self.deployed = []
        self.stop = threading.Event()
        self.reg = Registry(address)
        self.thread = threading.Thread(target=self.reg.follow, args=(reference, directory),
                                       kwargs={"on_version": self.deployed.append, "stop": self.stop, **kwargs},
                                       daemon=True)
        self.thread.start()

    def close(self):
        self.stop.set()
        self.thread.join(WAIT)
        self.reg.close()
        assert not self.thread.is_alive()


def test_follows_moves_switches_atomically_and_prunes(registry, server, model, versions, tmp_path):
    for source in versions[:2]:
        registry.push(model, source)
    registry.set_alias(model, "production", 1)
    directory = tmp_path / "deploy"
    agent = Agent(server.address, f"{model}:production", directory, keep=2)
    try:
        assert wait_for(lambda: current_version(directory) == 1)
        assert tree(directory / "current") == deployed(versions[0])
        for number, source in ((2, versions[1]), (3, versions[2]), (4, versions[3])):
            if number > 2:
                registry.push(model, source)
            registry.set_alias(model, "production", number)
            assert wait_for(lambda: current_version(directory) == number)
            assert tree(directory / "current") == deployed(source)
        assert [d.version for d in agent.deployed] == [1, 2, 3, 4]
        assert agent.deployed[-1].digest == registry.get_version(f"{model}:v4").digest
        assert sorted(p.name for p in (directory / "versions").iterdir()) == ["3", "4"]
        assert os.readlink(directory / "current") == "versions/4"
    finally:
        agent.close()


def test_waits_for_an_alias_that_does_not_exist_yet(registry, server, model, versions, tmp_path):
    registry.push(model, versions[0])
    directory = tmp_path / "deploy"
    agent = Agent(server.address, f"{model}:canary", directory)
    try:
        time.sleep(0.5)
        assert current_version(directory) is None
        registry.set_alias(model, "canary", 1)
        assert wait_for(lambda: current_version(directory) == 1)
    finally:
        agent.close()


def test_survives_a_server_restart(own_server, versions, tmp_path):
    with Registry(own_server.address) as reg:
        reg.push("svc", versions[0], aliases=["production"])
        reg.push("svc", versions[1])
    directory = tmp_path / "deploy"
    agent = Agent(own_server.address, "svc:production", directory)
    try:
        assert wait_for(lambda: current_version(directory) == 1)
        own_server.kill()
        own_server.start()
        with Registry(own_server.address) as reg:
            reg.set_alias("svc", "production", 2)
        assert wait_for(lambda: current_version(directory) == 2)
        assert tree(directory / "current") == deployed(versions[1])
    finally:
        agent.close()


def test_cli_follow_runs_the_hook_with_the_version_in_its_environment(registry, server, model, versions, tmp_path):
    registry.push(model, versions[0], aliases=["production"])
    log = tmp_path / "hook.log"
    hook = f"{sys.executable} -c \"import json, os; open({str(log)!r}, 'a').write(json.dumps({{k: v for k, v in os.environ.items() if k.startswith('MODELREG_')}}) + chr(10))\""
    directory = tmp_path / "deploy"
    env = {**os.environ, "MODELREG_SERVER": server.address}
    proc = subprocess.Popen([sys.executable, "-m", "modelreg", "follow", f"{model}:production", str(directory),
                             "--exec", hook, "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: log.exists() and len(log.read_text().splitlines()) == 1)
        registry.push(model, versions[1], aliases=["production"])
        assert wait_for(lambda: len(log.read_text().splitlines()) == 2)
        calls = [json.loads(line) for line in log.read_text().splitlines()]
        assert [c["MODELREG_VERSION"] for c in calls] == ["1", "2"]
        assert calls[1]["MODELREG_MODEL"] == model and calls[1]["MODELREG_ALIAS"] == "production"
        assert calls[1]["MODELREG_DIGEST"] == registry.get_version(f"{model}:v2").digest
        assert Path(calls[1]["MODELREG_PATH"]) == (directory / "versions" / "2").resolve()
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=WAIT)
    assert proc.returncode == 0
    assert [json.loads(line)["version"] for line in out.splitlines()] == [1, 2]
