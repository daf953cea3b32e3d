package dev.modelreg.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Governance: who may do what, and what was done.
 * Callers authenticate with `authorization: Bearer &lt;token&gt;` metadata on every call. A server
 * started with authentication refuses calls without a valid token with UNAUTHENTICATED and one of
 * the reasons TOKEN_MISSING, TOKEN_MALFORMED, TOKEN_INVALID (unknown or wrong secret),
 * TOKEN_EXPIRED, TOKEN_REVOKED. A call the caller's role does not allow fails with
 * PERMISSION_DENIED, reason ROLE_REQUIRED (metadata: `required_role`, `model`) or ALIAS_PROTECTED
 * (metadata: `model`, `alias`); every refusal is recorded and shows in ListAuditRecords.
 * Revoking a token or a role, or deleting a principal, takes effect at once for calls that start
 * after it and within seconds for open Watch streams (see EventService.Watch).
 * Roles, each including the ones before it: viewer (read and download), editor (push versions,
 * edit metadata, move unprotected aliases), maintainer (move protected aliases, archive, restore,
 * delete), admin. A role is granted globally (`model_pattern` "*") or for models whose name
 * matches a glob; the effective role on a model is the highest that applies. Every RPC of this
 * service except GetCaller and CreateLoginLink, and every MaintenanceService RPC, needs the admin
 * role granted globally.
 * List pages hold at most `page_size` items (1..1000, 0 means 100) and end early once their items
 * would pass 2 MiB serialised (the first item always comes): a page may hold fewer items than
 * asked for; follow `next_page_token` (at most 1024 characters) until it is empty.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class AccessServiceGrpc {

  private AccessServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "modelreg.v1.AccessService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.GetCallerRequest,
      dev.modelreg.v1.GetCallerResponse> getGetCallerMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetCaller",
      requestType = dev.modelreg.v1.GetCallerRequest.class,
      responseType = dev.modelreg.v1.GetCallerResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.GetCallerRequest,
      dev.modelreg.v1.GetCallerResponse> getGetCallerMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.GetCallerRequest, dev.modelreg.v1.GetCallerResponse> getGetCallerMethod;
    if ((getGetCallerMethod = AccessServiceGrpc.getGetCallerMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getGetCallerMethod = AccessServiceGrpc.getGetCallerMethod) == null) {
          AccessServiceGrpc.getGetCallerMethod = getGetCallerMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.GetCallerRequest, dev.modelreg.v1.GetCallerResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetCaller"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GetCallerRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GetCallerResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("GetCaller"))
              .build();
        }
      }
    }
    return getGetCallerMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.CreatePrincipalRequest,
      dev.modelreg.v1.CreatePrincipalResponse> getCreatePrincipalMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreatePrincipal",
      requestType = dev.modelreg.v1.CreatePrincipalRequest.class,
      responseType = dev.modelreg.v1.CreatePrincipalResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.CreatePrincipalRequest,
      dev.modelreg.v1.CreatePrincipalResponse> getCreatePrincipalMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.CreatePrincipalRequest, dev.modelreg.v1.CreatePrincipalResponse> getCreatePrincipalMethod;
    if ((getCreatePrincipalMethod = AccessServiceGrpc.getCreatePrincipalMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getCreatePrincipalMethod = AccessServiceGrpc.getCreatePrincipalMethod) == null) {
          AccessServiceGrpc.getCreatePrincipalMethod = getCreatePrincipalMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.CreatePrincipalRequest, dev.modelreg.v1.CreatePrincipalResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreatePrincipal"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CreatePrincipalRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CreatePrincipalResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("CreatePrincipal"))
              .build();
        }
      }
    }
    return getCreatePrincipalMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.ListPrincipalsRequest,
      dev.modelreg.v1.ListPrincipalsResponse> getListPrincipalsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListPrincipals",
      requestType = dev.modelreg.v1.ListPrincipalsRequest.class,
      responseType = dev.modelreg.v1.ListPrincipalsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.ListPrincipalsRequest,
      dev.modelreg.v1.ListPrincipalsResponse> getListPrincipalsMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.ListPrincipalsRequest, dev.modelreg.v1.ListPrincipalsResponse> getListPrincipalsMethod;
    if ((getListPrincipalsMethod = AccessServiceGrpc.getListPrincipalsMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getListPrincipalsMethod = AccessServiceGrpc.getListPrincipalsMethod) == null) {
          AccessServiceGrpc.getListPrincipalsMethod = getListPrincipalsMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.ListPrincipalsRequest, dev.modelreg.v1.ListPrincipalsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListPrincipals"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListPrincipalsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListPrincipalsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("ListPrincipals"))
              .build();
        }
      }
    }
    return getListPrincipalsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.DeletePrincipalRequest,
      dev.modelreg.v1.DeletePrincipalResponse> getDeletePrincipalMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeletePrincipal",
      requestType = dev.modelreg.v1.DeletePrincipalRequest.class,
      responseType = dev.modelreg.v1.DeletePrincipalResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.DeletePrincipalRequest,
      dev.modelreg.v1.DeletePrincipalResponse> getDeletePrincipalMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.DeletePrincipalRequest, dev.modelreg.v1.DeletePrincipalResponse> getDeletePrincipalMethod;
    if ((getDeletePrincipalMethod = AccessServiceGrpc.getDeletePrincipalMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getDeletePrincipalMethod = AccessServiceGrpc.getDeletePrincipalMethod) == null) {
          AccessServiceGrpc.getDeletePrincipalMethod = getDeletePrincipalMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.DeletePrincipalRequest, dev.modelreg.v1.DeletePrincipalResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeletePrincipal"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.DeletePrincipalRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.DeletePrincipalResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("DeletePrincipal"))
              .build();
        }
      }
    }
    return getDeletePrincipalMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.CreateTokenRequest,
      dev.modelreg.v1.CreateTokenResponse> getCreateTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateToken",
      requestType = dev.modelreg.v1.CreateTokenRequest.class,
      responseType = dev.modelreg.v1.CreateTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.CreateTokenRequest,
      dev.modelreg.v1.CreateTokenResponse> getCreateTokenMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.CreateTokenRequest, dev.modelreg.v1.CreateTokenResponse> getCreateTokenMethod;
    if ((getCreateTokenMethod = AccessServiceGrpc.getCreateTokenMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getCreateTokenMethod = AccessServiceGrpc.getCreateTokenMethod) == null) {
          AccessServiceGrpc.getCreateTokenMethod = getCreateTokenMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.CreateTokenRequest, dev.modelreg.v1.CreateTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CreateTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CreateTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("CreateToken"))
              .build();
        }
      }
    }
    return getCreateTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.ListTokensRequest,
      dev.modelreg.v1.ListTokensResponse> getListTokensMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListTokens",
      requestType = dev.modelreg.v1.ListTokensRequest.class,
      responseType = dev.modelreg.v1.ListTokensResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.ListTokensRequest,
      dev.modelreg.v1.ListTokensResponse> getListTokensMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.ListTokensRequest, dev.modelreg.v1.ListTokensResponse> getListTokensMethod;
    if ((getListTokensMethod = AccessServiceGrpc.getListTokensMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getListTokensMethod = AccessServiceGrpc.getListTokensMethod) == null) {
          AccessServiceGrpc.getListTokensMethod = getListTokensMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.ListTokensRequest, dev.modelreg.v1.ListTokensResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListTokens"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListTokensRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListTokensResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("ListTokens"))
              .build();
        }
      }
    }
    return getListTokensMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.RevokeTokenRequest,
      dev.modelreg.v1.RevokeTokenResponse> getRevokeTokenMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RevokeToken",
      requestType = dev.modelreg.v1.RevokeTokenRequest.class,
      responseType = dev.modelreg.v1.RevokeTokenResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.RevokeTokenRequest,
      dev.modelreg.v1.RevokeTokenResponse> getRevokeTokenMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.RevokeTokenRequest, dev.modelreg.v1.RevokeTokenResponse> getRevokeTokenMethod;
    if ((getRevokeTokenMethod = AccessServiceGrpc.getRevokeTokenMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getRevokeTokenMethod = AccessServiceGrpc.getRevokeTokenMethod) == null) {
          AccessServiceGrpc.getRevokeTokenMethod = getRevokeTokenMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.RevokeTokenRequest, dev.modelreg.v1.RevokeTokenResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RevokeToken"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.RevokeTokenRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.RevokeTokenResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("RevokeToken"))
              .build();
        }
      }
    }
    return getRevokeTokenMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.GrantRoleRequest,
      dev.modelreg.v1.GrantRoleResponse> getGrantRoleMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GrantRole",
      requestType = dev.modelreg.v1.GrantRoleRequest.class,
      responseType = dev.modelreg.v1.GrantRoleResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.GrantRoleRequest,
      dev.modelreg.v1.GrantRoleResponse> getGrantRoleMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.GrantRoleRequest, dev.modelreg.v1.GrantRoleResponse> getGrantRoleMethod;
    if ((getGrantRoleMethod = AccessServiceGrpc.getGrantRoleMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getGrantRoleMethod = AccessServiceGrpc.getGrantRoleMethod) == null) {
          AccessServiceGrpc.getGrantRoleMethod = getGrantRoleMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.GrantRoleRequest, dev.modelreg.v1.GrantRoleResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GrantRole"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GrantRoleRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GrantRoleResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("GrantRole"))
              .build();
        }
      }
    }
    return getGrantRoleMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.RevokeRoleRequest,
      dev.modelreg.v1.RevokeRoleResponse> getRevokeRoleMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RevokeRole",
      requestType = dev.modelreg.v1.RevokeRoleRequest.class,
      responseType = dev.modelreg.v1.RevokeRoleResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.RevokeRoleRequest,
      dev.modelreg.v1.RevokeRoleResponse> getRevokeRoleMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.RevokeRoleRequest, dev.modelreg.v1.RevokeRoleResponse> getRevokeRoleMethod;
    if ((getRevokeRoleMethod = AccessServiceGrpc.getRevokeRoleMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getRevokeRoleMethod = AccessServiceGrpc.getRevokeRoleMethod) == null) {
          AccessServiceGrpc.getRevokeRoleMethod = getRevokeRoleMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.RevokeRoleRequest, dev.modelreg.v1.RevokeRoleResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RevokeRole"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.RevokeRoleRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.RevokeRoleResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("RevokeRole"))
              .build();
        }
      }
    }
    return getRevokeRoleMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.ListRoleBindingsRequest,
      dev.modelreg.v1.ListRoleBindingsResponse> getListRoleBindingsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListRoleBindings",
      requestType = dev.modelreg.v1.ListRoleBindingsRequest.class,
      responseType = dev.modelreg.v1.ListRoleBindingsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.ListRoleBindingsRequest,
      dev.modelreg.v1.ListRoleBindingsResponse> getListRoleBindingsMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.ListRoleBindingsRequest, dev.modelreg.v1.ListRoleBindingsResponse> getListRoleBindingsMethod;
    if ((getListRoleBindingsMethod = AccessServiceGrpc.getListRoleBindingsMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getListRoleBindingsMethod = AccessServiceGrpc.getListRoleBindingsMethod) == null) {
          AccessServiceGrpc.getListRoleBindingsMethod = getListRoleBindingsMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.ListRoleBindingsRequest, dev.modelreg.v1.ListRoleBindingsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListRoleBindings"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListRoleBindingsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListRoleBindingsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("ListRoleBindings"))
              .build();
        }
      }
    }
    return getListRoleBindingsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.CreateProtectedAliasRequest,
      dev.modelreg.v1.CreateProtectedAliasResponse> getCreateProtectedAliasMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateProtectedAlias",
      requestType = dev.modelreg.v1.CreateProtectedAliasRequest.class,
      responseType = dev.modelreg.v1.CreateProtectedAliasResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.CreateProtectedAliasRequest,
      dev.modelreg.v1.CreateProtectedAliasResponse> getCreateProtectedAliasMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.CreateProtectedAliasRequest, dev.modelreg.v1.CreateProtectedAliasResponse> getCreateProtectedAliasMethod;
    if ((getCreateProtectedAliasMethod = AccessServiceGrpc.getCreateProtectedAliasMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getCreateProtectedAliasMethod = AccessServiceGrpc.getCreateProtectedAliasMethod) == null) {
          AccessServiceGrpc.getCreateProtectedAliasMethod = getCreateProtectedAliasMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.CreateProtectedAliasRequest, dev.modelreg.v1.CreateProtectedAliasResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateProtectedAlias"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CreateProtectedAliasRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CreateProtectedAliasResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("CreateProtectedAlias"))
              .build();
        }
      }
    }
    return getCreateProtectedAliasMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.ListProtectedAliasesRequest,
      dev.modelreg.v1.ListProtectedAliasesResponse> getListProtectedAliasesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListProtectedAliases",
      requestType = dev.modelreg.v1.ListProtectedAliasesRequest.class,
      responseType = dev.modelreg.v1.ListProtectedAliasesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.ListProtectedAliasesRequest,
      dev.modelreg.v1.ListProtectedAliasesResponse> getListProtectedAliasesMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.ListProtectedAliasesRequest, dev.modelreg.v1.ListProtectedAliasesResponse> getListProtectedAliasesMethod;
    if ((getListProtectedAliasesMethod = AccessServiceGrpc.getListProtectedAliasesMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getListProtectedAliasesMethod = AccessServiceGrpc.getListProtectedAliasesMethod) == null) {
          AccessServiceGrpc.getListProtectedAliasesMethod = getListProtectedAliasesMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.ListProtectedAliasesRequest, dev.modelreg.v1.ListProtectedAliasesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListProtectedAliases"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListProtectedAliasesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListProtectedAliasesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("ListProtectedAliases"))
              .build();
        }
      }
    }
    return getListProtectedAliasesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.DeleteProtectedAliasRequest,
      dev.modelreg.v1.DeleteProtectedAliasResponse> getDeleteProtectedAliasMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteProtectedAlias",
      requestType = dev.modelreg.v1.DeleteProtectedAliasRequest.class,
      responseType = dev.modelreg.v1.DeleteProtectedAliasResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.DeleteProtectedAliasRequest,
      dev.modelreg.v1.DeleteProtectedAliasResponse> getDeleteProtectedAliasMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.DeleteProtectedAliasRequest, dev.modelreg.v1.DeleteProtectedAliasResponse> getDeleteProtectedAliasMethod;
    if ((getDeleteProtectedAliasMethod = AccessServiceGrpc.getDeleteProtectedAliasMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getDeleteProtectedAliasMethod = AccessServiceGrpc.getDeleteProtectedAliasMethod) == null) {
          AccessServiceGrpc.getDeleteProtectedAliasMethod = getDeleteProtectedAliasMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.DeleteProtectedAliasRequest, dev.modelreg.v1.DeleteProtectedAliasResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteProtectedAlias"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.DeleteProtectedAliasRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.DeleteProtectedAliasResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("DeleteProtectedAlias"))
              .build();
        }
      }
    }
    return getDeleteProtectedAliasMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.CheckPromotionRequest,
      dev.modelreg.v1.CheckPromotionResponse> getCheckPromotionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CheckPromotion",
      requestType = dev.modelreg.v1.CheckPromotionRequest.class,
      responseType = dev.modelreg.v1.CheckPromotionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.CheckPromotionRequest,
      dev.modelreg.v1.CheckPromotionResponse> getCheckPromotionMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.CheckPromotionRequest, dev.modelreg.v1.CheckPromotionResponse> getCheckPromotionMethod;
    if ((getCheckPromotionMethod = AccessServiceGrpc.getCheckPromotionMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getCheckPromotionMethod = AccessServiceGrpc.getCheckPromotionMethod) == null) {
          AccessServiceGrpc.getCheckPromotionMethod = getCheckPromotionMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.CheckPromotionRequest, dev.modelreg.v1.CheckPromotionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CheckPromotion"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CheckPromotionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CheckPromotionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("CheckPromotion"))
              .build();
        }
      }
    }
    return getCheckPromotionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.ListAuditRecordsRequest,
      dev.modelreg.v1.ListAuditRecordsResponse> getListAuditRecordsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListAuditRecords",
      requestType = dev.modelreg.v1.ListAuditRecordsRequest.class,
      responseType = dev.modelreg.v1.ListAuditRecordsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.ListAuditRecordsRequest,
      dev.modelreg.v1.ListAuditRecordsResponse> getListAuditRecordsMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.ListAuditRecordsRequest, dev.modelreg.v1.ListAuditRecordsResponse> getListAuditRecordsMethod;
    if ((getListAuditRecordsMethod = AccessServiceGrpc.getListAuditRecordsMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getListAuditRecordsMethod = AccessServiceGrpc.getListAuditRecordsMethod) == null) {
          AccessServiceGrpc.getListAuditRecordsMethod = getListAuditRecordsMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.ListAuditRecordsRequest, dev.modelreg.v1.ListAuditRecordsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListAuditRecords"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListAuditRecordsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListAuditRecordsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("ListAuditRecords"))
              .build();
        }
      }
    }
    return getListAuditRecordsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.CreateLoginLinkRequest,
      dev.modelreg.v1.CreateLoginLinkResponse> getCreateLoginLinkMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateLoginLink",
      requestType = dev.modelreg.v1.CreateLoginLinkRequest.class,
      responseType = dev.modelreg.v1.CreateLoginLinkResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.CreateLoginLinkRequest,
      dev.modelreg.v1.CreateLoginLinkResponse> getCreateLoginLinkMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.CreateLoginLinkRequest, dev.modelreg.v1.CreateLoginLinkResponse> getCreateLoginLinkMethod;
    if ((getCreateLoginLinkMethod = AccessServiceGrpc.getCreateLoginLinkMethod) == null) {
      synchronized (AccessServiceGrpc.class) {
        if ((getCreateLoginLinkMethod = AccessServiceGrpc.getCreateLoginLinkMethod) == null) {
          AccessServiceGrpc.getCreateLoginLinkMethod = getCreateLoginLinkMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.CreateLoginLinkRequest, dev.modelreg.v1.CreateLoginLinkResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateLoginLink"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CreateLoginLinkRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CreateLoginLinkResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AccessServiceMethodDescriptorSupplier("CreateLoginLink"))
              .build();
        }
      }
    }
    return getCreateLoginLinkMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AccessServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccessServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccessServiceStub>() {
        @java.lang.Override
        public AccessServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccessServiceStub(channel, callOptions);
        }
      };
    return AccessServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static AccessServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccessServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccessServiceBlockingV2Stub>() {
        @java.lang.Override
        public AccessServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccessServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return AccessServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AccessServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccessServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccessServiceBlockingStub>() {
        @java.lang.Override
        public AccessServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccessServiceBlockingStub(channel, callOptions);
        }
      };
    return AccessServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AccessServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AccessServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AccessServiceFutureStub>() {
        @java.lang.Override
        public AccessServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AccessServiceFutureStub(channel, callOptions);
        }
      };
    return AccessServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Governance: who may do what, and what was done.
   * Callers authenticate with `authorization: Bearer &lt;token&gt;` metadata on every call. A server
   * started with authentication refuses calls without a valid token with UNAUTHENTICATED and one of
   * the reasons TOKEN_MISSING, TOKEN_MALFORMED, TOKEN_INVALID (unknown or wrong secret),
   * TOKEN_EXPIRED, TOKEN_REVOKED. A call the caller's role does not allow fails with
   * PERMISSION_DENIED, reason ROLE_REQUIRED (metadata: `required_role`, `model`) or ALIAS_PROTECTED
   * (metadata: `model`, `alias`); every refusal is recorded and shows in ListAuditRecords.
   * Revoking a token or a role, or deleting a principal, takes effect at once for calls that start
   * after it and within seconds for open Watch streams (see EventService.Watch).
   * Roles, each including the ones before it: viewer (read and download), editor (push versions,
   * edit metadata, move unprotected aliases), maintainer (move protected aliases, archive, restore,
   * delete), admin. A role is granted globally (`model_pattern` "*") or for models whose name
   * matches a glob; the effective role on a model is the highest that applies. Every RPC of this
   * service except GetCaller and CreateLoginLink, and every MaintenanceService RPC, needs the admin
   * role granted globally.
   * List pages hold at most `page_size` items (1..1000, 0 means 100) and end early once their items
   * would pass 2 MiB serialised (the first item always comes): a page may hold fewer items than
   * asked for; follow `next_page_token` (at most 1024 characters) until it is empty.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Returns the calling principal and its role bindings.
     * Errors: UNAUTHENTICATED.
     * </pre>
     */
    default void getCaller(dev.modelreg.v1.GetCallerRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GetCallerResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetCallerMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a user or service account. It can do nothing until granted a role.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_KIND), ALREADY_EXISTS (PRINCIPAL_ALREADY_EXISTS),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    default void createPrincipal(dev.modelreg.v1.CreatePrincipalRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CreatePrincipalResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreatePrincipalMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists principals by name, ascending.
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    default void listPrincipals(dev.modelreg.v1.ListPrincipalsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListPrincipalsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListPrincipalsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a principal with its tokens (revoked at once) and role bindings. Events keep its name
     * as their actor. A principal cannot delete itself.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (PRINCIPAL_NOT_FOUND),
     * FAILED_PRECONDITION (SELF_DELETE; LAST_ADMIN: it holds the last global admin binding),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    default void deletePrincipal(dev.modelreg.v1.DeletePrincipalRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.DeletePrincipalResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeletePrincipalMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates an API token for a principal. The secret is in this response only; the server keeps
     * a hash of it.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_TTL, INVALID_DESCRIPTION),
     * NOT_FOUND (PRINCIPAL_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    default void createToken(dev.modelreg.v1.CreateTokenRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists tokens (never their secrets), newest first; of one principal when `parent` is set.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE),
     * NOT_FOUND (PRINCIPAL_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    default void listTokens(dev.modelreg.v1.ListTokensRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListTokensResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListTokensMethod(), responseObserver);
    }

    /**
     * <pre>
     * Revokes a token at once. Revoking a revoked token is a no-op.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (TOKEN_NOT_FOUND),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    default void revokeToken(dev.modelreg.v1.RevokeTokenRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.RevokeTokenResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRevokeTokenMethod(), responseObserver);
    }

    /**
     * <pre>
     * Grants a role to a principal, globally or on models matching a glob. Granting again on the
     * same pattern replaces the role.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ROLE, INVALID_PATTERN),
     * NOT_FOUND (PRINCIPAL_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    default void grantRole(dev.modelreg.v1.GrantRoleRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GrantRoleResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGrantRoleMethod(), responseObserver);
    }

    /**
     * <pre>
     * Removes a role binding.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (ROLE_BINDING_NOT_FOUND),
     * FAILED_PRECONDITION (LAST_ADMIN: it is the last global admin binding),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    default void revokeRole(dev.modelreg.v1.RevokeRoleRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.RevokeRoleResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRevokeRoleMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists role bindings; of one principal when `principal` is set.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (PRINCIPAL_NOT_FOUND),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    default void listRoleBindings(dev.modelreg.v1.ListRoleBindingsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListRoleBindingsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListRoleBindingsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Protects an alias (or aliases matching a glob) on models matching a glob: from then on only
     * maintainers and admins may set or remove it, and only they may archive or delete a version
     * holding it. A rule may carry a promotion gate (`require`, a filter over the target version):
     * every move onto a matching alias, by anyone (admins included) and by any path (SetAlias,
     * CreateVersion's aliases, the dashboard, a monitor's rollback), is then refused unless the
     * version matches it. Protecting what is already protected returns the existing rule, with
     * its requirement replaced by the request's when the request sets one (empty removes it).
     * Errors: INVALID_ARGUMENT (INVALID_PATTERN, RESERVED_ALIAS: `latest` is the server's;
     * REQUIREMENT_TOO_LONG; a bad `require` filter: INVALID_FILTER, FILTER_TOO_COMPLEX),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    default void createProtectedAlias(dev.modelreg.v1.CreateProtectedAliasRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateProtectedAliasResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateProtectedAliasMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists protection rules.
     * Errors: PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    default void listProtectedAliases(dev.modelreg.v1.ListProtectedAliasesRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListProtectedAliasesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListProtectedAliasesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Removes a protection rule.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (PROTECTED_ALIAS_NOT_FOUND),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    default void deleteProtectedAlias(dev.modelreg.v1.DeleteProtectedAliasRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.DeleteProtectedAliasResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteProtectedAliasMethod(), responseObserver);
    }

    /**
     * <pre>
     * Tells in advance whether moving `alias` onto `version` would pass the promotion gates of the
     * protection rules matching it: each clause (a top-level AND item of a rule's `require`) with
     * whether the version meets it and the version's actual value. Moves nothing. The caller's
     * role is not checked against the rule (a viewer of the model may ask).
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_ALIAS), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED: viewer of the model).
     * </pre>
     */
    default void checkPromotion(dev.modelreg.v1.CheckPromotionRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CheckPromotionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCheckPromotionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists what happened, newest first: every change (the events, with their actors) and every
     * refused call, filtered by actor, model, event type, outcome and time range. Refused calls are
     * aggregated: one record (DeniedCall.count) per minute, source, code, reason, method, model and
     * actor, ordered and filtered by the time of the last call it counts; a record of the current
     * minute may still grow (and move up) while refusals continue. Refusals show as soon as they
     * happen.
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE, INVALID_EVENT_TYPE,
     * INVALID_TIME_RANGE, INVALID_ACTOR: over 128 characters, TOO_MANY_FILTERS: over 100 event
     * types), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    default void listAuditRecords(dev.modelreg.v1.ListAuditRecordsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListAuditRecordsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListAuditRecordsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns a one-time link that signs a browser in to this server's web dashboard as the
     * caller's token (`modelreg ui-login`): `http://HOST:PORT/sign-in/link/&lt;secret&gt;`. Any valid
     * token may ask, whatever its role (the session can do what the token can). The link works once
     * and for 5 minutes (LOGIN_LINK_TTL); the session it starts acts as the token, ends when the
     * token is revoked or expires, after 12 hours unused or 7 days in all. The server keeps only a
     * hash of the secret, in the metadata database, so any replica sharing that database redeems
     * it; the URL is the dashboard of the server that answered. On a server without authentication
     * the URL is the dashboard's own and `expire_time` is unset (no sign-in is needed).
     * A used, expired or unknown link is refused by the dashboard (HTTP 401, reasons
     * LOGIN_LINK_USED, LOGIN_LINK_EXPIRED, LOGIN_LINK_INVALID).
     * Errors: UNAUTHENTICATED (TOKEN_*), FAILED_PRECONDITION (DASHBOARD_DISABLED: the server serves
     * no dashboard, `--http off`).
     * </pre>
     */
    default void createLoginLink(dev.modelreg.v1.CreateLoginLinkRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateLoginLinkResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateLoginLinkMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service AccessService.
   * <pre>
   * Governance: who may do what, and what was done.
   * Callers authenticate with `authorization: Bearer &lt;token&gt;` metadata on every call. A server
   * started with authentication refuses calls without a valid token with UNAUTHENTICATED and one of
   * the reasons TOKEN_MISSING, TOKEN_MALFORMED, TOKEN_INVALID (unknown or wrong secret),
   * TOKEN_EXPIRED, TOKEN_REVOKED. A call the caller's role does not allow fails with
   * PERMISSION_DENIED, reason ROLE_REQUIRED (metadata: `required_role`, `model`) or ALIAS_PROTECTED
   * (metadata: `model`, `alias`); every refusal is recorded and shows in ListAuditRecords.
   * Revoking a token or a role, or deleting a principal, takes effect at once for calls that start
   * after it and within seconds for open Watch streams (see EventService.Watch).
   * Roles, each including the ones before it: viewer (read and download), editor (push versions,
   * edit metadata, move unprotected aliases), maintainer (move protected aliases, archive, restore,
   * delete), admin. A role is granted globally (`model_pattern` "*") or for models whose name
   * matches a glob; the effective role on a model is the highest that applies. Every RPC of this
   * service except GetCaller and CreateLoginLink, and every MaintenanceService RPC, needs the admin
   * role granted globally.
   * List pages hold at most `page_size` items (1..1000, 0 means 100) and end early once their items
   * would pass 2 MiB serialised (the first item always comes): a page may hold fewer items than
   * asked for; follow `next_page_token` (at most 1024 characters) until it is empty.
   * </pre>
   */
  public static abstract class AccessServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return AccessServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service AccessService.
   * <pre>
   * Governance: who may do what, and what was done.
   * Callers authenticate with `authorization: Bearer &lt;token&gt;` metadata on every call. A server
   * started with authentication refuses calls without a valid token with UNAUTHENTICATED and one of
   * the reasons TOKEN_MISSING, TOKEN_MALFORMED, TOKEN_INVALID (unknown or wrong secret),
   * TOKEN_EXPIRED, TOKEN_REVOKED. A call the caller's role does not allow fails with
   * PERMISSION_DENIED, reason ROLE_REQUIRED (metadata: `required_role`, `model`) or ALIAS_PROTECTED
   * (metadata: `model`, `alias`); every refusal is recorded and shows in ListAuditRecords.
   * Revoking a token or a role, or deleting a principal, takes effect at once for calls that start
   * after it and within seconds for open Watch streams (see EventService.Watch).
   * Roles, each including the ones before it: viewer (read and download), editor (push versions,
   * edit metadata, move unprotected aliases), maintainer (move protected aliases, archive, restore,
   * delete), admin. A role is granted globally (`model_pattern` "*") or for models whose name
   * matches a glob; the effective role on a model is the highest that applies. Every RPC of this
   * service except GetCaller and CreateLoginLink, and every MaintenanceService RPC, needs the admin
   * role granted globally.
   * List pages hold at most `page_size` items (1..1000, 0 means 100) and end early once their items
   * would pass 2 MiB serialised (the first item always comes): a page may hold fewer items than
   * asked for; follow `next_page_token` (at most 1024 characters) until it is empty.
   * </pre>
   */
  public static final class AccessServiceStub
      extends io.grpc.stub.AbstractAsyncStub<AccessServiceStub> {
    private AccessServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccessServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccessServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns the calling principal and its role bindings.
     * Errors: UNAUTHENTICATED.
     * </pre>
     */
    public void getCaller(dev.modelreg.v1.GetCallerRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GetCallerResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetCallerMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a user or service account. It can do nothing until granted a role.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_KIND), ALREADY_EXISTS (PRINCIPAL_ALREADY_EXISTS),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public void createPrincipal(dev.modelreg.v1.CreatePrincipalRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CreatePrincipalResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreatePrincipalMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists principals by name, ascending.
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public void listPrincipals(dev.modelreg.v1.ListPrincipalsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListPrincipalsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListPrincipalsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a principal with its tokens (revoked at once) and role bindings. Events keep its name
     * as their actor. A principal cannot delete itself.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (PRINCIPAL_NOT_FOUND),
     * FAILED_PRECONDITION (SELF_DELETE; LAST_ADMIN: it holds the last global admin binding),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public void deletePrincipal(dev.modelreg.v1.DeletePrincipalRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.DeletePrincipalResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeletePrincipalMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates an API token for a principal. The secret is in this response only; the server keeps
     * a hash of it.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_TTL, INVALID_DESCRIPTION),
     * NOT_FOUND (PRINCIPAL_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public void createToken(dev.modelreg.v1.CreateTokenRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists tokens (never their secrets), newest first; of one principal when `parent` is set.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE),
     * NOT_FOUND (PRINCIPAL_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public void listTokens(dev.modelreg.v1.ListTokensRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListTokensResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListTokensMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Revokes a token at once. Revoking a revoked token is a no-op.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (TOKEN_NOT_FOUND),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public void revokeToken(dev.modelreg.v1.RevokeTokenRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.RevokeTokenResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRevokeTokenMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Grants a role to a principal, globally or on models matching a glob. Granting again on the
     * same pattern replaces the role.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ROLE, INVALID_PATTERN),
     * NOT_FOUND (PRINCIPAL_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public void grantRole(dev.modelreg.v1.GrantRoleRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GrantRoleResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGrantRoleMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Removes a role binding.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (ROLE_BINDING_NOT_FOUND),
     * FAILED_PRECONDITION (LAST_ADMIN: it is the last global admin binding),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public void revokeRole(dev.modelreg.v1.RevokeRoleRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.RevokeRoleResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRevokeRoleMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists role bindings; of one principal when `principal` is set.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (PRINCIPAL_NOT_FOUND),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public void listRoleBindings(dev.modelreg.v1.ListRoleBindingsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListRoleBindingsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListRoleBindingsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Protects an alias (or aliases matching a glob) on models matching a glob: from then on only
     * maintainers and admins may set or remove it, and only they may archive or delete a version
     * holding it. A rule may carry a promotion gate (`require`, a filter over the target version):
     * every move onto a matching alias, by anyone (admins included) and by any path (SetAlias,
     * CreateVersion's aliases, the dashboard, a monitor's rollback), is then refused unless the
     * version matches it. Protecting what is already protected returns the existing rule, with
     * its requirement replaced by the request's when the request sets one (empty removes it).
     * Errors: INVALID_ARGUMENT (INVALID_PATTERN, RESERVED_ALIAS: `latest` is the server's;
     * REQUIREMENT_TOO_LONG; a bad `require` filter: INVALID_FILTER, FILTER_TOO_COMPLEX),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public void createProtectedAlias(dev.modelreg.v1.CreateProtectedAliasRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateProtectedAliasResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateProtectedAliasMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists protection rules.
     * Errors: PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public void listProtectedAliases(dev.modelreg.v1.ListProtectedAliasesRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListProtectedAliasesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListProtectedAliasesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Removes a protection rule.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (PROTECTED_ALIAS_NOT_FOUND),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public void deleteProtectedAlias(dev.modelreg.v1.DeleteProtectedAliasRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.DeleteProtectedAliasResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteProtectedAliasMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Tells in advance whether moving `alias` onto `version` would pass the promotion gates of the
     * protection rules matching it: each clause (a top-level AND item of a rule's `require`) with
     * whether the version meets it and the version's actual value. Moves nothing. The caller's
     * role is not checked against the rule (a viewer of the model may ask).
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_ALIAS), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED: viewer of the model).
     * </pre>
     */
    public void checkPromotion(dev.modelreg.v1.CheckPromotionRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CheckPromotionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCheckPromotionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists what happened, newest first: every change (the events, with their actors) and every
     * refused call, filtered by actor, model, event type, outcome and time range. Refused calls are
     * aggregated: one record (DeniedCall.count) per minute, source, code, reason, method, model and
     * actor, ordered and filtered by the time of the last call it counts; a record of the current
     * minute may still grow (and move up) while refusals continue. Refusals show as soon as they
     * happen.
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE, INVALID_EVENT_TYPE,
     * INVALID_TIME_RANGE, INVALID_ACTOR: over 128 characters, TOO_MANY_FILTERS: over 100 event
     * types), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public void listAuditRecords(dev.modelreg.v1.ListAuditRecordsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListAuditRecordsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListAuditRecordsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns a one-time link that signs a browser in to this server's web dashboard as the
     * caller's token (`modelreg ui-login`): `http://HOST:PORT/sign-in/link/&lt;secret&gt;`. Any valid
     * token may ask, whatever its role (the session can do what the token can). The link works once
     * and for 5 minutes (LOGIN_LINK_TTL); the session it starts acts as the token, ends when the
     * token is revoked or expires, after 12 hours unused or 7 days in all. The server keeps only a
     * hash of the secret, in the metadata database, so any replica sharing that database redeems
     * it; the URL is the dashboard of the server that answered. On a server without authentication
     * the URL is the dashboard's own and `expire_time` is unset (no sign-in is needed).
     * A used, expired or unknown link is refused by the dashboard (HTTP 401, reasons
     * LOGIN_LINK_USED, LOGIN_LINK_EXPIRED, LOGIN_LINK_INVALID).
     * Errors: UNAUTHENTICATED (TOKEN_*), FAILED_PRECONDITION (DASHBOARD_DISABLED: the server serves
     * no dashboard, `--http off`).
     * </pre>
     */
    public void createLoginLink(dev.modelreg.v1.CreateLoginLinkRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateLoginLinkResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateLoginLinkMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service AccessService.
   * <pre>
   * Governance: who may do what, and what was done.
   * Callers authenticate with `authorization: Bearer &lt;token&gt;` metadata on every call. A server
   * started with authentication refuses calls without a valid token with UNAUTHENTICATED and one of
   * the reasons TOKEN_MISSING, TOKEN_MALFORMED, TOKEN_INVALID (unknown or wrong secret),
   * TOKEN_EXPIRED, TOKEN_REVOKED. A call the caller's role does not allow fails with
   * PERMISSION_DENIED, reason ROLE_REQUIRED (metadata: `required_role`, `model`) or ALIAS_PROTECTED
   * (metadata: `model`, `alias`); every refusal is recorded and shows in ListAuditRecords.
   * Revoking a token or a role, or deleting a principal, takes effect at once for calls that start
   * after it and within seconds for open Watch streams (see EventService.Watch).
   * Roles, each including the ones before it: viewer (read and download), editor (push versions,
   * edit metadata, move unprotected aliases), maintainer (move protected aliases, archive, restore,
   * delete), admin. A role is granted globally (`model_pattern` "*") or for models whose name
   * matches a glob; the effective role on a model is the highest that applies. Every RPC of this
   * service except GetCaller and CreateLoginLink, and every MaintenanceService RPC, needs the admin
   * role granted globally.
   * List pages hold at most `page_size` items (1..1000, 0 means 100) and end early once their items
   * would pass 2 MiB serialised (the first item always comes): a page may hold fewer items than
   * asked for; follow `next_page_token` (at most 1024 characters) until it is empty.
   * </pre>
   */
  public static final class AccessServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<AccessServiceBlockingV2Stub> {
    private AccessServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccessServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccessServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns the calling principal and its role bindings.
     * Errors: UNAUTHENTICATED.
     * </pre>
     */
    public dev.modelreg.v1.GetCallerResponse getCaller(dev.modelreg.v1.GetCallerRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetCallerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a user or service account. It can do nothing until granted a role.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_KIND), ALREADY_EXISTS (PRINCIPAL_ALREADY_EXISTS),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.CreatePrincipalResponse createPrincipal(dev.modelreg.v1.CreatePrincipalRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreatePrincipalMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists principals by name, ascending.
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.ListPrincipalsResponse listPrincipals(dev.modelreg.v1.ListPrincipalsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListPrincipalsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a principal with its tokens (revoked at once) and role bindings. Events keep its name
     * as their actor. A principal cannot delete itself.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (PRINCIPAL_NOT_FOUND),
     * FAILED_PRECONDITION (SELF_DELETE; LAST_ADMIN: it holds the last global admin binding),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.DeletePrincipalResponse deletePrincipal(dev.modelreg.v1.DeletePrincipalRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeletePrincipalMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates an API token for a principal. The secret is in this response only; the server keeps
     * a hash of it.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_TTL, INVALID_DESCRIPTION),
     * NOT_FOUND (PRINCIPAL_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.CreateTokenResponse createToken(dev.modelreg.v1.CreateTokenRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists tokens (never their secrets), newest first; of one principal when `parent` is set.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE),
     * NOT_FOUND (PRINCIPAL_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.ListTokensResponse listTokens(dev.modelreg.v1.ListTokensRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListTokensMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Revokes a token at once. Revoking a revoked token is a no-op.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (TOKEN_NOT_FOUND),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.RevokeTokenResponse revokeToken(dev.modelreg.v1.RevokeTokenRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRevokeTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Grants a role to a principal, globally or on models matching a glob. Granting again on the
     * same pattern replaces the role.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ROLE, INVALID_PATTERN),
     * NOT_FOUND (PRINCIPAL_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.GrantRoleResponse grantRole(dev.modelreg.v1.GrantRoleRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGrantRoleMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes a role binding.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (ROLE_BINDING_NOT_FOUND),
     * FAILED_PRECONDITION (LAST_ADMIN: it is the last global admin binding),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.RevokeRoleResponse revokeRole(dev.modelreg.v1.RevokeRoleRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRevokeRoleMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists role bindings; of one principal when `principal` is set.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (PRINCIPAL_NOT_FOUND),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.ListRoleBindingsResponse listRoleBindings(dev.modelreg.v1.ListRoleBindingsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListRoleBindingsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Protects an alias (or aliases matching a glob) on models matching a glob: from then on only
     * maintainers and admins may set or remove it, and only they may archive or delete a version
     * holding it. A rule may carry a promotion gate (`require`, a filter over the target version):
     * every move onto a matching alias, by anyone (admins included) and by any path (SetAlias,
     * CreateVersion's aliases, the dashboard, a monitor's rollback), is then refused unless the
     * version matches it. Protecting what is already protected returns the existing rule, with
     * its requirement replaced by the request's when the request sets one (empty removes it).
     * Errors: INVALID_ARGUMENT (INVALID_PATTERN, RESERVED_ALIAS: `latest` is the server's;
     * REQUIREMENT_TOO_LONG; a bad `require` filter: INVALID_FILTER, FILTER_TOO_COMPLEX),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.CreateProtectedAliasResponse createProtectedAlias(dev.modelreg.v1.CreateProtectedAliasRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateProtectedAliasMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists protection rules.
     * Errors: PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.ListProtectedAliasesResponse listProtectedAliases(dev.modelreg.v1.ListProtectedAliasesRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListProtectedAliasesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes a protection rule.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (PROTECTED_ALIAS_NOT_FOUND),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.DeleteProtectedAliasResponse deleteProtectedAlias(dev.modelreg.v1.DeleteProtectedAliasRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteProtectedAliasMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Tells in advance whether moving `alias` onto `version` would pass the promotion gates of the
     * protection rules matching it: each clause (a top-level AND item of a rule's `require`) with
     * whether the version meets it and the version's actual value. Moves nothing. The caller's
     * role is not checked against the rule (a viewer of the model may ask).
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_ALIAS), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED: viewer of the model).
     * </pre>
     */
    public dev.modelreg.v1.CheckPromotionResponse checkPromotion(dev.modelreg.v1.CheckPromotionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCheckPromotionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists what happened, newest first: every change (the events, with their actors) and every
     * refused call, filtered by actor, model, event type, outcome and time range. Refused calls are
     * aggregated: one record (DeniedCall.count) per minute, source, code, reason, method, model and
     * actor, ordered and filtered by the time of the last call it counts; a record of the current
     * minute may still grow (and move up) while refusals continue. Refusals show as soon as they
     * happen.
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE, INVALID_EVENT_TYPE,
     * INVALID_TIME_RANGE, INVALID_ACTOR: over 128 characters, TOO_MANY_FILTERS: over 100 event
     * types), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.ListAuditRecordsResponse listAuditRecords(dev.modelreg.v1.ListAuditRecordsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListAuditRecordsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns a one-time link that signs a browser in to this server's web dashboard as the
     * caller's token (`modelreg ui-login`): `http://HOST:PORT/sign-in/link/&lt;secret&gt;`. Any valid
     * token may ask, whatever its role (the session can do what the token can). The link works once
     * and for 5 minutes (LOGIN_LINK_TTL); the session it starts acts as the token, ends when the
     * token is revoked or expires, after 12 hours unused or 7 days in all. The server keeps only a
     * hash of the secret, in the metadata database, so any replica sharing that database redeems
     * it; the URL is the dashboard of the server that answered. On a server without authentication
     * the URL is the dashboard's own and `expire_time` is unset (no sign-in is needed).
     * A used, expired or unknown link is refused by the dashboard (HTTP 401, reasons
     * LOGIN_LINK_USED, LOGIN_LINK_EXPIRED, LOGIN_LINK_INVALID).
     * Errors: UNAUTHENTICATED (TOKEN_*), FAILED_PRECONDITION (DASHBOARD_DISABLED: the server serves
     * no dashboard, `--http off`).
     * </pre>
     */
    public dev.modelreg.v1.CreateLoginLinkResponse createLoginLink(dev.modelreg.v1.CreateLoginLinkRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateLoginLinkMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service AccessService.
   * <pre>
   * Governance: who may do what, and what was done.
   * Callers authenticate with `authorization: Bearer &lt;token&gt;` metadata on every call. A server
   * started with authentication refuses calls without a valid token with UNAUTHENTICATED and one of
   * the reasons TOKEN_MISSING, TOKEN_MALFORMED, TOKEN_INVALID (unknown or wrong secret),
   * TOKEN_EXPIRED, TOKEN_REVOKED. A call the caller's role does not allow fails with
   * PERMISSION_DENIED, reason ROLE_REQUIRED (metadata: `required_role`, `model`) or ALIAS_PROTECTED
   * (metadata: `model`, `alias`); every refusal is recorded and shows in ListAuditRecords.
   * Revoking a token or a role, or deleting a principal, takes effect at once for calls that start
   * after it and within seconds for open Watch streams (see EventService.Watch).
   * Roles, each including the ones before it: viewer (read and download), editor (push versions,
   * edit metadata, move unprotected aliases), maintainer (move protected aliases, archive, restore,
   * delete), admin. A role is granted globally (`model_pattern` "*") or for models whose name
   * matches a glob; the effective role on a model is the highest that applies. Every RPC of this
   * service except GetCaller and CreateLoginLink, and every MaintenanceService RPC, needs the admin
   * role granted globally.
   * List pages hold at most `page_size` items (1..1000, 0 means 100) and end early once their items
   * would pass 2 MiB serialised (the first item always comes): a page may hold fewer items than
   * asked for; follow `next_page_token` (at most 1024 characters) until it is empty.
   * </pre>
   */
  public static final class AccessServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<AccessServiceBlockingStub> {
    private AccessServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccessServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccessServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns the calling principal and its role bindings.
     * Errors: UNAUTHENTICATED.
     * </pre>
     */
    public dev.modelreg.v1.GetCallerResponse getCaller(dev.modelreg.v1.GetCallerRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetCallerMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a user or service account. It can do nothing until granted a role.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_KIND), ALREADY_EXISTS (PRINCIPAL_ALREADY_EXISTS),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.CreatePrincipalResponse createPrincipal(dev.modelreg.v1.CreatePrincipalRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreatePrincipalMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists principals by name, ascending.
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.ListPrincipalsResponse listPrincipals(dev.modelreg.v1.ListPrincipalsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListPrincipalsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a principal with its tokens (revoked at once) and role bindings. Events keep its name
     * as their actor. A principal cannot delete itself.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (PRINCIPAL_NOT_FOUND),
     * FAILED_PRECONDITION (SELF_DELETE; LAST_ADMIN: it holds the last global admin binding),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.DeletePrincipalResponse deletePrincipal(dev.modelreg.v1.DeletePrincipalRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeletePrincipalMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates an API token for a principal. The secret is in this response only; the server keeps
     * a hash of it.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_TTL, INVALID_DESCRIPTION),
     * NOT_FOUND (PRINCIPAL_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.CreateTokenResponse createToken(dev.modelreg.v1.CreateTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists tokens (never their secrets), newest first; of one principal when `parent` is set.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE),
     * NOT_FOUND (PRINCIPAL_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.ListTokensResponse listTokens(dev.modelreg.v1.ListTokensRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListTokensMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Revokes a token at once. Revoking a revoked token is a no-op.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (TOKEN_NOT_FOUND),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.RevokeTokenResponse revokeToken(dev.modelreg.v1.RevokeTokenRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRevokeTokenMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Grants a role to a principal, globally or on models matching a glob. Granting again on the
     * same pattern replaces the role.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ROLE, INVALID_PATTERN),
     * NOT_FOUND (PRINCIPAL_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.GrantRoleResponse grantRole(dev.modelreg.v1.GrantRoleRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGrantRoleMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes a role binding.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (ROLE_BINDING_NOT_FOUND),
     * FAILED_PRECONDITION (LAST_ADMIN: it is the last global admin binding),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.RevokeRoleResponse revokeRole(dev.modelreg.v1.RevokeRoleRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRevokeRoleMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists role bindings; of one principal when `principal` is set.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (PRINCIPAL_NOT_FOUND),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.ListRoleBindingsResponse listRoleBindings(dev.modelreg.v1.ListRoleBindingsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListRoleBindingsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Protects an alias (or aliases matching a glob) on models matching a glob: from then on only
     * maintainers and admins may set or remove it, and only they may archive or delete a version
     * holding it. A rule may carry a promotion gate (`require`, a filter over the target version):
     * every move onto a matching alias, by anyone (admins included) and by any path (SetAlias,
     * CreateVersion's aliases, the dashboard, a monitor's rollback), is then refused unless the
     * version matches it. Protecting what is already protected returns the existing rule, with
     * its requirement replaced by the request's when the request sets one (empty removes it).
     * Errors: INVALID_ARGUMENT (INVALID_PATTERN, RESERVED_ALIAS: `latest` is the server's;
     * REQUIREMENT_TOO_LONG; a bad `require` filter: INVALID_FILTER, FILTER_TOO_COMPLEX),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.CreateProtectedAliasResponse createProtectedAlias(dev.modelreg.v1.CreateProtectedAliasRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateProtectedAliasMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists protection rules.
     * Errors: PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.ListProtectedAliasesResponse listProtectedAliases(dev.modelreg.v1.ListProtectedAliasesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListProtectedAliasesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes a protection rule.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (PROTECTED_ALIAS_NOT_FOUND),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.DeleteProtectedAliasResponse deleteProtectedAlias(dev.modelreg.v1.DeleteProtectedAliasRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteProtectedAliasMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Tells in advance whether moving `alias` onto `version` would pass the promotion gates of the
     * protection rules matching it: each clause (a top-level AND item of a rule's `require`) with
     * whether the version meets it and the version's actual value. Moves nothing. The caller's
     * role is not checked against the rule (a viewer of the model may ask).
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_ALIAS), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED: viewer of the model).
     * </pre>
     */
    public dev.modelreg.v1.CheckPromotionResponse checkPromotion(dev.modelreg.v1.CheckPromotionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCheckPromotionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists what happened, newest first: every change (the events, with their actors) and every
     * refused call, filtered by actor, model, event type, outcome and time range. Refused calls are
     * aggregated: one record (DeniedCall.count) per minute, source, code, reason, method, model and
     * actor, ordered and filtered by the time of the last call it counts; a record of the current
     * minute may still grow (and move up) while refusals continue. Refusals show as soon as they
     * happen.
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE, INVALID_EVENT_TYPE,
     * INVALID_TIME_RANGE, INVALID_ACTOR: over 128 characters, TOO_MANY_FILTERS: over 100 event
     * types), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public dev.modelreg.v1.ListAuditRecordsResponse listAuditRecords(dev.modelreg.v1.ListAuditRecordsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListAuditRecordsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns a one-time link that signs a browser in to this server's web dashboard as the
     * caller's token (`modelreg ui-login`): `http://HOST:PORT/sign-in/link/&lt;secret&gt;`. Any valid
     * token may ask, whatever its role (the session can do what the token can). The link works once
     * and for 5 minutes (LOGIN_LINK_TTL); the session it starts acts as the token, ends when the
     * token is revoked or expires, after 12 hours unused or 7 days in all. The server keeps only a
     * hash of the secret, in the metadata database, so any replica sharing that database redeems
     * it; the URL is the dashboard of the server that answered. On a server without authentication
     * the URL is the dashboard's own and `expire_time` is unset (no sign-in is needed).
     * A used, expired or unknown link is refused by the dashboard (HTTP 401, reasons
     * LOGIN_LINK_USED, LOGIN_LINK_EXPIRED, LOGIN_LINK_INVALID).
     * Errors: UNAUTHENTICATED (TOKEN_*), FAILED_PRECONDITION (DASHBOARD_DISABLED: the server serves
     * no dashboard, `--http off`).
     * </pre>
     */
    public dev.modelreg.v1.CreateLoginLinkResponse createLoginLink(dev.modelreg.v1.CreateLoginLinkRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateLoginLinkMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service AccessService.
   * <pre>
   * Governance: who may do what, and what was done.
   * Callers authenticate with `authorization: Bearer &lt;token&gt;` metadata on every call. A server
   * started with authentication refuses calls without a valid token with UNAUTHENTICATED and one of
   * the reasons TOKEN_MISSING, TOKEN_MALFORMED, TOKEN_INVALID (unknown or wrong secret),
   * TOKEN_EXPIRED, TOKEN_REVOKED. A call the caller's role does not allow fails with
   * PERMISSION_DENIED, reason ROLE_REQUIRED (metadata: `required_role`, `model`) or ALIAS_PROTECTED
   * (metadata: `model`, `alias`); every refusal is recorded and shows in ListAuditRecords.
   * Revoking a token or a role, or deleting a principal, takes effect at once for calls that start
   * after it and within seconds for open Watch streams (see EventService.Watch).
   * Roles, each including the ones before it: viewer (read and download), editor (push versions,
   * edit metadata, move unprotected aliases), maintainer (move protected aliases, archive, restore,
   * delete), admin. A role is granted globally (`model_pattern` "*") or for models whose name
   * matches a glob; the effective role on a model is the highest that applies. Every RPC of this
   * service except GetCaller and CreateLoginLink, and every MaintenanceService RPC, needs the admin
   * role granted globally.
   * List pages hold at most `page_size` items (1..1000, 0 means 100) and end early once their items
   * would pass 2 MiB serialised (the first item always comes): a page may hold fewer items than
   * asked for; follow `next_page_token` (at most 1024 characters) until it is empty.
   * </pre>
   */
  public static final class AccessServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<AccessServiceFutureStub> {
    private AccessServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AccessServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AccessServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns the calling principal and its role bindings.
     * Errors: UNAUTHENTICATED.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.GetCallerResponse> getCaller(
        dev.modelreg.v1.GetCallerRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetCallerMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a user or service account. It can do nothing until granted a role.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_KIND), ALREADY_EXISTS (PRINCIPAL_ALREADY_EXISTS),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.CreatePrincipalResponse> createPrincipal(
        dev.modelreg.v1.CreatePrincipalRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreatePrincipalMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists principals by name, ascending.
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.ListPrincipalsResponse> listPrincipals(
        dev.modelreg.v1.ListPrincipalsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListPrincipalsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a principal with its tokens (revoked at once) and role bindings. Events keep its name
     * as their actor. A principal cannot delete itself.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (PRINCIPAL_NOT_FOUND),
     * FAILED_PRECONDITION (SELF_DELETE; LAST_ADMIN: it holds the last global admin binding),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.DeletePrincipalResponse> deletePrincipal(
        dev.modelreg.v1.DeletePrincipalRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeletePrincipalMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates an API token for a principal. The secret is in this response only; the server keeps
     * a hash of it.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_TTL, INVALID_DESCRIPTION),
     * NOT_FOUND (PRINCIPAL_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.CreateTokenResponse> createToken(
        dev.modelreg.v1.CreateTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists tokens (never their secrets), newest first; of one principal when `parent` is set.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE),
     * NOT_FOUND (PRINCIPAL_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.ListTokensResponse> listTokens(
        dev.modelreg.v1.ListTokensRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListTokensMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Revokes a token at once. Revoking a revoked token is a no-op.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (TOKEN_NOT_FOUND),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.RevokeTokenResponse> revokeToken(
        dev.modelreg.v1.RevokeTokenRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRevokeTokenMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Grants a role to a principal, globally or on models matching a glob. Granting again on the
     * same pattern replaces the role.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ROLE, INVALID_PATTERN),
     * NOT_FOUND (PRINCIPAL_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.GrantRoleResponse> grantRole(
        dev.modelreg.v1.GrantRoleRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGrantRoleMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Removes a role binding.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (ROLE_BINDING_NOT_FOUND),
     * FAILED_PRECONDITION (LAST_ADMIN: it is the last global admin binding),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.RevokeRoleResponse> revokeRole(
        dev.modelreg.v1.RevokeRoleRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRevokeRoleMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists role bindings; of one principal when `principal` is set.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (PRINCIPAL_NOT_FOUND),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.ListRoleBindingsResponse> listRoleBindings(
        dev.modelreg.v1.ListRoleBindingsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListRoleBindingsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Protects an alias (or aliases matching a glob) on models matching a glob: from then on only
     * maintainers and admins may set or remove it, and only they may archive or delete a version
     * holding it. A rule may carry a promotion gate (`require`, a filter over the target version):
     * every move onto a matching alias, by anyone (admins included) and by any path (SetAlias,
     * CreateVersion's aliases, the dashboard, a monitor's rollback), is then refused unless the
     * version matches it. Protecting what is already protected returns the existing rule, with
     * its requirement replaced by the request's when the request sets one (empty removes it).
     * Errors: INVALID_ARGUMENT (INVALID_PATTERN, RESERVED_ALIAS: `latest` is the server's;
     * REQUIREMENT_TOO_LONG; a bad `require` filter: INVALID_FILTER, FILTER_TOO_COMPLEX),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.CreateProtectedAliasResponse> createProtectedAlias(
        dev.modelreg.v1.CreateProtectedAliasRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateProtectedAliasMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists protection rules.
     * Errors: PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.ListProtectedAliasesResponse> listProtectedAliases(
        dev.modelreg.v1.ListProtectedAliasesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListProtectedAliasesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Removes a protection rule.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (PROTECTED_ALIAS_NOT_FOUND),
     * PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.DeleteProtectedAliasResponse> deleteProtectedAlias(
        dev.modelreg.v1.DeleteProtectedAliasRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteProtectedAliasMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Tells in advance whether moving `alias` onto `version` would pass the promotion gates of the
     * protection rules matching it: each clause (a top-level AND item of a rule's `require`) with
     * whether the version meets it and the version's actual value. Moves nothing. The caller's
     * role is not checked against the rule (a viewer of the model may ask).
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_ALIAS), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND), PERMISSION_DENIED (ROLE_REQUIRED: viewer of the model).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.CheckPromotionResponse> checkPromotion(
        dev.modelreg.v1.CheckPromotionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCheckPromotionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists what happened, newest first: every change (the events, with their actors) and every
     * refused call, filtered by actor, model, event type, outcome and time range. Refused calls are
     * aggregated: one record (DeniedCall.count) per minute, source, code, reason, method, model and
     * actor, ordered and filtered by the time of the last call it counts; a record of the current
     * minute may still grow (and move up) while refusals continue. Refusals show as soon as they
     * happen.
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE, INVALID_EVENT_TYPE,
     * INVALID_TIME_RANGE, INVALID_ACTOR: over 128 characters, TOO_MANY_FILTERS: over 100 event
     * types), PERMISSION_DENIED (ROLE_REQUIRED).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.ListAuditRecordsResponse> listAuditRecords(
        dev.modelreg.v1.ListAuditRecordsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListAuditRecordsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns a one-time link that signs a browser in to this server's web dashboard as the
     * caller's token (`modelreg ui-login`): `http://HOST:PORT/sign-in/link/&lt;secret&gt;`. Any valid
     * token may ask, whatever its role (the session can do what the token can). The link works once
     * and for 5 minutes (LOGIN_LINK_TTL); the session it starts acts as the token, ends when the
     * token is revoked or expires, after 12 hours unused or 7 days in all. The server keeps only a
     * hash of the secret, in the metadata database, so any replica sharing that database redeems
     * it; the URL is the dashboard of the server that answered. On a server without authentication
     * the URL is the dashboard's own and `expire_time` is unset (no sign-in is needed).
     * A used, expired or unknown link is refused by the dashboard (HTTP 401, reasons
     * LOGIN_LINK_USED, LOGIN_LINK_EXPIRED, LOGIN_LINK_INVALID).
     * Errors: UNAUTHENTICATED (TOKEN_*), FAILED_PRECONDITION (DASHBOARD_DISABLED: the server serves
     * no dashboard, `--http off`).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.CreateLoginLinkResponse> createLoginLink(
        dev.modelreg.v1.CreateLoginLinkRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateLoginLinkMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_GET_CALLER = 0;
  private static final int METHODID_CREATE_PRINCIPAL = 1;
  private static final int METHODID_LIST_PRINCIPALS = 2;
  private static final int METHODID_DELETE_PRINCIPAL = 3;
  private static final int METHODID_CREATE_TOKEN = 4;
  private static final int METHODID_LIST_TOKENS = 5;
  private static final int METHODID_REVOKE_TOKEN = 6;
  private static final int METHODID_GRANT_ROLE = 7;
  private static final int METHODID_REVOKE_ROLE = 8;
  private static final int METHODID_LIST_ROLE_BINDINGS = 9;
  private static final int METHODID_CREATE_PROTECTED_ALIAS = 10;
  private static final int METHODID_LIST_PROTECTED_ALIASES = 11;
  private static final int METHODID_DELETE_PROTECTED_ALIAS = 12;
  private static final int METHODID_CHECK_PROMOTION = 13;
  private static final int METHODID_LIST_AUDIT_RECORDS = 14;
  private static final int METHODID_CREATE_LOGIN_LINK = 15;

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
        case METHODID_GET_CALLER:
          serviceImpl.getCaller((dev.modelreg.v1.GetCallerRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.GetCallerResponse>) responseObserver);
          break;
        case METHODID_CREATE_PRINCIPAL:
          serviceImpl.createPrincipal((dev.modelreg.v1.CreatePrincipalRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.CreatePrincipalResponse>) responseObserver);
          break;
        case METHODID_LIST_PRINCIPALS:
          serviceImpl.listPrincipals((dev.modelreg.v1.ListPrincipalsRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.ListPrincipalsResponse>) responseObserver);
          break;
        case METHODID_DELETE_PRINCIPAL:
          serviceImpl.deletePrincipal((dev.modelreg.v1.DeletePrincipalRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.DeletePrincipalResponse>) responseObserver);
          break;
        case METHODID_CREATE_TOKEN:
          serviceImpl.createToken((dev.modelreg.v1.CreateTokenRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateTokenResponse>) responseObserver);
          break;
        case METHODID_LIST_TOKENS:
          serviceImpl.listTokens((dev.modelreg.v1.ListTokensRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.ListTokensResponse>) responseObserver);
          break;
        case METHODID_REVOKE_TOKEN:
          serviceImpl.revokeToken((dev.modelreg.v1.RevokeTokenRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.RevokeTokenResponse>) responseObserver);
          break;
        case METHODID_GRANT_ROLE:
          serviceImpl.grantRole((dev.modelreg.v1.GrantRoleRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.GrantRoleResponse>) responseObserver);
          break;
        case METHODID_REVOKE_ROLE:
          serviceImpl.revokeRole((dev.modelreg.v1.RevokeRoleRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.RevokeRoleResponse>) responseObserver);
          break;
        case METHODID_LIST_ROLE_BINDINGS:
          serviceImpl.listRoleBindings((dev.modelreg.v1.ListRoleBindingsRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.ListRoleBindingsResponse>) responseObserver);
          break;
        case METHODID_CREATE_PROTECTED_ALIAS:
          serviceImpl.createProtectedAlias((dev.modelreg.v1.CreateProtectedAliasRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateProtectedAliasResponse>) responseObserver);
          break;
        case METHODID_LIST_PROTECTED_ALIASES:
          serviceImpl.listProtectedAliases((dev.modelreg.v1.ListProtectedAliasesRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.ListProtectedAliasesResponse>) responseObserver);
          break;
        case METHODID_DELETE_PROTECTED_ALIAS:
          serviceImpl.deleteProtectedAlias((dev.modelreg.v1.DeleteProtectedAliasRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.DeleteProtectedAliasResponse>) responseObserver);
          break;
        case METHODID_CHECK_PROMOTION:
          serviceImpl.checkPromotion((dev.modelreg.v1.CheckPromotionRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.CheckPromotionResponse>) responseObserver);
          break;
        case METHODID_LIST_AUDIT_RECORDS:
          serviceImpl.listAuditRecords((dev.modelreg.v1.ListAuditRecordsRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.ListAuditRecordsResponse>) responseObserver);
          break;
        case METHODID_CREATE_LOGIN_LINK:
          serviceImpl.createLoginLink((dev.modelreg.v1.CreateLoginLinkRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateLoginLinkResponse>) responseObserver);
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
          getGetCallerMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.GetCallerRequest,
              dev.modelreg.v1.GetCallerResponse>(
                service, METHODID_GET_CALLER)))
        .addMethod(
          getCreatePrincipalMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.CreatePrincipalRequest,
              dev.modelreg.v1.CreatePrincipalResponse>(
                service, METHODID_CREATE_PRINCIPAL)))
        .addMethod(
          getListPrincipalsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.ListPrincipalsRequest,
              dev.modelreg.v1.ListPrincipalsResponse>(
                service, METHODID_LIST_PRINCIPALS)))
        .addMethod(
          getDeletePrincipalMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.DeletePrincipalRequest,
              dev.modelreg.v1.DeletePrincipalResponse>(
                service, METHODID_DELETE_PRINCIPAL)))
        .addMethod(
          getCreateTokenMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.CreateTokenRequest,
              dev.modelreg.v1.CreateTokenResponse>(
                service, METHODID_CREATE_TOKEN)))
        .addMethod(
          getListTokensMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.ListTokensRequest,
              dev.modelreg.v1.ListTokensResponse>(
                service, METHODID_LIST_TOKENS)))
        .addMethod(
          getRevokeTokenMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.RevokeTokenRequest,
              dev.modelreg.v1.RevokeTokenResponse>(
                service, METHODID_REVOKE_TOKEN)))
        .addMethod(
          getGrantRoleMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.GrantRoleRequest,
              dev.modelreg.v1.GrantRoleResponse>(
                service, METHODID_GRANT_ROLE)))
        .addMethod(
          getRevokeRoleMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.RevokeRoleRequest,
              dev.modelreg.v1.RevokeRoleResponse>(
                service, METHODID_REVOKE_ROLE)))
        .addMethod(
          getListRoleBindingsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.ListRoleBindingsRequest,
              dev.modelreg.v1.ListRoleBindingsResponse>(
                service, METHODID_LIST_ROLE_BINDINGS)))
        .addMethod(
          getCreateProtectedAliasMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.CreateProtectedAliasRequest,
              dev.modelreg.v1.CreateProtectedAliasResponse>(
                service, METHODID_CREATE_PROTECTED_ALIAS)))
        .addMethod(
          getListProtectedAliasesMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.ListProtectedAliasesRequest,
              dev.modelreg.v1.ListProtectedAliasesResponse>(
                service, METHODID_LIST_PROTECTED_ALIASES)))
        .addMethod(
          getDeleteProtectedAliasMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.DeleteProtectedAliasRequest,
              dev.modelreg.v1.DeleteProtectedAliasResponse>(
                service, METHODID_DELETE_PROTECTED_ALIAS)))
        .addMethod(
          getCheckPromotionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.CheckPromotionRequest,
              dev.modelreg.v1.CheckPromotionResponse>(
                service, METHODID_CHECK_PROMOTION)))
        .addMethod(
          getListAuditRecordsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.ListAuditRecordsRequest,
              dev.modelreg.v1.ListAuditRecordsResponse>(
                service, METHODID_LIST_AUDIT_RECORDS)))
        .addMethod(
          getCreateLoginLinkMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.CreateLoginLinkRequest,
              dev.modelreg.v1.CreateLoginLinkResponse>(
                service, METHODID_CREATE_LOGIN_LINK)))
        .build();
  }

  private static abstract class AccessServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AccessServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.modelreg.v1.AccessServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("AccessService");
    }
  }

  private static final class AccessServiceFileDescriptorSupplier
      extends AccessServiceBaseDescriptorSupplier {
    AccessServiceFileDescriptorSupplier() {}
  }

  private static final class AccessServiceMethodDescriptorSupplier
      extends AccessServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    AccessServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (AccessServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AccessServiceFileDescriptorSupplier())
              .addMethod(getGetCallerMethod())
              .addMethod(getCreatePrincipalMethod())
              .addMethod(getListPrincipalsMethod())
              .addMethod(getDeletePrincipalMethod())
              .addMethod(getCreateTokenMethod())
              .addMethod(getListTokensMethod())
              .addMethod(getRevokeTokenMethod())
              .addMethod(getGrantRoleMethod())
              .addMethod(getRevokeRoleMethod())
              .addMethod(getListRoleBindingsMethod())
              .addMethod(getCreateProtectedAliasMethod())
              .addMethod(getListProtectedAliasesMethod())
              .addMethod(getDeleteProtectedAliasMethod())
              .addMethod(getCheckPromotionMethod())
              .addMethod(getListAuditRecordsMethod())
              .addMethod(getCreateLoginLinkMethod())
              .build();
        }
      }
    }
    return result;
  }
}
