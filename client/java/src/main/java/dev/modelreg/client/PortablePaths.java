package dev.modelreg.client;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The portable path rule (docs/paths.md), as the server and the other clients implement it: a
 * pull refuses a manifest whose paths could escape the destination or would not be one file per
 * path on macOS and Windows. tests/conformance/paths.json holds the vectors all of them run.
 */
final class PortablePaths {
  static final int MAX_PATH_BYTES = 4096;
  static final int MAX_SEGMENT_BYTES = 255;
  private static final String WINDOWS_RESERVED = "<>:\"|?*\\";
  private static final Set<String> DEVICE_NAMES = new HashSet<>(
      List.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"));

  static {
    for (String port : List.of("COM", "LPT")) {
      for (String n : List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "\u00b9", "\u00b2",
          "\u00b3")) {
        DEVICE_NAMES.add(port + n);
      }
    }
  }

  private PortablePaths() {}

  /** A path, or a pair of paths, that breaks the rule. */
  static final class PathException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** INVALID_PATH, DUPLICATE_PATH or PATH_COLLISION. */
    final String reason;
    final String path;
    /** The path it collides with (PATH_COLLISION), else "". */
    final String other;

    PathException(String reason, String message, String path, String other) {
      super(message);
      this.reason = reason;
      this.path = path;
      this.other = other;
    }

    /** The same refusal as a pull's integrity error. */
    IntegrityException integrity() {
      Map<String, String> metadata = other.isEmpty()
          ? Map.of("path", path) : Map.of("path", path, "other", other);
      return new IntegrityException("unsafe manifest: " + getMessage(), reason, metadata);
    }
  }

  /**
   * What is wrong with a path on its own, or "" when nothing is; the phrases are shared with the
   * other implementations.
   */
  static String problem(String p) {
    if (p.isEmpty()) {
      return "empty path";
    }
    if (p.codePoints().anyMatch(c -> c >= 0xD800 && c <= 0xDFFF)) {
      return "not valid UTF-8"; // a lone surrogate
    }
    if (utf8Length(p) > MAX_PATH_BYTES) {
      return "longer than " + MAX_PATH_BYTES + " bytes";
    }
    for (int c : p.codePoints().toArray()) {
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
        return "a control character (" + hex(c) + ")";
      }
      if (WINDOWS_RESERVED.indexOf(c) >= 0) {
        return "a character Windows reserves (" + Character.toString(c) + ")";
      }
      if (c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
          || (c >= 0x2066 && c <= 0x2069)) {
        return "a bidirectional control character (" + hex(c) + ")";
      }
      if (c == 0x200B || c == 0x2060 || c == 0xFEFF) {
        return "an invisible character (" + hex(c) + ")";
      }
    }
    if (p.startsWith("/")) {
      return "absolute (starts with /)";
    }
    for (String segment : p.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return "an empty, . or .. segment";
      }
      if (utf8Length(segment) > MAX_SEGMENT_BYTES) {
        return "a segment longer than " + MAX_SEGMENT_BYTES + " bytes";
      }
      if (segment.endsWith(".") || segment.endsWith(" ")) {
        return "a segment ends with a dot or a space (" + quote(segment, false) + ")";
      }
      int dot = segment.indexOf('.');
      String stem = (dot < 0 ? segment : segment.substring(0, dot)).replaceAll(" +$", "");
      if (DEVICE_NAMES.contains(asciiUpper(stem))) {
        return "a Windows device name (" + quote(segment, false) + ")";
      }
    }
    return "";
  }

  /**
   * A segment's twin key: NFC, full upper case, full lower case (locale-independent), NFC. Equal
   * keys mean one name on a normalizing or case-insensitive file system.
   */
  static String fold(String segment) {
    if (segment.chars().allMatch(c -> c < 0x80)) {
      return segment.toLowerCase(Locale.ROOT);
    }
    String nfc = Normalizer.normalize(segment, Normalizer.Form.NFC);
    return Normalizer.normalize(nfc.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT),
        Normalizer.Form.NFC);
  }

  /** Throws PathException unless the path is portable on its own. */
  static void check(String p) {
    String why = problem(p);
    if (!why.isEmpty()) {
      throw new PathException("INVALID_PATH", "invalid file path " + quote(p, false) + ": " + why,
          p, "");
    }
  }

  private record Node(int id, String segment, boolean file) {}

  /**
   * Throws PathException for the first path that breaks the rule (INVALID_PATH), a path listed
   * twice (DUPLICATE_PATH), a path that is both a file and a directory (INVALID_PATH), and twins:
   * two different files or directories with equal keys (PATH_COLLISION). Walks the tree of keys
   * one segment at a time: twins first differ in one segment under a parent spelled alike.
   */
  static void checkAll(List<String> paths) {
    Map<String, Node> nodes = new HashMap<>();
    Set<String> files = new HashSet<>();
    for (String p : paths) {
      check(p);
      if (!files.add(p)) {
        throw new PathException("DUPLICATE_PATH", "duplicate file path " + quote(p, false), p, "");
      }
      String[] segments = p.split("/", -1);
      int parent = 0;
      int end = -1;
      for (int i = 0; i < segments.length; i++) {
        String segment = segments[i];
        end += 1 + segment.length();
        boolean file = i == segments.length - 1;
        Node node = nodes.computeIfAbsent(parent + "/" + fold(segment),
            k -> new Node(nodes.size() + 1, segment, file));
        if (!node.segment().equals(segment)) {
          throw collision(p.substring(0, end),
              p.substring(0, end - segment.length()) + node.segment(), p);
        }
        if (node.file() != file) {
          String prefix = p.substring(0, end);
          throw new PathException("INVALID_PATH",
              quote(prefix, false) + " is both a file and a directory", prefix, "");
        }
        parent = node.id();
      }
    }
  }

  private static PathException collision(String node, String other, String p) {
    boolean normalization = Normalizer.normalize(node, Normalizer.Form.NFC)
        .equals(Normalizer.normalize(other, Normalizer.Form.NFC));
    String kind = normalization ? "Unicode normalization" : "case";
    String subject = quote(node, normalization)
        + (node.equals(p) ? "" : " (in " + quote(p, false) + ")");
    return new PathException("PATH_COLLISION", subject + " and " + quote(other, normalization)
        + " differ only in " + kind + ": they would be one name on macOS and Windows", p, other);
  }

  /** Double-quoted, with the characters a terminal would not show faithfully escaped. */
  static String quote(String s, boolean asciiOnly) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      boolean unsafe = c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C
          || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E)
          || (c >= 0x2060 && c <= 0x2069) || c == 0xFEFF || (asciiOnly && c > 0x7E);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (unsafe) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String hex(int c) {
    return String.format("U+%04X", c);
  }

  private static String asciiUpper(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      out.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
    }
    return out.toString();
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
