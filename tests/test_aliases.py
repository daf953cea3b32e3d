import threading

import pytest

from conftest import replay, write_tree
from modelreg import Conflict, FailedPrecondition, InvalidArgument, NotFound, Registry


def test_set_move_and_record_previous(registry, model, model_dir):
    registry.push(model, model_dir)
    registry.push(model, model_dir)
    first = registry.set_alias(model, "production", 1)
    assert (first.alias, first.version, first.previous_version) == ("production", 1, 0)
    moved = registry.set_alias(model, "production", 2, expect=1)
    assert (moved.version, moved.previous_version) == (2, 1)
    assert moved.name == f"models/{model}/aliases/production"
    assert registry.get_version(f"{model}:production").number == 2
    assert registry.get_model(model).aliases["production"] == 2


def test_list_includes_latest(registry, model, model_dir):
    registry.push(model, model_dir, aliases=["staging", "canary"])
    assert [(a.alias, a.version) for a in registry.list_aliases(model)] == [
        ("canary", 1), ("latest", 1), ("staging", 1)]


def test_compare_and_swap_conflict_changes_nothing(registry, model, model_dir):
    registry.push(model, model_dir, aliases=["production"])
    registry.push(model, model_dir)
    with pytest.raises(Conflict) as e:
        registry.set_alias(model, "production", 2, expect=2)
    assert e.value.reason == "ALIAS_CONFLICT"
    assert e.value.metadata["current_version"] == "1"
    with pytest.raises(Conflict):
        registry.set_alias(model, "production", 2, expect=0)
    assert registry.get_version(f"{model}:production").number == 1


def test_expect_zero_creates_only_if_absent(registry, model, model_dir):
    registry.push(model, model_dir)
    assert registry.set_alias(model, "champion", 1, expect=0).version == 1
    with pytest.raises(Conflict):
        registry.set_alias(model, "champion", 1, expect=0)


def test_delete_alias_with_and_without_expect(registry, model, model_dir):
    registry.push(model, model_dir, aliases=["staging"])
    with pytest.raises(Conflict):
        registry.delete_alias(model, "staging", expect=5)
    registry.delete_alias(model, "staging", expect=1)
    with pytest.raises(NotFound) as e:
        registry.delete_alias(model, "staging")
    assert e.value.reason == "ALIAS_NOT_FOUND"


@pytest.mark.parametrize("alias, reason", [
    ("latest", "RESERVED_ALIAS"), ("v3", "INVALID_ALIAS"), ("Prod", "INVALID_ALIAS"), ("", "INVALID_ALIAS"),
    ("9lives", "INVALID_ALIAS"), ("a" * 65, "INVALID_ALIAS"),
])
def test_invalid_aliases(registry, model, model_dir, alias, reason):
    registry.push(model, model_dir)
    with pytest.raises(InvalidArgument) as e:
        registry.set_alias(model, alias, 1)
    assert e.value.reason == reason
    assert [a.alias for a in registry.list_aliases(model)] == ["latest"]


def test_alias_on_archived_or_missing_version(registry, model, model_dir):
    registry.push(model, model_dir)
    registry.push(model, model_dir)
    registry.archive_version(f"{model}:v1")
    with pytest.raises(FailedPrecondition) as e:
        registry.set_alias(model, "production", 1)
    assert e.value.reason == "VERSION_ARCHIVED"
    with pytest.raises(NotFound) as e:
        registry.set_alias(model, "production", 9)
    assert e.value.reason == "VERSION_NOT_FOUND"


def test_twenty_clients_compare_and_swap_lose_no_update(server, model, tmp_path):
    """Each client advances the alias by one version per successful swap, retrying on conflict;
    with no lost update the alias ends exactly CLIENTS * MOVES versions further."""
    clients, moves = 20, 2
    with Registry(server.address) as reg:
        for i in range(clients * moves + 1):
            reg.push(model, write_tree(tmp_path / f"v{i}", {"n.txt": str(i).encode()}))
        reg.set_alias(model, "production", 1)
    conflicts, errors = [], []

    def client():
        try:
            with Registry(server.address) as reg:
                for _ in range(moves):
                    while True:
                        current = reg.get_version(f"{model}:production").number
                        try:
                            reg.set_alias(model, "production", current + 1, expect=current)
                            break
                        except Conflict:
                            conflicts.append(current)
        except Exception as e:  # surfaced by the assert below
            errors.append(e)
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    with Registry(server.address) as reg:
        assert reg.get_version(f"{model}:production").number == 1 + clients * moves
        alias_events = [e for e in replay(reg, models=[model], aliases=["production"])]
    assert [(e.previous_version, e.version) for e in alias_events] == [(0, 1)] + [
        (n, n + 1) for n in range(1, 1 + clients * moves)]


def _three_versions(registry, model, tmp_path):
    """v1 (staging), v2, v3 (latest), each with its own content and so its own digest."""
    return [registry.push(model, write_tree(tmp_path / f"v{n}", {"w.bin": b"content %d" % n}),
                          aliases=["staging"] if n == 1 else []) for n in (1, 2, 3)]


def test_set_alias_to_a_reference_moves_it_in_one_event(registry, model, tmp_path):
    v1, v2, v3 = _three_versions(registry, model, tmp_path)
    head = registry.event_head()
    cases = [  # (target, version it names); each move is from the previous case's version
        (f"{model}:staging", 1), (f"{model}:v2", 2), (f"{model}@{v3.digest[:19]}", 3), (f"{model}@{v1.digest[7:15]}", 1),
        (f"models/{model}/versions/2", 2), (f"{model}:latest", 3), ("staging", 1), ("v2", 2),
        (v3.digest[:13], 3), ("1", 1), (f"{model}:0002", 2),
    ]
    previous = 0
    for target, number in cases:
        alias = registry.set_alias(model, "production", target, expect=previous)
        assert (alias.version, alias.previous_version) == (number, previous), target
        previous = number
    events = replay(registry, after=head, models=[model])
    digests = {1: v1.digest, 2: v2.digest, 3: v3.digest}
    assert [(e.alias, e.version, e.previous_version, e.digest) for e in events] == [
        ("production", n, p, digests[n]) for (_, n), p in zip(cases, [0] + [n for _, n in cases])]


def test_alias_set_from_the_shell_takes_a_reference(registry, model, tmp_path, cli):
    import json
    v1, v2, v3 = _three_versions(registry, model, tmp_path)
    assert "production -> v1 (was unset)" in cli("alias", "set", model, "production", f"{model}:staging").stdout
    moved = json.loads(cli("alias", "set", model, "production", f"{model}@{v3.digest[:19]}", "--json").stdout)
    assert (moved["version"], moved["previous_version"]) == (3, 1)
    cli("alias", "set", model, "production", "2", "--expect", "3")
    cli("alias", "set", model, "production", f"{model}:v3")
    assert registry.get_version(f"{model}:production").number == 3


@pytest.mark.parametrize("target, code, reason", [
    ("other-model:v1", InvalidArgument, "TARGET_OF_OTHER_MODEL"),
    ("models/other-model/versions/1", InvalidArgument, "TARGET_OF_OTHER_MODEL"),
    ("{m}:v0", InvalidArgument, "INVALID_REFERENCE"),
    ("{m}@sha256:abc", InvalidArgument, "INVALID_REFERENCE"),
    ("{m}:v" + "0" * 300 + "1", InvalidArgument, "INVALID_REFERENCE"),
    ("{m}:canary", NotFound, "ALIAS_NOT_FOUND"),
    ("{m}:v9", NotFound, "VERSION_NOT_FOUND"),
    ("{m}@sha256:000000", NotFound, "VERSION_NOT_FOUND"),
    ("{m}:v2", FailedPrecondition, "VERSION_ARCHIVED"),
], ids=["other-model", "other-model-name", "v0", "short-digest", "too-long", "no-alias", "no-version", "no-digest",
        "archived"])
def test_set_alias_to_a_bad_reference_changes_nothing(server, registry, model, tmp_path, target, code, reason):
    from conftest import data_state
    from test_bad_input import refusal_info
    _three_versions(registry, model, tmp_path)
    registry.push("other-model", tmp_path / "v1")
    registry.archive_version(f"{model}:v2")
    registry.set_alias(model, "production", 3)
    before = data_state(server.data)
    got, why, metadata = refusal_info(registry.set_alias, model, "production", target.format(m=model))
    assert (got, why) == (code.code, reason)
    if reason == "TARGET_OF_OTHER_MODEL":
        assert metadata == {"model": model, "target_model": "other-model"}
    assert data_state(server.data) == before
    assert registry.get_version(f"{model}:production").number == 3


def test_set_alias_refuses_a_number_and_a_target_together(server, registry, model, tmp_path):
    from conftest import data_state
    from test_bad_input import refusal
    from modelreg.v1 import registry_service_pb2 as rs
    _three_versions(registry, model, tmp_path)
    before = data_state(server.data)
    request = rs.SetAliasRequest(model=model, alias="production", version=2, target=f"{model}:v3")
    assert refusal(registry.registry.SetAlias, request, timeout=30) == (InvalidArgument.code, "INVALID_VERSION")
    assert data_state(server.data) == before


def test_set_alias_to_an_ambiguous_short_digest_changes_nothing(server, registry, model, tmp_path):
    from conftest import data_state, twin_digest_trees
    from test_bad_input import refusal_info
    first, second, prefix = twin_digest_trees(tmp_path)
    registry.push(model, first)
    registry.push(model, second)
    before = data_state(server.data)
    code, reason, metadata = refusal_info(registry.set_alias, model, "production", f"{model}@{prefix}")
    assert (code, reason, metadata["versions"]) == (FailedPrecondition.code, "AMBIGUOUS_DIGEST", "1,2")
    assert data_state(server.data) == before
