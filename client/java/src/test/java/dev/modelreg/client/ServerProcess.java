package dev.modelreg.client;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code python -m modelreg serve --data DIR --listen 127.0.0.1:0 ...} on a fresh temporary DIR:
 * a server of the test's own, for what the shared {@link Harness} cannot do (e.g. start with
 * {@code --auth}), plus the modelreg CLI against it. Its stderr goes to a log file beside DIR,
 * shown if it fails to start; {@link #close} stops it and removes DIR.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern DASHBOARD =
      Pattern.compile("web dashboard at (http://127\\.0\\.0\\.1:\\d+/)");

  private final Path work;
  private final Process process;
  final Path dataDir;
  final String address;
  /** The web dashboard's URL of a server started with {@code --http 127.0.0.1:0}, else "". */
  final String dashboard;

  private ServerProcess(Path work, Process process, String address, String dashboard) {
    this.work = work;
    this.process = process;
    this.dataDir = work.resolve("data");
    this.address = address;
    this.dashboard = dashboard;
  }

  static ServerProcess start(String... extraArgs) throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("modelreg-java-server-");
    Path log = work.resolve("server.log");
    List<String> command = new ArrayList<>(List.of(Harness.python().toString(), "-m", "modelreg",
        "serve", "--data", work.resolve("data").toString(), "--listen", "127.0.0.1:0"));
    command.addAll(List.of(extraArgs));
    Process process = new ProcessBuilder(command)
        .directory(Harness.repoRoot().toFile())
        .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
        .start();
    BlockingQueue<String> port = new LinkedBlockingQueue<>();
    BlockingQueue<String> web = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      // Reads stdout to its end, so that the server never blocks on a full pipe.
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            port.add(m.group(1));
          }
          Matcher d = DASHBOARD.matcher(line);
          if (d.find()) {
            web.add(d.group(1));
          }
        }
      } catch (IOException e) {
        // The process ended.
      }
    }, "modelreg-serve-stdout");
    reader.setDaemon(true);
    reader.start();
    String found = port.poll(60, TimeUnit.SECONDS);
    int http = List.of(extraArgs).indexOf("--http");
    boolean wantsDashboard = http >= 0 && http + 1 < extraArgs.length && !extraArgs[http + 1].equals("off");
    String dashboard = found != null && wantsDashboard ? web.poll(60, TimeUnit.SECONDS) : "";
    if (found == null || dashboard == null) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      String logged = Files.readString(log);
      TestFiles.deleteTree(work);
      throw new IllegalStateException("modelreg serve " + String.join(" ", extraArgs)
          + " did not start; its stderr:\n" + logged);
    }
    return new ServerProcess(work, process, "127.0.0.1:" + found, dashboard);
  }

  /**
   * Runs {@code python -m modelreg args...} against this server (MODELREG_SERVER set, no
   * MODELREG_TOKEN) and returns its stdout; throws unless it succeeds.
   */
  String cli(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Harness.python().toString(), "-m", "modelreg"));
    command.addAll(List.of(args));
    Path err = Files.createTempFile(work, "cli", ".err");
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(Harness.repoRoot().toFile())
        .redirectError(err.toFile());
    Map<String, String> env = builder.environment();
    env.put("MODELREG_SERVER", address);
    env.remove("MODELREG_TOKEN");
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("modelreg " + String.join(" ", args) + " timed out");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("modelreg " + String.join(" ", args) + " exited with "
          + p.exitValue() + "\nstdout: " + out + "\nstderr: " + Files.readString(err));
    }
    return out;
  }

  /** Creates the first admin ({@code modelreg bootstrap --data DIR --json}); returns its token. */
  String bootstrap() throws IOException, InterruptedException {
    String out = cli("bootstrap", "--data", dataDir.toString(), "--json");
    JsonObject boot = new Gson().fromJson(out, JsonObject.class);
    if (boot == null || !boot.has("secret")) {
      throw new IllegalStateException("modelreg bootstrap printed " + out);
    }
    return boot.get("secret").getAsString();
  }

  /** Stops the server (SIGTERM, then SIGKILL after 20s) and removes its directory. */
  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    TestFiles.deleteTree(work);
  }
}
