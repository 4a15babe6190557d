package io.mcdrop.runtime.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SplitConformalTest {
  @Test
  void thresholdRankIsTheCeilingOfNPlusOneTimesOneMinusAlpha() {
    assertEquals(18, SplitConformal.rank(19, 0.1)); // (19+1)*0.9 = 18.000000000000004 in doubles
    assertEquals(181, SplitConformal.rank(200, 0.1)); // 180.9
    assertEquals(9, SplitConformal.minimumSize(0.1));
    assertEquals(19, SplitConformal.minimumSize(0.05));
    assertEquals(1, SplitConformal.minimumSize(0.5));
    double[] scores = {0.5, 0.1, 0.9, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6};
    // n = 9, alpha = 0.1: rank 9, the largest
    assertEquals(0.9, SplitConformal.threshold(scores, 0.1));
    // alpha = 0.5: rank ceil(10 * 0.5) = 5
    assertEquals(0.5, SplitConformal.threshold(scores, 0.5));
  }

  @Test
  void alphaOutsideZeroOneAndTooFewScoresAreClearErrors() {
    for (double a : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
      McdropException e =
          assertThrows(McdropException.class, () -> SplitConformal.threshold(new double[50], a));
      assertEquals(ErrorCode.BAD_OPTION, e.code());
      assertTrue(e.getMessage().contains("must be in (0, 1)"), e.getMessage());
    }
    McdropException e =
        assertThrows(McdropException.class, () -> SplitConformal.threshold(new double[8], 0.1));
    assertTrue(e.getMessage().contains("needs at least 9 calibration images"), e.getMessage());
    assertTrue(e.getMessage().contains("got 8"), e.getMessage());
  }

  /**
   * Coverage over many seeded calibration/test splits, as a binomial test. Each trial draws 19
   * calibration images and one test image from a synthetic 4-class problem whose labels do not
   * follow the model's probabilities (conformal needs only exchangeability), fits the threshold at
   * α = 0.1 and records whether the test label is in the set. Trials are independent, so the count
   * of covered tests is Binomial(R, p) with p = 18/20 = 0.9 exactly (the scores are continuous:
   * LAC's by construction, APS's and RAPS's by the uniform draw). The test fails when the count is
   * below the value a Binomial(R, 0.9) falls below with probability 1e-6, or above its 1e-6 upper
   * point: a false alarm rate of 2e-6 per score. An off-by-one rank (coverage 0.85 or 0.95) is 24
   * standard deviations away.
   */
  @Test
  void coverageIsAtLeastOneMinusAlphaOverManySeededSplits() {
    int trials = 20_000;
    int n = 19;
    double alpha = 0.1;
    int lower = lowerCritical(trials, 0.9, 1e-6);
    int upper = trials - lowerCritical(trials, 0.1, 1e-6);
    for (ScoreType type : ScoreType.values()) {
      ConformalScore score = new ConformalScore(type, 1, 0.05);
      Random r = new Random(20261201L + type.ordinal());
      int covered = 0;
      double[] scores = new double[n];
      for (int trial = 0; trial < trials; trial++) {
        for (int i = 0; i < n; i++) {
          double[] p = probabilities(r);
          scores[i] = score.score(p, label(r, p), r.nextDouble());
        }
        double q = SplitConformal.threshold(scores, alpha);
        double[] p = probabilities(r);
        int y = label(r, p);
        for (int c : score.set(p, q, r.nextDouble())) {
          if (c == y) {
            covered++;
          }
        }
      }
      assertTrue(covered >= lower, type + ": covered " + covered + " < " + lower);
      assertTrue(covered <= upper, type + ": covered " + covered + " > " + upper);
    }
  }

  @Test
  void acceptanceThresholdAcceptsThatShareOfNewValues() {
    Random r = new Random(3);
    double[] cal = new double[999];
    for (int i = 0; i < cal.length; i++) {
      cal[i] = r.nextDouble();
    }
    // rank ceil(1000 * 0.95) = 950 of uniform values: about 0.95
    assertEquals(0.95, SplitConformal.acceptanceThreshold(cal, 0.95), 0.03);
  }

  static double[] probabilities(Random r) {
    double[] p = new double[4];
    double sum = 0;
    for (int c = 0; c < 4; c++) {
      p[c] = Math.exp(2 * r.nextGaussian());
      sum += p[c];
    }
    for (int c = 0; c < 4; c++) {
      p[c] /= sum;
    }
    return p;
  }

  /** A label that follows the model only loosely: from the probabilities mixed with uniform. */
  static int label(Random r, double[] p) {
    if (r.nextDouble() < 0.3) {
      return r.nextInt(p.length);
    }
    double u = r.nextDouble();
    double acc = 0;
    for (int c = 0; c < p.length; c++) {
      acc += p[c];
      if (u < acc) {
        return c;
      }
    }
    return p.length - 1;
  }

  /** The largest c with P(Binomial(n, p) < c) ≤ rate. */
  static int lowerCritical(int n, double p, double rate) {
    double[] logFactorial = new double[n + 1];
    for (int i = 2; i <= n; i++) {
      logFactorial[i] = logFactorial[i - 1] + Math.log(i);
    }
    double cdf = 0;
    for (int c = 0; c <= n; c++) {
      double pmf =
          Math.exp(
              logFactorial[n]
                  - logFactorial[c]
                  - logFactorial[n - c]
                  + c * Math.log(p)
                  + (n - c) * Math.log1p(-p));
      if (cdf + pmf > rate) {
        return c;
      }
      cdf += pmf;
    }
    return n;
  }
}
