package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The auto policy's decision from measured figures, as tests/test_compression.py checks the
 * Python SDK's (the same arithmetic; in a push they are timings).
 */
class CompressPolicyTest {
  private static final long WINDOW = CompressPolicy.WINDOW_BYTES;

  private static void feed(CompressPolicy policy, double rawRate, double heldShare, boolean packed) {
    for (int i = 0; i < 3; i++) {
      double wall = WINDOW / rawRate;
      policy.last = System.nanoTime() - (long) ((wall - wall * heldShare) * 1e9); // the sender's own time
      policy.delivered(WINDOW, (long) (WINDOW * (packed ? policy.ratio : 1)), wall * heldShare, packed);
    }
  }

  @Test
  void compressesOnlyWhenTheLinkLimitsAndGoesBackWhenThatWasSlower() {
    CompressPolicy linkBound = new CompressPolicy("auto", 2);
    linkBound.encoded(WINDOW, (long) (0.7 * WINDOW), WINDOW / 150e6);
    feed(linkBound, 100e6, 0.9, false);
    assertTrue(linkBound.compressing(), "min(300, 111/0.7) = 159 > 1.15 x 100");
    feed(linkBound, 80e6, 0.1, true);
    assertFalse(linkBound.compressing(), "measured slower: back to raw");
    assertEquals(2, linkBound.switches());
    feed(linkBound, 100e6, 0.9, false);
    assertFalse(linkBound.compressing(), "capped by what compressing measured");

    CompressPolicy machineBound = new CompressPolicy("auto", 2);
    machineBound.encoded(WINDOW, (long) (0.7 * WINDOW), WINDOW / 150e6);
    feed(machineBound, 50e6, 0.2, false);
    assertFalse(machineBound.compressing());
  }

  @Test
  void autoProbesOneChunkInFourThenOneInSixtyFour() {
    CompressPolicy auto = new CompressPolicy("auto", 2);
    assertTrue(auto.wants(0, 1));
    assertFalse(auto.wants(1, 1));
    assertTrue(auto.wants(4, CompressPolicy.PROBE_BYTES - 1));
    assertFalse(auto.wants(4, CompressPolicy.PROBE_BYTES));
    assertTrue(auto.wants(128, CompressPolicy.PROBE_BYTES));
  }

  @Test
  void alwaysAndNeverDoWhatTheySay() {
    CompressPolicy always = new CompressPolicy("always", 2);
    CompressPolicy never = new CompressPolicy("never", 2);
    for (long i = 0; i < 10; i++) {
      assertTrue(always.wants(i, i * 1_000_000));
      assertFalse(never.wants(i, i * 1_000_000));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CompressPolicy("sometimes", 2));
    assertEquals("compress must be one of auto, always, never, not \"sometimes\"", e.getMessage());
  }
}
