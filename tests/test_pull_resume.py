"""A killed pull resumes: the real `modelreg pull` is SIGKILLed at random points while it writes,
run again, and completes with identical bytes, downloading only what its staging directory did
not already hold verified; nothing partial is left once it completes, and stale stagings go."""

import json
import os
import random
import re
import signal
import subprocess
import sys
import time

import pytest

from conftest import stored_chunk, tree, write_tree
from modelreg import Registry
from modelreg.errors import IntegrityError
from modelreg.staging import STALE_AFTER, staging_name
from modelreg.transfer import CHUNK_MAX

KILLS = 5


@pytest.fixture
def big(tmp_path):
    """56 MB of random data over several files (an empty one too), so kills land in any of them."""
    rng = random.Random(1234)
    return write_tree(tmp_path / "big", {
        "a.bin": rng.randbytes(20_000_000),
        "nested/b.bin": rng.randbytes(24_000_000),
        "c.bin": rng.randbytes(12_000_000),
        "empty.txt": b"",
        "config.json": b'{"layers": 12}',
    })


def stagings(parent) -> list:
    return sorted(p.name for p in parent.iterdir() if p.name.endswith(".incomplete"))


def staged_bytes(staging) -> int:
    files = staging / "files"
    return sum(p.stat().st_size for p in files.rglob("*") if p.is_file()) if files.exists() else 0


def cli_pull(server, reference: str, dest, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "MODELREG_SERVER": server.address}
    return subprocess.Popen([sys.executable, "-m", "modelreg", "pull", reference, str(dest), "--json"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def kill_when_staged(proc: subprocess.Popen, staging, threshold: int) -> None:
    """SIGKILLs proc as soon as its staging holds `threshold` bytes."""
    while proc.poll() is None and staged_bytes(staging) < threshold:
        time.sleep(0.001)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)


def download_offsets(server, name: str) -> list[int]:
    """The offset of every DownloadVersion of `name`, in order, from the server's log."""
    pattern = re.compile(rf"download {re.escape(name)} from offset (\d+)")
    return [int(m.group(1)) for m in pattern.finditer(server.log.read_text())]


def test_killed_pull_resumes_and_downloads_only_the_rest(own_server, tmp_path, big):
    with Registry(own_server.address, timeout=60) as reg:
        version = reg.push("big", big)
    total = version.total_size
    dest = tmp_path / "deploy" / "model"
    dest.parent.mkdir()
    staging = dest.parent / staging_name(dest, version.digest)
    rng = random.Random()
    on_disk = []  # bytes the staging held after each kill
    for _ in range(KILLS):
        held = on_disk[-1] if on_disk else 0
        threshold = min(held + int(rng.uniform(0.03, 0.14) * total), int(0.75 * total))
        proc = cli_pull(own_server, "big:v1", dest)
        kill_when_staged(proc, staging, threshold)
        assert proc.returncode == -signal.SIGKILL, "the pull finished before it could be killed"
        assert not dest.exists() and stagings(dest.parent) == [staging.name]
        on_disk.append(staged_bytes(staging))
    done = subprocess.run([sys.executable, "-m", "modelreg", "pull", "big:v1", str(dest), "--json"],
                          env={**os.environ, "MODELREG_SERVER": own_server.address},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    resumed = json.loads(done.stdout)["resumed_from"]
    assert tree(dest) == tree(big)
    assert list(dest.parent.iterdir()) == [dest]
    offsets = download_offsets(own_server, version.name)
    assert len(offsets) == KILLS + 1 and offsets[0] == 0
    # Each run asked only for what the runs before it had not left verified (all but, at most, the
    # one chunk a kill cut in half).
    for offset, held in zip(offsets[1:], on_disk):
        assert held - CHUNK_MAX < offset <= held
    assert offsets[-1] == resumed > 0


def interrupted_pull(reg: Registry, reference: str, dest, after: int) -> int:
    """Pulls until `after` bytes are down, then raises from the progress callback, as a caller's
    own exception would; returns the bytes done by then."""
    seen = []

    def stop(phase, done, total):
        seen.append(done)
        if done >= after:
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        reg.pull(reference, dest, on_progress=stop)
    return seen[-1]


def first_progress(reg: Registry, reference: str, dest, **kwargs) -> int:
    calls = []
    reg.pull(reference, dest, on_progress=lambda phase, done, total: calls.append(done), **kwargs)
    return calls[0]


def test_a_pull_stopped_by_an_exception_keeps_its_staging_and_resumes(own_server, tmp_path, big):
    dest = tmp_path / "out"
    with Registry(own_server.address, timeout=60) as reg:
        version = reg.push("stopped", big)
        stopped_at = interrupted_pull(reg, "stopped:v1", dest, after=30_000_000)
        staging = tmp_path / staging_name(dest, version.digest)
        assert json.loads((staging / "progress.json").read_text()) == {"digest": version.digest, "offset": stopped_at}
        assert first_progress(reg, "stopped:v1", dest) == stopped_at
    assert tree(dest) == tree(big)
    assert stagings(tmp_path) == []
    assert download_offsets(own_server, version.name) == [0, stopped_at]


def test_a_resumed_pull_trusts_only_bytes_that_hash_right(own_server, tmp_path, big):
    """Bytes the progress record does not vouch for are checked chunk by chunk: the first damaged
    chunk and everything after it are downloaded again."""
    dest = tmp_path / "out"
    with Registry(own_server.address, timeout=60) as reg:
        version = reg.push("damaged", big)
        interrupted_pull(reg, "damaged:v1", dest, after=30_000_000)
        staging = tmp_path / staging_name(dest, version.digest)
        (staging / "progress.json").unlink()
        entry = next(f for f in version.files if f.path == "c.bin")  # files go in path order: a, c, ...
        start = sum(f.size for f in version.files[:list(version.files).index(entry)])
        damaged = entry.chunks[3]
        at = sum(c.size for c in entry.chunks[:3]) + damaged.size // 2
        with open(staging / "files" / "c.bin", "r+b") as f:
            f.seek(at)
            byte = f.read(1)
            f.seek(at)
            f.write(bytes([byte[0] ^ 0xFF]))
        assert first_progress(reg, "damaged:v1", dest) == start + at - damaged.size // 2
    assert tree(dest) == tree(big)
    assert stagings(tmp_path) == []


def test_stale_stagings_are_cleaned_and_others_kept(own_server, tmp_path, big):
    dest = tmp_path / "model"
    small = write_tree(tmp_path / "small", {"w.bin": os.urandom(2_000_000)})
    with Registry(own_server.address, timeout=60) as reg:
        v1 = reg.push("stale", big)
        reg.push("stale", small)
        interrupted_pull(reg, "stale:v1", dest, after=10_000_000)
        abandoned = tmp_path / staging_name(dest, v1.digest)
        assert abandoned.exists()
        old_other = write_tree(tmp_path / ".elsewhere.modelreg-0123456789abcdef.incomplete", {"files/x": b"x"})
        long_ago = time.time() - STALE_AFTER - 60
        os.utime(old_other, (long_ago, long_ago))
        fresh_other = write_tree(tmp_path / ".other.modelreg-fedcba9876543210.incomplete", {"files/y": b"y"})
        # Another version into the same destination abandons the partial pull of v1.
        assert first_progress(reg, "stale:v2", dest) == 0
    assert tree(dest) == tree(small)
    assert stagings(tmp_path) == [fresh_other.name]
    assert not abandoned.exists() and not old_other.exists()


def test_a_damaged_download_discards_nothing_it_verified(own_server, tmp_path, big):
    """A chunk that fails its digest is never written: the staging keeps what came before it."""
    data = own_server.data
    dest = tmp_path / "out"
    with Registry(own_server.address, timeout=60) as reg:
        version = reg.push("rot", big)
        entry = next(f for f in version.files if f.path == "nested/b.bin")
        digest = entry.chunks[10].digest
        path = stored_chunk(data / "blobs", digest)
        good = path.read_bytes()
        path.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))
        with pytest.raises(IntegrityError):
            reg.pull("rot:v1", dest)
        staging = tmp_path / staging_name(dest, version.digest)
        kept = staged_bytes(staging)
        assert kept >= 20_000_000
        path.write_bytes(good)
        assert first_progress(reg, "rot:v1", dest) == kept
    assert tree(dest) == tree(big)
    assert stagings(tmp_path) == []


def test_two_pulls_into_one_destination_do_not_share_a_staging(own_server, tmp_path, big):
    from modelreg.staging import Staging
    with Registry(own_server.address, timeout=60) as reg:
        version = reg.push("busy", big)
        holder = Staging(tmp_path / "out", version.digest)
        with pytest.raises(BlockingIOError) as e:
            reg.pull("busy:v1", tmp_path / "out")
        assert "another pull into" in str(e.value)
        holder.release()
        reg.pull("busy:v1", tmp_path / "out")
    assert tree(tmp_path / "out") == tree(big)

