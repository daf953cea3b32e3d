package dev.modelreg.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Moves model bytes as content-addressed chunks.
 * Push: FindMissingChunks -&gt; UploadChunks (only the missing ones) -&gt; RegistryService.CreateVersion.
 * An interrupted push resumes by asking again what is missing. Pull: RegistryService.GetVersion
 * for the manifest, then DownloadVersion from offset 0, or from the end of the last verified
 * chunk after a cut.
 * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
 * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class TransferServiceGrpc {

  private TransferServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "modelreg.v1.TransferService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.FindMissingChunksRequest,
      dev.modelreg.v1.FindMissingChunksResponse> getFindMissingChunksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "FindMissingChunks",
      requestType = dev.modelreg.v1.FindMissingChunksRequest.class,
      responseType = dev.modelreg.v1.FindMissingChunksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.FindMissingChunksRequest,
      dev.modelreg.v1.FindMissingChunksResponse> getFindMissingChunksMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.FindMissingChunksRequest, dev.modelreg.v1.FindMissingChunksResponse> getFindMissingChunksMethod;
    if ((getFindMissingChunksMethod = TransferServiceGrpc.getFindMissingChunksMethod) == null) {
      synchronized (TransferServiceGrpc.class) {
        if ((getFindMissingChunksMethod = TransferServiceGrpc.getFindMissingChunksMethod) == null) {
          TransferServiceGrpc.getFindMissingChunksMethod = getFindMissingChunksMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.FindMissingChunksRequest, dev.modelreg.v1.FindMissingChunksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "FindMissingChunks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.FindMissingChunksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.FindMissingChunksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TransferServiceMethodDescriptorSupplier("FindMissingChunks"))
              .build();
        }
      }
    }
    return getFindMissingChunksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.UploadChunksRequest,
      dev.modelreg.v1.UploadChunksResponse> getUploadChunksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UploadChunks",
      requestType = dev.modelreg.v1.UploadChunksRequest.class,
      responseType = dev.modelreg.v1.UploadChunksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.UploadChunksRequest,
      dev.modelreg.v1.UploadChunksResponse> getUploadChunksMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.UploadChunksRequest, dev.modelreg.v1.UploadChunksResponse> getUploadChunksMethod;
    if ((getUploadChunksMethod = TransferServiceGrpc.getUploadChunksMethod) == null) {
      synchronized (TransferServiceGrpc.class) {
        if ((getUploadChunksMethod = TransferServiceGrpc.getUploadChunksMethod) == null) {
          TransferServiceGrpc.getUploadChunksMethod = getUploadChunksMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.UploadChunksRequest, dev.modelreg.v1.UploadChunksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UploadChunks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.UploadChunksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.UploadChunksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TransferServiceMethodDescriptorSupplier("UploadChunks"))
              .build();
        }
      }
    }
    return getUploadChunksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.DownloadVersionRequest,
      dev.modelreg.v1.DownloadVersionResponse> getDownloadVersionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DownloadVersion",
      requestType = dev.modelreg.v1.DownloadVersionRequest.class,
      responseType = dev.modelreg.v1.DownloadVersionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.DownloadVersionRequest,
      dev.modelreg.v1.DownloadVersionResponse> getDownloadVersionMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.DownloadVersionRequest, dev.modelreg.v1.DownloadVersionResponse> getDownloadVersionMethod;
    if ((getDownloadVersionMethod = TransferServiceGrpc.getDownloadVersionMethod) == null) {
      synchronized (TransferServiceGrpc.class) {
        if ((getDownloadVersionMethod = TransferServiceGrpc.getDownloadVersionMethod) == null) {
          TransferServiceGrpc.getDownloadVersionMethod = getDownloadVersionMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.DownloadVersionRequest, dev.modelreg.v1.DownloadVersionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DownloadVersion"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.DownloadVersionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.DownloadVersionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new TransferServiceMethodDescriptorSupplier("DownloadVersion"))
              .build();
        }
      }
    }
    return getDownloadVersionMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static TransferServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TransferServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TransferServiceStub>() {
        @java.lang.Override
        public TransferServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TransferServiceStub(channel, callOptions);
        }
      };
    return TransferServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static TransferServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TransferServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TransferServiceBlockingV2Stub>() {
        @java.lang.Override
        public TransferServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TransferServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return TransferServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static TransferServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TransferServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TransferServiceBlockingStub>() {
        @java.lang.Override
        public TransferServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TransferServiceBlockingStub(channel, callOptions);
        }
      };
    return TransferServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static TransferServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<TransferServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<TransferServiceFutureStub>() {
        @java.lang.Override
        public TransferServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new TransferServiceFutureStub(channel, callOptions);
        }
      };
    return TransferServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Moves model bytes as content-addressed chunks.
   * Push: FindMissingChunks -&gt; UploadChunks (only the missing ones) -&gt; RegistryService.CreateVersion.
   * An interrupted push resumes by asking again what is missing. Pull: RegistryService.GetVersion
   * for the manifest, then DownloadVersion from offset 0, or from the end of the last verified
   * chunk after a cut.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Returns which of the given chunk digests the server does not store. A chunk quarantined by
     * MaintenanceService.CheckStore with `repair` (corrupt on disk) counts as not stored.
     * Role: editor on some model.
     * Errors: INVALID_ARGUMENT (INVALID_DIGEST; more than 10000 digests: TOO_MANY_DIGESTS).
     * </pre>
     */
    default void findMissingChunks(dev.modelreg.v1.FindMissingChunksRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.FindMissingChunksResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getFindMissingChunksMethod(), responseObserver);
    }

    /**
     * <pre>
     * Stores chunks. Each is decoded with a bound of its declared raw size and its sha256 checked
     * before it is written (write-once, fsync'd). Chunks stored before an error stay stored;
     * the failing one and those after it are not. A chunk the server already stores counts in
     * `existing_chunks` only if the stored copy is intact; a corrupt stored copy is quarantined and
     * replaced by the uploaded one (counted in `stored_chunks`).
     * Role: editor on some model.
     * Errors: INVALID_ARGUMENT (INVALID_DIGEST, INVALID_CODEC, CHUNK_SIZE_MISMATCH: decodes to more
     * or fewer bytes than `raw_size`, CORRUPT_CHUNK: not decodable, CHUNK_DIGEST_MISMATCH),
     * RESOURCE_EXHAUSTED (CHUNK_TOO_LARGE: `raw_size` above the server limit).
     * </pre>
     */
    default io.grpc.stub.StreamObserver<dev.modelreg.v1.UploadChunksRequest> uploadChunks(
        io.grpc.stub.StreamObserver<dev.modelreg.v1.UploadChunksResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getUploadChunksMethod(), responseObserver);
    }

    /**
     * <pre>
     * Streams a version's content as stored chunks, in manifest order (files by path, chunks in
     * file order), starting with the chunk that contains byte `offset` of that concatenation and,
     * when `end_offset` is set, ending with the chunk that contains byte `end_offset - 1` (a range:
     * a client with a local cache fetches only the chunks it lacks).
     * Frames are sent as stored, never recompressed.
     * Role: viewer on the model, checked when the download starts: a download that has started
     * finishes even if the caller's token or role is revoked meanwhile (it is one version the caller
     * could read, of bounded size); any later call, a resumed download included, is refused.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (VERSION_NOT_FOUND),
     * OUT_OF_RANGE (OFFSET_OUT_OF_RANGE: `offset` or `end_offset` outside the version),
     * DATA_LOSS (CHUNK_MISSING: the store lost a chunk;
     * CHUNK_CORRUPT: a stored chunk's header is damaged; other damage is caught by the client's
     * verification; `modelreg fsck --repair` then a push of the same content heals both).
     * </pre>
     */
    default void downloadVersion(dev.modelreg.v1.DownloadVersionRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.DownloadVersionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDownloadVersionMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service TransferService.
   * <pre>
   * Moves model bytes as content-addressed chunks.
   * Push: FindMissingChunks -&gt; UploadChunks (only the missing ones) -&gt; RegistryService.CreateVersion.
   * An interrupted push resumes by asking again what is missing. Pull: RegistryService.GetVersion
   * for the manifest, then DownloadVersion from offset 0, or from the end of the last verified
   * chunk after a cut.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public static abstract class TransferServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return TransferServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service TransferService.
   * <pre>
   * Moves model bytes as content-addressed chunks.
   * Push: FindMissingChunks -&gt; UploadChunks (only the missing ones) -&gt; RegistryService.CreateVersion.
   * An interrupted push resumes by asking again what is missing. Pull: RegistryService.GetVersion
   * for the manifest, then DownloadVersion from offset 0, or from the end of the last verified
   * chunk after a cut.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public static final class TransferServiceStub
      extends io.grpc.stub.AbstractAsyncStub<TransferServiceStub> {
    private TransferServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TransferServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TransferServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns which of the given chunk digests the server does not store. A chunk quarantined by
     * MaintenanceService.CheckStore with `repair` (corrupt on disk) counts as not stored.
     * Role: editor on some model.
     * Errors: INVALID_ARGUMENT (INVALID_DIGEST; more than 10000 digests: TOO_MANY_DIGESTS).
     * </pre>
     */
    public void findMissingChunks(dev.modelreg.v1.FindMissingChunksRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.FindMissingChunksResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getFindMissingChunksMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Stores chunks. Each is decoded with a bound of its declared raw size and its sha256 checked
     * before it is written (write-once, fsync'd). Chunks stored before an error stay stored;
     * the failing one and those after it are not. A chunk the server already stores counts in
     * `existing_chunks` only if the stored copy is intact; a corrupt stored copy is quarantined and
     * replaced by the uploaded one (counted in `stored_chunks`).
     * Role: editor on some model.
     * Errors: INVALID_ARGUMENT (INVALID_DIGEST, INVALID_CODEC, CHUNK_SIZE_MISMATCH: decodes to more
     * or fewer bytes than `raw_size`, CORRUPT_CHUNK: not decodable, CHUNK_DIGEST_MISMATCH),
     * RESOURCE_EXHAUSTED (CHUNK_TOO_LARGE: `raw_size` above the server limit).
     * </pre>
     */
    public io.grpc.stub.StreamObserver<dev.modelreg.v1.UploadChunksRequest> uploadChunks(
        io.grpc.stub.StreamObserver<dev.modelreg.v1.UploadChunksResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncClientStreamingCall(
          getChannel().newCall(getUploadChunksMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * Streams a version's content as stored chunks, in manifest order (files by path, chunks in
     * file order), starting with the chunk that contains byte `offset` of that concatenation and,
     * when `end_offset` is set, ending with the chunk that contains byte `end_offset - 1` (a range:
     * a client with a local cache fetches only the chunks it lacks).
     * Frames are sent as stored, never recompressed.
     * Role: viewer on the model, checked when the download starts: a download that has started
     * finishes even if the caller's token or role is revoked meanwhile (it is one version the caller
     * could read, of bounded size); any later call, a resumed download included, is refused.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (VERSION_NOT_FOUND),
     * OUT_OF_RANGE (OFFSET_OUT_OF_RANGE: `offset` or `end_offset` outside the version),
     * DATA_LOSS (CHUNK_MISSING: the store lost a chunk;
     * CHUNK_CORRUPT: a stored chunk's header is damaged; other damage is caught by the client's
     * verification; `modelreg fsck --repair` then a push of the same content heals both).
     * </pre>
     */
    public void downloadVersion(dev.modelreg.v1.DownloadVersionRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.DownloadVersionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getDownloadVersionMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service TransferService.
   * <pre>
   * Moves model bytes as content-addressed chunks.
   * Push: FindMissingChunks -&gt; UploadChunks (only the missing ones) -&gt; RegistryService.CreateVersion.
   * An interrupted push resumes by asking again what is missing. Pull: RegistryService.GetVersion
   * for the manifest, then DownloadVersion from offset 0, or from the end of the last verified
   * chunk after a cut.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public static final class TransferServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<TransferServiceBlockingV2Stub> {
    private TransferServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TransferServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TransferServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns which of the given chunk digests the server does not store. A chunk quarantined by
     * MaintenanceService.CheckStore with `repair` (corrupt on disk) counts as not stored.
     * Role: editor on some model.
     * Errors: INVALID_ARGUMENT (INVALID_DIGEST; more than 10000 digests: TOO_MANY_DIGESTS).
     * </pre>
     */
    public dev.modelreg.v1.FindMissingChunksResponse findMissingChunks(dev.modelreg.v1.FindMissingChunksRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getFindMissingChunksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Stores chunks. Each is decoded with a bound of its declared raw size and its sha256 checked
     * before it is written (write-once, fsync'd). Chunks stored before an error stay stored;
     * the failing one and those after it are not. A chunk the server already stores counts in
     * `existing_chunks` only if the stored copy is intact; a corrupt stored copy is quarantined and
     * replaced by the uploaded one (counted in `stored_chunks`).
     * Role: editor on some model.
     * Errors: INVALID_ARGUMENT (INVALID_DIGEST, INVALID_CODEC, CHUNK_SIZE_MISMATCH: decodes to more
     * or fewer bytes than `raw_size`, CORRUPT_CHUNK: not decodable, CHUNK_DIGEST_MISMATCH),
     * RESOURCE_EXHAUSTED (CHUNK_TOO_LARGE: `raw_size` above the server limit).
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<dev.modelreg.v1.UploadChunksRequest, dev.modelreg.v1.UploadChunksResponse>
        uploadChunks() {
      return io.grpc.stub.ClientCalls.blockingClientStreamingCall(
          getChannel(), getUploadChunksMethod(), getCallOptions());
    }

    /**
     * <pre>
     * Streams a version's content as stored chunks, in manifest order (files by path, chunks in
     * file order), starting with the chunk that contains byte `offset` of that concatenation and,
     * when `end_offset` is set, ending with the chunk that contains byte `end_offset - 1` (a range:
     * a client with a local cache fetches only the chunks it lacks).
     * Frames are sent as stored, never recompressed.
     * Role: viewer on the model, checked when the download starts: a download that has started
     * finishes even if the caller's token or role is revoked meanwhile (it is one version the caller
     * could read, of bounded size); any later call, a resumed download included, is refused.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (VERSION_NOT_FOUND),
     * OUT_OF_RANGE (OFFSET_OUT_OF_RANGE: `offset` or `end_offset` outside the version),
     * DATA_LOSS (CHUNK_MISSING: the store lost a chunk;
     * CHUNK_CORRUPT: a stored chunk's header is damaged; other damage is caught by the client's
     * verification; `modelreg fsck --repair` then a push of the same content heals both).
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, dev.modelreg.v1.DownloadVersionResponse>
        downloadVersion(dev.modelreg.v1.DownloadVersionRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getDownloadVersionMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service TransferService.
   * <pre>
   * Moves model bytes as content-addressed chunks.
   * Push: FindMissingChunks -&gt; UploadChunks (only the missing ones) -&gt; RegistryService.CreateVersion.
   * An interrupted push resumes by asking again what is missing. Pull: RegistryService.GetVersion
   * for the manifest, then DownloadVersion from offset 0, or from the end of the last verified
   * chunk after a cut.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public static final class TransferServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<TransferServiceBlockingStub> {
    private TransferServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TransferServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TransferServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns which of the given chunk digests the server does not store. A chunk quarantined by
     * MaintenanceService.CheckStore with `repair` (corrupt on disk) counts as not stored.
     * Role: editor on some model.
     * Errors: INVALID_ARGUMENT (INVALID_DIGEST; more than 10000 digests: TOO_MANY_DIGESTS).
     * </pre>
     */
    public dev.modelreg.v1.FindMissingChunksResponse findMissingChunks(dev.modelreg.v1.FindMissingChunksRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getFindMissingChunksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams a version's content as stored chunks, in manifest order (files by path, chunks in
     * file order), starting with the chunk that contains byte `offset` of that concatenation and,
     * when `end_offset` is set, ending with the chunk that contains byte `end_offset - 1` (a range:
     * a client with a local cache fetches only the chunks it lacks).
     * Frames are sent as stored, never recompressed.
     * Role: viewer on the model, checked when the download starts: a download that has started
     * finishes even if the caller's token or role is revoked meanwhile (it is one version the caller
     * could read, of bounded size); any later call, a resumed download included, is refused.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE), NOT_FOUND (VERSION_NOT_FOUND),
     * OUT_OF_RANGE (OFFSET_OUT_OF_RANGE: `offset` or `end_offset` outside the version),
     * DATA_LOSS (CHUNK_MISSING: the store lost a chunk;
     * CHUNK_CORRUPT: a stored chunk's header is damaged; other damage is caught by the client's
     * verification; `modelreg fsck --repair` then a push of the same content heals both).
     * </pre>
     */
    public java.util.Iterator<dev.modelreg.v1.DownloadVersionResponse> downloadVersion(
        dev.modelreg.v1.DownloadVersionRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getDownloadVersionMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service TransferService.
   * <pre>
   * Moves model bytes as content-addressed chunks.
   * Push: FindMissingChunks -&gt; UploadChunks (only the missing ones) -&gt; RegistryService.CreateVersion.
   * An interrupted push resumes by asking again what is missing. Pull: RegistryService.GetVersion
   * for the manifest, then DownloadVersion from offset 0, or from the end of the last verified
   * chunk after a cut.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public static final class TransferServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<TransferServiceFutureStub> {
    private TransferServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected TransferServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new TransferServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns which of the given chunk digests the server does not store. A chunk quarantined by
     * MaintenanceService.CheckStore with `repair` (corrupt on disk) counts as not stored.
     * Role: editor on some model.
     * Errors: INVALID_ARGUMENT (INVALID_DIGEST; more than 10000 digests: TOO_MANY_DIGESTS).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.FindMissingChunksResponse> findMissingChunks(
        dev.modelreg.v1.FindMissingChunksRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getFindMissingChunksMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_FIND_MISSING_CHUNKS = 0;
  private static final int METHODID_DOWNLOAD_VERSION = 1;
  private static final int METHODID_UPLOAD_CHUNKS = 2;

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
        case METHODID_FIND_MISSING_CHUNKS:
          serviceImpl.findMissingChunks((dev.modelreg.v1.FindMissingChunksRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.FindMissingChunksResponse>) responseObserver);
          break;
        case METHODID_DOWNLOAD_VERSION:
          serviceImpl.downloadVersion((dev.modelreg.v1.DownloadVersionRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.DownloadVersionResponse>) responseObserver);
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
        case METHODID_UPLOAD_CHUNKS:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.uploadChunks(
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.UploadChunksResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getFindMissingChunksMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.FindMissingChunksRequest,
              dev.modelreg.v1.FindMissingChunksResponse>(
                service, METHODID_FIND_MISSING_CHUNKS)))
        .addMethod(
          getUploadChunksMethod(),
          io.grpc.stub.ServerCalls.asyncClientStreamingCall(
            new MethodHandlers<
              dev.modelreg.v1.UploadChunksRequest,
              dev.modelreg.v1.UploadChunksResponse>(
                service, METHODID_UPLOAD_CHUNKS)))
        .addMethod(
          getDownloadVersionMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              dev.modelreg.v1.DownloadVersionRequest,
              dev.modelreg.v1.DownloadVersionResponse>(
                service, METHODID_DOWNLOAD_VERSION)))
        .build();
  }

  private static abstract class TransferServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    TransferServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.modelreg.v1.TransferServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("TransferService");
    }
  }

  private static final class TransferServiceFileDescriptorSupplier
      extends TransferServiceBaseDescriptorSupplier {
    TransferServiceFileDescriptorSupplier() {}
  }

  private static final class TransferServiceMethodDescriptorSupplier
      extends TransferServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    TransferServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (TransferServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new TransferServiceFileDescriptorSupplier())
              .addMethod(getFindMissingChunksMethod())
              .addMethod(getUploadChunksMethod())
              .addMethod(getDownloadVersionMethod())
              .build();
        }
      }
    }
    return result;
  }
}
