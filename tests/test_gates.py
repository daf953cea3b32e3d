"""Promotion gates (issue 18): a protection rule's `require` filter over the target version, checked
on every move onto the alias, for everyone, admins included: the SDK's set_alias, push(aliases=),
the CLI's `alias set`; refusals are FAILED_PRECONDITION / PROMOTION_BLOCKED naming each failed
clause and the version's actual value, and change nothing. A real server started with --auth."""

import json
import os
import subprocess
import sys

import pytest

from modelreg.errors import FailedPrecondition, InvalidArgument

from conftest import data_state, write_tree

GATE = "metrics.f1 >= 0.9 AND description:*"


def run_cli(secured, *args, who="root", check=None):
    env = {**os.environ, "MODELREG_SERVER": secured.server.address, "MODELREG_TOKEN": secured.tokens[who]}
    result = subprocess.run([sys.executable, "-m", "modelreg", *map(str, args)], capture_output=True, text=True,
                            env=env, timeout=60)
    if check is not None:
        assert result.returncode == check, result.stdout + result.stderr
    return result


@pytest.fixture
def src(tmp_path):
    return write_tree(tmp_path / "m", {"w.bin": os.urandom(50_000), "c.json": b"{}"})


def _unmet(secured, model, src, alias="production"):
    """A rule gating alias on model, and version 1: no card (description), f1 below the threshold."""
    with secured.client("root") as admin:
        rule = admin.protect_alias(alias, models=model, require=GATE)
        admin.push(model, src, metrics={"f1": 0.85})
    return rule


def _assert_blocked(e, model, alias="production", version=1):
    assert e.reason == "PROMOTION_BLOCKED"
    md = e.metadata
    assert md["alias"] == alias and md["version"] == f"models/{model}/versions/{version}"
    assert md["clause_1"] == "metrics.f1 >= 0.9" and md["actual_1"] == "0.85"
    assert md["clause_2"] == "description:*" and md["actual_2"] == "missing"
    assert md["failed"] == "2"
    assert "metrics.f1 >= 0.9 (actual: 0.85)" in e.message and "description:* (actual: missing)" in e.message


def _write_card(secured, model, version=1):
    with secured.client("root") as admin:
        admin.update_version(f"{model}:{version}", description="# Card\nTrained on 2026 data.",
                             metrics={"f1": 0.93})


@pytest.mark.parametrize("who", ["root", "admin", "maintainer"])
def test_sdk_set_alias_is_gated_for_everyone(secured, model, src, who):
    rule = _unmet(secured, model, src)
    assert rule.require == GATE
    with secured.client(who) as reg:
        before = data_state(secured.server.data)
        with pytest.raises(FailedPrecondition) as refused:
            reg.set_alias(model, "production", 1)
        _assert_blocked(refused.value, model)
        assert data_state(secured.server.data) == before
        assert "production" not in dict(reg.get_model(model).aliases)
        _write_card(secured, model)
        assert reg.set_alias(model, "production", 1).version == 1
    # an alias the rule does not gate moves freely
    with secured.client("root") as admin:
        assert admin.set_alias(model, "staging", 1).version == 1


def test_push_with_gated_alias_is_refused_whole(secured, model, src):
    _unmet(secured, model, src)
    with secured.client("root") as admin:
        before = data_state(secured.server.data)
        with pytest.raises(FailedPrecondition) as refused:  # the same content: its chunks are stored already
            admin.push(model, src, metrics={"f1": 0.85}, aliases=["production"])
        _assert_blocked(refused.value, model, version=2)
        after = data_state(secured.server.data)
        assert after["event_head"] == before["event_head"]
        assert {t: n for t, n in after["rows"].items() if t != "chunk_leases"} == \
            {t: n for t, n in before["rows"].items() if t != "chunk_leases"}
        assert [v.number for v in admin.list_versions(model)] == [1]
        v = admin.push(model, src, metrics={"f1": 0.95}, description="card", aliases=["production"])
        assert v.number == 2 and dict(admin.get_model(model).aliases)["production"] == 2


def test_cli_alias_set_is_gated(secured, model, src):
    _unmet(secured, model, src)
    before = data_state(secured.server.data)
    refused = run_cli(secured, "alias", "set", model, "production", "1", "--json", check=5)
    error = json.loads(refused.stdout)["error"]
    assert error["code"] == "FAILED_PRECONDITION" and error["reason"] == "PROMOTION_BLOCKED"
    assert error["metadata"]["clause_1"] == "metrics.f1 >= 0.9" and error["metadata"]["actual_1"] == "0.85"
    assert error["metadata"]["clause_2"] == "description:*" and error["metadata"]["actual_2"] == "missing"
    text = run_cli(secured, "alias", "set", model, "production", "1", check=5)
    assert "PROMOTION_BLOCKED" in text.stderr and "description:* (actual: missing)" in text.stderr
    assert data_state(secured.server.data) == before
    _write_card(secured, model)
    run_cli(secured, "alias", "set", model, "production", "1", check=0)


def test_cli_protect_ls_and_check(secured, model, src):
    with secured.client("root") as admin:
        admin.push(model, src, metrics={"f1": 0.85})
    rule = json.loads(run_cli(secured, "policy", "protect", "production", "--models", model, "--require", GATE,
                              "--json", check=0).stdout)
    assert rule["require"] == GATE and rule["model_pattern"] == model
    listed = run_cli(secured, "policy", "ls", check=0).stdout
    assert GATE in listed
    text = run_cli(secured, "policy", "check", f"{model}:1", "production", check=5).stdout
    assert "BLOCKED" in text
    assert "FAIL  metrics.f1 >= 0.9  (actual: 0.85" in text and "FAIL  description:*  (actual: missing" in text
    blocked = json.loads(run_cli(secured, "policy", "check", f"{model}:1", "production", "--json", check=5).stdout)
    assert blocked["allowed"] is False and blocked["version"] == f"models/{model}/versions/1"
    assert [(c["clause"], c["passed"], c["actual"]) for c in blocked["clauses"]] == [
        ("metrics.f1 >= 0.9", False, "0.85"), ("description:*", False, "missing")]
    assert {c["rule"] for c in blocked["clauses"]} == {rule["name"]}
    # a viewer may ask; checking moves nothing
    before = data_state(secured.server.data)
    run_cli(secured, "policy", "check", f"{model}:latest", "production", who="viewer", check=5)
    assert data_state(secured.server.data) == before
    _write_card(secured, model)
    allowed = json.loads(run_cli(secured, "policy", "check", f"{model}:1", "production", "--json", check=0).stdout)
    assert allowed["allowed"] is True
    assert [(c["passed"], c["actual"]) for c in allowed["clauses"]] == [(True, "0.93"),
                                                                        (True, '"# Card\\nTrained on 2026 data."')]
    assert "allowed" in run_cli(secured, "policy", "check", f"{model}:1", "production", check=0).stdout
    # no gate on staging
    free = run_cli(secured, "policy", "check", f"{model}:1", "staging", check=0).stdout
    assert "no promotion gate applies" in free
    # SDK
    with secured.client("viewer") as viewer:
        assert viewer.check_promotion(f"{model}:1", "production").allowed
    # protecting again replaces the requirement
    with secured.client("root") as admin:
        again = admin.protect_alias("production", models=model, require="tags.reviewed = \"yes\"")
        assert again.name == rule["name"] and again.require == 'tags.reviewed = "yes"'
        check = admin.check_promotion(f"{model}:1", "production")
        assert not check.allowed and [(c.clause, c.actual) for c in check.clauses] == [
            ('tags.reviewed = "yes"', "missing")]
        assert admin.protect_alias("production", models=model).require == 'tags.reviewed = "yes"'  # kept
        assert admin.protect_alias("production", models=model, require="").require == ""  # removed
        assert admin.check_promotion(f"{model}:1", "production").allowed


@pytest.mark.parametrize("require, reason", [
    ("metrics.f1 >>= 0.9", "INVALID_FILTER"),
    ("metrics.f1 >= AND", "INVALID_FILTER"),
    ("nosuchfield = 1", "INVALID_FILTER"),
    ("x" * 2049, "REQUIREMENT_TOO_LONG"),
])
def test_bad_requirement_is_refused_and_stores_nothing(secured, model, require, reason):
    with secured.client("root") as admin:
        rules = list(admin.list_protected_aliases())
        before = data_state(secured.server.data)
        with pytest.raises(InvalidArgument) as refused:
            admin.protect_alias("production", models=model, require=require)
        assert refused.value.reason == reason
        assert list(admin.list_protected_aliases()) == rules
        assert data_state(secured.server.data) == before
    bad = run_cli(secured, "policy", "protect", "production", "--models", model, "--require", require, "--json",
                  check=2)
    assert json.loads(bad.stdout)["error"]["reason"] == reason


CLAUSES = [
    # (requirement, push keyword arguments, actual value shown, the fix)
    ("metrics.f1 >= 0.9", {"metrics": {"f1": 0.5}}, "0.5",
     lambda reg, ref: reg.update_version(ref, metrics={"f1": 0.95})),
    ("description:*", {}, "missing", lambda reg, ref: reg.update_version(ref, description="the card")),
    ('inputs.uri:"s3://*"', {"inputs": ["gs://bucket/train"]}, '["gs://bucket/train"]',
     lambda reg, ref: reg.add_lineage(ref, ["s3://bucket/train"])),
    ('tags.reviewed = "yes"', {"tags": {"reviewed": "no"}}, '"no"',
     lambda reg, ref: reg.update_version(ref, tags={"reviewed": "yes"})),
]


@pytest.mark.parametrize("require, push_args, shown, fix", CLAUSES, ids=["metric", "description", "inputs", "tags"])
def test_each_clause_kind(secured, model, src, require, push_args, shown, fix):
    with secured.client("root") as admin:
        admin.protect_alias("prod*", models=model, require=require)
        admin.push(model, src, **push_args)
        with pytest.raises(FailedPrecondition) as refused:
            admin.set_alias(model, "production", 1)
        assert refused.value.reason == "PROMOTION_BLOCKED"
        assert refused.value.metadata["clause_1"] == require and refused.value.metadata["actual_1"] == shown
        assert "clause_2" not in refused.value.metadata
        fix(admin, f"{model}:1")
        assert admin.set_alias(model, "production", 1).version == 1


def test_gates_of_several_rules_all_apply(secured, model, src):
    with secured.client("root") as admin:
        admin.protect_alias("production", models=model, require="metrics.f1 >= 0.9")
        admin.protect_alias("prod*", models=model, require='tags.reviewed = "yes"')
        admin.push(model, src, metrics={"f1": 0.95})
        with pytest.raises(FailedPrecondition) as refused:
            admin.set_alias(model, "production", 1)
        assert refused.value.metadata["clause_1"] == 'tags.reviewed = "yes"'
        assert refused.value.metadata["failed"] == "1"
        admin.update_version(f"{model}:1", tags={"reviewed": "yes"})
        assert admin.set_alias(model, "production", 1).version == 1
        # moving by reference: the gate checks the version the reference resolves to
        admin.push(model, src, metrics={"f1": 0.5}, aliases=["staging"])
        with pytest.raises(FailedPrecondition) as refused:
            admin.set_alias(model, "production", f"{model}:staging")
        assert refused.value.metadata["version"] == f"models/{model}/versions/2"
        assert dict(admin.get_model(model).aliases)["production"] == 1
