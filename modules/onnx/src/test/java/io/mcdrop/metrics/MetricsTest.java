package io.mcdrop.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void eceOnATinyKnownSet() {
    // 15 bins of width 1/15: 0.9 falls in bin 13, 0.6 in bin 8
    double[] conf = {0.9, 0.9, 0.6, 0.6};
    boolean[] ok = {true, false, true, true};
    Calibration.Result r = Calibration.of(conf, ok, 15);
    // bin with 0.9: acc 0.5, conf 0.9, gap 0.4, weight 1/2; bin with 0.6: acc 1, conf 0.6, gap 0.4
    assertEquals(0.4, r.ece(), 1e-12);
    assertEquals(0.4, r.mce(), 1e-12);
    Calibration.Result two =
        Calibration.of(new double[] {0.25, 0.75}, new boolean[] {false, true}, 2);
    assertEquals(0.25, two.ece(), 1e-12);
    assertEquals(1, two.bins()[0].count());
    assertEquals(0.75, two.bins()[1].confidence(), 1e-12);
  }

  @Test
  void aCalibratedPredictorHasNearZeroEceAndAnOverconfidentOneDoesNot() {
    Random r = new Random(1);
    int n = 200_000;
    double[] conf = new double[n];
    boolean[] calibrated = new boolean[n];
    boolean[] overconfident = new boolean[n];
    for (int i = 0; i < n; i++) {
      conf[i] = 0.5 + 0.5 * r.nextDouble();
      calibrated[i] = r.nextDouble() < conf[i];
      overconfident[i] = r.nextDouble() < conf[i] - 0.2;
    }
    assertTrue(Calibration.of(conf, calibrated, 15).ece() < 0.01);
    assertEquals(0.2, Calibration.of(conf, overconfident, 15).ece(), 0.02);
  }

  @Test
  void aurocCountsTiesAsHalf() {
    assertEquals(1.0, Detection.auroc(new double[] {3, 4}, new double[] {1, 2}), 1e-12);
    assertEquals(0.0, Detection.auroc(new double[] {1}, new double[] {2}), 1e-12);
    assertEquals(0.5, Detection.auroc(new double[] {1, 1}, new double[] {1, 1}), 1e-12);
    // pairs: (2>1)=1, (2=2)=0.5, (3>1)=1, (3>2)=1 -> 3.5 / 4
    assertEquals(0.875, Detection.auroc(new double[] {2, 3}, new double[] {1, 2}), 1e-12);
    assertTrue(Double.isNaN(Detection.auroc(new double[0], new double[] {1})));
  }

  @Test
  void fprAtNinetyFivePercentTpr() {
    double[] pos = new double[20];
    for (int i = 0; i < 20; i++) {
      pos[i] = i + 1; // 1..20: keeping 19 of 20 puts the threshold at 2
    }
    assertEquals(0.5, Detection.fprAtTpr(pos, new double[] {0, 1, 2, 3}, 0.95), 1e-12);
    assertEquals(0.0, Detection.fprAtTpr(pos, new double[] {0, 1}, 0.95), 1e-12);
  }

  @Test
  void nllClipsZeroProbabilitiesAndBrierIsHandComputed() {
    double[][] p = {{1, 0}, {0.25, 0.75}};
    int[] y = {1, 1};
    assertEquals((-Math.log(1e-12) - Math.log(0.75)) / 2, Scores.nll(p, y), 1e-9);
    // (1-0)^2 + (0-1)^2 = 2 ; 0.25^2 + 0.25^2 = 0.125
    assertEquals((2 + 0.125) / 2, Scores.brier(p, y), 1e-12);
    assertEquals(0.5, Scores.accuracy(p, y), 1e-12);
  }
}
