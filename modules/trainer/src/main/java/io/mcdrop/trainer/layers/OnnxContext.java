package io.mcdrop.trainer.layers;

import ai.onnx.proto.OnnxMl.AttributeProto;
import io.mcdrop.onnx.build.Attr;
import io.mcdrop.onnx.build.GraphBuilder;
import io.mcdrop.onnx.build.Tensors;
import java.util.ArrayList;
import java.util.List;

/**
 * What a layer needs to write itself into an ONNX graph: the builder, the shared {@code mc_dropout}
 * input, and a record of every dropout node for the {@code mcdrop.dropout} metadata.
 */
public final class OnnxContext {
  /** One dropout node as listed in the model's metadata. */
  public record DropoutNode(String node, String kind, double rate, String position) {}

  private final GraphBuilder graph;
  private String mcInput;
  private final List<DropoutNode> dropouts = new ArrayList<>();
  private String position = "";

  public OnnxContext(GraphBuilder graph) {
    this.graph = graph;
  }

  public GraphBuilder graph() {
    return graph;
  }

  /** Sets where the layers being exported sit, e.g. {@code block 3 (fc128-relu-drop0.5)}. */
  public void setPosition(String position) {
    this.position = position;
  }

  public String weight(String prefix, float[] data, long... dims) {
    return graph.initializer(prefix, data, dims);
  }

  public String node(String op, List<String> inputs, AttributeProto... attrs) {
    return graph.node(op, inputs, attrs);
  }

  /**
   * A standard Dropout node: ratio as an initializer, training_mode wired to {@code mc_dropout}.
   */
  public String dropout(String x, double rate) {
    return dropoutNode(x, rate, "standard");
  }

  /**
   * Channel dropout from standard ops: ones of shape [N, C, 1, 1] (built from the input's own
   * shape, so any batch size works) go through a Dropout and multiply the activation.
   */
  public String spatialDropout(String x, double rate) {
    String nc = graph.node("Shape", List.of(x), Attr.i("start", 0), Attr.i("end", 2));
    String ones11 = graph.longInitializer("spatial_tail", new long[] {1, 1}, 2);
    String dims = graph.node("Concat", List.of(nc, ones11), Attr.i("axis", 0));
    String ones =
        graph.node(
            "ConstantOfShape",
            List.of(dims),
            Attr.tensor("value", Tensors.floats("one", new float[] {1f}, 1)));
    String mask = dropoutNode(ones, rate, "spatial");
    return graph.node("Mul", List.of(x, mask));
  }

  private String dropoutNode(String x, double rate, String kind) {
    String name = graph.uniqueName("Dropout");
    String ratio =
        graph.initializer(Tensors.scalar(graph.uniqueName(name + "_ratio"), (float) rate));
    String out = graph.uniqueName(name + "_out");
    // The shared input is created with the first dropout, so deterministic models have none.
    if (mcInput == null) {
      mcInput = graph.mcDropoutInput();
    }
    graph.addNode(name, "Dropout", List.of(x, ratio, mcInput), List.of(out));
    dropouts.add(new DropoutNode(name, kind, rate, position));
    return out;
  }

  public List<DropoutNode> dropouts() {
    return List.copyOf(dropouts);
  }
}
