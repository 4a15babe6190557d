package io.mcdrop.trainer.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.Param;
import io.mcdrop.trainer.layers.SoftmaxCrossEntropy;
import io.mcdrop.trainer.layers.Stochastic;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole networks built from specs: loss gradients against finite differences, in training mode. */
class NetworkGradientTest {
  @Test
  void convNetWithEveryLayerKindHasCorrectGradients() {
    check(
        "conv4-bn-relu-pool, conv6k5s1-relu-sdrop0.3, avgpool, fc8-bn-relu-drop0.4, fc3",
        new Shape(2, 12, 12));
  }

  @Test
  void residualNetHasCorrectGradients() {
    check("conv4-bn-relu, res6s2d0.2, res6sd0.3, bn-relu-gap, fc3", new Shape(1, 8, 8));
  }

  private static void check(String spec, Shape in) {
    Network net = NetworkFactory.build(new Architecture("t", ArchSpec.parse(spec), in), 3);
    Rng rng = new Rng(4);
    int n = 4;
    float[] x = new float[n * in.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    int[] y = {0, 1, 2, 1};
    List<Param> buffers = net.buffers();
    List<float[]> saved = buffers.stream().map(p -> p.value().clone()).toList();
    List<Stochastic> drops = net.stochasticLayers();
    Runnable reset =
        () -> {
          for (int i = 0; i < buffers.size(); i++) {
            System.arraycopy(saved.get(i), 0, buffers.get(i).value(), 0, saved.get(i).length);
          }
          for (int i = 0; i < drops.size(); i++) {
            drops.get(i).reseed(100 + i);
          }
        };
    java.util.function.DoubleSupplier loss =
        () -> {
          reset.run();
          Tensor logits = net.forward(new Tensor(x.clone(), n, in), true);
          return SoftmaxCrossEntropy.compute(logits, y).loss();
        };
    reset.run();
    Tensor logits = net.forward(new Tensor(x.clone(), n, in), true);
    net.backward(SoftmaxCrossEntropy.compute(logits, y).grad());
    // A small step: with larger ones, ReLU units crossing zero (kinks) dominate the error.
    double h = 1e-4;
    // Relative to the largest gradient anywhere: parameters whose true gradient is ~0 (a bias in
    // front of batch norm) must not turn float rounding into a failure.
    double maxG = 1e-4;
    for (Param p : net.params()) {
      for (float v : p.grad()) {
        maxG = Math.max(maxG, Math.abs(v));
      }
    }
    List<float[]> grads = net.params().stream().map(p -> p.grad().clone()).toList();
    int k = 0;
    for (Param p : net.params()) {
      float[] g = grads.get(k++);
      int stride = Math.max(1, g.length / 8);
      for (int i = 0; i < g.length; i += stride) {
        float orig = p.value()[i];
        p.value()[i] = (float) (orig + h);
        double up = loss.getAsDouble();
        p.value()[i] = (float) (orig - h);
        double down = loss.getAsDouble();
        p.value()[i] = orig;
        double num = (up - down) / (2 * h);
        double err = Math.abs(num - g[i]) / maxG;
        assertTrue(
            err < 2e-2,
            spec + ": " + p.name() + "[" + i + "] analytic " + g[i] + " numeric " + num);
      }
    }
  }
}
