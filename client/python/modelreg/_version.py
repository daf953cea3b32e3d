"""The one place the version of modelreg is written: pyproject.toml reads it (setuptools' dynamic
version), `modelreg --version` and modelreg.__version__ print it, and the SDK sends it in its gRPC
user agent. The Go, TypeScript and Java clients carry the same number (tests/test_versions.py)."""

__version__ = "0.1.0"
# What every channel of the SDK (and so the CLI) sends first in its gRPC user-agent header; gRPC
# appends its own, e.g. "modelreg-python/0.1.0 grpc-python/1.76.0 (linux; chttp2)".
USER_AGENT = f"modelreg-python/{__version__}"
