package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Grpc;
import io.grpc.HandlerRegistry;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.io.TempDir;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bearer token on the wire: a bare gRPC server (no modelreg logic: it records the request
 * headers and refuses every call as UNAUTHENTICATED) shows the exact header the client sends, in
 * plaintext and over TLS with a CA file, which the real server (lenient about the scheme's case and
 * surrounding spaces) cannot. How the real server started with --auth treats tokens, missing ones
 * included, is tested in {@link AuthTest}.
 */
@Timeout(60)
class TokenAndTlsTest {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @TempDir Path tmp;

  private static Server recordingServer(AtomicReference<String> seen) throws Exception {
    return recordingServer(seen, InsecureServerCredentials.create());
  }

  private static Server recordingServer(AtomicReference<String> seen, ServerCredentials creds)
      throws Exception {
    MethodDescriptor.Marshaller<InputStream> raw = new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(InputStream value) {
        return value;
      }

      @Override
      public InputStream parse(InputStream stream) {
        return stream;
      }
    };
    HandlerRegistry registry = new HandlerRegistry() {
      @Override
      public ServerMethodDefinition<?, ?> lookupMethod(String method, String authority) {
        MethodDescriptor<InputStream, InputStream> descriptor =
            MethodDescriptor.<InputStream, InputStream>newBuilder()
                .setType(MethodDescriptor.MethodType.UNKNOWN)
                .setFullMethodName(method)
                .setRequestMarshaller(raw)
                .setResponseMarshaller(raw)
                .build();
        ServerCallHandler<InputStream, InputStream> handler = (call, headers) -> {
          seen.set(headers.get(AUTHORIZATION) == null ? "<none>" : headers.get(AUTHORIZATION));
          call.close(Status.UNAUTHENTICATED.withDescription("recorded"), new Metadata());
          return new ServerCall.Listener<>() {};
        };
        return ServerMethodDefinition.create(descriptor, handler);
      }
    };
    return Grpc.newServerBuilderForPort(0, creds)
        .fallbackHandlerRegistry(registry).build().start();
  }

  @Test
  void bearerTokenIsSentWithEveryCall() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    Server server = recordingServer(seen);
    try (ModelregClient client = ModelregClient.builder("127.0.0.1:" + server.getPort())
        .token("s3cret").timeout(Duration.ofSeconds(10)).build()) {
      UnauthenticatedException e = assertThrows(UnauthenticatedException.class,
          () -> client.resolve("m:v1"));
      assertEquals(Status.Code.UNAUTHENTICATED, e.code());
      assertEquals("Bearer s3cret", seen.get());
      seen.set(null);
      assertThrows(UnauthenticatedException.class, client::eventHead);
      assertEquals("Bearer s3cret", seen.get());
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void unreachableServerIsUnavailable() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    Server server = recordingServer(seen);
    int port = server.getPort();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    try (ModelregClient client = ModelregClient.builder("127.0.0.1:" + port)
        .timeout(Duration.ofSeconds(10)).build()) {
      UnavailableException e = assertThrows(UnavailableException.class, () -> client.resolve("m:v1"));
      assertEquals(true, e.isRetryable());
      assertNull(seen.get());
    }
  }

  private static void keytool(String... args) throws Exception {
    Path bin = Path.of(System.getProperty("java.home"), "bin", "keytool");
    String[] command = new String[args.length + 1];
    command[0] = bin.toString();
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "keytool timed out");
    assertEquals(0, p.exitValue(), out);
  }

  @Test
  void tlsWithACaFileCarriesTheToken() throws Exception {
    Path store = tmp.resolve("server.p12");
    Path cert = tmp.resolve("ca.pem");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(),
        "-storepass", "changeit", "-file", cert.toString());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "changeit".toCharArray());
    ServerCredentials creds = TlsServerCredentials.newBuilder()
        .keyManager(kmf.getKeyManagers()).build();
    AtomicReference<String> seen = new AtomicReference<>();
    Server server = recordingServer(seen, creds);
    try {
      try (ModelregClient client = ModelregClient.builder("127.0.0.1:" + server.getPort())
          .tls(cert).token("over-tls").timeout(Duration.ofSeconds(10)).build()) {
        assertThrows(UnauthenticatedException.class, () -> client.resolve("m:v1"));
        assertEquals("Bearer over-tls", seen.get(), "the call got through the TLS handshake");
      }
      seen.set(null);
      try (ModelregClient plain = ModelregClient.builder("127.0.0.1:" + server.getPort())
          .plaintext().timeout(Duration.ofSeconds(10)).build()) {
        assertThrows(UnavailableException.class, () -> plain.resolve("m:v1"));
        assertNull(seen.get(), "a plaintext client cannot talk to a TLS server");
      }
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
