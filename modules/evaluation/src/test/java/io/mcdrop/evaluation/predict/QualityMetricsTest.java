package io.mcdrop.evaluation.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QualityMetricsTest {
  private static PredictionSet set(double[][] p, double[] mi, int samples) {
    Map<Score, double[]> s = new EnumMap<>(Score.class);
    double[] maxp = new double[p.length];
    double[] ent = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      double m = 0;
      for (double v : p[i]) {
        m = Math.max(m, v);
        ent[i] -= v > 0 ? v * Math.log(v) : 0;
      }
      maxp[i] = 1 - m;
    }
    s.put(Score.MAX_PROBABILITY, maxp);
    s.put(Score.ENTROPY, ent);
    s.put(Score.MUTUAL_INFORMATION, mi);
    s.put(Score.VARIATION_RATIO, mi.clone());
    return new PredictionSet(p, s, samples, 1.0);
  }

  @Test
  void metricsMatchHandComputedValues() {
    // labels 0,1,0,1: images 0 and 1 right, 2 and 3 wrong
    double[][] p = {{0.9, 0.1}, {0.2, 0.8}, {0.4, 0.6}, {0.7, 0.3}};
    int[] y = {0, 1, 0, 1};
    // MI: wrong ones 0.3 and 0.1, right ones 0.1 and 0.0 -> pairs (w,r): (0.3>0.1),(0.3>0),
    // (0.1=0.1 -> 1/2),(0.1>0) = 3.5 / 4
    double[] mi = {0.1, 0.0, 0.3, 0.1};
    QualityMetrics q = QualityMetrics.of(set(p, mi, 10), y);
    assertEquals(0.5, q.accuracy(), 1e-12);
    double nll = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.3)) / 4;
    assertEquals(nll, q.nll(), 1e-12);
    // Brier per image: 2*(0.1)^2, 2*(0.2)^2, 2*(0.6)^2, 2*(0.7)^2
    assertEquals((0.02 + 0.08 + 0.72 + 0.98) / 4, q.brier(), 1e-12);
    assertEquals(3.5 / 4, q.misclassificationAuroc().get(Score.MUTUAL_INFORMATION), 1e-12);
    // max-prob uncertainty: wrong 0.4, 0.3; right 0.1, 0.2 -> every wrong above every right
    assertEquals(1.0, q.misclassificationAuroc().get(Score.MAX_PROBABILITY), 1e-12);
    // ECE over 15 bins: confidences 0.9 (right), 0.8 (right), 0.6 (wrong), 0.7 (wrong) all in
    // different bins: mean |acc - conf| = (0.1 + 0.2 + 0.6 + 0.7) / 4
    assertEquals((0.1 + 0.2 + 0.6 + 0.7) / 4, q.ece(), 1e-12);
    assertEquals(0.7, q.mce(), 1e-12);
  }

  @Test
  void scoresThatNeedSamplesAreNotApplicableForADeterministicPass() {
    double[][] p = {{0.9, 0.1}, {0.4, 0.6}};
    QualityMetrics q = QualityMetrics.of(set(p, new double[2], 1), new int[] {0, 0});
    assertTrue(Double.isNaN(q.misclassificationAuroc().get(Score.MUTUAL_INFORMATION)));
    assertTrue(Double.isNaN(q.misclassificationAuroc().get(Score.VARIATION_RATIO)));
    assertEquals(1.0, q.misclassificationAuroc().get(Score.ENTROPY), 1e-12);
  }

  @Test
  void aCalibratedPredictorScoresNearZeroEceAndAnOverconfidentOneDoesNot() {
    Random rnd = new Random(7);
    int n = 20_000;
    double[][] calibrated = new double[n][];
    double[][] overconfident = new double[n][];
    int[] yCal = new int[n];
    int[] yOver = new int[n];
    for (int i = 0; i < n; i++) {
      double c = 0.5 + 0.5 * rnd.nextDouble();
      calibrated[i] = new double[] {c, 1 - c};
      overconfident[i] = new double[] {c, 1 - c};
      // right with probability c, or (over-confident) with probability c - 0.25
      yCal[i] = rnd.nextDouble() < c ? 0 : 1;
      yOver[i] = rnd.nextDouble() < c - 0.25 ? 0 : 1;
    }
    double eceCal = QualityMetrics.of(set(calibrated, new double[n], 1), yCal).ece();
    double eceOver = QualityMetrics.of(set(overconfident, new double[n], 1), yOver).ece();
    assertTrue(eceCal < 0.02, "calibrated ECE " + eceCal);
    assertEquals(0.25, eceOver, 0.02);
  }
}
