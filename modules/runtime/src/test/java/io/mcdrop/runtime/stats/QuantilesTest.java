package io.mcdrop.runtime.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.runtime.model.OutputKind;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantilesTest {

  @Test
  void selectionGivesTheSortedType7QuantilesIncludingTies() {
    Random r = new Random(3);
    for (int n : new int[] {1, 2, 3, 7, 8, 9, 16, 30, 50, 101, 400}) {
      for (int rep = 0; rep < 20; rep++) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
          x[i] = rep % 3 == 0 ? r.nextInt(4) : r.nextDouble();
        }
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        for (double q : new double[] {0, 0.01, 0.025, 0.1, 0.5, 0.9, 0.975, 0.99, 1}) {
          assertEquals(
              Uncertainty.quantile(sorted, q), Quantiles.of(x.clone(), n, q), 0.0, n + " " + q);
        }
      }
    }
  }

  @Test
  void theBranchFreeTailsGiveTheSortedQuantilesOfAColumn() {
    Random r = new Random(7);
    int k = 3;
    int checked = 0;
    for (int n = 1; n <= 130; n++) {
      for (int rep = 0; rep < 6; rep++) {
        float[] v = new float[n * k];
        for (int i = 0; i < v.length; i++) {
          v[i] =
              rep % 3 == 0 ? r.nextInt(3) * 0.25f : rep % 3 == 1 ? r.nextFloat() : -r.nextFloat();
        }
        for (int c = 0; c < k; c++) {
          double[] sorted = new double[n];
          for (int i = 0; i < n; i++) {
            sorted[i] = v[i * k + c];
          }
          java.util.Arrays.sort(sorted);
          double[] out = {-9, -9};
          if (Quantiles.tails(v, c, k, n, 0.025, 0.975, out)) {
            checked++;
            assertEquals(Uncertainty.quantile(sorted, 0.025), out[0], 0.0, n + " low");
            assertEquals(Uncertainty.quantile(sorted, 0.975), out[1], 0.0, n + " high");
          } else {
            assertEquals(-9, out[0], 0.0);
            assertTrue(n == 1 || n > 120, "falls back only outside 2..120 samples: " + n);
          }
        }
      }
    }
    assertEquals(119 * 6 * k, checked);
  }

  @Test
  void theEntropyFromLogitsEqualsTheEntropyOfTheProbabilities() {
    Random r = new Random(5);
    float[] z = new float[10];
    float[] p = new float[10];
    for (int rep = 0; rep < 50; rep++) {
      for (int i = 0; i < z.length; i++) {
        z[i] = (float) (r.nextGaussian() * 4);
      }
      for (double t : new double[] {1, 0.5, 3}) {
        double h = OutputKind.LOGITS.toProbabilities(z, 0, 10, p, t);
        assertEquals(SampleSet.entropy(p, 0, 10), h, 1e-6);
      }
    }
  }
}
