"""The DDSketch wrapper (sketches.py) on its own: quantiles within 1% of the exact ones for
positive, negative and zero values; merging equals sketching everything at once; bytes round-trip;
the vectorised group merge answers what merging one by one answers; the library agrees."""

import random

import numpy as np
import pytest
from ddsketch import DDSketch

from modelreg_server.sketches import RELATIVE_ACCURACY, Sketch, group_quantiles

QS = (0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999)


def values(kind: str, n: int = 20_000) -> list[float]:
    rnd = random.Random(kind)
    if kind == "lognormal":
        return [rnd.lognormvariate(3, 1.5) for _ in range(n)]
    if kind == "mixed":
        return [rnd.lognormvariate(0, 2) * rnd.choice((-1, 1)) for _ in range(n)] + [0.0] * 50
    return [rnd.uniform(0.001, 1) for _ in range(n)]


@pytest.mark.parametrize("kind", ["lognormal", "mixed", "uniform"])
def test_quantiles_are_within_the_relative_accuracy(kind):
    vs = values(kind)
    ordered = sorted(vs)
    parts = [Sketch.from_bytes(Sketch.of(vs[i:i + 700]).to_bytes()) for i in range(0, len(vs), 700)]
    merged = Sketch.merged(parts)
    whole = Sketch.of(vs)
    library = DDSketch(RELATIVE_ACCURACY)
    for v in vs:
        library.add(v)
    assert merged.count == whole.count == len(vs)
    for q in QS:
        exact = ordered[int(q * (len(ordered) - 1))]
        got = merged.quantile(q, lo=ordered[0], hi=ordered[-1])
        assert abs(got - exact) <= RELATIVE_ACCURACY * abs(exact) + 1e-12, (q, got, exact)
        assert got == whole.quantile(q, lo=ordered[0], hi=ordered[-1])
        assert merged.quantile(q) == pytest.approx(library.get_quantile_value(q), rel=1e-9)


def test_group_quantiles_match_merging_one_by_one():
    vs = values("mixed", 30_000)
    parts = [vs[i:i + 500] for i in range(0, len(vs), 500)]
    blobs = [Sketch.of(p).to_bytes() for p in parts]
    groups = np.array([i % 7 for i in range(len(parts))])
    lo = np.array([min(min(parts[i]) for i in range(len(parts)) if i % 7 == g) for g in range(8 - 1)] + [np.inf])
    hi = np.array([max(max(parts[i]) for i in range(len(parts)) if i % 7 == g) for g in range(7)] + [-np.inf])
    per, whole = group_quantiles(blobs, groups, 8, [0.5, 0.99], lo, hi, whole_qs=[0.5, 0.99],
                                 whole_lo=min(vs), whole_hi=max(vs))
    for g in range(7):
        one = Sketch.merged([Sketch.from_bytes(b) for i, b in enumerate(blobs) if i % 7 == g])
        assert list(per[g]) == [one.quantile(q, lo=lo[g], hi=hi[g]) for q in (0.5, 0.99)]
    assert np.isnan(per[7]).all()  # an empty group
    everything = Sketch.of(vs)
    assert list(whole) == [everything.quantile(q, lo=min(vs), hi=max(vs)) for q in (0.5, 0.99)]


def test_empty_sketch_answers_nan():
    assert np.isnan(Sketch().quantile(0.5)) and Sketch.from_bytes(Sketch().to_bytes()).count == 0
