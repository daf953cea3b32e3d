"""A training script's use of the SDK, end to end: train, push the model directory as a new
version with its metrics, params and lineage, promote it, pull it back, and watch the alias.

    python client/python/examples/train_and_push.py --server 127.0.0.1:50051 --model sentiment

It is also the SDK's typing check: CI runs `mypy --strict` on it against the installed package
(tests/test_typing.py), so every call below must type-check without a cast or an ignore."""

import argparse
import json
import random
import threading
from pathlib import Path
from tempfile import TemporaryDirectory

from modelreg import Conflict, Input, ModelregError, NotFound, Registry
from modelreg.follow import Deployed
from modelreg.v1.resources_pb2 import Event, Version


def train(out: Path, *, learning_rate: float, epochs: int) -> dict[str, float]:
    """Stands in for real training: writes weights and a config, returns the evaluation."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(epochs)
    (out / "weights.bin").write_bytes(bytes(rng.randrange(256) for _ in range(64 * 1024)))
    config: dict[str, float] = {"learning_rate": learning_rate, "epochs": epochs}
    (out / "config.json").write_text(json.dumps(config))
    return {"f1": 0.80 + rng.random() / 10, "loss": 0.3 - rng.random() / 10}


def on_progress(phase: str, done: int, total: int) -> None:
    if done == total:
        print(f"{phase}: {total} bytes")


def push_and_promote(reg: Registry, model: str, out: Path) -> Version:
    learning_rate, epochs = 3e-4, 3
    evaluation = train(out, learning_rate=learning_rate, epochs=epochs)
    version = reg.push(model, out, aliases=["candidate"], metrics=evaluation,
                       params={"learning_rate": str(learning_rate), "epochs": str(epochs)},
                       tags={"team": "nlp"}, description="# Sentiment\nTrained by the example script.",
                       inputs=[Input.of_artifact("s3://data/imdb", kind="dataset")], on_progress=on_progress)
    print(f"pushed {version.name} ({version.digest[:19]}), f1 {version.metrics['f1']:.3f}")
    try:
        current = reg.get_version(f"{model}:staging")
        expect: int | None = current.number
        better = version.metrics["f1"] > current.metrics.get("f1", 0.0)
    except NotFound:
        expect, better = 0, True
    if better:
        try:
            alias = reg.set_alias(model, "staging", version.number, expect=expect)
            print(f"{model}:{alias.alias} -> v{alias.version}")
        except Conflict as e:
            print(f"staging moved meanwhile ({e.reason}); leaving it")
    return version


def watch_aliases(reg: Registry, model: str, after: int, limit: int) -> list[Event]:
    seen: list[Event] = []
    watch = reg.watch(after=after, models=[model], types=["ALIAS_SET"], reconnect=False)
    timer = threading.Timer(5.0, watch.close)
    timer.start()
    for event in watch:
        seen.append(event)
        if len(seen) >= limit:
            break
    timer.cancel()
    watch.close()
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", default=None)
    parser.add_argument("--model", default="sentiment")
    args = parser.parse_args()
    server: str | None = args.server
    model: str = args.model
    try:
        with Registry(server, timeout=30) as reg, TemporaryDirectory() as tmp:
            after = reg.event_head()
            version = push_and_promote(reg, model, Path(tmp) / "out")
            pulled = reg.pull(f"{model}:v{version.number}", Path(tmp) / "pulled")
            print(f"pulled {pulled.name}: {pulled.total_size} bytes in {len(pulled.files)} files")
            for event in watch_aliases(reg, model, after, limit=3):
                print(f"event {event.sequence}: {event.model}:{event.alias} -> v{event.version}")
            deployed: list[Deployed] = []
            stop = threading.Event()

            def agent_main() -> None:
                reg.follow(f"{model}:candidate", Path(tmp) / "serving", stop=stop, on_version=deployed.append)

            agent = threading.Thread(target=agent_main)
            agent.start()
            stop.wait(3.0)
            stop.set()
            agent.join()
            for d in deployed:
                print(f"deployed {d.model}:{d.alias} v{d.version} at {d.path}")
            reg.report(f"{model}:candidate", {"latency_ms": 12.5}, labels={"deployment": "example"})
            reg.flush_reports(timeout=5.0)
    except ModelregError as e:
        print(f"modelreg: {e}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
