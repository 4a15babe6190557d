package io.mcdrop.onnx.graph;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.mcdrop.onnx.build.GraphBuilder;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Trunk caching in one ONNX Runtime call: the whole model, with every frontier tensor passed
 * through {@code Expand(f, [R, 1, ..., 1])} before the head reads it. Fed one image, the trunk runs
 * once on it and the head on R broadcast copies, each drawing its own dropout masks; this saves the
 * second session run (and its tensor copies) of the two-model split, which dominates for a small
 * head. Works for one image per run (a batch of B would broadcast B against R).
 *
 * @param model the fused graph
 * @param repeats for each added int64 input, the rank of the frontier tensor it expands; feed
 *     {@code [R, 1, ..., 1]}
 */
public record FusedTrunk(ModelProto model, Map<String, Integer> repeats) {
  static final String SUFFIX = "__mc_tiled";

  /**
   * Builds the fused model from an MC-ready model and its split; empty when a frontier tensor's
   * rank is unknown.
   */
  public static Optional<FusedTrunk> of(ModelProto ready, FrontierSplit split) {
    GraphIndex headIndex = new GraphIndex(split.head().getGraph());
    Map<String, Integer> ranks = new LinkedHashMap<>();
    for (String f : split.frontier()) {
      ValueInfoProto v = headIndex.valueInfo(f);
      if (v == null || !v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
        return Optional.empty();
      }
      int rank = v.getType().getTensorType().getShape().getDimCount();
      if (rank < 1) {
        return Optional.empty();
      }
      ranks.put(f, rank);
    }
    Set<String> headOutputs = new HashSet<>();
    for (NodeProto n : split.head().getGraph().getNodeList()) {
      headOutputs.addAll(n.getOutputList());
    }
    GraphProto graph = ready.getGraph();
    GraphProto.Builder g = graph.toBuilder().clearNode();
    Map<String, Integer> repeats = new LinkedHashMap<>();
    Set<String> expanded = new HashSet<>();
    // Frontier tensors that are graph inputs are expanded before any node.
    for (String f : ranks.keySet()) {
      if (new GraphIndex(graph).producerOf(f) < 0) {
        g.addNode(expand(f, repeats, ranks.get(f)));
        expanded.add(f);
      }
    }
    for (NodeProto n : graph.getNodeList()) {
      boolean head = n.getOutputList().stream().anyMatch(headOutputs::contains);
      NodeProto node = n;
      if (head) {
        NodeProto.Builder b = n.toBuilder().clearInput();
        for (String in : n.getInputList()) {
          b.addInput(ranks.containsKey(in) ? in + SUFFIX : in);
        }
        node = b.build();
      }
      g.addNode(node);
      for (String out : n.getOutputList()) {
        if (ranks.containsKey(out) && expanded.add(out)) {
          g.addNode(expand(out, repeats, ranks.get(out)));
        }
      }
    }
    for (String input : repeats.keySet()) {
      g.addInput(GraphBuilder.valueInfo(input, TensorProto.DataType.INT64, repeats.get(input)));
    }
    return Optional.of(new FusedTrunk(ready.toBuilder().setGraph(g).build(), repeats));
  }

  /**
   * This fused graph after its Dropouts became {@code Mul}s by fed masks ({@code rewritten}: {@link
   * #model()} through {@code io.mcdrop.onnx.rewrite.DropoutMasks}), without each {@code Expand}
   * whose output feeds only such {@code Mul}s: a mask is fed with all R rows, so the {@code Mul}'s
   * broadcast of the one frontier row does the tiling, and the copy and its repeat input go. Other
   * {@code Expand}s (a frontier tensor read by anything else) stay, with their repeat inputs.
   *
   * @param maskInputs the graph inputs holding the fed masks
   */
  public FusedTrunk withBroadcastMasks(ModelProto rewritten, Set<String> maskInputs) {
    GraphProto graph = rewritten.getGraph();
    Set<String> graphOutputs = new HashSet<>();
    graph.getOutputList().forEach(o -> graphOutputs.add(o.getName()));
    Map<String, String> bypassed = new LinkedHashMap<>(); // expanded tensor -> frontier tensor
    Set<String> dropped = new HashSet<>(); // repeat inputs no longer read
    for (NodeProto n : graph.getNodeList()) {
      if (!n.getOpType().equals("Expand")
          || n.getInputCount() != 2
          || !repeats.containsKey(n.getInput(1))
          || graphOutputs.contains(n.getOutput(0))) {
        continue;
      }
      String out = n.getOutput(0);
      boolean onlyMasks = true;
      boolean read = false;
      for (NodeProto c : graph.getNodeList()) {
        if (c.getInputList().contains(out)) {
          read = true;
          onlyMasks &=
              c.getOpType().equals("Mul") && c.getInputCount() == 2 && maskMul(c, out, maskInputs);
        }
      }
      if (read && onlyMasks) {
        bypassed.put(out, n.getInput(0));
        dropped.add(n.getInput(1));
      }
    }
    if (bypassed.isEmpty()) {
      return new FusedTrunk(rewritten, repeats);
    }
    GraphProto.Builder g = graph.toBuilder().clearNode().clearInput();
    for (ValueInfoProto in : graph.getInputList()) {
      if (!dropped.contains(in.getName())) {
        g.addInput(in);
      }
    }
    for (NodeProto n : graph.getNodeList()) {
      if (n.getOpType().equals("Expand") && bypassed.containsKey(n.getOutput(0))) {
        continue;
      }
      NodeProto.Builder b = n.toBuilder().clearInput();
      for (String in : n.getInputList()) {
        b.addInput(bypassed.getOrDefault(in, in));
      }
      g.addNode(b);
    }
    Map<String, Integer> kept = new LinkedHashMap<>(repeats);
    kept.keySet().removeAll(dropped);
    return new FusedTrunk(rewritten.toBuilder().setGraph(g).build(), kept);
  }

  /** Whether {@code mul} multiplies {@code x} by one of the fed masks. */
  private static boolean maskMul(NodeProto mul, String x, Set<String> maskInputs) {
    String a = mul.getInput(0);
    String b = mul.getInput(1);
    return (a.equals(x) && maskInputs.contains(b)) || (b.equals(x) && maskInputs.contains(a));
  }

  private static NodeProto expand(String f, Map<String, Integer> repeats, int rank) {
    String shape = f + "__mc_repeats";
    repeats.put(shape, rank);
    return NodeProto.newBuilder()
        .setName("mc_expand_" + f)
        .setOpType("Expand")
        .addAllInput(List.of(f, shape))
        .addOutput(f + SUFFIX)
        .build();
  }
}
