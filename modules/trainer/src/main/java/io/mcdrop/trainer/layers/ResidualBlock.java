package io.mcdrop.trainer.layers;

import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Wide-ResNet basic block (Zagoruyko and Komodakis, 2016), pre-activation form:
 *
 * <pre>
 *   a = relu(bn1(x))
 *   y = conv2(dropout(relu(bn2(conv1(a))))) + shortcut
 *   shortcut = x             when shape is kept
 *            = conv1x1(a)    when channels or stride change
 * </pre>
 *
 * The dropout between the two convolutions is where the WRN paper puts it; it may be element-wise
 * or spatial, or absent (rate 0).
 */
public final class ResidualBlock implements Layer {
  private final Shape in;
  private final BatchNorm2d bn1;
  private final ReLU relu1;
  private final Conv2d conv1;
  private final BatchNorm2d bn2;
  private final ReLU relu2;
  private final Layer drop;
  private final Conv2d conv2;
  private final Conv2d projection;
  private boolean needsInputGrad = true;

  /**
   * @param dropRate dropout rate between the convolutions (0 for none)
   * @param spatial whether that dropout drops whole channels
   */
  public ResidualBlock(
      Shape in, int outChannels, int stride, double dropRate, boolean spatial, Rng rng) {
    this.in = in;
    this.bn1 = new BatchNorm2d(in);
    this.relu1 = new ReLU(in);
    this.conv1 = new Conv2d(in, outChannels, 3, stride, 1, false, rng);
    Shape mid = conv1.outputShape();
    this.bn2 = new BatchNorm2d(mid);
    this.relu2 = new ReLU(mid);
    long dropSeed = rng.nextInt(Integer.MAX_VALUE);
    if (dropRate <= 0) {
      this.drop = null;
    } else if (spatial) {
      this.drop = new SpatialDropout(mid, dropRate, dropSeed);
    } else {
      this.drop = new Dropout(mid, dropRate, dropSeed);
    }
    this.conv2 = new Conv2d(mid, outChannels, 3, 1, 1, false, rng);
    boolean project = stride != 1 || in.c() != outChannels;
    this.projection = project ? new Conv2d(in, outChannels, 1, stride, 0, false, rng) : null;
  }

  @Override
  public Shape inputShape() {
    return in;
  }

  @Override
  public Shape outputShape() {
    return conv2.outputShape();
  }

  @Override
  public void setNeedsInputGrad(boolean needed) {
    this.needsInputGrad = needed;
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    Tensor a = relu1.forward(bn1.forward(x, training), training);
    Tensor h = relu2.forward(bn2.forward(conv1.forward(a, training), training), training);
    if (drop != null) {
      h = drop.forward(h, training);
    }
    Tensor y = conv2.forward(h, training);
    Tensor shortcut = projection != null ? projection.forward(a, training) : x;
    float[] yd = y.data();
    float[] sd = shortcut.data();
    for (int i = 0; i < yd.length; i++) {
      yd[i] += sd[i];
    }
    return y;
  }

  @Override
  public Tensor backward(Tensor gradOut) {
    Tensor g = conv2.backward(gradOut);
    if (drop != null) {
      g = drop.backward(g);
    }
    Tensor da = conv1.backward(bn2.backward(relu2.backward(g)));
    if (projection != null) {
      addInto(da, projection.backward(gradOut));
    }
    Tensor dx = bn1.backward(relu1.backward(da));
    if (projection == null) {
      addInto(dx, gradOut);
    }
    return needsInputGrad ? dx : null;
  }

  private static void addInto(Tensor acc, Tensor add) {
    float[] a = acc.data();
    float[] b = add.data();
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
  }

  @Override
  public List<Layer> children() {
    List<Layer> all = new ArrayList<>(List.of(bn1, relu1, conv1, bn2, relu2));
    if (drop != null) {
      all.add(drop);
    }
    all.add(conv2);
    if (projection != null) {
      all.add(projection);
    }
    return all;
  }

  @Override
  public List<Param> params() {
    List<Param> ps = new ArrayList<>();
    for (Layer l : children()) {
      ps.addAll(l.params());
    }
    return ps;
  }

  @Override
  public List<Param> buffers() {
    List<Param> ps = new ArrayList<>();
    for (Layer l : children()) {
      ps.addAll(l.buffers());
    }
    return ps;
  }

  @Override
  public String toOnnx(OnnxContext ctx, String x) {
    String a = relu1.toOnnx(ctx, bn1.toOnnx(ctx, x));
    String h = relu2.toOnnx(ctx, bn2.toOnnx(ctx, conv1.toOnnx(ctx, a)));
    if (drop != null) {
      h = drop.toOnnx(ctx, h);
    }
    String y = conv2.toOnnx(ctx, h);
    String shortcut = projection != null ? projection.toOnnx(ctx, a) : x;
    return ctx.node("Add", List.of(y, shortcut));
  }

  @Override
  public String describe() {
    return "ResidualBlock("
        + in.c()
        + "->"
        + conv2.outputShape().c()
        + ", s"
        + conv1.stride()
        + (drop != null ? ", " + drop.describe() : "")
        + ")";
  }
}
