package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Directory comparison for tests: relative path -> (bytes, permission bits). */
final class TestFiles {
  private TestFiles() {}

  static int mode(Path p) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
    int mode = 0;
    for (PosixFilePermission perm : perms) {
      mode |= 1 << (8 - perm.ordinal());
    }
    return mode;
  }

  static Map<String, Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).collect(Collectors.toMap(
          p -> root.relativize(p).toString().replace('\\', '/'), p -> p, (a, b) -> a,
          TreeMap::new));
    }
  }

  /** Asserts both trees hold the same files with identical bytes and permission bits. */
  static void assertSameTree(Path expected, Path actual) throws IOException {
    Map<String, Path> want = files(expected);
    Map<String, Path> got = files(actual);
    assertEquals(want.keySet(), got.keySet(), "file paths");
    for (Map.Entry<String, Path> e : want.entrySet()) {
      Path g = got.get(e.getKey());
      assertArrayEquals(Files.readAllBytes(e.getValue()), Files.readAllBytes(g),
          "content of " + e.getKey());
      assertEquals(Integer.toOctalString(mode(e.getValue())), Integer.toOctalString(mode(g)),
          "mode of " + e.getKey());
    }
  }

  /** Names in dir other than the given ones (leftover temporary directories). */
  static Set<String> others(Path dir, String... allowed) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      Set<String> ok = Set.of(allowed);
      return list.map(p -> p.getFileName().toString()).filter(n -> !ok.contains(n))
          .collect(Collectors.toSet());
    }
  }

  static void deleteTree(Path root) {
    Assembler.deleteTree(root);
  }
}
