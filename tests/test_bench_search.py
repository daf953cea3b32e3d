"""The search section of scripts/bench, on a tiny registry: it seeds SQLite and a PostgreSQL
cluster of its own, starts a server on each and prints a row per backend and query. Only the
shape of the report is checked; its figures are not asserted."""

import re
import subprocess
import sys

from conftest import ROOT

ROW = re.compile(r"^(sqlite|postgresql)\s+(.+?)\s+(\d+|-)\s+([\d.]+)\s+([\d.]+)$")


def test_the_search_section_reports_every_backend_and_query():
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_search
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--only", "search", "--search-rounds", "2",
         "--search-models", "20", "--search-versions-per-model", "10"],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "20 models, 200 versions" in result.stdout
    rows = [m.groups() for line in result.stdout.splitlines() if (m := ROW.match(line))]
    queries = [q[0] for q in bench_search.QUERIES]
    assert [(b, q) for b, q, *_ in rows] == [(b, q) for b in ("sqlite", "postgresql") for q in
                                             ["JSON scan in SQL (before migration 12), no server", *queries]]
    # Every query of the tiny registry finds something (the first page is not empty).
    assert all(items != "0" for _, q, items, *_ in rows if not q.startswith("JSON"))
