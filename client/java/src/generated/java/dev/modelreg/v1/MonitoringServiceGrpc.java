package dev.modelreg.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * Production monitoring: deployed versions report metrics, the server rolls them up, answers
 * series and comparisons, and evaluates monitors that fire, resolve and can roll an alias back.
 * A point belongs to one version: a point reported through an alias (`m:production`) is stored
 * against the version the alias names when the point arrives. Points are kept raw for the
 * server's raw retention and rolled up into 1-minute and 1-hour buckets (count, sum, min, max and
 * a DDSketch quantile sketch with 1% relative accuracy), each kept for its own retention
 * (`modelreg serve --metrics-retention raw=48h,1m=30d,1h=400d`). Quantiles over any window are
 * merged from buckets, within the sketch's relative accuracy of the quantile of the raw points.
 * Limits (every client-set field): a metric name matches `[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}`
 * (INVALID_METRIC); at most 16 labels per point, keys `[a-zA-Z_][a-zA-Z0-9_]{0,62}` (INVALID_LABEL),
 * values at most 256 characters (INVALID_LABEL); a value must be finite (INVALID_VALUE: NaN or
 * ±Inf); a point's time at most 5 minutes ahead of the server's clock (TIME_IN_FUTURE) and not
 * before the raw retention (TIME_TOO_OLD); at most 10,000 points per request message
 * (TOO_MANY_POINTS). A model has at most `--metrics-max-names` distinct metric names (default 100)
 * and a metric of a version at most `--metrics-max-series` distinct label sets (default 1,000):
 * past either, RESOURCE_EXHAUSTED (TOO_MANY_METRICS, TOO_MANY_SERIES). Each principal may report
 * `--metrics-rate` points per second (default 200,000, with a burst of one second's worth): past
 * it, RESOURCE_EXHAUSTED (RATE_LIMITED) with a google.rpc.RetryInfo saying when to retry.
 * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE);
 * a point's error carries metadata `index` (its position in its request message). A request
 * message that fails stores none of its points.
 * With authentication on, every call can also fail with UNAUTHENTICATED or PERMISSION_DENIED
 * (ROLE_REQUIRED); see AccessService for roles.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class MonitoringServiceGrpc {

  private MonitoringServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "modelreg.v1.MonitoringService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.ReportMetricsRequest,
      dev.modelreg.v1.ReportMetricsResponse> getReportMetricsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ReportMetrics",
      requestType = dev.modelreg.v1.ReportMetricsRequest.class,
      responseType = dev.modelreg.v1.ReportMetricsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.ReportMetricsRequest,
      dev.modelreg.v1.ReportMetricsResponse> getReportMetricsMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.ReportMetricsRequest, dev.modelreg.v1.ReportMetricsResponse> getReportMetricsMethod;
    if ((getReportMetricsMethod = MonitoringServiceGrpc.getReportMetricsMethod) == null) {
      synchronized (MonitoringServiceGrpc.class) {
        if ((getReportMetricsMethod = MonitoringServiceGrpc.getReportMetricsMethod) == null) {
          MonitoringServiceGrpc.getReportMetricsMethod = getReportMetricsMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.ReportMetricsRequest, dev.modelreg.v1.ReportMetricsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ReportMetrics"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ReportMetricsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ReportMetricsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MonitoringServiceMethodDescriptorSupplier("ReportMetrics"))
              .build();
        }
      }
    }
    return getReportMetricsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.BatchReportMetricsRequest,
      dev.modelreg.v1.BatchReportMetricsResponse> getBatchReportMetricsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "BatchReportMetrics",
      requestType = dev.modelreg.v1.BatchReportMetricsRequest.class,
      responseType = dev.modelreg.v1.BatchReportMetricsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.BatchReportMetricsRequest,
      dev.modelreg.v1.BatchReportMetricsResponse> getBatchReportMetricsMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.BatchReportMetricsRequest, dev.modelreg.v1.BatchReportMetricsResponse> getBatchReportMetricsMethod;
    if ((getBatchReportMetricsMethod = MonitoringServiceGrpc.getBatchReportMetricsMethod) == null) {
      synchronized (MonitoringServiceGrpc.class) {
        if ((getBatchReportMetricsMethod = MonitoringServiceGrpc.getBatchReportMetricsMethod) == null) {
          MonitoringServiceGrpc.getBatchReportMetricsMethod = getBatchReportMetricsMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.BatchReportMetricsRequest, dev.modelreg.v1.BatchReportMetricsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "BatchReportMetrics"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.BatchReportMetricsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.BatchReportMetricsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MonitoringServiceMethodDescriptorSupplier("BatchReportMetrics"))
              .build();
        }
      }
    }
    return getBatchReportMetricsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.ListMetricsRequest,
      dev.modelreg.v1.ListMetricsResponse> getListMetricsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListMetrics",
      requestType = dev.modelreg.v1.ListMetricsRequest.class,
      responseType = dev.modelreg.v1.ListMetricsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.ListMetricsRequest,
      dev.modelreg.v1.ListMetricsResponse> getListMetricsMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.ListMetricsRequest, dev.modelreg.v1.ListMetricsResponse> getListMetricsMethod;
    if ((getListMetricsMethod = MonitoringServiceGrpc.getListMetricsMethod) == null) {
      synchronized (MonitoringServiceGrpc.class) {
        if ((getListMetricsMethod = MonitoringServiceGrpc.getListMetricsMethod) == null) {
          MonitoringServiceGrpc.getListMetricsMethod = getListMetricsMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.ListMetricsRequest, dev.modelreg.v1.ListMetricsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListMetrics"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListMetricsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListMetricsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MonitoringServiceMethodDescriptorSupplier("ListMetrics"))
              .build();
        }
      }
    }
    return getListMetricsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.GetMetricSeriesRequest,
      dev.modelreg.v1.GetMetricSeriesResponse> getGetMetricSeriesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetMetricSeries",
      requestType = dev.modelreg.v1.GetMetricSeriesRequest.class,
      responseType = dev.modelreg.v1.GetMetricSeriesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.GetMetricSeriesRequest,
      dev.modelreg.v1.GetMetricSeriesResponse> getGetMetricSeriesMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.GetMetricSeriesRequest, dev.modelreg.v1.GetMetricSeriesResponse> getGetMetricSeriesMethod;
    if ((getGetMetricSeriesMethod = MonitoringServiceGrpc.getGetMetricSeriesMethod) == null) {
      synchronized (MonitoringServiceGrpc.class) {
        if ((getGetMetricSeriesMethod = MonitoringServiceGrpc.getGetMetricSeriesMethod) == null) {
          MonitoringServiceGrpc.getGetMetricSeriesMethod = getGetMetricSeriesMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.GetMetricSeriesRequest, dev.modelreg.v1.GetMetricSeriesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetMetricSeries"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GetMetricSeriesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GetMetricSeriesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MonitoringServiceMethodDescriptorSupplier("GetMetricSeries"))
              .build();
        }
      }
    }
    return getGetMetricSeriesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.CompareMetricSeriesRequest,
      dev.modelreg.v1.CompareMetricSeriesResponse> getCompareMetricSeriesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CompareMetricSeries",
      requestType = dev.modelreg.v1.CompareMetricSeriesRequest.class,
      responseType = dev.modelreg.v1.CompareMetricSeriesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.CompareMetricSeriesRequest,
      dev.modelreg.v1.CompareMetricSeriesResponse> getCompareMetricSeriesMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.CompareMetricSeriesRequest, dev.modelreg.v1.CompareMetricSeriesResponse> getCompareMetricSeriesMethod;
    if ((getCompareMetricSeriesMethod = MonitoringServiceGrpc.getCompareMetricSeriesMethod) == null) {
      synchronized (MonitoringServiceGrpc.class) {
        if ((getCompareMetricSeriesMethod = MonitoringServiceGrpc.getCompareMetricSeriesMethod) == null) {
          MonitoringServiceGrpc.getCompareMetricSeriesMethod = getCompareMetricSeriesMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.CompareMetricSeriesRequest, dev.modelreg.v1.CompareMetricSeriesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CompareMetricSeries"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CompareMetricSeriesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CompareMetricSeriesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MonitoringServiceMethodDescriptorSupplier("CompareMetricSeries"))
              .build();
        }
      }
    }
    return getCompareMetricSeriesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.CreateMonitorRequest,
      dev.modelreg.v1.CreateMonitorResponse> getCreateMonitorMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateMonitor",
      requestType = dev.modelreg.v1.CreateMonitorRequest.class,
      responseType = dev.modelreg.v1.CreateMonitorResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.CreateMonitorRequest,
      dev.modelreg.v1.CreateMonitorResponse> getCreateMonitorMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.CreateMonitorRequest, dev.modelreg.v1.CreateMonitorResponse> getCreateMonitorMethod;
    if ((getCreateMonitorMethod = MonitoringServiceGrpc.getCreateMonitorMethod) == null) {
      synchronized (MonitoringServiceGrpc.class) {
        if ((getCreateMonitorMethod = MonitoringServiceGrpc.getCreateMonitorMethod) == null) {
          MonitoringServiceGrpc.getCreateMonitorMethod = getCreateMonitorMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.CreateMonitorRequest, dev.modelreg.v1.CreateMonitorResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateMonitor"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CreateMonitorRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.CreateMonitorResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MonitoringServiceMethodDescriptorSupplier("CreateMonitor"))
              .build();
        }
      }
    }
    return getCreateMonitorMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.GetMonitorRequest,
      dev.modelreg.v1.GetMonitorResponse> getGetMonitorMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetMonitor",
      requestType = dev.modelreg.v1.GetMonitorRequest.class,
      responseType = dev.modelreg.v1.GetMonitorResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.GetMonitorRequest,
      dev.modelreg.v1.GetMonitorResponse> getGetMonitorMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.GetMonitorRequest, dev.modelreg.v1.GetMonitorResponse> getGetMonitorMethod;
    if ((getGetMonitorMethod = MonitoringServiceGrpc.getGetMonitorMethod) == null) {
      synchronized (MonitoringServiceGrpc.class) {
        if ((getGetMonitorMethod = MonitoringServiceGrpc.getGetMonitorMethod) == null) {
          MonitoringServiceGrpc.getGetMonitorMethod = getGetMonitorMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.GetMonitorRequest, dev.modelreg.v1.GetMonitorResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetMonitor"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GetMonitorRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.GetMonitorResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MonitoringServiceMethodDescriptorSupplier("GetMonitor"))
              .build();
        }
      }
    }
    return getGetMonitorMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.ListMonitorsRequest,
      dev.modelreg.v1.ListMonitorsResponse> getListMonitorsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListMonitors",
      requestType = dev.modelreg.v1.ListMonitorsRequest.class,
      responseType = dev.modelreg.v1.ListMonitorsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.ListMonitorsRequest,
      dev.modelreg.v1.ListMonitorsResponse> getListMonitorsMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.ListMonitorsRequest, dev.modelreg.v1.ListMonitorsResponse> getListMonitorsMethod;
    if ((getListMonitorsMethod = MonitoringServiceGrpc.getListMonitorsMethod) == null) {
      synchronized (MonitoringServiceGrpc.class) {
        if ((getListMonitorsMethod = MonitoringServiceGrpc.getListMonitorsMethod) == null) {
          MonitoringServiceGrpc.getListMonitorsMethod = getListMonitorsMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.ListMonitorsRequest, dev.modelreg.v1.ListMonitorsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListMonitors"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListMonitorsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListMonitorsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MonitoringServiceMethodDescriptorSupplier("ListMonitors"))
              .build();
        }
      }
    }
    return getListMonitorsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.DeleteMonitorRequest,
      dev.modelreg.v1.DeleteMonitorResponse> getDeleteMonitorMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteMonitor",
      requestType = dev.modelreg.v1.DeleteMonitorRequest.class,
      responseType = dev.modelreg.v1.DeleteMonitorResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.DeleteMonitorRequest,
      dev.modelreg.v1.DeleteMonitorResponse> getDeleteMonitorMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.DeleteMonitorRequest, dev.modelreg.v1.DeleteMonitorResponse> getDeleteMonitorMethod;
    if ((getDeleteMonitorMethod = MonitoringServiceGrpc.getDeleteMonitorMethod) == null) {
      synchronized (MonitoringServiceGrpc.class) {
        if ((getDeleteMonitorMethod = MonitoringServiceGrpc.getDeleteMonitorMethod) == null) {
          MonitoringServiceGrpc.getDeleteMonitorMethod = getDeleteMonitorMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.DeleteMonitorRequest, dev.modelreg.v1.DeleteMonitorResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteMonitor"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.DeleteMonitorRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.DeleteMonitorResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MonitoringServiceMethodDescriptorSupplier("DeleteMonitor"))
              .build();
        }
      }
    }
    return getDeleteMonitorMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.modelreg.v1.ListMonitorTransitionsRequest,
      dev.modelreg.v1.ListMonitorTransitionsResponse> getListMonitorTransitionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListMonitorTransitions",
      requestType = dev.modelreg.v1.ListMonitorTransitionsRequest.class,
      responseType = dev.modelreg.v1.ListMonitorTransitionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.modelreg.v1.ListMonitorTransitionsRequest,
      dev.modelreg.v1.ListMonitorTransitionsResponse> getListMonitorTransitionsMethod() {
    io.grpc.MethodDescriptor<dev.modelreg.v1.ListMonitorTransitionsRequest, dev.modelreg.v1.ListMonitorTransitionsResponse> getListMonitorTransitionsMethod;
    if ((getListMonitorTransitionsMethod = MonitoringServiceGrpc.getListMonitorTransitionsMethod) == null) {
      synchronized (MonitoringServiceGrpc.class) {
        if ((getListMonitorTransitionsMethod = MonitoringServiceGrpc.getListMonitorTransitionsMethod) == null) {
          MonitoringServiceGrpc.getListMonitorTransitionsMethod = getListMonitorTransitionsMethod =
              io.grpc.MethodDescriptor.<dev.modelreg.v1.ListMonitorTransitionsRequest, dev.modelreg.v1.ListMonitorTransitionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListMonitorTransitions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListMonitorTransitionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.modelreg.v1.ListMonitorTransitionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new MonitoringServiceMethodDescriptorSupplier("ListMonitorTransitions"))
              .build();
        }
      }
    }
    return getListMonitorTransitionsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static MonitoringServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MonitoringServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MonitoringServiceStub>() {
        @java.lang.Override
        public MonitoringServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MonitoringServiceStub(channel, callOptions);
        }
      };
    return MonitoringServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static MonitoringServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MonitoringServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MonitoringServiceBlockingV2Stub>() {
        @java.lang.Override
        public MonitoringServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MonitoringServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return MonitoringServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static MonitoringServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MonitoringServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MonitoringServiceBlockingStub>() {
        @java.lang.Override
        public MonitoringServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MonitoringServiceBlockingStub(channel, callOptions);
        }
      };
    return MonitoringServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static MonitoringServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<MonitoringServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<MonitoringServiceFutureStub>() {
        @java.lang.Override
        public MonitoringServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new MonitoringServiceFutureStub(channel, callOptions);
        }
      };
    return MonitoringServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * Production monitoring: deployed versions report metrics, the server rolls them up, answers
   * series and comparisons, and evaluates monitors that fire, resolve and can roll an alias back.
   * A point belongs to one version: a point reported through an alias (`m:production`) is stored
   * against the version the alias names when the point arrives. Points are kept raw for the
   * server's raw retention and rolled up into 1-minute and 1-hour buckets (count, sum, min, max and
   * a DDSketch quantile sketch with 1% relative accuracy), each kept for its own retention
   * (`modelreg serve --metrics-retention raw=48h,1m=30d,1h=400d`). Quantiles over any window are
   * merged from buckets, within the sketch's relative accuracy of the quantile of the raw points.
   * Limits (every client-set field): a metric name matches `[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}`
   * (INVALID_METRIC); at most 16 labels per point, keys `[a-zA-Z_][a-zA-Z0-9_]{0,62}` (INVALID_LABEL),
   * values at most 256 characters (INVALID_LABEL); a value must be finite (INVALID_VALUE: NaN or
   * ±Inf); a point's time at most 5 minutes ahead of the server's clock (TIME_IN_FUTURE) and not
   * before the raw retention (TIME_TOO_OLD); at most 10,000 points per request message
   * (TOO_MANY_POINTS). A model has at most `--metrics-max-names` distinct metric names (default 100)
   * and a metric of a version at most `--metrics-max-series` distinct label sets (default 1,000):
   * past either, RESOURCE_EXHAUSTED (TOO_MANY_METRICS, TOO_MANY_SERIES). Each principal may report
   * `--metrics-rate` points per second (default 200,000, with a burst of one second's worth): past
   * it, RESOURCE_EXHAUSTED (RATE_LIMITED) with a google.rpc.RetryInfo saying when to retry.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE);
   * a point's error carries metadata `index` (its position in its request message). A request
   * message that fails stores none of its points.
   * With authentication on, every call can also fail with UNAUTHENTICATED or PERMISSION_DENIED
   * (ROLE_REQUIRED); see AccessService for roles.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Streams batches of points. Each request message is validated whole and stored in one
     * transaction, all of its points or none; the stream's response counts what was stored. When a
     * message fails, the call ends with that message's error (its earlier messages stay stored;
     * the error's metadata `accepted_points` counts them).
     * Role: editor on each point's model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_METRIC, INVALID_LABEL, INVALID_VALUE,
     * TIME_IN_FUTURE, TIME_TOO_OLD, TOO_MANY_POINTS), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND), RESOURCE_EXHAUSTED (TOO_MANY_METRICS, TOO_MANY_SERIES,
     * RATE_LIMITED).
     * </pre>
     */
    default io.grpc.stub.StreamObserver<dev.modelreg.v1.ReportMetricsRequest> reportMetrics(
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ReportMetricsResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getReportMetricsMethod(), responseObserver);
    }

    /**
     * <pre>
     * One batch of points, stored all or none.
     * Role and errors: as ReportMetrics.
     * </pre>
     */
    default void batchReportMetrics(dev.modelreg.v1.BatchReportMetricsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.BatchReportMetricsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getBatchReportMetricsMethod(), responseObserver);
    }

    /**
     * <pre>
     * The metric names a version (or every version of a model) has points for, with their label
     * keys and the time of their newest point, by name.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND).
     * </pre>
     */
    default void listMetrics(dev.modelreg.v1.ListMetricsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListMetricsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListMetricsMethod(), responseObserver);
    }

    /**
     * <pre>
     * A metric of one version over a window, aggregated per step, and over the whole window. An
     * alias is resolved when the call is made. Steps of at least 1 hour read the hour buckets,
     * steps of at least 1 minute the minute buckets (where those are gone, the coarser ones), and
     * shorter steps the raw points.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_METRIC, INVALID_LABEL, INVALID_WINDOW:
     * not positive, over 400 days, or start after end, INVALID_STEP: not positive, or more than 10,000
     * steps in the window, INVALID_AGGREGATION), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND,
     * ALIAS_NOT_FOUND).
     * </pre>
     */
    default void getMetricSeries(dev.modelreg.v1.GetMetricSeriesRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GetMetricSeriesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetMetricSeriesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Two versions of one model over the same window: a champion and a challenger (`m:production`
     * against `m:staging`, or `m:v3` against `m:v4`), each as GetMetricSeries returns it, and the
     * difference of their whole-window values.
     * Role and errors: as GetMetricSeries, plus INVALID_ARGUMENT (TARGET_OF_OTHER_MODEL) when the two
     * references name versions of different models.
     * </pre>
     */
    default void compareMetricSeries(dev.modelreg.v1.CompareMetricSeriesRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CompareMetricSeriesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCompareMetricSeriesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Creates a monitor on an alias. The server evaluates it continuously (every few seconds, one
     * replica at a time): over the trailing `window`, the `aggregation` of `metric` of the version
     * the alias names is compared with the condition; with fewer than `min_samples` points in the
     * window it is never breached. Breached for at least `for_duration`: FIRING (a MONITOR_FIRING
     * event); no longer breached: RESOLVED (MONITOR_RESOLVED). With `rollback`, firing moves the
     * alias back to the version it held before (compare-and-swap against the version evaluated, as
     * the monitor's principal), at most once per `cooldown` and never onto an archived version.
     * The monitor acts as the service account `monitor-{id}`, created with it and bound to the role
     * that moving the alias needs (editor, maintainer for a protected alias), which the caller must
     * hold itself; a rollback that role no longer allows is recorded, not retried.
     * Role: editor on the model (maintainer for a rolling-back monitor on a protected alias).
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, INVALID_METRIC, INVALID_LABEL,
     * INVALID_AGGREGATION, INVALID_WINDOW, INVALID_CONDITION: none or several of below/above/
     * worse_than, a non-finite threshold, or `by_percent` negative, INVALID_REFERENCE: a bad
     * `worse_than.baseline`, INVALID_DURATION: `for_duration` or `cooldown` negative or over 30 days,
     * INVALID_MIN_SAMPLES: below 1, INVALID_DESCRIPTION: over 4096 characters), NOT_FOUND
     * (MODEL_NOT_FOUND, ALIAS_NOT_FOUND), ALREADY_EXISTS (MONITOR_ALREADY_EXISTS),
     * FAILED_PRECONDITION (TOO_MANY_MONITORS: a model holds at most 100).
     * </pre>
     */
    default void createMonitor(dev.modelreg.v1.CreateMonitorRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateMonitorResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateMonitorMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns one monitor with its current state.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MONITOR_NOT_FOUND).
     * </pre>
     */
    default void getMonitor(dev.modelreg.v1.GetMonitorRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GetMonitorResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetMonitorMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists monitors by name, of one model (`models/{model}`) or of every model the caller may read
     * (`models/-`).
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE), NOT_FOUND
     * (MODEL_NOT_FOUND).
     * </pre>
     */
    default void listMonitors(dev.modelreg.v1.ListMonitorsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListMonitorsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListMonitorsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deletes a monitor, its history and its service account; nothing more is evaluated.
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MONITOR_NOT_FOUND).
     * </pre>
     */
    default void deleteMonitor(dev.modelreg.v1.DeleteMonitorRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.DeleteMonitorResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteMonitorMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists a monitor's state changes, newest first, each with the value that caused it and the
     * rollback it made.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE), NOT_FOUND
     * (MONITOR_NOT_FOUND).
     * </pre>
     */
    default void listMonitorTransitions(dev.modelreg.v1.ListMonitorTransitionsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListMonitorTransitionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListMonitorTransitionsMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service MonitoringService.
   * <pre>
   * Production monitoring: deployed versions report metrics, the server rolls them up, answers
   * series and comparisons, and evaluates monitors that fire, resolve and can roll an alias back.
   * A point belongs to one version: a point reported through an alias (`m:production`) is stored
   * against the version the alias names when the point arrives. Points are kept raw for the
   * server's raw retention and rolled up into 1-minute and 1-hour buckets (count, sum, min, max and
   * a DDSketch quantile sketch with 1% relative accuracy), each kept for its own retention
   * (`modelreg serve --metrics-retention raw=48h,1m=30d,1h=400d`). Quantiles over any window are
   * merged from buckets, within the sketch's relative accuracy of the quantile of the raw points.
   * Limits (every client-set field): a metric name matches `[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}`
   * (INVALID_METRIC); at most 16 labels per point, keys `[a-zA-Z_][a-zA-Z0-9_]{0,62}` (INVALID_LABEL),
   * values at most 256 characters (INVALID_LABEL); a value must be finite (INVALID_VALUE: NaN or
   * ±Inf); a point's time at most 5 minutes ahead of the server's clock (TIME_IN_FUTURE) and not
   * before the raw retention (TIME_TOO_OLD); at most 10,000 points per request message
   * (TOO_MANY_POINTS). A model has at most `--metrics-max-names` distinct metric names (default 100)
   * and a metric of a version at most `--metrics-max-series` distinct label sets (default 1,000):
   * past either, RESOURCE_EXHAUSTED (TOO_MANY_METRICS, TOO_MANY_SERIES). Each principal may report
   * `--metrics-rate` points per second (default 200,000, with a burst of one second's worth): past
   * it, RESOURCE_EXHAUSTED (RATE_LIMITED) with a google.rpc.RetryInfo saying when to retry.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE);
   * a point's error carries metadata `index` (its position in its request message). A request
   * message that fails stores none of its points.
   * With authentication on, every call can also fail with UNAUTHENTICATED or PERMISSION_DENIED
   * (ROLE_REQUIRED); see AccessService for roles.
   * </pre>
   */
  public static abstract class MonitoringServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return MonitoringServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service MonitoringService.
   * <pre>
   * Production monitoring: deployed versions report metrics, the server rolls them up, answers
   * series and comparisons, and evaluates monitors that fire, resolve and can roll an alias back.
   * A point belongs to one version: a point reported through an alias (`m:production`) is stored
   * against the version the alias names when the point arrives. Points are kept raw for the
   * server's raw retention and rolled up into 1-minute and 1-hour buckets (count, sum, min, max and
   * a DDSketch quantile sketch with 1% relative accuracy), each kept for its own retention
   * (`modelreg serve --metrics-retention raw=48h,1m=30d,1h=400d`). Quantiles over any window are
   * merged from buckets, within the sketch's relative accuracy of the quantile of the raw points.
   * Limits (every client-set field): a metric name matches `[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}`
   * (INVALID_METRIC); at most 16 labels per point, keys `[a-zA-Z_][a-zA-Z0-9_]{0,62}` (INVALID_LABEL),
   * values at most 256 characters (INVALID_LABEL); a value must be finite (INVALID_VALUE: NaN or
   * ±Inf); a point's time at most 5 minutes ahead of the server's clock (TIME_IN_FUTURE) and not
   * before the raw retention (TIME_TOO_OLD); at most 10,000 points per request message
   * (TOO_MANY_POINTS). A model has at most `--metrics-max-names` distinct metric names (default 100)
   * and a metric of a version at most `--metrics-max-series` distinct label sets (default 1,000):
   * past either, RESOURCE_EXHAUSTED (TOO_MANY_METRICS, TOO_MANY_SERIES). Each principal may report
   * `--metrics-rate` points per second (default 200,000, with a burst of one second's worth): past
   * it, RESOURCE_EXHAUSTED (RATE_LIMITED) with a google.rpc.RetryInfo saying when to retry.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE);
   * a point's error carries metadata `index` (its position in its request message). A request
   * message that fails stores none of its points.
   * With authentication on, every call can also fail with UNAUTHENTICATED or PERMISSION_DENIED
   * (ROLE_REQUIRED); see AccessService for roles.
   * </pre>
   */
  public static final class MonitoringServiceStub
      extends io.grpc.stub.AbstractAsyncStub<MonitoringServiceStub> {
    private MonitoringServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MonitoringServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MonitoringServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Streams batches of points. Each request message is validated whole and stored in one
     * transaction, all of its points or none; the stream's response counts what was stored. When a
     * message fails, the call ends with that message's error (its earlier messages stay stored;
     * the error's metadata `accepted_points` counts them).
     * Role: editor on each point's model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_METRIC, INVALID_LABEL, INVALID_VALUE,
     * TIME_IN_FUTURE, TIME_TOO_OLD, TOO_MANY_POINTS), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND), RESOURCE_EXHAUSTED (TOO_MANY_METRICS, TOO_MANY_SERIES,
     * RATE_LIMITED).
     * </pre>
     */
    public io.grpc.stub.StreamObserver<dev.modelreg.v1.ReportMetricsRequest> reportMetrics(
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ReportMetricsResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncClientStreamingCall(
          getChannel().newCall(getReportMetricsMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * One batch of points, stored all or none.
     * Role and errors: as ReportMetrics.
     * </pre>
     */
    public void batchReportMetrics(dev.modelreg.v1.BatchReportMetricsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.BatchReportMetricsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getBatchReportMetricsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * The metric names a version (or every version of a model) has points for, with their label
     * keys and the time of their newest point, by name.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND).
     * </pre>
     */
    public void listMetrics(dev.modelreg.v1.ListMetricsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListMetricsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListMetricsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * A metric of one version over a window, aggregated per step, and over the whole window. An
     * alias is resolved when the call is made. Steps of at least 1 hour read the hour buckets,
     * steps of at least 1 minute the minute buckets (where those are gone, the coarser ones), and
     * shorter steps the raw points.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_METRIC, INVALID_LABEL, INVALID_WINDOW:
     * not positive, over 400 days, or start after end, INVALID_STEP: not positive, or more than 10,000
     * steps in the window, INVALID_AGGREGATION), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND,
     * ALIAS_NOT_FOUND).
     * </pre>
     */
    public void getMetricSeries(dev.modelreg.v1.GetMetricSeriesRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GetMetricSeriesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetMetricSeriesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Two versions of one model over the same window: a champion and a challenger (`m:production`
     * against `m:staging`, or `m:v3` against `m:v4`), each as GetMetricSeries returns it, and the
     * difference of their whole-window values.
     * Role and errors: as GetMetricSeries, plus INVALID_ARGUMENT (TARGET_OF_OTHER_MODEL) when the two
     * references name versions of different models.
     * </pre>
     */
    public void compareMetricSeries(dev.modelreg.v1.CompareMetricSeriesRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CompareMetricSeriesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCompareMetricSeriesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Creates a monitor on an alias. The server evaluates it continuously (every few seconds, one
     * replica at a time): over the trailing `window`, the `aggregation` of `metric` of the version
     * the alias names is compared with the condition; with fewer than `min_samples` points in the
     * window it is never breached. Breached for at least `for_duration`: FIRING (a MONITOR_FIRING
     * event); no longer breached: RESOLVED (MONITOR_RESOLVED). With `rollback`, firing moves the
     * alias back to the version it held before (compare-and-swap against the version evaluated, as
     * the monitor's principal), at most once per `cooldown` and never onto an archived version.
     * The monitor acts as the service account `monitor-{id}`, created with it and bound to the role
     * that moving the alias needs (editor, maintainer for a protected alias), which the caller must
     * hold itself; a rollback that role no longer allows is recorded, not retried.
     * Role: editor on the model (maintainer for a rolling-back monitor on a protected alias).
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, INVALID_METRIC, INVALID_LABEL,
     * INVALID_AGGREGATION, INVALID_WINDOW, INVALID_CONDITION: none or several of below/above/
     * worse_than, a non-finite threshold, or `by_percent` negative, INVALID_REFERENCE: a bad
     * `worse_than.baseline`, INVALID_DURATION: `for_duration` or `cooldown` negative or over 30 days,
     * INVALID_MIN_SAMPLES: below 1, INVALID_DESCRIPTION: over 4096 characters), NOT_FOUND
     * (MODEL_NOT_FOUND, ALIAS_NOT_FOUND), ALREADY_EXISTS (MONITOR_ALREADY_EXISTS),
     * FAILED_PRECONDITION (TOO_MANY_MONITORS: a model holds at most 100).
     * </pre>
     */
    public void createMonitor(dev.modelreg.v1.CreateMonitorRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateMonitorResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateMonitorMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns one monitor with its current state.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MONITOR_NOT_FOUND).
     * </pre>
     */
    public void getMonitor(dev.modelreg.v1.GetMonitorRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.GetMonitorResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetMonitorMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists monitors by name, of one model (`models/{model}`) or of every model the caller may read
     * (`models/-`).
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE), NOT_FOUND
     * (MODEL_NOT_FOUND).
     * </pre>
     */
    public void listMonitors(dev.modelreg.v1.ListMonitorsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListMonitorsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListMonitorsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deletes a monitor, its history and its service account; nothing more is evaluated.
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MONITOR_NOT_FOUND).
     * </pre>
     */
    public void deleteMonitor(dev.modelreg.v1.DeleteMonitorRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.DeleteMonitorResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteMonitorMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists a monitor's state changes, newest first, each with the value that caused it and the
     * rollback it made.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE), NOT_FOUND
     * (MONITOR_NOT_FOUND).
     * </pre>
     */
    public void listMonitorTransitions(dev.modelreg.v1.ListMonitorTransitionsRequest request,
        io.grpc.stub.StreamObserver<dev.modelreg.v1.ListMonitorTransitionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListMonitorTransitionsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service MonitoringService.
   * <pre>
   * Production monitoring: deployed versions report metrics, the server rolls them up, answers
   * series and comparisons, and evaluates monitors that fire, resolve and can roll an alias back.
   * A point belongs to one version: a point reported through an alias (`m:production`) is stored
   * against the version the alias names when the point arrives. Points are kept raw for the
   * server's raw retention and rolled up into 1-minute and 1-hour buckets (count, sum, min, max and
   * a DDSketch quantile sketch with 1% relative accuracy), each kept for its own retention
   * (`modelreg serve --metrics-retention raw=48h,1m=30d,1h=400d`). Quantiles over any window are
   * merged from buckets, within the sketch's relative accuracy of the quantile of the raw points.
   * Limits (every client-set field): a metric name matches `[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}`
   * (INVALID_METRIC); at most 16 labels per point, keys `[a-zA-Z_][a-zA-Z0-9_]{0,62}` (INVALID_LABEL),
   * values at most 256 characters (INVALID_LABEL); a value must be finite (INVALID_VALUE: NaN or
   * ±Inf); a point's time at most 5 minutes ahead of the server's clock (TIME_IN_FUTURE) and not
   * before the raw retention (TIME_TOO_OLD); at most 10,000 points per request message
   * (TOO_MANY_POINTS). A model has at most `--metrics-max-names` distinct metric names (default 100)
   * and a metric of a version at most `--metrics-max-series` distinct label sets (default 1,000):
   * past either, RESOURCE_EXHAUSTED (TOO_MANY_METRICS, TOO_MANY_SERIES). Each principal may report
   * `--metrics-rate` points per second (default 200,000, with a burst of one second's worth): past
   * it, RESOURCE_EXHAUSTED (RATE_LIMITED) with a google.rpc.RetryInfo saying when to retry.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE);
   * a point's error carries metadata `index` (its position in its request message). A request
   * message that fails stores none of its points.
   * With authentication on, every call can also fail with UNAUTHENTICATED or PERMISSION_DENIED
   * (ROLE_REQUIRED); see AccessService for roles.
   * </pre>
   */
  public static final class MonitoringServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<MonitoringServiceBlockingV2Stub> {
    private MonitoringServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MonitoringServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MonitoringServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Streams batches of points. Each request message is validated whole and stored in one
     * transaction, all of its points or none; the stream's response counts what was stored. When a
     * message fails, the call ends with that message's error (its earlier messages stay stored;
     * the error's metadata `accepted_points` counts them).
     * Role: editor on each point's model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_METRIC, INVALID_LABEL, INVALID_VALUE,
     * TIME_IN_FUTURE, TIME_TOO_OLD, TOO_MANY_POINTS), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND), RESOURCE_EXHAUSTED (TOO_MANY_METRICS, TOO_MANY_SERIES,
     * RATE_LIMITED).
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<dev.modelreg.v1.ReportMetricsRequest, dev.modelreg.v1.ReportMetricsResponse>
        reportMetrics() {
      return io.grpc.stub.ClientCalls.blockingClientStreamingCall(
          getChannel(), getReportMetricsMethod(), getCallOptions());
    }

    /**
     * <pre>
     * One batch of points, stored all or none.
     * Role and errors: as ReportMetrics.
     * </pre>
     */
    public dev.modelreg.v1.BatchReportMetricsResponse batchReportMetrics(dev.modelreg.v1.BatchReportMetricsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getBatchReportMetricsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The metric names a version (or every version of a model) has points for, with their label
     * keys and the time of their newest point, by name.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.ListMetricsResponse listMetrics(dev.modelreg.v1.ListMetricsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListMetricsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * A metric of one version over a window, aggregated per step, and over the whole window. An
     * alias is resolved when the call is made. Steps of at least 1 hour read the hour buckets,
     * steps of at least 1 minute the minute buckets (where those are gone, the coarser ones), and
     * shorter steps the raw points.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_METRIC, INVALID_LABEL, INVALID_WINDOW:
     * not positive, over 400 days, or start after end, INVALID_STEP: not positive, or more than 10,000
     * steps in the window, INVALID_AGGREGATION), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND,
     * ALIAS_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.GetMetricSeriesResponse getMetricSeries(dev.modelreg.v1.GetMetricSeriesRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetMetricSeriesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Two versions of one model over the same window: a champion and a challenger (`m:production`
     * against `m:staging`, or `m:v3` against `m:v4`), each as GetMetricSeries returns it, and the
     * difference of their whole-window values.
     * Role and errors: as GetMetricSeries, plus INVALID_ARGUMENT (TARGET_OF_OTHER_MODEL) when the two
     * references name versions of different models.
     * </pre>
     */
    public dev.modelreg.v1.CompareMetricSeriesResponse compareMetricSeries(dev.modelreg.v1.CompareMetricSeriesRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCompareMetricSeriesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a monitor on an alias. The server evaluates it continuously (every few seconds, one
     * replica at a time): over the trailing `window`, the `aggregation` of `metric` of the version
     * the alias names is compared with the condition; with fewer than `min_samples` points in the
     * window it is never breached. Breached for at least `for_duration`: FIRING (a MONITOR_FIRING
     * event); no longer breached: RESOLVED (MONITOR_RESOLVED). With `rollback`, firing moves the
     * alias back to the version it held before (compare-and-swap against the version evaluated, as
     * the monitor's principal), at most once per `cooldown` and never onto an archived version.
     * The monitor acts as the service account `monitor-{id}`, created with it and bound to the role
     * that moving the alias needs (editor, maintainer for a protected alias), which the caller must
     * hold itself; a rollback that role no longer allows is recorded, not retried.
     * Role: editor on the model (maintainer for a rolling-back monitor on a protected alias).
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, INVALID_METRIC, INVALID_LABEL,
     * INVALID_AGGREGATION, INVALID_WINDOW, INVALID_CONDITION: none or several of below/above/
     * worse_than, a non-finite threshold, or `by_percent` negative, INVALID_REFERENCE: a bad
     * `worse_than.baseline`, INVALID_DURATION: `for_duration` or `cooldown` negative or over 30 days,
     * INVALID_MIN_SAMPLES: below 1, INVALID_DESCRIPTION: over 4096 characters), NOT_FOUND
     * (MODEL_NOT_FOUND, ALIAS_NOT_FOUND), ALREADY_EXISTS (MONITOR_ALREADY_EXISTS),
     * FAILED_PRECONDITION (TOO_MANY_MONITORS: a model holds at most 100).
     * </pre>
     */
    public dev.modelreg.v1.CreateMonitorResponse createMonitor(dev.modelreg.v1.CreateMonitorRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateMonitorMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns one monitor with its current state.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MONITOR_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.GetMonitorResponse getMonitor(dev.modelreg.v1.GetMonitorRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetMonitorMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists monitors by name, of one model (`models/{model}`) or of every model the caller may read
     * (`models/-`).
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE), NOT_FOUND
     * (MODEL_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.ListMonitorsResponse listMonitors(dev.modelreg.v1.ListMonitorsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListMonitorsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a monitor, its history and its service account; nothing more is evaluated.
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MONITOR_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.DeleteMonitorResponse deleteMonitor(dev.modelreg.v1.DeleteMonitorRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getDeleteMonitorMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists a monitor's state changes, newest first, each with the value that caused it and the
     * rollback it made.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE), NOT_FOUND
     * (MONITOR_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.ListMonitorTransitionsResponse listMonitorTransitions(dev.modelreg.v1.ListMonitorTransitionsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListMonitorTransitionsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service MonitoringService.
   * <pre>
   * Production monitoring: deployed versions report metrics, the server rolls them up, answers
   * series and comparisons, and evaluates monitors that fire, resolve and can roll an alias back.
   * A point belongs to one version: a point reported through an alias (`m:production`) is stored
   * against the version the alias names when the point arrives. Points are kept raw for the
   * server's raw retention and rolled up into 1-minute and 1-hour buckets (count, sum, min, max and
   * a DDSketch quantile sketch with 1% relative accuracy), each kept for its own retention
   * (`modelreg serve --metrics-retention raw=48h,1m=30d,1h=400d`). Quantiles over any window are
   * merged from buckets, within the sketch's relative accuracy of the quantile of the raw points.
   * Limits (every client-set field): a metric name matches `[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}`
   * (INVALID_METRIC); at most 16 labels per point, keys `[a-zA-Z_][a-zA-Z0-9_]{0,62}` (INVALID_LABEL),
   * values at most 256 characters (INVALID_LABEL); a value must be finite (INVALID_VALUE: NaN or
   * ±Inf); a point's time at most 5 minutes ahead of the server's clock (TIME_IN_FUTURE) and not
   * before the raw retention (TIME_TOO_OLD); at most 10,000 points per request message
   * (TOO_MANY_POINTS). A model has at most `--metrics-max-names` distinct metric names (default 100)
   * and a metric of a version at most `--metrics-max-series` distinct label sets (default 1,000):
   * past either, RESOURCE_EXHAUSTED (TOO_MANY_METRICS, TOO_MANY_SERIES). Each principal may report
   * `--metrics-rate` points per second (default 200,000, with a burst of one second's worth): past
   * it, RESOURCE_EXHAUSTED (RATE_LIMITED) with a google.rpc.RetryInfo saying when to retry.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE);
   * a point's error carries metadata `index` (its position in its request message). A request
   * message that fails stores none of its points.
   * With authentication on, every call can also fail with UNAUTHENTICATED or PERMISSION_DENIED
   * (ROLE_REQUIRED); see AccessService for roles.
   * </pre>
   */
  public static final class MonitoringServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<MonitoringServiceBlockingStub> {
    private MonitoringServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MonitoringServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MonitoringServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * One batch of points, stored all or none.
     * Role and errors: as ReportMetrics.
     * </pre>
     */
    public dev.modelreg.v1.BatchReportMetricsResponse batchReportMetrics(dev.modelreg.v1.BatchReportMetricsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getBatchReportMetricsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * The metric names a version (or every version of a model) has points for, with their label
     * keys and the time of their newest point, by name.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.ListMetricsResponse listMetrics(dev.modelreg.v1.ListMetricsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListMetricsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * A metric of one version over a window, aggregated per step, and over the whole window. An
     * alias is resolved when the call is made. Steps of at least 1 hour read the hour buckets,
     * steps of at least 1 minute the minute buckets (where those are gone, the coarser ones), and
     * shorter steps the raw points.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_METRIC, INVALID_LABEL, INVALID_WINDOW:
     * not positive, over 400 days, or start after end, INVALID_STEP: not positive, or more than 10,000
     * steps in the window, INVALID_AGGREGATION), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND,
     * ALIAS_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.GetMetricSeriesResponse getMetricSeries(dev.modelreg.v1.GetMetricSeriesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetMetricSeriesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Two versions of one model over the same window: a champion and a challenger (`m:production`
     * against `m:staging`, or `m:v3` against `m:v4`), each as GetMetricSeries returns it, and the
     * difference of their whole-window values.
     * Role and errors: as GetMetricSeries, plus INVALID_ARGUMENT (TARGET_OF_OTHER_MODEL) when the two
     * references name versions of different models.
     * </pre>
     */
    public dev.modelreg.v1.CompareMetricSeriesResponse compareMetricSeries(dev.modelreg.v1.CompareMetricSeriesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCompareMetricSeriesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Creates a monitor on an alias. The server evaluates it continuously (every few seconds, one
     * replica at a time): over the trailing `window`, the `aggregation` of `metric` of the version
     * the alias names is compared with the condition; with fewer than `min_samples` points in the
     * window it is never breached. Breached for at least `for_duration`: FIRING (a MONITOR_FIRING
     * event); no longer breached: RESOLVED (MONITOR_RESOLVED). With `rollback`, firing moves the
     * alias back to the version it held before (compare-and-swap against the version evaluated, as
     * the monitor's principal), at most once per `cooldown` and never onto an archived version.
     * The monitor acts as the service account `monitor-{id}`, created with it and bound to the role
     * that moving the alias needs (editor, maintainer for a protected alias), which the caller must
     * hold itself; a rollback that role no longer allows is recorded, not retried.
     * Role: editor on the model (maintainer for a rolling-back monitor on a protected alias).
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, INVALID_METRIC, INVALID_LABEL,
     * INVALID_AGGREGATION, INVALID_WINDOW, INVALID_CONDITION: none or several of below/above/
     * worse_than, a non-finite threshold, or `by_percent` negative, INVALID_REFERENCE: a bad
     * `worse_than.baseline`, INVALID_DURATION: `for_duration` or `cooldown` negative or over 30 days,
     * INVALID_MIN_SAMPLES: below 1, INVALID_DESCRIPTION: over 4096 characters), NOT_FOUND
     * (MODEL_NOT_FOUND, ALIAS_NOT_FOUND), ALREADY_EXISTS (MONITOR_ALREADY_EXISTS),
     * FAILED_PRECONDITION (TOO_MANY_MONITORS: a model holds at most 100).
     * </pre>
     */
    public dev.modelreg.v1.CreateMonitorResponse createMonitor(dev.modelreg.v1.CreateMonitorRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateMonitorMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns one monitor with its current state.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MONITOR_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.GetMonitorResponse getMonitor(dev.modelreg.v1.GetMonitorRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetMonitorMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists monitors by name, of one model (`models/{model}`) or of every model the caller may read
     * (`models/-`).
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE), NOT_FOUND
     * (MODEL_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.ListMonitorsResponse listMonitors(dev.modelreg.v1.ListMonitorsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListMonitorsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deletes a monitor, its history and its service account; nothing more is evaluated.
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MONITOR_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.DeleteMonitorResponse deleteMonitor(dev.modelreg.v1.DeleteMonitorRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteMonitorMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists a monitor's state changes, newest first, each with the value that caused it and the
     * rollback it made.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE), NOT_FOUND
     * (MONITOR_NOT_FOUND).
     * </pre>
     */
    public dev.modelreg.v1.ListMonitorTransitionsResponse listMonitorTransitions(dev.modelreg.v1.ListMonitorTransitionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListMonitorTransitionsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service MonitoringService.
   * <pre>
   * Production monitoring: deployed versions report metrics, the server rolls them up, answers
   * series and comparisons, and evaluates monitors that fire, resolve and can roll an alias back.
   * A point belongs to one version: a point reported through an alias (`m:production`) is stored
   * against the version the alias names when the point arrives. Points are kept raw for the
   * server's raw retention and rolled up into 1-minute and 1-hour buckets (count, sum, min, max and
   * a DDSketch quantile sketch with 1% relative accuracy), each kept for its own retention
   * (`modelreg serve --metrics-retention raw=48h,1m=30d,1h=400d`). Quantiles over any window are
   * merged from buckets, within the sketch's relative accuracy of the quantile of the raw points.
   * Limits (every client-set field): a metric name matches `[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}`
   * (INVALID_METRIC); at most 16 labels per point, keys `[a-zA-Z_][a-zA-Z0-9_]{0,62}` (INVALID_LABEL),
   * values at most 256 characters (INVALID_LABEL); a value must be finite (INVALID_VALUE: NaN or
   * ±Inf); a point's time at most 5 minutes ahead of the server's clock (TIME_IN_FUTURE) and not
   * before the raw retention (TIME_TOO_OLD); at most 10,000 points per request message
   * (TOO_MANY_POINTS). A model has at most `--metrics-max-names` distinct metric names (default 100)
   * and a metric of a version at most `--metrics-max-series` distinct label sets (default 1,000):
   * past either, RESOURCE_EXHAUSTED (TOO_MANY_METRICS, TOO_MANY_SERIES). Each principal may report
   * `--metrics-rate` points per second (default 200,000, with a burst of one second's worth): past
   * it, RESOURCE_EXHAUSTED (RATE_LIMITED) with a google.rpc.RetryInfo saying when to retry.
   * Every error carries one google.rpc.ErrorInfo (domain `modelreg`, reason in UPPER_SNAKE_CASE);
   * a point's error carries metadata `index` (its position in its request message). A request
   * message that fails stores none of its points.
   * With authentication on, every call can also fail with UNAUTHENTICATED or PERMISSION_DENIED
   * (ROLE_REQUIRED); see AccessService for roles.
   * </pre>
   */
  public static final class MonitoringServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<MonitoringServiceFutureStub> {
    private MonitoringServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected MonitoringServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new MonitoringServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * One batch of points, stored all or none.
     * Role and errors: as ReportMetrics.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.BatchReportMetricsResponse> batchReportMetrics(
        dev.modelreg.v1.BatchReportMetricsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getBatchReportMetricsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * The metric names a version (or every version of a model) has points for, with their label
     * keys and the time of their newest point, by name.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_NAME), NOT_FOUND (MODEL_NOT_FOUND,
     * VERSION_NOT_FOUND, ALIAS_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.ListMetricsResponse> listMetrics(
        dev.modelreg.v1.ListMetricsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListMetricsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * A metric of one version over a window, aggregated per step, and over the whole window. An
     * alias is resolved when the call is made. Steps of at least 1 hour read the hour buckets,
     * steps of at least 1 minute the minute buckets (where those are gone, the coarser ones), and
     * shorter steps the raw points.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_REFERENCE, INVALID_METRIC, INVALID_LABEL, INVALID_WINDOW:
     * not positive, over 400 days, or start after end, INVALID_STEP: not positive, or more than 10,000
     * steps in the window, INVALID_AGGREGATION), NOT_FOUND (MODEL_NOT_FOUND, VERSION_NOT_FOUND,
     * ALIAS_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.GetMetricSeriesResponse> getMetricSeries(
        dev.modelreg.v1.GetMetricSeriesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetMetricSeriesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Two versions of one model over the same window: a champion and a challenger (`m:production`
     * against `m:staging`, or `m:v3` against `m:v4`), each as GetMetricSeries returns it, and the
     * difference of their whole-window values.
     * Role and errors: as GetMetricSeries, plus INVALID_ARGUMENT (TARGET_OF_OTHER_MODEL) when the two
     * references name versions of different models.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.CompareMetricSeriesResponse> compareMetricSeries(
        dev.modelreg.v1.CompareMetricSeriesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCompareMetricSeriesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Creates a monitor on an alias. The server evaluates it continuously (every few seconds, one
     * replica at a time): over the trailing `window`, the `aggregation` of `metric` of the version
     * the alias names is compared with the condition; with fewer than `min_samples` points in the
     * window it is never breached. Breached for at least `for_duration`: FIRING (a MONITOR_FIRING
     * event); no longer breached: RESOLVED (MONITOR_RESOLVED). With `rollback`, firing moves the
     * alias back to the version it held before (compare-and-swap against the version evaluated, as
     * the monitor's principal), at most once per `cooldown` and never onto an archived version.
     * The monitor acts as the service account `monitor-{id}`, created with it and bound to the role
     * that moving the alias needs (editor, maintainer for a protected alias), which the caller must
     * hold itself; a rollback that role no longer allows is recorded, not retried.
     * Role: editor on the model (maintainer for a rolling-back monitor on a protected alias).
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_ALIAS, INVALID_METRIC, INVALID_LABEL,
     * INVALID_AGGREGATION, INVALID_WINDOW, INVALID_CONDITION: none or several of below/above/
     * worse_than, a non-finite threshold, or `by_percent` negative, INVALID_REFERENCE: a bad
     * `worse_than.baseline`, INVALID_DURATION: `for_duration` or `cooldown` negative or over 30 days,
     * INVALID_MIN_SAMPLES: below 1, INVALID_DESCRIPTION: over 4096 characters), NOT_FOUND
     * (MODEL_NOT_FOUND, ALIAS_NOT_FOUND), ALREADY_EXISTS (MONITOR_ALREADY_EXISTS),
     * FAILED_PRECONDITION (TOO_MANY_MONITORS: a model holds at most 100).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.CreateMonitorResponse> createMonitor(
        dev.modelreg.v1.CreateMonitorRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateMonitorMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns one monitor with its current state.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MONITOR_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.GetMonitorResponse> getMonitor(
        dev.modelreg.v1.GetMonitorRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetMonitorMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists monitors by name, of one model (`models/{model}`) or of every model the caller may read
     * (`models/-`).
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE), NOT_FOUND
     * (MODEL_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.ListMonitorsResponse> listMonitors(
        dev.modelreg.v1.ListMonitorsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListMonitorsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deletes a monitor, its history and its service account; nothing more is evaluated.
     * Role: editor on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME), NOT_FOUND (MONITOR_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.DeleteMonitorResponse> deleteMonitor(
        dev.modelreg.v1.DeleteMonitorRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteMonitorMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists a monitor's state changes, newest first, each with the value that caused it and the
     * rollback it made.
     * Role: viewer on the model.
     * Errors: INVALID_ARGUMENT (INVALID_NAME, INVALID_PAGE_TOKEN, INVALID_PAGE_SIZE), NOT_FOUND
     * (MONITOR_NOT_FOUND).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.modelreg.v1.ListMonitorTransitionsResponse> listMonitorTransitions(
        dev.modelreg.v1.ListMonitorTransitionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListMonitorTransitionsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_BATCH_REPORT_METRICS = 0;
  private static final int METHODID_LIST_METRICS = 1;
  private static final int METHODID_GET_METRIC_SERIES = 2;
  private static final int METHODID_COMPARE_METRIC_SERIES = 3;
  private static final int METHODID_CREATE_MONITOR = 4;
  private static final int METHODID_GET_MONITOR = 5;
  private static final int METHODID_LIST_MONITORS = 6;
  private static final int METHODID_DELETE_MONITOR = 7;
  private static final int METHODID_LIST_MONITOR_TRANSITIONS = 8;
  private static final int METHODID_REPORT_METRICS = 9;

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
        case METHODID_BATCH_REPORT_METRICS:
          serviceImpl.batchReportMetrics((dev.modelreg.v1.BatchReportMetricsRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.BatchReportMetricsResponse>) responseObserver);
          break;
        case METHODID_LIST_METRICS:
          serviceImpl.listMetrics((dev.modelreg.v1.ListMetricsRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.ListMetricsResponse>) responseObserver);
          break;
        case METHODID_GET_METRIC_SERIES:
          serviceImpl.getMetricSeries((dev.modelreg.v1.GetMetricSeriesRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.GetMetricSeriesResponse>) responseObserver);
          break;
        case METHODID_COMPARE_METRIC_SERIES:
          serviceImpl.compareMetricSeries((dev.modelreg.v1.CompareMetricSeriesRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.CompareMetricSeriesResponse>) responseObserver);
          break;
        case METHODID_CREATE_MONITOR:
          serviceImpl.createMonitor((dev.modelreg.v1.CreateMonitorRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.CreateMonitorResponse>) responseObserver);
          break;
        case METHODID_GET_MONITOR:
          serviceImpl.getMonitor((dev.modelreg.v1.GetMonitorRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.GetMonitorResponse>) responseObserver);
          break;
        case METHODID_LIST_MONITORS:
          serviceImpl.listMonitors((dev.modelreg.v1.ListMonitorsRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.ListMonitorsResponse>) responseObserver);
          break;
        case METHODID_DELETE_MONITOR:
          serviceImpl.deleteMonitor((dev.modelreg.v1.DeleteMonitorRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.DeleteMonitorResponse>) responseObserver);
          break;
        case METHODID_LIST_MONITOR_TRANSITIONS:
          serviceImpl.listMonitorTransitions((dev.modelreg.v1.ListMonitorTransitionsRequest) request,
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.ListMonitorTransitionsResponse>) responseObserver);
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
        case METHODID_REPORT_METRICS:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.reportMetrics(
              (io.grpc.stub.StreamObserver<dev.modelreg.v1.ReportMetricsResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getReportMetricsMethod(),
          io.grpc.stub.ServerCalls.asyncClientStreamingCall(
            new MethodHandlers<
              dev.modelreg.v1.ReportMetricsRequest,
              dev.modelreg.v1.ReportMetricsResponse>(
                service, METHODID_REPORT_METRICS)))
        .addMethod(
          getBatchReportMetricsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.BatchReportMetricsRequest,
              dev.modelreg.v1.BatchReportMetricsResponse>(
                service, METHODID_BATCH_REPORT_METRICS)))
        .addMethod(
          getListMetricsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.ListMetricsRequest,
              dev.modelreg.v1.ListMetricsResponse>(
                service, METHODID_LIST_METRICS)))
        .addMethod(
          getGetMetricSeriesMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.GetMetricSeriesRequest,
              dev.modelreg.v1.GetMetricSeriesResponse>(
                service, METHODID_GET_METRIC_SERIES)))
        .addMethod(
          getCompareMetricSeriesMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.CompareMetricSeriesRequest,
              dev.modelreg.v1.CompareMetricSeriesResponse>(
                service, METHODID_COMPARE_METRIC_SERIES)))
        .addMethod(
          getCreateMonitorMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.CreateMonitorRequest,
              dev.modelreg.v1.CreateMonitorResponse>(
                service, METHODID_CREATE_MONITOR)))
        .addMethod(
          getGetMonitorMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.GetMonitorRequest,
              dev.modelreg.v1.GetMonitorResponse>(
                service, METHODID_GET_MONITOR)))
        .addMethod(
          getListMonitorsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.ListMonitorsRequest,
              dev.modelreg.v1.ListMonitorsResponse>(
                service, METHODID_LIST_MONITORS)))
        .addMethod(
          getDeleteMonitorMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.DeleteMonitorRequest,
              dev.modelreg.v1.DeleteMonitorResponse>(
                service, METHODID_DELETE_MONITOR)))
        .addMethod(
          getListMonitorTransitionsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.modelreg.v1.ListMonitorTransitionsRequest,
              dev.modelreg.v1.ListMonitorTransitionsResponse>(
                service, METHODID_LIST_MONITOR_TRANSITIONS)))
        .build();
  }

  private static abstract class MonitoringServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    MonitoringServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.modelreg.v1.MonitoringServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("MonitoringService");
    }
  }

  private static final class MonitoringServiceFileDescriptorSupplier
      extends MonitoringServiceBaseDescriptorSupplier {
    MonitoringServiceFileDescriptorSupplier() {}
  }

  private static final class MonitoringServiceMethodDescriptorSupplier
      extends MonitoringServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    MonitoringServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (MonitoringServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new MonitoringServiceFileDescriptorSupplier())
              .addMethod(getReportMetricsMethod())
              .addMethod(getBatchReportMetricsMethod())
              .addMethod(getListMetricsMethod())
              .addMethod(getGetMetricSeriesMethod())
              .addMethod(getCompareMetricSeriesMethod())
              .addMethod(getCreateMonitorMethod())
              .addMethod(getGetMonitorMethod())
              .addMethod(getListMonitorsMethod())
              .addMethod(getDeleteMonitorMethod())
              .addMethod(getListMonitorTransitionsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
