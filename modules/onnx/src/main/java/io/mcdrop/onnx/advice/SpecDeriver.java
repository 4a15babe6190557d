package io.mcdrop.onnx.advice;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcdrop.onnx.McDropout;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.graph.GraphIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The mcdrop architecture spec of a model: read from mcdrop's own metadata, or derived from a plain
 * chain of conv / batch norm / relu / pool / fc layers (what {@code mcdrop study --arch} can
 * train). Graphs with branches or ops the spec language lacks have no spec.
 */
final class SpecDeriver {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SpecDeriver() {}

  static Optional<String> spec(ModelProto model, GraphIndex index) {
    Optional<String> meta = OnnxModels.metadata(model, McDropout.META_ARCHITECTURE);
    if (meta.isPresent()) {
      try {
        Object s = JSON.readValue(meta.get(), Map.class).get("spec");
        if (s instanceof String text && !text.isBlank()) {
          return Optional.of(text);
        }
      } catch (java.io.IOException | RuntimeException e) {
        // fall through to deriving it
      }
    }
    return derive(index);
  }

  private static Optional<String> derive(GraphIndex index) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> block = null;
    for (int i = 0; i < index.nodeCount(); i++) {
      NodeProto n = index.node(i);
      String op = n.getOpType();
      String token;
      boolean opensBlock = false;
      switch (op) {
        case "Conv" -> {
          TensorProto w = index.initializer(n.getInput(1));
          if (w == null || w.getDimsCount() != 4 || w.getDims(2) != w.getDims(3)) {
            return Optional.empty();
          }
          long[] s = Shapes.ints(n, "strides");
          long stride = s == null || s.length == 0 ? 1 : s[0];
          long k = w.getDims(2);
          if (Shapes.intAttr(n, "group", 1) != 1) {
            return Optional.empty();
          }
          token =
              "conv" + w.getDims(0) + (k != 3 ? "k" + k : "") + (stride != 1 ? "s" + stride : "");
          opensBlock = true;
        }
        case "Gemm", "MatMul" -> {
          TensorProto w = n.getInputCount() > 1 ? index.initializer(n.getInput(1)) : null;
          if (w == null || w.getDimsCount() != 2) {
            return Optional.empty();
          }
          boolean transB = op.equals("Gemm") && Shapes.intAttr(n, "transB", 0) != 0;
          token = "fc" + (transB ? w.getDims(0) : w.getDims(1));
          opensBlock = true;
        }
        case "BatchNormalization" -> token = "bn";
        case "Relu" -> token = "relu";
        case "MaxPool", "AveragePool" -> {
          long[] k = Shapes.ints(n, "kernel_shape");
          if (k == null || k.length != 2 || k[0] != k[1]) {
            return Optional.empty();
          }
          String base = op.equals("MaxPool") ? "pool" : "avgpool";
          token = k[0] == 2 ? base : base + k[0];
        }
        case "GlobalAveragePool" -> token = "gap";
        case "Dropout" -> {
          token = null; // the study places dropout itself
        }
        case "Flatten", "Reshape", "Identity", "Constant", "Cast", "Softmax", "LogSoftmax" ->
            token = null;
        case "Add" -> {
          // a bias after MatMul is fine; two data paths meeting is a branch
          long data =
              n.getInputList().stream()
                  .filter(in -> !index.isInitializer(in) && !isConstant(in, index))
                  .count();
          if (data > 1) {
            return Optional.empty();
          }
          token = null;
        }
        default -> {
          return Optional.empty();
        }
      }
      if (token == null) {
        continue;
      }
      if (opensBlock || block == null) {
        block = new ArrayList<>();
        blocks.add(block);
      }
      block.add(token);
    }
    if (blocks.isEmpty()) {
      return Optional.empty();
    }
    List<String> last = blocks.get(blocks.size() - 1);
    if (!last.get(last.size() - 1).startsWith("fc")) {
      return Optional.empty();
    }
    List<String> text = new ArrayList<>();
    for (List<String> b : blocks) {
      text.add(String.join("-", b));
    }
    return Optional.of(String.join(", ", text).toLowerCase(Locale.ROOT));
  }

  private static boolean isConstant(String tensor, GraphIndex index) {
    int p = index.producerOf(tensor);
    return p >= 0 && index.node(p).getOpType().equals("Constant");
  }
}
