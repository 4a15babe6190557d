package io.mcdrop.runtime.mc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.onnx.fixtures.FixtureModels;
import io.mcdrop.runtime.stats.Prediction;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seeded sampling with fed dropout masks: one set of shared sessions for every seed, masks that
 * depend only on (seed, the input's values, node, sample), so an image's numbers are the same alone
 * or in a batch, by every strategy, while different images get independent masks. (The earlier
 * fresh-session seeding fails the LOOP-vs-BATCHED and batch-neighbour equalities: ONNX Runtime's
 * RNG streams differ with the run layout.)
 */
class SeededSamplingTest {

  @Test
  void aSeededModelUsesSharedMaskedGraphs() {
    try (McEngine e =
        McEngine.load(FixtureModels.smallCnn(7, 0.5f, 0.3f), "m", EngineConfig.defaults())) {
      e.predict(McEngineNumericsTest.image(1), McOptions.samples(5).withSeed(1L));
      MaskedGraphs masked = e.loaded().masked();
      assertNotNull(masked, "the fixture's dropouts take fed masks");
      assertEquals(2, masked.specs.size());
    }
  }

  @Test
  void everyStrategyDrawsTheSameSamplesForTheSameSeed() {
    for (ModelProto m :
        List.of(
            FixtureModels.smallCnn(7, 0.5f, 0.3f),
            FixtureModels.residualCnn(7, 0.3f),
            FixtureModels.pytorchTrainingExport(3, 17))) {
      try (McEngine e = McEngine.load(m, "m", EngineConfig.defaults())) {
        float[] x = McEngineNumericsTest.image(2);
        float[][] loop = e.rawSamples(x, 12, Strategy.LOOP, 9L);
        for (Strategy s : List.of(Strategy.BATCHED, Strategy.TRUNK_CACHED)) {
          float[][] other = e.rawSamples(x, 12, s, 9L);
          for (int t = 0; t < 12; t++) {
            assertArrayEquals(loop[t], other[t], 1e-5f, m.getGraph().getName() + " " + s + " " + t);
          }
        }
        assertFalse(Arrays.equals(loop[0], loop[1]), "samples differ from each other");
      }
    }
  }

  @Test
  void aSeededImageGetsTheSameNumbersAloneAndAmongNeighbours() {
    try (McEngine e =
        McEngine.load(FixtureModels.smallCnn(7, 0.5f, 0.3f), "m", EngineConfig.defaults())) {
      McOptions o = McOptions.samples(20).withSeed(4L).withStrategy(Strategy.BATCHED);
      List<float[]> imgs =
          List.of(
              McEngineNumericsTest.image(5),
              McEngineNumericsTest.image(6),
              McEngineNumericsTest.image(7));
      List<Prediction> together = e.predictAll(imgs, o);
      List<Prediction> reversed = e.predictAll(List.of(imgs.get(2), imgs.get(1), imgs.get(0)), o);
      for (int i = 0; i < 3; i++) {
        double[] alone = e.predict(imgs.get(i), o).probabilities();
        assertArrayEquals(alone, together.get(i).probabilities(), 1e-6, "image " + i);
        assertArrayEquals(alone, reversed.get(2 - i).probabilities(), 1e-6, "image " + i);
      }
      // another seed, other numbers
      assertFalse(
          Arrays.equals(
              together.get(0).probabilities(),
              e.predictAll(imgs, o.withSeed(5L)).get(0).probabilities()));
    }
  }

  @Test
  void differentImagesGetIndependentMasks() {
    int width = 64;
    try (McEngine e =
        McEngine.load(FixtureModels.dropoutOnly(width, 0.5f), "d", EngineConfig.defaults())) {
      float[] a = new float[width];
      float[] b = new float[width];
      Arrays.fill(a, 1f);
      Arrays.fill(b, 2f);
      McOptions o = McOptions.samples(4).withSeed(3L).withRaw(true).withStrategy(Strategy.BATCHED);
      List<Prediction> both = e.predictAll(List.of(a, b), o);
      int differ = 0;
      for (int t = 0; t < 4; t++) {
        float[] ra = e.rawSamples(a, 4, Strategy.BATCHED, 3L)[t];
        float[] rb = e.rawSamples(b, 4, Strategy.BATCHED, 3L)[t];
        for (int i = 0; i < width; i++) {
          if ((ra[i] == 0) != (rb[i] == 0)) {
            differ++;
          }
        }
      }
      // independent masks at p = 0.5 differ in about half of 256 positions; shared ones in none
      assertTrue(differ > 64, "positions with different masks: " + differ);
      assertEquals(2, both.size());
    }
  }

  @Test
  void adaptiveSeededSamplingIsReproducibleAndMatchesTheFixedPrefix() {
    try (McEngine e =
        McEngine.load(FixtureModels.smallCnn(7, 0.5f, 0.3f), "m", EngineConfig.defaults())) {
      float[] x = McEngineNumericsTest.image(8);
      McOptions adaptive = McOptions.samples(400).withTolerance(0.02).withSeed(3L).withRaw(true);
      Prediction a = e.predict(x, adaptive);
      Prediction b = e.predict(x, adaptive);
      assertArrayEquals(a.probabilities(), b.probabilities(), 0.0);
      Prediction fixed = e.predict(x, McOptions.samples(a.samples()).withSeed(3L).withRaw(true));
      for (int t = 0; t < a.samples(); t++) {
        assertArrayEquals(fixed.rawSamples()[t], a.rawSamples()[t], 1e-6f, "sample " + t);
      }
    }
  }
}
