package io.mcdrop.runtime.mc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.build.Attr;
import io.mcdrop.onnx.build.GraphBuilder;
import io.mcdrop.onnx.fixtures.FixtureModels;
import io.mcdrop.runtime.session.ProviderSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class McEngineErrorsTest {

  private static ErrorCode codeOf(Executable x) {
    return assertThrows(McdropException.class, x).code();
  }

  @Test
  void livenessCheckFiresWhenOnnxRuntimeStripsDropout() {
    // A lower-case optimizer name is silently ignored by ONNX Runtime: dropout gets removed.
    McdropException e =
        assertThrows(
            McdropException.class,
            () ->
                McEngine.loadWithDisabledOptimizers(
                    FixtureModels.smallCnn(1, 0.5f, 0f),
                    "m",
                    EngineConfig.defaults(),
                    "eliminatedropout"));
    assertEquals(ErrorCode.DROPOUT_NOT_ALIVE, e.code());
    assertTrue(e.getMessage().contains("EliminateDropout"), e.getMessage());
  }

  @Test
  void livenessCheckAlsoCoversModelsWithAFixedBatchOfOne() throws Exception {
    // PyTorch export without dynamic_axes (scripts/make_torch_fixtures.py): input [1, 1, 8, 8]
    ModelProto fixed =
        io.mcdrop.onnx.OnnxModels.read(
            Path.of(getClass().getResource("/torch/preserve_fixed_batch.onnx").toURI()));
    McdropException e =
        assertThrows(
            McdropException.class,
            () ->
                McEngine.loadWithDisabledOptimizers(
                    fixed, "fixed", EngineConfig.defaults(), "eliminatedropout"));
    assertEquals(ErrorCode.DROPOUT_NOT_ALIVE, e.code());
    assertTrue(e.getMessage().contains("runs of one input"), e.getMessage());
  }

  @Test
  void mcSamplesFromAModelWithoutDropoutSayHowToExportOne() {
    try (McEngine e =
        McEngine.load(FixtureModels.smallCnn(1, 0f, 0f), "plain", EngineConfig.defaults())) {
      McdropException x =
          assertThrows(
              McdropException.class,
              () -> e.predict(McEngineNumericsTest.image(1), McOptions.samples(30)));
      assertEquals(ErrorCode.NO_DROPOUT, x.code());
      assertTrue(x.getMessage().contains("TrainingMode.PRESERVE"));
      // deterministic inference still works
      assertEquals(1, e.predict(McEngineNumericsTest.image(1), McOptions.samples(1)).samples());
    }
  }

  @Test
  void badInputsAreRejectedWithClearCodes() {
    try (McEngine e =
        McEngine.load(FixtureModels.smallCnn(1, 0.5f, 0f), "m", EngineConfig.defaults())) {
      assertEquals(
          ErrorCode.BAD_INPUT, codeOf(() -> e.predict(new float[10], McOptions.samples(1))));
      float[] nan = McEngineNumericsTest.image(1);
      nan[3] = Float.NaN;
      assertEquals(ErrorCode.BAD_INPUT, codeOf(() -> e.predict(nan, McOptions.samples(1))));
    }
    assertEquals(ErrorCode.BAD_OPTION, codeOf(() -> McOptions.samples(0)));
    assertEquals(ErrorCode.BAD_OPTION, codeOf(() -> McOptions.samples(McOptions.MAX_SAMPLES + 1)));
    assertEquals(ErrorCode.BAD_OPTION, codeOf(() -> McOptions.samples(5).withTolerance(-1)));
  }

  @Test
  void aModelThatIsNotAClassifierIsRefused() {
    GraphBuilder g = new GraphBuilder("conv_only");
    String x = g.floatInput("input", "N", 1, 8, 8);
    String y = g.node("Relu", List.of(x));
    g.output(y, "features", "N", 1, 8, 8);
    ModelProto m = g.build();
    assertEquals(
        ErrorCode.NOT_A_CLASSIFIER, codeOf(() -> McEngine.load(m, "m", EngineConfig.defaults())));
  }

  @Test
  void missingAndCorruptModelFilesAreClearErrors(@TempDir Path dir) throws Exception {
    assertEquals(
        ErrorCode.NOT_FOUND,
        codeOf(() -> McEngine.load(dir.resolve("nope.onnx"), EngineConfig.defaults())));
    Path junk = dir.resolve("junk.onnx");
    Files.write(junk, "this is not a model".getBytes());
    assertEquals(
        ErrorCode.MODEL_INVALID, codeOf(() -> McEngine.load(junk, EngineConfig.defaults())));
  }

  @Test
  void cudaOnTheCpuBuildNamesWhatIsMissing() {
    McdropException e =
        assertThrows(
            McdropException.class,
            () ->
                McEngine.load(
                    FixtureModels.smallCnn(1, 0.5f, 0f),
                    "m",
                    EngineConfig.defaults().withProvider(ProviderSpec.parse("cuda:0"))));
    assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("CUDA 12") && e.getMessage().contains("cuDNN 9"));
    assertEquals(ErrorCode.BAD_OPTION, codeOf(() -> ProviderSpec.parse("tpu")));
    assertEquals(ErrorCode.BAD_OPTION, codeOf(() -> ProviderSpec.parse("cuda:x")));
  }

  @Test
  void autoProviderFallsBackToCpuAndSaysSo() {
    try (McEngine e =
        McEngine.load(
            FixtureModels.smallCnn(1, 0.5f, 0f),
            "m",
            EngineConfig.defaults().withProvider(ProviderSpec.parse("auto")))) {
      assertEquals("cpu", e.info().provider());
      assertTrue(e.notice().contains("CPU"));
    }
  }

  @Test
  void labelsThatDoNotMatchTheClassCountAreRefused() {
    assertEquals(
        ErrorCode.BAD_OPTION,
        codeOf(
            () ->
                McEngine.load(
                    FixtureModels.smallCnn(1, 0.5f, 0f),
                    "m",
                    EngineConfig.defaults().withLabels(List.of("a", "b")))));
  }

  @Test
  void modelEndingInSoftmaxIsNotSoftmaxedTwice() {
    GraphBuilder g = new GraphBuilder("softmax_out");
    String x = g.floatInput("input", "N", 3);
    String d = g.dropout(x, 0.1f, g.mcDropoutInput());
    String p = g.node("Softmax", List.of(d), Attr.i("axis", 1));
    g.output(p, "probs", "N", 3);
    try (McEngine e = McEngine.load(g.build(), "s", EngineConfig.defaults())) {
      float[] logits = {1f, 2f, 3f};
      double[] probs = e.predict(logits, McOptions.samples(1)).probabilities();
      double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
      assertEquals(Math.exp(3) / z, probs[2], 1e-6);
    }
  }

  @Test
  void closedEngineSaysSo() {
    McEngine e = McEngine.load(FixtureModels.smallCnn(1, 0.5f, 0f), "m", EngineConfig.defaults());
    e.close();
    e.close();
    IllegalStateException x =
        assertThrows(
            IllegalStateException.class,
            () -> e.predict(McEngineNumericsTest.image(1), McOptions.samples(1)));
    assertTrue(x.getMessage().contains("closed"));
  }
}
