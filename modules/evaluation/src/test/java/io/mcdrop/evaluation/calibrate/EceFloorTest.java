package io.mcdrop.evaluation.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EceFloorTest {
  /**
   * Known answer: n predictions all at confidence 0.9 fall in one bin, so the ECE of a perfectly
   * calibrated model is |Binomial(n, 0.9)/n − 0.9|, whose mean is sqrt(2/π)·sqrt(0.09/n) (the
   * half-normal mean; 0.00239 for n = 10,000) and whose sd is that times sqrt(π/2 − 1). The mean of
   * 200 draws has a standard error of 0.0018/sqrt(200) = 0.00013; 0.0006 is 4.6 of them (false
   * alarm about 4e-6).
   */
  @Test
  void oneBinFloorIsTheHalfNormalMeanOfTheBinomialError() {
    int n = 10_000;
    double[] c = new double[n];
    Arrays.fill(c, 0.9);
    EceFloor f = EceFloor.of(c, 7);
    double mean = Math.sqrt(2 / Math.PI) * Math.sqrt(0.09 / n);
    assertEquals(mean, f.mean(), 0.0006);
    assertEquals(mean * Math.sqrt(Math.PI / 2 - 1), f.sd(), 0.0006);
    assertTrue(f.p95() > f.mean());
  }

  @Test
  void certainPredictionsHaveNoFloorAndFewerImagesARaisedOne() {
    double[] sure = new double[500];
    Arrays.fill(sure, 1.0);
    assertEquals(0.0, EceFloor.of(sure, 1).mean());
    double[] spread = new double[1_000];
    for (int i = 0; i < spread.length; i++) {
      spread[i] = 0.3 + 0.7 * i / spread.length;
    }
    double[] tenTimes = new double[10_000];
    for (int i = 0; i < tenTimes.length; i++) {
      tenTimes[i] = spread[i % spread.length];
    }
    // the finite-sample bias shrinks like 1/sqrt(n): about sqrt(10) times lower for 10x images
    double ratio = EceFloor.of(spread, 3).mean() / EceFloor.of(tenTimes, 3).mean();
    assertTrue(ratio > 2.5 && ratio < 4, "ratio " + ratio);
  }
}
