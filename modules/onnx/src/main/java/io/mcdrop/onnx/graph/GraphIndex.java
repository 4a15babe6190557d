package io.mcdrop.onnx.graph;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Lookup tables over a graph: who produces a tensor, who consumes it, what is constant. */
public final class GraphIndex {
  private final GraphProto graph;
  private final Map<String, Integer> producer = new HashMap<>();
  private final Map<String, List<Integer>> consumers = new HashMap<>();
  private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
  private final Map<String, ValueInfoProto> valueInfos = new HashMap<>();
  private final Set<String> graphOutputs = new HashSet<>();

  public GraphIndex(GraphProto graph) {
    this.graph = graph;
    for (TensorProto t : graph.getInitializerList()) {
      initializers.put(t.getName(), t);
    }
    for (ValueInfoProto v : graph.getValueInfoList()) {
      valueInfos.put(v.getName(), v);
    }
    for (ValueInfoProto v : graph.getInputList()) {
      valueInfos.put(v.getName(), v);
    }
    for (ValueInfoProto v : graph.getOutputList()) {
      valueInfos.put(v.getName(), v);
      graphOutputs.add(v.getName());
    }
    for (int i = 0; i < graph.getNodeCount(); i++) {
      NodeProto n = graph.getNode(i);
      for (String out : n.getOutputList()) {
        if (!out.isEmpty()) {
          producer.put(out, i);
        }
      }
      for (String in : n.getInputList()) {
        if (!in.isEmpty()) {
          consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
        }
      }
    }
  }

  public GraphProto graph() {
    return graph;
  }

  public NodeProto node(int i) {
    return graph.getNode(i);
  }

  public int nodeCount() {
    return graph.getNodeCount();
  }

  /** Index of the node producing {@code tensor}, or -1 for graph inputs and initializers. */
  public int producerOf(String tensor) {
    return producer.getOrDefault(tensor, -1);
  }

  public List<Integer> consumersOf(String tensor) {
    return consumers.getOrDefault(tensor, List.of());
  }

  public boolean isInitializer(String tensor) {
    return initializers.containsKey(tensor);
  }

  public TensorProto initializer(String tensor) {
    return initializers.get(tensor);
  }

  public ValueInfoProto valueInfo(String tensor) {
    return valueInfos.get(tensor);
  }

  public boolean isGraphOutput(String tensor) {
    return graphOutputs.contains(tensor);
  }

  /**
   * Graph inputs that are real data inputs (not also initializers, i.e. not overridable constants).
   */
  public List<ValueInfoProto> dataInputs() {
    List<ValueInfoProto> out = new ArrayList<>();
    for (ValueInfoProto v : graph.getInputList()) {
      if (!initializers.containsKey(v.getName())) {
        out.add(v);
      }
    }
    return out;
  }

  public static boolean isDefaultDomain(NodeProto n) {
    return n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
  }

  public static boolean isDropout(NodeProto n) {
    return isDefaultDomain(n) && n.getOpType().equals("Dropout");
  }
}
