"""Mergeable quantile sketches for metric buckets: DDSketch (Masson, Rim, Lee, VLDB 2019) with 1%
relative accuracy, through DataDog's `ddsketch` library's logarithmic key mapping.

Why not the library's sketch object itself: it adds one value at a time in Python and its
protobuf serialisation is generated for an older protobuf runtime than ours. A bucket is rolled up
from thousands of points per ingest batch and a 24-hour query merges over a thousand buckets, so
the bins are kept here as sorted numpy arrays (key, count) per sign, keyed by the library's
mapping: adds, merges and quantiles are a few vectorised operations, and the quantile of merged
sketches is exactly what the library's DDSketch would answer for the same bins (clamped to the
bucket's exact min and max). Serialised compactly: a header, then int32 keys and uint32 counts.
"""

import struct

import numpy as np
from ddsketch.mapping import LogarithmicMapping

RELATIVE_ACCURACY = 0.01
MAPPING = LogarithmicMapping(RELATIVE_ACCURACY)
_MULT = MAPPING._multiplier
_OFFSET = MAPPING._offset
_MIN = MAPPING.min_possible
_HEADER = struct.Struct("<BQII")  # format version, zero count, positive bins, negative bins
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
        return b"".join((_HEADER.pack(_FORMAT, self.zero, len(self.pos_k), len(self.neg_k)),
                         self.pos_k.astype("<i4").tobytes(), self.pos_c.astype("<u4").tobytes(),
                         self.neg_k.astype("<i4").tobytes(), self.neg_c.astype("<u4").tobytes()))

    @classmethod
    def from_bytes(cls, data: bytes) -> "Sketch":
        fmt, zero, npos, nneg = _HEADER.unpack_from(data)
        if fmt != _FORMAT:
            raise ValueError(f"unknown sketch format {fmt}")
        o = _HEADER.size
        buf = memoryview(data)

        def take(n, dtype):
            nonlocal o
            a = np.frombuffer(buf[o:o + 4 * n], dtype=dtype)
            o += 4 * n
            return a
        pos_k, pos_c = take(npos, "<i4"), take(npos, "<u4").astype(np.int64)
        neg_k, neg_c = take(nneg, "<i4"), take(nneg, "<u4").astype(np.int64)
        return cls((pos_k, pos_c), (neg_k, neg_c), zero)
