package dev.modelreg.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Automations: webhooks that tell other systems (an evaluation job, a deployment pipeline, a chat
 * channel) about registry events, reliably.
 * Each webhook is a durable watcher with its own cursor in the event log. The server delivers
 * every matching event at least once, in sequence order per webhook, across restarts: a delivery
 * is retried with exponential backoff and jitter up to a bounded number of attempts, then marked
 * failed (or, with FAILURE_POLICY_PAUSE, the webhook pauses). Redeliveries keep the same
 * `webhook-id` header so receivers can de-duplicate. Every attempt is recorded.
 * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE).
 * A request that fails changes nothing. Each filter list of a webhook holds at most 100 values
 * (INVALID_ARGUMENT, TOO_MANY_FILTERS). List pages hold at most `page_size` items and end early
 * once their items would pass 2 MiB serialised (the first item always comes): a page may hold
 * fewer items than asked for; follow `next_page_token` until it is empty.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class AutomationServiceGrpc {

  private AutomationServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "modelreg.v1.AutomationService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.CreateWebhookRequest,
      dev.modelreg.v1.CreateWebhookResponse> getCreateWebhookMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateWebhook",
      requestType = dev.modelreg.v1.CreateWebhookRequest.class,
      responseType = dev.modelreg.v1.CreateWebhookResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.CreateWebhookRequest,
      dev.modelreg.v1.CreateWebhookResponse> getCreateWebhookMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.CreateWebhookRequest, dev.modelreg.v1.CreateWebhookResponse> getCreateWebhookMethod;
    if ((getCreateWebhookMethod = AutomationServiceGrpc.getCreateWebhookMethod) == null) {
      synchronized (AutomationServiceGrpc.class) {
        if ((getCreateWebhookMethod = AutomationServiceGrpc.getCreateWebhookMethod) == null) {
          AutomationServiceGrpc.getCreateWebhookMethod = getCreateWebhookMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.CreateWebhookRequest, dev.modelreg.v1.CreateWebhookResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateWebhook"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CreateWebhookRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CreateWebhookResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AutomationServiceMethodDescriptorSupplier("CreateWebhook"))
              .build();
        }
      }
    }
    return getCreateWebhookMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.GetWebhookRequest,
      dev.modelreg.v1.GetWebhookResponse> getGetWebhookMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetWebhook",
      requestType = dev.modelreg.v1.GetWebhookRequest.class,
      responseType = dev.modelreg.v1.GetWebhookResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.GetWebhookRequest,
      dev.modelreg.v1.GetWebhookResponse> getGetWebhookMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.GetWebhookRequest, dev.modelreg.v1.GetWebhookResponse> getGetWebhookMethod;
    if ((getGetWebhookMethod = AutomationServiceGrpc.getGetWebhookMethod) == null) {
      synchronized (AutomationServiceGrpc.class) {
        if ((getGetWebhookMethod = AutomationServiceGrpc.getGetWebhookMethod) == null) {
          AutomationServiceGrpc.getGetWebhookMethod = getGetWebhookMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.GetWebhookRequest, dev.modelreg.v1.GetWebhookResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetWebhook"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GetWebhookRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GetWebhookResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AutomationServiceMethodDescriptorSupplier("GetWebhook"))
              .build();
        }
      }
    }
    return getGetWebhookMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.ListWebhooksRequest,
      dev.modelreg.v1.ListWebhooksResponse> getListWebhooksMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListWebhooks",
      requestType = dev.modelreg.v1.ListWebhooksRequest.class,
      responseType = dev.modelreg.v1.ListWebhooksResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.ListWebhooksRequest,
      dev.modelreg.v1.ListWebhooksResponse> getListWebhooksMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.ListWebhooksRequest, dev.modelreg.v1.ListWebhooksResponse> getListWebhooksMethod;
    if ((getListWebhooksMethod = AutomationServiceGrpc.getListWebhooksMethod) == null) {
      synchronized (AutomationServiceGrpc.class) {
        if ((getListWebhooksMethod = AutomationServiceGrpc.getListWebhooksMethod) == null) {
          AutomationServiceGrpc.getListWebhooksMethod = getListWebhooksMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.ListWebhooksRequest, dev.modelreg.v1.ListWebhooksResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListWebhooks"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListWebhooksRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListWebhooksResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AutomationServiceMethodDescriptorSupplier("ListWebhooks"))
              .build();
        }
      }
    }
    return getListWebhooksMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.UpdateWebhookRequest,
      dev.modelreg.v1.UpdateWebhookResponse> getUpdateWebhookMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateWebhook",
      requestType = dev.modelreg.v1.UpdateWebhookRequest.class,
      responseType = dev.modelreg.v1.UpdateWebhookResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.UpdateWebhookRequest,
      dev.modelreg.v1.UpdateWebhookResponse> getUpdateWebhookMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.UpdateWebhookRequest, dev.modelreg.v1.UpdateWebhookResponse> getUpdateWebhookMethod;
    if ((getUpdateWebhookMethod = AutomationServiceGrpc.getUpdateWebhookMethod) == null) {
      synchronized (AutomationServiceGrpc.class) {
        if ((getUpdateWebhookMethod = AutomationServiceGrpc.getUpdateWebhookMethod) == null) {
          AutomationServiceGrpc.getUpdateWebhookMethod = getUpdateWebhookMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.UpdateWebhookRequest, dev.modelreg.v1.UpdateWebhookResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateWebhook"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.UpdateWebhookRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.UpdateWebhookResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AutomationServiceMethodDescriptorSupplier("UpdateWebhook"))
              .build();
        }
      }
    }
    return getUpdateWebhookMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.DeleteWebhookRequest,
      dev.modelreg.v1.DeleteWebhookResponse> getDeleteWebhookMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteWebhook",
      requestType = dev.modelreg.v1.DeleteWebhookRequest.class,
      responseType = dev.modelreg.v1.DeleteWebhookResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.DeleteWebhookRequest,
      dev.modelreg.v1.DeleteWebhookResponse> getDeleteWebhookMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.DeleteWebhookRequest, dev.modelreg.v1.DeleteWebhookResponse> getDeleteWebhookMethod;
    if ((getDeleteWebhookMethod = AutomationServiceGrpc.getDeleteWebhookMethod) == null) {
      synchronized (AutomationServiceGrpc.class) {
        if ((getDeleteWebhookMethod = AutomationServiceGrpc.getDeleteWebhookMethod) == null) {
          AutomationServiceGrpc.getDeleteWebhookMethod = getDeleteWebhookMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.DeleteWebhookRequest, dev.modelreg.v1.DeleteWebhookResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteWebhook"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.DeleteWebhookRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.DeleteWebhookResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AutomationServiceMethodDescriptorSupplier("DeleteWebhook"))
              .build();
        }
      }
    }
    return getDeleteWebhookMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.TestWebhookRequest,
      dev.modelreg.v1.TestWebhookResponse> getTestWebhookMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "TestWebhook",
      requestType = dev.modelreg.v1.TestWebhookRequest.class,
      responseType = dev.modelreg.v1.TestWebhookResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.TestWebhookRequest,
      dev.modelreg.v1.TestWebhookResponse> getTestWebhookMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.TestWebhookRequest, dev.modelreg.v1.TestWebhookResponse> getTestWebhookMethod;
    if ((getTestWebhookMethod = AutomationServiceGrpc.getTestWebhookMethod) == null) {
      synchronized (AutomationServiceGrpc.class) {
        if ((getTestWebhookMethod = AutomationServiceGrpc.getTestWebhookMethod) == null) {
          AutomationServiceGrpc.getTestWebhookMethod = getTestWebhookMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.TestWebhookRequest, dev.modelreg.v1.TestWebhookResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "TestWebhook"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.TestWebhookRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.TestWebhookResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AutomationServiceMethodDescriptorSupplier("TestWebhook"))
              .build();
        }
      }
    }
    return getTestWebhookMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.ListWebhookDeliveriesRequest,
      dev.modelreg.v1.ListWebhookDeliveriesResponse> getListWebhookDeliveriesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListWebhookDeliveries",
      requestType = dev.modelreg.v1.ListWebhookDeliveriesRequest.class,
      responseType = dev.modelreg.v1.ListWebhookDeliveriesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.ListWebhookDeliveriesRequest,
      dev.modelreg.v1.ListWebhookDeliveriesResponse> getListWebhookDeliveriesMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.ListWebhookDeliveriesRequest, dev.modelreg.v1.ListWebhookDeliveriesResponse> getListWebhookDeliveriesMethod;
    if ((getListWebhookDeliveriesMethod = AutomationServiceGrpc.getListWebhookDeliveriesMethod) == null) {
      synchronized (AutomationServiceGrpc.class) {
        if ((getListWebhookDeliveriesMethod = AutomationServiceGrpc.getListWebhookDeliveriesMethod) == null) {
          AutomationServiceGrpc.getListWebhookDeliveriesMethod = getListWebhookDeliveriesMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.ListWebhookDeliveriesRequest, dev.modelreg.v1.ListWebhookDeliveriesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListWebhookDeliveries"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListWebhookDeliveriesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListWebhookDeliveriesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AutomationServiceMethodDescriptorSupplier("ListWebhookDeliveries"))
              .build();
        }
      }
    }
    return getListWebhookDeliveriesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.RetryWebhookDeliveryRequest,
      dev.modelreg.v1.RetryWebhookDeliveryResponse> getRetryWebhookDeliveryMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RetryWebhookDelivery",
      requestType = dev.modelreg.v1.RetryWebhookDeliveryRequest.class,
      responseType = dev.modelreg.v1.RetryWebhookDeliveryResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.RetryWebhookDeliveryRequest,
      dev.modelreg.v1.RetryWebhookDeliveryResponse> getRetryWebhookDeliveryMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.RetryWebhookDeliveryRequest, dev.modelreg.v1.RetryWebhookDeliveryResponse> getRetryWebhookDeliveryMethod;
    if ((getRetryWebhookDeliveryMethod = AutomationServiceGrpc.getRetryWebhookDeliveryMethod) == null) {
      synchronized (AutomationServiceGrpc.class) {
        if ((getRetryWebhookDeliveryMethod = AutomationServiceGrpc.getRetryWebhookDeliveryMethod) == null) {
          AutomationServiceGrpc.getRetryWebhookDeliveryMethod = getRetryWebhookDeliveryMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.RetryWebhookDeliveryRequest, dev.modelreg.v1.RetryWebhookDeliveryResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RetryWebhookDelivery"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.RetryWebhookDeliveryRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.RetryWebhookDeliveryResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AutomationServiceMethodDescriptorSupplier("RetryWebhookDelivery"))
              .build();
        }
      }
    }
    return getRetryWebhookDeliveryMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AutomationServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AutomationServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AutomationServiceStub>() {
        @java.lang.Override
        public AutomationServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AutomationServiceStub(channel, callOptions);
        }
      };
    return AutomationServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static AutomationServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AutomationServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AutomationServiceBlockingV2Stub>() {
        @java.lang.Override
        public AutomationServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AutomationServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return AutomationServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AutomationServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AutomationServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AutomationServiceBlockingStub>() {
        @java.lang.Override
        public AutomationServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AutomationServiceBlockingStub(channel, callOptions);
        }
      };
    return AutomationServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AutomationServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AutomationServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AutomationServiceFutureStub>() {
        @java.lang.Override
        public AutomationServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AutomationServiceFutureStub(channel, callOptions);
        }
      };
    return AutomationServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Automations: webhooks that tell other systems (an evaluation job, a deployment pipeline, a chat
   * channel) about registry events, reliably.
   * Each webhook is a durable watcher with its own cursor in the event log. The server delivers
   * every matching event at least once, in sequence order per webhook, across restarts: a delivery
   * is retried with exponential backoff and jitter up to a bounded number of attempts, then marked
   * failed (or, with FAILURE_POLICY_PAUSE, the webhook pauses). Redeliveries keep the same
   * `webhook-id` header so receivers can de-duplicate. Every attempt is recorded.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE).
   * A request that fails changes nothing. Each filter list of a webhook holds at most 100 values
   * (INVALID_ARGUMENT, TOO_MANY_FILTERS). List pages hold at most `page_size` items and end early
   * once their items would pass 2 MiB serialised (the first item always comes): a page may hold
   * fewer items than asked for; follow `next_page_token` until it is empty.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Creates a webhook. Delivery starts with the events committed after it is created. When
     * `webhook.secret` is empty the server generates one; the response is the only place the secret
     * is ever returned.
     * Errors: INVALID_ARGUMENT (INVALID_NAME: bad webhook_id, INVALID_TARGET: not an absolute
     * http(s) URL with an ASCII host and without user info, or a malformed address,
     * TARGET_NOT_ALLOWED: the host is outside the server's allow-list, or is an inward address
     * (loopback, private, CGNAT, link-local, unique-local, multicast, unspecified, reserved, cloud
     * metadata; in any spelling, IPv4-mapped/NAT64/6to4 included) or name (`localhost`) that
     * `serve --webhook-allow` does not name: metadata `host`, `address_class`; see
     * docs/automations.md, INVALID_SECRET: not `whsec_` + base64 of 24..64 bytes, INVALID_FILTER: a
     * bad model or alias pattern or `filter` (metadata `position`, `expected`), FILTER_TOO_LONG,
     * FILTER_TOO_COMPLEX, INVALID_EVENT_TYPE, INVALID_FORMAT, INVALID_POLICY,
     * INVALID_STATE: PAUSED cannot be requested, INVALID_DESCRIPTION: over 4096 characters),
     * ALREADY_EXISTS (WEBHOOK_ALREADY_EXISTS).
     * </pre>
     */
    default void createWebhook(dev.modelreg.v1.CreateWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateWebhookResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateWebhookMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns one webhook (without its secret).
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    default void getWebhook(dev.modelreg.v1.GetWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GetWebhookResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetWebhookMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists webhooks by id, ascending (without their secrets).
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE).
     * </pre>
     */
    default void listWebhooks(dev.modelreg.v1.ListWebhooksRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListWebhooksResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListWebhooksMethod(), responseObserver);
    }

    /**
     * <pre>
     * Updates a webhook; `update_mask` paths: `target_url`, `models`, `event_types`, `aliases`,
     * `filter`, `payload_format`, `secret`, `state`, `on_failure`, `description`. Filters apply to events not
     * yet queued. Enabling a PAUSED webhook retries its held delivery with fresh attempts; enabling a
     * DISABLED one starts from the events committed after that moment.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_UPDATE_MASK and the validation reasons of
     * CreateWebhook), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    default void updateWebhook(dev.modelreg.v1.UpdateWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.UpdateWebhookResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateWebhookMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a webhook with its deliveries and their history; nothing more is sent.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    default void deleteWebhook(dev.modelreg.v1.DeleteWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.DeleteWebhookResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteWebhookMethod(), responseObserver);
    }

    /**
     * <pre>
     * Sends a signed `webhook.ping` to the target now, once, outside the queue (it neither waits
     * behind nor delays queued deliveries), and returns the delivery with its attempt. A failed ping
     * is reported in the delivery, not as an error, and can be retried like any failed delivery.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    default void testWebhook(dev.modelreg.v1.TestWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.TestWebhookResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getTestWebhookMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists a webhook's deliveries, newest first, each with its attempts.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE, INVALID_STATUS),
     * NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    default void listWebhookDeliveries(dev.modelreg.v1.ListWebhookDeliveriesRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListWebhookDeliveriesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListWebhookDeliveriesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Queues a FAILED delivery again, ahead of the webhook's other pending deliveries, with fresh
     * attempts and the same `webhook-id`.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND, DELIVERY_NOT_FOUND),
     * FAILED_PRECONDITION (DELIVERY_NOT_FAILED: it is pending or succeeded).
     * </pre>
     */
    default void retryWebhookDelivery(dev.modelreg.v1.RetryWebhookDeliveryRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.RetryWebhookDeliveryResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRetryWebhookDeliveryMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service AutomationService.
   * <pre>
   * Automations: webhooks that tell other systems (an evaluation job, a deployment pipeline, a chat
   * channel) about registry events, reliably.
   * Each webhook is a durable watcher with its own cursor in the event log. The server delivers
   * every matching event at least once, in sequence order per webhook, across restarts: a delivery
   * is retried with exponential backoff and jitter up to a bounded number of attempts, then marked
   * failed (or, with FAILURE_POLICY_PAUSE, the webhook pauses). Redeliveries keep the same
   * `webhook-id` header so receivers can de-duplicate. Every attempt is recorded.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE).
   * A request that fails changes nothing. Each filter list of a webhook holds at most 100 values
   * (INVALID_ARGUMENT, TOO_MANY_FILTERS). List pages hold at most `page_size` items and end early
   * once their items would pass 2 MiB serialised (the first item always comes): a page may hold
   * fewer items than asked for; follow `next_page_token` until it is empty.
   * </pre>
   */
  public static abstract class AutomationServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return AutomationServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service AutomationService.
   * <pre>
   * Automations: webhooks that tell other systems (an evaluation job, a deployment pipeline, a chat
   * channel) about registry events, reliably.
   * Each webhook is a durable watcher with its own cursor in the event log. The server delivers
   * every matching event at least once, in sequence order per webhook, across restarts: a delivery
   * is retried with exponential backoff and jitter up to a bounded number of attempts, then marked
   * failed (or, with FAILURE_POLICY_PAUSE, the webhook pauses). Redeliveries keep the same
   * `webhook-id` header so receivers can de-duplicate. Every attempt is recorded.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE).
   * A request that fails changes nothing. Each filter list of a webhook holds at most 100 values
   * (INVALID_ARGUMENT, TOO_MANY_FILTERS). List pages hold at most `page_size` items and end early
   * once their items would pass 2 MiB serialised (the first item always comes): a page may hold
   * fewer items than asked for; follow `next_page_token` until it is empty.
   * </pre>
   */
  public static final class AutomationServiceStub
      extends io.grpc.stub.AbstractAsyncStub<AutomationServiceStub> {
    private AutomationServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AutomationServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AutomationServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a webhook. Delivery starts with the events committed after it is created. When
     * `webhook.secret` is empty the server generates one; the response is the only place the secret
     * is ever returned.
     * Errors: INVALID_ARGUMENT (INVALID_NAME: bad webhook_id, INVALID_TARGET: not an absolute
     * http(s) URL with an ASCII host and without user info, or a malformed address,
     * TARGET_NOT_ALLOWED: the host is outside the server's allow-list, or is an inward address
     * (loopback, private, CGNAT, link-local, unique-local, multicast, unspecified, reserved, cloud
     * metadata; in any spelling, IPv4-mapped/NAT64/6to4 included) or name (`localhost`) that
     * `serve --webhook-allow` does not name: metadata `host`, `address_class`; see
     * docs/automations.md, INVALID_SECRET: not `whsec_` + base64 of 24..64 bytes, INVALID_FILTER: a
     * bad model or alias pattern or `filter` (metadata `position`, `expected`), FILTER_TOO_LONG,
     * FILTER_TOO_COMPLEX, INVALID_EVENT_TYPE, INVALID_FORMAT, INVALID_POLICY,
     * INVALID_STATE: PAUSED cannot be requested, INVALID_DESCRIPTION: over 4096 characters),
     * ALREADY_EXISTS (WEBHOOK_ALREADY_EXISTS).
     * </pre>
     */
    public void createWebhook(dev.modelreg.v1.CreateWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateWebhookResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateWebhookMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns one webhook (without its secret).
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public void getWebhook(dev.modelreg.v1.GetWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GetWebhookResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetWebhookMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists webhooks by id, ascending (without their secrets).
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE).
     * </pre>
     */
    public void listWebhooks(dev.modelreg.v1.ListWebhooksRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListWebhooksResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListWebhooksMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Updates a webhook; `update_mask` paths: `target_url`, `models`, `event_types`, `aliases`,
     * `filter`, `payload_format`, `secret`, `state`, `on_failure`, `description`. Filters apply to events not
     * yet queued. Enabling a PAUSED webhook retries its held delivery with fresh attempts; enabling a
     * DISABLED one starts from the events committed after that moment.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_UPDATE_MASK and the validation reasons of
     * CreateWebhook), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public void updateWebhook(dev.modelreg.v1.UpdateWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.UpdateWebhookResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateWebhookMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a webhook with its deliveries and their history; nothing more is sent.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public void deleteWebhook(dev.modelreg.v1.DeleteWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.DeleteWebhookResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteWebhookMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Sends a signed `webhook.ping` to the target now, once, outside the queue (it neither waits
     * behind nor delays queued deliveries), and returns the delivery with its attempt. A failed ping
     * is reported in the delivery, not as an error, and can be retried like any failed delivery.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public void testWebhook(dev.modelreg.v1.TestWebhookRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.TestWebhookResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getTestWebhookMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists a webhook's deliveries, newest first, each with its attempts.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE, INVALID_STATUS),
     * NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public void listWebhookDeliveries(dev.modelreg.v1.ListWebhookDeliveriesRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListWebhookDeliveriesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListWebhookDeliveriesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Queues a FAILED delivery again, ahead of the webhook's other pending deliveries, with fresh
     * attempts and the same `webhook-id`.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND, DELIVERY_NOT_FOUND),
     * FAILED_PRECONDITION (DELIVERY_NOT_FAILED: it is pending or succeeded).
     * </pre>
     */
    public void retryWebhookDelivery(dev.modelreg.v1.RetryWebhookDeliveryRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.RetryWebhookDeliveryResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRetryWebhookDeliveryMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service AutomationService.
   * <pre>
   * Automations: webhooks that tell other systems (an evaluation job, a deployment pipeline, a chat
   * channel) about registry events, reliably.
   * Each webhook is a durable watcher with its own cursor in the event log. The server delivers
   * every matching event at least once, in sequence order per webhook, across restarts: a delivery
   * is retried with exponential backoff and jitter up to a bounded number of attempts, then marked
   * failed (or, with FAILURE_POLICY_PAUSE, the webhook pauses). Redeliveries keep the same
   * `webhook-id` header so receivers can de-duplicate. Every attempt is recorded.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE).
   * A request that fails changes nothing. Each filter list of a webhook holds at most 100 values
   * (INVALID_ARGUMENT, TOO_MANY_FILTERS). List pages hold at most `page_size` items and end early
   * once their items would pass 2 MiB serialised (the first item always comes): a page may hold
   * fewer items than asked for; follow `next_page_token` until it is empty.
   * </pre>
   */
  public static final class AutomationServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<AutomationServiceBlockingV2Stub> {
    private AutomationServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AutomationServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AutomationServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a webhook. Delivery starts with the events committed after it is created. When
     * `webhook.secret` is empty the server generates one; the response is the only place the secret
     * is ever returned.
     * Errors: INVALID_ARGUMENT (INVALID_NAME: bad webhook_id, INVALID_TARGET: not an absolute
     * http(s) URL with an ASCII host and without user info, or a malformed address,
     * TARGET_NOT_ALLOWED: the host is outside the server's allow-list, or is an inward address
     * (loopback, private, CGNAT, link-local, unique-local, multicast, unspecified, reserved, cloud
     * metadata; in any spelling, IPv4-mapped/NAT64/6to4 included) or name (`localhost`) that
     * `serve --webhook-allow` does not name: metadata `host`, `address_class`; see
     * docs/automations.md, INVALID_SECRET: not `whsec_` + base64 of 24..64 bytes, INVALID_FILTER: a
     * bad model or alias pattern or `filter` (metadata `position`, `expected`), FILTER_TOO_LONG,
     * FILTER_TOO_COMPLEX, INVALID_EVENT_TYPE, INVALID_FORMAT, INVALID_POLICY,
     * INVALID_STATE: PAUSED cannot be requested, INVALID_DESCRIPTION: over 4096 characters),
     * ALREADY_EXISTS (WEBHOOK_ALREADY_EXISTS).
     * </pre>
     */
    public dev.modelreg.v1.CreateWebhookResponse createWebhook(dev.modelreg.v1.CreateWebhookRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns one webhook (without its secret).
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.GetWebhookResponse getWebhook(dev.modelreg.v1.GetWebhookRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists webhooks by id, ascending (without their secrets).
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE).
     * </pre>
     */
    public dev.modelreg.v1.ListWebhooksResponse listWebhooks(dev.modelreg.v1.ListWebhooksRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListWebhooksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates a webhook; `update_mask` paths: `target_url`, `models`, `event_types`, `aliases`,
     * `filter`, `payload_format`, `secret`, `state`, `on_failure`, `description`. Filters apply to events not
     * yet queued. Enabling a PAUSED webhook retries its held delivery with fresh attempts; enabling a
     * DISABLED one starts from the events committed after that moment.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_UPDATE_MASK and the validation reasons of
     * CreateWebhook), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.UpdateWebhookResponse updateWebhook(dev.modelreg.v1.UpdateWebhookRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a webhook with its deliveries and their history; nothing more is sent.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.DeleteWebhookResponse deleteWebhook(dev.modelreg.v1.DeleteWebhookRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sends a signed `webhook.ping` to the target now, once, outside the queue (it neither waits
     * behind nor delays queued deliveries), and returns the delivery with its attempt. A failed ping
     * is reported in the delivery, not as an error, and can be retried like any failed delivery.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.TestWebhookResponse testWebhook(dev.modelreg.v1.TestWebhookRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getTestWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists a webhook's deliveries, newest first, each with its attempts.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE, INVALID_STATUS),
     * NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.ListWebhookDeliveriesResponse listWebhookDeliveries(dev.modelreg.v1.ListWebhookDeliveriesRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListWebhookDeliveriesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Queues a FAILED delivery again, ahead of the webhook's other pending deliveries, with fresh
     * attempts and the same `webhook-id`.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND, DELIVERY_NOT_FOUND),
     * FAILED_PRECONDITION (DELIVERY_NOT_FAILED: it is pending or succeeded).
     * </pre>
     */
    public dev.modelreg.v1.RetryWebhookDeliveryResponse retryWebhookDelivery(dev.modelreg.v1.RetryWebhookDeliveryRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRetryWebhookDeliveryMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service AutomationService.
   * <pre>
   * Automations: webhooks that tell other systems (an evaluation job, a deployment pipeline, a chat
   * channel) about registry events, reliably.
   * Each webhook is a durable watcher with its own cursor in the event log. The server delivers
   * every matching event at least once, in sequence order per webhook, across restarts: a delivery
   * is retried with exponential backoff and jitter up to a bounded number of attempts, then marked
   * failed (or, with FAILURE_POLICY_PAUSE, the webhook pauses). Redeliveries keep the same
   * `webhook-id` header so receivers can de-duplicate. Every attempt is recorded.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE).
   * A request that fails changes nothing. Each filter list of a webhook holds at most 100 values
   * (INVALID_ARGUMENT, TOO_MANY_FILTERS). List pages hold at most `page_size` items and end early
   * once their items would pass 2 MiB serialised (the first item always comes): a page may hold
   * fewer items than asked for; follow `next_page_token` until it is empty.
   * </pre>
   */
  public static final class AutomationServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<AutomationServiceBlockingStub> {
    private AutomationServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AutomationServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AutomationServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a webhook. Delivery starts with the events committed after it is created. When
     * `webhook.secret` is empty the server generates one; the response is the only place the secret
     * is ever returned.
     * Errors: INVALID_ARGUMENT (INVALID_NAME: bad webhook_id, INVALID_TARGET: not an absolute
     * http(s) URL with an ASCII host and without user info, or a malformed address,
     * TARGET_NOT_ALLOWED: the host is outside the server's allow-list, or is an inward address
     * (loopback, private, CGNAT, link-local, unique-local, multicast, unspecified, reserved, cloud
     * metadata; in any spelling, IPv4-mapped/NAT64/6to4 included) or name (`localhost`) that
     * `serve --webhook-allow` does not name: metadata `host`, `address_class`; see
     * docs/automations.md, INVALID_SECRET: not `whsec_` + base64 of 24..64 bytes, INVALID_FILTER: a
     * bad model or alias pattern or `filter` (metadata `position`, `expected`), FILTER_TOO_LONG,
     * FILTER_TOO_COMPLEX, INVALID_EVENT_TYPE, INVALID_FORMAT, INVALID_POLICY,
     * INVALID_STATE: PAUSED cannot be requested, INVALID_DESCRIPTION: over 4096 characters),
     * ALREADY_EXISTS (WEBHOOK_ALREADY_EXISTS).
     * </pre>
     */
    public dev.modelreg.v1.CreateWebhookResponse createWebhook(dev.modelreg.v1.CreateWebhookRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns one webhook (without its secret).
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.GetWebhookResponse getWebhook(dev.modelreg.v1.GetWebhookRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists webhooks by id, ascending (without their secrets).
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE).
     * </pre>
     */
    public dev.modelreg.v1.ListWebhooksResponse listWebhooks(dev.modelreg.v1.ListWebhooksRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListWebhooksMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Updates a webhook; `update_mask` paths: `target_url`, `models`, `event_types`, `aliases`,
     * `filter`, `payload_format`, `secret`, `state`, `on_failure`, `description`. Filters apply to events not
     * yet queued. Enabling a PAUSED webhook retries its held delivery with fresh attempts; enabling a
     * DISABLED one starts from the events committed after that moment.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_UPDATE_MASK and the validation reasons of
     * CreateWebhook), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.UpdateWebhookResponse updateWebhook(dev.modelreg.v1.UpdateWebhookRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a webhook with its deliveries and their history; nothing more is sent.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.DeleteWebhookResponse deleteWebhook(dev.modelreg.v1.DeleteWebhookRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sends a signed `webhook.ping` to the target now, once, outside the queue (it neither waits
     * behind nor delays queued deliveries), and returns the delivery with its attempt. A failed ping
     * is reported in the delivery, not as an error, and can be retried like any failed delivery.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.TestWebhookResponse testWebhook(dev.modelreg.v1.TestWebhookRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getTestWebhookMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists a webhook's deliveries, newest first, each with its attempts.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE, INVALID_STATUS),
     * NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.ListWebhookDeliveriesResponse listWebhookDeliveries(dev.modelreg.v1.ListWebhookDeliveriesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListWebhookDeliveriesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Queues a FAILED delivery again, ahead of the webhook's other pending deliveries, with fresh
     * attempts and the same `webhook-id`.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND, DELIVERY_NOT_FOUND),
     * FAILED_PRECONDITION (DELIVERY_NOT_FAILED: it is pending or succeeded).
     * </pre>
     */
    public dev.modelreg.v1.RetryWebhookDeliveryResponse retryWebhookDelivery(dev.modelreg.v1.RetryWebhookDeliveryRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRetryWebhookDeliveryMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service AutomationService.
   * <pre>
   * Automations: webhooks that tell other systems (an evaluation job, a deployment pipeline, a chat
   * channel) about registry events, reliably.
   * Each webhook is a durable watcher with its own cursor in the event log. The server delivers
   * every matching event at least once, in sequence order per webhook, across restarts: a delivery
   * is retried with exponential backoff and jitter up to a bounded number of attempts, then marked
   * failed (or, with FAILURE_POLICY_PAUSE, the webhook pauses). Redeliveries keep the same
   * `webhook-id` header so receivers can de-duplicate. Every attempt is recorded.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE).
   * A request that fails changes nothing. Each filter list of a webhook holds at most 100 values
   * (INVALID_ARGUMENT, TOO_MANY_FILTERS). List pages hold at most `page_size` items and end early
   * once their items would pass 2 MiB serialised (the first item always comes): a page may hold
   * fewer items than asked for; follow `next_page_token` until it is empty.
   * </pre>
   */
  public static final class AutomationServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<AutomationServiceFutureStub> {
    private AutomationServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AutomationServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AutomationServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Creates a webhook. Delivery starts with the events committed after it is created. When
     * `webhook.secret` is empty the server generates one; the response is the only place the secret
     * is ever returned.
     * Errors: INVALID_ARGUMENT (INVALID_NAME: bad webhook_id, INVALID_TARGET: not an absolute
     * http(s) URL with an ASCII host and without user info, or a malformed address,
     * TARGET_NOT_ALLOWED: the host is outside the server's allow-list, or is an inward address
     * (loopback, private, CGNAT, link-local, unique-local, multicast, unspecified, reserved, cloud
     * metadata; in any spelling, IPv4-mapped/NAT64/6to4 included) or name (`localhost`) that
     * `serve --webhook-allow` does not name: metadata `host`, `address_class`; see
     * docs/automations.md, INVALID_SECRET: not `whsec_` + base64 of 24..64 bytes, INVALID_FILTER: a
     * bad model or alias pattern or `filter` (metadata `position`, `expected`), FILTER_TOO_LONG,
     * FILTER_TOO_COMPLEX, INVALID_EVENT_TYPE, INVALID_FORMAT, INVALID_POLICY,
     * INVALID_STATE: PAUSED cannot be requested, INVALID_DESCRIPTION: over 4096 characters),
     * ALREADY_EXISTS (WEBHOOK_ALREADY_EXISTS).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.CreateWebhookResponse> createWebhook(
        dev.modelreg.v1.CreateWebhookRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateWebhookMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns one webhook (without its secret).
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.GetWebhookResponse> getWebhook(
        dev.modelreg.v1.GetWebhookRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetWebhookMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists webhooks by id, ascending (without their secrets).
     * Errors: INVALID_ARGUMENT (INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.ListWebhooksResponse> listWebhooks(
        dev.modelreg.v1.ListWebhooksRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListWebhooksMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Updates a webhook; `update_mask` paths: `target_url`, `models`, `event_types`, `aliases`,
     * `filter`, `payload_format`, `secret`, `state`, `on_failure`, `description`. Filters apply to events not
     * yet queued. Enabling a PAUSED webhook retries its held delivery with fresh attempts; enabling a
     * DISABLED one starts from the events committed after that moment.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_UPDATE_MASK and the validation reasons of
     * CreateWebhook), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.UpdateWebhookResponse> updateWebhook(
        dev.modelreg.v1.UpdateWebhookRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateWebhookMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a webhook with its deliveries and their history; nothing more is sent.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.DeleteWebhookResponse> deleteWebhook(
        dev.modelreg.v1.DeleteWebhookRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteWebhookMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Sends a signed `webhook.ping` to the target now, once, outside the queue (it neither waits
     * behind nor delays queued deliveries), and returns the delivery with its attempt. A failed ping
     * is reported in the delivery, not as an error, and can be retried like any failed delivery.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.TestWebhookResponse> testWebhook(
        dev.modelreg.v1.TestWebhookRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getTestWebhookMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists a webhook's deliveries, newest first, each with its attempts.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE, INVALID_STATUS),
     * NOT_FOUND (WEBHOOK_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.ListWebhookDeliveriesResponse> listWebhookDeliveries(
        dev.modelreg.v1.ListWebhookDeliveriesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListWebhookDeliveriesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Queues a FAILED delivery again, ahead of the webhook's other pending deliveries, with fresh
     * attempts and the same `webhook-id`.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (WEBHOOK_NOT_FOUND, DELIVERY_NOT_FOUND),
     * FAILED_PRECONDITION (DELIVERY_NOT_FAILED: it is pending or succeeded).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.RetryWebhookDeliveryResponse> retryWebhookDelivery(
        dev.modelreg.v1.RetryWebhookDeliveryRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRetryWebhookDeliveryMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_CREATE_WEBHOOK = 0;
  private static final int METHODID_GET_WEBHOOK = 1;
  private static final int METHODID_LIST_WEBHOOKS = 2;
  private static final int METHODID_UPDATE_WEBHOOK = 3;
  private static final int METHODID_DELETE_WEBHOOK = 4;
  private static final int METHODID_TEST_WEBHOOK = 5;
  private static final int METHODID_LIST_WEBHOOK_DELIVERIES = 6;
  private static final int METHODID_RETRY_WEBHOOK_DELIVERY = 7;

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
        case METHODID_CREATE_WEBHOOK:
          serviceImpl.createWebhook((dev.modelreg.v1.CreateWebhookRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateWebhookResponse>) responseObserver);
          break;
        case METHODID_GET_WEBHOOK:
          serviceImpl.getWebhook((dev.modelreg.v1.GetWebhookRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.GetWebhookResponse>) responseObserver);
          break;
        case METHODID_LIST_WEBHOOKS:
          serviceImpl.listWebhooks((dev.modelreg.v1.ListWebhooksRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.ListWebhooksResponse>) responseObserver);
          break;
        case METHODID_UPDATE_WEBHOOK:
          serviceImpl.updateWebhook((dev.modelreg.v1.UpdateWebhookRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.UpdateWebhookResponse>) responseObserver);
          break;
        case METHODID_DELETE_WEBHOOK:
          serviceImpl.deleteWebhook((dev.modelreg.v1.DeleteWebhookRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.DeleteWebhookResponse>) responseObserver);
          break;
        case METHODID_TEST_WEBHOOK:
          serviceImpl.testWebhook((dev.modelreg.v1.TestWebhookRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.TestWebhookResponse>) responseObserver);
          break;
        case METHODID_LIST_WEBHOOK_DELIVERIES:
          serviceImpl.listWebhookDeliveries((dev.modelreg.v1.ListWebhookDeliveriesRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.ListWebhookDeliveriesResponse>) responseObserver);
          break;
        case METHODID_RETRY_WEBHOOK_DELIVERY:
          serviceImpl.retryWebhookDelivery((dev.modelreg.v1.RetryWebhookDeliveryRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.RetryWebhookDeliveryResponse>) responseObserver);
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
          getCreateWebhookMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.CreateWebhookRequest,
              dev.modelreg.v1.CreateWebhookResponse>(
                service, METHODID_CREATE_WEBHOOK)))
        .addMethod(
          getGetWebhookMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.GetWebhookRequest,
              dev.modelreg.v1.GetWebhookResponse>(
                service, METHODID_GET_WEBHOOK)))
        .addMethod(
          getListWebhooksMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.ListWebhooksRequest,
              dev.modelreg.v1.ListWebhooksResponse>(
                service, METHODID_LIST_WEBHOOKS)))
        .addMethod(
          getUpdateWebhookMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.UpdateWebhookRequest,
              dev.modelreg.v1.UpdateWebhookResponse>(
                service, METHODID_UPDATE_WEBHOOK)))
        .addMethod(
          getDeleteWebhookMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.DeleteWebhookRequest,
              dev.modelreg.v1.DeleteWebhookResponse>(
                service, METHODID_DELETE_WEBHOOK)))
        .addMethod(
          getTestWebhookMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.TestWebhookRequest,
              dev.modelreg.v1.TestWebhookResponse>(
                service, METHODID_TEST_WEBHOOK)))
        .addMethod(
          getListWebhookDeliveriesMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.ListWebhookDeliveriesRequest,
              dev.modelreg.v1.ListWebhookDeliveriesResponse>(
                service, METHODID_LIST_WEBHOOK_DELIVERIES)))
        .addMethod(
          getRetryWebhookDeliveryMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.RetryWebhookDeliveryRequest,
              dev.modelreg.v1.RetryWebhookDeliveryResponse>(
                service, METHODID_RETRY_WEBHOOK_DELIVERY)))
        .build();
  }

  private static abstract class AutomationServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AutomationServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.modelreg.v1.AutomationServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("AutomationService");
    }
  }

  private static final class AutomationServiceFileDescriptorSupplier
      extends AutomationServiceBaseDescriptorSupplier {
    AutomationServiceFileDescriptorSupplier() {}
  }

  private static final class AutomationServiceMethodDescriptorSupplier
      extends AutomationServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    AutomationServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (AutomationServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AutomationServiceFileDescriptorSupplier())
              .addMethod(getCreateWebhookMethod())
              .addMethod(getGetWebhookMethod())
              .addMethod(getListWebhooksMethod())
              .addMethod(getUpdateWebhookMethod())
              .addMethod(getDeleteWebhookMethod())
              .addMethod(getTestWebhookMethod())
              .addMethod(getListWebhookDeliveriesMethod())
              .addMethod(getRetryWebhookDeliveryMethod())
              .build();
        }
      }
    }
    return result;
  }
}
