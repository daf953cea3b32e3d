"""`modelreg watch --exec`: a command per matching event, the event on stdin and in the environment,
resuming from a cursor file after a restart; what happens when the command fails."""

import json
import os
import signal
import subprocess
import sys

import pytest

from conftest import replay, wait_until
from modelreg import Registry
from modelreg.cli import EXIT
from modelreg.v1 import resources_pb2 as r

WAIT = 30
RECORD = ('cat > "$OUT/event-$MODELREG_EVENT_SEQUENCE.json"; '
          'echo "$MODELREG_EVENT_SEQUENCE $MODELREG_EVENT_TYPE $MODELREG_MODEL $MODELREG_VERSION '
          '${MODELREG_ALIAS:--} $MODELREG_PREVIOUS_VERSION" >> "$OUT/log"')


class Watcher:
    """`modelreg watch ...` as a background process."""

    def __init__(self, server, out, *args):
        env = {**os.environ, "MODELREG_SERVER": server.address, "OUT": str(out)}
        self.proc = subprocess.Popen([sys.executable, "-m", "modelreg", "watch", *map(str, args)], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        self.proc.communicate(timeout=WAIT)


def cursor(path) -> int | None:
    try:
        text = path.read_text()
    except FileNotFoundError:
        return None
    return int(text) if text.endswith("\n") else None


def log_lines(out) -> list[str]:
    try:
        return (out / "log").read_text().splitlines()
    except FileNotFoundError:
        return []


@pytest.fixture
def reg(server):
    with Registry(server.address, timeout=30) as registry:
        yield registry


def test_exec_per_event_and_resume_from_the_cursor_file(server, reg, model, tmp_path):
    out, cursor_file = tmp_path / "out", tmp_path / "state" / "cursor"
    out.mkdir(), cursor_file.parent.mkdir()
    (tmp_path / "weights.bin").write_bytes(b"weights")
    args = ["--model", model, "--exec", RECORD, "--cursor-file", cursor_file]
    watcher = Watcher(server, out, *args)
    try:
        wait_until(lambda: cursor(cursor_file) is not None, what="the cursor file to pin the start")
        start = cursor(cursor_file)
        version = reg.push(model, tmp_path / "weights.bin", aliases=["production"])
        head = reg.event_head()
        wait_until(lambda: cursor(cursor_file) == head, what="every event handled")
    finally:
        watcher.stop()
    # While the watcher is down:
    reg.set_alias(model, "staging", 1)
    reg.update_model(model, description="evaluated")
    last = reg.event_head()
    watcher = Watcher(server, out, *args)
    try:
        wait_until(lambda: cursor(cursor_file) == last, what="the missed events")
    finally:
        watcher.stop()
    lines = log_lines(out)
    assert [int(line.split()[0]) for line in lines] == list(range(start + 1, last + 1))  # each once, in order
    assert [line.split(maxsplit=1)[1] for line in lines] == [
        f"MODEL_CREATED {model} 0 - 0",
        f"VERSION_CREATED {model} 1 - 0",
        f"ALIAS_SET {model} 1 latest 0",
        f"ALIAS_SET {model} 1 production 0",
        f"ALIAS_SET {model} 1 staging 0",
        f"MODEL_UPDATED {model} 0 - 0",
    ]
    production = json.loads((out / f"event-{start + 4}.json").read_text())  # what stdin carried
    assert production["type"] == "ALIAS_SET" and production["alias"] == "production"
    assert production["model"] == model and production["version"] == 1 and production["digest"] == version.digest
    assert production["sequence"] == start + 4


def test_exec_env_carries_the_event_json(server, reg, model, tmp_path):
    cursor_file = tmp_path / "cursor"
    watcher = Watcher(server, tmp_path, "--model", model, "--exec", 'echo "$MODELREG_EVENT_JSON" > "$OUT/env.json"',
                      "--cursor-file", cursor_file)
    try:
        wait_until(lambda: cursor(cursor_file) is not None, what="the cursor file")
        reg.create_model(model)
        wait_until(lambda: cursor(cursor_file) == reg.event_head(), what="the event handled")
    finally:
        watcher.stop()
    data = json.loads((tmp_path / "env.json").read_text())
    assert data["type"] == "MODEL_CREATED" and data["model"] == model


def test_a_failing_command_stops_without_moving_the_cursor(server, reg, model, tmp_path):
    cursor_file = tmp_path / "cursor"
    watcher = Watcher(server, tmp_path, "--model", model, "--exec", "exit 3", "--cursor-file", cursor_file)
    wait_until(lambda: cursor(cursor_file) is not None, what="the cursor file")
    start = cursor(cursor_file)
    reg.create_model(model)
    assert watcher.proc.wait(WAIT) == 3
    _, stderr = watcher.proc.communicate()
    assert "--exec exited with 3" in stderr
    assert cursor(cursor_file) == start  # a rerun handles the event again

    # With --on-error continue, the failure is reported and the cursor moves on.
    watcher = Watcher(server, tmp_path, "--model", model, "--exec", "exit 3", "--cursor-file", cursor_file,
                      "--on-error", "continue")
    try:
        wait_until(lambda: cursor(cursor_file) == start + 1, what="the cursor to move past the failure")
        assert watcher.proc.poll() is None
    finally:
        watcher.stop()


def test_a_bad_cursor_file_is_refused(server, tmp_path):
    cursor_file = tmp_path / "cursor"
    cursor_file.write_text("garbage\n")
    watcher = Watcher(server, tmp_path, "--exec", "true", "--cursor-file", cursor_file)
    assert watcher.proc.wait(WAIT) == EXIT["usage"]
    _, stderr = watcher.proc.communicate()
    assert "INVALID_CURSOR_FILE" in stderr
    assert cursor_file.read_text() == "garbage\n"


EVALUATE = """#!/bin/sh
# An evaluation job as a user writes it: no Python, just the modelreg command.
set -e
f1=0.9$MODELREG_VERSION
modelreg set "$MODELREG_MODEL:$MODELREG_VERSION" --metric "f1=$f1" --tag evaluated-by=eval.sh \\
  --description-file - <<EOF
Evaluated $MODELREG_DIGEST: f1 $f1.
EOF
"""


def _evaluation_watch(server, model, tmp_path, monkeypatch, script_text):
    """`modelreg watch --type VERSION_CREATED --exec evaluate.sh` with `modelreg` on the PATH."""
    script = tmp_path / "evaluate.sh"
    script.write_text(script_text)
    script.chmod(0o755)
    out, cursor_file = tmp_path / "out", tmp_path / "cursor"
    out.mkdir()
    monkeypatch.setenv("PATH", f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}")
    watcher = Watcher(server, out, "--model", model, "--type", "VERSION_CREATED", "--exec", script, "--cursor-file", cursor_file)
    wait_until(lambda: cursor(cursor_file) is not None, what="the cursor file to pin the start")
    return watcher, cursor_file


def test_exec_evaluation_job_sets_the_metric_with_modelreg_set(server, reg, model, tmp_path, monkeypatch):
    """`watch --exec` starts a shell script that calls `modelreg set` on each pushed version; then
    the version carries the metric, tag and description it set, next to what the push gave it."""
    watcher, cursor_file = _evaluation_watch(server, model, tmp_path, monkeypatch, EVALUATE)
    try:
        start = cursor(cursor_file)
        for n in (1, 2):
            (tmp_path / "weights.bin").write_bytes(b"weights %d" % n)
            reg.push(model, tmp_path / "weights.bin", metrics={"loss": 0.1 * n}, tags={"team": "nlp"})
        created = [e.sequence for e in replay(reg, after=start, models=[model]) if e.type == r.EVENT_TYPE_VERSION_CREATED]
        wait_until(lambda: cursor(cursor_file) == created[-1], what="both versions evaluated")
    finally:
        watcher.stop()
    for n in (1, 2):
        version = reg.get_version(f"{model}:{n}")
        assert dict(version.metrics) == {"loss": 0.1 * n, "f1": float(f"0.9{n}")}
        assert dict(version.tags) == {"team": "nlp", "evaluated-by": "eval.sh"}
        assert version.description == f"Evaluated {version.digest}: f1 0.9{n}.\n"
    updates = [e.version for e in replay(reg, after=start, models=[model]) if e.type == r.EVENT_TYPE_VERSION_UPDATED]
    assert updates == [1, 2]


def test_exec_evaluation_job_with_a_bad_metric_stops_the_watch(server, reg, model, tmp_path, monkeypatch):
    """`modelreg set` refuses a metric that is not a finite number and exits 2, so `watch --exec`
    stops with that status, its cursor before the event, and the version is unchanged."""
    watcher, cursor_file = _evaluation_watch(server, model, tmp_path, monkeypatch, EVALUATE.replace("f1=0.9$MODELREG_VERSION", "f1=NaN"))
    start = cursor(cursor_file)
    (tmp_path / "weights.bin").write_bytes(b"weights")
    reg.push(model, tmp_path / "weights.bin")
    _, stderr = watcher.proc.communicate(timeout=WAIT)
    assert watcher.proc.returncode == EXIT["usage"]
    assert "'NaN' is not a finite number" in stderr and "INVALID_METRIC" in stderr
    assert cursor(cursor_file) == start
    version = reg.get_version(f"{model}:1")
    assert (dict(version.metrics), dict(version.tags), version.description) == ({}, {}, "")

