package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.modelreg.v1.FileEntry;
import dev.modelreg.v1.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portable path rule against the vectors every implementation runs
 * (tests/conformance/paths.json), and the pull assembler refusing them before writing anything.
 */
class PortablePathsTest {
  private static final String EMPTY_SHA =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final JsonObject V = load();

  @TempDir Path tmp;

  private static JsonObject load() {
    try {
      Path file = Harness.repoRoot().resolve("tests/conformance/paths.json");
      JsonObject v = new Gson().fromJson(Files.readString(file), JsonObject.class);
      assertEquals(1, v.get("format").getAsInt(), "paths.json format");
      return v;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    for (JsonElement e : array) {
      out.add(e.getAsString());
    }
    return out;
  }

  private static String shown(Object value) {
    return PortablePaths.quote(String.valueOf(value), true);
  }

  @Test
  void validPathsPassAloneAndTogether() {
    List<String> valid = strings(V.getAsJsonArray("valid"));
    assertFalse(valid.isEmpty());
    for (String p : valid) {
      assertEquals("", PortablePaths.problem(p), shown(p));
    }
    assertDoesNotThrow(() -> PortablePaths.checkAll(valid));
  }

  @Test
  void invalidPathsAreRefusedWithTheirWhy() {
    for (JsonElement element : V.getAsJsonArray("invalid")) {
      String p = element.getAsJsonObject().get("path").getAsString();
      String why = element.getAsJsonObject().get("why").getAsString();
      PortablePaths.PathException e = assertThrows(PortablePaths.PathException.class,
          () -> PortablePaths.checkAll(List.of("ok.txt", p)), shown(p));
      assertEquals("INVALID_PATH", e.reason, shown(p));
      assertTrue(e.getMessage().contains(why), shown(p) + ": " + e.getMessage() + " lacks " + why);
      assertEquals(p, e.path);
    }
  }

  @Test
  void twinsCollideInEitherOrder() {
    for (JsonElement element : V.getAsJsonArray("twins")) {
      List<String> pair = strings(element.getAsJsonArray());
      assertDoesNotThrow(() -> PortablePaths.checkAll(List.of(pair.get(0))));
      assertDoesNotThrow(() -> PortablePaths.checkAll(List.of(pair.get(1))));
      for (List<String> manifest : List.of(pair, List.of(pair.get(1), pair.get(0)))) {
        PortablePaths.PathException e = assertThrows(PortablePaths.PathException.class,
            () -> PortablePaths.checkAll(manifest), shown(manifest));
        assertEquals("PATH_COLLISION", e.reason, shown(manifest));
        assertTrue(e.getMessage().contains("differ only in") && !e.other.isEmpty(), e.getMessage());
      }
    }
  }

  @Test
  void manifestsAreRefusedWithTheirReason() {
    for (JsonElement element : V.getAsJsonArray("manifests")) {
      List<String> manifest = strings(element.getAsJsonObject().getAsJsonArray("paths"));
      String reason = element.getAsJsonObject().get("reason").getAsString();
      String got = "";
      try {
        PortablePaths.checkAll(manifest);
      } catch (PortablePaths.PathException e) {
        got = e.reason;
      }
      assertEquals(reason, got, shown(manifest));
    }
  }

  @Test
  void pullRefusesUnportableManifestsBeforeWriting() throws IOException {
    List<List<String>> manifests = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (JsonElement element : V.getAsJsonArray("invalid")) {
      manifests.add(List.of(element.getAsJsonObject().get("path").getAsString()));
      reasons.add("INVALID_PATH");
    }
    for (JsonElement element : V.getAsJsonArray("twins")) {
      manifests.add(strings(element.getAsJsonArray()));
      reasons.add("PATH_COLLISION");
    }
    for (int i = 0; i < manifests.size(); i++) {
      Version.Builder v = Version.newBuilder().setName("models/m/versions/1");
      for (String p : manifests.get(i)) {
        v.addFiles(FileEntry.newBuilder().setPath(p).setSha256(EMPTY_SHA).setMode(0644));
      }
      Version version = v.build();
      IntegrityException e = assertThrows(IntegrityException.class,
          () -> new Assembler(version, tmp.resolve("out")), shown(manifests.get(i)));
      assertEquals(reasons.get(i), e.reason(), shown(manifests.get(i)));
      try (Stream<Path> left = Files.list(tmp)) {
        assertEquals(List.of(), left.toList());
      }
    }
  }
}
