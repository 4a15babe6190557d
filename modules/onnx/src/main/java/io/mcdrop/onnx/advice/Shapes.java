package io.mcdrop.onnx.advice;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.mcdrop.onnx.build.Tensors;
import io.mcdrop.onnx.graph.GraphIndex;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-image tensor shapes (batch dimension removed) and multiply-accumulate counts, propagated
 * through the ops image classifiers use. A tensor whose shape cannot be derived (an op not listed
 * here, a symbolic image size) is simply absent; everything built on shapes then says "unknown".
 */
final class Shapes {
  private final GraphIndex index;
  private final Map<String, long[]> shapes = new HashMap<>();
  private final long[] macs;

  Shapes(GraphIndex index) {
    this.index = index;
    this.macs = new long[index.nodeCount()];
    for (ValueInfoProto v : index.dataInputs()) {
      long[] s = perImage(v);
      if (s != null) {
        shapes.put(v.getName(), s);
      }
    }
    for (int i = 0; i < index.nodeCount(); i++) {
      try {
        infer(i, index.node(i));
      } catch (RuntimeException e) {
        // malformed attributes or initializers: leave the output shape unknown
      }
    }
  }

  /** Per-image dims of {@code tensor}, or null if unknown. */
  long[] of(String tensor) {
    return shapes.get(tensor);
  }

  /** Elements per image of {@code tensor}, or -1 if unknown. */
  long elements(String tensor) {
    long[] s = shapes.get(tensor);
    if (s == null) {
      return -1;
    }
    long n = 1;
    for (long d : s) {
      n *= d;
    }
    return n;
  }

  /** Multiply-accumulates per image of node {@code i} (0 for ops without weights or unknown). */
  long macs(int i) {
    return macs[i];
  }

  private static long[] perImage(ValueInfoProto v) {
    if (!v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
      return null;
    }
    List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
    if (dims.size() < 2) {
      return null;
    }
    long[] s = new long[dims.size() - 1];
    for (int i = 1; i < dims.size(); i++) {
      if (!dims.get(i).hasDimValue() || dims.get(i).getDimValue() <= 0) {
        return null;
      }
      s[i - 1] = dims.get(i).getDimValue();
    }
    return s;
  }

  private void infer(int i, NodeProto n) {
    if (n.getInputCount() == 0 || n.getOutputCount() == 0) {
      return;
    }
    long[] x = shapes.get(n.getInput(0));
    String out = n.getOutput(0);
    long[] y =
        switch (n.getOpType()) {
          case "Conv" -> conv(i, n, x);
          case "MaxPool", "AveragePool" -> pool(n, x);
          case "GlobalAveragePool", "GlobalMaxPool" ->
              x == null || x.length < 2 ? null : globalPool(x);
          case "Flatten" -> x == null ? null : new long[] {product(x)};
          case "Gemm" -> gemm(i, n, x);
          case "MatMul" -> matMul(i, n, x);
          case "Reshape" -> reshape(n, x);
          case "Add", "Sub", "Mul", "Div", "Sum", "Max", "Min" -> broadcast(n);
          case "Concat" -> concat(n);
          case "BatchNormalization",
              "Relu",
              "LeakyRelu",
              "PRelu",
              "Elu",
              "Selu",
              "Sigmoid",
              "Tanh",
              "HardSigmoid",
              "HardSwish",
              "Gelu",
              "Softplus",
              "Clip",
              "Dropout",
              "Identity",
              "Softmax",
              "LogSoftmax",
              "Cast",
              "InstanceNormalization",
              "LRN" ->
              x;
          default -> null;
        };
    if (y != null) {
      shapes.put(out, y);
    }
  }

  private long[] conv(int i, NodeProto n, long[] x) {
    TensorProto w = n.getInputCount() > 1 ? index.initializer(n.getInput(1)) : null;
    if (x == null || x.length != 3 || w == null || w.getDimsCount() != 4) {
      return null;
    }
    long m = w.getDims(0);
    long[] k = {w.getDims(2), w.getDims(3)};
    long[] out = spatial(n, x, k);
    if (out == null) {
      return null;
    }
    long[] y = {m, out[0], out[1]};
    macs[i] = m * out[0] * out[1] * w.getDims(1) * k[0] * k[1];
    return y;
  }

  private long[] pool(NodeProto n, long[] x) {
    if (x == null || x.length != 3) {
      return null;
    }
    long[] k = ints(n, "kernel_shape");
    if (k == null || k.length != 2) {
      return null;
    }
    long[] out = spatial(n, x, k);
    return out == null ? null : new long[] {x[0], out[0], out[1]};
  }

  /** Output height and width of a conv or pool on {@code x} = [C,H,W] with kernel {@code k}. */
  private static long[] spatial(NodeProto n, long[] x, long[] k) {
    long[] s = orDefault(ints(n, "strides"), 1);
    long[] d = orDefault(ints(n, "dilations"), 1);
    long[] p = ints(n, "pads");
    if (p == null) {
      p = new long[4];
    }
    String autoPad = str(n, "auto_pad");
    boolean ceil = intAttr(n, "ceil_mode", 0) != 0;
    long[] out = new long[2];
    for (int a = 0; a < 2; a++) {
      long in = x[1 + a];
      if (autoPad.startsWith("SAME")) {
        out[a] = (in + s[a] - 1) / s[a];
        continue;
      }
      long span = in + (autoPad.equals("VALID") ? 0 : p[a] + p[a + 2]) - d[a] * (k[a] - 1) - 1;
      if (span < 0) {
        return null;
      }
      out[a] = (ceil ? (span + s[a] - 1) / s[a] : span / s[a]) + 1;
    }
    return out;
  }

  private static long[] globalPool(long[] x) {
    long[] y = new long[x.length];
    y[0] = x[0];
    for (int i = 1; i < y.length; i++) {
      y[i] = 1;
    }
    return y;
  }

  private long[] gemm(int i, NodeProto n, long[] x) {
    TensorProto b = n.getInputCount() > 1 ? index.initializer(n.getInput(1)) : null;
    if (x == null || x.length != 1 || b == null || b.getDimsCount() != 2) {
      return null;
    }
    boolean transB = intAttr(n, "transB", 0) != 0;
    long units = transB ? b.getDims(0) : b.getDims(1);
    macs[i] = x[0] * units;
    return new long[] {units};
  }

  private long[] matMul(int i, NodeProto n, long[] x) {
    TensorProto b = n.getInputCount() > 1 ? index.initializer(n.getInput(1)) : null;
    if (x == null || x.length != 1 || b == null || b.getDimsCount() != 2) {
      return null;
    }
    macs[i] = x[0] * b.getDims(1);
    return new long[] {b.getDims(1)};
  }

  private long[] reshape(NodeProto n, long[] x) {
    if (x == null || n.getInputCount() < 2) {
      return null;
    }
    double[] target = constant(n.getInput(1));
    if (target == null || target.length < 1) {
      return null;
    }
    long total = product(x);
    long[] y = new long[target.length - 1];
    int unknown = -1;
    long known = 1;
    for (int a = 1; a < target.length; a++) {
      long v = (long) target[a];
      if (v == 0) {
        if (a - 1 >= x.length) {
          return null;
        }
        v = x[a - 1];
      }
      if (v == -1) {
        unknown = a - 1;
      } else {
        known *= v;
      }
      y[a - 1] = v;
    }
    if (unknown >= 0) {
      if (known == 0 || total % known != 0) {
        return null;
      }
      y[unknown] = total / known;
    }
    return product(y) == total ? y : null;
  }

  private long[] broadcast(NodeProto n) {
    long[] best = null;
    for (String in : n.getInputList()) {
      long[] s = shapes.get(in);
      if (s != null && (best == null || product(s) > product(best))) {
        best = s;
      }
    }
    return best;
  }

  private long[] concat(NodeProto n) {
    long axis = intAttr(n, "axis", 1);
    long[] first = shapes.get(n.getInput(0));
    if (first == null || axis < 1 || axis > first.length) {
      return null;
    }
    long[] y = first.clone();
    y[(int) axis - 1] = 0;
    for (String in : n.getInputList()) {
      long[] s = shapes.get(in);
      if (s == null || s.length != first.length) {
        return null;
      }
      y[(int) axis - 1] += s[(int) axis - 1];
    }
    return y;
  }

  private double[] constant(String tensor) {
    if (index.isInitializer(tensor)) {
      return Tensors.toDoubles(index.initializer(tensor));
    }
    int p = index.producerOf(tensor);
    if (p >= 0 && index.node(p).getOpType().equals("Constant")) {
      for (AttributeProto a : index.node(p).getAttributeList()) {
        if (a.getName().equals("value")) {
          return Tensors.toDoubles(a.getT());
        }
      }
    }
    return null;
  }

  static long product(long[] s) {
    long n = 1;
    for (long d : s) {
      n *= d;
    }
    return n;
  }

  private static long[] orDefault(long[] v, long dflt) {
    return v != null && v.length >= 2 ? v : new long[] {dflt, dflt};
  }

  static long[] ints(NodeProto n, String name) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
      }
    }
    return null;
  }

  static long intAttr(NodeProto n, String name, long dflt) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getI();
      }
    }
    return dflt;
  }

  static String str(NodeProto n, String name) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getS().toStringUtf8();
      }
    }
    return "";
  }
}
