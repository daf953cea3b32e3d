"""The metrics section of scripts/bench, tiny: an hour of history on SQLite and PostgreSQL, a few
queries. Checked: it runs and prints its figures for both backends and both queries. Its timings
are not asserted."""

import re
import subprocess
import sys

from conftest import ROOT

ROW = re.compile(r"^(sqlite|postgresql)\s+(\d+)\s+([\d.]+)\s+(\d+)\s+(p99, .+?)\s+([\d.]+)\s+([\d.]+)\s+1m buckets")


def test_the_metrics_section_prints_ingest_and_query_figures():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--only", "metrics", "--metrics-minutes", "60",
         "--metrics-per-minute", "100", "--metrics-rounds", "2"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [m.groups() for line in result.stdout.splitlines() if (m := ROW.match(line))]
    assert [(b, int(n), q) for b, n, _, _, q, *_ in rows] == [
        (b, 6000, q) for b in ("sqlite", "postgresql") for q in ("p99, 4 series merged", "p99, one series")]
    assert all(int(r[3]) > 0 and float(r[5]) > 0 for r in rows)
    assert "targets: >= 50,000 points/s" in result.stdout
