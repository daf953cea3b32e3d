"""The web section of scripts/bench, small: one model of 10 and of 1,000 versions on SQLite and on a
PostgreSQL cluster of its own, each page loaded a few times. Checked: the report's shape, and that
a page runs the same number of statements for 10 versions as for 1,000 (bounded: no statement per
version). Its timings are not asserted."""

import re
import subprocess
import sys

from conftest import ROOT

ROW = re.compile(r"^(sqlite|postgresql)\s+(\d+)\s+(.+?)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$")


def test_the_web_section_reports_bounded_queries_on_every_backend():
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_web
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--only", "web", "--web-rounds", "2",
         "--web-versions", "10,1000"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [m.groups() for line in result.stdout.splitlines() if (m := ROW.match(line))]
    pages = [label for label, _ in bench_web.PAGES]
    assert [(b, int(n), p) for b, n, p, *_ in rows] == \
        [(b, n, p) for b in ("sqlite", "postgresql") for n in (10, 1000) for p in pages]
    queries = {(b, int(n), p): int(q) for b, n, p, q, *_ in rows}
    for backend in ("sqlite", "postgresql"):
        for page in pages:
            assert queries[(backend, 10, page)] == queries[(backend, 1000, page)] >= 1, (backend, page)
    assert "seeding through the API" in result.stdout and "sqlite 1,000:" in result.stdout
    assert "peer: MLflow" in result.stdout
