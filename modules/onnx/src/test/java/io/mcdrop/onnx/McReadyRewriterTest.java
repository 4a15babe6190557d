package io.mcdrop.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.build.Tensors;
import io.mcdrop.onnx.fixtures.FixtureModels;
import io.mcdrop.onnx.rewrite.McReadyRewriter;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class McReadyRewriterTest {

  private static List<NodeProto> ops(ModelProto m, String op) {
    return m.getGraph().getNodeList().stream()
        .filter(n -> n.getOpType().equals(op))
        .collect(Collectors.toList());
  }

  @Test
  void pytorchConstantsAreReplacedByTheSharedMcInput() {
    ModelProto torch = FixtureModels.pytorchTrainingExport(1, 17);
    McReadyRewriter.Result r = McReadyRewriter.rewrite(torch, McReadyRewriter.Options.defaults());
    NodeProto dropout = ops(r.model(), "Dropout").get(0);
    assertEquals(McDropout.INPUT_NAME, dropout.getInput(2));
    assertEquals(1, dropout.getOutputCount(), "the unused mask output is dropped");
    // The Constant for training_mode is gone; the one for ratio stays.
    assertEquals(1, ops(r.model(), "Constant").size());
    TensorProto init =
        r.model().getGraph().getInitializerList().stream()
            .filter(t -> t.getName().equals(McDropout.INPUT_NAME))
            .findFirst()
            .orElseThrow();
    assertEquals(0.0, Tensors.toDoubles(init)[0], "default of mc_dropout is false");
    assertTrue(
        r.model().getGraph().getInputList().stream()
            .anyMatch(v -> v.getName().equals(McDropout.INPUT_NAME)));
  }

  @Test
  void runtimeFormMakesMcDropoutARequiredInput() {
    ModelProto m = FixtureModels.smallCnn(1, 0.5f, 0f);
    ModelProto r = McReadyRewriter.rewrite(m, McReadyRewriter.Options.forRuntime()).model();
    assertTrue(
        r.getGraph().getInputList().stream()
            .anyMatch(v -> v.getName().equals(McDropout.INPUT_NAME)));
    assertFalse(
        r.getGraph().getInitializerList().stream()
            .anyMatch(t -> t.getName().equals(McDropout.INPUT_NAME)));
  }

  @Test
  void batchNormInTrainingModeIsRestoredForBothOpsetForms() {
    for (int opset : new int[] {13, 17}) {
      ModelProto torch = FixtureModels.pytorchTrainingExport(1, opset);
      McReadyRewriter.Result r = McReadyRewriter.rewrite(torch, McReadyRewriter.Options.defaults());
      assertEquals(1, r.batchNormsRestored(), "opset " + opset);
      NodeProto bn = ops(r.model(), "BatchNormalization").get(0);
      assertEquals(1, bn.getOutputCount());
      assertFalse(
          bn.getAttributeList().stream().anyMatch(a -> a.getName().equals("training_mode")));
    }
  }

  @Test
  void seedsAreDerivedPerNodeAndReproducible() {
    ModelProto m = FixtureModels.smallCnn(1, 0.5f, 0.2f);
    ModelProto a =
        McReadyRewriter.rewrite(m, McReadyRewriter.Options.defaults().withSeed(7)).model();
    ModelProto b =
        McReadyRewriter.rewrite(m, McReadyRewriter.Options.defaults().withSeed(7)).model();
    ModelProto c =
        McReadyRewriter.rewrite(m, McReadyRewriter.Options.defaults().withSeed(8)).model();
    List<Long> sa = seeds(a);
    assertEquals(2, sa.size());
    assertTrue(!sa.get(0).equals(sa.get(1)), "each node gets its own seed");
    assertEquals(sa, seeds(b));
    assertTrue(!sa.equals(seeds(c)));
  }

  @Test
  void modelWithoutDropoutGetsNoMcInput() {
    ModelProto m = FixtureModels.smallCnn(1, 0f, 0f);
    McReadyRewriter.Result r = McReadyRewriter.rewrite(m, McReadyRewriter.Options.defaults());
    assertFalse(r.hasDropout());
    assertFalse(
        r.model().getGraph().getInputList().stream()
            .anyMatch(v -> v.getName().equals(McDropout.INPUT_NAME)));
  }

  @Test
  void oldOpsetDropoutIsRefusedWithAFix() {
    ModelProto m = FixtureModels.smallCnn(1, 0.5f, 0f);
    ModelProto old =
        m.toBuilder()
            .clearOpsetImport()
            .addOpsetImport(
                ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(10))
            .build();
    McdropException e =
        assertThrows(
            McdropException.class,
            () -> McReadyRewriter.rewrite(old, McReadyRewriter.Options.defaults()));
    assertTrue(e.getMessage().contains("opset 12"), e.getMessage());
  }

  private static List<Long> seeds(ModelProto m) {
    return ops(m, "Dropout").stream()
        .map(
            n ->
                n.getAttributeList().stream()
                    .filter(a -> a.getName().equals("seed"))
                    .findFirst()
                    .orElseThrow()
                    .getI())
        .collect(Collectors.toList());
  }
}
