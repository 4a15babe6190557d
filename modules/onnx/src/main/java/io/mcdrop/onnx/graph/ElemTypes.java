package io.mcdrop.onnx.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.HashMap;
import java.util.Map;

/**
 * Element types of every tensor in a graph, by a light forward propagation.
 *
 * <p>Not full ONNX type inference: enough to tell float activations (which carry the batch and may
 * be tiled) from shape arithmetic (int64 tensors that must not be tiled).
 */
final class ElemTypes {
  private final Map<String, Integer> types = new HashMap<>();

  ElemTypes(GraphIndex index) {
    index.graph().getInitializerList().forEach(t -> types.put(t.getName(), t.getDataType()));
    for (ValueInfoProto v : index.graph().getInputList()) {
      if (v.getType().hasTensorType()) {
        types.put(v.getName(), v.getType().getTensorType().getElemType());
      }
    }
    for (ValueInfoProto v : index.graph().getValueInfoList()) {
      if (v.getType().hasTensorType() && v.getType().getTensorType().getElemType() != 0) {
        types.put(v.getName(), v.getType().getTensorType().getElemType());
      }
    }
    for (NodeProto n : index.graph().getNodeList()) {
      for (int i = 0; i < n.getOutputCount(); i++) {
        String out = n.getOutput(i);
        if (!out.isEmpty() && !types.containsKey(out)) {
          types.put(out, infer(n, i));
        }
      }
    }
  }

  int of(String tensor) {
    return types.getOrDefault(tensor, DataType.FLOAT_VALUE);
  }

  private int infer(NodeProto n, int output) {
    String op = n.getOpType();
    switch (op) {
      case "Shape", "Size", "NonZero", "ArgMax", "ArgMin":
        return DataType.INT64_VALUE;
      case "Equal",
      "Less",
      "Greater",
      "LessOrEqual",
      "GreaterOrEqual",
      "Not",
      "And",
      "Or",
      "Xor",
      "IsNaN",
      "IsInf":
        return DataType.BOOL_VALUE;
      case "Dropout":
        return output == 1 ? DataType.BOOL_VALUE : firstInput(n);
      case "Cast":
        return attrInt(n, "to", DataType.FLOAT_VALUE);
      case "Constant":
        for (AttributeProto a : n.getAttributeList()) {
          if (a.getName().equals("value")) {
            return a.getT().getDataType();
          }
          if (a.getName().startsWith("value_int")) {
            return DataType.INT64_VALUE;
          }
        }
        return DataType.FLOAT_VALUE;
      case "ConstantOfShape":
        for (AttributeProto a : n.getAttributeList()) {
          if (a.getName().equals("value")) {
            return a.getT().getDataType();
          }
        }
        return DataType.FLOAT_VALUE;
      case "Where":
        return n.getInputCount() > 1 ? of(n.getInput(1)) : DataType.FLOAT_VALUE;
      default:
        return firstInput(n);
    }
  }

  private int firstInput(NodeProto n) {
    return n.getInputCount() > 0 && !n.getInput(0).isEmpty()
        ? of(n.getInput(0))
        : DataType.FLOAT_VALUE;
  }

  private static int attrInt(NodeProto n, String name, int fallback) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return (int) a.getI();
      }
    }
    return fallback;
  }
}
