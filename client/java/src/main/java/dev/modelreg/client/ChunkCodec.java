package dev.modelreg.client;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.modelreg.v1.Chunk;
import dev.modelreg.v1.Codec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The chunk codec shared by every modelreg client and the server.
 *
 * <p>A chunk is named by the lowercase hex sha256 of its raw bytes and travels as {@code
 * CODEC_NONE} (the raw bytes), {@code CODEC_ZSTD} (exactly one zstd frame whose header declares
 * its content size, equal to {@code raw_size}) or byte-grouped ({@code CODEC_BYTEGROUP2_ZSTD},
 * {@code CODEC_BYTEGROUP4_ZSTD}: byte k of every 2- or 4-byte word forms plane k; per plane a
 * 1-byte plane codec, NONE or ZSTD, and a 4-byte big-endian length, then the plane bytes; then
 * {@code raw_size % width} trailing raw bytes). Decoding is bounded by the declared raw size: a
 * frame header is checked before any byte is decompressed, so a small frame cannot expand into
 * gigabytes, and no data may follow a frame.
 */
public final class ChunkCodec {
  /** The largest raw chunk either side accepts. */
  public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;

  private static final HexFormat HEX = HexFormat.of();
  // The encoder's settings, as native/src/lib.rs: plain chunks at zstd level 3, byte planes at 1;
  // a payload is used only when it saves MIN_SAVING of the raw size.
  private static final int ZSTD_LEVEL = 3;
  private static final int PLANE_LEVEL = 1;
  private static final int SAMPLE = 64 * 1024;
  private static final int PLANE_PROBE = 16 * 1024;
  private static final double MIN_SAVING = 0.02;
  // zstd contexts are reused (creating one costs more than compressing a small chunk): borrowed
  // from this pool and given back, so there are never more than were in use at once. Not per
  // thread: a context is native memory that nothing frees when its thread ends.
  private static final java.util.concurrent.ConcurrentLinkedQueue<ZstdCompressCtx> CONTEXTS =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  /**
   * What {@link #encode} chose: {@code codec} and its payload ({@code raw} itself for
   * CODEC_NONE).
   */
  public record Encoded(Codec codec, byte[] payload) {}

  private ChunkCodec() {}

  /** Lowercase hex sha256 of the bytes. */
  public static String sha256Hex(byte[] data) {
    return HEX.formatHex(sha256().digest(data));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * Encodes a raw chunk the way the Python SDK does (native/src/lib.rs {@code encode_bytes}):
   * byte-grouped zstd for {@code group} 2 or 4 (float widths), plain zstd (level 3) for 0, and for
   * {@code null} the grouping that compresses a 64 KiB sample best. The chunk travels raw
   * (CODEC_NONE) unless the payload saves at least 2%. Payloads are zstd frames that declare
   * their content size, so every client's decoder and the server accept them.
   */
  public static Encoded encode(byte[] raw, Integer group) {
    int g = group == null ? guessGroup(raw) : group;
    byte[] payload;
    Codec codec;
    if ((g == 2 || g == 4) && raw.length >= 2 * g) {
      payload = groupPlanes(raw, raw.length, g);
      codec = g == 2 ? Codec.CODEC_BYTEGROUP2_ZSTD : Codec.CODEC_BYTEGROUP4_ZSTD;
    } else {
      payload = compress(raw, 0, raw.length, ZSTD_LEVEL);
      codec = Codec.CODEC_ZSTD;
    }
    return saves(payload.length, raw.length) ? new Encoded(codec, payload)
        : new Encoded(Codec.CODEC_NONE, raw);
  }

  /**
   * The byte-grouped payload of {@code raw} (width 2 or 4) whatever it saves: planes of byte k
   * of every word, each zstd level 1 or raw, then the trailing bytes.
   */
  public static byte[] encodeGrouped(byte[] raw, int width) {
    if (width != 2 && width != 4) {
      throw new IllegalArgumentException("width must be 2 or 4, not " + width);
    }
    return groupPlanes(raw, raw.length, width);
  }

  private static boolean saves(long packed, long raw) {
    return packed <= raw * (1.0 - MIN_SAVING);
  }

  /** One zstd frame of src[from, from+length) at level, declaring its content size. */
  private static byte[] compress(byte[] src, int from, int length, int level) {
    ZstdCompressCtx ctx = CONTEXTS.poll();
    if (ctx == null) {
      ctx = new ZstdCompressCtx().setContentSize(true).setChecksum(false);
    }
    try {
      ctx.setLevel(level);
      byte[] out = new byte[(int) Zstd.compressBound(length)];
      int n = ctx.compressByteArray(out, 0, out.length, src, from, length);
      return java.util.Arrays.copyOf(out, n);
    } finally {
      CONTEXTS.offer(ctx);
    }
  }

  /** The byte-grouped payload of raw[0, size). */
  private static byte[] groupPlanes(byte[] raw, int size, int width) {
    int planeLen = size / width;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size + 5 * width + 64);
    byte[] plane = new byte[planeLen];
    for (int k = 0; k < width; k++) {
      for (int i = 0; i < planeLen; i++) {
        plane[i] = raw[i * width + k];
      }
      // Mantissa planes rarely compress: a 16 KiB probe saves compressing the whole plane.
      int probe = Math.min(planeLen, PLANE_PROBE);
      boolean hopeless = planeLen > 2 * PLANE_PROBE
          && compress(plane, 0, probe, PLANE_LEVEL).length > probe * (1.0 - MIN_SAVING);
      byte[] packed = hopeless ? null : compress(plane, 0, planeLen, PLANE_LEVEL);
      boolean zstd = packed != null && saves(packed.length, planeLen);
      byte[] body = zstd ? packed : plane;
      int length = zstd ? packed.length : planeLen;
      out.write(zstd ? Codec.CODEC_ZSTD_VALUE : Codec.CODEC_NONE_VALUE);
      out.write(length >>> 24);
      out.write(length >>> 16);
      out.write(length >>> 8);
      out.write(length);
      out.write(body, 0, length);
    }
    out.write(raw, planeLen * width, size - planeLen * width);
    return out.toByteArray();
  }

  /** The grouping that compresses a sample of the chunk best, 0 when plain zstd is as good. */
  static int guessGroup(byte[] raw) {
    int sample = Math.min(raw.length, SAMPLE);
    int best = 0;
    double bestSize = compress(raw, 0, sample, PLANE_LEVEL).length * (1.0 - 3.0 * MIN_SAVING / 2.0);
    if (bestSize < sample * 0.5) {
      return 0; // text, sparse or repetitive data: plain zstd does well already
    }
    for (int width : new int[] {4, 2}) {
      int size = groupPlanes(raw, sample, width).length;
      if (size < bestSize) {
        best = width;
        bestSize = size;
      }
    }
    return best;
  }

  /**
   * Decodes a payload, refusing anything that does not yield exactly {@code rawSize} bytes.
   *
   * @throws IntegrityException with reason CHUNK_TOO_LARGE, INVALID_CODEC, CHUNK_SIZE_MISMATCH or
   *     CORRUPT_CHUNK
   */
  public static byte[] decode(Codec codec, byte[] payload, long rawSize) {
    if (rawSize < 0 || rawSize > MAX_CHUNK_SIZE) {
      throw new IntegrityException(
          "raw size " + rawSize + " is outside 0.." + MAX_CHUNK_SIZE, "CHUNK_TOO_LARGE");
    }
    int size = (int) rawSize;
    if (codec == Codec.CODEC_NONE) {
      if (payload.length != size) {
        throw sizeMismatch(payload.length, size);
      }
      return payload;
    }
    if (codec == Codec.CODEC_ZSTD) {
      return decodeZstd(payload, size);
    }
    if (codec == Codec.CODEC_BYTEGROUP2_ZSTD) {
      return decodeGrouped(payload, size, 2);
    }
    if (codec == Codec.CODEC_BYTEGROUP4_ZSTD) {
      return decodeGrouped(payload, size, 4);
    }
    throw new IntegrityException("unknown codec " + codec, "INVALID_CODEC");
  }

  private static IntegrityException sizeMismatch(long actual, long declared) {
    return new IntegrityException(
        "chunk decodes to " + (actual > declared ? "more than " : "") + actual
            + " bytes, declared " + declared,
        "CHUNK_SIZE_MISMATCH");
  }

  private static byte[] decodeGrouped(byte[] payload, int rawSize, int width) {
    int planeSize = rawSize / width;
    byte[] out = new byte[rawSize];
    int position = 0;
    for (int k = 0; k < width; k++) {
      if (payload.length - position < 5) {
        throw new IntegrityException("byte-grouped chunk is truncated", "CORRUPT_CHUNK");
      }
      int planeCodec = payload[position] & 0xFF;
      long length = ((payload[position + 1] & 0xFFL) << 24) | ((payload[position + 2] & 0xFFL) << 16)
          | ((payload[position + 3] & 0xFFL) << 8) | (payload[position + 4] & 0xFFL);
      position += 5;
      if (length > payload.length - position) {
        throw new IntegrityException("byte-grouped chunk is truncated", "CORRUPT_CHUNK");
      }
      byte[] data = java.util.Arrays.copyOfRange(payload, position, position + (int) length);
      position += (int) length;
      byte[] plane;
      if (planeCodec == Codec.CODEC_ZSTD_VALUE) {
        plane = decodeZstd(data, planeSize);
      } else if (planeCodec == Codec.CODEC_NONE_VALUE) {
        plane = data;
      } else {
        throw new IntegrityException("unknown plane codec " + planeCodec, "CORRUPT_CHUNK");
      }
      if (plane.length != planeSize) {
        throw new IntegrityException("plane " + k + " has " + plane.length + " bytes, expected "
            + planeSize, "CHUNK_SIZE_MISMATCH");
      }
      for (int i = 0; i < planeSize; i++) {
        out[i * width + k] = plane[i];
      }
    }
    int tail = payload.length - position;
    if (tail != rawSize - planeSize * width) {
      throw new IntegrityException(
          "byte-grouped chunk decodes to a different size than " + rawSize, "CHUNK_SIZE_MISMATCH");
    }
    System.arraycopy(payload, position, out, planeSize * width, tail);
    return out;
  }

  private static byte[] decodeZstd(byte[] payload, int rawSize) {
    // A zstd frame is at least a 4-byte magic number and a 2-byte header.
    if (payload.length < 6) {
      throw new IntegrityException("chunk is not a zstd frame: too short", "CORRUPT_CHUNK");
    }
    long declared;
    long frameSize;
    try {
      declared = Zstd.getFrameContentSize(payload);
      frameSize = declared < 0 ? -1 : Zstd.findFrameCompressedSize(payload);
    } catch (RuntimeException e) {
      throw new IntegrityException(
          "chunk is not a zstd frame: " + e.getMessage(), "CORRUPT_CHUNK", e);
    }
    if (declared == -1) { // ZSTD_CONTENTSIZE_UNKNOWN
      throw new IntegrityException(
          "zstd frame does not declare its content size", "CORRUPT_CHUNK");
    }
    if (declared < 0) { // ZSTD_CONTENTSIZE_ERROR
      throw new IntegrityException("chunk is not a zstd frame", "CORRUPT_CHUNK");
    }
    if (declared != rawSize) {
      throw new IntegrityException(
          "zstd frame declares " + declared + " bytes, chunk declares " + rawSize,
          "CHUNK_SIZE_MISMATCH");
    }
    if (frameSize != payload.length) {
      throw new IntegrityException(
          "data follows the zstd frame (" + frameSize + " of " + payload.length + " bytes)",
          "CORRUPT_CHUNK");
    }
    byte[] raw = new byte[rawSize];
    if (rawSize == 0) {
      return raw;
    }
    long written;
    try {
      written = Zstd.decompressByteArray(raw, 0, rawSize, payload, 0, payload.length);
    } catch (RuntimeException e) {
      throw new IntegrityException(
          "chunk is not a valid zstd frame: " + e.getMessage(), "CORRUPT_CHUNK", e);
    }
    if (written != rawSize) {
      throw sizeMismatch(written, rawSize);
    }
    return raw;
  }

  /**
   * Decodes and checks the sha256 of the result against {@code digest}.
   *
   * @throws IntegrityException as {@link #decode}, or with reason CHUNK_DIGEST_MISMATCH
   */
  public static byte[] decodeVerified(String digest, Codec codec, byte[] payload, long rawSize) {
    byte[] raw = decode(codec, payload, rawSize);
    String actual = sha256Hex(raw);
    if (!actual.equals(digest)) {
      throw new IntegrityException(
          "chunk data hashes to " + actual + ", not " + digest, "CHUNK_DIGEST_MISMATCH");
    }
    return raw;
  }

  /** Decodes and verifies a {@link Chunk} message. */
  public static byte[] decodeVerified(Chunk chunk) {
    return decodeVerified(
        chunk.getDigest(), chunk.getCodec(), chunk.getData().toByteArray(), chunk.getRawSize());
  }
}
