package io.mcdrop.runtime.mc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.onnx.fixtures.FixtureModels;
import io.mcdrop.runtime.stats.Prediction;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Known answers and equalities that pin the engine's numbers down, on real ONNX Runtime sessions.
 */
class McEngineNumericsTest {

  static float[] image(long seed) {
    Random r = new Random(seed);
    float[] x = new float[FixtureModels.SIZE * FixtureModels.SIZE];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  @Test
  void dropoutOutputHasTheKnownMeanAndVariance() {
    float p = 0.3f;
    int width = 40;
    int samples = 4000;
    float[] x = new float[width];
    for (int i = 0; i < width; i++) {
      x[i] = 0.5f + i * 0.05f;
    }
    try (McEngine e =
        McEngine.load(FixtureModels.dropoutOnly(width, p), "d", EngineConfig.defaults())) {
      for (Strategy s : List.of(Strategy.LOOP, Strategy.BATCHED)) {
        float[][] y = e.rawSamples(x, samples, s, 11L);
        for (int i = 0; i < width; i++) {
          double mean = 0;
          double sq = 0;
          for (float[] row : y) {
            mean += row[i];
            sq += row[i] * row[i];
          }
          mean /= samples;
          double var = sq / samples - mean * mean;
          double trueVar = x[i] * x[i] * p / (1 - p);
          double se = Math.sqrt(trueVar / samples);
          assertEquals(x[i], mean, 5 * se, s + " mean of element " + i);
          // the variance of a scaled Bernoulli estimate: generous 15 % relative tolerance
          assertEquals(trueVar, var, 0.15 * trueVar, s + " variance of element " + i);
        }
        // inverted dropout: kept values are x / (1 - p), dropped ones exactly 0
        for (float v : y[0]) {
          assertTrue(v == 0f || Math.abs(v / (x[0]) - 1 / (1 - p)) < 1e-5 || true);
        }
        for (int i = 0; i < width; i++) {
          float v = y[0][i];
          assertTrue(v == 0f || Math.abs(v - x[i] / (1 - p)) < 1e-5, "value " + v);
        }
      }
    }
  }

  @Test
  void deterministicModeIsBitEqualToTheModelWithoutDropout() {
    ModelProto withDropout = FixtureModels.smallCnn(5, 0.5f, 0.2f);
    ModelProto without = FixtureModels.withoutDropout(withDropout);
    try (McEngine a = McEngine.load(withDropout, "a", EngineConfig.defaults());
        McEngine b = McEngine.load(without, "b", EngineConfig.defaults())) {
      for (int k = 0; k < 5; k++) {
        Prediction pa = a.predict(image(k), McOptions.samples(1));
        Prediction pb = b.predict(image(k), McOptions.samples(1));
        assertArrayEquals(pb.probabilities(), pa.probabilities(), 0.0);
        assertEquals(1, pa.samples());
        assertEquals(0.0, pa.mutualInformation());
      }
    }
  }

  @Test
  void batchNormExportedInTrainingModeIsRestored() {
    for (int opset : new int[] {13, 17}) {
      ModelProto torch = FixtureModels.pytorchTrainingExport(3, opset);
      ModelProto reference = FixtureModels.withInferenceBatchNorm(torch);
      try (McEngine a = McEngine.load(torch, "torch", EngineConfig.defaults());
          McEngine b = McEngine.load(reference, "ref", EngineConfig.defaults())) {
        assertTrue(a.info().mcCapable());
        for (int k = 0; k < 3; k++) {
          Prediction pa = a.predict(image(k), McOptions.samples(1));
          Prediction pb = b.predict(image(k), McOptions.samples(1));
          assertArrayEquals(pb.probabilities(), pa.probabilities(), 1e-6, "opset " + opset);
        }
        // and MC samples with the same seed agree too: BN does not switch to batch statistics
        McOptions mc = McOptions.samples(20).withSeed(9L).withStrategy(Strategy.BATCHED);
        assertArrayEquals(
            b.predict(image(1), mc).probabilities(), a.predict(image(1), mc).probabilities(), 1e-6);
      }
    }
  }

  @Test
  void trunkHeadSplitGivesTheSameSamplesAsTheWholeModel() {
    for (ModelProto m :
        List.of(
            FixtureModels.smallCnn(7, 0.5f, 0f),
            FixtureModels.smallCnn(7, 0.5f, 0.3f),
            FixtureModels.residualCnn(7, 0.3f))) {
      try (McEngine e = McEngine.load(m, "m", EngineConfig.defaults())) {
        assertTrue(e.info().splittable(), m.getGraph().getName());
        // Same seed: each Dropout node draws the same mask stream on the same tiled shape.
        float[][] whole = e.rawSamples(image(2), 16, Strategy.BATCHED, 5L);
        float[][] split = e.rawSamples(image(2), 16, Strategy.TRUNK_CACHED, 5L);
        for (int t = 0; t < 16; t++) {
          assertArrayEquals(whole[t], split[t], 1e-5f, m.getGraph().getName() + " sample " + t);
        }
      }
    }
  }

  @Test
  void severalImagesThroughTheTwoModelSplitMatchTheWholeModel() {
    // One image takes the fused single-run path; several take trunk once + tiled head.
    for (ModelProto m :
        List.of(FixtureModels.smallCnn(7, 0.5f, 0.3f), FixtureModels.residualCnn(7, 0.3f))) {
      try (McEngine e = McEngine.load(m, "m", EngineConfig.defaults())) {
        McOptions o = McOptions.samples(12).withSeed(5L).withRaw(true);
        List<float[]> imgs = List.of(image(2), image(3));
        List<Prediction> whole = e.predictAll(imgs, o.withStrategy(Strategy.BATCHED));
        List<Prediction> split = e.predictAll(imgs, o.withStrategy(Strategy.TRUNK_CACHED));
        for (int i = 0; i < 2; i++) {
          for (int t = 0; t < 12; t++) {
            assertArrayEquals(whole.get(i).rawSamples()[t], split.get(i).rawSamples()[t], 1e-5f);
          }
        }
      }
    }
  }

  @Test
  void allStrategiesAgreeInDistribution() {
    int samples = 600;
    try (McEngine e =
        McEngine.load(FixtureModels.smallCnn(13, 0.5f, 0.25f), "m", EngineConfig.defaults())) {
      double[][] means = new double[3][];
      double[][] stds = new double[3][];
      List<Strategy> strategies = List.of(Strategy.LOOP, Strategy.BATCHED, Strategy.TRUNK_CACHED);
      for (int s = 0; s < 3; s++) {
        Prediction p =
            e.predict(
                image(4),
                McOptions.samples(samples).withStrategy(strategies.get(s)).withSeed(100L + s));
        means[s] = p.probabilities();
        stds[s] = p.std();
        assertEquals(samples, p.samples());
      }
      for (int s = 1; s < 3; s++) {
        for (int k = 0; k < means[0].length; k++) {
          double se = Math.sqrt((stds[0][k] * stds[0][k] + stds[s][k] * stds[s][k]) / samples);
          assertEquals(
              means[0][k], means[s][k], 5 * se + 1e-9, strategies.get(s) + " vs LOOP, class " + k);
        }
      }
      assertTrue(stds[0][0] > 0.01, "samples must actually vary");
    }
  }

  @Test
  void sameSeedSameNumbersDifferentSeedDifferentNumbers() {
    try (McEngine e =
        McEngine.load(FixtureModels.smallCnn(3, 0.5f, 0.2f), "m", EngineConfig.defaults())) {
      for (Strategy s : List.of(Strategy.LOOP, Strategy.BATCHED, Strategy.TRUNK_CACHED)) {
        McOptions o = McOptions.samples(25).withSeed(42L).withStrategy(s).withRaw(true);
        Prediction a = e.predict(image(1), o);
        Prediction b = e.predict(image(1), o);
        Prediction c = e.predict(image(1), o.withSeed(43L));
        assertArrayEquals(a.probabilities(), b.probabilities(), 0.0, s.name());
        assertArrayEquals(a.rawSamples(), b.rawSamples(), s.name());
        assertTrue(a.probabilities()[0] != c.probabilities()[0], s.name());
      }
    }
  }

  @Test
  void unseededRunsDiffer() {
    try (McEngine e =
        McEngine.load(FixtureModels.smallCnn(3, 0.5f, 0f), "m", EngineConfig.defaults())) {
      Prediction a = e.predict(image(1), McOptions.samples(30));
      Prediction b = e.predict(image(1), McOptions.samples(30));
      assertTrue(a.probabilities()[0] != b.probabilities()[0]);
    }
  }

  @Test
  void adaptiveSamplingStopsOnceTheStandardErrorIsSmall() {
    try (McEngine e =
        McEngine.load(FixtureModels.smallCnn(3, 0.5f, 0.2f), "m", EngineConfig.defaults())) {
      McOptions loose = McOptions.samples(5000).withTolerance(0.02).withSeed(1L);
      Prediction p = e.predict(image(3), loose);
      assertTrue(p.samples() < 5000, "stopped early at " + p.samples());
      double worstSe = 0;
      for (double s : p.std()) {
        worstSe = Math.max(worstSe, s / Math.sqrt(p.samples()));
      }
      assertTrue(worstSe < 0.02, "standard error " + worstSe);
      Prediction tight = e.predict(image(3), loose.withTolerance(0.002));
      assertTrue(tight.samples() > p.samples(), "a tighter tolerance needs more samples");
    }
  }

  @Test
  void severalImagesInOneCallMatchOneByOneWhenDeterministic() {
    try (McEngine e =
        McEngine.load(FixtureModels.residualCnn(3, 0.3f), "m", EngineConfig.defaults())) {
      List<Prediction> all =
          e.predictAll(List.of(image(1), image(2), image(3)), McOptions.samples(1));
      for (int i = 0; i < 3; i++) {
        assertArrayEquals(
            e.predict(image(i + 1), McOptions.samples(1)).probabilities(),
            all.get(i).probabilities(),
            1e-6);
      }
    }
  }
}
