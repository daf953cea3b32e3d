package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings.resolve and RetryPolicy beyond the contract scenarios (docs/clients.md 1, 2, 4). */
class SettingsAndRetryTest {
  @Test
  void loopbackForms() {
    for (String a : new String[] {"localhost:1", "127.0.0.1:1", "127.255.0.3:9", "[::1]:1",
        "unix:/tmp/s.sock", "dns:///localhost:1", "ipv4:127.0.0.1:1,127.0.0.2:2", "LOCALHOST:1"}) {
      assertTrue(Settings.isLoopback(a), a);
    }
    for (String a : new String[] {"registry.example:1", "128.0.0.1:1", "[::2]:1", "127.0.0:1",
        "ipv4:127.0.0.1:1,10.0.0.1:2", "dns:///registry.example:1", "localhost.evil:1",
        "127.0.0.1.example:1"}) {
      assertFalse(Settings.isLoopback(a), a);
    }
  }

  @Test
  void builderOptionsWinAndPlaintextIgnoresTheEnvironment() {
    Map<String, String> env = Map.of("MODELREG_SERVER", "registry.example:443",
        "MODELREG_TLS_CA", "/ca.pem", "MODELREG_TOKEN", "mrt_env");
    Settings s = Settings.resolve(env, new ClientOptions().server("127.0.0.1:7").plaintext(true));
    assertEquals("127.0.0.1:7", s.server());
    assertEquals("mrt_env", s.token());
    assertFalse(s.tls());
    assertEquals("", s.tlsCa());
    FailedPreconditionException e = assertThrows(FailedPreconditionException.class,
        () -> Settings.resolve(env, new ClientOptions().plaintext(true)));
    assertEquals("PLAINTEXT_TOKEN", e.reason());
    assertTrue(e.getMessage().contains("allowPlaintextToken"), e.getMessage());
    assertTrue(Settings.resolve(Map.of("MODELREG_TLS", "yes"), null).tls());
    assertFalse(Settings.resolve(Map.of("MODELREG_TLS", "0"), null).tls());
  }

  @Test
  void theBuilderResolvesFromTheGivenEnvironment() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> ModelregClient.builder().build(Map.of("MODELREG_TLS_KEY", "/k.pem")));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals("INCOMPLETE_CLIENT_CERTIFICATE", e.reason());
  }

  @Test
  void backoffIsHalfToFullOfTheCappedDoubling() {
    for (int n = 0; n < 12; n++) {
      long cap = Math.min(5000, 100L << n);
      for (int i = 0; i < 50; i++) {
        long d = RetryPolicy.delayMillis(n, null);
        assertTrue(d >= cap / 2 && d <= cap, n + ": " + d);
      }
    }
  }

  @Test
  void onlyUnavailableIsRetriedAndStreamsResumeOnResets() {
    ModelregException unavailable = ModelregException.of(Status.Code.UNAVAILABLE, "x", "", "",
        Map.of(), null);
    ModelregException internal = ModelregException.of(Status.Code.INTERNAL, "x", "", "",
        Map.of(), null);
    ModelregException deadline = ModelregException.of(Status.Code.DEADLINE_EXCEEDED, "x", "", "",
        Map.of(), null);
    assertTrue(RetryPolicy.retryable(unavailable));
    assertFalse(RetryPolicy.retryable(internal));
    assertTrue(RetryPolicy.resumable(internal));
    assertFalse(RetryPolicy.resumable(deadline));
    assertFalse(RetryPolicy.resumable(new IntegrityException("x", "CHUNK_DIGEST_MISMATCH")));
    int[] calls = {0};
    assertThrows(UnavailableException.class, () -> RetryPolicy.unary(
        dev.modelreg.v1.RegistryServiceGrpc.getGetVersionMethod(), () -> {
          calls[0]++;
          throw io.grpc.Status.UNAVAILABLE.asRuntimeException();
        }, null));
    assertEquals(RetryPolicy.ATTEMPTS, calls[0]);
  }
}
