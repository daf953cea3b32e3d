package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.modelreg.v1.Codec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The push's cutter and encoder against tests/fixtures/native_vectors.json: the cut points and
 * chunk digests the Python SDK makes of tests/native_data.py's inputs (written out by the Python
 * peer once per run), and the codec it picks for each input and group.
 */
class PushVectorsTest {
  @TempDir static Path inputs;
  static JsonObject vectors;

  @BeforeAll
  static void write() throws Exception {
    PushPeer.run("inputs", inputs.toString());
    vectors = new Gson().fromJson(Files.readString(
        Harness.repoRoot().resolve("tests/fixtures/native_vectors.json")), JsonObject.class);
  }

  static Stream<String> cutNames() throws Exception {
    JsonObject v = new Gson().fromJson(Files.readString(
        Harness.repoRoot().resolve("tests/fixtures/native_vectors.json")), JsonObject.class);
    return v.getAsJsonObject("cuts").keySet().stream();
  }

  private static int param(int i) {
    return vectors.getAsJsonArray("params").get(i).getAsInt();
  }

  private static List<Chunker.Chunk> expected(String name) {
    List<Chunker.Chunk> out = new ArrayList<>();
    for (JsonElement e : vectors.getAsJsonObject("cuts").getAsJsonObject(name).getAsJsonArray("chunks")) {
      JsonArray c = e.getAsJsonArray();
      out.add(new Chunker.Chunk(c.get(2).getAsString(), c.get(1).getAsInt(), c.get(0).getAsLong()));
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("cutNames")
  void cutPointsAndDigestsMatchThePythonSdk(String name) throws Exception {
    Path file = inputs.resolve("cut-" + name + ".bin");
    byte[] data = Files.readAllBytes(file);
    assertEquals(vectors.getAsJsonObject("cuts").getAsJsonObject(name).get("size").getAsLong(),
        data.length, "input size");
    List<Chunker.Chunk> want = expected(name);
    assertEquals(want, Chunker.cut(data, param(0), param(1), param(2), List.of()), "in memory");
    // From the file in 8 MiB blocks: "large" spans three, with zeros across the first edge.
    long[] reported = {0};
    assertEquals(want, Chunker.scan(file, param(0), param(1), param(2), List.of(),
        n -> reported[0] += n), "streamed");
    assertEquals(data.length, reported[0], "progress adds up to the file size");
  }

  @Test
  void eachStretchBetweenBoundariesIsCutAsAFileOfItsOwn() throws Exception {
    byte[] data = Files.readAllBytes(inputs.resolve("cut-large.bin"));
    List<Long> edges = List.of(1000L, 1001L, 5_000_000L, 9_000_000L, 12_345_678L);
    List<Chunker.Chunk> together = Chunker.scan(inputs.resolve("cut-large.bin"), param(0),
        param(1), param(2), edges, null);
    List<Chunker.Chunk> apart = new ArrayList<>();
    long from = 0;
    List<Long> ends = new ArrayList<>(edges);
    ends.add((long) data.length);
    for (long end : ends) {
      byte[] stretch = java.util.Arrays.copyOfRange(data, (int) from, (int) end);
      for (Chunker.Chunk c : Chunker.cut(stretch, param(0), param(1), param(2), List.of())) {
        apart.add(new Chunker.Chunk(c.digest(), c.size(), c.offset() + from));
      }
      from = end;
    }
    assertEquals(apart, together);
    for (long edge : edges) {
      assertTrue(together.stream().anyMatch(c -> c.offset() + c.size() == edge), "a chunk ends at " + edge);
    }
  }

  static Stream<Arguments> codecCases() throws Exception {
    JsonObject v = new Gson().fromJson(Files.readString(
        Harness.repoRoot().resolve("tests/fixtures/native_vectors.json")), JsonObject.class);
    List<Arguments> cases = new ArrayList<>();
    for (Map.Entry<String, JsonElement> input : v.getAsJsonObject("codecs").entrySet()) {
      for (Map.Entry<String, JsonElement> group : input.getValue().getAsJsonObject().entrySet()) {
        cases.add(Arguments.of(input.getKey(), group.getKey(),
            group.getValue().getAsJsonArray().get(0).getAsInt()));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} group {1}")
  @MethodSource("codecCases")
  void encoderPicksThePythonCodecAndRoundTrips(String name, String group, int codec)
      throws Exception {
    byte[] raw = Files.readAllBytes(inputs.resolve("codec-" + name + ".bin"));
    Integer g = group.equals("None") ? null : Integer.valueOf(group);
    ChunkCodec.Encoded e = ChunkCodec.encode(raw, g);
    assertEquals(codec, e.codec().getNumber(), "codec");
    if (e.codec() == Codec.CODEC_NONE) {
      assertArrayEquals(raw, e.payload());
    } else {
      assertTrue(e.payload().length <= raw.length * 0.98, "saves at least 2%");
    }
    assertArrayEquals(raw, ChunkCodec.decodeVerified(ChunkCodec.sha256Hex(raw), e.codec(),
        e.payload(), raw.length));
  }

  @Test
  void groupedPayloadsOfEveryWidthDecode() throws Exception {
    byte[] raw = Files.readAllBytes(inputs.resolve("codec-fp32_small.bin"));
    for (int width : new int[] {2, 4}) {
      Codec codec = width == 2 ? Codec.CODEC_BYTEGROUP2_ZSTD : Codec.CODEC_BYTEGROUP4_ZSTD;
      assertArrayEquals(raw, ChunkCodec.decode(codec, ChunkCodec.encodeGrouped(raw, width), raw.length));
    }
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> ChunkCodec.encodeGrouped(raw, 3));
    assertEquals("width must be 2 or 4, not 3", bad.getMessage());
  }

  /** A file of {@code header} (as safetensors frames it: little-endian u64 length) + data. */
  private static void safetensors(Path file, String header, int dataBytes, long length) throws Exception {
    byte[] h = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + h.length + dataBytes)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putLong(length < 0 ? h.length : length).put(h);
    byte[] data = new byte[dataBytes];
    new java.util.Random(file.getFileName().toString().hashCode()).nextBytes(data);
    b.put(data);
    Files.write(file, b.array());
  }

  private static String tensors(String... ranges) {
    StringBuilder out = new StringBuilder("{\"__metadata__\":{\"k\":\"v\"}");
    for (int i = 0; i < ranges.length; i++) {
      out.append(",\"t").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[")
          .append(ranges[i]).append("]}");
    }
    return out.append("}").toString();
  }

  /**
   * Safetensors layouts, good and bad, cut by Java as the Python SDK's scan cuts them (the
   * boundaries decide the cut points, so any difference in parsing shows as other chunks).
   */
  @Test
  void safetensorsLayoutsAreCutAsPythonCutsThem() throws Exception {
    Path dir = Files.createDirectories(inputs.resolve("layouts"));
    int mb = 1024 * 1024;
    safetensors(dir.resolve("good.safetensors"), tensors("0,1000000", "1000000,1000100",
        "1000100,1000200", "1000200,1400000", "1400000,3000000"), 3_000_000, -1);
    safetensors(dir.resolve("unsorted.safetensors"), tensors("1400000,3000000", "0,1400000"),
        3_000_000, -1);
    safetensors(dir.resolve("float-offset.safetensors"), tensors("0,1000000.0", "1000000,3000000"),
        3_000_000, -1);
    safetensors(dir.resolve("bool-offset.safetensors"), tensors("0,true"), 3_000_000, -1);
    safetensors(dir.resolve("overlap.safetensors"), tensors("0,2000000", "1000000,3000000"),
        3_000_000, -1);
    safetensors(dir.resolve("empty-tensor.safetensors"), tensors("0,0", "5,1500000", "1500000,2900000"),
        3_000_000, -1);
    safetensors(dir.resolve("not-json.safetensors"), "{not json", 3_000_000, -1);
    safetensors(dir.resolve("array.safetensors"), "[1, 2]", 3_000_000, -1);
    safetensors(dir.resolve("trailing.safetensors"), tensors("0,1000000") + " x", 3_000_000, -1);
    safetensors(dir.resolve("huge-length.safetensors"), tensors("0,1000000"), 3_000_000, 200L * mb);
    safetensors(dir.resolve("past-end.safetensors"), tensors("0,1000000", "1000000,9000000"),
        3_000_000, -1);
    safetensors(dir.resolve("padded.safetensors"), tensors("0,1000000") + "        ", 3_000_000, -1);
    safetensors(dir.resolve("good.bin"), tensors("0,1000000"), 3_000_000, -1); // not by name
    Files.write(dir.resolve("short.safetensors"), new byte[] {1, 2, 3});

    List<Pusher.LocalFile> files = Pusher.listFiles(dir);
    Pusher.scan(files, null);
    JsonObject python = PushPeer.run("scan", dir.toString());
    JsonArray want = python.getAsJsonArray("files");
    assertEquals(want.size(), files.size());
    for (int i = 0; i < files.size(); i++) {
      JsonObject w = want.get(i).getAsJsonObject();
      Pusher.LocalFile f = files.get(i);
      assertEquals(w.get("path").getAsString(), f.path);
      List<String> expected = new ArrayList<>();
      for (JsonElement c : w.getAsJsonArray("chunks")) {
        expected.add(c.getAsJsonArray().get(0).getAsString() + ":" + c.getAsJsonArray().get(1).getAsInt());
      }
      assertEquals(expected, f.chunks.stream().map(c -> c.digest() + ":" + c.size()).toList(), f.path);
      assertEquals(w.get("tree_digest").getAsString(), f.entry().getTreeDigest(), f.path);
    }
    assertTrue(Safetensors.boundaries(Safetensors.layout(dir.resolve("good.safetensors"))).size() > 3);
    assertEquals(null, Safetensors.layout(dir.resolve("float-offset.safetensors")));
    assertEquals(1, Safetensors.boundaries(Safetensors.layout(dir.resolve("overlap.safetensors"))).size());
    assertEquals(python.get("digest").getAsString(), Manifests.manifestDigest(
        files.stream().map(Pusher.LocalFile::entry).toList(),
        dev.modelreg.v1.ManifestFormat.MANIFEST_FORMAT_CHUNK_TREE));
  }

  @Test
  void fastCdcRefusesSizesTheCrateRefuses() {
    assertThrows(IllegalArgumentException.class, () -> new FastCdc(32, 1024, 4096));
    assertThrows(IllegalArgumentException.class, () -> new FastCdc(4096, 1024, 8192));
  }
}
