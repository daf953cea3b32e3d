package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelreg.examples.Follow;
import dev.modelreg.v1.ChunkAtOffset;
import dev.modelreg.v1.DownloadVersionRequest;
import dev.modelreg.v1.DownloadVersionResponse;
import dev.modelreg.v1.Event;
import dev.modelreg.v1.EventType;
import dev.modelreg.v1.Version;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library against the real server of the conformance harness, beyond the shared scenarios.
 * These tests only read, or move aliases of their own ({@code java-*}), so they do not disturb the
 * scenarios whichever class runs first.
 */
@Timeout(120)
class ClientTest {
  private static Harness harness;
  private static ModelregClient client;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    harness = Harness.shared();
    client = ModelregClient.builder(harness.address()).timeout(Duration.ofSeconds(30)).build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void errorsCarryCodeReasonAndDomain() {
    NotFoundException e = assertThrows(NotFoundException.class,
        () -> client.resolve(harness.model() + ":v99"));
    assertEquals(Status.Code.NOT_FOUND, e.code());
    assertEquals("VERSION_NOT_FOUND", e.reason());
    assertEquals("modelreg", e.domain());
    assertFalse(e.isRetryable());
    InvalidArgumentException bad = assertThrows(InvalidArgumentException.class,
        () -> client.resolve("Not A Reference"));
    assertEquals("INVALID_REFERENCE", bad.reason());
    assertTrue(bad.toString().contains("[INVALID_REFERENCE]"), bad.toString());
  }

  @Test
  void resolveReturnsTheVersionWithoutFilesAndGetVersionWithThem() throws Exception {
    Version basic = client.resolve(harness.model() + ":v1");
    assertEquals(1, basic.getNumber());
    assertEquals(harness.digest(1), basic.getDigest());
    assertEquals(0, basic.getFilesCount());
    Version full = client.getVersion(harness.model() + ":v1", true);
    // Setup version 1 (tests/conformance/scenarios.json): as many files as its source tree.
    assertEquals(TestFiles.files(harness.source(1)).size(), full.getFilesCount());
    assertTrue(full.getFilesList().stream().anyMatch(f -> f.getPath().equals("weights/tensor.f32")),
        "the f32 tensor is listed");
    assertEquals(full.getFileCount(), full.getFilesCount());
  }

  @Test
  void pullRefusesAnExistingDestinationAndOverwritesOnRequest() throws Exception {
    Path dest = tmp.resolve("model");
    Files.createDirectories(dest);
    Files.writeString(dest.resolve("stale.txt"), "stale");
    assertThrows(FileAlreadyExistsException.class,
        () -> client.pull(harness.model() + ":v2", dest));
    assertEquals(Set.of("stale.txt"), TestFiles.others(dest), "untouched");
    AtomicLong progress = new AtomicLong();
    Version v = client.pull(harness.model() + ":v2", dest, true, progress::set);
    assertEquals(2, v.getNumber());
    assertEquals(v.getTotalSize(), progress.get());
    TestFiles.assertSameTree(harness.source(2), dest);
    assertEquals(Set.of("model"), TestFiles.others(tmp), "no temporary directory left");
  }

  @Test
  void pullIsBatchedAndByteIdentical() throws Exception {
    Path dest = tmp.resolve("batched");
    Version v = client.pull(harness.model() + ":v1", dest);
    TestFiles.assertSameTree(harness.source(1), dest);

    // The request pull makes, on the raw stub: messages carry several consecutive chunks.
    Iterator<DownloadVersionResponse> stream = client.transfer().downloadVersion(
        DownloadVersionRequest.newBuilder().setName(v.getName())
            .setMaxMessageBytes(ModelregClient.MESSAGE_BYTES).build());
    List<Integer> counts = new ArrayList<>();
    long offset = 0;
    while (stream.hasNext()) {
      DownloadVersionResponse message = stream.next();
      counts.add(message.getItemsCount());
      for (ChunkAtOffset item : message.getItemsList()) {
        assertEquals(offset, item.getOffset());
        offset += item.getChunk().getRawSize();
      }
    }
    assertEquals(v.getTotalSize(), offset);
    assertTrue(counts.stream().anyMatch(n -> n > 1), "items per message: " + counts);
  }

  @Test
  void watchReplaysFromACursorAndStopsWhenClosed() throws Exception {
    WatchFilter filter = WatchFilter.builder().models(harness.model())
        .types("VERSION_CREATED").progressInterval(Duration.ofMillis(200)).build();
    List<Long> versions = new ArrayList<>();
    try (Watch watch = client.watch(filter, 0L)) {
      for (int i = 0; i < 2; i++) {
        Event e = watch.poll(Duration.ofSeconds(20));
        assertNotNull(e, "replayed event");
        assertEquals(EventType.EVENT_TYPE_VERSION_CREATED, e.getType());
        versions.add(e.getVersion());
      }
      assertEquals(List.of(1L, 2L), versions);
      assertNull(watch.poll(Duration.ofMillis(700)), "no more matching events");
      assertTrue(watch.lastSequence().getAsLong() >= 2, "progress advances the cursor");
      AtomicReference<Boolean> hasNext = new AtomicReference<>();
      Thread iterating = new Thread(() -> hasNext.set(watch.hasNext()));
      iterating.start();
      Thread.sleep(200);
      watch.close();
      iterating.join(10_000);
      assertFalse(iterating.isAlive(), "close() wakes a blocked iterator");
      assertEquals(Boolean.FALSE, hasNext.get());
    }
  }

  @Test
  void watchWithACursorPastTheHeadFailsWithOutOfRange() throws Exception {
    long head = client.eventHead();
    try (Watch watch = client.watch(WatchFilter.all(), head + 1000)) {
      OutOfRangeException e = assertThrows(OutOfRangeException.class,
          () -> watch.poll(Duration.ofSeconds(20)));
      assertEquals("CURSOR_AHEAD", e.reason());
    }
  }

  @Test
  void unknownEventTypeNameIsRefused() {
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
        () -> WatchFilter.builder().types("NO_SUCH_TYPE"));
    assertEquals("INVALID_EVENT_TYPE", e.reason());
    assertEquals(EventType.EVENT_TYPE_ALIAS_SET, WatchFilter.eventType("alias_set"));
  }

  @Test
  void followDeploysEachMoveOfTheAlias() throws Exception {
    String alias = "java-follow";
    harness.setAlias(alias, 1);
    Path dir = tmp.resolve("agent");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (Follow follow = new Follow(client, harness.model(), alias, dir, log)) {
      Thread agent = new Thread(() -> {
        try {
          follow.run();
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      agent.start();
      waitFor(dir.resolve("versions/1"));
      TestFiles.assertSameTree(harness.source(1), dir.resolve("versions/1"));
      harness.setAlias(alias, 2);
      waitFor(dir.resolve("versions/2"));
      TestFiles.assertSameTree(harness.source(2), dir.resolve("versions/2"));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!Files.readSymbolicLink(dir.resolve("current")).toString().equals("versions/2")
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(Path.of("versions/2"), Files.readSymbolicLink(dir.resolve("current")));
      follow.close();
      agent.join(10_000);
      assertFalse(agent.isAlive(), "the agent stops when closed");
    }
    assertNull(failure.get(), () -> "agent failed: " + failure.get());
    assertTrue(Files.exists(dir.resolve(".sequence")), "resume point saved");
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("moved 1 -> 2"), out.toString());
  }

  private static void waitFor(Path path) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.exists(path) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(Files.exists(path), path + " did not appear within 30s");
  }
}
