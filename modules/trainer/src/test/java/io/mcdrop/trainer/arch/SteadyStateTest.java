package io.mcdrop.trainer.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.layers.Param;
import io.mcdrop.trainer.layers.SoftmaxCrossEntropy;
import io.mcdrop.trainer.layers.Stochastic;
import io.mcdrop.trainer.optim.Optimizer;
import io.mcdrop.trainer.optim.Sgd;
import io.mcdrop.trainer.tensor.Parallel;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The speed-ups must not change results: layers reuse their arrays across steps, work is split over
 * workers, and batch norm applies the following ReLU in its own passes.
 */
class SteadyStateTest {
  private static final String SPEC =
      "conv8-bn-relu-pool, conv8-bn-relu, conv8-bn-relu-pool, fc16-relu-drop0.5, fc3";
  private static final Shape IN = new Shape(1, 12, 12);

  @AfterEach
  void oneThread() {
    Parallel.setThreads(1);
  }

  private static Network net() {
    return NetworkFactory.build(new Architecture("t", ArchSpec.parse(SPEC), IN), 5);
  }

  private static Tensor batch(int n, long seed) {
    Rng rng = new Rng(seed);
    float[] x = new float[n * IN.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    return new Tensor(x, n, IN);
  }

  private static int[] labels(int n) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
    }
    return y;
  }

  /** Logits followed by every parameter gradient of one forward/backward pass. */
  private static float[] step(Network net, Tensor x) {
    List<Stochastic> drops = net.stochasticLayers();
    for (int i = 0; i < drops.size(); i++) {
      drops.get(i).reseed(77 + i);
    }
    Tensor logits = net.forward(new Tensor(x.data().clone(), x.n(), IN), true);
    float[] z = logits.data().clone();
    net.backward(SoftmaxCrossEntropy.compute(logits, labels(x.n())).grad());
    int len = z.length;
    for (Param p : net.params()) {
      len += p.size();
    }
    float[] all = java.util.Arrays.copyOf(z, len);
    int o = z.length;
    for (Param p : net.params()) {
      System.arraycopy(p.grad(), 0, all, o, p.size());
      o += p.size();
    }
    return all;
  }

  @Test
  void reusedArraysGiveTheSameResultsAsFreshOnes() {
    Tensor big = batch(6, 1);
    Tensor small = batch(3, 2);
    Network used = net();
    step(used, big);
    step(used, small);
    step(used, big);
    // Batch norm's running statistics moved, but training mode does not read them.
    assertArrayEquals(step(net(), small), step(used, small), "stale arrays leaked into a step");
    assertArrayEquals(step(net(), big), step(used, big));
  }

  @Test
  void twoWorkersAgreeWithOneWithinFloatRounding() {
    Tensor x = batch(7, 3);
    float[] one = step(net(), x);
    Parallel.setThreads(2);
    float[] two = step(net(), x);
    assertEquals(one.length, two.length);
    for (int i = 0; i < one.length; i++) {
      // Only the order of the weight-gradient partial sums differs.
      assertEquals(one[i], two[i], 1e-5 + 1e-4 * Math.abs(one[i]), "element " + i);
    }
  }

  @Test
  void aSteadyStateStepAllocatesNoActivationArrays() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Network net =
        NetworkFactory.build(
            Architecture.resolve("fashion", new Shape(1, 28, 28)), 1); // the shipped preset
    Optimizer opt = new Sgd(0.9, true, 5e-4);
    int n = 16;
    Rng rng = new Rng(4);
    float[] x = new float[n * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    int[] y = new int[n];
    Tensor input = new Tensor(x, n, new Shape(1, 28, 28));
    Runnable step =
        () -> {
          Tensor logits = net.forward(input, true);
          net.backward(SoftmaxCrossEntropy.compute(logits, y).grad());
          opt.step(net.params(), 0.01);
        };
    for (int i = 0; i < 3; i++) {
      step.run();
    }
    long before = mx.getCurrentThreadAllocatedBytes();
    int steps = 5;
    for (int i = 0; i < steps; i++) {
      step.run();
    }
    long perStep = (mx.getCurrentThreadAllocatedBytes() - before) / steps;
    // One activation of the first block alone is 16 x 32 x 28 x 28 floats = 1.6 MB; what is left
    // is small objects (tensor views, loop lambdas) and the loss gradient.
    assertTrue(perStep < 64 * 1024, "a steady-state step allocated " + perStep + " bytes");
  }
}
