package io.mcdrop.onnx.advice;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.mcdrop.onnx.graph.GraphIndex;
import java.util.Set;

/** Small questions about nodes that several reviewers ask. */
final class Graphs {
  private Graphs() {}

  private static final Set<String> MERGES = Set.of("Add", "Sum", "Concat");

  /** A layer with learned weights given as an initializer: conv, fc or matmul. */
  static boolean isWeightLayer(NodeProto n, GraphIndex index) {
    return switch (n.getOpType()) {
      case "Conv", "ConvTranspose", "Gemm", "MatMul" ->
          n.getInputCount() > 1 && index.isInitializer(n.getInput(1));
      default -> false;
    };
  }

  static boolean isBatchNorm(NodeProto n) {
    return n.getOpType().equals("BatchNormalization");
  }

  static boolean isMerge(NodeProto n) {
    return MERGES.contains(n.getOpType());
  }

  /** The data input of a node: its first input that is not a constant. */
  static String dataInput(NodeProto n, GraphIndex index) {
    for (String in : n.getInputList()) {
      if (in.isEmpty() || index.isInitializer(in)) {
        continue;
      }
      int p = index.producerOf(in);
      if (p >= 0 && index.node(p).getOpType().equals("Constant")) {
        continue;
      }
      return in;
    }
    return null;
  }

  /** {@code Conv 'name'}, or just the op type for unnamed nodes. */
  static String label(NodeProto n) {
    return n.getName().isEmpty() ? n.getOpType() : n.getOpType() + " '" + n.getName() + "'";
  }
}
