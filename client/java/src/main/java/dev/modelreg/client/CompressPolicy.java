package dev.modelreg.client;

import java.util.List;

/**
 * Decides, from what a push measures as it goes, whether chunks travel compressed: the Java twin
 * of client/python/modelreg/transfer.py's {@code CompressPolicy}, with the same constants.
 *
 * <p>{@code always} encodes every chunk (the smallest transfer), {@code never} sends them raw
 * (the server compresses raw chunks at rest later, either way). {@code auto} starts raw, encoding
 * one chunk in four over the first 8 MiB and one in 64 after, so the encoder's rate and ratio are
 * known; per 8 MiB window sent it measures, separately for messages sent mostly raw and mostly
 * encoded, the pipeline's rate (raw bytes per wall second), the share of the time the upload
 * stream was held by flow control (the link, the server's processing included, was what limited)
 * and the link's rate (wire bytes per second held). It compresses only when a raw push is
 * link-bound (held more than half the time) and compressing is predicted 1.15x faster:
 * min(encoder rate x cores, link rate / ratio) against the raw rate. While compressing it goes
 * back to raw as soon as the compressed rate falls below the raw one; each such return makes the
 * next switch need a 1.5x larger predicted gain. The first two windows of each kind are warm-up.
 */
final class CompressPolicy {
  /** The modes, as the Python SDK's {@code compress} argument and $MODELREG_COMPRESS. */
  static final List<String> MODES = List.of("auto", "always", "never");

  static final double SWITCH_UP = 1.15;
  static final double LINK_BOUND = 0.5;
  static final int PROBE_EVERY = 64;
  static final long PROBE_BYTES = 8L * 1024 * 1024;
  static final long WINDOW_BYTES = 8L * 1024 * 1024;
  static final long ENCODE_WINDOW = 1024L * 1024;

  final String mode;
  private final int cores;
  private boolean compress;
  private double encodeRate;
  double ratio = 1.0;
  private final double[] rate = new double[2];
  private final double[] link = new double[2];
  private final double[] held = new double[2];
  private int switches;
  private int backs;
  private final double[] enc = new double[3];
  private final double[][] win = new double[2][4];
  private final int[] windows = new int[2];
  /** When the last message was delivered (System.nanoTime), -1 before the first. */
  long last = -1;

  CompressPolicy(String mode, int cores) {
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException(
          "compress must be one of auto, always, never, not \"" + mode + "\"");
    }
    this.mode = mode;
    this.cores = Math.max(1, cores);
    this.compress = mode.equals("always");
  }

  /** Whether chunk number {@code index} ({@code offered} raw bytes read so far) is encoded. */
  synchronized boolean wants(long index, long offered) {
    if (!mode.equals("auto")) {
      return mode.equals("always");
    }
    if (compress) {
      return true;
    }
    return index % (offered < PROBE_BYTES ? 4 : PROBE_EVERY) == 0;
  }

  /** Whether auto mode is compressing now. */
  synchronized boolean compressing() {
    return compress;
  }

  /** How many times auto mode switched between raw and compressed. */
  synchronized int switches() {
    return switches;
  }

  /** One chunk encoded: raw bytes in, wire bytes out, seconds of this thread's wall time. */
  synchronized void encoded(long raw, long wire, double seconds) {
    enc[0] += raw;
    enc[1] += wire;
    enc[2] += seconds;
    if (enc[0] >= ENCODE_WINDOW && enc[2] > 0) {
      double r = enc[0] / enc[2];
      double q = enc[1] / enc[0];
      encodeRate = encodeRate == 0 ? r : (encodeRate + r) / 2;
      ratio = ratio == 1.0 ? q : (ratio + q) / 2;
      enc[0] = enc[1] = enc[2] = 0;
    }
  }

  /**
   * A message of {@code raw} bytes ({@code wire} on the wire, mostly encoded ones if {@code
   * packed}) was sent; flow control held the stream {@code heldSeconds} for it.
   */
  synchronized void delivered(long raw, long wire, double heldSeconds, boolean packed) {
    long now = System.nanoTime();
    double wall = last >= 0 ? (now - last) / 1e9 : heldSeconds;
    last = now;
    int k = packed ? 1 : 0;
    double[] w = win[k];
    w[0] += raw;
    w[1] += wire;
    w[2] += heldSeconds;
    w[3] += Math.max(wall, heldSeconds);
    if (w[1] < WINDOW_BYTES) {
      return;
    }
    win[k] = new double[4];
    windows[k]++;
    double r = w[0] / Math.max(w[3], 1e-6);
    double l = w[1] / Math.max(w[2], 1e-6);
    double share = w[2] / Math.max(w[3], 1e-6);
    boolean first = windows[k] <= 2;
    rate[k] = first ? r : (rate[k] + r) / 2;
    link[k] = first ? l : (link[k] + l) / 2;
    held[k] = first ? share : (held[k] + share) / 2;
    decide();
  }

  private void decide() {
    if (!mode.equals("auto") || rate[0] == 0) {
      return;
    }
    double rawRate = rate[0];
    if (compress) {
      if (rate[1] != 0 && rate[1] < rawRate) {
        compress = false;
        switches++;
        backs++;
      }
      return;
    }
    if (encodeRate == 0 || held[0] < LINK_BOUND) {
      return; // this machine, not the link, limits a raw push: compressing would only cost CPU
    }
    double l = link[1] != 0 ? link[1] : link[0];
    double predicted = Math.min(encodeRate * cores, l / ratio);
    if (rate[1] != 0) {
      predicted = Math.min(predicted, rate[1]);
    }
    if (predicted > rawRate * SWITCH_UP * Math.pow(1.5, backs)) {
      compress = true;
      switches++;
    }
  }
}
