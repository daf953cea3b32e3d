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


def test_home_and_models_pages_run_as_many_statements_for_1100_models_as_for_two(tmp_path):
    """The home page's counts come from one query, not a page of models per 1,000; the models
    page reads one page. Checked past the 1,000 a page of the old count held."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx
    from conftest import ServerProcess
    from modelreg import Registry
    from test_web import dashboard
    srv = ServerProcess(tmp_path / "data", "--http", "127.0.0.1:0").start()
    try:
        url = dashboard(srv)

        def statements(http, path):
            response = http.get(path)
            assert response.status_code == 200
            return int(re.match(r'db;desc="(\d+) queries"', response.headers["server-timing"]).group(1))
        with Registry(srv.address, timeout=60) as reg, httpx.Client(base_url=url, timeout=60) as http:
            for name in ("count-0000", "count-0001"):
                reg.create_model(name)
            few = {path: statements(http, path) for path in ("/", "/models")}
            with ThreadPoolExecutor(4) as pool:
                list(pool.map(reg.create_model, [f"count-{i:04d}" for i in range(2, 1100)]))
            many = {path: statements(http, path) for path in ("/", "/models")}
            home = http.get("/?format=json").json()
    finally:
        srv.stop()
    assert few == many and all(n >= 1 for n in few.values())
    assert home["model_count"] == 1100 and home["version_count"] == 0
