package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.luben.zstd.Zstd;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.modelreg.v1.Codec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CODEC_BYTEGROUP2_ZSTD / CODEC_BYTEGROUP4_ZSTD: planes of float bytes, bounded per plane. */
class ByteGroupCodecTest {
  /** Float32 weights around 0: exponent bytes repeat, mantissas look random. */
  private static byte[] floats(int count, int tail) {
    ByteBuffer b = ByteBuffer.allocate(count * 4 + tail).order(ByteOrder.LITTLE_ENDIAN);
    Random r = new Random(3);
    for (int i = 0; i < count; i++) {
      b.putFloat((float) (r.nextGaussian() * 0.02));
    }
    for (int i = 0; i < tail; i++) {
      b.put((byte) (0x50 + i));
    }
    return b.array();
  }

  /** The encoder of the spec (resources.proto, Codec): each plane zstd when it pays, else raw. */
  static byte[] encode(byte[] raw, int width, boolean forceRawPlanes) {
    int planeSize = raw.length / width;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int k = 0; k < width; k++) {
      byte[] plane = new byte[planeSize];
      for (int i = 0; i < planeSize; i++) {
        plane[i] = raw[i * width + k];
      }
      byte[] packed = Zstd.compress(plane, 1);
      boolean zstd = !forceRawPlanes && packed.length < plane.length;
      byte[] body = zstd ? packed : plane;
      out.write(zstd ? Codec.CODEC_ZSTD_VALUE : Codec.CODEC_NONE_VALUE);
      out.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array());
      out.writeBytes(body);
    }
    out.write(raw, planeSize * width, raw.length - planeSize * width);
    return out.toByteArray();
  }

  private static String reason(byte[] payload, Codec codec, long size) {
    return assertThrows(IntegrityException.class, () -> ChunkCodec.decode(codec, payload, size))
        .reason();
  }

  @Test
  void roundTripsWithTrailingBytes() {
    for (int tail = 0; tail < 4; tail++) {
      byte[] raw = floats(10_000, tail);
      assertArrayEquals(raw, ChunkCodec.decodeVerified(ChunkCodec.sha256Hex(raw),
          Codec.CODEC_BYTEGROUP4_ZSTD, encode(raw, 4, false), raw.length), "tail " + tail);
      assertArrayEquals(raw, ChunkCodec.decode(Codec.CODEC_BYTEGROUP2_ZSTD, encode(raw, 2, false),
          raw.length), "tail " + tail);
      assertArrayEquals(raw, ChunkCodec.decode(Codec.CODEC_BYTEGROUP4_ZSTD, encode(raw, 4, true),
          raw.length), "raw planes, tail " + tail);
    }
    byte[] tiny = {1, 2, 3}; // smaller than one word: empty planes and a 3-byte tail
    assertArrayEquals(tiny, ChunkCodec.decode(Codec.CODEC_BYTEGROUP4_ZSTD, encode(tiny, 4, true), 3));
  }

  @Test
  void malformedPayloadsAreRefused() {
    byte[] raw = floats(5_000, 1);
    byte[] good = encode(raw, 4, false);
    assertEquals("CORRUPT_CHUNK", reason(Arrays.copyOf(good, 3), Codec.CODEC_BYTEGROUP4_ZSTD, raw.length));
    assertEquals("CORRUPT_CHUNK", reason(Arrays.copyOf(good, good.length / 2),
        Codec.CODEC_BYTEGROUP4_ZSTD, raw.length));
    assertEquals("CHUNK_SIZE_MISMATCH", reason(Arrays.copyOf(good, good.length + 1),
        Codec.CODEC_BYTEGROUP4_ZSTD, raw.length));
    assertEquals("CHUNK_SIZE_MISMATCH", reason(good, Codec.CODEC_BYTEGROUP4_ZSTD, raw.length + 4));
    assertEquals("CHUNK_SIZE_MISMATCH", reason(good, Codec.CODEC_BYTEGROUP2_ZSTD, raw.length));
    byte[] badPlaneCodec = good.clone();
    badPlaneCodec[0] = 9;
    assertEquals("CORRUPT_CHUNK", reason(badPlaneCodec, Codec.CODEC_BYTEGROUP4_ZSTD, raw.length));
    byte[] hugeLength = good.clone();
    hugeLength[1] = (byte) 0xFF; // plane length beyond the payload
    assertEquals("CORRUPT_CHUNK", reason(hugeLength, Codec.CODEC_BYTEGROUP4_ZSTD, raw.length));
  }

  @Test
  void aPlaneBombIsRefusedOnItsHeader() {
    // Plane 0 claims to be a 16 MiB zstd frame in a chunk of 8 raw bytes.
    byte[] bomb = Zstd.compress(new byte[ChunkCodec.MAX_CHUNK_SIZE]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Codec.CODEC_ZSTD_VALUE);
    out.writeBytes(ByteBuffer.allocate(4).putInt(bomb.length).array());
    out.writeBytes(bomb);
    assertEquals("CHUNK_SIZE_MISMATCH",
        reason(out.toByteArray(), Codec.CODEC_BYTEGROUP4_ZSTD, 8));
  }

  @Test
  @Timeout(60)
  void decodesWhatThePythonCodecEncodes() throws Exception {
    String script = String.join("\n",
        "import base64, json, struct, random",
        "from modelreg import codec",
        "random.seed(5)",
        "out = {}",
        "for width in (2, 4):",
        "    raw = b''.join(struct.pack('<f', random.gauss(0, 0.02)) for _ in range(20000)) + b'xyz'",
        "    c, payload = codec.encode(raw, group=width)",
        "    out[str(width)] = {'codec': int(c), 'raw': base64.b64encode(raw).decode(),",
        "                       'data': base64.b64encode(payload).decode()}",
        "print(json.dumps(out))");
    Process p = new ProcessBuilder(Harness.repoRoot().resolve(".venv/bin/python").toString(), "-c",
        script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), json);
    JsonObject all = new Gson().fromJson(json, JsonObject.class);
    assertEquals(Codec.CODEC_BYTEGROUP2_ZSTD_VALUE, all.getAsJsonObject("2").get("codec").getAsInt());
    assertEquals(Codec.CODEC_BYTEGROUP4_ZSTD_VALUE, all.getAsJsonObject("4").get("codec").getAsInt());
    for (String width : new String[] {"2", "4"}) {
      JsonObject o = all.getAsJsonObject(width);
      byte[] raw = Base64.getDecoder().decode(o.get("raw").getAsString());
      byte[] data = Base64.getDecoder().decode(o.get("data").getAsString());
      Codec codec = Codec.forNumber(o.get("codec").getAsInt());
      assertArrayEquals(raw, ChunkCodec.decodeVerified(ChunkCodec.sha256Hex(raw), codec, data,
          raw.length), "width " + width);
    }
  }
}
