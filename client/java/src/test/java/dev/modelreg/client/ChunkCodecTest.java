package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.modelreg.v1.Codec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {
  private static byte[] sample(int size) {
    byte[] raw = new byte[size];
    new Random(42).nextBytes(raw);
    Arrays.fill(raw, size / 2, size, (byte) 7); // compressible half
    return raw;
  }

  private static String reason(Runnable r) {
    IntegrityException e = assertThrows(IntegrityException.class, r::run);
    assertNull(e.code(), "integrity errors carry no gRPC code");
    return e.reason();
  }

  @Test
  void digestIsLowercaseHexSha256() {
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ChunkCodec.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void rawAndZstdRoundTrip() {
    byte[] raw = sample(100_000);
    String digest = ChunkCodec.sha256Hex(raw);
    assertArrayEquals(raw, ChunkCodec.decodeVerified(digest, Codec.CODEC_NONE, raw, raw.length));
    byte[] frame = Zstd.compress(raw, 3);
    assertArrayEquals(raw, ChunkCodec.decodeVerified(digest, Codec.CODEC_ZSTD, frame, raw.length));
  }

  @Test
  void emptyChunkDecodes() {
    byte[] frame = Zstd.compress(new byte[0]);
    assertEquals(0, ChunkCodec.decode(Codec.CODEC_ZSTD, frame, 0).length);
    assertEquals(0, ChunkCodec.decode(Codec.CODEC_NONE, new byte[0], 0).length);
  }

  @Test
  void rawSizeMustMatch() {
    byte[] raw = sample(1000);
    assertEquals("CHUNK_SIZE_MISMATCH", reason(() -> ChunkCodec.decode(Codec.CODEC_NONE, raw, 999)));
    assertEquals("CHUNK_SIZE_MISMATCH", reason(() -> ChunkCodec.decode(Codec.CODEC_NONE, raw, 1001)));
  }

  @Test
  void bombIsRefusedBeforeDecompressing() {
    // 16 MiB of zeros compress to a few hundred bytes; a chunk claiming 1000 raw bytes is refused
    // on the frame header alone.
    byte[] bomb = Zstd.compress(new byte[ChunkCodec.MAX_CHUNK_SIZE]);
    assertEquals("CHUNK_SIZE_MISMATCH", reason(() -> ChunkCodec.decode(Codec.CODEC_ZSTD, bomb, 1000)));
  }

  @Test
  void declaredSizeOutOfBoundsIsRefused() {
    byte[] frame = Zstd.compress(new byte[10]);
    assertEquals("CHUNK_TOO_LARGE",
        reason(() -> ChunkCodec.decode(Codec.CODEC_ZSTD, frame, ChunkCodec.MAX_CHUNK_SIZE + 1L)));
    assertEquals("CHUNK_TOO_LARGE", reason(() -> ChunkCodec.decode(Codec.CODEC_NONE, frame, -1)));
  }

  @Test
  void frameWithoutContentSizeIsCorrupt() {
    byte[] raw = sample(5000);
    ZstdCompressCtx ctx = new ZstdCompressCtx();
    try {
      ctx.setContentSize(false);
      byte[] frame = ctx.compress(raw);
      assertEquals("CORRUPT_CHUNK", reason(() -> ChunkCodec.decode(Codec.CODEC_ZSTD, frame, 5000)));
    } finally {
      ctx.close();
    }
  }

  @Test
  void trailingDataAndSecondFrameAreCorrupt() {
    byte[] raw = sample(5000);
    byte[] frame = Zstd.compress(raw);
    byte[] trailing = Arrays.copyOf(frame, frame.length + 3);
    assertEquals("CORRUPT_CHUNK", reason(() -> ChunkCodec.decode(Codec.CODEC_ZSTD, trailing, 5000)));
    byte[] two = new byte[frame.length * 2];
    System.arraycopy(frame, 0, two, 0, frame.length);
    System.arraycopy(frame, 0, two, frame.length, frame.length);
    assertEquals("CORRUPT_CHUNK", reason(() -> ChunkCodec.decode(Codec.CODEC_ZSTD, two, 5000)));
  }

  @Test
  void truncatedGarbageAndEmptyPayloadsAreCorrupt() {
    byte[] frame = Zstd.compress(sample(5000));
    byte[] truncated = Arrays.copyOf(frame, frame.length - 1);
    assertEquals("CORRUPT_CHUNK", reason(() -> ChunkCodec.decode(Codec.CODEC_ZSTD, truncated, 5000)));
    byte[] garbage = "definitely not zstd".getBytes(StandardCharsets.US_ASCII);
    assertEquals("CORRUPT_CHUNK", reason(() -> ChunkCodec.decode(Codec.CODEC_ZSTD, garbage, 19)));
    assertEquals("CORRUPT_CHUNK", reason(() -> ChunkCodec.decode(Codec.CODEC_ZSTD, new byte[0], 0)));
  }

  @Test
  void flippedByteIsCaughtByDecoderOrDigest() {
    byte[] raw = sample(50_000);
    String digest = ChunkCodec.sha256Hex(raw);
    byte[] frame = Zstd.compress(raw);
    frame[frame.length - 1] ^= (byte) 0xFF; // what the conformance harness does to a stored chunk
    String r = reason(() -> ChunkCodec.decodeVerified(digest, Codec.CODEC_ZSTD, frame, raw.length));
    assertEquals(true, r.equals("CORRUPT_CHUNK") || r.equals("CHUNK_DIGEST_MISMATCH"), r);
    byte[] flipped = raw.clone();
    flipped[0] ^= 1;
    assertEquals("CHUNK_DIGEST_MISMATCH",
        reason(() -> ChunkCodec.decodeVerified(digest, Codec.CODEC_NONE, flipped, raw.length)));
  }

  @Test
  void unknownCodecIsRefused() {
    assertEquals("INVALID_CODEC",
        reason(() -> ChunkCodec.decode(Codec.CODEC_UNSPECIFIED, new byte[1], 1)));
    assertEquals("INVALID_CODEC", reason(() -> ChunkCodec.decode(Codec.UNRECOGNIZED, new byte[1], 1)));
  }
}
