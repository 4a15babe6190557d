package io.mcdrop.onnx.graph;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.mcdrop.onnx.McDropout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the stochastic frontier of a graph and cuts the graph there.
 *
 * <p>The <em>head</em> is every node downstream of a {@code Dropout}, plus whatever shape
 * arithmetic or constants those nodes read (they must see the tiled batch). The <em>frontier</em>
 * is the set of input-dependent float tensors the head reads from the rest of the graph. The
 * <em>trunk</em> is the deterministic slice of the graph that computes the frontier. Works on any
 * DAG (residual blocks included), since it follows edges, not a chain of layers.
 */
public final class StochasticFrontier {
  private StochasticFrontier() {}

  /** The frontier tensors of an MC-ready graph, or an empty list when it has no Dropout. */
  public static List<String> frontier(GraphProto graph) {
    Analysis a = analyse(graph);
    return a == null ? List.of() : List.copyOf(a.frontier);
  }

  /**
   * Splits the model at its frontier. Empty when the model has no Dropout, a graph output does not
   * depend on one, or a node carries subgraphs (whose outer-scope reads are not followed).
   */
  public static Optional<FrontierSplit> split(ModelProto model) {
    GraphProto graph = model.getGraph();
    Analysis a = analyse(graph);
    if (a == null) {
      return Optional.empty();
    }
    GraphIndex index = a.index;
    for (ValueInfoProto out : graph.getOutputList()) {
      int p = index.producerOf(out.getName());
      if (p < 0 || !a.head.get(p)) {
        return Optional.empty();
      }
    }
    // Trunk: the deterministic nodes the frontier needs, found by walking producers backwards.
    BitSet trunk = new BitSet();
    Deque<String> todo = new ArrayDeque<>(a.frontier);
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String t = todo.pop();
      if (!seen.add(t)) {
        continue;
      }
      int p = index.producerOf(t);
      if (p >= 0 && !trunk.get(p)) {
        trunk.set(p);
        for (String in : index.node(p).getInputList()) {
          if (!in.isEmpty()) {
            todo.push(in);
          }
        }
      }
    }
    List<String> trunkOutputs = new ArrayList<>();
    for (String t : a.frontier) {
      if (index.producerOf(t) >= 0) {
        trunkOutputs.add(t);
      }
    }
    ModelProto trunkModel = subModel(model, index, trunk, List.of(), trunkOutputs, a.types, false);
    List<String> headOutputs = new ArrayList<>();
    graph.getOutputList().forEach(v -> headOutputs.add(v.getName()));
    ModelProto headModel =
        subModel(model, index, a.head, List.copyOf(a.frontier), headOutputs, a.types, true);
    return Optional.of(
        new FrontierSplit(
            trunkModel,
            headModel,
            List.copyOf(a.frontier),
            List.copyOf(trunkOutputs),
            trunk.cardinality(),
            a.head.cardinality()));
  }

  private record Analysis(
      GraphIndex index, BitSet head, LinkedHashSet<String> frontier, ElemTypes types) {}

  private static Analysis analyse(GraphProto graph) {
    GraphIndex index = new GraphIndex(graph);
    for (NodeProto n : graph.getNodeList()) {
      if (n.getAttributeList().stream().anyMatch(at -> at.hasG() || at.getGraphsCount() > 0)) {
        return null;
      }
    }
    // Stochastic nodes: Dropouts and everything reading (transitively) from them. Nodes are in
    // topological order, so one forward pass suffices.
    BitSet head = new BitSet();
    Set<String> stochastic = new HashSet<>();
    for (int i = 0; i < index.nodeCount(); i++) {
      NodeProto n = index.node(i);
      boolean s = GraphIndex.isDropout(n);
      for (String in : n.getInputList()) {
        s |= stochastic.contains(in);
      }
      if (s) {
        head.set(i);
        n.getOutputList().stream().filter(o -> !o.isEmpty()).forEach(stochastic::add);
      }
    }
    if (head.isEmpty()) {
      return null;
    }
    Set<String> inputDependent = new HashSet<>();
    for (ValueInfoProto v : index.dataInputs()) {
      if (!v.getName().equals(McDropout.INPUT_NAME)) {
        inputDependent.add(v.getName());
      }
    }
    for (NodeProto n : graph.getNodeList()) {
      if (n.getInputList().stream().anyMatch(inputDependent::contains)) {
        n.getOutputList().stream().filter(o -> !o.isEmpty()).forEach(inputDependent::add);
      }
    }
    ElemTypes types = new ElemTypes(index);
    // Grow the head over non-float or constant producers until every head input is either a
    // float, input-dependent tensor from outside (the frontier), a graph input or an initializer.
    LinkedHashSet<String> frontier = new LinkedHashSet<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      frontier.clear();
      for (int i = head.nextSetBit(0); i >= 0; i = head.nextSetBit(i + 1)) {
        for (String in : index.node(i).getInputList()) {
          if (in.isEmpty() || in.equals(McDropout.INPUT_NAME) || index.isInitializer(in)) {
            continue;
          }
          int p = index.producerOf(in);
          if (p >= 0 && head.get(p)) {
            continue;
          }
          boolean batchCarrying =
              inputDependent.contains(in) && types.of(in) == TensorProto.DataType.FLOAT_VALUE;
          if (p >= 0 && !batchCarrying) {
            head.set(p);
            changed = true;
          } else {
            frontier.add(in);
          }
        }
      }
    }
    return new Analysis(index, head, frontier, types);
  }

  private static ModelProto subModel(
      ModelProto model,
      GraphIndex index,
      BitSet nodes,
      List<String> inputs,
      List<String> outputs,
      ElemTypes types,
      boolean isHead) {
    GraphProto graph = model.getGraph();
    GraphProto.Builder g =
        GraphProto.newBuilder().setName(graph.getName() + (isHead ? "_head" : "_trunk"));
    Set<String> read = new HashSet<>();
    for (int i = nodes.nextSetBit(0); i >= 0; i = nodes.nextSetBit(i + 1)) {
      g.addNode(index.node(i));
      read.addAll(index.node(i).getInputList());
    }
    for (String in : inputs) {
      g.addInput(valueInfoFor(in, index, types));
    }
    for (ValueInfoProto v : graph.getInputList()) {
      boolean alreadyInput = inputs.contains(v.getName());
      if (!alreadyInput && read.contains(v.getName())) {
        g.addInput(v); // data inputs for the trunk; mc_dropout (with its initializer) for the head
      }
    }
    for (TensorProto t : graph.getInitializerList()) {
      if (read.contains(t.getName())) {
        g.addInitializer(t);
      }
    }
    for (String out : outputs) {
      g.addOutput(valueInfoFor(out, index, types));
    }
    Set<String> declared = new HashSet<>(inputs);
    declared.addAll(outputs);
    for (ValueInfoProto v : graph.getValueInfoList()) {
      if (!declared.contains(v.getName()) && read.contains(v.getName())) {
        g.addValueInfo(v);
      }
    }
    return model.toBuilder().clearMetadataProps().setGraph(g).build();
  }

  /**
   * Whether some frontier tensor the trunk computes has no fully known shape (beyond the batch).
   * Exporters such as PyTorch's store no shapes for intermediate tensors; ONNX Runtime then cannot
   * apply every layout optimization in the head (e.g. its NCHWc MaxPool), see {@link
   * #withFrontierShapes}.
   */
  public static boolean missingFrontierShapes(FrontierSplit split) {
    GraphIndex head = new GraphIndex(split.head().getGraph());
    for (String t : split.trunkOutputs()) {
      ValueInfoProto v = head.valueInfo(t);
      if (v == null || !v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
        return true;
      }
      var dims = v.getType().getTensorType().getShape().getDimList();
      if (dims.isEmpty()) {
        return true;
      }
      for (int i = 1; i < dims.size(); i++) {
        if (!dims.get(i).hasDimValue() || dims.get(i).getDimValue() <= 0) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The same split with the given frontier tensors declared as {@code [N, rowShape...]} in the
   * head's inputs and the trunk's outputs (shapes measured by running the trunk once).
   */
  public static FrontierSplit withFrontierShapes(
      FrontierSplit split, java.util.Map<String, long[]> rowShapes) {
    ModelProto trunk = declare(split.trunk(), rowShapes, false);
    ModelProto head = declare(split.head(), rowShapes, true);
    return new FrontierSplit(
        trunk, head, split.frontier(), split.trunkOutputs(), split.trunkNodes(), split.headNodes());
  }

  private static ModelProto declare(
      ModelProto model, java.util.Map<String, long[]> rowShapes, boolean inputs) {
    GraphProto.Builder g = model.getGraph().toBuilder();
    int count = inputs ? g.getInputCount() : g.getOutputCount();
    for (int i = 0; i < count; i++) {
      ValueInfoProto v = inputs ? g.getInput(i) : g.getOutput(i);
      long[] row = rowShapes.get(v.getName());
      if (row == null || !v.getType().hasTensorType()) {
        continue;
      }
      TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
      for (long d : row) {
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
      }
      TypeProto.Tensor t = v.getType().getTensorType().toBuilder().setShape(shape).build();
      ValueInfoProto shaped =
          v.toBuilder().setType(v.getType().toBuilder().setTensorType(t)).build();
      if (inputs) {
        g.setInput(i, shaped);
      } else {
        g.setOutput(i, shaped);
      }
    }
    return model.toBuilder().setGraph(g).build();
  }

  private static ValueInfoProto valueInfoFor(String tensor, GraphIndex index, ElemTypes types) {
    ValueInfoProto known = index.valueInfo(tensor);
    if (known != null && known.getType().hasTensorType()) {
      // The split models run on tiled batches: the batch dimension must be symbolic.
      TypeProto.Tensor t = known.getType().getTensorType();
      if (t.hasShape() && t.getShape().getDimCount() > 0) {
        TypeProto.Tensor.Builder tb = t.toBuilder();
        tb.getShapeBuilder().getDimBuilder(0).clear().setDimParam("N");
        return known.toBuilder().setType(TypeProto.newBuilder().setTensorType(tb)).build();
      }
      return known;
    }
    return ValueInfoProto.newBuilder()
        .setName(tensor)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(types.of(tensor))))
        .build();
  }
}
