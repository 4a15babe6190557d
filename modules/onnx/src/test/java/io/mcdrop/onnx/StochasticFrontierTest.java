package io.mcdrop.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.mcdrop.onnx.build.Attr;
import io.mcdrop.onnx.build.GraphBuilder;
import io.mcdrop.onnx.fixtures.FixtureModels;
import io.mcdrop.onnx.graph.FrontierSplit;
import io.mcdrop.onnx.graph.StochasticFrontier;
import io.mcdrop.onnx.inspect.ModelInspector;
import io.mcdrop.onnx.inspect.ModelReport;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StochasticFrontierTest {

  @Test
  void headOnlyDropoutCutsJustBeforeTheDropout() {
    ModelProto m = FixtureModels.smallCnn(3, 0.5f, 0f);
    FrontierSplit s = StochasticFrontier.split(m).orElseThrow();
    assertEquals(1, s.frontier().size());
    NodeProto firstHead = s.head().getGraph().getNode(0);
    assertEquals("Dropout", firstHead.getOpType());
    assertEquals(s.frontier().get(0), firstHead.getInput(0));
    // conv, bn, relu, pool, flatten, gemm, relu in the trunk; dropout, gemm, identity in the head
    assertEquals(7, s.trunkNodes());
    assertEquals(3, s.headNodes());
  }

  @Test
  void frontierShapesCanBeDeclaredWhenTheModelStoresNone() {
    ModelProto m = FixtureModels.smallCnn(3, 0.5f, 0.2f);
    FrontierSplit s = StochasticFrontier.split(m).orElseThrow();
    String f = s.trunkOutputs().get(0);
    assertTrue(StochasticFrontier.missingFrontierShapes(s), "GraphBuilder stores no shapes");
    FrontierSplit shaped =
        StochasticFrontier.withFrontierShapes(s, java.util.Map.of(f, new long[] {4, 4, 4}));
    assertFalse(StochasticFrontier.missingFrontierShapes(shaped));
    var in =
        shaped.head().getGraph().getInputList().stream()
            .filter(v -> v.getName().equals(f))
            .findFirst()
            .orElseThrow();
    var dims = in.getType().getTensorType().getShape().getDimList();
    assertEquals("N", dims.get(0).getDimParam());
    assertEquals(
        List.of(4L, 4L, 4L), dims.subList(1, 4).stream().map(d -> d.getDimValue()).toList());
    var out =
        shaped.trunk().getGraph().getOutputList().stream()
            .filter(v -> v.getName().equals(f))
            .findFirst()
            .orElseThrow();
    assertEquals(4, out.getType().getTensorType().getShape().getDimCount());
    assertEquals(s.frontier(), shaped.frontier());
    assertEquals(s.head().getGraph().getNodeList(), shaped.head().getGraph().getNodeList());
  }

  @Test
  void residualBlockNeedsBothTheSkipAndTheBranch() {
    ModelProto m = FixtureModels.residualCnn(3, 0.3f);
    FrontierSplit s = StochasticFrontier.split(m).orElseThrow();
    // the Add reads the stem (skip connection) and the dropout reads the branch's relu
    assertEquals(2, s.frontier().size(), s.frontier().toString());
    assertEquals(s.frontier().size(), s.trunkOutputs().size());
  }

  @Test
  void shapeArithmeticAfterTheCutIsPulledIntoTheHead() {
    // y = Reshape(Dropout(x), Concat(Shape(x)[0:1], [-1])): the int64 shape must see the tiled
    // batch, so Shape/Slice/Concat go to the head and x itself is the frontier.
    GraphBuilder g = new GraphBuilder("reshape");
    String x = g.floatInput("input", "N", 2, 3);
    String r = g.node("Relu", List.of(x));
    String d = g.dropout(r, 0.5f, g.mcDropoutInput());
    String shape = g.node("Shape", List.of(r));
    String starts = g.longInitializer("starts", new long[] {0}, 1);
    String ends = g.longInitializer("ends", new long[] {1}, 1);
    String batch = g.node("Slice", List.of(shape, starts, ends));
    String minus = g.longInitializer("minus1", new long[] {-1}, 1);
    String target = g.node("Concat", List.of(batch, minus), Attr.i("axis", 0));
    String y = g.node("Reshape", List.of(d, target));
    g.output(y, "logits", "N", 6);
    FrontierSplit s = StochasticFrontier.split(g.build()).orElseThrow();
    assertEquals(List.of(r), s.frontier());
    assertTrue(
        s.head().getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("Shape")));
  }

  @Test
  void dropoutOnTheInputHasAnEmptyTrunk() {
    FrontierSplit s = StochasticFrontier.split(FixtureModels.dropoutOnly(4, 0.5f)).orElseThrow();
    assertEquals(0, s.trunkNodes());
    assertTrue(s.isPassThrough("input"));
  }

  @Test
  void noDropoutMeansNoSplit() {
    Optional<FrontierSplit> s = StochasticFrontier.split(FixtureModels.smallCnn(3, 0f, 0f));
    assertTrue(s.isEmpty());
  }

  @Test
  void inspectionReportsDropoutsBatchNormAndFrontier() {
    ModelReport r = ModelInspector.inspect(FixtureModels.pytorchTrainingExport(2, 13));
    assertEquals(1, r.dropouts().size());
    assertEquals(0.5, r.dropouts().get(0).rate(), 1e-6);
    assertEquals(1, r.batchNormsInTrainingMode());
    assertTrue(r.mcCapable());
    assertEquals(1, r.frontier().size());
    assertEquals(List.of("N", "1", "8", "8"), r.inputs().get(0).shape());
    ModelReport plain = ModelInspector.inspect(FixtureModels.smallCnn(1, 0f, 0f));
    assertTrue(!plain.mcCapable());
    assertTrue(plain.notes().get(0).contains("TrainingMode.PRESERVE"));
  }
}
