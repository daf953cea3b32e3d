package dev.modelreg.client;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file's layout and the chunk boundaries a push derives from it, as
 * client/python/modelreg/transfer.py's {@code safetensors_layout}, {@code tensor_boundaries} and
 * {@code float_width}: chunks end at the header's end and at tensor edges, so a changed tensor
 * changes only its own chunks. Cut points depend on this, so it follows the Python code exactly.
 */
final class Safetensors {
  private static final long MAX_HEADER = 100L * 1024 * 1024;
  /** Float widths by dtype: byte grouping pays for these (transfer.py FLOAT_WIDTHS). */
  static final Map<String, Integer> FLOAT_WIDTHS = Map.of("F32", 4, "F16", 2, "BF16", 2);

  private Safetensors() {}

  /** A tensor's byte range in the file [start, end) and its dtype. */
  record Tensor(long start, long end, String dtype) {}

  /** The end of the header and the tensors, ascending by (start, end, dtype). */
  record Layout(long headerEnd, List<Tensor> tensors) {}

  /** A float tensor's range and width (4 or 2). */
  record FloatRange(long start, long end, int width) {}

  /** The layout of a safetensors file; null when the file is not one. */
  static Layout layout(Path path) {
    long length;
    String text;
    try (InputStream in = Files.newInputStream(path)) {
      byte[] head = in.readNBytes(8);
      if (head.length < 8) {
        return null;
      }
      length = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (length < 0 || length > MAX_HEADER) { // < 0: above 2^63 unsigned
        return null;
      }
      byte[] header = in.readNBytes((int) length);
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(header)).toString();
    } catch (IOException e) {
      return null; // unreadable or not UTF-8 (CharacterCodingException is an IOException)
    }
    JsonElement parsed;
    try {
      JsonReader reader = new JsonReader(new StringReader(text));
      reader.setStrictness(Strictness.STRICT);
      parsed = JsonParser.parseReader(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        return null;
      }
    } catch (JsonParseException | IOException | IllegalStateException e) {
      return null;
    }
    if (!parsed.isJsonObject()) {
      return null;
    }
    long headerEnd = 8 + length;
    List<Tensor> tensors = new ArrayList<>();
    for (Map.Entry<String, JsonElement> e : parsed.getAsJsonObject().entrySet()) {
      if (e.getKey().equals("__metadata__") || !e.getValue().isJsonObject()) {
        continue;
      }
      JsonObject tensor = e.getValue().getAsJsonObject();
      JsonElement offsets = tensor.get("data_offsets");
      if (offsets == null || !offsets.isJsonArray() || offsets.getAsJsonArray().size() != 2) {
        return null;
      }
      JsonArray pair = offsets.getAsJsonArray();
      Long start = integer(pair.get(0));
      Long end = integer(pair.get(1));
      if (start == null || end == null) {
        return null;
      }
      if (0 <= start && start < end) {
        JsonElement dtype = tensor.get("dtype");
        String name = dtype == null || dtype.isJsonNull() ? "None"
            : dtype.isJsonPrimitive() && dtype.getAsJsonPrimitive().isString()
                ? dtype.getAsString() : dtype.toString();
        tensors.add(new Tensor(headerEnd + start, headerEnd + end, name));
      }
    }
    tensors.sort(Comparator.comparingLong(Tensor::start).thenComparingLong(Tensor::end)
        .thenComparing(Tensor::dtype));
    return new Layout(headerEnd, tensors);
  }

  /** A JSON integer (not a float, not a boolean) as a long; null otherwise or out of range. */
  private static Long integer(JsonElement e) {
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      return null;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    String digits = p.getAsString();
    if (!digits.matches("-?(0|[1-9][0-9]*)")) {
      return null;
    }
    BigInteger value = new BigInteger(digits);
    if (value.bitLength() > 62) {
      return null; // far beyond any file; Python's u64 boundaries would refuse it too
    }
    return value.longValue();
  }

  /**
   * Where the file's chunks must end: after the header, and at each tensor's edge, except that
   * tensors smaller than CHUNK_MIN run together until the run reaches it. Empty for no layout.
   */
  static List<Long> boundaries(Layout layout) {
    if (layout == null) {
      return List.of();
    }
    List<Long> cuts = new ArrayList<>(List.of(layout.headerEnd()));
    long runStart = layout.headerEnd();
    List<Tensor> tensors = layout.tensors();
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      if (t.start() < cuts.get(cuts.size() - 1) || t.end() <= runStart) {
        return List.of(layout.headerEnd()); // overlapping tensors: not a layout worth following
      }
      long following = i + 1 < tensors.size()
          ? tensors.get(i + 1).end() - tensors.get(i + 1).start() : Chunker.CHUNK_MIN;
      if (t.end() - runStart >= Chunker.CHUNK_MIN || following >= Chunker.CHUNK_MIN) {
        cuts.add(t.end());
        runStart = t.end();
      }
    }
    return cuts;
  }

  /** The float tensors of a layout (empty without one). */
  static List<FloatRange> floats(Layout layout) {
    List<FloatRange> out = new ArrayList<>();
    if (layout != null) {
      for (Tensor t : layout.tensors()) {
        Integer width = FLOAT_WIDTHS.get(t.dtype());
        if (width != null) {
          out.add(new FloatRange(t.start(), t.end(), width));
        }
      }
    }
    return out;
  }

  /**
   * The float width covering most of [offset, offset+size): 0 if mostly not floats, null if the
   * file's layout is unknown (no float tensors known).
   */
  static Integer floatWidth(List<FloatRange> floats, long offset, long size) {
    if (floats.isEmpty()) {
      return null;
    }
    Map<Integer, Long> covered = new HashMap<>();
    long end = offset + size;
    for (FloatRange f : floats) {
      if (f.start() >= end) {
        break;
      }
      long overlap = Math.min(f.end(), end) - Math.max(f.start(), offset);
      if (overlap > 0) {
        covered.merge(f.width(), overlap, Long::sum);
      }
    }
    int width = 0;
    long amount = 0;
    for (Map.Entry<Integer, Long> e : covered.entrySet()) {
      if (e.getValue() > amount) {
        width = e.getKey();
        amount = e.getValue();
      }
    }
    return amount * 2 > size ? width : 0;
  }
}
