"""Mergeable quantile sketches for metric buckets: DDSketch (Masson, Rim, Lee, VLDB 2019) with 1%
relative accuracy, through DataDog's `ddsketch` library's logarithmic key mapping.

Why not the library's sketch object itself: it adds one value at a time in Python and its
protobuf serialisation is generated for an older protobuf runtime than ours. A bucket is rolled up
from thousands of points per ingest batch and a 24-hour query merges over a thousand buckets, so
the bins are kept here as sorted numpy arrays (key, count) per sign, keyed by the library's
mapping: adds, merges and quantiles are a few vectorised operations, and the quantile of merged
sketches is exactly what the library's DDSketch would answer for the same bins (clamped to the
bucket's exact min and max). Serialised compactly as little-endian int32 words: a header
(format, zero count, positive bins, negative bins), then (key, count) pairs, positive bins first;
`group_quantiles` reads a thousand of them at once, without a Python step per bin.
"""

import struct

import numpy as np
from ddsketch.mapping import LogarithmicMapping

RELATIVE_ACCURACY = 0.01
MAPPING = LogarithmicMapping(RELATIVE_ACCURACY)
_MULT = MAPPING._multiplier
_OFFSET = MAPPING._offset
_MIN = MAPPING.min_possible
_HEADER = struct.Struct("<iiii")  # format version, zero count, positive bins, negative bins
_FORMAT = 1
_EMPTY_K = np.zeros(0, dtype=np.int32)
_EMPTY_C = np.zeros(0, dtype=np.int64)


def _keys(magnitudes: np.ndarray) -> np.ndarray:
    return (np.ceil(np.log2(magnitudes) * _MULT) + _OFFSET).astype(np.int32)


def _compact(keys: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if not len(keys):
        return _EMPTY_K, _EMPTY_C
    unique, inverse = np.unique(keys, return_inverse=True)
    return unique.astype(np.int32), np.bincount(inverse, weights=counts, minlength=len(unique)).astype(np.int64)


class Sketch:
    """Bins of one bucket (or of many merged): positive and negative (key, count) arrays and the
    count of zeros."""

    __slots__ = ("pos_k", "pos_c", "neg_k", "neg_c", "zero")

    def __init__(self, pos=(_EMPTY_K, _EMPTY_C), neg=(_EMPTY_K, _EMPTY_C), zero: int = 0):
        self.pos_k, self.pos_c = pos
        self.neg_k, self.neg_c = neg
        self.zero = int(zero)

    @classmethod
    def of(cls, values) -> "Sketch":
        """A sketch of these values, added in bulk."""
        v = np.asarray(values, dtype=np.float64)
        pos, neg = v[v >= _MIN], -v[v <= -_MIN]
        zero = len(v) - len(pos) - len(neg)
        ones = lambda a: np.ones(len(a), dtype=np.int64)  # noqa: E731
        return cls(_compact(_keys(pos), ones(pos)), _compact(_keys(neg), ones(neg)), zero)

    @classmethod
    def merged(cls, sketches) -> "Sketch":
        sketches = [s for s in sketches if s is not None]
        if len(sketches) == 1:
            return sketches[0]
        if not sketches:
            return cls()
        pos = _compact(np.concatenate([s.pos_k for s in sketches]), np.concatenate([s.pos_c for s in sketches]))
        neg = _compact(np.concatenate([s.neg_k for s in sketches]), np.concatenate([s.neg_c for s in sketches]))
        return cls(pos, neg, sum(s.zero for s in sketches))

    @property
    def count(self) -> int:
        return int(self.pos_c.sum() + self.neg_c.sum()) + self.zero

    def quantile(self, q: float, *, lo: float = -np.inf, hi: float = np.inf) -> float:
        """The value at quantile q in [0, 1] (NaN when empty), as DDSketch.get_quantile_value,
        clamped to [lo, hi] (the exact min and max when known)."""
        neg_total = int(self.neg_c.sum())
        total = neg_total + self.zero + int(self.pos_c.sum())
        if total == 0:
            return float("nan")
        rank = q * (total - 1)
        if rank < neg_total:
            # negative bins in descending order of value = ascending key from the largest magnitude
            k, c = self.neg_k[::-1], self.neg_c[::-1]
            i = int(np.searchsorted(np.cumsum(c), rank, side="right"))
            value = -MAPPING.value(int(k[min(i, len(k) - 1)]))
        elif rank < neg_total + self.zero:
            value = 0.0
        else:
            cum = np.cumsum(self.pos_c)
            i = int(np.searchsorted(cum, rank - neg_total - self.zero, side="right"))
            value = MAPPING.value(int(self.pos_k[min(i, len(self.pos_k) - 1)]))
        return float(min(max(value, lo), hi))

    def to_bytes(self) -> bytes:
        pairs = np.empty((len(self.pos_k) + len(self.neg_k), 2), dtype="<i4")
        pairs[:, 0] = np.concatenate([self.pos_k, self.neg_k])
        pairs[:, 1] = np.concatenate([self.pos_c, self.neg_c])
        return _HEADER.pack(_FORMAT, self.zero, len(self.pos_k), len(self.neg_k)) + pairs.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "Sketch":
        fmt, zero, npos, nneg = _HEADER.unpack_from(data)
        if fmt != _FORMAT:
            raise ValueError(f"unknown sketch format {fmt}")
        pairs = np.frombuffer(data, dtype="<i4", offset=_HEADER.size).reshape(-1, 2)
        return cls((pairs[:npos, 0], pairs[:npos, 1].astype(np.int64)),
                   (pairs[npos:, 0], pairs[npos:, 1].astype(np.int64)), zero)


DENSE_CELLS = 1 << 22  # cells of one dense (groups x bins) matrix at most


def _bins(blobs: list[bytes], groups: np.ndarray):
    """Every bin of every serialised sketch as (group, column, count) arrays, columns in value
    order (negative bins, zero, positive bins), and the value each column stands for. All blobs
    are read as one array: no Python step per bin."""
    words = np.frombuffer(b"".join(blobs), dtype="<i4")
    sizes = np.fromiter((len(b) >> 2 for b in blobs), dtype=np.int64, count=len(blobs))
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    zero, npos, nneg = words[starts + 1], words[starts + 2], words[starts + 3]
    n = (npos + nneg).astype(np.int64)
    first = np.concatenate([[0], np.cumsum(n)[:-1]])
    within = np.arange(int(n.sum())) - np.repeat(first, n)
    at = np.repeat(starts + 4, n) + 2 * within
    keys, counts = words[at].astype(np.int64), words[at + 1].astype(np.float64)
    negative = within >= np.repeat(npos, n)
    nk, pk = keys[negative], keys[~negative]
    nmax = int(nk.max()) if len(nk) else 0
    nwidth = nmax - int(nk.min()) + 1 if len(nk) else 0
    pmin = int(pk.min()) if len(pk) else 0
    pwidth = int(pk.max()) - pmin + 1 if len(pk) else 0
    column = np.where(negative, nmax - keys, nwidth + 1 + keys - pmin)
    values = np.zeros(nwidth + 1 + pwidth)
    if nwidth:
        values[:nwidth] = [-MAPPING.value(nmax - c) for c in range(nwidth)]
    if pwidth:
        values[nwidth + 1:] = [MAPPING.value(pmin + c) for c in range(pwidth)]
    return (np.concatenate([np.repeat(groups, n), groups]),
            np.concatenate([column, np.full(len(blobs), nwidth)]),
            np.concatenate([counts, zero.astype(np.float64)]), values)


def hist_quantiles(hist: np.ndarray, values: np.ndarray, qs: list[float], lo: np.ndarray,
                   hi: np.ndarray) -> np.ndarray:
    """(rows, len(qs)) quantiles of each row of a histogram, as DDSketch ranks them, clamped to
    each row's [lo, hi]; NaN for an empty row."""
    cum = np.cumsum(hist, axis=1)
    total = cum[:, -1]
    out = np.full((len(hist), len(qs)), np.nan)
    for j, q in enumerate(qs):
        rank = q * (total - 1)
        idx = np.minimum((cum <= rank[:, None]).sum(axis=1), hist.shape[1] - 1)
        out[:, j] = np.where(total > 0, np.clip(values[idx], lo, hi), np.nan)
    return out


def group_quantiles(blobs: list[bytes], groups: np.ndarray, ngroups: int, qs: list[float],
                    lo: np.ndarray, hi: np.ndarray, *, whole_qs: list[float] = (),
                    whole_lo: float = -np.inf, whole_hi: float = np.inf) -> tuple[np.ndarray, np.ndarray]:
    """The quantiles qs of the merge of each group's sketches (blob i in group groups[i]):
    (ngroups, len(qs)), NaN for an empty group, clamped to [lo, hi] per group; and whole_qs of
    all of them merged."""
    out = np.full((ngroups, len(qs)), np.nan)
    if not blobs:
        return out, np.full(len(whole_qs), np.nan)
    group, column, weights, values = _bins(blobs, np.asarray(groups, dtype=np.int64))
    width = len(values)
    whole = np.bincount(column, weights=weights, minlength=width)[None, :]
    whole = hist_quantiles(whole, values, list(whole_qs), np.array([whole_lo]), np.array([whole_hi]))[0]
    if qs:
        chunk = max(1, DENSE_CELLS // width)  # rows of one dense matrix
        for g0 in range(0, ngroups, chunk):
            g1 = min(ngroups, g0 + chunk)
            mine = (group >= g0) & (group < g1) if (g0, g1) != (0, ngroups) else slice(None)
            hist = np.bincount((group[mine] - g0) * width + column[mine], weights=weights[mine],
                               minlength=(g1 - g0) * width).reshape(g1 - g0, width)
            out[g0:g1] = hist_quantiles(hist, values, qs, lo[g0:g1], hi[g0:g1])
    return out, whole
