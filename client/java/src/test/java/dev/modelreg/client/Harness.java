package dev.modelreg.client;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * tests/conformance/harness.py: the real Python server, set up with the scenario versions, and a
 * line-based JSON command channel. One instance is shared by the test classes of this JVM (they
 * only touch aliases of their own, except the conformance scenarios) and quit at JVM exit.
 */
final class Harness implements AutoCloseable {
  private static final Gson GSON = new Gson();
  private static Harness shared;

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  final JsonObject info;

  static synchronized Harness shared() throws IOException, InterruptedException {
    if (shared == null) {
      shared = new Harness();
      Harness h = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(h::close));
    }
    return shared;
  }

  /** The repository root: -Dmodelreg.repo (set by the pom), else found upwards from here. */
  static Path repoRoot() {
    String property = System.getProperty("modelreg.repo");
    if (property != null && !property.isEmpty()) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("tests/conformance/harness.py"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("repository root with tests/conformance/harness.py not found");
    }
    return dir;
  }

  /** The repository's {@code .venv/bin/python}, which has the server installed. */
  static Path python() {
    Path python = repoRoot().resolve(".venv/bin/python");
    if (!Files.isExecutable(python)) {
      throw new IllegalStateException(python + " is missing: run scripts/test-java, which creates it");
    }
    return python;
  }

  private Harness() throws IOException, InterruptedException {
    Path root = repoRoot();
    Path python = python();
    Path log = Path.of("target", "conformance-harness.log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(python.toString(),
        root.resolve("tests/conformance/harness.py").toString())
        .directory(root.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = builder.start();
    stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // The process ended; readers time out.
      }
    }, "harness-stdout");
    reader.setDaemon(true);
    reader.start();
    String first = lines.poll(180, TimeUnit.SECONDS);
    if (first == null) {
      process.destroyForcibly();
      throw new IllegalStateException("harness did not start within 180s; see " + log);
    }
    info = GSON.fromJson(first, JsonObject.class);
  }

  String address() {
    return info.get("address").getAsString();
  }

  String model() {
    return info.get("model").getAsString();
  }

  String digest(int version) {
    return info.getAsJsonObject("digests").get(String.valueOf(version)).getAsString();
  }

  Path source(int version) {
    return Path.of(info.getAsJsonObject("sources").get(String.valueOf(version)).getAsString());
  }

  /** Sends one command and returns its reply, failing unless the reply is ok. */
  synchronized JsonObject send(JsonObject command) throws IOException, InterruptedException {
    stdin.write(GSON.toJson(command) + "\n");
    stdin.flush();
    String line = lines.poll(120, TimeUnit.SECONDS);
    if (line == null) {
      throw new IllegalStateException("harness did not answer " + command + " within 120s");
    }
    JsonObject reply = GSON.fromJson(line, JsonObject.class);
    if (!reply.has("ok") || !reply.get("ok").getAsBoolean()) {
      throw new AssertionError("harness refused " + command + ": " + reply);
    }
    return reply;
  }

  JsonObject setAlias(String alias, long version) throws IOException, InterruptedException {
    JsonObject command = new JsonObject();
    command.addProperty("op", "set_alias");
    command.addProperty("alias", alias);
    command.addProperty("version", version);
    return send(command);
  }

  @Override
  public synchronized void close() {
    if (!process.isAlive()) {
      return;
    }
    try {
      JsonObject quit = new JsonObject();
      quit.addProperty("op", "quit");
      send(quit);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      process.destroyForcibly();
    }
  }
}
