package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.modelreg.v1.Version;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Filters against the real server of the conformance harness and the catalog it pushes (read
 * only): listModels / listVersions / searchVersions paging, laziness, the FULL view, a bad
 * filter, and a watch whose filter is refused.
 */
@Timeout(120)
class FiltersTest {
  private static ModelregClient client;

  @BeforeAll
  static void start() throws Exception {
    client = ModelregClient.builder(Harness.shared().address()).timeout(Duration.ofSeconds(30)).build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
  }

  private static List<String> names(Stream<Version> versions) {
    return versions.map(v -> v.getModel() + ":" + v.getNumber()).collect(Collectors.toList());
  }

  @Test
  void onePerPageYieldsEveryMatchInOrder() {
    ListOptions options = ListOptions.builder().filter("model = \"search-*\"")
        .orderBy("metrics.f1 desc").pageSize(1).build();
    assertEquals(List.of("search-resnet:1", "search-gpt:1", "search-bert:2", "search-bert:1",
        "search-bert:3", "search-resnet:2"), names(client.searchVersions(options)));
    assertEquals(List.of("search-resnet:2"), names(client.listVersions(ModelregClient.ALL_MODELS,
        ListOptions.builder().filter("metrics.f1 < 0.4").build())));
  }

  @Test
  void theStreamIsLazy() {
    List<String> first = client.listModels(ListOptions.builder().filter("name = \"search-*\"")
        .orderBy("name").pageSize(1).build()).limit(1).map(m -> m.getName()).toList();
    assertEquals(List.of("models/search-bert"), first);
  }

  @Test
  void filesAsksForTheManifests() {
    Version full = client.listVersions("search-gpt", ListOptions.builder().files(true).build())
        .findFirst().orElseThrow();
    assertEquals("weights.txt", full.getFiles(0).getPath());
    Version basic = client.listVersions("search-gpt", ListOptions.all()).findFirst().orElseThrow();
    assertEquals(0, basic.getFilesCount());
  }

  @Test
  void aBadFilterThrowsItsPositionAndWhatWasExpected() {
    Stream<Version> search = client.searchVersions(
        ListOptions.builder().filter("metrics.f1 > 0.9 AND").build());
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, search::toList);
    assertEquals("INVALID_FILTER", e.reason());
    assertEquals("20", e.metadata().get("position"));
    assertFalse(e.metadata().get("expected").isEmpty());
  }

  @Test
  void aWatchWhoseFilterIsRefusedEndsWithTheRefusal() throws Exception {
    try (Watch watch = client.watch(WatchFilter.builder().filter("type = ALIAS_SET AND").build(), null)) {
      InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
          () -> watch.poll(Duration.ofSeconds(30)));
      assertEquals("INVALID_FILTER", e.reason());
      assertEquals("20", e.metadata().get("position"));
    }
  }
}
