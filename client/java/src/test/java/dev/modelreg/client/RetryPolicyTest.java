package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.modelreg.v1.MonitoringServiceGrpc;
import dev.modelreg.v1.RegistryServiceGrpc;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The retry policy's rules (RetryPolicy, docs/clients.md 4): which unary calls are sent again,
 * which streams resumed, and the once-only list every client shares
 * (tests/conformance/contract.json's once_only).
 */
class RetryPolicyTest {
  /** An UNAVAILABLE as grpc-java reports it: with a 1 ms RetryInfo, and an ErrorInfo of {@code reason} if not empty. */
  private static StatusRuntimeException unavailable(String reason) {
    com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
        .setCode(Status.Code.UNAVAILABLE.value()).setMessage("refused")
        .addDetails(Any.pack(RetryInfo.newBuilder()
            .setRetryDelay(com.google.protobuf.Duration.newBuilder().setNanos(1_000_000)).build()));
    if (!reason.isEmpty()) {
      status.addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain("modelreg").build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }

  /** The attempts RetryPolicy.unary makes of {@code method} refused every time with {@code reason}. */
  private static int attempts(MethodDescriptor<?, ?> method, String reason) {
    int[] calls = {0};
    assertThrows(UnavailableException.class, () -> RetryPolicy.unary(method, () -> {
      calls[0]++;
      throw unavailable(reason);
    }, null));
    return calls[0];
  }

  @Test
  void onceOnlyCallsAreRetriedOnlyWhenRefusedWithAReason() {
    assertTrue(RetryPolicy.onceOnly(RegistryServiceGrpc.getSetAliasMethod()));
    assertTrue(RetryPolicy.onceOnly(MonitoringServiceGrpc.getCreateMonitorMethod()));
    assertFalse(RetryPolicy.onceOnly(RegistryServiceGrpc.getCreateVersionMethod()));
    assertEquals(RetryPolicy.ATTEMPTS, attempts(RegistryServiceGrpc.getSetAliasMethod(), "DATABASE_BUSY"));
    assertEquals(1, attempts(RegistryServiceGrpc.getSetAliasMethod(), ""));
    assertEquals(RetryPolicy.ATTEMPTS, attempts(RegistryServiceGrpc.getGetVersionMethod(), "DATABASE_BUSY"));
    assertEquals(RetryPolicy.ATTEMPTS, attempts(RegistryServiceGrpc.getGetVersionMethod(), ""));
    assertEquals(RetryPolicy.ATTEMPTS, attempts(RegistryServiceGrpc.getCreateVersionMethod(), ""));
  }

  @Test
  void streamsResumeAfterACutOrAServersReset() {
    for (Status.Code code : List.of(Status.Code.UNAVAILABLE, Status.Code.INTERNAL, Status.Code.UNKNOWN,
        Status.Code.CANCELLED)) {
      assertTrue(RetryPolicy.resumable(ModelregException.of(code, "x", "", "", Map.of(), null)), code.name());
    }
    for (Status.Code code : List.of(Status.Code.DEADLINE_EXCEEDED, Status.Code.NOT_FOUND)) {
      assertFalse(RetryPolicy.resumable(ModelregException.of(code, "x", "", "", Map.of(), null)), code.name());
    }
  }

  @Test
  void aCallTheCallerStoppedIsNotResumed() throws Exception {
    assertFalse(RetryPolicy.callerCancelled());
    Context.CancellableContext context = Context.current().withCancellation();
    context.cancel(null);
    assertTrue(context.call(RetryPolicy::callerCancelled));
    Thread.currentThread().interrupt();
    try {
      assertTrue(RetryPolicy.callerCancelled());
    } finally {
      assertTrue(Thread.interrupted());
    }
  }

  @Test
  void theOnceOnlyListIsTheContracts() throws Exception {
    JsonObject contract = new Gson().fromJson(
        Files.readString(Harness.repoRoot().resolve("tests/conformance/contract.json")), JsonObject.class);
    Map<String, List<String>> want = new TreeMap<>();
    for (Map.Entry<String, com.google.gson.JsonElement> e : contract.getAsJsonObject("once_only").entrySet()) {
      List<String> methods = new ArrayList<>();
      e.getValue().getAsJsonArray().forEach(m -> methods.add(m.getAsString()));
      methods.sort(null);
      want.put(e.getKey(), methods);
    }
    Map<String, List<String>> got = new TreeMap<>();
    RetryPolicy.ONCE_ONLY.forEach((service, methods) -> got.put(service, methods.stream().sorted().toList()));
    assertFalse(want.isEmpty());
    assertEquals(want, got);
  }
}
