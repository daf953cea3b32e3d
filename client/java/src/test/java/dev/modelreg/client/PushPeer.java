package dev.modelreg.client;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * src/test/python/push_peer.py: the Python SDK's scan, push and pull of the same directories the
 * Java push tests push, and tests/native_data.py's inputs, run with the repository's venv.
 */
final class PushPeer {
  private PushPeer() {}

  static JsonObject run(String... args) throws IOException, InterruptedException {
    Path root = Harness.repoRoot();
    List<String> command = new ArrayList<>(List.of(Harness.python().toString(),
        root.resolve("client/java/src/test/python/push_peer.py").toString()));
    command.addAll(List.of(args));
    Path err = Files.createTempFile("push-peer", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
        .redirectError(err.toFile());
    String path = builder.environment().getOrDefault("PYTHONPATH", "");
    builder.environment().put("PYTHONPATH",
        root.resolve("tests") + (path.isEmpty() ? "" : java.io.File.pathSeparator + path));
    builder.environment().remove("MODELREG_TOKEN");
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("push_peer.py " + String.join(" ", args) + " timed out");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("push_peer.py " + String.join(" ", args) + " exited with "
            + p.exitValue() + "\nstdout: " + out + "\nstderr: " + Files.readString(err));
      }
    } finally {
      Files.deleteIfExists(err);
    }
    return new Gson().fromJson(out.strip(), JsonObject.class);
  }
}
