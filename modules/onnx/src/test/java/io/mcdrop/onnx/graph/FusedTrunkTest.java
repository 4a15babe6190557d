package io.mcdrop.onnx.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.mcdrop.onnx.fixtures.FixtureModels;
import io.mcdrop.onnx.rewrite.DropoutMasks;
import io.mcdrop.onnx.rewrite.McReadyRewriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FusedTrunkTest {

  @Test
  void expandsThatOnlyFeedMaskMulsGoAndTheOthersStay() {
    // residual block: the frontier is relu (read only by the Dropout) and the stem (read by the
    // Add)
    ModelProto ready =
        McReadyRewriter.rewrite(
                FixtureModels.residualCnn(3, 0.3f), McReadyRewriter.Options.forRuntime())
            .model();
    FrontierSplit split = StochasticFrontier.split(ready).orElseThrow();
    assertEquals(2, split.trunkOutputs().size());
    Map<String, long[]> rows = new HashMap<>();
    for (String f : split.trunkOutputs()) {
      rows.put(f, new long[] {4, FixtureModels.SIZE, FixtureModels.SIZE});
    }
    FusedTrunk fused =
        FusedTrunk.of(ready, StochasticFrontier.withFrontierShapes(split, rows)).orElseThrow();
    assertEquals(2, fused.repeats().size());
    DropoutMasks.Result masked = DropoutMasks.rewrite(fused.model()).orElseThrow();
    Set<String> maskInputs = new HashSet<>();
    masked.masks().forEach(m -> maskInputs.add(m.input()));

    FusedTrunk broadcast = fused.withBroadcastMasks(masked.model(), maskInputs);

    List<NodeProto> nodes = broadcast.model().getGraph().getNodeList();
    List<NodeProto> expands = nodes.stream().filter(n -> n.getOpType().equals("Expand")).toList();
    assertEquals(1, expands.size(), "the stem's Expand stays (an Add reads it)");
    String stem = expands.get(0).getInput(0);
    assertEquals(Set.of(expands.get(0).getInput(1)), broadcast.repeats().keySet());
    NodeProto mul =
        nodes.stream()
            .filter(n -> n.getOpType().equals("Mul") && maskInputs.contains(n.getInput(1)))
            .findFirst()
            .orElseThrow();
    assertTrue(split.trunkOutputs().contains(mul.getInput(0)), "the mask Mul reads the frontier");
    assertFalse(mul.getInput(0).equals(stem));
    List<String> inputs =
        broadcast.model().getGraph().getInputList().stream().map(ValueInfoProto::getName).toList();
    assertTrue(inputs.containsAll(broadcast.repeats().keySet()));
    assertEquals(masked.model().getGraph().getInputCount() - 1, inputs.size());
    assertEquals(masked.model().getGraph().getNodeCount() - 1, nodes.size());
  }
}
