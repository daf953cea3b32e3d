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

  private final Map<String, String> saved = new HashMap<>();
  private JsonArray pushFiles = new JsonArray();

  /** scenarios.json, then the client contract's contract.json (docs/clients.md), in file order. */
  @TestFactory
  @Timeout(900)
  Stream<DynamicTest> scenarios() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : List.of("scenarios.json", "contract.json")) {
      Path file = Harness.repoRoot().resolve("tests/conformance/" + name);
      JsonObject spec = GSON.fromJson(Files.readString(file), JsonObject.class);
      assertEquals(1, spec.get("format").getAsInt(), name + " format");
      JsonArray files = spec.has("push_files") ? spec.getAsJsonArray("push_files") : null;
      int before = tests.size();
      for (JsonElement element : spec.getAsJsonArray("scenarios")) {
        JsonObject scenario = element.getAsJsonObject();
        String prefix = name.equals("contract.json") ? "contract: " : "";
        tests.add(DynamicTest.dynamicTest(prefix + scenario.get("name").getAsString(), () -> {
          if (files != null) {
            pushFiles = files;
          }
          run(scenario);
        }));
      }
      assertFalse(tests.size() == before, "no scenarios in " + name);
    }
    return tests.stream();
  }

  private void run(JsonObject scenario) throws Exception {
    Harness harness = Harness.shared();
    Path tmp = Files.createTempDirectory("modelreg-java-conformance-");
    Watch watch = null;
    List<ModelregClient> connected = new ArrayList<>();
    try (ModelregClient own = ModelregClient.builder(harness.address()).build()) {
      ModelregClient[] current = {own};
      JsonArray steps = scenario.getAsJsonArray("steps");
      for (int i = 0; i < steps.size(); i++) {
        ModelregClient client = current[0];
        JsonObject step = expand(harness, steps.get(i)).getAsJsonObject();
        JsonObject expect = step.has("expect") ? step.getAsJsonObject("expect") : new JsonObject();
        if (step.has("settings")) {
          JsonObject spec = step.getAsJsonObject("settings");
          Outcome<Settings> outcome = outcome(() -> Settings.resolve(env(spec), options(spec)));
          check(expect, outcome, () -> settingsFields(outcome.value));
        } else if (step.has("connect")) {
          JsonObject spec = step.getAsJsonObject("connect");
          Outcome<ModelregClient> outcome = outcome(
              () -> ModelregClient.builder().options(options(spec)).build(env(spec)));
          check(expect, outcome, HashMap::new);
          if (outcome.value != null) {
            connected.add(outcome.value);
            current[0] = outcome.value;
          }
        } else if (step.has("push")) {
          JsonObject spec = step.getAsJsonObject("push");
          Path dir;
          if (spec.has("dir")) {
            dir = Path.of(spec.get("dir").getAsString());
          } else {
            dir = tmp.resolve("push-" + i);
            materialize(spec.getAsJsonArray("files"), dir);
          }
          long[] uploaded = {0};
          long[] last = {0};
          PushOptions options = PushOptions.builder().onProgress((phase, done, total) -> {
            if (phase.equals("upload")) {
              synchronized (uploaded) {
                if (done > last[0]) {
                  uploaded[0] += done - last[0];
                }
                last[0] = done; // a retried attempt reports from 0 again
              }
            }
          }).build();
          ModelregClient pusher = client;
          Outcome<Version> outcome = outcome(
              () -> pusher.push(spec.get("model").getAsString(), dir, options));
          check(expect, outcome, () -> {
            Map<String, JsonElement> got = new LinkedHashMap<>();
            got.put("digest", new JsonPrimitive(outcome.value.getDigest()));
            got.put("version", new JsonPrimitive(outcome.value.getNumber()));
            got.put("uploaded_bytes", new JsonPrimitive(uploaded[0]));
            return got;
          });
        } else if (step.has("resolve")) {
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
          Set<String> left = new java.util.HashSet<>(TestFiles.others(tmp, pulls(i)));
          left.removeIf(n -> n.startsWith("push-"));
          assertEquals(Set.of(), left, "leftovers in " + tmp);
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
            saved.put(step.get("save").getAsString(), reply.get("sequence").getAsString());
          }
          if (step.has("save_digest")) {
            saved.put(step.get("save_digest").getAsString(), reply.get("digest").getAsString());
          }
        } else {
          fail("unknown step " + step);
        }
      }
    } finally {
      if (watch != null) {
        watch.close();
      }
      for (ModelregClient c : connected) {
        c.close();
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

  /** A settings or connect step's environment map. */
  private static Map<String, String> env(JsonObject spec) {
    Map<String, String> env = new HashMap<>();
    if (spec.has("env")) {
      for (Map.Entry<String, JsonElement> e : spec.getAsJsonObject("env").entrySet()) {
        env.put(e.getKey(), e.getValue().getAsString());
      }
    }
    return env;
  }

  /** A settings or connect step's arguments as the client's options. */
  private static ClientOptions options(JsonObject spec) {
    ClientOptions o = new ClientOptions();
    JsonObject args = spec.has("args") ? spec.getAsJsonObject("args") : new JsonObject();
    for (Map.Entry<String, JsonElement> e : args.entrySet()) {
      JsonElement v = e.getValue();
      switch (e.getKey()) {
        case "server" -> o.server(v.getAsString());
        case "token" -> o.token(v.getAsString());
        case "tls" -> o.tls(v.getAsBoolean());
        case "tls_ca" -> o.tlsCa(v.getAsString());
        case "tls_cert" -> o.tlsCert(v.getAsString());
        case "tls_key" -> o.tlsKey(v.getAsString());
        case "allow_plaintext_token" -> o.allowPlaintextToken(v.getAsBoolean());
        default -> fail("unknown settings argument " + e.getKey());
      }
    }
    return o;
  }

  private static Map<String, JsonElement> settingsFields(Settings s) {
    Map<String, JsonElement> got = new LinkedHashMap<>();
    got.put("server", new JsonPrimitive(s.server()));
    got.put("token", new JsonPrimitive(s.token()));
    got.put("tls", new JsonPrimitive(s.tls()));
    got.put("tls_ca", new JsonPrimitive(s.tlsCa()));
    got.put("tls_cert", new JsonPrimitive(s.tlsCert()));
    got.put("tls_key", new JsonPrimitive(s.tlsKey()));
    return got;
  }

  /** Writes generator specs (harness.py's generate) as files under root. */
  static void materialize(JsonArray files, Path root) throws java.io.IOException {
    for (JsonElement element : files) {
      JsonObject spec = element.getAsJsonObject();
      Path path = root.resolve(spec.get("path").getAsString());
      Files.createDirectories(path.getParent());
      Files.write(path, generate(spec));
      int mode = spec.has("mode") ? spec.get("mode").getAsInt() : 0644;
      Set<java.nio.file.attribute.PosixFilePermission> perms = java.util.EnumSet.noneOf(
          java.nio.file.attribute.PosixFilePermission.class);
      java.nio.file.attribute.PosixFilePermission[] all =
          java.nio.file.attribute.PosixFilePermission.values();
      for (int bit = 0; bit < 9; bit++) {
        if ((mode & (1 << (8 - bit))) != 0) {
          perms.add(all[bit]);
        }
      }
      Files.setPosixFilePermissions(path, perms);
    }
  }

  /** The generators of harness.py: text, repeat, lcg, f32. */
  static byte[] generate(JsonObject spec) {
    if (spec.has("text")) {
      return spec.get("text").getAsString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    if (spec.has("repeat")) {
      JsonObject r = spec.getAsJsonObject("repeat");
      byte[] pattern = java.util.HexFormat.of().parseHex(r.get("pattern").getAsString());
      byte[] out = new byte[r.get("size").getAsInt()];
      for (int i = 0; i < out.length; i++) {
        out[i] = pattern[i % pattern.length];
      }
      return out;
    }
    if (spec.has("lcg")) {
      JsonObject r = spec.getAsJsonObject("lcg");
      long x = r.get("seed").getAsLong();
      byte[] out = new byte[r.get("size").getAsInt()];
      for (int i = 0; i < out.length; i++) {
        x = (x * 1103515245L + 12345L) % 2147483648L;
        out[i] = (byte) ((x >> 16) & 0xFF);
      }
      return out;
    }
    if (spec.has("f32")) {
      JsonObject r = spec.getAsJsonObject("f32");
      long x = r.get("seed").getAsLong();
      int count = r.get("count").getAsInt();
      java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(count * 4)
          .order(java.nio.ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < count; i++) {
        x = (x * 1103515245L + 12345L) % 2147483648L;
        out.putFloat((float) ((x / 2147483648.0 - 0.5) * 0.1));
      }
      return out.array();
    }
    throw new IllegalArgumentException("unknown generator in " + spec);
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

  /**
   * Placeholders expanded just before the step runs: {model}, {address}, {digest:N}, {source:N},
   * {saved:NAME}, and {push_files} (a whole value: replaced by the list).
   */
  private JsonElement expand(Harness harness, JsonElement value) {
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
      if (value.getAsString().equals("{push_files}")) {
        return pushFiles.deepCopy();
      }
      String s = value.getAsString().replace("{model}", harness.model())
          .replace("{address}", harness.address());
      for (Map.Entry<String, JsonElement> d : harness.info.getAsJsonObject("digests").entrySet()) {
        s = s.replace("{digest:" + d.getKey() + "}", d.getValue().getAsString());
      }
      for (Map.Entry<String, JsonElement> d : harness.info.getAsJsonObject("sources").entrySet()) {
        s = s.replace("{source:" + d.getKey() + "}", d.getValue().getAsString());
      }
      for (Map.Entry<String, String> e : saved.entrySet()) {
        s = s.replace("{saved:" + e.getKey() + "}", e.getValue());
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
