package dev.modelreg.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Store maintenance: verification and garbage collection. Both run while the server serves.
 * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
 * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class MaintenanceServiceGrpc {

  private MaintenanceServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "modelreg.v1.MaintenanceService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.CheckStoreRequest,
      dev.modelreg.v1.CheckStoreResponse> getCheckStoreMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CheckStore",
      requestType = dev.modelreg.v1.CheckStoreRequest.class,
      responseType = dev.modelreg.v1.CheckStoreResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.CheckStoreRequest,
      dev.modelreg.v1.CheckStoreResponse> getCheckStoreMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.CheckStoreRequest, dev.modelreg.v1.CheckStoreResponse> getCheckStoreMethod;
    if ((getCheckStoreMethod = MaintenanceServiceGrpc.getCheckStoreMethod) == null) {
      synchronized (MaintenanceServiceGrpc.class) {
        if ((getCheckStoreMethod = MaintenanceServiceGrpc.getCheckStoreMethod) == null) {
          MaintenanceServiceGrpc.getCheckStoreMethod = getCheckStoreMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.CheckStoreRequest, dev.modelreg.v1.CheckStoreResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CheckStore"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CheckStoreRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CheckStoreResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MaintenanceServiceMethodDescriptorSupplier("CheckStore"))
              .build();
        }
      }
    }
    return getCheckStoreMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.CollectGarbageRequest,
      dev.modelreg.v1.CollectGarbageResponse> getCollectGarbageMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CollectGarbage",
      requestType = dev.modelreg.v1.CollectGarbageRequest.class,
      responseType = dev.modelreg.v1.CollectGarbageResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.CollectGarbageRequest,
      dev.modelreg.v1.CollectGarbageResponse> getCollectGarbageMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.CollectGarbageRequest, dev.modelreg.v1.CollectGarbageResponse> getCollectGarbageMethod;
    if ((getCollectGarbageMethod = MaintenanceServiceGrpc.getCollectGarbageMethod) == null) {
      synchronized (MaintenanceServiceGrpc.class) {
        if ((getCollectGarbageMethod = MaintenanceServiceGrpc.getCollectGarbageMethod) == null) {
          MaintenanceServiceGrpc.getCollectGarbageMethod = getCollectGarbageMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.CollectGarbageRequest, dev.modelreg.v1.CollectGarbageResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CollectGarbage"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CollectGarbageRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CollectGarbageResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MaintenanceServiceMethodDescriptorSupplier("CollectGarbage"))
              .build();
        }
      }
    }
    return getCollectGarbageMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.CompactEventsRequest,
      dev.modelreg.v1.CompactEventsResponse> getCompactEventsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CompactEvents",
      requestType = dev.modelreg.v1.CompactEventsRequest.class,
      responseType = dev.modelreg.v1.CompactEventsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.CompactEventsRequest,
      dev.modelreg.v1.CompactEventsResponse> getCompactEventsMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.CompactEventsRequest, dev.modelreg.v1.CompactEventsResponse> getCompactEventsMethod;
    if ((getCompactEventsMethod = MaintenanceServiceGrpc.getCompactEventsMethod) == null) {
      synchronized (MaintenanceServiceGrpc.class) {
        if ((getCompactEventsMethod = MaintenanceServiceGrpc.getCompactEventsMethod) == null) {
          MaintenanceServiceGrpc.getCompactEventsMethod = getCompactEventsMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.CompactEventsRequest, dev.modelreg.v1.CompactEventsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CompactEvents"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CompactEventsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CompactEventsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MaintenanceServiceMethodDescriptorSupplier("CompactEvents"))
              .build();
        }
      }
    }
    return getCompactEventsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.CompactChunksRequest,
      dev.modelreg.v1.CompactChunksResponse> getCompactChunksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CompactChunks",
      requestType = dev.modelreg.v1.CompactChunksRequest.class,
      responseType = dev.modelreg.v1.CompactChunksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.CompactChunksRequest,
      dev.modelreg.v1.CompactChunksResponse> getCompactChunksMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.CompactChunksRequest, dev.modelreg.v1.CompactChunksResponse> getCompactChunksMethod;
    if ((getCompactChunksMethod = MaintenanceServiceGrpc.getCompactChunksMethod) == null) {
      synchronized (MaintenanceServiceGrpc.class) {
        if ((getCompactChunksMethod = MaintenanceServiceGrpc.getCompactChunksMethod) == null) {
          MaintenanceServiceGrpc.getCompactChunksMethod = getCompactChunksMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.CompactChunksRequest, dev.modelreg.v1.CompactChunksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CompactChunks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CompactChunksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CompactChunksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MaintenanceServiceMethodDescriptorSupplier("CompactChunks"))
              .build();
        }
      }
    }
    return getCompactChunksMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static MaintenanceServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MaintenanceServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MaintenanceServiceStub>() {
        @java.lang.Override
        public MaintenanceServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MaintenanceServiceStub(channel, callOptions);
        }
      };
    return MaintenanceServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static MaintenanceServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MaintenanceServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MaintenanceServiceBlockingV2Stub>() {
        @java.lang.Override
        public MaintenanceServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MaintenanceServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return MaintenanceServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static MaintenanceServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MaintenanceServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MaintenanceServiceBlockingStub>() {
        @java.lang.Override
        public MaintenanceServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MaintenanceServiceBlockingStub(channel, callOptions);
        }
      };
    return MaintenanceServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static MaintenanceServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MaintenanceServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MaintenanceServiceFutureStub>() {
        @java.lang.Override
        public MaintenanceServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MaintenanceServiceFutureStub(channel, callOptions);
        }
      };
    return MaintenanceServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Store maintenance: verification and garbage collection. Both run while the server serves.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Verifies every stored chunk against its digest (decoding it), and that every version's
     * chunks are present with the sizes its manifest names, so every version can be reassembled.
     * Problems are reported in the response, not as an error.
     * With `repair`, every corrupt chunk is also quarantined: moved out of the store (atomically,
     * into `blobs/quarantine/` in the data directory, kept for forensics and never deleted by the
     * server), so it counts as missing from then on. FindMissingChunks reports it, a push of the
     * same content uploads it again, and every version that used it is whole again. The versions
     * listed in `damaged_versions` stay damaged until then: re-push their content.
     * Role: admin on all models.
     * Errors: none beyond transport errors.
     * </pre>
     */
    default void checkStore(dev.modelreg.v1.CheckStoreRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CheckStoreResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCheckStoreMethod(), responseObserver);
    }

    /**
     * <pre>
     * Removes stored chunks that no version references and that nobody wrote, uploaded or asked
     * about (FindMissingChunks, CreateVersion) within `grace_period`, so the chunks of pushes in
     * flight are kept. Returns what was (or, with dry_run, would be) removed.
     * Role: admin on all models.
     * Errors: INVALID_ARGUMENT (INVALID_GRACE_PERIOD: negative).
     * </pre>
     */
    default void collectGarbage(dev.modelreg.v1.CollectGarbageRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CollectGarbageResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCollectGarbageMethod(), responseObserver);
    }

    /**
     * <pre>
     * Removes events from the log: those older than `older_than`, or up to `through_sequence`.
     * Watches resuming from a removed position then fail with OUT_OF_RANGE CURSOR_COMPACTED and
     * must resync (as in etcd after compaction).
     * Role: admin on all models.
     * Errors: INVALID_ARGUMENT (INVALID_COMPACTION: neither or both given, negative, or past the head).
     * </pre>
     */
    default void compactEvents(dev.modelreg.v1.CompactEventsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CompactEventsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCompactEventsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Reports the backlog of chunks that arrived raw with a CompressHint and wait to be compressed
     * at rest by the server's background compactor (`modelreg serve --compact-interval`). With
     * `wait`, first compresses the whole backlog now (on this replica, at low CPU priority) and
     * returns when it is empty; tests and the bench use it to wait for compaction. `wait` also
     * first computes the whole-file sha256s the background work has not filled in yet
     * (FileEntry.sha256 of MANIFEST_FORMAT_CHUNK_TREE versions).
     * Role: admin on all models.
     * Errors: none beyond transport errors.
     * </pre>
     */
    default void compactChunks(dev.modelreg.v1.CompactChunksRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CompactChunksResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCompactChunksMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service MaintenanceService.
   * <pre>
   * Store maintenance: verification and garbage collection. Both run while the server serves.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public static abstract class MaintenanceServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return MaintenanceServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service MaintenanceService.
   * <pre>
   * Store maintenance: verification and garbage collection. Both run while the server serves.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public static final class MaintenanceServiceStub
      extends io.grpc.stub.AbstractAsyncStub<MaintenanceServiceStub> {
    private MaintenanceServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MaintenanceServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MaintenanceServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Verifies every stored chunk against its digest (decoding it), and that every version's
     * chunks are present with the sizes its manifest names, so every version can be reassembled.
     * Problems are reported in the response, not as an error.
     * With `repair`, every corrupt chunk is also quarantined: moved out of the store (atomically,
     * into `blobs/quarantine/` in the data directory, kept for forensics and never deleted by the
     * server), so it counts as missing from then on. FindMissingChunks reports it, a push of the
     * same content uploads it again, and every version that used it is whole again. The versions
     * listed in `damaged_versions` stay damaged until then: re-push their content.
     * Role: admin on all models.
     * Errors: none beyond transport errors.
     * </pre>
     */
    public void checkStore(dev.modelreg.v1.CheckStoreRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CheckStoreResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCheckStoreMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Removes stored chunks that no version references and that nobody wrote, uploaded or asked
     * about (FindMissingChunks, CreateVersion) within `grace_period`, so the chunks of pushes in
     * flight are kept. Returns what was (or, with dry_run, would be) removed.
     * Role: admin on all models.
     * Errors: INVALID_ARGUMENT (INVALID_GRACE_PERIOD: negative).
     * </pre>
     */
    public void collectGarbage(dev.modelreg.v1.CollectGarbageRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CollectGarbageResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCollectGarbageMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Removes events from the log: those older than `older_than`, or up to `through_sequence`.
     * Watches resuming from a removed position then fail with OUT_OF_RANGE CURSOR_COMPACTED and
     * must resync (as in etcd after compaction).
     * Role: admin on all models.
     * Errors: INVALID_ARGUMENT (INVALID_COMPACTION: neither or both given, negative, or past the head).
     * </pre>
     */
    public void compactEvents(dev.modelreg.v1.CompactEventsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CompactEventsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCompactEventsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Reports the backlog of chunks that arrived raw with a CompressHint and wait to be compressed
     * at rest by the server's background compactor (`modelreg serve --compact-interval`). With
     * `wait`, first compresses the whole backlog now (on this replica, at low CPU priority) and
     * returns when it is empty; tests and the bench use it to wait for compaction. `wait` also
     * first computes the whole-file sha256s the background work has not filled in yet
     * (FileEntry.sha256 of MANIFEST_FORMAT_CHUNK_TREE versions).
     * Role: admin on all models.
     * Errors: none beyond transport errors.
     * </pre>
     */
    public void compactChunks(dev.modelreg.v1.CompactChunksRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CompactChunksResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCompactChunksMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service MaintenanceService.
   * <pre>
   * Store maintenance: verification and garbage collection. Both run while the server serves.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public static final class MaintenanceServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<MaintenanceServiceBlockingV2Stub> {
    private MaintenanceServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MaintenanceServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MaintenanceServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Verifies every stored chunk against its digest (decoding it), and that every version's
     * chunks are present with the sizes its manifest names, so every version can be reassembled.
     * Problems are reported in the response, not as an error.
     * With `repair`, every corrupt chunk is also quarantined: moved out of the store (atomically,
     * into `blobs/quarantine/` in the data directory, kept for forensics and never deleted by the
     * server), so it counts as missing from then on. FindMissingChunks reports it, a push of the
     * same content uploads it again, and every version that used it is whole again. The versions
     * listed in `damaged_versions` stay damaged until then: re-push their content.
     * Role: admin on all models.
     * Errors: none beyond transport errors.
     * </pre>
     */
    public dev.modelreg.v1.CheckStoreResponse checkStore(dev.modelreg.v1.CheckStoreRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCheckStoreMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes stored chunks that no version references and that nobody wrote, uploaded or asked
     * about (FindMissingChunks, CreateVersion) within `grace_period`, so the chunks of pushes in
     * flight are kept. Returns what was (or, with dry_run, would be) removed.
     * Role: admin on all models.
     * Errors: INVALID_ARGUMENT (INVALID_GRACE_PERIOD: negative).
     * </pre>
     */
    public dev.modelreg.v1.CollectGarbageResponse collectGarbage(dev.modelreg.v1.CollectGarbageRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCollectGarbageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes events from the log: those older than `older_than`, or up to `through_sequence`.
     * Watches resuming from a removed position then fail with OUT_OF_RANGE CURSOR_COMPACTED and
     * must resync (as in etcd after compaction).
     * Role: admin on all models.
     * Errors: INVALID_ARGUMENT (INVALID_COMPACTION: neither or both given, negative, or past the head).
     * </pre>
     */
    public dev.modelreg.v1.CompactEventsResponse compactEvents(dev.modelreg.v1.CompactEventsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCompactEventsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reports the backlog of chunks that arrived raw with a CompressHint and wait to be compressed
     * at rest by the server's background compactor (`modelreg serve --compact-interval`). With
     * `wait`, first compresses the whole backlog now (on this replica, at low CPU priority) and
     * returns when it is empty; tests and the bench use it to wait for compaction. `wait` also
     * first computes the whole-file sha256s the background work has not filled in yet
     * (FileEntry.sha256 of MANIFEST_FORMAT_CHUNK_TREE versions).
     * Role: admin on all models.
     * Errors: none beyond transport errors.
     * </pre>
     */
    public dev.modelreg.v1.CompactChunksResponse compactChunks(dev.modelreg.v1.CompactChunksRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCompactChunksMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service MaintenanceService.
   * <pre>
   * Store maintenance: verification and garbage collection. Both run while the server serves.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public static final class MaintenanceServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<MaintenanceServiceBlockingStub> {
    private MaintenanceServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MaintenanceServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MaintenanceServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Verifies every stored chunk against its digest (decoding it), and that every version's
     * chunks are present with the sizes its manifest names, so every version can be reassembled.
     * Problems are reported in the response, not as an error.
     * With `repair`, every corrupt chunk is also quarantined: moved out of the store (atomically,
     * into `blobs/quarantine/` in the data directory, kept for forensics and never deleted by the
     * server), so it counts as missing from then on. FindMissingChunks reports it, a push of the
     * same content uploads it again, and every version that used it is whole again. The versions
     * listed in `damaged_versions` stay damaged until then: re-push their content.
     * Role: admin on all models.
     * Errors: none beyond transport errors.
     * </pre>
     */
    public dev.modelreg.v1.CheckStoreResponse checkStore(dev.modelreg.v1.CheckStoreRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCheckStoreMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes stored chunks that no version references and that nobody wrote, uploaded or asked
     * about (FindMissingChunks, CreateVersion) within `grace_period`, so the chunks of pushes in
     * flight are kept. Returns what was (or, with dry_run, would be) removed.
     * Role: admin on all models.
     * Errors: INVALID_ARGUMENT (INVALID_GRACE_PERIOD: negative).
     * </pre>
     */
    public dev.modelreg.v1.CollectGarbageResponse collectGarbage(dev.modelreg.v1.CollectGarbageRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCollectGarbageMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Removes events from the log: those older than `older_than`, or up to `through_sequence`.
     * Watches resuming from a removed position then fail with OUT_OF_RANGE CURSOR_COMPACTED and
     * must resync (as in etcd after compaction).
     * Role: admin on all models.
     * Errors: INVALID_ARGUMENT (INVALID_COMPACTION: neither or both given, negative, or past the head).
     * </pre>
     */
    public dev.modelreg.v1.CompactEventsResponse compactEvents(dev.modelreg.v1.CompactEventsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCompactEventsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Reports the backlog of chunks that arrived raw with a CompressHint and wait to be compressed
     * at rest by the server's background compactor (`modelreg serve --compact-interval`). With
     * `wait`, first compresses the whole backlog now (on this replica, at low CPU priority) and
     * returns when it is empty; tests and the bench use it to wait for compaction. `wait` also
     * first computes the whole-file sha256s the background work has not filled in yet
     * (FileEntry.sha256 of MANIFEST_FORMAT_CHUNK_TREE versions).
     * Role: admin on all models.
     * Errors: none beyond transport errors.
     * </pre>
     */
    public dev.modelreg.v1.CompactChunksResponse compactChunks(dev.modelreg.v1.CompactChunksRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCompactChunksMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service MaintenanceService.
   * <pre>
   * Store maintenance: verification and garbage collection. Both run while the server serves.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public static final class MaintenanceServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<MaintenanceServiceFutureStub> {
    private MaintenanceServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MaintenanceServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MaintenanceServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Verifies every stored chunk against its digest (decoding it), and that every version's
     * chunks are present with the sizes its manifest names, so every version can be reassembled.
     * Problems are reported in the response, not as an error.
     * With `repair`, every corrupt chunk is also quarantined: moved out of the store (atomically,
     * into `blobs/quarantine/` in the data directory, kept for forensics and never deleted by the
     * server), so it counts as missing from then on. FindMissingChunks reports it, a push of the
     * same content uploads it again, and every version that used it is whole again. The versions
     * listed in `damaged_versions` stay damaged until then: re-push their content.
     * Role: admin on all models.
     * Errors: none beyond transport errors.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.CheckStoreResponse> checkStore(
        dev.modelreg.v1.CheckStoreRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCheckStoreMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Removes stored chunks that no version references and that nobody wrote, uploaded or asked
     * about (FindMissingChunks, CreateVersion) within `grace_period`, so the chunks of pushes in
     * flight are kept. Returns what was (or, with dry_run, would be) removed.
     * Role: admin on all models.
     * Errors: INVALID_ARGUMENT (INVALID_GRACE_PERIOD: negative).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.CollectGarbageResponse> collectGarbage(
        dev.modelreg.v1.CollectGarbageRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCollectGarbageMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Removes events from the log: those older than `older_than`, or up to `through_sequence`.
     * Watches resuming from a removed position then fail with OUT_OF_RANGE CURSOR_COMPACTED and
     * must resync (as in etcd after compaction).
     * Role: admin on all models.
     * Errors: INVALID_ARGUMENT (INVALID_COMPACTION: neither or both given, negative, or past the head).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.CompactEventsResponse> compactEvents(
        dev.modelreg.v1.CompactEventsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCompactEventsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Reports the backlog of chunks that arrived raw with a CompressHint and wait to be compressed
     * at rest by the server's background compactor (`modelreg serve --compact-interval`). With
     * `wait`, first compresses the whole backlog now (on this replica, at low CPU priority) and
     * returns when it is empty; tests and the bench use it to wait for compaction. `wait` also
     * first computes the whole-file sha256s the background work has not filled in yet
     * (FileEntry.sha256 of MANIFEST_FORMAT_CHUNK_TREE versions).
     * Role: admin on all models.
     * Errors: none beyond transport errors.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.CompactChunksResponse> compactChunks(
        dev.modelreg.v1.CompactChunksRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCompactChunksMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CHECK_STORE = 0;
  private static final int METHODID_COLLECT_GARBAGE = 1;
  private static final int METHODID_COMPACT_EVENTS = 2;
  private static final int METHODID_COMPACT_CHUNKS = 3;

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
        case METHODID_CHECK_STORE:
          serviceImpl.checkStore((dev.modelreg.v1.CheckStoreRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.CheckStoreResponse>) responseObserver);
          break;
        case METHODID_COLLECT_GARBAGE:
          serviceImpl.collectGarbage((dev.modelreg.v1.CollectGarbageRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.CollectGarbageResponse>) responseObserver);
          break;
        case METHODID_COMPACT_EVENTS:
          serviceImpl.compactEvents((dev.modelreg.v1.CompactEventsRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.CompactEventsResponse>) responseObserver);
          break;
        case METHODID_COMPACT_CHUNKS:
          serviceImpl.compactChunks((dev.modelreg.v1.CompactChunksRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.CompactChunksResponse>) responseObserver);
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
          getCheckStoreMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.CheckStoreRequest,
              dev.modelreg.v1.CheckStoreResponse>(
                service, METHODID_CHECK_STORE)))
        .addMethod(
          getCollectGarbageMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.CollectGarbageRequest,
              dev.modelreg.v1.CollectGarbageResponse>(
                service, METHODID_COLLECT_GARBAGE)))
        .addMethod(
          getCompactEventsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.CompactEventsRequest,
              dev.modelreg.v1.CompactEventsResponse>(
                service, METHODID_COMPACT_EVENTS)))
        .addMethod(
          getCompactChunksMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.CompactChunksRequest,
              dev.modelreg.v1.CompactChunksResponse>(
                service, METHODID_COMPACT_CHUNKS)))
        .build();
  }

  private static abstract class MaintenanceServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    MaintenanceServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.modelreg.v1.MaintenanceServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("MaintenanceService");
    }
  }

  private static final class MaintenanceServiceFileDescriptorSupplier
      extends MaintenanceServiceBaseDescriptorSupplier {
    MaintenanceServiceFileDescriptorSupplier() {}
  }

  private static final class MaintenanceServiceMethodDescriptorSupplier
      extends MaintenanceServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    MaintenanceServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (MaintenanceServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new MaintenanceServiceFileDescriptorSupplier())
              .addMethod(getCheckStoreMethod())
              .addMethod(getCollectGarbageMethod())
              .addMethod(getCompactEventsMethod())
              .addMethod(getCompactChunksMethod())
              .build();
        }
      }
    }
    return result;
  }
}
