"""`modelreg search`, `models --filter/--order-by`, `versions --filter/--order-by`, run as real
subprocesses against the real server, and how a bad filter is shown (a caret under the mistake)."""

import json

import pytest

from conftest import data_state, write_tree
from modelreg.cli import EXIT


def as_json(result) -> dict:
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0])


@pytest.fixture
def catalog(cli, model, tmp_path):
    """Three models of this test, `{model}-a` (f1 0.81, 0.93, 0.42) and `{model}-b` (0.95), team
    nlp, and `{model}-c` (0.97), team vision: returns the common prefix."""
    pushes = {"a": [("0.81", "nlp"), ("0.93", "nlp"), ("0.42", "nlp")], "b": [("0.95", "nlp")],
              "c": [("0.97", "vision")]}
    for suffix, versions in pushes.items():
        for i, (f1, team) in enumerate(versions):
            source = write_tree(tmp_path / f"{suffix}{i}", {"w.txt": f"{suffix} {i}".encode()})
            cli("push", f"{model}-{suffix}", source, "--metric", f"f1={f1}", "--metric", "loss=1",
                "--tag", f"team={team}")
    return model


def rows(stdout: str) -> list[list[str]]:
    """The table's rows (header first), split on runs of spaces."""
    return [line.split() for line in stdout.splitlines() if line.strip()]


def test_search_orders_across_models_and_shows_the_metric(cli, catalog):
    result = cli("search", f'model = "{catalog}-*" AND metrics.f1 > 0.9 AND tags.team = "nlp"',
                 "--order-by", "metrics.f1 desc")
    table = rows(result.stdout)
    assert table[0][:2] == ["VERSION", "F1"]
    assert [r[:2] for r in table[1:]] == [[f"{catalog}-b:v1", "0.95"], [f"{catalog}-a:v2", "0.93"]]


def test_search_json_limit_and_more(cli, catalog):
    data = as_json(cli("search", f'model = "{catalog}-*"', "--order-by", "metrics.f1", "--limit", "2", "--json"))
    assert [(v["model"], v["version"], v["metrics"]["f1"]) for v in data["versions"]] == [
        (f"{catalog}-a", 3, 0.42), (f"{catalog}-a", 1, 0.81)]
    assert data["more"] is True
    data = as_json(cli("search", f'model = "{catalog}-*"', "--limit", "0", "--json"))
    assert len(data["versions"]) == 5 and data["more"] is False
    text = cli("search", f'model = "{catalog}-*"', "--limit", "4").stdout
    assert "(the first 4; more match" in text


def test_search_without_matches(cli, catalog):
    result = cli("search", f'model = "{catalog}-*" AND metrics.f1 > 2')
    assert result.stdout.strip().endswith("no version matches")


def test_versions_filter_and_order(cli, catalog):
    data = as_json(cli("versions", f"{catalog}-a", "--filter", "metrics.f1 > 0.5", "--order-by", "metrics.f1 desc",
                       "--json"))
    assert [v["version"] for v in data["versions"]] == [2, 1]
    table = rows(cli("versions", f"{catalog}-a", "--order-by", "metrics.f1").stdout)
    assert table[0][:2] == ["VERSION", "F1"]
    assert [r[:2] for r in table[1:]] == [["3", "0.42"], ["1", "0.81"], ["2", "0.93"]]


def test_models_filter_and_order(cli, catalog):
    data = as_json(cli("models", "--filter", f'name = "{catalog}-*"', "--order-by", "name desc", "--json"))
    assert [m["name"] for m in data["models"]] == [f"models/{catalog}-{s}" for s in "cba"]
    data = as_json(cli("models", "--filter", f'name = "{catalog}-*" AND NOT name = "{catalog}-b"', "--json"))
    assert [m["name"] for m in data["models"]] == [f"models/{catalog}-{s}" for s in "ac"]


@pytest.mark.parametrize("command, text, position", [
    (["search"], "metrics.f1 > 0.9 AND", 20),
    (["search"], 'metrics.f1 > 0.9 AND tags.team = "nlp', 33),
    (["search"], "metric.f1 > 0.9", 0),
    (["versions", "{model}-a", "--filter"], "metrics.f1 >> 1", 12),
    (["models", "--filter"], 'tags.team = "nlp" OR', 20),
])
def test_a_bad_filter_points_at_the_mistake(cli, catalog, server, command, text, position):
    before = data_state(server.data)
    args = [a.replace("{model}", catalog) for a in command] + [text]
    result = cli(*args, check=False)
    assert result.returncode == EXIT["usage"] and result.stdout == ""
    message, line, caret = result.stderr.splitlines()
    assert message.startswith("modelreg: ") and message.endswith("[INVALID_ARGUMENT INVALID_FILTER]")
    assert f"position {position}" in message
    assert line == f"  {text}"
    assert caret == "  " + " " * position + "^"
    error = as_json(cli(*args, "--json", check=False))["error"]
    assert (error["code"], error["reason"], error["metadata"]["position"]) == (
        "INVALID_ARGUMENT", "INVALID_FILTER", str(position))
    assert error["metadata"]["expected"]
    assert data_state(server.data) == before


@pytest.mark.parametrize("command, order, position", [
    (["search"], "f1 desc", 0),
    (["search"], "metrics.f1 dsc", 11),
    (["versions", "{model}-a"], "metrics.f1 desc, f1", 17),
    (["models"], "name sideways", 5),
])
def test_a_bad_order_by_points_at_the_mistake(cli, catalog, command, order, position):
    result = cli(*[a.replace("{model}", catalog) for a in command], "--order-by", order, check=False)
    assert result.returncode == EXIT["usage"]
    message, line, caret = result.stderr.splitlines()
    assert message.endswith("[INVALID_ARGUMENT INVALID_ORDER_BY]") and f"position {position}" in message
    assert (line, caret) == (f"  {order}", "  " + " " * position + "^")


@pytest.mark.parametrize("limit", ["-1", "x"])
def test_search_limit_must_be_a_count(cli, limit):
    result = cli("search", "--limit", limit, check=False)
    assert result.returncode == 2 and "is not a count" in result.stderr


@pytest.mark.parametrize("text, position, caret", [
    ("a = 1 AND", 9, "  a = 1 AND\n           ^"),
    ("a = 1\nAND b >> 2", 12, "  AND b >> 2\n        ^"),
    ("名前 = x AND", 5, "  名前 = x AND\n         ^"),
    ("a =\t\tb c", 6, "  a =\t\tb c\n     \t\t ^"),
    ("a", 7, None),
    ("", 0, None),
])
def test_filter_pointer(text, position, caret):
    from modelreg.cli_search import filter_pointer
    assert filter_pointer(text, {"position": str(position)}) == caret
