package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull whose connection is cut mid-stream resumes from the last verified chunk. The real server
 * sits behind a TCP relay that drops the first connection after a given number of bytes.
 */
@Timeout(120)
class PullResumeTest {
  @TempDir Path tmp;

  /** Relays 127.0.0.1:port to the server; cuts one connection after {@code cutAfter} bytes. */
  static final class Relay implements AutoCloseable {
    final ServerSocket listener;
    final AtomicLong cutAfter = new AtomicLong(-1);
    final List<AtomicLong> downstreamBytes = new CopyOnWriteArrayList<>();
    private final String host;
    private final int port;

    Relay(String address) throws IOException {
      host = address.substring(0, address.lastIndexOf(':'));
      port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread accept = new Thread(this::accept, "relay-accept");
      accept.setDaemon(true);
      accept.start();
    }

    String address() {
      return "127.0.0.1:" + listener.getLocalPort();
    }

    private void accept() {
      while (!listener.isClosed()) {
        try {
          Socket client = listener.accept();
          Socket server = new Socket(host, port);
          AtomicLong counted = new AtomicLong();
          downstreamBytes.add(counted);
          long cut = cutAfter.getAndSet(-1);
          pump(client, server, null, -1);
          pump(server, client, counted, cut);
        } catch (IOException e) {
          return;
        }
      }
    }

    private static void pump(Socket from, Socket to, AtomicLong counted, long cut) {
      Thread t = new Thread(() -> {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          int n;
          while ((n = in.read(buffer)) > 0) {
            if (counted != null && cut >= 0 && counted.get() + n >= cut) {
              break; // cut the connection here
            }
            out.write(buffer, 0, n);
            if (counted != null) {
              counted.addAndGet(n);
            }
          }
        } catch (IOException e) {
          // the other direction closed
        } finally {
          closeQuietly(from);
          closeQuietly(to);
        }
      }, "relay-pump");
      t.setDaemon(true);
      t.start();
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException e) {
        // already closed
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }
  }

  @Test
  void aCutStreamResumesFromTheLastVerifiedChunk() throws Exception {
    Harness harness = Harness.shared();
    String reference = harness.model() + ":v1";
    try (Relay relay = new Relay(harness.address())) {
      long full;
      try (ModelregClient client = ModelregClient.builder(relay.address())
          .timeout(Duration.ofSeconds(30)).build()) {
        client.pull(reference, tmp.resolve("baseline"));
      }
      assertEquals(1, relay.downstreamBytes.size());
      full = relay.downstreamBytes.get(0).get();
      TestFiles.assertSameTree(harness.source(1), tmp.resolve("baseline"));

      relay.cutAfter.set(full / 2);
      Path dest = tmp.resolve("resumed");
      try (ModelregClient client = ModelregClient.builder(relay.address())
          .timeout(Duration.ofSeconds(30)).build()) {
        client.pull(reference, dest);
      }
      TestFiles.assertSameTree(harness.source(1), dest);
      assertEquals(3, relay.downstreamBytes.size(), "one cut connection, one resumed");
      long resumed = relay.downstreamBytes.get(2).get();
      assertTrue(resumed < full * 0.9,
          "the resumed stream re-sent " + resumed + " of " + full + " bytes");
      assertEquals(Set.of("baseline", "resumed"), TestFiles.others(tmp));
    }
  }

  @Test
  void aPullThatKeepsFailingLeavesNoDestination() throws Exception {
    Harness harness = Harness.shared();
    try (Relay relay = new Relay(harness.address())) {
      Path dest = tmp.resolve("never");
      try (ModelregClient client = ModelregClient.builder(relay.address())
          .timeout(Duration.ofSeconds(30)).pullAttempts(1).build()) {
        // GetVersion is small; the download's first connection is cut after 300 KB.
        relay.cutAfter.set(300_000);
        ModelregException e = org.junit.jupiter.api.Assertions.assertThrows(
            ModelregException.class, () -> client.pull(harness.model() + ":v1", dest));
        assertTrue(e.isRetryable(), "a transport error: " + e);
      }
      assertFalse(Files.exists(dest));
      assertEquals(Set.of(), TestFiles.others(tmp), "temporary directory removed");
    }
  }
}
