package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.modelreg.v1.FileEntry;
import dev.modelreg.v1.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Push against a real server of the test's own ({@link ServerProcess}), checked against the
 * Python SDK (src/test/python/push_peer.py): the same chunk digests and version digest as its
 * scan of the directory, nothing sent by a Python push after the Java one nor by a Java push
 * after that, the Java-pushed version pulled by Python byte for byte; an interrupted push that is
 * run again sends only the rest; bad input is refused before anything is sent.
 */
@Timeout(300)
class PushTest {
  static ServerProcess server;
  static ModelregClient client;
  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    server = ServerProcess.start();
    client = ModelregClient.builder(server.address).build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Progress calls recorded as (phase, done, total). */
  record Call(String phase, long done, long total) {}

  static byte[] random(long seed, int size) {
    byte[] out = new byte[size];
    new Random(seed).nextBytes(out);
    return out;
  }

  static byte[] floats(long seed, int count) {
    Random rng = new Random(seed);
    ByteBuffer b = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      b.putFloat((float) (rng.nextGaussian() * 0.02));
    }
    return b.array();
  }

  /**
   * A safetensors file: an F32, a BF16 and an F16 tensor, a run of tiny I32 tensors (joined into
   * one stretch) and __metadata__; the header padded with spaces as writers do.
   */
  static byte[] safetensors(long seed) throws Exception {
    String[][] specs = {
        {"embed.weight", "F32", String.valueOf(400_000 * 4)},
        {"norm.a", "I32", "1024"}, {"norm.b", "I32", "2048"}, {"norm.c", "I32", "512"},
        {"head.weight", "BF16", String.valueOf(300_000 * 2)},
        {"proj.weight", "F16", String.valueOf(200_000 * 2)},
    };
    StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\",\"seed\":\"" + seed + "\"}");
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (String[] s : specs) {
      int size = Integer.parseInt(s[2]);
      int start = data.size();
      byte[] bytes = s[1].equals("I32") ? random(seed + start, size) : floats(seed + start, size / 4 + 1);
      data.write(bytes, 0, size);
      header.append(",\"").append(s[0]).append("\":{\"dtype\":\"").append(s[1])
          .append("\",\"shape\":[").append(size).append("],\"data_offsets\":[").append(start)
          .append(",").append(data.size()).append("]}");
    }
    header.append("}");
    while ((header.length() + 8) % 8 != 0) {
      header.append(' ');
    }
    byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
    out.write(h);
    out.write(data.toByteArray());
    return out.toByteArray();
  }

  /**
   * The model directory: several files, an empty one, one of several chunks, a safetensors; every
   * non-empty file depends on the seed, so no chunk is on the server before its first push.
   */
  static Path model(Path dir, long seed) throws Exception {
    Files.createDirectories(dir.resolve("weights"));
    Files.createDirectories(dir.resolve("bin"));
    Files.writeString(dir.resolve("config.json"), "{\"hidden\": 384, \"seed\": " + seed + "}\n");
    Files.write(dir.resolve("empty.txt"), new byte[0]);
    Files.write(dir.resolve("weights/big.bin"), random(seed, 6_500_000));
    Files.write(dir.resolve("weights/model.safetensors"), safetensors(seed));
    Files.writeString(dir.resolve("bin/run.sh"), "#!/bin/sh\necho run " + seed + "\n");
    Files.setPosixFilePermissions(dir.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve("tokenizer.txt"), ("token " + seed + "\n").repeat(20_000));
    return dir;
  }

  static long uploadTotal(List<Call> calls) {
    return calls.stream().filter(c -> c.phase().equals("upload")).reduce((a, b) -> b)
        .map(Call::total).orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"always", "never", "auto"})
  void pushMatchesThePythonSdkAndPeersSendNothing(String mode) throws Exception {
    Path dir = model(tmp.resolve("model"), mode.hashCode());
    String name = "java-push-" + mode;
    List<Call> calls = new CopyOnWriteArrayList<>();
    Version pushed = client.push(name, dir, PushOptions.builder().compress(mode)
        .aliases("staging").metrics(Map.of("f1", 0.9)).tags(Map.of("team", "nlp"))
        .description("from java").onProgress((p, d, t) -> calls.add(new Call(p, d, t))).build());
    assertEquals(1, pushed.getNumber());

    // The Python SDK's scan of the same directory: the version digest and every file's chunks.
    JsonObject scan = PushPeer.run("scan", dir.toString());
    assertEquals(scan.get("digest").getAsString(), pushed.getDigest(), "version digest");
    Version full = client.getVersion(name + ":staging", true);
    assertEquals(pushed.getDigest(), full.getDigest());
    assertEquals(0.9, full.getMetricsOrThrow("f1"));
    assertEquals("nlp", full.getTagsOrThrow("team"));
    JsonArray files = scan.getAsJsonArray("files");
    assertEquals(files.size(), full.getFilesCount());
    for (int i = 0; i < files.size(); i++) {
      JsonObject want = files.get(i).getAsJsonObject();
      FileEntry got = full.getFiles(i);
      assertEquals(want.get("path").getAsString(), got.getPath());
      assertEquals(want.get("size").getAsLong(), got.getSize(), got.getPath());
      assertEquals(want.get("mode").getAsInt(), got.getMode(), got.getPath());
      assertEquals(want.get("tree_digest").getAsString(), got.getTreeDigest(), got.getPath());
      List<String> chunks = new ArrayList<>();
      for (JsonElement c : want.getAsJsonArray("chunks")) {
        chunks.add(c.getAsJsonArray().get(0).getAsString() + ":" + c.getAsJsonArray().get(1).getAsLong());
      }
      assertEquals(chunks, got.getChunksList().stream().map(c -> c.getDigest() + ":" + c.getSize())
          .toList(), got.getPath());
    }
    FileEntry big = full.getFilesList().stream().filter(f -> f.getPath().equals("weights/big.bin"))
        .findFirst().orElseThrow();
    assertTrue(big.getChunksCount() > 1, "big.bin is several chunks");
    FileEntry st = full.getFilesList().stream()
        .filter(f -> f.getPath().equals("weights/model.safetensors")).findFirst().orElseThrow();
    assertTrue(st.getChunksCount() >= 4, "the safetensors file is cut at its header and tensors");

    // Progress: the scan covers every byte, the upload every missing chunk's bytes.
    long bytes = full.getFilesList().stream().mapToLong(FileEntry::getSize).sum();
    assertEquals(new Call("scan", 0, bytes), calls.get(0));
    assertTrue(calls.contains(new Call("scan", bytes, bytes)), "scan reaches its total");
    // A fresh server holds none of them: every distinct chunk is sent, once.
    Map<String, Long> distinct = new java.util.HashMap<>();
    full.getFilesList().stream().flatMap(f -> f.getChunksList().stream())
        .forEach(c -> distinct.put(c.getDigest(), c.getSize()));
    long chunkBytes = distinct.values().stream().mapToLong(Long::longValue).sum();
    assertEquals(chunkBytes, uploadTotal(calls));
    assertEquals(new Call("upload", chunkBytes, chunkBytes), calls.get(calls.size() - 1));

    // Python after Java, then Java after Python: FindMissingChunks finds everything.
    JsonObject python = PushPeer.run("push", server.address, name, dir.toString(), mode);
    assertEquals(0, python.get("upload_total").getAsLong(), "a Python push after Java's sends nothing");
    assertEquals(pushed.getDigest(), python.get("digest").getAsString());
    List<Call> again = new CopyOnWriteArrayList<>();
    Version third = client.push(name, dir, PushOptions.builder().compress(mode)
        .onProgress((p, d, t) -> again.add(new Call(p, d, t))).build());
    assertEquals(0, uploadTotal(again), "a Java push after Python's sends nothing");
    assertEquals(pushed.getDigest(), third.getDigest());
    assertEquals(3, third.getNumber());

    // Python pulls what Java pushed, byte for byte and mode for mode.
    Path dest = tmp.resolve("pulled");
    JsonObject pulled = PushPeer.run("pull", server.address, name + ":1", dest.toString());
    assertEquals(pushed.getDigest(), pulled.get("digest").getAsString());
    TestFiles.assertSameTree(dir, dest);
  }

  @Test
  void symlinksAreListedAsPythonListsThem() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("shared.txt"), "shared weights\n");
    Path dir = Files.createDirectories(tmp.resolve("links/real"));
    Files.writeString(dir.resolve("own.txt"), "own\n");
    Files.createSymbolicLink(dir.resolve("linked.txt"), outside.resolve("shared.txt"));
    Files.createSymbolicLink(dir.resolve("linked-dir"), outside);
    Path root = Files.createSymbolicLink(tmp.resolve("links/root"), dir);
    Version v = client.push("java-push-links", root);
    assertEquals(List.of("linked.txt", "own.txt"), client.getVersion("java-push-links:1", true)
        .getFilesList().stream().map(FileEntry::getPath).toList(),
        "a file symlink is followed, a directory symlink is not");
    assertEquals(PushPeer.run("scan", root.toString()).get("digest").getAsString(), v.getDigest());
  }

  @ParameterizedTest
  @ValueSource(strings = {"rewritten", "truncated"})
  void aFileChangedWhileItIsPushedIsReportedAndNotCommitted(String change) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("changing"));
    Path file = dir.resolve("weights.bin");
    Files.write(file, random(change.length(), 3_000_000));
    IntegrityException e = assertThrows(IntegrityException.class, () -> client.push(
        "java-changing-" + change, dir, PushOptions.builder().compress("never").onProgress((p, d, t) -> {
          if (p.equals("upload") && d == 0) {
            try {
              Files.write(file, change.equals("rewritten") ? random(7, 3_000_000) : new byte[10]);
            } catch (IOException io) {
              throw new java.io.UncheckedIOException(io);
            }
          }
        }).build()));
    assertEquals(change.equals("rewritten") ? "CHUNK_DIGEST_MISMATCH" : "FILE_CHANGED", e.reason());
    assertEquals(file + " changed while it was being pushed", e.getMessage());
    assertThrows(NotFoundException.class, () -> client.resolve("java-changing-" + change + ":latest"));
  }

  @Test
  void aSingleFileIsPushedUnderItsName() throws Exception {
    Path file = tmp.resolve("weights.safetensors");
    Files.write(file, safetensors(99));
    Version v = client.push("java-push-file", file);
    assertEquals(PushPeer.run("scan", file.toString()).get("digest").getAsString(), v.getDigest());
    assertEquals(List.of("weights.safetensors"), client.getVersion("java-push-file:1", true)
        .getFilesList().stream().map(FileEntry::getPath).toList());
  }

  /** 96 MB of random bytes in two files: more than one of the server's 64 MiB commit batches. */
  static Path large(Path dir, long seed) throws Exception {
    Files.createDirectories(dir);
    for (String name : new String[] {"a.bin", "b.bin"}) {
      try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
        for (int i = 0; i < 6; i++) {
          out.write(random(seed + name.hashCode() + i, 8_000_000));
        }
      }
    }
    return dir;
  }

  /**
   * A push stopped by its progress callback after 80 of 96 MB: the server has committed its first
   * 64 MiB batch (it commits a stream's chunks every 64 MiB and keeps all but the last batch of a
   * stream that ends in an error), so running the push again sends less.
   */
  @Test
  void anInterruptedPushRunAgainSendsOnlyWhatIsMissing() throws Exception {
    Path dir = large(tmp.resolve("resume"), 1);
    RuntimeException stop = new RuntimeException("stopped by the test");
    List<Call> first = new CopyOnWriteArrayList<>();
    RuntimeException thrown = assertThrows(RuntimeException.class, () -> client.push("java-resume",
        dir, PushOptions.builder().compress("never").onProgress((p, d, t) -> {
          first.add(new Call(p, d, t));
          if (p.equals("upload") && d >= 80_000_000) {
            throw stop;
          }
        }).build()));
    assertSame(stop, thrown);
    assertThrows(NotFoundException.class, () -> client.resolve("java-resume:latest"),
        "nothing was committed");
    long total = uploadTotal(first);
    assertEquals(96_000_000, total, "the first push had every chunk to send");

    List<Call> second = new CopyOnWriteArrayList<>();
    Version v = client.push("java-resume", dir, PushOptions.builder().compress("never")
        .onProgress((p, d, t) -> second.add(new Call(p, d, t))).build());
    long rest = uploadTotal(second);
    assertTrue(rest < total, "the second push sends less: " + rest + " of " + total);
    assertTrue(rest > 0, "what the first push never sent is sent now");
    assertEquals(PushPeer.run("scan", dir.toString()).get("digest").getAsString(), v.getDigest());
    Path dest = tmp.resolve("resumed");
    client.pull("java-resume:1", dest);
    TestFiles.assertSameTree(dir, dest);
  }

  @Test
  void badInputIsRefusedBeforeAnythingIsSent() throws Exception {
    Path colon = Files.createDirectories(tmp.resolve("colon"));
    Files.writeString(colon.resolve("a:b.txt"), "x");
    InvalidArgumentException invalid = assertThrows(InvalidArgumentException.class,
        () -> client.push("java-bad", colon));
    assertEquals("INVALID_PATH", invalid.reason());
    assertEquals("a:b.txt", invalid.metadata().get("path"));
    assertTrue(invalid.getMessage().startsWith("cannot push " + colon + ": "), invalid.getMessage());

    Path twins = Files.createDirectories(tmp.resolve("twins"));
    Files.writeString(twins.resolve("Model.bin"), "x");
    Files.writeString(twins.resolve("model.bin"), "y");
    InvalidArgumentException collision = assertThrows(InvalidArgumentException.class,
        () -> client.push("java-bad", twins));
    assertEquals("PATH_COLLISION", collision.reason());

    assertThrows(NoSuchFileException.class, () -> client.push("java-bad", tmp.resolve("missing")));
    IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
        () -> PushOptions.builder().compress("fast"));
    assertEquals("compress must be one of auto, always, never, not \"fast\"", mode.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PushOptions.builder().attempts(0));

    // The server's own refusals come back as they are, and create nothing either.
    Path ok = Files.createDirectories(tmp.resolve("ok"));
    Files.writeString(ok.resolve("a.txt"), "a");
    InvalidArgumentException alias = assertThrows(InvalidArgumentException.class,
        () -> client.push("java-bad", ok, PushOptions.builder().aliases("Not An Alias").build()));
    assertNotEquals("", alias.reason());
    assertThrows(NotFoundException.class, () -> client.resolve("java-bad:latest"));
  }

  /**
   * Relays 127.0.0.1:port to the server, counting the bytes each connection sends upstream; the
   * next connection is cut once it has sent {@code cutAfter} bytes (-1: none).
   */
  static final class UpstreamRelay implements AutoCloseable {
    final ServerSocket listener;
    final AtomicLong cutAfter = new AtomicLong(-1);
    final List<AtomicLong> upstream = new CopyOnWriteArrayList<>();
    private final int port;

    UpstreamRelay(String address) throws IOException {
      port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread accept = new Thread(() -> {
        while (!listener.isClosed()) {
          try {
            Socket client = listener.accept();
            Socket target = new Socket(InetAddress.getLoopbackAddress(), port);
            AtomicLong counted = new AtomicLong();
            upstream.add(counted);
            pump(client, target, counted, cutAfter.getAndSet(-1));
            pump(target, client, new AtomicLong(), -1);
          } catch (IOException e) {
            return;
          }
        }
      }, "push-relay-accept");
      accept.setDaemon(true);
      accept.start();
    }

    String address() {
      return "127.0.0.1:" + listener.getLocalPort();
    }

    long total() {
      return upstream.stream().mapToLong(AtomicLong::get).sum();
    }

    private static void pump(Socket from, Socket to, AtomicLong counted, long cut) {
      Thread t = new Thread(() -> {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          int n;
          while ((n = in.read(buffer)) > 0) {
            if (cut >= 0 && counted.get() + n >= cut) {
              break;
            }
            out.write(buffer, 0, n);
            counted.addAndGet(n);
          }
        } catch (IOException e) {
          // the other direction closed
        } finally {
          try {
            from.close();
            to.close();
          } catch (IOException e) {
            // already closed
          }
        }
      }, "push-relay-pump");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }
  }

  /** A directory that compresses well: text and float tensors. */
  static Path compressible(Path dir, long seed) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("vocab.txt"), ("word-" + seed + " other words\n").repeat(150_000));
    Files.write(dir.resolve("model.safetensors"), safetensors(seed));
    return dir;
  }

  @Test
  void alwaysSendsFewerBytesThanNever() throws Exception {
    try (UpstreamRelay relay = new UpstreamRelay(server.address);
        ModelregClient relayed = ModelregClient.builder(relay.address()).build()) {
      Path raw = compressible(tmp.resolve("raw"), 11);
      Version never = relayed.push("java-wire-never", raw, PushOptions.builder().compress("never").build());
      long rawBytes = relay.total();
      Path packed = compressible(tmp.resolve("packed"), 12);
      Version always = relayed.push("java-wire-always", packed,
          PushOptions.builder().compress("always").build());
      long packedBytes = relay.total() - rawBytes;
      long size = Files.size(raw.resolve("vocab.txt")) + Files.size(raw.resolve("model.safetensors"));
      assertTrue(rawBytes > size, "never sends every byte raw: " + rawBytes + " of " + size);
      assertTrue(packedBytes < rawBytes * 0.8, "always compresses: " + packedBytes + " vs " + rawBytes);
      assertEquals(PushPeer.run("scan", raw.toString()).get("digest").getAsString(), never.getDigest());
      assertEquals(PushPeer.run("scan", packed.toString()).get("digest").getAsString(), always.getDigest());
      Path dest = tmp.resolve("packed-pulled");
      client.pull("java-wire-always:1", dest);
      TestFiles.assertSameTree(packed, dest);
    }
  }

  /**
   * The server commits what a stream uploaded every 64 MiB (blobs.py COMMIT_BYTES) and keeps all
   * but the last batch of a stream whose connection died: so the cut comes after 80 MB of 96.
   */
  @Test
  void aConnectionCutMidUploadIsRetriedAndSendsOnlyTheRest() throws Exception {
    Path dir = large(tmp.resolve("cut"), 100);
    try (UpstreamRelay relay = new UpstreamRelay(server.address);
        ModelregClient relayed = ModelregClient.builder(relay.address()).build()) {
      relay.cutAfter.set(80_000_000);
      List<Call> calls = new CopyOnWriteArrayList<>();
      Version v = relayed.push("java-cut", dir, PushOptions.builder().compress("never")
          .onProgress((p, d, t) -> calls.add(new Call(p, d, t))).build());
      List<Call> starts = calls.stream().filter(c -> c.phase().equals("upload") && c.done() == 0)
          .toList();
      assertEquals(2, starts.size(), "one upload cut, one retried: " + starts);
      assertTrue(starts.get(1).total() < starts.get(0).total(), "the retry sends only what is missing");
      assertTrue(relay.upstream.size() >= 2, "the cut connection and a new one");
      assertEquals(PushPeer.run("scan", dir.toString()).get("digest").getAsString(), v.getDigest());
      Path dest = tmp.resolve("cut-pulled");
      client.pull("java-cut:1", dest);
      TestFiles.assertSameTree(dir, dest);
    }
  }
}
