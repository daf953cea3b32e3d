package dev.modelreg.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * The event log: every mutation, in order, as it happens.
 * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
 * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class EventServiceGrpc {

  private EventServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "modelreg.v1.EventService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.WatchRequest,
      dev.modelreg.v1.WatchResponse> getWatchMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Watch",
      requestType = dev.modelreg.v1.WatchRequest.class,
      responseType = dev.modelreg.v1.WatchResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.WatchRequest,
      dev.modelreg.v1.WatchResponse> getWatchMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.WatchRequest, dev.modelreg.v1.WatchResponse> getWatchMethod;
    if ((getWatchMethod = EventServiceGrpc.getWatchMethod) == null) {
      synchronized (EventServiceGrpc.class) {
        if ((getWatchMethod = EventServiceGrpc.getWatchMethod) == null) {
          EventServiceGrpc.getWatchMethod = getWatchMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.WatchRequest, dev.modelreg.v1.WatchResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Watch"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.WatchRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.WatchResponse.getDefaultInstance()))
              .setSchemaDescriptor(new EventServiceMethodDescriptorSupplier("Watch"))
              .build();
        }
      }
    }
    return getWatchMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.GetEventHeadRequest,
      dev.modelreg.v1.GetEventHeadResponse> getGetEventHeadMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetEventHead",
      requestType = dev.modelreg.v1.GetEventHeadRequest.class,
      responseType = dev.modelreg.v1.GetEventHeadResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.GetEventHeadRequest,
      dev.modelreg.v1.GetEventHeadResponse> getGetEventHeadMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.GetEventHeadRequest, dev.modelreg.v1.GetEventHeadResponse> getGetEventHeadMethod;
    if ((getGetEventHeadMethod = EventServiceGrpc.getGetEventHeadMethod) == null) {
      synchronized (EventServiceGrpc.class) {
        if ((getGetEventHeadMethod = EventServiceGrpc.getGetEventHeadMethod) == null) {
          EventServiceGrpc.getGetEventHeadMethod = getGetEventHeadMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.GetEventHeadRequest, dev.modelreg.v1.GetEventHeadResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetEventHead"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GetEventHeadRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GetEventHeadResponse.getDefaultInstance()))
              .setSchemaDescriptor(new EventServiceMethodDescriptorSupplier("GetEventHead"))
              .build();
        }
      }
    }
    return getGetEventHeadMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static EventServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<EventServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<EventServiceStub>() {
        @java.lang.Override
        public EventServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new EventServiceStub(channel, callOptions);
        }
      };
    return EventServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static EventServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<EventServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<EventServiceBlockingV2Stub>() {
        @java.lang.Override
        public EventServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new EventServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return EventServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static EventServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<EventServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<EventServiceBlockingStub>() {
        @java.lang.Override
        public EventServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new EventServiceBlockingStub(channel, callOptions);
        }
      };
    return EventServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static EventServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<EventServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<EventServiceFutureStub>() {
        @java.lang.Override
        public EventServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new EventServiceFutureStub(channel, callOptions);
        }
      };
    return EventServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * The event log: every mutation, in order, as it happens.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Streams the events after `after_sequence` that match the filters (replaying what is stored),
     * then keeps streaming new ones as they are committed. The first message is always a progress
     * message carrying the sequence the stream starts after (the head, without `after_sequence`);
     * between events, a progress message carries the head sequence every `progress_interval`.
     * `filter` and the shorthand lists are ANDed; values within one list are ORed (each list is
     * the filter `model = "a" OR model = "b"`, and so on). To resume, pass the sequence of the last
     * event handled.
     * Role: viewer on every model in `models`; without `models`, viewer on some model. Only events
     * of models the caller may read are sent (governance events only to global admins).
     * Revocation applies to an open stream: the server re-reads the caller's token and roles before
     * it sends events (at once after any governance change, otherwise at most every 0.5 s) and at
     * least every 2 s while idle, so the stream never sends an event the caller may no longer read,
     * and within 5 s of the change it ends with UNAUTHENTICATED (TOKEN_REVOKED; TOKEN_EXPIRED when
     * the token's ttl runs out; TOKEN_INVALID when the principal was deleted) or PERMISSION_DENIED
     * (ROLE_REQUIRED: a model in `models` is no longer readable, or, without `models`, no model
     * is). An unfiltered stream whose caller can still read some models goes on, leaving out the
     * models it lost. Clients must not reconnect after these codes with the same token.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, INVALID_EVENT_TYPE, INVALID_INTERVAL,
     * INVALID_CURSOR: negative, TOO_MANY_FILTERS: a filter list of more than 100, INVALID_FILTER
     * with metadata `position` and `expected`, FILTER_TOO_LONG, FILTER_TOO_COMPLEX),
     * OUT_OF_RANGE (CURSOR_COMPACTED: events after the cursor are no longer kept, resync;
     * CURSOR_AHEAD: the cursor is past the head, e.g. the data directory was replaced),
     * UNAUTHENTICATED and PERMISSION_DENIED (ROLE_REQUIRED) at the start or, as above, later.
     * </pre>
     */
    default void watch(dev.modelreg.v1.WatchRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.WatchResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns the current head sequence and the oldest sequence still kept.
     * Role: any.
     * Errors: none beyond transport errors.
     * </pre>
     */
    default void getEventHead(dev.modelreg.v1.GetEventHeadRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GetEventHeadResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetEventHeadMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service EventService.
   * <pre>
   * The event log: every mutation, in order, as it happens.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public static abstract class EventServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return EventServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service EventService.
   * <pre>
   * The event log: every mutation, in order, as it happens.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public static final class EventServiceStub
      extends io.grpc.stub.AbstractAsyncStub<EventServiceStub> {
    private EventServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected EventServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new EventServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Streams the events after `after_sequence` that match the filters (replaying what is stored),
     * then keeps streaming new ones as they are committed. The first message is always a progress
     * message carrying the sequence the stream starts after (the head, without `after_sequence`);
     * between events, a progress message carries the head sequence every `progress_interval`.
     * `filter` and the shorthand lists are ANDed; values within one list are ORed (each list is
     * the filter `model = "a" OR model = "b"`, and so on). To resume, pass the sequence of the last
     * event handled.
     * Role: viewer on every model in `models`; without `models`, viewer on some model. Only events
     * of models the caller may read are sent (governance events only to global admins).
     * Revocation applies to an open stream: the server re-reads the caller's token and roles before
     * it sends events (at once after any governance change, otherwise at most every 0.5 s) and at
     * least every 2 s while idle, so the stream never sends an event the caller may no longer read,
     * and within 5 s of the change it ends with UNAUTHENTICATED (TOKEN_REVOKED; TOKEN_EXPIRED when
     * the token's ttl runs out; TOKEN_INVALID when the principal was deleted) or PERMISSION_DENIED
     * (ROLE_REQUIRED: a model in `models` is no longer readable, or, without `models`, no model
     * is). An unfiltered stream whose caller can still read some models goes on, leaving out the
     * models it lost. Clients must not reconnect after these codes with the same token.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, INVALID_EVENT_TYPE, INVALID_INTERVAL,
     * INVALID_CURSOR: negative, TOO_MANY_FILTERS: a filter list of more than 100, INVALID_FILTER
     * with metadata `position` and `expected`, FILTER_TOO_LONG, FILTER_TOO_COMPLEX),
     * OUT_OF_RANGE (CURSOR_COMPACTED: events after the cursor are no longer kept, resync;
     * CURSOR_AHEAD: the cursor is past the head, e.g. the data directory was replaced),
     * UNAUTHENTICATED and PERMISSION_DENIED (ROLE_REQUIRED) at the start or, as above, later.
     * </pre>
     */
    public void watch(dev.modelreg.v1.WatchRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.WatchResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns the current head sequence and the oldest sequence still kept.
     * Role: any.
     * Errors: none beyond transport errors.
     * </pre>
     */
    public void getEventHead(dev.modelreg.v1.GetEventHeadRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GetEventHeadResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetEventHeadMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service EventService.
   * <pre>
   * The event log: every mutation, in order, as it happens.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public static final class EventServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<EventServiceBlockingV2Stub> {
    private EventServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected EventServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new EventServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Streams the events after `after_sequence` that match the filters (replaying what is stored),
     * then keeps streaming new ones as they are committed. The first message is always a progress
     * message carrying the sequence the stream starts after (the head, without `after_sequence`);
     * between events, a progress message carries the head sequence every `progress_interval`.
     * `filter` and the shorthand lists are ANDed; values within one list are ORed (each list is
     * the filter `model = "a" OR model = "b"`, and so on). To resume, pass the sequence of the last
     * event handled.
     * Role: viewer on every model in `models`; without `models`, viewer on some model. Only events
     * of models the caller may read are sent (governance events only to global admins).
     * Revocation applies to an open stream: the server re-reads the caller's token and roles before
     * it sends events (at once after any governance change, otherwise at most every 0.5 s) and at
     * least every 2 s while idle, so the stream never sends an event the caller may no longer read,
     * and within 5 s of the change it ends with UNAUTHENTICATED (TOKEN_REVOKED; TOKEN_EXPIRED when
     * the token's ttl runs out; TOKEN_INVALID when the principal was deleted) or PERMISSION_DENIED
     * (ROLE_REQUIRED: a model in `models` is no longer readable, or, without `models`, no model
     * is). An unfiltered stream whose caller can still read some models goes on, leaving out the
     * models it lost. Clients must not reconnect after these codes with the same token.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, INVALID_EVENT_TYPE, INVALID_INTERVAL,
     * INVALID_CURSOR: negative, TOO_MANY_FILTERS: a filter list of more than 100, INVALID_FILTER
     * with metadata `position` and `expected`, FILTER_TOO_LONG, FILTER_TOO_COMPLEX),
     * OUT_OF_RANGE (CURSOR_COMPACTED: events after the cursor are no longer kept, resync;
     * CURSOR_AHEAD: the cursor is past the head, e.g. the data directory was replaced),
     * UNAUTHENTICATED and PERMISSION_DENIED (ROLE_REQUIRED) at the start or, as above, later.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, dev.modelreg.v1.WatchResponse>
        watch(dev.modelreg.v1.WatchRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getWatchMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the current head sequence and the oldest sequence still kept.
     * Role: any.
     * Errors: none beyond transport errors.
     * </pre>
     */
    public dev.modelreg.v1.GetEventHeadResponse getEventHead(dev.modelreg.v1.GetEventHeadRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetEventHeadMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service EventService.
   * <pre>
   * The event log: every mutation, in order, as it happens.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public static final class EventServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<EventServiceBlockingStub> {
    private EventServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected EventServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new EventServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Streams the events after `after_sequence` that match the filters (replaying what is stored),
     * then keeps streaming new ones as they are committed. The first message is always a progress
     * message carrying the sequence the stream starts after (the head, without `after_sequence`);
     * between events, a progress message carries the head sequence every `progress_interval`.
     * `filter` and the shorthand lists are ANDed; values within one list are ORed (each list is
     * the filter `model = "a" OR model = "b"`, and so on). To resume, pass the sequence of the last
     * event handled.
     * Role: viewer on every model in `models`; without `models`, viewer on some model. Only events
     * of models the caller may read are sent (governance events only to global admins).
     * Revocation applies to an open stream: the server re-reads the caller's token and roles before
     * it sends events (at once after any governance change, otherwise at most every 0.5 s) and at
     * least every 2 s while idle, so the stream never sends an event the caller may no longer read,
     * and within 5 s of the change it ends with UNAUTHENTICATED (TOKEN_REVOKED; TOKEN_EXPIRED when
     * the token's ttl runs out; TOKEN_INVALID when the principal was deleted) or PERMISSION_DENIED
     * (ROLE_REQUIRED: a model in `models` is no longer readable, or, without `models`, no model
     * is). An unfiltered stream whose caller can still read some models goes on, leaving out the
     * models it lost. Clients must not reconnect after these codes with the same token.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, INVALID_EVENT_TYPE, INVALID_INTERVAL,
     * INVALID_CURSOR: negative, TOO_MANY_FILTERS: a filter list of more than 100, INVALID_FILTER
     * with metadata `position` and `expected`, FILTER_TOO_LONG, FILTER_TOO_COMPLEX),
     * OUT_OF_RANGE (CURSOR_COMPACTED: events after the cursor are no longer kept, resync;
     * CURSOR_AHEAD: the cursor is past the head, e.g. the data directory was replaced),
     * UNAUTHENTICATED and PERMISSION_DENIED (ROLE_REQUIRED) at the start or, as above, later.
     * </pre>
     */
    public java.util.Iterator<dev.modelreg.v1.WatchResponse> watch(
        dev.modelreg.v1.WatchRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the current head sequence and the oldest sequence still kept.
     * Role: any.
     * Errors: none beyond transport errors.
     * </pre>
     */
    public dev.modelreg.v1.GetEventHeadResponse getEventHead(dev.modelreg.v1.GetEventHeadRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetEventHeadMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service EventService.
   * <pre>
   * The event log: every mutation, in order, as it happens.
   * With authentication on, every call can also fail with UNAUTHENTICATED (a missing or bad token)
   * or PERMISSION_DENIED (ROLE_REQUIRED, ALIAS_PROTECTED); see AccessService for roles.
   * </pre>
   */
  public static final class EventServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<EventServiceFutureStub> {
    private EventServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected EventServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new EventServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns the current head sequence and the oldest sequence still kept.
     * Role: any.
     * Errors: none beyond transport errors.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.GetEventHeadResponse> getEventHead(
        dev.modelreg.v1.GetEventHeadRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetEventHeadMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_WATCH = 0;
  private static final int METHODID_GET_EVENT_HEAD = 1;

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
        case METHODID_WATCH:
          serviceImpl.watch((dev.modelreg.v1.WatchRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.WatchResponse>) responseObserver);
          break;
        case METHODID_GET_EVENT_HEAD:
          serviceImpl.getEventHead((dev.modelreg.v1.GetEventHeadRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.GetEventHeadResponse>) responseObserver);
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
          getWatchMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              dev.modelreg.v1.WatchRequest,
              dev.modelreg.v1.WatchResponse>(
                service, METHODID_WATCH)))
        .addMethod(
          getGetEventHeadMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.GetEventHeadRequest,
              dev.modelreg.v1.GetEventHeadResponse>(
                service, METHODID_GET_EVENT_HEAD)))
        .build();
  }

  private static abstract class EventServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    EventServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.modelreg.v1.EventServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("EventService");
    }
  }

  private static final class EventServiceFileDescriptorSupplier
      extends EventServiceBaseDescriptorSupplier {
    EventServiceFileDescriptorSupplier() {}
  }

  private static final class EventServiceMethodDescriptorSupplier
      extends EventServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    EventServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (EventServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new EventServiceFileDescriptorSupplier())
              .addMethod(getWatchMethod())
              .addMethod(getGetEventHeadMethod())
              .build();
        }
      }
    }
    return result;
  }
}
