package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.modelreg.v1.Event;
import dev.modelreg.v1.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The shared conformance scenarios (tests/conformance/scenarios.json), run in file order with this
 * library against the real server that tests/conformance/harness.py starts: the Java twin of
 * tests/test_conformance.py.
 */
class ConformanceTest {
  private static final Gson GSON = new Gson();
  private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(20);

  private final Map<String, Long> saved = new HashMap<>();

  @TestFactory
  @Timeout(600)
  Stream<DynamicTest> scenarios() throws Exception {
    Path file = Harness.repoRoot().resolve("tests/conformance/scenarios.json");
    JsonObject spec = GSON.fromJson(Files.readString(file), JsonObject.class);
    assertEquals(1, spec.get("format").getAsInt(), "scenarios.json format");
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonElement element : spec.getAsJsonArray("scenarios")) {
      JsonObject scenario = element.getAsJsonObject();
      String name = scenario.get("name").getAsString();
      tests.add(DynamicTest.dynamicTest(name, () -> run(scenario)));
    }
    assertFalse(tests.isEmpty(), "no scenarios");
    return tests.stream();
  }

  private void run(JsonObject scenario) throws Exception {
    Harness harness = Harness.shared();
    Path tmp = Files.createTempDirectory("modelreg-java-conformance-");
    Watch watch = null;
    try (ModelregClient client = ModelregClient.builder(harness.address()).build()) {
      JsonArray steps = scenario.getAsJsonArray("steps");
      for (int i = 0; i < steps.size(); i++) {
        JsonObject step = expand(harness, steps.get(i)).getAsJsonObject();
        JsonObject expect = step.has("expect") ? step.getAsJsonObject("expect") : new JsonObject();
        if (step.has("resolve")) {
          String reference = step.get("resolve").getAsString();
          Outcome<Version> outcome = outcome(() -> client.resolve(reference));
          check(expect, outcome, () -> {
            Map<String, JsonElement> got = new LinkedHashMap<>();
            got.put("version", new JsonPrimitive(outcome.value.getNumber()));
            got.put("digest", new JsonPrimitive(outcome.value.getDigest()));
            return got;
          });
        } else if (step.has("pull")) {
          String reference = step.get("pull").getAsString();
          Path dest = tmp.resolve("pull-" + i);
          Outcome<Version> outcome = outcome(() -> client.pull(reference, dest));
          check(expect, outcome, HashMap::new);
          if (expect.has("same_as_version")) {
            TestFiles.assertSameTree(harness.source(expect.get("same_as_version").getAsInt()), dest);
          }
          if (expect.has("no_destination") && expect.get("no_destination").getAsBoolean()) {
            assertFalse(Files.exists(dest), dest + " exists after a failed pull");
          }
          // Stricter than the Python runner: no temporary directory is left behind either way.
          assertEquals(Set.of(), TestFiles.others(tmp, pulls(i)), "leftovers in " + tmp);
        } else if (step.has("list_models") || step.has("list_versions")
            || step.has("search_versions")) {
          Outcome<Map<String, JsonElement>> outcome = outcome(() -> listing(client, step));
          check(expect, outcome, () -> outcome.value);
        } else if (step.has("watch_start")) {
          JsonObject w = step.getAsJsonObject("watch_start");
          WatchFilter.Builder filter = WatchFilter.builder();
          filter.models(strings(w, "models"));
          filter.typeNames(strings(w, "types"));
          filter.aliases(strings(w, "aliases"));
          if (w.has("filter")) {
            filter.filter(w.get("filter").getAsString());
          }
          Long after = w.has("after") ? Long.parseLong(w.get("after").getAsString()) : null;
          watch = client.watch(filter.build(), after);
        } else if (step.has("watch_expect")) {
          assertNotNull(watch, "watch_expect without watch_start");
          for (JsonElement want : step.getAsJsonArray("watch_expect")) {
            Event event = watch.poll(EVENT_TIMEOUT);
            assertNotNull(event, "no event within " + EVENT_TIMEOUT + ", expected " + want);
            Map<String, JsonElement> got = Map.of(
                "type", new JsonPrimitive(WatchFilter.typeName(event.getType())),
                "model", new JsonPrimitive(event.getModel()),
                "alias", new JsonPrimitive(event.getAlias()),
                "version", new JsonPrimitive(event.getVersion()),
                "previous_version", new JsonPrimitive(event.getPreviousVersion()));
            for (Map.Entry<String, JsonElement> field : want.getAsJsonObject().entrySet()) {
              assertTrue(got.containsKey(field.getKey()), "unknown event field " + field.getKey());
              assertEquals(normalize(field.getValue()), normalize(got.get(field.getKey())),
                  field.getKey() + " of event " + event.getSequence() + ", expected " + want);
            }
          }
        } else if (step.has("watch_stop")) {
          assertNotNull(watch, "watch_stop without watch_start");
          watch.close();
          assertNull(watch.poll(Duration.ofSeconds(5)), "a closed watch delivers nothing");
          watch = null;
        } else if (step.has("harness")) {
          JsonObject reply = harness.send(step.getAsJsonObject("harness"));
          if (step.has("save")) {
            saved.put(step.get("save").getAsString(), reply.get("sequence").getAsLong());
          }
        } else {
          fail("unknown step " + step);
        }
      }
    } finally {
      if (watch != null) {
        watch.close();
      }
      TestFiles.deleteTree(tmp);
    }
  }

  /** A list step through the client's list methods, every page: model ids or MODEL:NUMBER. */
  private static Map<String, JsonElement> listing(ModelregClient client, JsonObject step) {
    String kind = step.has("list_models") ? "list_models"
        : step.has("list_versions") ? "list_versions" : "search_versions";
    JsonObject spec = step.getAsJsonObject(kind);
    ListOptions.Builder options = ListOptions.builder();
    if (spec.has("filter")) {
      options.filter(spec.get("filter").getAsString());
    }
    if (spec.has("order_by")) {
      options.orderBy(spec.get("order_by").getAsString());
    }
    if (spec.has("page_size")) {
      options.pageSize(spec.get("page_size").getAsInt());
    }
    JsonArray items = new JsonArray();
    if (kind.equals("list_models")) {
      client.listModels(options.build()).forEach(m -> items.add(m.getName().replaceFirst("^models/", "")));
      return Map.of("models", items);
    }
    Stream<Version> versions = kind.equals("list_versions")
        ? client.listVersions(spec.get("parent").getAsString(), options.build())
        : client.searchVersions(options.build());
    versions.forEach(v -> items.add(v.getModel() + ":" + v.getNumber()));
    return Map.of("versions", items);
  }

  private static String[] pulls(int upTo) {
    String[] names = new String[upTo + 1];
    for (int j = 0; j <= upTo; j++) {
      names[j] = "pull-" + j;
    }
    return names;
  }

  private static List<String> strings(JsonObject o, String key) {
    List<String> out = new ArrayList<>();
    if (o.has(key)) {
      for (JsonElement e : o.getAsJsonArray(key)) {
        out.add(e.getAsString());
      }
    }
    return out;
  }

  /** Numbers compare by value (1 == 1.0); everything else as JSON. */
  private static Object normalize(JsonElement e) {
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      return e.getAsBigDecimal().stripTrailingZeros();
    }
    return e;
  }

  /** Placeholders expanded just before the step runs: {model}, {digest:N}, {saved:NAME}. */
  private JsonElement expand(Harness harness, JsonElement value) {
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
      String s = value.getAsString().replace("{model}", harness.model());
      for (Map.Entry<String, JsonElement> d : harness.info.getAsJsonObject("digests").entrySet()) {
        s = s.replace("{digest:" + d.getKey() + "}", d.getValue().getAsString());
      }
      for (Map.Entry<String, Long> e : saved.entrySet()) {
        s = s.replace("{saved:" + e.getKey() + "}", String.valueOf(e.getValue()));
      }
      return new JsonPrimitive(s);
    }
    if (value.isJsonArray()) {
      JsonArray out = new JsonArray();
      for (JsonElement e : value.getAsJsonArray()) {
        out.add(expand(harness, e));
      }
      return out;
    }
    if (value.isJsonObject()) {
      JsonObject out = new JsonObject();
      for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
        out.add(e.getKey(), expand(harness, e.getValue()));
      }
      return out;
    }
    return value;
  }

  interface Call<T> {
    T call() throws Exception;
  }

  interface Result {
    Map<String, JsonElement> get();
  }

  static final class Outcome<T> {
    T value;
    String code;
    String reason;
    Map<String, String> metadata = Map.of();
  }

  private static <T> Outcome<T> outcome(Call<T> fn) throws Exception {
    Outcome<T> o = new Outcome<>();
    try {
      o.value = fn.call();
    } catch (IntegrityException e) {
      o.code = "INTEGRITY";
      o.reason = e.reason();
    } catch (ModelregException e) {
      o.code = e.code() == null ? "UNKNOWN" : e.code().name();
      o.reason = e.reason();
      o.metadata = e.metadata();
    }
    return o;
  }

  private static void check(JsonObject expect, Outcome<?> outcome, Result result) {
    if (expect.has("error")) {
      assertNotNull(outcome.code, "expected " + expect.get("error") + ", got success");
      for (Map.Entry<String, JsonElement> e : expect.getAsJsonObject("error").entrySet()) {
        if (e.getKey().equals("metadata")) {
          for (Map.Entry<String, JsonElement> m : e.getValue().getAsJsonObject().entrySet()) {
            assertEquals(m.getValue().getAsString(), outcome.metadata.get(m.getKey()),
                "error metadata " + m.getKey() + " (got " + outcome.metadata + ")");
          }
          continue;
        }
        String got = e.getKey().equals("code") ? outcome.code
            : e.getKey().equals("reason") ? outcome.reason : null;
        assertEquals(e.getValue().getAsString(), got,
            "error " + e.getKey() + " (got " + outcome.code + "/" + outcome.reason + ")");
      }
    } else {
      assertNull(outcome.code, () -> "unexpected error " + outcome.code + "/" + outcome.reason);
      Map<String, JsonElement> got = result.get();
      for (Map.Entry<String, JsonElement> e : expect.entrySet()) {
        if (got.containsKey(e.getKey())) {
          assertEquals(normalize(e.getValue()), normalize(got.get(e.getKey())), e.getKey());
        }
      }
    }
  }
}
