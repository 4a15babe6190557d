package io.mcdrop.runtime.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The counter-based mask generator against known answers: each drop rate within a binomial bound (z
 * = 5.3, a false alarm about once in 10⁷ per check), pairs of elements from one word and from
 * neighbouring words as independent as the rate says, every value exactly 0 or 1 / (1 − ratio).
 */
class MaskSourceTest {
  private static final double Z = 5.3;

  @Test
  void elementsAreDroppedAtTheRatioAndIndependently() {
    // 0.5 and 0.25 take 1 and 2 bits per element, 0.1 and 0.3 take 32, 0.15625 takes 5
    for (double ratio : new double[] {0.5, 0.25, 0.1, 0.3, 0.15625, 0.9}) {
      int size = 997; // odd, and not a multiple of any draws-per-word
      float keep = (float) (1.0 / (1.0 - ratio));
      float[] row = new float[size];
      long dropped = 0;
      long bothDropped = 0;
      long pairs = 0;
      int rows = 2000;
      for (int r = 0; r < rows; r++) {
        MaskSource.fill(
            MaskSource.mix(5, r, 0, r), MaskSource.threshold(ratio), keep, row, 0, size);
        for (int i = 0; i < size; i++) {
          assertTrue(row[i] == 0f || row[i] == keep, "value " + row[i]);
          if (row[i] == 0f) {
            dropped++;
            if (i + 1 < size && row[i + 1] == 0f) {
              bothDropped++;
            }
          }
        }
        pairs += size - 1;
      }
      long n = (long) rows * size;
      within(dropped, n, ratio, "drops at " + ratio);
      within(bothDropped, pairs, ratio * ratio, "neighbouring pairs at " + ratio);
    }
  }

  @Test
  void theByteTablesWriteExactlyWhatDecidingElementByElementWrites() {
    for (double ratio : new double[] {0.5, 0.25, 0.75}) {
      float keep = (float) (1.0 / (1.0 - ratio));
      for (int size : new int[] {1, 31, 32, 63, 64, 65, 128, 997}) {
        float[] fast = new float[size + 3];
        float[] slow = new float[size + 3];
        for (int r = 0; r < 20; r++) {
          long stream = MaskSource.mix(9, r, 1, size);
          MaskSource.fill(stream, MaskSource.threshold(ratio), keep, fast, 3, size);
          MaskSource.fillByElement(stream, MaskSource.threshold(ratio), keep, slow, 3, size);
          assertArrayEquals(slow, fast, ratio + " " + size);
        }
      }
    }
  }

  @Test
  void aStreamIsTheSameWhereverItsRowIsWrittenAndStreamsDiffer() {
    float[] a = new float[300];
    float[] b = new float[310];
    long t = MaskSource.threshold(0.5);
    MaskSource.fill(MaskSource.mix(1, 2, 3, 4), t, 2f, a, 0, 300);
    MaskSource.fill(MaskSource.mix(1, 2, 3, 4), t, 2f, b, 10, 300);
    assertArrayEquals(a, Arrays.copyOfRange(b, 10, 310));
    for (long[] other : new long[][] {{9, 2, 3, 4}, {1, 9, 3, 4}, {1, 2, 9, 4}, {1, 2, 3, 9}}) {
      MaskSource.fill(
          MaskSource.mix(other[0], other[1], (int) other[2], (int) other[3]), t, 2f, b, 0, 300);
      assertFalse(Arrays.equals(a, Arrays.copyOf(b, 300)), Arrays.toString(other));
    }
  }

  @Test
  void ratiosZeroAndOneKeepOrDropEverything() {
    float[] row = new float[100];
    MaskSource.fill(7, MaskSource.threshold(0), 1f, row, 0, 100);
    for (float v : row) {
      assertEquals(1f, v);
    }
    MaskSource.fill(7, MaskSource.threshold(1), 1f, row, 0, 100);
    for (float v : row) {
      assertEquals(0f, v);
    }
  }

  @Test
  void seededMasksFollowTheInputValuesAndUnseededOnesThePosition() {
    List<MaskSource.Spec> specs = List.of(new MaskSource.Spec("m", new long[] {64}, 0.5));
    float[] x = {1, 2, 3};
    float[] y = {1, 2, 4};
    MaskSource seeded = MaskSource.seeded(specs, 3);
    long[] keys = seeded.keys(new float[][] {x, y, x}, new int[] {0, 1, 2});
    assertEquals(keys[0], keys[2]);
    assertTrue(keys[0] != keys[1]);
    MaskSource unseeded = MaskSource.unseeded(specs, 3);
    assertArrayEquals(new long[] {4, 7}, unseeded.keys(new float[][] {x, x}, new int[] {4, 7}));
    // rows a * n + t: input a's sample first + t
    TileFeed f = seeded.feeds(keys, 5, 2).get(0);
    float[] row3 = new float[64];
    f.rows().write(3, row3, 0, 64);
    float[] direct = new float[64];
    MaskSource.fill(MaskSource.mix(3, keys[1], 0, 6), MaskSource.threshold(0.5), 2f, direct, 0, 64);
    assertArrayEquals(direct, row3);
  }

  private static void within(long count, long n, double p, String what) {
    double mean = n * p;
    double sd = Math.sqrt(n * p * (1 - p));
    assertTrue(
        Math.abs(count - mean) < Z * sd, what + ": " + count + " of " + n + ", expected " + mean);
  }
}
