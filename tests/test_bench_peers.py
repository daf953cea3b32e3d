"""The pure part of scripts/bench_peers.py: medians, ratios and the printed table (no peer installed)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import bench_peers  # noqa: E402


def test_median_skips_missing_figures():
    assert bench_peers.median_of([{"cold": 3.0}, {"cold": 1.0}, {"cold": 2.0}], "cold") == 2.0
    assert bench_peers.median_of([{"cold": 1.0}], "again") is None


def test_cells_say_how_many_times_modelreg_is_better():
    size = 100_000_000
    assert bench_peers.cell("cold", 1.0, None, size) == "100 MB/s"
    assert bench_peers.cell("cold", 2.0, 1.0, size) == "50 MB/s (2.00x)"
    assert bench_peers.cell("stored", 1.0, 0.72, size) == "1.00 (1.39x)"
    assert bench_peers.cell("resolve_ms", 55.0, 1.9, size) == "55.00 ms (28.95x)"
    assert bench_peers.cell("again", None, 0.1, size) == "—"


def test_table_has_a_row_per_measured_op_and_a_column_per_tool():
    reps = {"modelreg": [{"cold": 1.0, "again": 0.1, "pull": 0.5}],
            "mlflow": [{"cold": 4.0, "pull": 2.0}],
            "oras": [{"cold": 0.5, "again": 0.2, "pull": 0.25}]}
    lines = bench_peers.table([("m", 100_000_000, reps)])
    assert lines[0].split("  ")[0] == "model"
    assert lines[1].startswith("m, 100.0 MB") and "cold push" in lines[1]
    assert "re-push, unchanged" in lines[2] and "pull" in lines[3] and not lines[2].startswith("m")
    assert "25 MB/s (4.00x)" in lines[1] and "200 MB/s (0.50x)" in lines[1]
    assert "—" in lines[2] and "500 MB/s (2.00x)" in lines[2]
    assert "variant" not in " ".join(lines) and len(lines) == 4


def test_compress_line_reports_the_speed_up():
    line = bench_peers.compress_line([1.0, 0.8, 1.2], [1.5, 1.5, 1.4], 100_000_000)
    assert "auto 100 MB/s" in line and "never 67 MB/s" in line and "auto 50% faster" in line
    assert "auto 25% slower" in bench_peers.compress_line([2.0], [1.5], 100_000_000)


def test_metadata_group_has_no_size_and_takes_the_ghz_text_as_is():
    reps = {"modelreg": [{"resolve_ms": 2.0}, {"ghz": "558 req/s, p50 34.0 ms"}], "mlflow": [{"resolve_ms": 50.0}],
            "oras": []}
    lines = bench_peers.table([("metadata", None, reps)])
    assert lines[1].startswith("metadata ") and "2.00 ms" in lines[1] and "50.00 ms (25.00x)" in lines[1]
    assert "558 req/s, p50 34.0 ms" in lines[2] and lines[2].rstrip().endswith("—")
