package dev.modelreg.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.io.InterruptedIOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The one retry policy of every modelreg client (docs/clients.md 4). A unary call refused with
 * UNAVAILABLE gets {@value #ATTEMPTS} attempts; a stream (upload, download, watch) cut by the
 * transport (UNAVAILABLE, or INTERNAL/UNKNOWN from a reset stream) is resumed until
 * {@value #ATTEMPTS} failures in a row without progress (a watch: for as long as it is open).
 * Before retry n (failures in a row so far, from 0) it waits the server's
 * {@code google.rpc.RetryInfo} delay, else {@code min(5 s, 0.1 s * 2^n) * uniform(0.5, 1)}.
 * Nothing else is retried, never a cancelled call or one whose deadline passed.
 */
final class RetryPolicy {
  /** Attempts of a unary call; failures in a row without progress that end a stream. */
  static final int ATTEMPTS = 8;
  static final long MAX_DELAY_MS = 5000;
  static final long BASE_DELAY_MS = 100;

  private RetryPolicy() {}

  /** Whether a unary call refused with {@code e} is sent again. */
  static boolean retryable(ModelregException e) {
    return !(e instanceof IntegrityException) && e.code() == Status.Code.UNAVAILABLE;
  }

  /** Whether a stream cut with {@code e} is resumed. */
  static boolean resumable(ModelregException e) {
    if (e instanceof IntegrityException || e.code() == null) {
      return false;
    }
    switch (e.code()) {
      case UNAVAILABLE:
      case INTERNAL:
      case UNKNOWN:
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
   * Runs a unary call by the policy: {@code beforeRetry} (e.g. the channel's
   * resetConnectBackoff; may be null) runs before each new attempt.
   */
  static <T> T unary(Supplier<T> call, Runnable beforeRetry) {
    for (int attempt = 0; ; attempt++) {
      ModelregException error;
      try {
        return call.get();
      } catch (RuntimeException e) {
        error = ModelregException.from(e);
      }
      if (!retryable(error) || attempt >= ATTEMPTS - 1) {
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
