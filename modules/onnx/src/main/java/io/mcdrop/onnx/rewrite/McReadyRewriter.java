package io.mcdrop.onnx.rewrite;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import io.mcdrop.onnx.McDropout;
import io.mcdrop.onnx.OnnxModels;
import io.mcdrop.onnx.build.GraphBuilder;
import io.mcdrop.onnx.build.Tensors;
import io.mcdrop.onnx.graph.GraphIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Makes any ONNX classifier ready for Monte Carlo dropout.
 *
 * <ul>
 *   <li>every {@code Dropout}'s {@code training_mode} is wired to one boolean graph input {@code
 *       mc_dropout} whose initializer (the default when nobody feeds it) is {@code false};
 *   <li>{@code BatchNormalization} exported in training mode (PyTorch's {@code
 *       TrainingMode.TRAINING}) is put back in inference mode, so MC sampling never switches batch
 *       norm to batch statistics;
 *   <li>optionally every Dropout gets a {@code seed} attribute derived from one seed, which makes
 *       sessions reproducible across processes;
 *   <li>nodes left dangling (PyTorch's {@code Constant} training_mode nodes) are removed.
 * </ul>
 */
public final class McReadyRewriter {
  private McReadyRewriter() {}

  /**
   * How to rewrite.
   *
   * @param defaultMcDropout the value of the {@code mc_dropout} initializer (used when not fed)
   * @param seed an optional seed for all Dropouts
   * @param requiredInput make {@code mc_dropout} a plain required input with no initializer. ONNX
   *     Runtime's Java API cannot feed an input that also has an initializer (it counts only
   *     required inputs), so the runtime's in-memory copy uses this; files keep the initializer.
   */
  public record Options(boolean defaultMcDropout, OptionalLong seed, boolean requiredInput) {
    public static Options defaults() {
      return new Options(false, OptionalLong.empty(), false);
    }

    /** The form ONNX Runtime's Java API needs: {@code mc_dropout} fed on every run. */
    public static Options forRuntime() {
      return new Options(false, OptionalLong.empty(), true);
    }

    public Options withSeed(long s) {
      return new Options(defaultMcDropout, OptionalLong.of(s), requiredInput);
    }
  }

  /** The rewritten model and what was changed. */
  public record Result(ModelProto model, int dropoutNodes, int batchNormsRestored) {
    public boolean hasDropout() {
      return dropoutNodes > 0;
    }
  }

  public static Result rewrite(ModelProto model, Options options) {
    GraphProto graph = model.getGraph();
    int opset = OnnxModels.defaultOpset(model);
    GraphIndex index = new GraphIndex(graph);
    int dropouts = 0;
    for (NodeProto n : graph.getNodeList()) {
      if (GraphIndex.isDropout(n)) {
        dropouts++;
      }
    }
    if (dropouts > 0 && opset < 12) {
      throw new McdropException(
          ErrorCode.MODEL_INVALID,
          "model uses opset "
              + opset
              + ", whose Dropout has no training_mode input; re-export it with opset 12 or newer"
              + " (e.g. torch.onnx.export(..., opset_version=17)) to sample with MC dropout");
    }

    GraphProto.Builder g = graph.toBuilder().clearNode();
    int bnRestored = 0;
    int dropoutIndex = 0;
    for (NodeProto n : graph.getNodeList()) {
      if (GraphIndex.isDropout(n)) {
        g.addNode(rewireDropout(n, index, options.seed(), dropoutIndex++));
      } else if (GraphIndex.isDefaultDomain(n) && n.getOpType().equals("BatchNormalization")) {
        NodeProto restored = toInferenceMode(n, index);
        if (restored != n) {
          bnRestored++;
        }
        g.addNode(restored);
      } else {
        g.addNode(n);
      }
    }
    if (dropouts > 0) {
      ensureMcInput(g, options.defaultMcDropout(), options.requiredInput());
    }
    GraphProto cleaned = DeadCode.remove(g.build());
    return new Result(model.toBuilder().setGraph(cleaned).build(), dropouts, bnRestored);
  }

  /** Sets each Dropout's {@code seed} attribute from one seed (derived per node). */
  public static ModelProto withSeed(ModelProto model, long seed) {
    GraphProto.Builder g = model.getGraph().toBuilder().clearNode();
    int k = 0;
    for (NodeProto n : model.getGraph().getNodeList()) {
      g.addNode(GraphIndex.isDropout(n) ? setSeed(n, deriveSeed(seed, k++)) : n);
    }
    return model.toBuilder().setGraph(g).build();
  }

  /** SplitMix64 of the seed and node index, folded to a non-negative int (ONNX Runtime's range). */
  static long deriveSeed(long seed, int node) {
    long z = seed + 0x9E3779B97F4A7C15L * (node + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 33) & 0x7FFFFFFFL;
  }

  private static NodeProto rewireDropout(
      NodeProto n, GraphIndex index, OptionalLong seed, int dropoutIndex) {
    String data = n.getInput(0);
    String ratio = n.getInputCount() > 1 ? n.getInput(1) : "";
    NodeProto.Builder b =
        n.toBuilder().clearInput().addInput(data).addInput(ratio).addInput(McDropout.INPUT_NAME);
    // Keep the mask output only if somebody reads it; an unread mask is what ONNX exporters emit.
    if (n.getOutputCount() > 1) {
      String mask = n.getOutput(1);
      boolean used =
          !mask.isEmpty() && (!index.consumersOf(mask).isEmpty() || index.isGraphOutput(mask));
      if (!used) {
        b.clearOutput().addOutput(n.getOutput(0));
      }
    }
    NodeProto out = b.build();
    return seed.isPresent() ? setSeed(out, deriveSeed(seed.getAsLong(), dropoutIndex)) : out;
  }

  private static NodeProto setSeed(NodeProto n, long seed) {
    NodeProto.Builder b = n.toBuilder().clearAttribute();
    for (AttributeProto a : n.getAttributeList()) {
      if (!a.getName().equals("seed")) {
        b.addAttribute(a);
      }
    }
    b.addAttribute(
        AttributeProto.newBuilder()
            .setName("seed")
            .setType(AttributeProto.AttributeType.INT)
            .setI(seed));
    return b.build();
  }

  /** Returns {@code n} itself if already in inference mode, else a rewritten copy. */
  private static NodeProto toInferenceMode(NodeProto n, GraphIndex index) {
    boolean trainingAttr = false;
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals("training_mode") && a.getI() != 0) {
        trainingAttr = true;
      }
    }
    boolean extraOutputs = n.getOutputCount() > 1;
    if (!trainingAttr && !extraOutputs) {
      return n;
    }
    for (int i = 1; i < n.getOutputCount(); i++) {
      String o = n.getOutput(i);
      if (!o.isEmpty() && (!index.consumersOf(o).isEmpty() || index.isGraphOutput(o))) {
        throw new McdropException(
            ErrorCode.MODEL_INVALID,
            "BatchNormalization node '"
                + n.getName()
                + "' is in training mode and its running statistics output '"
                + o
                + "' is used; re-export the model with BatchNorm in eval mode");
      }
    }
    NodeProto.Builder b = n.toBuilder().clearAttribute().clearOutput().addOutput(n.getOutput(0));
    for (AttributeProto a : n.getAttributeList()) {
      if (!a.getName().equals("training_mode")) {
        b.addAttribute(a);
      }
    }
    return b.build();
  }

  private static void ensureMcInput(GraphProto.Builder g, boolean defaultValue, boolean required) {
    boolean hasInput = false;
    for (ValueInfoProto v : g.getInputList()) {
      if (v.getName().equals(McDropout.INPUT_NAME)) {
        hasInput = true;
      }
    }
    if (!hasInput) {
      g.addInput(GraphBuilder.valueInfo(McDropout.INPUT_NAME, TensorProto.DataType.BOOL));
    }
    List<TensorProto> inits = new ArrayList<>(g.getInitializerList());
    g.clearInitializer();
    for (TensorProto t : inits) {
      if (!t.getName().equals(McDropout.INPUT_NAME)) {
        g.addInitializer(t);
      }
    }
    if (!required) {
      g.addInitializer(Tensors.bool(McDropout.INPUT_NAME, defaultValue));
    }
  }

  /** Removes nodes whose outputs nobody reads, and initializers nobody uses. */
  static final class DeadCode {
    private DeadCode() {}

    static GraphProto remove(GraphProto graph) {
      GraphProto current = graph;
      while (true) {
        Set<String> used = usedTensors(current);
        GraphProto.Builder b = current.toBuilder().clearNode();
        boolean removed = false;
        for (NodeProto n : current.getNodeList()) {
          boolean live = false;
          for (String o : n.getOutputList()) {
            if (!o.isEmpty() && used.contains(o)) {
              live = true;
            }
          }
          if (live) {
            b.addNode(n);
          } else {
            removed = true;
          }
        }
        current = b.build();
        if (!removed) {
          break;
        }
      }
      Set<String> used = usedTensors(current);
      Set<String> inputs = new HashSet<>();
      current.getInputList().forEach(v -> inputs.add(v.getName()));
      GraphProto.Builder b = current.toBuilder().clearInitializer();
      for (TensorProto t : current.getInitializerList()) {
        if (used.contains(t.getName()) || inputs.contains(t.getName())) {
          b.addInitializer(t);
        }
      }
      return b.build();
    }

    private static Set<String> usedTensors(GraphProto g) {
      Set<String> used = new HashSet<>();
      for (NodeProto n : g.getNodeList()) {
        used.addAll(n.getInputList());
        // Subgraphs (If/Loop/Scan) may read outer-scope tensors by name.
        for (AttributeProto a : n.getAttributeList()) {
          if (a.hasG()) {
            used.addAll(usedTensors(a.getG()));
          }
          for (GraphProto sub : a.getGraphsList()) {
            used.addAll(usedTensors(sub));
          }
        }
      }
      g.getOutputList().forEach(v -> used.add(v.getName()));
      return used;
    }
  }
}
