"""The SDK is typed for its users: `mypy --strict` passes on a realistic training script and
exposes no Any to it, refuses the classic mistakes (aliases="staging", metrics={"f1": "high"}),
and the same mistakes made in an unchecked script are refused at run time, before any call,
changing nothing on the real server."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import modelreg
from conftest import ROOT, data_state
from modelreg import ArgumentTypeError, InvalidArgument, NotFound

EXAMPLE = ROOT / "client" / "python" / "examples" / "train_and_push.py"
# Where the modelreg under test is imported from (an editable install's source tree, or PYTHONPATH):
# mypy finds it there as an installed package, which it type-checks only through its py.typed.
SDK_PATH = Path(modelreg.__file__).resolve().parent.parent


def mypy(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(SDK_PATH)}
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_example_script_passes_mypy_strict_and_sees_no_any(tmp_path):
    # --disallow-any-expr: no expression in the script has a type with Any in it, so nothing the
    # SDK returns to it (versions, aliases, events, errors, follow's Deployed) is untyped.
    result = mypy("--disallow-any-expr", str(EXAMPLE), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found in 1 source file" in result.stdout


WRONG = {
    "aliases-str": ('reg.push("m", "./out", aliases="staging")',
                    'Argument "aliases" to "push" of "Registry" has incompatible type "str"; '
                    'expected "SequenceNotStr[str]"'),
    "metrics-str": ('reg.push("m", "./out", metrics={"f1": "high"})',
                    'Dict entry 0 has incompatible type "str": "str"; expected "str": "float"'),
    "params-list": ('reg.push("m", "./out", params={"lr": [0.1]})',
                    'Dict entry 0 has incompatible type "str": "list[float]"; expected "str": "str | int | float"'),
    "tags-int": ('reg.create_model("m", tags={"team": 1})',
                 'Dict entry 0 has incompatible type "str": "int"; expected "str": "str"'),
    "watch-models-str": ('reg.watch(models="m")',
                         'Argument "models" to "watch" of "Registry" has incompatible type "str"'),
    "version-typo": ('print(reg.get_version("m:v1").nmae)', '"Version" has no attribute "nmae"'),
    "report-labels": ('reg.report("m:prod", {"latency": 1.0}, labels={"region": 3})',
                      'Dict entry 0 has incompatible type "str": "int"; expected "str": "str"'),
}


@pytest.mark.parametrize("case", WRONG)
def test_wrong_script_fails_mypy_with_the_error(tmp_path, case):
    line, error = WRONG[case]
    script = tmp_path / "wrong.py"
    script.write_text(f"from modelreg import Registry\n\nreg = Registry('127.0.0.1:1')\n{line}\n")
    result = mypy(str(script), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"wrong.py:4: error: {error}" in result.stdout, result.stdout
    assert "Found 1 error in 1 file" in result.stdout, result.stdout


def test_example_script_runs_against_the_server(server, model):
    result = subprocess.run([sys.executable, str(EXAMPLE), "--server", server.address, "--model", model],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert f"pushed models/{model}/versions/1 (sha256:" in out
    assert f"{model}:staging -> v1" in out
    assert f"pulled models/{model}/versions/1: 65" in out
    events = [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("event ")]
    assert sorted(events) == sorted([f"{model}:latest -> v1", f"{model}:candidate -> v1", f"{model}:staging -> v1"])
    assert f"deployed {model}:candidate v1 at " in out


# Each: the arguments of a push made with a wrong type, the reason and the message it is refused with.
WRONG_AT_RUN_TIME = {
    "aliases-str": ({"aliases": "staging"}, "INVALID_ALIAS",
                    "aliases must be a list of names, not the str 'staging': write aliases=['staging']"),
    "aliases-int-item": ({"aliases": ["staging", 3]}, "INVALID_ALIAS", "aliases: 3 is not a str name but a int"),
    "metrics-str": ({"metrics": {"f1": "high"}}, "INVALID_METRIC", "metrics['f1'] must be a number, not the str 'high'"),
    "metrics-bool": ({"metrics": {"f1": True}}, "INVALID_METRIC", "metrics['f1'] must be a number, not the bool True"),
    "metrics-list": ({"metrics": [("f1", 0.9)]}, "INVALID_METRIC", "metrics must be a mapping (a dict), not the list"),
    "params-list": ({"params": {"lr": [0.1]}}, "INVALID_PARAM",
                    "params['lr'] must be a str, a number or a bool, not the list [0.1]"),
    "tags-key-int": ({"tags": {1: "x"}}, "INVALID_TAG", "tags: key 1 is not a str but a int"),
}


@pytest.mark.parametrize("case", WRONG_AT_RUN_TIME)
def test_wrong_type_refused_before_any_call(registry, server, model, model_dir, case):
    kwargs, reason, message = WRONG_AT_RUN_TIME[case]
    before = data_state(server.data)
    with pytest.raises(ArgumentTypeError) as caught:
        registry.push(model, model_dir, **kwargs)
    error = caught.value
    assert isinstance(error, TypeError) and isinstance(error, InvalidArgument)
    assert error.reason == reason
    assert message in str(error)
    assert error.metadata["argument"] == next(iter(kwargs))
    assert data_state(server.data) == before
    with pytest.raises(NotFound):
        registry.get_model(model)


@pytest.mark.parametrize("call, reason, message", [
    (lambda reg, m: reg.watch(models=m), "INVALID_MODEL", "models must be a list of names, not the str"),
    (lambda reg, m: reg.watch(aliases="production"), "INVALID_ALIAS", "write aliases=['production']"),
    (lambda reg, m: reg.add_webhook("http://127.0.0.1:9/hook", aliases="production"), "INVALID_ALIAS",
     "write aliases=['production']"),
    (lambda reg, m: reg.create_model(m, tags={"team": 7}), "INVALID_TAG", "tags['team'] must be a str, not the int 7"),
    (lambda reg, m: reg.update_version(f"{m}:v1", metrics={"f1": "0.9"}), "INVALID_METRIC",
     "metrics['f1'] must be a number, not the str '0.9'"),
])
def test_wrong_type_refused_by_other_calls(registry, server, model, call, reason, message):
    before = data_state(server.data)
    with pytest.raises(ArgumentTypeError) as caught:
        call(registry, model)
    assert caught.value.reason == reason
    assert message in str(caught.value)
    assert data_state(server.data) == before


def test_right_types_still_accepted(registry, model, model_dir):
    """ints, numpy-like reals and tuples are what the types allow; None deletes in an update."""
    from fractions import Fraction
    version = registry.push(model, model_dir, aliases=("staging",), metrics={"f1": 1, "auc": Fraction(3, 4)},
                            params={"lr": 0.1, "epochs": 3, "warmup": True, "opt": "adam"}, tags={"team": "nlp"})
    assert dict(version.metrics) == {"f1": 1.0, "auc": 0.75}
    assert dict(version.params) == {"lr": "0.1", "epochs": "3", "warmup": "True", "opt": "adam"}
    assert sorted(version.aliases) == ["latest", "staging"]
    updated = registry.update_version(f"{model}:v1", metrics={"auc": None}, tags={"team": None})
    assert dict(updated.metrics) == {"f1": 1.0} and dict(updated.tags) == {}
