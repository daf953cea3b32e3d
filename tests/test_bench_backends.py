"""The registry-backends section of scripts/bench, run with tiny windows: it starts its own
PostgreSQL cluster, versitygw and servers, and prints a table with a row for every set-up and
cell. Only the shape of the report is checked; its figures are not asserted."""

import re
import subprocess
import sys

from conftest import ROOT

ROWS = [(backend, replicas, op, threads)
        for backend, replicas in (("sqlite", 1), ("postgresql", 1), ("postgresql", 3))
        for op, threads in (("GetVersion @alias", 1), ("GetVersion @alias", 8), ("SetAlias", 1), ("SetAlias", 4))]
ROW = re.compile(r"^(sqlite|postgresql)\s+(\d+)\s+(GetVersion @alias|SetAlias)\s+(\d+)\s+(\d+)\s+([\d.]+|nan)\s+"
                 r"([\d.]+|nan)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$")


def test_the_registry_backends_section_reports_every_backend_replica_count_and_cell():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--only", "registry-backends",
         "--backend-seconds", "0.2", "--backend-rounds", "1", "--backend-warmup", "0.2"],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert any(re.search(r"machine: \d+ cores .*load average at start [\d.]+ [\d.]+ [\d.]+", line) for line in lines)
    rows = [m.groups() for line in lines if (m := ROW.match(line))]
    assert [(b, int(r), op, int(t)) for b, r, op, t, *_ in rows] == ROWS, result.stdout
    assert [row[7] for row in rows] == ["0"] * len(ROWS), result.stdout  # errors
    assert any(line.startswith("idle CPU") for line in lines)
    assert "raw gRPC" not in result.stdout  # --only ran this section alone
