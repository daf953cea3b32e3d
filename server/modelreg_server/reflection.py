"""gRPC server reflection, served as both grpc.reflection.v1 and grpc.reflection.v1alpha, so grpcurl,
ghz, Postman and grpc-client-cli find the API without a protoset.

Why not grpcio-reflection's own servicer: it serves only v1alpha (grpcio-reflection 1.85 ships no
v1), and it answers "Symbol not found" for a method name (`describe pkg.Service.Method`,
grpc/grpc#34743) because the upb descriptor pool's FindFileContainingSymbol does not index
methods. This servicer resolves a method through its service instead, and serves the same
answers under both service names: v1 is v1alpha renamed, message for message and field number
for field number, so one set of message classes reads and writes both on the wire.
"""

from google.protobuf import descriptor_pb2, descriptor_pool
import grpc
from grpc_reflection.v1alpha import reflection_pb2 as pb

V1ALPHA = pb.DESCRIPTOR.services_by_name["ServerReflection"].full_name
V1 = "grpc.reflection.v1.ServerReflection"
SERVICE_NAMES = (V1, V1ALPHA)
_V1_FILE = "grpc/reflection/v1/reflection.proto"


def _register_v1(pool: descriptor_pool.DescriptorPool) -> None:
    """Adds grpc/reflection/v1/reflection.proto to the pool, built from v1alpha's descriptor
    (renamed package and type references), so clients can describe the v1 service too."""
    try:
        pool.FindFileByName(_V1_FILE)
        return
    except KeyError:
        pass
    old, new = ".grpc.reflection.v1alpha.", ".grpc.reflection.v1."
    proto = descriptor_pb2.FileDescriptorProto()
    pb.DESCRIPTOR.CopyToProto(proto)
    proto.name, proto.package = _V1_FILE, "grpc.reflection.v1"
    proto.options.go_package = "google.golang.org/grpc/reflection/grpc_reflection_v1"
    proto.options.java_package = "io.grpc.reflection.v1"
    proto.options.ClearField("deprecated")
    for message in proto.message_type:
        for field in message.field:
            if field.HasField("type_name"):
                field.type_name = field.type_name.replace(old, new)
    for service in proto.service:
        for method in service.method:
            method.input_type = method.input_type.replace(old, new)
            method.output_type = method.output_type.replace(old, new)
    pool.AddSerializedFile(proto.SerializeToString())


def _file_containing(pool, symbol: str):
    """The file declaring `symbol`: a message, enum, field, service, or a method (pkg.Service.Method),
    which the pool's own lookup misses."""
    try:
        return pool.FindFileContainingSymbol(symbol)
    except KeyError:
        parent, _, method = symbol.rpartition(".")
        service = pool.FindServiceByName(parent)  # KeyError: not a method either
        if method not in service.methods_by_name:
            raise
        return service.file


def _with_dependencies(file) -> list[bytes]:
    """The file and every file it imports, transitively, each serialized once. The file asked for
    comes first: some clients (ghz's reflection client) take the first file as the answer."""
    seen, out = set(), []

    def visit(f):
        if f.name in seen:
            return
        seen.add(f.name)
        proto = descriptor_pb2.FileDescriptorProto()
        f.CopyToProto(proto)
        out.append(proto.SerializeToString())
        for dep in f.dependencies:
            visit(dep)
    visit(file)
    return out


class Reflection:
    """Answers ServerReflectionInfo streams from a descriptor pool, for the services listed."""

    def __init__(self, service_names, *, pool: descriptor_pool.DescriptorPool | None = None):
        self.pool = pool or descriptor_pool.Default()
        _register_v1(self.pool)
        self.service_names = tuple(sorted(set(service_names) | set(SERVICE_NAMES)))

    def answer(self, request: pb.ServerReflectionRequest) -> pb.ServerReflectionResponse:
        kind = request.WhichOneof("message_request")
        response = pb.ServerReflectionResponse(valid_host=request.host, original_request=request)
        try:
            if kind == "list_services":
                response.list_services_response.service.extend(
                    pb.ServiceResponse(name=name) for name in self.service_names)
            elif kind == "file_by_filename":
                response.file_descriptor_response.file_descriptor_proto.extend(
                    _with_dependencies(self.pool.FindFileByName(request.file_by_filename)))
            elif kind == "file_containing_symbol":
                response.file_descriptor_response.file_descriptor_proto.extend(
                    _with_dependencies(_file_containing(self.pool, request.file_containing_symbol)))
            elif kind == "file_containing_extension":
                ext = request.file_containing_extension
                message = self.pool.FindMessageTypeByName(ext.containing_type)
                extension = self.pool.FindExtensionByNumber(message, ext.extension_number)
                response.file_descriptor_response.file_descriptor_proto.extend(_with_dependencies(extension.file))
            elif kind == "all_extension_numbers_of_type":
                message = self.pool.FindMessageTypeByName(request.all_extension_numbers_of_type)
                response.all_extension_numbers_response.base_type_name = message.full_name
                response.all_extension_numbers_response.extension_number.extend(
                    sorted(e.number for e in self.pool.FindAllExtensions(message)))
            else:
                return self._error(response, grpc.StatusCode.INVALID_ARGUMENT, "no request set in message_request")
        except KeyError:
            ext = request.file_containing_extension
            asked = (f"extension {ext.extension_number} of {ext.containing_type}"
                     if kind == "file_containing_extension" else getattr(request, kind))
            return self._error(response, grpc.StatusCode.NOT_FOUND, f"{kind.replace('_', ' ')} not found: {asked}")
        return response

    @staticmethod
    def _error(response, code: grpc.StatusCode, message: str) -> pb.ServerReflectionResponse:
        response.error_response.error_code = code.value[0]
        response.error_response.error_message = message
        return response

    async def info(self, requests, context):
        async for request in requests:
            yield self.answer(request)

    def handlers(self) -> list[grpc.GenericRpcHandler]:
        """The generic handlers serving this under both reflection service names."""
        method = grpc.stream_stream_rpc_method_handler(
            self.info, request_deserializer=pb.ServerReflectionRequest.FromString,
            response_serializer=pb.ServerReflectionResponse.SerializeToString)
        return [grpc.method_handlers_generic_handler(name, {"ServerReflectionInfo": method})
                for name in SERVICE_NAMES]


def enable(service_names, server) -> None:
    """Serves reflection v1 and v1alpha on `server` for `service_names` (plus the reflection services)."""
    server.add_generic_rpc_handlers(Reflection(service_names).handlers())
