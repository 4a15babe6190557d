package io.mcdrop.runtime.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemperatureFitTest {
  static final int K = 5;

  /**
   * Synthetic model: the true class distribution of image i is mean_t softmax(z_it / t0); the model
   * reports z_it. Labels are drawn from the true distribution, so the NLL-optimal temperature is
   * t0.
   */
  static Synthetic draw(int n, int samples, double t0, double noise, long seed) {
    Random r = new Random(seed);
    float[] z = new float[n * samples * K];
    int[] y = new int[n];
    double[] p = new double[K];
    double[] row = new double[K];
    for (int i = 0; i < n; i++) {
      double[] base = new double[K];
      for (int c = 0; c < K; c++) {
        base[c] = 4 * r.nextGaussian();
      }
      java.util.Arrays.fill(p, 0);
      for (int t = 0; t < samples; t++) {
        int o = (i * samples + t) * K;
        for (int c = 0; c < K; c++) {
          z[o + c] = (float) (base[c] + noise * r.nextGaussian());
        }
        Tempering.softmax(z, o, K, 1 / t0, row);
        for (int c = 0; c < K; c++) {
          p[c] += row[c] / samples;
        }
      }
      double u = r.nextDouble();
      int c = 0;
      for (double acc = p[0]; acc < u && c < K - 1; ) {
        acc += p[++c];
      }
      y[i] = c;
    }
    return new Synthetic(new SampleLogits(z, n, samples, K), y);
  }

  record Synthetic(SampleLogits logits, int[] labels) {}

  @Test
  void recoversTheTemperatureTheLabelsWereDrawnAt() {
    // Over-confident (t0 > 1) and under-confident (t0 < 1) models; across seeds the fitted value
    // spreads by about 1 % here, so 4 % is several standard errors.
    for (double t0 : new double[] {0.6, 2.5}) {
      Synthetic s = draw(20_000, 1, t0, 0, 7);
      TemperatureFit.Result r = TemperatureFit.fit(s.logits(), s.labels());
      assertEquals(t0, r.temperature(), 0.04 * t0, "t0 " + t0);
      assertTrue(r.nllAfter() < r.nllBefore());
    }
  }

  @Test
  void recoversTheTemperatureOfSampleAveragedMcProbabilities() {
    Synthetic s = draw(5_000, 10, 1.8, 1.5, 11);
    TemperatureFit.Result r = TemperatureFit.fit(s.logits(), s.labels());
    assertEquals(1.8, r.temperature(), 0.04 * 1.8);
    // fitting on the mean logit instead would be a different (wrong) objective: the MC NLL at the
    // fitted T is the minimum of the sample-averaged objective
    double at = TemperatureFit.nll(s.logits(), s.labels(), r.temperature());
    assertTrue(at <= TemperatureFit.nll(s.logits(), s.labels(), r.temperature() * 1.05));
    assertTrue(at <= TemperatureFit.nll(s.logits(), s.labels(), r.temperature() / 1.05));
  }

  /**
   * Not one lucky seed: over 40 seeded draws of 2,000 images the fitted log T is an unbiased
   * estimate of log t0 (maximum likelihood is consistent; its O(1/n) bias is ~0.0005 here, a tenth
   * of the standard error). The mean of the 40 fits must lie within 5.8 standard errors of log t0
   * (Student t with 39 degrees of freedom: t = 5.79 leaves 1e-6 two-sided, the false-alarm rate per
   * case), and no single fit may be off by more than 15 % (about 5 standard deviations of one fit).
   */
  @Test
  void fittedTemperaturesAreUnbiasedOverManySeededDraws() {
    double[][] cases = {{0.6, 1, 0}, {2.5, 1, 0}, {1.8, 4, 1.5}};
    int draws = 40;
    for (double[] c : cases) {
      double t0 = c[0];
      double[] logs = new double[draws];
      for (int d = 0; d < draws; d++) {
        Synthetic s = draw(2_000, (int) c[1], t0, c[2], 1_000L * d + (long) (10 * t0));
        double t = TemperatureFit.fit(s.logits(), s.labels()).temperature();
        assertEquals(t0, t, 0.15 * t0, "t0 " + t0 + " draw " + d);
        logs[d] = Math.log(t);
      }
      double mean = java.util.Arrays.stream(logs).average().orElseThrow();
      double var = 0;
      for (double v : logs) {
        var += (v - mean) * (v - mean) / (draws - 1);
      }
      double se = Math.sqrt(var / draws);
      assertTrue(
          Math.abs(mean - Math.log(t0)) <= 5.8 * se,
          "t0 " + t0 + ": mean log T " + mean + " vs " + Math.log(t0) + ", se " + se);
    }
  }

  /**
   * A model that is already calibrated (labels drawn at T = 1) keeps T = 1 exactly unless the
   * likelihood-ratio test is fooled, which by design happens 5 % of the time: over 100 seeded draws
   * the count of applied temperatures is Binomial(100, 0.05) (asymptotically), and the bound is its
   * upper 1e-6 critical value. A clearly mis-calibrated model always gets its temperature.
   */
  @Test
  void aTemperatureIsAppliedOnlyWhenTheImagesRejectOne() {
    int draws = 100;
    int applied = 0;
    for (int d = 0; d < draws; d++) {
      Synthetic s = draw(1_000, 1, 1.0, 0, 500L + d);
      TemperatureFit.Result r = TemperatureFit.fitIfSignificant(s.logits(), s.labels());
      if (r.temperature() != 1.0) {
        applied++;
        assertEquals(r.fitted(), r.temperature());
        assertTrue(2 * 1_000 * (r.nllBefore() - r.nllAfter()) >= TemperatureFit.CHI2_1_95);
      } else {
        assertEquals(r.nllBefore(), r.nllAfter(), "T = 1 kept: nothing changes");
        assertTrue(Math.abs(r.fitted() - 1) < 0.2, "fitted " + r.fitted());
      }
    }
    int upper = draws - SplitConformalTest.lowerCritical(draws, 0.95, 1e-6);
    assertTrue(applied <= upper, applied + " of " + draws + " applied, bound " + upper);
    for (double t0 : new double[] {0.6, 2.5}) {
      Synthetic s = draw(1_000, 1, t0, 0, 9);
      TemperatureFit.Result r = TemperatureFit.fitIfSignificant(s.logits(), s.labels());
      assertEquals(t0, r.temperature(), 0.1 * t0);
      assertEquals(r.fitted(), r.temperature());
    }
  }

  @Test
  void aCalibratedModelKeepsATemperatureNearOne() {
    Synthetic s = draw(20_000, 1, 1.0, 0, 3);
    assertEquals(1.0, TemperatureFit.fit(s.logits(), s.labels()).temperature(), 0.04);
  }

  @Test
  void badInputIsRefusedWithAMessage() {
    Synthetic s = draw(10, 1, 1.0, 0, 3);
    McdropException e =
        assertThrows(McdropException.class, () -> TemperatureFit.fit(s.logits(), new int[] {0, 1}));
    assertEquals(ErrorCode.BAD_INPUT, e.code());
    assertTrue(e.getMessage().contains("10 calibration outputs but 2 labels"), e.getMessage());
    int[] bad = s.labels().clone();
    bad[3] = K;
    e = assertThrows(McdropException.class, () -> TemperatureFit.fit(s.logits(), bad));
    assertTrue(e.getMessage().contains("not a class of a 5-class model"), e.getMessage());
  }

  @Test
  void temperingProbabilitiesEqualsTemperingTheirLogits() {
    float[] z = {2f, -1f, 0.5f};
    double[] expected = new double[3];
    Tempering.softmax(z, 0, 3, 1 / 1.7, expected);
    double[] p = new double[3];
    Tempering.softmax(z, 0, 3, 1, p);
    float[] back = Tempering.temper(new float[] {(float) p[0], (float) p[1], (float) p[2]}, 1.7);
    for (int c = 0; c < 3; c++) {
      assertEquals(expected[c], back[c], 1e-6);
    }
  }
}
