package io.mcdrop.onnx.advice;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.mcdrop.onnx.graph.GraphIndex;
import io.mcdrop.onnx.inspect.ModelReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Locates each Dropout node: what it follows, what follows it, what it drops. */
final class Sites {
  private static final int MAX_WALK = 64;

  private final GraphIndex index;
  private final Shapes shapes;
  private final Map<Integer, String> stageOfLayer;

  Sites(GraphIndex index, Shapes shapes, Map<Integer, String> stageOfLayer) {
    this.index = index;
    this.shapes = shapes;
    this.stageOfLayer = stageOfLayer;
  }

  DropoutSite locate(ModelReport.DropoutInfo info) {
    int node = info.position();
    NodeProto d = index.node(node);
    // mcdrop's channel dropout: Dropout(ones[N,C,1,1]) multiplied into the feature map
    String feature = d.getInput(0);
    String out = d.getOutput(0);
    DropoutSite.Unit unit = DropoutSite.Unit.ELEMENT;
    int producer = index.producerOf(feature);
    String producerOp = producer < 0 ? "" : index.node(producer).getOpType();
    if (producerOp.equals("ConstantOfShape") || producerOp.equals("Expand")) {
      for (int c : index.consumersOf(out)) {
        NodeProto mul = index.node(c);
        if (mul.getOpType().equals("Mul")) {
          unit = DropoutSite.Unit.CHANNEL;
          feature = mul.getInput(0).equals(out) ? mul.getInput(1) : mul.getInput(0);
          out = mul.getOutput(0);
        }
      }
    }
    // walk back to the nearest layer with weights (or the input)
    List<String> chain = new ArrayList<>();
    boolean afterBn = false;
    String afterLayer = "input";
    int layer = -1;
    String t = feature;
    for (int step = 0; step < MAX_WALK && t != null; step++) {
      int p = index.producerOf(t);
      if (p < 0) {
        break;
      }
      NodeProto n = index.node(p);
      if (Graphs.isWeightLayer(n, index)) {
        afterLayer = Graphs.label(n);
        layer = p;
        chain.add(0, afterLayer);
        break;
      }
      afterBn |= Graphs.isBatchNorm(n);
      chain.add(0, n.getOpType());
      t = Graphs.dataInput(n, index);
    }
    boolean onInput = layer < 0;
    if (onInput) {
      chain.add(0, "input");
    }
    long[] shape = shapes.of(feature);
    boolean featureMap =
        shape != null
            ? shape.length == 3
            : layer >= 0 && index.node(layer).getOpType().startsWith("Conv");
    long units = shapes.elements(feature);
    String stage = onInput ? "input" : stageOfLayer.getOrDefault(layer, "?");
    // rates are stored as float32: 0.2f is 0.20000000298; six decimals are plenty for a probability
    double rate = Double.isFinite(info.rate()) ? Math.round(info.rate() * 1e6) / 1e6 : info.rate();
    return new DropoutSite(
        d.getName().isEmpty() ? "Dropout@" + node : d.getName(),
        rate,
        unit,
        String.join(" -> ", chain),
        afterLayer,
        afterBn,
        nextBatchNorm(out),
        onInput,
        featureMap,
        residualBranch(node),
        stage,
        units,
        units >= 0 && Double.isFinite(rate) ? rate * units : Double.NaN);
  }

  /** Follows consumers from {@code tensor}: batch norm before or after the next weight layer. */
  private DropoutSite.NextBatchNorm nextBatchNorm(String tensor) {
    Deque<String> todo = new ArrayDeque<>();
    Deque<Boolean> pastLayer = new ArrayDeque<>();
    todo.push(tensor);
    pastLayer.push(false);
    Set<String> seen = new HashSet<>();
    DropoutSite.NextBatchNorm found = DropoutSite.NextBatchNorm.NONE;
    while (!todo.isEmpty()) {
      String t = todo.pop();
      boolean past = pastLayer.pop();
      if (!seen.add(t + past)) {
        continue;
      }
      for (int c : index.consumersOf(t)) {
        NodeProto n = index.node(c);
        if (Graphs.isBatchNorm(n)) {
          if (!past) {
            return DropoutSite.NextBatchNorm.DIRECTLY;
          }
          found = DropoutSite.NextBatchNorm.AFTER_NEXT_LAYER;
          continue;
        }
        boolean layer = Graphs.isWeightLayer(n, index);
        if (layer && past) {
          continue; // two layers away: out of scope
        }
        for (String o : n.getOutputList()) {
          if (!o.isEmpty()) {
            todo.push(o);
            pastLayer.push(past || layer);
          }
        }
      }
    }
    return found;
  }

  /**
   * Whether some Add or Sum downstream merges the dropout's path with a path that does not go
   * through it: the dropout is then on a branch (typically a residual branch beside a skip).
   */
  private boolean residualBranch(int dropoutNode) {
    BitSet reach = new BitSet();
    reach.set(dropoutNode);
    Set<String> tainted = new HashSet<>();
    for (int i = dropoutNode; i < index.nodeCount(); i++) {
      NodeProto n = index.node(i);
      boolean hit = i == dropoutNode || n.getInputList().stream().anyMatch(tainted::contains);
      if (!hit) {
        continue;
      }
      reach.set(i);
      n.getOutputList().stream().filter(o -> !o.isEmpty()).forEach(tainted::add);
      if (i != dropoutNode && (n.getOpType().equals("Add") || n.getOpType().equals("Sum"))) {
        for (String in : n.getInputList()) {
          boolean constant =
              index.isInitializer(in)
                  || (index.producerOf(in) >= 0
                      && index.node(index.producerOf(in)).getOpType().equals("Constant"));
          if (!tainted.contains(in) && !constant) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
