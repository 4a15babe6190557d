package io.mcdrop.onnx.rewrite;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.mcdrop.onnx.build.Tensors;
import io.mcdrop.onnx.graph.GraphIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dropout with masks the caller feeds: every {@code Y = Dropout(X, ratio, mc_dropout)} becomes
 * {@code Y = Mul(X, M)} with a new float graph input {@code M} shaped like {@code X}, holding 0 or
 * 1 / (1 − ratio) (inverted dropout, as ONNX defines it). The caller draws the masks from its own
 * seeded generator, so seeded sampling needs no fresh ONNX Runtime session (whose dropout RNG
 * cannot be reset) and gives the same numbers on every strategy and in every process.
 *
 * <p>Empty when a Dropout's ratio is not a constant or its mask output is read.
 */
public final class DropoutMasks {
  private DropoutMasks() {}

  /** Prefix of the mask inputs; input {@code i} belongs to {@link #masks()}{@code .get(i)}. */
  public static final String MASK_PREFIX = "mc_mask_";

  /**
   * One fed mask.
   *
   * @param input the graph input to feed
   * @param dropoutInput the tensor the mask multiplies (its shape is the mask's)
   * @param ratio the drop probability
   */
  public record Mask(String input, String dropoutInput, double ratio) {}

  /** The rewritten model and its masks, in node order. */
  public record Result(ModelProto model, List<Mask> masks) {}

  /** Rewrites every Dropout of an MC-ready model; empty if one cannot be. */
  public static Optional<Result> rewrite(ModelProto model) {
    GraphIndex index = new GraphIndex(model.getGraph());
    GraphProto.Builder g = model.getGraph().toBuilder().clearNode();
    List<Mask> masks = new ArrayList<>();
    for (NodeProto n : model.getGraph().getNodeList()) {
      if (!GraphIndex.isDropout(n)) {
        g.addNode(n);
        continue;
      }
      if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty()) {
        String mask = n.getOutput(1);
        if (!index.consumersOf(mask).isEmpty() || index.isGraphOutput(mask)) {
          return Optional.empty();
        }
      }
      Optional<Double> ratio = ratio(n, index, model.getGraph());
      if (ratio.isEmpty()) {
        return Optional.empty();
      }
      String input = MASK_PREFIX + masks.size();
      masks.add(new Mask(input, n.getInput(0), ratio.get()));
      g.addInput(floatInput(input));
      g.addNode(
          NodeProto.newBuilder()
              .setOpType("Mul")
              .setName(n.getName().isEmpty() ? input + "_mul" : n.getName())
              .addInput(n.getInput(0))
              .addInput(input)
              .addOutput(n.getOutput(0)));
    }
    return Optional.of(new Result(model.toBuilder().setGraph(g).build(), List.copyOf(masks)));
  }

  /** The same model with extra graph outputs (float tensors of any shape), for probing shapes. */
  public static ModelProto exposing(ModelProto model, List<String> tensors) {
    GraphProto.Builder g = model.getGraph().toBuilder();
    for (String t : tensors) {
      g.addOutput(floatInput(t));
    }
    return model.toBuilder().setGraph(g).build();
  }

  private static ValueInfoProto floatInput(String name) {
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)))
        .build();
  }

  private static Optional<Double> ratio(NodeProto n, GraphIndex index, GraphProto graph) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals("ratio")) {
        return Optional.of((double) a.getF());
      }
    }
    if (n.getInputCount() < 2 || n.getInput(1).isEmpty()) {
      return Optional.of(0.5); // the ONNX default
    }
    String r = n.getInput(1);
    TensorProto t = index.isInitializer(r) ? index.initializer(r) : constant(graph, r);
    if (t == null) {
      return Optional.empty();
    }
    double[] v = Tensors.toDoubles(t);
    return v.length == 1 ? Optional.of(v[0]) : Optional.empty();
  }

  private static TensorProto constant(GraphProto graph, String tensor) {
    for (NodeProto c : graph.getNodeList()) {
      if (c.getOpType().equals("Constant")
          && c.getOutputCount() == 1
          && c.getOutput(0).equals(tensor)) {
        for (AttributeProto a : c.getAttributeList()) {
          if (a.getName().equals("value") && a.hasT()) {
            return a.getT();
          }
        }
      }
    }
    return null;
  }
}
