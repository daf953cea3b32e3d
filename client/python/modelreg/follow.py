"""The deploy agent: follow an alias and keep a directory pointing at the version it names.

    DIR/versions/<n>/   each version (complete, verified, renamed into place): a tree of hard links
                        to its files in the shared cache (cache.py), so the kept versions cost the
                        space of their distinct content and a new one downloads only the chunks it
                        changed; read-only files. With cache=False, a pull of the whole version.
    DIR/current         a symlink to versions/<n>, swapped atomically (rename over the old link)

On start and every time the alias moves, the new version is pulled, `current` switched, the
callback (or --exec command) run, and versions beyond `keep` removed, never the current one. The
watch resumes from the last event it saw across disconnects and server restarts, and the agent
re-resolves the alias after any failure, so it converges on wherever the alias points.

With `report_labels` (the CLI: on unless --no-report, labels {deployment: --deployment or the
hostname}), each swap is reported as production metrics of the version now in service, through
the SDK's background reporter (Registry.report): `follow.version_in_service` (the version number)
and `follow.swap_seconds` (pull + switch); the CLI adds `follow.exec_exit_code` after --exec. The
registry then knows which version runs where. Reporting never blocks or fails the agent.
"""

import logging
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, Union

from . import retry
from .errors import ModelregError, NotFound
from .v1 import resources_pb2 as r

if TYPE_CHECKING:
    from .registry import Registry, Watch

log = logging.getLogger("modelreg.follow")


@dataclass(frozen=True)
class Deployed:
    model: str
    alias: str
    version: int
    digest: str
    path: Path


def current_version(directory: Path) -> int | None:
    link = Path(directory) / "current"
    try:
        return int(Path(os.readlink(link)).name)
    except (OSError, ValueError):
        return None


def switch_current(directory: Path, number: int) -> None:
    """Points DIR/current at versions/<number> with one rename: readers see the old or the new."""
    tmp = directory / f".current-{os.getpid()}-{threading.get_ident()}"
    if tmp.is_symlink():
        tmp.unlink()
    os.symlink(f"versions/{number}", tmp)
    os.replace(tmp, directory / "current")
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prune(directory: Path, keep: int) -> list[int]:
    """Removes the oldest versions beyond `keep`, never the current one; returns those removed."""
    current = current_version(directory)
    numbers = sorted((int(p.name) for p in (directory / "versions").iterdir() if p.name.isdigit()), reverse=True)
    kept = [n for n in numbers if n == current][:1]
    for n in numbers:
        if len(kept) >= keep:
            break
        if n not in kept:
            kept.append(n)
    removed = [n for n in numbers if n not in kept]
    for n in removed:
        shutil.rmtree(directory / "versions" / str(n), ignore_errors=True)
    return removed


def follow(registry: "Registry", reference: str, directory: Union[str, "os.PathLike[str]"], *, keep: int = 3,
           on_version: Callable[[Deployed], None] | None = None, stop: threading.Event | None = None,
           retry_interval: float | None = None, report_labels: Mapping[str, str] | None = None,
           cache: bool = True) -> None:
    """Runs the agent until `stop` is set. `reference` is MODEL:ALIAS. With report_labels, swaps
    are reported as metrics of the version swapped to (see the module docstring). A failure is
    retried by the SDK's retry policy (retry.py: its backoff, counting failures in a row; once the
    agent is caught up and watching, the count starts again); retry_interval: a fixed wait instead."""
    model, sep, alias = reference.partition(":")
    if not sep or not alias:
        raise ValueError(f"follow needs MODEL:ALIAS, got {reference!r}")
    root = Path(directory)
    (root / "versions").mkdir(parents=True, exist_ok=True)
    stopped = stop or threading.Event()
    failures = 0
    while not stopped.is_set():
        watch = None
        try:
            after = registry.event_head()
            _converge(registry, model, alias, root, keep, on_version, report_labels, cache)
            failures = 0
            watch = registry.watch(after=after, models=[model], aliases=[alias])
            stopper = threading.Thread(target=_close_when_set, args=(stopped, watch), daemon=True)
            stopper.start()
            for event in watch:
                if event.type == r.EVENT_TYPE_ALIAS_SET:
                    _converge(registry, model, alias, root, keep, on_version, report_labels, cache)
                elif event.type == r.EVENT_TYPE_ALIAS_DELETED:
                    log.warning("%s:%s was removed; keeping version %s", model, alias, current_version(root))
        except ModelregError as e:
            wait = retry.delay(failures, e) if retry_interval is None else retry_interval
            failures += 1
            log.warning("follow %s: %s; retrying in %.1fs", reference, e, wait)
            if watch:
                watch.close()
            stopped.wait(wait)


def _close_when_set(stop: threading.Event, watch: "Watch") -> None:
    stop.wait()
    watch.close()


def _converge(registry: "Registry", model: str, alias: str, directory: Path, keep: int,
              on_version: Callable[[Deployed], None] | None, report_labels: Mapping[str, str] | None = None,
              cache: bool = True) -> None:
    """Makes DIR/current the version the alias points at now (pulling it if needed)."""
    try:
        version = registry.get_version(f"{model}:{alias}")
    except NotFound:
        log.info("%s:%s does not exist yet; waiting", model, alias)
        return
    if current_version(directory) == version.number:
        return
    target = directory / "versions" / str(version.number)
    started = time.monotonic()
    if not target.exists() and cache:
        from .cache import materialize
        materialize(registry.snapshot(version.name), target)
        log.info("linked %s from the cache in %.1fs", version.name, time.monotonic() - started)
    elif not target.exists():
        registry.pull(version.name, target)
        log.info("pulled %s in %.1fs", version.name, time.monotonic() - started)
    switch_current(directory, version.number)
    if report_labels is not None:
        report(registry, version.name, {"follow.version_in_service": version.number,
                                        "follow.swap_seconds": time.monotonic() - started}, report_labels)
    deployed = Deployed(model, alias, version.number, version.digest, target.resolve())
    log.info("%s:%s -> v%d", model, alias, version.number)
    if on_version:
        on_version(deployed)
    prune(directory, keep)


def report(registry: "Registry", reference: str, metrics: Mapping[str, float], labels: Mapping[str, str]) -> None:
    """Reports through the background reporter; whatever goes wrong, following goes on."""
    try:
        registry.report(reference, metrics, labels=labels)
    except Exception as e:  # report() does not raise; this guards the agent against anything else
        log.warning("reporting %s: %s", reference, e)
