package io.mcdrop.onnx.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.mcdrop.onnx.build.GraphBuilder;
import io.mcdrop.onnx.fixtures.FixtureModels;
import io.mcdrop.onnx.graph.GraphIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

class DropoutMasksTest {

  private static ModelProto ready(ModelProto m) {
    return McReadyRewriter.rewrite(m, McReadyRewriter.Options.forRuntime()).model();
  }

  @Test
  void everyDropoutBecomesAMulByAFedMaskWithItsRatio() {
    DropoutMasks.Result r =
        DropoutMasks.rewrite(ready(FixtureModels.smallCnn(1, 0.5f, 0.2f))).orElseThrow();
    assertEquals(2, r.masks().size());
    assertEquals(0.2, r.masks().get(0).ratio(), 1e-6);
    assertEquals(0.5, r.masks().get(1).ratio(), 1e-6);
    assertTrue(r.model().getGraph().getNodeList().stream().noneMatch(GraphIndex::isDropout));
    assertTrue(
        r.model().getGraph().getInputList().stream()
            .anyMatch(i -> i.getName().equals(DropoutMasks.MASK_PREFIX + "1")));
    // a PyTorch export: ratio from a Constant node, unused mask output
    assertEquals(
        1,
        DropoutMasks.rewrite(ready(FixtureModels.pytorchTrainingExport(1, 17)))
            .orElseThrow()
            .masks()
            .size());
  }

  @Test
  void aRatioFedAtRunTimeCannotBeMasked() {
    GraphBuilder g = new GraphBuilder("fed_ratio");
    String x = g.floatInput("x", "N", 4);
    String ratio = g.floatInput("ratio");
    String mc = g.mcDropoutInput();
    String y = g.node("Dropout", List.of(x, ratio, mc));
    g.output(y, "y", "N", 4);
    assertTrue(DropoutMasks.rewrite(g.build()).isEmpty());
  }
}
