"""The shared conformance scenarios (tests/conformance/scenarios.json), then the client contract's
(tests/conformance/contract.json, docs/clients.md), run with the Python SDK against the real
server that tests/conformance/harness.py starts. The Go, TypeScript and Java clients run the same
files with their own runners."""

import importlib.util
import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import tree
from modelreg import IntegrityError, ModelregError, Registry
from modelreg.connect import resolve_settings
from modelreg.v1 import resources_pb2 as r

HERE = Path(__file__).resolve().parent / "conformance"
SPEC = json.loads((HERE / "scenarios.json").read_text())
CONTRACT = json.loads((HERE / "contract.json").read_text())
_spec = importlib.util.spec_from_file_location("conformance_harness", HERE / "harness.py")
HARNESS = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(HARNESS)  # its generators (materialize), shared with the harness process
SETTINGS = ("server", "token", "tls", "tls_ca", "tls_cert", "tls_key")


class Harness:
    def __init__(self, backend):
        # The backend's metadata store; chunks stay in the data directory (see harness.py).
        serve_args, _, _ = backend.storage_args(blobs_given=True, blobs_root=None)
        self.proc = subprocess.Popen([sys.executable, str(HERE / "harness.py"), "--", *serve_args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.info = json.loads(self.proc.stdout.readline())
        self.saved = {}

    def send(self, command: dict) -> dict:
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()
        reply = json.loads(self.proc.stdout.readline())
        assert reply["ok"], reply
        return reply

    def expand(self, value):
        if isinstance(value, str):
            if value == "{push_files}":  # a whole-value placeholder: the string becomes the list
                return CONTRACT["push_files"]
            value = value.replace("{model}", self.info["model"]).replace("{address}", self.info["address"])
            for number, digest in self.info["digests"].items():
                value = value.replace(f"{{digest:{number}}}", digest)
            for number, source in self.info["sources"].items():
                value = value.replace(f"{{source:{number}}}", source)
            for name, sequence in self.saved.items():
                value = value.replace(f"{{saved:{name}}}", str(sequence))
            return value
        if isinstance(value, list):
            return [self.expand(v) for v in value]
        if isinstance(value, dict):
            return {k: self.expand(v) for k, v in value.items()}
        return value

    def close(self):
        self.send({"op": "quit"})
        self.proc.wait(30)


@pytest.fixture(scope="module")
def harness(storage_backend):
    """One harness per storage backend (its server on that backend), shared by its scenarios."""
    h = Harness(storage_backend)
    yield h
    h.close()


class Watcher:
    def __init__(self, reg: Registry, spec: dict):
        # "From now on" is pinned here, before the scenario's next step, not whenever the thread
        # below gets to open the stream.
        after = int(spec["after"]) if "after" in spec else reg.event_head()
        self.watch = reg.watch(after=after, models=spec.get("models", ()), types=spec.get("types", ()),
                               aliases=spec.get("aliases", ()), filter=spec.get("filter", ""))
        self.events = queue.Queue()
        self.started = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        for event in self.watch:
            self.events.put(event)

    def expect(self, expected: list[dict]) -> None:
        for want in expected:
            event = self.events.get(timeout=20)
            got = {"type": r.EventType.Name(event.type).removeprefix("EVENT_TYPE_"), "model": event.model,
                   "alias": event.alias, "version": event.version, "previous_version": event.previous_version}
            assert {k: got[k] for k in want} == want

    def stop(self):
        self.watch.close()
        self.thread.join(10)


def outcome(fn):
    try:
        return fn(), None
    except IntegrityError as e:
        return None, {"code": "INTEGRITY", "reason": e.reason, "metadata": {}}
    except ModelregError as e:
        return None, {"code": e.code.name, "reason": e.reason, "metadata": dict(e.metadata)}


def listing(reg: Registry, step: dict):
    """(kind, items) of a list step, read through the SDK's list methods, every page."""
    if "list_models" in step:
        spec = step["list_models"]
        return "models", lambda: [m.name.removeprefix("models/") for m in reg.list_models(
            filter=spec.get("filter", ""), order_by=spec.get("order_by", ""), page_size=spec.get("page_size", 0))]
    if "list_versions" in step:
        spec = step["list_versions"]
        return "versions", lambda: [f"{v.model}:{v.number}" for v in reg.list_versions(
            spec["parent"], filter=spec.get("filter", ""), order_by=spec.get("order_by", ""),
            page_size=spec.get("page_size", 0))]
    spec = step["search_versions"]
    return "versions", lambda: [f"{v.model}:{v.number}" for v in reg.search_versions(
        filter=spec.get("filter", ""), order_by=spec.get("order_by", ""), page_size=spec.get("page_size", 0))]


def settings(spec: dict):
    """The SDK's settings function on exactly this environment map and these arguments."""
    return resolve_settings(spec.get("env", {}), **spec.get("args", {}))


def push(reg: Registry, spec: dict, root: Path):
    """(version, raw bytes uploaded) of the SDK's push of spec's dir, or of its files materialized."""
    source = spec["dir"] if "dir" in spec else HARNESS.materialize(spec["files"], root)
    phases = {}

    def on_progress(phase: str, done: int, total: int) -> None:
        phases[phase] = (done, total)

    version = reg.push(spec["model"], source, on_progress=on_progress)
    return version, phases.get("upload", (0, 0))[0]


@pytest.mark.parametrize("scenario", SPEC["scenarios"], ids=[s["name"] for s in SPEC["scenarios"]])
def test_scenario(harness, scenario, tmp_path):
    run(harness, scenario, tmp_path)


@pytest.mark.parametrize("scenario", CONTRACT["scenarios"], ids=[s["name"] for s in CONTRACT["scenarios"]])
def test_contract(harness, scenario, tmp_path, monkeypatch):
    for name in [name for name in os.environ if name.startswith("MODELREG_") and name != "MODELREG_CACHE"]:
        monkeypatch.delenv(name)  # a connect step's client reads only its own map (and no stray token)
    monkeypatch.setenv("MODELREG_CACHE", str(tmp_path / "cache"))  # pushes keep their scan cache here
    run(harness, scenario, tmp_path)


def run(harness, scenario, tmp_path):
    watcher = None
    with Registry(harness.info["address"]) as own:
        reg, connected = own, None
        try:
            for i, step in enumerate(scenario["steps"]):
                step = harness.expand(step)
                expect = step.get("expect", {})
                if "settings" in step:
                    resolved, error = outcome(lambda: settings(step["settings"]))
                    check(expect, error, lambda: {k: getattr(resolved, k) or ("" if k != "tls" else False)
                                                  for k in SETTINGS})
                elif "connect" in step:
                    spec = step["connect"]
                    args = dict(spec.get("args", {}))
                    made, error = outcome(lambda: Registry(args.pop("server", None), env=spec.get("env", {}), **args))
                    check(expect, error, lambda: {})
                    if made is not None:
                        if connected is not None:
                            connected.close()
                        reg = connected = made
                elif "push" in step:
                    pushed, error = outcome(lambda: push(reg, step["push"], tmp_path / f"push-{i}"))
                    check(expect, error, lambda: {"digest": pushed[0].digest, "uploaded_bytes": pushed[1]})
                elif "resolve" in step:
                    version, error = outcome(lambda: reg.get_version(step["resolve"]))
                    check(expect, error, lambda: {"version": version.number, "digest": version.digest})
                elif "pull" in step:
                    dest = tmp_path / f"pull-{i}"
                    version, error = outcome(lambda: reg.pull(step["pull"], dest))
                    check(expect, error, lambda: {})
                    if "same_as_version" in expect:
                        assert tree(dest) == tree(Path(harness.info["sources"][str(expect["same_as_version"])]))
                    if expect.get("no_destination"):
                        assert not dest.exists()
                elif {"list_models", "list_versions", "search_versions"} & step.keys():
                    kind, read = listing(reg, step)
                    items, error = outcome(read)
                    check(expect, error, lambda: {kind: items})
                elif "watch_start" in step:
                    watcher = Watcher(reg, step["watch_start"])
                elif "watch_expect" in step:
                    watcher.expect(step["watch_expect"])
                elif "watch_stop" in step:
                    watcher.stop()
                    watcher = None
                elif "harness" in step:
                    reply = harness.send(step["harness"])
                    if "save" in step:
                        harness.saved[step["save"]] = reply["sequence"]
                    if "save_digest" in step:
                        harness.saved[step["save_digest"]] = reply["digest"]
                else:
                    raise AssertionError(f"unknown step {step}")
        finally:
            if watcher:
                watcher.stop()
            if connected is not None:
                connected.close()


def check(expect: dict, error: dict | None, result) -> None:
    if "error" in expect:
        assert error is not None, f"expected {expect['error']}, got success"
        want = dict(expect["error"])
        metadata = want.pop("metadata", {})
        assert {k: error[k] for k in want} == want, error
        assert {k: error["metadata"].get(k) for k in metadata} == metadata, error
    else:
        assert error is None, error
        got = result()
        assert {k: got[k] for k in expect if k in got} == {k: v for k, v in expect.items() if k in got}
