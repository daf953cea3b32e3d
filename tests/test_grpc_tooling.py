"""The gRPC tools users point at a server work through server reflection, without a protoset:
grpcurl (list, describe a service, a method and a message, call a method), ghz, and any client
speaking reflection v1 or v1alpha (tested here with a raw client of each)."""

import json
import subprocess

import grpc
import pytest
from google.protobuf import descriptor_pb2, descriptor_pool
from grpc_reflection.v1alpha import reflection_pb2 as refl
from grpc_reflection.v1alpha import reflection_pb2_grpc as refl_grpc

from modelreg.v1 import (access_service_pb2, automation_service_pb2, event_service_pb2, maintenance_service_pb2,
                         monitoring_service_pb2, registry_service_pb2, resources_pb2, transfer_service_pb2)

API = {service.full_name: service for module in (
    registry_service_pb2, transfer_service_pb2, event_service_pb2, maintenance_service_pb2, access_service_pb2,
    automation_service_pb2, monitoring_service_pb2) for service in module.DESCRIPTOR.services_by_name.values()}
REFLECTION = ["grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"]


def grpcurl(tools, server, *verb: str, data: dict | None = None, token: str | None = None,
            check=True) -> subprocess.CompletedProcess:
    """`grpcurl -plaintext [-d DATA] [-H authorization] ADDRESS VERB...`; with check, it must succeed."""
    flags = (["-d", json.dumps(data)] if data is not None else []) + (
        ["-H", f"authorization: Bearer {token}"] if token else [])
    result = subprocess.run([str(tools / "grpcurl"), "-plaintext", *flags, server.address, *verb],
                            capture_output=True, text=True, timeout=60)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_list_names_every_service(grpc_tools, server):
    listed = grpcurl(grpc_tools, server, "list").stdout.split()
    assert sorted(listed) == sorted([*API, "grpc.health.v1.Health", *REFLECTION])


@pytest.mark.parametrize("service", sorted(API))
def test_describe_service_and_each_of_its_methods(grpc_tools, server, service):
    out = grpcurl(grpc_tools, server, "describe", service).stdout
    assert out.startswith(f"{service} is a service:")
    for method in API[service].methods:
        assert f"rpc {method.name} (" in out
    for method in API[service].methods:  # grpc/grpc#34743: a method's file must resolve too
        out = grpcurl(grpc_tools, server, "describe", method.full_name).stdout
        assert out.startswith(f"{method.full_name} is a method:")
        assert f".{method.input_type.full_name} ) returns (" in out
        assert f".{method.output_type.full_name} )" in out


@pytest.mark.parametrize("message", [registry_service_pb2.GetModelRequest, resources_pb2.Model,
                                     resources_pb2.Version, event_service_pb2.WatchRequest])
def test_describe_message(grpc_tools, server, message):
    name = message.DESCRIPTOR.full_name
    out = grpcurl(grpc_tools, server, "describe", name).stdout
    assert out.startswith(f"{name} is a message:")
    for field in message.DESCRIPTOR.fields:
        assert f" {field.name} = {field.number}" in out


@pytest.mark.parametrize("symbol", ["grpc.reflection.v1.ServerReflection.ServerReflectionInfo",
                                    "grpc.reflection.v1alpha.ServerReflection.ServerReflectionInfo",
                                    "grpc.health.v1.Health.Check"])
def test_describe_the_infrastructure_services(grpc_tools, server, symbol):
    assert grpcurl(grpc_tools, server, "describe", symbol).stdout.startswith(f"{symbol} is a method:")


@pytest.mark.parametrize("symbol", ["modelreg.v1.RegistryService.NoSuchMethod", "modelreg.v1.NoSuchService",
                                    "modelreg.v1.NoSuchService.GetModel", "nosuch"])
def test_describe_unknown_symbol_says_not_found(grpc_tools, server, symbol):
    result = grpcurl(grpc_tools, server, "describe", symbol, check=False)
    assert result.returncode != 0
    assert f'Symbol not found: {symbol}' in result.stderr


def test_call_methods_with_json(grpc_tools, server, registry, model, model_dir):
    registry.push(model, model_dir, aliases=["staging"])
    got = json.loads(grpcurl(grpc_tools, server, "modelreg.v1.RegistryService/GetModel",
                             data={"name": model}).stdout)
    assert got["model"]["name"] == f"models/{model}"
    got = json.loads(grpcurl(grpc_tools, server, "modelreg.v1.RegistryService/GetVersion",
                             data={"name": f"{model}:staging"}).stdout)
    assert got["version"]["name"] == f"models/{model}/versions/1"
    assert got["version"]["number"] == "1"  # int64 in protojson
    assert json.loads(grpcurl(grpc_tools, server, "grpc.health.v1.Health/Check").stdout) == {"status": "SERVING"}


def test_call_errors_come_back_with_their_details(grpc_tools, server, model):
    result = grpcurl(grpc_tools, server, "modelreg.v1.RegistryService/GetModel", data={"name": model},
                     check=False)
    assert result.returncode != 0
    assert "Code: NotFound" in result.stdout + result.stderr
    assert '"reason": "MODEL_NOT_FOUND"' in result.stdout + result.stderr  # google.rpc.ErrorInfo resolved too


def test_auth_server_describes_freely_and_calls_with_a_token(grpc_tools, secured, model):
    server = secured.server
    assert "is a method:" in grpcurl(grpc_tools, server, "describe", "modelreg.v1.RegistryService.GetModel").stdout
    refused = grpcurl(grpc_tools, server, "modelreg.v1.RegistryService/GetModel", data={"name": model},
                      check=False)
    assert "Code: Unauthenticated" in refused.stdout + refused.stderr
    with secured.client("editor") as editor:
        editor.create_model(model)
    got = grpcurl(grpc_tools, server, "modelreg.v1.RegistryService/GetModel", data={"name": model},
                  token=secured.tokens["viewer"])
    assert json.loads(got.stdout)["model"]["name"] == f"models/{model}"


def test_ghz_drives_a_method_through_reflection(grpc_tools, server, registry, model, tmp_path):
    registry.create_model(model)
    out = subprocess.run([str(grpc_tools / "ghz"), "--insecure", "--call", "modelreg.v1.RegistryService.GetModel",
                          "-d", json.dumps({"name": model}), "-n", "40", "-c", "4", "--format", "json",
                          server.address], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["count"] == 40
    assert summary["statusCodeDistribution"] == {"OK": 40}


def reflect(server, service: str, *requests: refl.ServerReflectionRequest) -> list[refl.ServerReflectionResponse]:
    """One ServerReflectionInfo stream on `service` (v1 or v1alpha), its responses in order."""
    with grpc.insecure_channel(server.address) as channel:
        if service.endswith("v1alpha.ServerReflection"):  # grpcio-reflection's own client stub
            call = refl_grpc.ServerReflectionStub(channel).ServerReflectionInfo
        else:
            call = channel.stream_stream(f"/{service}/ServerReflectionInfo",
                                         request_serializer=refl.ServerReflectionRequest.SerializeToString,
                                         response_deserializer=refl.ServerReflectionResponse.FromString)
        return list(call(iter(requests), timeout=30))


def pool_of(response: refl.ServerReflectionResponse) -> descriptor_pool.DescriptorPool:
    """A fresh pool built from the files of one answer alone: they must include every import."""
    pool = descriptor_pool.DescriptorPool()
    files = [descriptor_pb2.FileDescriptorProto.FromString(b)
             for b in response.file_descriptor_response.file_descriptor_proto]
    added: set = set()
    while len(added) < len(files):
        ready = [f for f in files if f.name not in added and set(f.dependency) <= added]
        assert ready, f"answer lacks imports of {[f.name for f in files if f.name not in added]}"
        for f in ready:
            pool.Add(f)
            added.add(f.name)
    return pool


@pytest.mark.parametrize("service", REFLECTION)
def test_reflection_answers_on_both_versions(server, service):
    listed, by_method, by_file, by_message = reflect(
        server, service,
        refl.ServerReflectionRequest(list_services=""),
        refl.ServerReflectionRequest(file_containing_symbol="modelreg.v1.RegistryService.GetModel"),
        refl.ServerReflectionRequest(file_by_filename="modelreg/v1/event_service.proto"),
        refl.ServerReflectionRequest(file_containing_symbol="modelreg.v1.Model"))
    assert sorted(s.name for s in listed.list_services_response.service) == sorted(
        [*API, "grpc.health.v1.Health", *REFLECTION])
    first = descriptor_pb2.FileDescriptorProto.FromString(by_method.file_descriptor_response.file_descriptor_proto[0])
    assert first.name == "modelreg/v1/registry_service.proto"  # the file asked for comes first
    method = pool_of(by_method).FindMethodByName("modelreg.v1.RegistryService.GetModel")
    assert method.input_type.full_name == "modelreg.v1.GetModelRequest"
    assert pool_of(by_file).FindServiceByName("modelreg.v1.EventService").methods_by_name["Watch"]
    assert pool_of(by_message).FindMessageTypeByName("modelreg.v1.Model").fields_by_name["name"].number == 1
    assert pool_of(reflect(server, service, refl.ServerReflectionRequest(
        file_containing_symbol=service))[0]).FindServiceByName(service)


@pytest.mark.parametrize("service", REFLECTION)
@pytest.mark.parametrize("request_, code, message", [
    (refl.ServerReflectionRequest(file_containing_symbol="modelreg.v1.NoSuch"), grpc.StatusCode.NOT_FOUND,
     "file containing symbol not found: modelreg.v1.NoSuch"),
    (refl.ServerReflectionRequest(file_containing_symbol="modelreg.v1.RegistryService.NoSuch"),
     grpc.StatusCode.NOT_FOUND, "file containing symbol not found: modelreg.v1.RegistryService.NoSuch"),
    (refl.ServerReflectionRequest(file_by_filename="modelreg/v1/nosuch.proto"), grpc.StatusCode.NOT_FOUND,
     "file by filename not found: modelreg/v1/nosuch.proto"),
    (refl.ServerReflectionRequest(file_containing_extension=refl.ExtensionRequest(
        containing_type="modelreg.v1.Model", extension_number=100)), grpc.StatusCode.NOT_FOUND,
     "file containing extension not found: extension 100 of modelreg.v1.Model"),
    (refl.ServerReflectionRequest(all_extension_numbers_of_type="modelreg.v1.NoSuch"), grpc.StatusCode.NOT_FOUND,
     "all extension numbers of type not found: modelreg.v1.NoSuch"),
    (refl.ServerReflectionRequest(host="x"), grpc.StatusCode.INVALID_ARGUMENT, "no request set in message_request"),
], ids=["unknown-symbol", "unknown-method", "unknown-file", "unknown-extension", "extensions-of-unknown-type",
        "nothing-asked"])
def test_reflection_refuses_bad_requests_and_keeps_the_stream(server, service, request_, code, message):
    bad, good = reflect(server, service, request_, refl.ServerReflectionRequest(list_services=""))
    assert bad.error_response.error_code == code.value[0]
    assert bad.error_response.error_message == message
    assert bad.original_request == request_
    assert good.list_services_response.service  # the same stream goes on answering
