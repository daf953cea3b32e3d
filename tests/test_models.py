import pytest

from modelreg import AlreadyExists, Conflict, FailedPrecondition, InvalidArgument, NotFound


def test_create_and_get(registry, model):
    created = registry.create_model(model, description="# Card", tags={"team": "search"})
    assert created.name == f"models/{model}"
    assert created.description == "# Card"
    assert dict(created.tags) == {"team": "search"}
    assert created.etag
    assert created.latest_version == 0
    fetched = registry.get_model(model)
    assert fetched == created
    assert registry.get_model(f"models/{model}") == created


def test_create_twice_is_already_exists(registry, model):
    registry.create_model(model)
    with pytest.raises(AlreadyExists) as e:
        registry.create_model(model)
    assert e.value.reason == "MODEL_ALREADY_EXISTS"


def test_list_paginates_by_name_with_prefix_and_tags(registry, model):
    names = [f"{model}-{i:02d}" for i in range(7)]
    for i, name in enumerate(names):
        registry.create_model(name, tags={"parity": "even" if i % 2 == 0 else "odd"})
    assert [m.name for m in registry.list_models(prefix=model, page_size=3)] == [f"models/{n}" for n in names]
    evens = [m.name for m in registry.list_models(prefix=model, tags={"parity": "even"}, page_size=2)]
    assert evens == [f"models/{n}" for n in names[::2]]
    assert list(registry.list_models(prefix=model + "-zz")) == []


def test_list_pages_are_disjoint_and_complete(registry, model):
    from modelreg.v1 import registry_service_pb2 as rs
    for i in range(5):
        registry.create_model(f"{model}-{i}")
    first = registry.registry.ListModels(rs.ListModelsRequest(name_prefix=model, page_size=2))
    second = registry.registry.ListModels(rs.ListModelsRequest(name_prefix=model, page_size=2,
                                                               page_token=first.next_page_token))
    third = registry.registry.ListModels(rs.ListModelsRequest(name_prefix=model, page_size=2,
                                                              page_token=second.next_page_token))
    names = [m.name for page in (first, second, third) for m in page.models]
    assert names == [f"models/{model}-{i}" for i in range(5)]
    assert third.next_page_token == ""


def test_update_description_and_merge_tags(registry, model):
    registry.create_model(model, tags={"a": "1", "b": "2"})
    updated = registry.update_model(model, description="new", tags={"b": "3", "c": "4"})
    assert updated.description == "new"
    assert dict(updated.tags) == {"a": "1", "b": "3", "c": "4"}
    removed = registry.update_model(model, tags={"a": None})
    assert dict(removed.tags) == {"b": "3", "c": "4"}
    replaced = registry.update_model(model, tags={"z": "9"}, replace_tags=True)
    assert dict(replaced.tags) == {"z": "9"}
    assert replaced.description == "new"


def test_update_with_etag_is_compare_and_swap(registry, model):
    first = registry.create_model(model)
    second = registry.update_model(model, description="one", etag=first.etag)
    assert second.etag != first.etag
    with pytest.raises(Conflict) as e:
        registry.update_model(model, description="two", etag=first.etag)
    assert e.value.reason == "ETAG_MISMATCH"
    assert registry.get_model(model).description == "one"


def test_delete_rules(registry, model, model_dir):
    registry.push(model, model_dir)
    with pytest.raises(FailedPrecondition) as e:
        registry.delete_model(model)
    assert e.value.reason == "MODEL_HAS_READY_VERSIONS"
    registry.archive_version(f"{model}:v1")
    registry.delete_model(model)
    with pytest.raises(NotFound):
        registry.get_model(model)


def test_delete_with_force_and_recreate(registry, model, model_dir):
    registry.push(model, model_dir, aliases=["production"])
    registry.delete_model(model, force=True)
    with pytest.raises(NotFound):
        registry.get_version(f"{model}:production")
    recreated = registry.push(model, model_dir)
    assert recreated.number == 1


@pytest.mark.parametrize("name", ["UPPER", "", "-lead", ".lead", "a/b", "a" * 129, "sp ace", "x\x00y"])
def test_invalid_names_change_nothing(registry, name):
    with pytest.raises(InvalidArgument) as e:
        registry.create_model(name)
    assert e.value.reason == "INVALID_NAME"
