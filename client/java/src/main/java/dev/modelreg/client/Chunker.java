package dev.modelreg.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Cuts a file into content-defined chunks and names each by the sha256 of its bytes, as the
 * Python SDK's scan does (native/src/lib.rs {@code Cutter}): the file is read as a stream in
 * 8 MiB blocks (memory stays flat however large it is) and every stretch between two boundaries
 * (a safetensors file's header end and tensor edges) is cut as if it were a file of its own.
 */
final class Chunker {
  /** FastCDC bounds of every push (client/python/modelreg/transfer.py CHUNK_MIN/AVG/MAX). */
  static final int CHUNK_MIN = 256 * 1024;
  static final int CHUNK_AVG = 1024 * 1024;
  static final int CHUNK_MAX = 4 * 1024 * 1024;
  static final int READ_BLOCK = 8 * 1024 * 1024;

  /** One chunk of a file: its sha256 (lowercase hex), size and offset in the file. */
  record Chunk(String digest, int size, long offset) {}

  private final FastCdc cdc;
  private final int max;
  private final Deque<Long> boundaries;
  private final List<Chunk> chunks = new ArrayList<>();
  private final MessageDigest sha = ChunkCodec.sha256();
  private byte[] carry = new byte[0];
  private long offset;

  private Chunker(int min, int avg, int max, List<Long> boundaries) {
    this.cdc = new FastCdc(min, avg, max);
    this.max = max;
    this.boundaries = new ArrayDeque<>(boundaries);
  }

  /** The chunks of a file with the push's bounds; progress gets the bytes of each block's chunks. */
  static List<Chunk> scan(Path file, List<Long> boundaries, LongConsumer progress) throws IOException {
    return scan(file, CHUNK_MIN, CHUNK_AVG, CHUNK_MAX, boundaries, progress);
  }

  static List<Chunk> scan(Path file, int min, int avg, int max, List<Long> boundaries,
      LongConsumer progress) throws IOException {
    Chunker cutter = new Chunker(min, avg, max, boundaries);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] block = in.readNBytes(READ_BLOCK);
      while (true) {
        byte[] next = block.length < READ_BLOCK ? new byte[0] : in.readNBytes(READ_BLOCK);
        long done = cutter.feed(block, next.length == 0);
        if (progress != null && done > 0) {
          progress.accept(done);
        }
        if (next.length == 0) {
          return cutter.chunks;
        }
        block = next;
      }
    }
  }

  /** The chunks of bytes in memory (tests, and the vectors of tests/fixtures/native_vectors.json). */
  static List<Chunk> cut(byte[] data, int min, int avg, int max, List<Long> boundaries) {
    Chunker cutter = new Chunker(min, avg, max, boundaries);
    cutter.feed(data, true);
    return cutter.chunks;
  }

  /**
   * Cuts what {@code data}, after the carry, holds; a chunk is cut only once max bytes follow its
   * start, the next boundary is in reach or the file has ended, so the cut points are those of
   * cutting each stretch between two boundaries at once. Returns the bytes of the new chunks.
   */
  private long feed(byte[] data, boolean eof) {
    byte[] buf;
    if (carry.length == 0) {
      buf = data;
    } else {
      buf = Arrays.copyOf(carry, carry.length + data.length);
      System.arraycopy(data, 0, buf, carry.length, data.length);
    }
    long base = offset;
    long done = 0;
    int start = 0;
    while (start < buf.length) {
      while (!boundaries.isEmpty() && boundaries.peekFirst() <= base + start) {
        boundaries.pollFirst();
      }
      Long next = boundaries.peekFirst();
      int stretch;
      if (next != null && next - base <= buf.length) {
        stretch = (int) (next - base) - start;
      } else if (eof || buf.length - start >= max) {
        stretch = buf.length - start;
      } else {
        break;
      }
      int end = cdc.cut(buf, start, stretch);
      sha.update(buf, start, end - start);
      chunks.add(new Chunk(HexFormat.of().formatHex(sha.digest()), end - start, offset));
      offset += end - start;
      done += end - start;
      start = end;
    }
    carry = Arrays.copyOfRange(buf, start, buf.length);
    return done;
  }
}
