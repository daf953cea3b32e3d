"""Runs link back (issue 17): a version records the training run that made it, an input of kind
`run` with the run's URL and the name its tracker shows, and `show`, lineage and the dashboard
lead back to it."""

import json
import os
import subprocess
import sys

import grpc
import httpx
import pytest

from conftest import ServerProcess, data_state, screenshot
from modelreg import ArgumentTypeError, Input, InvalidArgument, NotFound, Registry, run_of
from modelreg.v1 import resources_pb2 as r
from test_bad_input import refusal_info
from test_limits import create_version
from test_web import dashboard

MLFLOW_RUN = "https://mlflow.example.invalid/#/experiments/3/runs/4f2a9c"
WANDB_RUN = "https://wandb.example.invalid/acme/imdb/runs/1x2y3z"


def test_push_records_the_run(registry, model, model_dir):
    v = registry.push(model, model_dir, inputs=["s3://data/imdb"], run=MLFLOW_RUN, run_name="bright-owl-42")
    stored = registry.get_version(v.name)
    assert [(i.artifact.uri, i.artifact.kind, i.artifact.display_name, i.relation) for i in stored.inputs] == [
        ("s3://data/imdb", "", "", "trained_on"), (MLFLOW_RUN, "run", "bright-owl-42", "produced_by")]
    run = run_of(stored)
    assert (run.uri, run.display_name, run.kind) == (MLFLOW_RUN, "bright-owl-42", "run")
    graph = registry.lineage(v.name)
    node = next(n for n in graph.nodes if n.id == MLFLOW_RUN)
    assert node.artifact.display_name == "bright-owl-42"
    assert {(e.upstream, e.relation, e.downstream) for e in graph.edges} == {
        ("s3://data/imdb", "trained_on", v.name), (MLFLOW_RUN, "produced_by", v.name)}


def test_a_version_without_a_run_has_none(registry, model, model_dir):
    assert run_of(registry.push(model, model_dir, inputs=["s3://data/imdb"])) is None


def test_the_run_added_later_keeps_its_first_name(registry, model, model_dir):
    """The display name is not part of an input's identity: declaring the run again, renamed, changes nothing."""
    v = registry.push(model, model_dir)
    added = registry.add_lineage(v.name, [Input.of_run(WANDB_RUN, name="swift-fox-7")])
    assert (run_of(added).uri, run_of(added).display_name) == (WANDB_RUN, "swift-fox-7")
    again = registry.add_lineage(v.name, [Input.of_run(WANDB_RUN, name="renamed")])
    assert [(i.artifact.uri, i.artifact.display_name) for i in again.inputs] == [(WANDB_RUN, "swift-fox-7")]


def test_any_artifact_may_carry_a_display_name(registry, model, model_dir):
    v = registry.push(model, model_dir, inputs=[Input.of_artifact("s3://data/imdb/2024", kind="dataset",
                                                                 name="IMDB reviews, 2024 cut")])
    assert v.inputs[0].artifact.display_name == "IMDB reviews, 2024 cut" and run_of(v) is None


@pytest.mark.parametrize("name", ["r" * 201, "bad\nname", "tab\there", "del\x7f", "é" * 201],
                         ids=["201-chars", "newline", "tab", "del", "201-two-byte-chars"])
def test_a_bad_display_name_is_refused_and_changes_nothing(server, registry, model, model_dir, name):
    registry.push(model, model_dir)
    before = data_state(server.data)
    with pytest.raises(InvalidArgument) as e:
        registry.push(model, model_dir, run=MLFLOW_RUN, run_name=name)
    assert e.value.reason == "INVALID_LINEAGE" and e.value.metadata.get("limit") == "200"
    with pytest.raises(InvalidArgument) as e:
        registry.add_lineage(f"{model}:v1", [Input.of_run(MLFLOW_RUN, name=name)])
    assert e.value.reason == "INVALID_LINEAGE"
    assert data_state(server.data) == before
    assert list(registry.get_version(f"{model}:v1").inputs) == []


def test_a_display_name_of_200_characters_is_kept(registry, model, model_dir):
    v = registry.push(model, model_dir, run=MLFLOW_RUN, run_name="é" * 200)
    assert run_of(v).display_name == "é" * 200


@pytest.mark.parametrize("kwargs, says", [
    ({"run_name": "bright-owl-42"}, "give its URL as run="),
    ({"run": 42}, "must be str"),
    ({"run": MLFLOW_RUN, "run_name": 7}, "must be str"),
])
def test_a_run_name_without_a_run_or_not_text_is_refused_before_any_call(server, registry, model, model_dir,
                                                                          kwargs, says):
    before = data_state(server.data)
    with pytest.raises(ArgumentTypeError) as e:
        registry.push(model, model_dir, **kwargs)
    assert e.value.reason == "INVALID_LINEAGE" and says in str(e.value)
    assert data_state(server.data) == before


def test_through_the_stub_a_display_name_on_the_wire_is_checked(server, registry, model):
    """A client that is not the SDK is held to the same rule."""
    before = data_state(server.data)
    code, reason, metadata = refusal_info(create_version, registry, model, inputs=[r.LineageInput(
        artifact=r.ExternalArtifact(uri=MLFLOW_RUN, kind="run", display_name="x\x00y"), relation="produced_by")])
    assert (code, reason, metadata) == (grpc.StatusCode.INVALID_ARGUMENT, "INVALID_LINEAGE", {"limit": "200"})
    assert data_state(server.data) == before
    with pytest.raises(NotFound):  # not even the model a first CreateVersion makes
        registry.get_model(model)


# The CLI

def modelreg(server, *args, env=None):
    """The real CLI, with no MODELREG_RUN of the test runner's own environment but what `env` sets."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MODELREG_")}
    return subprocess.run([sys.executable, "-m", "modelreg", *map(str, args)], capture_output=True, text=True,
                          timeout=120, env={**environ, **(env or {}), "MODELREG_SERVER": server.address})


def run_cli(server, *args, env=None):
    result = modelreg(server, *args, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_cli_push_run_shown_by_show_and_lineage(server, model, model_dir):
    run_cli(server, "push", model, model_dir, "--run", MLFLOW_RUN, "--run-name", "bright-owl-42",
            "--input", "s3://data/imdb")
    shown = run_cli(server, "show", f"{model}:v1")
    assert f"run:     bright-owl-42 {MLFLOW_RUN}" in shown
    assert "s3://data/imdb" in shown and shown.count(MLFLOW_RUN) == 1  # the run is not listed again as an input
    data = json.loads(run_cli(server, "show", f"{model}:v1", "--json"))
    assert {"artifact": {"uri": MLFLOW_RUN, "digest": "", "kind": "run", "display_name": "bright-owl-42"},
            "relation": "produced_by"} in data["inputs"]
    lineage = run_cli(server, "lineage", f"{model}:v1")
    assert f"bright-owl-42 <{MLFLOW_RUN}> --produced_by--> models/{model}/versions/1" in lineage.splitlines()


def test_cli_run_from_the_environment(server, model, model_dir):
    """A training job's launcher sets MODELREG_RUN (and its name) once; every push of the job records it."""
    run_cli(server, "push", model, model_dir, env={"MODELREG_RUN": WANDB_RUN, "MODELREG_RUN_NAME": "swift-fox-7"})
    shown = run_cli(server, "show", f"{model}:v1")
    assert f"run:     swift-fox-7 {WANDB_RUN}" in shown


def test_cli_run_without_a_name_shows_its_url(server, model, model_dir):
    run_cli(server, "push", model, model_dir, "--run", WANDB_RUN)
    assert f"run:     {WANDB_RUN}\n" in run_cli(server, "show", f"{model}:v1")


def test_cli_bad_run_name_is_a_usage_error_naming_the_limit(server, model, model_dir):
    run_cli(server, "push", model, model_dir)  # its chunks are stored: the refused push finds nothing to upload
    before = data_state(server.data)
    result = modelreg(server, "push", model, model_dir, "--run", MLFLOW_RUN, "--run-name", "n" * 201)
    assert result.returncode == 2 and "display name" in result.stderr and "200" in result.stderr
    assert data_state(server.data) == before


# The dashboard

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    srv = ServerProcess(tmp_path_factory.mktemp("runs-web") / "data", "--http", "127.0.0.1:0").start()
    url = dashboard(srv)
    model_dir = tmp_path_factory.mktemp("model")
    (model_dir / "weights.bin").write_bytes(b"w" * 5000)
    with Registry(srv.address, timeout=30) as reg:
        reg.push("runs-linked", model_dir, run=f"{url}models?from=run", run_name="bright-owl-42",
                 inputs=["s3://data/imdb"])
        reg.push("runs-hostile", model_dir, run="javascript:alert(1)", run_name='<img src=x onerror="alert(2)">')
        reg.push("runs-plain", model_dir)
    yield srv, url
    srv.stop()


def test_version_page_links_to_its_run(site):
    srv, url = site
    with httpx.Client(base_url=url) as http:
        data = http.get("/models/runs-linked/versions/1", params={"format": "json"}).json()["version"]
        page = http.get("/models/runs-linked/versions/1").text
    run_url = f"{url}models?from=run"
    assert data["run"] == {"relation": "produced_by", "uri": run_url, "digest": "", "kind": "run",
                           "display_name": "bright-owl-42", "link": run_url}
    assert data["run"] in data["inputs"]
    assert (f'<p id="run">From run <a href="{run_url}" rel="noopener noreferrer nofollow">bright-owl-42</a></p>'
            in page)


def test_a_run_that_is_not_a_web_page_is_shown_not_linked(site):
    srv, url = site
    with httpx.Client(base_url=url) as http:
        data = http.get("/models/runs-hostile/versions/1", params={"format": "json"}).json()["version"]
        page = http.get("/models/runs-hostile/versions/1").text
        lineage = http.get("/models/runs-hostile/versions/1/lineage").text
    assert data["run"]["link"] == "" and data["run"]["uri"] == "javascript:alert(1)"
    assert 'href="javascript:' not in page and 'href="javascript:' not in lineage
    assert "<img src=x" not in page and "&lt;img src=x onerror=" in page
    assert "<img src=x" not in lineage
    assert "<code>javascript:alert(1)</code>" in page


def test_a_version_without_a_run_says_nothing_of_one(site):
    srv, url = site
    with httpx.Client(base_url=url) as http:
        data = http.get("/models/runs-plain/versions/1", params={"format": "json"}).json()["version"]
        page = http.get("/models/runs-plain/versions/1").text
    assert data["run"] is None and 'id="run"' not in page


def test_lineage_page_names_the_run_and_links_it(site):
    srv, url = site
    run_url = f"{url}models?from=run"
    with httpx.Client(base_url=url) as http:
        data = http.get("/models/runs-linked/versions/1/lineage", headers={"Accept": "application/json"}).json()
        page = http.get("/models/runs-linked/versions/1/lineage").text
    node = next(n for n in data["nodes"] if n["name"] == run_url)
    assert node["display_name"] == "bright-owl-42" and node["artifact_kind"] == "run"
    assert (f'<a class="node" href="{run_url.replace("&", "&amp;")}" rel="noopener noreferrer nofollow" '
            f'data-key="{run_url}">') in page
    assert ">bright-owl-42</text>" in page
    assert '<g class="node" data-key="s3://data/imdb">' in page  # not a web page: a plain box


def test_following_the_run_link_in_a_browser(site, browser):
    srv, url = site
    context = browser.new_context(base_url=url)
    page = context.new_page()
    script_errors = []
    page.on("pageerror", lambda e: script_errors.append(str(e)))
    page.goto("/models/runs-linked/versions/1")
    link = page.locator("#run a")
    assert link.inner_text() == "bright-owl-42"
    screenshot(page, "version-run")
    link.click()
    page.wait_for_url("**/models?from=run")
    assert "Models" in page.locator("h1").first.inner_text()
    page.goto("/models/runs-hostile/versions/1")
    assert page.locator("#run a").count() == 0
    assert "<img src=x" in page.locator("#run").inner_text()  # shown as text, never run
    assert script_errors == []
    context.close()
