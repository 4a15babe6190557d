package io.mcdrop.trainer.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.mcdrop.trainer.tensor.Parallel;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused Conv2d → BatchNorm2d → ReLU (→ MaxPool2d) chain against the same layers run separately
 * (no {@link Fusion}), on random inputs, forward and backward, training and inference. The fusions
 * evaluate the same expressions and sum in the same order, so the tolerance is zero: every output,
 * input gradient, parameter gradient and running statistic must be equal bit for bit. (Gradients
 * against finite differences for the fused chain: {@code NetworkGradientTest}, whose nets contain
 * it, and {@link #fusedChainGradientsMatchFiniteDifferences}.)
 */
class FusionTest {
  @AfterEach
  void oneThread() {
    Parallel.setThreads(1);
  }

  /** conv → bn → relu [→ pool] → conv, the last conv so that the chain has a consumer. */
  private static List<Layer> chain(Shape in, boolean pool, long seed) {
    Rng rng = new Rng(seed);
    List<Layer> ls = new ArrayList<>();
    Conv2d conv = new Conv2d(in, 5, 3, 1, 1, false, rng);
    ls.add(conv);
    Shape s = conv.outputShape();
    BatchNorm2d bn = new BatchNorm2d(s);
    for (int c = 0; c < s.c(); c++) {
      bn.gamma().value()[c] = (float) (1 + 0.3 * rng.nextGaussian());
      bn.beta().value()[c] = (float) (0.3 * rng.nextGaussian());
    }
    ls.add(bn);
    ls.add(new ReLU(s));
    if (pool) {
      MaxPool2d p = new MaxPool2d(s, 2, 2);
      ls.add(p);
      s = p.outputShape();
    }
    ls.add(new Conv2d(s, 4, 3, 1, 1, true, rng));
    ls.get(0).setNeedsInputGrad(true);
    return ls;
  }

  private static Tensor input(int n, Shape s, long seed) {
    Rng rng = new Rng(seed);
    float[] d = new float[n * s.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) rng.nextGaussian();
    }
    return new Tensor(d, n, s);
  }

  /** One training step (forward, backward) and one inference forward; everything they produce. */
  private static List<float[]> run(List<Layer> ls, Tensor x, long seed) {
    List<float[]> out = new ArrayList<>();
    Tensor h = x.copy();
    for (Layer l : ls) {
      h = l.forward(h, true);
    }
    out.add(h.data().clone());
    Tensor g = input(h.n(), h.shape(), seed);
    for (int i = ls.size() - 1; i >= 0; i--) {
      g = ls.get(i).backward(g);
    }
    out.add(g.data().clone());
    for (Layer l : ls) {
      for (Param p : l.params()) {
        out.add(p.grad().clone());
      }
      for (Param p : l.buffers()) {
        out.add(p.value().clone());
      }
    }
    Tensor e = x.copy();
    for (Layer l : ls) {
      e = l.forward(e, false);
    }
    out.add(e.data().clone());
    return out;
  }

  @ParameterizedTest(name = "{0}x{1}x{2}, pool {3}, {4} thread(s)")
  @CsvSource({
    "3, 8, 8, true, 1",
    "3, 8, 8, true, 2",
    "2, 7, 5, true, 1",
    "2, 7, 5, true, 3",
    "3, 6, 6, false, 1",
    "3, 6, 6, false, 2"
  })
  void fusedChainEqualsSeparateLayersBitForBit(int c, int h, int w, boolean pool, int threads) {
    Parallel.setThreads(threads);
    Shape in = new Shape(c, h, w);
    List<Layer> separate = chain(in, pool, 11);
    List<Layer> fused = chain(in, pool, 11);
    Fusion.apply(fused);
    for (int step = 0; step < 3; step++) {
      // Batch sizes change between steps (a short last batch), as in an epoch.
      int n = step == 1 ? 3 : 5;
      Tensor x = input(n, in, 20 + step);
      List<float[]> a = run(separate, x, 40 + step);
      List<float[]> b = run(fused, x, 40 + step);
      for (int i = 0; i < a.size(); i++) {
        assertArrayEquals(a.get(i), b.get(i), "step " + step + ", result " + i);
      }
    }
  }

  @ParameterizedTest(name = "{0} thread(s)")
  @CsvSource({"1", "2"})
  void fusedPoolDoesNotWriteTheNormalisedActivation(int threads) {
    Parallel.setThreads(threads);
    Shape in = new Shape(2, 6, 6);
    List<Layer> fused = chain(in, true, 3);
    Fusion.apply(fused);
    Tensor x = input(4, in, 5);
    Tensor convOut = fused.get(0).forward(x, true);
    // The batch norm leaves normalising to the pool: it hands the convolution's output on.
    Tensor bnOut = fused.get(1).forward(convOut, true);
    assertArrayEquals(convOut.data(), bnOut.data());
    // In inference it normalises itself (a network may be cut between the layers there).
    Tensor inference = fused.get(1).forward(fused.get(0).forward(x, false), false);
    assertNotSame(convOut.data(), inference.data());
  }

  @ParameterizedTest(name = "{0} thread(s)")
  @CsvSource({"1", "2"})
  void fusedChainGradientsMatchFiniteDifferences(int threads) {
    Parallel.setThreads(threads);
    Shape in = new Shape(2, 6, 6);
    List<Layer> ls = chain(in, true, 8);
    Fusion.apply(ls);
    Layer seq = new Sequence(ls);
    List<Param> buffers = new ArrayList<>();
    ls.forEach(l -> buffers.addAll(l.buffers()));
    List<float[]> saved = buffers.stream().map(p -> p.value().clone()).toList();
    Runnable reset =
        () -> {
          for (int i = 0; i < buffers.size(); i++) {
            System.arraycopy(saved.get(i), 0, buffers.get(i).value(), 0, saved.get(i).length);
          }
        };
    // A small step, as for the whole networks: ReLU kinks and pooling ties dominate larger ones.
    GradientCheck.check(seq, input(3, in, 9), true, reset, 2e-2, 1e-4);
  }

  /** The layers of a chain as one layer, for the gradient check. */
  private record Sequence(List<Layer> layers) implements Layer {
    @Override
    public Shape inputShape() {
      return layers.get(0).inputShape();
    }

    @Override
    public Shape outputShape() {
      return layers.get(layers.size() - 1).outputShape();
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
      Tensor h = x;
      for (Layer l : layers) {
        h = l.forward(h, training);
      }
      return h;
    }

    @Override
    public Tensor backward(Tensor gradOut) {
      Tensor g = gradOut;
      for (int i = layers.size() - 1; i >= 0; i--) {
        g = layers.get(i).backward(g);
      }
      return g;
    }

    @Override
    public List<Param> params() {
      List<Param> ps = new ArrayList<>();
      layers.forEach(l -> ps.addAll(l.params()));
      return ps;
    }

    @Override
    public String toOnnx(OnnxContext ctx, String input) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String describe() {
      return "sequence";
    }
  }
}
