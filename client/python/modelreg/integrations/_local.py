"""The one place the integrations get a version's files on this machine.

Every framework helper loads from a directory: frameworks open files by path (an ONNX model's
external data, a tokenizer's vocabulary beside its config), and a directory kept by version
digest can be opened again, memory-mapped, without another download. `local_dir` asks the
Registry for a snapshot when it has one (the shared content-addressed cache of the SDK);
otherwise it pulls the version once into a directory of its own named by the version digest,
which a version's immutability makes safe to reuse."""

import os
import time
from pathlib import Path

from ..registry import Registry

WAIT_FOR_OTHER_PULL = 600.0  # seconds another process may take to finish pulling the same version


def cache_root() -> Path:
    """Where versions pulled for the integrations are kept: $MODELREG_CACHE/integrations, else
    $XDG_CACHE_HOME/modelreg/integrations (~/.cache/modelreg/integrations)."""
    base = os.environ.get("MODELREG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "modelreg")
    return Path(base) / "integrations"


def local_dir(registry: Registry, reference: str) -> Path:
    """A directory holding the files of the version `reference` names (treat it as read-only).

    A moving alias is resolved once, here: the directory is that version's, named by its digest,
    and pulled by digest, so the alias moving during the pull cannot mix two versions."""
    snapshot = getattr(registry, "snapshot", None)
    if snapshot is not None:
        return Path(snapshot(reference))
    version = registry.get_version(reference)
    digest = version.digest.removeprefix("sha256:")
    dest = cache_root() / version.model / digest
    deadline = time.monotonic() + WAIT_FOR_OTHER_PULL
    while not dest.is_dir():
        try:
            registry.pull(f"{version.model}@{version.digest}", dest)
        except FileExistsError:
            break  # another process finished the same pull first: the same bytes
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)  # another process is pulling this version into dest right now
    return dest


def file_in(registry: Registry, reference: str, path: str) -> Path:
    """The local copy of one file of a version; FileNotFoundError naming the version's files if
    it has no such file. A path that would leave the version's directory (`../x`, `/etc/x`) is
    one it has not: the caller names files of the version, never of this machine."""
    root = local_dir(registry, reference)
    target = root / path
    if not target.resolve().is_relative_to(root.resolve()) or not target.is_file():
        present = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        raise FileNotFoundError(f"{reference} has no file {path!r}; it has: {', '.join(present[:20]) or 'none'}"
                                + (" ..." if len(present) > 20 else ""))
    return target
