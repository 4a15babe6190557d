package io.mcdrop.onnx.advice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.build.Attr;
import io.mcdrop.onnx.build.GraphBuilder;
import io.mcdrop.onnx.fixtures.FixtureModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelAdvisorTest {
  private static Advice advise(ModelProto m) {
    return ModelAdvisor.advise(m, ModelAdvisor.Options.defaults("test.onnx"));
  }

  private static ModelProto torch(String name) throws Exception {
    return OnnxModels.read(
        Path.of(ModelAdvisorTest.class.getResource("/torch-advice/" + name + ".onnx").toURI()));
  }

  private static Finding finding(Advice a, String code) {
    return a.findings().stream()
        .filter(f -> f.code().equals(code))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + code + " in " + a.findings()));
  }

  @Test
  void headDropoutIsLocatedCountedAndTrunkCached() {
    Advice a = advise(FixtureModels.smallCnn(1, 0.5f, 0f));
    assertEquals(1, a.dropouts().size());
    DropoutSite d = a.dropouts().get(0);
    assertEquals(0.5, d.rate(), 1e-6);
    assertEquals("head", d.stage());
    assertEquals(DropoutSite.Unit.ELEMENT, d.unit());
    assertFalse(d.featureMap());
    assertFalse(d.onInput());
    assertFalse(d.residualBranch());
    assertTrue(d.after().startsWith("Gemm") && d.after().endsWith("Relu"), d.after());
    // hidden units: conv 4x8x8 = 256, fc16 = 16 (fc3 is the output layer)
    assertEquals(272, a.totalUnits());
    assertEquals(16, d.units());
    assertEquals(8.0, a.totalDroppedUnits(), 1e-9);
    assertEquals(8.0 / 272, a.droppedFraction(), 1e-12);
    // MACs: conv 4*8*8*9 = 2304, fc 64*16 = 1024, fc 16*3 = 48; only the last fc is sampled
    assertEquals("trunk", a.mc().strategy());
    assertEquals(3376, a.mc().macs());
    assertEquals(48, a.mc().headMacs());
    assertEquals((3328 + 30 * 48) / 3376.0, a.mc().costVsDeterministic(), 1e-9);
    assertFalse(a.has("element-wise-conv-dropout"));
    assertFalse(a.has("dropout-before-batchnorm"));
    assertFalse(a.has("very-high-rate"));
  }

  @Test
  void convDropoutIsElementWiseOnAFeatureMapAndMakesTheStageBudget() {
    Advice a = advise(FixtureModels.smallCnn(1, 0.5f, 0.2f));
    DropoutSite conv = a.dropouts().get(0);
    assertTrue(conv.featureMap());
    assertEquals(64, conv.units()); // after the 2x2 max pool: 4x4x4
    assertEquals("8x8", conv.stage());
    assertTrue(conv.after().contains("BatchNormalization -> Relu -> MaxPool"), conv.after());
    assertTrue(conv.afterBatchNorm());
    assertEquals(8 + 0.2 * 64, a.totalDroppedUnits(), 1e-9);
    StageBudget s = a.stages().stream().filter(b -> b.stage().equals("8x8")).findFirst().get();
    assertEquals(256, s.units());
    assertEquals(0.2 * 64 / 256, s.fraction(), 1e-9);
    assertTrue(finding(a, "element-wise-conv-dropout").evidence().contains("64-unit"));
    assertEquals("trunk", a.mc().strategy());
    // the conv (2304 MACs) runs once, both fc layers (1024 + 48) are sampled
    assertEquals(1072, a.mc().headMacs());
    assertEquals((2304 + 30 * 1072) / 3376.0, a.mc().costVsDeterministic(), 1e-9);
  }

  @Test
  void dropoutInsideAResidualBranchIsSeenAsSuch() {
    Advice a = advise(FixtureModels.residualCnn(3, 0.3f));
    assertEquals(1, a.dropouts().size());
    assertTrue(a.dropouts().get(0).residualBranch());
    assertTrue(a.has("residual-branch-dropout"));
    assertNull(a.spec(), "a DAG has no spec form");
    assertNull(a.studyCommand());
  }

  @Test
  void pytorchTrainingExportHasBatchNormInTrainingMode() {
    Advice a = advise(FixtureModels.pytorchTrainingExport(4, 13));
    assertTrue(finding(a, "batchnorm-training-mode").evidence().startsWith("1 of 1"));
    assertEquals(0.5, a.dropouts().get(0).rate(), 1e-6); // ratio from a Constant node
  }

  @Test
  void noDropoutMeansNoMc() {
    Advice a = advise(FixtureModels.smallCnn(1, 0f, 0f));
    assertTrue(a.has("no-dropout"));
    assertEquals("none", a.mc().strategy());
    assertTrue(a.next().stream().anyMatch(s -> s.contains("head-<p>")));
  }

  @Test
  void tiedConvWeightsFixedBatchDropoutBeforeBatchNormAndChannelDropout() {
    Random rnd = new Random(5);
    GraphBuilder g = new GraphBuilder("tied");
    String x = g.floatInput("input", 1, 2, 6, 6); // fixed batch of 1
    String mc = g.mcDropoutInput();
    String w = g.initializer("shared_w", randn(rnd, 2 * 2 * 9), 2, 2, 3, 3);
    String h = x;
    for (int i = 0; i < 3; i++) {
      h =
          g.node(
              "Conv",
              List.of(h, w),
              Attr.ints("kernel_shape", 3, 3),
              Attr.ints("pads", 1, 1, 1, 1));
    }
    h = g.dropout(h, 0.3f, mc); // conv/dropout/bn
    String s = g.initializer("s", new float[] {1, 1}, 2);
    String b = g.initializer("b", new float[] {0, 0}, 2);
    h = g.node("BatchNormalization", List.of(h, s, b, b, s));
    h = g.node("Relu", List.of(h));
    // channel dropout: Dropout on a ones[1,2,1,1] mask multiplied into the map
    String shape = g.longInitializer("mask_shape", new long[] {1, 2, 1, 1}, 4);
    String ones = g.node("ConstantOfShape", List.of(shape));
    String mask = g.dropout(ones, 0.2f, mc);
    h = g.node("Mul", List.of(h, mask));
    h = g.node("GlobalAveragePool", List.of(h));
    h = g.node("Flatten", List.of(h), Attr.i("axis", 1));
    String fw = g.initializer("fc_w", randn(rnd, 3 * 2), 3, 2);
    h = g.node("Gemm", List.of(h, fw), Attr.i("transB", 1));
    g.output(h, "logits", 1, 3);
    Advice a = advise(g.build());

    Finding tied = finding(a, "tied-weights");
    assertTrue(tied.evidence().contains("'shared_w' (2x2x3x3)"), tied.evidence());
    assertTrue(tied.message().contains("3 times"));
    assertTrue(finding(a, "fixed-batch-axis").evidence().contains("batch dimension 1"));
    assertFalse(a.dynamicBatch());
    DropoutSite before = a.dropouts().get(0);
    assertEquals(DropoutSite.NextBatchNorm.DIRECTLY, before.batchNorm());
    assertTrue(a.has("dropout-before-batchnorm"));
    DropoutSite channel = a.dropouts().get(1);
    assertEquals(DropoutSite.Unit.CHANNEL, channel.unit());
    assertEquals(72, channel.units()); // the feature map, 2x6x6, not the mask
    assertTrue(channel.afterBatchNorm());
    // the element-wise finding names only the element-wise dropout
    assertFalse(finding(a, "element-wise-conv-dropout").evidence().contains(channel.node()));
  }

  @Test
  void inputDropoutAndVeryHighRates() {
    Advice low = advise(FixtureModels.dropoutOnly(4, 0.1f));
    assertTrue(low.dropouts().get(0).onInput());
    assertEquals(Finding.Severity.INFO, finding(low, "input-dropout").severity());
    Advice high = advise(FixtureModels.dropoutOnly(4, 0.5f));
    assertEquals(Finding.Severity.WARNING, finding(high, "input-dropout").severity());
    Advice conv = advise(FixtureModels.smallCnn(1, 0.8f, 0.5f));
    String ev = finding(conv, "very-high-rate").evidence();
    assertTrue(ev.contains("rate 0.5") && ev.contains("rate 0.8"), ev);
  }

  @Test
  void pytorchQuestionNetworkReusesOneConvThreeTimes() throws Exception {
    Advice a = advise(torch("question_net"));
    Finding tied = finding(a, "tied-weights");
    assertTrue(tied.evidence().contains("'conv11.weight' (6x6x3x3)"), tied.evidence());
    assertTrue(tied.evidence().contains("/conv11_2/Conv"), tied.evidence());
    assertEquals(3, a.dropouts().size());
    DropoutSite drop1 = a.dropouts().get(0);
    assertEquals(0.25, drop1.rate(), 1e-6);
    assertEquals(DropoutSite.NextBatchNorm.DIRECTLY, drop1.batchNorm());
    assertEquals("Conv '/conv1/Conv'", drop1.afterLayer());
    assertTrue(finding(a, "dropout-before-batchnorm").evidence().contains("/drop1/Dropout"));
    assertTrue(finding(a, "very-high-rate").evidence().contains("/drop11/Dropout (rate 0.6"));
    assertTrue(a.has("element-wise-conv-dropout"));
    // units: conv outputs 4 x 6x8x8 = 1536, fc16 = 16; dropped 0.25*384 + 0.6*384 + 0.5*16
    assertEquals(1552, a.totalUnits());
    assertEquals(0.25 * 384 + 0.6 * 384 + 0.5 * 16, a.totalDroppedUnits(), 1e-6);
    assertTrue(a.dynamicBatch());
    assertEquals("1x8x8", a.input());
    // a plain chain: the spec is derived and the study command is ready
    assertEquals(
        "conv6-bn-relu, conv6-relu, conv6-relu, conv6-relu-pool, fc16-relu, fc3", a.spec());
    assertNotNull(a.studyCommand());
    assertTrue(a.studyCommand().contains("--input 1x8x8"), a.studyCommand());
  }

  @Test
  void pytorchResidualNetworkHasInputDropoutAndABranchDropout() throws Exception {
    Advice a = advise(torch("residual_net"));
    DropoutSite in = a.dropouts().get(0);
    assertTrue(in.onInput());
    assertEquals("input", in.stage());
    assertFalse(in.residualBranch());
    DropoutSite branch = a.dropouts().get(1);
    assertTrue(branch.residualBranch());
    assertTrue(branch.afterBatchNorm());
    assertEquals(DropoutSite.NextBatchNorm.NONE, branch.batchNorm());
    // input dropout: the trunk is empty, every sample is a full pass
    assertEquals("trunk", a.mc().strategy());
    assertEquals(a.mc().macs(), a.mc().headMacs());
    assertEquals(30.0, a.mc().costVsDeterministic(), 1e-9);
    assertTrue(a.has("input-dropout"));
    assertTrue(AdviceText.render(a).contains("inside a residual branch"));
  }

  @Test
  void unknownImageSizeLeavesUnitCountsUnknownButStillReviews() {
    Random rnd = new Random(9);
    GraphBuilder g = new GraphBuilder("symbolic");
    String x = g.floatInput("input", "N", 1, "H", "W");
    String mc = g.mcDropoutInput();
    String w = g.initializer("w", randn(rnd, 2 * 9), 2, 1, 3, 3);
    String h = g.node("Conv", List.of(x, w), Attr.ints("kernel_shape", 3, 3));
    h = g.node("GlobalAveragePool", List.of(h));
    h = g.node("Flatten", List.of(h), Attr.i("axis", 1));
    h = g.dropout(h, 0.5f, mc);
    String fw = g.initializer("fc_w", randn(rnd, 3 * 2), 3, 2);
    h = g.node("Gemm", List.of(h, fw), Attr.i("transB", 1));
    g.output(h, "logits", "N", 3);
    Advice a = advise(g.build());
    assertEquals(-1, a.totalUnits());
    assertTrue(Double.isNaN(a.droppedFraction()));
    assertEquals("1x?x?", a.input());
    assertEquals(0.5, a.dropouts().get(0).rate(), 1e-9);
    String text = AdviceText.render(a);
    assertTrue(text.contains("total    ? of ? hidden units"), text);
    assertFalse(a.studyCommand().contains("--input"), "no input shape to give");
  }

  private static float[] randn(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rnd.nextGaussian() * 0.3f;
    }
    return a;
  }
}
