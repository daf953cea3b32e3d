package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelreg.v1.AccessServiceGrpc;
import dev.modelreg.v1.CreateModelRequest;
import dev.modelreg.v1.CreatePrincipalRequest;
import dev.modelreg.v1.CreateTokenRequest;
import dev.modelreg.v1.Event;
import dev.modelreg.v1.EventType;
import dev.modelreg.v1.GetCallerRequest;
import dev.modelreg.v1.GetCallerResponse;
import dev.modelreg.v1.GetModelRequest;
import dev.modelreg.v1.GrantRoleRequest;
import dev.modelreg.v1.PrincipalKind;
import dev.modelreg.v1.Role;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The token option against the real Python server started with {@code --auth}: the bootstrapped
 * admin's token works, a viewer reads but may not write, and calls and watches without a valid
 * token are refused with the server's reasons.
 */
@Timeout(120)
class AuthTest {
  /** A well-formed token ({@code mrt_<12 hex>_<43 chars>}) the server never issued. */
  private static final String UNKNOWN_TOKEN = "mrt_0123456789ab_" + "A".repeat(43);

  private static ServerProcess server;
  private static final List<ModelregClient> clients = new ArrayList<>();
  private static ModelregClient admin;
  private static ModelregClient reader;
  /** The client wraps no AccessService RPC: its generated stub, with the admin's token. */
  private static AccessServiceGrpc.AccessServiceBlockingStub access;

  private static ModelregClient client(String token) throws Exception {
    ModelregClient c = ModelregClient.builder(server.address).token(token)
        .timeout(Duration.ofSeconds(30)).build();
    clients.add(c);
    return c;
  }

  @BeforeAll
  static void start() throws Exception {
    server = ServerProcess.start("--auth");
    String adminToken = server.bootstrap();
    admin = client(adminToken);
    Metadata bearer = new Metadata();
    bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + adminToken);
    access = AccessServiceGrpc.newBlockingStub(admin.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer));

    admin.registry().createModel(CreateModelRequest.newBuilder().setModelId("guarded").build());
    access.createPrincipal(CreatePrincipalRequest.newBuilder().setPrincipalId("reader")
        .setKind(PrincipalKind.PRINCIPAL_KIND_USER).build());
    access.grantRole(GrantRoleRequest.newBuilder().setPrincipal("principals/reader")
        .setRole(Role.ROLE_VIEWER).setModelPattern("*").build());
    reader = client(access.createToken(
        CreateTokenRequest.newBuilder().setParent("principals/reader").build()).getSecret());
  }

  @AfterAll
  static void stop() throws Exception {
    for (ModelregClient c : clients) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** The ModelregException a call throws, generated stubs' errors mapped by ModelregException.from. */
  private static <E extends ModelregException> E refused(Class<E> type, Status.Code code,
      String reason, Executable call) {
    E e = assertThrows(type, () -> {
      try {
        call.execute();
      } catch (RuntimeException raw) {
        throw ModelregException.from(raw);
      }
    });
    assertEquals(code, e.code());
    assertEquals(reason, e.reason(), e.toString());
    assertEquals("modelreg", e.domain());
    assertFalse(e.isRetryable());
    return e;
  }

  @Test
  void bootstrappedAdminTokenIsAccepted() {
    GetCallerResponse caller = access.getCaller(GetCallerRequest.getDefaultInstance());
    assertEquals("principals/admin", caller.getPrincipal().getName());
    assertTrue(caller.getAuthenticationRequired());
    assertEquals("models/made-by-admin", admin.registry().createModel(
        CreateModelRequest.newBuilder().setModelId("made-by-admin").build()).getModel().getName());
  }

  @Test
  void viewerReadsButCannotWrite() throws Exception {
    assertEquals("models/guarded", reader.registry()
        .getModel(GetModelRequest.newBuilder().setName("guarded").build()).getModel().getName());
    assertTrue(reader.eventHead() > 0);

    PermissionDeniedException denied = refused(PermissionDeniedException.class,
        Status.Code.PERMISSION_DENIED, "ROLE_REQUIRED", () -> reader.registry().createModel(
            CreateModelRequest.newBuilder().setModelId("not-yours").build()));
    assertEquals("editor", denied.metadata().get("required_role"));

    // A watch with the viewer's token sees the model's events.
    try (Watch watch = reader.watch(WatchFilter.builder().models("guarded").build(), 0L)) {
      Event first = watch.poll(Duration.ofSeconds(30));
      assertEquals(EventType.EVENT_TYPE_MODEL_CREATED, first == null ? null : first.getType());
    }
  }

  @Test
  void missingOrUnknownTokenIsUnauthenticated() throws Exception {
    ModelregClient anonymous = client(null);
    refused(UnauthenticatedException.class, Status.Code.UNAUTHENTICATED, "TOKEN_MISSING",
        () -> anonymous.resolve("guarded:latest"));
    refused(UnauthenticatedException.class, Status.Code.UNAUTHENTICATED, "TOKEN_MISSING",
        () -> anonymous.registry().getModel(GetModelRequest.newBuilder().setName("guarded").build()));

    ModelregClient unknown = client(UNKNOWN_TOKEN);
    refused(UnauthenticatedException.class, Status.Code.UNAUTHENTICATED, "TOKEN_INVALID",
        unknown::eventHead);

    ModelregClient malformed = client("s3cret");
    refused(UnauthenticatedException.class, Status.Code.UNAUTHENTICATED, "TOKEN_MALFORMED",
        malformed::eventHead);
  }

  @Test
  void watchWithoutValidTokenFails() throws Exception {
    // From now: the head lookup is refused, so watch() itself throws.
    ModelregClient anonymous = client(null);
    refused(UnauthenticatedException.class, Status.Code.UNAUTHENTICATED, "TOKEN_MISSING",
        () -> anonymous.watch(WatchFilter.all(), null).close());

    // From a cursor: the stream is refused, and the watch ends with that error (no reconnecting).
    ModelregClient unknown = client(UNKNOWN_TOKEN);
    try (Watch watch = unknown.watch(WatchFilter.all(), 0L)) {
      refused(UnauthenticatedException.class, Status.Code.UNAUTHENTICATED, "TOKEN_INVALID",
          () -> watch.poll(Duration.ofSeconds(30)));
    }
  }
}
