package io.mcdrop.trainer.layers;

import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A chain of layers from an input shape to class logits, each layer tagged with the spec block it
 * came from (used for dropout positions in the export metadata).
 */
public final class Network {
  /** A layer, the 1-based index of the spec block that produced it, and that block's text. */
  public record Entry(Layer layer, int blockIndex, String block) {}

  private final Shape input;
  private final List<Entry> entries;

  public Network(Shape input, List<Entry> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a network needs at least one layer");
    }
    this.input = input;
    this.entries = List.copyOf(entries);
    entries.get(0).layer().setNeedsInputGrad(false);
    for (int i = 0; i + 1 < entries.size(); i++) {
      if (entries.get(i).layer() instanceof BatchNorm2d bn
          && entries.get(i + 1).layer() instanceof ReLU relu) {
        bn.fuseRelu(relu);
      }
    }
  }

  public Shape inputShape() {
    return input;
  }

  public int classes() {
    return entries.get(entries.size() - 1).layer().outputShape().size();
  }

  public List<Entry> entries() {
    return entries;
  }

  public List<Layer> layers() {
    return entries.stream().map(Entry::layer).toList();
  }

  /** Runs a batch; returns the logits [N, K]. */
  public Tensor forward(Tensor x, boolean training) {
    Tensor h = x;
    for (Entry e : entries) {
      h = e.layer().forward(h, training);
    }
    return h;
  }

  /** Runs entries {@code [from, to)} only (e.g. a deterministic trunk, then a stochastic head). */
  public Tensor forward(Tensor x, boolean training, int from, int to) {
    Tensor h = x;
    for (int i = from; i < to; i++) {
      h = entries.get(i).layer().forward(h, training);
    }
    return h;
  }

  /**
   * Index of the first entry that contains a dropout layer (the stochastic frontier), or the number
   * of entries if there is none: everything before it is deterministic in inference mode.
   */
  public int firstStochasticEntry() {
    for (int i = 0; i < entries.size(); i++) {
      List<Stochastic> found = new ArrayList<>();
      collect(entries.get(i).layer(), found);
      if (!found.isEmpty()) {
        return i;
      }
    }
    return entries.size();
  }

  /** Back-propagates the loss gradient w.r.t. the logits, filling every parameter gradient. */
  public void backward(Tensor gradLogits) {
    Tensor g = gradLogits;
    for (int i = entries.size() - 1; i >= 0; i--) {
      g = entries.get(i).layer().backward(g);
    }
  }

  public List<Param> params() {
    List<Param> ps = new ArrayList<>();
    for (Entry e : entries) {
      ps.addAll(e.layer().params());
    }
    return ps;
  }

  public List<Param> buffers() {
    List<Param> ps = new ArrayList<>();
    for (Entry e : entries) {
      ps.addAll(e.layer().buffers());
    }
    return ps;
  }

  /** Every dropout layer, nested ones included, in forward order. */
  public List<Stochastic> stochasticLayers() {
    List<Stochastic> out = new ArrayList<>();
    for (Entry e : entries) {
      collect(e.layer(), out);
    }
    return out;
  }

  private static void collect(Layer l, List<Stochastic> out) {
    if (l instanceof Stochastic s) {
      out.add(s);
    }
    for (Layer c : l.children()) {
      collect(c, out);
    }
  }

  /** Turns Monte Carlo dropout on or off for inference-mode forward passes. */
  public void setMcDropout(boolean on) {
    for (Stochastic s : stochasticLayers()) {
      s.setAlwaysOn(on);
    }
  }

  public long parameterCount() {
    return params().stream().mapToLong(Param::size).sum();
  }

  /** Appends all layers to an ONNX graph; returns the logits tensor name. */
  public String toOnnx(OnnxContext ctx, String inputName) {
    String x = inputName;
    int index = 0;
    for (Entry e : entries) {
      ctx.setPosition("block " + e.blockIndex() + " (" + e.block() + "), layer " + index);
      x = e.layer().toOnnx(ctx, x);
      index++;
    }
    return x;
  }

  /** One line per layer with its output shape. */
  public String summary() {
    StringBuilder sb = new StringBuilder("input " + input + "\n");
    for (Entry e : entries) {
      sb.append(String.format("%-40s -> %s%n", e.layer().describe(), e.layer().outputShape()));
    }
    sb.append("parameters: ").append(parameterCount());
    return sb.toString();
  }
}
