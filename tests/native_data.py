"""Seeded inputs for tests/test_native.py. tests/fixtures/native_vectors.json holds what pyfastcdc
and the pure-Python codec made of them before the native pipeline replaced both (cut points, chunk
digests, encoded payload digests), so stored digests and the wire format are proven unchanged."""

import random
import struct


def floats(seed: int, count: int) -> bytes:
    rng = random.Random(seed)
    return struct.pack(f"<{count}f", *(rng.gauss(0, 0.02) for _ in range(count)))


def bf16(data: bytes) -> bytes:
    """The upper halves of FP32 words (BF16 by truncation)."""
    return b"".join(data[i + 2:i + 4] for i in range(0, len(data), 4))


def text(seed: int, size: int) -> bytes:
    rng = random.Random(seed)
    words = [b"model", b"weight", b"layer", b"tensor", b"alias", b"registry", b"chunk", b"digest"]
    out = bytearray()
    while len(out) < size:
        out += b" ".join(rng.choice(words) for _ in range(rng.randint(3, 12))) + b"\n"
    return bytes(out[:size])


def cut_inputs() -> dict[str, bytes]:
    rng = random.Random(15)
    random_mb = rng.randbytes(4 * 1024 * 1024 + 12345)
    block = rng.randbytes(200 * 1024)
    repetitive = (block + b"\0" * 70000 + text(2, 300000)) * 4 + block[:1000]
    return {
        "empty": b"",
        "tiny": b"modelreg",
        "min": random_mb[:32 * 1024],
        "min_plus_one": random_mb[:32 * 1024 + 1],
        "random": random_mb,
        "repetitive": repetitive,
        "zeros": b"\0" * (2 * 1024 * 1024 + 7),
        # Over two of scan_file's 8 MiB read blocks, with zeros across the first boundary.
        "large": rng.randbytes(8 * 1024 * 1024 - 100000) + b"\0" * 1500000 + rng.randbytes(10 * 1024 * 1024),
    }


def codec_inputs() -> dict[str, tuple[bytes, list]]:
    fp32 = floats(4, 64 * 1024)
    return {
        "empty": (b"", [None, 0, 2]),
        "one": (b"x", [None, 2, 4]),
        "three": (b"abc", [2, 4]),
        "random": (random.Random(5).randbytes(256 * 1024), [None, 0, 2]),
        "text": (text(6, 256 * 1024), [None, 0, 4]),
        "fp32": (fp32, [None, 0, 2, 4]),
        "bf16": (bf16(fp32), [None, 2, 4]),
        "bf16_odd": (bf16(fp32)[:-1], [None, 2]),
        "fp32_small": (fp32[:4 * 1000 + 3], [None, 4]),
    }
