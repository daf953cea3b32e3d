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
