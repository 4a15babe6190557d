package io.mcdrop.runtime.mc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.fixtures.FixtureModels;
import io.mcdrop.runtime.stats.Prediction;
import io.mcdrop.runtime.verdict.Verdict;
import io.mcdrop.runtime.verdict.VerdictPolicy;
import org.junit.jupiter.api.Test;

/** The logit temperature against known answers, and the verdict the engine attaches. */
class TemperatureAndVerdictTest {

  @Test
  void aDeterministicPredictionAtTemperatureTwoIsTheSquareRootRenormalized() {
    try (McEngine e =
        McEngine.load(FixtureModels.smallCnn(3, 0.5f, 0.2f), "t", EngineConfig.defaults())) {
      for (int img = 0; img < 3; img++) {
        float[] x = McEngineNumericsTest.image(img);
        double[] p = e.predict(x, McOptions.samples(1)).probabilities();
        double[] hot = e.predict(x, McOptions.samples(1).withTemperature(2)).probabilities();
        // softmax(z / 2) = sqrt(softmax(z)) / sum sqrt(softmax(z))
        double norm = 0;
        for (double v : p) {
          norm += Math.sqrt(v);
        }
        for (int k = 0; k < p.length; k++) {
          assertEquals(Math.sqrt(p[k]) / norm, hot[k], 1e-5, "class " + k);
        }
      }
    }
  }

  @Test
  void eachMcSamplesLogitsAreDividedBeforeAveraging() {
    double t = 0.5;
    int n = 40;
    try (McEngine e =
        McEngine.load(FixtureModels.smallCnn(4, 0.5f, 0.0f), "t", EngineConfig.defaults())) {
      float[] x = McEngineNumericsTest.image(9);
      float[][] logits = e.rawSamples(x, n, Strategy.BATCHED, 5L);
      double[] expected = new double[logits[0].length];
      for (float[] z : logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
          max = Math.max(max, v / t);
        }
        double sum = 0;
        for (float v : z) {
          sum += Math.exp(v / t - max);
        }
        for (int k = 0; k < z.length; k++) {
          expected[k] += Math.exp(z[k] / t - max) / sum / n;
        }
      }
      Prediction p =
          e.predict(
              x,
              McOptions.samples(n).withStrategy(Strategy.BATCHED).withSeed(5L).withTemperature(t));
      for (int k = 0; k < expected.length; k++) {
        assertEquals(expected[k], p.probabilities()[k], 1e-5, "class " + k);
      }
    }
  }

  @Test
  void aTemperatureMustBePositiveAndFinite() {
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThrows(McdropException.class, () -> McOptions.samples(5).withTemperature(bad));
    }
  }

  @Test
  void everyPredictionCarriesAVerdictAndSaysWhetherItsSpreadWasMeasured() {
    try (McEngine e =
        McEngine.load(FixtureModels.smallCnn(3, 0.5f, 0.2f), "t", EngineConfig.defaults())) {
      float[] x = McEngineNumericsTest.image(1);
      Prediction one = e.predict(x, McOptions.samples(1));
      assertFalse(one.sampled());
      assertEquals("deterministic", one.strategy());
      assertNotNull(one.verdict());
      Prediction mc = e.predict(x, McOptions.samples(20).withSeed(1L));
      assertTrue(mc.sampled());
      assertEquals("trunk_cached", mc.strategy());
      assertEquals(
          VerdictPolicy.DEFAULT.judge(
              true, mc.confidence(), mc.entropy(), mc.expectedEntropy(), mc.mutualInformation()),
          mc.verdict());
      // a policy that calls everything with any disagreement uncertain
      Prediction strict =
          e.predict(
              x,
              McOptions.samples(20)
                  .withSeed(1L)
                  .withVerdictPolicy(new VerdictPolicy(0, 0.5, 0.9, 1)));
      assertEquals(Verdict.UNCERTAIN, strict.verdict());
    }
  }
}
