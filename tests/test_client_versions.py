"""The four clients carry one version number, read here from where each one's build and user
agent take it: the Python package (modelreg/_version.py, which pyproject.toml reads), the Go
constant, package.json and src/version.ts, the pom and ModelregClient.VERSION."""

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

from setuptools.config.pyprojecttoml import read_configuration

from conftest import ROOT
from modelreg import __version__
from modelreg._version import USER_AGENT

SEMVER = re.compile(r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?")


def constant(path: str, pattern: str) -> str:
    match = re.search(pattern, (ROOT / path).read_text())
    assert match, f"{path} has no {pattern}"
    return match.group(1)


def versions() -> dict:
    pom = ET.parse(ROOT / "client/java/pom.xml").getroot()
    return {
        "modelreg/_version.py": __version__,
        "pyproject.toml (as setuptools builds it)": read_configuration(ROOT / "pyproject.toml")["project"]["version"],
        "client/go/modelreg/version.go": constant("client/go/modelreg/version.go", r'const ClientVersion = "([^"]+)"'),
        "client/typescript/package.json": json.loads((ROOT / "client/typescript/package.json").read_text())["version"],
        "client/typescript/src/version.ts": constant("client/typescript/src/version.ts",
                                                     r'export const VERSION = "([^"]+)"'),
        "client/java/pom.xml": pom.find("{http://maven.apache.org/POM/4.0.0}version").text,
        "client/java ModelregClient.VERSION": constant("client/java/src/main/java/dev/modelreg/client/ModelregClient.java",
                                                       r'public static final String VERSION = "([^"]+)"'),
        "Dockerfile (the wheel it installs)": constant("Dockerfile", r"/tmp/wheels/modelreg-([^-]+)-py3-none-any\.whl"),
    }


def test_every_client_carries_the_same_version():
    found = versions()
    assert len(set(found.values())) == 1, found
    assert SEMVER.fullmatch(__version__)


def test_the_cli_and_the_sdk_report_the_version():
    assert USER_AGENT == f"modelreg-python/{__version__}"
    result = subprocess.run([sys.executable, "-m", "modelreg", "--version"], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (0, f"modelreg {__version__}\n")


def test_the_changelog_has_the_current_version_and_an_unreleased_section():
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert "## [Unreleased]" in changelog
    assert re.search(rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M)
