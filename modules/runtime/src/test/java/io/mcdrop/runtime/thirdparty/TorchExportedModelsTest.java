package io.mcdrop.runtime.thirdparty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.inspect.ModelInspector;
import io.mcdrop.onnx.inspect.ModelReport;
import io.mcdrop.runtime.mc.EngineConfig;
import io.mcdrop.runtime.mc.McEngine;
import io.mcdrop.runtime.mc.McOptions;
import io.mcdrop.runtime.mc.Strategy;
import io.mcdrop.runtime.stats.Prediction;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models exported by PyTorch 1.13's own exporter in every form DESIGN.md section 6 lists, run
 * through real ONNX Runtime sessions and checked against the numbers PyTorch computed.
 */
class TorchExportedModelsTest {
  private static final EngineConfig ONE_THREAD = EngineConfig.defaults().withThreads(1);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "train_op13",
        "train_op17",
        "preserve_op17",
        "preserve_head",
        "eval_op17",
        "preserve_fixed_batch"
      })
  void deterministicPassEqualsPytorchEvalLogits(String name) {
    TorchFixture f = TorchFixture.load(name);
    try (McEngine e = McEngine.load(f.file(), ONE_THREAD)) {
      Prediction p = e.predict(f.input(), McOptions.samples(1));
      assertArrayEquals(f.evalProbabilities(), p.probabilities(), 1e-5, name);
      // log-probabilities are the logits up to one additive constant: compare them centred
      double[] ours = centred(Arrays.stream(p.probabilities()).map(Math::log).toArray());
      double[] torch = centred(f.evalLogits());
      assertArrayEquals(torch, ours, 1e-4, name + " logits");
      // and the fixture can tell the difference: batch statistics give other logits
      double[] batchStat = centred(f.batchStatLogits());
      assertTrue(maxAbsDiff(batchStat, ours) > 0.05, name + ": batch norm on batch statistics");
      assertEquals(1, p.samples());
      assertEquals(0.0, p.mutualInformation());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "train_op13",
        "train_op17",
        "preserve_op17",
        "preserve_head",
        "eval_op17",
        "preserve_fixed_batch"
      })
  void inspectorSeesWhatPytorchExported(String name) {
    TorchFixture f = TorchFixture.load(name);
    ModelReport r = ModelInspector.inspect(f.model());
    assertEquals(f.opset(), r.opset(), name);
    assertEquals(f.dropoutNodes(), r.dropouts().size(), name + " dropouts");
    assertArrayEquals(
        f.dropoutRates(),
        r.dropouts().stream().mapToDouble(ModelReport.DropoutInfo::rate).toArray(),
        1e-6,
        name + " rates");
    assertEquals(f.batchNormNodes(), r.batchNorms(), name + " batch norms");
    assertEquals(
        f.batchNormTrainingNodes(), r.batchNormsInTrainingMode(), name + " BN in training mode");
    assertEquals(f.dropoutNodes() > 0, r.mcCapable(), name + " MC capable");
    assertFalse(r.hasMcInput(), "PyTorch knows nothing of mc_dropout");
    if (f.batchNormTrainingNodes() > 0) {
      assertTrue(
          r.notes().stream().anyMatch(n -> n.contains("training mode")),
          name + " notes: " + r.notes());
    }
  }

  @Test
  void exportFormsAreTheOnesDescribed() {
    assertEquals("TRAINING", TorchFixture.load("train_op13").export());
    assertEquals(2, TorchFixture.load("train_op13").batchNormTrainingNodes());
    assertEquals(2, TorchFixture.load("train_op17").batchNormTrainingNodes());
    assertEquals(0, TorchFixture.load("preserve_op17").batchNormTrainingNodes());
    assertEquals(0, TorchFixture.load("eval_op17").dropoutNodes());
    assertEquals(0, TorchFixture.load("eval_op17").batchNormNodes(), "BN folded into Conv");
  }

  @ParameterizedTest
  @ValueSource(strings = {"train_op13", "train_op17", "preserve_op17", "preserve_head"})
  void mcSamplesVaryWithEveryStrategy(String name) {
    TorchFixture f = TorchFixture.load(name);
    try (McEngine e = McEngine.load(f.file(), ONE_THREAD)) {
      assertTrue(e.info().mcCapable(), name);
      assertEquals(f.dropoutNodes(), e.info().dropoutLayers(), name);
      assertTrue(e.info().splittable(), name + ": conv trunk before the first Dropout");
      for (Strategy s : List.of(Strategy.LOOP, Strategy.BATCHED, Strategy.TRUNK_CACHED)) {
        Prediction p = e.predict(f.input(), McOptions.samples(40).withStrategy(s).withRaw(true));
        String what = name + " " + s;
        assertEquals(40, p.samples(), what);
        assertEquals(1.0, Arrays.stream(p.probabilities()).sum(), 1e-6, what);
        Set<String> distinct = new HashSet<>();
        for (float[] row : p.rawSamples()) {
          distinct.add(Arrays.toString(row));
        }
        assertTrue(distinct.size() > 10, what + ": only " + distinct.size() + " distinct samples");
        assertTrue(Arrays.stream(p.std()).max().orElse(0) > 1e-4, what + " std");
        assertTrue(p.mutualInformation() >= -1e-12, what + " MI " + p.mutualInformation());
        assertTrue(p.expectedEntropy() <= p.entropy() + 1e-12, what);
        assertTrue(p.variationRatio() >= 0 && p.variationRatio() < 1, what);
      }
    }
  }

  /**
   * With one Dropout right before the last linear layer, the logits are linear in the mask, so
   * their MC mean is exactly PyTorch's eval logits in expectation: this pins the kept-unit scale
   * 1/(1-p) without any tolerance for nonlinearity.
   */
  @ParameterizedTest
  @ValueSource(strings = {"LOOP", "BATCHED", "TRUNK_CACHED"})
  void headDropoutMeanLogitsEqualEvalLogits(String strategy) {
    TorchFixture f = TorchFixture.load("preserve_head");
    int n = 3000;
    try (McEngine e = McEngine.load(f.file(), ONE_THREAD)) {
      float[][] raw = e.rawSamples(f.input(), n, Strategy.valueOf(strategy), 17L);
      for (int k = 0; k < f.evalLogits().length; k++) {
        double sum = 0;
        double sq = 0;
        for (float[] row : raw) {
          sum += row[k];
          sq += (double) row[k] * row[k];
        }
        double mean = sum / n;
        double se = Math.sqrt((sq / n - mean * mean) / n);
        assertTrue(se > 0, "samples vary");
        assertEquals(f.evalLogits()[k], mean, 5 * se, strategy + " class " + k);
      }
    }
  }

  @Test
  void evalOnlyExportClassifiesButRefusesMcSamplesAndSaysHowToExport() {
    TorchFixture f = TorchFixture.load("eval_op17");
    try (McEngine e = McEngine.load(f.file(), ONE_THREAD)) {
      assertFalse(e.info().mcCapable());
      assertEquals(0, e.info().dropoutLayers());
      e.predict(f.input(), McOptions.samples(1));
      for (Strategy s : Strategy.values()) {
        McdropException x =
            assertThrows(
                McdropException.class,
                () -> e.predict(f.input(), McOptions.samples(20).withStrategy(s)));
        assertEquals(ErrorCode.NO_DROPOUT, x.code(), s.name());
        assertTrue(x.getMessage().contains("TrainingMode.PRESERVE"), x.getMessage());
      }
    }
  }

  /**
   * PyTorch exports without {@code dynamic_axes} fix the batch at 1, the most common third-party
   * form: samples must then come from one run each (LOOP), never from a tiled batch.
   */
  @Test
  void fixedBatchExportSamplesOneRunAtATime() {
    TorchFixture f = TorchFixture.load("preserve_fixed_batch");
    try (McEngine e = McEngine.load(f.file(), ONE_THREAD)) {
      assertFalse(e.info().dynamicBatch());
      assertTrue(e.info().mcCapable());
      for (Strategy s : Strategy.values()) {
        assertEquals(Strategy.LOOP, e.resolve(s), s.name());
        Prediction p = e.predict(f.input(), McOptions.samples(30).withStrategy(s).withRaw(true));
        Set<String> distinct = new HashSet<>();
        for (float[] row : p.rawSamples()) {
          distinct.add(Arrays.toString(row));
        }
        assertTrue(distinct.size() > 5, s + ": only " + distinct.size() + " distinct samples");
        assertTrue(p.mutualInformation() >= 0, s.name());
      }
      McOptions seeded = McOptions.samples(20).withSeed(3L);
      assertArrayEquals(
          e.predict(f.input(), seeded).probabilities(),
          e.predict(f.input(), seeded).probabilities(),
          0.0);
    }
  }

  @Test
  void seededSamplingOfAPytorchExportIsReproducible() {
    TorchFixture f = TorchFixture.load("train_op17");
    try (McEngine e = McEngine.load(f.file(), ONE_THREAD)) {
      McOptions o = McOptions.samples(30).withSeed(7L).withStrategy(Strategy.TRUNK_CACHED);
      assertArrayEquals(
          e.predict(f.input(), o).probabilities(), e.predict(f.input(), o).probabilities(), 0.0);
    }
  }

  private static double[] centred(double[] v) {
    double mean = Arrays.stream(v).average().orElse(0);
    return Arrays.stream(v).map(x -> x - mean).toArray();
  }

  private static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
