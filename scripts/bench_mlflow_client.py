"""MLflow's client side of `scripts/bench --only peers`.

Run by the python of the MLflow venv the bench installs (.bench/mlflow-venv), never by ours, one
operation per process: `python bench_mlflow_client.py OP JSON-ARGS`; prints one JSON line. The
timer starts after `import mlflow`, as the modelreg child's starts after `import modelreg`.
"""

import json
import sys
import time


def push(uri: str, name: str, path: str) -> dict:
    """What a user does to register a model directory: log it as a run's artifacts, register a version."""
    import mlflow
    from mlflow import MlflowClient
    mlflow.set_tracking_uri(uri)
    client = MlflowClient()
    started = time.perf_counter()
    with mlflow.start_run() as run:
        mlflow.log_artifacts(path, artifact_path="model")
    try:
        client.create_registered_model(name)
    except mlflow.exceptions.MlflowException:
        pass  # already registered by an earlier push
    version = client.create_model_version(name, source=f"{run.info.artifact_uri}/model", run_id=run.info.run_id)
    return {"seconds": time.perf_counter() - started, "version": version.version}


def pull(uri: str, name: str, version: str, dest: str) -> dict:
    import mlflow
    mlflow.set_tracking_uri(uri)
    started = time.perf_counter()
    mlflow.artifacts.download_artifacts(artifact_uri=f"models:/{name}/{version}", dst_path=dest)
    return {"seconds": time.perf_counter() - started}


def resolve(uri: str, name: str, version: str, alias: str, calls: int) -> dict:
    """Mean milliseconds of get_model_version_by_alias after a few warm-up calls."""
    from mlflow import MlflowClient
    client = MlflowClient(tracking_uri=uri)
    client.set_registered_model_alias(name, alias, version)
    for _ in range(5):
        client.get_model_version_by_alias(name, alias)
    started = time.perf_counter()
    for _ in range(calls):
        client.get_model_version_by_alias(name, alias)
    return {"mean_ms": (time.perf_counter() - started) / calls * 1000}


if __name__ == "__main__":
    print(json.dumps({"push": push, "pull": pull, "resolve": resolve}[sys.argv[1]](*json.loads(sys.argv[2]))))
