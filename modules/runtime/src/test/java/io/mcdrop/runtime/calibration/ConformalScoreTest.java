package io.mcdrop.runtime.calibration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Scores and sets worked out by hand on four classes. */
class ConformalScoreTest {
  // sorted order: class 2 (0.5), class 0 (0.3), class 3 (0.15), class 1 (0.05)
  static final double[] P = {0.3, 0.05, 0.5, 0.15};

  @Test
  void lacScoreIsOneMinusTheProbabilityAndItsSetMayBeEmpty() {
    ConformalScore lac = ConformalScore.of(ScoreType.LAC);
    assertEquals(0.7, lac.score(P, 0, 0.9), 1e-12);
    assertArrayEquals(new int[] {2, 0}, lac.set(P, 0.7, 0));
    assertArrayEquals(new int[] {2}, lac.set(P, 0.69, 0));
    assertArrayEquals(new int[] {}, lac.set(P, 0.4, 0));
  }

  @Test
  void apsScoreIsTheMassRankedAboveThePlusUTimesItsOwn() {
    ConformalScore aps = ConformalScore.of(ScoreType.APS);
    double u = 0.5;
    assertEquals(0.25, aps.score(P, 2, u), 1e-12); // 0 + 0.5 * 0.5
    assertEquals(0.65, aps.score(P, 0, u), 1e-12); // 0.5 + 0.5 * 0.3
    assertEquals(0.875, aps.score(P, 3, u), 1e-12); // 0.8 + 0.5 * 0.15
    assertEquals(0.975, aps.score(P, 1, u), 1e-12); // 0.95 + 0.5 * 0.05
    assertArrayEquals(new int[] {2, 0}, aps.set(P, 0.7, u));
    assertArrayEquals(new int[] {2, 0, 3}, aps.set(P, 0.875, u));
    assertArrayEquals(new int[] {2, 0, 3, 1}, aps.set(P, 0.99, u));
    // an empty set when even the top class scores above the threshold (0.5 * 0.5 > 0.2)
    assertArrayEquals(new int[] {}, aps.set(P, 0.2, u));
  }

  @Test
  void rapsAddsLambdaPerRankBeyondKReg() {
    ConformalScore raps = new ConformalScore(ScoreType.RAPS, 1, 0.1);
    double u = 0.5;
    assertEquals(0.25, raps.score(P, 2, u), 1e-12); // rank 1: no penalty
    assertEquals(0.75, raps.score(P, 0, u), 1e-12); // rank 2: 0.65 + 0.1
    assertEquals(1.075, raps.score(P, 3, u), 1e-12); // rank 3: 0.875 + 0.2
    assertEquals(1.275, raps.score(P, 1, u), 1e-12); // rank 4: 0.975 + 0.3
    // APS would give {2, 0} at 0.7; the penalty removes class 0
    assertArrayEquals(new int[] {2}, raps.set(P, 0.7, u));
    assertArrayEquals(new int[] {2, 0}, raps.set(P, 0.75, u));
    // with the paper's defaults (k_reg 5) four classes are never penalised: RAPS = APS
    ConformalScore defaults = ConformalScore.of(ScoreType.RAPS);
    assertEquals(0.975, defaults.score(P, 1, u), 1e-12);
  }

  @Test
  void tiesAreBrokenByClassIndex() {
    double[] p = {0.4, 0.4, 0.2};
    ConformalScore aps = ConformalScore.of(ScoreType.APS);
    assertEquals(0.0, aps.score(p, 0, 0), 1e-12);
    assertEquals(0.4, aps.score(p, 1, 0), 1e-12);
    // u = 0.5: class 0 scores 0.2, class 1 scores 0.4 + 0.2
    assertArrayEquals(new int[] {0}, aps.set(p, 0.59, 0.5));
    assertArrayEquals(new int[] {0, 1}, aps.set(p, 0.61, 0.5));
  }

  @Test
  void aSetHoldsALabelExactlyWhenItsScoreIsWithinTheThreshold() {
    java.util.Random r = new java.util.Random(5);
    for (ScoreType type : ScoreType.values()) {
      ConformalScore s = new ConformalScore(type, 2, 0.05);
      for (int trial = 0; trial < 2000; trial++) {
        double[] p = new double[6];
        double sum = 0;
        for (int c = 0; c < p.length; c++) {
          p[c] = Math.exp(3 * r.nextGaussian());
          sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
          p[c] /= sum;
        }
        double u = r.nextDouble();
        double q = r.nextDouble() * 1.2;
        int[] set = s.set(p, q, u);
        for (int c = 0; c < p.length; c++) {
          final int cc = c;
          boolean in = java.util.Arrays.stream(set).anyMatch(x -> x == cc);
          boolean expected = s.score(p, c, u) <= q;
          assertEquals(expected, in, type + " class " + c + " q " + q);
        }
      }
    }
  }
}
