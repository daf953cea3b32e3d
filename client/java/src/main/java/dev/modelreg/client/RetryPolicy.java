package dev.modelreg.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The one retry policy of every modelreg client (docs/clients.md 4). A unary call refused with
 * UNAVAILABLE gets {@value #ATTEMPTS} attempts, except a once-only call ({@link #ONCE_ONLY}), sent
 * again only when the server refused it with a reason (DATABASE_BUSY), never when the transport
 * cut it (it may have run). A stream (upload, download, watch) cut with UNAVAILABLE, INTERNAL,
 * UNKNOWN or CANCELLED (what gRPC reports for a stream the server reset) is resumed until
 * {@value #ATTEMPTS} failures in a row without progress (a watch: for as long as it is open).
 * Before retry n (failures in a row so far, from 0) it waits the server's
 * {@code google.rpc.RetryInfo} delay, else {@code min(5 s, 0.1 s * 2^n) * uniform(0.5, 1)}.
 * Nothing else is retried, never a call whose deadline passed or that the caller cancelled,
 * closed or interrupted ({@link #callerCancelled}, which every stream loop checks first).
 */
final class RetryPolicy {
  /** Attempts of a unary call; failures in a row without progress that end a stream. */
  static final int ATTEMPTS = 8;
  static final long MAX_DELAY_MS = 5000;
  static final long BASE_DELAY_MS = 100;

  /**
   * The unary methods that would change something twice if they ran twice, by service: the Python
   * SDK's registry.ONCE_ONLY (docs/clients.md 4), the same list in every client
   * (tests/conformance/contract.json's once_only; RetryPolicyTest checks it).
   */
  static final Map<String, List<String>> ONCE_ONLY = Map.of(
      "modelreg.v1.RegistryService", List.of("CreateModel", "UpdateModel", "DeleteModel",
          "UpdateVersion", "SetAlias", "DeleteAlias", "AddLineage"),
      "modelreg.v1.AccessService", List.of("CreatePrincipal", "DeletePrincipal", "CreateToken",
          "GrantRole", "RevokeRole", "CreateProtectedAlias", "DeleteProtectedAlias"),
      "modelreg.v1.AutomationService", List.of("CreateWebhook", "UpdateWebhook", "DeleteWebhook",
          "TestWebhook", "RetryWebhookDelivery"),
      "modelreg.v1.MonitoringService", List.of("CreateMonitor", "DeleteMonitor"));

  private static final Set<String> ONCE_ONLY_METHODS = ONCE_ONLY.entrySet().stream()
      .flatMap(e -> e.getValue().stream().map(m -> e.getKey() + "/" + m))
      .collect(Collectors.toUnmodifiableSet());

  private RetryPolicy() {}

  /** Whether {@code method} (its full name, {@code modelreg.v1.RegistryService/SetAlias}) is once-only. */
  static boolean onceOnly(MethodDescriptor<?, ?> method) {
    return ONCE_ONLY_METHODS.contains(method.getFullMethodName());
  }

  /** Whether a unary call refused with {@code e} is sent again: on UNAVAILABLE. */
  static boolean retryable(ModelregException e) {
    return retryable(e, false);
  }

  /**
   * Whether a unary call refused with {@code e} is sent again: on UNAVAILABLE, which the server
   * answers to an attempt it refused unchanged; a {@code onceOnly} call only when the server gave
   * a reason, since an UNAVAILABLE without one is the transport's and the call may have run.
   */
  static boolean retryable(ModelregException e, boolean onceOnly) {
    return !(e instanceof IntegrityException) && e.code() == Status.Code.UNAVAILABLE
        && (!onceOnly || !e.reason().isEmpty());
  }

  /**
   * Whether the caller stopped the call it is in: its thread interrupted (grpc-java then cancels a
   * blocking call: CANCELLED) or its gRPC context cancelled. Such a call is never resumed, even
   * though CANCELLED from a server's reset is.
   */
  static boolean callerCancelled() {
    return Thread.currentThread().isInterrupted() || Context.current().isCancelled();
  }

  /**
   * Whether a stream cut with {@code e} is resumed: cut by the transport, or reset by the server
   * (CANCELLED). The caller checks {@link #callerCancelled} first.
   */
  static boolean resumable(ModelregException e) {
    if (e instanceof IntegrityException || e.code() == null) {
      return false;
    }
    switch (e.code()) {
      case UNAVAILABLE:
      case INTERNAL:
      case UNKNOWN:
      case CANCELLED:
        return true;
      default:
        return false;
    }
  }

  /** The wait before retry {@code n} after {@code error}, in milliseconds. */
  static long delayMillis(int n, ModelregException error) {
    Long named = error == null ? null : serverDelay(error);
    if (named != null) {
      return named;
    }
    long base = Math.min(MAX_DELAY_MS, BASE_DELAY_MS << Math.min(n, 16));
    return (long) (base * ThreadLocalRandom.current().nextDouble(0.5, 1.0));
  }

  /** The delay the server named in RetryInfo, or null. */
  static Long serverDelay(ModelregException error) {
    Throwable cause = error.getCause();
    if (cause == null) {
      return null;
    }
    com.google.rpc.Status details = StatusProto.fromThrowable(cause);
    if (details == null) {
      return null;
    }
    for (Any any : details.getDetailsList()) {
      if (any.is(RetryInfo.class)) {
        try {
          com.google.protobuf.Duration d = any.unpack(RetryInfo.class).getRetryDelay();
          return Math.max(0, d.getSeconds() * 1000 + d.getNanos() / 1_000_000);
        } catch (InvalidProtocolBufferException e) {
          return null;
        }
      }
    }
    return null;
  }

  /**
   * Runs a unary call of {@code method} by the policy: {@code beforeRetry} (e.g. the channel's
   * resetConnectBackoff; may be null) runs before each new attempt.
   */
  static <T> T unary(MethodDescriptor<?, ?> method, Supplier<T> call, Runnable beforeRetry) {
    boolean onceOnly = onceOnly(method);
    for (int attempt = 0; ; attempt++) {
      ModelregException error;
      try {
        return call.get();
      } catch (RuntimeException e) {
        error = ModelregException.from(e);
      }
      if (!retryable(error, onceOnly) || attempt >= ATTEMPTS - 1) {
        throw error;
      }
      try {
        sleep(delayMillis(attempt, error));
      } catch (InterruptedIOException interrupted) {
        throw error;
      }
      if (beforeRetry != null) {
        beforeRetry.run();
      }
    }
  }

  static void sleep(long ms) throws InterruptedIOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }
}
