"""`pip install modelreg` is the SDK alone: no server-, CLI- or test-only package comes with it, the
SDK works, its types ship with it (py.typed, the API's .pyi stubs), and the `modelreg` command
works in plain text without rich (docs/dependencies.md)."""

import json
import os
import subprocess
import sys

# What the SDK needs, and nothing else may come: pip (and setuptools on older Pythons) come with
# every venv.
SDK_DISTRIBUTIONS = {"modelreg", "modelreg-native", "grpcio", "grpcio-status", "protobuf",
                     "googleapis-common-protos", "typing-extensions", "pip", "setuptools"}
NOT_IN_THE_SDK = ["rich", "pygments", "markdown-it-py", "mdurl", "sqlite-utils", "click", "tabulate", "jinja2",
                  "aiohttp", "boto3", "psycopg", "numpy", "lark", "httpx", "prometheus-client", "grpcio-testing"]


def test_sdk_install_pulls_only_the_sdk_dependencies(sdk_venv):
    assert sdk_venv.installed <= SDK_DISTRIBUTIONS, sdk_venv.installed - SDK_DISTRIBUTIONS
    assert not sdk_venv.installed & set(NOT_IN_THE_SDK)
    declared = sdk_venv.run("-c", "import importlib.metadata as m; print('\\n'.join(m.requires('modelreg')))").stdout
    base = [line for line in declared.splitlines() if "extra ==" not in line]
    assert not any(name in line.lower() for line in base for name in NOT_IN_THE_SDK), base


def test_sdk_imports_and_talks_to_the_server(sdk_venv, server, model, tmp_path):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "weights.bin").write_bytes(b"w" * 1000)
    code = (f"import sys, modelreg; assert 'rich' not in sys.modules\n"
            f"reg = modelreg.Registry({server.address!r})\n"
            f"v = reg.push({model!r}, {str(tmp_path / 'm')!r}, aliases=['staging'], metrics={{'f1': 0.9}})\n"
            f"print(modelreg.__file__, v.name, sorted(v.aliases))\n"
            f"assert 'rich' not in sys.modules and 'modelreg_server' not in sys.modules")
    out = sdk_venv.run("-c", code).stdout
    assert str(sdk_venv.root) in out.split()[0]  # the installed copy, not this run's source tree
    assert out.split()[1:] == [f"models/{model}/versions/1", "['latest',", "'staging']"]


def test_types_ship_with_the_package(sdk_venv, tmp_path):
    out = sdk_venv.run("-c", "import importlib.resources as r; p = r.files('modelreg'); "
                             "print((p / 'py.typed').is_file(), (p / 'v1' / 'resources_pb2.pyi').is_file())").stdout
    assert out.split() == ["True", "True"]
    # mypy (this run's) against the installed package: it is typed only through its py.typed.
    script = tmp_path / "wrong.py"
    script.write_text("from modelreg import Registry\n\nRegistry('127.0.0.1:1').push('m', '.', aliases='staging')\n")
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-executable",
                             str(sdk_venv.python), str(script)], capture_output=True, text=True, timeout=300,
                            cwd=tmp_path, env=sdk_venv.env())
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'wrong.py:3: error: Argument "aliases" to "push" of "Registry" has incompatible type "str"' in result.stdout


def test_cli_works_without_rich(sdk_venv, server, model, tmp_path):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "config.json").write_text("{}")

    def modelreg(*args: str) -> str:
        result = subprocess.run([str(sdk_venv.root / "bin" / "modelreg"), *args], capture_output=True, text=True,
                                timeout=60, env=sdk_venv.env(MODELREG_SERVER=server.address))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        return result.stdout

    assert "usage: modelreg" in modelreg("--help")
    modelreg("push", model, str(tmp_path / "m"), "--alias", "staging", "--metric", "f1=0.9")
    header, *rows = modelreg("models", "--prefix", model).splitlines()
    assert header.split() == ["MODEL", "LATEST", "VERSIONS", "ALIASES", "UPDATED"]
    assert [row.split()[:4] for row in rows] == [[model, "1", "1", "staging=1"]]
    # The same words in the same columns as rich prints them (this run's CLI has rich).
    with_rich = subprocess.run([sys.executable, "-m", "modelreg", "models", "--prefix", model], capture_output=True,
                               text=True, timeout=60, env={**os.environ, "MODELREG_SERVER": server.address})
    assert [line.split() for line in with_rich.stdout.splitlines()] == [[*header.split()], *[r.split() for r in rows]]
    assert [m["name"] for m in json.loads(modelreg("models", "--prefix", model, "--json"))["models"]] == [
        f"models/{model}"]
