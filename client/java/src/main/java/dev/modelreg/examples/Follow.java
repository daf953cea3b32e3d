package dev.modelreg.examples;

import dev.modelreg.client.ModelregClient;
import dev.modelreg.client.ModelregException;
import dev.modelreg.client.NotFoundException;
import dev.modelreg.client.Watch;
import dev.modelreg.client.WatchFilter;
import dev.modelreg.v1.Event;
import dev.modelreg.v1.EventType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * An example deploy agent: follows {@code MODEL:ALIAS} and pulls each version the alias points at
 * into {@code DIR/versions/<n>}, then points the symlink {@code DIR/current} at it.
 *
 * <pre>
 * java -cp ... dev.modelreg.examples.Follow [--server HOST:PORT] [--token T] [--ca CA.pem] MODEL:ALIAS DIR
 * </pre>
 *
 * <p>It first deploys what the alias points at now, then reacts to every ALIAS_SET event. The last
 * event sequence handled is kept in {@code DIR/.sequence}, so after a restart of the agent it
 * resumes where it left off; the watch itself survives disconnects and server restarts. Pulls are
 * verified and atomic: {@code DIR/versions/<n>} only ever exists complete.
 */
public final class Follow implements AutoCloseable {
  private final ModelregClient client;
  private final String model;
  private final String alias;
  private final Path dir;
  private final PrintStream log;
  private volatile Watch watch;
  private volatile boolean closed;

  public Follow(ModelregClient client, String model, String alias, Path dir, PrintStream log) {
    this.client = client;
    this.model = model;
    this.alias = alias;
    this.dir = dir;
    this.log = log;
  }

  /** Deploys the current target, then each move of the alias, until {@link #close()}. */
  public void run() throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("versions"));
    Long after = readSequence();
    WatchFilter filter = WatchFilter.builder().models(model)
        .types(EventType.EVENT_TYPE_ALIAS_SET, EventType.EVENT_TYPE_ALIAS_DELETED)
        .aliases(alias).build();
    // Watch first, then resolve: a move between the two is delivered, not missed.
    try (Watch w = client.watch(filter, after)) {
      this.watch = w;
      if (closed) {
        return;
      }
      try {
        deploy(client.resolve(model + ":" + alias).getNumber());
      } catch (NotFoundException e) {
        log.printf("%s:%s does not exist yet (%s); waiting%n", model, alias, e.reason());
      }
      while (!closed) {
        Event event = w.poll(Duration.ofSeconds(30));
        if (event == null) {
          continue;
        }
        if (event.getType() == EventType.EVENT_TYPE_ALIAS_SET) {
          log.printf("event %d: %s:%s moved %d -> %d%n", event.getSequence(), model, alias,
              event.getPreviousVersion(), event.getVersion());
          deploy(event.getVersion());
        } else {
          log.printf("event %d: %s:%s was deleted; keeping version %d deployed%n",
              event.getSequence(), model, alias, event.getPreviousVersion());
        }
        writeSequence(event.getSequence());
      }
    }
  }

  /** Pulls version n (unless already there) and points DIR/current at it. */
  void deploy(long number) throws IOException {
    Path target = dir.resolve("versions").resolve(Long.toString(number));
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      try {
        var version = client.pull(model + ":v" + number, target);
        log.printf("pulled %s (%d files, %d bytes, %s) into %s%n", version.getName(),
            version.getFileCount(), version.getTotalSize(), version.getDigest(), target);
      } catch (ModelregException e) {
        // Nothing was left at target; the next event (or a restart) tries again.
        log.printf("pull of %s:v%d failed: %s%n", model, number, e);
        return;
      }
    }
    Path link = dir.resolve("current");
    Path tmp = dir.resolve(".current.tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, Path.of("versions", Long.toString(number)));
    Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    log.printf("deployed %s:v%d (%s -> versions/%d)%n", model, number, link, number);
  }

  private Long readSequence() throws IOException {
    Path file = dir.resolve(".sequence");
    if (!Files.exists(file)) {
      return null;
    }
    return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
  }

  private void writeSequence(long sequence) throws IOException {
    Path tmp = dir.resolve(".sequence.tmp");
    Files.writeString(tmp, sequence + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(".sequence"), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** The watch's resume point, for tests and monitoring. */
  public OptionalLong lastSequence() {
    Watch w = watch;
    return w == null ? OptionalLong.empty() : w.lastSequence();
  }

  /** Stops {@link #run()} (from any thread). */
  @Override
  public void close() {
    closed = true;
    Watch w = watch;
    if (w != null) {
      w.close();
    }
  }

  private static void usage() {
    System.err.println("usage: Follow [--server HOST:PORT] [--token TOKEN] [--ca CA.pem] MODEL:ALIAS DIR");
    System.exit(2);
  }

  public static void main(String[] args) throws Exception {
    ModelregClient.Builder builder = ModelregClient.builder();
    String target = null;
    String dir = null;
    String token = System.getenv("MODELREG_TOKEN");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--server":
          builder.address(args[++i]);
          break;
        case "--token":
          token = args[++i];
          break;
        case "--ca":
          builder.tls(Path.of(args[++i]));
          break;
        case "-h":
        case "--help":
          usage();
          break;
        default:
          if (target == null) {
            target = args[i];
          } else if (dir == null) {
            dir = args[i];
          } else {
            usage();
          }
      }
    }
    if (target == null || dir == null || !target.contains(":")) {
      usage();
    }
    String model = target.substring(0, target.indexOf(':'));
    String alias = target.substring(target.indexOf(':') + 1);
    try (ModelregClient client = builder.token(token).build();
        Follow follow = new Follow(client, model, alias, Path.of(dir), System.out)) {
      Runtime.getRuntime().addShutdownHook(new Thread(follow::close));
      System.out.printf("following %s:%s on %s into %s%n", model, alias, client.address(), dir);
      follow.run();
    }
  }
}
