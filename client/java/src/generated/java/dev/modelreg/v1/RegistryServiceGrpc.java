package dev.modelreg.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Registered models, their versions, aliases and lineage.
 * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE).
 * A request that fails changes nothing. Wherever a version is wanted, a reference is accepted:
 * `models/{m}/versions/{n}`, `m:v3`, `m:3`, `m:latest`, `m:{alias}` or `m&#64;sha256:{version digest}`.
 * A digest may be shortened to its first 6 to 63 lowercase hex digits, and `sha256:` left out
 * (`m&#64;sha256:3f2a9c4b5d6e`, as `modelreg versions` prints it, or `m&#64;3f2a9c`): it names the version
 * whose digest starts with them (the READY one, else the newest, as a full digest does). Fewer than
 * 6 digits is INVALID_REFERENCE; no such digest is NOT_FOUND (VERSION_NOT_FOUND); several digests
 * of the model starting with them is FAILED_PRECONDITION (AMBIGUOUS_DIGEST, metadata `candidates`:
 * up to 10 full digests in byte order, comma-separated, `versions`: their version numbers, `more`:
 * "true" when there are more than 10) and changes nothing: give more digits.
 * A version number is ASCII digits from 1 to 2^63-1; leading zeros do not change it (`m:v0003` and
 * `m:v00000000000000000003` are `m:v3`), and 0 or a larger number is INVALID_REFERENCE. `v` followed
 * by digits is always a version number, never an alias.
 * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
 * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
 * Every field a client fills has a limit, stated in its comment (all of them: docs/limits.md). A
 * request past one is refused with INVALID_ARGUMENT, a reason naming the limit (e.g.
 * TOO_MANY_TAGS) and ErrorInfo metadata `limit`, before anything is stored. List pages hold at
 * most `page_size` items and end early once their items would pass 2 MiB serialised (the first
 * item always comes): a page may hold fewer items than asked for; follow `next_page_token` until
 * it is empty. So every response but a version's full manifest (GetVersion FULL, ListVersions
 * FULL, CreateVersion: up to 28 MiB) fits the 4 MiB a gRPC client accepts by default.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class RegistryServiceGrpc {

  private RegistryServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "modelreg.v1.RegistryService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.CreateModelRequest,
      dev.modelreg.v1.CreateModelResponse> getCreateModelMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateModel",
      requestType = dev.modelreg.v1.CreateModelRequest.class,
      responseType = dev.modelreg.v1.CreateModelResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.CreateModelRequest,
      dev.modelreg.v1.CreateModelResponse> getCreateModelMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.CreateModelRequest, dev.modelreg.v1.CreateModelResponse> getCreateModelMethod;
    if ((getCreateModelMethod = RegistryServiceGrpc.getCreateModelMethod) == null) {
      synchronized (RegistryServiceGrpc.class) {
        if ((getCreateModelMethod = RegistryServiceGrpc.getCreateModelMethod) == null) {
          RegistryServiceGrpc.getCreateModelMethod = getCreateModelMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.CreateModelRequest, dev.modelreg.v1.CreateModelResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateModel"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CreateModelRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CreateModelResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RegistryServiceMethodDescriptorSupplier("CreateModel"))
              .build();
        }
      }
    }
    return getCreateModelMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.GetModelRequest,
      dev.modelreg.v1.GetModelResponse> getGetModelMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetModel",
      requestType = dev.modelreg.v1.GetModelRequest.class,
      responseType = dev.modelreg.v1.GetModelResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.GetModelRequest,
      dev.modelreg.v1.GetModelResponse> getGetModelMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.GetModelRequest, dev.modelreg.v1.GetModelResponse> getGetModelMethod;
    if ((getGetModelMethod = RegistryServiceGrpc.getGetModelMethod) == null) {
      synchronized (RegistryServiceGrpc.class) {
        if ((getGetModelMethod = RegistryServiceGrpc.getGetModelMethod) == null) {
          RegistryServiceGrpc.getGetModelMethod = getGetModelMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.GetModelRequest, dev.modelreg.v1.GetModelResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetModel"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GetModelRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GetModelResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RegistryServiceMethodDescriptorSupplier("GetModel"))
              .build();
        }
      }
    }
    return getGetModelMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.ListModelsRequest,
      dev.modelreg.v1.ListModelsResponse> getListModelsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListModels",
      requestType = dev.modelreg.v1.ListModelsRequest.class,
      responseType = dev.modelreg.v1.ListModelsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.ListModelsRequest,
      dev.modelreg.v1.ListModelsResponse> getListModelsMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.ListModelsRequest, dev.modelreg.v1.ListModelsResponse> getListModelsMethod;
    if ((getListModelsMethod = RegistryServiceGrpc.getListModelsMethod) == null) {
      synchronized (RegistryServiceGrpc.class) {
        if ((getListModelsMethod = RegistryServiceGrpc.getListModelsMethod) == null) {
          RegistryServiceGrpc.getListModelsMethod = getListModelsMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.ListModelsRequest, dev.modelreg.v1.ListModelsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListModels"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListModelsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListModelsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RegistryServiceMethodDescriptorSupplier("ListModels"))
              .build();
        }
      }
    }
    return getListModelsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.UpdateModelRequest,
      dev.modelreg.v1.UpdateModelResponse> getUpdateModelMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateModel",
      requestType = dev.modelreg.v1.UpdateModelRequest.class,
      responseType = dev.modelreg.v1.UpdateModelResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.UpdateModelRequest,
      dev.modelreg.v1.UpdateModelResponse> getUpdateModelMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.UpdateModelRequest, dev.modelreg.v1.UpdateModelResponse> getUpdateModelMethod;
    if ((getUpdateModelMethod = RegistryServiceGrpc.getUpdateModelMethod) == null) {
      synchronized (RegistryServiceGrpc.class) {
        if ((getUpdateModelMethod = RegistryServiceGrpc.getUpdateModelMethod) == null) {
          RegistryServiceGrpc.getUpdateModelMethod = getUpdateModelMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.UpdateModelRequest, dev.modelreg.v1.UpdateModelResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateModel"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.UpdateModelRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.UpdateModelResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RegistryServiceMethodDescriptorSupplier("UpdateModel"))
              .build();
        }
      }
    }
    return getUpdateModelMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.DeleteModelRequest,
      dev.modelreg.v1.DeleteModelResponse> getDeleteModelMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteModel",
      requestType = dev.modelreg.v1.DeleteModelRequest.class,
      responseType = dev.modelreg.v1.DeleteModelResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.DeleteModelRequest,
      dev.modelreg.v1.DeleteModelResponse> getDeleteModelMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.DeleteModelRequest, dev.modelreg.v1.DeleteModelResponse> getDeleteModelMethod;
    if ((getDeleteModelMethod = RegistryServiceGrpc.getDeleteModelMethod) == null) {
      synchronized (RegistryServiceGrpc.class) {
        if ((getDeleteModelMethod = RegistryServiceGrpc.getDeleteModelMethod) == null) {
          RegistryServiceGrpc.getDeleteModelMethod = getDeleteModelMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.DeleteModelRequest, dev.modelreg.v1.DeleteModelResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteModel"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.DeleteModelRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.DeleteModelResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RegistryServiceMethodDescriptorSupplier("DeleteModel"))
              .build();
        }
      }
    }
    return getDeleteModelMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.CreateVersionRequest,
      dev.modelreg.v1.CreateVersionResponse> getCreateVersionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateVersion",
      requestType = dev.modelreg.v1.CreateVersionRequest.class,
      responseType = dev.modelreg.v1.CreateVersionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.CreateVersionRequest,
      dev.modelreg.v1.CreateVersionResponse> getCreateVersionMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.CreateVersionRequest, dev.modelreg.v1.CreateVersionResponse> getCreateVersionMethod;
    if ((getCreateVersionMethod = RegistryServiceGrpc.getCreateVersionMethod) == null) {
      synchronized (RegistryServiceGrpc.class) {
        if ((getCreateVersionMethod = RegistryServiceGrpc.getCreateVersionMethod) == null) {
          RegistryServiceGrpc.getCreateVersionMethod = getCreateVersionMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.CreateVersionRequest, dev.modelreg.v1.CreateVersionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateVersion"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CreateVersionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CreateVersionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RegistryServiceMethodDescriptorSupplier("CreateVersion"))
              .build();
        }
      }
    }
    return getCreateVersionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.GetVersionRequest,
      dev.modelreg.v1.GetVersionResponse> getGetVersionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetVersion",
      requestType = dev.modelreg.v1.GetVersionRequest.class,
      responseType = dev.modelreg.v1.GetVersionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.GetVersionRequest,
      dev.modelreg.v1.GetVersionResponse> getGetVersionMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.GetVersionRequest, dev.modelreg.v1.GetVersionResponse> getGetVersionMethod;
    if ((getGetVersionMethod = RegistryServiceGrpc.getGetVersionMethod) == null) {
      synchronized (RegistryServiceGrpc.class) {
        if ((getGetVersionMethod = RegistryServiceGrpc.getGetVersionMethod) == null) {
          RegistryServiceGrpc.getGetVersionMethod = getGetVersionMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.GetVersionRequest, dev.modelreg.v1.GetVersionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetVersion"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GetVersionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GetVersionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RegistryServiceMethodDescriptorSupplier("GetVersion"))
              .build();
        }
      }
    }
    return getGetVersionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.ListVersionsRequest,
      dev.modelreg.v1.ListVersionsResponse> getListVersionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListVersions",
      requestType = dev.modelreg.v1.ListVersionsRequest.class,
      responseType = dev.modelreg.v1.ListVersionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.ListVersionsRequest,
      dev.modelreg.v1.ListVersionsResponse> getListVersionsMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.ListVersionsRequest, dev.modelreg.v1.ListVersionsResponse> getListVersionsMethod;
    if ((getListVersionsMethod = RegistryServiceGrpc.getListVersionsMethod) == null) {
      synchronized (RegistryServiceGrpc.class) {
        if ((getListVersionsMethod = RegistryServiceGrpc.getListVersionsMethod) == null) {
          RegistryServiceGrpc.getListVersionsMethod = getListVersionsMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.ListVersionsRequest, dev.modelreg.v1.ListVersionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListVersions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListVersionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListVersionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RegistryServiceMethodDescriptorSupplier("ListVersions"))
              .build();
        }
      }
    }
    return getListVersionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.UpdateVersionRequest,
      dev.modelreg.v1.UpdateVersionResponse> getUpdateVersionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateVersion",
      requestType = dev.modelreg.v1.UpdateVersionRequest.class,
      responseType = dev.modelreg.v1.UpdateVersionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.UpdateVersionRequest,
      dev.modelreg.v1.UpdateVersionResponse> getUpdateVersionMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.UpdateVersionRequest, dev.modelreg.v1.UpdateVersionResponse> getUpdateVersionMethod;
    if ((getUpdateVersionMethod = RegistryServiceGrpc.getUpdateVersionMethod) == null) {
      synchronized (RegistryServiceGrpc.class) {
        if ((getUpdateVersionMethod = RegistryServiceGrpc.getUpdateVersionMethod) == null) {
          RegistryServiceGrpc.getUpdateVersionMethod = getUpdateVersionMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.UpdateVersionRequest, dev.modelreg.v1.UpdateVersionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateVersion"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.UpdateVersionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.UpdateVersionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RegistryServiceMethodDescriptorSupplier("UpdateVersion"))
              .build();
        }
      }
    }
    return getUpdateVersionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.ArchiveVersionRequest,
      dev.modelreg.v1.ArchiveVersionResponse> getArchiveVersionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ArchiveVersion",
      requestType = dev.modelreg.v1.ArchiveVersionRequest.class,
      responseType = dev.modelreg.v1.ArchiveVersionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.ArchiveVersionRequest,
      dev.modelreg.v1.ArchiveVersionResponse> getArchiveVersionMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.ArchiveVersionRequest, dev.modelreg.v1.ArchiveVersionResponse> getArchiveVersionMethod;
    if ((getArchiveVersionMethod = RegistryServiceGrpc.getArchiveVersionMethod) == null) {
      synchronized (RegistryServiceGrpc.class) {
        if ((getArchiveVersionMethod = RegistryServiceGrpc.getArchiveVersionMethod) == null) {
          RegistryServiceGrpc.getArchiveVersionMethod = getArchiveVersionMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.ArchiveVersionRequest, dev.modelreg.v1.ArchiveVersionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ArchiveVersion"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ArchiveVersionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ArchiveVersionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RegistryServiceMethodDescriptorSupplier("ArchiveVersion"))
              .build();
        }
      }
    }
    return getArchiveVersionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.RestoreVersionRequest,
      dev.modelreg.v1.RestoreVersionResponse> getRestoreVersionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RestoreVersion",
      requestType = dev.modelreg.v1.RestoreVersionRequest.class,
      responseType = dev.modelreg.v1.RestoreVersionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.RestoreVersionRequest,
      dev.modelreg.v1.RestoreVersionResponse> getRestoreVersionMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.RestoreVersionRequest, dev.modelreg.v1.RestoreVersionResponse> getRestoreVersionMethod;
    if ((getRestoreVersionMethod = RegistryServiceGrpc.getRestoreVersionMethod) == null) {
      synchronized (RegistryServiceGrpc.class) {
        if ((getRestoreVersionMethod = RegistryServiceGrpc.getRestoreVersionMethod) == null) {
          RegistryServiceGrpc.getRestoreVersionMethod = getRestoreVersionMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.RestoreVersionRequest, dev.modelreg.v1.RestoreVersionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RestoreVersion"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.RestoreVersionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.RestoreVersionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RegistryServiceMethodDescriptorSupplier("RestoreVersion"))
              .build();
        }
      }
    }
    return getRestoreVersionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.SetAliasRequest,
      dev.modelreg.v1.SetAliasResponse> getSetAliasMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SetAlias",
      requestType = dev.modelreg.v1.SetAliasRequest.class,
      responseType = dev.modelreg.v1.SetAliasResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.SetAliasRequest,
      dev.modelreg.v1.SetAliasResponse> getSetAliasMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.SetAliasRequest, dev.modelreg.v1.SetAliasResponse> getSetAliasMethod;
    if ((getSetAliasMethod = RegistryServiceGrpc.getSetAliasMethod) == null) {
      synchronized (RegistryServiceGrpc.class) {
        if ((getSetAliasMethod = RegistryServiceGrpc.getSetAliasMethod) == null) {
          RegistryServiceGrpc.getSetAliasMethod = getSetAliasMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.SetAliasRequest, dev.modelreg.v1.SetAliasResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SetAlias"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.SetAliasRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.SetAliasResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RegistryServiceMethodDescriptorSupplier("SetAlias"))
              .build();
        }
      }
    }
    return getSetAliasMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.DeleteAliasRequest,
      dev.modelreg.v1.DeleteAliasResponse> getDeleteAliasMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteAlias",
      requestType = dev.modelreg.v1.DeleteAliasRequest.class,
      responseType = dev.modelreg.v1.DeleteAliasResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.DeleteAliasRequest,
      dev.modelreg.v1.DeleteAliasResponse> getDeleteAliasMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.DeleteAliasRequest, dev.modelreg.v1.DeleteAliasResponse> getDeleteAliasMethod;
    if ((getDeleteAliasMethod = RegistryServiceGrpc.getDeleteAliasMethod) == null) {
      synchronized (RegistryServiceGrpc.class) {
        if ((getDeleteAliasMethod = RegistryServiceGrpc.getDeleteAliasMethod) == null) {
          RegistryServiceGrpc.getDeleteAliasMethod = getDeleteAliasMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.DeleteAliasRequest, dev.modelreg.v1.DeleteAliasResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteAlias"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.DeleteAliasRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.DeleteAliasResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RegistryServiceMethodDescriptorSupplier("DeleteAlias"))
              .build();
        }
      }
    }
    return getDeleteAliasMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.ListAliasesRequest,
      dev.modelreg.v1.ListAliasesResponse> getListAliasesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListAliases",
      requestType = dev.modelreg.v1.ListAliasesRequest.class,
      responseType = dev.modelreg.v1.ListAliasesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.ListAliasesRequest,
      dev.modelreg.v1.ListAliasesResponse> getListAliasesMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.ListAliasesRequest, dev.modelreg.v1.ListAliasesResponse> getListAliasesMethod;
    if ((getListAliasesMethod = RegistryServiceGrpc.getListAliasesMethod) == null) {
      synchronized (RegistryServiceGrpc.class) {
        if ((getListAliasesMethod = RegistryServiceGrpc.getListAliasesMethod) == null) {
          RegistryServiceGrpc.getListAliasesMethod = getListAliasesMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.ListAliasesRequest, dev.modelreg.v1.ListAliasesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListAliases"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListAliasesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListAliasesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RegistryServiceMethodDescriptorSupplier("ListAliases"))
              .build();
        }
      }
    }
    return getListAliasesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.AddLineageRequest,
      dev.modelreg.v1.AddLineageResponse> getAddLineageMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AddLineage",
      requestType = dev.modelreg.v1.AddLineageRequest.class,
      responseType = dev.modelreg.v1.AddLineageResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.AddLineageRequest,
      dev.modelreg.v1.AddLineageResponse> getAddLineageMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.AddLineageRequest, dev.modelreg.v1.AddLineageResponse> getAddLineageMethod;
    if ((getAddLineageMethod = RegistryServiceGrpc.getAddLineageMethod) == null) {
      synchronized (RegistryServiceGrpc.class) {
        if ((getAddLineageMethod = RegistryServiceGrpc.getAddLineageMethod) == null) {
          RegistryServiceGrpc.getAddLineageMethod = getAddLineageMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.AddLineageRequest, dev.modelreg.v1.AddLineageResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AddLineage"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.AddLineageRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.AddLineageResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RegistryServiceMethodDescriptorSupplier("AddLineage"))
              .build();
        }
      }
    }
    return getAddLineageMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.GetLineageRequest,
      dev.modelreg.v1.GetLineageResponse> getGetLineageMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetLineage",
      requestType = dev.modelreg.v1.GetLineageRequest.class,
      responseType = dev.modelreg.v1.GetLineageResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.GetLineageRequest,
      dev.modelreg.v1.GetLineageResponse> getGetLineageMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.GetLineageRequest, dev.modelreg.v1.GetLineageResponse> getGetLineageMethod;
    if ((getGetLineageMethod = RegistryServiceGrpc.getGetLineageMethod) == null) {
      synchronized (RegistryServiceGrpc.class) {
        if ((getGetLineageMethod = RegistryServiceGrpc.getGetLineageMethod) == null) {
          RegistryServiceGrpc.getGetLineageMethod = getGetLineageMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.GetLineageRequest, dev.modelreg.v1.GetLineageResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetLineage"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GetLineageRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GetLineageResponse.getDefaultInstance()))
              .setSchemaDescriptor(new RegistryServiceMethodDescriptorSupplier("GetLineage"))
              .build();
        }
      }
    }
    return getGetLineageMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static RegistryServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<RegistryServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<RegistryServiceStub>() {
        @java.lang.Override
        public RegistryServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new RegistryServiceStub(channel, callOptions);
        }
      };
    return RegistryServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static RegistryServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<RegistryServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<RegistryServiceBlockingV2Stub>() {
        @java.lang.Override
        public RegistryServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new RegistryServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return RegistryServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static RegistryServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<RegistryServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<RegistryServiceBlockingStub>() {
        @java.lang.Override
        public RegistryServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new RegistryServiceBlockingStub(channel, callOptions);
        }
      };
    return RegistryServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static RegistryServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<RegistryServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<RegistryServiceFutureStub>() {
        @java.lang.Override
        public RegistryServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new RegistryServiceFutureStub(channel, callOptions);
        }
      };
    return RegistryServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Registered models, their versions, aliases and lineage.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE).
   * A request that fails changes nothing. Wherever a version is wanted, a reference is accepted:
   * `models/{m}/versions/{n}`, `m:v3`, `m:3`, `m:latest`, `m:{alias}` or `m&#64;sha256:{version digest}`.
   * A digest may be shortened to its first 6 to 63 lowercase hex digits, and `sha256:` left out
   * (`m&#64;sha256:3f2a9c4b5d6e`, as `modelreg versions` prints it, or `m&#64;3f2a9c`): it names the version
   * whose digest starts with them (the READY one, else the newest, as a full digest does). Fewer than
   * 6 digits is INVALID_REFERENCE; no such digest is NOT_FOUND (VERSION_NOT_FOUND); several digests
   * of the model starting with them is FAILED_PRECONDITION (AMBIGUOUS_DIGEST, metadata `candidates`:
   * up to 10 full digests in byte order, comma-separated, `versions`: their version numbers, `more`:
   * "true" when there are more than 10) and changes nothing: give more digits.
   * A version number is ASCII digits from 1 to 2^63-1; leading zeros do not change it (`m:v0003` and
   * `m:v00000000000000000003` are `m:v3`), and 0 or a larger number is INVALID_REFERENCE. `v` followed
   * by digits is always a version number, never an alias.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * Every field a client fills has a limit, stated in its comment (all of them: docs/limits.md). A
   * request past one is refused with INVALID_ARGUMENT, a reason naming the limit (e.g.
   * TOO_MANY_TAGS) and ErrorInfo metadata `limit`, before anything is stored. List pages hold at
   * most `page_size` items and end early once their items would pass 2 MiB serialised (the first
   * item always comes): a page may hold fewer items than asked for; follow `next_page_token` until
   * it is empty. So every response but a version's full manifest (GetVersion FULL, ListVersions
   * FULL, CreateVersion: up to 28 MiB) fits the 4 MiB a gRPC client accepts by default.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Creates an empty model.
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (bad name, INVALID_NAME; DESCRIPTION_TOO_LONG, TOO_MANY_TAGS,
     * INVALID_TAG), ALREADY_EXISTS (MODEL_ALREADY_EXISTS).
     * </pre>
     */
    default void createModel(dev.modelreg.v1.CreateModelRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateModelResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateModelMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns one model.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND).
     * </pre>
     */
    default void getModel(dev.modelreg.v1.GetModelRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GetModelResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetModelMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists models matching `filter`, in `order_by` order (default: by name, ascending). A page
     * ends early before 2 MiB of models (see above). A page token is only valid with the same
     * filter, order_by, name_prefix and tags as the request that returned it.
     * Role: any; lists only models the caller may read.
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN: malformed, or from a request with another
     * filter or order, INVALID_PAGE_SIZE, NAME_PREFIX_TOO_LONG, TOO_MANY_FILTERS, INVALID_TAG,
     * INVALID_FILTER with metadata `position` and `expected` (and `field`, `allowed` for an unknown
     * field), FILTER_TOO_LONG, FILTER_TOO_COMPLEX, INVALID_ORDER_BY, ORDER_BY_TOO_LONG).
     * </pre>
     */
    default void listModels(dev.modelreg.v1.ListModelsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListModelsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListModelsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Updates a model's description and tags; `update_mask` paths: `description`, `tags`,
     * `tags.{key}` (set one key, or delete it when absent from `model.tags`).
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_UPDATE_MASK, INVALID_TAG, DESCRIPTION_TOO_LONG,
     * TOO_MANY_TAGS: the model would have more than 256), NOT_FOUND (MODEL_NOT_FOUND),
     * ABORTED (ETAG_MISMATCH: `model.etag` is stale).
     * </pre>
     */
    default void updateModel(dev.modelreg.v1.UpdateModelRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.UpdateModelResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateModelMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a model with its versions, aliases and lineage. A model that still has READY
     * versions is only deleted with `force`. Each alias removed emits ALIAS_DELETED before the
     * MODEL_DELETED event; chunks stay until garbage collection.
     * Role: maintainer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND),
     * FAILED_PRECONDITION (MODEL_HAS_READY_VERSIONS), ABORTED (ETAG_MISMATCH).
     * </pre>
     */
    default void deleteModel(dev.modelreg.v1.DeleteModelRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.DeleteModelResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteModelMethod(), responseObserver);
    }

    /**
     * <pre>
     * Commits a new version from a manifest whose chunks have all been uploaded (see
     * TransferService). Atomic: the version, its aliases, lineage and events exist completely or not
     * at all. The manifest's format is MANIFEST_FORMAT_CHUNK_TREE when its files carry
     * tree_digest (no file is re-read), else MANIFEST_FORMAT_FILE_SHA256 (each new file is re-read
     * to check its sha256). Creates the model if it does not exist. The new version becomes `latest`. Retries with
     * the same `request_id` return the version already created. A stored chunk found corrupt while
     * a file is verified is quarantined and reported as CHUNKS_MISSING: upload it and retry.
     * Role: editor on the model (maintainer for protected `aliases`), viewer on the models of
     * version inputs.
     * File paths follow the portable path rule of docs/paths.md (see FileEntry.path).
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PATH: a path breaks the rule, or is both a
     * file and a directory, DUPLICATE_PATH: listed twice, PATH_COLLISION: two paths or directories
     * differ only in Unicode normalization or case, metadata `path` and `other`, INVALID_MANIFEST,
     * INVALID_DIGEST, FILE_DIGEST_MISMATCH: a file's chunks do not hash to its sha256,
     * TREE_DIGEST_MISMATCH: a file's tree_digest is not the hash of its chunk list,
     * CHUNK_SIZE_MISMATCH: a stored chunk has another size than the manifest says, INVALID_ALIAS, RESERVED_ALIAS, INVALID_REFERENCE, INVALID_TAG, INVALID_METRIC, INVALID_PARAM,
     * INVALID_LINEAGE), FAILED_PRECONDITION (CHUNKS_MISSING: metadata names the first missing
     * digest and the count), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND, ALIAS_NOT_FOUND: a
     * lineage input does not exist).
     * Limits (see the request's fields): INVALID_ARGUMENT (INVALID_REQUEST_ID, DESCRIPTION_TOO_LONG,
     * TOO_MANY_TAGS, TOO_MANY_METRICS, TOO_MANY_PARAMS, PARAMS_TOO_LARGE, TOO_MANY_ALIASES: over 100
     * in the call, or the model would hold over 1,000, TOO_MANY_INPUTS, TOO_MANY_FILES,
     * MANIFEST_TOO_LARGE).
     * </pre>
     */
    default void createVersion(dev.modelreg.v1.CreateVersionRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateVersionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateVersionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns the version a reference points at; the manifest is included unless view is BASIC.
     * A manifest may be up to 28 MiB serialised: a client reading one raises its receive limit
     * (the SDKs accept 64 MiB).
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND,
     * ALIAS_NOT_FOUND).
     * </pre>
     */
    default void getVersion(dev.modelreg.v1.GetVersionRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GetVersionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetVersionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists a model's versions matching `filter`, in `order_by` order (default: newest first). With
     * parent `models/-` it searches the versions of every model the caller may read (AIP-159;
     * default order: newest `create_time` first). A page ends early before 2 MiB of versions, their
     * manifests included with view FULL (see above); a version whose manifest alone is larger comes
     * in a page of its own. A page token is only valid with the same parent, filter, order_by,
     * state and tags as the request that returned it; paging while versions are added returns no
     * version twice and skips none that existed when the first page was read.
     * Role: viewer on the model; for `models/-`, any (only readable models are searched).
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN: malformed, or from a request with
     * another parent, filter or order, INVALID_PAGE_SIZE, TOO_MANY_FILTERS, INVALID_TAG,
     * INVALID_FILTER with metadata `position` and `expected` (and `field`, `allowed` for an unknown
     * field), FILTER_TOO_LONG, FILTER_TOO_COMPLEX, INVALID_ORDER_BY, ORDER_BY_TOO_LONG),
     * NOT_FOUND (MODEL_NOT_FOUND).
     * </pre>
     */
    default void listVersions(dev.modelreg.v1.ListVersionsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListVersionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListVersionsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Updates a version's description, tags and metrics; `update_mask` paths: `description`,
     * `tags`, `tags.{key}`, `metrics`, `metrics.{key}` (a keyed path sets the key, or deletes it
     * when absent from the request). Content, params and lineage inputs are immutable.
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_UPDATE_MASK, INVALID_TAG,
     * INVALID_METRIC, DESCRIPTION_TOO_LONG, TOO_MANY_TAGS and TOO_MANY_METRICS: the version would
     * have more than 256 tags or 1,000 metrics), NOT_FOUND (VERSION_NOT_FOUND), ABORTED (ETAG_MISMATCH).
     * </pre>
     */
    default void updateVersion(dev.modelreg.v1.UpdateVersionRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.UpdateVersionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateVersionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Archives a version: it leaves `latest`, loses its aliases (each removal is an event) and can
     * no longer be the target of an alias. Archiving an archived version is a no-op.
     * Role: maintainer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (VERSION_NOT_FOUND).
     * </pre>
     */
    default void archiveVersion(dev.modelreg.v1.ArchiveVersionRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ArchiveVersionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getArchiveVersionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Restores an archived version to READY; `latest` moves to it if it is now the newest.
     * Role: maintainer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (VERSION_NOT_FOUND).
     * </pre>
     */
    default void restoreVersion(dev.modelreg.v1.RestoreVersionRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.RestoreVersionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRestoreVersionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Points an alias at a version, creating or moving it atomically. The version is `version` (a
     * number) or `target` (any reference, e.g. `m:staging`, resolved in the same transaction, so
     * `production` lands exactly where `staging` pointed at that moment). With `expected_version`
     * set, the move only happens if the alias currently points there (0 = the alias must not
     * exist yet). `latest` is maintained by the server and cannot be set. A model holds at most
     * 1000 aliases, `latest` included: a new one past that is INVALID_ARGUMENT (TOO_MANY_ALIASES).
     * Role: editor on the model; maintainer for a protected alias.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, RESERVED_ALIAS, INVALID_VERSION: `version`
     * below 1 without a `target`, both given, or `expected_version` below 0, INVALID_REFERENCE: a bad
     * `target`, TARGET_OF_OTHER_MODEL: `target` names another model's version, metadata `model` and
     * `target_model`), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND, ALIAS_NOT_FOUND: `target`
     * names an alias the model lacks), FAILED_PRECONDITION (VERSION_ARCHIVED, AMBIGUOUS_DIGEST),
     * ABORTED (ALIAS_CONFLICT: `expected_version` does not match).
     * </pre>
     */
    default void setAlias(dev.modelreg.v1.SetAliasRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.SetAliasResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSetAliasMethod(), responseObserver);
    }

    /**
     * <pre>
     * Removes an alias, optionally only if it points at `expected_version`.
     * Role: editor on the model; maintainer for a protected alias.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, RESERVED_ALIAS, INVALID_VERSION: a
     * negative `expected_version`),
     * NOT_FOUND (MODEL_NOT_FOUND, ALIAS_NOT_FOUND), ABORTED (ALIAS_CONFLICT).
     * </pre>
     */
    default void deleteAlias(dev.modelreg.v1.DeleteAliasRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.DeleteAliasResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteAliasMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists a model's aliases by name, `latest` included.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND).
     * </pre>
     */
    default void listAliases(dev.modelreg.v1.ListAliasesRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListAliasesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListAliasesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Declares more inputs of an existing version. Inputs already declared are ignored. Lineage has
     * no cycles: an input that was itself built, at any depth, from this version is refused.
     * Role: editor on the model, viewer on the models of version inputs.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_LINEAGE: e.g. a version naming itself,
     * LINEAGE_CYCLE: metadata `input` names the input that closes the cycle, TOO_MANY_INPUTS: over
     * 1,000 in the call, or the version would have over 1,000), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND), FAILED_PRECONDITION (LINEAGE_TOO_LARGE: more than 10,000
     * versions upstream of the inputs, too many to check for a cycle).
     * </pre>
     */
    default void addLineage(dev.modelreg.v1.AddLineageRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.AddLineageResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAddLineageMethod(), responseObserver);
    }

    /**
     * <pre>
     * Walks the lineage graph from a version (or an external artifact), upstream (its inputs, their inputs ...), downstream
     * (versions built from it) or both, up to `depth` hops (default 1, at most 50). A graph is
     * never cut: one of more than 10,000 edges, or more than 3 MiB serialised, is refused whole;
     * walk fewer hops or one direction. The walk stops when the call is cancelled or its deadline
     * passes.
     * Role: viewer on the start version's model; versions of models the caller may not read are left
     * out.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_DEPTH, INVALID_LINEAGE: also an
     * `artifact_uri` over 2048 characters), NOT_FOUND (VERSION_NOT_FOUND, ARTIFACT_NOT_FOUND),
     * FAILED_PRECONDITION (LINEAGE_TOO_LARGE: metadata `limit` is the edge or byte limit passed),
     * DEADLINE_EXCEEDED (DEADLINE_EXCEEDED).
     * </pre>
     */
    default void getLineage(dev.modelreg.v1.GetLineageRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GetLineageResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetLineageMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service RegistryService.
   * <pre>
   * Registered models, their versions, aliases and lineage.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE).
   * A request that fails changes nothing. Wherever a version is wanted, a reference is accepted:
   * `models/{m}/versions/{n}`, `m:v3`, `m:3`, `m:latest`, `m:{alias}` or `m&#64;sha256:{version digest}`.
   * A digest may be shortened to its first 6 to 63 lowercase hex digits, and `sha256:` left out
   * (`m&#64;sha256:3f2a9c4b5d6e`, as `modelreg versions` prints it, or `m&#64;3f2a9c`): it names the version
   * whose digest starts with them (the READY one, else the newest, as a full digest does). Fewer than
   * 6 digits is INVALID_REFERENCE; no such digest is NOT_FOUND (VERSION_NOT_FOUND); several digests
   * of the model starting with them is FAILED_PRECONDITION (AMBIGUOUS_DIGEST, metadata `candidates`:
   * up to 10 full digests in byte order, comma-separated, `versions`: their version numbers, `more`:
   * "true" when there are more than 10) and changes nothing: give more digits.
   * A version number is ASCII digits from 1 to 2^63-1; leading zeros do not change it (`m:v0003` and
   * `m:v00000000000000000003` are `m:v3`), and 0 or a larger number is INVALID_REFERENCE. `v` followed
   * by digits is always a version number, never an alias.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * Every field a client fills has a limit, stated in its comment (all of them: docs/limits.md). A
   * request past one is refused with INVALID_ARGUMENT, a reason naming the limit (e.g.
   * TOO_MANY_TAGS) and ErrorInfo metadata `limit`, before anything is stored. List pages hold at
   * most `page_size` items and end early once their items would pass 2 MiB serialised (the first
   * item always comes): a page may hold fewer items than asked for; follow `next_page_token` until
   * it is empty. So every response but a version's full manifest (GetVersion FULL, ListVersions
   * FULL, CreateVersion: up to 28 MiB) fits the 4 MiB a gRPC client accepts by default.
   * </pre>
   */
  public static abstract class RegistryServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return RegistryServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service RegistryService.
   * <pre>
   * Registered models, their versions, aliases and lineage.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE).
   * A request that fails changes nothing. Wherever a version is wanted, a reference is accepted:
   * `models/{m}/versions/{n}`, `m:v3`, `m:3`, `m:latest`, `m:{alias}` or `m&#64;sha256:{version digest}`.
   * A digest may be shortened to its first 6 to 63 lowercase hex digits, and `sha256:` left out
   * (`m&#64;sha256:3f2a9c4b5d6e`, as `modelreg versions` prints it, or `m&#64;3f2a9c`): it names the version
   * whose digest starts with them (the READY one, else the newest, as a full digest does). Fewer than
   * 6 digits is INVALID_REFERENCE; no such digest is NOT_FOUND (VERSION_NOT_FOUND); several digests
   * of the model starting with them is FAILED_PRECONDITION (AMBIGUOUS_DIGEST, metadata `candidates`:
   * up to 10 full digests in byte order, comma-separated, `versions`: their version numbers, `more`:
   * "true" when there are more than 10) and changes nothing: give more digits.
   * A version number is ASCII digits from 1 to 2^63-1; leading zeros do not change it (`m:v0003` and
   * `m:v00000000000000000003` are `m:v3`), and 0 or a larger number is INVALID_REFERENCE. `v` followed
   * by digits is always a version number, never an alias.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * Every field a client fills has a limit, stated in its comment (all of them: docs/limits.md). A
   * request past one is refused with INVALID_ARGUMENT, a reason naming the limit (e.g.
   * TOO_MANY_TAGS) and ErrorInfo metadata `limit`, before anything is stored. List pages hold at
   * most `page_size` items and end early once their items would pass 2 MiB serialised (the first
   * item always comes): a page may hold fewer items than asked for; follow `next_page_token` until
   * it is empty. So every response but a version's full manifest (GetVersion FULL, ListVersions
   * FULL, CreateVersion: up to 28 MiB) fits the 4 MiB a gRPC client accepts by default.
   * </pre>
   */
  public static final class RegistryServiceStub
      extends io.grpc.stub.AbstractAsyncStub<RegistryServiceStub> {
    private RegistryServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected RegistryServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new RegistryServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates an empty model.
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (bad name, INVALID_NAME; DESCRIPTION_TOO_LONG, TOO_MANY_TAGS,
     * INVALID_TAG), ALREADY_EXISTS (MODEL_ALREADY_EXISTS).
     * </pre>
     */
    public void createModel(dev.modelreg.v1.CreateModelRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateModelResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateModelMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns one model.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND).
     * </pre>
     */
    public void getModel(dev.modelreg.v1.GetModelRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GetModelResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetModelMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists models matching `filter`, in `order_by` order (default: by name, ascending). A page
     * ends early before 2 MiB of models (see above). A page token is only valid with the same
     * filter, order_by, name_prefix and tags as the request that returned it.
     * Role: any; lists only models the caller may read.
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN: malformed, or from a request with another
     * filter or order, INVALID_PAGE_SIZE, NAME_PREFIX_TOO_LONG, TOO_MANY_FILTERS, INVALID_TAG,
     * INVALID_FILTER with metadata `position` and `expected` (and `field`, `allowed` for an unknown
     * field), FILTER_TOO_LONG, FILTER_TOO_COMPLEX, INVALID_ORDER_BY, ORDER_BY_TOO_LONG).
     * </pre>
     */
    public void listModels(dev.modelreg.v1.ListModelsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListModelsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListModelsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Updates a model's description and tags; `update_mask` paths: `description`, `tags`,
     * `tags.{key}` (set one key, or delete it when absent from `model.tags`).
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_UPDATE_MASK, INVALID_TAG, DESCRIPTION_TOO_LONG,
     * TOO_MANY_TAGS: the model would have more than 256), NOT_FOUND (MODEL_NOT_FOUND),
     * ABORTED (ETAG_MISMATCH: `model.etag` is stale).
     * </pre>
     */
    public void updateModel(dev.modelreg.v1.UpdateModelRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.UpdateModelResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateModelMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a model with its versions, aliases and lineage. A model that still has READY
     * versions is only deleted with `force`. Each alias removed emits ALIAS_DELETED before the
     * MODEL_DELETED event; chunks stay until garbage collection.
     * Role: maintainer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND),
     * FAILED_PRECONDITION (MODEL_HAS_READY_VERSIONS), ABORTED (ETAG_MISMATCH).
     * </pre>
     */
    public void deleteModel(dev.modelreg.v1.DeleteModelRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.DeleteModelResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteModelMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Commits a new version from a manifest whose chunks have all been uploaded (see
     * TransferService). Atomic: the version, its aliases, lineage and events exist completely or not
     * at all. The manifest's format is MANIFEST_FORMAT_CHUNK_TREE when its files carry
     * tree_digest (no file is re-read), else MANIFEST_FORMAT_FILE_SHA256 (each new file is re-read
     * to check its sha256). Creates the model if it does not exist. The new version becomes `latest`. Retries with
     * the same `request_id` return the version already created. A stored chunk found corrupt while
     * a file is verified is quarantined and reported as CHUNKS_MISSING: upload it and retry.
     * Role: editor on the model (maintainer for protected `aliases`), viewer on the models of
     * version inputs.
     * File paths follow the portable path rule of docs/paths.md (see FileEntry.path).
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PATH: a path breaks the rule, or is both a
     * file and a directory, DUPLICATE_PATH: listed twice, PATH_COLLISION: two paths or directories
     * differ only in Unicode normalization or case, metadata `path` and `other`, INVALID_MANIFEST,
     * INVALID_DIGEST, FILE_DIGEST_MISMATCH: a file's chunks do not hash to its sha256,
     * TREE_DIGEST_MISMATCH: a file's tree_digest is not the hash of its chunk list,
     * CHUNK_SIZE_MISMATCH: a stored chunk has another size than the manifest says, INVALID_ALIAS, RESERVED_ALIAS, INVALID_REFERENCE, INVALID_TAG, INVALID_METRIC, INVALID_PARAM,
     * INVALID_LINEAGE), FAILED_PRECONDITION (CHUNKS_MISSING: metadata names the first missing
     * digest and the count), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND, ALIAS_NOT_FOUND: a
     * lineage input does not exist).
     * Limits (see the request's fields): INVALID_ARGUMENT (INVALID_REQUEST_ID, DESCRIPTION_TOO_LONG,
     * TOO_MANY_TAGS, TOO_MANY_METRICS, TOO_MANY_PARAMS, PARAMS_TOO_LARGE, TOO_MANY_ALIASES: over 100
     * in the call, or the model would hold over 1,000, TOO_MANY_INPUTS, TOO_MANY_FILES,
     * MANIFEST_TOO_LARGE).
     * </pre>
     */
    public void createVersion(dev.modelreg.v1.CreateVersionRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateVersionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateVersionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns the version a reference points at; the manifest is included unless view is BASIC.
     * A manifest may be up to 28 MiB serialised: a client reading one raises its receive limit
     * (the SDKs accept 64 MiB).
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND,
     * ALIAS_NOT_FOUND).
     * </pre>
     */
    public void getVersion(dev.modelreg.v1.GetVersionRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GetVersionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetVersionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists a model's versions matching `filter`, in `order_by` order (default: newest first). With
     * parent `models/-` it searches the versions of every model the caller may read (AIP-159;
     * default order: newest `create_time` first). A page ends early before 2 MiB of versions, their
     * manifests included with view FULL (see above); a version whose manifest alone is larger comes
     * in a page of its own. A page token is only valid with the same parent, filter, order_by,
     * state and tags as the request that returned it; paging while versions are added returns no
     * version twice and skips none that existed when the first page was read.
     * Role: viewer on the model; for `models/-`, any (only readable models are searched).
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN: malformed, or from a request with
     * another parent, filter or order, INVALID_PAGE_SIZE, TOO_MANY_FILTERS, INVALID_TAG,
     * INVALID_FILTER with metadata `position` and `expected` (and `field`, `allowed` for an unknown
     * field), FILTER_TOO_LONG, FILTER_TOO_COMPLEX, INVALID_ORDER_BY, ORDER_BY_TOO_LONG),
     * NOT_FOUND (MODEL_NOT_FOUND).
     * </pre>
     */
    public void listVersions(dev.modelreg.v1.ListVersionsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListVersionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListVersionsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Updates a version's description, tags and metrics; `update_mask` paths: `description`,
     * `tags`, `tags.{key}`, `metrics`, `metrics.{key}` (a keyed path sets the key, or deletes it
     * when absent from the request). Content, params and lineage inputs are immutable.
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_UPDATE_MASK, INVALID_TAG,
     * INVALID_METRIC, DESCRIPTION_TOO_LONG, TOO_MANY_TAGS and TOO_MANY_METRICS: the version would
     * have more than 256 tags or 1,000 metrics), NOT_FOUND (VERSION_NOT_FOUND), ABORTED (ETAG_MISMATCH).
     * </pre>
     */
    public void updateVersion(dev.modelreg.v1.UpdateVersionRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.UpdateVersionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateVersionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Archives a version: it leaves `latest`, loses its aliases (each removal is an event) and can
     * no longer be the target of an alias. Archiving an archived version is a no-op.
     * Role: maintainer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (VERSION_NOT_FOUND).
     * </pre>
     */
    public void archiveVersion(dev.modelreg.v1.ArchiveVersionRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ArchiveVersionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getArchiveVersionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Restores an archived version to READY; `latest` moves to it if it is now the newest.
     * Role: maintainer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (VERSION_NOT_FOUND).
     * </pre>
     */
    public void restoreVersion(dev.modelreg.v1.RestoreVersionRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.RestoreVersionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRestoreVersionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Points an alias at a version, creating or moving it atomically. The version is `version` (a
     * number) or `target` (any reference, e.g. `m:staging`, resolved in the same transaction, so
     * `production` lands exactly where `staging` pointed at that moment). With `expected_version`
     * set, the move only happens if the alias currently points there (0 = the alias must not
     * exist yet). `latest` is maintained by the server and cannot be set. A model holds at most
     * 1000 aliases, `latest` included: a new one past that is INVALID_ARGUMENT (TOO_MANY_ALIASES).
     * Role: editor on the model; maintainer for a protected alias.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, RESERVED_ALIAS, INVALID_VERSION: `version`
     * below 1 without a `target`, both given, or `expected_version` below 0, INVALID_REFERENCE: a bad
     * `target`, TARGET_OF_OTHER_MODEL: `target` names another model's version, metadata `model` and
     * `target_model`), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND, ALIAS_NOT_FOUND: `target`
     * names an alias the model lacks), FAILED_PRECONDITION (VERSION_ARCHIVED, AMBIGUOUS_DIGEST),
     * ABORTED (ALIAS_CONFLICT: `expected_version` does not match).
     * </pre>
     */
    public void setAlias(dev.modelreg.v1.SetAliasRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.SetAliasResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSetAliasMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Removes an alias, optionally only if it points at `expected_version`.
     * Role: editor on the model; maintainer for a protected alias.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, RESERVED_ALIAS, INVALID_VERSION: a
     * negative `expected_version`),
     * NOT_FOUND (MODEL_NOT_FOUND, ALIAS_NOT_FOUND), ABORTED (ALIAS_CONFLICT).
     * </pre>
     */
    public void deleteAlias(dev.modelreg.v1.DeleteAliasRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.DeleteAliasResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteAliasMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists a model's aliases by name, `latest` included.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND).
     * </pre>
     */
    public void listAliases(dev.modelreg.v1.ListAliasesRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListAliasesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListAliasesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Declares more inputs of an existing version. Inputs already declared are ignored. Lineage has
     * no cycles: an input that was itself built, at any depth, from this version is refused.
     * Role: editor on the model, viewer on the models of version inputs.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_LINEAGE: e.g. a version naming itself,
     * LINEAGE_CYCLE: metadata `input` names the input that closes the cycle, TOO_MANY_INPUTS: over
     * 1,000 in the call, or the version would have over 1,000), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND), FAILED_PRECONDITION (LINEAGE_TOO_LARGE: more than 10,000
     * versions upstream of the inputs, too many to check for a cycle).
     * </pre>
     */
    public void addLineage(dev.modelreg.v1.AddLineageRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.AddLineageResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAddLineageMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Walks the lineage graph from a version (or an external artifact), upstream (its inputs, their inputs ...), downstream
     * (versions built from it) or both, up to `depth` hops (default 1, at most 50). A graph is
     * never cut: one of more than 10,000 edges, or more than 3 MiB serialised, is refused whole;
     * walk fewer hops or one direction. The walk stops when the call is cancelled or its deadline
     * passes.
     * Role: viewer on the start version's model; versions of models the caller may not read are left
     * out.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_DEPTH, INVALID_LINEAGE: also an
     * `artifact_uri` over 2048 characters), NOT_FOUND (VERSION_NOT_FOUND, ARTIFACT_NOT_FOUND),
     * FAILED_PRECONDITION (LINEAGE_TOO_LARGE: metadata `limit` is the edge or byte limit passed),
     * DEADLINE_EXCEEDED (DEADLINE_EXCEEDED).
     * </pre>
     */
    public void getLineage(dev.modelreg.v1.GetLineageRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GetLineageResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetLineageMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service RegistryService.
   * <pre>
   * Registered models, their versions, aliases and lineage.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE).
   * A request that fails changes nothing. Wherever a version is wanted, a reference is accepted:
   * `models/{m}/versions/{n}`, `m:v3`, `m:3`, `m:latest`, `m:{alias}` or `m&#64;sha256:{version digest}`.
   * A digest may be shortened to its first 6 to 63 lowercase hex digits, and `sha256:` left out
   * (`m&#64;sha256:3f2a9c4b5d6e`, as `modelreg versions` prints it, or `m&#64;3f2a9c`): it names the version
   * whose digest starts with them (the READY one, else the newest, as a full digest does). Fewer than
   * 6 digits is INVALID_REFERENCE; no such digest is NOT_FOUND (VERSION_NOT_FOUND); several digests
   * of the model starting with them is FAILED_PRECONDITION (AMBIGUOUS_DIGEST, metadata `candidates`:
   * up to 10 full digests in byte order, comma-separated, `versions`: their version numbers, `more`:
   * "true" when there are more than 10) and changes nothing: give more digits.
   * A version number is ASCII digits from 1 to 2^63-1; leading zeros do not change it (`m:v0003` and
   * `m:v00000000000000000003` are `m:v3`), and 0 or a larger number is INVALID_REFERENCE. `v` followed
   * by digits is always a version number, never an alias.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * Every field a client fills has a limit, stated in its comment (all of them: docs/limits.md). A
   * request past one is refused with INVALID_ARGUMENT, a reason naming the limit (e.g.
   * TOO_MANY_TAGS) and ErrorInfo metadata `limit`, before anything is stored. List pages hold at
   * most `page_size` items and end early once their items would pass 2 MiB serialised (the first
   * item always comes): a page may hold fewer items than asked for; follow `next_page_token` until
   * it is empty. So every response but a version's full manifest (GetVersion FULL, ListVersions
   * FULL, CreateVersion: up to 28 MiB) fits the 4 MiB a gRPC client accepts by default.
   * </pre>
   */
  public static final class RegistryServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<RegistryServiceBlockingV2Stub> {
    private RegistryServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected RegistryServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new RegistryServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates an empty model.
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (bad name, INVALID_NAME; DESCRIPTION_TOO_LONG, TOO_MANY_TAGS,
     * INVALID_TAG), ALREADY_EXISTS (MODEL_ALREADY_EXISTS).
     * </pre>
     */
    public dev.modelreg.v1.CreateModelResponse createModel(dev.modelreg.v1.CreateModelRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns one model.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.GetModelResponse getModel(dev.modelreg.v1.GetModelRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists models matching `filter`, in `order_by` order (default: by name, ascending). A page
     * ends early before 2 MiB of models (see above). A page token is only valid with the same
     * filter, order_by, name_prefix and tags as the request that returned it.
     * Role: any; lists only models the caller may read.
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN: malformed, or from a request with another
     * filter or order, INVALID_PAGE_SIZE, NAME_PREFIX_TOO_LONG, TOO_MANY_FILTERS, INVALID_TAG,
     * INVALID_FILTER with metadata `position` and `expected` (and `field`, `allowed` for an unknown
     * field), FILTER_TOO_LONG, FILTER_TOO_COMPLEX, INVALID_ORDER_BY, ORDER_BY_TOO_LONG).
     * </pre>
     */
    public dev.modelreg.v1.ListModelsResponse listModels(dev.modelreg.v1.ListModelsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListModelsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates a model's description and tags; `update_mask` paths: `description`, `tags`,
     * `tags.{key}` (set one key, or delete it when absent from `model.tags`).
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_UPDATE_MASK, INVALID_TAG, DESCRIPTION_TOO_LONG,
     * TOO_MANY_TAGS: the model would have more than 256), NOT_FOUND (MODEL_NOT_FOUND),
     * ABORTED (ETAG_MISMATCH: `model.etag` is stale).
     * </pre>
     */
    public dev.modelreg.v1.UpdateModelResponse updateModel(dev.modelreg.v1.UpdateModelRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a model with its versions, aliases and lineage. A model that still has READY
     * versions is only deleted with `force`. Each alias removed emits ALIAS_DELETED before the
     * MODEL_DELETED event; chunks stay until garbage collection.
     * Role: maintainer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND),
     * FAILED_PRECONDITION (MODEL_HAS_READY_VERSIONS), ABORTED (ETAG_MISMATCH).
     * </pre>
     */
    public dev.modelreg.v1.DeleteModelResponse deleteModel(dev.modelreg.v1.DeleteModelRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Commits a new version from a manifest whose chunks have all been uploaded (see
     * TransferService). Atomic: the version, its aliases, lineage and events exist completely or not
     * at all. The manifest's format is MANIFEST_FORMAT_CHUNK_TREE when its files carry
     * tree_digest (no file is re-read), else MANIFEST_FORMAT_FILE_SHA256 (each new file is re-read
     * to check its sha256). Creates the model if it does not exist. The new version becomes `latest`. Retries with
     * the same `request_id` return the version already created. A stored chunk found corrupt while
     * a file is verified is quarantined and reported as CHUNKS_MISSING: upload it and retry.
     * Role: editor on the model (maintainer for protected `aliases`), viewer on the models of
     * version inputs.
     * File paths follow the portable path rule of docs/paths.md (see FileEntry.path).
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PATH: a path breaks the rule, or is both a
     * file and a directory, DUPLICATE_PATH: listed twice, PATH_COLLISION: two paths or directories
     * differ only in Unicode normalization or case, metadata `path` and `other`, INVALID_MANIFEST,
     * INVALID_DIGEST, FILE_DIGEST_MISMATCH: a file's chunks do not hash to its sha256,
     * TREE_DIGEST_MISMATCH: a file's tree_digest is not the hash of its chunk list,
     * CHUNK_SIZE_MISMATCH: a stored chunk has another size than the manifest says, INVALID_ALIAS, RESERVED_ALIAS, INVALID_REFERENCE, INVALID_TAG, INVALID_METRIC, INVALID_PARAM,
     * INVALID_LINEAGE), FAILED_PRECONDITION (CHUNKS_MISSING: metadata names the first missing
     * digest and the count), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND, ALIAS_NOT_FOUND: a
     * lineage input does not exist).
     * Limits (see the request's fields): INVALID_ARGUMENT (INVALID_REQUEST_ID, DESCRIPTION_TOO_LONG,
     * TOO_MANY_TAGS, TOO_MANY_METRICS, TOO_MANY_PARAMS, PARAMS_TOO_LARGE, TOO_MANY_ALIASES: over 100
     * in the call, or the model would hold over 1,000, TOO_MANY_INPUTS, TOO_MANY_FILES,
     * MANIFEST_TOO_LARGE).
     * </pre>
     */
    public dev.modelreg.v1.CreateVersionResponse createVersion(dev.modelreg.v1.CreateVersionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the version a reference points at; the manifest is included unless view is BASIC.
     * A manifest may be up to 28 MiB serialised: a client reading one raises its receive limit
     * (the SDKs accept 64 MiB).
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND,
     * ALIAS_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.GetVersionResponse getVersion(dev.modelreg.v1.GetVersionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists a model's versions matching `filter`, in `order_by` order (default: newest first). With
     * parent `models/-` it searches the versions of every model the caller may read (AIP-159;
     * default order: newest `create_time` first). A page ends early before 2 MiB of versions, their
     * manifests included with view FULL (see above); a version whose manifest alone is larger comes
     * in a page of its own. A page token is only valid with the same parent, filter, order_by,
     * state and tags as the request that returned it; paging while versions are added returns no
     * version twice and skips none that existed when the first page was read.
     * Role: viewer on the model; for `models/-`, any (only readable models are searched).
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN: malformed, or from a request with
     * another parent, filter or order, INVALID_PAGE_SIZE, TOO_MANY_FILTERS, INVALID_TAG,
     * INVALID_FILTER with metadata `position` and `expected` (and `field`, `allowed` for an unknown
     * field), FILTER_TOO_LONG, FILTER_TOO_COMPLEX, INVALID_ORDER_BY, ORDER_BY_TOO_LONG),
     * NOT_FOUND (MODEL_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.ListVersionsResponse listVersions(dev.modelreg.v1.ListVersionsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListVersionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates a version's description, tags and metrics; `update_mask` paths: `description`,
     * `tags`, `tags.{key}`, `metrics`, `metrics.{key}` (a keyed path sets the key, or deletes it
     * when absent from the request). Content, params and lineage inputs are immutable.
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_UPDATE_MASK, INVALID_TAG,
     * INVALID_METRIC, DESCRIPTION_TOO_LONG, TOO_MANY_TAGS and TOO_MANY_METRICS: the version would
     * have more than 256 tags or 1,000 metrics), NOT_FOUND (VERSION_NOT_FOUND), ABORTED (ETAG_MISMATCH).
     * </pre>
     */
    public dev.modelreg.v1.UpdateVersionResponse updateVersion(dev.modelreg.v1.UpdateVersionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Archives a version: it leaves `latest`, loses its aliases (each removal is an event) and can
     * no longer be the target of an alias. Archiving an archived version is a no-op.
     * Role: maintainer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (VERSION_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.ArchiveVersionResponse archiveVersion(dev.modelreg.v1.ArchiveVersionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getArchiveVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Restores an archived version to READY; `latest` moves to it if it is now the newest.
     * Role: maintainer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (VERSION_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.RestoreVersionResponse restoreVersion(dev.modelreg.v1.RestoreVersionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRestoreVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Points an alias at a version, creating or moving it atomically. The version is `version` (a
     * number) or `target` (any reference, e.g. `m:staging`, resolved in the same transaction, so
     * `production` lands exactly where `staging` pointed at that moment). With `expected_version`
     * set, the move only happens if the alias currently points there (0 = the alias must not
     * exist yet). `latest` is maintained by the server and cannot be set. A model holds at most
     * 1000 aliases, `latest` included: a new one past that is INVALID_ARGUMENT (TOO_MANY_ALIASES).
     * Role: editor on the model; maintainer for a protected alias.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, RESERVED_ALIAS, INVALID_VERSION: `version`
     * below 1 without a `target`, both given, or `expected_version` below 0, INVALID_REFERENCE: a bad
     * `target`, TARGET_OF_OTHER_MODEL: `target` names another model's version, metadata `model` and
     * `target_model`), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND, ALIAS_NOT_FOUND: `target`
     * names an alias the model lacks), FAILED_PRECONDITION (VERSION_ARCHIVED, AMBIGUOUS_DIGEST),
     * ABORTED (ALIAS_CONFLICT: `expected_version` does not match).
     * </pre>
     */
    public dev.modelreg.v1.SetAliasResponse setAlias(dev.modelreg.v1.SetAliasRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getSetAliasMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes an alias, optionally only if it points at `expected_version`.
     * Role: editor on the model; maintainer for a protected alias.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, RESERVED_ALIAS, INVALID_VERSION: a
     * negative `expected_version`),
     * NOT_FOUND (MODEL_NOT_FOUND, ALIAS_NOT_FOUND), ABORTED (ALIAS_CONFLICT).
     * </pre>
     */
    public dev.modelreg.v1.DeleteAliasResponse deleteAlias(dev.modelreg.v1.DeleteAliasRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteAliasMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists a model's aliases by name, `latest` included.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.ListAliasesResponse listAliases(dev.modelreg.v1.ListAliasesRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListAliasesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Declares more inputs of an existing version. Inputs already declared are ignored. Lineage has
     * no cycles: an input that was itself built, at any depth, from this version is refused.
     * Role: editor on the model, viewer on the models of version inputs.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_LINEAGE: e.g. a version naming itself,
     * LINEAGE_CYCLE: metadata `input` names the input that closes the cycle, TOO_MANY_INPUTS: over
     * 1,000 in the call, or the version would have over 1,000), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND), FAILED_PRECONDITION (LINEAGE_TOO_LARGE: more than 10,000
     * versions upstream of the inputs, too many to check for a cycle).
     * </pre>
     */
    public dev.modelreg.v1.AddLineageResponse addLineage(dev.modelreg.v1.AddLineageRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getAddLineageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Walks the lineage graph from a version (or an external artifact), upstream (its inputs, their inputs ...), downstream
     * (versions built from it) or both, up to `depth` hops (default 1, at most 50). A graph is
     * never cut: one of more than 10,000 edges, or more than 3 MiB serialised, is refused whole;
     * walk fewer hops or one direction. The walk stops when the call is cancelled or its deadline
     * passes.
     * Role: viewer on the start version's model; versions of models the caller may not read are left
     * out.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_DEPTH, INVALID_LINEAGE: also an
     * `artifact_uri` over 2048 characters), NOT_FOUND (VERSION_NOT_FOUND, ARTIFACT_NOT_FOUND),
     * FAILED_PRECONDITION (LINEAGE_TOO_LARGE: metadata `limit` is the edge or byte limit passed),
     * DEADLINE_EXCEEDED (DEADLINE_EXCEEDED).
     * </pre>
     */
    public dev.modelreg.v1.GetLineageResponse getLineage(dev.modelreg.v1.GetLineageRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetLineageMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service RegistryService.
   * <pre>
   * Registered models, their versions, aliases and lineage.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE).
   * A request that fails changes nothing. Wherever a version is wanted, a reference is accepted:
   * `models/{m}/versions/{n}`, `m:v3`, `m:3`, `m:latest`, `m:{alias}` or `m&#64;sha256:{version digest}`.
   * A digest may be shortened to its first 6 to 63 lowercase hex digits, and `sha256:` left out
   * (`m&#64;sha256:3f2a9c4b5d6e`, as `modelreg versions` prints it, or `m&#64;3f2a9c`): it names the version
   * whose digest starts with them (the READY one, else the newest, as a full digest does). Fewer than
   * 6 digits is INVALID_REFERENCE; no such digest is NOT_FOUND (VERSION_NOT_FOUND); several digests
   * of the model starting with them is FAILED_PRECONDITION (AMBIGUOUS_DIGEST, metadata `candidates`:
   * up to 10 full digests in byte order, comma-separated, `versions`: their version numbers, `more`:
   * "true" when there are more than 10) and changes nothing: give more digits.
   * A version number is ASCII digits from 1 to 2^63-1; leading zeros do not change it (`m:v0003` and
   * `m:v00000000000000000003` are `m:v3`), and 0 or a larger number is INVALID_REFERENCE. `v` followed
   * by digits is always a version number, never an alias.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * Every field a client fills has a limit, stated in its comment (all of them: docs/limits.md). A
   * request past one is refused with INVALID_ARGUMENT, a reason naming the limit (e.g.
   * TOO_MANY_TAGS) and ErrorInfo metadata `limit`, before anything is stored. List pages hold at
   * most `page_size` items and end early once their items would pass 2 MiB serialised (the first
   * item always comes): a page may hold fewer items than asked for; follow `next_page_token` until
   * it is empty. So every response but a version's full manifest (GetVersion FULL, ListVersions
   * FULL, CreateVersion: up to 28 MiB) fits the 4 MiB a gRPC client accepts by default.
   * </pre>
   */
  public static final class RegistryServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<RegistryServiceBlockingStub> {
    private RegistryServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected RegistryServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new RegistryServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates an empty model.
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (bad name, INVALID_NAME; DESCRIPTION_TOO_LONG, TOO_MANY_TAGS,
     * INVALID_TAG), ALREADY_EXISTS (MODEL_ALREADY_EXISTS).
     * </pre>
     */
    public dev.modelreg.v1.CreateModelResponse createModel(dev.modelreg.v1.CreateModelRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns one model.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.GetModelResponse getModel(dev.modelreg.v1.GetModelRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists models matching `filter`, in `order_by` order (default: by name, ascending). A page
     * ends early before 2 MiB of models (see above). A page token is only valid with the same
     * filter, order_by, name_prefix and tags as the request that returned it.
     * Role: any; lists only models the caller may read.
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN: malformed, or from a request with another
     * filter or order, INVALID_PAGE_SIZE, NAME_PREFIX_TOO_LONG, TOO_MANY_FILTERS, INVALID_TAG,
     * INVALID_FILTER with metadata `position` and `expected` (and `field`, `allowed` for an unknown
     * field), FILTER_TOO_LONG, FILTER_TOO_COMPLEX, INVALID_ORDER_BY, ORDER_BY_TOO_LONG).
     * </pre>
     */
    public dev.modelreg.v1.ListModelsResponse listModels(dev.modelreg.v1.ListModelsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListModelsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates a model's description and tags; `update_mask` paths: `description`, `tags`,
     * `tags.{key}` (set one key, or delete it when absent from `model.tags`).
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_UPDATE_MASK, INVALID_TAG, DESCRIPTION_TOO_LONG,
     * TOO_MANY_TAGS: the model would have more than 256), NOT_FOUND (MODEL_NOT_FOUND),
     * ABORTED (ETAG_MISMATCH: `model.etag` is stale).
     * </pre>
     */
    public dev.modelreg.v1.UpdateModelResponse updateModel(dev.modelreg.v1.UpdateModelRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a model with its versions, aliases and lineage. A model that still has READY
     * versions is only deleted with `force`. Each alias removed emits ALIAS_DELETED before the
     * MODEL_DELETED event; chunks stay until garbage collection.
     * Role: maintainer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND),
     * FAILED_PRECONDITION (MODEL_HAS_READY_VERSIONS), ABORTED (ETAG_MISMATCH).
     * </pre>
     */
    public dev.modelreg.v1.DeleteModelResponse deleteModel(dev.modelreg.v1.DeleteModelRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteModelMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Commits a new version from a manifest whose chunks have all been uploaded (see
     * TransferService). Atomic: the version, its aliases, lineage and events exist completely or not
     * at all. The manifest's format is MANIFEST_FORMAT_CHUNK_TREE when its files carry
     * tree_digest (no file is re-read), else MANIFEST_FORMAT_FILE_SHA256 (each new file is re-read
     * to check its sha256). Creates the model if it does not exist. The new version becomes `latest`. Retries with
     * the same `request_id` return the version already created. A stored chunk found corrupt while
     * a file is verified is quarantined and reported as CHUNKS_MISSING: upload it and retry.
     * Role: editor on the model (maintainer for protected `aliases`), viewer on the models of
     * version inputs.
     * File paths follow the portable path rule of docs/paths.md (see FileEntry.path).
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PATH: a path breaks the rule, or is both a
     * file and a directory, DUPLICATE_PATH: listed twice, PATH_COLLISION: two paths or directories
     * differ only in Unicode normalization or case, metadata `path` and `other`, INVALID_MANIFEST,
     * INVALID_DIGEST, FILE_DIGEST_MISMATCH: a file's chunks do not hash to its sha256,
     * TREE_DIGEST_MISMATCH: a file's tree_digest is not the hash of its chunk list,
     * CHUNK_SIZE_MISMATCH: a stored chunk has another size than the manifest says, INVALID_ALIAS, RESERVED_ALIAS, INVALID_REFERENCE, INVALID_TAG, INVALID_METRIC, INVALID_PARAM,
     * INVALID_LINEAGE), FAILED_PRECONDITION (CHUNKS_MISSING: metadata names the first missing
     * digest and the count), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND, ALIAS_NOT_FOUND: a
     * lineage input does not exist).
     * Limits (see the request's fields): INVALID_ARGUMENT (INVALID_REQUEST_ID, DESCRIPTION_TOO_LONG,
     * TOO_MANY_TAGS, TOO_MANY_METRICS, TOO_MANY_PARAMS, PARAMS_TOO_LARGE, TOO_MANY_ALIASES: over 100
     * in the call, or the model would hold over 1,000, TOO_MANY_INPUTS, TOO_MANY_FILES,
     * MANIFEST_TOO_LARGE).
     * </pre>
     */
    public dev.modelreg.v1.CreateVersionResponse createVersion(dev.modelreg.v1.CreateVersionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the version a reference points at; the manifest is included unless view is BASIC.
     * A manifest may be up to 28 MiB serialised: a client reading one raises its receive limit
     * (the SDKs accept 64 MiB).
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND,
     * ALIAS_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.GetVersionResponse getVersion(dev.modelreg.v1.GetVersionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists a model's versions matching `filter`, in `order_by` order (default: newest first). With
     * parent `models/-` it searches the versions of every model the caller may read (AIP-159;
     * default order: newest `create_time` first). A page ends early before 2 MiB of versions, their
     * manifests included with view FULL (see above); a version whose manifest alone is larger comes
     * in a page of its own. A page token is only valid with the same parent, filter, order_by,
     * state and tags as the request that returned it; paging while versions are added returns no
     * version twice and skips none that existed when the first page was read.
     * Role: viewer on the model; for `models/-`, any (only readable models are searched).
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN: malformed, or from a request with
     * another parent, filter or order, INVALID_PAGE_SIZE, TOO_MANY_FILTERS, INVALID_TAG,
     * INVALID_FILTER with metadata `position` and `expected` (and `field`, `allowed` for an unknown
     * field), FILTER_TOO_LONG, FILTER_TOO_COMPLEX, INVALID_ORDER_BY, ORDER_BY_TOO_LONG),
     * NOT_FOUND (MODEL_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.ListVersionsResponse listVersions(dev.modelreg.v1.ListVersionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListVersionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates a version's description, tags and metrics; `update_mask` paths: `description`,
     * `tags`, `tags.{key}`, `metrics`, `metrics.{key}` (a keyed path sets the key, or deletes it
     * when absent from the request). Content, params and lineage inputs are immutable.
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_UPDATE_MASK, INVALID_TAG,
     * INVALID_METRIC, DESCRIPTION_TOO_LONG, TOO_MANY_TAGS and TOO_MANY_METRICS: the version would
     * have more than 256 tags or 1,000 metrics), NOT_FOUND (VERSION_NOT_FOUND), ABORTED (ETAG_MISMATCH).
     * </pre>
     */
    public dev.modelreg.v1.UpdateVersionResponse updateVersion(dev.modelreg.v1.UpdateVersionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Archives a version: it leaves `latest`, loses its aliases (each removal is an event) and can
     * no longer be the target of an alias. Archiving an archived version is a no-op.
     * Role: maintainer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (VERSION_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.ArchiveVersionResponse archiveVersion(dev.modelreg.v1.ArchiveVersionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getArchiveVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Restores an archived version to READY; `latest` moves to it if it is now the newest.
     * Role: maintainer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (VERSION_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.RestoreVersionResponse restoreVersion(dev.modelreg.v1.RestoreVersionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRestoreVersionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Points an alias at a version, creating or moving it atomically. The version is `version` (a
     * number) or `target` (any reference, e.g. `m:staging`, resolved in the same transaction, so
     * `production` lands exactly where `staging` pointed at that moment). With `expected_version`
     * set, the move only happens if the alias currently points there (0 = the alias must not
     * exist yet). `latest` is maintained by the server and cannot be set. A model holds at most
     * 1000 aliases, `latest` included: a new one past that is INVALID_ARGUMENT (TOO_MANY_ALIASES).
     * Role: editor on the model; maintainer for a protected alias.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, RESERVED_ALIAS, INVALID_VERSION: `version`
     * below 1 without a `target`, both given, or `expected_version` below 0, INVALID_REFERENCE: a bad
     * `target`, TARGET_OF_OTHER_MODEL: `target` names another model's version, metadata `model` and
     * `target_model`), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND, ALIAS_NOT_FOUND: `target`
     * names an alias the model lacks), FAILED_PRECONDITION (VERSION_ARCHIVED, AMBIGUOUS_DIGEST),
     * ABORTED (ALIAS_CONFLICT: `expected_version` does not match).
     * </pre>
     */
    public dev.modelreg.v1.SetAliasResponse setAlias(dev.modelreg.v1.SetAliasRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSetAliasMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes an alias, optionally only if it points at `expected_version`.
     * Role: editor on the model; maintainer for a protected alias.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, RESERVED_ALIAS, INVALID_VERSION: a
     * negative `expected_version`),
     * NOT_FOUND (MODEL_NOT_FOUND, ALIAS_NOT_FOUND), ABORTED (ALIAS_CONFLICT).
     * </pre>
     */
    public dev.modelreg.v1.DeleteAliasResponse deleteAlias(dev.modelreg.v1.DeleteAliasRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteAliasMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists a model's aliases by name, `latest` included.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.ListAliasesResponse listAliases(dev.modelreg.v1.ListAliasesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListAliasesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Declares more inputs of an existing version. Inputs already declared are ignored. Lineage has
     * no cycles: an input that was itself built, at any depth, from this version is refused.
     * Role: editor on the model, viewer on the models of version inputs.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_LINEAGE: e.g. a version naming itself,
     * LINEAGE_CYCLE: metadata `input` names the input that closes the cycle, TOO_MANY_INPUTS: over
     * 1,000 in the call, or the version would have over 1,000), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND), FAILED_PRECONDITION (LINEAGE_TOO_LARGE: more than 10,000
     * versions upstream of the inputs, too many to check for a cycle).
     * </pre>
     */
    public dev.modelreg.v1.AddLineageResponse addLineage(dev.modelreg.v1.AddLineageRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAddLineageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Walks the lineage graph from a version (or an external artifact), upstream (its inputs, their inputs ...), downstream
     * (versions built from it) or both, up to `depth` hops (default 1, at most 50). A graph is
     * never cut: one of more than 10,000 edges, or more than 3 MiB serialised, is refused whole;
     * walk fewer hops or one direction. The walk stops when the call is cancelled or its deadline
     * passes.
     * Role: viewer on the start version's model; versions of models the caller may not read are left
     * out.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_DEPTH, INVALID_LINEAGE: also an
     * `artifact_uri` over 2048 characters), NOT_FOUND (VERSION_NOT_FOUND, ARTIFACT_NOT_FOUND),
     * FAILED_PRECONDITION (LINEAGE_TOO_LARGE: metadata `limit` is the edge or byte limit passed),
     * DEADLINE_EXCEEDED (DEADLINE_EXCEEDED).
     * </pre>
     */
    public dev.modelreg.v1.GetLineageResponse getLineage(dev.modelreg.v1.GetLineageRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetLineageMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service RegistryService.
   * <pre>
   * Registered models, their versions, aliases and lineage.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE).
   * A request that fails changes nothing. Wherever a version is wanted, a reference is accepted:
   * `models/{m}/versions/{n}`, `m:v3`, `m:3`, `m:latest`, `m:{alias}` or `m&#64;sha256:{version digest}`.
   * A digest may be shortened to its first 6 to 63 lowercase hex digits, and `sha256:` left out
   * (`m&#64;sha256:3f2a9c4b5d6e`, as `modelreg versions` prints it, or `m&#64;3f2a9c`): it names the version
   * whose digest starts with them (the READY one, else the newest, as a full digest does). Fewer than
   * 6 digits is INVALID_REFERENCE; no such digest is NOT_FOUND (VERSION_NOT_FOUND); several digests
   * of the model starting with them is FAILED_PRECONDITION (AMBIGUOUS_DIGEST, metadata `candidates`:
   * up to 10 full digests in byte order, comma-separated, `versions`: their version numbers, `more`:
   * "true" when there are more than 10) and changes nothing: give more digits.
   * A version number is ASCII digits from 1 to 2^63-1; leading zeros do not change it (`m:v0003` and
   * `m:v00000000000000000003` are `m:v3`), and 0 or a larger number is INVALID_REFERENCE. `v` followed
   * by digits is always a version number, never an alias.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * Every field a client fills has a limit, stated in its comment (all of them: docs/limits.md). A
   * request past one is refused with INVALID_ARGUMENT, a reason naming the limit (e.g.
   * TOO_MANY_TAGS) and ErrorInfo metadata `limit`, before anything is stored. List pages hold at
   * most `page_size` items and end early once their items would pass 2 MiB serialised (the first
   * item always comes): a page may hold fewer items than asked for; follow `next_page_token` until
   * it is empty. So every response but a version's full manifest (GetVersion FULL, ListVersions
   * FULL, CreateVersion: up to 28 MiB) fits the 4 MiB a gRPC client accepts by default.
   * </pre>
   */
  public static final class RegistryServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<RegistryServiceFutureStub> {
    private RegistryServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected RegistryServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new RegistryServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates an empty model.
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (bad name, INVALID_NAME; DESCRIPTION_TOO_LONG, TOO_MANY_TAGS,
     * INVALID_TAG), ALREADY_EXISTS (MODEL_ALREADY_EXISTS).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.CreateModelResponse> createModel(
        dev.modelreg.v1.CreateModelRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateModelMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns one model.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.GetModelResponse> getModel(
        dev.modelreg.v1.GetModelRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetModelMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists models matching `filter`, in `order_by` order (default: by name, ascending). A page
     * ends early before 2 MiB of models (see above). A page token is only valid with the same
     * filter, order_by, name_prefix and tags as the request that returned it.
     * Role: any; lists only models the caller may read.
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN: malformed, or from a request with another
     * filter or order, INVALID_PAGE_SIZE, NAME_PREFIX_TOO_LONG, TOO_MANY_FILTERS, INVALID_TAG,
     * INVALID_FILTER with metadata `position` and `expected` (and `field`, `allowed` for an unknown
     * field), FILTER_TOO_LONG, FILTER_TOO_COMPLEX, INVALID_ORDER_BY, ORDER_BY_TOO_LONG).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.ListModelsResponse> listModels(
        dev.modelreg.v1.ListModelsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListModelsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Updates a model's description and tags; `update_mask` paths: `description`, `tags`,
     * `tags.{key}` (set one key, or delete it when absent from `model.tags`).
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_UPDATE_MASK, INVALID_TAG, DESCRIPTION_TOO_LONG,
     * TOO_MANY_TAGS: the model would have more than 256), NOT_FOUND (MODEL_NOT_FOUND),
     * ABORTED (ETAG_MISMATCH: `model.etag` is stale).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.UpdateModelResponse> updateModel(
        dev.modelreg.v1.UpdateModelRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateModelMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a model with its versions, aliases and lineage. A model that still has READY
     * versions is only deleted with `force`. Each alias removed emits ALIAS_DELETED before the
     * MODEL_DELETED event; chunks stay until garbage collection.
     * Role: maintainer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND),
     * FAILED_PRECONDITION (MODEL_HAS_READY_VERSIONS), ABORTED (ETAG_MISMATCH).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.DeleteModelResponse> deleteModel(
        dev.modelreg.v1.DeleteModelRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteModelMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Commits a new version from a manifest whose chunks have all been uploaded (see
     * TransferService). Atomic: the version, its aliases, lineage and events exist completely or not
     * at all. The manifest's format is MANIFEST_FORMAT_CHUNK_TREE when its files carry
     * tree_digest (no file is re-read), else MANIFEST_FORMAT_FILE_SHA256 (each new file is re-read
     * to check its sha256). Creates the model if it does not exist. The new version becomes `latest`. Retries with
     * the same `request_id` return the version already created. A stored chunk found corrupt while
     * a file is verified is quarantined and reported as CHUNKS_MISSING: upload it and retry.
     * Role: editor on the model (maintainer for protected `aliases`), viewer on the models of
     * version inputs.
     * File paths follow the portable path rule of docs/paths.md (see FileEntry.path).
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PATH: a path breaks the rule, or is both a
     * file and a directory, DUPLICATE_PATH: listed twice, PATH_COLLISION: two paths or directories
     * differ only in Unicode normalization or case, metadata `path` and `other`, INVALID_MANIFEST,
     * INVALID_DIGEST, FILE_DIGEST_MISMATCH: a file's chunks do not hash to its sha256,
     * TREE_DIGEST_MISMATCH: a file's tree_digest is not the hash of its chunk list,
     * CHUNK_SIZE_MISMATCH: a stored chunk has another size than the manifest says, INVALID_ALIAS, RESERVED_ALIAS, INVALID_REFERENCE, INVALID_TAG, INVALID_METRIC, INVALID_PARAM,
     * INVALID_LINEAGE), FAILED_PRECONDITION (CHUNKS_MISSING: metadata names the first missing
     * digest and the count), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND, ALIAS_NOT_FOUND: a
     * lineage input does not exist).
     * Limits (see the request's fields): INVALID_ARGUMENT (INVALID_REQUEST_ID, DESCRIPTION_TOO_LONG,
     * TOO_MANY_TAGS, TOO_MANY_METRICS, TOO_MANY_PARAMS, PARAMS_TOO_LARGE, TOO_MANY_ALIASES: over 100
     * in the call, or the model would hold over 1,000, TOO_MANY_INPUTS, TOO_MANY_FILES,
     * MANIFEST_TOO_LARGE).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.CreateVersionResponse> createVersion(
        dev.modelreg.v1.CreateVersionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateVersionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns the version a reference points at; the manifest is included unless view is BASIC.
     * A manifest may be up to 28 MiB serialised: a client reading one raises its receive limit
     * (the SDKs accept 64 MiB).
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND,
     * ALIAS_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.GetVersionResponse> getVersion(
        dev.modelreg.v1.GetVersionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetVersionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists a model's versions matching `filter`, in `order_by` order (default: newest first). With
     * parent `models/-` it searches the versions of every model the caller may read (AIP-159;
     * default order: newest `create_time` first). A page ends early before 2 MiB of versions, their
     * manifests included with view FULL (see above); a version whose manifest alone is larger comes
     * in a page of its own. A page token is only valid with the same parent, filter, order_by,
     * state and tags as the request that returned it; paging while versions are added returns no
     * version twice and skips none that existed when the first page was read.
     * Role: viewer on the model; for `models/-`, any (only readable models are searched).
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN: malformed, or from a request with
     * another parent, filter or order, INVALID_PAGE_SIZE, TOO_MANY_FILTERS, INVALID_TAG,
     * INVALID_FILTER with metadata `position` and `expected` (and `field`, `allowed` for an unknown
     * field), FILTER_TOO_LONG, FILTER_TOO_COMPLEX, INVALID_ORDER_BY, ORDER_BY_TOO_LONG),
     * NOT_FOUND (MODEL_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.ListVersionsResponse> listVersions(
        dev.modelreg.v1.ListVersionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListVersionsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Updates a version's description, tags and metrics; `update_mask` paths: `description`,
     * `tags`, `tags.{key}`, `metrics`, `metrics.{key}` (a keyed path sets the key, or deletes it
     * when absent from the request). Content, params and lineage inputs are immutable.
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_UPDATE_MASK, INVALID_TAG,
     * INVALID_METRIC, DESCRIPTION_TOO_LONG, TOO_MANY_TAGS and TOO_MANY_METRICS: the version would
     * have more than 256 tags or 1,000 metrics), NOT_FOUND (VERSION_NOT_FOUND), ABORTED (ETAG_MISMATCH).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.UpdateVersionResponse> updateVersion(
        dev.modelreg.v1.UpdateVersionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateVersionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Archives a version: it leaves `latest`, loses its aliases (each removal is an event) and can
     * no longer be the target of an alias. Archiving an archived version is a no-op.
     * Role: maintainer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (VERSION_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.ArchiveVersionResponse> archiveVersion(
        dev.modelreg.v1.ArchiveVersionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getArchiveVersionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Restores an archived version to READY; `latest` moves to it if it is now the newest.
     * Role: maintainer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (VERSION_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.RestoreVersionResponse> restoreVersion(
        dev.modelreg.v1.RestoreVersionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRestoreVersionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Points an alias at a version, creating or moving it atomically. The version is `version` (a
     * number) or `target` (any reference, e.g. `m:staging`, resolved in the same transaction, so
     * `production` lands exactly where `staging` pointed at that moment). With `expected_version`
     * set, the move only happens if the alias currently points there (0 = the alias must not
     * exist yet). `latest` is maintained by the server and cannot be set. A model holds at most
     * 1000 aliases, `latest` included: a new one past that is INVALID_ARGUMENT (TOO_MANY_ALIASES).
     * Role: editor on the model; maintainer for a protected alias.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, RESERVED_ALIAS, INVALID_VERSION: `version`
     * below 1 without a `target`, both given, or `expected_version` below 0, INVALID_REFERENCE: a bad
     * `target`, TARGET_OF_OTHER_MODEL: `target` names another model's version, metadata `model` and
     * `target_model`), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND, ALIAS_NOT_FOUND: `target`
     * names an alias the model lacks), FAILED_PRECONDITION (VERSION_ARCHIVED, AMBIGUOUS_DIGEST),
     * ABORTED (ALIAS_CONFLICT: `expected_version` does not match).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.SetAliasResponse> setAlias(
        dev.modelreg.v1.SetAliasRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSetAliasMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Removes an alias, optionally only if it points at `expected_version`.
     * Role: editor on the model; maintainer for a protected alias.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, RESERVED_ALIAS, INVALID_VERSION: a
     * negative `expected_version`),
     * NOT_FOUND (MODEL_NOT_FOUND, ALIAS_NOT_FOUND), ABORTED (ALIAS_CONFLICT).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.DeleteAliasResponse> deleteAlias(
        dev.modelreg.v1.DeleteAliasRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteAliasMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists a model's aliases by name, `latest` included.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.ListAliasesResponse> listAliases(
        dev.modelreg.v1.ListAliasesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListAliasesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Declares more inputs of an existing version. Inputs already declared are ignored. Lineage has
     * no cycles: an input that was itself built, at any depth, from this version is refused.
     * Role: editor on the model, viewer on the models of version inputs.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_LINEAGE: e.g. a version naming itself,
     * LINEAGE_CYCLE: metadata `input` names the input that closes the cycle, TOO_MANY_INPUTS: over
     * 1,000 in the call, or the version would have over 1,000), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND), FAILED_PRECONDITION (LINEAGE_TOO_LARGE: more than 10,000
     * versions upstream of the inputs, too many to check for a cycle).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.AddLineageResponse> addLineage(
        dev.modelreg.v1.AddLineageRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAddLineageMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Walks the lineage graph from a version (or an external artifact), upstream (its inputs, their inputs ...), downstream
     * (versions built from it) or both, up to `depth` hops (default 1, at most 50). A graph is
     * never cut: one of more than 10,000 edges, or more than 3 MiB serialised, is refused whole;
     * walk fewer hops or one direction. The walk stops when the call is cancelled or its deadline
     * passes.
     * Role: viewer on the start version's model; versions of models the caller may not read are left
     * out.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_DEPTH, INVALID_LINEAGE: also an
     * `artifact_uri` over 2048 characters), NOT_FOUND (VERSION_NOT_FOUND, ARTIFACT_NOT_FOUND),
     * FAILED_PRECONDITION (LINEAGE_TOO_LARGE: metadata `limit` is the edge or byte limit passed),
     * DEADLINE_EXCEEDED (DEADLINE_EXCEEDED).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.GetLineageResponse> getLineage(
        dev.modelreg.v1.GetLineageRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetLineageMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_MODEL = 0;
  private static final int METHODID_GET_MODEL = 1;
  private static final int METHODID_LIST_MODELS = 2;
  private static final int METHODID_UPDATE_MODEL = 3;
  private static final int METHODID_DELETE_MODEL = 4;
  private static final int METHODID_CREATE_VERSION = 5;
  private static final int METHODID_GET_VERSION = 6;
  private static final int METHODID_LIST_VERSIONS = 7;
  private static final int METHODID_UPDATE_VERSION = 8;
  private static final int METHODID_ARCHIVE_VERSION = 9;
  private static final int METHODID_RESTORE_VERSION = 10;
  private static final int METHODID_SET_ALIAS = 11;
  private static final int METHODID_DELETE_ALIAS = 12;
  private static final int METHODID_LIST_ALIASES = 13;
  private static final int METHODID_ADD_LINEAGE = 14;
  private static final int METHODID_GET_LINEAGE = 15;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AsyncService serviceImpl;
    private final int methodId;

    MethodHandlers(AsyncService serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_CREATE_MODEL:
          serviceImpl.createModel((dev.modelreg.v1.CreateModelRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateModelResponse>) responseObserver);
          break;
        case METHODID_GET_MODEL:
          serviceImpl.getModel((dev.modelreg.v1.GetModelRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.GetModelResponse>) responseObserver);
          break;
        case METHODID_LIST_MODELS:
          serviceImpl.listModels((dev.modelreg.v1.ListModelsRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.ListModelsResponse>) responseObserver);
          break;
        case METHODID_UPDATE_MODEL:
          serviceImpl.updateModel((dev.modelreg.v1.UpdateModelRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.UpdateModelResponse>) responseObserver);
          break;
        case METHODID_DELETE_MODEL:
          serviceImpl.deleteModel((dev.modelreg.v1.DeleteModelRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.DeleteModelResponse>) responseObserver);
          break;
        case METHODID_CREATE_VERSION:
          serviceImpl.createVersion((dev.modelreg.v1.CreateVersionRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateVersionResponse>) responseObserver);
          break;
        case METHODID_GET_VERSION:
          serviceImpl.getVersion((dev.modelreg.v1.GetVersionRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.GetVersionResponse>) responseObserver);
          break;
        case METHODID_LIST_VERSIONS:
          serviceImpl.listVersions((dev.modelreg.v1.ListVersionsRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.ListVersionsResponse>) responseObserver);
          break;
        case METHODID_UPDATE_VERSION:
          serviceImpl.updateVersion((dev.modelreg.v1.UpdateVersionRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.UpdateVersionResponse>) responseObserver);
          break;
        case METHODID_ARCHIVE_VERSION:
          serviceImpl.archiveVersion((dev.modelreg.v1.ArchiveVersionRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.ArchiveVersionResponse>) responseObserver);
          break;
        case METHODID_RESTORE_VERSION:
          serviceImpl.restoreVersion((dev.modelreg.v1.RestoreVersionRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.RestoreVersionResponse>) responseObserver);
          break;
        case METHODID_SET_ALIAS:
          serviceImpl.setAlias((dev.modelreg.v1.SetAliasRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.SetAliasResponse>) responseObserver);
          break;
        case METHODID_DELETE_ALIAS:
          serviceImpl.deleteAlias((dev.modelreg.v1.DeleteAliasRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.DeleteAliasResponse>) responseObserver);
          break;
        case METHODID_LIST_ALIASES:
          serviceImpl.listAliases((dev.modelreg.v1.ListAliasesRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.ListAliasesResponse>) responseObserver);
          break;
        case METHODID_ADD_LINEAGE:
          serviceImpl.addLineage((dev.modelreg.v1.AddLineageRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.AddLineageResponse>) responseObserver);
          break;
        case METHODID_GET_LINEAGE:
          serviceImpl.getLineage((dev.modelreg.v1.GetLineageRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.GetLineageResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getCreateModelMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.CreateModelRequest,
              dev.modelreg.v1.CreateModelResponse>(
                service, METHODID_CREATE_MODEL)))
        .addMethod(
          getGetModelMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.GetModelRequest,
              dev.modelreg.v1.GetModelResponse>(
                service, METHODID_GET_MODEL)))
        .addMethod(
          getListModelsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.ListModelsRequest,
              dev.modelreg.v1.ListModelsResponse>(
                service, METHODID_LIST_MODELS)))
        .addMethod(
          getUpdateModelMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.UpdateModelRequest,
              dev.modelreg.v1.UpdateModelResponse>(
                service, METHODID_UPDATE_MODEL)))
        .addMethod(
          getDeleteModelMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.DeleteModelRequest,
              dev.modelreg.v1.DeleteModelResponse>(
                service, METHODID_DELETE_MODEL)))
        .addMethod(
          getCreateVersionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.CreateVersionRequest,
              dev.modelreg.v1.CreateVersionResponse>(
                service, METHODID_CREATE_VERSION)))
        .addMethod(
          getGetVersionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.GetVersionRequest,
              dev.modelreg.v1.GetVersionResponse>(
                service, METHODID_GET_VERSION)))
        .addMethod(
          getListVersionsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.ListVersionsRequest,
              dev.modelreg.v1.ListVersionsResponse>(
                service, METHODID_LIST_VERSIONS)))
        .addMethod(
          getUpdateVersionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.UpdateVersionRequest,
              dev.modelreg.v1.UpdateVersionResponse>(
                service, METHODID_UPDATE_VERSION)))
        .addMethod(
          getArchiveVersionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.ArchiveVersionRequest,
              dev.modelreg.v1.ArchiveVersionResponse>(
                service, METHODID_ARCHIVE_VERSION)))
        .addMethod(
          getRestoreVersionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.RestoreVersionRequest,
              dev.modelreg.v1.RestoreVersionResponse>(
                service, METHODID_RESTORE_VERSION)))
        .addMethod(
          getSetAliasMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.SetAliasRequest,
              dev.modelreg.v1.SetAliasResponse>(
                service, METHODID_SET_ALIAS)))
        .addMethod(
          getDeleteAliasMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.DeleteAliasRequest,
              dev.modelreg.v1.DeleteAliasResponse>(
                service, METHODID_DELETE_ALIAS)))
        .addMethod(
          getListAliasesMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.ListAliasesRequest,
              dev.modelreg.v1.ListAliasesResponse>(
                service, METHODID_LIST_ALIASES)))
        .addMethod(
          getAddLineageMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.AddLineageRequest,
              dev.modelreg.v1.AddLineageResponse>(
                service, METHODID_ADD_LINEAGE)))
        .addMethod(
          getGetLineageMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.GetLineageRequest,
              dev.modelreg.v1.GetLineageResponse>(
                service, METHODID_GET_LINEAGE)))
        .build();
  }

  private static abstract class RegistryServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    RegistryServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.modelreg.v1.RegistryServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("RegistryService");
    }
  }

  private static final class RegistryServiceFileDescriptorSupplier
      extends RegistryServiceBaseDescriptorSupplier {
    RegistryServiceFileDescriptorSupplier() {}
  }

  private static final class RegistryServiceMethodDescriptorSupplier
      extends RegistryServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    RegistryServiceMethodDescriptorSupplier(java.lang.String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (RegistryServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new RegistryServiceFileDescriptorSupplier())
              .addMethod(getCreateModelMethod())
              .addMethod(getGetModelMethod())
              .addMethod(getListModelsMethod())
              .addMethod(getUpdateModelMethod())
              .addMethod(getDeleteModelMethod())
              .addMethod(getCreateVersionMethod())
              .addMethod(getGetVersionMethod())
              .addMethod(getListVersionsMethod())
              .addMethod(getUpdateVersionMethod())
              .addMethod(getArchiveVersionMethod())
              .addMethod(getRestoreVersionMethod())
              .addMethod(getSetAliasMethod())
              .addMethod(getDeleteAliasMethod())
              .addMethod(getListAliasesMethod())
              .addMethod(getAddLineageMethod())
              .addMethod(getGetLineageMethod())
              .build();
        }
      }
    }
    return result;
  }
}
